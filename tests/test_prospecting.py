"""The prospecting funnel and the backward plan on hand-built teams, answers worked out in comments."""

import math

import pandas as pd
import pytest
from builders import activities, deal, make_team
from checks import assert_leaves_team_unchanged

from sefkit import prospecting
from sefkit.data.examples import tiny_team
from sefkit.data.team import Team

Q1, Q2 = "2025Q1", "2025Q2"


REPS = ("R01", "R02", "R03")
QUOTA = 120_000.0
ACTIVITIES = [
    # R01 in Q1: 20 activities; 4 meetings, 2 conversations, 4 connects, 10 no answer
    *activities("R01", "2025-01-06", 4, outcome="meeting"),
    *activities("R01", "2025-01-13", 2, outcome="conversation"),
    *activities("R01", "2025-01-13", 4, outcome="connect"),
    *activities("R01", "2025-03-31", 10, outcome="no_answer"),  # last week of Q1
    # R01 in Q2: 5 activities, 1 connect
    *activities("R01", "2025-04-07", 1, outcome="connect"),
    *activities("R01", "2025-04-07", 4, outcome="no_answer"),
    # R02 in Q1: 10 activities, nobody answered
    *activities("R02", "2025-02-03", 10, outcome="no_answer"),
]
DEALS = [
    deal(1, "R01", "2025-01-20", 10_000),
    deal(2, "R01", "2025-01-27", 10_000, outcome="disqualified", closed_on="2025-02-03"),  # created: still counts
    deal(3, "R01", "2025-02-03", 10_000, source="marketing"),  # not from prospecting
    deal(4, "R01", "2025-04-07", 10_000),  # Q2
    deal(5, "R02", "2025-03-31", 10_000),  # opportunity without a meeting (came from Q4)
]


@pytest.fixture
def team():
    return make_team(DEALS, reps=REPS, quota=QUOTA, activities=ACTIVITIES)


def test_funnel_counts_are_cumulative_and_by_quarter(team):
    table = prospecting.funnel(team, quarter=Q1).set_index("rep_id")
    # R01: connects = 4 meetings + 2 conversations + 4 connects = 10; conversations = 6
    assert table.loc["R01", list(prospecting.STEPS)].tolist() == [20, 10, 6, 4, 2]
    assert table.loc["R01", ["connect_rate", "conversation_rate", "meeting_rate", "opportunity_rate"]].tolist() == (
        pytest.approx([10 / 20, 6 / 10, 4 / 6, 2 / 4])
    )
    assert table.loc["R01", "activities_per_meeting"] == 5.0


def test_funnel_shows_zeros_and_missing_rates_where_nothing_happened(team):
    table = prospecting.funnel(team, quarter=Q1).set_index("rep_id")
    assert table.index.tolist() == ["R01", "R02", "R03"]
    assert table.loc["R02", list(prospecting.STEPS)].tolist() == [10, 0, 0, 0, 1]
    assert table.loc["R02", "connect_rate"] == 0.0
    assert math.isnan(table.loc["R02", "conversation_rate"]) and math.isnan(table.loc["R02", "opportunity_rate"])
    assert table.loc["R03", list(prospecting.STEPS)].tolist() == [0, 0, 0, 0, 0]


def test_funnel_groupings_agree(team):
    both = prospecting.funnel(team, by=["rep_id", "quarter"]).set_index(["rep_id", "quarter"])
    assert both.loc[("R01", Q2), list(prospecting.STEPS)].tolist() == [5, 1, 0, 0, 1]
    assert len(both) == 6  # 3 reps x 2 quarters
    per_quarter = prospecting.funnel(team, by="quarter").set_index("quarter")
    assert per_quarter.loc[Q1, "activities"] == 30 and per_quarter.loc[Q2, "activities"] == 5
    whole = prospecting.funnel(team, by=None)
    assert len(whole) == 1 and whole.loc[0, "opportunities"] == 4  # outbound only: 2 + 1 + 1
    assert "rep_id" not in whole.columns
    assert whole.loc[0, "activities"] == both["activities"].sum()


def test_funnel_leaves_out_deals_created_before_the_first_quarter():
    # the warm-up deal came from prospecting that is not in the activities table
    team = make_team(
        [deal(1, "R01", "2024-12-30"), deal(2, "R01", "2025-01-07")],
        reps=REPS, quota=QUOTA, activities=activities("R01", "2025-01-06", 2, outcome="meeting"),
    )
    assert prospecting.funnel(team, rep="R01")["opportunities"].item() == 1
    assert prospecting.funnel(team, rep="R01", by=None)["opportunity_rate"].item() == 0.5


