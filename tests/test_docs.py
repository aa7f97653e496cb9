"""The documentation says what the code does: the settings reference is each plugin's defaults."""

from __future__ import annotations

import importlib
import re

from tests.support import ROOT

SETTINGS_DOC = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| `(?P<name>[A-Z_]+)` \| `(?P<default>.*?)` \|", re.M)
PLUGINS = sorted(path.parent.name for path in (ROOT / "plugins").glob("*/settings.py"))


def documented(plugin: str) -> dict[str, str]:
    """The settings of the plugin's section of docs/settings.md, with each default as written there."""
    section = re.search(rf"^## {plugin}\n(.*?)(?=^## |\Z)", SETTINGS_DOC, re.M | re.S)
    assert section, f"docs/settings.md has no section '## {plugin}'"
    return {row["name"]: row["default"] for row in ROW.finditer(section.group(1))}


def shown(value) -> str:
    """A default as the reference writes it: Python's own notation, paths inside the project made relative."""
    if isinstance(value, str) and value.startswith(f"{ROOT}/"):
        value = value.removeprefix(f"{ROOT}/")
    return repr(value)


def test_the_settings_reference_is_every_plugins_defaults():
    assert PLUGINS  # the glob found the plugins
    for plugin in PLUGINS:
        defaults = importlib.import_module(f"plugins.{plugin}.settings").DEFAULTS
        assert documented(plugin) == {name: shown(value) for name, value in defaults.items()}, plugin


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
