"""Web crawls: WARC and ARC files (plain or gzip'd) through warcio, streamed.

Every HTML page a crawler fetched whole (a ``response`` record with status 200, or a
``resource`` record, of type ``text/html`` or ``application/xhtml+xml``) is read as a web
page (webpage.py), with the record's target URI as its url and the capture date as the
publication date of last resort, marked ``captured``. Revisits (a page seen before,
without its content), redirects, errors, pictures, scripts and the crawl's own records
are passed over and counted in one log line per file.

Records are read one at a time, so a crawl of any size is read in the memory of its
largest page. Article ids are stable: the file's id base and a hash of the record's
WARC-Record-ID (an ARC record has none: its byte offset in the file). A damaged or truncated file
keeps every page before the damage; the damage itself is one skip, at its byte offset.
"""

from __future__ import annotations

import hashlib
import logging
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]

from ..models import Article, SkippedFile
from .formats import HEAD_BYTES
from .reading import Limits, Origin
from .webpage import read_web_page

log = logging.getLogger("search.ingest")

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def read_warc(
    path: Path,
    base: str,
    limits: Limits,
    tick: Callable[[str], None] = lambda where: None,
    *,
    arc: bool = False,
) -> Iterator[Article | SkippedFile]:
    """An article for every HTML page fetched in the WARC or ARC file at ``path``.

    :param tick: called with where each record starts, before it is read.
    :param arc: the file is an ARC file: its records are keyed by offset (warcio gives
        them a new random WARC-Record-ID at each reading).
    """
    counts: Counter[str] = Counter()
    with path.open("rb") as fh:
        size = fh.seek(0, 2)
        fh.seek(0)
        records = ArchiveIterator(fh, arc2warc=arc)
        start = 0
        try:
            for record in records:
                start = records.offset
                where = f"{path}:byte {start}"
                tick(where)
                item = _read_record(
                    record, records, base, str(path), start, limits, arc
                )
                if isinstance(item, str):
                    counts[item] += 1
                    continue
                counts["article" if isinstance(item, Article) else "skipped"] += 1
                yield item
            start = records.offset
        except _Damage as exc:
            yield _damaged(path, start, str(exc))
            return
        except (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError) as exc:
            # Raised between records: the damage starts where the last good one ended.
            yield _damaged(path, records.offset, f"{type(exc).__name__}: {exc}")
            return
        fh.seek(start)
        if start < size and fh.read(HEAD_BYTES).strip(b"\0\r\n\t "):
            yield _damaged(path, start, "a record is cut off")  # not even its header
            return
    total = sum(counts.values())
    log.info(
        "%s: %d pages from %d records; passed over: %s",
        path,
        counts["article"],
        total,
        ", ".join(
            f"{counts[k]} {label}"
            for k, label in (
                ("revisit", "revisits"),
                ("status", "not status 200"),
                ("not html", "not HTML"),
                ("other", "requests, metadata and crawl records"),
            )
            if counts[k]
        )
        or "none",
    )


class _Damage(Exception):
    """The file is damaged at the record being read: stop there."""


def _read_record(
    record: Any,
    records: Any,
    base: str,
    source: str,
    start: int,
    limits: Limits,
    arc: bool,
) -> Article | SkippedFile | str:
    """The article of one record, a skip, or why it is no article (a counter key).

    :raises _Damage: the record has no header, or the file ends inside it.
    """
    kind = record.rec_type
    if kind is None:
        raise _Damage("no WARC header")
    if not arc and record.format != "warc":  # warcio took junk for an ARC header
        raise _Damage("not a WARC record")
    if kind == "revisit":
        return _passed(records, record, "revisit")
    if kind not in ("response", "resource"):
        return _passed(records, record, "other")
    if kind == "response":
        headers = record.http_headers
        status = headers.get_statuscode() if headers is not None else None
        if status != "200":
            return _passed(records, record, "status")
        content_type = headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    mime, charset = _content_type(content_type)
    if mime and mime not in HTML_TYPES:
        return _passed(records, record, "not html")
    limit = limits.max_chars * 4  # as for an HTML file: markup around the text
    data = record.content_stream().read(limit + 1)
    _passed(records, record, "")
    if not mime and not data.lstrip()[:200].lower().startswith(
        (b"<!doctype html", b"<html")
    ):
        return "not html"
    uri = record.rec_headers.get_header("WARC-Target-URI") or None
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    if record_id and not arc:
        key = hashlib.sha1(record_id.encode()).hexdigest()[:12]
    else:
        key = str(start)
    where = f"{source}:byte {start}"
    origin = Origin(f"{base}-{key}", source, where, uri or "")
    if len(data) > limit:
        return SkippedFile(where, limits.too_long(len(data), at_least=True))
    captured = _day(record.rec_headers.get_header("WARC-Date"))
    item = read_web_page(
        data, origin, limits, url=uri, charset=charset, captured=captured
    )
    if isinstance(item, Article) and captured is not None:
        item = replace(
            item, metadata=(("captured", captured.isoformat()), *item.metadata)
        )
    return item


def _passed(records: Any, record: Any, reason: str) -> str:
    """Read past the rest of a record; ``reason``, unless the file ends inside it.

    :raises _Damage: the file ends before the record does.
    """
    records.read_to_end()
    if getattr(record.raw_stream, "limit", 0):  # bytes the record declares, never read
        raise _Damage("the file ends inside a record")
    return reason


def _damaged(path: Path, start: int, detail: str) -> SkippedFile:
    detail = " ".join(detail.split())[:100]
    return SkippedFile(
        f"{path}:byte {start}",
        f"damaged or truncated WARC ({detail}); the rest of the file was not read",
    )


def _content_type(value: str) -> tuple[str, str | None]:
    """(MIME type in lower case, charset or None) of a Content-Type header."""
    mime, _sep, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _eq, val = param.partition("=")
        if name.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return mime.strip().lower(), charset


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None
