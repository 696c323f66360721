"""What the lessons' prose says about the data must stay true of the data.

The lessons describe pictures drawn from seeded simulations (seed 0). When the
engine changes, these tests say which sentence of which lesson needs a new look.
Figures about cause and effect come from the claims registry instead, checked in
tests/test_claims.py.
"""

import math
import re
from pathlib import Path

import nbformat
import pytest

import sefkit
from sefkit import pipeline
from sefkit.pictures.plots import compare_scenarios

LATE = ["2026Q2", "2026Q3", "2026Q4"]  # quarters 6-8: a sales cycle after coaching changed
LESSON_05 = Path(__file__).resolve().parent.parent / "course" / "05_pipeline.ipynb"


def lesson_markdown(path=LESSON_05) -> str:
    return "\n\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")


@pytest.fixture(scope="module")
def by_quarter(northwind):
    """metric, scenario -> Series of the metric by quarter, for the scenarios lessons compare."""
    teams = {
        "northwind": northwind,
        "zombie_pipeline": sefkit.simulate("zombie_pipeline", seed=0),
        "prospecting_only": sefkit.simulate("prospecting_only", seed=0),
    }
    out = {}
    for metric in ("coverage", "zombie_share", "win_rate", "won_amount"):
        table = compare_scenarios(teams, metric).pivot(index="quarter", columns="scenario", values="value")
        out[metric] = table
    return out


def test_welcome_about_ten_reps_over_eight_quarters(northwind):
    """00_welcome: 'about ten reps ... over eight quarters (two years)'."""
    assert 8 <= len(northwind.reps) <= 12
    assert len(northwind.quarters) == 8


def test_pipeline_lesson_zombie_team_looks_better_but_is_dead(by_quarter):
    """05_pipeline part 4, the titles: 'Poor hygiene makes coverage look better', '...much more of it is zombie deals'."""
    cov, zombies = by_quarter["coverage"], by_quarter["zombie_share"]
    assert (cov["zombie_pipeline"] > cov["northwind"]).mean() >= 0.75
    assert (zombies["zombie_pipeline"] > zombies["northwind"]).all()


def test_pipeline_lesson_prospecting_only_coverage_up_win_rate_and_money_down(by_quarter):
    """05_pipeline part 6, the titles: coverage climbs, the win rate falls, less money is won a cycle later."""
    cov, win, won = (by_quarter[m].loc[LATE] for m in ("coverage", "win_rate", "won_amount"))
    assert cov["prospecting_only"].mean() > cov["northwind"].mean()
    assert win["prospecting_only"].mean() < win["northwind"].mean()
    assert won["prospecting_only"].sum() < won["northwind"].sum()


def test_pipeline_lesson_worked_example_of_coverage_needed():
    """05_pipeline part 5: one deal in five, a quarter slipping, needs about 6.7x; 3x is one in three."""
    assert pipeline.required_coverage(0.2, 0.25) == pytest.approx(6.67, abs=0.01)
    assert pipeline.required_coverage(1 / 3, 0.0) == pytest.approx(3.0)


def test_pipeline_lesson_log_changes_are_turned_into_percents_correctly():
    """05_pipeline part 3: each "`x` is y%" example is exp(x) - 1, not x itself."""
    examples = re.findall(r"`([+\-\u2212]\d+\.\d+)` is ([+\-\u2212]\d+(?:\.(\d+))?)%", lesson_markdown())
    assert len(examples) >= 3
    for log, percent, decimals in examples:
        x, y = (float(v.replace("\u2212", "-")) for v in (log, percent))
        assert round(math.expm1(x) * 100, len(decimals)) == y, f"{log} is {math.expm1(x):+.1%}, not {percent}%"


def test_pipeline_lesson_asks_its_practice_questions_in_order():
    """q1 ... q6 come in the order the lesson asks them, and each is asked once."""
    asked = re.findall(r"\b(q\d)\.check\(", "\n".join(
        c.source for c in nbformat.read(LESSON_05, as_version=4).cells if c.cell_type == "code"))
    assert asked == [f"q{i}" for i in range(1, 7)]


