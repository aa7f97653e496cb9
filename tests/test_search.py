"""Search (issue 6): the Pagefind index the build writes, the search page and its script in a real browser."""

from __future__ import annotations

import contextlib
import datetime
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from bench import generate
from plugins.search import records
from plugins.search.bundle import write_bundle
from plugins.search.records import sort_key
from tests.conftest import axe_violations, serve
from tests.support import EXAMPLE_CONTENT, build, inodes, write_statement

# Each word appears in one statement only, in the place its name says.
BODY_ONLY = "quokkaburn"
TITLE_ONLY = "Wolverhollow"
IN_DRAFT = "zanthorpe"
IN_EMBARGOED = "yarrowmede"
IN_WITHDRAWN = "xerwick"
# In four published statements (two at SEVERE, from 2016, 2017, 2019 and 2021) and the withdrawn one.
SHARED = "harbourside"
TIMEOUT_MS = 15_000


def body(*words: str) -> str:
    return f"Officers attended the scene.\n\nThe {' and the '.join(words)} patrols continue tonight.\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("search") / "content"
    write_statement(content, "2015-01-16-unique-word", body(BODY_ONLY), date="2015-01-16", threat_level="SEVERE")
    write_statement(content, "2015-06-01-in-the-title", title=f"Road closures in {TITLE_ONLY}", date="2015-06-01")
    write_statement(content, "2016-03-10-shared-a", body(SHARED), date="2016-03-10", threat_level="SEVERE")
    write_statement(
        content, "2017-05-02-shared-b", body(SHARED), date="2017-05-02", threat_level="SEVERE", category="Major events"
    )
    write_statement(content, "2019-08-20-shared-c", body(SHARED), date="2019-08-20", threat_level="MODERATE")
    write_statement(content, "2021-02-11-shared-d", body(SHARED), date="2021-02-11", threat_level="LOW", tags=[])
    write_statement(content, "2020-01-02-draft", body(IN_DRAFT), date="2020-01-02", status="draft")
    write_statement(content, "2999-01-01-embargoed", body(IN_EMBARGOED), date="2999-01-01")
    write_statement(
        content,
        "2018-04-04-withdrawn",
        body(IN_WITHDRAWN, SHARED),
        date="2018-04-04",
        status="withdrawn",
        withdrawn_reason="Issued in error.",
        withdrawn_date="2018-04-05",
    )
    write_statement(
        content,
        "2021-03-01-several",
        body("several festival"),
        date="2021-03-01",
        threat_level="LOW",
        category="Major events",
        tags=["Aviation"],
    )
    # The word "severe" three times in a statement at LOW; once in the body of one at SEVERE.
    severe_weather = "Severe weather: severe flooding closed the harbour road, and severe gales are forecast.\n"
    write_statement(
        content, "2021-04-01-weather", severe_weather, date="2021-04-01", threat_level="LOW", category="Major events"
    )
    return build(content, tmp_path_factory.mktemp("search") / "output")


PUBLISHED = {
    "/statements/2015/01/unique-word/",
    "/statements/2015/06/in-the-title/",
    "/statements/2016/03/shared-a/",
    "/statements/2017/05/shared-b/",
    "/statements/2019/08/shared-c/",
    "/statements/2021/02/shared-d/",
    "/statements/2021/03/several/",
    "/statements/2021/04/weather/",
}
AT_SEVERE = {"/statements/2015/01/unique-word/", "/statements/2016/03/shared-a/", "/statements/2017/05/shared-b/"}


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    yield from serve(site)


@pytest.fixture
def browse(browser, site_url):
    """Open pages of the site in a fresh tab; afterwards, check that no request left 127.0.0.1."""
    requests: list[str] = []
    contexts = []

    def open_page(path: str, **context_options):
        context = browser.new_context(**context_options)
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(TIMEOUT_MS)
        tab.on("request", lambda request: requests.append(request.url))
        tab.goto(site_url + path)
        return tab

    yield open_page
    for context in contexts:
        context.close()
    assert requests
    assert {urlsplit(url).netloc for url in requests if not url.startswith("data:")} == {urlsplit(site_url).netloc}


