"""Files a statement or page publishes beside itself: ``{static}/path`` links, and what such a file may be.

Pelican's own link rewriting (``{filename}``, ``{static}``, ``{attach}``, ``{tag}``, ...) runs on a
body's HTML after the archive's check, and writes the file name it finds into the attribute
un-escaped; it is switched off (the statements plugin sets ``INTRASITE_LINK_REGEX`` to match
nothing).  The archive resolves the one kind it keeps, ``{static}``, itself, on the parsed HTML
and before the allowlist's check, so that the check sees the bytes that are published:

- ``{static}/images/map.png`` (a path from the content folder) becomes ``/images/map.png``, and the
  file is copied there by Pelican's static generator;
- every other ``{kind}`` or ``|kind|`` link is refused, saying what to write instead.

What may be published that way is checked on every build (``unpublishable``), as the file can change
without the statement changing: a PNG, JPEG, GIF or WebP image or a PDF document, recognised by its
first bytes as well as its name; a regular file inside the content folder, reached through no
symbolic link.  An SVG can hold script that would run on the site's own origin: it is refused.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from .problems import Problem, display_path

# The first bytes of each kind of file a statement may publish, by the names such a file may have.
SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),  # and "WEBP" at byte 8 (_has_signature)
    ".pdf": (b"%PDF-",),
}
KINDS_ALLOWED = "PNG, JPEG, GIF or WebP images and PDF documents (.png, .jpg, .jpeg, .gif, .webp, .pdf)"
ALLOWED = f"{{static}}/path from the content folder to a regular file inside it: {KINDS_ALLOWED}"
# Pelican's INTRASITE_LINK_REGEX: {kind} or |kind| at the start of a link.
_SITE_LINK = re.compile(r"\s*[{|](?P<kind>[^|}]*)[|}](?P<target>.*)", re.DOTALL)
_MAYBE_SITE_LINK = re.compile(r"[{|&]")  # "{" or "|", or an entity that could be one: most bodies have none
SHOWN_PATH = 80  # characters of a path quoted in a message
_UNSAFE_IN_PATH = re.compile(r"[\x00-\x1f\x7f\\]")
INSTEAD = {
    "filename": "the page's address on this site, such as /statements/2015/01/its-slug/",
    "attach": "{static}/path, a path from the content folder",
    "tag": "the tag page's address, such as /tags/rail/",
    "category": "the category page's address, such as /categories/counter-terrorism/",
    "index": "/, the home page's address",
    "author": "an address on this site",
}


@dataclass(frozen=True)
class Attachment:
    """A file a body links to with ``{static}``: its path from the content folder, and the body's line."""

    path: str
    line: int


@dataclass(frozen=True)
class LinkRefusal:
    what: str
    allowed: str
    source: str  # a regular expression that finds it in the Markdown source


def resolve(html: str) -> tuple[str, list[str], list[LinkRefusal]]:
    """``html`` with each ``{static}`` link made a site path, the paths, and the links refused.

    Returns ``html`` itself, unparsed, when no attribute can hold such a link.
    """
    if not _MAYBE_SITE_LINK.search(html):
        return html, [], []
    page = LexborHTMLParser(f"<!DOCTYPE html><html><head></head><body><div>{html}</div></body></html>")
    paths: list[str] = []
    refusals: list[LinkRefusal] = []
    changed = False
    for node in page.css("[href], [src]"):
        for name in ("href", "src"):
            link = _SITE_LINK.fullmatch(node.attributes.get(name) or "")
            if link is None:
                continue
            url, refusal = _site_path(link["kind"], link["target"])
            if refusal:
                refusals.append(refusal)
                continue
            node.attrs[name] = url
            paths.append(unquote(urlsplit(url).path).lstrip("/"))
            changed = True
    return (page.body.child.inner_html if changed else html), paths, refusals


def _site_path(kind: str, target: str) -> tuple[str, LinkRefusal | None]:
    """The site path a ``{kind}target`` link becomes, or why it cannot be one."""
    marker = re.escape(kind)
    if kind != "static":
        instead = INSTEAD.get(kind, "an address on this site, or {static}/path for a file in the content folder")
        return "", LinkRefusal(f"a {{{kind}}} link is not used in this archive", f"write {instead}", marker)
    parts = urlsplit(target.strip())
    path = unquote(parts.path)
    segments = path.split("/")
    if not path.startswith("/") or any(s in ("", ".", "..") for s in segments[1:]) or _UNSAFE_IN_PATH.search(path):
        return "", LinkRefusal(
            f"{{static}}{target[:SHOWN_PATH]!r} is not a path from the content folder", ALLOWED, marker
        )
    if parts.query:  # a file reads no query: publishing the link without it would change the statement
        return "", LinkRefusal(f"{{static}}{target[:SHOWN_PATH]!r} has a query (?{parts.query[:40]})", ALLOWED, marker)
    url = quote(path, safe="/") + (f"#{quote(unquote(parts.fragment), safe='=&')}" if parts.fragment else "")
    return url, None


def unpublishable(root: str, relative: str) -> str | None:
    """Why the file at ``relative`` (a path from the content folder ``root``) may not be published, or None.

    Nothing is opened but a regular file reached through no symbolic link.
    """
    extension = os.path.splitext(relative)[1].lower()
    if extension not in SIGNATURES:
        return f"is a {extension} file: it is not published" if extension else "has no extension: it is not published"
    place = root
    for segment in relative.split("/"):
        place = os.path.join(place, segment)
        try:
            found = os.lstat(place)
        except FileNotFoundError:
            return "is not in the content folder"
        except OSError as error:
            return f"cannot be read: {error.strerror}"
        if stat.S_ISLNK(found.st_mode):
            return f"is reached through the symbolic link {display_path(place)}"
    if not stat.S_ISREG(found.st_mode):
        return "is not a regular file"
    return None if _has_signature(place, extension) else f"is not a {extension[1:].upper()} file inside"


def problem(root: str, path: str, attachment: Attachment) -> Problem | None:
    """The problem of the statement or page at ``path`` when the file it attaches may not be published."""
    why = unpublishable(root, attachment.path)
    shown = attachment.path if len(attachment.path) <= SHOWN_PATH else attachment.path[: SHOWN_PATH - 1] + "…"
    return Problem(path, attachment.line, "body", f"{{static}}/{shown} {why}", ALLOWED) if why else None


def _has_signature(path: str, extension: str) -> bool:
    with open(path, "rb") as file:
        start = file.read(12)
    matches = start.startswith(SIGNATURES[extension])
    return matches and (extension != ".webp" or start[8:12] == b"WEBP")
