"""Commands that read: ``search``, ``extract`` (what the indexer would store), ``stats``."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..models import SORTS, Article, Query, SkippedFile
from . import Context, cli, pass_context


def _text(value: str) -> str:
    """``value`` as valid Unicode: bytes of the command line that are not UTF-8 arrive as
    lone surrogates (Python's surrogateescape), which no UTF-8 stdout can print; they
    become U+FFFD, as the web app's query strings do."""
    try:
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = value.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


def _period(value: str | None, end: bool, name: str) -> date | None:
    from ..query import parse_period

    if value is None or not value.strip():
        return None
    value = _text(value)
    try:
        start, stop = parse_period(value)
    except ValueError:
        raise click.BadParameter(
            f"cannot read {value!r} as a date (try 2020-07-08, "
            "'July 2020' or 'last week of August 2019')",
            param_hint=name,
        ) from None
    return stop if end else start


@cli.command("search")
@click.argument("query", default="")
@click.option(
    "--person", multiple=True, help="Only articles naming this person (repeatable: OR)."
)
@click.option("--org", multiple=True, help="Only articles naming this organisation.")
@click.option("--place", multiple=True, help="Only articles naming this place.")
@click.option(
    "--language",
    multiple=True,
    help="Only articles in this language (ISO 639 code: en, de; zxx for tables).",
)
@click.option(
    "--format",
    "file_format",
    multiple=True,
    help="Only articles from this kind of file (txt, jsonl, html, pdf, ...).",
)
@click.option("--from", "date_from", help="Published on or after (ISO or 'July 2020').")
@click.option("--to", "date_to", help="Published on or before (ISO or 'July 2020').")
@click.option("--mentioned-from", help="Mentions a date on or after this one.")
@click.option("--mentioned-to", help="Mentions a date on or before this one.")
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    default="relevance",
    show_default=True,
    help="Order of hits; undated articles come last when sorting by date.",
)
@click.option(
    "--page", type=int, default=1, show_default=True, help="Page of hits to show."
)
@click.option(
    "--page-size", type=int, help="Hits per page (default: setting page_size)."
)
@click.option(
    "--fold/--no-fold",
    default=None,
    help="Show each group of copies of a story once (default: setting fold_copies); "
    "--no-fold shows every copy.",
)
@click.option(
    "--like",
    metavar="ID",
    help="More like this: only the articles like article ID (its copies left out), "
    'ranked by likeness when QUERY is "".',
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the result as one JSON object."
)
@pass_context
def search_command(
    obj: Context,
    query: str,
    person: tuple[str, ...],
    org: tuple[str, ...],
    place: tuple[str, ...],
    language: tuple[str, ...],
    file_format: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    mentioned_from: str | None,
    mentioned_to: str | None,
    sort: str,
    page: int,
    page_size: int | None,
    fold: bool | None,
    like: str | None,
    as_json: bool,
) -> None:
    """Search the index. QUERY uses Whoosh syntax ("phrases", AND/OR/NOT, person:"…",
    wildcards*); an empty QUERY ("") matches every article."""
    from ..query import result_to_json, search

    settings = obj.settings
    q = Query(
        text=_text(query),
        person=tuple(map(_text, person)),
        org=tuple(map(_text, org)),
        place=tuple(map(_text, place)),
        language=tuple(map(_text, language)),
        format=tuple(map(_text, file_format)),
        published_from=_period(date_from, False, "--from"),
        published_to=_period(date_to, True, "--to"),
        mentioned_from=_period(mentioned_from, False, "--mentioned-from"),
        mentioned_to=_period(mentioned_to, True, "--mentioned-to"),
        sort=sort,
        page=page,
        page_size=settings.page_size if page_size is None else page_size,
        facet_limit=settings.facet_limit,
        fold=fold,
        like=_text(like) if like else None,
    )
    result = search(q, settings)
    for notice in result.notices:
        click.echo(f"Notice: {notice}", err=True)
    if as_json:
        click.echo(json.dumps(result_to_json(result), ensure_ascii=False, indent=2))
        return
    _print_result(result)