def test_pipeline_lesson_no_longer_says_the_formula_errs_only_for_short_cycles():
    text = lesson_markdown()
    assert "errs on the safe side" not in text
    assert "deals_due" in text and "open_deals" in text  # the two columns are told apart


# -- lesson 02: prospecting ------------------------------------------------------------------

LESSON_02 = LESSON_05.parent / "02_prospecting.ipynb"


def test_prospecting_lesson_asks_its_practice_questions_in_order():
    asked = re.findall(r"\b(q\d)\.check\(", "\n".join(
        c.source for c in nbformat.read(LESSON_02, as_version=4).cells if c.cell_type == "code"))
    assert asked == [f"q{i}" for i in range(1, 7)]


def test_prospecting_lesson_reps_differ_in_meeting_rate_more_than_in_connect_rate(northwind):
    """02 part 1: 'the connect rate is much the same for everyone ... the meeting rate is the rep's own skill'."""
    from sefkit import prospecting

    table = prospecting.funnel(northwind)
    spread = {c: table[c].max() / table[c].min() for c in ("connect_rate", "meeting_rate")}
    assert spread["connect_rate"] < 1.2 < 1.5 < spread["meeting_rate"]


def test_prospecting_lesson_calls_book_more_than_their_share(northwind):
    """02 part 2: calls reach people far more often; once reached, conversations go about as well; calls book
    a bigger share of the meetings than of the effort."""
    from sefkit import prospecting

    table = prospecting.channel_funnel(northwind).set_index("channel")
    assert table.loc["call", "connect_rate"] > 2 * table.loc[["email", "social"], "connect_rate"].max()
    assert table["conversation_rate"].max() - table["conversation_rate"].min() < 0.1
    assert table.loc["call", "share_of_meetings"] > table.loc["call", "share_of_activities"]


def test_prospecting_lesson_feast_then_famine(northwind):
    """02 part 4, the titles: R01's opportunities dry up the quarter R01 stops; the money falls a quarter later
    and stays down; in 2025Q3 R01 still wins the deals found before."""
    from sefkit import deals, prospecting
    from sefkit.classroom.lessons.prospecting import STOP, stopped_team

    stopped = sefkit.simulate("northwind", seed=0, stop_prospecting=STOP)
    assert stopped.tables()["opportunities"].equals(stopped_team().opportunities)
    stop = northwind.quarters.index("2025Q3")
    base = prospecting.funnel(northwind, "R01", by="quarter")["opportunities"].tolist()
    after = prospecting.funnel(stopped, "R01", by="quarter")["opportunities"].tolist()
    assert after[:stop] == base[:stop] and after[stop] < base[stop] / 4 and not any(after[stop + 1:])
    won = [(deals.won_amount(northwind, "R01", q), deals.won_amount(stopped, "R01", q)) for q in northwind.quarters]
    assert won[stop][1] >= 0.9 * won[stop][0]
    assert all(after < before for before, after in won[stop + 1:])


