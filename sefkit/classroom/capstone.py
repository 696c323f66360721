"""The capstone's teams: each trainee's own team, built from their trainee id alone.

The capstone notebook and its answer key both call :func:`trainee_team`, so the
team a trainee works on and the team their answers are graded against are the
same whenever the id is. docs/ASSIGNMENT_CAPSTONE.md explains the design.

* :func:`trainee_seed` turns an id into a seed (a hash: the same id gives the
  same seed on any machine; capitals and surrounding spaces do not count);
* :func:`team_mix` draws, from the seed, the scenario (the ecosystem issue of
  lesson 9) and a team-wide weakness on top, or none;
* :func:`trainee_team` simulates the team as it stands on the morning of
  :data:`DECISION_QUARTER`: :data:`HISTORY_QUARTERS` quarters of history.

>>> trainee_seed("Ana.Lopez ") == trainee_seed("ana.lopez")
True
>>> team_mix(trainee_seed("ana.lopez")) == team_mix(trainee_seed("ANA.LOPEZ"))
True
"""

from __future__ import annotations

import hashlib

import numpy as np

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


def my_reps(team) -> list[str]:
    """The reps who report to :data:`MANAGER` (the trainee), from the reps table."""
    return list(team.reps.loc[team.reps["manager_id"] == MANAGER, "rep_id"])
