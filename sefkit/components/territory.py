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
    quota_rows,
    selected_reps,
)
from ..data.team import TIERS, Team
from . import deals

#: Accounts with ``icp_fit`` at or above this count as high fit.
HIGH_FIT = 0.7


def _rep_territories(team: Team, rep) -> pd.DataFrame:
    """``rep_id`` and ``territory_id`` of each selected rep, in the team's order."""
    if team.reps.empty:
        raise ValueError("the team has no reps table, so reps cannot be linked to their territories")
    reps = selected_reps(team, rep)
    return team.reps.set_index("rep_id").loc[reps, ["territory_id"]].reset_index()


def _accounts(team: Team) -> pd.DataFrame:
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
        the rep's territory accounts). Shares of a rep without activities are
        missing (``activities`` is 0).

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
        quarter: a quarter label such as ``"2025Q1"`` (None: every quarter).

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
    out = quota_rows(team, rep, None if quarter is None else [team.check_quarter(quarter)])
    if out.empty:
        raise ValueError(f"no quota set for {describe(rep, quarter)}; choose another rep or quarter")
    won = deals.won_deals(team, rep, quarter)
    won_by = won.groupby([won["rep_id"], team.quarter_of(won["closed_on"]).rename("quarter")])["amount"].sum()
    out.insert(2, "won_amount", won_by.reindex(pd.MultiIndex.from_frame(out[["rep_id", "quarter"]]), fill_value=0.0)
               .to_numpy(dtype="float64"))
    out["attainment"] = attainment_of(out["won_amount"], out["quota"])
    out["potential"] = out["rep_id"].map(_territory_potential(team, rep)).astype("float64")
    out["attainment_vs_potential"] = out["won_amount"] / out["potential"].where(out["potential"] > 0)
    return out


def ranking_shift(team: Team, quarter=None) -> pd.DataFrame:
    """How the rep ranking changes when results are judged against territory potential instead of quota.

    Over ``quarter`` (or every quarter when None, adding up won amounts and
    quotas), each rep is ranked twice, 1 = best: by attainment and by
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
