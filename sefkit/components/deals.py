"""Deal qualification and deal management: win rate, no-decision, cycle, deal size.

The definitions here are the course's one source for these metrics (DESIGN
section 3); every other module, plot and exercise calls them.

* **win rate** = won / (won + lost + no_decision) over deals *closed* in the
  period. Disqualified deals never entered the pipeline and are left out; deals
  that ended in "no decision" are losses to the status quo and stay in.
* **cycle length** = median days from ``created`` to ``closed_on`` over every
  closed deal (won, lost and no decision), not only the won ones.
* **average won size** = mean amount of the deals won in the period.
* **disqualification rate** = disqualified / (won + lost + no decision +
  disqualified) over the deals that ended in the period
  (:func:`disqualification_rate_of`).

A deal belongs to the quarter in which it *closed* (``closed_on``). Every
function takes the shared ``rep`` and ``quarter`` filters of
:mod:`sefkit.data.selection`; ``quarter`` may be one label or a list of them, and a
list pools the deals closed in all those quarters (for example the quarters
before today, which is all a manager can know on a quarter's first day).

Tables built on these definitions: :func:`deal_summary` (one row per rep),
:func:`loss_reasons` (why deals ended without a win) and :func:`outcome_by_band`
(outcomes by qualification score band, :data:`QUALIFICATION_BANDS`).

>>> from sefkit.data.examples import tiny_team
>>> team = tiny_team()
>>> win_rate(team, quarter="2025Q1")   # won 1 and 7; lost 2 and 8
0.5
>>> win_rate(team, rep="R01")          # won 1 and 5; lost 2; no decision 3
0.5
>>> win_rate(team, quarter=["2025Q1", "2025Q2"])   # pooled: won 1, 5, 7; lost 2, 8; no decision 3
0.5
"""

from __future__ import annotations

import pandas as pd

from ..data.selection import (
    by_period,
    by_quarter,
    by_rep,
    describe,
    detail,
    quarter_list,
    selected_reps,
)
from ..data.team import DECIDED_OUTCOMES, Team


def closed_deals(team: Team, rep=None, quarter=None, *, include_disqualified: bool = False) -> pd.DataFrame:
    """Deals closed in the selection (won, lost, no decision; optionally disqualified).

    ``quarter`` is one label or a list of them (the deals closed in any of them);
    every metric of this module selects its deals here.

    >>> from sefkit.data.examples import tiny_team
    >>> closed_deals(tiny_team(), rep="R01", quarter="2025Q2").opp_id.tolist()
    [3, 5]
    >>> closed_deals(tiny_team(), rep="R01", quarter=["2025Q1", "2025Q2"]).opp_id.tolist()
    [1, 2, 3, 5]
    """
    opps = by_rep(team, team.opportunities, rep)
    opps = by_quarter(team, opps, quarter, "closed_on")
    keep = list(DECIDED_OUTCOMES) + (["disqualified"] if include_disqualified else [])
    return opps[opps["outcome"].isin(keep)].copy()


def decision_win_rate_of(won, lost):
    """Won / (won + lost): how often the rep wins when the buyer does decide.

    This is *not* the course's win rate (which keeps no-decision deals in the
    denominator). It isolates deal management from qualification, for the
    whole-job scorecard (:mod:`sefkit.whole_job.system`); NaN where nothing was decided.

    >>> decision_win_rate_of(1, 3)
    0.25
    """
    decided = won + lost
    if isinstance(decided, pd.Series):
        return won / decided.where(decided > 0)
    return won / decided if decided else float("nan")


def disqualification_rate_of(disqualified, decided):
    """Disqualified / (decided + disqualified): the share of the deals that ended which the rep disqualified.

    A rep who disqualifies weak deals early keeps them out of the pipeline;
    a low rate means weak deals got in. The measure of qualification on the
    whole-job scorecard (:mod:`sefkit.whole_job.system`); NaN where nothing ended.

    >>> disqualification_rate_of(1, 4)
    0.2
    """
    ended = decided + disqualified
    if isinstance(ended, pd.Series):
        return disqualified / ended.where(ended > 0)
    return disqualified / ended if ended else float("nan")


