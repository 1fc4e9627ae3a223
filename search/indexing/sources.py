"""What a run reads: every article of the sources, and which indexed ones are gone.

A file that cannot be read this time keeps its indexed articles: :func:`gone_articles`
never removes what an unreadable file held, so one bad file loses nothing. Sources are
made absolute once per file, as the index state keys them.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config import Settings
from ..ingest import Limits, read_articles
from ..models import Article, IndexStats, SkippedFile

log = logging.getLogger(__name__)


def in_scope(source: str, roots: list[str]) -> bool:
    """``source`` is one of ``roots`` or inside one of them (a file of a folder)."""
    return any(
        source == r or source.startswith(r.rstrip(os.sep) + os.sep) for r in roots
    )


@dataclass(slots=True)
class Found:
    """What the sources hold now: their articles (absolute sources, unique ids), and the
    files that could not be read (whose indexed articles are kept)."""

    articles: list[Article] = field(default_factory=list)
    seen: dict[str, str] = field(default_factory=dict)
    bad_files: set[str] = field(default_factory=set)


def read_sources(sources: list[str], settings: Settings, stats: IndexStats) -> Found:
    """Every article of ``sources``; skips and duplicate ids are recorded in ``stats``."""
    readable = [s for s in sources if Path(s).exists()]
    for missing in sorted(set(sources) - set(readable)):
        stats.skipped.append(SkippedFile(missing, "source folder or file is missing"))
    found = Found(bad_files={s for s in sources if s not in readable})
    resolved: dict[str, str] = {}
    limits = Limits.from_settings(settings)
    for item in read_articles(readable, limits=limits):
        if isinstance(item, SkippedFile):
            stats.skipped.append(item)
            # Info, not warning: callers report each skip once (the CLI prints a line).
            log.info("skipped %s: %s", item.path, item.reason)
            found.bad_files.add(item.path.split(":")[0].split("#")[0])
            continue
        item = _absolute_source(item, resolved)
        if item.id in found.seen:
            stats.skipped.append(
                SkippedFile(item.source, f"duplicate article id {item.id}")
            )
            continue
        found.seen[item.id] = item.source
        found.articles.append(item)
    return found


def gone_articles(
    known: dict[str, tuple[str, str, str]], found: Found, sources: list[str]
) -> set[str]:
    """Indexed articles of ``sources`` that are no longer there, except those of files
    that could not be read this time: the articles this run removes."""
    return {
        doc_id
        for doc_id, (source, _c, _d) in known.items()
        if doc_id not in found.seen
        and in_scope(source, sources)
        and source not in found.bad_files
        and not any(in_scope(source, [b]) for b in found.bad_files)
    }


def _absolute_source(article: Article, resolved: dict[str, str]) -> Article:
    """``article`` with an absolute source path, resolved once per file (a JSON Lines file
    holds thousands of articles, and ``resolve`` costs a system call per path part)."""
    source = resolved.get(article.source)
    if source is None:
        source = resolved[article.source] = str(Path(article.source).resolve())
    return replace(article, source=source)
