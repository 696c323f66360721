"""Coaching: where the manager's time goes, and what a coaching plan would change.

* :func:`coaching_summary` -- the minutes a week each rep was coached on each
  SEF component (from ``team.coaching``).
* :func:`check_plan` -- a coaching plan checked and written the one way the engine
  reads it: ``{rep_id: {component: minutes_per_week}}``.
* :func:`what_if` -- a plan run forward through the simulation, against a
  "do nothing" baseline with the same seed.

A **coaching plan** gives minutes of coaching per week, per rep and per component.
It can be a dictionary ``{"R01": {"calls": 60}}``, a wide DataFrame (one row per
rep, indexed by rep id, one column per component) or a long DataFrame with the
columns ``rep_id``, ``component`` and ``minutes``. A rep or component left out of
the plan gets no coaching.

**The manager's week.** A first-line manager has at most
:data:`MANAGER_MINUTES_PER_WEEK` minutes (20 hours) a week for coaching: half of
a 40-hour week, the other half going to forecast calls, hiring, reporting and the
manager's own meetings. A plan that asks one manager for more (summed over the
reps who report to that manager, from ``team.reps.manager_id``) is refused.

>>> check_plan(_two_rep_team(), {"R01": {"calls": 60}})
{'R01': {'calls': 60.0}}
>>> check_plan(_two_rep_team(), {"R01": {"calls": -5}})
Traceback (most recent call last):
...
ValueError: coaching minutes cannot be negative: R01 calls has -5.0
"""

from __future__ import annotations

import numbers

import pandas as pd

from .selection import by_quarter, by_rep, rep_list
from .team import COMPONENTS, Team, check_component

#: Most coaching minutes one manager can give in a week, over all their reps (20 hours).
MANAGER_MINUTES_PER_WEEK = 1200


def _two_rep_team() -> Team:
    """Two reps of one manager over one quarter, with three weeks of coaching (for examples)."""
    reps = pd.DataFrame({"rep_id": ["R01", "R02"], "name": ["Ada", "Ben"], "manager_id": ["M1", "M1"],
                         "territory_id": ["T1", "T2"], "hire_date": pd.to_datetime(["2024-01-01"] * 2),
                         "segment": ["SMB", "SMB"]})
    quotas = pd.DataFrame({"rep_id": ["R01", "R02"], "quarter": ["2025Q1"] * 2, "quota": [1e5] * 2})
    coaching = pd.DataFrame({
        "rep_id": ["R01", "R01", "R01", "R02"],
        "week": pd.to_datetime(["2025-01-06", "2025-01-13", "2025-01-20", "2025-01-06"]),
        "component": ["calls", "calls", "hygiene", "prospecting"],
        "minutes": [30.0, 30.0, 13.0, 26.0],
    })
    return Team.build(reps=reps, quotas=quotas, coaching=coaching)


