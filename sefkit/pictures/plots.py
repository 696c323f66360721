"""Pictures for the lessons: the funnel, the pipeline, coverage, forecasts, the scorecard, scenarios.

Every function draws from the metric functions of the other modules (no number
is computed twice), gives its picture a title a manager understands, labels both
axes with units, and uses seaborn's colour-blind-safe ``"colorblind"`` palette
(or the colour-blind-safe purple-orange ``"PuOr"`` map for the scorecard).

Each function takes an optional matplotlib ``ax`` to draw on (a new figure is
made when it is None) and returns the Axes it drew on, so a lesson can add to
it or put several pictures side by side. matplotlib and seaborn are imported
only when a picture is drawn: ``import sefkit`` stays light.

Money is shown in the team's currency, named by ``team.params["currency"]``
when the team has one, otherwise as "currency units".

>>> from sefkit.data.examples import tiny_team
>>> ax = coverage(tiny_team(), quarter="2025Q2")
>>> ax.get_title()
'Start of 2025Q2: 0 of 2 reps above the 3x rule'
>>> ax.get_ylabel()
'Coverage (pipeline / quota, times)'
>>> import matplotlib.pyplot as plt
>>> plt.close(ax.figure)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..components import forecast as forecasting
from ..components import pipeline, prospecting
from ..data.selection import describe
from ..data.team import OPEN_STAGES, Team
from ..whole_job.comparison import SCENARIO_METRICS, compare_scenarios

#: The seaborn palette every categorical picture uses (safe for colour-blind readers).
PALETTE = "colorblind"
#: The diverging colour map of the scorecard (colour-blind safe, centred on 0).
SCORE_CMAP = "PuOr"
#: What money is called when the team does not name its currency.
DEFAULT_CURRENCY = "currency units"


# -- shared helpers -----------------------------------------------------------------

def _currency(team: Team) -> str:
    return str(team.params.get("currency", DEFAULT_CURRENCY)) if isinstance(team.params, dict) else DEFAULT_CURRENCY


def _axes(ax, size=(8, 4.5)):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _colors(n: int) -> list:
    import seaborn as sns

    return sns.color_palette(PALETTE, n)


def short_money(value: float) -> str:
    """A money amount in a few characters, for axis ticks.

    >>> [short_money(v) for v in (950, 12_500, 250_000, 1_250_000)]
    ['950', '12.5k', '250k', '1.25M']
    """
    size = abs(value)
    for limit, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if size >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:.3g}"


def _money_ticks(axis) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _: short_money(v)))


# -- the funnel -----------------------------------------------------------------------

def funnel(team: Team, rep=None, quarter=None, ax=None):
    """The prospecting funnel as bars: activities down to opportunities, with each step's rate.

    Counts and rates come from :func:`sefkit.components.prospecting.funnel` (the whole
    selection together). The axis is logarithmic when the steps differ a lot in
    size, so the small steps stay visible.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: the whole team).
        quarter: a quarter label such as ``"2025Q1"`` (None: every quarter).
        ax: matplotlib Axes to draw on (None: a new figure).

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: as :func:`sefkit.components.prospecting.funnel`.
    """
    row = prospecting.funnel(team, rep, quarter, by=None).iloc[0]
    steps = list(prospecting.STEPS)
    counts = row[steps].to_numpy(dtype="float64")
    rates = [None] + [row[name] for name, _, _ in prospecting.RATES]
    ax = _axes(ax)
    ypos = np.arange(len(steps))[::-1]
    ax.barh(ypos, counts, color=_colors(len(steps)))
    ax.set_yticks(ypos, [s.capitalize() for s in steps])
    log = counts.min() > 0 and counts.max() / counts.min() > 50
    if log:
        ax.set_xscale("log")
    for y, count, rate in zip(ypos, counts, rates, strict=True):
        note = f"{count:,.0f}" + ("" if rate is None or pd.isna(rate) else f"  ({rate:.0%} of the step before)")
        ax.annotate(note, (max(count, 1), y), xytext=(4, 0), textcoords="offset points", va="center", fontsize=9)
    ax.set_xlim(right=(counts.max() * 8 if log else counts.max() * 1.6) or 1)
    ax.set_title(f"Prospecting funnel: {describe(rep, quarter)}")
    ax.set_xlabel("Number of activities, meetings or opportunities" + (" (log scale)" if log else ""))
    ax.set_ylabel("Funnel step")
    return ax


# -- the pipeline over time ------------------------------------------------------------

def pipeline_by_stage(team: Team, rep=None, ax=None):
    """How much money was open in each stage, every Monday (a stacked area chart).

    Each Monday's open pipeline is :func:`sefkit.components.pipeline.open_pipeline` for that
    week; thin vertical lines mark the quarters.

    Args:
        team: the team (with snapshots).
        rep: a rep id or a list of them (None: the whole team).
        ax: matplotlib Axes to draw on (None: a new figure).

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: unknown rep, a team without snapshots, or nothing ever open.
    """
    first, last = pipeline.snapshot_span(team)
    mondays = pd.date_range(first, last, freq="7D")
    open_ = pipeline.open_pipeline(team, list(mondays), rep)
    if open_.empty:
        raise ValueError(f"{describe(rep)} never had an open deal in the snapshots")
    table = (
        open_.groupby(["as_of", "stage"])["amount"].sum().unstack("stage")
        .reindex(index=mondays, columns=list(OPEN_STAGES)).fillna(0.0)
    )
    ax = _axes(ax, (9, 4.5))
    ax.stackplot(table.index, table.T.to_numpy(), labels=[s.capitalize() for s in OPEN_STAGES],
                 colors=_colors(len(OPEN_STAGES)))
    for q in team.quarters:
        start = team.quarter_bounds(q)[0]
        if first < start <= last:
            ax.axvline(start, color="grey", linewidth=0.6, alpha=0.6)
    ax.legend(title="Stage", loc="upper left", fontsize=8)
    _money_ticks(ax.yaxis)
    ax.set_title(f"Open pipeline by stage, week by week: {describe(rep)}")
    ax.set_xlabel("Week (Monday snapshot)")
    ax.set_ylabel(f"Open pipeline ({_currency(team)})")
    return ax


# -- coverage ---------------------------------------------------------------------------

def coverage(team: Team, quarter=None, rep=None, ax=None):
    """Each rep's pipeline coverage on a quarter's first day, with and without zombies, against the targets.

    Bars: coverage and quality coverage (zombies set aside) from
    :func:`sefkit.components.pipeline.quality_coverage`. Dashed line: the 3x rule of thumb;
    dotted line: 1x (pipeline equal to quota). Diamonds: the coverage each rep
    really needs at their own win rate and slippage
    (:func:`sefkit.components.pipeline.coverage_needed`) over the quarters *before* the one
    shown, as known on its first day; none for the first quarter.

    Args:
        team: the team (with snapshots).
        quarter: a quarter label (None: the last quarter whose first day has a snapshot).
        rep: a rep id or a list of them (None: every rep).
        ax: matplotlib Axes to draw on (None: a new figure).

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: as :func:`sefkit.components.pipeline.quality_coverage`.
    """
    quarter = quarter or pipeline.covered_quarters(team)[-1]
    table = pipeline.quality_coverage(team, rep, quarter)
    history = team.quarters[: team.quarters.index(quarter)]  # what was known on the quarter's first day
    try:
        needed = pipeline.coverage_needed(team, rep, history).set_index("rep_id")["required_coverage"]
    except ValueError:  # no earlier quarter to learn the reps' rates from
        needed = pd.Series(dtype="float64")
    ax = _axes(ax, (max(6, 0.6 * len(table) + 3) + 3, 4.5))
    raw_color, quality_color, needed_color = _colors(3)
    x = np.arange(len(table))
    ax.bar(x - 0.2, table["coverage"], width=0.4, color=raw_color, label="Coverage")
    ax.bar(x + 0.2, table["quality_coverage"], width=0.4, color=quality_color, label="Coverage without zombies")
    need = needed.reindex(table["rep_id"]).to_numpy(dtype="float64")
    shown = np.isfinite(need)
    if shown.any():
        ax.scatter(x[shown], need[shown], marker="D", color=needed_color, zorder=3,
                   label="Coverage needed at the rep's own win rate and slippage")
    ax.axhline(pipeline.RULE_OF_THUMB_COVERAGE, color="black", linestyle="--", linewidth=1, label="3x rule of thumb")
    ax.axhline(1.0, color="grey", linestyle=":", linewidth=1, label="1x: pipeline equals quota")
    ax.set_xticks(x, table["rep_id"])
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_title(_coverage_finding(quarter, table, need[shown] if shown.any() else None, shown))
    ax.set_xlabel("Rep")
    ax.set_ylabel("Coverage (pipeline / quota, times)")
    return ax


def _coverage_finding(quarter: str, table: pd.DataFrame, need, shown) -> str:
    """The coverage picture's finding: how many reps clear 3x on paper, and how many their own need."""
    n = len(table)
    above = int((table["coverage"] >= pipeline.RULE_OF_THUMB_COVERAGE).sum())
    title = f"Start of {quarter}: {above} of {n} reps above the 3x rule"
    if need is not None:
        enough = int((table["quality_coverage"].to_numpy()[shown] >= need).sum())
        title += f", {enough} above the coverage they need once zombies are set aside"
    return title


