"""Search: full-text search of the published statements with Pagefind, on any static host.

Adds to Pelican:

- a Pagefind bundle in ``<output>/pagefind/`` written during every build (``make html``,
  ``make publish``, plain ``pelican``), in chunks of SEARCH_CHUNK_SIZE statements, oldest
  first, each a Pagefind index in its own folder (``0/``, ``1/``...) that the search page
  merges; Pagefind indexes in processes of its own, a chunk a process, while Pelican goes on
  (from ``article_generator_pretaxonomy`` for the chunks sure to have changed: all of them in
  a first build, those holding an edited or added statement in a rebuild; from
  ``all_generators_finalized`` for any other the fingerprints find changed), and each chunk
  is written as soon as it is made; the build waits for the last at ``finalized``: one record
  per published statement, built from the statement in memory rather than by re-reading
  pages (``records.py``).  A record holds the summary and body as plain text, the metadata a
  result shows (title, date, threat level, category; Pagefind searches these too), the
  filters ``threat level``, ``category``, ``year`` and ``tag``, and a ``date`` sort.  Drafts,
  embargoed and withdrawn statements are never indexed: only ``context["articles"]`` is.
  ``bundle.py`` drives Pagefind processes in their service mode;
- in the context, for the search page (``theme/templates/search.html``, a direct template,
  whose script is ``theme/static/js/search.js``): ``search_filters`` (``records.FilterControl``
  list: the level, category and year checkboxes, with the values published statements have,
  how many have each and the listing of those, for readers without JavaScript)
  and ``search_levels`` (every ``ThreatLevel``, for the badges the script copies);
  ``search_chunks``, how many chunks the script merges; and ``search_records``, the number of
  records, for the build report.

When the build has a last output to link from (see the build layer), a chunk made from the
same statements (whole, with their URLs and dates), settings, code and Pagefind version is not
indexed again: its files are linked from the last output (``CACHE_PATH/search-index.pickle``).
So a rebuild after an edit indexes one chunk, and a new statement changes only the last.

Settings and their defaults are in ``settings.py``.
"""

from __future__ import annotations

import shutil
from concurrent.futures import Future
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator

from plugins import defaults_applier
from plugins.archive.levels import ThreatLevel
from plugins.build import addresses_written
from plugins.build.fingerprints import Whole, for_build
from plugins.build.reuse import PageReuse
from plugins.build.writer import FORK_LOCK

from .bundle import start_bundle
from .records import filter_controls, search_record
from .settings import DEFAULTS, RULES

INDEX_MANIFEST = "search-index.pickle"


@dataclass
class PendingIndex:
    """A build's search index: its chunks, those being indexed beside the build, and how each chunk was made."""

    chunks: list[list[Article]]  # the published statements, oldest first, in SEARCH_CHUNK_SIZE chunks
    articles: ArticlesGenerator  # its settings and context
    reuse: PageReuse
    bundles: list[Future] = field(default_factory=list)  # each indexing some chunks, one after the other
    indexing: set[int] = field(default_factory=set)  # the numbers of the chunks they index
    made_from: dict[int, str | None] = field(default_factory=dict)  # fingerprints, by chunk number

    @property
    def folder(self) -> Path:
        return Path(self.articles.output_path) / self.articles.settings["SEARCH_BUNDLE_DIR"]

    def chunk_folder(self, number: int) -> str:
        return f"{self.articles.settings['SEARCH_BUNDLE_DIR']}/{number}/"


# Indexes being made while their build writes its pages, by the id of the build's settings: the
# generators and the Pelican object share that one dict, and builds may run side by side.
_pending_indexes: dict[int, PendingIndex] = {}


apply_defaults = defaults_applier(DEFAULTS, RULES)


