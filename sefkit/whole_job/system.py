"""The whole job: a scorecard of every rep on every SEF component, and each rep's binding constraint.

Selling is one system: the weakest part of a rep's job limits everything after
it. This module puts the seven components side by side, on one scale, so a
manager can see where each rep's job breaks first.

**One measure per component.** Each component is scored from one observable
measure, taken from the module that defines it (:data:`MEASURES`):

================  =====================================================  =============
component         measure (module)                                       better when
================  =====================================================  =============
territory         high-fit focus: share of prospecting on high-fit       higher
                  accounts / share of high-fit accounts in the territory
                  (:func:`sefkit.components.territory.prospecting_focus`)
prospecting       meeting rate: meetings per conversation                higher
                  (:func:`sefkit.components.prospecting.funnel`)
qualification     disqualification rate: share of new deals the rep      higher
                  disqualified (:func:`sefkit.components.deals.deal_summary`)
calls             advance rate: share of calls that moved the deal       higher
                  forward (:func:`sefkit.components.calls.advance_rate`)
deal_management   decision win rate: won / (won + lost), deals the buyer higher
                  decided (:func:`sefkit.components.deals.deal_summary`)
hygiene           close-out lag: mean days from a went-dark deal's last  lower
                  call to its close (:func:`sefkit.components.pipeline.close_out_lag`)
forecasting       close-date horizon: mean days from a new deal's        higher
                  creation to the close date the rep first gave it
                  (:func:`sefkit.components.forecast.close_date_horizon`)
================  =====================================================  =============

Why these: each is the measure most directly moved by that skill and least by
the others (docs/DIAGNOSIS.md shows how each one tracks the simulation's hidden
skill). Three choices need a word. The *decision win rate* leaves no-decision deals
out on purpose: a deal that dies undecided says more about qualification than
about how the rep handles a buyer who decides, and it is not the course's
**win rate** (which keeps them in). The *close-out lag* times how long a dead
deal stays open once it has gone quiet; the zombie share it replaced also grew
with how many deals die, which weak calls drive, so calls-weak reps were named
on hygiene. The *close-date horizon* is the rep's first forecast of when a deal
will close, made before its fate shows: a rep with "happy ears" dates deals to
close sooner than the team. The commit calls it replaced (the over-call) rate
each deal with the rep's own deal-management skill in it, so they followed that
skill as much as the forecasting skill (docs/DIAGNOSIS.md). (A rep who dates
deals far too late would score well here: the score measures optimism, not
accuracy.)

**Scores.** A score is a standard score relative to the team: (rep's value -
team average) / team standard deviation, over the reps of the team (the average
and spread of the reps' values, each rep counting once), with the sign turned
so that **higher is always better**. 0 is the team average; -1.5 means 1.5
standard deviations worse than the team on that measure.

**Binding constraint.** :func:`diagnose` names, for each rep, the component with
the lowest *diagnostic score*: the part of the job where the rep falls furthest
behind the team. A score says "relative to this team": a component the whole
team is weak at will not show up as anyone's constraint. The diagnostic score is
the scorecard's score read net of an upstream component's score where
:data:`UPSTREAM` says so; with the measures above no component needs it (the
corrections the earlier measures needed lower the hit rate now, docs/DIAGNOSIS.md),
so :data:`UPSTREAM` is empty and the diagnostic score is the scorecard's.

>>> from sefkit.data.examples import tiny_team
>>> sorted(MEASURES) == sorted(COMPONENTS)
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..data.team import COMPONENTS, MissingTableError, Team

#: Week of the quarter whose calls the earlier forecasting measure, the over-call
#: (:func:`sefkit.components.forecast.call_calibration`), judged; benchmarks/validate_diagnosis.py
#: compares it with the close-date horizon.
FORECAST_WEEK = 1


@dataclass(frozen=True)
class Measure:
    """The observable measure behind one component's score."""

    name: str  #: short name, used in tables
    label: str  #: plain words for a manager
    higher_is_better: bool
    unit: str  #: "share" (shown as %), "ratio" (x), "points" (a difference of shares, +/- points) or "days"
    counted: str  #: what ``observations`` counts
    sentence: str  #: the finding, with {value} and {team} filled in


