"""Word documents (.docx) through python-docx: paragraphs and tables in document order.

The title is the document's own title property unless it is a placeholder, else its
first paragraph in the Title or Heading 1 style, else its first line; the date is the
creation date of its core properties. A .docx is a zip archive: its directory is checked
before anything is inflated, so a zip bomb (a few kB that unpack to gigabytes) is refused
from the sizes it declares, and a member that inflates past its declared size fails its
check in ``zipfile`` instead of filling memory.
"""

from __future__ import annotations

import zipfile
from dataclasses import replace
from datetime import date, datetime
from typing import Any, BinaryIO

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table

from ..models import Article, SkippedFile
from .cleaning import parse_text
from .reading import Limits, Origin, is_placeholder_title

#: More parts than any real document has (a Word file has a few dozen).
MAX_ZIP_MEMBERS = 10_000
#: A member that declares itself this many times larger than its packed size, and over
#: a megabyte, is a bomb: real document XML packs 5 to 20 times.
MAX_ZIP_RATIO = 200
_HEADING_STYLES = ("title", "heading 1")
#: Paragraphs looked at for a heading to be the title.
_TITLE_SEARCH = 50


def check_zip(stream: BinaryIO, limits: Limits) -> str | None:
    """Why the zip archive in ``stream`` must not be unpacked, from its directory alone,
    or None if it may be."""
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        return f"corrupt .docx (not a zip archive: {exc})"
    finally:
        stream.seek(0)
    if len(members) > MAX_ZIP_MEMBERS:
        return f"zip bomb ({len(members):,} parts; refused without unpacking)"
    total = sum(m.file_size for m in members)
    if total > limits.max_file_bytes:
        return (
            f"zip bomb or too large (unpacks to {total / 1e6:,.0f} MB; the limit is "
            f"max_file_mb = {limits.max_file_bytes // 1_000_000:,}; refused without "
            "unpacking)"
        )
    for m in members:
        if m.file_size > 1_000_000 and m.file_size > MAX_ZIP_RATIO * max(
            m.compress_size, 1
        ):
            return (
                f"zip bomb ({m.filename} packs {m.file_size / 1e6:,.0f} MB into "
                f"{m.compress_size:,} bytes; refused without unpacking)"
            )
    return None


def read_docx(
    stream: BinaryIO, origin: Origin, limits: Limits
) -> Article | SkippedFile:
    """The article of one Word document; a document we cannot read is skipped."""
    refused = check_zip(stream, limits)
    if refused:
        return SkippedFile(origin.where, refused)
    try:
        document: Any = docx.Document(stream)
        paragraphs = _blocks(document, limits.max_chars)
        props = document.core_properties
        title = " ".join((props.title or "").split())
        author = " ".join((props.author or "").split())
        created = props.created
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        AttributeError,
        SyntaxError,  # lxml's XMLSyntaxError
        EOFError,
        OSError,
    ) as exc:
        detail = " ".join(str(exc).split())[:80]
        return SkippedFile(
            origin.where, f"corrupt .docx ({type(exc).__name__}: {detail})"
        )
    if is_placeholder_title(title):
        title = next(
            (text for style, text in paragraphs if style in _HEADING_STYLES), ""
        )
    body = "\n\n".join(text for _style, text in paragraphs)
    if len(body) > limits.max_chars:
        return SkippedFile(origin.where, limits.too_long(len(body), at_least=True))
    article = parse_text(
        body,
        article_id=origin.article_id,
        source=origin.source,
        title=title or None,
        published=_day(created),
    )
    if article is None:
        return SkippedFile(origin.where, "Word document has no text")
    return replace(article, metadata=(("author", author),)) if author else article


def _blocks(document: Any, max_chars: int) -> list[tuple[str, str]]:
    """(style name in lower case, text) of each paragraph and table row, in order; the
    style only for the first paragraphs, where a title may be. Reading stops once the
    text is over ``max_chars``."""
    blocks: list[tuple[str, str]] = []
    chars = 0
    for item in document.iter_inner_content():
        if chars > max_chars:
            break
        if isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                if cells:
                    blocks.append(("table", " | ".join(cells)))
                    chars += len(blocks[-1][1]) + 2
            continue
        text = " ".join(item.text.split())
        if text:
            style = ""
            if len(blocks) < _TITLE_SEARCH:  # a style costs a search of the style sheet
                style = (item.style.name if item.style is not None else "") or ""
            blocks.append((style.lower(), text))
            chars += len(text) + 2
    return blocks


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None
