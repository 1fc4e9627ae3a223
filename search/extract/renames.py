"""Former names: an organisation's old name the article gives as such ("Armtek Corp,
formerly Armstrong Rubber Co, said", "Formerly known as Worldcom, MCI ...", "The party
was founded in 2011 as the Christian Democratic Party"). The model tags the old name as
an organisation of its own, so the article carried the body twice, under two facet
values, and the old name's filter found the story about the new one. The old name there
is a way of writing the body the article names, not a second organisation: every
mention of it in the article, whatever its label ("Baldwin-United's" tagged GPE), gets
the label :data:`FORMER_NAME`, which no facet reads and no rule counts as evidence for
or against a name; where the article writes of the body's past ("Worldcom's accounting
scandal") it writes of the body it names. A step of
:func:`search.extract.framing.framed_mentions`, in its own module as one concept.
"""

from __future__ import annotations

import re

from ..names import clean_surface, name_key
from .mending import NAME_LABELS, span_end, written_at
from .mentions import Mention

#: The label of a mention that is an organisation's former name: no entity.
FORMER_NAME = "FORMER_NAME"
_FORMERLY = (
    r"(?:formerly|previously|once|originally)\s+"
    r"(?:(?:known|named)\s+as\s+|called\s+|named\s+)?"
)
# "Armtek Corp, formerly known as " / "MCI, which was formerly known as " / "Bartlett
# Bank (formerly ": right after the present name (an organisation's mention).
_AFTER_NAME = re.compile(
    rf"^\s*(?:,|\()\s*(?:(?:which|that)\s+(?:was|were|is|are|had\s+been)\s+)?"
    rf"{_FORMERLY}(?:the\s+)?$"
)
# "Previously named " at a sentence's start: the old name, then ", " and the present
# name.
_OPENING = re.compile(
    r"(?:\A|[.!?][\"”’]?\s+|\n\s*)(?:Formerly|Previously|Once|Originally)\s+"
    r"(?:(?:known|named)\s+as|called|named)\s+(?:the\s+)?$"
)
# "was founded in 2011 as the ": what a body was first called.
_FOUNDED_AS = re.compile(
    r"\b(?:was|were)\s+(?:first\s+)?(?:founded|formed|established|set\s+up|created)"
    r"(?:\s+in\s+\d{4})?\s+as\s+(?:the\s+)?$"
)
# What follows a whole old name: punctuation or the sentence going on, not a noun the
# name qualifies ("formerly the General Services Administration administrator") nor a
# possessive ("established as Microsoft's partner").
_NAME_ENDS = re.compile(r"^(?:[,.;:)]|\s+[-–—]|\s+(?:and|but|before|until|in)\b|\s*$)")
#: Longest gap read between a name and the words that make the next one its old name.
_MAX_GAP = 60


def former_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` (in text order) with each organisation's former name the article
    gives as such (module docstring) labelled :data:`FORMER_NAME`."""
    former: set[int] = set()
    for i, m in enumerate(mentions):
        if m.label not in NAME_LABELS or not written_at(text, m):
            continue
        if not _NAME_ENDS.match(text[span_end(m) : span_end(m) + 12]):
            continue
        before = text[max(0, m.start - _MAX_GAP) : m.start]
        if _FOUNDED_AS.search(before):
            # A body's first name; not a state's ("founded in 1949 as West Germany").
            if m.label == "ORG":
                former.add(i)
        elif _OPENING.search(before) and _present_name_next(text, mentions, i):
            former.add(i)
        elif i > 0 and _present_name_before(text, mentions[i - 1], m):
            former.add(i)
    if not former:
        return mentions
    keys = {_key(mentions[i]) for i in former} - {""}
    return [
        Mention(FORMER_NAME, m.text, m.start, m.prev)
        if m.label in NAME_LABELS and _key(m) in keys
        else m
        for m in mentions
    ]


def _key(m: Mention) -> str:
    return name_key(clean_surface(m.text, "org"), "org")


def _present_name_before(text: str, present: Mention, old: Mention) -> bool:
    """``present`` is an organisation's name right before "formerly (known as)" and
    ``old``."""
    return (
        present.label == "ORG"
        and written_at(text, present)
        and bool(_AFTER_NAME.match(text[span_end(present) : old.start]))
    )


def _present_name_next(text: str, mentions: list[Mention], i: int) -> bool:
    """The mention after the ``i``-th is an organisation's name right after ", "
    ("Previously named International Nickel Co, Inco is ...")."""
    if i + 1 >= len(mentions):
        return False
    old, present = mentions[i], mentions[i + 1]
    return (
        present.label == "ORG"
        and written_at(text, present)
        and re.fullmatch(r",\s+(?:the\s+)?", text[span_end(old) : present.start])
        is not None
    )
