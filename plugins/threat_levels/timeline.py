"""The threat-level history as an inline SVG step chart, drawn at build time.

Time runs left to right from the first published statement to the newest; the
five levels are rows labelled in words.  Each change is a triangle pointing up
(raised) or down (lowered), so direction never depends on colour.  The chart is
one image for assistive technology (``role="img"`` with a title and a
description); the table beside it on the page carries the details and links.

Elements are built with lxml, which escapes every text it is given.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from lxml import etree
from markupsafe import Markup

from plugins.archive.levels import ThreatLevel

from .history import CurrentLevel, LevelChange

SVG_NS = "http://www.w3.org/2000/svg"
TITLE_ID = "threat-level-history-title"
DESC_ID = "threat-level-history-desc"

# The drawing's own units; the SVG scales to its container through the viewBox.
WIDTH, HEIGHT = 400, 220
LEFT, RIGHT, TOP, BOTTOM = 110, 12, 14, 38
FONT_SIZE = 14
MARKER_SIZE = 7
MOST_YEAR_LABELS = 5


@dataclass(frozen=True)
class Scale:
    """Maps dates and levels to positions in the drawing."""

    start: datetime.datetime
    end: datetime.datetime

    def x(self, when: datetime.datetime) -> float:
        span = (self.end - self.start).total_seconds()
        share = (when - self.start).total_seconds() / span if span else 0.0
        return round(LEFT + share * (WIDTH - LEFT - RIGHT), 1)

    @staticmethod
    def y(level: ThreatLevel) -> float:
        row_height = (HEIGHT - TOP - BOTTOM) / (len(ThreatLevel) - 1)
        return round(TOP + (len(ThreatLevel) - level.rank) * row_height, 1)


def timeline_svg(first, changes: list[LevelChange], current: CurrentLevel) -> Markup:
    """The chart from the ``first`` statement to the current level, as markup autoescaping leaves alone."""
    scale = Scale(first.date, current.date)
    svg = etree.Element(
        f"{{{SVG_NS}}}svg",
        nsmap={None: SVG_NS},
        attrib={
            "class": "timeline",
            "role": "img",
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "aria-labelledby": f"{TITLE_ID} {DESC_ID}",
            "font-size": str(FONT_SIZE),
            "fill": "currentColor",  # labels and markers take the page's text colour, dark mode included
        },
    )
    _text_element(svg, "title", "How the national threat level changed", id=TITLE_ID)
    _text_element(svg, "desc", _description(first, changes, current), id=DESC_ID)
    _draw_level_rows(svg)
    _draw_year_labels(svg, scale)
    _draw_steps(svg, scale, first, changes)
    for change in changes:
        _draw_change(svg, scale, change)
    return Markup(etree.tostring(svg, encoding="unicode"))


def _element(parent: etree._Element, tag: str, **attributes: str | float) -> etree._Element:
    return etree.SubElement(parent, f"{{{SVG_NS}}}{tag}", {name: str(value) for name, value in attributes.items()})


def _text_element(parent: etree._Element, tag: str, text: str, **attributes: str | float) -> etree._Element:
    element = _element(parent, tag, **attributes)
    element.text = text
    return element


def _description(first, changes: list[LevelChange], current: CurrentLevel) -> str:
    count = {0: "did not change", 1: "changed once"}.get(len(changes), f"changed {len(changes)} times")
    return (
        f"Step chart of the threat level from {first.locale_date} to {current.article.locale_date}. "
        f"It started at {first.statement.threat_level.name}, {count}, and is now {current.level.name}. "
        "The table that follows lists every change with a link to its statement."
    )


def _draw_level_rows(svg: etree._Element) -> None:
    rows = _element(svg, "g", **{"class": "timeline__levels"})
    for level in ThreatLevel:
        y = Scale.y(level)
        _element(rows, "line", x1=LEFT, x2=WIDTH - RIGHT, y1=y, y2=y, **{"class": "timeline__grid"})
        _text_element(
            rows, "text", level.name, x=LEFT - 8, y=y, **{"text-anchor": "end", "dominant-baseline": "middle"}
        )


def _draw_year_labels(svg: etree._Element, scale: Scale) -> None:
    """Label the first of January of evenly spaced years; a chart inside one year names that year."""
    first_year, last_year = scale.start.year, scale.end.year
    step = max(1, -(-(last_year - first_year) // MOST_YEAR_LABELS))
    years = range(first_year + 1, last_year + 1, step)
    positions = [(year, scale.x(datetime.datetime(year, 1, 1, tzinfo=scale.start.tzinfo))) for year in years]
    anchor = "middle"
    if not positions:
        positions, anchor = [(first_year, LEFT)], "start"
    labels = _element(svg, "g", **{"class": "timeline__years", "text-anchor": anchor})
    for year, x in positions:
        _element(labels, "line", x1=x, x2=x, y1=HEIGHT - BOTTOM, y2=HEIGHT - BOTTOM + 6, **{"class": "timeline__tick"})
        _text_element(labels, "text", str(year), x=x, y=HEIGHT - BOTTOM + 8 + FONT_SIZE)


def _draw_steps(svg: etree._Element, scale: Scale, first, changes: list[LevelChange]) -> None:
    path = [f"M{scale.x(first.date)} {scale.y(first.statement.threat_level)}"]
    for change in changes:
        path.append(f"H{scale.x(change.date)} V{scale.y(change.after)}")
    path.append(f"H{WIDTH - RIGHT}")  # the current level runs to the newest statement
    _element(svg, "path", d=" ".join(path), fill="none", stroke="currentColor", **{"class": "timeline__line"})


def _draw_change(svg: etree._Element, scale: Scale, change: LevelChange) -> None:
    direction = "raised" if change.raised else "lowered"
    marker = _element(svg, "g", **{"class": f"timeline__change timeline__change--{direction}"})
    _text_element(
        marker,
        "title",
        f"{direction.capitalize()} from {change.before.name} to {change.after.name} "
        f"on {change.article.locale_date}: {change.article.title}",
    )
    x, y = scale.x(change.date), scale.y(change.after)
    tip = -MARKER_SIZE if change.raised else MARKER_SIZE
    _element(
        marker,
        "path",
        d=f"M{x} {y + tip} L{x - MARKER_SIZE} {y - tip} L{x + MARKER_SIZE} {y - tip} Z",
    )
