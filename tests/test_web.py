"""The web app through Flask's test client, on the real seed index: pages, facets and
their URLs, the article page, escaping, security headers and the error shapes."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from search import Settings
from search.indexing import index_paths
from web import create_app
from web.params import SearchArgs

BIEGUN = "Stephen Biegun"
UNDATED_SEED = "000_8f928ed757ee3960"
DATED_SEED = "002_8c9f69aaa352faaa"


class Links(HTMLParser):
    """Every tag of a page, to inspect links, scripts and attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.script_text.append(data)

    def hrefs(self, cls: str | None = None) -> list[str]:
        return [
            a["href"]
            for t, a in self.tags
            if t == "a"
            and a.get("href")
            and (cls is None or cls in (a.get("class") or "").split())
        ]


def html(response) -> str:
    return response.get_data(as_text=True)


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


# -- the factory -----------------------------------------------------------------------


def test_create_app_uses_the_settings_it_is_given(seed_settings: Settings) -> None:
    app = create_app(seed_settings)
    assert app.config["SETTINGS"] is seed_settings
    assert {"views", "api"} <= set(app.blueprints)


# -- search page -----------------------------------------------------------------------


def test_search_page_shows_hits_with_highlights(client) -> None:
    response = client.get("/?q=Biegun")
    assert response.status_code == 200
    page = html(response)
    assert "<strong>2</strong> articles" in page
    assert re.search(r'<mark class="match term\d">Biegun</mark>', page)
    assert f'href="/articles/{DATED_SEED}"' in page
    assert "8 Jul 2020" in page
    assert 'class="badge badge-undated"' in page  # the seed without any date
    assert 'value="Biegun"' in page  # the query stays in the box


def test_each_hit_offers_more_like_this(client) -> None:
    links = Links(html(client.get("/?q=Biegun")))
    similar = links.hrefs("more-like")
    assert similar == [f"/?like={DATED_SEED}", f"/?like={UNDATED_SEED}"]
    page = html(client.get(similar[0]))
    assert "More like" in page and f'href="/articles/{UNDATED_SEED}"' in page
    # The address of the older "similar" page leads to the same search.
    old = client.get(f"/articles/{DATED_SEED}/similar")
    assert old.status_code == 302 and old.headers["Location"] == similar[0]


def test_facet_values_are_toggle_links(client) -> None:
    links = Links(html(client.get("/?q=korea")))
    person_links = [h for h in links.hrefs() if "person=" in h]
    assert "/?q=korea&person=Stephen+Biegun" in person_links
    selected = Links(html(client.get("/?q=korea&person=Stephen+Biegun")))
    # The selected value's link removes it again; others add a second person (OR).
    assert "/?q=korea" in selected.hrefs()
    assert "/?q=korea&person=Stephen+Biegun&person=Mike+Pompeo" in selected.hrefs()


def test_selected_filters_show_as_removable_chips(client) -> None:
    url = "/?q=korea&person=Mike+Pompeo&place=Seoul&from=2020&to=2020&page=1"
    links = Links(html(client.get(url)))
    chips = links.hrefs("chip")
    assert sorted(chips) == sorted(
        [
            "/?q=korea&place=Seoul&from=2020&to=2020",
            "/?q=korea&person=Mike+Pompeo&from=2020&to=2020",
            "/?q=korea&person=Mike+Pompeo&place=Seoul",
        ]
    )
    assert "/?q=korea" in links.hrefs("chips-clear")


def test_two_persons_are_or_and_facets_are_and(client) -> None:
    def total(query: str) -> int:
        return client.get("/api/search?" + query).get_json()["total"]

    assert total("person=Mike+Pompeo") == 1
    assert total("person=Stephen+Biegun") == 2
    assert total("person=Mike+Pompeo&person=Lee+Do-hoon") == 2  # OR within a facet
    assert total("person=Mike+Pompeo&place=Pyongyang") == 1  # AND across facets
    assert total("person=Lee+Do-hoon&person=Mike+Pompeo&place=Vietnam") == 1


def test_dates_accept_natural_language(client) -> None:
    data = client.get("/api/search?from=last+week+of+June+2020&to=July+2020").get_json()
    assert data["query"]["from"] == "2020-06-24"
    assert data["query"]["to"] == "2020-07-31"
    assert [h["id"] for h in data["hits"]] == [DATED_SEED]
    page = html(client.get("/?from=last+week+of+June+2020&to=July+2020"))
    assert 'value="last week of June 2020"' in page
    assert "Read as 24 Jun 2020 to 31 Jul 2020" in page


