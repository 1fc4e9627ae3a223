"""Spans the layout of the text cut or ran on, before any span is mended: names a wire
marks in angle brackets ("<Canamax Resources Inc>", :func:`unbracketed`), and spans the
model ran across a paragraph break, as from the headline into the lede
(:func:`paragraph_parts`). Passes of :func:`search.extract.framing.framed_mentions`,
beside :mod:`search.extract.mending`, which mends spans by the words around them.
"""

from __future__ import annotations

import re

from ..names import normalise_text
from ..names.places import Gazetteer
from .mending import NAME_LABELS, written_at
from .mentions import Mention

#: Longest first line read as a headline before the lede.
MAX_HEADLINE_WORDS = 20
_PARAGRAPH_PARTS = re.compile(r"[^\n]*\S[^\n]*")
# A wire's angle brackets around a company's name or a ticker ("<Noranda Inc>",
# "<CHL>").
_BRACKETED = re.compile(r"<([A-Z][^<>\n]{0,80})>")


def unbracketed(text: str, mentions: list[Mention]) -> list[Mention]:
    """Names a wire marks in angle brackets ("<Canamax Resources Inc> said"; 2,086 ORG
    spans of Reuters-21578 hold a bracket, which made every one junk). The brackets
    hold a company's name whole: the spans inside one give way to one organisation of
    what it holds, whatever the model read ("<Gruppo Ferruzzi>" is no person,
    "<Cassa di Risparmio di Calabria e Lucania>" no two names). A ticker in brackets
    ("<CHL>", "<BBCZ.Z>") is no name: a span of one goes, and a span running into one
    ("Cie <BBCZ.Z") loses it."""
    regions: dict[int, str] = {}  # start -> a company's name
    tickers: list[tuple[int, int]] = []
    for match in _BRACKETED.finditer(text):
        if any(c.islower() for c in match.group(1)):
            regions[match.start(1)] = match.group(1)
        else:
            tickers.append((match.start(1), match.end(1)))
    out: list[Mention] = []
    named: set[int] = set()
    for m in mentions:
        if m.label not in NAME_LABELS or not written_at(text, m):
            out.append(m)
            continue
        region = next(
            (s for s, name in regions.items() if s <= m.start < s + len(name)), None
        )
        if region is not None:
            if region not in named:
                named.add(region)
                words = text[: region - 1].split()
                prev = words[-1].lower().rstrip(".") if words else ""
                out.append(Mention("ORG", regions[region].strip(), region, prev))
            continue
        if any(s <= m.start < e for s, e in tickers):
            continue
        name = m.text.split(" <")[0].split(">")[0].lstrip("< ")
        if name:
            out.append(Mention(m.label, name, m.start + m.text.index(name), m.prev))
    return out


def paragraph_parts(
    text: str, mentions: list[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    """A span across a paragraph break cut there: its first part, and the part that
    begins the lede after the headline where the article writes it again
    ("Chelsea\n\nArsenal" of the headline "Arsenal beat Chelsea" and a lede "Arsenal
    thrashed ..."), each a mention with the span's label; not lines of a table ("Net"
    of "Shr 12 cts\nNet 1.2 mln"), nor a word written once ("Everton\n\nHolders"),
    nor a common word the article also writes in lower case ("Profits" of "Profits
    stall ..." and "Profits at ...") or a nationality ("French prodigy Gael
    Monfils")."""
    out: list[Mention] = []
    headline_end = re.search(r"\n\s*", text)
    lede = -1
    if headline_end is not None:
        headline = text[: headline_end.start()].strip()
        if len(headline.split()) <= MAX_HEADLINE_WORDS and not headline.endswith("."):
            lede = headline_end.end()  # a headline: not a paragraph of wire copy
    for m in mentions:
        if "\n" not in m.text or m.label not in NAME_LABELS or not written_at(text, m):
            out.append(m)
            continue
        for k, part in enumerate(_PARAGRAPH_PARTS.finditer(m.text)):
            name = part.group(0).strip()
            start = m.start + part.start() + part.group(0).index(name)
            if k == 0 or (
                start == lede
                and not name.isupper()  # a table's header ("ASSOCIATION TRADER")
                and text.count(name) >= 2
                and not re.search(rf"\b{re.escape(name.lower())}\b", text)
                and gazetteer.country_of_adjective(normalise_text(name)) is None
            ):
                out.append(Mention(m.label, name, start, m.prev if k == 0 else ""))
    return out
