"""The history of the national threat level, derived from the published statements in the archive's order.

The first statement establishes the level; every later statement whose level differs from the one
before it is a change.  A repeat of the same level is not.  Withdrawn statements and drafts take
no part in the history; a withdrawn statement that had changed the level is still known as one
(``withdrawn_changes``), so that the subscribers told of the change learn of its withdrawal.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from .levels import ThreatLevel
from .schema import Statement


def levels_before(published: Iterable[Statement]) -> dict[str, ThreatLevel | None]:
    """Each published statement's id: the level in force before it (None for the first)."""
    before, previous = {}, None
    for statement in sorted(published, key=lambda statement: statement.order_key):
        before[statement.id] = previous
        previous = statement.threat_level
    return before


def changes(published: Iterable[Statement]) -> dict[str, ThreatLevel]:
    """The statements that changed the level: id: the level they changed from."""
    published = list(published)
    before = levels_before(published)
    return {
        statement.id: before[statement.id]
        for statement in published
        if before[statement.id] is not None and before[statement.id] != statement.threat_level
    }


def withdrawn_changes(published: Iterable[Statement], withdrawn: Iterable[Statement]) -> dict[str, ThreatLevel]:
    """The withdrawn statements that changed the level from the published one before them: id: that level."""
    history = sorted(published, key=lambda statement: statement.order_key)
    moments = [statement.order_key for statement in history]
    changed = {}
    for statement in withdrawn:
        before = bisect.bisect_left(moments, statement.order_key)
        if before and history[before - 1].threat_level != statement.threat_level:
            changed[statement.id] = history[before - 1].threat_level
    return changed
