"""What is read from the segments of one index, kept for as long as the segments live.

Whoosh segments never change once written: deleting a document only hides it (and a
hidden document never matches), and merges replace whole segments with new ones. So
arrays read from a segment stay valid while the segment exists, and an incremental
reindex only costs reading its new, small segment. Three kinds are kept:

- per-document facet values and date and group columns
  (:class:`~search.query.facet_table.FacetTable`);
- a term's posting list as arrays of document numbers and weights (read by
  :mod:`search.query.postings`), and every document's field length
  (:mod:`search.query.plain_ranking`);
- a term's positions, as arrays of (document number, position) pairs, which phrases
  are matched with (:mod:`search.query.plain_ranking`);
- the words of a spelling field over the segments of a reader, sorted, which typos are
  corrected against (:mod:`search.query.suggest`).

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

from .postings import (
    Arrays,
    deleted_docs,
    read_positions,
    read_positions_among,
    read_postings,
)

#: Posting arrays kept, counted in postings (12 bytes each: a 32-bit document number
#: and a 64-bit weight): about 120 MB, room for the words read ahead
#: (``search.query.warmup.READ_AHEAD_POSTINGS``) and those of readers' searches.
MAX_CACHED_POSTINGS = 10_000_000
#: Term positions kept, counted in positions (8 bytes each): about 80 MB, room for
#: those read ahead (~1.4 a posting) and those of readers' phrases.
MAX_CACHED_POSITIONS = 10_000_000
#: A phrase decodes a word's positions in its candidate documents only when they are
#: fewer than one in this many of the word's documents (else all, and keeps them).
FEW_DOCUMENTS = 8
#: Answers kept of whether a segment holds a term (a few hundred bytes each).
MAX_CACHED_TERMS = 200_000
#: Field lengths kept, for this many (segment, field) pairs.
MAX_CACHED_LENGTHS = 256
#: The value of a document without one in a numeric Whoosh column (the largest uint64).
MISSING = 2**64 - 1


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
        self._positions: OrderedDict[tuple[str, int, str, bytes], Arrays] = (
            OrderedDict()
        )
        self._positions_size = 0
        self._words: OrderedDict[tuple[Any, ...], list[str]] = OrderedDict()
        self._terms: dict[tuple[str, str, bytes], bool] = {}
        self._deleted: dict[tuple[str, int], np.ndarray | None] = {}
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
        """Forget the facet values and term answers of segments not in ``live``
        (merged away)."""
        with self._lock:
            for stale in [k for k in self._values if k not in live]:
                del self._values[stale]
            self._terms = {k: v for k, v in self._terms.items() if k[0] in live}
            self._deleted = {k: v for k, v in self._deleted.items() if k[0] in live}

    def deleted(self, leaf: Any, offset: int) -> np.ndarray | None:
        """A segment's deleted documents (:func:`deleted_docs`), read once for each
        number of them: sorting a segment's deleted set for every posting list read
        cost more than reading most lists."""
        segment = segment_id(leaf, offset)
        if segment.startswith("unkeyed-"):
            return deleted_docs(leaf)
        key = (segment, leaf.doc_count())
        if key not in self._deleted:
            found = deleted_docs(leaf)
            with self._lock:
                self._deleted[key] = found
        return self._deleted[key]

    def has_term(self, leaf: Any, offset: int, field: str, btext: bytes) -> bool:
        """Whether a segment's lexicon holds a term, remembered: a lookup in Whoosh's
        on-disk term table costs tens of microseconds, and ranking asks it of every
        segment for every word of every search. A segment's terms never change
        (deleting documents keeps them), so the answer is kept until the segment is
        merged away (:meth:`keep_only`); at most :data:`MAX_CACHED_TERMS` answers,
        all dropped when full."""
        segment = segment_id(leaf, offset)
        if segment.startswith("unkeyed-"):
            return (field, btext) in leaf
        key = (segment, field, btext)
        found = self._terms.get(key)
        if found is None:
            found = (field, btext) in leaf
            with self._lock:
                if len(self._terms) >= MAX_CACHED_TERMS:
                    self._terms.clear()
                self._terms[key] = found
        return found

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
        arrays = read_postings(leaf, field, btext, self.deleted(leaf, offset))
        self._keep_postings(key, arrays)
        return arrays

    def _keep_postings(self, key: tuple[str, int, str, bytes], arrays: Arrays) -> None:
        with self._lock:
            if key in self._postings:
                return
            self._postings[key] = arrays
            self._postings_size += len(arrays[0])
            while self._postings_size > MAX_CACHED_POSTINGS and len(self._postings) > 1:
                _old, (old_ids, _w) = self._postings.popitem(last=False)
                self._postings_size -= len(old_ids)

    def positions(self, leaf: Any, offset: int, field: str, btext: bytes) -> Arrays:
        """A term's positions in one segment: (document numbers, positions), one entry
        per occurrence, by document then position (:func:`read_positions`); kept as
        :meth:`postings` are. The same walk of the posting list gives the term's
        :meth:`postings`, kept too."""
        key = (segment_id(leaf, offset), leaf.doc_count(), field, btext)
        with self._lock:
            found = self._positions.get(key)
            if found is not None:
                self._positions.move_to_end(key)
                return found
        postings, arrays = read_positions(
            leaf, field, btext, self.deleted(leaf, offset)
        )
        self._keep_postings(key, postings)
        with self._lock:
            self._positions[key] = arrays
            self._positions_size += len(arrays[0])
            while (
                self._positions_size > MAX_CACHED_POSITIONS and len(self._positions) > 1
            ):
                _old, (old_docs, _p) = self._positions.popitem(last=False)
                self._positions_size -= len(old_docs)
        return arrays

    def positions_among(
        self, leaf: Any, offset: int, field: str, btext: bytes, docs: np.ndarray
    ) -> Arrays:
        """A term's positions in some of a segment's documents (``docs``: ascending
        numbers within the segment), or in all of them: what a phrase needs of each of
        its words, the documents that hold all of them.

        Decoding positions is most of what a phrase costs when they are not kept: a
        frequent word has hundreds of thousands. When ``docs`` are few beside the
        term's documents, only theirs are decoded (the matcher skips the blocks in
        between) and nothing is kept; otherwise all are read and kept
        (:meth:`positions`)."""
        key = (segment_id(leaf, offset), leaf.doc_count(), field, btext)
        with self._lock:
            found = self._positions.get(key)
        if found is not None or len(docs) * FEW_DOCUMENTS >= len(
            self.postings(leaf, offset, field, btext)[0]
        ):
            return self.positions(leaf, offset, field, btext)
        return read_positions_among(leaf, field, btext, docs)

    def words(self, reader: Any, field: str) -> list[str]:
        """Every word of ``field`` in the segments of ``reader``, sorted and unique:
        the word list Whoosh's ``terms_within`` walks, read into memory once, where a
        Levenshtein automaton finds close words by bisection instead of by a search of
        the on-disk term index for each step (0.4 s a typo at 20,000 articles)."""
        key = (
            field,
            *(segment_id(leaf, offset) for leaf, offset in reader.leaf_readers()),
        )
        found = self._words.get(key)
        if found is None:
            words: set[str] = set()
            for leaf, _offset in reader.leaf_readers():
                if field in leaf.indexed_field_names():
                    words.update(b.decode("utf-8") for b in leaf.lexicon(field))
            found = sorted(words)
            with self._lock:
                self._words[key] = found
                while len(self._words) > 4:  # two fields of this and the last reader
                    self._words.popitem(last=False)
        return found

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
