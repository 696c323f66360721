"""Deal metrics on small hand-built teams whose answers are worked out in the comments."""

import math

import pandas as pd
import pytest
from builders import deal, make_team
from checks import assert_leaves_team_unchanged

from sefkit import deals
from sefkit.data.examples import tiny_team

Q1, Q2 = "2025Q1", "2025Q2"


# One rep, every trap at once. R01 in 2025Q1: won 1, lost 1, no decision 2 (win rate
# 1/4, not 1/2 as won/(won+lost) would say); a disqualified deal and an open deal that
# never count; a won deal created in Q1 but closed in Q2 (it belongs to Q2).
TRAPS = [
    deal(1, "R01", "2025-01-06", 10_000, outcome="won", closed_on="2025-02-05"),  # 30 days
    deal(2, "R01", "2025-01-06", 20_000, outcome="lost", closed_on="2025-03-07", loss_reason="price"),  # 60 days
    deal(3, "R01", "2025-01-06", 30_000, outcome="no_decision", closed_on="2025-04-06", loss_reason="went_dark"),  # 90 days, last day of Q1
    deal(4, "R01", "2025-01-06", 40_000, outcome="no_decision", closed_on="2025-03-27", loss_reason="status_quo"),  # 80 days
    deal(5, "R01", "2025-01-20", 50_000, outcome="disqualified", closed_on="2025-01-27", score=3, loss_reason="no_budget"),
    deal(6, "R01", "2025-02-03", 60_000),  # still open
    deal(7, "R01", "2025-02-03", 70_000, outcome="won", closed_on="2025-04-07"),  # first day of Q2, 63 days
    deal(8, "R02", "2025-04-07", 5_000, outcome="lost", closed_on="2025-05-07", loss_reason="competitor"),  # R02 closes only in Q2
]


@pytest.fixture
def traps():
    return make_team(TRAPS)


def test_win_rate_keeps_no_decision_and_drops_disqualified_and_open(traps):
    assert deals.win_rate(traps, rep="R01", quarter=Q1) == pytest.approx(1 / 4)
    assert deals.no_decision_rate(traps, rep="R01", quarter=Q1) == pytest.approx(2 / 4)


def test_deals_belong_to_the_quarter_they_closed_in(traps):
    # the 70,000 win created in Q1 closed on Q2's first day
    assert deals.won_amount(traps, rep="R01", quarter=Q1) == 10_000
    assert deals.won_amount(traps, rep="R01", quarter=Q2) == 70_000
    assert deals.win_rate(traps, rep="R01", quarter=Q2) == 1.0
    # whole team, Q2: R01 won 1, R02 lost 1
    assert deals.win_rate(traps, quarter=Q2) == 0.5


def test_cycle_length_counts_every_closed_deal_not_only_the_won(traps):
    # Q1 decided cycles: 30 (won), 60, 90, 80 -> median 70; won only would say 30
    assert deals.cycle_length(traps, rep="R01", quarter=Q1) == 70.0
    assert deals.cycle_days(deals.won_deals(traps, rep="R01", quarter=Q1)).tolist() == [30]


def test_average_won_size_and_its_error_when_nothing_was_won(traps):
    assert deals.average_won_size(traps, rep="R01") == 40_000.0  # (10,000 + 70,000) / 2
    with pytest.raises(ValueError, match="no deals won for rep R02"):
        deals.average_won_size(traps, rep="R02")


def test_bad_filters_name_the_valid_choices(traps):
    with pytest.raises(ValueError, match="unknown rep 'R03'; valid reps: R01, R02"):
        deals.win_rate(traps, rep="R03")
    with pytest.raises(ValueError, match="unknown quarter '2025Q3'; valid quarters: 2025Q1, 2025Q2"):
        deals.deal_summary(traps, quarter="2025Q3")
    with pytest.raises(ValueError, match="no deals closed for rep R02 in 2025Q1"):
        deals.win_rate(traps, rep="R02", quarter=Q1)
    with pytest.raises(ValueError, match="no deals closed for rep R02 in 2025Q1"):
        deals.outcome_by_band(traps, rep="R02", quarter=Q1)
    with pytest.raises(ValueError, match="no deals closed"):
        deals.loss_reasons(traps, rep="R02", quarter=Q1)


