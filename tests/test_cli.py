"""The ``news-search`` command end to end: click's CliRunner on the real CLI, with the
real spaCy model and real Whoosh indexes under tmp_path (one run of the installed
command goes through a subprocess).

Searches read the session seed index or a small module index of dated articles; only
tests that index something build their own.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from search.cli import cli

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_000 = "000_8f928ed757ee3960"  # undated, names Mike Pompeo
SEED_002 = "002_8c9f69aaa352faaa"  # "date 2020-07-08" header
SUMMARY = re.compile(
    r"indexed (\d+), updated (\d+), unchanged (\d+), removed (\d+), skipped (\d+)"
    r"( \(.*\))? in \d+\.\ds"
)
HIT_KEYS = {"id", "title", "published", "published_inferred", "snippet", "persons"}
HIT_KEYS |= {"orgs", "places", "source"}
FACETS = {
    "person",
    "org",
    "place",
    "published_year",
    "published_month",
    "language",
    "format",
}
EXTRACT_KEYS = {"id", "title", "published", "published_source", "mentioned_dates"}
EXTRACT_KEYS |= {"persons", "orgs", "places"}

#: Three short dated articles and an undated one: filters, sorting, paging, facets.
HARBOUR = [
    {
        "id": "h1",
        "title": "Dock strike closes Rotterdam harbour",
        "text": "Dock workers in Rotterdam walked out on Tuesday, closing the harbour. "
        "Union leader Jan de Vries said the strike would last a week.",
        "date": "2019-08-20",
        "url": "https://example.org/h1",
    },
    {
        "id": "h2",
        "title": "Merkel visits Hamburg harbour",
        "text": "German Chancellor Angela Merkel toured the harbour in Hamburg on "
        "Wednesday and met port workers.",
        "date": "2019-08-28",
    },
    {
        "id": "h3",
        "title": "New harbour terminal opens in Kiel",
        "text": "Angela Merkel opened a container terminal at the harbour in Kiel, "
        "Germany, on Wednesday.",
        "date": "2020-07-15",
    },
    {
        "id": "h4",
        "title": "Harbour seals return to the Thames",
        "text": "Harbour seals & sea lions have been seen again in the Thames near "
        "London, the Zoological Society of London said.",
    },
]


@pytest.fixture(autouse=True)
def _no_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings come only from what each test passes, not from the caller's shell."""
    for name in list(os.environ):
        if name.startswith("NEWS_SEARCH_"):
            monkeypatch.delenv(name)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def summary(result: Result) -> tuple[int, ...]:
    """(indexed, updated, unchanged, removed, skipped) of the one closing line."""
    match = SUMMARY.fullmatch(result.stdout.strip())
    assert match and result.stdout.count("\n") == 1, result.stdout
    return tuple(int(n) for n in match.groups()[:5])


def assert_error(result: Result, *fragments: str, exit_code: int = 1) -> str:
    """A handled error: one ``Error:`` line on stderr, no traceback, no stdout."""
    assert result.exit_code == exit_code, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    for fragment in fragments:
        assert fragment in errors[0]
    return errors[0]


@pytest.fixture
def seed(runner: CliRunner, seed_index_dir: Path):
    """``news-search --index-dir <seed index> ARGS...`` (read-only)."""

    def run(*args: str) -> Result:
        return runner.invoke(cli, ["--index-dir", str(seed_index_dir), *args])

    return run


@pytest.fixture(scope="module")
def harbour_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("harbour")
    source = root / "harbour.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in HARBOUR), encoding="utf-8")
    index_dir = root / "index"
    ok(
        CliRunner().invoke(
            cli, ["--silent", "--index-dir", str(index_dir), "index", str(source)]
        )
    )
    return index_dir


@pytest.fixture
def harbour(runner: CliRunner, harbour_index_dir: Path):
    def run(*args: str) -> Result:
        return runner.invoke(cli, ["--index-dir", str(harbour_index_dir), *args])

    return run


def search_json(run, *args: str) -> dict:
    return json.loads(ok(run("search", *args, "--json")).stdout)


def ids(data: dict) -> list[str]:
    return [hit["id"] for hit in data["hits"]]


def counts(facet: list[dict]) -> list[tuple[str, int]]:
    return [(v["value"], v["count"]) for v in facet]


# ------------------------------------------------------------------------------- index


