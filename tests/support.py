"""Helpers the tests share: write statements, build real sites, parse the output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CONTENT = ROOT / "content"
# A title with every character HTML and XML escape: tests write it, the example archive never shows it.
TRICKY_TITLE = 'Operation "Kestrel" & arrests in <Leeds>'

BODY = (
    "Assistant Chief Constable Dana Whitlow said:\n\n"
    "“Officers are working through the night and we ask the public to stay alert.”\n"
)


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


def pelican_command(
    content: Path, output: Path, settings_file: Path, *overrides: str, **variables: str
) -> subprocess.CompletedProcess:
    """The ``pelican`` command in a process of its own, each of ``overrides`` given as ``-e NAME=json``.

    ``variables`` are added to its environment.  Its caches go beside the output; the project's
    folder is on its path, for plugins named by module.
    """
    cache = output.with_name(f"{output.name}-cache")
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings_file), "-o", str(output)]
    for override in (f"CACHE_PATH={json.dumps(str(cache))}", *overrides):
        command += ["-e", override]
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
