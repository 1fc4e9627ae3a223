"""Named entities: spaCy NER mentions resolved to one canonical entity per real-world name.

The pipeline for one article:

1. spaCy gives PERSON / ORG / GPE / LOC spans (``load_nlp`` keeps only the ``ner`` pipe,
   which finds the same entities as the full pipeline in a fraction of the time).
2. :func:`search.extract.mentions.clean_mention` cleans each span on its own:
   ``clean_surface`` drops what is not part of the name (titles and honorifics: "Mr",
   "Secretary of State"; possessives: "Lee's"; quotes and punctuation), and ``is_junk``
   rejects the classes of mistakes the small model makes on news: lower-case starts,
   digits in names, sentence fragments, country-code compounds ("US-South Korea").
3. ``name_key`` folds case, accents, hyphens, middle initials and corporate suffixes, so
   "Kim Jong-un" and "Kim Jong Un", "Stephen E. Biegun" and "Stephen Biegun" share a key.
4. ``resolve_article`` links single-word mentions ("Biegun", "Mr Kim"), whatever label
   spaCy gave them, to the full name used in the same article, and an organisation's
   acronym to its name where the initials fit ("GM", "General Motors") or the article
   defines it in brackets ("the Kurdistan Workers' Party (PKK)"), and votes each key's
   type.

Across articles nothing is merged on a surname alone; only equal keys (a full name ties
them) or the aliases file merge entities. The display name of a key is chosen later, over
the whole corpus, by :meth:`search.store.IndexState.display_names`.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from ..errors import ModelNotFoundError
from ..models import Entity
from ..names import clean_surface, name_key, normalise_text
from ..names.counts import NAMED_BY_WORDS
from ..names.given import load_given_names
from ..names.orgs import (
    acronyms,
    is_generic_body,
    looks_like_acronym,
    owned_key,
    owned_name,
    owner_folded,
)
from ..names.places import load_gazetteer, state_then
from ..names.resolution import EntityRef, apply_resolution
from ..names.spans import names_an_organisation
from ..names.words import ORG_SUFFIXES
from .english import may_be_given_name
from .mentions import Mention, clean_mention, event_acronyms
from .people import People, people_by_surname
from .short_names import with_short_names_linked, without_split_legal_forms

log = logging.getLogger(__name__)

#: Bump when the rules that turn cached NER mentions into entities change (here, in
#: :mod:`search.extract.mentions`, :mod:`search.extract.framing` and the other steps of
#: this package, or in :mod:`search.names`): the next
#: ``reindex`` re-resolves every article from the extraction cache (no model run).
RESOLVER_VERSION = "144"

LABEL_TYPES = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place"}
#: Labels never shown as facets but counted as votes against a name being a person, place
#: or organisation ("Hagia Sophia" tagged FAC twice and PERSON once is not a person).
OTHER_LABELS = {"FAC", "WORK_OF_ART", "PRODUCT", "EVENT", "NORP", "LAW", "LANGUAGE"}
NER_LABELS = set(LABEL_TYPES) | OTHER_LABELS | {"DATE"}


@lru_cache(maxsize=4)
def load_nlp(model: str) -> Any:
    """The spaCy pipeline for ``model`` with only the ``ner`` component, loaded once.

    :raises ModelNotFoundError: the model is not installed.
    """
    import spacy  # local: importing spaCy costs a second that searching never needs

    try:
        nlp = spacy.load(
            model,
            exclude=[
                "tok2vec",
                "tagger",
                "parser",
                "attribute_ruler",
                "lemmatizer",
                "senter",
                "morphologizer",
            ],
        )
    except OSError as exc:
        raise ModelNotFoundError(
            f"spaCy model {model!r} is not installed; install it (pip install "
            f"{model.replace('_', '-')}) or set NEWS_SEARCH_MODEL to an installed model"
        ) from exc
    if "ner" not in nlp.pipe_names:
        raise ModelNotFoundError(f"spaCy model {model!r} has no 'ner' component")
    return nlp


def mentions_from_doc(doc: Any) -> list[Mention]:
    """The spans of a spaCy ``Doc`` we care about, as plain data (picklable, cacheable)."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in NER_LABELS:
            continue
        prev = doc[ent.start - 1].lower_.rstrip(".") if ent.start > 0 else ""
        out.append(Mention(ent.label_, ent.text, ent.start_char, prev))
    return out


def resolve_article(
    mentions: Iterable[Mention],
    aliases: Any = None,
    owners: Mapping[int, str] | None = None,
) -> tuple[Entity, ...]:
    """Canonical entities of one article, most mentioned first.

    :param owners: the country of each body named without one, by the offset of its
        mention ({start: "Japan"}; :func:`search.extract.owners.body_owners`): the
        body is that country's ("japan finance ministry").

    Single-word mentions are linked to a full name of the same article when one ends (or,
    for family-name-first names such as "Lee Do-hoon", begins) with that word; spaCy often
    labels such surnames ORG ("Biegun"), so linking looks at every label. The type of a key
    is the majority label of its mentions, persons winning ties when a full name exists.
    """
    found = _Mentions.of(mentions, owners or {})
    found.cleaned = people_by_surname(found.cleaned)
    people = People.of(found.cleaned)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, surface, key in found.cleaned:
        target = people.final(key)
        if target is not None:
            votes[target]["person"] += 1
            continue
        if alias_target := _alias(aliases, kind, key):
            key, surface = alias_target
        if aliases is not None and aliases.is_hidden(kind, key):
            continue
        votes[key][kind] += 1
        if surface is not None:  # None: a shorter name linked to this one
            surfaces[key][surface] += 1
    entities = [
        entity
        for key, kinds in votes.items()
        if (entity := _entity(key, kinds, surfaces.get(key), people, found)) is not None
    ]
    entities.sort(key=lambda e: (-e.mentions, e.key))
    return tuple(entities)


