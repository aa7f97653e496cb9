"""Read and validate every statement and page of a build, before anything is written.

Files are parsed in parallel worker processes when there are many of them,
and only those whose bytes changed since the last build (``cache.py``); the
checks that need all statements at once (two files at one URL, a shared
``id``, a ``superseded_by`` that names nothing) run afterwards, on every build.
"""

from __future__ import annotations

import os
import stat
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from blinker import signal

from plugins.archive import attachments, clock
from plugins.archive.addresses import statement_file
from plugins.archive.problems import InvalidStatements, Problem, display_path
from plugins.archive.schema import Settings, Statement
from plugins.archive.validate import new_markdown, parse_page, parse_statement

from .cache import ParseCache, Parsed

# Sent in the build's own process as each statement file is parsed or found in the cache:
# (path, done=n, total=N).
statement_parsed = signal("statement_parsed")

# The settings a parse reads. Statements and pages are parsed with these alone, so that a parse
# cannot read another setting unnoticed: the cache's fingerprint covers exactly these.
PARSE_SETTINGS = ("MARKDOWN", "STATEMENT_CATEGORIES", "DEFAULT_LANG")
READABLE = "a readable file with a UTF-8 name"
# A parsing worker process's own settings and Markdown instance, set once when the pool starts it
# (never in the build's process, which parses with a ``_Parser`` of its own).
_in_worker: dict[str, Any] = {}


@dataclass(frozen=True)
class Loaded:
    """What ``load`` read."""

    documents: dict[str, Parsed]  # every file's parse result, by path
    # The statements whose bytes differ from those the parse cache kept (new files included); empty
    # when the cache kept none to compare with (it is off, missing, or for other settings or code).
    changed: frozenset[str]

    @property
    def statements(self) -> list[Statement]:
        return statements_in(self.documents)

    @property
    def pages(self) -> list[tuple[str, dict[str, Any]]]:
        """(path, fields) of every page."""
        return [(path, document) for path, document in self.documents.items() if isinstance(document, dict)]


def statements_in(documents: dict[str, Parsed]) -> list[Statement]:
    """The statements among parse results (the others are pages, or a file's problems)."""
    return [document for document in documents.values() if isinstance(document, Statement)]


def load(statement_paths: list[str], page_paths: list[str], settings: Settings) -> Loaded:
    """Every file parsed; raises ``InvalidStatements`` listing all problems."""
    raw = _read_all([*statement_paths, *page_paths])
    parse_settings = {name: settings[name] for name in PARSE_SETTINGS}
    cache = ParseCache.open(settings, parse_settings)
    cached = {path: result for path in raw if (result := cache.get(path, raw[path])) is not None}

    results = _parse_statements(statement_paths, raw, cached, parse_settings, settings)
    parsed = dict(zip(statement_paths, results, strict=True))
    md = new_markdown(parse_settings)
    for path in page_paths:
        parsed[path] = cached[path] if path in cached else parse_page(path, raw[path], parse_settings, md)
    for path, result in parsed.items():
        if path not in cached:
            cache.put(path, raw[path], result)
    cache.save()

    problems = [p for result in parsed.values() if isinstance(result, list) for p in result]
    statements = statements_in(parsed)
    problems += _collisions(statements, settings) + _supersession_cycles(statements) + _after_the_build(statements)
    problems += _unpublishable_attachments(settings["PATH"], parsed)
    if problems:
        raise InvalidStatements(problems)
    changed = frozenset(path for path in statement_paths if path not in cached) if cache.kept_any else frozenset()
    return Loaded(parsed, changed)


def _parse_statements(
    paths: list[str], raw: dict[str, bytes], cached: dict[str, Parsed], parse_settings: Settings, settings: Settings
) -> list[Parsed]:
    """Each statement's result in order, parsing those not ``cached``: in worker processes when they are many."""
    misses = [path for path in paths if path not in cached]
    workers = min(os.cpu_count() or 1, settings["STATEMENTS_WORKERS"])
    if workers < 2 or len(misses) < settings["STATEMENTS_PARALLEL_FROM"]:
        parse = _Parser(parse_settings)
        return _announcing_each(paths, cached, map(parse, misses, [raw[path] for path in misses]))
    chunksize = max(1, len(misses) // (workers * 8))
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(parse_settings,)) as pool:
        fresh = pool.map(_parse_in_worker, misses, [raw[path] for path in misses], chunksize=chunksize)
        return _announcing_each(paths, cached, fresh)


