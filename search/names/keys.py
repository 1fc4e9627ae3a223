"""Name keys: what makes two written names one entity, as pure functions.

``clean_surface`` drops what is not part of a name (titles and honorifics, possessives,
quotes); ``name_key`` folds case, accents, hyphens, middle initials and corporate
suffixes, so "Kim Jong-un" and "Kim Jong Un", "Stephen E. Biegun" and "Stephen Biegun"
share a key. Both sides use them: extraction to key the mentions it finds, the query side
to turn a name a user types into the facet key it stands for. No model, no index.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .words import NAME_SUFFIXES, ORG_SUFFIXES, STRONG_TITLES, TITLES

QUOTES = "\"'“”‘’`«»"
POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
SPACES = re.compile(r"\s+")
HYPHENS = re.compile(r"[-‐‑‒–—]")
ISATION = re.compile(r"isation(s?)$")
LETTER_RUN = re.compile(r"(?<!\w)\w(?: \w)+(?!\w)")
#: Country abbreviations that start organisation names, spelt out in keys, so that "US
#: Senate", "U.S. Senate" and "United States Senate" are one organisation.
COUNTRY_PREFIXES = {"us": ["united", "states"], "uk": ["united", "kingdom"]}
#: Bodies named "<body> of <portfolio>" or "<portfolio> <body>".
PORTFOLIO_BODIES = frozenset({"department", "ministry"})
#: A possessive inside an organisation's name ("Moody's Investors Service", "Standard &
#: Poor's"), which news also writes without it or cut before it ("Moody", "Moodys").
ORG_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")


@lru_cache(maxsize=65_536)
def normalise_text(text: str) -> str:
    """Accents stripped, case folded, hyphens and dots as spaces: the basis of every key.

    Remembered: the same names come back in article after article."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").casefold()
    text = HYPHENS.sub(" ", text)
    text = text.replace("'", "").replace(".", " ").replace(",", " ")
    text = re.sub(r"[^\w&+ ]", " ", text)
    text = SPACES.sub(" ", text).strip()
    # "U.S." and "US", "U.K." and "UK": a run of single letters is one word.
    return LETTER_RUN.sub(lambda m: m.group(0).replace(" ", ""), text)


def clean_surface(text: str, kind: str) -> str:
    """The name as it should be displayed: no titles, possessives, quotes or stray spaces."""
    text = SPACES.sub(" ", text).strip()
    text = re.sub(
        r"\s*\([A-Z&.]{2,10}\)$", "", text
    )  # "Associated Cement Companies (ACC)"
    text = text.strip(QUOTES + " ,;:()[]{}")
    text = POSSESSIVE.sub("", text).strip(QUOTES + " ,;:.-")
    if text.lower().startswith("the ") and kind in ("org", "place"):
        text = text[4:]
    if kind == "person":
        words = text.split(" ")
        # The suffix first: "Martin Luther King Jr." is no title "King" and a name "Jr".
        while len(words) > 1 and words[-1].lower().rstrip(".,") in NAME_SUFFIXES:
            words = words[:-1]
        # "North Korean Supreme Leader Kim Jong Un": cut through the last title word.
        cuts = [
            i
            for i, w in enumerate(words[:-1])
            if w.lower().rstrip(".") in STRONG_TITLES
        ]
        if cuts:
            words = words[cuts[-1] + 1 :]
        while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
            words = words[1:]
        text = " ".join(words).strip(" ,")
    return text


def name_key(text: str, kind: str) -> str:
    """The facet key of a cleaned name: equal keys are one entity.

    Organisation keys also fold a possessive and "&" written between words ("Standard &
    Poor's", "Standard and Poor's", "Standard and Poor").
    """
    if kind == "org":
        text = ORG_POSSESSIVE.sub("", text).replace(" & ", " and ")
    key = normalise_text(text)
    words = key.split()
    if kind == "person":
        words = [w for w in words if w not in NAME_SUFFIXES]
        if len(words) > 2:
            # "stephen e biegun" -> "stephen biegun": drop middle initials only.
            words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
    elif kind == "org":
        while len(words) > 1 and words[-1] in ORG_SUFFIXES:
            words = words[:-1]
        if words and words[0] == "the" and len(words) > 1:
            words = words[1:]
        # "Organisation of Petroleum Exporting Countries" = "Organization of ...".
        words = [ISATION.sub(r"ization\1", w) for w in words]
        if len(words) > 1 and words[0] in COUNTRY_PREFIXES:
            words = COUNTRY_PREFIXES[words[0]] + words[1:]
        words = _portfolio_first(words)
    return " ".join(words)


def _portfolio_first(words: list[str]) -> list[str]:
    """ "department of agriculture" -> "agriculture department", "ministry of foreign
    affairs" -> "foreign affairs ministry": news writes a government body both ways
    ("U.S. Department of Agriculture", "U.S. Agriculture Department")."""
    for i, word in enumerate(words[:-2]):
        if word in PORTFOLIO_BODIES and words[i + 1] == "of":
            return words[:i] + words[i + 2 :] + [word]
    return words
