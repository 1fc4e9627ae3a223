"""PDF files through pypdf: text page by page, title and date from the metadata.

Text comes from the text layer, page by page, with each line's position and font size
(pypdf's ``visitor_text``), so lines are joined back into paragraphs where the vertical gap
says so and words hyphenated at a line end are mended. Reading stops as soon as the text
is over ``max_article_chars``: a long PDF costs no more than the part of it we would keep.

The title is the document's metadata title unless it is a file name or a program's
placeholder ("Microsoft Word - draft.docx", "untitled"); else the first heading (the
largest type at the top of the first page); else the first line. The date is the
metadata's creation date. A PDF with no text layer (a scan) is skipped with "no text
layer (OCR not available)"; an encrypted one that opens without a password (most
print-restricted PDFs) is read, one that needs a password is skipped.
"""

from __future__ import annotations

import logging
import math
import statistics
from dataclasses import dataclass, field, replace
from typing import Any, BinaryIO

from pypdf import PdfReader
from pypdf.errors import DependencyError, PdfReadError

from ..models import Article, SkippedFile
from .cleaning import parse_text
from .reading import Limits, Origin, is_placeholder_title

log = logging.getLogger("search.ingest")

#: A heading is set this much larger than the body text of its page.
_HEADING_RATIO = 1.2
#: A gap between lines wider than this many line heights starts a paragraph.
_PARAGRAPH_GAP = 1.6


def read_pdf(stream: BinaryIO, origin: Origin, limits: Limits) -> Article | SkippedFile:
    """The article of one PDF; a PDF we cannot read is a :class:`SkippedFile`."""
    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError) as exc:
                return SkippedFile(origin.where, f"encrypted PDF ({_detail(exc)})")
            if not opened:
                return SkippedFile(origin.where, "encrypted PDF (needs a password)")
        info = _metadata(reader)
        pages = len(reader.pages)
    except (PdfReadError, ValueError, TypeError, KeyError, OSError) as exc:
        return SkippedFile(origin.where, f"not a readable PDF ({_detail(exc)})")
    lines: list[list[_Line]] = []
    chars = 0
    broken: list[str] = []
    for number in range(pages):
        try:
            page_lines = _page_lines(reader.pages[number])
        except Exception as exc:  # noqa: BLE001 - one broken page of a long document
            log.info("%s: page %d unreadable (%s)", origin.where, number + 1, exc)
            broken.append(f"page {number + 1}: {_detail(exc)}")
            continue
        lines.append(page_lines)
        chars += sum(len(line.text) + 1 for line in page_lines)
        if chars > limits.max_chars:
            return SkippedFile(origin.where, limits.too_long(chars, at_least=True))
    if not any(lines) and broken:
        return SkippedFile(
            origin.where,
            f"no readable text ({len(broken)} of {pages} pages broken; {broken[0]})",
        )
    if not any(lines):
        return SkippedFile(origin.where, "no text layer (OCR not available)")
    title = info.get("title") or _heading(lines[0] if lines else [])
    body = "\n\n".join("\n\n".join(_paragraphs(page)) for page in lines if page)
    article = parse_text(
        body,
        article_id=origin.article_id,
        source=origin.source,
        title=title or None,
        published=info.get("created"),
    )
    if article is None:
        return SkippedFile(origin.where, "no text layer (OCR not available)")
    metadata = [("pages", str(pages))]
    if info.get("author"):
        metadata.insert(0, ("author", str(info["author"])))
    return replace(article, metadata=tuple(metadata))


@dataclass(slots=True)
class _Line:
    """One line of a page as pypdf lays it out: its text, baseline and type size."""

    text: str
    y: float
    size: float


@dataclass(slots=True)
class _Collector:
    """Collects a page's lines from pypdf's ``visitor_text`` calls."""

    lines: list[_Line] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    y: float = 0.0
    size: float = 0.0

    def visit(self, text: str, cm: Any, tm: Any, _font: Any, font_size: float) -> None:
        for n, piece in enumerate(text.split("\n")):
            if n:
                self.end_line()
            if piece.strip():
                if not self.parts:
                    self.y, self.size = _position(cm, tm, font_size)
                self.parts.append(piece)

    def end_line(self) -> None:
        line = " ".join("".join(self.parts).split())
        if line:
            self.lines.append(_Line(line, self.y, self.size))
        self.parts = []


def _position(cm: Any, tm: Any, font_size: float) -> tuple[float, float]:
    """Baseline height and type size in page space of text drawn with matrices
    ``tm`` (text) and ``cm`` (current transformation)."""
    try:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
        return float(y), float(font_size * scale or font_size)
    except (TypeError, IndexError):
        return 0.0, float(font_size or 0.0)


def _page_lines(page: Any) -> list[_Line]:
    collector = _Collector()
    page.extract_text(visitor_text=collector.visit)
    collector.end_line()
    return collector.lines


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Lines joined into paragraphs: a new one where the type size changes, the gap to
    the line above is wider than a line, or the text jumps up (a new column)."""
    paragraphs: list[str] = []
    current = ""
    previous: _Line | None = None
    for line in lines:
        if previous is not None and current:
            height = max(line.size, previous.size, 1.0)
            gap = previous.y - line.y
            same_size = abs(line.size - previous.size) <= 0.15 * height
            if same_size and 0 < gap <= _PARAGRAPH_GAP * height:
                if current.endswith("-") and line.text[:1].islower():
                    current = (
                        current[:-1] + line.text
                    )  # a word hyphenated at a line end
                else:
                    current += " " + line.text
                previous = line
                continue
            paragraphs.append(current)
        current = line.text
        previous = line
    if current:
        paragraphs.append(current)
    return paragraphs


def _heading(lines: list[_Line]) -> str:
    """The first heading of a page: its first run of lines in the largest type, if that
    type is larger than the page's body text."""
    if not lines:
        return ""
    body_size = statistics.median(line.size for line in lines)
    top = lines[:20]
    largest = max(line.size for line in top)
    if largest < _HEADING_RATIO * body_size:
        return ""
    words: list[str] = []
    for line in top:
        if abs(line.size - largest) <= 0.05 * largest:
            words.append(line.text)
        elif words:
            break
    return " ".join(words)


def _metadata(reader: Any) -> dict[str, Any]:
    """Title (if it names the document), author and creation date of a PDF's metadata."""
    try:
        meta = reader.metadata
    except Exception as exc:  # noqa: BLE001 - a broken info dictionary is no reason to stop
        log.info("unreadable PDF metadata (%s)", exc)
        return {}
    if meta is None:
        return {}
    info: dict[str, Any] = {}
    title = " ".join(str(meta.title or "").split())
    if not is_placeholder_title(title):
        info["title"] = title
    author = " ".join(str(meta.author or "").split())
    if author:
        info["author"] = author
    try:
        created = meta.creation_date
    except (ValueError, TypeError):  # a date pypdf cannot parse
        created = None
    if created is not None:
        info["created"] = created.date() if hasattr(created, "date") else created
    return info


def _detail(exc: BaseException) -> str:
    detail = " ".join(str(exc).split())[:80]
    return f"{type(exc).__name__}{': ' if detail else ''}{detail}"
