"""Cleaning: plain article text -> title, dateline, publication date and body.

Cleaning happens once, at reading, so that what is searched, highlighted and analysed is
the same text: navigation lines ("You are here", "Market voices on:") are dropped, the
``date YYYY-MM-DD`` header and the ``[WASHINGTON]`` dateline marker are taken out of the
body into fields, exact repeated paragraphs (a standfirst printed twice) are kept once, and
the title is the headline, not the standfirst.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..models import Article
from .dates import parse_iso_date, parse_long_date

#: Whole paragraphs that are site furniture, not news (matched case-insensitively).
BOILERPLATE = re.compile(
    r"^(you are here|market voices on:?|advertisement|advertisements?|skip to (main )?content|"
    r"share this( article| story)?|share on (facebook|twitter)|read more:?|related( stories| "
    r"articles| topics)?:?|sign up.*newsletter.*|subscribe( now)?|print this (page|article)|"
    r"email this (page|article)|follow us on .{1,30}|click here.{0,40}|"
    r"this article requires pre-publication review.*|home\s*[>»|].*|menu|search|"
    r"back to top|top stories|most read|most popular)$",
    re.IGNORECASE,
)
DATE_HEADER = re.compile(r"^\s*date[:\s]\s*(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)
BRACKET_DATELINE = re.compile(r"^\s*\[([A-Z][A-Za-z .,'-]{1,40})\]\s*")
#: "TOKYO, March 3 -", "WASHINGTON (Reuters) -", "CUPERTINO, Calif., June 5 (AP) —":
#: the town in capitals, then its state or country ("Calif.", "Ill.", "Scotland"), the
#: date and the agency, each if written.
AGENCY_DATELINE = re.compile(
    r"^\s*([A-Z][A-Z .'-]{1,30}[A-Z])(?:,\s*([A-Z][A-Za-z.]{1,14}(?: [A-Z][a-z.]+)?))?"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\((?:Reuters|AP|AFP|UPI|dpa|Xinhua|Bloomberg)\))?\s*[-–—]{1,2}\s+"
)
WEEKDAY_DATELINE = re.compile(
    r"^\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+"
    r"([A-Z][a-z]+ \d{1,2}, \d{4})\s*$"
)
HEADLINE_MAX_CHARS = 160
DERIVED_TITLE_CHARS = 110


def parse_text(
    text: str,
    *,
    article_id: str,
    source: str,
    title: str | None = None,
    published: date | None = None,
    url: str | None = None,
) -> Article | None:
    """Clean a plain-text article; ``title``/``published`` from metadata take precedence.

    Returns None when nothing but boilerplate is left.
    """
    body = _Body(published, "metadata" if published else None)
    for para in split_paragraphs(text):
        body.take(para)
    kept = body.kept
    if not kept and not title:
        return None
    if title is None:
        title, kept = choose_title(kept)
    else:
        title = " ".join(title.split())
        if kept and kept[0] == title:
            kept = kept[1:]
    return Article(
        id=article_id,
        source=source,
        title=title,
        body="\n\n".join(kept),
        published=body.published,
        published_source=body.published_source,
        dateline=body.dateline,
        url=url,
    )


@dataclass
class _Body:
    """The paragraphs kept so far, and the fields taken out of them."""

    published: date | None
    published_source: str | None
    dateline: str | None = None
    kept: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def take(self, para: str) -> None:
        """Keep ``para``, less the date header or dateline it starts with; drop it if it
        is a weekday dateline, boilerplate, or a repeat."""
        m = DATE_HEADER.match(para)
        if m:
            self._published(parse_iso_date(m.group(1)), "header")
            para = para[m.end() :].strip()
            if not para:
                return
        if not self.kept or self.dateline is None:
            wm = WEEKDAY_DATELINE.match(para)
            if wm and len(self.kept) <= 1:
                self._published(parse_long_date(wm.group(1)), "dateline")
                return
        para = self._take_dateline(para)
        if not para or BOILERPLATE.match(para):
            return
        if para in self.seen:  # a standfirst repeated under the headline
            return
        self.seen.add(para)
        self.kept.append(para)

    def _published(self, day: date | None, source: str) -> None:
        if self.published is None and day is not None:
            self.published, self.published_source = day, source

    def _take_dateline(self, para: str) -> str:
        """``para`` without its ``[CITY]`` or agency dateline, recorded once."""
        m = BRACKET_DATELINE.match(para)
        if m and self.dateline is None:
            self.dateline = m.group(1).strip().title()
            return para[m.end() :].strip()
        if self.dateline is None and len(self.kept) <= 2:
            m = AGENCY_DATELINE.match(para)
            if m and len(m.group(1)) >= 3:
                town = m.group(1).strip().title()
                self.dateline = f"{town}, {m.group(2)}" if m.group(2) else town
                return para[m.end() :].strip()
        return para


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines, inner whitespace collapsed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = re.split(r"\n\s*\n", text)
    if len(parts) == 1 and text.count("\n") > 3:
        parts = text.split("\n")  # one paragraph per line, no blank lines
    return [" ".join(p.split()) for p in parts if p.strip()]


def choose_title(paragraphs: list[str]) -> tuple[str, list[str]]:
    """The headline and the remaining body paragraphs.

    The first paragraph is the headline when it reads like one (short, no closing full
    stop) and more text follows. Otherwise the article has no headline in the text and the
    title is its first sentence, shortened, while the body keeps the whole paragraph.
    """
    if not paragraphs:
        return "(untitled)", []
    first = paragraphs[0]
    looks_like_headline = len(first) <= HEADLINE_MAX_CHARS and (
        not first.endswith(".") or len(first.split()) <= 12
    )
    if looks_like_headline and len(paragraphs) > 1:
        return first, paragraphs[1:]
    if looks_like_headline:
        return first, paragraphs
    return shorten(first_sentence(first), DERIVED_TITLE_CHARS), paragraphs


def first_sentence(text: str) -> str:
    m = re.search(r"(?<=[a-z0-9\"”’)])[.!?](?=\s+[A-Z“\"])", text)
    return text[: m.start() + 1] if m else text


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text.rstrip(".")
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
