"""What a page's bytes depend on, reduced to a digest: a page whose digest is unchanged is not rendered again.

A page is its template applied to its context, so it depends on:

- the site (``site_fingerprint``): the code and theme that make it (``store.made_by``: the plugins'
  code, the theme's files, the libraries' versions), the settings, and what every page shows whatever
  it is about: the current threat level in the header;
- the page's own context entries: what Pelican passed for this page alone (the article, a tag
  and its statements, a listing's page and paginator), by value;
- the entries of the shared context its template reads besides: every name the template, and
  every template it extends, includes or imports, loads (``TemplateReads``, from the templates'
  syntax trees); a template that names another only at run time is rendered on every build.

A statement counts by its card: every field of its ``Statement`` but the body, its URL and
status, and each other attribute of the article that any template reads (found the same way),
except those that hold other statements.  That is what a listing, a neighbour link or the header
shows of it.  On its own page it counts whole: the card, the body and the statements those
attributes hold (its neighbours, related statements, replacement), by their cards.  A document
that shows statements entire (a feed) marks each with ``StatementInFull``.  A value of a kind not
known here makes its page unreusable rather than risk reusing a page that changed; a value may say what pages
show of it with a ``fingerprint()`` method (the feed catalogue: each feed's subject and links).
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from pelican.contents import Article
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from plugins.archive.schema import Statement

from .store import made_by
from .templates import Reads, reads_of

PLAIN = (str, int, float, bool, type(None), datetime.date, datetime.time, enum.Enum)
_ABSENT = object()
# What a statement's card shows: every field of its repr (so not ``lines``, line numbers never
# shown) but the body.  Their values are text, dates, tuples, the level and small frozen
# dataclasses, all with stable reprs.
CARD_FIELDS = tuple(f.name for f in dataclasses.fields(Statement) if f.repr and f.name != "body_html")
CONTEXT_ENTRY = "rendering_fingerprints"  # the build's Fingerprints, in its context
# An article's own attributes that are not what a card shows: its body (counted on its own page),
# its statement (counted by CARD_FIELDS) and Pelican's references to the whole build.
NOT_SHOWN_BY_CARD = frozenset({"content", "_content", "statement", "settings", "_context", "metadata"})


class TemplateReads:
    """What the theme's templates read: context names per template, and attribute names.

    Worked out once a build, before the workers fork, from one generator's environment: every
    generator's environment loads the same templates, and the names a template reads are in its
    text alone.
    """

    def __init__(self, environment: jinja2.Environment):
        self.environment = environment
        self._names: dict[str, frozenset[str] | None] = {}
        self._own: dict[str, Reads] = {}
        theme = environment.list_templates(filter_func=lambda name: not name.startswith("!"))
        self.attributes = frozenset(attribute for name in theme for attribute in self._read_by(name)[1])
        for name in theme:
            self.names(name)

    def names(self, template_name: str) -> frozenset[str] | None:
        """The names the template and those it references load; None if one of them is chosen at run time."""
        if template_name not in self._names:
            self._names[template_name] = self._names_through_references(template_name)
        return self._names[template_name]

    def _names_through_references(self, template_name: str) -> frozenset[str] | None:
        names: set[str] = set()
        seen, waiting = set(), [template_name]
        while waiting:
            current = waiting.pop()
            if current in seen:
                continue
            seen.add(current)
            loaded, _, referenced = self._read_by(current)
            if None in referenced:
                return None
            names |= loaded
            waiting += referenced
        return frozenset(names)

    def _read_by(self, name: str) -> Reads:
        """One template's own: the names it loads, the attributes it reads, and the templates it names."""
        if name not in self._own:
            source, _, _ = self.environment.loader.get_source(self.environment, name)
            self._own[name] = reads_of(self.environment, source)  # from its syntax tree alone
        return self._own[name]