def test_count_outcomes_ignores_disqualified_and_open_rows(traps):
    counts = deals.count_outcomes(traps.opportunities, "rep_id")
    assert counts.loc["R01", ["won", "lost", "no_decision", "decided"]].tolist() == [2, 1, 2, 5]
    assert counts.loc["R01", "win_rate"] == pytest.approx(2 / 5)
    assert counts.loc["R02", "no_decision_rate"] == 0.0


def test_outcome_counts_by_quarter(traps):
    counts = deals.outcome_counts(traps, by=["rep_id", "quarter"])
    assert counts.loc[("R01", Q2), "won"] == 1
    assert counts.loc[("R01", Q1), "decided"] == 4


def test_deal_summary_by_hand(traps):
    summary = deals.deal_summary(traps, quarter=Q1)
    assert summary["rep_id"].tolist() == ["R01", "R02"]
    r01, r02 = summary.iloc[0], summary.iloc[1]
    assert (r01.won, r01.lost, r01.no_decision, r01.decided, r01.disqualified) == (1, 1, 2, 4, 1)
    assert r01.win_rate == pytest.approx(0.25) and r01.no_decision_rate == pytest.approx(0.5)
    assert r01.median_cycle_days == 70.0
    assert r01.won_amount == 10_000 and r01.average_won_size == 10_000
    # R02 closed nothing in Q1: zero counts explain the missing rates
    assert (r02.won, r02.decided, r02.disqualified, r02.won_amount) == (0, 0, 0, 0.0)
    assert math.isnan(r02.win_rate) and math.isnan(r02.median_cycle_days) and math.isnan(r02.average_won_size)


def test_deal_summary_agrees_with_the_single_metrics():
    team = tiny_team()
    summary = deals.deal_summary(team).set_index("rep_id")
    for rep in team.rep_ids:
        assert summary.loc[rep, "win_rate"] == deals.win_rate(team, rep=rep)
        assert summary.loc[rep, "no_decision_rate"] == deals.no_decision_rate(team, rep=rep)
        assert summary.loc[rep, "median_cycle_days"] == deals.cycle_length(team, rep=rep)
        assert summary.loc[rep, "average_won_size"] == deals.average_won_size(team, rep=rep)
        assert summary.loc[rep, "won_amount"] == deals.won_amount(team, rep=rep)


def test_deal_summary_rep_filter(traps):
    summary = deals.deal_summary(traps, rep=["R02"])
    assert summary["rep_id"].tolist() == ["R02"] and summary["lost"].tolist() == [1]


def test_loss_reasons_by_hand(traps):
    reasons = deals.loss_reasons(traps, rep="R01", quarter=Q1)
    assert reasons[["outcome", "loss_reason", "deals"]].values.tolist() == [
        ["lost", "price", 1],
        ["no_decision", "status_quo", 1],
        ["no_decision", "went_dark", 1],
        ["disqualified", "no_budget", 1],
    ]
    assert reasons["share"].tolist() == [1.0, 0.5, 0.5, 1.0]
    assert reasons["amount"].tolist() == [20_000, 40_000, 30_000, 50_000]


def test_loss_reasons_shows_missing_reasons_and_no_rows_when_all_won():
    team = make_team([
        deal(1, "R01", "2025-01-06", 1_000, outcome="lost", closed_on="2025-02-05"),  # reason not recorded
        deal(2, "R01", "2025-01-06", 2_000, outcome="lost", closed_on="2025-02-05", loss_reason="price"),
        deal(3, "R01", "2025-01-06", 3_000, outcome="lost", closed_on="2025-02-05", loss_reason="price"),
        deal(4, "R02", "2025-01-06", 4_000, outcome="won", closed_on="2025-02-05"),
    ])
    reasons = deals.loss_reasons(team, rep="R01")
    assert reasons[["loss_reason", "deals"]].values.tolist() == [["price", 2], ["not recorded", 1]]
    assert reasons["share"].tolist() == pytest.approx([2 / 3, 1 / 3])
    assert deals.loss_reasons(team, rep="R02").empty


