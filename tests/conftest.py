"""Fixtures: a built example archive, a local HTTP server and a real browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import EXAMPLE_CONTENT, ROOT, build, serve_in_thread

# Every build of a test session, in this process or another, takes the same date (reproducible builds).
os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(time.time())))

CHROMIUM = "/usr/bin/chromium"
# Chromium runs as root here with no network: these flags stop it waiting on connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example archive, built once with the published settings."""
    return build(EXAMPLE_CONTENT, tmp_path_factory.mktemp("example") / "output", "publishconf.py", SITEURL="")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """An empty content folder with a pages folder, for tests that write their own statements."""
    folder = tmp_path / "content"
    (folder / "pages").mkdir(parents=True)
    return folder


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class WholeFileHandler(_QuietHandler):
    """Sends no Last-Modified and never 304 Not Modified: two builds within one second give a changed file
    the same Last-Modified (whole seconds), and a feed reader would take it for the file it has."""

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        if parsed:
            del self.headers["If-Modified-Since"]
        return parsed

    def send_header(self, keyword: str, value: str) -> None:
        if keyword != "Last-Modified":
            super().send_header(keyword, value)


def serve(folder: Path, handler_class: type = _QuietHandler) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 on a free port; yields the base URL."""
    handler = functools.partial(handler_class, directory=str(folder))
    yield from serve_in_thread(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler))


@pytest.fixture(scope="session")
def example_url(example_site: Path) -> Iterator[str]:
    yield from serve(example_site)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives chromium, through any fixture, carries the ``browser`` marker (``-m "not browser"``)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    assert shutil.which(CHROMIUM), "chromium is missing: run scripts/system-deps (make test does)"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


# Rules axe-core ships as experimental, so leaves out of a run by tag: label in name (WCAG 2.5.3).
AXE_EXPERIMENTAL_RULES = {"label-content-name-mismatch": {"enabled": True}}


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it is now, label in name included."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "([tags, rules]) => axe.run(document, {runOnly: {type: 'tag', values: tags}, rules})",
        [WCAG_TAGS, AXE_EXPERIMENTAL_RULES],
    )
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]]
