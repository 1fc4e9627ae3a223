"""How an article writes an organisation's name (``search.extract.cues``) and what the
archive makes of it (``search.names.framed``): grounds and titles are no organisations,
employers and newspapers are."""

from __future__ import annotations

from search.extract import Mention
from search.extract.cues import written_as
from search.names.counts import SHORTENED, KeyCount
from search.names.framed import (
    AT_MATCH,
    CAPITAL_THE,
    MENTIONS,
    SPEAKS,
    THE,
    THE_INSIDE,
    framed_not_orgs,
)


def orgs_in(text: str, *names: str) -> list[Mention]:
    """An ORG mention at each name's first place in ``text``, as the model gives it."""
    out = []
    for name in names:
        start = text.index(name)
        before = text[:start].split()
        out.append(Mention("ORG", name, start, before[-1].lower() if before else ""))
    return out


def test_a_name_after_at_in_a_match_sentence_is_written_as_a_ground() -> None:
    text = "Milan beat Juventus in a penalty shootout after a 0-0 tie at Old Trafford."
    assert written_as(text, orgs_in(text, "Old Trafford"))["old trafford"] == {
        MENTIONS: 1,
        AT_MATCH: 1,
    }
    text = "Gray won his first cap against Australia at Murrayfield last year."
    assert written_as(text, orgs_in(text, "Murrayfield"))["murrayfield"][AT_MATCH] == 1
    for text, name in [
        ("The winger is fit for the trip to Murrayfield on 13 March.", "Murrayfield"),
        ("About 300 fans protested outside the Old Trafford ground.", "Old Trafford"),
    ]:
        assert written_as(text, orgs_in(text, name))[name.lower()][AT_MATCH] == 1


def test_an_employer_after_at_is_not_written_as_a_ground() -> None:
    for text, name in [
        (
            '"It was a respectable report," said Michael Moran, analyst at Daiwa.',
            "Daiwa",
        ),
        (
            "Giggs' own future at Old Trafford is up in the air after the win.",
            "Old Trafford",
        ),
        ("Jobs will be cut at Rover, the carmaker said.", "Rover"),
    ]:
        assert AT_MATCH not in written_as(text, orgs_in(text, name))[name.lower()]


def test_a_capital_the_counts_only_inside_a_sentence() -> None:
    text = (
        "The Incredibles took $33m. The animation award went to The Incredibles, and "
        "the Incredibles fans cheered."
    )
    starts = [i for i in range(len(text)) if text.startswith("Incredibles", i)]
    mentions = [Mention("ORG", "Incredibles", s, "the") for s in starts]
    assert written_as(text, mentions)["incredibles"] == {
        MENTIONS: 3,
        THE: 3,
        THE_INSIDE: 2,  # the first "The" starts the text
        CAPITAL_THE: 1,
    }
    text = 'He told reporters: "The Aviator is a fine film."'
    cues = written_as(text, orgs_in(text, "The Aviator"))["aviator"]
    assert cues[THE] == 1 and THE_INSIDE not in cues  # after a quote: a sentence start


def test_a_name_that_speaks_or_is_spoken_to_is_counted() -> None:
    for text, name in [
        ('"It is personal," the defender told The Guardian newspaper.', "The Guardian"),
        (
            "Ohio went to Trump, The Associated Press reported on Wednesday.",
            "The Associated Press",
        ),
        ("The ban was lifted, according to the Financial Times.", "Financial Times"),
    ]:
        key = name.lower().removeprefix("the ")
        assert written_as(text, orgs_in(text, name))[key][SPEAKS] == 1, text
    text = "The Oscar went to The Aviator, which was made by Miramax."
    assert SPEAKS not in written_as(text, orgs_in(text, "The Aviator"))["aviator"]


def count(articles: int, **cues: int) -> KeyCount:
    names = {"at_match": AT_MATCH, "capital_the": CAPITAL_THE, "inside": THE_INSIDE}
    pairs = tuple(sorted((names.get(k, k), n) for k, n in cues.items()))
    return KeyCount(cues.get("mentions", 0), articles, cues=pairs)


def test_the_archive_drops_grounds_and_titles_not_employers_or_newspapers() -> None:
    orgs = {
        "twickenham": count(8, mentions=8, at_match=7),
        "old trafford": count(12, mentions=15, at_match=8),
        "ubs": count(6, mentions=6),
        "derby": count(5, mentions=5, at_match=1),  # a club: "a 1-1 draw at Derby"
        "incredibles": count(8, mentions=12, the=12, inside=8, capital_the=8),
        "guardian": count(6, mentions=6, the=6, inside=5, capital_the=5),
        # Written like a title, but it speaks: the news agency, no work.
        "associated press": count(
            8, mentions=8, the=8, inside=8, capital_the=8, speaks=7
        ),
        "bbc": count(9, mentions=20, the=18, inside=15, capital_the=1),
        "kodak": count(18, mentions=65, the=5, inside=5, capital_the=4),
    }
    assert framed_not_orgs(orgs) == {"twickenham", "old trafford", "incredibles"}
    # Two articles are too few; a firm with a legal form keeps its "The".
    assert not framed_not_orgs({"anfield": count(2, mentions=3, at_match=3)})
    firm = KeyCount(
        10,
        10,
        legal_form=True,
        cues=count(10, mentions=10, the=9, inside=6, capital_the=5).cues,
    )
    assert not framed_not_orgs({"broken hill pty": firm})


def test_a_name_the_article_also_writes_by_its_first_word_is_shortened() -> None:
    """The evidence the archive needs to read "Ford" alone as Ford Motor Co in other
    articles: an article that writes both. No BBC article calls Digital Rights
    Management "Digital", so "Digital technology" in a story about pandas is not it."""
    text = "Ford Motor Co cut prices. Ford said sales rose."
    alone = written_as(text, orgs_in(text, "Ford Motor Co"))
    assert SHORTENED not in alone["ford motor"]
    both = orgs_in(text, "Ford Motor Co") + [
        Mention("ORG", "Ford", text.index("Ford said"), "prices.")
    ]
    assert written_as(text, both)["ford motor"][SHORTENED] == 1
