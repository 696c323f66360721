"""Coaching plans: the one way to write one, and the one check every entry point uses.

A **coaching plan** gives minutes of coaching a week, per rep and per SEF
component. It can be written three ways, all read the same:

* a dictionary ``{"R01": {"calls": 60, "qualification": 30}}``;
* a wide DataFrame: one row per rep (indexed by rep id), one column per component;
* a long DataFrame with the columns ``rep_id``, ``component`` and ``minutes``.

A rep or component left out gets no coaching. :func:`check_plan` checks a plan
against the team's reps and writes it one way, ``{rep_id: {component: minutes}}``
with float minutes and zero entries dropped; ``sefkit.whole_job.coaching``
(``check_plan``, ``what_if``, ``compare_plans``, the coaching lab) and
``sefkit.simulate`` all use it.

**When a plan starts.** ``sefkit.simulate`` and ``resume`` take a plan with the
quarter it starts in, ``coaching_plan={"start_quarter": "2026Q3", "minutes": plan}``
(:func:`check_schedule`); from that quarter on the plan replaces the scenario's
coaching. ``coaching.what_if(team, plan, start_quarter=...)`` takes the two apart.

**The manager's week.** A first-line manager has at most
:data:`MANAGER_MINUTES_PER_WEEK` minutes (20 hours) a week for coaching: half of
a 40-hour week, the other half going to forecast calls, hiring, reporting and the
manager's own meetings. Given who reports to whom, :func:`check_plan` refuses a
plan that asks one manager for more (summed over that manager's reps).

>>> check_plan({"R01": {"calls": 60, "hygiene": 0}}, ["R01", "R02"])
{'R01': {'calls': 60.0}}
>>> check_plan({"R01": {"calls": -5}}, ["R01", "R02"])
Traceback (most recent call last):
...
ValueError: coaching minutes cannot be negative: R01 calls has -5.0 (give 0 or more minutes a week)
>>> check_plan({"R01": {"calls": 700}, "R02": {"calls": 600}}, ["R01", "R02"], {"R01": "M1", "R02": "M1"})
Traceback (most recent call last):
...
ValueError: the plan asks manager M1 for 1300 minutes of coaching a week (reps R01, R02); a manager has at most 1200
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

import pandas as pd

from ..data.team import COMPONENTS
from .population import manager_ids
from .scenario import quarter_number, rep_ids

#: Most coaching minutes one manager can give in a week, over all their reps (20 hours).
MANAGER_MINUTES_PER_WEEK = 1200

#: The shapes a plan may take, for error messages.
PLAN_SHAPES = (
    "a coaching plan is a dictionary like {'R01': {'calls': 30}}, a DataFrame with one row "
    "per rep and one column per component, or a DataFrame with columns rep_id, component, minutes"
)


def _as_dict(plan) -> dict:
    """The plan as ``{rep: {component: minutes}}`` (not yet checked), whatever shape it came in."""
    if isinstance(plan, pd.DataFrame):
        if {"rep_id", "component", "minutes"} <= set(plan.columns):
            out: dict = {}
            for r, c, m in plan[["rep_id", "component", "minutes"]].itertuples(index=False):
                out.setdefault(r, {})
                out[r][c] = out[r].get(c, 0) + m
            return out
        return {r: dict(row.items()) for r, row in plan.iterrows()}
    if isinstance(plan, Mapping):
        for r, minutes in plan.items():
            if not isinstance(minutes, Mapping):
                raise ValueError(
                    f"the plan for rep {r!r} must be a dictionary of minutes per component, "
                    f"like {{'calls': 30}}; got {minutes!r}"
                )
        return dict(plan)
    raise ValueError(PLAN_SHAPES)


def check_plan(plan, reps: Sequence[str], managers: Mapping[str, str] | None = None) -> dict[str, dict[str, float]]:
    """A coaching plan, checked and written as ``{rep_id: {component: minutes}}``.

    Args:
        plan: minutes of coaching a week per rep and component, in any of the
            shapes of the module docstring.
        reps: the team's rep ids (the plan may name only these).
        managers: each rep's manager (``{rep_id: manager_id}``), to hold the plan
            to :data:`MANAGER_MINUTES_PER_WEEK` per manager; None to skip that rule.

    Returns:
        A new dictionary with float minutes; zero entries (and reps left with
        none) are dropped. The plan itself is not changed.

    Raises:
        ValueError: a plan of another shape, an unknown rep or component,
            minutes that are not a finite number or are negative, or more
            minutes than a manager has in a week.

    >>> check_plan({"R01": {"golf": 30}}, ["R01"])
    Traceback (most recent call last):
    ...
    ValueError: the coaching plan for R01 names unknown component 'golf'; valid components: territory, ...
    """
    out: dict[str, dict[str, float]] = {}
    for r, minutes in _as_dict(plan).items():
        if r not in reps:
            raise ValueError(f"the coaching plan names unknown rep {r!r}; valid reps: {', '.join(reps)}")
        for c, m in minutes.items():
            if c not in COMPONENTS:
                raise ValueError(
                    f"the coaching plan for {r} names unknown component {c!r}; "
                    f"valid components: {', '.join(COMPONENTS)}"
                )
            if isinstance(m, bool) or not isinstance(m, numbers.Real) or not math.isfinite(m):
                raise ValueError(f"coaching minutes must be numbers: {r} {c} has {m!r}")
            if m < 0:
                raise ValueError(f"coaching minutes cannot be negative: {r} {c} has {float(m)} "
                                 "(give 0 or more minutes a week)")
            if m > 0:
                out.setdefault(r, {})[c] = float(m)
    if managers is not None:
        _check_manager_time(out, managers)
    return out


def manager_minutes(plan: dict[str, dict[str, float]], managers: Mapping[str, str]) -> pd.Series:
    """Minutes a week a checked plan asks of each manager (``managers``: each rep's manager).

    >>> manager_minutes({"R01": {"calls": 30}, "R02": {"hygiene": 15}}, {"R01": "M1", "R02": "M1"}).to_dict()
    {'M1': 45.0}
    """
    per_rep = pd.Series({r: sum(m.values()) for r, m in plan.items()}, dtype="float64")
    who = pd.Series([managers[r] for r in per_rep.index], index=per_rep.index, dtype=object, name="manager_id")
    return per_rep.groupby(who).sum().rename("minutes")


def _check_manager_time(plan: dict[str, dict[str, float]], managers: Mapping[str, str]) -> None:
    if not plan:
        return
    for m, total in manager_minutes(plan, managers).items():
        if total > MANAGER_MINUTES_PER_WEEK:
            who = ", ".join(r for r in plan if managers[r] == m)
            raise ValueError(
                f"the plan asks manager {m} for {total:.0f} minutes of coaching a week (reps {who}); "
                f"a manager has at most {MANAGER_MINUTES_PER_WEEK}"
            )


def check_schedule(coaching_plan, params: dict) -> dict | None:
    """``simulate``'s ``coaching_plan`` checked: its start quarter, and its minutes by :func:`check_plan`.

    ``coaching_plan`` is None (the scenario's own coaching throughout) or
    ``{"start_quarter": quarter, "minutes": plan}``, the quarter a label such as
    ``"2026Q3"`` or a number from 1. Returns None or the form the engine reads:
    ``{"start_quarter": zero-based quarter, "minutes": {rep_id: {component: minutes}}}``.
    The plan is held to the manager's week (the scenario's ``reps_per_manager``).

    >>> from .scenario import resolve
    >>> p = resolve("northwind", n_reps=2)
    >>> check_schedule({"start_quarter": "2025Q2", "minutes": {"R01": {"calls": 30}}}, p)
    {'start_quarter': 1, 'minutes': {'R01': {'calls': 30.0}}}
    >>> check_schedule({"R01": {"calls": 30}}, p)
    Traceback (most recent call last):
    ...
    ValueError: a coaching plan for simulate must be a dict with keys 'start_quarter' and 'minutes', like {'start_quarter': '2026Q3', 'minutes': {'R01': {'calls': 30}}}
    """
    if coaching_plan is None:
        return None
    if not isinstance(coaching_plan, Mapping) or set(coaching_plan) != {"start_quarter", "minutes"}:
        raise ValueError(
            "a coaching plan for simulate must be a dict with keys 'start_quarter' and 'minutes', like "
            "{'start_quarter': '2026Q3', 'minutes': {'R01': {'calls': 30}}}"
        )
    start = quarter_number(coaching_plan["start_quarter"], params, "coaching plan start_quarter")
    reps = rep_ids(params["n_reps"])
    managers = dict(zip(reps, manager_ids(params), strict=True))
    return {"start_quarter": start, "minutes": check_plan(coaching_plan["minutes"], reps, managers)}
