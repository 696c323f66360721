"""Selecting rows of a team's tables by rep and quarter, with clear errors.

Every analytics function accepts the same optional filters:

* ``rep``: one rep id (``"R01"``) or a list of them; ``None`` means the whole team.
* ``quarter``: one quarter label as in ``team.quotas`` (``"2025Q1"``) or a list of
  them (``["2025Q1", "2025Q2"]``: those quarters pooled together); ``None`` means
  every quarter.

Unknown values raise ValueError listing what is valid, so a typo never turns into
an empty, silently NaN answer.

>>> from sefkit.data.examples import tiny_team
>>> team = tiny_team()
>>> len(by_rep(team, team.opportunities, "R02"))
3
>>> by_rep(team, team.opportunities, "R9")
Traceback (most recent call last):
...
ValueError: unknown rep 'R9'; valid reps: R01, R02
"""

from __future__ import annotations

import numpy as np
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


def selected_reps(team: Team, rep) -> list[str]:
    """The validated rep ids a ``rep`` filter means: those given, or every rep of the team for None.

    >>> from sefkit.data.examples import tiny_team
    >>> selected_reps(tiny_team(), None), selected_reps(tiny_team(), "R02")
    (['R01', 'R02'], ['R02'])
    """
    return rep_list(team, rep) or team.rep_ids


def by_rep(team: Team, df: pd.DataFrame, rep, column: str = "rep_id") -> pd.DataFrame:
    """Rows of ``df`` belonging to the rep(s) in ``rep`` (all rows when None)."""
    reps = rep_list(team, rep)
    if reps is None:
        return df
    return df[df[column].isin(reps)]


def quarter_list(team: Team, quarter) -> list[str] | None:
    """The validated quarter labels a ``quarter`` filter means, in calendar order (None for every quarter).

    ``quarter`` is one label or a list of them; every label must be one of the
    team's quarters, and an empty list is an error (it would select nothing).

    >>> from sefkit.data.examples import tiny_team
    >>> team = tiny_team()
    >>> quarter_list(team, "2025Q2")
    ['2025Q2']
    >>> quarter_list(team, ["2025Q2", "2025Q1", "2025Q2"])   # calendar order, each once
    ['2025Q1', '2025Q2']
    >>> quarter_list(team, [])
    Traceback (most recent call last):
    ...
    ValueError: the quarter filter is empty; valid quarters: 2025Q1, 2025Q2
    """
    if quarter is None:
        return None
    try:
        quarters = [quarter] if isinstance(quarter, str) else list(quarter)
    except TypeError:  # a single value that is not a label, such as 2025: named in the error below
        quarters = [quarter]
    if not quarters:
        raise ValueError(f"the quarter filter is empty; valid quarters: {', '.join(team.quarters)}")
    for q in quarters:
        team.check_quarter(q)
    return [q for q in team.quarters if q in quarters]


def quota_rows(team: Team, rep, quarters: list[str] | None) -> pd.DataFrame:
    """The quota rows (rep_id, quarter, quota) of the selection, by rep in team order, then by quarter; maybe none.

    ``quarters`` is a list of checked labels (None: every quarter).

    >>> from sefkit.data.examples import tiny_team
    >>> quota_rows(tiny_team(), None, ["2025Q2"])
      rep_id quarter     quota
    0    R01  2025Q2  100000.0
    1    R02  2025Q2  100000.0
    """
    quotas = by_rep(team, team.quotas, rep)
    if quarters is not None:
        quotas = quotas[quotas["quarter"].isin(quarters)]
    rep_order = {r: i for i, r in enumerate(team.rep_ids)}
    quarter_order = {q: i for i, q in enumerate(team.quarters)}
    position = quotas["rep_id"].map(rep_order) * len(quarter_order) + quotas["quarter"].map(quarter_order)
    ordered = quotas.iloc[np.argsort(position.to_numpy(), kind="stable")]
    return ordered[["rep_id", "quarter", "quota"]].reset_index(drop=True)


def rep_quarter_grid(team: Team, rep, quarters: list[str] | None) -> pd.DataFrame:
    """The rep-quarters a per-rep, per-quarter table reports: :func:`quota_rows`, never empty.

    Tables with one row per rep and quarter (coverage, slippage, forecasts ...)
    start from this grid, so a rep-quarter with nothing in it still gets its row.

    Raises:
        ValueError: no quota is set for the selection.

    >>> from sefkit.data.examples import tiny_team
    >>> rep_quarter_grid(tiny_team(), "R02", None)
      rep_id quarter     quota
    0    R02  2025Q1  100000.0
    1    R02  2025Q2  100000.0
    >>> from sefkit.data.team import Team
    >>> rep_quarter_grid(Team(), None, None)
    Traceback (most recent call last):
    ...
    ValueError: no quota is set for the whole team
    """
    quotas = quota_rows(team, rep, quarters)
    if quotas.empty:
        raise ValueError(f"no quota is set for {describe(rep, quarters)}")
    return quotas


