"""Searching: a :class:`Query` in, a :class:`SearchResult` out.

Built on Whoosh's own parts: ``MultifieldParser`` for the query syntax (phrases,
AND/OR/NOT, ``field:term``, wildcards; see querying.py), its BM25F ranking (computed with
arrays for plain words, ranking.py; by its collectors for anything else), the
highlighter (``HtmlFormatter`` escapes the text and marks matches with ``<mark>``) and the
spelling corrector. Facet counts come from a per-reader table of document values
(facetcounts.py), checked equal to Whoosh's ``groupedby`` by tests/test_facet_counts.py.
Whoosh objects never leave these modules: results come back as our dataclasses.

Facet semantics are the sidebar's: filters are AND across facets and OR within one facet.
The counts of a facet that has a selection are computed without that facet's own filter,
so the sidebar keeps showing the alternatives one can add (multi-select faceting).
"""

from __future__ import annotations

import dataclasses
import heapq
import logging
import time

from whoosh import highlight
from whoosh import query as Q

from ..config import Settings
from ..models import (
    ENTITY_TYPES,
    Facet,
    FacetValue,
    Query,
    SearchResult,
)
from ..store import IndexState
from ..store import schema as S
from .hits import SNIPPET_CHARS, page_hits_to_hits
from .index import Index, open_index
from .ranking import (
    _docs,
    _intersect,
    _intersect_all,
    _published_docs,
    _ranked,
)
from .translation import (
    MAX_PAGE,
    _filter_key,
    _sorting,
    filter_queries,
    parse_text,
    validate,
)

log = logging.getLogger(__name__)

FACET_NAMES = (*ENTITY_TYPES, S.PUBLISHED_YEAR, S.PUBLISHED_MONTH)


def search(
    query: Query, settings: Settings, index: Index | None = None
) -> SearchResult:
    """Run ``query``: hits of the requested page with snippets, every facet's counts and a
    did-you-mean suggestion.

    :raises QueryError: input that cannot be repaired (page < 1, from after to, bad sort).
    :raises IndexMissingError: there is no index.
    """
    started = time.perf_counter()
    validate(query)
    index = index or open_index(settings)
    remembered = index.remembered(query)
    if remembered is not None:
        return dataclasses.replace(remembered, seconds=time.perf_counter() - started)
    result = _search(query, index, started)
    index.remember(query, result)
    return result


def _search(query: Query, index: Index, started: float) -> SearchResult:
    notices: list[str] = []
    text_query, notice = parse_text(index, query.text)
    if notice:
        notices.append(notice)
    with index.searcher() as searcher:
        filters = {
            k: q for k, q in filter_queries(index, query).items() if q is not None
        }
        sortedby, reverse = _sorting(query, text_query)
        limit = min(query.page * query.page_size, MAX_PAGE * query.page_size)
        # Matches as sets of document numbers: the text query's, and each filter group's.
        # Intersections give the total, the facet counts (each facet without its own
        # filter: multi-select) and the filter for ranking, without re-running queries.
        table = index.facet_table(searcher)
        results = None
        text_docs = (
            _docs(searcher, text_query) if isinstance(text_query, Q.Every) else None
        )
        # A date range is decided from the published column (for text_docs only, when
        # they are known first).
        filter_docs = {
            k: _published_docs(table, query, text_docs)
            if k == "published" and S.PUBLISHED in table.full_columns
            else _docs(searcher, q)
            for k, q in filters.items()
        }
        if text_docs is None:
            # Ranking has to visit every match anyway: it records them as it goes, which
            # costs far less than reading the posting lists (or, for phrases, running the
            # matcher) a second time. The filters restrict what gets scored.
            record: list[int] = []
            results = _ranked(
                searcher,
                text_query,
                _intersect_all(list(filter_docs.values())),
                limit,
                sortedby,
                reverse,
                record,
                index.location,
            )
            text_docs = set(record)
        matched = _intersect(text_docs, list(filter_docs.values()))
        total = len(matched)
        counts: dict[str, dict[str, int]] = {}
        everything = not filters and isinstance(text_query, Q.Every)
        for name in FACET_NAMES:
            key = _filter_key(name)
            if everything:
                counts[name] = table.count_all(name, matched)
            elif (
                key in filters
            ):  # multi-select: as if this facet's own filter were not set
                counts[name] = table.count(
                    name,
                    _intersect(
                        text_docs, [d for k, d in filter_docs.items() if k != key]
                    ),
                )
            else:
                counts[name] = table.count(name, matched)
        if not total:
            results = None
        elif results is None:
            results = _ranked(
                searcher,
                text_query,
                matched if filters else None,
                limit,
                sortedby,
                reverse,
                location=index.location,
            )
        start = (query.page - 1) * query.page_size
        if total and start >= total:
            notices.append(
                f"Page {query.page} is past the last page ({-(-total // query.page_size)})."
            )
        page_hits = (
            results[start : start + query.page_size]
            if results is not None and start < total
            else []
        )
        if results is not None:
            results.fragmenter = highlight.ContextFragmenter(
                maxchars=SNIPPET_CHARS, surround=70
            )
            results.formatter = highlight.HtmlFormatter(
                tagname="mark", classname="match", termclass="term", between=" … "
            )
        hits = page_hits_to_hits(index, page_hits)
        facets = _facet_objects(index, query, counts)
        suggestion = (
            index.suggestion(searcher, text_query, query.text)
            if query.text.strip() and not notice and total < max(3, query.page_size)
            else None
        )
    return SearchResult(
        query=query,
        total=total,
        hits=tuple(hits),
        facets=facets,
        suggestion=suggestion,
        notices=tuple(notices),
        seconds=time.perf_counter() - started,
    )


def _facet_objects(
    index: Index,
    query: Query,
    counts: dict[str, dict[str, int]],
    state: IndexState | None = None,
) -> dict[str, Facet]:
    facets: dict[str, Facet] = {}
    for name in FACET_NAMES:
        items = {str(v): n for v, n in counts.get(name, {}).items() if v}
        if name in ENTITY_TYPES:
            selected = {index.entity_key(name, v) for v in query.filters(name)}
            shown = _top(items, query.facet_limit)
            # Selected values stay visible even when they fall outside the top counts.
            top_keys = {k for k, _n in shown}
            shown += sorted(
                ((k, items[k]) for k in selected if k in items and k not in top_keys),
                key=_by_count,
            )
            labels = index.display_names(name, [k for k, _n in shown], state)
            values = tuple(FacetValue(k, labels[k], n, k in selected) for k, n in shown)
            facets[name] = Facet(name, values, truncated=len(items) > len(shown))
        else:
            facets[name] = Facet(
                name,
                tuple(
                    FacetValue(v, v, n) for v, n in sorted(items.items(), key=_by_count)
                ),
            )
    return facets


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def _top(items: dict[str, int], limit: int) -> list[tuple[str, int]]:
    """``sorted(items.items(), key=_by_count)[:limit]`` without sorting every value (a
    broad query at 100k articles has tens of thousands of people): only values counted at
    least as often as the limit-th largest count can be among the first ``limit``."""
    if len(items) <= limit:
        return sorted(items.items(), key=_by_count)
    least = heapq.nlargest(limit, items.values())[-1] if limit > 0 else 0
    return sorted(((k, n) for k, n in items.items() if n >= least), key=_by_count)[
        :limit
    ]
