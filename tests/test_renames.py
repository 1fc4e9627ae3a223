"""An organisation's former name the article gives as such is no second organisation
(search/extract/renames.py), on sentences of the audit corpora (Reuters 1987, BBC 2005,
Wikinews 2020) with the spans the small English model gives for them."""

from __future__ import annotations

from test_framing import spans

from search.extract import resolve_article
from search.extract.framing import framed_mentions


def names(text: str, *found: tuple[str, str]) -> set[str]:
    return {e.name for e in resolve_article(framed_mentions(text, spans(text, *found)))}


def test_formerly_after_a_name_makes_the_next_one_its_old_name() -> None:
    # Reuters 1987: the old name once more, possessive and tagged GPE, goes with it.
    text = (
        "Shareholders of PHLCORP Inc, formerly Baldwin-United Corp, nominated "
        "Leucadia National Corp's slate. Leucadia bought the notes in Baldwin-United's "
        "reorganisation."
    )
    found = names(
        text,
        ("ORG", "PHLCORP Inc"),
        ("ORG", "Baldwin-United Corp"),
        ("ORG", "Leucadia National Corp's"),
        ("ORG", "Leucadia"),
        ("GPE", "Baldwin-United's"),
    )
    assert "PHLCORP Inc" in found
    assert not any("Baldwin" in name for name in found)


def test_formerly_known_as_before_a_name_and_founded_as() -> None:
    text = (
        "Formerly known as Worldcom, MCI is a long-distance and corporate phone firm. "
        "The Solidarity Party was founded in 2011 as the Christian Democratic Party. "
        "The party supports the Democratic Party's presidential ticket."
    )
    found = names(
        text,
        ("ORG", "Worldcom"),
        ("ORG", "MCI"),
        ("ORG", "The Solidarity Party"),
        ("ORG", "the Christian Democratic Party"),
        ("ORG", "the Democratic Party's"),
    )
    assert found == {"MCI", "Solidarity Party", "Democratic Party"}


def test_a_post_at_a_body_or_a_past_employer_is_no_old_name() -> None:
    # Wikinews 2020 and BBC 2005: "formerly" before a post of the body, or "of" it.
    text = (
        "Trump granted David Safavian, formerly the General Services "
        "Administration's chief of staff, a pardon. Bruce Robinson of Basic American "
        "Foods and Michael Rogers, formerly of Tyson Foods, spoke."
    )
    found = names(
        text,
        ("PERSON", "Trump"),
        ("PERSON", "David Safavian"),
        ("ORG", "the General Services Administration's"),
        ("PERSON", "Bruce Robinson"),
        ("ORG", "Basic American Foods"),
        ("PERSON", "Michael Rogers"),
        ("ORG", "Tyson Foods"),
    )
    assert {"General Services Administration", "Tyson Foods"} <= found


def test_a_state_a_body_was_founded_as_is_no_old_name_of_the_body() -> None:
    text = "The Federal Republic was founded in 1949 as West Germany."
    found = names(text, ("ORG", "The Federal Republic"), ("GPE", "West Germany"))
    assert any("Germany" in name for name in found)
