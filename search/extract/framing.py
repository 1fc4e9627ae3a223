"""What the words around a span say about it: spans mended and relabelled from the text.

The small model reads names one sentence window at a time and gets some kinds of span
wrong in the same ways on all news. The text around a span often settles it, and these
rules read that text (the mentions' offsets into ``ner_text``), before the mentions are
resolved:

- a name cut short: at a comma of its own ("United Nations Educational," | "Scientific
  and" | "Cultural Organization"), before what its last word announces ("Court of
  Common Pleas for" | "Allegheny County"; "Royal Bank" | "of" | "Scotland"), or before
  its head word ("Disaster and Emergency Management" | "Presidency");
- a span across a paragraph break ("Everton\\n\\nHolders": a headline and the next line),
  a hashtag ("#DemDebate"), a word of a shouted line ("BY A LOT!");
- a person's possessive before an organisation ("Lee's POW! Entertainment");
- a work the model calls an organisation or a person, when the words around it say it
  is one ("the novel Obsession", "the Evil Dead movies", "films like Harry Potter");
- what an organisation owns that the model calls a place ("Microsoft's Windows");
- an organisation the model calls a person or a place, when a word before it says what
  it is ("cement firm Holcim", "the Herald newspaper"): every mention of it in the
  article;
- a person the model calls an organisation, when the name starts with a given name and
  the sentence says it is someone ("Wanda Vázquez Garced, the Secretary of Justice",
  "Viktar Babaryka, who was arrested"; "Ivan Shelyagin and Valentina Sidorenko"): every
  mention of it in the article.

Only the labels and spans change; cached NER results stay as they are, so a change here
needs a ``RESOLVER_VERSION`` bump, not a new model run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..names import normalise_text
from ..names.given import load_given_names
from ..names.keys import COUNTRY_PREFIXES
from ..names.orgs import org_basename
from ..names.places import Gazetteer, load_gazetteer
from ..names.spans import ORG_ENDINGS, names_an_organisation
from ..names.words import (
    FACILITY_CUES,
    ORG_CONNECTIVES,
    ORG_CUES,
    ORG_CUES_AFTER,
    ORG_DESCRIPTIONS,
    ORG_HEADS,
    PERSON_CUES,
    PLACE_CUES,
    STOP_NAMES,
    TITLES,
    WORK_CUES,
    WORK_CUES_AFTER,
)
from .mentions import APPOSED, Mention

#: Words between a work word and the work's title ("movies, including School Daze").
_WORK_LINKS = frozenset({"including", "like", "such", "as", "the", "a", "an"})

#: Labels of names the facets show; a span of another label is left as it is.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC"})
_WORD = r"[A-Z][\w'’.&!-]*"
# ", Scientific and " / ", Maritime and ": the inner items of a name written as a list.
_LIST_JOIN = re.compile(rf"^,(?:\s+{_WORD},)*\s+{_WORD},?\s+(?:and|&)\s+$")
# Capitalised words after a name cut at a connective ("for" | "Allegheny County").
_CAPITALISED_RUN = re.compile(rf"^\s+({_WORD}(?:\s+{_WORD}){{0,3}})")
# ", the Secretary of Justice" / ", a fund manager" / ", who": a person's apposition.
_APPOSITION = re.compile(r"^,\s+(?:(?:a|an|the)\s+)?((?:[\w'’-]+\s+){0,4}[\w'’-]+)")
# A paragraph break or a dash between words: two phrases ("Tesco — Netto Poland").
_DASHED = re.compile(r"\n|\s[—–]\s")
# "FTSE 100", "Nikkei 225", "S&P 500": a name and the number of a stock index (not
# a year, not a figure with a unit or a decimal).
_INDEX_NUMBER = re.compile(
    r"^ (?!19\d\d|20\d\d)\d{2,4}(?!\d|[.,]\d|%)(?! ?(?:pct|mln|bln))"
)
# "James Capel and Co", "Samuel Montagu & Sons": a firm named after people.
_AND_CO = re.compile(r"^,? (?:and|&) (?:Co|Company|Sons|Partners)\b")
# "Cable and " right before a span: the first half of a name joined by "and".
_JOINED_BEFORE = re.compile(r"(?<![\w&'’.-])([A-Z][\w'’-]+) (and|&) \Z")
_INITIALS = re.compile(r"^(?:[A-Z]{1,2}|(?:[A-Z]\.){1,3})$")
_NEXT_WORD = re.compile(r"^\s+([\w'’-]+)")
_PREV_WORDS = re.compile(r"([\w'’.,!?-]+)\s*$")
#: Title words that are also parties' names ("Labour Leader" is rare, "Labour" common).
PARTY_TITLES = frozenset({"labour", "labor"})
#: Capitalised heads of titles after a portfolio word ("Commerce Secretary").
_TITLE_HEADS = frozenset({"Secretary", "Minister", "Leader", "Spokesman", "Chief"})
#: Person cues that also stand before organisations ("General Motors", "Chief
#: Executives' Forum", "Leader of the House").
_WEAK_CUES = frozenset({"general", "chief", "leader", "director", "executive"})
#: A name of a person is at most this many words ("Wanda Vázquez Garced").
MAX_PERSON_WORDS = 3


def framed_mentions(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` mended and relabelled by the words around them (module docstring).

    Mentions whose offsets do not fall on their text in ``text`` are left alone.
    """
    gazetteer = load_gazetteer()
    ordered = _joined_names(text, sorted(mentions, key=lambda m: m.start))
    mended = _mend_spans(text, ordered, gazetteer)
    people = {m.text.split()[-1] for m in mended if m.label == "PERSON"}
    relabelled = [
        _without_place(_without_owner(m, people), gazetteer)
        for m in mended
        if not _a_ticket(m, people)
    ]
    relabelled = _owned_things(text, relabelled, gazetteer)
    works = [m for m in relabelled if m.label == "WORK_OF_ART" and _at(text, m)]
    relabelled = [_work_or_not(text, m, works) for m in relabelled]
    relabelled = _org_by_cue(text, relabelled)
    relabelled = _place_by_cue(relabelled)
    return _person_by_apposition(text, relabelled)


