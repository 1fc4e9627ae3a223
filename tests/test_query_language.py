"""The search box's language (#15): ``-word``/``+word``, ``word~``, typo tolerance,
did-you-mean, unreadable syntax and bounded wildcards, on the Wikinews test corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from search import Query, Settings, open_index, search
from search.cli import cli
from search.query import translation
from web import create_app


@pytest.fixture(scope="module")
def wiki(web_index_dir: Path) -> Any:
    settings = Settings.load({"index_dir": web_index_dir}, environ={})
    index = open_index(settings)

    def run(text: str, **changes: Any) -> Any:
        return search(Query(text=text, page_size=1000, **changes), settings, index)

    run.settings = settings  # type: ignore[attr-defined]
    return run


def ids(result: Any) -> set[str]:
    assert len(result.hits) == result.total
    return {h.id for h in result.hits}


def test_minus_excludes_a_word(wiki) -> None:
    biden, trump = ids(wiki("biden")), ids(wiki("trump"))
    without = wiki("biden -trump")
    assert ids(without) == biden - trump
    assert (len(biden), len(biden & trump), without.total) == (10, 8, 2)
    assert not without.notices
    # The same through Whoosh's own operators; ANDNOT's matcher keeps each segment's
    # first match in whoosh3, so it is searched as AND NOT.
    assert (
        ids(wiki("biden ANDNOT trump")) == ids(wiki("biden NOT trump")) == biden - trump
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-trump", lambda d: d[""] - d["trump"]),
        ("+biden trump", lambda d: d["biden"] & d["trump"]),
        ("+biden +trump", lambda d: d["biden"] & d["trump"]),
        ("korea -biden -trump", lambda d: d["korea"] - d["biden"] - d["trump"]),
        ("(biden -trump) OR korea", lambda d: (d["biden"] - d["trump"]) | d["korea"]),
        ('biden -"donald trump"', lambda d: d["biden"] - d['"donald trump"']),
        # A hyphen inside a word or standing alone is no sign.
        ("Biden-Trump", lambda d: d["biden"] & d["trump"]),
        ("biden - trump", lambda d: d["biden"] & d["trump"]),
    ],
)
def test_plus_and_minus(wiki, text, expected) -> None:
    words = {w: ids(wiki(w)) for w in ("", "biden", "trump", "korea", '"donald trump"')}
    assert ids(wiki(text)) == expected(words)


def test_fuzzy_words(wiki) -> None:
    coronavirus = ids(wiki("coronavirus"))
    assert ids(wiki("coronavrus~")) == coronavirus
    assert ids(wiki("coronavirus~")) >= coronavirus
    assert ids(wiki("pandemik~")) == ids(wiki("pandemic"))
    assert wiki("coronavirsu~").total == 0  # two edits away: ~2 needed
    assert ids(wiki("coronavirsu~2")) >= coronavirus


def test_a_word_no_article_has_is_searched_as_its_close_spelling(wiki) -> None:
    typed = wiki("coronavirsu pandemik")
    assert ids(typed) == ids(wiki("coronavirus pandemic")) and typed.total == 5
    assert (typed.searched_for, typed.search_instead) == (
        "coronavirus pandemic",
        '"coronavirsu" "pandemik"',
    )
    assert typed.notices == (
        "Showing results for coronavirus pandemic; search instead for "
        '"coronavirsu" "pandemik" (quoted words are searched as typed).',
    )
    assert typed.suggestion is None
    # Quoted, the words are searched as typed; did-you-mean offers the close ones.
    literal = wiki(typed.search_instead)
    assert (literal.total, literal.searched_for) == (0, None)
    assert literal.suggestion == '"coronavirus" "pandemic"'


def test_close_spellings_are_frequent_words_of_the_index(wiki) -> None:
    result = wiki("Pompeo Nort Korea")
    assert result.searched_for == "Pompeo north Korea"
    assert ids(result) == ids(wiki("Pompeo north Korea"))
    assert wiki("Beigun").searched_for == "biegun"  # a swap of two letters is one edit
    # Known words, short words and excluded words are taken as typed.
    assert wiki("pompeo korea").searched_for is None
    assert wiki("nrt").searched_for is None
    assert wiki("korea -trupm").searched_for is None
    assert '"pandemik"' not in (wiki('"pandemik"').suggestion or "pandemik")


@pytest.mark.parametrize(
    ("text", "words"),
    [('"unbalanced korea', "unbalanced korea"), ("title:(virus", "virus")],
)
def test_unbalanced_quotes_and_brackets_are_searched_as_words_with_a_notice(
    wiki, text, words
) -> None:
    result = wiki(text)
    assert result.notices == (
        "Your query could not be read as search syntax; searched for any of the "
        f"words {words!r} instead.",
    )
    assert result.total >= 1


def test_the_unreadable_syntax_notice_on_page_api_and_cli(wiki, runner) -> None:
    settings = wiki.settings
    client = create_app(settings).test_client()
    notice = "could not be read as search syntax"
    assert notice in client.get("/?q=%22unbalanced").get_data(as_text=True)
    assert notice in client.get("/api/search?q=%22unbalanced").get_json()["notices"][0]
    result = runner.invoke(
        cli, ["--index-dir", str(settings.index_dir), "search", '"unbalanced']
    )
    assert result.exit_code == 0 and f"Notice: Your query {notice}" in result.stderr


def test_a_star_is_every_article(wiki) -> None:
    star, browse = wiki("*"), wiki("")
    assert (star.total, star.notices) == (browse.total, ())
    assert [h.id for h in star.hits] == [h.id for h in browse.hits]


def test_a_wildcard_standing_for_too_many_words_is_refused(wiki, monkeypatch) -> None:
    assert wiki("korea*").total >= 1
    monkeypatch.setattr(translation, "MAX_EXPANDED_TERMS", 3)
    result = wiki("s*")
    assert (result.total, result.hits) == (0, ())
    assert result.notices == (
        "s* stands for more than 3 words of the index, too many to search: "
        "add letters to it.",
    )


def test_the_api_gives_the_correction(wiki) -> None:
    client = create_app(wiki.settings).test_client()
    data = client.get("/api/search?q=coronavirsu").get_json()
    assert (data["searched_for"], data["search_instead"]) == (
        "coronavirus",
        '"coronavirsu"',
    )
    assert (
        json.loads(client.get("/api/search?q=korea").get_data())["searched_for"] is None
    )
