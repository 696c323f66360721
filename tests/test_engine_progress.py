"""Deal progress: capacity, calls, stalls, decisions and the reach-a-decision formula."""

from __future__ import annotations

import numpy as np

from sefkit.engine import progress
from sefkit.engine.scenario import resolve

P = resolve("northwind")


def test_service_is_shared_capacity():
    need = np.array([1.0, 1.0, 1.0, 1.0, 2.0])
    rep = np.array([0, 0, 0, 0, 1])
    svc = progress.service(need, rep, np.array([2.0, 10.0, 3.0]))
    assert svc.tolist() == [0.5, 1.0, 1.0]


def test_reach_probability_matches_a_monte_carlo_of_the_weekly_chain():
    rng = np.random.default_rng(0)
    a, b, h = 0.25, 0.05, 0.03
    n = 40_000
    for start in (0, 2):
        stage = np.full(n, start)
        alive = np.ones(n, bool)
        reached = np.zeros(n, bool)
        for _ in range(400):
            u = rng.random(n)
            go = alive & ~reached
            adv = go & (u < a)
            back = go & (u >= a) & (u < a + b) & (stage > 0)
            die = go & (u >= a + b) & (u < a + b + h)
            stage = stage + adv - back
            reached |= stage == 4
            alive &= ~die
        exact = progress.reach_prob(np.array([a]), np.array([b]), np.array([h]), np.array([start]))[0]
        assert abs(reached.mean() - exact) < 0.01


def test_calls_advance_more_with_skill_commitment_economic_buyer_and_planning():
    cp = P["calls"]
    base = progress.advance_prob(cp, 0.5, 0.5, 0, 0)
    assert progress.advance_prob(cp, 0.8, 0.5, 0, 0) > base
    assert progress.advance_prob(cp, 0.5, 0.8, 0, 0) > base
    assert progress.advance_prob(cp, 0.5, 0.5, 1, 0) > base
    assert progress.advance_prob(cp, 0.5, 0.5, 0, 1) > base
    assert progress.setback_prob(cp, 0.2, 0.2, base) > progress.setback_prob(cp, 0.8, 0.8, base)


def test_starved_and_uncommitted_deals_stall_more():
    cp = P["calls"]
    assert progress.stall_hazard(cp, 0.5, 5) > progress.stall_hazard(cp, 0.5, 1)
    assert progress.stall_hazard(cp, 0.2, 1) > progress.stall_hazard(cp, 0.8, 1)


def test_decisions_favour_skill_commitment_attention_and_no_competitor():
    d, prod = P["decision"], P["product"]
    base = progress.win_prob(d, prod, 0.5, 0.5, 1.0, False)
    assert progress.win_prob(d, prod, 0.8, 0.5, 1.0, False) > base
    assert progress.win_prob(d, prod, 0.5, 0.8, 1.0, False) > base
    assert progress.win_prob(d, prod, 0.5, 0.5, 0.5, False) < base
    assert progress.win_prob(d, prod, 0.5, 0.5, 1.0, True) < base
    better = {**prod, "competitive_shift": 0.6}
    assert progress.win_prob(d, better, 0.5, 0.5, 1.0, True) > progress.win_prob(d, prod, 0.5, 0.5, 1.0, True)
    assert progress.status_quo_prob(d, 0.2) > progress.status_quo_prob(d, 0.8)


def test_win_chance_falls_when_the_rep_is_overloaded():
    skills = np.full((2, 7), 0.5)
    chance = progress.win_chance(P, skills, np.array([0.5, 0.5]), np.array([0, 0]), np.array([1.0, 0.4]),
                                 np.array([1.0, 0.4]), np.array([False, False]))
    assert chance[1] < chance[0]