def _at(text: str, m: Mention) -> bool:
    return text[m.start : m.start + len(m.text)] == m.text


def _end(m: Mention) -> int:
    return m.start + len(m.text)


def _mend_spans(
    text: str, mentions: list[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    out: list[Mention] = []
    covered_to = -1
    for i, m in enumerate(mentions):
        if m.start < covered_to:
            continue  # inside a span mended before it
        if m.label not in NAME_LABELS or not _at(text, m):
            out.append(m)
            continue
        first = _DASHED.split(m.text.strip())[0].strip()
        if first != m.text:  # a span across a paragraph or a dash: its first part
            if not first:
                continue
            m = Mention(m.label, first, m.start + m.text.index(first), m.prev)
        if text[max(0, m.start - 1) : m.start] == "#":
            continue
        if m.label == "ORG" and (_shouted(text, m) or _part_of_a_title(text, m)):
            continue
        if m.label == "ORG":
            m = _mend_org(text, m, mentions[i + 1 :], gazetteer)
            m = _without_country_phrase(text, m)
            if not m.text:
                continue
            covered_to = _end(m)
        out.append(m)
    return out


def _joined_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Cable and Wireless Plc", "Procter and Gamble": a name of two words joined by
    "and", of which the model tags the second alone ("Wireless Plc") or both apart.
    Joined when the span carries a legal form or the article writes the two words so
    twice or more (one "Apple and Unisys Corp" stays two companies)."""
    out: list[Mention] = []
    for m in mentions:
        before = _JOINED_BEFORE.search(text, 0, m.start) if m.label == "ORG" else None
        if before is None or not _at(text, m) or m.text[:1].islower():
            out.append(m)
            continue
        first, joiner = before.group(1), before.group(2)
        start = before.start(1)
        pair = f"{first} {joiner} {m.text.split()[0]}"
        tagged = [o for o in out if o.start < start + len(first) and _end(o) > start]
        # A legal form is evidence only where the first word is no name of its own.
        legal = not tagged and org_basename(m.text.strip()) != m.text.strip()
        alone = all(o.text == first for o in tagged)
        if first.isupper() or not alone or not (legal or text.count(pair) >= 2):
            out.append(m)
            continue
        # The first word as its own span ("Cable" | "and" | "Wireless Plc") goes.
        out = [o for o in out if o not in tagged]
        prev_words = text[:start].split()
        prev = prev_words[-1].lower().rstrip(".") if prev_words else ""
        out.append(Mention("ORG", text[start : _end(m)], start, prev))
    return out


def _shouted(text: str, m: Mention) -> bool:
    """A word of a line written in capitals ("I WON THIS ELECTION, BY A LOT!")."""
    before = text[max(0, m.start - 60) : m.start].split()[-3:]
    words = [w.strip(",.!?:;\"'“”") for w in before]
    return (
        m.text.isupper()
        and len(words) == 3
        and all(w.isalpha() and w.isupper() for w in words)
    )


def _part_of_a_title(text: str, m: Mention) -> bool:
    """ "Commerce" in "Commerce Secretary Wilbur Ross", "Supreme" in "Supreme Leader
    Ali Khamenei": a portfolio word the model cut off a person's title."""
    after = _NEXT_WORD.match(text[_end(m) :])
    word = m.text.lower()
    return (
        " " not in m.text
        and word in TITLES
        and word not in PARTY_TITLES
        and after is not None
        and after.group(1) in _TITLE_HEADS
    )


def _mend_org(
    text: str, m: Mention, following: list[Mention], gazetteer: Gazetteer
) -> Mention:
    """The organisation ``m`` with what the model cut off it put back (module docstring);
    an empty text when it was nothing but a cut-off part."""
    span = m.text.rstrip(", ")
    end = m.start + len(span)
    nxt = next((f for f in following if f.start >= end), None)
    between = text[end : nxt.start] if nxt is not None else ""
    words = span.split()
    if (
        nxt is not None
        and nxt.label == "ORG"
        and len([w for w in words if w.lower() != "the"]) >= 2
        and _LIST_JOIN.match(between)
    ):
        return Mention("ORG", text[m.start : _end(nxt)], m.start, m.prev)
    if (
        nxt is not None
        and nxt.label == "ORG"
        and between in (" and ", " & ")
        and _legal_form_only_after(span, nxt.text)
        and text.count(span) == 1
    ):  # "American Telephone" | "and" | "Telegraph Co": one company
        return Mention("ORG", text[m.start : _end(nxt)], m.start, m.prev)
    if words and words[-1] in ORG_CONNECTIVES:
        run = _CAPITALISED_RUN.match(text[end:])
        if run and not gazetteer.is_place(normalise_text(run.group(1))):
            return Mention("ORG", text[m.start : end + run.end()], m.start, m.prev)
        # "Citicorp Savings of" | "Oakland": where it is, not part of its name.
        kept = " ".join(words[:-1])
        return Mention("ORG", kept, m.start, m.prev) if len(words) > 1 else m
    last = normalise_text(words[-1]) if words else ""
    if (
        nxt is not None
        and nxt.label in ("GPE", "LOC")
        and between == " of "
        and (last in ORG_ENDINGS or last in ORG_HEADS)
        and gazetteer.canonical(normalise_text(nxt.text))
    ):  # "Royal Bank" | "of" | "Scotland"; not "Mahan Air" | "of Iran"
        return Mention("ORG", text[m.start : _end(nxt)], m.start, m.prev)
    head = _NEXT_WORD.match(text[end:])
    if (
        head
        and head.group(1)[0].isupper()
        and head.group(1).lower() in ORG_HEADS
        and not re.search(r"['’]s$", span)
        and (nxt is None or nxt.start >= end + head.end())
    ):  # not "the European Community's" | "Council of Ministers"
        return Mention("ORG", text[m.start : end + head.end()], m.start, m.prev)
    return Mention(m.label, span, m.start, m.prev)


def _legal_form_only_after(first: str, second: str) -> bool:
    """True when ``second`` ends in a legal form and ``first``, a name of two words or
    more, has none: the two halves of one company's name ("American Telephone" and
    "Telegraph Co"), not two companies ("IBM" and "Digital Equipment Corp")."""
    second = second.strip()
    return (
        len(first.split()) >= 2
        and org_basename(first) == first
        and org_basename(second) != second
    )


def _without_country_phrase(text: str, m: Mention) -> Mention:
    """ "U.S. Banks", "U.S. Dollar", when the article writes "banks" or "dollar" in
    lower case: a country and a common noun, not a name (but "U.S. Senate", "U.S.
    Treasury"); "the U.S. group ATT": the name after the description."""
    words = m.text.split()
    skip = 1 if words and words[0].lower() == "the" else 0
    rest = words[skip:]
    if len(rest) < 2 or normalise_text(rest[0]) not in COUNTRY_PREFIXES:
        return m
    noun = rest[1].lower()
    if len(rest) == 2:
        if noun in STOP_NAMES["org"] or noun in ORG_HEADS or noun in ORG_ENDINGS:
            return m
        if re.search(rf"\b{re.escape(noun)}\b", text):
            return Mention(m.label, "", m.start, m.prev)
        return m
    if noun in ORG_DESCRIPTIONS:
        name = " ".join(rest[2:])
        return Mention(m.label, name, m.start + m.text.index(name), m.prev)
    return m


def _without_owner(m: Mention, people: set[str]) -> Mention:
    """ "Lee's POW! Entertainment" -> "POW! Entertainment" when Lee is a person of the
    article; "McDonald's Corp" stays whole."""
    if m.label != "ORG":
        return m
    first, _, rest = m.text.partition(" ")
    owner = re.sub(r"['’]s$", "", first)
    if owner != first and owner in people and rest:
        return Mention(m.label, rest, m.start + len(first) + 1, m.prev)
    return m


def _a_ticket(m: Mention, people: set[str]) -> bool:
    """ "Biden-Harris", "Trump-Pence": the surnames of two people of the article
    joined, a ticket or a meeting, no organisation."""
    parts = m.text.split("-")
    return (
        m.label == "ORG"
        and len(parts) == 2
        and all(p in people and p[:1].isupper() for p in parts)
    )


def _owned_things(
    text: str, mentions: list[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    """ "Microsoft's Windows", "Yukos's Yugansk", "Bank of Montreal's Mulholland": what
    an organisation owns or employs, which the model called a place, is a product, a
    unit or a person, no place: labelled PRODUCT (a vote against the place). A place
    the gazetteer knows stays one ("the Democratic Party's South Carolina primary"),
    and an organisation's name after it stays one ("Google's YouTube")."""
    out = list(mentions)
    for i in range(1, len(out)):
        owner, m = out[i - 1], out[i]
        if (
            m.label in ("GPE", "LOC")
            and not gazetteer.is_place(normalise_text(m.text))
            and owner.label == "ORG"
            and _at(text, m)
            and _at(text, owner)
            and re.search(r"['’]s? \Z", text[owner.start : m.start])
        ):
            out[i] = Mention("PRODUCT", m.text, m.start, m.prev)
    return out


def _without_place(m: Mention, gazetteer: Gazetteer) -> Mention:
    """ "Senator from Vermont Bernie Sanders": the person after the place, which the
    model took for an organisation's name."""
    words = m.text.split()
    if m.label != "ORG" or len(words) < 3:
        return m
    for cut in (1, 2):
        place, rest = " ".join(words[:cut]), " ".join(words[cut:])
        if (
            gazetteer.canonical(normalise_text(place))
            and _looks_like_a_person(rest)
            and load_given_names().is_given_name(words[cut])
        ):
            return Mention("PERSON", rest, m.start + m.text.index(rest), m.prev)
    return m


def _work_or_not(text: str, m: Mention, works: list[Mention]) -> Mention:
    """An ORG span framed as a work is counted as one (a WORK_OF_ART vote against the
    organisation): a work word shortly before it ("the novel Obsession", "movies,
    including School Daze", "series CSI: Crime Scene Investigation") unless a maker's
    word comes first ("film studio Paramount"), a work word after it ("the Vertigo
    tour"), or a work the model found beside it ("Once Upon a Time and Black Knight");
    a plant, factory or mine after it is a place of work ("the Hamtramck plant")."""
    if m.label == "PERSON" and _at(text, m) and _work_word_before(text[: m.start]):
        # "films like Harry Potter", "the soap EastEnders": a title, not a person.
        return Mention("WORK_OF_ART", m.text, m.start, m.prev)
    if m.label != "ORG" or not _at(text, m):
        return m
    if _INDEX_NUMBER.match(text[_end(m) :]):  # "FTSE 100", "Nikkei 225": an index
        return Mention("PRODUCT", m.text, m.start, m.prev)
    if m.text.isupper():
        return m
    after = _NEXT_WORD.match(text[_end(m) :])
    following = after.group(1).lower() if after else ""
    if following in FACILITY_CUES:
        return Mention("FAC", m.text, m.start, m.prev)
    if following in WORK_CUES_AFTER or _work_word_before(text[: m.start]):
        return Mention("WORK_OF_ART", m.text, m.start, m.prev)
    for other in works:
        if abs(other.start - m.start) < len(m.text) + len(other.text) + 3:
            first, second = (other, m) if other.start < m.start else (m, other)
            if text[_end(first) : second.start] in (" and ", ", "):
                return Mention("WORK_OF_ART", m.text, m.start, m.prev)
    return m


def _work_word_before(before: str) -> bool:
    """A work word right before the span, or before "including", "such as" or a short
    title with a colon ("series CSI:")."""
    for raw in reversed(before.split()[-3:]):
        word = raw.lower().strip(",;\"'“”‘’")
        if word in WORK_CUES:
            return True
        if word not in _WORK_LINKS and not raw.endswith(":"):
            return False
    return False


def _org_by_cue(text: str, mentions: list[Mention]) -> list[Mention]:
    """Every mention of a name that a word before it says is an organisation ("cement
    firm Holcim", "brokers James Capel"), or "the" + name + "newspaper" or a person's
    name + "and Co" after it ("Samuel Montagu and Co Ltd"), labelled ORG."""
    orgs: set[str] = set()
    for m in mentions:
        if m.label not in ("PERSON", "GPE", "LOC", "FAC") or not _at(text, m):
            continue
        after = _NEXT_WORD.match(text[_end(m) :])
        cued_after = (
            m.label == "PERSON"
            and m.prev == "the"
            and after is not None
            and after.group(1).lower() in ORG_CUES_AFTER
        )
        firm = m.label == "PERSON" and _AND_CO.match(text[_end(m) :])
        if m.prev in ORG_CUES or cued_after or firm:
            orgs.add(normalise_text(m.text))
    if not orgs:
        return mentions
    return [
        Mention("ORG", m.text, m.start, m.prev)
        if m.label in NAME_LABELS | {"FAC"} and normalise_text(m.text) in orgs
        else m
        for m in mentions
    ]


def _place_by_cue(mentions: list[Mention]) -> list[Mention]:
    """Every mention of a name a place word stands before ("the island Crete", "the
    town Hajo"), labelled GPE whatever label the model gave it."""
    places = {
        normalise_text(m.text)
        for m in mentions
        if m.label in ("ORG", "PERSON") and m.prev in PLACE_CUES
    }
    if not places:
        return mentions
    return [
        Mention("GPE", m.text, m.start, m.prev)
        if m.label in ("ORG", "PERSON") and normalise_text(m.text) in places
        else m
        for m in mentions
    ]


def _person_by_apposition(text: str, mentions: list[Mention]) -> list[Mention]:
    """Every mention of an ORG span that is a person's name by the sentence around it,
    labelled PERSON (module docstring). A given name alone is no evidence: firms are
    named after people ("Dean Witter", "Morgan Stanley")."""
    given = load_given_names()
    people: set[str] = set()
    apposed: set[int] = set()
    for i, m in enumerate(mentions):
        if m.label != "ORG" or not _at(text, m) or not _looks_like_a_person(m.text):
            continue
        first = m.text.split()[0]
        apposition = _apposition_says_person(text[_end(m) :]) or (
            m.prev in PERSON_CUES and m.prev not in _WEAK_CUES
        )
        if _INITIALS.match(first) and apposition:
            people.add(normalise_text(m.text))  # "KK Mittal, a fund manager"
        elif given.is_given_name(first) and (
            apposition or _beside_a_person(text, mentions, i)
        ):
            people.add(normalise_text(m.text))
        if apposition:
            apposed.add(i)
    if not people:
        return mentions
    return [
        Mention("PERSON", m.text, m.start, APPOSED if i in apposed else m.prev)
        if m.label == "ORG" and normalise_text(m.text) in people
        else m
        for i, m in enumerate(mentions)
    ]


def _looks_like_a_person(name: str) -> bool:
    name = re.sub(r"['’]s?$", "", name)
    words = name.split()
    return (
        2 <= len(words) <= MAX_PERSON_WORDS
        and words[0][0].isupper()
        and (_INITIALS.match(words[0]) or not words[0].isupper())
        and all(w[0].isupper() and not w.isupper() for w in words[1:])
        and all(w.replace("-", "").replace("'", "").isalpha() for w in words[1:])
        and not names_an_organisation(name)
        and org_basename(name) == name
    )


def _apposition_says_person(after: str) -> bool:
    """ ", who ...", ", the Secretary of Justice", ", a potential presidential
    candidate": the words after a name say it is a person."""
    match = _APPOSITION.match(after)
    if not match:
        return False
    words = [w.lower().rstrip(".") for w in match.group(1).split()]
    if words[0] == "who":
        return True
    return any(w in TITLES - {"of", "the"} or w in PERSON_CUES for w in words)


def _beside_a_person(text: str, mentions: list[Mention], i: int) -> bool:
    """ "Ivan Shelyagin and Valentina Sidorenko": coordinated with a PERSON span."""
    m = mentions[i]
    for j in (i - 1, i + 1):
        if not 0 <= j < len(mentions) or mentions[j].label != "PERSON":
            continue
        other = mentions[j]
        first, second = (other, m) if j < i else (m, other)
        if not _at(text, other):
            continue
        between = text[_end(first) : second.start]
        if between in (" and ", ", "):
            return True
    return False