def test_qualification_bands_have_sharp_edges():
    scores = pd.Series([0, 8, 9, 16, 17, 24])
    assert deals.qualification_band(scores).tolist() == ["weak", "weak", "fair", "fair", "strong", "strong"]
    with pytest.raises(ValueError, match="0 to 24; found 25"):
        deals.qualification_band(pd.Series([3, 25]))


def test_outcome_by_band_by_hand():
    team = make_team([
        deal(1, "R01", "2025-01-06", 1_000, outcome="won", closed_on="2025-02-05", score=20),  # strong, 30 days
        deal(2, "R01", "2025-01-06", 1_000, outcome="won", closed_on="2025-02-25", score=17),  # strong, 50 days
        deal(3, "R01", "2025-01-06", 1_000, outcome="lost", closed_on="2025-03-17", score=24),  # strong, 70 days
        deal(4, "R01", "2025-01-06", 1_000, outcome="won", closed_on="2025-02-05", score=9),  # fair, 30 days
        deal(5, "R01", "2025-01-06", 1_000, outcome="no_decision", closed_on="2025-04-06", score=16),  # fair, 90 days
        deal(6, "R01", "2025-01-06", 1_000, outcome="no_decision", closed_on="2025-04-06", score=8),  # weak, 90 days
        deal(7, "R01", "2025-01-06", 1_000, outcome="lost", closed_on="2025-02-05", score=0),  # weak, 30 days
        deal(8, "R01", "2025-01-06", 1_000, outcome="disqualified", closed_on="2025-01-13", score=2),  # weak, not in the rates
        deal(9, "R01", "2025-01-06", 1_000, outcome="disqualified", closed_on="2025-01-13", score=5),
        deal(10, "R01", "2025-01-06", 1_000, score=24),  # open: ignored
        deal(11, "R01", "2025-01-06", 1_000, outcome="won", closed_on="2025-05-05", score=3),  # closes in Q2: ignored for Q1
    ])
    table = deals.outcome_by_band(team, quarter=Q1)
    assert table["band"].tolist() == ["weak", "fair", "strong"]
    assert table["score_range"].tolist() == ["0-8", "9-16", "17-24"]
    assert table["disqualified"].tolist() == [2, 0, 0]
    assert table["decided"].tolist() == [2, 2, 3]
    assert table["win_rate"].tolist() == pytest.approx([0.0, 0.5, 2 / 3])
    assert table["no_decision_rate"].tolist() == pytest.approx([0.5, 0.5, 0.0])
    assert table["median_cycle_days"].tolist() == [60.0, 60.0, 50.0]


def test_outcome_by_band_keeps_empty_bands_with_a_zero_count():
    team = make_team([deal(1, "R01", "2025-01-06", 1_000, outcome="won", closed_on="2025-02-05", score=20)])
    table = deals.outcome_by_band(team)
    assert table["decided"].tolist() == [0, 0, 1]
    assert table["win_rate"].isna().tolist() == [True, True, False]


# -- a list of quarters: the deals closed in any of them, pooled ----------------------

Q3 = "2025Q3"
# TRAPS plus a third quarter, so that a list of two quarters is not simply "everything".
# Pooled over Q1 and Q2, R01 closed: won 2 (10,000 in Q1, 70,000 in Q2), lost 1, no
# decision 2 (the disqualified and the open deal never count): win rate 2/5, no-decision
# rate 2/5; cycles 30, 60, 90, 80, 63 days -> median 63. R02 lost 1 (Q2).
# In Q3, R01 wins 90,000 (60 days) and loses one (40 days): all three quarters say 3/7.
THREE_QUARTERS = TRAPS + [
    deal(9, "R01", "2025-05-08", 90_000, outcome="won", closed_on="2025-07-07"),  # first day of Q3
    deal(10, "R01", "2025-06-27", 8_000, outcome="lost", closed_on="2025-08-06", loss_reason="price"),
]


@pytest.fixture
def three():
    return make_team(THREE_QUARTERS, quarters=(Q1, Q2, Q3))


