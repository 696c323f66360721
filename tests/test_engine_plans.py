"""Coaching plans (sefkit/engine/plans.py): one format, one check, used by every entry point."""

from __future__ import annotations

import pandas as pd
import pytest

import sefkit
from sefkit.data.team import COMPONENTS
from sefkit.engine.plans import (
    MANAGER_MINUTES_PER_WEEK,
    check_plan,
    check_schedule,
    manager_minutes,
)
from sefkit.engine.scenario import resolve

REPS = ["R01", "R02", "R03"]
MANAGERS = {"R01": "M1", "R02": "M1", "R03": "M2"}


def test_three_shapes_give_one_plan_and_are_not_changed():
    expected = {"R01": {"calls": 30.0, "hygiene": 15.0}, "R03": {"territory": 10.0}}
    as_dict = {"R01": {"calls": 30, "hygiene": 15}, "R02": {}, "R03": {"territory": 10, "calls": 0}}
    wide = pd.DataFrame({"calls": [30, 0], "hygiene": [15, 0], "territory": [0, 10]}, index=["R01", "R03"])
    long = pd.DataFrame({"rep_id": ["R01", "R01", "R03", "R01"], "component": ["calls", "hygiene", "territory", "calls"],
                         "minutes": [20, 15, 10, 10]})  # a rep-component given twice is summed
    for plan in (as_dict, wide, long):
        snapshot = plan.copy()
        got = check_plan(plan, REPS, MANAGERS)
        assert got == expected and all(isinstance(m, float) for per in got.values() for m in per.values())
        if isinstance(plan, pd.DataFrame):
            pd.testing.assert_frame_equal(plan, snapshot)
        else:
            assert plan == snapshot
    assert check_plan({}, REPS, MANAGERS) == {}


@pytest.mark.parametrize("plan, message", [
    ({"R7": {"calls": 10}}, "the coaching plan names unknown rep 'R7'; valid reps: R01, R02, R03"),
    ({"R01": {"closing": 10}}, "the coaching plan for R01 names unknown component 'closing'; valid components: "
                               + ", ".join(COMPONENTS)),
    ({"R01": {"calls": -1}}, r"coaching minutes cannot be negative: R01 calls has -1.0 \(give 0 or more"),
    ({"R01": {"calls": "lots"}}, "coaching minutes must be numbers: R01 calls has 'lots'"),
    ({"R01": {"calls": float("nan")}}, "coaching minutes must be numbers: R01 calls has nan"),
    ({"R01": {"calls": float("inf")}}, "coaching minutes must be numbers: R01 calls has inf"),
    ({"R01": {"calls": True}}, "coaching minutes must be numbers: R01 calls has True"),
    ({"R01": 30}, "the plan for rep 'R01' must be a dictionary of minutes per component"),
    ([("R01", "calls", 30)], "a coaching plan is a dictionary like"),
    (pd.DataFrame({"calls": [30.0, None]}, index=["R01", "R02"]), "coaching minutes must be numbers: R02 calls"),
])
def test_a_bad_plan_is_refused_with_what_is_wrong_and_what_is_valid(plan, message):
    with pytest.raises(ValueError, match=message):
        check_plan(plan, REPS, MANAGERS)


def test_the_managers_week_holds_only_where_managers_are_given():
    half = MANAGER_MINUTES_PER_WEEK / 2
    assert check_plan({"R01": {"calls": half}, "R02": {"hygiene": half}}, REPS, MANAGERS)  # exactly the limit
    with pytest.raises(ValueError, match=r"manager M1 for 1201 minutes .*\(reps R01, R02\); a manager has at most 1200"):
        check_plan({"R01": {"calls": half, "territory": 1}, "R02": {"hygiene": half}}, REPS, MANAGERS)
    assert check_plan({"R01": {"calls": 2 * half}, "R03": {"calls": 2 * half}}, REPS, MANAGERS)  # two managers
    assert check_plan({"R01": {"calls": 5000}}, REPS) == {"R01": {"calls": 5000.0}}  # no managers: no limit
    totals = manager_minutes(check_plan({"R01": {"calls": 700}, "R02": {"calls": 600}, "R03": {"hygiene": 5}}, REPS),
                             MANAGERS)
    assert totals.to_dict() == {"M1": 1300.0, "M2": 5.0} and totals.index.name == "manager_id"
    assert manager_minutes({}, MANAGERS).empty