def test_mentioned_dates_are_a_separate_filter(client) -> None:
    data = client.get("/api/search?mentioned_from=2020-07-06&mentioned_to=2020-07-06")
    assert [h["id"] for h in data.get_json()["hits"]] == [DATED_SEED]
    assert (
        client.get("/api/search?mentioned_from=1999&mentioned_to=1999").get_json()[
            "total"
        ]
        == 0
    )


def test_histogram_bars_link_to_their_month(client) -> None:
    links = Links(html(client.get("/?q=korea")))
    bars = [
        a for t, a in links.tags if t == "a" and "bar" in (a.get("class") or "").split()
    ]
    assert [b["data-key"] for b in bars] == ["2020-07"]
    assert params(bars[0]["href"]) == {
        "q": ["korea"],
        "from": ["2020-07"],
        "to": ["2020-07"],
    }


def test_sort_and_pagination_links_keep_the_state(client) -> None:
    links = Links(html(client.get("/?q=korea&person=Donald+Trump&page_size=1")))
    assert "/?q=korea&person=Donald+Trump&sort=newest&page_size=1" in links.hrefs()
    assert "/?q=korea&person=Donald+Trump&page=2&page_size=1" in links.hrefs()
    second = html(client.get("/?q=korea&person=Donald+Trump&page_size=1&page=2"))
    assert '<span class="current" aria-current="page">2</span>' in second


def test_a_page_past_the_end_is_empty_with_a_notice(client) -> None:
    response = client.get("/?q=korea&page=50")
    assert response.status_code == 200
    page = html(response)
    assert "past the last page" in page and 'class="hit"' not in page
    assert "Go to the last page" in page


def test_did_you_mean(client) -> None:
    page = html(client.get('/?q="Beigun"'))
    assert "Did you mean" in page
    assert "/?q=%22biegun%22" in Links(page).hrefs()


def test_a_typo_shows_the_results_of_the_close_word_and_a_link_to_the_typed_one(
    client,
) -> None:
    page = html(client.get("/?q=Beigun"))
    assert "Showing results for <strong>biegun</strong>" in page
    assert "/?q=%22Beigun%22" in Links(page).hrefs()
    assert "Did you mean" not in page
    assert page.count("Showing results for") == 1


def test_the_page_works_without_javascript(client) -> None:
    """Search, facets and paging are links and a GET form; inputs outside the form are
    tied to it with the form attribute."""
    links = Links(html(client.get("/?q=korea&person=Donald+Trump")))
    forms = [a for t, a in links.tags if t == "form"]
    assert {
        "id": "search-form",
        "class": "searchbox",
        "action": "/",
        "method": "get",
        "role": "search",
    } in forms
    inputs = {a["name"]: a for t, a in links.tags if t == "input" and a.get("name")}
    assert inputs["from"]["form"] == inputs["to"]["form"] == "search-form"
    assert (
        inputs["person"]["type"] == "hidden"
        and inputs["person"]["value"] == "Donald Trump"
    )


# -- facet lists -----------------------------------------------------------------------


def test_facet_api_filters_by_prefix(client) -> None:
    data = client.get("/api/facets/person?q=korea&prefix=bie").get_json()
    assert data == {
        "facet": "person",
        "prefix": "bie",
        "truncated": False,
        "values": [
            {
                "value": BIEGUN,
                "key": "stephen biegun",
                "count": 2,
                "selected": False,
                "toggle_url": "/?q=korea&person=Stephen+Biegun",
            }
        ],
    }
    limited = client.get("/api/facets/place?limit=2").get_json()
    assert len(limited["values"]) == 2 and limited["truncated"] is True


def test_facet_page_lists_every_value(client) -> None:
    page = html(client.get("/facets/place?q=korea&prefix=s"))
    assert "Seoul" in page and "South Korea" in page and "Japan" not in page
    assert client.get("/facets/bogus").status_code == 404


# -- article page ----------------------------------------------------------------------


