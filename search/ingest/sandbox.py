"""The reader process: formats read by third-party parsers, under a time and memory limit.

HTML pages, WARC and ARC crawls, PDF, Word and e-mail are parsed by libraries (lxml,
trafilatura, warcio, pypdf, python-docx, the ``email`` package) that a hostile or broken
file can keep busy for ever or make allocate without end, in C code where no signal or
deadline in Python reaches. So they are read in a child process of our own, one file at
a time: the child sends each article back as it is read, and the indexing process waits
at most ``file_timeout`` seconds for the next article (for a WARC or mbox file, for the
next record) before it kills the child, reports the file as skipped and starts a new one
for the next file. The child's address space is capped (:data:`READER_MEMORY` above what
it needs to start), so a file that would take more memory fails alone with a
``MemoryError`` instead of taking the machine down.

The child is a fresh interpreter started with ``subprocess`` and spoken to over two pipes:
a forked child would inherit the indexing process's threads' locks and its open index
files, and a ``multiprocessing`` spawn would import the caller's ``__main__`` again. It
starts on the first file that needs it (about a second, once a run), ends with its
parent (or when its parent dies), and logs through its parent: our own warnings keep their
level, the libraries' go to debug.
"""

from __future__ import annotations

import atexit
import importlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path

from ..errors import IngestError
from ..models import Article, SkippedFile
from .reading import Limits, Origin

log = logging.getLogger("search.ingest")

#: Memory the reader process may take beyond what it holds once started, in bytes.
READER_MEMORY = 2 * 1024**3
#: Seconds the reader process may take to start (imports on a loaded machine).
START_TIMEOUT = 120.0

#: The reader modules, imported by the child as it starts.
_READERS = (".mail", ".pdf", ".warc", ".webpage", ".word")


class ReaderProcess:
    """A child process that reads one file at a time, killed when it overruns."""

    def __init__(self, memory: int = READER_MEMORY) -> None:
        self.memory = memory
        self._process: subprocess.Popen[bytes] | None = None
        self._send: Connection | None = None
        self._recv: Connection | None = None

    def read(
        self, kind: str, path: Path, base: str, limits: Limits
    ) -> Iterator[Article | SkippedFile]:
        """The articles (and skips) of one file of format ``kind``, as the child reads
        them; a file that takes longer than ``limits.timeout`` between two articles or
        records, or kills the child, ends in one :class:`SkippedFile`.

        :raises IngestError: the child process could not start at all.
        """
        job = (kind, str(path), base, limits)
        try:
            send, recv = self._connection()
            send.send(job)
        except OSError:  # the child ended since its last file: start a new one
            self.stop()
            send, recv = self._connection()
            send.send(job)
        where, records = str(path), False
        deadline = time.monotonic() + limits.timeout
        finished = False
        try:
            while True:
                if not recv.poll(max(0.0, deadline - time.monotonic())):
                    self.stop()
                    rest = "; the rest of the file was not read" if records else ""
                    yield SkippedFile(
                        where,
                        f"timed out after {limits.timeout:g} s (the limit is "
                        f"file_timeout = {limits.timeout:g}){rest}",
                    )
                    finished = True
                    return
                try:
                    message = recv.recv()
                except (EOFError, OSError):
                    code = self.stop()
                    yield SkippedFile(
                        where, f"the reader process died ({_death(code)})"
                    )
                    finished = True
                    return
                tag = message[0]
                if tag == "item":
                    deadline = time.monotonic() + limits.timeout
                    yield message[1]
                elif tag == "tick":
                    deadline = time.monotonic() + limits.timeout
                    where, records = message[1], True
                elif tag == "log":
                    _relog(*message[1:])
                else:  # "done"
                    finished = True
                    return
        finally:
            if not finished:  # the caller stopped half-way: the child is mid-file
                self.stop()

    def stop(self) -> int | None:
        """End the child process (if any); its exit code."""
        process, self._process = self._process, None
        for conn in (self._send, self._recv):
            if conn is not None:
                conn.close()
        self._send = self._recv = None
        if process is None:
            return None
        if process.poll() is None:
            process.kill()
        try:
            return process.wait(10)
        except subprocess.TimeoutExpired:
            return None

    def _connection(self) -> tuple[Connection, Connection]:
        """(to the child, from the child), starting the child if it is not running.

        The child is a fresh interpreter (``python -c``), not a ``multiprocessing``
        child: it never imports the caller's ``__main__``, so a script that reads files
        needs no ``if __name__ == "__main__":`` guard, and it inherits no thread's lock
        and no open file but the two pipes.
        """
        if self._process is not None and self._process.poll() is None:
            assert self._send is not None and self._recv is not None
            return self._send, self._recv
        self.stop()
        to_child, child_in = os.pipe()[::-1]
        child_out, from_child = os.pipe()[::-1]
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(_ROOT), env.get("PYTHONPATH", "")) if p
        )
        try:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "from search.ingest.sandbox import main; main()",
                    str(child_in),
                    str(child_out),
                    str(os.getpid()),
                    str(self.memory),
                ],
                pass_fds=(child_in, child_out),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=env,
            )
        except OSError as exc:
            for fd in (to_child, child_in, child_out, from_child):
                os.close(fd)
            raise IngestError(f"{_START_FAILED} ({exc})") from exc
        os.close(child_in)
        os.close(child_out)
        self._process = process
        self._send = Connection(to_child, readable=False)
        self._recv = Connection(from_child, writable=False)
        try:
            ready = self._recv.poll(START_TIMEOUT) and self._recv.recv() == ("ready",)
        except (EOFError, OSError):
            ready = False
        if not ready:
            code = self.stop()
            raise IngestError(f"{_START_FAILED} ({_death(code)})")
        return self._send, self._recv


_START_FAILED = (
    "The process that reads HTML, WARC, PDF, Word and e-mail files could not start"
)
#: The folder that holds the ``search`` package, for the child's import path.
_ROOT = Path(__file__).resolve().parent.parent.parent
_reader: ReaderProcess | None = None


def read_isolated(
    kind: str, path: Path, base: str, limits: Limits
) -> Iterator[Article | SkippedFile]:
    """The articles of one file, read by this process's reader process."""
    global _reader
    if _reader is None:
        _reader = ReaderProcess()
        atexit.register(_reader.stop)
    yield from _reader.read(kind, path, base, limits)


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


# ------------------------------------------------------------------ the child's side


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


def _relog(name: str, level: int, message: str) -> None:
    """Log in this process what the reader process logged; libraries' records at
    debug level (a malformed PDF's every oddity is not the user's concern)."""
    if not name.startswith("search"):
        level, message = logging.DEBUG, f"{name}: {message}"
        name = "search.ingest.reader"
    logging.getLogger(name).log(level, "%s", message)


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


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"