def as_states_then(
    entities: tuple[Entity, ...], published: date | None
) -> tuple[Entity, ...]:
    """``entities`` with each country named by its present name in a story older than
    its present form as the state it then was: "Germany" in a 1987 story is West
    Germany, the place a reader of 1987 news filters by, as a 1987 Bonn dateline is
    (:func:`search.names.places.state_then`). Merged with the article's own mentions
    of that state as the corpus merges names (:func:`apply_resolution`)."""
    gazetteer = load_gazetteer()
    mapping: dict[EntityRef, EntityRef] = {}
    names: dict[EntityRef, str] = {}
    for e in entities:
        name = gazetteer.canonical(e.key) if e.type == "place" else None
        then = state_then(name, published) if name else None
        if then:
            target = ("place", name_key(then, "place"))
            mapping[(e.type, e.key)] = target
            names[target] = then
    return apply_resolution(entities, mapping, names) if mapping else entities


@dataclass(slots=True)
class _Mentions:
    """The mentions of one article, cleaned and keyed: (kind, surface, key) each, the keys
    seen right after "Mr", "President"..., and the keys other labels voted for."""

    cleaned: list[tuple[str, str | None, str]]
    cued: set[str]
    others: Counter[str]

    @classmethod
    def of(cls, mentions: Iterable[Mention], owners: Mapping[int, str]) -> _Mentions:
        gazetteer = load_gazetteer()
        found = cls([], set(), Counter())
        inferred: set[int] = set()  # indexes of bodies given their owner's name
        bodies: dict[str, str] = {}  # body given its owner's name -> as written
        expansions: dict[str, str] = {}  # acronym key -> organisation key
        not_orgs: set[str] = set()  # acronyms of events and laws of the article
        last_org = (-1, "", "")  # (end, key, text) of the last organisation's mention
        for m in mentions:
            if m.label in OTHER_LABELS:
                found.others[name_key(clean_surface(m.text, "org"), "org")] += 1
                continue
            kind = LABEL_TYPES.get(m.label)
            if kind is None:
                continue
            cleaned = clean_mention(m, kind, gazetteer)
            if cleaned is None:
                if kind == "org":
                    not_orgs |= event_acronyms(m.text)
                continue
            kind, surface, key, titled, acronym = cleaned
            if kind == "org":
                # "Japanese Finance Ministry" and the Tokyo story's "Finance
                # Ministry": one key, "japan finance ministry".
                owned = owner_folded(key)
                if owned != key:
                    key = owned
                elif m.start in owners and is_generic_body(key):
                    key, unowned = owned_key(owners[m.start], key), key
                    bodies[key] = unowned
                    surface = owned_name(owners[m.start], surface)
                    inferred.add(len(found.cleaned))
            found.cleaned.append((kind, surface, key))
            if titled:
                found.cued.add(key)
            if acronym:  # "World Health Organization (WHO)"
                expansions[normalise_text(acronym)] = key
            if kind == "org":
                if (
                    m.prev == "("
                    and m.start == last_org[0] + 2
                    and looks_like_acronym(surface)
                    and key not in acronyms(last_org[2].rpartition(" of ")[2])
                ):
                    # "Kurdistan Workers' Party" | "(" | "PKK" | ")": the article
                    # defines the acronym, whatever language its initials are of;
                    # not a place's after "of" ("Parliament of New South Wales (NSW)").
                    expansions[key] = last_org[1]
                last_org = (m.start + len(m.text), key, m.text)
        # An owner's name added to a body is a way to display it where the article
        # writes no form of its own ("Japan Finance Ministry"), not a written form.
        written = {
            key
            for i, (kind, _s, key) in enumerate(found.cleaned)
            if kind == "org" and i not in inferred
        }
        found.cleaned = [
            (kind, None, key) if i in inferred and key in written else (kind, s, key)
            for i, (kind, s, key) in enumerate(found.cleaned)
        ]
        for kind, form, key in found.cleaned:
            if kind == "org" and " " in key:
                # The written form's too: "Reserve Bank of India" (RBI) is keyed
                # "india reserve bank"; not one with abbreviations ("U.S. Negotiators"
                # is no "U.N").
                written_as = form if form and "." not in form else key
                for short in acronyms(key) | acronyms(written_as):
                    expansions.setdefault(short, key)
        found.cleaned = without_split_legal_forms(found.cleaned)
        # "CES" after "Consumer Electronics Show (CES)": the event, no organisation.
        found.cleaned = [
            (kind, surface, key)
            for kind, surface, key in found.cleaned
            if not (
                kind == "org"
                and key in not_orgs
                and surface is not None
                and looks_like_acronym(surface)
            )
        ]
        # "GM" after "General Motors" in the same article: one organisation.
        found.cleaned = [
            (kind, surface, expansions[key])
            if kind == "org"
            and key in expansions
            and surface is not None
            and looks_like_acronym(surface)
            else (kind, surface, key)
            for kind, surface, key in found.cleaned
        ]
        found.cleaned = with_short_names_linked(found.cleaned, bodies, gazetteer)
        return found


