"""Surnames in context: a bare surname that two people share, read from the articles
around the one that writes it.

Across the whole index "Johnson" may be Boris Johnson as often as another Johnson, so
the corpus mapping (:func:`search.names.resolution.resolve_corpus`) leaves it alone.
One article can still be settled by its neighbours: the articles of the same source
around its date name the Johnson it means (Boris Johnson in London news of July 2019).
The result is per article, applied on top of the corpus mapping.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..models import Entity
from .counts import DOMINANCE, EntityRef

#: Days either side of an article in which its surname's full name is looked for.
CONTEXT_DAYS = 7


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an article stands among the others: its source (the folder its file is
    in: one publisher's archive, one feed) and its publication day (an ordinal; None
    when undated)."""

    source: str
    day: int | None


def surnames_in_context(
    local: Mapping[str, Iterable[Entity]],
    mapping: Mapping[EntityRef, EntityRef],
    placements: Callable[[set[str]], Mapping[str, Placement]],
) -> dict[str, dict[EntityRef, EntityRef]]:
    """Per article, the surnames the corpus mapping leaves alone (two people share them)
    that the articles around it settle: id -> {("person", surname): ("person", full)}.

    Of the full names ending with the surname, the one named by at least
    :data:`~search.names.counts.DOMINANCE` of the articles of the same source
    within :data:`CONTEXT_DAYS` days (and by one at least) is the one meant; undated
    articles and a tie stay as they are.

    :param placements: the :class:`Placement` of the given article ids (asked only for
        the articles that matter: those with such a surname and those naming one of its
        full names).
    """
    persons: dict[str, set[str]] = {}
    for doc_id, entities in local.items():
        keys = set()
        for e in entities:
            kind, key = mapping.get((e.type, e.key), (e.type, e.key))
            if kind == "person":
                keys.add(key)
        if keys:
            persons[doc_id] = keys
    full_names: dict[str, set[str]] = defaultdict(set)
    for keys in persons.values():
        for key in keys:
            words = key.split()
            if len(words) >= 2:
                full_names[words[-1]].add(key)
    shared = {
        doc_id: sorted(
            k for k in keys if " " not in k and len(full_names.get(k, ())) > 1
        )
        for doc_id, keys in persons.items()
    }
    shared = {doc_id: keys for doc_id, keys in shared.items() if keys}
    if not shared:
        return {}
    wanted = {c for keys in shared.values() for k in keys for c in full_names[k]}
    naming: dict[str, list[str]] = defaultdict(list)
    for doc_id, keys in persons.items():
        for key in keys & wanted:
            naming[key].append(doc_id)
    where = placements(set(shared) | {d for ds in naming.values() for d in ds})
    days: dict[tuple[str, str], list[int]] = defaultdict(list)
    for full, doc_ids in naming.items():
        for doc_id in doc_ids:
            place = where.get(doc_id)
            if place is not None and place.day is not None:
                days[(full, place.source)].append(place.day)
    for found in days.values():
        found.sort()
    out: dict[str, dict[EntityRef, EntityRef]] = {}
    for doc_id, surnames in shared.items():
        place = where.get(doc_id)
        if place is None or place.day is None:
            continue
        lo, hi = place.day - CONTEXT_DAYS, place.day + CONTEXT_DAYS
        for surname in surnames:
            counts = {}
            for full in full_names[surname]:
                found = days.get((full, place.source), [])
                n = bisect_right(found, hi) - bisect_left(found, lo)
                n -= full in persons[doc_id]  # the article itself is no context
                if n > 0:
                    counts[full] = n
            if not counts:
                continue
            best = max(sorted(counts), key=lambda k: counts[k])
            if counts[best] >= DOMINANCE * sum(counts.values()):
                out.setdefault(doc_id, {})[("person", surname)] = ("person", best)
    return out
