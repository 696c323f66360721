"""Pipeline metrics on small hand-built teams; every expected number is worked out by hand here."""

import math

import numpy as np
import pandas as pd
import pytest
from builders import change, deal, make_team, snap, weekly

from sefkit import deals, pipeline
from sefkit.data.examples import tiny_team
from sefkit.data.team import Team

Q1, Q2, Q3 = "2025Q1", "2025Q2", "2025Q3"
# 2025Q1 runs 2025-01-06 .. 2025-04-06, Q2 2025-04-07 .. 2025-07-06, Q3 from 2025-07-07.


def build(opps, snaps=(), history=(), reps=("R1", "R2"), quarters=(Q1, Q2)):
    return make_team(opps, reps=reps, quarters=quarters, quota=100.0, snapshots=snaps, opp_history=history)


def unchanged(team):
    return {name: df.copy() for name, df in team.tables().items()}


def assert_unchanged(team, before):
    for name, df in team.tables().items():
        pd.testing.assert_frame_equal(df, before[name])


# -- open_pipeline --------------------------------------------------------------------


def test_open_pipeline_reads_that_weeks_snapshot_only():
    team = build(
        [deal(1, "R1", "2025-01-06", 100), deal(2, "R1", "2025-01-13", 50)],
        snaps=[
            snap("2025-01-06", 1, "R1", "qualify", 100, "2025-03-03"),
            snap("2025-01-13", 1, "R1", "propose", 120, "2025-03-10"),  # the future: must not leak back
            snap("2025-01-13", 2, "R1", "qualify", 50, "2025-03-10"),
            snap("2025-01-13", 3, "R1", "closed", 70, "2025-03-10"),  # a closed row is not open pipeline
        ],
    )
    wed = pipeline.open_pipeline(team, "2025-01-08")  # a Wednesday: the Monday 6 January snapshot
    assert wed[["opp_id", "stage", "amount"]].values.tolist() == [[1, "qualify", 100.0]]
    assert wed["as_of"].tolist() == [pd.Timestamp("2025-01-06")]
    later = pipeline.open_pipeline(team, "2025-01-13")
    assert later["opp_id"].tolist() == [1, 2] and later["age_days"].tolist() == [7, 0]


def test_open_pipeline_several_dates_and_rep_filter():
    team = tiny_team()
    both = pipeline.open_pipeline(team, ["2025-01-13", "2025-04-07"], rep="R02")
    assert both[["as_of", "opp_id"]].astype(str).values.tolist() == [
        ["2025-01-13", "7"], ["2025-01-13", "8"], ["2025-04-07", "9"]]
    # deals created on Monday 6 January are not in that Monday's snapshot (taken at the start of the day)
    assert pipeline.open_pipeline(team, "2025-01-06").empty


def test_open_pipeline_refuses_dates_outside_the_snapshots_and_teams_without_them():
    team = tiny_team()
    with pytest.raises(ValueError, match="snapshots cover the weeks from 2025-01-06 to 2025-06-30"):
        pipeline.open_pipeline(team, "2025-07-08")
    with pytest.raises(ValueError, match="no pipeline snapshot for 2024-12-30"):
        pipeline.open_pipeline(team, "2024-12-30")
    with pytest.raises(ValueError, match="as_of must be a date"):
        pipeline.open_pipeline(team, "next week")
    bare = build([deal(1, "R1", "2025-01-06", 100)])
    with pytest.raises(ValueError, match="no weekly pipeline snapshots"):
        pipeline.open_pipeline(bare, "2025-01-06")


# -- coverage -------------------------------------------------------------------------


def coverage_team():
    # On 7 April (Q2's first day) R1 has: deal 1 due in Q2 (60), deal 2 due in Q3 (500: does
    # not count), deal 3 due 2025-04-30 (40). Deal 4 was created on 8 April (after the
    # snapshot: does not count). Deal 5 closed in Q1 (not open). 60 + 40 = 100 -> 1.0x.
    # R2 has nothing open: coverage 0, not missing. In Q1 (6 January) R1 had deal 5 (300): 3.0x.
    opps = [
        deal(1, "R1", "2025-02-03", 60, close_date="2025-05-05"),
        deal(2, "R1", "2025-02-03", 500, close_date="2025-08-04"),
        deal(3, "R1", "2025-03-03", 40, close_date="2025-04-30"),
        deal(4, "R1", "2025-04-08", 999, close_date="2025-05-05"),
        deal(5, "R1", "2025-01-06", 300, closed_on="2025-03-31", outcome="won"),
    ]
    snaps = [
        snap("2025-01-06", 5, "R1", "propose", 300, "2025-03-31"),
        snap("2025-03-31", 1, "R1", "qualify", 60, "2025-05-05"),
        snap("2025-04-07", 1, "R1", "qualify", 60, "2025-05-05"),
        snap("2025-04-07", 2, "R1", "qualify", 500, "2025-08-04"),
        snap("2025-04-07", 3, "R1", "discover", 40, "2025-04-30"),
        snap("2025-04-14", 4, "R1", "qualify", 999, "2025-05-05"),
    ]
    return build(opps, snaps)


def test_coverage_counts_only_deals_open_on_day_one_and_due_in_the_quarter():
    team = coverage_team()
    before = unchanged(team)
    out = pipeline.coverage(team, quarter=Q2)
    assert out.columns.tolist() == ["rep_id", "quarter", "deals_due", "pipeline", "quota", "coverage"]
    assert out.values.tolist() == [["R1", Q2, 2, 100.0, 100.0, 1.0], ["R2", Q2, 0, 0.0, 100.0, 0.0]]
    assert_unchanged(team, before)


def test_coverage_every_quarter_and_rep_filter():
    out = pipeline.coverage(coverage_team(), rep="R1")
    assert out[["quarter", "pipeline", "coverage"]].values.tolist() == [[Q1, 300.0, 3.0], [Q2, 100.0, 1.0]]


