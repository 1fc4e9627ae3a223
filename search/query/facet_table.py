"""Facet counts over any set of matched documents, from per-document values read once.

Whoosh's ``groupedby`` counts a multi-valued field (our person/org/place keywords, with
``allow_overlap=True``) by rebuilding a document -> values table from every posting list
of the field, on every search: at 100k articles that is most of a query's time (see
DESIGN.md). Here the table is built once per index *segment* and kept: segments never
change once written (deletions only hide documents, and hidden documents never match), so
the table of a segment stays valid until a merge replaces the segment, and an incremental
reindex only reads its new small segment.

Counting is then a ``bincount`` over the values of the matched document numbers, the same
numbers Whoosh's collectors see, so the counts are exactly ``groupedby``'s (documents
without a value count under no key, as ``groupedby``'s ``None`` group that the sidebar
drops). Only stock Whoosh 2.7 reader API is used: ``leaf_readers``, ``segment``,
``lexicon`` and ``postings``.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from typing import Any

import numpy as np

#: (whoosh directory, segment id) -> field -> what :func:`_read_segment` read.
_SEGMENTS: dict[tuple[str, str], dict[str, Any]] = {}
_LOCK = threading.Lock()
_MISSING = 2**64 - 1


class FacetTable:
    """Per-document values of some facet fields over one reader's documents (global
    document numbers), assembled from cached per-segment tables.

    Counting is vectorised: each multi-valued field is held as two parallel arrays, one
    (document, value) pair per entry, and a count is one ``bincount`` over the pairs whose
    document is matched. A ``Counter`` over Python tuples cost ~25 ms per facet for a
    query matching 20,000 of 100,000 articles; this is ~2 ms."""

    def __init__(
        self,
        reader: Any,
        location: str,
        multi: Sequence[str],
        single: Sequence[str],
        columns: Sequence[str] = (),
    ) -> None:
        """:param multi: multi-valued keyword fields (a tuple of values per document).
        :param single: single-valued fields (a value or None per document).
        :param columns: sortable numeric fields read raw from their Whoosh column (e.g. a
            DATETIME as its sortable integer; a document without a value gets the
            column's default).
        """
        self.multi = tuple(multi)
        self.single = tuple(single)
        self.columns = tuple(columns)
        leaves = reader.leaf_readers()
        keys = [segment_key(location, leaf, offset) for leaf, offset in leaves]
        self.key = tuple(k[1] for k in keys)
        self.size = reader.doc_count_all()
        segments = []
        for (leaf, offset), key in zip(leaves, keys, strict=True):
            segment = _SEGMENTS.get(key)
            if segment is None or any(
                f not in segment for f in (*self.multi, *self.single, *self.columns)
            ):
                segment = _read_segment(leaf, self.multi, self.single, self.columns)
                with _LOCK:
                    _SEGMENTS[key] = segment
            segments.append((offset, segment))
        #: field -> its values, by their number in ``_pairs``' value arrays
        self._labels: dict[str, list[str]] = {}
        #: field -> (document numbers, value numbers): one entry per document and value
        self._pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for field in (*self.multi, *self.single):
            number: dict[str, int] = {}
            docs, vals = [], []
            for offset, segment in segments:
                seg_labels, seg_docs, seg_vals = segment[field]
                ids = np.array(
                    [number.setdefault(v, len(number)) for v in seg_labels],
                    dtype=np.int32,
                )
                docs.append(seg_docs + offset)
                vals.append(ids[seg_vals] if len(seg_vals) else seg_vals)
            labels = list(number)
            self._labels[field] = labels
            self._pairs[field] = (
                np.concatenate(docs) if docs else np.zeros(0, np.int32),
                np.concatenate(vals) if vals else np.zeros(0, np.int32),
            )
        #: raw column values per document (global numbers) as uint64 arrays, for range
        #: filters; a document without a value holds the largest uint64, as Whoosh's
        #: numeric columns do by default
        self.arrays = {
            f: np.concatenate([segment[f] for _o, segment in segments])
            if segments
            else np.zeros(0, np.uint64)
            for f in self.columns
        }
        #: columns every segment has (a field made sortable later is missing in old ones)
        self.full_columns = {
            f for f in self.columns if all(leaf.has_column(f) for leaf, _o in leaves)
        }
        with _LOCK:  # forget segments of this index that merges have replaced
            for stale in [k for k in _SEGMENTS if k[0] == location and k not in keys]:
                del _SEGMENTS[stale]
        self._all_counts: dict[str, dict[str, int]] = {}

    def count(self, field: str, docs: Collection[int]) -> dict[str, int]:
        """Documents per value of ``field`` among the document numbers ``docs``."""
        labels = self._labels[field]
        if not docs or not labels:
            return {}
        pair_docs, pair_vals = self._pairs[field]
        mask = np.zeros(self.size, dtype=bool)
        mask[np.fromiter(docs, dtype=np.int64, count=len(docs))] = True
        counts = np.bincount(pair_vals[mask[pair_docs]], minlength=len(labels))
        found = np.flatnonzero(counts)
        return dict(
            zip(
                map(labels.__getitem__, found.tolist()),
                counts[found].tolist(),
                strict=True,
            )
        )

    def count_all(self, field: str, live: Collection[int]) -> dict[str, int]:
        """:meth:`count` over every live document, computed once per table."""
        if field not in self._all_counts:
            self._all_counts[field] = self.count(field, live)
        return self._all_counts[field]


def segment_key(location: str, leaf: Any, offset: int) -> tuple[str, str]:
    """The cache key of one segment of the index in ``location``: segments never change
    once written, so whatever is read from one stays valid while it exists."""
    return location, _segment_id(leaf, offset)


def _segment_id(leaf: Any, offset: int) -> str:
    segment = leaf.segment() if hasattr(leaf, "segment") else None
    if segment is not None:
        return str(segment.segment_id())
    # Not a segment reader (e.g. an in-memory index): no safe key, never shared.
    return f"unkeyed-{id(leaf)}-{offset}"


def _read_segment(
    reader: Any,
    multi: Sequence[str],
    single: Sequence[str],
    columns: Sequence[str] = (),
) -> dict[str, Any]:
    """Each field of one segment: for ``multi`` and ``single``, its values and two arrays
    of (segment document number, value number) pairs, from the posting lists; for
    ``columns``, the raw column value of every document (uint64)."""
    size = reader.doc_count_all()
    out: dict[str, Any] = {}
    schema = reader.schema
    for field in columns:
        out[field] = (
            np.array(
                list(reader.column_reader(field, translate=False)), dtype=np.uint64
            )
            if reader.has_column(field)
            else np.full(size, _MISSING, dtype=np.uint64)
        )
    for field in (*multi, *single):
        labels: list[str] = []
        docs: list[int] = []
        counts: list[int] = []
        if field in schema and field in reader.indexed_field_names():
            from_bytes = schema[field].from_bytes
            for btext in reader.lexicon(field):
                ids = list(reader.postings(field, btext).all_ids())
                labels.append(from_bytes(btext))
                docs.extend(ids)
                counts.append(len(ids))
        out[field] = (
            labels,
            np.array(docs, dtype=np.int32),
            np.repeat(np.arange(len(labels), dtype=np.int32), counts),
        )
    return out
