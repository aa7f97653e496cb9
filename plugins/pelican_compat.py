"""Every use of a private member of Pelican or pelican-sitemap, in one place.

Written against pelican 4.12.0 and pelican-sitemap 1.2.2 (requirements.txt pins both);
tests/test_pelican_compat.py checks each member named below against the installed versions
and fails, naming the member, on an upgrade that changes one.  The plugins call these
functions and touch no private member themselves.

- ``stamp_no_files``: ``FileStampDataCacher._filestamp_func`` of a generator and of its
  readers.  Pelican stamps every file for its content cache even when the cache is off;
  our own parse cache does that job (statements).
- ``freeze_urls``: swaps an ``Article``'s class for ``FrozenUrlArticle``, whose ``url`` and
  ``save_as`` are worked out once instead of on every use (statements, preview).
- ``list_taxonomies_in``: replaces ``ArticlesGenerator.tags`` and ``.categories`` after
  ``article_generator_pretaxonomy``, before ``generate_context`` fills them (listings).
- ``wrap_period_archives``: ``ArticlesGenerator._build_period_archives(sorted_articles,
  articles, settings)``, wrapped on the generator to list each period without Pelican's scan
  (listings).
- ``restart_sitemap`` and ``date_sitemap``: pelican-sitemap's module-level ``generator``
  (a ``SitemapGenerator``), initialised again at each build and given its ``now`` (listings).
- ``claim_output_file``: the rules of ``Writer._open_w`` for a file written twice, on its
  ``_written_files`` and ``_overridden_files``; ``build.writer.ParallelWriter._open_w``
  overrides ``_open_w`` (same signature) and calls this instead of opening the file.
- ``write_output_into``: ``Pelican.output_path``, which ``Pelican.run`` reads after sending
  ``get_generators`` (the build layer: build into a staging folder).
- ``copy_static_files``: ``context["static_links"]``, the set of paths (from the content
  folder) that ``StaticGenerator.generate_context`` copies besides ``STATIC_PATHS``; Pelican's
  own link rewriting fills it, which the archive switches off (statements: the files bodies
  link to with ``{static}``, once checked).
- ``wrap_run``: ``Pelican.run``, replaced on the instance (the build layer: a lock around each
  run, the staging folder swapped in when it returns, one line when the output cannot be written).
- ``register_plugins``: ``pelican.plugins._utils.load_plugins`` and ``get_plugin_name``, with
  which ``Pelican.init_plugins`` finds and names the plugins of ``PLUGINS`` (the build layer:
  the settings a build runs with, read without a ``Pelican`` object, for ``make check``).
- ``content_files``: ``Generator.get_files`` and its ``_include_path``, run on the content
  folder without a generator, so that the check before anything is written lists exactly the
  files Pelican's generators list (statements).
"""

from __future__ import annotations

import functools
import logging
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable

from pelican.contents import Article
from pelican.generators import Generator
from pelican.plugins._utils import get_plugin_name, load_plugins
from pelican.writers import FileOverwriteFailedError

logger = logging.getLogger(__name__)

SITEMAP_MODULE = "pelican.plugins.sitemap.sitemap"


def stamp_no_files(generator) -> None:
    """Make ``generator`` and its readers stamp no file (``FileStampDataCacher._filestamp_func``)."""
    for cacher in (generator, generator.readers):
        cacher._filestamp_func = _no_stamp


def _no_stamp(path: str) -> None:
    return None


class FrozenUrlArticle(Article):
    """A Pelican article whose URL and output path are worked out once.

    Pelican recomputes both from the URL settings on every use (``Article.url`` and
    ``Article.save_as`` are properties), and listings, feeds, related statements and the
    sitemap use them tens of times for each statement: a third of a large build went there.
    """

    url = functools.cached_property(Article.url.fget)
    save_as = functools.cached_property(Article.save_as.fget)


def freeze_urls(articles: Iterable[Article]) -> None:
    """Fix each article's URL and output path from now on: call it once its status is settled."""
    for article in articles:
        article.__class__ = FrozenUrlArticle


def list_taxonomies_in(generator, list_class: type[list]) -> None:
    """Have ``generate_context`` file the articles under tags and categories in ``list_class`` lists."""
    generator.tags = defaultdict(list_class)
    generator.categories = defaultdict(list_class)


def wrap_period_archives(generator, around: Callable[..., dict]) -> None:
    """Have ``_build_period_archives(sorted_articles, articles, settings)`` call ``around(build, ...)`` instead."""
    generator._build_period_archives = functools.partial(around, generator._build_period_archives)


def _loaded_sitemap():
    return sys.modules.get(SITEMAP_MODULE)


def restart_sitemap() -> None:
    """Start pelican-sitemap's one generator of the process afresh, when it is loaded."""
    sitemap = _loaded_sitemap()
    if sitemap:
        sitemap.generator.__init__()


def date_sitemap(moment) -> None:
    """Date the listing pages in pelican-sitemap's sitemap with ``moment`` (its generator's ``now``)."""
    sitemap = _loaded_sitemap()
    if sitemap:
        sitemap.generator.now = moment


def claim_output_file(writer, filename: str, override: bool) -> bool:
    """Pelican's ``Writer._open_w`` rules for a file written twice: whether to write ``filename`` now.

    Raises as Pelican does for a file written twice without ``override``, or overridden twice;
    False for a file already overridden, which a write without ``override`` leaves alone.
    """
    if filename in writer._overridden_files:
        if override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
            )
        logger.info('Skipping "%s", not overwriting', filename)
        return False
    if filename in writer._written_files and not override:
        raise FileOverwriteFailedError(
            f'Failed to overwrite "{filename}" as Pelican has already written to it previously '
            "(set `override=True` if intended)"
        )
    if override:
        writer._overridden_files.add(filename)
    writer._written_files.add(filename)
    return True


def copy_static_files(generator, paths: Iterable[str]) -> None:
    """Have the static generator copy ``paths`` (from the content folder) to the same paths in the output.

    Call it from an article or page generator's receiver: the static generator runs after both.
    """
    generator.context["static_links"] |= set(paths)


def write_output_into(pelican, folder: str) -> None:
    """Have this run's generators write into ``folder`` (``Pelican.output_path``, at ``get_generators`` or later)."""
    pelican.output_path = folder


def wrap_run(pelican, around: Callable[[Callable[[], None]], None]) -> None:
    """Make each ``pelican.run()`` call ``around(run)``, ``run`` being Pelican's own."""
    pelican.run = functools.partial(around, pelican.run)


def register_plugins(settings) -> list:
    """Register every plugin of ``PLUGINS`` and name them there, as ``Pelican.init_plugins`` does; the plugins.

    Unlike Pelican, a plugin that fails to register raises: a check must not pass without one of its checks.
    """
    plugins = load_plugins(settings)
    for plugin in plugins:
        plugin.register()
    settings["PLUGINS"] = [get_plugin_name(plugin) for plugin in plugins]
    return plugins


class _ContentFolder:
    """What ``Generator.get_files`` reads of a generator: the content folder and the settings."""

    get_files = Generator.get_files
    _include_path = Generator._include_path

    def __init__(self, settings) -> None:
        self.path = settings["PATH"]
        self.settings = settings


def content_files(settings, paths: list[str], excludes: list[str], extensions: Iterable[str] | bool) -> set[str]:
    """The files (from the content folder) that a Pelican generator lists under ``paths``, as ``get_files`` does:
    through links, without ``excludes`` and ``IGNORE_FILES``, with one of ``extensions`` (False: any)."""
    return _ContentFolder(settings).get_files(paths, exclude=excludes, extensions=extensions)
