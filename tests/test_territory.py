"""Territory metrics on a small hand-built team whose answers are worked out in the comments."""

import math

import pandas as pd
import pytest
from builders import account, activities, deal, make_team, rep_row
from checks import assert_leaves_team_unchanged

from sefkit import territory
from sefkit.data.examples import tiny_team
from sefkit.data.team import Team

Q1, Q2 = "2025Q1", "2025Q2"

REPS = [rep_row("R01", territory="T1"), rep_row("R02", territory="T2"), rep_row("R03", territory="T3")]  # T3 has no accounts
ACCOUNTS = [
    # account, territory, tier, icp_fit, potential
    account("X1", "T1", "A", 0.90, 100_000),
    account("X2", "T1", "B", 0.70, 50_000),  # exactly at the high-fit line: high fit
    account("X3", "T1", "C", 0.69, 50_000),  # just under it
    account("Y1", "T2", "A", 0.80, 400_000),
    account("Y2", "T2", "A", 0.60, 300_000),  # tier A but not high fit
    account("Y3", "T2", "C", 0.10, 100_000),
]
ACTIVITIES = [
    # rep, week, how many, account (nobody answered)
    *activities("R01", "2025-01-06", 2, account="X1"),
    *activities("R01", "2025-01-13", 3, account="X2"),
    *activities("R01", "2025-01-20", 4, account="X3"),
    *activities("R01", "2025-01-27", 1, account="Y1"),  # another rep's account still counts as R01's effort
    *activities("R01", "2025-04-07", 5, account="X3"),  # Q2
    *activities("R02", "2025-02-03", 4, account="Y2"),
    *activities("R02", "2025-02-10", 1, account="Z9"),  # an account missing from the accounts table
]
QUOTAS = [("R01", Q1, 100_000), ("R01", Q2, 200_000), ("R02", Q1, 100_000), ("R02", Q2, 100_000),
          ("R03", Q1, 50_000), ("R03", Q2, 50_000)]
DEALS = [
    deal(1, "R01", "2025-01-06", 50_000, outcome="won", closed_on="2025-03-03", account="X1"),
    deal(2, "R01", "2025-02-03", 20_000, outcome="won", closed_on="2025-04-07", account="X1"),  # created in Q1, won in Q2
    deal(3, "R01", "2025-01-06", 99_000, outcome="lost", closed_on="2025-03-03", account="X1"),
    deal(4, "R01", "2025-01-06", 500_000, account="X1"),  # open: not won
    deal(5, "R02", "2025-01-06", 80_000, outcome="won", closed_on="2025-03-10", account="X1"),
    deal(6, "R02", "2025-01-06", 70_000, outcome="no_decision", closed_on="2025-03-10", account="X1"),
    deal(7, "R03", "2025-04-07", 10_000, outcome="won", closed_on="2025-05-05", account="X1"),
]


@pytest.fixture
def team():
    return make_team(DEALS, quotas=QUOTAS, reps=REPS, accounts=ACCOUNTS, activities=ACTIVITIES)


def test_account_tiers_by_hand(team):
    table = territory.account_tiers(team).set_index(["rep_id", "tier"])
    assert table.loc["R01", "accounts"].tolist() == [1, 1, 1]
    assert table.loc["R01", "potential_share"].tolist() == pytest.approx([0.5, 0.25, 0.25])
    assert table.loc["R02", "accounts"].tolist() == [2, 0, 1]
    assert table.loc["R02", "potential_acv"].tolist() == [700_000, 0, 100_000]
    # a territory without accounts shows zeros and no shares
    assert table.loc["R03", "accounts"].tolist() == [0, 0, 0]
    assert table.loc["R03", "potential_share"].isna().all()
    assert table.loc["R03", "territory_id"].unique().tolist() == ["T3"]


