"""What the words around a span say about it: spans mended and relabelled from the text.

The small model reads names one sentence window at a time and gets some kinds of span
wrong in the same ways on all news. The text around a span often settles it, and these
rules read that text (the mentions' offsets into ``ner_text``), before the mentions are
resolved. First the spans the model cut short or ran on are mended, by the text's
layout (:mod:`search.extract.layout`: "<Canamax Resources Inc>", "Chelsea\\n\\nArsenal")
and by the words around them (:mod:`search.extract.mending`: "Royal Bank" | "of" |
"Scotland", "#DemDebate"); then this module relabels them:

- a person's possessive before an organisation ("Lee's POW! Entertainment");
- a work the model calls an organisation, a person or a place, when the words around
  it say it is one ("the novel Obsession", "the Evil Dead movies", "films like Harry
  Potter", "Sideways star Thomas Haden Church", "The Chorus, a film about ..."): every
  mention of it in the article
  (:mod:`search.extract.works`);
- a person's name that names a thing ("the James Webb Space Telescope", "Kennedy
  International Airport"): that mention is no person (:mod:`search.extract.works`);
- a score after a name and a nationality before a person's ("Frenchman Gilles Simon
  7-6 6-3", "American Taylor Dent"): the person;
- a band the model calls a person, when a band member's word follows it ("the Franz
  Ferdinand frontman", :mod:`search.extract.works`) or "band" stands before it: every
  mention of it in the article;
- what an organisation owns that the model calls a place ("Microsoft's Windows");
- a capitalised word the article also writes in lower case, a common noun the model
  calls an organisation or a place ("Broadband", "Digital"): no name;
- a name right after "Order of", the end of an honour's name ("the Most Brilliant
  Order of the Sun"; :mod:`search.extract.works`): that mention is no name;
- a name the model calls a place and the gazetteer does not know, when a word after it
  says it is a firm, an award or a product ("Gazprom shares", "the Bafta awards",
  "Windows XP machines"; :mod:`search.extract.works`): every mention of it in the
  article;
- a competition or a ground the model calls an organisation, when the words around it
  say it is one ("the Champions League final", "victory against England at
  Twickenham"; :mod:`search.extract.sport`): every mention of it in the article;
- an acronym the article spells out in lower case words or as a post ("liquefied
  natural gas (LNG)", "Divisional Railway Manager (DRM)"; :mod:`search.extract.
  definitions`): every mention of it in the article is no name;
- a place the model calls an organisation or a person, when a place word stands
  before it ("the island Crete") or it is a town right after "in" or before someone
  of it ("a show in Bristol", "a Cheltenham man"), and a body's initials it calls a
  place ("the ICCO said"; :mod:`search.extract.placing`);
- an organisation the model calls a person or a place, when a word before it says what
  it is ("cement firm Holcim", "the Herald newspaper"): every mention of it in the
  article;
- a person the model calls an organisation, when the name starts with a given name and
  the sentence says it is someone ("Wanda Vázquez Garced, the Secretary of Justice",
  "Viktar Babaryka, who was arrested"; "Ivan Shelyagin and Valentina Sidorenko"): every
  mention of it in the article;
- an organisation's former name the article gives as such ("Armtek Corp, formerly
  Armstrong Rubber Co"; :mod:`search.extract.renames`): that mention is no name;
- the newsroom's own lines ("Reporting by Howard Schneider; Editing by Andrea Ricci",
  "Copyright 2023 The Associated Press"; :mod:`search.extract.credits`): their names
  made the story and are no facet values of it;
- the Sun, the Moon and the planets in an article about space ("more massive than the
  Sun"; :mod:`search.extract.sky`) and credit ratings in an article about ratings
  ("rated AAA by Standard and Poor's"; :mod:`search.extract.ratings`): no name a
  reader filters by.

Only the labels and spans change; cached NER results stay as they are, so a change here
needs a ``RESOLVER_VERSION`` bump, not a new model run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..names import normalise_text
from ..names.given import load_given_names
from ..names.orgs import org_basename
from ..names.places import Gazetteer, load_gazetteer
from ..names.spans import names_an_organisation
from ..names.words import (
    ORG_CUES,
    ORG_CUES_AFTER,
    PARTICLES,
    PERSON_CUES,
    TITLES,
    WEAK_PERSON_CUES,
)
from .credits import without_credits
from .definitions import defined_things
from .layout import paragraph_parts, unbracketed
from .mending import (
    NAME_LABELS,
    NEXT_WORD,
    joined_names,
    mend_spans,
    span_end,
    written_at,
)
from .mentions import APPOSED, Mention
from .placing import places_by_cue
from .ratings import without_ratings
from .renames import former_names
from .sky import without_sky
from .sport import competitions_and_grounds, sentence_words
from .works import firms_awards_and_products, honours, works_and_bands

# Set scores after a name in a results line ("Gilles Simon 7-6 6-3", "Tim Henman 6-4").
_SCORE = re.compile(r"^\d{1,2}-\d{1,2}$")
_SCORES_AFTER = re.compile(r"(?:\s+\d{1,2}-\d{1,2}(?:\(\d+\))?)+$")
# ", the Secretary of Justice" / ", a fund manager" / ", who": a person's apposition.
_APPOSITION = re.compile(r"^,\s+(?:(?:a|an|the)\s+)?((?:[\w'’-]+\s+){0,4}[\w'’-]+)")
# "James Capel and Co", "Samuel Montagu & Sons": a firm named after people.
_AND_CO = re.compile(r"^,? (?:and|&) (?:Co|Company|Sons|Partners)\b")
# A word standing alone: not inside a word, an address or a domain ("amazon.com").
_WORD_AT = r"(?<![\w.@/-]){}(?![\w-])(?!\.\w)"
_INITIALS = re.compile(r"^(?:[A-Z]{1,2}|(?:[A-Z]\.){1,3})$")
#: A name of a person is at most this many words ("Wanda Vázquez Garced").
MAX_PERSON_WORDS = 3


def framed_mentions(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` mended and relabelled by the words around them (module docstring).

    Mentions whose offsets do not fall on their text in ``text`` are left alone.
    """
    gazetteer = load_gazetteer()
    mentions = without_credits(text, sorted(mentions, key=lambda m: m.start))
    ordered = joined_names(
        text,
        _nationals_and_scores(text, unbracketed(text, mentions), gazetteer),
    )
    mended = mend_spans(text, paragraph_parts(text, ordered, gazetteer), gazetteer)
    people = {m.text.split()[-1] for m in mended if m.label == "PERSON"}
    nouns = _common_nouns(text, mended, people, gazetteer)
    relabelled = [
        _without_place(_without_owner(m, people), gazetteer)
        for m in mended
        if not _a_ticket(m, people) and m.text not in nouns
    ]
    relabelled = _owned_things(text, relabelled, gazetteer)
    relabelled = works_and_bands(text, relabelled, gazetteer)
    relabelled = competitions_and_grounds(text, relabelled)
    relabelled = _org_by_cue(
        text, firms_awards_and_products(text, honours(text, relabelled), gazetteer)
    )
    relabelled = places_by_cue(text, defined_things(text, relabelled), gazetteer)
    relabelled = former_names(text, _person_by_apposition(text, relabelled))
    return without_ratings(text, without_sky(text, relabelled))


