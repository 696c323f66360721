"""Widgets: the pure functions behind each explorer, and their wiring with stand-in controls."""

from types import SimpleNamespace

import pandas as pd
import pytest

from sefkit import widgets
from sefkit.data.examples import tiny_team
from sefkit.data.team import COMPONENTS


class Control:
    """A stand-in for an ipywidgets control: keeps its keyword arguments and its observers."""

    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)
        self.observers = []

    def observe(self, handler, names):
        assert names == "value"
        self.observers.append(handler)

    def set(self, value):
        old, self.value = self.value, value
        for handler in self.observers:
            handler({"name": "value", "old": old, "new": value})


class Box:
    def __init__(self, children):
        self.children = list(children)


STAND_INS = SimpleNamespace(
    Dropdown=Control, IntSlider=Control, BoundedIntText=Control, HTML=Control, Image=Control, VBox=Box, HBox=Box
)


def _controls(box):
    """Every control inside a layout, depth first."""
    for child in box.children:
        if isinstance(child, Box):
            yield from _controls(child)
        else:
            yield child


# -- coaching lab: pure part --------------------------------------------------

def test_lab_plan_for_one_rep_and_for_the_team():
    team = tiny_team()
    assert widgets.lab_plan(team, "R02", {"calls": 30, "hygiene": 0, "territory": 5}) == {
        "R02": {"calls": 30, "territory": 5}
    }
    assert widgets.lab_plan(team, widgets.TEAM, {"calls": 10}) == {"R01": {"calls": 10}, "R02": {"calls": 10}}
    assert widgets.lab_plan(team, "R01", {c: 0 for c in COMPONENTS}) == {}
    with pytest.raises(ValueError, match="unknown rep 'R7'; valid reps: R01, R02"):
        widgets.lab_plan(team, "R7", {"calls": 10})


def test_lab_html_shows_a_message_not_a_traceback():
    # a hand-built team cannot be run forward: the lab says so in words
    text = widgets.lab_html(tiny_team(), "R01", {"calls": 30})
    assert "Not possible" in text and "needs a simulated team" in text


def test_named_plans_follow_the_choice_and_the_budget():
    team = tiny_team()
    assert widgets.named_plan(team, "custom", "R01", 60, {"calls": 30}) == {"R01": {"calls": 30}}
    assert widgets.named_plan(team, "prospecting", widgets.TEAM, 45, {}) == {
        "R01": {"prospecting": 45.0}, "R02": {"prospecting": 45.0}}
    assert widgets.named_plan(team, "nobody", "R01", 60, {"calls": 30}) == {}
    diag = widgets.named_plan(team, "diagnosis", "R01", 60, {})
    assert list(diag) == ["R01"] and sum(diag["R01"].values()) == pytest.approx(60, abs=0.2)
    weakest = widgets.named_plan(team, "weakest", widgets.TEAM, 30, {})
    assert weakest == {"R01": {"prospecting": 30.0}, "R02": {"territory": 30.0}}  # diagnose's weakest links
    with pytest.raises(ValueError, match="unknown plan 'golf'; valid plans: diagnosis"):
        widgets.named_plan(team, "golf", "R01", 60, {})


