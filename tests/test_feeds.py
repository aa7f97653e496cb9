"""The feeds plugin: Atom, RSS and JSON Feed that feed readers can trust.

One archive of real statements is built once for the module; the tests that
must change the content (a title edit, the archive pages) build small sites of
their own.  Every expected value below is worked out by hand from the
statements written here.
"""

from __future__ import annotations

import datetime
import email.utils
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import lxml.html
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from plugins.feeds.entries import absolute_links
from tests.conftest import axe_violations, serve
from tests.support import TRICKY_TITLE, build, page, write_statement
from tests.test_security import fetch, nginx  # noqa: F401 (nginx is a fixture)

SITE = "https://statements.example.org"
STATEMENT_ID = "tag:statements.example.org,2026:statement:"
RELAX_NG = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "schemas" / "atom.rng")))
KESTREL = TRICKY_TITLE
KESTREL_BODY = (
    "Officers made three arrests. See [the map](map.png), [our advice](../../../../about/) "
    "and [every statement](/statements/), or [email us](mailto:press@ctpolicing.example.org).\n\n"
    "![The station](images/station.jpg)\n"
)
WITHDRAWN_REASON = "The closure was cancelled before it began."
SITENAME = "Security Statements Archive"

# name: (front matter, body). Drafts and embargoed statements come last.
STATEMENTS = {
    "2019-12-01-level-set-severe": dict(
        date="2019-12-01", threat_level="SEVERE", category="Threat level", tags=["Rail"], title="Level set at SEVERE"
    ),
    "2020-01-10-kestrel-arrests": dict(
        date="2020-01-10", threat_level="SEVERE", category="Arrests and charges", tags=["Rail", "Leeds"], title=KESTREL
    ),
    "2020-03-02-station-patrols": dict(
        date="2020-03-02",
        threat_level="SEVERE",
        category="Public safety advice",
        tags=["Rail"],
        title="More patrols at stations",
        corrections=[{"date": "2020-03-05", "note": "Corrected the number of stations."}],
    ),
    "2020-06-15-level-lowered": dict(
        date="2020-06-15",
        threat_level="SUBSTANTIAL",
        category="Threat level",
        tags=None,
        title="Threat level lowered to SUBSTANTIAL",
    ),
    "2021-02-01-bridge-closure": dict(
        date="2021-02-01",
        updated="2021-02-03",
        threat_level="SUBSTANTIAL",
        category="Public safety advice",
        tags=["Rail"],
        title="Bridge closed to traffic",
        status="withdrawn",
        withdrawn_reason=WITHDRAWN_REASON,
        withdrawn_date="2021-02-03",
    ),
    "2021-05-05-level-critical": dict(
        date="2021-05-05T14:30:00+01:00",
        updated="2021-06-01",
        threat_level="CRITICAL",
        category="Threat level",
        tags=None,
        title="Threat level raised to CRITICAL",
    ),
    "2021-08-02-level-moderate-in-error": dict(
        date="2021-08-02",
        updated="2021-08-03",
        threat_level="MODERATE",
        category="Threat level",
        tags=None,
        title="Threat level lowered to MODERATE",
        status="withdrawn",
        withdrawn_reason="Issued in error: the level did not change.",
        withdrawn_date="2021-08-03",
    ),
    "2021-07-01-draft-advice": dict(
        date="2021-07-01",
        threat_level="CRITICAL",
        category="Public safety advice",
        status="draft",
        title="Draft advice",
    ),
    "2099-01-01-embargoed-plans": dict(
        date="2099-01-01", threat_level="CRITICAL", category="Major events", title="Plans for a future event"
    ),
}
NEVER_PUBLISHED = ("2021-07-01-draft-advice", "2099-01-01-embargoed-plans")
LEVEL_SET, KESTREL_ARRESTS, PATROLS, LOWERED, BRIDGE, CRITICAL, IN_ERROR = (
    "2019-12-01-level-set-severe",
    "2020-01-10-kestrel-arrests",
    "2020-03-02-station-patrols",
    "2020-06-15-level-lowered",
    "2021-02-01-bridge-closure",
    "2021-05-05-level-critical",
    "2021-08-02-level-moderate-in-error",
)
# Each feed (path without extension): its title, the page it mirrors, and its statements newest first.
FEEDS = {
    "feeds/all": (
        "All statements",
        "statements/",
        [IN_ERROR, CRITICAL, BRIDGE, LOWERED, PATROLS, KESTREL_ARRESTS, LEVEL_SET],
    ),
    # A withdrawn change of level stays in this feed, marked withdrawn; the bridge closure changed nothing.
    "feeds/level-changes": ("Threat level changes", "threat-levels/", [IN_ERROR, CRITICAL, LOWERED]),
    "feeds/threat-level/low": ("Statements at threat level LOW", "threat-levels/low/", []),
    "feeds/threat-level/moderate": ("Statements at threat level MODERATE", "threat-levels/moderate/", [IN_ERROR]),
    "feeds/threat-level/substantial": (
        "Statements at threat level SUBSTANTIAL",
        "threat-levels/substantial/",
        [BRIDGE, LOWERED],
    ),
    "feeds/threat-level/severe": (
        "Statements at threat level SEVERE",
        "threat-levels/severe/",
        [PATROLS, KESTREL_ARRESTS, LEVEL_SET],
    ),
    "feeds/threat-level/critical": ("Statements at threat level CRITICAL", "threat-levels/critical/", [CRITICAL]),
    "feeds/category/threat-level": (
        "Statements in the category Threat level",
        "categories/threat-level/",
        [IN_ERROR, CRITICAL, LOWERED, LEVEL_SET],
    ),
    "feeds/category/arrests-and-charges": (
        "Statements in the category Arrests and charges",
        "categories/arrests-and-charges/",
        [KESTREL_ARRESTS],
    ),
    "feeds/category/public-safety-advice": (
        "Statements in the category Public safety advice",
        "categories/public-safety-advice/",
        [BRIDGE, PATROLS],
    ),
    "feeds/tag/rail": ("Statements tagged Rail", "tags/rail/", [BRIDGE, PATROLS, KESTREL_ARRESTS, LEVEL_SET]),
    "feeds/tag/leeds": ("Statements tagged Leeds", "tags/leeds/", [KESTREL_ARRESTS]),
}


