"""Entity extraction on a Dask cluster (#17): a real ``dask scheduler`` and ``dask worker``
processes on loopback, started by these tests and killed when they end.

Indexing through the cluster must give what a local run gives (the same entities, dates
and facets for every article, copies of one text included), survive a worker killed in
the middle of its batch (the batch runs elsewhere, no article is missing or doubled),
keep only a bounded window of batches on the cluster, and stop with a readable error,
before writing anything, when the scheduler cannot be reached.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from distributed import Client

from search import Query, Settings, get_article, search
from search.cli import cli
from search.extract.cluster import BATCHES_PER_THREAD, TASK_PREFIX
from search.indexing import index_paths
from search.query import index_stats, iter_hits

REPO = Path(__file__).resolve().parent.parent
NEWS = REPO / "tests" / "data" / "news"
DASK = Path(sys.executable).parent / "dask"
#: Small batches, so that a run of 61 articles is 16 tasks spread over the workers.
BATCH = 4


@pytest.fixture(autouse=True)
def _no_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("NEWS_SEARCH_"):
            monkeypatch.delenv(name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    """A scheduler and its worker processes, each logging to a file of its own."""

    address: str
    folder: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        with (self.folder / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(
                [str(DASK), *args],
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.processes[name] = process
        return process

    def start_worker(self, name: str) -> subprocess.Popen[bytes]:
        """A worker of one thread, without a nanny (so killing it kills the worker)."""
        return self.start(
            name,
            "worker",
            self.address,
            "--name",
            name,
            "--nthreads",
            "1",
            "--no-nanny",
            "--no-dashboard",
            "--death-timeout",
            "60",  # gone with the scheduler, even if the teardown is not reached
            "--local-directory",
            str(self.folder / name),
        )

    def client(self) -> Client:
        return Client(self.address, timeout=30, set_as_default=False)

    def wait_for_workers(self, n: int) -> None:
        with self.client() as client:
            try:
                client.wait_for_workers(n, timeout=90)
            except TimeoutError:
                pytest.fail(f"{n} Dask workers did not start:\n{self.logs()}")

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
            for p in sorted(self.folder.glob("*.log"))
        )

    def stop(self) -> None:
        """Workers first, while their scheduler can still take their goodbye (stopped
        together, each worker waited on the gone scheduler until killed: 30 s)."""
        for process in reversed(self.processes.values()):
            if process.poll() is None:
                process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """``dask scheduler`` on a free loopback port and two one-thread workers."""
    port = free_port()
    found = Cluster(f"tcp://127.0.0.1:{port}", tmp_path_factory.mktemp("dask"))
    try:
        found.start(
            "scheduler",
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-dashboard",
            "--idle-timeout",
            "600",  # gone by itself, even if the teardown is not reached
        )
        found.start_worker("worker-1")
        found.start_worker("worker-2")
        found.wait_for_workers(2)
        yield found
    finally:
        found.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """61 real articles: 30 from Wikinews, 30 from Reuters and a copy of one Wikinews
    text under another id (two articles, one text: one result for both)."""
    wikinews = (NEWS / "wikinews.jsonl").read_text(encoding="utf-8").splitlines()
    reuters = (NEWS / "reuters.jsonl").read_text(encoding="utf-8").splitlines()
    copy = json.loads(wikinews[3])
    copy["id"] = "copy-of-" + copy["id"]
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    lines = [*wikinews[:30], *reuters[:30], json.dumps(copy)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(settings: Settings) -> dict[str, Any]:
    """What a reader of the index relies on: every facet's values and counts, and every
    article's entities, mentioned dates and publication date."""
    browse = search(Query(facet_limit=1000), settings)
    articles = {}
    for hit in iter_hits(Query(sort="oldest"), settings):
        record = get_article(hit.id, settings)
        articles[hit.id] = (
            record.published,
            record.published_source,
            record.entities,
            record.mentioned_dates,
        )
    return {"total": browse.total, "facets": browse.facets, "articles": articles}


