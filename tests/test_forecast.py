"""Forecast accuracy on small hand-built teams; every expected number is worked out by hand here."""

import numpy as np
import pandas as pd
import pytest
from builders import deal, forecast_call, make_team, snap

from sefkit import deals, forecast
from sefkit.data.examples import tiny_team
from sefkit.data.team import OPEN_STAGES

Q1, Q2, Q3 = "2025Q1", "2025Q2", "2025Q3"
# Week 7 Mondays: Q1 2025-02-17, Q2 2025-05-19, Q3 2025-08-18. Q3's last Monday is 2025-09-29.


OPPS = [
    # Q1. Week 7 (17 Feb): won so far deal 4 (40, won 5 Feb). Open and due in Q1: deal 1 (negotiate, 100),
    # deal 2 (qualify, 200); deal 3 (propose, 50) is due in Q2. After week 7: deal 1 won (100), deal 2
    # lost, deal 5 created 20 Feb and won 30 Mar (60). Actual Q1 = 40 + 100 + 60 = 200.
    deal(1, "R1", "2025-01-06", 100, outcome="won", closed_on="2025-03-10"),
    deal(2, "R1", "2025-01-06", 200, outcome="lost", closed_on="2025-03-20"),
    deal(3, "R1", "2025-02-03", 50, outcome="no_decision", closed_on="2025-06-02"),
    deal(4, "R1", "2025-01-06", 40, outcome="won", closed_on="2025-02-05"),
    deal(5, "R1", "2025-02-20", 60, outcome="won", closed_on="2025-03-30"),
    deal(10, "R1", "2025-01-06", 999, outcome="disqualified", closed_on="2025-01-08"),  # never in the pipeline, never won
    # Q2. Week 7 (19 May): won so far deal 7 (80). Open and due: deal 3 (propose, 50, due 30 Apr:
    # passed but still in the quarter) and deal 6 (discover, 150). Later: deal 6 won (150), deal 3 no
    # decision. Actual Q2 = 80 + 150 = 230.
    deal(6, "R1", "2025-04-07", 150, outcome="won", closed_on="2025-06-16"),
    deal(7, "R1", "2025-03-03", 80, outcome="won", closed_on="2025-04-10"),
    # Q3. Week 7 (18 Aug): deal 8 (qualify, 100) due 1 Sep, won then. Actual Q3 = 100.
    deal(8, "R1", "2025-07-07", 100, outcome="won", closed_on="2025-09-01"),
]
SNAPS = [
    snap("2025-02-17", 1, "R1", "negotiate", 100, "2025-03-10"),
    snap("2025-02-17", 2, "R1", "qualify", 200, "2025-03-20"),
    snap("2025-02-17", 3, "R1", "propose", 50, "2025-04-30"),
    snap("2025-05-19", 3, "R1", "propose", 50, "2025-04-30"),
    snap("2025-05-19", 6, "R1", "discover", 150, "2025-06-16"),
    snap("2025-08-18", 8, "R1", "qualify", 100, "2025-09-01"),
    snap("2025-09-29", 99, "R2", "qualify", 1, "2025-12-01"),  # the data runs to Q3's last Monday
]
CALLS = [forecast_call("R1", Q1, 7, 150, 300), forecast_call("R1", Q2, 7, 250), forecast_call("R1", Q3, 7, 0),
         *[forecast_call("R2", q, 7, 0) for q in (Q1, Q2, Q3)]]


def build(opps=OPPS, snaps=SNAPS, calls=CALLS, quarters=(Q1, Q2, Q3)):
    return make_team(opps, reps=("R1", "R2"), quarters=quarters, quota=100.0, snapshots=snaps, forecasts=calls)


def r1(df):
    return df[df["rep_id"] == "R1"].reset_index(drop=True)


