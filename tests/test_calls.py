"""Call metrics on small hand-built teams whose answers are worked out in the comments."""

import math

import pytest
from builders import call, change, deal, make_team, weekly
from checks import assert_leaves_team_unchanged

from sefkit import calls as call_metrics
from sefkit.data.examples import tiny_team

Q1, Q2 = "2025Q1", "2025Q2"

REPS = ("R01", "R02", "R03")  # R03 makes no call
DEALS = [
    deal(1, "R01", "2025-01-06", outcome="won", closed_on="2025-03-07"),  # 60 days
    deal(2, "R01", "2025-01-06", outcome="lost", closed_on="2025-02-05"),  # 30 days
    deal(3, "R01", "2025-01-06", outcome="no_decision", closed_on="2025-04-06"),  # 90 days
    deal(4, "R01", "2025-01-06", outcome="disqualified", closed_on="2025-01-20"),  # EB on a call, never in pipeline
    deal(5, "R01", "2025-01-06"),  # open, EB on a call
    deal(6, "R02", "2025-01-06", outcome="won", closed_on="2025-04-16"),  # closes in Q2, 100 days
    deal(7, "R02", "2025-01-06", outcome="lost", closed_on="2025-03-27"),  # 80 days
]
CALLS = [
    call(1, "R01", "2025-01-13", "advance", planned=True),
    call(1, "R01", "2025-02-03", "advance", planned=True, economic_buyer=True),  # deal 1 had an economic buyer
    call(2, "R01", "2025-01-20", "setback"),
    call(3, "R01", "2025-01-20", "continuation"),
    call(3, "R01", "2025-02-17", "continuation", planned=True),
    call(4, "R01", "2025-01-13", "advance", economic_buyer=True),
    call(5, "R01", "2025-02-10", "setback", planned=True, economic_buyer=True),
    call(6, "R02", "2025-01-27", "advance", planned=True, economic_buyer=True),  # deal 6: EB in Q1, closed in Q2
    call(6, "R02", "2025-04-07", "advance"),  # Q2 call
    call(7, "R02", "2025-02-03", "continuation"),
]


@pytest.fixture
def team():
    return make_team(DEALS, reps=REPS, quota=1.0, calls=CALLS)


def test_advance_rate_by_hand(team):
    table = call_metrics.advance_rate(team).set_index("rep_id")
    # R01: 7 calls; advance (1, 2, 6th call) = 3, continuation 2, setback 2
    assert table.loc["R01", ["calls", "advance", "continuation", "setback"]].tolist() == [7, 3, 2, 2]
    assert table.loc["R01", "advance_rate"] == pytest.approx(3 / 7)
    # R02: 3 calls, 2 advances, 1 continuation
    assert table.loc["R02", ["advance_rate", "continuation_rate", "setback_rate"]].tolist() == pytest.approx(
        [2 / 3, 1 / 3, 0]
    )
    # R03 made no call: zero counts, missing rates
    assert table.loc["R03", "calls"] == 0 and math.isnan(table.loc["R03", "advance_rate"])
    rates = table[["advance_rate", "continuation_rate", "setback_rate"]].dropna()
    assert rates.sum(axis=1).tolist() == pytest.approx([1.0, 1.0])


def test_calls_count_in_the_quarter_of_their_date(team):
    table = call_metrics.advance_rate(team, rep="R02", quarter=Q1)
    assert table[["calls", "advance"]].values.tolist() == [[2, 1]]
    table = call_metrics.advance_rate(team, rep="R02", quarter=Q2)
    assert table[["calls", "advance"]].values.tolist() == [[1, 1]]


def test_calls_per_advance_by_hand(team):
    table = call_metrics.calls_per_advance(team, rep=["R01", "R03"]).set_index("rep_id")
    # R01: 7 calls on 5 deals (1, 2, 3, 4, 5), 3 advances
    assert table.loc["R01", ["calls", "advances", "deals"]].tolist() == [7, 3, 5]
    assert table.loc["R01", "calls_per_advance"] == pytest.approx(7 / 3)
    assert table.loc["R01", "calls_per_deal"] == pytest.approx(7 / 5)
    assert table.loc["R03", "advances"] == 0 and math.isnan(table.loc["R03", "calls_per_advance"])