@pytest.fixture(scope="module")
def local(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The corpus indexed on this machine, as every run without a cluster does."""
    settings = Settings.load(
        {"index_dir": tmp_path_factory.mktemp("local") / "index"}, environ={}
    )
    stats = index_paths([corpus], settings)
    assert stats.indexed == 61 and not stats.skipped, stats.summary()
    return snapshot(settings)


def cached_texts(settings: Settings) -> int:
    import sqlite3

    db = sqlite3.connect(settings.index_dir / "extract-cache.sqlite3")
    try:
        return int(db.execute("SELECT count(*) FROM raw").fetchone()[0])
    finally:
        db.close()


def test_index_on_the_cluster_gives_what_a_local_run_gives(
    cluster, corpus, local, runner, tmp_path
):
    index_dir = tmp_path / "index"
    result = runner.invoke(
        cli,
        ["--silent", "--index-dir", str(index_dir), "index"]
        + ["--scheduler", cluster.address, str(corpus)],
        env={"NEWS_SEARCH_BATCH_SIZE": str(BATCH)},
    )
    assert result.exit_code == 0, result.output + cluster.logs()
    assert result.stdout.startswith("indexed 61, updated 0, unchanged 0"), result.output

    settings = Settings.load({"index_dir": index_dir}, environ={})
    got = snapshot(settings)
    assert got["total"] == local["total"] == 61
    assert got["facets"] == local["facets"]
    assert got["articles"] == local["articles"]
    # One model run per distinct text: the copy shared its original's result.
    assert cached_texts(settings) == 60


def test_a_worker_killed_mid_batch_loses_and_doubles_nothing(
    cluster, corpus, local, tmp_path
):
    doomed = cluster.start_worker("worker-doomed")
    cluster.wait_for_workers(3)
    settings = Settings.load(
        {"index_dir": tmp_path / "index", "scheduler": cluster.address},
        environ={},
    )
    settings = settings.replace(batch_size=BATCH)
    batches = -(-60 // BATCH)
    seen: dict[str, Any] = {"tasks": [], "killed_with": None}

    with cluster.client() as monitor:
        doomed_address = next(
            address
            for address, info in monitor.scheduler_info(n_workers=-1)["workers"].items()
            if info["name"] == "worker-doomed"
        )

        def ours_on_scheduler(dask_scheduler: Any) -> int:
            return sum(1 for key in dask_scheduler.tasks if TASK_PREFIX in str(key))

        def progress(n: int, total: int) -> None:
            seen["tasks"].append(monitor.run_on_scheduler(ours_on_scheduler))
            # Called with 0 before anything runs, 1 for the copy (its text is
            # analysed once, for the original), then with each batch's 4 articles.
            if n < BATCH or seen["killed_with"] is not None:
                return
            # The first batch is back: kill the third worker while it holds one.
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                held = monitor.processing(workers=[doomed_address])[doomed_address]
                if held:
                    break
                time.sleep(0.05)
            seen["killed_with"] = list(held)
            os.kill(doomed.pid, signal.SIGKILL)
            doomed.wait(timeout=10)

        stats = index_paths([corpus], settings, progress=progress)
        workers = monitor.scheduler_info(n_workers=-1)["workers"]

    assert seen["killed_with"], "the killed worker held no batch:\n" + cluster.logs()
    assert doomed_address not in workers
    assert stats.indexed == 61 and stats.updated == 0, stats.summary()
    got = snapshot(settings)
    assert got["articles"] == local["articles"]
    assert got["facets"] == local["facets"]
    assert index_stats(settings)["articles"] == 61  # no document written twice
    # The cluster never held more than the window of batches, not the whole run.
    window = BATCHES_PER_THREAD * 3
    assert max(seen["tasks"]) <= window < batches


def test_an_unreachable_scheduler_is_one_error_before_anything_is_written(
    runner, corpus, tmp_path
):
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    index_dir = tmp_path / "index"
    result = runner.invoke(
        cli,
        ["--index-dir", str(index_dir), "index", "--scheduler", address, str(corpus)],
    )
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(
        f"Error: cannot reach the Dask scheduler at {address}"
    ), result.stderr
    assert "Traceback" not in result.output
    assert not index_dir.exists()


def test_reindex_with_an_unreachable_scheduler_leaves_the_index_as_it_was(
    runner, writable_seed_settings
):
    index_dir = writable_seed_settings.index_dir
    before = {p: p.stat().st_mtime_ns for p in index_dir.rglob("*")}
    address = f"tcp://127.0.0.1:{free_port()}"
    result = runner.invoke(
        cli,
        ["--index-dir", str(index_dir), "reindex", "--full", "--scheduler", address],
    )
    assert result.exit_code == 1, result.output
    assert "cannot reach the Dask scheduler" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in index_dir.rglob("*")} == before


def test_a_scheduler_address_that_is_not_one_is_a_readable_error(
    runner, corpus, tmp_path
):
    result = runner.invoke(
        cli,
        ["--index-dir", str(tmp_path / "index"), "index"]
        + ["--scheduler", "tcp://nowhere", str(corpus)],
    )
    assert result.exit_code == 1, result.output
    assert "is not the address of a Dask scheduler" in result.stderr
