"""Feed documents: Atom 1.0 and RSS 2.0 written by feedgen, JSON Feed 1.1 by the json module.

Nothing here reads the clock: a document's ``updated`` is its newest entry's,
so the same statements always give the same bytes.
"""

from __future__ import annotations

import datetime
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass

from feedgen.ext.base import BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from .entries import Entry, Site

# RFC 5005's namespace: <fh:archive/> marks an archived feed document.
HISTORY_NAMESPACE = "http://purl.org/syndication/history/1.0"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8'?>\n"


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


def atom(document: Document, self_url: str, site: Site, history: Sequence[Link] = (), archived=False) -> bytes:
    """The Atom document; ``history`` holds its RFC 5005 links (prev-archive, next-archive, current)."""
    generator = _generator(document, site, Link("self", self_url, "application/atom+xml"), history)
    if archived:
        generator.register_extension("fh", ArchiveMarker, None, atom=True, rss=False)
    return _with_stylesheet(generator.atom_str(pretty=True, xml_declaration=False), site.stylesheet)


def rss(document: Document, self_url: str, site: Site) -> bytes:
    generator = _generator(document, site, Link("self", self_url, "application/rss+xml"), dublin_core=True)
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
        "items": [_json_item(entry) for entry in document.entries],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_item(entry: Entry) -> dict:
    item = {
        "id": entry.id,
        "url": entry.url,
        "title": entry.title,
        "content_html": entry.content_html,
        "summary": entry.summary,
        "date_published": entry.published.isoformat(),
    }
    if entry.updated:
        item["date_modified"] = entry.updated.isoformat()
    item["authors"] = [{"name": entry.author}]
    item["tags"] = [term.term for term in entry.terms]
    return item


def _generator(
    document: Document, site: Site, self_link: Link, history: Sequence[Link] = (), dublin_core=False
) -> FeedGenerator:
    generator = FeedGenerator()
    if dublin_core:  # RSS's <author> must be an email address: the issuer goes in <dc:creator>
        generator.load_extension("dc", atom=False, rss=True)
    generator.id(document.id)
    generator.title(document.title)
    generator.subtitle(document.description)
    generator.author(name=site.name)
    generator.language(site.language)
    generator.updated(document.updated)  # feedgen's default is the clock
    # feedgen makes the last link RSS's channel <link>: the HTML page goes last.
    links = [self_link, *history, Link("alternate", document.alternate, "text/html")]
    generator.link([{k: v for k, v in vars(link).items() if v} for link in links])
    for entry in document.entries:
        _add_entry(generator, entry, dublin_core)
    return generator


def _add_entry(generator: FeedGenerator, entry: Entry, dublin_core: bool) -> None:
    item = generator.add_entry(order="append")
    item.id(entry.id)  # also RSS's <guid isPermaLink="false">: a tag: URI is not a web address
    item.title(entry.title)
    item.link(href=entry.url, rel="alternate", type="text/html")
    item.published(entry.published)
    item.updated(entry.last_changed)
    item.author(name=entry.author)
    if dublin_core:
        item.dc.dc_creator(entry.author)
    # RSS's <description> is HTML, Atom's <summary> plain text. description() sets both RSS's and,
    # for now, Atom's content; content() and summary() then replace Atom's and leave RSS's alone.
    item.description(html.escape(entry.summary, quote=False))
    item.content(entry.content_html, type="html")
    item.summary(entry.summary)
    item.category([{"term": term.term, "scheme": term.scheme} for term in entry.terms])


def _with_stylesheet(root_element: bytes, href: str) -> bytes:
    """The whole document: ``<?xml-stylesheet?>`` before the root, so that browsers show it as a page."""
    instruction = etree.ProcessingInstruction("xml-stylesheet", f'type="text/xsl" href="{html.escape(href)}"')
    return XML_DECLARATION + etree.tostring(instruction) + b"\n" + root_element