def test_coverage_bad_selection_says_what_is_valid():
    team = coverage_team()
    with pytest.raises(ValueError, match="unknown rep 'R9'; valid reps: R1, R2"):
        pipeline.coverage(team, rep="R9")
    with pytest.raises(ValueError, match="unknown quarter '2025Q4'; valid quarters: 2025Q1, 2025Q2"):
        pipeline.coverage(team, quarter="2025Q4")
    short = build([deal(1, "R1", "2025-01-06", 1)], [snap("2025-01-06", 1, "R1", "qualify", 1, "2025-02-03")])
    with pytest.raises(ValueError, match="no pipeline snapshot for the first day of 2025Q2"):
        pipeline.coverage(short, quarter=Q2)


def test_coverage_formula():
    assert pipeline.coverage_of(300.0, 100.0) == 3.0


# -- stage conversion -------------------------------------------------------------------


def conversion_team():
    opps = [
        # won, history qualify -> discover -> propose -> closed (skipped negotiate: still counts as reaching it)
        deal(1, "R1", "2025-01-06", 10, closed_on="2025-03-03", outcome="won"),
        # reached propose, then a setback to discover, then lost: counts as reaching propose
        deal(2, "R1", "2025-01-06", 10, closed_on="2025-03-03", outcome="lost"),
        # no decision without any stage change: stayed in qualify
        deal(3, "R1", "2025-01-06", 10, closed_on="2025-03-03", outcome="no_decision"),
        # disqualified: never in the pipeline, left out even though its history says discover
        deal(4, "R1", "2025-01-06", 10, closed_on="2025-01-20", outcome="disqualified"),
        # still open in negotiate: its journey is not finished, left out
        deal(5, "R1", "2025-01-06", 10, stage="negotiate", close_date="2025-05-05"),
        # R2, closed in Q2: lost at negotiate
        deal(6, "R2", "2025-01-06", 10, closed_on="2025-04-14", outcome="lost"),
    ]
    history = [
        change(1, "2025-01-13", "stage", "qualify", "discover"),
        change(1, "2025-01-20", "stage", "discover", "propose"),
        change(1, "2025-03-03", "stage", "propose", "closed"),
        change(2, "2025-01-13", "stage", "qualify", "discover"),
        change(2, "2025-01-20", "stage", "discover", "propose"),
        change(2, "2025-02-03", "stage", "propose", "discover"),
        change(2, "2025-03-03", "stage", "discover", "closed"),
        change(3, "2025-03-03", "stage", "qualify", "closed"),
        change(4, "2025-01-13", "stage", "qualify", "discover"),
        change(5, "2025-01-13", "stage", "qualify", "negotiate"),
        change(6, "2025-02-03", "stage", "qualify", "negotiate"),
        change(6, "2025-04-14", "stage", "negotiate", "closed"),
    ]
    return build(opps, history=history)


def test_stage_conversion_counts_the_furthest_stage_of_closed_pipeline_deals():
    team = conversion_team()
    before = unchanged(team)
    r1 = pipeline.stage_conversion(team, rep="R1")
    # furthest: deal 1 won (4), deal 2 propose (2), deal 3 qualify (0)
    assert r1[["stage", "next_stage", "reached", "advanced"]].values.tolist() == [
        ["qualify", "discover", 3, 2],
        ["discover", "propose", 2, 2],
        ["propose", "negotiate", 2, 1],
        ["negotiate", "won", 1, 1],
    ]
    assert r1["conversion"].tolist() == [2 / 3, 1.0, 0.5, 1.0]
    assert_unchanged(team, before)


def test_stage_conversion_groups_and_quarter_filter():
    team = conversion_team()
    both = pipeline.stage_conversion(team, by=None)
    assert both["reached"].tolist() == [4, 3, 3, 2] and both["advanced"].tolist() == [3, 3, 2, 1]
    q2 = pipeline.stage_conversion(team, quarter=Q2, by="quarter")
    assert q2["quarter"].unique().tolist() == [Q2]
    assert q2["reached"].tolist() == [1, 1, 1, 1] and q2["advanced"].tolist() == [1, 1, 1, 0]
    # a group whose deals never got to a stage shows missing conversion, with reached = 0 saying why
    lost_early = build([deal(1, "R1", "2025-01-06", 1, closed_on="2025-02-03", outcome="lost")],
                       history=[change(1, "2025-02-03", "stage", "qualify", "closed")])
    r1_q1 = pipeline.stage_conversion(lost_early)
    assert r1_q1["reached"].tolist() == [1, 0, 0, 0] and r1_q1["conversion"].isna().tolist() == [False, True, True, True]


def test_stage_conversion_bad_input():
    team = conversion_team()
    without_history = Team(**{**team.__dict__, "opp_history": Team().opp_history})
    with pytest.raises(ValueError, match="no stage history"):
        pipeline.stage_conversion(without_history)
    with pytest.raises(ValueError, match="choose 'rep_id', 'quarter' or None"):
        pipeline.stage_conversion(team, by="source")
    with pytest.raises(ValueError, match="no deals closed for rep R2 in 2025Q1"):
        pipeline.stage_conversion(team, rep="R2", quarter=Q1)


# -- velocity -----------------------------------------------------------------------------


Q1_OPEN = 34 / 13  # R1's average open deals in Q1 (see velocity_team)