def _nationals_and_scores(
    text: str, mentions: list[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    """A sports result's names as the model runs them on: a score after a name goes
    ("Frenchman Gilles Simon 7-6 6-3"), and a nationality before a given name and a
    surname makes the rest a person ("American Taylor Dent", "Frenchman Gilles
    Simon"; not "American Express", "British Airways"), which the model read as an
    organisation or a person whose first word is no name, and both were dropped."""
    given = load_given_names()
    out: list[Mention] = []
    for m in mentions:
        if m.label not in ("PERSON", "ORG") or not written_at(text, m):
            out.append(m)
            continue
        name = _SCORES_AFTER.sub("", m.text)
        words = name.split()
        first = words[0].lower() if words else ""
        # "German", "Frenchman", "Frenchwoman".
        national = gazetteer.country_of_adjective(first) or (
            gazetteer.country_of_adjective(re.sub(r"(?:wo)?m[ae]n$", "", first))
        )
        rest = name[len(words[0]) :].lstrip() if words else ""
        if (
            # The model's person, or its organisation in a sentence with a score
            # ("American Taylor Dent caused a shock with a 7-6 6-2 victory"; not
            # "American Can Co", "Philippine Red Cross chair Richard Gordon").
            (
                m.label == "PERSON"
                or name != m.text
                or any(_SCORE.match(w) for w in sentence_words(text, m))
            )
            and 2 <= len(words) - 1 <= 3
            and national is not None
            and given.is_given_name(words[1])
            and all(w[:1].isupper() for w in words[2:])
            and not names_an_organisation(rest)
            and org_basename(rest) == rest
        ):
            start = m.start + name.index(rest, len(words[0]))
            out.append(Mention("PERSON", rest, start, first))
        elif name and name != m.text:
            # "Rafael Nadal 6-2 6-7": a name in a results line with a given name first.
            scored = given.is_given_name(words[0]) and _looks_like_a_person(name)
            out.append(Mention("PERSON" if scored else m.label, name, m.start, m.prev))
        else:
            out.append(m)
    return out


def _common_nouns(
    text: str, mentions: list[Mention], people: set[str], gazetteer: Gazetteer
) -> set[str]:
    """Capitalised words the model took for an organisation or a place that the article
    itself writes in lower case as often: a common noun at the start of a sentence or in
    a headline ("Broadband", "Spyware", "Digital", "Public"), no name. Words in
    capitals ("WHO" beside "who"), places the gazetteer knows ("Reading") and surnames
    of the article's people stay names."""
    nouns: set[str] = set()
    for word in {m.text for m in mentions if m.label in ("ORG", "GPE", "LOC")}:
        if (
            " " in word
            or not word[:1].isupper()
            or not word[1:].isalpha()
            or not word[1:].islower()
            or word in people
            or gazetteer.is_place(normalise_text(word))
        ):
            continue
        lower = len(re.findall(_WORD_AT.format(re.escape(word.lower())), text))
        if lower and lower >= len(re.findall(_WORD_AT.format(re.escape(word)), text)):
            nouns.add(word)
    return nouns


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
            and written_at(text, m)
            and written_at(text, owner)
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


def _org_by_cue(text: str, mentions: list[Mention]) -> list[Mention]:
    """Every mention of a name that a word before it says is an organisation ("cement
    firm Holcim", "brokers James Capel"), or "the" + name + "newspaper" or a person's
    name + "and Co" after it ("Samuel Montagu and Co Ltd"), labelled ORG."""
    orgs: set[str] = set()
    for m in mentions:
        if m.label not in ("PERSON", "GPE", "LOC", "FAC") or not written_at(text, m):
            continue
        after = NEXT_WORD.match(text[span_end(m) :])
        cued_after = (
            m.label == "PERSON"
            and m.prev == "the"
            and after is not None
            and after.group(1).lower() in ORG_CUES_AFTER
        )
        firm = m.label == "PERSON" and _AND_CO.match(text[span_end(m) :])
        cued = m.prev in ORG_CUES and _a_common_noun_before(text, m)
        if cued or cued_after or firm:
            orgs.add(normalise_text(m.text))
    if not orgs:
        return mentions
    return [
        Mention("ORG", m.text, m.start, m.prev)
        if m.label in NAME_LABELS | {"FAC"} and normalise_text(m.text) in orgs
        else m
        for m in mentions
    ]


def _a_common_noun_before(text: str, m: Mention) -> bool:
    """The word before ``m`` in lower case or capitalised as a sentence's first word
    ("Stockbrokers James Capel said"): a common noun, not the end of a firm's name
    ("Liberty Financial Group Charles D. Cheleden", "BP Group Treasurer Rodney Chase")."""
    before = text[: m.start].rstrip()
    word = before.rsplit(None, 1)[-1] if before else ""
    head = before[: len(before) - len(word)].rstrip()
    return word[:1].islower() or not head or head.endswith((".", "!", "?", '"', "”"))


def _person_by_apposition(text: str, mentions: list[Mention]) -> list[Mention]:
    """Every mention of an ORG span that is a person's name by the sentence around it,
    labelled PERSON (module docstring). A given name alone is no evidence: firms are
    named after people ("Dean Witter", "Morgan Stanley")."""
    given = load_given_names()
    people: set[str] = set()
    apposed: set[int] = set()
    for i, m in enumerate(mentions):
        if (
            m.label != "ORG"
            or not written_at(text, m)
            or not _looks_like_a_person(m.text)
        ):
            continue
        first = m.text.split()[0]
        apposition = _apposition_says_person(text[span_end(m) :]) or (
            m.prev in PERSON_CUES and m.prev not in WEAK_PERSON_CUES
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
        # "Sebastien de Chaunac": a particle between given name and surname.
        and all(w[0].isupper() and not w.isupper() for w in words[-1:])
        and all(
            w[0].isupper() and not w.isupper() or w in PARTICLES for w in words[1:-1]
        )
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
        if not written_at(text, other):
            continue
        between = text[span_end(first) : second.start]
        if between in (" and ", ", "):
            return True
    return False
