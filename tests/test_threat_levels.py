"""The threat_levels plugin: badges, the level pages, the history of changes and the current level.

One archive is built for the module: its published levels go LOW -> SEVERE -> CRITICAL ->
SEVERE -> SUBSTANTIAL, with 22 SEVERE statements in a row after the fall from CRITICAL
(repeats, not changes, and enough to need a second page), plus a withdrawn statement, a
draft and an embargoed statement, none of which may count.

A level outside the five fails the build with a message naming the allowed levels: that is
tested once, in tests/test_statements.py::test_threat_level_outside_the_five.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import tinycss2
import tinycss2.color4
from pelican import signals

from plugins.archive.levels import ThreatLevel
from tests.conftest import axe_violations, serve
from tests.support import ROOT, build, page, write_statement

LOW, MODERATE, SUBSTANTIAL, SEVERE, CRITICAL = ThreatLevel
ESCAPED_TITLE = 'Level lowered to SUBSTANTIAL <b>at last</b> & "for now"'
SEVERE_REPEATS = [f"severe-update-{day}" for day in range(10, 31)]  # 21 statements, 10 to 30 March 2019

# (file name, date, threat_level as written, extra fields); the level is spelt as a maintainer might.
ARCHIVE = [
    ("level-set-low", "2019-01-10", "low", {}),
    ("level-raised-severe", "2019-03-05", "SEVERE", {}),
    ("level-raised-critical", "2019-03-06", "Critical", {}),
    ("level-lowered-severe", "2019-03-09", "Severe", {}),
    *((slug, f"2019-03-{slug[-2:]}", "severe", {}) for slug in SEVERE_REPEATS),
    (
        "withdrawn-moderate",
        "2019-05-01",
        "MODERATE",
        {"status": "withdrawn", "withdrawn_reason": "Issued in error.", "withdrawn_date": "2019-05-02"},
    ),
    ("level-lowered-substantial", "2019-06-20", "SUBSTANTIAL", {"title": ESCAPED_TITLE}),
    ("draft-critical", "2019-07-01", "CRITICAL", {"status": "draft"}),
    ("embargoed-critical", "2099-01-01", "CRITICAL", {}),
]


def url_of(slug: str, date: str) -> str:
    return f"statements/{date[:4]}/{date[5:7]}/{slug}/"


URLS = {slug: url_of(slug, date) for slug, date, _, _ in ARCHIVE}
# The changes, worked out by hand from ARCHIVE: (date, before, after, statement).
EXPECTED_CHANGES = [
    ("2019-03-05", LOW, SEVERE, "level-raised-severe"),
    ("2019-03-06", SEVERE, CRITICAL, "level-raised-critical"),
    ("2019-03-09", CRITICAL, SEVERE, "level-lowered-severe"),
    ("2019-06-20", SEVERE, SUBSTANTIAL, "level-lowered-substantial"),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The module's archive built once: the output folder and the context the templates saw."""
    content = tmp_path_factory.mktemp("levels") / "content"
    for slug, date, level, fields in ARCHIVE:
        fields = {"title": f"Statement {slug}", **fields}
        write_statement(content, f"{date}-{slug}", date=date, threat_level=level, **fields)
    seen = {}

    def keep_context(generators):
        seen.update(generators[0].context)

    signals.all_generators_finalized.connect(keep_context)
    try:
        output = build(content, content.parent / "output")
    finally:
        signals.all_generators_finalized.disconnect(keep_context)
    return output, seen


@pytest.fixture(scope="module")
def output(archive) -> Path:
    return archive[0]


@pytest.fixture(scope="module")
def context(archive) -> dict:
    return archive[1]


def slug_of(article) -> str:
    return article.statement.slug


# --- contrast ---------------------------------------------------------------------------------


def relative_luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour with channels from 0 to 1."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(rgb(first)), relative_luminance(rgb(second))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def rgb(css_colour: str) -> tuple[float, float, float]:
    colour = tinycss2.color4.parse_color(css_colour)
    assert colour is not None and colour.alpha == 1, f"{css_colour!r} is not an opaque colour"
    return tuple(colour.to("srgb").coordinates)


@pytest.mark.parametrize(
    ("foreground", "background", "expected"),
    [("#000", "#fff", 21.0), ("#777", "#fff", 4.48), ("#767676", "#ffffff", 4.54), ("#fff", "#fff", 1.0)],
)
def test_contrast_ratio_matches_known_pairs(foreground, background, expected):
    assert contrast_ratio(foreground, background) == pytest.approx(expected, abs=0.005)


