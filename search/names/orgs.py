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

from .keys import PORTFOLIO_BODIES, normalise_text

#: Words left out of an acronym ("Bank of England" -> "BOE" is also "BE"; both kept).
ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "&", "de", "du", "la", "in", "on"})
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


def acronyms(name: str) -> set[str]:
    """Keys of the acronyms ``name`` may be written as ("International Business Machines"
    -> {"ibm"}; "Bank of England" -> {"be", "boe"}); empty for one-word names."""
    words = [w for w in normalise_text(org_basename(name) or name).split() if w]
    if len(words) < 2:
        return set()
    orders = [words]
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
        found |= {a for a in (full, short, short + "c") if len(a) >= 2}
    return found


def looks_like_acronym(surface: str) -> bool:
    """True for "IBM", "U.N.", "GM": two to six capitals, dots allowed."""
    letters = surface.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()