def _announcing_each(paths: list[str], cached: dict[str, Parsed], fresh: Iterable[Parsed]) -> list[Parsed]:
    """The results in order, cached or fresh as each arrives, sending ``statement_parsed`` for each (the progress bar)."""
    fresh = iter(fresh)
    parsed = []
    for done, path in enumerate(paths, start=1):
        parsed.append(cached[path] if path in cached else next(fresh))
        statement_parsed.send(path, done=done, total=len(paths))
    return parsed


class _Parser:
    """Parses statements with one Markdown instance (Python-Markdown's are reused with ``reset``)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.markdown = new_markdown(settings)

    def __call__(self, path: str, raw: bytes) -> Parsed:
        return parse_statement(path, raw, self.settings, self.markdown)


def _start_worker(settings: Settings) -> None:
    _in_worker["parse"] = _Parser(settings)


def _parse_in_worker(path: str, raw: bytes) -> Parsed:
    return _in_worker["parse"](path, raw)


def links_astray(content: str) -> list[Problem]:
    """Each symbolic link in the folder ``content`` that leads out of it, or round to a folder it is in.

    Looked for before any file is listed: Pelican lists files through links, so one out of the content could
    lead to any file of the system, and one to its own folder lists the same files again and again.
    """
    root = os.path.realpath(content)
    problems, folders = [], [content]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.is_symlink() and (why := _astray(entry.path, root)):
                    problems.append(
                        Problem(entry.path, 1, "file", why, f"files and links inside {display_path(content)}")
                    )
    return problems


def _astray(link: str, root: str) -> str | None:
    target = os.path.realpath(link)
    if not _inside(target, root):
        return f"is a symbolic link to {target}, outside the content folder"
    if os.path.isdir(target) and _inside(os.path.realpath(os.path.dirname(link)), target):
        return f"is a symbolic link to {display_path(target)}, a folder it is in: it leads round in a loop"
    return None


def _inside(real_path: str, root: str) -> bool:
    return os.path.join(real_path, "").startswith(os.path.join(root, ""))


def _read_all(paths: list[str]) -> dict[str, bytes]:
    """Every file's bytes; raises ``InvalidStatements`` naming each file that cannot be read (a broken link), and
    each that is not a regular file (a named pipe would never end), which is never opened."""
    raw, unreadable = {}, []
    for path in paths:
        if bad := _not_utf8(path):  # its default id and address would be made of it
            unreadable.append(
                Problem(path, 1, "file", f"its name is not valid UTF-8 (byte {bad}): rename it", READABLE)
            )
            continue
        try:
            kind = os.stat(path).st_mode
            if not stat.S_ISREG(kind):
                unreadable.append(
                    Problem(path, 1, "file", "is not a regular file (a pipe, a device or a socket)", READABLE)
                )
                continue
            with open(path, "rb") as file:
                raw[path] = file.read()
        except OSError as error:
            unreadable.append(Problem(path, 1, "file", f"cannot be read: {error.strerror}", READABLE))
    if unreadable:
        raise InvalidStatements(unreadable)
    return raw


def _not_utf8(path: str) -> str | None:
    """The first byte of ``path``'s name that is not UTF-8 (Python keeps it as a lone surrogate), as 0xNN."""
    return next((f"0x{ord(c) - 0xDC00:02x}" for c in os.path.basename(path) if "\udc80" <= c <= "\udcff"), None)


