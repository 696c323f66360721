"""Prospecting: the funnel from activities to opportunities, and the activity a quota needs.

The funnel counts each rep's prospecting activities (calls, emails, social
touches) and how far they got. An activity records the furthest step it reached
(:data:`~sefkit.data.team.ACTIVITY_OUTCOMES`), so the counts are cumulative: a meeting
was also a conversation and a connect.

* **activities**: every prospecting activity;
* **connects**: activities that reached a person (connect, conversation or meeting);
* **conversations**: activities that became a real conversation (or a meeting);
* **meetings**: activities that won a meeting;
* **opportunities**: deals the rep *created* from their own prospecting
  (``source == "outbound"``), including those later disqualified.

Each rate is the next step divided by the step before it. Activities belong to
the quarter of their week, opportunities to the quarter they were created in;
without a quarter filter the funnel covers the team's quarters (those of
``team.quotas``).
Meetings turn into opportunities one to three weeks later, so near a quarter's
edge a few of one quarter's meetings become the next quarter's opportunities.

>>> from sefkit.data.examples import tiny_team
>>> funnel(tiny_team(), quarter="2025Q1")[["rep_id", "activities", "connects", "meetings", "opportunities"]]
  rep_id  activities  connects  meetings  opportunities
0    R01         120        48        12              6
1    R02          50        20         6              3
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..data.periods import WEEKS_PER_QUARTER
from ..data.selection import (
    by_period,
    by_quarter,
    by_rep,
    describe,
    detail,
    factorize,
    quarter_list,
    selected_reps,
)
from ..data.team import ACTIVITY_OUTCOMES, Team
from . import deals

#: The funnel's steps, in order.
STEPS = ("activities", "connects", "conversations", "meetings", "opportunities")
#: Each conversion rate: (name, step, step before it).
RATES = (
    ("connect_rate", "connects", "activities"),
    ("conversation_rate", "conversations", "connects"),
    ("meeting_rate", "meetings", "conversations"),
    ("opportunity_rate", "opportunities", "meetings"),
)
#: What ``funnel(by=...)`` can group by.
GROUPS = ("rep_id", "quarter")


def _group_keys(by) -> list[str]:
    keys = [] if by is None else [by] if isinstance(by, str) else list(by)
    unknown = [k for k in keys if k not in GROUPS]
    if unknown or len(set(keys)) != len(keys):
        raise ValueError(f"cannot group the funnel by {by!r}; choose None or any of {', '.join(GROUPS)}")
    return keys


def _key_codes(team: Team, df: pd.DataFrame, key: str, date_column: str) -> tuple[np.ndarray, list[str]]:
    """An integer code per row for one grouping key, and the label of each code.

    Quarters are worked out once per distinct date (tables repeat weeks a lot);
    rows outside every quarter get code -1.
    """
    if key == "rep_id":
        codes, uniques = factorize(df["rep_id"])
        return codes, [str(u) for u in uniques]
    codes, uniques = pd.factorize(df[date_column])
    labels = team.quarter_of(pd.Series(uniques))
    names = [str(q) for q in labels.dropna().unique()]
    per_date = np.append(pd.Index(names).get_indexer(labels), -1)  # a missing date (code -1) -> -1
    return per_date[codes], names


def _tally(team: Team, df: pd.DataFrame, keys: list[str], date_column: str, outcomes=None) -> pd.DataFrame:
    """Rows per group of ``keys`` (and per outcome when ``outcomes`` is given), counted with bincount.

    Returns a table indexed by the groups' labels with one column per outcome, or
    a single column ``rows``. Equivalent to ``groupby(...).size()``, but a few
    times faster on the millions of activities of a large team.
    """
    codes, levels = [], []
    for key in keys:
        c, labels = _key_codes(team, df, key, date_column)
        codes.append(c)
        levels.append(labels)
    columns = ["rows"]
    if outcomes is not None:
        c, uniques = factorize(df["outcome"])
        position = pd.Index(outcomes).get_indexer(uniques)
        if (position < 0).any():
            bad = uniques[position < 0][0]
            raise ValueError(f"unknown activity outcome {bad!r}; valid outcomes: {', '.join(outcomes)}")
        codes.append(np.append(position, -1)[c])
        levels.append(list(outcomes))
        columns = list(outcomes)
    shape = tuple(len(level) for level in levels)
    if not codes:
        counts = np.array([len(df)])
    elif 0 in shape:
        counts = np.zeros(shape, dtype="int64")
    else:
        flat, valid = np.zeros(len(df), dtype="int64"), np.ones(len(df), dtype=bool)
        for code, size in zip(codes, shape, strict=True):
            flat = flat * size + code
            valid &= code >= 0
        counts = np.bincount(flat[valid], minlength=int(np.prod(shape))).reshape(shape)
    groups = levels[: len(keys)]
    if not keys:
        index = pd.RangeIndex(1)
    elif len(keys) == 1:
        index = pd.Index(groups[0], name=keys[0], dtype="object")
    else:
        index = pd.MultiIndex.from_product(groups, names=keys)
    return pd.DataFrame(counts.reshape(len(index), len(columns)), index=index, columns=columns)


def _grid(team: Team, keys: list[str], rep, quarter) -> pd.MultiIndex | pd.Index | None:
    """Every group the funnel reports, so a rep or quarter with no activity shows zeros."""
    if not keys:
        return None
    levels = {"rep_id": selected_reps(team, rep), "quarter": quarter_list(team, quarter) or team.quarters}
    if len(keys) == 1:
        return pd.Index(levels[keys[0]], name=keys[0])
    return pd.MultiIndex.from_product([levels[k] for k in keys], names=keys)


def funnel(team: Team, rep=None, quarter=None, by="rep_id") -> pd.DataFrame:
    """How each rep's prospecting turns into meetings and opportunities, step by step.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None: every quarter).
        by: ``"rep_id"`` (default), ``"quarter"``, ``["rep_id", "quarter"]``, or
            None for one row for the whole selection.

    Returns:
        One row per group (every rep and quarter of the selection, zeros where
        nothing happened) with the group columns, the counts ``activities``,
        ``connects``, ``conversations``, ``meetings``, ``opportunities``, the rates
        ``connect_rate`` (connects / activities), ``conversation_rate``
        (conversations / connects), ``meeting_rate`` (meetings / conversations),
        ``opportunity_rate`` (opportunities / meetings), and
        ``activities_per_meeting``. A rate is missing where the step before it is 0.

    Raises:
        ValueError: unknown rep, quarter or grouping, or no activity and no
        outbound opportunity in the selection.

    >>> from sefkit.data.examples import tiny_team
    >>> table = funnel(tiny_team(), rep="R01")
    >>> table[["connect_rate", "conversation_rate", "meeting_rate", "opportunity_rate"]]
       connect_rate  conversation_rate  meeting_rate  opportunity_rate
    0           0.4                0.5           0.5               0.5
    """
    keys = _group_keys(by)
    acts = detail(team, "activities", "prospecting activities")
    acts = by_period(team, by_rep(team, acts, rep), quarter, "week")
    opps = team.opportunities[team.opportunities["source"] == "outbound"]
    opps = by_period(team, by_rep(team, opps, rep), quarter, "created")
    if acts.empty and opps.empty:
        raise ValueError(
            f"no prospecting activities or outbound opportunities for {describe(rep, quarter)}; "
            "choose another rep or quarter"
        )
    outcomes = _tally(team, acts, keys, "week", ACTIVITY_OUTCOMES)
    # cumulative: an activity reached every step up to its recorded outcome
    reached = outcomes[list(ACTIVITY_OUTCOMES)[::-1]].cumsum(axis=1)[list(ACTIVITY_OUTCOMES)]
    table = pd.DataFrame(reached.to_numpy(), index=reached.index, columns=list(STEPS[:4]))
    if keys:
        table = table.reindex(_grid(team, keys, rep, quarter), fill_value=0)
    table["opportunities"] = _tally(team, opps, keys, "created")["rows"].reindex(table.index, fill_value=0)
    table = table.astype("int64")
    for name, step, before in RATES:
        table[name] = table[step] / table[before].where(table[before] > 0)
    table["activities_per_meeting"] = table["activities"] / table["meetings"].where(table["meetings"] > 0)
    table.columns.name = None
    return table.reset_index() if keys else table


def backward_plan(team: Team, rep: str, quota=None, quarter=None) -> pd.DataFrame:
    """Work back from a quota to the prospecting a rep needs, at the rep's own rates.

    The chain, each step from the one above it:

    1. ``won_deals`` = quota / average won size
    2. ``decided_deals`` = won deals / win rate (so quota / (win rate x average won size))
    3. ``opportunities`` = decided deals / share of opportunities that pass
       qualification (decided / (decided + disqualified))
    4. ``outbound_opportunities`` = opportunities x the rep's outbound share (the
       share of the rep's opportunities that came from their own prospecting; the
       rest come from marketing, referrals and expansion)
    5. ``meetings`` = outbound opportunities / opportunity rate
    6. ``conversations`` = meetings / meeting rate
    7. ``connects`` = conversations / conversation rate
    8. ``activities`` = connects / connect rate

    Average won size and win rate come from :mod:`sefkit.components.deals`, the rates of
    steps 5-8 from :func:`funnel`; all are measured over ``quarter`` (None: the
    rep's whole history).

    Args:
        team: the team.
        rep: one rep id, or None for the whole team's rates pooled (what a plan
            built on team averages assumes; then ``quota`` is required).
        quota: the target in money; None means the rep's quota for ``quarter``,
            or for the team's last quarter when ``quarter`` is None.
        quarter: the quarter whose results give the rates, or a list of them
            pooled (then ``quota`` is required); None: every quarter.

    Returns:
        One row per step (``quota`` first, then steps 1-8) with ``step``,
        ``needed`` (for the quarter, unrounded), ``per_week`` (needed / 13),
        ``based_on`` (the rate used) and ``rate`` (its value: money for the
        average won size, a fraction otherwise).

    Raises:
        ValueError: unknown rep or quarter, a quota that is not a positive
        number, or a rate that is zero or cannot be measured (for example no
        deal won), named in the message.

    >>> from sefkit.data.examples import tiny_team
    >>> backward_plan(tiny_team(), "R01")[["step", "needed", "based_on", "rate"]]
                         step    needed            based_on     rate
    0                   quota  100000.0                None      NaN
    1               won_deals       2.0    average_won_size  50000.0
    2           decided_deals       4.0            win_rate      0.5
    3           opportunities       5.0   qualified_share      0.8
    4  outbound_opportunities       5.0      outbound_share      1.0
    5                meetings      10.0    opportunity_rate      0.5
    6           conversations      20.0        meeting_rate      0.5
    7                connects      40.0   conversation_rate      0.5
    8              activities     100.0        connect_rate      0.4
    """
    if rep is not None and not isinstance(rep, str):
        raise ValueError(f"a backward plan is for one rep (or None for the team's rates); got {rep!r}; "
                         f"valid reps: {', '.join(team.rep_ids)}")
    if rep is not None:
        team.check_rep(rep)
    target = _quota(team, rep, quota, quarter)

    size = deals.average_won_size(team, rep, quarter)
    win = deals.win_rate(team, rep, quarter)
    outcomes = deals.closed_deals(team, rep, quarter, include_disqualified=True)["outcome"]
    qualified = float((outcomes != "disqualified").mean())
    created = by_period(team, by_rep(team, team.opportunities, rep), quarter, "created")
    if created.empty:
        raise ValueError(f"{rep or 'the team'} created no opportunities {_period(quarter)}, "
                         "so the outbound share is unknown")
    outbound = float((created["source"] == "outbound").mean())
    rates = funnel(team, rep, quarter, by=None).iloc[0]

    chain = [("won_deals", "average_won_size", size), ("decided_deals", "win_rate", win),
             ("opportunities", "qualified_share", qualified), ("outbound_opportunities", "outbound_share", outbound)]
    chain += [(before, name, float(rates[name])) for name, step, before in reversed(RATES)]
    for step, based_on, rate in chain:
        if math.isnan(rate):
            raise ValueError(f"{rep or 'the team'}'s {based_on} {_period(quarter)} cannot be measured (nothing to divide by), "
                             f"so the {step} needed cannot be planned; choose another quarter")
        if rate <= 0:
            raise ValueError(f"{rep or 'the team'}'s {based_on} {_period(quarter)} is 0, so the {step} needed cannot be planned; "
                             "choose another quarter")
    return _plan_table(target, chain)


def _plan_table(target: float, chain) -> pd.DataFrame:
    """The backward plan's table: each step's need from the one above it, (step, based_on, rate) by step."""
    rows, needed = [("quota", target, None, math.nan)], target
    for step, based_on, rate in chain:
        needed = needed * rate if based_on == "outbound_share" else needed / rate
        rows.append((step, needed, based_on, rate))
    plan = pd.DataFrame(rows, columns=["step", "needed", "based_on", "rate"])
    plan.insert(2, "per_week", plan["needed"] / WEEKS_PER_QUARTER)
    return plan


def _period(quarter) -> str:
    if quarter is None:
        return "over the whole period"
    return f"in {quarter}" if isinstance(quarter, str) else f"in {', '.join(map(str, quarter))}"


def _quota(team: Team, rep: str, quota, quarter) -> float:
    if quota is not None:
        if isinstance(quota, bool) or not isinstance(quota, int | float | np.number) or not quota > 0:
            raise ValueError(f"quota must be a positive amount of money; got {quota!r}")
        return float(quota)
    if rep is None:
        raise ValueError("a plan at the team's rates has no quota of its own; pass quota=... (for example a rep's quota)")
    if quarter is not None and not isinstance(quarter, str):
        raise ValueError(f"the rates pool several quarters ({', '.join(map(str, quarter))}), so which quarter's "
                         "quota to plan for is not known; pass quota=... explicitly")
    target_quarter = team.check_quarter(quarter) if quarter is not None else team.quarters[-1]
    q = team.quotas
    rows = q[(q["rep_id"] == rep) & (q["quarter"] == target_quarter)]
    if rows.empty:
        raise ValueError(f"{rep} has no quota for {target_quarter}; pass quota=... explicitly")
    return float(rows["quota"].iloc[0])


# -- channels, the lag from prospecting to money, and what-if plans (lesson 02) ------------

#: The channels of prospecting activities (the ``type`` of an activity), in display order.
CHANNELS = ("call", "email", "social")


def channel_funnel(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """How each channel (call, email, social) turns activities into meetings.

    The same cumulative steps as :func:`funnel`, one row per channel. The funnel
    stops at meetings: an opportunity is opened a few weeks after its meeting,
    and the CRM records the deal, not the touch that booked it.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label or a list of them (None: every quarter).

    Returns:
        One row per channel (``channel``) with ``activities``, ``connects``,
        ``conversations``, ``meetings``, the rates ``connect_rate``,
        ``conversation_rate`` and ``meeting_rate`` (as in :func:`funnel`),
        ``meetings_per_100`` (meetings per 100 activities),
        ``activities_per_meeting``, ``share_of_activities`` and
        ``share_of_meetings`` (each channel's part of the selection's total).
        A rate is missing where the step before it is 0.

    Raises:
        ValueError: unknown rep or quarter, or no activity in the selection.

    >>> from sefkit.data.examples import tiny_team
    >>> channel_funnel(tiny_team(), rep="R01")[["channel", "activities", "meetings", "meetings_per_100", "share_of_meetings"]]
      channel  activities  meetings  meetings_per_100  share_of_meetings
    0    call          80         9             11.25               0.75
    1   email          30         3             10.00               0.25
    2  social          10         0              0.00               0.00
    """
    acts = detail(team, "activities", "prospecting activities")
    acts = by_period(team, by_rep(team, acts, rep), quarter, "week")
    if acts.empty:
        raise ValueError(f"no prospecting activities for {describe(rep, quarter)}; choose another rep or quarter")
    kinds = pd.Series(acts["type"].astype("object"))
    channels = list(CHANNELS) + sorted(set(kinds.unique()) - set(CHANNELS))
    outcomes = pd.crosstab(kinds, acts["outcome"].astype("object")).reindex(
        index=channels, columns=list(ACTIVITY_OUTCOMES), fill_value=0)
    # cumulative, as in funnel(): an activity reached every step up to its recorded outcome
    reached = outcomes[list(ACTIVITY_OUTCOMES)[::-1]].cumsum(axis=1)[list(ACTIVITY_OUTCOMES)]
    table = pd.DataFrame(reached.to_numpy(dtype="int64"), columns=list(STEPS[:4]))
    table.insert(0, "channel", channels)
    for name, step, before in RATES[:3]:
        table[name] = table[step] / table[before].where(table[before] > 0)
    table["meetings_per_100"] = 100 * table["meetings"] / table["activities"].where(table["activities"] > 0)
    table["activities_per_meeting"] = table["activities"] / table["meetings"].where(table["meetings"] > 0)
    table["share_of_activities"] = table["activities"] / table["activities"].sum()
    meetings = table["meetings"].sum()
    table["share_of_meetings"] = table["meetings"] / meetings if meetings > 0 else np.nan
    return table


def payback(team: Team, rep=None, quarter=None, *, source: str = "outbound", horizon: int = 3) -> pd.DataFrame:
    """When the money from prospecting arrives: won deals by how many quarters after their creation they closed.

    Takes the deals created in ``quarter`` from ``source`` (by default the reps'
    own prospecting) that were won, and counts them by the quarters between the
    quarter they were created in and the quarter they were won in: 0 (the same
    quarter), 1 (the next), ..., ``horizon`` (that many or more). Deals still open
    at the end of the data are not counted, so by default only creation quarters
    followed by at least ``horizon`` quarters of data are used.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: the quarter(s) the deals were created in (None: every quarter
            followed by ``horizon`` more, or every quarter if the data is shorter).
        source: which deals: ``"outbound"`` (prospecting, default),
            ``"marketing"``, ``"referral"``, ``"expansion"``, or None for all.
        horizon: the last row counts deals won this many quarters later or more.

    Returns:
        One row per ``quarters_later`` (0 to ``horizon``) with ``won_deals``,
        ``won_amount``, ``share`` (of the won amount) and ``cumulative_share``
        (won by then).

    Raises:
        ValueError: unknown rep, quarter or source, a horizon below 1, or no deal won.

    >>> from sefkit.data.examples import tiny_team
    >>> payback(tiny_team(), horizon=2)
       quarters_later  won_deals  won_amount  share  cumulative_share
    0               0          2     90000.0    0.6               0.6
    1               1          1     60000.0    0.4               1.0
    2               2          0         0.0    0.0               1.0
    """
    sources = ("outbound", "marketing", "referral", "expansion")
    if source is not None and source not in sources:
        raise ValueError(f"unknown source {source!r}; choose None or one of {', '.join(sources)}")
    if isinstance(horizon, bool) or not isinstance(horizon, int | np.integer) or horizon < 1:
        raise ValueError(f"horizon must be a whole number of quarters, 1 or more; got {horizon!r}")
    if quarter is None:
        quarter = team.quarters[:-horizon] if len(team.quarters) > horizon else team.quarters
    opps = by_rep(team, team.opportunities, rep)
    won = opps[(opps["outcome"] == "won") & ((opps["source"] == source) if source else True)]
    won = by_quarter(team, won, quarter, "created")
    if won.empty:
        raise ValueError(f"no deal created {_period(quarter)} from {source or 'any source'} was won for "
                         f"{describe(rep)}; choose another rep or quarter")
    order = {q: i for i, q in enumerate(team.quarters)}
    created = team.quarter_of(won["created"]).map(order)
    closed = team.quarter_of(won["closed_on"]).map(order)
    later = (closed - created).clip(upper=horizon).astype("int64")
    steps = pd.RangeIndex(horizon + 1, name="quarters_later")
    table = pd.DataFrame({
        "won_deals": later.value_counts().reindex(steps, fill_value=0).astype("int64"),
        "won_amount": won["amount"].groupby(later.to_numpy()).sum().reindex(steps, fill_value=0.0).astype("float64"),
    })
    table["share"] = table["won_amount"] / table["won_amount"].sum()
    table["cumulative_share"] = table["share"].cumsum()
    return table.reset_index()


def replan(plan: pd.DataFrame, quota=None, **rates) -> pd.DataFrame:
    """A backward plan worked again with some of its rates, or its quota, changed: what if the rep won more often?

    Args:
        plan: a table from :func:`backward_plan`.
        quota: a new target in money (None: the plan's).
        **rates: new values for rates the plan is ``based_on``, by name, for
            example ``win_rate=0.35`` or ``meeting_rate=0.5``: fractions above 0
            and at most 1 (``average_won_size``: an amount above 0).

    Returns:
        A new table like :func:`backward_plan`'s; ``plan`` is left as it was.

    Raises:
        ValueError: not a backward plan, a rate it does not use, or a value out of range.

    >>> from sefkit.data.examples import tiny_team
    >>> plan = backward_plan(tiny_team(), "R01")
    >>> replan(plan, win_rate=1.0).set_index("step").loc[["decided_deals", "activities"], "needed"].tolist()
    [2.0, 50.0]
    """
    needed_columns = {"step", "needed", "based_on", "rate"}
    if not isinstance(plan, pd.DataFrame) or not needed_columns <= set(plan.columns) or plan.empty \
            or plan["step"].iloc[0] != "quota":
        raise ValueError("plan must be a table from prospecting.backward_plan(...)")
    known = [b for b in plan["based_on"].iloc[1:]]
    unknown = [name for name in rates if name not in known]
    if unknown:
        raise ValueError(f"the plan uses no rate called {', '.join(unknown)}; its rates: {', '.join(known)}")
    for name, value in rates.items():
        bad = isinstance(value, bool) or not isinstance(value, int | float | np.number) or not value > 0
        if bad or (name != "average_won_size" and value > 1):
            limit = "an amount above 0" if name == "average_won_size" else "a fraction above 0 and at most 1"
            raise ValueError(f"{name} must be {limit}; got {value!r}")
    target = float(plan["needed"].iloc[0]) if quota is None else _quota(None, None, quota, None)
    chain = [(step, based_on, float(rates.get(based_on, rate)))
             for step, based_on, rate in plan[["step", "based_on", "rate"]].iloc[1:].itertuples(index=False)]
    return _plan_table(target, chain)
