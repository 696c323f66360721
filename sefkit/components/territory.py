"""Territory and account management: what each rep's patch is worth and where the effort goes.

Each rep covers one territory (``reps.territory_id``); the territory's accounts
are the rows of ``team.accounts`` with the same ``territory_id``. Accounts are
tiered A/B/C by the company and carry an ideal-customer-profile fit
(``icp_fit``, 0-1) and a potential annual contract value (``potential_acv``).

Definitions used here:

* **territory potential** = the sum of ``potential_acv`` over the territory's accounts;
* **high fit** = ``icp_fit >= HIGH_FIT`` (0.7: the accounts that look most like
  the company's best customers);
* **attainment** = won amount / quota (DESIGN section 3), with the won amount
  from :mod:`sefkit.components.deals` (deals belong to the quarter in which they closed);
* **attainment against potential** = won amount / territory potential: the share
  of what the territory could buy that the rep actually won. It puts reps with
  rich and poor territories on the same footing.
* **effort share** of a tier = the rep's prospecting activities on the tier's
  accounts / all the rep's activities on accounts of known tier; set beside the
  tier's **potential share** (its part of the territory potential).
* a deal's **tier** is the tier of its account; outcomes by tier use the win rate
  and no-decision rate of :mod:`sefkit.components.deals`.
* **high-fit focus** = share of prospecting on high-fit accounts / share of
  high-fit accounts in the territory (:func:`high_fit_focus_of`).

>>> from sefkit.data.examples import tiny_team
>>> attainment(tiny_team(), quarter="2025Q1")[["rep_id", "won_amount", "attainment", "attainment_vs_potential"]]
  rep_id  won_amount  attainment  attainment_vs_potential
0    R01     40000.0         0.4                     0.08
1    R02     50000.0         0.5                     0.05
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.selection import (
    by_quarter,
    by_rep,
    describe,
    detail,
    factorize,
    quarter_list,
    quota_rows,
    selected_reps,
)
from ..data.team import TIERS, MissingTableError, Team
from . import deals, pipeline

#: Accounts with ``icp_fit`` at or above this count as high fit.
HIGH_FIT = 0.7


def _rep_territories(team: Team, rep) -> pd.DataFrame:
    """``rep_id`` and ``territory_id`` of each selected rep, in the team's order."""
    team.require("reps.territory_id")
    if team.reps.empty:
        raise ValueError("the team has no reps table, so reps cannot be linked to their territories")
    reps = selected_reps(team, rep)
    return team.reps.set_index("rep_id").loc[reps, ["territory_id"]].reset_index()


def _accounts(team: Team) -> pd.DataFrame:
    team.require("accounts.territory_id", "accounts.tier", "accounts.icp_fit", "accounts.potential_acv")
    if team.accounts.empty:
        raise ValueError("the team has no accounts, so territories cannot be measured")
    return team.accounts


def _territory_potential(team: Team, rep) -> pd.Series:
    """Territory potential of each selected rep (0 when the territory has no accounts)."""
    reps = _rep_territories(team, rep)
    per_territory = _accounts(team).groupby("territory_id")["potential_acv"].sum()
    potential = reps["territory_id"].map(per_territory).fillna(0.0).astype("float64")
    return pd.Series(potential.to_numpy(), index=pd.Index(reps["rep_id"], name="rep_id"), name="potential")


def account_tiers(team: Team, rep=None) -> pd.DataFrame:
    """What each rep's territory holds: how many A, B and C accounts and what they could buy.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).

    Returns:
        One row per rep and tier (A, B, C, always all three) with ``rep_id``,
        ``territory_id``, ``tier``, ``accounts`` (count), ``potential_acv`` (money:
        the tier's total potential) and ``potential_share`` (the tier's share of
        the territory potential; missing for a territory without potential).

    Raises:
        ValueError: unknown rep, or a team without reps or accounts.

    >>> from sefkit.data.examples import tiny_team
    >>> account_tiers(tiny_team(), rep="R01")
      rep_id territory_id tier  accounts  potential_acv  potential_share
    0    R01          T01    A         2       270000.0             0.54
    1    R01          T01    B         2       180000.0             0.36
    2    R01          T01    C         2        50000.0             0.10
    """
    reps = _rep_territories(team, rep)
    per_tier = (
        _accounts(team).groupby(["territory_id", "tier"])
        .agg(accounts=("account_id", "size"), potential_acv=("potential_acv", "sum"))
    )
    grid = reps.merge(pd.DataFrame({"tier": list(TIERS)}), how="cross")
    out = grid.join(per_tier, on=["territory_id", "tier"])
    out["accounts"] = out["accounts"].fillna(0).astype("int64")
    out["potential_acv"] = out["potential_acv"].fillna(0.0).astype("float64")
    total = out.groupby("rep_id", sort=False)["potential_acv"].transform("sum")
    out["potential_share"] = out["potential_acv"] / total.where(total > 0)
    return out


