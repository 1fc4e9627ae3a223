"""What the words around a span say about it: spans mended and relabelled from the text.

The small model reads names one sentence window at a time and gets some kinds of span
wrong in the same ways on all news. The text around a span often settles it, and these
rules read that text (the mentions' offsets into ``ner_text``), before the mentions are
resolved. First the spans the model cut short or ran on are mended
(:mod:`search.extract.mending`: "Royal Bank" | "of" | "Scotland", "Everton\\n\\nHolders",
"#DemDebate"); then this module relabels them:

- a person's possessive before an organisation ("Lee's POW! Entertainment");
- a work the model calls an organisation, a person or a place, when the words around
  it say it is one ("the novel Obsession", "the Evil Dead movies", "films like Harry
  Potter", "Sideways star Thomas Haden Church"): every mention of it in the article;
- a band the model calls a person, when a band member's word follows it ("the Franz
  Ferdinand frontman") or "band" stands before it: every mention of it in the article;
- what an organisation owns that the model calls a place ("Microsoft's Windows");
- a capitalised word the article also writes in lower case, a common noun the model
  calls an organisation or a place ("Broadband", "Digital"): no name;
- a name the model calls a place and the gazetteer does not know, when a word after it
  says it is a firm, an award or a product ("Gazprom shares", "the Bafta awards",
  "Windows XP machines"): every mention of it in the article;
- a competition or a ground the model calls an organisation, when the words around it
  say it is one ("the Champions League final", "victory against England at
  Twickenham"; :mod:`search.extract.sport`): every mention of it in the article;
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
from ..names.orgs import org_basename
from ..names.places import Gazetteer, load_gazetteer
from ..names.spans import names_an_organisation
from ..names.words import (
    BAND_MEMBERS_AFTER,
    EVENT_KINDS,
    EVENT_WORDS_AFTER_NAME,
    FACILITY_CUES,
    ORG_CUES,
    ORG_CUES_AFTER,
    ORG_WORDS_AFTER_NAME,
    PERSON_CUES,
    PLACE_CUES,
    PRODUCT_WORDS_AFTER_NAME,
    TITLES,
    WORK_CUES,
    WORK_CUES_AFTER,
    WORK_MAKERS_AFTER,
)
from .mending import (
    NAME_LABELS,
    NEXT_WORD,
    joined_names,
    mend_spans,
    span_end,
    written_at,
)
from .mentions import APPOSED, Mention
from .sport import competitions_and_grounds

#: Work words that are also verbs ("polls show", "they play Arsenal").
_VERB_LIKE_CUES = frozenset({"play", "show"})
#: Words before one of those that make it the noun ("the show", "a hit play").
_NOUN_MARKERS = frozenset({"the", "a", "an", "hit", "tv", "new", "his", "her", "their"})
#: Words between a work word and the work's title ("movies, including School Daze").
_WORK_LINKS = frozenset({"including", "like", "such", "as", "the", "a", "an"})

# ", the Secretary of Justice" / ", a fund manager" / ", who": a person's apposition.
_APPOSITION = re.compile(r"^,\s+(?:(?:a|an|the)\s+)?((?:[\w'’-]+\s+){0,4}[\w'’-]+)")
# "FTSE 100", "Nikkei 225", "S&P 500": a name and the number of a stock index (not
# a year, not a figure with a unit or a decimal).
_INDEX_NUMBER = re.compile(
    r"^ (?!19\d\d|20\d\d)\d{2,4}(?!\d|[.,]\d|%)(?! ?(?:pct|mln|bln))"
)
# "James Capel and Co", "Samuel Montagu & Sons": a firm named after people.
_AND_CO = re.compile(r"^,? (?:and|&) (?:Co|Company|Sons|Partners)\b")
# A word standing alone: not inside a word, an address or a domain ("amazon.com").
_WORD_AT = r"(?<![\w.@/-]){}(?![\w-])(?!\.\w)"
# A word and a capitalised word after a span: "star Thomas", "author JK".
_MAKER_AFTER = re.compile(r"^ ([\w-]+) [A-Z]")
_SAME_LINE_WORD = re.compile(r"^ ([\w'’-]+)")
# "versions of Windows XP", "a copy of Windows": a product's name follows.
_VERSION_OF = re.compile(r"\b(?:versions?|cop(?:y|ies)|editions?) of $")
_INITIALS = re.compile(r"^(?:[A-Z]{1,2}|(?:[A-Z]\.){1,3})$")
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
    ordered = joined_names(text, sorted(mentions, key=lambda m: m.start))
    mended = mend_spans(text, ordered, gazetteer)
    people = {m.text.split()[-1] for m in mended if m.label == "PERSON"}
    nouns = _common_nouns(text, mended, people, gazetteer)
    relabelled = [
        _without_place(_without_owner(m, people), gazetteer)
        for m in mended
        if not _a_ticket(m, people) and m.text not in nouns
    ]
    relabelled = _owned_things(text, relabelled, gazetteer)
    works = [m for m in relabelled if m.label == "WORK_OF_ART" and written_at(text, m)]
    relabelled = _every_mention_of_works(
        text, relabelled, [_work_or_not(text, m, works, gazetteer) for m in relabelled]
    )
    relabelled = competitions_and_grounds(text, relabelled)
    relabelled = _org_by_cue(text, _unknown_places(text, relabelled, gazetteer))
    relabelled = _place_by_cue(relabelled)
    return _person_by_apposition(text, relabelled)


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


def _work_or_not(
    text: str, m: Mention, works: list[Mention], gazetteer: Gazetteer
) -> Mention:
    """A span framed as a work is counted as one (a WORK_OF_ART vote against the
    organisation, person or place the model saw).

    - A person or a place the gazetteer does not know: a work word shortly before it
      ("films like Harry Potter", "the comedy Sideways"), or a maker's or a player's
      word after it ("Sideways star Thomas Haden Church", "Harry Potter author JK
      Rowling"); a person followed by a band member's word is a band, an organisation
      ("the Franz Ferdinand frontman").
    - An organisation: a work word shortly before it ("the novel Obsession", "movies,
      including School Daze", "series CSI: Crime Scene Investigation") unless a maker's
      word comes first ("film studio Paramount"), a work word after it ("the Vertigo
      tour"); a plant, factory or mine after it is a place of work ("the Hamtramck
      plant").
    - An organisation or an unknown place beside a work the model found ("Once Upon a
      Time and Black Knight", "The Aviator, Million Dollar Baby and Sideways").
    """
    if not written_at(text, m):
        return m
    after = NEXT_WORD.match(text[span_end(m) :])
    following = after.group(1).lower() if after else ""
    if m.label == "PERSON":
        if _work_word_before(text[: m.start], nouns_only=True) or _maker_after(text, m):
            return Mention("WORK_OF_ART", m.text, m.start, m.prev)
        if _word_after(text, m) in BAND_MEMBERS_AFTER and " " in m.text:
            return Mention("ORG", m.text, m.start, m.prev)
        return m
    if m.label in ("GPE", "LOC"):
        if gazetteer.is_place(_place_key(m.text)):
            return m
        if (
            _work_word_before(text[: m.start], nouns_only=True)
            or _maker_after(text, m)
            or _beside_a_work(text, m, works)
        ):
            return Mention("WORK_OF_ART", m.text, m.start, m.prev)
        return m
    if m.label != "ORG":
        return m
    if _INDEX_NUMBER.match(text[span_end(m) :]):  # "FTSE 100", "Nikkei 225": an index
        return Mention("PRODUCT", m.text, m.start, m.prev)
    if m.text.isupper():
        return m
    if following in FACILITY_CUES:
        return Mention("FAC", m.text, m.start, m.prev)
    if (
        following in WORK_CUES_AFTER
        or _work_word_before(text[: m.start])
        or _beside_a_work(text, m, works)
    ):
        return Mention("WORK_OF_ART", m.text, m.start, m.prev)
    return m


def _maker_after(text: str, m: Mention) -> bool:
    """A maker's or a player's word right after ``m``, in lower case, and a name after
    it ("Sideways star Thomas Haden Church"); not the verb ("Nicole Kidman star in the
    film") nor a post ("Britain's Europe Director Dominick Chilcott")."""
    after = _MAKER_AFTER.match(text[span_end(m) :])
    return after is not None and after.group(1) in WORK_MAKERS_AFTER


def _place_key(text: str) -> str:
    """The key of a place written with or without a possessive ("New York's")."""
    return normalise_text(re.sub(r"['’]s?$", "", text))


def _word_after(text: str, m: Mention, skip: int = 0) -> str:
    """The word after ``m`` on its line, in lower case ("" at a line's end: a headline's
    last word is not read with the next line's first, "Tom Hanks" | "Actor"), or the
    one ``skip`` words further."""
    rest, word = text[span_end(m) :], ""
    for _ in range(skip + 1):
        after = _SAME_LINE_WORD.match(rest)
        if after is None:
            return ""
        rest, word = rest[after.end() :], after.group(1).lower()
    return word


def _beside_a_work(text: str, m: Mention, works: list[Mention]) -> bool:
    """A work the model found right before or after ``m``, joined by "and" or a comma."""
    for other in works:
        if abs(other.start - m.start) < len(m.text) + len(other.text) + 3:
            first, second = (other, m) if other.start < m.start else (m, other)
            if text[span_end(first) : second.start] in (" and ", ", "):
                return True
    return False


def _every_mention_of_works(
    text: str, before: list[Mention], after: list[Mention]
) -> list[Mention]:
    """Every mention of a name the words around one of its mentions made a work or a
    band, labelled as that one was: a title is a title all through an article, whose
    later mentions drop the cue ("the comedy Sideways ... Sideways won"). An
    organisation only by a work word before it ("the film The Aviator"): a band's name
    before "tour" is the band's in its other mentions ("the Coldplay tour")."""
    relabelled = {
        normalise_text(new.text): new.label
        for old, new in zip(before, after, strict=True)
        if new.label != old.label
        and new.label in ("WORK_OF_ART", "ORG")
        and (old.label != "ORG" or _work_word_before(text[: old.start]))
    }
    if not relabelled:
        return after
    return [
        Mention(label, m.text, m.start, m.prev)
        if m.label in NAME_LABELS
        and (label := relabelled.get(normalise_text(m.text))) is not None
        else m
        for m in after
    ]


def _work_word_before(before: str, nouns_only: bool = False) -> bool:
    """A work word right before the span, or before "including", "such as" or a short
    title with a colon ("series CSI:").

    :param nouns_only: the work words that are also verbs only as nouns, after "the",
        "a", "hit", "TV" or a possessive ("the hit show Jerry Springer", "Miller's
        play The Crucible"; not "polls show Barack Obama ahead", "figures show
        Yugoslavia"): read before persons and places.
    """
    words = before.split()
    for i in range(len(words) - 1, max(-1, len(words) - 4), -1):
        raw = words[i]
        word = raw.lower().strip(",;\"'“”‘’")
        if word in WORK_CUES:
            if not nouns_only or word not in _VERB_LIKE_CUES:
                return True
            marker = words[i - 1].lower() if i > 0 else ""
            return marker in _NOUN_MARKERS or marker.endswith(("'s", "’s"))
        if word not in _WORK_LINKS and not raw.endswith(":"):
            return False
    return False


def _unknown_places(
    text: str, mentions: list[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    """Every mention of a name the model calls a place, which the gazetteer does not
    know, labelled ORG where a word after one of its mentions says it is a firm
    ("Gazprom shares", "Gazprom chief Alexei Miller"), EVENT where it says it is an
    award ("the Bafta awards") and PRODUCT where words around it say it is a product
    ("Windows XP machines", "versions of Windows XP")."""
    labels: dict[str, str] = {}
    for m in mentions:
        if m.label not in ("GPE", "LOC") or not written_at(text, m):
            continue
        key = normalise_text(m.text)
        if gazetteer.is_place(_place_key(m.text)):
            continue
        following = _word_after(text, m)
        if following in EVENT_KINDS:  # "the Bafta film awards"
            following = _word_after(text, m, skip=1)
        if following in ORG_WORDS_AFTER_NAME:
            labels.setdefault(key, "ORG")
        elif following in EVENT_WORDS_AFTER_NAME:
            labels.setdefault(key, "EVENT")
        elif following in PRODUCT_WORDS_AFTER_NAME or _VERSION_OF.search(
            text[max(0, m.start - 20) : m.start]
        ):
            labels.setdefault(key, "PRODUCT")
    if not labels:
        return mentions
    return [
        Mention(label, m.text, m.start, m.prev)
        if m.label in ("GPE", "LOC")
        and (label := labels.get(normalise_text(m.text))) is not None
        else m
        for m in mentions
    ]


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
        if (
            m.label != "ORG"
            or not written_at(text, m)
            or not _looks_like_a_person(m.text)
        ):
            continue
        first = m.text.split()[0]
        apposition = _apposition_says_person(text[span_end(m) :]) or (
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
        if not written_at(text, other):
            continue
        between = text[span_end(first) : second.start]
        if between in (" and ", ", "):
            return True
    return False
