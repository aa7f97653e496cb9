"""Every use of Pelican's internals, in one place (written against the Pelican pinned in requirements.txt)."""

from __future__ import annotations

import functools
from collections.abc import Callable


def wrap_run(pelican, around: Callable[[object, Callable[[], None]], None]) -> None:
    """Make ``pelican.run()`` call ``around(pelican, run)``: Pelican sends no signal when a run starts or fails."""
    run = pelican.run
    pelican.run = functools.partial(around, pelican, run)


def write_output_into(pelican, folder: str) -> None:
    """Make the next run write into ``folder``: Pelican gives its generators and writer ``pelican.output_path``."""
    pelican.output_path = folder
