"""Forecasts: perceived win chances, forecast categories and the weekly call.

Every Monday each rep rates each open deal. The rep's belief is the deal's win
chance computed with the *perceived* commitment (see :mod:`.qualification`) and,
as a deal advances, a growing signal of how the buyer really leans
(``forecast.signal`` per stage: 0 = no signal, 1 = the rep knows). Dead deals the
rep has not noticed are rated as if alive. The belief is then multiplied by
``1 + optimism`` (``forecast.optimism + forecast.skill_effect (0.5 - forecasting
skill)``), capped at 1.

Category: ``commit`` when the belief is at least ``commit_threshold``,
``best_case`` when at least ``best_case_threshold``, otherwise ``pipeline``. The
weekly forecast for the current quarter is: commit = won so far this quarter +
commit deals closing this quarter; best case = commit + best-case deals closing
this quarter; pipeline = every open deal closing this quarter.
"""

from __future__ import annotations

import numpy as np

from ..data.team import OPEN_STAGES
from .progress import reach_prob, status_quo_prob, weekly_rates, win_prob
from .qualification import optimism
from .skills import SKILL


def belief(p: dict, sk: np.ndarray, perceived, commitment, stage, svc, attention, competition, u_decision):
    """The rep's rating of each deal's chance to be won (0-1)."""
    a, b, h = weekly_rates(p["calls"], sk[:, SKILL.calls], perceived, stage, svc, p["deals"]["call_rate"])
    reach = reach_prob(a, b, h, stage)
    decide = 1.0 - status_quo_prob(p["decision"], perceived)
    prior = win_prob(p["decision"], p["product"], sk[:, SKILL.deal_management], perceived, attention, competition)
    truth = win_prob(p["decision"], p["product"], sk[:, SKILL.deal_management], commitment, attention, competition)
    signal = np.array([p["forecast"]["signal"][s] for s in OPEN_STAGES])[stage]
    rated = reach * decide * ((1 - signal) * prior + signal * (u_decision < truth))
    return np.clip(rated * (1.0 + optimism(p, sk[:, SKILL.forecasting])), 0.0, 1.0)


def category(p: dict, rated) -> np.ndarray:
    """Forecast category code of each deal: 0 pipeline, 1 best case, 2 commit.

    >>> category({"forecast": {"commit_threshold": 0.6, "best_case_threshold": 0.3}},
    ...          np.array([0.1, 0.3, 0.9])).tolist()
    [0, 1, 2]
    """
    f = p["forecast"]
    return (rated >= f["best_case_threshold"]).astype(np.int8) + (rated >= f["commit_threshold"])
