"""The reader process's own side: what runs in the child that :mod:`.sandbox` starts.

This module is the child's entry point (``python -c "from search.ingest.reader_child
import main; main()"``) and holds all it does there: load the reader modules, cap its
address space, end with its parent, read one file at a time and send each article,
record tick and log record back over its pipe. None of it runs in the indexing process,
so it is kept apart from the parent's side (:class:`~.sandbox.ReaderProcess`), which
only starts the child, waits on it and kills it; neither imports the other, and they
speak only through the messages on the pipe (``("ready",)``, ``("item", ...)``,
``("tick", where)``, ``("log", name, level, message)``, ``("done",)``).
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path

from ..models import Article, SkippedFile
from .reading import Limits, Origin

#: The reader modules, imported by the child as it starts.
_READERS = (".mail", ".pdf", ".warc", ".webpage", ".word")


def main() -> None:
    """The reader process (``python -c``; arguments: the fds of its two pipes, its
    parent's pid, its memory allowance): read the files asked for, one at a time, until
    the parent closes the pipe, or a file exhausted the memory (a new process is then
    started for the next file, its memory whole again)."""
    jobs_fd, out_fd, parent, memory = (int(arg) for arg in sys.argv[1:5])
    jobs = Connection(jobs_fd, writable=False)
    conn = Connection(out_fd, readable=False)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle
    _forward_logs(conn)
    for module in _READERS:  # loaded once, before the memory cap
        importlib.import_module(module, __package__)
    cap = _cap_memory(memory)
    _watch_parent(parent)
    conn.send(("ready",))
    while True:
        try:
            kind, path, base, limits = jobs.recv()
        except (EOFError, OSError):
            return
        exhausted = _read_one(conn, kind, Path(path), base, limits, memory, cap)
        conn.send(("done",))
        if exhausted:
            return


def _read_one(
    conn: Connection,
    kind: str,
    path: Path,
    base: str,
    limits: Limits,
    memory: int,
    cap: int | None,
) -> bool:
    """Send the items of one file to the parent; whether it exhausted the memory.

    Memory runs out in Python as a ``MemoryError``, but in C libraries (lxml) often as
    some other error: a file whose failure came as this process's address space peaked
    near its cap is reported as too large to read, whatever the error said.
    """
    peak = _address_peak()
    too_large = SkippedFile(
        str(path),
        f"too large to read (over the reader's {memory // 2**20:,} MB of memory)",
    )

    def tick(where: str) -> None:
        conn.send(("tick", where))

    def exhausted() -> bool:
        now = _address_peak()
        return cap is not None and now > peak and now >= 0.9 * cap

    try:
        for item in read_document(kind, path, base, limits, tick):
            if isinstance(item, SkippedFile) and exhausted():
                conn.send(("item", SkippedFile(item.path, too_large.reason)))
                return True
            conn.send(("item", item))
    except MemoryError:
        conn.send(("item", too_large))
        return True
    except Exception as exc:  # noqa: BLE001 - one broken file must not stop a run
        if exhausted():
            conn.send(("item", too_large))
            return True
        logging.getLogger("search.ingest").debug("cannot parse %s", path, exc_info=True)
        detail = " ".join(str(exc).split())[:80]
        reason = f"cannot parse {kind} ({type(exc).__name__}{': ' if detail else ''}{detail})"
        conn.send(("item", SkippedFile(str(path), reason)))
    return False


def read_document(
    kind: str,
    path: Path,
    base: str,
    limits: Limits,
    tick: Callable[[str], None] = lambda where: None,
) -> Iterator[Article | SkippedFile]:
    """The articles of one file of format ``kind``, in this process (the child's work).

    :param tick: called as each record of a WARC or mbox file starts.
    """
    origin = Origin(base, str(path), str(path), path.name)
    if kind in ("warc", "arc"):
        from .warc import read_warc

        yield from read_warc(path, base, limits, tick, arc=kind == "arc")
    elif kind == "mbox":
        from .mail import read_mbox

        yield from read_mbox(path, base, limits, tick)
    elif kind == "eml":
        from .mail import read_eml

        yield from read_eml(path.read_bytes(), origin, limits)
    elif kind == "html":
        from .webpage import read_web_page

        yield read_web_page(path.read_bytes(), origin, limits)
    elif kind == "mhtml":
        from .webpage import read_mhtml

        yield read_mhtml(path.read_bytes(), origin, limits)
    elif kind == "pdf":
        from .pdf import read_pdf

        with path.open("rb") as fh:
            yield read_pdf(fh, origin, limits)
    elif kind == "docx":
        from .word import read_docx

        with path.open("rb") as fh:
            yield read_docx(fh, origin, limits)
    else:
        yield SkippedFile(str(path), f"unsupported file type {kind}")


class _PipeHandler(logging.Handler):
    """Sends the child's log records to the parent, which logs them as its own."""

    def __init__(self, conn: Connection) -> None:
        super().__init__(logging.DEBUG)
        self.conn = conn

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.conn.send(("log", record.name, record.levelno, record.getMessage()))
        except Exception:  # noqa: BLE001 - logging must never fail a read
            self.handleError(record)


class _StderrToLog:
    """What libraries write to ``sys.stderr`` (warcio does) goes to the debug log."""

    def write(self, text: str) -> int:
        if text.strip():
            logging.getLogger("search.ingest.reader").debug("%s", text.strip())
        return len(text)

    def flush(self) -> None:
        pass


def _forward_logs(conn: Connection) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_PipeHandler(conn))
    root.setLevel(logging.WARNING)
    logging.getLogger("search").setLevel(logging.DEBUG)
    logging.captureWarnings(True)
    sys.stderr = _StderrToLog()  # type: ignore[assignment]


def _cap_memory(extra: int) -> int | None:
    """Cap this process's address space at what it has now plus ``extra`` bytes; the
    cap, or None where it cannot be set."""
    import resource

    try:
        with open("/proc/self/statm") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = size + extra
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (OSError, ValueError) as exc:
        logging.getLogger("search.ingest").debug("memory cap not set: %s", exc)
        return None
    return cap


def _address_peak() -> int:
    """The largest this process's address space has been, in bytes (0 if unknown)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _watch_parent(parent: int) -> None:
    """End when the indexing process is gone (killed, say) instead of living on."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="news-search-reader-watch", daemon=True).start()