def test_lab_html_shows_both_plans_with_bands(monkeypatch):
    table = pd.DataFrame({
        "quarter": ["2025Q3", "2025Q3"], "metric": ["won_amount", "win_rate"], "baseline": [100_000.0, 0.25],
        "a": [10_000.0, 0.05], "a_low": [2_000.0, 0.01], "a_high": [18_000.0, 0.09],
        "b": [4_000.0, float("nan")], "b_low": [-1_000.0, float("nan")], "b_high": [9_000.0, float("nan")],
        "a_minus_b": [6_000.0, 0.0], "a_minus_b_low": [1_000.0, 0.0], "a_minus_b_high": [11_000.0, 0.0],
    })
    seen = {}

    def fake_summary(team, coach, plan_a, plan_b, quarters_ahead, replications):
        seen.update(coach=coach, a=plan_a, b=plan_b, quarters_ahead=quarters_ahead, replications=replications)
        return {"quarters": ("2025Q3", "2025Q4"), "baseline": 220_000.0, "replications": replications,
                "a": (25_000.0, 5_000.0, 45_000.0), "b": (-1_000.0, -8_000.0, 6_000.0),
                "a_minus_b": (26_000.0, 9_000.0, 43_000.0), "per_quarter": table}

    monkeypatch.setattr(widgets, "lab_summary", fake_summary)
    text = widgets.lab_html(tiny_team(), "R02", {"calls": 30}, 2, plan_a="custom", plan_b="nobody")
    assert seen == {"coach": "R02", "a": {"R02": {"calls": 30}}, "b": {}, "quarters_ahead": 2,
                    "replications": widgets.LAB_REPLICATIONS}
    assert "Plan A, your own split (the sliders): <b>+25,000 (+5,000 to +45,000)</b>" in text
    assert "Plan B, coach nobody: <b>-1,000 (-8,000 to +6,000)</b>" in text
    assert "A - B: <b>+26,000 (+9,000 to +43,000)</b>" in text and "220,000 without coaching" in text
    assert "<td>Win rate</td><td>2025Q3</td><td>25.0 %</td><td>+5.0 pts (+1.0 pts to +9.0 pts)</td><td>- (- to -)</td>" in text
    assert "A: M1 30 of 1,200 minutes a week; B: no manager time (nobody is coached)" in text
    text = widgets.lab_html(tiny_team(), widgets.TEAM, {"calls": 30, "hygiene": 15}, 2, plan_a="custom")
    assert "A: M1 90 of 1,200" in text  # two reps of M1, 45 minutes each


# -- coaching lab: wiring -----------------------------------------------------

@pytest.fixture
def recorded(monkeypatch):
    calls = []

    def fake_html(team, coach, minutes, quarters_ahead, *, plan_a, plan_b, budget):
        calls.append((coach, dict(minutes), quarters_ahead, plan_a, plan_b, budget))
        return f"<p>{coach} {sum(minutes.values())} {plan_a} {plan_b} {budget}</p>"

    monkeypatch.setattr(widgets, "lab_html", fake_html)
    return calls


def test_coaching_lab_wires_every_control_to_the_result(recorded):
    team = tiny_team()
    lab = widgets.coaching_lab(team, quarters_ahead=3, ui=STAND_INS)
    controls = list(_controls(lab))
    coach = next(c for c in controls if getattr(c, "description", "") == "Coach")
    plan_a = next(c for c in controls if getattr(c, "description", "") == "Plan A")
    plan_b = next(c for c in controls if getattr(c, "description", "") == "Plan B")
    budget = next(c for c in controls if getattr(c, "description", "") == "Minutes a rep")
    sliders = [c for c in controls if hasattr(c, "max") and c is not budget]
    result = controls[-1]
    assert [s.description for s in sliders] == [widgets.COMPONENT_LABELS[c] for c in COMPONENTS]
    assert all(s.continuous_update is False and s.min == 0 and s.max == widgets.SLIDER_MAX for s in sliders)
    assert [v for _, v in coach.options] == [widgets.TEAM, "R01", "R02"]
    assert coach.options[1][0] == "R01 Ada Lovelace"
    assert [v for _, v in plan_a.options] == list(widgets.PLAN_CHOICES)
    # it opens on a plan with an effect: each rep's diagnosed gaps against the same minutes spread evenly
    assert recorded == [(widgets.TEAM, {c: 0 for c in COMPONENTS}, 3, "diagnosis", "even", widgets.LAB_MINUTES)]
    assert result.value == f"<p>{widgets.TEAM} 0 diagnosis even 60</p>"
    # one slider change recomputes once, with that slider's component
    sliders[COMPONENTS.index("calls")].set(45)
    assert recorded[-1][:2] == (widgets.TEAM, {**{c: 0 for c in COMPONENTS}, "calls": 45})
    coach.set("R02")
    plan_b.set("custom")
    budget.set(90)
    assert recorded[-1] == ("R02", {**{c: 0 for c in COMPONENTS}, "calls": 45}, 3, "diagnosis", "custom", 90)
    assert len(recorded) == 5
    assert result.value == "<p>R02 45 diagnosis custom 90</p>"


def test_coaching_lab_builds_real_ipywidgets(recorded):
    import ipywidgets
    lab = widgets.coaching_lab(tiny_team())
    assert isinstance(lab, ipywidgets.VBox)
    sliders = lab.children[4].children
    sliders[0].value = 20  # traitlets call the observer as in a notebook
    assert recorded[-1][1]["territory"] == 20
    assert lab.children[-1].value == f"<p>{widgets.TEAM} 20 diagnosis even 60</p>"