def test_prospecting_focus_by_hand(team):
    table = territory.prospecting_focus(team, quarter=Q1).set_index("rep_id")
    # R01: 10 activities; tier A = X1 (2) + Y1 (1); high fit = X1 (2) + X2 (3, fit exactly 0.7) + Y1 (1)
    assert table.loc["R01", ["activities", "tier_a_activities", "high_fit_activities"]].tolist() == [10, 3, 6]
    assert table.loc["R01", ["tier_a_share", "high_fit_share"]].tolist() == pytest.approx([0.3, 0.6])
    assert table.loc["R01", ["tier_a_account_share", "high_fit_account_share"]].tolist() == pytest.approx([1 / 3, 2 / 3])
    assert table.loc["R01", "high_fit_lift"] == pytest.approx(0.6 / (2 / 3))
    assert table.loc["R02", "high_fit_lift"] == 0  # T2's one high-fit account (Y1) got none of R02's effort
    # R02: 4 on Y2 (tier A, fit 0.6) and 1 on an unknown account
    assert table.loc["R02", ["activities", "tier_a_activities", "high_fit_activities"]].tolist() == [5, 4, 0]
    assert table.loc["R02", "tier_a_share"] == pytest.approx(0.8)
    # R03: no activity, no accounts
    assert table.loc["R03", "activities"] == 0 and math.isnan(table.loc["R03", "tier_a_share"])
    assert math.isnan(table.loc["R03", "tier_a_account_share"])


def test_prospecting_focus_reads_categorical_and_plain_ids_alike(team):
    # Team.build stores the activity ids as categories; plain strings, and categories nobody uses
    # (a rep or an account without activities), must give the same table
    acts = team.activities
    assert isinstance(acts["account_id"].dtype, pd.CategoricalDtype)
    expected = territory.prospecting_focus(team)
    plain = acts.astype({"rep_id": object, "account_id": object})
    spare = acts.assign(rep_id=acts["rep_id"].cat.add_categories(["R00"]),
                        account_id=acts["account_id"].cat.add_categories(["A0", "Y9"]).cat.reorder_categories(
                            ["Y9", *acts["account_id"].cat.categories, "A0"]))
    for variant in (plain, spare):
        other = Team(**{**team.__dict__, "activities": variant})
        pd.testing.assert_frame_equal(territory.prospecting_focus(other), expected)


def test_an_activity_without_an_account_counts_but_is_not_on_a_good_account(team):
    acts = team.activities.copy()
    acts.loc[acts["account_id"] == "X1", "account_id"] = None  # R01's two activities on X1 lose their account
    # X1 (tier A, high fit) as the last category: a missing id must not read the last account's kind
    others = [c for c in acts["account_id"].cat.categories if c != "X1"]
    acts["account_id"] = acts["account_id"].cat.reorder_categories([*others, "X1"])
    table = territory.prospecting_focus(Team(**{**team.__dict__, "activities": acts}), quarter=Q1).set_index("rep_id")
    assert table.loc["R01", ["activities", "tier_a_activities", "high_fit_activities"]].tolist() == [10, 1, 4]


def test_prospecting_focus_counts_activities_in_their_quarter(team):
    table = territory.prospecting_focus(team, rep="R01", quarter=Q2)
    assert table[["activities", "tier_a_activities", "high_fit_activities"]].values.tolist() == [[5, 0, 0]]
    assert territory.prospecting_focus(team, rep="R01")["activities"].item() == 15


def test_attainment_by_hand(team):
    table = territory.attainment(team).set_index(["rep_id", "quarter"])
    assert list(table.index) == [(r, q) for r in ("R01", "R02", "R03") for q in (Q1, Q2)]
    # R01 Q1: won 50,000 (the lost and open deals do not count) of a 100,000 quota, territory 200,000
    assert table.loc[("R01", Q1), ["won_amount", "attainment", "potential", "attainment_vs_potential"]].tolist() == (
        pytest.approx([50_000, 0.5, 200_000, 0.25])
    )
    # the 20,000 win created in Q1 counts in Q2, against a 200,000 quota
    assert table.loc[("R01", Q2), ["won_amount", "attainment"]].tolist() == pytest.approx([20_000, 0.1])
    assert table.loc[("R02", Q1), "attainment_vs_potential"] == pytest.approx(0.1)
    assert table.loc[("R02", Q2), ["won_amount", "attainment"]].tolist() == [0.0, 0.0]
    # R03's territory has no potential: attainment against it is missing, potential 0 says why
    assert table.loc[("R03", Q2), "attainment"] == pytest.approx(0.2)
    assert table.loc[("R03", Q2), "potential"] == 0 and math.isnan(table.loc[("R03", Q2), "attainment_vs_potential"])


def test_attainment_filters(team):
    table = territory.attainment(team, rep=["R02"], quarter=Q1)
    assert table[["rep_id", "quarter", "won_amount"]].values.tolist() == [["R02", Q1, 80_000]]


