"""Forecasting: how good each rep's call was, and which way of forecasting works best.

A forecast for a rep and quarter is made in a given week of the quarter (1-13),
on that week's Monday. Every method here uses only what was known then: the
rep's own call in ``team.forecasts``, the Monday snapshot of the pipeline
(:func:`sefkit.components.pipeline.open_pipeline`), deals won *before* that Monday, and
earlier quarters. The actual is the amount won in the quarter
(:func:`sefkit.components.deals.won_deals`), so only quarters the data covers to the end
are scored.

Definitions (DESIGN section 3):

* **error** = (forecast - actual) / actual for a rep-quarter; positive means
  the forecast was too high. Missing when nothing was won (``actual`` is 0).
* **absolute error** = the size of the error, whatever its direction.
* **bias** = the mean error over rep-quarters: above 0 is optimism, below 0 sandbagging.

The methods (:data:`METHODS`):

* ``commit``: the rep's commit call that week (``team.forecasts``);
* ``best_case``: the rep's best-case call that week;
* ``stage_weighted``: won so far + each open deal due in the quarter times the
  weight of its stage (:data:`STAGE_WEIGHTS`);
* ``history``: won so far + the open pipeline due in the quarter times the share
  of such pipeline the rep turned into wins (by the quarter's end) in the same
  week of the previous :data:`HISTORY_QUARTERS` quarters.

The calls can also be judged deal by deal (:func:`call_calibration`): of the
deals due in the quarter, the share the rep called commit against the share
won; **over-call** = the first minus the second, above 0 for a rep who commits
more than they win.

The forecast of *when* a deal closes starts with the close date the rep first
gives it (:func:`first_close_dates`); **close-date horizon** = the mean days from
a new deal's creation to that date (:func:`close_date_horizon`), shorter for a
more optimistic rep.

>>> from sefkit.data.examples import tiny_team
>>> forecast_vs_actual(tiny_team(), week=7)[["rep_id", "quarter", "forecast", "actual", "error"]]
  rep_id quarter  forecast   actual  error
0    R01  2025Q1       0.0  40000.0   -1.0
1    R01  2025Q2   60000.0  60000.0    0.0
2    R02  2025Q1       0.0  50000.0   -1.0
3    R02  2025Q2       0.0      0.0    NaN
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.periods import DAYS_PER_QUARTER, WEEKS_PER_QUARTER
from ..data.selection import by_period, by_rep, describe, rep_quarter_grid, selected_reps
from ..data.team import Team
from .deals import won_deals
from .pipeline import open_pipeline

#: Forecast methods :func:`forecast_vs_actual` knows.
METHODS = ("commit", "best_case", "stage_weighted", "history")
#: The three methods :func:`compare_methods` compares by default.
COMPARED = ("commit", "stage_weighted", "history")
#: Chance of winning by stage used by the stage-weighted method: common CRM
#: defaults (a deal in negotiation is won three times in four), not fitted to the data.
STAGE_WEIGHTS = {"qualify": 0.10, "discover": 0.25, "propose": 0.50, "negotiate": 0.75}
#: How many earlier quarters the history method learns from.
HISTORY_QUARTERS = 4
#: The week forecasts are judged at unless another is chosen: mid-quarter.
DEFAULT_WEEK = 7

_WEEK = pd.Timedelta(days=7)


def _check_week(week) -> int:
    if isinstance(week, bool) or not isinstance(week, int | np.integer) or not 1 <= week <= WEEKS_PER_QUARTER:
        raise ValueError(f"week must be a week of the quarter from 1 to {WEEKS_PER_QUARTER}; got {week!r}")
    return int(week)


def _data_end(team: Team) -> pd.Timestamp:
    """The last Monday the team's data covers (from its snapshots and forecasts)."""
    ends = [t["as_of"].max() for t in (team.snapshots, team.forecasts) if len(t)]
    if not ends:
        raise ValueError("this team has neither forecasts nor pipeline snapshots; there is nothing to score")
    return max(ends)