def _print_result(result: Any) -> None:
    import re
    from html import unescape

    def terminal(snippet: str) -> str:
        text = re.sub(r"<mark[^>]*>", "\x1b[1m", snippet).replace("</mark>", "\x1b[0m")
        text = unescape(re.sub(r"<[^>]+>", "", text))
        return (
            text
            if sys.stdout.isatty()
            else text.replace("\x1b[1m", "[").replace("\x1b[0m", "]")
        )

    q = result.query
    if result.like_title:
        click.echo(f"More like: {result.like_title}")
    first = (q.page - 1) * q.page_size + 1 if result.hits else 0
    stories = ""
    if result.groups is not None and result.groups != result.total:
        stories = f" in {result.groups:,} stories (copies folded)"
    click.echo(
        f"{result.total:,} article{'' if result.total == 1 else 's'}{stories}; showing "
        f"{first}-{first + len(result.hits) - 1 if result.hits else 0}"
        f" (page {q.page} of {result.pages})"
    )
    if result.suggestion:
        click.echo(f"Did you mean: {result.suggestion}")
    for hit in result.hits:
        when = hit.published.isoformat() if hit.published else "undated"
        if hit.published_inferred:
            when += " (inferred)"
        copies = f" · {hit.copies} copies" if hit.copies > 1 else ""
        click.echo(f"\n{hit.title}\n  {when} · {hit.id} · {hit.source}{copies}")
        click.echo(f"  {terminal(hit.snippet)}")
        if hit.persons:
            click.echo(f"  persons: {', '.join(hit.persons[:6])}")
    click.echo("")
    for name, facet in result.facets.items():
        if facet.values:
            values = ", ".join(f"{v.label} ({v.count})" for v in facet.values[:10])
            click.echo(f"{name}: {values}")


@cli.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help='Print {"articles": [...]} as JSON.'
)
@pass_context
def extract_command(obj: Context, file: Path, as_json: bool) -> None:
    """Show what the indexer would store for each article in FILE (nothing is written)."""
    from ..extract import extract_articles
    from ..ingest import Limits, read_file
    from ..names import load_aliases
    from ..query import extraction_to_json

    settings = obj.settings
    items = list(read_file(file, limits=Limits.from_settings(settings)))
    articles = [a for a in items if isinstance(a, Article)]
    for skipped in items:
        if isinstance(skipped, SkippedFile):
            click.echo(f"skipped {skipped.path}: {skipped.reason}", err=True)
    out = []
    aliases = load_aliases(settings.resolved_aliases_file, settings.publishers)
    for article, _digest, extraction in extract_articles(
        articles, settings, aliases=aliases
    ):
        out.append(
            extraction_to_json(article.id, article.title, extraction, article.dateline)
        )
    if as_json:
        click.echo(json.dumps({"articles": out}, ensure_ascii=False, indent=2))
        if not out:
            sys.exit(1)  # the same exit status as the text output: no article found
        return
    for art in out:
        click.echo(f"{art['id']}: {art['title']}")
        click.echo(
            f"  published: {art['published'] or 'undated'}"
            f" ({art['published_source'] or 'no date found'})"
        )
        for kind in ("persons", "orgs", "places"):
            names = ", ".join(f"{e['name']} ×{e['mentions']}" for e in art[kind])
            click.echo(f"  {kind}: {names or '-'}")
        click.echo(f"  mentioned dates: {', '.join(art['mentioned_dates']) or '-'}")
    if not out and not [i for i in items if isinstance(i, SkippedFile)]:
        click.echo("no articles in file", err=True)
    if not out:
        sys.exit(1)


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_context
def stats_command(obj: Context, as_json: bool) -> None:
    """Show what the index holds: articles, dates, entities, sources, size."""
    from ..query import index_stats

    stats = index_stats(obj.settings)
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    click.echo(f"index: {stats['index_dir']} ({stats['size_bytes'] / 1e6:.1f} MB)")
    click.echo(
        f"articles: {stats['articles']} ({stats['undated']} undated, "
        f"{stats['inferred_dates']} with inferred dates)"
    )
    click.echo(
        f"published: {stats['first_month'] or '-'} to {stats['last_month'] or '-'}"
    )
    click.echo(
        "distinct entities: "
        + ", ".join(f"{k} {v}" for k, v in stats["distinct"].items())
    )
    click.echo("sources: " + ", ".join(stats["sources"]))
