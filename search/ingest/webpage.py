"""News web pages: main text through trafilatura, publication date through htmldate.

A saved page carries its site around the story: navigation, share bars, cookie banners,
related links, newsletter boxes, comments. trafilatura keeps the story (with
``favor_precision``, comments off); htmldate finds the date the page says it was first
published, from its markup (meta tags, JSON-LD, ``<time>``) and its URL, never from
dates the text merely mentions, and prefers the original date over an update.

What the hand-written reader (html.py) did that the libraries do not, it still does: the
headline is the page's ``<h1>`` (trafilatura takes og:title, which often ends in the
site's name), and a page that trafilatura finds no text in (a bare fragment) is read by
the walker. Either way the text goes through the same cleaning as every format
(cleaning.py), so navigation lines such as "You are here" never reach a snippet.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import logging
import re
from dataclasses import replace
from datetime import date
from typing import Any

import htmldate
import trafilatura
from trafilatura import load_html

from ..models import Article, SkippedFile
from .cleaning import parse_text
from .dates import parse_iso_date
from .files import BINARY_CHARS
from .html import read_html_page
from .reading import Limits, Origin

log = logging.getLogger("search.ingest")

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I
)
#: Labels browsers read as Windows-1252 (the WHATWG encoding standard).
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"}
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")
#: The earliest publication date htmldate accepts (its own default is 1995).
_MIN_DATE = "1900-01-01"


def read_web_page(
    data: bytes,
    origin: Origin,
    limits: Limits,
    *,
    url: str | None = None,
    charset: str | None = None,
    captured: date | None = None,
) -> Article | SkippedFile:
    """The article of one HTML page.

    :param url: where the page was fetched from (a WARC record's target); else the
        page's own canonical URL, if it names one.
    :param charset: the encoding an HTTP header declared; else the page's ``<meta>``.
    :param captured: when a crawler fetched the page: the publication date of last
        resort, marked ``captured``.
    """
    text = decode_html(data, charset)
    if len(BINARY_CHARS.findall(text[:4096])) > max(2, len(text[:4096]) // 50):
        return SkippedFile(origin.where, "not a text file (binary content)")
    if len(text) > limits.max_chars * 4:  # markup around at most max_chars of text
        return SkippedFile(origin.where, limits.too_long(len(text), at_least=True))
    page = _extract(text, url)
    if page is None:
        return SkippedFile(origin.where, "HTML has no body text")
    body, title, meta = page
    published = _published(text, url or meta.get("url"))
    article = parse_text(
        body,
        article_id=origin.article_id,
        source=origin.source,
        title=title or None,
        published=published,
        url=url or meta.get("url"),
    )
    if article is None or not (article.body or article.title):
        return SkippedFile(origin.where, "HTML has no body text")
    if article.published is None and captured is not None:
        article = replace(article, published=captured, published_source="captured")
    pairs = tuple((k, meta[k]) for k in ("author", "sitename") if meta.get(k))
    return replace(article, metadata=pairs) if pairs else article


def read_mhtml(data: bytes, origin: Origin, limits: Limits) -> Article | SkippedFile:
    """The article of a page saved as one file (``.mht``/``.mhtml``): its HTML part, read
    as a page, with the address it was saved from. The file's own Date header is when
    it was saved, not published, and is not used."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    page = next(
        (p for p in message.walk() if p.get_content_type() in _HTML_TYPES), None
    )
    if page is None:
        return SkippedFile(origin.where, "MHTML has no HTML page")
    payload = page.get_payload(decode=True)
    url = page.get("Content-Location") or message.get("Snapshot-Content-Location")
    return read_web_page(
        payload if isinstance(payload, bytes) else b"",
        origin,
        limits,
        url=str(url).strip() or None if url else None,
        charset=page.get_content_charset(),
    )


def html_text(text: str) -> str:
    """The main text of an HTML document (an HTML e-mail), paragraphs apart."""
    page = _extract(text, None)
    return page[0] if page else ""


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Text of an HTML page: its BOM, else the declared charset (HTTP header, then
    ``<meta charset>``), else UTF-8, else Windows-1252."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace")
    if data.startswith(codecs.BOM_UTF16_BE):
        return data[2:].decode("utf-16-be", errors="replace")
    m = _META_CHARSET.search(data[:4096])
    for label in (declared, m and m.group(1).decode("ascii", "replace")):
        if not label:
            continue
        name = "cp1252" if label.strip().lower() in _AS_CP1252 else label.strip()
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        return data.decode(name, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _extract(text: str, url: str | None) -> tuple[str, str, dict[str, str]] | None:
    """(body with paragraphs apart, headline, metadata) of a page, or None if it holds
    no text: trafilatura first, the walker when trafilatura finds nothing."""
    doc: Any = trafilatura.bare_extraction(
        text,
        url=url,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
        deduplicate=False,
    )
    body = (getattr(doc, "text", None) or "").strip()
    meta: dict[str, str] = {}
    if doc is not None:
        for key in ("title", "author", "sitename", "url"):
            value = getattr(doc, key, None)
            if isinstance(value, str) and value.strip():
                meta[key] = " ".join(value.split())
    if body:
        paragraphs = [" ".join(line.split()) for line in body.splitlines()]
        body = "\n\n".join(p for p in paragraphs if p)
    else:
        walked = read_html_page(text)
        if not walked.blocks:
            return None
        body = "\n\n".join(walked.blocks)
        meta.setdefault("title", walked.title)
    return body, _headline(text, meta), meta


#: Where a page's headline is, best first: an ``<h1>`` of the story, then any ``<h1>``
#: outside the site's header, navigation and footer (where logos are ``<h1>``s).
_HEADLINE_PATHS = (
    "//article//h1",
    "//main//h1",
    "//*[@itemprop='headline' and not(self::meta)]",
    "//h1[not(ancestor::header or ancestor::nav or ancestor::footer)]",
)


def _headline(text: str, meta: dict[str, str]) -> str:
    """The page's ``<h1>`` (in its article if it has one), else its title without the
    site's name."""
    tree: Any = load_html(text)
    if tree is not None:
        for path in _HEADLINE_PATHS:
            for node in tree.xpath(path):
                words = " ".join(node.text_content().split())
                if words:
                    return words
    title = meta.get("title") or ""
    if not title and tree is not None:
        title = " ".join(" ".join(tree.xpath("//title//text()")).split())
    site = meta.get("sitename", "").lower()
    for sep in _TITLE_SEPARATORS:
        head, _sep, tail = title.rpartition(sep)
        if head and site and tail.strip().lower() in (site, site.removeprefix("the ")):
            return head.strip()
    return title


def _published(text: str, url: str | None) -> date | None:
    """The first publication date the page's markup or URL states (htmldate)."""
    try:
        found = htmldate.find_date(
            text,
            url=url,
            original_date=True,
            extensive_search=False,
            min_date=_MIN_DATE,
        )
    except (ValueError, TypeError) as exc:  # a date htmldate itself cannot handle
        log.debug("no date from the page's markup: %s", exc)
        return None
    return parse_iso_date(found) if found else None
