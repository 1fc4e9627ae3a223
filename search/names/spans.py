"""Broken NER spans repaired or refused before they become facet values.

The small English model cuts spans in ways that put junk at the top of a sidebar:
editorial brackets left in ("Narendra] Modi", "Pittsburg[h"), an unclosed parenthesis
with the acronym glued on ("World Health Organization (WHO"), a headline verb glued to a
name ("Modi Announced"), a profession glued before it ("Immunologist Kristian Andersen"),
figures of wire tables read as names ("U.S. Dlrs", "Shr", "Cts"), disease names read as
organisations ("COVID-19"), and text in scripts an English model cannot read.
:func:`repair_span` fixes what can be fixed; :func:`is_wire_junk` and
:func:`is_foreign_script` say what must go.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .keys import POSSESSIVE, normalise_text
from .orgs import org_basename

#: Abbreviations of financial wire tables and signatures: never a name, nor part of one.
WIRE_WORDS = frozenset(
    """
    avg bln cts dlr dlrs mln mth mths nil oper pct qtr qtly reuter revs shr shrs untrd vs
    aus bfr dfl dkr dmk ffr lit nkr sfr skr stg yen
    apr aug cif cwt fob psbr rbd sdr unch
    """.split()
)
#: Commodities a market report names as its subjects, which the model tags as places
#: or bodies ("West Texas Intermediate", "Sorghum"), as a whole name only: not words
#: that are surnames too ("Rice", "Gold", "Cotton").
COMMODITIES = frozenset(
    {
        "barley",
        "cattle",
        "cocoa",
        "coffee",
        "copper",
        "corn",
        "crude",
        "gasoline",
        "heating oil",
        "hogs",
        "maize",
        "oats",
        "rubber",
        "sorghum",
        "soybean",
        "soybeans",
        "soymeal",
        "soyoil",
        "west texas intermediate",
        "west texas sour",
        "wheat",
        "zinc",
    }
)
#: Disease and virus names the model tags as organisations or people.
DISEASES = frozenset(
    {
        "aids",
        "coronavirus",
        "covi",
        "covid",
        "covid 19",
        "ebola",
        "h1n1",
        "hiv",
        "mers",
        "omicron",
        "sars",
        "sars cov 2",
        "zika",
    }
)
#: Verbs of headlines that the model glues to the name before them ("Modi Announced").
HEADLINE_VERBS = frozenset(
    """
    accuses admits announced announces arrives backs calls claims condemns dies
    denies meets quits resigns reveals said says slams sues talks tells told urges
    visits warns wins
    """.split()
)
#: Professions written before a name without "the" ("Immunologist Kristian Andersen").
PROFESSION_ENDINGS = ("ologist", "ician", "ographer")
PROFESSIONS = frozenset(
    """
    activist analyst architect artist astronaut astronomer athlete author banker
    biologist blogger businessman businesswoman campaigner cartoonist chef
    chemist columnist comedian commentator composer cyclist designer diplomat
    drummer economist editor engineer entrepreneur expert filmmaker footballer
    guitarist historian investor journalist lawmaker lawyer novelist philanthropist
    photographer pianist playwright poet producer rapper researcher scientist
    sculptor songwriter sprinter swimmer tennis virologist writer
    broadcaster comic dancer film-maker presenter
    """.split()
)
#: Last words of organisation names: a "person" ending in one is an organisation
#: ("General Motors", "Manchester United", "Lib Dems") the model mislabelled.
#: Last words of a football or rugby club's name after its town's ("Manchester United",
#: "Bristol City"), by which the club alone is called ("United", "City").
CLUB_WORDS = frozenset(
    "albion athletic city county rangers rovers united wanderers".split()
)
#: Club words that end towns' names too ("Mexico City", "Orange County").
TOWN_WORDS = frozenset({"city", "county"})
ORG_ENDINGS = (
    frozenset(
        """
        airlines airways assembly association bank brothers capital club commission
        committee dem
        corp corporation council court dems democrats department electric fc fund group
        holdings inc industries institute league ltd ministry motors partners party plc
        republicans securities systems tories trust union university
        chemical chemicals communications hotspur international marine petroleum
        pharmaceuticals worldwide
        resources technologies tire
        """.split()
    )
    | CLUB_WORDS
) - TOWN_WORDS
#: First words of organisation names in other languages: newspapers, banks, savings
#: banks ("Gazeta Wyborcza", "Banco Santander", "Cassa di Risparmio di Calabria").
ORG_STARTS = frozenset(
    """
    banca banco caisse cassa credito gazeta gazette gazzetta
    """.split()
)
#: A legal form this long is not a surname's last word ("Vedelmi Ipari Kft"); shorter
#: ones are ("Maria Sa", "Ken Ag").
MIN_LEGAL_FORM = 3
#: Last words of events, awards and competitions, which are not organisations.
EVENT_ENDINGS = frozenset(
    """
    award awards baftas championship championships convention cup emmys expo festival
    games grammys medal mvp olympiad olympics oscars prix prize prizes show summit
    tournament trophy election elections primary primaries referendum open slam
    """.split()
)
#: Events named by one word the model tags ORG: "the Budget" (Britain's, read to
#: Parliament each year: "before the Budget", "Nigel Lawson's Budget speech") and awards
#: called by one word ("her best supporting actress Oscar", "a Brit nomination"). A
#: longer name ending in the word keeps its head ("Office of Management and Budget").
EVENT_WORDS = frozenset({"budget", "oscar", "bafta", "grammy", "emmy", "brit"})
#: Last words of laws, plans and regulations ("National Emergencies Act", "the Green
#: New Deal"), which the model tags ORG or GPE.
LAW_ENDINGS = frozenset(
    "act acts amendment constitution deal directive regulations treaty".split()
)
#: Last words of what the model also tags ORG but no newsroom files as an organisation,
#: besides laws (:data:`LAW_ENDINGS`): posts ("National Security Advisor"), illnesses
#: ("Multiple Sclerosis", "Middle East Respiratory Syndrome"), streets, hills, venues
#: and stations ("10 Downing Street", "Capitol Hill", "Chesapeake Energy Arena", "the
#: International Space Station"; not "Fox Television Stations", a firm), rates and
#: indices ("London Interbank Offered Rate", "Consumer Price Index", "Dow Jones
#: Industrial Average") and days ("International Women's Day"; "Business Day", a
#: Johannesburg paper, is lost).
THING_ENDINGS = frozenset(
    """
    adviser advisor fellow spokesman spokesperson spokeswoman
    disease fever sclerosis syndrome
    arena avenue hill lane road square stadium station street
    average index rate rates
    day
    """.split()
)
#: Public programmes the model tags ORG, named by one word ("cuts to Medicare",
#: "Medicaid expansion"): policies, as laws are, not the bodies that run them.
PROGRAMMES = frozenset({"medicaid", "medicare", "obamacare"})
#: Last words of currency names that also end other names.
NOT_CURRENCY_WORDS = frozenset(
    """
    account balboa colon fomento gold involved oro palladium platinum previsional
    purposes real silver soberano sol som sucre sum tala uruguayo
    """.split()
)
#: A group or pool of a competition ("Group A", "Pool 3"), a part of an event.
_COMPETITION_GROUP = re.compile(r"^(?:group|pool) (?:[a-h]|\d{1,2})$")
#: What is held of a firm, which a sentence may begin with before its name ("Shares of
#: Nvidia Corp rose"): no part of the name.
_HOLDINGS = frozenset({"shares", "stock", "stocks", "bonds", "notes", "units"})
_CONTRACTION = re.compile(r"(?:['’](?:m|re|ve|ll)|n['’]t)\b", re.IGNORECASE)
_ENTITY_RESIDUE = re.compile(r"&(?:lt|gt|amp|quot|apos|#\d+);?")
# A commodity table's cells: a time of day ("NY COCOA 11:31") or a delivery month and
# year ("MAY7", "SEP8").
_TABLE_CELL = re.compile(
    r"\b\d{1,2}:\d{2}\b|\b(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\d\b"
)
# A name ending in a release's number ("Opera 8.0", "Web 2.0").
_VERSIONED = re.compile(r"[A-Za-z]\S* v?\d+(?:\.\d+)+$")
_OPEN_PAREN = re.compile(r"\s*\(([^()]*)$")


@dataclass(frozen=True, slots=True)
class Repaired:
    """A span's text after repair, and the acronym it carried in brackets, if any."""

    text: str
    acronym: str | None = None


