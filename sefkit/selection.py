"""Selecting rows of a team's tables by rep and quarter, with clear errors.

Every analytics function accepts the same optional filters:

* ``rep``: one rep id (``"R01"``) or a list of them; ``None`` means the whole team.
* ``quarter``: one quarter label as in ``team.quotas`` (``"2025Q1"``); ``None`` means
  every quarter.

Unknown values raise ValueError listing what is valid, so a typo never turns into
an empty, silently NaN answer.

>>> from sefkit.examples import tiny_team
>>> team = tiny_team()
>>> len(by_rep(team, team.opportunities, "R02"))
3
>>> by_rep(team, team.opportunities, "R9")
Traceback (most recent call last):
...
ValueError: unknown rep 'R9'; valid reps: R01, R02
"""

from __future__ import annotations

import pandas as pd

from .team import Team


def rep_list(team: Team, rep) -> list[str] | None:
    """The validated list of rep ids a ``rep`` filter means (None for everyone)."""
    if rep is None:
        return None
    reps = [rep] if isinstance(rep, str) else list(rep)
    if not reps:
        raise ValueError(f"the rep filter is empty; valid reps: {', '.join(team.rep_ids)}")
    for r in reps:
        team.check_rep(r)
    return reps


def by_rep(team: Team, df: pd.DataFrame, rep, column: str = "rep_id") -> pd.DataFrame:
    """Rows of ``df`` belonging to the rep(s) in ``rep`` (all rows when None)."""
    reps = rep_list(team, rep)
    if reps is None:
        return df
    return df[df[column].isin(reps)]


def in_quarter(team: Team, dates: pd.Series, quarter: str) -> pd.Series:
    """Boolean mask: which ``dates`` fall inside ``quarter`` (first day included, next quarter's excluded).

    >>> from sefkit.examples import tiny_team
    >>> team = tiny_team()
    >>> int(in_quarter(team, team.opportunities.closed_on, "2025Q2").sum())
    2
    """
    first, after = team.quarter_bounds(quarter)
    return (dates >= first) & (dates < after)


def by_quarter(team: Team, df: pd.DataFrame, quarter, column: str) -> pd.DataFrame:
    """Rows of ``df`` whose date ``column`` falls in ``quarter`` (all rows when None)."""
    if quarter is None:
        return df
    return df[in_quarter(team, df[column], quarter)]


def describe(rep=None, quarter=None) -> str:
    """Plain words for a selection, for error messages.

    >>> describe("R01", "2025Q1")
    'rep R01 in 2025Q1'
    >>> describe()
    'the whole team'
    """
    who = "the whole team" if rep is None else f"rep {rep}" if isinstance(rep, str) else f"reps {', '.join(rep)}"
    return who if quarter is None else f"{who} in {quarter}"
