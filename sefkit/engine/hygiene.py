"""Pipeline hygiene: closing dead deals out and keeping close dates honest.

A deal whose buyer has gone silent is *dead*, but stays open in the CRM until the
rep notices. Each week the rep closes a dead deal (as ``no_decision``) with
probability ``notice_rate x hygiene^2``; a manager forces it out after
``max_zombie_weeks``. Until then it is a *zombie*: no calls, stale stage, still
counted in pipeline and forecasts.

When an open deal reaches its close date, the rep moves the date (slippage,
recorded in ``opp_history``). With probability ``hygiene`` the new date is an honest
estimate of the remaining work (about ``expected_weeks / 4`` per stage left);
otherwise it is pushed a few weeks (1 to ``lazy_push_max_weeks``), so zombies and
slow deals get pushed again and again.

>>> notice_prob({"notice_rate": 0.6}, np.array([0.5, 1.0])).tolist()
[0.15, 0.6]
"""

from __future__ import annotations

import numpy as np


def notice_prob(h: dict, hygiene_skill):
    """Weekly chance the rep closes out a dead deal."""
    return h["notice_rate"] * hygiene_skill**2


def push_days(h: dict, expected_weeks: float, hygiene_skill, stage, u_choice, u_len) -> np.ndarray:
    """Days from the push to the new close date.

    >>> push_days({"lazy_push_max_weeks": 4}, 12.0, np.array([1.0, 0.0]), np.array([2, 2]),
    ...           np.array([0.5, 0.5]), np.array([0.5, 0.5])).tolist()
    [42, 21]
    """
    honest = np.round(7.0 * np.maximum(4 - stage, 1) * expected_weeks / 4.0 * (0.75 + 0.5 * u_len))
    lazy = 7 * (1 + np.floor(u_len * h["lazy_push_max_weeks"]))
    return np.where(u_choice < hygiene_skill, honest, lazy).astype(np.int64)
