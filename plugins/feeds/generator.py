"""The generator that writes every feed and its HTML page, the whole archive's RFC 5005 archive pages, and /feeds/."""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from plugins.build import StatementInFull

from . import documents
from .catalogue import Feed, FeedCatalogue, catalogue_of
from .documents import Document, Link
from .entries import Article, Entry, Site, entry_for

CATALOGUE = "feeds"  # the catalogue's name in the context the templates are given
SERIALISERS = {"atom": documents.atom, "rss": documents.rss, "json": documents.json_feed}
# The date of a feed with no entries, so that it too never changes from one build to the next.
NO_ENTRIES = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class FeedsGenerator(Generator):
    """Runs after the articles are read and every plugin has marked them, and writes into ``output_path``."""

    def generate_context(self) -> None:
        self.site = Site(self.settings)
        self.catalogue: FeedCatalogue = catalogue_of(self.settings)
        self.catalogue.fill(self.context["articles"], self.context["hidden_articles"])
        self.context[CATALOGUE] = self.catalogue  # every page's feed links; no page is rendered before
        self._entries: dict[str, Entry] = {}
        self.context["feeds_written"] = 0  # every document written, for the build report

    def generate_output(self, writer) -> None:
        self.writer = writer
        for feed in self.catalogue.all():
            self.write_feed(feed)
        self.write_stylesheet()
        save_as = self.settings["FEEDS_PAGE_SAVE_AS"]
        writer.write_file(
            save_as,
            self.get_template("feeds"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            template_name="feeds",
            url=self.settings["FEEDS_PAGE_URL"],
            page_name=os.path.splitext(save_as)[0],
            groups=self.catalogue.groups(),  # the page's own: reused only while every feed holds the same statements
        )

    def write_stylesheet(self) -> None:
        """The XSL stylesheet, from the theme's template, with every link a path from the server's root."""
        root = self.site.root
        stylesheet = self.env.get_template("feed.xsl").render(
            root=root,
            stylesheet=f"{root}/{self.settings['THEME_STATIC_DIR']}/css/site.css",
            feeds_page=f"{root}/{self.settings['FEEDS_PAGE_URL']}",
            SITENAME=self.site.name,
        )
        self.save(self.settings["FEEDS_STYLESHEET"], stylesheet.encode("utf-8"))

    def write_feed(self, feed: Feed) -> None:
        """Every format of ``feed``, its HTML page and, for the whole archive, its RFC 5005 archive pages."""
        newest = feed.articles[: self.settings["FEED_MAX_ITEMS"]]
        history = []
        if feed.kind == "all":
            pages, unarchived = self.archive_pages(feed)
            paths = self.write_archives(feed, pages)
            if paths:
                history.append(Link("prev-archive", self.site.absolute(paths[-1])))
            # The subscription document holds everything newer than the newest archive page.
            shown = {*newest, *unarchived}
            newest = [article for article in feed.articles if article in shown]
        for format_name in feed.formats:
            options = {"history": history} if format_name == "atom" else {}
            self.write(feed.file(format_name), feed, newest, format_name, **options)
        self.write_page(feed, newest)

    def write_page(self, feed: Feed, newest: Sequence[Article]) -> None:
        """The feed's own HTML page: what it holds now and how to subscribe, for a browser without XSLT."""
        self.writer.write_file(
            feed.html_save_as,
            self.get_template("feed"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            template_name="feed",
            url=feed.html_url,
            page_name=feed.html_url.rstrip("/"),
            feed=feed,
            feed_articles=newest,
        )

    def archive_pages(self, feed: Feed) -> tuple[list[list[Article]], list[Article]]:
        """The whole archive's RFC 5005 archive pages, oldest first, and the statements in none of them.

        Page n holds the (n-1)*size+1-th to the n*size-th statements in the order they were
        issued, and a page is written only once it is full: a page, once linked, never gains or
        loses a statement (RFC 5005 lets a client stop at the first archive page it has seen).
        The statements after the last full page are in the subscription document, whatever
        their last change.  Without more statements than the current feed holds, no page.
        """
        size = self.settings["FEED_MAX_ITEMS"]
        if not size or len(feed.articles) <= size:
            return [], []
        issued = sorted(feed.articles, key=lambda article: article.statement.order_key)
        archived = len(issued) - len(issued) % size
        return [issued[start : start + size] for start in range(0, archived, size)], issued[archived:]

    def write_archives(self, feed: Feed, pages: list[list[Article]]) -> list[str]:
        """The archive documents of ``pages`` (oldest first), each linked to its neighbours; their paths.

        An entry that changes (an update, a withdrawal) stays on its page, showing its new text,
        and comes back in the subscription document, where subscribers see it (RFC 5005, section 4).
        """
        paths = [
            self.settings["FEEDS_PATHS"]["archive"].format(number=n) + ".atom.xml" for n in range(1, len(pages) + 1)
        ]
        for number, (page, path) in enumerate(zip(pages, paths, strict=True), start=1):
            history = [Link("current", self.url_of(feed, "atom"))]
            if number > 1:
                history.append(Link("prev-archive", self.site.absolute(paths[number - 2])))
            if number < len(pages):
                history.append(Link("next-archive", self.site.absolute(paths[number])))
            title = f"{feed.title}, archived page {number}"
            self.write(path, feed, page[::-1], "atom", title, history=history, archived=True)
        return paths

    def write(
        self,
        path: str,
        feed: Feed,
        articles: Sequence[Article],
        format_name: str,
        title: str | None = None,
        **options: Any,
    ) -> None:
        """Write at ``path`` the document in ``format_name`` of ``articles``, counted for the build report.

        Through the build layer's writer when the build has it: the document is then made in
        a worker process, or linked from the last build when nothing it shows has changed (every
        statement counts whole, body included).
        """
        self_url = self.site.absolute(path)
        title = title or feed.format_title(format_name)

        def produce() -> bytes:
            document = self.document(feed, [self.entry(article) for article in articles], title)
            return SERIALISERS[format_name](document, self_url, self.site, **options)

        write_document = getattr(self.writer, "write_document", None)
        if write_document:
            about = (feed.key, feed.subject, feed.description, feed.page_url, title, format_name, options)
            levels = [self.catalogue.level_before.get(article.statement.id) for article in articles]
            write_document(
                path, (about, levels, [StatementInFull(article) for article in articles]), produce, self.context
            )
        else:
            self.save(path, produce())
        self.context["feeds_written"] += 1

    def document(self, feed: Feed, entries: Sequence[Entry], title: str) -> Document:
        return Document(
            id=self.site.tag_uri("feed", feed.key),
            title=f"{title} | {self.site.name}",
            description=feed.description,
            alternate=self.site.absolute(feed.page_url),
            updated=max((entry.last_changed for entry in entries), default=NO_ENTRIES),
            entries=entries,
        )

    def entry(self, article: Article) -> Entry:
        """Each statement's entry is built once, however many feeds it is in."""
        key = article.statement.id
        if key not in self._entries:
            self._entries[key] = entry_for(article, self.site, self.catalogue.level_before.get(key))
        return self._entries[key]

    def url_of(self, feed: Feed, format_name: str) -> str:
        return self.site.absolute(feed.file(format_name))

    def save(self, path: str, content: bytes) -> None:
        target = Path(self.output_path) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
