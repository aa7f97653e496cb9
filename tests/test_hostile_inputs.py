"""Hostile inputs from every route between a file in content/ and a reader's browser (issue 29).

Each refused case is a content folder written in ``tmp_path``, checked by ``make check``'s function and
built by the ``pelican`` build, which must stop with the same problems, each ``file:LINE: field: message``,
and nothing else: no traceback, no hang.  The accepted cases, hostile file names and links that are
legitimate, are built together and loaded in chromium under the site's Content-Security-Policy:
no script runs, nothing is fetched from elsewhere and no page navigates away.
"""

from __future__ import annotations

import html
import mimetypes
import os
import string
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from pelican.settings import read_settings

from plugins import site_files
from plugins.archive import attachments, safety
from plugins.archive.problems import InvalidStatements
from plugins.archive.setting_rules import defaults
from plugins.archive.validate import new_markdown, parse_statement
from plugins.site_files import content_security_policy
from plugins.statements import check
from plugins.statements.load import PARSE_SETTINGS
from tests.support import ROOT, build, pelican_command

SETTINGS = str(ROOT / "publishconf.py")
S = "statements/2020/2020-05-04-ashbridge.md"
OTHER = "statements/2020/2020-06-01-leeds.md"
PAGE = "pages/about.md"
FIELDS = {
    "title": "Update on the incident in Ashbridge",
    "date": "2020-05-04",
    "threat_level": "SUBSTANTIAL",
    "category": "Counter-terrorism",
    "summary": "Officers continue to investigate the incident at Ashbridge station.",
    "issuer": "Assistant Chief Constable Dana Whitlow",
}
PNG = b"\x89PNG\r\n\x1a\n" + bytes(24)
JPEG = b"\xff\xd8\xff\xe0" + bytes(24)
GIF = b"GIF89a" + bytes(24)
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + bytes(16)
PDF = b"%PDF-1.7\n%%EOF\n"


def statement(body: str = "Officers are at the scene.", extra: str = "", **fields: str | None) -> str:
    """A statement's text: the title on line 2, ..., the issuer on line 7, ``extra`` lines from line 8, then
    the closing fence and the body (line 9 when there is no ``extra``)."""
    values = {**FIELDS, **fields}
    lines = "".join(f"{name}: {value}\n" for name, value in values.items() if value is not None)
    return f"---\n{lines}{extra}---\n{body}\n"


def page(body: str = "Who we are.", extra: str = "", title: str = "About") -> str:
    """A page's text: its title on line 2, ``extra`` from line 3, its body after the fence."""
    return f"---\ntitle: {title}\n{extra}---\n{body}\n"


@dataclass(frozen=True)
class Link:
    target: str  # relative to the link's folder, or absolute


FIFO = object()
FOLDER = object()


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, object]
    # Each problem as "path:LINE: field: message", its "(allowed)" left out; {content} is the content folder.
    expected: list[str] = field(default_factory=list)


def case(name: str, expected: str | list[str], **files: object) -> Case:
    return Case(name, {S: statement(), **_paths(files)}, [expected] if isinstance(expected, str) else expected)


EXTENSIONS = ("png", "jpg", "gif", "webp", "pdf", "svg", "js", "html", "md")


def _paths(files: dict[str, object]) -> dict[str, object]:
    """Keyword names to paths: ``S``, ``PAGE`` and ``OTHER`` stand for theirs, ``__`` for ``/``, and for ``.``
    before an extension: ``images__map__png`` is ``images/map.png``."""
    paths = {}
    for name, data in files.items():
        folders, _, last = name.rpartition("__")
        path = f"{folders}.{last}" if folders and last in EXTENSIONS else name
        paths[{"S": S, "PAGE": PAGE, "OTHER": OTHER}.get(name, path.replace("__", "/"))] = data
    return paths


def body_case(name: str, body: str, expected: str, **files: object) -> Case:
    return case(name, expected, S=statement(body), **files)


