"""The layers of docs/architecture.md beyond what import-linter checks (pyproject.toml, ``make lint``):
a plugin takes from the build layer only the names ``plugins.build.__all__`` exports."""

from __future__ import annotations

import ast
import tomllib

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


def test_every_plugin_package_is_in_the_layer_contracts():
    """A new plugin is named in pyproject.toml's contracts: the domain and the build layer may not import it,
    and other packages only through it."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"][
        "contracts"
    ]
    forbidden = [set(contract["forbidden_modules"]) for contract in contracts if contract["type"] == "forbidden"]
    protected = {module for contract in contracts for module in contract.get("protected_modules", ())}
    for package in sorted(path.parent.name for path in (ROOT / "plugins").glob("*/__init__.py")):
        if package in ("archive", "build"):
            continue
        assert all(f"plugins.{package}" in modules for modules in forbidden), package
        assert f"plugins.{package}.*" in protected, package
