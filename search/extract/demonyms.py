"""People of a place and clubs of a town, which the model calls places or bodies: a
country's adjective or a town's people ("Kuwaiti", "Slovaks", "Londoners",
"Frenchman"), "Manchester City" tagged as a place, "Crete and Cyprus" tagged as one
organisation. Read by :func:`search.extract.mentions.clean_mention` against the
gazetteer, in its own module as one concept.
"""

from __future__ import annotations

import re

from ..names import normalise_text
from ..names.places import Gazetteer
from ..names.spans import names_an_organisation


def is_demonym_plural(key: str, gazetteer: Gazetteer) -> bool:
    """ "Canadas", "Newfoundlanders", "Scots", "Slovaks" tagged ORG: people of a place,
    no body."""
    if not key.endswith("s"):
        return False
    if gazetteer.country_of_adjective(key[:-1]):
        return True  # "Slovaks", "Iraqis", "Britons", "American Samoans"
    if " " in key:
        return False
    stems = {key[:-1], key[:-3], key[:-4]}  # "canadas", "newfoundlanders", "texans"
    return any(
        len(s) > 3 and (gazetteer.canonical(s) or gazetteer.canonical(s + "land"))
        for s in stems
    )  # "Scots", "Finns": Scotland's, Finland's


def a_countryman(key: str, gazetteer: Gazetteer) -> bool:
    """ "Frenchman", "Dutchwoman", "Englishmen": a country's adjective and "man"."""
    stem = re.sub(r"(?:wo)?m[ae]n$", "", key)
    return stem != key and " " not in key and bool(gazetteer.country_of_adjective(stem))


def _is_townsman(key: str, gazetteer: Gazetteer) -> bool:
    """ "Londoner(s)", "New Yorkers", "Berliners": the people of a town the gazetteer
    knows, no place."""
    stem = key[:-3] if key.endswith("ers") else key[:-2] if key.endswith("er") else ""
    return len(stem) > 3 and gazetteer.is_place(stem)


def a_nationality(name: str, gazetteer: Gazetteer, person: bool = False) -> bool:
    """ "Kuwaiti", "Iraqi", "Slovaks", "Londoners" tagged GPE (or PERSON): a country's
    adjective or the people of a place, the model's NORP, names no place and no one
    ("Kuwait" is the place; "American" tagged ORG may be an airline's short name, so
    organisations keep it)."""
    key = normalise_text(name)
    if gazetteer.is_place(key):
        return False
    if person:
        # Surnames end so too ("Horner", "Gunzburger", "Chiles"): for a person-tagged
        # span, a country's adjective ("Iraqi", "Iraqis") or a town's people in the
        # plural ("Londoners") only.
        return bool(
            gazetteer.country_of_adjective(key)
            or (key.endswith("s") and gazetteer.country_of_adjective(key[:-1]))
            or (key.endswith("ers") and _is_townsman(key, gazetteer))
        )
    return bool(
        gazetteer.country_of_adjective(key)
        or is_demonym_plural(key, gazetteer)
        or _is_townsman(key, gazetteer)
    )


def a_club_of_a_town(name: str, gazetteer: Gazetteer) -> bool:
    """ "Manchester City", "Leicester City" tagged as places: a town's name and "City"
    that no gazetteer knows as a place is its club ("Mexico City", "Salt Lake City"
    are places the gazetteer knows)."""
    words = name.split()
    key = normalise_text(name)
    return (
        len(words) >= 2
        and words[-1] == "City"
        and gazetteer.is_place(normalise_text(" ".join(words[:-1])))
        and not gazetteer.is_place(key)
    )


def two_places(name: str, gazetteer: Gazetteer) -> bool:
    """ "Crete and Cyprus" tagged ORG: two places, or a country and a word, no body
    ("Trinidad and Tobago", one country, is a place before it gets here)."""
    first, sep, second = normalise_text(name).partition(" and ")
    if not sep or names_an_organisation(name):
        return False
    if gazetteer.is_place(first) and gazetteer.is_place(second):
        return True
    # "Crete and Cyprus": a country and a one-word name beside it.
    return any(
        gazetteer.canonical(a) and " " not in b
        for a, b in ((first, second), (second, first))
    )
