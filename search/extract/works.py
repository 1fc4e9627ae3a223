"""Works, bands, firms, awards, honours and products the model calls persons,
organisations or places, read from the words around them: "the comedy Sideways",
"Sideways star Thomas Haden Church", "the Franz Ferdinand frontman", "Gazprom shares",
"the Bafta film awards", "the Most Brilliant Order of the Sun", "Windows XP machines".
One framed mention decides every mention of the name in the article (a title is a
title all through it). Steps of
:func:`search.extract.framing.framed_mentions`, in their own module as one concept, as
:mod:`search.extract.sport` is for competitions and grounds.
"""

from __future__ import annotations

import re

from ..names import normalise_text
from ..names.places import Gazetteer
from ..names.words import (
    BAND_MEMBERS_AFTER,
    EVENT_KINDS,
    EVENT_WORDS_AFTER_NAME,
    FACILITY_CUES,
    NAMED_AFTER_HEADS,
    NAMED_AFTER_LINKS,
    NAMED_AFTER_LOWER,
    ORG_WORDS_AFTER_NAME,
    PRODUCT_WORDS_AFTER_NAME,
    TITLES,
    WORK_CUES,
    WORK_CUES_AFTER,
    WORK_MAKERS_AFTER,
)
from .mending import NAME_LABELS, NEXT_WORD, span_end, written_at
from .mentions import Mention
from .titles import title_tails

#: Work words that are also verbs ("polls show", "they play Arsenal").
_VERB_LIKE_CUES = frozenset({"play", "show"})
#: Words before one of those that make it the noun ("the show", "a hit play").
_NOUN_MARKERS = frozenset({"the", "a", "an", "hit", "tv", "new", "his", "her", "their"})
# "the next James Bond", "unearth the next Tim Henman": a role or a likeness, not the
# person ("the new Mini" is a car; "new" also comes before a person's own new work).
_THE_NEXT = re.compile(r"(?:^|\W)[Tt]he next \Z")
#: A work word before an organisation's name, not a person's ("the BBC programme
#: Newsnight"; "the programme John Humphrys presents" names the man).
_PROGRAMME = frozenset({"programme", "programmes"})
# A capitalised word right before a span, after a space.
_CUT_WORD = re.compile(r"(?<=\s)[A-Z][\w'’-]*\s+\Z")
#: Words between a work word and the work's title ("movies, including School Daze").
_WORK_LINKS = frozenset({"including", "like", "such", "as", "the", "a", "an"})
# "FTSE 100", "Nikkei 225", "S&P 500": a name and the number of a stock index (not
# a year, not a figure with a unit or a decimal).
_INDEX_NUMBER = re.compile(
    r"^ (?!19\d\d|20\d\d)\d{2,4}(?!\d|[.,]\d|%)(?! ?(?:pct|mln|bln))"
)
# A model's mark, then a launch vehicle or a missile: "Falcon 9 rocket", "Falcon Heavy
# rockets", "Atlas V rocket" are made things; the maker is named alone ("a SpaceX
# rocket"), and a plane's model ("a Boeing 737 jet") often names its maker.
_LAUNCHER = re.compile(
    r"^ (?:\d{1,3}[A-Z]?|[IVX]{1,4}|Heavy)"
    r" (?:rockets?|launchers?|launch vehicles?|missiles?|boosters?)\b"
)
# A word and a capitalised word after a span: "star Thomas", "author JK".
_MAKER_AFTER = re.compile(r"^ ([\w-]+) [A-Z]")
# " and the Prisoner of Azkaban": the rest of a title a character's name begins
# ("Harry Potter and the Half-Blood Prince", "Shang-Chi and the Legend of the Ten
# Rings"), capitalised words with "of" or a hyphen among them.
_AND_THE_TITLE = re.compile(r"^ and the ([A-Z][\w'’-]*(?: (?:of|the|[A-Z][\w'’-]*))*)")
# The next word on the same line (``NEXT_WORD`` reads across a line break).
_SAME_LINE_WORD = re.compile(r"^ ([\w'’-]+)")
# "the Most Brilliant Order of the " before "Sun": an honour's name goes on.
_HONOUR_BEFORE = re.compile(r"\bOrder of (?:the )?\Z")
# "versions of Windows XP", "a copy of Windows": a product's name follows.
_VERSION_OF = re.compile(r"\b(?:versions?|cop(?:y|ies)|editions?) of $")
_PLACE_LABELS = ("GPE", "LOC")
# ", a BBC World Service and WGBH-Boston co-production", ", the ITV drama about ...": an
# apposition whose head noun (its last word before a stop) says what the name is.
_APPOSITION_HEAD = re.compile(
    r"^,\s+(?:a|an|the)\s+([^,.;:!?()\"“”\n]{0,70}?)"
    r"(?=\s*[,.;:!?()\"“”\n]|\s+(?:about|after|at|based|behind|between|by|for|from|"
    r"in|into|of|on|over|set|starring|that|to|under|which|who|with)\b)"
)
#: Head nouns of such an apposition that make the name a work; not "programme" (the
#: government's: "Social Security, the pensions programme") nor "album" ("Flickr, a web
#: photo album").
_WORK_HEADS = (WORK_CUES - {"album"}) | {"co-production", "production"}
# A head word of a thing named after a person, after at most two linking words, on the
# span's line ("Kennedy International Airport", "Webb space telescope").
_NAMED_AFTER = re.compile(
    r"^(?: (?:{links})){{0,2}} ({heads})\b".format(
        links="|".join(sorted(NAMED_AFTER_LINKS)),
        heads="|".join(sorted(NAMED_AFTER_HEADS)),
    ),
    re.IGNORECASE,
)