def win_rate_of(won, lost, no_decision):
    """The win-rate formula on counts (numbers or aligned Series).

    >>> win_rate_of(1, 2, 1)
    0.25
    """
    return won / (won + lost + no_decision)


def _decided(team: Team, rep, quarter) -> pd.DataFrame:
    deals = closed_deals(team, rep, quarter)
    if deals.empty:
        raise ValueError(f"no deals closed for {describe(rep, quarter)}; choose another rep or quarter")
    return deals


def _totals(team: Team, rep, quarter) -> pd.Series:
    """Closed-deal counts by outcome (won, lost, no_decision) for one selection."""
    outcomes = _decided(team, rep, quarter)["outcome"]
    return outcomes.value_counts().reindex(list(DECIDED_OUTCOMES), fill_value=0)


def outcome_counts(team: Team, by="rep_id", quarter=None, rep=None) -> pd.DataFrame:
    """Closed deals counted by outcome per group, with win and no-decision rates.

    ``by`` is a column of opportunities (``"rep_id"``, ``"source"``...) or a list of
    them; ``"quarter"`` groups by the quarter in which each deal closed.

    >>> from sefkit.data.examples import tiny_team
    >>> outcome_counts(tiny_team(), quarter="2025Q1")[["won", "lost", "no_decision", "win_rate"]]
            won  lost  no_decision  win_rate
    rep_id
    R01       1     1            0       0.5
    R02       1     1            0       0.5
    """
    deals = _decided(team, rep, quarter)
    keys = [by] if isinstance(by, str) else list(by)
    if "quarter" in keys:
        deals["quarter"] = team.quarter_of(deals["closed_on"]).to_numpy()
    unknown = [k for k in keys if k not in deals.columns]
    if unknown:
        raise ValueError(f"cannot group by {unknown}; choose 'quarter' or a column of opportunities")
    return count_outcomes(deals, keys)


def count_outcomes(deals: pd.DataFrame, by) -> pd.DataFrame:
    """Count deals by outcome per group, with the win rate and no-decision rate of each group.

    The one place where outcome counts become rates; :func:`outcome_counts`, the
    tables below and other modules (calls, system) all call it. Rows whose outcome
    is not won, lost or no_decision (disqualified or open deals) are ignored.

    Args:
        deals: rows of ``team.opportunities`` (for example from :func:`closed_deals`),
            possibly with extra columns to group by.
        by: a column name or a list of them.

    Returns:
        One row per group (the group keys as index) with columns ``won``, ``lost``,
        ``no_decision``, ``decided``, ``win_rate`` and ``no_decision_rate``.

    >>> from sefkit.data.examples import tiny_team
    >>> deals = closed_deals(tiny_team(), rep="R01", include_disqualified=True)
    >>> count_outcomes(deals, "rep_id")[["won", "lost", "no_decision", "win_rate"]]
            won  lost  no_decision  win_rate
    rep_id
    R01       2     1            1       0.5
    """
    keys = [by] if isinstance(by, str) else list(by)
    decided = deals[deals["outcome"].isin(DECIDED_OUTCOMES)]
    counts = (
        decided.groupby(keys + ["outcome"], observed=True).size().unstack("outcome")
        .reindex(columns=list(DECIDED_OUTCOMES), fill_value=0).fillna(0).astype("int64")
    )
    counts.columns.name = None
    counts["decided"] = counts[list(DECIDED_OUTCOMES)].sum(axis=1)
    counts["win_rate"] = win_rate_of(counts["won"], counts["lost"], counts["no_decision"])
    counts["no_decision_rate"] = counts["no_decision"] / counts["decided"]
    return counts


def win_rate(team: Team, rep=None, quarter=None) -> float:
    """Won / (won + lost + no decision) over deals closed in the selection.

    Raises ValueError when the selection closed no deals (rather than returning NaN).

    >>> from sefkit.data.examples import tiny_team
    >>> win_rate(tiny_team(), rep="R02")
    0.5
    """
    c = _totals(team, rep, quarter)
    return float(win_rate_of(c["won"], c["lost"], c["no_decision"]))