def result_links(tab) -> list[str]:
    return [
        urlsplit(href).path for href in tab.locator("#search-results li h2 a").evaluate_all("a => a.map(x => x.href)")
    ]


def wait_for_count(tab, found: int, shown: int | None = None) -> None:
    """Wait until the status announces ``found`` statements and the list shows ``shown`` (all, by default)."""
    tab.wait_for_function(
        """([found, shown]) => document.getElementById("search-status").textContent.startsWith(`${found} statement`)
          && document.querySelectorAll("#search-results li").length === shown""",
        arg=[found, found if shown is None else shown],
    )


def wait_until_ready(tab) -> None:
    """Wait until the page's script has set Pagefind up and taken over the form (it hides the no-script path)."""
    tab.wait_for_selector("#search-no-script", state="hidden")


def choose(tab, param: str, value: str) -> None:
    """Open the folded filter group holding the checkbox, and tick it."""
    box = tab.locator(f"input[name={param}][value='{value}']")
    details = tab.locator("details.search__filter", has=box)
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    box.check()


def url_params(tab) -> dict[str, list[str]]:
    return parse_qs(urlsplit(tab.url).query)


# The index


def pagefind_urls(tab, query: str | None, filters: dict | None = None) -> list[str]:
    """Every URL the page's Pagefind finds for ``query`` (None: every record in the index), in its order."""
    wait_until_ready(tab)
    return tab.evaluate(
        """async ([query, filters]) => {
          const pagefind = await import("/pagefind/pagefind.js");  // the page's own
          await pagefind.options({ noWorker: true });
          const search = await pagefind.search(query, { filters: filters ?? {} });
          return Promise.all(search.results.map(async (result) => (await result.data()).url));
        }""",
        [query, filters],
    )


def test_the_index_holds_exactly_the_published_statements(browse):
    tab = browse("/search/")
    assert sorted(pagefind_urls(tab, None)) == sorted(PUBLISHED)
    for word in (IN_DRAFT, IN_EMBARGOED, IN_WITHDRAWN):
        assert pagefind_urls(tab, word) == [], word


def indexed_pages(bundle: Path) -> int:
    """How many pages the bundle's one index holds."""
    languages = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    return sum(language["page_count"] for language in languages.values())


def test_the_build_writes_one_index_of_every_published_statement(site):
    assert indexed_pages(site / "pagefind") == len(PUBLISHED)
    assert not (site / "pagefind" / "0").exists()


def test_the_published_build_indexes_every_published_example_statement(example_site):
    today = datetime.date.today().isoformat()
    published = 0
    for path in (EXAMPLE_CONTENT / "statements").rglob("*.md"):
        fields = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        published += fields.get("status", "published") == "published" and str(fields["date"])[:10] <= today
    assert indexed_pages(example_site / "pagefind") == published


def test_every_file_of_the_bundle_is_one_the_search_page_loads(browse, site):
    """Nothing shipped unused: every result's fragment, every filter, the index's words, the script and
    WebAssembly, and the archive's words for "Did you mean …?"."""
    loaded = set()
    tab = browse("/search/")
    tab.on("requestfinished", lambda request: loaded.add(urlsplit(request.url).path))
    assert len(pagefind_urls(tab, None)) == len(PUBLISHED)
    for name in records.FILTERS.values():
        assert pagefind_urls(tab, SHARED, {name: {"any": ["-"]}}) == []
    tab.fill("#search-query", "harboursdie")  # in no statement: the archive's words load
    wait_for_status(tab, "No statement")
    bundle = site / "pagefind"
    shipped = {f"/pagefind/{path.relative_to(bundle)}" for path in bundle.rglob("*") if path.is_file()}
    assert shipped - loaded == set()
    assert any(path.startswith("/pagefind/wasm.") for path in shipped)