def _collisions(statements: list[Statement], settings: Settings) -> list[Problem]:
    """Statements that would overwrite each other, share an id, or point at no statement."""
    problems = []
    by_output: dict[str, list[Statement]] = defaultdict(list)
    by_id: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        by_output[statement_file(statement, settings)].append(statement)
        by_id[statement.id].append(statement)
    for output, group in by_output.items():
        problems += _clash(group, "slug", f"{output} is also written by")
    for identifier, group in by_id.items():
        problems += _clash(group, "id", f"the id {identifier!r} is also used by")
    for statement in statements:
        if statement.superseded_by and statement.superseded_by not in by_id:
            problems.append(
                Problem(
                    statement.source_path,
                    statement.lines.get("superseded_by", 1),
                    "superseded_by",
                    f"no statement has the id {statement.superseded_by!r}",
                    "the id of another statement",
                )
            )
    return problems


def _supersession_cycles(statements: list[Statement]) -> list[Problem]:
    """A statement that ``superseded_by`` leads back to: each one in the circle is named, with the chain."""
    by_id = {statement.id: statement for statement in statements}
    done: set[str] = set()
    problems = []
    for start in by_id:
        path: dict[str, int] = {}  # the ids followed from start, in order
        current = start
        while current in by_id and current not in done and current not in path:
            path[current] = len(path)
            current = by_id[current].superseded_by
        if current in path:
            circle = list(path)[path[current] :]
            problems += [_circle_problem(by_id[member], circle) for member in circle]
        done.update(path)
    return problems


def _circle_problem(statement: Statement, circle: list[str]) -> Problem:
    turn = circle.index(statement.id)
    chain = " → ".join([*circle[turn:], *circle[:turn], statement.id])
    message = "names this statement itself" if len(circle) == 1 else f"the statements supersede each other: {chain}"
    return Problem(
        statement.source_path,
        statement.lines.get("superseded_by", 1),
        "superseded_by",
        message,
        "the id of another statement, one that this statement does not supersede",
    )


def _unpublishable_attachments(root: str, parsed: dict[str, Parsed]) -> list[Problem]:
    """Every file a statement or page links to with ``{static}`` that may not be published: checked on every
    build, as the file can change while the statement does not."""
    return [
        problem
        for path, result in parsed.items()
        for attachment in attached(result)
        if (problem := attachments.problem(root, path, attachment))
    ]


def attached(result: Parsed) -> tuple[attachments.Attachment, ...]:
    """The files a statement's or page's body links to with ``{static}``."""
    if isinstance(result, Statement):
        return result.attachments
    return result.get("attachments", ()) if isinstance(result, dict) else ()


# Dates of what has already happened, so never after the build: each field, and what it may be.
_DONE_BY_THE_BUILD = {
    "updated": "a moment no later than the build ({variable} when it is set, else now); "
    "a statement released later takes a future date:, which embargoes it",
    "withdrawn_date": "the day it was withdrawn, no later than the build ({variable} when it is set, else now)",
    "corrections": "the day of a correction already made, no later than the build ({variable} when it is set, else now)",
}


def _after_the_build(statements: list[Statement]) -> list[Problem]:
    """``updated:``, ``withdrawn_date:`` or a correction's date after the build's date: checked on every build, as a
    parse never reads the clock (``cache.py``)."""
    now = clock.build_time()
    return [
        Problem(
            statement.source_path,
            statement.lines.get(field, 1),
            field,
            f"{moment:%Y-%m-%d %H:%M %Z} is after the build's date, {now:%Y-%m-%d %H:%M %Z}",
            allowed.format(variable=clock.VARIABLE),
        )
        for statement in statements
        for field, allowed in _DONE_BY_THE_BUILD.items()
        for moment in _moments(statement, field)
        if moment > now
    ]


def _moments(statement: Statement, field: str) -> list:
    if field == "corrections":
        return [correction.date for correction in statement.corrections]
    return [moment] if (moment := getattr(statement, field)) else []


def _clash(group: list[Statement], field: str, message: str) -> list[Problem]:
    if len(group) < 2:
        return []
    return [
        Problem(
            statement.source_path,
            statement.lines.get(field, 1),
            field,
            f"{message} {', '.join(display_path(other.source_path) for other in group if other is not statement)}",
            f"each statement needs its own {field}",
        )
        for statement in group
    ]
