"""The Whoosh schema and the layout of an index directory.

This is the only module that knows field types (title and body are
:class:`~.text.NewsText`, Whoosh's ``TEXT`` analysed in one pass). An index directory
holds::

    CURRENT                  the name of the live generation ("gen-000007"), one line
    WRITELOCK                held by the one process writing the index (see generations.py)
    extract-cache.sqlite3    cached NER results by content hash (safe to delete)
    gen-000007/              the live generation, never written again once published:
        whoosh/              the Whoosh index (segments, TOC)
        state.sqlite3        per-article hashes and entity name forms (see state.py)
        meta.json            schema version, sources, model, aliases fingerprint
    gen-000006/              the previous generation, removed by the next writing run

Every writing run builds a new generation and publishes it by replacing ``CURRENT``
(generations.py says why). Readers resolve ``CURRENT`` once, with :func:`live_dir`, and
read one generation from then on. An index written before generations existed holds
``whoosh/``, ``state.sqlite3`` and ``meta.json`` directly in the index directory; it is
read as it is and moved into a generation by its next writing run.

``SCHEMA_VERSION`` is recorded in ``meta.json``; an index written by an incompatible
version is refused with a clear message instead of failing deep inside Whoosh.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, Schema

from ..errors import IndexMissingError, SchemaMismatchError
from .text import NewsText

#: 2: body without character offsets (issue #6).
SCHEMA_VERSION = 2

ID_FIELD = "id"
TITLE = "title"
BODY = "body"
SOURCE = "source"
URL = "url"
DATELINE = "dateline"
PUBLISHED = "published"
PUBLISHED_SOURCE = "published_source"
PUBLISHED_YEAR = "published_year"
PUBLISHED_MONTH = "published_month"
MENTIONED = "mentioned"
ENTITIES = "entities"
CONTENT_HASH = "content_hash"
#: The language of the text (ISO 639-1, "zxx" for tables) and the format of the file it
#: came from ("jsonl", "pdf", "warc", ...): single-valued facets.
LANGUAGE = "language"
FORMAT = "format"
ORIGIN_FACETS = (LANGUAGE, FORMAT)
#: The copies group of an article: the smallest id among the near-identical texts it
#: belongs to (its own id when it has no copies; search.indexing.copies). Sortable: a
#: column gives every document's group at once, for folding. An index from before it
#: gets the field, and every article its group, on the next reindex.
GROUP = "group"
PERSON, ORG, PLACE = "person", "org", "place"
ENTITY_FIELDS = (PERSON, ORG, PLACE)
DATE_FACETS = (PUBLISHED_YEAR, PUBLISHED_MONTH)
UNDATED = "undated"
SEARCH_FIELDS = (TITLE, BODY)


def make_schema() -> Schema:
    """Title and body analysed with stemming; entities and date buckets as comma-separated
    keyword facets.

    The body keeps positions (phrases) but not character offsets: snippets come from
    ``ContextFragmenter``, which re-analyses the stored text and never reads offsets.
    Offsets would make indexing slower and the index larger (bench/README.md);
    ``PinpointFragmenter`` would use them and make snippets cheaper, but cut them
    differently."""
    analyzer = StemmingAnalyzer()

    def entity() -> KEYWORD:
        return KEYWORD(stored=True, commas=True, scorable=True, lowercase=True)

    return Schema(
        **{
            ID_FIELD: ID(stored=True, unique=True, sortable=True),
            TITLE: NewsText(
                stored=True, analyzer=analyzer, field_boost=2.0, spelling=True
            ),
            BODY: NewsText(stored=True, analyzer=analyzer, spelling=True),
            SOURCE: ID(stored=True),
            URL: STORED(),
            DATELINE: STORED(),
            PUBLISHED: DATETIME(stored=True, sortable=True),
            PUBLISHED_SOURCE: ID(stored=True),
            PUBLISHED_YEAR: ID(stored=True, sortable=True),
            PUBLISHED_MONTH: ID(stored=True, sortable=True),
            MENTIONED: KEYWORD(stored=True, commas=True),
            ENTITIES: STORED(),
            CONTENT_HASH: ID(stored=True),
            LANGUAGE: ID(stored=True),
            FORMAT: ID(stored=True),
            GROUP: ID(stored=True, sortable=True),
            PERSON: entity(),
            ORG: entity(),
            PLACE: entity(),
        }
    )


CURRENT_FILE = "CURRENT"
CACHE_FILE = "extract-cache.sqlite3"
GENERATION = re.compile(r"gen-\d{6,}")


def live_dir(index_dir: Path) -> Path:
    """The directory holding the live generation of the index in ``index_dir``.

    ``index_dir`` itself when there is no ``CURRENT`` file (no index yet, an index from
    before generations, or ``index_dir`` is already a generation directory).
    """
    try:
        name = (index_dir / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return index_dir
    if not GENERATION.fullmatch(name):
        raise SchemaMismatchError(
            f"{index_dir / CURRENT_FILE} does not name a generation ({name[:40]!r}); "
            "rebuild the index with `news-search reindex --full`"
        )
    return index_dir / name


def whoosh_dir(index_dir: Path) -> Path:
    """The Whoosh directory of a generation (or of an index from before generations)."""
    return index_dir / "whoosh"


def read_meta(index_dir: Path) -> dict[str, Any]:
    """The meta.json of the live generation in ``index_dir``, checked for a compatible
    schema.

    :raises IndexMissingError: no index in ``index_dir``.
    :raises SchemaMismatchError: written by an incompatible version.
    """
    live = live_dir(index_dir)
    path = live / "meta.json"
    if not path.is_file() or not whoosh_dir(live).is_dir():
        raise IndexMissingError(
            f"No index in {index_dir}; run `news-search index PATH` (e.g. `news-search index "
            f"seeds/`) first"
        )
    try:
        meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SchemaMismatchError(
            f"Index metadata {path} is unreadable ({exc}); rebuild "
            "with `news-search reindex --full`"
        ) from exc
    if meta.get("schema_version") != SCHEMA_VERSION:
        raise SchemaMismatchError(
            f"The index in {index_dir} has schema version {meta.get('schema_version')}, this "
            f"version needs {SCHEMA_VERSION}; rebuild it with `news-search reindex --full`"
        )
    return meta


def write_meta(index_dir: Path, meta: dict[str, Any]) -> None:
    meta = dict(meta, schema_version=SCHEMA_VERSION)
    tmp = index_dir / "meta.json.tmp"
    tmp.write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")
    tmp.replace(index_dir / "meta.json")
