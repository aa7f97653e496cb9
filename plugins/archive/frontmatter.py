"""Split a statement file into YAML front matter and Markdown body, keeping line numbers.

The YAML is read with PyYAML's ``CBaseLoader`` (``BaseLoader`` on libyaml, which
the PyYAML wheels include: ten times faster, for ``make check``): every scalar
stays text, so ``NO``, ``01234`` or ``2015-02-30`` reach the schema exactly as
written and get a precise message there instead of being turned into booleans,
octal numbers or a date-library traceback.  Every scalar and key remembers its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .problems import FieldError
from .yaml_mistakes import explain

FENCE = "---"


class LineStr(str):
    """A YAML scalar that knows the file line it came from."""

    line: int


@dataclass(frozen=True)
class Document:
    front_matter: dict[LineStr, Any]
    body: str
    body_line: int  # file line of the first body line
    closing_line: int  # file line of the closing fence


class _LineLoader(yaml.CBaseLoader):
    """Scalars as ``LineStr``; a key given twice is an error, not a silent overwrite."""

    first_line = 1

    def construct_scalar(self, node: yaml.ScalarNode) -> LineStr:
        value = LineStr(super().construct_scalar(node))
        value.line = node.start_mark.line + self.first_line
        return value

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = str(key_node.value)
            if key in seen:
                raise FieldError(
                    "appears twice",
                    line=key_node.start_mark.line + self.first_line,
                    field=key,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=True)


def decode(raw: bytes) -> str:
    """The file's text; a file that is not UTF-8 is an error at the first bad byte's line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise FieldError(
            f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8",
            line=line,
            field="file",
        ) from None
    # Lines end in LF, CR LF, or a lone CR (old Mac OS): Markdown and YAML see LF.
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> Document:
    """The front matter as a mapping and the body after it."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        raise FieldError(
            "no front matter: the file must begin with a line '---', then the fields, then '---'",
            line=1,
            field="front matter",
        )
    try:
        closing = next(i for i, line in enumerate(lines[1:], start=1) if line.rstrip() == FENCE)
    except StopIteration:
        raise FieldError(
            "the front matter is never closed: add a line '---' after the last field",
            line=1,
            field="front matter",
        ) from None
    front_matter = _load_yaml("\n".join(lines[1:closing]), first_line=2)
    return Document(
        front_matter=front_matter,
        body="\n".join(lines[closing + 1 :]),
        body_line=closing + 2,
        closing_line=closing + 1,
    )


# Lists and mappings inside one another: the front matter's deepest is a correction's fields, two down.
MAX_YAML_NESTING = 10


def _load_yaml(source: str, first_line: int) -> dict:
    if too_deep := _too_deep(source):  # PyYAML builds nested values by recursion: thousands end in RecursionError
        index, depth = too_deep
        raise FieldError(
            f"nests lists or mappings {depth} deep",
            line=first_line + index,
            field="front matter",
            allowed=f"at most {MAX_YAML_NESTING} deep",
        )
    try:
        loader = _LineLoader(source)
    except yaml.reader.ReaderError as error:  # the pure-Python reader checks every character first
        raise _control_character(error, source, first_line) from None
    loader.first_line = first_line
    try:
        data = loader.get_single_data()
    except yaml.reader.ReaderError as error:  # libyaml finds them while parsing
        raise _control_character(error, source, first_line) from None
    except yaml.YAMLError as error:
        raise explain(error, source, first_line) from None
    finally:
        loader.dispose()
    if data in (None, ""):
        return {}
    if not isinstance(data, dict):
        raise FieldError(
            "must be a list of 'field: value' lines",
            line=first_line,
            field="front matter",
        )
    return data


def _too_deep(source: str) -> tuple[int, int] | None:
    """The first line where lists and mappings nest more than ``MAX_YAML_NESTING`` deep, and how deep.

    Counted in the text, before YAML reads it: brackets and braces (one inside a quoted value counts too,
    which only a value of ten brackets would notice), and the indents of the lines that begin a key or a
    list item (the lines of a long value, indented as the writer likes, begin neither).
    """
    depth, indents = 0, []
    for index, line in enumerate(source.split("\n")):
        if entry := _ENTRY.match(line):
            indent = len(entry["indent"])
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
        deepest = len(indents) + (entry["items"].count("-") if entry else 0)
        for character in line:
            depth = max(0, depth + _OPENING.get(character, 0))
            deepest = max(deepest, depth)
        if deepest > MAX_YAML_NESTING:
            return index, deepest
    return None


_OPENING = {"[": 1, "{": 1, "]": -1, "}": -1}
_ENTRY = re.compile(r"(?P<indent> *)(?P<items>(?:- +)*)[^\s#'\"][^:]*:(?:\s|$)")


def _control_character(error: yaml.reader.ReaderError, source: str, first_line: int) -> FieldError:
    """A character YAML refuses, on its line (the error's position counts bytes or characters)."""
    character = chr(error.character)
    return FieldError(
        f"malformed YAML: the control character U+{error.character:04X} is not allowed; delete it",
        line=first_line + source[: source.find(character)].count("\n"),
        field="front matter",
    )
