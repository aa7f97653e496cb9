"""The documentation says what the code does: the settings reference is written from each plugin's declarations."""

from __future__ import annotations

import importlib

from plugins import settings_reference
from plugins.archive.setting_rules import OWNED_BY_PELICAN
from tests.support import ROOT

SETTINGS_DOC = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
PLUGINS = sorted(path.parent.name for path in (ROOT / "plugins").glob("*/settings.py"))


def test_the_settings_reference_is_written_from_every_plugins_declarations():
    assert PLUGINS  # the glob found the plugins
    assert sorted(settings_reference.documented_plugins(SETTINGS_DOC)) == PLUGINS
    assert settings_reference.written(SETTINGS_DOC) == SETTINGS_DOC, "docs/settings.md is stale: run make docs"


def test_every_default_is_what_its_rule_allows_and_one_plugin_declares_each_setting():
    declared = [setting for plugin in PLUGINS for setting in importlib.import_module(f"plugins.{plugin}").SETTINGS]
    for setting in declared:
        if setting.rule and setting.default is not OWNED_BY_PELICAN:
            assert setting.rule.accepts(setting.default), setting.name
    names = [setting.name for setting in declared]
    assert len(names) == len(set(names)), sorted({name for name in names if names.count(name) > 1})


def test_the_readme_links_to_every_document_it_moved_out():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for document in (
        "docs/settings.md",
        "docs/feeds.md",
        "docs/deploying.md",
        "docs/internals.md",
        "docs/architecture.md",
        "CONTRIBUTING.md",
    ):
        assert f"]({document})" in readme and (ROOT / document).is_file(), document