def in_quarter(team: Team, dates: pd.Series, quarter) -> pd.Series:
    """Boolean mask: which ``dates`` fall inside ``quarter``, one label or a list of them.

    Each quarter includes its first day and excludes the next quarter's first
    day. With a list, a date counts when it falls in any of the quarters.

    >>> from sefkit.data.examples import tiny_team
    >>> team = tiny_team()
    >>> int(in_quarter(team, team.opportunities.closed_on, "2025Q2").sum())
    2
    >>> int(in_quarter(team, team.opportunities.closed_on, ["2025Q1", "2025Q2"]).sum())   # 5 + 2
    7
    """
    mask = pd.Series(False, index=dates.index)
    for q in quarter_list(team, quarter) or team.quarters:
        first, after = team.quarter_bounds(q)
        mask |= (dates >= first) & (dates < after)
    return mask


def by_quarter(team: Team, df: pd.DataFrame, quarter, column: str) -> pd.DataFrame:
    """Rows of ``df`` whose date ``column`` falls in ``quarter``: one label, a list of them, or None (all rows)."""
    if quarter is None:
        return df
    return df[in_quarter(team, df[column], quarter)]


def by_period(team: Team, df: pd.DataFrame, quarter, column: str) -> pd.DataFrame:
    """Rows of ``df`` whose date ``column`` falls in ``quarter``, or in any of the team's quarters when None.

    Unlike :func:`by_quarter`, None leaves out rows dated outside the team's
    quarters (for example deals created while a simulated team was warming up,
    whose prospecting is not in its activities). The table itself comes back
    when nothing is left out (no copy of a big table).

    >>> import pandas as pd
    >>> from sefkit.data.examples import tiny_team
    >>> team = tiny_team()
    >>> early = pd.DataFrame({"created": pd.to_datetime(["2024-12-30", "2025-01-06", "2025-04-07"])})
    >>> by_period(team, early, None, "created")["created"].dt.date.tolist()
    [datetime.date(2025, 1, 6), datetime.date(2025, 4, 7)]
    >>> by_period(team, early, "2025Q2", "created")["created"].dt.date.tolist()
    [datetime.date(2025, 4, 7)]
    """
    if quarter is not None:
        return by_quarter(team, df, quarter, column)
    quarters = team.quarters
    if not quarters:
        return df
    first, after = team.quarter_bounds(quarters[0])[0], team.quarter_bounds(quarters[-1])[1]
    inside = (df[column] >= first) & (df[column] < after)
    return df if inside.all() else df[inside]


def factorize(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of a column's values and the values they stand for (-1 for a missing value).

    The fast way to count a big table's rows per rep or account (``np.bincount``
    on the codes). A categorical column already holds its codes (the large
    tables store ids as categories), so they are used as they are instead of
    being worked out again.

    >>> import pandas as pd
    >>> codes, values = factorize(pd.Series(["R02", "R01", None, "R02"]))
    >>> codes.tolist(), values.tolist()
    ([0, 1, -1, 0], ['R02', 'R01'])
    >>> codes, values = factorize(pd.Series(["R02", "R01"], dtype="category"))
    >>> codes.tolist(), values.tolist()
    ([1, 0], ['R01', 'R02'])
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), values.cat.categories
    codes, uniques = pd.factorize(values)
    return codes, pd.Index(uniques)


def detail(team: Team, table: str, what: str) -> pd.DataFrame:
    """One of the team's detail tables (activities, calls), or ValueError when it is empty.

    ``what`` names its rows in the message, for example "sales calls".

    >>> from sefkit.data.team import Team
    >>> detail(Team(), "calls", "sales calls")
    Traceback (most recent call last):
    ...
    ValueError: the team has no sales calls at all (a team simulated with detail="core" leaves them out; simulate it with detail="full")
    """
    rows = getattr(team, table)
    if rows.empty:
        raise ValueError(
            f"the team has no {what} at all "
            '(a team simulated with detail="core" leaves them out; simulate it with detail="full")'
        )
    return rows


def describe(rep=None, quarter=None) -> str:
    """Plain words for a selection, for error messages.

    >>> describe("R01", "2025Q1")
    'rep R01 in 2025Q1'
    >>> describe(quarter=["2025Q1", "2025Q2"])
    'the whole team in 2025Q1, 2025Q2'
    >>> describe()
    'the whole team'
    """
    who = "the whole team" if rep is None else f"rep {rep}" if isinstance(rep, str) else f"reps {', '.join(rep)}"
    if quarter is None:
        return who
    return f"{who} in {quarter if isinstance(quarter, str) else ', '.join(map(str, quarter))}"
