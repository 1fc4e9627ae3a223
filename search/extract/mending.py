"""Spans the model cut short or ran on, mended from the text around them.

A pass of :func:`search.extract.framing.framed_mentions`, after the layout's
(:mod:`search.extract.layout`) and before any span is relabelled; the rules read the
text at the mentions' offsets into ``ner_text``:

- a name cut short: at a comma of its own ("United Nations Educational," | "Scientific
  and" | "Cultural Organization"), before what its last word announces ("Court of
  Common Pleas for" | "Allegheny County"; "Royal Bank" | "of" | "Scotland"), or before
  its head word ("Disaster and Emergency Management" | "Presidency"), or before a word
  the model took for a group of people, when the article never writes the first word
  alone ("Liberal" | "Democrat" spokesman), or at a connective when the acronym the
  article gives in brackets is the whole name's ("the World Travel" | "and Tourism
  Council (WTTC)", "Islamic State of Iraq" | "and the Levant (ISIL)");
- a name of two words joined by "and" of which the model tags the second alone ("Cable
  and" | "Wireless Plc"), when the text says it is one name;
- a span across a paragraph break or a dash (its first part), a hashtag
  ("#DemDebate"), a word of a shouted line ("BY A LOT!"), a portfolio word cut off a
  person's title ("Commerce" | "Secretary Wilbur Ross"), the first words of a
  post ("National Security" | "Adviser");
- a country and a common noun taken for a name ("U.S. Banks"), or a description before
  one ("the U.S. group ATT");
- a surname's particles after a given name the model left out ("Valery Giscard" |
  "d'Estaing", "Cor van" | "der Klugt");
- the word before a person after a post "of" something ("Secretary of State" |
  "Condoleezza Rice"): the post's head, which says a person follows, not "State".

As for all of ``framing``, only spans and the word before them change, so a change here
needs a ``RESOLVER_VERSION`` bump, not a new model run.
"""

from __future__ import annotations

import re

from ..names import normalise_text
from ..names.bodies import PARTY_TITLES
from ..names.given import load_given_names
from ..names.keys import COUNTRY_PREFIXES
from ..names.orgs import acronyms, org_basename
from ..names.places import Gazetteer
from ..names.spans import ORG_ENDINGS
from ..names.words import (
    ORG_CONNECTIVES,
    ORG_DESCRIPTIONS,
    ORG_HEADS,
    PARTICLES,
    PERSON_CUES,
    STOP_NAMES,
    TITLES,
)
from .mentions import Mention

#: Labels of names the facets show; a span of another label is left as it is.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC"})
_WORD = r"[A-Z][\w'’.&!-]*"
# ", Scientific and " / ", Maritime and ": the inner items of a name written as a list.
_LIST_JOIN = re.compile(rf"^,(?:\s+{_WORD},)*\s+{_WORD},?\s+(?:and|&)\s+$")
# Capitalised words after a name cut at a connective ("for" | "Allegheny County").
_CAPITALISED_RUN = re.compile(rf"^\s+({_WORD}(?:\s+{_WORD}){{0,3}})")
# " and Tourism Council (WTTC)": a connective, capitalised words and connectives, and an
# acronym in brackets.
_REST_AND_ACRONYM = re.compile(
    rf"^((?:\s+(?:and|&|of|for|on|in)(?:\s+the)?)(?:\s+(?:{_WORD}|and|of|for|on|in|the))"
    rf"{{1,7}})\s+\(([A-Z][A-Za-z]{{1,7}})\)"
)
# A paragraph break or a dash between words: two phrases ("Tesco — Netto Poland").
_DASHED = re.compile(r"\n|\s[—–]\s")
# "Cable and " right before a span: the first half of a name joined by "and".
_JOINED_BEFORE = re.compile(r"(?<![\w&'’.-])([A-Z][\w'’-]+) (and|&) \Z")
#: The word right after a span (what it announces, or its head word).
NEXT_WORD = re.compile(r"^\s+([\w'’-]+)")
#: Capitalised heads of titles after a portfolio word ("Commerce Secretary").
_TITLE_HEADS = frozenset({"Secretary", "Minister", "Leader", "Spokesman", "Chief"})
#: Last words of a post, written capitalised after the words the model took for an
#: organisation ("National Security Adviser"); lower case, they are an organisation's
#: ("a Treasury adviser").
_POST_HEADS = frozenset({"Adviser", "Advisor", "Advisers", "Advisors"})


def _a_given_name_first(name: str) -> bool:
    """True when a name begins with a given name ("Sandra den", not "Cote" of "Cote
    d'Azur")."""
    return load_given_names().is_given_name(name.split()[0])


def written_at(text: str, m: Mention) -> bool:
    """The mention's text is in ``text`` at its offset (else no rule reads around it)."""
    return text[m.start : m.start + len(m.text)] == m.text


