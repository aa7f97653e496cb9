"""One Pagefind record per published statement, built from the statement in memory."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import lxml.html

from plugins.statements.schema import Statement

# Pagefind's filter names, by the URL parameter the search page keeps each in.
FILTERS = {"level": "threat level", "category": "category", "year": "year", "tag": "tag"}


@dataclass(frozen=True)
class FilterControl:
    """One group of checkboxes on the search page: a URL parameter, its Pagefind filter and values."""

    param: str
    legend: str
    values: tuple[str, ...]

    @property
    def filter(self) -> str:
        return FILTERS[self.param]


def filter_controls(statements: Sequence[Statement], categories: Iterable[str]) -> list[FilterControl]:
    """The level, category and year checkboxes: the values published statements have, in reading order."""
    used_categories = {statement.category for statement in statements}
    return [
        FilterControl(
            "level", "Threat level", tuple(level.name for level in sorted({s.threat_level for s in statements}))
        ),
        FilterControl("category", "Category", tuple(c for c in categories if c in used_categories)),
        FilterControl("year", "Year", tuple(str(y) for y in sorted({s.date.year for s in statements}, reverse=True))),
    ]


def plain_text(html: str) -> str:
    """The words of an HTML fragment, markup dropped and whitespace collapsed."""
    if not html.strip():
        return ""
    return " ".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())


def sort_key(date: datetime.datetime) -> str:
    """The date in UTC as ISO 8601 text, which sorts as text in time order whatever the offset."""
    return date.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def search_record(statement: Statement, url: str, display_date: str, language: str) -> dict[str, Any]:
    """The keyword arguments of ``PagefindIndex.add_custom_record`` for one statement.

    Pagefind also indexes every metadata value, so the title is found through ``meta`` and the
    content (the excerpts' source) starts with the summary rather than repeating the title.
    """
    level = statement.threat_level
    return {
        "url": url,
        "content": f"{statement.summary} {plain_text(statement.body_html)}".strip(),
        "language": language,
        "meta": {
            "title": statement.title,
            "date": display_date,
            "datetime": statement.date.isoformat(),
            "level": level.name,
            "level_slug": level.slug,
            "category": statement.category,
        },
        "filters": {
            FILTERS["level"]: [level.name],
            FILTERS["category"]: [statement.category],
            FILTERS["year"]: [str(statement.date.year)],
            FILTERS["tag"]: list(statement.tags),
        },
        "sort": {"date": sort_key(statement.date)},
    }
