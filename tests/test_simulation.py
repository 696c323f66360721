"""simulate(): the contract, determinism, detail levels, coaching plans and bad input."""

from __future__ import annotations

import pandas as pd
import pytest

import sefkit
from sefkit.team import SCHEMA, TRUTH_SCHEMA, validate

SMALL = {"n_reps": 3, "quarters": 3}


@pytest.fixture(scope="module")
def northwind():
    return sefkit.simulate("northwind", seed=0)


def test_northwind_follows_the_contract(northwind):
    validate(northwind)
    for name in SCHEMA:
        assert len(getattr(northwind, name)) > 0, f"{name} is empty"
    for name, cols in TRUTH_SCHEMA.items():
        assert list(getattr(northwind.truth, name).columns[: len(cols)]) == list(cols)
    assert northwind.quarters == sefkit.periods.quarter_labels("2025-01-06", 8)
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
