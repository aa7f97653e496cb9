"""A Pelican writer whose pages are rendered and written by forked worker processes."""

from __future__ import annotations

import gc
import io
import logging
import os
import pickle
import sys
import threading
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pelican.utils import sanitised_join
from pelican.writers import Writer

from plugins import pelican_compat

from .fingerprints import for_build
from .reuse import PageReuse, Written
from .run import BuildRun

# Held by the build while it forks a worker, and by any other thread of the build while it runs a C
# library with locks of its own (lxml): a lock held at the fork would stay held in the worker for
# ever, with no thread there to release it.
FORK_LOCK = threading.Lock()


@dataclass
class PendingPage:
    """A page Pelican has named and given its context, still to be rendered and written."""

    path: str
    template: Any
    localcontext: dict[str, Any]
    context: dict[str, Any]

    def write(self) -> None:
        # As Pelican's writer does just before rendering: content links follow this page's SITEURL.
        if self.localcontext["localsiteurl"]:
            self.context["localsiteurl"] = self.localcontext["localsiteurl"]
        output = self.template.render(self.localcontext)
        with open(self.path, "w", encoding="utf-8") as file:
            file.write(output)


@dataclass
class PendingDocument:
    """A file whose bytes a function makes (a feed, say), still to be made and written.

    ``depends_on`` is what the document shows, from which its fingerprint is made: a statement
    it shows entire is given as ``fingerprints.StatementInFull``.
    """

    name: str  # relative to the output folder
    path: str
    produce: Callable[[], bytes]
    depends_on: Any
    context: dict[str, Any]

    def write(self) -> None:
        with open(self.path, "wb") as file:
            file.write(self.produce())


Pending = PendingPage | PendingDocument


class _DeferredTemplate:
    """Stands in for a template in Pelican's writer: keeps the page's context instead of rendering."""

    def __init__(self, template, context: dict[str, Any], deferred: list):
        self.template = template
        self.context = context
        self.deferred = deferred

    def render(self, localcontext: dict[str, Any]) -> str:
        self.deferred.append((self.template, localcontext, self.context))
        return ""