def velocity_team():
    # Open deals, R1, Q1: deals 7 and 8 every Monday (13 x 2) plus deal 2 on the 8 Mondays
    # 13 January to 3 March: (26 + 8) / 13 = 34/13 on average. Q2: deals 7, 8, 10, 11 every Monday: 4.
    # Closed in Q1: won 100 (30 days), lost (60 days), no decision (90 days) -> win rate 1/3 (no
    # decision stays in the denominator), won size 100, median cycle 60 (all closed deals, not the
    # won one only: that would say 30). Velocity = 34/13 x 100 x 1/3 / 60.
    # Closed in Q2: won 200 (40 days), won 100 (80 days) -> win rate 1, size 150, cycle 60;
    # velocity = 4 x 150 x 1 / 60 = 10. R2 has deal 9 open every Monday and closes nothing.
    opps = [
        deal(1, "R1", "2025-01-06", 100, closed_on="2025-02-05", outcome="won"),
        deal(2, "R1", "2025-01-06", 50, closed_on="2025-03-07", outcome="lost"),
        deal(3, "R1", "2025-01-06", 70, closed_on="2025-04-06", outcome="no_decision"),
        deal(4, "R1", "2025-01-20", 10, closed_on="2025-01-27", outcome="disqualified"),
        deal(5, "R1", "2025-03-24", 200, closed_on="2025-05-03", outcome="won"),
        deal(6, "R1", "2025-03-24", 100, closed_on="2025-06-12", outcome="won"),
        deal(7, "R1", "2024-12-02", 100, stage="discover", close_date="2025-08-04"),
        deal(8, "R1", "2024-12-02", 100, stage="discover", close_date="2025-08-04"),
        deal(9, "R2", "2024-12-02", 100, stage="discover", close_date="2025-08-04"),
        deal(10, "R1", "2025-03-31", 100, stage="discover", close_date="2025-08-04"),
        deal(11, "R1", "2025-03-31", 100, stage="discover", close_date="2025-08-04"),
    ]
    always = [(7, "R1", "discover", 100, "2025-08-04"), (8, "R1", "discover", 100, "2025-08-04"),
              (9, "R2", "discover", 100, "2025-08-04")]
    snaps = [
        *weekly("2025-01-06", "2025-06-30", *always),
        *weekly("2025-01-13", "2025-03-03", (2, "R1", "qualify", 50, "2025-03-07")),
        *weekly("2025-04-07", "2025-06-30", (10, "R1", "qualify", 100, "2025-08-04"),
                (11, "R1", "qualify", 100, "2025-08-04")),
    ]
    return build(opps, snaps)


def test_average_open_deals_counts_empty_mondays_and_partial_quarters():
    team = velocity_team()
    out = pipeline.average_open_deals(team)
    assert out.columns.tolist() == ["rep_id", "quarter", "mondays", "open_deals"]
    assert out["open_deals"].tolist() == pytest.approx([Q1_OPEN, 4.0, 1.0, 1.0])
    # Snapshots stopping after 5 Mondays of Q2 (7 April to 5 May): the mean is over those 5.
    # R2's deal 9 appears on 2 of them only (7 and 14 April): 2/5; R1 has 4 on each: 4.
    snaps = team.snapshots[(team.snapshots["as_of"] <= "2025-05-05")
                           & ~((team.snapshots["opp_id"] == 9) & (team.snapshots["as_of"] >= "2025-04-21"))]
    short = Team.build(quotas=team.quotas, opportunities=team.opportunities, snapshots=snaps)
    q2 = pipeline.average_open_deals(short, quarter=Q2)
    assert q2["mondays"].tolist() == [5, 5] and q2["open_deals"].tolist() == pytest.approx([4.0, 2 / 5])


def test_velocity_by_hand_with_no_decision_and_survivorship_traps():
    team = velocity_team()
    before = unchanged(team)
    out = pipeline.velocity(team, rep="R1")
    assert out["open_deals"].tolist() == pytest.approx([Q1_OPEN, 4.0])
    assert out["win_rate"].tolist() == pytest.approx([1 / 3, 1.0])
    assert out["average_won_size"].tolist() == [100.0, 150.0]
    assert out["median_cycle_days"].tolist() == [60.0, 60.0]
    assert out["velocity"].tolist() == pytest.approx([Q1_OPEN * 100 / 3 / 60, 10.0])
    assert_unchanged(team, before)


def test_velocity_uses_the_deal_metrics_definitions():
    team = velocity_team()
    row = pipeline.velocity(team, rep="R1", quarter=Q1).iloc[0]
    assert row["win_rate"] == deals.win_rate(team, rep="R1", quarter=Q1)
    assert row["average_won_size"] == deals.average_won_size(team, rep="R1", quarter=Q1)
    assert row["median_cycle_days"] == deals.cycle_length(team, rep="R1", quarter=Q1)


def test_velocity_missing_only_where_counts_say_why_and_error_when_nothing():
    team = velocity_team()
    out = pipeline.velocity(team)
    r2 = out[out["rep_id"] == "R2"]
    assert r2["open_deals"].tolist() == [1.0, 1.0] and r2["won"].tolist() == [0, 0] and r2["velocity"].isna().all()
    with pytest.raises(ValueError, match="no velocity for rep R2: it needs at least one deal won"):
        pipeline.velocity(team, rep="R2")


def test_velocity_change_parts_add_up_to_the_log_change():
    team = velocity_team()
    out = pipeline.velocity_change(team, "R1", Q1, Q2)
    row = out.iloc[0]
    assert row["open_deals_effect"] == pytest.approx(math.log(4 / Q1_OPEN))
    assert row["deal_size_effect"] == pytest.approx(math.log(150 / 100))
    assert row["win_rate_effect"] == pytest.approx(math.log(1 / (1 / 3)))
    assert row["cycle_effect"] == pytest.approx(0.0)
    v_q1 = Q1_OPEN * 100 / 3 / 60
    assert row["total_change"] == pytest.approx(math.log(10 / v_q1))
    parts = row[["open_deals_effect", "deal_size_effect", "win_rate_effect", "cycle_effect"]].sum()
    assert parts == pytest.approx(row["total_change"])
    assert (row["velocity_from"], row["velocity_to"]) == pytest.approx((v_q1, 10.0))
    back = pipeline.velocity_change(team, "R1", Q2, Q1).iloc[0]
    assert back["total_change"] == pytest.approx(-row["total_change"])


