"""The capstone's teams: each trainee's own team, built from their trainee id alone.

The capstone notebook and its answer key both call :func:`trainee_team`, so the
team a trainee works on and the team their answers are graded against are the
same whenever the id is. docs/ASSIGNMENT_CAPSTONE.md explains the design.

* :func:`trainee_seed` turns an id into a seed (a hash: the same id gives the
  same seed on any machine; capitals and surrounding spaces do not count);
* :func:`team_mix` draws, from the seed, the scenario (the ecosystem issue of
  lesson 9) and a team-wide weakness on top, or none;
* :func:`trainee_team` simulates the team as it stands on the morning of
  :data:`DECISION_QUARTER`: :data:`HISTORY_QUARTERS` quarters of history;
* :func:`next_quota` and :func:`coverage_today` give what the CRM shows that
  morning about the quarter ahead: each rep's quota and the pipeline due in it.

>>> trainee_seed("Ana.Lopez ") == trainee_seed("ana.lopez")
True
>>> team_mix(trainee_seed("ana.lopez")) == team_mix(trainee_seed("ANA.LOPEZ"))
True
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

#: Quarters of history the trainee has: the morning of the next one is the decision day.
HISTORY_QUARTERS = 6
#: The quarter the trainee plans for (the first after the history).
DECISION_QUARTER = "2026Q3"
#: The trainee's manager id, their minutes of coaching a week, and the reference plans' minutes a rep.
MANAGER, BUDGET, MINUTES = "M01", 480.0, 60.0
#: The ecosystem issues of lesson 9 a team may have (shipped scenario names).
ECOSYSTEM = ("product_gap", "marketing_surge")
#: A team-wide weakness on top of the ecosystem issue: name -> scenario parameters (None: no weakness).
WEAKNESS = {
    "none": {},
    "weak hygiene": {"skills": {"mean": {"hygiene": 0.3}}},
    "optimistic forecasters": {"skills": {"mean": {"forecasting": 0.3}}, "forecast": {"optimism": 0.2}},
}
#: Changes every seed when the design of the teams changes (old submissions then say so).
_SALT = "sef-capstone/1:"


def normal_id(trainee_id) -> str:
    """The id as grading compares it: text, surrounding spaces removed, lower case.

    >>> normal_id("  Ana.Lopez")
    'ana.lopez'
    >>> normal_id("")
    Traceback (most recent call last):
    ...
    ValueError: the trainee id is empty: type your trainee id in quotes, such as trainee_id = "ana.lopez"
    """
    if not isinstance(trainee_id, str):
        raise ValueError(f"the trainee id should be text in quotes, such as \"ana.lopez\"; got {trainee_id!r}")
    found = trainee_id.strip().lower()
    if not found:
        raise ValueError('the trainee id is empty: type your trainee id in quotes, such as trainee_id = "ana.lopez"')
    return found


def trainee_seed(trainee_id: str) -> int:
    """The seed of a trainee's team: a hash of their id, a whole number below 2**31.

    >>> trainee_seed("ana.lopez") == trainee_seed("ana.lopez"), 0 <= trainee_seed("ben") < 2**31
    (True, True)
    """
    digest = hashlib.sha256((_SALT + normal_id(trainee_id)).encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % 2**31


def team_mix(seed: int) -> dict:
    """The scenario and the team-wide weakness of the team with this seed.

    Returns ``{"scenario": ..., "weakness": ..., "overrides": {...}}``: the shipped
    scenario (:data:`ECOSYSTEM`), the weakness's name (:data:`WEAKNESS`) and the
    scenario parameters it sets.

    >>> sorted(team_mix(7))
    ['overrides', 'scenario', 'weakness']
    >>> team_mix(7)["scenario"] in ECOSYSTEM
    True
    """
    rng = np.random.default_rng([seed, 16])
    scenario = ECOSYSTEM[int(rng.integers(len(ECOSYSTEM)))]
    weakness = list(WEAKNESS)[int(rng.integers(len(WEAKNESS)))]
    return {"scenario": scenario, "weakness": weakness, "overrides": WEAKNESS[weakness]}


def trainee_team(trainee_id: str, *, quarters: int = HISTORY_QUARTERS, detail: str = "full"):
    """The trainee's team on the morning of :data:`DECISION_QUARTER` (``quarters`` of history).

    A longer run (``quarters=7``) is the same team one quarter later: its first six
    quarters are this team's (tests/test_capstone.py checks it).
    """
    from ..engine.simulation import simulate

    seed = trainee_seed(trainee_id)
    mix = team_mix(seed)
    return simulate(mix["scenario"], seed=seed, quarters=quarters, detail=detail, **mix["overrides"])


def next_quota(team) -> float:
    """Each rep's quota for the quarter after the team's last: the scenario's quota rule one quarter on.

    The same rule as the engine's (``quota.per_rep`` grown by ``quota.growth_per_quarter``
    a quarter, rounded to 100), so it is the quota the quarter's attainment is measured
    against (tests/test_capstone.py checks it against a run one quarter longer).

    >>> from sefkit import simulate
    >>> next_quota(simulate("northwind", seed=0, quarters=2))   # 170,000 grown 2 % twice
    176900.0
    """
    rule = team.params["quota"]
    return float(round(rule["per_rep"] * (1 + rule["growth_per_quarter"]) ** len(team.quarters), -2))


def coverage_today(team) -> pd.DataFrame:
    """Each rep's coverage of the quarter ahead, as the CRM shows it on the morning of :data:`DECISION_QUARTER`.

    The deals open in the team's last pipeline snapshot (the last quarter's final
    Monday) whose close date falls in the quarter ahead, their money, the quarter's
    quota (:func:`next_quota`) and the coverage (:func:`sefkit.pipeline.coverage_of`):
    what :func:`sefkit.pipeline.coverage` counts on a quarter's first day, from the
    freshest snapshot a manager has that morning.

    Returns:
        One row per rep: ``rep_id``, ``deals_due``, ``pipeline``, ``quota``, ``coverage``.

    >>> from sefkit import simulate
    >>> coverage_today(simulate("northwind", seed=0, quarters=2)).columns.tolist()
    ['rep_id', 'deals_due', 'pipeline', 'quota', 'coverage']
    """
    from ..components import pipeline

    first, start = team.quarter_bounds(team.quarters[-1])  # the quarter ahead starts when the last one ends
    end = start + (start - first)  # and is as long (13 weeks)
    open_deals = pipeline.open_pipeline(team, pipeline.snapshot_span(team)[1])
    due = open_deals[(open_deals["close_date"] >= start) & (open_deals["close_date"] < end)]
    out = (due.groupby("rep_id")["amount"].agg(deals_due="size", pipeline="sum")
           .reindex(team.rep_ids, fill_value=0).rename_axis("rep_id").reset_index())
    out["deals_due"] = out["deals_due"].astype("int64")
    out["pipeline"] = out["pipeline"].astype("float64")
    out["quota"] = next_quota(team)
    out["coverage"] = pipeline.coverage_of(out["pipeline"], out["quota"])
    return out


def my_reps(team) -> list[str]:
    """The reps who report to :data:`MANAGER` (the trainee), from the reps table."""
    return list(team.reps.loc[team.reps["manager_id"] == MANAGER, "rep_id"])
