"""sefkit.classroom.grading without nbgrader: answers as plain data, declarations, and the checks.

The nbgrader pipeline itself is tested by tests/test_personas.py (honest learners)
and tests/test_forgery.py (hostile ones); these are the quick unit tests.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from sefkit.classroom.grading import answers, autograde, check, declare
from sefkit.classroom.practice import Misconception

# -- answers as plain data -------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    0.25, 3, -2.0, "R07", True, None, [1, "a", 2.5], ["x"], {"R01": 0.3},
])
def test_plain_values_survive_the_round_trip(value):
    record = json.loads(json.dumps(answers.encode(value)))  # what a notebook file keeps
    if value is None:
        with pytest.raises(answers.NotAnAnswer):
            answers.decode(record)
    else:
        assert answers.decode(record) == value


def test_numpy_and_pandas_become_plain():
    assert type(answers.plain(np.float64(2.5))) is float
    assert type(answers.plain(np.int64(3))) is int
    assert answers.plain(np.bool_(True)) is True
    series = pd.Series([0.1, 0.2], index=["R01", "R02"], name="win_rate")
    back = answers.plain(series)
    pd.testing.assert_series_equal(back, series)
    table = pd.DataFrame({"rep_id": ["R01", "R02"], "coverage": [2.5, 3.0]})
    pd.testing.assert_frame_equal(answers.plain(table), table)


def test_not_a_number_stays_a_number():
    assert np.isnan(answers.plain(float("nan")))
    assert answers.plain(float("inf")) == float("inf")


@pytest.mark.parametrize("make", [
    lambda: type("Agree", (float,), {"__eq__": lambda s, o: True})(0.1),
    lambda: type("Text", (str,), {"__eq__": lambda s, o: True})("R01"),
    lambda: type("Rows", (list,), {})([1]),
    lambda: type("Spoof", (), {"__class__": float, "__eq__": lambda s, o: True})(),
    lambda: print,
    lambda: np.array([1.0, 2.0]),
    lambda: type("MySeries", (pd.Series,), {})([1.0]),
])
def test_objects_of_their_own_class_are_not_answers(make):
    record = answers.encode(make())
    assert record["kind"] == "not_an_answer"
    with pytest.raises(answers.NotAnAnswer, match="not plain data"):
        answers.decode(record)


def test_too_big_is_not_an_answer():
    assert "more than" in answers.encode(list(range(answers.MAX_VALUES + 1)))["reason"]
    assert "longer than" in answers.encode("x" * (answers.MAX_TEXT + 1))["reason"]


@pytest.mark.parametrize("record", [
    "0.5", 0.5, [], {}, {"kind": 3}, {"kind": "number"}, {"kind": "number", "value": "0.5"},
    {"kind": "number", "value": True}, {"kind": "text", "value": 5}, {"kind": "yes/no", "value": 1},
    {"kind": "list", "items": "abc"}, {"kind": "verdict", "status": "correct", "points": 2},
    {"kind": "series", "index": [{"kind": "text", "value": "a"}], "values": []},
    {"kind": "table", "index": [], "columns": [[{"kind": "text", "value": "a"}, [1]]]},
    {"kind": "dict", "items": [[{"kind": "list", "items": []}, {"kind": "number", "value": 1}]]},
])
def test_damaged_records_are_rejected(record):
    with pytest.raises(answers.NotAnAnswer):
        answers.decode(record)


def test_a_deep_record_is_rejected_within_the_budget():
    record = {"kind": "number", "value": 1}
    for _ in range(answers.MAX_VALUES + 5):
        record = {"kind": "list", "items": [record]}
    with pytest.raises((answers.NotAnAnswer, RecursionError)):
        answers.decode(record)


# -- declarations -----------------------------------------------------------------------------


def _item(**kw):
    spec = {"grade_id": "a1", "answer": "x", "points": 1, "components": ["prospecting"], "key": lambda ctx: 1.0}
    return declare.Item(**{**spec, **kw})


@pytest.mark.parametrize(("change", "message"), [
    ({"components": ["pipeline"]}, "components must be among"),
    ({"components": []}, "components must be among"),
    ({"answer": "not a name"}, "variable's name"),
    ({"points": 0}, "points must be positive"),
    ({"method": lambda ctx: 1}, "give method= and uses= together"),
    ({"misconceptions": [(1, "x")]}, "Misconception"),
])
def test_item_declarations_are_checked(change, message):
    with pytest.raises(ValueError, match=message):
        _item(**change)


def test_assignment_declarations_are_checked():
    with pytest.raises(ValueError, match="declared twice"):
        declare.Assignment("a", items=[_item(), _item()])
    with pytest.raises(ValueError, match="declare those first"):
        declare.Assignment("a", items=[_item(grade_id="b", uses=["a1"], method=lambda ctx: 1), _item()])


def test_persona_expected_scores():
    p = declare.Persona("p", loses=["a"], scores={"w": None})
    assert p.expected({"a": 2.0, "b": 1.0, "w": 3.0}) == {"a": 0.0, "b": 1.0, "w": None}
    with pytest.raises(ValueError, match="no graded cell"):
        declare.Persona("p", loses=["zz"]).expected({"a": 1.0})
    with pytest.raises(ValueError, match="student id"):
        declare.Persona("two words")


def test_load_refuses_a_file_without_its_assignment(tmp_path, course_maker):
    course_maker(tmp_path, assignments={})  # the course's nbgrader_config.py names its solutions/ folder
    folder = tmp_path / "solutions" / "demo"
    folder.mkdir(parents=True)
    (folder / declare.KEY_FILE).write_text("ASSIGNMENT = None\n")
    with pytest.raises(ValueError, match="must set ASSIGNMENT"):
        declare.load(tmp_path, "demo")
    with pytest.raises(FileNotFoundError):
        declare.load(tmp_path, "other")


# -- checking -----------------------------------------------------------------------------------

CHAIN = declare.Assignment("chain", data=lambda learner: {"quota": 100.0, "learner": learner}, items=[
    _item(grade_id="rate", answer="rate", key=lambda ctx: 0.25,
          misconceptions=[Misconception(1 / 3, "You left out no-decision deals.")]),
    _item(grade_id="need", answer="need", key=lambda ctx: 4.0),
    _item(grade_id="gap", answer="gap", key=lambda ctx: 4.0 * ctx.data["quota"] - 150.0, abs_tol=1.0,
          uses=["need"], method=lambda ctx: ctx.answers["need"] * ctx.data["quota"] - 150.0),
    _item(grade_id="who", answer="who", key=lambda ctx: f"R{len(ctx.data['learner']):02d}"),
])


def _records(**values):
    return {k: answers.record(k, v) for k, v in values.items()}


def _statuses(records, learner="ann"):
    return {v.grade_id: (v.status, v.points) for v in check.check(CHAIN, records, learner)}


def test_right_wrong_and_known_mistakes():
    verdicts = {v.grade_id: v for v in check.check(CHAIN, _records(rate=1 / 3, need=4.02, gap=250.0, who="R03"), "ann")}
    assert verdicts["rate"].message == "You left out no-decision deals."
    assert verdicts["need"].status == "correct"  # within 1 %
    assert verdicts["who"].status == "correct"   # a key may depend on the learner
    assert _statuses(_records(who="R03"), learner="bobby")["who"] == ("wrong", 0.0)


def test_an_item_built_on_own_answers_is_marked_on_method():
    # need 4.03 passes (within 1 %), gap from it is 253, not the key's 250: right on method.
    assert _statuses(_records(rate=0.25, need=4.03, gap=253.0))["gap"] == ("correct", 1.0)
    # need 4.5 is wrong, so a gap built on it is not marked on method.
    assert _statuses(_records(rate=0.25, need=4.5, gap=300.0))["gap"] == ("wrong", 0.0)
    # the key itself is always right.
    assert _statuses(_records(rate=0.25, need=4.5, gap=250.0))["gap"] == ("correct", 1.0)


def test_wrong_kind_missing_and_foreign_records():
    verdicts = {v.grade_id: v for v in check.check(CHAIN, {
        "rate": {"name": "rate", "answer": answers.encode("0.25")},
        "need": {"name": "rate", "answer": answers.encode(4.0)},                  # another item's record
        "gap": {"name": "gap", "answer": {"kind": "missing", "reason": "gap is not set"}},
    }, "ann")}
    assert verdicts["rate"].message == "rate should be a number, but it is text (in quotes)."
    assert verdicts["need"].status == "rejected"
    assert verdicts["gap"].status == "unanswered" and "gap is not set" in verdicts["gap"].message
    assert verdicts["who"].status == "unanswered"
    assert all(v.points == 0 for v in verdicts.values())


def test_yes_no_is_not_a_number():
    assert _statuses(_records(rate=True))["rate"] == ("wrong", 0.0)


# A rep's weakest skill: the key; the runner-up earns half, but only where the learner's data says the two are close.
RUNNER_UP = declare.Assignment("runner_up", data=lambda learner: {"close": learner != "far"}, items=[
    _item(grade_id="weakest", answer="weakest", points=2, key=lambda ctx: "hygiene",
          partial=[declare.Partial(lambda ctx: "calls" if ctx.data["close"] else None, 0.5,
                                   "Close: that is the runner-up, nearly as weak.")],
          misconceptions=[Misconception("forecasting", "That is where the symptom shows, not its cause.")]),
])


@pytest.mark.parametrize(("learner", "answer", "status", "points"), [
    ("ann", "hygiene", "correct", 2.0),
    ("ann", " Calls ", "partial", 1.0),       # text compared ignoring case and spaces, as keys are
    ("far", "calls", "wrong", 0.0),            # no partial answer for this learner: the runner-up is not close
    ("ann", "forecasting", "wrong", 0.0),
    ("ann", "territory", "wrong", 0.0),
])
def test_a_partial_answer_earns_its_share(learner, answer, status, points):
    verdict = check.check(RUNNER_UP, _records(weakest=answer), learner)[0]
    assert (verdict.status, verdict.points) == (status, points)
    if status == "partial":
        assert verdict.message == "Close: that is the runner-up, nearly as weak."
        assert verdict.text().startswith("weakest: partly right, 1 of 2 points.")
        assert "hygiene" not in verdict.text()


def test_a_faked_answer_earns_no_partial_credit():
    class Agree(str):
        def __eq__(self, other):
            return True

    verdict = check.check(RUNNER_UP, _records(weakest=Agree("calls")), "ann")[0]
    assert (verdict.status, verdict.points) == ("rejected", 0.0)


@pytest.mark.parametrize(("share", "message"), [(0, "x"), (1, "x"), (1.5, "x"), (True, "x"), (0.5, " ")])
def test_partial_declarations_are_checked(share, message):
    with pytest.raises(ValueError, match="partial answer"):
        declare.Partial("calls", share, message)
    with pytest.raises(ValueError, match="Partial"):
        _item(partial=[("calls", 0.5, "close")])


def test_partial_credit_reaches_nbgrader_as_points():
    """The test cell's outputs are what nbgrader scores: full, part (its partial-grade rule) or nothing."""
    from nbformat import v4
    from nbgrader.utils import determine_grade

    for answer, learner, expected in (("hygiene", "ann", 2.0), ("calls", "ann", 1.0), ("calls", "far", 0.0)):
        verdict = check.check(RUNNER_UP, _records(weakest=answer), learner)[0]
        cell = v4.new_code_cell("", metadata={"nbgrader": {"grade": True, "solution": False, "points": 2,
                                                           "grade_id": "weakest"}})
        cell.outputs = autograde.verdict_outputs(verdict, None)
        assert determine_grade(cell) == (expected, 2)
    cell.outputs = autograde.verdict_outputs(check.check(RUNNER_UP, _records(weakest="calls"), "ann")[0], "unreadable")
    assert determine_grade(cell) == (0, 2)