def _entity(
    key: str,
    kinds: Counter[str],
    forms: Counter[str] | None,
    people: People,
    found: _Mentions,
) -> Entity | None:
    """The entity of one key from its votes, or None when the votes say it is not one.

    A full name carries its surface forms; linked surnames only add mentions.
    """
    if key in people.full and people.link(key) is None:
        kind = "person"
    else:
        kind = max(kinds.items(), key=lambda kv: (kv[1], kv[0] == "person"))[0]
    if found.others[key] >= sum(kinds.values()) and key not in found.cued:
        return None  # mostly a building, work, product or nationality in this article
    if kind == "person" and " " not in key and key not in found.cued:
        # A lone word tagged PERSON with no full name and no "Mr"/"President" before it
        # is, in news, far more often a club, band, company or town than a person: the
        # other label the model gave it stands ("Colorocs Corp" once, "Colorocs" twice
        # tagged PERSON), a place only where the gazetteer knows one ("Samos", not
        # "Linux" tagged GPE once), else it is no one.
        others = {
            k: n
            for k, n in kinds.items()
            if (
                k == "org"
                and (
                    n >= kinds["person"] or any(map(names_an_organisation, forms or ()))
                )
            )
            or (k == "place" and load_gazetteer().is_place(key))
        }
        if not others:
            return None
        kind = max(others.items(), key=lambda kv: kv[1])[0]
    unsupported = kind == "person" and _unsupported_name(
        key, kinds, forms, people, found
    )
    by_words = unsupported and _named_like_a_person(key, kinds, forms, found)
    if unsupported and not by_words:
        others = {k: n for k, n in kinds.items() if k != "person"}
        if not others:
            return None
        # "Black Sabbath" twice as a person, "Black Sabbath's" once as an organisation:
        # the name is no one's, and the other label the model gave it stands.
        kind = max(others.items(), key=lambda kv: kv[1])[0]
    forms = forms or Counter({key: 1})
    # Display: the most frequent full (longest-on-tie) form used in this article.
    name = max(forms.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
    entity = Entity(kind, key, name, sum(kinds.values()), tuple(sorted(forms.items())))
    return entity.with_cues({NAMED_BY_WORDS: 1}) if by_words else entity


def _unsupported_name(
    key: str,
    kinds: Counter[str],
    forms: Counter[str] | None,
    people: People,
    found: _Mentions,
) -> bool:
    """A "person" no title, shorter name or given name supports: no title before it,
    never called by the surname alone, and a first word that is nobody's given name
    ("Iron Maiden", "Snow Patrol", "Narendra Modi"). Real people are introduced with a
    title or a given name and then called by their surname; the rest may still be
    named like a person (:func:`_named_like_a_person`)."""
    # Called by a shorter name: more person votes than the full name's own mentions
    # (another label's votes are no support: "Black Sabbath's" tagged ORG).
    if key in found.cued or kinds["person"] > people.full.get(key, 0):
        return False
    first = min(forms or {key: 1}, key=len).split()[0]
    return not load_given_names().is_given_name(first)


def _named_like_a_person(
    key: str, kinds: Counter[str], forms: Counter[str] | None, found: _Mentions
) -> bool:
    """Words that may all be a person's, none an English word (:func:`may_be_given_name`:
    "Narendra Modi", "Bukayo Saka"), where the model called the name a person's in every
    mention: not a firm or a place it also called so ("Norsk Hydro", "Buenos Aires"),
    nor a name ending in a legal form or a town's ("Noland Co", "Borussia Dortmund").
    Weak evidence: such a person carries :data:`NAMED_BY_WORDS`, which an organisation
    or a place of the same key elsewhere in the index outweighs."""
    words = min(forms or {key: 1}, key=len).split()
    gazetteer = load_gazetteer()
    return not (
        len(words) < 2  # "Neo-Nazi", "Blu-ray": one word
        or kinds["person"] < sum(kinds.values())
        or found.others[key] > 0
        or any(map(names_an_organisation, forms or (key,)))
        or words[-1].lower().rstrip(".") in ORG_SUFFIXES
        or gazetteer.is_place(key)
        or gazetteer.is_place(normalise_text(words[-1]))
        or not all(map(may_be_given_name, words))
    )


def _alias(aliases: Any, kind: str, key: str) -> tuple[str, str] | None:
    if aliases is None:
        return None
    result: tuple[str, str] | None = aliases.lookup(kind, key)
    return result
