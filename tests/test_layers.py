"""The layers of docs/architecture.md beyond what import-linter checks (pyproject.toml, ``make lint``):
a plugin takes from the build layer only the names ``plugins.build.__all__`` exports."""

from __future__ import annotations

import ast

import plugins.build
from tests.support import ROOT


def test_plugins_import_only_the_build_layers_exported_names():
    taken = set()
    for path in (ROOT / "plugins").rglob("*.py"):
        if path.parent.name == "build":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "plugins.build":
                taken |= {(alias.name, path.relative_to(ROOT).as_posix()) for alias in node.names}
    assert taken, "no plugin imports the build layer: is this test looking in the right place?"
    assert sorted((name, where) for name, where in taken if name not in plugins.build.__all__) == []
