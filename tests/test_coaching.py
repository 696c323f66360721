"""Coaching: the summary of coaching time, plan checks and what-if runs."""

import numpy as np
import pandas as pd
import pytest
from builders import coaching, make_team, rep_row

from sefkit.data.team import COMPONENTS, Team
from sefkit.whole_job.coaching import MANAGER_MINUTES_PER_WEEK, check_plan, coaching_summary

REPS = [rep_row("R01"), rep_row("R02"), rep_row("R03", manager="M2")]
COACHING = [
    # 2025Q1 runs 2025-01-06 .. 2025-04-06; 2025Q2 starts 2025-04-07
    coaching("R01", "2025-01-06", "calls", 26),
    coaching("R01", "2025-03-31", "calls", 13),
    coaching("R01", "2025-02-03", "forecasting", 65),
    coaching("R02", "2025-02-03", "territory", 39),
    coaching("R01", "2025-04-07", "calls", 130),
]


def _team() -> Team:
    """Three reps (R01 and R02 report to M1, R03 to M2), quota 100, the coaching above."""
    return make_team(reps=REPS, quota=100.0, coaching=COACHING)


def _frozen(team: Team) -> dict:
    return {name: df.copy() for name, df in team.tables().items()}


def _assert_unchanged(team: Team, before: dict) -> None:
    for name, df in before.items():
        pd.testing.assert_frame_equal(getattr(team, name), df)


# -- coaching_summary ----------------------------------------------------------

def test_summary_is_minutes_per_week_over_the_selected_quarter():
    team = _team()
    before = _frozen(team)
    q1 = coaching_summary(team, quarter="2025Q1")
    # R01 in Q1: calls 26 + 13 = 39 minutes over 13 weeks = 3 a week; forecasting 65 / 13 = 5.
    # The 130 minutes on 2025-04-07 belong to Q2 (first day of the next quarter).
    assert q1.loc["R01", "calls"] == pytest.approx(3.0)
    assert q1.loc["R01", "forecasting"] == pytest.approx(5.0)
    assert q1.loc["R01", "total"] == pytest.approx(8.0)
    assert q1.loc["R02", "territory"] == pytest.approx(3.0)
    # R03 was never coached: a row of zeros, not a missing rep.
    assert q1.loc["R03"].tolist() == [0.0] * (len(COMPONENTS) + 1)
    assert list(q1.columns) == [*COMPONENTS, "total"]
    _assert_unchanged(team, before)


def test_summary_over_all_quarters_divides_by_all_weeks():
    s = coaching_summary(_team(), rep="R01")
    # calls: 26 + 13 + 130 = 169 minutes over 26 weeks = 6.5 a week
    assert s.index.tolist() == ["R01"]
    assert s.loc["R01", "calls"] == pytest.approx(6.5)
    assert coaching_summary(_team(), quarter="2025Q2").loc["R01", "calls"] == pytest.approx(10.0)


def test_summary_rejects_unknown_rep_and_quarter():
    with pytest.raises(ValueError, match="unknown rep 'R9'; valid reps: R01, R02, R03"):
        coaching_summary(_team(), rep="R9")
    with pytest.raises(ValueError, match="unknown quarter '2024Q4'; valid quarters: 2025Q1, 2025Q2"):
        coaching_summary(_team(), quarter="2024Q4")


# -- check_plan ----------------------------------------------------------------

def test_plan_shapes_all_give_the_same_dictionary():
    team = _team()
    expected = {"R01": {"calls": 30.0, "hygiene": 15.0}, "R03": {"territory": 10.0}}
    as_dict = {"R01": {"calls": 30, "hygiene": 15}, "R03": {"territory": 10, "calls": 0}}
    wide = pd.DataFrame({"calls": [30, 0], "hygiene": [15, 0], "territory": [0, 10]}, index=["R01", "R03"])
    long = pd.DataFrame({"rep_id": ["R01", "R01", "R03"], "component": ["calls", "hygiene", "territory"],
                         "minutes": [30, 15, 10]})
    for plan in (as_dict, wide, long):
        snapshot = plan.copy()
        assert check_plan(team, plan) == expected
        if isinstance(plan, pd.DataFrame):
            pd.testing.assert_frame_equal(plan, snapshot)  # the plan is not modified


