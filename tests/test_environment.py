"""Binder and JupyterLab set-up: environment.yml agrees with pyproject.toml, and the
trainee configuration switches off exactly the news pop-up and nbgrader's instructor
panels, naming extensions that really exist in the installed packages.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO_ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
ENVIRONMENT = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
TRAINEE = REPO_ROOT / "jupyter-config"
PAGE_CONFIG = TRAINEE / "labconfig/page_config.d/sef-course-trainee.json"
SERVER_CONFIG = TRAINEE / "jupyter_server_config.d/sef-course-trainee.json"

#: pyproject extras that environment.yml may leave out, and why.
OPTIONAL_EXTRAS = {"test": "test tools (pytest, nbval, playwright, ...): trainees do not run the tests",
                   "cluster": "Dask, to grade very large cohorts on a cluster: not on Binder"}
#: Packages environment.yml needs that pyproject does not list.
CONDA_ONLY = {"python", "pip"}
#: Where a conda-forge name differs from the PyPI name (none today).
PYPI_TO_CONDA: dict[str, str] = {}

# -- environment.yml against pyproject.toml ---------------------------------------------

_CONDA_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)\s*=\s*(\d+)\.(\d+)(?:\.(\d+))?$")


def conda_pins(dependencies: list) -> tuple[dict[str, tuple[int, ...]], list[str]]:
    """``{name: version}`` from conda specs like ``numpy=2.4`` or ``nbgrader=0.9.6``, and problems."""
    pins, problems = {}, []
    for dep in dependencies:
        if not isinstance(dep, str):
            problems.append(f"{dep!r}: use conda-forge packages only (no pip section)")
            continue
        match = _CONDA_PIN.match(dep.split("#")[0].strip())
        if match:
            name, *version = match.groups()
            pins[canonicalize_name(name)] = tuple(int(v) for v in version if v is not None)
        elif canonicalize_name(dep.strip()) in CONDA_ONLY:
            pins[canonicalize_name(dep.strip())] = ()
        else:
            problems.append(f"{dep!r}: pin to a minor version such as 'numpy=2.4' (or a patch such as 'x=1.2.3')")
    return pins, problems


def pin_fits(pin: tuple[int, ...], spec: SpecifierSet) -> bool:
    """Whether every version a conda pin allows is inside a pip version range.

    ``(2, 4)`` means any 2.4.x, so both 2.4.0 and the last 2.4 patch must fit;
    ``(0, 9, 6)`` means exactly 0.9.6.
    """
    if len(pin) == 3:
        return Version(".".join(map(str, pin))) in spec
    major, minor = pin
    return all(Version(f"{major}.{minor}.{patch}") in spec for patch in (0, 999))


def compare(requirements: list[str], requires_python: str, dependencies: list) -> list[str]:
    """Differences between pip requirements and an environment.yml dependency list."""
    pins, problems = conda_pins(dependencies)
    wanted = set()
    for line in requirements:
        req = Requirement(line)
        name = canonicalize_name(PYPI_TO_CONDA.get(req.name, req.name))
        wanted.add(name)
        if name not in pins:
            problems.append(f"{req.name} is in pyproject.toml but not in environment.yml")
        elif not pins[name] or not pin_fits(pins[name], req.specifier):
            shown = ".".join(map(str, pins[name])) or "no version"
            problems.append(f"{req.name}: environment.yml pins {shown}, outside pyproject's '{req.specifier}'")
    python = pins.get("python")
    if not python or not pin_fits(python, SpecifierSet(requires_python)):
        problems.append(f"python: environment.yml must pin a version inside requires-python '{requires_python}'")
    extra = sorted(set(pins) - wanted - CONDA_ONLY)
    problems += [f"{name} is in environment.yml but not in pyproject.toml" for name in extra]
    return problems


def pyproject_requirements(include_optional: bool = False) -> list[str]:
    project = PYPROJECT["project"]
    extras = project.get("optional-dependencies", {})
    needed = [r for group, reqs in extras.items() if group not in OPTIONAL_EXTRAS for r in reqs]
    optional = [r for group in OPTIONAL_EXTRAS for r in extras.get(group, [])]
    return project["dependencies"] + needed + (optional if include_optional else [])


def test_environment_matches_pyproject():
    assert ENVIRONMENT["channels"] == ["conda-forge"]
    problems = compare(pyproject_requirements(), PYPROJECT["project"]["requires-python"],
                       ENVIRONMENT["dependencies"])
    assert problems == []


def test_test_tools_that_environment_yml_lists_are_compatible_too():
    """The `test` extra may be absent; whatever of it is present must still fit."""
    pins, _ = conda_pins(ENVIRONMENT["dependencies"])
    for line in pyproject_requirements(include_optional=True):
        req = Requirement(line)
        name = canonicalize_name(req.name)
        if name in pins:
            assert pin_fits(pins[name], req.specifier), f"{req.name} pin is outside {req.specifier}"


def test_every_environment_line_says_what_needs_it():
    lines = [ln for ln in (REPO_ROOT / "environment.yml").read_text().splitlines() if ln.strip().startswith("- ")]
    deps = [ln for ln in lines if ln.strip() != "- conda-forge"]
    assert deps and all("#" in ln for ln in deps), "each dependency line needs a comment saying what needs it"


@pytest.mark.parametrize(
    ("requirements", "dependencies", "expected"),
    [
        (["pandas>=2.1,<3"], ["python=3.11", "pandas=3.0"], "pandas: environment.yml pins 3.0, outside"),
        (["seaborn>=0.13,<0.14"], ["python=3.11", "seaborn=0.12"], "seaborn: environment.yml pins 0.12"),
        (["nbgrader>=0.9.5,<0.10"], ["python=3.11", "nbgrader=0.9"], "nbgrader: environment.yml pins 0.9,"),
        (["numpy>=1.26,<3"], ["python=3.11"], "numpy is in pyproject.toml but not in environment.yml"),
        ([], ["python=3.11", "requests=2.32"], "requests is in environment.yml but not in pyproject.toml"),
        ([], ["python=3.10"], "python: environment.yml must pin a version inside"),
        (["numpy>=1.26,<3"], ["python=3.11", "numpy"], "pin to a minor version"),
        (["numpy>=1.26,<3"], ["python=3.11", "numpy>=2"], "pin to a minor version"),
        ([], ["python=3.11", {"pip": ["numpy"]}], "use conda-forge packages only"),
    ],
)
def test_compare_fails_on_a_mismatch(requirements, dependencies, expected):
    problems = compare(requirements, ">=3.11", dependencies)
    assert any(p.startswith(expected) or expected in p for p in problems), problems


def test_compare_accepts_a_good_pair():
    assert compare(["numpy>=1.26,<3", "Jupyter_Lab>=4.2,<5"], ">=3.11",
                   ["python=3.11", "pip", "numpy=2.4", "jupyter-lab=4.6"]) == []


# -- postBuild ----------------------------------------------------------------------------


def test_postbuild_installs_sefkit_and_the_trainee_config(tmp_path):
    """Run postBuild with stand-in `python` and `pip`: it installs sefkit and copies the config."""
    text = (REPO_ROOT / "postBuild").read_text()
    assert text.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in text
    assert os.access(REPO_ROOT / "postBuild", os.X_OK), "postBuild must be executable"
    prefix, log, bin_dir = tmp_path / "env", tmp_path / "calls.log", tmp_path / "bin"
    bin_dir.mkdir()
    fake_python = bin_dir / "python"
    fake_python.write_text(
        "#!/usr/bin/env bash\n"
        f'echo "$@" >> {log}\n'
        f'if [ "$1" = "-c" ]; then echo {prefix}; fi\n'
    )
    fake_python.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(["bash", str(REPO_ROOT / "postBuild")], cwd=REPO_ROOT, env=env, check=True)
    assert "-m pip install --no-deps -e ." in log.read_text()
    for config in (PAGE_CONFIG, SERVER_CONFIG):
        copied = prefix / "etc/jupyter" / config.relative_to(TRAINEE)
        assert copied.read_bytes() == config.read_bytes()


def test_postbuild_stops_at_the_first_failure(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").write_text("#!/usr/bin/env bash\nexit 3\n")
    (bin_dir / "python").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", str(REPO_ROOT / "postBuild")], cwd=REPO_ROOT, env=env, capture_output=True)
    assert done.returncode == 3


# -- the trainee JupyterLab configuration ---------------------------------------------------

#: Exactly what trainees do not see: JupyterLab's news and nbgrader's instructor panels.
TRAINEE_DISABLED_PLUGINS = {
    "@jupyterlab/apputils-extension:announcements",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
}
TRAINEE_DISABLED_SERVER_EXTENSIONS = {"nbgrader.server_extensions.formgrader"}


def labextension_sources() -> str:
    """The JavaScript of the installed JupyterLab and its extensions (where plugin ids live)."""
    share = Path(sys.prefix) / "share/jupyter"
    files = list((share / "lab/static").glob("*.js")) + list((share / "labextensions").glob("**/static/*.js"))
    assert files, f"no JupyterLab JavaScript under {share}"
    return "\n".join(f.read_text(errors="ignore") for f in files)


def test_trainee_config_disables_exactly_the_news_and_instructor_panels():
    page = json.loads(PAGE_CONFIG.read_text())
    assert set(page) == {"disabledExtensions"}
    assert {k for k, v in page["disabledExtensions"].items() if v is True} == TRAINEE_DISABLED_PLUGINS
    server = json.loads(SERVER_CONFIG.read_text())
    switched = server["ServerApp"]["jpserver_extensions"]
    assert {k for k, v in switched.items() if v is False} == TRAINEE_DISABLED_SERVER_EXTENSIONS
    assert all(v is False for v in switched.values())


def test_disabled_plugin_ids_exist_in_the_installed_jupyterlab_and_nbgrader():
    """A plugin renamed in a new JupyterLab or nbgrader would silently come back: fail instead."""
    sources = labextension_sources()
    missing = [pid for pid in sorted(TRAINEE_DISABLED_PLUGINS) if f'"{pid}"' not in sources]
    assert missing == []
    kept = ["@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:validate-assignment"]
    assert all(f'"{pid}"' in sources for pid in kept)


def test_disabled_server_extensions_exist_and_trainee_tools_stay_on():
    import importlib

    for module in TRAINEE_DISABLED_SERVER_EXTENSIONS | {"nbgrader.server_extensions.course_list"}:
        assert hasattr(importlib.import_module(module), "_load_jupyter_server_extension")
    enabled_by_packages = {}
    for path in sorted((Path(sys.prefix) / "etc/jupyter/jupyter_server_config.d").glob("*.json")):
        if not path.name.startswith("sef-course"):  # what the packages themselves switch on
            enabled_by_packages.update(json.loads(path.read_text())["ServerApp"]["jpserver_extensions"])
    assert {k for k, v in enabled_by_packages.items() if v} >= TRAINEE_DISABLED_SERVER_EXTENSIONS
    # The Validate button asks course_list for nbgrader's version: it must stay on.
    assert enabled_by_packages.get("nbgrader.server_extensions.course_list") is True


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def _make_plan(*args: str) -> str:
    """What `make -n` would run, as if typed in a terminal (not nested in `make test`)."""
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS"}}
    return subprocess.run(["make", "--no-print-directory", "-n", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_lab_uses_the_trainee_config_and_opens_the_welcome_lesson():
    plan = _make_plan("lab")
    assert f'JUPYTER_CONFIG_PATH="{TRAINEE}' in plan
    assert "jupyter lab" in plan and plan.rstrip().endswith("course/00_welcome.ipynb")
    assert "JUPYTER_CONFIG_PATH" not in _make_plan("lab", "LAB_CONFIG=")


def test_readme_binder_badge_opens_the_welcome_lesson():
    readme = (REPO_ROOT / "README.md").read_text()
    badge = re.search(r"\(https://mybinder\.org/v2/gh/([\w.-]+/[\w.-]+)/(\w+)\?labpath=([^)\s]+)\)", readme)
    assert badge, "README needs a Binder badge linking to mybinder.org with ?labpath="
    assert badge.group(3) == "course%2F00_welcome.ipynb"
    assert "mybinder.org/badge_logo.svg" in readme