MEASURES: dict[str, Measure] = {
    "territory": Measure(
        "high_fit_focus", "prospecting on high-fit accounts against the territory's mix", True, "ratio",
        "activities", "puts {value} of the territory's share of prospecting on high-fit accounts (team {team})",
    ),
    "prospecting": Measure(
        "meeting_rate", "meetings per conversation", True, "share",
        "conversations", "turns {value} of conversations into meetings (team {team})",
    ),
    "qualification": Measure(
        "disqualification_rate", "share of new deals disqualified", True, "share",
        "deals", "disqualifies {value} of new deals (team {team}), so weak deals get into the pipeline",
    ),
    "calls": Measure(
        "advance_rate", "share of calls that move the deal forward", True, "share",
        "calls", "moves the deal forward on {value} of calls (team {team})",
    ),
    "deal_management": Measure(
        "decision_win_rate", "won / (won + lost)", True, "share",
        "decided deals", "wins {value} of the deals the buyer decides on (team {team})",
    ),
    "hygiene": Measure(
        "close_out_days", "days a deal that went dark stays open after its last call", False, "days",
        "went-dark deals", "keeps a deal that went dark open {value} after its last call (team {team})",
    ),
    "forecasting": Measure(
        "close_date_horizon", "days from a new deal's creation to the close date first given it "
        "(shorter = more optimistic)", True, "days",
        "new deals", "first dates a new deal to close {value} after it opens (team {team}; the sooner, the more optimistic)",
    ),
}


#: Components whose score also shows an upstream skill: component -> (upstream component, weight).
#: :func:`diagnostic_scores` reads the score net of ``weight x`` the upstream score. Empty: the
#: earlier measures needed hygiene net of 0.4 x calls and forecasting net of -0.2 x deal
#: management; with the close-out lag and the close-date horizon those corrections lower the hit
#: rate (0.775 against 0.800 on northwind seeds 0-59, docs/DIAGNOSIS.md section 3).
UPSTREAM: dict[str, tuple[str, float]] = {}


# -- the seven measures ---------------------------------------------------------

def _territory(team: Team, quarter, shared: dict) -> pd.DataFrame:
    from ..components.territory import high_fit_focus_of, prospecting_focus

    t = prospecting_focus(team, quarter=quarter).set_index("rep_id")
    value = high_fit_focus_of(t["high_fit_share"], t["high_fit_account_share"])
    return pd.DataFrame({"value": value, "observations": t["activities"]})


def _prospecting(team: Team, quarter, shared: dict) -> pd.DataFrame:
    from ..components.prospecting import funnel

    f = funnel(team, quarter=quarter).set_index("rep_id")
    return pd.DataFrame({"value": f["meeting_rate"], "observations": f["conversations"]})


def _deals(team: Team, quarter, shared: dict) -> pd.DataFrame:
    """deal_summary, computed once per :func:`measures` call (two measures read it)."""
    from ..components.deals import deal_summary

    if "deals" not in shared:
        shared["deals"] = deal_summary(team, quarter=quarter).set_index("rep_id")
    return shared["deals"]


def _qualification(team: Team, quarter, shared: dict) -> pd.DataFrame:
    from ..components.deals import disqualification_rate_of

    d = _deals(team, quarter, shared)
    value = disqualification_rate_of(d["disqualified"], d["decided"])
    return pd.DataFrame({"value": value, "observations": d["decided"] + d["disqualified"]})


def _deal_management(team: Team, quarter, shared: dict) -> pd.DataFrame:
    from ..components.deals import decision_win_rate_of

    d = _deals(team, quarter, shared)
    return pd.DataFrame({"value": decision_win_rate_of(d["won"], d["lost"]), "observations": d["won"] + d["lost"]})


