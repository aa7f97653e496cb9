"""The Pelican reader for statements and pages: hands Pelican what ``load`` already parsed."""

from __future__ import annotations

import datetime
import os
from typing import ClassVar

from pelican.readers import BaseReader
from pelican.urlwrappers import Category, Tag

from plugins.archive.problems import InvalidStatements
from plugins.archive.schema import Statement
from plugins.archive.validate import new_markdown, parse_page
from plugins.archive.visibility import LISTED, UNLISTED, UNWRITTEN, placement, visibility

EXTENSIONS = ("md",)
# How Pelican is told where a statement goes (``visibility.placement``); Pelican itself holds back a
# statement dated after the build (it makes it a draft), unless WITH_FUTURE_DATES.
PELICAN_STATUS = {LISTED: "published", UNLISTED: "hidden", UNWRITTEN: "draft"}


class StatementReader(BaseReader):
    """Reads ``.md`` files with YAML front matter.

    Statements are parsed and validated once, for the whole build, by
    ``load.load``; the plugin gives the results to the reader as ``documents``.
    A page outside that set (Pelican may read one the build did not list) is
    parsed here.
    """

    enabled = True
    # Pelican gives every enabled reader class its file_extensions in every build of a process that
    # imported it; this one claims none, so only the plugin (add_reader) installs it, for ``EXTENSIONS``.
    file_extensions: ClassVar[list[str]] = []

    def __init__(self, settings):
        super().__init__(settings)
        self.documents = {}
        # One Category or Tag object per name, shared by the statements that name it: Pelican works
        # out an object's slug on first use, so each name's is worked out once a build, not once a statement.
        self._categories: dict[str, Category] = {}
        self._tags: dict[str, Tag] = {}

    def read(self, source_path):
        document = self.documents.get(os.path.abspath(source_path))
        if document is None:
            with open(source_path, "rb") as file:
                document = parse_page(source_path, file.read(), self.settings, new_markdown(self.settings))
            if isinstance(document, list):
                raise InvalidStatements(document)
        if isinstance(document, Statement):
            return document.body_html, self._statement_metadata(document)
        return document["body_html"], {k: v for k, v in document.items() if k not in ("body_html", "attachments")}

    def _statement_metadata(self, statement: Statement) -> dict:
        metadata = {
            "statement": statement,
            "title": statement.title,
            "date": statement.date,
            "category": _shared(self._categories, Category, statement.category, self.settings),
            "tags": [_shared(self._tags, Tag, tag, self.settings) for tag in statement.tags],
            "slug": statement.slug,
            "summary": statement.summary,
            "status": PELICAN_STATUS[placement(statement, self.settings)],
        }
        if statement.updated:
            metadata["modified"] = statement.updated
        shown = visibility(statement, datetime.datetime.now(datetime.UTC))
        if self.settings["STATEMENTS_PREVIEW_DRAFTS"] and shown in ("draft", "embargoed"):
            metadata["preview"] = shown  # only a preview shows it: page and listings mark it DRAFT
        return metadata


def _shared(made: dict, kind: type, name: str, settings):
    """The ``kind`` (Category or Tag) object named ``name``, made on first request."""
    if name not in made:
        made[name] = kind(name, settings)
    return made[name]
