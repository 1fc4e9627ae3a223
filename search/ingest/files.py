"""Files in, :class:`Article` records out: finding files, telling their format, reading.

Text formats are read in this process: ``.txt`` (text.py) and ``.jsonl``/``.json``/``.csv``
(records.py).
HTML pages, WARC/ARC crawls, PDF, Word (.docx) and e-mail (.eml, mbox) are read by their
own modules (webpage.py, warc.py, pdf.py, word.py, mail.py) in the reader process
(sandbox.py), where a file that hangs or swells is stopped at ``file_timeout`` seconds
and a memory cap. The format is told by a file's first bytes where they say (formats.py),
else by its name. A file or record that cannot be read becomes a :class:`SkippedFile`
with a reason; readers never raise because of one bad file, so a run over a folder
indexes every good article.

Every reader hands its text to :func:`search.ingest.cleaning.parse_text`, so articles of
every format are cleaned the same way, once.
"""

from __future__ import annotations

import logging
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..errors import IngestError
from ..models import Article, SkippedFile
from .formats import (
    CONTAINER_FORMATS,
    HEAD_BYTES,
    ISOLATED_FORMATS,
    ONE_ARTICLE_FORMATS,
    detect_format,
    format_of_name,
    sniff_binary,
    sniff_text,
    stem_of,
)
from .reading import MAX_ARTICLE_CHARS, Limits
from .records import read_csv, read_json, read_jsonl
from .sandbox import read_isolated
from .text import read_txt

# Named after the stage, not the module: the name users see in warnings and filter on.
log = logging.getLogger("search.ingest")

#: The readers of the text formats, read in this process: (text, path, id base) ->
#: articles. The other formats are read in the reader process (sandbox.py).
TEXT_READERS: dict[str, Callable[[str, Path, str], Iterable[Article | SkippedFile]]] = {
    "txt": read_txt,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
}

#: UTF-8 takes at most 4 bytes a character: a one-article file larger than this many
#: bytes per allowed character is too large without being read.
MAX_BYTES_PER_CHAR = 4
#: Control characters no text file holds (tab, newlines, form feed and vertical tab are
#: text), and U+FFFD, what Windows-1252 decoding makes of its undefined bytes.
BINARY_CHARS = re.compile("[\x01-\x08\x0e-\x1f\x7f\ufffd]")


def find_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str] | SkippedFile]:
    """Every readable article file under ``paths`` with its id base (folders recursively).

    The id base is the path below the folder given, without its format's suffix, parts
    joined by "-" ("business/001.txt" -> "business-001", "crawls/may.warc.gz" ->
    "crawls-may"), so files of the same name in sub-folders get different ids; a file
    named directly uses its stem. Hidden files and folders are ignored. A file of unknown
    type inside a folder is taken when its first bytes show a format we read (a PDF or
    a crawl without a suffix, an mbox as mail programs keep them), else skipped silently
    (a folder of news often holds images); a file named explicitly with an unknown type
    is reported. The ``X_files`` folder a browser saves beside ``X.html`` is passed
    over: its HTML files are the page's frames, not articles. A symbolic link with an
    article suffix that leads nowhere (dangling, or a loop) is passed on, so that
    :func:`read_file` reports it instead of losing it silently.

    :raises IngestError: a path that does not exist.
    """
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise IngestError(f"No such file or folder: {raw}")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if _in_page_resources(path, rel):
                    continue
                if format_of_name(child.name) is not None:
                    if child.is_file() or (child.is_symlink() and not child.exists()):
                        yield child, "-".join(stem_of(rel).parts)
                elif child.is_file() and _sniff(child) is not None:
                    yield child, "-".join(stem_of(rel).parts)
        elif format_of_name(path.name) is not None:
            yield path, stem_of(path).name
        elif path.is_file() and _sniff(path) is not None:
            yield path, stem_of(path).name
        else:
            yield SkippedFile(
                str(path), f"unsupported file type {path.suffix or '(none)'}"
            )


def read_articles(
    paths: Iterable[str | Path],
    max_chars: int = MAX_ARTICLE_CHARS,
    *,
    limits: Limits | None = None,
) -> Iterator[Article | SkippedFile]:
    """Articles from every file under ``paths``, in a stable order.

    :param max_chars: longer articles are skipped as too large (``max_article_chars``).
    :param limits: all the bounds of reading (:meth:`Limits.from_settings`); when given,
        its ``max_chars`` is used and ``max_chars`` is ignored.
    :raises IngestError: a path that does not exist (bad files inside are skipped instead).
    """
    limits = limits or Limits(max_chars=max_chars)
    for item in find_files(paths):
        if isinstance(item, SkippedFile):
            yield item
        else:
            yield from read_file(*item, limits=limits)