ALLOWED_KINDS = "is a {kind} file, which the archive never reads"
NOT_A_PATH = "S:9: body: {{static}}{target!r} is not a path from the content folder"
LINKS = [
    body_case(
        "filename link", "[Other]({filename}/statements/2020/other.md)", "S:9: body: a {filename} link is not used"
    ),
    body_case("filename link, pipes", "[Other](|filename|/x.md)", "S:9: body: a {filename} link is not used"),
    body_case(
        "filename link with an escaped quote",
        '<a href="{filename}/x&quot;&gt;&lt;script src=//a.example/&gt;.md">x</a>',
        "S:9: body: a {filename} link is not used",
    ),
    body_case("attach link", "![Map]({attach}/images/map.png)", "S:9: body: a {attach} link is not used"),
    body_case("tag link", "[Rail]({tag}rail)", "S:9: body: a {tag} link is not used"),
    body_case("category link", "[CT]({category}counter-terrorism)", "S:9: body: a {category} link is not used"),
    body_case("index link", "[Home]({index})", "S:9: body: a {index} link is not used"),
    body_case("author link", "[Me]({author}me)", "S:9: body: a {author} link is not used"),
    body_case("unknown kind", "[x]({evil}x)", "S:9: body: a {evil} link is not used"),
    body_case("relative static", "![Map]({static}images/map.png)", NOT_A_PATH.format(target="images/map.png")),
    body_case("static up and out", "![Map]({static}/../secret.png)", NOT_A_PATH.format(target="/../secret.png")),
    body_case(
        "static up, percent-encoded",
        "![Map]({static}/images/%2e%2e/x.png)",
        NOT_A_PATH.format(target="/images/%2e%2e/x.png"),
    ),
    body_case(
        "static with a query",
        "[Plan]({static}/docs/plan.pdf?download=1)",
        "S:9: body: {static}'/docs/plan.pdf?download=1' has a query (?download=1)",
    ),
    body_case(
        "filename link spelt with an entity",
        '<a href="&lcub;filename}/x.md">x</a>',
        "S:9: body: a {filename} link is not used",
    ),
    body_case("static empty part", "![Map]({static}/images//map.png)", NOT_A_PATH.format(target="/images//map.png")),
    body_case(
        "static control character",
        '<img alt="" src="{static}/images/a%0Ab.png">',
        NOT_A_PATH.format(target="/images/a%0Ab.png"),
    ),
    body_case(
        "static backslash",
        '<img alt="" src="{static}/images\\..\\x.png">',
        NOT_A_PATH.format(target="/images\\..\\x.png"),
    ),
    body_case(
        "static missing file",
        "![Map]({static}/images/missing.png)",
        "S:9: body: {static}/images/missing.png is not in the content folder",
    ),
    body_case(
        "SVG with script",
        "[Map]({static}/images/map.svg)",
        "S:9: body: {static}/images/map.svg is a .svg file: it is not published",
        images__map__svg='<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    ),
    body_case(
        "JavaScript",
        "[x]({static}/images/x.js)",
        "S:9: body: {static}/images/x.js is a .js file: it is not published",
        images__x__js="alert(1)",
    ),
    body_case(
        "HTML",
        "[x]({static}/images/x.html)",
        "S:9: body: {static}/images/x.html is a .html file: it is not published",
        images__x__html="<script>alert(1)</script>",
    ),
    body_case(
        "a draft's source",
        "[x]({static}/statements/2020/2020-06-01-leeds.md)",
        "S:9: body: {static}/statements/2020/2020-06-01-leeds.md is a .md file: it is not published",
        OTHER=statement(status="draft", date="2020-06-01"),
    ),
    body_case(
        "no extension",
        "[x]({static}/images/x)",
        "S:9: body: {static}/images/x has no extension: it is not published",
        images__x=PNG,
    ),
    body_case(
        "SVG named .png",
        "![x]({static}/images/x.png)",
        "S:9: body: {static}/images/x.png is not a PNG file inside",
        images__x__png="<svg onload=alert(1)>",
    ),
    body_case(
        "HTML named .jpg",
        "![x]({static}/images/x.jpg)",
        "S:9: body: {static}/images/x.jpg is not a JPG file inside",
        images__x__jpg="<script>alert(1)</script>",
    ),
    body_case(
        "HTML named .pdf",
        "[x]({static}/docs/x.pdf)",
        "S:9: body: {static}/docs/x.pdf is not a PDF file inside",
        docs__x__pdf="<html>",
    ),
    body_case(
        "RIFF named .webp",
        "![x]({static}/images/x.webp)",
        "S:9: body: {static}/images/x.webp is not a WEBP file inside",
        images__x__webp=b"RIFF\x10\x00\x00\x00WAVEfmt " + bytes(8),
    ),
    body_case(
        "PNG named .gif",
        "![x]({static}/images/x.gif)",
        "S:9: body: {static}/images/x.gif is not a GIF file inside",
        images__x__gif=PNG,
    ),
    body_case(
        "a link to an image",
        "![x]({static}/images/link.png)",
        "S:9: body: {static}/images/link.png is reached through the symbolic link images/link.png",
        images__map__png=PNG,
        images__link__png=Link("map.png"),
    ),
    body_case(
        "a folder named .png",
        "![x]({static}/images/dir.png)",
        "S:9: body: {static}/images/dir.png is not a regular file",
        images__dir__png=FOLDER,
    ),
    body_case(
        "a pipe named .png",
        "![x]({static}/images/pipe.png)",
        "S:9: body: {static}/images/pipe.png is not a regular file",
        images__pipe__png=FIFO,
    ),
    body_case(
        "a link out to a system file",
        "![x]({static}/images/passwd.png)",
        "images/passwd.png:1: file: is a symbolic link to /etc/passwd, outside the content folder",
        images__passwd__png=Link("/etc/passwd"),
    ),
    body_case(
        "a file name too long",
        "![x]({static}/" + "a" * 5000 + ".png)",
        "S:9: body: {static}/" + "a" * 79 + "… cannot be read: File name too long",
    ),
    body_case(
        "a page's missing image",
        "Text.",
        "PAGE:6: body: {static}/images/x.png is not in the content folder",
        PAGE=page("Who.\n\n![x]({static}/images/x.png)"),
    ),
]

READERS = [
    case(
        f"{path} is refused",
        f"{path}:1: file: " + ALLOWED_KINDS.format(kind="." + path.rpartition(".")[2]),
        **{path: text},
    )
    for path, text in [
        ("pages/evil.html", "<html><head><title>x</title></head><body><script>alert(1)</script></body></html>"),
        ("pages/evil.htm", "<html><body><meta http-equiv=refresh content='0;url=https://a.example/'></body></html>"),
        ("pages/evil.rst", "Title\n=====\n\n.. raw:: html\n\n   <script>alert(1)</script>\n"),
        ("pages/evil.markdown", "Title: x\n\n<script>alert(1)</script>\n"),
        ("pages/evil.mkd", "Title: x\n\n<script>alert(1)</script>\n"),
        ("pages/evil.mdown", "Title: x\n\n<script>alert(1)</script>\n"),
        ("statements/2020/evil.html", "<html><body><script>alert(1)</script></body></html>"),
        ("statements/2020/evil.rst", "x\n=\n"),
        ("statements/2020/evil.markdown", "Title: x\nDate: 2020-01-01\n\nx\n"),
        ("statements/2020/notes.txt", "notes"),
        ("pages/script.js", "alert(1)"),
        ("pages/logo.svg", "<svg onload=alert(1)>"),
    ]
] + [
    case(
        "a file without an extension",
        "statements/2020/README:1: file: is a file without an extension, which the archive never reads",
        statements__2020__README="x",
    ),
]

PAGES = [
    case(
        "a page with a script", "PAGE:6: body: <script> is not allowed", PAGE=page("Who.\n\n<script>alert(1)</script>")
    ),
    case(
        "a page with a filename link",
        "PAGE:6: body: a {filename} link is not used",
        PAGE=page("Who.\n\n[x]({filename}/x.md)"),
    ),
    case(
        "a page with a javascript link",
        "PAGE:6: body: a javascript: link is not allowed",
        PAGE=page("Who.\n\n[x](javascript:alert(1))"),
    ),
    case(
        "a page with a refresh",
        "PAGE:6: body: <meta> is not allowed",
        PAGE=page("Who.\n\n<meta http-equiv=refresh content='0;url=https://a.example/'>"),
    ),
    case(
        "a page at feeds/", "PAGE:1: slug: feeds/index.html is where the build writes", PAGE=page(extra="slug: feeds\n")
    ),
    case(
        "a page at statements/",
        "PAGE:1: slug: statements/index.html is where the build writes",
        PAGE=page(extra="slug: statements\n"),
    ),
    case("a page at tags/", "PAGE:1: slug: tags/index.html is where the build writes", PAGE=page(extra="slug: tags\n")),
    case(
        "a page titled Search", "PAGE:1: slug: search/index.html is where the build writes", PAGE=page(title="Search")
    ),
    case(
        "two pages at one address",
        "pages/b.md:1: slug: about/index.html is also the address of pages/a.md",
        pages__a__md=page(extra="slug: about\n"),
        pages__b__md=page(extra="slug: about\n"),
    ),
    case(
        "a page title with no letter or digit",
        "PAGE:1: slug: the title has no letter or digit to make the page's address from: add slug:",
        PAGE=page(title="'!!!'"),
    ),
    case(
        "a page title with an escape sequence",
        "PAGE:2: title: has the control character U+001B at character 1",
        PAGE=page(title='"\\e[2J"'),
    ),
    case("a page of nested lists", "PAGE:4: body: is nested 100 levels deep", PAGE=page("- " * 100 + "x")),
]

NESTED_JSON = "[" * 100_000 + "]" * 100_000
TRACEBACKS = [
    case("title \\0", "S:2: title: has the control character U+0000 at character 2", S=statement(title='"a\\0b"')),
    case("title \\e", "S:2: title: has the control character U+001B at character 1", S=statement(title='"\\e[31mRed"')),
    case(
        "summary \\x01",
        "S:6: summary: has the control character U+0001 at character 1",
        S=statement(summary='"\\x01x"'),
    ),
    case(
        "issuer \\x7f", "S:7: issuer: has the control character U+007F at character 2", S=statement(issuer='"a\\x7f"')
    ),
    case(
        "issuer C1 control",
        "S:7: issuer: has the control character U+0085 at character 2",
        S=statement(issuer='"a\\x85b"'),
    ),
    case(
        "a tag \\x1b",
        "S:8: tags: a tag has the control character U+001B at character 1",
        S=statement(extra='tags: ["\\x1b"]\n'),
    ),
    case(
        "a contact phone \\0",
        "S:9: contact.phone: has the control character U+0000",
        S=statement(extra='contact:\n  phone: "\\0"\n'),
    ),
    case(
        "date in year 1 east of UTC",
        "S:3: date: '0001-01-01T00:00+01:00' is not between the years 1000 and 9998",
        S=statement(date="0001-01-01T00:00+01:00"),
    ),
    case(
        "date in year 9999 west of UTC",
        "S:3: date: '9999-12-31T23:59-01:00' is not between the years 1000 and 9998",
        S=statement(date="9999-12-31T23:59-01:00"),
    ),
    case(
        "updated in year 0999",
        "S:8: updated: '0999-12-31' is not between the years 1000 and 9998",
        S=statement(extra="updated: 0999-12-31\n"),
    ),
    case(
        "withdrawn_date 9999-12-31",
        "S:9: withdrawn_date: '9999-12-31' is not between the years 1000 and 9998",
        S=statement(extra="status: withdrawn\nwithdrawn_date: 9999-12-31\nwithdrawn_reason: Wrong.\n"),
    ),
    case(
        "an offset of 25 hours",
        "S:3: date: '2020-05-04T00:00+25:00' has the UTC offset +25:00, which no clock has",
        S=statement(date="2020-05-04T00:00+25:00"),
    ),
    case(
        "an offset of 60 minutes",
        "S:3: date: '2020-05-04T00:00+05:60' has the UTC offset +05:60, which no clock has",
        S=statement(date="2020-05-04T00:00+05:60"),
    ),
    case(
        "nested flow lists",
        "S:8: front matter: nests lists or mappings 5000 deep",
        S=statement(extra="tags: " + "[" * 5000 + "]" * 5000 + "\n"),
    ),
    case(
        "nested flow mappings",
        "S:8: front matter: nests lists or mappings 3000 deep",
        S=statement(extra="contact: " + "{a: " * 3000 + "}" * 3000 + "\n"),
    ),
    case(
        "nested block mappings",
        "S:18: front matter: nests lists or mappings 11 deep",
        S=statement(extra="".join("  " * n + "a:\n" for n in range(12))),
    ),
    body_case("a body with \\x01", "Text \x01 here.", "S:9: body: has the control character U+0001: delete it"),
    body_case("a body with &#1;", "Text\n\nthen &#1; here.", "S:11: body: has the control character U+0001: delete it"),
    body_case("a body with an escape in code", "`\x1b[2J`", "S:9: body: has the control character U+001B: delete it"),
    body_case(
        "an attribute with &#11;", '<abbr title="a&#11;b">x</abbr>', "S:9: body: has the control character U+000B"
    ),
    body_case("a body with U+FFFF", "Text \uffff here.", "S:9: body: has the control character U+FFFF: delete it"),
    case("a list nested on one line", "S:9: body: is nested 3000 levels deep", S=statement("- " * 3000 + "x")),
    case("numbered lists nested on one line", "S:9: body: is nested 500 levels deep", S=statement("1. " * 500 + "x")),
    case(
        "div markdown blocks on one line",
        "S:9: body: is nested 500 levels deep",
        S=statement('<div markdown="1">' * 500 + "x" + "</div>" * 500),
    ),
    case(
        "div markdown blocks on lines",
        "S:49: body: is nested 41 levels deep",
        S=statement('<div markdown="1">\n' * 100 + "x\n" + "</div>\n" * 100),
    ),
    case("quotations", "S:9: body: is nested 300 levels deep", S=statement("> " * 300 + "x")),
    case(
        "brackets Markdown matches up",
        "S:9: body: has 100,000 '[' and '<' characters in one paragraph",
        S=statement("[" * 100_000),
    ),
    case("unclosed tags", "S:9: body: has 40,000 '[' and '<' characters in one paragraph", S=statement("<a " * 40_000)),
    case(
        "nested links",
        "S:9: body: has 10,000 '[' and '<' characters in one paragraph",
        S=statement("[" * 10_000 + "x" + "](y)" * 10_000),
    ),
    case(
        "brackets over many paragraphs",
        "S:17: body: has too many '[' and '<' characters over its paragraphs (this one has 500)",
        S=statement("\n\n".join(["[" * 500] * 8)),
    ),
    case(
        "a ledger nested deep",
        "published.json:1: ledger: nests arrays or objects too deep",
        **{"published.json": NESTED_JSON},
    ),
    case("a pipe named .md", "statements/2020/pipe.md:1: file: is not a regular file", statements__2020__pipe__md=FIFO),
    case("a pipe as a page", "pages/pipe.md:1: file: is not a regular file", pages__pipe__md=FIFO),
    case(
        "a link to itself",
        "statements/2020/self.md:1: file: cannot be read: Too many levels of symbolic links",
        statements__2020__self__md=Link("self.md"),
    ),
    case(
        "a broken link",
        "statements/2020/gone.md:1: file: cannot be read: No such file or directory",
        statements__2020__gone__md=Link("nowhere.md"),
    ),
    case(
        "a folder link round to its own folder",
        "statements/2020/loop:1: file: is a symbolic link to statements/2020, a folder it is in",
        statements__2020__loop=Link("."),
    ),
    case(
        "a folder link round to the content folder",
        "statements/up:1: file: is a symbolic link to {content}, a folder it is in",
        statements__up=Link(".."),
    ),
    case(
        "a folder link to /",
        "pages/root:1: file: is a symbolic link to /, outside the content folder",
        pages__root=Link("/"),
    ),
    case(
        "an unhashable key",
        "S:8: front matter: this line cannot be read as 'field: value'",
        S=statement(extra="? [a, b]\n: c\n"),
    ),
    case(
        "an id naming the alerts index",
        "S:8: id: 'index.atom' names the file alerts/index.atom.xml, which the build writes for something else",
        S=statement(extra="id: index.atom\n"),
    ),
    case(
        "an id too long for a file",
        "S:8: id: '" + "a" * 40 + "…' is too long to name a file",
        S=statement(extra=f"id: {'a' * 250}\n"),
    ),
]

CYRILLIC_A = "R\u0430il"
SEEN_AS_RAIL = "the tag {tag!r} would share the page tags/rail/ with the tag 'Rail'"
RULES = [
    case(
        f"a tag with {name}",
        f"S:8: tags: a tag has U+{ord(c):04X} {name} at character 3",
        S=statement(extra=f'tags: ["Ra{c}il"]\n'),
    )
    for c, name in [
        ("\u00ad", "SOFT HYPHEN"),
        ("\u2061", "FUNCTION APPLICATION"),
        ("\U000e0041", "TAG LATIN CAPITAL LETTER A"),
        ("\U000e0001", "LANGUAGE TAG"),
        ("\u180e", "MONGOLIAN VOWEL SEPARATOR"),
        ("\u2064", "INVISIBLE PLUS"),
        ("\u200b", "ZERO WIDTH SPACE"),
        ("\u3164", "HANGUL FILLER"),
    ]
] + [
    case(
        "tag characters outside a flag",
        "S:2: title: has U+E0067 TAG LATIN SMALL LETTER G at character 5",
        S=statement(title="Rail\U000e0067\U000e0062\U000e007f"),
    ),
    case(
        "a title with a bidi override",
        "S:2: title: has U+202E RIGHT-TO-LEFT OVERRIDE at character 5",
        S=statement(title="Rail\u202etxe.exe"),
    ),
    case(
        "tags sharing a page",
        f"OTHER:8: tags: {SEEN_AS_RAIL.format(tag='RAIL!')}",
        S=statement(extra="tags: [Rail]\n"),
        OTHER=statement(extra='tags: ["RAIL!"]\n', date="2020-06-01"),
    ),
    case(
        "a tag with a Cyrillic a",
        "OTHER:8: tags: " + SEEN_AS_RAIL.format(tag=CYRILLIC_A),
        S=statement(extra="tags: [Rail]\n"),
        OTHER=statement(extra=f"tags: [{CYRILLIC_A}]\n", date="2020-06-01"),
    ),
    case(
        "tags sharing a page in one statement",
        f"S:8: tags: {SEEN_AS_RAIL.format(tag='rail.')}",
        S=statement(extra="tags: [Rail, rail.]\n"),
    ),
    case(
        "a withdrawn_reason with a bidi override",
        "S:10: withdrawn_reason: has U+202E RIGHT-TO-LEFT OVERRIDE at character 4",
        S=statement(extra="status: withdrawn\nwithdrawn_date: 2020-05-05\nwithdrawn_reason: Old\u202e news\n"),
    ),
    case(
        "a correction note with a zero-width space",
        "S:10: corrections.note: has U+200B ZERO WIDTH SPACE at character 3",
        S=statement(extra="corrections:\n  - date: 2020-05-05\n    note: Th\u200be figure\n"),
    ),
    case(
        "a correction dated in the future",
        "S:8: corrections: 2999-01-01 00:00 GMT is after the build's date",
        S=statement(extra="corrections:\n  - date: 2999-01-01\n    note: Later.\n"),
    ),
    case(
        "an email with ?cc=",
        "S:9: contact.email: 'a?cc=b@example.org' is not an email address",
        S=statement(extra="contact:\n  email: a?cc=b@example.org\n"),
    ),
    case(
        "an email with &body=",
        "S:9: contact.email: 'a&body=x@example.org' is not an email address",
        S=statement(extra="contact:\n  email: a&body=x@example.org\n"),
    ),
    case(
        "an email with a query after",
        "S:9: contact.email: 'a@example.org?cc=b' is not an email address",
        S=statement(extra="contact:\n  email: a@example.org?cc=b\n"),
    ),
    case(
        "an email with #",
        "S:9: contact.email: 'a#x@example.org' is not an email address",
        S=statement(extra="contact:\n  email: 'a#x@example.org'\n"),
    ),
    case(
        "an alias INDEX.HTML",
        "S:8: aliases: INDEX.HTML is where the build writes",
        S=statement(extra="aliases: [INDEX.HTML]\n"),
    ),
    case(
        "an alias index.htm",
        "S:8: aliases: index.htm is where the build writes",
        S=statement(extra="aliases: [index.htm]\n"),
    ),
    case(
        "an alias 404.HTM", "S:8: aliases: 404.HTM is where the build writes", S=statement(extra="aliases: [404.HTM]\n")
    ),
    case("an alias Feeds/", "S:8: aliases: Feeds/ is where the build writes", S=statement(extra="aliases: [Feeds/]\n")),
    case(
        "an alias at another statement's address in capitals",
        "S:8: aliases: statements/2020/06/LEEDS/ is the address of statements/2020/2020-06-01-leeds.md",
        S=statement(extra="aliases: [statements/2020/06/LEEDS/]\n"),
        OTHER=statement(date="2020-06-01"),
    ),
]

MESSAGES = [
    case(
        "a file name with a newline",
        "statements/2020/a\\nb.md:1: front matter: no front matter",
        **{"statements/2020/a\nb.md": "Not a statement.\n"},
    ),
    case(
        "a file name with an escape sequence",
        "statements/2020/\\x1b[2J\\x1b[31m.md:1: front matter: no front matter",
        **{"statements/2020/\x1b[2J\x1b[31m.md": "Not a statement.\n"},
    ),
    case(
        "a file name that is not UTF-8",
        "statements/2020/2020-05-04-\\udcff.md:1: file: its name is not valid UTF-8 (byte 0xff): rename it",
        **{os.fsdecode(b"statements/2020/2020-05-04-\xff.md"): statement(extra="slug: x\n")},
    ),
    case(
        "a file name with a bidi override",
        "statements/2020/a\\u202egpj.md:1: front matter: no front matter",
        **{"statements/2020/a\u202egpj.md": "x\n"},
    ),
    case(
        "lone CR line endings, a field missing", "S:1: issuer: is missing", S=statement(issuer=None).replace("\n", "\r")
    ),
    case(
        "lone CR line endings, a field wrong",
        "S:4: threat_level: 'BAD' is not a national threat level",
        S=statement(threat_level="BAD").replace("\n", "\r"),
    ),
    body_case("a data: autolink", "<data:text/html,x>", "S:9: body: a data: link is not allowed"),
    body_case("a vbscript: autolink", "<vbscript:msgbox(1)>", "S:9: body: a vbscript: link is not allowed"),
    body_case("a javascript: autolink", "<javascript:alert(1)>", "S:9: body: a javascript: link is not allowed"),
]

REFUSED = LINKS + READERS + PAGES + TRACEBACKS + RULES + MESSAGES


def write(content: Path, files: dict[str, object]) -> None:
    (content / "pages").mkdir(parents=True, exist_ok=True)
    for relative, data in files.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Link):
            path.symlink_to(data.target)
        elif data is FIFO:
            os.mkfifo(path)
        elif data is FOLDER:
            path.mkdir()
        elif isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="")


