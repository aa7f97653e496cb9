"""Threat levels: the five UK national threat levels, badges, level pages and the history of changes.

Adds to Pelican:

- the ``ThreatLevel`` enum (``plugins.archive.levels``), the one definition of the levels that
  the schema, the templates and the other plugins import;
- in the context, after the articles are read (``article_generator_finalized``):
  ``current_threat_level`` (``history.CurrentLevel``: ``.level``, ``.date`` and
  ``.article`` of the newest published statement, ``.since`` and ``.set_by`` for
  the statement that brought that level in; None without statements),
  ``threat_level_changes`` (``history.LevelChange`` list, oldest first) and
  ``threat_level_pages`` (``history.LevelPage`` per level, lowest first);
- on every article ``changed_level`` (bool) and ``previous_level`` (the level
  in force before it, or None); withdrawn statements and drafts never count;
- a generator writing the threat-levels page (the levels explained, the history
  as an inline SVG chart with a table) and a paginated listing per level;
- templates: the ``badge(level)`` macro in ``partials/badge.html`` and the
  current level in ``partials/current_level.html``.

Settings and their defaults are in ``settings.py``.
"""

from __future__ import annotations

from pelican import signals

from plugins import defaults_applier
from plugins.build import addresses_written

from .history import CurrentLevel, LevelChange, current_level, level_changes, level_pages, mark_not_counted
from .pages import ThreatLevelPages
from .settings import SETTINGS

# What other plugins may use: the types of the context entries this plugin makes.
__all__ = ["SETTINGS", "CurrentLevel", "LevelChange", "register"]

apply_defaults = defaults_applier(SETTINGS)


def record_history(generator) -> None:
    """Put the current level, the changes and the level pages in the context every template sees."""
    published = generator.context["articles"]
    mark_not_counted(generator.context["hidden_articles"] + generator.context["drafts"])
    changes = level_changes(published)
    generator.context["threat_level_changes"] = changes
    generator.context["current_threat_level"] = current_level(published, changes)
    generator.context["threat_level_pages"] = level_pages(published, generator.settings)


def add_generator(pelican) -> type[ThreatLevelPages]:
    return ThreatLevelPages


def written(settings) -> list[str]:
    """The pages this plugin writes (for the aliases' check)."""
    return [settings["THREAT_LEVELS_SAVE_AS"], settings["THREAT_LEVEL_SAVE_AS"]]


def register() -> None:
    signals.initialized.connect(apply_defaults)
    addresses_written.connect(written)
    signals.article_generator_finalized.connect(record_history)
    signals.get_generators.connect(add_generator)
