"""The one check of the content before anything is written: the build's and ``make check``'s.

``check_archive(settings)`` is called by the build (at ``article_generator_init``, before Pelican
reads, cleans or writes anything) and by ``make check`` and ``make ledger``, with the settings alone:
it needs no Pelican object.  In order, each step stopping the check with every problem it found:

1. symbolic links that lead out of the content folder or round in a loop (before any file is listed);
2. the files of the statements' and pages' folders that the archive never reads, and the files of
   ``STATIC_PATHS`` that may not be published, reported with the problems of
3. every statement and page read, parsed and validated (``load.py``, with the parse cache);
4. the checks of the whole content that other plugins make, answering ``content_checked``
   (publishing: the ledger, the aliases, every address the build writes).
"""

from __future__ import annotations

import os

from blinker import signal

from plugins import pelican_compat
from plugins.archive import attachments
from plugins.archive.problems import InvalidStatements, Problem
from plugins.archive.schema import Settings

from .load import Loaded, links_astray, load
from .reader import EXTENSIONS

# Sent with the settings, ``statements`` (every Statement read) and ``pages`` ((path, fields) of each
# page) once every file is valid; each receiver returns the problems it finds in the content as a whole.
content_checked = signal("content_checked")

READ_ALLOWED = f"Markdown statements and pages (.md), and the files their bodies attach: {attachments.KINDS_ALLOWED}"


def check_archive(settings: Settings) -> Loaded:
    """Every statement and page, read and checked as the build checks them; raises ``InvalidStatements``."""
    astray = links_astray(settings["PATH"])  # before any file is listed, through links
    if astray:
        raise InvalidStatements(astray)
    unread = _files_not_read(settings) + _unpublishable_static_files(settings)
    try:
        loaded = load(
            _markdown_files(settings, settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]),
            _markdown_files(settings, settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"]),
            settings,
        )
    except InvalidStatements as failure:
        raise InvalidStatements(unread + failure.problems) from None
    if unread:
        raise InvalidStatements(unread)
    problems = [
        problem
        for _receiver, found in content_checked.send(settings, statements=loaded.statements, pages=loaded.pages)
        for problem in found
    ]
    if problems:
        raise InvalidStatements(problems)
    return loaded


def _markdown_files(settings: Settings, paths: list[str], excludes: list[str]) -> list[str]:
    return [
        os.path.join(settings["PATH"], name)
        for name in sorted(pelican_compat.content_files(settings, paths, excludes, EXTENSIONS))
    ]


def _files_not_read(settings: Settings) -> list[Problem]:
    """Files in the statements' and pages' folders that are neither Markdown nor a kind a body may attach."""
    places = [
        (settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]),
        (settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"]),
    ]
    kept = (*(f".{extension}" for extension in EXTENSIONS), *attachments.SIGNATURES)
    return [
        Problem(
            os.path.join(settings["PATH"], name),
            1,
            "file",
            f"is a {_kind(name)}, which the archive never reads",
            READ_ALLOWED,
        )
        for paths, excludes in places
        for name in sorted(pelican_compat.content_files(settings, paths, excludes, False))
        if not name.lower().endswith(kept)
    ]


def _kind(name: str) -> str:
    extension = os.path.splitext(name)[1]
    return f"{extension} file" if extension else "file without an extension"


def _unpublishable_static_files(settings: Settings) -> list[Problem]:
    """Files that ``STATIC_PATHS`` would copy, held to the rules of a body's ``{static}`` files."""
    found = pelican_compat.content_files(settings, settings["STATIC_PATHS"], settings["STATIC_EXCLUDES"], False)
    return [
        Problem(
            os.path.join(settings["PATH"], name), 1, "file", f"is under STATIC_PATHS and {why}", attachments.ALLOWED
        )
        for name in sorted(found)
        if (why := attachments.unpublishable(settings["PATH"], name.replace(os.sep, "/")))
    ]