def test_calls_per_advance_is_missing_when_nothing_advanced():
    team = make_team(DEALS, reps=REPS, quota=1.0, calls=[call(2, "R01", "2025-01-20", "setback")])
    row = call_metrics.calls_per_advance(team, rep="R01").iloc[0]
    assert row.calls == 1 and row.advances == 0 and math.isnan(row.calls_per_advance)


def test_economic_buyer_effect_by_hand(team):
    table = call_metrics.economic_buyer_effect(team).set_index("economic_buyer_present")
    # with an economic buyer: deals 1 (won) and 6 (won); the disqualified deal 4 and
    # the open deal 5 had one too but never count
    assert table.loc[True, ["won", "lost", "no_decision", "decided"]].tolist() == [2, 0, 0, 2]
    assert table.loc[True, "median_cycle_days"] == 80.0  # 60 and 100 days
    # without: deals 2 (lost), 3 (no decision), 7 (lost): no-decision stays in the denominator
    assert table.loc[False, ["won", "lost", "no_decision", "decided"]].tolist() == [0, 2, 1, 3]
    assert table.loc[False, "win_rate"] == 0.0
    assert table.loc[False, "no_decision_rate"] == pytest.approx(1 / 3)


def test_economic_buyer_effect_takes_deals_by_close_quarter_and_calls_from_any_time(team):
    # Q2 closes only deal 6; its economic-buyer call was in Q1
    table = call_metrics.economic_buyer_effect(team, quarter=Q2).set_index("economic_buyer_present")
    assert table["decided"].tolist() == [1, 0]
    assert table.loc[True, "win_rate"] == 1.0 and math.isnan(table.loc[False, "win_rate"])


def test_planned_call_effect_by_hand(team):
    table = call_metrics.planned_call_effect(team, quarter=Q1).set_index("planned")
    # Q1 planned calls: 1 (adv), 2 (adv), 5 (cont), 7 (setback), 8 (adv) -> 3 of 5
    assert table.loc[True, ["calls", "advance"]].tolist() == [5, 3]
    assert table.loc[True, "advance_rate"] == pytest.approx(3 / 5)
    # Q1 unplanned: 3 (setback), 4 (cont), 6 (adv), 10 (cont) -> 1 of 4
    assert table.loc[False, ["calls", "advance", "continuation", "setback"]].tolist() == [4, 1, 2, 1]


def test_errors_say_what_is_valid(team):
    with pytest.raises(ValueError, match="unknown rep 'R9'; valid reps: R01, R02, R03"):
        call_metrics.advance_rate(team, rep="R9")
    with pytest.raises(ValueError, match="unknown quarter '2024Q4'; valid quarters: 2025Q1, 2025Q2"):
        call_metrics.planned_call_effect(team, quarter="2024Q4")
    with pytest.raises(ValueError, match="no sales calls recorded for rep R03"):
        call_metrics.calls_per_advance(team, rep="R03")
    with pytest.raises(ValueError, match="no deals closed for rep R03"):
        call_metrics.economic_buyer_effect(team, rep="R03")


def test_a_team_without_call_detail_is_refused():
    team = make_team(DEALS, reps=REPS, quota=1.0, calls=[])
    for fn in (call_metrics.advance_rate, call_metrics.economic_buyer_effect, call_metrics.planned_call_effect):
        with pytest.raises(ValueError, match='the team has no sales calls at all .*detail="full"'):
            fn(team)


def test_deals_closed_without_any_call_are_refused():
    only_open = call(5, "R01", "2025-02-10", "setback", planned=True, economic_buyer=True)  # only the open deal had a call
    team = make_team(DEALS, reps=REPS, quota=1.0, calls=[only_open])
    with pytest.raises(ValueError, match="no sales calls recorded on the deals closed for the whole team"):
        call_metrics.economic_buyer_effect(team)


@pytest.mark.parametrize(
    "fn",
    [
        call_metrics.advance_rate,
        call_metrics.calls_per_advance,
        call_metrics.economic_buyer_effect,
        call_metrics.planned_call_effect,
    ],
)
def test_nothing_mutates_the_team(fn):
    team = tiny_team()
    assert_leaves_team_unchanged(team, fn)