def shown(problems, content: Path) -> list[str]:
    return [str(problem).replace(f"{content}/", "") for problem in problems]


def expanded(expected: str, content: Path) -> str:
    """``expected`` with the content folder and the paths S, PAGE and OTHER written out."""
    short, colon, rest = expected.partition(":")
    path = {"S": S, "PAGE": PAGE, "OTHER": OTHER}.get(short, short)
    return f"{path}{colon}{rest}".replace("{content}", str(content))


CLASSES = (LINKS, READERS, PAGES, TRACEBACKS, RULES, MESSAGES)
# The build calls the very function make check calls (statements.check_archive): the first
# and last cases of each class are built too, which must stop with the same problems and write nothing.
BUILT = {case.name for cases in CLASSES for case in (*cases[:2], *cases[-2:])} | {
    "a pipe named .md",
    "a folder link round to its own folder",
    "a folder link to /",
    "a link out to a system file",
}


@pytest.mark.parametrize("hostile", REFUSED, ids=[c.name for c in REFUSED])
def test_a_hostile_input_is_refused_with_its_messages_by_make_check_and_the_build(hostile, tmp_path):
    content = tmp_path / "content"
    write(content, hostile.files)
    checked = shown(check.check(str(content), SETTINGS, []), content)
    expected = [expanded(e, content) for e in hostile.expected]
    # Each problem begins with what is expected: its file, line, field and message (its allowed values aside).
    assert len(checked) == len(expected) and all(map(str.startswith, checked, expected)), checked
    if hostile.name in BUILT:
        output = tmp_path / "output"
        with pytest.raises(InvalidStatements) as failure:
            build(content, output, "publishconf.py")
        assert shown(failure.value.problems, content) == checked
        assert not output.exists()


