"""Feed documents: Atom 1.0 and RSS 2.0 written by feedgen, JSON Feed 1.1 by the json module.

Nothing here reads the clock: a document's ``updated`` is its newest entry's,
so the same statements always give the same bytes.

Feed readers show an entry's id only once, and most leave a changed entry read: in
every subscription document (Atom, RSS and JSON Feed alike) an updated or withdrawn
statement is the entry of its latest change, with an id of its own
(``Entry.revision_id``), a title saying what happened and its change's date, so that
it comes again as new (published at the change, so readers that sort by publication
show it among the new).  An RFC 5005 archive page keeps each statement's first id and date.
"""

from __future__ import annotations

import datetime
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from .entries import Entry, Site

# RFC 5005's namespace: <fh:archive/> marks an archived feed document.
HISTORY_NAMESPACE = "http://purl.org/syndication/history/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# RSS's plain-text titles as the W3C feed validator asks: & and < as hexadecimal character references.
TITLE_REFERENCES = {"&": "#x26", "<": "#x3C"}
TITLE_ESCAPED = re.compile("([&<])")
# The JSON Feed extension object (its name starts with "_") in which each item keeps what JSON Feed has no field for.
JSON_EXTENSION = "_statement"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8'?>\n"
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Document:
    """What one feed document says about itself, and its entries (newest first)."""

    id: str
    title: str
    description: str
    alternate: str  # the full URL of the HTML page that lists the same statements
    updated: datetime.datetime
    entries: Sequence[Entry]


@dataclass(frozen=True)
class Link:
    rel: str
    href: str
    type: str | None = None


class ArchiveMarker(BaseExtension):
    """Adds ``<fh:archive/>`` to an Atom feed: RFC 5005 requires it in every archive document."""

    def extend_ns(self) -> dict[str, str]:
        return {"fh": HISTORY_NAMESPACE}

    def extend_atom(self, feed):
        etree.SubElement(feed, f"{{{HISTORY_NAMESPACE}}}archive")
        return feed


class RssHubs(BaseExtension):
    """``<atom:link rel="hub">`` in an RSS channel: feedgen writes only the self link there itself."""

    hubs: Sequence[str] = ()

    def extend_ns(self) -> dict[str, str]:
        return {"atom": ATOM_NAMESPACE}

    def extend_rss(self, feed):
        channel = feed[0]
        for hub in self.hubs:
            etree.SubElement(channel, f"{{{ATOM_NAMESPACE}}}link", href=hub, rel="hub")
        return feed


def _referenced_title(element) -> None:
    """``element``'s ``<title>`` with & and < written as character references rather than ``&amp;`` and ``&lt;``.

    An RSS title may be read as plain text or as HTML; ``&#x26;`` and ``&#x3C;`` mean the same in both.
    lxml writes an ``Entity`` node as the reference it names, the text around it escaped as usual.
    """
    title = element.find("title")
    if title is None or not title.text or not TITLE_ESCAPED.search(title.text):
        return
    first, *rest = TITLE_ESCAPED.split(title.text)
    title.text = first
    for character, tail in zip(rest[::2], rest[1::2], strict=True):
        reference = etree.Entity(TITLE_REFERENCES[character])
        reference.tail = tail
        title.append(reference)


class RssTitles(BaseExtension):
    """The channel's title and its image's as ``_referenced_title`` writes them."""

    def extend_rss(self, feed):
        channel = feed[0]
        for element in (channel, channel.find("image")):
            if element is not None:
                _referenced_title(element)
        return feed


class RssEntryTitle(BaseEntryExtension):
    """An item's title as ``_referenced_title`` writes it."""

    def extend_rss(self, item):
        _referenced_title(item)
        return item


class EntryLanguage(BaseEntryExtension):
    """``xml:lang`` on an Atom entry in another language than its feed's."""

    language: str | None = None

    def extend_atom(self, entry):
        if self.language:
            entry.set(XML_LANG, self.language)
        return entry


def atom(document: Document, self_url: str, site: Site, history: Sequence[Link] = (), archived=False) -> bytes:
    """The Atom document; ``history`` holds its RFC 5005 links (prev-archive, next-archive, current)."""
    generator = _generator(document, site, Link("self", self_url, "application/atom+xml"), history)
    if archived:
        generator.register_extension("fh", ArchiveMarker, None, atom=True, rss=False)
    generator.register_extension("xml_lang", BaseExtension, EntryLanguage, atom=True, rss=False)
    for entry in document.entries:
        item = _add_entry(generator, entry, site, latest_change=not archived)
        if entry.language != site.language:
            item.xml_lang.language = entry.language
        # The entry of a change is first published at the change: readers that sort by it show it among the new.
        item.published(entry.published if archived else entry.last_changed)
        item.updated(entry.last_changed)
        item.content(entry.content_html, type="html")
        item.summary(entry.summary)
    return _with_stylesheet(generator.atom_str(pretty=True, xml_declaration=False), site.stylesheet)