# Feed readers show an id once: in every format an updated or withdrawn statement's entry has a new one, naming the change.
REVISIONS = {
    BRIDGE: "#withdrawn-2021-02-03T11:00:00Z",
    CRITICAL: "#updated-2021-06-01T11:00:00Z",
    IN_ERROR: "#withdrawn-2021-08-03T11:00:00Z",
}


def latest_id(name: str) -> str:
    return STATEMENT_ID + name + REVISIONS.get(name, "")


def write_archive(content: Path, statements: dict[str, dict]) -> None:
    for name, fields in statements.items():
        write_statement(content, name, body=KESTREL_BODY if name == KESTREL_ARRESTS else "The statement.\n", **fields)


def numbered_statements(count: int) -> dict[str, dict]:
    """``count`` statements a day apart from 1 March 2020 (Greenwich time)."""
    return {
        f"2020-03-{day:02d}-statement-{day}": dict(date=f"2020-03-{day:02d}", title=f"Statement {day}", tags=None)
        for day in range(1, count + 1)
    }


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("feeds") / "content"
    write_archive(content, STATEMENTS)
    return build(content, content.parent / "output", "publishconf.py")


def feed_files(output: Path, pattern: str = "*.xml") -> list[Path]:
    return sorted((output / "feeds").rglob(pattern))


def parsed(path: Path) -> feedparser.FeedParserDict:
    result = feedparser.parse(path.read_bytes())
    assert not result.bozo, f"{path}: {result.get('bozo_exception')}"
    return result


def ids_of(path: Path) -> list[str]:
    return [entry.id for entry in parsed(path).entries]


def entry_named(path: Path, name: str) -> feedparser.FeedParserDict:
    """The entry of statement ``name`` (of its latest change)."""
    return next(entry for entry in parsed(path).entries if entry.id.split("#")[0] == STATEMENT_ID + name)


def test_every_feed_is_written_and_parses_without_error(archive):
    written = {str(path.relative_to(archive)) for path in feed_files(archive)}
    expected = {f"{stem}{extension}" for stem in FEEDS for extension in (".atom.xml", ".rss.xml")}
    assert written == expected
    for path in feed_files(archive):
        assert parsed(path).version == ("atom10" if path.name.endswith(".atom.xml") else "rss20")


def test_every_atom_document_is_valid_rfc_4287(archive, example_site):
    for output in (archive, example_site):
        for path in feed_files(output, "*.atom.xml"):
            assert RELAX_NG.validate(etree.parse(str(path))), f"{path}: {RELAX_NG.error_log}"