_SPACED_DASH = re.compile(r"\s+[-–—]\s+")


def repair_span(text: str, kind: str) -> Repaired:
    """``text`` without the damage above; ``kind`` is person, org or place."""
    acronym = None
    match = _OPEN_PAREN.search(text)
    if match:  # "World Health Organization (WHO": the name, and its acronym
        inside = match.group(1).strip()
        if inside.replace(".", "").isupper() and 2 <= len(inside) <= 8:
            acronym = inside
        text = text[: match.start()]
    closing = re.search(r"\s*\(([A-Z][A-Z.&]{1,8})\)\s*$", text)
    if closing:  # "Associated Cement Companies (ACC)"
        acronym = closing.group(1)
        text = text[: closing.start()]
    # Editorial brackets inside the span ("[Narendra] Modi", "Pittsburg[h]").
    text = re.sub(r"[\[\]{}]", "", text)
    closed = re.match(r"^[^()]*\)\s+(?=[A-Z])", text)
    if closed and kind == "org":  # "Nasa) Ames Research Center": the name after it
        text = text[closed.end() :]
    if text.count("(") != text.count(")"):
        text = text.replace("(", "").replace(")", "")
    # "Buzzcocks - Ever Fallen in Love": a dash between spaces ends a name (a list of
    # artists and their songs, a headline's "Name - what happened"); after capitals it
    # begins one ("TOKYO - Bank of Japan": a dateline; "SME - Societa Meridionale").
    parts = _SPACED_DASH.split(text, maxsplit=1)
    if len(parts) == 2:
        head, tail = parts
        shouted = head.isupper() and tail[:1].isupper() and not tail.isupper()
        text = tail if shouted else head
    words = text.split()
    if kind == "person":
        # "Sally Capp's Mayorship": a person's name ends at its possessive.
        owner = next(
            (i for i, w in enumerate(words[:-1]) if w.endswith(("'s", "’s"))), None
        )
        if owner is not None and owner >= 1:
            words = words[: owner + 1]
        # "Jo JorgensenImage", "Kamala Harris Image": a caption's "Image:" glued to the
        # name before it.
        words = [re.sub(r"(?<=[a-z])(?:Image|Photo)$", "", w) for w in words]
        if len(words) > 2 and words[-1] in ("Image", "Photo"):
            words = words[:-1]
        while len(words) > 2 and words[-1].lower() in HEADLINE_VERBS:
            words = words[:-1]
        if len(words) > 2 and is_profession(words[0]):
            words = words[1:]
    elif kind == "org":
        while len(words) > 1 and words[-1].lower() in HEADLINE_VERBS:
            words = words[:-1]
        # "Ferraro the Democratic Party": a name glued before "the" (not "Bank of the
        # Ozarks", where "the" follows a connective).
        glued = [
            i
            for i, w in enumerate(words[1:-1], 1)
            if w == "the" and words[i - 1][0].isupper()
        ]
        if glued:
            words = words[glued[-1] + 1 :]
        # "Shares of Nvidia Corp" at the start of a sentence: the firm, not its stock.
        if len(words) > 2 and words[0].lower() in _HOLDINGS and words[1] == "of":
            words = words[2:]
    elif kind == "place":
        # "west London", "Aceh province": a direction before a town or a place word
        # after it, in lower case, is no part of the name.
        if len(words) > 2 and f"{words[0]} {words[1]}" in _COMPASS:
            words = words[2:]  # "north west London"
        elif len(words) > 1 and words[0] in _COMPASS:
            words = words[1:]
        if len(words) > 1 and words[-1] in _PLACE_WORDS_AFTER:
            words = words[:-1]
    return Repaired(" ".join(words), acronym)


