"""More like this (issue 15): an article's similar articles are a search (``like=ID``),
with facets, dates, filters, sorting and exports, on the test corpus's real Wikinews
stories (tests/data/news/PROVENANCE.md) indexed with the real model.

What a reader relies on: the similar articles share the story's subject (no obituary of
a guitarist under a pandemic story), the article itself is never among them, and the
sidebar counts exactly the similar articles listed.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import pytest

from search import NotFoundError, Query, Settings, search
from search.models import SearchResult

#: Real Wikinews stories of the test corpus, and what their like-minded articles share.
CRASH = "wikinews-2700a201b127"  # Passenger flight crashes upon landing at Calicut
INTERVIEW = "wikinews-05fac847862d"  # Wikinews interviews Bill Hammons, nominee
DEATHS = "wikinews-b9159cb211a7"  # SARS-CoV-2 surpasses 100,000 deaths in the US
PROTESTS = "wikinews-7ea3e9e75358"  # Serbian protesters try to storm Parliament


@pytest.fixture(scope="module")
def settings(web_index_dir: Path) -> Settings:
    return Settings.load({"index_dir": web_index_dir}, environ={})


def like(settings: Settings, article_id: str, **changes: object) -> SearchResult:
    query = Query(like=article_id, page_size=100, fold=False).replace(**changes)
    return search(query, settings)


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_similar_articles_share_the_subject(settings: Settings) -> None:
    crashes = like(settings, CRASH)
    assert crashes.like_title and "Calicut" in crashes.like_title
    titles = [h.title for h in crashes.hits]
    assert len(titles) >= 3
    assert all(re.search(r"crash|disaster", t, re.I) for t in titles[:4]), titles

    interviews = [h.title for h in like(settings, INTERVIEW).hits]
    assert all("presidential" in t for t in interviews[:2]), interviews
    assert all("Wikinews interviews" in t for t in interviews[:2]), interviews
    # Past the close ones, still US politics: no weak tail of unrelated news.
    assert all(
        re.search(r"president|US |U\.S\.|Trump|Biden|Sanders|campaign", t)
        for t in interviews
    ), interviews

    protests = [h.title for h in like(settings, PROTESTS).hits]
    assert protests and all(
        re.search(r"protest|parliament|leader|prime minister", t, re.I)
        for t in protests[:6]
    ), protests


def test_a_pandemic_story_brings_back_pandemic_stories(settings: Settings) -> None:
    result = like(settings, DEATHS)
    assert result.total >= 4
    for hit in result.hits:
        body = search(
            Query(text="covid OR coronavirus OR pandemic OR virus", like=DEATHS),
            settings,
        )
        assert hit.id in {h.id for h in body.hits} or re.search(
            r"COVID|coronavirus|pandemic|virus|mask|face covering", hit.title, re.I
        ), hit.title


def test_never_the_article_itself(settings: Settings) -> None:
    for article_id in (CRASH, INTERVIEW, DEATHS, PROTESTS):
        assert article_id not in {h.id for h in like(settings, article_id).hits}


def test_facets_count_the_similar_articles(settings: Settings) -> None:
    result = like(settings, PROTESTS, facet_limit=1000)
    assert result.total == len(result.hits) > 5
    for kind, names_of in (
        ("person", lambda h: h.persons),
        ("org", lambda h: h.orgs),
        ("place", lambda h: h.places),
    ):
        listed = Counter(name for h in result.hits for name in names_of(h))
        counted = {v.label: v.count for v in result.facets[kind].values}
        assert counted == dict(listed), kind
    months = Counter(
        f"{h.published:%Y-%m}" if h.published else "undated" for h in result.hits
    )
    assert {v.value: v.count for v in result.facets["published_month"].values} == dict(
        months
    )


def test_filters_and_words_narrow_the_similar_articles(settings: Settings) -> None:
    everything = {h.id: h for h in like(settings, INTERVIEW).hits}
    person = next(p for h in everything.values() for p in h.persons)
    narrowed = like(settings, INTERVIEW, person=(person,))
    assert narrowed.hits and {h.id for h in narrowed.hits} <= set(everything)
    assert {h.id for h in narrowed.hits} == {
        i for i, h in everything.items() if person in h.persons
    }
    worded = like(settings, INTERVIEW, text="Biden")
    with_word = {
        h.id for h in search(Query(text="Biden", page_size=200), settings).hits
    }
    assert {h.id for h in worded.hits} == set(everything) & with_word
    newest = like(settings, INTERVIEW, sort="newest").hits
    days = [h.published for h in newest if h.published]
    assert days == sorted(days, reverse=True)
    assert {h.id for h in newest} == set(everything)


def test_an_unknown_article_is_a_clear_error(settings: Settings) -> None:
    with pytest.raises(NotFoundError, match="No article with id 'no-such-id'"):
        like(settings, "no-such-id")


# -- the page, the API, the CLI, the export --------------------------------------------


@pytest.fixture(scope="module")
def client(settings: Settings):
    from web import create_app

    return create_app(settings).test_client()


def test_the_page_is_a_search_with_facets(client, settings: Settings) -> None:
    page = html(client.get(f"/?like={INTERVIEW}"))
    assert re.search(r"<h1[^>]*>More like <a href=\"/articles/" + INTERVIEW, page)
    hits = like(settings, INTERVIEW)
    assert f"<strong>{hits.total}</strong> articles" in page
    # Each facet value narrows the similar articles, the chip removes "more like".
    person = hits.facets["person"].values[0]
    toggle = f"/?person={person.label.replace(' ', '+')}&amp;like={INTERVIEW}"
    assert toggle in page
    assert re.search(
        r'<a class="chip" href="/"[^>]*><span class="chip-kind">More like', page
    )
    # Ranked by likeness, and the sort says so (not "newest", as browsing would).
    assert re.search(r'class="current" aria-current="true">Relevance<', page)
    # Typing words in the box keeps "more like".
    assert f'<input type="hidden" name="like" value="{INTERVIEW}">' in page
    narrowed = html(client.get(f"/?like={INTERVIEW}&person={person.label}"))
    assert f"<strong>{person.count}</strong> article" in narrowed


def test_article_page_links_to_more_like_this(client) -> None:
    page = html(client.get(f"/articles/{CRASH}"))
    assert f'href="/?like={CRASH}"' in page


def test_api_cli_and_export(client, runner, settings: Settings) -> None:
    data = client.get(f"/api/search?like={CRASH}&page_size=3").get_json()
    expected = like(settings, CRASH)
    assert data["query"]["like"] == CRASH and "Calicut" in data["like_title"]
    assert data["total"] == expected.total
    assert [h["id"] for h in data["hits"]] == [h.id for h in expected.hits[:3]]
    similar = client.get(f"/api/articles/{CRASH}/similar?limit=3").get_json()
    assert [h["id"] for h in similar["hits"]] == [h.id for h in expected.hits[:3]]
    missing = client.get("/api/search?like=no-such-id")
    assert missing.status_code == 404 and "no-such-id" in missing.get_json()["error"]
    assert client.get("/?like=no-such-id").status_code == 404
    gone = client.get("/api/export.csv?like=no-such-id")
    assert gone.status_code == 404 and "no-such-id" in gone.get_json()["error"]

    export = client.get(f"/api/export.csv?like={CRASH}")
    assert export.status_code == 200
    assert f"news-search-like-{CRASH}.csv" in export.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert [r["id"] for r in rows] == [h.id for h in expected.hits]

    from search.cli import cli

    out = runner.invoke(
        cli, ["--index-dir", str(settings.index_dir), "search", "", "--like", CRASH]
    )
    assert out.exit_code == 0, out.output
    assert "More like: " in out.output and expected.hits[0].title in out.output
    bad = runner.invoke(
        cli, ["--index-dir", str(settings.index_dir), "search", "", "--like", "nope"]
    )
    assert bad.exit_code != 0 and "No article with id 'nope'" in bad.output