def span_end(m: Mention) -> int:
    """The offset in ``text`` just after the mention."""
    return m.start + len(m.text)


# The rest of a surname after a given name the model left out: particles and a
# capitalised word (" d'Estaing", " den Hamer", " der Vijver" after "Walter van").
_PARTICLE_TAIL = re.compile(
    r"^((?: (?:{p}))+ [A-Z][\w'’-]+| d['’][A-Z][\w'’-]+)".format(
        p="|".join(sorted(PARTICLES - {"y", "el", "al"}))
    )
)
# A post "of" something right before a name: "Secretary of State ", "Minister of
# Foreign Affairs ", "Chancellor of the Exchequer ".
_POST_OF = re.compile(
    r"\b([A-Z][a-z]+) of (?:the )?[A-Z][\w-]*(?: (?:and )?[A-Z][\w-]*){0,2} \Z"
)
# The rest of a hyphenated given name after the span ("Moon Jae" | "-in").
_HYPHENED_SYLLABLE = re.compile(r"^-([a-z]{1,5})\b(?!-)")
# A short capitalised word right before a span: a family name written first ("Son ").
_FAMILY_NAME_BEFORE = re.compile(r"\b([A-Z][a-z]{1,3}) \Z")
#: Words a hyphen joins to a name to make an adjective ("Blair-led", "Trump-era").
_COMPOUND_ENDS = frozenset(
    """
    backed based born era esque ish ism ite ites led like linked made owned run style
    type
    """.split()
)
# The last word of a name with a caption's "Image:" glued to it, which the model leaves
# out of the name ("Gloria La RivaImage: Pax Ahimsa Gethen.").
_CAPTIONED = re.compile(r"^ ([A-Z][\w'’-]*?)(?:Image|Photo):")


