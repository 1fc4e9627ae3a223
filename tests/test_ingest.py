"""Reading articles: every format, and broken inputs that must not stop a run.

One folder mixing good and broken files is indexed once through ``news-search index``;
the tests then check the closing report and search the index for what a user should
(and should not) find. Single-file cases use ``news-search extract``.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from search.cli import cli

SUMMARY = re.compile(
    r"^indexed (\d+), updated (\d+), unchanged (\d+), removed (\d+), skipped (\d+)"
)

GOOD_TXT = """You are here

Ministers meet in Paris

date 2021-03-04

[PARIS] Emmanuel Macron met Olaf Scholz in Paris on Tuesday to discuss the budget.

Market voices on:

The two leaders agreed to meet again in Berlin.
"""

J1 = {"id": "j1", "title": "Flood hits Dhaka", "date": "2020-06-01",
      "text": "Heavy rain flooded Dhaka, Bangladesh, on Monday.",
      "url": "https://example.org/j1"}  # fmt: skip
J2 = {"id": "j2", "title": "Typhoon warning for Manila"}  # a title-only brief
J3 = {"id": "j3", "headline": "Prime minister visits Chittagong port",
      "body": "Sheikh Hasina visited the port of Chittagong.",
      "published": "June 3, 2020"}  # fmt: skip
J4 = {"id": "j4", "date": "2020-01-01", "url": "https://example.org/j4"}  # no text
FEED_JSONL = "\n".join([
    json.dumps(J1),
    '{"id": "j-bad", "title": "Broken line", "text": ',
    json.dumps(J2),
    json.dumps(J3),
    json.dumps(J4),
]) + "\n"  # fmt: skip

WEEKDAY_TXT = """Court rules on river dispute

Tuesday, March 2, 2021

A court in Cairo ruled on the Nile dispute between Egypt and Sudan.
"""

UNDATED_TXT = """Talks resume in Geneva

Negotiators met in Geneva, Switzerland. The previous round ended on January 4, 2019,
without agreement, and a further meeting was held on March 12, 2019.
"""

PAGE_HTML = """<!doctype html>
<html><head><title>Site name - Volcano</title></head>
<body>
<nav>Home | World | Sport</nav>
<article>
  <h1>Volcano erupts in Iceland</h1>
  <time datetime="2021-03-19T20:00:00Z">19 March</time>
  <p>A volcano erupted near Reykjavik, Iceland, on Friday evening.</p>
  <p>Lava &amp; smoke could be seen from the capital.</p>
