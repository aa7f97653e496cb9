"""A subscriber's view of the feeds over a sequence of builds, through real feed readers.

Each build is served on 127.0.0.1 and read by newsboat (``newsboat -x reload``
with its own cache file, which is then read as the SQLite database it is) and
by feedparser.  After each reload the subscriber reads everything, so what is
unread after the next build is exactly what that build told them.  Each feed
holds three statements, so that an old statement's update starts outside it.
"""

from __future__ import annotations

import datetime
import json
import shutil
import sqlite3
import subprocess
import urllib.request
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from tests.conftest import WholeFileHandler, serve
from tests.support import build, write_statement

NEWSBOAT = shutil.which("newsboat")
RELAX_NG = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "schemas" / "atom.rng")))
WINDOW = 3
FEEDS = ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/level-changes.atom.xml", "feeds/level-changes.rss.xml")

# name: front matter; the first archive, oldest first.
FIRST = {
    "2015-03-01-old-advice": dict(title="Advice for stations", date="2015-03-01", threat_level="SUBSTANTIAL"),
    "2019-07-01-level-severe": dict(
        title="Threat level raised to SEVERE", date="2019-07-01", threat_level="SEVERE", category="Threat level"
    ),
    "2020-01-10-kestrel": dict(title="Operation Kestrel: three arrests", date="2020-01-10", threat_level="SEVERE"),
    "2020-05-04-patrols": dict(title="More patrols & checks at <stations>", date="2020-05-04", threat_level="SEVERE"),
    "2021-02-01-bridge": dict(title="Bridge closed to traffic", date="2021-02-01", threat_level="SEVERE"),
}
WELSH = dict(
    title="Cyngor i deithwyr",
    date="2022-12-01",
    updated="2023-01-01",
    lang="cy",
    threat_level="SEVERE",
    summary="Mae swyddogion yn parhau i ymchwilio.",
    corrections=[{"date": "2023-01-01", "note": "Ychwanegwyd gorsafoedd bysiau."}],
)
STATEMENT_ID = "tag:statements.example.org,2026:statement:"
RAISED = dict(
    title="Threat level raised to CRITICAL", date="2023-09-01", threat_level="CRITICAL", category="Threat level"
)