def test_the_relax_ng_schema_rejects_an_invalid_feed():
    no_id = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
        <updated>2020-01-01T00:00:00Z</updated><author><name>a</name></author></feed>"""
    assert not RELAX_NG.validate(etree.fromstring(no_id))


@pytest.mark.parametrize("stem", FEEDS)
def test_each_feed_holds_its_statements_newest_first(archive, stem):
    assert ids_of(archive / f"{stem}.atom.xml") == [latest_id(name) for name in FEEDS[stem][2]]
    assert ids_of(archive / f"{stem}.rss.xml") == [latest_id(name) for name in FEEDS[stem][2]]


def test_drafts_and_embargoed_statements_are_in_no_feed(archive):
    for path in feed_files(archive, "*.*"):
        text = path.read_text(encoding="utf-8")
        for name in NEVER_PUBLISHED:
            assert name not in text, f"{name} in {path}"
        assert "Draft advice" not in text and "future event" not in text


def test_titles_round_trip_exactly(archive):
    for extension in (".atom.xml", ".rss.xml"):
        assert entry_named(archive / f"feeds/tag/leeds{extension}", KESTREL_ARRESTS).title == KESTREL
    items = json.loads((archive / "feeds/all.json").read_text(encoding="utf-8"))["items"]
    assert [item["title"] for item in items if item["id"] == STATEMENT_ID + KESTREL_ARRESTS] == [KESTREL]


def test_an_entry_carries_every_field(archive):
    entry = entry_named(archive / "feeds/all.atom.xml", KESTREL_ARRESTS)
    assert entry.link == f"{SITE}/statements/2020/01/kestrel-arrests/"
    assert entry.published == entry.updated == "2020-01-10T11:00:00+00:00"  # a date without a time: 11:00 UTC
    assert entry.author == "Assistant Chief Constable Dana Whitlow"
    assert entry.summary == "Officers continue to investigate the incident at Ashbridge station."
    assert [(tag.term, tag.scheme) for tag in entry.tags] == [
        ("SEVERE", f"{SITE}/threat-levels/"),
        ("Arrests and charges", f"{SITE}/categories/"),
        ("Rail", f"{SITE}/tags/"),
        ("Leeds", f"{SITE}/tags/"),
    ]
    rss_item = entry_named(archive / "feeds/all.rss.xml", KESTREL_ARRESTS)
    assert rss_item.author == "Assistant Chief Constable Dana Whitlow"  # from <dc:creator>
    assert rss_item.summary == "Officers continue to investigate the incident at Ashbridge station."


def test_content_links_are_absolute(archive):
    entry = entry_named(archive / "feeds/all.atom.xml", KESTREL_ARRESTS)
    body = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
    page_url = f"{SITE}/statements/2020/01/kestrel-arrests/"
    assert [link for _, _, link, _ in body.iterlinks()] == [
        page_url + "map.png",
        f"{SITE}/about/",
        f"{SITE}/statements/",
        "mailto:press@ctpolicing.example.org",
        page_url + "images/station.jpg",
    ]
    for path in (archive / "feeds/all.atom.xml", archive / "feeds/all.rss.xml"):
        for item in parsed(path).entries:
            assert item.link.startswith(SITE + "/")
            content = lxml.html.fragment_fromstring(item.content[0].value, create_parent="div")
            assert all(link.startswith((SITE + "/", "mailto:")) for _, _, link, _ in content.iterlinks())


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<p><IMG alt="" SRC="map.png"></p>', '<p><img alt="" src="https://example.org/s/map.png"></p>'),
        ("<p>No link: &ldquo;quoted&rdquo; &amp; kept</p>", "<p>No link: &ldquo;quoted&rdquo; &amp; kept</p>"),
        ("", ""),
    ],
)
def test_only_a_body_with_a_link_is_rewritten(body, expected):
    assert absolute_links(body, "https://example.org/s/") == expected


def test_updated_only_when_the_statement_has_one(archive):
    # The entry of the update is published at the update, so that readers sorting by publication show it as new.
    critical = entry_named(archive / "feeds/all.atom.xml", CRITICAL)
    assert critical.published == critical.updated == "2021-06-01T11:00:00+00:00"
    patrols = entry_named(archive / "feeds/all.atom.xml", PATROLS)  # corrected, never updated
    assert patrols.published == patrols.updated == "2020-03-02T11:00:00+00:00"
    items = {item["id"]: item for item in json.loads((archive / "feeds/all.json").read_bytes())["items"]}
    modified = {item_id for item_id, item in items.items() if "date_modified" in item}
    assert modified == {latest_id(CRITICAL), latest_id(BRIDGE), latest_id(IN_ERROR)}
    assert items[latest_id(CRITICAL)]["date_modified"] == "2021-06-01T11:00:00+00:00"


def test_a_withdrawn_statement_stays_in_its_feeds_marked_withdrawn(archive):
    for stem in (
        "feeds/all",
        "feeds/tag/rail",
        "feeds/threat-level/substantial",
        "feeds/category/public-safety-advice",
    ):
        entry = entry_named(archive / f"{stem}.atom.xml", BRIDGE)
        assert entry.title == "Withdrawn: Bridge closed to traffic"
        assert entry.updated == entry.published == "2021-02-03T11:00:00+00:00"
        assert WITHDRAWN_REASON in entry.summary
        assert "withdrawn" in entry.content[0].value and WITHDRAWN_REASON in entry.content[0].value
        assert entry.link == f"{SITE}/statements/2021/02/bridge-closure/"
    assert entry_named(archive / "feeds/all.rss.xml", BRIDGE).title == "Withdrawn: Bridge closed to traffic"
    in_error = entry_named(archive / "feeds/level-changes.atom.xml", IN_ERROR)
    assert in_error.title == "Withdrawn: Threat level lowered to MODERATE"
    assert "Issued in error: the level did not change." in in_error.summary


@pytest.mark.parametrize("stem", FEEDS)
def test_feed_level_title_links_and_language(archive, stem):
    title, page_url, _ = FEEDS[stem]
    atom = parsed(archive / f"{stem}.atom.xml").feed
    assert atom.title == f"{title} | {SITENAME}"
    links = {(link.rel, link.href) for link in atom.links}
    assert ("self", f"{SITE}/{stem}.atom.xml") in links
    assert ("alternate", f"{SITE}/{page_url}") in links
    assert atom.language == "en-GB"
    rss = parsed(archive / f"{stem}.rss.xml").feed
    assert rss.title == f"{title} (RSS) | {SITENAME}"  # two formats of one feed are told apart in a reader
    assert rss.link == f"{SITE}/{page_url}"
    assert {(link.rel, link.href) for link in rss.links} >= {("self", f"{SITE}/{stem}.rss.xml")}
    assert rss.language == "en-GB"


def test_a_feed_is_dated_by_its_newest_entry(archive):
    # Rail's newest change is the withdrawal of the bridge closure, updated 3 February 2021.
    assert parsed(archive / "feeds/tag/rail.atom.xml").feed.updated == "2021-02-03T11:00:00+00:00"
    assert parsed(archive / "feeds/tag/rail.rss.xml").feed.updated == "Wed, 03 Feb 2021 11:00:00 +0000"
    # The whole archive's: the withdrawal of the level change issued in error, updated 3 August 2021.
    assert parsed(archive / "feeds/all.atom.xml").feed.updated == "2021-08-03T11:00:00+00:00"
    # A feed with no statements never changes either.
    assert parsed(archive / "feeds/threat-level/low.atom.xml").feed.updated == "1970-01-01T00:00:00+00:00"


def test_rss_items_have_non_permalink_guids_and_rfc_822_dates(archive):
    for stem, (_, _, names) in FEEDS.items():
        channel = etree.parse(str(archive / f"{stem}.rss.xml")).getroot().find("channel")
        items = channel.findall("item")
        assert [item.findtext("guid") for item in items] == [latest_id(name) for name in names]
        assert {item.find("guid").get("isPermaLink") for item in items} <= {"false"}
        for item, name in zip(items, names, strict=True):
            # The date of its last significant change, so that a reader puts it at the top again.
            published = email.utils.parsedate_to_datetime(item.findtext("pubDate"))
            last_change = STATEMENTS[name].get("withdrawn_date") or STATEMENTS[name].get("updated")
            assert published.date().isoformat() == (last_change or STATEMENTS[name]["date"])[:10]
        email.utils.parsedate_to_datetime(channel.findtext("lastBuildDate"))


def test_a_date_without_a_time_is_that_date_to_readers_from_utc_minus_10_to_utc_plus_12(archive):
    # Withdrawn on 3 August 2021 (summer time in the UK); issued on 15 June 2020; the feed reader shows local time.
    withdrawn = [entry_named(archive / f"feeds/all.{format_name}.xml", IN_ERROR) for format_name in ("atom", "rss")]
    lowered = entry_named(archive / "feeds/all.atom.xml", LOWERED)
    for zone in ("Etc/GMT+10", "UTC", "Europe/London", "Asia/Kolkata", "Etc/GMT-12"):  # Etc/GMT+10 is UTC-10
        for entry in withdrawn:
            shown = datetime.datetime(*entry.updated_parsed[:6], tzinfo=datetime.UTC).astimezone(ZoneInfo(zone))
            assert shown.date() == datetime.date(2021, 8, 3), zone
        published = datetime.datetime.fromisoformat(lowered.published).astimezone(ZoneInfo(zone))
        assert published.date() == datetime.date(2020, 6, 15), zone


def test_json_feed_has_the_same_entries(archive):
    feed = json.loads((archive / "feeds/all.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == f"All statements (JSON Feed) | {SITENAME}"
    assert feed["feed_url"] == f"{SITE}/feeds/all.json"
    assert feed["home_page_url"] == f"{SITE}/statements/"
    assert [item["id"] for item in feed["items"]] == ids_of(archive / "feeds/all.atom.xml")
    for item in feed["items"]:
        assert item["url"].startswith(SITE + "/") and item["content_html"] and item["date_published"]
        assert item["authors"] == [{"name": "Assistant Chief Constable Dana Whitlow"}]
    kestrel = next(item for item in feed["items"] if item["id"] == STATEMENT_ID + KESTREL_ARRESTS)
    # Level, category and tags apart: the tags in JSON Feed's own field, the rest in the extension object.
    assert kestrel["tags"] == ["Rail", "Leeds"]
    assert kestrel["_statement"] == {
        "about": f"{SITE}/feeds/#json-feed",
        "threat_level": "SEVERE",
        "previous_threat_level": None,
        "category": "Arrests and charges",
        "withdrawn": False,
    }
    assert kestrel["date_published"] == "2020-01-10T11:00:00+00:00"
    lowered = next(item for item in feed["items"] if item["id"] == STATEMENT_ID + LOWERED)
    assert lowered["_statement"]["threat_level"] == "SUBSTANTIAL"
    assert lowered["_statement"]["previous_threat_level"] == "SEVERE"
    in_error = next(item for item in feed["items"] if item["id"] == latest_id(IN_ERROR))
    assert in_error["_statement"]["withdrawn"] is True


def test_ids_are_unique_in_every_feed(archive):
    for path in feed_files(archive):
        ids = ids_of(path)
        assert len(ids) == len(set(ids)), path


def test_building_twice_gives_identical_bytes(archive, tmp_path):
    again = build(archive.parent / "content", tmp_path / "again", "publishconf.py")
    files = [path.relative_to(archive) for path in feed_files(archive, "*.*")]
    assert files == [path.relative_to(again) for path in feed_files(again, "*.*")]
    for relative in files:
        assert (archive / relative).read_bytes() == (again / relative).read_bytes(), relative


def test_ids_and_links_survive_a_title_edit(content, tmp_path):
    statements = {name: STATEMENTS[name] for name in (KESTREL_ARRESTS, PATROLS)}
    write_archive(content, statements)
    before = build(content, tmp_path / "before", "publishconf.py")
    write_statement(content, PATROLS, body="The statement.\n", **{**STATEMENTS[PATROLS], "title": "Patrols doubled"})
    after = build(content, tmp_path / "after", "publishconf.py")
    for path in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/tag/rail.atom.xml"):
        old, new = parsed(before / path).entries, parsed(after / path).entries
        assert [entry.title for entry in new] == ["Patrols doubled", KESTREL]
        assert [entry.title for entry in old] == ["More patrols at stations", KESTREL]
        assert [(entry.id, entry.link) for entry in new] == [(entry.id, entry.link) for entry in old]
    # Nothing but the title changed, so no entry's date moved and feed readers see no update.
    old, new = parsed(before / "feeds/all.atom.xml"), parsed(after / "feeds/all.atom.xml")
    assert [entry.updated for entry in new.entries] == [entry.updated for entry in old.entries]
    assert new.feed.updated == old.feed.updated


def archive_chain(output: Path) -> list[Path]:
    """The archive documents, newest first, found by following prev-archive links from the current feed."""
    chain = []
    links = parsed(output / "feeds/all.atom.xml").feed.links
    while previous := [link.href for link in links if link.rel == "prev-archive"]:
        chain.append(output / previous[0].removeprefix(SITE + "/"))
        links = parsed(chain[-1]).feed.links
    return chain


def numbered_ids(*days: int) -> list[str]:
    return [STATEMENT_ID + f"2020-03-{day:02d}-statement-{day}" for day in days]


def test_the_whole_history_is_reachable_through_archive_documents(content, tmp_path):
    write_archive(content, numbered_statements(5))
    output = build(content, tmp_path / "output", "publishconf.py", FEED_MAX_ITEMS=2)
    assert ids_of(output / "feeds/all.atom.xml") == numbered_ids(5, 4)
    chain = archive_chain(output)
    assert [path.name for path in chain] == ["2.atom.xml", "1.atom.xml"]
    # Pages of two counted from the oldest statement, each written once full: the fifth is only in the current feed.
    assert [ids_of(path) for path in chain] == [numbered_ids(4, 3), numbered_ids(2, 1)]
    assert len(ids_of(output / "feeds/all.rss.xml")) == 2
    assert len(json.loads((output / "feeds/all.json").read_bytes())["items"]) == 2


def test_archive_documents_are_marked_and_linked(content, tmp_path):
    write_archive(content, numbered_statements(5))
    output = build(content, tmp_path / "output", "publishconf.py", FEED_MAX_ITEMS=2)
    history = "{http://purl.org/syndication/history/1.0}archive"
    for number, (prev, next_) in {1: (None, 2), 2: (1, None)}.items():
        path = output / f"feeds/archive/{number}.atom.xml"
        assert etree.parse(str(path)).getroot().find(history) is not None
        links = {link.rel: link.href for link in parsed(path).feed.links}
        assert links["self"] == f"{SITE}/feeds/archive/{number}.atom.xml"
        assert links["current"] == f"{SITE}/feeds/all.atom.xml"
        assert links.get("prev-archive") == (prev and f"{SITE}/feeds/archive/{prev}.atom.xml")
        assert links.get("next-archive") == (next_ and f"{SITE}/feeds/archive/{next_}.atom.xml")
        assert RELAX_NG.validate(etree.parse(str(path))), RELAX_NG.error_log
    assert etree.parse(str(output / "feeds/all.atom.xml")).getroot().find(history) is None


def test_archive_pages_never_change_membership(content, tmp_path):
    write_archive(content, numbered_statements(5))
    before = build(content, tmp_path / "before", "publishconf.py", FEED_MAX_ITEMS=2)
    assert not (before / "feeds/archive/3.atom.xml").exists()  # the fifth waits in the current feed
    write_archive(content, numbered_statements(8))
    after = build(content, tmp_path / "after", "publishconf.py", FEED_MAX_ITEMS=2)
    assert (after / "feeds/archive/1.atom.xml").read_bytes() == (before / "feeds/archive/1.atom.xml").read_bytes()
    # The newest page gained a next-archive link and nothing else.
    assert ids_of(after / "feeds/archive/2.atom.xml") == ids_of(before / "feeds/archive/2.atom.xml")
    assert ids_of(after / "feeds/archive/3.atom.xml") == numbered_ids(6, 5)
    assert ids_of(after / "feeds/archive/4.atom.xml") == numbered_ids(8, 7)
    # An update leaves every page's statements as they were and brings the statement back in the current feed.
    write_statement(
        content, "2020-03-01-statement-1", title="Statement 1", tags=None, date="2020-03-01", updated="2020-03-20"
    )
    updated = build(content, tmp_path / "updated", "publishconf.py", FEED_MAX_ITEMS=2)
    for number in (1, 2, 3, 4):
        path = f"feeds/archive/{number}.atom.xml"
        assert ids_of(updated / path) == ids_of(after / path)
    assert [entry.split("#")[0] for entry in ids_of(updated / "feeds/all.atom.xml")] == numbered_ids(1, 8)
    assert entry_named(updated / "feeds/archive/1.atom.xml", "2020-03-01-statement-1").updated.startswith("2020-03-20")


def test_fewer_statements_than_feed_max_items_give_no_archive(archive, content, tmp_path):
    assert not (archive / "feeds/archive").exists()
    write_archive(content, numbered_statements(2))
    assert not (build(content, tmp_path / "output", "publishconf.py", FEED_MAX_ITEMS=2) / "feeds/archive").exists()
    assert "prev-archive" not in {link.rel for link in parsed(archive / "feeds/all.atom.xml").feed.links}


def test_every_feed_names_the_stylesheet_which_shows_it_as_a_page(archive):
    stylesheet = archive / "feeds/feed.xsl"
    transform = etree.XSLT(etree.parse(str(stylesheet)))
    for path in feed_files(archive):
        instruction = etree.parse(str(path)).getroot().getprevious()
        assert instruction.target == "xml-stylesheet"
        assert instruction.text == 'type="text/xsl" href="/feeds/feed.xsl"'
    for stem in ("feeds/tag/rail", "feeds/all"):
        names = FEEDS[stem][2]
        for extension in (".atom.xml", ".rss.xml"):
            shown = BeautifulSoup(str(transform(etree.parse(str(archive / f"{stem}{extension}")))), "lxml")
            label = " (RSS)" if extension == ".rss.xml" else ""
            assert shown.h1.get_text() == f"{FEEDS[stem][0]}{label} | {SITENAME}"
            assert "subscribe" in shown.get_text()
            entries = shown.select("li.statement-item a")
            assert [a["href"] for a in entries] == [f"{SITE}/{statement_url(name)}" for name in names]
            assert shown.find("link", rel="stylesheet")["href"] == "/theme/css/site.css"
            assert shown.find("a", string="All feeds and how to subscribe")["href"] == "/feeds/"
            assert not shown.find_all(["script", "style"]) and not shown.select("[style]")
    shown = BeautifulSoup(str(transform(etree.parse(str(archive / "feeds/tag/leeds.atom.xml")))), "lxml")
    assert shown.select_one("li.statement-item a").get_text() == KESTREL


def test_the_stylesheet_follows_a_site_served_from_a_folder(content, tmp_path):
    write_archive(content, {PATROLS: STATEMENTS[PATROLS]})
    output = build(content, tmp_path / "output", "publishconf.py", SITEURL="https://example.org/archive")
    feed = etree.parse(str(output / "feeds/all.atom.xml"))
    assert feed.getroot().getprevious().text == 'type="text/xsl" href="/archive/feeds/feed.xsl"'
    shown = BeautifulSoup(str(etree.XSLT(etree.parse(str(output / "feeds/feed.xsl")))(feed)), "lxml")
    assert shown.find("link", rel="stylesheet")["href"] == "/archive/theme/css/site.css"
    assert shown.find("a", string="All feeds and how to subscribe")["href"] == "/archive/feeds/"
    assert shown.find("a", string=SITENAME)["href"] == "/archive/"


def statement_url(name: str) -> str:
    year, month, _, slug = name.split("-", 3)
    return f"statements/{year}/{month}/{slug}/"


# Only the site's own files, as the deployed site's policy allows: the stylesheet and its CSS must be.
SAME_ORIGIN_ONLY = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'"


def with_same_origin_policy(route) -> None:
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": SAME_ORIGIN_ONLY})


def test_a_browser_shows_a_feed_as_a_readable_page(archive, browser):
    server = serve(archive)
    address = next(server) + "/feeds/tag/rail.atom.xml"
    try:
        tab = browser.new_page()
        tab.route("**/*", with_same_origin_policy)
        tab.goto(address)
        assert tab.locator("h1").inner_text() == f"Statements tagged Rail | {SITENAME}"
        assert tab.locator("li.statement-item").count() == 4
        styles = tab.evaluate("[...document.styleSheets].map(sheet => [sheet.href, sheet.cssRules.length])")
        assert [href for href, rules in styles if rules] == [
            address.replace("feeds/tag/rail.atom.xml", "theme/css/site.css")
        ]
        tab.close()
        # axe-core is an inline script, which the policy rightly refuses: it runs in a context without it.
        checking = browser.new_context(bypass_csp=True)
        tab = checking.new_page()
        tab.goto(address)
        # Chromium adds its own banner announcing that browsers will drop XSLT: not the archive's markup.
        tab.evaluate("document.querySelector('xslt-warning-banner')?.remove()")
        assert axe_violations(tab) == []
        checking.close()
    finally:
        server.close()


def alternate_links(soup: BeautifulSoup) -> list[tuple[str, str]]:
    return [(link["type"], link["href"]) for link in soup.find_all("link", rel="alternate")]


WHOLE_ARCHIVE = [
    ("application/atom+xml", f"{SITE}/feeds/all.atom.xml"),
    ("application/rss+xml", f"{SITE}/feeds/all.rss.xml"),
    ("application/feed+json", f"{SITE}/feeds/all.json"),
]


@pytest.mark.parametrize(
    ("page_url", "own_feed"),
    [
        ("", None),
        (statement_url(KESTREL_ARRESTS), None),
        ("tags/rail/", "feeds/tag/rail"),
        ("categories/arrests-and-charges/", "feeds/category/arrests-and-charges"),
        ("threat-levels/severe/", "feeds/threat-level/severe"),
        ("threat-levels/", "feeds/level-changes"),
        ("feeds/tag/rail/", "feeds/tag/rail"),
        ("feeds/all/", None),  # the whole archive's feed is its own: advertised once
    ],
)
def test_pages_link_their_feeds_for_autodiscovery(archive, page_url, own_feed):
    soup = page(archive, page_url)
    own = [
        ("application/atom+xml", f"{SITE}/{own_feed}.atom.xml"),
        ("application/rss+xml", f"{SITE}/{own_feed}.rss.xml"),
    ]
    # The page's own feed first: a reader that takes the first link subscribes to what the page lists.
    assert alternate_links(soup.head) == (own if own_feed else []) + WHOLE_ARCHIVE
    if own_feed:
        title = FEEDS[own_feed][0]
        assert soup.head.find("link", href=f"{SITE}/{own_feed}.atom.xml")["title"] == f"{title} (Atom feed)"
        visible = {a["href"] for a in soup.main.find_all("a", type=True)}
        assert visible == {href for _, href in own}


def test_the_feeds_page_lists_every_feed(archive):
    soup = page(archive, "feeds/")
    assert soup.h1.get_text() == "Feeds"
    assert soup.find("h2", string="How to subscribe")
    listed = {a["href"].removeprefix(SITE + "/") for a in soup.main.find_all("a", type=True)}
    written = {str(path.relative_to(archive)) for path in feed_files(archive) + feed_files(archive, "*.json")}
    assert listed == written
    assert soup.main.find("a", string="Statements tagged Rail")["href"] == f"{SITE}/feeds/tag/rail/"


def test_a_browser_shows_a_feed_served_by_the_deploy_config_as_a_page(browser, nginx):  # noqa: F811 (the fixture)
    """Chromium applies a feed's stylesheet only to an XML media type: nginx sends .xml files as text/xml."""
    response = fetch(nginx, "/feeds/all.atom.xml")
    assert response.getheader("Content-Type") == "text/xml; charset=utf-8"
    tab = browser.new_page()
    for path in ("/feeds/all.atom.xml", "/feeds/tag/rail.rss.xml"):
        tab.goto(nginx + path)
        assert tab.locator("h1").inner_text().endswith(f" | {SITENAME}"), path
        assert tab.locator("li.statement-item").count() > 0
    tab.close()


