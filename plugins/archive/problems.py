"""What is wrong with a statement file, in the one format every check prints."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import NoReturn


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file: ``path:LINE: field: message (allowed)``."""

    path: str
    line: int
    field: str
    message: str
    allowed: str = ""

    def __str__(self) -> str:
        allowed = f" ({self.allowed})" if self.allowed else ""
        return f"{display_path(self.path)}:{self.line}: {self.field}: {self.message}{allowed}"


class FieldError(ValueError):
    """Raised by a value parser; the validator adds the file and the field."""

    def __init__(self, message: str, *, line: int | None = None, field: str | None = None, allowed: str = ""):
        super().__init__(message)
        self.message = message
        self.line = line
        self.field = field
        self.allowed = allowed


class FieldErrors(ValueError):
    """Several problems inside one field (a mapping or a list): all are reported."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(error.message for error in errors))
        self.errors = errors


class InvalidStatements(SystemExit):
    """Stops the build with every problem found, one per line, and exit status 1.

    A ``SystemExit`` rather than an ordinary exception so that the ``pelican``
    command prints the list as it is, without a traceback, and publishes nothing.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in statements; nothing was published:"
        super().__init__("\n".join([heading, *map(str, self.problems)]))


class InvalidSetting(SystemExit):
    """Stops the build, before it writes anything, on a setting it cannot use: one line, no traceback.

    ``pelicanconf.py: NAME is VALUE[, context]: it must be ALLOWED``; a ``SystemExit``, as
    ``InvalidStatements`` is, so that the ``pelican`` command prints the line alone and ends with
    exit status 1.  ``source`` is where the setting is given (an environment variable's is "environment").
    """

    def __init__(self, name: str, value: object, allowed: str, *, context: str = "", source: str = "pelicanconf.py"):
        self.name, self.value, self.allowed = name, value, allowed
        shown = "not set" if value is None else repr(value)
        super().__init__(f"{source}: {name} is {shown}{context}: it must be {allowed}")


class StatementsToFix(ValueError):
    """The same list as an ordinary error, raised instead when ``STATEMENTS_EXIT_ON_PROBLEMS`` is off.

    ``pelican --autoreload`` (``make devserver``) reports an ordinary error and
    rebuilds on the next save; a ``SystemExit`` would end its rebuild loop while
    the server went on showing the last good build.
    """


def stop(problems: list[Problem], settings) -> NoReturn:
    """End the build with ``problems``, as ``STATEMENTS_EXIT_ON_PROBLEMS`` says: exit, or an ordinary error."""
    failure = InvalidStatements(problems)
    if settings["STATEMENTS_EXIT_ON_PROBLEMS"]:
        raise failure
    raise StatementsToFix(failure.code)


def display_path(path: str) -> str:
    """The path relative to the working directory when it lies below it, each character a terminal would not
    print as itself escaped: a name with a newline or an escape sequence forges no line and moves no cursor."""
    relative = os.path.relpath(path)
    shown = path if relative.startswith("..") else relative
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in shown)
