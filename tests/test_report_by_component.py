"""The cohort report's view by SEF component, from items whose ``assess`` says where their points were won.

A small assignment is declared here: a single-component item and a diagnosis of three reps
whose true constraints depend on the learner (as the capstone's do), marked by an ``assess``
that gives each rep's credit under their true constraint. The expected views are computed
from the learners' answers and truths with plain loops, never typed.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest

from sefkit.classroom.grading import autograde, check, declare, report
from sefkit.classroom.grading.answers import record
from sefkit.data.team import COMPONENT_LABELS, COMPONENTS

REPS = ("R01", "R02", "R03")
TRUTHS = {"ann": ("calls", "hygiene", "calls"), "bob": ("forecasting", "calls", "hygiene"),
          "cy": ("hygiene", "hygiene", "territory"), "dee": ("calls", "calls", "calls")}
ANSWERS = {"ann": {"R01": "calls", "R02": "calls", "R03": "calls"},  # two of three
           "bob": {"R01": "forecasting", "R02": "calls", "R03": "hygiene"},  # all three
           "cy": {"R01": "territory", "R02": "hygiene", "R03": "territory"}}  # dee answers nothing
SINGLE = {"ann": 2.0, "bob": 0.0, "cy": 2.0, "dee": 0.0}  # the single-component item's answer (key: 2)


def truth(learner: str) -> dict:
    return dict(zip(REPS, TRUTHS[learner], strict=True))


def assess(ctx, answer):
    right = {r: float(answer.get(r) == t) for r, t in ctx.data.items()}
    parts = {}
    for r, t in ctx.data.items():
        earned, available = parts.get(t, (0.0, 0.0))
        parts[t] = (earned + right[r] / len(REPS), available + 1 / len(REPS))
    return sum(right.values()) / len(REPS), f"{sum(right.values()):g} of {len(REPS)} reps.", parts


ITEMS = [
    declare.Item("single", answer="n", points=2, components=["prospecting"], key=lambda ctx: 2.0),
    declare.Item("diagnosis", answer="constraints", points=6, integration=True, components=list(COMPONENTS),
                 key=lambda ctx: ctx.data, assess=assess),
]
DEMO = declare.Assignment("demo", items=ITEMS, data=truth)


def _verdicts() -> dict[str, list[dict]]:
    found = {}
    for learner in TRUTHS:
        records = {"single": record("n", SINGLE[learner])}
        if learner in ANSWERS:
            records["diagnosis"] = record("constraints", ANSWERS[learner])
        found[learner] = [v.as_dict() for v in check.check(DEMO, records, learner)]
    return found


def _flat(parts: dict) -> dict:
    """component -> (earned, available) as two entries each, for pytest.approx."""
    return {(c, n): x for c, pair in parts.items() for n, x in enumerate(pair)}


def _expected():
    """Per learner and component: (reps diagnosed right, reps), from the answers and truths directly."""
    counts = {}
    for learner in TRUTHS:
        for rep, true in truth(learner).items():
            right, out_of = counts.get((learner, true), (0, 0))
            counts[(learner, true)] = (right + (ANSWERS.get(learner, {}).get(rep) == true), out_of + 1)
    return counts


def test_a_breakdown_is_kept_in_points_and_must_be_well_formed():
    got = check.check(DEMO, {"diagnosis": record("constraints", ANSWERS["ann"])}, "ann")[1]
    per_rep = 6 / len(REPS)
    assert got.points == pytest.approx(2 * per_rep)
    assert _flat(got.components) == pytest.approx(_flat({"calls": (2 * per_rep, 2 * per_rep), "hygiene": (0.0, per_rep)}))
    assert sum(e for e, _ in got.components.values()) == pytest.approx(got.points)
    assert got.as_dict()["components"] == {c: list(pair) for c, pair in got.components.items()}
    assert check.check(DEMO, {}, "ann")[1].as_dict()["components"] is None


@pytest.mark.parametrize(("parts", "message"), [
    ({"charm": (0.5, 1.0)}, "'charm', not an SEF component"),
    ({"calls": (0.75, 0.5), "hygiene": (0.0, 0.5)}, "each earned from 0 to its available"),
    ({"calls": (0.0, 0.0), "hygiene": (0.5, 1.0)}, "each available must be more than 0"),
    ({"calls": (-0.1, 0.5), "hygiene": (0.6, 0.5)}, "each earned from 0 to its available"),
    ({"calls": (0.25, 0.5), "hygiene": (0.25, 0.25)}, "availables add up to 0.75 \\(not 1\\)"),
    ({"calls": (0.5, 0.5), "hygiene": (0.5, 0.5)}, "earneds add up to 1 \\(not the share, 0.5\\)"),
    ({"calls": "half"}, "not a pair \\(earned, available\\)"),
    ({}, "not a dict of component"),
    ([("calls", 0.5, 1.0)], "not a dict of component"),
])
def test_a_malformed_breakdown_is_refused_with_what_is_wrong(parts, message):
    item = declare.Item("x", answer="x", points=1, components=["calls"], key=lambda ctx: 1.0,
                        assess=lambda ctx, answer: (0.5, "Half.", parts))
    with pytest.raises(ValueError, match=f"item x: assess gave a breakdown.*{message}"):
        check.check(declare.Assignment("demo", items=[item]), {"x": record("x", 1.0)}, "ann")
    three = declare.Item("y", answer="y", points=1, components=["calls"], key=lambda ctx: 1.0,
                         assess=lambda ctx, answer: (0.5, "Half.", parts, "more"))
    with pytest.raises(ValueError, match="assess must return \\(share, message\\) or"):
        check.check(declare.Assignment("demo", items=[three]), {"y": record("y", 1.0)}, "ann")


def test_the_view_by_component_of_a_small_cohort():
    verdicts = _verdicts()
    split = report.breakdowns(verdicts, DEMO)
    trainees, cohort = report.by_component(report.breakdowns(verdicts, DEMO, unassessed=False))
    counts = _expected()
    per_rep = 6 / len(REPS)
    # dee answered nothing: her 6 points (none won) spread evenly over the item's seven components for
    # components.csv, and she is left out of the view by component (no answer of hers was assessed).
    spread = {c: 6 / len(COMPONENTS) for c in COMPONENTS}
    assert _flat(split["dee"]["diagnosis"]) == pytest.approx(_flat({c: (0.0, a) for c, a in spread.items()}))
    assert "dee" not in trainees.index and sorted(trainees.index) == sorted(ANSWERS)
    won, available = {}, {}
    for (learner, component), (right, out_of) in counts.items():
        if learner == "dee":
            continue
        assert trainees.loc[learner, COMPONENT_LABELS[component]] == pytest.approx(100 * right / out_of, abs=0.05)
        won[component] = won.get(component, 0.0) + right * per_rep
        available[component] = available.get(component, 0.0) + out_of * per_rep
    assert list(cohort.index) == [COMPONENT_LABELS[c] for c in COMPONENTS if c in available]
    for component in available:
        label = COMPONENT_LABELS[component]
        assert cohort.loc[label, "points won"] == pytest.approx(won[component])
        assert cohort.loc[label, "points available"] == pytest.approx(available[component])
        assert cohort.loc[label, "%"] == pytest.approx(100 * won[component] / available[component], abs=0.05)
    assert ("ann", "territory") not in counts and math.isnan(trainees.loc["ann", COMPONENT_LABELS["territory"]])
    # components.csv: the diagnosis counts by its breakdown in the component columns, and whole in integration.
    items = pd.DataFrame({s: {v["grade_id"]: v["points"] for v in vs} for s, vs in verdicts.items()}).T
    table = report.components_table(items, DEMO.points, DEMO, split)
    for learner in TRUTHS:
        single = SINGLE[learner] == 2.0
        calls_right, calls_out_of = counts.get((learner, "calls"), (0, 0))
        calls = (calls_right * per_rep, calls_out_of * per_rep) if learner != "dee" else (0.0, spread["calls"])
        if calls[1]:
            assert table.loc[learner, COMPONENT_LABELS["calls"]] == pytest.approx(100 * calls[0] / calls[1], abs=0.05)
        else:  # no rep of theirs is truly weakest at calls, and no other item is about calls
            assert math.isnan(table.loc[learner, COMPONENT_LABELS["calls"]])
        assert table.loc[learner, COMPONENT_LABELS["prospecting"]] == (100.0 if single else 0.0)
        right = sum(r for (s, _), (r, _) in counts.items() if s == learner)
        assert table.loc[learner, report.INTEGRATION] == pytest.approx(100 * right / len(REPS), abs=0.05)
    # Without any breakdown, the report is as before: the diagnosis counts in integration only.
    before = report.components_table(items, DEMO.points, DEMO)
    assert list(before.columns) == [COMPONENT_LABELS["prospecting"], report.INTEGRATION]


def test_old_verdicts_without_a_breakdown_still_read():
    old = {s: [{k: v for k, v in d.items() if k != "components"} for d in vs] for s, vs in _verdicts().items()}
    assert report.breakdowns(old, DEMO) == {}
    trainees, cohort = report.by_component({})
    assert trainees.empty and cohort.empty
    damaged = _verdicts()
    damaged["ann"][1]["components"] = {"charm": [1, 2]}  # unreadable: as if it had none
    won = damaged["ann"][1]["points"]
    assert won > 0 and _flat(report.breakdowns(damaged, DEMO)["ann"]["diagnosis"]) == pytest.approx(
        _flat({c: (won / len(COMPONENTS), 6 / len(COMPONENTS)) for c in COMPONENTS}))


KEY_FILE = '''
from sefkit.classroom.grading.declare import Assignment, Item


def assess(ctx, answer):
    right = {r: float(answer.get(r) == t) for r, t in ctx.data.items()}
    parts = {}
    for r, t in ctx.data.items():
        earned, available = parts.get(t, (0.0, 0.0))
        parts[t] = (earned + right[r] / len(right), available + 1 / len(right))
    return sum(right.values()) / len(right), "Checked.", parts


ASSIGNMENT = Assignment("demo", data=lambda learner: {"R01": "calls", "R02": "hygiene", "R03": "calls"}, items=[
    Item("diagnosis", answer="constraints", points=6, integration=True, components=["calls", "hygiene"],
         key=lambda ctx: ctx.data, assess=assess)])
'''


def test_a_breakdown_survives_the_round_trip_into_the_autograded_notebook(tmp_path):
    from nbconvert.preprocessors import ExecutePreprocessor

    (tmp_path / "solutions" / "demo").mkdir(parents=True)
    (tmp_path / "solutions" / "demo" / "answer_key.py").write_text(KEY_FILE)
    test = {"grade": True, "solution": False, "locked": True, "points": 6, "schema_version": 3,
            "grade_id": "diagnosis"}
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("constraints = {'R01': 'calls', 'R02': 'calls', 'R03': 'calls'}"),
        nbformat.v4.new_code_cell("assert isinstance(constraints, dict)", metadata={"nbgrader": test}),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    resources = {"nbgrader": {"assignment": "demo", "notebook": "demo", "student": "ann"}}
    steps = [autograde.RecordAnswers(), autograde.CheckAnswers()]
    for step in steps:
        step.coursedir = SimpleNamespace(root=str(tmp_path), source_directory="solutions")
    nb, resources = steps[0].preprocess(nb, resources)
    ExecutePreprocessor(timeout=60, allow_errors=True).preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    nb, resources = steps[1].preprocess(nb, resources)
    path = tmp_path / "demo.ipynb"
    nbformat.write(nb, str(path))
    read = autograde.verdicts(nbformat.read(str(path), as_version=4))
    assert [(v["grade_id"], v["status"]) for v in read] == [("diagnosis", "partial")]
    # Two of three reps right: both calls reps, not the hygiene one; each rep is 2 of the 6 points.
    assert read[0]["points"] == pytest.approx(4.0)
    assert read[0]["components"] == {"calls": [pytest.approx(4.0), pytest.approx(4.0)],
                                     "hygiene": [pytest.approx(0.0), pytest.approx(2.0)]}
    declared = declare.Assignment("demo", items=[declare.Item(
        "diagnosis", answer="constraints", points=6, components=["calls", "hygiene"], key=lambda ctx: {})])
    assert _flat(report.breakdowns({"ann": read}, declared)["ann"]["diagnosis"]) == pytest.approx(
        _flat({"calls": (4.0, 4.0), "hygiene": (0.0, 2.0)}))