def _calls(team: Team, quarter, shared: dict) -> pd.DataFrame:
    from ..components.calls import advance_rate

    c = advance_rate(team, quarter=quarter).set_index("rep_id")
    return pd.DataFrame({"value": c["advance_rate"], "observations": c["calls"]})


def _hygiene(team: Team, quarter, shared: dict) -> pd.DataFrame:
    from ..components.pipeline import close_out_lag

    z = close_out_lag(team, quarter=quarter).set_index("rep_id")
    return pd.DataFrame({"value": z["close_out_days"], "observations": z["went_dark"]})


def _forecasting(team: Team, quarter, shared: dict) -> pd.DataFrame:
    from ..components.forecast import close_date_horizon

    f = close_date_horizon(team, quarter=quarter).set_index("rep_id")
    return pd.DataFrame({"value": f["horizon_days"], "observations": f["deals"]})


_COMPUTE = {
    "territory": _territory,
    "prospecting": _prospecting,
    "qualification": _qualification,
    "calls": _calls,
    "deal_management": _deal_management,
    "hygiene": _hygiene,
    "forecasting": _forecasting,
}


def measure_guide() -> pd.DataFrame:
    """What each component's score is made of, in a manager's words.

    >>> measure_guide().loc[3].tolist()
    ['calls', 'advance_rate', 'share of calls that move the deal forward', 'higher']
    """
    return pd.DataFrame(
        [(c, m.name, m.label, "higher" if m.higher_is_better else "lower") for c, m in MEASURES.items()],
        columns=["component", "measure", "meaning", "better_when"],
    )


def standard_scores(values: pd.Series, higher_is_better: bool = True) -> pd.Series:
    """Standard scores relative to the group: (value - mean) / standard deviation, higher = better.

    The mean and the (population) standard deviation are those of the values
    given, each counting once; missing values stay missing and are left out of
    both. When every value is the same, every score is 0.

    >>> standard_scores(pd.Series([1.0, 2.0, 3.0])).round(3).tolist()
    [-1.225, 0.0, 1.225]
    >>> standard_scores(pd.Series([1.0, 2.0, 3.0]), higher_is_better=False).round(3).tolist()
    [1.225, -0.0, -1.225]
    """
    spread = values.std(ddof=0)
    centred = values - values.mean()
    z = centred / spread if spread > 0 else centred * 0.0
    return z if higher_is_better else -z


# -- public tables ----------------------------------------------------------------

def _check_team(team: Team, quarter) -> None:
    if quarter is not None:
        team.check_quarter(quarter)
    if len(team.rep_ids) < 2:
        raise ValueError(f"a scorecard compares reps with their team, so it needs at least 2 reps; "
                         f"this team has {len(team.rep_ids)}")