def test_plan_errors_name_what_is_wrong_and_what_is_valid():
    team = _team()
    with pytest.raises(ValueError, match="unknown rep 'R7'; valid reps: R01, R02, R03"):
        check_plan(team, {"R7": {"calls": 10}})
    with pytest.raises(ValueError, match="unknown component 'closing'; valid components: territory, prospecting"):
        check_plan(team, {"R01": {"closing": 10}})
    with pytest.raises(ValueError, match="cannot be negative: R01 calls has -1.0"):
        check_plan(team, {"R01": {"calls": -1}})
    with pytest.raises(ValueError, match="must be numbers: R01 calls has 'lots'"):
        check_plan(team, {"R01": {"calls": "lots"}})
    with pytest.raises(ValueError, match="must be numbers"):
        check_plan(team, {"R01": {"calls": float("nan")}})
    with pytest.raises(ValueError, match="must be a dictionary of minutes per component"):
        check_plan(team, {"R01": 30})
    with pytest.raises(ValueError, match="a coaching plan is a dictionary"):
        check_plan(team, [("R01", "calls", 30)])


def test_manager_limit_counts_each_managers_own_reps():
    team = _team()
    half = MANAGER_MINUTES_PER_WEEK / 2
    # R01 and R02 share M1: exactly the limit is allowed, one minute more is not.
    assert check_plan(team, {"R01": {"calls": half}, "R02": {"hygiene": half}})
    with pytest.raises(ValueError, match=r"manager M1 for 1201 minutes .*reps R01, R02.*at most 1200"):
        check_plan(team, {"R01": {"calls": half, "territory": 1}, "R02": {"hygiene": half}})
    # R03 has another manager, so M1 at the limit and M2 busy too is fine.
    assert check_plan(team, {"R01": {"calls": 2 * half}, "R03": {"calls": 2 * half}})


def test_manager_minutes_totals_even_a_plan_that_asks_too_much():
    from sefkit.whole_job.coaching import manager_minutes

    team = _team()
    plan = {"R01": {"calls": 700}, "R02": {"hygiene": 600, "calls": 0}, "R03": {"territory": 45}}
    assert manager_minutes(team, plan).to_dict() == {"M1": 1300.0, "M2": 45.0}
    with pytest.raises(ValueError, match="unknown rep 'R9'"):
        manager_minutes(team, {"R9": {"calls": 1}})
    # without a reps table every rep counts as the one manager's
    bare = Team.build(quotas=pd.DataFrame({"rep_id": ["R01", "R02"], "quarter": ["2025Q1"] * 2, "quota": [1.0] * 2}))
    assert manager_minutes(bare, {"R01": {"calls": 10}, "R02": {"calls": 5}}).to_dict() == {"the team's manager": 15.0}
    with pytest.raises(ValueError, match="manager the team's manager for 1300 minutes"):
        check_plan(bare, {"R01": {"calls": 700}, "R02": {"calls": 600}})


# -- what_if on the simulated northwind team -----------------------------------

@pytest.fixture(scope="module")
def northwind():
    import sefkit

    return sefkit.simulate("northwind", seed=0)


def test_what_if_refuses_what_it_cannot_run(northwind):
    from sefkit.data.examples import tiny_team
    from sefkit.whole_job.coaching import what_if

    with pytest.raises(ValueError, match="needs a simulated team"):
        what_if(tiny_team(), {"R01": {"calls": 30}})
    with pytest.raises(ValueError, match="unknown by 'region'; valid choices: rep, team"):
        what_if(northwind, {}, by="region")
    for bad in (0, 9, 1.5, True):
        with pytest.raises(ValueError, match="quarters_ahead must be a whole number from 1 to 8"):
            what_if(northwind, {}, quarters_ahead=bad)
    with pytest.raises(ValueError, match="unknown start_quarter '2030Q1'; valid quarters: 2025Q1,"):
        what_if(northwind, {}, start_quarter="2030Q1")
    with pytest.raises(ValueError, match="unknown component 'golf'"):
        what_if(northwind, {"R01": {"golf": 30}})


def test_what_if_without_coaching_equals_the_baseline(northwind):
    from sefkit.whole_job.coaching import WHAT_IF_METRICS, what_if

    before = _frozen(northwind)
    out = what_if(northwind, {"R01": {"calls": 0}})
    assert list(out.columns) == ["rep_id", "quarter", "metric", "baseline", "plan", "difference"]
    # two new quarters after the team's eight, each rep, each metric
    assert out["quarter"].unique().tolist() == ["2027Q1", "2027Q2"]
    assert len(out) == len(northwind.rep_ids) * 2 * len(WHAT_IF_METRICS)
    assert (out["difference"].fillna(0) == 0).all()
    _assert_unchanged(northwind, before)