def test_index_prints_a_progress_bar_and_one_summary_line(runner, tmp_path):
    index_dir = str(tmp_path / "index")
    result = ok(runner.invoke(cli, ["--index-dir", index_dir, "index", str(SEEDS)]))
    assert summary(result) == (2, 0, 0, 0, 0)
    assert "indexing" in result.stderr and "2/2" in result.stderr  # tqdm, on stderr

    again = ok(
        runner.invoke(cli, ["--silent", "--index-dir", index_dir, "index", str(SEEDS)])
    )
    assert summary(again) == (0, 0, 2, 0, 0)
    assert again.stderr == ""  # --silent: no bar


def test_index_of_a_path_that_does_not_exist_is_an_error(runner, tmp_path):
    index_dir = str(tmp_path / "index")
    missing = str(tmp_path / "nowhere")
    result = runner.invoke(
        cli, ["--index-dir", index_dir, "index", str(SEEDS), missing]
    )
    assert_error(result, "does not exist", exit_code=2)
    assert not (tmp_path / "index").exists()


# ---------------------------------------------------------- search: the checks


def test_biegun_has_two_hits_and_pompeo_one(seed):
    assert sorted(ids(search_json(seed, "Biegun"))) == [SEED_000, SEED_002]
    pompeo = search_json(seed, "Biegun", "--person", "Mike Pompeo")
    assert (pompeo["total"], ids(pompeo)) == (1, [SEED_000])


def test_publication_dates_of_the_seeds(seed):
    hits = {hit["id"]: hit for hit in search_json(seed, "")["hits"]}
    assert hits[SEED_002]["published"] == "2020-07-08"  # from its "date" header
    assert hits[SEED_002]["published_inferred"] is False
    undated = hits[SEED_000]
    # No date in the text: undated, or at most an inferred date marked as such.
    assert undated["published"] is None or undated["published_inferred"] is True
    if undated["published"] is None:
        assert undated["published_inferred"] is False


def test_search_json_shape(seed):
    data = search_json(seed, "Biegun")
    assert {"total", "page", "hits", "facets", "suggestion"} <= data.keys()
    assert (data["total"], data["page"], data["suggestion"]) == (2, 1, None)
    for hit in data["hits"]:
        assert HIT_KEYS <= hit.keys()
        assert "Biegun</mark>" in hit["snippet"] and "<mark" in hit["snippet"]
        assert all(isinstance(hit[k], list) for k in ("persons", "orgs", "places"))
        assert Path(hit["source"]).parent == Path(SEEDS.name)  # relative to the root
        assert any("Biegun" in name for name in hit["persons"])
    assert set(data["facets"]) == FACETS
    for values in data["facets"].values():
        assert all({"value", "count"} <= v.keys() for v in values)
        numbers = [v["count"] for v in values]
        assert numbers == sorted(numbers, reverse=True)
    years = sorted(counts(data["facets"]["published_year"]))
    assert years == [("2020", 1), ("undated", 1)]
    months = sorted(counts(data["facets"]["published_month"]))
    assert months == [("2020-07", 1), ("undated", 1)]
    assert ("Mike Pompeo", 1) in counts(data["facets"]["person"])


def test_search_text_output(seed):
    out = ok(seed("search", "Biegun")).stdout
    assert out.startswith("2 articles; showing 1-2 (page 1 of 1)")
    assert "2020-07-08" in out and "undated" in out
    assert "[Biegun]" in out  # matches marked off a terminal


def test_empty_query_matches_every_article(seed, harbour):
    assert search_json(seed, "")["total"] == 2
    # Browsing without a keyword lists the newest first, undated articles last.
    assert ids(search_json(harbour, "")) == ["h3", "h2", "h1", "h4"]


def test_snippets_are_escaped_html(harbour):
    [hit] = search_json(harbour, "seals")["hits"]
    assert "seals</mark> &amp; sea lions" in hit["snippet"]


def test_a_typo_is_searched_as_the_close_word_with_a_notice(seed):
    result = ok(seed("search", "Beigun", "--json"))
    data = json.loads(result.stdout)
    assert data["total"] == 2
    assert (data["searched_for"], data["search_instead"]) == ("biegun", '"Beigun"')
    assert 'Notice: Showing results for biegun; search instead for "Beigun"' in (
        result.stderr
    )


def test_did_you_mean_for_a_quoted_word(seed):
    data = search_json(seed, '"Beigun"')
    assert data["total"] == 0
    assert data["suggestion"] == '"biegun"'


# ------------------------------------------------------- search: filters, order, pages


