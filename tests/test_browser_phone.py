"""The search page on a phone (390x844) in real Chromium (#15): the results come first,
the filters wait behind "Filters (n)", and the first hit is on the first screen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import LiveServer
from playwright.sync_api import expect
from test_browser_accessibility import axe_violations

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    # CSP bypassed only so that axe-core can be injected (test_browser_accessibility.py).
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        bypass_csp=True,
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/?q=korea&person=Donald+Trump",
        "/",
        "/?q=coronavirsu+pandemik",
        "/?like=wikinews-05fac847862d",  # More like this, with its title on top
    ],
)
def test_the_first_hit_is_on_the_first_screen(phone, path: str) -> None:
    phone.goto(path)
    title = phone.locator(".hit-title").first.bounding_box()
    assert title and title["y"] + title["height"] <= PHONE["height"], title
    expect(phone.locator("#filters")).to_be_hidden()


def test_the_filters_open_from_a_button_and_close_again(phone) -> None:
    phone.goto("/?q=korea&person=Donald+Trump")
    button = phone.locator(".filters-button")
    expect(button).to_have_text("Filters (1)")
    button.click()
    facets = phone.locator("#filters")
    expect(facets).to_be_visible()
    expect(facets.locator('[data-facet="person"]')).to_be_in_viewport()
    # Toggling a value reloads the page; the filters stay open, the value focused.
    item = facets.locator('[data-facet="person"] a[role="checkbox"]').nth(1)
    key = item.get_attribute("data-focus-key")
    with phone.expect_navigation():
        item.click()
    expect(phone.locator("#filters")).to_be_visible()
    expect(phone.locator(f'[data-focus-key="{key}"]')).to_be_focused()
    expect(phone.locator(".filters-close")).to_contain_text("Show")
    phone.locator(".filters-close").click()
    expect(phone.locator("#filters")).to_be_hidden()
    expect(phone.locator(".filters-button")).to_have_text("Filters (2)")


def test_a_bad_date_opens_its_field_from_the_message(phone) -> None:
    phone.goto("/?q=korea&from=Marhc+2020")
    expect(phone.locator("#from")).to_be_hidden()
    phone.locator(".form-errors a").click()
    expect(phone.locator("#from")).to_be_visible()


def test_on_a_desktop_the_filters_are_always_there(page) -> None:
    page.goto("/?q=korea")
    expect(page.locator("#filters")).to_be_visible()
    expect(page.locator(".filters-button")).to_be_hidden()


@pytest.mark.parametrize(
    "path",
    [
        "/?q=korea&person=Donald+Trump",
        "/?q=korea#filters",
        "/?like=wikinews-05fac847862d",
    ],
)
def test_no_serious_axe_violations_on_a_phone(phone, path: str) -> None:
    phone.goto(path)
    assert axe_violations(phone) == []
