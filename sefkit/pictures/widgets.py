"""Interactive explorers for the lessons: a coaching lab and a scenario explorer.

Each explorer is a thin layer: the controls feed a pure function that does the
work and returns plain data (a plan, a table, HTML text), and the layout only
wires the two together. The pure functions are public and tested on their own;
the widget functions take an optional ``ui`` argument (by default the
``ipywidgets`` module, imported only when an explorer is built) so tests can pass
stand-in controls instead of a browser.

* :func:`coaching_lab` -- two coaching plans for one rep or the whole team, side
  by side (by default each rep's diagnosed gaps against an even spread, or a
  split set with a slider per SEF component): each one's expected effect over
  the next quarters against coaching nobody, and A - B, with 95 % bands
  (:func:`sefkit.whole_job.coaching.replicated`).
* :func:`scenario_explorer` -- pick a scenario, a seed and a measure; shows the
  measure quarter by quarter against northwind (:mod:`sefkit.whole_job.comparison`,
  drawn by :mod:`sefkit.pictures.plots`).
* :func:`scorecard_explorer` -- the whole-job scorecard heatmap and each rep's
  weakest link (:mod:`sefkit.whole_job.system`), for the whole run or one quarter.
* :func:`aim_explorer` -- how hard the team aims its prospecting at high-fit
  accounts from the third quarter on (lesson 01): a measure quarter by quarter
  against northwind's own aim.
* :func:`bar_explorer` -- move one rep's qualification bar (lesson 03): the
  expected change of the rep's coverage, win rate, cycle and money won over
  several simulated teams, with 95 % bands
  (:func:`sefkit.whole_job.qualification_bar.bar_effect`).
* :func:`forecast_explorer` -- a rep's call week by week through a quarter
  (lesson 06): move the week and see how far that week's commit was from what
  was won, for the rep and for the team.
* :func:`load_explorer` -- how well the team qualifies and how many hours it has
  for deals (lesson 04): its deal load, call planning and call outcomes against northwind.

Both show a friendly message, never a traceback, when a choice is not possible
(for example more coaching than a manager has in a week).

>>> from sefkit.data.examples import tiny_team
>>> lab_plan(tiny_team(), "R01", {"calls": 30, "hygiene": 0})
{'R01': {'calls': 30}}
>>> lab_plan(tiny_team(), TEAM, {"calls": 15})
{'R01': {'calls': 15}, 'R02': {'calls': 15}}
"""

from __future__ import annotations

import contextlib
import html
from functools import lru_cache

import numpy as np
import pandas as pd

from ..data.team import COMPONENT_LABELS, COMPONENTS, Team

#: The coach-dropdown value that means "every rep gets the same minutes".
TEAM = "whole team"
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


_TABLE_STYLE = "border-collapse: collapse; line-height: 1.4"


def _message(text: str) -> str:
    return f'<p style="color:#8a4b00"><b>Not possible:</b> {html.escape(text, quote=False)}</p>'


# -- coaching lab: the pure part ----------------------------------------------

#: The plans the lab offers, by name: (label, how the plan is built).
PLAN_CHOICES = {
    "diagnosis": "each rep's diagnosed gaps (scorecard)",
    "weakest": "all on each rep's diagnosed weakest link",
    "even": "spread evenly over the seven parts",
    "prospecting": "all on prospecting",
    "custom": "your own split (the sliders)",
    "nobody": "coach nobody",
}
#: Futures the lab averages over (each plan and the baseline in the same futures).
LAB_REPLICATIONS = 20
#: Minutes a week per rep the lab's plans start from.
LAB_MINUTES = 60


def lab_plan(team: Team, coach: str, minutes: dict) -> dict:
    """The coaching plan the lab's sliders describe.

    Args:
        team: the team.
        coach: a rep id, or :data:`TEAM` for every rep.
        minutes: minutes a week per component (zeros are left out).

    Returns:
        ``{rep_id: {component: minutes}}`` for :func:`sefkit.whole_job.coaching.what_if`.
    """
    per_rep = {c: m for c, m in minutes.items() if m}
    reps = team.rep_ids if coach == TEAM else [team.check_rep(coach)]
    return {r: dict(per_rep) for r in reps if per_rep}


def named_plan(team: Team, choice: str, coach: str, budget: float, minutes: dict) -> dict:
    """The plan :data:`PLAN_CHOICES` names, for one rep or the whole team, with ``budget`` minutes a week per rep.

    ``"custom"`` is the sliders' plan (:func:`lab_plan`); the others use
    :mod:`sefkit.whole_job.coaching`'s plan builders (``"diagnosis"`` and ``"weakest"``
    read the observable scorecard, never the hidden truth).

    >>> from sefkit.data.examples import tiny_team
    >>> named_plan(tiny_team(), "even", "R01", 70, {})["R01"]["hygiene"]
    10.0
    >>> named_plan(tiny_team(), "nobody", TEAM, 60, {"calls": 30})
    {}
    """
    from ..whole_job.coaching import diagnosis_plan, even_plan, focus_plan

    if choice not in PLAN_CHOICES:
        raise ValueError(f"unknown plan {choice!r}; valid plans: {', '.join(PLAN_CHOICES)}")
    reps = None if coach == TEAM else team.check_rep(coach)
    if choice == "custom":
        return lab_plan(team, coach, minutes)
    if choice == "nobody":
        return {}
    if choice == "even":
        return even_plan(team, budget, reps)
    if choice == "prospecting":
        return focus_plan(team, "prospecting", budget, reps)
    if choice == "weakest":
        from ..whole_job.system import diagnose

        weakest = diagnose(team).set_index("rep_id")["binding_constraint"]
        names = team.rep_ids if reps is None else [reps]
        return {r: {weakest[r]: float(budget)} for r in names if budget > 0}
    return diagnosis_plan(team, budget, reps)