def badge_colours() -> dict[str, dict[str, dict[str, str]]]:
    """{"light"|"dark": {selector: {"color": ..., "background-color": ...}}} for the badge rules in site.css."""
    css = (ROOT / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    modes = {"light": {}, "dark": {}}

    def collect(rules, mode):
        for rule in rules:
            if rule.type == "at-rule" and "prefers-color-scheme: dark" in tinycss2.serialize(rule.prelude):
                collect(tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True), "dark")
            elif rule.type == "qualified-rule" and tinycss2.serialize(rule.prelude).strip().startswith(".badge"):
                declarations = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True)
                colours = {
                    d.lower_name: tinycss2.serialize(d.value).strip()
                    for d in declarations
                    if d.type == "declaration" and d.lower_name in ("color", "background-color")
                }
                if colours:
                    modes[mode].setdefault(tinycss2.serialize(rule.prelude).strip(), {}).update(colours)

    collect(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True), "light")
    return modes


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_badge_text_contrast_is_at_least_4_5_to_1(mode):
    rules = badge_colours()[mode]
    level_rules = [f".badge--{level.slug}" for level in ThreatLevel]
    assert set(level_rules) <= set(rules), f"{mode} mode lacks a badge colour: {sorted(rules)}"
    for selector, colours in rules.items():
        assert set(colours) == {"color", "background-color"}, f"{selector} sets only {colours} in {mode} mode"
        ratio = contrast_ratio(colours["color"], colours["background-color"])
        assert ratio >= 4.5, f"{selector} in {mode} mode: {colours} contrast only {ratio:.2f}:1"
    backgrounds = {rgb(rules[selector]["background-color"]) for selector in level_rules}
    assert len(backgrounds) == len(ThreatLevel), f"the five levels share colours in {mode} mode"


# --- the history in the context ---------------------------------------------------------------


def test_changes_are_listed_oldest_first_and_a_repeat_is_not_a_change(context):
    changes = [
        (change.date.date().isoformat(), change.before, change.after, slug_of(change.article))
        for change in context["threat_level_changes"]
    ]
    assert changes == EXPECTED_CHANGES
    assert [change.raised for change in context["threat_level_changes"]] == [True, True, False, False]


def test_each_statement_knows_whether_it_changed_the_level(context):
    articles = {slug_of(article): article for article in context["articles"] + context["hidden_articles"]}
    changed = {slug for slug, article in articles.items() if article.changed_level}
    assert changed == {slug for *_, slug in EXPECTED_CHANGES}
    assert articles["level-set-low"].previous_level is None  # the first statement establishes the level
    assert articles["level-raised-severe"].previous_level is LOW
    assert articles["level-lowered-severe"].previous_level is CRITICAL
    assert all(articles[slug].previous_level is SEVERE for slug in SEVERE_REPEATS)
    assert articles["level-lowered-substantial"].previous_level is SEVERE
    withdrawn = articles["withdrawn-moderate"]
    assert (withdrawn.changed_level, withdrawn.previous_level) == (False, None)


def test_current_level_is_the_newest_published_statements(context):
    current = context["current_threat_level"]
    assert current.level is SUBSTANTIAL
    assert slug_of(current.article) == "level-lowered-substantial"
    assert current.date == datetime.datetime(2019, 6, 20, tzinfo=current.date.tzinfo)
    assert slug_of(current.set_by) == "level-lowered-substantial"


# --- pages --------------------------------------------------------------------------------------


def listed(soup) -> list[str]:
    return [a["href"].strip("/") for a in soup.select(".statement-list .statement-item__title a")]


def test_every_level_has_a_page_listing_its_published_statements(output):
    expected = {
        LOW: ["level-set-low"],
        MODERATE: [],
        SUBSTANTIAL: ["level-lowered-substantial"],
        CRITICAL: ["level-raised-critical"],
    }
    for level, slugs in expected.items():
        soup = page(output, f"threat-levels/{level.slug}/")
        assert soup.h1.get_text() == f"Statements issued at {level.name}"
        assert listed(soup) == [URLS[slug].strip("/") for slug in slugs]
    assert page(output, "threat-levels/moderate/").find(string="No statement in the archive was issued at MODERATE.")


