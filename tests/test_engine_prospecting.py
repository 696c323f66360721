"""The prospecting mechanism (sefkit/engine/prospecting.py): which accounts reps work and how activities end."""

from __future__ import annotations

import numpy as np

import sefkit
from sefkit.engine.prospecting import pick_accounts


def test_pick_accounts_follows_the_weights_within_each_rep():
    w = np.array([[1.0, 3.0, 0.0, 4.0], [0.0, 0.0, 1.0, 0.0]])
    rng = np.random.default_rng(0)
    rep = np.repeat([0, 1], 40_000)
    picked = pick_accounts(w, rep, rng.random(rep.size))
    share = np.bincount(picked[rep == 0], minlength=8)[:4] / 40_000
    assert np.allclose(share, [0.125, 0.375, 0.0, 0.5], atol=0.01)
    assert (picked[rep == 1] == 6).all()


def test_territory_skill_steers_activity_to_high_fit_accounts():
    def mean_fit(skill):
        team = sefkit.simulate(seed=2, n_reps=2, quarters=1, skills={"reps": {"R01": {"territory": skill}}})
        fit = team.accounts.set_index("account_id")["icp_fit"]
        acts = team.activities[team.activities["rep_id"] == "R01"]
        return fit[acts["account_id"].astype(str)].mean()

    assert mean_fit(0.9) > mean_fit(0.1) + 0.05


def test_prospecting_skill_books_more_meetings():
    def meetings(skill):
        team = sefkit.simulate(seed=3, n_reps=3, quarters=2, skills={"mean": {"prospecting": skill}, "weakest_gap": 0.0})
        return (team.activities["outcome"] == "meeting").sum()

    assert meetings(0.8) > 1.3 * meetings(0.3)
