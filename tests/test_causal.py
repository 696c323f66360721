"""The course's causal claims hold in the simulated data (issue 2, tests (a)-(f)).

Each test runs a scenario and its baseline over 20 seeds with the same seed on
both sides (common random numbers), and compares means with margins of about half
the effect the model produces, plus a paired count where the effect should show
in nearly every seed. The metrics are the project's own definitions
(:mod:`sefkit.components.deals`, :mod:`sefkit.components.pipeline`, :mod:`sefkit.components.forecast`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sefkit
from sefkit.components.deals import count_outcomes, cycle_days, won_amount
from sefkit.components.forecast import forecast_vs_actual
from sefkit.components.pipeline import coverage, zombies

SEEDS = range(20)
pytestmark = pytest.mark.slow


_RUNS: dict[str, sefkit.Team] = {}


def run(scenario: str, seed: int, detail: str = "core", **overrides) -> sefkit.Team:
    """A simulated team, computed once per module (baselines are shared by several tests)."""
    key = repr((scenario, seed, detail, sorted(overrides.items())))
    if key not in _RUNS:
        _RUNS[key] = sefkit.simulate(scenario, seed, detail=detail, **overrides)
    return _RUNS[key]


def outcome_rates(team, quarters) -> pd.Series:
    """Deals created and closed in ``quarters``, with won, lost, no decision, rates, revenue and cycle."""
    o = team.opportunities
    closed = o[team.quarter_of(o["closed_on"]).isin(quarters)].assign(team="all")
    counts = count_outcomes(closed, "team").iloc[0]
    decided = closed[closed["outcome"].isin(["won", "lost", "no_decision"])]
    return pd.Series({
        "created": int(team.quarter_of(o["created"]).isin(quarters).sum()),
        "win_rate": counts["win_rate"],
        "no_decision_rate": counts["no_decision_rate"],
        "revenue": float(decided.loc[decided["outcome"] == "won", "amount"].sum()),
        "cycle": float(cycle_days(decided).median()),
    })


def paired(scenario_a, scenario_b, quarters=None, **overrides_b) -> tuple[pd.DataFrame, pd.DataFrame]:
    base, alt = [], []
    for seed in SEEDS:
        a = run(scenario_a, seed)
        b = run(scenario_b, seed, **overrides_b)
        qs = a.quarters if quarters is None else [a.quarters[i] for i in quarters]
        base.append(outcome_rates(a, qs))
        alt.append(outcome_rates(b, qs))
    return pd.DataFrame(base), pd.DataFrame(alt)


def test_a_prospecting_only_coaching_fails_a_cycle_later():
    """More opportunities, but a lower win rate, more no-decision and less revenue in quarters 6-8."""
    base, alt = paired("northwind", "prospecting_only", quarters=[5, 6, 7])
    assert alt["created"].mean() > base["created"].mean() * 1.02
    assert (alt["created"] > base["created"]).sum() >= 16
    assert alt["win_rate"].mean() < base["win_rate"].mean() - 0.02
    assert (alt["win_rate"] < base["win_rate"]).sum() >= 16
    assert alt["no_decision_rate"].mean() > base["no_decision_rate"].mean() + 0.02
    assert alt["revenue"].mean() < 0.92 * base["revenue"].mean()
    assert (alt["revenue"] < base["revenue"]).sum() >= 15
    # ... while the first two quarters, before the change, are the same run
    early_base, early_alt = paired("northwind", "prospecting_only", quarters=[0, 1])
    pd.testing.assert_frame_equal(early_base, early_alt)


def test_b_lower_qualification_skill_lowers_win_rate_and_lengthens_cycles():
    base, alt = paired("northwind", "northwind", skills={"mean": {"qualification": 0.25}})
    assert alt["win_rate"].mean() < base["win_rate"].mean() - 0.02
    assert (alt["win_rate"] < base["win_rate"]).sum() >= 16
    assert alt["cycle"].mean() > base["cycle"].mean() + 4
    assert (alt["cycle"] > base["cycle"]).sum() >= 15


def test_c_a_rep_who_stops_prospecting_loses_revenue_one_cycle_later():
    """Stopping in quarter 3: no drop that quarter, a clear drop in the two quarters after."""
    base, stop = [], []
    for seed in SEEDS:
        a = run("northwind", seed, n_reps=4)
        b = run("northwind", seed, n_reps=4, stop_prospecting={"rep": "R01", "quarter": 3})
        base.append([won_amount(a, "R01", q) for q in a.quarters])
        stop.append([won_amount(b, "R01", q) for q in b.quarters])
    base, stop = np.array(base), np.array(stop)
    assert (base[:, :2] == stop[:, :2]).all()  # quarters 1-2: nothing has changed yet
    assert stop[:, 2].mean() >= 0.85 * base[:, 2].mean()  # quarter 3: the pipeline still closes
    later = slice(3, 5)  # quarters 4-5: about one sales cycle (~90 days) on
    assert stop[:, later].mean() < 0.7 * base[:, later].mean()
    assert (stop[:, later].sum(axis=1) < base[:, later].sum(axis=1)).sum() >= 15


def test_d_more_optimism_gives_a_positive_forecast_bias():
    def bias(team):
        scored = forecast_vs_actual(team, week=7)
        return scored["forecast"].sum() / scored["actual"].sum() - 1

    base = np.array([bias(run("northwind", s)) for s in SEEDS])
    happy = np.array([bias(run("happy_ears", s)) for s in SEEDS])
    assert happy.mean() > 0.1
    assert happy.mean() > base.mean() + 0.2
    assert (happy > base).sum() >= 18


def test_e_poor_hygiene_leaves_zombies_and_inflates_coverage():
    def measure(scenario, seed):
        team = run(scenario, seed, "full", quarters=4)
        starts = [team.quarter_bounds(q)[0] for q in team.quarters[1:]]
        zombie_count = np.mean([len(zombies(team, as_of)) for as_of in starts])
        return zombie_count, coverage(team)["coverage"].mean()

    base = np.array([measure("northwind", s) for s in SEEDS])
    poor = np.array([measure("zombie_pipeline", s) for s in SEEDS])
    assert poor[:, 0].mean() > 2 * base[:, 0].mean() + 1
    assert (poor[:, 0] > base[:, 0]).sum() >= 16
    assert poor[:, 1].mean() > base[:, 1].mean() + 0.3
    assert (poor[:, 1] > base[:, 1]).sum() >= 15


def test_f_a_low_fit_marketing_surge_brings_more_opportunities_and_a_lower_win_rate():
    base, alt = paired("northwind", "marketing_surge", quarters=[3, 4, 5, 6, 7])
    assert alt["created"].mean() > 1.3 * base["created"].mean()
    assert (alt["created"] > base["created"]).all()
    assert alt["win_rate"].mean() < base["win_rate"].mean() - 0.04
    assert (alt["win_rate"] < base["win_rate"]).sum() >= 17
