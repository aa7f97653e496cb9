"""Each setting declared once: its name, default, what its value must be and what it does.

Each plugin's ``settings.py`` declares its ``SETTINGS``, a tuple of ``Setting``; the plugin's
defaults, its checks and its table in docs/settings.md (``plugins.settings_reference``) are all
derived from them, as MkDocs derives its configuration from its declared options.  ``check``
stops the build on the first setting its rule refuses, with ``InvalidSetting``'s one line
(``pelicanconf.py: NAME is VALUE: it must be ALLOWED``) instead of a traceback later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .problems import InvalidSetting


@dataclass(frozen=True)
class Rule:
    allowed: str  # what the value must be, read after "it must be"
    accepts: Callable[[Any], bool]


class _OwnedByPelican:
    def __repr__(self) -> str:
        return "OWNED_BY_PELICAN"


# The default of a setting that is Pelican's own (FEED_MAX_ITEMS): Pelican gives it, a plugin only checks it.
OWNED_BY_PELICAN: Any = _OwnedByPelican()


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any = OWNED_BY_PELICAN
    rule: Rule | None = None  # None: any value will do
    doc: str = ""  # what the setting does, in Markdown: its row in docs/settings.md


def defaults(settings: Iterable[Setting]) -> dict[str, Any]:
    """Each setting's default, by name, but Pelican's own settings'."""
    return {setting.name: setting.default for setting in settings if setting.default is not OWNED_BY_PELICAN}


def check(values: Mapping[str, Any], settings: Iterable[Setting]) -> None:
    for setting in settings:
        rule, value = setting.rule, values[setting.name]
        if rule is not None and not rule.accepts(value):
            raise InvalidSetting(setting.name, value, rule.allowed)


def whole_number(minimum: int = 0, maximum: int | None = None) -> Rule:
    upper = f" and at most {maximum}" if maximum is not None else ""
    return Rule(
        f"a whole number of at least {minimum}{upper}",
        lambda value: _is_int(value) and value >= minimum and (maximum is None or value <= maximum),
    )


def text(what: str = "text", starts: tuple[str, ...] = ("",)) -> Rule:
    return Rule(what, lambda value: isinstance(value, str) and value.startswith(starts))


def optional(rule: Rule, meaning: str) -> Rule:
    """``rule``, or None, which means ``meaning``."""
    return Rule(f"{rule.allowed}, or None ({meaning})", lambda value: value is None or rule.accepts(value))


def list_of(rule: Rule, plural: str) -> Rule:
    return Rule(
        f"a list of {plural}",
        lambda value: isinstance(value, list | tuple) and all(map(rule.accepts, value)),
    )


def pairs(first: str, second: str) -> Rule:
    """A list of (first, second) pairs of text, such as (label, path)."""
    pair = Rule("", lambda value: isinstance(value, list | tuple) and len(value) == 2 and all(map(_is_text, value)))
    return list_of(pair, f"({first}, {second}) pairs of text")


def mapping(allowed: str, values: Rule, required: tuple[str, ...] = ()) -> Rule:
    """A mapping of text keys to ``values``, holding at least the keys ``required``; ``allowed`` says so."""
    return Rule(
        allowed,
        lambda value: (
            isinstance(value, dict)
            and all(map(_is_text, value))
            and all(map(values.accepts, value.values()))
            and set(required) <= set(value)
        ),
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_text(value: Any) -> bool:
    return isinstance(value, str)