def measures(team: Team, quarter=None) -> pd.DataFrame:
    """Every rep's value on each component's measure, the team average and the score.

    The long form behind :func:`scorecard` and :func:`diagnose`.

    Args:
        team: a team with full detail (activities, calls and snapshots).
        quarter: a quarter label such as ``"2025Q1"`` (None: every quarter).

    Returns:
        One row per rep and component (reps in team order, components in SEF
        order) with ``rep_id``, ``component``, ``measure`` (its short name),
        ``value``, ``observations`` (how many activities, conversations, deals,
        calls, went-dark deals or new deals the value rests on), ``team_value``
        (the average of the reps' values) and ``score`` (standard score, higher
        = better). A rep without data on a measure (for example no calls) has
        a missing value and score; so has every rep on a component whose table
        the team does not have (a CRM export without calls, say: ``team.absent``).

    Raises:
        ValueError: unknown quarter, a team of fewer than 2 reps, or a team
            without the detail a measure needs.

    R01 advanced 5 of 10 calls, R02 2 of 6; the team average is the mean of
    the two rates, and with two reps the scores are +1 and -1:

    >>> from sefkit.data.examples import tiny_team
    >>> measures(tiny_team()).query("component == 'calls'")[["rep_id", "value", "observations", "team_value", "score"]]
      rep_id     value  observations  team_value  score
    6    R01  0.500000            10    0.416667    1.0
    7    R02  0.333333             6    0.416667   -1.0
    """
    _check_team(team, quarter)
    reps = pd.Index(team.rep_ids, name="rep_id")
    parts, shared = [], {}
    for component in COMPONENTS:
        m = MEASURES[component]
        try:
            got = _COMPUTE[component](team, quarter, shared).reindex(reps)
        except MissingTableError:  # a team read from a CRM export without that table: the measure stays blank
            got = pd.DataFrame({"value": np.nan, "observations": 0}, index=reps)
        value = got["value"].astype("float64")
        parts.append(pd.DataFrame({
            "rep_id": reps,
            "component": component,
            "measure": m.name,
            "value": value.to_numpy(),
            "observations": got["observations"].fillna(0).astype("int64").to_numpy(),
            "team_value": value.mean(),
            "score": standard_scores(value, m.higher_is_better).to_numpy(),
        }))
    return pd.concat(parts, ignore_index=True)


def scorecard(team: Team, quarter=None) -> pd.DataFrame:
    """The whole-job scorecard: each rep's standard score on each SEF component, higher = better.

    Args:
        team: a team with full detail (activities, calls and snapshots).
        quarter: a quarter label such as ``"2025Q1"`` (None: every quarter).

    Returns:
        One row per rep (index ``rep_id``), one column per component in
        :data:`~sefkit.data.team.COMPONENTS`; each score is the rep's standard score
        on that component's measure (see the module docstring), 0 = team average.

    Raises:
        ValueError: as :func:`measures`.

    With two reps the better one scores +1 and the other -1. R01 puts 1.5x the
    territory's share of prospecting on high-fit accounts, R02 0.57x; R02 turns
    more conversations into meetings (58 % against 50 %) and first dates new
    deals to close further ahead (65 days against R01's 49):

    >>> from sefkit.data.examples import tiny_team
    >>> scorecard(tiny_team())[["territory", "prospecting", "forecasting"]].round(1)
            territory  prospecting  forecasting
    rep_id
    R01           1.0         -1.0         -1.0
    R02          -1.0          1.0          1.0
    """
    return scorecard_of(team, measures(team, quarter))


def diagnostic_scores(team: Team, quarter=None, *, upstream=None) -> pd.DataFrame:
    """The scores :func:`diagnose` ranks: the scorecard, with any downstream symptom read net of its cause.

    Each component's score as in :func:`scorecard`, except the components of
    ``upstream`` (default :data:`UPSTREAM`, empty: then the diagnostic scores
    are the scorecard's): their score minus ``weight x`` the upstream
    component's score. A rep with no upstream score keeps the scorecard's score.

    Args:
        team, quarter: as :func:`scorecard`.
        upstream: ``{component: (upstream component, weight)}`` (None: :data:`UPSTREAM`).

    Raises: as :func:`scorecard`.

    Read hygiene net of 0.4 x calls: in the two-rep example R01 scores 0 on
    hygiene (R02 closed no deal out, so has no score) and +1 on calls, so R01's
    hygiene is read as -0.4:

    >>> from sefkit.data.examples import tiny_team
    >>> diagnostic_scores(tiny_team(), upstream={"hygiene": ("calls", 0.4)})[["calls", "hygiene"]].round(1)
            calls  hygiene
    rep_id
    R01       1.0     -0.4
    R02      -1.0      NaN
    >>> diagnostic_scores(tiny_team()).equals(scorecard(tiny_team()))
    True
    """
    long = measures(team, quarter)
    return scorecard_of(team, long.assign(score=_diagnostic_of(long, upstream)))