def test_what_if_is_deterministic_and_runs_from_the_chosen_quarter(northwind):
    from sefkit.whole_job.coaching import what_if

    plan = {"R03": {"calls": 60, "deal_management": 45}}
    first = what_if(northwind, plan, start_quarter="2026Q4", quarters_ahead=1)
    again = what_if(northwind, pd.DataFrame(plan).T, start_quarter="2026Q4", quarters_ahead=1)
    pd.testing.assert_frame_equal(first, again)
    assert first["quarter"].unique().tolist() == ["2026Q4", "2027Q1"]
    # the plan only changes R03's skills, so only R03's numbers can move
    others = first[first["rep_id"] != "R03"]
    assert (others["difference"].fillna(0) == 0).all()


def test_what_if_team_rows_add_up_the_reps(northwind):
    from sefkit.whole_job.coaching import what_if

    plan = {r: {"qualification": 20, "deal_management": 20, "calls": 20} for r in northwind.rep_ids}
    reps = what_if(northwind, plan, quarters_ahead=3)
    team = what_if(northwind, plan, quarters_ahead=3, by="team").set_index(["quarter", "metric"])
    summed = reps.groupby(["quarter", "metric"])[["baseline", "plan"]].sum()
    for col in ("baseline", "plan"):
        for metric in ("won_amount", "deals_closed"):
            assert team.xs(metric, level="metric")[col].tolist() == pytest.approx(
                summed.xs(metric, level="metric")[col].tolist())
    # coaching every rep on three skills for three quarters wins more than coaching nobody
    won = team.xs("won_amount", level="metric")
    assert won["plan"].sum() > won["baseline"].sum()
    assert won["difference"].iloc[0] <= won["difference"].iloc[-1]


def test_what_if_refuses_a_team_it_cannot_reproduce():
    import sefkit
    from sefkit.whole_job.coaching import what_if

    small = {"n_reps": 3, "quarters": 2}
    planned = sefkit.simulate("northwind", 1, detail="core", **small,
                              coaching_plan={"start_quarter": "2025Q2", "minutes": {"R01": {"calls": 60}}})
    with pytest.raises(ValueError, match="history before 2025Q3 is not what 'northwind' with seed 1 gives"):
        what_if(planned, {"R01": {"calls": 30}}, quarters_ahead=1)
    # the same team without its own plan runs forward fine, from any of its quarters
    plain = sefkit.simulate("northwind", 1, detail="core", **small)
    out = what_if(plain, {"R01": {"calls": 30}}, quarters_ahead=1, start_quarter="2025Q2")
    assert out["quarter"].unique().tolist() == ["2025Q2", "2025Q3"]


def test_what_if_numbers_are_those_of_runs_from_scratch_with_and_without_the_plan(northwind):
    # what_if resumes the baseline's checkpoint instead of simulating every week again
    # every metric, per rep and for the team, is what the component functions give on those runs' tables
    import sefkit
    from sefkit.components.deals import deal_summary
    from sefkit.components.territory import attainment
    from sefkit.whole_job.coaching import what_if

    # a plan big enough to move money within two quarters (small plans often change no deal's outcome
    # that soon: every deal keeps its own luck, common random numbers)
    plan = {r: {"calls": 60, "deal_management": 60} for r in northwind.rep_ids}
    out = what_if(northwind, plan).set_index(["rep_id", "quarter", "metric"])
    team_out = what_if(northwind, plan, by="team").set_index(["quarter", "metric"])
    for column, minutes in (("plan", plan), ("baseline", {})):
        run = sefkit.simulate("northwind", 0, quarters=10, detail="core",
                              coaching_plan={"start_quarter": "2027Q1", "minutes": minutes})
        results = attainment(run).set_index(["rep_id", "quarter"])
        for quarter in ("2027Q1", "2027Q2"):
            summary = deal_summary(run, quarter=quarter).set_index("rep_id").reindex(northwind.rep_ids)
            for rep in northwind.rep_ids:
                assert out.loc[(rep, quarter, "won_amount"), column] == results.loc[(rep, quarter), "won_amount"]
                assert out.loc[(rep, quarter, "attainment"), column] == pytest.approx(
                    results.loc[(rep, quarter), "attainment"], rel=1e-12)
                assert out.loc[(rep, quarter, "deals_closed"), column] == summary.loc[rep, "decided"]
                assert out.loc[(rep, quarter, "win_rate"), column] == pytest.approx(
                    summary.loc[rep, "win_rate"], rel=1e-12, nan_ok=True)
            won = results.xs(quarter, level="quarter")
            decided = summary["decided"].sum()
            assert team_out.loc[(quarter, "won_amount"), column] == pytest.approx(won["won_amount"].sum(), rel=1e-12)
            assert team_out.loc[(quarter, "attainment"), column] == pytest.approx(
                won["won_amount"].sum() / won["quota"].sum(), rel=1e-12)
            assert team_out.loc[(quarter, "deals_closed"), column] == decided
            assert team_out.loc[(quarter, "win_rate"), column] == pytest.approx(summary["won"].sum() / decided,
                                                                               rel=1e-12)
    assert (out.xs("won_amount", level="metric")["difference"] != 0).any()


