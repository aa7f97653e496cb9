"""The history of the threat level as the theme shows it: the domain's history (``plugins.archive.history``), on articles."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pelican.contents import Article  # each carries ``statement``, where its fields are read

from plugins.archive import history
from plugins.archive.levels import ThreatLevel


@dataclass(frozen=True)
class LevelChange:
    """A statement that announced a level different from the one in force before it."""

    before: ThreatLevel
    after: ThreatLevel
    article: Article

    @property
    def date(self) -> datetime.datetime:
        return self.article.date

    @property
    def raised(self) -> bool:
        return self.after > self.before


@dataclass(frozen=True)
class CurrentLevel:
    """The level of the newest published statement, and the statement that set it."""

    article: Article  # the newest published statement
    set_by: Article  # the statement that brought in this level (the last change, or the first statement)

    @property
    def level(self) -> ThreatLevel:
        return self.article.statement.threat_level

    @property
    def date(self) -> datetime.datetime:
        return self.article.date

    @property
    def since(self) -> datetime.datetime:
        return self.set_by.date


@dataclass(frozen=True)
class LevelPage:
    """The listing page of one level: the published statements issued at it, in listing order."""

    level: ThreatLevel
    url: str
    save_as: str
    articles: list[Article]


def in_date_order(articles: Iterable[Article]) -> list[Article]:
    """Oldest first, in the archive's one order (``Statement.order_key``)."""
    return sorted(articles, key=lambda article: article.statement.order_key)


def level_changes(published: Iterable[Article]) -> list[LevelChange]:
    """Every change of level, oldest first; marks each article with ``changed_level`` and ``previous_level``."""
    in_order = in_date_order(published)
    before = history.levels_before(article.statement for article in in_order)
    changes = []
    for article in in_order:
        article.previous_level = previous = before[article.statement.id]
        article.changed_level = previous is not None and article.statement.threat_level != previous
        if article.changed_level:
            changes.append(LevelChange(previous, article.statement.threat_level, article))
    return changes


def current_level(published: list[Article], changes: list[LevelChange]) -> CurrentLevel | None:
    if not published:
        return None
    in_order = in_date_order(published)
    return CurrentLevel(article=in_order[-1], set_by=changes[-1].article if changes else in_order[0])


def mark_not_counted(articles: Iterable[Article]) -> None:
    """Withdrawn statements and drafts take no part in the history."""
    for article in articles:
        article.previous_level = None
        article.changed_level = False


def level_pages(published: list[Article], settings: Mapping[str, Any]) -> list[LevelPage]:
    """One page per level, lowest first, each listing its statements in the order ``published`` has them."""
    return [
        LevelPage(
            level=level,
            url=settings["THREAT_LEVEL_URL"].format(slug=level.slug),
            save_as=settings["THREAT_LEVEL_SAVE_AS"].format(slug=level.slug),
            articles=[article for article in published if article.statement.threat_level == level],
        )
        for level in ThreatLevel
    ]