def test_ranking_shift_in_one_quarter(team):
    table = territory.ranking_shift(team, quarter=Q1)
    # attainment: R02 0.8, R01 0.5, R03 0; against potential: R01 0.25, R02 0.1, R03 missing (last)
    assert table["rep_id"].tolist() == ["R02", "R01", "R03"]
    assert table["rank_attainment"].tolist() == [1, 2, 3]
    assert table["rank_potential"].tolist() == [2, 1, 3]
    assert table["rank_change"].tolist() == [-1, 1, 0]


def test_ranking_shift_over_every_quarter_adds_up_won_and_quota(team):
    table = territory.ranking_shift(team).set_index("rep_id")
    # R01: 70,000 won of 300,000 quota; 70,000 of a 200,000 territory
    assert table.loc["R01", ["won_amount", "quota", "attainment", "attainment_vs_potential"]].tolist() == (
        pytest.approx([70_000, 300_000, 70_000 / 300_000, 0.35])
    )
    assert table["rank_attainment"].to_dict() == {"R02": 1, "R01": 2, "R03": 3}
    assert table["rank_potential"].to_dict() == {"R02": 2, "R01": 1, "R03": 3}


def test_ties_share_the_better_rank():
    team = tiny_team()
    table = territory.ranking_shift(team, quarter=Q2).set_index("rep_id")
    # 2025Q2: R01 won 60,000, R02 nothing; now tie them by giving R01 nothing too
    assert table["rank_attainment"].to_dict() == {"R01": 1, "R02": 2}
    opps = team.opportunities.assign(outcome=team.opportunities["outcome"].replace("won", "lost"))
    tied = Team.build(**{**team.tables(), "opportunities": opps})
    assert territory.ranking_shift(tied, quarter=Q2)["rank_attainment"].tolist() == [1, 1]


def test_bad_input_is_refused(team):
    with pytest.raises(ValueError, match="unknown rep 'R7'; valid reps: R01, R02, R03"):
        territory.account_tiers(team, rep="R7")
    with pytest.raises(ValueError, match="unknown quarter '2025Q3'"):
        territory.ranking_shift(team, quarter="2025Q3")
    with pytest.raises(ValueError, match="no prospecting activities for rep R03 in 2025Q1"):
        territory.prospecting_focus(team, rep="R03", quarter=Q1)
    no_accounts = Team.build(**{**team.tables(), "accounts": team.accounts.iloc[:0]})
    with pytest.raises(ValueError, match="the team has no accounts"):
        territory.attainment(no_accounts)
    no_activities = Team.build(**{**team.tables(), "activities": team.activities.iloc[:0]})
    with pytest.raises(ValueError, match="the team has no prospecting activities at all"):
        territory.prospecting_focus(no_activities)
    no_reps = Team.build(**{**team.tables(), "reps": team.reps.iloc[:0]})
    with pytest.raises(ValueError, match="the team has no reps table"):
        territory.account_tiers(no_reps)


@pytest.mark.parametrize(
    "call",
    [
        lambda t: territory.account_tiers(t),
        lambda t: territory.prospecting_focus(t),
        lambda t: territory.attainment(t),
        lambda t: territory.ranking_shift(t),
    ],
)
def test_nothing_mutates_the_team(call):
    team = tiny_team()
    assert_leaves_team_unchanged(team, call)


# -- the simulated lesson team ------------------------------------------------



def test_northwind_territories_add_up(northwind):
    tiers = territory.account_tiers(northwind)
    assert len(tiers) == 3 * len(northwind.rep_ids)
    assert tiers["accounts"].sum() == len(northwind.accounts)
    assert tiers.groupby("rep_id")["potential_share"].sum().to_numpy() == pytest.approx(1.0)

    table = territory.attainment(northwind)
    assert len(table) == len(northwind.quotas)
    assert table["won_amount"].sum() == pytest.approx(northwind.opportunities.query("outcome == 'won'")["amount"].sum())
    assert table["attainment"].ge(0).all() and table["attainment_vs_potential"].between(0, 1).all()

    ranks = territory.ranking_shift(northwind)
    assert sorted(ranks["rank_potential"]) == sorted(ranks["rank_attainment"])
    assert ranks["rank_change"].sum() == 0 or ranks["rank_attainment"].duplicated().any()


