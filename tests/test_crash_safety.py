"""Crash safety and concurrency of indexing (issue #7), with real processes.

The real CLI (``python -m search``) runs as a subprocess and is killed with SIGKILL at
evenly spaced moments of its run (fractions of the time an uninterrupted run of the same
command took), during ``reindex --full`` and during an incremental ``index``. After
every kill the index must hold exactly the old corpus or exactly the new one, with its
article state agreeing with Whoosh, and the write lock must be free. The next run has to
clean up without help. A live gunicorn server is searched throughout a full reindex,
and two indexers are started at once.

The corpus has two versions, A and B: the two seeds and 80 generated articles in both,
20 of which B edits (they gain the word "revised"), plus 10 articles only in A and 10
only in B. Both versions are indexed once up front, so the extraction cache holds every
text and the runs under test cost little more than Whoosh's work and the start-up.
Everything is real: spaCy, Whoosh, gunicorn.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, SEEDS, start_server, stop_server
from whoosh.util.filelock import FileLock

from search import Query, Settings, search
from search.indexing import index_paths
from search.store import IndexState
from search.store import schema as S

COMMON = 80
EDITED = 20
ONLY = 10
CITIES = ("Lisbon", "Athens", "Ottawa", "Nairobi", "Lima", "Oslo", "Hanoi", "Cairo")
PEOPLE = ("Maria Silva", "John Carter", "Amina Yusuf", "Lars Berg", "Chen Wei")
SEED_IDS = {p.stem for p in SEEDS.glob("*.txt")}
IDS = {
    "A": SEED_IDS
    | {f"art{i:03d}" for i in range(COMMON)}
    | {f"a{i:02d}" for i in range(ONLY)},
    "B": SEED_IDS
    | {f"art{i:03d}" for i in range(COMMON)}
    | {f"b{i:02d}" for i in range(ONLY)},
}
REVISED = {"A": set(), "B": {f"art{i:03d}" for i in range(EDITED)}}
#: What may be in an index directory after a run: the pointer, the lock, the cache, the
#: live generation and the one it replaced.
TOP_LEVEL = {S.CURRENT_FILE, "WRITELOCK", S.CACHE_FILE}
KILLS_FULL = 8
KILLS_INCREMENTAL = 6


def _article(i: int, name: str, revised: bool) -> str:
    city, person = CITIES[i % len(CITIES)], PEOPLE[i % len(PEOPLE)]
    text = " ".join([f"{person} spoke in {city} about harbour plan number {i}."] * 5)
    if revised:
        text += f" The revised plan for {city} was approved on Monday."
    return f"Story {name} from {city}\n\ndate 2021-0{1 + i % 9}-1{i % 10}\n\n{text}\n"


def write_corpus(folder: Path, version: str) -> None:
    """Make ``folder`` hold version A or B of the corpus (and nothing else)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    for i in range(COMMON):
        revised = version == "B" and i < EDITED
        (folder / f"art{i:03d}.txt").write_text(
            _article(i, f"art{i}", revised), "utf-8"
        )
    prefix = version.lower()
    for i in range(ONLY):
        name = f"{prefix}{i:02d}"
        (folder / f"{name}.txt").write_text(_article(COMMON + i, name, False), "utf-8")


def cli_env() -> dict[str, str]:
    """This environment without NEWS_SEARCH_* settings, and one extraction process: a
    killed parent must not leave spaCy workers behind."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWS_SEARCH_")}
    env["NEWS_SEARCH_PROCESSES"] = "1"
    return env


def start_cli(index_dir: Path, *args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "search", "--silent", "--index-dir", str(index_dir)]
        + [str(a) for a in args],
        cwd=REPO,
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_cli(index_dir: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    proc = start_cli(index_dir, *args)
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def searched(index_dir: Path, text: str = "") -> set[str]:
    """Ids of every article matching ``text``, through the library's ``search``."""
    settings = Settings.load({"index_dir": index_dir}, environ={})
    result = search(Query(text=text, page_size=1000), settings)
    ids = {hit.id for hit in result.hits}
    assert result.total == len(ids) == len(result.hits), "an article is indexed twice"
    return ids


