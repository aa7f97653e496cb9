"""Atomic output: build into a staging folder beside the output and swap it in at the end.

The folders, for an output folder ``site``:

- ``site.staging``: where the running build writes; discarded at the start of
  the next build if a build died before finishing;
- ``site.previous``: the old output, only for the moment of the swap;
- ``site.discarded``: the output the last build replaced (and a dead build's
  staging), moved there at once and deleted by the next build, by ``rm`` while
  that build works: an output has a file per page, and deleting 25,000 takes
  seconds (in a process of its own, not a thread competing for the build's
  interpreter).

The swap is two renames on one file system (``site`` -> ``site.previous``,
``site.staging`` -> ``site``).  Between them ``site`` is missing for a few
microseconds; a build killed in exactly that moment leaves ``site.previous``
complete, and the next build puts it back before doing anything else.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

logger = logging.getLogger(__name__)

STAGING_SUFFIX = ".staging"
PREVIOUS_SUFFIX = ".previous"
DISCARDED_SUFFIX = ".discarded"
LOCK_SUFFIX = ".lock"


@dataclass
class StagedOutput:
    """One build's output folder, the staging folder it writes into (None: in place), and its deletion."""

    target: str
    staging: str | None
    deletion: subprocess.Popen | None = None  # of the last build's discarded output, while this one runs

    @classmethod
    def of(cls, settings) -> StagedOutput:
        return cls(target_folder(settings), staging_folder(settings))

    def prepare(self, settings) -> None:
        """Start a build: undo an interrupted swap, clear a dead build's staging, carry over kept files.

        Pelican's own rules then apply to the staging folder as they would to the
        output: with DELETE_OUTPUT_DIRECTORY it keeps only OUTPUT_RETENTION entries
        (such as ``.git``), so only those are copied; without it every old file stays.
        """
        target, staging = self.target, self.staging
        previous = target + PREVIOUS_SUFFIX
        if os.path.isdir(previous) and not os.path.exists(target):
            os.rename(previous, target)  # the last build died between its two renames
        _discard(target, [previous, staging])
        if os.path.isdir(target + DISCARDED_SUFFIX):
            self.deletion = subprocess.Popen(["rm", "-rf", "--", target + DISCARDED_SUFFIX])
        os.makedirs(staging)
        if not os.path.isdir(target):
            return
        kept = settings["OUTPUT_RETENTION"] if settings["DELETE_OUTPUT_DIRECTORY"] else os.listdir(target)
        for name in kept:
            source = os.path.join(target, name)
            if os.path.isdir(source) and not os.path.islink(source):
                shutil.copytree(source, os.path.join(staging, name), symlinks=True)
            elif os.path.lexists(source):
                shutil.copy2(source, os.path.join(staging, name), follow_symlinks=False)

    def swap_in(self) -> None:
        """Make the finished staging folder the output; the old output is discarded, for the next build to delete."""
        self.finish_deleting()
        previous = self.target + PREVIOUS_SUFFIX
        if os.path.exists(self.target):
            os.rename(self.target, previous)
        os.rename(self.staging, self.target)
        _discard(self.target, [previous])

    def remove_staging(self) -> None:
        """Delete a failed build's staging folder (the next build would set it aside anyway)."""
        self.finish_deleting()
        if self.staging:
            shutil.rmtree(self.staging, ignore_errors=True)

    def finish_deleting(self) -> None:
        """Wait for the deletion this build started, if it still runs; warn if it failed."""
        deletion, self.deletion = self.deletion, None
        if deletion and deletion.wait() != 0:
            logger.warning(
                "Could not delete %s (rm exited with %s)", self.target + DISCARDED_SUFFIX, deletion.returncode
            )


def target_folder(settings) -> str:
    """The real output folder (a symbolic link to it is followed)."""
    return os.path.realpath(settings["OUTPUT_PATH"])


def staging_folder(settings) -> str | None:
    """Where the build should write, or None when it must write in place.

    In place when atomic output is switched off, or when the content lies inside
    the output folder (renaming the output would move the content with it).
    """
    target = target_folder(settings)
    if not settings["PUBLISHING_ATOMIC"] or os.path.dirname(target) == target:
        return None
    content = os.path.realpath(settings["PATH"])
    if os.path.commonpath([target, content]) == target:
        logger.warning("The content is inside the output folder %s: the build writes in place, not atomically", target)
        return None
    return target + STAGING_SUFFIX


@contextlib.contextmanager
def exclusive(target: str) -> Iterator[None]:
    """Hold ``<output>.lock`` while a build runs: a second build into the same output waits for the first.

    An ``flock`` lock, which the system releases when its process ends, however it ends.
    """
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target + LOCK_SUFFIX, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.warning("Another build is writing %s: waiting for it to finish", target)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _discard(target: str, folders: list[str]) -> None:
    """Move those of ``folders`` that exist into ``site.discarded``: a rename each, however large."""
    for folder in folders:
        if os.path.lexists(folder):
            os.makedirs(target + DISCARDED_SUFFIX, exist_ok=True)
            # A unique name: a deletion cut short may have left a folder of the same name there.
            os.rename(folder, os.path.join(target + DISCARDED_SUFFIX, f"{os.path.basename(folder)}-{uuid.uuid4().hex}"))
