"""One Pagefind record per published statement, built from the statement in memory."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import lxml.html
from pelican.contents import Article

from plugins.archive.schema import Statement

# Pagefind's filter names, by the URL parameter the search page keeps each in.
FILTERS = {"level": "threat level", "category": "category", "year": "year", "tag": "tag"}


@dataclass(frozen=True)
class FilterOption:
    """One checkbox: a value, how many published statements have it, and the listing of those statements."""

    value: str
    count: int
    browse_url: str  # relative to SITEURL: what a reader without JavaScript is offered instead


@dataclass(frozen=True)
class FilterControl:
    """One group of checkboxes on the search page: a URL parameter, its Pagefind filter and options."""

    param: str
    legend: str
    options: tuple[FilterOption, ...]

    @property
    def filter(self) -> str:
        return FILTERS[self.param]


def filter_controls(published: Sequence[Article], settings: Mapping[str, Any]) -> list[FilterControl]:
    """The level, category and year checkboxes: the values published statements have, in reading order."""
    levels = Counter(article.statement.threat_level for article in published)
    categories = Counter(article.statement.category for article in published)
    category_urls = {article.statement.category: article.category.url for article in published}
    years = Counter(article.date.year for article in published)
    level_url, year_url = settings["THREAT_LEVEL_URL"], settings["YEAR_ARCHIVE_URL"]
    return [
        FilterControl(
            "level",
            "Threat level",
            tuple(FilterOption(lv.name, levels[lv], level_url.format(slug=lv.slug)) for lv in sorted(levels)),
        ),
        FilterControl(
            "category",
            "Category",
            tuple(
                FilterOption(name, categories[name], category_urls[name])
                for name in settings["STATEMENT_CATEGORIES"]
                if name in categories
            ),
        ),
        FilterControl(
            "year",
            "Year",
            tuple(
                FilterOption(str(year), years[year], year_url.format(date=datetime.date(year, 1, 1)))
                for year in sorted(years, reverse=True)
            ),
        ),
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
