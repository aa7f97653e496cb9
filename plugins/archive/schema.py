"""The statement schema: every front-matter field, what it allows, and the parsed statement.

This is the one definition of the fields.  The validator, the ``make check``
command, CONTRIBUTING.md's front-matter table (a test keeps it equal to
``reference_table``) and the other plugins all read it from here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import values
from .attachments import Attachment
from .levels import ThreatLevel

STATUSES = ("published", "draft", "withdrawn")
DATE_FORMAT = "an ISO 8601 date such as 2015-01-16, or a date-time with offset such as 2015-01-16T09:30:00+00:00"

Settings = Mapping[str, Any]


@dataclass(frozen=True)
class Contact:
    phone: str | None = None
    email: str | None = None
    url: str | None = None

    @property
    def phone_uri(self) -> str | None:
        """The phone number as a ``tel:`` link target, digits only."""
        if not self.phone:
            return None
        digits = "".join(c for c in self.phone if c.isdigit())
        return f"tel:+{digits}" if self.phone.lstrip().startswith("+") else f"tel:{digits}"


@dataclass(frozen=True)
class Correction:
    date: datetime.datetime
    note: str


CONTACT_FIELDS = {
    "phone": (values.phone, "digits, spaces and + ( ) -, such as 0800 538 5058"),
    "email": (values.email, "an email address such as press.office@example.org"),
    "url": (values.url, "a web address starting https://"),
}
CORRECTION_FIELDS = {
    "date": (values.date, DATE_FORMAT),
    "note": (values.visible_text, f"text of at most {values.MAX_CHARACTERS['text']} characters, {values.VISIBLE_ONLY}"),
}


def _contact(raw: Any, settings: Settings) -> Contact | None:
    if isinstance(raw, str) and not raw.strip():
        return None  # `contact:` left with every line under it deleted: no contact
    return Contact(**values.mapping_of(raw, CONTACT_FIELDS))


def _correction(raw: Any) -> Correction:
    parsed = values.mapping_of(raw, CORRECTION_FIELDS)
    missing = [name for name in CORRECTION_FIELDS if name not in parsed]
    if missing:
        raise values.FieldError(f"each correction needs {' and '.join(missing)}", line=getattr(raw, "line", None))
    return Correction(**parsed)


@dataclass(frozen=True)
class Field:
    """One front-matter field: whether it is required, what it allows, how it is parsed."""

    name: str
    required: bool
    allowed: str | Callable[[Settings], str]
    parse: Callable[[Any, Settings], Any]
    doc: str

    def allowed_text(self, settings: Settings) -> str:
        return self.allowed(settings) if callable(self.allowed) else self.allowed


def _categories_allowed(settings: Settings) -> str:
    categories = settings["STATEMENT_CATEGORIES"]
    if not categories:
        return "none: the STATEMENT_CATEGORIES setting is empty; list the categories in pelicanconf.py"
    return "one of " + ", ".join(categories)


def _visible(name: str) -> str:
    """What a field read by ``values.limited_to(name)`` allows."""
    return f"text of at most {values.MAX_CHARACTERS[name]} characters, {values.VISIBLE_ONLY}"


def _ignoring_settings(parse: Callable[[Any], Any]) -> Callable[[Any, Settings], Any]:
    return lambda raw, settings: parse(raw)


FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field(
            "title",
            True,
            _visible("title"),
            _ignoring_settings(values.limited_to("title")),
            "The statement's headline, shown as written.",
        ),
        Field(
            "date",
            True,
            DATE_FORMAT,
            _ignoring_settings(values.date),
            "When it was issued; a date alone is UK local time.",
        ),
        Field(
            "threat_level",
            True,
            f"one of {', '.join(ThreatLevel.names())}, in any letter case",
            _ignoring_settings(values.threat_level),
            "The national threat level when the statement was issued.",
        ),
        Field(
            "category",
            True,
            _categories_allowed,
            lambda raw, settings: values.category(raw, settings["STATEMENT_CATEGORIES"]),
            "One of the STATEMENT_CATEGORIES setting.",
        ),
        Field(
            "tags",
            False,
            f"a list of at most {values.MAX_TAGS} tags such as [Paris, Rail], each {_visible('tag')}",
            _ignoring_settings(values.tags),
            "Topics for browsing.",
        ),
        Field(
            "summary",
            True,
            _visible("summary"),
            _ignoring_settings(values.limited_to("summary")),
            "One or two plain sentences for listings, feeds and search.",
        ),
        Field(
            "issuer",
            True,
            _visible("issuer"),
            _ignoring_settings(values.limited_to("issuer")),
            "Who issued it: name and role.",
        ),
        Field(
            "contact",
            False,
            "a mapping with any of phone, email, url",
            _contact,
            "The press office's phone, email and web address.",
        ),
        Field("updated", False, DATE_FORMAT, _ignoring_settings(values.date), "Date of the last significant change."),
        Field(
            "id",
            False,
            "letters, digits, '.', '_', ':' and '-', starting with a letter or digit",
            _ignoring_settings(values.identifier),
            "Permanent identifier; by default the date and the file name.",
        ),
        Field(
            "status",
            False,
            ", ".join(STATUSES),
            lambda raw, settings: values.status(raw, STATUSES),
            "published (the default), draft, or withdrawn.",
        ),
        Field(
            "slug",
            False,
            "lower-case letters and digits joined by single hyphens",
            _ignoring_settings(values.slug),
            "Last part of the URL; by default the file name without its date.",
        ),
        Field(
            "withdrawn_reason",
            False,
            f"text of at most {values.MAX_CHARACTERS['text']} characters, {values.VISIBLE_ONLY}, with status: withdrawn",
            _ignoring_settings(values.visible_text),
            "Why a withdrawn statement was withdrawn.",
        ),
        Field(
            "withdrawn_date",
            False,
            f"{DATE_FORMAT}, with status: withdrawn",
            _ignoring_settings(values.date),
            "When it was withdrawn; required with status: withdrawn.",
        ),
        Field(
            "lang",
            False,
            "a BCP 47 language tag such as cy or en-GB",
            _ignoring_settings(values.language),
            "The language it is written in; by default the site's DEFAULT_LANG.",
        ),
        Field(
            "superseded_by",
            False,
            "the id of another statement",
            _ignoring_settings(values.identifier),
            "The statement that replaces this one.",
        ),
        Field(
            "corrections",
            False,
            "a list of mappings with date and note",
            lambda raw, settings: values.list_of(raw, _correction),
            "Change history shown on the page.",
        ),
        Field(
            "aliases",
            False,
            "a list of site-relative paths such as statements/2015/01/old-name/",
            _ignoring_settings(values.aliases),
            "Old URLs that redirect here.",
        ),
    )
}

REQUIRED_FIELDS = tuple(name for name, f in FIELDS.items() if f.required)


@dataclass(frozen=True)
class Statement:
    """A validated statement: what every plugin and template reads."""

    source_path: str
    id: str
    slug: str
    title: str
    date: datetime.datetime
    threat_level: ThreatLevel
    category: str
    summary: str
    issuer: str
    body_html: str
    lang: str  # its own ``lang``, or the site's DEFAULT_LANG
    tags: tuple[str, ...] = ()
    contact: Contact | None = None
    updated: datetime.datetime | None = None
    status: str = "published"
    withdrawn_reason: str | None = None
    withdrawn_date: datetime.datetime | None = None
    superseded_by: str | None = None
    corrections: tuple[Correction, ...] = ()
    aliases: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()  # the files its body links to with {static}
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def last_changed(self) -> datetime.datetime:
        """Its last significant change: the latest of its date, its ``updated`` and its withdrawal."""
        return max(moment for moment in (self.date, self.updated, self.withdrawn_date) if moment)

    @property
    def order_key(self) -> tuple[datetime.datetime, str]:
        """The archive's one order of statements, oldest first: by date, then by id for a shared date."""
        return self.date, self.id


def reference_table(settings: Settings) -> str:
    """The front-matter reference as a Markdown table, for CONTRIBUTING.md."""
    rows = ["| field | required | allowed | meaning |", "| --- | --- | --- | --- |"]
    for f in FIELDS.values():
        rows.append(f"| `{f.name}` | {'yes' if f.required else 'no'} | {f.allowed_text(settings)} | {f.doc} |")
    return "\n".join(rows)
