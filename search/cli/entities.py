"""``news-search entities review``: suspected junk and suggested merges in the facets."""

from __future__ import annotations

import json

import click

from . import Context, cli, pass_context


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

    from ..names.aliases import write_aliases
    from ..query.review import review_entities

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
