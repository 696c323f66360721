"""Interactive explorers for the lessons: a coaching lab and a scenario explorer.

Each explorer is a thin layer: the controls feed a pure function that does the
work and returns plain data (a plan, a table, HTML text), and the layout only
wires the two together. The pure functions are public and tested on their own;
the widget functions take an optional ``ui`` argument (by default the
``ipywidgets`` module, imported only when an explorer is built) so tests can pass
stand-in controls instead of a browser.

* :func:`coaching_lab` -- a slider per SEF component (coaching minutes a week) for
  one rep or the whole team; shows what the plan would win over the next quarters
  against coaching nobody (:func:`sefkit.coaching.what_if`).
* :func:`scenario_explorer` -- pick a scenario, a seed and a measure; shows the
  measure quarter by quarter.

Both show a friendly message, never a traceback, when a choice is not possible
(for example more coaching than a manager has in a week).

>>> from sefkit.examples import tiny_team
>>> lab_plan(tiny_team(), "R01", {"calls": 30, "hygiene": 0})
{'R01': {'calls': 30}}
>>> lab_plan(tiny_team(), TEAM, {"calls": 15})
{'R01': {'calls': 15}, 'R02': {'calls': 15}}
"""

from __future__ import annotations

import html
from functools import lru_cache

import pandas as pd

from .team import COMPONENTS, Team

#: The coach-dropdown value that means "every rep gets the same minutes".
TEAM = "whole team"
#: Slider labels a manager reads.
COMPONENT_LABELS = {
    "territory": "Territory",
    "prospecting": "Prospecting",
    "qualification": "Qualification",
    "calls": "Sales calls",
    "deal_management": "Deal mgmt",
    "hygiene": "Pipeline hygiene",
    "forecasting": "Forecasting",
}
#: Most minutes a week one slider offers (per rep and component).
SLIDER_MAX = 60
_METRIC_LABELS = {
    "won_amount": "Won amount",
    "deals_closed": "Deals closed",
    "win_rate": "Win rate",
    "attainment": "Quota attainment",
}


def _ui(ui):
    if ui is not None:
        return ui
    import ipywidgets

    return ipywidgets


def _message(text: str) -> str:
    return f'<p style="color:#8a4b00"><b>Not possible:</b> {html.escape(text)}</p>'


# -- coaching lab: the pure part ----------------------------------------------

def lab_plan(team: Team, coach: str, minutes: dict) -> dict:
    """The coaching plan the lab's controls describe.

    Args:
        team: the team.
        coach: a rep id, or :data:`TEAM` for every rep.
        minutes: minutes a week per component (zeros are left out).

    Returns:
        ``{rep_id: {component: minutes}}`` for :func:`sefkit.coaching.what_if`.
    """
    per_rep = {c: m for c, m in minutes.items() if m}
    reps = team.rep_ids if coach == TEAM else [team.check_rep(coach)]
    return {r: dict(per_rep) for r in reps if per_rep}


def lab_table(team: Team, coach: str, minutes: dict, quarters_ahead: int = 2) -> pd.DataFrame:
    """The forward outcome the lab shows: one row per metric and quarter, baseline against plan.

    For one rep, that rep's rows of :func:`~sefkit.coaching.what_if`; for the
    whole team, its ``by="team"`` rows.
    """
    from .coaching import what_if

    plan = lab_plan(team, coach, minutes)
    if coach == TEAM:
        out = what_if(team, plan, quarters_ahead=quarters_ahead, by="team")
    else:
        out = what_if(team, plan, quarters_ahead=quarters_ahead, by="rep")
        out = out[out["rep_id"] == coach].drop(columns="rep_id")
    return out.reset_index(drop=True)


def _fmt(metric: str, value: float, signed: bool = False) -> str:
    if pd.isna(value):
        return "-"
    sign = "+" if signed else ""
    if metric in ("win_rate", "attainment"):
        return f"{value * 100:{sign},.1f}" + (" pts" if signed else " %")
    return f"{value:{sign},.0f}"


def lab_html(team: Team, coach: str, minutes: dict, quarters_ahead: int = 2) -> str:
    """The lab's result as HTML: a one-line summary and the table (or why the plan is not possible)."""
    try:
        table = lab_table(team, coach, minutes, quarters_ahead)
    except ValueError as err:
        return _message(str(err))
    won = table[table["metric"] == "won_amount"]
    who = "the whole team" if coach == TEAM else coach
    first, last = won["quarter"].iloc[0], won["quarter"].iloc[-1]
    total = won["difference"].sum()
    verb = "adds" if total >= 0 else "loses"
    summary = (
        f"<p>From {first} to {last}, this plan {verb} <b>{abs(total):,.0f}</b> won for {who} "
        f"against coaching nobody ({won['baseline'].sum():,.0f} without coaching).</p>"
    )
    rows = "".join(
        f"<tr><td>{_METRIC_LABELS[r.metric]}</td><td>{r.quarter}</td>"
        f"<td>{_fmt(r.metric, r.baseline)}</td><td>{_fmt(r.metric, r.plan)}</td>"
        f"<td>{_fmt(r.metric, r.difference, signed=True)}</td></tr>"
        for r in table.itertuples()
    )
    head = "<tr><th>Measure</th><th>Quarter</th><th>No coaching</th><th>With plan</th><th>Change</th></tr>"
    return f'{summary}<table class="sef-table">{head}{rows}</table>'


# -- coaching lab: the widget -------------------------------------------------

