"""Every address a statement gives the site must be one the build can write.

A statement's URL, its aliases and its tags' pages become folders and files.
A tag with no letter or digit has no slug, so its page would take the address
of the tags index; a part longer than a file system allows stops the build
half-way with an operating-system error.  Both are reported before writing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from pelican.urlwrappers import Tag

from plugins.archive.addresses import statement_url
from plugins.archive.problems import Problem
from plugins.archive.schema import Settings, Statement

# File systems allow 255 bytes a name; feeds add suffixes such as ".atom.xml" to a tag's slug.
MAX_PART_BYTES = 200
ALLOWED = f"addresses whose parts are at most {MAX_PART_BYTES} bytes, and tags with a letter or digit"


def problems(statements: Collection[Statement], settings: Settings) -> list[Problem]:
    # A tag's slug once per tag, not once per statement naming it: slugify runs several regular expressions.
    tag_slugs = {tag: Tag(tag, settings).slug for tag in {tag for statement in statements for tag in statement.tags}}
    return [
        Problem(statement.source_path, statement.lines.get(field, 1), field, message, ALLOWED)
        for statement in statements
        for field, message in _unwritable(statement, settings, tag_slugs)
    ]


def _unwritable(statement: Statement, settings: Settings, tag_slugs: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(field, what is wrong) for each address of ``statement`` that cannot be written."""
    for field, address in [("slug", statement_url(statement, settings))] + [("aliases", a) for a in statement.aliases]:
        if _too_long(address):
            yield field, f"{_shortened(address)} has a part too long for an address"
    for tag in statement.tags:
        slug = tag_slugs[tag]
        if not slug:
            yield "tags", f"the tag {tag!r} has no letter or digit to make its address from"
        elif _too_long(slug):
            yield "tags", f"the tag {_shortened(tag)} is too long for an address"


def _too_long(address: str) -> bool:
    return any(len(part.encode()) > MAX_PART_BYTES for part in address.split("/"))


def _shortened(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")
