"""Coaching and how skills change; the whole job as a chain.

**Response to coaching** (one week, per rep and skill ``s``, minutes ``m``):

* *Dose* (focus): ``dose = m^2 / (m^2 + half_minutes^2)``, an S-shaped response.
  A few minutes a week barely register; a focused half hour or more does most of
  what a week can do. Spreading the same minutes thinly over many skills
  therefore does less than concentrating them.
* *Room to grow*: ``room = (1 - s) + catch_up x dose x max(level - s, 0)``, where
  ``level`` is the median of the rep's seven skills that week. A skill far below
  the rep's own level (the rep's weakest link) has most room and, given focused
  coaching, catches up fast (closing a specific gap takes focused work, hence the
  second ``dose``); a skill at or above it grows slowly, towards the top
  (diminishing returns).
* *Growth*: ``gain x dose x room``; minutes count ``1 + enablement.boost`` times.
* *Forgetting*: ``decay x (1 - dose) x s`` a week: a skill that is not practised
  with the manager fades; the more coaching, the less it fades.

Coaching given in week ``t`` acts from week ``t + lag_weeks + 1``.

**The chain** (:func:`chain`): the skills the mechanisms use are the rep's
skills shifted by ``chain_weight x (weakest skill - chain_anchor)``: a weak link
drags every part of the job (and a rep whose weakest skill is above the typical
weakest gains everywhere). The hidden truth (``team.truth.rep_skills``) reports
the skills themselves.

>>> s = np.array([[0.5, 0.5, 0.3]])
>>> grown = step(s, np.array([[30.0, 0.0, 30.0]]), gain=0.01, half=30.0, decay=0.001, boost=0.0, catch_up=3.0)
>>> np.round(grown - s, 5).tolist()  # coached at its level, neglected, coached weakest
[[0.00225, -0.0005, 0.00485]]
>>> np.round(chain(np.array([[0.5, 0.5, 0.3]]), weight=0.5, anchor=0.3), 3).tolist()
[[0.5, 0.5, 0.3]]
>>> np.round(chain(np.array([[0.5, 0.5, 0.2]]), weight=0.5, anchor=0.3), 3).tolist()
[[0.45, 0.45, 0.15]]
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np

from ..data.team import COMPONENTS
from .population import Population
from .timeline import WEEKS, Timeline

#: Each component's column in an array of skills (or minutes) per component, in
#: :data:`~sefkit.data.team.COMPONENTS` order: ``skills[rep, SKILL.calls]``.
#: ``SKILL.calls`` is 3, ``SKILL[3]`` is 3 too, and ``SKILL._fields`` is ``COMPONENTS``.
SKILL = namedtuple("Skill", COMPONENTS)(*range(len(COMPONENTS)))


def dose(minutes: np.ndarray, half: float) -> np.ndarray:
    """Share (0-1) of a week's possible growth that ``minutes`` of coaching give: ``m^2 / (m^2 + half^2)``.

    >>> dose(np.array([0.0, 15.0, 30.0, 60.0]), 30.0).round(2).tolist()
    [0.0, 0.2, 0.5, 0.8]
    """
    m2 = np.square(minutes)
    return m2 / (m2 + half * half)


def _median(skills: np.ndarray) -> np.ndarray:
    """Each row's median (rows of seven skills: the fourth smallest)."""
    k = skills.shape[-1]
    part = np.sort(skills, axis=-1)
    mid = part[..., k // 2: k // 2 + 1]
    return mid if k % 2 else 0.5 * (mid + part[..., k // 2 - 1: k // 2])


def step(skills: np.ndarray, minutes: np.ndarray, gain: float, half: float, decay: float, boost: float,
         catch_up: float) -> np.ndarray:
    """Skills one week later, given the coaching minutes that take effect this week (rows: reps)."""
    d = dose(minutes * (1.0 + boost), half)
    level = _median(skills)
    room = (1.0 - skills) + catch_up * d * np.maximum(level - skills, 0.0)
    grow = gain * d * room
    fade = decay * (1.0 - d) * skills
    return np.clip(skills + grow - fade, 0.0, 1.0)


def chain(skills: np.ndarray, weight: float, anchor: float) -> np.ndarray:
    """The skills the mechanisms use: each shifted by ``weight x (rep's weakest skill - anchor)``, clipped to 0-1."""
    weakest = skills.min(axis=-1, keepdims=True)
    return np.clip(skills + weight * (weakest - anchor), 0.0, 1.0)


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
                     p["enablement"]["boost"], c["catch_up"])
        out[i] = s
    return out
