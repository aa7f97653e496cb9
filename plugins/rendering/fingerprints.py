"""What a page's bytes depend on, reduced to a digest: a page whose digest is unchanged is not rendered again.

A page is its template applied to its context, so it depends on:

- the site (``site_fingerprint``): the theme's files, the plugins' code, the libraries'
  versions, the settings (Jinja globals included), and what every page shows whatever it is
  about: the current threat level in the header;
- the page's own context entries: what Pelican passed for this page alone (the article, a tag
  and its statements, a listing's page and paginator), by value;
- the entries of the shared context its template reads besides, named in
  ``RENDERING_REUSABLE_TEMPLATES`` (a template not named there is rendered on every build).

A statement counts by its card (every field but the body, its URL, status and level change):
what a listing, a neighbour link or the header shows of it.  On its own page it counts whole,
with its neighbours, related statements and replacement; a document that shows statements
entire (a feed, a chunk of the search index) marks each with ``Whole``.  A value of a kind
not known here makes its page unreusable rather than risk reusing a page that changed.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import hashlib
import importlib.metadata
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.contents import Article
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from plugins.archive.schema import Statement

LIBRARIES = ("pelican", "jinja2", "markupsafe", "markdown")
PLAIN = (str, int, float, bool, type(None), datetime.date, datetime.time, enum.Enum)
_ABSENT = object()
# What a statement's card shows: every field of its repr (so not ``lines``, line numbers never
# shown) but the body.  Their values are text, dates, tuples, the level and small frozen
# dataclasses, all with stable reprs.
CARD_FIELDS = tuple(f.name for f in dataclasses.fields(Statement) if f.repr and f.name != "body_html")
CONTEXT_ENTRY = "rendering_fingerprints"  # the build's Fingerprints, in its context


@dataclass(frozen=True)
class Whole:
    """Stands for a statement shown entire in what a document shows (feeds, search): body included."""

    article: Article


class Unreusable(Exception):
    """A page's context holds a value whose effect on the page cannot be told: render the page."""


def digest(value: Any) -> str:
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


class Fingerprints:
    """Reduces the values in one build's page contexts to values with a stable ``repr``.

    The reductions of shared objects (a statement, a list of statements) are kept for the
    build: a statement is in many pages, and the whole archive's list in hundreds.
    """

    def __init__(self, site: str | None):
        self.site = site
        self._kept: dict[int, tuple[Any, str]] = {}
        self._whole: dict[int, tuple[Article, str]] = {}

    def page(
        self,
        template_name: str,
        reads: Iterable[str] | None,
        localcontext: Mapping[str, Any],
        context: Mapping[str, Any],
    ) -> str | None:
        """The page's digest, or None when it is rendered on every build (``reads`` is None: not reusable).

        ``reads`` names the shared context entries the template reads besides the page's own.
        """
        if self.site is None or reads is None:
            return None
        own = sorted(
            (name, value)
            for name, value in localcontext.items()
            if value is not context.get(name, _ABSENT) and name != "localsiteurl"
        )
        try:
            inputs = [(name, self.subject(value) if name == "article" else self.reduce(value)) for name, value in own]
            inputs += [(name, self.reduce(context.get(name))) for name in reads]
        except Unreusable:
            return None
        return digest((self.site, template_name, inputs))

    def document(self, name: str, shows: Any) -> str | None:
        """The digest of a document at ``name`` showing ``shows``, or None when it is made on every build."""
        if self.site is None:
            return None
        try:
            return digest((self.site, name, self.reduce(shows)))
        except Unreusable:
            return None

    def subject(self, article: Article) -> tuple:
        """A statement as its own page shows it: whole, with the statements it links to."""
        body = article.statement.body_html
        # Pelican rewrites links written {filename}... or |filename|... into the linked file's URL.
        shown = article.content if "{" in body or "|" in body else body
        return (
            self.card(article),
            digest(shown),
            self.reduce(article.previous_statement),
            self.reduce(article.next_statement),
            self.reduce(article.related_statements),
            self.reduce(getattr(article, "replacement", None)),
        )

    def card(self, article: Article) -> str:
        return self._keep(article, lambda: self._card(article))

    def _card(self, article: Article) -> tuple:
        statement = article.statement
        return (
            repr([getattr(statement, name) for name in CARD_FIELDS]),
            article.url,
            article.status,
            getattr(article, "preview", None),
            self.reduce(getattr(article, "previous_level", None)),
            getattr(article, "changed_level", None),
        )

    def whole(self, article: Article) -> str:
        """A statement as a document shows it entire (a feed entry, a search record): card and body."""
        kept = self._whole.get(id(article))
        if kept is None:
            kept = self._whole[id(article)] = (article, digest((self.card(article), article.statement.body_html)))
        return kept[1]

    def reduce(self, value: Any) -> Any:
        if isinstance(value, PLAIN):
            return value
        if isinstance(value, Article):
            return ("article", self.card(value))
        if isinstance(value, Whole):
            return ("whole", self.whole(value.article))
        if isinstance(value, list | tuple):
            return self._keep(value, lambda: tuple(self.reduce(item) for item in value))
        if isinstance(value, Mapping):
            return self._keep(value, lambda: tuple(sorted((k, self.reduce(v)) for k, v in value.items())))
        if isinstance(value, URLWrapper):
            return (type(value).__name__, value.name, value.slug, value.url)
        if isinstance(value, Page):
            return ("page", value.number, value.url, self.reduce(value.object_list))
        if isinstance(value, Paginator):
            return ("paginator", value.name, value.url, value.count, value.num_pages, value.per_page)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return (type(value).__name__, tuple(self.reduce(getattr(value, f.name)) for f in dataclasses.fields(value)))
        raise Unreusable(type(value).__name__)

    def _keep(self, value: Any, reduction) -> str:
        """The digest of ``reduction()``, worked out once per object: the archive's list is on hundreds of pages."""
        # Kept with the value itself, so that no other object can take its id while the build runs.
        kept = self._kept.get(id(value))
        if kept is None:
            kept = self._kept[id(value)] = (value, digest(reduction()))
        return kept[1]


