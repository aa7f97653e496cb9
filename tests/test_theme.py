"""The theme: every page type's content, escaping, metadata, listings, sitemap and robots.txt, size.

Most tests read a site built once for this module from statements written here, so every
expected value is worked out from the statements below; a few read the example archive.
"""

from __future__ import annotations

import datetime
import json
import random
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest
import tinycss2
from bs4 import BeautifulSoup
from lxml import etree
from pelican.generators import ArticlesGenerator
from pelican.plugins import sitemap
from pelican.settings import read_settings

from plugins.archive.problems import InvalidStatements
from plugins.listings.membership import MembershipList, list_periods_quickly
from tests.support import ROOT, TRICKY_TITLE, build, page, write_statement

SITEURL = "https://archive.example.test"
SCRIPT_TITLE = 'Warning about </script><script>alert("x")</script> links'
GENERATED = 45  # Major events statements in 2019: three listing pages of 20, 20 and 5.
RELATED = {
    # name: (date, category, tags)
    "k1-arrests": ("2021-03-01", "Arrests and charges", ["Kestrel", "Leeds"]),
    "k2-charges": ("2021-03-05", "Arrests and charges", ["Kestrel"]),
    "k3-reassurance": ("2021-06-01", "Community reassurance", ["Kestrel", "Leeds"]),
    "k4-harbour": ("2021-09-01", "Community reassurance", ["Harbour"]),
    "k5-court": ("2021-12-01", "Arrests and charges", []),
}


