"""Search: full-text search of the published statements with Pagefind, on any static host.

Adds to Pelican:

- a Pagefind bundle in ``<output>/pagefind/`` written at the end of every build (``make html``,
  ``make publish``, plain ``pelican``); Pagefind indexes in its own process while Pelican
  writes the pages (from ``all_generators_finalized``): one record per published statement,
  built from the statement in memory rather than by re-reading pages (``records.py``).  A
  record holds the summary and body as plain text, the metadata a result shows (title, date,
  threat level, category; Pagefind searches these too), the filters ``threat level``,
  ``category``, ``year`` and ``tag``, and a ``date`` sort.  Drafts, embargoed and withdrawn
  statements are never indexed: only ``context["articles"]`` is.  ``bundle.py`` drives
  Pagefind's Python API;
- in the context, for the search page (``theme/templates/search.html``, a direct template,
  whose script is ``theme/static/js/search.js``): ``search_filters`` (``records.FilterControl``
  list: the level, category and year checkboxes, with the values published statements have)
  and ``search_levels`` (every ``ThreatLevel``, for the badges the script copies); and
  ``search_records``, the number of records, for the build report.

Settings and their defaults are in ``settings.py``.
"""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator

from plugins import defaults_applier
from plugins.threat_levels.levels import ThreatLevel

from .bundle import start_bundle, write_bundle
from .records import filter_controls, search_record
from .settings import DEFAULTS

# Bundles being indexed while their build writes its pages, by the id of the build's settings:
# the generators and the Pelican object share that one dict, and builds may run side by side.
_pending_bundles: dict[int, Future] = {}


apply_defaults = defaults_applier(DEFAULTS)


def collect_records(generators) -> None:
    """Give the search page its filter checkboxes and make the records of the published statements."""
    articles = next(generator for generator in generators if isinstance(generator, ArticlesGenerator))
    settings = articles.settings
    published = sorted(articles.articles, key=lambda article: (article.date, article.statement.id))
    statements = [article.statement for article in published]
    articles.context["search_filters"] = filter_controls(statements, settings["STATEMENT_CATEGORIES"])
    articles.context["search_levels"] = list(ThreatLevel)  # one badge of each for the script to copy
    language = settings["DEFAULT_LANG"].split("-")[0].lower()
    records = [
        search_record(article.statement, f"{settings['SITEURL']}/{article.url}", article.locale_date, language)
        for article in published
    ]
    _pending_bundles[id(settings)] = start_bundle(records)
    articles.context["search_records"] = len(records)  # for the build report's summary line


def write_index(pelican) -> None:
    """Write the bundle into the output folder this build wrote its pages to."""
    bundle = _pending_bundles.pop(id(pelican.settings))
    write_bundle(bundle, Path(pelican.output_path) / pelican.settings["SEARCH_BUNDLE_DIR"])


def register() -> None:
    signals.initialized.connect(apply_defaults)
    signals.all_generators_finalized.connect(collect_records)
    signals.finalized.connect(write_index)
