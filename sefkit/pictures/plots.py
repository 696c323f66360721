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

from ..components import calls as call_metrics
from ..components import deals, pipeline, prospecting, territory
from ..components import forecast as forecasting
from ..data.selection import describe
from ..data.team import OPEN_STAGES, TIERS, Team
from ..whole_job.comparison import REP_METRICS, SCENARIO_METRICS, compare_scenarios

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


def symptom_trace(team: Team, rep: str, quarter: str, ax=None):
    """A rep's quarter traced back along the chain: each link as a multiple of the team's average.

    Draws :func:`sefkit.whole_job.evidence.trace`'s ``vs_team`` column as one bar
    per link, from the result (top) back to the prospecting of the quarters
    before (bottom); orange bars are links where the rep is worse than the team
    (for the forecast and the no-decision rate, higher is worse), purple ones
    where the rep is not. The line at 1 is the team's average.

    Args:
        team: a team with full detail.
        rep, quarter: as :func:`sefkit.whole_job.evidence.trace`.
        ax: matplotlib Axes to draw on (None: a new figure).

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: as :func:`sefkit.whole_job.evidence.trace`.

    >>> from sefkit import simulate
    >>> ax = symptom_trace(simulate("northwind", seed=0, n_reps=3, quarters=3), "R01", "2025Q3")
    >>> len(ax.patches), ax.get_xlabel()
    (8, "R01 as a multiple of the team's average (1 = the team)")
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    import seaborn as sns

    from ..whole_job.evidence import trace

    t = trace(team, rep, quarter)
    worse, better = sns.color_palette("PuOr", 7)[1], sns.color_palette("PuOr", 7)[5]
    labels = [f"{link}: {measure} ({quarters})" for link, measure, quarters in
              zip(t["link"], t["measure"], t["quarters"], strict=True)]
    ax = _axes(ax, (9, 4.5))
    y = np.arange(len(t))[::-1]
    ax.barh(y, t["vs_team"].fillna(0), color=[worse if w else better for w in t["worse_than_team"]])
    ax.axvline(1.0, color="0.3", linestyle="--", linewidth=1)
    ax.set_yticks(y, labels)
    ax.set_xlim(left=0)
    ax.set_xlabel(f"{rep} as a multiple of the team's average (1 = the team)")
    short = int(t["worse_than_team"].sum())
    ax.set_title(f"{rep}'s {quarter} traced back: worse than the team on {short} of {len(t)} links "
                 "(orange)")
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



# -- prospecting: channels, the lag to money, one rep in two scenarios (lesson 02) -------

#: How the pictures name each channel of prospecting.
_CHANNEL_NAMES = {"call": "calls", "email": "emails", "social": "social touches"}


def channel_funnel(team: Team, rep=None, quarter=None, ax=None):
    """Meetings per 100 activities by channel (call, email, social), with each channel's share of the effort.

    From :func:`sefkit.components.prospecting.channel_funnel`. The bars compare
    what 100 activities of each channel yield (the axis starts at zero); the
    labels give each channel's share of the activities and of the meetings.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: the whole team).
        quarter: a quarter label or a list of them (None: every quarter).
        ax: matplotlib Axes to draw on (None: a new figure).

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: as :func:`sefkit.components.prospecting.channel_funnel`.

    >>> from sefkit.data.examples import tiny_team
    >>> ax = channel_funnel(tiny_team())
    >>> ax.get_title()
    'Calls book the most meetings per activity: 11.7 per 100 (the whole team)'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    table = prospecting.channel_funnel(team, rep, quarter)
    ax = _axes(ax, (8, 4))
    x = np.arange(len(table))
    values = table["meetings_per_100"].fillna(0.0).to_numpy()
    ax.bar(x, values, color=_colors(len(table)))
    for i, row in table.iterrows():
        ax.annotate(f"{row['meetings_per_100']:.1f} per 100\n{row['share_of_activities']:.0%} of activities, "
                    f"{0 if pd.isna(row['share_of_meetings']) else row['share_of_meetings']:.0%} of meetings",
                    (i, values[i]), xytext=(0, 4), textcoords="offset points", ha="center", fontsize=8)
    ax.set_xticks(x, [_CHANNEL_NAMES.get(c, str(c)).capitalize() for c in table["channel"]])
    ax.set_ylim(0, max(values.max(), 1.0) * 1.35)
    best = table.loc[table["meetings_per_100"].idxmax()] if table["meetings_per_100"].notna().any() else None
    if best is None:
        ax.set_title(f"No meetings booked by any channel ({describe(rep, quarter)})")
    else:
        name = _CHANNEL_NAMES.get(best["channel"], str(best["channel"])).capitalize()
        ax.set_title(f"{name} book the most meetings per activity: {best['meetings_per_100']:.1f} per 100 "
                     f"({describe(rep, quarter)})")
    ax.set_xlabel("Channel")
    ax.set_ylabel("Meetings per 100 activities")
    return ax


