"""The search page in real headless Chromium against the real server (gunicorn via
`news-search serve`), over seeds plus a Wikinews sample (fixtures in conftest.py).

What a reporter does: search and see highlights, pick two people, type a date range in
words, remove a chip, page, open an article and follow an entity, go back. Chromium
that cannot start fails these tests; it never skips them.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlencode, urlsplit

from conftest import HOSTILE_TITLE, LiveServer
from playwright.sync_api import expect

QUERY = "election"


def state(url: str) -> dict[str, list[str]]:
    """The search state in a URL's query string."""
    return parse_qs(urlsplit(url).query)


def total(page) -> int:
    return int(page.locator(".total strong").inner_text().replace(",", ""))


def api_total(live_server: LiveServer, **params) -> int:
    query = urlencode(params, doseq=True)
    return int(live_server.get_json(f"/api/search?{query}")["total"])


#: A facet value's toggle (beside it, a link to the value's entity page).
CHECKBOX = 'a[role="checkbox"]'


def facet_item(page, facet: str, label: str):
    return page.locator(
        f'[data-facet="{facet}"] li',
        has=page.locator(".label", has_text=re.compile(f"^{re.escape(label)}$")),
    )


def test_chromium_starts(browser) -> None:
    """Stated on its own so a missing or broken chromium reads as what it is (through
    the session's browser: a second Playwright in the same thread cannot start while
    that one runs)."""
    assert browser.version


def test_search_shows_highlighted_snippets(page, live_server: LiveServer) -> None:
    page.goto("/")
    page.fill("#q", QUERY)
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(rf"/\?q={QUERY}$"))
    assert total(page) == api_total(live_server, q=QUERY)
    hits = page.locator(".hit")
    expect(hits).to_have_count(10)
    marks = page.locator(".hit .snippet mark")
    expect(marks.first).to_be_visible()
    # Stemmed matches: "election", "elections", "elected", "elect".
    assert all(m.lower().startswith("elect") for m in marks.all_inner_texts())
    expect(page.locator(".hit-meta").first).to_contain_text(
        re.compile(r"\d{4}|undated")
    )
    assert page.console_errors == []


def test_choosing_two_persons(page, live_server: LiveServer) -> None:
    page.goto(f"/?q={QUERY}")
    biden = facet_item(page, "person", "Joe Biden")
    biden_count = int(biden.locator(".count").inner_text())
    biden.locator(CHECKBOX).click()
    page.wait_for_url(re.compile(r"person=Joe\+Biden"))
    assert total(page) == biden_count
    expect(facet_item(page, "person", "Joe Biden")).to_have_class("selected")
    # The sidebar still offers other people, with counts under the other filters.
    sanders = facet_item(page, "person", "Bernie Sanders")
    sanders.locator(CHECKBOX).click()
    page.wait_for_url(re.compile(r"person=Bernie\+Sanders"))
    assert state(page.url)["person"] == ["Joe Biden", "Bernie Sanders"]
    expect(page.locator(".chip")).to_have_count(2)
    expect(facet_item(page, "person", "Bernie Sanders")).to_have_class("selected")
    both = api_total(live_server, q=QUERY, person=["Joe Biden", "Bernie Sanders"])
    assert total(page) == both >= biden_count  # OR within one facet
    for hit in page.locator(".hit").all():
        assert {"Joe Biden", "Bernie Sanders"} & set(
            hit.locator(".tag-person").all_inner_texts()
        )


def test_typing_a_date_range_in_words(page, live_server: LiveServer) -> None:
    page.goto("/")
    page.fill("#from", "March 2020")
    page.fill("#to", "last week of July 2020")
    page.press("#to", "Enter")
    page.wait_for_url(re.compile(r"from=March\+2020&to=last\+week\+of\+July\+2020"))
    expect(page.locator(".parsed").first).to_have_text(
        "Read as 1 Mar 2020 to 31 Jul 2020"
    )
    expect(page.locator(".chip")).to_contain_text("March 2020 – last week of July 2020")
    assert total(page) == api_total(
        live_server, **{"from": "2020-03-01", "to": "2020-07-31"}
    )
    days = page.locator(".hit time").evaluate_all("els => els.map(e => e.dateTime)")
    assert days and all(
        date(2020, 3, 1) <= date.fromisoformat(d) <= date(2020, 7, 31) for d in days
    )
    # The histogram shows the whole span, the chosen months in the accent colour.
    active = page.locator("svg.histogram a.bar.active")
    assert active.evaluate_all("els => els.map(e => e.dataset.key)") == [
        "2020-03",
        "2020-04",
        "2020-05",
        "2020-06",
        "2020-07",
    ]


