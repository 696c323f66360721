"""``simulate``: a seeded, causal simulation of a sales team.

>>> team = simulate("northwind", seed=1, n_reps=3, quarters=2)
>>> team.reps["rep_id"].tolist(), team.quarters
(['R01', 'R02', 'R03'], ['2025Q1', '2025Q2'])
>>> simulate("northwind", seed=1, n_reps=3, quarters=2).opportunities.equals(team.opportunities)
True
>>> simulate("nowhere")
Traceback (most recent call last):
...
ValueError: unknown scenario 'nowhere'; valid scenarios: northwind, prospecting_only, ...
"""

from __future__ import annotations

import numbers

from .scenario import check_coaching_plan, resolve
from .team import Team

DETAILS = ("full", "core")


def simulate(scenario: str = "northwind", seed: int = 0, *, coaching_plan: dict | None = None,
             detail: str = "full", **overrides) -> Team:
    """Simulate a sales team and return its tables.

    Args:
        scenario: a shipped scenario name (see ``sefkit.scenarios()``).
        seed: a whole number >= 0; the same scenario and seed give identical tables.
        coaching_plan: None, or ``{"start_quarter": "2026Q3", "minutes": {rep_id:
            {component: minutes_per_week}}}``. From that quarter on it replaces the
            scenario's coaching; before it the run is identical to the run without a plan.
        detail: ``"full"`` for every table, or ``"core"`` (faster) to leave activities,
            opp_history, snapshots and calls empty.
        **overrides: scenario parameters, for example ``n_reps=5, quarters=4`` or
            ``hours={"prospecting": 8}`` (nested dicts are merged into the defaults).

    Returns:
        A :class:`~sefkit.team.Team` whose tables follow ``sefkit.team.SCHEMA``, with
        ``truth`` (the hidden skills, hours and deal commitments), ``scenario``,
        ``seed``, ``params`` (every parameter used) and ``start``.

    >>> simulate(seed=2, n_reps=2, quarters=1, detail="core").activities.empty
    True
    """
    from .engine.loop import simulate_arrays
    from .engine.tables import build

    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, not {seed!r}")
    seed = int(seed)
    if detail not in DETAILS:
        raise ValueError(f"unknown detail {detail!r}; valid choices: {', '.join(DETAILS)}")
    params = resolve(scenario, **overrides)
    plan = check_coaching_plan(coaching_plan, params)
    run = simulate_arrays(params, seed, plan, full=detail == "full")
    return build(run, scenario, seed)