def test_article_page_marks_and_links_entities(client) -> None:
    response = client.get(f"/articles/{DATED_SEED}")
    assert response.status_code == 200
    page = html(response)
    links = Links(page)
    assert "/?person=Stephen+Biegun" in links.hrefs("ent-person")
    assert "/?place=Seoul" in links.hrefs("ent-place")
    assert "/?org=State+Department" in links.hrefs("ent-org")
    assert "/?mentioned_from=2020-07-06&mentioned_to=2020-07-06" in links.hrefs(
        "ent-date"
    )
    assert "from the date header" in page and "8 Jul 2020" in page
    # Surname-only mentions of a person link to the full name.
    assert re.search(
        r'<a class="ent ent-person" href="/\?person=Stephen\+Biegun" '
        r'title="Person: Stephen Biegun">Biegun</a>',
        page,
    )


def test_undated_article_says_so(client) -> None:
    page = html(client.get(f"/articles/{UNDATED_SEED}"))
    assert "undated" in page and "no date in metadata, header or dateline" in page
    assert "Washington" in page  # the dateline


def test_article_api(client) -> None:
    data = client.get(f"/api/articles/{DATED_SEED}").get_json()
    assert data["id"] == DATED_SEED and data["published"] == "2020-07-08"
    assert BIEGUN in [p["name"] for p in data["persons"]]
    similar = client.get(f"/api/articles/{DATED_SEED}/similar").get_json()
    assert [h["id"] for h in similar["hits"]] == [UNDATED_SEED]


# -- API: the same object as the CLI ---------------------------------------------------


def test_api_search_is_the_cli_json(client, runner, seed_settings: Settings) -> None:
    from search.cli import cli

    result = runner.invoke(
        cli,
        [
            "--index-dir",
            str(seed_settings.index_dir),
            "search",
            "korea",
            "--person",
            "Donald Trump",
            "--from",
            "2019",
            "--sort",
            "newest",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    expected = json.loads(result.output)
    actual = client.get(
        "/api/search?q=korea&person=Donald+Trump&from=2019&sort=newest"
    ).get_json()
    expected.pop("seconds")
    actual.pop("seconds")
    assert actual == expected


def test_export_streams_every_hit(client) -> None:
    response = client.get("/api/export.csv?q=korea&page_size=1&page=2")
    assert response.is_streamed and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(html(response))))
    assert rows[0] == [
        "id",
        "title",
        "published",
        "published_source",
        "source",
        "url",
        "persons",
        "orgs",
        "places",
        "snippet",
        "group",
        "copies",
    ]
    assert len(rows) == 3  # both hits, though page 2 of size 1 was asked for
    data = client.get("/api/export.json?sort=oldest").get_json()
    assert [h["id"] for h in data] == [DATED_SEED, UNDATED_SEED]  # undated come last
    assert data[0]["persons"][0] == BIEGUN
    assert "text" not in data[0]


def test_openapi_documents_every_parameter(client) -> None:
    from web.params import PARAMS

    doc = client.get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    assert {
        "/api/search",
        "/api/articles/{id}",
        "/api/facets/{name}",
        "/api/export.csv",
        "/api/export.json",
    } <= set(doc["paths"])
    names = [p["name"] for p in doc["paths"]["/api/search"]["get"]["parameters"]]
    assert names == [p.name for p in PARAMS]
    assert all(p.help for p in PARAMS)


# -- escaping and security headers -----------------------------------------------------


