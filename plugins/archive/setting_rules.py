"""What a setting's value must be, checked once when a build starts.

Each plugin's ``settings.py`` keeps ``RULES`` beside its ``DEFAULTS``: setting name -> ``Rule``.
``check`` stops the build on the first setting its rule refuses, with ``InvalidSetting``'s one
line (``pelicanconf.py: NAME is VALUE: it must be ALLOWED``) instead of a traceback later.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .problems import InvalidSetting


@dataclass(frozen=True)
class Rule:
    allowed: str  # what the value must be, read after "it must be"
    accepts: Callable[[Any], bool]


def check(settings: Mapping[str, Any], rules: Mapping[str, Rule]) -> None:
    for name, rule in rules.items():
        if not rule.accepts(settings[name]):
            raise InvalidSetting(name, settings[name], rule.allowed)


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
