"""Whose a body is: "the Finance Ministry" of a wire story given its country on evidence.

Every country has a finance ministry, a central bank, a coast guard; news names them
without saying whose once the story has said it ("TOKYO, March 3 - The Finance Ministry
said ..."). As a facet value across an archive "Finance Ministry" mixes every country's.
A body is given its country only on strong evidence, for a wrong owner is worse than a
short name (git f88f564: the country an article names most is no evidence):

1. an owner the article writes for the same body ("Japan's Finance Ministry", "the
   Japanese Finance Ministry"; later "the Finance Ministry" is the same), when it
   writes one country for it; the mention written right after the country's name or
   adjective is that country's whatever else the article names ("U.S." | "District
   Court", split by the model), but not one after a town ("Tokyo District Court"), and
   so is one written right before " of (the)" and the country ("the Supreme Court" |
   "of the" | "United States"), but not before a state's name ("the Supreme Court of
   Texas", which keeps the short name, and the bare ones too, as in 2); and a US
   federal court named by its circuit or district ("the Court of Appeals for the Third
   Circuit") is the US's;
2. else the dateline's country, for a body only a country has ("Finance Ministry",
   "Central Bank", not "District Court", which states have too) or its top court ("the
   Supreme Court", where the article names no state's: "the Texas Supreme Court"),
   when no other country is named in the article up to the end of the sentence that
   names the body (a London story on Kuwait's oil ministry is not Britain's), or when
   that sentence names no other and the story has named the dateline's country at
   least as often as any other up to it (a Tokyo story on US pressure: "The Finance
   Ministry has been particularly ..."; not a "Department", nor a ministry of a US
   story), or, in a US story, for a "Department" (the US government's word; most others' is
   "Ministry"): "WASHINGTON - ... Japan ... the Commerce Department said" is the US's;
3. else, with no dateline country, the one country the article names at all, every
   place and nationality in it being that country's (a story that names Moscow and
   Russia and no other country: "the Emergencies Ministry" is Russia's);
4. else, with no dateline at all, the one country its first sentence (or its title)
   names stands for a dateline's, as in 2 ("On Sunday, the state of emergency ...
   ended in Samoa. ... The Ministry of Health and the Ministry of Foreign Affairs were
   tasked": Samoa's; "Robert Mugabe, former president of Zimbabwe, has died ...
   hospitalized in Singapore ... according to the Ministry of Foreign Affairs": the
   body's sentence names another, no owner); an organisation whose name begins with a
   country's names it there too ("Wikinews interviews ..., U.S. Constitution Party
   presidential nominee": the US's "Supreme Court"). Two countries named there, or
   none, and the body keeps its short name.

Otherwise the short name stays. The owned body's key is the country's name and the
body's ("japan finance ministry", as "U.S. Agriculture Department" is keyed "united
states agriculture department"); a name the article writes with the country's adjective
("Japanese Finance Ministry") gets the same key and stays its display form.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from ..names import clean_surface, name_key, normalise_text
from ..names.bodies import TOP_COURTS
from ..names.orgs import is_generic_body, is_national_body, owned_body
from ..names.places import Gazetteer, load_gazetteer
from .mentions import Mention

#: Where a sentence ends: a full stop after a lower-case word, a digit or a closing
#: quote (not "U.S." before a name) and space before a capital, or a paragraph break.
_SENTENCE_END = re.compile(r"(?<=[a-z0-9\"”’)][.!?])\s+(?=[A-Z\"“])|\n+")
#: The US government's departments named "<portfolio> Department" ("Commerce
#: Department"); not "Foreign Affairs Department" (a Swiss body in a Florida story).
US_DEPARTMENTS = frozenset(
    "agriculture commerce defense defence energy interior justice labor "
    "transportation treasury".split()
)
#: Courts named by the US federal circuit or district they sit for; no other country
#: names its courts so ("the Court of Appeals for the Third Circuit", "the District
#: Court for the Southern District of New York").
_US_FEDERAL_COURTS = frozenset({"appeals court", "court of appeals", "district court"})
_US_CIRCUIT = re.compile(
    r"^,? for (?:the )?(?:(?:[A-Z][\w.]*|\d+\w*)(?: [A-Z][\w.]*){0,2} )?"
    r"(?:Circuit|District)\b"
)


class _Named(NamedTuple):
    """A place or nationality the article names, and its country."""

    start: int
    end: int
    country: str
    itself: bool  # the country's own name or adjective ("Japan", "Japanese"), no town


#: Between an owner and its body: "Japan's Finance Ministry", "Japanese Finance Ministry".
_ATTACHED = re.compile(r"^(?:['’]s)?\s+$")
#: Between a body and its owner: "the Supreme Court of the United States".
_OF_OWNER = re.compile(r"^,? of (?:the )?$")


def body_owners(
    text: str,
    mentions: Sequence[Mention],
    dateline: str | None = None,
    published: date | None = None,
) -> dict[int, str]:
    """The country of each body of ``mentions`` named without one, by the offset of its
    mention (module docstring): {start: "Japan"}. Empty where the evidence is not
    strong; mentions whose offsets do not fall on their text are left alone."""
    gazetteer = load_gazetteer()
    places = _countries_named(text, mentions, gazetteer)
    bodies: list[
        tuple[int, str]
    ] = []  # (start, body key) of bodies named without owner
    written: dict[str, set[str]] = {}  # body key -> countries the article writes for it
    other_courts: set[str] = set()  # top courts named with a state's name
    attached: dict[int, str] = {}  # start -> the country written right before the body
    for m in mentions:
        if m.label != "ORG" or text[m.start : m.start + len(m.text)] != m.text:
            continue
        key = name_key(clean_surface(m.text, "org"), "org")
        owned = owned_body(key, gazetteer)
        if owned is not None:
            written.setdefault(owned[1], set()).add(owned[0])
            continue
        if not is_generic_body(key):
            other_courts.update(
                c
                for c in TOP_COURTS
                if key.endswith(" " + c) or key.startswith(c + " of ")
            )
            continue
        before = next((p for p in reversed(places) if p.end <= m.start), None)
        if before is not None and _ATTACHED.match(text[before.end : m.start]):
            # "Japan's" + "Finance Ministry", "U.S." + "District Court": this mention
            # is the country's when the place names the country itself (not "Tokyo
            # District Court", a town's court), and the later bare ones may be.
            written.setdefault(key, set()).add(before.country)
            if before.itself:
                attached[m.start] = before.country
            continue
        end = m.start + len(m.text)
        after = next((p for p in places if p.start >= end), None)
        if after is not None and _OF_OWNER.match(text[end : after.start]):
            # "Supreme Court" + " of the " + "United States": the model cut the owner
            # off; a state's ("the Supreme Court of Texas") keeps the short name, and
            # the bare ones are not the dateline country's (as "the Texas Supreme Court")
            if after.itself:
                written.setdefault(key, set()).add(after.country)
                attached[m.start] = after.country
            elif key in TOP_COURTS:
                other_courts.add(key)
            continue
        if key in _US_FEDERAL_COURTS and _US_CIRCUIT.match(text[end:]):
            attached[m.start] = "United States"  # "... for the Third Circuit"
            continue
        bodies.append((m.start, key))
    if not bodies:
        return attached
    country = gazetteer.dateline_country(dateline, published) if dateline else None
    if country is None:
        country = _the_one_country(places)
    ends = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    if country is None and not dateline:
        # No dateline: the country the first sentence is in stands for one ("On
        # Sunday, the state of emergency ... ended in Samoa"); not where a dateline
        # names a town the gazetteer does not place ("PHILADELPHIA - ... a Cypriot
        # oil tanker ... a Coast Guard spokesman").
        # An organisation named with its country counts ("U.S. Constitution Party").
        first = [p for p in places if p.start < ends[0]]
        first += _countries_of_bodies(text, mentions, ends[0], gazetteer)
        country = _the_one_country(first)
    out = dict(attached)
    for start, key in bodies:
        end = next(e for e in ends if e > start)
        begin = max((e for e in ends if e <= start), default=0)
        named = {p.country for p in places if p.start < end}
        in_sentence = {p.country for p in places if begin <= p.start < end}
        times = Counter(p.country for p in places if p.start < end)
        owners = written.get(key, set())
        if len(owners) == 1:
            owner = next(iter(owners))
            if named <= owners:
                out[start] = owner
        elif (
            not owners
            and country
            and (is_national_body(key) or key in TOP_COURTS - other_courts)
            and (
                named <= {country}
                or _a_us_department(key, country)
                or _dateline_leads(key, country, in_sentence, times)
            )
        ):
            out[start] = country
    return out


def _dateline_leads(
    key: str, country: str, in_sentence: set[str], times: Counter[str]
) -> bool:
    """The dateline's country owns a ministry or a bank its story names without owner
    where the story has named that country at least as often as any other up to the
    body's sentence and the sentence names no other ("TOKYO - ... U.S. pressure ...
    Japan ... The Finance Ministry has been particularly"), a "department" excepted
    (an association's: "Foreign Department head at the Japan Non-life Insurance
    Association") and a ministry of a US story (the US has departments: "BOSTON - ...
    the Trade and Information Ministry" is another country's)."""
    words = key.split()
    return (
        words[-1] != "department"
        and not (country == "United States" and "ministry" in words)
        and in_sentence <= {country}
        and times[country] >= max(times.values(), default=0)
    )


def _a_us_department(key: str, country: str) -> bool:
    """A US story's "Commerce Department": the US government names its bodies so, most
    others "Ministry", so the dateline owns it whatever other country the story is
    about ("WASHINGTON - Japan's chip exports ... the Commerce Department said")."""
    words = key.split()
    return (
        country == "United States"
        and len(words) == 2
        and words[1] == "department"
        and words[0] in US_DEPARTMENTS
    )


def _the_one_country(places: list[_Named]) -> str | None:
    """The country every place and nationality of the article belongs to, when there is
    exactly one ("Moscow", "Russia", "Russian"); None for none or several."""
    countries = {p.country for p in places}
    return countries.pop() if len(countries) == 1 else None


def _countries_of_bodies(
    text: str, mentions: Sequence[Mention], until: int, gazetteer: Gazetteer
) -> list[_Named]:
    """The countries whose name or adjective begins an organisation's name before
    ``until`` ("U.S. Constitution Party", "Japanese Finance Ministry")."""
    out = []
    for m in mentions:
        if m.label != "ORG" or m.start >= until:
            continue
        words = name_key(clean_surface(m.text, "org"), "org").split()
        for cut in range(min(3, len(words) - 1), 0, -1):
            head = " ".join(words[:cut])
            country = gazetteer.country_named(head) or gazetteer.country_of_adjective(
                head
            )
            if country is not None:
                out.append(_Named(m.start, m.start + len(m.text), country, True))
                break
    return out


def _countries_named(
    text: str, mentions: Sequence[Mention], gazetteer: Gazetteer
) -> list[_Named]:
    """Each place or nationality the mentions name whose country is known ("Tokyo",
    "Japan", "Japanese"), in text order."""
    out = []
    for m in mentions:
        if m.label not in ("GPE", "LOC", "NORP", "ORG"):
            continue
        if text[m.start : m.start + len(m.text)] != m.text:
            continue
        key = normalise_text(clean_surface(m.text, "place"))
        if m.label == "NORP":
            country = gazetteer.country_of_adjective(key)
            itself = True
        elif m.label == "ORG":  # "the U.S." the model took for a body
            country = gazetteer.country_named(key)
            itself = True
        else:
            country = gazetteer.country_of(key)
            itself = gazetteer.country_named(key) is not None
        if country is not None:
            out.append(_Named(m.start, m.start + len(m.text), country, itself))
    out.sort()
    return out
