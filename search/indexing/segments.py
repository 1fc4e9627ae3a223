"""The Whoosh writer of a run: a big run written as a few segments, each spelling word
once per segment.

Whoosh's writer keeps every posting of a run in a pool, sorts it and writes one segment
at commit. Two things made that the larger part of indexing time (bench/README.md):

- *Spelling words.* Title and body are stemmed, so Whoosh also keeps their unstemmed
  words for did-you-mean (``spelling=True``), by adding one posting per word *per
  document* to a separate spelling field: as many postings again as the body itself,
  all sorted and written, while what is read back is only the word list
  (``terms_within``, :mod:`search.query.suggest`). The pool here takes each spelling
  word once per segment, which gives the same word list.
- *Spilling.* A pool larger than ``limitmb`` is sorted and written to temporary run
  files, and at commit every posting is read back and merged through a heap: on a
  100,000-article run every posting went through that. Here the run commits a segment
  (``merge=False``) before the pool would spill, and goes on in a new one: memory stays
  bounded, no posting is written twice, and the index is a few large segments (which
  the query side reads segment by segment anyway).

A run that adds thousands of articles writes them in ``procs`` processes
(:mod:`.parts`), each its own segments; updates and deletions stay here.

Every segment is committed into the run's unpublished generation, so readers still see
the run's result all at once, when it is published (:mod:`search.store.generations`),
and a failed run is discarded whole however many segments it had committed.

Every commit drops the segments whose documents are all deleted (:func:`live_only`).
A reindex that replaces or removes articles deletes them in the segments that hold
them; Whoosh's default policy merges only *small* segments, so a large segment left
with no live document stayed in the index for good, its files on disk and in every
reader's list of segments (each run of updates could add another).
"""

from __future__ import annotations

from typing import Any

from whoosh import writing
from whoosh.reading import SegmentReader

#: The writer's pool, in Whoosh's estimate of its size (real memory is ~0.8 of it).
LIMIT_MB = 512
#: A segment is committed when the pool reaches this share of ``LIMIT_MB``: one article
#: adds far less than the rest, so the pool never spills to disk.
FLUSH_AT = 0.9
#: New articles a run must add for them to be written in parallel (below this, starting
#: the processes costs more than it saves).
PARALLEL_MIN = 5_000


class SegmentedWriter:
    """A Whoosh ``SegmentWriter`` for one run (``add_document``, ``update_document``,
    ``delete_by_term``, ``commit``, ``cancel``), committing a segment whenever its pool
    is nearly full.

    :raises LockError: another writer holds Whoosh's lock (as ``ix.writer()`` does).
    """

    def __init__(self, ix: Any, limitmb: int | None = None, procs: int = 1) -> None:
        """:param limitmb: the pool's size (default :data:`LIMIT_MB`).
        :param procs: processes to write new articles with, when the run adds at
            least :data:`PARALLEL_MIN` of them (:meth:`expect`)."""
        self.ix = ix
        self.limitmb = limitmb or LIMIT_MB
        self.procs = procs
        #: Segments committed before the last one (0: the run fitted in one).
        self.flushed = 0
        self.writer = self._open()
        self.parts: Any = None

    def expect(self, adds: int) -> None:
        """The run will add about ``adds`` new articles: enough, and they are written
        in parallel (:mod:`.parts`)."""
        if self.parts is None and self.procs > 1 and adds >= PARALLEL_MIN:
            from .parts import PartWriters

            self.parts = PartWriters(self.ix, self.procs, self.limitmb)

    def _open(self) -> Any:
        writer = self.ix.writer(limitmb=self.limitmb, compound=False)
        pool = getattr(writer, "pool", None)
        if pool is not None and hasattr(pool, "add"):
            pool.add = _spelling_once(pool.add, _spelling_fields(writer.schema))
        return writer

    def add_document(self, **fields: Any) -> None:
        if self.parts is not None:
            self.parts.add_document(fields)
            return
        self.writer.add_document(**fields)
        self._flush_if_full()

    def update_document(self, **fields: Any) -> None:
        self.writer.update_document(**fields)
        self._flush_if_full()

    def delete_by_term(self, fieldname: str, text: str) -> None:
        self.writer.delete_by_term(fieldname, text)

    def commit(self) -> None:
        if self.parts is None:
            self.writer.commit(mergetype=MERGE_LIVE)
            return
        from .parts import merge_with

        try:
            segments = self.parts.finish()
        except BaseException:
            self.cancel()
            raise
        self.parts = None
        self.writer.commit(mergetype=merge_with(segments))

    def cancel(self) -> None:
        if self.parts is not None:
            self.parts.close()
            self.parts = None
        if not self.writer.is_closed:  # a commit that failed has closed it
            self.writer.cancel()

    def _flush_if_full(self) -> None:
        pool = getattr(self.writer, "pool", None)
        size, limit = getattr(pool, "currentsize", 0), getattr(pool, "limit", 0)
        if limit and size >= FLUSH_AT * limit:
            self.writer.commit(mergetype=NO_MERGE_LIVE)
            self.flushed += 1
            self.writer = self._open()


#: A segment is rewritten without its deleted documents when they are this share of
#: it or more (as Lucene expunges deletes): searches read past deleted documents, and
#: Whoosh's policy only merges small segments, however much of a large one is deleted.
PURGE_SHARE = 0.25


def live_only(policy: Any, purge: bool = False) -> Any:
    """The Whoosh merge policy (``mergetype``) ``policy`` applied to the segments that
    still hold a live document; the others are left out of the index's new table of
    contents, and Whoosh deletes their files at commit.

    :param purge: also rewrite, into the commit's new segment, the segments of which
        :data:`PURGE_SHARE` or more is deleted (a reindex that re-resolves entities
        rewrites many articles, in new segments).
    """

    def merge(writer: Any, segments: list[Any]) -> list[Any]:
        live = [s for s in segments if s.doc_count() > 0]
        stale = [
            s
            for s in live
            if purge
            and s.doc_count_all() - s.doc_count() >= PURGE_SHARE * s.doc_count_all()
        ]
        kept = policy(writer, [s for s in live if s not in stale])
        for segment in stale:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            try:
                writer.add_reader(reader)
            finally:
                reader.close()
        return kept

    return merge


#: Whoosh's default policy (merge small segments), without fully deleted segments, and
#: segments with many deleted documents rewritten.
MERGE_LIVE = live_only(writing.MERGE_SMALL, purge=True)
#: No merging (a segment committed mid-run), without fully deleted segments.
NO_MERGE_LIVE = live_only(writing.NO_MERGE)


def _spelling_fields(schema: Any) -> frozenset[str]:
    """The fields Whoosh adds spelling words to (``spell_title``, ``spell_body``)."""
    return frozenset(
        field.spelling_fieldname(name)
        for name, field in schema.items()
        if field.separate_spelling()
    )


def _spelling_once(add: Any, fields: frozenset[str]) -> Any:
    """``add`` for a Whoosh posting pool, passing each spelling word of ``fields`` once.

    A pool item is ``(field, term bytes, document, weight, value)``; Whoosh adds a
    spelling word as document 0, weight 1, once per document that has it.
    """
    seen: set[tuple[str, bytes]] = set()

    def add_once(item: tuple[Any, ...]) -> None:
        if item[0] in fields:
            key = (item[0], item[1])
            if key in seen:
                return
            seen.add(key)
        add(item)

    return add_once
