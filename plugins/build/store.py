"""The cache store: what a build keeps under ``CACHE_PATH`` for the next one, a namespace each.

Three things are kept: the statements' parse results (``statements``), the manifest of the pages
written (``rendered-pages``) and the search index (``search-index``, a folder).  Each was made by
some code and theme, and is of no use to other code: ``made_by(settings)`` is the one key for them,
a digest of the plugins' code, the theme's files, and the versions of Python and of the libraries
that make the site.  What else a namespace's contents depend on, its user adds to its own key (the
settings a parse reads, the pages indexed).

A build reading a kept file while another saves it sees the old file or the new one, never half of
either: each is written beside its place, under a name of the writing process's own (two builds
saving at once never write into one file), then renamed over it.  A cache folder that cannot be
written costs the next build its head start, never this build: a warning, and the build goes on.
Like the plugins' code, the cache folder must be writable by the archive's maintainers only:
loading a pickle can run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import logging
import os
import pickle
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .run import BuildRun

logger = logging.getLogger(__name__)

_MADE_BY = "build.made_by"  # the key of the digest on the build's run

# The libraries whose version can change what a build makes of the same content.
LIBRARIES = (
    "pelican",
    "jinja2",
    "markupsafe",
    "markdown",
    "pyyaml",
    "nh3",
    "selectolax",
    "langcodes",
    "feedgen",
    "pagefind",
)


def made_by(settings: Mapping[str, Any]) -> str | None:
    """The digest of the code and theme that make this build's site; None when a plugin's code cannot be
    found (a module made on the fly, say), so that nothing is kept for it or taken from the cache.

    Worked out once a build: the parse cache, page reuse and the search index each ask for it.
    """
    run = BuildRun.current()
    if run is None or run.settings is not settings:
        return _made_by(settings)
    return run.get_or_make(_MADE_BY, lambda: _made_by(settings))


def _made_by(settings: Mapping[str, Any]) -> str | None:
    plugin_files = _plugin_files(settings)
    if plugin_files is None:
        return None
    hashed = hashlib.blake2b(digest_size=16)
    hashed.update(repr((sys.version, [importlib.metadata.version(name) for name in LIBRARIES])).encode())
    for path in sorted({*_theme_files(settings), *plugin_files}):
        hashed.update(str(path).encode() + b"\0" + path.read_bytes())
    return hashed.hexdigest()


def _theme_files(settings: Mapping[str, Any]) -> Iterable[Path]:
    for folder in (settings["THEME"], *settings["THEME_TEMPLATES_OVERRIDES"]):
        yield from (path for path in Path(folder).rglob("*") if path.is_file())


def _plugin_files(settings: Mapping[str, Any]) -> list[Path] | None:
    """The Python files of every plugin's top-level package (the plugins and the helpers they share)."""
    folders = set()  # the archive's plugins share one top-level package: each folder is listed once
    for name in settings["PLUGINS"]:
        package = sys.modules.get(str(name).split(".")[0])
        if package is None or not (getattr(package, "__path__", None) or getattr(package, "__file__", None)):
            return None
        folders.update(getattr(package, "__path__", None) or [os.path.dirname(package.__file__)])
    return [file for folder in sorted(folders) for file in Path(folder).rglob("*.py")]


class CacheStore:
    """``CACHE_PATH``'s namespaces, for the code and theme that make this build (``made_by``)."""

    def __init__(self, settings: Mapping[str, Any]):
        self.folder = Path(settings["CACHE_PATH"])
        self.made_by = made_by(settings)

    def path(self, namespace: str) -> Path:
        """The folder of a namespace kept as files of its own (the search index)."""
        return self.folder / namespace

    def keep(self, namespace: str, key: Any, value: Any, *, losing: str) -> None:
        """Keep ``value``, made from ``key`` (besides the code and theme); ``losing`` says what a failure costs."""
        if self.made_by is None:
            return
        path = self.folder / f"{namespace}.pickle"
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as file:
                # The key first, so that a build with another need not unpickle the rest.
                pickle.dump((self.made_by, key), file, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except OSError as error:
            logger.warning("Could not keep %s (%s): %s", path, error, losing)
            with contextlib.suppress(OSError):
                os.unlink(temporary)

    def load(self, namespace: str, key: Any) -> Any:
        """What was kept in ``namespace`` by this code and theme from ``key``; None if nothing was, or it
        cannot be read: whatever is wrong with a kept file, making its contents again is correct."""
        if self.made_by is None:
            return None
        path = self.folder / f"{namespace}.pickle"
        try:
            with open(path, "rb") as file:
                if pickle.load(file) != (self.made_by, key):
                    return None
                return pickle.load(file)
        except FileNotFoundError:
            return None
        except Exception as error:
            logger.info("Ignoring the unreadable %s (%s)", path, error)
            return None