# -- scenario explorer --------------------------------------------------------

PNG = b"\x89PNG"


def test_scenario_metrics_come_from_the_plots_module():
    from sefkit.pictures.plots import SCENARIO_METRICS

    assert [name for _, name in widgets.scenario_metrics()] == list(SCENARIO_METRICS)


def test_scenario_view_tables_and_draws_the_measure(monkeypatch):
    made = []

    def fake_simulated(scenario, seed):
        made.append((scenario, seed))
        return tiny_team()

    monkeypatch.setattr(widgets, "_simulated", fake_simulated)
    text, png = widgets.scenario_view("happy_ears", 3, "won_amount")
    # drawn against northwind with the same seed
    assert made == [("northwind", 3), ("happy_ears", 3)]
    assert "<th>Scenario</th><th>2025Q1</th><th>2025Q2</th>" in text
    # tiny_team won 90,000 in 2025Q1 and 60,000 in 2025Q2
    assert "<td>happy_ears</td><td>90,000</td><td>60,000</td>" in text and png.startswith(PNG)
    text, _ = widgets.scenario_view("northwind", 3, "win_rate")
    assert "<td>northwind</td><td>50.0 %</td>" in text  # won 2 of 4 closed deals in 2025Q1
    text, png = widgets.scenario_view("northwind", 3, "wins")
    assert "Not possible" in text and "unknown metric 'wins'" in text and png == b""


def test_scenario_explorer_wiring(monkeypatch):
    calls = []

    def fake_view(scenario, seed, metric):
        calls.append((scenario, seed, metric))
        return f"<p>{scenario} {seed} {metric}</p>", PNG + b"..."

    monkeypatch.setattr(widgets, "scenario_view", fake_view)
    monkeypatch.setattr(
        "sefkit.engine.scenario.scenarios",
        lambda: pd.DataFrame({"name": ["northwind", "happy_ears", "enterprise"], "description": ["", "", ""]}),
    )
    box = widgets.scenario_explorer(ui=STAND_INS)
    pick, seed, measure, picture, table = list(_controls(box))
    assert pick.options == ["northwind", "happy_ears"]  # enterprise is too big for a live widget
    assert calls == [("northwind", 0, "won_amount")]
    assert table.value == "<p>northwind 0 won_amount</p>" and picture.value.startswith(PNG)
    measure.set("win_rate")
    seed.set(7)
    pick.set("happy_ears")
    assert calls[1:] == [("northwind", 0, "win_rate"), ("northwind", 7, "win_rate"), ("happy_ears", 7, "win_rate")]
    assert table.value == "<p>happy_ears 7 win_rate</p>"
    with pytest.raises(ValueError, match="unknown scenario 'atlantis'; valid scenarios: northwind, happy_ears"):
        widgets.scenario_explorer(scenario="atlantis", ui=STAND_INS)
    with pytest.raises(ValueError, match="unknown metric 'wins'; valid metrics: won_amount, win_rate"):
        widgets.scenario_explorer(metric="wins", ui=STAND_INS)


# -- scorecard explorer -------------------------------------------------------

def test_scorecard_view_shows_each_reps_weakest_link():
    text, png = widgets.scorecard_view(tiny_team(), widgets.WHOLE_RUN)
    # see sefkit.whole_job.system.diagnose: R01 prospecting, R02 territory (each the first of several -1s)
    assert "<td>R01</td><td>prospecting</td><td>Ada Lovelace (R01): prospecting is the weakest link." in text
    assert "<td>R02</td><td>territory</td>" in text and png.startswith(PNG)
    text, png = widgets.scorecard_view(tiny_team(), "2026Q1")
    assert "Not possible" in text and "unknown quarter '2026Q1'" in text and png == b""


def test_scorecard_explorer_wiring(monkeypatch):
    calls = []
    monkeypatch.setattr(widgets, "scorecard_view", lambda team, q: (calls.append(q), (f"<p>{q}</p>", PNG))[1])
    box = widgets.scorecard_explorer(tiny_team(), ui=STAND_INS)
    period, picture, table = list(_controls(box))
    assert period.options == [widgets.WHOLE_RUN, "2025Q1", "2025Q2"]
    period.set("2025Q2")
    assert calls == [widgets.WHOLE_RUN, "2025Q2"] and table.value == "<p>2025Q2</p>"


