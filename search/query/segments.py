"""What is read from the segments of one index, kept for as long as the segments live.

Whoosh segments never change once written: deleting a document only hides it (and a
hidden document never matches), and merges replace whole segments with new ones. So
arrays read from a segment stay valid while the segment exists, and an incremental
reindex only costs reading its new, small segment. Three kinds are kept:

- per-document facet values and date and group columns
  (:class:`~search.query.facet_table.FacetTable`);
- a term's posting list as arrays of document numbers and weights, and every
  document's field length (:mod:`search.query.plain_ranking`);
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
from pickle import loads
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher

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
#: Bytes of the count before a ``Positions`` value's pickled deltas (a ``pack_uint``).
COUNT_BYTES = 4
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


def deleted_docs(leaf: Any) -> np.ndarray | None:
    """Which of a segment's documents are deleted, as a mask by document number (None:
    none are).

    Posting lists are read without Whoosh's ``FilterMatcher``, which asks of every
    posting whether it is deleted (that doubled the cost of reading one), and the
    deleted documents are dropped with numpy afterwards. (A reader that does not say
    which documents are deleted, ``deleted_docs_set``, returns None and keeps Whoosh's
    wrapper: see :func:`unfiltered`.)"""
    deleted = getattr(leaf, "deleted_docs_set", None)
    if deleted is None or not leaf.has_deletions():
        return None
    mask = np.zeros(leaf.doc_count_all(), dtype=bool)
    mask[np.fromiter(deleted, dtype=np.int64, count=len(deleted))] = True
    return mask


def unfiltered(leaf: Any, field: str, btext: bytes, deleted: np.ndarray | None) -> Any:
    """A term's matcher in one segment, unwrapped from Whoosh's ``FilterMatcher`` when
    ``deleted`` (:func:`deleted_docs`) says which documents to drop afterwards."""
    m = leaf.postings(field, btext)
    if type(m) is FilterMatcher and deleted is not None:
        return m.child
    return m


def _live(docs: np.ndarray, deleted: np.ndarray | None) -> np.ndarray | None:
    """Which of ``docs`` are not ``deleted`` (a mask, :func:`deleted_docs`; None: all
    are)."""
    if deleted is None or not len(docs):
        return None
    return ~deleted[docs]


class _Blocks:
    """A term's postings read block by block from Whoosh's on-disk posting list
    (``W3LeafMatcher``, the codec of the pinned ``whoosh3``), instead of posting by
    posting through the matcher API.

    The matcher API costs a few Python calls per posting (``id``, ``weight``, ``next``)
    and decodes each block's document numbers in a Python loop; a frequent word has tens
    of thousands of postings, read once per worker and segment. A block is a pickled tuple of the
    delta-encoded document numbers (each block's first one absolute), the weights (None
    when all are 1.0, one float when all are equal) and the encoded values, with the
    block's last document number in its header; here the blocks' deltas are joined and
    decoded by one ``numpy.cumsum``.

    Only for the matcher class whose layout this reads; anything else (a posting list
    inlined in the term table, another codec) is read through the matcher API by the
    callers, so :meth:`read` returns None for it.
    """

    @staticmethod
    def readable(m: Any) -> bool:
        """Whether ``m`` is a matcher whose blocks this reads: a whole posting list of
        document numbers (``_byteids`` are a term vector's)."""
        return type(m) is W3LeafMatcher and not m._byteids

    @staticmethod
    def read(m: Any, values: bool) -> tuple[np.ndarray, np.ndarray, list[Any]] | None:
        """(document numbers, weights, the encoded values when ``values``) of a fresh
        matcher's postings; None when ``m`` is not a whole ``W3LeafMatcher``."""
        if not _Blocks.readable(m) or not m.is_active():
            return None
        deltas: list[int] = []
        weights: list[float] = []
        encoded: list[Any] = []
        last = 0
        while m.is_active():
            if m._data is None:
                m._read_data()
            ids, found, vs = m._data
            n = m._blocklength
            first = len(deltas)
            deltas.extend(ids)
            deltas[first] -= last  # absolute in its block: relative to the last block
            last = m._maxid
            if found is None:
                weights.extend([1.0] * n)
            elif isinstance(found, float):  # the matcher reads it into array("f")
                weights.extend([float(np.float32(found))] * n)
            else:
                weights.extend(found)
            if values:
                encoded.extend(vs if vs is not None else [None] * n)
            m._next_block()
        docs = np.cumsum(np.array(deltas, dtype=np.int64)).astype(np.int32)
        return docs, np.array(weights, dtype=np.float64), encoded

    @staticmethod
    def among(m: Any, docs: np.ndarray) -> tuple[np.ndarray, list[Any]] | None:
        """Which of ``docs`` (ascending) a fresh matcher lists, and their encoded
        values, decoding only the blocks that may hold them: a block's header says its
        last document number, so the blocks in between are passed over unread. None
        when ``m`` is not a whole ``W3LeafMatcher``."""
        if not _Blocks.readable(m):
            return None
        found: list[np.ndarray] = []
        encoded: list[Any] = []
        at = 0
        while at < len(docs) and m.is_active():
            last = m._maxid
            upto = int(np.searchsorted(docs, last, side="right"))
            if upto > at:
                if m._data is None:
                    m._read_data()
                ids, _w, vs = m._data
                block = np.cumsum(np.array(ids, dtype=np.int64))
                wanted = docs[at:upto]
                rows = np.searchsorted(block, wanted)
                rows = rows[block[np.minimum(rows, len(block) - 1)] == wanted]
                if len(rows):
                    found.append(block[rows])
                    encoded.extend(vs[r] for r in rows.tolist())
                at = upto
            m._next_block()
        docs_found = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        return docs_found, encoded


def decode_positions(
    format_: Any, values: Sequence[Any]
) -> tuple[list[int], np.ndarray]:
    """The number of positions in each of ``values`` (encoded posting values) and all
    their positions, one after another, as ``format_.decode_positions`` gives them.

    Whoosh's ``Positions`` format pickles each posting's position deltas after a
    4-byte count; its decoder adds them up in a Python loop, here one segmented
    ``numpy.cumsum`` does for all the postings of a list. Any other format is decoded
    value by value with its own decoder."""
    if type(format_) is not Positions:
        decode = format_.decoder("positions")
        decoded = [decode(v) for v in values]
        counts = [len(d) for d in decoded]
        flat: list[int] = [p for d in decoded for p in d]
        return counts, np.array(flat, dtype=np.int32)
    counts = []
    deltas: list[int] = []
    add_count, add_deltas = counts.append, deltas.extend
    for value in values:
        # Whoosh's writer may drop the pickle's final STOP byte; its reader puts it back.
        codes = loads(
            value[COUNT_BYTES:] if value.endswith(b".") else value[COUNT_BYTES:] + b"."
        )
        add_count(len(codes))
        add_deltas(codes)
    summed = np.cumsum(np.array(deltas, dtype=np.int64))
    ends = np.cumsum(np.array(counts, dtype=np.int64))
    # Each posting's deltas start from 0: take off the sum of the postings before it.
    before = np.zeros(len(counts), dtype=np.int64)
    before[1:] = np.where(ends[:-1] > 0, summed[np.maximum(ends[:-1] - 1, 0)], 0)
    return counts, (summed - np.repeat(before, counts)).astype(np.int32)


def read_postings(
    leaf: Any, field: str, btext: bytes, deleted: np.ndarray | None
) -> Arrays:
    """A term's (document numbers, weights) in one segment, without the documents in
    ``deleted`` (:func:`deleted_docs`)."""
    m = unfiltered(leaf, field, btext, deleted)
    blocks = _Blocks.read(m, values=False)
    if blocks is not None:
        docs, found, _v = blocks
    else:
        ids: list[int] = []
        weights: list[float] = []
        add_id, add_weight = ids.append, weights.append
        is_active, doc_id, weight, step = m.is_active, m.id, m.weight, m.next
        while is_active():
            add_id(doc_id())
            add_weight(weight())
            step()
        docs, found = np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float64)
    live = _live(docs, deleted)
    return (docs, found) if live is None else (docs[live], found[live])


