"""A hit's entity tags (#15): the entities the search filters on first, whatever their
rank in the article, then a few of its most mentioned, then "+N more"."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest

from search import Settings
from web import create_app


@pytest.fixture(scope="module")
def wiki_client(web_index_dir: Path) -> Any:
    settings = Settings.load({"index_dir": web_index_dir}, environ={})
    return create_app(settings).test_client()


def tags_of(page: str, article_id: str) -> list[tuple[str, str]]:
    start = page.index(f'href="/articles/{article_id}"')
    block = page[start : page.index("</article>", start)]
    return re.findall(r'<a class="tag (tag-[a-z]+)[^"]*"[^>]*>([^<]*)', block)


def test_the_filtered_entity_comes_first_then_a_few_then_more(wiki_client) -> None:
    hits = wiki_client.get("/api/search?page_size=200").get_json()["hits"]
    hit = max(hits, key=lambda h: len(h["persons"]))
    names = len(hit["persons"]) + len(hit["orgs"]) + len(hit["places"])
    assert len(hit["persons"]) > 10
    rare = hit["persons"][-1]  # the article's least mentioned person
    page = wiki_client.get(f"/?person={quote_plus(rare)}").get_data(as_text=True)
    tags = tags_of(page, hit["id"])
    assert tags[0] == ("tag-person", rare)
    assert f'aria-current="true" title="In the filters">{rare}<' in page
    persons = [n for kind, n in tags if kind == "tag-person"]
    assert persons == [rare, *hit["persons"][:3]]  # four persons in all
    assert tags[-1] == ("tag-more", f"+{names - (len(tags) - 1)} more")
    # Without a filter, the article's most mentioned come first, as before.
    plain = tags_of(
        wiki_client.get("/?page_size=100").get_data(as_text=True), hit["id"]
    )
    assert [n for kind, n in plain if kind == "tag-person"] == hit["persons"][:4]
    assert plain[-1] == ("tag-more", f"+{names - (len(plain) - 1)} more")