def test_opening_the_search_page_loads_no_part_of_pagefind_until_the_reader_types(browse):
    requested = []
    tab = browse("/search/")
    tab.on("request", lambda request: requested.append(urlsplit(request.url).path))
    wait_until_ready(tab)
    tab.wait_for_load_state("networkidle")
    tab.focus("#search-query")
    assert not [path for path in requested if path.startswith("/pagefind/")]
    tab.fill("#search-query", BODY_ONLY)
    wait_for_count(tab, 1)
    assert "/pagefind/pagefind.js" in requested


def test_every_form_of_a_word_finds_the_others(browse):
    """Stemmed as Pagefind's English is: "patrolled" and "patrolling" find "patrols", "severe" finds "several"."""
    tab = browse("/search/")
    patrols = pagefind_urls(tab, "patrols")
    assert len(patrols) == len(PUBLISHED) - 2  # all but the title's and the weather's
    assert sorted(pagefind_urls(tab, "patrolled")) == sorted(pagefind_urls(tab, "patrolling")) == sorted(patrols)
    assert "/statements/2021/03/several/" in pagefind_urls(tab, "severe")


def test_a_threat_levels_word_ranks_the_statements_at_that_level_first(browse):
    """As the level filter would choose them, above a statement at LOW that says "severe" three times or "several"."""
    tab = browse("/search/")
    found = pagefind_urls(tab, "severe")
    assert set(found[: len(AT_SEVERE)]) == AT_SEVERE
    assert {"/statements/2021/04/weather/", "/statements/2021/03/several/"} <= set(found[len(AT_SEVERE) :])


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str], Path]]:
    """300 generated statements (bench/generate.py), served; their titles; the output folder."""
    folder = tmp_path_factory.mktemp("generated")
    generate.write(300, folder / "content")
    titles = [record.title for record in generate.records(300)]
    output = build(folder / "content", folder / "output")
    with contextlib.contextmanager(serve)(output) as url:
        yield url, titles, output


def test_a_statements_exact_title_finds_a_statement_with_that_title_first(browser, generated_site):
    """Checked for every tenth title of 300 generated statements (some titles recur: any of those is first)."""
    url, titles, _ = generated_site
    tab = browser.new_page()
    tab.goto(f"{url}/search/")
    firsts = tab.evaluate(
        """async (titles) => {
          const pagefind = await import("/pagefind/pagefind.js");
          await pagefind.options({ noWorker: true });
          const firsts = [];
          for (const title of titles) {
            const [first] = (await pagefind.search(title)).results;
            firsts.push(first ? (await first.data()).meta.title : null);
          }
          return firsts;
        }""",
        titles[::10],
    )
    tab.close()
    assert firsts == titles[::10]


def test_a_rebuild_links_the_last_index_until_a_statement_changes(content, tmp_path):
    write_statement(content, "2020-05-04-appeal", title="Appeal after the Ashbridge incident")
    output = tmp_path / "output"

    def index_files() -> dict[str, int]:
        build(content, output, "publishconf.py")
        return inodes(output / "pagefind", "*.*")

    first, unchanged = index_files(), index_files()
    assert unchanged == first  # the very same files, linked from the kept index
    write_statement(content, "2020-05-04-appeal", title="Appeal after the Ashbridge incident, updated")
    edited = index_files()
    assert not set(edited.items()) & set(first.items())  # indexed again, every file new


def test_the_sort_key_orders_dates_in_any_offset_by_time():
    summer = datetime.timezone(datetime.timedelta(hours=1))
    earlier = datetime.datetime(2020, 7, 1, 0, 30, tzinfo=summer)  # 23:30 on 30 June in UTC
    later = datetime.datetime(2020, 6, 30, 23, 45, tzinfo=datetime.UTC)
    assert sort_key(earlier) == "2020-06-30T23:30:00Z"
    assert sort_key(earlier) < sort_key(later)


