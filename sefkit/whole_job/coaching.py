"""Coaching: where the manager's time goes, and what a coaching plan would change.

* :func:`coaching_summary` -- the minutes a week each rep was coached on each
  SEF component (from ``team.coaching``).
* :func:`check_plan` -- a coaching plan checked against the team and written the
  one way the engine reads it: ``{rep_id: {component: minutes_per_week}}``;
  :func:`manager_minutes` -- the minutes a week it asks of each manager.
* :func:`what_if` -- a plan run forward through the simulation, against a
  "do nothing" baseline with the same seed; with ``replications=N`` the
  expected effect over N futures, with a 95 % band; :func:`compare_plans` --
  two plans side by side, over the same futures.
* :func:`diagnosis_plan`, :func:`even_plan`, :func:`focus_plan` -- plans that
  split a number of minutes a week per rep by each rep's diagnosed gaps
  (observable data only), evenly over the seven components, or all on one.

A **coaching plan** gives minutes of coaching per week, per rep and per component.
It can be a dictionary ``{"R01": {"calls": 60}}``, a wide DataFrame (one row per
rep, indexed by rep id, one column per component) or a long DataFrame with the
columns ``rep_id``, ``component`` and ``minutes``. A rep or component left out of
the plan gets no coaching. It is the one format of :mod:`sefkit.engine.plans`,
checked there by one function for every entry point (``sefkit.simulate`` too).

**The manager's week.** A first-line manager has at most
:data:`MANAGER_MINUTES_PER_WEEK` minutes (20 hours) a week for coaching: half of
a 40-hour week, the other half going to forecast calls, hiring, reporting and the
manager's own meetings. A plan that asks one manager for more (summed over the
reps who report to that manager, from ``team.reps.manager_id``) is refused.

>>> check_plan(_two_rep_team(), {"R01": {"calls": 60}})
{'R01': {'calls': 60.0}}
>>> check_plan(_two_rep_team(), {"R01": {"calls": -5}})
Traceback (most recent call last):
...
ValueError: coaching minutes cannot be negative: R01 calls has -5.0 (give 0 or more minutes a week)
"""

from __future__ import annotations

import json
import numbers
from functools import lru_cache

import numpy as np
import pandas as pd

from ..components.territory import attainment_of
from ..data import periods
from ..data.selection import by_quarter, by_rep, selected_reps
from ..data.team import COMPONENTS, Team, check_component
from ..engine import plans
from ..engine.plans import MANAGER_MINUTES_PER_WEEK


def _two_rep_team() -> Team:
    """Two reps of one manager over one quarter, with three weeks of coaching (for examples)."""
    reps = pd.DataFrame({"rep_id": ["R01", "R02"], "name": ["Ada", "Ben"], "manager_id": ["M1", "M1"],
                         "territory_id": ["T1", "T2"], "hire_date": pd.to_datetime(["2024-01-01"] * 2),
                         "segment": ["SMB", "SMB"]})
    quotas = pd.DataFrame({"rep_id": ["R01", "R02"], "quarter": ["2025Q1"] * 2, "quota": [1e5] * 2})
    coaching = pd.DataFrame({
        "rep_id": ["R01", "R01", "R01", "R02"],
        "week": pd.to_datetime(["2025-01-06", "2025-01-13", "2025-01-20", "2025-01-06"]),
        "component": ["calls", "calls", "hygiene", "prospecting"],
        "minutes": [30.0, 30.0, 13.0, 26.0],
    })
    return Team.build(reps=reps, quotas=quotas, coaching=coaching)


