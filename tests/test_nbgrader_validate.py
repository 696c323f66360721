"""`nbgrader validate`: every solution passes its own tests, every release passes none.

A solutions/ notebook with its answers must pass all its tests (else the answer key
or a test is wrong). An exercises/ notebook, answers blank, must pass none of them
(`--invert`): a test that passes on a blank would give free points. The sample
assignment proves the check can fail in both directions, so these tests mean
something even while the course has no assignments.

Test cells hold only form checks; values are checked outside the kernel against
each assignment's answer_key.py. So the same two guarantees are also asserted for
the values: the solution, run in a kernel with its answers recorded as autograding
records them, matches every key; the blank release matches none.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sefkit.classroom import layout, release
from sefkit.classroom.notebooks import read

#: Each validation starts a kernel; one worker runs the file, so the sample is built once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("nbgrader_validate")]

REPO_ROOT = Path(__file__).resolve().parent.parent
WHERE = layout.of(REPO_ROOT)
SUCCESS = {False: "Success! Your notebook passes all the tests.",
           True: "Success! The notebook does not pass any tests."}


def validate(notebook: Path, course_dir: Path, invert: bool = False) -> tuple[bool, str]:
    """What `nbgrader validate [--invert] NOTEBOOK` does, run from the course folder.

    The same Validator and the course's nbgrader_config.py (cell timeouts), in this
    process to save nbgrader's start-up time. Returns (success, printed report).
    """
    from nbgrader.validator import Validator
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
    validator = Validator(config=config, invert=invert)
    validator.stream = io.StringIO()
    validator.validate_and_print(str(notebook))
    report = validator.stream.getvalue()
    return SUCCESS[invert] in report, report


def notebooks(folder: str) -> list[str]:
    root = REPO_ROOT / folder
    found = sorted(root.glob("*/*.ipynb")) if root.is_dir() else []
    return [p.relative_to(REPO_ROOT).as_posix() for p in found if ".ipynb_checkpoints" not in p.parts]


# -- the course's own assignments ---------------------------------------------------------


def test_every_assignment_has_a_solution_and_an_exercise_to_validate():
    """The tests below run once per notebook found: finding none would validate nothing."""
    names = release.assignments(REPO_ROOT)
    assert names, f"no assignment in {WHERE.source}/"
    for folder in (WHERE.source, WHERE.release):
        found = {Path(p).parent.name for p in notebooks(folder)}
        assert found == set(names), f"{folder}/ has notebooks for {sorted(found)}, the course {sorted(names)}"
    assert set(_declared()) == set(names)


@pytest.mark.parametrize("relpath", notebooks(WHERE.source))
def test_solution_passes_all_its_tests(relpath):
    ok, output = validate(REPO_ROOT / relpath, REPO_ROOT)
    assert ok, output


@pytest.mark.parametrize("relpath", notebooks(WHERE.release))
def test_blank_exercise_passes_none_of_its_tests(relpath):
    ok, output = validate(REPO_ROOT / relpath, REPO_ROOT, invert=True)
    assert ok, output


# -- the same checks on the sample, in both directions ---------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory, course_maker) -> Path:
    course = course_maker(tmp_path_factory.mktemp("validate") / "course")
    release.generate(course, gradebook=False)
    return course


def test_sample_solution_passes_and_release_passes_nothing(sample):
    ok, output = validate(sample / WHERE.source / "sample/sample.ipynb", sample)
    assert ok, output
    ok, output = validate(sample / WHERE.release / "sample/sample.ipynb", sample, invert=True)
    assert ok, output


def test_validate_catches_a_wrong_answer_key(sample, tmp_path, course_maker, sample_source):
    sample_source.cells[2].source = "### BEGIN SOLUTION\ncoverage = quota / pipeline_value\n### END SOLUTION"
    course = course_maker(tmp_path / "wrong", assignments={"sample": sample_source})
    ok, output = validate(course / WHERE.source / "sample/sample.ipynb", course)
    assert not ok and "VALIDATION FAILED ON 1 CELL(S)" in output


def test_invert_catches_a_test_that_passes_on_a_blank(tmp_path, course_maker, sample_source):
    """A test that does not depend on the answer would give free points: --invert fails."""
    sample_source.cells[3].source = "assert pipeline_value > 0  # does not look at the answer"
    course = course_maker(tmp_path / "free", assignments={"sample": sample_source})
    release.generate(course, gradebook=False)
    ok, output = validate(course / WHERE.release / "sample/sample.ipynb", course, invert=True)
    assert not ok and "NOTEBOOK PASSED ON 1 CELL(S)" in output


# -- the values: answers recorded and checked against the keys, as autograding does ------------


def _declared() -> list[str]:
    from sefkit.classroom.grading import declare

    return declare.assignment_names(REPO_ROOT)


@pytest.mark.parametrize("name", _declared())
def test_solution_answers_match_every_key(name):
    from sefkit.classroom.grading import autograde, declare

    assignment = declare.load(REPO_ROOT, name)
    nb = read(WHERE.source_path / name / f"{assignment.notebook}.ipynb")
    verdicts = autograde.check_notebook(nb, assignment, path=str(WHERE.source_path / name))
    assert [v.status for v in verdicts] == ["correct"] * len(assignment.items), [v.text() for v in verdicts]


@pytest.mark.parametrize("name", _declared())
def test_blank_exercise_matches_no_key(name):
    from sefkit.classroom.grading import autograde, declare

    assignment = declare.load(REPO_ROOT, name)
    nb = read(WHERE.release_path / name / f"{assignment.notebook}.ipynb")
    verdicts = autograde.check_notebook(nb, assignment, path=str(WHERE.release_path / name))
    assert [v.points for v in verdicts] == [0.0] * len(assignment.items), [v.text() for v in verdicts]
    assert {v.status for v in verdicts} == {"unanswered"}