def _diagnostic_of(long: pd.DataFrame, upstream=None) -> pd.Series:
    """The ``score`` column of a :func:`measures` table as :func:`diagnostic_scores` reads it."""
    upstream = UPSTREAM if upstream is None else upstream
    for component, (cause, _) in upstream.items():
        if component not in COMPONENTS or cause not in COMPONENTS:
            raise ValueError(f"upstream corrections name components; {component!r} -> {cause!r} is not one "
                             f"(components: {', '.join(COMPONENTS)})")
    wide = long.pivot(index="rep_id", columns="component", values="score")
    out = long["score"].copy()
    for component, (source, weight) in upstream.items():
        rows = long["component"] == component
        cause = long.loc[rows, "rep_id"].map(wide[source]).fillna(0.0)
        out[rows] = long.loc[rows, "score"] - weight * cause
    return out


def scorecard_of(team: Team, long: pd.DataFrame) -> pd.DataFrame:
    """:func:`scorecard` from a table of :func:`measures` already computed (measure once, show it twice).

    >>> from sefkit.data.examples import tiny_team
    >>> team = tiny_team()
    >>> long = measures(team)
    >>> scorecard_of(team, long).equals(scorecard(team))
    True
    """
    table = long.pivot(index="rep_id", columns="component", values="score")
    table = table.reindex(index=team.rep_ids, columns=list(COMPONENTS))
    table.index.name, table.columns.name = "rep_id", None
    return table


def _show(unit: str, value: float) -> str:
    if pd.isna(value):
        return "no data"
    if unit == "ratio":
        return f"{value:.2f}x"
    if unit == "points":
        return f"{value * 100:+.0f} points"
    if unit == "days":
        return f"{value:.0f} days"
    return f"{value * 100:.0f} %"


def diagnose(team: Team, quarter=None) -> pd.DataFrame:
    """Each rep's binding constraint: the part of the job where they fall furthest behind the team.

    Args:
        team: a team with full detail (activities, calls and snapshots).
        quarter: a quarter label such as ``"2025Q1"`` (None: every quarter).

    Returns:
        One row per rep with ``rep_id``, ``binding_constraint`` (the component
        with the lowest of :func:`diagnostic_scores`), the evidence:
        ``measure``, ``rep_value``, ``team_value``, ``score`` (the diagnostic
        score), ``scorecard_score`` (the same component's score on
        :func:`scorecard`) and ``observations``; ``next_weakest`` (the
        second-lowest component) and its ``next_score``; ``finding``, one
        sentence a manager can read; and ``margin`` (``next_score - score``:
        how far the runner-up is above the named component; near 0 the two
        are about equally weak and the diagnosis is less sure, docs/DIAGNOSIS.md
        gives the hit rate by margin).

    Raises:
        ValueError: as :func:`measures`.

    When scores tie, the component earlier in the SEF chain (the order of
    :data:`~sefkit.data.team.COMPONENTS`) is named: an upstream weakness limits what
    comes after it. In the two-rep example every score is +1, -1 or (R01's
    hygiene, the only rep who closed a deal out) 0. R01's first -1 is
    prospecting (R01 also dates deals to close sooner than R02), R02's territory:

    >>> from sefkit.data.examples import tiny_team
    >>> d = diagnose(tiny_team())
    >>> d[["rep_id", "binding_constraint", "score", "next_weakest", "next_score", "margin"]].round(2)
      rep_id binding_constraint  score   next_weakest  next_score  margin
    0    R01        prospecting   -1.0    forecasting        -1.0     0.0
    1    R02          territory   -1.0  qualification        -1.0     0.0
    >>> print(d.loc[0, "finding"])
    Ada Lovelace (R01): prospecting is the weakest link. Ada Lovelace turns 50 % of conversations into meetings (team 54 %): a score of -1.0, based on 24 conversations.
    >>> print(d.loc[1, "finding"])
    Ben Okafor (R02): territory is the weakest link. Ben Okafor puts 0.57x of the territory's share of prospecting on high-fit accounts (team 1.04x): a score of -1.0, based on 70 activities.
    """
    return diagnosis_of(team, measures(team, quarter))


