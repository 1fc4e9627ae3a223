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

This module is the parent's side: start the child, hand it files, wait for its messages
and kill it when it overruns. What runs in the child (its entry point, memory cap, log
forwarding and :func:`~.reader_child.read_document`) is in :mod:`.reader_child`.
"""

from __future__ import annotations

import atexit
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

from ..errors import IngestError
from ..models import Article, SkippedFile
from .reading import Limits

log = logging.getLogger("search.ingest")

#: Memory the reader process may take beyond what it holds once started, in bytes.
READER_MEMORY = 2 * 1024**3
#: Seconds the reader process may take to start (imports on a loaded machine).
START_TIMEOUT = 120.0


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

        The child is a fresh interpreter (``python -c`` running
        :func:`.reader_child.main`), not a ``multiprocessing`` child: it never imports
        the caller's ``__main__``, so a script that reads files needs no
        ``if __name__ == "__main__":`` guard, and it inherits no thread's lock and no
        open file but the two pipes.
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
                    "from search.ingest.reader_child import main; main()",
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


def _relog(name: str, level: int, message: str) -> None:
    """Log in this process what the reader process logged; libraries' records at
    debug level (a malformed PDF's every oddity is not the user's concern)."""
    if not name.startswith("search"):
        level, message = logging.DEBUG, f"{name}: {message}"
        name = "search.ingest.reader"
    logging.getLogger(name).log(level, "%s", message)


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"