def for_build(settings: Mapping[str, Any], context: dict[str, Any]) -> Fingerprints:
    """The build's one ``Fingerprints``, kept in its context (complete by the time it is asked for).

    The pages, the feeds and the search index share it, so that each statement's digests are
    worked out once a build, and it goes when the build's context goes.
    """
    if CONTEXT_ENTRY not in context:
        context[CONTEXT_ENTRY] = Fingerprints(site_fingerprint(settings, context))
    return context[CONTEXT_ENTRY]


def site_fingerprint(settings: Mapping[str, Any], context: Mapping[str, Any]) -> str | None:
    """Everything every page depends on; None when a setting's value has no stable ``repr``."""
    jinja_globals = settings["JINJA_GLOBALS"]
    plain_settings = sorted((name, value) for name, value in settings.items() if name != "JINJA_GLOBALS")
    try:
        shown_by_globals = [(name, _shown(value)) for name, value in sorted(jinja_globals.items())]
        current_level = Fingerprints("").reduce(context.get("current_threat_level"))
    except Unreusable:
        return None
    settings_text = repr(plain_settings)
    if " at 0x" in settings_text:  # an object identified by its address: no two builds would agree
        return None
    plugin_files = _plugin_files(settings)
    if plugin_files is None:
        return None
    versions = [importlib.metadata.version(library) for library in LIBRARIES]
    code = files_digest(_theme_files(settings), plugin_files)
    return digest((sys.version, versions, code, settings_text, shown_by_globals, current_level))


def _shown(value: Any) -> Any:
    """What a Jinja global puts on pages: its ``fingerprint()`` when it has one (the feed catalogue)."""
    if hasattr(value, "fingerprint"):
        return value.fingerprint()
    return Fingerprints("").reduce(value)


def files_digest(*groups: Iterable[Path]) -> str:
    hashed = hashlib.blake2b(digest_size=16)
    for path in sorted({path for group in groups for path in group}):
        hashed.update(str(path).encode())
        hashed.update(path.read_bytes())
    return hashed.hexdigest()


def _theme_files(settings: Mapping[str, Any]) -> list[Path]:
    folders = [settings["THEME"], *settings["THEME_TEMPLATES_OVERRIDES"]]
    return [path for folder in folders for path in Path(folder).rglob("*") if path.is_file()]


def _plugin_files(settings: Mapping[str, Any]) -> list[Path] | None:
    """The Python files of every plugin's top-level package (the plugins and the helpers they share).

    None when a plugin's code cannot be found: a module made on the fly, say.
    """
    files = []
    for name in settings["PLUGINS"]:
        package = sys.modules.get(str(name).split(".")[0])
        if package is None or not (getattr(package, "__path__", None) or getattr(package, "__file__", None)):
            return None
        for folder in getattr(package, "__path__", None) or [os.path.dirname(package.__file__)]:
            files += Path(folder).rglob("*.py")
    return files
