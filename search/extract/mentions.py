"""One NER mention, and the rules that clean it into a (kind, surface, key) or reject it.

What spaCy finds is not yet a name: :func:`clean_mention` repairs the span (editorial
brackets, glued verbs), drops what is not part of the name (``clean_surface``: titles,
possessives, quotes), re-types it where the words say otherwise ("General Motors" tagged
PERSON, "Mr Biegun" tagged ORG, a country tagged ORG), and rejects with :func:`is_junk`
the classes of mistakes the small model makes on news: lower-case starts, digits in
names, sentence fragments, country-code compounds ("US-South Korea").

Each mention is read alone here; linking the mentions of one article is
:func:`search.extract.entities.resolve_article`'s. The rules read cached NER results, so
a change here needs a ``RESOLVER_VERSION`` bump (:mod:`search.extract.entities`), not
a new model run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..names import HYPHENS, clean_surface, name_key, normalise_text
from ..names.orgs import (
    acronyms,
    is_portfolio_alone,
    looks_like_acronym,
    org_basename,
)
from ..names.places import Gazetteer
from ..names.spans import (
    CLUB_WORDS,
    TOWN_WORDS,
    is_foreign_script,
    is_wire_junk,
    names_a_law,
    names_a_thing,
    names_an_event,
    names_an_organisation,
    repair_span,
)
from ..names.words import (
    NAMED_AFTER_HEADS,
    ORG_CONNECTIVES,
    PARTICLES,
    PERSON_CUES,
    RULERS,
    STOP_NAMES,
    TITLES,
    WEAK_PERSON_CUES,
)
from .demonyms import (
    a_club_of_a_town,
    a_countryman,
    a_nationality,
    is_demonym_plural,
    two_places,
)
from .english import may_be_given_name

#: Legal forms of English-language firms: never a name alone, in capitals or not.
_ENGLISH_LEGAL_FORMS = frozenset(
    {"co", "corp", "inc", "llc", "llp", "lp", "ltd", "plc"}
)
#: A legal form a span may be alone after a person's cue word ("Singer" | "Co",
#: "Cos" of a firm's plural name).
_LEGAL_FORMS_ALONE = _ENGLISH_LEGAL_FORMS | {"cos"}
_RULER = re.compile(rf"^(?i:({'|'.join(sorted(RULERS))}))\s+(?=[A-Z])")
#: Posts that end the words before a name ("Lee County Sheriff", "Cook County
#: Commissioner") and no surname does (unlike "King", "Major" or "Bishop").
_POSTS_LAST = frozenset(
    """
    ambassador chairman chairwoman commissioner councillor governor mayor minister
    president secretary senator sheriff spokesman spokesperson spokeswoman
    superintendent treasurer
    """.split()
)
#: Voters of no party, which a speech capitalises ("I'm asking every Independent"): no
#: body, but for the London newspaper after "the".
_VOTERS = frozenset({"Independent", "Independents"})
#: Forms of address that are never a name alone ("Lord", "Sir"), unlike "King".
ADDRESS_FORMS = frozenset("dame dr lady lord miss mr mrs ms prof sir".split())
#: Titles after which a title word is a name ("Lord King", "Mr Bishop", "Dr Judge").
HONORIFICS = ADDRESS_FORMS | {"king", "prince", "princess", "queen", "saint", "st"}
#: The ``prev`` of a mention read from a list of people (a team line-up, see
#: ``lineups.with_listed_names``): as sure a cue that a lone surname is a person as a
#: "Mr" before it.
LISTED = "(list)"
#: The ``prev`` of a mention that an apposition says is a person's ("KK Mittal, a fund
#: manager"; see ``framing``): a cue as sure as a title.
APPOSED = "(apposition)"
MAX_WORDS = {"person": 5, "org": 9, "place": 6}
# A possessive inside a span ("Mr Blair's Labour").
POSSESSIVE_IN = re.compile(r"['’]s\b")
# The Arabic article before a capitalised name ("al-Qaeda", "el-Sisi"), lower case.
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|an|ash|at|az)[-'’][A-Z]")
MAX_CHARS = 70


@dataclass(frozen=True, slots=True)
class Mention:
    """One NER span: spaCy label, text as written, character offset, the word before it."""

    label: str
    text: str
    start: int
    prev: str = ""


def is_junk(name: str, kind: str) -> bool:
    """True for spans that are certainly not a name of this kind (measured on news)."""
    if not name or len(name) > MAX_CHARS or len(name) < 2:
        return True
    if not (
        name[0].isupper()
        or (name[0].isdigit() and kind == "org")
        or (kind != "person" and _ARABIC_ARTICLE.match(name))  # "al-Qaeda"
    ):
        return True
    words = name.split()
    if len(words) > MAX_WORDS[kind]:
        return True
    key = normalise_text(name)
    if not key or key in STOP_NAMES[kind]:
        return True
    if any(c in name for c in "@#/\\|<>{}=\n\t"):
        return True
    if kind == "person":
        if any(c.isdigit() for c in name):
            return True
        parts = HYPHENS.split(name)
        # "US-South Korea", "Trump-Kim": compounds of names are not one person.
        if len(parts) > 1 and any(p.isupper() and len(p) > 1 for p in parts):
            return True
        if re.search(r"[A-Z]{2,}[-–][A-Z]", name):
            return True
        if any(
            w[0].islower()
            and w.lower() not in PARTICLES
            and not re.match(
                r"^(?:[a-z]{1,2}|al|el|ad|ar|as|bin|ibn|ben|abu)['’-][A-Z]", w
            )
            for w in words
        ):
            return True
        if name.isupper() and len(name) <= 4:  # "US", "UN"
            return True
    elif kind == "place":
        if any(c.isdigit() for c in name):
            return True
        if any(
            w[0].islower()
            and w.lower() not in PARTICLES | {"of", "and", "the", "es", "upon"}
            and not _ARABIC_ARTICLE.match(w)  # "al-Anbar"
            for w in words
        ):
            return True
    else:
        # Organisation names are capitalised but for connectives ("Bank of England");
        # "U.S. banks" or "Chelsea v West Ham" are phrases, not names.
        lower = [w for w in words if w[0].islower() and w not in ORG_CONNECTIVES]
        if lower and not _a_styled_name(words, lower):
            return True
        if all(c.isdigit() or not c.isalnum() for c in name):
            return True
    return False


def _a_styled_name(words: list[str], lower: list[str]) -> bool:
    """An organisation's name with one word in lower case as some styles write it:
    "the Democratic party" (a party's name, capitalised before "party"), "al-Qaeda"
    (the Arabic article)."""
    if lower == [words[-1]] == ["party"]:
        return len(words) > 1 and words[-2][0].isupper()
    return len(lower) == 1 and _ARABIC_ARTICLE.match(lower[0]) is not None


def _a_post(words: list[str]) -> bool:
    """Title words alone, the first no honorific: a post ("Detective Inspector", "Prime
    Minister"), not a peer or a person so addressed ("Lord King", "Mr Bishop")."""
    folded = [w.lower().rstrip(".") for w in words]
    return (
        len(folded) > 1
        and folded[0] not in HONORIFICS
        and all(w in TITLES for w in folded)
    )


def event_acronyms(text: str) -> set[str]:
    """The acronyms of an event, award or law that ``text`` names ("Consumer
    Electronics Show (CES)" -> {"ces"}), empty when it names none."""
    repaired = repair_span(text, "org")
    surface = clean_surface(repaired.text, "org")
    if not (names_an_event(surface) or names_a_thing(surface)):
        return set()
    found = acronyms(name_key(surface, "org"))
    if repaired.acronym:
        found.add(normalise_text(repaired.acronym))
    return found


def clean_mention(
    m: Mention, kind: str, gazetteer: Gazetteer
) -> tuple[str, str, str, bool, str | None] | None:
    """(kind, surface, key, cued, acronym) of one NER span, or None for junk.

    Spans are repaired first (editorial brackets, glued verbs and professions), table
    abbreviations, disease names and text in other scripts are dropped, organisations
    are keyed without their legal form (cleanco), and a name the gazetteer knows as a
    country or US state is a place under its canonical name whatever label it had
    ("Calif." -> California; "Japan" tagged ORG).
    """
    repaired = repair_span(m.text, kind)
    text = repaired.text
    if not text or is_foreign_script(text) or is_wire_junk(text):
        return None
    # "General Motors", "Manchester United" tagged PERSON: the last word says otherwise,
    # whatever title-like word comes first ("General").
    organisation = names_an_organisation(text)
    if kind == "person" and organisation:
        kind = "org"
    if (
        kind == "place"
        and text.split()[-1].lower() in CLUB_WORDS - TOWN_WORDS
        and text[:1].isupper()
    ):
        kind = "org"  # "Manchester United", "Dundee United" tagged GPE: the club
    if kind == "org" and (
        names_an_event(text)
        or names_a_thing(text)
        or is_portfolio_alone(normalise_text(text))
    ):
        # "Academy Awards", "National Emergencies Act", "Commerce" of "Commerce
        # Secretary": not organisations
        return None
    if kind == "place" and (names_an_event(text) or names_a_law(text)):
        return None  # "the Grammys", "the French Open", "the Green New Deal": no place
    # Not "Henderson Executive Airport": "Executive" there is no title of an "Airport";
    # nor "Lord of the Rings": a name follows a title's "of the Interior", not its "the".
    words = text.split()
    titled = (
        not organisation
        and words[-1].lower() not in NAMED_AFTER_HEADS
        and (len(words) < 2 or words[-2].lower() not in ("the", "of"))
        and (
            m.prev in PERSON_CUES
            or m.prev in (LISTED, APPOSED)
            # Not a title's letters in capitals in a name that is not ("DR Congo"),
            # nor a cue that begins firms' names in a span the model calls one
            # ("General Dynamics", "General Election").
            or any(
                (c := w.lower().rstrip(".")) in PERSON_CUES
                and (not w.isupper() or text.isupper())
                and not (m.label == "ORG" and c in WEAK_PERSON_CUES)
                for w in words[:-1]
            )
        )
    )
    # "Mr Van de Vijver" tagged ORG: a form of address before a name of any length
    # (not a peer's "Lord", nor "Mr Blair's Labour", a person's organisation).
    addressed = (
        kind != "person"
        and words[0].lower().rstrip(".") in ADDRESS_FORMS - {"lord", "lady"}
        and not POSSESSIVE_IN.search(text)
    )
    if titled and (len(clean_surface(text, "person").split()) == 1 or addressed):
        if _a_post(words):
            return None  # "Detective Inspector" before a name: a post, no name
        # "Mr Biegun", "Mr Van de Vijver" are persons whatever label spaCy gave them.
        kind = "person"
    surface = clean_surface(text, kind)
    if kind != "person" and surface.lower() in RULERS | _POSTS_LAST:
        return None  # "knelt before the King", "the Pope said": a title alone
    ruler = _RULER.match(text)
    ruler_title = ruler.group(1) if ruler else m.prev if m.prev in RULERS else ""
    if (
        kind == "person"
        and ruler_title
        and " " not in surface
        and may_be_given_name(surface)
    ):
        # "Prince Charles", "Pope Francis", "King Charles III": a ruler's given name,
        # no surname; alone it would be linked to a full name ending in it ("Ray
        # Charles"). Not a word after "King" ("King World", "King Crimson").
        surface = f"{ruler_title.title()} {surface}"
    if kind == "person" and surface.lower().rstrip(".") in ADDRESS_FORMS:
        return None  # "Tory treasurer Lord" | "Ashcroft": a form of address, no name
    if (
        kind == "person"
        and " " in surface
        and surface.split()[-1].lower() in _POSTS_LAST
    ):
        return None  # "Lee County Sheriff" | "Carmine Marceno": the post before a name
    if kind == "person" and surface.lower().rstrip(".") in _LEGAL_FORMS_ALONE:
        return None  # "Singer" | "Co": a cue word, then a legal form alone
    if kind == "person" and " " not in surface and names_an_event(surface):
        return None  # "best supporting actress Oscar": the award
    if not titled:
        key = normalise_text(surface)
        canonical = (
            gazetteer.canonical(key)
            if gazetteer.written_as_code(key, surface)
            else None
        ) or (gazetteer.state_after_a_town(key) if m.prev == "," else None)
        if canonical:
            kind, surface = "place", canonical
    # "Peking", "Bombay", "Kiev": one key for a town across its renaming, displayed as
    # the archive writes it most.
    present = (
        gazetteer.present_name(normalise_text(surface)) if kind == "place" else None
    )
    if kind == "place" and a_club_of_a_town(surface, gazetteer):
        kind = "org"
    if kind in ("place", "person") and a_nationality(
        surface, gazetteer, person=kind == "person"
    ):
        return None
    if is_junk(surface, kind) or is_wire_junk(surface):
        return None
    if kind == "place" and surface.isupper() and len(surface) <= 3:
        return None  # "BT", "BB": a company or a credit rating, not a place it knows
    if kind == "org" and is_demonym_plural(normalise_text(surface), gazetteer):
        return None
    if kind == "org" and a_countryman(normalise_text(surface), gazetteer):
        return None  # "Frenchman": someone of a country, no body
    if kind == "org" and surface in _VOTERS and m.prev != "the":
        return None  # "every Independent", "Independents": voters; "The Independent"
    if kind == "org" and two_places(surface, gazetteer):
        return None
    if kind == "org" and re.fullmatch(r"[A-Z]{2,4}s", surface):
        if surface[:-1].lower() in TITLES:
            return None  # "MPs", "MEPs": people who hold a post, not a body
    if kind == "org":
        base = org_basename(surface)
        if not base and not _an_acronym_name(surface, m.prev):
            return None  # "Co", "Corp", "S.A.": a legal form alone
        key = name_key(base or surface, kind)
    else:
        key = name_key(present or surface, kind)
    if not key:
        return None
    return kind, surface, key, titled, repaired.acronym


def _an_acronym_name(surface: str, prev: str) -> bool:
    """ "EC", "EU", "BT", "SIA": capitals alone, no dots, which cleanco also lists as
    legal forms (a Hungarian "e.c.", an Austrian "e.u.", a Norwegian "ASA") but which
    stand alone for a body: the European Community, the Securities Industry
    Association. Not an English legal form ("INC" in a headline), nor one the model
    split off its firm ("Kredietbank (Suisse)" | "SA", "Unilever Plc and" | "NV"),
    nor a unit or a common noun ("44MB", "a GP"), nor the first word of a headline,
    where capitals are short for anything ("SA unveils budget": South Africa); a
    legal form after its firm's name
    elsewhere in the article is dropped by ``search.extract.entities``."""
    return (
        "." not in surface
        and looks_like_acronym(surface)
        and surface.lower() not in _ENGLISH_LEGAL_FORMS
        and prev not in ("", ")", "and", "&", "a", "an")
        and not prev[-1:].isdigit()
    )
