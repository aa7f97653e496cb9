"""The CAP messages of the level's history, replayed in the order subscribers were told.

An alert, once sent, is never unsent: the messages are worked out by replaying every
publication and every withdrawal in time order, as the archive showed them then,
so that a later withdrawal adds messages and never changes an earlier one.

- A statement published at a level different from the one in force is a change: an
  ``Alert`` (the first) or an ``Update`` whose ``references`` name the alert in force.
- The withdrawal of a statement that was a change is a ``Cancel`` of its alert.  When
  that alert was the one in force, an ``Update`` (``<id>-level-now``) follows at once,
  saying what the level is now; it references the alert in force before the withdrawn
  change (never a cancelled one), or none when there was none (it is then an ``Alert``).

Drafts and embargoed statements never take part; nothing reads the clock.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from plugins.archive.levels import ThreatLevel
from plugins.archive.values import as_published

Article = Any  # a Pelican Article carrying ``statement``

CANCEL_SUFFIX = "-cancel"
LEVEL_NOW_SUFFIX = "-level-now"
CHANGE, CANCEL, LEVEL_NOW = "change", "cancel", "level now"
PUBLISH, WITHDRAW = 0, 1  # at the same moment, a publication comes first


@dataclass(frozen=True)
class Alert:
    """One CAP message: a level change, the cancellation of a withdrawn one, or the level after it."""

    identifier: str
    kind: str  # CHANGE, CANCEL or LEVEL_NOW
    msg_type: str  # Alert, Update or Cancel
    article: Article  # the statement it tells of: the change, or the withdrawn change
    before: ThreatLevel  # the level before the change it tells of (for LEVEL_NOW: the withdrawn change)
    level: ThreatLevel  # the level after it (for LEVEL_NOW: the level in force once the change was withdrawn)
    sent: datetime.datetime  # as published: a date without a time at 11:00 UTC (``values.as_published``)
    references: Alert | None = None

    @property
    def headline(self) -> str:
        if self.kind == LEVEL_NOW:
            moved = "back to" if self.level != self.article.statement.threat_level else "remains"
            return f"National threat level {moved} {self.level.name}"
        change = "raised" if self.level > self.before else "lowered"
        headline = f"National threat level {change} from {self.before.name} to {self.level.name}"
        return f"Withdrawn: {headline[0].lower()}{headline[1:]}" if self.kind == CANCEL else headline


@dataclass
class Timeline:
    """Every message, oldest first; when the level in force took its value; the newest moment the archive knows."""

    alerts: list[Alert] = field(default_factory=list)
    level_since: datetime.datetime | None = None
    as_of: datetime.datetime | None = None


def replay(published: Iterable[Article], withdrawn: Iterable[Article]) -> Timeline:
    """The messages of the history of ``published`` and ``withdrawn`` statements, in the order they happened."""
    withdrawn = list(withdrawn)
    events = [(a.statement.date, PUBLISH, a.statement.order_key, a) for a in [*published, *withdrawn]]
    events += [(a.statement.withdrawn_date, WITHDRAW, a.statement.order_key, a) for a in withdrawn]
    timeline, shown, cancelled = Timeline(), [], set()
    in_force: Alert | None = None
    alert_of: dict[str, Alert] = {}
    for moment, event, _, article in sorted(events, key=lambda event: event[:3]):
        timeline.as_of = moment
        statement = article.statement
        level_before = shown[-1].statement.threat_level if shown else None
        if event == PUBLISH:
            shown.append(article)
            if level_before is None:
                timeline.level_since = moment
            elif statement.threat_level != level_before:
                in_force = _message(statement.id, CHANGE, article, level_before, statement.threat_level, in_force)
                alert_of[statement.id] = in_force
                timeline.alerts.append(in_force)
                timeline.level_since = moment
            continue
        shown.remove(article)
        own = alert_of.get(statement.id)
        if own is None:
            continue
        cancelled.add(own.identifier)
        timeline.alerts.append(_message(own.identifier + CANCEL_SUFFIX, CANCEL, article, own.before, own.level, own))
        if own is in_force:
            restored = own.references
            while restored and restored.identifier in cancelled:
                restored = restored.references
            now = shown[-1].statement.threat_level
            in_force = _message(statement.id + LEVEL_NOW_SUFFIX, LEVEL_NOW, article, own.before, now, restored)
            timeline.alerts.append(in_force)
            if now != level_before:
                timeline.level_since = moment
    return timeline


def _message(identifier, kind, article, before, level, references) -> Alert:
    statement = article.statement
    if kind == CANCEL:
        msg_type, sent = "Cancel", statement.withdrawn_date
    else:
        msg_type = "Update" if references else "Alert"
        sent = statement.withdrawn_date if kind == LEVEL_NOW else statement.date
    return Alert(identifier, kind, msg_type, article, before, level, as_published(sent), references)
