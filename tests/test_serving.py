"""How ``news-search serve`` treats connections, as a browser opens them."""

from __future__ import annotations

import json
import socket
import time
import urllib.request
from urllib.parse import urlsplit

from conftest import LiveServer


def test_idle_connections_do_not_hold_up_answers(live_server: LiveServer) -> None:
    """A browser opens connections it may never use (preconnects) and keeps others
    open between requests. Before, each of gunicorn's sync workers sat on one such
    socket until its 30 s timeout, so a page whose sockets outnumbered the workers hung
    (a CI run timed out loading one page this way)."""
    where = urlsplit(live_server.url)
    idle = [
        socket.create_connection((where.hostname, where.port), timeout=5)
        for _ in range(8)  # more than a browser opens per host
    ]
    try:
        time.sleep(0.5)  # every idle socket accepted by now
        started = time.monotonic()
        with urllib.request.urlopen(
            live_server.url + "/api/search?q=harbour", timeout=10
        ) as response:
            body = json.load(response)
        waited = time.monotonic() - started
    finally:
        for sock in idle:
            sock.close()
    assert body["total"] >= 1
    assert waited < 3, f"answered after {waited:.1f} s behind idle connections"