def test_prospecting_lesson_own_plans_differ_from_the_team_plan(northwind):
    """02 part 5: R07 and R08, two of the reps who win least often, need the most, above the team-average
    figure; R06, who wins most often, needs less than it; R09 wins often but books few meetings per
    conversation and needs more; only R06 and R10 did as much in 2026Q1 as their own plan asks."""
    from sefkit import deals, prospecting
    from sefkit.classroom.lessons.prospecting import QUARTER, history, quota

    hist = history(northwind)

    def per_week(rep):
        plan = prospecting.backward_plan(northwind, rep, quota=quota(northwind), quarter=hist)
        return plan.set_index("step").loc["activities", "per_week"]

    assert quota(northwind) == 187_700 and QUARTER == "2026Q2"  # the lesson's QUOTA cell
    own = {rep: per_week(rep) for rep in northwind.rep_ids}
    team = per_week(None)
    win = {rep: deals.win_rate(northwind, rep, hist) for rep in northwind.rep_ids}
    lowest_win = sorted(win, key=win.get)[:3]
    assert set(sorted(own, key=own.get)[-2:]) == {"R07", "R08"} <= set(lowest_win)
    assert own["R07"] > team and own["R08"] > team
    assert max(win, key=win.get) == "R06" and own["R06"] < team
    meeting = prospecting.funnel(northwind, quarter=hist).set_index("rep_id")["meeting_rate"]
    team_meeting = prospecting.funnel(northwind, quarter=hist, by=None)["meeting_rate"].iloc[0]
    assert win["R09"] > deals.win_rate(northwind, quarter=hist) and meeting["R09"] < team_meeting and own["R09"] > team
    did = prospecting.funnel(northwind, quarter="2026Q1").set_index("rep_id")["activities"] / 13
    assert {rep for rep in northwind.rep_ids if did[rep] >= own[rep]} == {"R06", "R10"}


def test_prospecting_lesson_volume_without_fit_on_the_lessons_team(by_quarter, northwind):
    """02 part 6, the titles: with prospecting-only coaching the win rate falls and less money is won a year
    later, with more opportunities."""
    win, won = (by_quarter[m].loc[LATE] for m in ("win_rate", "won_amount"))
    assert win["prospecting_only"].mean() < win["northwind"].mean()
    assert won["prospecting_only"].sum() < won["northwind"].sum()
    volume = sefkit.simulate("prospecting_only", seed=0)
    created = [int(t.quarter_of(t.opportunities["created"]).isin(LATE).sum()) for t in (volume, northwind)]
    assert created[0] > created[1]


# -- lesson 01: territory and account management ------------------------------------------

LESSON_01 = LESSON_05.parent / "01_territory.ipynb"
SPREAD = [{"quarter": 3, "set": {"prospecting": {"territory_focus": 0.0}}}]  # the lesson's run


@pytest.fixture(scope="module")
def spread_by_quarter(northwind):
    """metric -> quarter x scenario table for the lesson's 'effort spread evenly' run (seed 0)."""
    teams = {"northwind": northwind, "spread": sefkit.simulate("northwind", seed=0, changes=SPREAD)}
    return {m: compare_scenarios(teams, m).pivot(index="quarter", columns="scenario", values="value")
            for m in ("activities", "high_fit_share", "won_amount")}


def test_territory_lesson_runs_the_spread_its_claims_measure():
    """The lesson's code simulates the same change the spread_effort claims measure."""
    from sefkit.classroom.claims import SPREAD as CLAIMED

    assert CLAIMED == {"changes": SPREAD}
    code = "\n".join(c.source for c in nbformat.read(LESSON_01, as_version=4).cells if c.cell_type == "code")
    assert 'SPREAD = [{"quarter": 3, "set": {"prospecting": {"territory_focus": 0.0}}}]' in code


def test_territory_lesson_spread_titles(spread_by_quarter):
    """01_territory part 4, the titles: activity unchanged, fewer high-fit activities, less money a quarter or two later."""
    acts, fit, won = (spread_by_quarter[m] for m in ("activities", "high_fit_share", "won_amount"))
    assert (acts["spread"] == acts["northwind"]).all()
    later = fit.index[2:]
    assert (fit.loc[later, "spread"] < fit.loc[later, "northwind"] - 0.05).all()
    assert won.loc[["2025Q4", "2026Q1"], "spread"].sum() < won.loc[["2025Q4", "2026Q1"], "northwind"].sum()
    assert won.loc[won.index[3:], "spread"].sum() < won.loc[won.index[3:], "northwind"].sum()


