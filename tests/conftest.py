"""Shared fixtures: the repository, a throwaway nbgrader course, a JupyterLab server.

* ``repo_root``: the checkout (the nbgrader course directory).
* ``northwind``: the lesson team, ``simulate("northwind", seed=0)``, built once per
  test session; tests read it and never change it.
* ``sample_course``: a temporary course directory with the real nbgrader_config.py
  and one small source assignment ``solutions/sample/sample.ipynb`` that has every
  kind of nbgrader cell (solution, visible test, hidden test, manually graded answer
  with a mark scheme). Tests of the release and validation machinery use it, so
  they test something real even before the course has its own assignments.
* ``lab_server``: JupyterLab on 127.0.0.1 with the trainee configuration, serving a
  temporary copy of course/ (so nothing the browser does can touch the checkout).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
TRAINEE_CONFIG = REPO_ROOT / "jupyter-config"

@pytest.fixture(scope="session")
def northwind():
    """The default lesson team (seed 0), shared by every test that only reads it."""
    from sefkit import simulate

    return simulate("northwind", seed=0)


# -- notebooks run by nbval ----------------------------------------------------------


@pytest.hookimpl(tryfirst=True)  # before xdist turns the group marks into node ids
def pytest_collection_modifyitems(config, items):
    """Keep each notebook's cells on one xdist worker (they share a kernel); mark them slow."""
    for item in items:
        if type(item).__module__.startswith("nbval"):
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.xdist_group(name=f"notebook:{item.nodeid.split('::')[0]}"))


# -- a sample assignment -----------------------------------------------------------

#: Lines that exist only in the source notebook; none may reach a release.
SAMPLE_SECRETS = (
    "coverage = pipeline_value / quota",
    "assert abs(coverage - 2.5) < 1e-9",
    "A strong answer names both the win rate and the slippage.",
    "Coverage of 3x is enough for a rep who wins one deal in three.",
)


def _nbgrader(kind: str, grade_id: str, points: int = 0) -> dict:
    """nbgrader cell metadata for one of the four cell kinds an author uses."""
    meta = {"grade_id": grade_id, "schema_version": 3, "locked": False, "solution": False, "grade": False}
    if kind == "answer":
        meta.update(solution=True)
    elif kind == "tests":
        meta.update(grade=True, locked=True, points=points)
    elif kind == "manual":
        meta.update(solution=True, grade=True, points=points)
    elif kind == "readonly":
        meta.update(locked=True)
    return {"nbgrader": meta}


def sample_notebook() -> nbformat.NotebookNode:
    """A small source notebook with every kind of graded cell, as an author writes it."""
    v4 = nbformat.v4
    cells = [
        v4.new_markdown_cell(
            "# Sample assignment\n\nA rep has 250 in open pipeline against a quota of 100.",
            metadata=_nbgrader("readonly", "intro"),
        ),
        v4.new_code_cell("pipeline_value = 250.0\nquota = 100.0"),
        v4.new_code_cell(
            "### BEGIN SOLUTION\ncoverage = pipeline_value / quota\n### END SOLUTION",
            metadata=_nbgrader("answer", "sample_coverage_answer"),
        ),
        v4.new_code_cell(
            '"""Coverage is a number (visible check)."""\n'
            "assert isinstance(coverage, float), 'coverage should be a number such as 2.5'\n"
            "### BEGIN HIDDEN TESTS\n"
            "assert abs(coverage - 2.5) < 1e-9\n"
            "### END HIDDEN TESTS",
            metadata=_nbgrader("tests", "sample_coverage", points=2),
        ),
        v4.new_markdown_cell(
            "**Reflection.** Is 2.5x coverage enough for this rep? Say why in two sentences.",
            metadata=_nbgrader("readonly", "sample_reflection_prompt"),
        ),
        v4.new_markdown_cell(
            "<!-- BEGIN SOLUTION -->\n"
            "Coverage of 3x is enough for a rep who wins one deal in three.\n\n"
            "<!-- BEGIN MARK SCHEME -->\n"
            "A strong answer names both the win rate and the slippage.\n"
            "<!-- END MARK SCHEME -->\n"
            "<!-- END SOLUTION -->",
            metadata=_nbgrader("manual", "sample_reflection", points=2),
        ),
    ]
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(nb.cells):  # stable ids, so the sample is the same every run
        cell["id"] = f"sample-{i}"
    return nb


def make_course(root: Path, assignments: dict[str, nbformat.NotebookNode] | None = None) -> Path:
    """A course directory at ``root``: the real nbgrader_config.py plus ``assignments``.

    ``assignments`` maps an assignment name to its one source notebook; by default
    the sample assignment.
    """
    from sefkit.classroom import layout

    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / layout.CONFIG_FILE, root / layout.CONFIG_FILE)
    if assignments is None:
        assignments = {"sample": sample_notebook()}
    for name, nb in assignments.items():
        folder = layout.of(root).source_path / name
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / f"{name}.ipynb")
    return root


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def sample_course(tmp_path) -> Path:
    """A temporary course with the sample assignment in solutions/sample/."""
    return make_course(tmp_path / "course")


@pytest.fixture(scope="session")
def course_maker():
    """:func:`make_course`, for tests that build their own course folders."""
    return make_course


@pytest.fixture
def sample_source() -> nbformat.NotebookNode:
    """The sample assignment's source notebook (a fresh copy)."""
    return sample_notebook()


@pytest.fixture(scope="session")
def sample_secrets() -> tuple[str, ...]:
    """Lines of the sample source that must never reach a release."""
    return SAMPLE_SECRETS


# -- a JupyterLab server -------------------------------------------------------------


@dataclass(frozen=True)
class LabServer:
    url: str
    token: str
    root: Path
    log: Path

    def lab_url(self, path: str) -> str:
        """The address that opens ``path`` in JupyterLab, in a fresh workspace."""
        return f"{self.url}/lab/tree/{path}?reset&token={self.token}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"JupyterLab did not start within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def start_lab(root: Path, workdir: Path) -> tuple[subprocess.Popen, LabServer]:
    """Start JupyterLab on ``root`` with the trainee configuration; wait until it answers."""
    port, token = _free_port(), uuid.uuid4().hex
    env = {
        **os.environ,
        "JUPYTER_CONFIG_PATH": str(TRAINEE_CONFIG),
        "JUPYTER_RUNTIME_DIR": str(workdir / "runtime"),
        # Fresh user settings and workspaces: nothing from the developer's own set-up.
        "JUPYTERLAB_SETTINGS_DIR": str(workdir / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(workdir / "workspaces"),
        "JUPYTER_CONFIG_DIR": str(workdir / "user-config"),
    }
    log = workdir / "jupyterlab.log"
    args = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.allow_root=True",
        # lets the test drive JupyterLab's own commands (window.jupyterapp)
        "--LabApp.expose_app_in_browser=True",
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=root)
    server = LabServer(url=f"http://127.0.0.1:{port}", token=token, root=root, log=log)
    try:
        _wait_until_up(f"{server.url}/api/status?token={token}", proc, log)
    except BaseException:
        stop_process(proc)
        raise
    return proc, server


def stop_process(proc: subprocess.Popen) -> None:
    """Stop a process we started: politely, then firmly."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory) -> LabServer:
    """JupyterLab with the trainee configuration, serving a temporary copy of course/."""
    workdir = tmp_path_factory.mktemp("lab")
    root = workdir / "root"
    root.mkdir()
    if (REPO_ROOT / "course").is_dir():
        shutil.copytree(REPO_ROOT / "course", root / "course", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    proc, server = start_lab(root, workdir)
    try:
        yield server
    finally:
        stop_process(proc)
