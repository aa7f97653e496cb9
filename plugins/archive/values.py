"""Parsers for front-matter values: each takes the raw YAML value and returns a clean one.

A parser raises ``FieldError`` with what is wrong; the schema supplies what is
allowed, and the validator adds the file, the field and the line.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import langcodes

from .levels import ThreatLevel
from .problems import FieldError, FieldErrors

UK_TIME = ZoneInfo("Europe/London")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(?P<offset>Z|[+-]\d{2}:\d{2})?")
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# No ? & = # % / in the part before @: in a mailto: link they would add a copy, a subject or a body.
_EMAIL = re.compile(r"[A-Za-z0-9!$'*+^_`{|}~-]+(\.[A-Za-z0-9!$'*+^_`{|}~-]+)*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_PHONE = re.compile(r"\+?[0-9 ()-]*[0-9][0-9 ()-]*")
_ALIAS = re.compile(r"[A-Za-z0-9._~/-]+")


# What no page or feed can hold (XML refuses it): a C0 or C1 control character other than tab and the line
# ends, and the non-characters U+FFFE and U+FFFF.  In YAML they are written "\0", "\e", "\x01"; in HTML &#1;.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")

# How every value that `make new` leaves for the maintainer to write begins; never accepted.
PLACEHOLDER = "FILL IN"

# Characters that change how text around them is shown without being seen: bidi controls (U+202E
# shows "txt.exe" as "exe.txt"), zero-width and other format characters ("Ra\u200bil" or "Ra\u00adil" looks
# like "Rail" and makes a second tag; the tag characters U+E0000 to U+E007F are invisible), and the
# blank letters of Hangul.  Every character of Unicode's category Cf is one.  Refused in every field
# readers see: title, summary, issuer, tags, category, withdrawn_reason, a correction's note.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u034f")


def _invisible(character: str) -> bool:
    return unicodedata.category(character) == "Cf" or character in BLANK_LETTERS


VISIBLE_ONLY = "without bidi controls, zero-width or other invisible characters"
# The flags of England, Scotland and Wales: a black flag, then tag characters naming the region, then a cancel tag.
_SUBDIVISION_FLAG = re.compile("\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{2,6}\U000e007f")
# A zero-width joiner between two emoji draws them as one (👮 and ♀ as 👮‍♀): that one is allowed.
ZERO_WIDTH_JOINER = "\u200d"
EMOJI_MODIFIERS = "\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff"  # emoji presentation, skin tones

# The limits of a statement's front matter, far above any real statement's (the example archive's
# longest title has 67 characters, its longest summary 220) and low enough that an absurd value is
# refused at once instead of slowing the build down.
MAX_CHARACTERS = {"title": 500, "summary": 1000, "issuer": 500, "tag": 100, "text": 2000}
MAX_TAGS = 30


def text(value: Any, limit: int = MAX_CHARACTERS["text"]) -> str:
    """The value with its white space collapsed, at most ``limit`` characters long."""
    if isinstance(value, (list, dict)):
        raise FieldError(f"must be text, not a {_kind(value)}")
    if control := CONTROL_CHARACTER.search(value):
        position, character = control.start() + 1, control[0]
        raise FieldError(f"has the control character U+{ord(character):04X} at character {position}: delete it")
    cleaned = " ".join(value.split())
    if not cleaned:
        raise FieldError("is empty: give a value or leave the field out")
    if cleaned.startswith(PLACEHOLDER):
        raise FieldError(f"{cleaned!r} is a placeholder left by make new: write the real value")
    if len(cleaned) > limit:
        raise FieldError(f"is {len(cleaned)} characters long: shorten it to {limit} at most")
    return cleaned


def visible_text(value: Any, limit: int = MAX_CHARACTERS["text"]) -> str:
    """Text, refused when it holds an invisible character (``_invisible``), named with its position in the value."""
    cleaned = text(value, limit)
    flags = {index for flag in _SUBDIVISION_FLAG.finditer(value) for index in range(*flag.span())}
    position, character = next(
        (
            (n, c)
            for n, c in enumerate(value, start=1)
            if _invisible(c) and not _joins_emoji(value, n - 1) and n - 1 not in flags
        ),
        (0, ""),
    )
    if character:
        name = unicodedata.name(character, "an unnamed format character")
        raise FieldError(
            f"has U+{ord(character):04X} {name} at character {position}, which hides or disguises text: delete it"
        )
    return cleaned


def _joins_emoji(value: str, index: int) -> bool:
    """Whether ``value[index]`` is a zero-width joiner between two emoji, as in 👮🏽‍♀️ (an emoji ZWJ sequence)."""
    before = value[:index].rstrip(EMOJI_MODIFIERS)
    after = value[index + 1 : index + 2]
    return value[index] == ZERO_WIDTH_JOINER and bool(before and after) and _is_emoji(before[-1]) and _is_emoji(after)


def _is_emoji(character: str) -> bool:
    return unicodedata.category(character) == "So"


def limited_to(name: str) -> Callable[[Any], str]:
    """A parser for visible text of at most ``MAX_CHARACTERS[name]`` characters."""
    return lambda value: visible_text(value, MAX_CHARACTERS[name])


def date(value: Any) -> datetime.datetime:
    """A date (midnight UK time) or a date-time with an offset, as an aware datetime, in the years ``YEARS``."""
    raw = text(value)
    if _DATE.fullmatch(raw):
        try:
            day = datetime.date.fromisoformat(raw)
        except ValueError as error:
            raise FieldError(f"{raw!r} is not a real date ({error})") from None
        return _in_years(raw, datetime.datetime.combine(day, datetime.time(), tzinfo=UK_TIME))
    if found := _DATE_TIME.fullmatch(raw):
        if (offset := found["offset"] or "Z") != "Z" and (int(offset[1:3]) > 23 or int(offset[4:6]) > 59):
            raise FieldError(f"{raw!r} has the UTC offset {offset}, which no clock has (from -23:59 to +23:59)")
        try:
            moment = datetime.datetime.fromisoformat(raw)
        except ValueError as error:
            raise FieldError(f"{raw!r} is not a real date and time ({error})") from None
        if moment.tzinfo is None:
            raise FieldError(f"{raw!r} has a time but no UTC offset")
        return _in_years(raw, moment)
    raise FieldError(f"{raw!r} is not an ISO 8601 date")


# The hour (UTC) at which feeds, alerts and data stamp a date given without a time: 11:00 UTC is still that
# day everywhere from UTC-10 (01:00) to UTC+12 (23:00), so a reader's feed reader shows the date as written.
DATE_ONLY_HOUR_UTC = 11


def as_published(moment: datetime.datetime) -> datetime.datetime:
    """``moment`` as feeds, alerts and data give it: a date written without a time at DATE_ONLY_HOUR_UTC that day.

    ``date`` gives a date without a time (and only such a date) the UK's time zone itself, at midnight:
    the archive's order and embargoes keep that, while whoever reads the moment elsewhere sees the date.
    """
    if moment.tzinfo is not UK_TIME:
        return moment
    return datetime.datetime.combine(moment.date(), datetime.time(DATE_ONLY_HOUR_UTC), tzinfo=datetime.UTC)


# The years a date may fall in, in UTC and in every time zone a page or feed shows it in.
YEARS = range(1000, 9999)


def _in_years(raw: str, moment: datetime.datetime) -> datetime.datetime:
    if moment.year not in YEARS or moment.astimezone(datetime.UTC).year not in YEARS:
        raise FieldError(f"{raw!r} is not between the years {YEARS.start} and {YEARS.stop - 1}")
    return moment


def threat_level(value: Any) -> ThreatLevel:
    raw = text(value)
    level = ThreatLevel.parse(raw)
    if level is None:
        raise FieldError(f"{raw!r} is not a national threat level")
    return level


def category(value: Any, allowed: list[str]) -> str:
    raw = visible_text(value, MAX_CHARACTERS["text"])
    for name in allowed:
        if name.casefold() == raw.casefold():
            return name
    raise FieldError(f"{raw!r} is not one of the archive's categories")


def tags(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise FieldError(f"must be a list, not {_kind(value)}")
    if len(value) > MAX_TAGS:  # before any tag is read: ten thousand tags are refused at once
        raise FieldError(f"has {len(value)} tags: give {MAX_TAGS} at most")
    seen: dict[str, str] = {}
    for item in value:
        try:
            tag = visible_text(item, MAX_CHARACTERS["tag"])
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


@functools.cache
def site_language(default_lang: str) -> str:
    """The ``DEFAULT_LANG`` setting in its standard form: worked out once, not for every statement."""
    return language(default_lang)


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