def test_a_team_without_activity_detail_is_refused():
    team = make_team(DEALS, reps=REPS, quota=QUOTA)
    with pytest.raises(ValueError, match='the team has no prospecting activities at all .*detail="full"'):
        prospecting.funnel(team)
    with pytest.raises(ValueError, match="the team has no prospecting activities at all"):
        prospecting.backward_plan(make_team(PLAN_DEALS, reps=REPS, quota=QUOTA), "R01")


def test_funnel_keeps_opportunities_of_a_rep_without_activities():
    team = make_team([deal(1, "R02", "2025-04-07")], reps=REPS, quota=QUOTA,
                     activities=activities("R01", "2025-01-06", 1, outcome="meeting"))
    table = prospecting.funnel(team, by=["rep_id", "quarter"]).set_index(["rep_id", "quarter"])
    assert table.loc[("R02", Q2), ["activities", "opportunities"]].tolist() == [0, 1]
    assert table["opportunities"].sum() == 1


def test_funnel_rep_filter(team):
    table = prospecting.funnel(team, rep=["R02"], by=["rep_id", "quarter"])
    assert table["rep_id"].tolist() == ["R02", "R02"]
    assert table["activities"].tolist() == [10, 0]


def test_funnel_by_quarter_with_a_list_of_quarters(team):
    listed = prospecting.funnel(team, quarter=[Q2, Q1], by=["rep_id", "quarter"])
    assert listed["quarter"].tolist() == [Q1, Q2] * 3  # calendar order, every rep
    every = prospecting.funnel(team, by=["rep_id", "quarter"])
    pd.testing.assert_frame_equal(listed, every)
    only = prospecting.funnel(team, quarter=[Q2], by="quarter")
    assert only["quarter"].tolist() == [Q2] and only["activities"].tolist() == [5]


def test_funnel_refuses_bad_input(team):
    with pytest.raises(ValueError, match="cannot group the funnel by 'week'; choose None or any of rep_id, quarter"):
        prospecting.funnel(team, by="week")
    with pytest.raises(ValueError, match="unknown rep 'R04'"):
        prospecting.funnel(team, rep="R04")
    with pytest.raises(ValueError, match="no prospecting activities or outbound opportunities for rep R03"):
        prospecting.funnel(team, rep="R03")


# Backward plan. R01 over Q1: won 3 deals of 10,000, 30,000 and 20,000 (average 20,000);
# lost 2, no decision 1 (win rate 3/6 = 0.5); 2 disqualified (qualified share 6/8 = 0.75);
# 10 opportunities created, 8 outbound (outbound share 0.8); funnel 400 activities ->
# 100 connects (0.25) -> 40 conversations (0.4) -> 16 meetings (0.4) -> 8 outbound opps (0.5).
PLAN_ACTIVITIES = [
    *activities("R01", "2025-01-06", 16, outcome="meeting"),
    *activities("R01", "2025-01-06", 24, outcome="conversation"),
    *activities("R01", "2025-01-06", 60, outcome="connect"),
    *activities("R01", "2025-01-06", 300, outcome="no_answer"),
    *activities("R01", "2025-04-07", 50, outcome="no_answer"),  # Q2: ignored for quarter="2025Q1"
]
PLAN_DEALS = [
    deal(1, "R01", "2025-01-06", 10_000, outcome="won", closed_on="2025-02-03"),
    deal(2, "R01", "2025-01-06", 30_000, outcome="won", closed_on="2025-02-03"),
    deal(3, "R01", "2025-01-06", 20_000, outcome="won", closed_on="2025-02-03", source="marketing"),
    deal(4, "R01", "2025-01-06", 50_000, outcome="lost", closed_on="2025-02-03"),
    deal(5, "R01", "2025-01-06", 50_000, outcome="lost", closed_on="2025-02-03"),
    deal(6, "R01", "2025-01-06", 50_000, outcome="no_decision", closed_on="2025-02-03"),
    deal(7, "R01", "2025-01-06", 50_000, outcome="disqualified", closed_on="2025-01-13"),
    deal(8, "R01", "2025-01-06", 50_000, outcome="disqualified", closed_on="2025-01-13", source="marketing"),
    deal(9, "R01", "2025-01-06", 50_000),
    deal(10, "R01", "2025-01-06", 50_000),
    deal(11, "R01", "2025-04-07", 90_000, outcome="won", closed_on="2025-05-05", source="referral"),  # Q2
]


@pytest.fixture
def plan_team():
    return make_team(PLAN_DEALS, reps=REPS, quota=QUOTA, activities=PLAN_ACTIVITIES)