class Newsboat:
    """Newsboat subscribed to ``feed`` of the site at ``base_url``, with its own config and cache files in ``folder``.

    Newsboat keeps one item per guid whatever the feed it came in, and the feeds share their ids:
    each feed is read by a newsboat of its own, as by a subscriber to that feed alone.
    """

    def __init__(self, folder: Path, base_url: str, feed: str) -> None:
        assert NEWSBOAT, "newsboat is missing: run scripts/system-deps (make test does)"
        folder.mkdir(parents=True)
        self.folder = folder
        (folder / "urls").write_text(f"{base_url}/{feed}\n", encoding="utf-8")
        (folder / "config").write_text("", encoding="utf-8")
        self.cache = folder / "cache.db"

    def reload(self) -> list[str]:
        """Fetch the feed; the titles of its unread items, newest first; then read them all."""
        environment = {"HOME": str(self.folder), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
        arguments = ["-u", "urls", "-c", "cache.db", "-C", "config", "-x", "reload"]
        subprocess.run([NEWSBOAT, *arguments], cwd=self.folder, env=environment, check=True, timeout=120)
        with sqlite3.connect(self.cache) as database:
            rows = database.execute("SELECT title FROM rss_item WHERE unread = 1 ORDER BY pubDate DESC, title")
            unread = [title for (title,) in rows]
            database.execute("UPDATE rss_item SET unread = 0")
        return unread

    def stored(self, guid: str) -> tuple[str, str]:
        """The title and content newsboat keeps for the item ``guid``."""
        with sqlite3.connect(self.cache) as database:
            return database.execute("SELECT title, content FROM rss_item WHERE guid = ?", (guid,)).fetchone()


class Subscriber:
    """A subscriber to each of ``FEEDS``: a newsboat for each."""

    def __init__(self, folder: Path, base_url: str) -> None:
        self.readers = {feed: Newsboat(folder / feed.replace("/", "-"), base_url, feed) for feed in FEEDS}

    def reload(self) -> dict[str, list[str]]:
        """Each feed's unread titles after a reload."""
        return {feed: reader.reload() for feed, reader in self.readers.items()}


def nothing_unread_but(**unread: list[str]) -> dict[str, list[str]]:
    """What a reload should leave unread: ``all_atom=[...]`` for feeds/all.atom.xml, and nothing elsewhere."""
    expected = {feed: [] for feed in FEEDS}
    for key, titles in unread.items():
        name, _, extension = key.rpartition("_")
        expected[f"feeds/{name.replace('_', '-')}.{extension}.xml"] = titles
    return expected


class Archive:
    """The content folder and the served output of the archive's successive builds."""

    def __init__(self, root: Path) -> None:
        self.content = root / "content"
        self.output = root / "site"
        self.output.mkdir(parents=True)
        # newsboat asks If-Modified-Since, and builds here are seconds apart, not an hour.
        self.server = serve(self.output, WholeFileHandler)
        self.url = next(self.server)

    def write(self, name: str, **fields) -> None:
        defaults = dict(category="Public safety advice", tags=None)
        write_statement(self.content, name, body="The statement.\n", **{**defaults, **fields})

    def build(self) -> None:
        build(self.content, self.output, "publishconf.py", SITEURL=self.url, FEED_MAX_ITEMS=WINDOW)
        for path in (self.output / "feeds").rglob("*.atom.xml"):
            assert RELAX_NG.validate(etree.parse(str(path))), f"{path}: {RELAX_NG.error_log}"

    def feed(self, path: str = "feeds/all.atom.xml") -> feedparser.FeedParserDict:
        parsed = feedparser.parse(f"{self.url}/{path}")
        assert not parsed.bozo, parsed.get("bozo_exception")
        return parsed

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def archive(tmp_path: Path):
    site = Archive(tmp_path)
    for name, fields in FIRST.items():
        site.write(name, **fields)
    site.build()
    yield site
    site.close()


@pytest.fixture
def subscriber(archive: Archive, tmp_path: Path) -> Subscriber:
    reader = Subscriber(tmp_path / "newsboat", archive.url)
    first = reader.reload()  # subscribes: the three newest statements, and the one change of level
    assert first["feeds/all.atom.xml"] == [FIRST[name]["title"] for name in list(FIRST)[:1:-1]]
    assert first["feeds/level-changes.rss.xml"] == ["Threat level raised to SEVERE"]
    return reader


def test_a_subscriber_sees_each_change_that_matters_and_no_other(archive, subscriber):
    # A new statement: new in every format of the feeds it belongs to.
    archive.write("2022-04-01-new-arrests", title="Two more arrests", date="2022-04-01", threat_level="SEVERE")
    archive.build()
    assert subscriber.reload() == nothing_unread_but(all_atom=["Two more arrests"], all_rss=["Two more arrests"])

    # A correction alone: nothing new for anyone, though the entry now lists it.
    corrected = dict(FIRST["2020-05-04-patrols"], corrections=[{"date": "2022-05-01", "note": "Fixed a name."}])
    archive.write("2020-05-04-patrols", **corrected)
    archive.build()
    assert subscriber.reload() == nothing_unread_but()

    # A significant update of a 2015 statement, long out of the feeds: back at the top of both, as new, leading
    # with what changed. A Welsh statement updated that day gets no English words: only its own.
    update_note = {"date": "2023-01-01", "note": "The advice now covers bus stations."}
    archive.write(
        "2015-03-01-old-advice", **FIRST["2015-03-01-old-advice"], updated="2023-01-01", corrections=[update_note]
    )
    archive.write("2022-12-01-cyngor", **WELSH)
    archive.build()
    updated = ["Cyngor i deithwyr", "Updated: Advice for stations"]
    assert subscriber.reload() == nothing_unread_but(all_atom=updated, all_rss=updated)
    advice = entries_of(archive, "2015-03-01-old-advice")
    assert advice["atom"].id == f"{STATEMENT_ID}2015-03-01-old-advice#updated-2023-01-01T11:00:00Z"
    assert (advice["atom"].title, advice["atom"].published) == (
        "Updated: Advice for stations",
        "2023-01-01T11:00:00+00:00",
    )
    lead = "Updated on 1 January 2023: The advice now covers bus stations."
    assert advice["atom"].content[0].value.startswith(f"<p><strong>{lead}</strong></p>")
    assert advice["rss"].description.startswith(lead) and advice["json"]["summary"].startswith(lead)
    welsh = entries_of(archive, "2022-12-01-cyngor")
    assert welsh["atom"].title == welsh["rss"].title == welsh["json"]["title"] == WELSH["title"]
    summary = f"{WELSH['corrections'][0]['note']} {WELSH['summary']}"
    assert welsh["atom"].summary == welsh["rss"].description == welsh["json"]["summary"] == summary
    assert welsh["atom"].content[0].value == (
        f"<p><strong>{WELSH['corrections'][0]['note']}</strong></p>\n<p>{WELSH['summary']}</p>\n"
        f"<p>The statement.</p>\n<ul><li>2023-01-01: {WELSH['corrections'][0]['note']}</li></ul>"
    )

    # A withdrawal of a statement still in the feeds: a new entry in both formats.
    archive.write(
        "2021-02-01-bridge",
        **FIRST["2021-02-01-bridge"],
        status="withdrawn",
        withdrawn_reason="The closure was cancelled.",
        withdrawn_date="2023-06-01",
    )
    archive.build()
    withdrawn = ["Withdrawn: Bridge closed to traffic"]
    assert subscriber.reload() == nothing_unread_but(all_atom=withdrawn, all_rss=withdrawn)
    withdrawal_id = "tag:statements.example.org,2026:statement:2021-02-01-bridge#withdrawn-2023-06-01T11:00:00Z"
    title, content = subscriber.readers["feeds/all.atom.xml"].stored(withdrawal_id)
    assert title == "Withdrawn: Bridge closed to traffic"
    assert "withdrawn on 1 June 2023. The closure was cancelled." in content

    # A raised level: in the level-changes feeds, saying from what to what.
    archive.write("2023-09-01-level-critical", **RAISED)
    archive.build()
    raised = [RAISED["title"]]
    assert subscriber.reload() == nothing_unread_but(
        all_atom=raised, all_rss=raised, level_changes_atom=raised, level_changes_rss=raised
    )
    entry = archive.feed("feeds/level-changes.atom.xml").entries[0]
    assert entry.content[0].value.startswith("<p>National threat level when issued: CRITICAL, raised from SEVERE.</p>")

    # That change withdrawn: every feed that told of it tells of its withdrawal.
    archive.write(
        "2023-09-01-level-critical",
        **RAISED,
        status="withdrawn",
        withdrawn_reason="Raised in error.",
        withdrawn_date="2023-09-02",
    )
    archive.build()
    withdrawn = ["Withdrawn: " + RAISED["title"]]
    assert subscriber.reload() == nothing_unread_but(
        all_atom=withdrawn, all_rss=withdrawn, level_changes_atom=withdrawn, level_changes_rss=withdrawn
    )


def entries_of(archive: Archive, name: str) -> dict:
    """The entry of statement ``name`` in the whole archive's Atom, RSS and JSON feeds."""

    def of(entries):
        return next(entry for entry in entries if statement_id(entry["id"]) == name)

    items = json.loads(urllib.request.urlopen(f"{archive.url}/feeds/all.json").read())["items"]
    return {
        "atom": of(archive.feed().entries),
        "rss": of(archive.feed("feeds/all.rss.xml").entries),
        "json": of(items),
    }


class ArchiveWalker:
    """An RFC 5005 client: it reads the subscription document, then follows prev-archive links
    back until it reaches an archive page it has already read (archive pages never change)."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.pages: dict[str, list[str]] = {}  # each archive page read: its entries' ids
        self.statements: set[str] = set()  # the id of every statement it has learnt of

    def poll(self) -> None:
        document = self.archive.feed()
        while True:
            self.statements |= {statement_id(entry.id) for entry in document.entries}
            previous = [link.href for link in document.feed.links if link.rel == "prev-archive"]
            if not previous or previous[0] in self.pages:
                return
            document = self.archive.feed(previous[0].removeprefix(self.archive.url + "/"))
            self.pages[previous[0]] = [entry.id for entry in document.entries]


def statement_id(entry_id: str) -> str:
    """The statement's id in an entry's: an entry of one of its changes adds ``#<change>``."""
    return entry_id.split("#")[0].rpartition(":statement:")[2]


def test_an_archive_walker_that_stops_at_a_page_it_has_read_misses_nothing(archive):
    walker = ArchiveWalker(archive)
    walker.poll()
    written = set(FIRST)
    for added in (1, 30, 60):
        start = len(written)
        for number in range(start, start + added):
            day = datetime.date(2024, 3, 1) + datetime.timedelta(days=number)
            archive.write(f"{day}-notice-{number}", title=f"Notice {number}", date=day.isoformat())
            written.add(f"{day}-notice-{number}")
        read_before = dict(walker.pages)
        archive.build()
        walker.poll()
        assert walker.statements == written
        # A page once linked never gains or loses a statement.
        for url, ids in read_before.items():
            assert [entry.id for entry in archive.feed(url.removeprefix(archive.url + "/")).entries] == ids
    # 96 statements, three a page: 32 full pages (the newest three are also in the subscription document).
    assert len(walker.pages) == 32