#: Directions written before a place's name in lower case ("west London").
_COMPASS = frozenset(
    """
    central east eastern north north-east north-west northern south south-east
    south-west southern west western
    """.split()
) | {"north east", "north west", "south east", "south west"}
#: Kinds of place written after its name in lower case ("Hainan island").
_PLACE_WORDS_AFTER = frozenset(
    "city county district island isle province region state town village".split()
)


def is_profession(word: str) -> bool:
    lowered = word.lower()
    return lowered in PROFESSIONS or (
        len(lowered) > 7 and lowered.endswith(PROFESSION_ENDINGS)
    )


# A money supply measure ("M1", "U.S. M1-A", "Sterling M3") or a credit rating ("Baa-3",
# "B1"), keyed: the figures of financial news, never a body.
_MEASURE = re.compile(
    r"(?:(?:us|u s|sterling) ?)?m ?[0-4] ?a?(?: money supply)?|(?:aaa|aa|a|baa|ba|b|caa) ?[1-3]"
)


def is_wire_junk(text: str) -> bool:
    """True for table abbreviations and cells ("UNTRD", "NY COCOA 11:31 MAY7"), disease
    names and contractions ("I'm")."""
    key = normalise_text(text)
    if not key:
        return True
    if key in DISEASES or _CONTRACTION.search(text) or _ENTITY_RESIDUE.search(text):
        return True
    if _TABLE_CELL.search(text) or _MEASURE.fullmatch(key) or key in COMMODITIES:
        return True
    return any(w in WIRE_WORDS for w in key.split())