def coaching_summary(team: Team, rep=None, quarter=None) -> pd.DataFrame:
    """How many minutes a week, on average, each rep was coached on each component.

    Args:
        team: the team.
        rep: one rep id or a list of them (None: every rep).
        quarter: a quarter label such as ``"2025Q1"`` (None: every quarter).

    Returns:
        One row per rep (index ``rep_id``, reps never coached show zeros), one
        column per component in :data:`~sefkit.data.team.COMPONENTS` plus ``total``:
        the minutes in ``team.coaching`` for the selection divided by the number
        of weeks in it (13 a quarter).

    In the example R01 had 30 + 30 minutes on calls and 13 on hygiene, R02 26 on
    prospecting, over one 13-week quarter:

    >>> s = coaching_summary(_two_rep_team())
    >>> s[["prospecting", "calls", "hygiene", "total"]]
            prospecting     calls  hygiene     total
    rep_id
    R01             0.0  4.615385      1.0  5.615385
    R02             2.0  0.000000      0.0  2.000000
    """
    reps = selected_reps(team, rep)
    quarters = [team.check_quarter(quarter)] if quarter is not None else team.quarters
    if not quarters:
        raise ValueError("the team has no quarters (its quotas table is empty)")
    rows = by_quarter(team, by_rep(team, team.coaching, rep), quarter, "week")
    weeks = 13 * len(quarters)
    table = (
        rows.groupby(["rep_id", "component"])["minutes"].sum().unstack("component")
        .reindex(index=reps, columns=list(COMPONENTS)).fillna(0.0) / weeks
    )
    table.index.name = "rep_id"
    table.columns.name = None
    table["total"] = table.sum(axis=1)
    return table


def check_plan(team: Team, plan) -> dict[str, dict[str, float]]:
    """A coaching plan, checked against the team and written as ``{rep: {component: minutes}}``.

    Args:
        team: the team the plan is for.
        plan: minutes of coaching per week per rep and component (see the module
            docstring for the accepted shapes).

    Returns:
        A new dictionary with float minutes; zero entries are dropped.

    Raises:
        ValueError: for an unknown rep or component, minutes that are negative or
            not a number, or more minutes than a manager has in a week
            (:data:`MANAGER_MINUTES_PER_WEEK`); :func:`sefkit.engine.plans.check_plan`
            makes every check.

    >>> check_plan(_two_rep_team(), {"R01": {"calls": 30, "hygiene": 0}, "R02": {}})
    {'R01': {'calls': 30.0}}
    >>> check_plan(_two_rep_team(), {"R01": {"calls": 700}, "R02": {"hygiene": 600}})
    Traceback (most recent call last):
    ...
    ValueError: the plan asks manager M1 for 1300 minutes of coaching a week (reps R01, R02); a manager has at most 1200
    """
    return plans.check_plan(plan, team.rep_ids, _managers(team))


def manager_minutes(team: Team, plan) -> pd.Series:
    """Coaching minutes a week the plan asks of each manager (summed over the manager's reps).

    The plan is checked as by :func:`check_plan`, except against the manager's
    limit, so a plan that asks too much can still be totalled. Reps of a team
    without a ``reps`` table count as one manager's, "the team's manager".

    >>> manager_minutes(_two_rep_team(), {"R01": {"calls": 30}, "R02": {"hygiene": 15, "calls": 15}})
    manager_id
    M1    60.0
    Name: minutes, dtype: float64
    """
    return plans.manager_minutes(plans.check_plan(plan, team.rep_ids), _managers(team))


def _managers(team: Team) -> dict[str, str]:
    """Each rep's manager ("the team's manager" for every rep when the team has no reps table)."""
    known = dict(zip(team.reps["rep_id"], team.reps["manager_id"], strict=True)) if len(team.reps) else {}
    return {r: "the team's manager" if pd.isna(known.get(r)) else known[r] for r in team.rep_ids}


# -- what if: a plan run forward through the engine ---------------------------

#: What :func:`what_if` reports for each rep (or the team) and quarter, in this order.
WHAT_IF_METRICS = ("won_amount", "deals_closed", "win_rate", "attainment")
_BY = ("rep", "team")


def _plan_key(plan: dict[str, dict[str, float]]) -> tuple:
    """A checked plan as a sorted, hashable key ``((rep, component, minutes), ...)`` for the run caches."""
    return tuple(sorted((r, c, m) for r, per in plan.items() for c, m in per.items()))


