"""Search: full-text search of the published statements with Pagefind, on any static host.

Adds to Pelican:

- a Pagefind bundle in ``<output>/pagefind/`` written during every build (``make html``,
  ``make publish``, plain ``pelican``): one index of every published statement, so that every
  search ranks them all alike.  Pagefind indexes in a process of its own, started as soon as the
  statements are read (``article_generator_pretaxonomy``), while Pelican writes the pages; the
  build waits for it at ``finalized``.  One page per published statement, made from the
  statement in memory rather than by re-reading the site's pages (``records.py``): its title,
  threat level, summary and body; the metadata a result shows (date, level, category); the
  filters ``threat level``, ``category``, ``year`` and ``tag``; and a ``date`` sort.  Beside it, the
  archive's words (``vocabulary.py``, in ``words.json``) for the page's "Did you mean …?".  Drafts,
  embargoed and withdrawn statements are never indexed: only ``context["articles"]`` is.
  ``bundle.py`` drives Pagefind in its service mode and keeps only the files the search page
  loads;
- in the context, for the search page (``theme/templates/search.html``, a direct template,
  whose script is ``theme/static/js/search.js``): ``search_filters`` (``records.FilterControl``
  list: the level, category, year and tag checkboxes, with the values published statements have,
  how many have each and the listing of those, for readers without JavaScript),
  ``search_levels`` (every ``ThreatLevel``, for the badges the script copies),
  ``search_every_statement`` (the word every record holds, which a search with no words asks for)
  and ``search_words`` (the words' file, in the bundle's folder); and ``search_records``, the
  number of statements indexed, for the build report.

A build whose pages, Pagefind version and indexing code are those of the last index made links
that index's files from ``CACHE_PATH/search-index/`` instead of indexing again (``kept.py``); a
build with any statement changed indexes every statement again.

Settings and their defaults are in ``settings.py``.
"""

from __future__ import annotations

import concurrent.futures
import shutil
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator

from plugins import defaults_applier
from plugins.archive.levels import ThreatLevel
from plugins.archive.schema import Statement
from plugins.build import BuildRun, CacheStore, addresses_written, connect

from .bundle import write_bundle
from .kept import FOLDER, KeptIndex, digest
from .records import EVERY_STATEMENT, filter_controls, search_page
from .settings import SETTINGS
from .vocabulary import WORDS, write_vocabulary

# The key, on the build's run, of the index being made while the build writes its pages.
INDEX = "search.index"


apply_defaults = defaults_applier(SETTINGS)


def start_index(articles: ArticlesGenerator) -> None:
    """Give the search page its filters, and start the index: Pagefind, the build's longest task, starts now."""
    settings, context = articles.settings, articles.context
    published = sorted(articles.articles, key=lambda article: article.statement.order_key)
    context["search_filters"] = filter_controls(published, settings)
    context["search_levels"] = list(ThreatLevel)  # one badge of each for the script to copy
    context["search_every_statement"] = EVERY_STATEMENT
    context["search_words"] = WORDS
    context["search_records"] = len(published)  # for the build report's summary line
    pages = [
        search_page(article.statement, f"{settings['SITEURL']}/{article.url}", article.locale_date)
        for article in published
    ]
    folder = Path(articles.output_path) / settings["SEARCH_BUNDLE_DIR"]
    store = CacheStore(settings)
    kept = KeptIndex(store.path(FOLDER), store.made_by)
    statements = [article.statement for article in published]
    thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="pagefind")
    BuildRun.of(settings).get_or_make(INDEX, lambda: thread.submit(_make_index, pages, statements, folder, kept))
    thread.shutdown(wait=False)  # the thread ends when the index is written


def _make_index(pages: list[dict[str, str]], statements: list[Statement], folder: Path, kept: KeptIndex) -> None:
    """Link the kept index into ``folder`` if it was made from the same pages, else index them and keep that.

    The archive's words (from ``statements``, whose text the pages hold) are written beside the index
    and kept with it.
    """
    made = digest(pages, kept.made_by)
    shutil.rmtree(folder, ignore_errors=True)  # an older bundle's files would be left among the new
    if kept.holds(made):
        kept.link_into(folder)
    else:
        write_bundle(pages, folder)
        write_vocabulary(folder / WORDS, statements)
        kept.keep(made, folder)


def finish_index(pelican) -> None:
    """Wait for the index, after the build layer started its last pages; what Pagefind refused stops the build."""
    BuildRun.of(pelican.settings).pop(INDEX).result()


def written(settings) -> list[str]:
    """Pagefind's folder, all of it (for the aliases' check; the search page is a DIRECT_TEMPLATES page)."""
    return [settings["SEARCH_BUNDLE_DIR"] + "/"]


def register() -> None:
    signals.initialized.connect(apply_defaults)
    addresses_written.connect(written)
    signals.article_generator_pretaxonomy.connect(start_index)
    connect(signals.finalized, finish_index)
