"""The addresses the build writes besides the statements' own pages, so that no alias can take one.

Each plugin answers the ``addresses_written`` signal (sent with the settings) with
the paths it writes, read from its own settings; this module adds Pelican's own
outputs, from the settings Pelican's generators read, and the fixed pages.  A path is relative to the output root; ``{field}`` in it stands
for any one part of a path (a tag's slug, a year), ``{base_name}`` for any
listing's path, and a final ``/`` for a whole folder the build fills.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from blinker import signal
from pelican.contents import Page

from plugins.archive.schema import Settings

# Sent with the settings; each receiver returns an iterable of the paths its plugin writes.
addresses_written = signal("addresses_written")

# Pelican's outputs named by a pattern; ARTICLE_SAVE_AS is checked against each statement's own address.
_PELICAN_PATTERNS = (
    "TAG_SAVE_AS",
    "CATEGORY_SAVE_AS",
    "AUTHOR_SAVE_AS",
    "YEAR_ARCHIVE_SAVE_AS",
    "MONTH_ARCHIVE_SAVE_AS",
    "DAY_ARCHIVE_SAVE_AS",
)
_MULTI_PART_FIELDS = ("base_name",)
_FIELD = re.compile(r"\{([^}:!]*)[^}]*\}")


def written_patterns(settings: Settings, pages: Iterable[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """Every path the build writes besides the statements' pages, as patterns (``{slug}``, a folder's ``/``);
    ``pages`` are (path, fields) of the fixed pages."""
    found = [*_pelican_outputs(settings), *_page_outputs(pages, settings)]
    for _receiver, written in addresses_written.send(settings):
        found.extend(written)
    return [address for address in found if address]


def written_addresses(settings: Settings, pages: Iterable[tuple[str, Mapping[str, Any]]]) -> re.Pattern:
    """One expression matching every path the build writes besides the statements' pages, and
    everything below its folders (``written_patterns``)."""
    return address_matcher(written_patterns(settings, pages))


def _pelican_outputs(settings: Settings) -> Iterable[str]:
    for name in settings["DIRECT_TEMPLATES"]:
        yield settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
    yield from settings["TEMPLATE_PAGES"].values()
    yield from (settings.get(name, "") for name in _PELICAN_PATTERNS)
    yield from (rule[2] for rule in settings["PAGINATION_PATTERNS"] if rule[2] != "{save_as}")
    yield settings["THEME_STATIC_DIR"] + "/"
    for static in settings["STATIC_PATHS"]:
        yield from (static, static.rstrip("/") + "/")


def _page_outputs(pages: Iterable[tuple[str, Mapping[str, Any]]], settings: Settings) -> Iterable[str]:
    """Where Pelican writes each fixed page, worked out as Pelican does (a page without slug: takes its title's)."""
    for path, fields in pages:
        metadata = {name: value for name, value in fields.items() if name != "body_html"}
        yield Page("", metadata, settings=settings, source_path=path).save_as


def address_matcher(patterns: Iterable[str]) -> re.Pattern:
    """One expression matching every file path that ``patterns`` write, and everything below their folders."""
    return re.compile("|".join(f"(?:{_expression(pattern)})" for pattern in patterns))


def _expression(pattern: str) -> str:
    parts, end = [], 0
    for field in _FIELD.finditer(pattern):
        parts += [re.escape(pattern[end : field.start()]), ".+" if field[1] in _MULTI_PART_FIELDS else "[^/]+"]
        end = field.end()
    parts.append(re.escape(pattern[end:]))
    return "".join(parts) + (".*" if pattern.endswith("/") else "")


def taken(file: str, written: re.Pattern) -> bool:
    """Whether the build writes ``file``, or a file where one of its folders would have to be."""
    parts = file.split("/")
    return any(written.fullmatch("/".join(parts[:end])) for end in range(1, len(parts) + 1))
