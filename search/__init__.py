"""news-search: full-text search with entity and date facets over a folder of news.

The library behind the ``news-search`` command and the web app, in stages, each a
sub-package (docs/architecture.md)::

    ingest (files -> Article) -> extract (entities, dates) -> indexing (Whoosh writer)
    -> store (the index on disk) -> query (Query -> SearchResult)

This package exports the read side and the core only: importing it (as every web worker
does) loads neither the spaCy model nor the writer. Indexing is
:func:`search.indexing.index_paths` and :func:`search.indexing.reindex`.
"""

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
from .query import get_article, open_index, search, similar_articles

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
    "open_index",
    "search",
    "similar_articles",
]