def read_positions_among(
    leaf: Any, field: str, btext: bytes, docs: np.ndarray
) -> Arrays:
    """A term's (document numbers, positions) in one segment, as :func:`read_positions`
    gives them, for ``docs`` only (ascending numbers within the segment): only the
    blocks that may hold them are decoded (:meth:`_Blocks.among`; through the matcher
    API, ``skip_to`` passes over whole blocks)."""
    m = leaf.postings(field, btext)
    if type(m) is FilterMatcher:  # deleted documents are never among ``docs``
        m = m.child
    fmt = leaf.schema[field].format
    blocks = _Blocks.among(m, docs)
    if blocks is not None:
        found, values = blocks
    else:
        kept: list[int] = []
        values = []
        for doc in docs.tolist():
            if not m.is_active():
                break
            m.skip_to(doc)
            if not m.is_active():
                break
            if m.id() == doc:
                kept.append(doc)
                values.append(m.value())
        found = np.array(kept, dtype=np.int64)
    counts, positions = decode_positions(fmt, values)
    return np.repeat(found.astype(np.int32), counts), positions


def read_positions(
    leaf: Any, field: str, btext: bytes, deleted: np.ndarray | None
) -> tuple[Arrays, Arrays]:
    """A term's postings in one segment as :func:`read_postings` gives them, and its
    (document numbers, positions), one pair per occurrence, as ``value_as("positions")``
    (what Whoosh's span matchers read) gives them."""
    m = unfiltered(leaf, field, btext, deleted)
    fmt = leaf.schema[field].format
    blocks = _Blocks.read(m, values=True)
    if blocks is not None:
        docs, found, values = blocks
    else:
        ids: list[int] = []
        weights: list[float] = []
        values = []
        add_id, add_weight, add_value = ids.append, weights.append, values.append
        is_active, doc_id, weight, value, step = (
            m.is_active,
            m.id,
            m.weight,
            m.value,
            m.next,
        )
        while is_active():
            add_id(doc_id())
            add_weight(weight())
            add_value(value())
            step()
        docs = np.array(ids, dtype=np.int32)
        found = np.array(weights, dtype=np.float64)
    counts, places = decode_positions(fmt, values)
    where = np.repeat(docs.astype(np.int32), counts)
    live = _live(docs, deleted)
    if live is not None:
        docs, found = docs[live], found[live]
        kept = np.repeat(live, counts)
        where, places = where[kept], places[kept]
    return (docs, found), (where, places)
