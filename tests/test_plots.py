"""Pictures render headless, say what they show, and draw the numbers of the metric functions."""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import seaborn as sns  # noqa: E402

import sefkit  # noqa: E402
from sefkit import deals, forecast, plots, prospecting  # noqa: E402
from sefkit.data.examples import tiny_team  # noqa: E402
from sefkit.data.team import COMPONENTS, OPEN_STAGES, Team  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def labelled(ax, *words):
    """The title and both axis labels are set, and the title mentions each of ``words``."""
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    for word in words:
        assert word in ax.get_title()
    return True


def test_importing_sefkit_does_not_import_plotting_libraries():
    code = ("import sys, sefkit, sefkit.pictures.plots, sefkit.components.pipeline, sefkit.components.forecast; "
            "print(any(m in sys.modules for m in ('matplotlib', 'seaborn')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_funnel_bars_are_the_funnel_counts_with_rates():
    team = tiny_team()
    ax = plots.funnel(team, rep="R01", quarter="2025Q1")
    assert labelled(ax, "rep R01 in 2025Q1")
    assert ax.get_ylabel() == "Funnel step" and ax.get_xscale() == "linear"  # 120 vs 6: not spread enough for log
    widths = [p.get_width() for p in ax.patches]
    assert widths == [120, 48, 24, 12, 6]  # R01's 2025Q1 funnel (see sefkit.data.examples)
    notes = [t.get_text() for t in ax.texts]
    assert notes[0] == "120" and "(40% of the step before)" in notes[1]
    assert [p.get_facecolor()[:3] for p in ax.patches] == [tuple(c) for c in sns.color_palette("colorblind", 5)]


def test_pipeline_by_stage_stacks_each_mondays_open_pipeline():
    team = tiny_team()
    ax = plots.pipeline_by_stage(team)
    assert labelled(ax, "the whole team")
    assert ax.get_ylabel() == "Open pipeline (currency units)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [s.capitalize() for s in OPEN_STAGES]
    # the top of the stack on 7 April is the whole open pipeline that day: 50k + 60k + 80k + 90k
    top = ax.collections[-1].get_paths()[0].vertices
    day = matplotlib.dates.date2num(pd.Timestamp("2025-04-07"))
    assert top[np.isclose(top[:, 0], day), 1].max() == pytest.approx(280_000)
    one = plots.pipeline_by_stage(team, rep="R02")
    assert "rep R02" in one.get_title()


def test_money_labels_name_the_teams_currency():
    team = tiny_team()
    euro = Team(**{**team.__dict__, "params": {"currency": "EUR"}})
    assert plots.pipeline_by_stage(euro).get_ylabel() == "Open pipeline (EUR)"
    assert plots.short_money(1_250_000) == "1.25M"


def test_coverage_bars_are_coverage_and_quality_coverage():
    team = tiny_team()
    ax = plots.coverage(team, quarter="2025Q2")
    assert labelled(ax, "2025Q2") and ax.get_xlabel() == "Rep"
    heights = [p.get_height() for p in ax.patches]
    # R01 1.9 raw, 1.4 without zombie deal 3; R02 0.9 both (see sefkit.components.pipeline)
    assert heights == pytest.approx([1.9, 0.9, 1.4, 0.9])
    lines = {line.get_label(): line.get_ydata()[0] for line in ax.get_lines()}
    assert lines["3x rule of thumb"] == 3.0 and lines["1x: pipeline equals quota"] == 1.0
    # Coverage needed is learnt from the quarters before 2025Q2: 2025Q1 began with no
    # pipeline, so no slip rate can be measured yet and no rep gets a diamond.
    assert len(ax.collections) == 0
    assert plots.coverage(team).get_title() == "Start of 2025Q2: 0 of 2 reps above the 3x rule"  # the last quarter
    assert ax.get_ylim()[0] == 0


def test_coverage_title_counts_reps_above_3x_and_above_their_own_need(northwind):
    from sefkit import pipeline

    ax = plots.coverage(northwind, quarter="2026Q2")
    table = pipeline.quality_coverage(northwind, quarter="2026Q2")
    history = northwind.quarters[: northwind.quarters.index("2026Q2")]
    need = pipeline.coverage_needed(northwind, quarter=history)["required_coverage"].to_numpy()
    above, enough = (table["coverage"] >= 3).sum(), (table["quality_coverage"].to_numpy() >= need).sum()
    assert ax.get_title() == (f"Start of 2026Q2: {above} of 10 reps above the 3x rule, {enough} above the "
                              "coverage they need once zombies are set aside")
    plt.close("all")


def test_won_vs_coverage_stacks_each_reps_won_money_by_what_coverage_counted():
    team = tiny_team()
    ax = plots.won_vs_coverage(team)
    # R01: 40,000 new in Q1 and 60,000 due in Q2; R02: 50,000 new in Q1 (see sefkit.components.pipeline)
    heights = [p.get_height() for p in ax.patches]
    assert heights == pytest.approx([60_000, 0, 0, 0, 40_000, 50_000])
    assert ax.get_title().startswith("60% of the money won") and ax.get_ylim()[0] == 0
    assert plots.won_vs_coverage(team, quarter="2025Q2").get_title().startswith("0% of the money won in 2025Q2")
    with pytest.raises(ValueError, match="nothing was won for rep R02 in 2025Q2"):
        plots.won_vs_coverage(team, quarter="2025Q2", rep="R02")
    plt.close("all")


def test_forecast_points_are_forecast_against_actual():
    team = tiny_team()
    ax = plots.forecast_vs_actual(team, week=7, method="stage_weighted")
    assert labelled(ax, "week 7")
    assert ax.get_xlabel() == "Won in the quarter (currency units)"
    table = forecast.forecast_vs_actual(team, week=7, method="stage_weighted")
    points = np.concatenate([c.get_offsets() for c in ax.collections])
    assert sorted(map(tuple, points.tolist())) == sorted(zip(table["actual"], table["forecast"], strict=True))
    with pytest.raises(ValueError, match="the history method has no forecast"):
        plots.forecast_vs_actual(team, quarter="2025Q1", method="history")


def test_scorecard_heatmap_takes_any_reps_by_components_table():
    scores = pd.DataFrame(
        [[1.0, -0.5, 0.0, 0.2, -1.5, 0.3, 0.0], [-1.0, 0.5, 0.0, -0.2, 1.5, -0.3, 0.0]],
        index=pd.Index(["R01", "R02"], name="rep_id"), columns=list(COMPONENTS),
    )
    ax = plots.scorecard(scores)
    assert labelled(ax, "scorecard") and ax.get_xlabel() == "SEF component" and ax.get_ylabel() == "Rep"
    mesh = ax.collections[0]
    puor = matplotlib.colormaps["PuOr"]
    assert np.allclose(mesh.get_cmap()(0.0), puor(0.0), atol=0.02)  # orange: worse than the team
    assert np.allclose(mesh.get_cmap()(1.0), puor(1.0), atol=0.02)  # purple: better
    assert (mesh.norm.vmin, mesh.norm.vmax) == (-1.5, 1.5)  # centred on the team average
    assert [t.get_text() for t in ax.texts][:2] == ["1.0", "-0.5"]
    assert [t.get_text() for t in ax.get_xticklabels()][4] == "deal management"


def test_scorecard_refuses_what_is_not_a_table_of_scores():
    with pytest.raises(ValueError, match="non-empty DataFrame"):
        plots.scorecard(pd.DataFrame())
    with pytest.raises(ValueError, match=r"not: \['calls'\]"):
        plots.scorecard(pd.DataFrame({"territory": [0.1], "calls": ["high"]}))


def test_compare_scenarios_uses_the_metric_functions():
    team = tiny_team()
    table = plots.compare_scenarios({"a": team, "b": team}, "win_rate")
    assert table.columns.tolist() == ["scenario", "quarter", "value"]
    assert table["value"].iloc[0] == deals.win_rate(team, quarter="2025Q1")
    assert table["value"].iloc[1] == deals.win_rate(team, quarter="2025Q2")
    cover = plots.compare_scenarios({"tiny": team}, "coverage")
    assert cover["value"].tolist() == [0.0, (190_000 + 90_000) / 200_000]
    zombies = plots.compare_scenarios({"tiny": team}, "zombie_share")
    assert np.isnan(zombies["value"].iloc[0]) and zombies["value"].iloc[1] == pytest.approx(50_000 / 280_000)


def test_compare_scenarios_marks_quarters_without_data_as_missing():
    team = tiny_team()
    cycle = plots.compare_scenarios({"tiny": team}, "average_won_size")
    assert cycle["value"].tolist() == [45_000.0, 60_000.0]
    bias = plots.compare_scenarios({"tiny": team}, "forecast_bias")
    assert bias["value"].tolist() == pytest.approx([-1.0, 0.0])  # Q2: R02 won nothing, only R01 counts


def test_scenario_comparison_draws_one_line_per_scenario():
    team = tiny_team()
    ax = plots.scenario_comparison({"first": team, "second": team}, "won_amount")
    assert labelled(ax, "Won amount") and ax.get_xlabel() == "Quarter"
    assert ax.get_ylabel() == "Won amount (currency units)"
    assert [line.get_label() for line in ax.get_lines()] == ["first", "second"]
    assert ax.get_lines()[0].get_ydata().tolist() == [90_000.0, 60_000.0]
    assert plots.scenario_comparison({"x": team}, "win_rate").get_ylabel() == "Win rate (%)"
    assert ax.get_ylim()[0] == 0  # the gap between the lines at its true size


def test_scenario_comparison_takes_a_finding_as_title_and_marks_an_event():
    team = tiny_team()
    ax = plots.scenario_comparison({"x": team}, "win_rate", title="Win rate holds", event=("2025Q2", "change"))
    assert ax.get_title() == "Win rate holds" and ax.get_ylim()[0] == 0
    assert [t.get_text() for t in ax.texts] == ["change"]
    bias = plots.scenario_comparison({"x": team}, "forecast_bias")
    assert bias.get_ylim()[0] <= -1.0  # a negative value stays in view
    with pytest.raises(ValueError, match="event quarter '2031Q1' is not shown"):
        plots.scenario_comparison({"x": team}, "win_rate", event=("2031Q1", "later"))
    plt.close("all")


def test_scenario_comparison_bad_input():
    team = tiny_team()
    with pytest.raises(ValueError, match="unknown metric 'happiness'; valid metrics: won_amount, win_rate"):
        plots.scenario_comparison({"x": team}, "happiness")
    with pytest.raises(ValueError, match="non-empty dict of name -> Team"):
        plots.scenario_comparison([team], "won_amount")
    with pytest.raises(ValueError, match="non-empty dict"):
        plots.scenario_comparison({}, "won_amount")


def test_drawing_on_a_given_axes_and_leaving_the_team_alone():
    team = tiny_team()
    before = {k: v.copy() for k, v in team.tables().items()}
    fig, axes = plt.subplots(1, 3)
    assert plots.coverage(team, ax=axes[0]) is axes[0]
    assert plots.funnel(team, ax=axes[1]) is axes[1]
    assert plots.pipeline_by_stage(team, ax=axes[2]) is axes[2]
    for name, df in team.tables().items():
        pd.testing.assert_frame_equal(df, before[name])


def test_pictures_pass_on_bad_selections_as_clear_errors():
    team = tiny_team()
    with pytest.raises(ValueError, match="unknown rep 'R9'"):
        plots.pipeline_by_stage(team, rep="R9")
    with pytest.raises(ValueError, match="unknown quarter"):
        plots.coverage(team, quarter="2031Q1")



@pytest.mark.parametrize("draw", ["funnel", "pipeline_by_stage", "coverage", "won_vs_coverage", "forecast_vs_actual",
                                  "scenario", "scorecard"])
def test_every_picture_renders_on_northwind(northwind, draw):
    team = northwind
    if draw == "scenario":
        ax = plots.scenario_comparison({"northwind": team}, "coverage")
    elif draw == "scorecard":
        scores = pd.DataFrame(np.linspace(-2, 2, 70).reshape(10, 7), index=team.rep_ids, columns=list(COMPONENTS))
        ax = plots.scorecard(scores)
    else:
        ax = getattr(plots, draw)(team)
    ax.figure.canvas.draw()
    assert labelled(ax)


def test_coverage_diamonds_use_only_quarters_before_the_one_shown(northwind):
    """The 'coverage needed' markers are what a manager could know on the quarter's first day."""
    from sefkit import pipeline

    ax = plots.coverage(northwind, quarter="2026Q2")
    (diamonds,) = ax.collections
    history = northwind.quarters[: northwind.quarters.index("2026Q2")]
    expected = pipeline.coverage_needed(northwind, quarter=history)["required_coverage"]
    np.testing.assert_allclose(np.asarray(diamonds.get_offsets())[:, 1], expected.to_numpy())
    hindsight = pipeline.coverage_needed(northwind)["required_coverage"]
    assert not np.allclose(np.asarray(diamonds.get_offsets())[:, 1], hindsight.to_numpy())
    plt.close("all")
    assert len(plots.coverage(northwind, quarter=northwind.quarters[0]).collections) == 0  # nothing known yet
    plt.close("all")


# -- lesson 02: channels, payback, one rep in two scenarios ----------------------------------


def test_channel_funnel_bars_are_meetings_per_100_activities():
    team = tiny_team()
    ax = plots.channel_funnel(team, rep="R01")
    assert labelled(ax, "Calls", "rep R01")
    expected = prospecting.channel_funnel(team, rep="R01")["meetings_per_100"].tolist()
    assert [p.get_height() for p in ax.patches] == pytest.approx(expected)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Calls", "Emails", "Social touches"]
    assert ax.get_ylim()[0] == 0
    assert "75% of meetings" in ax.texts[0].get_text()


def test_payback_bars_are_the_shares_and_the_title_the_later_share():
    team = tiny_team()
    ax = plots.payback(team)
    table = prospecting.payback(team)
    assert [p.get_height() for p in ax.patches] == pytest.approx(table["share"].tolist())
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Same quarter", "Next quarter", "2 quarters later", "3+ quarters later"]
    assert labelled(ax, f"{1 - table['share'].iloc[0]:.0%} of the money won from prospecting")


def test_rep_comparison_draws_the_reps_numbers_per_scenario(northwind):
    stopped = sefkit.simulate("northwind", seed=0, stop_prospecting={"rep": "R01", "quarter": 3})
    teams = {"as it is": northwind, "R01 stops": stopped}
    ax = plots.rep_comparison(teams, "R01", "won_amount", event=("2025Q3", "stops"), title="R01 stops")
    assert labelled(ax, "R01 stops") and ax.get_ylabel() == "Won amount (USD)"
    base, after = (line.get_ydata() for line in ax.lines[:2])  # then the event line
    assert list(base) == [deals.won_amount(northwind, "R01", q) for q in northwind.quarters]
    assert list(after) == [deals.won_amount(stopped, "R01", q) for q in stopped.quarters]
    assert ax.get_ylim()[0] == 0
    ax = plots.rep_comparison(teams, "R01", "opportunities")
    created = prospecting.funnel(stopped, "R01", by="quarter")["opportunities"].tolist()
    assert list(ax.lines[1].get_ydata()) == created and created[-1] == 0


def test_rep_comparison_bad_input():
    team = tiny_team()
    with pytest.raises(ValueError, match="unknown metric 'calls'"):
        plots.rep_comparison({"t": team}, "R01", "calls")
    with pytest.raises(ValueError, match="shows one rep"):
        plots.rep_comparison({"t": team}, ["R01"], "won_amount")
    with pytest.raises(ValueError, match="unknown rep 'R9'"):
        plots.rep_comparison({"t": team}, "R9")
    with pytest.raises(ValueError, match="non-empty dict"):
        plots.rep_comparison({}, "R01")
    with pytest.raises(ValueError, match="event quarter '2031Q1' is not shown"):
        plots.rep_comparison({"t": team}, "R01", event=("2031Q1", "later"))


# -- lesson 01: territory pictures ---------------------------------------------------------


def test_accounts_draws_every_territory_account_sized_by_activity():
    from sefkit import territory

    team = tiny_team()
    ax = plots.accounts(team, "R01", "2025Q1")
    assert labelled(ax, "R01", "2025Q1", "high-fit") and ax.get_ylim()[0] == 0 and ax.get_xlim() == (0, 1)
    points = np.concatenate([c.get_offsets() for c in ax.collections])
    plan = territory.account_plan(team, "R01", "2025Q1", n=100)
    assert len(points) == len(plan) == 6  # every account of T01 once, touched or not
    assert sorted(map(tuple, points.tolist())) == sorted(zip(plan["icp_fit"], plan["potential_acv"], strict=True))


def test_effort_vs_potential_bars_are_the_shares_by_tier():
    from sefkit import territory

    team = tiny_team()
    ax = plots.effort_vs_potential(team, quarter="2025Q1")
    assert labelled(ax, "Tier A") and ax.get_ylim() == (0, 1)
    table = territory.effort_vs_potential(team, quarter="2025Q1")
    heights = [p.get_height() for p in ax.patches]
    # per tier: two effort bars (R01, R02), then two potential bars
    expected = []
    for tier in ("A", "B", "C"):
        rows = table[table["tier"] == tier]
        expected += rows["effort_share"].tolist() + rows["potential_share"].tolist()
    assert heights == pytest.approx(expected)


def test_outcomes_by_tier_stacks_each_tiers_outcome_shares():
    team = tiny_team()
    ax = plots.outcomes_by_tier(team)
    assert labelled(ax, "tier-C", "tier A") and ax.get_ylim() == (0, 1)
    # tier A: 2 won, 0 lost, 1 no decision; B: 1 won, 1 lost; C: 1 lost
    heights = [p.get_height() for p in ax.patches]
    assert heights == pytest.approx([2 / 3, 0.5, 0, 0, 0.5, 1, 1 / 3, 0, 0])
    with pytest.raises(ValueError, match="no decided deals"):
        plots.outcomes_by_tier(team, rep="R02", quarter="2025Q2")


def test_scenario_comparison_shows_activity_and_high_fit_share(northwind):
    from sefkit import territory

    table = plots.compare_scenarios({"n": northwind}, "high_fit_share").set_index("quarter")["value"]
    focus = territory.prospecting_focus(northwind, quarter="2025Q3")
    assert table["2025Q3"] == pytest.approx(focus["high_fit_activities"].sum() / focus["activities"].sum())
    acts = plots.compare_scenarios({"n": northwind}, "activities")["value"]
    assert acts.sum() == len(northwind.activities)
    ax = plots.scenario_comparison({"n": northwind}, "high_fit_share")
    assert labelled(ax) and ax.get_ylim()[0] == 0


@pytest.mark.parametrize("draw", ["accounts", "effort_vs_potential", "outcomes_by_tier"])
def test_territory_pictures_render_on_northwind(northwind, draw):
    ax = plots.accounts(northwind, "R07", "2026Q1") if draw == "accounts" else getattr(plots, draw)(northwind)
    ax.figure.canvas.draw()
    assert labelled(ax)


def test_forecast_call_draws_the_reps_weekly_calls_and_the_actual():
    team = tiny_team()
    ax = plots.forecast_call(team, "R01", "2025Q2")
    assert labelled(ax, "R01", "2025Q2")
    calls = team.forecasts[(team.forecasts["rep_id"] == "R01") & (team.forecasts["quarter"] == "2025Q2")]
    lines = {line.get_label(): line for line in ax.get_lines()}
    for column, label in plots.CALL_LINES:
        assert lines[label].get_ydata().tolist() == calls.sort_values("week")[column].tolist()
    actual = forecast.forecast_vs_actual(team, 7, "R01", "2025Q2")["actual"].iloc[0]
    assert lines["Won in the quarter"].get_ydata()[0] == actual
    with pytest.raises(ValueError, match="one rep"):
        plots.forecast_call(team, ["R01", "R02"], "2025Q2")


def test_commit_outcomes_bars_add_up_to_the_money_called_commit(northwind):
    ax = plots.commit_outcomes(northwind, quarter=northwind.quarters[1])
    table = forecast.commit_outcomes(northwind, quarter=northwind.quarters[1], by="rep")
    assert labelled(ax, "week 7")
    ends = {}
    for bar, rep in zip(ax.patches, list(table["rep_id"]) * len(forecast.COMMIT_FATES), strict=True):
        ends[rep] = max(ends.get(rep, 0.0), bar.get_x() + bar.get_width())
    assert np.allclose([ends[r] for r in table["rep_id"]], table["committed"])
    worst = table.sort_values("zombie", ascending=False, kind="stable")["rep_id"].iloc[0]
    assert worst in ax.get_title() or table["zombie"].sum() == 0


def test_symptom_trace_draws_the_trace(northwind):
    from sefkit import evidence

    rep, quarter = northwind.rep_ids[0], northwind.quarters[4]
    t = evidence.trace(northwind, rep, quarter)
    ax = plots.symptom_trace(northwind, rep, quarter)
    widths = [p.get_width() for p in ax.patches]
    assert widths == pytest.approx(t["vs_team"].fillna(0).tolist())
    assert ax.get_xlim()[0] == 0  # sizes are compared: the axis starts at zero
    assert f"worse than the team on {int(t['worse_than_team'].sum())} of {len(t)} links" in ax.get_title()
    colours = {tuple(p.get_facecolor()) for p, w in zip(ax.patches, t["worse_than_team"], strict=True) if w}
    assert len(colours) <= 1
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="unknown rep"):
        plots.symptom_trace(northwind, "R99", quarter)

