"""Pipeline hygiene (sefkit/engine/hygiene.py): closing dead deals out and moving close dates."""

from __future__ import annotations

import numpy as np

import sefkit
from sefkit.engine import hygiene
from sefkit.engine.scenario import resolve

P = resolve("northwind")


def test_honest_reps_push_close_dates_by_the_work_left_lazy_ones_by_a_few_weeks():
    h = P["hygiene"]
    stage = np.array([0, 3])
    honest = hygiene.push_days(h, 13.0, np.ones(2), stage, np.zeros(2), np.full(2, 0.5))
    lazy = hygiene.push_days(h, 13.0, np.zeros(2), stage, np.ones(2), np.full(2, 0.5))
    assert honest[0] > honest[1] > 0
    assert (lazy <= 7 * h["lazy_push_max_weeks"]).all() and (lazy >= 7).all()
    assert hygiene.notice_prob(h, 0.9) > 4 * hygiene.notice_prob(h, 0.3)


def test_poor_hygiene_pushes_close_dates_more_often():
    def pushes(scenario):
        team = sefkit.simulate(scenario, seed=5, quarters=3)
        h = team.opp_history
        return (h["field"] == "close_date").sum() - len(team.opportunities)

    assert pushes("zombie_pipeline") > 1.2 * pushes("northwind")


def test_notice_chance_is_the_rate_times_hygiene_squared():
    h = {"notice_rate": 0.4}
    assert hygiene.notice_prob(h, np.array([0.0, 0.5, 1.0])).tolist() == [0.0, 0.1, 0.4]


def test_honest_pushes_scale_with_stages_left_and_the_cycle_and_lazy_ones_ignore_both():
    h = {"lazy_push_max_weeks": 4}
    stages = np.array([0, 1, 2, 3])
    ones, mid = np.ones(4), np.full(4, 0.5)
    honest = hygiene.push_days(h, 12.0, ones, stages, np.zeros(4), mid)
    # 7 days x stages left (4, 3, 2, at least 1) x 12 / 4 weeks x (0.75 + 0.5 x 0.5)
    assert honest.tolist() == [84, 63, 42, 21]
    assert hygiene.push_days(h, 24.0, ones, stages, np.zeros(4), mid).tolist() == [168, 126, 84, 42]
    lazy = hygiene.push_days(h, 12.0, np.zeros(4), stages, np.ones(4), mid)
    assert lazy.tolist() == [21, 21, 21, 21]  # 1 + floor(0.5 x 4) weeks, whatever the stage
    assert hygiene.push_days(h, 24.0, np.zeros(4), stages, np.ones(4), mid).tolist() == [21, 21, 21, 21]


def test_the_hygiene_skill_is_the_chance_of_an_honest_push():
    h = {"lazy_push_max_weeks": 4}
    n = 20_000
    u = np.random.default_rng(1).random((2, n))
    days = hygiene.push_days(h, 12.0, np.full(n, 0.3), np.zeros(n, np.int64), u[0], np.full(n, 0.999))
    # the stage-0 honest push is 7 x 4 x 3 x 1.2495 = 105 days, a lazy one at most 28
    assert abs((days > 28).mean() - 0.3) < 0.015
    assert set(np.unique(days)) == {28, 105}