SUMMARY = "<p>Officers continue to investigate the incident at Ashbridge station.</p>"


@pytest.mark.parametrize(
    ("name", "opening"),
    [
        (KESTREL_ARRESTS, f"<p>National threat level when issued: SEVERE.</p>\n{SUMMARY}\n<p>Officers made"),
        (LOWERED, f"<p>National threat level when issued: SUBSTANTIAL, lowered from SEVERE.</p>\n{SUMMARY}\n"),
        (
            CRITICAL,
            "<p><strong>Updated on 1 June 2021.</strong></p>\n"
            "<p>National threat level when issued: CRITICAL, raised from SUBSTANTIAL.</p>\n",
        ),
        (
            BRIDGE,
            "<p><strong>This statement was withdrawn on 3 February 2021. The closure was cancelled before it began."
            "</strong></p>\n<p>National threat level when issued: SUBSTANTIAL.</p>\n",
        ),
    ],
)
def test_an_entry_says_what_happened_then_the_level_then_the_statement(archive, name, opening):
    for extension in (".atom.xml", ".rss.xml"):
        assert entry_named(archive / f"feeds/all{extension}", name).content[0].value.startswith(opening)
    item = next(i for i in json.loads((archive / "feeds/all.json").read_bytes())["items"] if name in i["id"])
    assert item["content_html"].startswith(opening)