def _minutes_of(plan_key: tuple) -> dict[str, dict[str, float]]:
    """The plan ``{rep: {component: minutes}}`` a :func:`_plan_key` stands for."""
    minutes: dict = {}
    for r, c, m in plan_key:
        minutes.setdefault(r, {})[c] = m
    return minutes


@lru_cache(maxsize=1)
def _baseline(scenario: str, seed: int, params_json: str, start_quarter: str) -> tuple:
    """The "coach nobody from ``start_quarter``" run (fast path) and its checkpoint at that quarter's start.

    Every plan run of the same team and start is resumed from the checkpoint: it is
    identical to the baseline before ``start_quarter``, so only the weeks from there
    on are simulated (:func:`sefkit.engine.simulation.resume`).
    """
    from ..engine.simulation import simulate_with_checkpoint

    plan = {"start_quarter": start_quarter, "minutes": {}}
    return simulate_with_checkpoint(scenario, seed, start_quarter, coaching_plan=plan, detail="core",
                                    **json.loads(params_json))


def _check_same_history(team: Team, rerun: Team, start: str) -> None:
    """Refuse a team whose history the engine cannot reproduce (its own coaching plan, or edited tables)."""
    first = periods.quarter_bounds(team.start, start)[0]

    def history(t: Team) -> tuple:
        # what cannot change later (amounts of deals still open can: rescoping)
        created = t.opportunities["created"].to_numpy()
        created = created[created < first.to_datetime64()]
        coached = t.coaching["week"].to_numpy() < first.to_datetime64()
        days = (created - team.start.to_datetime64()) // np.timedelta64(1, "D")
        return len(created), int(days.sum()), float(t.coaching["minutes"][coached].sum())

    if history(team) != history(rerun):
        raise ValueError(
            f"this team's history before {start} is not what {team.scenario!r} with seed {team.seed} gives "
            "(was it simulated with its own coaching plan, or were its tables changed?); what_if runs forward "
            "a team exactly as sefkit.simulate(scenario, seed, **overrides) made it"
        )


