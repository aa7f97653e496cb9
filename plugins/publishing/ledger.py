"""The ledger of published statements: nothing once published may silently disappear.

``content/published.json`` maps the id of every statement the archive has ever
published to every URL it has had, oldest first::

    {
      "statements": {
        "2015-01-16-npcc-security-posture-statement": [
          "statements/2015/01/npcc-security-posture-statement/"
        ]
      }
    }

The build and ``make check`` fail, naming the ledger and the statement, when a
recorded statement is gone, has become a draft or been dated into the future,
or no longer answers at a recorded URL: each old URL must be the statement's
own or one of its ``aliases:`` (which become redirect pages).  Taking a
statement down means ``status: withdrawn`` with ``withdrawn_reason:`` and ``withdrawn_date:``.

New statements are added by ``make ledger`` (``record.py``; ``make publish``
runs it after building); the maintainer commits the file with the statements.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
from collections.abc import Iterable, Mapping

from plugins.archive.addresses import page_file, statement_url
from plugins.archive.problems import InvalidStatements, Problem, display_path
from plugins.archive.schema import Settings, Statement
from plugins.archive.visibility import has_page

logger = logging.getLogger(__name__)

Ledger = dict[str, list[str]]
FORMAT = "the format make ledger writes"
TAKE_DOWN = (
    "to take a statement down keep its file and set status: withdrawn with withdrawn_reason: and withdrawn_date:"
)


def ledger_path(settings: Settings) -> str:
    return os.path.join(settings["PATH"], settings["PUBLISHED_LEDGER"])


def read(path: str) -> tuple[Ledger, list[str]]:
    """The ledger and its lines; an absent file is an empty ledger. Raises ``InvalidStatements``."""
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
    except FileNotFoundError:
        return {}, []
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidStatements([Problem(path, error.lineno, "ledger", f"is not valid JSON: {error.msg}")]) from None
    except RecursionError:  # arrays or objects nested thousands deep: no ledger make ledger writes
        raise InvalidStatements([Problem(path, 1, "ledger", "nests arrays or objects too deep", FORMAT)]) from None
    entries = data.get("statements") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not all(
        isinstance(urls, list) and urls and all(isinstance(url, str) for url in urls) for urls in entries.values()
    ):
        raise InvalidStatements([Problem(path, 1, "ledger", 'must be {"statements": {id: [URL, ...]}}', FORMAT)])
    return entries, text.split("\n")


def problems(statements: Iterable[Statement], settings: Settings, now: datetime.datetime) -> list[Problem]:
    """Every ledger entry the build would no longer honour."""
    path = ledger_path(settings)
    try:
        ledger, lines = read(path)
    except InvalidStatements as unreadable:
        return unreadable.problems
    by_id = {statement.id: statement for statement in statements}
    found = []
    for identifier, urls in ledger.items():
        problem = _broken_promise(identifier, urls, by_id, settings, now)
        if problem:
            message, allowed = problem
            found.append(Problem(path, _entry_line(lines, identifier), identifier, message, allowed))
    return found


def _broken_promise(
    identifier: str, urls: list[str], by_id: Mapping[str, Statement], settings: Settings, now: datetime.datetime
) -> tuple[str, str] | None:
    """What went wrong with one recorded statement, as (message, what to do), or None."""
    statement = by_id.get(identifier)
    if statement is None:
        heir = _answering_at(urls, by_id.values(), settings)
        if heir:
            return (
                f"no statement has this id any more; {display_path(heir.source_path)} now answers at {urls[-1]}",
                f"give that statement id: {identifier}, so feeds and the ledger still know it",
            )
        return f"no statement has this id any more (it was published at {urls[-1]})", TAKE_DOWN
    where = display_path(statement.source_path)
    if not has_page(statement, settings, now):
        change = "is now a draft" if statement.status == "draft" else f"is now dated {statement.date:%Y-%m-%d}"
        return f"{where} was published and {change}, so its page would disappear", TAKE_DOWN
    answers = {page_file(url) for url in (statement_url(statement, settings), *statement.aliases)}
    lost = [url for url in urls if page_file(url) not in answers]
    if lost:
        return (
            f"{where} no longer answers at {', '.join(lost)} (it is now at {statement_url(statement, settings)})",
            "add the old address to the statement's aliases:, which makes it a redirect",
        )
    return None


def _answering_at(urls: list[str], statements: Iterable[Statement], settings: Settings) -> Statement | None:
    wanted = {page_file(url) for url in urls}
    return next(
        (
            statement
            for statement in statements
            if wanted & {page_file(url) for url in (statement_url(statement, settings), *statement.aliases)}
        ),
        None,
    )


def _entry_line(lines: list[str], identifier: str) -> int:
    key = json.dumps(identifier) + ":"
    return next((number for number, line in enumerate(lines, start=1) if line.strip().startswith(key)), 1)


def unrecorded(statements: Iterable[Statement], settings: Settings, now: datetime.datetime) -> list[Statement]:
    """Public statements the ledger does not know at their current URL yet."""
    ledger, _ = read(ledger_path(settings))
    return [
        statement
        for statement in statements
        if has_page(statement, settings, now) and statement_url(statement, settings) not in ledger.get(statement.id, ())
    ]


def recorded(ledger: Ledger, statements: Iterable[Statement], settings: Settings) -> Ledger:
    """The ledger with each statement's current URL added after the ones it already had."""
    updated = {identifier: list(urls) for identifier, urls in ledger.items()}
    for statement in statements:
        urls = updated.setdefault(statement.id, [])
        url = statement_url(statement, settings)
        if url not in urls:
            urls.append(url)
    return updated


def write(path: str, ledger: Ledger) -> None:
    text = json.dumps({"statements": dict(sorted(ledger.items()))}, indent=2, ensure_ascii=False)
    with open(path, "w", encoding="utf-8") as file:
        file.write(text + "\n")
