"""Integrity check: is what the index holds for an article what its own source gives?

The invariant of the whole pipeline is that an article's indexed text hash, entities and
dates equal what ``extract`` gives for that article alone, whatever else was in the run
(repeats, order, batch and worker boundaries). :func:`check_index` re-reads a sample of
indexed articles from their source files, runs the model on them afresh (the extraction
cache is not consulted, since a wrong cache entry is one thing this looks for) and
compares field by field with what the index stores.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from ..config import Settings
from ..extract import content_hash, extract_articles
from ..ingest import Limits, find_files, read_file
from ..models import Article, Extraction
from ..names import load_aliases
from ..store import IndexState, document_fields, split_keys
from ..store import schema as S
from .corpus import resolve_entities

#: The stored fields that depend on extraction and must equal a fresh one.
COMPARED = (
    S.CONTENT_HASH,
    S.ENTITIES,
    S.MENTIONED,
    S.PUBLISHED,
    S.PUBLISHED_SOURCE,
    S.PERSON,
    S.ORG,
    S.PLACE,
)


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One indexed article that differs from its source, and how."""

    id: str
    source: str
    problem: str

    def line(self) -> str:
        return f"{self.id} ({self.source}): {self.problem}"


@dataclass
class CheckReport:
    checked: int = 0
    indexed: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.mismatches


def check_index(
    settings: Settings,
    sample: int | None = 200,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> CheckReport:
    """Compare ``sample`` indexed articles (all with ``None``) with their sources.

    :param progress: ``progress(advance, total)`` as articles are checked.
    :raises IndexMissingError: there is no index.
    """
    meta = S.read_meta(settings.index_dir)
    live = S.live_dir(settings.index_dir)
    ix = whoosh_index.open_dir(str(S.whoosh_dir(live)))
    with ix.searcher() as searcher:
        stored = {
            fields[S.ID_FIELD]: fields
            for fields in searcher.reader().all_stored_fields()
        }
    report = CheckReport(indexed=len(stored))
    ids = sorted(stored)
    if sample is not None and sample < len(ids):
        ids = sorted(random.Random(seed).sample(ids, sample))
    report.checked = len(ids)
    if progress:
        progress(0, len(ids))
    limits = Limits.from_settings(settings)
    articles = _reread(ids, stored, meta.get("sources", []), report, limits)
    if not articles:
        return report
    advance = (lambda n: progress(n, len(ids))) if progress else None
    fresh = _extract_afresh(
        articles, settings, bool(meta.get("entities", True)), advance
    )
    state = IndexState(live)
    try:
        mapping = state.resolution()
        in_context = state.article_resolutions()
    finally:
        state.close()
    for article, digest, extraction in fresh:
        held = stored[article.id]
        if extraction is None:
            if held.get(S.CONTENT_HASH) != digest:
                report.mismatches.append(
                    Mismatch(article.id, article.source, "text differs from its source")
                )
            continue
        # The article's own entities as the whole index reads them (corpus resolution).
        entities = resolve_entities(
            extraction.entities, {**mapping, **in_context.get(article.id, {})}
        )
        expected = document_fields(
            article, digest, replace(extraction, entities=entities)
        )
        problem = _differences(held, expected)
        if problem:
            report.mismatches.append(Mismatch(article.id, article.source, problem))
    return report


def _extract_afresh(
    articles: list[Article],
    settings: Settings,
    entities: bool,
    progress: Callable[[int], None] | None,
) -> list[tuple[Article, str, Extraction | None]]:
    """(article, content hash, extraction) of each article, extracted now without the
    cache; no extraction for an index written without entities."""
    if not entities:
        return [(a, content_hash(a), None) for a in articles]
    aliases = load_aliases(settings.resolved_aliases_file, settings.publishers)
    return list(
        extract_articles(articles, settings, aliases=aliases, progress=progress)
    )


def _reread(
    ids: list[str],
    stored: dict[str, dict[str, Any]],
    sources: list[str],
    report: CheckReport,
    limits: Limits,
) -> list[Article]:
    """The sampled articles as their source files give them now, read under the same
    roots (and so with the same ids) as the indexing run read them."""
    wanted = {stored[i][S.SOURCE] for i in ids}
    by_id: dict[str, Article] = {}
    roots = [s for s in sources if Path(s).exists()]
    for item in find_files(roots):
        if isinstance(item, tuple) and str(item[0].resolve()) in wanted:
            for got in read_file(*item, limits=limits):
                if isinstance(got, Article):
                    by_id.setdefault(got.id, got)
    articles = []
    for doc_id in ids:
        article = by_id.get(doc_id)
        source = stored[doc_id][S.SOURCE]
        if article is None:
            report.mismatches.append(
                Mismatch(doc_id, source, "not found in its source any more")
            )
        else:
            articles.append(article)
    return articles


def _differences(held: dict[str, Any], expected: dict[str, Any]) -> str:
    """What differs between the stored fields and a fresh extraction, in words."""
    if held.get(S.CONTENT_HASH) != expected.get(S.CONTENT_HASH):
        return "text or written date differs from its source (content hash)"
    problems = []
    for kind, label in ((S.PERSON, "persons"), (S.ORG, "orgs"), (S.PLACE, "places")):
        have = set(split_keys(held.get(kind)))
        want = set(split_keys(expected.get(kind)))
        if have != want:
            extra = ", ".join(sorted(have - want)[:4]) or "-"
            missing = ", ".join(sorted(want - have)[:4]) or "-"
            problems.append(
                f"{label} differ (indexed only: {extra}; source only: {missing})"
            )
    if held.get(S.MENTIONED, "") != expected.get(S.MENTIONED, ""):
        problems.append("mentioned dates differ")
    if held.get(S.PUBLISHED) != expected.get(S.PUBLISHED) or held.get(
        S.PUBLISHED_SOURCE
    ) != expected.get(S.PUBLISHED_SOURCE):
        problems.append("publication date differs")
    if not problems and _mentions(held.get(S.ENTITIES)) != _mentions(
        expected[S.ENTITIES]
    ):
        problems.append("entity mentions differ")
    return "; ".join(problems)


def _mentions(stored: str | None) -> Any:
    """The stored entities without their display names, which follow the corpus."""
    data = json.loads(stored or "{}")
    for entity in data.get("entities", ()):
        entity.pop("name", None)
    return data
