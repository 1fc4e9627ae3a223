"""One request at a time per worker process, whatever number of threads hold connections.

``news-search serve`` runs gunicorn's threaded worker (``web/gunicorn_config.py``) so
that connections a browser opens and leaves idle (preconnects, kept-alive sockets) wait
in the worker's poller instead of each holding a whole worker, as its sync worker did.
The threads are there for the sockets, not for the searching: searching is CPU work
under one GIL, and the app's open index and its caches were written for one request at
a time. :class:`OneAtATime` keeps it so.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class OneAtATime:
    """A WSGI app that runs ``app`` for one request at a time, in the order they came.

    The turn covers the app's call, where Flask builds the whole response; sending the
    body to a slow client happens after it, so that client holds no one up. Turns are
    first come, first served: with a plain lock a request could wait behind later ones,
    which showed as a longer tail (p99) under load.
    """

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self._turns = threading.Condition()
        self._issued = 0  # tickets handed out
        self._serving = 0  # the ticket whose turn it is

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        with self._turns:
            ticket = self._issued
            self._issued += 1
            self._turns.wait_for(lambda: self._serving == ticket)
        try:
            return self.app(environ, start_response)
        finally:
            with self._turns:
                self._serving += 1
                self._turns.notify_all()
