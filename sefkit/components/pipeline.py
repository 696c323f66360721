"""Pipeline management: coverage, stage conversion, velocity, zombie deals and slippage.

The pipeline is read from the weekly ``snapshots``: each Monday, every open deal
with its stage, amount and close date at the start of that day (the Monday's own
events come after it). Every figure "as of" a date therefore uses only what the
CRM showed then, and only history dated *before* the snapshot: no look-ahead.
Snapshots are taken every Monday from ``team.start`` to the last ``as_of`` in
the table; a week without rows for a rep means the rep had nothing open.

Definitions (DESIGN section 3; win rate, won size and cycle come from
:mod:`sefkit.components.deals`):

* **coverage** for a rep and quarter = open pipeline with a close date in the
  quarter, as of the quarter's first day / the quarter's quota.
* **team coverage** = the reps' pipelines added up / their quotas added up
  (:func:`team_coverage`; ratios are never averaged, :func:`pooled_coverage`).
* **stage conversion** = of the deals that reached a stage, the share that
  reached the next one (from the stage changes in ``opp_history``).
* **velocity** = open deals x average won deal size x win rate / median cycle
  length, in money per day (open deals averaged over the quarter's Mondays).
* **zombie** = an open deal with no stage change for more than
  :data:`ZOMBIE_STALE_DAYS` days whose close date was pushed at least
  :data:`ZOMBIE_MIN_PUSHES` times or has already passed.
* **zombie share** = zombie money / pipeline due in the quarter, on the
  quarter's first day (:func:`zombie_share`).
* **close-out lag** = the mean days from a went-dark deal's last call to its
  close (:func:`close_out_lag`): how long dead deals stay open.
* **slippage** = how far close dates are pushed, and the share of the deals
  forecast to close in a quarter (its first-day pipeline) that did not close in it.
* **required coverage** = 1 / (win rate x (1 - slip rate)): the coverage a rep
  really needs, to compare with the "3x rule".

The ``quarter`` filter takes one label or a list of them, as everywhere in sefkit
(:mod:`sefkit.data.selection`): tables with a row per quarter show each listed quarter,
and :func:`coverage_needed` and :func:`stage_conversion` pool them. To judge a
quarter on its first day without hindsight, pass the quarters before it.

>>> from sefkit.data.examples import tiny_team
>>> team = tiny_team()
>>> coverage(team, quarter="2025Q2")[["rep_id", "pipeline", "quota", "coverage"]]
  rep_id  pipeline     quota  coverage
0    R01  190000.0  100000.0       1.9
1    R02   90000.0  100000.0       0.9
"""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd

from ..data.periods import DAYS_PER_QUARTER, WEEKS_PER_QUARTER
from ..data.selection import (
    by_period,
    by_rep,
    describe,
    detail,
    quarter_list,
    rep_quarter_grid,
    selected_reps,
)
from ..data.team import OPEN_STAGES, Team
from .deals import closed_deals, count_outcomes, deal_summary

#: A deal is stale when its stage has not changed for more than this many days.
ZOMBIE_STALE_DAYS = 45
#: A stale deal is a zombie when its close date was pushed later at least this many
#: times, or when its close date has already passed.
ZOMBIE_MIN_PUSHES = 2
#: The rule of thumb many sales teams use for coverage.
RULE_OF_THUMB_COVERAGE = 3.0
#: The step after the last open stage in :func:`stage_conversion`.
WON = "won"

_WEEK = pd.Timedelta(days=7)


# -- snapshots: which weeks exist, and the open deals on given days --------------