def test_messages_never_show_the_key():
    verdicts = check.check(CHAIN, _records(rate=0.5, need=9.0, gap=1.0, who="R99"), "ann")
    assert len(verdicts) == 4  # one per item: the loop below must have messages to read
    for v in verdicts:
        assert v.status == "wrong"
        for key in ("0.25", "4.0", "250", "R03"):
            assert key not in v.text()


def test_keys_the_same_for_every_learner_are_computed_once_per_grading_process():
    """Declared ``same_for_every_learner``, the data and keys of the first learner are reused, each
    learner with answers of their own; otherwise each learner gets their own data and keys."""
    from sefkit.classroom.grading import autograde

    built = []

    def data(learner):
        built.append(learner)
        return {"quota": 100.0}

    items = [_item(grade_id="need", answer="need", key=lambda ctx: 4.0),
             _item(grade_id="gap", answer="gap", key=lambda ctx: 4.0 * ctx.data["quota"] - 150.0, abs_tol=1.0,
                   uses=["need"], method=lambda ctx: ctx.answers["need"] * ctx.data["quota"] - 150.0)]
    shared = declare.Assignment("shared", items=items, data=data, same_for_every_learner=True)
    own = declare.Assignment("own", items=items, data=data)
    ann, ben = autograde._context(shared, "ann"), autograde._context(shared, "ben")
    assert built == ["ann"] and ben.data is ann.data and ben.values == ann.values and ben is not ann
    assert (ann.learner, ben.learner) == ("ann", "ben")
    first = check.check(shared, _records(need=4.03, gap=253.0), "ann", context=ann)
    second = check.check(shared, _records(need=4.5, gap=300.0), "ben", context=ben)
    assert [v.status for v in first] == ["correct", "correct"]  # ann's gap right on her own method
    assert [v.status for v in second] == ["wrong", "wrong"]  # ben's answers are his own
    assert ann.answers == {"need": 4.03, "gap": 253.0}
    autograde._context(own, "ann"), autograde._context(own, "ben")
    assert built == ["ann", "ann", "ben"]
    with pytest.raises(ValueError, match="gives each learner their own data"):
        own.context_like(ann, "cy")


