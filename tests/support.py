"""Helpers the tests share: write statements, build real sites, parse the output."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pelican
import yaml
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.log import LimitFilter
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CONTENT = ROOT / "content"
# A title with every character HTML and XML escape: tests write it, the example archive never shows it.
TRICKY_TITLE = 'Operation "Kestrel" & arrests in <Leeds>'

BODY = (
    "Assistant Chief Constable Dana Whitlow said:\n\n"
    "“Officers are working through the night and we ask the public to stay alert.”\n"
)


# Eight of the example's statements, for tests where its 31 are not the point: the level set, raised
# and lowered, on consecutive days and in one month, arrests, a correction and a draft.
SMALL_ARCHIVE = (
    "2006/2006-08-02-threat-level-substantial.md",
    "2007/2007-09-14-threat-level-raised-severe.md",
    "2018/2018-02-12-threat-level-critical.md",
    "2018/2018-02-13-operation-kestrel-arrests.md",
    "2018/2018-02-15-ashbridge-community-reassurance.md",
    "2020/2020-10-08-teenager-charged.md",
    "2025/2025-04-09-protect-duty-in-force.md",
    "2026/2026-11-20-festive-security-2026.md",
)


def small_archive(content: Path) -> Path:
    """Write into ``content`` the example's pages and ``SMALL_ARCHIVE``, with their entries of its ledger."""
    shutil.copytree(EXAMPLE_CONTENT / "pages", content / "pages")
    for relative in SMALL_ARCHIVE:
        (content / "statements" / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(EXAMPLE_CONTENT / "statements" / relative, content / "statements" / relative)
    kept = {Path(relative).stem for relative in SMALL_ARCHIVE}
    ledger = json.loads((EXAMPLE_CONTENT / "published.json").read_text(encoding="utf-8"))
    ledger["statements"] = {id_: urls for id_, urls in ledger["statements"].items() if id_ in kept}
    (content / "published.json").write_text(json.dumps(ledger, indent=2) + "\n", encoding="utf-8")
    return content


def front_matter(**fields: Any) -> dict[str, Any]:
    """A valid statement's fields; pass a field as None to leave it out."""
    base = {
        "title": "Update on the investigation in Ashbridge",
        "date": "2020-05-04",
        "threat_level": "SUBSTANTIAL",
        "category": "Counter-terrorism",
        "tags": ["Rail", "Arrests"],
        "summary": "Officers continue to investigate the incident at Ashbridge station.",
        "issuer": "Assistant Chief Constable Dana Whitlow",
        "contact": {"phone": "0800 789 321", "email": "press.office@ctpolicing.example.org"},
    }
    base.update(fields)
    return {name: value for name, value in base.items() if value is not None}


def statement_text(body: str = BODY, **fields: Any) -> str:
    dumped = yaml.safe_dump(front_matter(**fields), sort_keys=False, allow_unicode=True)
    return f"---\n{dumped}---\n{body}"


def write_statement(content: Path, name: str, body: str = BODY, **fields: Any) -> Path:
    """Write ``content/statements/<year>/<name>.md`` and return its path."""
    year = str(fields.get("date", "2020"))[:4]
    path = content / "statements" / year / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(statement_text(body, **fields), encoding="utf-8")
    return path


def build(content: Path, output: Path, settings_file: str = "pelicanconf.py", **overrides: Any) -> Path:
    """Build ``content`` into ``output`` the way the ``pelican`` command does, and return ``output``."""
    os.makedirs(content / "pages", exist_ok=True)
    # The caches beside the output, not in the working directory: each test's builds keep their own.
    cache = output.with_name(f"{output.name}-cache")
    settings = read_settings(
        str(ROOT / settings_file),
        override={"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(cache), **overrides},
    )
    Pelican(settings).run()
    return output


def run_main(main: Callable[[list[str]], int | None], *argv: str | Path) -> subprocess.CompletedProcess:
    """A command's ``main(argv)`` run in this process, ending as its own process would.

    What it prints goes to the result's ``stdout`` and ``stderr``, and so do the log records of its
    thread (the message alone, as Python's last-resort handler prints them); a ``SystemExit`` message is the
    last line of ``stderr`` with status 1, as the interpreter prints it.  Any other exception fails
    the test with its traceback, as the process would have ended with one.  Each command is also run
    once as a real process (tests/test_commands.py): this is its ``main``, not its ``__main__``.
    """
    out, err = io.StringIO(), io.StringIO()
    handler = logging.StreamHandler(err)
    caller = threading.get_ident()  # not the records of a server the test runs in a thread
    handler.addFilter(lambda record: record.thread == caller)
    root, pelican_logger = logging.getLogger(), logging.getLogger("pelican")
    level, pelican_level = root.level, pelican_logger.level
    # A process of its own logs each message afresh: Pelican's filter drops a message it has logged before.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main([str(argument) for argument in argv])
            except SystemExit as exit:
                status = exit.code
            if isinstance(status, str):
                print(status, file=sys.stderr)
                status = 1
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        pelican_logger.setLevel(pelican_level)  # pelican.main sets it from its command line
    return subprocess.CompletedProcess(list(argv), status or 0, out.getvalue(), err.getvalue())


def pelican_arguments(content: Path, output: Path, settings_file: Path, *overrides: str) -> list[str]:
    """The ``pelican`` command line building ``content`` into ``output``, each of ``overrides`` as
    ``-e NAME=json``; the caches go beside the output."""
    cache = output.with_name(f"{output.name}-cache")
    arguments = [str(content), "-s", str(settings_file), "-o", str(output)]
    for override in (f"CACHE_PATH={json.dumps(str(cache))}", *overrides):
        arguments += ["-e", override]
    return arguments


def pelican_command(content: Path, output: Path, settings_file: Path, *overrides: str) -> subprocess.CompletedProcess:
    """The ``pelican`` command's ``main`` in this process (``pelican_arguments``)."""
    return run_main(pelican.main, *pelican_arguments(content, output, settings_file, *overrides))


def pelican_process(
    content: Path, output: Path, settings_file: Path, *overrides: str, **variables: str
) -> subprocess.CompletedProcess:
    """The ``pelican`` command in a process of its own (``pelican_arguments``), ``variables`` added to its
    environment and the project's folder on its path, for plugins named by module."""
    command = [sys.executable, "-m", "pelican", *pelican_arguments(content, output, settings_file, *overrides)]
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **variables}
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)


