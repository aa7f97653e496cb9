"""docs/settings.md's per-plugin tables, written from the settings each plugin declares (``make docs``).

Each table stands between ``<!-- settings: PLUGIN -->`` and ``<!-- /settings -->``, and is written
from ``plugins.PLUGIN.SETTINGS``; the prose around the tables is the document's own.
``python -m plugins.settings_reference`` rewrites the tables in place; tests/test_docs.py checks
that the document is what this writes.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from plugins.archive.setting_rules import OWNED_BY_PELICAN, Setting

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = ROOT / "docs" / "settings.md"
TABLE = re.compile(r"(?P<start><!-- settings: (?P<plugin>\w+) -->\n).*?(?=<!-- /settings -->)", re.S)
HEADER = "| setting | default | meaning |\n| --- | --- | --- |\n"


def shown(value: Any) -> str:
    """A default in Python's own notation, a path inside the project relative to it."""
    if value is OWNED_BY_PELICAN:
        return "Pelican's"
    if isinstance(value, str) and value.startswith(f"{ROOT}/"):
        value = value.removeprefix(f"{ROOT}/")
    return f"`{value!r}`"


def table(settings: Iterable[Setting]) -> str:
    return HEADER + "".join(
        f"| `{setting.name}` | {shown(setting.default)} | {setting.doc} |\n" for setting in settings
    )


def written(document: str) -> str:
    """``document`` with each marked table written from its plugin's declared settings."""

    def plugin_table(found: re.Match[str]) -> str:
        return found["start"] + table(importlib.import_module(f"plugins.{found['plugin']}").SETTINGS)

    return TABLE.sub(plugin_table, document)


def documented_plugins(document: str) -> list[str]:
    return [found["plugin"] for found in TABLE.finditer(document)]


if __name__ == "__main__":
    DOCUMENT.write_text(written(DOCUMENT.read_text(encoding="utf-8")), encoding="utf-8")
