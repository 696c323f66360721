"""Resuming a run from a checkpoint gives exactly the tables of the same run from scratch."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sefkit
from sefkit.data.team import SCHEMA, TRUTH_SCHEMA
from sefkit.engine.simulation import resume, simulate_with_checkpoint

SMALL = {"n_reps": 4, "quarters": 5}


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
    ("northwind", 0, SMALL, "2025Q4", plan("2025Q4"),
     [plan("2025Q4", R01={"calls": 40}), plan("2025Q4", R02={"calls": 60, "hygiene": 15}, R04={"territory": 30}),
      plan("2025Q4"), plan("2025Q4", R01={c: 15 for c in sefkit.data.team.COMPONENTS})]),
    ("northwind", 7, SMALL, "2025Q3", None,  # the scenario's coaching until the checkpoint; plans from then or later
     [plan("2025Q3", R03={"prospecting": 90}), plan("2025Q4", R01={"qualification": 45, "forecasting": 10})]),
    ("marketing_surge", 3, SMALL, "2025Q3", plan("2025Q3"),  # parameters change from the checkpoint's quarter on
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
    _, checkpoint = simulate_with_checkpoint("zombie_pipeline", 4, "2025Q3", coaching_plan=plan("2025Q3"), **SMALL)
    resumed = resume(checkpoint, p)
    assert not resumed.activities.empty and not resumed.calls.empty
    assert_same_team(resumed, sefkit.simulate("zombie_pipeline", 4, coaching_plan=p, **SMALL))


def test_a_checkpoint_serves_many_runs_and_is_never_changed():
    _, checkpoint = simulate_with_checkpoint("northwind", 1, "2025Q4", detail="core", **SMALL)
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
    _, checkpoint = simulate_with_checkpoint("northwind", 1, "2025Q4", detail="core", **SMALL)
    with pytest.raises(ValueError, match="changes coaching before 2025Q4.*only change coaching from 2025Q4 on"):
        resume(checkpoint, plan("2025Q3", R01={"calls": 30}))
    with pytest.raises(ValueError, match="unknown rep 'R09'"):
        resume(checkpoint, plan("2025Q4", R09={"calls": 30}))
    with pytest.raises(ValueError, match="checkpoint quarter '2031Q1' is not a quarter of this run"):
        simulate_with_checkpoint("northwind", 1, "2031Q1", **SMALL)
