"""The facet table: facet counts over any set of matched documents, from per-document
values read once per segment.

Whoosh's ``groupedby`` counts a multi-valued field (our person/org/place keywords, with
``allow_overlap=True``) by rebuilding a document -> values table from every posting list
of the field, on every search, which is most of a query's time on a large index. Here
the values of each segment are read once and kept (:class:`~search.query.segments.SegmentCache`),
and a table over a reader's segments is assembled from them.

Counting is then a ``bincount`` over the values of the matched document numbers, the same
numbers Whoosh's collectors see, so the counts are exactly ``groupedby``'s (documents
without a value count under no key, as ``groupedby``'s ``None`` group that the sidebar
drops); tests/test_facet_counts.py checks it.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from .segments import SegmentCache, segment_id

#: Documents are counted from their own entries when there are fewer than one in this
#: many of a field's entries; past that a pass over every entry is faster.
FEW = 16


class Counts(Mapping[str, int]):
    """Documents per value of one facet (value -> count), as :meth:`FacetTable.count`
    finds them: numbered values and their counts in two arrays, a dict made only when a
    caller looks values up or walks them all.

    A broad search over a large archive counts tens of thousands of people, and the
    sidebar shows ten: building a dict of every one of them, then sorting, cost more
    than the counting. :meth:`top` takes the first ones from the arrays."""

    def __init__(
        self,
        labels: list[str],
        values: np.ndarray,
        counts: np.ndarray,
        empty: int = -1,
        numbers: dict[str, int] | None = None,
    ) -> None:
        """:param labels: every value of the field, by number.
        :param values: the numbers of the values counted (each once), ascending.
        :param counts: their counts, in the same order.
        :param empty: the number of the empty value among ``labels`` (-1: none).
        :param numbers: each label's number, when the caller has them: a value is
            then looked up without a dict of every value counted."""
        self._labels = labels
        self._numbers = numbers
        self._empty = empty
        self._values = values
        self._counts = counts
        self._dict: dict[str, int] | None = None

    def _as_dict(self) -> dict[str, int]:
        if self._dict is None:
            self._dict = dict(
                zip(
                    map(self._labels.__getitem__, self._values.tolist()),
                    self._counts.tolist(),
                    strict=True,
                )
            )
        return self._dict

    def __getitem__(self, key: str) -> int:
        if self._dict is None and self._numbers is not None:
            # One value looked up (a selected one): found by number, no dict made.
            number = self._numbers.get(key)
            if number is not None:
                at = int(np.searchsorted(self._values, number))
                if at < len(self._values) and self._values[at] == number:
                    return int(self._counts[at])
            raise KeyError(key)
        return self._as_dict()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._as_dict())

    def __len__(self) -> int:
        return len(self._values)

    def top(self, limit: int) -> list[tuple[str, int]]:
        """The ``limit`` values counted most often, with their counts, by count then
        value, leaving out the empty value: ``sorted(...)[:limit]`` of the non-empty
        items by ``(-count, value)``, from the values counted at least as often as the
        limit-th (ties at it are all compared by value)."""
        if limit <= 0 or not len(self._values):
            return []
        counts = self._counts
        if len(counts) > limit + 1:
            # The (limit+1)-th largest count: one of the limit+1 largest may be "".
            least = np.partition(counts, len(counts) - limit - 1)[
                len(counts) - limit - 1
            ]
            pick = np.flatnonzero(counts >= least)
        else:
            pick = np.arange(len(counts))
        labels = self._labels
        items = [
            (labels[v], n)
            for v, n in zip(
                self._values[pick].tolist(), counts[pick].tolist(), strict=True
            )
            if labels[v]
        ]
        return heapq.nsmallest(limit, items, key=lambda kv: (-kv[1], kv[0]))

    def nonempty(self) -> int:
        """How many values were counted, leaving out the empty value."""
        return len(self) - int(
            self._empty >= 0 and bool(np.any(self._values == self._empty))
        )


class FacetTable:
    """Per-document values of some facet fields over one reader's documents (global
    document numbers), assembled from cached per-segment tables.

    Counting is vectorised: each multi-valued field is held as two parallel arrays, one
    (document, value) pair per entry, and a count is one ``bincount`` over the pairs whose
    document is matched, an order of magnitude faster than counting Python tuples."""

    def __init__(
        self,
        reader: Any,
        cache: SegmentCache,
        multi: Sequence[str],
        single: Sequence[str],
        columns: Sequence[str] = (),
    ) -> None:
        """:param cache: where the values of the reader's segments are kept.
        :param multi: multi-valued keyword fields (a tuple of values per document).
        :param single: single-valued fields (a value or None per document).
        :param columns: sortable numeric fields read raw from their Whoosh column (e.g. a
            DATETIME as its sortable integer; a document without a value gets the
            column's default).
        """
        self.size = reader.doc_count_all()
        leaves = reader.leaf_readers()
        segments = [
            (offset, cache.values(leaf, offset, multi, single, columns))
            for leaf, offset in leaves
        ]
        cache.keep_only([segment_id(leaf, offset) for leaf, offset in leaves])
        #: field -> its values, by their number in ``_pairs``' value arrays
        self._labels: dict[str, list[str]] = {}
        #: field -> (document numbers, value numbers): one entry per document and value
        self._pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        #: field -> where each document's entries start in ``_pairs`` (one more for
        #: the end), for counting a few documents without a pass over every entry
        self._starts: dict[str, np.ndarray] = {}
        for field in (*multi, *single):
            self._labels[field], self._pairs[field] = _merge_values(field, segments)
            self._starts[field] = np.searchsorted(
                self._pairs[field][0], np.arange(self.size + 1)
            ).astype(np.int64)
        #: raw column values per document (global numbers) as uint64 arrays, for range
        #: filters; a document without a value holds the largest uint64, as Whoosh's
        #: numeric columns do by default
        self.arrays = {
            f: np.concatenate([segment[f] for _o, segment in segments])
            if segments
            else np.zeros(0, np.uint64)
            for f in columns
        }
        #: columns every segment has (a field made sortable later is missing in old ones)
        self.full_columns = {
            f for f in columns if all(leaf.has_column(f) for leaf, _o in leaves)
        }
        self._all_counts: dict[str, Mapping[str, int]] = {}
        self._label_numbers: dict[str, dict[str, int]] = {}
        self._tallies: dict[str, dict[int, int]] = {}
        self._numbered: dict[str, tuple[np.ndarray, int]] = {}
        self._beyond_first: dict[str, int] = {}
        #: which document numbers are live (not deleted): columns hold every document
        self.live = np.ones(self.size, dtype=bool)
        if reader.has_deletions():
            self.live[:] = False
            self.live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True

    def mask(self, docs: Collection[int]) -> np.ndarray:
        """``docs`` as a boolean array over the table's documents: made once for a set
        of matches and counted over by every facet (:meth:`count`)."""
        held = getattr(docs, "mask", None)  # a set held as a mask (docsets.DocMask)
        if isinstance(held, np.ndarray) and held.shape == (self.size,):
            return held
        mask = np.zeros(self.size, dtype=bool)
        if docs:
            mask[np.fromiter(docs, dtype=np.int64, count=len(docs))] = True
        return mask

    def count(
        self, field: str, docs: Collection[int], mask: np.ndarray | None = None
    ) -> Mapping[str, int]:
        """Documents per value of ``field`` among the document numbers ``docs`` (a
        :class:`Counts`, or an empty dict).

        :param mask: ``docs`` as :meth:`mask` gives it, when the caller has it.
        """
        labels = self._labels[field]
        if not docs or not labels:
            return {}
        pair_docs, pair_vals = self._pairs[field]
        if len(docs) * FEW < len(pair_docs):
            # A few documents (a typical search matches tens): their own entries.
            numbers = np.fromiter(docs, dtype=np.int64, count=len(docs))
            starts = self._starts[field]
            first, lengths = starts[numbers], starts[numbers + 1] - starts[numbers]
            total = int(lengths.sum())
            if not total:
                return {}
            ends = np.cumsum(lengths)
            entries = np.repeat(first - (ends - lengths), lengths) + np.arange(total)
            values = pair_vals[entries]
            if total * FEW < len(labels):
                found, counted = np.unique(values, return_counts=True)
                return self._counts(field, found, counted)
            # Thousands of documents: counted by value number rather than sorted.
            tally = np.bincount(values, minlength=len(labels))
            found = np.flatnonzero(tally)
            return self._counts(field, found, tally[found])
        if mask is None:
            mask = self.mask(docs)
        counts = np.bincount(pair_vals[mask[pair_docs]], minlength=len(labels))
        found = np.flatnonzero(counts)
        return self._counts(field, found, counts[found])

    def documents(
        self, field: str, values: Sequence[str], docs: Collection[int]
    ) -> list[np.ndarray]:
        """The document numbers among ``docs`` that have each of ``values`` of
        ``field`` (sorted arrays, in the order of ``values``; empty for a value the
        field does not hold): what co-occurrence is counted from, with the same pairs
        as :meth:`count`, so ``len`` of each equals its count."""
        labels = self._labels[field]
        number = {label: i for i, label in enumerate(labels)}
        wanted = [number.get(v, -1) for v in values]
        if not docs or not labels:
            return [np.zeros(0, np.int64) for _v in values]
        pair_docs, pair_vals = self._pairs[field]
        mask = np.zeros(self.size, dtype=bool)
        mask[np.fromiter(docs, dtype=np.int64, count=len(docs))] = True
        inside = mask[pair_docs]
        kept_docs, kept_vals = pair_docs[inside], pair_vals[inside]
        return [
            np.sort(kept_docs[kept_vals == n]).astype(np.int64)
            if n >= 0
            else np.zeros(0, np.int64)
            for n in wanted
        ]

    def numbered(self, column: str, missing: int) -> tuple[np.ndarray, int]:
        """Each document's value of ``column`` as a small number (0 to n-1; -1 for
        ``missing``), and n, computed once per table: how many copies groups a set of
        matches makes is then a count of numbers seen, not a sort of their hashes."""
        if column not in self._numbered:
            values = self.arrays[column]
            present = values != missing
            numbers = np.full(len(values), -1, dtype=np.int64)
            found, inverse = np.unique(values[present], return_inverse=True)
            numbers[present] = inverse
            self._numbered[column] = (numbers, len(found))
        return self._numbered[column]

    def beyond_first(self, column: str, missing: int) -> int:
        """Live documents with a value of ``column`` other than the first live one of
        that value (the index's copies beyond the first of their group), once per
        table."""
        if column not in self._beyond_first:
            numbers, count = self.numbered(column, missing)
            live = numbers[self.live]
            live = live[live >= 0]
            seen = np.zeros(count, dtype=bool)
            seen[live] = True
            self._beyond_first[column] = len(live) - int(np.count_nonzero(seen))
        return self._beyond_first[column]

    def tally(self, column: str, missing: int) -> dict[int, int]:
        """Live documents per value of ``column`` (``missing`` left out), computed once
        per table (a ``unique`` over the whole column costs ~9 ms at 100,000 articles):
        how many articles each copies group holds, for every page of hits and for
        folding, without reading a posting list per group."""
        if column not in self._tallies:
            values = self.arrays[column][self.live]
            found, counts = np.unique(values[values != missing], return_counts=True)
            self._tallies[column] = dict(
                zip(found.tolist(), counts.tolist(), strict=True)
            )
        return self._tallies[column]

    def _number_of(self, field: str) -> dict[str, int]:
        """Each value of ``field`` -> its number, made once per table."""
        found = self._label_numbers.get(field)
        if found is None:
            found = self._label_numbers[field] = {
                label: i for i, label in enumerate(self._labels[field])
            }
        return found

    def _counts(self, field: str, found: np.ndarray, counted: np.ndarray) -> Counts:
        """:class:`Counts` of ``field``'s values numbered ``found``, counted so."""
        numbers = self._number_of(field)
        return Counts(self._labels[field], found, counted, numbers.get("", -1), numbers)

    def count_all(self, field: str, live: Collection[int]) -> Mapping[str, int]:
        """:meth:`count` over every live document, computed once per table."""
        if field not in self._all_counts:
            self._all_counts[field] = self.count(field, live)
        return self._all_counts[field]


def _merge_values(
    field: str, segments: list[tuple[int, dict[str, Any]]]
) -> tuple[list[str], tuple[np.ndarray, np.ndarray]]:
    """One field's values over all segments: the labels, numbered in a shared order, and
    the (global document number, value number) pairs, ordered by document."""
    number: dict[str, int] = {}
    docs, vals = [], []
    for offset, segment in segments:
        seg_labels, seg_docs, seg_vals = segment[field]
        ids = np.array(
            [number.setdefault(v, len(number)) for v in seg_labels], dtype=np.int32
        )
        docs.append(seg_docs + offset)
        vals.append(ids[seg_vals] if len(seg_vals) else seg_vals)
    all_docs = np.concatenate(docs) if docs else np.zeros(0, np.int32)
    all_vals = np.concatenate(vals) if vals else np.zeros(0, np.int32)
    # By document, so each document's entries are side by side.
    order = np.argsort(all_docs, kind="stable")
    return list(number), (all_docs[order], all_vals[order])
