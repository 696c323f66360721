"""The `sefkit` command: scenarios, export, the course chores (release, check, clean, navbar), plain errors."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from sefkit import cli, scenarios, simulate
from sefkit.classroom import layout


def test_scenarios_lists_every_name_with_its_description(capsys):
    assert cli.main(["scenarios"]) == 0
    out = capsys.readouterr().out
    for row in scenarios().itertuples():
        assert row.name in out and row.description in out


def test_export_writes_the_simulated_tables(tmp_path, capsys):
    assert cli.main(["export", "northwind", str(tmp_path / "nw"), "--seed", "3"]) == 0
    assert "wrote 10 tables of northwind (seed 3)" in capsys.readouterr().out
    reps = pd.read_csv(tmp_path / "nw" / "reps.csv")
    assert reps["rep_id"].tolist() == simulate("northwind", seed=3).reps["rep_id"].tolist()


def test_unknown_scenario_is_one_plain_line_and_nothing_written(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sefkit.cli", "export", "nowind", str(tmp_path / "out")],
        capture_output=True, text=True,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "unknown scenario 'nowind'; valid scenarios: northwind" in result.stderr
    assert not (tmp_path / "out").exists()


def test_existing_folder_error_keeps_its_contents(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine")
    assert cli.main(["export", "northwind", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_every_command_is_in_the_readme_and_the_makefile(repo_root):
    """One list of commands: `sefkit --help`, the README's command table and `make help` agree."""
    commands = cli.command_names()
    assert {"scenarios", "export", "release", "check", "clean", "navbar"} <= set(commands)
    readme = (repo_root / "README.md").read_text()
    makefile = (repo_root / "Makefile").read_text()
    for name in commands:
        assert f"`sefkit {name}" in readme, f"README.md does not show `sefkit {name}`"
    for name in ("release", "check", "clean", "navbar"):
        assert re.search(rf"sefkit(\.cli)? {name}\b", makefile), f"no Makefile target runs `sefkit {name}`"


def test_an_unknown_command_is_refused_by_argparse(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["relase"])
    assert stop.value.code == 2
    assert "invalid choice: 'relase'" in capsys.readouterr().err


# -- the course chores: sefkit release, check, clean, navbar ---------------------------------------


@pytest.fixture(scope="module")
def released(tmp_path_factory, course_maker) -> Path:
    """A sample course (tests/conftest.py) after `sefkit release`, with one clean lesson."""
    course = course_maker(tmp_path_factory.mktemp("cli") / "course")
    (course / "course").mkdir()
    nbformat.write(_lesson("Welcome"), course / "course/00_welcome.ipynb")
    assert cli.main(["release", "--course-dir", str(course)]) == 0
    return course


@pytest.fixture
def course(released, tmp_path) -> Path:
    return Path(shutil.copytree(released, tmp_path / "course"))


