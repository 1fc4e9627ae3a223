"""Which format a file is in: by its first bytes where they say, else by its name.

A PDF saved as ``.html``, a crawl named ``.warc.gz`` or ``.warc``, an mbox without a
suffix (as mail programs keep them): the content decides for the formats that announce
themselves (``%PDF-``, a zip holding ``word/``, a ``WARC/1.x`` or ARC header, plain or
gzip'd). A file named ``.txt``, ``.json`` or ``.csv`` is only taken for another format
when its bytes are one of those binary formats; sniffing HTML, e-mail and mbox from text is
kept for files whose name says nothing (no suffix, or one we do not know).
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

#: File name endings -> format; compound endings (``.warc.gz``) are matched first.
SUFFIXES = {
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".arc": "arc",
    ".arc.gz": "arc",
    ".pdf": "pdf",
    ".docx": "docx",
    ".mht": "mhtml",
    ".mhtml": "mhtml",
    ".eml": "eml",
    ".mbox": "mbox",
}
#: A saved page as one file (``.mht``/``.mhtml``: the page and its pictures in MIME) is
#: "mhtml".
#: Formats read in this process, from text (see files.py).
TEXT_FORMATS = frozenset({"txt", "jsonl", "json", "csv"})
#: Formats read by the reader process, under its time and memory limits (sandbox.py).
ISOLATED_FORMATS = frozenset(
    {"html", "mhtml", "warc", "arc", "pdf", "docx", "eml", "mbox"}
)
#: Formats of one article per file (a skip names the file, not a record).
ONE_ARTICLE_FORMATS = frozenset({"txt", "html", "mhtml", "pdf", "docx"})
#: Formats read record by record: no size limit for the file as a whole.
CONTAINER_FORMATS = frozenset({"warc", "arc", "mbox"})
#: Formats whose files announce themselves in their first bytes.
_SELF_ANNOUNCING = frozenset({"pdf", "docx", "warc", "arc"})
#: Bytes read from the start of a file to tell its format.
HEAD_BYTES = 8192

_MBOX_FROM = re.compile(rb"From \S+ +\S.*\r?\n(?:[!-9;-~]+:|>?From )")
_HEADER = re.compile(
    rb"^([A-Za-z][A-Za-z0-9-]{1,40}):(?:[ \t]|\r?\n[ \t])", re.MULTILINE
)
_MAIL_HEADERS = {
    b"from",
    b"to",
    b"date",
    b"subject",
    b"message-id",
    b"mime-version",
    b"received",
    b"return-path",
    b"content-type",
}
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html[\s>]|head[\s>])",
    re.IGNORECASE | re.DOTALL,
)


def format_of_name(name: str) -> str | None:
    """The format a file name's ending says, or None."""
    lower = name.lower()
    for suffix in (".warc.gz", ".arc.gz"):
        if lower.endswith(suffix):
            return SUFFIXES[suffix]
    return SUFFIXES.get(Path(lower).suffix)


def stem_of(path: Path) -> Path:
    """``path`` without its format's ending: ``crawl.warc.gz`` -> ``crawl``."""
    lower = path.name.lower()
    for suffix in (".warc.gz", ".arc.gz"):
        if lower.endswith(suffix):
            return path.with_name(path.name[: -len(suffix)])
    return path.with_suffix("")


def sniff_binary(head: bytes) -> str | None:
    """The format of a file that announces itself in its first bytes (PDF, Word, WARC,
    ARC), or None."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in head else None
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return None
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"filedesc://"):
        return "arc"
    return None


def sniff_text(head: bytes) -> str | None:
    """The format of a text file whose name says nothing: HTML, an mbox, an e-mail."""
    if _HTML_START.match(head):
        return "html"
    if _MBOX_FROM.match(head):
        return "mbox"
    block = re.split(rb"\r?\n\r?\n", head, maxsplit=1)[0]
    names = {m.group(1).lower() for m in _HEADER.finditer(block)}
    if block[:1].isalpha() and _HEADER.match(block) and len(names & _MAIL_HEADERS) >= 3:
        if b"snapshot-content-location" in names:  # a page saved as one file (Chrome)
            return "mhtml"
        return "eml"
    return None


def detect_format(path: Path, head: bytes) -> str | None:
    """The format of the file at ``path`` whose first bytes are ``head``, or None.

    Binary signatures win over the name; text is sniffed only when the name says nothing
    we know or names a binary format the bytes do not bear out, so a ``.txt`` article
    that starts like an e-mail stays a ``.txt`` article.
    """
    by_content = sniff_binary(head)
    if by_content:
        return by_content
    by_name = format_of_name(path.name)
    if by_name is None or by_name in _SELF_ANNOUNCING:
        # A ".pdf" that is an HTML error page (a failed download) is read as HTML.
        return sniff_text(head) or by_name
    return by_name
