"""WebSub: every feed names its hubs, and ``make notify`` makes a real hub push a changed feed to its subscribers.

The hub is flask-websub's, on 127.0.0.1 inside the test (its tasks run at once through
celery's eager mode); the site is served by nginx with the deploy snippet, which gives
the feeds the Link header the hub checks; the subscriber is a small receiver on another
loopback port.  The command runs as a deploy runs it, in a process of its own.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from celery import Celery
from flask import Flask
from flask_websub.hub import Hub, SQLite3HubStorage
from werkzeug.serving import make_server

from plugins.alerts.notify import main as notify_main
from tests.conftest import WholeFileHandler, serve
from tests.support import ROOT, build, run_main, serve_in_thread, write_statement
from tests.test_security import HEADERS_FILE, header_rules, running_nginx

HUB_PATH = "/hub"
LEVEL_CHANGES = "feeds/level-changes.atom.xml"


def hub_app(folder: Path, publish: bool) -> Flask:
    """flask-websub's hub; ``publish`` allows hub.mode=publish, which flask-websub refuses by default."""
    tasks = Celery("hub")
    tasks.conf.task_always_eager = True
    tasks.conf.task_eager_propagates = True
    hub = Hub(SQLite3HubStorage(str(folder / "hub.sqlite3")), tasks, REQUEST_TIMEOUT=10)
    app = Flask("hub")
    app.config["PUBLISH_SUPPORTED"] = publish
    app.register_blueprint(hub.build_blueprint(url_prefix=HUB_PATH))
    return app


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[str]:
    for base in serve_in_thread(make_server("127.0.0.1", 0, hub_app(tmp_path, publish=True), threaded=True)):
        yield base + HUB_PATH


class Receiver(http.server.BaseHTTPRequestHandler):
    """A subscriber's callback: confirms its subscription, and keeps each pushed body with its headers."""

    received: list[tuple[dict[str, str], bytes]]

    def do_GET(self) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        challenge = query["hub.challenge"][0].encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(challenge)))
        self.end_headers()
        self.wfile.write(challenge)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def subscriber() -> Iterator[tuple[str, list]]:
    received: list = []
    handler = type("Subscriber", (Receiver,), {"received": received})
    for base in serve_in_thread(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)):
        yield base + "/callback", received


def subscribe(hub: str, topic: str, callback: str) -> None:
    form = {"hub.mode": "subscribe", "hub.topic": topic, "hub.callback": callback}
    with urllib.request.urlopen(hub, data=urllib.parse.urlencode(form).encode()) as response:
        assert response.status == 202


NOTIFY = ["--settings", "publishconf.py", "--output"]


def notify(output: Path) -> subprocess.CompletedProcess:
    """``make notify``'s command as a deploy runs it (the published settings, this output), in this process."""
    return run_main(notify_main, *NOTIFY, output)


# --- the feeds name their hubs ------------------------------------------------------------------

HUBS = ["https://hub.example.org/", "https://websub.example.net/hub"]


@pytest.fixture(scope="module")
def hubbed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("hubbed") / "content"
    write_statement(content, "2020-01-06-first", date="2020-01-06", threat_level="SUBSTANTIAL")
    write_statement(content, "2020-03-02-raised", date="2020-03-02", threat_level="SEVERE")
    return build(content, content.parent / "output", "publishconf.py", WEBSUB_HUBS=HUBS)


def test_atom_feeds_name_each_hub_and_themselves(hubbed):
    for path in (LEVEL_CHANGES, "feeds/all.atom.xml", "alerts/index.atom.xml"):
        feed = BeautifulSoup((hubbed / path).read_bytes(), "xml").feed
        assert [link["href"] for link in feed.find_all("link", rel="hub", recursive=False)] == HUBS, path
        assert feed.find("link", rel="self", recursive=False)["href"] == f"https://statements.example.org/{path}"


def test_rss_feeds_name_each_hub_and_themselves_in_atom_links(hubbed):
    channel = BeautifulSoup((hubbed / "feeds" / "level-changes.rss.xml").read_bytes(), "xml").channel
    links = {(link["rel"], link["href"]) for link in channel.find_all("atom:link", recursive=False)}
    self_url = "https://statements.example.org/feeds/level-changes.rss.xml"
    assert links == {("self", self_url), *(("hub", hub) for hub in HUBS)}
    assert not feedparser.parse((hubbed / "feeds" / "level-changes.rss.xml").read_bytes()).bozo


