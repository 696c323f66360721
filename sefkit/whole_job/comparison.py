"""Comparing teams: one measure of several teams (scenarios), quarter by quarter.

The lessons put a changed team next to northwind (poor hygiene, coaching only
prospecting ...) and ask where the two part ways. :func:`compare_scenarios`
gives the table; :func:`sefkit.pictures.plots.scenario_comparison` draws it.
Each measure of :data:`SCENARIO_METRICS` is the whole team's value per quarter,
from the one function of the component that defines it:

==================  ========================================================
measure             function
==================  ========================================================
won_amount ...      :mod:`sefkit.components.deals` (won amount, win rate,
                    no-decision rate, cycle length, average won deal), one
                    quarter at a time
coverage            :func:`sefkit.components.pipeline.team_coverage`
zombie_share        :func:`sefkit.components.pipeline.zombie_share`
forecast_bias       :func:`sefkit.components.forecast.forecast_accuracy`
                    (``by="quarter"``, the week-7 commit): its ``bias``
forecast_abs_error  the same, its ``mean_abs_error``
activities          :func:`sefkit.components.prospecting.funnel` (``by="quarter"``)
high_fit_share      :func:`sefkit.components.territory.prospecting_focus`,
                    pooled over the reps
==================  ========================================================

>>> from sefkit.data.examples import tiny_team
>>> compare_scenarios({"tiny": tiny_team()}, "coverage")
  scenario quarter  value
0     tiny  2025Q1    0.0
1     tiny  2025Q2    1.4
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..components import deals, forecast, pipeline, prospecting, territory
from ..data.team import Team


def _per_quarter(team: Team, metric) -> pd.Series:
    values = {}
    for q in team.quarters:
        try:
            values[q] = float(metric(team, quarter=q))
        except ValueError:  # nothing to measure in that quarter
            values[q] = np.nan
    return pd.Series(values, dtype="float64")


def _team_coverage(team: Team) -> pd.Series:
    return pipeline.team_coverage(team).set_index("quarter")["coverage"]


def _zombie_share(team: Team) -> pd.Series:
    return pipeline.zombie_share(team, by="quarter").set_index("quarter")["zombie_share"]


def _forecast_bias(team: Team) -> pd.Series:
    return forecast.forecast_accuracy(team, by="quarter").set_index("quarter")["bias"]


def _forecast_abs_error(team: Team) -> pd.Series:
    return forecast.forecast_accuracy(team, by="quarter").set_index("quarter")["mean_abs_error"]


#: Measures :func:`compare_scenarios` knows: name -> (label, unit, function(team) -> value per quarter).
SCENARIO_METRICS = {
    "won_amount": ("Won amount", "money", lambda t: _per_quarter(t, deals.won_amount)),
    "win_rate": ("Win rate", "share", lambda t: _per_quarter(t, deals.win_rate)),
    "no_decision_rate": ("No-decision rate", "share", lambda t: _per_quarter(t, deals.no_decision_rate)),
    "cycle_length": ("Median cycle length", "days", lambda t: _per_quarter(t, deals.cycle_length)),
    "average_won_size": ("Average won deal", "money", lambda t: _per_quarter(t, deals.average_won_size)),
    "coverage": ("Team pipeline coverage", "times quota", _team_coverage),
    "zombie_share": ("Share of pipeline in zombie deals", "share", _zombie_share),
    "forecast_bias": ("Forecast bias of the week-7 commit", "share", _forecast_bias),
    "forecast_abs_error": ("Mean absolute error of the week-7 commit", "share", _forecast_abs_error),
}


# lesson 01: how much prospecting there is, and how much of it lands on high-fit accounts
def _activities(team: Team) -> pd.Series:
    table = prospecting.funnel(team, by="quarter")
    return table.set_index("quarter")["activities"].astype("float64")


def _team_high_fit_share(team: Team, quarter) -> float:
    focus = territory.prospecting_focus(team, quarter=quarter)
    return float(focus["high_fit_activities"].sum() / focus["activities"].sum())


def _high_fit_share(team: Team) -> pd.Series:
    return _per_quarter(team, _team_high_fit_share)


SCENARIO_METRICS.update({
    "activities": ("Prospecting activities", "activities", _activities),
    "high_fit_share": ("Share of prospecting on high-fit accounts", "share", _high_fit_share),
})


# lesson 02: one rep across scenarios
#: What :func:`rep_comparison` can show: name -> (label, unit, function(team, rep) -> value per quarter).
REP_METRICS = {
    "activities": ("Prospecting activities", "count",
                   lambda t, r: prospecting.funnel(t, r, by="quarter").set_index("quarter")["activities"]),
    "opportunities": ("Opportunities from prospecting", "count",
                      lambda t, r: prospecting.funnel(t, r, by="quarter").set_index("quarter")["opportunities"]),
    "won_amount": ("Won amount", "money", lambda t, r: _per_quarter(t, lambda team, quarter: deals.won_amount(
        team, r, quarter))),
}


def compare_scenarios(teams: dict, metric: str) -> pd.DataFrame:
    """One metric for several teams (scenarios), quarter by quarter, as a table.

    Args:
        teams: a dict of name -> Team, for example
            ``{"northwind": simulate("northwind"), "zombies": simulate("zombie_pipeline")}``.
        metric: one of :data:`SCENARIO_METRICS`.

    Returns:
        One row per team and quarter with ``scenario`` (the dict key),
        ``quarter`` and ``value`` (missing where the quarter has nothing to
        measure, for example no deal closed).

    Raises:
        ValueError: unknown metric, or ``teams`` not a non-empty dict of teams.

    >>> from sefkit.data.examples import tiny_team
    >>> compare_scenarios({"tiny": tiny_team()}, "won_amount")
      scenario quarter    value
    0     tiny  2025Q1  90000.0
    1     tiny  2025Q2  60000.0
    """
    if metric not in SCENARIO_METRICS:
        raise ValueError(f"unknown metric {metric!r}; valid metrics: {', '.join(SCENARIO_METRICS)}")
    if not isinstance(teams, dict) or not teams or not all(isinstance(t, Team) for t in teams.values()):
        raise ValueError("teams must be a non-empty dict of name -> Team, e.g. {'northwind': simulate('northwind')}")
    compute = SCENARIO_METRICS[metric][2]
    parts = []
    for name, team in teams.items():
        values = compute(team).reindex(team.quarters)
        parts.append(pd.DataFrame({"scenario": name, "quarter": values.index, "value": values.to_numpy()}))
    return pd.concat(parts, ignore_index=True)


__all__ = ["REP_METRICS", "SCENARIO_METRICS", "compare_scenarios"]