def test_commit_against_actual_by_hand():
    team = build()
    before = {k: v.copy() for k, v in team.tables().items()}
    out = forecast.forecast_vs_actual(team, week=7)
    assert out.columns.tolist() == ["rep_id", "quarter", "week", "as_of", "method", "forecast", "actual",
                                    "won_deals", "error", "abs_error"]
    mine = r1(out)
    assert mine["forecast"].tolist() == [150.0, 250.0, 0.0]
    assert mine["actual"].tolist() == [200.0, 230.0, 100.0]  # lost, no-decision, disqualified never count
    assert mine["won_deals"].tolist() == [3, 2, 1]
    assert mine["error"].tolist() == pytest.approx([-0.25, 20 / 230, -1.0])
    assert mine["abs_error"].tolist() == pytest.approx([0.25, 20 / 230, 1.0])
    assert mine["as_of"].dt.strftime("%m-%d").tolist() == ["02-17", "05-19", "08-18"]
    # nothing won: the error is missing and won_deals = 0 says why
    r2 = out[out["rep_id"] == "R2"]
    assert r2["won_deals"].eq(0).all() and r2["error"].isna().all()
    for name, df in team.tables().items():
        pd.testing.assert_frame_equal(df, before[name])


def test_best_case_reads_the_reps_other_call():
    out = r1(forecast.forecast_vs_actual(build(), week=7, quarter=Q1, method="best_case"))
    assert out["forecast"].tolist() == [300.0] and out["error"].tolist() == [0.5]


def test_stage_weighted_by_hand():
    out = r1(forecast.forecast_vs_actual(build(), week=7, method="stage_weighted"))
    # Q1: 40 won + 0.75 x 100 (negotiate) + 0.10 x 200 (qualify); deal 3 is due in Q2 and left out
    # Q2: 80 won + 0.50 x 50 (propose, close date passed but in the quarter) + 0.25 x 150 (discover)
    # Q3: 0 won + 0.10 x 100
    assert out["forecast"].tolist() == pytest.approx([135.0, 142.5, 10.0])
    assert out["error"].tolist() == pytest.approx([-65 / 200, (142.5 - 230) / 230, -0.9])


def test_stage_weights_cover_every_open_stage_and_rise():
    assert list(forecast.STAGE_WEIGHTS) == list(OPEN_STAGES)
    weights = list(forecast.STAGE_WEIGHTS.values())
    assert weights == sorted(weights) and all(0 < w < 1 for w in weights)


def test_history_learns_from_earlier_quarters_only():
    out = r1(forecast.forecast_vs_actual(build(), week=7, method="history"))
    # Q1: no earlier quarter -> missing.
    # Q1 taught: of 300 due in week 7, 160 was won later (100 + 60): ratio 160/300.
    # Q2: 80 won + 160/300 x 200 due (50 + 150).
    # Q2 taught: 150 later wins of 200 due. Q3: 0 + (160 + 150) / (300 + 200) x 100 = 62.
    assert np.isnan(out["forecast"].iloc[0])
    assert out["forecast"].iloc[1:].tolist() == pytest.approx([80 + 160 / 300 * 200, 62.0])


def test_history_window_is_the_last_n_quarters(monkeypatch):
    monkeypatch.setattr(forecast, "HISTORY_QUARTERS", 1)
    out = r1(forecast.forecast_vs_actual(build(), week=7, method="history", quarter=Q3))
    assert out["forecast"].tolist() == pytest.approx([150 / 200 * 100])


def future_variant():
    """The same team as seen up to week 7 of Q1, with a different future after 17 February."""
    opps = [dict(d) for d in OPPS]
    for d in opps:
        if d["opp_id"] == 2:  # deal 2 is won instead of lost, after the as-of date
            d.update(outcome="won", stage="closed")
    opps.append(deal(11, "R1", "2025-02-18", 1000, outcome="won", closed_on="2025-03-03"))  # a big deal created and won later
    snaps = [*SNAPS, snap("2025-02-24", 2, "R1", "negotiate", 250, "2025-03-20"), snap("2025-02-24", 11, "R1", "propose", 1000, "2025-03-03")]
    return build(opps, snaps)


@pytest.mark.parametrize("method", ["commit", "stage_weighted"])
def test_forecasts_never_use_what_happened_after_the_as_of_date(method):
    now, then = build(), future_variant()
    a = r1(forecast.forecast_vs_actual(now, week=7, quarter=Q1, method=method))
    b = r1(forecast.forecast_vs_actual(then, week=7, quarter=Q1, method=method))
    assert a["actual"].iloc[0] != b["actual"].iloc[0]  # the future really differs...
    assert a["forecast"].iloc[0] == b["forecast"].iloc[0]  # ...but the forecast cannot know it