def rss(document: Document, self_url: str, site: Site) -> bytes:
    generator = _generator(document, site, Link("self", self_url, "application/rss+xml"))
    # RSS's <author> must be an email address: the issuer goes in <dc:creator>.
    generator.load_extension("dc", atom=False, rss=True)
    generator.register_extension("titles", RssTitles, RssEntryTitle, atom=False, rss=True)
    if site.hubs:
        generator.register_extension("websub", RssHubs, None, atom=False, rss=True)
        generator.websub.hubs = site.hubs
    for entry in document.entries:
        item = _add_entry(generator, entry, site)  # <guid isPermaLink="false">: a tag: URI is not a web address
        item.published(entry.last_changed)
        item.dc.dc_creator(entry.author)
        if entry.language != site.language:
            item.dc.dc_language(entry.language)
        # <description> is the summary as HTML, <content:encoded> the whole entry.
        item.description(html.escape(entry.summary, quote=False))
        item.content(entry.content_html)
    return _with_stylesheet(generator.rss_str(pretty=True, xml_declaration=False), site.stylesheet)


def json_feed(document: Document, self_url: str, site: Site) -> bytes:
    feed = {
        "version": JSON_FEED_VERSION,
        "title": document.title,
        "home_page_url": document.alternate,
        "feed_url": self_url,
        "description": document.description,
        "language": site.language,
        "authors": [{"name": site.name}],
        **({"hubs": [{"type": "WebSub", "url": hub} for hub in site.hubs]} if site.hubs else {}),
        **({"favicon": site.icon} if site.icon else {}),
        **({"icon": site.logo} if site.logo else {}),
        "items": [_json_item(entry, site) for entry in document.entries],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_item(entry: Entry, site: Site) -> dict:
    item = {
        "id": entry.revision_id,
        "url": entry.url,
        "title": entry.revision_title,
        "content_html": entry.content_html,
        "summary": entry.summary,
        "date_published": entry.last_changed.isoformat(),  # the entry of its latest change, as in Atom
    }
    if entry.updated:
        item["date_modified"] = entry.updated.isoformat()
    item["authors"] = [{"name": entry.author}]
    if entry.language != site.language:
        item["language"] = entry.language
    item["tags"] = [tag.term for tag in entry.tags]
    item[JSON_EXTENSION] = {
        "about": site.absolute(site.settings["FEEDS_PAGE_URL"]) + "#json-feed",
        "threat_level": entry.level.term,
        "previous_threat_level": entry.level_before,
        "category": entry.category.term,
        "withdrawn": entry.withdrawn,
    }
    return item


def _generator(document: Document, site: Site, self_link: Link, history: Sequence[Link] = ()) -> FeedGenerator:
    generator = FeedGenerator()
    generator.id(document.id)
    generator.title(document.title)
    generator.subtitle(document.description)
    generator.author(name=site.name)
    generator.language(site.language)
    generator.updated(document.updated)  # feedgen's default is the clock
    # feedgen makes the last link RSS's channel <link>: the HTML page goes last.
    hubs = [Link("hub", hub) for hub in site.hubs]
    links = [self_link, *hubs, *history, Link("alternate", document.alternate, "text/html")]
    generator.link([{k: v for k, v in vars(link).items() if v} for link in links])
    if site.icon:
        generator.icon(site.icon)
    if site.logo:
        generator.image(site.logo, title=document.title, link=document.alternate)
    if site.rights:
        generator.rights(site.rights)
    return generator


def _add_entry(generator: FeedGenerator, entry: Entry, site: Site, latest_change: bool = True) -> FeedEntry:
    """An entry with what Atom and RSS say alike, as the entry of its latest change unless ``latest_change`` is false."""
    item = generator.add_entry(order="append")
    item.id(entry.revision_id if latest_change else entry.id)
    item.title(entry.revision_title if latest_change else entry.title)
    item.link(href=entry.url, rel="alternate", type="text/html")
    item.author(name=entry.author)
    item.category([{"term": term.term, "scheme": term.scheme} for term in entry.terms])
    return item


def _with_stylesheet(root_element: bytes, href: str) -> bytes:
    """The whole document: ``<?xml-stylesheet?>`` before the root, so that browsers show it as a page."""
    instruction = etree.ProcessingInstruction("xml-stylesheet", f'type="text/xsl" href="{html.escape(href)}"')
    return XML_DECLARATION + etree.tostring(instruction) + b"\n" + root_element