def test_velocity_change_in_percent_multiplies_up_to_the_change():
    """percent=True gives exp(part) - 1: the change each lever alone caused; the parts multiply."""
    team = velocity_team()
    logs = pipeline.velocity_change(team, "R1", Q1, Q2).iloc[0]
    pct = pipeline.velocity_change(team, "R1", Q1, Q2, percent=True).iloc[0]
    columns = ["open_deals_effect", "deal_size_effect", "win_rate_effect", "cycle_effect"]
    assert pct[columns].astype(float).tolist() == pytest.approx(np.expm1(logs[columns].astype(float)).tolist())
    assert pct["deal_size_effect"] == pytest.approx(0.5)  # won size 100 -> 150
    assert pct["win_rate_effect"] == pytest.approx(2.0)  # win rate 1/3 -> 1: three times as fast
    assert np.prod(1 + pct[columns].astype(float)) - 1 == pytest.approx(pct["total_change"])
    assert pct["total_change"] == pytest.approx(pct["velocity_to"] / pct["velocity_from"] - 1)


def test_velocity_change_bad_input():
    team = velocity_team()
    with pytest.raises(ValueError, match="cannot split the velocity change for rep R2"):
        pipeline.velocity_change(team, "R2", Q1, Q2)
    with pytest.raises(ValueError, match="unknown quarter '2024Q4'"):
        pipeline.velocity_change(team, "R1", "2024Q4", Q2)
    everyone = pipeline.velocity_change(team, None, Q1, Q2)
    assert everyone["rep_id"].tolist() == ["R1", "R2"] and np.isnan(everyone["total_change"].iloc[1])


def test_velocity_formula():
    assert pipeline.velocity_of(10, 50_000, 0.25, 100) == 1250.0


# -- ageing and zombies -------------------------------------------------------------------


def zombie_team():
    # Looking on Monday 2025-03-03 (day 56 of Q1):
    # deal 1: last stage change 2025-01-17 -> 45 days in stage: NOT stale (rule is more than 45);
    #         pushed 3 times -> not a zombie.
    # deal 2: last stage change 2025-01-16 -> 46 days: stale; pushed twice (a pull-in does not count,
    #         a third push comes after the date and does not count either) -> zombie.
    # deal 3: created 2025-01-06, no stage change -> 56 days: stale; close date 2025-02-28 passed -> zombie.
    # deal 4: stale (56 days) but pushed once and close date ahead -> not a zombie.
    # Changes dated Monday 3 March itself come after that Monday's snapshot and do not count.
    opps = [deal(i, "R1", "2025-01-06", 10 * i, close_date="2025-05-05") for i in (1, 2, 3, 4)]
    history = [
        change(1, "2025-01-17", "stage", "qualify", "discover"),
        *[change(1, d, "close_date", a, b) for d, a, b in [
            ("2025-01-20", "2025-03-01", "2025-03-15"), ("2025-02-03", "2025-03-15", "2025-04-01"),
            ("2025-02-10", "2025-04-01", "2025-05-05")]],
        change(2, "2025-01-16", "stage", "qualify", "discover"),
        change(2, "2025-01-20", "close_date", "2025-03-01", "2025-03-20"),
        change(2, "2025-01-27", "close_date", "2025-03-20", "2025-03-10"),  # pulled in: not a push
        change(2, "2025-02-03", "close_date", "2025-03-10", "2025-04-01"),
        change(2, "2025-03-10", "close_date", "2025-04-01", "2025-05-05"),  # after the date
        change(4, "2025-01-20", "close_date", "2025-03-01", "2025-05-05"),
        change(3, "2025-03-03", "stage", "qualify", "discover"),  # on the Monday: after its snapshot
        change(1, "2025-03-03", "close_date", "2025-05-05", "2025-05-12"),  # likewise
    ]
    snaps = [
        snap("2025-03-03", 1, "R1", "discover", 10, "2025-05-05"),
        snap("2025-03-03", 2, "R1", "discover", 20, "2025-04-01"),
        snap("2025-03-03", 3, "R1", "qualify", 30, "2025-02-28"),
        snap("2025-03-03", 4, "R2", "qualify", 40, "2025-05-05"),
        snap("2025-04-07", 1, "R1", "discover", 10, "2025-05-12"),
        snap("2025-04-07", 4, "R2", "qualify", 40, "2025-05-05"),
    ]
    return build(opps, snaps, history)


def test_ageing_applies_the_documented_rule_without_look_ahead():
    team = zombie_team()
    before = unchanged(team)
    out = pipeline.ageing(team, "2025-03-03")
    assert out["opp_id"].tolist() == [1, 2, 3, 4]
    assert out["days_in_stage"].tolist() == [45, 46, 56, 56]
    assert out["pushes"].tolist() == [3, 2, 0, 1]
    assert out["close_date_passed"].tolist() == [False, False, True, False]
    assert out["is_zombie"].tolist() == [False, True, True, False]
    assert pipeline.zombies(team, "2025-03-05", rep="R1")["opp_id"].tolist() == [2, 3]
    assert_unchanged(team, before)


def test_ageing_defaults_to_the_last_snapshot():
    out = pipeline.ageing(zombie_team())
    assert out["as_of"].unique().tolist() == [pd.Timestamp("2025-04-07")]
    assert out["days_in_stage"].tolist() == [80, 91] and out["is_zombie"].tolist() == [True, False]


def test_zombie_rule_constants_are_the_documented_ones():
    assert (pipeline.ZOMBIE_STALE_DAYS, pipeline.ZOMBIE_MIN_PUSHES) == (45, 2)
    assert "45" in pipeline.ageing.__doc__ and "2" in pipeline.ageing.__doc__


def test_quality_coverage_sets_zombies_aside():
    # On Q2's first day deal 1 (10, due in Q2) has been in discover 80 days with 3 pushes: zombie.
    team = zombie_team()
    out = pipeline.quality_coverage(team, quarter=Q2)
    assert out[["rep_id", "pipeline", "zombie_deals", "zombie_pipeline", "quality_pipeline"]].values.tolist() == [
        ["R1", 10.0, 1, 10.0, 0.0], ["R2", 40.0, 0, 0.0, 40.0]]
    assert out["coverage"].tolist() == [0.1, 0.4] and out["quality_coverage"].tolist() == [0.0, 0.4]
    raw = pipeline.coverage(team, quarter=Q2)
    assert out["coverage"].tolist() == raw["coverage"].tolist()


