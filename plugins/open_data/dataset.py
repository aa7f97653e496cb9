"""The dataset: a record per statement, and the JSON document, CSV table and Frictionless Data package made of them.

``COLUMNS`` is the one definition of the CSV's columns: the table's header, each row's values
and the data package's Table Schema are all taken from it.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from plugins.archive.addresses import statement_url
from plugins.archive.levels import ThreatLevel
from plugins.archive.schema import Statement
from plugins.archive.values import as_published

STATUSES = ["published", "withdrawn"]
LEVELS = [level.name for level in ThreatLevel]
TAG_SEPARATOR = "; "
# Table Schema's default datetime format: ISO 8601 in UTC.
UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    type: str = "string"
    constraints: Mapping[str, Any] = field(default_factory=dict)
    format: str | None = None


REQUIRED = {"required": True}
COLUMNS = (
    Column("id", "The statement's permanent id.", constraints={"required": True, "unique": True}),
    Column("title", "Its title.", constraints=REQUIRED),
    Column("url", "The full address of its page.", format="uri", constraints=REQUIRED),
    Column("date", "When it was issued, in UTC (a date without a time at 11:00 UTC).", "datetime", REQUIRED),
    Column("updated", "Its last significant update, in UTC; empty if none.", "datetime"),
    Column("status", "published, or withdrawn.", constraints={"required": True, "enum": STATUSES}),
    Column("withdrawn_date", "When it was withdrawn, in UTC; empty unless withdrawn.", "datetime"),
    Column("withdrawn_reason", "Why it was withdrawn; empty unless withdrawn."),
    Column(
        "threat_level", "The national threat level when it was issued.", constraints={"required": True, "enum": LEVELS}
    ),
    Column(
        "previous_threat_level",
        "The level it changed from, when it changed the national level; empty otherwise.",
        constraints={"enum": LEVELS},
    ),
    Column("category", "Its category.", constraints=REQUIRED),
    Column("tags", f"Its tags, separated by '{TAG_SEPARATOR}'."),
    Column("summary", "Its summary.", constraints=REQUIRED),
    Column("issuer", "Who issued it: name and role.", constraints=REQUIRED),
    Column("lang", "The language it is written in (BCP 47).", constraints=REQUIRED),
    Column("superseded_by", "The id of the statement that replaces it; empty if none."),
)


def utc(moment: datetime.datetime | None) -> str | None:
    """A moment as the dataset gives it: UTC, whole seconds, a date without a time at 11:00 UTC."""
    return as_published(moment).astimezone(datetime.UTC).strftime(UTC_FORMAT) if moment else None


def record(statement: Statement, settings: Mapping[str, Any], level_before: ThreatLevel | None) -> dict[str, Any]:
    """Everything the dataset says of one statement: the CSV's columns, then the contact, corrections and text."""
    contact = statement.contact
    return {
        "id": statement.id,
        "title": statement.title,
        "url": f"{settings['SITEURL'].rstrip('/')}/{statement_url(statement, settings)}",
        "date": utc(statement.date),
        "updated": utc(statement.updated),
        "status": statement.status,
        "withdrawn_date": utc(statement.withdrawn_date),
        "withdrawn_reason": statement.withdrawn_reason,
        "threat_level": statement.threat_level.name,
        "previous_threat_level": level_before.name if level_before else None,
        "category": statement.category,
        "tags": list(statement.tags),
        "summary": statement.summary,
        "issuer": statement.issuer,
        "lang": statement.lang,
        "superseded_by": statement.superseded_by,
        "contact": {"phone": contact.phone, "email": contact.email, "url": contact.url} if contact else None,
        "corrections": [{"date": utc(c.date), "note": c.note} for c in statement.corrections],
        "body_html": statement.body_html,
    }


def json_document(records: Sequence[dict[str, Any]], about: dict[str, Any]) -> bytes:
    """The JSON file: what it is (``about``), when it last changed, and every record, oldest first."""
    changed = [value for record in records for value in (record["date"], record["updated"], record["withdrawn_date"])]
    document = {**about, "modified": max(filter(None, changed), default=None), "statements": list(records)}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def csv_document(records: Sequence[dict[str, Any]]) -> bytes:
    """The CSV file (RFC 4180, UTF-8): a header, then a row per record."""
    table = io.StringIO(newline="")
    writer = csv.writer(table)
    writer.writerow(column.name for column in COLUMNS)
    for row in records:
        writer.writerow(_cell(row[column.name]) for column in COLUMNS)
    return table.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return TAG_SEPARATOR.join(value)
    return "" if value is None else str(value)


def data_package(settings: Mapping[str, Any], about: dict[str, Any]) -> bytes:
    """The Frictionless Data package of the CSV file: its Table Schema and the licence."""
    folder = posixpath.dirname(settings["OPEN_DATA_PACKAGE_SAVE_AS"])
    fields = []
    for column in COLUMNS:
        described = {"name": column.name, "type": column.type, "description": column.description}
        if column.format:
            described["format"] = column.format
        if column.constraints:
            described["constraints"] = dict(column.constraints)
        fields.append(described)
    package = {
        "name": "statements",
        "title": about["title"],
        "description": about["description"],
        "homepage": about["home_page_url"],
        "licenses": [dict(settings["OPEN_DATA_LICENCE"])],
        "resources": [
            {
                "name": "statements",
                "path": posixpath.relpath(settings["OPEN_DATA_CSV_SAVE_AS"], folder or "."),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": ["id"], "missingValues": [""]},
            }
        ],
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
