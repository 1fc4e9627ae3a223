"""Recent search results are remembered per open index, and never outlive it."""

from __future__ import annotations

from pathlib import Path

from search import Query, Settings, open_index, search
from search.indexing import index_paths


def test_repeated_query_is_answered_from_memory(seed_settings: Settings) -> None:
    index = open_index(seed_settings)
    first = search(Query(text="Biegun"), seed_settings, index)
    again = search(Query(text="Biegun"), seed_settings, index)
    assert again.total == first.total > 0
    assert again.hits == first.hits and again.facets == first.facets
    assert index.remembered(Query(text="Biegun")) is not None
    # A different page or filter is another query, not the remembered one.
    assert index.remembered(Query(text="Biegun", page=2)) is None


def test_cache_can_be_turned_off(seed_settings: Settings) -> None:
    index = open_index(seed_settings)
    index.result_cache_size = 0
    search(Query(text="Korea"), seed_settings, index)
    assert index.remembered(Query(text="Korea")) is None


def test_new_articles_are_found_after_remembered_search(
    writable_seed_settings: Settings, tmp_path: Path
) -> None:
    """A remembered "no hits" must not hide an article indexed afterwards."""
    settings = writable_seed_settings
    query = Query(text="zanzibar")
    assert search(query, settings, open_index(settings)).total == 0
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "zanzibar.txt").write_text(
        "Ferry service to Zanzibar resumes\n\n"
        "The ferry between Dar es Salaam and Zanzibar resumed on Monday after repairs.\n",
        encoding="utf-8",
    )
    index_paths([folder], settings)
    assert search(query, settings, open_index(settings)).total == 1