# -- slippage and required coverage -----------------------------------------------------


def slippage_team():
    # Due in Q1 on its first day (6 January), R1: deals 1-4.
    #   1: pushed in Q1 from 02-03 to 03-03 (28 days), won in Q1 -> not slipped
    #   2: lost in Q1 -> closed, not slipped (a loss is not a slip)
    #   3: pushed within Q1 (03-10 -> 03-24, 14 days) then out of Q1 (03-24 -> 04-21, 28 days), won in Q2 -> slipped
    #   4: never pushed, still open at the end (close date just left to pass) -> slipped
    #   5: due in Q2 on 6 January: not in Q1's cohort; its push in Q1 does not count
    #   6: created mid-Q1: not in the first-day cohort
    #   1 also had a push in December (before Q1): does not count.
    opps = [
        deal(1, "R1", "2024-12-02", 100, closed_on="2025-03-03", outcome="won"),
        deal(2, "R1", "2025-01-06", 200, closed_on="2025-02-10", outcome="lost"),
        deal(3, "R1", "2025-01-06", 300, closed_on="2025-04-21", outcome="won"),
        deal(4, "R1", "2025-01-06", 400, stage="qualify", close_date="2025-03-17"),
        deal(5, "R1", "2025-01-06", 500, stage="qualify", close_date="2025-06-02"),
        deal(6, "R1", "2025-02-03", 600, stage="qualify", close_date="2025-03-03"),
    ]
    history = [
        change(1, "2024-12-09", "close_date", "2025-01-13", "2025-02-03"),
        change(1, "2025-01-20", "close_date", "2025-02-03", "2025-03-03"),
        change(3, "2025-02-03", "close_date", "2025-03-10", "2025-03-24"),
        change(3, "2025-03-17", "close_date", "2025-03-24", "2025-04-21"),
        change(5, "2025-02-03", "close_date", "2025-05-05", "2025-06-02"),
    ]
    snaps = [
        snap("2025-01-06", 1, "R1", "propose", 100, "2025-02-03"),
        snap("2025-01-06", 2, "R1", "qualify", 200, "2025-03-31"),
        snap("2025-01-06", 3, "R1", "qualify", 300, "2025-03-10"),
        snap("2025-01-06", 4, "R1", "qualify", 400, "2025-03-17"),
        snap("2025-01-06", 5, "R1", "qualify", 500, "2025-05-05"),
        snap("2025-03-31", 4, "R1", "qualify", 400, "2025-03-17"),
    ]
    return build(opps, snaps, history, quarters=(Q1, Q2))


def test_slippage_by_hand():
    team = slippage_team()
    before = unchanged(team)
    out = pipeline.slippage(team, rep="R1")
    assert out.columns.tolist() == ["rep_id", "quarter", "deals", "amount", "pushes", "pushes_per_deal",
                                    "avg_push_days", "slipped", "slip_rate", "slipped_amount"]
    row = out.iloc[0]
    assert out["quarter"].tolist() == [Q1]  # Q2 is not finished: the snapshots stop on 31 March
    assert (row["deals"], row["amount"], row["pushes"]) == (4, 1000.0, 3)
    assert row["pushes_per_deal"] == 0.75 and row["avg_push_days"] == pytest.approx((28 + 14 + 28) / 3)
    assert (row["slipped"], row["slip_rate"], row["slipped_amount"]) == (2, 0.5, 700.0)
    assert_unchanged(team, before)


def test_slippage_needs_a_finished_quarter_and_reports_empty_cohorts():
    team = slippage_team()
    with pytest.raises(ValueError, match="no pipeline snapshot for the whole of 2025Q2"):
        pipeline.slippage(team, quarter=Q2)
    r2 = pipeline.slippage(team, rep="R2").iloc[0]
    assert r2["deals"] == 0 and np.isnan(r2["slip_rate"]) and np.isnan(r2["avg_push_days"])


def test_required_coverage_formula():
    assert pipeline.required_coverage(1 / 3) == pytest.approx(3.0)
    assert pipeline.required_coverage(0.25, 0.2) == pytest.approx(5.0)
    assert pipeline.required_coverage(0.0) == math.inf and pipeline.required_coverage(0.5, 1.0) == math.inf
    series = pipeline.required_coverage(pd.Series([0.5, 0.25], index=["R1", "R2"]), pd.Series([0.5, 0.0], index=["R1", "R2"]))
    assert series.to_dict() == {"R1": 4.0, "R2": 4.0}
    with pytest.raises(ValueError, match="win_rate must be a fraction from 0 to 1"):
        pipeline.required_coverage(1.2)
    with pytest.raises(ValueError, match="slip_rate must be a fraction"):
        pipeline.required_coverage(0.5, -0.1)


def test_coverage_needed_uses_the_reps_own_rates():
    # R1 closed in Q1 (the only finished quarter): deal 1 won, deal 2 lost -> win rate 1/2
    # (deal 3 closed in Q2 and is not pooled)
    # Slip rate 2 of 4 -> required 1 / (0.5 x 0.5) = 4x; coverage on 6 January 1000 / 100 = 10x.
    out = pipeline.coverage_needed(slippage_team(), rep="R1")
    assert out.columns.tolist() == ["rep_id", "quarters", "win_rate", "slip_rate", "required_coverage",
                                    "rule_of_thumb", "average_coverage"]
    assert out.iloc[0].tolist() == ["R1", 1, 0.5, 0.5, 4.0, 3.0, 10.0]


# -- a list of quarters ---------------------------------------------------------------------