def test_history_forecast_ignores_the_future_of_its_own_quarter():
    # Change only what happens in Q2 after 19 May: Q2's history forecast must not move.
    opps = [dict(d) for d in OPPS] + [deal(12, "R1", "2025-05-20", 500, outcome="won", closed_on="2025-06-02")]
    later = build(opps, [*SNAPS, snap("2025-05-26", 12, "R1", "negotiate", 500, "2025-06-02")])
    a = r1(forecast.forecast_vs_actual(build(), week=7, quarter=Q2, method="history"))
    b = r1(forecast.forecast_vs_actual(later, week=7, quarter=Q2, method="history"))
    assert b["actual"].iloc[0] == a["actual"].iloc[0] + 500
    assert b["forecast"].iloc[0] == pytest.approx(a["forecast"].iloc[0])


def test_a_deal_won_on_the_monday_is_pipeline_not_won_so_far():
    # Deal 4 closes on Monday 17 February itself: the snapshot (start of that day) still shows it open,
    # so it counts once, weighted, and not also as already won.
    opps = [dict(d) for d in OPPS]
    for d in opps:
        if d["opp_id"] == 4:
            d.update(closed_on="2025-02-17", close_date="2025-02-17")
    snaps = [*SNAPS, snap("2025-02-17", 4, "R1", "negotiate", 40, "2025-02-17")]
    out = r1(forecast.forecast_vs_actual(build(opps, snaps), week=7, quarter=Q1, method="stage_weighted"))
    assert out["forecast"].tolist() == pytest.approx([0.75 * 40 + 0.75 * 100 + 0.10 * 200])


def test_accuracy_per_rep():
    out = forecast.forecast_accuracy(build(), week=7)
    # R1 errors -0.25, 20/230, -1.0; R2 never won anything and is left out
    assert out["rep_id"].tolist() == ["R1"] and out["rep_quarters"].tolist() == [3]
    assert out["mean_abs_error"].iloc[0] == pytest.approx((0.25 + 20 / 230 + 1.0) / 3)
    assert out["bias"].iloc[0] == pytest.approx((-0.25 + 20 / 230 - 1.0) / 3)
    with pytest.raises(ValueError, match="no forecast could be scored for rep R2"):
        forecast.forecast_accuracy(build(), rep="R2")


def test_compare_methods_on_the_same_rep_quarters():
    out = forecast.compare_methods(build(), week=7)
    # History has no Q1 forecast, so all three are scored on R1's Q2 and Q3 only.
    assert out["rep_quarters"].tolist() == [2, 2, 2]
    errors = {
        "commit": [20 / 230, -1.0],
        "stage_weighted": [(142.5 - 230) / 230, -0.9],
        "history": [(80 + 160 / 300 * 200 - 230) / 230, -0.38],
    }
    expected = {m: (np.mean(np.abs(e)), np.mean(e)) for m, e in errors.items()}
    got = {row.method: (row.mean_abs_error, row.bias) for row in out.itertuples()}
    assert got == pytest.approx(expected)
    assert out["mean_abs_error"].is_monotonic_increasing
    assert out["method"].tolist() == ["history", "commit", "stage_weighted"]


def test_bad_input_says_what_is_valid():
    team = build()
    with pytest.raises(ValueError, match="week must be a week of the quarter from 1 to 13; got 0"):
        forecast.forecast_vs_actual(team, week=0)
    with pytest.raises(ValueError, match="unknown forecast method 'gut'; valid methods: commit, best_case"):
        forecast.forecast_vs_actual(team, method="gut")
    with pytest.raises(ValueError, match="no forecast calls in week 3 for the whole team; weeks with calls: 7"):
        forecast.forecast_vs_actual(team, week=3)
    with pytest.raises(ValueError, match="unknown rep 'R9'"):
        forecast.forecast_vs_actual(team, rep="R9")
    with pytest.raises(ValueError, match="unknown forecast methods"):
        forecast.compare_methods(team, methods=["commit", "crystal_ball"])
    unfinished = build(snaps=SNAPS[:-1], quarters=(Q1, Q2, Q3))  # data ends 18 August, mid-Q3
    with pytest.raises(ValueError, match="2025Q3 is not finished in this team's data"):
        forecast.forecast_vs_actual(unfinished, quarter=Q3)
    assert forecast.forecast_vs_actual(unfinished)["quarter"].unique().tolist() == [Q1, Q2]


def test_tiny_team_matches_its_documented_calls():
    out = forecast.forecast_vs_actual(tiny_team(), week=7, method="best_case")
    assert out["forecast"].tolist() == [40_000.0, 140_000.0, 50_000.0, 0.0]