class ParallelWriter(Writer):
    """Pelican's writer, with every page's rendering deferred to ``write_pending``.

    Pelican's own ``write_file`` still decides each page's name, pagination and context, makes
    its folder and sends ``content_written`` in order from the build's process, where the sitemap
    and the build report listen; ``_open_w`` keeps its rules for a file written twice.  Only
    rendering the template and writing its text move: into ``pending``, which workers start
    writing once it holds a batch, and which is written and waited for when a generator or the
    build ends.  A pending page whose fingerprint is unchanged since the last build is linked
    from the last output instead (``reuse.py``).
    """

    # The key of the build's writer on its run: its last pages are written at ``finalized``,
    # which is sent with the Pelican object only.
    RUN_KEY = "build.writer"

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.pending: list[Pending] = []
        self._deferred: list = []  # the page just deferred, until Pelican opens its file
        self.reuse = PageReuse(self.settings, output_path) if self.settings["RENDERING_REUSE"] else None
        self.rendering: RenderingBatch | None = None
        self._compiled: weakref.WeakSet = weakref.WeakSet()  # template environments compiled before forking
        BuildRun.of(self.settings).get_or_make(self.RUN_KEY, lambda: self)

    def write_file(self, name, template, context, *args, **kwargs):
        super().write_file(name, _DeferredTemplate(template, context, self._deferred), context, *args, **kwargs)
        self._write_when_batch_is_full()

    def write_document(self, name: str, depends_on: Any, produce: Callable[[], bytes], context: dict[str, Any]) -> None:
        """Write at ``name`` (relative to the output) the bytes ``produce`` returns, in a worker or from the last build."""
        path = sanitised_join(self.output_path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.pending.append(PendingDocument(name, path, produce, depends_on, context))
        self._write_when_batch_is_full()

    def _write_when_batch_is_full(self) -> None:
        if len(self.pending) >= self.settings["RENDERING_BATCH"]:
            self.write_pending()

    def _open_w(self, filename, encoding, override=False):
        """Pelican's rules for a file written twice (``pelican_compat``), then the page is left pending instead of opened.

        Creating every file empty here, to be written again by a worker or replaced by a link, cost
        a system call per page for nothing: a second of a 10,000-statement build.
        """
        template, localcontext, context = self._deferred.pop()
        if not pelican_compat.claim_output_file(self, filename, override):
            return io.StringIO()
        if override:
            # The page written last wins, as in Pelican: one still pending at this name is dropped.
            self.pending = [page for page in self.pending if page.path != filename]
        self.pending.append(PendingPage(filename, template, localcontext, context))
        return io.StringIO()  # Pelican writes the deferred template's empty text into it

    def write_pending(self) -> None:
        """Start writing every pending page: linked from the last build when unchanged, else rendered.

        The workers fingerprint, link or render one batch while Pelican prepares the next; ``wait``
        for the last.
        """
        pages, self.pending = self.pending, []
        workers = min(os.cpu_count() or 1, self.settings["RENDERING_WORKERS"])
        self.wait()  # one batch at a time: a page written twice is written in Pelican's order
        if workers < 2 or len(pages) < self.settings["RENDERING_PARALLEL_FROM"]:
            self._record([self._write(page) for page in pages])
        else:
            if not (self.reuse and self.reuse.last_pages):  # every page will be rendered
                self._compile_templates(pages)
            self.rendering = RenderingBatch(pages, workers, self.settings["RENDERING_NICENESS"], self._write)

    def wait(self) -> None:
        """Wait for the batch the workers are writing; raises if one of them failed."""
        batch, self.rendering = self.rendering, None
        if batch:
            self._record(batch.wait())

    def flush(self) -> None:
        """Write every pending page and wait until all are written."""
        self.write_pending()
        self.wait()

    def finish(self) -> None:
        """Write the last pending pages and keep this build's fingerprints for the next."""
        self.flush()
        if self.reuse:
            self.reuse.save()

    def _write(self, page: Pending) -> Written | None:
        """Link the page from the last build if it was made from the same inputs, else render it.

        What the manifest keeps of it; run in a worker, so returned rather than recorded.
        """
        if not self.reuse:
            page.write()
            return None
        fingerprint = self._fingerprint(page)
        linked = self.reuse.link(page.path, fingerprint)
        if linked:
            return linked
        page.write()
        return self.reuse.written(page.path, fingerprint)

    def _record(self, written: list[Written | None]) -> None:
        if self.reuse:
            self.reuse.record(written)

    def _compile_templates(self, pages: list[Pending]) -> None:
        """Compile every theme template before forking, so that workers share them.

        Jinja compiles a template the first time it is included or imported, and a worker's
        compiled templates go with it at the end of its batch: each worker of each batch would
        compile them again.  The prefixed names (``!simple/...``, ``!theme/...``) are copies, left alone.
        Only done when no page can be linked from the last build: when most are, the workers
        render a few pages, and compiling every template here would cost more than theirs.
        """
        for environment in {page.template.environment for page in pages if isinstance(page, PendingPage)}:
            if environment not in self._compiled:
                self._compiled.add(environment)
                for name in environment.list_templates(filter_func=lambda name: not name.startswith("!")):
                    environment.get_template(name)

    def _fingerprint(self, pending: Pending) -> str | None:
        fingerprints = for_build(self.settings, pending.context)
        if isinstance(pending, PendingDocument):
            return fingerprints.document(pending.name, pending.depends_on)
        return fingerprints.page(pending.template, pending.localcontext, pending.context)


class RenderingBatch:
    """Pages being written by ``processes`` forked children, every ``processes``-th page each.

    Each child calls ``write`` on its pages and sends back what it returned, pickled, through a
    pipe.  Forking shares the build's whole context without copying or pickling it; ``gc.freeze``,
    until the children end, keeps the garbage collectors from touching, and so copying, the
    build's objects.
    """

    def __init__(self, pages: list[Pending], processes: int, niceness: int, write: Callable[[Pending], Any]):
        self.children: list[tuple[int, int]] = []  # process id, end of its pipe
        gc.freeze()
        try:
            self.children += [_fork(pages[rank::processes], niceness, write) for rank in range(processes)]
        except BaseException:
            self.wait()
            raise

    def wait(self) -> list[Any]:
        """What ``write`` returned for every page; raises if a child failed."""
        returned, failed = [], 0
        try:
            for pid, pipe in self.children:
                # Read to the end before waiting: a child whose pipe is full would never end.
                with os.fdopen(pipe, "rb") as reading:
                    sent = reading.read()
                if os.waitpid(pid, 0)[1] == 0:
                    returned += pickle.loads(sent)
                else:
                    failed += 1
        finally:
            gc.unfreeze()
        if failed:
            raise RuntimeError(f"{failed} rendering worker(s) failed: the error is printed above")
        return returned


def _fork(pages: list[Pending], niceness: int, write: Callable[[Pending], Any]) -> tuple[int, int]:
    reading, sending = os.pipe()
    with FORK_LOCK:
        pid = os.fork()
    if pid:
        os.close(sending)
        return pid, reading
    os.close(reading)
    status, current = 0, None
    try:
        _own_streams()
        os.nice(niceness)
        returned = []
        for current in pages:
            returned.append(write(current))
        with os.fdopen(sending, "wb") as pipe:
            pickle.dump(returned, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        print(f"Rendering {current.path if current else 'a batch'} failed:", file=sys.stderr)
        traceback.print_exc()
        status = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)  # never return into the build's code (or a test runner) in the child


def _own_streams() -> None:
    """Give a forked child streams and a log handler of its own.

    Another thread of the build (rich's spinner, which the ``pelican`` command runs in a
    terminal) may have held the lock of ``sys.stdout`` or of the log's console at the fork, and
    no thread is left in the child to release it: a worker writing through them would wait for
    ever.
    """
    sys.stdout, sys.stderr = _stream(1), _stream(2)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.getLogger().handlers = [handler]


def _stream(descriptor: int) -> io.TextIOWrapper:
    """A text stream of the child's own on ``descriptor``, or on the null device if it was closed."""
    try:
        return open(descriptor, "w", encoding="utf-8", closefd=False)
    except OSError:  # the build was started with it closed: nothing it wrote would be read
        return open(os.devnull, "w", encoding="utf-8")