def lab_summary(team: Team, coach: str, plan_a: dict, plan_b: dict, quarters_ahead: int = 2,
                replications: int = LAB_REPLICATIONS) -> dict:
    """Expected won amount of plans A and B against coaching nobody, and A - B, over the quarters ahead.

    Each is the mean over ``replications`` paired futures with its 95 % band
    (:func:`sefkit.whole_job.coaching.replicated`, :func:`sefkit.whole_job.coaching.band`), for the
    coached rep or the whole team. Returns a dict with ``quarters`` (first,
    last), ``baseline`` (expected won without coaching) and ``a``, ``b``,
    ``a_minus_b``: each ``(mean, low, high)``; ``per_quarter``: the same three
    per quarter and metric as a table.
    """
    from ..whole_job.coaching import band, replicated

    by = "team" if coach == TEAM else "rep"
    values, (rows, quarters) = replicated(team, [{}, plan_a, plan_b], replications=replications,
                                          quarters_ahead=quarters_ahead, by=by)
    if by == "rep":
        values = values[:, :, :, [rows.index(coach)]]
    won = values[:, :, 0, 0, :].sum(axis=-1)  # (plan, future): won over the quarters ahead
    out = {"quarters": (quarters[0], quarters[-1]), "baseline": float(won[0].mean()),
           "replications": replications}
    for name, diff in (("a", won[1] - won[0]), ("b", won[2] - won[0]), ("a_minus_b", won[1] - won[2])):
        out[name] = tuple(float(x) for x in band(diff))
    from ..whole_job.coaching import WHAT_IF_METRICS

    rows_out = []
    for qi, quarter in enumerate(quarters):
        for mi, metric in enumerate(WHAT_IF_METRICS):
            cell = values[:, :, mi, 0, qi]
            row = {"quarter": quarter, "metric": metric, "baseline": float(np.nanmean(cell[0]))}
            for name, diff in (("a", cell[1] - cell[0]), ("b", cell[2] - cell[0]), ("a_minus_b", cell[1] - cell[2])):
                row[name], row[f"{name}_low"], row[f"{name}_high"] = (float(x) for x in band(diff[~np.isnan(diff)]))
            rows_out.append(row)
    out["per_quarter"] = pd.DataFrame(rows_out)
    return out


def _fmt(metric: str, value: float, signed: bool = False) -> str:
    if pd.isna(value):
        return "-"
    sign = "+" if signed else ""
    if metric in ("win_rate", "attainment"):
        return f"{value * 100:{sign},.1f}" + (" pts" if signed else " %")
    return f"{value:{sign},.0f}"


def _effect(metric: str, mean: float, low: float, high: float) -> str:
    return f"{_fmt(metric, mean, signed=True)} ({_fmt(metric, low, signed=True)} to {_fmt(metric, high, signed=True)})"


def _manager_time(team: Team, plan: dict, name: str) -> str:
    from ..whole_job.coaching import MANAGER_MINUTES_PER_WEEK, manager_minutes

    used = manager_minutes(team, plan)
    if used.empty:
        return f"{name}: no manager time (nobody is coached)"
    parts = ", ".join(f"{m} {v:,.0f}" for m, v in used.items())
    return f"{name}: {parts} of {MANAGER_MINUTES_PER_WEEK:,} minutes a week"


def lab_html(team: Team, coach: str, minutes: dict, quarters_ahead: int = 2, *, plan_a: str = "diagnosis",
             plan_b: str = "even", budget: float = LAB_MINUTES, replications: int = LAB_REPLICATIONS) -> str:
    """The lab's result as HTML: the two plans' expected effects with their bands, side by side, and the table.

    ``plan_a`` and ``plan_b`` are :data:`PLAN_CHOICES` names; ``budget`` the
    minutes a week per rep of the built plans; ``minutes`` the sliders (the
    ``"custom"`` plan). A plan that is not possible gives a message.
    """
    try:
        a = named_plan(team, plan_a, coach, budget, minutes)
        b = named_plan(team, plan_b, coach, budget, minutes)
        from ..whole_job.coaching import check_plan

        check_plan(team, a), check_plan(team, b)
        got = lab_summary(team, coach, a, b, quarters_ahead, replications)
    except ValueError as err:
        return _message(str(err))
    who = "the whole team" if coach == TEAM else coach
    first, last = got["quarters"]
    label_a, label_b = PLAN_CHOICES[plan_a], PLAN_CHOICES[plan_b]
    summary = (
        f"<p>Expected won amount for {who}, {first} to {last}, against coaching nobody "
        f"({got['baseline']:,.0f} without coaching); mean over {got['replications']} futures, "
        f"95 % band in brackets:</p><ul>"
        f"<li>Plan A, {html.escape(label_a)}: <b>{_effect('won_amount', *got['a'])}</b></li>"
        f"<li>Plan B, {html.escape(label_b)}: <b>{_effect('won_amount', *got['b'])}</b></li>"
        f"<li>A - B: <b>{_effect('won_amount', *got['a_minus_b'])}</b></li></ul>"
        f"<p>Manager time: {_manager_time(team, a, 'A')}; {_manager_time(team, b, 'B')}.</p>"
    )
    rows = [
        [_METRIC_LABELS[r.metric], r.quarter, _fmt(r.metric, r.baseline), _effect(r.metric, r.a, r.a_low, r.a_high),
         _effect(r.metric, r.b, r.b_low, r.b_high), _effect(r.metric, r.a_minus_b, r.a_minus_b_low, r.a_minus_b_high)]
        for r in got["per_quarter"].itertuples()
    ]
    return summary + _table_html(rows, ["Measure", "Quarter", "No coaching", "Plan A effect", "Plan B effect", "A - B"])


