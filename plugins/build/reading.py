"""The settings a build runs with, read without building: for the commands that check content (``make check``).

A build gets them from ``Pelican(settings)``: Pelican reads the file, registers every plugin of
``PLUGINS`` and sends ``initialized``, at which each plugin gives its settings their defaults and
checks them (``apply_defaults``).  Sending ``initialized`` would start a run (the output's lock);
this calls the appliers alone, and constructs no Pelican object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pelican.settings import read_settings

from plugins import pelican_compat
from plugins.archive.schema import Settings


@dataclass(frozen=True)
class _SettingsOnly:
    """What a plugin's ``apply_defaults`` reads of the ``Pelican`` object it is sent: its settings."""

    settings: Settings


def read_build_settings(settings_file: str, override: dict[str, Any]) -> Settings:
    """``settings_file`` read as Pelican reads it, with ``override``, every plugin registered and its defaults
    applied and checked (a bad setting raises ``InvalidSetting``, as in a build)."""
    settings = read_settings(settings_file, override=override)
    for plugin in pelican_compat.register_plugins(settings):
        apply_defaults = getattr(plugin, "apply_defaults", None)  # a plugin without settings has none
        if apply_defaults:
            apply_defaults(_SettingsOnly(settings))
    return settings
