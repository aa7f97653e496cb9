"""Build report: a progress bar while a build runs on a terminal, and a one-line summary at its end.

Adds to Pelican:

- a progress bar (``rich.progress``, which Pelican already uses) through the
  phases that grow with the archive: checking, reading and writing statements,
  writing the listings, then the feeds, the search index and the other pages.
  Shown only when standard error is a terminal, so CI logs and redirected output
  get none;
- one line at the end of every build, after the search index is written and the
  output swapped in (``summary.py``)::

      Statements: 3,010 published, 2 withdrawn, 4 drafts, 2 embargoed (release 1 December 2026); 41 feeds written; 3,010 search records; 9.8 s

  A draft has ``status: draft``; an embargoed statement is published but dated
  after the build.  The feeds and search plugins report their numbers in
  ``context["feeds_written"]`` and ``context["search_records"]`` (0 without
  them).  The time goes to the terminal only, never into the output.

The summary is printed at the build layer's ``run_finished``, once the output is
in place.  Settings and their defaults are in ``settings.py``.
"""

from __future__ import annotations

import datetime
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from pelican import signals
from pelican.log import console as pelican_console
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from plugins import defaults_applier
from plugins.build import BuildRun, run_finished
from plugins.statements import every_statement, statement_parsed

from .settings import SETTINGS
from .summary import summary_line

CHECKING, READING, WRITING, LISTINGS, FINISHING = (
    "Checking statements",
    "Reading statements",
    "Writing statements",
    "Writing listings",
    "Writing feeds, search index and other pages",
)


class BuildProgress:
    """The progress bar of one build: one row a phase, gone from the terminal when the build ends."""

    def __init__(self, console: Console):
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        self._progress = Progress(*columns, console=console, transient=True)
        self._tasks: dict[str, TaskID] = {}
        self._progress.start()

    def show(self, phase: str, *, total: int | None = None, completed: int | None = None, advance: int = 0) -> None:
        """Start ``phase`` the first time (``total`` None: a count without a bar), then move it on."""
        if phase not in self._tasks:
            self._tasks[phase] = self._progress.add_task(phase, total=total)
        self._progress.update(self._tasks[phase], total=total, completed=completed, advance=advance)

    def complete(self, phase: str) -> None:
        """Fill the bar of a phase counted without one."""
        if phase in self._tasks:
            task = self._tasks[phase]
            self._progress.update(task, total=self._progress.tasks[task].completed)

    def stop(self) -> None:
        self._progress.stop()


@dataclass
class BuildReport:
    """What one build has done so far."""

    started: float
    now: datetime.datetime
    progress: BuildProgress | None
    context: dict[str, Any] = field(default_factory=dict)
    writing: str = ""  # the phase each file written counts towards
    statements_left: int = 0  # statements not yet written

    def show(self, phase: str, **counts) -> None:
        if self.progress:
            self.progress.show(phase, **counts)

    def complete(self, phase: str) -> None:
        if self.progress:
            self.progress.complete(phase)

    def close(self) -> None:
        if self.progress:
            self.progress.stop()
            self.progress = None


# The key of the build's report on its run.
REPORT = "build_report"


apply_defaults = defaults_applier(SETTINGS)


def start_report(pelican) -> None:
    """At the start of every run (``get_generators``): time it, and show progress on a terminal."""
    console = _terminal_console() if pelican.settings["BUILD_REPORT_PROGRESS"] else None
    report = BuildReport(
        started=time.perf_counter(),
        now=datetime.datetime.now(datetime.UTC),
        progress=BuildProgress(console) if console else None,
    )
    run = BuildRun.of(pelican.settings)
    run.get_or_make(REPORT, lambda: report)
    run.at_end(report.close)  # a failed build never reaches run_finished: the terminal is given back all the same


def _terminal_console() -> Console | None:
    """Pelican's console when it is a terminal (the bar then joins its "Generating..." line), else stderr's."""
    if sys.stderr is None or not sys.stderr.isatty():  # None: the build was started with it closed
        return None
    return pelican_console if pelican_console.is_terminal else Console(stderr=True)


def count_checked(path, done: int, total: int) -> None:
    report = _report()
    if report:
        report.show(CHECKING, total=total, completed=done)


def start_reading(generator) -> None:
    report = _report()
    if report:
        report.context = generator.context
        report.show(READING, total=len(every_statement(generator.context)))


def count_read(generator, metadata) -> None:
    report = _report()
    if report:
        report.show(READING, advance=1)


def start_writing(generator) -> None:
    """Pelican writes every statement first (one file each), then the listings."""
    report = _report()
    if report:
        written = (generator.articles, generator.translations, generator.hidden_articles, generator.hidden_translations)
        report.statements_left = sum(map(len, written))
        report.show(WRITING, total=report.statements_left)
        report.writing = WRITING if report.statements_left else LISTINGS


def count_file(path, context) -> None:
    report = _report()
    if report:
        if report.writing:
            report.show(report.writing, advance=1)
        if report.writing == WRITING:
            report.statements_left -= 1
            report.writing = WRITING if report.statements_left else LISTINGS


def start_finishing(generator, writer) -> None:
    """The listings are written; the other generators and the plugins write the rest."""
    report = _report()
    if report:
        report.complete(LISTINGS)
        report.writing = FINISHING
        report.show(FINISHING)


def report_build(pelican) -> None:
    """Print the summary line once the output is in place."""
    report = BuildRun.of(pelican.settings).pop(REPORT)
    if report is None:
        return
    report.close()
    if not pelican.settings["BUILD_REPORT_SUMMARY"]:
        return
    context = report.context
    line = summary_line(
        every_statement(context),
        report.now,
        previews=sum(1 for article in context.get("articles", ()) if getattr(article, "preview", None)),
        feeds=context.get("feeds_written", 0),
        search_records=context.get("search_records", 0),
        seconds=time.perf_counter() - report.started,
        settings=pelican.settings,
    )
    pelican_console.print(line, soft_wrap=True, markup=False, highlight=False, emoji=False)


def _report() -> BuildReport | None:
    """The report of this thread's build; None outside one (``make check`` reads the statements too)."""
    run = BuildRun.current()
    return run.get(REPORT) if run else None


def register() -> None:
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(start_report)
    statement_parsed.connect(count_checked)
    signals.article_generator_init.connect(start_reading)
    signals.article_generator_context.connect(count_read)
    signals.article_generator_finalized.connect(start_writing)
    signals.content_written.connect(count_file)
    signals.article_writer_finalized.connect(start_finishing)
    run_finished.connect(report_build)
