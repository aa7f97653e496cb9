"""The Atom index of every CAP alert, newest first: the form CAP aggregators ingest.

Each entry links its CAP file (``type="application/cap+xml"``) and the statement's
page; its dates are the alert's ``sent``, so the same alerts give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from plugins.feeds import NO_ENTRIES, Site

from .cap import MEDIA_TYPE, description
from .timeline import Alert

TITLE = "Threat level alerts (CAP)"
SUBTITLE = "Every change of the national threat level as an OASIS CAP 1.2 alert, newest first."


class TypedLinks(BaseEntryExtension):
    """An entry's links with their ``rel`` and ``type``: feedgen 1.0.0 writes an entry's links with ``href`` only."""

    links: Sequence[dict[str, str]] = ()

    def extend_atom(self, entry):
        written = [element for element in entry if etree.QName(element).localname == "link"]
        for element, link in zip(written, self.links, strict=True):
            element.attrib.update(link)
        return entry


def index_atom(alerts: Sequence[Alert], self_url: str, page_url: str, alert_url: Callable[[Alert], str], site: Site):
    """The index document; ``alerts`` newest first, ``alert_url`` gives each CAP file's full URL."""
    feed = FeedGenerator()
    feed.id(site.tag_uri("feed", "alerts"))
    feed.title(f"{TITLE} | {site.name}")
    feed.subtitle(SUBTITLE)
    feed.author(name=site.name)
    feed.language(site.language)
    feed.updated(max((alert.sent for alert in alerts), default=NO_ENTRIES))
    hubs = [{"href": hub, "rel": "hub"} for hub in site.hubs]
    feed.link([{"href": self_url, "rel": "self", "type": "application/atom+xml"}, *hubs])
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.register_extension("typed_links", BaseExtension, TypedLinks, atom=True, rss=False)
    for alert in alerts:
        entry = feed.add_entry(order="append")
        entry.id(site.tag_uri("alert", alert.identifier))
        entry.title(alert.headline)
        links = [
            {"href": alert_url(alert), "rel": "alternate", "type": MEDIA_TYPE},
            {"href": site.absolute(alert.article.url), "rel": "related", "type": "text/html"},
        ]
        entry.link(links)
        entry.typed_links.links = links
        entry.published(alert.sent)
        entry.updated(alert.sent)
        entry.author(name=alert.article.statement.issuer)
        entry.summary(description(alert, site))
    return feed.atom_str(pretty=True)