def history_team():
    # Three finished quarters for R1 (snapshots every Monday to 29 September, Q3's last week).
    # Due on each quarter's first day, and what became of them:
    #   Q1 (6 Jan):  deal 1 (100, due 02-03) won 02-10; deal 2 (200, due 03-03) pushed on
    #                03-24 to 05-05, lost 05-05 -> slipped.          coverage 300 / 100 = 3.0
    #   Q2 (7 Apr):  deal 2 (200, due 05-05) lost 05-05; deal 3 (50, due 06-02) no decision
    #                06-30. Nothing slipped.                          coverage 250 / 100 = 2.5
    #   Q3 (7 Jul):  deal 4 (300, due 08-04) still open at the end -> slipped; deal 5 (100,
    #                due 09-01) won 09-01.                            coverage 400 / 100 = 4.0
    # Deal 6 (80) was created in Q3 and lost in it: in the win rate, in no first-day pipeline.
    # Closed: Q1 won 1; Q2 lost 1, no decision 1; Q3 won 1, lost 1.
    opps = [
        deal(1, "R1", "2024-12-02", 100, closed_on="2025-02-10", outcome="won"),
        deal(2, "R1", "2024-12-02", 200, closed_on="2025-05-05", outcome="lost"),
        deal(3, "R1", "2025-03-03", 50, closed_on="2025-06-30", outcome="no_decision"),
        deal(4, "R1", "2025-06-02", 300, stage="qualify", close_date="2025-08-04"),
        deal(5, "R1", "2025-06-02", 100, closed_on="2025-09-01", outcome="won"),
        deal(6, "R1", "2025-07-14", 80, closed_on="2025-08-18", outcome="lost"),
    ]
    history = [change(2, "2025-03-24", "close_date", "2025-03-03", "2025-05-05")]
    snaps = [
        snap("2025-01-06", 1, "R1", "discover", 100, "2025-02-03"),
        snap("2025-01-06", 2, "R1", "discover", 200, "2025-03-03"),
        snap("2025-04-07", 2, "R1", "propose", 200, "2025-05-05"),
        snap("2025-04-07", 3, "R1", "qualify", 50, "2025-06-02"),
        snap("2025-07-07", 4, "R1", "qualify", 300, "2025-08-04"),
        snap("2025-07-07", 5, "R1", "propose", 100, "2025-09-01"),
        snap("2025-09-29", 4, "R1", "qualify", 300, "2025-08-04"),
    ]
    return build(opps, snaps, history, reps=("R1",), quarters=(Q1, Q2, Q3))


def test_coverage_and_slippage_show_each_listed_quarter():
    team = history_team()
    cover = pipeline.coverage(team, quarter=[Q3, Q1])
    assert cover[["quarter", "pipeline", "coverage"]].values.tolist() == [[Q1, 300.0, 3.0], [Q3, 400.0, 4.0]]
    slips = pipeline.slippage(team, quarter=[Q1, Q2])
    assert slips[["quarter", "deals", "pushes", "slipped", "slip_rate"]].values.tolist() == [
        [Q1, 2, 1, 1, 0.5], [Q2, 2, 0, 0, 0.0]]


def test_coverage_needed_pools_the_listed_quarters_by_hand():
    team = history_team()
    before = unchanged(team)
    # Q1-Q2: won 1 of 3 decided (won, lost, no decision); 1 of 4 first-day deals slipped.
    # 1 / (1/3 x 3/4) = 4.0x; coverage 3.0 and 2.5 -> 2.75 on average.
    known = pipeline.coverage_needed(team, quarter=[Q1, Q2]).iloc[0]
    assert known["quarters"] == 2
    assert known["win_rate"] == pytest.approx(1 / 3) and known["slip_rate"] == pytest.approx(1 / 4)
    assert known["required_coverage"] == pytest.approx(4.0) and known["average_coverage"] == pytest.approx(2.75)
    # All three: won 2 of 5, 2 of 6 slipped -> 1 / (2/5 x 2/3) = 3.75x: hindsight changes the answer.
    everything = pipeline.coverage_needed(team).iloc[0]
    assert everything["quarters"] == 3 and everything["required_coverage"] == pytest.approx(3.75)
    # The win rate is the deal module's, over the same quarters (one selection path).
    assert known["win_rate"] == deals.win_rate(team, rep="R1", quarter=[Q1, Q2])
    assert_unchanged(team, before)


@pytest.mark.parametrize(
    "measure",
    [pipeline.coverage, pipeline.slippage, pipeline.coverage_needed, pipeline.quality_coverage,
     lambda t, rep, quarter: pipeline.stage_conversion(t, rep, quarter, by=None)],
)
@pytest.mark.parametrize("quarter", [Q1, Q2, Q3])
def test_a_list_of_one_quarter_is_that_quarter(measure, quarter):
    team = history_team()
    pd.testing.assert_frame_equal(measure(team, "R1", [quarter]), measure(team, "R1", quarter))


def test_a_list_in_any_order_with_repeats_is_the_same_selection():
    team = history_team()
    pd.testing.assert_frame_equal(pipeline.coverage_needed(team, quarter=[Q2, Q1, Q2]),
                                  pipeline.coverage_needed(team, quarter=[Q1, Q2]))


def test_a_bad_quarter_list_says_what_is_valid():
    team = history_team()
    with pytest.raises(ValueError, match="unknown quarter '2025Q9'; valid quarters: 2025Q1, 2025Q2, 2025Q3"):
        pipeline.coverage_needed(team, quarter=[Q1, "2025Q9"])
    with pytest.raises(ValueError, match="unknown quarter '2025Q4'; valid quarters: 2025Q1, 2025Q2, 2025Q3"):
        pipeline.coverage(team, quarter=("2025Q4",))
    with pytest.raises(ValueError, match="the quarter filter is empty; valid quarters: 2025Q1, 2025Q2, 2025Q3"):
        pipeline.slippage(team, quarter=[])
    # every listed quarter must be finished: slippage_team's snapshots stop on 31 March
    with pytest.raises(ValueError, match="no pipeline snapshot for the whole of 2025Q2"):
        pipeline.coverage_needed(slippage_team(), quarter=[Q1, Q2])


def test_tiny_team_examples_agree_with_the_module_docstrings():
    team = tiny_team()
    assert pipeline.coverage(team)["coverage"].tolist() == [0.0, 1.9, 0.0, 0.9]
    assert pipeline.zombies(team, "2025-04-07")["opp_id"].tolist() == [3]