def diagnosis_of(team: Team, long: pd.DataFrame, *, upstream=None) -> pd.DataFrame:
    """:func:`diagnose` from a table of :func:`measures` already computed.

    ``upstream`` as in :func:`diagnostic_scores` (None: :data:`UPSTREAM`); a
    table of other measures, standardised with :func:`standard_scores`, can be
    diagnosed the same way (benchmarks/validate_diagnosis.py does so to compare
    measures).

    >>> from sefkit.data.examples import tiny_team
    >>> team = tiny_team()
    >>> diagnosis_of(team, measures(team)).equals(diagnose(team))
    True
    """
    upstream = UPSTREAM if upstream is None else upstream
    long = long.assign(scorecard_score=long["score"], score=_diagnostic_of(long, upstream))
    usable = long.dropna(subset=["score"])
    if usable.empty:
        raise ValueError("no rep has a score on any component; check the team has full detail")
    # lowest score first; a tie goes to the component earlier in the SEF chain
    order = usable.assign(_rank=usable["score"].round(9), _c=usable["component"].map(COMPONENTS.index))
    ranked = order.sort_values(["rep_id", "_rank", "_c"]).drop(columns=["_rank", "_c"])
    place = ranked.groupby("rep_id", sort=False).cumcount()
    scored = set(ranked["rep_id"])
    first = ranked[place == 0].set_index("rep_id").reindex([r for r in team.rep_ids if r in scored])
    second = ranked[place == 1].set_index("rep_id").reindex(first.index)
    names = team.reps.set_index("rep_id")["name"].to_dict() if len(team.reps) else {}
    findings = []
    for rep, component, value, team_value, score, raw, n in zip(
        first.index, first["component"], first["value"], first["team_value"], first["score"],
        first["scorecard_score"], first["observations"], strict=True,
    ):
        m, who = MEASURES[component], names.get(rep, rep)
        sentence = m.sentence.format(value=_show(m.unit, value), team=_show(m.unit, team_value))
        net = (f" ({raw:.1f} on the scorecard, read net of the {upstream[component][0].replace('_', ' ')} score)"
               if component in upstream else "")
        findings.append(
            f"{who} ({rep}): {component.replace('_', ' ')} is the weakest link. {who} {sentence}: "
            f"a score of {score:.1f}{net}, based on {n:,} {m.counted}."
        )
    return pd.DataFrame({
        "rep_id": first.index.to_numpy(dtype=object),
        "binding_constraint": first["component"].to_numpy(),
        "measure": first["measure"].to_numpy(),
        "rep_value": first["value"].to_numpy(),
        "team_value": first["team_value"].to_numpy(),
        "score": first["score"].to_numpy(),
        "scorecard_score": first["scorecard_score"].to_numpy(),
        "observations": first["observations"].to_numpy(),
        "next_weakest": second["component"].to_numpy(),
        "next_score": second["score"].to_numpy(dtype="float64"),
        "finding": findings,
        "margin": second["score"].to_numpy(dtype="float64") - first["score"].to_numpy(dtype="float64") + 0.0,
    })


# -- validation against the simulation's hidden truth -----------------------------

def true_scores(team: Team, quarter=None) -> pd.DataFrame:
    """The simulation's hidden skills as standard scores relative to the team (for facilitators).

    Each rep's skill on each component is averaged over the quarters of the
    selection (``team.truth.rep_skills``), then each component's skills are
    turned into standard scores across the team's reps, exactly as the
    scorecard treats its measures. The result is the scorecard the team would
    have if skills could be observed.

    Returns:
        One row per rep (index ``rep_id``), one column per component.

    Raises:
        ValueError: unknown quarter, fewer than 2 reps, or a team without hidden truth.
    """
    _check_team(team, quarter)
    skills = team.truth.rep_skills
    if quarter is not None:
        skills = skills[skills["quarter"] == quarter]
    if skills.empty:
        raise ValueError("this team has no hidden truth (team.truth.rep_skills is empty); "
                         "only simulated teams can be checked against it")
    mean = skills.groupby("rep_id")[list(COMPONENTS)].mean().reindex(team.rep_ids)
    out = pd.DataFrame({c: standard_scores(mean[c]) for c in COMPONENTS})
    out.index.name = "rep_id"
    return out


