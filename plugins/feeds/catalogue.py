"""Every feed of the archive: what it holds, where it is written, and the page it mirrors.

The build's catalogue is kept on its run (``catalogue_of``), filled by the feeds generator
once the statements are read and put in the shared context as ``feeds``, so that every
template (the autodiscovery links, the /feeds/ page) takes feed URLs and titles from here
and never retypes a path; the alerts plugin's WebSub manifest lists its feeds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from plugins.archive import history
from plugins.archive.levels import ThreatLevel
from plugins.build import BuildRun

from .entries import Article

# The formats of a feed: file extension, media type, the name people know it by, and what its title adds,
# so that a reader subscribed to two formats of one feed shows two different names.
FORMATS = {
    "atom": (".atom.xml", "application/atom+xml", "Atom feed", ""),
    "rss": (".rss.xml", "application/rss+xml", "RSS feed", " (RSS)"),
    "json": (".json", "application/feed+json", "JSON Feed", " (JSON Feed)"),
}
# What each kind of feed holds, in a few words and in a sentence, and the page listing the same statements.
KINDS = {
    "all": ("all statements", "Every statement in the archive", "ARCHIVES_URL"),
    "category": ("statements in the category {name}", "Every statement in the category {name}", "CATEGORY_URL"),
    "tag": ("statements tagged {name}", "Every statement tagged {name}", "TAG_URL"),
    "threat-level": (
        "statements at threat level {name}",
        "Every statement issued at the national threat level {name}",
        "THREAT_LEVEL_URL",
    ),
    "level-changes": (
        "threat level changes",
        "Every statement that raised or lowered the national threat level",
        "THREAT_LEVELS_URL",
    ),
}


def page_save_as(feed_path: str) -> str:
    """Where the HTML page of the feed at ``feed_path`` (a ``FEEDS_PATHS`` value) is written."""
    return feed_path + "/index.html"


@dataclass(frozen=True)
class FeedLink:
    label: str  # "Atom feed"
    media_type: str
    href: str
    title: str  # "Statements tagged Rail (Atom feed)"


@dataclass(frozen=True)
class Feed:
    kind: str
    slug: str | None
    subject: str  # what it holds, to go inside a sentence: "statements tagged Rail"
    description: str  # what it holds, as a sentence
    path: str  # where it is written, without extension
    page_url: str  # the site-relative URL of the HTML page listing the same statements
    siteurl: str
    articles: list[Article] = field(compare=False)  # newest first
    formats: tuple[str, ...] = ("atom", "rss")

    @property
    def key(self) -> str:
        """What the feed's id is made from: its kind and slug, never where it is written."""
        return f"{self.kind}/{self.slug}" if self.slug else self.kind

    @property
    def title(self) -> str:
        return self.subject[0].upper() + self.subject[1:]

    def file(self, format_name: str) -> str:
        return self.path + FORMATS[format_name][0]

    def format_title(self, format_name: str) -> str:
        """The title of the feed's document in one format: "Statements tagged Rail (RSS)"."""
        return self.title + FORMATS[format_name][3]

    @property
    def html_url(self) -> str:
        """The site-relative URL of the feed's own HTML page: what it holds and how to subscribe."""
        return self.path + "/"

    @property
    def html_save_as(self) -> str:
        return page_save_as(self.path)

    @property
    def links(self) -> list[FeedLink]:
        links = []
        for name in self.formats:
            _, media_type, label, _ = FORMATS[name]
            links.append(FeedLink(label, media_type, f"{self.siteurl}/{self.file(name)}", f"{self.title} ({label})"))
        return links


RUN_PART = "feeds.catalogue"  # its key on the build's run


@dataclass(frozen=True)
class FeedGroup:
    id: str
    heading: str
    feeds: list[Feed]


