"""Reusing the last build's pages: a page whose fingerprint is unchanged is hard-linked, not rendered.

The manifest in the cache store (``CACHE_PATH/rendered-pages.pickle``) records, for every page of the last build, the fingerprint it
was rendered from and the identity of its file (inode, modification time, size).  The build
writes into a staging folder while the last output is still whole beside it, so an unchanged
page is linked from there.  A page is only reused when its file in the output is still the
one the manifest describes: a build that failed before its swap, an output edited or
replaced by hand, or another output folder all make the pages render again.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .store import CacheStore

logger = logging.getLogger(__name__)

MANIFEST = "rendered-pages"  # the cache store's namespace


@dataclass(frozen=True)
class WrittenPage:
    fingerprint: str
    inode: int
    mtime_ns: int
    size: int

    @classmethod
    def of(cls, path: str, fingerprint: str) -> WrittenPage:
        stat = os.stat(path)
        return cls(fingerprint, stat.st_ino, stat.st_mtime_ns, stat.st_size)


Written = tuple[str, WrittenPage]  # a file's path in the output, and its manifest entry


class PageReuse:
    """The last build's pages, for a build writing into ``output_path``."""

    def __init__(self, settings: Mapping[str, Any], output_path: str):
        self.output_path = output_path
        self.last_output = os.path.realpath(settings["OUTPUT_PATH"])
        self.store = CacheStore(settings)
        # Writing in place (no staging folder) leaves no last output to link from.
        in_place = self.last_output == os.path.realpath(output_path)
        self.last_pages = {} if in_place else self._load()
        self.pages: dict[str, WrittenPage] = {}

    def _load(self) -> dict[str, WrittenPage]:
        """The last build's pages, when it wrote into this output; a manifest of any other shape renders every page."""
        pages = self.store.load(MANIFEST, self.last_output)
        return pages if isinstance(pages, dict) else {}

    def link(self, path: str, fingerprint: str | None) -> Written | None:
        """Put the last build's file at ``path`` if it was made from ``fingerprint``; its manifest entry if so."""
        relative = self._relative(path)
        last = self.last_pages.get(relative)
        if fingerprint is None or last is None or last.fingerprint != fingerprint:
            return None
        old = os.path.join(self.last_output, relative)
        try:
            if WrittenPage.of(old, fingerprint) != last:
                return None
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)  # a copy the staging folder was given (DELETE_OUTPUT_DIRECTORY off)
            os.link(old, path)
        except OSError:  # on another file system, say: the page is rendered instead
            return None
        return relative, last  # the same file: same inode, time and size

    def written(self, path: str, fingerprint: str | None) -> Written | None:
        """The manifest entry of the file just written at ``path``; None when it has no fingerprint."""
        if fingerprint is None:
            return None
        return self._relative(path), WrittenPage.of(path, fingerprint)

    def record(self, entries: Iterable[Written | None]) -> None:
        """Keep these files' entries for the next build's manifest (a page written or linked, or None)."""
        self.pages.update(entry for entry in entries if entry)

    def _relative(self, path: str) -> str:
        # Every path is the output folder joined with a name: slicing is what relpath would do, faster.
        prefix = os.path.join(self.output_path, "")
        return path[len(prefix) :] if path.startswith(prefix) else os.path.relpath(path, self.output_path)

    def save(self) -> None:
        """Record this build's pages for the next one."""
        self.store.keep(MANIFEST, self.last_output, self.pages, losing="the next build renders every page again")