def test_explorers_build_real_ipywidgets(monkeypatch):
    import ipywidgets
    box = widgets.scorecard_explorer(tiny_team())
    assert isinstance(box, ipywidgets.VBox)
    period, picture, table = box.children
    assert bytes(picture.value).startswith(PNG) and "weakest link" in table.value
    monkeypatch.setattr(widgets, "_simulated", lambda scenario, seed: tiny_team())
    box = widgets.scenario_explorer()
    assert isinstance(box.children[1], ipywidgets.Image) and bytes(box.children[1].value).startswith(PNG)
    box.children[0].children[2].value = "win_rate"
    assert "Win rate" in box.children[2].value


# -- on the simulated northwind team ----------------------------------------------------

@pytest.fixture(scope="module")
def northwind():
    import sefkit

    return sefkit.simulate("northwind", seed=0)


def test_coaching_lab_on_northwind(northwind):
    # every slider at its top for every rep: 7 x 60 = 420 minutes a rep; M01 has 8 reps
    text = widgets.lab_html(northwind, widgets.TEAM, {c: widgets.SLIDER_MAX for c in COMPONENTS}, plan_a="custom",
                            replications=2)
    assert "Not possible" in text and "manager M01 for 3360 minutes" in text
    text = widgets.lab_html(northwind, "R02", {"calls": 45, "deal_management": 30}, plan_b="custom", replications=3)
    assert "Expected won amount for R02" in text and "B: M01 75 of 1,200" in text and "mean over 3 futures" in text
    assert text.count("<tr>") == 1 + 4 * 2  # header, 4 measures x 2 quarters ahead


# -- backward planner (lesson 02) ------------------------------------------------------


def test_planner_view_works_the_plan_again_at_the_chosen_rates():
    from sefkit import prospecting

    plan = prospecting.backward_plan(tiny_team(), "R01")
    text = widgets.planner_view(plan, 6.0, win_rate=1.0)
    # R01 needs 100 activities a quarter (7.69 a week); winning every decided deal halves it
    assert "<b>3.8 activities a week</b> at these rates (7.7 at the rep's own; the rep did 6.0 a week)" in text
    assert "<td>activities</td><td>7.69</td><td>3.85</td><td>connect rate 0.40</td>" in text
    assert "<td>decided deals</td><td>0.31</td><td>0.15</td><td>win rate 1.00</td>" in text
    bad = widgets.planner_view(plan, win_rate=0.0)
    assert "Not possible" in bad and "win_rate must be a fraction above 0" in bad


def test_backward_planner_wiring():
    stand_ins = SimpleNamespace(**vars(STAND_INS), FloatSlider=Control)
    box = widgets.backward_planner(tiny_team(), "R01", ui=stand_ins)
    *sliders, out = list(_controls(box))
    assert [s.description for s in sliders] == [label for _, label in widgets.PLANNER_RATES]
    assert [s.value for s in sliders] == [0.5, 0.8, 0.5, 0.4]  # R01's own rates (sefkit.data.examples)
    # R01 did 120 activities over the two quarters: 120 / 26 weeks
    assert "<b>7.7 activities a week</b>" in out.value and "the rep did 4.6 a week" in out.value
    sliders[0].set(1.0)
    assert "<b>3.8 activities a week</b>" in out.value
    with pytest.raises(ValueError, match="unknown rep 'R9'"):
        widgets.backward_planner(tiny_team(), "R9", ui=stand_ins)


# -- territory aim explorer (lesson 01) ------------------------------------------------

def test_aim_view_tables_and_draws_the_measure_against_northwind(monkeypatch):
    made = []
    monkeypatch.setattr(widgets, "_simulated", lambda scenario, seed: (made.append((scenario, seed)), tiny_team())[1])
    monkeypatch.setattr(widgets, "_aimed", lambda seed, focus: (made.append(("aimed", seed, focus)), tiny_team())[1])
    text, png = widgets.aim_view(2, "spread evenly (no aim)", "won_amount")
    assert made == [("northwind", 2), ("aimed", 2, 0.0)]
    assert "<th>Aim</th><th>2025Q1</th><th>2025Q2</th>" in text and png.startswith(PNG)
    assert "<td>spread evenly (no aim)</td><td>90,000</td><td>60,000</td>" in text
    text, png = widgets.aim_view(2, "aim at the moon", "won_amount")
    assert "Not possible" in text and "unknown aim" in text and png == b""
    text, png = widgets.aim_view(2, "northwind's aim", "coverage")
    assert "unknown metric 'coverage'" in text and png == b""


