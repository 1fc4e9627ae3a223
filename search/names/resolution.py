"""Corpus-level entity resolution: what the whole index says a name stands for.

One article alone cannot know that "Reagan" is Ronald Reagan, that "GM" is General
Motors, or that "Manchester United", once tagged PERSON, is a club the rest of the
archive calls an organisation. The index can: :func:`resolve_corpus` takes how often each
(type, key) occurs across the index and returns the entities to re-type or merge:

- **type votes**: a key that is mostly an organisation or place across the index is not a
  person (a country or US state never is);
- **grounds and titles**: an organisation the archive writes after "at" in match
  reports or with a capital "The" inside sentences is a ground or a work, no entity
  (:func:`search.names.framed.framed_not_orgs`);
- **surnames**: a one-word person key links to the one full name that ends with it, or
  to the full name that holds at least :data:`~search.names.counts.DOMINANCE` of such
  mentions (:mod:`search.names.surnames`); left alone
  when two people share it (Ronald and Nancy Reagan in equal measure);
- **second surnames**: a two-word person key links to the one three-word name it
  starts ("Leon Febres" of "Leon Febres Cordero");
- **surnames in context**: where two people share a surname, a bare "Johnson" in one
  article is the Johnson the articles of the same source around its date name
  (:func:`search.names.context.surnames_in_context`: Boris Johnson in London news of
  July 2019, another Johnson elsewhere), a per-article reading;
- **acronyms**: an organisation written as capitals ("IBM") links to the one organisation
  whose initials it is ("International Business Machines");
- **plurals**: "Lib Dem" and "Lib Dems" are one organisation;
- **clipped words**: "Lib Dems" and "Liberal Democrats", each word of one the start of
  the other's, are one organisation when no other name fits;
- **short names**: a one-word organisation ("Ford", "Moody") links to the one longer
  one it starts ("Ford Motor"; not a league: "Celtic" is no "Celtic League") or ends
  ("Commons"), a longer one to the one that qualifies it ("Bankruptcy Court": "United
  States Bankruptcy Court"), a chamber to the one it is of ("U.S. House"), but not a
  body every country has ("Finance Ministry") to one country's: the archive's counts
  are no evidence of whose (an article's own is read in :mod:`search.extract.owners`).

The result is a plain mapping, computed by the writer from counts it keeps incrementally
(``search.store``) and applied to each article's own entities.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from ..models import Entity
from .counts import (
    NAMED_BY_WORDS,
    SHORTENED,
    EntityRef,
    KeyCount,
    acronyms_of,
    dominant,
)
from .framed import framed_not_orgs
from .orgs import is_generic_body
from .surnames import second_surnames, surnames
from .words import LEAGUE_WORDS

#: The share of a short name's articles its longer name must have to absorb it, and of
#: an acronym's for its expansion (acronyms are written far more often than spelt out).
SHORT_NAME_SHARE = 0.25
ACRONYM_SHARE = 0.3
#: Words before a name that make a longer name of the same organisation ("United
#: States Supreme Court", "House of Commons").
MAX_QUALIFIER_WORDS = 2
#: Chambers named by what they are of ("House of Representatives", "House of Commons"),
#: which news shortens to the chamber ("the U.S. House"). Other bodies "of" something
#: are not shortened so: "Export-Import Bank" is not the one "of Japan".
CHAMBERS = frozenset({"house"})
#: Last words that make a longer name of the same organisation ("Federal Reserve Board").
GENERIC_LAST_WORDS = frozenset({"board", "group"})
#: Letters a clipped word keeps at least ("Lib" for "Liberal", "Dem" for "Democrat").
MIN_CLIPPED = 3
#: A clipped word keeps at most this share of the word: "Dem" of "Democrat", not
#: "Democrat" of "Democratic" ("Democrat Party" and "Democratic Party" are two parties)
#: nor "Data" of "Datarex".
CLIPPED_SHARE = 0.5
#: Articles each of the two names must be in: a name seen once is as often a
#: different firm whose name starts the same ("Newsweek International", "News
#: International") as a clipped one.
CLIPPED_ARTICLES = 2
#: Share of a key's mentions below which the person type loses to the others.
PERSON_MINORITY = 1 / 3
#: The type a key is mapped to when the archive says it is no entity (a ground, a
#: work): :func:`apply_resolution` leaves it out.
NO_ENTITY = ""


def resolve_corpus(
    counts: Mapping[EntityRef, KeyCount],
    places: Iterable[str] = (),
    cities: Iterable[str] = (),
) -> dict[EntityRef, EntityRef]:
    """(type, key) -> the (type, key) it stands for, for every entity that moves.

    :param places: keys of countries and states (a gazetteer's), never a person.
    :param cities: keys of towns and cities, which stay places even where a club of
        the same name is mentioned more ("Liverpool").
    """
    place_keys = set(places)
    mapping = _type_votes(counts, place_keys, set(cities))

    def live(kind: str) -> dict[str, KeyCount]:
        return {
            key: c
            for (k, key), c in counts.items()
            if k == kind and (kind, key) not in mapping
        }

    mapping.update(
        {("org", key): (NO_ENTITY, key) for key in framed_not_orgs(live("org"))}
    )
    mapping.update(surnames(live("person")))
    mapping.update(second_surnames(live("person")))
    mapping.update(_plurals(live("org")))
    mapping.update(_clipped(live("org")))
    mapping.update(_short_names(live("org"), place_keys))
    return _follow(mapping)


def _plurals(orgs: Mapping[str, KeyCount]) -> dict[EntityRef, EntityRef]:
    """ "Lib Dem" and "Lib Dems": a name of two words or more and the same name with a
    plural last word are one organisation, under the more written of the two."""
    mapping: dict[EntityRef, EntityRef] = {}
    for key, count in orgs.items():
        single = key[:-1]
        if " " in key and key.endswith("s") and single in orgs:
            if count.articles >= orgs[single].articles:
                mapping[("org", single)] = ("org", key)
            else:
                mapping[("org", key)] = ("org", single)
    return mapping


def _clipped(orgs: Mapping[str, KeyCount]) -> dict[EntityRef, EntityRef]:
    """ "Lib Dems" and "Liberal Democrat": a name of two words or more whose every word
    starts the same word of the one other name that fits (at least three letters of a
    clipped word; singular and plural alike) is that organisation, under the name with
    more articles, when each is in :data:`CLIPPED_ARTICLES` articles or more. Two
    longer names that fit ("Lib Dems": "Liberal Democrats", "Libyan Democrats") link
    neither."""
    by_stems: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key in orgs:
        words = key.split()
        if (
            len(words) >= 2
            and all(len(w) >= MIN_CLIPPED for w in words)
            and orgs[key].articles >= CLIPPED_ARTICLES
        ):
            by_stems[tuple(w[:MIN_CLIPPED] for w in words)].append(key)
    mapping: dict[EntityRef, EntityRef] = {}
    for keys in by_stems.values():
        for short in keys:
            fits = [long for long in keys if long != short and _clips(short, long)]
            if len(fits) != 1:
                continue
            long = fits[0]
            if orgs[short].articles > orgs[long].articles:
                mapping[("org", long)] = ("org", short)
            else:
                mapping[("org", short)] = ("org", long)
    return mapping


def _clips(short: str, long: str) -> bool:
    """Each word of ``short`` starts the same word of ``long``, one at least cut to
    :data:`CLIPPED_SHARE` of it or less."""
    words, longer = short.split(), long.split()
    if len(words) != len(longer):
        return False
    stems = [
        (a.removesuffix("s"), b.removesuffix("s"))
        for a, b in zip(words, longer, strict=True)
    ]
    cut = [(a, b) for a, b in stems if a != b]
    return (
        all(b.startswith(a) for a, b in stems)
        and bool(cut)
        and all(len(a) <= CLIPPED_SHARE * len(b) for a, b in cut)
    )


def _type_votes(
    counts: Mapping[EntityRef, KeyCount], places: set[str], cities: set[str]
) -> dict[EntityRef, EntityRef]:
    """Keys moved to the type most of their mentions have across the index."""
    mapping: dict[EntityRef, EntityRef] = {}
    by_key: dict[str, dict[str, KeyCount]] = defaultdict(dict)
    for (kind, key), count in counts.items():
        by_key[key][kind] = count
    for key, kinds in by_key.items():
        known = key in places or key in cities
        if "place" in kinds and "org" in kinds and not known:
            # "BT", "Gazprom", "Manchester City" once tagged as places
            if kinds["place"].mentions < kinds["org"].mentions:
                mapping[("place", key)] = ("org", key)
        if "person" not in kinds:
            continue
        if key in places:
            mapping[("person", key)] = ("place", key)
            continue
        others = {k: c.mentions for k, c in kinds.items() if k != "person"}
        total = sum(c.mentions for c in kinds.values())
        person = kinds["person"]
        # A person only named like one in each of its articles ("Norsk Hydro", five
        # times) yields to the organisation or place the key is elsewhere.
        weak = person.cue(NAMED_BY_WORDS) >= person.articles
        if others and (weak or person.mentions < PERSON_MINORITY * total):
            mapping[("person", key)] = (max(others, key=lambda k: others[k]), key)
    return mapping


def _short_names(
    orgs: Mapping[str, KeyCount], places: set[str]
) -> dict[EntityRef, EntityRef]:
    """Acronyms and short names of organisations linked to the one longer name."""
    by_acronym: dict[str, list[str]] = defaultdict(list)
    by_first: dict[str, list[str]] = defaultdict(list)
    by_last: dict[str, list[str]] = defaultdict(list)
    by_chamber: dict[str, list[str]] = defaultdict(list)
    for key in orgs:
        words = key.split()
        # "u s house" <- "u s house of representatives"
        head, of, _what = key.partition(" of ")
        if of and " " in head and head.split()[-1] in CHAMBERS:
            by_chamber[head].append(key)
        if len(words) >= 2:
            for short in acronyms_of(key, orgs[key]):
                by_acronym[short].append(key)
            # Not "celtic league" <- "celtic": a club or a sponsor starts the name
            # of a league it plays in, and a league is not called by its first word.
            if words[-1] not in LEAGUE_WORDS:
                by_first[words[0]].append(key)
            if words[0].endswith("s"):  # "moodys investors service" <- "moody"
                by_first[words[0][:-1]].append(key)
            # "federal reserve" <- "federal reserve board": one more, generic, word
            # ("european community" is not its "commission")
            if words[-1] in GENERIC_LAST_WORDS:
                by_first[" ".join(words[:-1])].append(key)
            # "commons" <- "house of commons", "supreme court" <- "united states
            # supreme court": the name without what goes before it.
            for cut in range(1, min(MAX_QUALIFIER_WORDS, len(words) - 1) + 1):
                tail = " ".join(words[cut:])
                # One word after a country is a phrase ("U.S. Dollar"), not its name.
                if " " in tail or " ".join(words[:cut]) not in places:
                    by_last[tail].append(key)
    mapping: dict[EntityRef, EntityRef] = {}
    for key, count in orgs.items():
        if key in places or is_generic_body(key):
            continue
        if " " in key:
            n = len(key.split()) + 1
            candidates = [c for c in by_first.get(key, []) if len(c.split()) == n]
            candidates += by_last.get(key, []) + by_chamber.get(key, [])
        elif count.acronym:
            candidates = by_acronym.get(key, [])
            # An expansion some article wrote the acronym beside is the evidence.
            attested = [c for c in candidates if key in orgs[c].short_forms]
            if attested:
                target = dominant(attested, orgs)
                if target:
                    mapping[("org", key)] = ("org", target)
                continue
        else:
            # The end of a longer name only when that name is written as often: not
            # "Leicester" the clubs for "BBC Radio Leicester".
            candidates = by_first.get(key, []) + [
                c for c in by_last.get(key, []) if orgs[c].articles >= count.articles
            ]
        # A target must carry weight of its own: "Securities and Exchange Commission"
        # (661 articles) is not a span seen once that happens to extend it, and "UP"
        # in price tables is not the one firm with those initials.
        share = ACRONYM_SHARE if count.acronym and " " not in key else SHORT_NAME_SHARE
        weighty = [
            c
            for c in candidates
            if c != key and orgs[c].articles >= max(2, share * count.articles)
        ]
        target = dominant(weighty, orgs)
        # A word alone is the longer name it starts only where some article shortens
        # the name so ("Labour" of "Labour Party"; not "Digital" of "Digital Rights
        # Management", which no article calls "Digital"), whichever names the word
        # starts ("World" is none of "World Bank", "World Trade Center").
        if target and (
            " " in key
            or count.acronym
            or orgs[target].cue(SHORTENED)
            or target not in by_first.get(key, [])
        ):
            mapping[("org", key)] = ("org", target)
    return mapping


def _follow(mapping: dict[EntityRef, EntityRef]) -> dict[EntityRef, EntityRef]:
    """Each entry pointed at its final target (a re-typed key that then links on)."""
    out = {}
    for source, target in mapping.items():
        seen = {source}
        while target in mapping and target not in seen:
            seen.add(target)
            target = mapping[target]
        if target != source:
            out[source] = target
    return out


def apply_resolution(
    entities: Iterable[Entity],
    mapping: Mapping[EntityRef, EntityRef],
    names: Mapping[EntityRef, str] | None = None,
) -> tuple[Entity, ...]:
    """An article's own entities as the corpus reads them: moved, merged, left out
    (mapped to :data:`NO_ENTITY`), most mentioned first.

    A merged entity keeps the written forms of the members that already had its key
    ("Reagan" is a mention of Ronald Reagan, not a way to display him); its name is that
    member's, else ``names`` (the corpus's display name), else the key title-cased.
    """
    groups: dict[EntityRef, list[Entity]] = defaultdict(list)
    for entity in entities:
        ref = (entity.type, entity.key)
        target = mapping.get(ref, ref)
        if target[0] != NO_ENTITY:
            groups[target].append(entity)
    out = []
    for (kind, key), members in groups.items():
        if len(members) == 1 and (members[0].type, members[0].key) == (kind, key):
            out.append(members[0])
            continue
        own = [m for m in members if m.key == key]
        forms: Counter[str] = Counter()
        for member in own:
            forms.update(dict(member.forms))
        if own:
            name = max(own, key=lambda m: m.mentions).name
        else:
            name = (names or {}).get((kind, key)) or key.title()
        out.append(
            Entity(
                kind,
                key,
                name,
                sum(m.mentions for m in members),
                tuple(sorted(forms.items())),
            )
        )
    out.sort(key=lambda e: (-e.mentions, e.key))
    return tuple(out)