def test_simulates_schedule_is_a_start_quarter_and_a_plan():
    p = resolve("northwind", n_reps=3)
    plan = check_schedule({"start_quarter": 2, "minutes": {"R03": {c: 5 for c in COMPONENTS}}}, p)
    assert plan == {"start_quarter": 1, "minutes": {"R03": {c: 5.0 for c in COMPONENTS}}}
    wide = pd.DataFrame({"calls": [30]}, index=["R02"])
    assert check_schedule({"start_quarter": "2025Q3", "minutes": wide}, p) == {
        "start_quarter": 2, "minutes": {"R02": {"calls": 30.0}}}
    assert check_schedule(None, p) is None
    with pytest.raises(ValueError, match="a coaching plan for simulate must be a dict with keys 'start_quarter'"):
        check_schedule({"R01": {"calls": 30}}, p)
    with pytest.raises(ValueError, match="coaching plan start_quarter '2031Q1' is not a quarter of this run"):
        check_schedule({"start_quarter": "2031Q1", "minutes": {}}, p)


def test_simulate_holds_a_plan_to_the_scenarios_managers():
    p = resolve("northwind", n_reps=3, reps_per_manager=2)  # R01 and R02 report to M01, R03 to M02
    busy = {"R01": {"calls": 700}, "R03": {"calls": 1200}}
    assert check_schedule({"start_quarter": 1, "minutes": busy}, p)["minutes"] == {
        "R01": {"calls": 700.0}, "R03": {"calls": 1200.0}}
    with pytest.raises(ValueError, match=r"manager M01 for 1300 minutes .*\(reps R01, R02\)"):
        check_schedule({"start_quarter": 1, "minutes": {**busy, "R02": {"hygiene": 600}}}, p)


@pytest.fixture(scope="module")
def small_team():
    return sefkit.simulate("northwind", 0, n_reps=2, quarters=2, detail="core")


@pytest.mark.parametrize("plan, message", [
    ({"R01": {"golf": 5}}, "the coaching plan for R01 names unknown component 'golf'"),
    ({"R09": {"calls": 5}}, "the coaching plan names unknown rep 'R09'; valid reps: R01, R02"),
    ({"R01": {"calls": -5}}, "coaching minutes cannot be negative: R01 calls has -5.0"),
    ({"R01": {"calls": 700}, "R02": {"calls": 600}}, "the plan asks manager M01 for 1300 minutes"),
])
def test_every_entry_point_gives_the_same_error(small_team, plan, message):
    from sefkit.engine.simulation import resume, simulate_with_checkpoint
    from sefkit.whole_job.coaching import check_plan as check_for_team
    from sefkit.whole_job.coaching import compare_plans, what_if

    kw = {"n_reps": 2, "quarters": 2, "detail": "core"}
    _, checkpoint = simulate_with_checkpoint("northwind", 0, 2, **kw)
    calls = [
        lambda: check_for_team(small_team, plan),
        lambda: what_if(small_team, plan, quarters_ahead=1),
        lambda: what_if(small_team, plan, quarters_ahead=1, replications=2),
        lambda: compare_plans(small_team, {}, plan, replications=2, quarters_ahead=1),
        lambda: sefkit.simulate("northwind", 0, coaching_plan={"start_quarter": 2, "minutes": plan}, **kw),
        lambda: resume(checkpoint, {"start_quarter": 2, "minutes": plan}),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=message):
            call()
