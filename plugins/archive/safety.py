"""What a statement's body may contain: one allowlist, and the check that holds every body and page to it.

The Markdown is rendered first, so the check sees exactly what would be published, whether the markup
came from raw HTML or from Markdown syntax.  Ammonia (through ``nh3``, parsing with html5ever as browsers
parse) cleans the rendered body against the allowlist; a body that cleaning would change is refused,
never silently altered.  What is published is Ammonia's output, so even a body the comparison misjudged
could not put anything outside the allowlist on a page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

import nh3
from selectolax.lexbor import LexborHTMLParser, LexborNode

from .values import CONTROL_CHARACTER

# Each element the Markdown extensions in use (extra, sane_lists) produce, and what produces it.
ELEMENTS = {
    "p": "paragraphs",
    "br": "a line ending in two spaces",
    "hr": "`---` on a line of its own",
    "h1": "`#` headings",
    "h2": "`##` headings",
    "h3": "`###` headings",
    "h4": "`####` headings",
    "h5": "`#####` headings",
    "h6": "`######` headings",
    "em": "`*emphasis*`",
    "strong": "`**strong emphasis**`",
    "code": "`` `code` ``, and code blocks",
    "pre": "indented or fenced code blocks",
    "blockquote": "`>` quotations",
    "ul": "`-` lists",
    "ol": "`1.` numbered lists",
    "li": "list items, and footnotes",
    "dl": "definition lists",
    "dt": "a defined term",
    "dd": "`:` its definition",
    "table": "tables",
    "thead": "a table's heading row",
    "tbody": "a table's other rows",
    "tr": "table rows",
    "th": "table headings",
    "td": "table cells",
    "a": "`[links](https://…)`, `<https://…>`, footnote links",
    "img": "`![images](/path/on/this/site.png)`",
    "abbr": "`*[CTP]: Counter Terrorism Policing` abbreviations",
    "sup": "footnote references `[^1]`",
    "div": "footnotes, and `<div markdown>` blocks",
}

# The attributes each element may carry; those in ``ATTRIBUTE_VALUES`` only with the values it allows.
ATTRIBUTES = {
    "a": ("href", "title", "class"),
    "abbr": ("title",),
    "img": ("src", "alt", "title"),
    "ol": ("start",),
    "code": ("class",),
    "div": ("class",),
    "sup": ("id",),
    "li": ("id",),
}

LINK_SCHEMES = ("http", "https", "mailto", "tel")

# The most a body may hold. No real statement comes near them; past them, parsing costs minutes.
MAX_BODY_CHARACTERS = 5_000_000  # a transcript of 2 MB still builds
MAX_NESTING = 40  # elements inside one another: quotations, lists, emphasis, HTML
# Parsing slows down with the square of the nesting (40,000 nested <div>s take lexbor 3 s), and misnested
# tags nest as deep as there are tags: so no body with more start tags than this is parsed at all.
MAX_ELEMENTS = 50_000  # a 2 MB transcript of 13,000 paragraphs has 13,000
_START_TAG = re.compile(r"<[A-Za-z]")
MAX_MARKDOWN_WORK = 1_000**2  # the sum of the squares of each paragraph's "[" and "<": half a second at most
_PARAGRAPH = re.compile(r"(?:[^\n]+\n?)+")  # lines up to a blank line
_C0_AND_SPACE = "".join(map(chr, range(33)))  # what browsers strip from both ends of a URL
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")  # the WHATWG URL standard's scheme


def _site_path(url: str) -> bool:
    """A path on this site, never another host's.

    To a browser, ``//host``, ``/\\host`` and ``/<tab>/host`` (it drops tabs and newlines) are other hosts.
    """
    parts = _split(url)
    plain = all(c > " " for c in url)
    return plain and parts is not None and not (parts.scheme or parts.netloc or url.startswith(("//", "/\\", "\\")))


def _split(url: str) -> SplitResult | None:
    """The parts of ``url``, or None when it is no address at all (``http://[x``): browsers do not follow it."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def _pattern(regex: str) -> Callable[[str], bool]:
    return re.compile(regex).fullmatch


@dataclass(frozen=True)
class ValueRule:
    allows: Callable[[str], bool]
    allowed: str  # in the maintainer's words, after "allowed: "


# Values that attributes with a rule may have: what the extensions write, never the site's own classes or ids.
ATTRIBUTE_VALUES = {
    ("a", "class"): ValueRule(_pattern("footnote-ref|footnote-backref"), "footnote-ref or footnote-backref"),
    ("div", "class"): ValueRule(_pattern("footnote"), "footnote"),
    ("code", "class"): ValueRule(_pattern(r"language-[\w+#.-]+"), "language-NAME, from a fenced code block"),
    ("sup", "id"): ValueRule(_pattern(r"fnref\d*:[\w.-]+"), "a footnote reference's id"),
    ("li", "id"): ValueRule(_pattern(r"fn:[\w.-]+"), "a footnote's id"),
    ("img", "src"): ValueRule(_site_path, "a path on this site such as /images/map.png"),
}

ALLOWED_TEXT = "allowed: " + ", ".join(f"<{name}>" for name in ELEMENTS)
LINKS_ALLOWED = f"allowed: links to {', '.join(LINK_SCHEMES)} and this site"


def _keep_allowed_value(element: str, attribute: str, value: str) -> str | None:
    rule = ATTRIBUTE_VALUES.get((element, attribute))
    try:
        return value if rule is None or rule.allows(value) else None
    except Exception:  # Ammonia ignores an exception in its filter and keeps the value: fail closed instead
        return None


_CLEANER = nh3.Cleaner(
    tags=set(ELEMENTS),
    clean_content_tags={"script", "style"},
    # No "*" entry would leave Ammonia's default of title= and lang= on every element.
    attributes={"*": set()} | {element: set(names) for element, names in ATTRIBUTES.items()},
    attribute_filter=_keep_allowed_value,
    url_schemes=set(LINK_SCHEMES),
    link_rel=None,
    strip_comments=True,
)


@dataclass(frozen=True)
class Refusal:
    """One thing in a body outside the allowlist."""

    what: str  # "<meta> is not allowed"
    allowed: str
    source: str  # a regular expression that finds it in the Markdown source


def check(html: str) -> tuple[str, list[Refusal]]:
    """The body as it is published (Ammonia's output), and everything in ``html`` the allowlist refuses."""
    if not html.strip():
        return html, []
    if (elements := len(_START_TAG.findall(html))) > MAX_ELEMENTS:
        return "", [Refusal(f"has {elements:,} HTML elements", f"allowed: at most {MAX_ELEMENTS:,}", r"<")]
    page = _parse(html)
    nodes = _nodes(page)
    depth = max(depth for depth, tag, _ in nodes if not tag.startswith("-"))
    if depth > MAX_NESTING:
        return "", [Refusal(*_too_deep(depth), r"<")]
    cleaned = _CLEANER.clean(html)
    cleaned_nodes = _nodes(_parse(cleaned))
    if nodes == cleaned_nodes:
        control = CONTROL_CHARACTER.search(cleaned)  # written as it is, or as &#1;: feeds could not hold it
        return cleaned, [_control_refusal(control[0])] if control else []
    refusals = list(dict.fromkeys(_refusals(page))) or [_unexplained_change(nodes, cleaned_nodes)]
    return cleaned, refusals


def _control_refusal(character: str) -> Refusal:
    code = ord(character)
    return Refusal(
        f"has the control character U+{code:04X}: delete it",
        "allowed: text without control characters",
        rf"{re.escape(character)}|&#0*{code};?|&#[xX]0*{code:x};?",
    )


def too_big_for_markdown(source: str) -> tuple[int, str, str] | None:
    """What makes ``source`` too big to give to Python-Markdown: (line index, what, allowed), or None.

    Counted before Markdown reads the text: it recurses once a level of nesting (thousands of levels end
    in a ``RecursionError``), and a body far past the limits costs seconds before any check could refuse it.
    """
    if len(source) > MAX_BODY_CHARACTERS:
        return 0, f"is {len(source):,} characters long", f"at most {MAX_BODY_CHARACTERS:,} characters"
    if (elements := len(_START_TAG.findall(source))) > MAX_ELEMENTS:
        first = source.count("\n", 0, _START_TAG.search(source).start())
        return first, f"has {elements:,} HTML elements", f"allowed: at most {MAX_ELEMENTS:,}"
    if found := _markdown_work(source):
        return found
    blocks = 0  # <div markdown> blocks open, each parsed as Markdown again inside the one around it
    for index, line in enumerate(source.split("\n")):
        blocks += len(_MARKDOWN_BLOCK.findall(line))
        depth = max(blocks, _line_depth(line))
        blocks = max(0, blocks - line.count("</"))
        if depth > MAX_NESTING:
            return (index, *_too_deep(depth))
    return None


def _markdown_work(source: str) -> tuple[int, str, str] | None:
    """The paragraph where the '[' and '<' that Python-Markdown matches up pass ``MAX_MARKDOWN_WORK``, or None.

    Its link and HTML patterns try each '[' and '<' against every later one in the paragraph: 8,000 in
    one take it half a minute.  Counted as that work grows, with the square of each paragraph's count.
    """
    work = 0
    for paragraph in _PARAGRAPH.finditer(source):
        count = paragraph[0].count("[") + paragraph[0].count("<")
        work += count * count
        if work > MAX_MARKDOWN_WORK:
            what = f"has {count:,} '[' and '<' characters in one paragraph"
            if count * count <= MAX_MARKDOWN_WORK:
                what = f"has too many '[' and '<' characters over its paragraphs (this one has {count:,})"
            allowed = f"allowed: at most {math.isqrt(MAX_MARKDOWN_WORK):,} in one paragraph, fewer in each of many"
            return source.count("\n", 0, paragraph.start()), what, allowed
    return None


def _line_depth(line: str) -> int:
    """How deep a line nests: its quotation marks, its indent, and list items begun on it (``- - - x``)."""
    quotes = _QUOTES.match(line).group()
    rest = line[len(quotes) :]
    indent = re.match(r"[ \t]*", rest).group()
    items = _LIST_ITEMS.match(rest).group()
    return quotes.count(">") + len(indent.expandtabs(4)) // 4 + len(_LIST_ITEM.findall(items))


_QUOTES = re.compile(r"(?:[ \t]*>[ \t]?)*")
_LIST_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+")
_LIST_ITEMS = re.compile(rf"(?:[ \t]*{_LIST_ITEM.pattern})*")
_MARKDOWN_BLOCK = re.compile(r"<[A-Za-z][^>]*\bmarkdown\b", re.IGNORECASE)
NESTING_ALLOWED = f"allowed: quotations, lists and other elements at most {MAX_NESTING} deep"


def _too_deep(depth: int) -> tuple[str, str]:
    return f"is nested {depth} levels deep", NESTING_ALLOWED


def _parse(html: str) -> LexborHTMLParser:
    # Parsed as it sits on a page, inside an element of the body, so that a stray end tag counts.
    return LexborHTMLParser(f"<!DOCTYPE html><html><head></head><body><div>{html}</div></body></html>")


def _walk(page: LexborHTMLParser) -> Iterator[tuple[int, LexborNode]]:
    """Every node of the page in document order, with how many elements deep it is inside the body's own.

    Iterative, so that nesting as deep as the parser allows cannot exhaust Python's stack.
    """
    stack = [(-2, page.root)]  # <html>, so that <body> is -1 and the element the body was placed in 0
    while stack:
        depth, node = stack.pop()
        yield depth, node
        children = []
        child = node.child
        while child is not None:
            children.append((depth + 1, child))
            child = child.next
        stack.extend(reversed(children))


def _nodes(page: LexborHTMLParser) -> list[tuple]:
    """The page's shape: each node's depth, and its tag and attributes, or its text."""
    return [
        (depth, node.tag, tuple(sorted(node.attributes.items())) if node.is_element_node else node.html)
        for depth, node in _walk(page)
    ]


def _refusals(page: LexborHTMLParser) -> Iterator[Refusal]:
    if page.body.child.next is not None:  # something after the element the body was placed in
        yield Refusal(
            "has an end tag, such as </div>, for an element the statement did not open",
            "allowed: end tags of the statement's own elements",
            r"</",
        )
    for _, node in _walk(page):
        if node.tag == "-comment":
            yield Refusal(
                "an HTML comment is not allowed: it would be published in the page's source",
                "allowed: visible text only; keep notes to colleagues outside the file",
                r"<!--",
            )
        elif node.is_element_node and node.tag not in ("html", "head", "body"):
            yield from _element_refusals(node)


def _element_refusals(node: LexborNode) -> Iterator[Refusal]:
    tag = node.tag
    if ":" in tag:  # <data:text/html,x>: Markdown links only <http…>, <https…> and <mailto…> written so
        scheme = tag.partition(":")[0]
        yield Refusal(f"a {scheme}: link is not allowed", LINKS_ALLOWED, rf"<\s*{re.escape(scheme)}:")
        return
    if tag not in ELEMENTS:
        yield Refusal(f"<{tag}> is not allowed", ALLOWED_TEXT, rf"<\s*{re.escape(tag)}\b")
        return
    for name, value in node.attributes.items():
        value = value or ""
        rule = ATTRIBUTE_VALUES.get((tag, name))
        if name not in ATTRIBUTES.get(tag, ()):
            yield _attribute_refusal(tag, name)
        elif rule and not rule.allows(value):
            yield Refusal(
                f"{name}={value!r} on <{tag}> is not allowed", f"allowed: {rule.allowed}", re.escape(value) or name
            )
        elif name == "href" and _split(value) is None:
            yield Refusal(f"{value!r} is not a web address", LINKS_ALLOWED, re.escape(value))
        elif name == "href" and (scheme := _scheme(value)) not in ("", *LINK_SCHEMES):
            yield Refusal(f"a {scheme}: link is not allowed", LINKS_ALLOWED, _spelt_out(scheme + ":"))


def _attribute_refusal(tag: str, name: str) -> Refusal:
    allowed = f"allowed on <{tag}>: {', '.join(ATTRIBUTES.get(tag, ())) or 'none'}"
    what = f"the {name}= attribute on <{tag}> is not allowed"
    if name == "style":
        what += " (table columns aligned with ':' make one too)"
        return Refusal(what, allowed, r"\bstyle\s*=|\|\s*:?-+:")
    # Markdown's attribute lists write class and id as {: .name #name }.
    return Refusal(what, allowed, rf"\b{re.escape(name)}\s*=|\{{:?\s*[.#\w]")


def _scheme(url: str) -> str:
    """The scheme a browser would see: it ignores tabs and newlines anywhere and spaces around."""
    compact = "".join(c for c in url if c not in "\t\n\r").strip(_C0_AND_SPACE)
    scheme = _SCHEME.match(compact)
    return scheme[1].lower() if scheme else ""


def _spelt_out(text: str) -> str:
    """A pattern for ``text`` in the source, which may spell its letters as entities or break them with white space."""
    return r"(?:\s|&#?\w+;?)*".join(map(re.escape, text))


def _unexplained_change(nodes: list[tuple], cleaned: list[tuple]) -> Refusal:
    """A change the element and attribute checks did not name: show the first difference."""
    before = next((node for node, after in zip(nodes, [*cleaned, None], strict=False) if node != after), nodes[-1])
    _, tag, detail = before
    return Refusal(f"{tag.lstrip('-')} {str(detail)[:60]!r} would change when made safe", ALLOWED_TEXT, r"<")