# -- stage at call, planning, deal load, continuations ---------------------------------

HISTORY = [  # deal 1 moves to discover on 2025-01-22 and to propose on 2025-02-03 (a call's day)
    change(1, "2025-01-22", "stage", "qualify", "discover"),
    change(1, "2025-02-03", "stage", "discover", "propose"),
    change(3, "2025-02-01", "stage", "qualify", "discover"),
    change(2, "2025-02-05", "stage", "qualify", "closed"),
]


def test_calls_by_stage_takes_the_stage_before_the_call(team):
    staged = make_team(DEALS, reps=REPS, quota=1.0, calls=CALLS, opp_history=HISTORY)
    table = call_metrics.calls_by_stage(staged, rep="R01").set_index("stage")
    # qualify: call 1 (01-13, before discover), call 2 (01-20), call 4 (deal 3, 01-20), call 6 (deal 4),
    #          call 7 (deal 5, no history: qualify); discover: call 2 of deal 1 on 02-03 (the move to
    #          propose that day came from the call), call 5 (deal 3, 02-17)
    assert table["calls"].tolist() == [5, 2, 0, 0]
    assert table.loc["qualify", ["advance", "continuation", "setback", "deals"]].tolist() == [2, 1, 2, 5]
    assert table.loc["discover", ["advance", "continuation", "deals"]].tolist() == [1, 1, 2]
    assert table.loc["discover", "calls_per_deal"] == 1.0
    assert math.isnan(table.loc["propose", "advance_rate"]) and table.loc["propose", "deals"] == 0


def test_call_planning_by_hand(team):
    table = call_metrics.call_planning(team).set_index("rep_id")
    # R01: planned calls 1, 2, 5, 7 (4 of 7): advances 1, 2 -> 1/2; unplanned 3, 4, 6: advance 6 -> 1/3
    assert table.loc["R01", ["calls", "planned"]].tolist() == [7, 4]
    assert table.loc["R01", ["planned_share", "planned_advance_rate", "unplanned_advance_rate"]].tolist() == \
        pytest.approx([4 / 7, 1 / 2, 1 / 3])
    # economic buyers on calls 2, 6 and 7 of R01's seven
    assert table.loc["R01", "economic_buyer_share"] == pytest.approx(3 / 7)
    # R02 planned only call 8 (advance); R03 made no call
    assert table.loc["R02", ["planned_share", "planned_advance_rate", "unplanned_advance_rate"]].tolist() == \
        pytest.approx([1 / 3, 1.0, 1 / 2])
    assert table.loc["R03", "calls"] == 0 and math.isnan(table.loc["R03", "planned_share"])


def test_call_planning_of_a_rep_who_planned_nothing():
    team = make_team(DEALS, reps=REPS, quota=1.0, calls=[call(2, "R01", "2025-01-20", "advance")])
    row = call_metrics.call_planning(team, rep="R01").iloc[0]
    assert row.planned == 0 and row.planned_share == 0 and math.isnan(row.planned_advance_rate)
    assert row.unplanned_advance_rate == 1.0


def test_calls_and_load_by_hand():
    # R01 carries two open deals every Monday of 2025Q1, R02 one; R01 makes 4 calls, R02 2
    snaps = weekly("2025-01-06", "2025-03-31", (5, "R01", "qualify", 1000, "2025-06-30"),
                   (3, "R01", "qualify", 1000, "2025-06-30"), (7, "R02", "qualify", 1000, "2025-06-30"))
    snaps += weekly("2025-04-07", "2025-06-30", (7, "R02", "qualify", 1000, "2025-06-30"))
    calls = [call(5, "R01", "2025-01-13", "advance", planned=True), call(5, "R01", "2025-01-20"),
             call(3, "R01", "2025-02-03", "setback"), call(3, "R01", "2025-02-10", planned=True),
             call(7, "R02", "2025-01-13", "advance", planned=True), call(7, "R02", "2025-04-14", "advance")]
    team = make_team(DEALS, reps=REPS, quota=1.0, calls=calls, snapshots=snaps)
    table = call_metrics.calls_and_load(team, quarter="2025Q1").set_index("rep_id")
    assert table.loc["R01", ["open_deals", "calls", "calls_per_open_deal"]].tolist() == [2.0, 4, 2.0]
    assert table.loc["R01", ["planned_share", "advance_rate", "continuation_rate"]].tolist() == [0.5, 0.25, 0.5]
    assert table.loc["R02", ["open_deals", "calls", "planned_share", "advance_rate"]].tolist() == [1.0, 1, 1.0, 1.0]
    # R03 had nothing open and made no call: zero load, missing call shares
    assert table.loc["R03", "calls"] == 0 and math.isnan(table.loc["R03", "planned_share"])
    # every quarter the snapshots cover
    both = call_metrics.calls_and_load(team, rep="R02")
    assert both[["quarter", "calls"]].values.tolist() == [["2025Q1", 1], ["2025Q2", 1]]


