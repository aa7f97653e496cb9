"""Links and requests stay inside the site: no broken internal link or anchor anywhere in the built
example archive, and no page asks any other host for anything."""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

# Every attribute through which a page links to or loads another resource.
LINKING_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "form": "action"}
NOT_FETCHED = ("mailto:", "tel:", "data:")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def url_of(site: Path, page: Path) -> str:
    """The site-relative URL a page is served at: /statements/ for statements/index.html."""
    relative = page.relative_to(site).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def internal_links(site: Path, page: Path, soup: BeautifulSoup) -> list[str]:
    """Every link on the page to this site, resolved against the page's URL (external ones are left out)."""
    resolved = []
    for tag_name, attribute in LINKING_ATTRIBUTES.items():
        for tag in soup.find_all(tag_name, attrs={attribute: True}):
            target = tag[attribute]
            if target.startswith(NOT_FETCHED) or urlsplit(target).netloc:
                continue
            resolved.append(urljoin(url_of(site, page), target))
    return resolved


def file_for(site: Path, path: str) -> Path:
    """The file a web server sends for a URL path: folders are served by their index.html."""
    target = site / unquote(path).lstrip("/")
    return target / "index.html" if path.endswith("/") else target


@functools.cache
def anchors(page: Path) -> frozenset[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    return frozenset(tag["id"] for tag in soup.find_all(id=True)) | {
        a["name"] for a in soup.find_all("a", attrs={"name": True})
    }


def broken_links(site: Path) -> list[str]:
    broken = []
    for page in html_pages(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for link in internal_links(site, page, soup):
            path, _, fragment = link.partition("#")
            target = file_for(site, urlsplit(path).path)
            if not target.is_file():
                broken.append(f"{url_of(site, page)}: {link} (no {target.relative_to(site)})")
            elif fragment and target.suffix == ".html" and unquote(fragment) not in anchors(target):
                broken.append(f"{url_of(site, page)}: {link} (no id {fragment!r})")
    return broken


def test_no_broken_internal_links_or_anchors(example_site):
    assert len(html_pages(example_site)) > 50, "the example archive was not built in full"
    assert broken_links(example_site) == []


def test_the_link_check_finds_a_missing_page_and_a_missing_anchor(tmp_path):
    (tmp_path / "there").mkdir()
    (tmp_path / "there" / "index.html").write_text('<h1 id="top">There</h1>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="/there/#top">ok</a> <a href="there/#nowhere">x</a> <a href="/gone/">y</a>'
        ' <a href="https://elsewhere.example/">z</a> <a href="mailto:a@example.org">m</a>',
        encoding="utf-8",
    )
    assert broken_links(tmp_path) == ["/: /there/#nowhere (no id 'nowhere')", "/: /gone/ (no gone/index.html)"]


@pytest.mark.browser
def test_no_page_requests_anything_from_another_host(example_site, example_url, browser):
    """Open every page (and a search, when the search page exists), recording each request."""
    paths = [url_of(example_site, page) for page in html_pages(example_site)]
    requests = []
    context = browser.new_context()
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    for path in paths:
        page.goto(example_url + path)
    if (example_site / "search" / "index.html").exists():
        # A search fetches the index as it runs: wait until it has stopped fetching.
        page.goto(example_url + "/search/?q=arrests", wait_until="networkidle")
    context.close()
    local = urlsplit(example_url).netloc
    elsewhere = {url for url in requests if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != local}
    assert len(requests) >= len(paths)
    assert elsewhere == set()
