"""Search: full-text search of the published statements with Pagefind, on any static host.

Adds to Pelican:

- a Pagefind bundle in ``<output>/pagefind/`` written during every build (``make html``,
  ``make publish``, plain ``pelican``), in chunks of SEARCH_CHUNK_SIZE statements, oldest
  first, each a Pagefind index in its own folder (``0/``, ``1/``...) that the search page
  merges; Pagefind indexes in processes of its own while Pelican writes the pages (from
  ``all_generators_finalized``), a chunk a process, and each chunk is written as soon as it is
  made; the build waits for the last at ``finalized``: one record per published statement,
  built from the statement in memory rather than by re-reading pages (``records.py``).  A
  record holds the summary and body as plain text, the metadata a result shows (title, date,
  threat level, category; Pagefind searches these too), the filters ``threat level``,
  ``category``, ``year`` and ``tag``, and a ``date`` sort.  Drafts, embargoed and withdrawn
  statements are never indexed: only ``context["articles"]`` is.  ``bundle.py`` drives
  Pagefind's Python API;
- in the context, for the search page (``theme/templates/search.html``, a direct template,
  whose script is ``theme/static/js/search.js``): ``search_filters`` (``records.FilterControl``
  list: the level, category and year checkboxes, with the values published statements have)
  and ``search_levels`` (every ``ThreatLevel``, for the badges the script copies);
  ``search_chunks``, how many chunks the script merges; and ``search_records``, the number of
  records, for the build report.

When the build has a last output to link from (see the rendering plugin), a chunk made from the
same statements (whole, with their URLs and dates), settings, code and Pagefind version is not
indexed again: its files are linked from the last output (``CACHE_PATH/search-index.pickle``).
So a rebuild after an edit indexes one chunk, and a new statement changes only the last.

Settings and their defaults are in ``settings.py``.
"""

from __future__ import annotations

import shutil
from concurrent.futures import Future
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator

from plugins import defaults_applier
from plugins.rendering.fingerprints import Whole, for_build
from plugins.rendering.reuse import PageReuse
from plugins.rendering.writer import FORK_LOCK
from plugins.threat_levels.levels import ThreatLevel

from .bundle import start_bundle
from .records import filter_controls, search_record
from .settings import DEFAULTS

INDEX_MANIFEST = "search-index.pickle"


@dataclass
class PendingIndex:
    """A build's search index: the chunks being indexed beside the build, and how each chunk was made."""

    bundle: Future | None  # None when every chunk was linked from the last build
    fingerprints: dict[int, str | None]  # of the chunks being indexed, by number
    reuse: PageReuse
    folder: Path


# Indexes being made while their build writes its pages, by the id of the build's settings: the
# generators and the Pelican object share that one dict, and builds may run side by side.
_pending_indexes: dict[int, PendingIndex] = {}


apply_defaults = defaults_applier(DEFAULTS)


def collect_records(generators) -> None:
    """Give the search page its filters and chunk count, and start indexing the chunks that changed."""
    articles = next(generator for generator in generators if isinstance(generator, ArticlesGenerator))
    settings, context = articles.settings, articles.context
    published = sorted(articles.articles, key=lambda article: (article.date, article.statement.id))
    context["search_filters"] = filter_controls([a.statement for a in published], settings["STATEMENT_CATEGORIES"])
    context["search_levels"] = list(ThreatLevel)  # one badge of each for the script to copy
    context["search_records"] = len(published)  # for the build report's summary line
    size = settings["SEARCH_CHUNK_SIZE"]
    # Oldest first, so that a new statement changes the last chunk alone; chunk 0 always exists.
    chunks = [published[start : start + size] for start in range(0, len(published), size)] or [[]]
    context["search_chunks"] = len(chunks)

    reuse = PageReuse(settings, articles.output_path, INDEX_MANIFEST)
    fingerprints = for_build(settings, context)
    changed: dict[int, list[Article]] = {}
    made_from: dict[int, str | None] = {}
    for number, chunk in enumerate(chunks):
        folder = f"{settings['SEARCH_BUNDLE_DIR']}/{number}/"
        shows = (
            version("pagefind"),
            [(Whole(article), article.locale_date) for article in chunk],
        )
        made_from[number] = fingerprints.document(folder, shows)
        if not (made_from[number] and reuse.link_folder(folder, made_from[number])):
            changed[number] = chunk
    language = settings["DEFAULT_LANG"].split("-")[0].lower()

    def record(article: Article) -> dict:
        with FORK_LOCK:  # made in the indexing thread, with lxml, while the rendering plugin forks workers
            return search_record(
                article.statement, f"{settings['SITEURL']}/{article.url}", article.locale_date, language
            )

    bundle_folder = Path(articles.output_path) / settings["SEARCH_BUNDLE_DIR"]
    if len(changed) == len(chunks):  # no chunk to keep: no chunk of an older, longer archive either
        shutil.rmtree(bundle_folder, ignore_errors=True)
    # Made as each chunk is sent to Pagefind, so the first starts at once and no chunk's records wait in memory.
    records = {number: map(record, chunk) for number, chunk in changed.items()}
    _pending_indexes[id(settings)] = PendingIndex(
        start_bundle(records, bundle_folder, settings["SEARCH_INDEX_PROCESSES"]) if records else None,
        {number: made_from[number] for number in changed},
        reuse,
        bundle_folder,
    )


def finish_index(pelican) -> None:
    """Wait for the chunks indexed during the build, and keep their fingerprints for the next."""
    pending = _pending_indexes.pop(id(pelican.settings))
    if pending.bundle:
        for path in pending.bundle.result():
            chunk = int(path.relative_to(pending.folder).parts[0])
            pending.reuse.record([pending.reuse.written(str(path), pending.fingerprints[chunk])])
    pending.reuse.save()


def register() -> None:
    signals.initialized.connect(apply_defaults)
    signals.all_generators_finalized.connect(collect_records)
    signals.finalized.connect(finish_index)