def test_territory_lesson_quota_and_potential_rank_alike_on_this_team(northwind):
    """01_territory part 5: same quota for every rep, territories of about the same potential, 'no rep moves more
    than one place'; R07 last on both, with a territory about as rich as the others'."""
    from sefkit import territory

    history = northwind.quarters[:4 + 1]
    assert northwind.quotas.groupby("quarter")["quota"].nunique().eq(1).all()
    ranks = territory.ranking_shift(northwind, quarter=history).set_index("rep_id")
    assert ranks["potential"].max() / ranks["potential"].min() < 1.15
    assert ranks["rank_change"].abs().max() <= 1
    assert ranks.loc["R07", "rank_attainment"] == ranks.loc["R07", "rank_potential"] == len(ranks)
    assert abs(ranks.loc["R07", "potential"] / ranks["potential"].median() - 1) < 0.05


def test_territory_lesson_r07_aims_poorly_and_r09_well(northwind):
    """01_territory parts 2-3: R09 puts 'a larger share of prospecting on high-fit accounts than anyone'; R07's richest accounts include several that fit poorly;
    'many big accounts are tier C' (tier C holds more potential than tier A)."""
    from sefkit import territory

    history = northwind.quarters[:5]
    focus = territory.prospecting_focus(northwind, quarter=history).set_index("rep_id")
    assert focus["high_fit_share"].idxmax() == "R09"
    assert focus.loc["R09", "high_fit_lift"] > focus.loc["R07", "high_fit_lift"]
    plan = territory.account_plan(northwind, "R07", "2026Q1")
    assert (plan["tier"] == "C").sum() >= 3
    tiers = territory.account_tiers(northwind).groupby("tier")["potential_acv"].sum()
    assert tiers["C"] > tiers["A"]


def test_territory_lesson_asks_its_practice_questions_in_order():
    asked = re.findall(r"\b(q\d)\.check\(", "\n".join(
        c.source for c in nbformat.read(LESSON_01, as_version=4).cells if c.cell_type == "code"))
    assert asked == [f"q{i}" for i in range(1, 7)]


# -- lesson 03: deals, qualification and deal management -----------------------------------


def test_deals_lesson_strong_deals_win_more_and_weak_ones_never_decide(northwind):
    """03_deals part 1: 'strong deals win more often than fair ones'; 'deals scored weak (0-8) never reach a decision'."""
    from sefkit import deals

    bands = deals.outcome_by_band(northwind).set_index("band")
    assert bands.loc["strong", "win_rate"] > bands.loc["fair", "win_rate"]
    assert bands.loc["weak", "decided"] == 0 and bands.loc["weak", "disqualified"] > 0


def test_deals_lesson_busiest_reps_give_each_deal_fewer_calls(northwind):
    """03_deals part 2: 'reps with the most open deals give each one fewer calls'."""
    from sefkit import deals

    load = deals.deal_load(northwind)
    busy = load["open_deals"] >= load["open_deals"].median()
    assert load.loc[busy, "calls_per_deal_week"].mean() < load.loc[~busy, "calls_per_deal_week"].mean()
    assert load["open_deals"].corr(load["calls_per_deal_week"]) < -0.5


def test_deals_lesson_the_bar_rep_has_the_most_no_decisions_and_a_low_win_rate(northwind):
    """03_deals q5 and part 4: BAR_REP is 'the rep with the most no decisions', with 'one of the lower win rates',
    'more no decisions than the team, fewer deals lost at the decision', and 'disqualifies few'."""
    from sefkit import deals
    from sefkit.classroom.lessons.deals import BAR_REP

    profile = deals.loss_profile(northwind).set_index("rep_id")
    assert profile["no_decision_rate"].idxmax() == BAR_REP
    assert profile["win_rate"].rank().loc[BAR_REP] <= len(profile) / 2
    counts = deals.outcome_counts(northwind).sum()
    assert profile.loc[BAR_REP, "lost_rate"] < counts["lost"] / counts["decided"]
    assert profile.loc[BAR_REP, "disqualification_rate"] < profile["disqualification_rate"].median()