# -- where the quarter's wins came from -------------------------------------------------

def won_vs_coverage(team: Team, quarter=None, rep=None, ax=None):
    """Each rep's won money, split by what coverage counted on the quarter's first day (stacked bars).

    From :func:`sefkit.components.pipeline.won_vs_coverage`, the quarters pooled: money from
    deals due in the quarter on its first day (what coverage counts), from deals
    open then but due later, and from deals created during the quarter. The
    title gives the share coverage did not count.

    Args:
        team: the team (with snapshots).
        quarter: a quarter label or a list of them, pooled (None: every quarter).
        rep: a rep id or a list of them (None: every rep).
        ax: matplotlib Axes to draw on (None: a new figure).

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: as :func:`sefkit.components.pipeline.won_vs_coverage`, or nothing won in the selection.

    >>> from sefkit.data.examples import tiny_team
    >>> ax = won_vs_coverage(tiny_team())
    >>> ax.get_title()
    "60% of the money won in every quarter was not in the coverage on the quarter's first day"
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    parts = (("won_due", "Due in the quarter on its first day (counted in coverage)"),
             ("won_not_due", "Open on the first day, due later"),
             ("won_new", "Created during the quarter"))
    table = pipeline.won_vs_coverage(team, rep, quarter)
    per_rep = table.groupby("rep_id", sort=False)[[c for c, _ in parts]].sum()
    total = float(per_rep.to_numpy().sum())
    if total <= 0:
        raise ValueError(f"nothing was won for {describe(rep, quarter)}")
    ax = _axes(ax, (max(6, 0.6 * len(per_rep) + 3) + 3, 4.5))
    bottom = np.zeros(len(per_rep))
    for color, (column, label) in zip(_colors(len(parts)), parts, strict=True):
        ax.bar(per_rep.index, per_rep[column], bottom=bottom, color=color, label=label)
        bottom += per_rep[column].to_numpy()
    outside = pipeline.not_due_share_of(float(per_rep["won_not_due"].sum()), float(per_rep["won_new"].sum()), total)
    shown = list(dict.fromkeys(table["quarter"]))
    when = "every quarter" if quarter is None else shown[0] if len(shown) == 1 else f"{shown[0]} to {shown[-1]}"
    ax.set_title(f"{outside:.0%} of the money won in {when} was not in the coverage on the quarter's first day")
    _money_ticks(ax.yaxis)
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_xlabel("Rep")
    ax.set_ylabel(f"Money won ({_currency(team)})")
    return ax


# -- forecasts --------------------------------------------------------------------------

def forecast_vs_actual(team: Team, week: int = forecasting.DEFAULT_WEEK, rep=None, quarter=None, *,
                       method: str = "commit", ax=None):
    """Each rep-quarter's forecast against what was really won: dots above the diagonal were too optimistic.

    Points come from :func:`sefkit.components.forecast.forecast_vs_actual` (one per rep
    and quarter, coloured by quarter); the diagonal is a perfect forecast.

    Args:
        team: the team.
        week: the week of the quarter the forecast was made in, 1-13 (default 7).
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label (None: every quarter the data covers to the end).
        method: one of :data:`sefkit.components.forecast.METHODS`.
        ax: matplotlib Axes to draw on (None: a new figure).

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: as :func:`sefkit.components.forecast.forecast_vs_actual`, or no forecast to show.
    """
    table = forecasting.forecast_vs_actual(team, week, rep, quarter, method=method).dropna(subset=["forecast"])
    if table.empty:
        raise ValueError(f"the {method} method has no forecast for {describe(rep, quarter)} in week {week}")
    ax = _axes(ax, (6, 5.5))
    quarters = list(dict.fromkeys(table["quarter"]))
    for color, q in zip(_colors(len(quarters)), quarters, strict=True):
        rows = table[table["quarter"] == q]
        ax.scatter(rows["actual"], rows["forecast"], color=color, label=q, alpha=0.85)
    top = float(max(table["actual"].max(), table["forecast"].max(), 1.0)) * 1.05
    ax.plot([0, top], [0, top], color="grey", linestyle="--", linewidth=1, label="Perfect forecast")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    _money_ticks(ax.xaxis)
    _money_ticks(ax.yaxis)
    ax.legend(title="Quarter", fontsize=8)
    name = method.replace("_", "-")
    ax.set_title(f"Forecast ({name}) in week {week} against what was won")
    ax.set_xlabel(f"Won in the quarter ({_currency(team)})")
    ax.set_ylabel(f"Forecast in week {week} ({_currency(team)})")
    return ax


# -- the whole-job scorecard -----------------------------------------------------------

def scorecard(scores: pd.DataFrame, ax=None, *, title: str = "Whole-job scorecard: each rep against the team"):
    """A heatmap of reps x SEF components: purple is better than the team, orange worse.

    Takes the table as it is, so any reps x components table of scores fits,
    for example :func:`sefkit.whole_job.system.scorecard`'s (standard scores, 0 = team
    average, higher = better). The colour scale is centred on 0.

    Args:
        scores: a DataFrame, one row per rep (index = rep ids), one numeric
            column per component.
        ax: matplotlib Axes to draw on (None: a new figure).
        title: the picture's title.

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: not a DataFrame, empty, or with non-numeric columns.
    """
    import seaborn as sns

    if not isinstance(scores, pd.DataFrame) or scores.empty:
        raise ValueError("scores must be a non-empty DataFrame: one row per rep, one column per component")
    bad = [c for c in scores.columns if not pd.api.types.is_numeric_dtype(scores[c])]
    if bad:
        raise ValueError(f"scores must be numbers; these columns are not: {bad}")
    values = scores.astype("float64")
    limit = float(np.nanmax(np.abs(values.to_numpy()))) if values.notna().any().any() else 1.0
    ax = _axes(ax, (1.1 * len(values.columns) + 3, 0.45 * len(values) + 2))
    sns.heatmap(values, ax=ax, cmap=SCORE_CMAP, center=0, vmin=-limit, vmax=limit, annot=len(values) <= 30,
                fmt=".1f", linewidths=0.5, cbar_kws={"label": "Score: standard deviations from the team average (higher = better)"})
    ax.set_xticklabels([str(c).replace("_", " ") for c in values.columns], rotation=30, ha="right")
    ax.set_title(title)
    ax.set_xlabel("SEF component")
    ax.set_ylabel("Rep")
    return ax


# -- scenario comparison ------------------------------------------------------------
# The table and its measures are analytics: :mod:`sefkit.whole_job.comparison`
# (imported above, so ``plots.compare_scenarios`` and ``plots.SCENARIO_METRICS`` keep working).

def scenario_comparison(teams: dict, metric: str = "won_amount", ax=None, *, title: str | None = None,
                        event: tuple[str, str] | None = None):
    """One metric of several scenarios over the quarters, one line each: where do the teams part ways?

    The value axis starts at zero (or below, for a negative value), so the gap
    between the lines is seen at its true size.

    Args:
        teams: a dict of name -> Team.
        metric: one of :data:`sefkit.whole_job.comparison.SCENARIO_METRICS` (default ``"won_amount"``).
        ax: matplotlib Axes to draw on (None: a new figure).
        title: the picture's title, best the finding it shows (None: the
            metric's name by quarter).
        event: ``(quarter, label)`` to mark with a vertical line, for example
            ``("2025Q3", "coaching changes")``.

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: as :func:`sefkit.whole_job.comparison.compare_scenarios`.
    """
    table = compare_scenarios(teams, metric)
    label, unit, _ = SCENARIO_METRICS[metric]
    ax = _axes(ax, (9, 4.5))
    names = list(teams)
    for color, name in zip(_colors(len(names)), names, strict=True):
        rows = table[table["scenario"] == name]
        ax.plot(rows["quarter"], rows["value"], marker="o", color=color, label=name)
    if unit == "money":
        currencies = {_currency(t) for t in teams.values()}
        unit = currencies.pop() if len(currencies) == 1 else DEFAULT_CURRENCY
        _money_ticks(ax.yaxis)
    elif unit == "share":
        from matplotlib.ticker import PercentFormatter

        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        unit = "%"
    if event is not None:
        quarter, text = event
        quarters = list(dict.fromkeys(table["quarter"]))
        if quarter not in quarters:
            raise ValueError(f"event quarter {quarter!r} is not shown; quarters: {', '.join(quarters)}")
        ax.axvline(quarters.index(quarter), color="grey", linestyle=":", linewidth=1)
        ax.annotate(text, (quarters.index(quarter), 0), xytext=(4, 4), textcoords="offset points",
                    fontsize=8, color="dimgrey")
    low = np.nanmin(table["value"].to_numpy(dtype="float64"), initial=0.0)
    ax.set_ylim(bottom=min(0.0, low * 1.1))
    if low < 0:
        ax.axhline(0, color="grey", linewidth=0.8)
    ax.legend(title="Scenario", fontsize=8)
    ax.set_title(title or f"{label} by quarter, scenario by scenario")
    ax.set_xlabel("Quarter")
    ax.set_ylabel(f"{label} ({unit})")
    return ax

