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
from ..data.team import CALL_OUTCOMES, DECIDED_OUTCOMES, OPEN_STAGES, Team
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


# -- where calls happen, how they are planned, and what the deal load does to them ------------

def _stage_at_call(team: Team, calls: pd.DataFrame) -> pd.Series:
    """The stage each call's deal was in when the call began (before what the call changed).

    The last stage change in ``opp_history`` dated before the call's day; a deal
    with none yet is in ``qualify``, where every deal starts.
    """
    history = team.opp_history
    stages = history.loc[history["field"] == "stage", ["opp_id", "date", "new"]]
    stages = stages[stages["new"].isin(OPEN_STAGES)].sort_values("date", kind="stable")
    left = calls[["opp_id", "date"]].reset_index().sort_values("date", kind="stable")
    merged = pd.merge_asof(left, stages, on="date", by="opp_id", allow_exact_matches=False)
    stage = merged.set_index("index")["new"].reindex(calls.index).fillna(OPEN_STAGES[0])
    return stage.astype(pd.CategoricalDtype(list(OPEN_STAGES), ordered=True))


def calls_by_stage(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """Where in the sales process the calls happen, and how each stage's calls end.

    A call belongs to the stage its deal was in when the call began (the last
    stage change in ``opp_history`` before the call's day; ``qualify`` before any).

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None: every quarter).

    Returns:
        One row per open stage (qualify, discover, propose, negotiate) with
        ``stage``, ``calls``, the counts ``advance``, ``continuation`` and
        ``setback`` and their shares (as in :func:`advance_rate`), ``deals``
        (different deals called on in that stage) and ``calls_per_deal``.

    Raises:
        ValueError: unknown rep or quarter, or no call in the selection.

    Deal 1's calls of 20 January and 10 February came before its moves to
    discover (22 January) and propose (12 February): a qualify call and a
    discover call. R01's discover calls are calls 2, 6, 7 and 8 on deals 1, 3 and 5:

    >>> from sefkit.data.examples import tiny_team
    >>> calls_by_stage(tiny_team(), rep="R01")[["stage", "calls", "advance", "deals", "calls_per_deal"]].round(2)
           stage  calls  advance  deals  calls_per_deal
    0    qualify      2        1      2            1.00
    1   discover      4        2      3            1.33
    2    propose      3        2      3            1.00
    3  negotiate      1        0      1            1.00
    """
    calls = _calls(team, rep, quarter)
    calls = calls.assign(stage=_stage_at_call(team, calls))
    stages = pd.CategoricalIndex(list(OPEN_STAGES), categories=list(OPEN_STAGES), ordered=True, name="stage")
    counts = _count_calls(calls, "stage", stages)
    deals = calls.groupby("stage", observed=False)["opp_id"].nunique().reindex(stages, fill_value=0)
    counts.insert(counts.columns.get_loc("advance_rate"), "deals", deals.astype("int64").to_numpy())
    counts["calls_per_deal"] = counts["calls"] / counts["deals"].where(counts["deals"] > 0)
    out = counts.reset_index()
    out["stage"] = out["stage"].astype(str)
    return out


def planned_share_of(planned, calls):
    """The planning formula: planned calls / all calls.

    >>> planned_share_of(3, 4)
    0.75
    """
    return planned / calls


def call_planning(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """How much of each rep's calling is planned, and how planned and unplanned calls end.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None: every quarter).

    Returns:
        One row per rep with ``rep_id``, ``calls``, ``planned`` (planned calls),
        ``planned_share`` (planned / calls, :func:`planned_share_of`),
        ``planned_advance_rate`` and ``unplanned_advance_rate`` (the advance rate
        of each kind of call; missing when the rep made none of that kind),
        ``economic_buyer_share`` (calls with an economic buyer on them / calls)
        and ``advance_rate`` (all calls). A rep without calls keeps zero counts
        and missing shares.

    Raises:
        ValueError: unknown rep or quarter, or no call in the selection.

    R01 planned 5 of 10 calls; 4 of the 5 planned ones advanced, 1 of the 5 others:

    >>> from sefkit.data.examples import tiny_team
    >>> call_planning(tiny_team())[["rep_id", "planned_share", "planned_advance_rate", "unplanned_advance_rate"]]
      rep_id  planned_share  planned_advance_rate  unplanned_advance_rate
    0    R01            0.5              0.800000                     0.2
    1    R02            0.5              0.666667                     0.0
    """
    calls = _calls(team, rep, quarter)
    reps = _rep_index(team, rep)
    everything = _count_calls(calls, "rep_id", reps)
    by_kind = {flag: _count_calls(calls[calls["planned"] == flag], "rep_id", reps) for flag in (True, False)}
    with_buyer = calls[calls["economic_buyer_present"]].groupby("rep_id", observed=True).size()
    out = pd.DataFrame({"calls": everything["calls"], "planned": by_kind[True]["calls"]})
    out["planned_share"] = planned_share_of(out["planned"], out["calls"].where(out["calls"] > 0))
    out["planned_advance_rate"] = by_kind[True]["advance_rate"]
    out["unplanned_advance_rate"] = by_kind[False]["advance_rate"]
    out["economic_buyer_share"] = with_buyer.reindex(reps, fill_value=0) / out["calls"].where(out["calls"] > 0)
    out["advance_rate"] = everything["advance_rate"]
    return out.reset_index()


def calls_and_load(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """Each rep's deal load beside their calls, quarter by quarter: do busy reps call worse?

    The deal load is :func:`sefkit.components.pipeline.average_open_deals` (open
    deals on a typical Monday of the quarter, dead deals still open included:
    they take the rep's time too).

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None:
            every quarter whose first day has a snapshot).

    Returns:
        One row per rep and quarter with ``rep_id``, ``quarter``, ``open_deals``,
        ``calls``, ``calls_per_open_deal`` (calls in the quarter / open deals),
        ``planned_share``, ``advance_rate`` and ``continuation_rate`` (missing
        for a rep-quarter without calls).

    Raises:
        ValueError: unknown rep or quarter, no snapshot on the quarter's first
        day, or no call in the selection.

    >>> from sefkit.data.examples import tiny_team
    >>> calls_and_load(tiny_team(), rep="R01").round(2)[["rep_id", "quarter", "open_deals", "calls",
    ...                                                   "planned_share", "advance_rate"]]
      rep_id quarter  open_deals  calls  planned_share  advance_rate
    0    R01  2025Q1        2.85      8           0.50          0.50
    1    R01  2025Q2        1.38      2           0.50          0.50
    """
    from .pipeline import average_open_deals

    load = average_open_deals(team, rep, quarter).drop(columns="mondays")
    calls = _calls(team, rep, list(load["quarter"].unique()))
    calls = calls.assign(quarter=team.quarter_of(calls["date"]).astype(str), planned=calls["planned"].astype(bool))
    keys = ["rep_id", "quarter"]
    grouped = calls.groupby(keys, observed=True)
    stats = pd.DataFrame({
        "calls": grouped.size(),
        "planned": grouped["planned"].sum(),
        "advance": grouped["outcome"].agg(lambda s: int((s == "advance").sum())),
        "continuation": grouped["outcome"].agg(lambda s: int((s == "continuation").sum())),
    }).reset_index()
    out = load.merge(stats, on=keys, how="left")
    out[["calls", "planned", "advance", "continuation"]] = (
        out[["calls", "planned", "advance", "continuation"]].fillna(0).astype("int64"))
    made = out["calls"].where(out["calls"] > 0)
    out["calls_per_open_deal"] = out["calls"] / out["open_deals"].where(out["open_deals"] > 0)
    out["planned_share"] = planned_share_of(out["planned"], made)
    out["advance_rate"] = out["advance"] / made
    out["continuation_rate"] = out["continuation"] / made
    return out[keys + ["open_deals", "calls", "calls_per_open_deal", "planned_share", "advance_rate",
                       "continuation_rate"]]


#: The groups :func:`continuation_outcomes` sorts closed deals into.
CALL_RECORDS = ("more continuations than advances", "advances at least as many")


def continuation_outcomes(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """Is a continuation progress? How deals ended, by whether most of their calls were continuations.

    A closed deal is "more continuations than advances" when more of its calls
    (at any time) ended in a continuation than in an advance: the calls kept the
    deal alive more often than they moved it on. The deals compared are those closed in the
    selection with at least one call (won, lost or no decision), with win rate,
    no-decision rate and cycle length as defined in :mod:`sefkit.components.deals`.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None: every quarter).

    Returns:
        Two rows, ``call_record`` "more continuations than advances" then
        "advances at least as many" (:data:`CALL_RECORDS`), with ``won``, ``lost``,
        ``no_decision``, ``decided``, ``win_rate``, ``no_decision_rate``,
        ``median_cycle_days`` and ``calls_per_deal``. A row with no deal has
        missing rates (its ``decided`` is 0).

    Raises:
        ValueError: unknown rep or quarter, no deal closed in the selection, or no
        call recorded on any of those deals.

    Deals 2 (lost) and 3 (no decision) each had a continuation and no advance;
    deals 1, 5 and 7 (won) and 8 (lost) advanced at least as often:

    >>> from sefkit.data.examples import tiny_team
    >>> continuation_outcomes(tiny_team())[["call_record", "won", "lost", "no_decision", "win_rate"]]
                            call_record  won  lost  no_decision  win_rate
    0  more continuations than advances    0     1            1      0.00
    1         advances at least as many    3     1            0      0.75
    """
    calls = detail(team, "calls", "sales calls")
    closed = deal_metrics.closed_deals(team, rep, quarter)
    if closed.empty:
        raise ValueError(f"no deals closed for {describe(rep, quarter)}; choose another rep or quarter")
    called = calls[calls["opp_id"].isin(closed["opp_id"])]
    if called.empty:
        raise ValueError(f"no sales calls recorded on the deals closed for {describe(rep, quarter)}")
    per_deal = called.groupby("opp_id")["outcome"].agg(
        calls="size", continuations=lambda s: int((s == "continuation").sum()),
        advances=lambda s: int((s == "advance").sum()))
    mostly = per_deal["continuations"] > per_deal["advances"]
    record = pd.Series(CALL_RECORDS[1], index=per_deal.index).where(~mostly, CALL_RECORDS[0])
    closed = closed[closed["opp_id"].isin(per_deal.index)]
    closed = closed.assign(call_record=closed["opp_id"].map(record),
                           n_calls=closed["opp_id"].map(per_deal["calls"]))
    groups = pd.Index(list(CALL_RECORDS), name="call_record")
    counts = deal_metrics.count_outcomes(closed, "call_record").reindex(groups)
    count_cols = list(DECIDED_OUTCOMES) + ["decided"]
    counts[count_cols] = counts[count_cols].fillna(0).astype("int64")
    grouped = closed.groupby("call_record")
    counts["median_cycle_days"] = deal_metrics.cycle_days(closed).groupby(closed["call_record"]).median() \
        .reindex(groups).astype("float64")
    counts["calls_per_deal"] = grouped["n_calls"].mean().reindex(groups).astype("float64")
    return counts.reset_index()