def snapshot_span(team: Team) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last Monday the snapshots cover.

    Raises:
        ValueError: the team has no snapshots.

    >>> from sefkit.data.examples import tiny_team
    >>> [day.date().isoformat() for day in snapshot_span(tiny_team())]
    ['2025-01-06', '2025-06-30']
    """
    if team.snapshots.empty:
        raise ValueError(
            "this team has no weekly pipeline snapshots; simulate it with detail='full' "
            "or build it with a snapshots table"
        )
    return team.start, team.snapshots["as_of"].max()


def _span_text(team: Team) -> str:
    first, last = snapshot_span(team)
    return f"snapshots cover the weeks from {first.date()} to {last.date()}"


def _mondays(team: Team, as_of) -> pd.DatetimeIndex:
    """The Monday of the week containing each date in ``as_of`` (one date or several)."""
    one = isinstance(as_of, str | datetime.date | np.datetime64)
    try:
        dates = pd.DatetimeIndex(pd.to_datetime([as_of] if one else list(as_of))).normalize()
    except (ValueError, TypeError):
        raise ValueError(f"as_of must be a date such as '2025-04-07'; got {as_of!r}") from None
    if len(dates) == 0 or dates.isna().any():
        raise ValueError(f"as_of must be a date such as '2025-04-07'; got {as_of!r}")
    weeks = (dates - team.start) // _WEEK
    mondays = team.start + weeks * _WEEK
    first, last = snapshot_span(team)
    outside = dates[(mondays < first) | (mondays > last)]
    if len(outside):
        raise ValueError(f"no pipeline snapshot for {outside[0].date()}; {_span_text(team)}")
    return pd.DatetimeIndex(mondays)


def open_pipeline(team: Team, as_of, rep=None) -> pd.DataFrame:
    """The deals that were open on a date, as the CRM showed them that week.

    Reads the snapshot of the week containing ``as_of`` (taken on its Monday), so
    stage, amount and close date are those known then: nothing that happened
    later is used.

    Args:
        team: the team.
        as_of: a date (``"2025-04-07"``) or a list of dates.
        rep: a rep id or a list of them (None: every rep).

    Returns:
        One row per open deal and date with ``as_of`` (the snapshot's Monday),
        ``opp_id``, ``rep_id``, ``stage``, ``amount``, ``close_date``,
        ``forecast_category``, ``created`` and ``age_days`` (days since created),
        sorted by date, rep and deal. No rows when nothing was open.

    Raises:
        ValueError: unknown rep, a date outside the snapshots, or a team without snapshots.

    >>> from sefkit.data.examples import tiny_team
    >>> open_pipeline(tiny_team(), "2025-04-09", rep="R01")[["as_of", "opp_id", "stage", "amount", "close_date"]]
           as_of  opp_id      stage   amount close_date
    0 2025-04-07       3   discover  50000.0 2025-04-20
    1 2025-04-07       5  negotiate  60000.0 2025-04-21
    2 2025-04-07       6    propose  80000.0 2025-04-14
    """
    mondays = _mondays(team, as_of)
    snaps = team.snapshots
    rows = snaps[snaps["as_of"].isin(mondays.unique())]
    rows = by_rep(team, rows[rows["stage"].isin(OPEN_STAGES)], rep)
    created = team.opportunities.set_index("opp_id")["created"]
    out = pd.DataFrame({
        "as_of": rows["as_of"].to_numpy(),
        "opp_id": rows["opp_id"].to_numpy(),
        "rep_id": rows["rep_id"].astype(object).to_numpy(),
        "stage": rows["stage"].astype(object).to_numpy(),
        "amount": rows["amount"].to_numpy(),
        "close_date": rows["close_date"].to_numpy(),
        "forecast_category": rows["forecast_category"].astype(object).to_numpy(),
        "created": created.reindex(rows["opp_id"]).to_numpy(),
    })
    out["age_days"] = (out["as_of"] - out["created"]).dt.days
    return out.sort_values(["as_of", "rep_id", "opp_id"], kind="stable").reset_index(drop=True)


# -- quarters ---------------------------------------------------------------------

def covered_quarters(team: Team, quarter=None, *, finished: bool = False) -> list[str]:
    """The quarters a ``quarter`` filter selects (one label, a list, or None), in calendar order.

    Named quarters must have a snapshot on their first day (and, if ``finished``,
    in their last week); None means every quarter that has.

    Raises:
        ValueError: a named quarter the snapshots do not cover, or none covered at all.

    >>> from sefkit.data.examples import tiny_team
    >>> covered_quarters(tiny_team())
    ['2025Q1', '2025Q2']
    """
    first, last = snapshot_span(team)

    def covered(q: str) -> bool:
        start, end = team.quarter_bounds(q)
        return first <= start <= last and (not finished or end - _WEEK <= last)

    chosen = quarter_list(team, quarter)
    if chosen is not None:
        for q in chosen:
            if not covered(q):
                what = "the whole of" if finished else "the first day of"
                raise ValueError(f"no pipeline snapshot for {what} {q}; {_span_text(team)}")
        return chosen
    quarters = [q for q in team.quarters if covered(q)]
    if not quarters:
        raise ValueError(f"no quarter of this team is covered by its snapshots; {_span_text(team)}")
    return quarters


def _quarter_pipeline(team: Team, rep, quarters: list[str]) -> pd.DataFrame:
    """Open deals on each quarter's first day that were due to close in that quarter."""
    bounds = {q: team.quarter_bounds(q) for q in quarters}
    starts = pd.Series({start: q for q, (start, _) in bounds.items()})
    pipe = open_pipeline(team, list(starts.index), rep)
    pipe["quarter"] = starts.reindex(pipe["as_of"]).to_numpy()
    ends = pipe["quarter"].map({q: end for q, (_, end) in bounds.items()})
    return pipe[(pipe["close_date"] >= pipe["as_of"]) & (pipe["close_date"] < ends)].reset_index(drop=True)


def _sum_by_rep_quarter(grid: pd.DataFrame, rows: pd.DataFrame, **aggs) -> pd.DataFrame:
    """``grid`` with named aggregations of ``rows`` per rep and quarter (0 where there are none)."""
    keys = ["rep_id", "quarter"]
    if rows.empty:
        totals = pd.DataFrame({**{k: pd.Series(dtype=object) for k in keys},
                               **{name: pd.Series(dtype="float64") for name in aggs}})
    else:
        totals = rows.groupby(keys, sort=False).agg(**aggs).reset_index()
    out = grid.merge(totals, on=keys, how="left")
    for name in aggs:
        out[name] = out[name].fillna(0)
    return out


def coverage_of(pipeline, quota):
    """The coverage formula: open pipeline due in the quarter / quota (numbers or Series).

    >>> coverage_of(250_000, 100_000)
    2.5
    """
    return pipeline / quota


def coverage(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """How many times each rep's open pipeline covers the quota at the start of a quarter.

    Coverage = open pipeline with a close date in the quarter, as of the
    quarter's first day (its Monday snapshot) / the quarter's quota. Deals due
    in later quarters do not count.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None:
            every quarter whose first day has a snapshot).

    Returns:
        One row per rep and quarter with ``rep_id``, ``quarter``, ``deals_due``
        (how many open deals were due to close in the quarter), ``pipeline``
        (their money), ``quota`` (money) and ``coverage`` (a multiple of quota:
        3.0 means "3x"). ``deals_due`` is not :func:`velocity`'s ``open_deals``,
        which averages every open deal over the quarter's Mondays.

    Raises:
        ValueError: unknown rep or quarter, or no snapshot on the quarter's first day.

    >>> from sefkit.data.examples import tiny_team
    >>> coverage(tiny_team(), rep="R01")   # Q1: nothing open yet; Q2: deals 3, 5 and 6
      rep_id quarter  deals_due  pipeline     quota  coverage
    0    R01  2025Q1          0       0.0  100000.0       0.0
    1    R01  2025Q2          3  190000.0  100000.0       1.9
    """
    quarters = covered_quarters(team, quarter)
    grid = rep_quarter_grid(team, rep, quarters)
    pipe = _quarter_pipeline(team, rep, quarters)
    out = _sum_by_rep_quarter(grid, pipe, deals_due=("opp_id", "size"), pipeline=("amount", "sum"))
    out["deals_due"] = out["deals_due"].astype("int64")
    out["pipeline"] = out["pipeline"].astype("float64")
    out["coverage"] = coverage_of(out["pipeline"], out["quota"])
    return out[["rep_id", "quarter", "deals_due", "pipeline", "quota", "coverage"]]


def not_due_share_of(won_not_due, won_new, won_amount):
    """The share of won money the quarter's coverage did not count: (won not due + won new) / won amount.

    Numbers or Series, as the columns of :func:`won_vs_coverage` (or their
    sums); missing where nothing was won.

    >>> not_due_share_of(10_000, 30_000, 100_000)
    0.4
    >>> not_due_share_of(0.0, 0.0, 0.0)
    nan
    """
    if isinstance(won_amount, pd.Series):
        return (won_not_due + won_new) / won_amount.where(won_amount > 0)
    return (won_not_due + won_new) / won_amount if won_amount > 0 else float("nan")


def won_vs_coverage(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """Where each quarter's won money came from: the pipeline coverage counted on day one, or elsewhere.

    Splits the money won in a quarter (deals won with a close in it, as
    :func:`sefkit.components.deals.won_amount`) by what each won deal was on the
    quarter's first day (its Monday snapshot):

    * ``won_due``: open and due to close in the quarter, the pipeline
      :func:`coverage` counts;
    * ``won_not_due``: open but not due in the quarter (due later, or its close
      date had already passed), pulled in;
    * ``won_new``: not open yet, created during the quarter.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None:
            every quarter whose first day has a snapshot).

    Returns:
        One row per rep and quarter with ``rep_id``, ``quarter``, ``won_amount``,
        ``won_due``, ``won_not_due``, ``won_new`` (money; the three add up to
        ``won_amount``) and ``not_due_share`` (won money coverage did not count,
        ``(won_not_due + won_new) / won_amount``; missing when nothing was won).

    Raises:
        ValueError: unknown rep or quarter, or no snapshot on the quarter's first day.

    R01 won deal 1 (40,000) in 2025Q1, created after the quarter's first
    snapshot; in 2025Q2 R01 won deal 5 (60,000), due in Q2 on its first day:

    >>> from sefkit.data.examples import tiny_team
    >>> won_vs_coverage(tiny_team(), rep="R01")
      rep_id quarter  won_amount  won_due  won_not_due  won_new  not_due_share
    0    R01  2025Q1     40000.0      0.0          0.0  40000.0            1.0
    1    R01  2025Q2     60000.0  60000.0          0.0      0.0            0.0
    """
    quarters = covered_quarters(team, quarter)
    grid = rep_quarter_grid(team, rep, quarters)
    won = closed_deals(team, rep, quarters)
    won = won[won["outcome"] == "won"]
    won = won.assign(quarter=team.quarter_of(won["closed_on"]).to_numpy())
    starts = {q: team.quarter_bounds(q)[0] for q in quarters}
    first_day = open_pipeline(team, list(starts.values()), rep)[["as_of", "opp_id"]]
    due = _quarter_pipeline(team, rep, quarters)[["quarter", "opp_id"]]
    keys = ["quarter", "opp_id"]
    open_then = first_day.assign(quarter=first_day["as_of"].map({d: q for q, d in starts.items()}))[keys]
    was_due = won[keys].merge(due.assign(hit=True), on=keys, how="left")["hit"].notna().to_numpy()
    was_open = won[keys].merge(open_then.assign(hit=True), on=keys, how="left")["hit"].notna().to_numpy()
    amount = won["amount"].to_numpy(dtype="float64")
    won = won.assign(
        won_due=np.where(was_due, amount, 0.0),
        won_not_due=np.where(was_open & ~was_due, amount, 0.0),
        won_new=np.where(was_open, 0.0, amount),
    )
    out = _sum_by_rep_quarter(
        grid, won,
        won_amount=("amount", "sum"), won_due=("won_due", "sum"),
        won_not_due=("won_not_due", "sum"), won_new=("won_new", "sum"),
    )
    money = ["won_amount", "won_due", "won_not_due", "won_new"]
    out[money] = out[money].astype("float64")
    out["not_due_share"] = not_due_share_of(out["won_not_due"], out["won_new"], out["won_amount"])
    return out[["rep_id", "quarter"] + money + ["not_due_share"]]


# -- stage conversion -------------------------------------------------------------

def _furthest_stage(team: Team, deals: pd.DataFrame) -> pd.Series:
    """For each deal, the position of the furthest stage it reached (0 = first open stage; won = last + 1).

    A deal reached a stage when the stage appears in its stage changes (as old or
    new value); a deal with no stage change stayed in the first stage. Won deals
    went all the way.
    """
    position = {stage: i for i, stage in enumerate(OPEN_STAGES)}
    hist = team.opp_history
    changes = hist[(hist["field"] == "stage") & hist["opp_id"].isin(deals["opp_id"])]
    seen = pd.concat([
        changes["old"].map(position).groupby(changes["opp_id"]).max(),
        changes["new"].map(position).groupby(changes["opp_id"]).max(),
    ], axis=1).max(axis=1)
    furthest = seen.reindex(deals["opp_id"]).fillna(0).to_numpy()
    furthest[deals["outcome"].eq("won").to_numpy()] = len(OPEN_STAGES)
    return pd.Series(furthest.astype("int64"), index=deals.index)


def stage_conversion(team: Team, rep=None, quarter=None, *, by="rep_id") -> pd.DataFrame:
    """Of the deals that reached each stage, the share that made it to the next one.

    Counts every deal that closed in the selection (won, lost or no decision:
    their journeys are complete; disqualified deals never entered the pipeline).
    A deal "reached" a stage when its stage history shows it there or further on;
    a deal that moved back after a setback still counts at its furthest stage.
    The last step, from ``negotiate`` to ``won``, is the win rate of deals that
    got to negotiation.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them: deals
            that closed in it (or in any of them, pooled); None: every quarter.
        by: ``"rep_id"`` (one block per rep), ``"quarter"`` (per quarter of
            closing) or None (the whole selection together).

    Returns:
        Four rows per group with the group column (unless ``by`` is None),
        ``stage``, ``next_stage``, ``reached`` (deals that reached ``stage``),
        ``advanced`` (of those, deals that reached ``next_stage``) and
        ``conversion`` (advanced / reached, a fraction; missing when reached is 0).

    Raises:
        ValueError: unknown rep, quarter or ``by``, no deal closed in the selection,
            or a team without stage history.

    Closed tiny-team deals got furthest to: 1, 5, 7 won; 2 propose; 3, 8 discover.

    >>> from sefkit.data.examples import tiny_team
    >>> stage_conversion(tiny_team(), by=None)
           stage next_stage  reached  advanced  conversion
    0    qualify   discover        6         6    1.000000
    1   discover    propose        6         4    0.666667
    2    propose  negotiate        4         3    0.750000
    3  negotiate        won        3         3    1.000000
    """
    if by not in ("rep_id", "quarter", None):
        raise ValueError(f"cannot group stage conversion by {by!r}; choose 'rep_id', 'quarter' or None")
    if team.opp_history.empty:
        raise ValueError("this team has no stage history (opp_history); simulate it with detail='full'")
    deals = closed_deals(team, rep, quarter)
    if deals.empty:
        raise ValueError(f"no deals closed for {describe(rep, quarter)}; choose another rep or quarter")
    furthest = _furthest_stage(team, deals)
    if by == "quarter":
        groups = team.quarter_of(deals["closed_on"])
        present = set(groups)
        order = [q for q in team.quarters if q in present]
    elif by == "rep_id":
        groups = deals["rep_id"]
        present = set(groups)
        order = [r for r in team.rep_ids if r in present]
    else:
        groups = pd.Series("all", index=deals.index)
        order = ["all"]
    steps = len(OPEN_STAGES) + 1
    counts = pd.crosstab(groups, furthest).reindex(index=order, columns=range(steps), fill_value=0)
    reached_at_least = counts.iloc[:, ::-1].cumsum(axis=1).iloc[:, ::-1].to_numpy()  # deals at stage k or beyond
    names = list(OPEN_STAGES) + [WON]
    out = pd.DataFrame({
        "group": np.repeat(order, steps - 1),
        "stage": names[:-1] * len(order),
        "next_stage": names[1:] * len(order),
        "reached": reached_at_least[:, :-1].ravel(),
        "advanced": reached_at_least[:, 1:].ravel(),
    })
    out["reached"] = out["reached"].astype("int64")
    out["advanced"] = out["advanced"].astype("int64")
    out["conversion"] = out["advanced"] / out["reached"].where(out["reached"] > 0)
    return out.rename(columns={"group": by}) if by else out.drop(columns="group")


# -- velocity ---------------------------------------------------------------------

def velocity_of(open_deals, average_won_size, win_rate, median_cycle_days):
    """The velocity formula: money per day the pipeline is expected to turn into wins.

    >>> velocity_of(10, 50_000, 0.25, 100)
    1250.0
    """
    return open_deals * average_won_size * win_rate / median_cycle_days


def average_open_deals(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """How many deals each rep had open on a typical Monday of the quarter.

    The mean, over the quarter's Monday snapshots, of the number of open deals
    (a Monday with nothing open counts as 0). For a quarter the snapshots only
    partly cover, the mean is over the Mondays they cover.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None:
            every quarter whose first day has a snapshot).

    Returns:
        One row per rep and quarter with ``rep_id``, ``quarter``, ``mondays``
        (snapshots averaged over) and ``open_deals`` (the mean, a decimal number).

    Raises:
        ValueError: unknown rep or quarter, or no snapshot on the quarter's first day.

    R01's Monday counts in 2025Q2 are 3, 3, 2 and then 1 for ten weeks: 18 / 13.

    >>> from sefkit.data.examples import tiny_team
    >>> average_open_deals(tiny_team(), rep="R01").round(4)
      rep_id quarter  mondays  open_deals
    0    R01  2025Q1       13      2.8462
    1    R01  2025Q2       13      1.3846
    """
    return _average_open_deals(team, rep, covered_quarters(team, quarter))


def _average_open_deals(team: Team, rep, quarters: list[str]) -> pd.DataFrame:
    reps = selected_reps(team, rep)
    last = snapshot_span(team)[1]
    snaps = team.snapshots
    rows = by_rep(team, snaps[snaps["stage"].isin(OPEN_STAGES)], rep)
    index = ((rows["as_of"] - team.start) // pd.Timedelta(days=DAYS_PER_QUARTER)).to_numpy()
    counts = pd.DataFrame({"rep_id": rows["rep_id"].to_numpy(), "index": index})
    counts = counts.groupby(["rep_id", "index"], observed=True).size()
    counts.index = counts.index.set_levels(counts.index.levels[0].astype(object), level=0)
    out = pd.DataFrame([(r, q) for r in reps for q in quarters], columns=["rep_id", "quarter"])
    position = {q: (team.quarter_bounds(q)[0] - team.start).days // DAYS_PER_QUARTER for q in quarters}
    mondays = {q: min(WEEKS_PER_QUARTER, (last - team.quarter_bounds(q)[0]).days // 7 + 1) for q in quarters}
    keys = pd.MultiIndex.from_arrays([out["rep_id"], out["quarter"].map(position)])
    out["mondays"] = out["quarter"].map(mondays).astype("int64")
    out["open_deals"] = counts.reindex(keys, fill_value=0).to_numpy() / out["mondays"]
    return out


def _velocity(team: Team, rep, quarters: list[str]) -> pd.DataFrame:
    out = _average_open_deals(team, rep, quarters).drop(columns="mondays")
    summaries = []
    for q in quarters:
        try:
            summaries.append(deal_summary(team, rep, q).assign(quarter=q))
        except ValueError:  # nothing closed in q: the counts below stay 0 and say why
            continue
    cols = ["won", "decided", "win_rate", "average_won_size", "median_cycle_days"]
    if summaries:
        deals = pd.concat(summaries, ignore_index=True)[["rep_id", "quarter"] + cols]
        out = out.merge(deals, on=["rep_id", "quarter"], how="left")
    else:
        out = out.assign(**{c: np.nan for c in cols})
    out[["won", "decided"]] = out[["won", "decided"]].fillna(0)
    out = out.astype({"won": "int64", "decided": "int64"})
    out["velocity"] = velocity_of(
        out["open_deals"], out["average_won_size"], out["win_rate"], out["median_cycle_days"]
    )
    return out[["rep_id", "quarter", "open_deals", "decided", "won", "win_rate",
                "average_won_size", "median_cycle_days", "velocity"]]


def velocity(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """How much money per day each rep's pipeline is turning into wins (sales velocity).

    Velocity = open deals x average won deal size x win rate / median cycle length.
    Open deals is the average number of deals open on the quarter's Mondays
    (:func:`average_open_deals`; every admitted deal in the pipeline, whatever
    its close date); win rate, average won size and median cycle are those of
    the deals closed in the quarter, exactly as in
    :func:`sefkit.components.deals.deal_summary`. Averaging the open deals over the quarter
    matches them to the quarter's closed deals: by Little's law, deals open on
    average / cycle length is the rate at which deals reach a decision, so
    velocity estimates the money won per day.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None:
            every quarter whose first day has a snapshot).

    Returns:
        One row per rep and quarter with ``rep_id``, ``quarter``, ``open_deals``
        (average over the quarter's Mondays), ``decided`` and ``won`` (deals closed and won in the quarter),
        ``win_rate`` (fraction), ``average_won_size`` (money),
        ``median_cycle_days`` and ``velocity`` (money per day). Velocity is
        missing when the rep won nothing in the quarter (``won`` is 0).

    Raises:
        ValueError: unknown rep or quarter, or no velocity at all in the selection.

    R01 in 2025Q2: 18/13 open deals x 60,000 x 1/2 / 80 days = 519.23 per day.

    >>> from sefkit.data.examples import tiny_team
    >>> v = velocity(tiny_team(), rep="R01").round(4)
    >>> v[["quarter", "open_deals", "win_rate", "average_won_size", "median_cycle_days"]]
      quarter  open_deals  win_rate  average_won_size  median_cycle_days
    0  2025Q1      2.8462       0.5           40000.0               60.0
    1  2025Q2      1.3846       0.5           60000.0               80.0
    >>> v["velocity"].round(2).tolist()
    [948.72, 519.23]
    """
    out = _velocity(team, rep, covered_quarters(team, quarter))
    if out["velocity"].isna().all():
        raise ValueError(
            f"no velocity for {describe(rep, quarter)}: it needs at least one deal won in the quarter"
        )
    return out


#: The four parts of a velocity change, as (column, velocity input, sign).
_VELOCITY_PARTS = (
    ("open_deals_effect", "open_deals", 1),
    ("deal_size_effect", "average_won_size", 1),
    ("win_rate_effect", "win_rate", 1),
    ("cycle_effect", "median_cycle_days", -1),
)


def velocity_change(team: Team, rep, quarter_from: str, quarter_to: str, *, percent: bool = False) -> pd.DataFrame:
    """What moved each rep's velocity between two quarters: more deals, bigger deals, better wins or faster cycles.

    Because velocity is a product, its change splits exactly into four parts on
    the log scale:

    log(v_to / v_from) = log(n_to / n_from) + log(size_to / size_from)
    + log(win_to / win_from) - log(cycle_to / cycle_from)

    A log part is not a percent change: a part x means that input alone
    multiplied velocity by exp(x), a change of exp(x) - 1. Small parts are
    close to percents (+0.10 is +10.5%), large ones are not (-1.00 is -63%,
    +1.00 is +172%). With ``percent=True`` every part and the total are given
    as those percent changes (fractions: -0.63 is -63%); they then multiply
    instead of adding up: 1 + total = (1 + part) x (1 + part) x ... A longer
    cycle gives a negative ``cycle_effect`` either way.

    Args:
        team: the team.
        rep: a rep id, a list of them, or None for every rep.
        quarter_from: the earlier quarter, such as ``"2025Q1"``.
        quarter_to: the later quarter.
        percent: False (the default) for log parts that add up, True for
            percent changes (exp(part) - 1).

    Returns:
        One row per rep with ``rep_id``, ``quarter_from``, ``quarter_to``,
        ``velocity_from``, ``velocity_to`` (money per day), the four parts
        ``open_deals_effect``, ``deal_size_effect``, ``win_rate_effect``,
        ``cycle_effect`` and ``total_change`` (log of velocity_to /
        velocity_from, their sum; or with ``percent=True``, velocity_to /
        velocity_from - 1). Parts are missing for a rep whose velocity is missing or
        zero in either quarter.

    Raises:
        ValueError: unknown rep or quarter, or no rep with a velocity in both quarters.

    R01 went from 37/13 open deals on average to 18/13 (log 18/37 = -0.7205),
    won size 40,000 to 60,000 (log 1.5 = 0.4055), win rate 1/2 both times, cycle
    60 to 80 days (-log 4/3 = -0.2877); in total -0.6027: velocity fell to
    exp(-0.6027) = 55% of its Q1 level.

    >>> from sefkit.data.examples import tiny_team
    >>> change = velocity_change(tiny_team(), "R01", "2025Q1", "2025Q2")
    >>> change.iloc[0, 5:].astype(float).round(4)
    open_deals_effect   -0.7205
    deal_size_effect     0.4055
    win_rate_effect      0.0000
    cycle_effect        -0.2877
    total_change        -0.6027
    Name: 0, dtype: float64

    As percent changes: fewer open deals alone cut velocity by 51%, bigger wins
    alone raised it by 50%; together with the slower cycle it fell by 45%.

    >>> pct = velocity_change(tiny_team(), "R01", "2025Q1", "2025Q2", percent=True)
    >>> pct.iloc[0, 5:].astype(float).round(4)
    open_deals_effect   -0.5135
    deal_size_effect     0.5000
    win_rate_effect      0.0000
    cycle_effect        -0.2500
    total_change        -0.4527
    Name: 0, dtype: float64
    """
    v = _velocity(team, rep, covered_quarters(team, [quarter_from, quarter_to])).set_index("rep_id")
    before = v[v["quarter"] == quarter_from]
    after = v[v["quarter"] == quarter_to].reindex(before.index)
    out = pd.DataFrame({
        "rep_id": before.index,
        "quarter_from": quarter_from,
        "quarter_to": quarter_to,
        "velocity_from": before["velocity"].to_numpy(),
        "velocity_to": after["velocity"].to_numpy(),
    })
    usable = ((before["velocity"] > 0) & (after["velocity"] > 0)).to_numpy()
    for column, source, sign in _VELOCITY_PARTS:
        with np.errstate(divide="ignore", invalid="ignore"):
            part = sign * np.log(after[source].to_numpy(dtype="float64") / before[source].to_numpy(dtype="float64"))
        out[column] = np.where(usable, part, np.nan)
    out["total_change"] = out[[c for c, _, _ in _VELOCITY_PARTS]].sum(axis=1, min_count=4)
    if percent:
        columns = [c for c, _, _ in _VELOCITY_PARTS] + ["total_change"]
        out[columns] = np.expm1(out[columns])
    if not usable.any():
        raise ValueError(
            f"cannot split the velocity change for {describe(rep)} from {quarter_from} to {quarter_to}: "
            "velocity needs open deals and at least one won deal in both quarters"
        )
    return out


# -- ageing, zombies and quality-adjusted coverage ------------------------------

def _close_date_pushes(team: Team, opp_ids) -> pd.DataFrame:
    """Close-date changes that moved a date later: opp_id, date, days (how far it moved)."""
    hist = team.opp_history
    changes = hist[(hist["field"] == "close_date") & hist["opp_id"].isin(opp_ids)]
    old = pd.to_datetime(changes["old"].astype(object), errors="coerce")
    new = pd.to_datetime(changes["new"].astype(object), errors="coerce")
    days = (new - old).dt.days
    pushed = days > 0
    return pd.DataFrame({
        "opp_id": changes["opp_id"].to_numpy()[pushed.to_numpy()],
        "date": changes["date"].to_numpy()[pushed.to_numpy()],
        "days": days[pushed].to_numpy(dtype="int64"),
    })


def _last_before(events: pd.DataFrame, pipe: pd.DataFrame, value: str) -> np.ndarray:
    """For each pipeline row, ``value`` of the deal's last event dated before its ``as_of`` (snapshot) day."""
    if events.empty or pipe.empty:
        return np.full(len(pipe), np.nan)
    left = pipe[["as_of", "opp_id"]].reset_index().sort_values("as_of", kind="stable")
    right = events.sort_values("date", kind="stable")
    found = pd.merge_asof(left, right, left_on="as_of", right_on="date", by="opp_id",
                          direction="backward", allow_exact_matches=False)
    return found.set_index("index")[value].reindex(pipe.index).to_numpy()


def _with_health(team: Team, pipe: pd.DataFrame) -> pd.DataFrame:
    """``pipe`` (open_pipeline rows) with days in stage, pushes so far, passed close date and the zombie flag."""
    hist = team.opp_history
    stage_changes = hist.loc[(hist["field"] == "stage") & hist["opp_id"].isin(pipe["opp_id"]), ["opp_id", "date"]]
    stage_changes = stage_changes.assign(changed=stage_changes["date"])
    last_change = pd.to_datetime(_last_before(stage_changes, pipe, "changed"))
    pushes = _close_date_pushes(team, pipe["opp_id"].unique())
    pushes = pushes.assign(count=pushes.sort_values("date", kind="stable").groupby("opp_id").cumcount() + 1)
    out = pipe.copy()
    out["days_in_stage"] = (out["as_of"] - pd.Series(last_change, index=out.index).fillna(out["created"])).dt.days
    out["pushes"] = pd.Series(_last_before(pushes, pipe, "count"), index=out.index).fillna(0).astype("int64")
    out["close_date_passed"] = out["close_date"] < out["as_of"]
    out["is_zombie"] = (out["days_in_stage"] > ZOMBIE_STALE_DAYS) & (
        (out["pushes"] >= ZOMBIE_MIN_PUSHES) | out["close_date_passed"]
    )
    return out


def ageing(team: Team, as_of=None, rep=None) -> pd.DataFrame:
    """Every open deal on a date with the signs of a dead deal: time stuck in its stage, pushed or passed close dates.

    The zombie rule (module constants): a deal is a zombie when its stage has
    not changed for more than ``ZOMBIE_STALE_DAYS`` (45) days AND either its
    close date has been pushed later at least ``ZOMBIE_MIN_PUSHES`` (2) times or
    its close date has already passed. Only changes made before the snapshot
    (the Monday of the week of ``as_of``) count.

    Args:
        team: the team.
        as_of: a date such as ``"2025-04-07"`` (None: the last snapshot).
        rep: a rep id or a list of them (None: every rep).

    Returns:
        The columns of :func:`open_pipeline` plus ``days_in_stage`` (days since
        the last stage change, or since creation), ``pushes`` (close-date pushes
        so far), ``close_date_passed`` and ``is_zombie``.

    Raises:
        ValueError: unknown rep, a date outside the snapshots, or a team without snapshots.

    >>> from sefkit.data.examples import tiny_team
    >>> ageing(tiny_team(), "2025-04-07")[["opp_id", "stage", "days_in_stage", "pushes", "close_date_passed", "is_zombie"]]
       opp_id      stage  days_in_stage  pushes  close_date_passed  is_zombie
    0       3   discover             68       2              False       True
    1       5  negotiate              5       1              False      False
    2       6    propose              5       1              False      False
    3       9    qualify             28       0              False      False
    """
    if as_of is None:
        as_of = snapshot_span(team)[1]
    return _with_health(team, open_pipeline(team, as_of, rep))


def zombies(team: Team, as_of=None, rep=None) -> pd.DataFrame:
    """Open deals that look dead but are still in the pipeline (the zombie rule of :func:`ageing`).

    Args:
        team: the team.
        as_of: a date such as ``"2025-04-07"`` (None: the last snapshot).
        rep: a rep id or a list of them (None: every rep).

    Returns:
        The rows of :func:`ageing` whose ``is_zombie`` is true (possibly none).

    Raises:
        ValueError: unknown rep, a date outside the snapshots, or a team without snapshots.

    At the last snapshot (30 June) deal 6 has sat in propose since 2 April after
    two pushes, and deal 9's close date (2 June) has passed:

    >>> from sefkit.data.examples import tiny_team
    >>> zombies(tiny_team())[["opp_id", "rep_id", "days_in_stage", "pushes", "close_date_passed"]]
       opp_id rep_id  days_in_stage  pushes  close_date_passed
    0       6    R01             89       2               True
    1       9    R02             68       0               True
    """
    health = ageing(team, as_of, rep)
    return health[health["is_zombie"]].reset_index(drop=True)


def quality_coverage(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """Coverage counting only live deals: the quarter's pipeline without its zombies, next to raw coverage.

    Same as :func:`coverage`, but deals that were zombies on the quarter's first
    day (the rule of :func:`ageing`) are set aside.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None:
            every quarter whose first day has a snapshot).

    Returns:
        One row per rep and quarter with ``rep_id``, ``quarter``, ``quota``,
        ``pipeline``, ``coverage`` (as in :func:`coverage`), ``zombie_deals``,
        ``zombie_pipeline`` (money), ``quality_pipeline`` (pipeline without
        zombies) and ``quality_coverage`` (quality_pipeline / quota).

    Raises:
        ValueError: unknown rep or quarter, or no snapshot on the quarter's first day.

    On 7 April deal 3 (50,000) is a zombie, so R01's 1.9x is really 1.4x:

    >>> from sefkit.data.examples import tiny_team
    >>> quality_coverage(tiny_team(), quarter="2025Q2")[["rep_id", "coverage", "zombie_pipeline", "quality_coverage"]]
      rep_id  coverage  zombie_pipeline  quality_coverage
    0    R01       1.9          50000.0               1.4
    1    R02       0.9              0.0               0.9
    """
    quarters = covered_quarters(team, quarter)
    grid = rep_quarter_grid(team, rep, quarters)
    pipe = _with_health(team, _quarter_pipeline(team, rep, quarters))
    pipe["zombie_amount"] = pipe["amount"].where(pipe["is_zombie"], 0.0)
    out = _sum_by_rep_quarter(
        grid, pipe,
        pipeline=("amount", "sum"), zombie_deals=("is_zombie", "sum"), zombie_pipeline=("zombie_amount", "sum"),
    )
    out = out.astype({"pipeline": "float64", "zombie_deals": "int64", "zombie_pipeline": "float64"})
    out["coverage"] = coverage_of(out["pipeline"], out["quota"])
    out["quality_pipeline"] = out["pipeline"] - out["zombie_pipeline"]
    out["quality_coverage"] = coverage_of(out["quality_pipeline"], out["quota"])
    return out[["rep_id", "quarter", "quota", "pipeline", "coverage", "zombie_deals",
                "zombie_pipeline", "quality_pipeline", "quality_coverage"]]



# -- the reps together: team coverage and zombie share ---------------------------

def zombie_share_of(zombie_pipeline, pipeline):
    """The zombie-share formula: zombie money / pipeline due (numbers or Series; missing where the pipeline is 0).

    >>> zombie_share_of(50_000, 200_000)
    0.25
    >>> zombie_share_of(0.0, 0.0)
    nan
    """
    if isinstance(pipeline, pd.Series):
        return zombie_pipeline / pipeline.where(pipeline > 0)
    return zombie_pipeline / pipeline if pipeline > 0 else float("nan")


#: What :func:`pooled_coverage` can pool by.
POOL_BY = ("quarter", "rep_id", None)
#: The columns of a coverage table that add up (counts and money).
_ADDITIVE = ("deals_due", "quota", "pipeline", "zombie_deals", "zombie_pipeline", "quality_pipeline")


def pooled_coverage(table: pd.DataFrame, by="quarter") -> pd.DataFrame:
    """Rows of a :func:`coverage` or :func:`quality_coverage` table added up, with the ratios worked out again.

    Counts and money (``deals_due``, ``quota``, ``pipeline``, ``zombie_deals``,
    ``zombie_pipeline``, ``quality_pipeline``, those the table has) are summed
    per group; then ``coverage`` = pipeline / quota (:func:`coverage_of`),
    ``quality_coverage`` = quality pipeline / quota and ``zombie_share`` =
    zombie pipeline / pipeline (:func:`zombie_share_of`), each where its parts
    are there. Ratios are never averaged: the team's coverage is the team's
    pipeline over the team's quota.

    Args:
        table: a table of :func:`coverage` or :func:`quality_coverage`.
        by: ``"quarter"`` (the reps together, per quarter), ``"rep_id"`` (per
            rep, the quarters together) or None (everything in one row).

    Returns:
        One row per group (in the order they first appear) with the group
        column (unless ``by`` is None), the summed columns and the ratios.

    Raises:
        ValueError: an unknown ``by``, or a table without ``pipeline`` and ``quota``.

    >>> from sefkit.data.examples import tiny_team
    >>> pooled_coverage(quality_coverage(tiny_team(), quarter="2025Q2"), by=None)[["pipeline", "quota", "coverage", "zombie_share"]]
       pipeline     quota  coverage  zombie_share
    0  280000.0  200000.0       1.4      0.178571
    """
    if by not in POOL_BY:
        raise ValueError(f"cannot pool coverage by {by!r}; choose 'quarter', 'rep_id' or None")
    missing = [c for c in ("pipeline", "quota", *([by] if by else [])) if c not in table.columns]
    if missing:
        raise ValueError(f"pool a table of pipeline.coverage or pipeline.quality_coverage; this one has no {missing}")
    columns = [c for c in _ADDITIVE if c in table.columns]
    if by is None:
        out = pd.DataFrame({c: [table[c].sum()] for c in columns})
    else:
        out = table.groupby(by, sort=False)[columns].sum().reset_index()
    out["coverage"] = coverage_of(out["pipeline"], out["quota"])
    if "quality_pipeline" in out:
        out["quality_coverage"] = coverage_of(out["quality_pipeline"], out["quota"])
    if "zombie_pipeline" in out:
        out["zombie_share"] = zombie_share_of(out["zombie_pipeline"], out["pipeline"])
    return out


def team_coverage(team: Team, rep=None, quarter=None, *, by="quarter") -> pd.DataFrame:
    """The whole team's coverage: every rep's pipeline due in the quarter on its first day, over every rep's quota.

    :func:`coverage` with the reps added up (:func:`pooled_coverage`), per
    quarter or (``by=None``) the quarters pooled too.

    Args:
        team: the team.
        rep: a rep id or a list of them, added up (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None:
            every quarter whose first day has a snapshot).
        by: ``"quarter"`` (one row per quarter) or None (one row).

    Returns:
        One row per quarter (or one) with ``quarter`` (unless ``by`` is None),
        ``deals_due``, ``quota``, ``pipeline`` (money) and ``coverage`` (a
        multiple of quota).

    Raises:
        ValueError: as :func:`coverage`, or a ``by`` other than "quarter" or None.

    >>> from sefkit.data.examples import tiny_team
    >>> team_coverage(tiny_team())
      quarter  deals_due     quota  pipeline  coverage
    0  2025Q1          0  200000.0       0.0       0.0
    1  2025Q2          4  200000.0  280000.0       1.4
    """
    if by not in ("quarter", None):
        raise ValueError(f"team coverage is per quarter or pooled; choose by='quarter' or None, not {by!r}")
    return pooled_coverage(coverage(team, rep, quarter), by)


def zombie_share(team: Team, rep=None, quarter=None, *, by="rep_id") -> pd.DataFrame:
    """How much of the pipeline due on each quarter's first day sat in zombie deals.

    Zombie share = zombie money / pipeline due in the quarter, on the quarter's
    first day (the zombie rule of :func:`ageing`, the pipeline of
    :func:`coverage`), from :func:`quality_coverage` with the money added up
    before dividing (:func:`pooled_coverage`).

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None:
            every quarter whose first day has a snapshot).
        by: ``"rep_id"`` (per rep, the quarters together), ``"quarter"`` (per
            quarter, the reps together) or None (one row).

    Returns:
        One row per group with the group column (unless ``by`` is None),
        ``zombie_deals``, ``zombie_pipeline`` and ``pipeline`` (money) and
        ``zombie_share`` (a fraction; missing where there was no pipeline).

    Raises:
        ValueError: as :func:`quality_coverage`, or an unknown ``by``.

    On 7 April R01's deal 3 (50,000 of 190,000 due) was a zombie:

    >>> from sefkit.data.examples import tiny_team
    >>> zombie_share(tiny_team())
      rep_id  zombie_deals  zombie_pipeline  pipeline  zombie_share
    0    R01             1          50000.0  190000.0      0.263158
    1    R02             0              0.0   90000.0      0.000000
    """
    table = pooled_coverage(quality_coverage(team, rep, quarter), by)
    return table[([by] if by else []) + ["zombie_deals", "zombie_pipeline", "pipeline", "zombie_share"]]

def close_out_lag(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """How long a dead deal stays open: days from a went-dark deal's last call to the day it was closed out.

    A deal whose buyer went silent is dead but stays in the pipeline (a zombie)
    until the rep closes it out, as no decision with the loss reason
    ``went_dark``. For each such deal the lag runs from its last sales call (from
    its creation when it had none) to its close. **Close-out lag** = the mean lag
    of the rep's went-dark deals closed in the selection. A short lag is a rep
    who clears dead deals out; a long one carries them for weeks. Unlike the
    zombie share, the lag does not grow with how *many* deals die (which weak
    calls and starved deals drive): it times only how long the rep takes to
    notice (docs/DIAGNOSIS.md).

    Args:
        team: the team (its ``calls`` say when each deal was last worked).
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them: the
            deals closed out in it (None: every quarter of the team).

    Returns:
        One row per rep with ``rep_id``, ``went_dark`` (deals closed out) and
        ``close_out_days`` (their mean lag in days; missing for a rep with none).

    Raises:
        ValueError: unknown rep or quarter, or a team without sales calls.

    R01's deal 3 had its last call on 10 March (a setback) and was closed out
    on 20 April, 41 days later; R02 closed nothing out:

    >>> from sefkit.data.examples import tiny_team
    >>> close_out_lag(tiny_team())
      rep_id  went_dark  close_out_days
    0    R01          1            41.0
    1    R02          0             NaN
    """
    calls = detail(team, "calls", "sales calls")
    reps = pd.Index(selected_reps(team, rep), name="rep_id")
    opps = by_period(team, by_rep(team, team.opportunities, rep), quarter, "closed_on")
    dark = opps[(opps["outcome"] == "no_decision") & (opps["loss_reason"] == "went_dark")]
    worked = calls[calls["opp_id"].isin(dark["opp_id"])]
    last_call = worked.groupby("opp_id", observed=True)["date"].max()
    since = dark["opp_id"].map(last_call).fillna(dark["created"])
    lag = pd.Series((dark["closed_on"] - since).dt.days.to_numpy(dtype="float64"), index=dark["rep_id"].to_numpy())
    grouped = lag.groupby(level=0)
    return pd.DataFrame({
        "went_dark": grouped.size().reindex(reps, fill_value=0).astype("int64"),
        "close_out_days": grouped.mean().reindex(reps).astype("float64"),
    }).reset_index()


# -- slippage and the coverage a rep really needs --------------------------------

def slippage(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """How often close dates get pushed, and how much of each quarter's pipeline slipped out of it.

    For each rep and quarter, the deals *forecast in* the quarter are those open
    on its first day with a close date inside it (the pipeline of
    :func:`coverage`). Of those:

    * ``pushes``: close-date changes to a later date made during the quarter
      (from ``opp_history``); ``avg_push_days`` is how far a push moved the date.
    * ``slipped``: deals that did not close (won, lost or no decision) by the
      quarter's end, pushed or not; ``slip_rate`` = slipped / deals.

    Only quarters the snapshots cover to their last week are measured, so a
    quarter still running never shows as slipped.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None:
            every finished quarter).

    Returns:
        One row per rep and quarter with ``rep_id``, ``quarter``, ``deals``,
        ``amount`` (money), ``pushes``, ``pushes_per_deal``, ``avg_push_days``
        (missing when pushes is 0), ``slipped``, ``slip_rate`` (fraction; missing
        when deals is 0) and ``slipped_amount`` (money).

    Raises:
        ValueError: unknown rep or quarter, or a quarter the snapshots do not cover.

    On 7 April R01 expected deals 3, 5 and 6 to close in 2025Q2; 3 and 5 closed,
    deal 6 was pushed 21 days (14 April to 5 May) and was still open at the end.

    >>> from sefkit.data.examples import tiny_team
    >>> slippage(tiny_team(), quarter="2025Q2")[["rep_id", "deals", "pushes", "avg_push_days", "slipped", "slip_rate"]]
      rep_id  deals  pushes  avg_push_days  slipped  slip_rate
    0    R01      3       1           21.0        1   0.333333
    1    R02      1       0            NaN        1   1.000000
    """
    quarters = covered_quarters(team, quarter, finished=True)
    grid = rep_quarter_grid(team, rep, quarters)
    pipe = _quarter_pipeline(team, rep, quarters)
    ends = pipe["quarter"].map({q: team.quarter_bounds(q)[1] for q in quarters})
    closed_on = team.opportunities.set_index("opp_id")["closed_on"].reindex(pipe["opp_id"]).to_numpy()
    pipe["slipped"] = ~(pd.Series(closed_on, index=pipe.index) < ends)
    pipe["slipped_amount"] = pipe["amount"].where(pipe["slipped"], 0.0)
    pushes = _close_date_pushes(team, pipe["opp_id"].unique())
    pushes = pushes.merge(pipe[["opp_id", "quarter", "as_of"]].assign(end=ends), on="opp_id")
    pushes = pushes[(pushes["date"] >= pushes["as_of"]) & (pushes["date"] < pushes["end"])]
    per_deal = pushes.groupby(["opp_id", "quarter"]).agg(pushes=("days", "size"), push_days=("days", "sum"))
    pipe = pipe.merge(per_deal.reset_index(), on=["opp_id", "quarter"], how="left")
    pipe[["pushes", "push_days"]] = pipe[["pushes", "push_days"]].fillna(0)
    out = _sum_by_rep_quarter(
        grid, pipe,
        deals=("opp_id", "size"), amount=("amount", "sum"), pushes=("pushes", "sum"),
        push_days=("push_days", "sum"), slipped=("slipped", "sum"), slipped_amount=("slipped_amount", "sum"),
    )
    out = out.astype({"deals": "int64", "pushes": "int64", "slipped": "int64",
                      "amount": "float64", "slipped_amount": "float64", "push_days": "float64"})
    deals = out["deals"].where(out["deals"] > 0)
    out["pushes_per_deal"] = out["pushes"] / deals
    out["avg_push_days"] = out["push_days"] / out["pushes"].where(out["pushes"] > 0)
    out["slip_rate"] = out["slipped"] / deals
    return out[["rep_id", "quarter", "deals", "amount", "pushes", "pushes_per_deal", "avg_push_days",
                "slipped", "slip_rate", "slipped_amount"]]


def required_coverage(win_rate, slip_rate=0.0):
    """The pipeline coverage a rep really needs, given how often they win and how much slips.

    Of the pipeline due in a quarter on its first day, a share ``slip_rate``
    does not close in the quarter, and of what closes a share ``win_rate`` is
    won. To win the quota:

    pipeline x (1 - slip_rate) x win_rate = quota, so
    required coverage = 1 / (win_rate x (1 - slip_rate)).

    The "3x rule" is this formula for a rep who wins one deal in three and never
    slips. It assumes won deals are about as big as the pipeline's deals, and
    leaves out deals created and won inside the quarter, so it errs on the safe
    side for reps who close fast.

    Args:
        win_rate: a fraction from 0 to 1 (a number or a Series), as in
            :func:`sefkit.components.deals.win_rate`.
        slip_rate: a fraction from 0 to 1, as in :func:`slippage`.

    Returns:
        The coverage needed, as a multiple of quota (infinite for a win rate of
        0 or a slip rate of 1: no first-day pipeline is then enough).

    Raises:
        ValueError: a rate outside its range.

    >>> required_coverage(1 / 3)
    3.0
    >>> required_coverage(0.25, slip_rate=0.2)   # 1 / (0.25 x 0.8)
    5.0
    """
    wr = np.asarray(win_rate, dtype="float64")
    sr = np.asarray(slip_rate, dtype="float64")
    if np.any((wr < 0) | (wr > 1)):
        raise ValueError(f"win_rate must be a fraction from 0 to 1; got {win_rate!r}")
    if np.any((sr < 0) | (sr > 1)):
        raise ValueError(f"slip_rate must be a fraction from 0 to 1; got {slip_rate!r}")
    with np.errstate(divide="ignore"):
        needed = 1.0 / (wr * (1.0 - sr))
    if isinstance(win_rate, pd.Series):
        return pd.Series(needed, index=win_rate.index, name="required_coverage")
    if isinstance(slip_rate, pd.Series):
        return pd.Series(needed, index=slip_rate.index, name="required_coverage")
    return float(needed) if needed.ndim == 0 else needed


def coverage_needed(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """Each rep's own coverage target, from their win rate and slippage, next to the coverage they had.

    Pools every finished quarter in the selection: the win rate of the deals
    closed in those quarters (as :func:`sefkit.components.deals.win_rate`), the slip rate
    of their first-day pipelines (:func:`slippage`), and
    :func:`required_coverage` from the two.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them, pooled
            (None: every finished quarter). On a quarter's first day, pass the
            quarters before it: only they are known then.

    Returns:
        One row per rep with ``rep_id``, ``quarters`` (how many were pooled),
        ``win_rate``, ``slip_rate``, ``required_coverage``, ``rule_of_thumb``
        (3.0) and ``average_coverage`` (mean of the rep's coverage in the
        pooled quarters).
        Rates are missing for a rep with no closed deal or no pipeline.

    Raises:
        ValueError: unknown rep or quarter, or a quarter the snapshots do not cover.

    R01 won 2 of the 4 deals closed in 2025Q1-Q2, and of the 3 deals due on a
    quarter's first day (none in Q1; 3, 5 and 6 in Q2) deal 6 slipped:
    1 / (0.5 x 2/3) = 3x. R02's only due deal slipped, so no first-day
    pipeline would have been enough.

    >>> from sefkit.data.examples import tiny_team
    >>> coverage_needed(tiny_team())[["rep_id", "win_rate", "slip_rate", "required_coverage", "average_coverage"]]
      rep_id  win_rate  slip_rate  required_coverage  average_coverage
    0    R01       0.5   0.333333                3.0              0.95
    1    R02       0.5   1.000000                inf              0.45

    On 2025Q2's first day only 2025Q1 is known: R01 had won 1 of 2 deals but
    had nothing due on 2025Q1's first day, so the slip rate cannot be measured yet.

    >>> coverage_needed(tiny_team(), rep="R01", quarter=["2025Q1"])[["quarters", "win_rate", "slip_rate"]]
       quarters  win_rate  slip_rate
    0         1       0.5        NaN
    """
    quarters = covered_quarters(team, quarter, finished=True)
    slips = slippage(team, rep, quarters)
    cover = coverage(team, rep, quarters)
    reps = slips["rep_id"].unique()
    counts = count_outcomes(closed_deals(team, rep, quarters), "rep_id").reindex(reps)
    per_rep = slips.groupby("rep_id", sort=False)[["slipped", "deals"]].sum().reindex(reps)
    out = pd.DataFrame({"rep_id": reps, "quarters": len(quarters)})
    out["win_rate"] = counts["win_rate"].to_numpy()
    out["slip_rate"] = (per_rep["slipped"] / per_rep["deals"].where(per_rep["deals"] > 0)).to_numpy()
    out["required_coverage"] = required_coverage(out["win_rate"], out["slip_rate"]).to_numpy()
    out["rule_of_thumb"] = RULE_OF_THUMB_COVERAGE
    out["average_coverage"] = cover.groupby("rep_id")["coverage"].mean().reindex(reps).to_numpy()
    return out
