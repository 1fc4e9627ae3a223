"""E-mail: one message (.eml) or a mailbox of them (mbox), with the standard library.

A message is an article: its subject the title, its text part (or its HTML part, read as
a web page) the body, its Date header the publication date. Who sent it and to whom are
kept as facet-ready metadata: ``from``, ``to`` and ``cc`` values of the form
``Name <address>``, the address in lower case. A signature after the ``-- `` line is
dropped.

Attachments that are documents we read (PDF, Word, HTML, plain text, a forwarded message)
become articles of their own, ``MESSAGE-attN`` (N counts every attachment, readable or
not, so the numbers stay put), with the message's id as ``parent`` and its date when
they carry none. Other attachments (pictures, spreadsheets) are only named in the
message's metadata.

An mbox file is read message by message as a stream (``From `` lines apart, as the
``mailbox`` module splits them), so a mailbox of any size is read in the memory of its
largest message. Message ids are stable: ``BASE-`` and a hash of the Message-ID header,
or the message's number in the file when it has none.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib
import io
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import Any, BinaryIO

from ..models import Article, SkippedFile
from .cleaning import parse_text
from .files import decode
from .formats import format_of_name, sniff_binary
from .reading import Limits, Origin

log = logging.getLogger("search.ingest")

#: Attachment formats read as articles of their own, by MIME type.
ATTACHMENT_TYPES = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "txt",
    "message/rfc822": "eml",
}
READABLE_ATTACHMENTS = frozenset({"pdf", "docx", "html", "txt", "eml"})
#: Forwarded messages inside forwarded messages: as deep as we follow.
MAX_DEPTH = 3
_SIGNATURE = re.compile(r"^-- ?$", re.MULTILINE)
_MBOXRD_QUOTE = re.compile(rb"^>(>*From )", re.MULTILINE)


def read_eml(
    data: bytes, origin: Origin, limits: Limits, depth: int = 0
) -> list[Article | SkippedFile]:
    """The message in ``data`` and its readable attachments, message first."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not message.keys():
        return [SkippedFile(origin.where, "not an e-mail message (no headers)")]
    return read_message(message, origin, limits, depth)


def read_message(
    message: EmailMessage, origin: Origin, limits: Limits, depth: int = 0
) -> list[Article | SkippedFile]:
    """A parsed message and its readable attachments, message first."""
    title = _header(message, "subject") or "(no subject)"
    published = _date(message)
    people = _people(message)
    body = _body(message)
    if len(body) > limits.max_chars:
        return [SkippedFile(origin.where, limits.too_long(len(body)))]
    attachments = list(message.iter_attachments())
    named = tuple(
        ("attachment", name)
        for name in (_filename(part, n) for n, part in enumerate(attachments, 1))
    )
    article = parse_text(
        body,
        article_id=origin.article_id,
        source=origin.source,
        title=title,
        published=published,
    )
    assert article is not None  # a title is always given
    message_id = _header(message, "message-id")
    extra = (("message_id", message_id),) if message_id else ()
    article = replace(article, metadata=people + extra + named)
    items: list[Article | SkippedFile] = [article]
    for n, part in enumerate(attachments, 1):
        items.extend(
            _attachment(
                part, origin.part(f"att{n}", _filename(part, n)), article, limits, depth
            )
        )
    return items


def read_mbox(
    path: Path,
    base: str,
    limits: Limits,
    tick: Callable[[str], None] = lambda where: None,
) -> Iterator[Article | SkippedFile]:
    """Every message of an mbox file (and their attachments), streamed.

    :param tick: called with where each message starts, before it is read.
    """
    seen: set[str] = set()
    with path.open("rb") as fh:
        for number, raw, too_large in _split_mbox(fh, limits.max_file_bytes):
            where = f"{path}:message {number}"
            tick(where)
            if too_large:
                yield SkippedFile(where, limits.too_large_file(too_large))
                continue
            message = email.message_from_bytes(
                _MBOXRD_QUOTE.sub(rb"\1", raw), policy=email.policy.default
            )
            if not isinstance(message, EmailMessage):
                continue
            key = _message_key(message, number, seen)
            origin = Origin(f"{base}-{key}", str(path), where, path.name)
            try:
                items = read_message(message, origin, limits)
            except Exception as exc:  # noqa: BLE001 - one broken message of many
                log.debug("cannot read %s", where, exc_info=True)
                detail = " ".join(str(exc).split())[:80]
                items = [
                    SkippedFile(
                        where, f"cannot parse message ({type(exc).__name__}: {detail})"
                    )
                ]
            yield from items


def _split_mbox(fh: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes, int]]:
    """(number, bytes, 0) of each message of an mbox, or (number, b"", size) for one
    over ``max_bytes``: read past, never held."""
    number = 0
    lines: list[bytes] = []
    size = 0
    for line in fh:
        if line.startswith(b"From ") or number == 0:
            if number and size <= max_bytes:
                yield number, b"".join(lines), 0
            elif number:
                yield number, b"", size
            if number == 0 and not line.strip():
                continue  # blank lines before the first message
            number += 1
            lines, size = [], 0
            if line.startswith(b"From "):
                continue
        size += len(line)
        if size <= max_bytes:
            lines.append(line)
        else:
            lines = []
    if number and size <= max_bytes:
        yield number, b"".join(lines), 0
    elif number:
        yield number, b"", size