def test_removing_a_chip(page, live_server: LiveServer) -> None:
    page.goto(f"/?q={QUERY}&person=Joe+Biden&place=United+States&from=2019")
    chips = page.locator(".chip")
    expect(chips).to_have_count(3)
    chips.filter(has_text="Joe Biden").click()
    page.wait_for_url(lambda url: "person=" not in url)
    expect(chips).to_have_count(2)
    assert state(page.url) == {
        "q": [QUERY],
        "place": ["United States"],
        "from": ["2019"],
    }
    assert total(page) == api_total(
        live_server, q=QUERY, place="United States", **{"from": "2019"}
    )
    expect(facet_item(page, "person", "Joe Biden")).not_to_have_class("selected")


def test_paging(page) -> None:
    page.goto(f"/?q={QUERY}&sort=newest")
    first_page = page.locator(".hit-title").all_inner_texts()
    page.locator(".pagination a.next").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert state(page.url) == {"q": [QUERY], "sort": ["newest"], "page": ["2"]}
    expect(page.locator('.pagination [aria-current="page"]')).to_have_text("2")
    second_page = page.locator(".hit-title").all_inner_texts()
    assert second_page and not set(first_page) & set(second_page)
    expect(page.locator(".total")).to_contain_text("showing 11–")
    page.locator(".pagination a.prev").click()
    page.wait_for_url(lambda url: "page=" not in url)
    assert page.locator(".hit-title").all_inner_texts() == first_page


def test_opening_an_article_and_following_an_entity(page) -> None:
    page.goto(f"/?q={QUERY}")
    title = page.locator(".hit-title a").first
    heading = title.inner_text()
    title.click()
    page.wait_for_url(re.compile(r"/articles/"))
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator(".article-meta")).to_contain_text("Published")
    person = page.locator(".article-body a.ent-person").first
    name = person.get_attribute("title").removeprefix("Person: ")
    person.click()
    page.wait_for_url(re.compile(r"/\?person="))
    assert state(page.url) == {"person": [name]}
    expect(page.locator(".chip")).to_contain_text(name)
    expect(facet_item(page, "person", name)).to_have_class("selected")
    assert heading in page.locator(".hit-title").all_inner_texts()


def test_back_button_restores_each_search(page) -> None:
    page.goto(f"/?q={QUERY}")
    before = total(page)
    facet_item(page, "person", "Joe Biden").locator(CHECKBOX).click()
    page.wait_for_url(re.compile(r"person="))
    after = total(page)
    page.locator(".hit-title a").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    page.go_back()
    page.wait_for_url(re.compile(r"person=Joe\+Biden"))
    assert total(page) == after
    page.go_back()
    page.wait_for_url(re.compile(rf"/\?q={QUERY}$"))
    assert total(page) == before
    expect(page.locator("#q")).to_have_value(QUERY)
    expect(facet_item(page, "person", "Joe Biden")).not_to_have_class("selected")
    page.go_forward()
    page.wait_for_url(re.compile(r"person=Joe\+Biden"))
    assert total(page) == after