def test_a_level_page_is_paginated_twenty_a_page_newest_first(output):
    first, second = page(output, "threat-levels/severe/"), page(output, "threat-levels/severe/page/2/")
    newest_first = [*reversed(SEVERE_REPEATS), "level-lowered-severe", "level-raised-severe"]
    assert listed(first) == [URLS[slug].strip("/") for slug in newest_first[:20]]
    assert listed(second) == [URLS[slug].strip("/") for slug in newest_first[20:]]
    assert first.select_one('a[rel="next"]')["href"] == "/threat-levels/severe/page/2/"
    assert "page 2 of 2" in second.title.get_text()
    assert not (output / "threat-levels" / "severe" / "page" / "3").exists()


def badge_texts(badge) -> tuple[str, str, str]:
    """What a badge shows, what a screen reader hears, and its tooltip."""
    return tuple(
        badge.select_one(part).get_text() for part in (".badge__name", ".badge__description", ".badge__meaning")
    )


def test_badges_name_the_level_in_words_with_its_meaning_for_screen_readers(output):
    soup = page(output, "threat-levels/severe/")
    badges = soup.select("main .badge")
    assert badges, "no badge on the SEVERE page"
    for badge in badges:
        assert badge_texts(badge) == (
            "SEVERE",
            "Threat level SEVERE — an attack is highly likely",
            "an attack is highly likely",
        )
        assert not badge.has_attr("tabindex")  # a listing's badges add no tab stops
        # Screen readers hear the description alone, not the name and the tooltip as well.
        assert [part.get("aria-hidden") for part in badge.find_all(recursive=False)] == ["true", None, "true"]
        assert "badge--severe" in badge["class"]
    low = page(output, URLS["level-set-low"]).select_one("main .badge")
    assert badge_texts(low)[:2] == ("LOW", "Threat level LOW — an attack is highly unlikely")


def test_the_current_level_is_on_the_home_page_and_in_every_page_header(output):
    expected_link = "/" + URLS["level-lowered-substantial"]
    pages = [
        "statements/",
        "threat-levels/",
        "threat-levels/low/",
        URLS["level-set-low"],
        URLS["withdrawn-moderate"],
    ]
    # The home page says it in its heading, every other page in the header.
    home = page(output, "").select_one("main .panel")
    assert home.h1.select_one(".badge").get_text() == "SUBSTANTIAL"
    assert "since 20 June 2019." in " ".join(home.get_text().split())
    assert home.find("time").find_parent("a")["href"] == expected_link
    for relative in pages:
        current = page(output, relative).select_one("header .current-level")
        assert current is not None, f"no current level on /{relative}"
        assert badge_texts(current.select_one(".badge"))[0] == "SUBSTANTIAL"
        assert re.sub(r"\s+", " ", current.get_text(" ")).endswith("since 20 June 2019")
        assert current.find("time").find_parent("a")["href"] == expected_link


# --- the history on the threat-levels page ------------------------------------------------------


@pytest.fixture(scope="module")
def levels_page(output):
    return page(output, "threat-levels/")


def test_the_threat_levels_page_explains_and_links_every_level(levels_page):
    items = levels_page.select("ul.threat-levels > li")
    assert [badge_texts(item.select_one(".badge"))[0] for item in items] == [level.name for level in ThreatLevel]
    counts = {LOW: "1 statement", MODERATE: "No statements", SUBSTANTIAL: "1 statement", SEVERE: "23 statements"}
    for item, level in zip(items, ThreatLevel, strict=True):
        assert level.meaning.capitalize() in item.get_text()
        link = item.find("a")
        assert link["href"] == f"/threat-levels/{level.slug}/"
        assert link.get_text() == f"{counts.get(level, '1 statement')} issued at {level.name}"


def test_the_history_table_lists_each_change_with_its_statement(levels_page):
    table = levels_page.select_one("table.level-changes")
    assert [th.get_text() for th in table.select("thead th")] == ["Date", "Change", "Statement"]
    rows = []
    for row in table.select("tbody tr"):
        date, change, statement = row.find_all("td")
        rows.append(
            (date.time["datetime"], " ".join(change.get_text().split()), statement.a["href"], statement.get_text())
        )
    assert rows == [
        (
            day,
            f"{'Raised' if after > before else 'Lowered'} from {before.name} to {after.name}",
            "/" + URLS[slug],
            title,
        )
        for (day, before, after, slug), title in zip(
            EXPECTED_CHANGES,
            [f"Statement {slug}" for *_, slug in EXPECTED_CHANGES[:3]] + [ESCAPED_TITLE],
            strict=True,
        )
    ]


