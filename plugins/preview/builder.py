"""Builds for the preview, in this process: a full build after every save, a saved statement's page first.

Two threads share the work.  The watcher re-renders each saved statement's page at once
(``quick.py``) and asks for a full build; the builder runs full builds one after another,
each of every save made before it started.  A build with problems leaves the last good
build served and its problems shown, in full lines, in the terminal and on the page.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path

import watchfiles
from pelican import Pelican, signals
from pelican.settings import read_settings

from plugins.archive.problems import InvalidStatements, StatementsToFix

from .quick import LastBuild, Rendered
from .server import Preview

logger = logging.getLogger(__name__)

# Every preview build: problems are reported and the next save rebuilds, and the terminal shows
# whole lines (a progress bar would be left half drawn by a failed build).
PREVIEW_SETTINGS = {"STATEMENTS_EXIT_ON_PROBLEMS": False, "BUILD_REPORT_PROGRESS": False}
# `make devserver` also shows drafts and embargoed statements, marked DRAFT.
DRAFT_SETTINGS = {"STATEMENTS_PREVIEW_DRAFTS": True, "WITH_FUTURE_DATES": True}
# How long the watcher waits for more changes after one (an editor writes a file in several steps).
DEBOUNCE_MS = 50


class Builder:
    def __init__(self, preview: Preview, settings_file: str, overrides: dict) -> None:
        self.preview = preview
        self.settings_file = settings_file
        self.overrides = {**PREVIEW_SETTINGS, **overrides, "OUTPUT_PATH": str(preview.output)}
        self.wanted = threading.Event()
        self.last_build: LastBuild | None = None

    def settings(self) -> dict:
        return read_settings(self.settings_file, override=self.overrides)

    def build(self) -> None:
        """One full build; the server goes on with the last good one until this one has succeeded."""
        started = time.time()
        self.preview.build_started()
        settings, generators = self.settings(), []

        def keep_generators(finished: list) -> None:  # this build's, for quick.py
            if finished and finished[0].settings is settings:
                generators[:] = finished

        try:
            with signals.all_generators_finalized.connected_to(keep_generators):
                Pelican(settings).run()
        except (StatementsToFix, InvalidStatements) as failure:
            self._failed(started, str(failure).splitlines()[1:])
        except Exception as error:  # a template or setting the build could not use: show it, keep serving
            self._failed(started, [f"{type(error).__name__}: {error}"])
        else:
            self.last_build = LastBuild(generators)
            self.preview.build_finished(started, [])

    def _failed(self, started: float, problems: list[str]) -> None:
        self.preview.build_finished(started, problems)
        report(problems)

    def build_on_request(self) -> None:
        """Run forever: a full build each time one is wanted."""
        while True:
            self.wanted.wait()
            self.wanted.clear()
            self.build()

    def watch(self, paths: list[Path]) -> None:
        """Run forever: on each save, re-render the saved statements' pages, then ask for a full build."""
        for changes in watchfiles.watch(*paths, debounce=DEBOUNCE_MS, step=10):
            saved = time.time()
            for change, path in sorted(changes):
                # An editor that saves by renaming a new file over the old one makes it "added".
                if change != watchfiles.Change.deleted and path.endswith(".md"):
                    self.render_saved(path, saved)
            self.wanted.set()

    def render_saved(self, path: str, saved: float) -> None:
        try:
            rendered = self.last_build.render(path) if self.last_build else None
        except Exception as error:  # the full build that follows reports what is wrong; the watcher goes on
            logger.warning("The page of %s waits for the full build: %s", path, error)
            return
        if isinstance(rendered, Rendered):
            self.preview.page_rendered(rendered.url_path, rendered.html, saved)
        elif rendered:
            problems = [str(problem) for problem in sorted(rendered)]
            self.preview.save_refused(problems)
            report(problems)


def report(problems: list[str]) -> None:
    """The problems in the terminal, a whole line each, whatever its width."""
    print("The last good build is still served. Fix these and save again:", *problems, sep="\n", file=sys.stderr)
    sys.stderr.flush()


def watched_paths(settings: dict, settings_file: str) -> list[Path]:
    """What a save can change: the content, the theme and the settings file (the plugins' code needs a restart)."""
    return [Path(settings["PATH"]), Path(settings["THEME"]), Path(os.path.abspath(settings_file))]


def start(builder: Builder, watch: bool) -> None:
    """The first build at once, then (when watching) a build after every save, in background threads."""
    settings = builder.settings()
    builder.wanted.set()
    threading.Thread(target=builder.build_on_request, daemon=True, name="preview-builder").start()
    if watch:
        paths = watched_paths(settings, builder.settings_file)
        threading.Thread(target=builder.watch, args=(paths,), daemon=True, name="preview-watcher").start()