# -- the nbgrader plug-ins, outside nbgrader ------------------------------------------------------


def test_autograding_refuses_an_assignment_without_answer_keys(tmp_path):
    """Graded by tests inside the learner's kernel, it would be forgeable: refuse with the way out."""
    from types import SimpleNamespace

    import nbformat

    from sefkit.classroom.grading import autograde

    (tmp_path / "solutions" / "demo").mkdir(parents=True)
    step = autograde.RecordAnswers()
    step.coursedir = SimpleNamespace(root=str(tmp_path), source_directory="solutions")
    resources = {"nbgrader": {"assignment": "demo", "notebook": "demo", "student": "ann"}}
    with pytest.raises(RuntimeError, match="answer_key.py is missing"):
        step.preprocess(nbformat.v4.new_notebook(), resources)


def test_check_notebook_runs_a_kernel_and_checks_its_records():
    import nbformat

    from sefkit.classroom.grading import autograde

    demo = declare.Assignment("demo", items=[
        _item(grade_id="t1", answer="x", key=lambda ctx: 2.0),
        _item(grade_id="t2", answer="y", key=lambda ctx: "R01"),
    ])
    test = {"grade": True, "solution": False, "locked": True, "points": 1, "schema_version": 3}
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x = 1.0 + 1.0"),
        nbformat.v4.new_code_cell("assert isinstance(x, float)", metadata={"nbgrader": {**test, "grade_id": "t1"}}),
        nbformat.v4.new_code_cell("y = 'R02'"),
        nbformat.v4.new_code_cell("pass", metadata={"nbgrader": {**test, "grade_id": "t2"}}),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    verdicts = autograde.check_notebook(nb, demo)
    assert [(v.grade_id, v.status) for v in verdicts] == [("t1", "correct"), ("t2", "wrong")]
    assert len(nb.cells) == 4  # the notebook passed in is left as it was


