"""Submissions that try to forge a grade, graded through `nbgrader autograde` with the course's config.

Every submission is hostile. Each one below tries to turn wrong or missing answers
into points from inside the learner's kernel or the notebook file: objects that
claim to equal anything, tampered, deleted and duplicated test cells and grade ids,
a file that is not a notebook, an exception handler that hides every error,
replaced helpers, builtins, numpy and pandas functions, printed results, and
answer records written by the learner. Answers are checked outside the kernel
(sefkit/classroom/grading), so each must score what its real answers are worth, with the
reason recorded in the autograded notebook, and two honest learners graded in
the same run must keep their scores. All are graded in one nbgrader run of
assignment 05.
"""

from __future__ import annotations

import copy
import json

import nbformat
import personas
import pytest

from sefkit.classroom.grading import autograde as grading
from sefkit.classroom.grading import declare

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("forgery")]

NAME = "05_pipeline"
ROOT = personas.ROOT
ASSIGNMENT = declare.load(ROOT, NAME)
ITEMS = [item.grade_id for item in ASSIGNMENT.items]
REFLECTION = "pipeline_reflection"
SOURCE = personas.read_notebook(ROOT / "solutions" / NAME / f"{NAME}.ipynb")
RELEASE = personas.read_notebook(ROOT / "exercises" / NAME / f"{NAME}.ipynb")
MODEL = personas.solution_answers(SOURCE)

#: Plainly wrong answers, one per item (none is near a key; checked below).
WRONG = {item.answer_cell: f"{item.answer} = 0.5" for item in ASSIGNMENT.items}
WRONG |= {"pipeline_velocity_answer": "fastest_rep = 'R99'", "pipeline_zombies_answer": "zombie_count = 999"}


def _with(answers: dict[str, str], prefix: str = "", cells=None) -> dict[str, str]:
    """Answers with ``prefix`` code run first in the given answer cells (default: the first one)."""
    found = dict(answers)
    for cell in cells or [ASSIGNMENT.items[0].answer_cell]:
        found[cell] = prefix + "\n" + found.get(cell, "")
    return found


def _tests(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]


def _tamper_tests(nb):
    cells = _tests(nb)
    assert cells, "the release has no graded test cell to tamper with"
    for cell in cells:
        cell.source = "pass  # nothing to check"
        cell.metadata["nbgrader"]["points"] = 100
    return nb


def _delete_tests(nb):
    nb.cells = [c for c in nb.cells if c not in _tests(nb)]
    return nb


def _delete_graded_cells(nb):
    nb.cells = [c for c in nb.cells if not c.metadata.get("nbgrader", {}).get("grade_id")]
    return nb


def _flip_flags(nb):
    for cell in _tests(nb):
        cell.metadata["nbgrader"].update(grade=False, solution=True, locked=False)
    return nb


def _duplicate(nb):
    cells = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        cells.append(cell)
        if meta.get("grade") or meta.get("solution"):
            for _ in range(2):
                twin = copy.deepcopy(cell)
                twin["id"] = f"{cell['id']}-{len(cells)}"
                cells.append(twin)
    extra = nbformat.v4.new_code_cell("pass", metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": True, "points": 50, "grade_id": "bonus_points",
        "schema_version": 3}})
    nb.cells = cells + [extra]
    return nb


ALWAYS_EQUAL = """
class Spoof:
    __class__ = float          # isinstance(x, float) and isinstance(x, numbers.Real) say True
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    def __float__(self):
        return 0.5
    def __hash__(self):
        return 0
    __lt__ = __le__ = __gt__ = __ge__ = __eq__
    def __sub__(self, other):
        return 0.0
    __rsub__ = __abs__ = lambda self, *a: 0.0
"""

SWALLOW = """
ip = get_ipython()
ip.set_custom_exc((BaseException,), lambda shell, etype, value, tb, tb_offset=None: None)
"""

REPLACE_HELPERS = """
import sefkit.classroom.practice, sefkit.classroom.grading.check
sefkit.classroom.practice.same = lambda *args, **kwargs: True
sefkit.classroom.grading.check.same = lambda *args, **kwargs: True
sefkit.classroom.grading.check.matches = lambda *args, **kwargs: True
"""

REPLACE_BUILTINS = """
import builtins, math
isinstance = lambda obj, kind: True        # the name the visible checks look up
builtins.abs = lambda x: 0
builtins.round = lambda x, *digits: x
builtins.float = lambda x=0.0: 0.5
math.isclose = lambda *args, **kwargs: True
"""

REPLACE_LIBRARIES = """
import numpy, pandas, pandas.testing
numpy.isclose = lambda *args, **kwargs: True
numpy.allclose = lambda *args, **kwargs: True
pandas.testing.assert_frame_equal = lambda *args, **kwargs: None
pandas.Series.equals = lambda self, other: True
pandas.DataFrame.equals = lambda self, other: True
"""

PRINT_RESULTS = """
print("pipeline_coverage: right, 2 of 2 points. Well done.")
print("Success! Your notebook passes all the tests.")
"""

FAKE_RECORDS = """
from IPython.display import display
import sefkit.classroom.grading.answers as answers

def _fake(*args, **kwargs):
    display({answers.MIME: {"name": "coverage_rep", "answer": {"kind": "number", "value": 5.3},
                            "status": "correct", "points": 2}}, raw=True)

get_ipython().events.register("post_run_cell", lambda result: _fake())
"""

REPLACE_EMIT = """
from IPython.display import display
import sefkit.classroom.grading.answers as answers

def emit(name, namespace):
    display({answers.MIME: {"name": name, "answer": {"kind": "verdict", "status": "correct", "points": 99}}},
            raw=True)

answers.emit = emit
"""


