"""Publishing: nothing published is lost, builds are atomic, and every page is locked down.

Adds to Pelican:

- one build at a time (``atomic.exclusive``): each run holds ``<output>.lock``, and a
  second build into the same output waits for the first; a run that cannot write
  (a full disk, an unwritable output) ends in one line, its staging folder removed;
- atomic output (``atomic.py``): the build writes into ``<output>.staging`` and
  swaps it in for the output only at the very end, after every page, feed and
  the search index were written; a build that fails or is killed leaves the
  previous output as it was.  ``pelican.output_path`` becomes the staging path
  when a run starts (``get_generators``, sent before Pelican creates the
  generators; ``make check`` never sends it, so it touches no folder); the
  folder is prepared when the static generator is created, which Pelican does
  last, after the statements were validated and before it cleans or writes;
- the swap runs at ``finalized``, whose receivers blinker calls in the order
  they were connected (Pelican makes ``Signal.set_class`` an ``OrderedSet``).
  Each run connects the swap again when it starts, which puts it after every
  receiver that writes at ``finalized`` (search, pelican-sitemap), whatever
  the ``PLUGINS`` order; only build_report, which reports on the swapped-in
  output, does the same after it;
- the ledger of published statements (``ledger.py``, ``content/published.json``),
  the ``aliases:`` checks (``aliases.py``, against the addresses every plugin writes:
  ``reserved.py``) and a check that every address a
  statement makes can be written (``addresses.py``), run where the statements plugin
  validates (``article_generator_init``, so ``make check`` runs them too): this
  plugin is listed after ``statements``, whose receiver puts the parsed
  statements in ``context["statement_documents"]`` first;
- a generator writing a redirect page at every alias, ``/.well-known/security.txt``
  (``securitytxt.py``) and the hosts' ``_headers`` file (DEPLOY_HEADERS_FILE);
- ``content_security_policy(wasm)`` for templates (``policy.py``), read by
  ``partials/security_meta.html``.

Settings and their defaults are in ``settings.py``.
"""

from __future__ import annotations

import datetime
import logging
import os
import shutil

from pelican import signals
from pelican.generators import Generator

from plugins import defaults_applier, pelican_compat
from plugins.archive.problems import stop
from plugins.archive.schema import Statement

from . import addresses, aliases, atomic, ledger, reserved, securitytxt
from .policy import template_function
from .settings import DEFAULTS, RULES

logger = logging.getLogger(__name__)


apply_defaults = defaults_applier(DEFAULTS, RULES)


def guard_runs(pelican) -> None:
    """Make each run of ``pelican`` hold the output's lock, and end in one line if the output cannot be written.

    Pelican sends no signal when a run fails, and prints a traceback for an
    ``OSError`` (a full disk, a read-only output): ``run`` is wrapped instead.
    """

    def locked_run(run) -> None:
        target = atomic.target_folder(pelican.settings)
        try:
            with atomic.exclusive(target):
                run()
        except OSError as error:
            staging = atomic.staging_folder(pelican.settings)
            atomic.remove_staging(staging)
            outcome = f"nothing was published, {target} is as it was" if staging else f"{target} may be incomplete"
            raise SystemExit(
                f"Could not write {error.filename or 'the site'}: {error.strerror or error}; {outcome}"
            ) from None

    pelican_compat.wrap_run(pelican, locked_run)


def write_to_staging(pelican) -> None:
    staging = atomic.staging_folder(pelican.settings)
    if staging:
        pelican_compat.write_output_into(pelican, staging)
    # The swap must follow every receiver that writes at finalized (search, pelican-sitemap),
    # whatever order the plugins were registered in: connecting it again puts it last.
    signals.finalized.disconnect(swap_in_output)
    signals.finalized.connect(swap_in_output)


def prepare_staging(generator) -> None:
    if generator.output_path == atomic.staging_folder(generator.settings):
        atomic.prepare(generator.output_path, atomic.target_folder(generator.settings), generator.settings)


def swap_in_output(pelican) -> None:
    staging = atomic.staging_folder(pelican.settings)
    if staging and pelican.output_path == staging:
        atomic.swap_in(staging, atomic.target_folder(pelican.settings))
        pelican_compat.write_output_into(pelican, atomic.target_folder(pelican.settings))


def add_template_function(generator) -> None:
    generator.env.globals["content_security_policy"] = template_function(generator.settings)


def check_promises(generator) -> None:
    """Fail on broken ledger entries, clashing aliases, unwritable addresses; warn of unrecorded statements."""
    settings = generator.settings
    documents = generator.context["statement_documents"]
    statements = [d for d in documents.values() if isinstance(d, Statement)]
    pages = [(path, d) for path, d in documents.items() if isinstance(d, dict)]
    now = datetime.datetime.now(datetime.UTC)
    problems = (
        ledger.problems(statements, settings, now)
        + aliases.problems(statements, settings, reserved.matcher(reserved.addresses(settings, pages)))
        + addresses.problems(statements, settings)
    )
    if problems:
        stop(problems, settings)
    previewing = settings["STATEMENTS_PREVIEW_DRAFTS"]  # a preview publishes nothing to record
    reminding = settings["PUBLISHED_LEDGER_REMINDER"] and not previewing
    if reminding and os.path.exists(ledger.ledger_path(settings)):
        new = ledger.unrecorded(statements, settings, now)
        if new:
            logger.warning(
                "%d published statement(s) are not in %s yet (%s): run make ledger and commit it",
                len(new),
                settings["PUBLISHED_LEDGER"],
                ", ".join(statement.id for statement in new),
            )


class PublishingFiles(Generator):
    """Writes the alias redirect pages, security.txt and the hosts' headers file."""

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
        self._write_security_txt()
        if self.settings["DEPLOY_HEADERS_FILE"]:
            shutil.copyfile(self.settings["DEPLOY_HEADERS_FILE"], os.path.join(self.output_path, "_headers"))

    def _write_security_txt(self) -> None:
        if not self.settings["SECURITY_TXT_CONTACT"]:
            logger.warning("No SECURITY_TXT_CONTACT: /%s is not written", securitytxt.PATH)
            return
        path = os.path.join(self.output_path, securitytxt.PATH)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as file:
            file.write(securitytxt.security_txt(self.settings))


def add_generator(pelican) -> type[PublishingFiles]:
    return PublishingFiles


def register() -> None:
    signals.initialized.connect(apply_defaults)
    signals.initialized.connect(guard_runs)
    signals.generator_init.connect(add_template_function)
    signals.article_generator_init.connect(check_promises)
    signals.static_generator_init.connect(prepare_staging)
    signals.get_generators.connect(write_to_staging)
    signals.get_generators.connect(add_generator)
    signals.finalized.connect(swap_in_output)