def version_of(index_dir: Path) -> str:
    """Which version, "A" or "B", the index holds exactly; fails on anything else."""
    ids, revised = searched(index_dir), searched(index_dir, "revised")
    live = S.live_dir(index_dir)
    state = IndexState(live)
    try:
        state_ids = set(state.docs())
    finally:
        state.close()
    meta = S.read_meta(index_dir)
    matches = [v for v in IDS if ids == IDS[v] and revised == REVISED[v]]
    assert matches, (
        f"neither old nor new content: {len(ids)} articles, "
        f"only A {sorted(ids & (IDS['A'] - IDS['B']))}, "
        f"only B {sorted(ids & (IDS['B'] - IDS['A']))}, revised {sorted(revised)}"
    )
    assert state_ids == ids, "state.sqlite3 disagrees with the Whoosh index"
    assert meta["sources"], meta
    return matches[0]


def lock_is_free(index_dir: Path) -> bool:
    lock = FileLock(str(index_dir / "WRITELOCK"))
    if not lock.acquire(blocking=False):
        return False
    lock.release()
    return True


def generations(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.iterdir() if p.name.startswith("gen-"))


def assert_clean(index_dir: Path) -> None:
    """Only the pointer, lock, cache, live generation and the one it replaced remain."""
    live = S.live_dir(index_dir).name
    entries = {p.name for p in index_dir.iterdir()}
    gens = generations(index_dir)
    assert entries - set(gens) <= TOP_LEVEL, sorted(entries)
    assert live in gens and len(gens) <= 2, gens
    assert all(g <= live for g in gens), f"an unpublished generation is left: {gens}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(news folder, index of version A whose cache also holds B's extractions)."""
    root = tmp_path_factory.mktemp("crash")
    news, index_dir = root / "news", root / "index"
    for version in ("B", "A"):
        write_corpus(news, version)
        ok(run_cli(index_dir, "index", news))
    assert version_of(index_dir) == "A"
    return news, index_dir


