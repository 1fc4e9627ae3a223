"""Commands that write or check the index: ``index``, ``reindex``, ``check``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from . import EXIT_SKIPPED, Context, cli, pass_context, progress_bar

#: ``--scheduler`` of the commands that extract entities.
scheduler_option = click.option(
    "--scheduler",
    metavar="tcp://HOST:8786",
    help="Run entity extraction on the workers of this Dask scheduler "
    "(the `scheduler` setting; needs news-search[cluster]).",
)


def _settings(obj: Context, scheduler: str | None) -> Any:
    """The settings of a writing run; with a scheduler, checked to answer (and to have
    workers) before anything is written."""
    settings = obj.settings
    if scheduler:
        settings = settings.replace(scheduler=scheduler)
    if settings.scheduler:
        from ..extract import check_scheduler

        check_scheduler(settings.scheduler)
    return settings


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
@scheduler_option
@pass_context
def index_command(obj: Context, paths: tuple[Path, ...], scheduler: str | None) -> None:
    """Index the articles in PATHS (files or folders, searched recursively).

    Formats: .txt, .jsonl/.json, .csv, saved web pages (.html, .mht), WARC/ARC crawls,
    PDF, Word (.docx), e-mail (.eml, mbox). Unchanged articles are skipped; unreadable
    files are reported and skipped, every good article is still indexed.

    Exit code 0 when all went in, 3 when some files or records were skipped (one
    "skipped PATH: reason" line each on stderr), 1 on an error.
    """
    from ..indexing import index_paths

    settings = _settings(obj, scheduler)
    with progress_bar(obj, "indexing") as advance:
        stats = index_paths(paths, settings, progress=advance)
    _print_stats(stats)


@cli.command("reindex")
@click.option(
    "--full",
    is_flag=True,
    help="Rebuild into a new directory and swap it in atomically.",
)
@scheduler_option
@pass_context
def reindex_command(obj: Context, full: bool, scheduler: str | None) -> None:
    """Re-read the sources of the index; only changed articles are re-extracted.

    Exit codes as for `index`: 3 when some files or records were skipped.
    """
    from ..indexing import reindex

    settings = _settings(obj, scheduler)
    with progress_bar(obj, "reindexing") as advance:
        stats = reindex(settings, full=full, progress=advance)
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
    from ..indexing import check_index

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
