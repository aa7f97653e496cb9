"""The archive's own Pelican plugins.

Data flows one way through them, in the order ``pelicanconf.py`` lists them:

- ``statements`` reads every Markdown statement once, validates it against the
  schema and hands Pelican finished statement objects;
- ``listings`` links each statement to its previous, next and related ones;
- ``threat_levels`` adds badges, level pages and the history of level changes;
- ``feeds`` writes Atom, RSS and JSON feeds with feedgen;
- ``search`` indexes the published statements with Pagefind;
- ``rendering`` renders the pages in parallel processes and reuses the last
  build's unchanged pages;
- ``publishing`` keeps the ledger of published statements, writes redirects and
  security.txt, and swaps the finished output in atomically;
- ``build_report`` shows progress and the closing summary;
- ``publisher`` holds who publishes the archive, its licence and the notices
  the theme shows a reader first.

Each plugin keeps its settings' defaults in its own ``settings.py``.

``pelicanconf.py`` imports these packages directly (rather than naming them in
``PLUGIN_PATHS``) so that a plugin that fails to import stops the build instead
of being skipped with a logged error.
"""

import copy
from collections.abc import Callable, Mapping
from typing import Any

from plugins.archive import setting_rules


def defaults_applier(
    defaults: Mapping[str, Any], rules: Mapping[str, setting_rules.Rule] | None = None
) -> Callable[[Any], None]:
    """A ``signals.initialized`` receiver giving each setting in ``defaults`` that is unset its default.

    It then checks each setting of ``rules`` (the plugin's ``RULES``), stopping the build in one
    line on the first bad one.  Keep the result in a module-level name: blinker holds receivers weakly.
    """

    def apply_defaults(pelican) -> None:
        for name, value in defaults.items():
            pelican.settings.setdefault(name, copy.deepcopy(value))
        setting_rules.check(pelican.settings, rules or {})

    return apply_defaults
