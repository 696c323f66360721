"""Learner personas graded by the real nbgrader pipeline.

First a tiny scratch assignment proves the harness itself (tests/personas.py):
filled answers score, a blank scores zero, an object that claims to equal
everything does not score. The graded pipeline assignment's personas follow.
"""

from __future__ import annotations

import nbformat
import personas
import pytest

pytestmark = pytest.mark.slow


def _cell(kind, source, **nbgrader):
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    cell = make(source)
    if nbgrader:
        meta = {"grade": False, "solution": False, "locked": False, "task": False, "schema_version": 3}
        cell.metadata["nbgrader"] = {**meta, **nbgrader}
    return cell


def _scratch_source(folder):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        _cell("markdown", "Double 21."),
        _cell("code", "### BEGIN SOLUTION\nanswer = 2 * 21\n### END SOLUTION",
              solution=True, grade_id="double_answer"),
        _cell("code", '"""Checks the answer is the whole number 42."""\n'
                      "assert type(answer) is int, 'answer should be a whole number'\n"
                      "### BEGIN HIDDEN TESTS\nassert answer == 42\n### END HIDDEN TESTS",
              grade=True, locked=True, points=2, grade_id="double_value"),
        _cell("markdown", "YOUR ANSWER HERE", grade=True, solution=True, points=1, grade_id="why"),
    ]
    folder.mkdir(parents=True)
    nbformat.write(nb, str(folder / "scratch.ipynb"))
    return folder


SCRATCH_PERSONAS = {
    "full": {"double_answer": "answer = 42", "why": "Because 2 x 21 = 42."},
    "blank": {},
    "wrong": {"double_answer": "answer = 41"},
    "faker": {"double_answer": "class Yes(int):\n    def __eq__(self, other):\n        return True\n"
                               "    __hash__ = int.__hash__\nanswer = Yes(0)"},
    "crash": {"double_answer": "answer = 1 / 0"},
}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scratch")
    course, name = personas.make_course(_scratch_source(tmp / "src" / "scratch"), tmp / "course")
    release = personas.released(course, name, "scratch")
    subs = {who: {"scratch": personas.submission(release, a)} for who, a in SCRATCH_PERSONAS.items()}
    return personas.autograde(course, name, subs), personas.max_scores(course, name)


def test_harness_grades_scratch_personas(scratch):
    scores, points = scratch
    assert points == {"double_value": 2.0, "why": 1.0}
    assert scores["full"] == {"double_value": 2.0, "why": None}  # written answer awaits a grader
    assert scores["blank"] == {"double_value": 0.0, "why": 0.0}  # untouched answer scores zero
    assert scores["wrong"]["double_value"] == 0.0
    assert scores["faker"]["double_value"] == 0.0
    assert scores["crash"]["double_value"] == 0.0
    print("\n" + personas.table(scores, points))


def test_submission_rejects_unknown_answer_cell():
    release = nbformat.v4.new_notebook()
    release.cells = [_cell("code", "x = None", solution=True, grade_id="a1")]
    with pytest.raises(ValueError, match="a1"):
        personas.submission(release, {"a2": "x = 1"})