def test_aim_explorer_wiring(monkeypatch):
    calls = []
    monkeypatch.setattr(widgets, "aim_view", lambda seed, aim, metric: (calls.append((seed, aim, metric)),
                                                                         (f"<p>{aim}</p>", PNG))[1])
    box = widgets.aim_explorer(ui=STAND_INS)
    pick, measure, seed, picture, table = list(_controls(box))
    assert pick.options == list(widgets.AIMS) and calls == [(0, "spread evenly (no aim)", "won_amount")]
    pick.set("twice northwind's aim")
    measure.set("high_fit_share")
    assert calls[1:] == [(0, "twice northwind's aim", "won_amount"), (0, "twice northwind's aim", "high_fit_share")]
    assert table.value == "<p>twice northwind's aim</p>"
    with pytest.raises(ValueError, match="unknown aim"):
        widgets.aim_explorer(aim="sideways", ui=STAND_INS)


def test_the_aim_explorer_changes_only_where_prospecting_goes():
    """On a small real run: the same activities from the aim's quarter on, a different share on high-fit accounts."""
    from sefkit.pictures.plots import compare_scenarios

    aimed = widgets._aimed.__wrapped__(0, 0.0)
    base = widgets._simulated.__wrapped__("northwind", 0)
    acts = compare_scenarios({"a": aimed, "b": base}, "activities").pivot(index="quarter", columns="scenario",
                                                                           values="value")
    assert (acts["a"] == acts["b"]).all()
    fit = compare_scenarios({"a": aimed, "b": base}, "high_fit_share").pivot(index="quarter", columns="scenario",
                                                                              values="value")
    assert fit["a"].iloc[:2].tolist() == fit["b"].iloc[:2].tolist()
    assert (fit["a"].iloc[2:] < fit["b"].iloc[2:]).all()


# -- the bar explorer (lesson 03) ---------------------------------------------------------

SMALL = {"seeds": (0, 1), "n_reps": 2, "quarters": 2}


def test_bar_effect_pairs_the_same_seeds_and_a_lax_bar_admits_more():
    from sefkit.whole_job.qualification_bar import bar_effect

    table = bar_effect("R01", 0.2, **SMALL).set_index("measure")
    assert (table["seeds"] == 2).all()
    assert table.loc["coverage", "this_bar"] > table.loc["coverage", "own_bar"]
    row = table.loc["win_rate"]
    assert row["change"] == pytest.approx(row["this_bar"] - row["own_bar"])
    assert row["change_low"] <= row["change"] <= row["change_high"]
    with pytest.raises(ValueError, match="from 0 to 1"):
        bar_effect("R01", 1.5, **SMALL)
    with pytest.raises(ValueError, match="at least two seeds"):
        bar_effect("R01", 0.3, seeds=(0,), n_reps=2, quarters=2)
    with pytest.raises(ValueError, match="unknown rep 'R09'"):
        bar_effect("R09", 0.3, **SMALL)


def test_bar_explorer_wiring():
    stand_ins = SimpleNamespace(**vars(STAND_INS), FloatSlider=Control)
    box = widgets.bar_explorer("R01", bar=0.3, ui=stand_ins, background=False, **SMALL)
    slider, out = list(_controls(box))
    assert (slider.min, slider.max, slider.value) == (0.2, 0.7, 0.3)
    assert "admits deals at 30%" in out.value and "Win rate" in out.value and "Money won" in out.value
    slider.set(0.6)
    assert "admits deals at 60%" in out.value
    assert "Not possible" in widgets.bar_view("R99", 0.3, **SMALL)
    with pytest.raises(ValueError, match="offers bars from 0.20 to 0.70"):
        widgets.bar_explorer("R01", bar=0.9, ui=stand_ins)


