"""Files a build keeps for the next one (under ``CACHE_PATH``): written whole or not at all.

A build reading one while another saves it sees the old file or the new one, never half of
either: each is written beside its place, under a name of the writing process's own (two builds
saving at once never write into one file), then renamed over it.  A cache folder that cannot be
written costs the next build its head start, never this build: a warning, and the build goes on.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


def keep(path: str | os.PathLike, *objects: Any, losing: str) -> None:
    """Pickle ``objects`` one after another into ``path``; ``losing`` says what a failure costs, for the warning.

    Several objects so that a reader can stop after the first (a fingerprint that does not match).
    """
    path = Path(path)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as file:
            for value in objects:
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError as error:
        logger.warning("Could not keep %s (%s): %s", path, error, losing)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
