"""Issue #15 in real Chromium against `news-search serve`: ``-word`` excludes, a typo
still finds the articles with a notice, and a date the form cannot read is marked on its
field while every other filter and the results stay."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from conftest import LiveServer
from playwright.sync_api import expect


def total(page) -> int:
    return int(page.locator(".total strong").inner_text().replace(",", ""))


def api_ids(live_server: LiveServer, **params) -> list[str]:
    query = urlencode({**params, "page_size": 100}, doseq=True)
    return [h["id"] for h in live_server.get_json(f"/api/search?{query}")["hits"]]


def hit_ids(page) -> list[str]:
    return page.locator(".hit .hit-title a").evaluate_all(
        "els => els.map(e => decodeURIComponent(e.pathname.split('/articles/')[1]))"
    )


def test_minus_excludes_in_the_search_box(page, live_server: LiveServer) -> None:
    page.goto("/")
    page.fill("#q", "biden -trump")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"q=biden\+-trump"))
    biden = set(api_ids(live_server, q="biden"))
    trump = set(api_ids(live_server, q="trump"))
    assert total(page) == len(biden - trump) == 2
    assert set(hit_ids(page)) == biden - trump


def test_a_typo_finds_the_articles_with_a_notice(page, live_server: LiveServer) -> None:
    page.goto("/?q=coronavirsu+pandemik")
    notice = page.locator(".correction")
    expect(notice).to_contain_text("Showing results for coronavirus pandemic")
    assert hit_ids(page) == api_ids(live_server, q="coronavirus pandemic")
    assert total(page) == 5
    notice.get_by_role("link", name="coronavirsu pandemik").click()
    page.wait_for_url(re.compile(r"q=%22coronavirsu%22\+%22pandemik%22"))
    expect(page.locator(".total")).to_contain_text("No articles")
    expect(page.locator(".suggestion")).to_contain_text("coronavirus")


def test_a_bad_date_keeps_the_filters_and_the_results(
    page, live_server: LiveServer
) -> None:
    page.goto("/?q=korea&person=Donald+Trump")
    before = hit_ids(page)
    assert before
    page.fill("#from", "Marhc 2020")
    page.press("#from", "Enter")
    page.wait_for_url(re.compile(r"from=Marhc\+2020"))
    field = page.locator("#from")
    expect(field).to_have_value("Marhc 2020")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#from-error")).to_contain_text("Cannot read 'Marhc 2020'")
    expect(page.locator("#q")).to_have_value("korea")
    expect(page.locator(".chip")).to_contain_text("Donald Trump")
    assert hit_ids(page) == before
    # Corrected, the date applies and the error is gone.
    page.fill("#from", "March 2020")
    page.press("#from", "Enter")
    page.wait_for_url(re.compile(r"from=March\+2020"))
    expect(page.locator("#from-error")).to_have_count(0)
    expect(page.locator(".chip")).to_have_count(2)  # the person and the date