# -- the simulated lesson team ------------------------------------------------------------



def test_northwind_actuals_are_the_deal_metric(northwind):
    out = forecast.forecast_vs_actual(northwind)
    assert len(out) == len(northwind.rep_ids) * len(northwind.quarters)
    for row in out.sample(5, random_state=1).itertuples():
        assert row.actual == pytest.approx(deals.won_amount(northwind, rep=row.rep_id, quarter=row.quarter))
    assert (out["forecast"] >= 0).all()


def test_northwind_forecasts_sharpen_as_the_quarter_goes_on(northwind):
    early, late = forecast.compare_methods(northwind, week=1), forecast.compare_methods(northwind, week=13)
    assert sorted(early["method"]) == sorted(forecast.COMPARED)
    assert early["rep_quarters"].nunique() == 1 and early["rep_quarters"].iloc[0] > 40
    early, late = early.set_index("method"), late.set_index("method")
    assert (late["mean_abs_error"].reindex(early.index) < early["mean_abs_error"]).all()


def test_optimistic_forecasters_show_a_bias(northwind):
    from sefkit import simulate

    optimists = simulate("happy_ears", seed=0)
    bias = {name: forecast.forecast_accuracy(team)["bias"].median() for name, team in
            [("northwind", northwind), ("happy_ears", optimists)]}
    assert bias["happy_ears"] > bias["northwind"] + 0.2


# -- call calibration: the rep's commit calls, deal by deal, against the outcomes --------------

def called(as_of, opp_id, category, close_date, rep="R1", amount=10):
    return snap(as_of, opp_id, rep, "discover", amount, close_date, category)


W1_Q1, W1_Q2 = "2025-01-06", "2025-04-07"  # the first Mondays of Q1 and Q2
CAL_OPPS = [
    # Q1's first Monday: R1 has five deals due in Q1 (21-25). Called commit: 21 (won in Q1), 22 (won, but
    # only on 15 April: it slipped into Q2), 23 (lost). 24 was best case and won, 25 pipeline and ended in
    # no decision. 26 was called commit and won in Q1, but its close date then was in Q2: not due, not counted.
    deal(21, "R1", "2024-12-02", 10, outcome="won", closed_on="2025-02-10"),
    deal(22, "R1", "2024-12-02", 10, outcome="won", closed_on="2025-04-15"),
    deal(23, "R1", "2024-12-02", 10, outcome="lost", closed_on="2025-03-01"),
    deal(24, "R1", "2024-12-02", 10, outcome="won", closed_on="2025-03-20"),
    deal(25, "R1", "2024-12-02", 10, outcome="no_decision", closed_on="2025-02-01"),
    deal(26, "R1", "2024-12-02", 10, outcome="won", closed_on="2025-03-05"),
    deal(31, "R2", "2024-12-02", 10, outcome="won", closed_on="2025-03-01"),  # R2: one deal, not committed, won
    # Q2's first Monday: R1 has 22 (commit, won 15 April), 27 (pipeline, won) and 28 (commit, lost) due;
    # 29 is due in Q3. R2 has nothing open.
    deal(27, "R1", "2025-03-10", 10, outcome="won", closed_on="2025-06-01"),
    deal(28, "R1", "2025-03-17", 10, outcome="lost", closed_on="2025-06-10"),
    deal(29, "R1", "2025-03-24", 10, close_date="2025-08-01"),
]
CAL_SNAPS = [
    called(W1_Q1, 21, "commit", "2025-02-10"), called(W1_Q1, 22, "commit", "2025-03-20"),
    called(W1_Q1, 23, "commit", "2025-03-01"), called(W1_Q1, 24, "best_case", "2025-03-20"),
    called(W1_Q1, 25, "pipeline", "2025-02-01"), called(W1_Q1, 26, "commit", "2025-05-01"),
    called(W1_Q1, 31, "pipeline", "2025-03-01", rep="R2"),
    called(W1_Q2, 22, "commit", "2025-04-15"), called(W1_Q2, 27, "pipeline", "2025-05-20"),
    called(W1_Q2, 28, "commit", "2025-06-10"), called(W1_Q2, 29, "best_case", "2025-08-01"),
]
# the week-13 calls of Q2 say the data covers Q2 to its last Monday (30 June), so both quarters are finished
CAL_CALLS = [forecast_call(r, q, w, 0) for q in (Q1, Q2) for w in (1, 13) for r in ("R1", "R2")]


