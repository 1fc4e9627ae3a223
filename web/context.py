"""What a request works with: the app's settings, the open index and the search parameters.

As flaskr's ``db.py``: :func:`get_index` opens the index for a request on first use and
keeps it in ``g``; :func:`init_app` releases it when the request ends. Across requests the
app keeps one :class:`~search.query.Index` (and so its caches, warm from one request to
the next), and moves to the next generation when an indexing run has published one: the
new generation is opened and warmed in a background thread while requests go on being
answered from the old one, so no reader waits for its caches (:mod:`web.warmup`).
"""

from __future__ import annotations

import logging
import threading

from flask import Flask, current_app, g, request, url_for

from search import NewsSearchError, Settings
from search.query import Index, open_index
from search.query.warmup import WarmUp, warm

from .params import ORIGIN_FACETS, SearchArgs

log = logging.getLogger(__name__)

#: Where the app keeps its open index (``app.extensions``).
EXTENSION = "news_search"


class AppIndex:
    """The app's open index, replaced by the next generation's when one is published."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._index: Index | None = None
        self._lock = threading.Lock()
        #: Opens and warms the next generation while this one answers (None: idle).
        self._switch: threading.Thread | None = None

    def get(self) -> Index:
        """The :class:`Index` to answer a request with: the live generation's, or the
        previous one while the live one is being warmed.

        The first request that sees a new generation starts warming it in a background
        thread (:meth:`switch`) and is answered from the old one, as are the requests
        after it until the new one is ready: a generation is never removed before the
        next writing run starts, so the old one stays readable meanwhile.

        :raises IndexMissingError: there is no index.
        """
        with self._lock:
            if self._index is None:
                self._index = open_index(self.settings)
            elif self._switch is None and not self._index.is_current():
                self._switch = threading.Thread(
                    target=self.switch,
                    args=(self._index,),
                    name="news-search-warm-up",
                    daemon=True,
                )
                self._switch.start()
            return self._index

    def warm(self) -> WarmUp:
        """Open the index if need be and load what searching it needs (a worker calls
        this once, before it answers anyone).

        :raises IndexMissingError: there is no index.
        """
        warmed = warm(self.get())
        log.info("%s", warmed.summary())
        return warmed

    def switch(self, old: Index) -> None:
        """Open the generation published since ``old``, warm it, then answer with it.

        A generation that cannot be opened (the index was removed or is being
        rebuilt by hand) is left to the next request, which then reports it as usual.
        """
        new: Index | None = None
        try:
            new = old.current()
            warmed = warm(new, ahead=False)  # see warm(): not in a background thread
            log.info("%s (published since %s)", warmed.summary(), old.dir.name)
        except NewsSearchError as exc:
            log.warning("cannot open the new generation: %s", exc.message)
        except Exception:  # a bug in warming must not stop the switch
            log.exception("warming %s failed", new.dir.name if new else "the index")
        with self._lock:
            self._index = new
            self._switch = None


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
        if kind in ORIGIN_FACETS:  # "de", "pdf": stored as they are, lower case
            return name.strip().lower()
        return get_index().entity_key(kind, name)

    return SearchArgs.from_request(
        request.args, key_of, path or url_for("views.search_page")
    )