def test_call_outcomes_stacks_each_reps_call_shares():
    from sefkit import calls

    team = tiny_team()
    ax = plots.call_outcomes(team)
    table = calls.advance_rate(team)
    assert labelled(ax, "moved a deal on", "kept it alive") and ax.get_xlim() == (0, 1)
    widths = [p.get_width() for p in ax.patches]
    expected = [table[f"{o}_rate"].tolist() for o in ("advance", "continuation", "setback")]
    assert widths == pytest.approx([w for part in expected for w in part])
    assert "44%" in ax.get_title()  # 7 advances of 16 calls


def test_calls_vs_load_dots_are_the_rep_quarters_load_and_planning(northwind):
    from sefkit import calls

    ax = plots.calls_vs_load(northwind)
    table = calls.calls_and_load(northwind)
    dots = ax.collections[0].get_offsets()
    assert np.asarray(dots)[:, 0] == pytest.approx(table["open_deals"].to_numpy())
    assert np.asarray(dots)[:, 1] == pytest.approx(table["planned_share"].to_numpy())
    assert labelled(ax) and ax.get_ylim() == (0, 1) and ax.get_xlim()[0] == 0
    assert ax.get_title() == "Reps carrying more deals plan fewer of their calls"
    with pytest.raises(ValueError, match="unknown rep"):
        plots.calls_vs_load(northwind, rep="R99")


