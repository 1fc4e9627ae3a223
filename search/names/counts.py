"""How each entity key occurs across the index: the counts corpus resolution reads.

The writer keeps each article's own entities (``search.store``); :func:`key_counts`
sums them per (type, key) for :func:`search.names.resolution.resolve_corpus` and for
the entity review (``search.query.review``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..models import Entity
from .keys import normalise_text
from .orgs import acronyms, looks_like_acronym
from .words import ORG_SUFFIXES

EntityRef = tuple[str, str]  # (type, key)

#: Share of the candidates' articles the top one needs to take a surname or short name.
DOMINANCE = 0.8
#: How far ahead of the next candidate the top one must be when it has half of them.
LEAD = 4

#: The cue (``Entity.cues``) of an organisation an article names in full and by its
#: first word alone ("Labour Party" and "Labour", "Ford Motor Co" and "Ford"): the
#: evidence that the word alone stands for it in other articles.
SHORTENED = "shortened"
#: The cue (``Entity.cues``) of a person an article keeps only because the words of the
#: name may be a person's, with no title, surname alone or given name to support it
#: ("Narendra Modi" once; but "Norsk Hydro" too): weak evidence, which an organisation
#: or a place of the same key elsewhere in the index outweighs.
NAMED_BY_WORDS = "named_by_words"


@dataclass(frozen=True, slots=True)
class KeyCount:
    """How an entity key occurs across the index."""

    mentions: int
    articles: int
    acronym: bool = False  # written as capitals ("IBM") in most of its mentions
    #: Acronyms it was written as in some article ("nbc" for "Norwegian Broadcasting
    #: Corporation (NBC)"): the evidence that an acronym stands for this name.
    short_forms: frozenset[str] = frozenset()
    #: Written with a legal form in some article ("Commodity Credit Corp"), whose "C"
    #: its acronym may keep ("CCC") though its key has lost it.
    legal_form: bool = False
    #: How the articles write it, summed (``Entity.cues``): read by
    #: :mod:`search.names.framed`.
    cues: tuple[tuple[str, int], ...] = ()

    def cue(self, name: str) -> int:
        """The summed count of one cue (0 when no article gave it)."""
        return dict(self.cues).get(name, 0)


def key_counts(local: Mapping[str, Iterable[Entity]]) -> dict[EntityRef, KeyCount]:
    """Mentions, articles and how often written as capitals, per (type, key)."""
    mentions: Counter[EntityRef] = Counter()
    articles: Counter[EntityRef] = Counter()
    caps: Counter[EntityRef] = Counter()
    written: Counter[EntityRef] = Counter()
    short: dict[EntityRef, set[str]] = defaultdict(set)
    legal: set[EntityRef] = set()
    cues: dict[EntityRef, Counter[str]] = defaultdict(Counter)
    for entities in local.values():
        for e in entities:
            ref = (e.type, e.key)
            mentions[ref] += e.mentions
            articles[ref] += 1
            if e.cues:
                cues[ref].update(dict(e.cues))
            for form, n in e.forms:
                written[ref] += n
                if normalise_text(form).rpartition(" ")[2] in ORG_SUFFIXES:
                    legal.add(ref)
                if looks_like_acronym(form):
                    caps[ref] += n
                    short[ref].add(form.replace(".", "").lower())
    return {
        ref: KeyCount(
            mentions[ref],
            articles[ref],
            caps[ref] * 2 > written[ref] > 0,
            frozenset(short.get(ref, ())),
            ref in legal,
            tuple(sorted(cues[ref].items())) if ref in cues else (),
        )
        for ref in mentions
    }


def acronyms_of(key: str, count: KeyCount) -> set[str]:
    """The acronyms an organisation key may stand for on the index's evidence: with a
    legal form's "C" only for a name written with one ("Commodity Credit Corp": CCC;
    not "bbc" for "Bulletin Board"), and never one of its own words ("BBC Broadcast"
    is the BBC's unit, not what "BBC" stands for)."""
    words = key.split()
    return {a for a in acronyms(key, count.legal_form) if a not in words}


def dominant(
    candidates: list[str], counts: Mapping[str, KeyCount], lead: bool = True
) -> str | None:
    """The candidate with at least DOMINANCE of their articles, if any; with ``lead``,
    also one with half of them and LEAD times the next one's."""
    if not candidates:
        return None
    ranked = sorted(set(candidates), key=lambda k: (-counts[k].articles, k))
    total = sum(counts[k].articles for k in ranked)
    top = counts[ranked[0]].articles
    runner_up = counts[ranked[1]].articles if len(ranked) > 1 else 0
    # Either most of the candidates' articles, or half of them and far ahead of the next
    # one: "GM" has General Motors and a tail of firms with the same initials.
    if top >= DOMINANCE * total or (
        lead and top * 2 >= total and top >= LEAD * runner_up
    ):
        return ranked[0]
    return None