def read_file(
    path: Path,
    id_base: str | None = None,
    max_chars: int = MAX_ARTICLE_CHARS,
    *,
    limits: Limits | None = None,
) -> Iterator[Article | SkippedFile]:
    """Articles of one file; problems come out as :class:`SkippedFile`, never exceptions.

    ``id_base`` names the file in article ids (default: its stem); records with their own
    id keep it. A file is read whole or not at all: if its reader fails half-way, none of
    its articles is kept, so a file reported as skipped is never half-indexed. WARC and
    mbox files are the exception: read record by record as a stream, they keep the
    records before a damaged one, and the damage is one skip. An article longer than
    ``max_chars`` is skipped as too large; a one-article file (.txt, .html) that must be
    too large is skipped from its size, without being read, and so is a PDF, Word or
    e-mail file over ``limits.max_file_bytes``. Every article carries its file's format
    as ``kind``.

    :param limits: all the bounds of reading; when given, ``max_chars`` is ignored.
    """
    limits = limits or Limits(max_chars=max_chars)
    kind = _readable_format(path, limits)
    if isinstance(kind, SkippedFile):
        yield kind
        return
    base = id_base or stem_of(path).name
    items: Iterable[Article | SkippedFile] = (
        read_isolated(kind, path, base, limits)
        if kind in ISOLATED_FORMATS
        else _read_text_file(path, kind, base)
    )
    for item in items:
        if isinstance(item, Article):
            if len(item.body) > limits.max_chars:
                one = kind in ONE_ARTICLE_FORMATS
                item = SkippedFile(
                    str(path) if one else f"{path}#{item.id}",
                    f"too large ({len(item.body):,} characters; the limit is "
                    f"max_article_chars = {limits.max_chars:,})",
                )
            else:
                item = replace(item, kind=kind)
        yield item


def _readable_format(path: Path, limits: Limits) -> str | SkippedFile:
    """The format of ``path``, a regular file within the limits; else why it is not
    read: missing or a broken link, not a regular file, of no format we read, empty, or
    too large to be read at all."""
    try:
        info = path.stat()
    except OSError as exc:
        if format_of_name(path.name) is None:
            return SkippedFile(
                str(path), f"unsupported file type {path.suffix or '(none)'}"
            )
        link = "broken symbolic link: " if path.is_symlink() else ""
        return SkippedFile(str(path), f"cannot read file ({link}{exc.strerror or exc})")
    if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
        return SkippedFile(str(path), "cannot read file (not a regular file)")
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        return SkippedFile(str(path), f"cannot read file ({exc.strerror or exc})")
    kind = detect_format(path, head)
    if kind is None:
        return SkippedFile(
            str(path), f"unsupported file type {path.suffix or '(none)'}"
        )
    if kind in ("txt", "html") and info.st_size > MAX_BYTES_PER_CHAR * limits.max_chars:
        return SkippedFile(
            str(path),
            f"too large ({info.st_size / 1e6:.1f} MB for one article; the limit is "
            f"max_article_chars = {limits.max_chars:,} characters)",
        )
    if kind in ISOLATED_FORMATS:
        if not info.st_size or (kind == "html" and not head.strip()):
            return SkippedFile(str(path), "empty file")
        if kind not in CONTAINER_FORMATS and kind != "html":
            if info.st_size > limits.max_file_bytes:
                return SkippedFile(str(path), limits.too_large_file(info.st_size))
    return kind


def _in_page_resources(root: Path, rel: Path) -> bool:
    """Whether ``rel`` lies in the folder a browser saves a page's parts in: ``X_files``
    beside ``X.html`` ("Save page as..., complete"), whose frames (adverts, share
    buttons, comment widgets) are HTML files but no articles."""
    folder = root
    for part in rel.parts[:-1]:
        if part.endswith("_files") and any(
            (folder / (part[: -len("_files")] + suffix)).is_file()
            for suffix in (".html", ".htm", ".xhtml", ".shtml")
        ):
            return True
        folder = folder / part
    return False


def _sniff(path: Path) -> str | None:
    """The format the first bytes of a file of unknown type show, if any."""
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        return None
    return sniff_binary(head) or sniff_text(head)


def _read_text_file(path: Path, kind: str, base: str) -> list[Article | SkippedFile]:
    """The articles of a text format file, all of them or a single skip."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [SkippedFile(str(path), f"cannot read file ({exc.strerror or exc})")]
    text = decode(raw, path)
    if text is None:
        return [SkippedFile(str(path), "not a text file (binary content)")]
    if not text.strip():
        return [SkippedFile(str(path), "empty file")]
    reader = TEXT_READERS[kind]
    try:
        return list(reader(text, path, base))
    except Exception as exc:  # noqa: BLE001 - one broken file must not stop a run
        log.debug("cannot parse %s", path, exc_info=True)
        detail = " ".join(str(exc).split())[:80]
        return [
            SkippedFile(
                str(path),
                f"cannot parse {kind} ({type(exc).__name__}{': ' if detail else ''}"
                f"{detail})",
            )
        ]


def decode(raw: bytes, path: Path | None = None) -> str | None:
    """Text of ``raw``: UTF-8 (with or without BOM), else Windows-1252 with a warning.

    News archives often hold a few files saved by old Windows tools; reading them as
    Windows-1252 keeps the article instead of losing it. Returns None for binary data: a
    NUL byte, or more than a few control characters, in the first 4 KB (random bytes
    without a NUL would otherwise "decode" as Windows-1252 and be indexed as words).
    """
    if b"\x00" in raw[:4096]:
        return None
    try:
        text = raw.decode("utf-8-sig")
        warn = None
    except UnicodeDecodeError as exc:
        text = raw.decode("cp1252", errors="replace")
        warn = exc.start
    sample = text[:4096]
    if len(BINARY_CHARS.findall(sample)) > max(2, len(sample) // 50):
        return None
    if warn is not None:
        log.warning("%s is not valid UTF-8 (byte %d); read as Windows-1252", path, warn)
    return text
