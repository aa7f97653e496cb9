"""The current level as data (JSON, schema in ``current.schema.json``) and as an SVG badge other sites embed.

The badge is one image for assistive technology (``role="img"``, named by its ``<title>`` and
described by its ``<desc>``), names the level in words, and takes the theme's badge colours from its
stylesheet (whose pairs tests/test_threat_levels.py checks for a 4.5:1 contrast), so
the colours are chosen in one place.  It carries no script, style or link: an
``<img>`` shows it on any site.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from lxml import etree

from plugins.archive.levels import ThreatLevel
from plugins.archive.values import as_published
from plugins.feeds import Site
from plugins.threat_levels import CurrentLevel

from .timeline import Timeline

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
SCHEMA = Path(__file__).with_name("current.schema.json")
# The theme's light-mode badge rule: ".badge--severe { color: #ffffff; background-color: #b44d00; }".
BADGE_RULE = re.compile(
    r"\.badge--(?P<slug>[a-z]+) \{ color: (?P<text>#[0-9a-f]{6}); background-color: (?P<fill>#[0-9a-f]{6}); \}"
)
WIDTH, HEIGHT = 240, 52
FONT = "Arial, Helvetica, sans-serif"


def current_json(current: CurrentLevel, timeline: Timeline, site: Site, links: dict[str, str]) -> bytes:
    """The document ``current.schema.json`` describes; ``links`` are the full URLs of the archive's pages.

    ``as_of`` and ``level_since`` come from the replayed history, so that a withdrawal moves
    them forward: ``as_of`` never goes back, and ``level_since`` says when a withdrawal brought
    the level back.
    """
    set_by = current.set_by
    data = {
        "level": current.level.name,
        "rank": current.level.rank,
        "meaning": current.level.meaning,
        "since": as_published(current.since).isoformat(),
        "level_since": as_published(timeline.level_since).isoformat(),
        "set_by": {"id": set_by.statement.id, "title": set_by.statement.title, "url": site.absolute(set_by.url)},
        "as_of": as_published(timeline.as_of).isoformat(),
        **links,
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def badge_colours(stylesheet: Path) -> dict[str, tuple[str, str]]:
    """Each level's (text, background) colours, from the first (light-mode) badge rule of the theme's stylesheet."""
    colours: dict[str, tuple[str, str]] = {}
    for rule in BADGE_RULE.finditer(stylesheet.read_text(encoding="utf-8")):
        colours.setdefault(rule["slug"], (rule["text"], rule["fill"]))
    missing = [level.slug for level in ThreatLevel if level.slug not in colours]
    if missing:
        raise SystemExit(f"alerts: {stylesheet} has no .badge--{missing[0]} rule to colour the current-level badge")
    return colours


def current_svg(current: CurrentLevel, colours: dict[str, tuple[str, str]], site: Site) -> bytes:
    """The badge: "National threat level" over the level's name, in the level's colours."""
    text_colour, fill = colours[current.level.slug]
    svg = etree.Element(
        f"{{{SVG_NAMESPACE}}}svg",
        nsmap={None: SVG_NAMESPACE},
        attrib={
            "width": str(WIDTH),
            "height": str(HEIGHT),
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "role": "img",
            "aria-labelledby": "title",
            "aria-describedby": "desc",
            "lang": site.language,
        },
    )
    _add(svg, "title", f"National threat level: {current.level.name}", id="title")
    _add(
        svg,
        "desc",
        f"{current.level.description}. {current.level.name} since {current.set_by.locale_date}, from {site.name}.",
        id="desc",
    )
    _add(svg, "rect", width=WIDTH, height=HEIGHT, rx=6, fill=fill)
    words = {"fill": text_colour, "font-family": FONT, "x": 12}
    _add(svg, "text", "National threat level", y=20, **{"font-size": 13, **words})
    _add(svg, "text", current.level.name, y=42, **{"font-size": 20, "font-weight": 700, **words})
    return etree.tostring(svg, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _add(parent: etree._Element, tag: str, text: str | None = None, **attributes: str | int) -> etree._Element:
    element = etree.SubElement(parent, f"{{{SVG_NAMESPACE}}}{tag}", {k: str(v) for k, v in attributes.items()})
    element.text = text
    return element
