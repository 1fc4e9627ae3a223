"""Generations of an index: how a writing run replaces the index in one atomic step.

Every writing run (``index``, ``reindex``, ``reindex --full``) builds a new *generation*
directory beside the live one and publishes it by replacing the one-line ``CURRENT``
file (temporary file, fsync, ``os.replace``, fsync of the directory). The layout is in
:mod:`search.store.schema`. Why this shape:

- The index directory's path never changes, and there is no moment without a live
  index: ``CURRENT`` names the old generation until ``os.replace`` makes it name the new
  one. A swap by two renames (live -> old, fresh -> live) would leave no index at the
  configured path if the process died between them.
- Whoosh, ``state.sqlite3`` and ``meta.json`` of a generation are published together,
  so they cannot disagree: otherwise a run killed after Whoosh's commit but before the
  state's would leave documents in Whoosh that the state does not know, which the next
  run would add a second time. A reader sees the old generation or the new one, whole.
- An incremental run starts its generation as a copy of the live one: Whoosh segment
  files never change once written, so they are hard links (cheap at any size); the TOC,
  ``state.sqlite3`` (SQLite's backup API) and ``meta.json`` are copied. Whoosh then
  commits its new segment there as usual.
- Published generations are never written again, so a reader that resolved ``CURRENT``
  (:class:`search.query.Index`) reads one consistent snapshot for as long as it keeps it. The generation
  just replaced is kept until the next writing run starts, for searches that opened it a
  moment before the switch; a full rebuild therefore holds two copies of the index on
  disk until then.

Recovery needs no journal: a writing run takes ``WRITELOCK`` (``flock``, which the
kernel releases when its holder dies, even by SIGKILL, so a killed writer never leaves a
stale lock), then removes every generation but the live one, an unfinished ``CURRENT``
replacement, and the files of a pre-generation index once ``CURRENT`` exists. Only
stock Whoosh 2.7 is used: ``FileLock`` and ordinary index directories.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh.util.filelock import FileLock

from ..errors import IndexLockedError
from . import schema as S

log = logging.getLogger(__name__)

LOCK_FILE = "WRITELOCK"
#: Files of an index written before generations, directly in the index directory.
LEGACY_ENTRIES = (
    "whoosh",
    "state.sqlite3",
    "state.sqlite3-journal",
    "meta.json",
    "meta.json.tmp",
)


def locked_message(index_dir: Path) -> str:
    return (
        f"The index in {index_dir} is being written by another process; try again when "
        "it has finished"
    )


@contextmanager
def write_lock(index_dir: Path) -> Iterator[int]:
    """Hold the index's write lock for the block, and clear what a dead writer left.

    Yields the highest generation number found, removed ones included, for
    :func:`new_generation`: a name is never used twice, so nothing that saw an
    unpublished generation can mistake its successor for it.

    :raises IndexLockedError: another process holds the lock (it is not waited for: a
        full rebuild can take hours, better say so at once).
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir / LOCK_FILE))
    if not lock.acquire(blocking=False):
        raise IndexLockedError(locked_message(index_dir))
    try:
        yield recover(index_dir)
    finally:
        lock.release()


def recover(index_dir: Path) -> int:
    """Remove what an interrupted or finished writing run left beside the live index;
    return the highest generation number found.

    Call with the write lock held. Readers that still use the generation removed here
    opened it before the previous run published its successor, and have moved on since.
    """
    live = S.live_dir(index_dir)
    highest = 0
    for entry in index_dir.iterdir():
        name = entry.name
        if S.GENERATION.fullmatch(name):
            highest = max(highest, int(name[4:]))
        stale = (
            (S.GENERATION.fullmatch(name) and entry != live)
            or name.startswith(S.CURRENT_FILE + ".")
            or (live != index_dir and name in LEGACY_ENTRIES)
        )
        if stale:
            log.info("removing %s, left by an earlier run", entry)
            _remove(entry)
    return highest


def new_generation(index_dir: Path, after: int, *, empty: bool) -> Path:
    """Create generation ``after + 1``: a copy of the live one, or ``empty``.

    Call with the write lock held; ``after`` is what :func:`write_lock` yielded.
    """
    target = index_dir / f"gen-{after + 1:06d}"
    target.mkdir()
    live = S.live_dir(index_dir)
    if not empty and (live / "meta.json").is_file():
        _copy_generation(live, target)
    return target


def publish(index_dir: Path, generation: Path) -> None:
    """Make ``generation`` the live index: durable first, then one atomic replace."""
    _fsync_tree(generation)
    tmp = index_dir / f"{S.CURRENT_FILE}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(generation.name + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, index_dir / S.CURRENT_FILE)
    _fsync_dir(index_dir)


def discard(generation: Path) -> None:
    """Remove a generation that was never published (its run failed)."""
    _remove(generation)


def _copy_generation(source: Path, target: Path) -> None:
    src_whoosh, dst_whoosh = S.whoosh_dir(source), S.whoosh_dir(target)
    dst_whoosh.mkdir()
    for f in src_whoosh.iterdir():
        if not f.is_file() or f.name == "WRITELOCK":
            continue
        if f.suffix == ".toc":
            # Small, and a name Whoosh could one day write again: a copy, not a link.
            shutil.copy2(f, dst_whoosh / f.name)
            continue
        try:
            os.link(f, dst_whoosh / f.name)
        except OSError:  # a file system without hard links
            shutil.copy2(f, dst_whoosh / f.name)
    state = source / "state.sqlite3"
    if state.is_file():
        src_db = sqlite3.connect(state)
        dst_db = sqlite3.connect(target / "state.sqlite3")
        try:
            src_db.backup(dst_db)
        finally:
            dst_db.close()
            src_db.close()
    shutil.copy2(source / "meta.json", target / "meta.json")


def _fsync_tree(root: Path) -> None:
    for folder, _dirs, files in os.walk(root):
        for name in files:
            fd = os.open(os.path.join(folder, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(folder))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        entry.unlink(missing_ok=True)