def payback(team: Team, rep=None, quarter=None, ax=None):
    """When the money from prospecting arrives: the share won 0, 1, 2, 3+ quarters after the deal was created.

    From :func:`sefkit.components.prospecting.payback` (deals created by the reps'
    own prospecting that were won). The title states the share that arrives
    after the quarter the deal was created in.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: the whole team).
        quarter: the quarter(s) the deals were created in (None: as
            :func:`sefkit.components.prospecting.payback`).
        ax: matplotlib Axes to draw on (None: a new figure).

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: as :func:`sefkit.components.prospecting.payback`.

    >>> from sefkit.data.examples import tiny_team
    >>> ax = payback(tiny_team())
    >>> ax.get_title()
    '40% of the money won from prospecting came in a later quarter than the deal was created in'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    table = prospecting.payback(team, rep, quarter)
    horizon = int(table["quarters_later"].iloc[-1])
    labels = ["Same quarter", "Next quarter"] + [f"{k} quarters later" for k in range(2, horizon)]
    labels = (labels[:horizon] + [f"{horizon}+ quarters later" if horizon > 1 else "1+ quarters later"])
    ax = _axes(ax, (8, 4))
    x = np.arange(len(table))
    ax.bar(x, table["share"], color=_colors(len(table)))
    for i, share in enumerate(table["share"]):
        ax.annotate(f"{share:.0%}", (i, share), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=9)
    ax.set_xticks(x, labels)
    from matplotlib.ticker import PercentFormatter

    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylim(0, max(float(table["share"].max()), 0.1) * 1.2)
    later = 1 - float(table["share"].iloc[0])
    ax.set_title(f"{later:.0%} of the money won from prospecting came in a later quarter than the deal was created in")
    ax.set_xlabel("When the deal was won, counted from the quarter it was created in")
    ax.set_ylabel("Share of the money won")
    return ax


def rep_comparison(teams: dict, rep: str, metric: str = "won_amount", ax=None, *, title: str | None = None,
                   event: tuple[str, str] | None = None):
    """One rep's metric in several scenarios, quarter by quarter: where does the rep's story part ways?

    Like :func:`scenario_comparison`, for one rep. Activities and opportunities
    come from :func:`sefkit.components.prospecting.funnel` (a team simulated with
    ``detail="core"`` has no activities table; use a full one for them), money
    from :func:`sefkit.components.deals.won_amount`. The value axis starts at zero.

    Args:
        teams: a dict of name -> Team.
        rep: one rep id, on every team.
        metric: one of :data:`REP_METRICS` (default ``"won_amount"``).
        ax: matplotlib Axes to draw on (None: a new figure).
        title: the picture's title, best the finding it shows.
        event: ``(quarter, label)`` to mark with a vertical line.

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: unknown metric or rep, ``teams`` not a non-empty dict of teams,
        or an event quarter that is not shown.

    >>> from sefkit.data.examples import tiny_team
    >>> ax = rep_comparison({"tiny": tiny_team()}, "R01", "opportunities")
    >>> [round(v) for v in ax.lines[0].get_ydata()]
    [6, 0]
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    if metric not in REP_METRICS:
        raise ValueError(f"unknown metric {metric!r}; valid metrics: {', '.join(REP_METRICS)}")
    if not isinstance(teams, dict) or not teams or not all(isinstance(t, Team) for t in teams.values()):
        raise ValueError("teams must be a non-empty dict of name -> Team, e.g. {'northwind': simulate('northwind')}")
    if not isinstance(rep, str):
        raise ValueError(f"rep_comparison shows one rep; got {rep!r}")
    for team in teams.values():
        team.check_rep(rep)
    label, unit, compute = REP_METRICS[metric]
    ax = _axes(ax, (9, 4.5))
    names = list(teams)
    quarters: list[str] = []
    for color, name in zip(_colors(len(names)), names, strict=True):
        values = compute(teams[name], rep).reindex(teams[name].quarters).astype("float64")
        quarters = list(values.index)
        ax.plot(quarters, values.to_numpy(), marker="o", color=color, label=name)
    if unit == "money":
        currencies = {_currency(t) for t in teams.values()}
        unit = currencies.pop() if len(currencies) == 1 else DEFAULT_CURRENCY
        _money_ticks(ax.yaxis)
    if event is not None:
        quarter, text = event
        if quarter not in quarters:
            raise ValueError(f"event quarter {quarter!r} is not shown; quarters: {', '.join(quarters)}")
        ax.axvline(quarters.index(quarter), color="grey", linestyle=":", linewidth=1)
        ax.annotate(text, (quarters.index(quarter), 0), xytext=(4, 4), textcoords="offset points",
                    fontsize=8, color="dimgrey")
    ax.set_ylim(bottom=0)
    ax.legend(title="Scenario", fontsize=8)
    ax.set_title(title or f"{rep}: {label.lower()} by quarter, scenario by scenario")
    ax.set_xlabel("Quarter")
    ax.set_ylabel(f"{label} ({unit})")
    return ax


