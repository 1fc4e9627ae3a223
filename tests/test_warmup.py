"""A server worker warms its caches before it answers, and again, in the background, for
each generation an indexing run publishes (web.warmup, web.context.AppIndex).

The real `news-search serve` (gunicorn, one worker so that the order of its log is the
order of its work) on a text-only index of the test corpus. What these tests check is
what a reader relies on: the warm-up has happened before the first answer, and while a
new generation is warmed every request is answered, from the old generation. How long
the first query takes is measured in bench/ (``first_queries`` in bench/web.py).
"""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path

from conftest import REUTERS, start_server, stop_server

from search import Settings
from search.indexing import index_paths

NEW_ARTICLE = (
    "Harbour pilots strike in Valparaiso\n\ndate 2020-05-04\n\n"
    "Pilots at the port of Valparaiso stopped work on Monday over night shifts.\n"
)


def search(url: str, q: str) -> tuple[int, int]:
    """(status, total) of an API search."""
    with urllib.request.urlopen(f"{url}/api/search?q={q}", timeout=30) as response:
        return response.status, json.load(response)["total"]


def log_lines(server) -> list[str]:  # type: ignore[no-untyped-def]
    return server.output().splitlines()


def test_a_worker_warms_its_index_before_its_first_answer(tmp_path: Path) -> None:
    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    stats = index_paths([REUTERS], settings, entities=False)
    server = start_server(
        settings.index_dir, tmp_path / "gunicorn.log", "--workers", "1"
    )
    try:
        assert search(server.url, "oil")[0] == 200
        lines = log_lines(server)
    finally:
        stop_server(server)
    warmed = [i for i, line in enumerate(lines) if "warmed gen-" in line]
    answered = [i for i, line in enumerate(lines) if '"GET /' in line]
    assert warmed and answered, "\n".join(lines)
    assert warmed[0] < answered[0], "\n".join(lines)
    assert f"{stats.indexed:,} articles" in lines[warmed[0]]
    assert len(warmed) == 1  # one worker, one generation


def test_a_new_generation_is_warmed_while_the_old_one_answers(tmp_path: Path) -> None:
    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    index_paths([REUTERS], settings, entities=False)
    server = start_server(
        settings.index_dir, tmp_path / "gunicorn.log", "--workers", "1"
    )
    try:
        assert search(server.url, "valparaiso") == (200, 0)
        article = tmp_path / "valparaiso.txt"
        article.write_text(NEW_ARTICLE, encoding="utf-8")
        index_paths([REUTERS, article], settings, entities=False)
        # The request that sees the new generation does not wait for it: the old one
        # answers, while the new one is opened and warmed in the background.
        answers = [search(server.url, "valparaiso")]
        deadline = time.monotonic() + 30
        while answers[-1] != (200, 1) and time.monotonic() < deadline:
            time.sleep(0.05)
            answers.append(search(server.url, "valparaiso"))
        lines = log_lines(server)
    finally:
        stop_server(server)
    assert answers[0] == (200, 0)
    assert answers[-1] == (200, 1), answers
    assert {status for status, _total in answers} == {200}
    switched = [line for line in lines if "published since gen-" in line]
    assert len(switched) == 1 and "warmed gen-" in switched[0], "\n".join(lines)


def test_reading_ahead_stays_in_its_budget_and_changes_no_answer(
    tmp_path: Path,
) -> None:
    """The posting lists read ahead at boot (the most frequent words, some with their
    positions) answer searches exactly as lists read on demand do, phrases included."""
    import dataclasses

    from search import Query, open_index
    from search import search as run
    from search.query.warmup import read_ahead

    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    index_paths([REUTERS], settings, entities=False)
    ahead, fresh = open_index(settings), open_index(settings)
    ahead.result_cache_size = fresh.result_cache_size = 0
    with ahead.searcher() as searcher:
        read = read_ahead(
            ahead, searcher, time.perf_counter() + 60, with_positions=300, postings=900
        )
    assert 0 < read <= 900
    for text in ("said", "oil prices", '"the company said"', "mln dlrs -oil"):
        query = Query(text=text)
        got, expected = run(query, settings, ahead), run(query, settings, fresh)
        assert got.total == expected.total > 0, text
        assert [(h.id, h.snippet) for h in got.hits] == [
            (h.id, h.snippet) for h in expected.hits
        ], text
        assert (
            dataclasses.asdict(got)["facets"] == dataclasses.asdict(expected)["facets"]
        )
