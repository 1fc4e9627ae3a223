"""Indexing, the write side: ingest -> extract -> store, one writer, incremental by hash.

:func:`index_paths` and :func:`reindex` write the index; :func:`check_index` checks that
what it holds is what extraction gives for each article alone.
:class:`WhooshWriteBackend` is the write side of the backend seam
(:class:`~search.store.WriteBackend`) on Whoosh.
"""

from .backend import WhooshWriteBackend
from .check import CheckReport, Mismatch, check_index
from .writer import index_paths, reindex

__all__ = [
    "CheckReport",
    "Mismatch",
    "WhooshWriteBackend",
    "check_index",
    "index_paths",
    "reindex",
]
