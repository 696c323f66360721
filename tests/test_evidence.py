"""sefkit.whole_job.evidence: a missed quarter traced back, and how sure a diagnosis is."""

import pandas as pd
import pytest

from sefkit import deals, evidence, forecast, pipeline, prospecting, system, territory
from sefkit.data.examples import tiny_team


def test_each_link_is_its_component_function(northwind):
    team, rep, quarter = northwind, northwind.rep_ids[1], northwind.quarters[3]
    t = evidence.trace(team, rep, quarter).set_index("measure")
    before = team.quarters[1:3]
    funnel = prospecting.funnel(team, quarter=before).set_index("rep_id")
    summary = deals.deal_summary(team, quarter=quarter).set_index("rep_id")
    expected = {
        "attainment (won / quota)": territory.attainment(team, quarter=quarter).set_index("rep_id")["attainment"],
        "first Monday's commit call / money won":
            1 + forecast.forecast_accuracy(team, week=1, quarter=quarter).set_index("rep_id")["bias"],
        "coverage without zombie deals":
            pipeline.quality_coverage(team, quarter=quarter).set_index("rep_id")["quality_coverage"],
        "win rate": summary["win_rate"],
        "meetings": funnel["meetings"],
    }
    for measure, by_rep in expected.items():
        assert t.loc[measure, "rep_value"] == pytest.approx(by_rep[rep]), measure
        assert t.loc[measure, "team_value"] == pytest.approx(by_rep.reindex(team.rep_ids).mean()), measure
    assert t.loc["meetings", "quarters"] == f"{before[0]}-{before[1]}"
    # worse than the team: lower where higher is better, higher for the forecast's bias
    row = t.loc["win rate"]
    assert row["worse_than_team"] == (row["rep_value"] < row["team_value"])
    row = t.loc["first Monday's commit call / money won"]
    assert row["worse_than_team"] == (row["rep_value"] > row["team_value"])
    assert (t["vs_team"] == t["rep_value"] / t["team_value"]).all()


def test_a_trace_needs_a_known_rep_and_an_earlier_quarter():
    team = tiny_team()
    with pytest.raises(ValueError, match="unknown rep 'R99'; this team's reps are R01, R02"):
        evidence.trace(team, "R99", "2025Q2")
    with pytest.raises(ValueError, match="first quarter: there is no earlier prospecting"):
        evidence.trace(team, "R01", "2025Q1")
    with pytest.raises(ValueError):
        evidence.trace(team, "R01", "2031Q1")
    one = evidence.trace(team, "R01", "2025Q2")  # one quarter before: prospecting read in that one
    assert one.loc[one["measure"] == "meetings", "quarters"].item() == "2025Q1"


def test_runner_up_is_the_second_weakest_true_skill(northwind):
    r = evidence.runner_up(northwind).set_index("rep_id")
    z = system.true_scores(northwind)
    for rep in northwind.rep_ids:
        ranked = z.loc[rep].sort_values(kind="stable")
        assert r.loc[rep, "true_constraint"] == ranked.index[0]
        assert r.loc[rep, "runner_up"] == ranked.index[1]
        assert r.loc[rep, "runner_up_score"] - r.loc[rep, "true_score"] == pytest.approx(r.loc[rep, "true_margin"])
        assert r.loc[rep, "close"] == (r.loc[rep, "true_margin"] < evidence.CLOSE_MARGIN)


def test_hit_rates_count_what_check_diagnosis_says(northwind):
    checks = system.check_diagnosis(northwind)
    rates = evidence.hit_rates(checks)
    assert rates["reps"] == len(northwind.rep_ids)
    assert rates["hit_rate"] == pytest.approx(checks["hit"].mean())
    named_second = checks["next_weakest"] == checks["true_constraint"]
    assert rates["top_two"] == pytest.approx((checks["hit"] | named_second).mean())
    assert rates["top_two"] >= rates["hit_rate"]
    assert rates["chance"] == pytest.approx(1 / 7)
    with pytest.raises(ValueError, match="check_diagnosis"):
        evidence.hit_rates(pd.DataFrame({"hit": [True]}))
    with pytest.raises(ValueError, match="non-empty"):
        evidence.hit_rates(checks.iloc[:0])
