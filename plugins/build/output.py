"""Each run of ``pelican`` holds its output's lock, writes into a staging folder and swaps it in at the end.

- one build at a time (``atomic.exclusive``): each run holds ``<output>.lock``, and a second
  build into the same output waits for the first; a run that cannot write (a full disk, an
  unwritable output) ends in one line, its staging folder removed;
- the run writes into ``<output>.staging`` (``pelican.output_path`` is the staging folder from
  before the run starts); the folder is prepared when the static generator is created, which
  Pelican does last, after the statements were validated and before it cleans or writes, so a
  build refused at validation touches no folder;
- the staging folder is swapped in for the output when ``Pelican.run`` has returned: after every
  page, feed, the search index and any other plugin's ``finalized`` receiver wrote, whatever the
  order of ``PLUGINS``.  A build that fails or is killed leaves the previous output as it was;
- then ``run_finished`` is sent, with the Pelican object: the output is in place.

Pelican sends no signal when a run starts or fails, so ``run`` is wrapped (``pelican_compat``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from blinker import signal

from plugins import pelican_compat

from .atomic import StagedOutput, exclusive
from .run import BuildRun

OUTPUT = "build.output"

# Sent with the Pelican object when a run has written its whole output and swapped it in.
run_finished = signal("run_finished")


def run_atomically(pelican) -> None:
    """Make every run of this Pelican locked, staged and swapped in (an ``initialized`` receiver)."""
    pelican_compat.wrap_run(pelican, functools.partial(_atomic_run, pelican))


def _atomic_run(pelican, run: Callable[[], None]) -> None:
    with BuildRun.running(pelican.settings) as build:
        _locked_and_swapped(pelican, build.get_or_make(OUTPUT, lambda: StagedOutput.of(pelican.settings)), run)


def _locked_and_swapped(pelican, output: StagedOutput, run: Callable[[], None]) -> None:
    try:
        with exclusive(output.target):
            _staged(pelican, output, run)
        run_finished.send(pelican)
    except OSError as error:
        output.remove_staging()
        outcome = (
            f"nothing was published, {output.target} is as it was"
            if output.staging
            else f"{output.target} may be incomplete"
        )
        raise SystemExit(
            f"Could not write {error.filename or 'the site'}: {error.strerror or error}; {outcome}"
        ) from None
    finally:
        output.finish_deleting()


def _staged(pelican, output: StagedOutput, run: Callable[[], None]) -> None:
    if not output.staging:
        run()
        return
    pelican_compat.write_output_into(pelican, output.staging)
    try:
        run()
    finally:
        pelican_compat.write_output_into(pelican, output.target)
    output.swap_in()


def prepare_staging(generator) -> None:
    """When the static generator is made: set the staging folder up (a ``static_generator_init`` receiver)."""
    output = BuildRun.of(generator.settings).get(OUTPUT)
    if output and output.staging and generator.output_path == output.staging:
        output.prepare(generator.settings)