def calibration_team(opps=CAL_OPPS, snaps=CAL_SNAPS):
    return build(opps, snaps, CAL_CALLS, quarters=(Q1, Q2))


def test_call_calibration_by_hand():
    team = calibration_team()
    before = {k: v.copy() for k, v in team.tables().items()}
    out = forecast.call_calibration(team)
    assert out.columns.tolist() == ["rep_id", "quarter", "week", "deals", "committed", "won", "committed_won",
                                    "commit_share", "won_share", "over_call"]
    assert out[["rep_id", "quarter"]].values.tolist() == [["R1", Q1], ["R1", Q2], ["R2", Q1], ["R2", Q2]]
    assert out["week"].eq(1).all()
    # R1 Q1: 5 due (21-25), 3 committed (21, 22, 23), 2 won in Q1 (21, 24), of which 1 committed (21)
    # R1 Q2: 3 due (22, 27, 28), 2 committed (22, 28), 2 won (22, 27), 1 committed and won (22)
    # R2 Q1: 1 due, not committed, won. R2 Q2: nothing due.
    assert out["deals"].tolist() == [5, 3, 1, 0]
    assert out["committed"].tolist() == [3, 2, 0, 0]
    assert out["won"].tolist() == [2, 2, 1, 0]
    assert out["committed_won"].tolist() == [1, 1, 0, 0]
    assert out["commit_share"].iloc[:3].tolist() == pytest.approx([3 / 5, 2 / 3, 0.0])
    assert out["won_share"].iloc[:3].tolist() == pytest.approx([2 / 5, 2 / 3, 1.0])
    assert out["over_call"].iloc[:3].tolist() == pytest.approx([0.2, 0.0, -1.0])
    # no deal due: the shares are missing and deals = 0 says why
    assert out.iloc[3][["commit_share", "won_share", "over_call"]].isna().all()
    for name, df in team.tables().items():
        pd.testing.assert_frame_equal(df, before[name])


def test_call_calibration_pooled_per_rep():
    out = forecast.call_calibration(calibration_team(), by="rep")
    assert out.columns.tolist() == ["rep_id", "week", "deals", "committed", "won", "committed_won",
                                    "commit_share", "won_share", "over_call"]
    # R1: 8 deals over the two quarters (deal 22 counts in each: it was due in both), 5 committed, 4 won:
    # 5/8 - 4/8. Pooling counts deals, not an average of the quarters' over-calls (0.2 and 0).
    assert out["deals"].tolist() == [8, 1] and out["committed"].tolist() == [5, 0] and out["won"].tolist() == [4, 1]
    assert out["over_call"].tolist() == pytest.approx([1 / 8, -1.0])
    q2 = forecast.call_calibration(calibration_team(), quarter=Q2, by="rep")
    assert q2["over_call"].iloc[0] == pytest.approx(0.0) and q2["deals"].tolist() == [3, 0]


def test_call_calibration_never_uses_what_happened_after_the_monday():
    # Another future: deal 23 is won instead of lost, and later snapshots move deal 25 to commit.
    opps = [dict(d) for d in CAL_OPPS]
    for d in opps:
        if d["opp_id"] == 23:
            d.update(outcome="won")
    later = [*CAL_SNAPS, called("2025-02-17", 25, "commit", "2025-02-01"), called("2025-02-17", 23, "commit", "2025-03-01")]
    a = forecast.call_calibration(calibration_team(), quarter=Q1, rep="R1")
    b = forecast.call_calibration(calibration_team(opps, later), quarter=Q1, rep="R1")
    assert b["won"].iloc[0] == a["won"].iloc[0] + 1  # the outcome is what really happened...
    assert b["committed"].iloc[0] == a["committed"].iloc[0] == 3  # ...the call is what was said on the Monday


def test_call_calibration_reads_the_snapshot_of_the_chosen_week():
    # On 17 February (week 7 of Q1) R1 calls only deal 23 commit, and deal 21 is already won (closed 10
    # February): it is no longer open, so it is not a call to judge.
    snaps = [*CAL_SNAPS, called("2025-02-17", 23, "commit", "2025-03-01"), called("2025-02-17", 24, "best_case", "2025-03-20")]
    out = forecast.call_calibration(calibration_team(snaps=snaps), week=7, quarter=Q1, rep="R1")
    assert out[["deals", "committed", "won", "committed_won"]].values.tolist() == [[2, 1, 1, 0]]
    assert out["over_call"].iloc[0] == pytest.approx(0.0)


