"""The entity review page (issue 14): the same list as `news-search entities review`, on
the web, linked from the sidebar."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from search import Settings
from search.indexing import index_paths
from search.query.review import review_entities

NEWS = Path(__file__).resolve().parent / "data" / "news"


def test_the_sidebar_links_to_the_review_page(client: Any) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'href="/entities/review"' in page


def test_the_review_page_lists_what_the_command_lists(tmp_path: Path) -> None:
    from web import create_app

    path = tmp_path / "news" / "wiki.jsonl"
    path.parent.mkdir()
    path.write_text(
        "".join(
            line + "\n"
            for line in (NEWS / "wikinews.jsonl").read_text("utf-8").splitlines()[:60]
        ),
        encoding="utf-8",
    )
    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    index_paths([path], settings)
    found = review_entities(settings, "person", 60)
    assert found
    client = create_app(settings).test_client()
    response = client.get("/entities/review?facet=person")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1" in html and "--accept" in html
    for s in found[:5]:
        assert s.value.replace("'", "&#39;") in html
    assert client.get("/entities/review?facet=nope").status_code == 404
    assert json.loads(client.get("/api/facets/language").get_data())["values"]
