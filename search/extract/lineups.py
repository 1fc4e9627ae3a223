"""People and teams named only in lists: line-ups, substitutes, scorers, fixtures.

Sports reports end with paragraphs such as "Phillips, Amankwaah, Coles, Hill, Fortune,
Murray (Anyinsah 59), ..." where every item is a player written by surname alone. The
model finds few of them (a bare surname out of a sentence has no context) and reads
some as places or organisations, so on the gold set they were three quarters of the
missed persons. A paragraph is read as such a list only on evidence from the article
itself: every item looks like a name, none is a known place, and at least two items are
surnames of people the model found in the prose (or a line-up already accepted), so a
list of countries, companies or clubs is never turned into people.

Fixture lists and results ("Everton v Manchester United", "Bristol City 2-1 Milton
Keynes") name clubs by their towns; in an article with such lines, those names are the
clubs (organisations) wherever they occur in it, not the towns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..names import normalise_text
from ..names.places import Gazetteer, load_gazetteer
from .mentions import LISTED, Mention

#: A paragraph needs this many names to be a list of people on its own (a shorter one
#: only right after such a list).
MIN_ITEMS = 4
#: ... and this many items that are surnames of people the article names elsewhere.
MIN_EVIDENCE = 2

# "Subs Not Used:", "Replacements:", "Italy:" before the list.
_LABEL = re.compile(r"^\s*[A-Z][\w' ]{0,30}:\s*")
# A name token: capitalised word ("O'Callaghan", "Ntimban-Zeh", "McKoy") or an initial
# ("S", "P.", "Mi"); particles of surnames ("De Marigny", "Lo Cicero", "van Persie").
_TOKEN = r"(?:[A-Z][a-z]?\.?|[A-Z][^\W\d_]*(?:['’-][A-Z]?[^\W\d_]+)*)"
_PARTICLE = r"(?:van|von|de|der|den|da|di|del|della|le|la)"
_NAME = rf"{_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_TOKEN}){{0,2}}"
# An item: a name, minutes after it ("Lita 45", "Hill 90 pen"), and in brackets a
# substitute with the minute he came on ("Murray (Anyinsah 59)") or a country/club.
_ITEM = re.compile(
    rf"^(?P<name>{_NAME})(?:\s+\d+(?:\s*(?:pen|og))?)?"
    rf"(?:\s*\((?:(?P<sub>{_NAME})\s+\d+|[^()]*)\))?\.?$"
)
# Segments of a line, cut before a label that follows a full stop.
_SEGMENT = re.compile(r".+?(?:\.(?=\s+[A-Z][\w' ]{0,30}:)|$)")
# A team: capitalised words ("Man Utd", "Notts Co", "West Bromwich Albion").
_TEAM = r"[A-Z][\w'.&]*(?:\s+[A-Z][\w'.&]*){0,3}"
_SIDE = rf"{_TEAM}(?:\s*(?:/|\bor\b)\s*{_TEAM})*"
# "Everton v Manchester United", "Bolton v Derby or Fulham", "Arsenal 2-1 Chelsea".
_FIXTURE = re.compile(
    rf"^[\s:]*(?P<home>{_SIDE})\s+(?:(?P<v>vs?\.?)|\d{{1,2}}-\d{{1,2}})\s+"
    rf"(?P<away>{_SIDE})\s*$"
)
#: Lines of "A v B" an article needs for its team names to be read as clubs; one
#: result with a score ("A 2-1 B") is enough.
MIN_FIXTURES = 3
_MINUTES = re.compile(r"^\d+(?:\s*(?:pen|og))?\.?$")


@dataclass(frozen=True, slots=True)
class ListedName:
    """A name found in a list, where it starts in the text."""

    text: str
    start: int


def listed_people(
    text: str, people: Iterable[str], gazetteer: Gazetteer | None = None
) -> list[ListedName]:
    """The names of the lists of people in ``text``, in order.

    :param people: the person names the model found in the text; their last words are
        the evidence that a list is one of players rather than of places or teams.
    """
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
    known = {_last_word(p) for p in people if p.strip()}
    candidates = {
        line: names
        for line, names in _candidate_lists(text)
        if not _has_place(names, gazetteer)
    }
    accepted: dict[int, list[ListedName]] = {}
    # Lists accepted give evidence for the next ones (the bookings "Pacquette,
    # Chorley, Johnson, McKoy" name players known only from the line-ups), and a
    # short list right after one ("Moilanen, Kizys." the unused substitutes) is of
    # the same kind.
    while True:
        added = False
        for line, names in candidates.items():
            if line in accepted:
                continue
            evidence = sum(_last_word(n.text) in known for n in names)
            long_enough = len(names) >= MIN_ITEMS and evidence >= MIN_EVIDENCE
            if long_enough or line - 1 in accepted:
                accepted[line] = names
                known.update(_last_word(n.text) for n in names)
                added = True
        if not added:
            break
    return sorted(
        (n for names in accepted.values() for n in names), key=lambda n: n.start
    )


def _candidate_lists(text: str) -> Iterable[tuple[int, list[ListedName]]]:
    """(line number, names) of the lines that are lists of at least two names. A line
    may hold several labelled lists ("..., Gillespie. Subs Not Used: Orr, Brown."):
    read together."""
    for number, para in enumerate(re.finditer(r"[^\n]+", text)):
        names: list[ListedName] = []
        for part in _SEGMENT.finditer(para.group()):
            segment, offset = part.group(), para.start() + part.start()
            label = _LABEL.match(segment)
            if label:
                offset += label.end()
                segment = segment[label.end() :]
            found = _names(segment, offset)
            if found is None:
                break
            names.extend(found)
        else:
            if len(names) >= 2:
                yield number, names


def _names(line: str, offset: int) -> list[ListedName] | None:
    """The names of a list, or None when any item is not a name."""
    names: list[ListedName] = []
    for part in re.finditer(r"[^,;]+", line):
        item = part.group().strip()
        if not item or _MINUTES.match(item):
            continue
        match = _ITEM.match(item)
        if match is None or _shouting(match["name"]):
            return None
        start = offset + part.start() + (len(part.group()) - len(part.group().lstrip()))
        names.append(ListedName(match["name"], start + match.start("name")))
        if match["sub"]:
            names.append(ListedName(match["sub"], start + match.start("sub")))
    return names


def _shouting(name: str) -> bool:
    """All-capital words are headers, tickers and datelines, not players."""
    return any(len(w) > 2 and w.isupper() for w in name.split())


def _has_place(names: list[ListedName], gazetteer: Gazetteer) -> bool:
    """Whether an item is a country or a US state: then the list is not of people
    ("Germany, France, Italy, Spain"). Cities are not counted: too many share a name
    with a player ("Bell", "Martin")."""
    return any(gazetteer.canonical(normalise_text(n.text)) for n in names)


def _last_word(name: str) -> str:
    words = normalise_text(name).split()
    return words[-1] if words else ""


def with_listed_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with every name of a list of people as a PERSON mention and every
    club of a fixture list as an ORG one, in place of whatever the model made of the
    same words (out of context it reads "Hill" and "Fortune" as places or nothing, and
    "Plymouth" the club as the town)."""
    gazetteer = load_gazetteer()
    people = [m.text for m in mentions if m.label == "PERSON"]
    listed = [("PERSON", n) for n in listed_people(text, people, gazetteer)]
    teams = listed_teams(text, gazetteer)
    listed += [("ORG", n) for n in teams]
    if not listed:
        return mentions
    clubs = {normalise_text(n.text) for n in teams}
    taken = [(n.start, n.start + len(n.text)) for _label, n in listed]
    kept = [
        Mention("ORG", m.text, m.start, m.prev)
        if m.label != "DATE" and normalise_text(m.text) in clubs
        else m
        for m in mentions
        if not any(
            m.start < end and start < m.start + len(m.text) for start, end in taken
        )
    ]
    added = [
        Mention(label, n.text, n.start, LISTED if label == "PERSON" else "")
        for label, n in listed
    ]
    return sorted(kept + added, key=lambda m: m.start)


def listed_teams(text: str, gazetteer: Gazetteer | None = None) -> list[ListedName]:
    """The club names of the fixture and result lines of ``text``, in order. National
    sides keep their country's name as a place; shouted lines are headlines."""
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
    found: list[ListedName] = []
    fixtures = scores = 0
    for line in re.finditer(r"[^\n]+", text):
        match = _FIXTURE.match(line.group())
        if match is None:
            continue
        if match["v"]:
            fixtures += 1
        else:
            scores += 1
        for side in ("home", "away"):
            for team in re.finditer(rf"{_TEAM}", match[side]):
                name = re.sub(r"\s+or$", "", team.group())
                if name == "or" or _shouting(name):
                    continue
                if gazetteer.canonical(normalise_text(name)) is None:
                    found.append(
                        ListedName(
                            name, line.start() + match.start(side) + team.start()
                        )
                    )
    return found if fixtures >= MIN_FIXTURES or scores else []
