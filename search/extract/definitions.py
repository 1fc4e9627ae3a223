"""Acronyms an article defines as things, not bodies: "digital rights management (DRM)",
"liquefied natural gas (LNG)", "PVR (personal video recorder)", "Divisional Railway
Manager (DRM)". The model tags such capitals ORG, and every one became an organisation
("DRM", "LNG", "EEP" in Reuters' farm stories). A body's name is written capitalised
("World Health Organization (WHO)"), a thing's in lower case, and a post's ends in a
title word, so the spelt-out words say which the acronym is. A step of
:func:`search.extract.framing.framed_mentions`, in its own module as one concept, as
:mod:`search.extract.works` is for works and products.
"""

from __future__ import annotations

import re

from ..names.orgs import acronyms
from .mending import NAME_LABELS, written_at
from .mentions import Mention

#: Longest spelt-out name read before or after an acronym, in words.
MAX_WORDS = 8
# "... digital rights management (DRM)": words before an acronym in brackets.
_BEFORE = re.compile(
    rf"((?:[\w'’-]+ ){{1,{MAX_WORDS - 1}}}[\w'’-]+) \(([A-Z]{{2,6}})s?\)"
)
# "DRM (digital rights management, ...": words in brackets after an acronym.
_AFTER = re.compile(
    rf"\b([A-Z]{{2,6}})s? \(([a-z][\w'’-]*(?: [\w'’-]+){{1,{MAX_WORDS - 1}}})"
)
#: Last words of a post's spelt-out name ("Chief Operating Officer (COO)"); not every
#: title word: "Department of Justice (DOJ)" ends in one (:func:`_a_post`).
_POST_HEADS = frozenset(
    "chairman chairwoman commissioner controller director executive governor inspector "
    "manager member minister officer president secretary superintendent".split()
)
#: Words a thing's spelt-out name holds in lower case though they are no part of it.
_LOWER_LINKS = frozenset({"a", "an", "and", "for", "in", "of", "on", "the", "to"})


def defined_things(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with every name-labelled mention of an acronym the article spells
    out as a thing or a post (:func:`_things_defined`) labelled PRODUCT: no entity."""
    things = _things_defined(text)
    if not things:
        return mentions
    return [
        Mention("PRODUCT", m.text, m.start, m.prev)
        if m.label in NAME_LABELS
        and written_at(text, m)
        and (m.text in things or m.text.removesuffix("s") in things)
        else m
        for m in mentions
    ]


def _things_defined(text: str) -> set[str]:
    """The acronyms ``text`` spells out in lower case words ("liquefied natural gas
    (LNG)", "LNG (liquefied natural gas)") or as a post ("Divisional Railway Manager
    (DRM)")."""
    found = set()
    for match in _BEFORE.finditer(text):
        words, acronym = match.group(1).split(), match.group(2)
        for i in range(len(words) - 1, -1, -1):  # the shortest name that fits
            if _spells(words[i:], acronym):
                if _a_thing(words[i:]) or _a_post(words[i:]):
                    found.add(acronym)
                break
    for match in _AFTER.finditer(text):
        acronym, words = match.group(1), match.group(2).split()
        for i in range(1, len(words) + 1):
            if _spells(words[:i], acronym):
                if _a_thing(words[:i]):
                    found.add(acronym)
                break
    return found


def _spells(words: list[str], acronym: str) -> bool:
    """True when the initials of ``words`` (or of their parts, "video-on-demand")
    are ``acronym``."""
    name = " ".join(w.strip(",;:'’") for w in words)
    key = acronym.lower()
    return key in acronyms(name, False) or key in acronyms(
        name.replace("-", " "), False
    )


def _a_thing(words: list[str]) -> bool:
    """A spelt-out name all in lower case: a thing's, not a body's."""
    return words[0][0].islower() and all(
        w[0].islower() or w.lower() in _LOWER_LINKS for w in words
    )


def _a_post(words: list[str]) -> bool:
    """A spelt-out name that ends in a post's word and is of nothing: "Divisional
    Railway Manager", not "Office of the Deputy Prime Minister" (a body)."""
    return words[-1].lower() in _POST_HEADS and "of" not in words
