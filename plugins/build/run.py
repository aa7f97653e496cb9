"""One object per run of ``pelican``, and the declared order of the receivers of a signal.

**The run.**  A plugin that keeps something while a build runs (the writer and its pending pages, the
search index being made, the build report, the staged output, the feed catalogue) keeps it on the
``BuildRun``, not in a global of its own: ``BuildRun.of(settings).get_or_make(key, make)``, made on
the first request.  The build layer makes the run when ``pelican.run`` starts and ends it when it
returns or fails (``BuildRun.running``); while it runs it is this thread's current run (a
``ContextVar``), and ``of`` checks that the settings a receiver was handed are the run's own.  Outside a build ``of`` raises: a receiver that Pelican also calls outside one (``make
check`` makes an articles generator) asks for ``BuildRun.current()``, None there.  ``make devserver``
runs many builds in one process, one after another: each gets a new run.

**The order.**  Blinker calls a signal's receivers in the order they were connected, which is the
order of ``PLUGINS``.  Where the order matters, a plugin declares it with ``connect(signal, receiver,
priority)``, as mkdocs' ``event_priority`` does: receivers with a higher priority run first, and
those of one priority in the order they were connected.  The priorities of the archive's plugins:

- ``EARLY`` (at ``finalized``): the writer's last pages start rendering before anything waits;
- ``NORMAL``: everything else (at ``finalized``, the search plugin waits for Pagefind, the alerts
  plugin takes the feeds' digests).  What must follow the whole run listens to ``run_finished``.

Only for signals whose receivers' return values Pelican does not read (not ``get_generators``
or ``get_writer``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

EARLY, NORMAL = 100, 0

Kept = TypeVar("Kept")


class BuildRun:
    """What the plugins keep while one build runs, by a key of their own."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self._kept: dict[str, Any] = {}
        self._at_end: list[Callable[[], None]] = []

    @classmethod
    @contextlib.contextmanager
    def running(cls, settings: dict[str, Any]) -> Iterator[BuildRun]:
        """A new run for ``settings``, current while the block runs; ``at_end`` callbacks when it ends, however."""
        run = cls(settings)
        token = _current.set(run)
        try:
            yield run
        finally:
            _current.reset(token)
            for callback in reversed(run._at_end):
                callback()

    @classmethod
    def of(cls, settings: dict[str, Any]) -> BuildRun:
        """The run ``settings`` belong to; raises ``LookupError`` outside it."""
        run = _current.get()
        if run is None or run.settings is not settings:
            raise LookupError("no build of these settings is running")
        return run

    @classmethod
    def current(cls) -> BuildRun | None:
        """This thread's run, or None outside a build (``make check``), for a receiver Pelican calls in both."""
        return _current.get()

    def get_or_make(self, key: str, make: Callable[[], Kept]) -> Kept:
        """What the run keeps under ``key``, made by ``make`` on the first request."""
        if key not in self._kept:
            self._kept[key] = make()
        return self._kept[key]

    def get(self, key: str) -> Any:
        return self._kept.get(key)

    def pop(self, key: str) -> Any:
        return self._kept.pop(key, None)

    def at_end(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` when the run ends, whether it succeeded or failed (the last first)."""
        self._at_end.append(callback)


_current: ContextVar[BuildRun | None] = ContextVar("build_run", default=None)


class _OrderedReceivers:
    """The receivers one signal calls in priority order, through one receiver connected to it."""

    def __init__(self, signal) -> None:
        self.receivers: list[tuple[int, int, Callable]] = []
        signal.connect(self.send, weak=False)

    def add(self, receiver: Callable, priority: int) -> None:
        if all(known is not receiver for _, _, known in self.receivers):
            self.receivers.append((-priority, len(self.receivers), receiver))
            self.receivers.sort(key=lambda entry: entry[:2])

    def send(self, sender, **arguments) -> None:
        for _, _, receiver in self.receivers:
            receiver(sender, **arguments)


_ordered: dict[Any, _OrderedReceivers] = {}  # by the signal itself, which it keeps


def connect(signal, receiver: Callable, priority: int = NORMAL) -> None:
    """Call ``receiver`` when ``signal`` is sent, before the receivers of a lower ``priority``.

    Receivers connected here run where the first of them was connected among the signal's other
    receivers: the archive's plugins come first in ``PLUGINS``, so before any other plugin's.
    """
    if signal not in _ordered:
        _ordered[signal] = _OrderedReceivers(signal)
    _ordered[signal].add(receiver, priority)
