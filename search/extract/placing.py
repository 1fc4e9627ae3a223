"""Places the model calls organisations or persons, read from the words around them:
"the island Crete", "a tsunami benefit show in Bristol"; and the initials of a body the
model calls a place ("the ICCO said"). A step of
:func:`search.extract.framing.framed_mentions`, in its own module as one concept, as
:mod:`search.extract.sport` is for competitions and grounds.
"""

from __future__ import annotations

import re

from ..names import normalise_text
from ..names.places import Gazetteer
from ..names.words import PLACE_CUES
from .mending import span_end, written_at
from .mentions import Mention

# "a stake in ", "shares in ": what follows is a firm, whatever town it is named after.
_HOLDING_IN = re.compile(
    r"\b(?:stake|stakes|interest|interests|holding|holdings|shares|investment|"
    r"invest|invested|position)\s+in\s+\Z",
    re.IGNORECASE,
)

# What joins two names of one list: ", ", " and ", ", and ", " or ".
_LIST_LINK = re.compile(r",? (?:and|or) |, ")
#: Letters of a body's initials at least ("ICCO"; "BT", "BB" are dropped as places).
MIN_INITIALS = 4
# "Cheltenham man", "a Bristol woman": someone of the town.
_TOWNSFOLK_AFTER = re.compile(
    r"^ (?:man|woman|men|women|boy|girl|couple|family|resident|residents|native)\b"
)


def places_by_cue(
    text: str, mentions: list[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    """``mentions`` with the places framed as places labelled GPE: every mention of a
    name a place word stands before ("the island Crete", "the town Hajo"), and a town
    the gazetteer knows that the model calls an organisation right after "in" or
    "near" ("a tsunami benefit show in Bristol") or before someone of it ("a
    Cheltenham man"), that mention only (the town's club may be named too, and "in
    Liverpool's win" is the club's); and a body's initials the model calls a place
    labelled ORG (:func:`_initials`)."""
    places = {
        normalise_text(m.text)
        for m in mentions
        if m.label in ("ORG", "PERSON") and m.prev in PLACE_CUES
    }
    return [
        Mention("GPE", m.text, m.start, m.prev)
        if m.label in ("ORG", "PERSON")
        and (
            normalise_text(m.text) in places
            or _a_town_after_in(text, m, gazetteer)
            or _a_town_listed_after_a_place(
                text, mentions[i - 1] if i else None, m, gazetteer
            )
        )
        else Mention("ORG", m.text, m.start, m.prev)
        if _initials(text, m, gazetteer)
        else m
        for i, m in enumerate(mentions)
    ]


def _initials(text: str, m: Mention, gazetteer: Gazetteer) -> bool:
    """A "place" in capitals that no gazetteer knows, inside a line written in lower
    case and not at its start: a body's initials ("the ICCO said", "ISIL"), not a
    shouted headline's word ("CHRYSLER SOLD ...") nor a dateline's town."""
    if (
        m.label not in ("GPE", "LOC")
        or len(m.text) < MIN_INITIALS
        or not (m.text.isalpha() and m.text.isupper())
        or not written_at(text, m)
        or gazetteer.is_place(normalise_text(m.text))
    ):
        return False
    start = text.rfind("\n", 0, m.start) + 1
    end = text.find("\n", m.start)
    line = text[start : end if end >= 0 else len(text)]
    return m.start > start and any(c.islower() for c in line)


def _a_town_listed_after_a_place(
    text: str, before: Mention | None, m: Mention, gazetteer: Gazetteer
) -> bool:
    """A town the gazetteer knows that the model calls an organisation, listed right
    after a place it called one ("red alerts for Rome and Florence", "Lyon, Marseille"):
    the list's kind. Not after an organisation ("Liverpool and Everton" are clubs)."""
    return (
        before is not None
        and before.label in ("GPE", "LOC")
        and m.label == "ORG"
        and written_at(text, m)
        and written_at(text, before)
        and normalise_text(m.text) in gazetteer.cities
        and _LIST_LINK.fullmatch(text[span_end(before) : m.start]) is not None
    )


def _a_town_after_in(text: str, m: Mention, gazetteer: Gazetteer) -> bool:
    """Not a firm one holds a part of ("its stake in Union", "shares in Burlington");
    a town's people are of the town ("a 36-year-old Cheltenham man")."""
    if (
        m.label != "ORG"
        or not written_at(text, m)
        or normalise_text(m.text) not in gazetteer.cities
    ):
        return False
    if _TOWNSFOLK_AFTER.match(text[span_end(m) :]):
        return True
    return (
        m.prev in ("in", "near")
        and not re.match(r"['’]", text[span_end(m) :])
        and not _HOLDING_IN.search(text[max(0, m.start - 30) : m.start])
    )