def coaching_summary(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """How many minutes a week, on average, each rep was coached on each component.

    Args:
        team: the team.
        rep: one rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` (None: every quarter).

    Returns:
        One row per rep (index ``rep_id``, reps never coached show zeros), one
        column per component in :data:`~sefkit.team.COMPONENTS` plus ``total``:
        the minutes in ``team.coaching`` for the selection divided by the number
        of weeks in it (13 a quarter).

    In the example R01 had 30 + 30 minutes on calls and 13 on hygiene, R02 26 on
    prospecting, over one 13-week quarter:

    >>> s = coaching_summary(_two_rep_team())
    >>> s[["prospecting", "calls", "hygiene", "total"]]
            prospecting     calls  hygiene     total
    rep_id
    R01             0.0  4.615385      1.0  5.615385
    R02             2.0  0.000000      0.0  2.000000
    """
    reps = rep_list(team, rep) or team.rep_ids
    quarters = [team.check_quarter(quarter)] if quarter is not None else team.quarters
    if not quarters:
        raise ValueError("the team has no quarters (its quotas table is empty)")
    rows = by_quarter(team, by_rep(team, team.coaching, rep), quarter, "week")
    weeks = 13 * len(quarters)
    table = (
        rows.groupby(["rep_id", "component"])["minutes"].sum().unstack("component")
        .reindex(index=reps, columns=list(COMPONENTS)).fillna(0.0) / weeks
    )
    table.index.name = "rep_id"
    table.columns.name = None
    table["total"] = table.sum(axis=1)
    return table


def _plan_as_dict(plan) -> dict:
    """The plan as ``{rep: {component: minutes}}``, whatever shape it came in."""
    if isinstance(plan, pd.DataFrame):
        if {"rep_id", "component", "minutes"} <= set(plan.columns):
            out: dict = {}
            for r, c, m in plan[["rep_id", "component", "minutes"]].itertuples(index=False):
                out.setdefault(r, {})
                out[r][c] = out[r].get(c, 0) + m
            return out
        return {r: dict(row.items()) for r, row in plan.iterrows()}
    if isinstance(plan, dict):
        for r, minutes in plan.items():
            if not isinstance(minutes, dict):
                raise ValueError(
                    f"the plan for rep {r!r} must be a dictionary of minutes per component, "
                    f"like {{'calls': 30}}; got {minutes!r}"
                )
        return plan
    raise ValueError(
        "a coaching plan is a dictionary like {'R01': {'calls': 30}}, a DataFrame with one row "
        "per rep and one column per component, or a DataFrame with columns rep_id, component, minutes"
    )


def check_plan(team: Team, plan) -> dict[str, dict[str, float]]:
    """A coaching plan, checked against the team and written as ``{rep: {component: minutes}}``.

    Args:
        team: the team the plan is for.
        plan: minutes of coaching per week per rep and component (see the module
            docstring for the accepted shapes).

    Returns:
        A new dictionary with float minutes; zero entries are dropped.

    Raises:
        ValueError: for an unknown rep or component, minutes that are negative or
            not a number, or more minutes than a manager has in a week
            (:data:`MANAGER_MINUTES_PER_WEEK`).

    >>> check_plan(_two_rep_team(), {"R01": {"calls": 30, "hygiene": 0}, "R02": {}})
    {'R01': {'calls': 30.0}}
    >>> check_plan(_two_rep_team(), {"R01": {"calls": 700}, "R02": {"hygiene": 600}})
    Traceback (most recent call last):
    ...
    ValueError: the plan asks manager M1 for 1300 minutes of coaching a week (reps R01, R02); a manager has at most 1200
    """
    out: dict[str, dict[str, float]] = {}
    for r, minutes in _plan_as_dict(plan).items():
        team.check_rep(r)
        for c, m in minutes.items():
            check_component(c)
            if isinstance(m, bool) or not isinstance(m, numbers.Real) or pd.isna(m):
                raise ValueError(f"coaching minutes must be numbers: {r} {c} has {m!r}")
            if m < 0:
                raise ValueError(f"coaching minutes cannot be negative: {r} {c} has {float(m)}")
            if m > 0:
                out.setdefault(r, {})[c] = float(m)
    _check_manager_time(team, out)
    return out


def _check_manager_time(team: Team, plan: dict[str, dict[str, float]]) -> None:
    per_rep = pd.Series({r: sum(m.values()) for r, m in plan.items()}, dtype="float64")
    if per_rep.empty:
        return
    managers = team.reps.set_index("rep_id")["manager_id"] if len(team.reps) else pd.Series(dtype=object)
    manager = managers.reindex(per_rep.index).fillna("of the team")
    for m, total in per_rep.groupby(manager).sum().items():
        if total > MANAGER_MINUTES_PER_WEEK:
            who = ", ".join(per_rep.index[manager == m])
            raise ValueError(
                f"the plan asks manager {m} for {total:.0f} minutes of coaching a week (reps {who}); "
                f"a manager has at most {MANAGER_MINUTES_PER_WEEK}"
            )


__all__ = ["MANAGER_MINUTES_PER_WEEK", "check_plan", "coaching_summary"]
