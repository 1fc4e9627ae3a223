"""Warming an open index: reading, before anyone searches, what the first search would.

A fresh :class:`~search.query.index.Index` reads its arrays on demand: the facet values
of every segment (:class:`~search.query.facet_table.FacetTable`), the field lengths and
posting arrays plain-word ranking scores with (:mod:`~search.query.plain_ranking`), the
name forms of the article state, and Python imports the highlighter, the phrase
matchers and the spelling automaton on first use. On a large index the first search paid
for all of it (1.3 s at 24k-100k articles, against ~15 ms for the next one). A server
calls :func:`warm` when a worker boots and when it opens a newly published generation,
before that Index answers anyone (``web.warmup``).

The searches it runs are made from the index's own articles (words and a phrase of a
stored title, one of its entities, its month), so they match and exercise what readers'
searches do: ranking, snippets, every facet's counts, a filter and a date range, a
phrase, and a correction of a misspelt word.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..models import ENTITY_TYPES, Query
from ..store import schema as S
from .index import Index
from .searcher import search

log = logging.getLogger(__name__)

#: Stored documents looked at for a title with two words to search.
SAMPLE_DOCS = 50


@dataclass(frozen=True, slots=True)
class WarmUp:
    """What :func:`warm` did: which generation, how big, how long."""

    generation: str
    #: the words of the sample searches ("" for an empty index)
    text: str
    articles: int
    segments: int
    searches: int
    seconds: float

    def summary(self) -> str:
        return (
            f"warmed {self.generation}: {self.articles:,} articles in "
            f"{self.segments} segment{'s' * (self.segments != 1)}, "
            f"{self.searches} searches, {self.seconds:.2f} s"
        )


def warm(index: Index) -> WarmUp:
    """Load what searching ``index`` needs and run a few representative searches on it.

    Safe to call from any thread, and again (a second call finds everything loaded).
    The searches go through :func:`~search.query.search` with the index's settings, so
    with a result cache their results are kept like any other.
    """
    started = time.perf_counter()
    with index.searcher() as searcher:
        reader = searcher.reader()
        articles = searcher.doc_count()
        leaves = reader.leaf_readers()
        index.facet_table(searcher)
        for leaf, offset in leaves:
            for field in S.SEARCH_FIELDS:
                index.segments.lengths(leaf, offset, field)
        queries = sample_queries(searcher)
    index.resolution  # noqa: B018 - read now, not by the first search that needs it
    for query in queries:
        search(query, index.settings, index)
    return WarmUp(
        generation=index.dir.name,
        text=queries[1].text if len(queries) > 1 else "",
        articles=articles,
        segments=len(leaves),
        searches=len(queries),
        seconds=time.perf_counter() - started,
    )


def sample_queries(searcher: Any) -> list[Query]:
    """Searches made from one stored article: its title words, a phrase of them with
    one of its entities and its month, and a misspelling (empty index: browsing only)."""
    fields = _sample_document(searcher)
    queries = [Query()]
    if fields is None:
        return queries
    words = _words(fields.get(S.TITLE, ""))
    first, second = words[0], words[1]
    queries.append(Query(text=f"{first} {second}"))
    published = fields.get(S.PUBLISHED)
    day = published.date() if isinstance(published, datetime) else None
    filters: dict[str, Any] = {}
    for kind in ENTITY_TYPES:
        keys = [k for k in (fields.get(kind) or "").split(",") if k]
        if keys:
            filters[kind] = (keys[0],)
            break
    if day is not None:
        filters["published_from"] = date(day.year, day.month, 1)
        filters["published_to"] = day
    queries.append(Query(text=f'"{first} {second}"', **filters))
    # One letter changed at the end: a word no article has, corrected.
    queries.append(Query(text=first[:-1] + ("q" if first[-1] != "q" else "x")))
    return queries


def _sample_document(searcher: Any) -> dict[str, Any] | None:
    """The stored fields of an early article whose title has two searchable words."""
    for n, docnum in enumerate(searcher.reader().all_doc_ids()):
        if n >= SAMPLE_DOCS:
            break
        fields: dict[str, Any] = searcher.stored_fields(docnum)
        if len(_words(fields.get(S.TITLE, ""))) >= 2:
            return fields
    return None


def _words(title: str) -> list[str]:
    """Words of a title worth searching: letters only, 4 or more of them."""
    return [w.lower() for w in re.findall(r"[^\W\d_]{4,}", title)]
