"""The end of a title the model tagged as an organisation: "Rings" of "the third Lord of
the Rings film", "Azkaban" of "Prisoner of Azkaban", "Thrones" of "Game of Thrones". The
small model often leaves a title's first words and "of" out of its span; what is left
looks like a name of its own. A step of :func:`search.extract.works.works_and_bands`,
in its own module as one concept.
"""

from __future__ import annotations

import re

from ..names import normalise_text
from ..names.words import ORG_HEADS, ORG_SUFFIXES, PERSON_CUES, TITLES
from .mending import written_at
from .mentions import Mention

# "Lord of the Rings", "Prisoner of Azkaban", "Game of Thrones": a capitalised word
# and "of" (and "the") right before a span, after a lower-case word or an opening quote
# on the same line: mid-sentence ("Shares of MCI" starts one), the word alone ("Robert
# Brusca of Nikko Securities" is a person at a firm).
_TITLE_HEAD = re.compile(
    r"(?:[ (][a-z][\w'’-]*|[ (][\"“‘]) ([A-Z][\w'’-]*) of (?:the )?\Z"
)
#: Words of bodies and of what belongs to one, before "of" ("Court of Appeal", "an Act
#: of Parliament", "Members of Congress").
_BODY_WORDS = frozenset(
    """
    academy act bank chamber church club college court fellow head heads house
    league member members office party school society union university
    """.split()
)
#: Words before "of" that make what follows a body one holds a post in or belongs to
#: ("Secretary of State", "Speaker of the House", "Member of Parliament", "Head of the
#: EC Delegation"): a person's titles, not a noble's ("Lord of the Rings", "Queen of
#: the Sky" are titles of works), and an organisation's head words ("Board of Trade").
_POST_OR_BODY = (TITLES | PERSON_CUES | ORG_HEADS | _BODY_WORDS) - {
    "king",
    "lady",
    "lord",
    "prince",
    "princess",
    "queen",
    "dame",
    "sir",
    "emperor",
}


def title_tails(text: str, mentions: list[Mention]) -> list[Mention]:
    """Every mention of an organisation the model cut from the end of a title, labelled
    a work: "Rings" of "the third Lord of the Rings film", "Azkaban" of "Prisoner of
    Azkaban" (:func:`_a_title_tail`). The title is a title all through the article
    ("Rings musical" in its headline)."""
    named = {w for m in mentions for w in m.text.split()}
    tails = {
        normalise_text(_without_the(m.text))
        for m in mentions
        if m.label == "ORG" and written_at(text, m) and _a_title_tail(text, m, named)
    }
    if not tails:
        return mentions
    return [
        Mention("WORK_OF_ART", m.text, m.start, m.prev)
        if m.label == "ORG" and normalise_text(_without_the(m.text)) in tails
        else m
        for m in mentions
    ]


def _a_title_tail(text: str, m: Mention, named: set[str]) -> bool:
    """``m`` is the last word or two of a title whose first word and "of" come right
    before it, mid-sentence (:data:`_TITLE_HEAD`): a capitalised word in no name the
    model found ("Geneva of the United Nations Conference", "Goldstein of the IMF",
    "Paccar of Trico" name a place, a person, a firm), no plural ("Board of Governors
    of the Federal Reserve", "Eurobonds of BP Capital"), no post or body ("Secretary of
    State", "Member of Parliament", "Board of Trade"). The span is short and not an
    acronym, and has no legal form ("Fruit of the Loom Inc" is a firm): a title's
    words, not a body's ("Facility of the U.S. Agriculture and Commerce
    Departments")."""
    words = _without_the(m.text).split()
    if (
        len(words) > 2
        or m.text.isupper()
        or words[-1].lower().strip(".,") in ORG_SUFFIXES
    ):
        return False
    head = _TITLE_HEAD.search(text, max(0, m.start - 40), m.start)
    if head is None:
        return False
    word = head.group(1)
    return (
        word.lower() not in _POST_OR_BODY
        and word not in named
        and not (word.endswith("s") and not word.endswith("ss"))
        and not any(c.isdigit() for c in word)  # "the A-340 of the European Airbus"
    )


def _without_the(name: str) -> str:
    """``name`` without a leading "the" ("the Rings" and "Rings" are one name)."""
    return name[4:] if name[:4].lower() == "the " else name
