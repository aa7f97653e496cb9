"""One Pagefind record per published statement, built from the statement in memory."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from pelican.contents import Article

from plugins.archive.schema import Statement

# Pagefind's filter names, by the URL parameter the search page keeps each in.
FILTERS = {"level": "threat level", "category": "category", "year": "year", "tag": "tag"}
# The records' language: Pagefind stems English words with Snowball's English stemmer, at indexing
# and in the reader's query, so that every form of a word finds the others ("investigate" finds
# "investigation", "patrolled" "patrols").  The stemmer also makes "severe" and "several" one word.
LANGUAGE = "en"
# Pagefind's weight for the threat level's word (its highest; a title, as an h1, weighs 7): "severe"
# ranks the statements at SEVERE first, as the level filter chooses them, above those that say "several".
LEVEL_WEIGHT = 10
# A word every record holds, in a metadata field Pagefind searches but shows nowhere: a search with
# filters and no words asks Pagefind for it, which loads its one part of the word index.  (Pagefind's
# own search with no words, ``search(null)``, loads every part: 13 MB at 10,000 statements.)
EVERY_STATEMENT = "zzeverystatement"


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
    """The level, category, year and tag checkboxes: the values published statements have, in reading order."""
    levels = Counter(article.statement.threat_level for article in published)
    categories = Counter(article.statement.category for article in published)
    category_urls = {article.statement.category: article.category.url for article in published}
    years = Counter(article.date.year for article in published)
    tags = Counter(tag.name for article in published for tag in article.tags)
    tag_urls = {tag.name: tag.url for article in published for tag in article.tags}
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
        FilterControl(
            "tag",
            "Tag",
            tuple(FilterOption(name, tags[name], tag_urls[name]) for name in sorted(tags, key=str.casefold)),
        ),
    ]


def sort_key(date: datetime.datetime) -> str:
    """The date in UTC as ISO 8601 text, which sorts as text in time order whatever the offset."""
    return date.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def search_page(statement: Statement, url: str, display_date: str) -> dict[str, str]:
    """The fields of Pagefind's ``AddFile`` request for one statement: its URL and a page of HTML for it alone.

    Pagefind reads the text from the HTML, weighs the title as a heading (``h1``) and the threat
    level above both, so a statement's exact title and its level's word find it first; the
    result's metadata, filters and sort key are read from an element it does not index (Pagefind
    searches the metadata's words too, so a tag's words find the statements it tags).  The page is
    in English (``LANGUAGE``), which Pagefind stems.
    """
    level = statement.threat_level
    filters = {FILTERS["level"]: [level.name], FILTERS["category"]: [statement.category]}
    filters |= {FILTERS["year"]: [str(statement.date.year)], FILTERS["tag"]: list(statement.tags)}
    shown = {"date": display_date, "datetime": statement.date.isoformat()}
    shown |= {"level_slug": level.slug, "category": statement.category}
    # Searched, not shown: the word every record holds, and the tags' words.
    shown["every"] = EVERY_STATEMENT
    if statement.tags:
        shown["tags"] = ", ".join(statement.tags)
    data = [_data("meta", key, value) for key, value in shown.items()]
    data += [_data("filter", name, value) for name, values in filters.items() for value in values]
    data.append(_data("sort", "date", sort_key(statement.date)))
    page = (
        f'<html lang="{LANGUAGE}"><body>'
        f'<h1 data-pagefind-meta="title">{escape(statement.title)}</h1>'
        f'<p data-pagefind-weight="{LEVEL_WEIGHT}">{level.name}</p>'
        f"<p>{escape(statement.summary)}</p>{statement.body_html}"
        f"<div data-pagefind-ignore>{''.join(data)}</div></body></html>"
    )
    return {"url": url, "file_contents": page}


def _data(kind: str, key: str, value: str) -> str:
    """An element giving Pagefind one metadata value, filter value or sort key."""
    return f'<span data-pagefind-{kind}="{escape(key)}">{escape(value)}</span>'