def _finished_quarters(team: Team, quarter) -> list[str]:
    """Quarters in the selection that the data covers to their last week."""
    end = _data_end(team)

    def finished(q: str) -> bool:
        return team.quarter_bounds(q)[1] - _WEEK <= end

    if quarter is not None:
        team.check_quarter(quarter)
        if not finished(quarter):
            raise ValueError(
                f"{quarter} is not finished in this team's data (it ends on {end.date()}), so its actual is unknown"
            )
        return [quarter]
    quarters = [q for q in team.quarters if finished(q)]
    if not quarters:
        raise ValueError(f"no quarter is finished in this team's data (it ends on {end.date()})")
    return quarters


def _as_of(team: Team, quarter: str, week: int) -> pd.Timestamp:
    return team.quarter_bounds(quarter)[0] + (week - 1) * _WEEK


def _won_by_quarter(team: Team, rep, quarters: list[str], week: int) -> pd.DataFrame:
    """Per rep and quarter: amount won before the forecast Monday, and in the whole quarter."""
    won = won_deals(team, rep)
    won = won.assign(quarter=team.quarter_of(won["closed_on"]).to_numpy())
    won = won[won["quarter"].isin(quarters)]
    as_of = won["quarter"].map({q: _as_of(team, q, week) for q in quarters})
    won = won.assign(before=won["amount"].where(won["closed_on"] < as_of, 0.0))
    return won.groupby(["rep_id", "quarter"]).agg(
        won_deals=("amount", "size"), actual=("amount", "sum"), won_so_far=("before", "sum")
    )


def _calls_to_judge(team: Team, rep, quarter, week: int, by) -> tuple[int, pd.DataFrame, pd.DataFrame]:
    """What :func:`call_calibration` and :func:`commit_outcomes` judge: the checked week, the
    rep-quarter grid of the finished quarters selected, and the deals due on each one's forecast Monday."""
    week = _check_week(week)
    if by not in CALIBRATION_BY:
        raise ValueError(f"unknown grouping by={by!r}; valid groupings: {', '.join(CALIBRATION_BY)}")
    quarters = _finished_quarters(team, quarter)
    return week, rep_quarter_grid(team, rep, quarters), _due_deals(team, rep, quarters, week)


def _due_deals(team: Team, rep, quarters: list[str], week: int) -> pd.DataFrame:
    """Deal by deal: the open deals due in the quarter on the forecast Monday, as that Monday's snapshot shows them."""
    mondays = {_as_of(team, q, week): q for q in quarters}
    pipe = open_pipeline(team, list(mondays), rep)
    pipe["quarter"] = pipe["as_of"].map(mondays)
    first = pipe["quarter"].map({q: team.quarter_bounds(q)[0] for q in quarters})
    return pipe[(pipe["close_date"] >= first) & (pipe["close_date"] < first + pd.Timedelta(days=DAYS_PER_QUARTER))]


def _pipeline_due(team: Team, rep, quarters: list[str], week: int) -> pd.DataFrame:
    """Per rep and quarter: open pipeline due in the quarter on the forecast Monday, plain and stage-weighted."""
    pipe = _due_deals(team, rep, quarters, week)
    pipe = pipe.assign(weighted=pipe["amount"] * pipe["stage"].map(STAGE_WEIGHTS).astype("float64"))
    return pipe.groupby(["rep_id", "quarter"]).agg(pipeline=("amount", "sum"), weighted=("weighted", "sum"))


def _calls(team: Team, rep, quarters: list[str], week: int, column: str) -> pd.Series:
    calls = by_rep(team, team.forecasts, rep)
    calls = calls[(calls["week"] == week) & calls["quarter"].isin(quarters)]
    if calls.empty:
        weeks = sorted(team.forecasts["week"].unique().tolist())
        raise ValueError(
            f"no forecast calls in week {week} for {describe(rep)}; weeks with calls: {', '.join(map(str, weeks))}"
        )
    return calls.groupby(["rep_id", "quarter"])[column].sum()


