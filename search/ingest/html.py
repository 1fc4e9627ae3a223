"""Reading a news web page: headline, publication date values and main text blocks.

A small ``html.parser`` walker rather than a dependency: it keeps the text of ``<article>``
or ``<main>`` when the page has one (else the whole body), skips page furniture (scripts,
navigation, headers, footers, asides, forms) and collects the date a page states about
itself (``<time datetime>``, ``article:published_time`` and similar meta tags).
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What a page says about itself: headline, date strings as written, text blocks."""

    title: str
    dates: tuple[str, ...]
    blocks: tuple[str, ...]


def read_html_page(text: str) -> HtmlPage:
    """Headline (``<h1>``, else og:title, else ``<title>``), dates and main text of a page."""
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    parser._flush()
    blocks = parser.main_blocks or parser.blocks
    title = " ".join((parser.h1 or parser.meta_title or parser.title_tag).split())
    if title and blocks and blocks[0] == title:
        blocks = blocks[1:]
    return HtmlPage(title, tuple(v for _kind, v in parser.dates), tuple(blocks))


class _PageParser(HTMLParser):
    """Collects headline, dates and paragraphs of a news page, skipping page furniture."""

    SKIP = {
        "script",
        "style",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "noscript",
        "figure",
        "svg",
        "button",
        "template",
    }
    BLOCK = {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "li",
        "blockquote",
        "div",
        "br",
        "section",
        "article",
        "main",
        "tr",
        "pre",
    }
    DATE_META = {
        "article:published_time",
        "og:published_time",
        "date",
        "pubdate",
        "publishdate",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
        "datepublished",
        "publication_date",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.stack: list[str] = []
        self.title_tag = ""
        self.h1 = ""
        self.meta_title = ""
        self.dates: list[tuple[str, str]] = []
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.in_main = 0
        self.main_blocks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (
                a.get("property") or a.get("name") or a.get("itemprop") or ""
            ).lower()
            if key in self.DATE_META and a.get("content"):
                self.dates.append(("meta", a["content"]))
            if key in ("og:title", "twitter:title") and a.get("content"):
                self.meta_title = a["content"]
            return
        if tag == "time" and (a.get("datetime") or a.get("pubdate") is not None):
            self.dates.append(("time", a.get("datetime", "")))
        if tag in ("br", "hr", "img", "input", "link", "meta"):
            if tag == "br":
                self._flush()
            return
        self.stack.append(tag)
        if tag in self.SKIP:
            self.skip_depth += 1
        if tag in ("article", "main"):
            self.in_main += 1
        if tag in self.BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if top in self.BLOCK:
                self._flush()
            if top in self.SKIP:
                self.skip_depth -= 1
            if top in ("article", "main"):
                self.in_main -= 1
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.stack:
            return
        tag = self.stack[-1]
        if tag == "title":
            self.title_tag += data
            return
        if self.skip_depth:
            return
        if tag == "h1" and not self.h1:
            self.h1 = data.strip() or self.h1
        self.current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        self.current = []
        if text:
            self.blocks.append(text)
            if self.in_main:
                self.main_blocks.append(text)
