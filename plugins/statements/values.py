"""Parsers for front-matter values: each takes the raw YAML value and returns a clean one.

A parser raises ``FieldError`` with what is wrong; the schema supplies what is
allowed, and the validator adds the file, the field and the line.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import langcodes

from plugins.threat_levels.levels import ThreatLevel

from .problems import FieldError, FieldErrors

UK_TIME = ZoneInfo("Europe/London")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_EMAIL = re.compile(r"[^@\s<>\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_PHONE = re.compile(r"\+?[0-9 ()-]*[0-9][0-9 ()-]*")
_ALIAS = re.compile(r"[A-Za-z0-9._~/-]+")


# How every value that `make new` leaves for the maintainer to write begins; never accepted.
PLACEHOLDER = "FILL IN"


def text(value: Any) -> str:
    if isinstance(value, (list, dict)):
        raise FieldError(f"must be text, not a {_kind(value)}")
    cleaned = " ".join(value.split())
    if not cleaned:
        raise FieldError("is empty: give a value or leave the field out")
    if cleaned.startswith(PLACEHOLDER):
        raise FieldError(f"{cleaned!r} is a placeholder left by make new: write the real value")
    return cleaned


def date(value: Any) -> datetime.datetime:
    """A date (midnight UK time) or a date-time with an offset, as an aware datetime."""
    raw = text(value)
    if _DATE.fullmatch(raw):
        try:
            day = datetime.date.fromisoformat(raw)
        except ValueError as error:
            raise FieldError(f"{raw!r} is not a real date ({error})") from None
        return datetime.datetime.combine(day, datetime.time(), tzinfo=UK_TIME)
    if _DATE_TIME.fullmatch(raw):
        try:
            moment = datetime.datetime.fromisoformat(raw)
        except ValueError as error:
            raise FieldError(f"{raw!r} is not a real date and time ({error})") from None
        if moment.tzinfo is None:
            raise FieldError(f"{raw!r} has a time but no UTC offset")
        return moment
    raise FieldError(f"{raw!r} is not an ISO 8601 date")


def threat_level(value: Any) -> ThreatLevel:
    raw = text(value)
    level = ThreatLevel.parse(raw)
    if level is None:
        raise FieldError(f"{raw!r} is not a national threat level")
    return level


def category(value: Any, allowed: list[str]) -> str:
    raw = text(value)
    for name in allowed:
        if name.casefold() == raw.casefold():
            return name
    raise FieldError(f"{raw!r} is not one of the archive's categories")


def tags(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise FieldError(f"must be a list, not {_kind(value)}")
    seen: dict[str, str] = {}
    for item in value:
        try:
            tag = text(item)
        except FieldError as error:
            raise FieldError(f"a tag {error.message}", line=getattr(item, "line", None)) from None
        if tag.casefold() in seen:
            raise FieldError(f"the tag {tag!r} is given twice", line=item.line)
        seen[tag.casefold()] = tag
    return tuple(seen.values())


def status(value: Any, allowed: tuple[str, ...]) -> str:
    raw = text(value).lower()
    if raw not in allowed:
        raise FieldError(f"{text(value)!r} is not a status")
    return raw


def _text_matching(pattern: re.Pattern, what: str) -> Callable[[Any], str]:
    """A parser for text that ``pattern`` must match whole."""

    def parse(value: Any) -> str:
        raw = text(value)
        if not pattern.fullmatch(raw):
            raise FieldError(f"{raw!r} is not {what}")
        return raw

    return parse


identifier = _text_matching(_IDENTIFIER, "a valid identifier")
slug = _text_matching(_SLUG, "a valid slug")
email = _text_matching(_EMAIL, "an email address")


def url(value: Any) -> str:
    raw = text(value)
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in raw:
        raise FieldError(f"{raw!r} is not a web address")
    return raw


def phone(value: Any) -> str:
    raw = text(value)
    if not _PHONE.fullmatch(raw) or sum(c.isdigit() for c in raw) < 3:
        raise FieldError(f"{raw!r} is not a phone number")
    return raw


def aliases(value: Any) -> tuple[str, ...]:
    """Old site-relative URLs that should redirect to the statement."""
    if not isinstance(value, list):
        raise FieldError(f"must be a list, not {_kind(value)}")
    paths = []
    for item in value:
        raw = text(item)
        if not _ALIAS.fullmatch(raw) or raw.startswith("/") or ".." in raw:
            raise FieldError(f"{raw!r} is not a site-relative path", line=item.line)
        paths.append(raw)
    return tuple(paths)


def language(value: Any) -> str:
    """A BCP 47 language tag, in its standard form: ``cy``, ``en-GB``."""
    raw = text(value)
    if not langcodes.tag_is_valid(raw):
        raise FieldError(f"{raw!r} is not a BCP 47 language tag")
    return langcodes.standardize_tag(raw)


def mapping_of(value: Any, keys: dict[str, tuple[Any, str]]) -> dict[str, Any]:
    """A mapping whose keys are among ``keys`` (name: (parser, allowed)), each value parsed.

    Every wrong key or value is reported, each with its own line and allowed values.
    """
    if not isinstance(value, dict):
        raise FieldError(f"must be a mapping of {', '.join(keys)}, not {_kind(value)}")
    parsed, errors = {}, []
    for key, raw in value.items():
        if key not in keys:
            errors.append(FieldError("unknown key", line=key.line, field=key, allowed=", ".join(keys)))
            continue
        parse, allowed = keys[key]
        try:
            parsed[str(key)] = parse(raw)
        except FieldError as error:
            errors.append(FieldError(error.message, line=error.line or key.line, field=key, allowed=allowed))
    if errors:
        raise FieldErrors(errors)
    return parsed


def list_of(value: Any, parse_item: Any) -> tuple[Any, ...]:
    if not isinstance(value, list):
        raise FieldError(f"must be a list, not {_kind(value)}")
    return tuple(parse_item(item) for item in value)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return f"text ({value!r})"