# Pagefind 1.5.2 writes its filter indexes in hash-map order, so their bytes and names (which the
# metadata file and the entry file list) vary from build to build (Pagefind issue #638).
PAGEFIND_UNSTABLE = re.compile(r"pagefind/(filter/|pagefind\.|pagefind-entry\.json)")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by relative path, with its bytes (empty folders as None)."""
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = str(path.relative_to(folder))
        files[relative] = path.read_bytes() if path.is_file() else None
    return files


def stable(files: dict[str, bytes]) -> dict[str, bytes]:
    """``files`` without the Pagefind files that no two builds write alike."""
    return {name: data for name, data in files.items() if not PAGEFIND_UNSTABLE.match(name)}


def inodes(folder: Path, pattern: str = "*.html") -> dict[str, int]:
    """The inode of every file matching ``pattern`` below ``folder``: the same inode is the very same file."""
    return {str(path.relative_to(folder)): path.stat().st_ino for path in folder.rglob(pattern)}


def page(output: Path, relative: str) -> BeautifulSoup:
    """The built page at ``relative`` (a URL path; ``/index.html`` is added to folders)."""
    path = output / relative
    if relative.endswith("/") or path.is_dir():
        path = path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def serve_in_thread(server) -> Iterator[str]:
    """Run ``server`` (an ``http.server`` server on 127.0.0.1) in a thread; yields its base URL, then stops it."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
