"""The one line that ends every build: what was published, held back and written, and how long it took."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from plugins.archive.schema import Settings, Statement
from plugins.archive.visibility import visibility


def summary_line(
    statements: Iterable[Statement],
    now: datetime.datetime,
    *,
    previews: int,
    feeds: int,
    search_records: int,
    seconds: float,
    settings: Settings,
) -> str:
    """``Statements: 3,010 published, 2 withdrawn, 4 drafts, 2 embargoed (release 1 December 2026); ...``.

    ``previews`` counts the drafts and embargoed statements that a preview build shows.
    """
    statements = list(statements)
    counts = Counter(visibility(statement, now) for statement in statements)
    releases = sorted(statement.date for statement in statements if visibility(statement, now) == "embargoed")
    kinds = [
        f"{counts['published']:,} published",
        f"{counts['withdrawn']:,} withdrawn",
        _count(counts["draft"], "draft"),
        f"{len(releases):,} embargoed{_release_dates(releases, settings)}",
    ]
    parts = ["Statements: " + ", ".join(kinds)]
    if previews:
        parts.append(f"{previews:,} shown as DRAFT previews")
    parts += [_count(feeds, "feed") + " written", _count(search_records, "search record"), f"{seconds:.1f} s"]
    return "; ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _release_dates(releases: list[datetime.datetime], settings: Settings) -> str:
    """`` (release 1 December 2026, 5 January 2027 09:30 and 3 more)`` in the site's time zone."""
    if not releases:
        return ""
    zone = ZoneInfo(settings["TIMEZONE"])
    shown = list(dict.fromkeys(_moment(release.astimezone(zone), settings) for release in releases))
    limit = settings["BUILD_REPORT_RELEASE_DATES"]
    more = f" and {len(shown) - limit} more" if len(shown) > limit else ""
    return f" (release {', '.join(shown[:limit])}{more})"


def _moment(moment: datetime.datetime, settings: Settings) -> str:
    day = moment.strftime(settings["DEFAULT_DATE_FORMAT"])
    return f"{day} {moment:%H:%M}" if (moment.hour, moment.minute) != (0, 0) else day