def test_a_list_of_quarters_pools_the_deals_closed_in_them(three):
    pooled = [Q1, Q2]
    assert deals.closed_deals(three, rep="R01", quarter=pooled)["opp_id"].tolist() == [1, 2, 3, 4, 7]
    assert deals.win_rate(three, rep="R01", quarter=pooled) == pytest.approx(2 / 5)
    assert deals.no_decision_rate(three, rep="R01", quarter=pooled) == pytest.approx(2 / 5)
    assert deals.cycle_length(three, rep="R01", quarter=pooled) == 63.0
    assert deals.won_amount(three, rep="R01", quarter=pooled) == 80_000
    assert deals.average_won_size(three, rep="R01", quarter=pooled) == 40_000
    # whole team: won 2, lost 2, no decision 2
    assert deals.win_rate(three, quarter=pooled) == pytest.approx(1 / 3)
    # the order of the list does not matter; leaving Q3 out does
    assert deals.win_rate(three, rep="R01", quarter=[Q2, Q1]) == pytest.approx(2 / 5)
    assert deals.win_rate(three, rep="R01") == pytest.approx(3 / 7)


def test_deal_tables_with_a_list_of_quarters_by_hand(three):
    summary = deals.deal_summary(three, quarter=[Q1, Q2]).set_index("rep_id")
    assert summary.loc["R01", ["won", "lost", "no_decision", "decided", "disqualified"]].tolist() == [2, 1, 2, 5, 1]
    assert summary.loc["R01", "median_cycle_days"] == 63.0 and summary.loc["R01", "won_amount"] == 80_000
    assert summary.loc["R02", ["won", "lost", "decided"]].tolist() == [0, 1, 1]
    by_quarter = deals.outcome_counts(three, by="quarter", quarter=[Q1, Q2])
    assert by_quarter.index.tolist() == [Q1, Q2] and by_quarter["decided"].tolist() == [4, 2]
    reasons = deals.loss_reasons(three, rep="R01", quarter=[Q1, Q3])  # the Q3 loss was on price too
    lost = reasons[reasons["outcome"] == "lost"]
    assert lost[["loss_reason", "deals", "amount"]].values.tolist() == [["price", 2, 28_000.0]]


@pytest.mark.parametrize(
    "metric",
    [
        deals.win_rate, deals.no_decision_rate, deals.cycle_length, deals.won_amount, deals.average_won_size,
        deals.deal_summary, deals.loss_reasons, deals.outcome_by_band,
        lambda t, rep, quarter: deals.outcome_counts(t, quarter=quarter, rep=rep),
    ],
)
@pytest.mark.parametrize("quarter", [Q1, Q2, Q3])
def test_a_list_of_one_quarter_is_that_quarter(three, metric, quarter):
    alone, listed = metric(three, rep="R01", quarter=quarter), metric(three, rep="R01", quarter=[quarter])
    if isinstance(alone, pd.DataFrame):
        pd.testing.assert_frame_equal(listed, alone)
    else:
        assert listed == alone


def test_a_bad_or_empty_quarter_list_says_what_is_valid(three):
    with pytest.raises(ValueError, match="unknown quarter '2025Q9'; valid quarters: 2025Q1, 2025Q2, 2025Q3"):
        deals.win_rate(three, quarter=[Q1, "2025Q9"])
    with pytest.raises(ValueError, match="the quarter filter is empty; valid quarters: 2025Q1, 2025Q2, 2025Q3"):
        deals.deal_summary(three, quarter=[])
    with pytest.raises(ValueError, match="no deals closed for rep R02 in 2025Q1, 2025Q3"):
        deals.win_rate(three, rep="R02", quarter=[Q1, Q3])


@pytest.mark.parametrize(
    "call",
    [
        lambda t: deals.deal_summary(t),
        lambda t: deals.loss_reasons(t),
        lambda t: deals.outcome_by_band(t),
        lambda t: deals.outcome_counts(t, by="quarter"),
        lambda t: deals.deal_summary(t, quarter=["2025Q2", "2025Q1"]),
    ],
)
def test_nothing_mutates_the_team(call):
    team = tiny_team()
    assert_leaves_team_unchanged(team, call)


# -- the simulated lesson team ------------------------------------------------