def coaching_lab(team: Team, *, quarters_ahead: int = 2, ui=None):
    """Sliders for coaching minutes a week per component, and what the plan would win.

    Pick a rep (or the whole team) and move a slider: the table below shows the
    next ``quarters_ahead`` quarters with the plan against coaching nobody
    (:func:`sefkit.coaching.what_if`). Sliders recompute when released.

    Args:
        team: a team from :func:`sefkit.simulate`.
        quarters_ahead: quarters to look ahead (1-8).
        ui: the widget library (default ``ipywidgets``); tests pass stand-ins.

    Returns:
        The explorer (a ``VBox``) to display in a notebook.
    """
    ui = _ui(ui)
    names = dict(zip(team.reps["rep_id"], team.reps["name"], strict=True)) if len(team.reps) else {}
    options = [("Whole team (each rep)", TEAM)] + [
        (f"{r} {names.get(r, '')}".strip(), r) for r in team.rep_ids
    ]
    coach = ui.Dropdown(options=options, value=TEAM, description="Coach")
    sliders = {
        c: ui.IntSlider(
            value=0, min=0, max=SLIDER_MAX, step=5, description=COMPONENT_LABELS[c],
            continuous_update=False, style={"description_width": "120px"},
        )
        for c in COMPONENTS
    }
    result = ui.HTML(value="")

    def refresh(_change=None):
        minutes = {c: s.value for c, s in sliders.items()}
        result.value = lab_html(team, coach.value, minutes, quarters_ahead)

    for control in [coach, *sliders.values()]:
        control.observe(refresh, names="value")
    refresh()
    intro = ui.HTML(
        value="<b>Coaching lab.</b> Minutes of coaching a week on each part of the job; "
        f"the table compares the next {quarters_ahead} quarters with coaching nobody."
    )
    return ui.VBox([intro, coach, ui.VBox(list(sliders.values())), result])


# -- scenario explorer --------------------------------------------------------

@lru_cache(maxsize=4)
def _simulated(scenario: str, seed: int) -> Team:
    from .simulation import simulate

    return simulate(scenario, seed)


def _measures() -> dict:
    """Measures the explorer offers: label -> function(team, quarter) -> number."""
    from . import deals

    return {
        "Won amount": deals.won_amount,
        "Win rate": deals.win_rate,
        "No-decision rate": deals.no_decision_rate,
        "Median cycle (days)": deals.cycle_length,
        "Average won size": deals.average_won_size,
    }


def scenario_table(team: Team, measure: str) -> pd.DataFrame:
    """One measure of the whole team, quarter by quarter.

    Args:
        team: the team.
        measure: one of the explorer's measures (see :func:`measures`).

    Returns:
        A table with ``quarter`` and ``value``; a quarter where the measure has
        no data (for example no deal closed) shows a missing value and a ``note``.

    >>> from sefkit.examples import tiny_team
    >>> scenario_table(tiny_team(), "Won amount")
      quarter    value note
    0  2025Q1  90000.0
    1  2025Q2  60000.0
    """
    table = _measures()
    if measure not in table:
        raise ValueError(f"unknown measure {measure!r}; valid measures: {', '.join(table)}")
    rows = []
    for q in team.quarters:
        try:
            rows.append((q, float(table[measure](team, quarter=q)), ""))
        except ValueError as err:
            rows.append((q, float("nan"), str(err)))
    return pd.DataFrame(rows, columns=["quarter", "value", "note"])


def measures() -> list[str]:
    """The measures the scenario explorer offers.

    >>> measures()[:2]
    ['Won amount', 'Win rate']
    """
    return list(_measures())


def scenario_html(scenario: str, seed: int, measure: str) -> str:
    """The explorer's result as HTML: the measure per quarter for one scenario and seed."""
    try:
        table = scenario_table(_simulated(scenario, int(seed)), measure)
    except ValueError as err:
        return _message(str(err))
    rate = "rate" in measure.lower()
    cells = "".join(
        f"<tr><td>{r.quarter}</td><td>{'-' if pd.isna(r.value) else f'{r.value * 100:.1f} %' if rate else f'{r.value:,.0f}'}"
        f"</td><td>{html.escape(r.note)}</td></tr>"
        for r in table.itertuples()
    )
    return (
        f"<p><b>{html.escape(measure)}</b> per quarter, scenario <b>{html.escape(scenario)}</b>, seed {int(seed)}</p>"
        f'<table class="sef-table"><tr><th>Quarter</th><th>{html.escape(measure)}</th><th></th></tr>{cells}</table>'
    )


def scenario_explorer(*, scenario: str = "northwind", seed: int = 0, ui=None):
    """Pick a scenario, a seed and a measure; see the measure quarter by quarter.

    Args:
        scenario: the scenario shown first.
        seed: the seed shown first.
        ui: the widget library (default ``ipywidgets``); tests pass stand-ins.

    Returns:
        The explorer (a ``VBox``) to display in a notebook.
    """
    from .scenario import scenarios

    ui = _ui(ui)
    names = [n for n in scenarios()["name"] if n != "enterprise"]
    if scenario not in names:
        raise ValueError(f"unknown scenario {scenario!r}; valid scenarios: {', '.join(names)}")
    pick = ui.Dropdown(options=names, value=scenario, description="Scenario")
    seed_box = ui.BoundedIntText(value=seed, min=0, max=10_000, description="Seed")
    measure = ui.Dropdown(options=measures(), value=measures()[0], description="Measure")
    result = ui.HTML(value="")

    def refresh(_change=None):
        result.value = scenario_html(pick.value, seed_box.value, measure.value)

    for control in (pick, seed_box, measure):
        control.observe(refresh, names="value")
    refresh()
    return ui.VBox([ui.HBox([pick, seed_box, measure]), result])


__all__ = [
    "COMPONENT_LABELS", "SLIDER_MAX", "TEAM", "coaching_lab", "lab_html", "lab_plan", "lab_table",
    "measures", "scenario_explorer", "scenario_html", "scenario_table",
]
