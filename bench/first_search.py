"""What a browser with an empty cache downloads to open the search page and make one query, and how soon results show.

Used by the benchmark (``run.first_search``) and checked by the test suite on the example
archive; it needs Playwright only, which the tests install, not the benchmark's own packages.
"""

from __future__ import annotations

import gzip
import time

RESULT_FRAGMENT = "/pagefind/fragment/"
# Milliseconds between keys when the latency measure types a query, as a quick typist does.
KEY_DELAY_MS = 100

# Set on the page before typing: when the last key went down and when the status line last changed
# (the page announces the count once the first page of results is shown).
_WATCH_KEYS_AND_STATUS = """() => {
  window.lastKey = 0; window.statusChanged = 0;
  document.addEventListener("keydown", () => { window.lastKey = performance.now(); }, true);
  new MutationObserver(() => { window.statusChanged = performance.now(); })
    .observe(document.getElementById("search-status"), { childList: true, characterData: true, subtree: true });
}"""


def search_downloads(browser, url: str, query: str | None) -> dict:
    """Open ``url`` in a new context of ``browser``, enter ``query`` in its search field at once, and count what was downloaded.

    With ``query`` None, ``url`` has filters and no words in its address, and the page searches as it opens.
    """
    context = browser.new_context()
    try:
        page = context.new_page()
        finished, pending = [], set()
        page.on("request", lambda request: pending.add(request))
        page.on("requestfinished", lambda request: (pending.discard(request), finished.append(request)))
        page.on("requestfailed", lambda request: pending.discard(request))
        page.goto(url, wait_until="networkidle")
        opening = _transferred(finished)
        if query is not None:
            _search_field(page).fill(query)
        _wait_until_quiet(page, pending, finished)
        total = _transferred(finished)
        return {
            "query": query,
            "page_bytes": opening["bytes"],
            "query_bytes": total["bytes"] - opening["bytes"],
            "total_bytes": total["bytes"],
            "page_gzip_bytes": opening["gzip_bytes"],
            "total_gzip_bytes": total["gzip_bytes"],
            "requests": total["requests"],
            "pagefind_requests": sum("/pagefind/" in request.url for request in finished),
            "result_fragments": sum(RESULT_FRAGMENT in request.url for request in finished),
        }
    finally:
        context.close()


def typing_latency(browser, url: str, queries: list[str]) -> list[dict]:
    """Milliseconds from the last key of each query, typed in turn into one page, to its results shown.

    The page is opened with an empty cache and each query typed key by key (``KEY_DELAY_MS``), so
    the first includes loading Pagefind.  Measured in the page (``performance.now``): the last
    ``keydown`` to the status line's announcement, which the page makes once the results are shown.
    """
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        page.evaluate(_WATCH_KEYS_AND_STATUS)
        field = _search_field(page)
        measured = []
        for query in queries:
            field.fill("")
            page.wait_for_timeout(500)  # the empty query's own (empty) answer comes first
            field.press_sequentially(query, delay=KEY_DELAY_MS, timeout=0)  # a busy machine types slowly
            page.wait_for_function(
                "(query) => document.getElementById('search-status').textContent.includes(`“${query}”`)", arg=query
            )
            shown, last_key = page.evaluate("[window.statusChanged, window.lastKey]")
            measured.append({"query": query, "milliseconds": round(shown - last_key, 1)})
        return measured
    finally:
        context.close()


def _search_field(page):
    """The page's own field, not the site-wide one in the header."""
    return page.locator("main input[type=search], main input[type=text]").first


def _transferred(requests: list) -> dict:
    """Response headers and bodies as they came over the connection, and as gzip would send them.

    The gzip figure counts each body compressed (level 6) when that makes it smaller, as a static
    host compressing its responses sends it; Pagefind's index files are compressed already.
    """
    sizes = [request.sizes() for request in requests]
    headers = sum(size["responseHeadersSize"] for size in sizes)
    return {
        "bytes": headers + sum(size["responseBodySize"] for size in sizes),
        "gzip_bytes": headers + sum(_gzip_size(request) for request in requests),
        "requests": len(sizes),
    }


def _gzip_size(request) -> int:
    response = request.response()
    body = response.body() if response else b""
    return min(len(body), len(gzip.compress(body, 6)))


def _wait_until_quiet(page, pending: set, finished: list, quiet_seconds: float = 1.0, limit: float = 20) -> None:
    """Wait until no request has been in flight for ``quiet_seconds`` (Playwright delivers events while waiting)."""
    deadline = time.monotonic() + limit
    count, quiet_since = len(finished), time.monotonic()
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        if pending or len(finished) != count:
            count, quiet_since = len(finished), time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_seconds:
            return