def test_northwind_deal_tables_add_up(northwind):
    opps = northwind.opportunities
    summary = deals.deal_summary(northwind)
    assert summary["rep_id"].tolist() == northwind.rep_ids
    assert summary["decided"].sum() == opps["outcome"].isin(["won", "lost", "no_decision"]).sum()
    assert summary["disqualified"].sum() == (opps["outcome"] == "disqualified").sum()
    assert summary["win_rate"].between(0, 1).all() and summary["no_decision_rate"].between(0, 1).all()
    assert (summary["median_cycle_days"] > 0).all()
    assert summary["won_amount"].sum() == pytest.approx(deals.won_amount(northwind))

    reasons = deals.loss_reasons(northwind)
    assert reasons.groupby("outcome")["share"].sum().tolist() == pytest.approx([1.0] * reasons["outcome"].nunique())
    assert reasons["deals"].sum() == opps["outcome"].isin(["lost", "no_decision", "disqualified"]).sum()

    bands = deals.outcome_by_band(northwind)
    assert bands["decided"].sum() == summary["decided"].sum()
    assert bands["disqualified"].sum() == summary["disqualified"].sum()


def test_northwind_strong_qualification_wins_more_often(northwind):
    bands = deals.outcome_by_band(northwind).set_index("band")
    assert bands.loc["strong", "win_rate"] > bands.loc["fair", "win_rate"]


def test_decision_win_rate_leaves_no_decision_out_and_never_divides_by_zero():
    won, lost = pd.Series([1, 0, 2]), pd.Series([3, 0, 0])
    assert deals.decision_win_rate_of(won, lost).tolist()[::2] == [0.25, 1.0]
    assert math.isnan(deals.decision_win_rate_of(won, lost)[1])
    assert math.isnan(deals.decision_win_rate_of(0, 0))
    assert deals.decision_win_rate_of(1, 1) != deals.win_rate_of(1, 1, 2)  # not the course's win rate


# -- loss_profile and deal_load -------------------------------------------------------------


def test_loss_profile_by_hand(traps):
    """R01 in 2025Q1: decided 4 (won 1, lost 1 on price, no decision 2), disqualified 1; R02 closed nothing."""
    profile = deals.loss_profile(traps, quarter=Q1).set_index("rep_id")
    r01 = profile.loc["R01"]
    assert r01["decided"] == 4 and r01["disqualified"] == 1
    assert r01["win_rate"] == 0.25 and r01["no_decision_rate"] == 0.5 and r01["lost_rate"] == 0.25
    assert r01["competitor_loss_rate"] == 0.0       # lost on price, not to a competitor
    assert r01["disqualification_rate"] == 0.2      # 1 of the 5 deals that ended
    assert r01["average_score"] == 12.0             # the builder's default score
    assert profile.loc["R02", "decided"] == 0 and math.isnan(profile.loc["R02", "lost_rate"])


def test_loss_profile_counts_competitor_losses(traps):
    r02 = deals.loss_profile(traps, rep="R02", quarter=Q2).iloc[0]   # its one deal lost to a competitor
    assert r02["lost_rate"] == 1.0 and r02["competitor_loss_rate"] == 1.0


def test_loss_profile_refuses_an_empty_selection():
    with pytest.raises(ValueError, match="no deals closed"):
        deals.loss_profile(make_team([deal(1, "R01", "2025-01-06")]))


def test_deal_load_by_hand():
    """R01 carries deals 1 and 2 on the four Mondays 6 Jan - 27 Jan and makes 4 calls: 2 open deals, 0.5 calls a deal-week."""
    from builders import call, weekly

    snaps = weekly("2025-01-06", "2025-01-27", (1, "R01", "qualify", 10_000, "2025-06-30"),
                   (2, "R01", "qualify", 10_000, "2025-06-30"))
    calls = [call(1, "R01", d) for d in ("2025-01-07", "2025-01-14", "2025-01-21")] + [call(2, "R01", "2025-01-08")]
    team = make_team([deal(1, "R01", "2025-01-06"), deal(2, "R01", "2025-01-06")], snapshots=snaps, calls=calls)
    load = deals.deal_load(team, quarter=Q1).set_index("rep_id")
    assert load.loc["R01", "mondays"] == 13        # 2025Q1 has 13 Mondays
    assert load.loc["R01", "deal_weeks"] == 8 and load.loc["R01", "calls"] == 4
    assert load.loc["R01", "open_deals"] == pytest.approx(8 / 13)
    assert load.loc["R01", "calls_per_deal_week"] == 0.5
    assert load.loc["R02", "deal_weeks"] == 0 and math.isnan(load.loc["R02", "calls_per_deal_week"])


