"""Keeping an index up to date: incremental runs, ``reindex``, ``reindex --full``
and the write lock, through ``news-search`` on a real index of three tiny articles.

Whether the model ran is read from ``load_nlp``'s call counter (it is asked for the
pipeline on every batch that needs NER); nothing of spaCy is replaced.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from search.cli import cli
from search.extract import load_nlp
from search.store import write_lock

SUMMARY = re.compile(
    r"^indexed (\d+), updated (\d+), unchanged (\d+), removed (\d+), skipped (\d+)"
)

ARTICLES = {
    "a.txt": "Bridge reopens in Lisbon\n\ndate 2021-05-03\n\nThe April 25 Bridge in "
    "Lisbon, Portugal, reopened to traffic after repairs, said mayor Carlos "
    "Moedas.\n",
    "b.txt": "Wildfire near Athens\n\ndate 2021-08-03\n\nFirefighters fought a "
    "wildfire north of Athens, Greece, on Tuesday.\n",
    "c.txt": "Election called in Ottawa\n\nJustin Trudeau called an early election in "
    "Ottawa, Canada.\n",
}


@pytest.fixture(autouse=True)
def _no_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("NEWS_SEARCH_"):
            monkeypatch.delenv(name)


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def run(runner: CliRunner, index_dir: Path):
    """``news-search --silent --index-dir <tmp index> ARGS...``"""

    def invoke(*args: str | Path) -> Result:
        return runner.invoke(
            cli, ["--silent", "--index-dir", str(index_dir), *map(str, args)]
        )

    return invoke


COUNTS = ("indexed", "updated", "unchanged", "removed", "skipped")


def only(**nonzero: int) -> dict[str, int]:
    """The counts of a run: those given, every other one zero."""
    return {name: nonzero.get(name, 0) for name in COUNTS}


def counts(result: Result) -> dict[str, int]:
    match = SUMMARY.match(result.stdout.strip())
    assert match, result.output
    found = dict(zip(COUNTS, map(int, match.groups()), strict=True))
    assert result.exit_code == (3 if found["skipped"] else 0), result.output  # 3: skips
    return found


def search(run, query: str = "") -> dict:
    result = run("search", query, "--json", "--page-size", "50")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    data.pop("seconds")
    return data


def ids(run, query: str = "") -> set[str]:
    return {hit["id"] for hit in search(run, query)["hits"]}


def ner_runs() -> int:
    """How often the extraction asked for the spaCy pipeline so far in this process."""
    info = load_nlp.cache_info()
    return info.hits + info.misses


def assert_locked(result: Result, index_dir: Path) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr == (
        f"Error: The index in {index_dir} is being written by "
        "another process; try again when it has finished\n"
    )


# -------------------------------------------------------------------- index, run again


def test_a_second_run_finds_everything_unchanged_without_running_the_model(run, news):
    assert counts(run("index", news)) == only(indexed=3)
    before = ner_runs()
    assert counts(run("index", news))["unchanged"] == 3
    assert ner_runs() == before
    assert ids(run) == {"a", "b", "c"}


def test_an_edited_file_is_updated(run, news):
    run("index", news)
    (news / "b.txt").write_text(ARTICLES["b.txt"].replace("Firefighters", "Volunteers"))
    assert counts(run("index", news)) == only(updated=1, unchanged=2)
    assert ids(run, "volunteers") == {"b"}
    assert ids(run, "firefighters") == set()


def test_a_deleted_file_is_removed(run, news):
    run("index", news)
    (news / "c.txt").unlink()
    assert counts(run("index", news)) == only(unchanged=2, removed=1)
    assert ids(run) == {"a", "b"}
    # Its entities are gone from the facets too.
    facets = search(run)["facets"]
    assert "Justin Trudeau" not in {v["value"] for v in facets["person"]}


def test_a_new_file_is_added(run, news):
    run("index", news)
    (news / "d.txt").write_text(
        "Snow in Madrid\n\nHeavy snow closed schools in Madrid.\n"
    )
    assert counts(run("index", news))["indexed"] == 1
    assert ids(run, "snow") == {"d"}


def test_indexing_another_folder_keeps_the_first(run, news, tmp_path):
    run("index", news)
    other = tmp_path / "other"
    other.mkdir()
    (other / "d.txt").write_text(
        "Snow in Madrid\n\nHeavy snow closed schools in Madrid.\n"
    )
    assert counts(run("index", other)) == only(indexed=1)
    assert ids(run) == {"a", "b", "c", "d"}
    data = json.loads(run("stats", "--json").stdout)
    assert data["sources"] == sorted([str(news), str(other)])


def test_a_file_that_became_unreadable_keeps_its_articles(run, news):
    run("index", news)
    (news / "b.txt").write_bytes(b"\x00\x01 not text any more")
    result = run("index", news)
    assert counts(result) == only(unchanged=2, skipped=1)
    assert (
        f"skipped {news / 'b.txt'}: not a text file (binary content)" in result.stderr
    )
    assert ids(run, "wildfire") == {"b"}


def test_a_missing_model_is_one_readable_error(run, news, index_dir):
    result = run("--model", "no_such_model", "index", news)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith(
        "Error: spaCy model 'no_such_model' is not installed"
    )
    assert result.stderr.count("\n") == 1


# ----------------------------------------------------------------------------- reindex


def test_reindex_with_nothing_changed_does_not_run_the_model(run, news):
    run("index", news)
    before = ner_runs()
    assert counts(run("reindex")) == only(unchanged=3)
    assert ner_runs() == before


def test_reindex_rereads_the_sources(run, news):
    run("index", news)
    (news / "a.txt").write_text(ARTICLES["a.txt"].replace("repairs", "long repairs"))
    (news / "c.txt").unlink()
    (news / "sub").mkdir()
    (news / "sub" / "d.txt").write_text(
        "Snow in Madrid\n\nHeavy snow closed schools.\n"
    )
    assert counts(run("reindex")) == only(indexed=1, updated=1, unchanged=1, removed=1)
    assert ids(run) == {"a", "b", "sub-d"}


def test_reindex_takes_extraction_of_known_text_from_the_cache(run, news):
    run("index", news)
    original = ARTICLES["a.txt"]
    (news / "a.txt").write_text(original.replace("repairs", "long repairs"))
    before = ner_runs()
    assert counts(run("reindex"))["updated"] == 1
    assert ner_runs() == before + 1  # new text: analysed
    (news / "a.txt").write_text(original)  # back to text that was analysed before
    before = ner_runs()
    assert counts(run("reindex"))["updated"] == 1
    assert ner_runs() == before
    assert ids(run, "long") == set()


def test_reindex_without_an_index_says_how_to_build_one(run, index_dir):
    result = run("reindex")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(
        f"Error: No index in {index_dir}; run `news-search index PATH`"
    )


def test_full_reindex_gives_the_same_results_and_leaves_no_stray_directories(
    run, news, tmp_path
):
    run("index", news)
    before_results = [search(run, q) for q in ("", "Lisbon", "fire")]
    before = ner_runs()
    assert counts(run("reindex", "--full")) == only(indexed=3)
    assert ner_runs() == before  # the extraction cache moves to the new index
    assert [search(run, q) for q in ("", "Lisbon", "fire")] == before_results
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index", "news"]
    # The rebuilt index is a normal one: the next run finds everything unchanged.
    assert counts(run("index", news))["unchanged"] == 3


def test_a_failed_full_reindex_keeps_the_old_index(run, news, tmp_path):
    run("index", news)
    before_results = search(run)
    result = run("--model", "no_such_model", "reindex", "--full")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(
        "Error: spaCy model 'no_such_model' is not installed"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index", "news"]
    assert search(run) == before_results


# ---------------------------------------------------------------- one writer at a time


@pytest.mark.parametrize(
    "command", [["index", "news"], ["reindex"], ["reindex", "--full"]]
)
def test_a_locked_index_is_refused_until_the_writer_is_done(
    run, news, index_dir, tmp_path, command
):
    run("index", news)
    (news / "b.txt").write_text(ARTICLES["b.txt"].replace("wildfire", "blaze"))
    args = [tmp_path / a if a == "news" else a for a in command]
    with write_lock(index_dir):
        assert_locked(run(*args), index_dir)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["index", "news"]
        assert ids(run, "blaze") == set()
    assert counts(run(*args))["skipped"] == 0
    assert ids(run, "blaze") == {"b"}
