"""Organisation names: legal suffixes folded (cleanco), acronyms and their expansions.

"Ford Motor Co", "Ford Motor Company" and "Ford Motor" are one company; so are "IBM" and
"International Business Machines Corp". :func:`org_basename` drops the legal form with
cleanco (which knows the suffixes of many countries' company law) and the connective it
can leave behind ("Merrill Lynch and Co" -> "Merrill Lynch"). :func:`acronym` gives the
initials a name is abbreviated to, so an index can link "IBM" to the one organisation
whose initials it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .bodies import NATIONAL_BODIES, PARTY_TITLES, PORTFOLIOS, REGIONAL_BODIES
from .keys import PORTFOLIO_BODIES, normalise_text
from .places import Gazetteer, load_gazetteer

#: Words left out of an acronym ("Bank of England" -> "BOE" is also "BE"; both kept).
ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "&", "de", "du", "la", "in", "on"})
#: Words of a country's name or adjective at most before a body's ("South Korean").
MAX_OWNER_WORDS = 3
#: How news writes these countries before a body's name ("U.S. Agriculture Department").
SHORT_OWNERS = {"United States": "U.S.", "United Kingdom": "U.K."}
_TRAILING = re.compile(r"(?:[\s,&]+|\s+(?:and|und|et|y))+$", re.IGNORECASE)


@lru_cache(maxsize=65_536)
def org_basename(name: str) -> str:
    """``name`` without its legal form ("Inc", "Corp", "PLC", "AG", "S.A."...).

    A name that is nothing but a legal form ("Co", "Corp") comes back empty: it is not an
    organisation's name.
    """
    from cleanco import basename

    current = name.strip()
    for _ in range(3):  # "Merrill Lynch & Co Inc": one suffix per pass
        base = _TRAILING.sub("", basename(current)).strip()
        if base == current:
            break
        current = base
    return current


def acronyms(name: str, legal_form: bool = True) -> set[str]:
    """Keys of the acronyms ``name`` may be written as ("International Business Machines"
    -> {"ibm"}; "Bank of England" -> {"be", "boe"}); empty for one-word names.

    :param legal_form: also with the "C" of a legal form the key has lost ("Commodity
        Credit" -> "ccc", for "Commodity Credit Corp"), which any two-word name fits
        ("bbc" for "Bulletin Board"): only with other evidence.
    """
    words = [w for w in normalise_text(org_basename(name) or name).split() if w]
    if len(words) < 2:
        return set()
    orders = [words]
    if words[0] == "un" and len(words) > 3:
        # "U.N. Economic and Social Commission for Asia and the Pacific": ESCAP, the
        # body's own initials after the "U.N." news puts before them (not two letters:
        # "UN Security Council" is no "SC").
        orders.append(words[1:])
    if words[-1] in PORTFOLIO_BODIES:
        # Keys put the portfolio first ("united states agriculture department"); the
        # acronym is of the other order too ("U.S. Department of Agriculture": USDA).
        orders += [words[:i] + words[-1:] + words[i:-1] for i in range(len(words) - 1)]
    found = set()
    for order in orders:
        full = "".join(w[0] for w in order)
        short = "".join(w[0] for w in order if w not in ACRONYM_SKIP)
        # Keys have lost their legal form, acronyms keep it: "Commodity Credit Corp"
        # is CCC.
        forms = (full, short, short + "c") if legal_form else (full, short)
        found |= {a for a in forms if len(a) >= 2}
    return found


def looks_like_acronym(surface: str) -> bool:
    """True for "IBM", "U.N.", "GM": two to six capitals, dots allowed."""
    letters = surface.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def is_generic_body(key: str) -> bool:
    """True for an organisation key that names a body every country has, without saying
    whose: "finance ministry", "agriculture department", "central bank", "coast guard",
    "district court" (not "japan finance ministry", "bank of japan", "labour party").

    "state department" is not one: news means the United States' by that name.
    """
    return is_national_body(key) or key in REGIONAL_BODIES


def is_national_body(key: str) -> bool:
    """True for a generic body (:func:`is_generic_body`) that only a country has at its
    top ("finance ministry", "central bank"), not also its states or provinces ("supreme
    court", "legislative assembly"): the body a wire story's dateline country may own."""
    if key in NATIONAL_BODIES:
        return True
    words = key.split()
    return (
        len(words) >= 2
        and key != "state department"
        and words[-1] in PORTFOLIO_BODIES
        and all(w in PORTFOLIOS for w in words[:-1])
        and words[0] not in ("and", "of")
    )


def is_portfolio_alone(key: str) -> bool:
    """True for an organisation key of portfolio words alone ("commerce", "foreign
    affairs"): a body's name the model cut from its head ("Commerce" | "Secretary
    Malcolm Baldrige", "the House Foreign Affairs and" | "Intelligence" | "committees"),
    no organisation; nor is the US programme "Social Security" one. Not a party's
    ("Labour")."""
    name = key.removeprefix("the ")
    words = name.split()
    return (
        bool(words)
        and words[0] not in ("and", "of")
        and words[-1] not in ("and", "of")
        and all(w in PORTFOLIOS for w in words)
        and name not in PARTY_TITLES
    )


def owned_body(key: str, gazetteer: Gazetteer) -> tuple[str, str] | None:
    """(country, body key) of an organisation key that is a country's name or adjective
    and a generic body ("japanese finance ministry" -> ("Japan", "finance ministry")),
    or a generic body "of" a country ("supreme court of the united states"), else
    None."""
    for head, body in _owner_and_body(key):
        if not is_generic_body(body):
            continue
        country = gazetteer.country_of_adjective(head) or gazetteer.country_named(head)
        if country is not None:
            return country, body
    return None


def _owner_and_body(key: str) -> list[tuple[str, str]]:
    """The ways ``key`` may be an owner and a body: its first words and the rest, and
    what follows its last "of" (without "the") and what comes before it."""
    words = key.split()
    cuts = range(1, min(MAX_OWNER_WORDS, len(words) - 1) + 1)
    splits = [(" ".join(words[:cut]), " ".join(words[cut:])) for cut in cuts]
    body, of, owner = key.rpartition(" of ")
    if of and body:
        splits.append((owner.removeprefix("the "), body))
    return splits


def owner_folded(key: str) -> str:
    """``key`` with the country's adjective before a generic body made its name
    ("japanese finance ministry" -> "japan finance ministry"), and a body "of" a country
    keyed the same way ("supreme court of the united states" -> "united states supreme
    court"): the key an owned body has, whichever way it is written or typed. The
    gazetteer is loaded only for keys that hold a generic body."""
    if not any(is_generic_body(body) for _owner, body in _owner_and_body(key)):
        return key
    owned = owned_body(key, load_gazetteer())
    return owned_key(*owned) if owned else key


def owned_key(country: str, body: str) -> str:
    """The key of a country's body: "japan finance ministry"."""
    return f"{normalise_text(country)} {body}"


def owned_name(country: str, surface: str) -> str:
    """How a country's body is displayed where no article writes it: "Japan Finance
    Ministry", "U.S. Agriculture Department"."""
    return f"{SHORT_OWNERS.get(country, country)} {surface}"
