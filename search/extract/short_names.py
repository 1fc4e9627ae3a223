"""An article's organisations named short: the one longer name each stands for.

A step of :func:`search.extract.entities.resolve_article`, in its own module as one
concept. An article names an organisation in full once and then shorter: without its
head word ("Labour" for "Labour Party", "United" for "United Airlines"), by its end
("Community" for "European Community"), and the model splits a legal form off a firm's
name ("Internazionale Fiat Holding" | "SA"). Each shorter name is linked to the one
longer name of the same article it stands for (a mention, not a written form to
display), and a split-off legal form is dropped.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from ..names import normalise_text
from ..names.orgs import org_basename
from ..names.places import Gazetteer
from ..names.spans import CLUB_WORDS
from ..names.words import ORG_HEADS, ORG_SUFFIXES

#: The word before an organisation's name that names the body anew ("New Labour").
NEW = "new"
#: One cleaned mention of an article: (kind, surface as written or None, key).
Cleaned = tuple[str, str | None, str]

#: Head words of organisation names that the same article also leaves off ("Labour
#: Party" and "Labour", "Sears Savings Bank" and "Sears Savings", "United Airlines"
#: and "United").
LINKED_HEADS = ORG_HEADS | {
    "airlines",
    "airways",
    "bank",
    "breweries",
    "group",
    "party",
    "union",
}


def without_split_legal_forms(cleaned: list[Cleaned]) -> list[Cleaned]:
    """``cleaned`` without the legal forms the model split off a firm's name the
    article writes in full."""
    # "SA" beside "Internazionale Fiat Holding SA": the legal form the model split
    # off the firm's name, no organisation (an acronym alone is: "EC", "SIA").
    ends = {
        normalise_text(surface).rpartition(" ")[2]
        for kind, surface, _key in cleaned
        if kind == "org" and surface and " " in surface.strip()
    }
    return [
        (kind, surface, key)
        for kind, surface, key in cleaned
        if not (
            kind == "org"
            and key in ends
            and surface is not None
            and not org_basename(surface)
        )
    ]


def with_short_names_linked(
    cleaned: list[Cleaned], bodies: Mapping[str, str], gazetteer: Gazetteer
) -> list[Cleaned]:
    """``cleaned`` with each organisation named short keyed as the one longer name it
    stands for; ``bodies`` maps a body given its owner's name to the name as written
    ("united states commerce department" -> "commerce department")."""
    # "Labour" or "Thai Raksa Chart" beside "Labour Party" or "Thai Raksa Chart
    # Party": the name without its head word, one organisation.
    orgs = {key for kind, _surface, key in cleaned if kind == "org"}
    # Not a name the article writes with a legal form of its own: "Canadian
    # Pacific Ltd" is the parent that sold "Canadian Pacific Airlines".
    firms = {
        key
        for kind, surface, key in cleaned
        if kind == "org"
        and surface
        and normalise_text(surface).rpartition(" ")[2] in ORG_SUFFIXES
    }
    # A body given its owner's name too: "Commerce" beside the Washington story's
    # "Commerce Department", keyed "united states commerce department".
    headless = {
        short: key
        for key in orgs
        for written in (key, bodies.get(key, key))
        if (head := key.rsplit(" ", 1)[-1]) in LINKED_HEADS
        and " " in written
        and (short := written[: -len(head) - 1]) not in firms
    }
    # "Community" beside "European Community", "Agriculture Department" beside
    # "U.S. Agriculture Department": the end of the one longer name that ends so.
    # Not "Fulham" in "Derby-Fulham": what comes before the end must not be a name
    # of its own in the article, unless it is the country ("U.S.") or the town of a
    # club whose last word is a club's ("United" of "Manchester United", where
    # Manchester is named too).
    named = {key for _kind, _surface, key in cleaned}
    longer: dict[str, set[str]] = defaultdict(set)
    for key in orgs:
        words = key.split()
        for i in range(1, len(words)):
            head = " ".join(words[:i])
            if (
                head in named
                and not gazetteer.canonical(head)
                and not (words[-1] in CLUB_WORDS and head in gazetteer.cities)
            ):
                continue
            longer[" ".join(words[i:])].add(key)
    tails: dict[str, str] = {}
    renamed: dict[str, str] = {}  # "new labour" -> "labour"
    for key in orgs:
        if len(longer.get(key, ())) != 1:
            continue
        whole = next(iter(longer[key]))
        if whole == f"{NEW} {key}":
            # "New Labour" beside "Labour", "New Komeito" beside "Komeito": the party
            # named anew, not another body the short name stands for. A longer name
            # is one of its own, and the shorter one too (Canada's "New Democratic
            # Party" and the US "Democratic Party", "the New University of Ulster").
            if " " not in key:
                renamed[whole] = key
        elif key not in headless:
            tails[key] = whole
    # Linked, a shorter name adds a mention, not a written form: "Solidarity Party"
    # is a way to refer to the American Solidarity Party, not to display it (and a
    # filter by the name displayed must find its key).
    # A place-tagged mention of a name without its head follows where the article
    # calls the name an organisation as often ("Delta said" beside "Delta" and
    # "Delta Airlines"; not "Lisbon" beside "Bank of Lisbon").
    labels = Counter((kind, key) for kind, _surface, key in cleaned)
    relinked = {**headless, **tails}
    relinked.update({whole: relinked.get(key, key) for whole, key in renamed.items()})
    return [
        ("org", None, relinked[key])
        if key in relinked
        and relinked[key] != key
        and (
            kind == "org"
            or (
                kind == "place"
                and key in headless
                and labels[("org", key)] >= labels[("place", key)]
            )
        )
        else (kind, surface, key)
        for kind, surface, key in cleaned
    ]