def test_backward_plan_by_hand(plan_team):
    plan = prospecting.backward_plan(plan_team, "R01", quarter=Q1).set_index("step")
    # quota 120,000 -> 6 won -> 12 decided -> 16 opportunities -> 12.8 outbound
    # -> 25.6 meetings -> 64 conversations -> 160 connects -> 640 activities
    assert plan["needed"].tolist() == pytest.approx([120_000, 6, 12, 16, 12.8, 25.6, 64, 160, 640])
    assert plan.loc["activities", "per_week"] == pytest.approx(640 / 13)
    assert plan.loc["won_deals", "rate"] == 20_000
    assert plan.loc["decided_deals", "based_on"] == "win_rate"
    assert plan["rate"].iloc[1:].tolist() == pytest.approx([20_000, 0.5, 0.75, 0.8, 0.5, 0.4, 0.4, 0.25])


def test_backward_plan_quota_is_the_target_times_the_chain(plan_team):
    small = prospecting.backward_plan(plan_team, "R01", quota=60_000, quarter=Q1)
    big = prospecting.backward_plan(plan_team, "R01", quota=120_000, quarter=Q1)
    assert (big["needed"] / small["needed"]).tolist() == pytest.approx([2.0] * 9)


def test_backward_plan_default_quota_is_the_quarter_or_the_last_one():
    team = make_team(PLAN_DEALS, reps=REPS, quota=90_000.0, activities=PLAN_ACTIVITIES)
    assert prospecting.backward_plan(team, "R01", quarter=Q1)["needed"].iloc[0] == 90_000
    assert prospecting.backward_plan(team, "R01")["needed"].iloc[0] == 90_000


def test_backward_plan_refuses_what_it_cannot_plan(plan_team):
    with pytest.raises(ValueError, match="a backward plan is for one rep"):
        prospecting.backward_plan(plan_team, ["R01", "R02"])
    with pytest.raises(ValueError, match="unknown rep 'R9'"):
        prospecting.backward_plan(plan_team, "R9")
    with pytest.raises(ValueError, match="quota must be a positive amount of money; got -5"):
        prospecting.backward_plan(plan_team, "R01", quota=-5)
    with pytest.raises(ValueError, match="no deals won for rep R02"):
        prospecting.backward_plan(plan_team, "R02")
    # in Q2 R01's only opportunity came by referral: no outbound share to plan from
    with pytest.raises(ValueError, match="R01's outbound_share in 2025Q2 is 0, so the outbound_opportunities"):
        prospecting.backward_plan(plan_team, "R01", quarter=Q2)
    # an outbound win in a quarter without meetings: the opportunity rate cannot be measured
    outbound_win = deal(12, "R01", "2025-04-07", 1, outcome="won", closed_on="2025-05-05")
    team = make_team([*PLAN_DEALS, outbound_win], reps=REPS, quota=QUOTA, activities=PLAN_ACTIVITIES)
    with pytest.raises(ValueError, match="R01's opportunity_rate in 2025Q2 cannot be measured .* meetings needed"):
        prospecting.backward_plan(team, "R01", quarter=Q2)


def test_backward_plan_matches_the_tiny_team_worked_example():
    plan = prospecting.backward_plan(tiny_team(), "R01")
    assert plan.loc[plan.step == "activities", "needed"].item() == pytest.approx(100.0)


@pytest.mark.parametrize(
    "call",
    [
        lambda t: prospecting.funnel(t, by=["rep_id", "quarter"]),
        lambda t: prospecting.backward_plan(t, "R01"),
    ],
)
def test_nothing_mutates_the_team(call):
    team = tiny_team()
    assert_leaves_team_unchanged(team, call)


# -- the simulated lesson team ------------------------------------------------



def test_northwind_funnel_narrows_step_by_step(northwind):
    table = prospecting.funnel(northwind, by=["rep_id", "quarter"])
    assert len(table) == len(northwind.rep_ids) * len(northwind.quarters)
    steps = table[list(prospecting.STEPS[:4])].to_numpy()
    assert (steps[:, :-1] >= steps[:, 1:]).all()
    assert table["activities"].sum() == len(northwind.activities)
    for name, _, _ in prospecting.RATES[:3]:
        assert table[name].between(0, 1).all()
    opps = northwind.opportunities
    outbound = ((opps["source"] == "outbound") & (opps["created"] >= northwind.start)).sum()
    assert table["opportunities"].sum() == outbound


def test_northwind_backward_plan_for_every_rep(northwind):
    last = northwind.quarters[-1]
    for rep in northwind.rep_ids:
        plan = prospecting.backward_plan(northwind, rep, quarter=last).set_index("step")
        assert plan["needed"].gt(0).all()
        assert plan.loc["activities", "needed"] > plan.loc["connects", "needed"] > plan.loc["meetings", "needed"]


