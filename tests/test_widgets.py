"""Widgets: the pure functions behind each explorer, and their wiring with stand-in controls."""

from types import SimpleNamespace

import pandas as pd
import pytest

from sefkit import widgets
from sefkit.examples import tiny_team
from sefkit.team import COMPONENTS, Team


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
    Dropdown=Control, IntSlider=Control, BoundedIntText=Control, HTML=Control, VBox=Box, HBox=Box
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


def test_lab_html_summarises_and_formats_the_what_if_table(monkeypatch):
    table = pd.DataFrame({
        "quarter": ["2025Q3", "2025Q4"] * 2,
        "metric": ["won_amount"] * 2 + ["win_rate"] * 2,
        "baseline": [100_000.0, 120_000.0, 0.25, float("nan")],
        "plan": [110_000.0, 135_000.0, 0.30, 0.2],
        "difference": [10_000.0, 15_000.0, 0.05, float("nan")],
    })
    seen = {}

    def fake_table(team, coach, minutes, quarters_ahead):
        seen.update(coach=coach, minutes=minutes, quarters_ahead=quarters_ahead)
        return table

    monkeypatch.setattr(widgets, "lab_table", fake_table)
    text = widgets.lab_html(tiny_team(), "R02", {"calls": 30}, 2)
    assert seen == {"coach": "R02", "minutes": {"calls": 30}, "quarters_ahead": 2}
    # 10,000 + 15,000 more won than the 220,000 without coaching
    assert "adds <b>25,000</b> won for R02" in text and "220,000 without coaching" in text
    assert "<td>Win rate</td><td>2025Q3</td><td>25.0 %</td><td>30.0 %</td><td>+5.0 pts</td>" in text
    assert "<td>-</td>" in text  # a missing win rate shows as a dash


# -- coaching lab: wiring -----------------------------------------------------

@pytest.fixture
def recorded(monkeypatch):
    calls = []

    def fake_html(team, coach, minutes, quarters_ahead):
        calls.append((coach, dict(minutes), quarters_ahead))
        return f"<p>{coach} {sum(minutes.values())}</p>"

    monkeypatch.setattr(widgets, "lab_html", fake_html)
    return calls


def test_coaching_lab_wires_every_control_to_the_result(recorded):
    team = tiny_team()
    lab = widgets.coaching_lab(team, quarters_ahead=3, ui=STAND_INS)
    controls = list(_controls(lab))
    coach = next(c for c in controls if getattr(c, "description", "") == "Coach")
    sliders = [c for c in controls if hasattr(c, "max")]
    result = controls[-1]
    assert [s.description for s in sliders] == [widgets.COMPONENT_LABELS[c] for c in COMPONENTS]
    assert all(s.continuous_update is False and s.min == 0 and s.max == widgets.SLIDER_MAX for s in sliders)
    assert [v for _, v in coach.options] == [widgets.TEAM, "R01", "R02"]
    assert coach.options[1][0] == "R01 Ada Lovelace"
    # built once with nothing planned
    assert recorded == [(widgets.TEAM, {c: 0 for c in COMPONENTS}, 3)]
    assert result.value == f"<p>{widgets.TEAM} 0</p>"
    # one slider change recomputes once, with that slider's component
    sliders[COMPONENTS.index("calls")].set(45)
    assert recorded[-1] == (widgets.TEAM, {**{c: 0 for c in COMPONENTS}, "calls": 45}, 3)
    coach.set("R02")
    assert recorded[-1][0] == "R02" and len(recorded) == 3
    assert result.value == "<p>R02 45</p>"


def test_coaching_lab_builds_real_ipywidgets(recorded):
    ipywidgets = pytest.importorskip("ipywidgets")
    lab = widgets.coaching_lab(tiny_team())
    assert isinstance(lab, ipywidgets.VBox)
    sliders = lab.children[2].children
    sliders[0].value = 20  # traitlets call the observer as in a notebook
    assert recorded[-1][1]["territory"] == 20
    assert lab.children[-1].value == f"<p>{widgets.TEAM} 20</p>"


# -- scenario explorer --------------------------------------------------------

def _team_with_a_quiet_quarter() -> Team:
    quotas = pd.DataFrame({"rep_id": ["R01", "R01"], "quarter": ["2025Q1", "2025Q2"], "quota": [100.0, 100.0]})
    opps = pd.DataFrame({
        "opp_id": [1, 2, 3], "rep_id": ["R01"] * 3, "account_id": ["A1"] * 3, "source": ["outbound"] * 3,
        "created": pd.to_datetime(["2025-01-06"] * 3), "amount": [10.0, 20.0, 40.0], "stage": ["closed"] * 3,
        "close_date": pd.to_datetime(["2025-02-03"] * 3), **{f: [0] * 3 for f in _qual_fields()},
        "qualification_score": [0] * 3, "closed_on": pd.to_datetime(["2025-02-03"] * 3),
        "outcome": ["won", "no_decision", "won"], "loss_reason": [None, "status_quo", None],
    })
    return Team.build(quotas=quotas, opportunities=opps)


def _qual_fields():
    from sefkit.team import QUALIFICATION_FIELDS

    return QUALIFICATION_FIELDS


def test_scenario_table_gives_each_quarter_and_says_why_one_is_missing():
    team = _team_with_a_quiet_quarter()
    before = team.opportunities.copy()
    table = widgets.scenario_table(team, "Win rate")
    # Q1: won 2 of 3 decided deals (the no-decision deal counts); Q2: nothing closed
    assert table["quarter"].tolist() == ["2025Q1", "2025Q2"]
    assert table["value"].iloc[0] == pytest.approx(2 / 3)
    assert pd.isna(table["value"].iloc[1]) and "no deals closed" in table["note"].iloc[1]
    assert widgets.scenario_table(team, "Won amount")["value"].tolist() == [50.0, 0.0]
    pd.testing.assert_frame_equal(team.opportunities, before)
    with pytest.raises(ValueError, match="unknown measure 'Wins'; valid measures: Won amount, Win rate"):
        widgets.scenario_table(team, "Wins")


def test_scenario_explorer_wiring(monkeypatch):
    made = []

    def fake_simulated(scenario, seed):
        made.append((scenario, seed))
        return _team_with_a_quiet_quarter()

    monkeypatch.setattr(widgets, "_simulated", fake_simulated)
    monkeypatch.setattr(
        "sefkit.scenario.scenarios",
        lambda: pd.DataFrame({"name": ["northwind", "happy_ears", "enterprise"], "description": ["", "", ""]}),
    )
    box = widgets.scenario_explorer(ui=STAND_INS)
    pick, seed, measure, result = list(_controls(box))
    assert pick.options == ["northwind", "happy_ears"]  # enterprise is too big for a live widget
    assert made == [("northwind", 0)]
    assert "<td>2025Q1</td><td>50</td>" in result.value
    measure.set("Win rate")
    assert "<td>2025Q1</td><td>66.7 %</td>" in result.value and "no deals closed" in result.value
    seed.set(7)
    pick.set("happy_ears")
    assert made[-2:] == [("northwind", 7), ("happy_ears", 7)]
    assert "scenario <b>happy_ears</b>, seed 7" in result.value
    with pytest.raises(ValueError, match="unknown scenario 'atlantis'; valid scenarios: northwind, happy_ears"):
        widgets.scenario_explorer(scenario="atlantis", ui=STAND_INS)
