"""Reading one term's posting list from one segment: its documents, weights and
positions as numpy arrays, without the segment's deleted documents.

Whoosh's matcher API reads a posting at a time (``id``, ``weight``, ``next``,
``value_as``): a few Python calls a posting, and a frequent word has tens of thousands
in a segment. Here a list is read block by block from Whoosh's own posting blocks
(:class:`_Blocks`), the same documents, weights and positions the matcher gives
(tests/test_posting_blocks.py compares them on an index with deletions).
:class:`~search.query.segments.SegmentCache` keeps what is read here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pickle import loads
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher

#: (document numbers, weights) or (document numbers, positions) of one term.
Arrays = tuple[np.ndarray, np.ndarray]
#: Bytes of the count before a ``Positions`` value's pickled deltas (a ``pack_uint``).
COUNT_BYTES = 4


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


def _by_matcher(m: Any, values: bool) -> tuple[np.ndarray, np.ndarray, list[Any]]:
    """What :meth:`_Blocks.read` gives, read posting by posting through the matcher
    API: for a list it cannot read (inlined in the term table, another codec)."""
    ids: list[int] = []
    weights: list[float] = []
    encoded: list[Any] = []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        if values:
            encoded.append(m.value())
        m.next()
    return np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float64), encoded


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
    docs, found, _v = _Blocks.read(m, values=False) or _by_matcher(m, values=False)
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
    docs, found, values = _Blocks.read(m, values=True) or _by_matcher(m, values=True)
    counts, places = decode_positions(fmt, values)
    where = np.repeat(docs.astype(np.int32), counts)
    live = _live(docs, deleted)
    if live is not None:
        docs, found = docs[live], found[live]
        kept = np.repeat(live, counts)
        where, places = where[kept], places[kept]
    return (docs, found), (where, places)