@dataclass(frozen=True)
class StatementInFull:
    """Stands for a statement shown entire in what a document shows (a feed): body included."""

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

    def __init__(self, site: str | None, settings: Mapping[str, Any] | None = None):
        self.site = site
        self.settings_names = frozenset(settings or ())
        self.templates: TemplateReads | None = None
        self._kept: dict[int, tuple[Any, str]] = {}
        self._whole: dict[int, tuple[Article, str]] = {}

    def learn_templates(self, environment: jinja2.Environment) -> None:
        """Read what the build's templates read, once (before any card is made)."""
        if self.templates is None:
            self.templates = TemplateReads(environment)

    def page(
        self, template: jinja2.Template, localcontext: Mapping[str, Any], context: Mapping[str, Any]
    ) -> str | None:
        """The page's digest, or None when it is rendered on every build."""
        if self.site is None:
            return None
        self.learn_templates(template.environment)
        template_name = os.path.splitext(template.name)[0]
        names = self.templates.names(template.name)
        if names is None:
            return None
        # The settings are in the site's fingerprint; the page's own entries are added below.
        reads = sorted(name for name in names if name in context and name not in self.settings_names)
        own = sorted(
            (name, value)
            for name, value in localcontext.items()
            if value is not context.get(name, _ABSENT) and name != "localsiteurl"
        )
        try:
            inputs = [
                (name, self.as_own_page(value) if name == "article" else self.reduce(value)) for name, value in own
            ]
            inputs += [(name, self.reduce(context.get(name))) for name in reads]
        except Unreusable:
            return None
        return digest((self.site, template_name, inputs))

    def document(self, name: str, depends_on: Any) -> str | None:
        """The digest of a document at ``name`` showing ``depends_on``, or None when it is made on every build."""
        if self.site is None:
            return None
        try:
            return digest((self.site, name, self.reduce(depends_on)))
        except Unreusable:
            return None

    def as_own_page(self, article: Article) -> tuple:
        """A statement as its own page shows it: whole, with the statements it links to."""
        body = article.statement.body_html
        # Pelican rewrites links written {filename}... or |filename|... into the linked file's URL.
        shown = article.content if "{" in body or "|" in body else body
        linked = [
            (name, self.reduce(value)) for name, value in self._shown_attributes(article) if _holds_articles(value)
        ]
        return self.as_listed(article), digest(shown), linked

    def as_listed(self, article: Article) -> str:
        return self._keep(article, lambda: self._listed(article))

    def _listed(self, article: Article) -> tuple:
        statement = article.statement
        shown = [
            (name, self.reduce(value)) for name, value in self._shown_attributes(article) if not _holds_articles(value)
        ]
        return repr([getattr(statement, name) for name in CARD_FIELDS]), article.url, article.status, shown

    def _shown_attributes(self, article: Article) -> list[tuple[str, Any]]:
        """The article's own attributes that a template reads (set by Pelican or a plugin), by name.

        Not those its class defines (``url``, ``summary``): they are worked out from what the card holds.
        """
        if self.templates is None:
            raise Unreusable("no templates learnt")
        own = vars(article)
        names = sorted(self.templates.attributes & own.keys() - NOT_SHOWN_BY_CARD)
        return [(name, own[name]) for name in names if not hasattr(type(article), name)]

    def as_shown_entire(self, article: Article) -> str:
        """A statement as a document shows it entire (a feed entry): card and body."""
        kept = self._whole.get(id(article))
        if kept is None:
            kept = self._whole[id(article)] = (article, digest((self.as_listed(article), article.statement.body_html)))
        return kept[1]

    def reduce(self, value: Any) -> Any:
        if isinstance(value, PLAIN):
            return value
        if isinstance(value, Article):
            return ("article", self.as_listed(value))
        if isinstance(value, StatementInFull):
            return ("whole", self.as_shown_entire(value.article))
        if hasattr(value, "fingerprint"):  # what pages show of it, by its own account (the feed catalogue)
            return self._keep(value, value.fingerprint)
        if isinstance(value, list | tuple):
            return self._keep(value, lambda: tuple(self.reduce(item) for item in value))
        if isinstance(value, Mapping):
            return self._keep(value, lambda: tuple(sorted((k, self.reduce(v)) for k, v in value.items())))
        if isinstance(value, URLWrapper):  # one object per tag or category, shared by its statements
            return self._keep(value, lambda: (type(value).__name__, value.name, value.slug, value.url))
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


def _holds_articles(value: Any) -> bool:
    """Whether the value is a statement or a collection of them: linked statements, counted by their cards."""
    if isinstance(value, list | tuple):
        return any(isinstance(item, Article) for item in value)
    return isinstance(value, Article)


def for_build(
    settings: Mapping[str, Any], context: dict[str, Any], environment: jinja2.Environment | None = None
) -> Fingerprints:
    """The build's one ``Fingerprints``, kept in its context (complete by the time it is asked for).

    Made first with the build's template ``environment`` (``all_generators_finalized``); the pages
    and the feeds share it, so that each statement's digests are worked out once
    a build, and it goes when the build's context goes.
    """
    if CONTEXT_ENTRY not in context:
        fingerprints = Fingerprints(None, settings)
        if environment is not None:
            fingerprints.learn_templates(environment)
        fingerprints.site = site_fingerprint(settings, context, fingerprints)
        context[CONTEXT_ENTRY] = fingerprints
    return context[CONTEXT_ENTRY]


def site_fingerprint(settings: Mapping[str, Any], context: Mapping[str, Any], fingerprints: Fingerprints) -> str | None:
    """Everything every page depends on; None when a setting's value has no stable ``repr``."""
    try:
        current_level = fingerprints.reduce(context.get("current_threat_level"))
    except Unreusable:
        return None
    settings_text = repr(sorted(settings.items()))
    if " at 0x" in settings_text:  # an object identified by its address: no two builds would agree
        return None
    code = made_by(settings)  # the plugins' code, the theme, Python's and the libraries' versions
    if code is None:
        return None
    return digest((code, settings_text, current_level))
