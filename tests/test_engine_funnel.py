"""Prospecting funnel, qualification, hygiene and forecasting mechanisms."""

from __future__ import annotations

import numpy as np

import sefkit
from sefkit.engine import hygiene, qualification
from sefkit.engine.forecasting import belief, category
from sefkit.engine.population import build
from sefkit.engine.prospecting import pick_accounts
from sefkit.engine.scenario import resolve
from sefkit.engine.store import MARKETING, OUTBOUND, REFERRAL
from sefkit.engine.streams import Streams

P = resolve("northwind")


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


def _rows(n, source, q):
    p = dict(P)
    pop = build(p, Streams(0).generator("population"))
    streams = Streams(9)
    rows = {"rep": np.zeros(n, np.int64), "account": np.arange(n) % pop.fit.size,
            "key": streams.keys(np.arange(n)), "source": np.full(n, source, np.int8), "week": np.zeros(n, np.int64)}
    skills = np.full((n, 7), 0.5)
    skills[:, 2] = q
    return qualification.attributes(rows, p, pop, skills, streams)


def test_lax_qualifiers_admit_weaker_deals_and_misread_them_more():
    lax, strict = _rows(20_000, OUTBOUND, 0.15), _rows(20_000, OUTBOUND, 0.85)
    assert lax["admit"].mean() > strict["admit"].mean() + 0.1
    assert lax["commitment"][lax["admit"]].mean() < strict["commitment"][strict["admit"]].mean() - 0.03
    assert (lax["perceived"] - lax["commitment"]).mean() > (strict["perceived"] - strict["commitment"]).mean() + 0.1
    err = lambda a: np.abs(a["perceived"] - a["commitment"]).mean()  # noqa: E731
    assert err(lax) > err(strict)
    assert ((lax["score"] >= 0) & (lax["score"] <= 24)).all()
    assert (lax["fields"].sum(axis=1) == lax["score"]).all()


def test_marketing_leads_are_less_committed_and_referrals_more():
    out, mkt, ref = (_rows(20_000, s, 0.5)["commitment"].mean() for s in (OUTBOUND, MARKETING, REFERRAL))
    assert mkt < out < ref


def test_honest_reps_push_close_dates_by_the_work_left_lazy_ones_by_a_few_weeks():
    h = P["hygiene"]
    stage = np.array([0, 3])
    honest = hygiene.push_days(h, 13.0, np.ones(2), stage, np.zeros(2), np.full(2, 0.5))
    lazy = hygiene.push_days(h, 13.0, np.zeros(2), stage, np.ones(2), np.full(2, 0.5))
    assert honest[0] > honest[1] > 0
    assert (lazy <= 7 * h["lazy_push_max_weeks"]).all() and (lazy >= 7).all()
    assert hygiene.notice_prob(h, 0.9) > 4 * hygiene.notice_prob(h, 0.3)


def test_optimism_raises_ratings_and_categories_follow_the_thresholds():
    n = 200
    sk = np.full((n, 7), 0.5)
    args = (np.full(n, 0.6), np.full(n, 0.6), np.full(n, 3), np.ones(n), np.ones(n), np.zeros(n, bool),
            np.linspace(0.001, 0.999, n))
    honest = belief(P, sk, *args)
    optimist = sk.copy()
    optimist[:, 6] = 0.1
    assert (belief(P, optimist, *args) >= honest).all() and belief(P, optimist, *args).mean() > honest.mean()
    assert honest[:20].mean() > honest[-20:].mean()  # the buyer's real leaning shows late in the deal
    cats = category(P, honest)
    assert set(cats) <= {0, 1, 2}
    assert (honest[cats == 2] >= P["forecast"]["commit_threshold"]).all()


def test_poor_hygiene_pushes_close_dates_more_often():
    def pushes(scenario):
        team = sefkit.simulate(scenario, seed=5, quarters=3)
        h = team.opp_history
        return (h["field"] == "close_date").sum() - len(team.opportunities)

    assert pushes("zombie_pipeline") > 1.2 * pushes("northwind")