def true_constraint(team: Team, quarter=None) -> pd.DataFrame:
    """The binding constraint according to the simulation's hidden skills (for facilitators).

    Definition: the component with the lowest of the rep's :func:`true_scores`,
    that is the skill on which the rep is furthest below the team (skills
    averaged over the quarters of the selection).

    Returns:
        One row per rep with ``rep_id``, ``true_constraint``, ``true_score``
        (its standard score) and ``true_margin`` (how much lower it is than the
        rep's second-lowest score: near 0, two skills are about equally weak).

    Raises:
        ValueError: as :func:`true_scores`.
    """
    return _constraint_of(true_scores(team, quarter))


def _constraint_of(z: pd.DataFrame) -> pd.DataFrame:
    """:func:`true_constraint` from the table of :func:`true_scores`."""
    lowest = np.sort(z.to_numpy(), axis=1)
    out = pd.DataFrame({"rep_id": z.index, "true_constraint": z.idxmin(axis=1).to_numpy(),
                        "true_score": lowest[:, 0], "true_margin": lowest[:, 1] - lowest[:, 0]})
    return out.reset_index(drop=True)


def check_diagnosis(team: Team, quarter=None) -> pd.DataFrame:
    """:func:`diagnose` next to :func:`true_constraint`, with ``hit`` where they agree.

    Returns:
        One row per rep: the columns of :func:`true_constraint`, then
        ``binding_constraint``, ``score`` and ``next_weakest`` from
        :func:`diagnose`, ``true_score_of_diagnosed`` (the rep's hidden
        standard score on the component diagnose named) and ``hit``.
    """
    found = diagnose(team, quarter)[["rep_id", "binding_constraint", "score", "next_weakest"]]
    z = true_scores(team, quarter)
    out = _constraint_of(z).merge(found, on="rep_id", how="left")
    out["true_score_of_diagnosed"] = [
        z.loc[r, c] if isinstance(c, str) else float("nan")
        for r, c in zip(out["rep_id"], out["binding_constraint"], strict=True)
    ]
    out["hit"] = out["binding_constraint"] == out["true_constraint"]
    return out


def validate_diagnosis(seeds, scenario: str = "northwind", quarter=None, **overrides) -> pd.DataFrame:
    """:func:`check_diagnosis` on many simulated teams: the evidence for how often diagnose is right.

    Args:
        seeds: the seeds to simulate (for example ``range(20)``).
        scenario: the scenario (default northwind).
        quarter: diagnose one quarter only (None: the whole run).
        **overrides: scenario parameters passed to :func:`sefkit.simulate`.

    Returns:
        One row per seed and rep: ``seed`` and the columns of :func:`check_diagnosis`.
        ``hit.mean()`` is the hit rate; a random guess is right 1 time in 7.
    """
    from ..engine.simulation import simulate

    checks = [check_diagnosis(simulate(scenario, seed, **overrides), quarter).assign(seed=seed) for seed in seeds]
    if not checks:
        raise ValueError("give at least one seed, for example range(20)")
    out = pd.concat(checks, ignore_index=True)
    return out[["seed", *[c for c in out.columns if c != "seed"]]]


__all__ = [
    "FORECAST_WEEK", "MEASURES", "UPSTREAM", "Measure", "check_diagnosis", "diagnose", "diagnosis_of",
    "diagnostic_scores", "measure_guide", "measures", "scorecard", "scorecard_of", "standard_scores",
    "true_constraint", "true_scores", "validate_diagnosis",
]