def _history_ratio(team: Team, rep, quarters: list[str], week: int) -> pd.Series:
    """Per rep and quarter: wins after week ``week`` / pipeline due at week ``week``, over the earlier quarters.

    Pools (sums) the previous :data:`HISTORY_QUARTERS` quarters of the same rep;
    missing when there is no earlier quarter or no earlier pipeline.
    """
    last = max(team.quarters.index(q) for q in quarters)
    known = team.quarters[: last + 1]
    grid = rep_quarter_grid(team, rep, known)
    keys = pd.MultiIndex.from_frame(grid[["rep_id", "quarter"]])
    won = _won_by_quarter(team, rep, known, week).reindex(keys, fill_value=0.0)
    due = _pipeline_due(team, rep, known, week)["pipeline"].reindex(keys, fill_value=0.0)
    frame = pd.DataFrame({"later_wins": (won["actual"] - won["won_so_far"]).to_numpy(), "due": due.to_numpy()})
    by_rep_ = frame.groupby(grid["rep_id"].to_numpy())
    running = by_rep_.cumsum()
    # sum over the previous HISTORY_QUARTERS rows of the same rep = running total one row back
    # minus the running total HISTORY_QUARTERS + 1 rows back
    back = running.groupby(grid["rep_id"].to_numpy())
    window = back.shift(1) - back.shift(HISTORY_QUARTERS + 1).fillna(0.0)
    ratio = window["later_wins"] / window["due"].where(window["due"] > 0)
    return pd.Series(ratio.to_numpy(), index=keys)


def forecast_vs_actual(team: Team, week: int = DEFAULT_WEEK, rep=None, quarter=None, *,
                       method: str = "commit") -> pd.DataFrame:
    """How close each rep's forecast, made in a given week of the quarter, came to what they really won.

    Args:
        team: the team.
        week: the week of the quarter the forecast was made in, 1-13 (default 7,
            mid-quarter).
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` (None: every quarter the
            data covers to the end).
        method: one of :data:`METHODS` (default ``"commit"``, the rep's call).

    Returns:
        One row per rep and quarter with ``rep_id``, ``quarter``, ``week``,
        ``as_of`` (that week's Monday), ``method``, ``forecast`` (money),
        ``actual`` (money won in the quarter), ``won_deals`` (count), ``error``
        ((forecast - actual) / actual; missing when nothing was won) and
        ``abs_error``. The history method's forecast is missing in a rep's first
        quarter (no earlier pipeline to learn from).

    Raises:
        ValueError: unknown rep, quarter, method or week; a quarter not finished
            in the data; or no forecast calls in that week.

    On 17 February (week 7 of 2025Q1) R01 had won nothing yet and had four deals
    due in the quarter: 40,000 in propose, 30,000 and 50,000 in discover, 60,000
    in qualify: stage-weighted 0.5 x 40,000 + 0.25 x 80,000 + 0.1 x 60,000 =
    46,000. In week 7 of 2025Q2 R01 had won 60,000 (deal 5) and had deal 6
    (80,000, propose) open: 60,000 + 0.5 x 80,000 = 100,000.

    >>> from sefkit.data.examples import tiny_team
    >>> forecast_vs_actual(tiny_team(), rep="R01", method="stage_weighted")[["quarter", "forecast", "actual", "error"]].round(4)
      quarter  forecast   actual   error
    0  2025Q1   46000.0  40000.0  0.1500
    1  2025Q2  100000.0  60000.0  0.6667
    """
    week = _check_week(week)
    if method not in METHODS:
        raise ValueError(f"unknown forecast method {method!r}; valid methods: {', '.join(METHODS)}")
    quarters = _finished_quarters(team, quarter)
    grid = rep_quarter_grid(team, rep, quarters)
    keys = pd.MultiIndex.from_frame(grid[["rep_id", "quarter"]])
    won = _won_by_quarter(team, rep, quarters, week).reindex(keys)
    won = won.fillna({"won_deals": 0, "actual": 0.0, "won_so_far": 0.0})
    if method in ("commit", "best_case"):
        forecast = _calls(team, rep, quarters, week, method).reindex(keys)
    else:
        pipe = _pipeline_due(team, rep, quarters, week).reindex(keys, fill_value=0.0)
        if method == "stage_weighted":
            forecast = won["won_so_far"] + pipe["weighted"]
        else:
            ratio = _history_ratio(team, rep, quarters, week).reindex(keys)
            forecast = won["won_so_far"] + ratio * pipe["pipeline"]
    out = grid[["rep_id", "quarter"]].copy()
    out["week"] = week
    out["as_of"] = out["quarter"].map({q: _as_of(team, q, week) for q in quarters})
    out["method"] = method
    out["forecast"] = forecast.to_numpy(dtype="float64")
    out["actual"] = won["actual"].to_numpy(dtype="float64")
    out["won_deals"] = won["won_deals"].to_numpy().astype("int64")
    out["error"] = (out["forecast"] - out["actual"]) / out["actual"].where(out["actual"] > 0)
    out["abs_error"] = out["error"].abs()
    return out


