"""Pages a member of the public trusts at a glance (issue 21), looked at as a person would.

The example archive, with one withdrawn statement added, is built once; each page is opened in
chromium at 320 and 1280 px, light, dark and print, and a screenshot of each is saved under
``test-artifacts/trust/`` (git-ignored) for people to look at. What is measurable is asserted:
no word of the history broken across lines, badges legible on paper without backgrounds, the
current level within a phone's first screen, tap targets, the notices and the publisher.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import built_once, serve
from tests.support import EXAMPLE_CONTENT, ROOT, build, page, write_statement
from tests.test_threat_levels import contrast_ratio

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts" / "trust"
WIDTHS = {"phone": 320, "desktop": 1280}
PHONE_SCREEN = 568  # the height of the smallest phone screen still common (iPhone SE, 320 x 568)
WITHDRAWN = "statements/2024/11/festival-road-closures/"
REASON = "The road closures were cancelled when the festival moved to the showground."
PAGES = {
    "home": "",
    "statement": "statements/2025/04/protect-duty-in-force/",
    "real-statement": "statements/2015/01/npcc-security-posture-statement/",
    "withdrawn": WITHDRAWN,
    "threat-levels": "threat-levels/",
    "search": "search/?q=threat+level&level=severe",
}


def build_with_a_withdrawn_statement(folder: Path) -> None:
    content = folder / "content"
    shutil.copytree(EXAMPLE_CONTENT, content)
    write_statement(
        content,
        "2024-11-05-festival-road-closures",
        title="Road closures for the Bryncoed winter festival",
        date="2024-11-05",
        threat_level="MODERATE",
        category="Major events",
        status="withdrawn",
        withdrawn_reason=REASON,
        withdrawn_date="2024-11-07",
    )
    build(content, folder / "output", "publishconf.py", SITEURL="")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example archive with a withdrawn statement, built once for every worker that runs these tests."""
    return built_once(tmp_path_factory, "trust", build_with_a_withdrawn_statement) / "output"


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    yield from serve(site)