def _message_key(message: EmailMessage, number: int, seen: set[str]) -> str:
    """The stable key of a message in its mbox: a hash of its Message-ID, or its
    number when it has none (or shares one with an earlier message)."""
    message_id = _header(message, "message-id")
    if message_id:
        key = hashlib.sha1(message_id.encode("utf-8", "replace")).hexdigest()[:12]
        if key not in seen:
            seen.add(key)
            return key
    return f"m{number}"


def _attachment(
    part: Any, origin: Origin, message: Article, limits: Limits, depth: int
) -> list[Article | SkippedFile]:
    """The articles of one attachment: none if it is not a document we read."""
    content_type = part.get_content_type()
    if content_type == "message/rfc822":
        if depth >= MAX_DEPTH:
            return []
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        if not isinstance(inner, EmailMessage):
            return []
        items = read_message(inner, origin, limits, depth + 1)
        return [
            _linked(item, message, "eml", origin.name) for item in items[:1]
        ] + items[1:]
    try:
        data = part.get_payload(decode=True) or b""
    except Exception as exc:  # noqa: BLE001 - a broken transfer encoding
        return [SkippedFile(origin.where, f"attachment cannot be decoded ({exc})")]
    kind = (
        sniff_binary(data[:8192])
        or format_of_name(origin.name)
        or ATTACHMENT_TYPES.get(content_type)
    )
    if kind not in READABLE_ATTACHMENTS or not data:
        return []
    if len(data) > limits.max_file_bytes:
        return [SkippedFile(origin.where, limits.too_large_file(len(data)))]
    items = _read_attachment(kind, data, origin, limits, depth)
    return [_linked(items[0], message, kind, origin.name), *items[1:]] if items else []


def _read_attachment(
    kind: str, data: bytes, origin: Origin, limits: Limits, depth: int
) -> list[Article | SkippedFile]:
    if kind == "pdf":
        from .pdf import read_pdf

        return [read_pdf(io.BytesIO(data), origin, limits)]
    if kind == "docx":
        from .word import read_docx

        return [read_docx(io.BytesIO(data), origin, limits)]
    if kind == "html":
        from .webpage import read_web_page

        return [read_web_page(data, origin, limits)]
    if kind == "eml":
        if depth >= MAX_DEPTH:
            return []
        return read_eml(data, origin, limits, depth + 1)
    text = decode(data)
    if text is None:
        return [SkippedFile(origin.where, "not a text file (binary content)")]
    article = parse_text(text, article_id=origin.article_id, source=origin.source)
    return [article or SkippedFile(origin.where, "empty attachment")]


def _linked(
    item: Article | SkippedFile, message: Article, kind: str, name: str
) -> Article | SkippedFile:
    """An attachment's article tied to its message: parent, file name and format, the
    message's sender and recipients (a forwarded message has its own), and the message's
    date if it has none of its own."""
    if not isinstance(item, Article):
        return item
    people = tuple((k, v) for k, v in message.metadata if k in ("from", "to", "cc"))
    label = (("attachment", name), ("format", kind)) + (people if kind != "eml" else ())
    article = replace(item, parent=message.id, metadata=label + item.metadata)
    if article.published is None and message.published is not None:
        article = replace(
            article, published=message.published, published_source="metadata"
        )
    return article


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):  # a header the policy cannot parse
        return ""
    return " ".join(str(value or "").split())


def _date(message: EmailMessage) -> date | None:
    raw = _header(message, "date")
    if not raw:
        return None
    try:
        return email.utils.parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError):
        log.info("cannot read the date %r of a message; left undated", raw)
        return None


def _people(message: EmailMessage) -> tuple[tuple[str, str], ...]:
    """(field, "Name <address>") for each of ``from``, ``to`` and ``cc``, the address
    in lower case."""
    pairs: list[tuple[str, str]] = []
    for field in ("from", "to", "cc"):
        try:
            values = message.get_all(field) or []
        except (ValueError, IndexError, TypeError):
            continue
        for name, address in email.utils.getaddresses([str(v) for v in values]):
            address = address.strip().lower()
            name = " ".join(name.split())
            if address or name:
                pairs.append(
                    (
                        field,
                        f"{name} <{address}>" if name and address else address or name,
                    )
                )
    return tuple(dict.fromkeys(pairs))


def _body(message: EmailMessage) -> str:
    """The text of a message: its plain part, else its HTML part as a page's text;
    the signature cut off."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, IndexError, TypeError):
        part = None
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):  # an unknown charset, say
        raw = part.get_payload(decode=True) or b""
        content = decode(raw) or "" if isinstance(raw, bytes) else ""
    if not isinstance(content, str):
        return ""
    if part.get_content_type() == "text/html":
        from .webpage import html_text

        return html_text(content)
    match = _SIGNATURE.search(content)
    return content[: match.start()] if match else content


def _filename(part: Any, number: int) -> str:
    try:
        name = part.get_filename()
    except (ValueError, IndexError, TypeError):
        name = None
    return " ".join(str(name).split()) if name else f"attachment {number}"
