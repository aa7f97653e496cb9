"""Publisher: who publishes the archive, under which licence, and what a reader should know first.

Adds to Pelican only settings, which the theme reads (``base.html``, ``article.html``):
the publisher's name, logo, website and footer links, the licence line, a notice shown
at the top of every page (such as "these statements are fictional examples") and a
note on each statement's page about where its words come from.

Settings and their defaults are in ``settings.py``.
"""

from __future__ import annotations

from pelican import signals

from plugins import defaults_applier

from .settings import SETTINGS

apply_defaults = defaults_applier(SETTINGS)


def register() -> None:
    signals.initialized.connect(apply_defaults)
