"""Files in, :class:`Article` records out: finding files, telling their format, reading.

Text formats are read here: ``.txt`` (as in ``seeds/``), ``.jsonl``/``.json`` and ``.csv``.
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

import csv
import io
import json
import logging
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import IngestError
from ..models import Article, SkippedFile
from .cleaning import parse_text
from .dates import parse_metadata_date
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
from .sandbox import read_isolated

# Named after the stage, not the module: the name users see in warnings and filter on.
log = logging.getLogger("search.ingest")

TITLE_KEYS = ("title", "headline", "name")
BODY_KEYS = ("text", "body", "content", "article", "story")
DATE_KEYS = (
    "date",
    "published",
    "published_at",
    "pubdate",
    "publication_date",
    "datetime",
    "timestamp",
)
URL_KEYS = ("url", "link", "href")
ID_KEYS = ("id", "guid", "uuid", "key")

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
    is reported. A symbolic link with an article suffix that leads nowhere (dangling, or
    a loop) is passed on, so that :func:`read_file` reports it instead of losing it
    silently.

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
    max_chars = limits.max_chars
    base = id_base or stem_of(path).name
    try:
        info = path.stat()
    except OSError as exc:
        if format_of_name(path.name) is None:
            yield SkippedFile(
                str(path), f"unsupported file type {path.suffix or '(none)'}"
            )
            return
        link = "broken symbolic link: " if path.is_symlink() else ""
        yield SkippedFile(str(path), f"cannot read file ({link}{exc.strerror or exc})")
        return
    if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
        yield SkippedFile(str(path), "cannot read file (not a regular file)")
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        yield SkippedFile(str(path), f"cannot read file ({exc.strerror or exc})")
        return
    kind = detect_format(path, head)
    if kind is None:
        yield SkippedFile(str(path), f"unsupported file type {path.suffix or '(none)'}")
        return
    if kind in ("txt", "html") and info.st_size > MAX_BYTES_PER_CHAR * max_chars:
        yield SkippedFile(
            str(path),
            f"too large ({info.st_size / 1e6:.1f} MB for one article; the limit is "
            f"max_article_chars = {max_chars:,} characters)",
        )
        return
    if kind in ISOLATED_FORMATS:
        if not info.st_size or (kind == "html" and not head.strip()):
            yield SkippedFile(str(path), "empty file")
            return
        if kind not in CONTAINER_FORMATS and kind != "html":
            if info.st_size > limits.max_file_bytes:
                yield SkippedFile(str(path), limits.too_large_file(info.st_size))
                return
        items: Iterable[Article | SkippedFile] = read_isolated(kind, path, base, limits)
    else:
        items = _read_text_file(path, kind, base)
    for item in items:
        if isinstance(item, Article):
            if len(item.body) > max_chars:
                one = kind in ONE_ARTICLE_FORMATS
                item = SkippedFile(
                    str(path) if one else f"{path}#{item.id}",
                    f"too large ({len(item.body):,} characters; the limit is "
                    f"max_article_chars = {max_chars:,})",
                )
            else:
                item = replace(item, kind=kind)
        yield item


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
    reader = {
        "txt": _read_txt,
        "jsonl": _read_jsonl,
        "json": _read_json,
        "csv": _read_csv,
    }[kind]
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


# ---------------------------------------------------------------- plain text


def _read_txt(text: str, path: Path, base: str) -> Iterator[Article | SkippedFile]:
    article = parse_text(text, article_id=base, source=str(path))
    if article is None:
        yield SkippedFile(str(path), "no article text")
    else:
        yield article


# ---------------------------------------------------------------- JSON and CSV records


def _pick(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for key in keys:
        value = lowered.get(key)
        if value not in (None, ""):
            return value
    return None


def record_to_article(
    record: Any, *, fallback_id: str, source: str, where: str
) -> Article | SkippedFile:
    """One JSON/CSV record as an Article.

    A record with neither title nor text is skipped with a reason; a title alone is kept,
    as wire services publish headline-only briefs (Reuters-21578 has 1,798 of them).
    """
    if not isinstance(record, dict):
        return SkippedFile(where, "record is not an object")
    title = _pick(record, TITLE_KEYS)
    body = _pick(record, BODY_KEYS)
    if not isinstance(title, (str, type(None))) or not isinstance(
        body, (str, type(None))
    ):
        return SkippedFile(where, "title or text is not a string")
    if not (title or "").strip() and not (body or "").strip():
        return SkippedFile(where, "record has no title or text")
    raw_date = _pick(record, DATE_KEYS)
    published = parse_metadata_date(raw_date)
    if raw_date is not None and published is None:
        log.warning("%s: cannot read date %r; article left undated", where, raw_date)
    raw_id = _pick(record, ID_KEYS)
    url = _pick(record, URL_KEYS)
    article = parse_text(
        body or "",
        article_id=str(raw_id) if raw_id is not None else fallback_id,
        source=source,
        title=(title or None) and str(title),
        published=published,
        url=str(url) if url else None,
    )
    if article is None:
        return SkippedFile(where, "record has no title or text")
    return article


def _read_jsonl(text: str, path: Path, base: str) -> Iterator[Article | SkippedFile]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield SkippedFile(
                where, f"malformed JSON line ({exc.msg}, column {exc.colno})"
            )
            continue
        yield record_to_article(
            record, fallback_id=f"{base}-{lineno}", source=str(path), where=where
        )


def _read_json(text: str, path: Path, base: str) -> Iterator[Article | SkippedFile]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        # Many "JSON" news dumps are really JSON Lines.
        yield from _read_jsonl(text, path, base)
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    records = data if isinstance(data, list) else [data]
    for n, record in enumerate(records, start=1):
        yield record_to_article(
            record, fallback_id=f"{base}-{n}", source=str(path), where=f"{path}#{n}"
        )


def _read_csv(text: str, path: Path, base: str) -> Iterator[Article | SkippedFile]:
    csv.field_size_limit(2**31 - 1)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    if not reader.fieldnames or not (
        {f.lower() for f in reader.fieldnames if f} & set(TITLE_KEYS + BODY_KEYS)
    ):
        yield SkippedFile(str(path), "CSV has no title or text column")
        return
    for n, row in enumerate(reader, start=1):
        row.pop(None, None)  # extra cells of a ragged row
        yield record_to_article(
            row, fallback_id=f"{base}-{n}", source=str(path), where=f"{path}:row {n}"
        )