# -- lesson 06: forecasting (course/06_forecasting.ipynb) ---------------------------------

LESSON_06 = Path(__file__).resolve().parent.parent / "course" / "06_forecasting.ipynb"


def test_forecasting_lesson_follows_its_rep_and_names_its_constants(northwind):
    """06_forecasting parts 1 and 6: R09's calls in 2026Q2; q6's rep has the most commit money in zombie deals."""
    from sefkit import forecast
    from sefkit.classroom.lessons import forecasting as lesson

    text = lesson_markdown(LESSON_06)
    assert f"calls {lesson.REP} made, week by week, through {lesson.QUARTER}" in text
    out = forecast.commit_outcomes(northwind, week=lesson.WEEK, by="rep")
    assert out.sort_values("zombie", ascending=False)["rep_id"].iloc[0] == lesson.ZOMBIE_REP
    # part 1: the commit starts small against the pipeline and the lines come together by the quarter's end
    f = northwind.forecasts.query("rep_id == @lesson.REP and quarter == @lesson.QUARTER").sort_values("week")
    gap = (f["pipeline"] - f["commit"]).abs().to_numpy()
    assert f["commit"].iloc[0] < f["pipeline"].iloc[0] and gap[-1] < gap[0] / 2


def test_forecasting_lesson_early_calls_scatter_late_calls_close_in(northwind):
    """06_forecasting part 2: 'early calls scatter widely, late calls close in on the diagonal'."""
    from sefkit import forecast

    error = {w: forecast.forecast_accuracy(northwind, week=w, by=None)["mean_abs_error"].iloc[0] for w in (3, 7, 11)}
    assert error[3] > error[7] > error[11]


def test_forecasting_lesson_team_call_steadier_than_the_reps(northwind):
    """06_forecasting part 3: 'the team's call can look steady while the reps' calls are not'."""
    from sefkit import forecast

    team = forecast.team_forecast_error(northwind)["error"].abs().mean()
    reps = forecast.forecast_accuracy(northwind, by=None)["mean_abs_error"].iloc[0]
    assert team < reps / 2


def test_forecasting_lesson_stage_weighted_far_too_high(northwind):
    """06_forecasting part 5: 'far too high on this team'; the reps' calls and history do much better."""
    from sefkit import forecast

    methods = forecast.compare_methods(northwind).set_index("method")
    assert methods.loc["stage_weighted", "bias"] > 0.5
    assert methods.loc["stage_weighted", "mean_abs_error"] > 1.5 * methods.loc[["commit", "history"],
                                                                               "mean_abs_error"].max()


def test_forecasting_lesson_scenario_titles(northwind):
    """06_forecasting parts 6 and 7, the titles: poor hygiene and forecast-only coaching leave less accurate calls."""
    from sefkit.classroom.lessons.forecasting import FORECAST_ONLY

    teams = {"northwind": northwind,
             "zombie_pipeline": sefkit.simulate("zombie_pipeline", seed=0, detail="core"),
             "forecast_only": sefkit.simulate("northwind", seed=0, detail="core", **FORECAST_ONLY)}
    error = compare_scenarios(teams, "forecast_abs_error").pivot(index="quarter", columns="scenario", values="value")
    assert (error["zombie_pipeline"] > error["northwind"]).mean() >= 0.75
    assert error.loc[LATE, "forecast_only"].mean() > error.loc[LATE, "northwind"].mean()


# -- lesson 07: the whole job -------------------------------------------------------------------

LESSON_07 = LESSON_05.parent / "07_whole_job.ipynb"


@pytest.fixture(scope="module")
def missed(northwind):
    """07_whole_job part 2: R02's 2026Q1 traced back, by measure."""
    from sefkit import evidence
    from sefkit.classroom.lessons import whole_job

    return evidence.trace(northwind, whole_job.MISSED_REP, whole_job.MISSED_QUARTER).set_index("measure")