# -- lesson 02: the plan at the team's rates, channels, payback, replan ---------------------


def test_backward_plan_at_the_teams_rates_pools_every_rep(plan_team):
    # R02 and R03 have no deals, so the team's rates are R01's: the same chain as R01's own plan
    team_plan = prospecting.backward_plan(plan_team, None, quota=120_000, quarter=Q1)
    own = prospecting.backward_plan(plan_team, "R01", quarter=Q1)
    assert team_plan["needed"].tolist() == pytest.approx(own["needed"].tolist())
    # a second rep who wins every decided deal raises the team's win rate, so the team plan asks for less
    more = [*PLAN_DEALS, *(deal(90 + i, "R02", "2025-01-06", 20_000, outcome="won", closed_on="2025-02-03")
                           for i in range(2))]
    pooled = prospecting.backward_plan(make_team(more, reps=REPS, quota=QUOTA, activities=PLAN_ACTIVITIES), None,
                                       quota=120_000, quarter=Q1)
    rates = pooled.set_index("based_on")["rate"]
    assert rates["win_rate"] == pytest.approx(5 / 8)  # R01: 3 won of 6 decided; R02: 2 of 2
    assert pooled["needed"].iloc[-1] < own["needed"].iloc[-1]


def test_backward_plan_needs_a_quota_for_the_team_or_for_pooled_quarters(plan_team):
    with pytest.raises(ValueError, match="plan at the team's rates has no quota of its own; pass quota"):
        prospecting.backward_plan(plan_team, None, quarter=Q1)
    with pytest.raises(ValueError, match=r"pool several quarters \(2025Q1, 2025Q2\).*pass quota"):
        prospecting.backward_plan(plan_team, "R01", quarter=[Q1, Q2])
    pooled = prospecting.backward_plan(plan_team, "R01", quota=120_000, quarter=[Q1, Q2])
    assert pooled["needed"].iloc[0] == 120_000


CHANNEL_ACTIVITIES = pd.DataFrame(
    [("R01", pd.Timestamp("2025-01-06"), "A0001", kind, outcome)
     for kind, outcome, n in [("call", "meeting", 3), ("call", "conversation", 1), ("call", "connect", 2),
                              ("call", "no_answer", 14), ("email", "meeting", 1), ("email", "no_answer", 9),
                              ("social", "no_answer", 5)]
     for _ in range(n)]
    + [("R02", pd.Timestamp("2025-04-07"), "A0001", "email", "connect")],
    columns=["rep_id", "week", "account_id", "type", "outcome"],
)


def channel_team():
    quotas = pd.DataFrame([(r, q, 1.0) for r in ("R01", "R02", "R03") for q in (Q1, Q2)],
                          columns=["rep_id", "quarter", "quota"])
    return Team.build(activities=CHANNEL_ACTIVITIES, opportunities=make_team(DEALS, reps=REPS).opportunities,
                      quotas=quotas)


def test_channel_funnel_by_hand():
    table = prospecting.channel_funnel(channel_team(), quarter=Q1).set_index("channel")
    assert table.index.tolist() == ["call", "email", "social"]
    # calls: 20 activities, 6 connects (3 + 1 + 2), 4 conversations, 3 meetings
    assert table.loc["call", ["activities", "connects", "conversations", "meetings"]].tolist() == [20, 6, 4, 3]
    assert table.loc["call", "meetings_per_100"] == pytest.approx(15.0)
    assert table.loc["email", ["activities", "connects", "meetings"]].tolist() == [10, 1, 1]
    assert table.loc["email", "activities_per_meeting"] == 10.0
    assert table["share_of_activities"].tolist() == pytest.approx([20 / 35, 10 / 35, 5 / 35])
    assert table["share_of_meetings"].tolist() == pytest.approx([0.75, 0.25, 0.0])
    assert table.loc["social", "meetings_per_100"] == 0.0 and math.isnan(table.loc["social", "conversation_rate"])


def test_channel_funnel_agrees_with_the_funnel(northwind):
    by_channel = prospecting.channel_funnel(northwind, rep="R03", quarter="2025Q4")
    whole = prospecting.funnel(northwind, rep="R03", quarter="2025Q4").iloc[0]
    for step in prospecting.STEPS[:4]:
        assert by_channel[step].sum() == whole[step]