# -- expected what-if and common random numbers ---------------------------------

def test_one_future_is_the_single_what_if(northwind):
    from sefkit.whole_job.coaching import what_if

    plan = {"R01": {"calls": 60}, "R03": {"deal_management": 30}}
    single = what_if(northwind, plan, by="rep")
    one = what_if(northwind, plan, by="rep", replications=1)
    for column in ("baseline", "plan", "difference"):
        pd.testing.assert_series_equal(single[column], one[column])  # outcomes read from arrays = from tables
    assert one["difference_low"].isna().all() and (one["replications"] == 1).all()


def test_expected_what_if_averages_paired_futures_with_a_band(northwind):
    from sefkit.whole_job.coaching import compare_plans, what_if

    plan = {"R02": {"calls": 60}}
    out = what_if(northwind, plan, by="rep", replications=6)
    r02 = out[(out["rep_id"] == "R02") & (out["metric"] == "won_amount")]
    assert (r02["difference_low"] <= r02["difference"]).all() and (r02["difference"] <= r02["difference_high"]).all()
    others = out[(out["rep_id"] != "R02")]
    assert (others["difference"].fillna(0) == 0).all()  # nobody else's luck moves (common random numbers)
    assert (others["difference_high"].fillna(0) == 0).all()
    # the same futures for every plan: comparing a plan with itself differs by exactly nothing
    same = compare_plans(northwind, plan, plan, replications=4, by="team")
    assert (same["a_minus_b"].fillna(0) == 0).all()
    pd.testing.assert_series_equal(same["a_effect"], same["b_effect"], check_names=False)
    with pytest.raises(ValueError, match="replications must be a whole number from 1 to 200"):
        what_if(northwind, plan, replications=0)


def test_futures_share_the_history_and_differ_after_it():
    from sefkit.engine.loop import Run
    from sefkit.engine.plans import check_schedule
    from sefkit.engine.scenario import resolve
    from sefkit.engine.simulation import simulate_with_checkpoint

    plan = {"start_quarter": "2025Q3", "minutes": {"R01": {"calls": 60}}}
    _, cp = simulate_with_checkpoint("northwind", 3, "2025Q3", detail="core", quarters=3, n_reps=3)
    params = resolve("northwind", quarters=3, n_reps=3)
    checked = check_schedule(plan, params)
    again = Run.resume(cp, checked, replication=2).run()
    scratch = Run.fresh(params, 3, checked, False, replication=2, future_from=cp.week).run()
    for name in ("outcome", "closed_on", "amount", "rep"):
        assert np.array_equal(again.store.view(name), scratch.store.view(name))  # resumed = from scratch
    own = Run.resume(cp, checked).run()
    before = cp.store.n
    assert np.array_equal(own.store.view("amount")[:before] * 0, again.store.view("amount")[:before] * 0)
    assert not np.array_equal(own.store.view("outcome"), again.store.view("outcome"))  # another future


def test_one_reps_plan_changes_no_other_reps_outcomes():
    import sefkit

    everyone = {r: {c: 15 for c in COMPONENTS} for r in sefkit.simulate("northwind", 5, quarters=1, detail="core").rep_ids}
    base = sefkit.simulate("northwind", 5, detail="core", quarters=4,
                           coaching_plan={"start_quarter": "2025Q2", "minutes": everyone})
    plan = {"start_quarter": "2025Q2", "minutes": {**everyone, "R04": {"prospecting": 60, "territory": 60}}}
    coached = sefkit.simulate("northwind", 5, detail="core", quarters=4, coaching_plan=plan)
    for team in (base, coached):
        team.opportunities.sort_values("opp_id", inplace=True)
    keep = ["account_id", "source", "created", "amount", "closed_on", "outcome"]
    other = [r for r in base.rep_ids if r != "R04"]
    a = base.opportunities[base.opportunities["rep_id"].isin(other)][keep].reset_index(drop=True)
    b = coached.opportunities[coached.opportunities["rep_id"].isin(other)][keep].reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    mine = [t.opportunities[t.opportunities["rep_id"] == "R04"][keep].reset_index(drop=True) for t in (base, coached)]
    assert not mine[0].equals(mine[1])  # the coached rep's own deals did change


