"""Refuse statement bodies that could run code in a reader's browser.

The Markdown is rendered first, so the check sees exactly what would be
published, whether the danger came from raw HTML or from Markdown link syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html

FORBIDDEN_ELEMENTS = (
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "style",
    "base",
    "meta",
    "link",
)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "srcset", "poster")
FORBIDDEN_SCHEMES = ("javascript:", "vbscript:", "data:")
ALLOWED = (
    "statements may not contain scripts, frames, embedded objects, styles, forms, event handlers or javascript: links"
)


def dangers(html: str) -> Iterator[tuple[str, str]]:
    """Each danger in rendered HTML as (what it is, a regex that finds it in the source)."""
    if not html.strip():
        return
    for element in lxml.html.fragment_fromstring(html, create_parent="div").iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in FORBIDDEN_ELEMENTS:
            yield f"raw <{element.tag}> element", rf"<\s*{element.tag}\b"
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                yield f"inline event handler {name}=", rf"\b{re.escape(name)}\s*="
            elif name.lower() == "style":
                # The site's Content-Security-Policy blocks inline styles: the page would not show them.
                yield "inline style= attribute (table columns aligned with ':' make one too)", r"\bstyle\s*=|\|\s*:?-+:"
            elif name.lower() in URL_ATTRIBUTES and _scheme(value) in FORBIDDEN_SCHEMES:
                scheme = _scheme(value)
                yield f"{scheme} link", re.escape(scheme[:-1]) + r"\s*:"


def _scheme(url: str) -> str:
    compact = "".join(c for c in url if not c.isspace() and ord(c) > 0x1F).lower()
    return next((s for s in FORBIDDEN_SCHEMES if compact.startswith(s)), "")
