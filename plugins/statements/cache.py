"""The parse cache: each file's parse result from the last build, so that a rebuild parses only what changed.

Parsing (YAML, Markdown, the safety check) is most of the time spent reading a
large archive, and on a rebuild almost every file is the same as last time.
``CACHE_PATH/statements.pickle`` keeps, for each statement and page of the last
build, a digest of the file's bytes and what ``parse_statement`` or
``parse_page`` made of them: a ``Statement``, a page's fields, or the file's
problems.  A file whose bytes have the same digest is not parsed again.

The whole cache holds only for one *parser fingerprint*: the settings a parse
reads, the source of the modules that parse, and the versions of Python,
Markdown, PyYAML, nh3, selectolax and langcodes.  Change any of them and every file is parsed again
(a Markdown extension from another package is not covered: after upgrading
one, delete the cache file).  Nothing in a parse reads the clock (whether a
statement is embargoed is decided by the reader at each build), and the checks
across files (``load._collisions``) run on every build, so a cached result is
exactly what parsing again would give.

A cache that is missing, corrupt or unreadable is ignored, and one that cannot be
written is reported: the cache never fails a build.  It is separate from
Pelican's content cache and ignores ``LOAD_CONTENT_CACHE`` (false by default,
which would switch it off for every build); ``STATEMENTS_CACHE`` alone switches
it off.  Like the plugins' code, the cache folder must be writable by the
archive's maintainers only: loading a pickle can run code.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import pickle
import sys
from pathlib import Path
from typing import Any

import markdown
import nh3
import selectolax
import yaml

import plugins.archive
from plugins.archive.problems import Problem
from plugins.archive.schema import Settings, Statement
from plugins.build import keep

Parsed = Statement | dict[str, Any] | list[Problem]
Entries = dict[str, tuple[bytes, Parsed]]  # path: (digest of the file's bytes, its parse result)

CACHE_FILE = "statements.pickle"
# The code a parse runs, and a little more: every module of this package and of the domain package.
_PARSER_SOURCES = (
    *sorted(Path(__file__).parent.glob("*.py")),
    *sorted(Path(plugins.archive.__file__).parent.glob("*.py")),
)

logger = logging.getLogger(__name__)


class ParseCache:
    """Last build's parse results for ``get``, this build's collected by ``get`` and ``put`` for ``save``."""

    def __init__(self, file: Path | None, fingerprint: str, previous: Entries):
        self.file = file  # None: the cache is off
        self.fingerprint = fingerprint
        self._previous = previous
        self._current: Entries = {}
        self._changed = False

    @classmethod
    def open(cls, settings: Settings, parse_settings: Settings) -> ParseCache:
        """The cache under ``CACHE_PATH``, empty when it is off, missing, unreadable or for another fingerprint."""
        if not settings["STATEMENTS_CACHE"]:
            return cls(None, "", {})
        file = Path(settings["CACHE_PATH"]) / CACHE_FILE
        fingerprint = parser_fingerprint(parse_settings)
        return cls(file, fingerprint, _read_entries(file, fingerprint))

    @property
    def kept_any(self) -> bool:
        """Whether the last build's results were read: whether a file not found in them is new or changed."""
        return bool(self._previous)

    def get(self, path: str, raw: bytes) -> Parsed | None:
        """The result of parsing exactly these bytes at ``path`` in the last build, or None."""
        if self.file is None:
            return None
        entry = self._previous.get(path)
        if entry is None or entry[0] != file_digest(raw):
            return None
        self._current[path] = entry
        return entry[1]

    def put(self, path: str, raw: bytes, result: Parsed) -> None:
        if self.file is not None:
            self._current[path] = (file_digest(raw), result)
            self._changed = True

    def save(self) -> None:
        """Keep this build's results, for the files it read only, when they differ from the last build's."""
        if self.file is None or (not self._changed and self._current.keys() == self._previous.keys()):
            return
        # The fingerprint first, so that a build with another one need not unpickle the rest.
        keep(self.file, self.fingerprint, self._current, losing="the next build parses every statement again")


def file_digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def parser_fingerprint(parse_settings: Settings) -> str:
    """A digest of everything besides a file's bytes that its parse result depends on."""
    digest = hashlib.blake2b(digest_size=16)
    # A value with no stable repr (a Markdown extension object) costs the cache its hits, never its correctness.
    digest.update(json.dumps(parse_settings, sort_keys=True, default=repr).encode())
    for source in _PARSER_SOURCES:
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    versions = (
        sys.version,
        markdown.__version__,
        yaml.__version__,
        yaml.__with_libyaml__,
        nh3.__version__,
        selectolax.__version__,
        importlib.metadata.version("langcodes"),
    )
    digest.update(repr(versions).encode())
    return digest.hexdigest()


def _read_entries(file: Path, fingerprint: str) -> Entries:
    try:
        with open(file, "rb") as cached:
            if pickle.load(cached) != fingerprint:
                return {}
            entries = pickle.load(cached)
    except FileNotFoundError:
        return {}
    except Exception as error:  # whatever is wrong with the file, parsing everything is correct
        logger.info("Ignoring the unreadable statements' parse cache %s (%s)", file, error)
        return {}
    return entries if isinstance(entries, dict) else {}
