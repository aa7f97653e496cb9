"""Write a Pagefind bundle (one index, its script and WebAssembly) from pages, with Pagefind's service.

Every published statement is in one index, so every search ranks them all by the same word
statistics.  Pagefind's memory grows with the pages of its index (about 0.3 MB each) and goes
back when its process ends.  Of the files Pagefind makes, the bundle keeps those the search page
loads (``loaded_by_the_search_page``): not its UI scripts and styles, nor its web worker.

Pagefind is driven through the protocol of Pagefind's ``--service`` mode (base64 JSON
requests and replies, each ended by a comma), which is what the ``pagefind`` package's own
client speaks; that client is not used because it needs the interpreter lock for every
64 KB of requests and every reply (and pauses 0.1 s before each reply), so Pagefind waited
on the page rendering, which holds the lock most of the build.  Here every request of the index
is sent in one write, made by a thread of its own, and the replies are read in large pieces,
so Pagefind works through the pages without waiting for the build's Python code.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import subprocess
import threading
from pathlib import Path
from typing import IO, Any

from pagefind.service import get_executable

# Room for every reply but the last in Pagefind's output pipe, so that Pagefind never waits for
# this thread to read one (the replies are about 0.3 KB a record).
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


def _index(pages: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The files (``path`` and ``content``) of one index of ``pages``, made by a Pagefind process of its own."""
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
                _request(number, {"type": "AddFile", "index_id": index_id, **page})
                for number, page in enumerate(pages, 1)
            ]
            files_request = len(requests) + 1
            requests.append(_request(files_request, {"type": "GetFiles", "index_id": index_id}))
            writer = threading.Thread(target=_send, args=(pagefind, b"".join(requests)), name="pagefind-requests")
            writer.start()
            files = replies.answer(files_request)["files"]
        finally:
            pagefind.kill()  # done, or refused a page: nothing of it is kept
            if writer:
                writer.join()
    return [{"path": file["path"], "content": base64.b64decode(file["content"])} for file in files]


def loaded_by_the_search_page(path: str, wasm: set[str]) -> bool:
    """Whether the search page can load the bundle's file at ``path``.

    It loads Pagefind's script, its entry file, the index's metadata and the WebAssembly its
    entry file names (``wasm``: Pagefind also writes one for pages of no known language), and the
    index's words, filters and fragments (in folders); never Pagefind's UI files or its worker
    (the page runs Pagefind without one).
    """
    return (
        path in ("pagefind.js", "pagefind-entry.json")
        or path in {f"wasm.{name}.pagefind" for name in wasm}
        or path.endswith(".pf_meta")
        or "/" in path
    )


def write_files(folder: Path, files: list[dict[str, Any]]) -> list[Path]:
    """Write the files the search page loads into ``folder``; their paths."""
    entry = json.loads(next(file["content"] for file in files if file["path"] == "pagefind-entry.json"))
    wasm = {language["wasm"] for language in entry["languages"].values()}
    kept = [(folder / file["path"], file["content"]) for file in files if loaded_by_the_search_page(file["path"], wasm)]
    for parent in sorted({path.parent for path, _ in kept}):  # each folder made once, not once a file
        parent.mkdir(parents=True, exist_ok=True)
    for path, content in kept:
        path.write_bytes(content)
    return [path for path, _ in kept]


def write_bundle(pages: list[dict[str, str]], folder: Path) -> list[Path]:
    """Index ``pages`` and write the bundle into ``folder``; the paths written.  Raises what Pagefind refused.

    A page holds the fields of Pagefind's ``AddFile`` request (``url`` and ``file_contents``).
    """
    return write_files(folder, _index(pages))