def generated_date(number: int) -> datetime.date:
    return datetime.date(2019, 1, 1) + datetime.timedelta(days=8 * number)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A published build with listings long enough to paginate, related statements, and unlisted ones."""
    content = tmp_path_factory.mktemp("theme") / "content"
    for number in range(GENERATED):
        day = generated_date(number)
        write_statement(
            content,
            f"{day}-event-{number:02d}",
            title=f"Event statement {number:02d}",
            date=day.isoformat(),
            category="Major events",
            tags=["Stadium"],
            summary=f"Summary of event statement {number:02d}.",
        )
    for name, (date, category, tags) in RELATED.items():
        write_statement(content, f"{date}-{name}", title=f"Statement {name}", date=date, category=category, tags=tags)
    write_statement(
        content, "2022-01-10-tricky", title=TRICKY_TITLE, date="2022-01-10", summary='Arrests in "Leeds" & <York>.'
    )
    write_statement(content, "2022-02-01-script", title=SCRIPT_TITLE, date="2022-02-01", tags=["Online"])
    write_statement(
        content,
        "2021-10-01-withdrawn",
        title="Withdrawn statement",
        date="2021-10-01",
        category="Arrests and charges",
        tags=["Kestrel"],
        status="withdrawn",
        withdrawn_reason="Issued in error.",
        withdrawn_date="2021-10-02",
    )
    write_statement(content, "2022-03-01-draft", title="Draft statement", date="2022-03-01", status="draft")
    write_statement(content, "2099-01-01-embargoed", title="Embargoed statement", date="2099-01-01")
    (content / "pages").mkdir()
    (content / "pages" / "about.md").write_text(
        "---\ntitle: About this archive\nslug: about\n---\nWhat the archive holds.\n", encoding="utf-8"
    )
    return build(content, tmp_path_factory.mktemp("theme-output") / "output", "publishconf.py", SITEURL=SITEURL)


def links(soup: BeautifulSoup, selector: str) -> list[tuple[str, str]]:
    return [(a["href"], a.get_text(" ", strip=True)) for a in soup.select(selector)]


def statement_url(name: str) -> str:
    date, *_ = RELATED[name]
    return f"{SITEURL}/statements/{date[:4]}/{date[5:7]}/{name}/"


def json_ld(soup: BeautifulSoup) -> dict:
    (script,) = soup.select('script[type="application/ld+json"]')
    return json.loads(script.string)


# --- The statement page -------------------------------------------------------------------------


def test_statement_page_shows_every_part(example_site):
    soup = page(example_site, "statements/2025/04/protect-duty-in-force/")
    main = soup.main
    assert main.h1.get_text() == "Protect duty: what venues need to do"
    facts = {row.dt.get_text(): row.dd for row in main.select("header .facts__row")}
    issued, updated = facts["Issued"].time, facts["Last updated"].time
    assert (issued["datetime"], issued.get_text()) == ("2025-04-09T00:00:00+01:00", "9 April 2025")
    assert (updated["datetime"], updated.get_text()) == ("2025-05-02T00:00:00+01:00", "2 May 2025")
    assert facts["Threat level when issued"].select_one(".badge.badge--moderate")
    assert facts["Threat level today"].select_one(".badge.badge--substantial")
    assert facts["Issued by"].get_text().startswith("Detective Superintendent Laura Fenwick")
    assert main.select_one("p.lead").get_text().startswith("The new Protect duty comes into force today.")
    assert "Who the duty applies to" in main.select_one(".prose").get_text()
    assert ("mailto:protect@ctpolicing.example.org", "protect@ctpolicing.example.org") in links(main, "a")
    assert ("https://www.ctpolicing.example.org/protect-duty",) * 2 in links(main, "a")
    assert ("/categories/protective-security/", "Protective security") in links(main, ".facts a")
    assert links(main, ".tag-list a") == [
        ("/tags/protect-duty/", "Protect duty"),
        ("/tags/crowded-places/", "Crowded places"),
        ("/tags/hostile-vehicle-mitigation/", "Hostile vehicle mitigation"),
        ("/tags/festivals/", "Festivals"),
    ]


def test_phone_contact_is_a_tel_link(example_site):
    soup = page(example_site, "statements/2015/01/npcc-security-posture-statement/")
    assert ("tel:08005385058", "0800 538 5058") in links(soup.main, "a")


def test_previous_and_next_are_the_neighbouring_statements_by_date(site):
    soup = page(site, "statements/2021/06/k3-reassurance/")
    assert links(soup, 'nav.sequence a[rel="prev"]') == [
        (statement_url("k2-charges"), "Previous statement Statement k2-charges")
    ]
    assert links(soup, 'nav.sequence a[rel="next"]') == [
        (statement_url("k4-harbour"), "Next statement Statement k4-harbour")
    ]


def test_the_oldest_and_newest_statements_have_one_neighbour(site):
    oldest = page(site, "statements/2019/01/event-00/")
    assert oldest.select('nav.sequence a[rel="next"]') and not oldest.select('nav.sequence a[rel="prev"]')
    newest = page(site, "statements/2022/02/script/")
    assert newest.select('nav.sequence a[rel="prev"]') and not newest.select('nav.sequence a[rel="next"]')


def test_related_statements_share_the_most_topics_then_are_nearest_in_date(site):
    related = page(site, "statements/2021/03/k1-arrests/").select(".related a")
    # k2 and k3 each share two topics (k2 is nearer in date), k5 shares the category; the withdrawn one never shows.
    assert [a["href"] for a in related] == [statement_url(n) for n in ("k2-charges", "k3-reassurance", "k5-court")]


def test_a_statement_sharing_only_its_category_lists_only_that_one(site):
    related = page(site, "statements/2021/09/k4-harbour/").select(".related a")
    assert [a["href"] for a in related] == [statement_url("k3-reassurance")]


# --- Escaping -----------------------------------------------------------------------------------


def test_a_title_with_markup_characters_appears_exactly_as_written(site):
    raw = (site / "statements/2022/01/tricky/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(raw, "lxml")
    assert soup.main.h1.get_text() == TRICKY_TITLE
    assert soup.title.get_text() == f"{TRICKY_TITLE} | Security Statements Archive"
    assert soup.select_one('meta[property="og:title"]')["content"].startswith(TRICKY_TITLE)
    assert json_ld(soup)["headline"] == TRICKY_TITLE
    assert "<Leeds>" not in raw
    listing = page(site, "statements/2022/01/")
    assert TRICKY_TITLE in [a.get_text() for a in listing.select(".statement-item__title a")]


def test_titles_and_summaries_are_escaped_in_every_place(site):
    soup = page(site, "statements/2022/01/tricky/")
    assert soup.main.h1.get_text() == TRICKY_TITLE
    assert soup.select_one('meta[name="description"]')["content"] == 'Arrests in "Leeds" & <York>.'
    assert soup.select_one('meta[property="og:description"]')["content"] == 'Arrests in "Leeds" & <York>.'
    assert soup.select_one("p.lead").get_text() == 'Arrests in "Leeds" & <York>.'


def test_a_title_cannot_break_out_of_the_json_ld(site):
    soup = page(site, "statements/2022/02/script/")
    assert json_ld(soup)["headline"] == SCRIPT_TITLE
    assert [s.get("type") for s in soup.find_all("script")] == ["application/ld+json"]
    assert soup.main.h1.get_text() == SCRIPT_TITLE


# --- Metadata -----------------------------------------------------------------------------------


def test_statement_metadata_for_sharing_and_search_engines(site):
    soup = page(site, "statements/2021/03/k1-arrests/")
    url = statement_url("k1-arrests")
    meta = {m.get("property") or m.get("name"): m["content"] for m in soup.head.find_all("meta") if m.get("content")}
    summary = "Officers continue to investigate the incident at Ashbridge station."
    assert soup.select_one('link[rel="canonical"]')["href"] == url
    assert meta["description"] == summary
    assert meta["og:url"] == url
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Statement k1-arrests | Security Statements Archive"
    assert meta["og:locale"] == "en_GB"
    assert meta["article:published_time"] == "2021-03-01T00:00:00+00:00"
    assert json_ld(soup) == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Statement k1-arrests",
        "description": summary,
        "datePublished": "2021-03-01T00:00:00+00:00",
        "dateModified": "2021-03-01T00:00:00+00:00",
        "author": {"@type": "Person", "name": "Assistant Chief Constable Dana Whitlow"},
        "publisher": {"@type": "Organization", "name": "Example Counter Terrorism Policing"},
        "mainEntityOfPage": url,
        "articleSection": "Arrests and charges",
        "keywords": ["Kestrel", "Leeds"],
        "inLanguage": "en-GB",
    }


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("", "/"),
        ("statements/page/2/", "/statements/page/2/"),
        ("tags/kestrel/", "/tags/kestrel/"),
        ("about/", "/about/"),
    ],
)
def test_every_listing_and_page_has_its_own_canonical_url(site, path, canonical):
    soup = page(site, path)
    assert soup.select_one('link[rel="canonical"]')["href"] == SITEURL + canonical
    assert soup.select_one('meta[property="og:url"]')["content"] == SITEURL + canonical
    assert soup.select_one('meta[name="description"]')["content"]


# --- Every page ---------------------------------------------------------------------------------

EVERY_PAGE_TYPE = [
    "",
    "statements/2021/03/k1-arrests/",
    "statements/",
    "statements/page/2/",
    "statements/2019/",
    "statements/2019/03/",
    "categories/",
    "categories/major-events/",
    "tags/",
    "tags/stadium/",
    "about/",
    "404.html",
]


@pytest.mark.parametrize("path", EVERY_PAGE_TYPE)
def test_every_page_has_the_frame(site, path):
    soup = page(site, path)
    assert soup.html["lang"] == "en-GB"
    skip = soup.body.find("a")
    assert skip.get_text() == "Skip to main content"
    assert soup.select_one(skip["href"]).name == "main"
    assert soup.select_one("header .site-header__name").get_text() == "Security Statements Archive"
    form = soup.select_one('header form[role="search"]')
    assert (form["action"], form["method"]) == (f"{SITEURL}/search/", "get")
    field = form.select_one('input[name="q"]')
    assert form.select_one(f'label[for="{field["id"]}"]').get_text()
    assert [label for _, label in links(soup, 'nav[aria-label="Main"] a')] == [
        "Statements",
        "Threat levels",
        "Tags",
        "Categories",
        "Feeds",
        "About",
    ]
    footer = soup.select_one("footer.site-footer")
    assert f"{SITEURL}/feeds/" in [href for href, _ in links(footer, "a")]
    assert any(href.startswith("tel:") for href, _ in links(footer, "a"))
    assert len(soup.find_all("h1")) == 1


@pytest.mark.parametrize("path", EVERY_PAGE_TYPE)
def test_no_page_runs_javascript_or_carries_inline_styles(site, path):
    soup = page(site, path)
    assert [s.get("type") for s in soup.find_all("script")] in ([], ["application/ld+json"])
    assert not soup.find_all("style")
    assert not soup.select("[style]")
    assert not [attribute for tag in soup.find_all(True) for attribute in tag.attrs if attribute.startswith("on")]


@pytest.mark.parametrize("path", EVERY_PAGE_TYPE)
def test_every_page_loads_only_its_own_resources(site, path):
    soup = page(site, path)
    loaded = [tag.get("src") for tag in soup.find_all(["script", "img", "iframe"]) if tag.get("src")]
    loaded += [tag["href"] for tag in soup.select('link[rel="stylesheet"], link[rel="icon"], link[rel="preload"]')]
    assert loaded and all(url.startswith(f"{SITEURL}/") for url in loaded)


def test_the_navigation_marks_the_current_page_and_section(site):
    listing = page(site, "statements/")
    assert listing.select_one('nav[aria-label="Main"] a[aria-current="page"]').get_text() == "Statements"
    statement = page(site, "statements/2021/03/k1-arrests/")
    assert not statement.select('nav[aria-label="Main"] [aria-current]')
    assert statement.select_one(".site-nav__link--current").get_text() == "Statements"


def test_breadcrumbs_lead_from_home_to_the_statements_month(site):
    soup = page(site, "statements/2021/03/k1-arrests/")
    assert links(soup, 'nav[aria-label="Breadcrumb"] a') == [
        (f"{SITEURL}/", "Home"),
        (f"{SITEURL}/statements/", "Statements"),
        (f"{SITEURL}/statements/2021/", "2021"),
        (f"{SITEURL}/statements/2021/03/", "March 2021"),
    ]


# --- Listings -----------------------------------------------------------------------------------


def item_titles(soup: BeautifulSoup) -> list[str]:
    return [a.get_text() for a in soup.select("main .statement-item__title a")]


def test_a_listing_item_shows_date_badge_title_and_summary(site):
    soup = page(site, "tags/stadium/")
    item = soup.select_one("main .statement-item")
    newest = generated_date(GENERATED - 1)
    assert item.select_one(".statement-item__title a").get_text() == f"Event statement {GENERATED - 1}"
    assert item.time["datetime"] == f"{newest.isoformat()}T00:00:00+00:00"
    assert item.time.get_text() == f"{newest.day} {newest:%B %Y}"
    assert item.select_one(".badge.badge--substantial")
    assert item.select_one(".statement-item__summary").get_text() == f"Summary of event statement {GENERATED - 1}."


def test_all_statements_are_paginated_twenty_a_page_newest_first(site):
    listed = 1 + GENERATED + len(RELATED) + 1  # with the tricky and the script-title statements
    first, second, third = (page(site, p) for p in ("statements/", "statements/page/2/", "statements/page/3/"))
    assert [len(item_titles(p)) for p in (first, second, third)] == [20, 20, listed - 40]
    assert item_titles(first)[:2] == [SCRIPT_TITLE, TRICKY_TITLE]
    assert item_titles(third)[-1] == "Event statement 00"
    assert "Withdrawn statement" not in item_titles(first) + item_titles(second) + item_titles(third)
    assert second.title.get_text() == "All statements, page 2 of 3 | Security Statements Archive"


def test_pagination_is_numbered_and_marks_the_current_page(site):
    nav = page(site, "statements/page/2/").select_one('nav[aria-label="Pagination"]')
    assert links(nav, "a") == [
        (f"{SITEURL}/statements/", "Previous page"),
        (f"{SITEURL}/statements/", "1"),
        (f"{SITEURL}/statements/page/2/", "2"),
        (f"{SITEURL}/statements/page/3/", "3"),
        (f"{SITEURL}/statements/page/3/", "Next page"),
    ]
    assert nav.select_one('[aria-current="page"]').get_text() == "2"
    assert nav.select_one('a[rel="prev"]') and nav.select_one('a[rel="next"]')


def test_a_single_page_listing_has_no_pagination(site):
    assert not page(site, "tags/kestrel/").select('nav[aria-label="Pagination"]')


def test_the_year_archive_links_its_months_and_groups_its_statements_by_month(site):
    soup = page(site, "statements/2021/")
    assert soup.main.h1.get_text() == "Statements from 2021"
    months = links(soup, 'nav[aria-label="Months of 2021"] a')
    assert months == [
        (f"{SITEURL}/statements/2021/{m:02d}/", name)
        for m, name in ((12, "December"), (9, "September"), (6, "June"), (3, "March"))
    ]
    headings = [h.get_text() for h in soup.main.find_all("h2")]
    assert headings == ["Browse by month", "December 2021", "September 2021", "June 2021", "March 2021"]
    assert item_titles(soup) == [
        "Statement k5-court",
        "Statement k4-harbour",
        "Statement k3-reassurance",
        "Statement k2-charges",
        "Statement k1-arrests",
    ]


def test_a_long_year_is_paginated_too(site):
    assert [
        len(item_titles(page(site, p)))
        for p in ("statements/2019/", "statements/2019/page/2/", "statements/2019/page/3/")
    ] == [20, 20, 5]


def test_the_month_archive_leads_back_to_its_year(site):
    soup = page(site, "statements/2021/03/")
    assert soup.main.h1.get_text() == "Statements from March 2021"
    assert links(soup, 'nav[aria-label="Breadcrumb"] a')[-1] == (f"{SITEURL}/statements/2021/", "2021")
    assert item_titles(soup) == ["Statement k2-charges", "Statement k1-arrests"]


def test_category_and_tag_pages_list_their_statements(site):
    category = page(site, "categories/arrests-and-charges/")
    assert category.main.h1.get_text() == "Arrests and charges"
    assert item_titles(category) == ["Statement k5-court", "Statement k2-charges", "Statement k1-arrests"]
    tag = page(site, "tags/leeds/")
    assert tag.main.h1.get_text() == "Leeds"
    assert item_titles(tag) == ["Statement k3-reassurance", "Statement k1-arrests"]


def test_the_categories_and_tags_pages_count_each_ones_statements(site):
    categories = {
        a.get_text(): a.find_next_sibling().get_text() for a in page(site, "categories/").select("main .term-list a")
    }
    assert categories["Major events"] == f"{GENERATED} statements"
    assert categories["Community reassurance"] == "2 statements"
    tags = [a.get_text() for a in page(site, "tags/").select("main .term-list a")]
    assert tags == sorted(tags, key=str.lower)
    assert (
        "1 statement" in page(site, "tags/").select_one('main a[href$="/tags/harbour/"]').find_next_sibling().get_text()
    )


# --- Home, about, 404 ---------------------------------------------------------------------------


def test_the_home_page_shows_the_current_level_latest_statements_and_ways_to_browse(site):
    soup = page(site, "")
    panel = soup.select_one("main .panel")
    assert " ".join(panel.h1.get_text().split()) == "The UK national threat level is SUBSTANTIAL: an attack is likely"
    assert item_titles(soup)[:3] == [SCRIPT_TITLE, TRICKY_TITLE, "Statement k5-court"]
    assert len(item_titles(soup)) == 10
    hrefs = [href for href, _ in links(soup.main, "a")]
    for target in (
        "statements/",
        "statements/2019/",
        "threat-levels/",
        "categories/major-events/",
        "tags/",
        "search/",
        "feeds/",
    ):
        assert f"{SITEURL}/{target}" in hrefs, target
    assert not soup.select("header .site-header__level"), "the home page shows the level once, in its panel"


def test_the_about_page_comes_from_content_pages(site):
    soup = page(site, "about/")
    assert soup.main.h1.get_text() == "About this archive"
    assert soup.select_one("main .prose").get_text(strip=True) == "What the archive holds."


def test_the_404_page_is_at_the_root_and_every_link_works_from_any_address(site):
    soup = page(site, "404.html")
    assert soup.main.h1.get_text() == "Page not found"
    hrefs = [
        tag.get("href") or tag.get("src") or tag.get("action") for tag in soup.select("[href], [src], form[action]")
    ]
    licence = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    assert all(h.startswith((f"{SITEURL}/", "#", "tel:", "mailto:")) or h == licence for h in hrefs), hrefs
    assert not soup.select('link[rel="canonical"]')
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"


# --- Sitemap and robots.txt ---------------------------------------------------------------------


def sitemap_entries(site: Path) -> dict[str, str]:
    tree = etree.parse(str(site / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return {
        u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in tree.findall("s:url", ns)
    }


def test_the_sitemap_lists_published_pages_only(site):
    entries = sitemap_entries(site)
    assert statement_url("k1-arrests") in entries
    assert f"{SITEURL}/" in entries and f"{SITEURL}/statements/page/3/" in entries and f"{SITEURL}/about/" in entries
    unlisted = ("withdrawn", "draft", "embargoed", "404.html", "robots.txt")
    assert not [loc for loc in entries if any(word in loc for word in unlisted)]
    assert (site / "statements/2021/10/withdrawn/index.html").exists(), "a withdrawn statement keeps its page"


def test_the_sitemap_dates_listings_with_the_newest_statement_so_builds_repeat(site):
    assert sitemap_entries(site)[f"{SITEURL}/"] == "2022-02-01T00:00:00+00:00"


def test_a_failed_build_does_not_stop_the_next_one_writing_its_sitemap(tmp_path, content):
    bad = write_statement(content, "2020-05-04-bad", threat_level="PURPLE")
    with pytest.raises(InvalidStatements):
        build(content, tmp_path / "failed", "publishconf.py")
    bad.unlink()
    write_statement(content, "2020-05-04-good")
    output = build(content, tmp_path / "output", "publishconf.py", SITEURL=SITEURL)
    assert f"{SITEURL}/statements/2020/05/good/" in sitemap_entries(output)


def test_robots_txt_names_the_sitemap(site):
    robots = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots
    assert "User-agent: *" in robots


def test_only_the_published_build_writes_a_sitemap_and_robots_txt():
    development = read_settings(str(ROOT / "pelicanconf.py"))
    published = read_settings(str(ROOT / "publishconf.py"))
    assert "robots.txt" not in development["TEMPLATE_PAGES"] and "robots.txt" in published["TEMPLATE_PAGES"]
    assert [p.__name__ for p in published["PLUGINS"] if p not in development["PLUGINS"]] == [sitemap.__name__]
    assert published["TEMPLATE_PAGES"]["404.html"] == development["TEMPLATE_PAGES"]["404.html"] == "404.html"


# --- Size and print -----------------------------------------------------------------------------


def test_a_statement_page_with_its_css_is_under_30_kb(example_site):
    css = (example_site / "theme/css/site.css").stat().st_size
    statements = list((example_site / "statements").glob("*/*/*/index.html"))
    largest = max(path.stat().st_size for path in statements)
    assert largest + css < 30 * 1024, f"largest statement page {largest} B + CSS {css} B"


def print_rules() -> dict[str, dict[str, str]]:
    """Each selector in the stylesheet's @media print rules, with its declarations."""
    css = (ROOT / "theme/static/css/site.css").read_text(encoding="utf-8")
    rules = {}
    for block in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if block.type != "at-rule" or tinycss2.serialize(block.prelude).strip() != "print":
            continue
        for rule in tinycss2.parse_blocks_contents(block.content, skip_whitespace=True, skip_comments=True):
            if rule.type != "qualified-rule":
                continue
            declarations = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True)
            values = {
                d.lower_name: tinycss2.serialize(d.value).strip() for d in declarations if d.type == "declaration"
            }
            for selector in tinycss2.serialize(rule.prelude).split(","):
                rules.setdefault(selector.strip(), {}).update(values)
    return rules