def what_if(team: Team, plan, *, quarters_ahead: int = 2, start_quarter=None, by: str = "rep",
            replications: int | None = None) -> pd.DataFrame:
    """What a coaching plan would win over the next quarters, against coaching nobody.

    The team's scenario is simulated again with the same seed and parameters,
    ``quarters_ahead`` quarters longer, twice: once with ``plan`` in force from
    ``start_quarter`` on, and once with no coaching at all from then (the
    baseline). Before ``start_quarter`` the two runs are identical; the engine
    also gives both runs the same luck (common random numbers), so the difference
    is the plan's effect. Same team and plan, same answer. The baseline is
    computed once and reused, and each plan run goes on from the baseline's state
    at the start of ``start_quarter`` (as :func:`sefkit.engine.simulation.resume`
    does), its outcomes counted straight from the engine's arrays
    (:mod:`sefkit.engine.outcomes`, no tables built): exactly the numbers of a
    run from the first week and its tables, in a fraction of the time.

    Args:
        team: a team returned by :func:`sefkit.simulate` (it needs its scenario,
            seed and parameters).
        plan: minutes of coaching per week per rep and component (see
            :func:`check_plan`); reps left out get no coaching.
        quarters_ahead: how many quarters to simulate beyond the team's last one (1-8).
        start_quarter: the first quarter of the plan (default: the first new
            quarter). An earlier quarter asks "what if we had coached like this?".
        by: ``"rep"`` for one row per rep, quarter and metric, or ``"team"`` for
            the whole team (won amount summed, win rate over all the team's
            deals, attainment = team won / team quota).
        replications: None for the single what-if above (one future: the
            team's own luck). A number N (1-200) for the **expected** effect: the
            plan and the baseline run in N futures that share the team's
            history up to ``start_quarter`` and then draw other luck (the same
            for the plan and the baseline in each future); ``baseline``, ``plan``
            and ``difference`` are means over the futures, and
            ``difference_low`` / ``difference_high`` bound the expected
            difference (95 %, Student's t over the N paired differences).
            A single what-if mixes the plan's effect with the luck of one
            future; docs/MODEL.md says how much.

    Returns:
        A tidy table with ``rep_id`` (when ``by="rep"``), ``quarter``, ``metric``
        (:data:`WHAT_IF_METRICS`: won_amount in money, deals_closed (won, lost or
        no decision), win_rate and attainment as fractions), ``baseline``,
        ``plan`` and ``difference`` (plan - baseline), for every quarter from
        ``start_quarter`` to the end of the run. A win rate is missing only
        where ``deals_closed`` is 0.

    Raises:
        ValueError: a hand-built team, a team whose history the engine does not
            reproduce (simulated with its own coaching plan, or with edited
            tables), a bad plan (see :func:`check_plan`), or an unknown ``by``,
            ``quarters_ahead`` or ``start_quarter``.

    >>> import sefkit
    >>> team = sefkit.simulate("northwind", seed=0)
    >>> out = what_if(team, {"R01": {"calls": 60, "deal_management": 60}}, by="team")
    >>> out.quarter.unique().tolist(), out.metric.unique().tolist()
    (['2027Q1', '2027Q2'], ['won_amount', 'deals_closed', 'win_rate', 'attainment'])
    >>> expected = what_if(team, {"R01": {"calls": 60}}, by="team", replications=3)
    >>> expected.columns[-3:].tolist()
    ['difference_low', 'difference_high', 'replications']
    """
    if replications is not None:
        _check_replications(replications)
        return _expected(team, plan, quarters_ahead, start_quarter, by, replications)
    # the team's own future (replication 0), counted from the engine's arrays: the
    # same figures as the resumed run's tables give, without building them
    # (tests/test_coaching.py checks both against the component functions)
    values, index = replicated(team, [{}, plan], replications=1, quarters_ahead=quarters_ahead,
                               start_quarter=start_quarter, by=by)
    base, new = values[0, 0], values[1, 0]
    return _tidy(values, index, by, {"baseline": base, "plan": new, "difference": new - base})


# -- expected what-if: many futures, the same history ---------------------------

#: Most replications :func:`what_if` and :func:`compare_plans` run.
MAX_REPLICATIONS = 200


#: Student's t, 97.5 % points for 1-10 degrees of freedom (beyond, :func:`_t975` approximates).
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228)


def _t975(df: int) -> float:
    """The 97.5 % point of Student's t with ``df`` degrees of freedom (a table to 10, then Cornish-Fisher).

    >>> _t975(2), round(_t975(19), 3), round(_t975(1000), 2)
    (4.303, 2.093, 1.96)
    """
    if df <= len(_T975):
        return _T975[df - 1]
    z = 1.959963984540054
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def band(values, axis: int = 0) -> tuple:
    """Mean of paired differences and its 95 % band (mean +- t x standard error), along ``axis``.

    >>> mean, low, high = band([1.0, 2.0, 3.0])
    >>> float(mean), round(float(low), 2), round(float(high), 2)
    (2.0, -0.48, 4.48)
    """
    v = np.asarray(values, dtype=float)
    k = v.shape[axis]
    mean = v.mean(axis=axis)
    if k < 2:
        return mean, mean * np.nan, mean * np.nan
    half = _t975(k - 1) * v.std(axis=axis, ddof=1) / np.sqrt(k)
    return mean, mean - half, mean + half


