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


def test_a_worker_answers_one_request_at_a_time_in_the_order_they_came() -> None:
    """The threaded worker's threads wait for their turn at the app: never two searches
    at once in one process, and no request overtaken by later ones."""
    import threading

    from web.serial import OneAtATime

    first_in = threading.Event()
    release = threading.Event()
    running: list[str] = []
    order: list[str] = []
    overlap: list[int] = []

    def app(environ: dict, start_response: object) -> list[bytes]:
        running.append(environ["name"])
        overlap.append(len(running))
        if environ["name"] == "first":
            first_in.set()
            release.wait(5)
        order.append(environ["name"])
        running.remove(environ["name"])
        return [b""]

    serial = OneAtATime(app)
    names = ["first", *(f"r{i}" for i in range(6))]
    threads = []
    for name in names:
        t = threading.Thread(target=serial, args=({"name": name}, None))
        t.start()
        threads.append(t)
        if name == "first":
            assert first_in.wait(5)
        time.sleep(0.05)  # each waiting request has taken its ticket before the next
    release.set()
    for t in threads:
        t.join(5)
    assert order == names
    assert max(overlap) == 1
