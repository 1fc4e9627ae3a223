"""Warming a server worker before it answers anyone.

``news-search serve`` gives gunicorn ``web/gunicorn_config.py``, whose
``post_worker_init`` hook calls :func:`warm_worker` in each worker after the app is
loaded and before the worker accepts its first connection. It warms the app's index
(:func:`search.query.warmup.warm`: facet tables, field lengths, a few representative
searches) and then the app itself, with a search page, an API search and an article page
through Flask's test client (templates compiled, the modules of each view imported). A
newly published generation is warmed by the app in the background
(:class:`web.context.AppIndex`).

Nothing here runs for an app made by :func:`web.create_app` alone (tests, scripts): its
first request opens the index as before.
"""

from __future__ import annotations

import gc
import logging
import threading
from typing import Any
from urllib.parse import quote, urlencode

from flask import Flask

from search import NewsSearchError
from search.query.warmup import WarmUp

from .context import EXTENSION

log = logging.getLogger(__name__)

#: How often a worker busy warming tells gunicorn's master it is alive (gunicorn kills a
#: worker that is silent for ``--timeout``, 30 s by default).
HEARTBEAT_SECONDS = 1.0


def warm_app(app: Flask) -> WarmUp | None:
    """Warm ``app``'s index, then its pages; None when there is no index to warm (the
    first request will say why)."""
    try:
        warmed: WarmUp = app.extensions[EXTENSION].warm()
    except NewsSearchError as exc:
        log.warning("nothing to warm: %s", exc.message)
        return None
    client = app.test_client()
    found = client.get("/api/search?" + urlencode({"q": warmed.text}))
    client.get("/?" + urlencode({"q": warmed.text}))
    hits = (found.get_json(silent=True) or {}).get("hits") or []
    if hits:
        client.get("/articles/" + quote(hits[0]["id"], safe=""))
    return warmed


def warm_worker(worker: Any) -> None:
    """gunicorn's ``post_worker_init``: warm the worker's app, telling the master the
    worker is alive meanwhile (a large index can take longer than gunicorn's timeout)."""
    done = threading.Event()

    def heartbeat() -> None:
        while not done.wait(HEARTBEAT_SECONDS):
            worker.notify()

    beating = threading.Thread(target=heartbeat, name="news-search-heartbeat")
    beating.start()
    try:
        warm_app(worker.wsgi)
    except Exception:  # a worker that could not warm still serves, cold
        log.exception("warming the worker failed")
    finally:
        done.set()
        beating.join()
    # What warming loaded stays for the worker's life: out of the collector's sight,
    # so that its full collections no longer walk it (Python's gc.freeze, meant for
    # servers that load before they serve).
    gc.freeze()
