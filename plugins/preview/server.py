"""The preview's web server: the last good build, the pages re-rendered since, and the reload script.

Every answer is worked out from ``Preview`` (the state the builder updates) by ``answer``:
the status endpoint gives each open page a digest of what it would get now, so the page
reloads itself exactly when that changes.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import mimetypes
import posixpath
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
PREFIX = "/__preview__/"
STATUS = PREFIX + "status"
# The page's digest goes with the script, so that a change made while the page loaded reloads it too.
RELOAD_TAG = '<script src="' + PREFIX + 'reload.js" data-page="{digest}" defer></script></head>'
# The files of static/ a page may ask for (building.html is sent in place of a page).
STATIC_FILES = {"reload.js", "preview.css"}
TYPES = {".wasm": "application/wasm", ".pf_meta": "application/octet-stream", ".xsl": "text/xsl"}


@dataclass
class Answer:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    location: str = ""

    def digest(self) -> str:
        return hashlib.sha256(f"{self.status} {self.location}".encode() + self.body).hexdigest()

    def with_reload_script(self) -> bytes:
        if not self.content_type.startswith("text/html"):
            return self.body
        return self.body.replace(b"</head>", RELOAD_TAG.format(digest=self.digest()).encode(), 1)


@dataclass
class Preview:
    """What the server shows; the builder changes it, under ``lock``, from its own threads."""

    output: Path
    built: bool = False
    building: bool = True
    problems: list[str] = field(default_factory=list)
    # Pages re-rendered since the last good build: URL path -> (HTML, when its file was saved).
    rendered: dict[str, tuple[bytes, float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def build_started(self) -> None:
        with self.lock:
            self.building = True

    def save_refused(self, problems: list[str]) -> None:
        """A saved file has problems: they are shown, and its page stays as it was."""
        with self.lock:
            self.problems = problems

    def build_finished(self, started: float, problems: list[str]) -> None:
        """A full build ended: a good one replaces every page re-rendered from files saved before it started."""
        with self.lock:
            self.building = False
            self.problems = problems
            if not problems:
                self.built = True
                self.rendered = {path: page for path, page in self.rendered.items() if page[1] >= started}

    def page_rendered(self, path: str, html: bytes, saved: float) -> None:
        with self.lock:
            self.rendered[path] = (html, saved)
            self.problems = []

    def status(self, path: str) -> dict:
        page = answer(self, path)
        with self.lock:
            return {
                "page": page.digest(),
                "problems": self.problems,
                "building": self.building,
            }


def answer(preview: Preview, path: str) -> Answer:
    """What the server sends for ``path`` (a URL path): a page of the build, a redirect, 404 or "building…"."""
    with preview.lock:
        built, rendered = preview.built, preview.rendered.get(_index(path))
    if not built:
        return Answer(503, (STATIC / "building.html").read_bytes())
    if rendered:
        return Answer(200, rendered[0])
    file = _file(preview.output, path)
    if file and file.is_dir():
        return Answer(301, b"", location=path + "/")
    if file and file.is_file():
        content_type = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith(("xml", "json", "javascript")):
            content_type += "; charset=utf-8"
        return Answer(200, file.read_bytes(), content_type)
    return Answer(404, (preview.output / "404.html").read_bytes())


def _index(path: str) -> str:
    return path + "index.html" if path.endswith("/") else path


def _file(output: Path, path: str) -> Path | None:
    """The file or folder of the output at ``path``, never outside the output."""
    relative = posixpath.normpath(_index(path)).lstrip("/")
    if relative.startswith(".."):
        return None
    file = output / relative
    return file if file.exists() else None


class Handler(http.server.BaseHTTPRequestHandler):
    preview: Preview  # set on the subclass made for each server

    def do_GET(self) -> None:
        self._send(head_only=False)

    def do_HEAD(self) -> None:
        self._send(head_only=True)

    def _send(self, head_only: bool) -> None:
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        if path == STATUS:
            asked = urllib.parse.parse_qs(url.query).get("path", ["/"])[0]
            page = Answer(200, json.dumps(self.preview.status(asked)).encode(), "application/json")
        elif path.removeprefix(PREFIX) in STATIC_FILES:
            page = _static(path.removeprefix(PREFIX))
        else:
            page = answer(self.preview, path)
        body = page.with_reload_script()
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if page.location:
            self.send_header("Location", page.location)
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def log_message(self, format, *args) -> None:
        """Requests are not logged: the terminal is for the builds' messages."""


def _static(name: str) -> Answer:
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Answer(200, (STATIC / name).read_bytes(), f"{content_type}; charset=utf-8")


def make_server(preview: Preview, host: str, port: int) -> http.server.ThreadingHTTPServer:
    """A server for ``preview`` bound to ``host:port``; raises OSError when the port is taken."""
    handler = type("PreviewHandler", (Handler,), {"preview": preview})
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
