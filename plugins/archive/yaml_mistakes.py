"""YAML's errors in the maintainer's words: which line, what is wrong with it, and how to write it.

libyaml names the place where it gave up, often a line after the mistake ("did not find
expected key", "mapping values are not allowed in this context").  ``explain`` looks at the
lines from there back to the start for the mistakes people make in front matter, nearest
first, and says what each is and how to write it instead, with the value from the file.
"""

from __future__ import annotations

import re

from .problems import FieldError

FIELD_LINE = re.compile(r"(?P<indent>[ \t]*)(?P<key>[A-Za-z_][\w-]*):(?P<gap>[ \t]*)(?P<value>.*)")
INDENTING = "start each field at the left edge; indent the lines under contact: or corrections: by two spaces"
# Characters YAML gives a meaning at the start of a value.
SPECIAL_STARTS = "@`%*&!|>"
SHOWN_VALUE = 50  # characters of a value quoted in a suggestion


def explain(error, source: str, first_line: int) -> FieldError:
    """A ``FieldError`` on the line of the mistake for libyaml's ``error`` in ``source``."""
    lines = source.split("\n")
    marks = [mark.line for name in ("problem_mark", "context_mark") if (mark := getattr(error, name, None))]
    last = min(max(marks, default=0), len(lines) - 1)
    for index in range(last, -1, -1):
        found = _mistake(lines, index)
        if found:
            key, message, allowed = found
            return FieldError(message, line=first_line + index, field=key, allowed=allowed)
    problem = getattr(error, "problem", None) or getattr(error, "context", None) or str(error)
    return FieldError(
        "this line cannot be read as 'field: value'",
        line=first_line + (marks[0] if marks else 0),  # where the problem is, else where its context began
        field="front matter",
        allowed=f"check its quotes, colons and indentation; YAML says: {problem}",
    )


def _mistake(lines: list[str], index: int) -> tuple[str, str, str] | None:
    line = lines[index]
    if line[: len(line) - len(line.lstrip())].count("\t"):
        return "front matter", "this line is indented with a tab", "indent with spaces, never tabs"
    match = FIELD_LINE.fullmatch(line.rstrip())
    if not match:
        return None
    for check in (_indentation, _no_space, _value_mistake):
        found = check(match, lines, index)
        if found:
            return match["key"], *found
    return None


def _indentation(match: re.Match, lines: list[str], index: int) -> tuple[str, str] | None:
    indent = len(match["indent"])
    above = next((line for line in reversed(lines[:index]) if line.strip()), "")
    above_indent = len(above) - len(above.lstrip(" -"))  # a list item's field starts after its "- "
    if indent == above_indent or indent == 0 or (above.rstrip().endswith(":") and indent > above_indent):
        return None
    spaces = "space" if indent == 1 else "spaces"
    if above_indent == 0:
        return f"this line is indented by {indent} {spaces}, but the field above has no lines under it", INDENTING
    return f"this line is indented by {indent} {spaces}, but the line above by {above_indent}", INDENTING


def _no_space(match: re.Match, lines: list[str], index: int) -> tuple[str, str] | None:
    if match["gap"] or not match["value"]:
        return None
    key, value = match["key"], match["value"]
    return "there is no space after the colon", f"write a space after it: {key}: {_shown(value)}"


def _value_mistake(match: re.Match, lines: list[str], index: int) -> tuple[str, str] | None:
    key, value = match["key"], match["value"].strip()
    for check in (_quoted, _bracketed, _special_start, _colon_inside):
        found = check(key, value)
        if found:
            return found
    return None


def _quoted(key: str, value: str) -> tuple[str, str] | None:
    if value[:1] == "'" and not re.fullmatch(r"'(?:[^']|'')*'", value):
        inner = value[1:-1] if value.endswith("'") else value[1:]
        return (
            "the value is in single quotes and has an apostrophe inside, which ends it early",
            f"put the value in double quotes instead: {key}: {_double_quoted(inner)}",
        )
    if value[:1] == '"' and not re.fullmatch(r'"(?:[^"\\]|\\.)*"', value):
        if re.fullmatch(r'"(?:[^"\\]|\\.)*', value):
            return "the value's double quotes are never closed", f'end the value with a double quote: {key}: {value}"'
        return (
            "the value goes on after its closing double quote",
            f"use single quotes inside the value, or “curly” ones: {key}: {_double_quoted(value)}",
        )
    return None


def _bracketed(key: str, value: str) -> tuple[str, str] | None:
    if value[:1] == "[" and "]" not in value:
        return "the list's [ is never closed", f"end the list with ]: {key}: [Rail, Arrests]"
    closing = {"[": "]", "{": "}"}.get(value[:1])
    if closing and not value.endswith(closing):
        return (
            f"a value that starts with {value[0]} is read as a list, but this one is text",
            f"put the value in double quotes: {key}: {_double_quoted(value)}",
        )
    return None


def _special_start(key: str, value: str) -> tuple[str, str] | None:
    if value.startswith("- "):
        return "a list is written in square brackets, not with '-' after the colon", f"{key}: [Rail, Arrests]"
    if value[:1] and value[0] in SPECIAL_STARTS:
        return (
            f"a value cannot start with the character {value[0]}",
            f"put the value in double quotes: {key}: {_double_quoted(value)}",
        )
    return None


def _colon_inside(key: str, value: str) -> tuple[str, str] | None:
    if value[:1] in ("'", '"') or not re.search(r":(\s|$)", value):
        return None
    return (
        "the value has a colon followed by a space, which starts another field",
        f"put the value in double quotes: {key}: {_double_quoted(value)}",
    )


def _double_quoted(text: str) -> str:
    return '"' + _shown(text.replace("\\", "\\\\").replace('"', "'")) + '"'


def _shown(text: str) -> str:
    return text if len(text) <= SHOWN_VALUE else text[: SHOWN_VALUE - 1] + "…"