# -- the simulated lesson team ------------------------------------------------------------



def test_northwind_coverage_and_quality_coverage(northwind):
    before = unchanged(northwind)
    raw = pipeline.coverage(northwind)
    assert len(raw) == len(northwind.rep_ids) * len(northwind.quarters)
    assert (raw["coverage"] >= 0).all() and raw["coverage"].notna().all()
    first = northwind.quarters[3]
    start, end = northwind.quarter_bounds(first)
    due = pipeline.open_pipeline(northwind, start)
    due = due[(due["close_date"] >= start) & (due["close_date"] < end)]
    assert raw.loc[raw["quarter"] == first, "pipeline"].sum() == pytest.approx(due["amount"].sum())
    quality = pipeline.quality_coverage(northwind)
    assert (quality["quality_coverage"] <= quality["coverage"] + 1e-12).all()
    assert quality["coverage"].tolist() == raw["coverage"].tolist()
    assert_unchanged(northwind, before)


def test_northwind_stage_conversion_is_a_funnel(northwind):
    conv = pipeline.stage_conversion(northwind)
    assert conv["conversion"].between(0, 1).all()
    for _, rep in conv.groupby("rep_id"):
        assert rep["reached"].is_monotonic_decreasing and (rep["advanced"] <= rep["reached"]).all()


def test_northwind_velocity_is_about_the_money_won_per_day(northwind):
    v = pipeline.velocity(northwind)
    assert (v["velocity"].dropna() > 0).all() and v["open_deals"].gt(0).all()
    per_day = deals.won_amount(northwind) / (91 * len(northwind.quarters))
    assert 0.5 < v.groupby("quarter")["velocity"].sum().mean() / per_day < 2
    change = pipeline.velocity_change(northwind, None, northwind.quarters[1], northwind.quarters[-1])
    ok = change.dropna()
    assert len(ok) >= len(change) // 2
    parts = ok[["open_deals_effect", "deal_size_effect", "win_rate_effect", "cycle_effect"]].sum(axis=1)
    assert np.allclose(parts, ok["total_change"])
    assert np.allclose(np.exp(ok["total_change"]), ok["velocity_to"] / ok["velocity_from"])


def test_northwind_zombies_rarely_win(northwind):
    starts = [northwind.quarter_bounds(q)[0] for q in northwind.quarters[1:]]
    flagged = pd.concat([pipeline.ageing(northwind, s) for s in starts], ignore_index=True)
    outcome = flagged["opp_id"].map(northwind.opportunities.set_index("opp_id")["outcome"])
    zombie = flagged["is_zombie"]
    assert zombie.sum() > 20
    won, stalled = outcome.eq("won"), outcome.eq("no_decision")
    assert won[zombie].mean() < 0.75 * won[~zombie].mean()
    assert stalled[zombie].mean() > 1.5 * stalled[~zombie].mean()


def test_northwind_slippage_and_needed_coverage(northwind):
    slips = pipeline.slippage(northwind)
    assert slips["slip_rate"].dropna().between(0, 1).all() and (slips["pushes"] >= 0).all()
    needed = pipeline.coverage_needed(northwind)
    assert needed["rep_id"].tolist() == northwind.rep_ids
    assert (needed["required_coverage"] >= 1).all()
    expected = 1 / (needed["win_rate"] * (1 - needed["slip_rate"]))
    assert np.allclose(needed["required_coverage"], expected)


def test_poor_hygiene_shows_as_zombies_and_slippage(northwind):
    from sefkit import simulate

    messy = simulate("zombie_pipeline", seed=0)

    def shares(team):
        q, s = pipeline.quality_coverage(team), pipeline.slippage(team)
        return q["zombie_pipeline"].sum() / q["pipeline"].sum(), s["slipped"].sum() / s["deals"].sum()

    (zombie_clean, slip_clean), (zombie_messy, slip_messy) = shares(northwind), shares(messy)
    assert zombie_messy > 1.5 * zombie_clean and slip_messy > slip_clean


def test_won_vs_coverage_splits_the_won_money_by_what_coverage_counted():
    """Money from deals due on the first day + due later + created during the quarter = the money won."""
    out = pipeline.won_vs_coverage(tiny_team())
    assert out.columns.tolist() == ["rep_id", "quarter", "won_amount", "won_due", "won_not_due", "won_new",
                                    "not_due_share"]
    # Q1: deals 1 (R01) and 7 (R02) were created after the first snapshot; Q2: R01's deal 5 was due
    assert out["won_new"].tolist() == [40_000, 0, 50_000, 0]
    assert out["won_due"].tolist() == [0, 60_000, 0, 0]
    assert out["not_due_share"].tolist()[:3] == [1.0, 0.0, 1.0] and np.isnan(out["not_due_share"].iloc[3])


def test_won_vs_coverage_on_northwind_matches_won_amount_and_coverage(northwind):
    out = pipeline.won_vs_coverage(northwind)
    parts = out[["won_due", "won_not_due", "won_new"]].sum(axis=1)
    assert np.allclose(parts, out["won_amount"])
    for q in ("2025Q3", "2026Q2"):
        rows = out[out["quarter"] == q]
        assert rows["won_amount"].sum() == pytest.approx(deals.won_amount(northwind, quarter=q))
        # what was won from the due pipeline cannot exceed that pipeline (deals may be rescoped, so allow 50%)
        cov = pipeline.coverage(northwind, quarter=q)
        assert rows["won_due"].sum() <= 1.5 * cov["pipeline"].sum()
    assert 0 < out["won_new"].sum() < out["won_amount"].sum()
    assert out["won_not_due"].sum() > 0


