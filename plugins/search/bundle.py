"""Write a Pagefind bundle (indexes and scripts) from records, with Pagefind's service.

The records are indexed in chunks, each a separate Pagefind index in its own folder of the
bundle (``0/``, ``1/``...) made by its own Pagefind process: Pagefind's memory grows with the
records of one index (about 0.3 MB each: 3 GB for 10,000 statements in one index) and goes
back only when its process ends.  The search page merges the chunks (Pagefind's
``mergeIndex``); only chunk 0 keeps Pagefind's scripts, styles and WebAssembly, which are the
same in every chunk.

Each process is driven through the protocol of Pagefind's ``--service`` mode (base64 JSON
requests and replies, each ended by a comma), which is what the ``pagefind`` package's own
client speaks; that client is not used because it needs the interpreter lock for every
64 KB of requests and every reply (and pauses 0.1 s before each reply), so Pagefind waited
on the page rendering, which holds the lock most of the build.  Here every request of a chunk
is sent in one write, made by a thread of its own, and the replies are read in large pieces,
so Pagefind works through a chunk without waiting for the build's Python code.
"""

from __future__ import annotations

import base64
import collections
import concurrent.futures
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from pagefind.service import get_executable

# Room for every reply but the last in Pagefind's output pipe, so that Pagefind never waits for
# this thread to read one (a chunk's replies are about 0.3 KB a record).
REPLY_PIPE_BYTES = 2**20
READ_BYTES = 2**20


class _Replies:
    """Pagefind's replies, read from its output as they come."""

    def __init__(self, output: IO[bytes]) -> None:
        self.descriptor = output.fileno()
        self.unread = bytearray()

    def answer(self, message_id: int) -> dict[str, Any]:
        """The payload of the reply to request ``message_id``; raises for any refusal before it."""
        while True:
            reply = self._next()
            payload = reply["payload"]
            if reply.get("message_id") is None or payload["type"] == "Error":
                raise RuntimeError(f"Pagefind: {payload.get('message', payload)}")
            if reply["message_id"] == message_id:
                return payload

    def _next(self) -> dict[str, Any]:
        while (end := self.unread.find(b",")) < 0:
            if not (data := os.read(self.descriptor, READ_BYTES)):
                raise RuntimeError("Pagefind stopped before it answered")
            self.unread += data
        reply = json.loads(base64.b64decode(self.unread[:end]))
        del self.unread[: end + 1]
        return reply


def _request(message_id: int, payload: dict[str, Any]) -> bytes:
    return base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode()) + b","


def _send(pagefind: subprocess.Popen, requests: bytes) -> None:
    """Write ``requests`` to Pagefind; the interpreter lock is free while the system writes."""
    unsent = memoryview(requests)
    try:
        while unsent:
            unsent = unsent[os.write(pagefind.stdin.fileno(), unsent) :]
    except OSError:  # Pagefind stopped: the reader says so
        pass


def _index_chunk(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The files (``path`` and ``content``) of one index of ``records``, made by a Pagefind process of its own."""
    executable = get_executable()
    if executable is None:
        raise FileNotFoundError("Pagefind's binary is not installed: see requirements.txt")
    writer = None
    with subprocess.Popen(
        [executable, "--service"], bufsize=0, stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as pagefind:
        try:
            # A system allowing less leaves the pipe as it is: Pagefind may then wait for the reader now and then.
            with contextlib.suppress(OSError):
                fcntl.fcntl(pagefind.stdout, fcntl.F_SETPIPE_SZ, REPLY_PIPE_BYTES)
            replies = _Replies(pagefind.stdout)
            _send(pagefind, _request(0, {"type": "NewIndex", "config": {}}))
            index_id = replies.answer(0)["index_id"]
            # Pagefind handles its requests one at a time in the order they arrive, so the index
            # lists pages in the order given.  Its own WriteFiles answers before its files are
            # flushed; taking the files in a reply and writing them ourselves leaves nothing unflushed.
            requests = [
                _request(number, {"type": "AddRecord", "index_id": index_id, **record})
                for number, record in enumerate(records, 1)
            ]
            files_request = len(requests) + 1
            requests.append(_request(files_request, {"type": "GetFiles", "index_id": index_id}))
            writer = threading.Thread(target=_send, args=(pagefind, b"".join(requests)), name="pagefind-requests")
            writer.start()
            files = replies.answer(files_request)["files"]
        finally:
            pagefind.kill()  # done, or refused a record: nothing of it is kept
            if writer:
                writer.join()
    return [{"path": file["path"], "content": base64.b64decode(file["content"])} for file in files]


def _kept(number: int, path: str) -> bool:
    """Whether chunk ``number`` keeps the file at ``path``: chunk 0 all, the others their index alone."""
    return number == 0 or path == "pagefind-entry.json" or path.endswith(".pf_meta") or "/" in path


def _write_chunk(folder: Path, number: int, files: list[dict[str, Any]]) -> list[Path]:
    """Replace chunk ``number``'s folder under ``folder`` with the files it keeps; their paths."""
    chunk = folder / str(number)
    shutil.rmtree(chunk, ignore_errors=True)
    kept = [(chunk / file["path"], file["content"]) for file in files if _kept(number, file["path"])]
    for parent in sorted({path.parent for path, _ in kept}):  # each folder made once, not once a file
        parent.mkdir(parents=True, exist_ok=True)
    for path, content in kept:
        path.write_bytes(content)
    return [path for path, _ in kept]


def _index_and_write(folder: Path, number: int, records: list[dict[str, Any]]) -> list[Path]:
    return _write_chunk(folder, number, _index_chunk(records))


def _index(chunks: dict[int, Iterable[dict[str, Any]]], folder: Path, processes: int) -> list[Path]:
    """Index every chunk, ``processes`` at a time, writing each into ``folder`` as soon as it is made.

    This thread makes each chunk's records while Pagefind indexes the chunks before it, so a
    Pagefind process starts as soon as another ends, and at most ``processes + 1`` chunks of
    records are held at once.
    """
    written: list[Path] = []
    indexing: collections.deque[concurrent.futures.Future] = collections.deque()
    with concurrent.futures.ThreadPoolExecutor(processes, thread_name_prefix="pagefind") as indexers:
        for number, records in chunks.items():
            made = list(records)
            if len(indexing) == processes:
                written += indexing.popleft().result()
            indexing.append(indexers.submit(_index_and_write, folder, number, made))
        for chunk in indexing:
            written += chunk.result()
    return written


def start_bundle(
    chunks: dict[int, Iterable[dict[str, Any]]],
    folder: Path,
    processes: int = 1,
    after: concurrent.futures.Future | None = None,
) -> concurrent.futures.Future:
    """Start indexing each chunk of records into ``folder``, by chunk number.

    A record holds the fields of Pagefind's ``AddRecord`` request (``url``, ``content``,
    ``language``, ``meta``, ``filters``, ``sort``).  Each chunk's records are taken from its
    iterable while the chunk before it is indexed, and the first chunk's once the bundle
    ``after`` (started earlier, for other chunks) is done, if one is given.

    Pagefind works in processes of its own while Pelican writes the pages, so they share the
    machine's cores, and each chunk is written as soon as it is made, so the build does not
    end by writing the whole index.  The future's result is every path written; it raises
    what Pagefind refused.
    """

    def index() -> list[Path]:
        if after:
            after.result()  # raises what the earlier bundle raised: this one's result would be incomplete
        return _index(chunks, folder, processes)

    thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="pagefind")
    future = thread.submit(index)
    thread.shutdown(wait=False)  # the thread ends when the index is done
    return future
