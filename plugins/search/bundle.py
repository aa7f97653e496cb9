"""Write a Pagefind bundle (indexes and scripts) from records, with Pagefind's Python API.

The records are indexed in chunks, each a separate Pagefind index in its own folder of the
bundle (``0/``, ``1/``...) made by its own Pagefind process: Pagefind's memory grows with the
records of one index (about 0.3 MB each: 3 GB for 10,000 statements in one index) and goes
back only when its process ends.  The search page merges the chunks (Pagefind's
``mergeIndex``); only chunk 0 keeps Pagefind's scripts, styles and WebAssembly, which are the
same in every chunk.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pagefind.index import IndexConfig
from pagefind.service import PagefindService

BUNDLE_REPLY_LIMIT = 2**31


class PromptPagefindService(PagefindService):
    """Pagefind's service, reading each reply as soon as it arrives.

    The stock reader (pagefind 1.5.2) sleeps 0.1 s before every reply, so each record costs
    0.1 s: 17 minutes for 10,000 statements.  This reader resolves the same futures without
    the pause; the protocol is the stock one (base64 JSON replies, each ended by a comma).
    """

    async def launch(self) -> PromptPagefindService:
        await super().launch()
        # ``get_files`` answers with the whole bundle in one reply; the stock 2 MiB limit would
        # stop the reader on a large archive.  A limit, not an allocation.
        self._backend.stdout._limit = BUNDLE_REPLY_LIMIT
        return self

    async def _wait_for_responses(self) -> None:
        try:
            while True:
                reply = await self._backend.stdout.readuntil(b",")
                self._resolve(json.loads(base64.b64decode(reply[:-1])))
        except asyncio.IncompleteReadError:
            self._fail_all("Pagefind stopped before it answered")

    def _resolve(self, reply: dict[str, Any]) -> None:
        payload = reply["payload"]
        if reply.get("message_id") is None:  # Pagefind could not read a request: never leave a caller waiting
            self._fail_all(f"Pagefind: {payload.get('message', payload)}")
        elif (future := self._responses.pop(reply["message_id"], None)) is None:
            return
        elif payload["type"] == "Error":
            future.set_exception(RuntimeError(f"Pagefind: {payload['message']}"))
        else:
            future.set_result(payload)

    def _fail_all(self, message: str) -> None:
        for future in self._responses.values():
            if not future.done():
                future.set_exception(RuntimeError(message))
        self._responses.clear()


async def _index_chunk(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The files (``path`` and ``content``) of one index of ``records``, made by a Pagefind process of its own."""
    service = await PromptPagefindService().launch()
    try:
        index = await service.create_index(IndexConfig())
        # Every record is sent before any reply is awaited: Pagefind handles its requests one at a
        # time in the order they arrive, so the index lists pages in the order given, and it never
        # waits for this thread, which shares the build's interpreter lock with the page rendering.
        await asyncio.gather(*(index.add_custom_record(**record) for record in records))
        # Pagefind's own write_files answers before its files are flushed, and close() then kills
        # it: under load a file came out empty.  Taking the files in the reply and writing them
        # ourselves leaves nothing unflushed.
        return await index.get_files()
    finally:
        await service.close()


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


async def _index(chunks: dict[int, Iterable[dict[str, Any]]], folder: Path, processes: int) -> list[Path]:
    """Index every chunk, ``processes`` at a time, writing each into ``folder`` as soon as it is made."""
    slots = asyncio.Semaphore(processes)

    async def index_and_write(number: int, records: Iterable[dict[str, Any]]) -> list[Path]:
        async with slots:
            files = await _index_chunk(records)
        return await asyncio.to_thread(_write_chunk, folder, number, files)

    written = await asyncio.gather(*(index_and_write(number, records) for number, records in chunks.items()))
    return [path for paths in written for path in paths]


def start_bundle(
    chunks: dict[int, Iterable[dict[str, Any]]],
    folder: Path,
    processes: int = 1,
    after: concurrent.futures.Future | None = None,
) -> concurrent.futures.Future:
    """Start indexing each chunk of records (``add_custom_record`` arguments) into ``folder``, by chunk number.

    Each chunk's records are taken from its iterable only when that chunk is indexed, and the
    first once the bundle ``after`` (started earlier, for other chunks) is done, if one is given.

    Pagefind works in processes of its own while Pelican writes the pages, so they share the
    machine's cores, and each chunk is written as soon as it is made, so the build does not
    end by writing the whole index.  The event loop driving them runs in a thread of its own:
    the build may be called from a program whose thread already runs one (Playwright's sync
    API in the tests), where ``asyncio.run()`` refuses.  The future's result is every path
    written; it raises what Pagefind refused.
    """

    def index() -> list[Path]:
        if after:
            after.result()  # raises what the earlier bundle raised: this one's result would be incomplete
        return asyncio.run(_index(chunks, folder, processes))

    thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="pagefind")
    future = thread.submit(index)
    thread.shutdown(wait=False)  # the thread ends when the index is done
    return future
