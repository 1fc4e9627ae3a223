"""The Sun, the Moon and the planets, which the model calls organisations, places or
persons in news of space: "more massive than the Sun", "the distance between the Sun and
the Earth". They are no organisation, place or person a reader filters news by. In an
article about space (it uses two or more of :data:`SPACE_WORDS`) their mentions are
dropped; elsewhere the same words name other things ("The Sun" newspaper, Mars the
confectioner, "Mercury Records"), which are kept. A step of
:func:`search.extract.framing.framed_mentions`, in its own module as one concept.
"""

from __future__ import annotations

import re

from .mentions import Mention

#: Names of the Sun, the Moon and the planets, lower case without "the".
BODIES = frozenset(
    "sun moon earth mercury venus mars jupiter saturn uranus neptune pluto".split()
)
#: Stems of words only news of space uses together ("orbit", "astronomer",
#: "telescope"); not "star" (film stars) nor "galaxy" (Samsung's, LA's).
SPACE_WORDS = frozenset(
    """
    asteroid astronaut astronom comet eclipse exoplanet light-year lunar orbit
    planet solar spacecraft telescope
    """.split()
)
_WORD = re.compile(r"[a-z][a-z-]+")


def without_sky(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` without those of the Sun, the Moon and the planets, in an article
    about space (module docstring); the others as they are."""
    if not any(_body(m) for m in mentions) or not _about_space(text):
        return mentions
    return [m for m in mentions if not _body(m)]


def _body(m: Mention) -> bool:
    name = m.text.lower().removeprefix("the ").strip()
    return m.label in ("ORG", "PERSON", "GPE", "LOC") and name in BODIES


def _about_space(text: str) -> bool:
    """Two or more of :data:`SPACE_WORDS` in ``text``, by stem ("orbits", "orbital")."""
    found = {
        stem
        for word in set(_WORD.findall(text.lower()))
        for stem in SPACE_WORDS
        if word.startswith(stem)
    }
    return len(found) >= 2