def test_call_calibration_bad_input_says_what_is_valid():
    team = calibration_team()
    with pytest.raises(ValueError, match="unknown grouping by='month'; valid groupings: quarter, rep"):
        forecast.call_calibration(team, by="month")
    with pytest.raises(ValueError, match="week must be a week of the quarter from 1 to 13; got 14"):
        forecast.call_calibration(team, week=14)
    with pytest.raises(ValueError, match="unknown rep 'R9'"):
        forecast.call_calibration(team, rep="R9")
    with pytest.raises(ValueError, match="no open deal was due in the quarter on the Monday of week 1 for rep R2 in 2025Q2"):
        forecast.call_calibration(team, rep="R2", quarter=Q2)
    with pytest.raises(ValueError, match="no open deal was due in the quarter on the Monday of week 2 for the whole"):
        forecast.call_calibration(team, week=2, quarter=Q1)  # no snapshot rows on 13 January


def test_northwind_call_calibration_adds_up(northwind):
    per_quarter = forecast.call_calibration(northwind)
    per_rep = forecast.call_calibration(northwind, by="rep").set_index("rep_id")
    counts = ["deals", "committed", "won", "committed_won"]
    pd.testing.assert_frame_equal(per_quarter.groupby("rep_id")[counts].sum(), per_rep[counts], check_names=False)
    assert (per_quarter["committed_won"] <= per_quarter[["committed", "won"]].min(axis=1)).all()
    # the deals judged are the ones behind the rep's own week-1 call: a rep-quarter has committed deals
    # exactly when its commit call is above 0, and deals due exactly when its pipeline call is
    calls = northwind.forecasts[northwind.forecasts["week"] == 1].set_index(["rep_id", "quarter"])
    both = per_quarter.join(calls[["commit", "pipeline"]], on=["rep_id", "quarter"])
    assert ((both["committed"] > 0) == (both["commit"] > 0)).all()
    assert ((both["deals"] > 0) == (both["pipeline"] > 0)).all()
    assert both["committed"].sum() > 0 and both["deals"].sum() > both["committed"].sum()


def test_optimistic_forecasters_over_call(northwind):
    from sefkit import simulate

    optimists = simulate("happy_ears", seed=0)
    over = {name: forecast.call_calibration(team, by="rep")["over_call"].median()
            for name, team in [("northwind", northwind), ("happy_ears", optimists)]}
    assert over["happy_ears"] > over["northwind"] + 0.05


def test_forecast_accuracy_by_quarter_and_all_together(northwind):
    scored = forecast.forecast_vs_actual(northwind).dropna(subset=["error"])
    by_quarter = forecast.forecast_accuracy(northwind, by="quarter").set_index("quarter")
    assert list(by_quarter.index) == list(dict.fromkeys(scored["quarter"]))
    for quarter, rows in scored.groupby("quarter"):
        assert by_quarter.loc[quarter, "bias"] == pytest.approx(rows["error"].mean())
        assert by_quarter.loc[quarter, "mean_abs_error"] == pytest.approx(rows["abs_error"].mean())
        assert by_quarter.loc[quarter, "rep_quarters"] == len(rows)
    everything = forecast.forecast_accuracy(northwind, by=None)
    assert list(everything.columns) == ["rep_quarters", "mean_abs_error", "bias"]
    assert everything["bias"].iloc[0] == pytest.approx(scored["error"].mean())
    with pytest.raises(ValueError, match="cannot group forecast accuracy by 'week'"):
        forecast.forecast_accuracy(northwind, by="week")


# -- the team's roll-up and what became of the commit call (lesson 06) --------------------

