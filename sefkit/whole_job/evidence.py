"""Reading the evidence behind a diagnosis: a missed quarter traced back, and how sure a diagnosis is.

Two questions follow every whole-job scorecard (:mod:`sefkit.whole_job.system`):

* **Where did this symptom start?** :func:`trace` lays a rep's quarter out along
  the chain a missed quarter travels back through: the result, the forecast
  call, the pipeline it started with (and how much of it was live), the deals
  worked in it, and the prospecting of the quarters before, each next to the
  team's average. It reads every figure from the one function that defines it.
* **How sure can the diagnosis be?** :func:`hit_rates` summarises
  :func:`sefkit.whole_job.system.check_diagnosis` tables (one or many seeds):
  how often the named constraint is the true one, in the top two, and how that
  depends on whether the rep's two weakest skills are close in the hidden truth.
  :func:`runner_up` gives, for facilitators, each rep's true weakest skill, the
  true runner-up and whether the two are close (:data:`CLOSE_MARGIN`).

>>> CLOSE_MARGIN
0.5
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.team import COMPONENTS, Team

#: Two skills are "close" in the hidden truth when the rep's second-weakest
#: standard score is less than this above the weakest (``true_margin`` of
#: :func:`sefkit.whole_job.system.true_constraint`). Half a standard deviation
#: is the line benchmarks/validate_diagnosis.py draws between a clearly weakest
#: skill and two nearly as weak; graded assignments give part credit for the
#: runner-up only below it.
CLOSE_MARGIN = 0.5

#: How many quarters before the traced one :func:`trace` reads the prospecting of
#: (new deals take about a quarter to be found and another to close).
LOOKBACK = 2


# -- how sure: the hidden truth, for facilitators -------------------------------------

def runner_up(team: Team, quarter=None) -> pd.DataFrame:
    """Each rep's true weakest skill, the true runner-up, and whether the two are close (for facilitators).

    Reads the simulation's hidden truth (:func:`sefkit.whole_job.system.true_scores`).

    Returns:
        One row per rep: the columns of :func:`sefkit.whole_job.system.true_constraint`
        (``true_constraint``, ``true_score``, ``true_margin``), then ``runner_up``
        (the second-weakest skill), ``runner_up_score`` and ``close``
        (``true_margin`` < :data:`CLOSE_MARGIN`).

    Raises:
        ValueError: as :func:`sefkit.whole_job.system.true_scores`.

    >>> from sefkit import simulate
    >>> r = runner_up(simulate("northwind", seed=0, n_reps=4, quarters=2))
    >>> list(r.columns)
    ['rep_id', 'true_constraint', 'true_score', 'true_margin', 'runner_up', 'runner_up_score', 'close']
    >>> bool((r["runner_up"] != r["true_constraint"]).all())
    True
    """
    from .system import true_constraint, true_scores

    z = true_scores(team, quarter)
    out = true_constraint(team, quarter)
    order = np.argsort(z.to_numpy(), axis=1, kind="stable")
    second = [z.columns[row[1]] for row in order]
    out["runner_up"] = second
    out["runner_up_score"] = [z.loc[r, c] for r, c in zip(out["rep_id"], second, strict=True)]
    out["close"] = out["true_margin"] < CLOSE_MARGIN
    return out


def hit_rates(checks: pd.DataFrame) -> pd.Series:
    """How often a diagnosis was right, from one or many :func:`~sefkit.whole_job.system.check_diagnosis` tables.

    Args:
        checks: rows of :func:`sefkit.whole_job.system.check_diagnosis` (or of
            :func:`sefkit.whole_job.system.validate_diagnosis`, many seeds).

    Returns:
        A Series: ``reps`` (rows counted), ``hit_rate`` (share whose named
        constraint is the true one), ``top_two`` (the true one named first or
        second), ``close_share`` (share whose true weakest two skills are within
        :data:`CLOSE_MARGIN`), ``clear_hit_rate`` and ``close_hit_rate`` (the hit
        rate among reps whose weakest skill is clear, or close), and
        ``chance`` (a guess among the seven components).

    Raises:
        ValueError: an empty table, or one without check_diagnosis's columns.

    >>> checks = pd.DataFrame({"hit": [True, False, True, False], "true_constraint": ["calls"] * 4,
    ...                        "next_weakest": ["hygiene", "calls", "hygiene", "territory"],
    ...                        "true_margin": [1.0, 0.2, 0.3, 0.9]})
    >>> hit_rates(checks)[["hit_rate", "top_two", "close_share", "clear_hit_rate", "close_hit_rate"]].tolist()
    [0.5, 0.75, 0.5, 0.5, 0.5]
    """
    need = {"hit", "true_constraint", "next_weakest", "true_margin"}
    if not isinstance(checks, pd.DataFrame) or not need <= set(checks.columns) or checks.empty:
        raise ValueError("checks must be a non-empty table from system.check_diagnosis or "
                         f"system.validate_diagnosis, with the columns {sorted(need)}")
    hit = checks["hit"].astype(bool)
    top_two = hit | (checks["next_weakest"] == checks["true_constraint"])
    close = checks["true_margin"] < CLOSE_MARGIN
    return pd.Series({
        "reps": float(len(checks)),
        "hit_rate": float(hit.mean()),
        "top_two": float(top_two.mean()),
        "close_share": float(close.mean()),
        "clear_hit_rate": float(hit[~close].mean()) if (~close).any() else float("nan"),
        "close_hit_rate": float(hit[close].mean()) if close.any() else float("nan"),
        "chance": 1 / len(COMPONENTS),
    })


# -- where a symptom started: one rep's quarter, back along the chain ---------------------

def _quarters_before(team: Team, quarter: str, n: int) -> list[str]:
    i = team.quarters.index(quarter)
    return team.quarters[max(0, i - n):i]


def _by_rep(table: pd.DataFrame, column: str) -> pd.Series:
    return table.set_index("rep_id")[column].astype("float64")


def trace(team: Team, rep: str, quarter: str) -> pd.DataFrame:
    """One rep's quarter laid out along the chain a missed quarter travels back through.

    Each row is one link, from the result back to its earliest cause, with the
    rep's value, the team's (the average of the reps' values, each rep counting
    once) and whether the rep is worse than the team on it:

    ====================  ===============================================================  ================
    link                  measure (function)                                               quarters
    ====================  ===============================================================  ================
    result                attainment: won / quota (:func:`~sefkit.components.territory.attainment`)  the quarter
    forecast              the first Monday's commit call / the money then won              the quarter
                          (1 + the bias of :func:`~sefkit.components.forecast.forecast_accuracy`, week 1)
    pipeline              coverage on the first day (:func:`~sefkit.components.pipeline.coverage`)   the quarter
    hygiene               coverage without zombie deals                                    the quarter
                          (:func:`~sefkit.components.pipeline.quality_coverage`)
    deals                 win rate (:func:`~sefkit.components.deals.deal_summary`)        the quarter
    qualification         no-decision rate (:func:`~sefkit.components.deals.deal_summary`)  the quarter
    prospecting           meetings, and opportunities created                              the :data:`LOOKBACK`
                          (:func:`~sefkit.components.prospecting.funnel`)                   quarters before
    ====================  ===============================================================  ================

    Args:
        team: a team with full detail.
        rep: the rep's id.
        quarter: the quarter to trace (its prospecting is read in the quarters before).

    Returns:
        One row per link: ``link``, ``component`` (the SEF part whose skill it
        shows most directly; None for the result and the coverage, which every part feeds),
        ``measure``, ``quarters`` (the quarters it reads, as text), ``rep_value``,
        ``team_value``, ``vs_team`` (rep_value / team_value: 1 is the team's
        average) and ``worse_than_team``. A value the rep has no data for
        (no deals decided, say) is missing, and not counted as worse.

    Raises:
        ValueError: an unknown rep or quarter, or the team's first quarter (it has
            no quarters before it to read prospecting from).

    >>> from sefkit import simulate
    >>> t = trace(simulate("northwind", seed=0, n_reps=3, quarters=3), "R01", "2025Q3")
    >>> t["link"].tolist()
    ['result', 'forecast', 'pipeline', 'hygiene', 'deals', 'qualification', 'prospecting', 'prospecting']
    >>> t.loc[6, "quarters"]
    '2025Q1-2025Q2'
    """
    from ..components import deals, forecast, pipeline, prospecting, territory

    team.check_quarter(quarter)
    if rep not in team.rep_ids:
        raise ValueError(f"unknown rep {rep!r}; this team's reps are {', '.join(team.rep_ids)}")
    before = _quarters_before(team, quarter, LOOKBACK)
    if not before:
        raise ValueError(f"{quarter} is the team's first quarter: there is no earlier prospecting to trace; "
                         f"pick one of {', '.join(team.quarters[1:])}")
    span = before[0] if len(before) == 1 else f"{before[0]}-{before[-1]}"
    summary = deals.deal_summary(team, quarter=quarter)
    cover = pipeline.quality_coverage(team, quarter=quarter)
    found = prospecting.funnel(team, quarter=before)
    links = [  # link, component, measure, quarters, values by rep, higher is better
        ("result", None, "attainment (won / quota)", quarter,
         _by_rep(territory.attainment(team, quarter=quarter), "attainment"), True),
        ("forecast", "forecasting", "first Monday's commit call / money won", quarter,
         1 + _by_rep(forecast.forecast_accuracy(team, week=1, quarter=quarter), "bias"), False),
        ("pipeline", None, "coverage on the first day (pipeline due / quota)", quarter,
         _by_rep(cover, "coverage"), True),
        ("hygiene", "hygiene", "coverage without zombie deals", quarter, _by_rep(cover, "quality_coverage"), True),
        ("deals", "deal_management", "win rate", quarter, _by_rep(summary, "win_rate"), True),
        ("qualification", "qualification", "no-decision rate", quarter, _by_rep(summary, "no_decision_rate"), False),
        ("prospecting", "prospecting", "meetings", span, _by_rep(found, "meetings"), True),
        ("prospecting", "prospecting", "opportunities created", span, _by_rep(found, "opportunities"), True),
    ]
    rows = []
    for link, component, measure, quarters, values, higher in links:
        values = values.reindex(team.rep_ids)
        mine, average = values.get(rep, np.nan), values.mean()
        worse = bool(mine < average if higher else mine > average) if pd.notna(mine) else False
        rows.append({"link": link, "component": component, "measure": measure, "quarters": quarters,
                     "rep_value": float(mine), "team_value": float(average),
                     "vs_team": float(mine / average) if average else float("nan"), "worse_than_team": worse})
    return pd.DataFrame(rows)


__all__ = ["CLOSE_MARGIN", "LOOKBACK", "hit_rates", "runner_up", "trace"]