def test_deal_load_needs_snapshots():
    with pytest.raises(ValueError, match="detail=\"full\""):
        deals.deal_load(make_team([deal(1, "R01", "2025-01-06")]))


def test_lost_rate_of_never_divides_by_zero():
    assert math.isnan(deals.lost_rate_of(0, 0))
    assert deals.lost_rate_of(pd.Series([1, 0]), pd.Series([4, 0])).tolist()[0] == 0.25


# -- the ecosystem views: where deals come from, how they end -------------------------

@pytest.fixture
def sources():
    """Deals from three sources, worked by hand below."""
    return make_team([
        deal(1, "R01", "2025-01-06", outcome="won", closed_on="2025-03-03"),
        deal(2, "R01", "2025-01-06", source="marketing", outcome="lost", closed_on="2025-03-03",
             loss_reason="product_gap"),
        deal(3, "R01", "2025-02-03", source="marketing", outcome="no_decision", closed_on="2025-04-14",
             loss_reason="status_quo"),
        deal(4, "R02", "2025-04-07", source="referral", outcome="won", closed_on="2025-05-05"),
        deal(5, "R02", "2025-04-07", source="marketing", outcome="disqualified", closed_on="2025-04-14",
             loss_reason="poor_fit"),
        deal(6, "R02", "2025-04-14", source="marketing", outcome="lost", closed_on="2025-06-02",
             loss_reason="competitor"),
    ])


def test_created_by_source_counts_where_each_deal_was_created(sources):
    t = deals.created_by_source(sources)
    # Q1: deals 1 (outbound), 2 and 3 (marketing); Q2: 4 (referral), 5 and 6 (marketing, disqualified counted)
    assert t.loc["2025Q1", ["outbound", "marketing", "referral", "expansion", "created"]].tolist() == [1, 2, 0, 0, 3]
    assert t.loc["2025Q2", ["outbound", "marketing", "referral", "created"]].tolist() == [0, 2, 1, 3]
    assert t.loc["2025Q2", "marketing_share"] == pytest.approx(2 / 3)
    whole = deals.created_by_source(sources, by=[], rep="R01")
    assert whole["created"].tolist() == [3]


def test_loss_reason_shares_by_source_and_quarter_by_hand(sources):
    by_source = deals.loss_reason_shares(sources, by="source")
    # marketing decided: 2 (lost, product gap), 3 (no decision, status quo), 6 (lost, competitor); 5 was disqualified
    m = by_source.loc["marketing"]
    assert m["decided"] == 3 and m["won"] == 0
    assert m[["product_gap", "status_quo", "competitor"]].tolist() == pytest.approx([1 / 3] * 3)
    # every row adds up to 1 and "won" is the win rate of that group
    assert by_source.drop(columns="decided").sum(axis=1).tolist() == pytest.approx([1.0] * len(by_source))
    rates = deals.outcome_counts(sources, by="source")["win_rate"]
    assert by_source["won"].tolist() == pytest.approx(rates.reindex(by_source.index).tolist())
    by_quarter = deals.loss_reason_shares(sources)
    # deal 3 closed in Q2: Q1 has 1 and 2, Q2 has 3, 4 and 6
    assert by_quarter["decided"].tolist() == [2, 3]
    assert by_quarter.loc["2025Q1", "product_gap"] == pytest.approx(0.5)


def test_ecosystem_views_refuse_empty_selections_and_bad_groupings(sources):
    with pytest.raises(ValueError, match="choose 'quarter' or a column"):
        deals.loss_reason_shares(sources, by="colour")
    with pytest.raises(ValueError, match="choose 'quarter' or a column"):
        deals.created_by_source(sources, by="colour")
    with pytest.raises(ValueError, match="no deals closed"):
        deals.loss_reason_shares(make_team([deal(1, "R01", "2025-01-06")]))
    with pytest.raises(ValueError, match="unknown rep|R09"):
        deals.created_by_source(sources, rep="R09")


@pytest.mark.parametrize("call", [lambda t: deals.created_by_source(t), lambda t: deals.loss_reason_shares(t, by="source")])
def test_ecosystem_views_leave_the_team_unchanged(call):
    assert_leaves_team_unchanged(tiny_team(), call)