def test_a_page_pagefind_refuses_stops_the_build_with_its_reason(tmp_path):
    with pytest.raises(RuntimeError, match=r"Pagefind: .*invalid type: integer `5`, expected a string"):
        write_bundle([{"url": "/a/", "file_contents": 5}], tmp_path / "pagefind")


def test_a_pagefind_that_stops_without_answering_stops_the_build(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/true")  # a program that ends at once, reading nothing
    with pytest.raises(RuntimeError, match="Pagefind stopped before it answered"):
        write_bundle([{"url": "/a/", "file_contents": "<p>words</p>"}], tmp_path / "pagefind")


# The search page


def test_typing_a_word_from_one_body_finds_that_statement(browse):
    tab = browse("/search/")
    wait_until_ready(tab)
    tab.fill("#search-query", BODY_ONLY)
    wait_for_count(tab, 1)
    assert result_links(tab) == ["/statements/2015/01/unique-word/"]
    result = tab.locator("#search-results li")
    assert result.locator("h2 a").inner_text() == "Update on the investigation in Ashbridge"
    assert result.locator("time").get_attribute("datetime") == "2015-01-16T00:00:00+00:00"
    assert result.locator("time").inner_text() == "16 January 2015"
    assert result.locator(".badge").get_attribute("class") == "badge badge--severe"
    assert result.locator(".badge__description").inner_text() == "Threat level SEVERE — an attack is highly likely"
    assert result.locator("mark").all_inner_texts() == [BODY_ONLY]
    assert tab.inner_text("#search-status") == f"1 statement found for “{BODY_ONLY}”."
    assert url_params(tab) == {"q": [BODY_ONLY]}


def test_a_word_only_in_a_title_finds_its_statement(browse):
    tab = browse(f"/search/?q={TITLE_ONLY}")
    wait_for_count(tab, 1)
    assert result_links(tab) == ["/statements/2015/06/in-the-title/"]


def test_a_query_in_the_address_opens_with_its_results(browse):
    tab = browse(f"/search/?q={SHARED}")
    wait_for_count(tab, 4)
    assert tab.input_value("#search-query") == SHARED
    assert tab.inner_text("#search-status") == f"4 statements found for “{SHARED}”."


def test_a_threat_level_filter_narrows_the_results_and_back_undoes_it(browse):
    tab = browse(f"/search/?q={SHARED}")
    wait_for_count(tab, 4)
    choose(tab, "level", "SEVERE")
    wait_for_count(tab, 2)
    assert sorted(result_links(tab)) == ["/statements/2016/03/shared-a/", "/statements/2017/05/shared-b/"]
    assert url_params(tab) == {"q": [SHARED], "level": ["SEVERE"]}
    assert tab.inner_text("#search-status") == f"2 statements found for “{SHARED}” with the chosen filters."
    tab.go_back()
    wait_for_count(tab, 4)
    assert not tab.is_checked("input[name=level][value=SEVERE]")


def test_filters_in_the_address_combine_within_and_across_groups(browse):
    tab = browse(f"/search/?q={SHARED}&level=SEVERE&level=MODERATE&year=2017&year=2019")
    wait_for_count(tab, 2)
    assert sorted(result_links(tab)) == ["/statements/2017/05/shared-b/", "/statements/2019/08/shared-c/"]
    assert tab.is_checked("input[name=year][value='2019']")


def test_filters_alone_list_their_statements_newest_first(browse):
    tab = browse("/search/?category=Counter-terrorism")
    wait_for_count(tab, 5)
    assert result_links(tab)[0] == "/statements/2021/02/shared-d/"
    assert tab.inner_text("#search-status") == "5 statements found with the chosen filters."


def test_sorting_by_newest_orders_by_date(browse):
    tab = browse(f"/search/?q={SHARED}")
    wait_for_count(tab, 4)
    tab.select_option("#search-sort", "newest")
    tab.wait_for_url("**sort=newest")
    wait_for_count(tab, 4)
    assert result_links(tab) == [
        "/statements/2021/02/shared-d/",
        "/statements/2019/08/shared-c/",
        "/statements/2017/05/shared-b/",
        "/statements/2016/03/shared-a/",
    ]


def test_no_match_is_announced(browse):
    tab = browse("/search/?q=nothingmatchesthis")
    tab.wait_for_function("() => document.getElementById('search-status').textContent !== ''")
    assert tab.inner_text("#search-status") == "No statement contains “nothingmatchesthis”."
    assert tab.locator("#search-results li").count() == 0
    assert tab.get_attribute("#search-status", "aria-live") == "polite"


def test_more_results_come_a_page_at_a_time_and_focus_moves_to_them(browser, tmp_path, content):
    for day in ("2020-01-01", "2020-02-01", "2020-03-01"):
        write_statement(content, f"{day}-statement", body(SHARED), date=day)
    output = build(content, tmp_path / "output", SEARCH_RESULTS_PER_PAGE=2)
    with contextlib.contextmanager(serve)(output) as base:
        tab = browser.new_page()
        tab.goto(f"{base}/search/?q={SHARED}&sort=newest")
        wait_for_count(tab, 3, shown=2)
        tab.click("#search-more")
        wait_for_count(tab, 3)
        assert tab.evaluate("document.activeElement.getAttribute('href')") == "/statements/2020/01/statement/"
        assert tab.is_hidden("#search-more")
        tab.close()


def test_the_search_works_with_the_keyboard_alone(browse):
    tab = browse("/search/")
    wait_until_ready(tab)
    tab_to(tab, "#search-query")
    tab.keyboard.type(SHARED)
    wait_for_count(tab, 4)
    tab_to(tab, "details[data-filter='threat level'] summary")
    tab.keyboard.press("Enter")  # unfolds the group
    tab_to(tab, "input[name=level][value=SEVERE]")
    tab.keyboard.press("Space")
    wait_for_count(tab, 2)
    assert tab.is_checked("input[name=level][value=SEVERE]")
    tab_to(tab, "#search-results li h2 a")
    tab.keyboard.press("Enter")
    tab.wait_for_url(lambda url: urlsplit(url).path in PUBLISHED)


def tab_to(tab, selector: str, limit: int = 80) -> None:
    """Press Tab until the first element matching ``selector`` has the focus."""
    for _ in range(limit):
        if tab.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
        tab.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_the_header_search_box_leads_to_the_search_page(browse):
    tab = browse("/statements/2016/03/shared-a/")
    tab.fill("header form[role=search] input[name=q]", SHARED)
    tab.press("header form[role=search] input[name=q]", "Enter")
    wait_for_count(tab, 4)
    assert urlsplit(tab.url).path == "/search/"
    assert url_params(tab) == {"q": [SHARED]}


def test_no_axe_violations_with_results_showing(browse):
    # The page's Content-Security-Policy would refuse the injected axe-core script.
    tab = browse(f"/search/?q={SHARED}&level=SEVERE", bypass_csp=True)
    wait_for_count(tab, 2)
    assert axe_violations(tab) == []


def test_the_search_runs_under_the_pages_own_content_security_policy(browse):
    tab = browse("/search/")
    tab.context.add_init_script("""window.violations = [];
      document.addEventListener("securitypolicyviolation", (event) => window.violations.push(event.violatedDirective));""")
    tab.reload()
    wait_until_ready(tab)
    tab.fill("#search-query", SHARED)
    wait_for_count(tab, 4)
    assert tab.evaluate("window.violations") == []


def test_without_javascript_the_form_submits_and_the_page_offers_each_filters_listings(browse, site):
    tab = browse("/search/", java_script_enabled=False)
    tab.fill("#search-query", SHARED)
    tab.locator("details[data-filter='threat level'] summary").click()
    tab.check("input[name=level][value=SEVERE]")
    tab.click("#search-form button[type=submit]")
    tab.wait_for_url("**/search/?q=*")
    assert url_params(tab) == {"q": [SHARED], "level": ["SEVERE"]}
    message = tab.locator("#search-no-script")
    assert message.is_visible()
    assert "needs JavaScript" in message.inner_text()
    listings = [urlsplit(a).path for a in message.locator("a").evaluate_all("a => a.map(x => x.href)")]
    assert listings == [
        "/threat-levels/low/",
        "/threat-levels/moderate/",
        "/threat-levels/substantial/",
        "/threat-levels/severe/",
        "/categories/counter-terrorism/",
        "/categories/major-events/",
        "/statements/2021/",
        "/statements/2019/",
        "/statements/2017/",
        "/statements/2016/",
        "/statements/2015/",
        "/tags/arrests/",
        "/tags/aviation/",
        "/tags/rail/",
        "/statements/",
        "/tags/",
    ]
    assert all((site / path.lstrip("/") / "index.html").is_file() for path in listings)


# Behaving like GOV.UK's finders


def announcements(tab) -> list[str]:
    """Every text the status line has announced since record_announcements(tab)."""
    return tab.evaluate("window.announced")


def record_announcements(tab) -> None:
    tab.evaluate("""() => {
      window.announced = [];
      const status = document.getElementById("search-status");
      new MutationObserver(() => status.textContent && window.announced.push(status.textContent))
        .observe(status, { childList: true, characterData: true, subtree: true });
    }""")


def test_a_search_waits_150_ms_after_the_last_key_and_announces_its_count_once(browse):
    tab = browse("/search/")
    wait_until_ready(tab)
    tab.clock.install()  # the page's timers run on this test's clock from here on, paused
    tab.clock.pause_at(datetime.datetime.now() + datetime.timedelta(seconds=1))
    record_announcements(tab)
    box = tab.locator("#search-query")
    box.press_sequentially(SHARED[:7])
    tab.clock.run_for(120)  # a pause inside the word: still typing
    box.press_sequentially(SHARED[7:])
    tab.clock.run_for(149)
    assert tab.evaluate("location.search") == "" and announcements(tab) == []
    tab.clock.run_for(1)
    tab.clock.resume()
    wait_for_count(tab, 4)
    assert announcements(tab) == [f"4 statements found for “{SHARED}”."]


def test_each_query_is_one_history_entry_and_back_returns_to_the_one_before(browse):
    tab = browse("/search/")
    wait_until_ready(tab)
    entries = tab.evaluate("history.length")
    for query, found in ((SHARED, 4), (BODY_ONLY, 1)):
        tab.fill("#search-query", query)  # typed: the search runs once the typing pauses
        wait_for_count(tab, found)
        tab.press("#search-query", "Enter")  # submitting the same query adds nothing more
        wait_for_count(tab, found)
    assert tab.evaluate("history.length") == entries + 2
    tab.go_back()
    wait_for_count(tab, 4)
    assert tab.input_value("#search-query") == SHARED
    tab.go_back()
    tab.wait_for_function("document.getElementById('search-query').value === ''")
    assert urlsplit(tab.url).path == "/search/" and url_params(tab) == {}


def test_filters_fold_away_with_counts_and_address_values_match_in_any_case(browse):
    tab = browse(f"/search/?q={SHARED}&level=severe&LEVEL=x&level=Moderate")
    wait_for_count(tab, 3)
    assert tab.is_checked("input[name=level][value=SEVERE]") and tab.is_checked("input[name=level][value=MODERATE]")
    assert tab.locator("details.search__filter[open]").count() == 0
    assert not tab.is_visible("input[name=level][value=SEVERE]")
    summaries = [" ".join(text.split()) for text in tab.locator("details.search__filter summary").all_inner_texts()]
    assert summaries == ["Threat level (2 chosen)", "Category", "Year", "Tag"]
    tab.locator("details[data-filter='threat level'] summary").click()
    # Counted for the query once the group opens: a group's own choices hide none of its values.
    assert option_labels(tab, "threat level", "LOW (1)") == ["LOW (1)", "MODERATE (1)", "SUBSTANTIAL (0)", "SEVERE (2)"]


def test_chosen_filters_are_tags_that_remove_themselves_and_clear_filters_removes_all(browse):
    tab = browse(f"/search/?q={SHARED}&level=SEVERE&level=MODERATE&year=2017")
    wait_for_count(tab, 1)
    tags = tab.locator("#search-chosen-list button")
    # Each shows the value and a cross; its name starts with words only a screen reader reads.
    names = tags.evaluate_all("tags => tags.map(tag => tag.textContent.replace(tag.lastChild.textContent, ''))")
    assert names == [
        "Remove filter Threat level: MODERATE",
        "Remove filter Threat level: SEVERE",
        "Remove filter Year: 2017",
    ]
    assert tab.locator("#search-chosen-list [aria-hidden=true]").count() == 3
    assert tab.locator("#search-chosen-list .visually-hidden").count() == 3
    tab.click("#search-chosen-list button:has-text('2017')")
    wait_for_count(tab, 3)
    assert url_params(tab) == {"q": [SHARED], "level": ["MODERATE", "SEVERE"]}
    assert tab.evaluate("document.activeElement.textContent").startswith("Remove filter")
    tab.click("#search-clear")
    wait_for_count(tab, 4)
    assert url_params(tab) == {"q": [SHARED]}
    assert tab.is_hidden("#search-chosen")
    assert tab.evaluate("document.activeElement.id") == "search-query"
    tab.go_back()
    wait_for_count(tab, 3)


def test_an_excerpt_says_it_is_one(browse):
    tab = browse(f"/search/?q={BODY_ONLY}")
    wait_for_count(tab, 1)
    excerpt = tab.locator("#search-results .search__excerpt").text_content()
    assert excerpt.startswith("Excerpt: …") and excerpt.endswith("…")


# Finding what readers mean (issue 28)


def option_labels(tab, group: str, first: str) -> list[str]:
    """The labels of a filter group's values, once the first reads ``first``."""
    selector = f"details[data-filter='{group}'] label"
    tab.wait_for_function(
        "([selector, first]) => document.querySelector(selector).textContent.replace(/\\s+/g, ' ').trim() === first",
        arg=[selector, first],
    )
    return [" ".join(text.split()) for text in tab.locator(selector).all_inner_texts()]


def offers(tab) -> list[str]:
    return tab.locator("#search-offers button").all_inner_texts()


def wait_for_status(tab, start: str) -> None:
    tab.wait_for_function(
        "(start) => document.getElementById('search-status').textContent.startsWith(start)", arg=start
    )


def test_a_tags_words_find_what_it_tags_and_the_tag_filter_is_kept_in_the_address(browse):
    tab = browse("/search/?q=aviation")
    wait_for_count(tab, 1)
    assert result_links(tab) == ["/statements/2021/03/several/"]
    choose(tab, "level", "LOW")
    wait_for_count(tab, 1)
    tab.goto(tab.url.split("?")[0] + "?tag=rail&tag=AVIATION")
    wait_for_count(tab, 7)
    assert tab.is_checked("input[name=tag][value=Aviation]") and tab.is_checked("input[name=tag][value=Rail]")
    assert result_links(tab)[0] == "/statements/2021/04/weather/"  # with no words: newest first
    tab.locator("details[data-filter=tag] summary").click()
    assert option_labels(tab, "tag", "Arrests (6)") == ["Arrests (6)", "Aviation (1)", "Rail (6)"]


def test_a_word_no_statement_has_is_named_and_the_search_without_it_is_offered(browse):
    tab = browse("/search/")
    wait_until_ready(tab)
    record_announcements(tab)
    tab.fill("#search-query", f"knife {SHARED}")
    wait_for_status(tab, "No statement contains")
    assert announcements(tab) == [f"No statement contains “knife”, so none has every word of “knife {SHARED}”."]
    assert tab.locator("#search-results li").count() == 0
    assert offers(tab) == [f"Search for “{SHARED}” instead"]
    tab.click("#search-offers button")
    wait_for_count(tab, 4)
    assert url_params(tab) == {"q": [SHARED]} and tab.input_value("#search-query") == SHARED


def test_a_word_pagefind_would_shorten_to_another_is_named_not_matched(browse):
    """Pagefind alone matches the longest start of an absent word that some word has ("is" for "Islamist")."""
    tab = browse(f"/search/?q={BODY_ONLY}ish")
    wait_for_status(tab, "No statement")
    assert tab.inner_text("#search-status") == f"No statement contains “{BODY_ONLY}ish”. Did you mean “{BODY_ONLY}”?"
    assert tab.locator("#search-results li").count() == 0


def test_a_misspelt_word_offers_the_archives_nearest_word_whose_list_loads_only_then(browse):
    tab = browse("/search/")
    requested = []
    tab.on("request", lambda request: requested.append(urlsplit(request.url).path))
    tab.fill("#search-query", SHARED)
    wait_for_count(tab, 4)
    assert "/pagefind/words.json" not in requested
    tab.fill("#search-query", "harboursdie")  # two letters swapped
    wait_for_status(tab, "No statement")
    assert tab.inner_text("#search-status") == f"No statement contains “harboursdie”. Did you mean “{SHARED}”?"
    assert "/pagefind/words.json" in requested
    assert offers(tab) == [f"Search for “{SHARED}”"]
    tab.click("#search-offers button")
    wait_for_count(tab, 4)
    assert url_params(tab) == {"q": [SHARED]}


def test_common_words_are_left_out_and_the_reader_told(browse):
    tab = browse(f"/search/?q=the {SHARED} in")
    wait_for_count(tab, 4)
    assert tab.inner_text("#search-status") == (
        f"4 statements found for “the {SHARED} in”. Left out as too common: “the”, “in”."
    )


def test_a_query_naming_a_threat_level_offers_that_levels_filter(browse):
    tab = browse("/search/?q=Severe")
    wait_for_count(tab, 5)  # the three at SEVERE, then those saying "severe" or "several"
    assert offers(tab) == ["Only SEVERE statements"]
    tab_to(tab, "#search-offers button")
    tab.keyboard.press("Enter")
    wait_for_count(tab, 3)
    assert url_params(tab) == {"q": ["Severe"], "level": ["SEVERE"]}
    assert sorted(result_links(tab)) == sorted(AT_SEVERE)
    assert offers(tab) == []


def test_a_filter_with_no_words_loads_one_part_of_the_word_index(browser, generated_site):
    url, _, output = generated_site
    assert len(list((output / "pagefind" / "index").iterdir())) > 1
    tab = browser.new_page()
    loaded = []
    tab.on("requestfinished", lambda request: loaded.append(urlsplit(request.url).path))
    tab.goto(f"{url}/search/?category=Threat+level")
    tab.wait_for_function(
        "() => document.getElementById('search-status').textContent.includes('with the chosen filters')"
    )
    assert tab.locator("#search-results li").count() > 0
    word_parts = [path for path in loaded if path.startswith("/pagefind/index/")]
    tab.close()
    assert len(word_parts) == 1


def test_no_axe_violations_with_other_searches_offered(browse):
    tab = browse("/search/?q=harboursdie", bypass_csp=True)
    wait_for_status(tab, "No statement")
    assert axe_violations(tab) == []
    tab.fill("#search-query", "severe")
    wait_for_count(tab, 5)
    assert offers(tab) == ["Only SEVERE statements"]
    assert axe_violations(tab) == []


def test_the_archives_words_are_written_with_how_many_published_statements_hold_each(site):
    words = json.loads((site / "pagefind" / "words.json").read_text(encoding="utf-8"))
    counts = dict(words)
    assert counts[SHARED] == 4 and counts[BODY_ONLY] == 1 and counts["aviation"] == 1  # a tag's word too
    assert not {IN_DRAFT, IN_EMBARGOED, IN_WITHDRAWN} & set(counts)
    assert words == sorted(words, key=lambda item: (-item[1], item[0]))  # the commonest first