@pytest.fixture
def index_a(corpus: tuple[Path, Path], tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(news folder holding version A, a private copy of the index of A).

    The news folder is shared (sources are recorded as absolute paths); each test sets
    the version it needs.
    """
    news, index_dir = corpus
    write_corpus(news, "A")
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    yield news, copy


def building(index_dir: Path, proc: subprocess.Popen[str], before: list[str]) -> bool:
    """Wait until ``proc`` starts building a generation (it then holds the lock);
    ``False`` if it exited first.

    :param before: the generations before ``proc`` started.
    """
    while proc.poll() is None:
        if generations(index_dir)[-1] > before[-1]:
            return True
        time.sleep(0.002)
    return False


def published_within(index_dir: Path, live: Path, seconds: float) -> float | None:
    """Wait ``seconds``, watching ``CURRENT``; how long it took to change, if it did."""
    started = time.monotonic()
    while (elapsed := time.monotonic() - started) < seconds:
        if S.live_dir(index_dir) != live:
            return elapsed
        time.sleep(0.002)
    return None


def finishing(index_dir: Path, proc: subprocess.Popen[str], since_ns: int) -> None:
    """Wait until ``proc`` has written the meta.json of its new generation, its last
    step before publishing it (an incremental run's copy of the old one does not count:
    it keeps the old file's time)."""
    while proc.poll() is None:
        newest = generations(index_dir)[-1]
        try:
            if (index_dir / newest / "meta.json").stat().st_mtime_ns >= since_ns:
                return
        except FileNotFoundError:
            pass
        time.sleep(0.0005)


def kill_during(
    news: Path, index_dir: Path, args: tuple[str | Path, ...], kills: int
) -> dict[str, int]:
    """Run ``args`` ``kills`` times on a changed corpus and SIGKILL it at evenly spaced
    moments of its work, then check what the index holds.

    The work is what the run does under the write lock, from the moment its new
    generation appears until it is published; start-up (imports, loading the model) and
    the interpreter's exit are not interesting and take most of a run on this small
    corpus. The kills are spread from the moment the generation appears to a little past
    the publication (the last ones land while the process exits). How long the work
    takes is measured on an uninterrupted run, and again whenever a run publishes
    before its kill, as the machine's load varies. Two more kills land as soon as the
    new generation is complete but not yet published, where the former swap by two
    renames had its gap.
    """
    before = version_of(index_dir)
    write_corpus(news, "B" if before == "A" else "A")
    live = S.live_dir(index_dir)
    proc = start_cli(index_dir, *args)  # uninterrupted: how long the work takes
    assert building(index_dir, proc, generations(index_dir)), proc.communicate()
    work = published_within(index_dir, live, 60)
    ok(subprocess.CompletedProcess(proc.args, proc.wait(), *proc.communicate()))
    assert work is not None
    seen = {"old": 0, "new": 0, "unpublished": 0, "unpublished, complete": 0}
    for k in range(kills + 2):
        old = version_of(index_dir)
        new = "B" if old == "A" else "A"
        write_corpus(news, new)
        live, gens = S.live_dir(index_dir), generations(index_dir)
        proc = start_cli(index_dir, *args)
        if not building(index_dir, proc, gens):
            pass
        elif k < kills:
            took = published_within(index_dir, live, work * 1.1 * k / (kills - 1))
            work = took or work
        else:
            finishing(index_dir, proc, time.time_ns() - 50_000_000)
        proc.send_signal(signal.SIGKILL)
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode in (0, -signal.SIGKILL), err
        now = version_of(index_dir)
        seen["old" if now == old else "new"] += 1
        live = S.live_dir(index_dir)
        unpublished = [g for g in generations(index_dir) if g > live.name]
        if now == old and unpublished:
            seen["unpublished"] += 1
            # Whoosh, state and meta.json all written, only the switch missing.
            if (index_dir / unpublished[0] / "meta.json").exists():
                seen["unpublished, complete"] += 1
        assert lock_is_free(index_dir), f"kill {k}: the write lock is still held"
    # The next run recovers by itself and leaves nothing behind.
    final = "B" if version_of(index_dir) == "A" else "A"
    write_corpus(news, final)
    ok(run_cli(index_dir, *args))
    assert version_of(index_dir) == final
    assert_clean(index_dir)
    # The state agrees with Whoosh: nothing to do on the next run.
    assert ok(run_cli(index_dir, "index", news)).startswith(
        f"indexed 0, updated 0, unchanged {len(IDS[final])}, removed 0"
    )
    return seen


@pytest.mark.parametrize(
    "command",
    [("reindex", "--full"), ("index", "NEWS")],
    ids=["reindex-full", "index-incremental"],
)
def test_a_killed_indexer_leaves_the_old_or_the_new_index_and_the_next_run_recovers(
    index_a: tuple[Path, Path], command: tuple[str, ...]
) -> None:
    news, index_dir = index_a
    args = tuple(news if a == "NEWS" else a for a in command)
    kills = KILLS_FULL if command[0] == "reindex" else KILLS_INCREMENTAL
    seen = kill_during(news, index_dir, args, kills)
    # The kills really hit the work: most left a generation half built.
    assert seen["unpublished"] >= kills // 2, seen
    assert seen["unpublished, complete"] >= 1, seen
    assert seen["old"] + seen["new"] == kills + 2


def test_the_server_answers_throughout_a_full_reindex_and_then_serves_the_new_index(
    index_a: tuple[Path, Path], tmp_path: Path
) -> None:
    news, index_dir = index_a
    server = start_server(
        index_dir, tmp_path / "gunicorn.log", "--workers", "2", environ=cli_env()
    )
    old = (len(IDS["A"]), 0)
    new = (len(IDS["B"]), EDITED)
    try:
        write_corpus(news, "B")
        proc = start_cli(index_dir, "reindex", "--full")
        during: list[tuple[int, int]] = []
        while proc.poll() is None:
            during.append(_poll(server.url))
        assert proc.returncode == 0, proc.communicate()[1]
        # Each worker warms the new generation in the background once a request has
        # shown it there, answering from the old one meanwhile (web.context.AppIndex).
        after: list[tuple[int, int]] = []
        deadline = time.monotonic() + 30
        while after[-5:] != [new] * 5 and time.monotonic() < deadline:
            after.append(_poll(server.url))
    finally:
        stop_server(server)
    assert len(during) >= 10, "too few searches during the reindex"
    assert set(during) | set(after) <= {old, new}, set(during) | set(after)
    assert during[0] == old
    assert after[-5:] == [new] * 5, "the server did not switch to the new index"


def _poll(url: str) -> tuple[int, int]:
    """(articles, articles matching "revised"), from two API searches that must be 200."""
    totals = []
    for q in ("", "revised"):
        with urllib.request.urlopen(
            f"{url}/api/search?q={q}&page_size=5", timeout=30
        ) as r:
            assert r.status == 200
            data = json.load(r)
        assert len(data["hits"]) == min(5, data["total"]), data
        totals.append(data["total"])
    return totals[0], totals[1]


def test_a_second_indexer_is_refused_while_the_first_writes(
    index_a: tuple[Path, Path],
) -> None:
    news, index_dir = index_a
    # Text the extraction cache has never seen: the first run spends seconds in spaCy.
    for i in range(COMMON):
        path = news / f"art{i:03d}.txt"
        path.write_text(_article(i, f"fresh{i}", True), "utf-8")
    live = S.live_dir(index_dir).name
    first = start_cli(index_dir, "reindex", "--full")
    deadline = time.monotonic() + 30
    while generations(index_dir)[-1] <= live:  # a new one: the first holds the lock
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.02)
    second = run_cli(index_dir, "index", news)
    still_writing = first.poll() is None
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert still_writing, "the first indexer finished too soon to test anything"
    assert second.returncode == 1, second.stdout + second.stderr
    assert second.stderr == (
        f"Error: The index in {index_dir} is being written by another process; "
        "try again when it has finished\n"
    )
    assert searched(index_dir, "revised") == {f"art{i:03d}" for i in range(COMMON)}
    # Once the first is done, the second goes through.
    assert ok(run_cli(index_dir, "index", news)).startswith("indexed 0, updated 0")
    assert_clean(index_dir)


def test_an_index_from_before_generations_is_read_then_moved_into_one(
    writable_seed_settings: Settings,
) -> None:
    """The layout of earlier versions (whoosh/, state.sqlite3 and meta.json directly in
    the index directory) is searched as it is; the next run moves it into a generation,
    and the run after that removes the old files."""
    index_dir = writable_seed_settings.index_dir
    live = S.live_dir(index_dir)
    for entry in live.iterdir():
        entry.rename(index_dir / entry.name)
    live.rmdir()
    for name in generations(index_dir) + [S.CURRENT_FILE]:
        shutil.rmtree(index_dir / name, ignore_errors=True)
        (index_dir / name).unlink(missing_ok=True)
    assert not generations(index_dir) and (index_dir / "whoosh").is_dir()
    assert searched(index_dir) == SEED_IDS
    for _ in range(2):
        stats = index_paths([SEEDS], writable_seed_settings)
        assert (stats.indexed, stats.unchanged) == (0, len(SEED_IDS))
        assert searched(index_dir) == SEED_IDS
    assert_clean(index_dir)