def test_the_print_stylesheet_hides_navigation_and_shows_link_addresses():
    rules = print_rules()
    for hidden in (".site-nav", ".site-search", ".breadcrumbs", ".pagination", ".sequence", ".site-footer"):
        assert rules[hidden]["display"].startswith("none"), hidden
    assert rules[".main a[href]::after"]["content"] == '" (" attr(href) ")"'


def test_the_stylesheet_loads_nothing_else_and_has_a_dark_mode():
    css = (ROOT / "theme/static/css/site.css").read_text(encoding="utf-8")
    assert "@media (prefers-color-scheme: dark)" in css
    assert "@import" not in css and "url(" not in css


def test_tag_and_category_lists_answer_in_at_once_and_stay_lists():
    statements = MembershipList()
    first, second = object(), object()
    statements.append(first)
    assert first in statements and second not in statements
    assert statements == [first] and isinstance(statements, list)


@dataclass(eq=False)  # compared by identity, as Pelican's articles are
class Dated:
    date: datetime.datetime


def test_period_listings_are_what_pelican_lists_without_its_scan():
    start = datetime.datetime(2019, 11, 20, 9, 30)
    articles = [Dated(start + datetime.timedelta(days=9 * n)) for n in range(60)]
    random.Random(8).shuffle(articles)  # an order of their own, which each period's list keeps
    dates = sorted(articles, key=lambda article: article.date, reverse=True)
    settings = read_settings(ROOT / "pelicanconf.py")
    pelicans = ArticlesGenerator._build_period_archives(None, dates, articles, settings)  # it reads no self
    generator = SimpleNamespace(_build_period_archives=partial(ArticlesGenerator._build_period_archives, None))

    list_periods_quickly(generator)

    assert generator._build_period_archives(dates, articles, settings) == pelicans
    # 20 Nov 2019 to 5 May 2021: 3 years; 2 + 12 + 5 months.
    assert [len(pelicans[granularity]) for granularity in ("year", "month")] == [3, 19]
