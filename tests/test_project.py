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
    import sefkit

    modules = {p.stem for p in (ROOT / "sefkit").glob("*.py") if not p.stem.startswith("_")}
    modules |= {p.parent.name for p in (ROOT / "sefkit").glob("*/__init__.py") if p.parent.name != "engine"}
    assert modules <= set(sefkit.__all__), f"not listed in sefkit/__init__.py: {modules - set(sefkit.__all__)}"
    for name in sorted(modules):
        assert getattr(sefkit, name).__name__ == f"sefkit.{name}"
