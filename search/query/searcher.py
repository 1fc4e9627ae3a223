"""Searching: a :class:`Query` in, a :class:`SearchResult` out.

Built on Whoosh's own parts: ``MultifieldParser`` for the query syntax (phrases, -word,
AND/OR/NOT, ``field:term``, wildcards; :mod:`~search.query.translation`), its BM25F
ranking (:mod:`~search.query.ranking`), the highlighter (:mod:`~search.query.hits`) and
the spelling corrector (:mod:`~search.query.suggest`). Matches are sets of document
numbers (:mod:`~search.query.docsets`): intersected, they give the total, the facet
counts (:mod:`~search.query.facets`) and the filter for ranking, without running a query
twice. Whoosh objects never leave the query package: results are our dataclasses.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from whoosh import query as Q

from ..config import Settings
from ..models import Query, SearchResult
from .docsets import DocSet, Matches, filter_docs, intersect_all, matching_docs
from .facet_table import FacetTable
from .facets import count_facets, facet_objects
from .folding import Folding, needed
from .hits import highlight_results, page_hits_to_hits
from .index import Index, open_index
from .ranking import rank
from .similar import Likeness, find_similar
from .suggest import Correction
from .translation import (
    MAX_PAGE,
    filter_queries,
    parse_query_text,
    sort_order,
    validate,
)

log = logging.getLogger(__name__)


def search(
    query: Query, settings: Settings, index: Index | None = None
) -> SearchResult:
    """Run ``query``: hits of the requested page with snippets, every facet's counts and a
    did-you-mean suggestion.

    :param index: the open index to search (its caches make repeated searches fast);
        without one, the index of ``settings`` is opened for this search.
    :raises QueryError: input that cannot be repaired (page < 1, from after to, bad sort).
    :raises IndexMissingError: there is no index.
    """
    started = time.perf_counter()
    validate(query)
    index = index or open_index(settings)
    query = index.folded(query)
    remembered = index.remembered(query)
    if remembered is not None:
        return dataclasses.replace(remembered, seconds=time.perf_counter() - started)
    result = _search(query, index, started)
    index.remember(query, result)
    return result


def _search(query: Query, index: Index, started: float) -> SearchResult:
    with index.searcher() as searcher:
        likeness = (
            find_similar(searcher, query.like, index.segments) if query.like else None
        )
        text_query, notices, correction = read_search_text(index, searcher, query.text)
        if likeness is not None and isinstance(text_query, Q.Every):
            text_query = likeness.query  # no words: ranked by likeness
        notice = notices[0] if notices and correction is None else None
        filters = {
            k: q for k, q in filter_queries(index, query).items() if q is not None
        }
        limit = min(query.page, MAX_PAGE) * query.page_size
        table = index.facet_table(searcher)
        # Folded, copies of the page's stories may rank among them: rank deeper.
        folding = Folding(table) if query.fold else None
        depth = limit + (folding.spare() if folding else 0)
        results, matches = _match(
            searcher,
            index,
            table,
            query,
            text_query,
            filters,
            depth,
            likeness,
            (folding.firsts, limit) if folding else None,
        )
        folded = results is not None and getattr(results, "folded", False)
        matched = matches.all()
        everything = (
            not filters and likeness is None and isinstance(text_query, Q.Every)
        )
        counts = count_facets(table, matches, everything)
        groups = folding.groups(matched) if folding else None
        need = needed(limit, len(matched), len(matched) if groups is None else groups)
        if not matched:
            results = None
        elif results is None or (not folded and results.scored_length() < need):
            sortedby, reverse = sort_order(query, text_query)
            allow = matched if filters or likeness is not None else None
            results = rank(
                searcher,
                text_query,
                allow,
                max(depth, need),
                sortedby,
                reverse,
                None,
                index.segments,
            )
        if folding and results is not None and not folded:
            results.top_n = folding.fold(results.top_n)
        result = SearchResult(
            query=query,
            total=len(matched),
            hits=(),
            facets={},
            groups=groups,
            like_title=likeness.title if likeness else None,
        )
        if result.past_last_page:
            notices.append(f"Page {query.page} is past the last page ({result.pages}).")
        hits = page_hits_to_hits(index, _page(results, query, result.shown))
        suggestion = (
            index.suggestion(searcher, text_query, query.text)
            if query.text.strip()
            and not notice
            and correction is None
            and len(matched) < max(3, query.page_size)
            else None
        )
    return dataclasses.replace(
        result,
        hits=tuple(hits),
        facets=facet_objects(index, query, counts),
        suggestion=suggestion,
        notices=tuple(notices),
        seconds=time.perf_counter() - started,
        searched_for=correction.text if correction else None,
        search_instead=correction.literal if correction else None,
    )


def read_search_text(
    index: Index, searcher: Any, text: str
) -> tuple[Any, list[str], Correction | None]:
    """The Whoosh query of the search box as it is searched: malformed syntax read as
    words, unknown words as their close spellings; with the notices that say so."""
    text_query, notice = parse_query_text(index, text)
    if notice:
        return text_query, [notice], None
    correction = index.correction(searcher, text_query, text) if text.strip() else None
    if correction is None:
        return text_query, [], None
    return correction.query, [correction_notice(correction)], correction


def correction_notice(correction: Correction) -> str:
    """What typo tolerance did, in words: "Showing results for coronavirus pandemic;
    search instead for "coronavirsu" "pandemik"", with the other spellings searched."""
    also = sorted({w for ws in correction.words.values() for w in ws[1:]})
    return (
        f"Showing results for {correction.text}"
        + (f" (also {', '.join(also)})" if also else "")
        + f"; search instead for {correction.literal}"
        " (quoted words are searched as typed)."
    )


def _match(
    searcher: Any,
    index: Index,
    table: FacetTable,
    query: Query,
    text_query: Any,
    filters: dict[str, Any],
    limit: int,
    likeness: Likeness | None = None,
    fold: tuple[Callable[[np.ndarray], np.ndarray], int] | None = None,
) -> tuple[Any, Matches]:
    """The query's matches, and its ranked top ``limit`` if ranking was the way to find
    the text query's matches (else None); with ``fold``, plain words are ranked folded
    (:func:`~search.query.ranking.rank`). With a ``likeness``, only its similar
    articles match (a filter group of its own, ``like``).

    Ranking has to visit every match of the text query anyway: it records them as it
    goes, which costs far less than reading the posting lists (or, for phrases, running
    the matcher) a second time, and the filters restrict what gets scored. Browsing (no
    words) matches everything, known without ranking.
    """
    like: dict[str, DocSet] = {"like": likeness.docs} if likeness is not None else {}
    if isinstance(text_query, Q.Every):
        text_docs = matching_docs(searcher, text_query, index.segments)
        return None, Matches(
            text_docs,
            filter_docs(searcher, table, query, filters, text_docs, index.segments)
            | like,
        )
    found = filter_docs(searcher, table, query, filters, cache=index.segments) | like
    sortedby, reverse = sort_order(query, text_query)
    record: list[int] = []
    results = rank(
        searcher,
        text_query,
        intersect_all(list(found.values())),
        limit,
        sortedby,
        reverse,
        record,
        index.segments,
        fold,
    )
    return results, Matches(set(record), found)


def _page(results: Any, query: Query, total: int) -> list[Any]:
    """The Whoosh hits of the requested page, highlighting on."""
    start = (query.page - 1) * query.page_size
    if results is None or start >= total:
        return []
    highlight_results(results)
    return list(results[start : start + query.page_size])