def _lesson(title: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {title}\n\nText."),
                                         nbformat.v4.new_code_cell("x = 1")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def _released_notebook(course: Path) -> Path:
    return layout.of(course).release_path / "sample/sample.ipynb"


def test_release_writes_exercises_the_same_every_time(course, capsys):
    before = _released_notebook(course).read_bytes()
    assert cli.main(["release", "--course-dir", str(course)]) == 0
    assert "released exercises/sample/sample.ipynb" in capsys.readouterr().out
    assert _released_notebook(course).read_bytes() == before
    assert (course / "gradebook.db").is_file()


def test_release_outside_a_course_is_one_plain_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "sefkit.cli", "release", "--course-dir", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("sefkit: error: ") and "has no nbgrader_config.py" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_check_passes_on_a_fresh_release(course, capsys):
    assert cli.main(["check", "--course-dir", str(course)]) == 0
    assert "up to date and shows no answers" in capsys.readouterr().out


def test_check_fails_on_a_hand_edit(course, capsys):
    path = _released_notebook(course)
    path.write_text(path.read_text().replace("Sample assignment", "Edited by hand"))
    assert cli.main(["check", "--course-dir", str(course)]) == 1
    out = capsys.readouterr().out
    assert "exercises/sample/sample.ipynb differs from what solutions/ produces: run `make release`" in out
    assert "1 problem(s)" in out


def test_check_fails_when_a_marker_slips_into_exercises(course, capsys):
    from sefkit.classroom import leaks

    hidden = {r.kind: r for r in leaks.regions(layout.nbgrader_config(course))}["hidden tests"]
    path = _released_notebook(course)
    nb = nbformat.read(path, as_version=4)
    nb.cells[3].source += f"\n### {hidden.begin}\nassert coverage == 2.5\n### {hidden.end}"
    nbformat.write(nb, path)
    assert cli.main(["check", "--course-dir", str(course)]) == 1
    out = capsys.readouterr().out
    assert f"cell 4: the marker {hidden.begin!r} (nbgrader did not remove a region)" in out


def test_check_fails_on_an_unclean_lesson(course, capsys):
    lesson = _lesson("Welcome")
    lesson.cells[1].execution_count = 4
    nbformat.write(lesson, course / "course/00_welcome.ipynb")
    assert cli.main(["check", "--course-dir", str(course)]) == 1
    assert "course/00_welcome.ipynb: cell 2: execution count 4" in capsys.readouterr().out


def test_check_fails_on_a_stale_navigation_bar(course, capsys):
    assert cli.main(["navbar", "--course-dir", str(course)]) == 0
    nbformat.write(_lesson("Territory"), course / "course/01_territory.ipynb")  # a new lesson: the welcome bar is stale
    assert cli.main(["check", "--course-dir", str(course)]) == 1
    assert "course/00_welcome.ipynb: navigation bar out of date: run `make navbar`" in capsys.readouterr().out


def test_check_outside_a_course_is_one_plain_error(tmp_path, capsys):
    assert cli.main(["check", "--course-dir", str(tmp_path)]) == 2
    assert "has no nbgrader_config.py" in capsys.readouterr().err


def test_clean_strips_notebooks_in_place_and_keeps_an_opted_in_lessons_outputs(course, capsys):
    dirty = _lesson("Lesson")
    dirty.metadata["celltoolbar"] = "Create Assignment"
    dirty.cells[1].execution_count = 3
    dirty.cells[1].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "1"}, execution_count=3)]
    nbformat.write(dirty, course / "course/01_lesson.ipynb")
    dirty.metadata["sefkit"] = {"keep_outputs": True}
    nbformat.write(dirty, course / "course/02_kept.ipynb")
    assert cli.main(["clean", "--course-dir", str(course)]) == 0
    assert capsys.readouterr().out.count("cleaned") == 2
    stripped = nbformat.read(course / "course/01_lesson.ipynb", as_version=4)
    kept = nbformat.read(course / "course/02_kept.ipynb", as_version=4)
    assert stripped.cells[1].outputs == [] and "celltoolbar" not in stripped.metadata
    assert kept.cells[1].outputs[0]["data"] == {"text/plain": "1"} and kept.cells[1].outputs[0]["execution_count"] is None
    before = {p: p.read_bytes() for p in course.rglob("*.ipynb")}
    assert cli.main(["clean", "--course-dir", str(course)]) == 0
    assert "already clean" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in course.rglob("*.ipynb")} == before  # a second run changes nothing


def test_clean_refuses_what_is_not_a_notebook(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("x")
    assert cli.main(["clean", str(tmp_path / "notes.txt")]) == 2
    assert "not a notebook or a folder" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text() == "x"


def test_navbar_writes_bars_idempotently_and_follows_changes(tmp_path, capsys):
    from sefkit.classroom import cleaning, navbar

    course = tmp_path / "course"
    course.mkdir()
    for name, title in [("00_welcome", "Welcome"), ("03_deals", "Deals"), ("05_pipeline", "Pipeline")]:
        nbformat.write(_lesson(title), course / f"{name}.ipynb")
    (tmp_path / "README.md").write_text(
        "[![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/acme/sef/main?labpath=x)")
    args = ["navbar", "--course-dir", str(tmp_path)]

    assert cli.main([*args, "--check"]) == 1
    assert cli.main(args) == 0
    middle = nbformat.read(course / "03_deals.ipynb", as_version=4)
    bar = middle.cells[0].source
    assert bar.startswith(navbar.MARKER)
    assert "< [Welcome](00_welcome.ipynb) | [Contents](00_welcome.ipynb) | [Pipeline](05_pipeline.ipynb) >" in bar
    assert "https://mybinder.org/v2/gh/acme/sef/main?labpath=course%2F03_deals.ipynb" in bar
    assert middle.cells[1].source.startswith("# Deals") and len(middle.cells) == 3
    assert cleaning.problems(middle, "course/03_deals.ipynb") == []

    capsys.readouterr()
    before = {p.name: p.read_bytes() for p in course.iterdir()}
    assert cli.main(args) == 0 and "up to date" in capsys.readouterr().out  # a second run changes nothing
    assert {p.name: p.read_bytes() for p in course.iterdir()} == before
    assert cli.main([*args, "--check"]) == 0

    nbformat.write(_lesson("Deal qualification"), course / "03_deals.ipynb")  # retitled, bar lost
    assert sorted(p.name for p in navbar.updated(course, tmp_path / "README.md")) == [
        "00_welcome.ipynb", "03_deals.ipynb", "05_pipeline.ipynb"]
    assert [p.name for p in navbar.stale(course, tmp_path / "README.md")] == ["00_welcome.ipynb", "05_pipeline.ipynb"]


def test_navbar_without_lessons_is_one_plain_error(tmp_path, capsys):
    assert cli.main(["navbar", "--course-dir", str(tmp_path)]) == 2
    assert "has no course/ folder of lessons" in capsys.readouterr().err
