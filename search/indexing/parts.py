"""Writing a large run's new articles in parallel: each writer process its own segments.

Whoosh spends its indexing time in Python, per token and per posting, in one process;
on a first index or a full rebuild (thousands of new articles) that is most of the run.
:class:`PartWriters` hands the new articles, in batches, to ``procs`` processes that
each write a *part*: a small Whoosh index of the same schema beside the run's own
(:class:`~.segments.SegmentedWriter`: spelling words once per segment, no spilling).
At commit the parts' segments are moved into the run's index and listed in its TOC by
the run's writer, through Whoosh's public ``commit(mergetype=...)``: no posting is
read or written again. Updates and deletions stay with the run's writer.

A part is written inside the run's unpublished generation, so a failed or killed run
leaves nothing behind that the next run does not remove with the generation. A writer
process ends when the indexing process goes (its pipe closes), and never outlives it.

Articles are dealt to the parts batch by batch in turn, so their document numbers are
not the order they were read in: nothing relies on that order (ties in ranking are
broken by document number, the same in every search of one index).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import tempfile
import traceback
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from ..errors import NewsSearchError
from .segments import MERGE_LIVE, SegmentedWriter

#: Articles sent to a part at a time.
BATCH = 64


class WriterProcessError(NewsSearchError):
    """A writer process failed: the run stops and its generation is discarded."""

    status = 500


class PartWriters:
    """``procs`` writer processes, each writing the articles dealt to it into a part
    index in a temporary folder beside ``ix``'s files (inside the run's generation).

    :param limitmb: each process's pool (as :class:`~.segments.SegmentedWriter`'s).
    """

    def __init__(self, ix: Any, procs: int, limitmb: int) -> None:
        self.ix = ix
        folder = Path(ix.storage.folder)
        self.root = Path(tempfile.mkdtemp(prefix="parts-", dir=folder.parent))
        schema = pickle.dumps(ix.schema)
        # spawn: a forked child would inherit this process's threads' locks.
        context = multiprocessing.get_context("spawn")
        self.parts: list[tuple[Any, Any, Path]] = []
        for i in range(procs):
            part = self.root / f"part-{i}"
            ours, theirs = context.Pipe()
            process = context.Process(
                target=write_part,
                args=(theirs, str(part), schema, limitmb),
                name=f"news-search-writer-{i}",
                daemon=True,
            )
            process.start()
            theirs.close()
            self.parts.append((process, ours, part))
        self.batch: list[dict[str, Any]] = []
        self.turn = 0

    def add_document(self, fields: dict[str, Any]) -> None:
        self.batch.append(fields)
        if len(self.batch) >= BATCH:
            self._send()

    def _send(self) -> None:
        if self.batch:
            _process, conn, _part = self.parts[self.turn % len(self.parts)]
            self._check(conn.send, self.batch)
            self.turn += 1
            self.batch = []

    def finish(self) -> list[Any]:
        """Let every process commit its part; move the parts' segments next to
        ``ix``'s files and return them (Whoosh segments, for the run's TOC).

        :raises WriterProcessError: a process failed or died.
        """
        self._send()
        for _process, conn, _part in self.parts:
            self._check(conn.send, None)
        for _process, conn, _part in self.parts:
            status, detail = self._check(conn.recv)
            if status != "ok":
                raise WriterProcessError(f"A writer process failed:\n{detail}")
        for process, _conn, _part in self.parts:
            process.join()
        segments = []
        target = Path(self.ix.storage.folder)
        for _process, _conn, part in self.parts:
            pix = whoosh_index.open_dir(str(part))
            reader = pix.reader()
            try:
                found = [leaf.segment() for leaf, _offset in reader.leaf_readers()]
            finally:
                reader.close()
            for segment in found:
                for name in segment.list_files(pix.storage):
                    os.replace(part / name, target / name)
            segments.extend(found)
        self.close()
        return segments

    def close(self) -> None:
        """Stop the processes (if still running) and remove the parts."""
        for process, conn, _part in self.parts:
            conn.close()
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()
        shutil.rmtree(self.root, ignore_errors=True)

    def _check(self, call: Any, *args: Any) -> Any:
        try:
            return call(*args)
        except (OSError, EOFError) as exc:
            raise WriterProcessError(
                "A writer process stopped unexpectedly. If you index from a Python "
                "script, call it under `if __name__ == '__main__':` (the processes "
                "start by importing your script); or set processes = 1 "
                "(NEWS_SEARCH_PROCESSES=1)"
            ) from exc


def merge_with(parts: list[Any]) -> Any:
    """A Whoosh ``mergetype`` that keeps what the default policy keeps (less the
    segments with no live document: :data:`~.segments.MERGE_LIVE`) and adds ``parts``'
    segments to the index."""

    def merge(writer: Any, segments: list[Any]) -> list[Any]:
        return [*MERGE_LIVE(writer, segments), *parts]

    return merge


def write_part(conn: Any, folder: str, schema: bytes, limitmb: int) -> None:
    """In a writer process: add every batch received on ``conn`` to a new index in
    ``folder``, commit at the end (``None``) and say so; end when the pipe closes."""
    try:
        Path(folder).mkdir(parents=True)
        ix = whoosh_index.create_in(folder, pickle.loads(schema))
        writer = SegmentedWriter(ix, limitmb)
        while (batch := conn.recv()) is not None:
            for fields in batch:
                writer.add_document(**fields)
        writer.commit()
        conn.send(("ok", ""))
    except EOFError:  # the indexing process is gone: so is this one
        os._exit(1)
    except BaseException:
        conn.send(("error", traceback.format_exc()))
