"""One object per run of ``pelican``, and the declared order of the receivers of a signal.

**The run.**  A plugin that keeps something while a build runs (the writer and its pending pages, the
search index being made, the build report, the staged output) keeps it on the ``BuildRun``, not in a
global of its own: ``BuildRun.of(settings).part(key, make)``.  Pelican gives every generator and
signal of a run the same settings dict, so its identity names the run; the run begins at
``initialized`` and ends when ``pelican.run`` returns or fails (``end``).  ``make devserver`` runs
many builds in one process, one after another: each gets a new run.

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

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

EARLY, NORMAL = 100, 0

Part = TypeVar("Part")


class BuildRun:
    """What the plugins keep while one build runs, by a key of their own."""

    _running: ClassVar[dict[int, BuildRun]] = {}  # by the identity of the run's settings

    def __init__(self) -> None:
        self._parts: dict[str, Any] = {}

    @classmethod
    def begin(cls, settings: dict[str, Any]) -> BuildRun:
        """A new run for ``settings``, replacing one a failed build of the same Pelican left behind."""
        cls._running[id(settings)] = run = cls()
        return run

    @classmethod
    def of(cls, settings: dict[str, Any]) -> BuildRun:
        """The run ``settings`` belong to; outside a build (``make check``), a new one that nothing keeps."""
        return cls._running.get(id(settings)) or cls()

    @classmethod
    def end(cls, settings: dict[str, Any]) -> None:
        cls._running.pop(id(settings), None)

    @classmethod
    def all(cls) -> list[BuildRun]:
        """Every run in progress, for a signal that names no run (``content_written``, ``atexit``)."""
        return list(cls._running.values())

    def part(self, key: str, make: Callable[[], Part]) -> Part:
        """The run's ``key``, made by ``make`` on first request."""
        if key not in self._parts:
            self._parts[key] = make()
        return self._parts[key]

    def get(self, key: str) -> Any:
        return self._parts.get(key)

    def pop(self, key: str) -> Any:
        return self._parts.pop(key, None)


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


_ordered: dict[int, _OrderedReceivers] = {}


def connect(signal, receiver: Callable, priority: int = NORMAL) -> None:
    """Call ``receiver`` when ``signal`` is sent, before the receivers of a lower ``priority``.

    Receivers connected here run where the first of them was connected among the signal's other
    receivers: the archive's plugins come first in ``PLUGINS``, so before any other plugin's.
    """
    if id(signal) not in _ordered:
        _ordered[id(signal)] = _OrderedReceivers(signal)
    _ordered[id(signal)].add(receiver, priority)