def test_continuation_outcomes_by_hand(team):
    table = call_metrics.continuation_outcomes(team).set_index("call_record")
    mostly, rest = call_metrics.CALL_RECORDS
    # deal 3: two continuations, no advance -> no decision; deal 7: one continuation -> lost
    assert table.loc[mostly, ["won", "lost", "no_decision", "decided"]].tolist() == [0, 1, 1, 2]
    assert table.loc[mostly, "calls_per_deal"] == 1.5
    # deal 1 (two advances, won), deal 2 (a setback only, lost), deal 6 (two advances, won, closed in Q2)
    assert table.loc[rest, ["won", "lost", "no_decision", "decided"]].tolist() == [2, 1, 0, 3]
    assert table.loc[rest, "win_rate"] == pytest.approx(2 / 3)
    assert table.loc[rest, "median_cycle_days"] == 60.0  # 60, 30 and 100 days


def test_continuation_outcomes_errors(team):
    with pytest.raises(ValueError, match="no deals closed for rep R03"):
        call_metrics.continuation_outcomes(team, rep="R03")
    only_open = make_team(DEALS, reps=REPS, quota=1.0, calls=[call(5, "R01", "2025-02-10")])
    with pytest.raises(ValueError, match="no sales calls recorded on the deals closed"):
        call_metrics.continuation_outcomes(only_open)


@pytest.mark.parametrize("fn", ["calls_by_stage", "call_planning", "calls_and_load", "continuation_outcomes"])
def test_new_measures_leave_the_team_unchanged(fn):
    assert_leaves_team_unchanged(tiny_team(), getattr(call_metrics, fn))


def test_northwind_busier_rep_quarters_plan_fewer_calls(northwind):
    """The lesson's picture: across rep-quarters, a heavier deal load goes with a smaller planned share."""
    table = call_metrics.calls_and_load(northwind)
    assert table["open_deals"].corr(table["planned_share"]) < -0.3
    stages = call_metrics.calls_by_stage(northwind)
    assert stages["calls"].sum() == len(northwind.calls)
    cont = call_metrics.continuation_outcomes(northwind).set_index("call_record")
    mostly, rest = call_metrics.CALL_RECORDS
    assert cont.loc[mostly, "no_decision_rate"] > cont.loc[rest, "no_decision_rate"]


# -- the simulated lesson team ------------------------------------------------



def test_northwind_call_tables_add_up(northwind):
    table = call_metrics.advance_rate(northwind)
    assert table["rep_id"].tolist() == northwind.rep_ids
    assert table["calls"].sum() == len(northwind.calls)
    rates = table[["advance_rate", "continuation_rate", "setback_rate"]]
    assert rates.sum(axis=1).to_numpy() == pytest.approx(1.0)
    per_advance = call_metrics.calls_per_advance(northwind)
    assert (per_advance["calls_per_advance"] >= 1).all()
    assert per_advance["calls_per_advance"].to_numpy() == pytest.approx(1 / table["advance_rate"].to_numpy())


def test_northwind_economic_buyers_and_planning_help(northwind):
    # the simulation gives both a real effect; the measures must find it
    buyer = call_metrics.economic_buyer_effect(northwind).set_index("economic_buyer_present")
    assert buyer.loc[True, "win_rate"] > buyer.loc[False, "win_rate"]
    planned = call_metrics.planned_call_effect(northwind).set_index("planned")
    assert planned.loc[True, "advance_rate"] > planned.loc[False, "advance_rate"]
    assert planned["calls"].sum() == len(northwind.calls)
