"""Old addresses of statements (``aliases:``): checked against each other, written as redirect pages."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

import jinja2

from plugins.archive.addresses import page_file, statement_url
from plugins.archive.problems import Problem, display_path
from plugins.archive.schema import Settings, Statement
from plugins.build import taken
from plugins.site_files import content_security_policy

ALLOWED = "an old address of this statement that no other page has"
_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True, keep_trailing_newline=True
)


def problems(statements: Iterable[Statement], settings: Settings, written: re.Pattern) -> list[Problem]:
    """Aliases that are a statement's own address, that two statements claim, or where the build writes
    another file (``written``, from ``build.written_addresses``)."""
    statements = list(statements)
    addresses = {_served_as(statement_url(statement, settings)): statement for statement in statements}
    claimed: dict[str, Statement] = {}
    found = []
    for statement in statements:
        for alias in statement.aliases:
            file = _served_as(alias)
            owner = addresses.get(file)
            if owner is statement:
                message = f"{alias} is this statement's own address"
            elif owner:
                message = f"{alias} is the address of {display_path(owner.source_path)}"
            elif claimed.get(file) is statement:
                message = f"{alias} is given twice"
            elif file in claimed:
                message = f"{alias} is also an alias of {display_path(claimed[file].source_path)}"
            elif taken(file, written):
                message = f"{alias} is where the build writes one of its own pages or files"
            else:
                claimed[file] = statement
                continue
            found.append(_problem(statement, message))
    return found


def _served_as(url: str) -> str:
    """The file a URL is served from, as a host that ignores letter case and serves .htm as .html sees it:
    ``INDEX.HTML`` and ``index.htm`` are the home page there."""
    file = page_file(url.lower())
    return file.removesuffix(".htm") + ".html" if file.endswith(".htm") else file


def write_redirects(statement: Statement, target_url: str, output: str, settings: Settings) -> list[Problem]:
    """A small page at each alias of ``statement`` sending readers on to ``target_url``.

    An alias that another page of the site already took (only the writing can
    tell, for pages that are not statements) is left alone and returned as a problem.
    """
    template = _templates.get_template("redirect.html")
    policy = content_security_policy(settings["CONTENT_SECURITY_POLICY"])
    taken = []
    for alias in statement.aliases:
        path = os.path.join(output, page_file(alias))
        try:
            if os.path.exists(path):
                raise FileExistsError(path)
            os.makedirs(os.path.dirname(path), exist_ok=True)  # fails where a file of the site is a folder of the alias
        except (FileExistsError, NotADirectoryError):
            taken.append(_problem(statement, f"{alias} is already the address of another page"))
            continue
        html = template.render(lang=settings["DEFAULT_LANG"], policy=policy, url=target_url, title=statement.title)
        with open(path, "w", encoding="utf-8") as file:
            file.write(html)
    return taken


def _problem(statement: Statement, message: str) -> Problem:
    return Problem(statement.source_path, statement.lines.get("aliases", 1), "aliases", message, ALLOWED)