def test_coaching_minutes_stacks_each_reps_minutes(northwind):
    from sefkit.whole_job.coaching import coaching_summary

    ax = plots.coaching_minutes(northwind, quarter="2026Q4")
    table = coaching_summary(northwind, quarter="2026Q4")
    heights: dict = {}
    for patch in ax.patches:
        middle = round(patch.get_x() + patch.get_width() / 2)
        heights[middle] = heights.get(middle, 0) + patch.get_height()
    assert sorted(heights.values()) == pytest.approx(sorted(table["total"]))
    assert ax.get_ylim()[0] == 0


def test_attainment_by_quarter_draws_each_reps_attainment(northwind):
    from sefkit.components.territory import attainment

    ax = plots.attainment_by_quarter(northwind, reps=["R01", "R02"])
    expected = attainment(northwind, rep="R01")["attainment"].to_numpy()
    assert ax.lines[0].get_ydata() == pytest.approx(expected)


def test_plan_effects_draws_each_gain_and_its_band():
    gains = {"a": pd.Series({"gain": 5e4, "low": 1e4, "high": 9e4, "replications": 10.0}),
             "b": pd.Series({"gain": -2e4, "low": -3e4, "high": 0.0, "replications": 10.0})}
    ax = plots.plan_effects(gains)
    assert [p.get_width() for p in ax.patches] == pytest.approx([5e4, -2e4])
    with pytest.raises(ValueError, match="non-empty dict"):
        plots.plan_effects({})


def test_created_by_source_stacks_the_functions_counts(northwind):
    from sefkit.components import deals

    ax = plots.created_by_source(northwind)
    table = deals.created_by_source(northwind)
    heights = np.array([p.get_height() for p in ax.patches]).reshape(4, len(table))
    assert heights.tolist() == table[["outbound", "marketing", "referral", "expansion"]].T.to_numpy(float).tolist()
    assert f"{table['marketing_share'].iloc[-1]:.0%} in {table.index[-1]}" in ax.get_title()
    plt.close(ax.figure)


def test_loss_reasons_bars_are_the_shares_and_add_up_to_one(northwind):
    from sefkit.components import deals

    ax = plots.loss_reasons(northwind, by="source")
    shares = deals.loss_reason_shares(northwind, by="source")
    heights = np.array([p.get_height() for p in ax.patches]).reshape(6, len(shares))
    assert np.allclose(heights.T, shares.drop(columns="decided").to_numpy(float))
    assert heights.sum(axis=0) == pytest.approx(np.ones(len(shares)))
    plt.close(ax.figure)
