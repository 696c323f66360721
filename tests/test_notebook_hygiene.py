"""Every committed notebook is valid and clean (no saved widget state, counts, noise).

Rules (shared with `sefkit clean`, see sefkit/classroom/cleaning.py):
exercises/ and solutions/ keep no outputs; a course/ lesson keeps outputs only when
its metadata says ``"sefkit": {"keep_outputs": true}`` (and then no errors and no
widget displays). By default lessons are committed without outputs: trainees run
them, and nbval checks they run.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
import pytest

from sefkit.classroom import cleaning, layout, navbar

REPO_ROOT = Path(__file__).resolve().parent.parent


def committed_notebooks() -> list[str]:
    """Notebooks tracked by git (and present in the working tree)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", "*.ipynb"], cwd=REPO_ROOT, capture_output=True, check=True
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: check what is there
        return sorted(
            p.relative_to(REPO_ROOT).as_posix()
            for d in layout.of(REPO_ROOT).notebook_dirs
            for p in (REPO_ROOT / d).rglob("*.ipynb")
            if ".ipynb_checkpoints" not in p.parts
        )
    return sorted(p for p in listed.split("\0") if p and (REPO_ROOT / p).exists())


def test_there_are_notebooks_to_check():
    """The check below would pass on nothing: the lessons, solutions and exercises are there."""
    found = committed_notebooks()
    for folder in layout.of(REPO_ROOT).notebook_dirs:
        assert any(p.startswith(f"{folder}/") for p in found), f"no committed notebook in {folder}/"


@pytest.mark.parametrize("relpath", committed_notebooks())
def test_committed_notebook_is_clean(relpath):
    found = cleaning.file_problems(REPO_ROOT / relpath, REPO_ROOT)
    assert not found, f"{relpath}:\n  " + "\n  ".join(found) + "\nFix: .venv/bin/sefkit clean"


# -- the checker itself, on notebooks built here -------------------------------------------


def dirty_notebook() -> nbformat.NotebookNode:
    """Everything a notebook picks up when it is run and saved in JupyterLab."""
    v4 = nbformat.v4
    run = v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider()", execution_count=7)
    run.metadata.update(execution={"iopub.execute_input": "2025-01-06T10:00:00"}, scrolled=True, collapsed=False)
    run.outputs = [
        v4.new_output("execute_result", {"application/vnd.jupyter.widget-view+json": {"model_id": "abc"},
                                         "text/plain": "IntSlider(value=0)"}, execution_count=7),
    ]
    failed = v4.new_code_cell("1 / 0", execution_count=8)
    failed.outputs = [v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])]
    graded = v4.new_code_cell("assert True", metadata={"nbgrader": {"grade": True, "grade_id": "t", "points": 1,
                                                                     "locked": True, "solution": False,
                                                                     "schema_version": 3}})
    nb = v4.new_notebook(cells=[v4.new_markdown_cell("# Lesson"), run, failed, graded])
    nb.metadata.update(
        widgets={"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}},
        language_info={"name": "python", "version": "3.11.7"},
        kernelspec={"name": "python3", "display_name": "Python 3", "language": "python"},
        celltoolbar="Create Assignment",
    )
    return nb


def test_checker_finds_every_kind_of_noise():
    found = "\n".join(cleaning.problems(dirty_notebook(), "solutions/a/a.ipynb"))
    for expected in (
        "saved widget state",
        "noisy notebook metadata 'celltoolbar'",
        "language_info.version",
        "cell 2: noisy cell metadata 'execution', 'scrolled', 'collapsed'",
        "cell 2: execution count 7",
        "cell 2: has outputs; notebooks in solutions/ keep no outputs",
        "cell 3: execution count 8",
    ):
        assert expected in found


def test_lessons_keep_outputs_only_when_they_opt_in():
    nb = dirty_notebook()
    assert any("has outputs; lessons keep outputs only with" in p for p in cleaning.problems(nb, "course/01.ipynb"))
    nb.metadata["sefkit"] = {"keep_outputs": True}
    found = cleaning.problems(nb, "course/01.ipynb")
    assert not any("has outputs" in p for p in found)
    assert "cell 2: a widget display, which cannot show without saved widget state" in found
    assert "cell 3: an error output (ZeroDivisionError)" in found
    assert any("has outputs" in p for p in cleaning.problems(nb, "exercises/a/a.ipynb"))  # never there


def test_clean_fixes_everything_it_can_and_keeps_grading_metadata():
    nb = dirty_notebook()
    tidy = cleaning.clean(nb)
    assert cleaning.problems(tidy, "solutions/a/a.ipynb") == []
    assert tidy.cells[3].metadata["nbgrader"]["grade_id"] == "t"
    assert tidy.metadata["language_info"] == {"name": "python"} and "kernelspec" in tidy.metadata
    assert [c["id"] for c in tidy.cells] == [c["id"] for c in nb.cells]
    assert nb.cells[1].execution_count == 7  # the input is not changed


def test_clean_keeps_lesson_outputs_when_asked():
    nb = dirty_notebook()
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", name="stdout", text="coverage 2.5x\n")]
    nb.metadata["sefkit"] = {"keep_outputs": True}
    tidy = cleaning.clean(nb, keep_outputs=True)
    assert tidy.cells[2].outputs[0]["text"] == "coverage 2.5x\n"
    assert tidy.cells[1].outputs == []  # widget display dropped
    assert cleaning.problems(tidy, "course/01.ipynb") == []


def test_invalid_and_unreadable_notebooks_are_reported(tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    assert "not a readable notebook" in cleaning.file_problems(broken, tmp_path)[0]
    no_kernel = nbformat.v4.new_notebook()
    assert any("no kernelspec" in p for p in cleaning.problems(no_kernel, "course/x.ipynb"))
    invalid = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("x")])
    invalid.cells[0]["cell_type"] = "picture"
    assert any("not a valid notebook" in p for p in cleaning.problems(invalid, "course/x.ipynb"))


# -- the lessons' navigation bars (sefkit.classroom.navbar) ---------------------------------------------


def test_lesson_navigation_bars_are_current():
    """A lesson that has a navigation bar keeps it in step with the lesson list and titles."""
    where = layout.of(REPO_ROOT)
    lessons = sorted(where.lessons_path.glob("[0-9]*.ipynb"))
    assert [p for p in lessons if navbar.MARKER in p.read_text(encoding="utf-8")], "no lesson has a navigation bar"
    stale = navbar.stale(where.lessons_path, REPO_ROOT / "README.md")
    assert not stale, f"out of date: {sorted(map(str, stale))}; run `make navbar`"
