"""Re-render one saved statement's page from the last good build, in a fraction of a second.

A full build reads, links and renders the whole archive: seconds at a few thousand
statements.  The page of the statement just saved needs only that file parsed and its
template rendered with the context of the last build, which ``LastBuild`` keeps: its
neighbours, related statements and listings are the last build's until the full build that
follows.  A file the last build did not have, or whose address moved, waits for that build.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator
from pelican.writers import Writer

from plugins import pelican_compat
from plugins.archive.addresses import statement_file
from plugins.archive.problems import Problem
from plugins.archive.validate import new_markdown, parse_statement
from plugins.build import FORK_LOCK
from plugins.statements import PARSE_SETTINGS


@dataclass(frozen=True)
class Rendered:
    url_path: str  # where the server answers with it, such as /statements/2020/05/appeal/index.html
    html: bytes


class LastBuild:
    """The last good build's statements generator and its articles by source file."""

    def __init__(self, generators: list) -> None:
        self.generator = next(g for g in generators if isinstance(g, ArticlesGenerator))
        self.parse_settings = {name: self.generator.settings[name] for name in PARSE_SETTINGS}
        every = chain(self.generator.articles, self.generator.hidden_articles, self.generator.drafts)
        self.articles = {os.path.abspath(article.source_path): article for article in every}

    def render(self, path: str) -> Rendered | list[Problem] | None:
        """The saved statement's new page, its problems, or None when only a full build can make it."""
        path = os.path.abspath(path)
        old = self.articles.get(path)
        if old is None:
            return None
        with FORK_LOCK, open(path, "rb") as file:  # lxml and Markdown hold locks a build's fork must not copy
            parsed = parse_statement(path, file.read(), self.parse_settings, new_markdown(self.parse_settings))
            if isinstance(parsed, list):
                return parsed
            if statement_file(parsed, self.generator.settings) != old.save_as:
                return None
            return self._render(old, self._article(path, parsed, old))

    def _article(self, path: str, statement, old: Article) -> Article:
        """The statement as Pelican's article, with what the plugins added to the old one (neighbours, badges)."""
        generator = self.generator
        generator.readers.readers["md"].documents[path] = statement
        article = generator.readers.read_file(
            base_path=generator.path,
            path=os.path.relpath(path, generator.path),
            content_class=Article,
            context=generator.context,
            preread_signal=signals.article_generator_preread,
            preread_sender=generator,
            context_signal=signals.article_generator_context,
            context_sender=generator,
        )
        pelican_compat.freeze_urls([article])  # as the build did to the old one
        for name, value in vars(old).items():
            vars(article).setdefault(name, value)
        return article

    def _render(self, old: Article, article: Article) -> Rendered:
        settings = self.generator.settings
        with tempfile.TemporaryDirectory() as folder:
            Writer(folder, settings).write_file(
                article.save_as,
                self.generator.get_template(article.template),
                self.generator.context,
                relative_urls=settings["RELATIVE_URLS"],
                article=article,
                category=article.category,
                url=article.url,
                blog=True,
            )
            html = Path(folder, article.save_as).read_bytes()
        return Rendered("/" + article.save_as, html)