def start_index(articles: ArticlesGenerator) -> None:
    """Give the search page its filters and chunk count, and start indexing the chunks sure to have changed.

    Pagefind, the build's longest task, then starts as soon as the statements are read, while
    the build's own process works alone.  Sure to have changed: every chunk when there is no
    last index to link from (a first build), else each chunk holding a statement whose file
    changed (``statements_changed``: an edited or added statement).  Whether the others changed
    is known only once every generator has made its context, which the fingerprints cover
    (``link_unchanged_chunks``).
    """
    settings, context = articles.settings, articles.context
    published = sorted(articles.articles, key=lambda article: article.statement.order_key)
    context["search_filters"] = filter_controls(published, settings)
    context["search_levels"] = list(ThreatLevel)  # one badge of each for the script to copy
    context["search_records"] = len(published)  # for the build report's summary line
    size = settings["SEARCH_CHUNK_SIZE"]
    # Oldest first, so that a new statement changes the last chunk alone; chunk 0 always exists.
    chunks = [published[start : start + size] for start in range(0, len(published), size)] or [[]]
    context["search_chunks"] = len(chunks)
    reuse = PageReuse(settings, articles.output_path, INDEX_MANIFEST)
    pending = _pending_indexes[id(settings)] = PendingIndex(chunks, articles, reuse)
    if reuse.last_pages:
        edited = context["statements_changed"]
        surely = [n for n, chunk in enumerate(chunks) if any(a.statement.source_path in edited for a in chunk)]
    else:
        surely = list(range(len(chunks)))
    if surely:
        _start_indexing(pending, surely)


def link_unchanged_chunks(generators) -> None:
    """Link from the last build each chunk made from the same statements, settings and code; index the others."""
    pending = _pending_indexes[id(generators[0].settings)]  # every generator has the build's settings
    # Worked out here even for the chunks being indexed already (the manifest keeps them): the feed
    # workers, forked later, then inherit each statement's whole digest instead of working it out.
    _fingerprint_chunks(pending)
    changed = [
        number
        for number, made_from in pending.made_from.items()
        if number not in pending.indexing
        and not (made_from and pending.reuse.link_folder(pending.chunk_folder(number), made_from))
    ]
    if changed:
        _start_indexing(pending, changed)


def finish_index(pelican) -> None:
    """Wait for the chunks indexed during the build, and keep their fingerprints for the next."""
    pending = _pending_indexes.pop(id(pelican.settings))
    for bundle in pending.bundles:
        for path in bundle.result():
            chunk = int(path.relative_to(pending.folder).parts[0])
            pending.reuse.record([pending.reuse.written(str(path), pending.made_from[chunk])])
    pending.reuse.save()


def _fingerprint_chunks(pending: PendingIndex) -> None:
    """What each chunk is made from: the Pagefind version and its statements, whole, with their dates."""
    fingerprints = for_build(pending.articles.settings, pending.articles.context)
    for number, chunk in enumerate(pending.chunks):
        shows = (version("pagefind"), [(Whole(article), article.locale_date) for article in chunk])
        pending.made_from[number] = fingerprints.document(pending.chunk_folder(number), shows)


def _start_indexing(pending: PendingIndex, numbers: list[int]) -> None:
    settings = pending.articles.settings
    language = settings["DEFAULT_LANG"].split("-")[0].lower()

    def record(article: Article) -> dict:
        with FORK_LOCK:  # made in the indexing thread, with lxml, while the build layer forks workers
            return search_record(
                article.statement, f"{settings['SITEURL']}/{article.url}", article.locale_date, language
            )

    if len(numbers) == len(pending.chunks):  # no chunk to keep: no chunk of an older, longer archive either
        shutil.rmtree(pending.folder, ignore_errors=True)
    # Each chunk's records are made while the chunk before it is indexed, so that few wait in memory.
    records = {number: map(record, pending.chunks[number]) for number in numbers}
    # The first chunk's here, so that Pagefind starts at once: the indexing thread would wait
    # seconds for the interpreter lock while this thread goes on with the build.
    records[numbers[0]] = list(records[numbers[0]])
    # After the bundle already started, if any: never more than SEARCH_INDEX_PROCESSES Pagefinds at once.
    after = pending.bundles[-1] if pending.bundles else None
    pending.bundles.append(start_bundle(records, pending.folder, settings["SEARCH_INDEX_PROCESSES"], after))
    pending.indexing.update(numbers)


def written(settings) -> list[str]:
    """Pagefind's folder, all of it (for the aliases' check; the search page is a DIRECT_TEMPLATES page)."""
    return [settings["SEARCH_BUNDLE_DIR"] + "/"]


def register() -> None:
    signals.initialized.connect(apply_defaults)
    addresses_written.connect(written)
    signals.article_generator_pretaxonomy.connect(start_index)
    signals.all_generators_finalized.connect(link_unchanged_chunks)
    signals.finalized.connect(finish_index)
