"""Named entities: spaCy NER mentions resolved to one canonical entity per real-world name.

The pipeline for one article:

1. spaCy gives PERSON / ORG / GPE / LOC spans (``load_nlp`` keeps only the ``ner`` pipe,
   which finds the same entities as the full pipeline in a fraction of the time).
2. ``clean_surface`` drops what is not part of the name: titles and honorifics ("Mr",
   "Secretary of State"), possessives ("Lee's"), quotes and punctuation.
3. ``is_junk`` rejects the classes of mistakes the small model makes on news: lower-case
   starts, digits in names, sentence fragments, country-code compounds ("US-South Korea").
4. ``name_key`` folds case, accents, hyphens, middle initials and corporate suffixes, so
   "Kim Jong-un" and "Kim Jong Un", "Stephen E. Biegun" and "Stephen Biegun" share a key.
5. ``resolve_article`` links single-word mentions ("Biegun", "Mr Kim"), whatever label
   spaCy gave them, to the full name used in the same article, and votes each key's type.

Across articles nothing is merged on a surname alone; only equal keys (a full name ties
them) or the aliases file merge entities. The display name of a key is chosen later, over
the whole corpus, by :meth:`search.store.IndexState.display_names`.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import ModelNotFoundError
from ..models import Entity
from ..names import HYPHENS, clean_surface, name_key, normalise_text
from ..names.given import load_given_names
from ..names.orgs import (
    acronyms,
    is_generic_body,
    looks_like_acronym,
    org_basename,
    owned_key,
    owned_name,
    owner_folded,
)
from ..names.places import Gazetteer, load_gazetteer
from ..names.spans import (
    is_foreign_script,
    is_wire_junk,
    names_a_thing,
    names_an_event,
    names_an_organisation,
    repair_span,
)
from ..names.words import (
    ORG_CONNECTIVES,
    ORG_HEADS,
    PARTICLES,
    PERSON_CUES,
    STOP_NAMES,
    TITLES,
)

log = logging.getLogger(__name__)

#: Bump when the rules that turn cached NER mentions into entities change: the next
#: ``reindex`` re-resolves every article from the extraction cache (no model run).
RESOLVER_VERSION = "22"

LABEL_TYPES = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place"}
#: Labels never shown as facets but counted as votes against a name being a person, place
#: or organisation ("Hagia Sophia" tagged FAC twice and PERSON once is not a person).
OTHER_LABELS = {"FAC", "WORK_OF_ART", "PRODUCT", "EVENT", "NORP", "LAW", "LANGUAGE"}
NER_LABELS = set(LABEL_TYPES) | OTHER_LABELS | {"DATE"}

#: The ``prev`` of a mention read from a list of people (a team line-up, see
#: ``lineups.with_listed_names``): as sure a cue that a lone surname is a person as a
#: "Mr" before it.
LISTED = "(list)"
#: The ``prev`` of a mention that an apposition says is a person's ("KK Mittal, a fund
#: manager"; see ``framing``): a cue as sure as a title.
APPOSED = "(apposition)"
MAX_WORDS = {"person": 5, "org": 9, "place": 6}
#: Head words of organisation names that the same article also leaves off ("Labour
#: Party" and "Labour", "Sears Savings Bank" and "Sears Savings").
LINKED_HEADS = ORG_HEADS | {"bank", "group", "party", "union"}
MAX_CHARS = 70


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


@dataclass(frozen=True, slots=True)
class Mention:
    """One NER span: spaCy label, text as written, character offset, the word before it."""

    label: str
    text: str
    start: int
    prev: str = ""


def mentions_from_doc(doc: Any) -> list[Mention]:
    """The spans of a spaCy ``Doc`` we care about, as plain data (picklable, cacheable)."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in NER_LABELS:
            continue
        prev = doc[ent.start - 1].lower_.rstrip(".") if ent.start > 0 else ""
        out.append(Mention(ent.label_, ent.text, ent.start_char, prev))
    return out


def is_junk(name: str, kind: str) -> bool:
    """True for spans that are certainly not a name of this kind (measured on news)."""
    if not name or len(name) > MAX_CHARS or len(name) < 2:
        return True
    if not (name[0].isupper() or name[0].isdigit() and kind == "org"):
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
            w[0].islower() and w.lower() not in PARTICLES | {"of", "and", "the"}
            for w in words
        ):
            return True
    else:
        # Organisation names are capitalised but for connectives ("Bank of England");
        # "U.S. banks" or "Chelsea v West Ham" are phrases, not names.
        if any(w[0].islower() and w not in ORG_CONNECTIVES for w in words):
            return True
        if all(c.isdigit() or not c.isalnum() for c in name):
            return True
    return False


