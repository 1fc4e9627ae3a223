"""``batch``: many searches at once, one CSV row of answers per query."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import QueryError
from . import Context, cli, pass_context

if TYPE_CHECKING:
    from ..query import BatchAnswer


@cli.command("batch")
@click.argument(
    "file",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path),
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the CSV to this file instead of stdout.",
)
@click.option(
    "--format",
    "kind",
    type=click.Choice(["auto", "csv", "lines"]),
    default="auto",
    show_default=True,
    help="How FILE is written: CSV with a header row, or one query per line "
    "(auto: CSV when the first line is a header of known columns).",
)
@pass_context
def batch_command(obj: Context, file: Path, output: Path | None, kind: str) -> None:
    """Run every query of FILE ('-': stdin) and write one CSV row per query: the total,
    the first and last publication date of the matching articles, the top 3 hits, and
    an error for a query that cannot run (the others are still answered).

    \b
    FILE is CSV with a header row of any of the columns
      query, person, org, place, from, to
    (several names in one cell separated by ';' match any of them), or plain text with
    one query per line. Each query is searched as `news-search search` searches it.
    At most `batch_limit` queries (a setting, 1000 by default).
    """
    from ..query import iter_batch_csv, open_index, read_batch, run_batch

    settings = obj.settings
    rows = read_batch(_read_text(file), kind, settings.batch_limit)
    index = open_index(settings)  # no index: one error line, before any output
    failed = 0
    bar = _progress_bar(obj, len(rows), to_terminal=output is None)

    def answered() -> Iterator[BatchAnswer]:
        nonlocal failed
        for answer in run_batch(rows, settings, index):
            failed += answer.error is not None
            bar.update(1)
            yield answer

    out = output.open("w", encoding="utf-8", newline="") if output else None
    try:
        for chunk in iter_batch_csv(answered()):
            click.echo(chunk, nl=False, file=out)
    finally:
        bar.close()
        if out is not None:
            out.close()
    if failed:
        click.echo(
            f"{failed:,} of {len(rows):,} queries could not run: see the error column.",
            err=True,
        )


def _read_text(file: Path) -> str:
    """The text of FILE (or stdin for '-'), UTF-8 with or without a byte order mark."""
    try:
        data = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
    except OSError as exc:
        raise QueryError(f"Cannot read {file}: {exc.strerror}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise QueryError(
            f"{file} is not UTF-8 text: save it as UTF-8 (in Excel: CSV UTF-8)"
        ) from None


def _progress_bar(obj: Context, total: int, to_terminal: bool) -> Any:
    """A tqdm bar of queries on stderr, drawn only where it can be seen without mixing
    with the CSV: stderr is a terminal and the CSV goes to a file or a pipe."""
    from tqdm import tqdm

    shown = sys.stderr.isatty() and not (to_terminal and sys.stdout.isatty())
    return tqdm(
        total=total,
        desc="batch",
        unit="query",
        file=sys.stderr,
        disable=obj.silent or not shown,
        dynamic_ncols=True,
        mininterval=0.5,
    )