def _summary(scored: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return scored.groupby(by, sort=False).agg(
        rep_quarters=("error", "size"), mean_abs_error=("abs_error", "mean"), bias=("error", "mean")
    ).reset_index()


#: What :func:`forecast_accuracy` can group rep-quarters by.
ACCURACY_BY = ("rep_id", "quarter", None)


def forecast_accuracy(team: Team, week: int = DEFAULT_WEEK, rep=None, quarter=None, *,
                      method: str = "commit", by="rep_id") -> pd.DataFrame:
    """Each rep's forecasting track record: how far off their calls were on average, and in which direction.

    Averages :func:`forecast_vs_actual` over the rep's quarters that have an
    error (quarters where nothing was won, or a method without a forecast, are
    left out; ``rep_quarters`` says how many count). With ``by="quarter"`` the
    same averages are taken over each quarter's reps instead: the team's bias
    quarter by quarter.

    Args:
        team: the team.
        week: the week of the quarter the forecast was made in, 1-13.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label (None: every quarter the data covers to the end).
        method: one of :data:`METHODS`.
        by: ``"rep_id"`` (default: one row per rep), ``"quarter"`` (one row per
            quarter) or None (one row: every rep-quarter together).

    Returns:
        One row per rep (or quarter) with ``rep_id`` (or ``quarter``; neither
        when ``by`` is None), ``rep_quarters``, ``mean_abs_error`` (fraction of
        actual) and ``bias`` (mean error: above 0 optimistic, below 0 sandbagging).

    Raises:
        ValueError: as :func:`forecast_vs_actual`, an unknown ``by``, or no
            rep-quarter with an error.

    >>> from sefkit.data.examples import tiny_team
    >>> forecast_accuracy(tiny_team(), week=7)
      rep_id  rep_quarters  mean_abs_error  bias
    0    R01             2             0.5  -0.5
    1    R02             1             1.0  -1.0
    >>> forecast_accuracy(tiny_team(), week=7, by="quarter")
      quarter  rep_quarters  mean_abs_error  bias
    0  2025Q1             2             1.0  -1.0
    1  2025Q2             1             0.0   0.0
    """
    if by not in ACCURACY_BY:
        raise ValueError(f"cannot group forecast accuracy by {by!r}; choose 'rep_id', 'quarter' or None")
    scored = forecast_vs_actual(team, week, rep, quarter, method=method).dropna(subset=["error"])
    if scored.empty:
        raise ValueError(f"no forecast could be scored for {describe(rep, quarter)}: nothing was won")
    if by is None:
        return _summary(scored.assign(all=0), ["all"]).drop(columns="all")
    return _summary(scored, [by])


def compare_methods(team: Team, week: int = DEFAULT_WEEK, rep=None, quarter=None, *,
                    methods=COMPARED) -> pd.DataFrame:
    """Which way of forecasting would have been closest: the reps' commit, stage weights, or history?

    Scores each method with :func:`forecast_vs_actual` on the same rep-quarters:
    those where every method has a forecast and something was won (so the
    history method's first quarter is left out for all methods alike).

    Args:
        team: the team.
        week: the week of the quarter the forecasts were made in, 1-13.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label (None: every quarter the data covers to the end).
        methods: the methods to compare (default :data:`COMPARED`).

    Returns:
        One row per method with ``method``, ``rep_quarters`` (the same for
        all), ``mean_abs_error`` (fraction of actual) and ``bias`` (mean error),
        most accurate first.

    Raises:
        ValueError: unknown method, or no rep-quarter every method can score.

    Only R01's 2025Q2 can be scored by all three (history needs an earlier
    quarter; R02 won nothing in Q2). History learnt from R01's Q1 that
    40,000 of 180,000 due in week 7 was won: 60,000 + 2/9 x 80,000 = 77,778.

    >>> from sefkit.data.examples import tiny_team
    >>> compare_methods(tiny_team(), week=7).round(4)
               method  rep_quarters  mean_abs_error    bias
    0          commit             1          0.0000  0.0000
    1         history             1          0.2963  0.2963
    2  stage_weighted             1          0.6667  0.6667
    """
    methods = list(methods)
    unknown = [m for m in methods if m not in METHODS]
    if unknown or not methods:
        raise ValueError(f"unknown forecast methods {unknown}; valid methods: {', '.join(METHODS)}")
    scored = pd.concat([forecast_vs_actual(team, week, rep, quarter, method=m) for m in methods], ignore_index=True)
    usable = scored.pivot_table(index=["rep_id", "quarter"], columns="method", values="error", aggfunc="first")
    usable = usable.reindex(columns=methods).dropna()
    if usable.empty:
        raise ValueError(
            f"no rep-quarter of {describe(rep, quarter)} can be scored by every method "
            "(the history method needs an earlier quarter, and the quarter needs a win)"
        )
    keep = scored.set_index(["rep_id", "quarter"]).index.isin(usable.index)
    out = _summary(scored[keep], ["method"])
    return out.sort_values(["mean_abs_error", "method"], kind="stable").reset_index(drop=True)



def first_close_dates(team: Team, opp_ids) -> pd.Series:
    """The close date each deal was first given, by ``opp_id``, from ``opp_history``.

    The deal's earliest ``close_date`` row: its ``new`` value when the row is
    the deal's creation (``old`` empty), else its ``old`` value (the date before
    the first change). A deal whose close date never changed has its close date
    now.

    >>> from sefkit.data.examples import tiny_team
    >>> first_close_dates(tiny_team(), [3, 7]).dt.strftime("%m-%d").tolist()   # deal 3 was pushed twice
    ['03-14', '03-17']
    """
    ids = pd.Index(pd.unique(np.asarray(opp_ids)), name="opp_id")
    hist = team.opp_history
    rows = hist[(hist["field"] == "close_date") & hist["opp_id"].isin(ids)]
    # the earliest row of each deal; on the same day the creation row (old empty) comes first
    rows = rows.assign(_change=rows["old"].notna()).sort_values(["date", "_change"], kind="stable")
    rows = rows.drop_duplicates("opp_id")
    value = rows["new"].where(rows["old"].isna(), rows["old"]).astype(object)
    found = pd.Series(pd.to_datetime(value, errors="coerce").to_numpy(),
                      index=rows["opp_id"].to_numpy())
    now = team.opportunities.set_index("opp_id")["close_date"]
    return found.reindex(ids).fillna(now.reindex(ids)).rename("first_close_date")


def close_date_horizon(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """How far ahead each rep first dates a new deal to close: the forecast of *when*, before anything is known.

    For each deal the rep took into the pipeline (created in the selection and
    not disqualified), the days from its creation to the close date it was
    first given (:func:`first_close_dates`). **Close-date horizon** = their mean.
    A rep with "happy ears" expects deals to close sooner than the team does:
    a shorter horizon is a more optimistic forecast, made before the deal's
    fate shows and before the rep's selling has touched it, so it does not rise
    or fall with how well the rep qualifies, calls or wins (docs/DIAGNOSIS.md).
    Like the over-call it measures optimism, not accuracy.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them: the
            deals created in it (None: every quarter of the team).

    Returns:
        One row per rep with ``rep_id``, ``deals`` (deals taken into the
        pipeline) and ``horizon_days`` (the mean days from creation to the first
        close date; missing for a rep with no deal).

    Raises:
        ValueError: unknown rep or quarter.

    R01 took deals 1, 2, 3, 5 and 6 into the pipeline and first dated them 60,
    60, 53, 46 and 28 days ahead (deal 4 was disqualified); R02's deals 7, 8
    and 9 were dated 70, 40 and 84 days ahead:

    >>> from sefkit.data.examples import tiny_team
    >>> close_date_horizon(tiny_team()).round(1)
      rep_id  deals  horizon_days
    0    R01      5          49.4
    1    R02      3          64.7
    """
    reps = pd.Index(selected_reps(team, rep), name="rep_id")
    opps = by_period(team, by_rep(team, team.opportunities, rep), quarter, "created")
    opps = opps[opps["outcome"] != "disqualified"]
    first = first_close_dates(team, opps["opp_id"]).reindex(opps["opp_id"]).to_numpy()
    days = pd.Series((first - opps["created"].to_numpy()) / pd.Timedelta(days=1), index=opps["rep_id"].to_numpy())
    grouped = days.groupby(level=0)
    return pd.DataFrame({
        "deals": grouped.size().reindex(reps, fill_value=0).astype("int64"),
        "horizon_days": grouped.mean().reindex(reps).astype("float64"),
    }).reset_index()


#: How :func:`call_calibration` can group the deals: per rep and quarter, or per rep over the quarters chosen.
CALIBRATION_BY = ("quarter", "rep")


def call_calibration(team: Team, week: int = 1, rep=None, quarter=None, *, by: str = "quarter") -> pd.DataFrame:
    """Deal by deal: did the rep win the deals they called commit? The share called commit against the share won.

    Takes the deals open on the Monday of week ``week`` of the quarter and due
    to close in the quarter, as that Monday's snapshot shows them: the deal's
    forecast category there is the rep's call, made before anything that
    happened later. A deal counts as won when it was won by the quarter's end
    (won next quarter, it slipped: the call for this quarter was wrong).

    **over-call** = share of those deals called commit - share of them won.
    Above 0, the rep commits more deals than they go on to win ("happy ears");
    below 0, deals are won that were not committed (caution, or luck). Because
    both shares are of the same deals, a rep who simply wins fewer deals also
    commits fewer and the two partly cancel: over-call speaks to the rep's
    judgement more than the commit call's bias does (docs/DIAGNOSIS.md).

    Args:
        team: the team.
        week: the week of the quarter whose snapshot holds the calls, 1-13
            (default 1: the quarter's first Monday, nothing won yet).
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` (None: every quarter the
            data covers to the end, since the outcome must be known).
        by: ``"quarter"`` (one row per rep and quarter) or ``"rep"`` (one row
            per rep, the deals of all the quarters chosen pooled).

    Returns:
        One row per rep and quarter (or per rep) with ``rep_id``, ``quarter``
        (only when ``by="quarter"``), ``week``, ``deals`` (open and due),
        ``committed`` (called commit), ``won`` (won in the quarter),
        ``committed_won`` (called commit and won), ``commit_share`` and
        ``won_share`` (of ``deals``) and ``over_call``. The shares are missing
        where a rep had no deal due (``deals`` is 0).

    Raises:
        ValueError: unknown rep, quarter, week or ``by``; a quarter not finished
            in the data; or no deal due at all in the selection.

    On 7 April, the first Monday of 2025Q2, R01 had three deals due in the
    quarter: deal 5 in negotiate (called commit, won on 21 April), deal 6 in
    propose (best case, still open) and deal 3 in discover (no decision). One
    deal in three committed, one in three won: an over-call of 0.

    >>> from sefkit.data.examples import tiny_team
    >>> c = call_calibration(tiny_team(), quarter="2025Q2")
    >>> c[["rep_id", "deals", "committed", "won", "commit_share", "won_share", "over_call"]].round(3)
      rep_id  deals  committed  won  commit_share  won_share  over_call
    0    R01      3          1    1         0.333      0.333        0.0
    1    R02      1          0    0         0.000      0.000        0.0

    In week 7 (17 February and 19 May) R01 had five deals due over the two
    quarters, none in commit; deal 1 was won in Q1. R02 had two, none in
    commit; deal 7 was won. Both won deals they had not committed:

    >>> call_calibration(tiny_team(), week=7, by="rep")[["rep_id", "deals", "committed", "won", "over_call"]]
      rep_id  deals  committed  won  over_call
    0    R01      5          0    1       -0.2
    1    R02      2          0    1       -0.5
    """
    week, grid, due = _calls_to_judge(team, rep, quarter, week, by)
    won = won_deals(team, rep)
    won_in = pd.Series(team.quarter_of(won["closed_on"]).to_numpy(), index=won["opp_id"].to_numpy())
    is_won = due["opp_id"].map(won_in).eq(due["quarter"]).to_numpy(dtype=bool)
    committed = (due["forecast_category"] == "commit").to_numpy(dtype=bool)
    flags = pd.DataFrame({"rep_id": due["rep_id"].to_numpy(), "quarter": due["quarter"].to_numpy(), "deals": 1,
                          "committed": committed, "won": is_won, "committed_won": committed & is_won})
    keys = ["rep_id", "quarter"]
    counts = flags.groupby(keys).sum().reindex(pd.MultiIndex.from_frame(grid[keys]), fill_value=0)
    counts = counts.astype("int64").reset_index()
    if counts["deals"].sum() == 0:
        raise ValueError(f"no open deal was due in the quarter on the Monday of week {week} for "
                         f"{describe(rep, quarter)}; there is no call to judge")
    if by == "rep":
        counts = counts.drop(columns="quarter").groupby("rep_id", sort=False).sum().reset_index()
        keys = ["rep_id"]
    out = counts[keys].copy()
    out["week"] = week
    for column in ("deals", "committed", "won", "committed_won"):
        out[column] = counts[column]
    seen = out["deals"].where(out["deals"] > 0)
    out["commit_share"] = out["committed"] / seen
    out["won_share"] = out["won"] / seen
    out["over_call"] = out["commit_share"] - out["won_share"]
    return out


# -- lesson 06: the team's call, and what became of the money called commit ---------------

#: What :func:`team_forecast_error` can group the team's call by: per quarter, or every quarter pooled.
TEAM_ERROR_BY = ("quarter", None)


def team_forecast_error(team: Team, week: int = DEFAULT_WEEK, quarter=None, *, method: str = "commit",
                        by="quarter") -> pd.DataFrame:
    """The manager's number: the reps' calls added up against what the team won, as one forecast.

    The **team forecast error** is DESIGN's forecast error applied to the team's
    roll-up: (sum of the reps' forecasts - sum of what they won) / sum of what
    they won. It is not the :func:`forecast_accuracy` ``bias`` (the mean of each
    rep-quarter's own error): one rep's optimism and another's caution cancel in
    the team's sum, so a team can call its quarter well while its reps call
    theirs badly.

    Args:
        team: the team.
        week: the week of the quarter the forecasts were made in, 1-13.
        quarter: a quarter label (None: every quarter the data covers to the end).
        method: one of :data:`METHODS`; rep-quarters the method gives no forecast
            (the history method's first quarter) are left out of both sums.
        by: ``"quarter"`` (one row per quarter) or None (one row: the quarters pooled).

    Returns:
        One row per quarter (or one row) with ``quarter`` (not when ``by`` is
        None), ``rep_quarters``, ``forecast``, ``actual`` (money) and ``error``
        (missing when nothing was won).

    Raises:
        ValueError: as :func:`forecast_vs_actual`, or an unknown ``by``.

    In week 7 of 2025Q1 R01 and R02 called nothing and won 90,000 between them
    (error -1); in 2025Q2 R01 called 60,000 and won 60,000. Pooled: 60,000
    called against 150,000 won, an error of -0.6, while the mean of the three
    rep-quarter errors (the bias of :func:`forecast_accuracy`) is -0.667.

    >>> from sefkit.data.examples import tiny_team
    >>> team_forecast_error(tiny_team())
      quarter  rep_quarters  forecast   actual  error
    0  2025Q1             2       0.0  90000.0   -1.0
    1  2025Q2             2   60000.0  60000.0    0.0
    >>> team_forecast_error(tiny_team(), by=None)
       rep_quarters  forecast    actual  error
    0             4   60000.0  150000.0   -0.6
    """
    if by not in TEAM_ERROR_BY:
        raise ValueError(f"cannot group the team's forecast by {by!r}; choose 'quarter' or None")
    scored = forecast_vs_actual(team, week, None, quarter, method=method).dropna(subset=["forecast"])
    keys = ["quarter"] if by == "quarter" else []
    grouped = scored.assign(all=0).groupby(keys or ["all"], sort=False)
    out = grouped.agg(rep_quarters=("rep_id", "size"), forecast=("forecast", "sum"), actual=("actual", "sum"))
    out = out.reset_index().drop(columns="all", errors="ignore")
    out["error"] = (out["forecast"] - out["actual"]) / out["actual"].where(out["actual"] > 0)
    return out


#: What became of a deal called commit, in the order :func:`commit_outcomes` checks them.
COMMIT_FATES = ("won", "zombie", "no_decision", "lost", "slipped")


def commit_outcomes(team: Team, week: int = DEFAULT_WEEK, rep=None, quarter=None, *,
                    by: str = "quarter") -> pd.DataFrame:
    """Where the commit call went wrong: the money called commit, split by what became of each deal.

    Takes the deals called commit on the Monday of week ``week`` and due in the
    quarter (as that Monday's snapshot shows them, like :func:`call_calibration`)
    and puts each deal's amount in the first of :data:`COMMIT_FATES` that fits:

    * ``won``: won by the quarter's end (the commit was kept);
    * ``zombie``: a zombie on that Monday by the rule of
      :func:`sefkit.components.pipeline.ageing` (stuck more than 45 days, its close
      date pushed twice or passed): a dead deal the rep never closed out, a
      **hygiene** miss;
    * ``no_decision``: closed in the quarter without a decision: the buyer never
      meant to change, a read of commitment that was too high (**qualification**);
    * ``lost``: closed in the quarter, lost (**deal management**, or the competition);
    * ``slipped``: still open at the quarter's end, or closed after it.

    Everything but ``won`` is money the rep promised and did not bring in.

    Args:
        team: the team.
        week: the week of the quarter whose snapshot holds the calls, 1-13 (default 7).
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label (None: every quarter the data covers to the end).
        by: ``"quarter"`` (one row per rep and quarter) or ``"rep"`` (one row
            per rep, the quarters chosen pooled).

    Returns:
        One row per rep and quarter (or rep) with ``rep_id``, ``quarter`` (only
        when ``by="quarter"``), ``week``, ``committed_deals``, ``committed``
        (money), one money column per fate, ``broken`` (committed - won) and
        ``kept_share`` (won / committed; missing when nothing was committed).

    Raises:
        ValueError: as :func:`call_calibration`.

    On 7 April, the first Monday of 2025Q2, R01 had called one deal commit:
    deal 5 (negotiate, 60,000), won on 21 April; R02 had called none:

    >>> from sefkit.data.examples import tiny_team
    >>> commit_outcomes(tiny_team(), week=1, quarter="2025Q2")[["rep_id", "committed", "won", "broken", "kept_share"]]
      rep_id  committed      won  broken  kept_share
    0    R01    60000.0  60000.0     0.0         1.0
    1    R02        0.0      0.0     0.0         NaN
    """
    from .pipeline import ageing

    week, grid, due = _calls_to_judge(team, rep, quarter, week, by)
    if due.empty:
        raise ValueError(f"no open deal was due in the quarter on the Monday of week {week} for "
                         f"{describe(rep, quarter)}; there is no call to judge")
    committed = due[due["forecast_category"] == "commit"]
    mondays = sorted(committed["as_of"].unique())
    health = ageing(team, mondays, rep)[["as_of", "opp_id", "is_zombie"]] if mondays else None
    if health is not None:
        committed = committed.merge(health, on=["as_of", "opp_id"], how="left")
    else:
        committed = committed.assign(is_zombie=pd.Series(dtype=bool))
    opps = team.opportunities.set_index("opp_id")
    closed_in = pd.Series(team.quarter_of(opps["closed_on"]).to_numpy(), index=opps.index)
    outcome = committed["opp_id"].map(opps["outcome"])
    in_quarter = committed["opp_id"].map(closed_in).eq(committed["quarter"]).to_numpy(dtype=bool)
    fate = np.select(
        [in_quarter & (outcome == "won").to_numpy(), committed["is_zombie"].fillna(False).to_numpy(dtype=bool),
         in_quarter & (outcome == "no_decision").to_numpy(), in_quarter & (outcome == "lost").to_numpy()],
        list(COMMIT_FATES[:4]), default="slipped")
    money = pd.DataFrame({f: committed["amount"].where(fate == f, 0.0).to_numpy() for f in COMMIT_FATES})
    money["rep_id"], money["quarter"] = committed["rep_id"].to_numpy(), committed["quarter"].to_numpy()
    money["committed_deals"], money["committed"] = 1, committed["amount"].to_numpy()
    keys = ["rep_id", "quarter"]
    sums = money.groupby(keys).sum().reindex(pd.MultiIndex.from_frame(grid[keys]), fill_value=0).reset_index()
    if by == "rep":
        sums = sums.drop(columns="quarter").groupby("rep_id", sort=False).sum().reset_index()
        keys = ["rep_id"]
    out = sums[keys].copy()
    out["week"] = week
    out["committed_deals"] = sums["committed_deals"].astype("int64")
    out["committed"] = sums["committed"].astype("float64")
    for f in COMMIT_FATES:
        out[f] = sums[f].astype("float64")
    out["broken"] = out["committed"] - out["won"]
    out["kept_share"] = out["won"] / out["committed"].where(out["committed"] > 0)
    return out
