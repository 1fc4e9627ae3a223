"""The Whoosh index behind :class:`~search.store.backend.WriteBackend`, the write seam.

A thin adapter over the parts :func:`~search.indexing.index_paths` is made of: the
write lock and a new generation (:mod:`search.store.generations`), the Whoosh writer of
:func:`~search.indexing.writer.open_or_create`, the stored-document format
(:func:`~search.store.document_fields`) and the article state, with the corpus-level
reading of names (:func:`~search.indexing.corpus.refresh`) done on publish, as a run
does. It writes what it is given; reading files, extraction and the extraction cache stay
with the pipeline that calls it.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import replace
from datetime import datetime
from typing import Any

from whoosh.index import LockError

from ..config import Settings
from ..errors import IndexLockedError
from ..models import Article, Extraction
from ..store import IndexState, document_fields, document_hash
from ..store import generations as G
from ..store import schema as S
from .corpus import refresh, resolve_entities
from .segments import MERGE_LIVE
from .writer import open_or_create

log = logging.getLogger(__name__)


class WhooshWriteBackend:
    """One unpublished generation of the Whoosh index of ``settings.index_dir``.

    Created holding the index's write lock, until :meth:`publish` or :meth:`discard`
    (also ``with WhooshWriteBackend(settings) as writer:``, which discards what was not
    published). The generation starts as a copy of the live one, or ``empty``.

    :raises IndexLockedError: another process is writing the index.
    """

    def __init__(self, settings: Settings, *, empty: bool = False) -> None:
        self.settings = settings
        self._lock = contextlib.ExitStack()
        last = self._lock.enter_context(G.write_lock(settings.index_dir))
        self.generation = G.new_generation(settings.index_dir, last, empty=empty)
        self._state: IndexState | None = None
        try:
            self._ix = open_or_create(self.generation)
            self._meta: dict[str, Any] = {}
            if (self.generation / "meta.json").is_file():
                self._meta = S.read_meta(self.generation)
            self._state = IndexState(self.generation)
            self._known = self._state.docs()
            self._names = self._state.resolution()
            self._writer = self._ix.writer(limitmb=256, compound=False)
        except LockError as exc:
            self._abandon()
            raise IndexLockedError(G.locked_message(settings.index_dir)) from exc
        except BaseException:
            self._abandon()
            raise

    def __enter__(self) -> WhooshWriteBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._state is not None:
            self.discard()

    def add(self, article: Article, digest: str, extraction: Extraction) -> None:
        local = extraction.entities
        # Names as the index read them on its last run; publish reads them again.
        extraction = replace(extraction, entities=resolve_entities(local, self._names))
        fields = document_fields(article, digest, extraction)
        if article.id in self._known:
            self._writer.update_document(**fields)
        else:
            self._writer.add_document(**fields)
        doc_hash = document_hash(fields)
        self._known[article.id] = (article.source, digest, doc_hash)
        self._open_state().put(
            article.id,
            article.source,
            digest,
            doc_hash,
            extraction.entities,
            local=local,
        )

    def delete(self, article_id: str) -> None:
        if self._known.pop(article_id, None) is None:
            return
        self._writer.delete_by_term(S.ID_FIELD, article_id)
        self._open_state().remove(article_id)

    def publish(self) -> None:
        state = self._open_state()
        try:
            self._writer.commit(mergetype=MERGE_LIVE)
            refresh(self._ix, state)
            state.commit()
            state.close()
            self._state = None
            meta = dict(
                self._meta, updated=datetime.now().isoformat(timespec="seconds")
            )
            meta.setdefault("sources", [])
            S.write_meta(self.generation, meta)
            G.publish(self.settings.index_dir, self.generation)
        except BaseException:
            self._abandon()
            raise
        self._lock.close()

    def discard(self) -> None:
        self._open_state()
        self._writer.cancel()
        self._abandon()

    def _open_state(self) -> IndexState:
        if self._state is None:
            raise RuntimeError("this generation was published or discarded")
        return self._state

    def _abandon(self) -> None:
        """Close what is open, remove the generation and release the lock."""
        if self._state is not None:
            self._state.close()
            self._state = None
        G.discard(self.generation)
        self._lock.close()