def test_team_forecast_error_adds_the_reps_up_by_hand():
    # R1 called 150 / 250 / 0 and won 200 / 230 / 100; R2 called 0 and won nothing.
    out = forecast.team_forecast_error(build())
    assert out.columns.tolist() == ["quarter", "rep_quarters", "forecast", "actual", "error"]
    assert out["quarter"].tolist() == [Q1, Q2, Q3] and out["rep_quarters"].tolist() == [2, 2, 2]
    assert out["forecast"].tolist() == [150.0, 250.0, 0.0] and out["actual"].tolist() == [200.0, 230.0, 100.0]
    assert out["error"].tolist() == pytest.approx([-0.25, 20 / 230, -1.0])
    pooled = forecast.team_forecast_error(build(), by=None)
    assert pooled.columns.tolist() == ["rep_quarters", "forecast", "actual", "error"]
    # 400 called against 530 won: one error for the team, not the mean of the rep-quarters' errors
    assert pooled["error"].iloc[0] == pytest.approx(400 / 530 - 1)
    bias = forecast.forecast_accuracy(build(), by=None)["bias"].iloc[0]
    assert bias == pytest.approx(np.mean([-0.25, 20 / 230, -1.0])) and bias != pytest.approx(pooled["error"].iloc[0])


def test_team_forecast_error_cancels_what_the_reps_get_wrong():
    # R1 calls 100 more than won, R2 100 less: the team is right, every rep is 50% off.
    opps = [deal(1, "R1", "2025-01-06", 200, outcome="won", closed_on="2025-03-10"),
            deal(2, "R2", "2025-01-06", 200, outcome="won", closed_on="2025-03-10")]
    calls = [forecast_call("R1", Q1, 7, 300), forecast_call("R2", Q1, 7, 100)]
    team = make_team(opps, reps=("R1", "R2"), quarters=(Q1,), snapshots=[snap("2025-03-31", 9, "R1", "qualify", 1,
                                                                                "2025-06-30")], forecasts=calls)
    assert forecast.team_forecast_error(team, by=None)["error"].iloc[0] == pytest.approx(0.0)
    acc = forecast.forecast_accuracy(team, by=None).iloc[0]
    assert acc["mean_abs_error"] == pytest.approx(0.5) and acc["bias"] == pytest.approx(0.0)


def test_team_forecast_error_bad_input():
    with pytest.raises(ValueError, match="cannot group the team's forecast by 'rep_id'"):
        forecast.team_forecast_error(build(), by="rep_id")
    with pytest.raises(ValueError, match="week must be"):
        forecast.team_forecast_error(build(), week=14)


COMMIT_OPPS = [
    # Week 7 of Q1 (17 Feb), every deal called commit and due in Q1:
    deal(31, "R1", "2025-01-06", 100, outcome="won", closed_on="2025-03-10"),          # kept
    deal(32, "R1", "2025-01-06", 200, outcome="no_decision", closed_on="2025-03-20"),  # a zombie that Monday
    deal(33, "R1", "2025-01-06", 50, outcome="no_decision", closed_on="2025-03-24"),   # no decision
    deal(34, "R1", "2025-01-06", 40, outcome="lost", closed_on="2025-03-03"),          # lost
    deal(35, "R1", "2025-01-06", 30, outcome="won", closed_on="2025-04-14"),           # won next quarter: slipped
    deal(36, "R1", "2025-01-06", 20, stage="propose", close_date="2025-06-30"),        # still open: slipped
    deal(37, "R1", "2025-01-06", 70, outcome="won", closed_on="2025-03-05"),           # best case, not commit
]
COMMIT_SNAPS = [
    snap("2025-02-17", 31, "R1", "negotiate", 100, "2025-03-10", "commit"),
    # deal 32: created 2 Dec 2024 (commit_team), never moved, close date passed: a zombie on 17 Feb
    snap("2025-02-17", 32, "R1", "negotiate", 200, "2025-02-10", "commit"),
    snap("2025-02-17", 33, "R1", "negotiate", 50, "2025-03-24", "commit"),
    snap("2025-02-17", 34, "R1", "negotiate", 40, "2025-03-03", "commit"),
    snap("2025-02-17", 35, "R1", "negotiate", 30, "2025-03-28", "commit"),
    snap("2025-02-17", 36, "R1", "propose", 20, "2025-03-31", "commit"),
    snap("2025-02-17", 37, "R1", "propose", 70, "2025-03-05", "best_case"),
    snap("2025-06-30", 99, "R2", "qualify", 1, "2025-09-01"),  # the data runs to Q2's end
]


def commit_team():
    opps = [dict(d) for d in COMMIT_OPPS]
    opps[1]["created"] = "2024-12-02"  # deal 32: in negotiate since then, close date (10 Feb) passed: a zombie
    return make_team(opps, reps=("R1", "R2"), quarters=(Q1, Q2), snapshots=COMMIT_SNAPS,
                     forecasts=[forecast_call("R1", Q1, 7, 440), forecast_call("R1", Q2, 7, 0)])


