"""The archive's code: a Pelican-free domain, a build layer, and feature plugins (docs/architecture.md).

- ``archive`` is the domain: what a statement is and every rule about one; it imports no Pelican;
- ``build`` is the build layer, listed first in ``PLUGINS``: one object per run, the declared
  order of receivers, atomic output, the rendering workers and page reuse;
- ``pelican_compat`` holds every use of Pelican's internals;
- the feature plugins, in the order ``pelicanconf.py`` lists them: ``statements`` reads and
  validates every statement once; ``listings`` links each to its neighbours and related
  statements; ``threat_levels`` adds badges, level pages and the history of level changes;
  ``feeds`` writes Atom, RSS and JSON feeds; ``search`` indexes the published statements with
  Pagefind; ``alerts`` writes the level's changes as CAP 1.2 alerts, the current level as JSON
  and an SVG badge, and the feeds' digests for WebSub (``make notify``); ``open_data`` writes the
  whole archive as one dataset (JSON and CSV); ``publishing`` keeps the ledger and the aliases; ``site_files`` writes security.txt
  and the headers file and holds the Content-Security-Policy; ``build_report`` shows progress
  and the closing summary; ``publisher`` holds who publishes the archive and its notices;
  ``preview`` serves ``make serve`` and ``make devserver``.

Each plugin declares its settings (default, rule and meaning) in its own ``settings.py``;
``settings_reference`` writes docs/settings.md's tables from them (``make docs``).

``pelicanconf.py`` imports these packages directly (rather than naming them in
``PLUGIN_PATHS``) so that a plugin that fails to import stops the build instead
of being skipped with a logged error.
"""

import copy
from collections.abc import Callable, Iterable
from typing import Any

from plugins.archive import setting_rules


def defaults_applier(settings: Iterable[setting_rules.Setting]) -> Callable[[Any], None]:
    """A ``signals.initialized`` receiver giving each of ``settings`` that is unset its default.

    It then checks each against its rule, stopping the build in one line on the first bad one.
    Keep the result in a module-level name: blinker holds receivers weakly.
    """
    settings = tuple(settings)
    defaults = setting_rules.defaults(settings)

    def apply_defaults(pelican) -> None:
        for name, value in defaults.items():
            pelican.settings.setdefault(name, copy.deepcopy(value))
        setting_rules.check(pelican.settings, settings)

    return apply_defaults


def save_as_addresses(settings: Iterable[setting_rules.Setting]) -> Callable[[Any], list[str]]:
    """An ``addresses_written`` receiver answering the values of the plugin's ``*_SAVE_AS`` settings, the
    paths it writes (for the aliases' check).  Keep the result in a module-level name, as above."""
    names = [setting.name for setting in settings if setting.name.endswith("_SAVE_AS")]

    def written(build_settings) -> list[str]:
        return [build_settings[name] for name in names]

    return written
