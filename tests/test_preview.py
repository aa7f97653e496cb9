"""The preview (make devserver, make serve): real servers on free ports, real saves, real clients polling."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from bench.preview import latency as preview_latency
from plugins.preview.server import Preview, make_server
from tests.conftest import axe_violations
from tests.support import ROOT, statement_text, write_statement

STATEMENT_URL = "/statements/2020/05/appeal/"
HIGH_LEVEL = "content/statements/2020/2020-05-04-appeal.md:4: threat_level: 'HIGH' is not a national threat level (one of LOW, MODERATE, SUBSTANTIAL, SEVERE, CRITICAL, in any letter case)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    """The status and text of ``url``; (0, "") while nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except OSError:
        return 0, ""


def wait_for(condition, seconds: float = 60):
    """Poll ``condition`` until it returns something true (a generous limit: the machine may be busy)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.05)
    raise AssertionError("timed out")


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: str = ""

    def text(self, path: str) -> str:
        return fetch(self.url + path)[1]

    def text_with(self, path: str, words: str) -> str | None:
        """The page at ``path`` once it has ``words``, else None."""
        text = self.text(path)
        return text if words in text else None

    def status(self, path: str = "/") -> dict:
        return json.loads(self.text(f"/__preview__/status?path={path}"))


@contextlib.contextmanager
def running(target: str, content: Path, output: Path, port: int | None = None) -> Iterator[Server]:
    """``make target`` serving ``content`` until the block ends; its terminal output is then in ``log``."""
    port = port or free_port()
    process = subprocess.Popen(
        ["make", "-s", target, f"CONTENT={content}", f"OUTPUT={output}", f"PORT={port}"],
        cwd=content.parent,
        env={**os.environ, "MAKEFLAGS": ""},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: the test stops make, the server and Pagefind at once
    )
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        wait_for(lambda: fetch(server.url + "/")[0] == 200)
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        server.log = process.communicate(timeout=30)[0]


@pytest.fixture
def workspace(content: Path) -> Path:
    """A content folder with one statement, in a folder whose Makefile is the project's."""
    (content.parent / "Makefile").symlink_to(ROOT / "Makefile")
    for name in (".venv", "plugins", "pelicanconf.py", "publishconf.py", "theme", "requirements.txt"):
        (content.parent / name).symlink_to(ROOT / name)
    write_statement(content, "2020-05-04-appeal", title="First title")
    return content


def save(content: Path, by_rename: bool = False, **fields) -> None:
    """Save the statement as an editor does: in place, or (``by_rename``) by renaming a new file over it."""
    path = content / "statements" / "2020" / "2020-05-04-appeal.md"
    written = path.with_name(".appeal.md.swp") if by_rename else path
    written.write_text(statement_text(**fields), encoding="utf-8")
    written.replace(path)


def test_a_save_is_served_a_broken_save_keeps_the_last_good_page_and_says_why(workspace, tmp_path):
    with running("devserver", workspace, tmp_path / "output") as server:
        assert "First title" in server.text(STATEMENT_URL)

        save(workspace, title="Second title")
        first_served = wait_for(lambda: server.text_with(STATEMENT_URL, "Second title"))
        wait_for(lambda: not server.status(STATEMENT_URL)["building"])
        assert server.text(STATEMENT_URL) == first_served  # the page shown at once is the full build's, byte for byte

        save(workspace, title="Broken title", threat_level="HIGH")
        assert wait_for(lambda: server.status(STATEMENT_URL)["problems"]) == [HIGH_LEVEL]
        assert "Second title" in server.text(STATEMENT_URL)

        save(workspace, by_rename=True, title="Third title")
        wait_for(lambda: "Third title" in server.text(STATEMENT_URL))
        wait_for(lambda: not server.status(STATEMENT_URL)["building"])
        assert server.status(STATEMENT_URL)["problems"] == []
        on_disk = (tmp_path / "output" / "statements/2020/05/appeal/index.html").read_text(encoding="utf-8")
    assert "Third title" in on_disk and "__preview__" not in on_disk  # the build's files never have the script
    assert HIGH_LEVEL in server.log.splitlines()  # the terminal shows the problem on one whole line