def no_decision_rate(team: Team, rep=None, quarter=None) -> float:
    """Share of closed deals that ended with no decision.

    >>> from sefkit.data.examples import tiny_team
    >>> no_decision_rate(tiny_team(), rep="R01")   # 1 of 4 closed deals
    0.25
    """
    c = _totals(team, rep, quarter)
    return float(c["no_decision"] / c.sum())


def cycle_days(deals: pd.DataFrame) -> pd.Series:
    """Days from creation to close of each deal."""
    return (deals["closed_on"] - deals["created"]).dt.days


def cycle_length(team: Team, rep=None, quarter=None) -> float:
    """Median days from created to closed over all deals closed in the selection.

    Lost and no-decision deals count too: measuring won deals only would hide
    the deals that dragged on and died (survivorship).

    >>> from sefkit.data.examples import tiny_team
    >>> cycle_length(tiny_team(), rep="R01")   # 60, 60, 90, 70 days
    65.0
    """
    return float(cycle_days(_decided(team, rep, quarter)).median())


def won_deals(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """Deals won in the selection (by close date)."""
    deals = closed_deals(team, rep, quarter)
    return deals[deals["outcome"] == "won"]


def won_amount(team: Team, rep=None, quarter=None) -> float:
    """Total amount won in the selection (0 when nothing was won).

    >>> from sefkit.data.examples import tiny_team
    >>> won_amount(tiny_team(), quarter="2025Q1")
    90000.0
    """
    return float(won_deals(team, rep, quarter)["amount"].sum())


def average_won_size(team: Team, rep=None, quarter=None) -> float:
    """Mean amount of the deals won in the selection.

    >>> from sefkit.data.examples import tiny_team
    >>> average_won_size(tiny_team(), rep="R01")
    50000.0
    """
    won = won_deals(team, rep, quarter)
    if won.empty:
        raise ValueError(f"no deals won for {describe(rep, quarter)}; choose another rep or quarter")
    return float(won["amount"].mean())


# -- tables for the qualification and deal-management lessons -----------------

#: Qualification score bands. The score is the sum of the eight MEDDPICC fields,
#: each 0-3, so it runs from 0 to 24; each band covers a third of that range.
QUALIFICATION_BANDS = {"weak": (0, 8), "fair": (9, 16), "strong": (17, 24)}
_OUTCOME_ORDER = {"won": 0, "lost": 1, "no_decision": 2, "disqualified": 3}


def deal_summary(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """How each rep's deals ended: win rate, no-decision rate, cycle and deal size side by side.

    Every figure comes from the definitions above (deals belong to the quarter in
    which they closed). Reps in the selection who closed nothing get zero counts
    and missing rates (their ``decided`` count of 0 says why).

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"``, or a list of them
            (pooled); None: every quarter.

    Returns:
        One row per rep with ``rep_id``, the counts ``won``, ``lost``,
        ``no_decision``, ``decided`` (the three together) and ``disqualified``,
        then ``win_rate`` and ``no_decision_rate`` (fractions of ``decided``),
        ``median_cycle_days`` (created to closed, every decided deal),
        ``won_amount`` and ``average_won_size`` (money).

    Raises:
        ValueError: unknown rep or quarter, or no deal closed in the selection.

    >>> from sefkit.data.examples import tiny_team
    >>> deal_summary(tiny_team(), quarter="2025Q1")[["rep_id", "won", "decided", "win_rate", "median_cycle_days"]]
      rep_id  won  decided  win_rate  median_cycle_days
    0    R01    1        2       0.5               60.0
    1    R02    1        2       0.5               55.0
    """
    decided = _decided(team, rep, quarter)
    reps = pd.Index(selected_reps(team, rep), name="rep_id")
    counts = count_outcomes(decided, "rep_id").reindex(reps)
    counts[list(DECIDED_OUTCOMES) + ["decided"]] = counts[list(DECIDED_OUTCOMES) + ["decided"]].fillna(0).astype("int64")
    all_closed = closed_deals(team, rep, quarter, include_disqualified=True)
    disqualified = all_closed[all_closed["outcome"] == "disqualified"].groupby("rep_id").size()
    won = won_deals(team, rep, quarter).groupby("rep_id")["amount"]
    out = counts[list(DECIDED_OUTCOMES) + ["decided"]].assign(
        disqualified=disqualified.reindex(reps, fill_value=0).astype("int64"),
        win_rate=counts["win_rate"],
        no_decision_rate=counts["no_decision_rate"],
        median_cycle_days=cycle_days(decided).groupby(decided["rep_id"]).median().reindex(reps).astype("float64"),
        won_amount=won.sum().reindex(reps, fill_value=0.0).astype("float64"),
        average_won_size=won.mean().reindex(reps).astype("float64"),
    )
    return out.reset_index()


def loss_reasons(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """Why deals ended without a win: lost, no decision and disqualified deals by their recorded reason.

    Lost deals give competitor, price or product_gap; no-decision deals status_quo
    or went_dark; disqualified deals poor_fit or no_budget. A deal without a
    recorded reason shows as ``"not recorded"``. Deals belong to the quarter in
    which they closed.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"``, or a list of them
            (pooled); None: every quarter.

    Returns:
        One row per outcome and reason with ``outcome``, ``loss_reason``,
        ``deals`` (count), ``amount`` (money) and ``share`` (the reason's share of
        that outcome's deals), lost first, then no decision, then disqualified,
        biggest reasons first. No rows when every closed deal was won.

    Raises:
        ValueError: unknown rep or quarter, or nothing closed in the selection.

    >>> from sefkit.data.examples import tiny_team
    >>> loss_reasons(tiny_team(), rep="R01")
            outcome loss_reason  deals   amount  share
    0          lost  competitor      1  30000.0    1.0
    1   no_decision   went_dark      1  50000.0    1.0
    2  disqualified    poor_fit      1  20000.0    1.0
    """
    deals = closed_deals(team, rep, quarter, include_disqualified=True)
    if deals.empty:
        raise ValueError(f"no deals closed for {describe(rep, quarter)}; choose another rep or quarter")
    ended = deals[deals["outcome"] != "won"].assign(loss_reason=lambda d: d["loss_reason"].fillna("not recorded"))
    out = (
        ended.groupby(["outcome", "loss_reason"])
        .agg(deals=("opp_id", "size"), amount=("amount", "sum"))
        .reset_index()
    )
    out["share"] = out["deals"] / out.groupby("outcome")["deals"].transform("sum")
    out["deals"] = out["deals"].astype("int64")
    out["amount"] = out["amount"].astype("float64")
    order = out["outcome"].map(_OUTCOME_ORDER)
    out = out.assign(_order=order).sort_values(["_order", "deals", "loss_reason"], ascending=[True, False, True])
    return out.drop(columns="_order").reset_index(drop=True)


def qualification_band(scores: pd.Series) -> pd.Series:
    """The band (weak, fair, strong) of each qualification score (0-24).

    >>> qualification_band(pd.Series([0, 8, 9, 16, 17, 24])).tolist()
    ['weak', 'weak', 'fair', 'fair', 'strong', 'strong']
    """
    bad = scores[(scores < 0) | (scores > 24) | scores.isna()]
    if len(bad):
        raise ValueError(f"qualification scores must be whole numbers from 0 to 24; found {bad.iloc[0]}")
    edges = [-0.5] + [hi + 0.5 for _, hi in QUALIFICATION_BANDS.values()]
    return pd.cut(scores, bins=edges, labels=list(QUALIFICATION_BANDS))


def outcome_by_band(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """Do well-qualified deals end better? Outcomes of closed deals by qualification score band.

    Bands (:data:`QUALIFICATION_BANDS`, on the 0-24 MEDDPICC score): weak 0-8,
    fair 9-16, strong 17-24. Win rate, no-decision rate and median cycle use the
    definitions above, over deals closed in the selection; disqualified deals are
    counted in their own column but never in the rates.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"``, or a list of them
            (pooled); None: every quarter.

    Returns:
        One row per band, always all three, with ``band``, ``score_range``,
        ``disqualified``, ``won``, ``lost``, ``no_decision``, ``decided``,
        ``win_rate``, ``no_decision_rate`` and ``median_cycle_days``. A band with
        no decided deal has missing rates (its ``decided`` is 0).

    Raises:
        ValueError: unknown rep or quarter, or no deal closed in the selection.

    Every deal of the tiny team scores 12 (fair):

    >>> from sefkit.data.examples import tiny_team
    >>> outcome_by_band(tiny_team(), rep="R01")[["band", "disqualified", "decided", "win_rate", "median_cycle_days"]]
         band  disqualified  decided  win_rate  median_cycle_days
    0    weak             0        0       NaN                NaN
    1    fair             1        4       0.5               65.0
    2  strong             0        0       NaN                NaN
    """
    team.require("opportunities.qualification_score")
    decided = _decided(team, rep, quarter)
    bands = pd.Index(list(QUALIFICATION_BANDS), name="band")
    decided = decided.assign(band=qualification_band(decided["qualification_score"]).astype(str))
    counts = count_outcomes(decided, "band").reindex(bands)
    count_cols = list(DECIDED_OUTCOMES) + ["decided"]
    counts[count_cols] = counts[count_cols].fillna(0).astype("int64")
    all_closed = closed_deals(team, rep, quarter, include_disqualified=True)
    dq = all_closed[all_closed["outcome"] == "disqualified"]
    dq_counts = qualification_band(dq["qualification_score"]).astype(str).value_counts()
    out = counts[count_cols].assign(
        win_rate=counts["win_rate"],
        no_decision_rate=counts["no_decision_rate"],
        median_cycle_days=cycle_days(decided).groupby(decided["band"]).median().reindex(bands).astype("float64"),
    )
    out.insert(0, "disqualified", dq_counts.reindex(bands, fill_value=0).astype("int64"))
    out.insert(0, "score_range", [f"{lo}-{hi}" for lo, hi in QUALIFICATION_BANDS.values()])
    return out.reset_index()


# -- qualification or deal management? where the deals that did not win went ---------------


def lost_rate_of(lost, decided):
    """Lost / decided: the share of decided deals the buyer bought elsewhere or not at all from us at a decision.

    >>> lost_rate_of(3, 12)
    0.25
    """
    if isinstance(decided, pd.Series):
        return lost / decided.where(decided > 0)
    return lost / decided if decided else float("nan")


def loss_profile(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """Where each rep's deals went when they did not win: no decision, lost (to a competitor), or kept out.

    The rates that tell a qualification problem from a deal-management one. A
    rep who admits deals that were never going to buy (a lax bar) closes more of
    them as *no decision* and disqualifies few; a rep who loses deals the buyer
    did decide on (deal management) loses more of them at the decision, most to a
    competitor. Deals belong to the quarter in which they closed.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"``, or a list of them
            (pooled); None: every quarter.

    Returns:
        One row per rep with ``rep_id``, ``decided`` (won + lost + no decision),
        ``disqualified``, ``win_rate``, ``no_decision_rate`` (no decision /
        decided), ``lost_rate`` (lost / decided, :func:`lost_rate_of`),
        ``competitor_loss_rate`` (deals lost to a competitor / decided),
        ``disqualification_rate`` (:func:`disqualification_rate_of`) and
        ``average_score`` (mean MEDDPICC score, 0-24, of the decided deals).
        A rep who closed nothing has missing rates.

    Raises:
        ValueError: unknown rep or quarter, or no deal closed in the selection.

    >>> from sefkit.data.examples import tiny_team
    >>> profile = loss_profile(tiny_team(), rep="R01").iloc[0]   # won 2, lost 1 (competitor), no decision 1
    >>> [float(profile[c]) for c in ("decided", "no_decision_rate", "lost_rate", "competitor_loss_rate")]
    [4.0, 0.25, 0.25, 0.25]
    >>> float(profile["disqualification_rate"])   # 1 disqualified of 5 ended
    0.2
    """
    summary = deal_summary(team, rep, quarter).set_index("rep_id")
    decided = closed_deals(team, rep, quarter)
    competitor = decided[(decided["outcome"] == "lost") & (decided["loss_reason"] == "competitor")]
    out = pd.DataFrame({
        "decided": summary["decided"],
        "disqualified": summary["disqualified"],
        "win_rate": summary["win_rate"],
        "no_decision_rate": summary["no_decision_rate"],
        "lost_rate": lost_rate_of(summary["lost"], summary["decided"]),
        "competitor_loss_rate": lost_rate_of(
            competitor.groupby("rep_id").size().reindex(summary.index, fill_value=0), summary["decided"]),
        "disqualification_rate": disqualification_rate_of(summary["disqualified"], summary["decided"]),
        "average_score": decided.groupby("rep_id")["qualification_score"].mean().reindex(summary.index)
        .astype("float64"),
    }, index=summary.index)
    return out.reset_index()


def deal_load(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """How many deals each rep carried and how much attention each got: open deals and calls per deal a week.

    A rep has a fixed number of deal hours a week; every extra deal admitted
    shares them. Read from the Monday snapshots (every open deal each Monday,
    dead ones the rep has not closed out included) and the calls table, so it
    needs a team with full detail.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"``, or a list of them
            (pooled); None: every quarter.

    Returns:
        One row per rep with ``rep_id``, ``mondays`` (Mondays in the selection),
        ``deal_weeks`` (open deals summed over those Mondays), ``open_deals``
        (deal_weeks / mondays: the deals carried on a typical Monday), ``calls``
        (sales calls made in the selection) and ``calls_per_deal_week``
        (calls / deal_weeks: the attention a deal got).

    Raises:
        ValueError: unknown rep or quarter, or a team without snapshots (core detail).

    >>> from sefkit.data.examples import tiny_team
    >>> deal_load(tiny_team(), rep="R01", quarter="2025Q1")[["rep_id", "mondays", "open_deals", "calls"]]
      rep_id  mondays  open_deals  calls
    0    R01       13    2.846154      8
    """
    snaps = by_period(team, by_rep(team, detail(team, "snapshots", "the deal load"), rep), quarter, "as_of")
    calls = by_period(team, by_rep(team, team.calls, rep), quarter, "date")
    reps = pd.Index(selected_reps(team, rep), name="rep_id")
    mondays = _mondays(team, quarter)
    weeks = snaps.groupby("rep_id", observed=True).size().reindex(reps, fill_value=0).astype("int64")
    made = calls.groupby("rep_id", observed=True).size().reindex(reps, fill_value=0).astype("int64")
    out = pd.DataFrame({"mondays": mondays, "deal_weeks": weeks, "open_deals": weeks / mondays, "calls": made,
                        "calls_per_deal_week": made / weeks.where(weeks > 0)}, index=reps)
    return out.reset_index()


def _mondays(team: Team, quarter) -> int:
    """How many Mondays the quarters of the selection hold (13 a quarter)."""
    quarters = quarter_list(team, quarter) or team.quarters
    total = 0
    for q in quarters:
        start, end = team.quarter_bounds(q)
        total += len(pd.date_range(start, end, freq="W-MON", inclusive="left"))
    return total


def _grouped(team: Team, deals: pd.DataFrame, by, date_column: str) -> tuple[pd.DataFrame, list[str]]:
    """``deals`` with a ``quarter`` column (from ``date_column``) when ``by`` asks for it, and the group keys.

    An empty ``by`` groups the whole selection as one row, ``selection`` = ``"all"``.
    """
    keys = [by] if isinstance(by, str) else list(by)
    deals = deals.copy()
    if not keys:
        deals["selection"], keys = "all", ["selection"]
    if "quarter" in keys:
        deals["quarter"] = team.quarter_of(deals[date_column]).to_numpy()
    unknown = [k for k in keys if k not in deals.columns]
    if unknown:
        raise ValueError(f"cannot group by {unknown}; choose 'quarter' or a column of opportunities")
    return deals, keys


def created_by_source(team: Team, rep=None, quarter=None, by="quarter") -> pd.DataFrame:
    """Opportunities created, by where they came from (outbound, marketing, referral, expansion).

    Unlike the win rate, which counts deals where they *closed*, this counts each
    opportunity in the quarter it was *created*: where the pipeline comes from.
    Disqualified opportunities count (they took a rep's time to qualify out).

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label or a list of them (None: every quarter).
        by: ``"quarter"`` (default), ``"rep_id"``, a list of them, or ``[]`` for the
            selection as a whole.

    Returns:
        One row per group with a column per source (``team.SOURCES`` order),
        ``created`` (all sources) and ``marketing_share`` (marketing / created).

    Raises:
        ValueError: unknown rep, quarter or grouping column, or nothing created.

    >>> from sefkit.data.examples import tiny_team
    >>> created_by_source(tiny_team())[["outbound", "marketing", "created", "marketing_share"]]
             outbound  marketing  created  marketing_share
    quarter
    2025Q1          9          0        9              0.0
    """
    from ..data.team import SOURCES

    opps = by_period(team, by_rep(team, team.opportunities, rep), quarter, "created")
    if opps.empty:
        raise ValueError(f"no opportunities created for {describe(rep, quarter)}; choose another rep or quarter")
    opps, keys = _grouped(team, opps, by, "created")
    counts = (opps.groupby(keys + ["source"], observed=True).size().unstack("source")
              .reindex(columns=list(SOURCES), fill_value=0).fillna(0).astype("int64"))
    counts.columns.name = None
    counts["created"] = counts[list(SOURCES)].sum(axis=1)
    counts["marketing_share"] = counts["marketing"] / counts["created"]
    return counts


def loss_reason_shares(team: Team, rep=None, quarter=None, by="quarter") -> pd.DataFrame:
    """How decided deals ended, as shares: won, and each loss reason, per group.

    The decided deals (won, lost, no decision; DESIGN section 3's win-rate
    denominator) closed in the period, split by how they ended: ``won``, lost to
    ``competitor``, ``price`` or ``product_gap``, no decision by ``status_quo`` or
    ``went_dark``. Each column is a share of the group's decided deals, so the
    row adds up to 1 and ``won`` is the win rate. Grouped by ``"source"`` it says
    whether a loss reason belongs to one source of deals; by ``"quarter"``, when
    it started; by ``"rep_id"``, whether it hits every rep (an ecosystem cause)
    or a few (a team cause).

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label or a list of them (None: every quarter).
        by: ``"quarter"`` (default), ``"source"``, ``"rep_id"`` or a list of them.

    Returns:
        One row per group with ``decided`` (count) and the shares ``won``,
        ``competitor``, ``price``, ``product_gap``, ``status_quo`` and ``went_dark``.

    Raises:
        ValueError: unknown rep, quarter or grouping column, or no decided deal.

    >>> from sefkit.data.examples import tiny_team
    >>> loss_reason_shares(tiny_team(), rep="R01")[["decided", "won", "competitor", "went_dark"]]
             decided  won  competitor  went_dark
    quarter
    2025Q1         2  0.5         0.5       0.00
    2025Q2         2  0.5         0.0       0.50
    """
    endings = ("competitor", "price", "product_gap", "status_quo", "went_dark")
    deals = _decided(team, rep, quarter)
    deals = deals[deals["outcome"].isin(DECIDED_OUTCOMES)]
    if deals.empty:
        raise ValueError(f"no decided deals for {describe(rep, quarter)}; choose another rep or quarter")
    deals, keys = _grouped(team, deals, by, "closed_on")
    ending = deals["loss_reason"].astype("object").where(deals["outcome"] != "won", "won")
    counts = pd.crosstab([deals[k] for k in keys], ending.rename("ending"))
    counts = counts.reindex(columns=["won", *endings], fill_value=0)
    counts.columns.name = None
    decided = counts.sum(axis=1)
    out = counts.div(decided, axis=0)
    out.insert(0, "decided", decided.astype("int64"))
    return out