def _is_demonym_plural(key: str, gazetteer: Gazetteer) -> bool:
    """ "Canadas", "Newfoundlanders", "Scots" tagged ORG: people of a place, no body."""
    if " " in key or not key.endswith("s"):
        return False
    stems = {key[:-1], key[:-3], key[:-4]}  # "canadas", "newfoundlanders", "texans"
    return any(
        len(s) > 3 and (gazetteer.canonical(s) or gazetteer.canonical(s + "land"))
        for s in stems
    )  # "Scots", "Finns": Scotland's, Finland's


def _a_club_of_a_town(name: str, gazetteer: Gazetteer) -> bool:
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


def _two_places(name: str, gazetteer: Gazetteer) -> bool:
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


def _event_acronyms(text: str) -> set[str]:
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


def _clean_mention(
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
    if kind == "org" and (names_an_event(text) or names_a_thing(text)):
        return None  # "Academy Awards", "National Emergencies Act": not organisations
    titled = not organisation and (
        m.prev in PERSON_CUES
        or m.prev in (LISTED, APPOSED)
        or any(w.lower().rstrip(".") in PERSON_CUES for w in text.split()[:-1])
    )
    if titled and len(clean_surface(text, "person").split()) == 1:
        kind = "person"  # "Mr Biegun" is a person whatever label spaCy gave it
    surface = clean_surface(text, kind)
    if not titled:
        canonical = gazetteer.canonical(normalise_text(surface))
        if canonical:
            kind, surface = "place", canonical
    if kind == "place" and _a_club_of_a_town(surface, gazetteer):
        kind = "org"
    if is_junk(surface, kind) or is_wire_junk(surface):
        return None
    if kind == "place" and surface.isupper() and len(surface) <= 3:
        return None  # "BT", "BB": a company or a credit rating, not a place it knows
    if kind == "org" and _is_demonym_plural(normalise_text(surface), gazetteer):
        return None
    if kind == "org" and _two_places(surface, gazetteer):
        return None
    if kind == "org" and re.fullmatch(r"[A-Z]{2,4}s", surface):
        if surface[:-1].lower() in TITLES:
            return None  # "MPs", "MEPs": people who hold a post, not a body
    if kind == "org":
        base = org_basename(surface)
        if not base:  # "Co", "Corp": a legal form alone
            return None
        key = name_key(base, kind)
    else:
        key = name_key(surface, kind)
    if not key:
        return None
    return kind, surface, key, titled, repaired.acronym


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
    people = _People(
        Counter(
            k
            for kind, _s, k in found.cleaned
            if kind == "person" and len(k.split()) >= 2
        )
    )
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
        expansions: dict[str, str] = {}  # acronym key -> organisation key
        not_orgs: set[str] = set()  # acronyms of events and laws of the article
        for m in mentions:
            if m.label in OTHER_LABELS:
                found.others[name_key(clean_surface(m.text, "org"), "org")] += 1
                continue
            kind = LABEL_TYPES.get(m.label)
            if kind is None:
                continue
            cleaned = _clean_mention(m, kind, gazetteer)
            if cleaned is None:
                if kind == "org":
                    not_orgs |= _event_acronyms(m.text)
                continue
            kind, surface, key, titled, acronym = cleaned
            if kind == "org":
                # "Japanese Finance Ministry" and the Tokyo story's "Finance
                # Ministry": one key, "japan finance ministry".
                owned = owner_folded(key)
                if owned != key:
                    key = owned
                elif m.start in owners and is_generic_body(key):
                    key = owned_key(owners[m.start], key)
                    surface = owned_name(owners[m.start], surface)
                    inferred.add(len(found.cleaned))
            found.cleaned.append((kind, surface, key))
            if titled:
                found.cued.add(key)
            if acronym:  # "World Health Organization (WHO)"
                expansions[normalise_text(acronym)] = key
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
        for kind, _surface, key in found.cleaned:
            if kind == "org" and " " in key:
                for short in acronyms(key):
                    expansions.setdefault(short, key)
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
        # "Labour" or "Thai Raksa Chart" beside "Labour Party" or "Thai Raksa Chart
        # Party": the name without its head word, one organisation.
        orgs = {key for kind, _surface, key in found.cleaned if kind == "org"}
        headless = {
            key[: -len(head) - 1]: key
            for key in orgs
            if (head := key.rsplit(" ", 1)[-1]) in LINKED_HEADS and " " in key
        }
        # "Community" beside "European Community", "Agriculture Department" beside
        # "U.S. Agriculture Department": the end of the one longer name that ends so.
        # Not "Fulham" in "Derby-Fulham": what comes before the end must not be a name
        # of its own in the article, unless it is the country ("U.S.").
        named = {key for _kind, _surface, key in found.cleaned}
        longer: dict[str, set[str]] = defaultdict(set)
        for key in orgs:
            words = key.split()
            for i in range(1, len(words)):
                head = " ".join(words[:i])
                if head in named and not gazetteer.canonical(head):
                    continue
                longer[" ".join(words[i:])].add(key)
        tails = {
            key: next(iter(longer[key]))
            for key in orgs
            if len(longer.get(key, ())) == 1 and key not in headless
        }
        # Linked, a shorter name adds a mention, not a written form: "Solidarity Party"
        # is a way to refer to the American Solidarity Party, not to display it (and a
        # filter by the name displayed must find its key).
        relinked = {**headless, **tails}
        found.cleaned = [
            (kind, None, relinked[key])
            if kind == "org" and key in relinked and relinked[key] != key
            else (kind, surface, key)
            for kind, surface, key in found.cleaned
        ]
        return found


@dataclass(slots=True)
class _People:
    """The full person names of one article (key -> mentions), and what shorter names
    link to them."""

    full: Counter[str]

    def link(self, key: str) -> str | None:
        """The full name ``key`` is part of, the most mentioned if several."""
        if not self.full:
            return None
        if " " in key:
            # "Bresser Pereira" / "De Benedetti" -> the longer name they end.
            tokens = key.split()
            # "Anthony Meyer" / "Anthony John Charles Meyer": first and last words.
            longer = [
                p
                for p in self.full
                if len(p.split()) > len(tokens)
                and (
                    p.split()[-len(tokens) :] == tokens
                    or (len(tokens) >= 2 and p.split()[0] == tokens[0])
                    and p.split()[-1] == tokens[-1]
                )
            ]
            return max(longer, key=lambda p: self.full[p]) if longer else None
        last = [p for p in self.full if p.split()[-1] == key]
        first = [p for p in self.full if p.split()[0] == key]
        # "Vázquez" for "Wanda Vázquez Garced": a Spanish name's first surname.
        middle = [p for p in self.full if len(p.split()) == 3 and p.split()[1] == key]
        for group in (last, first, middle):
            if group:
                return max(group, key=lambda p: self.full[p])
        return None

    def final(self, key: str) -> str | None:
        """The full name ``key`` links to, through a shorter full name if need be
        ("Meyer" -> "Anthony Meyer" -> "Anthony John Charles Meyer")."""
        target = self.link(key)
        seen = {key}
        while target is not None and target not in seen:
            seen.add(target)
            further = self.link(target)
            if further is None:
                break
            target = further
        return target


def _entity(
    key: str,
    kinds: Counter[str],
    forms: Counter[str] | None,
    people: _People,
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
        # is, in news, far more often a club, band, company or town than a person.
        return None
    if kind == "person" and _unsupported_name(key, kinds, forms, people, found):
        return None
    forms = forms or Counter({key: 1})
    # Display: the most frequent full (longest-on-tie) form used in this article.
    name = max(forms.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
    return Entity(kind, key, name, sum(kinds.values()), tuple(sorted(forms.items())))


def _unsupported_name(
    key: str,
    kinds: Counter[str],
    forms: Counter[str] | None,
    people: _People,
    found: _Mentions,
) -> bool:
    """A "person" nothing supports: no title before it, never called by the surname
    alone, and a first word that is nobody's given name ("Iron Maiden", "Snow Patrol",
    "Aston Villa"). Real people are introduced with a title or a given name and then
    called by their surname."""
    if key in found.cued or sum(kinds.values()) > people.full.get(key, 0):
        return False
    first = min(forms or {key: 1}, key=len).split()[0]
    return not load_given_names().is_given_name(first)


def _alias(aliases: Any, kind: str, key: str) -> tuple[str, str] | None:
    if aliases is None:
        return None
    result: tuple[str, str] | None = aliases.lookup(kind, key)
    return result