def test_northwind_reps_aim_prospecting_at_the_best_accounts(northwind):
    focus = territory.prospecting_focus(northwind)
    assert focus["activities"].sum() == len(northwind.activities)
    for share in ("tier_a_share", "high_fit_share", "tier_a_account_share", "high_fit_account_share"):
        assert focus[share].between(0, 1).all()
    # territory planning weights effort to fit, so effort leans to A accounts beyond their number
    assert (focus["tier_a_share"] > focus["tier_a_account_share"]).mean() >= 0.8


# -- lesson 01's analytics: effort against potential, outcomes by tier, the account plan ----------


def test_ranking_shift_pools_a_list_of_quarters(team):
    pooled = territory.ranking_shift(team, quarter=[Q1, Q2]).set_index("rep_id")
    every = territory.ranking_shift(team).set_index("rep_id")
    pd.testing.assert_frame_equal(pooled, every)
    assert territory.attainment(team, quarter=[Q2, Q1])["quarter"].tolist() == [Q1, Q2] * 3


def test_tier_of_reads_the_accounts_table(team):
    tiers = territory.tier_of(team, pd.Series(["Y2", "X3", "nope"], index=[5, 6, 7]))
    assert tiers.iloc[:2].tolist() == ["A", "C"] and pd.isna(tiers.iloc[2])
    assert tiers.index.tolist() == [5, 6, 7]


def test_effort_vs_potential_by_hand(team):
    table = territory.effort_vs_potential(team, quarter=Q1).set_index(["rep_id", "tier"])
    # R01 in Q1: X1 2 + Y1 1 on tier A, X2 3 on B, X3 4 on C: 10 activities
    assert table.loc["R01", "activities"].tolist() == [3, 3, 4]
    assert table.loc["R01", "effort_share"].tolist() == pytest.approx([0.3, 0.3, 0.4])
    assert table.loc["R01", "potential_share"].tolist() == pytest.approx([0.5, 0.25, 0.25])
    assert table.loc["R01", "effort_vs_potential"].tolist() == pytest.approx([0.6, 1.2, 1.6])
    # R02: 4 on Y2 (A); the activity on an unknown account has no tier and is left out of the shares
    assert table.loc["R02", "activities"].tolist() == [4, 0, 0]
    assert table.loc["R02", "effort_share"].tolist() == pytest.approx([1.0, 0.0, 0.0])
    assert math.isnan(table.loc[("R02", "B"), "effort_vs_potential"])  # tier B holds no potential there
    # R03: no activity, no accounts: shares missing
    assert table.loc["R03", "activities"].tolist() == [0, 0, 0] and table.loc["R03", "effort_share"].isna().all()
    # the quarter filter pools a list
    both = territory.effort_vs_potential(team, rep="R01", quarter=[Q1, Q2])
    assert both["activities"].tolist() == [3, 3, 9]


def test_outcomes_by_tier_by_hand(team):
    # every deal of make_team is on X1 (tier A): 3 won (R01 50k, 20k; R02 80k; R03 10k), 1 lost, 1 no decision
    table = territory.outcomes_by_tier(team).set_index("tier")
    assert table.loc["A", ["won", "lost", "no_decision", "decided"]].tolist() == [4, 1, 1, 6]
    assert table.loc["A", "win_rate"] == pytest.approx(4 / 6)
    assert table.loc["A", "no_decision_rate"] == pytest.approx(1 / 6)
    assert table.loc["C", "decided"] == 0 and math.isnan(table.loc["C", "win_rate"])
    # move R02's two deals to a tier-C account and R01's lost deal to an unknown one
    opps = team.opportunities.copy()
    opps.loc[opps["rep_id"] == "R02", "account_id"] = "Y3"
    opps.loc[opps["outcome"] == "lost", "account_id"] = "Z9"
    moved = Team.build(**{**team.tables(), "opportunities": opps})
    table = territory.outcomes_by_tier(moved).set_index("tier")
    assert table.loc["C", ["won", "no_decision", "decided"]].tolist() == [1, 1, 2]
    assert table.loc["A", ["won", "lost", "decided"]].tolist() == [3, 0, 3]  # the unknown account's deal is left out
    assert territory.outcomes_by_tier(moved, rep="R02", quarter=Q1).set_index("tier").loc["C", "decided"] == 2


