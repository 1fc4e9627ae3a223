"""The Whoosh index behind :class:`~search.store.backend.SearchBackend`, the read seam.

A thin adapter: each method is the function the web app and the CLI call
(:func:`~search.query.search`, :func:`~search.query.facet_values`, ...) with one open
:class:`~search.query.Index`, moved on to the newest published generation before each
call (:meth:`Index.current`), as a server does.
"""

from __future__ import annotations

from typing import Any

from ..config import Settings
from ..models import ArticleRecord, Facet, Hit, Query, SearchResult
from .articles import get_article, similar_articles
from .facets import facet_values
from .index import Index, open_index
from .searcher import search
from .stats import index_stats


class WhooshSearchBackend:
    """The read side on the Whoosh index of ``settings.index_dir``.

    :raises IndexMissingError: there is no index (on creation).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._index = open_index(settings)

    @property
    def index(self) -> Index:
        """The open index of the live generation (a newer one once it is published)."""
        self._index = self._index.current()
        return self._index

    def search(self, query: Query) -> SearchResult:
        return search(query, self.settings, index=self.index)

    def facet_values(
        self, query: Query, name: str, prefix: str = "", limit: int = 100
    ) -> Facet:
        return facet_values(
            query, name, self.settings, prefix=prefix, limit=limit, index=self.index
        )

    def article(self, article_id: str) -> ArticleRecord:
        return get_article(article_id, self.settings, index=self.index)

    def similar(self, article_id: str, limit: int = 5) -> list[Hit]:
        return similar_articles(
            article_id, self.settings, limit=limit, index=self.index
        )

    def stats(self) -> dict[str, Any]:
        return index_stats(self.settings, index=self.index)
