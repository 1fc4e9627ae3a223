"""Entity pages and co-occurrence graphs (#18), on the real Wikinews test corpus.

What a reporter relies on: an entity page's numbers are the numbers of the search
filtered by that entity (articles, months, first and last dates, the people,
organisations and places beside it), each "appears with" count is the total of the
search filtered by both, and a graph's nodes and edges are the counts of the searches
they stand for, bounded, with an export Gephi can read. Names are escaped wherever
they are shown, and an unknown name is a 404 (JSON under /api).

Through the Flask test client on ``web_index_dir`` (seeds, 120 Wikinews articles and a
hostile one); one check in real Chromium through ``live_server``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

import lxml.html
import pytest
from markupsafe import escape
from playwright.sync_api import expect

from search import Settings
from web import create_app

ENTITY_TYPES = ("person", "org", "place")
GEXF = "{http://gexf.net/1.3}"


@pytest.fixture(scope="module")
def client(web_index_dir: Path) -> Any:
    settings = Settings.load({"index_dir": web_index_dir}, environ={})
    return create_app(settings).test_client()


def get_json(client: Any, path: str, status: int = 200) -> Any:
    response = client.get(path)
    assert response.status_code == status, (path, response.get_data(as_text=True))
    return response.get_json()


def html_page(client: Any, path: str, status: int = 200) -> Any:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return lxml.html.fromstring(response.get_data(as_text=True))


def entity_api(facet: str, name: str, **params: Any) -> str:
    query = f"?{urlencode(params)}" if params else ""
    return f"/api/entities/{facet}/{quote(name)}{query}"


def total(client: Any, **params: Any) -> int:
    """The total of /api/search with these parameters (lists repeat a parameter)."""
    return get_json(client, "/api/search?" + urlencode(params, doseq=True))["total"]


def facet_counts(client: Any, facet: str, **params: Any) -> dict[str, int]:
    """key -> count of every value of ``facet`` under a search."""
    url = f"/api/facets/{facet}?" + urlencode({**params, "limit": 1000}, doseq=True)
    return {v["key"]: v["count"] for v in get_json(client, url)["values"]}


def both_total(client: Any, q: str, a: tuple[str, str], b: tuple[str, str]) -> int:
    """The total of the search ``q`` restricted to articles naming both ``a`` and
    ``b`` ((facet, name) each), written by hand: filters when the facets differ (one
    facet's values are OR), a field term in the text when they are the same."""
    (fa, na), (fb, nb) = a, b
    if fa != fb:
        return total(client, q=q, **{fa: na, fb: nb})
    words = " ".join(nb.replace('"', " ").split())
    text = f'({q}) {fb}:"{words}"' if q else f'{fb}:"{words}"'
    return total(client, q=text, **{fa: na})


def top_values(client: Any, per_kind: int) -> list[tuple[str, str]]:
    facets = get_json(client, "/api/search?page_size=1")["facets"]
    return [(k, v["value"]) for k in ENTITY_TYPES for v in facets[k][:per_kind]]


# -- entity profiles ---------------------------------------------------------------------


def test_an_entity_profile_counts_what_the_search_filtered_by_it_counts(client) -> None:
    for facet, name in top_values(client, 3):
        profile = get_json(client, entity_api(facet, name, limit=1000))
        assert profile["facet"] == facet and profile["name"] == name
        search = get_json(client, "/api/search?" + urlencode({facet: name}))
        assert profile["articles"] == search["total"] > 0
        months = facet_counts(client, "published_month", **{facet: name})
        assert profile["by_month"] == [
            {"value": m, "count": n}
            for m, n in sorted(months.items())
            if m != "undated"
        ]
        assert profile["undated"] == months.get("undated", 0)
        assert (
            sum(m["count"] for m in profile["by_month"]) + profile["undated"]
            == (profile["articles"])
        )
        oldest = get_json(
            client, "/api/search?" + urlencode({facet: name, "sort": "oldest"})
        )
        newest = get_json(
            client, "/api/search?" + urlencode({facet: name, "sort": "newest"})
        )
        assert profile["first"] == oldest["hits"][0]["published"]
        assert profile["last"] == newest["hits"][0]["published"]
        for kind in ENTITY_TYPES:
            listed = {v["key"]: v["count"] for v in profile["co_occurring"][kind]}
            if kind != facet:
                # The search's own facet counts under the filter, value for value.
                assert listed == facet_counts(client, kind, **{facet: name})
            else:
                # Within its own facet the filter is multi-select; searching for the
                # entity as a field term counts the same articles, itself among them.
                text = f'{facet}:"{name}"'
                expected = facet_counts(client, kind, q=text)
                assert expected.pop(profile["key"]) == profile["articles"]
                assert listed == expected


def test_each_co_occurrence_count_is_the_total_of_the_search_filtered_by_both(
    client,
) -> None:
    for facet, name in top_values(client, 2):
        profile = get_json(client, entity_api(facet, name))
        for kind in ENTITY_TYPES:
            for value in profile["co_occurring"][kind][:6]:
                both = both_total(client, "", (facet, name), (kind, value["value"]))
                assert value["count"] == both, (name, value)


def test_the_appears_with_links_open_the_search_filtered_by_both(client) -> None:
    doc = html_page(client, "/entities/person/Joe%20Biden")
    links = doc.xpath('//ul[@class="appears-list"]/li/a[1]')
    assert len(links) >= 30
    for link in links:
        count = int(link.xpath('string(.//span[@class="count"])').replace(",", ""))
        query = parse_qs(urlsplit(link.get("href")).query)
        assert urlsplit(link.get("href")).path == "/"
        assert query.get("person", [None])[0] == "Joe Biden"
        assert total(client, **query) == count, link.get("href")


def test_the_page_shows_the_profile_its_histogram_and_its_articles(client) -> None:
    profile = get_json(client, entity_api("person", "Donald Trump"))
    doc = html_page(client, "/entities/person/Donald%20Trump")
    assert doc.xpath("string(//h1)") == "Donald Trump"
    summary = doc.xpath('string(//p[@class="entity-summary"])')
    assert f"{profile['articles']} articles" in summary
    # Each bar filters the search by the entity and its month, and says its count.
    bars = doc.xpath('//svg[contains(@class, "histogram")]//a')
    months = {m["value"]: m["count"] for m in profile["by_month"]}
    assert len(bars) == len(months)
    for bar in bars:
        query = parse_qs(urlsplit(bar.get("href")).query)
        month = bar.get("data-key")
        assert query == {"person": ["Donald Trump"], "from": [month], "to": [month]}
        assert bar.get("aria-label").endswith(
            f": {months[month]} article{'s' if months[month] != 1 else ''}"
        )
        assert total(client, **query) == months[month]
    # The articles, newest first, a page at a time, as the search lists them.
    for number in (1, 2):
        doc = html_page(client, f"/entities/person/Donald%20Trump?page={number}")
        shown = [a.get("href") for a in doc.xpath('//h2[@class="hit-title"]/a')]
        hits = get_json(
            client,
            "/api/search?"
            + urlencode({"person": "Donald Trump", "sort": "newest", "page": number}),
        )["hits"]
        assert shown == [f"/articles/{h['id']}" for h in hits] and shown
    assert doc.xpath('//a[@rel="prev"]/@href') == ["/entities/person/Donald%20Trump"]


def test_name_forms_are_the_entity_s_own_counted_in_mentions(client) -> None:
    profile = get_json(client, entity_api("person", "Joe Biden"))
    forms = profile["forms"]
    assert forms and forms == sorted(forms, key=lambda f: (-f["count"], f["form"]))
    assert "Joe Biden" in [f["form"] for f in forms]
    for form in forms:  # each form is read as this very entity
        assert (
            get_json(client, entity_api("person", form["form"]))["key"]
            == (profile["key"])
        )
    # Mentions of full forms cannot exceed the entity's mentions in its articles.
    hits = get_json(client, "/api/search?person=Joe+Biden&page_size=100")["hits"]
    mentions = sum(
        p["mentions"]
        for h in hits
        for p in get_json(client, f"/api/articles/{h['id']}")["persons"]
        if p["key"] == profile["key"]
    )
    assert 0 < sum(f["count"] for f in forms) <= mentions


def test_another_form_of_the_name_lands_on_the_page_of_the_name_shown(client) -> None:
    response = client.get("/entities/person/joe%20biden?page=2")
    assert response.status_code == 302
    assert response.headers["Location"] == "/entities/person/Joe%20Biden?page=2"


def test_an_unknown_name_is_a_404(client) -> None:
    assert get_json(client, entity_api("person", "Nobody Atall"), 404) == {
        "ok": False,
        "error": "No article names the person 'Nobody Atall' in this index",
        "status": 404,
    }
    assert get_json(client, entity_api("planet", "Mars"), 404)["status"] == 404
    doc = html_page(client, "/entities/org/Nobody%20Atall", 404)
    assert "Nobody Atall" in doc.text_content()
    assert get_json(client, entity_api("person", "Joe Biden", limit=0), 400)[
        "error"
    ] == ("limit must be between 1 and 1000, not 0")


def test_names_with_html_characters_are_escaped(client) -> None:
    hostile = "<script>window.pwned=1</script>"
    response = client.get(f"/entities/person/{quote(hostile)}")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert hostile not in body and "&lt;script&gt;window.pwned=1&lt;/script&gt;" in body
    # Real names from the corpus with &, quotes and apostrophes.
    for facet, name in (
        ("org", "Q&A"),
        ("person", 'Jeremy "Spike" Cohen'),
        ("person", "Beto O'Rourke"),
    ):
        response = client.get(f"/entities/{facet}/{quote(name)}")
        assert response.status_code == 200, name
        body = response.get_data(as_text=True)
        doc = lxml.html.fromstring(body)
        assert doc.xpath("string(//h1)") == name
        assert f'<h1 class="page-title">{escape(name)}</h1>' in body
        profile = get_json(client, entity_api(facet, name))
        assert profile["articles"] == total(client, **{facet: name})
    # The one who appears with Jeremy "Spike" Cohen: a link that needs the quotes out.
    cohen = get_json(client, entity_api("person", 'Jeremy "Spike" Cohen'))
    other = cohen["co_occurring"]["person"][0]["value"]
    doc = html_page(client, f"/entities/person/{quote(other)}")
    (link,) = [
        a
        for a in doc.xpath('//ul[@class="appears-list"]/li/a[1]')
        if a.xpath('string(.//span[@class="label"])') == 'Jeremy "Spike" Cohen'
    ]
    assert (
        total(client, **parse_qs(urlsplit(link.get("href")).query))
        == (cohen["articles"])
    )
    graph = client.get("/graph?q=" + quote('<b>"election"</b>')).get_data(as_text=True)
    assert "<b>" not in graph and "&lt;b&gt;" in graph


def test_every_facet_value_and_article_entity_links_to_its_page(client) -> None:
    doc = html_page(client, "/?q=election")
    for kind in ENTITY_TYPES:
        items = doc.xpath(
            f'//section[@data-facet="{kind}"]//ul[@class="facet-values"]/li'
        )
        assert items
        for item in items:
            label = item.xpath('string(.//a[@role="checkbox"]/@data-label)')
            (profile,) = item.xpath('.//a[@class="profile"]/@href')
            assert unquote(profile) == f"/entities/{kind}/{label}"
    first = get_json(client, "/api/search?q=election")["hits"][0]["id"]
    doc = html_page(client, f"/articles/{first}")
    profiles = doc.xpath('//aside//a[@class="profile"]/@href')
    names = doc.xpath('//aside//a[contains(@class, "ent-link")]')
    entities = [(n.get("class").split("ent-")[-1], n.text_content()) for n in names]
    entities = [(k, n) for k, n in entities if k in ENTITY_TYPES]
    assert [unquote(p) for p in profiles] == [f"/entities/{k}/{n}" for k, n in entities]
    for href in profiles[:5]:
        assert client.get(href).status_code == 200, href


# -- co-occurrence graphs ------------------------------------------------------------------


def test_graph_nodes_and_edges_are_the_counts_of_their_searches(client) -> None:
    graph = get_json(client, "/api/graph?q=election")
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert graph["total"] == total(client, q="election")
    assert 0 < len(nodes) <= 50 and 0 < len(graph["edges"]) <= 200
    counts = {k: facet_counts(client, k, q="election") for k in ENTITY_TYPES}
    for node in graph["nodes"]:
        assert node["count"] == counts[node["facet"]][node["id"].split(":", 1)[1]]
    # The top nodes: no value left out is named by more articles than one kept.
    left_out = [
        n
        for k in ENTITY_TYPES
        for key, n in counts[k].items()
        if f"{k}:{key}" not in nodes
    ]
    assert max(left_out) <= min(n["count"] for n in graph["nodes"])
    weights = [e["weight"] for e in graph["edges"]]
    assert weights == sorted(weights, reverse=True) and min(weights) >= 1
    for edge in graph["edges"][:8] + graph["edges"][-4:]:
        a, b = nodes[edge["source"]], nodes[edge["target"]]
        assert a is not b
        both = both_total(
            client, "election", (a["facet"], a["label"]), (b["facet"], b["label"])
        )
        assert edge["weight"] == both, edge


def test_a_graph_is_bounded_whatever_the_search(client) -> None:
    graph = get_json(client, "/api/graph")  # every article: far more than the bounds
    assert len(graph["nodes"]) == 50 and len(graph["edges"]) == 200
    ids = {n["id"] for n in graph["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in graph["edges"])
    pairs = {frozenset((e["source"], e["target"])) for e in graph["edges"]}
    assert len(pairs) == 200 and all(len(p) == 2 for p in pairs)
    assert get_json(client, "/api/graph?q=qqqzzzz") == {
        "total": 0,
        "nodes": [],
        "edges": [],
        "notices": [],
    }
    assert get_json(client, "/api/graph?from=blah", 400)["status"] == 400


def test_the_gexf_export_is_the_graph_gephi_reads(client) -> None:
    graph = get_json(client, "/api/graph?q=korea")
    response = client.get("/api/graph.gexf?q=korea")
    assert response.status_code == 200
    assert response.mimetype == "application/gexf+xml"
    assert "attachment" in response.headers["Content-Disposition"]
    root = ET.fromstring(response.get_data())
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.3"
    (element,) = root.iter(f"{GEXF}graph")
    assert element.get("defaultedgetype") == "undirected"
    nodes = list(root.iter(f"{GEXF}node"))
    assert len(nodes) == len(graph["nodes"]) > 0
    assert [(n.get("id"), n.get("label")) for n in nodes] == [
        (n["id"], n["label"]) for n in graph["nodes"]
    ]
    edges = [
        (e.get("source"), e.get("target"), int(e.get("weight")))
        for e in root.iter(f"{GEXF}edge")
    ]
    assert edges == [(e["source"], e["target"], e["weight"]) for e in graph["edges"]]


def test_the_graph_page_draws_every_node_as_a_link_to_its_page(client) -> None:
    graph = get_json(client, "/api/graph?q=election&person=Joe+Biden")
    doc = html_page(client, "/graph?q=election&person=Joe+Biden")
    assert not doc.xpath("//script[not(@src)]")
    nodes = doc.xpath('//svg[@class="network"]//a')
    assert len(nodes) == len(graph["nodes"])
    assert len(doc.xpath('//svg[@class="network"]//line')) == len(graph["edges"])
    for link, node in zip(nodes, graph["nodes"], strict=True):
        assert unquote(link.get("href")) == f"/entities/{node['facet']}/{node['label']}"
        assert link.xpath("string(.//*[local-name()='text'])") == node["label"]
    # The strongest links' counts open the search they count.
    for link in doc.xpath('//section[@class="graph-edges"]//a')[:6]:
        count = int(link.text_content().replace(",", ""))
        query = parse_qs(urlsplit(link.get("href")).query)
        assert total(client, **query) == count, link.get("href")
    for href, path in (
        (doc.xpath('//a[text()="JSON"]/@href')[0], "/api/graph"),
        (doc.xpath('//a[text()="GEXF for Gephi"]/@href')[0], "/api/graph.gexf"),
    ):
        assert urlsplit(href).path == path
        assert parse_qs(urlsplit(href).query) == {
            "q": ["election"],
            "person": ["Joe Biden"],
        }


def test_the_search_page_links_its_graph(client) -> None:
    doc = html_page(client, "/?q=election&person=Joe+Biden&page=2")
    (href,) = doc.xpath('//a[@class="graph-link"]/@href')
    assert href == "/graph?q=election&person=Joe+Biden"


# -- in the browser ---------------------------------------------------------------------


def test_from_a_facet_to_a_profile_to_its_graph_in_chromium(page) -> None:
    tab = page
    tab.goto("/?q=election")
    item = tab.locator('[data-facet="person"] .facet-values li').first
    name = item.locator('a[role="checkbox"]').get_attribute("data-label")
    item.locator("a.profile").click()
    tab.wait_for_url(re.compile(r"/entities/person/"))
    expect(tab.locator("h1")).to_have_text(name)
    tab.get_by_role("link", name="Graph of these articles").click()
    tab.wait_for_url(re.compile(r"/graph\?person="))
    expect(tab.locator("svg.network a").first).to_be_visible()
    tab.locator("svg.network a").nth(1).click()
    tab.wait_for_url(re.compile(r"/entities/"))
    expect(tab.locator(".appears-list").first).to_be_visible()
    assert tab.console_errors == []