def test_an_assessed_item_is_marked_by_what_its_answer_does():
    """Item.assess gives the share of the points and the message; the kind check still comes first."""
    from sefkit.classroom.grading.answers import record
    from sefkit.classroom.grading.check import check
    from sefkit.classroom.grading.declare import Assignment, Item

    def by_total(ctx, plan):
        total = sum(plan.values())
        return (1.0, "Enough.") if total >= 60 else (0.5, "Half way.") if total >= 30 else (0.0, "Too little.")

    item = Item("plan", answer="plan", points=4, components=("calls",), key=lambda ctx: {"R01": 60.0},
                assess=by_total)
    demo = Assignment("demo", items=(item,))
    got = [check(demo, {"plan": record("plan", answer)}, "x")[0] for answer in
           ({"R01": 70.0}, {"R02": 40.0}, {"R01": 5.0}, 60.0)]
    assert [(v.status, v.points) for v in got] == [("correct", 4.0), ("partial", 2.0), ("wrong", 0.0), ("wrong", 0.0)]
    assert [v.message for v in got[:3]] == ["Enough.", "Half way.", "Too little."]
    assert "should be a dict" in got[3].message
    with pytest.raises(ValueError, match="leave out partial, misconceptions and method"):
        Item("plan", answer="plan", points=1, components=("calls",), key=lambda ctx: {}, assess=by_total,
             misconceptions=[Misconception({}, "x")])
    bad = Assignment("demo", items=(Item("plan", answer="plan", points=1, components=("calls",),
                                         key=lambda ctx: {}, assess=lambda ctx, plan: (2.0, "?")),))
    with pytest.raises(ValueError, match="not one from 0 to 1"):
        check(bad, {"plan": record("plan", {"R01": 1.0})}, "x")
