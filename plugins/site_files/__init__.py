"""Site files: what locks every page down and tells the world how to reach the archive's maintainers.

Adds to Pelican:

- ``content_security_policy(wasm)`` for templates (``policy.py``), read by
  ``partials/security_meta.html``; other plugins' pages (redirects) take the same policy
  from ``content_security_policy``;
- a generator writing ``/.well-known/security.txt`` (``securitytxt.py``, RFC 9116) and the
  hosts' ``_headers`` file (DEPLOY_HEADERS_FILE), both announced to ``addresses_written`` so
  that no alias can take them.

Settings and their defaults are in ``settings.py``.
"""

from __future__ import annotations

import logging
import os
import shutil

from pelican import signals
from pelican.generators import Generator

from plugins import defaults_applier
from plugins.build import addresses_written

from . import securitytxt
from .policy import content_security_policy, template_function
from .settings import SETTINGS

__all__ = ["HEADERS_FILE", "SETTINGS", "content_security_policy", "register"]

HEADERS_FILE = "_headers"

logger = logging.getLogger(__name__)

apply_defaults = defaults_applier(SETTINGS)


def add_template_function(generator) -> None:
    generator.env.globals["content_security_policy"] = template_function(generator.settings)


def written(settings) -> list[str]:
    return [securitytxt.PATH, HEADERS_FILE if settings["DEPLOY_HEADERS_FILE"] else ""]


class SiteFiles(Generator):
    """Writes security.txt and the hosts' headers file."""

    def generate_output(self, writer) -> None:
        self._write_security_txt()
        if self.settings["DEPLOY_HEADERS_FILE"]:
            shutil.copyfile(self.settings["DEPLOY_HEADERS_FILE"], os.path.join(self.output_path, HEADERS_FILE))

    def _write_security_txt(self) -> None:
        if not self.settings["SECURITY_TXT_CONTACT"]:
            logger.warning("No SECURITY_TXT_CONTACT: /%s is not written", securitytxt.PATH)
            return
        path = os.path.join(self.output_path, securitytxt.PATH)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as file:
            file.write(securitytxt.security_txt(self.settings))


def add_generator(pelican) -> type[SiteFiles]:
    return SiteFiles


def register() -> None:
    signals.initialized.connect(apply_defaults)
    signals.generator_init.connect(add_template_function)
    signals.get_generators.connect(add_generator)
    addresses_written.connect(written)
