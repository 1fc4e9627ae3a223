"""news-search: full-text search with entity and date facets over a folder of news.

The library behind the ``news-search`` command and the web app. Stages, each a module::

    ingest (files -> Article) -> extract (entities, dates) -> indexer (Whoosh) -> searcher
"""

from .articles import get_article, more_like_this
from .config import Settings
from .errors import (
    ConfigError,
    ExtractionError,
    IndexLockedError,
    IndexMissingError,
    IngestError,
    ModelNotFoundError,
    NewsSearchError,
    NotFoundError,
    QueryError,
    SchemaMismatchError,
)
from .index import open_index
from .indexer import index_paths, reindex
from .models import (
    Article,
    ArticleRecord,
    Entity,
    Facet,
    FacetValue,
    Hit,
    IndexStats,
    Query,
    SearchResult,
    SkippedFile,
)
from .searcher import search

__all__ = [
    "Article",
    "ArticleRecord",
    "ConfigError",
    "Entity",
    "ExtractionError",
    "Facet",
    "FacetValue",
    "Hit",
    "IndexLockedError",
    "IndexMissingError",
    "IndexStats",
    "IngestError",
    "ModelNotFoundError",
    "NewsSearchError",
    "NotFoundError",
    "Query",
    "QueryError",
    "SchemaMismatchError",
    "SearchResult",
    "Settings",
    "SkippedFile",
    "get_article",
    "index_paths",
    "more_like_this",
    "open_index",
    "reindex",
    "search",
]