def test_plans_from_a_budget(northwind):
    from sefkit.whole_job.coaching import diagnosis_plan, even_plan, focus_plan
    from sefkit.whole_job.system import scorecard

    plan = diagnosis_plan(northwind, 60)
    scores = scorecard(northwind)
    for rep, minutes in plan.items():
        assert sum(minutes.values()) == pytest.approx(60, abs=0.5)
        assert all(scores.loc[rep, c] < 0 for c in minutes)  # only where the rep is behind the team
        worst = scores.loc[rep].idxmin()
        assert minutes[worst] == max(minutes.values())  # most where the gap is largest
    assert sum(even_plan(northwind, 60)["R01"].values()) == pytest.approx(60)
    assert focus_plan(northwind, "calls", 30, reps=["R02"]) == {"R02": {"calls": 30.0}}
    with pytest.raises(ValueError, match="minutes must be a number of minutes a week"):
        even_plan(northwind, -5)


@pytest.mark.slow
def test_coaching_rewards_diagnosis_over_many_seeds():
    """(a)-(d) of benchmarks/coaching_response.py on 12 seeds (120 rep-seeds); the benchmark runs 30."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parents[1] / "benchmarks" / "coaching_response.py"
    spec = importlib.util.spec_from_file_location("coaching_response", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    parts = [bench.seed_figures(seed) for seed in range(12)]
    reps = pd.concat([p[0] for p in parts], ignore_index=True)
    seeds = pd.DataFrame([p[1] for p in parts])
    assert (reps["gain_true"] > reps["gain_other"]).mean() >= 0.70  # (a)
    assert reps["gain_true"].mean() >= 2 * reps["gain_other"].mean()
    assert (reps["gain_true"] > 0).mean() >= 0.80  # (b)
    assert (seeds["diagnosis_plan"] > seeds["even_plan"]).mean() >= 0.65  # (c)
    assert (seeds["prospecting_only_q6_8"] < seeds["northwind_q6_8"]).mean() >= 0.80  # (d)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_outcomes_read_from_the_engine_arrays_are_the_component_metrics(seed):
    """The expected what-if's fast path counts straight from the engine's arrays (sefkit.engine.outcomes);
    on several seeds its counts, and the win rate and attainment coaching makes of them, are the
    component functions' (deals.deal_summary, territory.attainment)."""
    from sefkit.components.deals import deal_summary
    from sefkit.components.territory import attainment
    from sefkit.engine.loop import Run
    from sefkit.engine.outcomes import outcomes
    from sefkit.engine.plans import check_schedule
    from sefkit.engine.scenario import resolve
    from sefkit.engine.tables import build
    from sefkit.whole_job.coaching import _metrics

    params = resolve("northwind")
    run = Run.fresh(params, seed, check_schedule(None, params), full=False, scenario="northwind").run()
    team = build(run, "northwind", seed)
    arrays = outcomes(run, 0)
    metrics = _metrics(arrays, "rep")  # (metric, rep, quarter): won_amount, decided, win_rate, attainment
    assert arrays["won_amount"].shape == (len(team.rep_ids), len(team.quarters))
    results = attainment(team).set_index(["rep_id", "quarter"])
    compared = 0
    for qi, quarter in enumerate(team.quarters):
        summary = deal_summary(team, quarter=quarter).set_index("rep_id")
        for ri, rep in enumerate(team.rep_ids):
            assert arrays["won_amount"][ri, qi] == pytest.approx(summary.loc[rep, "won_amount"])
            assert arrays["won_amount"][ri, qi] == pytest.approx(results.loc[(rep, quarter), "won_amount"])
            assert arrays["decided"][ri, qi] == summary.loc[rep, "decided"]
            assert arrays["won"][ri, qi] == summary.loc[rep, "won"]
            assert arrays["quota"][ri, qi] == results.loc[(rep, quarter), "quota"]
            assert metrics[3, ri, qi] == pytest.approx(results.loc[(rep, quarter), "attainment"])
            if summary.loc[rep, "decided"]:
                assert metrics[2, ri, qi] == pytest.approx(summary.loc[rep, "win_rate"])
                compared += 1
            else:
                assert np.isnan(metrics[2, ri, qi])
    assert compared > len(team.rep_ids) * len(team.quarters) // 2
