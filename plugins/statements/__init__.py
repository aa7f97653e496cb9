"""Statements: the archive's schema, validation and Markdown reader.

Adds to Pelican:

- a reader for ``.md`` files with YAML front matter, checked against the one
  schema in ``plugins.archive.schema`` (fields, threat levels, categories);
- validation of every statement and page before anything is written, by the one
  check that ``make check`` calls too (``check_archive(settings)``, ``gate.py``; other
  plugins add their checks of the whole content by answering ``content_checked``): on any
  problem the build prints each one as ``file:LINE: field: message (allowed)``
  and stops with exit status 1;
- ``article.statement`` on every article, the validated ``Statement`` that the
  other plugins and the templates read (``statement.lang`` is its own ``lang:`` or
  DEFAULT_LANG, which must be a BCP 47 tag: the build stops at once otherwise);
- in the context, ``statement_documents`` (every file's parse result, by path) and
  ``statements_changed`` (the paths of the statements whose bytes changed since the parse
  cache was saved, new ones included; empty when it kept nothing to compare with);
- one gate for what reaches the output from the content folder: Pelican's link rewriting is
  switched off (``INTRASITE_LINK_REGEX`` matches nothing, whatever the settings say), and
  ``{static}/path`` links are resolved before the body's check (``plugins.archive.attachments``);
  the files they name, and every file under ``STATIC_PATHS``, are published only when they are
  images or PDFs (checked on every build); only this plugin's reader reads anything, and a file
  of another kind in the statements' or pages' folders stops the build, named;
- with Pelican's own content cache off (``CACHE_CONTENT`` and ``LOAD_CONTENT_CACHE``, as is
  Pelican's default), no file stamped for it (``skip_file_stamps``).

Settings and their defaults are in ``settings.py``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from itertools import chain
from typing import Any

from pelican import signals

from plugins import defaults_applier, pelican_compat
from plugins.archive.problems import FieldError, InvalidSetting, InvalidStatements, stop
from plugins.archive.schema import Statement
from plugins.archive.values import site_language

from .gate import check_archive, content_checked
from .load import PARSE_SETTINGS, attached, statement_parsed, statements_in
from .reader import EXTENSIONS, StatementReader
from .settings import SETTINGS

# What other plugins use of this one (import-linter holds them to this package: pyproject.toml).
__all__ = [
    "PARSE_SETTINGS",
    "SETTINGS",
    "check_archive",
    "content_checked",
    "every_statement",
    "register",
    "statement_parsed",
]

_apply_plain_defaults = defaults_applier(SETTINGS)
# Pelican rewrites {filename}, {static}, {attach}, {tag}... links after the body's check, writing the file
# name it finds into the attribute un-escaped: its rewriting is off, and ``archive.attachments`` does ours.
NO_LINK_REWRITING = "(?!)"
STATIC_FORMAT = "static"  # the format Pelican's static generator reads its files with


def apply_defaults(pelican) -> None:
    _apply_plain_defaults(pelican)
    language = pelican.settings["DEFAULT_LANG"]
    try:
        site_language(language)  # every statement without lang: has it
    except (FieldError, TypeError):  # TypeError: not text at all, such as a list
        raise InvalidSetting("DEFAULT_LANG", language, "a BCP 47 language tag such as en-GB") from None
    pelican.settings["INTRASITE_LINK_REGEX"] = NO_LINK_REWRITING


def add_reader(readers) -> None:
    """Ours the only reader of content: Pelican's others (HTML, reStructuredText, its own Markdown) publish raw
    HTML.  Its "static" reader, which reads nothing but a file's path for the static generator, stays."""
    for extension in readers.reader_classes.keys() - {STATIC_FORMAT}:
        readers.reader_classes[extension] = None
    for extension in EXTENSIONS:
        readers.reader_classes[extension] = StatementReader


def validate_everything(generator) -> None:
    """Check all statements and pages, before Pelican cleans or writes anything: ``make check``'s check."""
    try:
        loaded = check_archive(generator.settings)
    except InvalidStatements as failure:
        stop(failure.problems, generator.settings)
    generator.context["statement_documents"] = loaded.documents
    generator.context["statements_changed"] = loaded.changed
    give_documents_to_reader(generator)


def publish_attachments(generator) -> None:
    """Have Pelican's static generator copy the files that written statements and pages attach (only those)."""
    documents = generator.context["statement_documents"]
    written = chain(
        *(getattr(generator, name, ()) for name in ("articles", "hidden_articles", "pages", "hidden_pages"))
    )
    pelican_compat.copy_static_files(
        generator,
        {
            attachment.path
            for item in written
            for attachment in attached(documents.get(os.path.abspath(item.source_path), {}))
        },
    )


def every_statement(context: Mapping[str, Any]) -> list[Statement]:
    """Every statement the build read, whatever Pelican made of it (drafts and embargoed ones too)."""
    return statements_in(context.get("statement_documents", {}))


def give_documents_to_reader(generator) -> None:
    generator.readers.readers["md"].documents = generator.context["statement_documents"]


def skip_file_stamps(generator) -> None:
    """Stamp no file for Pelican's content cache when it is off.

    Pelican still stamps each file four times a build (``getmtime``, for its generator's and
    its reader's cache), only to compare against a cache that stays empty: half a second at
    10,000 statements.  Our own parse cache does that job (``cache.py``).
    """
    if not (generator.settings["CACHE_CONTENT"] or generator.settings["LOAD_CONTENT_CACHE"]):
        pelican_compat.stamp_no_files(generator)


def freeze_urls(generator) -> None:
    """Once every status is settled (drafts and embargoes decided), fix each statement's URL."""
    pelican_compat.freeze_urls(chain(generator.articles, generator.hidden_articles, generator.drafts))


def register() -> None:
    signals.initialized.connect(apply_defaults)
    signals.readers_init.connect(add_reader)
    signals.article_generator_init.connect(validate_everything)
    signals.page_generator_init.connect(give_documents_to_reader)
    signals.article_generator_init.connect(skip_file_stamps)
    signals.page_generator_init.connect(skip_file_stamps)
    signals.article_generator_finalized.connect(freeze_urls)
    signals.article_generator_finalized.connect(publish_attachments)
    signals.page_generator_finalized.connect(publish_attachments)
