"""The build layer: how a run of ``pelican`` writes the site, for every feature plugin alike.

Its public interface, which the feature plugins use (and nothing else of this package):

- ``BuildRun`` (``run.py``): one object per run, where a plugin keeps what it holds while the
  build runs; ``connect(signal, receiver, priority)`` for a receiver whose order matters;
  ``run_finished``, sent when a run's output is in place;
- ``addresses_written`` (``addresses.py``): the signal each plugin answers with the paths it
  writes (``written_patterns(settings, pages)``); ``written_addresses(settings, pages)`` is the
  expression matching all of them (``address_matcher`` makes one of any patterns), and
  ``taken(file, written)`` whether a file would take one, so that no alias of a statement can;
- ``CacheStore(settings)`` (``store.py``): what a build keeps in ``CACHE_PATH`` for the next, a
  namespace each (the parse cache, page reuse's manifest, the search index), all under one key
  for the code and theme that made it (``made_by``), and written whole or not at all;
- ``StatementInFull`` and a writer's ``write_document(name, depends_on, produce, context)``: a
  document made by a function (a feed), written by the workers or linked from the last build
  when what it ``depends_on`` (what it shows) is unchanged (a statement it shows entire, body
  included, is given as ``StatementInFull(article)``);
- ``read_build_settings(settings_file, override)`` (``reading.py``): the settings a build of
  ``settings_file`` runs with (every plugin registered, its defaults applied and checked), read
  without a ``Pelican`` object, for the commands that check content without building (``make check``);
- ``FORK_LOCK``: held by any thread of the build while it runs a C library with locks of its
  own (lxml), so that no worker is forked while that lock is held.

What it does for every build (registered by ``register``, listed in ``PLUGINS`` like a plugin):

- **atomic output** (``output.py``, ``atomic.py``): each run holds ``<output>.lock``, writes into
  ``<output>.staging`` and swaps it in when the run has returned; a failed run leaves the last
  output as it was;
- **workers** (``writer.py``): Pelican names every page and builds its context as usual, but the
  templates are rendered in batches by forked worker processes (``RENDERING_WORKERS``, never more
  than the CPUs), which render one batch while Pelican prepares the next; a worker that fails
  fails the build;
- **page reuse** (``reuse.py``, ``fingerprints.py``): a page or document whose fingerprint (its
  template, the settings, the code and what it shows) is unchanged since the last build is
  linked from the last output instead of rendered.  The fingerprints are made at
  ``all_generators_finalized``, with every statement's card, before the workers fork.

- **templates compiled once a process** (``templates.py``): every generator's Jinja environment
  shares one bytecode cache, and what each template reads is worked out once for its source, so
  the builds of ``make devserver`` (and of the test suite) compile the theme once.

The output is byte for byte what rendering in one process, without reuse, gives.  Settings and
their defaults are in ``settings.py``.
"""

from __future__ import annotations

from itertools import chain

from pelican import signals
from pelican.generators import ArticlesGenerator

from plugins import defaults_applier

from .addresses import address_matcher, addresses_written, taken, written_addresses, written_patterns
from .fingerprints import StatementInFull, for_build
from .output import prepare_staging, run_atomically, run_finished
from .reading import read_build_settings
from .run import EARLY, NORMAL, BuildRun, connect
from .settings import SETTINGS
from .store import CacheStore
from .templates import share_compiled_templates
from .writer import FORK_LOCK, ParallelWriter

__all__ = [
    "EARLY",
    "FORK_LOCK",
    "NORMAL",
    "SETTINGS",
    "BuildRun",
    "CacheStore",
    "StatementInFull",
    "address_matcher",
    "addresses_written",
    "connect",
    "read_build_settings",
    "register",
    "run_finished",
    "taken",
    "written_addresses",
    "written_patterns",
]

apply_defaults = defaults_applier(SETTINGS)


def parallel_writer(pelican) -> type[ParallelWriter]:
    return ParallelWriter


def work_out_fingerprints(generators) -> None:
    """Make the build's fingerprints, with every statement's card, before any page is named.

    Pelican gives each period archive a copy of the shared context: one made before the
    fingerprints were in it would lack them, and every such page would work out the site's
    fingerprint and the cards of the whole archive again.  The workers inherit the cards
    instead of working them out in each batch.
    """
    articles = next(generator for generator in generators if isinstance(generator, ArticlesGenerator))
    if not articles.settings["RENDERING_REUSE"]:
        return
    fingerprints = for_build(articles.settings, articles.context, articles.env)
    for article in chain(articles.articles, articles.hidden_articles, articles.drafts):
        fingerprints.as_listed(article)


def write_generators_pages(generator, writer) -> None:
    writer.flush()


def write_remaining_pages(pelican) -> None:
    """At ``finalized``, first of all: the last pages render while other receivers wait (Pagefind)."""
    writer = BuildRun.of(pelican.settings).pop(ParallelWriter.RUN_KEY)
    if writer:
        writer.finish()


def register() -> None:
    signals.initialized.connect(apply_defaults)
    signals.initialized.connect(run_atomically)
    signals.static_generator_init.connect(prepare_staging)
    signals.generator_init.connect(share_compiled_templates)
    signals.all_generators_finalized.connect(work_out_fingerprints)
    signals.get_writer.connect(parallel_writer)
    signals.article_writer_finalized.connect(write_generators_pages)
    signals.page_writer_finalized.connect(write_generators_pages)
    connect(signals.finalized, write_remaining_pages, EARLY)
