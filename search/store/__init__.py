"""Store: what an index is on disk, for the writer and the readers alike.

The Whoosh schema and field names (:mod:`~search.store.schema`, the only module that
knows field types), the directory layout and its generations
(:mod:`~search.store.generations`), the per-article state beside the index
(:class:`IndexState`) and the stored-document format, written and read in one module
(:mod:`~search.store.documents`). The read and write protocols any search backend
implements, Whoosh being the default: :mod:`~search.store.backend`.
"""

from . import schema
from .backend import SearchBackend, WriteBackend
from .documents import (
    StoredDocument,
    document_fields,
    document_hash,
    read_document,
    regrouped,
    split_keys,
)
from .generations import write_lock
from .schema import CACHE_FILE, SCHEMA_VERSION, live_dir, read_meta, whoosh_dir
from .signatures import Signatures
from .state import IndexState

__all__ = [
    "CACHE_FILE",
    "SCHEMA_VERSION",
    "IndexState",
    "SearchBackend",
    "Signatures",
    "StoredDocument",
    "WriteBackend",
    "document_fields",
    "document_hash",
    "live_dir",
    "read_document",
    "read_meta",
    "regrouped",
    "schema",
    "split_keys",
    "whoosh_dir",
    "write_lock",
]
