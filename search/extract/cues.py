"""How an article writes each organisation's name, for the archive to weigh.

Some of what the small model calls an organisation is a ground ("a 0-0 tie at Old
Trafford") or the title of a work ("Walter Salles' The Motorcycle Diaries"), and one
mention cannot tell: "the tie at Everton" is a club's ground named by the club, "a
strategist at UBS" an employer, "according to The Guardian" a newspaper. Across an
archive the ways a name is written add up: a name the archive puts after "at" in
match sentences in most of its mentions is a ground, one it writes with a capital
"The" in the middle of sentences is a title, unless it speaks or is spoken to ("The
Guardian reported"). This module counts those ways per
organisation key in one article (:func:`written_as`); the writer sums them over the
index and :mod:`search.names.framed` decides.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..models import Entity
from ..names.counts import SHORTENED
from ..names.framed import AT_MATCH, CAPITAL_THE, MENTIONS, SPEAKS, THE, THE_INSIDE
from ..names.places import load_gazetteer
from ..names.words import EMPLOYED_AT, MATCH_WORDS, PLAY_WORDS
from .mending import NEXT_WORD, span_end, written_at
from .mentions import Mention, clean_mention
from .sport import opponent_before, sentence_words

# "The " or "the " right before the span (the model leaves it out as often as not).
_THE_BEFORE = re.compile(r"\b([Tt]he)\s+\Z")
# What ends a sentence, a quote or a heading: a "The" after it starts a sentence.
_STARTS_SENTENCE = re.compile(r"(?:\A|[.!?:;\"“‘'(\n]\s*)\Z")
_WORD_BEFORE_AT = re.compile(r"([\w'’-]+)[\s,]*\bat\s+\Z")
# "the trip to Murrayfield", "will travel to Old Trafford": where a side goes to play.
_TRAVEL_TO = re.compile(
    r"\b(?:trip|trips|travel|travels|travelled|traveled|travelling|traveling)\s+to\s+\Z",
    re.IGNORECASE,
)
#: Words after a name that make it a ground ("the Old Trafford ground", "the
#: Murrayfield trip").
GROUND_WORDS = frozenset({"ground", "pitch", "stadium", "trip", "turf"})
#: Words after a name that make it speak or a news source ("Sony said", "the Guardian
#: newspaper").
SPEAKS_AFTER = frozenset(
    """
    added announced announces magazine newspaper reported reports said says stated
    told website wrote writes
    """.split()
)
# "told the", "according to", "in an interview with": before a name spoken to or quoted.
_SPOKEN_TO = re.compile(
    r"\b(?:told|according\s+to|reported\s+by|interview\s+with|wrote\s+in|writing\s+in)"
    r"\s+\Z",
    re.IGNORECASE,
)


def written_as(text: str, mentions: Iterable[Mention]) -> dict[str, Counter[str]]:
    """Organisation key -> how this article writes it: the cues of
    :mod:`search.names.framed`, and :data:`search.names.counts.SHORTENED` for a name
    the article also writes by its first word alone."""
    gazetteer = load_gazetteer()
    out: dict[str, Counter[str]] = {}
    for m in mentions:
        if m.label != "ORG" or not written_at(text, m):
            continue
        cleaned = clean_mention(m, "org", gazetteer)
        if cleaned is None or cleaned[0] != "org":
            continue
        counts = out.setdefault(cleaned[2], Counter())
        counts[MENTIONS] += 1
        start = m.start
        the = m.text[:3] if m.text[:4].lower() == "the " else None
        if the is None and (found := _THE_BEFORE.search(text, 0, m.start)):
            the, start = found.group(1), found.start()
        if the is not None:
            counts[THE] += 1
            if not _STARTS_SENTENCE.search(text, 0, start):
                counts[THE_INSIDE] += 1
                if the == "The":
                    counts[CAPITAL_THE] += 1
        if written_as_ground(text, m, start):
            counts[AT_MATCH] += 1
        after = NEXT_WORD.match(text[span_end(m) :])
        if (
            after is not None and after.group(1).lower() in SPEAKS_AFTER
        ) or _SPOKEN_TO.search(text, 0, start):
            counts[SPEAKS] += 1
    for key, counts in out.items():
        first = key.split(" ", 1)[0]
        if first != key and (first in out or first.removesuffix("s") in out):
            counts[SHORTENED] += 1  # "Labour" beside "Labour Party", "Moody" ...
    return out


def written_as_ground(text: str, m: Mention, start: int) -> bool:
    """The words around a mention (``start``: where it starts with its "the") say it
    is where a match is played: right after "at" in a sentence about a match or with
    the other side named before it ("a 0-0 tie at Old Trafford", "against Australia at
    Murrayfield"), the word before "at" no job ("his future at Old Trafford", "a
    strategist at UBS": an employer); after a trip to ("the trip to Murrayfield"); or
    before a ground's word ("the Old Trafford ground")."""
    after = NEXT_WORD.match(text[span_end(m) :])
    if after is not None and after.group(1).lower() in GROUND_WORDS:
        return True
    if _TRAVEL_TO.search(text, 0, start):
        return True
    before = _WORD_BEFORE_AT.search(text, 0, start)
    if before is None:
        return False
    word = before.group(1).lower()
    if word in EMPLOYED_AT or word.removesuffix("s") in EMPLOYED_AT:
        return False
    return opponent_before(text, start) or bool(
        sentence_words(text, m) & (MATCH_WORDS | PLAY_WORDS)
    )


def with_cues(
    entities: Iterable[Entity], cues: dict[str, Counter[str]]
) -> tuple[Entity, ...]:
    """``entities`` with each organisation's counts from :func:`written_as`."""
    return tuple(
        e.with_cues(cues[e.key]) if e.type == "org" and e.key in cues else e
        for e in entities
    )
