"""Store: what an index is on disk, for the writer and the readers alike.

The Whoosh schema and field names, the directory layout and its generations, the
per-article state beside the index.
"""

from . import schema
from .generations import write_lock
from .schema import CACHE_FILE, SCHEMA_VERSION, live_dir, read_meta, whoosh_dir
from .state import IndexState

__all__ = [
    "CACHE_FILE",
    "SCHEMA_VERSION",
    "IndexState",
    "live_dir",
    "read_meta",
    "schema",
    "whoosh_dir",
    "write_lock",
]
