"""Sales calls: how often a call moves a deal forward, and what helps it do so.

Every call in ``team.calls`` ends one of three ways (:data:`~sefkit.data.team.CALL_OUTCOMES`):

* **advance**: the deal moved forward (the buyer agreed a next step);
* **continuation**: the deal is still alive but did not move;
* **setback**: the deal went backwards.

Definitions used here (calls belong to the quarter of their ``date``):

* **advance rate** = calls with outcome advance / all calls;
* **calls per advance** = all calls / calls with outcome advance;
* **economic buyer present** on a deal = an economic buyer was on at least one of
  the deal's calls, whenever it happened; the deal outcomes compared use
  :mod:`sefkit.components.deals` (deals belong to the quarter in which they closed).

>>> from sefkit.data.examples import tiny_team
>>> advance_rate(tiny_team())[["rep_id", "calls", "advance", "advance_rate"]]
  rep_id  calls  advance  advance_rate
0    R01     10        5      0.500000
1    R02      6        2      0.333333
"""

from __future__ import annotations

import pandas as pd

from ..data.selection import by_quarter, by_rep, describe, detail, selected_reps
from ..data.team import CALL_OUTCOMES, DECIDED_OUTCOMES, Team
from . import deals as deal_metrics

_RATES = [f"{o}_rate" for o in CALL_OUTCOMES]


def _calls(team: Team, rep, quarter) -> pd.DataFrame:
    """The calls of the selection; ValueError when there are none."""
    calls = detail(team, "calls", "sales calls")
    calls = by_quarter(team, by_rep(team, calls, rep), quarter, "date")
    if calls.empty:
        raise ValueError(f"no sales calls recorded for {describe(rep, quarter)}; choose another rep or quarter")
    return calls


def _count_calls(calls: pd.DataFrame, by: str, groups) -> pd.DataFrame:
    """Calls counted by outcome per group, with the share of each outcome.

    Groups without a call keep zero counts and missing shares.
    """
    counts = (
        calls.groupby([by, "outcome"], observed=True).size().unstack("outcome")
        .reindex(index=groups, columns=list(CALL_OUTCOMES)).fillna(0).astype("int64")
    )
    counts.columns.name = None
    counts.insert(0, "calls", counts.sum(axis=1))
    for outcome, rate in zip(CALL_OUTCOMES, _RATES, strict=True):
        counts[rate] = counts[outcome] / counts["calls"].where(counts["calls"] > 0)
    return counts


def _rep_index(team: Team, rep) -> pd.Index:
    return pd.Index(selected_reps(team, rep), name="rep_id")