@contextlib.contextmanager
def opened(browser, site_url: str, path: str, width: int, mode: str = "light", height: int = 800):
    """A tab showing ``path`` at ``width``, in light, dark or print ("print": light colours, print media)."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, color_scheme="dark" if mode == "dark" else "light"
    )
    tab = context.new_page()
    tab.goto(f"{site_url}/{path}")
    if mode == "print":
        tab.emulate_media(media="print")
    try:
        yield tab
    finally:
        context.close()


# Browsers print without background colours unless asked; a screenshot of print media keeps them,
# so the saved print views drop every background first, as the paper would.
WITHOUT_BACKGROUNDS = """() => { for (const node of document.querySelectorAll("*")) {
    node.style.setProperty("background", "none", "important"); } }"""


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("name", PAGES)
def test_every_page_is_saved_as_a_person_sees_it_and_fits_the_screen(browser, site_url, name, width):
    """One visit per page and width, seen in light, then dark, then print (light colours, print media)."""
    with opened(browser, site_url, PAGES[name], width) as tab:
        if name == "search":
            tab.wait_for_selector("#search-status:has-text('found')")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for mode, media in (("light", {}), ("dark", {"color_scheme": "dark"}), ("print", {"color_scheme": "light"})):
            tab.emulate_media(**media)
            if mode == "print":
                tab.emulate_media(media="print")
                tab.evaluate(WITHOUT_BACKGROUNDS)
            shot = ARTIFACTS / f"{name}-{width}-{mode}.png"
            tab.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 0
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, mode


# The history of the level


BROKEN_WORDS = """() => {
  const broken = [];
  const table = document.querySelector("table.level-changes");
  const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.textContent.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
      if (lines.size > 1) broken.push(word[0]);
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("mode", ["light", "print"])
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_no_word_in_the_history_is_broken_across_lines(browser, site_url, width, mode):
    with opened(browser, site_url, "threat-levels/", width, mode) as tab:
        assert tab.locator("table.level-changes tbody tr").count() == 10
        assert tab.evaluate(BROKEN_WORDS) == []


def test_on_a_phone_each_change_reads_as_one_line_of_text(browser, site_url):
    with opened(browser, site_url, "threat-levels/", WIDTHS["phone"]) as tab:
        first = tab.locator("table.level-changes tbody tr").first
        assert " ".join(first.inner_text().split()) == (
            "14 September 2007 Raised from SUBSTANTIAL to SEVERE National threat level raised to SEVERE"
        )
        # The cells run on as one sentence, a dash (unread by screen readers) before each after the first.
        separators = first.locator("td").evaluate_all(
            "cells => cells.map((cell) => [getComputedStyle(cell).display, getComputedStyle(cell, '::before').content])"
        )
        assert separators == [["inline", "none"], ["inline", '" — " / ""'], ["inline", '" — " / ""']]
        assert tab.locator("table.level-changes thead").bounding_box()["height"] <= 1, (
            "headings for screen readers only"
        )


# Badges on paper


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_badges_print_legibly_without_background_colours(browser, site_url, scheme):
    with opened(browser, site_url, "threat-levels/", WIDTHS["desktop"], scheme) as tab:
        tab.emulate_media(media="print", color_scheme=scheme)
        badges = tab.eval_on_selector_all(
            "main .badge",
            """badges => badges.map((badge) => {
              const style = getComputedStyle(badge);
              return [style.color, style.borderTopColor, style.borderTopWidth];
            })""",
        )
    assert len(badges) > 20
    for text, border, border_width in badges:
        assert contrast_ratio(text, "#fff") >= 4.5, text  # the paper is white: no background is printed
        assert contrast_ratio(border, "#fff") >= 3 and float(border_width.removesuffix("px")) >= 1


# The home page on a phone


def test_on_a_phone_the_current_level_is_the_first_thing_on_the_home_page(browser, site_url):
    with opened(browser, site_url, "", WIDTHS["phone"], height=PHONE_SCREEN) as tab:
        heading = tab.locator("main h1")
        assert (
            " ".join(heading.inner_text().split()) == "The UK national threat level is SUBSTANTIAL: an attack is likely"
        )
        assert heading.locator(".badge").bounding_box()["y"] + heading.bounding_box()["height"] <= PHONE_SCREEN
        nav_rows = tab.eval_on_selector_all(
            "nav.site-nav a", "links => new Set(links.map((a) => Math.round(a.getBoundingClientRect().top))).size"
        )
        assert nav_rows <= 2
        assert tab.locator("main .badge[tabindex]").count() == 0, "the level is read, not a tab stop with a tooltip"


@pytest.mark.parametrize("path", ["", "statements/2018/", PAGES["statement"]])
def test_links_standing_alone_are_at_least_24_px_tall_on_a_phone(browser, site_url, path):
    with opened(browser, site_url, path, WIDTHS["phone"]) as tab:
        heights = tab.eval_on_selector_all(
            ".breadcrumbs a, .inline-list a, .tag-list a, .site-footer li a",
            "links => links.map((a) => [a.textContent, a.getBoundingClientRect().height])",
        )
    assert heights
    assert [text for text, height in heights if height < 24] == []


# What every page and every statement says


def test_every_page_names_the_publisher_the_licence_and_the_site_notice(site):
    for path in ("", "statements/", PAGES["statement"], "search/", "404.html", "accessibility/"):
        soup = page(site, path)
        assert soup.select_one("header .site-header__publisher").get_text() == "Example Counter Terrorism Policing"
        assert soup.select_one("header img.site-header__logo")["src"] == "/theme/images/publisher-logo.svg"
        notice = " ".join(soup.select_one(".site-notice").get_text().split())
        assert notice == "Example Every statement here is a fictional example but one. Which one is real"
        footer = soup.select_one("footer")
        assert "Published by Example Counter Terrorism Policing." in footer.get_text()
        assert [a.get_text() for a in footer.select(".site-footer__links a")] == [
            "Accessibility statement",
            "Privacy",
            "About the archive",
        ]
        assert footer.select_one('a[rel="license"]').get_text() == "Open Government Licence v3.0"
    assert page(site, "accessibility/").h1.get_text() == "Accessibility statement"
    assert "sets no cookies" in page(site, "privacy/").main.get_text()


def facts(soup) -> dict[str, str]:
    return {row.dt.get_text(): " ".join(row.dd.get_text(" ").split()) for row in soup.select("main header .facts__row")}


def test_a_fictional_statement_says_so_and_the_real_one_says_it_is_real(site):
    fictional = page(site, PAGES["statement"]).select_one("main .provenance").get_text()
    assert fictional.startswith("This is a fictional example")
    real = page(site, PAGES["real-statement"]).select_one("main .provenance").get_text()
    assert real.startswith("This is a real statement")


def test_a_statement_gives_the_level_when_issued_and_an_old_one_todays_too(site):
    old = facts(page(site, PAGES["statement"]))
    assert old["Threat level when issued"].startswith("MODERATE")
    assert old["Threat level today"].startswith("SUBSTANTIAL")
    assert old["Threat level today"].endswith("since 16 September 2025")
    newest = facts(page(site, "statements/2026/03/airport-arrests/"))
    assert "Threat level when issued" in newest and "Threat level today" not in newest


def test_an_updated_statement_says_when_near_the_top_and_lists_the_updates_at_its_foot(site):
    soup = page(site, PAGES["statement"])
    assert facts(soup)["Last updated"] == "2 May 2025 — see all updates"
    updates = soup.find(id="updates")
    assert updates.find_previous(class_="prose") is not None, "the list comes after the statement"
    assert soup.select_one("main header a[href='#updates']")


def test_a_withdrawn_statement_says_so_in_its_title_heading_and_a_banner_at_the_top(site):
    soup = page(site, WITHDRAWN)
    assert soup.title.get_text().startswith("[Withdrawn] Road closures for the Bryncoed winter festival |")
    heading = soup.main.h1
    assert heading.get_text() == "[Withdrawn] Road closures for the Bryncoed winter festival"
    banner = heading.find_next_sibling()
    assert banner["role"] == "note" and "notice--withdrawn" in banner["class"]
    assert banner.h2.get_text() == "This statement has been withdrawn"
    assert REASON in banner.get_text()
    assert "It was withdrawn on 7 November 2024." in banner.get_text()
    assert banner.find_next(class_="facts") is not None, "the banner comes before the details"


def test_printing_a_statement_shows_its_address_and_date(browser, site_url):
    with opened(browser, site_url, PAGES["statement"], WIDTHS["desktop"], "print") as tab:
        line = tab.locator("main .print-only")
        assert line.is_visible()
        assert line.inner_text() == (
            "This statement: /statements/2025/04/protect-duty-in-force/, issued 9 April 2025, last updated 2 May 2025."
        )
        assert tab.locator(".site-notice").is_visible()
    with opened(browser, site_url, PAGES["statement"], WIDTHS["desktop"]) as tab:
        assert tab.is_hidden("main .print-only")
