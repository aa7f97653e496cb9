"""Feeds: Atom 1.0, RSS 2.0 and JSON Feed 1.1 of the archive, written with feedgen.

Adds to Pelican (whose own feeds are switched off in pelicanconf.py):

- Atom and RSS feeds of the whole archive, of each category, tag and threat
  level, and of the statements that changed the level; JSON Feed of the whole
  archive (paths in FEEDS_PATHS). Each holds the FEED_MAX_ITEMS statements whose
  last significant change (publication, ``updated`` or withdrawal) is newest,
  withdrawn ones included (titled "Withdrawn: ..."); drafts and embargoed
  statements never appear. In Atom, RSS and JSON Feed alike an entry gets a new id
  at each significant change, as feed readers show an id once and leave a changed
  entry read (``Entry.revision_id``);
- each entry's content: what changed first (withdrawal, or update with its notes),
  the threat level when issued and the change it made, the summary, the text and the
  corrections; the feeds' own words only in an entry in the site's language; every
  date written without a time at 11:00 UTC (``archive.values.as_published``);
- RFC 5005 archive documents of the whole archive's Atom feed, fixed pages counted
  from the oldest statement, each written once full and never changing its statements
  after, so a feed reader can fetch every statement ever published (the subscription
  document holds every statement after the last full page);
- entry ids that never change: ``tag:<FEEDS_ID_AUTHORITY>:statement:<id>``
  from the statement's permanent id, whatever its title, URL or the site's
  domain become (``#updated-<time>`` or ``#withdrawn-<time>`` added for the entry of
  a change); a build published on the web must have chosen the authority;
- ``<?xml-stylesheet?>`` naming the XSL stylesheet that turns a feed opened in
  a browser into a readable page (rendered from the theme's templates/feed.xsl
  into FEEDS_STYLESHEET, its links made from SITEURL), and for each feed an HTML
  page of its own (feed.html) that needs no XSLT;
- ``feeds`` in the context every template is given (``catalogue.FeedCatalogue``, kept on the
  build's run), from which the ``head_links``/``visible_links`` macros in
  partials/feed_links.html take every feed's URL and title; the /feeds/ page (feeds.html)
  is given the catalogue's groups.

The feeds are written by a generator, after the articles are read; which statements
changed the level comes from the domain (``plugins.archive.history``).  Settings and
their defaults are in ``settings.py``.
"""

from __future__ import annotations

from pelican import signals

from plugins import defaults_applier
from plugins.build import addresses_written

from .catalogue import FORMATS, catalogue_of, page_save_as
from .entries import Site, in_site_language, withdrawal_notice
from .generator import NO_ENTRIES, FeedsGenerator
from .settings import SETTINGS

# What other plugins may use (the alerts plugin: the site's absolute addresses and tag URIs, the
# build's feed catalogue, a withdrawal's wording, whether a statement is in the site's language).
__all__ = ["NO_ENTRIES", "SETTINGS", "Site", "catalogue_of", "in_site_language", "register", "withdrawal_notice"]

_apply_plain_defaults = defaults_applier(SETTINGS)


def apply_defaults(pelican) -> None:
    _apply_plain_defaults(pelican)
    Site(pelican.settings)  # a bad setting stops the build here, before anything is written


def add_generator(pelican) -> type[FeedsGenerator]:
    return FeedsGenerator


def written(settings) -> list[str]:
    """Every path the feeds generator writes (for the aliases' check)."""
    paths = settings["FEEDS_PATHS"].values()
    feeds = [path + extension for path in paths for extension, *_ in FORMATS.values()]
    return [*feeds, *map(page_save_as, paths), settings["FEEDS_PAGE_SAVE_AS"], settings["FEEDS_STYLESHEET"]]


def register() -> None:
    signals.initialized.connect(apply_defaults)
    addresses_written.connect(written)
    signals.get_generators.connect(add_generator)
