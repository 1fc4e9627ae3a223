"""Facet counts over any set of matched documents, from per-document values read once.

Whoosh's ``groupedby`` counts a multi-valued field (our person/org/place keywords, with
``allow_overlap=True``) by rebuilding a document -> values table from every posting list
of the field, on every search: at 100k articles that is most of a query's time (see
DESIGN.md). Here the table is built once per index *segment* and kept: segments never
change once written (deletions only hide documents, and hidden documents never match), so
the table of a segment stays valid until a merge replaces the segment, and an incremental
reindex only reads its new small segment.

Counting is then a ``Counter`` over the values of the matched document numbers, the same
numbers Whoosh's collectors see, so the counts are exactly ``groupedby``'s (documents
without a value count under no key, as ``groupedby``'s ``None`` group that the sidebar
drops). Only stock Whoosh 2.7 reader API is used: ``leaf_readers``, ``segment``,
``lexicon`` and ``postings``.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from itertools import chain
from typing import Any

#: (whoosh directory, segment id) -> field -> one entry per document of the segment:
#: a tuple of values (multi-valued fields) or a value or None (single-valued fields).
_SEGMENTS: dict[tuple[str, str], dict[str, list[Any]]] = {}
_LOCK = threading.Lock()
_NONE: tuple[str, ...] = ()


class FacetTable:
    """Per-document values of some facet fields over one reader's documents (global
    document numbers), assembled from cached per-segment tables."""

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
        :param columns: sortable fields read raw from their Whoosh column (e.g. a DATETIME
            as its sortable integer; a document without a value gets the column's default).
        """
        self.multi = tuple(multi)
        self.single = tuple(single)
        self.columns = tuple(columns)
        leaves = reader.leaf_readers()
        keys = [(location, _segment_id(leaf, offset)) for leaf, offset in leaves]
        self.key = tuple(k[1] for k in keys)
        self.values: dict[str, list[Any]] = {
            f: [] for f in (*self.multi, *self.single, *self.columns)
        }
        for (leaf, _offset), key in zip(leaves, keys, strict=True):
            segment = _SEGMENTS.get(key)
            if segment is None or any(f not in segment for f in self.values):
                segment = _read_segment(leaf, self.multi, self.single, self.columns)
                with _LOCK:
                    _SEGMENTS[key] = segment
            for field, column in self.values.items():
                column.extend(segment[field])
        #: columns every segment has (a field made sortable later is missing in old ones)
        self.full_columns = {
            f for f in self.columns if all(leaf.has_column(f) for leaf, _o in leaves)
        }
        with _LOCK:  # forget segments of this index that merges have replaced
            for stale in [k for k in _SEGMENTS if k[0] == location and k not in keys]:
                del _SEGMENTS[stale]
        self._all_counts: dict[str, dict[str, int]] = {}

    def count(self, field: str, docs: Iterable[int]) -> dict[str, int]:
        """Documents per value of ``field`` among the document numbers ``docs``."""
        column = self.values[field]
        if field in self.multi:
            counts = Counter(chain.from_iterable(map(column.__getitem__, docs)))
        else:
            counts = Counter(map(column.__getitem__, docs))
            counts.pop(None, None)
        return dict(counts)

    def count_all(self, field: str, live: Collection[int]) -> dict[str, int]:
        """:meth:`count` over every live document, computed once per table."""
        if field not in self._all_counts:
            self._all_counts[field] = self.count(field, live)
        return self._all_counts[field]


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
) -> dict[str, list[Any]]:
    """Document -> values of each field of one segment, from its posting lists (and raw
    column values for ``columns``)."""
    size = reader.doc_count_all()
    out: dict[str, list[Any]] = {}
    schema = reader.schema
    for field in columns:
        out[field] = (
            list(reader.column_reader(field, translate=False))
            if reader.has_column(field)
            else [None] * size
        )
    for field in (*multi, *single):
        column: list[Any] = [_NONE] * size if field in multi else [None] * size
        if field in schema and field in reader.indexed_field_names():
            from_bytes = schema[field].from_bytes
            for btext in reader.lexicon(field):
                value = from_bytes(btext)
                docs = reader.postings(field, btext).all_ids()
                if field in multi:
                    for doc in docs:
                        column[doc] = (*column[doc], value)
                else:
                    for doc in docs:
                        column[doc] = value
        out[field] = column
    return out
