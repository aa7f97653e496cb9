"""Publishing: nothing once published may silently disappear.

Adds to Pelican:

- the ledger of published statements (``ledger.py``, ``content/published.json``),
  the ``aliases:`` checks (``aliases.py``, against the addresses every plugin writes:
  ``plugins.build.written_addresses``) and a check that every address a statement or page
  makes can be written (``addresses.py``): part of the one check of the content
  (``plugins.statements.check_archive``, which the build and ``make check`` call), as a
  receiver of its ``content_checked``, sent once every statement and page is valid;
- a generator writing a redirect page at every alias, under the site's
  Content-Security-Policy (``plugins.site_files``).

Builds that are atomic and one at a time are the build layer's (``plugins.build``).
Settings and their defaults are in ``settings.py``.
"""

from __future__ import annotations

import datetime
import logging
import os

from pelican import signals
from pelican.generators import Generator

from plugins import defaults_applier
from plugins.archive.problems import Problem, stop
from plugins.archive.schema import Statement
from plugins.build import address_matcher, written_patterns
from plugins.statements import content_checked

from . import addresses, aliases, ledger
from .settings import SETTINGS

logger = logging.getLogger(__name__)


apply_defaults = defaults_applier(SETTINGS)


def broken_promises(settings, statements: list[Statement], pages: list[tuple[str, dict]]) -> list[Problem]:
    """Broken ledger entries, clashing aliases, unwritable addresses (a ``content_checked`` receiver); warns of
    unrecorded statements when there are none."""
    now = datetime.datetime.now(datetime.UTC)
    written = written_patterns(settings, pages)
    problems = (
        ledger.problems(statements, settings, now)
        + aliases.problems(statements, settings, address_matcher(written))
        + addresses.problems(statements, settings, written)
        + addresses.page_problems(pages, settings)
    )
    previewing = settings["STATEMENTS_PREVIEW_DRAFTS"]  # a preview publishes nothing to record
    reminding = settings["PUBLISHED_LEDGER_REMINDER"] and not previewing
    if not problems and reminding and os.path.exists(ledger.ledger_path(settings)):
        new = ledger.unrecorded(statements, settings, now)
        if new:
            logger.warning(
                "%d published statement(s) are not in %s yet (%s): run make ledger and commit it",
                len(new),
                settings["PUBLISHED_LEDGER"],
                ", ".join(statement.id for statement in new),
            )
    return problems


class Redirects(Generator):
    """Writes a redirect page at every alias of a published or withdrawn statement."""

    def generate_output(self, writer) -> None:
        public = self.context["articles"] + self.context["hidden_articles"]
        taken = [
            problem
            for article in public
            if article.statement.aliases  # most have none: no template or policy to look up for them
            for problem in aliases.write_redirects(
                article.statement, f"{self.settings['SITEURL']}/{article.url}", self.output_path, self.settings
            )
        ]
        if taken:
            stop(taken, self.settings)


def add_generator(pelican) -> type[Redirects]:
    return Redirects


def register() -> None:
    signals.initialized.connect(apply_defaults)
    content_checked.connect(broken_promises)
    signals.get_generators.connect(add_generator)