LAST_WEEK = "last week of August 2019"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        # Both ends are inclusive.
        (["--from", "2019-08-20", "--to", "2019-08-28"], ["h1", "h2"]),
        (["--to", "2019-08-27"], ["h1"]),
        (["--from", "July 2020"], ["h3"]),
        # --to a month means up to its last day.
        (["--from", "August 2019", "--to", "August 2019"], ["h1", "h2"]),
        (["--from", LAST_WEEK, "--to", LAST_WEEK], ["h2"]),
    ],
)
def test_date_filters_accept_iso_and_natural_language(harbour, options, expected):
    data = search_json(harbour, "harbour", "--sort", "oldest", *options)
    assert ids(data) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["h3", "h2", "h1", "h4"]),
        ("oldest", ["h1", "h2", "h3", "h4"]),  # undated last either way
    ],
)
def test_sort_by_date(harbour, sort, expected):
    assert ids(search_json(harbour, "harbour", "--sort", sort)) == expected


def test_relevance_ranks_title_matches_first(harbour):
    # Both name Merkel in the text; only h2 in its title.
    assert ids(search_json(harbour, "Merkel")) == ["h2", "h3"]


def test_pages(harbour):
    page2 = search_json(
        harbour, "harbour", "--sort", "oldest", "--page-size", "3", "--page", "2"
    )
    assert (page2["total"], page2["page"], ids(page2)) == (4, 2, ["h4"])


def test_a_page_past_the_end_is_empty_with_a_notice(harbour):
    result = ok(harbour("search", "harbour", "--page", "5", "--json"))
    assert json.loads(result.stdout)["hits"] == []
    assert "Notice: Page 5 is past the last page (1)." in result.stderr


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--person", "Angela Merkel"], ["h2", "h3"]),
        (["--person", "angela merkel"], ["h2", "h3"]),  # names match whatever the case
        # Values of one facet are OR-ed, facets AND-ed.
        (["--person", "Angela Merkel", "--person", "Jan de Vries"], ["h1", "h2", "h3"]),
        (["--person", "Angela Merkel", "--place", "Hamburg"], ["h2"]),
        (["--org", "Zoological Society of London"], ["h4"]),
        (["--place", "London"], ["h4"]),
        (["--person", "Nobody Known"], []),
    ],
)
def test_entity_filters(harbour, options, expected):
    assert ids(search_json(harbour, "", "--sort", "oldest", *options)) == expected


def test_facets_count_entities_and_dates(harbour):
    facets = search_json(harbour, "")["facets"]
    assert counts(facets["person"])[0] == ("Angela Merkel", 2)
    assert ("Hamburg", 1) in counts(facets["place"])
    # Largest count first; undated articles are counted under "undated".
    years = counts(facets["published_year"])
    assert years == [("2019", 2), ("2020", 1), ("undated", 1)]
    months = counts(facets["published_month"])
    assert months == [("2019-08", 2), ("2020-07", 1), ("undated", 1)]


# ------------------------------------------------------------------- search: bad input


@pytest.mark.parametrize("page", ["-3", "0"])
def test_a_page_below_one_is_an_error(seed, page):
    result = seed("search", "Biegun", "--page", page)
    assert_error(result, f"page must be 1 or more, not {page}")


def test_from_after_to_is_an_error(seed):
    assert_error(
        seed("search", "", "--from", "2020-08-01", "--to", "July 2020"),
        "'from' date 2020-08-01 is after the 'to' date 2020-07-31",
    )


def test_an_unreadable_date_is_a_usage_error(seed):
    assert_error(
        seed("search", "", "--from", "the day after never"),
        "--from",
        "'the day after never'",
        exit_code=2,
    )


@pytest.mark.parametrize(
    "text", ["published:[soon TO later] Korea", "Biegun published:xyz"]
)
def test_a_malformed_query_is_searched_as_words_with_a_notice(seed, text):
    result = ok(seed("search", text, "--json"))
    notice = "could not be read as search syntax; searched for any of the words"
    data = json.loads(result.stdout)
    assert notice in data["notices"][0]
    assert f"Notice: Your query {notice}" in result.stderr
    assert data["total"] >= 1  # the plain words still find the seeds
    assert data["suggestion"] is None


def test_a_query_with_nothing_searchable_says_so(seed):
    result = ok(seed("search", "(((", "--json"))
    data = json.loads(result.stdout)
    assert data["total"] == 0
    assert "no searchable words" in data["notices"][0]


def test_search_without_an_index_says_how_to_build_one(runner, tmp_path):
    result = runner.invoke(cli, ["--index-dir", str(tmp_path / "index"), "search", "x"])
    assert_error(result, f"No index in {tmp_path / 'index'}", "news-search index")


# --------------------------------------------------------- --index-dir and environment


