"""Surnames and shorter person names linked to the one full name the index has for them.

A step of :func:`search.names.resolution.resolve_corpus`, in its own module as one
concept: which person keys of the whole index stand for a longer one ("Reagan" for
Ronald Reagan, "Leon Febres" for Leon Febres Cordero).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from .counts import EntityRef, KeyCount, dominant
from .words import TITLES

#: Articles a three-word person name must be in before shorter ones link to it.
MIN_SECOND_SURNAME_ARTICLES = 2


def surnames(persons: Mapping[str, KeyCount]) -> dict[EntityRef, EntityRef]:
    """One-word person keys linked to the full name that dominates them."""
    full_names: dict[str, list[str]] = defaultdict(list)
    for key in persons:
        words = key.split()
        if len(words) >= 2:
            full_names[words[-1]].append(key)
    mapping: dict[EntityRef, EntityRef] = {}
    for key in persons:
        if " " not in key and key in full_names:
            # People share surnames more than firms share initials: the full name must
            # hold most of them, however far ahead of the next one it is.
            target = dominant(full_names[key], persons, lead=False)
            if target:
                mapping[("person", key)] = ("person", target)
    return mapping


def second_surnames(persons: Mapping[str, KeyCount]) -> dict[EntityRef, EntityRef]:
    """Two-word person keys linked to the three-word name that starts with them and
    dominates such names: a second surname news leaves out, or the model cut ("Leon
    Febres" of "Leon Febres Cordero", "Wanda Vázquez" of "Wanda Vázquez Garced",
    "Robert Holmes" of "Robert Holmes a Court"). The longer name must be in
    :data:`MIN_SECOND_SURNAME_ARTICLES` articles and end in no title ("Paul Boateng
    MP"): one span seen once is as often a name run on into the next word."""
    longer: dict[str, list[str]] = defaultdict(list)
    for key in persons:
        words = key.split()
        if len(words) == 3:
            longer[" ".join(words[:2])].append(key)
    mapping: dict[EntityRef, EntityRef] = {}
    for key in persons:
        if key in longer:
            # Dominant among every such name ("John Paul" starts the names of three
            # people seen once or twice each: none), then of weight itself.
            target = dominant(longer[key], persons, lead=False)
            if (
                target
                and persons[target].articles >= MIN_SECOND_SURNAME_ARTICLES
                and target.split()[2] not in TITLES
            ):
                mapping[("person", key)] = ("person", target)
    return mapping