def test_an_entry_lists_the_corrections_which_change_nothing_else(archive):
    entry = entry_named(archive / "feeds/all.atom.xml", PATROLS)
    assert entry.content[0].value.endswith(
        "<h2>Corrections</h2>\n<ul><li>5 March 2020: Corrected the number of stations.</li></ul>"
    )
    assert entry.updated == entry.published == "2020-03-02T11:00:00+00:00"
    assert entry_named(archive / "feeds/all.rss.xml", PATROLS).id == STATEMENT_ID + PATROLS


def test_rss_titles_encode_ampersand_and_less_than_as_hexadecimal_references(archive):
    text = (archive / "feeds/tag/leeds.rss.xml").read_text(encoding="utf-8")
    assert '<title>Operation "Kestrel" &#x26; arrests in &#x3C;Leeds&gt;</title>' in text
    assert "&amp;" not in "".join(line for line in text.splitlines() if "<title>" in line)


def test_feeds_carry_icon_and_rights_from_the_settings(archive, content, tmp_path):
    atom = parsed(archive / "feeds/all.atom.xml").feed
    assert atom.icon == f"{SITE}/theme/images/favicon.svg"
    assert atom.rights.startswith("Crown copyright.")
    assert parsed(archive / "feeds/all.rss.xml").feed.rights == atom.rights  # <copyright>
    assert json.loads((archive / "feeds/all.json").read_bytes())["favicon"] == atom.icon
    write_archive(content, {PATROLS: STATEMENTS[PATROLS]})
    output = build(content, tmp_path / "output", "publishconf.py", FEEDS_LOGO="logo.png", FEEDS_RIGHTS=None)
    atom = parsed(output / "feeds/all.atom.xml").feed
    assert (atom.logo, atom.get("rights")) == (f"{SITE}/logo.png", None)
    assert parsed(output / "feeds/all.rss.xml").feed.image.href == f"{SITE}/logo.png"
    assert json.loads((output / "feeds/all.json").read_bytes())["icon"] == f"{SITE}/logo.png"


