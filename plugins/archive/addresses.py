"""Where a statement is: its URL and the file it is written to, each from the one pattern that sets it.

``ARTICLE_URL`` and ``ARTICLE_SAVE_AS`` (settings) are formatted with the statement's ``slug`` and
``date``, as Pelican formats them; the ledger, aliases, address checks, the parse-time check for
two statements at one address and the preview all ask here.
"""

from __future__ import annotations

from .schema import Settings, Statement


def statement_url(statement: Statement, settings: Settings) -> str:
    """Its site-relative URL."""
    return settings["ARTICLE_URL"].format(slug=statement.slug, date=statement.date)


def statement_file(statement: Statement, settings: Settings) -> str:
    """The file its page is written to, relative to the output folder."""
    return settings["ARTICLE_SAVE_AS"].format(slug=statement.slug, date=statement.date)


def page_file(url: str) -> str:
    """The file a site-relative URL is served from: ``a/b/`` and ``a/b`` are ``a/b/index.html``."""
    url = url.strip("/")
    return url if url.endswith((".html", ".htm")) else f"{url}/index.html".lstrip("/")