def test_the_bar_explorer_measures_its_slider_in_the_background_and_a_move_then_runs_no_simulation(monkeypatch):
    import threading

    from sefkit.whole_job import qualification_bar

    options = {"seeds": (3, 4), "n_reps": 2, "quarters": 2}  # seeds no other test measures
    simulated = []
    measure = qualification_bar._simulated_measures
    monkeypatch.setattr(qualification_bar, "_simulated_measures",
                        lambda *key: simulated.append(key) or measure(*key))
    grid = widgets.bar_grid()
    assert grid[0] == 0.2 and grid[-1] == 0.7 and len(grid) == 11
    assert not qualification_bar.is_ready("R02", 0.45, **options)
    stand_ins = SimpleNamespace(**vars(STAND_INS), FloatSlider=Control)
    box = widgets.bar_explorer("R02", bar=0.3, ui=stand_ins, **options)
    for thread in [t for t in threading.enumerate() if t.name == "bar-effect-R02"]:
        thread.join(timeout=120)
    assert all(qualification_bar.is_ready("R02", b, **options) for b in grid)
    # each run once, shared by the foreground (the first bar) and the background: own bar + 11 bars, 2 seeds
    assert len(simulated) == len(set(simulated)) == 2 * (1 + len(grid))

    def no_simulation(*key):
        raise AssertionError(f"a slider move simulated {key}")

    monkeypatch.setattr(qualification_bar, "_simulated_measures", no_simulation)
    slider, out = list(_controls(box))
    before = out.value
    slider.set(0.65)
    assert "admits deals at 65%" in out.value and out.value != before


def test_prepare_checks_its_input_before_starting_and_a_failed_run_is_not_kept(monkeypatch):
    from sefkit.whole_job import qualification_bar

    with pytest.raises(ValueError, match="unknown rep 'R09'"):
        qualification_bar.prepare("R09", [0.3], **SMALL)
    with pytest.raises(ValueError, match="from 0 to 1"):
        qualification_bar.prepare("R01", [2], **SMALL)

    def broken(*key):
        raise RuntimeError("engine failed")

    monkeypatch.setattr(qualification_bar, "_simulated_measures", broken)
    options = {"seeds": (5, 6), "n_reps": 2, "quarters": 2}
    qualification_bar.prepare("R01", [0.35], **options).join()
    assert not qualification_bar.is_ready("R01", 0.35, **options)
    with pytest.raises(RuntimeError, match="engine failed"):
        qualification_bar.bar_effect("R01", 0.35, **options)
    monkeypatch.undo()
    assert qualification_bar.bar_effect("R01", 0.35, **options)["seeds"].eq(2).all()


# -- forecast explorer (lesson 06) --------------------------------------------------

def test_forecast_view_tables_the_weeks_call_against_the_result():
    text, png = widgets.forecast_view(tiny_team(), "R01", "2025Q2", 7)
    assert png.startswith(PNG)
    # R01 called 60,000 commit in week 7 of 2025Q2 and won 60,000; the team (R01 and R02) likewise
    assert "<td>Commit</td><td>60,000</td><td>60,000</td><td>+0%</td>" in text
    assert "<td>The team&#x27;s commit</td>" in text or "<td>The team's commit</td>" in text
    text, png = widgets.forecast_view(tiny_team(), "R01", "2025Q2", 3)
    assert "Not possible" in text and "no forecast calls in week 3" in text and png == b""


def test_forecast_explorer_wiring(monkeypatch):
    calls = []
    monkeypatch.setattr(widgets, "forecast_view", lambda team, rep, quarter, week: (
        calls.append((rep, quarter, week)), (f"<p>{rep} {week}</p>", PNG))[1])
    box = widgets.forecast_explorer(tiny_team(), ui=STAND_INS)
    rep, quarter, week, picture, table = list(_controls(box))
    assert rep.options == ["R01", "R02"] and quarter.options == ["2025Q1", "2025Q2"] and week.max == 13
    assert calls == [("R01", "2025Q2", 7)]
    week.set(9)
    rep.set("R02")
    assert calls[1:] == [("R01", "2025Q2", 9), ("R02", "2025Q2", 9)] and table.value == "<p>R02 9</p>"
    with pytest.raises(ValueError, match="unknown rep"):
        widgets.forecast_explorer(tiny_team(), rep="R9", ui=STAND_INS)


# -- trace explorer (lesson 07) -------------------------------------------------------

