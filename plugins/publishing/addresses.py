"""Every address a statement gives the site must be one the build can write.

A statement's URL, its aliases and its tags' pages become folders and files.
A tag with no letter or digit has no slug, so its page would take the address
of the tags index; a part longer than a file system allows stops the build
half-way with an operating-system error.  Both are reported before writing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from pelican.urlwrappers import Tag

from plugins.archive.addresses import statement_url
from plugins.archive.problems import Problem, display_path
from plugins.archive.schema import Settings, Statement
from plugins.build import address_matcher, taken, written_patterns

# File systems allow 255 bytes a name; feeds add suffixes such as ".atom.xml" to a tag's slug.
MAX_PART_BYTES = 200
ALLOWED = f"addresses whose parts are at most {MAX_PART_BYTES} bytes, and tags with a letter or digit"
TAGS = "one spelling for each tag: tags whose letters and digits are the same share a page"
PAGE_ALLOWED = "a slug: (or title) that makes an address no other page or file of the build has"


def problems(statements: Collection[Statement], settings: Settings, written: Collection[str]) -> list[Problem]:
    """Every address of ``statements`` that cannot be written; ``written`` is every address the build writes
    besides the statements' pages (``plugins.build.addresses``)."""
    # A tag's slug once per tag, not once per statement naming it: slugify runs several regular expressions.
    tag_slugs = {tag: Tag(tag, settings).slug for tag in {tag for statement in statements for tag in statement.tags}}
    by_id = _files_named_by_id(written)
    return [
        Problem(statement.source_path, statement.lines.get(field, 1), field, message, ALLOWED)
        for statement in statements
        for field, message in [*_unwritable(statement, settings, tag_slugs), *by_id(statement.id)]
    ] + _tags_sharing_an_address(statements, tag_slugs)


def _files_named_by_id(written: Collection[str]):
    """A function giving, for an id, the problem of each file named after it (a CAP alert) that the build also
    writes for something else: ``index.atom`` would make ``alerts/index.atom.xml``, the index of alerts."""
    named = [pattern for pattern in written if "{id}" in pattern]
    others = address_matcher(pattern for pattern in written if "{id}" not in pattern)

    def problems(identifier: str) -> Iterator[tuple[str, str]]:
        for pattern in named:
            file = pattern.replace("{id}", identifier)
            if taken(file, others):
                yield "id", f"{identifier!r} names the file {file}, which the build writes for something else"
            elif _too_long(file):
                yield "id", f"{_shortened(identifier)} is too long to name a file"

    return problems


def _tags_sharing_an_address(statements: Collection[Statement], tag_slugs: dict[str, str]) -> list[Problem]:
    """Tags spelt differently that would share one page (``Rail``, ``RAIL!``, and ``R\\u0430il`` with a Cyrillic a)."""
    first: dict[str, str] = {}
    found = []
    for statement in sorted(statements, key=lambda s: s.order_key):
        for tag in statement.tags:
            slug = tag_slugs[tag]
            other = first.setdefault(slug, tag)
            if slug and other != tag:
                message = f"the tag {tag!r} would share the page tags/{slug}/ with the tag {other!r}"
                found.append(Problem(statement.source_path, statement.lines.get("tags", 1), "tags", message, TAGS))
    return found


def page_problems(pages: Collection[tuple[str, Mapping[str, Any]]], settings: Settings) -> list[Problem]:
    """Fixed pages with no address, or at one the build writes for something else (``slug: feeds``) or for
    another page."""
    others = written_patterns(settings, [])
    builds = address_matcher(others)
    owners: dict[str, str] = {}
    found = []
    for path, fields in pages:
        for file in Counter(written_patterns(settings, [(path, fields)])) - Counter(others):  # the page's own
            if file.startswith("/"):  # an empty slug
                message = "the title has no letter or digit to make the page's address from: add slug:"
            elif taken(file, builds):
                message = f"{file} is where the build writes one of its own pages or files"
            elif file in owners:
                message = f"{file} is also the address of {display_path(owners[file])}"
            else:
                owners[file] = path
                continue
            found.append(Problem(path, 1, "slug", message, PAGE_ALLOWED))
    return found


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