</article>
<footer>Copyright Newsroom Ltd</footer>
</body></html>
"""


def make_unreadable(path: Path) -> None:
    """A file the indexer cannot read: no permissions or, for root (who may read
    anything), a name that reads with an I/O error."""
    path.write_text("Secret\n\nNobody may read this.\n")
    path.chmod(0)
    if os.access(path, os.R_OK):
        path.unlink()
        path.symlink_to("/proc/self/mem")  # reading offset 0 fails with EIO


def write_mixed_folder(root: Path) -> None:
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    (root / "latin1.txt").write_bytes(
        "Caf\u00e9 owners protest in Lyon\n\nThe owners of a caf\u00e9 in Lyon "
        "protested against new rules on Monday, said Jean Dupont.\n".encode("cp1252")
    )
    (root / "blob.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff")
    (root / "empty.txt").write_text("")
    (root / "feed.jsonl").write_text(FEED_JSONL, encoding="utf-8")
    (root / "list.json").write_text(
        json.dumps(
            [
                {
                    "id": "js1",
                    "title": "Avalanche in the Alps",
                    "text": "An avalanche buried a road near Chamonix, France.",
                }
            ]
        ),
        encoding="utf-8",
    )
    (root / "rows.csv").write_text(
        "ID,Title,Text,Date\n"
        'c1,Storm in Oslo,"A storm hit Oslo, Norway, on Friday.",2019-11-02,x,y\n'
        "c2,Ferry delayed in Bergen,The ferry to Bergen was delayed by fog.\n",
        encoding="utf-8",
    )
    (root / "odd.csv").write_text("foo,bar\n1,2\n", encoding="utf-8")
    (root / "nobody.html").write_text(
        "<html><head><title>Only a head</title></head></html>", encoding="utf-8"
    )
    (root / "sub" / "page.html").write_text(PAGE_HTML, encoding="utf-8")
    (root / "sub" / "repeat.jsonl").write_text(
        json.dumps(
            {"id": "j1", "title": "Same id again", "text": "Another text about Dhaka."}
        )
        + "\n"
    )
    (root / "sub" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / ".hidden" / "draft.txt").write_text("Draft\n\nA draft about Dhaka.\n")
    (root / "weekday.txt").write_text(WEEKDAY_TXT, encoding="utf-8")
    (root / "undated.txt").write_text(UNDATED_TXT, encoding="utf-8")
    make_unreadable(root / "unreadable.txt")


GOOD_IDS = set("good weekday undated latin1 j1 j2 j3 js1 c1 c2 sub-page".split())
BROKEN = {  # where (relative to the folder) -> reason in the report
    "blob.txt": "not a text file (binary content)",
    "empty.txt": "empty file",
    "feed.jsonl:2": "malformed JSON line",
    "feed.jsonl:5": "record has no title or text",
    "odd.csv": "CSV has no title or text column",
    "nobody.html": "HTML has no body text",
    "sub/repeat.jsonl": "duplicate article id j1",
    "unreadable.txt": "cannot read file",
}


@pytest.fixture(autouse=True)
def _no_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("NEWS_SEARCH_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """(folder, result of ``news-search index folder``); the index is beside it."""
    base = tmp_path_factory.mktemp("mixed")
    root = base / "news"
    write_mixed_folder(root)
    result = CliRunner().invoke(
        cli, ["--silent", "--index-dir", str(base / "index"), "index", str(root)]
    )
    assert result.exit_code == 3, result.output  # done, with skips
    return root, result


def summary_counts(result: Result) -> tuple[int, ...]:
    """(indexed, updated, unchanged, removed, skipped) of the closing line."""
    match = SUMMARY.match(result.stdout)
    assert match, result.stdout
    return tuple(int(n) for n in match.groups())


def hits_of(root: Path, *args: str) -> dict[str, dict]:
    """Hits of ``search ARGS`` in the index of the mixed folder, by id."""
    index = ["--index-dir", str(root.parent / "index")]
    result = CliRunner().invoke(
        cli, [*index, "search", *args, "--page-size", "50", "--json"]
    )
    assert result.exit_code == 0, result.output
    return {hit["id"]: hit for hit in json.loads(result.stdout)["hits"]}


# --------------------------------------------------------------- the folder as a whole


def test_summary_counts_every_good_article_and_every_broken_input(mixed):
    _root, result = mixed
    summary = result.stdout.strip()
    assert summary_counts(result) == (11, 0, 0, 0, 8)
    for reason in BROKEN.values():
        assert reason in summary


@pytest.mark.parametrize(("where", "reason"), BROKEN.items())
def test_each_broken_input_is_reported_with_its_place(mixed, where, reason):
    root, result = mixed
    assert f"skipped {root / where}: {reason}" in result.stderr


def test_every_good_article_is_indexed(mixed):
    root, _result = mixed
    assert set(hits_of(root, "")) == GOOD_IDS


def test_hidden_and_unknown_files_in_a_folder_are_ignored_quietly(mixed):
    root, result = mixed
    assert ".hidden" not in result.output and "photo.png" not in result.output
    assert hits_of(root, "draft") == {}


# -------------------------------------------------------------------------- per format


def test_txt_headline_date_header_dateline_and_boilerplate(mixed):
    root, _result = mixed
    hit = hits_of(root, "")["good"]
    assert hit["title"] == "Ministers meet in Paris"
    assert (hit["published"], hit["published_source"]) == ("2021-03-04", "header")
    # Shown from the indexed folder, never as the server's absolute path.
    assert hit["source"] == f"{root.name}/good.txt"
    # Navigation lines are not part of the article.
    assert hits_of(root, "voices") == {}


@pytest.mark.parametrize(
    ("article_id", "published", "source"),
    [
        ("j1", "2020-06-01", "metadata"),  # a field of the record
        ("good", "2021-03-04", "header"),  # "date 2021-03-04"
        ("weekday", "2021-03-02", "dateline"),  # "Tuesday, March 2, 2021"
        ("undated", None, None),  # names full dates, but inference is off by default
        ("latin1", None, None),
    ],
)
def test_where_the_publication_date_comes_from(mixed, article_id, published, source):
    root, _result = mixed
    hit = hits_of(root, "")[article_id]
    assert (hit["published"], hit["published_source"]) == (published, source)
    assert hit["published_inferred"] is (source == "inferred")


def test_an_inferred_date_is_offered_when_the_setting_is_on(mixed, runner, tmp_path):
    root, _result = mixed
    env = {"NEWS_SEARCH_INFER_DATES": "true"}
    index = ["--silent", "--index-dir", str(tmp_path / "index")]
    result = runner.invoke(cli, [*index, "index", str(root / "undated.txt")], env=env)
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, [*index, "search", "geneva", "--json"], env=env)
    [hit] = json.loads(result.stdout)["hits"]
    # The latest full date the text names, marked as a guess.
    assert (hit["published"], hit["published_inferred"]) == ("2019-03-12", True)
    path = str(root / "undated.txt")
    result = runner.invoke(cli, ["extract", path, "--json"], env=env)
    [article] = json.loads(result.stdout)["articles"]
    assert article["published"] == "2019-03-12"
    assert article["published_source"] == "inferred"
    assert article["mentioned_dates"] == ["2019-01-04", "2019-03-12"]


def test_txt_extract(runner, tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD_TXT, encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    [article] = json.loads(result.stdout)["articles"]
    assert (article["id"], article["title"]) == ("good", "Ministers meet in Paris")
    assert article["published"] == "2021-03-04"
    assert article["published_source"] == "header"
    assert article["dateline"] == "Paris"
    assert {"Emmanuel Macron", "Olaf Scholz"} <= {e["name"] for e in article["persons"]}


def test_windows_1252_file_is_read_with_a_warning_and_searchable(mixed, runner, caplog):
    root, _result = mixed
    assert set(hits_of(root, "café")) == {"latin1"}
    assert hits_of(root, "")["latin1"]["title"] == "Caf\u00e9 owners protest in Lyon"
    with caplog.at_level(logging.WARNING):
        result = runner.invoke(cli, ["extract", str(root / "latin1.txt"), "--json"])
    assert result.exit_code == 0, result.output
    assert "latin1.txt is not valid UTF-8 (byte 3); read as Windows-1252" in caplog.text


def test_jsonl_records(mixed):
    root, _result = mixed
    hits = hits_of(root, "")
    assert hits["j1"]["title"] == "Flood hits Dhaka"
    assert hits["j1"]["published"] == "2020-06-01"
    assert hits["j1"]["url"] == "https://example.org/j1"
    # Other common names of the fields, and a date written out.
    assert hits["j3"]["title"] == "Prime minister visits Chittagong port"
    assert hits["j3"]["published"] == "2020-06-03"
    assert hits["j3"]["published_source"] == "metadata"
    assert set(hits_of(root, "Hasina")) == {"j3"}  # the "body" is the text


def test_a_title_only_record_is_indexed_as_a_brief(mixed):
    root, _result = mixed
    assert set(hits_of(root, "typhoon")) == {"j2"}


def test_json_array(mixed):
    root, _result = mixed
    assert set(hits_of(root, "avalanche")) == {"js1"}


def test_csv_rows_with_extra_or_missing_cells(mixed):
    root, _result = mixed
    hits = hits_of(root, "")
    c1, c2 = hits["c1"], hits["c2"]
    assert (c1["title"], c1["published"]) == ("Storm in Oslo", "2019-11-02")
    assert (c2["title"], c2["published"]) == ("Ferry delayed in Bergen", None)
    assert set(hits_of(root, "fog")) == {"c2"}


def test_html_title_from_h1_and_date_from_time(mixed):
    root, _result = mixed
    hit = hits_of(root, "volcano")["sub-page"]
    assert hit["title"] == "Volcano erupts in Iceland"
    assert (hit["published"], hit["published_source"]) == ("2021-03-19", "metadata")
    assert "Lava</mark> &amp; smoke" in hits_of(root, "lava")["sub-page"]["snippet"]
    # Navigation and footer are page furniture, not the article.
    assert hits_of(root, "copyright") == {} and hits_of(root, "sport") == {}


def test_the_first_of_duplicate_ids_is_kept(mixed):
    root, _result = mixed
    assert hits_of(root, "")["j1"]["source"] == f"{root.name}/feed.jsonl"
    assert hits_of(root, "another") == {}


# -------------------------------------------------------------- files named explicitly


def test_a_file_of_unknown_type_named_explicitly_is_reported(runner, tmp_path):
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n")
    result = runner.invoke(
        cli, ["--silent", "--index-dir", str(tmp_path / "index"), "index", str(photo)]
    )
    assert result.exit_code == 3, result.output
    assert f"skipped {photo}: unsupported file type .png" in result.stderr
    assert summary_counts(result) == (0, 0, 0, 0, 1)


def test_a_broken_file_named_explicitly_is_reported(runner, tmp_path):
    blob = tmp_path / "blob.json"
    blob.write_bytes(b"\x00\x01\x02")
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TXT, encoding="utf-8")
    result = runner.invoke(
        cli,
        [
            "--silent",
            "--index-dir",
            str(tmp_path / "index"),
            "index",
            str(blob),
            str(good),
        ],
    )
    assert result.exit_code == 3, result.output
    assert f"skipped {blob}: not a text file (binary content)" in result.stderr
    assert summary_counts(result) == (1, 0, 0, 0, 1)


def test_same_file_name_in_two_folders_gives_two_articles(tmp_path, runner):
    """BBC-style layouts (business/001.txt, sport/001.txt) must not collide on ids."""
    from search.cli import cli

    for folder, word in (("business", "markets"), ("sport", "football")):
        (tmp_path / "news" / folder).mkdir(parents=True)
        (tmp_path / "news" / folder / "001.txt").write_text(
            f"A headline about {word}\n\nA story about {word} in London.\n",
            encoding="utf-8",
        )
    index_dir = tmp_path / "index"
    result = runner.invoke(
        cli,
        ["--index-dir", str(index_dir), "--silent", "index", str(tmp_path / "news")],
    )
    assert result.exit_code == 0, result.output
    assert "indexed 2," in result.output and "skipped 0" in result.output
    result = runner.invoke(cli, ["--index-dir", str(index_dir), "search", "", "--json"])
    import json

    assert {h["id"] for h in json.loads(result.output)["hits"]} == {
        "business-001",
        "sport-001",
    }
