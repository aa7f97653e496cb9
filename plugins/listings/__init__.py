"""Listings: how the theme links each statement to the others.

Adds to Pelican, once the articles are read:

- ``previous_statement`` and ``next_statement`` on every published statement:
  the one issued just before it and just after it (None at either end, and on
  withdrawn statements, which are outside the listings);
- ``related_statements`` on every published and withdrawn statement: up to
  LISTINGS_RELATED_COUNT published statements sharing its tags or category
  (``related.py``);
- ``replacement`` on every published and withdrawn statement: the public
  statement its ``superseded_by`` names (None when it names none, or names one
  still draft or embargoed, which is not announced early);
- when publishconf.py loads pelican-sitemap, a sitemap that depends on the
  content alone (``sitemap.py``);
- tag, category and period listings made without Pelican's quadratic scans
  (``membership.py``).

The home page reads LISTINGS_LATEST_COUNT. Settings and their defaults are in
``settings.py``.
"""

from __future__ import annotations

from pelican import signals

from plugins import defaults_applier
from plugins.build import addresses_written

from . import sitemap
from .membership import index_taxonomies, list_periods_quickly
from .related import TopicIndex
from .settings import SETTINGS

apply_defaults = defaults_applier(SETTINGS)


def link_statements(generator) -> None:
    newest_first = generator.articles
    for index, article in enumerate(newest_first):
        article.previous_statement = newest_first[index + 1] if index + 1 < len(newest_first) else None
        article.next_statement = newest_first[index - 1] if index > 0 else None
    for article in generator.hidden_articles:
        article.previous_statement = article.next_statement = None

    public = [*newest_first, *generator.hidden_articles]
    topic_index = TopicIndex(newest_first)
    count = generator.settings["LISTINGS_RELATED_COUNT"]
    by_id = {article.statement.id: article for article in public}
    for article in public:
        article.related_statements = topic_index.related(article, count)
        article.replacement = by_id.get(article.statement.superseded_by)


def register() -> None:
    signals.initialized.connect(apply_defaults)
    addresses_written.connect(sitemap.written)
    signals.initialized.connect(sitemap.start_afresh)
    signals.article_generator_pretaxonomy.connect(index_taxonomies)
    signals.article_generator_pretaxonomy.connect(list_periods_quickly)
    signals.article_generator_finalized.connect(link_statements)
    signals.article_generator_finalized.connect(sitemap.date_listings)
