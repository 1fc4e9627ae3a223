"""Folding copies: a search shows each group of copies of a story once.

The writer gives every article the ``group`` of its near-identical copies
(``search.indexing.copies``). A folded search ranks as usual and keeps, of each group,
the copy that ranks first (Whoosh's ``collapse`` with ``collapse_limit=1``, over our
own ranking), so page 2 goes on where page 1 stopped and a page holds up to its size of
different stories. ``total`` and the facet counts still count articles; the result
says how many groups they make.

Ranking the top ``n`` articles is enough to find the top ``n`` groups when ``n`` is
at least the number of groups wanted plus the matches' copies beyond the first of
their group: :func:`needed` says how many that is, and the caller ranks that deep.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ..store import schema as S
from .facet_table import FacetTable
from .segments import MISSING

#: Articles ranked beyond a page up front, for the copies among them; a search whose
#: matches hold more copies than this ranks again, deep enough (:func:`needed`).
SPARE = 1_000


class Folding:
    """The group of every document of one facet table (its ``group`` column, a hash of
    each group id), and what folding needs of it."""

    def __init__(self, table: FacetTable) -> None:
        missing = np.full(table.size, MISSING, dtype=np.uint64)  # an older index
        self.groups_of: np.ndarray = table.arrays.get(S.GROUP, missing)
        self.table = table

    def spare(self) -> int:
        """How many articles to rank beyond a page up front: the index's live copies
        beyond the first of their group (deleted ones never match), at most
        :data:`SPARE`."""
        if S.GROUP not in self.table.arrays:
            return 0
        return min(SPARE, self.table.beyond_first(S.GROUP, MISSING))

    def groups(self, docs: Iterable[int]) -> int:
        """How many groups ``docs`` make (a document without a group is its own)."""
        docs = np.fromiter(docs, dtype=np.int64)
        if S.GROUP not in self.table.arrays:  # an older index: every one its own
            return len(docs)
        numbers, count = self.table.numbered(S.GROUP, MISSING)
        found = numbers[docs]
        alone = found < 0
        seen = np.zeros(count, dtype=bool)
        seen[found[~alone]] = True
        return int(np.count_nonzero(alone)) + int(np.count_nonzero(seen))

    def fold(self, top_n: list[tuple[float, int]]) -> list[tuple[float, int]]:
        """The ranked ``(score, document)`` pairs, each group's first one only."""
        if not top_n:
            return top_n
        docs = np.fromiter((d for _s, d in top_n), dtype=np.int64, count=len(top_n))
        keep = self.firsts(docs)
        return [item for item, kept in zip(top_n, keep.tolist(), strict=True) if kept]

    def firsts(self, ranked: np.ndarray) -> np.ndarray:
        """Which of the ``ranked`` document numbers (best first) are the first of their
        group (a document without a group is its own): :meth:`fold` as a mask, which
        plain-word ranking applies to its arrays before it makes a list of them."""
        groups = self.groups_of[ranked]
        keep = groups == MISSING
        _groups, first = np.unique(groups, return_index=True)
        keep[first] = True
        return keep


def needed(limit: int, matched: int, groups: int) -> int:
    """How many of ``matched`` articles in ``groups`` groups must be ranked for their
    top ``limit`` groups: every group's first copy ranks above the other groups'
    copies, so at most the copies beyond the first come before it."""
    return min(matched, limit + matched - groups)
