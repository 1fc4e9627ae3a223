"""The backend seam: what any search engine under news-search must do, read and write.

Two small protocols, so that the index can move to another engine (OpenSearch when one
machine is not enough: docs/scale-out.md) without the web app, the CLI or the pipeline
changing:

- :class:`SearchBackend`, the read side: a search with its facets, the values of one
  facet, one article, the articles like it, and what the index holds.
- :class:`WriteBackend`, the write side: add (or replace) and delete articles in a new
  generation, then publish it in one step, or discard it. Readers see a generation
  whole or not at all: nothing written is visible before :meth:`WriteBackend.publish`.

Both speak our dataclasses only (:mod:`search.models`), never an engine's objects. They
live here, in ``store`` (what an index is, for readers and writers alike), so that
``query`` and ``indexing`` can each implement their side without importing the other.
The Whoosh backend is the default: :class:`search.query.backend.WhooshSearchBackend`
and :class:`search.indexing.backend.WhooshWriteBackend`, thin adapters over the
functions the rest of the code uses. ``tests/test_backend_contract.py`` is the contract
any backend must pass.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from ..models import Article, ArticleRecord, Extraction, Facet, Hit, Query, SearchResult

#: The keys every backend's :meth:`SearchBackend.stats` has (it may add its own).
STATS_KEYS = ("articles", "dated", "undated", "distinct")


@runtime_checkable
class SearchBackend(Protocol):
    """The read side of an index: the published generation, and the next one once it
    is published."""

    def search(self, query: Query) -> SearchResult:
        """The hits of ``query``'s page, its total and every facet's counts under it.

        Filters are AND across facets and OR within one facet's values.

        :raises QueryError: input that cannot be repaired (page < 1, from after to).
        """
        ...

    def facet_values(
        self, query: Query, name: str, prefix: str = "", limit: int = 100
    ) -> Facet:
        """The values of facet ``name`` under ``query``, most frequent first; each
        count is the total a search with that value selected finds.

        :raises NotFoundError: ``name`` is not a facet.
        """
        ...

    def article(self, article_id: str) -> ArticleRecord:
        """Everything stored about one article.

        :raises NotFoundError: no article with this id.
        """
        ...

    def similar(self, article_id: str, limit: int = 5) -> list[Hit]:
        """At most ``limit`` articles most like this one, never itself.

        :raises NotFoundError: no article with this id.
        """
        ...

    def stats(self) -> dict[str, Any]:
        """What the index holds: :data:`STATS_KEYS` (articles, dated and undated
        articles, distinct entities per type) and whatever else the backend knows."""
        ...


@runtime_checkable
class WriteBackend(Protocol):
    """The write side: one unpublished generation, built beside the live one.

    One writer at a time; it starts from what the live generation holds.
    """

    def add(self, article: Article, digest: str, extraction: Extraction) -> None:
        """Add ``article`` (``digest``: its content hash), or replace the article with
        its id, with the entities and dates of ``extraction``."""
        ...

    def delete(self, article_id: str) -> None:
        """Remove the article with this id (nothing if there is none)."""
        ...

    def publish(self) -> None:
        """Make everything added and deleted visible to readers, in one step."""
        ...

    def discard(self) -> None:
        """Drop the unpublished generation: readers never see any of it."""
        ...
