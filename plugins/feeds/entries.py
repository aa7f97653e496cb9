"""One feed entry per statement: what Atom, RSS and JSON Feed all say about it."""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import lxml.html.defs

from plugins.statements.schema import Statement

Article = Any  # a Pelican Article carrying ``statement``

WITHDRAWN = "withdrawn"
# An attribute lxml resolves against a base URL: a body without one has no link to make absolute.
LINK_ATTRIBUTE = re.compile(rf"\s(?:{'|'.join(sorted(lxml.html.defs.link_attrs))})\s*=", re.IGNORECASE)
# RFC 4151: a domain name or an email address, a comma, and a date (YYYY, YYYY-MM or YYYY-MM-DD).
TAGGING_ENTITY = re.compile(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?(@[a-z0-9]([a-z0-9.-]*[a-z0-9])?)?,\d{4}(-\d\d){0,2}")


class FeedSettingError(SystemExit):
    """A feeds setting that would produce invalid feeds: the build stops before writing anything."""

    def __init__(self, message: str) -> None:
        super().__init__(f"feeds: {message}")


@dataclass(frozen=True)
class Term:
    """A category of an entry: ``term`` within the vocabulary ``scheme`` (a URL of the archive)."""

    term: str
    scheme: str


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    url: str
    published: datetime.datetime
    updated: datetime.datetime | None  # the statement's own ``updated``: None until it has one
    author: str
    summary: str  # plain text
    content_html: str  # every link absolute
    terms: tuple[Term, ...]  # the threat level, the category, then the tags

    @property
    def last_changed(self) -> datetime.datetime:
        """Atom requires an updated date: the publication date, until the statement sets ``updated``."""
        return self.updated or self.published


class Site:
    """The settings every entry and feed is built from."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        authority = settings["FEEDS_ID_AUTHORITY"]
        if not isinstance(authority, str) or not TAGGING_ENTITY.fullmatch(authority):
            raise FeedSettingError(
                f"FEEDS_ID_AUTHORITY is {authority!r}: it must be a domain name and a date on which the "
                "archive held it, such as statements.example.org,2026 (RFC 4151)"
            )
        self.authority = authority
        self.settings = settings
        self.url = settings["SITEURL"].rstrip("/")
        self.name = settings["SITENAME"]
        self.language = settings["DEFAULT_LANG"]
        # Paths from the server's root ("" or "/archive"): same origin as the feed, as browsers require
        # of its stylesheet, wherever the site is served from.
        self.root = urlsplit(self.url).path
        self.stylesheet = f"{self.root}/{settings['FEEDS_STYLESHEET']}"

    def absolute(self, path: str) -> str:
        """The full URL of a site-relative path."""
        return f"{self.url}/{path}"

    def tag_uri(self, kind: str, name: str) -> str:
        return f"tag:{self.authority}:{kind}:{name}"

    def scheme(self, url_setting: str) -> str:
        """The URL of the archive page that lists a vocabulary (levels, categories or tags)."""
        return self.absolute(self.settings[url_setting])


def entry_for(article: Article, site: Site) -> Entry:
    statement: Statement = article.statement
    url = site.absolute(article.url)
    withdrawn = statement.status == WITHDRAWN
    summary = withdrawal_notice(statement) if withdrawn else statement.summary
    content = absolute_links(statement.body_html, url)
    return Entry(
        # From the statement's permanent id, never its title or URL: both may change, the id never does.
        id=site.tag_uri("statement", statement.id),
        title=f"Withdrawn: {statement.title}" if withdrawn else statement.title,
        url=url,
        published=statement.date,
        updated=statement.updated,
        author=statement.issuer,
        summary=summary,
        content_html=f"<p><strong>{html.escape(summary)}</strong></p>\n{content}" if withdrawn else content,
        terms=(
            Term(statement.threat_level.name, site.scheme("THREAT_LEVELS_URL")),
            Term(article.category.name, site.scheme("CATEGORIES_URL")),
            *(Term(tag.name, site.scheme("TAGS_URL")) for tag in article.tags),
        ),
    )


def withdrawal_notice(statement: Statement) -> str:
    """What a feed says of a withdrawn statement (the schema requires its ``withdrawn_reason``)."""
    return f"This statement has been withdrawn. {statement.withdrawn_reason}"


def absolute_links(body_html: str, base_url: str) -> str:
    """The body with every relative ``href`` and ``src`` resolved against the statement's URL."""
    if not LINK_ATTRIBUTE.search(body_html):  # most statements link nowhere: given as Markdown made them
        return body_html
    container = lxml.html.fragment_fromstring(body_html, create_parent="div")
    container.make_links_absolute(base_url, resolve_base_href=False)
    leading_text = html.escape(container.text or "", quote=False)
    return leading_text + "".join(lxml.html.tostring(child, encoding="unicode") for child in container)