def test_the_json_feed_names_each_hub(hubbed):
    feed = json.loads((hubbed / "feeds" / "all.json").read_text(encoding="utf-8"))
    assert feed["hubs"] == [{"type": "WebSub", "url": hub} for hub in HUBS]


def test_without_hubs_no_feed_names_one_and_no_manifest_is_written(example_site):
    assert b'rel="hub"' not in (example_site / LEVEL_CHANGES).read_bytes()
    assert "hubs" not in json.loads((example_site / "feeds" / "all.json").read_text(encoding="utf-8"))
    assert not (example_site / "websub-topics.json").exists()


def test_the_hosts_headers_file_sends_each_feed_with_the_link_header_websub_requires(hubbed):
    written = (hubbed / "_headers").read_text(encoding="utf-8")
    assert written.startswith(HEADERS_FILE.read_text(encoding="utf-8"))  # the deploy rules, then the feeds'
    rules = header_rules(written)
    topics = json.loads((hubbed / "websub-topics.json").read_text(encoding="utf-8"))["topics"]
    for topic in topics:
        path = topic.removeprefix("https://statements.example.org")
        hubs = ", ".join(f'<{hub}>; rel="hub"' for hub in HUBS)
        assert rules[path] == {"Link": f'{hubs}, <{topic}>; rel="self"'}, path


def test_a_headers_file_past_cloudflare_pages_limit_is_a_warning(tmp_path, caplog):
    # Two statements of 24 tags each: 96 feeds of tags, and the others, past 100 rules.
    for first, day in ((0, "2020-01-06"), (24, "2020-01-07")):
        tags = [f"Tag {number}" for number in range(first, first + 24)]
        write_statement(tmp_path / "content", f"{day}-statement-{first}", date=day, tags=tags)
    output = build(tmp_path / "content", tmp_path / "output", "publishconf.py", WEBSUB_HUBS=HUBS)
    rules = len(header_rules((output / "_headers").read_text(encoding="utf-8")))
    assert rules > 100
    (warning,) = [record.getMessage() for record in caplog.records if "Cloudflare Pages" in record.getMessage()]
    assert warning.startswith(f"_headers has {rules} rules with the feeds' Link headers: Cloudflare Pages reads only")


class HeadersFileHost(WholeFileHandler):
    """A host that sends the headers of the output's ``_headers`` rule for exactly the path asked (as Netlify does)."""

    def end_headers(self) -> None:
        rules = header_rules((Path(self.directory) / "_headers").read_text(encoding="utf-8"))
        for name, value in rules.get(urllib.parse.urlsplit(self.path).path, {}).items():
            self.send_header(name, value)
        super().end_headers()


def test_the_manifest_lists_every_feed_with_the_digest_of_its_bytes(hubbed):
    manifest = json.loads((hubbed / "websub-topics.json").read_text(encoding="utf-8"))
    assert manifest["hubs"] == HUBS
    topics = manifest["topics"]
    assert f"https://statements.example.org/{LEVEL_CHANGES}" in topics
    assert "https://statements.example.org/alerts/index.atom.xml" in topics
    assert "https://statements.example.org/feeds/all.json" in topics
    assert (
        topics[f"https://statements.example.org/{LEVEL_CHANGES}"]
        == hashlib.sha256((hubbed / LEVEL_CHANGES).read_bytes()).hexdigest()
    )


# --- end to end through a real hub ---------------------------------------------------------------


