"""Read and validate every statement and page of a build, before anything is written.

Files are parsed in parallel worker processes when there are many of them;
the checks that need all statements at once (two files at one URL, a shared
``id``, a ``superseded_by`` that names nothing) run afterwards.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from blinker import signal

from .problems import InvalidStatements, Problem, display_path
from .schema import Settings, Statement
from .validate import new_markdown, parse_page, parse_statement

Parsed = Statement | dict[str, Any] | list[Problem]

# Sent in the build's own process as each statement file is parsed: (path, done=n, total=N).
statement_parsed = signal("statement_parsed")

# The settings a worker process needs; everything else stays in the parent.
_WORKER_SETTINGS = ("MARKDOWN", "STATEMENT_CATEGORIES")
_worker: dict[str, Any] = {}


def load(statement_paths: list[str], page_paths: list[str], settings: Settings) -> dict[str, Parsed]:
    """Every file parsed, keyed by path; raises ``InvalidStatements`` listing all problems."""
    parsed = dict(zip(statement_paths, _parse_all(statement_paths, settings), strict=True))
    md = new_markdown(settings)
    for path in page_paths:
        parsed[path] = parse_page(path, _read(path), settings, md)

    problems = [p for result in parsed.values() if isinstance(result, list) for p in result]
    statements = [s for s in parsed.values() if isinstance(s, Statement)]
    problems += _collisions(statements, settings)
    if problems:
        raise InvalidStatements(problems)
    return parsed


def _parse_all(paths: list[str], settings: Settings) -> Iterable[Parsed]:
    worker_settings = {name: settings[name] for name in _WORKER_SETTINGS}
    workers = min(os.cpu_count() or 1, settings["STATEMENTS_WORKERS"])
    if workers < 2 or len(paths) < settings["STATEMENTS_PARALLEL_FROM"]:
        _start_worker(worker_settings)
        return _announcing_each(paths, map(_parse_in_worker, paths))
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(worker_settings,)) as pool:
        return _announcing_each(paths, pool.map(_parse_in_worker, paths, chunksize=max(1, len(paths) // (workers * 8))))


def _announcing_each(paths: list[str], results: Iterable[Parsed]) -> list[Parsed]:
    """The results in order, sending ``statement_parsed`` as each arrives (for the build's progress bar)."""
    parsed = []
    for done, (path, result) in enumerate(zip(paths, results, strict=True), start=1):
        statement_parsed.send(path, done=done, total=len(paths))
        parsed.append(result)
    return parsed


def _start_worker(settings: Settings) -> None:
    _worker["settings"] = settings
    _worker["markdown"] = new_markdown(settings)


def _parse_in_worker(path: str) -> Parsed:
    return parse_statement(path, _read(path), _worker["settings"], _worker["markdown"])


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _collisions(statements: list[Statement], settings: Settings) -> list[Problem]:
    """Statements that would overwrite each other, share an id, or point at no statement."""
    problems = []
    by_output: dict[str, list[Statement]] = defaultdict(list)
    by_id: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        by_output[output_path(statement, settings)].append(statement)
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


def output_path(statement: Statement, settings: Settings) -> str:
    """Where Pelican will write the statement, from the ``ARTICLE_SAVE_AS`` pattern."""
    return settings["ARTICLE_SAVE_AS"].format(slug=statement.slug, date=statement.date)
