"""simulate(): the contract, determinism, detail levels, coaching plans and bad input."""

from __future__ import annotations

import pandas as pd
import pytest

import sefkit
from sefkit.data.team import SCHEMA, TRUTH_SCHEMA, validate

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
        team = sefkit.simulate(name, seed=1, quarters=4)
        validate(team)
        assert team.scenario == name


@pytest.mark.slow
def test_enterprise_core_run_is_big_and_valid():
    team = sefkit.simulate("enterprise", seed=0, detail="core", quarters=2)
    validate(team)
    assert len(team.reps) == 1000
    assert team.reps["rep_id"].is_unique and team.accounts["account_id"].is_unique
