"""Bad files among good ones (issue #7): the real ``news-search index`` in a subprocess
over a folder that mixes good articles with every kind of broken input.

What a user should see: every good article indexed and searchable, exactly one
``skipped PATH: reason`` line per skipped file or record, exit code 3 ("done with
skips"), and nothing of a skipped file in the index. The 50 MB file is over the
``max_article_chars`` limit (1,000,000 characters) and is skipped from its size, unread.

Unreadable files: the tests run as root, who may read a ``chmod 000`` file, so the
unreadable inputs are ones the OS really refuses to open whoever asks: a dangling
symbolic link (ENOENT), a loop of two links (ELOOP), and a FIFO named on the command
line (not a regular file; reading it would block for ever).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli import EXIT_SKIPPED, cli

REPO = Path(__file__).resolve().parent.parent
BIG_MB = 50

GOOD = {  # file -> (article ids, a word only that file holds)
    "good.txt": ({"good"}, "Rotterdam"),
    "latin1.txt": ({"latin1"}, "Lyon"),  # not UTF-8: read as Windows-1252
    "page.html": ({"page"}, "Reykjavik"),
    "feed.jsonl": ({"j1", "j3"}, "Dhaka"),
    "rows.csv": ({"c1", "c2"}, "Oslo"),
}
GOOD_IDS = set().union(*(ids for ids, _word in GOOD.values()))
SKIPPED = {  # where (relative to the folder) -> reason
    "empty.txt": "empty file",
    "junk.txt": "not a text file (binary content)",
    "nulls.txt": "not a text file (binary content)",
    "big.txt": f"too large ({BIG_MB * 1024 * 1024 / 1e6:.1f} MB for one article; "
    "the limit is max_article_chars = 1,000,000 characters)",
    "feed.jsonl:2": "malformed JSON line (Unterminated string starting at, column 23)",
    "rows.csv:row 3": "record has no title or text",
    "nocolumns.csv": "CSV has no title or text column",
    "nobody.html": "HTML has no body text",
    "dangling.txt": "cannot read file (broken symbolic link: No such file or directory)",
    "loop-a.txt": "cannot read file (broken symbolic link: Too many levels of "
    "symbolic links)",
    "loop-b.txt": "cannot read file (broken symbolic link: Too many levels of "
    "symbolic links)",
}
#: Words only the skipped files hold: none of them may be found.
SKIPPED_WORDS = ("Springfield", "Atlantis", "Nowhere", "Quito")


def write_bad_folder(root: Path) -> None:
    root.mkdir(parents=True)
    (root / "good.txt").write_text(
        "Dock strike in Rotterdam\n\ndate 2019-08-20\n\n"
        "Dock workers in Rotterdam walked out on Tuesday, said Jan de Vries.\n",
        encoding="utf-8",
    )
    (root / "latin1.txt").write_bytes(
        "Caf\u00e9 owners protest in Lyon\n\nThe owners of a caf\u00e9 in Lyon "
        "protested on Monday, said Jean Dupont.\n".encode("cp1252")
    )
    (root / "page.html").write_text(
        "<html><head><title>Volcano</title></head><body><article>"
        "<h1>Volcano erupts in Iceland</h1><p>A volcano erupted near Reykjavik on "
        "Friday evening.</p></article></body></html>",
        encoding="utf-8",
    )
    (root / "feed.jsonl").write_text(
        json.dumps(
            {"id": "j1", "title": "Floods in Dhaka", "text": "Floods hit Dhaka."}
        )
        + '\n{"id": "j2", "title": "Atlantis\n'  # cut off in the middle of a string
        + json.dumps({"id": "j3", "title": "Dhaka port", "text": "Ships wait."})
        + "\n",
        encoding="utf-8",
    )
    (root / "rows.csv").write_text(
        "id,title,text,date\n"
        'c1,Storm in Oslo,"A storm hit Oslo, Norway.",2019-11-02\n'
        "c2,Oslo ferry brief\n"  # no text or date: a headline-only brief, kept
        "c3\n",  # an id and nothing else: skipped
        encoding="utf-8",
    )
    (root / "nocolumns.csv").write_text("foo,bar\nQuito,2\n", encoding="utf-8")
    (root / "nobody.html").write_text(
        "<html><head><title>Nowhere</title></head></html>", encoding="utf-8"
    )
    (root / "empty.txt").write_text("")
    # Binary junk without a NUL byte (it would "decode" as Windows-1252), and with.
    (root / "junk.txt").write_bytes(bytes(range(1, 256)) * 8)
    (root / "nulls.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    line = b"Waves of news about the harbour of Springfield keep rolling in today.\n"
    with (root / "big.txt").open("wb") as big:
        big.write(b"A very long file\n\n")
        big.write(line * (BIG_MB * 1024 * 1024 // len(line)))
        big.truncate(BIG_MB * 1024 * 1024)
    (root / "dangling.txt").symlink_to(root / "gone" / "article.txt")
    (root / "loop-a.txt").symlink_to(root / "loop-b.txt")
    (root / "loop-b.txt").symlink_to(root / "loop-a.txt")


def index(index_dir: Path, *paths: Path) -> subprocess.CompletedProcess[str]:
    """The real command, as a user runs it (the timeout only guards against a hang)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWS_SEARCH_")}
    return subprocess.run(
        [sys.executable, "-m", "search", "--silent", "--index-dir", str(index_dir)]
        + ["index", *map(str, paths)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory):
    """(folder, fifo, index dir, the run) of ``news-search index folder fifo``."""
    base = tmp_path_factory.mktemp("bad-input")
    root = base / "news"
    write_bad_folder(root)
    fifo = base / "pipe.txt"
    os.mkfifo(fifo)
    index_dir = base / "index"
    run = index(index_dir, root, fifo)
    # The 50 MB file is gone as soon as the run is over: tmp space is not kept for it.
    (root / "big.txt").unlink()
    return root, fifo, index_dir, run


def search_json(index_dir: Path, text: str) -> dict:
    result = CliRunner().invoke(
        cli,
        ["--index-dir", str(index_dir), "search", text, "--json", "--page-size", "50"],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_run_ends_with_the_exit_code_of_done_with_skips(bad):
    _root, _fifo, _index_dir, run = bad
    assert run.returncode == EXIT_SKIPPED == 3, run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_exactly_one_line_per_skipped_item_with_its_reason(bad):
    root, fifo, _index_dir, run = bad
    expected = {
        f"skipped {root / where}: {reason}" for where, reason in SKIPPED.items()
    }
    expected.add(f"skipped {fifo}: cannot read file (not a regular file)")
    lines = run.stderr.splitlines()
    skipped = [line for line in lines if line.startswith("skipped ")]
    assert sorted(skipped) == sorted(expected)
    # Nothing else on stderr: in particular, no log line repeats a skip.
    others = [line for line in lines if not line.startswith("skipped ")]
    assert others == [
        f"WARNING search.ingest: {root / 'latin1.txt'} is not valid UTF-8 (byte 3); "
        "read as Windows-1252"
    ]


def test_the_summary_counts_good_articles_and_skips(bad):
    _root, _fifo, _index_dir, run = bad
    match = re.fullmatch(
        r"indexed (\d+), updated 0, unchanged 0, removed 0, skipped (\d+) \(.*\) in "
        r"\d+\.\ds\n",
        run.stdout,
    )
    assert match, run.stdout
    assert (int(match[1]), int(match[2])) == (len(GOOD_IDS), len(SKIPPED) + 1)


def test_every_good_article_is_indexed_and_searchable(bad):
    _root, _fifo, index_dir, _run = bad
    assert {h["id"] for h in search_json(index_dir, "")["hits"]} == GOOD_IDS
    for ids, word in GOOD.values():
        assert {h["id"] for h in search_json(index_dir, word)["hits"]} >= ids, word


def test_nothing_of_a_skipped_item_is_indexed(bad):
    _root, _fifo, index_dir, _run = bad
    assert search_json(index_dir, "")["total"] == len(GOOD_IDS)
    for word in SKIPPED_WORDS:
        assert search_json(index_dir, word)["total"] == 0, word


def test_a_second_run_keeps_everything_and_reports_the_skips_again(bad):
    root, _fifo, index_dir, _run = bad
    again = index(index_dir, root)
    assert again.returncode == EXIT_SKIPPED, again.stderr
    assert again.stdout.startswith(
        f"indexed 0, updated 0, unchanged {len(GOOD_IDS)}, removed 0, "
        f"skipped {len(SKIPPED) - 1} "  # big.txt is gone now
    ), again.stdout


def test_the_size_limit_applies_to_each_record_and_is_a_setting(runner, tmp_path):
    """A setting lowers the limit; a long record is skipped, its neighbours kept."""
    feed = tmp_path / "feed.jsonl"
    long_text = "The council of Springfield met again. " * 40  # 1,520 characters
    feed.write_text(
        "".join(
            json.dumps(r) + "\n"
            for r in (
                {"id": "short", "title": "Short", "text": "Rain in Quito today."},
                {"id": "long", "title": "Long", "text": long_text},
            )
        ),
        encoding="utf-8",
    )
    txt = tmp_path / "long.txt"
    txt.write_text("Long\n\n" + long_text, encoding="utf-8")
    index_dir = tmp_path / "index"
    result = runner.invoke(
        cli,
        ["--silent", "--index-dir", str(index_dir), "index", str(feed), str(txt)],
        env={"NEWS_SEARCH_MAX_ARTICLE_CHARS": "1000"},
    )
    assert result.exit_code == EXIT_SKIPPED, result.output
    limit = "the limit is max_article_chars = 1,000)"
    assert result.stderr.splitlines() == [
        f"skipped {feed}#long: too large (1,519 characters; {limit}",
        f"skipped {txt}: too large (1,519 characters; {limit}",
    ]
    assert {h["id"] for h in search_json(index_dir, "")["hits"]} == {"short"}
