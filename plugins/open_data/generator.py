"""The generator that writes the dataset: JSON and its JSON Schema, CSV and its data package."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from plugins.archive import history
from plugins.build import StatementInFull

from .dataset import csv_document, data_package, json_document, record

SCHEMA = Path(__file__).with_name("statements.schema.json")


class OpenDataGenerator(Generator):
    """Runs after the articles are read: the published statements and the withdrawn ones (Pelican's hidden articles)."""

    def generate_output(self, writer) -> None:
        published = self.context["articles"]
        withdrawn = self.context["hidden_articles"]  # archive.visibility: a withdrawn statement is unlisted
        articles = sorted([*published, *withdrawn], key=lambda article: article.statement.order_key)
        statements = [article.statement for article in published]
        level_before = history.changes(statements)
        level_before |= history.withdrawn_changes(statements, [article.statement for article in withdrawn])
        site = self.settings["SITEURL"].rstrip("/")
        about = {
            "title": f"{self.settings['SITENAME']}: every statement",
            "description": (
                "Every statement the archive has published, oldest first, withdrawn ones included with their"
                " status; never a draft nor an embargoed statement."
            ),
            "home_page_url": f"{site}/",
            "schema": f"{site}/{self.settings['OPEN_DATA_SCHEMA_SAVE_AS']}",
            "licence": dict(self.settings["OPEN_DATA_LICENCE"]),
        }

        def records():
            return [record(a.statement, self.settings, level_before.get(a.statement.id)) for a in articles]

        shows = (about, [level_before.get(a.statement.id) for a in articles], [StatementInFull(a) for a in articles])
        for name, produce in (
            ("OPEN_DATA_JSON_SAVE_AS", lambda: json_document(records(), about)),
            ("OPEN_DATA_CSV_SAVE_AS", lambda: csv_document(records())),
        ):
            self.write(self.settings[name], shows, produce, writer)
        self.save(self.settings["OPEN_DATA_SCHEMA_SAVE_AS"], SCHEMA.read_bytes())
        self.save(self.settings["OPEN_DATA_PACKAGE_SAVE_AS"], data_package(self.settings, about))

    def write(self, path: str, shows, produce, writer) -> None:
        """Through the build layer's writer when the build has it: made in a worker, or linked when unchanged."""
        write_document = getattr(writer, "write_document", None)
        if write_document:
            write_document(path, shows, produce, self.context)
        else:
            self.save(path, produce())

    def save(self, path: str, content: bytes) -> None:
        target = Path(self.output_path) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
