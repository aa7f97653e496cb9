"""Accessibility of every page type in a real browser: axe-core (WCAG 2.2 A and AA, and its best
practices) and no sideways scrolling, at a phone and a desktop width, light and dark; the skip link;
the print stylesheet."""

from __future__ import annotations

import pytest

from tests.conftest import axe_violations

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "/",
    "statement": "/statements/2025/04/protect-duty-in-force/",
    "the real statement": "/statements/2015/01/npcc-security-posture-statement/",
    "all statements": "/statements/",
    "all statements, page 2": "/statements/page/2/",
    "year": "/statements/2018/",
    "month": "/statements/2018/02/",
    "categories": "/categories/",
    "category": "/categories/threat-level/",
    "tags": "/tags/",
    "tag": "/tags/rail/",
    "threat levels": "/threat-levels/",
    "threat level": "/threat-levels/severe/",
    "search": "/search/",
    "feeds": "/feeds/",
    "about": "/about/",
    "accessibility statement": "/accessibility/",
    "privacy": "/privacy/",
    "not found": "/404.html",
}
VIEWPORTS = {"phone": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module", params=VIEWPORTS)
def view(request, example_url, browser):
    """One tab per viewport, shared by this module's tests, and its viewport's width.

    The example site is built before the browser starts: Playwright's event loop would stop Pagefind's.
    """
    # The page's Content-Security-Policy would refuse the injected axe-core script.
    context = browser.new_context(viewport=VIEWPORTS[request.param], bypass_csp=True)
    yield context.new_page(), VIEWPORTS[request.param]["width"]
    context.close()


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_no_axe_violations_and_no_sideways_scrolling_light_or_dark(example_url, view, path):
    """One visit per page and viewport runs every check, in the light scheme and then the dark one:
    axe-core, then the page's width against the screen's."""
    tab, width = view
    tab.goto(example_url + path)
    for scheme in ("light", "dark"):
        tab.emulate_media(color_scheme=scheme)
        assert tab.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
        assert (scheme, axe_violations(tab)) == (scheme, [])
        assert tab.evaluate("document.documentElement.scrollWidth") <= width, scheme


def test_the_skip_link_is_the_first_stop_and_shows_when_focused(example_url, browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(example_url + PAGE_TYPES["statement"])
    skip_link_box = "document.querySelector('.skip-link').getBoundingClientRect().toJSON()"
    assert page.evaluate(skip_link_box)["right"] <= 0, "hidden off screen until focused"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    box = page.evaluate(skip_link_box)
    assert box["left"] >= 0 and box["top"] >= 0 and box["width"] > 0
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    context.close()


def test_focused_links_get_the_yellow_focus_style(example_url, browser):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(example_url + PAGE_TYPES["statement"])
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    style = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert style == "rgb(255, 221, 0)"
    context.close()


def test_printing_a_statement_hides_navigation_and_shows_link_addresses(example_url, browser):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(example_url + PAGE_TYPES["statement"])
    page.emulate_media(media="print")
    for selector in ("nav.site-nav", ".site-search", "nav.breadcrumbs", "nav.sequence", ".site-footer"):
        assert not page.locator(selector).is_visible(), selector
    assert page.locator("main h1").is_visible()
    shown = page.evaluate("getComputedStyle(document.querySelector('.facts a[href*=categories]'), '::after').content")
    assert shown == '" (/categories/protective-security/)"'
    page.emulate_media(media="screen")
    assert page.locator("nav.site-nav").is_visible()
    context.close()
