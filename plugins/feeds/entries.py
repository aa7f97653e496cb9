"""One feed entry per statement: what Atom, RSS and JSON Feed all say about it."""

from __future__ import annotations

import datetime
import functools
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import lxml.html.defs
from pelican.contents import Article  # each carries ``statement``, where its fields are read

from plugins.archive.levels import ThreatLevel
from plugins.archive.problems import InvalidSetting
from plugins.archive.schema import Statement
from plugins.archive.values import as_published, site_language

WITHDRAWN = "withdrawn"
# An attribute lxml resolves against a base URL: a body without one has no link to make absolute.
LINK_ATTRIBUTE = re.compile(rf"\s(?:{'|'.join(sorted(lxml.html.defs.link_attrs))})\s*=", re.IGNORECASE)
# RFC 4151: a domain name or an email address, a comma, and a date (YYYY, YYYY-MM or YYYY-MM-DD).
TAGGING_ENTITY = re.compile(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?(@[a-z0-9]([a-z0-9.-]*[a-z0-9])?)?,\d{4}(-\d\d){0,2}")


AUTHORITY = "FEEDS_ID_AUTHORITY"
# The ids of a build that is not published on the web (SITEURL empty, on localhost or an example domain).
DEVELOPMENT_AUTHORITY = "example.invalid,1970"
LOOPBACK = ("127.0.0.1", "::1")
RESERVED_TOP_LEVEL = ("example", "invalid", "localhost", "test")
RESERVED_DOMAINS = ("example.com", "example.net", "example.org")


@dataclass(frozen=True)
class Term:
    """A category of an entry: ``term`` within the vocabulary ``scheme`` (a URL of the archive)."""

    term: str
    scheme: str


@dataclass(frozen=True)
class Entry:
    id: str
    title: str  # as it was first published ("Withdrawn: ..." once withdrawn)
    revision_title: str  # the title of the entry of its latest change: "Updated: ..." after an update
    url: str
    published: datetime.datetime
    updated: datetime.datetime | None  # its last significant change (update or withdrawal): None until it has one
    author: str
    summary: str  # plain text
    content_html: str  # what happened, then the summary, the text and the corrections; every link absolute
    language: str  # BCP 47
    level: Term  # the threat level when it was issued
    level_before: str | None  # the level it changed from, when it changed the level
    category: Term
    tags: tuple[Term, ...]
    withdrawn: bool

    @property
    def terms(self) -> tuple[Term, ...]:
        """Its categories in Atom and RSS: the threat level, the category, then the tags."""
        return (self.level, self.category, *self.tags)

    @property
    def last_changed(self) -> datetime.datetime:
        """Atom requires an updated date: the publication date, until the statement changes significantly."""
        return self.updated or self.published

    @property
    def revision_id(self) -> str:
        """The id of its latest change: a new one at each significant change, as feed readers show an id only once.

        ``<statement id>#updated-<UTC time>`` or ``#withdrawn-<UTC time>``; the statement's own id
        until it changes.  Documented in docs/feeds.md: subscribers' readers keep these for ever.
        """
        if not self.updated:
            return self.id
        change = "withdrawn" if self.withdrawn else "updated"
        return f"{self.id}#{change}-{self.updated.astimezone(datetime.UTC):%Y-%m-%dT%H:%M:%SZ}"


class Site:
    """The settings every entry and feed is built from."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.settings = settings
        self.url = settings["SITEURL"].rstrip("/")
        self.authority = id_authority(settings["FEEDS_ID_AUTHORITY"], self.url)
        self.name = settings["SITENAME"]
        self.language = site_language(settings["DEFAULT_LANG"])
        # Paths from the server's root ("" or "/archive"): same origin as the feed, as browsers require
        # of its stylesheet, wherever the site is served from.
        self.root = urlsplit(self.url).path
        self.stylesheet = f"{self.root}/{settings['FEEDS_STYLESHEET']}"
        self.icon = self._optional_url("FEEDS_ICON")
        self.logo = self._optional_url("FEEDS_LOGO")
        self.rights = settings["FEEDS_RIGHTS"]
        self.hubs = websub_hubs(settings["WEBSUB_HUBS"])

    def _optional_url(self, name: str) -> str | None:
        return self.absolute(self.settings[name]) if self.settings[name] else None

    def absolute(self, path: str) -> str:
        """The full URL of a site-relative path."""
        return f"{self.url}/{path}"

    def day(self, moment: datetime.datetime) -> str:
        """A date as pages show it (DEFAULT_DATE_FORMAT)."""
        return moment.strftime(self.settings["DEFAULT_DATE_FORMAT"])

    def tag_uri(self, kind: str, name: str) -> str:
        return f"tag:{self.authority}:{kind}:{name}"

    def scheme(self, url_setting: str) -> str:
        """The URL of the archive page that lists a vocabulary (levels, categories or tags)."""
        return self.absolute(self.settings[url_setting])


def id_authority(authority: str | None, site_url: str) -> str:
    """The tagging entity of every id; a build published on the web must have chosen its own."""
    host = urlsplit(site_url).hostname
    published = host is not None and host not in LOOPBACK and not _reserved(host)
    if authority is None:
        if published:
            raise InvalidSetting(AUTHORITY, authority, choose(host), context=f", and this build publishes {site_url}")
        return DEVELOPMENT_AUTHORITY
    if not isinstance(authority, str) or not TAGGING_ENTITY.fullmatch(authority):
        raise InvalidSetting(
            AUTHORITY,
            authority,
            "a domain name and a date on which the archive held it, such as statements.example.org,2026 (RFC 4151)",
        )
    if published and _reserved(authority.split(",")[0].rpartition("@")[2]):
        raise InvalidSetting(
            AUTHORITY, authority, choose(host), context=f", a placeholder, and this build publishes {site_url}"
        )
    return authority


def websub_hubs(hubs: Any) -> tuple[str, ...]:
    """WEBSUB_HUBS, which must be a list of http(s) URLs: anything else stops the build before it writes."""
    if not isinstance(hubs, list | tuple) or not all(map(_web_address, hubs)):
        raise InvalidSetting(
            "WEBSUB_HUBS", hubs, "a list of hub addresses, such as ['https://pubsubhubbub.appspot.com/']"
        )
    return tuple(hubs)


def _web_address(text: Any) -> bool:
    try:
        parts = urlsplit(text) if isinstance(text, str) else None
        return bool(parts and parts.scheme in ("http", "https") and parts.hostname)
    except ValueError:  # a URL no parser can read, such as http://[x
        return False


def choose(host: str) -> str:
    """How to choose the authority, suggesting the site's domain and this year."""
    year = datetime.datetime.now(datetime.UTC).year
    return (
        f"a domain name you own and a date on which you owned it, such as {AUTHORITY} = '{host},{year}' in "
        "publishconf.py, chosen once and never changed, even if the archive moves to another domain: "
        "feed readers remember each entry by its id for ever (RFC 4151)"
    )


def _reserved(domain: str) -> bool:
    """A domain name kept for examples and tests (RFC 2606, RFC 6761): nobody publishes under it."""
    labels = domain.lower().rstrip(".").split(".")
    return labels[-1] in RESERVED_TOP_LEVEL or ".".join(labels[-2:]) in RESERVED_DOMAINS


def entry_for(article: Article, site: Site, level_before: ThreatLevel | None = None) -> Entry:
    """The entry of a statement; ``level_before`` is the level it changed from, if it changed it.

    The feeds' own words (what happened, the level, the titles' "Updated:" and "Withdrawn:")
    are in the site's language: an entry in another language gets none of them, only its
    own text and what its maintainers wrote (the reason of a withdrawal, the corrections).
    """
    statement: Statement = article.statement
    url = site.absolute(article.url)
    withdrawn = statement.status == WITHDRAWN
    own_words = in_site_language(statement, site)
    change = change_note(statement, site, own_words)
    last_changed = statement.last_changed
    title = f"Withdrawn: {statement.title}" if withdrawn and own_words else statement.title
    return Entry(
        # From the statement's permanent id, never its title or URL: both may change, the id never does.
        id=site.tag_uri("statement", statement.id),
        title=title,
        revision_title=f"Updated: {title}" if statement.updated and not withdrawn and own_words else title,
        url=url,
        published=as_published(statement.date),
        updated=as_published(last_changed) if last_changed != statement.date else None,
        author=statement.issuer,
        summary=" ".join(filter(None, (change, statement.summary))),
        content_html=content_html(statement, url, site, level_before, change, own_words),
        language=statement.lang,
        level=Term(statement.threat_level.name, site.scheme("THREAT_LEVELS_URL")),
        level_before=level_before.name if level_before else None,
        category=Term(article.category.name, site.scheme("CATEGORIES_URL")),
        tags=tuple(Term(tag.name, site.scheme("TAGS_URL")) for tag in article.tags),
        withdrawn=withdrawn,
    )


def in_site_language(statement: Statement, site: Site) -> bool:
    """Whether the statement is written in the site's language (its primary language subtag), the feeds' own words'."""
    return statement.lang.split("-")[0].casefold() == site.language.split("-")[0].casefold()


def withdrawal_notice(statement: Statement, site: Site) -> str:
    """What a feed says of a withdrawn statement (the schema requires its date and reason)."""
    return f"This statement was withdrawn on {site.day(statement.withdrawn_date)}. {statement.withdrawn_reason}"


def update_notes(statement: Statement) -> list[str]:
    """The notes of the corrections made on the day of its last significant update: what the update changed."""
    day = statement.updated.date()
    return [correction.note for correction in statement.corrections if correction.date.date() == day]


def change_note(statement: Statement, site: Site, own_words: bool) -> str | None:
    """What last changed, in a sentence or two, to lead the entry: its withdrawal or its update; None if nothing."""
    if statement.status == WITHDRAWN:
        return withdrawal_notice(statement, site) if own_words else statement.withdrawn_reason
    if not statement.updated:
        return None
    notes = " ".join(update_notes(statement))
    if not own_words:
        return notes or None
    return f"Updated on {site.day(statement.updated)}" + (f": {notes}" if notes else ".")


def level_sentence(statement: Statement, level_before: ThreatLevel | None) -> str:
    """The threat level when it was issued, and the change it made: "... SEVERE, raised from SUBSTANTIAL"."""
    sentence = f"National threat level when issued: {statement.threat_level.name}"
    if level_before:
        change = "raised" if statement.threat_level > level_before else "lowered"
        sentence += f", {change} from {level_before.name}"
    return sentence + "."


def content_html(
    statement: Statement,
    url: str,
    site: Site,
    level_before: ThreatLevel | None,
    change: str | None,
    own_words: bool,
) -> str:
    """What changed first, then the level, the summary, the text, and the corrections."""
    escape = functools.partial(html.escape, quote=False)
    parts = []
    if change:
        parts.append(f"<p><strong>{escape(change)}</strong></p>")
    if own_words:
        parts.append(f"<p>{escape(level_sentence(statement, level_before))}</p>")
    parts.append(f"<p>{escape(statement.summary)}</p>")
    parts.append(absolute_links(statement.body_html, url))
    if statement.corrections:
        # Dates as words and a heading in the site's language; in another language, ISO dates and no heading.
        day = site.day if own_words else lambda moment: moment.date().isoformat()
        notes = "".join(
            f"<li>{day(correction.date)}: {escape(correction.note)}</li>" for correction in statement.corrections
        )
        parts.append(("<h2>Corrections</h2>\n" if own_words else "") + f"<ul>{notes}</ul>")
    return "\n".join(parts)


def absolute_links(body_html: str, base_url: str) -> str:
    """The body with every relative ``href`` and ``src`` resolved against the statement's URL."""
    if not LINK_ATTRIBUTE.search(body_html):  # most statements link nowhere: given as Markdown made them
        return body_html
    container = lxml.html.fragment_fromstring(body_html, create_parent="div")
    container.make_links_absolute(base_url, resolve_base_href=False)
    leading_text = html.escape(container.text or "", quote=False)
    return leading_text + "".join(lxml.html.tostring(child, encoding="unicode") for child in container)
