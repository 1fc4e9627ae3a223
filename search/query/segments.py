"""What is read from the segments of one index, kept for as long as the segments live.

Whoosh segments never change once written: deleting a document only hides it (and a
hidden document never matches), and merges replace whole segments with new ones. So
arrays read from a segment stay valid while the segment exists, and an incremental
reindex only costs reading its new, small segment. Three kinds are kept:

- per-document facet values and date and group columns
  (:class:`~search.query.facet_table.FacetTable`);
- a term's posting list as arrays of document numbers and weights, and every
  document's field length (:mod:`search.query.plain_ranking`).

A :class:`SegmentCache` belongs to one index directory. The :class:`~search.query.index.Index`
that creates it hands it on to the Index of each newer generation
(:meth:`~search.query.index.Index.current`): generations share their unchanged segments
(hard links, same segment ids), so a reindex does not make a server read every segment
again.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Collection, Sequence
from typing import Any

import numpy as np

#: Posting arrays kept, counted in postings (~8 bytes each): about 40 MB.
MAX_CACHED_POSTINGS = 5_000_000
#: Field lengths kept, for this many (segment, field) pairs.
MAX_CACHED_LENGTHS = 256
#: The value of a document without one in a numeric Whoosh column (the largest uint64).
MISSING = 2**64 - 1

Arrays = tuple[np.ndarray, np.ndarray]


def segment_id(leaf: Any, offset: int) -> str:
    """The key of one segment of the index: its Whoosh segment id."""
    segment = leaf.segment() if hasattr(leaf, "segment") else None
    if segment is not None:
        return str(segment.segment_id())
    # Not a segment reader (e.g. an in-memory index): no safe key, never shared.
    return f"unkeyed-{id(leaf)}-{offset}"


class SegmentCache:
    """Facet values, posting arrays and field lengths read from segments, by segment id.

    Safe to share between threads: readers may race to read the same segment, and then
    one of the equal results is kept.
    """

    def __init__(self) -> None:
        self._values: dict[str, dict[str, Any]] = {}
        self._postings: OrderedDict[tuple[str, int, str, bytes], Arrays] = OrderedDict()
        self._postings_size = 0
        self._lengths: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def values(
        self,
        leaf: Any,
        offset: int,
        multi: Sequence[str],
        single: Sequence[str],
        columns: Sequence[str],
    ) -> dict[str, Any]:
        """The fields of one segment as :func:`read_values` gives them, read once."""
        key = segment_id(leaf, offset)
        found = self._values.get(key)
        if found is None or any(f not in found for f in (*multi, *single, *columns)):
            found = read_values(leaf, multi, single, columns)
            with self._lock:
                self._values[key] = found
        return found

    def keep_only(self, live: Collection[str]) -> None:
        """Forget the facet values of segments not in ``live`` (merged away)."""
        with self._lock:
            for stale in [k for k in self._values if k not in live]:
                del self._values[stale]

    def postings(self, leaf: Any, offset: int, field: str, btext: bytes) -> Arrays:
        """A term's (document numbers, weights) in one segment, from the matcher API.

        Deleting documents keeps a segment's id; its live count tells the states apart
        (deletions only ever grow), and a posting list never lists deleted documents.
        """
        key = (segment_id(leaf, offset), leaf.doc_count(), field, btext)
        with self._lock:
            found = self._postings.get(key)
            if found is not None:
                self._postings.move_to_end(key)
                return found
        arrays = read_postings(leaf, field, btext)
        with self._lock:
            self._postings[key] = arrays
            self._postings_size += len(arrays[0])
            while self._postings_size > MAX_CACHED_POSTINGS and len(self._postings) > 1:
                _old, (old_ids, _w) = self._postings.popitem(last=False)
                self._postings_size -= len(old_ids)
        return arrays

    def lengths(self, leaf: Any, offset: int, field: str) -> np.ndarray:
        """Every document's length of ``field`` in one segment, as Whoosh's scorer reads
        it (``doc_field_length`` with its default of 1)."""
        key = (segment_id(leaf, offset), field)
        found = self._lengths.get(key)
        if found is None:
            get = leaf.doc_field_length
            found = np.array(
                [get(d, field, 1) for d in range(leaf.doc_count_all())],
                dtype=np.float64,
            )
            with self._lock:
                self._lengths[key] = found
                while len(self._lengths) > MAX_CACHED_LENGTHS:
                    self._lengths.popitem(last=False)
        return found


def read_values(
    reader: Any,
    multi: Sequence[str],
    single: Sequence[str],
    columns: Sequence[str] = (),
) -> dict[str, Any]:
    """Each field of one segment: for ``multi`` and ``single``, its values and two arrays
    of (segment document number, value number) pairs, from the posting lists; for
    ``columns``, the raw column value of every document (uint64).

    Only stock Whoosh reader API: ``lexicon``, ``postings``, ``column_reader``.
    """
    size = reader.doc_count_all()
    out: dict[str, Any] = {}
    schema = reader.schema
    for field in columns:
        out[field] = (
            _column_array(list(reader.column_reader(field, translate=False)))
            if reader.has_column(field)
            else np.full(size, MISSING, dtype=np.uint64)
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


def _column_array(values: list[Any]) -> np.ndarray:
    """A column's raw values as uint64: numbers as they are; text (a sortable ID such as
    ``group``) as a 64-bit hash of each value, empty text as :data:`MISSING`: enough to
    tell values apart across segments (folding copies), not to name them."""
    if not values or not isinstance(values[0], bytes):
        return np.array(values, dtype=np.uint64)
    return np.array(
        [
            int.from_bytes(hashlib.blake2b(v, digest_size=8).digest()) if v else MISSING
            for v in values
        ],
        dtype=np.uint64,
    )


def read_postings(leaf: Any, field: str, btext: bytes) -> Arrays:
    """A term's (document numbers, weights) in one segment."""
    m = leaf.postings(field, btext)
    ids: list[int] = []
    weights: list[float] = []
    add_id, add_weight = ids.append, weights.append
    is_active, doc_id, weight, step = m.is_active, m.id, m.weight, m.next
    while is_active():
        add_id(doc_id())
        add_weight(weight())
        step()
    return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)