def works_and_bands(
    text: str, mentions: list[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    """``mentions`` with the spans framed as works or bands relabelled
    (:func:`_work_or_not`), and every other mention of the same name in the article
    too (:func:`_every_mention_of_works`); the ends of titles the model cut are works
    (:func:`search.extract.titles.title_tails`)."""
    works = [m for m in mentions if m.label == "WORK_OF_ART" and written_at(text, m)]
    starts = {m.start for m in mentions}
    framed = [_work_or_not(text, m, works, starts, gazetteer) for m in mentions]
    return title_tails(text, _every_mention_of_works(text, mentions, framed))


def _work_or_not(
    text: str,
    m: Mention,
    works: list[Mention],
    starts: set[int],
    gazetteer: Gazetteer,
) -> Mention:
    """A span framed as a work is counted as one (a WORK_OF_ART vote against the
    organisation, person or place the model saw).

    - A person or a place the gazetteer does not know: a work word shortly before it
      ("films like Harry Potter", "the comedy Sideways"), or a maker's or a player's
      word after it ("Sideways star Thomas Haden Church", "Harry Potter author JK
      Rowling"); a person followed by a band member's word is a band, an organisation
      ("the Franz Ferdinand frontman"). A person beginning a title ("Harry Potter and
      the Prisoner of Azkaban", :func:`_a_title_begun`) is a work, and one after "the
      next" a role ("the next James Bond"), no mention of the person.
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
    if m.label == "PERSON":
        if _named_after(text, m):
            return Mention("FAC", m.text, m.start, m.prev)
        if (
            _work_word_before(text[: m.start], nouns_only=True)
            or _maker_after(text, m)
            or _a_title_begun(text, m, starts)
            or _THE_NEXT.search(text[max(0, m.start - 10) : m.start])
        ):
            return Mention("WORK_OF_ART", m.text, m.start, m.prev)
        if _word_after(text, m) in BAND_MEMBERS_AFTER and " " in m.text:
            return Mention("ORG", m.text, m.start, m.prev)
        return m
    if m.label in _PLACE_LABELS:
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
    rest = text[span_end(m) :]
    if _INDEX_NUMBER.match(rest) or _LAUNCHER.match(rest):
        # "FTSE 100", "Nikkei 225": an index; "Falcon 9 rocket": a made thing
        return Mention("PRODUCT", m.text, m.start, m.prev)
    if m.text.isupper():
        return m
    after = NEXT_WORD.match(text[span_end(m) :])
    following = after.group(1).lower() if after else ""
    if following in FACILITY_CUES:
        return Mention("FAC", m.text, m.start, m.prev)
    if (
        following in WORK_CUES_AFTER
        or _work_word_before_title(text[: m.start])
        or _beside_a_work(text, m, works)
        or _apposed_work(text, m)
    ):
        return Mention("WORK_OF_ART", m.text, m.start, m.prev)
    return m


def _named_after(text: str, m: Mention) -> bool:
    """A person's name that names a thing: a head word of such a thing ends the span
    ("James Webb Space Telescope" read whole as a person) or follows it on the line,
    after at most two linking words ("James Webb space telescope", "John F. Kennedy
    International Airport"). The head is capitalised, as a name's is, but for the
    things no verb or common phrase could mean ("the James Webb space telescope"; not
    "had Smith act as"). Only that mention: the person may be named too ("President
    Kennedy")."""
    words = m.text.split()
    if len(words) > 1 and words[-1].lower().strip(".,") in NAMED_AFTER_HEADS:
        return True
    after = _NAMED_AFTER.match(text[span_end(m) :])
    if after is None:
        return False
    head = after.group(1)
    return head[0].isupper() or head.lower() in NAMED_AFTER_LOWER


def _a_title_begun(text: str, m: Mention, starts: set[int]) -> bool:
    """A name that begins a title ("Harry Potter and the Prisoner of Azkaban"): "and
    the" and capitalised words with "of" or a hyphen among them, where the model found
    no name and no post begins ("Bush and the Department of Defense", "Baker and the
    Finance Ministers of Japan" are two)."""
    rest = span_end(m)
    match = _AND_THE_TITLE.match(text[rest:])
    if match is None or any(rest < s <= rest + match.start(1) for s in starts):
        return False  # the model found a name there ("the Department of Defense")
    title = match.group(1)
    words = title.split()
    return words[0].lower() not in TITLES and (
        " of " in title or any("-" in w for w in words)
    )


def _apposed_work(text: str, m: Mention) -> bool:
    """An apposition after the name whose head noun is a work's ("The World, a BBC World
    Service and WGBH-Boston co-production"; not "Universal, the film studio")."""
    match = _APPOSITION_HEAD.match(text[span_end(m) :])
    if match is None:
        return False
    words = match.group(1).split()
    return bool(words) and words[-1].lower() in _WORK_HEADS


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
    before "tour" is the band's in its other mentions ("the Coldplay tour"); a
    character's surname alone is the character ("as Bond")."""
    relabelled = {
        normalise_text(new.text): new.label
        for old, new in zip(before, after, strict=True)
        if new.label != old.label
        and new.label in ("WORK_OF_ART", "ORG")
        and (old.label != "ORG" or _work_word_before_title(text[: old.start]))
    }
    # A character's surname alone is the character too ("the next James Bond ... as
    # Bond"), as a person or a body; as a place it is the place ("Hotel Rwanda").
    surnames = {
        normalise_text(new.text.split()[-1]): new.label
        for old, new in zip(before, after, strict=True)
        if old.label == "PERSON" and new.label == "WORK_OF_ART" and " " in new.text
    }
    return _relabel_every_mention(
        _relabel_every_mention(after, relabelled, NAME_LABELS),
        surnames,
        ("PERSON", "ORG"),
    )


def _work_word_before_title(before: str) -> bool:
    """A work word before an organisation's span, or before the one capitalised word
    of the title the model left out of it ("the BBC programme Go Digital", whose span
    is "Digital"); before an organisation "programme" is one too ("the Radio 4
    programme Today")."""
    cut = _CUT_WORD.search(before)
    return _work_word_before(before, extra=_PROGRAMME) or (
        cut is not None and _work_word_before(before[: cut.start()], extra=_PROGRAMME)
    )


def _work_word_before(
    before: str, nouns_only: bool = False, extra: frozenset[str] = frozenset()
) -> bool:
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
        if word in WORK_CUES or (word in extra and raw.lower() == word):
            if not nouns_only or word not in _VERB_LIKE_CUES:
                return True
            marker = words[i - 1].lower() if i > 0 else ""
            return marker in _NOUN_MARKERS or marker.endswith(("'s", "’s"))
        if word not in _WORK_LINKS and not raw.endswith(":"):
            return False
    return False


def firms_awards_and_products(
    text: str, mentions: list[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    """Every mention of a name the model calls a place, which the gazetteer does not
    know, labelled ORG where a word after one of its mentions says it is a firm
    ("Gazprom shares", "Gazprom chief Alexei Miller"), EVENT where it says it is an
    award ("the Bafta awards") and PRODUCT where words around it say it is a product
    ("Windows XP machines", "versions of Windows XP")."""
    labels: dict[str, str] = {}
    for m in mentions:
        if m.label not in _PLACE_LABELS or not written_at(text, m):
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
    return _relabel_every_mention(mentions, labels, _PLACE_LABELS)


def honours(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with a name right after "Order of" labelled EVENT, as awards are:
    the end of an honour's name the model cut ("the Most Brilliant Order of" | "the
    Sun", "Order of the" | "British Empire"), no organisation or place. Only that
    mention: the name may stand for itself elsewhere."""
    return [
        Mention("EVENT", m.text, m.start, m.prev)
        if m.label in NAME_LABELS
        and written_at(text, m)
        and _HONOUR_BEFORE.search(text[max(0, m.start - 20) : m.start])
        else m
        for m in mentions
    ]


def _relabel_every_mention(
    mentions: list[Mention],
    labels: dict[str, str],
    among: frozenset[str] | tuple[str, ...],
) -> list[Mention]:
    """``mentions`` with each one of a label in ``among`` whose name is keyed in
    ``labels`` ({normalised name: label}) given that label."""
    if not labels:
        return mentions
    return [
        Mention(label, m.text, m.start, m.prev)
        if m.label in among
        and (label := labels.get(normalise_text(m.text))) is not None
        else m
        for m in mentions
    ]