def test_facet_filter_box_and_show_more(page, live_server: LiveServer) -> None:
    page.goto("/")
    facet = page.locator('[data-facet="person"]')
    box = facet.locator(".facet-filter")
    expect(box).to_be_visible()  # shown by app.js: proves the script ran under the CSP
    box.fill("sand")
    visible = facet.locator(".facet-values li:visible .label")
    expect(visible).to_have_text(["Bernie Sanders"])
    box.fill("")
    facet.locator(".facet-more summary").click()
    assert facet.locator(".facet-values li:visible").count() > 10
    # A name beyond the loaded ones comes from /api/facets/person?prefix=...
    loaded = set(facet.locator(".facet-values li .label").all_inner_texts())
    everyone = live_server.get_json("/api/facets/person?limit=1000")["values"]
    rare = next(
        v
        for v in reversed(everyone)
        if v["value"] not in loaded
        and not any(v["value"].split()[-1].lower() in name.lower() for name in loaded)
    )
    box.fill(rare["value"].split()[-1][:5])
    found = facet.locator(".facet-found li a:not(.profile)")
    expect(found.filter(has_text=rare["value"])).to_have_count(1)
    # A fetched value is the same control as a listed one: a checkbox to screen
    # readers ("Ann Smith 1 article"), toggled by Space as well as by a click.
    item = found.filter(has_text=rare["value"])
    assert item.get_attribute("role") == "checkbox"
    assert item.get_attribute("aria-checked") == "false"
    unit = "article" if rare["count"] == 1 else "articles"
    assert re.fullmatch(
        rf"\s*{re.escape(rare['value'])}\s*{rare['count']:,}\s*{unit}\s*",
        item.inner_text(),
    ) or item.text_content().strip().endswith(unit)
    item.focus()
    page.keyboard.press(" ")
    page.wait_for_url(re.compile(r"person="))
    assert state(page.url) == {"person": [rare["value"]]}
    assert page.console_errors == []


def test_histogram_brushing_chooses_a_range(page) -> None:
    page.goto("/")
    bars = page.locator("svg.histogram a.bar")
    keys = bars.evaluate_all("els => els.map(e => e.dataset.key)")
    first, third = bars.nth(1).bounding_box(), bars.nth(3).bounding_box()
    page.mouse.move(first["x"] + first["width"] / 2, first["y"] + first["height"] / 2)
    page.mouse.down()
    page.mouse.move(
        third["x"] + third["width"] / 2, third["y"] + third["height"] / 2, steps=5
    )
    page.mouse.up()
    page.wait_for_url(re.compile(r"from="))
    assert state(page.url) == {"from": [keys[1]], "to": [keys[3]]}


def test_script_in_a_query_or_article_is_text(page) -> None:
    evil = "<script>window.pwned=1</script><img src=x onerror=window.pwned=2>"
    page.goto("/?" + urlencode({"q": evil}))
    expect(page.locator("#q")).to_have_value(evil)
    expect(page.locator(".query-echo")).to_have_text(evil)
    assert page.evaluate("window.pwned") is None
    page.goto("/?q=harbour+Wellington")
    title = page.locator(".hit-title a").first
    expect(title).to_have_text(HOSTILE_TITLE)
    title.click()
    page.wait_for_url(re.compile(r"/articles/"))
    expect(page.locator("h1")).to_have_text(HOSTILE_TITLE)
    expect(page.locator(".article-body")).to_contain_text("<img src=x onerror=")
    expect(page.locator(".article-body a.ent-person").first).to_have_text(
        "Jacinda Ardern"
    )
    assert page.evaluate("window.pwned") is None
    assert page.locator("script").evaluate_all("els => els.map(e => e.src)") == [
        page.url.split("/articles/")[0] + "/static/app.js"
    ]


def test_search_facets_and_paging_work_without_javascript(browser, live_server) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/")
        page.fill("#q", QUERY)
        page.press("#q", "Enter")
        page.wait_for_url(re.compile(rf"q={QUERY}"))
        expect(page.locator('[data-facet="person"] .facet-filter')).to_be_hidden()
        facet_item(page, "person", "Joe Biden").locator(CHECKBOX).click()
        page.wait_for_url(re.compile(r"person=Joe\+Biden"))
        page.fill("#from", "2019")
        page.locator("button.apply").click()
        page.wait_for_url(re.compile(r"from=2019"))
        assert state(page.url) == {
            "q": [QUERY],
            "person": ["Joe Biden"],
            "from": ["2019"],
        }
        page.goto(f"/?q={QUERY}")
        page.locator(".pagination a.next").click()
        page.wait_for_url(re.compile(r"page=2"))
        page.locator('[data-facet="person"] .facet-more summary').click()
        expect(
            page.locator('[data-facet="person"] .facet-more li').first
        ).to_be_visible()
    finally:
        context.close()
