"""Coaching and how skills change.

Each week a rep receives some coaching minutes on each component. Coaching works
with a lag (``coaching.lag_weeks``) and with diminishing returns twice over: extra
minutes in a week help less and less (``1 - exp(-minutes / half_minutes)``), and a
skill near the top has little room left (``1 - skill``). A skill that gets no
coaching does not grow; it fades very slowly (``coaching.decay`` per week, a
proportion of the skill), a documented simplification of "use it or lose it".
Enablement (``enablement.boost``) multiplies the effect of every coaching minute.

>>> s = np.array([[0.5]])
>>> round(float(step(s, np.array([[30.0]]), gain=0.01, half=30.0, decay=0.001, boost=0.0)[0, 0]), 5)
0.50316
>>> round(float(step(s, np.array([[0.0]]), gain=0.01, half=30.0, decay=0.001, boost=0.0)[0, 0]), 5)
0.4995
"""

from __future__ import annotations

import numpy as np

from ..team import COMPONENTS
from .population import Population
from .timeline import WEEKS, Timeline


def step(skills: np.ndarray, minutes: np.ndarray, gain: float, half: float, decay: float, boost: float) -> np.ndarray:
    """Skills one week later, given the coaching minutes that take effect this week."""
    grow = gain * (1.0 + boost) * (1.0 - np.exp(-minutes / half)) * (1.0 - skills)
    fade = np.where(minutes > 0, 0.0, decay * skills)
    return np.clip(skills + grow - fade, 0.0, 1.0)


def coaching_minutes(timeline: Timeline, pop: Population, plan: dict | None) -> np.ndarray:
    """Minutes per week, rep and component for every reported week: ``(weeks, reps, 7)``.

    The scenario's allocation (``coaching.minutes``, the same for every rep) applies
    until a coaching plan starts; from the plan's first quarter its minutes replace
    it (reps the plan does not name get none).
    """
    n = len(pop.rep_ids)
    out = np.zeros((timeline.n_weeks, n, len(COMPONENTS)))
    for q, p in enumerate(timeline.by_quarter):
        weeks = slice(q * WEEKS, (q + 1) * WEEKS)
        if plan is not None and q >= plan["start_quarter"]:
            for rep, per_comp in plan["minutes"].items():
                r = pop.rep_ids.index(rep)
                for comp, m in per_comp.items():
                    out[weeks, r, COMPONENTS.index(comp)] = m
        else:
            out[weeks] = np.array([p["coaching"]["minutes"][c] for c in COMPONENTS], dtype=float)
    return out


def trajectories(timeline: Timeline, pop: Population, minutes: np.ndarray, known: np.ndarray | None = None) -> np.ndarray:
    """Every rep's skills in every simulated week (warm-up included): ``(weeks, reps, 7)``.

    Skills stay at their starting values through the warm-up. Minutes given in week
    ``t`` change skills from week ``t + lag + 1``; in the first weeks the lag reaches
    back before the start, where coaching is assumed to have matched week 0.

    ``known``: the skills of the first weeks when they are already known (from a
    run resumed at a checkpoint, :class:`~.loop.Checkpoint`); the trajectory goes
    on from its last row, which must depend only on minutes that ``minutes`` shares
    with the run that computed it.
    """
    weeks = timeline.weeks
    out = np.empty((len(weeks), *pop.skills0.shape))
    if known is None:
        out[0] = pop.skills0
        done = 1
    else:
        done = len(known)
        out[:done] = known
    s = out[done - 1]
    for i in range(done, len(weeks)):
        w = weeks[i - 1]  # the week whose coaching step leads to row i
        if w >= 0:
            p = timeline.p(w)
            c = p["coaching"]
            s = step(s, minutes[max(w - c["lag_weeks"], 0)], c["gain"], c["half_minutes"], c["decay"],
                     p["enablement"]["boost"])
        out[i] = s
    return out
