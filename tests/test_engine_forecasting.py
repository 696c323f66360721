"""Forecasting (sefkit/engine/forecasting.py): the rep's rating of each deal and its forecast category."""

from __future__ import annotations

import numpy as np

from sefkit.data.team import COMPONENTS
from sefkit.engine.forecasting import belief, category
from sefkit.engine.scenario import resolve

P = resolve("northwind")


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


def test_categories_follow_the_thresholds_at_their_edges():
    f = {"forecast": {"commit_threshold": 0.6, "best_case_threshold": 0.3}}
    rated = np.array([0.0, 0.2999, 0.3, 0.5999, 0.6, 1.0])
    assert category(f, rated).tolist() == [0, 0, 1, 1, 2, 2]


def test_a_rating_never_leaves_zero_to_one_even_for_the_wildest_optimist():
    n = 50
    sk = np.full((n, 7), 0.5)
    sk[:, COMPONENTS.index("forecasting")] = 0.0  # the least skilled forecaster: the most optimism
    wild = {**P, "forecast": {**P["forecast"], "optimism": 5.0}}
    args = (np.full(n, 0.9), np.full(n, 0.9), np.full(n, 3), np.ones(n), np.ones(n), np.zeros(n, bool),
            np.linspace(0.001, 0.999, n))
    rated = belief(wild, sk, *args)
    assert ((rated >= 0) & (rated <= 1)).all() and (rated == 1.0).any()