def test_trace_view_tables_and_draws_the_trace():
    from sefkit import evidence

    team = tiny_team()
    text, png = widgets.trace_view(team, "R01", "2025Q2")
    t = evidence.trace(team, "R01", "2025Q2")
    assert png.startswith(PNG) and text.count("<tr>") == len(t) + 1
    assert f"<td>{t['link'].iloc[0]}</td><td>{t['measure'].iloc[0]}</td>" in text
    text, png = widgets.trace_view(team, "R01", "2025Q1")
    assert "Not possible" in text and "first quarter" in text and png == b""


def test_trace_explorer_wiring(monkeypatch):
    calls = []
    monkeypatch.setattr(widgets, "trace_view", lambda team, r, q: (calls.append((r, q)), (f"<p>{r} {q}</p>", PNG))[1])
    box = widgets.trace_explorer(tiny_team(), ui=STAND_INS)
    who, when, picture, table = list(_controls(box))
    assert who.options == ["R01", "R02"] and when.options == ["2025Q2"]  # the first quarter cannot be traced
    who.set("R02")
    assert calls == [("R01", "2025Q2"), ("R02", "2025Q2")] and table.value == "<p>R02 2025Q2</p>"

# -- qualification and calls explorer (lesson 04) ------------------------------------------

def test_load_view_tables_northwind_against_the_changed_team(monkeypatch):
    made = []
    monkeypatch.setattr(widgets, "_simulated", lambda scenario, seed: (made.append((scenario, seed)), tiny_team())[1])
    monkeypatch.setattr(widgets, "_qualifying", lambda seed, skill, hours: (made.append(("changed", seed, skill, hours)),
                                                                            tiny_team())[1])
    text, png = widgets.load_view(3, "lax (0.25)", 14)
    assert made == [("northwind", 3), ("changed", 3, 0.25, 14.0)]
    # tiny team: 8 of 16 calls planned, 7 advanced, 5 continued; won 3 of 6 decided deals
    assert "<td>northwind</td>" in text and "<td>lax (0.25), 14 deal hours</td>" in text
    assert "<td>50.0 %</td><td>43.8 %</td><td>31.2 %</td><td>50.0 %</td>" in text
    assert png.startswith(b"\x89PNG")
    text, png = widgets.load_view(3, "sloppy")
    assert "Not possible" in text and "unknown qualification level" in text and png == b""
    text, png = widgets.load_view(3, "lax (0.25)", 3)
    assert "Not possible" in text and "deal hours must be one of 20, 14, 10" in text and png == b""


def test_load_explorer_wiring(monkeypatch):
    calls = []
    monkeypatch.setattr(widgets, "load_view", lambda seed, level, hours: (calls.append((seed, level, hours)),
                                                                          (f"<p>{level} {hours}</p>", PNG))[1])
    box = widgets.load_explorer(ui=STAND_INS)
    pick, hours, seed, picture, table = list(_controls(box))
    assert pick.options == list(widgets.QUALIFICATION_LEVELS) and calls == [(0, "lax (0.25)", 20)]
    pick.set("very lax (0.1)")
    hours.set(10)
    seed.set(4)
    assert calls[1:] == [(0, "very lax (0.1)", 20), (0, "very lax (0.1)", 10), (4, "very lax (0.1)", 10)]
    assert table.value == "<p>very lax (0.1) 10</p>"
    with pytest.raises(ValueError, match="unknown qualification level"):
        widgets.load_explorer(level="medium", ui=STAND_INS)
    with pytest.raises(ValueError, match="deal hours must be one of"):
        widgets.load_explorer(hours=25, ui=STAND_INS)


def test_the_load_explorer_with_fewer_deal_hours_keeps_the_skills_and_plans_fewer_calls():
    """On a real run: fewer deal hours leave every skill as northwind's; the reps carry more deals, plan fewer calls."""
    busy = widgets._qualifying.__wrapped__(0, 0.5, 14.0)
    base = widgets._simulated.__wrapped__("northwind", 0)
    skills = busy.truth.rep_skills.set_index(["rep_id", "quarter"])
    pd.testing.assert_frame_equal(skills, base.truth.rep_skills.set_index(["rep_id", "quarter"]))
    busy_load, busy_planned, *_ = widgets._call_figures(busy)
    base_load, base_planned, *_ = widgets._call_figures(base)
    assert busy_load > base_load and busy_planned < base_planned
