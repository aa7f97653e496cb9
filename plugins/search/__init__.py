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

When the build has a last output to link from (see the rendering plugin), an index made from
the same statements (whole, with their URLs and dates), settings, code and Pagefind version
is not made again: its files are linked from the last output (``CACHE_PATH/search-index.pickle``).

Settings and their defaults are in ``settings.py``.
"""

from __future__ import annotations

from concurrent.futures import Future
from importlib.metadata import version
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator

from plugins import defaults_applier
from plugins.rendering.fingerprints import Fingerprints, site_fingerprint
from plugins.rendering.reuse import PageReuse
from plugins.threat_levels.levels import ThreatLevel

from .bundle import start_bundle, write_bundle
from .records import filter_controls, search_record
from .settings import DEFAULTS

# Bundles being indexed while their build writes its pages, with what the index is made from and
# the last build's index, by the id of the build's settings: the generators and the Pelican object
# share that one dict, and builds may run side by side.
_pending_bundles: dict[int, tuple[Future | None, str | None, PageReuse]] = {}
INDEX_MANIFEST = "search-index.pickle"


apply_defaults = defaults_applier(DEFAULTS)


def collect_records(generators) -> None:
    """Give the search page its filter checkboxes and make the records of the published statements."""
    articles = next(generator for generator in generators if isinstance(generator, ArticlesGenerator))
    settings = articles.settings
    published = sorted(articles.articles, key=lambda article: (article.date, article.statement.id))
    statements = [article.statement for article in published]
    articles.context["search_filters"] = filter_controls(statements, settings["STATEMENT_CATEGORIES"])
    articles.context["search_levels"] = list(ThreatLevel)  # one badge of each for the script to copy
    articles.context["search_records"] = len(published)  # for the build report's summary line
    reuse = PageReuse(settings, articles.output_path, INDEX_MANIFEST)
    fingerprint = Fingerprints(site_fingerprint(settings, articles.context), {}).document(
        settings["SEARCH_BUNDLE_DIR"],
        (version("pagefind"), [(article, article.statement.body_html, article.locale_date) for article in published]),
    )
    if fingerprint and reuse.link_all(fingerprint):
        _pending_bundles[id(settings)] = (None, fingerprint, reuse)
        return
    language = settings["DEFAULT_LANG"].split("-")[0].lower()
    records = [
        search_record(article.statement, f"{settings['SITEURL']}/{article.url}", article.locale_date, language)
        for article in published
    ]
    _pending_bundles[id(settings)] = (start_bundle(records), fingerprint, reuse)


def write_index(pelican) -> None:
    """Write the bundle into the output folder this build wrote its pages to, unless it was linked."""
    bundle, fingerprint, reuse = _pending_bundles.pop(id(pelican.settings))
    if bundle:
        for path in write_bundle(bundle, Path(pelican.output_path) / pelican.settings["SEARCH_BUNDLE_DIR"]):
            reuse.record(str(path), fingerprint)
    reuse.save()


def register() -> None:
    signals.initialized.connect(apply_defaults)
    signals.all_generators_finalized.connect(collect_records)
    signals.finalized.connect(write_index)
