"""Web benchmark: the real server (``news-search serve``, gunicorn) under concurrent clients.

The server is started as a subprocess on a free loopback port with the index of one set,
and driven by ``clients`` threads that each open a new HTTP/1.0 connection per request (as
gunicorn's sync workers expect), walking the query set in turn. A run stops after
``max_requests`` requests or ``max_seconds``, whichever comes first. The clients share the
machine with the server (2 cores), so figures are a floor for a real deployment.

Peak RSS is the sum over the gunicorn master and its workers of ``VmHWM`` (the kernel's
high-water mark of resident memory per process), read just before the server stops.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def query_string(q: dict[str, Any]) -> str:
    params: list[tuple[str, str]] = [("q", q["text"])]
    for kind in ("person", "org", "place"):
        params += [(kind, v) for v in q.get(kind, [])]
    for key in ("from", "to"):
        if q.get(key):
            params.append((key, q[key]))
    return urlencode(params)


class Server:
    """``news-search --index-dir DIR serve`` on a free port, stopped on exit."""

    def __init__(
        self,
        index_dir: Path,
        workers: int = 2,
        env: dict[str, str] | None = None,
        probe: str = "/api/search?q=",
    ) -> None:
        """:param probe: what is fetched until the server answers (a static file, for a
        server whose index nothing has touched yet)."""
        self.index_dir = index_dir
        self.workers = workers
        self.probe = probe
        self.extra_env = env or {}
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        # A file, not a pipe: a pipe nobody reads would block the server once full.
        self.errors = tempfile.TemporaryFile()

    def __enter__(self) -> Server:
        cli = BIN / "news-search"
        command = [str(cli)] if cli.exists() else [sys.executable, "-m", "search"]
        # The checkout this file belongs to, not whatever an editable install points at.
        env = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join(
                [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
            **self.extra_env,
        )
        self.proc = subprocess.Popen(
            [
                *command,
                "--index-dir",
                str(self.index_dir),
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
            ],
            stdout=subprocess.DEVNULL,
            stderr=self.errors,
            start_new_session=True,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.errors.seek(0)
                err = self.errors.read().decode(errors="replace")
                raise RuntimeError(
                    f"server exited with {self.proc.returncode}: {err[-2000:]}"
                )
            try:
                status, _body, _s = self.get(self.probe)
                if status < 500:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("server did not answer within 60 s")
        return self

    def get(self, path: str) -> tuple[int, int, float]:
        """(status, body bytes, seconds) of one GET on a fresh connection."""
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("GET", path, headers={"Connection": "close"})
            resp = conn.getresponse()
            body = resp.read()
            return resp.status, len(body), time.perf_counter() - started
        finally:
            conn.close()

    def wait_warm(self, timeout: float = 180.0) -> float:
        """Wait until every worker has warmed (``web.warmup`` logs one line per worker
        when it is done, or why it could not), so that a load run measures the server
        as readers meet it, not one worker answering while another still reads ahead;
        the seconds waited."""
        started = time.monotonic()
        done = ("warmed gen", "nothing to warm", "warming the worker failed")
        while time.monotonic() - started < timeout:
            self.errors.seek(0)
            lines = self.errors.read().decode(errors="replace").splitlines()
            warmed = [
                line
                for line in lines
                if any(d in line for d in done) and "published since" not in line
            ]
            if len(warmed) >= self.workers:
                break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"the workers did not warm within {timeout:.0f} s")
        return time.monotonic() - started

    def pids(self) -> list[int]:
        assert self.proc is not None
        pids = [self.proc.pid]
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == self.proc.pid:
                pids.append(int(stat.parent.name))
        return pids

    def peak_rss_bytes(self) -> int:
        total = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1]) * 1024
            except OSError:
                continue
        return total

    def __exit__(self, *exc: object) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.errors.close()


def load(
    server: Server,
    paths: list[str],
    clients: int,
    max_requests: int,
    max_seconds: float,
    ok_statuses: Collection[int] = (200,),
) -> dict[str, Any]:
    """Drive ``server`` with ``clients`` threads over ``paths``; throughput and latencies.

    Requests/s and latencies count the answers whose status is in ``ok_statuses``
    (``bench/load.py`` adds the 400s and 404s its bad URLs are meant to get).
    """
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    counter = iter(range(max_requests))
    deadline = time.perf_counter() + max_seconds

    def client() -> None:
        while time.perf_counter() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            try:
                status, _n, seconds = server.get(paths[i % len(paths)])
            except OSError:
                status, seconds = 599, 0.0
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status in ok_statuses:
                    latencies.append(seconds)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    ok = len(latencies)

    def pct(p: float) -> float | None:
        return round(latencies[min(ok - 1, int(p * ok))] * 1000, 1) if ok else None

    return {
        "requests": sum(statuses.values()),
        "ok": ok,
        "statuses": statuses,
        "seconds": round(elapsed, 2),
        "requests_per_s": round(ok / elapsed, 1),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "clients": clients,
    }


def run(
    index_dir: Path,
    queries: list[dict[str, Any]],
    clients: int = 8,
    max_requests: int = 600,
    max_seconds: float = 30.0,
    workers: int = 2,
    result_cache: int = 0,
) -> dict[str, Any]:
    """Benchmark ``/api/search`` and the HTML search page ``/`` with the same queries.

    ``result_cache`` is the server's setting: 0 (the default here) makes every request
    do its search, so the figures are the work of the queries themselves. (A run walks
    the query list in turn, so with the default cache of 256 results and 400 queries a
    query is always evicted before it comes back: its figures would be the same.)"""
    out: dict[str, Any] = {
        "workers": workers,
        "clients": clients,
        "result_cache": result_cache,
        "bounds": {"max_requests": max_requests, "max_seconds": max_seconds},
    }
    env = {"NEWS_SEARCH_RESULT_CACHE": str(result_cache)}
    with Server(index_dir, workers, env) as server:
        out["warm_wait_s"] = round(server.wait_warm(), 1)
        for name, prefix in (("api", "/api/search?"), ("html", "/?")):
            paths = [prefix + query_string(q) for q in queries]
            status, _n, _s = server.get(paths[0])
            if status == 404:
                out[name] = {"skipped": f"{prefix.rstrip('?')} answered 404"}
                continue
            for p in paths[:4]:  # warm each worker's open index
                server.get(p)
            out[name] = load(server, paths, clients, max_requests, max_seconds)
        out["peak_rss_mb"] = round(server.peak_rss_bytes() / 2**20, 1)
        out["processes"] = len(server.pids())
    return out


def first_queries(
    index_dir: Path,
    queries: list[dict[str, Any]],
    publish: Callable[[], object],
    warm_queries: int = 20,
    window: float = 10.0,
) -> dict[str, Any]:
    """The first search a fresh worker answers, and the searches after a generation
    switch, on one worker (every request reaches it) with the result cache off.

    *After boot*: the server is up when it answers a static file (which touches no
    index); then the first query of the set is timed, then ``warm_queries`` more for a
    warm reference. *After a switch*: ``publish()`` publishes a new generation of the
    index (a reindex); then queries are sent one after another for ``window`` seconds,
    the first of them the first request to see the new generation: its time, and the
    slowest, say whether a reader paid for opening it.
    """
    paths = ["/api/search?" + query_string(q) for q in queries]
    env = {"NEWS_SEARCH_RESULT_CACHE": "0"}
    with Server(index_dir, 1, env, probe="/static/style.css") as server:
        first = server.get(paths[0])[2]
        warm = [server.get(p)[2] for p in paths[1 : warm_queries + 1]]
        publish()
        after: list[float] = []
        deadline = time.perf_counter() + window
        i = warm_queries + 1
        while time.perf_counter() < deadline or not after:
            after.append(server.get(paths[i % len(paths)])[2])
            i += 1

    def ms(seconds: float) -> float:
        return round(seconds * 1000, 1)

    return {
        "workers": 1,
        "after_boot_ms": ms(first),
        "warm_p50_ms": ms(statistics.median(warm)),
        "after_switch_first_ms": ms(after[0]),
        "after_switch_max_ms": ms(max(after)),
        "after_switch_p50_ms": ms(statistics.median(after)),
        "after_switch_requests": len(after),
        "window_s": window,
    }