def test_commit_outcomes_by_hand():
    team = commit_team()
    before = {k: v.copy() for k, v in team.tables().items()}
    out = forecast.commit_outcomes(team, quarter=Q1)
    assert out.columns.tolist() == ["rep_id", "quarter", "week", "committed_deals", "committed", *forecast.COMMIT_FATES,
                                    "broken", "kept_share"]
    r1_ = out.iloc[0]
    # committed 100 + 200 + 50 + 40 + 30 + 20 = 440 (deal 37 was best case)
    assert r1_["committed_deals"] == 6 and r1_["committed"] == 440.0
    assert [r1_[f] for f in forecast.COMMIT_FATES] == [100.0, 200.0, 50.0, 40.0, 50.0]
    assert r1_["broken"] == 340.0 and r1_["kept_share"] == pytest.approx(100 / 440)
    # R2 committed nothing: zeros, and no share
    assert out.iloc[1]["committed"] == 0.0 and np.isnan(out.iloc[1]["kept_share"])
    for name, df in team.tables().items():
        pd.testing.assert_frame_equal(df, before[name])


def test_commit_outcomes_pooled_per_rep_and_bad_input():
    out = forecast.commit_outcomes(commit_team(), by="rep")
    assert out.columns.tolist()[:3] == ["rep_id", "week", "committed_deals"]
    assert out["committed"].tolist() == [440.0, 0.0]
    with pytest.raises(ValueError, match="unknown grouping"):
        forecast.commit_outcomes(commit_team(), by="manager")
    with pytest.raises(ValueError, match="week must be"):
        forecast.commit_outcomes(commit_team(), week=0)


def test_northwind_commit_outcomes_add_up(northwind):
    out = forecast.commit_outcomes(northwind, by="rep")
    parts = out[list(forecast.COMMIT_FATES)].sum(axis=1)
    assert np.allclose(parts, out["committed"])
    cal = forecast.call_calibration(northwind, week=7, by="rep")
    assert out["committed_deals"].tolist() == cal["committed"].tolist()


# -- close-date horizon ------------------------------------------------------------------------

def _dated_team():
    from builders import change

    opps = [
        # R01: deal 1's first close date is in its creation row (20 Jan, 14 days); deal 2 never changed
        # (3 Mar, 56 days); deal 3 was pushed, so its first date is the change's old value (10 Feb, 35 days)
        deal(1, "R01", "2025-01-06", close_date="2025-04-28"),
        deal(2, "R01", "2025-01-06", close_date="2025-03-03"),
        deal(3, "R01", "2025-01-06", close_date="2025-05-05"),
        # disqualified, and created in 2025Q2: left out of 2025Q1
        deal(4, "R01", "2025-01-06", outcome="disqualified", closed_on="2025-01-06", close_date="2025-01-07"),
        deal(5, "R02", "2025-04-07", close_date="2025-06-02"),
    ]
    history = [change(1, "2025-01-06", "close_date", None, "2025-01-20"),
               change(1, "2025-01-20", "close_date", "2025-01-20", "2025-04-28"),
               change(3, "2025-02-10", "close_date", "2025-02-10", "2025-05-05")]
    return make_team(opps, opp_history=history)


def test_first_close_dates_read_the_creation_row_then_the_first_change_then_the_deal():
    first = forecast.first_close_dates(_dated_team(), [1, 2, 3])
    assert first.dt.strftime("%m-%d").tolist() == ["01-20", "03-03", "02-10"]


def test_close_date_horizon_is_the_mean_days_to_the_first_close_date():
    h = forecast.close_date_horizon(_dated_team()).set_index("rep_id")
    assert h.loc["R01", "deals"] == 3 and h.loc["R01", "horizon_days"] == pytest.approx((14 + 56 + 35) / 3)
    assert h.loc["R02"].tolist() == [1, 56.0]
    q1 = forecast.close_date_horizon(_dated_team(), quarter="2025Q1").set_index("rep_id")
    assert q1.loc["R02", "deals"] == 0 and pd.isna(q1.loc["R02", "horizon_days"])
    with pytest.raises(ValueError, match="R09"):
        forecast.close_date_horizon(_dated_team(), rep="R09")