# -- coaching lab: the widget -------------------------------------------------

def coaching_lab(team: Team, *, quarters_ahead: int = 2, ui=None):
    """Two coaching plans side by side: what each would win over the next quarters, with its uncertainty.

    Pick who to coach (one rep or the whole team), the minutes a week per rep,
    and two plans (by default the plan built from each rep's diagnosed gaps
    against the same minutes spread evenly). The result shows each plan's
    expected effect against coaching nobody, and A - B, averaged over
    :data:`LAB_REPLICATIONS` futures with a 95 % band
    (:func:`lab_summary`). The sliders set the "your own split" plan.
    Controls recompute when released.

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
    plans = [(label, name) for name, label in PLAN_CHOICES.items()]
    plan_a = ui.Dropdown(options=plans, value="diagnosis", description="Plan A")
    plan_b = ui.Dropdown(options=plans, value="even", description="Plan B")
    budget = ui.IntSlider(value=LAB_MINUTES, min=0, max=2 * SLIDER_MAX, step=5, description="Minutes a rep",
                          continuous_update=False, style={"description_width": "120px"})
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
        result.value = lab_html(team, coach.value, minutes, quarters_ahead, plan_a=plan_a.value,
                                plan_b=plan_b.value, budget=budget.value)

    for control in [coach, plan_a, plan_b, budget, *sliders.values()]:
        control.observe(refresh, names="value")
    refresh()
    intro = ui.HTML(
        value="<b>Coaching lab.</b> Two plans for the same minutes a week, side by side: what each would win "
        f"over the next {quarters_ahead} quarters against coaching nobody, averaged over "
        f"{LAB_REPLICATIONS} possible futures. The sliders set \"your own split\"."
    )
    return ui.VBox([intro, coach, ui.HBox([plan_a, plan_b]), budget, ui.VBox(list(sliders.values())), result])


# -- pictures as PNG (no pyplot state, so nothing is shown twice in a notebook) -------

def _png(draw, size=(8, 4)) -> bytes:
    """Draw with ``draw(ax)`` on a new figure and return the picture as PNG bytes."""
    import io

    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    draw(fig.subplots())
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    return buffer.getvalue()


def _table_html(rows, head) -> str:
    """A plain HTML table (compact: widget text is otherwise spaced for controls)."""
    cells = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v), quote=False)}</td>" for v in row) + "</tr>" for row in rows
    )
    header = "".join(f"<th>{html.escape(str(h), quote=False)}</th>" for h in head)
    return f'<table cellpadding="4" style="{_TABLE_STYLE}"><tr>{header}</tr>{cells}</table>'


# -- scenario explorer --------------------------------------------------------

#: The scenario every other one is drawn against.
BASELINE_SCENARIO = "northwind"


@lru_cache(maxsize=6)
def _simulated(scenario: str, seed: int) -> Team:
    from ..engine.simulation import simulate

    return simulate(scenario, seed)


def scenario_metrics() -> list[tuple[str, str]]:
    """The measures the scenario explorer offers, as (label, name) pairs.

    >>> scenario_metrics()[0]
    ('Won amount', 'won_amount')
    """
    from ..whole_job.comparison import SCENARIO_METRICS

    return [(label, name) for name, (label, _, _) in SCENARIO_METRICS.items()]


def _scenario_teams(scenario: str, seed: int) -> dict:
    names = [BASELINE_SCENARIO] if scenario == BASELINE_SCENARIO else [BASELINE_SCENARIO, scenario]
    return {n: _simulated(n, int(seed)) for n in names}


def scenario_view(scenario: str, seed: int, metric: str) -> tuple[str, bytes]:
    """What the explorer shows: an HTML table of the measure per quarter and its picture (PNG).

    The scenario is drawn against :data:`BASELINE_SCENARIO` with the same seed,
    using :func:`sefkit.whole_job.comparison.compare_scenarios` and
    :func:`sefkit.pictures.plots.scenario_comparison`. A choice that cannot be shown
    gives a message and no picture.
    """
    from ..whole_job.comparison import SCENARIO_METRICS, compare_scenarios
    from .plots import scenario_comparison

    try:
        teams = _scenario_teams(scenario, seed)
        table = compare_scenarios(teams, metric)
    except ValueError as err:
        return _message(str(err)), b""
    label, unit, _ = SCENARIO_METRICS[metric]
    wide = table.pivot(index="quarter", columns="scenario", values="value").reindex(columns=list(teams))

    def show(v):
        if pd.isna(v):
            return "-"
        return f"{v * 100:.1f} %" if unit == "share" else f"{v:,.2f}" if abs(v) < 10 else f"{v:,.0f}"

    rows = [[name, *(show(v) for v in wide[name])] for name in wide.columns]
    text = (f"<p><b>{html.escape(label)}</b> per quarter, seed {int(seed)}</p>"
            + _table_html(rows, ["Scenario", *wide.index]))
    return text, _png(lambda ax: scenario_comparison(teams, metric, ax=ax), size=(8, 3.8))


def scenario_explorer(*, scenario: str = BASELINE_SCENARIO, seed: int = 0, metric: str = "won_amount", ui=None):
    """Pick a scenario, a seed and a measure; see it quarter by quarter against northwind.

    The enterprise scenario (1,000 reps) is left out: it takes seconds to simulate.

    Args:
        scenario: the scenario shown first.
        seed: the seed shown first.
        metric: the measure shown first (see :func:`scenario_metrics`).
        ui: the widget library (default ``ipywidgets``); tests pass stand-ins.

    Returns:
        The explorer (a ``VBox``) to display in a notebook.
    """
    from ..engine.scenario import scenarios

    ui = _ui(ui)
    names = [n for n in scenarios()["name"] if n != "enterprise"]
    if scenario not in names:
        raise ValueError(f"unknown scenario {scenario!r}; valid scenarios: {', '.join(names)}")
    options = scenario_metrics()
    if metric not in [name for _, name in options]:
        raise ValueError(f"unknown metric {metric!r}; valid metrics: {', '.join(n for _, n in options)}")
    pick = ui.Dropdown(options=names, value=scenario, description="Scenario")
    seed_box = ui.BoundedIntText(value=seed, min=0, max=10_000, description="Seed")
    measure = ui.Dropdown(options=options, value=metric, description="Measure")
    return _picture_and_table(ui, (pick, seed_box, measure), scenario_view)


# -- scorecard explorer -------------------------------------------------------

#: The quarter-dropdown value that means "the whole run".
WHOLE_RUN = "whole run"


def scorecard_view(team: Team, quarter: str) -> tuple[str, bytes]:
    """What the scorecard explorer shows: each rep's binding constraint (HTML) and the heatmap (PNG).

    ``quarter`` is a quarter label or :data:`WHOLE_RUN`; uses
    :func:`sefkit.whole_job.system.scorecard`, :func:`sefkit.whole_job.system.diagnose` and
    :func:`sefkit.pictures.plots.scorecard`.
    """
    from ..whole_job.system import diagnosis_of, measures, scorecard_of
    from .plots import scorecard as heatmap

    q = None if quarter == WHOLE_RUN else quarter
    try:
        long = measures(team, q)  # computed once for both the scorecard and the diagnosis
        scores, found = scorecard_of(team, long), diagnosis_of(team, long)
    except ValueError as err:
        return _message(str(err)), b""
    rows = [[r.rep_id, r.binding_constraint.replace("_", " "), r.finding] for r in found.itertuples()]
    text = _table_html(rows, ["Rep", "Weakest link", "Evidence"])
    title = f"Whole-job scorecard, {quarter}: each rep against the team"
    size = (1.1 * len(scores.columns) + 3, 0.45 * len(scores) + 2)
    return text, _png(lambda ax: heatmap(scores, ax=ax, title=title), size=size)


def scorecard_explorer(team: Team, *, ui=None):
    """The whole-job scorecard and each rep's weakest link, for the whole run or one quarter.

    Args:
        team: a team with full detail (from :func:`sefkit.simulate`).
        ui: the widget library (default ``ipywidgets``); tests pass stand-ins.

    Returns:
        The explorer (a ``VBox``) to display in a notebook.
    """
    ui = _ui(ui)
    period = ui.Dropdown(options=[WHOLE_RUN, *team.quarters], value=WHOLE_RUN, description="Period")
    picture = ui.Image(value=b"", format="png")
    table = ui.HTML(value="")

    def refresh(_change=None):
        table.value, picture.value = scorecard_view(team, period.value)

    period.observe(refresh, names="value")
    refresh()
    return ui.VBox([period, picture, table])


# -- territory aim explorer (lesson 01) ----------------------------------------------

#: The quarter (1 = the first) from which the aim explorer changes how prospecting is aimed.
AIM_FROM = 3
#: The aims the explorer offers: label -> ``prospecting.territory_focus`` (northwind: 4).
AIMS = {
    "spread evenly (no aim)": 0.0,
    "half northwind's aim": 2.0,
    "northwind's aim": 4.0,
    "twice northwind's aim": 8.0,
}
#: The measures the aim explorer offers (names of :data:`sefkit.pictures.plots.SCENARIO_METRICS`).
AIM_METRICS = ("won_amount", "high_fit_share", "activities", "win_rate", "no_decision_rate", "average_won_size")


@lru_cache(maxsize=8)
def _aimed(seed: int, focus: float) -> Team:
    from ..engine.simulation import simulate

    return simulate(BASELINE_SCENARIO, seed,
                    changes=[{"quarter": AIM_FROM, "set": {"prospecting": {"territory_focus": focus}}}])


def aim_view(seed: int, aim: str, metric: str) -> tuple[str, bytes]:
    """What the aim explorer shows: the measure per quarter (HTML) and its picture (PNG), against northwind.

    ``aim`` is a label of :data:`AIMS`; from quarter :data:`AIM_FROM` on, every rep
    aims prospecting that hard at high-fit accounts. A choice that cannot be
    shown gives a message and no picture.
    """
    from .plots import SCENARIO_METRICS, compare_scenarios, scenario_comparison

    if aim not in AIMS:
        return _message(f"unknown aim {aim!r}; choose one of: {', '.join(AIMS)}"), b""
    if metric not in AIM_METRICS:
        return _message(f"unknown metric {metric!r}; valid metrics: {', '.join(AIM_METRICS)}"), b""
    teams = {BASELINE_SCENARIO: _simulated(BASELINE_SCENARIO, int(seed)), aim: _aimed(int(seed), AIMS[aim])}
    table = compare_scenarios(teams, metric)
    label, unit, _ = SCENARIO_METRICS[metric]
    wide = table.pivot(index="quarter", columns="scenario", values="value").reindex(columns=list(teams))

    def show(v):
        if pd.isna(v):
            return "-"
        return f"{v * 100:.1f} %" if unit == "share" else f"{v:,.2f}" if abs(v) < 10 else f"{v:,.0f}"

    rows = [[name, *(show(v) for v in wide[name])] for name in wide.columns]
    when = wide.index[AIM_FROM - 1] if len(wide.index) >= AIM_FROM else None  # a short run never changes
    text = (f"<p><b>{html.escape(label)}</b> per quarter, seed {int(seed)}"
            + (f"; the aim changes in {html.escape(when)}" if when else "") + "</p>"
            + _table_html(rows, ["Aim", *wide.index]))
    event = (when, "aim changes") if when else None
    return text, _png(lambda ax: scenario_comparison(teams, metric, ax=ax, event=event,
                                                     title=f"{label}: {aim} against northwind"), size=(8, 3.8))


def aim_explorer(*, seed: int = 0, aim: str = "spread evenly (no aim)", metric: str = "won_amount", ui=None):
    """Choose how hard the team aims its prospecting at high-fit accounts from quarter 3; see a measure against northwind.

    Each new choice simulates the team again (a few seconds).

    Args:
        seed: the seed shown first.
        aim: the aim shown first (a label of :data:`AIMS`).
        metric: the measure shown first (one of :data:`AIM_METRICS`).
        ui: the widget library (default ``ipywidgets``); tests pass stand-ins.

    Returns:
        The explorer (a ``VBox``) to display in a notebook.
    """
    from .plots import SCENARIO_METRICS

    ui = _ui(ui)
    if aim not in AIMS:
        raise ValueError(f"unknown aim {aim!r}; choose one of: {', '.join(AIMS)}")
    if metric not in AIM_METRICS:
        raise ValueError(f"unknown metric {metric!r}; valid metrics: {', '.join(AIM_METRICS)}")
    pick = ui.Dropdown(options=list(AIMS), value=aim, description="Aim")
    measure = ui.Dropdown(options=[(SCENARIO_METRICS[m][0], m) for m in AIM_METRICS], value=metric,
                          description="Measure")
    seed_box = ui.BoundedIntText(value=seed, min=0, max=10_000, description="Seed")
    return _picture_and_table(ui, (pick, measure, seed_box), lambda aim, metric, seed: aim_view(seed, aim, metric))


# -- qualification and calls explorer (lesson 04) ---------------------------------------

#: The qualification skills the load explorer offers: label -> the team's mean qualification skill
#: (northwind: 0.5).
QUALIFICATION_LEVELS = {
    "strict (0.75)": 0.75,
    "northwind (0.5)": 0.5,
    "lax (0.25)": 0.25,
    "very lax (0.1)": 0.1,
}


#: The weekly deal hours the load explorer offers (northwind: 20); the hours taken from deal work go to
#: admin, so the week and the prospecting stay the same.
DEAL_HOURS = (20, 14, 10)
#: Deal plus admin hours of a typical northwind week (20 + 8).
_DEAL_AND_ADMIN = 28.0


@lru_cache(maxsize=8)
def _qualifying(seed: int, skill: float, hours: float = 20.0) -> Team:
    from ..engine.simulation import simulate

    return simulate(BASELINE_SCENARIO, seed, skills={"mean": {"qualification": skill}},
                    hours={"deal": float(hours), "admin": _DEAL_AND_ADMIN - float(hours)})


def _call_figures(team: Team) -> list[float]:
    """Open deals, planned share, advance and continuation shares of every call, and the win rate."""
    from ..components.calls import advance_rate, planned_share_of
    from ..components.deals import win_rate

    load = _load_table(team)
    calls = advance_rate(team)[["calls", "advance", "continuation"]].sum()
    planned = load["planned"].sum()
    return [float(load["open_deals"].mean()), float(planned_share_of(planned, calls["calls"])),
            float(calls["advance"] / calls["calls"]), float(calls["continuation"] / calls["calls"]),
            float(win_rate(team))]


def _load_table(team: Team) -> pd.DataFrame:
    from ..components.calls import call_planning, calls_and_load

    planned = call_planning(team)[["rep_id", "planned"]]
    return calls_and_load(team).groupby("rep_id", as_index=False)["open_deals"].mean().merge(planned, on="rep_id")


def load_view(seed: int, level: str, hours: int = 20) -> tuple[str, bytes]:
    """What the load explorer shows: northwind against the changed team (HTML), and its picture (PNG).

    The changed team qualifies as ``level`` (a label of :data:`QUALIFICATION_LEVELS`)
    and works deals ``hours`` a week (one of :data:`DEAL_HOURS`); nothing else is
    set. The table uses :mod:`sefkit.components.calls`; the picture is
    :func:`sefkit.pictures.plots.calls_vs_load` of the changed team.
    """
    from .plots import calls_vs_load

    if level not in QUALIFICATION_LEVELS:
        return _message(f"unknown qualification level {level!r}; choose one of: {', '.join(QUALIFICATION_LEVELS)}"), b""
    if hours not in DEAL_HOURS:
        return _message(f"deal hours must be one of {', '.join(map(str, DEAL_HOURS))}; got {hours!r}"), b""
    base = _simulated(BASELINE_SCENARIO, int(seed))
    changed = _qualifying(int(seed), QUALIFICATION_LEVELS[level], float(hours))
    head = ["Team", "Open deals per rep", "Planned calls", "Calls that advance", "Continuations", "Win rate"]

    def row(name, team):
        load, planned, advance, cont, win = _call_figures(team)
        return [name, f"{load:.1f}", *(f"{v * 100:.1f} %" for v in (planned, advance, cont, win))]

    name = f"{level}, {hours} deal hours"
    text = (f"<p>Seed {int(seed)}: northwind against the same team with qualification <b>{html.escape(level)}</b> "
            f"and <b>{int(hours)}</b> deal hours a week</p>"
            + _table_html([row("northwind", base), row(name, changed)], head))
    return text, _png(lambda ax: calls_vs_load(changed, ax=ax), size=(7.5, 4))


def load_explorer(*, seed: int = 0, level: str = "lax (0.25)", hours: int = 20, ui=None):
    """Choose how well the team qualifies and how many hours it has for deals; see its deal load,
    call planning and call outcomes against northwind.

    Each new choice simulates the team again (a few seconds).

    Args:
        seed: the seed shown first.
        level: the qualification level shown first (a label of :data:`QUALIFICATION_LEVELS`).
        hours: the weekly deal hours shown first (one of :data:`DEAL_HOURS`).
        ui: the widget library (default ``ipywidgets``); tests pass stand-ins.

    Returns:
        The explorer (a ``VBox``) to display in a notebook.
    """
    ui = _ui(ui)
    if level not in QUALIFICATION_LEVELS:
        raise ValueError(f"unknown qualification level {level!r}; choose one of: {', '.join(QUALIFICATION_LEVELS)}")
    if hours not in DEAL_HOURS:
        raise ValueError(f"deal hours must be one of {', '.join(map(str, DEAL_HOURS))}; got {hours!r}")
    pick = ui.Dropdown(options=list(QUALIFICATION_LEVELS), value=level, description="Qualification")
    time = ui.Dropdown(options=list(DEAL_HOURS), value=hours, description="Deal hours")
    seed_box = ui.BoundedIntText(value=seed, min=0, max=10_000, description="Seed")
    return _picture_and_table(ui, (pick, time, seed_box), lambda level, hours, seed: load_view(seed, level, hours))


def _picture_and_table(ui, controls, view):
    """Controls in a row above a picture and a table, redrawn whenever a control changes.

    ``view(*values)`` takes the controls' values in order and returns the
    table's HTML and the picture's PNG bytes.
    """
    table = ui.HTML(value="")
    picture = ui.Image(value=b"", format="png")

    def refresh(_change=None):
        table.value, picture.value = view(*(control.value for control in controls))

    for control in controls:
        control.observe(refresh, names="value")
    refresh()
    return ui.VBox([ui.HBox(list(controls)), picture, table])


__all__ = [
    "AIMS", "AIM_FROM", "AIM_METRICS", "aim_explorer", "aim_view", "BAR_RANGE", "bar_explorer", "bar_grid", "bar_view",
    "DEAL_HOURS", "QUALIFICATION_LEVELS", "load_explorer", "load_view",
    "BASELINE_SCENARIO", "COMPONENT_LABELS", "forecast_explorer", "forecast_view", "LAB_MINUTES", "LAB_REPLICATIONS",
    "PLAN_CHOICES", "SLIDER_MAX", "TEAM",
    "WHOLE_RUN", "coaching_lab", "lab_html", "lab_plan", "lab_summary", "named_plan", "scenario_explorer", "scenario_metrics", "scenario_view", "scorecard_explorer",
    "scorecard_view",
]


# -- backward planner (lesson 02) -----------------------------------------------

#: The rates the backward planner offers as sliders: (name in the plan, label).
PLANNER_RATES = (
    ("win_rate", "Win rate"),
    ("qualified_share", "Qualified"),
    ("meeting_rate", "Meeting rate"),
    ("connect_rate", "Connect rate"),
)


def planner_view(plan: pd.DataFrame, did_per_week: float | None = None, **rates) -> str:
    """What the backward planner shows: the plan worked again at other rates, beside the rep's own, as HTML.

    Uses :func:`sefkit.components.prospecting.replan`. A rate out of range gives a
    message, not a traceback.

    Args:
        plan: a table from :func:`sefkit.components.prospecting.backward_plan`.
        did_per_week: the activities a week the rep really did (None: not shown).
        **rates: the rates to change, by the name the plan uses (``win_rate=0.3``).

    >>> from sefkit.data.examples import tiny_team
    >>> from sefkit.components.prospecting import backward_plan
    >>> text = planner_view(backward_plan(tiny_team(), "R01"), 5.0, win_rate=1.0)
    >>> "<b>3.8 activities a week</b> at these rates (7.7 at the rep's own" in text
    True
    """
    from ..components.prospecting import replan

    try:
        changed = replan(plan, **rates)
    except ValueError as err:
        return _message(str(err))
    own, new = plan.set_index("step")["per_week"], changed.set_index("step")["per_week"]
    head = (f"<p>The quota needs <b>{new['activities']:,.1f} activities a week</b> at these rates "
            f"({own['activities']:,.1f} at the rep's own")
    head += f"; the rep did {did_per_week:,.1f} a week).</p>" if did_per_week is not None else ").</p>"
    rates_now = changed.set_index("step")
    rows = [[step.replace("_", " "), f"{own[step]:,.2f}", f"{new[step]:,.2f}",
             "" if pd.isna(rates_now.loc[step, "rate"]) else
             f"{rates_now.loc[step, 'based_on'].replace('_', ' ')} {rates_now.loc[step, 'rate']:,.2f}"]
            for step in changed["step"].iloc[1:]]
    return head + _table_html(rows, ["Step", "A week at the rep's rates", "A week at these rates", "Rate used"])


def backward_planner(team: Team, rep: str, *, quota=None, quarter=None, ui=None):
    """The backward plan with a slider per rate: how much prospecting a better win rate (or meeting rate) saves.

    Args:
        team: the team.
        rep: one rep id (the sliders start at the rep's own rates).
        quota: the target in money (as :func:`sefkit.components.prospecting.backward_plan`).
        quarter: the quarter(s) whose results give the rates.
        ui: the widget library (default ``ipywidgets``); tests pass stand-ins.

    Returns:
        The planner (a ``VBox``) to display in a notebook.

    Raises:
        ValueError: as :func:`sefkit.components.prospecting.backward_plan`.
    """
    from ..components.prospecting import backward_plan, funnel
    from ..data.periods import WEEKS_PER_QUARTER
    from ..data.selection import quarter_list

    ui = _ui(ui)
    plan = backward_plan(team, rep, quota=quota, quarter=quarter)
    weeks = WEEKS_PER_QUARTER * len(quarter_list(team, quarter) or team.quarters)
    did = float(funnel(team, rep, quarter, by=None)["activities"].iloc[0]) / weeks
    own = plan.set_index("based_on")["rate"]
    sliders = {name: ui.FloatSlider(value=round(float(own[name]), 2), min=0.01, max=1.0, step=0.01,
                                    description=label) for name, label in PLANNER_RATES}
    out = ui.HTML(value="")

    def refresh(_change=None):
        out.value = planner_view(plan, did, **{name: s.value for name, s in sliders.items()})

    for slider in sliders.values():
        slider.observe(refresh, names="value")
    refresh()
    return ui.VBox([ui.HBox(list(sliders.values())[:2]), ui.HBox(list(sliders.values())[2:]), out])


__all__ += ["PLANNER_RATES", "backward_planner", "planner_view"]


# -- forecast explorer (lesson 06) -----------------------------------------------

def forecast_view(team: Team, rep: str, quarter: str, week: int) -> tuple[str, bytes]:
    """What the forecast explorer shows: the week's call against what was won (HTML) and the weekly call (PNG).

    The table holds the rep's commit and best case in ``week`` with their errors
    (:func:`sefkit.components.forecast.forecast_vs_actual`) and the team's commit
    error that week (:func:`sefkit.components.forecast.team_forecast_error`); the
    picture is :func:`sefkit.pictures.plots.forecast_call`. A choice that cannot
    be shown gives a message and no picture.

    >>> from sefkit.data.examples import tiny_team
    >>> text, png = forecast_view(tiny_team(), "R01", "2025Q2", 7)
    >>> "<td>Commit</td><td>60,000</td><td>60,000</td><td>+0%</td>" in text, png[:4]
    (True, b'\x89PNG')
    """
    from ..components import forecast
    from .plots import forecast_call

    try:
        week = int(week)
        rows = [[label, *_call_row(forecast.forecast_vs_actual(team, week, rep, quarter, method=m).iloc[0])]
                for m, label in (("commit", "Commit"), ("best_case", "Best case"))]
        team_row = forecast.team_forecast_error(team, week, quarter).iloc[0]
    except ValueError as err:
        return _message(str(err)), b""
    rows.append(["The team's commit", *_call_row(team_row)])
    text = (f"<p><b>{html.escape(rep)}, {html.escape(quarter)}, week {week}</b>: the call against what was won</p>"
            + _table_html(rows, ["Call", "Forecast", "Won in the quarter", "Error"]))
    return text, _png(lambda ax: forecast_call(team, rep, quarter, week, ax=ax), size=(8, 3.8))


def _call_row(row) -> list[str]:
    error = "-" if pd.isna(row["error"]) else f"{row['error']:+.0%}"
    return [f"{row['forecast']:,.0f}", f"{row['actual']:,.0f}", error]


def forecast_explorer(team: Team, *, rep: str | None = None, quarter: str | None = None, week: int = 7, ui=None):
    """Move through a quarter week by week and see how a rep's call firms up, and how far it was from the result.

    Args:
        team: a team with forecasts (from :func:`sefkit.simulate`).
        rep: the rep shown first (default: the first).
        quarter: the quarter shown first (default: the last one the data covers to the end).
        week: the week shown first, 1-13.
        ui: the widget library (default ``ipywidgets``); tests pass stand-ins.

    Returns:
        The explorer (a ``VBox``) to display in a notebook.
    """
    from ..components.forecast import forecast_accuracy

    ui = _ui(ui)
    finished = list(forecast_accuracy(team, by="quarter")["quarter"])
    rep = rep or team.rep_ids[0]
    quarter = quarter or finished[-1]
    if rep not in team.rep_ids:
        raise ValueError(f"unknown rep {rep!r}; valid reps: {', '.join(team.rep_ids)}")
    if quarter not in finished:
        raise ValueError(f"unknown or unfinished quarter {quarter!r}; valid quarters: {', '.join(finished)}")
    pick = ui.Dropdown(options=list(team.rep_ids), value=rep, description="Rep")
    period = ui.Dropdown(options=finished, value=quarter, description="Quarter")
    when = ui.IntSlider(value=week, min=1, max=13, description="Week")
    return _picture_and_table(ui, (pick, period, when), lambda r, q, w: forecast_view(team, r, q, w))


# -- trace explorer (lesson 07) ---------------------------------------------------

def trace_view(team: Team, rep: str, quarter: str) -> tuple[str, bytes]:
    """What the trace explorer shows: the rep's quarter traced back (HTML table) and its picture (PNG).

    Uses :func:`sefkit.whole_job.evidence.trace` and :func:`sefkit.pictures.plots.symptom_trace`;
    a quarter that cannot be traced (the team's first) shows the reason instead.
    """
    from ..whole_job.evidence import trace
    from .plots import symptom_trace

    try:
        t = trace(team, rep, quarter)
    except ValueError as err:
        return _message(str(err)), b""
    rows = [[link, measure, quarters, f"{mine:.2f}", f"{average:.2f}", "worse" if worse else ""]
            for link, measure, quarters, mine, average, worse in
            zip(t["link"], t["measure"], t["quarters"], t["rep_value"], t["team_value"], t["worse_than_team"],
                strict=True)]
    text = _table_html(rows, ["Link", "Measure", "Quarters", rep, "Team", "Worse than the team"])
    return text, _png(lambda ax: symptom_trace(team, rep, quarter, ax=ax), size=(9, 4.5))


def trace_explorer(team: Team, *, rep: str | None = None, quarter: str | None = None, ui=None):
    """Pick a rep and a quarter; see that quarter traced back from the result to the prospecting before it.

    Args:
        team: a team with full detail (from :func:`sefkit.simulate`).
        rep, quarter: what it opens on (default: the first rep, the second quarter).
        ui: the widget library (default ``ipywidgets``); tests pass stand-ins.

    Returns:
        The explorer (a ``VBox``) to display in a notebook.
    """
    ui = _ui(ui)
    quarters = team.quarters[1:]  # the first quarter has no prospecting before it to trace
    who = ui.Dropdown(options=list(team.rep_ids), value=rep or team.rep_ids[0], description="Rep")
    when = ui.Dropdown(options=quarters, value=quarter or quarters[0], description="Quarter")
    return _picture_and_table(ui, [who, when], lambda r, q: trace_view(team, r, q))


__all__ += ["trace_explorer", "trace_view"]

# -- a rep's qualification bar (lesson 03) ----------------------------------------

#: The bars the bar explorer's slider offers: 0.20 to 0.70 of the maximum MEDDPICC score.
BAR_RANGE = (0.20, 0.70, 0.05)


def bar_grid() -> list[float]:
    """The bars the bar explorer's slider offers (:data:`BAR_RANGE`), rounded as the explorer rounds them.

    >>> bar_grid()[:3], len(bar_grid())
    ([0.2, 0.25, 0.3], 11)
    """
    low, high, step = BAR_RANGE
    return [round(low + i * step, 2) for i in range(round((high - low) / step) + 1)]


def _bar_value(measure: str, value: float, signed: bool = False) -> str:
    sign = "+" if signed else ""
    if measure == "win_rate":
        return f"{value * 100:{sign}.1f} {'points' if signed else '%'}"
    if measure == "coverage":
        return f"{value:{sign}.2f}x"
    if measure == "cycle_days":
        return f"{value:{sign}.0f} days"
    return f"{value:{sign},.0f}"


def bar_view(rep: str, bar: float, *, seeds=None, **options) -> str:
    """What the bar explorer shows for ``rep`` at ``bar``: each measure with the rep's own bar, at this bar, and the change (HTML).

    The figures are :func:`sefkit.whole_job.qualification_bar.bar_effect`'s: means over
    its seeds, the change with its 95 % band. A bar that cannot be shown gives a message.
    """
    from ..whole_job.qualification_bar import MEASURES, SEEDS, bar_effect

    seeds = SEEDS if seeds is None else seeds
    try:
        table = bar_effect(rep, bar, seeds=seeds, **options)
    except ValueError as err:
        return _message(str(err))
    rows = [[MEASURES[r.measure], _bar_value(r.measure, r.own_bar), _bar_value(r.measure, r.this_bar),
             f"{_bar_value(r.measure, r.change, True)} ({_bar_value(r.measure, r.change_low, True)} to "
             f"{_bar_value(r.measure, r.change_high, True)})"] for r in table.itertuples()]
    head = ["Measure", f"{rep}'s own bar", f"bar {bar:.2f}", "expected change (95 % band)"]
    return (f"<p><b>{html.escape(rep)} admits deals at {bar:.0%} of the maximum MEDDPICC score</b>: "
            f"averages over {len(tuple(seeds))} simulated teams, against the same teams with {html.escape(rep)}'s own bar.</p>"
            + _table_html(rows, head))


def bar_explorer(rep: str, *, bar: float = 0.30, seeds=None, ui=None, background: bool = True, **options):
    """Move one rep's qualification bar and see coverage, win rate, cycle and money won move together.

    The first bar simulates the team in every seed twice over (a few seconds).
    Then every other bar on the slider is measured in the background, nearest
    first, while the learner reads (:func:`sefkit.whole_job.qualification_bar.prepare`):
    once that is done (about half a minute on one free core) a slider move runs no simulation and
    answers at once; a bar not measured yet is simulated when asked for.

    Args:
        rep: the rep whose bar the slider moves.
        bar: the bar shown first (a share of the maximum score, 0.20-0.70).
        seeds: the simulated teams averaged over (default
            :data:`sefkit.whole_job.qualification_bar.SEEDS`).
        ui: the widget library (default ``ipywidgets``); tests pass stand-ins.
        background: measure the slider's other bars in the background (default True).
        **options: passed to :func:`sefkit.whole_job.qualification_bar.bar_effect`.

    Returns:
        The explorer (a ``VBox``) to display in a notebook.
    """
    from ..whole_job.qualification_bar import SEEDS, prepare

    ui = _ui(ui)
    low, high, step = BAR_RANGE
    if not low <= bar <= high:
        raise ValueError(f"the bar explorer offers bars from {low:.2f} to {high:.2f}, not {bar!r}")
    slider = ui.FloatSlider(value=bar, min=low, max=high, step=step, description="Bar",
                            continuous_update=False, readout_format=".2f")
    table = ui.HTML(value="")

    def refresh(_change=None):
        table.value = bar_view(rep, round(slider.value, 2), seeds=seeds, **options)

    slider.observe(refresh, names="value")
    refresh()
    if background:
        grid = sorted(bar_grid(), key=lambda b: (abs(b - bar), b))
        with contextlib.suppress(ValueError):  # a rep or option bar_view already said is not possible
            prepare(rep, grid, seeds=SEEDS if seeds is None else seeds, **options)
    return ui.VBox([slider, table])
