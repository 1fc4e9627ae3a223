"""Cluster benchmark: a cold first index on a Dask cluster against the same index built here.

    python bench/cluster.py                         # tests/data/news, 2 workers of 1 thread
    python bench/cluster.py --workers 3 --out bench/results/cluster.json PATHS...

Starts ``dask scheduler`` and ``--workers`` one-thread ``dask worker`` processes on free
loopback ports, then indexes the same articles three times, each into a fresh index with an
empty extraction cache (so the model runs on every distinct text):

1. ``local``: the product's own path on this machine (worker processes from 400 articles
   to analyse, one process below);
2. ``cluster, cold workers``: ``--scheduler``, the workers loading the model on their first
   batch (what a new cluster costs);
3. ``cluster, warm workers``: the same again, the model already loaded on each worker.

It reports seconds and articles/s of each, whether the cluster's index equals the local
one (every facet's counts under a browse of everything, and every article's entities and
dates), the workers' peak resident memory (``VmHWM``), and the sizes behind the sizing
table of docs/scale-out.md: index and extraction cache bytes per article. On one machine
the workers share its cores with the writer, so the cluster cannot beat the local path
here; what it shows is the cost of the protocol and what a worker needs.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from search import Query, Settings, get_article, search  # noqa: E402
from search.indexing import index_paths  # noqa: E402
from search.query import iter_hits  # noqa: E402

DASK = Path(sys.executable).parent / "dask"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def log(msg: str) -> None:
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {msg}\n")
    sys.stderr.flush()


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def snapshot(settings: Settings) -> dict[str, Any]:
    browse = search(Query(facet_limit=100_000), settings)
    articles = {}
    for hit in iter_hits(Query(sort="oldest"), settings):
        record = get_article(hit.id, settings)
        articles[hit.id] = (record.published, record.entities, record.mentioned_dates)
    return {"facets": browse.facets, "articles": articles}


def build(paths: list[Path], folder: Path, scheduler: str | None) -> dict[str, Any]:
    settings = Settings.load(
        {"index_dir": folder / "index", "scheduler": scheduler}, environ={}
    )
    started = time.perf_counter()
    stats = index_paths(paths, settings)
    seconds = time.perf_counter() - started
    cache = settings.index_dir / "extract-cache.sqlite3"
    index_bytes = (
        sum(p.stat().st_size for p in settings.index_dir.rglob("*") if p.is_file())
        - cache.stat().st_size
    )
    articles = stats.indexed + stats.updated + stats.unchanged
    return {
        "settings": settings,
        "seconds": round(seconds, 2),
        "articles": articles,
        "analysed_with_ner": stats.analysed,
        "articles_per_s": round(articles / seconds, 1),
        "index_bytes_per_article": round(index_bytes / articles),
        "cache_bytes_per_text": round(cache.stat().st_size / max(1, stats.analysed)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "paths", nargs="*", type=Path, default=[REPO / "tests/data/news"]
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs: list[subprocess.Popen[bytes]] = []

    def start(name: str, *argv: str) -> subprocess.Popen[bytes]:
        with (work / f"{name}.log").open("wb") as out:
            proc = subprocess.Popen(
                [str(DASK), *argv], cwd=REPO, stdout=out, stderr=subprocess.STDOUT
            )
        procs.append(proc)
        return proc

    results: dict[str, Any] = {
        "machine": {
            "cpu_count": os.cpu_count(),
            "load_average_before": [round(x, 2) for x in os.getloadavg()],
        },
        "paths": [str(p) for p in args.paths],
        "workers": args.workers,
        "threads_per_worker": 1,
    }
    try:
        log("local build")
        local = build(args.paths, work / "local", None)
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(port))
        workers = [
            start(
                f"worker-{i}",
                "worker",
                address,
                "--nthreads",
                "1",
                "--no-nanny",
                "--no-dashboard",
                "--local-directory",
                str(work / f"worker-{i}"),
            )
            for i in range(args.workers)
        ]
        from distributed import Client

        with Client(address, timeout=30, set_as_default=False) as client:
            client.wait_for_workers(args.workers, timeout=120)
        log("cluster build, cold workers")
        cold = build(args.paths, work / "cold", address)
        log("cluster build, warm workers")
        warm = build(args.paths, work / "warm", address)
        rss = [peak_rss_mb(w.pid) for w in workers]
        expected = snapshot(local.pop("settings"))
        same = [snapshot(run.pop("settings")) == expected for run in (cold, warm)]
        results.update(
            {
                "local": local,
                "cluster_cold_workers": cold,
                "cluster_warm_workers": warm,
                "identical_to_local": all(same),
                "worker_peak_rss_mb": rss,
            }
        )
        results["machine"]["load_average_after"] = [
            round(x, 2) for x in os.getloadavg()
        ]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    text = json.dumps(results, indent=2, default=str)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0 if results.get("identical_to_local") else 1


if __name__ == "__main__":
    sys.exit(main())
