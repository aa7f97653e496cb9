"""Security: the Content-Security-Policy of every page, the deploy headers, the site served by nginx.

The example archive is served by Debian's nginx with ``deploy/nginx/security-headers.conf``,
and a real browser visits every page type through it, recording each CSP violation.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import pwd
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.support import ROOT

NGINX = "/usr/sbin/nginx"
NGINX_SNIPPET = ROOT / "deploy" / "nginx" / "security-headers.conf"
HEADERS_FILE = ROOT / "deploy" / "_headers"

# The policies as the issue states them, written out here rather than read from the plugin.
STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
WITH_WASM = STRICT.replace("script-src 'self';", "script-src 'self' 'wasm-unsafe-eval';")
FRAME_ANCESTORS = "; frame-ancestors 'none'"
OTHER_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
    ),
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
SEARCH_PAGE = "search/index.html"


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# Every page's own policy


def test_every_page_carries_the_strict_policy_before_anything_it_governs(example_site):
    for path in html_pages(example_site):
        name = str(path.relative_to(example_site))
        head = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").head
        policies = head.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert len(policies) == 1, name
        assert policies[0]["content"] == (WITH_WASM if name == SEARCH_PAGE else STRICT), name
        elements = head.find_all(True)
        governed = [e for e in elements if e.name in ("script", "style", "link")]
        assert not governed or elements.index(governed[0]) > elements.index(policies[0]), name


def test_no_page_has_inline_code_or_styles(example_site):
    """What the policy would block, found in the files: no page relies on the browser refusing it."""
    for path in html_pages(example_site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        name = str(path.relative_to(example_site))
        inline = [script for script in soup.find_all("script") if not script.get("src")]
        # JSON-LD is data that the browser never runs, so the policy does not govern it.
        assert [script for script in inline if script.get("type") != "application/ld+json"] == [], name
        assert soup.find_all("style") == [], name
        for element in soup.find_all(True):
            attributes = {attribute.lower() for attribute in element.attrs}
            assert "style" not in attributes, f"{name}: {element.name} has a style attribute"
            assert not [a for a in attributes if a.startswith("on")], f"{name}: {element.name} has an event handler"
            for link in (element.get("href"), element.get("src"), element.get("action")):
                assert not (link or "").strip().lower().startswith(("javascript:", "data:")), f"{name}: {link}"


# Deploy configuration


def header_rules(text: str) -> dict[str, dict[str, str]]:
    """The rules of a ``_headers`` file: path -> {header: value} (a path line, then indented lines)."""
    rules: dict[str, dict[str, str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = rules.setdefault(line.strip(), {})
        else:
            name, value = line.strip().split(":", 1)
            current[name] = value.strip()
    return rules


def test_the_headers_file_sets_every_header_on_every_path_and_ships_in_the_output(example_site):
    rules = header_rules(HEADERS_FILE.read_text(encoding="utf-8"))
    # One rule sets them: Cloudflare Pages would send two policies for overlapping rules, and both apply.
    # (The alerts plugin's rules add CORS to the feeds: tests/test_alerts.py.)
    assert rules["/*"] == {"Content-Security-Policy": WITH_WASM + FRAME_ANCESTORS, **OTHER_HEADERS}
    assert not [rule for path, rule in rules.items() if path != "/*" and "Content-Security-Policy" in rule]
    assert (example_site / "_headers").read_bytes() == HEADERS_FILE.read_bytes()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


NGINX_CONF = """\
user {user};
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include {snippet};
        {extra}
    }}
}}
"""


@contextlib.contextmanager
def running_nginx(site: Path, folder: Path, server_lines: str = "") -> Iterator[str]:
    """``site`` served by Debian's nginx with the repository's snippet (and ``server_lines``); the base URL."""
    port = free_port()
    config = folder / "nginx.conf"
    user = pwd.getpwuid(os.geteuid()).pw_name  # workers must read the build, which lies in a private folder
    config.write_text(
        NGINX_CONF.format(user=user, folder=folder, port=port, site=site, snippet=NGINX_SNIPPET, extra=server_lines),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(config), "-g", "daemon off;"]
    )
    try:
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            assert process.poll() is None, (folder / "error.log").read_text(encoding="utf-8")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait()


@pytest.fixture(scope="module")
def nginx(example_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example archive served by Debian's nginx with the repository's snippet; yields the base URL."""
    with running_nginx(example_site, tmp_path_factory.mktemp("nginx")) as base:
        yield base


def fetch(base: str, path: str) -> http.client.HTTPResponse:
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port))
    connection.request("GET", path)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@pytest.mark.parametrize(
    ("path", "status", "policy"),
    [
        ("/statements/2015/01/npcc-security-posture-statement/", 200, STRICT),
        ("/feeds/all.atom.xml", 200, STRICT),
        ("/no/such/page/", 404, STRICT),
        ("/search/", 200, WITH_WASM),
    ],
)
def test_nginx_sends_every_security_header(nginx, path, status, policy):
    response = fetch(nginx, path)
    assert response.status == status
    assert response.getheader("Content-Security-Policy") == policy + FRAME_ANCESTORS
    for name, value in OTHER_HEADERS.items():
        assert response.getheader(name) == value, name


def test_nginx_serves_the_archives_own_404_page(nginx, example_site):
    response = fetch(nginx, "/no/such/page/")
    assert response.status == 404
    assert response.body == (example_site / "404.html").read_bytes()


def test_nginx_serves_security_txt_as_utf8_text(nginx, example_site):
    response = fetch(nginx, "/.well-known/security.txt")
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/plain; charset=utf-8"
    assert response.body.decode("utf-8").startswith("# How to report a security problem")
    assert re.search(r"^Contact: mailto:\S+@\S+$", response.body.decode("utf-8"), re.MULTILINE)


# The browser: no violation on any page type, search working

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
});
"""
PAGE_TYPES = {
    "home": "/",
    "statement": "/statements/2015/01/npcc-security-posture-statement/",
    "listing": "/statements/",
    "listing, second page": "/statements/page/2/",
    "year": "/statements/2018/",
    "category": "/categories/counter-terrorism/",
    "tags": "/tags/",
    "tag": "/tags/paris/",
    "threat levels": "/threat-levels/",
    "threat level": "/threat-levels/severe/",
    "about": "/about/",
    "feeds": "/feeds/",
    "search with results": "/search/?q=Ashbridge",
    "404": "/no/such/page/",
}


@pytest.mark.browser
def test_no_page_type_violates_the_policy_and_search_works(browser, nginx):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    context.add_init_script(RECORD_VIOLATIONS)
    problems = {}
    for kind, path in PAGE_TYPES.items():
        page = context.new_page()
        console = []
        page.on("console", lambda message, console=console: console.append(message))
        page.goto(nginx + path)
        if kind == "search with results":
            page.wait_for_selector("#search-results li a[href*='ashbridge']")
        found = page.evaluate("window.cspViolations") + [
            f"console {message.type}: {message.text}"
            for message in console
            if message.type in ("error", "warning") and not is_expected_404(message, nginx + path)
        ]
        if found:
            problems[kind] = found
        page.close()
    context.close()
    assert problems == {}


def is_expected_404(message, url: str) -> bool:
    """The 404 page's own status (every page names its own icon, so browsers ask for no favicon.ico)."""
    return "status of 404" in message.text and message.location.get("url", "") == url
