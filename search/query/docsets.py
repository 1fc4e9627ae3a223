"""Documents matching a query as sets of document numbers, and their intersections.

Counting facets and combining filters works on sets of document numbers: the text
query's matches and each filter group's, intersected per facet for multi-select counts
(:class:`Matches`). Terms joined by AND/OR are answered from posting lists directly,
far faster than walking Whoosh's union and intersection matchers in Python; anything
else (phrases, wildcards, NOT, ranges) by Whoosh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from whoosh import query as Q
from whoosh.util.times import datetime_to_long

from ..models import Query
from ..store import schema as S
from .facet_table import FacetTable
from .segments import SegmentCache


@dataclass(slots=True)
class Matches:
    """What a query matches: the text query's documents and each filter group's."""

    text: set[int]
    filters: dict[str, set[int]]

    def all(self) -> set[int]:
        """The documents matching the text and every filter."""
        return intersect(self.text, list(self.filters.values()))

    def without(self, group: str) -> set[int]:
        """The documents matching the text and every filter but ``group``'s: what a
        facet is counted over when it has a selection (multi-select)."""
        return intersect(self.text, [d for k, d in self.filters.items() if k != group])


def matching_docs(searcher: Any, q: Any, cache: SegmentCache | None = None) -> set[int]:
    """Document numbers matching ``q`` (deleted documents never match).

    Terms combined with AND/OR (what the search box mostly produces) are answered with
    set operations on posting lists, far faster than walking Whoosh's union and
    intersection matchers in Python; anything else (phrases, wildcards, NOT, ranges) goes
    to Whoosh.

    :param cache: where posting arrays are kept: a term's list is then read once, not
        walked on every search (a filter on a frequent person is tens of thousands of
        postings at 100,000 articles).
    """
    found = _term_docs(searcher, q, cache)
    return found if found is not None else set(searcher.docs_for_query(q))


def _term_docs(searcher: Any, q: Any, cache: SegmentCache | None) -> set[int] | None:
    """:func:`matching_docs` of a tree of Term/And/Or queries, or None for any other query."""
    kind = type(q)
    if kind is Q.Term:
        schema = searcher.schema
        if q.fieldname not in schema:
            return set()
        try:
            btext = schema[q.fieldname].to_bytes(q.text)
        except ValueError:
            return set()
        docs: set[int] = set()
        for leaf, offset in searcher.reader().leaf_readers():
            if (q.fieldname, btext) not in leaf:
                continue
            if cache is not None:
                docs.update(
                    (
                        cache.postings(leaf, offset, q.fieldname, btext)[0] + offset
                    ).tolist()
                )
            else:
                ids = leaf.postings(q.fieldname, btext).all_ids()
                docs.update(map(offset.__add__, ids) if offset else ids)
        return docs
    if (kind is Q.Or and not getattr(q, "minmatch", 0)) or kind is Q.And:
        parts = []
        for sub in q.subqueries:
            part = _term_docs(searcher, sub, cache)
            if part is None:
                return None
            parts.append(part)
        if not parts:
            return set()
        if kind is Q.Or:
            return set().union(*parts)
        parts.sort(key=len)
        return parts[0].intersection(*parts[1:])
    return None


def published_docs(
    table: FacetTable, query: Query, candidates: set[int] | None
) -> set[int]:
    """The ``candidates`` (None: every document) published within the query's range
    (DateRange's semantics: inclusive, 'to' up to the end of its day, undated articles
    never match)."""
    start = (
        datetime.combine(query.published_from, datetime.min.time())
        if query.published_from
        else datetime.min
    )
    end = (
        datetime.combine(query.published_to, datetime.max.time())
        if query.published_to
        else datetime.max
    )
    lo, hi = datetime_to_long(start), datetime_to_long(end)
    column = table.arrays[S.PUBLISHED]
    inside = (column >= lo) & (column <= hi)  # hi < the missing value
    if candidates is None:
        return set(np.flatnonzero(inside).tolist())
    docs = np.fromiter(candidates, dtype=np.int64, count=len(candidates))
    return set(docs[inside[docs]].tolist())


def intersect(first: set[int], others: list[set[int]]) -> set[int]:
    """The documents in ``first`` and in every one of ``others``."""
    if not others:
        return first
    sets = sorted([first, *others], key=len)
    return sets[0].intersection(*sets[1:])


def intersect_all(sets: list[set[int]]) -> set[int] | None:
    """The documents in every one of ``sets``; None (no restriction) for no sets."""
    if not sets:
        return None
    return intersect(sets[0], sets[1:])


def filter_docs(
    searcher: Any,
    table: FacetTable,
    query: Query,
    filters: dict[str, Any],
    candidates: set[int] | None = None,
    cache: SegmentCache | None = None,
) -> dict[str, set[int]]:
    """The documents of each filter group of ``filters`` (group -> Whoosh query).

    The published range is decided from the table's date column when every segment has
    it, among ``candidates`` when they are known (the text query's matches).
    """
    return {
        group: published_docs(table, query, candidates)
        if group == "published" and S.PUBLISHED in table.full_columns
        else matching_docs(searcher, q, cache)
        for group, q in filters.items()
    }
