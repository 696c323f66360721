"""The team and its territory (sefkit/engine/population.py): reps, accounts, starting skills and hours."""

from __future__ import annotations

import numpy as np
import pytest

from sefkit.data.team import COMPONENTS
from sefkit.engine.population import HOUR_PARTS, build, starting_skills, weekly_hours
from sefkit.engine.scenario import resolve
from sefkit.engine.streams import Streams


def _pop(**overrides):
    p = resolve("northwind", **overrides)
    return p, build(p, Streams(0).generator("population"))


def test_each_rep_owns_one_block_of_accounts():
    p, pop = _pop(n_reps=4, accounts_per_rep=30)
    assert pop.rep_ids == ["R01", "R02", "R03", "R04"] and len(pop.account_ids) == 120
    assert pop.account_rep.tolist() == [r for r in range(4) for _ in range(30)]
    assert len(set(pop.account_ids)) == 120 and len(set(pop.territory_ids)) == 4
    assert (pop.hire_days < 0).all()


def test_tiers_follow_the_fit_thresholds_and_potential_grows_with_fit():
    p, pop = _pop(n_reps=10)
    a = p["accounts"]
    assert (pop.tier == np.where(pop.fit >= a["tier_a_fit"], "A", np.where(pop.fit >= a["tier_b_fit"], "B", "C"))).all()
    assert {"A", "B", "C"} <= set(pop.tier)
    # at a given size, potential rises with fit: fit explains potential / size^0.7 exactly
    per_size = pop.potential / (pop.employees / a["employees_median"]) ** 0.7
    assert np.corrcoef(per_size, pop.fit)[0, 1] > 0.95


def test_the_same_generator_seed_draws_the_same_team():
    p = resolve("northwind", n_reps=3)
    one = build(p, Streams(4).generator("population"))
    two = build(p, Streams(4).generator("population"))
    other = build(p, Streams(5).generator("population"))
    assert one.names == two.names and np.array_equal(one.fit, two.fit) and np.array_equal(one.skills0, two.skills0)
    assert not np.array_equal(one.fit, other.fit)


def test_each_rep_starts_with_a_clearly_weakest_skill_and_named_skills_are_set():
    p = resolve("northwind", n_reps=7, skills={"reps": {"R02": {"calls": 0.9}}})
    sk = starting_skills(p, np.random.default_rng(3), [f"R0{i}" for i in range(1, 8)])
    weakest = sk.argmin(axis=1)
    assert sorted(np.delete(weakest, 1)) == sorted(set(np.delete(weakest, 1)))  # different reps, different weaknesses
    gap = np.sort(sk, axis=1)[:, 1] - np.sort(sk, axis=1)[:, 0]
    assert (gap[np.arange(7) != 1] >= 0.05 - 1e-12).all()
    assert sk[1, COMPONENTS.index("calls")] == 0.9
    assert ((sk >= 0.05) & (sk <= 0.95)).all()


def test_weekly_hours_keep_each_reps_total_and_stopping_prospecting_moves_it_to_deals():
    p, pop = _pop(n_reps=3, stop_prospecting={"rep": "R02", "quarter": 2})
    total = sum(p["hours"][part] for part in HOUR_PARTS)
    before = weekly_hours(p, pop, 0, p)
    after = weekly_hours(p, pop, 1, p)  # quarter 2 is zero-based quarter 1
    assert before.sum(axis=1) == pytest.approx([total] * 3) and after.sum(axis=1) == pytest.approx([total] * 3)
    assert (before > 0).all() and after[1, 0] == 0.0
    assert after[1, 1] == pytest.approx(before[1, 0] + before[1, 1])
    assert np.array_equal(after[[0, 2]], before[[0, 2]])  # the other reps go on as before