@lru_cache(maxsize=512)
def _replicate(scenario: str, seed: int, params_json: str, start_quarter: str, plan_key: tuple,
               replication: int) -> dict:
    """Outcome arrays of one plan in one future (replication 0: the team's own), resumed from the baseline's checkpoint."""
    from ..engine.loop import Run
    from ..engine.outcomes import outcomes

    _, checkpoint = _baseline(scenario, seed, params_json, start_quarter)
    plan = plans.check_schedule({"start_quarter": start_quarter, "minutes": _minutes_of(plan_key)}, checkpoint.params)
    run = Run.resume(checkpoint, plan, replication=replication, forecast=False).run()
    out = outcomes(run, checkpoint.week // 13)
    for array in out.values():
        array.flags.writeable = False
    return out


def _metrics(arrays: dict, by: str):
    """The four :data:`WHAT_IF_METRICS` as arrays ``(metric, rows, quarters)`` (rows: reps, or the team)."""
    a = arrays if by == "rep" else {k: v.sum(axis=0, keepdims=True) for k, v in arrays.items()}
    with np.errstate(invalid="ignore", divide="ignore"):
        # won / (won + lost + no decision), as deals.win_rate_of: "decided" counts the three
        # (tests/test_coaching.py checks these arrays against the tables on several seeds)
        win_rate = np.where(a["decided"] > 0, a["won"] / a["decided"], np.nan)
        attainment = np.where(a["quota"] > 0, attainment_of(a["won_amount"], a["quota"]), np.nan)
    return np.stack([a["won_amount"], a["decided"], win_rate, attainment])


def _prepare(team: Team, plan, quarters_ahead, start_quarter, by) -> tuple:
    """Checks shared by :func:`what_if` and :func:`compare_plans`; the cache keys of the runs."""
    if team.seed is None or not team.params or team.scenario in ("custom", "tiny"):
        raise ValueError(
            "what_if needs a simulated team (from sefkit.simulate), with its scenario, seed and "
            f"parameters; this one is {team.scenario!r}"
        )
    if by not in _BY:
        raise ValueError(f"unknown by {by!r}; valid choices: {', '.join(_BY)}")
    if isinstance(quarters_ahead, bool) or not isinstance(quarters_ahead, int) or not 1 <= quarters_ahead <= 8:
        raise ValueError(f"quarters_ahead must be a whole number from 1 to 8, not {quarters_ahead!r}")
    plans = [check_plan(team, p) for p in plan]
    n = len(team.quarters) + quarters_ahead
    labels = periods.quarter_labels(team.start, n)
    start = labels[len(team.quarters)] if start_quarter is None else start_quarter
    if start not in labels:
        raise ValueError(f"unknown start_quarter {start!r}; valid quarters: {', '.join(labels)}")
    params = json.dumps({**team.params, "quarters": n}, sort_keys=True, default=str)
    keys = [_plan_key(p) for p in plans]
    ahead = tuple(labels[labels.index(start):])
    _check_same_history(team, _baseline(team.scenario, team.seed, params, start)[0], start)
    return params, start, keys, ahead


def _check_replications(replications) -> int:
    if isinstance(replications, bool) or not isinstance(replications, int) or not 1 <= replications <= MAX_REPLICATIONS:
        raise ValueError(f"replications must be a whole number from 1 to {MAX_REPLICATIONS}, not {replications!r}")
    return replications


def replicated(team: Team, plans, *, replications: int = 20, quarters_ahead: int = 2, start_quarter=None,
               by: str = "rep") -> tuple:
    """The metric arrays of each plan in each of ``replications`` futures, the same history before.

    Returns ``(values, index)``: ``values[p, k]`` is plan ``p``'s
    ``(metric, rows, quarters)`` array in future ``k`` (``plans[0]`` is usually
    the baseline ``{}``); ``index`` the rows' labels (rep ids, or ``["team"]``)
    and the quarters. Future 0 is the team's own; the others keep every deal,
    skill and customer as it stands at ``start_quarter`` and draw new luck from
    there, the same luck for every plan (common random numbers).
    """
    k = _check_replications(replications)
    params, start, keys, ahead = _prepare(team, plans, quarters_ahead, start_quarter, by)
    values = np.stack([np.stack([_metrics(_replicate(team.scenario, team.seed, params, start, key, r), by)
                                 for r in range(k)]) for key in keys])
    rows = list(team.rep_ids) if by == "rep" else ["team"]
    return values, (rows, list(ahead))


def _tidy(values, index, by: str, columns: dict) -> pd.DataFrame:
    """A tidy what-if table from arrays ``(metric, rows, quarters)`` named by ``columns``."""
    rows, quarters = index
    nr, nq, nm = len(rows), len(quarters), len(WHAT_IF_METRICS)
    labels = {"rep_id": np.repeat(np.array(rows, dtype=object), nq * nm),
              "quarter": np.tile(np.repeat(np.array(quarters, dtype=object), nm), nr),
              "metric": np.tile(np.array(WHAT_IF_METRICS, dtype=object), nr * nq)}
    if by == "team":
        del labels["rep_id"]
    return pd.DataFrame({**labels, **{name: a.transpose(1, 2, 0).ravel() for name, a in columns.items()}})


def _expected(team, plan, quarters_ahead, start_quarter, by, replications) -> pd.DataFrame:
    values, index = replicated(team, [{}, plan], replications=replications, quarters_ahead=quarters_ahead,
                               start_quarter=start_quarter, by=by)
    base, new = values[0], values[1]
    mean, low, high = band(new - base)
    out = _tidy(values, index, by, {"baseline": base.mean(axis=0), "plan": new.mean(axis=0), "difference": mean,
                                    "difference_low": low, "difference_high": high})
    out["replications"] = replications
    return out


def compare_plans(team: Team, plan_a, plan_b, *, replications: int = 20, quarters_ahead: int = 2,
                  start_quarter=None, by: str = "rep") -> pd.DataFrame:
    """Two coaching plans side by side: each one's expected effect against coaching nobody, and A - B.

    Both plans and the baseline run in the same ``replications`` futures (common
    random numbers), so ``a_minus_b`` is the paired difference, with its 95 % band.

    Returns:
        A tidy table like :func:`what_if`'s (``rep_id`` when ``by="rep"``,
        ``quarter``, ``metric``) with ``baseline``, ``plan_a``, ``plan_b`` (means
        over the futures), ``a_effect``, ``b_effect`` and ``a_minus_b``, each
        with its ``_low`` and ``_high`` band, and ``replications``.

    >>> import sefkit
    >>> team = sefkit.simulate("northwind", seed=0)
    >>> out = compare_plans(team, {"R01": {"calls": 60}}, {"R01": {"prospecting": 60}}, replications=3, by="team")
    >>> out.columns[:5].tolist()
    ['quarter', 'metric', 'baseline', 'plan_a', 'plan_b']
    """
    values, index = replicated(team, [{}, plan_a, plan_b], replications=replications, quarters_ahead=quarters_ahead,
                               start_quarter=start_quarter, by=by)
    base, a, b = values
    cols = {"baseline": base.mean(axis=0), "plan_a": a.mean(axis=0), "plan_b": b.mean(axis=0)}
    for name, diff in (("a_effect", a - base), ("b_effect", b - base), ("a_minus_b", a - b)):
        mean, low, high = band(diff)
        cols.update({name: mean, f"{name}_low": low, f"{name}_high": high})
    out = _tidy(values, index, by, cols)
    out["replications"] = replications
    return out


def expected_gain(team: Team, plan, *, quarters_ahead: int = 4, replications: int = 20, start_quarter=None,
                  reps=None) -> pd.Series:
    """The money a plan is expected to add over the quarters ahead, against coaching nobody, with its 95 % band.

    The one figure a plan is judged by in the coaching lesson and its assignment:
    the won amount of ``reps`` (None: the whole team) summed over every quarter from
    ``start_quarter`` to the end of the run, plan minus coaching nobody, averaged
    over ``replications`` futures (:func:`replicated`, common random numbers).

    Returns:
        A Series with ``gain`` (the mean), ``low`` and ``high`` (the 95 % band of
        the mean, Student's t over the paired differences) and ``replications``.

    >>> import sefkit
    >>> team = sefkit.simulate("northwind", seed=0)
    >>> g = expected_gain(team, {"R01": {"calls": 60}}, quarters_ahead=1, replications=3)
    >>> g.index.tolist(), bool(g["low"] <= g["gain"] <= g["high"])
    (['gain', 'low', 'high', 'replications'], True)
    """
    values, (rows, _) = replicated(team, [{}, plan], replications=replications, quarters_ahead=quarters_ahead,
                                   start_quarter=start_quarter, by="rep")
    won = WHAT_IF_METRICS.index("won_amount")
    keep = [rows.index(r) for r in selected_reps(team, reps)]
    totals = values[:, :, won][:, :, keep].sum(axis=(2, 3))  # (plan, future)
    mean, low, high = band(totals[1] - totals[0])
    return pd.Series({"gain": float(mean), "low": float(low), "high": float(high),
                      "replications": float(replications)})


# -- plans built from a budget of minutes ---------------------------------------

def _check_budget(minutes) -> float:
    if isinstance(minutes, bool) or not isinstance(minutes, numbers.Real) or pd.isna(minutes) or minutes < 0:
        raise ValueError(f"minutes must be a number of minutes a week, 0 or more, not {minutes!r}")
    return float(minutes)


def diagnosis_plan(team: Team, minutes: float = 60, reps=None, quarter=None) -> dict[str, dict[str, float]]:
    """``minutes`` a week per rep, split over the parts of the job where the scorecard shows the rep behind.

    Each rep's minutes go to the components on which the rep's
    :func:`sefkit.whole_job.system.scorecard` score is below the team (score < 0), in
    proportion to how far below (the rep's diagnosed gaps: observable data
    only, never the hidden truth). A rep behind on nothing gets the minutes on
    the lowest score. Minutes are rounded to one decimal.

    Args:
        team: a team with full detail.
        minutes: minutes a week per rep.
        reps: one rep id or a list (None: every rep).
        quarter: the quarter the scorecard reads (None: the whole run).

    >>> import sefkit
    >>> plan = diagnosis_plan(sefkit.simulate("northwind", seed=0), 60, reps="R01")
    >>> round(sum(plan["R01"].values()))
    60
    """
    from .system import scorecard

    budget = _check_budget(minutes)
    scores = scorecard(team, quarter)
    out: dict[str, dict[str, float]] = {}
    for r in selected_reps(team, reps):
        row = scores.loc[r].dropna()
        gaps = (-row).clip(lower=0.0)
        if gaps.sum() <= 0:
            gaps = (row == row.min()).astype(float)
        share = gaps[gaps > 0] / gaps.sum()
        plan = {c: round(budget * float(v), 1) for c, v in share.items() if round(budget * float(v), 1) > 0}
        if plan:
            out[r] = plan
    return out


def even_plan(team: Team, minutes: float = 60, reps=None) -> dict[str, dict[str, float]]:
    """``minutes`` a week per rep spread evenly over the seven components.

    >>> even_plan(_two_rep_team(), 70, reps="R01")["R01"]["calls"]
    10.0
    """
    budget = _check_budget(minutes)
    each = budget / len(COMPONENTS)
    return {r: {c: each for c in COMPONENTS} for r in selected_reps(team, reps)} if each > 0 else {}


def focus_plan(team: Team, component: str, minutes: float = 60, reps=None) -> dict[str, dict[str, float]]:
    """``minutes`` a week per rep, all on ``component``.

    >>> focus_plan(_two_rep_team(), "prospecting", 60)
    {'R01': {'prospecting': 60.0}, 'R02': {'prospecting': 60.0}}
    """
    check_component(component)
    budget = _check_budget(minutes)
    return {r: {component: budget} for r in selected_reps(team, reps)} if budget > 0 else {}


__all__ = [
    "MANAGER_MINUTES_PER_WEEK", "MAX_REPLICATIONS", "WHAT_IF_METRICS", "band", "check_plan", "coaching_summary",
    "compare_plans", "diagnosis_plan", "even_plan", "expected_gain", "focus_plan", "manager_minutes", "replicated", "what_if",
]
