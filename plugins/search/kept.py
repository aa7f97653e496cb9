"""The last search index made, kept in the cache store and linked into a build that would make it again.

A build's index is made from its pages (``records.search_page``: every published statement with
its URL and displayed date), by the build's code and Pagefind (the store's ``made_by``): the digest
of those is kept beside the index's files.  A rebuild whose digest is the same links the kept files into its
output (hard links: no file is copied or written again); any other indexes every page again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

FOLDER = "search-index"  # the cache store's namespace

logger = logging.getLogger(__name__)


def digest(pages: list[dict[str, str]], made_by: str | None) -> str:
    """What an index of ``pages`` is made from: the pages, and the code and Pagefind that index them."""
    return hashlib.sha256(json.dumps([made_by, pages], ensure_ascii=False).encode()).hexdigest()


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copy2(source, target)


@dataclass(frozen=True)
class KeptIndex:
    """The index kept in ``folder``: its files in ``files/``, and the digest of what made them in ``digest``;
    ``made_by``, the code that makes the build's index (None: nothing is kept)."""

    folder: Path
    made_by: str | None

    def holds(self, wanted: str) -> bool:
        """Whether the kept index was made from ``wanted``; a digest file of any other bytes (damaged) is not."""
        stamp = self.folder / "digest"
        return (
            self.made_by is not None
            and stamp.is_file()
            and stamp.read_bytes() == wanted.encode()
            and (self.folder / "files").is_dir()
        )

    def link_into(self, target: Path) -> None:
        shutil.copytree(self.folder / "files", target, copy_function=_link_or_copy)

    def keep(self, made: str, source: Path) -> None:
        """Keep the index in ``source``, made from ``made``, in place of the one kept before; a failure costs the reuse."""
        if self.made_by is None:
            return
        try:
            shutil.rmtree(self.folder, ignore_errors=True)
            shutil.copytree(source, self.folder / "files", copy_function=_link_or_copy)
            (self.folder / "digest").write_text(made, "ascii")  # last: a build stopped before leaves no digest
        except OSError as error:
            logger.warning(
                "Could not keep the search index in %s (%s): the next build indexes again", self.folder, error
            )
