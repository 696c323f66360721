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

Coaching what-ifs run many coaching plans that differ only from one quarter on.
:func:`simulate_with_checkpoint` simulates once and keeps a
:class:`~sefkit.engine.loop.Checkpoint` at the start of that quarter; :func:`resume`
then runs another plan from there, simulating only the weeks after it, and returns
exactly the team :func:`simulate` would (docs/MODEL.md, section 1, "Resuming").

>>> plan = {"start_quarter": "2025Q2", "minutes": {"R01": {"calls": 60}}}
>>> base, checkpoint = simulate_with_checkpoint("northwind", 1, "2025Q2", n_reps=3, quarters=2, detail="core")
>>> again = resume(checkpoint, plan)
>>> again.opportunities.equals(
...     simulate("northwind", 1, n_reps=3, quarters=2, detail="core", coaching_plan=plan).opportunities)
True
"""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING

from ..data.team import Team
from .plans import check_schedule
from .scenario import quarter_number, resolve

if TYPE_CHECKING:
    from .loop import Checkpoint

DETAILS = ("full", "core")


def _check(seed, detail) -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, not {seed!r}")
    if detail not in DETAILS:
        raise ValueError(f"unknown detail {detail!r}; valid choices: {', '.join(DETAILS)}")
    return int(seed)


def simulate(scenario: str = "northwind", seed: int = 0, *, coaching_plan: dict | None = None,
             detail: str = "full", **overrides) -> Team:
    """Simulate a sales team and return its tables.

    Args:
        scenario: a shipped scenario name (see ``sefkit.scenarios()``).
        seed: a whole number >= 0; the same scenario and seed give identical tables.
        coaching_plan: None, or ``{"start_quarter": "2026Q3", "minutes": plan}`` where
            ``plan`` gives minutes a week per rep and component, such as
            ``{"R01": {"calls": 60}}`` (any shape of :mod:`sefkit.engine.plans`).
            From that quarter on it replaces the scenario's coaching (reps it leaves
            out get none); before it the run is identical to the run without a plan.
            It may ask no manager for more than ``plans.MANAGER_MINUTES_PER_WEEK``.
        detail: ``"full"`` for every table, or ``"core"`` (faster) to leave activities,
            opp_history, snapshots and calls empty.
        **overrides: scenario parameters, for example ``n_reps=5, quarters=4`` or
            ``hours={"prospecting": 8}`` (nested dicts are merged into the defaults).

    Returns:
        A :class:`~sefkit.data.team.Team` whose tables follow ``sefkit.data.team.SCHEMA``, with
        ``truth`` (the hidden skills, hours and deal commitments), ``scenario``,
        ``seed``, ``params`` (every parameter used) and ``start``.

    >>> simulate(seed=2, n_reps=2, quarters=1, detail="core").activities.empty
    True
    """
    return _simulate(scenario, seed, coaching_plan, detail, overrides, None)[0]


def simulate_with_checkpoint(scenario: str, seed: int, quarter, *, coaching_plan: dict | None = None,
                             detail: str = "full", **overrides) -> tuple[Team, Checkpoint]:
    """:func:`simulate`, and a :class:`~sefkit.engine.loop.Checkpoint` at the start of ``quarter`` to :func:`resume` from.

    Args:
        quarter: the quarter of the checkpoint, a label such as ``"2027Q1"`` or a
            number from 1; the other arguments are those of :func:`simulate`.

    Returns:
        ``(team, checkpoint)``; ``team`` is exactly what :func:`simulate` returns.
        ``checkpoint.scenario``, ``.seed``, ``.quarter`` (its label) and ``.detail``
        say which run it belongs to; its arrays are read-only.

    >>> _, cp = simulate_with_checkpoint("northwind", 1, 2, n_reps=2, quarters=2, detail="core")
    >>> cp.scenario, cp.seed, cp.quarter, cp.detail
    ('northwind', 1, '2025Q2', 'core')
    """
    return _simulate(scenario, seed, coaching_plan, detail, overrides, quarter)


def resume(checkpoint: Checkpoint, coaching_plan: dict | None) -> Team:
    """The team :func:`simulate` would give with ``coaching_plan``, simulated from ``checkpoint`` on.

    Same scenario, seed, parameters and detail as the run that made the checkpoint;
    only the weeks from the checkpoint's quarter on are simulated.

    Raises:
        ValueError: a plan that changes coaching before the checkpoint's quarter (it
            must start in that quarter or later, with the same coaching before it
            as the checkpointed run), or a bad plan (as :func:`simulate`).
    """
    from .loop import Run
    from .tables import build

    plan = check_schedule(coaching_plan, checkpoint.params)
    run = Run.resume(checkpoint, plan).run()
    return build(run, checkpoint.scenario, checkpoint.seed)


def _simulate(scenario, seed, coaching_plan, detail, overrides, quarter) -> tuple[Team, Checkpoint | None]:
    from .loop import Run
    from .tables import build

    seed = _check(seed, detail)
    params = resolve(scenario, **overrides)
    plan = check_schedule(coaching_plan, params)
    keep = None if quarter is None else quarter_number(quarter, params, "checkpoint quarter")
    run = Run.fresh(params, seed, plan, full=detail == "full", scenario=scenario, keep_quarter=keep).run()
    return build(run, scenario, seed), run.checkpoint