def test_coverage_deals_due_counts_the_deals_coverage_sums(northwind):
    """coverage's deals_due (due this quarter) is not velocity's open_deals (every open deal, averaged)."""
    cov = pipeline.coverage(northwind, quarter="2026Q2").set_index("rep_id")
    first_day = northwind.quarter_bounds("2026Q2")[0]
    open_now = pipeline.open_pipeline(northwind, first_day)
    end = northwind.quarter_bounds("2026Q2")[1]
    due = open_now[(open_now["close_date"] >= first_day) & (open_now["close_date"] < end)]
    assert cov["deals_due"].to_dict() == due.groupby("rep_id").size().reindex(cov.index, fill_value=0).to_dict()
    vel = pipeline.velocity(northwind, quarter="2026Q2").set_index("rep_id")
    # the two counts are different things, so for most reps they differ
    assert (vel["open_deals"] != cov["deals_due"]).mean() > 0.5


# -- the reps together: team coverage, zombie share ---------------------------------

def test_team_coverage_adds_pipeline_and_quota_up_before_dividing(northwind):
    per_rep = pipeline.coverage(northwind)
    team = pipeline.team_coverage(northwind).set_index("quarter")
    assert list(team.index) == list(dict.fromkeys(per_rep["quarter"]))
    for quarter, rows in per_rep.groupby("quarter"):
        assert team.loc[quarter, "deals_due"] == rows["deals_due"].sum()
        assert team.loc[quarter, "coverage"] == pytest.approx(rows["pipeline"].sum() / rows["quota"].sum())
    pooled = pipeline.team_coverage(northwind, by=None)
    assert len(pooled) == 1 and "quarter" not in pooled
    assert pooled["coverage"].iloc[0] == pytest.approx(per_rep["pipeline"].sum() / per_rep["quota"].sum())
    two = pipeline.team_coverage(northwind, rep=["R01", "R02"], quarter="2025Q3", by=None)
    rows = per_rep[per_rep["rep_id"].isin(["R01", "R02"]) & (per_rep["quarter"] == "2025Q3")]
    assert two["coverage"].iloc[0] == pytest.approx(rows["pipeline"].sum() / rows["quota"].sum())
    with pytest.raises(ValueError, match="choose by='quarter' or None"):
        pipeline.team_coverage(northwind, by="rep_id")


def test_zombie_share_per_rep_per_quarter_and_pooled(northwind):
    qc = pipeline.quality_coverage(northwind)
    for by in ("rep_id", "quarter"):
        got = pipeline.zombie_share(northwind, by=by).set_index(by)["zombie_share"]
        sums = qc.groupby(by)[["zombie_pipeline", "pipeline"]].sum()
        assert got.to_dict() == pytest.approx((sums["zombie_pipeline"] / sums["pipeline"]).to_dict())
    one = pipeline.zombie_share(northwind, by=None)
    assert list(one.columns) == ["zombie_deals", "zombie_pipeline", "pipeline", "zombie_share"]
    assert 0 < one["zombie_share"].iloc[0] < 1
    assert one["zombie_share"].iloc[0] == pytest.approx(qc["zombie_pipeline"].sum() / qc["pipeline"].sum())
    assert one["zombie_deals"].iloc[0] == qc["zombie_deals"].sum()


def test_zombie_share_is_missing_without_pipeline():
    shares = pipeline.zombie_share(tiny_team(), by="quarter").set_index("quarter")["zombie_share"]
    assert math.isnan(shares["2025Q1"])  # nothing was due on 2025Q1's first day
    assert shares["2025Q2"] == pytest.approx(50_000 / 280_000)


def test_pooled_coverage_bad_input():
    table = pipeline.coverage(tiny_team())
    with pytest.raises(ValueError, match="cannot pool coverage by 'week'"):
        pipeline.pooled_coverage(table, by="week")
    with pytest.raises(ValueError, match=r"this one has no \['pipeline'\]"):
        pipeline.pooled_coverage(table.drop(columns="pipeline"), by=None)


# -- close-out lag -------------------------------------------------------------------------

def _dark_team(**extra):
    from builders import call

    opps = [
        # R01: deal 1 went dark after a call on 3 Feb, closed out 3 Mar (28 days); deal 2 from its creation
        # on 6 Jan to 20 Jan (14 days, never called); deal 3 ended at a decision (status quo): not counted
        deal(1, "R01", "2025-01-06", outcome="no_decision", closed_on="2025-03-03", loss_reason="went_dark"),
        deal(2, "R01", "2025-01-06", outcome="no_decision", closed_on="2025-01-20", loss_reason="went_dark"),
        deal(3, "R01", "2025-01-06", outcome="no_decision", closed_on="2025-02-10", loss_reason="status_quo"),
        # R02: deal 4 went dark, closed out in 2025Q2, 70 days after its last call
        deal(4, "R02", "2025-01-06", outcome="no_decision", closed_on="2025-04-14", loss_reason="went_dark"),
    ]
    calls = [call(1, "R01", "2025-01-13"), call(1, "R01", "2025-02-03"), call(3, "R01", "2025-02-10"),
             call(4, "R02", "2025-02-03")]
    return make_team(opps, calls=calls, **extra)


def test_close_out_lag_times_went_dark_deals_from_their_last_call():
    lag = pipeline.close_out_lag(_dark_team()).set_index("rep_id")
    assert lag.loc["R01"].tolist() == [2, 21.0]  # (28 + 14) / 2
    assert lag.loc["R02"].tolist() == [1, 70.0]
    by_quarter = pipeline.close_out_lag(_dark_team(), quarter="2025Q1").set_index("rep_id")
    assert by_quarter.loc["R02", "went_dark"] == 0 and pd.isna(by_quarter.loc["R02", "close_out_days"])
    assert pipeline.close_out_lag(_dark_team(), rep="R02")["rep_id"].tolist() == ["R02"]


def test_close_out_lag_refuses_a_team_without_calls_and_unknown_reps():
    team = _dark_team()
    with pytest.raises(ValueError, match="no sales calls at all"):
        pipeline.close_out_lag(Team(**{**team.__dict__, "calls": team.calls.iloc[:0]}))
    with pytest.raises(ValueError, match="R09"):
        pipeline.close_out_lag(team, rep="R09")