def test_an_entry_is_in_its_statements_language(content, tmp_path):
    write_archive(
        content, {KESTREL_ARRESTS: STATEMENTS[KESTREL_ARRESTS], PATROLS: {**STATEMENTS[PATROLS], "lang": "cy"}}
    )
    output = build(content, tmp_path / "output", "publishconf.py")
    atom = etree.parse(str(output / "feeds/all.atom.xml")).getroot()
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert atom.get(xml_lang) == "en-GB"
    assert [entry.get(xml_lang) for entry in atom.iter("{http://www.w3.org/2005/Atom}entry")] == ["cy", None]
    items = etree.parse(str(output / "feeds/all.rss.xml")).getroot().iter("item")
    assert [item.findtext("{http://purl.org/dc/elements/1.1/}language") for item in items] == ["cy", None]
    assert [item.get("language") for item in json.loads((output / "feeds/all.json").read_bytes())["items"]] == [
        "cy",
        None,
    ]
    assert page(output, statement_url(PATROLS)).html["lang"] == "cy"


def test_a_build_that_is_not_published_may_leave_the_id_authority_unset(content, tmp_path):
    write_archive(content, {PATROLS: STATEMENTS[PATROLS]})
    output = build(content, tmp_path / "output", FEEDS_ID_AUTHORITY=None, SITEURL="http://127.0.0.1:8000")
    assert ids_of(output / "feeds/all.atom.xml") == [f"tag:example.invalid,1970:statement:{PATROLS}"]


def test_each_feed_has_a_page_to_subscribe_from(archive):
    soup = page(archive, "feeds/tag/rail/")
    assert soup.h1.get_text() == "Statements tagged Rail"
    addresses = [code.get_text() for code in soup.select("dl.feed-addresses code")]
    assert addresses == [f"{SITE}/feeds/tag/rail.atom.xml", f"{SITE}/feeds/tag/rail.rss.xml"]
    listed = [a.get_text() for a in soup.select("li.statement-item a")]
    assert listed == [
        "Withdrawn: Bridge closed to traffic",
        "More patrols at stations",
        f"{KESTREL}",
        "Level set at SEVERE",
    ]
    assert "withdrawn 3 February 2021" in soup.select_one("li.statement-item").get_text(" ", strip=True)
    assert page(archive, "feeds/threat-level/low/").find(string=lambda text: "No statement is in this feed" in text)


@pytest.mark.browser
def test_a_feeds_page_passes_axe(example_url, browser):
    checking = browser.new_context(bypass_csp=True)  # axe-core is an inline script, which the policy refuses
    tab = checking.new_page()
    tab.goto(example_url + "/feeds/all/")
    assert tab.locator("h1").inner_text() == "All statements"
    assert axe_violations(tab) == []
    checking.close()
