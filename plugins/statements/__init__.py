"""Statements: the archive's schema, validation and Markdown reader.

Adds to Pelican:

- a reader for ``.md`` files with YAML front matter, checked against the one
  schema in ``schema.py`` (fields, threat levels, categories);
- validation of every statement and page before anything is written: on any
  problem the build prints each one as ``file:LINE: field: message (allowed)``
  and stops with exit status 1;
- ``article.statement`` on every article, the validated ``Statement`` that the
  other plugins and the templates read.

Settings and their defaults are in ``settings.py``.
"""

from __future__ import annotations

import os

from pelican import signals

from plugins import defaults_applier

from .load import load
from .problems import InvalidStatements, StatementsToFix
from .reader import StatementReader
from .settings import DEFAULTS

apply_defaults = defaults_applier(DEFAULTS)


def add_reader(readers) -> None:
    for extension in StatementReader.file_extensions:
        readers.reader_classes[extension] = StatementReader


def validate_everything(generator) -> None:
    """Parse and check all statements and pages, before Pelican cleans or writes anything."""
    settings = generator.settings

    def markdown_files(paths, excludes):
        return [
            os.path.join(generator.path, name)
            for name in sorted(generator.get_files(paths, exclude=excludes, extensions=StatementReader.file_extensions))
        ]

    try:
        documents = load(
            markdown_files(settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]),
            markdown_files(settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"]),
            settings,
        )
    except InvalidStatements as failure:
        if settings["STATEMENTS_EXIT_ON_PROBLEMS"]:
            raise
        raise StatementsToFix(failure.code) from None
    generator.context["statement_documents"] = documents
    give_documents_to_reader(generator)


def give_documents_to_reader(generator) -> None:
    generator.readers.readers["md"].documents = generator.context["statement_documents"]


def register() -> None:
    signals.initialized.connect(apply_defaults)
    signals.readers_init.connect(add_reader)
    signals.article_generator_init.connect(validate_everything)
    signals.page_generator_init.connect(give_documents_to_reader)