def prospecting_focus(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """Does each rep spend prospecting effort on the best accounts? Share of activities on tier-A and high-fit accounts.

    Next to each share stands the same share of the rep's territory accounts: a
    rep who prospects at random lands near it, a well-planned rep well above it.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` (None: every quarter);
            activities belong to the quarter of their week.

    Returns:
        One row per rep with ``rep_id``, ``activities``, ``tier_a_activities``,
        ``tier_a_share`` (of activities), ``high_fit_activities``,
        ``high_fit_share`` (activities on accounts with icp_fit >= :data:`HIGH_FIT`),
        ``tier_a_account_share`` and ``high_fit_account_share`` (the shares of
        the rep's territory accounts), and ``high_fit_lift`` = high_fit_share /
        high_fit_account_share (how many times the share that effort spread at
        random would give: 1 is no aim at all). Shares of a rep without
        activities are missing (``activities`` is 0).

    Raises:
        ValueError: unknown rep or quarter, a team without reps or accounts, or no
        activity in the selection.

    R01 made 120 activities in 2025Q1: 60 on tier-A accounts A0001 and A0003 and
    30 more on A0005 (tier B, fit 0.75):

    >>> from sefkit.data.examples import tiny_team
    >>> prospecting_focus(tiny_team(), quarter="2025Q1")[["rep_id", "activities", "tier_a_share", "high_fit_share"]]
      rep_id  activities  tier_a_share  high_fit_share
    0    R01         120           0.5            0.75
    1    R02          50           0.4            0.40
    """
    reps = _rep_territories(team, rep)
    accounts = _accounts(team).set_index("account_id")
    acts = detail(team, "activities", "prospecting activities")
    acts = by_quarter(team, by_rep(team, acts, rep), quarter, "week")
    if acts.empty:
        raise ValueError(f"no prospecting activities for {describe(rep, quarter)}; choose another rep or quarter")
    # Look each distinct account up once (activities repeat accounts a lot): its kind is 1 for tier A,
    # plus 2 for high fit; 0 for an account missing from team.accounts. A missing id (code -1) reads
    # the kind 0 appended at the end.
    codes, uniques = factorize(acts["account_id"])
    found = accounts.reindex(uniques.astype(str))
    kind = (found["tier"] == "A").to_numpy(np.int64) + 2 * (found["icp_fit"] >= HIGH_FIT).to_numpy(np.int64)
    rep_codes, rep_ids = factorize(acts["rep_id"])
    # one count per rep and kind: activities[rep, kind]
    counts = np.bincount(4 * rep_codes.astype(np.int64) + np.append(kind, 0)[codes], minlength=4 * len(rep_ids))
    counts = counts.reshape(len(rep_ids), 4)
    per_rep = pd.DataFrame(
        {
            "activities": counts.sum(axis=1),
            "tier_a_activities": counts[:, 1] + counts[:, 3],
            "high_fit_activities": counts[:, 2] + counts[:, 3],
        },
        index=pd.Index(rep_ids).astype(str),
    )
    index = pd.Index(reps["rep_id"], name="rep_id")
    out = per_rep.reindex(index, fill_value=0).astype("int64")
    seen = out["activities"].where(out["activities"] > 0)
    out.insert(2, "tier_a_share", out["tier_a_activities"] / seen)
    out["high_fit_share"] = out["high_fit_activities"] / seen
    territory = _accounts(team).assign(a=lambda d: d["tier"] == "A", fit=lambda d: d["icp_fit"] >= HIGH_FIT)
    shares = territory.groupby("territory_id")[["a", "fit"]].mean()
    out["tier_a_account_share"] = reps["territory_id"].map(shares["a"]).to_numpy(dtype="float64")
    out["high_fit_account_share"] = reps["territory_id"].map(shares["fit"]).to_numpy(dtype="float64")
    out["high_fit_lift"] = out["high_fit_share"] / out["high_fit_account_share"].where(out["high_fit_account_share"] > 0)
    return out.reset_index()


def high_fit_focus_of(high_fit_share, high_fit_account_share):
    """How strongly prospecting leans to high-fit accounts, against the territory's own mix.

    High-fit focus = share of prospecting on high-fit accounts / share of
    high-fit accounts in the territory (both as in :func:`prospecting_focus`):
    1.0 spreads effort like the territory, above 1 favours the best-fit
    accounts. Missing where the territory has no high-fit account (Series), so
    a patch without them is not scored.

    >>> high_fit_focus_of(0.6, 0.4)
    1.5
    >>> import pandas as pd
    >>> high_fit_focus_of(pd.Series([0.6, 0.3]), pd.Series([0.4, 0.0])).tolist()
    [1.5, nan]
    """
    if isinstance(high_fit_account_share, pd.Series):
        return high_fit_share / high_fit_account_share.where(high_fit_account_share > 0)
    return high_fit_share / high_fit_account_share if high_fit_account_share > 0 else float("nan")


def attainment_of(won_amount, quota):
    """The attainment formula: won amount / quota (numbers, arrays or Series).

    >>> attainment_of(45_000, 100_000)
    0.45
    """
    return won_amount / quota


def attainment(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """Each rep's result per quarter against quota and against what the territory could buy.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` or a list of them (None: every quarter).

    Returns:
        One row per rep and quarter of ``team.quotas`` with ``rep_id``,
        ``quarter``, ``won_amount`` (money won in the quarter), ``quota``,
        ``attainment`` (won amount / quota), ``potential`` (the territory
        potential, money) and ``attainment_vs_potential`` (won amount /
        potential; missing when the territory has no potential).

    Raises:
        ValueError: unknown rep or quarter, a team without reps or accounts, or
        no quota in the selection.

    >>> from sefkit.data.examples import tiny_team
    >>> attainment(tiny_team(), rep="R01")[["quarter", "won_amount", "quota", "attainment", "potential"]]
      quarter  won_amount     quota  attainment  potential
    0  2025Q1     40000.0  100000.0         0.4   500000.0
    1  2025Q2     60000.0  100000.0         0.6   500000.0
    """
    out = quota_rows(team, rep, quarter_list(team, quarter))
    if out.empty:
        raise ValueError(f"no quota set for {describe(rep, quarter)}; choose another rep or quarter")
    won = deals.won_deals(team, rep, quarter)
    won_by = won.groupby([won["rep_id"], team.quarter_of(won["closed_on"]).rename("quarter")])["amount"].sum()
    out.insert(2, "won_amount", won_by.reindex(pd.MultiIndex.from_frame(out[["rep_id", "quarter"]]), fill_value=0.0)
               .to_numpy(dtype="float64"))
    out["attainment"] = attainment_of(out["won_amount"], out["quota"])
    try:
        potential = _territory_potential(team, rep)
    except MissingTableError:  # a team read from a CRM export without accounts: attainment without potential
        potential = pd.Series(dtype="float64")
    out["potential"] = out["rep_id"].map(potential).astype("float64")
    out["attainment_vs_potential"] = out["won_amount"] / out["potential"].where(out["potential"] > 0)
    return out


def ranking_shift(team: Team, quarter=None) -> pd.DataFrame:
    """How the rep ranking changes when results are judged against territory potential instead of quota.

    Over ``quarter`` (a label or a list of them; every quarter when None),
    adding up won amounts and quotas, each rep is ranked twice, 1 = best: by attainment and by
    attainment against potential (see :func:`attainment`). Ties share the
    better rank; reps whose territory has no potential rank last.

    Args:
        team: the team.
        quarter: a quarter label such as ``"2025Q1"`` (None: every quarter).

    Returns:
        One row per rep, best attainment first, with ``rep_id``, ``won_amount``,
        ``quota``, ``attainment``, ``potential``, ``attainment_vs_potential``,
        ``rank_attainment``, ``rank_potential`` and ``rank_change`` =
        rank_attainment - rank_potential (positive: the rep climbs once the
        territory is taken into account; negative: a rich territory flattered them).

    Raises:
        ValueError: unknown quarter, a team without reps or accounts, or no quota.

    In 2025Q1 R02 beats R01 on quota (0.5 against 0.4) but worked a territory
    twice as rich (1,000,000 against 500,000):

    >>> from sefkit.data.examples import tiny_team
    >>> ranking_shift(tiny_team(), quarter="2025Q1")[["rep_id", "rank_attainment", "rank_potential", "rank_change"]]
      rep_id  rank_attainment  rank_potential  rank_change
    0    R02                1               2           -1
    1    R01                2               1            1
    """
    per_quarter = attainment(team, quarter=quarter)
    out = per_quarter.groupby("rep_id", sort=False).agg(
        won_amount=("won_amount", "sum"), quota=("quota", "sum"), potential=("potential", "first")
    )
    out.insert(2, "attainment", out["won_amount"] / out["quota"])
    out["attainment_vs_potential"] = out["won_amount"] / out["potential"].where(out["potential"] > 0)
    out["rank_attainment"] = out["attainment"].rank(ascending=False, method="min", na_option="bottom").astype("int64")
    out["rank_potential"] = (
        out["attainment_vs_potential"].rank(ascending=False, method="min", na_option="bottom").astype("int64")
    )
    out["rank_change"] = out["rank_attainment"] - out["rank_potential"]
    return out.reset_index().sort_values(["rank_attainment", "rank_potential"], kind="stable").reset_index(drop=True)


def tier_of(team: Team, account_ids: pd.Series) -> pd.Series:
    """The tier (A, B or C) of each account id; missing for an account not in ``team.accounts``.

    >>> from sefkit.data.examples import tiny_team
    >>> import pandas as pd
    >>> tier_of(tiny_team(), pd.Series(["A0001", "A0004", "Z9"])).tolist()
    ['A', 'C', nan]
    """
    tiers = _accounts(team).set_index("account_id")["tier"]
    return pd.Series(account_ids.astype(object).map(tiers).to_numpy(dtype=object), index=account_ids.index,
                     name="tier")


def effort_vs_potential(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """Where each rep's prospecting goes, tier by tier, against where the territory's potential is.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label or a list of them, pooled (None: every quarter);
            activities belong to the quarter of their week.

    Returns:
        One row per rep and tier (A, B, C) with ``rep_id``, ``tier``,
        ``activities`` (on the tier's accounts), ``effort_share`` (of the rep's
        activities on accounts of known tier), ``potential_share`` (the tier's
        share of the rep's territory potential, from :func:`account_tiers`) and
        ``effort_vs_potential`` = effort share / potential share (1: effort in
        step with the potential; below 1: the tier gets less effort than its
        potential; missing when the tier has no potential). An activity on an
        account of another territory counts in the tier of that account.

    Raises:
        ValueError: unknown rep or quarter, a team without reps or accounts, or
        no activity in the selection.

    R01 put 60 of 120 activities on tier A, which holds 54% of the territory's potential:

    >>> from sefkit.data.examples import tiny_team
    >>> effort_vs_potential(tiny_team(), rep="R01", quarter="2025Q1").round(2)
      rep_id tier  activities  effort_share  potential_share  effort_vs_potential
    0    R01    A          60          0.50             0.54                 0.93
    1    R01    B          50          0.42             0.36                 1.16
    2    R01    C          10          0.08             0.10                 0.83
    """
    tiers = account_tiers(team, rep)
    acts = detail(team, "activities", "prospecting activities")
    acts = by_quarter(team, by_rep(team, acts, rep), quarter, "week")
    if acts.empty:
        raise ValueError(f"no prospecting activities for {describe(rep, quarter)}; choose another rep or quarter")
    # one tier lookup per distinct account (activities repeat accounts a lot)
    codes, uniques = factorize(acts["account_id"])
    tier = np.append(tier_of(team, pd.Series(uniques.astype(str))).to_numpy(dtype=object), None)[codes]
    counts = (pd.DataFrame({"rep_id": acts["rep_id"].astype(str).to_numpy(), "tier": tier})
              .dropna().groupby(["rep_id", "tier"]).size())
    out = tiers[["rep_id", "tier"]].copy()
    out["activities"] = counts.reindex(pd.MultiIndex.from_frame(out), fill_value=0).to_numpy(dtype="int64")
    total = out.groupby("rep_id", sort=False)["activities"].transform("sum")
    out["effort_share"] = out["activities"] / total.where(total > 0)
    out["potential_share"] = tiers["potential_share"].to_numpy(dtype="float64")
    out["effort_vs_potential"] = out["effort_share"] / out["potential_share"].where(out["potential_share"] > 0)
    return out


def outcomes_by_tier(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """How deals end, by the tier of their account: do deals on low-fit accounts end in no decision more often?

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label or a list of them, pooled (None: every
            quarter); a deal belongs to the quarter in which it closed.

    Returns:
        One row per tier (A, B, C, always all three) with ``tier``, ``won``,
        ``lost``, ``no_decision``, ``decided``, ``win_rate`` and
        ``no_decision_rate`` (:func:`sefkit.components.deals.count_outcomes`;
        rates missing for a tier without decided deals), and ``disqualified``
        (deals closed as disqualified, not in the rates). Deals on accounts
        missing from ``team.accounts`` are left out.

    Raises:
        ValueError: unknown rep or quarter, or a team without accounts.

    >>> from sefkit.data.examples import tiny_team
    >>> outcomes_by_tier(tiny_team())[["tier", "won", "lost", "no_decision", "win_rate", "disqualified"]]
      tier  won  lost  no_decision  win_rate  disqualified
    0    A    2     0            1  0.666667             0
    1    B    1     1            0  0.500000             0
    2    C    0     1            0  0.000000             1
    """
    closed = deals.closed_deals(team, rep, quarter, include_disqualified=True)
    closed["tier"] = tier_of(team, closed["account_id"]).to_numpy(dtype=object)
    closed = closed.dropna(subset=["tier"])
    counts = deals.count_outcomes(closed, "tier").reindex(list(TIERS))
    for column in ("won", "lost", "no_decision", "decided"):
        counts[column] = counts[column].fillna(0).astype("int64")
    counts.index.name = "tier"
    dq = closed[closed["outcome"] == "disqualified"].groupby("tier").size()
    counts["disqualified"] = dq.reindex(list(TIERS), fill_value=0).astype("int64")
    return counts.reset_index()


def pipeline_by_tier(team: Team, as_of, rep=None) -> pd.DataFrame:
    """The open pipeline on a date, by the tier of each deal's account: how much of it sits on low-fit accounts?

    Args:
        team: the team (with snapshots).
        as_of: a date such as ``"2025-04-07"`` (the CRM as its week's Monday showed it,
            :func:`sefkit.components.pipeline.open_pipeline`).
        rep: a rep id or a list of them (None: every rep).

    Returns:
        One row per rep and tier (A, B, C, always all three) with ``rep_id``,
        ``tier``, ``open_deals``, ``open_amount`` (money, whatever the close
        date) and ``amount_share`` (of the rep's open pipeline on accounts of
        known tier; missing for a rep with nothing open).

    Raises:
        ValueError: as :func:`sefkit.components.pipeline.open_pipeline`, or a team without accounts.

    >>> from sefkit.data.examples import tiny_team
    >>> pipeline_by_tier(tiny_team(), "2025-04-09", rep="R01")
      rep_id tier  open_deals  open_amount  amount_share
    0    R01    A            1      50000.0      0.263158
    1    R01    B            1      60000.0      0.315789
    2    R01    C            1      80000.0      0.421053
    """
    reps = selected_reps(team, rep)
    open_ = pipeline.open_pipeline(team, as_of, rep)
    accounts = team.opportunities.set_index("opp_id")["account_id"]
    open_["tier"] = tier_of(team, pd.Series(accounts.reindex(open_["opp_id"]).to_numpy())).to_numpy(dtype=object)
    sums = open_.dropna(subset=["tier"]).groupby(["rep_id", "tier"]).agg(
        open_deals=("opp_id", "size"), open_amount=("amount", "sum"))
    grid = pd.MultiIndex.from_product([reps, list(TIERS)], names=["rep_id", "tier"])
    out = sums.reindex(grid).reset_index()
    out["open_deals"] = out["open_deals"].fillna(0).astype("int64")
    out["open_amount"] = out["open_amount"].fillna(0.0).astype("float64")
    total = out.groupby("rep_id", sort=False)["open_amount"].transform("sum")
    out["amount_share"] = out["open_amount"] / total.where(total > 0)
    return out


#: What :func:`account_plan` suggests for an account, by what the rep did with it.
PLAN_STEPS = {
    "customer": "customer: plan the expansion",
    "open_deal": "open deal: work the deal",
    "prospected": "prospected, no deal yet: get the meeting",
    "untouched": "untouched: start prospecting",
}


def account_plan(team: Team, rep: str, quarter, n: int = 10) -> pd.DataFrame:
    """The rep's top accounts by potential and what happened with each: the start of an account plan.

    Judged on the day: everything is read as of the end of ``quarter`` (the
    quarters after it are not used).

    Args:
        team: the team.
        rep: one rep id.
        quarter: the quarter whose end is "today", a label such as ``"2026Q1"``.
        n: how many accounts (the highest potential first).

    Returns:
        One row per account, highest potential first, with ``account_id``,
        ``tier``, ``icp_fit``, ``potential_acv``, ``activities`` (the rep's
        prospecting activities on it in ``quarter``), ``open_deals`` (the rep's
        deals on it created by the quarter's end and still open then),
        ``won_to_date`` (money won from it by the quarter's end), ``customer``
        (won at least once by then) and ``next_step`` (one of
        :data:`PLAN_STEPS`).

    Raises:
        ValueError: unknown rep or quarter, ``n`` not a positive whole number,
        or a rep without a territory.

    >>> from sefkit.data.examples import tiny_team
    >>> account_plan(tiny_team(), "R01", "2025Q1", n=3)[["account_id", "potential_acv", "activities", "next_step"]]
      account_id  potential_acv  activities                    next_step
    0      A0001       150000.0          40  customer: plan the expansion
    1      A0003       120000.0          20     open deal: work the deal
    2      A0005       100000.0          30     open deal: work the deal
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive whole number of accounts, such as 10; got {n!r}")
    if not isinstance(rep, str):
        raise ValueError(f"account_plan is for one rep: give a rep id such as 'R01', not {rep!r}")
    territory = _rep_territories(team, rep)["territory_id"].iloc[0]
    quarter = team.check_quarter(quarter)
    end = team.quarter_bounds(quarter)[1]
    accounts = _accounts(team)
    mine = accounts[accounts["territory_id"] == territory]
    if mine.empty:
        raise ValueError(f"rep {rep}'s territory {territory} has no accounts")
    top = mine.sort_values(["potential_acv", "account_id"], ascending=[False, True], kind="stable").head(n)
    out = top[["account_id", "tier", "icp_fit", "potential_acv"]].reset_index(drop=True)
    acts = by_quarter(team, by_rep(team, detail(team, "activities", "prospecting activities"), rep), quarter, "week")
    touched = acts["account_id"].astype(str).value_counts()
    out["activities"] = out["account_id"].map(touched).fillna(0).astype("int64")
    opps = by_rep(team, team.opportunities, rep)
    opps = opps[opps["created"] <= end]
    still_open = opps["closed_on"].isna() | (opps["closed_on"] > end)
    open_by = opps[still_open].groupby("account_id").size()
    won = opps[(opps["outcome"] == "won") & (opps["closed_on"] <= end)].groupby("account_id")["amount"].sum()
    out["open_deals"] = out["account_id"].map(open_by).fillna(0).astype("int64")
    out["won_to_date"] = out["account_id"].map(won).fillna(0.0).astype("float64")
    out["customer"] = out["won_to_date"] > 0
    step = np.where(out["customer"], "customer",
                    np.where(out["open_deals"] > 0, "open_deal",
                             np.where(out["activities"] > 0, "prospected", "untouched")))
    out["next_step"] = pd.Series(step).map(PLAN_STEPS).to_numpy()
    return out
