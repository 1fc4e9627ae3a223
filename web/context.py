"""What a request works with: the app's settings, the open index and the search parameters.

As flaskr's ``db.py``: :func:`get_index` opens the index for a request on first use and
keeps it in ``g``; :func:`init_app` releases it when the request ends. Across requests the
app keeps one :class:`~search.query.Index` (and so its caches, warm from one request to
the next), and moves to the next generation when an indexing run has published one.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app, g, request, url_for

from search import Settings
from search.query import Index, open_index

from .params import SearchArgs

#: Where the app keeps its open index (``app.extensions``).
EXTENSION = "news_search"


class AppIndex:
    """The app's open index, replaced by the next generation's when one is published."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._index: Index | None = None
        self._lock = threading.Lock()

    def get(self) -> Index:
        """The live generation's :class:`Index`.

        :raises IndexMissingError: there is no index.
        """
        with self._lock:
            if self._index is None:
                self._index = open_index(self.settings)
            else:
                self._index = self._index.current()
            return self._index


def init_app(app: Flask, settings: Settings) -> None:
    """Give ``app`` its open index, released from ``g`` after each request."""
    app.extensions[EXTENSION] = AppIndex(settings)
    app.teardown_appcontext(close_index)


def current_settings() -> Settings:
    """The settings the app was created with."""
    settings: Settings = current_app.config["SETTINGS"]
    return settings


def get_index() -> Index:
    """This request's index: the app's, checked once per request for a newer generation.

    :raises IndexMissingError: there is no index.
    """
    if "index" not in g:
        g.index = current_app.extensions[EXTENSION].get()
    index: Index = g.index
    return index


def close_index(_exc: BaseException | None = None) -> None:
    """Release this request's index (its searchers stay with the app's index)."""
    g.pop("index", None)


def search_args(path: str | None = None) -> SearchArgs:
    """The request's search parameters; facet keys come from the request's index."""

    def key_of(kind: str, name: str) -> str:
        return get_index().entity_key(kind, name)

    return SearchArgs.from_request(
        request.args, key_of, path or url_for("views.search_page")
    )