def test_whole_job_lesson_asks_its_practice_questions_in_order():
    asked = re.findall(r"\b(q\d)\.check\(", "\n".join(
        c.source for c in nbformat.read(LESSON_07, as_version=4).cells if c.cell_type == "code"))
    assert asked == [f"q{i}" for i in range(1, 7)]


def test_whole_job_lesson_most_reps_are_behind_somewhere_and_ahead_elsewhere(northwind):
    """07_whole_job part 1: 'Most reps are behind the team somewhere, and ahead somewhere else.'"""
    from sefkit import system

    scores = system.scorecard(northwind)
    both = (scores.min(axis=1) < 0) & (scores.max(axis=1) > 0)
    assert both.mean() > 0.5


def test_whole_job_lesson_the_missed_quarter_reads_as_the_text_says(missed):
    """07_whole_job part 2: R02 won well under a fifth of quota; the first Monday's commit call was far
    above what R02 won; the pipeline was thin and its deals lost more often than the team's; in the
    two quarters before R02 booked fewer meetings and created fewer opportunities; the miss started in
    prospecting."""
    from sefkit.classroom.lessons import whole_job

    row = missed.loc
    assert row["attainment (won / quota)", "rep_value"] < 0.2
    assert row["first Monday's commit call / money won", "rep_value"] > 2
    assert row["first Monday's commit call / money won", "worse_than_team"]
    for measure in ("coverage on the first day (pipeline due / quota)", "win rate", "meetings",
                    "opportunities created"):
        assert row[measure, "worse_than_team"], measure
    assert whole_job.q2.answer == "prospecting"


def test_whole_job_lesson_r04s_two_lowest_scores_are_about_half_apart(northwind):
    """07_whole_job part 3: 'Look at R04, whose two lowest scores are about half a standard deviation apart'."""
    from sefkit import system
    from sefkit.classroom.lessons import whole_job

    for table in (system.scorecard(northwind), system.diagnostic_scores(northwind)):
        low = table.loc[whole_job.DIAGNOSED_REP].sort_values()
        assert 0.4 <= low.iloc[1] - low.iloc[0] <= 0.6
    margin = system.diagnose(northwind).set_index("rep_id").loc[whole_job.DIAGNOSED_REP, "margin"]
    assert 0.4 <= margin <= 0.6

LESSON_04 = Path(__file__).resolve().parent.parent / "course" / "04_calls.ipynb"


def test_calls_lesson_busy_reps_plan_fewer_calls(northwind):
    """04_calls part 4, the picture's title and prose: 'Reps carrying more deals plan fewer of their calls'."""
    from sefkit import calls

    table = calls.calls_and_load(northwind)
    assert table["open_deals"].corr(table["planned_share"]) <= -0.3
    from sefkit import plots

    assert plots.calls_vs_load(northwind).get_title() == "Reps carrying more deals plan fewer of their calls"


def test_calls_lesson_early_calls_continue_most_and_planned_calls_work(northwind):
    """04_calls parts 2-3: 'Early calls (qualify) end in a continuation most often'; planned calls advance more."""
    from sefkit import calls

    stages = calls.calls_by_stage(northwind).set_index("stage")
    assert stages["continuation_rate"].idxmax() == "qualify"
    planned = calls.planned_call_effect(northwind).set_index("planned")
    assert planned.loc[True, "advance_rate"] > planned.loc[False, "advance_rate"]
    assert "Early calls (qualify) end in a continuation most often" in lesson_markdown(LESSON_04)


# -- lesson 08: coaching and performance management ----------------------------------------

LESSON_08 = Path(__file__).resolve().parent.parent / "course" / "08_coaching.ipynb"


def test_coaching_lesson_the_managers_coach_everyone_the_same_way(northwind):
    """'15 minutes a week on each of the seven parts of the job, for every rep.'"""
    from sefkit import coaching

    assert "15 minutes a week on each of the seven" in lesson_markdown(LESSON_08)
    table = coaching.coaching_summary(northwind, quarter="2026Q4").drop(columns="total")
    assert (table.round(6) == 15.0).all().all()