@pytest.fixture
def hostile_client(writable_seed_settings: Settings, tmp_path: Path):
    """An index with an article whose title and body carry markup."""
    path = tmp_path / "hostile.txt"
    path.write_text(
        "<script>alert('title')</script> Ministers & <b>markup</b> meet\n\n"
        "date 2020-05-04\n\n"
        "Prime Minister Jacinda Ardern said <script>alert('body')</script> talks in "
        "Wellington would go on. <img src=x onerror=alert(1)> Ardern thanked them.\n",
        encoding="utf-8",
    )
    record = tmp_path / "hostile.jsonl"
    record.write_text(
        json.dumps(
            {
                "id": "hostile-url",
                "title": "Harbour link",
                "date": "2020-05-05",
                "url": "javascript:alert(document.domain)",
                "text": "Harbour officials in Auckland published a link.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    stats = index_paths([path, record], writable_seed_settings)
    assert stats.indexed == 2, stats.summary()
    return create_app(writable_seed_settings).test_client()


def test_markup_in_articles_is_shown_as_text(hostile_client) -> None:
    data = hostile_client.get("/api/search?q=Wellington").get_json()
    assert data["total"] == 1
    article_id = data["hits"][0]["id"]
    for url in (
        "/?q=Wellington",
        "/?q=alert",
        f"/articles/{article_id}",
        f"/?like={UNDATED_SEED}",
    ):
        page = html(hostile_client.get(url))
        assert "<script>alert" not in page and "<img src=x" not in page, url
        assert "<b>markup</b>" not in page, url
    page = html(hostile_client.get(f"/articles/{article_id}"))
    assert (
        "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Ministers &amp; "
        "&lt;b&gt;markup&lt;/b&gt; meet" in page
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "/?person=Jacinda+Ardern" in Links(page).hrefs("ent-person")
    for url in ("/?q=harbour", "/articles/hostile-url"):
        assert "javascript:" not in html(hostile_client.get(url)), url
    hit_page = html(hostile_client.get("/?q=alert"))
    assert re.search(
        r"&lt;script&gt;<mark class=\"match term\d\">alert</mark>", hit_page
    )


def test_markup_in_a_query_is_shown_as_text(client) -> None:
    url = "/?q=%3Cscript%3Ealert(1)%3C/script%3E&person=%3Cb%3Ex%3C/b%3E&from=%3Ci%3E"
    for response in (client.get(url), client.get(url.replace("&from=%3Ci%3E", ""))):
        page = html(response)
        assert "<script>alert" not in page and "<b>x</b>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;i&gt;" in html(client.get(url))  # in the 400 page's message


def test_content_security_policy_forbids_inline_script(client) -> None:
    for url in ("/?q=korea", f"/articles/{DATED_SEED}", "/api/search", "/nope"):
        csp = client.get(url).headers["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert (
            directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
        )
        assert "unsafe-inline" not in csp
    for url in (
        "/?q=korea&person=Donald+Trump",
        f"/articles/{DATED_SEED}",
        "/facets/person",
        f"/?like={DATED_SEED}",
        "/?page=x",
    ):
        links = Links(html(client.get(url)))
        assert not links.script_text, url  # no inline script
        for tag, attrs in links.tags:
            assert "style" not in attrs, (url, tag)
            assert not [a for a in attrs if a.startswith("on")], (url, tag)
            if tag == "script":
                assert attrs["src"].startswith("/static/")
            if tag == "link" and attrs.get("rel") == "stylesheet":
                assert attrs["href"].startswith("/static/")


def test_static_assets_are_served_by_the_app(client) -> None:
    for name in ("style.css", "app.js", "check.svg", "favicon.svg"):
        assert client.get(f"/static/{name}").status_code == 200, name


# -- errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=abc", "page must be a whole number, not 'abc'"),
        ("page=-3", "page must be 1 or more, not -3"),
        (f"page={10**9}", "page must be at most"),
        ("page_size=0", "page_size must be between 1 and"),
        ("sort=random", "sort must be one of relevance, newest, oldest"),
        ("from=blah", "Cannot read 'blah' as a date for 'from'"),
        ("from=2020&to=2019", "is after the 'to' date"),
    ],
)
def test_bad_parameters_are_400_with_a_message(
    client, query: str, message: str
) -> None:
    api = client.get(f"/api/search?{query}")
    assert api.status_code == 400
    body = api.get_json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == 400 and message in body["error"]
    page = client.get(f"/?{query}")
    assert page.status_code == 400 and page.mimetype == "text/html"
    assert message.replace("'", "&#39;") in html(page)


def test_a_bad_date_in_the_form_is_marked_on_its_field(client) -> None:
    """The page keeps the query, the other filters and their results; only the date
    that cannot be read is left out, its field marked with the message (#15)."""
    url = "/?q=korea&person=Mike+Pompeo&from=Marhc+2020&sort=oldest"
    response = client.get(url)
    assert response.status_code == 400
    page = html(response)
    good = html(client.get("/?q=korea&person=Mike+Pompeo&sort=oldest"))
    hits = re.compile(r'<h2 class="hit-title"><a href="([^"]+)"')
    assert hits.findall(page) == hits.findall(good) != []
    assert 'value="Marhc 2020"' in page
    assert 'aria-invalid="true" aria-describedby="from-error"' in page
    assert (
        '<p class="field-error" id="from-error">Cannot read &#39;Marhc 2020&#39;'
        in page
    )
    assert 'class="chip"' in page and "Mike Pompeo" in page
    assert 'value="korea"' in page
    # Links keep what was searched, without the date that was not.
    assert "/?q=korea&amp;sort=oldest" in page  # the person chip's remove link


def test_a_to_before_from_is_marked_on_to(client) -> None:
    page = html(client.get("/?from=2020&to=2019"))
    assert 'id="to" name="to" form="search-form" value="2019"' in page
    assert '<p class="field-error" id="to-error">Ends before it starts:' in page


def test_not_found_shapes(client) -> None:
    assert client.get("/api/articles/nope").get_json() == {
        "ok": False,
        "error": "No article with id 'nope'",
        "status": 404,
    }
    assert client.get("/api/facets/bogus").status_code == 404
    assert client.get("/api/no-such-endpoint").get_json()["status"] == 404
    assert client.get("/api/export.xml").get_json()["status"] == 400
    for url in ("/articles/nope", "/no-such-page"):
        response = client.get(url)
        assert response.status_code == 404
        assert "<title>Not found" in html(response).replace("Not Found", "Not found")


def test_missing_index_is_a_503_that_says_how_to_build_one(settings: Settings) -> None:
    client = create_app(settings).test_client()
    page = client.get("/")
    assert page.status_code == 503
    assert "news-search index" in html(page) and "Search is not available" in html(page)
    api = client.get("/api/search?q=x")
    assert api.status_code == 503
    assert (
        api.get_json()["status"] == 503
        and "news-search index" in api.get_json()["error"]
    )
    assert client.get("/api/export.csv").status_code == 503


def test_unexpected_errors_are_logged_and_hidden(
    seed_settings: Settings, caplog
) -> None:
    app = create_app(seed_settings)

    def broken():
        raise RuntimeError("secret detail")

    app.add_url_rule("/broken", view_func=broken)
    app.add_url_rule("/api/broken", view_func=broken, endpoint="api_broken")
    client = app.test_client()
    response = client.get("/broken")
    assert response.status_code == 500 and response.mimetype == "text/plain"
    assert "secret detail" not in html(response) and "Traceback" not in html(response)
    assert client.get("/api/broken").get_json() == {
        "ok": False,
        "status": 500,
        "error": "Something went wrong on our side. The error has been logged.",
    }
    assert "secret detail" in caplog.text and "RuntimeError" in caplog.text


# -- URL state (web.params) ------------------------------------------------------------


def test_search_args_build_short_stable_urls() -> None:
    args = SearchArgs(
        {
            "q": ["korea"],
            "person": ["Mike Pompeo", "", "Mike Pompeo"],
            "page": ["3"],
            "bogus": ["x"],
            "to": [" "],
        }
    )
    assert args.url() == "/?q=korea&person=Mike+Pompeo&page=3"
    assert args.url(page=1) == "/?q=korea&person=Mike+Pompeo"
    assert (
        args.url(sort="newest") == "/?q=korea&person=Mike+Pompeo&sort=newest"
    )  # page 1
    assert args.toggle_url("person", "mike pompeo", "Mike Pompeo") == "/?q=korea"
    assert (
        args.toggle_url("person", "kim jong un", "Kim Jong Un")
        == "/?q=korea&person=Mike+Pompeo&person=Kim+Jong+Un"
    )
    assert [
        c.label for c in args.chips({"person": {"mike pompeo": "Mike R. Pompeo"}})
    ] == ["Mike R. Pompeo"]


def test_inferred_and_missing_dates_are_marked(app) -> None:
    """A hit's date: plain, marked "inferred" (guessed from the text), or "undated"."""
    from datetime import date

    from flask import render_template_string

    from search import Hit
    from web.views import HitLinks

    template = '{% from "_hit.html" import render_hit %}{{ render_hit(hit, links) }}'

    def rendered(published, source) -> str:
        hit = Hit(
            id="a1",
            title="T",
            published=published,
            published_source=source,
            snippet="s",
            persons=(),
            orgs=(),
            places=(),
            source="x/y.txt",
        )
        with app.test_request_context("/"):
            args = SearchArgs({})
            return render_template_string(template, hit=hit, links=HitLinks(args))

    plain = rendered(date(2019, 1, 14), "metadata")
    assert "14 Jan 2019" in plain and "inferred" not in plain and "undated" not in plain
    inferred = rendered(date(2019, 1, 14), "inferred")
    assert "14 Jan 2019" in inferred and 'class="badge badge-inferred"' in inferred
    assert 'class="badge badge-undated"' in rendered(None, None)
