"""Competitions and grounds the model calls organisations, read from the words around
them: "the Champions League final", "won the Celtic League", "victory against England
at Twickenham". One framed mention decides every mention of the name in the article (in
one article a name is either the competition or ground, or the body). A step of
:func:`search.extract.framing.framed_mentions`, in its own module as one concept.
"""

from __future__ import annotations

import re

from ..names import normalise_text
from ..names.spans import names_an_organisation
from ..names.words import (
    COMPETITION_CUES_AFTER,
    COMPETITION_VERBS,
    EMPLOYED_AT,
    LEAGUE_WORDS,
    MATCH_WORDS,
    PLAY_WORDS,
    SPORT_WORDS,
)
from .mending import NEXT_WORD, span_end, written_at
from .mentions import Mention

#: Words between a verb of winning or qualifying and a league ("qualify for the").
_COMPETITION_LINKS = frozenset({"the", "for", "to", "into", "in"})

# "victory against England at ", "face Scotland at ": the other side of the match is
# named before "at", so what follows is the ground ("Chelsea's win at Fulham": the
# other side is Fulham, a club).
_OPPONENT_BEFORE = re.compile(
    r"\b(?:against|over|v|vs|versus|by|with|beat|beating|face|faces|facing|meet|"
    r"meets|meeting|play|plays|playing|host|hosts|hosting)\s+"
    r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s+at\s+\Z"
)
_PREV_WORDS = re.compile(r"([\w'’.,!?-]+)\s*$")


def competitions_and_grounds(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with the organisations framed as a competition (EVENT) or a ground
    (FAC) relabelled, and every other mention of the same name in the article too."""
    return _competitions(mentions, [_competition_or_ground(text, m) for m in mentions])


def _competition_or_ground(text: str, m: Mention) -> Mention:
    """An ORG span framed as a competition or a ground is counted as one (an EVENT or
    FAC vote against the organisation; the name's other mentions in the article follow
    it, :func:`_competitions`).

    A league is a competition when a match word follows it ("the Champions League
    final", "a Celtic League fixture"), a winning verb comes before "the" ("won the
    Champions League") or its sentence is about a match ("AC Milan in the Champions
    League, and my first Wales game"; after "in the", a result will do: "lost 3-0
    away at Fenerbahce in the Champions League"); a league of states or a party ("the
    Arab League summit", "the Awami League's victory") is framed neither way. A name
    after "at" is a ground when its sentence is about a match and names the other side
    right before "at" ("victory against England at Twickenham"; not "Chelsea's win at
    Fulham", where the other side is the club Fulham), and the word before "at" is no
    job ("an analyst at Goldman Sachs", "his future at Old Trafford")."""
    if m.label != "ORG" or not written_at(text, m) or m.text.isupper():
        return m
    words = normalise_text(m.text).split()
    if not words:
        return m
    if words[-1] in LEAGUE_WORDS:
        after = NEXT_WORD.match(text[span_end(m) :])
        # Not "won the Awami League's backing": the league's, no competition.
        won = _won(
            text[: m.start] + ("the " if m.text.startswith("the ") else "")
        ) and not re.match(r"['’]", text[span_end(m) :])
        if (
            won
            or (after is not None and after.group(1).lower() in COMPETITION_CUES_AFTER)
            or sentence_words(text, m)
            & (MATCH_WORDS | PLAY_WORDS if _after_in_the(text, m) else SPORT_WORDS)
        ):
            return Mention("EVENT", m.text, m.start, m.prev)
        return m
    if (
        m.prev != "at"
        or names_an_organisation(re.sub(r"['’]s?$", "", m.text))
        or len(words) > 3
        or re.match(r"['’]", text[span_end(m) :])  # "at Millwall's new Den Stadium"
    ):
        return m
    before = _PREV_WORDS.search(text[: m.start].removesuffix(" ").removesuffix("at"))
    word = before.group(1).lower().strip(",'’") if before is not None else ""
    if word in EMPLOYED_AT or word.removesuffix("s") in EMPLOYED_AT:
        return m
    if opponent_before(text, m.start) and sentence_words(text, m) & (
        MATCH_WORDS | PLAY_WORDS
    ):
        return Mention("FAC", m.text, m.start, m.prev)
    return m


def opponent_before(text: str, start: int) -> bool:
    """ "victory against England at ", "face Scotland at ": the other side of a match
    named right before "at" and ``start``."""
    return _OPPONENT_BEFORE.search(text, 0, start) is not None


def _after_in_the(text: str, m: Mention) -> bool:
    """ "in the Champions League" (the span with or without its "the")."""
    before = text[: m.start] + ("the " if m.text.startswith("the ") else "")
    return before.lower().split()[-2:] == ["in", "the"]


def _won(before: str) -> bool:
    """ "winning the", "qualification for the", "qualify for the": a verb of winning or
    of qualifying right before the span, with "the" and a preposition between."""
    words = [w.lower().strip(",;:\"'“”‘’") for w in before.split()[-4:]]
    while words and words[-1] in _COMPETITION_LINKS:
        words.pop()
    return bool(words) and words[-1] in COMPETITION_VERBS


def _competitions(before: list[Mention], after: list[Mention]) -> list[Mention]:
    """``after`` (:func:`_competition_or_ground` on each of ``before``) with every mention of a league or a ground that one mention of the article frames as
    a competition or a ground ("the Champions League" beside "a Champions League
    clash", "a game at Murrayfield" beside "victory over Scotland at Murrayfield"),
    labelled as that one: in one article a name is either the competition or ground,
    or the body."""
    framed = {
        _framed_key(m.text): f.label
        for m, f in zip(before, after, strict=True)
        if m.label == "ORG" and f.label != m.label
    }
    if not framed:
        return after
    return [
        Mention(framed[_framed_key(m.text)], m.text, m.start, m.prev)
        if m.label == "ORG" and _framed_key(m.text) in framed
        else m
        for m in after
    ]


def _framed_key(name: str) -> str:
    """ "the Champions League" and "Champions League", "Murrayfield's" and
    "Murrayfield": one name."""
    name = re.sub(r"['’]s?$", "", name)
    return normalise_text(re.sub(r"^the\s+", "", name.strip()))


def sentence_words(text: str, m: Mention) -> set[str]:
    """The lower-case words of the sentence around a mention."""
    starts = [text.rfind(end, 0, m.start) for end in (". ", "! ", "? ", "\n")]
    start = max(starts) + 1
    ends = [
        i for end in (". ", "! ", "? ", "\n") if (i := text.find(end, span_end(m))) >= 0
    ]
    stop = min(ends) if ends else len(text)
    return {w.strip(".,;:!?\"'“”‘’()").lower() for w in text[start:stop].split()}