def is_foreign_script(text: str) -> bool:
    """True when a letter of ``text`` is not Latin: an English model's span in another
    script (Devanagari, Cyrillic, Han...) is noise, not a name it has read."""
    for char in text:
        if char.isalpha():
            try:
                if not unicodedata.name(char).startswith("LATIN"):
                    return True
            except ValueError:
                return True
    return False


def names_an_organisation(text: str) -> bool:
    """True when a span's first or last word, or a legal form at its end (cleanco),
    says it names an organisation."""
    words = normalise_text(POSSESSIVE.sub("", text.strip())).split()
    if not words:
        return False
    if words[-1] in ORG_ENDINGS or (len(words) > 1 and words[0] in ORG_STARTS):
        return True
    # A legal form after a name, or a long one alone ("Kft", "GmbH", "Ltd").
    base = org_basename(text)
    return bool(base) and len(text.rstrip(" .")) - len(base) > MIN_LEGAL_FORM


def names_an_event(text: str) -> bool:
    """True for events, awards and competitions ("World Cup", "Academy Award", the
    "Olympiad" of an article), their groups ("Group A") and a government's yearly
    "Budget"."""
    key = normalise_text(text)
    words = key.split()
    return bool(words) and (
        # not a body "of" them ("State Board of Elections")
        (words[-1] in EVENT_ENDINGS and words[-2:-1] != ["of"])
        or key in EVENT_WORDS
        or bool(_COMPETITION_GROUP.match(key))
    )


def names_a_law(text: str) -> bool:
    """True for a law, a plan or a public programme ("National Emergencies Act", "the
    Green New Deal", "Medicare"), which the model also calls a place: two words or more
    ending in one of :data:`LAW_ENDINGS`, or one of :data:`PROGRAMMES`."""
    words = normalise_text(text).split()
    if len(words) < 2:
        return " ".join(words) in PROGRAMMES
    return words[-1] in LAW_ENDINGS


def names_a_thing(text: str) -> bool:
    """True for a law, a plan or a public programme (:func:`names_a_law`), an illness,
    a street or venue, a rate or an index ("London Interbank Offered Rate", "Consumer
    Price Index"), a product's release ("Opera 8.0") or a currency ("U.S. Dollar",
    "Deutsche Mark"): a name, but of no organisation (two words or more ending in one
    of :data:`THING_ENDINGS` or in a currency's word, pycountry's)."""
    if names_a_law(text):
        return True
    words = normalise_text(text).split()
    if len(words) < 2:
        return False
    if _VERSIONED.search(text):
        return True  # "Opera 8.0", "Firefox 1.0": a release of a product
    last = words[-1]
    return last in THING_ENDINGS or (
        last.removesuffix("s") in currency_words() or last in currency_words()
    )


@lru_cache(maxsize=1)
def currency_words() -> frozenset[str]:
    """Last words of the world's currency names ("dollar", "yen", "sterling"), from
    pycountry, but for words that end other names too ("Banco Real", "Gold")."""
    import pycountry

    words = {c.name.split()[-1].lower() for c in pycountry.currencies}
    return frozenset(w for w in words if w.isalpha()) - NOT_CURRENCY_WORDS