def advance_rate(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """How often each rep's calls move a deal forward (and how often they stall it or set it back).

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None: every quarter).

    Returns:
        One row per rep with ``rep_id``, ``calls``, the counts ``advance``,
        ``continuation`` and ``setback``, and their shares of the rep's calls
        ``advance_rate``, ``continuation_rate`` and ``setback_rate`` (the three add
        up to 1). A rep without calls in the selection keeps zero counts and
        missing rates.

    Raises:
        ValueError: unknown rep or quarter, or no call in the selection.

    R01 made 8 calls in 2025Q1 and advanced 4 (calls 1, 2, 3 and 8):

    >>> from sefkit.data.examples import tiny_team
    >>> table = advance_rate(tiny_team(), rep="R01", quarter="2025Q1")
    >>> table[["rep_id", "calls", "advance", "advance_rate", "continuation_rate", "setback_rate"]]
      rep_id  calls  advance  advance_rate  continuation_rate  setback_rate
    0    R01      8        4           0.5               0.25          0.25
    """
    calls = _calls(team, rep, quarter)
    return _count_calls(calls, "rep_id", _rep_index(team, rep)).reset_index()


def calls_per_advance(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """How many calls each rep needs to move a deal forward one step.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None: every quarter).

    Returns:
        One row per rep with ``rep_id``, ``calls``, ``advances`` (calls whose
        outcome was advance), ``deals`` (different deals called on),
        ``calls_per_deal`` and ``calls_per_advance`` (= calls / advances; missing
        when the rep advanced nothing, which ``advances`` = 0 shows).

    Raises:
        ValueError: unknown rep or quarter, or no call in the selection.

    >>> from sefkit.data.examples import tiny_team
    >>> calls_per_advance(tiny_team())   # R01: 10 calls, 5 advances; R02: 6 calls, 2 advances
      rep_id  calls  advances  deals  calls_per_deal  calls_per_advance
    0    R01     10         5      5             2.0                2.0
    1    R02      6         2      3             2.0                3.0
    """
    calls = _calls(team, rep, quarter)
    reps = _rep_index(team, rep)
    counts = _count_calls(calls, "rep_id", reps)
    out = pd.DataFrame(
        {
            "calls": counts["calls"],
            "advances": counts["advance"],
            "deals": calls.groupby("rep_id", observed=True)["opp_id"].nunique().reindex(reps, fill_value=0).astype("int64"),
        }
    )
    out["calls_per_deal"] = out["calls"] / out["deals"].where(out["deals"] > 0)
    out["calls_per_advance"] = out["calls"] / out["advances"].where(out["advances"] > 0)
    return out.reset_index()


def economic_buyer_effect(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """Do deals end better when the economic buyer was on a call? Closed deals with and without one.

    A deal counts as "economic buyer present" when an economic buyer was on at
    least one of its calls, at any time. The deals compared are those closed in
    the selection (won, lost or no decision; disqualified deals are left out),
    with win rate, no-decision rate and cycle length as defined in
    :mod:`sefkit.components.deals`.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None: every quarter).

    Returns:
        Two rows, ``economic_buyer_present`` True then False, with ``won``,
        ``lost``, ``no_decision``, ``decided``, ``win_rate``,
        ``no_decision_rate`` and ``median_cycle_days``. A row with no decided deal
        has missing rates (its ``decided`` is 0).

    Raises:
        ValueError: unknown rep or quarter, no deal closed in the selection, or no
        call recorded on any of those deals.

    An economic buyer joined calls on deals 1, 2, 5 and 7 (three won, one lost)
    but never on deals 3 and 8 (no decision, lost):

    >>> from sefkit.data.examples import tiny_team
    >>> economic_buyer_effect(tiny_team())[["economic_buyer_present", "won", "decided", "win_rate"]]
       economic_buyer_present  won  decided  win_rate
    0                    True    3        4      0.75
    1                   False    0        2      0.00
    """
    calls = detail(team, "calls", "sales calls")
    closed = deal_metrics.closed_deals(team, rep, quarter)
    if closed.empty:
        raise ValueError(f"no deals closed for {describe(rep, quarter)}; choose another rep or quarter")
    called = calls[calls["opp_id"].isin(closed["opp_id"])]
    if called.empty:
        raise ValueError(f"no sales calls recorded on the deals closed for {describe(rep, quarter)}")
    with_buyer = called.loc[called["economic_buyer_present"], "opp_id"].unique()
    closed = closed.assign(economic_buyer_present=closed["opp_id"].isin(with_buyer))
    flags = pd.Index([True, False], name="economic_buyer_present")
    counts = deal_metrics.count_outcomes(closed, "economic_buyer_present").reindex(flags)
    count_cols = list(DECIDED_OUTCOMES) + ["decided"]
    counts[count_cols] = counts[count_cols].fillna(0).astype("int64")
    cycle = deal_metrics.cycle_days(closed).groupby(closed["economic_buyer_present"]).median()
    counts["median_cycle_days"] = cycle.reindex(flags).astype("float64")
    return counts.reset_index()


def planned_call_effect(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """Do planned calls move deals forward more often than unplanned ones?

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None: every quarter).

    Returns:
        Two rows, ``planned`` True then False, with ``calls``, ``advance``,
        ``continuation``, ``setback``, ``advance_rate``, ``continuation_rate`` and
        ``setback_rate`` (as in :func:`advance_rate`).

    Raises:
        ValueError: unknown rep or quarter, or no call in the selection.

    >>> from sefkit.data.examples import tiny_team
    >>> planned_call_effect(tiny_team())[["planned", "calls", "advance", "advance_rate"]]
       planned  calls  advance  advance_rate
    0     True      8        6         0.750
    1    False      8        1         0.125
    """
    calls = _calls(team, rep, quarter)
    return _count_calls(calls, "planned", pd.Index([True, False], name="planned")).reset_index()