def test_the_svg_timeline_is_an_image_with_a_title_levels_in_words_and_a_marker_per_change(levels_page):
    svg = levels_page.select_one("figure svg")
    assert svg["role"] == "img"
    assert svg["fill"] == "currentColor"  # labels follow the page's text colour in dark mode too
    assert svg.title.get_text() == "How the national threat level changed"
    description = svg.desc.get_text()
    assert "from 10 January 2019 to 20 June 2019" in description
    assert "started at LOW, changed 4 times, and is now SUBSTANTIAL" in description
    assert set(svg["aria-labelledby"].split()) == {svg.title["id"], svg.desc["id"]}
    # lxml's HTML parser lower-cases attribute names; browsers read viewbox as viewBox inside <svg>.
    assert re.fullmatch(r"0 0 \d+ \d+", svg["viewbox"]) and not svg.has_attr("width")  # scales with its container

    labels = {text.get_text(): float(text["y"]) for text in svg.select(".timeline__levels text")}
    assert list(labels) == [level.name for level in ThreatLevel]
    assert sorted(labels, key=labels.get) == [level.name for level in reversed(ThreatLevel)]  # CRITICAL on top

    markers = svg.select(".timeline__change")
    assert len(markers) == len(EXPECTED_CHANGES)
    directions = ["raised" if after > before else "lowered" for _, before, after, _ in EXPECTED_CHANGES]
    assert [m["class"][1] for m in markers] == [f"timeline__change--{d}" for d in directions]
    assert markers[0].title.get_text() == "Raised from LOW to SEVERE on 5 March 2019: Statement level-raised-severe"
    # The title is text in the SVG, never markup.
    assert markers[3].title.get_text().endswith(ESCAPED_TITLE)
    assert not svg.find("b")


def test_statements_in_a_title_are_escaped_in_the_raw_svg(output):
    html = (output / "threat-levels" / "index.html").read_text(encoding="utf-8")
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "&lt;b&gt;at last&lt;/b&gt; &amp;" in svg
    assert "<b>" not in svg


# --- archives without a history -------------------------------------------------------------------


def test_an_archive_without_statements_says_so(tmp_path):
    output = build(tmp_path / "content", tmp_path / "output")
    levels_page = page(output, "threat-levels/")
    assert levels_page.find(string=re.compile("no published statements yet"))
    assert not levels_page.find("svg") and not levels_page.select_one(".current-level")
    for level in ThreatLevel:
        assert page(output, f"threat-levels/{level.slug}/").find(
            string=f"No statement in the archive was issued at {level.name}."
        )


def test_one_statement_sets_the_level_without_a_change(content, tmp_path):
    write_statement(content, "2020-05-04-only", date="2020-05-04", threat_level="MODERATE")
    levels_page = page(build(content, tmp_path / "output"), "threat-levels/")
    assert not levels_page.select(".timeline__change")
    assert levels_page.select_one("table.level-changes tbody").get_text(strip=True) == (
        "The level has not changed since the first statement in the archive."
    )
    assert badge_texts(levels_page.select_one("header .current-level .badge"))[0] == "MODERATE"


# --- in the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def archive_url(output):
    yield from serve(output)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_level_pages_pass_axe_and_show_the_meaning_on_hover_and_focus(browser, archive_url, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 320, "height": 800}, bypass_csp=True)
    try:
        tab = context.new_page()
        for path in ("threat-levels/", "threat-levels/severe/"):
            tab.goto(f"{archive_url}/{path}")
            assert axe_violations(tab) == [], path
            assert tab.evaluate("document.documentElement.scrollWidth") <= 320, f"{path} spills sideways at 320 px"
        badge = tab.locator("main .badge").first
        meaning = badge.locator(".badge__meaning")
        assert not meaning.is_visible()
        badge.hover()
        assert meaning.is_visible() and meaning.inner_text() == "an attack is highly likely"
        tab.mouse.move(0, 0)
        assert not meaning.is_visible()
        header_badge = tab.locator(".current-level .badge")
        assert header_badge.get_attribute("tabindex") == "0"  # the meaning shows on keyboard focus too
        header_badge.focus()
        assert header_badge.locator(".badge__meaning").is_visible()
    finally:
        context.close()
