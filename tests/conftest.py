"""Fixtures: a built example archive, a local HTTP server and a real browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from filelock import FileLock

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


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """The folder ``make(folder)`` fills, made once for the whole test session and shared read-only.

    Under pytest-xdist the first worker to ask makes it while the others wait on a file lock, in the
    folder all the session's workers share (pytest-xdist's documented pattern); without xdist, this
    process's own temporary folder.  A ``make`` that fails leaves nothing, and the next to ask tries again.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    folder, done = shared / name, shared / f"{name}.done"
    with FileLock(f"{folder}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example archive, built once a test session with the published settings (tests only read it)."""
    folder = built_once(
        tmp_path_factory,
        "example",
        lambda folder: build(EXAMPLE_CONTENT, folder / "output", "publishconf.py", SITEURL=""),
    )
    return folder / "output"


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
# WCAG 2.2 A and AA, and axe-core's best practices (every part of a page inside a landmark, one main, ...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


# Rules axe-core ships as experimental, so leaves out of a run by tag: label in name (WCAG 2.5.3).
AXE_EXPERIMENTAL_RULES = {"label-content-name-mismatch": {"enabled": True}}


def axe_violations(page) -> list[dict]:
    """axe-core's violations (WCAG 2.2 A and AA, best practices) on the page as it is now, label in name included."""
    if not page.evaluate("typeof axe !== 'undefined'"):  # once a visit, however many runs
        page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "([tags, rules]) => axe.run(document, {runOnly: {type: 'tag', values: tags}, rules})",
        [AXE_TAGS, AXE_EXPERIMENTAL_RULES],
    )
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]]