def mend_spans(
    text: str, mentions: list[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    """``mentions`` (in text order) with their spans mended (module docstring): spans
    cut short put back whole, the parts inside a mended span dropped, spans that are
    no name of their own dropped."""
    out: list[Mention] = []
    covered_to = -1
    for i, m in enumerate(mentions):
        if m.start < covered_to:
            continue  # inside a span mended before it
        if m.label not in NAME_LABELS or not written_at(text, m):
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
        glued = _CAPTIONED.match(text[span_end(m) :])
        if m.label == "PERSON" and glued:  # "Gloria La" | "RivaImage: Pax Gethen."
            m = Mention(m.label, f"{m.text} {glued.group(1)}", m.start, m.prev)
        syllable = _HYPHENED_SYLLABLE.match(text[span_end(m) :])
        if (
            m.label == "PERSON"
            and syllable
            and len(m.text.split()[-1]) <= 5
            and syllable.group(1) not in _COMPOUND_ENDS
        ):
            # "Moon Jae" | "-in": the model ends a name at a hyphen before a word it
            # knows ("in", "un"), which is the last syllable of a given name; not
            # "Tony Blair" | "-led". A family name written first that it left out
            # comes back ("Son" | "Heung" | "-min": "Son" read as "his son").
            family = _FAMILY_NAME_BEFORE.search(text[max(0, m.start - 8) : m.start])
            if " " not in m.text and family:
                start = m.start - len(family.group(0))
                m = Mention(m.label, family.group(1) + " " + m.text, start, "")
            if " " in m.text:
                m = Mention(m.label, m.text + syllable.group(0), m.start, m.prev)
        tail = _PARTICLE_TAIL.match(text[span_end(m) :])
        if m.label == "PERSON" and tail and _a_given_name_first(m.text):
            # "Valery Giscard" | "d'Estaing", "Walter van" | "der Vijver"
            m = Mention(m.label, m.text + tail.group(1), m.start, m.prev)
        post = _POST_OF.search(text[max(0, m.start - 60) : m.start])
        if m.label == "PERSON" and post and post.group(1).lower() in PERSON_CUES:
            # "Secretary of State Condoleezza Rice": the title's head is the word
            # that says a person follows, not "State".
            m = Mention(m.label, m.text, m.start, post.group(1).lower())
        if m.label == "ORG":
            m = _mend_org(text, m, mentions[i + 1 :], gazetteer)
            m = _without_country_phrase(text, m)
            if not m.text:
                continue
            covered_to = span_end(m)
        out.append(m)
    return out


def joined_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Cable and Wireless Plc", "Procter and Gamble": a name of two words joined by
    "and", of which the model tags the second alone ("Wireless Plc") or both apart.
    Joined when the span carries a legal form or the article writes the two words so
    twice or more (one "Apple and Unisys Corp" stays two companies)."""
    out: list[Mention] = []
    for m in mentions:
        before = _JOINED_BEFORE.search(text, 0, m.start) if m.label == "ORG" else None
        if before is None or not written_at(text, m) or m.text[:1].islower():
            out.append(m)
            continue
        first, joiner = before.group(1), before.group(2)
        start = before.start(1)
        pair = f"{first} {joiner} {m.text.split()[0]}"
        tagged = [
            o for o in out if o.start < start + len(first) and span_end(o) > start
        ]
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
        out.append(Mention("ORG", text[start : span_end(m)], start, prev))
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
    Ali Khamenei": a portfolio word the model cut off a person's title; "National
    Security" in "National Security Adviser Susan Rice": a post's first words."""
    after = NEXT_WORD.match(text[span_end(m) :])
    if after is not None and after.group(1) in _POST_HEADS:
        return True
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
    whole = _named_up_to_its_acronym(text, span, end)
    if whole:
        return Mention("ORG", text[m.start : end + whole], m.start, m.prev)
    nxt = next((f for f in following if f.start >= end), None)
    between = text[end : nxt.start] if nxt is not None else ""
    words = span.split()
    if (
        nxt is not None
        and nxt.label == "ORG"
        and len([w for w in words if w.lower() != "the"]) >= 2
        and _LIST_JOIN.match(between)
    ):
        return Mention("ORG", text[m.start : span_end(nxt)], m.start, m.prev)
    if (
        nxt is not None
        and nxt.label == "ORG"
        and between in (" and ", " & ")
        and _legal_form_only_after(span, nxt.text)
        and text.count(span) == 1
    ):  # "American Telephone" | "and" | "Telegraph Co": one company
        return Mention("ORG", text[m.start : span_end(nxt)], m.start, m.prev)
    if (
        nxt is not None
        and nxt.label == "NORP"
        and between == " "
        and len(words) == 1
        and " " not in nxt.text
        and nxt.text[:1].isupper()
        and gazetteer.country_of_adjective(normalise_text(nxt.text)) is None
        and text.count(span) == text.count(f"{span} {nxt.text}")
    ):  # "Liberal" | "Democrat": a party's name the model cut in two; not "Senate" |
        # "Republican" leader where the article names the Senate alone too
        return Mention("ORG", text[m.start : span_end(nxt)], m.start, m.prev)
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
        and org_basename(span) == span
        and gazetteer.canonical(normalise_text(nxt.text))
    ):  # "Royal Bank" | "of" | "Scotland"; not "Mahan Air" | "of Iran", nor
        # "Gleason Plant Security Inc" | "of Connecticut" (where it is registered)
        return Mention("ORG", text[m.start : span_end(nxt)], m.start, m.prev)
    head = NEXT_WORD.match(text[end:])
    if (
        head
        and head.group(1)[0].isupper()
        and head.group(1).lower() in ORG_HEADS
        and not re.search(r"['’]s$", span)
        and (nxt is None or nxt.start >= end + head.end())
    ):  # not "the European Community's" | "Council of Ministers"
        return Mention("ORG", text[m.start : end + head.end()], m.start, m.prev)
    return Mention(m.label, span, m.start, m.prev)


def _named_up_to_its_acronym(text: str, span: str, end: int) -> int:
    """How many characters after ``span`` (ending at ``end``) belong to it: the rest of
    a name the model cut at a connective, up to the acronym in brackets the article
    gives for the whole ("the World Travel" | "and Tourism Council (WTTC)"); 0 when the
    acronym is not the whole name's or is the rest's alone ("Fiat" | "and General
    Motors (GM)", "the World Bank" | "and International Monetary Fund (IMF)")."""
    found = _REST_AND_ACRONYM.match(text[end:])
    if not found:
        return 0
    rest, acronym = found.group(1), found.group(2).lower()
    whole = f"{span.removeprefix('the ').removeprefix('The ')}{rest}"
    names = [whole]
    if "." in whole.split()[0]:  # "U.N. Economic and Social Commission ... (ESCAP)"
        names.append(whole.split(maxsplit=1)[-1])
    rest_alone = rest.split(maxsplit=1)[-1]
    if any(acronym in acronyms(n, False) for n in names) and acronym not in acronyms(
        rest_alone, False
    ):
        return found.end(1)
    return 0


def _legal_form_only_after(first: str, second: str) -> bool:
    """True when ``second`` is a legal form after at most one word and ``first``, a
    name of two words or more, has none: the two halves of one company's name
    ("American Telephone" and "Telegraph Co", "Morgan Stanley" and "Co Inc"), not two
    companies ("IBM" and "Digital Equipment Corp", "Morgan Stanley" and "Goldman Sachs
    Group Inc.")."""
    second = second.strip()
    base = org_basename(second)
    return (
        len(first.split()) >= 2
        and org_basename(first) == first
        and base != second
        and len(base.split()) <= 1
        and not re.search(r" (?:and|&) ", second)  # "Allen and Co": a firm of its own
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
