"""Documents matching a query as sets of document numbers, and their intersections.

Counting facets and combining filters works on sets of document numbers: the text
query's matches and each filter group's, intersected per facet for multi-select counts
(:class:`Matches`). Terms joined by AND/OR are answered from posting lists directly,
far faster than walking Whoosh's union and intersection matchers in Python; anything
else (phrases, wildcards, NOT, ranges) by Whoosh.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
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


class DocMask(Collection[int]):
    """A set of document numbers held as a boolean array over every document of the
    index: what a date range matches before the text query's matches are known, half
    an archive. As a Python set its tens of thousands of numbers cost more to build,
    intersect and turn back into arrays than the search's ranking (a search with dates
    took ~4 ms more than one with an entity filter at 100,000 articles); as a mask they
    are one comparison of the date column, and ranking and facet counting read the mask
    as it is."""

    __slots__ = ("mask", "_size")

    def __init__(self, mask: np.ndarray) -> None:
        self.mask = mask
        self._size: int | None = None

    def __len__(self) -> int:
        if self._size is None:
            self._size = int(np.count_nonzero(self.mask))
        return self._size

    def __contains__(self, docnum: object) -> bool:
        return bool(
            isinstance(docnum, int | np.integer)
            and 0 <= docnum < len(self.mask)
            and self.mask[docnum]
        )

    def __iter__(self) -> Iterator[int]:
        return iter(np.flatnonzero(self.mask).tolist())


#: Document numbers as a set, or as a mask (:class:`DocMask`).
DocSet = set[int] | DocMask


@dataclass(slots=True)
class Matches:
    """What a query matches: the text query's documents and each filter group's."""

    text: set[int]
    filters: dict[str, DocSet]

    def all(self) -> DocSet:
        """The documents matching the text and every filter."""
        return intersect(self.text, list(self.filters.values()))

    def without(self, group: str) -> DocSet:
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
) -> DocSet:
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
        return DocMask(inside)
    docs = np.fromiter(candidates, dtype=np.int64, count=len(candidates))
    return set(docs[inside[docs]].tolist())


def intersect(first: DocSet, others: list[DocSet]) -> DocSet:
    """The documents in ``first`` and in every one of ``others``: a set when any of
    them is one (the sets intersected, smallest first, then kept where every mask
    says so), else a mask."""
    if not others:
        return first
    everything = [first, *others]
    sets = sorted((d for d in everything if isinstance(d, set)), key=len)
    masks = [d.mask for d in everything if isinstance(d, DocMask)]
    if not sets:
        return DocMask(np.logical_and.reduce(masks))
    found = sets[0].intersection(*sets[1:])
    if not masks or not found:
        return found
    docs = np.fromiter(found, dtype=np.int64, count=len(found))
    keep = np.logical_and.reduce([m[docs] for m in masks])
    return set(docs[keep].tolist())


def intersect_all(sets: list[DocSet]) -> DocSet | None:
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
) -> dict[str, DocSet]:
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
