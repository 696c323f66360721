"""simulate() (sefkit/engine/simulation.py): the contract, determinism, detail levels, coaching plans,
bad input, and resuming a run from a checkpoint (exactly the tables of the same run from scratch)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sefkit
from sefkit.data.team import SCHEMA, TRUTH_SCHEMA, validate
from sefkit.engine.scenario import resolve
from sefkit.engine.simulation import resume, simulate_with_checkpoint

SMALL = {"n_reps": 3, "quarters": 3}


def test_northwind_follows_the_contract(northwind):
    validate(northwind)
    for name in SCHEMA:
        assert len(getattr(northwind, name)) > 0, f"{name} is empty"
    for name, cols in TRUTH_SCHEMA.items():
        assert list(getattr(northwind.truth, name).columns[: len(cols)]) == list(cols)
    assert northwind.quarters == sefkit.data.periods.quarter_labels("2025-01-06", 8)
    assert northwind.scenario == "northwind" and northwind.seed == 0
    assert northwind.params["n_reps"] == 10 and len(northwind.reps) == 10


def test_same_seed_same_tables_other_seed_differs():
    a = sefkit.simulate(seed=3, **SMALL)
    b = sefkit.simulate(seed=3, **SMALL)
    c = sefkit.simulate(seed=4, **SMALL)
    for name in SCHEMA:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    pd.testing.assert_frame_equal(a.truth.deals, b.truth.deals)
    assert not a.opportunities.equals(c.opportunities)
    assert not a.activities.equals(c.activities)


def test_core_detail_matches_full_on_core_tables():
    full = sefkit.simulate(seed=5, **SMALL)
    core = sefkit.simulate(seed=5, detail="core", **SMALL)
    for name in ("reps", "accounts", "quotas", "opportunities", "forecasts", "coaching"):
        pd.testing.assert_frame_equal(getattr(full, name), getattr(core, name))
    for name in ("activities", "opp_history", "snapshots", "calls"):
        assert getattr(core, name).empty
    validate(core)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"scenario": "nowhere"}, ["nowhere", "northwind", "enterprise"]),
        ({"n_reps": 0}, ["n_reps", "at least 1"]),
        ({"quarters": -2}, ["quarters"]),
        ({"warmup_weeks": -1}, ["warmup_weeks"]),
        ({"n_reps": 2.5}, ["n_reps", "whole number"]),
        ({"prospecting": {"conversation_rate": 1.2}}, ["conversation_rate", "at most 1"]),
        ({"hours": {"prospect": 3}}, ["hours.prospect", "prospecting"]),
        ({"speed": 3}, ["speed", "n_reps"]),
        ({"detail": "some"}, ["detail", "full", "core"]),
        ({"seed": -1}, ["seed"]),
        ({"stop_prospecting": {"rep": "R99", "quarter": 2}}, ["R99", "R01"]),
    ],
)
def test_bad_input_names_the_problem(kwargs, words):
    with pytest.raises(ValueError) as err:
        sefkit.simulate(**{"n_reps": 2, "quarters": 1, **kwargs})
    for word in words:
        assert word in str(err.value)


def test_overrides_do_not_mutate_the_callers_dict():
    hours = {"prospecting": 5.0}
    team = sefkit.simulate(seed=1, hours=hours, **SMALL)
    assert hours == {"prospecting": 5.0}
    assert team.params["hours"]["prospecting"] == 5.0


def _before(team, t0, *, inclusive_monday=True):
    """Every record of a team dated before ``t0`` (the Monday ``t0`` itself for snapshots and forecasts)."""
    monday = (lambda d: d <= t0) if inclusive_monday else (lambda d: d < t0)
    o = team.opportunities
    return {
        "activities": team.activities[team.activities["week"] < t0],
        "calls": team.calls[team.calls["date"] < t0].drop(columns="call_id"),
        "snapshots": team.snapshots[monday(team.snapshots["as_of"])],
        "forecasts": team.forecasts[monday(team.forecasts["as_of"])],
        "opp_history": team.opp_history[team.opp_history["date"] < t0],
        "coaching": team.coaching[team.coaching["week"] < t0],
        "opportunities": o[o["created"] < t0][["opp_id", "rep_id", "account_id", "source", "created"]],
    }


def _assert_same(a: dict, b: dict):
    for name in a:
        pd.testing.assert_frame_equal(a[name].reset_index(drop=True), b[name].reset_index(drop=True), obj=name)


def test_a_coaching_plan_changes_nothing_before_it_starts():
    plan = {"start_quarter": "2025Q3", "minutes": {"R02": {"calls": 90, "qualification": 30}}}
    base = sefkit.simulate(seed=11, n_reps=4, quarters=5)
    coached = sefkit.simulate(seed=11, n_reps=4, quarters=5, coaching_plan=plan)
    t0 = base.quarter_bounds("2025Q3")[0]
    _assert_same(_before(base, t0), _before(coached, t0))
    assert not base.opportunities.equals(coached.opportunities)
    minutes = coached.coaching[coached.coaching["week"] >= t0]
    assert set(minutes["rep_id"]) == {"R02"} and set(minutes["component"]) == {"calls", "qualification"}
    skills = coached.truth.rep_skills.set_index(["rep_id", "quarter"])
    before = base.truth.rep_skills.set_index(["rep_id", "quarter"])
    assert skills.loc[("R02", "2026Q1"), "calls"] > before.loc[("R02", "2026Q1"), "calls"]
    assert skills.loc[("R01", "2026Q1"), "calls"] < before.loc[("R01", "2026Q1"), "calls"]


def test_a_do_nothing_plan_and_a_longer_run_keep_earlier_weeks():
    base = sefkit.simulate(seed=12, n_reps=3, quarters=4)
    longer = sefkit.simulate(seed=12, n_reps=3, quarters=6)
    end = base.quarter_bounds("2025Q4")[1]
    _assert_same(_before(base, end, inclusive_monday=False), _before(longer, end, inclusive_monday=False))
    idle = sefkit.simulate(seed=12, n_reps=3, quarters=6, coaching_plan={"start_quarter": 5, "minutes": {}})
    t0 = longer.quarter_bounds("2026Q1")[0]
    _assert_same(_before(longer, t0), _before(idle, t0))
    assert idle.coaching["week"].max() < t0


@pytest.mark.parametrize(
    "plan, words",
    [
        ({"start_quarter": "2030Q1", "minutes": {}}, ["2030Q1", "2025Q1"]),
        ({"start_quarter": "2025Q2", "minutes": {"R09": {"calls": 5}}}, ["R09", "R01"]),
        ({"start_quarter": "2025Q2", "minutes": {"R01": {"golf": 5}}}, ["golf", "deal_management"]),
        ({"start_quarter": "2025Q2", "minutes": {"R01": {"calls": -5}}}, ["calls", "negative", "0 or more"]),
        ({"start_quarter": "2025Q2"}, ["start_quarter", "minutes"]),
        ("calls", ["coaching plan"]),
    ],
)
def test_bad_coaching_plans_are_explained(plan, words):
    with pytest.raises(ValueError) as err:
        sefkit.simulate(seed=0, n_reps=2, quarters=2, coaching_plan=plan)
    for word in words:
        assert word in str(err.value)


def test_every_shipped_scenario_but_enterprise_runs_and_follows_the_contract():
    for name in sefkit.scenarios()["name"]:
        if name == "enterprise":
            continue
        # four quarters, or up to the scenario's last change (a change after the run's end is an error)
        changes = resolve(name)["changes"]
        team = sefkit.simulate(name, seed=1, quarters=max([4] + [c["quarter"] for c in changes]))
        validate(team)
        assert team.scenario == name


@pytest.mark.slow
def test_enterprise_core_run_is_big_and_valid():
    team = sefkit.simulate("enterprise", seed=0, detail="core", quarters=2)
    validate(team)
    assert len(team.reps) == 1000
    assert team.reps["rep_id"].is_unique and team.accounts["account_id"].is_unique


# -- resuming from a checkpoint ----------------------------------------------------------

RESUME_SIZE = {"n_reps": 4, "quarters": 5}


def assert_same_team(a, b):
    for name in SCHEMA:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)
    for name in TRUTH_SCHEMA:
        pd.testing.assert_frame_equal(getattr(a.truth, name), getattr(b.truth, name), obj=f"truth.{name}")
    assert (a.scenario, a.seed, a.params, a.start) == (b.scenario, b.seed, b.params, b.start)


def plan(start, **minutes):
    return {"start_quarter": start, "minutes": minutes}


# (scenario, seed, overrides, checkpoint quarter, checkpointed run's plan, plans resumed from it)
CASES = [
    ("northwind", 0, RESUME_SIZE, "2025Q4", plan("2025Q4"),
     [plan("2025Q4", R01={"calls": 40}), plan("2025Q4", R02={"calls": 60, "hygiene": 15}, R04={"territory": 30}),
      plan("2025Q4"), plan("2025Q4", R01={c: 15 for c in sefkit.data.team.COMPONENTS})]),
    ("northwind", 7, RESUME_SIZE, "2025Q3", None,  # the scenario's coaching until the checkpoint; plans from then or later
     [plan("2025Q3", R03={"prospecting": 90}), plan("2025Q4", R01={"qualification": 45, "forecasting": 10})]),
    ("marketing_surge", 3, RESUME_SIZE, "2025Q3", plan("2025Q3"),  # parameters change from the checkpoint's quarter on
     [plan("2025Q3", R01={"prospecting": 60, "territory": 60})]),
    ("prospecting_only", 5, {"n_reps": 3, "quarters": 4}, "2025Q2", None,  # the scenario's coaching changes later
     [plan("2025Q2", R02={"deal_management": 30}), plan("2025Q4", R01={"calls": 20})]),
    ("northwind", 2, {"n_reps": 3, "quarters": 2, "warmup_weeks": 0}, "2025Q1", None,  # at the very first week
     [plan("2025Q1", R01={"territory": 60, "prospecting": 60})]),
    ("happy_ears", 6, {"n_reps": 3, "quarters": 3}, "2025Q1", plan("2025Q1"),  # right after the warm-up
     [plan("2025Q1", R03={"forecasting": 60, "hygiene": 30}), plan("2025Q3", R01={"calls": 10})]),
]


@pytest.mark.parametrize("scenario, seed, overrides, quarter, base_plan, plans", CASES)
def test_a_resumed_run_equals_the_run_from_scratch(scenario, seed, overrides, quarter, base_plan, plans):
    kw = {"detail": "core", **overrides}
    base, checkpoint = simulate_with_checkpoint(scenario, seed, quarter, coaching_plan=base_plan, **kw)
    assert_same_team(base, sefkit.simulate(scenario, seed, coaching_plan=base_plan, **kw))
    assert (checkpoint.scenario, checkpoint.seed, checkpoint.quarter, checkpoint.detail) == (
        scenario, seed, quarter, "core")
    for p in plans:
        assert_same_team(resume(checkpoint, p), sefkit.simulate(scenario, seed, coaching_plan=p, **kw))


def test_a_resumed_run_equals_the_run_from_scratch_in_full_detail():
    p = plan("2025Q3", R02={"calls": 45, "hygiene": 30})
    _, checkpoint = simulate_with_checkpoint("zombie_pipeline", 4, "2025Q3", coaching_plan=plan("2025Q3"), **RESUME_SIZE)
    resumed = resume(checkpoint, p)
    assert not resumed.activities.empty and not resumed.calls.empty
    assert_same_team(resumed, sefkit.simulate("zombie_pipeline", 4, coaching_plan=p, **RESUME_SIZE))


def test_a_checkpoint_serves_many_runs_and_is_never_changed():
    _, checkpoint = simulate_with_checkpoint("northwind", 1, "2025Q4", detail="core", **RESUME_SIZE)
    state = checkpoint  # the engine's state itself (one Checkpoint class)
    before = {"store": state.store.amount[: state.store.n].copy(), "until": state.customers.until.copy(),
              "open": state.open.copy()}
    first = resume(checkpoint, plan("2025Q4", R01={"calls": 60}))
    resume(checkpoint, plan("2025Q4", R02={"hygiene": 60}))
    assert_same_team(resume(checkpoint, plan("2025Q4", R01={"calls": 60})), first)
    assert np.array_equal(state.store.amount[: state.store.n], before["store"])
    assert np.array_equal(state.customers.until, before["until"])
    assert np.array_equal(state.open, before["open"])
    assert not state.store.amount.flags.writeable and not state.skills.flags.writeable


def test_a_plan_that_changes_earlier_coaching_is_refused():
    _, checkpoint = simulate_with_checkpoint("northwind", 1, "2025Q4", detail="core", **RESUME_SIZE)
    with pytest.raises(ValueError, match="changes coaching before 2025Q4.*only change coaching from 2025Q4 on"):
        resume(checkpoint, plan("2025Q3", R01={"calls": 30}))
    with pytest.raises(ValueError, match="unknown rep 'R09'"):
        resume(checkpoint, plan("2025Q4", R09={"calls": 30}))
    with pytest.raises(ValueError, match="checkpoint quarter '2031Q1' is not a quarter of this run"):
        simulate_with_checkpoint("northwind", 1, "2031Q1", **RESUME_SIZE)
