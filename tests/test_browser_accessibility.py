"""Accessibility (#15) in real Chromium: axe-core (from npm, tests/package.json; never a
CDN) finds no serious or critical violation on the search, article, all-names and error
pages; the keyboard reaches the results through a skip link, the histogram is a list of
labelled links without stops for empty bars, and a facet toggled with Space or Enter
keeps the focus."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import LiveServer
from playwright.sync_api import expect

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(
    page: Any, impacts: tuple[str, ...] = ("serious", "critical")
) -> list[str]:
    """axe-core's violations of the page at these impacts, one line per element."""
    if not AXE.exists():
        pytest.fail(
            f"{AXE} is missing: run `make axe` (npm ci in tests/)", pytrace=False
        )
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['impact']} {v['id']}: {node['target']} {node['failureSummary'][:160]}"
        for v in result["violations"]
        if v["impact"] in impacts
        for node in v["nodes"]
    ]


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A tab that lets Playwright inject axe-core as an inline script (the app's CSP
    allows only its own files; what axe checks is the page, not the policy)."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        bypass_csp=True,
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def wiki_article(live_server: LiveServer) -> str:
    return live_server.get_json("/api/search?q=coronavirus")["hits"][0]["id"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?q=korea&person=Donald+Trump",
        "/?q=coronavirsu",
        "/?q=korea&from=Marhc+2020",
        "/?q=qqqzzzz",
        "ARTICLE",
        "ARTICLE/similar",
        "/facets/person?q=korea",
        "/entities/review",
        "/entities/person/Joe%20Biden",
        "/graph?q=election",
        "/batch",
        "/no-such-page",
    ],
)
def test_no_serious_axe_violations(page, live_server: LiveServer, path: str) -> None:
    if path.startswith("ARTICLE"):
        path = path.replace("ARTICLE", "/articles/" + wiki_article(live_server))
    page.goto(path)
    assert axe_violations(page) == []


def test_a_skip_link_leads_to_the_results(page) -> None:
    page.goto("/?q=korea")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_be_focused()
    first_hit = page.locator(".hit-title a").first
    presses = 0
    while not first_hit.evaluate("el => el === document.activeElement"):
        presses += 1
        assert presses <= 20, "20 Tab presses after the skip link did not reach a hit"
        page.keyboard.press("Tab")
    assert presses <= 8  # sort links and exports come before it, the sidebar does not


def test_the_histogram_is_a_list_of_labelled_links(page, live_server) -> None:
    page.goto("/?q=korea")
    histogram = page.locator("svg.histogram")
    expect(histogram).to_have_attribute("role", "list")
    links = histogram.locator("a.bar")
    labels = links.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert labels and all(
        re.fullmatch(r"\w+ \d{4}: [\d,]+ articles?", label) for label in labels
    ), labels
    # Empty bars are drawn but are no links: the keyboard does not stop on them.
    empty = histogram.locator(".bar.empty")
    assert empty.count() > 0
    assert empty.locator("a").count() == 0
    months = "/api/facets/published_month?q=korea&limit=1000"
    counts = live_server.get_json(months)["values"]
    assert links.count() == len(
        [v for v in counts if v["count"] and v["key"] != "undated"]
    )


@pytest.mark.parametrize("key", [" ", "Enter"])
def test_a_facet_toggled_from_the_keyboard_keeps_the_focus(page, key: str) -> None:
    page.goto("/?q=korea")
    item = page.locator('[data-facet="person"] a[role="checkbox"]').first
    focus_key = item.get_attribute("data-focus-key")
    expect(item).to_have_attribute("aria-checked", "false")
    item.focus()
    with page.expect_navigation():
        page.keyboard.press(key)
    assert "person=" in page.url
    toggled = page.locator(f'[data-focus-key="{focus_key}"]')
    expect(toggled).to_be_focused()
    expect(toggled).to_have_attribute("aria-checked", "true")
    with page.expect_navigation():
        page.keyboard.press(key)  # and off again
    assert "person=" not in page.url
    expect(page.locator(f'[data-focus-key="{focus_key}"]')).to_be_focused()
