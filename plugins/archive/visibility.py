"""Whether a build shows a statement, and where: the one rule.

- A **published** statement has a page and is listed (in listings, feeds, search and the level
  history) once its date has come; dated after the build it is **embargoed**: nothing of it is
  written.
- A **draft** has no page, unless the build previews drafts (``STATEMENTS_PREVIEW_DRAFTS``,
  ``make devserver``), which shows it as a published statement marked DRAFT.
- A **withdrawn** statement keeps its page, with its withdrawal, and is listed nowhere but the
  feeds that announce the withdrawal.
"""

from __future__ import annotations

import datetime

from .schema import Settings, Statement

LISTED, UNLISTED, UNWRITTEN = "listed", "unlisted", "unwritten"


def visibility(statement: Statement, now: datetime.datetime) -> str:
    """What a build at ``now`` makes of it: published, draft, embargoed (dated after now) or withdrawn."""
    if statement.status == "published" and statement.date > now:
        return "embargoed"
    return statement.status


def placement(statement: Statement, settings: Settings) -> str:
    """Where a build puts it, leaving the embargo aside: LISTED, UNLISTED (a page only) or UNWRITTEN."""
    if statement.status == "withdrawn":
        return UNLISTED
    if statement.status == "draft" and not settings["STATEMENTS_PREVIEW_DRAFTS"]:
        return UNWRITTEN
    return LISTED


def has_page(statement: Statement, settings: Settings, now: datetime.datetime) -> bool:
    """Whether a build at ``now`` writes its page."""
    if placement(statement, settings) == UNWRITTEN:
        return False
    return settings["WITH_FUTURE_DATES"] or statement.date <= now
