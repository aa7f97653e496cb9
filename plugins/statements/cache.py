"""The parse cache: each file's parse result from the last build, so that a rebuild parses only what changed.

Parsing (YAML, Markdown, the safety check) is most of the time spent reading a
large archive, and on a rebuild almost every file is the same as last time.
``CACHE_PATH/statements.pickle`` keeps, for each statement and page of the last
build, a digest of the file's bytes and what ``parse_statement`` or
``parse_page`` made of them: a ``Statement``, a page's fields, or the file's
problems.  A file whose bytes have the same digest is not parsed again.

The whole cache holds only for the code and theme of the build that kept it (the cache store's
one key: every plugin's code, the domain's included, and the versions of Python, Markdown, PyYAML,
nh3, selectolax and langcodes) and for the settings a parse reads.  Change any of them and every
file is parsed again (a Markdown extension from another package is not covered: after upgrading
one, delete the cache file).  Nothing in a parse reads the clock (whether a statement is embargoed
is decided by the reader at each build), and the checks across files (``load._collisions``) run on
every build, so a cached result is exactly what parsing again would give.

A cache that is missing, corrupt or unreadable is ignored, and one that cannot be written is
reported: the cache never fails a build (``plugins.build.CacheStore``).  It is separate from
Pelican's content cache and ignores ``LOAD_CONTENT_CACHE`` (false by default, which would switch
it off for every build); ``STATEMENTS_CACHE`` alone switches it off.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from plugins.archive.problems import Problem
from plugins.archive.schema import Settings, Statement
from plugins.build import CacheStore

Parsed = Statement | dict[str, Any] | list[Problem]
Entries = dict[str, tuple[bytes, Parsed]]  # path: (digest of the file's bytes, its parse result)

NAMESPACE = "statements"  # CACHE_PATH/statements.pickle


class ParseCache:
    """Last build's parse results for ``get``, this build's collected by ``get`` and ``put`` for ``save``."""

    def __init__(self, store: CacheStore | None, parse_settings: str, previous: Entries):
        self.store = store  # None: the cache is off
        self.parse_settings = parse_settings
        self._previous = previous
        self._current: Entries = {}
        self._changed = False

    @classmethod
    def open(cls, settings: Settings, parse_settings: Settings) -> ParseCache:
        """The cache in the store, empty when it is off, missing, unreadable or kept for other code or settings."""
        if not settings["STATEMENTS_CACHE"]:
            return cls(None, "", {})
        store, key = CacheStore(settings), settings_digest(parse_settings)
        previous = store.load(NAMESPACE, key)
        return cls(store, key, previous if isinstance(previous, dict) else {})

    @property
    def kept_any(self) -> bool:
        """Whether the last build's results were read: whether a file not found in them is new or changed."""
        return bool(self._previous)

    def get(self, path: str, raw: bytes) -> Parsed | None:
        """The result of parsing exactly these bytes at ``path`` in the last build, or None."""
        if self.store is None:
            return None
        entry = self._previous.get(path)
        if entry is None or entry[0] != file_digest(raw):
            return None
        self._current[path] = entry
        return entry[1]

    def put(self, path: str, raw: bytes, result: Parsed) -> None:
        if self.store is not None:
            self._current[path] = (file_digest(raw), result)
            self._changed = True

    def save(self) -> None:
        """Keep this build's results, for the files it read only, when they differ from the last build's."""
        if self.store is None or (not self._changed and self._current.keys() == self._previous.keys()):
            return
        self.store.keep(
            NAMESPACE, self.parse_settings, self._current, losing="the next build parses every statement again"
        )


def file_digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def settings_digest(parse_settings: Settings) -> str:
    """A digest of the settings a parse reads: with the code, all a file's parse result depends on besides its bytes."""
    # A value with no stable repr (a Markdown extension object) costs the cache its hits, never its correctness.
    return hashlib.blake2b(
        json.dumps(parse_settings, sort_keys=True, default=repr).encode(), digest_size=16
    ).hexdigest()