def test_index_dir_from_the_environment(runner, seed_index_dir, tmp_path):
    env = {"NEWS_SEARCH_INDEX_DIR": str(seed_index_dir)}
    result = ok(runner.invoke(cli, ["search", "Biegun", "--json"], env=env))
    assert json.loads(result.stdout)["total"] == 2
    # The command-line option wins over the environment.
    env = {"NEWS_SEARCH_INDEX_DIR": str(tmp_path / "elsewhere")}
    args = ["--index-dir", str(seed_index_dir), "search", "Biegun", "--json"]
    result = ok(runner.invoke(cli, args, env=env))
    assert json.loads(result.stdout)["total"] == 2


# ------------------------------------------------------------------- extract and stats


def test_extract_json_of_a_dated_seed(runner):
    path = str(SEEDS / f"{SEED_002}.txt")
    result = ok(runner.invoke(cli, ["extract", path, "--json"]))
    [article] = json.loads(result.stdout)["articles"]
    assert EXTRACT_KEYS <= article.keys()
    assert article["id"] == SEED_002
    assert article["published"] == "2020-07-08"
    assert article["published_source"] == "header"
    for kind in ("persons", "orgs", "places"):
        for entity in article[kind]:
            assert set(entity) == {"name", "mentions"}
            assert isinstance(entity["mentions"], int) and entity["mentions"] >= 1
    assert any("Biegun" in e["name"] for e in article["persons"])
    assert "North Korea" in {e["name"] for e in article["places"]}
    # "On July 6" in an article of 2020-07-08.
    assert "2020-07-06" in article["mentioned_dates"]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in article["mentioned_dates"])


def test_extract_json_of_an_undated_seed(runner, tmp_path):
    index_dir = tmp_path / "index"
    path = str(SEEDS / f"{SEED_000}.txt")
    args = ["--index-dir", str(index_dir), "extract", path, "--json"]
    result = ok(runner.invoke(cli, args))
    [article] = json.loads(result.stdout)["articles"]
    title = "US's North Korea envoy to visit Japan, South Korea next week"
    assert article["title"] == title
    assert article["published_source"] in (None, "inferred")
    if article["published_source"] is None:
        assert article["published"] is None
    assert "Mike Pompeo" in {e["name"] for e in article["persons"]}
    assert not index_dir.exists()  # extract writes nothing


def test_extract_text_output(runner):
    out = ok(runner.invoke(cli, ["extract", str(SEEDS / f"{SEED_002}.txt")])).stdout
    assert out.startswith(f"{SEED_002}: ")
    assert "published: 2020-07-08 (header)" in out
    assert "mentioned dates: " in out and "2020-07-06" in out


def test_extract_of_a_file_without_articles_fails(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(cli, ["extract", str(empty), "--json"])
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)
    assert f"skipped {empty}: empty file" in result.stderr


def test_stats(seed):
    data = json.loads(ok(seed("stats", "--json")).stdout)
    assert (data["articles"], data["dated"], data["undated"]) == (2, 1, 1)
    assert (data["first_month"], data["last_month"]) == ("2020-07", "2020-07")
    assert data["sources"] == [str(SEEDS)]
    assert data["distinct"]["person"] >= 3
    text = ok(seed("stats")).stdout
    assert "articles: 2 (1 undated" in text
    assert f"sources: {SEEDS}" in text


# --------------------------------------------------------------- the installed command


def test_installed_command(tmp_path):
    """The console script as a user runs it: log lines and errors on stderr."""
    command = Path(sys.executable).parent / "news-search"
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "cafe.txt").write_bytes(
        "Caf\u00e9 owners protest in Lyon\n\nOwners of a caf\u00e9 in Lyon protested "
        "on Monday.\n".encode("cp1252")
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWS_SEARCH_")}
    env["NEWS_SEARCH_INDEX_DIR"] = str(tmp_path / "index")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(command), "--silent", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    indexed = run("index", str(folder))
    assert indexed.returncode == 0, indexed.stderr
    assert indexed.stdout.startswith("indexed 1, updated 0, unchanged 0, removed 0")
    assert "not valid UTF-8" in indexed.stderr and "Windows-1252" in indexed.stderr

    found = run("search", "café", "--json")
    assert found.returncode == 0, found.stderr
    assert [h["title"] for h in json.loads(found.stdout)["hits"]] == [
        "Caf\u00e9 owners protest in Lyon"
    ]

    failed = run("search", "café", "--page", "-3")
    assert failed.returncode == 1
    assert failed.stderr == "Error: page must be 1 or more, not -3\n"
    assert failed.stdout == ""
