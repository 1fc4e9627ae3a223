"""Organisation names the archive writes as grounds or as titles: no organisations.

The small model calls grounds ("Murrayfield", "Twickenham") and the titles of films,
shows and games ("The Aviator", "The Motorcycle Diaries", "The Sims") organisations,
and one article seldom says which they are. How the whole archive writes them does
(``search.extract.cues`` counts it per article, the writer sums it):

- **grounds**: after "at" in a sentence about a match ("victory over Scotland at
  Murrayfield") in at least :data:`GROUND_SHARE` of the name's mentions. A club is
  named so too ("a 1-1 draw at Derby") but far less often than as the side that plays,
  scores and signs; an employer ("a strategist at UBS") is no match's;
- **titles**: written with "the" in at least :data:`THE_SHARE` of its mentions, and
  with a capital "The" in the middle of a sentence in at least :data:`CAPITAL_SHARE`
  of those ("animated comedy The Incredibles"). News writes a body's "the" in lower
  case ("the BBC"); the titles it keeps capitalised inside a sentence are works, and
  newspapers and firms, which stay organisations: a name that speaks or is spoken to
  in :data:`SPEAKS_SHARE` of its mentions ("told The Guardian", "The Associated Press
  reported", "The Body Shop said"; no work does), a newspaper's (:data:`NEWSPAPER_WORDS`:
  "The Hill") and a firm's with a legal form ("The Pillsbury Company").

Measured on the BBC, Reuters and Wikinews corpora: these rules move the grounds and
works of the BBC sports and entertainment news and no organisation of the three.
"""

from __future__ import annotations

from collections.abc import Mapping

from .counts import KeyCount

#: The cues each organisation entity carries (``Entity.cues``): its ORG mentions;
#: those after "at" in a sentence about a match; those written with "the"; those of
#: them inside a sentence; and those of them with a capital "The".
#: And those that speak or are spoken to ("told The Guardian", "Sony said").
MENTIONS, AT_MATCH, THE, THE_INSIDE, CAPITAL_THE, SPEAKS = (
    "mentions",
    "at-match",
    "the",
    "the-inside",
    "The",
    "speaks",
)
#: Articles a name must be in before the archive's reading of it counts.
MIN_ARTICLES = 3
GROUND_SHARE = 0.5
THE_SHARE = 0.5
#: Mentions with "the" inside a sentence a title needs (a capital "The" once or twice
#: may be a heading's or a quote's).
MIN_INSIDE = 3
CAPITAL_SHARE = 0.75
#: Share of a name's mentions that speak at which it is no work (measured: films and
#: shows 0 of their mentions, newspapers a quarter or more).
SPEAKS_SHARE = 0.1
#: Last words of newspapers' and magazines' names, written with a capital "The" and
#: organisations all the same ("The Washington Post", "The Hill").
NEWSPAPER_WORDS = frozenset(
    """
    chronicle courier daily economist examiner express gazette globe guardian herald
    hill independent inquirer journal mail mirror news observer post record register
    review spectator standard star sun telegraph times tribune weekly
    """.split()
)


def framed_not_orgs(orgs: Mapping[str, KeyCount]) -> set[str]:
    """The organisation keys the archive writes as grounds or titles."""
    return {
        key
        for key, count in orgs.items()
        if count.articles >= MIN_ARTICLES and (_ground(count) or _title(key, count))
    }


def _ground(count: KeyCount) -> bool:
    mentions = count.cue(MENTIONS)
    return mentions > 0 and count.cue(AT_MATCH) >= GROUND_SHARE * mentions


def _title(key: str, count: KeyCount) -> bool:
    inside = count.cue(THE_INSIDE)
    return (
        not count.legal_form
        and key.rpartition(" ")[2] not in NEWSPAPER_WORDS
        and count.cue(SPEAKS) < SPEAKS_SHARE * count.cue(MENTIONS)
        and count.cue(THE) >= THE_SHARE * count.cue(MENTIONS)
        and inside >= MIN_INSIDE
        and count.cue(CAPITAL_THE) >= CAPITAL_SHARE * inside
    )
