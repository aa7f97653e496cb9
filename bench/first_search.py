"""What a browser with an empty cache downloads to open the search page and make one query.

Used by the benchmark (``run.first_search``) and checked by the test suite on the example
archive; it needs Playwright only, which the tests install, not the benchmark's own packages.
"""

from __future__ import annotations

import re
import time

# Each chunk of the index has its own fragments: /pagefind/<chunk>/fragment/...
RESULT_FRAGMENT = re.compile(r"/pagefind/\d+/fragment/")


def search_downloads(browser, url: str, word: str) -> dict:
    """Open ``url`` in a new context of ``browser``, enter ``word`` in its search field as one query, and count what was downloaded."""
    context = browser.new_context()
    try:
        page = context.new_page()
        finished, pending = [], set()
        page.on("request", lambda request: pending.add(request))
        page.on("requestfinished", lambda request: (pending.discard(request), finished.append(request)))
        page.on("requestfailed", lambda request: pending.discard(request))
        page.goto(url, wait_until="networkidle")
        opening = _transferred(finished)
        # The page's own field, not the site-wide one in the header.
        field = page.locator("main input[type=search], main input[type=text]").first
        field.fill(word)
        _wait_until_quiet(page, pending, finished)
        total = _transferred(finished)
        return {
            "word": word,
            "page_bytes": opening["bytes"],
            "query_bytes": total["bytes"] - opening["bytes"],
            "total_bytes": total["bytes"],
            "requests": total["requests"],
            "pagefind_requests": sum("/pagefind/" in request.url for request in finished),
            "result_fragments": sum(bool(RESULT_FRAGMENT.search(request.url)) for request in finished),
        }
    finally:
        context.close()


def _transferred(requests: list) -> dict:
    """Response headers and (encoded) bodies, as they came over the connection."""
    sizes = [request.sizes() for request in requests]
    return {
        "bytes": sum(size["responseBodySize"] + size["responseHeadersSize"] for size in sizes),
        "requests": len(sizes),
    }


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
