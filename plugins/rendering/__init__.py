"""Rendering: pages are rendered and written by several processes at once.

Adds to Pelican:

- a writer (``writer.ParallelWriter``, given through ``get_writer``) that lets Pelican and the
  other plugins name every page and build its context as usual, but defers rendering the
  template: the pages are rendered and written in batches, shared among forked worker
  processes, one per CPU, which render one batch while Pelican prepares the next.  Every
  generator's pages go through it (statements, listings, level pages, the feeds page);
- the build's fingerprints (``fingerprints.for_build``), made in its shared context at
  ``all_generators_finalized`` with every statement's card, before Pelican copies that context
  for some pages (the period archives) and before the workers fork: both then share them;
- the pages still pending when a generator ends are written at ``article_writer_finalized``,
  ``page_writer_finalized`` and, for the plugins' own generators, ``finalized``, before the
  publishing plugin swaps the output in.  A worker that fails fails the build, and the atomic
  output keeps the previous site.

The output is byte-for-byte what rendering in one process gives.  Settings and their defaults
are in ``settings.py``.
"""

from __future__ import annotations

from itertools import chain

from pelican import signals
from pelican.generators import ArticlesGenerator

from plugins import defaults_applier

from .fingerprints import for_build
from .settings import DEFAULTS, RULES
from .writer import ParallelWriter

apply_defaults = defaults_applier(DEFAULTS, RULES)


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
    fingerprints = for_build(articles.settings, articles.context)
    for article in chain(articles.articles, articles.hidden_articles, articles.drafts):
        fingerprints.card(article)


def write_generators_pages(generator, writer) -> None:
    writer.flush()


def write_remaining_pages(pelican) -> None:
    writer = ParallelWriter.running.pop(id(pelican.settings), None)
    if writer:
        writer.finish()


def register() -> None:
    signals.initialized.connect(apply_defaults)
    signals.all_generators_finalized.connect(work_out_fingerprints)
    signals.get_writer.connect(parallel_writer)
    signals.article_writer_finalized.connect(write_generators_pages)
    signals.page_writer_finalized.connect(write_generators_pages)
    signals.finalized.connect(write_remaining_pages)