def test_a_new_statement_appears_after_the_full_build(workspace, tmp_path):
    with running("devserver", workspace, tmp_path / "output") as server:
        write_statement(workspace, "2020-05-06-added", title="Added statement", date="2020-05-06")
        wait_for(lambda: "Added statement" in server.text("/statements/2020/05/added/"))
        assert "Added statement" in server.text("/statements/")


@pytest.mark.browser
def test_the_open_page_reloads_itself_and_shows_a_saves_problems(workspace, tmp_path, browser):
    with running("devserver", workspace, tmp_path / "output") as server:
        tab = browser.new_page()
        try:
            tab.goto(server.url + STATEMENT_URL)
            save(workspace, title="Broken title", threat_level="HIGH")
            notice = tab.get_by_role("alert")
            notice.wait_for(timeout=60_000)
            assert HIGH_LEVEL in notice.inner_text()
            assert "First title" in tab.title()

            save(workspace, title="Second title")
            expect(tab).to_have_title(re.compile("Second title"), timeout=60_000)
            assert tab.get_by_role("alert").count() == 0
        finally:
            tab.close()


@pytest.mark.browser
def test_the_problems_notice_passes_axe(workspace, tmp_path, browser):
    with running("devserver", workspace, tmp_path / "output") as server:
        context = browser.new_context(bypass_csp=True)  # axe is injected as a script
        tab = context.new_page()
        try:
            tab.goto(server.url + STATEMENT_URL)
            save(workspace, title="Broken title", threat_level="HIGH")
            tab.get_by_role("alert").wait_for(timeout=60_000)
            assert axe_violations(tab) == []
        finally:
            context.close()


def test_serve_answers_a_missing_page_with_the_404_page(workspace, tmp_path):
    with running("serve", workspace, tmp_path / "output") as server:
        status, text = fetch(server.url + "/statements/2020/05/no-such-statement/")
        index = server.text("/")
    not_found = BeautifulSoup((tmp_path / "output" / "404.html").read_bytes(), "lxml")
    assert (status, BeautifulSoup(text, "lxml").h1) == (404, not_found.h1)
    assert "First title" in index


def test_a_building_page_answers_until_the_first_build_is_done(tmp_path):
    output = tmp_path / "output"
    preview = Preview(output)
    server = make_server(preview, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    try:
        status, text = fetch(url)
        assert (status, "<h1>Building the preview…</h1>" in text, "/__preview__/reload.js" in text) == (503, True, True)
        output.mkdir()
        (output / "index.html").write_text("<html><head></head><body>The archive</body></html>", encoding="utf-8")
        preview.build_finished(started=time.time(), problems=[])
        status, text = fetch(url)
        assert (status, "The archive" in text) == (200, True)
    finally:
        server.shutdown()
        server.server_close()


def test_a_port_in_use_stops_with_a_message_saying_how_to_choose_another(workspace, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            ["make", "-s", "devserver", f"CONTENT={workspace}", f"OUTPUT={tmp_path / 'output'}", f"PORT={port}"],
            cwd=workspace.parent,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode != 0
    assert f"port {port} is already in use" in result.stderr
    assert f"make devserver PORT={port + 1}" in result.stderr


def test_the_published_build_has_no_preview_script(example_site):
    pages = list(example_site.rglob("*.html"))
    assert pages
    assert [page for page in pages if "__preview__" in page.read_text(encoding="utf-8")] == []


def test_the_benchmark_measures_a_save_and_puts_the_statement_back(workspace):
    path = workspace / "statements" / "2020" / "2020-05-04-appeal.md"
    before = path.read_bytes()
    measured = preview_latency(workspace, runs=1)
    assert measured["statements"] == 1
    assert measured["save_served_seconds"] > 0 and measured["whole_site_rebuilt_seconds"] > 0
    assert path.read_bytes() == before