def test_outcomes_by_tier_counts_disqualified_deals_apart():
    team = tiny_team()
    table = territory.outcomes_by_tier(team).set_index("tier")
    assert table.loc["C", "disqualified"] == 1 and table.loc["C", "decided"] == 1


def test_account_plan_by_hand():
    team = tiny_team()
    plan = territory.account_plan(team, "R01", "2025Q1")
    # every account of T01, highest potential first
    assert plan["account_id"].tolist() == ["A0001", "A0003", "A0005", "A0002", "A0006", "A0004"]
    assert plan["potential_acv"].is_monotonic_decreasing
    row = plan.set_index("account_id")
    # A0001 won in Q1 (a customer); A0003 and A0005 still open at Q1's end (closed in April);
    # A0002 lost in March, prospected; A0006's deal is open; A0004 disqualified in February
    assert row.loc["A0001", "customer"] and row.loc["A0001", "won_to_date"] > 0
    assert row.loc[["A0003", "A0005"], "open_deals"].tolist() == [1, 1]
    assert row.loc["A0002", "next_step"] == territory.PLAN_STEPS["prospected"]
    # nothing from later quarters: judged at Q1's end, A0005's April win is not counted
    assert row.loc["A0005", "won_to_date"] == 0
    later = territory.account_plan(team, "R01", "2025Q2").set_index("account_id")
    assert later.loc["A0005", "customer"] and later.loc["A0005", "activities"] == 0
    assert territory.account_plan(team, "R01", "2025Q1", n=2)["account_id"].tolist() == ["A0001", "A0003"]


def test_account_plan_refuses_bad_input():
    team = tiny_team()
    with pytest.raises(ValueError, match="n must be a positive whole number"):
        territory.account_plan(team, "R01", "2025Q1", n=0)
    with pytest.raises(ValueError, match="one rep"):
        territory.account_plan(team, ["R01", "R02"], "2025Q1")
    with pytest.raises(ValueError, match="unknown quarter"):
        territory.account_plan(team, "R01", "2024Q4")
    with pytest.raises(ValueError, match="unknown rep"):
        territory.account_plan(team, "R9", "2025Q1")


@pytest.mark.parametrize(
    "call",
    [
        lambda t: territory.effort_vs_potential(t),
        lambda t: territory.outcomes_by_tier(t),
        lambda t: territory.account_plan(t, "R01", "2025Q1"),
    ],
)
def test_lesson_01_analytics_leave_the_team_unchanged(call):
    assert_leaves_team_unchanged(tiny_team(), call)


def test_northwind_deals_on_low_fit_accounts_end_in_no_decision_more_often(northwind):
    table = territory.outcomes_by_tier(northwind).set_index("tier")
    assert table["decided"].sum() + table["disqualified"].sum() == len(
        northwind.opportunities[northwind.opportunities["outcome"].notna()])
    assert table.loc["C", "no_decision_rate"] > table.loc["A", "no_decision_rate"]
    effort = territory.effort_vs_potential(northwind)
    assert effort.groupby("rep_id")["effort_share"].sum().to_numpy() == pytest.approx(1.0)


def test_pipeline_by_tier_by_hand():
    team = tiny_team()
    table = territory.pipeline_by_tier(team, "2025-04-09").set_index(["rep_id", "tier"])
    # R01 on 2025-04-07: deal 3 (A0003, tier A) 50k, deal 5 (A0005, B) 60k, deal 6 (A0006, C) 80k
    assert table.loc["R01", "open_amount"].tolist() == [50_000, 60_000, 80_000]
    assert table.loc["R01", "amount_share"].sum() == pytest.approx(1.0)
    # R02: deal 9 on A0009 (tier B) is its only open deal that week
    r02 = table.loc["R02"]
    assert r02["open_deals"].tolist() == [0, 1, 0] and r02.loc["B", "amount_share"] == pytest.approx(1.0)
    # it reads the CRM of that week: the same total as pipeline.open_pipeline
    from sefkit import pipeline

    assert table["open_amount"].sum() == pytest.approx(pipeline.open_pipeline(team, "2025-04-09")["amount"].sum())
    with pytest.raises(ValueError, match="unknown rep"):
        territory.pipeline_by_tier(team, "2025-04-09", rep="R9")