def test_channel_funnel_selects_and_refuses():
    team = channel_team()
    assert prospecting.channel_funnel(team, rep="R02")["activities"].tolist() == [0, 1, 0]
    with pytest.raises(ValueError, match="no prospecting activities for rep R03"):
        prospecting.channel_funnel(team, rep="R03")
    with pytest.raises(ValueError, match="unknown rep 'R9'"):
        prospecting.channel_funnel(team, rep="R9")


PAYBACK_DEALS = [
    deal(1, "R01", "2025-01-06", 10_000, outcome="won", closed_on="2025-02-03", source="outbound"),   # same quarter
    deal(2, "R01", "2025-01-06", 30_000, outcome="won", closed_on="2025-04-14", source="outbound"),   # next quarter
    deal(3, "R01", "2025-02-03", 20_000, outcome="won", closed_on="2025-05-05", source="marketing"),  # not prospecting
    deal(4, "R01", "2025-03-03", 50_000, outcome="lost", closed_on="2025-05-05", source="outbound"),  # not won
    deal(5, "R02", "2025-04-07", 40_000, outcome="won", closed_on="2025-05-05", source="outbound"),   # created in Q2
]


def test_payback_by_hand():
    team = make_team(PAYBACK_DEALS, reps=REPS, quota=QUOTA)
    table = prospecting.payback(team, quarter=Q1, horizon=1)
    assert table["quarters_later"].tolist() == [0, 1]
    assert table["won_deals"].tolist() == [1, 1]
    assert table["won_amount"].tolist() == [10_000, 30_000]
    assert table["share"].tolist() == pytest.approx([0.25, 0.75])
    assert table["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    every_source = prospecting.payback(team, quarter=Q1, source=None, horizon=1)
    assert every_source["won_amount"].tolist() == [10_000, 50_000]
    # default: with fewer quarters than the horizon, every quarter; the last row counts "that many or more"
    assert prospecting.payback(team)["won_amount"].tolist() == [50_000, 30_000, 0, 0]
    assert prospecting.payback(team, rep="R02", horizon=2)["won_deals"].tolist() == [1, 0, 0]


def test_payback_refuses_what_it_cannot_measure():
    team = make_team(PAYBACK_DEALS, reps=REPS, quota=QUOTA)
    with pytest.raises(ValueError, match="unknown source 'cold'"):
        prospecting.payback(team, source="cold")
    with pytest.raises(ValueError, match="horizon must be a whole number of quarters, 1 or more"):
        prospecting.payback(team, horizon=0)
    with pytest.raises(ValueError, match="no deal created in 2025Q2 from referral was won"):
        prospecting.payback(team, quarter=Q2, source="referral")


def test_payback_default_leaves_time_for_every_deal_to_close(northwind):
    table = prospecting.payback(northwind)
    quarters = northwind.quarters[:-3]
    o = northwind.opportunities
    won = o[(o["source"] == "outbound") & (o["outcome"] == "won") & northwind.quarter_of(o["created"]).isin(quarters)]
    assert table["won_amount"].sum() == pytest.approx(won["amount"].sum())
    assert table["share"].sum() == pytest.approx(1.0)


def test_replan_changes_only_what_it_is_given(plan_team):
    plan = prospecting.backward_plan(plan_team, "R01", quarter=Q1)
    before = plan.copy()
    better = prospecting.replan(plan, win_rate=1.0).set_index("step")
    # quota 120,000 -> 6 won -> 6 decided (instead of 12): every later step halves
    assert better["needed"].tolist() == pytest.approx([120_000, 6, 6, 8, 6.4, 12.8, 32, 80, 320])
    pd.testing.assert_frame_equal(plan, before)
    same = prospecting.replan(plan)
    pd.testing.assert_frame_equal(same, plan)
    assert prospecting.replan(plan, quota=60_000)["needed"].iloc[-1] == pytest.approx(320)


def test_replan_refuses_what_is_not_a_plan_or_a_rate(plan_team):
    plan = prospecting.backward_plan(plan_team, "R01", quarter=Q1)
    with pytest.raises(ValueError, match="plan must be a table from prospecting.backward_plan"):
        prospecting.replan(prospecting.funnel(plan_team))
    with pytest.raises(ValueError, match="no rate called close_rate; its rates: average_won_size, win_rate"):
        prospecting.replan(plan, close_rate=0.5)
    with pytest.raises(ValueError, match="win_rate must be a fraction above 0 and at most 1; got 1.5"):
        prospecting.replan(plan, win_rate=1.5)
    with pytest.raises(ValueError, match="average_won_size must be an amount above 0; got 0"):
        prospecting.replan(plan, average_won_size=0)
    with pytest.raises(ValueError, match="quota must be a positive amount of money"):
        prospecting.replan(plan, quota=True)