def _release():
    return copy.deepcopy(RELEASE)


def _submission(answers, transform=None):
    nb = personas.submission(_release(), answers)
    return transform(nb) if transform else nb


ZERO = {g: 0.0 for g in ITEMS}
FULL = ASSIGNMENT.points

#: name -> (the file handed in, expected autograded scores, reflection score, text the record must hold)
CORPUS = {
    "honest_full": (_submission(MODEL), FULL, None, "Well done"),
    "always_equal": (_submission(_with({i.answer_cell: ALWAYS_EQUAL + f"{i.answer} = Spoof()"
                                        for i in ASSIGNMENT.items})), ZERO, 0.0, "not plain data"),
    "tampered_tests": (_submission(WRONG, _tamper_tests), ZERO, 0.0, "restored"),
    "deleted_tests": (_submission(WRONG, _delete_tests), ZERO, 0.0, "not right"),
    "deleted_tests_right_answers": (_submission(MODEL, _delete_tests), FULL, None, "Well done"),
    "deleted_every_graded_cell": (_submission(MODEL, _delete_graded_cells), ZERO, 0.0, "put back as released"),
    "flipped_test_flags": (_submission(WRONG, _flip_flags), ZERO, 0.0, "restored"),
    "duplicated_cells_and_ids": (_submission(MODEL, _duplicate), FULL, None, "second copy"),
    "not_json": ("{ this is not a notebook", ZERO, 0.0, "could not be read"),
    "json_not_a_notebook": (json.dumps([1, 2, 3]), ZERO, 0.0, "could not be read"),
    "swallowed_exceptions": (_submission(_with(WRONG, SWALLOW)), ZERO, 0.0, "not right"),
    "swallowed_exceptions_blank": (_submission(_with({}, SWALLOW)), ZERO, 0.0, "is not set"),
    "replaced_helpers": (_submission(_with(WRONG, REPLACE_HELPERS)), ZERO, 0.0, "not right"),
    "replaced_builtins": (_submission(_with(WRONG, REPLACE_BUILTINS)), ZERO, 0.0, "not right"),
    "replaced_numpy_pandas": (_submission(_with(WRONG, REPLACE_LIBRARIES)), ZERO, 0.0, "not right"),
    "printed_results": (_submission(_with(WRONG, PRINT_RESULTS)), ZERO, 0.0, "not right"),
    "fake_answer_records": (_submission(_with(WRONG, FAKE_RECORDS)), ZERO, 0.0, "answer records"),
    "replaced_recorder": (_submission(_with(WRONG, REPLACE_EMIT)), ZERO, 0.0, "damaged answer record"),
    "honest_won_plus_lost": (None, None, None, "no decision"),  # filled in from the declared persona
}


def _won_plus_lost():
    persona = next(p for p in declare.load_personas(ROOT, NAME) if p.name == "won_plus_lost")
    answers = personas.persona_answers(persona, ASSIGNMENT, SOURCE, RELEASE)
    expected = {g: 0.0 if g in persona.loses else p for g, p in FULL.items()}
    return _submission(answers), expected, None, "no decision"


CORPUS["honest_won_plus_lost"] = _won_plus_lost()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course, _ = personas.make_course(ROOT / "solutions" / NAME, tmp_path_factory.mktemp("forgery"))
    subs = {who: {NAME: nb} for who, (nb, *_rest) in CORPUS.items()}
    return course, personas.autograde(course, NAME, subs)


def test_wrong_answers_are_wrong():
    """The corpus's wrong answers really are wrong (so a zero means the forgery failed)."""
    got = personas.grade_in_process(ASSIGNMENT, RELEASE, WRONG)
    assert got == ZERO


@pytest.mark.parametrize("who", sorted(CORPUS))
def test_forgery_scores_what_the_answers_are_worth(graded, who):
    course, scores = graded
    _, expected, reflection, reason = CORPUS[who]
    got = scores[who]
    assert {g: got[g] for g in ITEMS} == expected, personas.dumps({"got": got, "expected": expected})
    assert got[REFLECTION] == reflection
    nb = personas.autograded(course, NAME, who, NAME)
    record = json.dumps(grading.notes(nb)) + nbformat.writes(nb)
    assert reason in record, f"{who}: the recorded reason does not say {reason!r}"
    assert len(grading.verdicts(nb)) == len(ITEMS)


def test_no_recording_cell_is_left_in_an_autograded_notebook(graded):
    course, _ = graded
    for who in CORPUS:
        text = (course / "autograded" / who / NAME / f"{NAME}.ipynb").read_text()
        assert "sefkit.classroom.grading.answers" not in text or who in {"fake_answer_records", "replaced_recorder"}
        assert "emit(" not in text or who == "replaced_recorder"


def test_no_answer_key_is_copied_next_to_a_submission(graded):
    course, _ = graded
    for name in (declare.KEY_FILE, declare.PERSONAS_FILE):
        assert not list((course / "autograded").rglob(name))
        assert not list((course / "exercises").rglob(name))


def test_the_file_handed_in_is_kept(graded):
    course, _ = graded
    assert (course / "submitted" / "not_json" / NAME / f"{NAME}.ipynb").read_text() == CORPUS["not_json"][0]


def test_table_of_the_corpus(graded, capsys):
    _, scores = graded
    rows = ["| submission | autograded (of 13) | written answer |", "|---|---|---|"]
    for who in CORPUS:
        total = sum(scores[who][g] for g in ITEMS)
        rows.append(f"| {who} | {total:g} | {scores[who][REFLECTION]} |")
    with capsys.disabled():
        print("\n" + "\n".join(rows))