def test_coaching_lesson_r03_swings_as_the_text_says(northwind):
    """'R03: 144% in 2026Q3, 31% in 2026Q4'; reps swing from under half of quota to well over it."""
    from sefkit import territory

    assert "R03: 144% in 2026Q3, 31% in\n2026Q4" in lesson_markdown(LESSON_08)
    a = territory.attainment(northwind).pivot(index="rep_id", columns="quarter", values="attainment")
    assert (round(a.loc["R03", "2026Q3"], 2), round(a.loc["R03", "2026Q4"], 2)) == (1.44, 0.31)
    swings = a.min(axis=1).lt(0.5) & a.max(axis=1).gt(1.3)
    assert swings.mean() > 0.5


def test_coaching_lesson_the_diagnosis_plan_beats_the_simple_plans_on_its_team(northwind):
    """The lesson's picture: from the diagnosis above spread evenly and prospecting only (10 futures)."""
    from sefkit.classroom.lessons.coaching import plan_gain

    gains = {name: plan_gain(northwind, name) for name in ("diagnosis", "even", "prospecting")}
    assert gains["diagnosis"] > max(gains["even"], gains["prospecting"])


# -- lesson 09: the ecosystem (seed 0 teams) ---------------------------------------------

@pytest.fixture(scope="module")
def ecosystem_teams():
    from sefkit.classroom.lessons import ecosystem

    return ecosystem.lesson_team(), ecosystem.surge_team(), ecosystem.gap_team()


def test_ecosystem_lesson_sources_read_as_the_text_says(ecosystem_teams):
    """Reps create most of the pipeline, marketing about a third; referral and expansion win most, marketing least,
    and more of marketing's deals end in no decision."""
    from sefkit import deals

    team = ecosystem_teams[0]
    created = deals.created_by_source(team, by=[]).iloc[0]
    assert created["outbound"] > created["created"] / 2
    assert 0.25 <= created["marketing_share"] <= 0.4
    rates = deals.outcome_counts(team, by="source")
    assert rates["win_rate"].idxmin() == "marketing"
    assert set(rates["win_rate"].nlargest(2).index) == {"referral", "expansion"}
    assert rates["no_decision_rate"].idxmax() == "marketing"


def test_ecosystem_lesson_surge_makes_marketing_more_than_half_of_new_deals(ecosystem_teams):
    """'Marketing's share of new opportunities went from about a third to more than half.'"""
    from sefkit import deals

    share = deals.created_by_source(ecosystem_teams[1])["marketing_share"]
    assert share.iloc[:2].between(0.28, 0.4).all() and (share.iloc[2:] > 0.5).all()


def test_ecosystem_lesson_product_gap_losses_jump_in_2026q1_and_stay(ecosystem_teams):
    """Product-gap losses jump in 2026Q1 and stay there; nearly every rep fell; northwind's reps split about half."""
    from sefkit import deals
    from sefkit.classroom.lessons.ecosystem import win_rate_by_year

    team, _, gap = ecosystem_teams
    shares = deals.loss_reason_shares(gap)["product_gap"]
    before, after = shares.loc[:"2025Q4"], shares.loc["2026Q1":]
    assert after.min() > before.max() + 0.05
    assert (win_rate_by_year(gap)["change"] < 0).sum() >= 8
    assert 3 <= (win_rate_by_year(team)["change"] < 0).sum() <= 7


def test_ecosystem_lesson_marketing_deals_are_lost_about_as_often_as_outbound(ecosystem_teams):
    """'They are lost at the decision about as often as the reps' own outbound deals.'"""
    from sefkit import deals

    rates = deals.outcome_counts(ecosystem_teams[0], by="source")
    lost = rates["lost"] / rates["decided"]
    assert abs(lost["marketing"] - lost["outbound"]) < 0.05