def test_the_commands_print_one_line_for_each_problem_of_each_class_and_no_traceback(tmp_path):
    """``make check`` and ``pelican`` as run from a terminal, on one hostile file of each class."""
    content = tmp_path / "content"
    chosen = [LINKS[0], READERS[0], PAGES[0], TRACEBACKS[0], RULES[0], MESSAGES[0]]
    files = {}
    for number, hostile in enumerate(chosen):  # each class's statement under a name of its own
        files |= {path.replace("ashbridge", f"ashbridge-{number}"): data for path, data in hostile.files.items()}
    write(content, files)
    checked = subprocess.run(
        [sys.executable, "-m", "plugins.statements.check", "--settings", SETTINGS, str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    built = pelican_command(content, tmp_path / "output", ROOT / "publishconf.py")
    problems = [line for line in checked.stderr.splitlines() if line.startswith(str(content))]
    assert (checked.returncode, built.returncode) == (1, 1)
    assert len(problems) == len(chosen) and checked.stderr.count("\n") == len(chosen) + 1, checked.stderr
    assert all(problem in built.stderr for problem in problems)
    assert "Traceback" not in checked.stderr + built.stderr
    assert not (tmp_path / "output").exists()


# --- Accepted: hostile file names and links that are legitimate, built together and shown in chromium ---------

QUOTES = 'a"b&c.png'
MARKUP = "x'><script>alert(1)<.png"
QUERY = "q?x#y.png"
ACCEPTED = {
    "images/map.png": PNG,
    "images/photo.jpg": JPEG,
    "images/anim.gif": GIF,
    "images/pic.webp": WEBP,
    "docs/plan.pdf": PDF,
    f"images/{QUOTES}": PNG,
    f"images/{MARKUP}": PNG,
    f"images/{QUERY}": PNG,
    "images/embargoed.png": PNG,
    "images/unused.png": PNG,  # attached by nothing: never published
    "statements/2020/2020-05-04-images.md": statement(
        "Officers released these images.\n\n"
        "![The cordon]({static}/images/map.png) ![Officers]({static}/images/photo.jpg)\n\n"
        "![Animation]({static}/images/anim.gif) ![Picture]({static}/images/pic.webp)\n\n"
        "[The plan]({static}/docs/plan.pdf#page=2) and [the same](|static|/docs/plan.pdf)\n\n"
        f'<img alt="Quotes" src="{{static}}/images/{html.escape(QUOTES)}">\n\n'
        f'<img alt="Markup" src="{{static}}/images/{html.escape(MARKUP)}">\n\n'
        f'<img alt="Query" src="{{static}}/images/q%3Fx%23y.png">\n\n'
        "Pelican's links are written as text: `{filename}/x.md`, `{static}/x.png`.\n",
    ),
    "statements/2020/2020-05-05-title.md": statement(
        title="'<script>alert(1)</script> & \"quotes\"'",
        summary="'<meta http-equiv=refresh content=0;url=https://attacker.example/>'",
        date="2020-05-05",
    ),
    "statements/2020/2020-05-06-old-mac.md": statement("Written on an old Mac.", date="2020-05-06").replace("\n", "\r"),
    "statements/2020/2020-05-08-indented.md": statement(
        summary=">\n" + "".join(" " * 30 + f"Line {n} of a summary indented far.\n" for n in range(3)),
        date="2020-05-08",
    ),
    "statements/2020/2020-05-07-officers.md": statement(
        title="Officers in England \U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
        extra='tags: ["\U0001f46e\u200d\u2640\ufe0f Officers"]\n',
        date="2020-05-07",
    ),
    "statements/2999/2999-01-01-embargoed.md": statement("![Later]({static}/images/embargoed.png)", date="2999-01-01"),
    "pages/about.md": page("Who we are.\n\n![Our logo]({static}/images/map.png)"),
}
STATEMENT_PAGES = [
    "/statements/2020/05/images/",
    "/statements/2020/05/title/",
    "/statements/2020/05/old-mac/",
    "/statements/2020/05/officers/",
    "/statements/2020/05/indented/",
    "/about/",
]


@pytest.fixture(scope="module")
def accepted(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("accepted") / "content"
    write(content, ACCEPTED)
    assert check.check(str(content), SETTINGS, []) == []  # make check agrees with the build that follows
    return build(content, content.parent / "output", "publishconf.py", SITEURL="")


def test_static_links_become_escaped_site_paths_and_only_attached_files_are_published(accepted):
    prose = BeautifulSoup((accepted / "statements/2020/05/images/index.html").read_bytes(), "lxml").select_one(".prose")
    assert [img["src"] for img in prose.select("img")] == [
        "/images/map.png",
        "/images/photo.jpg",
        "/images/anim.gif",
        "/images/pic.webp",
        "/images/a%22b%26c.png",
        "/images/x%27%3E%3Cscript%3Ealert%281%29%3C.png",
        "/images/q%3Fx%23y.png",
    ]
    assert [a["href"] for a in prose.select("a")] == ["/docs/plan.pdf#page=2", "/docs/plan.pdf"]
    assert [code.get_text() for code in prose.select("code")] == ["{filename}/x.md", "{static}/x.png"]
    published = {
        str(p.relative_to(accepted)) for p in accepted.rglob("*") if p.parts[len(accepted.parts)] in ("images", "docs")
    }
    expected = {name for name in ACCEPTED if name.startswith(("images/", "docs/"))} - {
        "images/unused.png",
        "images/embargoed.png",
    }
    assert published - {"images", "docs"} == expected
    assert all((accepted / name).read_bytes() == ACCEPTED[name] for name in expected)


def test_hostile_titles_are_text(accepted):
    title = BeautifulSoup((accepted / "statements/2020/05/title/index.html").read_bytes(), "lxml").select_one("h1")
    assert title.get_text() == '<script>alert(1)</script> & "quotes"'


@pytest.mark.browser
def test_no_accepted_page_runs_script_or_leaves_the_site_in_chromium(accepted, browser):
    site = "http://archive.test"
    policy = content_security_policy(defaults(site_files.SETTINGS)["CONTENT_SECURITY_POLICY"])
    context = browser.new_context()
    context.add_init_script(
        "for (const name of ['alert', 'confirm', 'prompt']) window[name] = () => { window.ran = true; };"
    )
    elsewhere = []

    def serve(route):
        url = route.request.url
        if not url.startswith(site + "/"):
            elsewhere.append(url)
            return route.abort()
        path = accepted / unquote(urlsplit(url).path).lstrip("/")
        path = path / "index.html" if path.is_dir() else path
        if not path.is_file():
            return route.fulfill(status=404, body="")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        route.fulfill(body=path.read_bytes(), headers={"Content-Type": kind, "Content-Security-Policy": policy})

    context.route("**/*", serve)
    tab = context.new_page()
    for address in STATEMENT_PAGES:
        tab.goto(site + address)
        tab.wait_for_timeout(50)  # time for a refresh or an event handler to fire
        assert tab.url == site + address
        assert tab.evaluate("window.ran === true") is False, address
        assert tab.locator(".prose script, .prose meta, .prose iframe").count() == 0
    context.close()
    assert elsewhere == []


# --- The property: whatever a file is called and however a link is written, no markup comes of it ----------

PARSE = {name: read_settings(SETTINGS)[name] for name in PARSE_SETTINGS}
MARKDOWN = new_markdown(PARSE)
# Quotes, ampersands and brackets, control characters, bidi controls, and what a URL makes of its parts.
hostile_names = st.text(
    st.sampled_from("a.\"'&<>=;:?#% \t\x01\x1b\u202e\u200b\\()[]{}|!*`-_é"), min_size=1, max_size=24
)


@settings(max_examples=120, deadline=None, derandomize=True)
@given(name=hostile_names, escaped=st.booleans())
def test_no_file_name_or_link_target_puts_markup_in_the_published_body(name, escaped):
    target = html.escape(name) if escaped else name
    body = f'Images.\n\n<img alt="x" src="{{static}}/images/{target}">\n\n[plan]({{static}}/docs/{target})\n'
    parsed = parse_statement("/c/statements/2020/2020-05-04-x.md", statement(body).encode(), PARSE, MARKDOWN)
    if isinstance(parsed, list):  # refused: nothing of it is published
        assert all(str(problem).startswith("/c/statements/2020/2020-05-04-x.md:") for problem in parsed)
        return
    fragment = BeautifulSoup(parsed.body_html, "html.parser")
    for element in fragment.find_all(True):
        assert element.name in safety.ELEMENTS and set(element.attrs) <= set(safety.ATTRIBUTES.get(element.name, ()))
    for url in [element.get("src") or element.get("href") for element in fragment.find_all(["img", "a"])]:
        # Every {static} link became a site path of URL characters only, or the statement was refused.
        assert url.startswith(("/images/", "/docs/")) and set(url) <= URL_CHARACTERS, url
    assert {a.path.split("/")[0] for a in parsed.attachments} <= {"images", "docs"}
    assert safety.check(parsed.body_html) == (parsed.body_html, [])  # the published bytes pass the check as they are


URL_CHARACTERS = set(string.ascii_letters + string.digits + "/%-._~#=&!$'()*+,;:@")


def test_files_under_static_paths_are_held_to_the_same_rules(tmp_path):
    content = tmp_path / "content"
    write(content, {S: statement(), "images/map.png": PNG, "images/map.svg": "<svg onload=alert(1)>"})
    with pytest.raises(InvalidStatements) as failure:
        build(content, tmp_path / "output", "publishconf.py", STATIC_PATHS=["images"])
    assert shown(failure.value.problems, content) == [
        f"images/map.svg:1: file: is under STATIC_PATHS and is a .svg file: it is not published ({attachments.ALLOWED})"
    ]


def test_an_attached_file_is_checked_again_on_every_build_though_its_statement_is_unchanged(tmp_path):
    content = tmp_path / "content"
    write(content, {S: statement("![Map]({static}/images/map.png)"), "images/map.png": PNG})
    output = build(content, tmp_path / "output", "publishconf.py")
    assert (output / "images/map.png").read_bytes() == PNG
    (content / "images/map.png").write_text("<svg onload=alert(1)>", encoding="utf-8")  # the parse is cached
    with pytest.raises(InvalidStatements) as failure:
        build(content, output, "publishconf.py")
    assert shown(failure.value.problems, content) == [
        f"{S}:9: body: {{static}}/images/map.png is not a PNG file inside ({attachments.ALLOWED})"
    ]
    assert (output / "images/map.png").read_bytes() == PNG  # the published site is as it was