# -- territory and account management -----------------------------------------------

def accounts(team: Team, rep: str, quarter: str, ax=None):
    """One rep's territory: every account by fit and potential, sized by the rep's prospecting on it.

    Each dot is an account of the rep's territory (x: ``icp_fit``, y: potential
    ACV), coloured by tier; its area grows with the rep's prospecting activities
    on it in ``quarter`` (a small empty ring: not touched). The dotted line marks
    :data:`sefkit.components.territory.HIGH_FIT`. The title gives the share of the
    rep's effort on high-fit accounts (:func:`sefkit.components.territory.prospecting_focus`).

    Args:
        team: the team.
        rep: one rep id.
        quarter: one quarter label, such as ``"2026Q1"``.
        ax: matplotlib Axes to draw on (None: a new figure).

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: as :func:`sefkit.components.territory.account_plan` and
        :func:`~sefkit.components.territory.prospecting_focus`.

    >>> from sefkit.data.examples import tiny_team
    >>> ax = accounts(tiny_team(), "R01", "2025Q1")
    >>> ax.get_title()
    'R01, 2025Q1: 75% of prospecting on high-fit accounts (50% of the accounts)'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    focus = territory.prospecting_focus(team, rep, quarter).iloc[0]
    plan = territory.account_plan(team, rep, quarter, n=len(team.accounts))
    ax = _axes(ax, (8, 5))
    most = max(float(plan["activities"].max()), 1.0)
    for color, tier in zip(_colors(len(TIERS)), TIERS, strict=True):
        rows = plan[plan["tier"] == tier]
        touched = rows[rows["activities"] > 0]
        ax.scatter(touched["icp_fit"], touched["potential_acv"], s=15 + 300 * touched["activities"] / most,
                   color=color, alpha=0.7, label=f"Tier {tier}")
        idle = rows[rows["activities"] == 0]
        ax.scatter(idle["icp_fit"], idle["potential_acv"], s=15, facecolors="none", edgecolors=color)
    ax.axvline(territory.HIGH_FIT, color="grey", linestyle=":", linewidth=1)
    ax.annotate("high fit", (territory.HIGH_FIT, 0), xytext=(4, 4), textcoords="offset points",
                fontsize=8, color="dimgrey")
    _money_ticks(ax.yaxis)
    ax.set_xlim(0, 1)
    ax.set_ylim(bottom=0)
    ax.legend(title="Account tier (dot size: activities)", fontsize=8, loc="upper left")
    ax.set_title(f"{rep}, {quarter}: {focus['high_fit_share']:.0%} of prospecting on high-fit accounts "
                 f"({focus['high_fit_account_share']:.0%} of the accounts)")
    ax.set_xlabel("Fit with the ideal customer profile (0-1)")
    ax.set_ylabel(f"Account potential ({_currency(team)} a year)")
    return ax


def effort_vs_potential(team: Team, quarter=None, rep=None, ax=None):
    """Where each rep's prospecting goes, tier by tier, beside where the territory's potential is.

    Two stacked bars per rep from :func:`sefkit.components.territory.effort_vs_potential`:
    the left one splits the rep's prospecting activities by account tier, the
    right one (hatched) the territory potential. A rep whose left bar has less
    tier A than the right one spends effort below where the money is.

    Args:
        team: the team.
        quarter: a quarter label or a list of them, pooled (None: every quarter).
        rep: a rep id or a list of them (None: every rep).
        ax: matplotlib Axes to draw on (None: a new figure).

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: as :func:`sefkit.components.territory.effort_vs_potential`.

    >>> from sefkit.data.examples import tiny_team
    >>> ax = effort_vs_potential(tiny_team(), quarter="2025Q1")
    >>> ax.get_title()
    'Tier A gets less prospecting than its share of the potential for 2 of 2 reps (R02 least: 40% against 70%)'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    table = territory.effort_vs_potential(team, rep, quarter)
    reps = list(dict.fromkeys(table["rep_id"]))
    effort = table.pivot(index="rep_id", columns="tier", values="effort_share").reindex(index=reps, columns=list(TIERS))
    potential = table.pivot(index="rep_id", columns="tier", values="potential_share").reindex(
        index=reps, columns=list(TIERS))
    ax = _axes(ax, (max(6, 0.8 * len(reps) + 3) + 2, 4.5))
    x = np.arange(len(reps))
    bottom_e, bottom_p = np.zeros(len(reps)), np.zeros(len(reps))
    for color, tier in zip(_colors(len(TIERS)), TIERS, strict=True):
        e, p = effort[tier].fillna(0).to_numpy(), potential[tier].fillna(0).to_numpy()
        ax.bar(x - 0.2, e, width=0.38, bottom=bottom_e, color=color, label=f"Tier {tier}")
        ax.bar(x + 0.2, p, width=0.38, bottom=bottom_p, color=color, alpha=0.45, hatch="//", edgecolor="white")
        bottom_e += e
        bottom_p += p
    from matplotlib.ticker import PercentFormatter

    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xticks(x, [f"{r}\neffort | potential" for r in reps], fontsize=8)
    ax.set_ylim(0, 1)
    ax.legend(title="Account tier", fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    gap = (effort["A"] - potential["A"]).dropna()
    short = gap[gap < 0]
    if short.empty:
        ratio = (effort["A"] / potential["A"].where(potential["A"] > 0)).dropna()
        least = ratio.idxmin() if not ratio.empty else reps[0]
        title = (f"Every rep gives tier A at least its share of the potential; {least} the least "
                 f"({effort.loc[least, 'A']:.0%} against {potential.loc[least, 'A']:.0%})")
    else:
        worst = short.idxmin()
        title = (f"Tier A gets less prospecting than its share of the potential for {len(short)} of {len(reps)} reps "
                 f"({worst} least: {effort.loc[worst, 'A']:.0%} against {potential.loc[worst, 'A']:.0%})")
    ax.set_title(title)
    ax.set_xlabel("Rep: prospecting effort (left) and territory potential (right, hatched)")
    ax.set_ylabel("Share by account tier (%)")
    return ax


def outcomes_by_tier(team: Team, rep=None, quarter=None, ax=None):
    """How decided deals end, by the tier of their account: won, lost, no decision (stacked shares).

    From :func:`sefkit.components.territory.outcomes_by_tier`. The title compares the
    no-decision rate of tier-C deals with tier-A deals.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label or a list of them, pooled (None: every quarter).
        ax: matplotlib Axes to draw on (None: a new figure).

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: as :func:`sefkit.components.territory.outcomes_by_tier`, or no decided deal.

    >>> from sefkit.data.examples import tiny_team
    >>> ax = outcomes_by_tier(tiny_team())
    >>> ax.get_title()
    'No decision: 0% of decided deals on tier-C accounts, 33% on tier A'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    table = territory.outcomes_by_tier(team, rep, quarter).set_index("tier")
    if table["decided"].sum() == 0:
        raise ValueError(f"no decided deals for {describe(rep, quarter)}")
    parts = (("won", "Won"), ("lost", "Lost"), ("no_decision", "No decision"))
    ax = _axes(ax, (7, 4.5))
    labels = [f"Tier {t}\n({n} decided)" for t, n in zip(TIERS, table["decided"], strict=True)]
    _stacked_outcomes(ax, labels, table, parts, fontsize=9)
    nd = table["no_decision_rate"]
    ax.set_title(f"No decision: {nd['C']:.0%} of decided deals on tier-C accounts, {nd['A']:.0%} on tier A")
    ax.set_xlabel("Tier of the deal's account")
    return ax


def _stacked_outcomes(ax, labels, table, parts, fontsize=8):
    """Stacked shares of decided deals (one bar per row of ``table``), labelled inside when wide enough."""
    from matplotlib.ticker import PercentFormatter

    x = np.arange(len(labels))
    bottom = np.zeros(len(labels))
    decided = table["decided"].where(table["decided"] > 0)
    for color, (column, label) in zip(_colors(len(parts)), parts, strict=True):
        share = (table[column] / decided).fillna(0).to_numpy()
        ax.bar(x, share, bottom=bottom, color=color, label=label, width=0.6)
        for xi, b, v in zip(x, bottom, share, strict=True):
            if v >= 0.06:
                ax.annotate(f"{v:.0%}", (xi, b + v / 2), ha="center", va="center", fontsize=fontsize)
        bottom += share
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xticks(x, labels)
    ax.set_ylim(0, 1)
    ax.legend(title="Outcome", fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_ylabel("Share of decided deals (%)")


def outcomes_by_band(team: Team, rep=None, quarter=None, ax=None):
    """How decided deals end by the qualification score the rep gave them: won, lost, no decision (stacked shares).

    From :func:`sefkit.components.deals.outcome_by_band`; bands with no decided deal
    show empty. The title compares the win rates of strong and fair deals.

    >>> from sefkit.data.examples import tiny_team
    >>> ax = outcomes_by_band(tiny_team())
    >>> ax.get_title()
    'Deals scored fair won 50% of the time'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    table = deals.outcome_by_band(team, rep, quarter).set_index("band")
    ax = _axes(ax, (7, 4.5))
    labels = [f"{band} ({table.loc[band, 'score_range']})\n{table.loc[band, 'decided']} decided" for band in table.index]
    _stacked_outcomes(ax, labels, table, (("won", "Won"), ("lost", "Lost"), ("no_decision", "No decision")))
    rates = table["win_rate"].dropna()
    if {"strong", "fair"} <= set(rates.index):
        ax.set_title(f"Deals scored strong won {rates['strong']:.0%} of the time, fair ones {rates['fair']:.0%}")
    else:
        ax.set_title("; ".join(f"Deals scored {b} won {v:.0%} of the time" for b, v in rates.items()))
    ax.set_xlabel("Qualification score the rep gave the deal (MEDDPICC, 0-24)")
    return ax


def loss_profile(team: Team, rep=None, quarter=None, ax=None):
    """Where each rep's decided deals went: won, lost to a competitor, lost otherwise, no decision (stacked shares).

    From :func:`sefkit.components.deals.loss_profile` and
    :func:`sefkit.components.deals.deal_summary`. A tall no-decision part points at
    qualification; a tall lost part at deal management. The title names the rep
    with the most no decisions and the rep who lost most at the decision.

    >>> from sefkit.data.examples import tiny_team
    >>> ax = loss_profile(tiny_team())
    >>> ax.get_title()
    'Most no decisions: R01 (25%); most lost at the decision: R02 (50%)'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    profile = deals.loss_profile(team, rep, quarter).set_index("rep_id")
    summary = deals.deal_summary(team, rep, quarter).set_index("rep_id")
    table = summary[["won", "no_decision", "decided"]].assign(
        competitor=(profile["competitor_loss_rate"] * profile["decided"]).round().fillna(0),
    )
    table["other_lost"] = summary["lost"] - table["competitor"]
    ax = _axes(ax, (9, 4.5))
    parts = (("won", "Won"), ("competitor", "Lost to a competitor"), ("other_lost", "Lost: price or product"),
             ("no_decision", "No decision"))
    _stacked_outcomes(ax, list(table.index), table, parts)
    nd, lost = profile["no_decision_rate"].dropna(), profile["lost_rate"].dropna()
    ax.set_title(f"Most no decisions: {nd.idxmax()} ({nd.max():.0%}); "
                 f"most lost at the decision: {lost.idxmax()} ({lost.max():.0%})")
    ax.set_xlabel("Rep")
    return ax


# -- lesson 06: the call through the quarter, and where the commit went -----------------

#: The forecast categories in the order a call builds them up, with their labels.
CALL_LINES = (("commit", "Commit"), ("best_case", "Best case"), ("pipeline", "Pipeline"))


def forecast_call(team: Team, rep: str, quarter: str, week: int = forecasting.DEFAULT_WEEK, ax=None):
    """A rep's weekly call through a quarter (commit, best case, pipeline) against what was won in the end.

    The lines are the rep's rows of ``team.forecasts`` for the quarter; the
    dashed line is the money won in the quarter
    (:func:`sefkit.components.forecast.forecast_vs_actual`'s ``actual``).

    Args:
        team: the team.
        rep: one rep id.
        quarter: a quarter the data covers to the end.
        week: the week whose commit the title judges (a dotted line marks it), 1-13.
        ax: matplotlib Axes to draw on (None: a new figure).

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: unknown rep, quarter or week, a quarter not finished, or no calls.

    >>> from sefkit.data.examples import tiny_team
    >>> ax = forecast_call(tiny_team(), "R01", "2025Q2")
    >>> ax.get_title()
    "R01's commit in week 7 of 2025Q2 was right on what was won"
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    if not isinstance(rep, str):
        raise ValueError(f"forecast_call draws one rep; got {rep!r}")
    scored = forecasting.forecast_vs_actual(team, week, rep, quarter)
    calls = team.forecasts[(team.forecasts["rep_id"] == rep) & (team.forecasts["quarter"] == quarter)]
    calls = calls.sort_values("week")
    actual = float(scored["actual"].iloc[0])
    ax = _axes(ax)
    for color, (column, label) in zip(_colors(len(CALL_LINES)), CALL_LINES, strict=True):
        ax.plot(calls["week"], calls[column], marker="o", color=color, label=label)
    ax.axhline(actual, color="black", linestyle="--", linewidth=1, label="Won in the quarter")
    ax.axvline(week, color="grey", linestyle=":", linewidth=1)
    ax.set_xlim(0.5, 13.5)
    ax.set_ylim(0, float(max(calls[["commit", "best_case", "pipeline"]].to_numpy().max(), actual, 1.0)) * 1.08)
    _money_ticks(ax.yaxis)
    error = scored["error"].iloc[0]
    if pd.isna(error):
        finding = f"{rep} won nothing in {quarter}"
    elif abs(error) < 0.005:
        finding = f"{rep}'s commit in week {week} of {quarter} was right on what was won"
    else:
        word = "above" if error > 0 else "below"
        finding = f"{rep}'s commit in week {week} of {quarter} was {abs(error):.0%} {word} what was won"
    ax.set_title(finding)
    ax.set_xlabel("Week of the quarter")
    ax.set_ylabel(f"The rep's call ({_currency(team)})")
    ax.legend(fontsize=8)
    return ax


#: Labels of :data:`sefkit.components.forecast.COMMIT_FATES` in the commit picture.
FATE_LABELS = {"won": "Won (kept)", "zombie": "Zombie (hygiene)", "no_decision": "No decision (qualification)",
               "lost": "Lost (deal management)", "slipped": "Slipped out of the quarter"}


def commit_outcomes(team: Team, week: int = forecasting.DEFAULT_WEEK, rep=None, quarter=None, ax=None):
    """Each rep's money called commit, split by what became of it: one stacked bar per rep.

    Draws :func:`sefkit.components.forecast.commit_outcomes` pooled per rep
    (``by="rep"``); the title names the rep with the most commit money in zombie deals.

    Args:
        team: the team.
        week: the week whose calls are judged, 1-13 (default 7).
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label (None: every quarter the data covers to the end).
        ax: matplotlib Axes to draw on (None: a new figure).

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: as :func:`sefkit.components.forecast.commit_outcomes`.

    >>> from sefkit.data.examples import tiny_team
    >>> ax = commit_outcomes(tiny_team(), week=1, quarter="2025Q2")
    >>> ax.get_title()
    'Commit calls in week 1: none of the money called commit was in zombie deals'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    table = forecasting.commit_outcomes(team, week, rep, quarter, by="rep")
    ax = _axes(ax, (8, 0.45 * len(table) + 2))
    left = np.zeros(len(table))
    for color, fate in zip(_colors(len(forecasting.COMMIT_FATES)), forecasting.COMMIT_FATES, strict=True):
        ax.barh(table["rep_id"], table[fate], left=left, color=color, label=FATE_LABELS[fate])
        left += table[fate].to_numpy()
    ax.invert_yaxis()
    ax.set_xlim(0, max(float(left.max()), 1.0) * 1.05)
    _money_ticks(ax.xaxis)
    worst = table.sort_values("zombie", ascending=False, kind="stable").iloc[0]
    if worst["zombie"] > 0:
        finding = f"{worst['rep_id']} had the most commit money in zombie deals ({short_money(worst['zombie'])})"
    else:
        finding = "none of the money called commit was in zombie deals"
    ax.set_title(f"Commit calls in week {week}: {finding}")
    ax.set_xlabel(f"Money called commit, deals due in the quarter ({_currency(team)})")
    ax.set_ylabel("Rep")
    ax.legend(fontsize=8, loc="lower right")
    return ax

# -- sales calls ----------------------------------------------------------------------

_CALL_PARTS = (("advance", "Advance (moved on)"), ("continuation", "Continuation (no move)"),
               ("setback", "Setback (moved back)"))


def call_outcomes(team: Team, rep=None, quarter=None, ax=None):
    """How each rep's calls end: advance, continuation or setback (stacked shares of the rep's calls).

    From :func:`sefkit.components.calls.advance_rate`. The title gives the team's
    share of calls that moved a deal forward and of those that only kept it alive.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label or a list of them, pooled (None: every quarter).
        ax: matplotlib Axes to draw on (None: a new figure).

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: as :func:`sefkit.components.calls.advance_rate`.

    >>> from sefkit.data.examples import tiny_team
    >>> ax = call_outcomes(tiny_team())
    >>> ax.get_title()
    'Only 44% of calls moved a deal on; 31% just kept it alive'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    table = call_metrics.advance_rate(team, rep, quarter).set_index("rep_id")
    table = table[table["calls"] > 0]
    ax = _axes(ax, (8, 0.45 * len(table) + 1.8))
    y = np.arange(len(table))
    left = np.zeros(len(table))
    for color, (column, label) in zip(_colors(len(_CALL_PARTS)), _CALL_PARTS, strict=True):
        share = table[f"{column}_rate"].to_numpy()
        ax.barh(y, share, left=left, color=color, label=label, height=0.65)
        for yi, lo, v in zip(y, left, share, strict=True):
            if v >= 0.08:
                ax.annotate(f"{v:.0%}", (lo + v / 2, yi), ha="center", va="center", fontsize=8)
        left += share
    from matplotlib.ticker import PercentFormatter

    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlim(0, 1)
    ax.set_yticks(y, [f"{r} ({n} calls)" for r, n in zip(table.index, table["calls"], strict=True)])
    ax.invert_yaxis()
    ax.legend(title="How the call ended", fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    total = table["calls"].sum()
    adv, cont = table["advance"].sum() / total, table["continuation"].sum() / total
    ax.set_title(f"Only {adv:.0%} of calls moved a deal on; {cont:.0%} just kept it alive")
    ax.set_xlabel("Share of the rep's calls (%)")
    ax.set_ylabel("Rep")
    return ax


def calls_vs_load(team: Team, rep=None, quarter=None, ax=None):
    """Deal load against call planning: one dot per rep and quarter, each rep's average labelled.

    From :func:`sefkit.components.calls.calls_and_load`: open deals on a typical
    Monday of the quarter (x) against the share of the quarter's calls that were
    planned (y). The title says which way the dots lean.

    Args:
        team: the team.
        rep: a rep id or a list of them (None: every rep).
        quarter: a quarter label or a list of them (None: every quarter the snapshots cover).
        ax: matplotlib Axes to draw on (None: a new figure).

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: as :func:`sefkit.components.calls.calls_and_load`.

    >>> from sefkit.data.examples import tiny_team
    >>> ax = calls_vs_load(tiny_team())
    >>> ax.get_title(), ax.get_xlabel()
    ('Deal load and call planning: no clear pattern', 'Open deals on a typical Monday of the quarter')
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    table = call_metrics.calls_and_load(team, rep, quarter).dropna(subset=["planned_share"])
    if table.empty:
        raise ValueError(f"no sales calls recorded for {describe(rep, quarter)}")
    ax = _axes(ax, (7.5, 4.5))
    color = _colors(2)
    ax.scatter(table["open_deals"], table["planned_share"], s=22, alpha=0.45, color=color[0],
               label="one rep in one quarter")
    means = table.groupby("rep_id", observed=True)[["open_deals", "planned_share"]].mean()
    ax.scatter(means["open_deals"], means["planned_share"], s=70, marker="D", color=color[1],
               edgecolor="black", linewidth=0.5, label="the rep's average")
    for rep_id, row in means.iterrows():
        ax.annotate(rep_id, (row["open_deals"], row["planned_share"]), textcoords="offset points",
                    xytext=(5, 4), fontsize=8)
    from matplotlib.ticker import PercentFormatter

    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylim(0, 1)
    ax.set_xlim(0, table["open_deals"].max() * 1.1)
    varies = len(table) > 2 and (table[["open_deals", "planned_share"]].std() > 0).all()
    r = table["open_deals"].corr(table["planned_share"]) if varies else 0.0
    if r <= -0.3:
        title = "Reps carrying more deals plan fewer of their calls"
    elif r >= 0.3:
        title = "Reps carrying more deals plan more of their calls"
    else:
        title = "Deal load and call planning: no clear pattern"
    ax.set_title(title)
    ax.set_xlabel("Open deals on a typical Monday of the quarter")
    ax.set_ylabel("Planned calls (% of the quarter's calls)")
    ax.legend(fontsize=8, loc="lower left")
    return ax


# -- coaching and performance management ----------------------------------------------

def coaching_minutes(team: Team, quarter=None, ax=None):
    """Where the manager's coaching minutes went: minutes a week per rep, stacked by part of the job.

    Draws :func:`sefkit.whole_job.coaching.coaching_summary` (minutes a week on
    average over the selection). The axis starts at zero.

    >>> from sefkit.data.examples import tiny_team
    >>> ax = coaching_minutes(tiny_team())
    >>> ax.get_ylabel()
    'Coaching (minutes a week)'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    from ..data.team import COMPONENT_LABELS, COMPONENTS
    from ..whole_job.coaching import coaching_summary

    table = coaching_summary(team, quarter=quarter)
    ax = _axes(ax, (9, 4.5))
    bottom = np.zeros(len(table))
    for color, part in zip(_colors(len(COMPONENTS)), COMPONENTS, strict=True):
        ax.bar(table.index, table[part].to_numpy(), bottom=bottom, color=color, label=COMPONENT_LABELS[part])
        bottom += table[part].to_numpy()
    ax.set_ylim(bottom=0)
    ax.legend(title="Part of the job", fontsize=8, ncols=2)
    when = f"in {quarter}" if quarter is not None else "over the run"
    ax.set_title(f"Coaching {when}: {table['total'].sum():,.0f} minutes a week in all")
    ax.set_xlabel("Rep")
    ax.set_ylabel("Coaching (minutes a week)")
    return ax


def attainment_by_quarter(team: Team, reps=None, ax=None):
    """Each rep's attainment quarter by quarter: how much one quarter moves.

    Draws :func:`sefkit.components.territory.attainment`, one line per rep, and
    the quota (1x) as a dotted line. The axis starts at zero.

    >>> from sefkit.data.examples import tiny_team
    >>> ax = attainment_by_quarter(tiny_team())
    >>> len(ax.lines), ax.get_ylabel()   # two reps and the quota line
    (3, 'Attainment (won / quota, times)')
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    table = territory.attainment(team, rep=reps).pivot(index="quarter", columns="rep_id", values="attainment")
    ax = _axes(ax, (9, 4.5))
    for color, rep in zip(_colors(len(table.columns)), table.columns, strict=True):
        ax.plot(list(table.index), table[rep].to_numpy(), marker="o", color=color, label=rep)
    ax.axhline(1.0, color="grey", linestyle=":", linewidth=1)
    ax.set_ylim(bottom=0)
    ax.legend(title="Rep", fontsize=8, ncols=2)
    ax.set_title("One quarter's attainment swings: the same reps, quarter by quarter")
    ax.set_xlabel("Quarter")
    ax.set_ylabel("Attainment (won / quota, times)")
    return ax


def plan_effects(gains: dict, team: Team | None = None, ax=None, *, title: str | None = None):
    """Expected extra money of several coaching plans, each with its 95 % band.

    Args:
        gains: plan name -> what :func:`sefkit.whole_job.coaching.expected_gain`
            returned for it (``gain``, ``low``, ``high``).
        team: the team, for the currency (optional).

    >>> import pandas as pd
    >>> ax = plan_effects({"a": pd.Series({"gain": 5e4, "low": 1e4, "high": 9e4, "replications": 10.0})})
    >>> [round(p.get_width()) for p in ax.patches]
    [50000]
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    if not isinstance(gains, dict) or not gains:
        raise ValueError("gains must be a non-empty dict of plan name -> coaching.expected_gain(...)")
    names = list(gains)
    mean = np.array([float(gains[n]["gain"]) for n in names])
    low = np.array([float(gains[n]["low"]) for n in names])
    high = np.array([float(gains[n]["high"]) for n in names])
    ax = _axes(ax, (8, 0.8 + 0.6 * len(names)))
    y = np.arange(len(names))
    ax.barh(y, mean, color=_colors(len(names)))
    ax.errorbar(mean, y, xerr=[np.nan_to_num(mean - low), np.nan_to_num(high - mean)], fmt="none",
                ecolor="black", capsize=4, linewidth=1)
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.axvline(0, color="grey", linewidth=1)
    _money_ticks(ax.xaxis)
    n = int(next(iter(gains.values()))["replications"])
    ax.set_title(title or f"Expected extra money won against coaching nobody ({n} futures, 95 % band)")
    ax.set_xlabel(f"Extra money won ({_currency(team) if team is not None else DEFAULT_CURRENCY})")
    return ax


# -- lesson 09: the ecosystem (where deals come from, how they end) ----------------------

#: How the pictures name each source of opportunities and each ending of a decided deal.
SOURCE_LABELS = {"outbound": "Outbound (the reps)", "marketing": "Marketing leads", "referral": "Referrals",
                 "expansion": "Expansion"}
ENDING_LABELS = (("won", "Won"), ("competitor", "Lost: competitor"), ("price", "Lost: price"),
                 ("product_gap", "Lost: product gap"), ("status_quo", "No decision: status quo"),
                 ("went_dark", "No decision: went dark"))


def created_by_source(team: Team, rep=None, quarter=None, ax=None):
    """Opportunities created each quarter, stacked by where they came from.

    From :func:`sefkit.components.deals.created_by_source`. The title compares
    marketing's share of new opportunities in the first and last quarter shown.

    >>> from sefkit.data.examples import tiny_team
    >>> ax = created_by_source(tiny_team())
    >>> ax.get_title()
    'Marketing brought 0% of new opportunities in 2025Q1'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    table = deals.created_by_source(team, rep, quarter)
    ax = _axes(ax, (9, 4.5))
    x = np.arange(len(table))
    bottom = np.zeros(len(table))
    for color, (source, label) in zip(_colors(len(SOURCE_LABELS)), SOURCE_LABELS.items(), strict=True):
        values = table[source].to_numpy(dtype="float64")
        ax.bar(x, values, bottom=bottom, color=color, label=label, width=0.6)
        bottom += values
    ax.set_xticks(x, list(table.index))
    share = table["marketing_share"]
    first, last = table.index[0], table.index[-1]
    if first == last:
        ax.set_title(f"Marketing brought {share.iloc[0]:.0%} of new opportunities in {first}")
    else:
        ax.set_title(f"Marketing brought {share.iloc[0]:.0%} of new opportunities in {first}, "
                     f"{share.iloc[-1]:.0%} in {last}")
    ax.legend(title="Source", fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_xlabel("Quarter the opportunity was created")
    ax.set_ylabel("Opportunities created")
    return ax


def loss_reasons(team: Team, rep=None, quarter=None, by="quarter", ax=None):
    """How decided deals ended, each loss reason its own colour (stacked shares), one bar per quarter (or source, rep).

    From :func:`sefkit.components.deals.loss_reason_shares`. The title names the
    product-gap share of the first and last bar: a reason that grows for the whole
    team at once points outside the team.

    >>> from sefkit.data.examples import tiny_team
    >>> ax = loss_reasons(tiny_team())
    >>> ax.get_title()
    'Lost to a product gap: 0% of decided deals in 2025Q1, 0% in 2025Q2'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    shares = deals.loss_reason_shares(team, rep, quarter, by=by)
    counts = shares.drop(columns="decided").mul(shares["decided"], axis=0).assign(decided=shares["decided"])
    ax = _axes(ax, (9, 4.5))
    labels = [str(i) if not isinstance(i, tuple) else " ".join(map(str, i)) for i in shares.index]
    _stacked_outcomes(ax, labels, counts, ENDING_LABELS)
    gap = shares["product_gap"]
    if len(gap) == 1:
        ax.set_title(f"Lost to a product gap: {gap.iloc[0]:.0%} of decided deals")
    else:
        ax.set_title(f"Lost to a product gap: {gap.iloc[0]:.0%} of decided deals in {labels[0]}, "
                     f"{gap.iloc[-1]:.0%} in {labels[-1]}")
    ax.get_legend().set_title("How the deal ended")
    ax.set_xlabel({"quarter": "Quarter the deal closed", "source": "Source", "rep_id": "Rep"}.get(by, str(by)))
    return ax