class FeedCatalogue:
    """The templates' ``feeds``: ``feeds.for_page(kind, slug)`` and ``feeds.groups()``."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.settings = settings
        self._groups: list[FeedGroup] = []
        self._by_key: dict[tuple[str, str | None], Feed] = {}
        self.level_before: dict[str, ThreatLevel] = {}  # statement id: the level it changed from

    @property
    def siteurl(self) -> str:
        return self.settings["SITEURL"].rstrip("/")

    def fill(self, published: list[Article], withdrawn: list[Article]) -> None:
        """Build every feed from the published and the withdrawn statements (which stay in their feeds)."""
        articles = by_last_change([*published, *withdrawn])
        published_statements = [article.statement for article in published]
        self.level_before = history.changes(published_statements)
        self.level_before |= history.withdrawn_changes(published_statements, [a.statement for a in withdrawn])
        by_category, by_tag = defaultdict(list), defaultdict(list)
        for article in articles:
            by_category[article.category].append(article)
            for tag in article.tags:
                by_tag[tag].append(article)
        self._groups = [
            FeedGroup(
                "everything",
                "Everything",
                [
                    self._feed("all", None, None, articles, ("atom", "rss", "json")),
                    self._feed(
                        "level-changes",
                        None,
                        None,
                        [a for a in articles if a.statement.id in self.level_before],
                    ),
                ],
            ),
            FeedGroup(
                "threat-levels",
                "By threat level",
                [
                    self._feed(
                        "threat-level",
                        level.slug,
                        level.name,
                        [a for a in articles if a.statement.threat_level == level],
                    )
                    for level in ThreatLevel
                ],
            ),
            FeedGroup("categories", "By category", self._named_feeds("category", by_category)),
            FeedGroup("tags", "By tag", self._named_feeds("tag", by_tag)),
        ]
        self._by_key = {(feed.kind, feed.slug): feed for group in self._groups for feed in group.feeds}

    def _named_feeds(self, kind: str, grouped: dict[Any, list[Article]]) -> list[Feed]:
        """A feed per category or tag (Pelican's URL wrappers), in alphabetical order."""
        return [
            self._feed(kind, wrapper.slug, wrapper.name, grouped[wrapper])
            for wrapper in sorted(grouped, key=lambda wrapper: wrapper.name.casefold())
        ]

    def _feed(self, kind, slug, name, articles, formats=("atom", "rss")) -> Feed:
        subject, description, page_setting = KINDS[kind]
        return Feed(
            kind=kind,
            slug=slug,
            subject=subject.format(name=name),
            description=description.format(name=name) + ", newest first.",
            path=self.settings["FEEDS_PATHS"][kind].format(slug=slug),
            page_url=self.settings[page_setting].format(slug=slug),
            siteurl=self.siteurl,
            articles=articles,
            formats=formats,
        )

    def groups(self) -> list[FeedGroup]:
        return self._groups

    def all(self) -> list[Feed]:
        return list(self._by_key.values())

    def fingerprint(self) -> tuple:
        """What pages show of the catalogue: each feed's subject and links (for the build layer's page reuse)."""
        return tuple((feed.key, feed.subject, feed.description, tuple(feed.links)) for feed in self.all())

    def get(self, kind: str, slug: str | None = None) -> Feed:
        try:
            return self._by_key[(kind, slug)]
        except KeyError:
            known = sorted({k for k, _ in self._by_key})
            raise LookupError(f"no feed for kind {kind!r} and slug {slug!r} (kinds: {', '.join(known)})") from None

    def for_page(self, kind: str | None = None, slug: str | None = None) -> list[Feed]:
        """The page's own feed when it has one, then the whole archive's: readers that take the first get the page's."""
        everything = self.get("all")
        own = self.get(kind, slug) if kind else everything
        return list(dict.fromkeys([own, everything]))


def catalogue_of(settings: Mapping[str, Any]) -> FeedCatalogue:
    """The catalogue of the build running with ``settings``, made on first request."""
    return BuildRun.of(settings).get_or_make(RUN_PART, lambda: FeedCatalogue(settings))


def by_last_change(articles: list[Article]) -> list[Article]:
    """Newest significant change first (publication, update or withdrawal), then newest issued, then by id."""
    return sorted(articles, key=lambda a: (a.statement.last_changed, *a.statement.order_key), reverse=True)