def test_a_raised_level_reaches_a_subscriber_through_the_hub_after_make_notify(hub, subscriber, tmp_path):
    callback, received = subscriber
    content, output = tmp_path / "content", tmp_path / "site" / "output"
    output.parent.mkdir()
    hub_line = f'set $archive_websub_hub "{hub}";'
    with running_nginx(output, tmp_path, hub_line) as site:
        topic = f"{site}/{LEVEL_CHANGES}"
        write_statement(content, "2020-01-06-first", date="2020-01-06", threat_level="SUBSTANTIAL", title="First")
        build(content, output, "publishconf.py", SITEURL=site, WEBSUB_HUBS=[hub])
        first = notify(output)
        assert first.returncode == 0, first.stdout + first.stderr
        subscribe(hub, topic, callback)
        assert received == []  # subscribing confirms the callback; nothing is pushed yet

        write_statement(content, "2020-03-02-raised", date="2020-03-02", threat_level="SEVERE", title="Level raised")
        build(content, output, "publishconf.py", SITEURL=site, WEBSUB_HUBS=[hub])
        second = notify(output)
        again = notify(output)

    assert second.returncode == 0, second.stdout + second.stderr
    announced, changed = map(int, second.stdout.split("notify: ")[1].split(" changed")[0].split(" of "))
    assert announced == changed
    total = len(json.loads((output / "websub-topics.json").read_text(encoding="utf-8"))["topics"])
    assert 0 < changed < total  # only the feeds whose bytes changed: the category's, for one, did not
    assert again.stdout == "notify: no feed changed since the last announcement\n"
    assert again.returncode == 0

    ((headers, body),) = received
    assert body == (output / LEVEL_CHANGES).read_bytes()
    assert f'<{hub}>; rel="hub"' in headers["Link"] and f'<{topic}>; rel="self"' in headers["Link"]
    pushed = feedparser.parse(body)
    assert [entry.title for entry in pushed.entries] == ["Level raised"]
    assert "raised from SUBSTANTIAL" in pushed.entries[0].content[0].value


def test_notify_refuses_a_site_without_the_link_header_then_a_hub_down_or_refusing_is_one_line_each(tmp_path):
    refusing = hub_app(tmp_path, publish=False)  # flask-websub's default: hub.mode=publish is refused
    output = tmp_path / "output"
    output.mkdir()
    record = tmp_path / "output.websub-announced.json"
    for refusing_url in serve_in_thread(make_server("127.0.0.1", 0, refusing, threaded=True)):
        for site in serve(output, HeadersFileHost):
            down = "http://127.0.0.1:9/hub"  # the discard port: nothing listens there
            hubs = [down, refusing_url + HUB_PATH]
            write_statement(tmp_path / "content", "2020-01-06-first", date="2020-01-06")
            build(tmp_path / "content", output, "publishconf.py", SITEURL=site, WEBSUB_HUBS=hubs)
            # First served with the deploy rules alone, as a host that cannot send the feeds' Link header.
            with_links = (output / "_headers").read_bytes()
            (output / "_headers").write_bytes(HEADERS_FILE.read_bytes())
            unlinked = notify(output)
            recorded = record.exists()
            (output / "_headers").write_bytes(with_links)
            result = notify(output)

    assert (unlinked.returncode, unlinked.stdout) == (1, "")
    (line,) = unlinked.stderr.splitlines()
    assert line.startswith(f"notify: {site}/")
    missing = ", ".join(f'rel="hub" naming {hub}' for hub in hubs)
    assert f'is served without the Link header WebSub requires ({missing}, rel="self" naming itself)' in line
    assert "deploy/_headers (Netlify, Cloudflare Pages)" in line and "GitHub Pages cannot" in line
    assert not recorded  # so the next run, once the host sends it, announces every feed

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith(f"notify: {down}: ") and "cannot reach it (" in lines[0]
    assert lines[1].startswith(f"notify: {hubs[1]}: ")
    assert f"refused HTTP 400 for {site}/" in lines[1]
    assert "Invalid hub.mode" in lines[1]
    assert "Traceback" not in result.stderr
    # Nothing was announced everywhere, so the next run tries every feed again.
    assert json.loads(record.read_text(encoding="utf-8")) == {}


def test_notify_without_a_built_site_or_a_hub_says_so_in_one_line(tmp_path):
    command = [sys.executable, "-m", "plugins.alerts.notify", *NOTIFY, str(tmp_path / "never-built")]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)  # the command itself
    assert (result.returncode, result.stdout) == (0, "notify: WEBSUB_HUBS names no hub: nothing to announce\n")
