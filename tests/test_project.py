"""The project's set-up promises: two README commands, make help, CI, light import."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_opens_with_the_two_commands():
    head = (ROOT / "README.md").read_text().split("\n## ")[0]
    assert "make lab" in head and "make test" in head


def test_make_help_lists_every_target():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-zA-Z][\w-]*):", makefile, flags=re.M))
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    listed = set(re.findall(r"make (\S+)", out))
    assert targets - {"help"} <= listed, f"targets missing from `make help`: {targets - listed}"


def test_ci_runs_the_readme_test_command():
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), flags=re.M)


def test_import_is_light():
    code = "import sys, sefkit; print(sorted(m for m in ('matplotlib', 'seaborn', 'ipywidgets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_module_is_reachable_from_the_package():
    """Each layer's modules have a short name (``sefkit.deals``), and the layers are listed."""
    import sefkit

    layers = sorted(p.parent.name for p in (ROOT / "sefkit").glob("*/__init__.py"))
    assert layers == sorted(sefkit.LAYERS)
    for layer in layers:
        modules = {p.stem for p in (ROOT / "sefkit" / layer).glob("*.py") if not p.stem.startswith("_")}
        modules |= {p.parent.name for p in (ROOT / "sefkit" / layer).glob("*/__init__.py")}
        if layer == "engine":  # the engine's mechanisms are internal; its public modules have short names
            modules = {"scenario", "simulation"}
        assert modules, f"no modules found in sefkit/{layer}"
        for name in sorted(modules):
            assert name in sefkit.__all__, f"sefkit/{layer}/{name} has no short name in sefkit/__init__.py"
            assert getattr(sefkit, name).__name__ == f"sefkit.{layer}.{name}"


def test_each_layer_imports_only_the_layers_above_it():
    """data -> engine -> components -> whole job -> pictures -> classroom: no import runs back up."""
    import ast

    import sefkit

    rank = {layer: i for i, layer in enumerate(sefkit.LAYERS)}
    checked = 0
    for layer in sefkit.LAYERS:
        for path in (ROOT / "sefkit" / layer).rglob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.level:
                    depth = len(path.relative_to(ROOT / "sefkit").parts) - 1
                    if node.level > depth:
                        target = (node.module or "").split(".")[0] or None
                        checked += 1
                        assert target is None or rank[target] <= rank[layer], (
                            f"{path.relative_to(ROOT)} imports sefkit.{node.module} from a later layer"
                        )
                if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("sefkit."):
                    target = node.module.split(".")[1]
                    checked += 1
                    assert target not in rank or rank[target] <= rank[layer], (
                        f"{path.relative_to(ROOT)} imports {node.module} from a later layer"
                    )
    assert checked > 20


def _private_imports(source: str) -> list[str]:
    """Where ``source`` uses another sefkit module's private name: ``from m import _x``, ``import m._x``, ``m._x``.

    Attribute use (``m._x``) counts for sefkit's own modules only: the standard
    library documents some underscore names as public (``os._exit``).
    """
    import ast

    def private(name: str) -> bool:
        return name.startswith("_") and not name.startswith("__")

    tree = ast.parse(source)
    found, imported = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                where = f"from {'.' * node.level}{node.module or ''} import {alias.name}"
                if private(alias.name) or any(private(p) for p in (node.module or "").split(".")):
                    found.append(f"line {node.lineno}: {where}")
                if node.level or (node.module or "").split(".")[0] == "sefkit":
                    imported.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if any(private(p) for p in alias.name.split(".")):
                    found.append(f"line {node.lineno}: import {alias.name}")
                if alias.name.split(".")[0] == "sefkit":
                    imported.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in imported and private(node.attr)):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_the_private_import_check_finds_each_kind():
    """The check below can fail: each way of reaching another module's private name is found."""
    bad = ("from .pipeline import _rep_quarter_grid, coverage\n"
           "import sefkit._hidden\n"
           "from ..whole_job import system\n"
           "system._diagnosis_of(team, long)\n")
    assert _private_imports(bad) == [
        "line 1: from .pipeline import _rep_quarter_grid", "line 2: import sefkit._hidden",
        "line 4: system._diagnosis_of",
    ]
    fine = ("from __future__ import annotations\n"
            "from .selection import rep_quarter_grid\n"
            "import os\n"
            "def _mine(x):\n    os._exit(0)\n    return x._cache, _mine\n")  # os._exit: documented, public
    assert _private_imports(fine) == []


def test_no_module_imports_another_modules_private_names():
    """A helper two modules share has a public name in one home (for example sefkit.data.selection)."""
    paths = sorted((ROOT / "sefkit").rglob("*.py"))
    assert len(paths) > 40
    found = [f"{path.relative_to(ROOT)} {where}" for path in paths for where in _private_imports(path.read_text())]
    assert found == [], "private names used across modules (give them a public home):\n" + "\n".join(found)


def test_every_metric_function_docs_metrics_names_exists(repo_root):
    """docs/METRICS.md names one function per definition; a renamed or removed one fails here."""
    import importlib

    text = (repo_root / "docs" / "METRICS.md").read_text()
    named = re.findall(r"`(sefkit(?:\.\w+)+)`", text)
    assert len(named) >= 10, named
    missing = []
    for path in named:
        module, name = path.rsplit(".", 1)
        if not callable(getattr(importlib.import_module(module), name, None)):
            missing.append(path)
    assert missing == [], f"docs/METRICS.md names functions that do not exist: {missing}"
