"""Claims: every figure the course states about cause and effect, measured over many seeds.

A lesson may say "a manager who coaches only prospecting wins about 21% less
money a year later". That figure is not typed by hand: it is a **claim**,
declared once in :data:`REGISTRY` with

* its ``name`` (``"prospecting_only.won_amount_change"``), the name lesson text uses;
* its ``statement``: what it measures, in words;
* its ``measure``: a function that measures it on one seed, from sefkit's own
  metric functions (it gets a :class:`Runs`, which simulates each team of that
  seed once, so claims on the same scenario share the work);
* how measurements combine over seeds (``kind``, see :data:`KINDS`);
* its ``seeds`` (at least 30), its ``display`` (how text rounds it) and its
  ``sign`` (the direction the sentence asserts: +1 a rise, -1 a fall, None none).

The measured values are stored in ``sefkit/classroom/claims.json`` with a fingerprint of
the code they were measured with (the engine, the scenarios, the metric
modules and this file). After a change to any of those, regenerate them::

    make claims            # python benchmarks/claims.py --write

**Quoting a claim in a lesson.** Write the figure as the text rounds it and put
an HTML comment naming the claim right after it (Jupyter does not show it)::

    ... wins about 21%<!-- claim: prospecting_only.won_amount_change --> less money ...

``tests/test_claims.py`` checks every such figure in ``course/`` and
``solutions/`` against the stored value, that every named claim exists, that
the stored values are current and that each statement still means what it
says (its sign, and the :data:`RELATIONS` between claims); a slow test measures
everything again.

>>> claim("prospecting_only.won_amount_change").display.unit
'percent'
>>> Display("percent").text(-0.2137)
'21%'
>>> Display("times", decimals=1).text(3.84)
'3.8x'
>>> figure_value("21%"), figure_value("3.8x"), figure_value("-63%"), figure_value("6 percentage points")
(21.0, 3.8, -63.0, 6.0)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

#: The stored registry, inside the package: ``sefkit/classroom/claims.json``.
STORE = "classroom/claims.json"
#: Seeds every claim is measured over unless it says otherwise.
SEEDS = tuple(range(30))
#: The fewest seeds a claim may be measured over.
MIN_SEEDS = 30
#: How per-seed measurements combine into the claim's value:
#:
#: * ``mean``: the measure returns one number per seed; the value is their mean.
#: * ``share``: it returns (part, whole); the value is sum(part) / sum(whole).
#: * ``change``: it returns (changed, baseline); the value is
#:   mean(changed) / mean(baseline) - 1, a relative change (-0.21 is 21% less).
#: * ``difference``: it returns (changed, baseline); the value is mean(changed - baseline).
KINDS = ("mean", "share", "change", "difference")
#: The code a stored value depends on (paths inside the package); a change to any
#: of them makes the stored values stale until ``make claims`` is run.
SOURCES = (
    "engine/*.py", "engine/scenarios/*.json", "data/team.py", "data/periods.py", "data/selection.py",
    "components/deals.py", "components/pipeline.py", "components/forecast.py",
    "components/prospecting.py", "components/territory.py", "classroom/claims.py",
    "components/calls.py", "whole_job/system.py", "whole_job/evidence.py",
)
#: The marker lesson text puts right after a quoted figure.
MARKER = re.compile(r"<!--\s*claim:\s*(?P<name>[\w.]+)\s*-->")
#: A figure as text writes it, at the end of the text before a marker.
FIGURE = re.compile(
    r"(?P<number>[+\-\u2212]?\d+(?:\.\d+)?)\s*"
    r"(?P<unit>%|x|\u00d7|percentage points?|points?|days?)?[\s*_)\]]*$"
)
_UNIT_WORDS = {"percent": ("%",), "times": ("x", "\u00d7"), "points": ("percentage points", "percentage point",
               "points", "point"), "days": ("days", "day"), "number": ()}


# -- how text rounds a value -----------------------------------------------------------

@dataclass(frozen=True)
class Display:
    """How lesson text writes a claim's value.

    Args:
        unit: ``"percent"`` (0.21 is written 21%), ``"points"`` (a difference of
            two shares: -0.06 is 6 percentage points), ``"times"`` (3.8x),
            ``"days"`` or ``"number"``.
        decimals: decimals of the written figure.
        step: round to a multiple of this (in written units, for example 5 for
            "about 45%"); None rounds to ``decimals`` only.
        signed: True when the text writes the sign (-63%); False (the default)
            when it writes the size and its words give the direction ("21% less"),
            which the claim's ``sign`` then checks.

    >>> Display("percent", step=5).text(0.437), Display("points").text(-0.061), Display("days", step=5).text(96.5)
    ('45%', '6 percentage points', '95 days')
    """

    unit: str = "percent"
    decimals: int = 0
    step: float | None = None
    signed: bool = False

    def __post_init__(self):
        if self.unit not in _UNIT_WORDS:
            raise ValueError(f"unknown display unit {self.unit!r}; valid units: {', '.join(_UNIT_WORDS)}")

    def number(self, value: float) -> float:
        """The number the text writes for ``value`` (in written units, rounded)."""
        scaled = value * 100 if self.unit in ("percent", "points") else value
        if not self.signed:
            scaled = abs(scaled)
        if self.step:
            scaled = round(scaled / self.step) * self.step
        return round(scaled, self.decimals) + 0.0  # + 0.0 turns -0.0 into 0.0

    def text(self, value: float) -> str:
        """``value`` written as the text writes it, for example '21%'."""
        n = f"{self.number(value):{'+' if self.signed else ''}.{self.decimals}f}"
        return {"percent": f"{n}%", "times": f"{n}x", "points": f"{n} percentage points",
                "days": f"{n} days", "number": n}[self.unit]


def figure_value(text: str) -> float | None:
    """The number of the figure at the end of ``text`` (None when there is none).

    >>> figure_value("lost about 45%"), figure_value("about a quarter")
    (45.0, None)
    """
    m = FIGURE.search(text)
    return None if m is None else float(m["number"].replace("\u2212", "-"))


def figure_unit(text: str) -> str | None:
    """The unit of the figure at the end of ``text``: a :class:`Display` unit name, or None."""
    m = FIGURE.search(text)
    if m is None:
        return None
    word = (m["unit"] or "").lower()
    for unit, words in _UNIT_WORDS.items():
        if word in words:
            return unit
    return "number"


# -- the simulated teams of one seed, each simulated once --------------------------------

class Runs:
    """The teams a seed's claims measure, each simulated on first use and then kept.

    >>> runs = Runs(seed=1)
    >>> runs.team("northwind", "core", n_reps=2, quarters=1) is runs.team("northwind", "core", n_reps=2, quarters=1)
    True
    """

    def __init__(self, seed: int):
        self.seed = seed
        self._teams: dict[str, object] = {}

    def team(self, scenario: str = "northwind", detail: str = "full", **overrides):
        """``sefkit.simulate(scenario, self.seed, detail=detail, **overrides)``, simulated once."""
        from ..engine.simulation import simulate

        key = json.dumps([scenario, detail, overrides], sort_keys=True)
        if key not in self._teams:
            self._teams[key] = simulate(scenario, self.seed, detail=detail, **overrides)
        return self._teams[key]

    def value(self, name: str, compute: Callable[[Runs], object]):
        """``compute(self)``, computed once for this seed under ``name`` (claims sharing a costly measurement).

        >>> runs = Runs(seed=1)
        >>> runs.value("n", lambda r: [r.seed]) is runs.value("n", lambda r: [r.seed])
        True
        """
        key = f"value:{name}"
        if key not in self._teams:
            self._teams[key] = compute(self)
        return self._teams[key]


# -- declarations ---------------------------------------------------------------------

@dataclass(frozen=True)
class Claim:
    """One named figure the course may quote, declared once (see the module docstring)."""

    name: str
    statement: str
    measure: Callable[[Runs], float | tuple[float, float]]
    kind: str = "mean"
    display: Display = field(default_factory=Display)
    sign: int | None = None
    lessons: tuple[str, ...] = ()
    seeds: tuple[int, ...] = SEEDS

    def __post_init__(self):
        if not re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+", self.name):
            raise ValueError(f"claim name {self.name!r} must look like 'scenario.what_it_measures'")
        if self.kind not in KINDS:
            raise ValueError(f"claim {self.name}: unknown kind {self.kind!r}; valid kinds: {', '.join(KINDS)}")
        if self.sign not in (None, 1, -1):
            raise ValueError(f"claim {self.name}: sign must be +1, -1 or None")
        if len(set(self.seeds)) < MIN_SEEDS:
            raise ValueError(f"claim {self.name}: measure it over at least {MIN_SEEDS} seeds")


@dataclass(frozen=True)
class Relation:
    """A statement that links claims, such as "loses more later than now"; checked on the values."""

    statement: str
    claims: tuple[str, ...]
    holds: Callable[..., bool]

    def check(self, values: Mapping[str, float]) -> bool:
        """Whether the statement holds for ``values`` (claim name -> value)."""
        return bool(self.holds(*(values[c] for c in self.claims)))


@dataclass(frozen=True)
class Measured:
    """A claim measured over its seeds: the value, and how the seeds agree."""

    name: str
    value: float
    seeds: tuple[int, ...]
    per_seed: tuple[tuple[float, ...], ...]  # the measure's output, one tuple per seed

    @property
    def effects(self) -> np.ndarray:
        """The claim's value seed by seed (same kind as :attr:`value`)."""
        rows = np.array(self.per_seed, dtype="float64")
        return _effects(claim(self.name).kind, rows)

    def summary(self) -> dict:
        """Value, seed count, and the spread of the per-seed values (:attr:`effects`).

        ``standard_error`` is that of the mean of the per-seed values; ``p10`` and
        ``p90`` bound the middle 80% of seeds; ``seeds_agreeing`` is the share of
        seeds whose value has the claim's sign (None for a claim without one).
        """
        e = self.effects
        ok = e[np.isfinite(e)]
        sign = claim(self.name).sign
        return {
            "value": self.value,
            "seeds": len(self.seeds),
            "standard_error": float(ok.std(ddof=1) / math.sqrt(len(ok))) if len(ok) > 1 else math.nan,
            "p10": float(np.percentile(ok, 10)) if len(ok) else math.nan,
            "p90": float(np.percentile(ok, 90)) if len(ok) else math.nan,
            "seeds_agreeing": None if sign is None else float(np.mean(np.sign(ok) == sign)),
        }


def _effects(kind: str, rows: np.ndarray) -> np.ndarray:
    if kind == "mean":
        return rows[:, 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "share":
            return rows[:, 0] / rows[:, 1]
        if kind == "change":
            return rows[:, 0] / rows[:, 1] - 1
    return rows[:, 0] - rows[:, 1]


def combine(kind: str, rows: Sequence[Sequence[float]]) -> float:
    """The claim's value from its per-seed measurements (see :data:`KINDS`).

    >>> combine("change", [(90, 100), (70, 100)]), combine("share", [(1, 4), (3, 4)])
    (-0.2, 0.5)
    """
    a = np.array(rows, dtype="float64")
    if kind == "mean":
        return float(a[:, 0].mean())
    if kind == "share":
        return float(a[:, 0].sum() / a[:, 1].sum())
    if kind == "change":
        return float(a[:, 0].mean() / a[:, 1].mean() - 1)
    return float((a[:, 0] - a[:, 1]).mean())


# -- what the claims measure (sefkit's own metric functions, one seed at a time) ---------

LATE = slice(5, 8)  #: quarters 6-8: a sales cycle after a change made in quarter 3


def _team_coverage(team, quarters) -> float:
    """The whole team's coverage: pipeline due on the quarters' first days / quota, quarters pooled."""
    from ..components.pipeline import team_coverage

    return float(team_coverage(team, quarter=quarters, by=None)["coverage"].iloc[0])


def _zombie_share(team) -> tuple[float, float]:
    """The parts of the team's zombie share, quarters pooled: zombie money, pipeline due."""
    from ..components.pipeline import zombie_share

    row = zombie_share(team, by=None).iloc[0]
    return float(row["zombie_pipeline"]), float(row["pipeline"])


def _late(team) -> list[str]:
    return team.quarters[LATE]


def _won_outside_coverage(runs: Runs) -> tuple[float, float]:
    from ..components.pipeline import won_vs_coverage

    team = runs.team()
    won = won_vs_coverage(team, quarter=team.quarters[1:])
    return float(won["won_not_due"].sum() + won["won_new"].sum()), float(won["won_amount"].sum())


def _won_new(runs: Runs) -> tuple[float, float]:
    from ..components.pipeline import won_vs_coverage

    team = runs.team()
    won = won_vs_coverage(team, quarter=team.quarters[1:])
    return float(won["won_new"].sum()), float(won["won_amount"].sum())


def _cycle(runs: Runs) -> float:
    from ..components.deals import cycle_length

    return cycle_length(runs.team())


def _compare(scenario: str, metric: Callable, **overrides) -> Callable[[Runs], tuple[float, float]]:
    """A measure of ``metric(team)`` on a changed team against northwind, same seed."""
    def measure(runs: Runs) -> tuple[float, float]:
        return metric(runs.team(scenario, **overrides)), metric(runs.team())
    return measure


def _coverage_all(team) -> float:
    return _team_coverage(team, None)


def _coverage_late(team) -> float:
    return _team_coverage(team, _late(team))


def _win_rate_late(team) -> float:
    from ..components.deals import win_rate

    return win_rate(team, quarter=_late(team))


def _won_late(team) -> float:
    from ..components.deals import won_amount

    return won_amount(team, quarter=_late(team))


def _created_late(team) -> float:
    o = team.opportunities
    return float(team.quarter_of(o["created"]).isin(_late(team)).sum())


def _win_rate_of(team, quarters) -> float:
    from ..components.deals import win_rate

    return win_rate(team, quarter=quarters)


def _win_rate(team) -> float:
    from ..components.deals import win_rate

    return win_rate(team)


def _no_decision_rate(team) -> float:
    from ..components.deals import no_decision_rate

    return no_decision_rate(team)


def _cycle_length(team) -> float:
    from ..components.deals import cycle_length

    return cycle_length(team)


def _team_forecast_error(team) -> float:
    """The team forecast error of the week-7 commit, quarters pooled (forecast.team_forecast_error)."""
    from ..components.forecast import team_forecast_error

    return float(team_forecast_error(team, week=7, by=None)["error"].iloc[0])


def _team_error_of(scenario: str, detail: str = "core") -> Callable[[Runs], float]:
    def measure(runs: Runs) -> float:
        return _team_forecast_error(runs.team(scenario, detail))
    return measure


#: The rep who stops prospecting, and from which quarter (1 = the first).
STOP = {"rep": "R01", "quarter": 3}


def _stop_prospecting(quarters: slice) -> Callable[[Runs], tuple[float, float]]:
    """R01's won money in ``quarters`` when R01 stops prospecting in quarter 3, against not stopping."""
    from ..components.deals import won_amount

    def measure(runs: Runs) -> tuple[float, float]:
        stopped, base = runs.team("northwind", "core", stop_prospecting=STOP), runs.team()
        qs = base.quarters[quarters]
        return won_amount(stopped, STOP["rep"], qs), won_amount(base, STOP["rep"], qs)
    return measure


def _prospecting_won_later(runs: Runs) -> tuple[float, float]:
    """Money won from outbound deals later than their creation quarter, and all of it (lesson 02)."""
    from ..components.prospecting import payback

    table = payback(runs.team())
    return float(table["won_amount"].iloc[1:].sum()), float(table["won_amount"].sum())


LAX = {"skills": {"mean": {"qualification": 0.25}}}  #: a team that qualifies poorly (northwind: 0.5)
LOW_FIT = {"skills": {"mean": {"territory": 0.2}}}  #: a team that aims prospecting poorly (northwind: 0.5)


# -- lesson 01: territory and account management ----------------------------------------

#: From quarter 3 every rep spreads prospecting evenly over the territory (no weight to fit).
SPREAD = {"changes": [{"quarter": 3, "set": {"prospecting": {"territory_focus": 0.0}}}]}
SPREAD_NOW, SPREAD_LATER = slice(2, 3), slice(3, 5)  #: quarter 3; quarters 4-5 (one to two quarters later)


def _activities(quarters: slice) -> Callable:
    def metric(team) -> float:
        from ..components.prospecting import funnel

        return float(funnel(team, quarter=team.quarters[quarters], by=None)["activities"].iloc[0])
    return metric


def _high_fit_share(quarters: slice) -> Callable:
    def metric(team) -> float:
        from ..components.territory import prospecting_focus

        focus = prospecting_focus(team, quarter=team.quarters[quarters])
        return float(focus["high_fit_activities"].sum() / focus["activities"].sum())
    return metric


def _opportunities(quarters: slice) -> Callable:
    def metric(team) -> float:
        from ..components.prospecting import funnel

        return float(funnel(team, quarter=team.quarters[quarters], by=None)["opportunities"].iloc[0])
    return metric


def _won_in(quarters: slice) -> Callable:
    def metric(team) -> float:
        from ..components.deals import won_amount

        return won_amount(team, quarter=team.quarters[quarters])
    return metric


def _tier_gap(column: str) -> Callable[[Runs], tuple[float, float]]:
    """``column`` of deals on tier-C accounts against tier-A accounts, northwind, all quarters."""
    def measure(runs: Runs) -> tuple[float, float]:
        from ..components.territory import outcomes_by_tier

        table = outcomes_by_tier(runs.team()).set_index("tier")[column]
        return float(table["C"]), float(table["A"])
    return measure


def _diagnosis_rates(scenario: str = "northwind", last_quarter: bool = False) -> Callable[[Runs], object]:
    """The hit rates of ``system.diagnose`` against the hidden truth on one seed (``evidence.hit_rates``)."""
    def compute(runs: Runs):
        from ..whole_job.evidence import hit_rates
        from ..whole_job.system import check_diagnosis

        team = runs.team(scenario)
        checks = check_diagnosis(team, team.quarters[-1] if last_quarter else None)
        return hit_rates(checks), checks
    return lambda runs: runs.value(f"diagnosis:{scenario}:{last_quarter}", compute)


def _hits(part: str, whole: str = "reps", last_quarter: bool = False) -> Callable[[Runs], tuple[float, float]]:
    """(reps counted in ``part``, reps in ``whole``) from one seed's hit rates: a share over seeds."""
    def measure(runs: Runs) -> tuple[float, float]:
        rates, _ = _diagnosis_rates(last_quarter=last_quarter)(runs)
        n = rates["reps"] * {"reps": 1.0, "clear": 1 - rates["close_share"], "close": rates["close_share"]}[whole]
        if n == 0:  # no rep of this seed in the group (no close call, say): it adds nothing
            return 0.0, 0.0
        return float(rates[part] * n), float(n)
    return measure


def _named_hygiene(scenario: str) -> Callable[[Runs], float]:
    def measure(runs: Runs) -> float:
        _, checks = _diagnosis_rates(scenario)(runs)
        return float((checks["binding_constraint"] == "hygiene").mean())
    return measure


LESSON_07: tuple[Claim, ...] = (
    Claim("northwind.diagnosis_hit_rate",
          "Share of reps whose diagnosed binding constraint (system.diagnose, the whole run) is the simulation's "
          "true weakest skill (system.check_diagnosis).",
          _hits("hit_rate"), "share", Display("percent", step=5), lessons=("07_whole_job",)),
    Claim("northwind.diagnosis_top_two",
          "Share of reps whose true weakest skill is the diagnosis's first or second (the whole run).",
          _hits("top_two"), "share", Display("percent", step=5), lessons=("07_whole_job",)),
    Claim("northwind.diagnosis_hit_rate_one_quarter",
          "The same hit rate when the diagnosis reads one quarter only (the run's last), against that "
          "quarter's truth.",
          _hits("hit_rate", last_quarter=True), "share", Display("percent", step=5), lessons=("07_whole_job",)),
    Claim("northwind.true_close_share",
          "Share of reps whose two weakest true skills are within evidence.CLOSE_MARGIN (half a standard "
          "deviation) of each other (the whole run).",
          _hits("close_share"), "share", Display("percent", step=5), lessons=("07_whole_job",)),
    Claim("northwind.diagnosis_hit_rate_clear",
          "The whole-run hit rate among reps whose weakest true skill is clear (margin at least CLOSE_MARGIN).",
          _hits("clear_hit_rate", "clear"), "share", Display("percent", step=5), lessons=("07_whole_job",)),
    Claim("northwind.diagnosis_hit_rate_close",
          "The whole-run hit rate among reps whose two weakest true skills are close (margin below CLOSE_MARGIN).",
          _hits("close_hit_rate", "close"), "share", Display("percent", step=5), lessons=("07_whole_job",)),
    Claim("zombie_pipeline.hygiene_named_change",
          "Share of reps diagnosed with hygiene as their binding constraint when the whole team neglects "
          "hygiene (zombie_pipeline), minus northwind's (percentage points).",
          lambda runs: (_named_hygiene("zombie_pipeline")(runs), _named_hygiene("northwind")(runs)),
          "difference", Display("points"), lessons=("07_whole_job",)),
)


LESSON_01: tuple[Claim, ...] = (
    Claim("northwind.tier_c_no_decision_gap",
          "No-decision rate of northwind's decided deals on tier-C accounts minus that on tier-A accounts, "
          "all quarters (percentage points).",
          _tier_gap("no_decision_rate"), "difference", Display("points"), sign=1, lessons=("01_territory",)),
    Claim("northwind.tier_c_win_rate_gap",
          "Win rate of northwind's deals on tier-C accounts minus that on tier-A accounts, all quarters "
          "(percentage points).",
          _tier_gap("win_rate"), "difference", Display("points"), sign=-1, lessons=("01_territory",)),
    Claim("spread_effort.activities_change",
          "Prospecting activities in quarters 3-5 when every rep spreads prospecting evenly over the "
          "territory from quarter 3 (no weight to fit), relative to northwind, same seed.",
          _compare("northwind", _activities(slice(2, 5)), **SPREAD), "change", Display("percent"),
          lessons=("01_territory",)),
    Claim("spread_effort.high_fit_share_change",
          "Share of those activities on high-fit accounts (icp_fit >= 0.7) minus northwind's, "
          "quarters 3-5 (percentage points).",
          _compare("northwind", _high_fit_share(slice(2, 5)), **SPREAD), "difference", Display("points"),
          sign=-1, lessons=("01_territory",)),
    Claim("spread_effort.opportunities_change",
          "Opportunities the reps' own prospecting created in quarters 3-5 with effort spread evenly, "
          "relative to northwind.",
          _compare("northwind", _opportunities(slice(2, 5)), **SPREAD), "change", Display("percent"),
          sign=-1, lessons=("01_territory",)),
    Claim("spread_effort.won_change_same_quarter",
          "Money won in quarter 3, the quarter effort is first spread evenly, relative to northwind.",
          _compare("northwind", _won_in(SPREAD_NOW), **SPREAD), "change", Display("percent", signed=True),
          lessons=("01_territory",)),
    Claim("spread_effort.won_change_next_two_quarters",
          "Money won one to two quarters later (quarters 4-5) with effort spread evenly, relative to northwind.",
          _compare("northwind", _won_in(SPREAD_LATER), **SPREAD), "change", Display("percent"), sign=-1,
          lessons=("01_territory",)),
)

# -- lesson 03: deals, qualification and deal management ------------------------------------

#: Every rep admits a deal at an average MEDDPICC score of 30% of the maximum (northwind: 45% for a typical rep).
LAX_BAR = {"qualification": {"bar": 0.30}}
#: A team that manages deals poorly (deal-management skill 0.25 instead of 0.5).
WEAK_DEAL_MANAGEMENT = {"skills": {"mean": {"deal_management": 0.25}}}


def _profile_rate(column: str) -> Callable:
    """The team's ``column`` of :func:`~sefkit.components.deals.loss_profile`, every rep and quarter pooled."""
    def metric(team) -> float:
        from ..components.deals import closed_deals, lost_rate_of

        decided = closed_deals(team)
        if column == "lost_rate":
            return float(lost_rate_of((decided["outcome"] == "lost").sum(), len(decided)))
        lost = (decided["outcome"] == "lost") & (decided["loss_reason"] == "competitor")
        return float(lost_rate_of(lost.sum(), len(decided)))
    return metric


def _strong_win_rate(team) -> float:
    """Win rate of the deals the reps scored strong (17-24), all quarters."""
    from ..components.deals import outcome_by_band

    return float(outcome_by_band(team).set_index("band").loc["strong", "win_rate"])


LESSON_03: tuple[Claim, ...] = (
    Claim("lax_bar.coverage_change",
          "Team coverage when every rep admits deals at an average MEDDPICC score of 30% of the maximum "
          "instead of northwind's 45% (a lax bar), relative to northwind, all quarters pooled.",
          _compare("northwind", _coverage_all, **LAX_BAR), "change", Display("percent"), sign=1,
          lessons=("03_deals",)),
    Claim("lax_bar.win_rate_change",
          "Win rate with the lax bar minus northwind's, all quarters (percentage points).",
          _compare("northwind", _win_rate, **LAX_BAR), "difference", Display("points"), sign=-1,
          lessons=("03_deals",)),
    Claim("lax_bar.cycle_change",
          "Median sales cycle with the lax bar minus northwind's, in days.",
          _compare("northwind", _cycle_length, **LAX_BAR), "difference", Display("days"), sign=1,
          lessons=("03_deals",)),
    Claim("lax_bar.no_decision_rate_change",
          "No-decision rate (of decided deals) with the lax bar minus northwind's (percentage points).",
          _compare("northwind", _no_decision_rate, **LAX_BAR), "difference", Display("points"), sign=1,
          lessons=("03_deals",)),
    Claim("lax_bar.lost_rate_change",
          "Share of decided deals lost at the decision with the lax bar minus northwind's (percentage points).",
          _compare("northwind", _profile_rate("lost_rate"), **LAX_BAR), "difference", Display("points"),
          sign=-1, lessons=("03_deals",)),
    Claim("lax_bar.strong_win_rate_change",
          "Win rate of the deals the reps scored strong (17-24) with the lax bar minus northwind's: the "
          "good deals a lax bar lets in no more of (percentage points).",
          _compare("northwind", _strong_win_rate, **LAX_BAR), "difference", Display("points"), sign=-1,
          lessons=("03_deals",)),
    Claim("lax_bar.won_amount_change",
          "Money won over the eight quarters with the lax bar, relative to northwind.",
          _compare("northwind", _won_in(slice(0, 8)), **LAX_BAR), "change", Display("percent"),
          sign=-1, lessons=("03_deals",)),
    Claim("weak_deal_management.lost_rate_change",
          "Share of decided deals lost at the decision in a team that manages deals poorly (deal-management "
          "skill 0.25 instead of 0.5) minus northwind's (percentage points).",
          _compare("northwind", _profile_rate("lost_rate"), detail="core", **WEAK_DEAL_MANAGEMENT),
          "difference", Display("points"), sign=1, lessons=("03_deals",)),
    Claim("weak_deal_management.competitor_loss_rate_change",
          "Share of decided deals lost to a competitor in that team minus northwind's (percentage points).",
          _compare("northwind", _profile_rate("competitor_loss_rate"), detail="core", **WEAK_DEAL_MANAGEMENT),
          "difference", Display("points"), sign=1, lessons=("03_deals",)),
)

# -- lesson 06: forecasting --------------------------------------------------------------

def _coach_only(minutes: dict, quarter: int = 3) -> dict:
    """Overrides under which, from ``quarter`` on, the manager's coaching minutes go only where ``minutes`` says."""
    from ..data.team import COMPONENTS

    return {"changes": [{"quarter": quarter, "set": {"coaching": {"minutes": {
        c: float(minutes.get(c, 0.0)) for c in COMPONENTS}}}}]}


#: From quarter 3 all 105 coaching minutes a rep go to the forecast call (prospecting_only's design).
FORECAST_ONLY = _coach_only({"forecasting": 105.0})
#: From quarter 3 the same 105 minutes go to hygiene and qualification, half each.
HYGIENE_QUALIFICATION = _coach_only({"hygiene": 52.5, "qualification": 52.5})


def _abs_error(quarters: slice | None = None) -> Callable:
    """Mean absolute error of the reps' week-7 commit calls (forecast_accuracy, rep-quarters together)."""
    def metric(team) -> float:
        from ..components.forecast import forecast_accuracy

        chosen = None if quarters is None else team.quarters[quarters]
        table = forecast_accuracy(team, week=7, by=None) if chosen is None else _accuracy_over(team, chosen)
        return float(table["mean_abs_error"].iloc[0])
    return metric


def _accuracy_over(team, quarters):
    """forecast_accuracy's one-row summary over several quarters (its ``quarter`` takes one)."""
    import pandas as pd

    from ..components.forecast import forecast_vs_actual

    scored = pd.concat([forecast_vs_actual(team, 7, quarter=q) for q in quarters]).dropna(subset=["error"])
    return pd.DataFrame({"mean_abs_error": [scored["abs_error"].mean()], "bias": [scored["error"].mean()]})


def _commit_part(fate: str, scenario: str = "northwind", **overrides) -> Callable[[Runs], tuple[float, float]]:
    """(money called commit in week 7 that ended as ``fate``, all money called commit), quarters pooled."""
    def measure(runs: Runs) -> tuple[float, float]:
        from ..components.forecast import commit_outcomes

        table = commit_outcomes(runs.team(scenario, **overrides), week=7, by="rep")
        part = table["committed"] - table["won"] if fate == "broken" else table[fate]
        return float(part.sum()), float(table["committed"].sum())
    return measure


def _commit_share_of(fate: str, **overrides) -> Callable:
    def metric(team) -> float:
        from ..components.forecast import commit_outcomes

        table = commit_outcomes(team, week=7, by="rep")
        return float(table[fate].sum() / table["committed"].sum())
    return metric


LESSON_06: tuple[Claim, ...] = (
    Claim("northwind.team_forecast_error",
          "Northwind's team forecast error: the week-7 commit calls of all rep-quarters added up, against the "
          "money they won, minus 1 (forecast.team_forecast_error, quarters pooled).",
          _team_error_of("northwind", "full"), "mean", Display("percent", signed=True), lessons=("06_forecasting",)),
    Claim("happy_ears.team_forecast_error",
          "The same team forecast error for optimistic forecasters (happy_ears).",
          _team_error_of("happy_ears"), "mean", Display("percent", signed=True), sign=1, lessons=("06_forecasting",)),
    Claim("zombie_pipeline.team_forecast_error_change",
          "Team forecast error with poor hygiene (zombie_pipeline) minus northwind's (percentage points).",
          _compare("zombie_pipeline", _team_forecast_error), "difference", Display("points"), sign=1,
          lessons=("06_forecasting",)),
    Claim("northwind.forecast_mean_abs_error",
          "Northwind's mean absolute error of the reps' week-7 commit calls, rep-quarters together "
          "(forecast.forecast_accuracy with by=None).",
          lambda runs: _abs_error()(runs.team()), "mean", Display("percent"), lessons=("06_forecasting",)),
    Claim("zombie_pipeline.forecast_abs_error_change",
          "Mean absolute error of the week-7 commit calls with poor hygiene (zombie_pipeline), relative to "
          "northwind, same seed.",
          _compare("zombie_pipeline", _abs_error()), "change", Display("percent"), sign=1,
          lessons=("06_forecasting",)),
    Claim("lax_qualification.forecast_abs_error_change",
          "Mean absolute error of the week-7 commit calls of a team that qualifies poorly (qualification "
          "skill 0.25 instead of 0.5), relative to northwind.",
          _compare("northwind", _abs_error(), **LAX), "change", Display("percent"), sign=1,
          lessons=("06_forecasting",)),
    Claim("northwind.broken_commit_share",
          "Share of the money northwind's reps called commit in week 7 (deals due in the quarter) that was not "
          "won in the quarter (forecast.commit_outcomes), quarters pooled.",
          _commit_part("broken"), "share", Display("percent"), lessons=("06_forecasting",)),
    Claim("northwind.commit_zombie_share",
          "Share of northwind's week-7 commit money in deals that were already zombies that Monday.",
          _commit_part("zombie"), "share", Display("percent"), lessons=("06_forecasting",)),
    Claim("zombie_pipeline.commit_zombie_share",
          "The same share with poor hygiene (zombie_pipeline).",
          _commit_part("zombie", "zombie_pipeline"), "share", Display("percent"), lessons=("06_forecasting",)),
    Claim("lax_qualification.kept_commit_change",
          "Share of the week-7 commit money won in the quarter, for the team that qualifies poorly minus "
          "northwind's (percentage points).",
          _compare("northwind", _commit_share_of("won"), **LAX), "difference", Display("points"), sign=-1,
          lessons=("06_forecasting",)),
    Claim("forecast_only.forecast_abs_error_change",
          "Mean absolute error of the week-7 commit calls in quarters 6-8 when, from quarter 3, the manager "
          "spends all 105 coaching minutes a rep on the forecast call, relative to northwind's balanced "
          "coaching, same seed.",
          _compare("northwind", _abs_error(LATE), detail="core", **FORECAST_ONLY), "change", Display("percent"),
          sign=1, lessons=("06_forecasting",)),
    Claim("forecast_only.abs_error_vs_hygiene_qualification",
          "The same error under forecast-only coaching relative to spending those 105 minutes on hygiene and "
          "qualification (52.5 each) from quarter 3, same seed. No sign: over 30 seeds the two one-sided plans "
          "leave about the same error (the lesson says so; a Relation bounds it).",
          lambda runs: (_abs_error(LATE)(runs.team("northwind", "core", **FORECAST_ONLY)),
                        _abs_error(LATE)(runs.team("northwind", "core", **HYGIENE_QUALIFICATION))),
          "change", Display("percent"), lessons=("06_forecasting",)),
    Claim("forecast_only.won_amount_change",
          "Money won in quarters 6-8 under forecast-only coaching, relative to northwind.",
          _compare("northwind", _won_late, detail="core", **FORECAST_ONLY), "change", Display("percent"),
          sign=-1, lessons=("06_forecasting",)),
)



# -- lesson 04: sales calls --------------------------------------------------------------

def _call_totals(team) -> dict:
    """The team's calls pooled over every rep and quarter: counts by outcome and planned calls."""
    from ..components.calls import call_planning

    table = call_planning(team)
    return {"calls": float(table["calls"].sum()), "planned": float(table["planned"].sum()),
            "advance": float((table["advance_rate"] * table["calls"]).fillna(0).sum())}


def _planned_share(team) -> float:
    from ..components.calls import planned_share_of

    totals = _call_totals(team)
    return planned_share_of(totals["planned"], totals["calls"])


def _advance_share(team) -> float:
    totals = _call_totals(team)
    return totals["advance"] / totals["calls"]


def _planned_advance_rate(team) -> float:
    from ..components.calls import planned_call_effect

    return float(planned_call_effect(team).set_index("planned").loc[True, "advance_rate"])


def _open_deals(team) -> float:
    """Open deals on a typical Monday, the average over every rep and quarter."""
    from ..components.pipeline import average_open_deals

    return float(average_open_deals(team)["open_deals"].mean())


def _planned_gap(runs: Runs) -> tuple[float, float]:
    from ..components.calls import planned_call_effect

    table = planned_call_effect(runs.team()).set_index("planned")["advance_rate"]
    return float(table[True]), float(table[False])


def _continuation_share(runs: Runs) -> tuple[float, float]:
    from ..components.calls import advance_rate

    table = advance_rate(runs.team())
    return float(table["continuation"].sum()), float(table["calls"].sum())


def _continuation_gap(column: str) -> Callable[[Runs], tuple[float, float]]:
    """``column`` of closed deals whose calls were more continuations than advances, against the others."""
    def measure(runs: Runs) -> tuple[float, float]:
        from ..components.calls import CALL_RECORDS, continuation_outcomes

        table = continuation_outcomes(runs.team()).set_index("call_record")[column]
        return float(table[CALL_RECORDS[0]]), float(table[CALL_RECORDS[1]])
    return measure


def _buyer_gap(runs: Runs) -> tuple[float, float]:
    from ..components.calls import economic_buyer_effect

    table = economic_buyer_effect(runs.team()).set_index("economic_buyer_present")["win_rate"]
    return float(table[True]), float(table[False])


#: The same deals with less time for them: every rep's weekly deal hours 14 instead of 20 (the six
#: hours go to admin, so the week and the prospecting stay the same).
OVERLOADED = {"hours": {"deal": 14.0, "admin": 14.0}}


def _calls_per_open_deal(team) -> float:
    """Calls in a rep-quarter / the deals open on its typical Monday, averaged over every rep and quarter."""
    from ..components.calls import calls_and_load

    return float(calls_and_load(team)["calls_per_open_deal"].mean())



# -- lesson 09: the sales ecosystem (marketing, product, customer experience, enablement) --

GAP_FROM = 4  #: product_gap: the competitor's feature ships in quarter 5 (index 4)
HIGH_CHURN = {"customer_experience": {"churn_per_customer_quarter": 0.12}}  #: four times northwind's churn
ENABLEMENT = {"changes": [{"quarter": 3, "set": {"enablement": {"boost": 1.0}}}]}  #: every coaching minute counts twice


def _source_win_rate(source: str, first: int) -> Callable:
    def metric(team) -> float:
        from ..components.deals import outcome_counts

        return float(outcome_counts(team, by="source", quarter=team.quarters[first:]).loc[source, "win_rate"])
    return metric


def _ending_share(ending: str, first: int) -> Callable:
    def metric(team) -> float:
        from ..components.deals import loss_reason_shares

        return float(loss_reason_shares(team, quarter=team.quarters[first:], by=[]).iloc[0][ending])
    return metric


def _reps_falling(runs: Runs) -> tuple[float, float]:
    """(reps whose win rate from quarter 5 on is below the same rep's in northwind, reps)."""
    from ..components.deals import outcome_counts

    gap, base = runs.team("product_gap", "core"), runs.team("northwind", "core")
    qs = base.quarters[GAP_FROM:]
    a, b = outcome_counts(gap, quarter=qs)["win_rate"], outcome_counts(base, quarter=qs)["win_rate"]
    return float((a < b.reindex(a.index)).sum()), float(len(b))


def _pushes(first: int) -> Callable:
    def metric(team) -> float:
        from ..components.pipeline import slippage

        return float(slippage(team, quarter=team.quarters[first:])["pushes"].sum())
    return metric


def _customer_created(team) -> float:
    from ..components.deals import created_by_source

    table = created_by_source(team, quarter=_late(team), by=[])
    return float(table[["referral", "expansion"]].sum(axis=1).iloc[0])


LESSON_09: tuple[Claim, ...] = (
    Claim("marketing_surge.outbound_win_rate_change",
          "Win rate of the reps' own outbound deals in quarters 4-8 under the lead surge minus northwind's "
          "(percentage points): the surge's deals take the hours outbound deals need.",
          _compare("marketing_surge", _source_win_rate("outbound", 3), detail="core"),
          "difference", Display("points"), sign=-1, lessons=("09_ecosystem",)),
    Claim("marketing_surge.won_amount_change",
          "Money won in quarters 4-8 under the lead surge, relative to northwind.",
          _compare("marketing_surge", _won_in(slice(3, None)), detail="core"),
          "change", Display("percent"), sign=-1, lessons=("09_ecosystem",)),
    Claim("product_gap.win_rate_change",
          "Win rate in quarters 5-8 once a competitor ships a feature the product lacks (product_gap) minus "
          "northwind's (percentage points).",
          _compare("product_gap", lambda t: _win_rate_of(t, t.quarters[GAP_FROM:]), detail="core"),
          "difference", Display("points"), sign=-1, lessons=("09_ecosystem",)),
    Claim("product_gap.product_gap_share_change",
          "Share of decided deals lost to a product gap in quarters 5-8, product_gap minus northwind "
          "(percentage points).",
          _compare("product_gap", _ending_share("product_gap", GAP_FROM), detail="core"),
          "difference", Display("points"), sign=1, lessons=("09_ecosystem",)),
    Claim("product_gap.reps_falling_share",
          "Share of reps whose win rate in quarters 5-8 is lower under the product gap than the same rep's in "
          "northwind.",
          _reps_falling, "share", Display("percent"), sign=1, lessons=("09_ecosystem",)),
    Claim("product_gap.pushes_change",
          "Close-date pushes in quarters 5-8 under the product gap (decisions wait for a late release), "
          "relative to northwind.",
          _compare("product_gap", _pushes(GAP_FROM)),
          "change", Display("percent"), sign=1, lessons=("09_ecosystem",)),
    Claim("high_churn.customer_created_change",
          "Referral and expansion opportunities created in quarters 6-8 when customers leave four times as "
          "often (churn 12% a quarter), relative to northwind.",
          _compare("northwind", _customer_created, detail="core", **HIGH_CHURN),
          "change", Display("percent"), sign=-1, lessons=("09_ecosystem",)),
    Claim("enablement.win_rate_change",
          "Win rate in quarters 6-8 when enablement makes every coaching minute count twice from quarter 3, "
          "minus northwind's (percentage points).",
          _compare("northwind", _win_rate_late, detail="core", **ENABLEMENT),
          "difference", Display("points"), sign=1, lessons=("09_ecosystem",)),
    Claim("enablement.won_amount_change",
          "Money won in quarters 6-8 with that enablement, relative to northwind.",
          _compare("northwind", _won_late, detail="core", **ENABLEMENT),
          "change", Display("percent"), sign=1, lessons=("09_ecosystem",)),
)

LESSON_04: tuple[Claim, ...] = (
    Claim("northwind.continuation_share",
          "Share of northwind's calls that ended in a continuation (the deal neither moved on nor back), "
          "all calls of all quarters.",
          _continuation_share, "share", Display("percent"), lessons=("04_calls",)),
    Claim("northwind.continuation_no_decision_gap",
          "No-decision rate of closed deals whose calls ended more often in continuations than in advances, "
          "minus that of the other closed deals (percentage points).",
          _continuation_gap("no_decision_rate"), "difference", Display("points"), sign=1, lessons=("04_calls",)),
    Claim("northwind.continuation_win_rate_gap",
          "Win rate of those continuation-heavy deals minus that of the other closed deals (percentage points).",
          _continuation_gap("win_rate"), "difference", Display("points"), sign=-1, lessons=("04_calls",)),
    Claim("northwind.continuation_cycle_gap",
          "Median sales cycle of those continuation-heavy deals minus that of the others, in days.",
          _continuation_gap("median_cycle_days"), "difference", Display("days", step=5), sign=1,
          lessons=("04_calls",)),
    Claim("northwind.planned_advance_gap",
          "Advance rate of northwind's planned calls minus that of its unplanned calls (percentage points).",
          _planned_gap, "difference", Display("points"), sign=1, lessons=("04_calls",)),
    Claim("northwind.economic_buyer_win_rate_gap",
          "Win rate of closed deals with an economic buyer on at least one call minus that of deals without "
          "(percentage points).",
          _buyer_gap, "difference", Display("points"), sign=1, lessons=("04_calls",)),
    Claim("lax_qualification.open_deals_change",
          "Open deals a rep carries on a typical Monday in a team that qualifies poorly (qualification skill "
          "0.25 instead of 0.5; nothing else set, though the weakest-link chain lowers the skills in use a "
          "little), relative to northwind.",
          _compare("northwind", _open_deals, **LAX), "change", Display("percent"), sign=1, lessons=("04_calls",)),
    Claim("lax_qualification.planned_share_change",
          "Share of calls that were planned in that team minus northwind's (percentage points).",
          _compare("northwind", _planned_share, **LAX), "difference", Display("points"), sign=-1,
          lessons=("04_calls",)),
    Claim("lax_qualification.advance_rate_change",
          "Share of calls that advanced the deal in that team minus northwind's (percentage points).",
          _compare("northwind", _advance_share, **LAX), "difference", Display("points"), sign=-1,
          lessons=("04_calls",)),
    Claim("lax_qualification.planned_advance_rate_change",
          "Advance rate of that team's planned calls only minus northwind's (percentage points): weaker deals "
          "advance less even on a planned call.",
          _compare("northwind", _planned_advance_rate, **LAX), "difference", Display("points"), sign=-1,
          lessons=("04_calls",)),
    Claim("overloaded.open_deals_change",
          "Open deals a rep carries on a typical Monday when every rep has 14 weekly deal hours instead of 20 "
          "(the same prospecting, the same skills), relative to northwind.",
          _compare("northwind", _open_deals, **OVERLOADED), "change", Display("percent"), sign=1,
          lessons=("04_calls",)),
    Claim("overloaded.planned_share_change",
          "Share of calls that were planned with 14 deal hours instead of 20, minus northwind's (percentage points).",
          _compare("northwind", _planned_share, **OVERLOADED), "difference", Display("points"), sign=-1,
          lessons=("04_calls",)),
    Claim("overloaded.advance_rate_change",
          "Share of calls that advanced the deal with 14 deal hours instead of 20, minus northwind's "
          "(percentage points; no sign: the deals that survive the starving are the stronger ones).",
          _compare("northwind", _advance_share, **OVERLOADED), "difference", Display("points", decimals=1),
          lessons=("04_calls",)),
    Claim("overloaded.calls_per_open_deal_change",
          "Calls per open deal in a rep-quarter with 14 deal hours instead of 20, relative to northwind.",
          _compare("northwind", _calls_per_open_deal, **OVERLOADED), "change", Display("percent"), sign=-1,
          lessons=("04_calls",)),
    Claim("overloaded.win_rate_change",
          "Win rate with 14 deal hours instead of 20 minus northwind's, all quarters (percentage points).",
          _compare("northwind", _win_rate, **OVERLOADED), "difference", Display("points"), sign=-1,
          lessons=("04_calls",)),
)

# -- lesson 08: coaching and performance management ---------------------------------------

#: Minutes a week per rep in the coaching plans lesson 08 compares, and how far ahead it looks.
PLAN_MINUTES, PLAN_QUARTERS = 60.0, 4


def _attainment_table(team):
    from ..components.territory import attainment

    return attainment(team).pivot(index="rep_id", columns="quarter", values="attainment")


def _true_skill(team):
    """Each rep's mean true skill over the seven parts, per quarter (rep x quarter; the hidden truth)."""
    from ..data.team import COMPONENTS

    s = team.truth.rep_skills
    return s.assign(skill=s[list(COMPONENTS)].mean(axis=1)).pivot(index="rep_id", columns="quarter", values="skill")


def _rank_corr(a, b) -> float:
    """Spearman's rank correlation: the correlation of the ranks."""
    return float(a.rank().corr(b.rank()))


def _next_quarter_agreement(runs: Runs) -> float:
    """Mean rank correlation of the reps' attainment in one quarter with the next (seven pairs)."""
    a = _attainment_table(runs.team())
    return float(np.mean([_rank_corr(a[q], a[n]) for q, n in zip(a.columns[:-1], a.columns[1:], strict=True)]))


def _one_quarter_vs_skill(runs: Runs) -> float:
    """Mean over the quarters of the rank correlation of that quarter's attainment with the reps' true skill."""
    team = runs.team()
    a, skill = _attainment_table(team), _true_skill(team)
    return float(np.mean([_rank_corr(a[q], skill[q]) for q in a.columns]))


def _whole_run_vs_skill(runs: Runs) -> float:
    """Rank correlation of eight quarters' attainment (won / quota, pooled) with the reps' mean true skill."""
    from ..components.territory import attainment

    team = runs.team()
    totals = attainment(team).groupby("rep_id")[["won_amount", "quota"]].sum()
    return _rank_corr(totals["won_amount"] / totals["quota"], _true_skill(team).mean(axis=1))


def _scorecard_vs_skill(runs: Runs) -> float:
    """Rank correlation of each rep's mean whole-run scorecard score (the seven parts) with their mean true skill."""
    from ..whole_job.system import scorecard

    team = runs.team()
    return _rank_corr(scorecard(team).mean(axis=1), _true_skill(team).mean(axis=1))


def _plan_runs(runs: Runs):
    """Team won per quarter ahead under each plan of lesson 08, the team's own future (one seed)."""
    def compute(r: Runs) -> dict:
        from ..whole_job.coaching import (
            WHAT_IF_METRICS,
            diagnosis_plan,
            even_plan,
            focus_plan,
            replicated,
        )
        from ..whole_job.system import true_constraint

        team = r.team()
        true = true_constraint(team).set_index("rep_id")["true_constraint"]
        named = {"diagnosis": diagnosis_plan(team, PLAN_MINUTES), "even": even_plan(team, PLAN_MINUTES),
                 "prospecting": focus_plan(team, "prospecting", PLAN_MINUTES),
                 "truth": {rep: {str(c): PLAN_MINUTES} for rep, c in true.items()}}
        values, _ = replicated(team, [{}, *named.values()], replications=1, quarters_ahead=PLAN_QUARTERS, by="team")
        won = values[:, 0, WHAT_IF_METRICS.index("won_amount"), 0, :]  # (plan, quarter)
        return {"nobody": won[0], **{name: won[i + 1] for i, name in enumerate(named)}}
    return runs.value("lesson 08 plans", compute)


def _plan_change(name: str) -> Callable[[Runs], tuple[float, float]]:
    """(team won over the four quarters ahead under plan ``name``, under coaching nobody)."""
    def measure(runs: Runs) -> tuple[float, float]:
        won = _plan_runs(runs)
        return float(won[name].sum()), float(won["nobody"].sum())
    return measure


def _first_quarter_share(runs: Runs) -> tuple[float, float]:
    """(the diagnosis plan's extra money in its first quarter, over the four quarters ahead)."""
    won = _plan_runs(runs)
    gain = won["diagnosis"] - won["nobody"]
    return float(gain[0]), float(gain.sum())


LESSON_08: tuple[Claim, ...] = (
    Claim("northwind.attainment_next_quarter_rank_correlation",
          "Rank correlation of the reps' attainment in one quarter with the next (Spearman, the seven pairs of "
          "consecutive quarters averaged).",
          _next_quarter_agreement, "mean", Display("number", decimals=2), lessons=("08_coaching",)),
    Claim("northwind.one_quarter_attainment_vs_true_skill",
          "Rank correlation of one quarter's attainment with the reps' true skill that quarter (mean of the seven "
          "true skills; the eight quarters averaged).",
          _one_quarter_vs_skill, "mean", Display("number", decimals=2), lessons=("08_coaching",)),
    Claim("northwind.whole_run_attainment_vs_true_skill",
          "Rank correlation of eight quarters' attainment (won / quota, pooled) with the reps' mean true skill.",
          _whole_run_vs_skill, "mean", Display("number", decimals=2), lessons=("08_coaching",)),
    Claim("northwind.whole_run_scorecard_vs_true_skill",
          "Rank correlation of each rep's mean score on the whole-run scorecard (the seven parts) with the rep's "
          "mean true skill.",
          _scorecard_vs_skill, "mean", Display("number", decimals=2), lessons=("08_coaching",)),
    Claim("northwind.diagnosis_plan_won_change",
          "Team money won over the four quarters after the run under coaching.diagnosis_plan (60 minutes a rep), "
          "relative to coaching nobody, same seed.",
          _plan_change("diagnosis"), "change", Display("percent"), sign=1, lessons=("08_coaching",)),
    Claim("northwind.even_plan_won_change",
          "The same under coaching.even_plan (60 minutes a rep spread over the seven parts).",
          _plan_change("even"), "change", Display("percent"), sign=1, lessons=("08_coaching",)),
    Claim("northwind.prospecting_plan_won_change",
          "The same under coaching.focus_plan on prospecting (60 minutes a rep).",
          _plan_change("prospecting"), "change", Display("percent"), sign=1, lessons=("08_coaching",)),
    Claim("northwind.truth_plan_won_change",
          "The same when each rep's 60 minutes go to the rep's true weakest skill (the hidden truth).",
          _plan_change("truth"), "change", Display("percent"), sign=1, lessons=("08_coaching",)),
    Claim("northwind.diagnosis_plan_first_quarter_share",
          "Share of the diagnosis plan's extra money over the four quarters ahead that comes in its first quarter.",
          _first_quarter_share, "share", Display("percent"), lessons=("08_coaching",)),
)

#: Every claim the course may quote, by name.
REGISTRY: dict[str, Claim] = {c.name: c for c in (
    # lesson 05: pipeline management
    Claim("northwind.won_outside_coverage_share",
          "Share of the money won in a quarter (quarters 2-8) from deals the quarter's coverage did not "
          "count: created during the quarter, or open on its first day but not due in it.",
          _won_outside_coverage, "share", Display("percent"), sign=1, lessons=("05_pipeline",)),
    Claim("northwind.won_created_in_quarter_share",
          "Share of the money won in a quarter (quarters 2-8) from deals created during that quarter.",
          _won_new, "share", Display("percent"), sign=1, lessons=("05_pipeline",)),
    Claim("northwind.median_cycle_days",
          "Median sales cycle of northwind's closed deals (created to closed), in days.",
          _cycle, "mean", Display("days", step=5), lessons=("05_pipeline",)),
    Claim("northwind.team_coverage",
          "Northwind's team coverage: pipeline due in the quarter on its first day / quota, all quarters pooled.",
          lambda runs: _coverage_all(runs.team()), "mean", Display("times", decimals=1), lessons=("05_pipeline",)),
    Claim("zombie_pipeline.team_coverage",
          "The same team coverage with poor hygiene (zombie_pipeline), all quarters pooled.",
          lambda runs: _coverage_all(runs.team("zombie_pipeline")), "mean", Display("times", decimals=1),
          lessons=("05_pipeline",)),
    Claim("zombie_pipeline.coverage_change",
          "How much higher team coverage is with poor hygiene (zombie_pipeline) than in northwind, same seed.",
          _compare("zombie_pipeline", _coverage_all), "change", Display("percent"), sign=1,
          lessons=("05_pipeline",)),
    Claim("northwind.zombie_share",
          "Share of northwind's first-day pipeline (due in the quarter) in zombie deals, all quarters pooled.",
          lambda runs: _zombie_share(runs.team()), "share", Display("percent"), lessons=("05_pipeline",)),
    Claim("zombie_pipeline.zombie_share",
          "Share of the first-day pipeline in zombie deals with poor hygiene (zombie_pipeline).",
          lambda runs: _zombie_share(runs.team("zombie_pipeline")), "share", Display("percent"),
          lessons=("05_pipeline",)),
    # lessons 05 and 08: coaching only prospecting fails a cycle later
    Claim("prospecting_only.coverage_change",
          "Team coverage in quarters 6-8 when the manager coaches only prospecting from quarter 3 "
          "(prospecting_only), relative to northwind's balanced coaching, same seed.",
          _compare("prospecting_only", _coverage_late), "change", Display("percent"), sign=1,
          lessons=("00_welcome", "05_pipeline", "08_coaching")),
    Claim("prospecting_only.created_change",
          "Opportunities created in quarters 6-8 under prospecting-only coaching, relative to northwind.",
          _compare("prospecting_only", _created_late), "change", Display("percent"), sign=1,
          lessons=("02_prospecting", "08_coaching")),
    Claim("prospecting_only.win_rate_change",
          "Win rate in quarters 6-8 under prospecting-only coaching minus northwind's (percentage points).",
          _compare("prospecting_only", _win_rate_late), "difference", Display("points"), sign=-1,
          lessons=("02_prospecting", "05_pipeline", "08_coaching")),
    Claim("prospecting_only.won_amount_change",
          "Money won in quarters 6-8 under prospecting-only coaching, relative to northwind.",
          _compare("prospecting_only", _won_late), "change", Display("percent"), sign=-1,
          lessons=("00_welcome", "02_prospecting", "05_pipeline", "08_coaching")),
    # lesson 02: prospecting and its lag
    Claim("stop_prospecting.won_change_same_quarter",
          "R01's money won in the quarter R01 stops prospecting (quarter 3), relative to not stopping.",
          _stop_prospecting(slice(2, 3)), "change", Display("percent", step=5, signed=True),
          lessons=("00_welcome", "02_prospecting")),
    Claim("northwind.prospecting_won_later_share",
          "Share of the money won from deals the reps' own prospecting created (quarters 1-5) that was won in "
          "a later quarter than the one the deal was created in.",
          _prospecting_won_later, "share", Display("percent", step=5), sign=1, lessons=("02_prospecting",)),
    Claim("stop_prospecting.won_change_next_two_quarters",
          "R01's money won one to two quarters after stopping prospecting (quarters 4-5), relative to not stopping.",
          _stop_prospecting(slice(3, 5)), "change", Display("percent", step=5), sign=-1,
          lessons=("00_welcome", "02_prospecting")),
    # lesson 01: territory and account management (and LESSON_01 below)
    Claim("low_fit.no_decision_rate_change",
          "No-decision rate of a team that aims prospecting poorly (territory skill 0.2 instead of 0.5) "
          "minus northwind's, all quarters (percentage points).",
          _compare("northwind", _no_decision_rate, detail="core", **LOW_FIT), "difference", Display("points"),
          sign=1, lessons=("01_territory",)),
    Claim("low_fit.win_rate_change",
          "Win rate of that poorly aimed team minus northwind's, all quarters (percentage points).",
          _compare("northwind", _win_rate, detail="core", **LOW_FIT), "difference", Display("points"),
          sign=-1, lessons=("01_territory",)),
    # lesson 03: qualification and deal management
    Claim("lax_qualification.coverage_change",
          "Team coverage of a team that qualifies poorly (qualification skill 0.25 instead of 0.5), "
          "relative to northwind, all quarters pooled.",
          _compare("northwind", _coverage_all, **LAX), "change", Display("percent"), sign=1,
          lessons=("03_deals",)),
    Claim("lax_qualification.win_rate_change",
          "Win rate of that team minus northwind's, all quarters (percentage points).",
          _compare("northwind", _win_rate, **LAX), "difference", Display("points"), sign=-1, lessons=("03_deals",)),
    Claim("lax_qualification.cycle_change",
          "Median sales cycle of that team minus northwind's, in days.",
          _compare("northwind", _cycle_length, **LAX), "difference", Display("days"), sign=1, lessons=("03_deals",)),
    # lesson 09: the sales ecosystem
    Claim("marketing_surge.created_change",
          "Opportunities created in quarters 4-8 when marketing sends three times the leads from poorer-fit "
          "accounts from quarter 3 (marketing_surge), relative to northwind.",
          _compare("marketing_surge", lambda t: float(t.quarter_of(t.opportunities["created"])
                                                      .isin(t.quarters[3:]).sum()), detail="core"),
          "change", Display("percent"), sign=1, lessons=("09_ecosystem",)),
    Claim("marketing_surge.win_rate_change",
          "Win rate in quarters 4-8 under the lead surge minus northwind's (percentage points).",
          _compare("marketing_surge", lambda t: _win_rate_of(t, t.quarters[3:]), detail="core"),
          "difference", Display("points"), sign=-1, lessons=("09_ecosystem",)),
    *LESSON_01,
    *LESSON_03,
    *LESSON_04,
    *LESSON_06,
    *LESSON_07,
    *LESSON_08,
    *LESSON_09,
)}


#: Statements that link claims; each must hold for the stored values.
RELATIONS: tuple[Relation, ...] = (
    Relation("A rep who stops prospecting loses little in the quarter they stop.",
             ("stop_prospecting.won_change_same_quarter",), lambda now: now > -0.15),
    Relation("A rep who stops prospecting loses more one to two quarters later than in the quarter they stop.",
             ("stop_prospecting.won_change_next_two_quarters", "stop_prospecting.won_change_same_quarter"),
             lambda later, now: later < now - 0.2),
    Relation("Poor hygiene leaves more of the pipeline in zombies than northwind carries.",
             ("zombie_pipeline.zombie_share", "northwind.zombie_share"), lambda poor, base: poor > base),
    Relation("Poor hygiene makes coverage look better than northwind's.",
             ("zombie_pipeline.team_coverage", "northwind.team_coverage"), lambda poor, base: poor > base),
    Relation("Optimistic forecasters call more than northwind's forecasters.",
             ("happy_ears.team_forecast_error", "northwind.team_forecast_error"),
             lambda happy, base: happy > base + 0.2),
    # lesson 01
    Relation("Spreading prospecting evenly leaves the number of activities where it was.",
             ("spread_effort.activities_change",), lambda change: abs(change) < 0.02),
    Relation("Spreading prospecting evenly costs more money one to two quarters later than in its first quarter.",
             ("spread_effort.won_change_next_two_quarters", "spread_effort.won_change_same_quarter"),
             lambda later, now: later < now - 0.05),
    Relation("Most of the money won outside coverage comes from deals created inside the quarter.",
             ("northwind.won_created_in_quarter_share", "northwind.won_outside_coverage_share"),
             lambda new, outside: new > outside / 2),
    # lesson 03
    Relation("A lax bar shows up as no decision, not as deals lost at the decision.",
             ("lax_bar.no_decision_rate_change", "lax_bar.lost_rate_change"), lambda nd, lost: nd > 0 > lost),
    Relation("Weak deal management loses more deals at the decision than a lax bar does.",
             ("weak_deal_management.lost_rate_change", "lax_bar.lost_rate_change"), lambda dm, lax: dm > lax),
    # lesson 06
    Relation("Poor hygiene puts more of the commit call in zombie deals than northwind's reps do.",
             ("zombie_pipeline.commit_zombie_share", "northwind.commit_zombie_share"), lambda poor, base: poor > base),
    Relation("Coaching only hygiene and qualification leaves about the same forecast error as coaching only the "
             "forecast (within 15%): neither one-sided plan fixes the call.",
             ("forecast_only.abs_error_vs_hygiene_qualification",), lambda change: abs(change) < 0.15),
    # lesson 07
    Relation("The diagnosis names the true weakest skill far more often than a guess among seven parts.",
             ("northwind.diagnosis_hit_rate",), lambda hit: hit > 1 / 7 + 0.3),
    Relation("One quarter's evidence names the true weakest skill less often than the whole run's.",
             ("northwind.diagnosis_hit_rate_one_quarter", "northwind.diagnosis_hit_rate"),
             lambda one, whole: one < whole - 0.05),
    Relation("The diagnosis is right more often when the weakest skill is clear than when two are close.",
             ("northwind.diagnosis_hit_rate_clear", "northwind.diagnosis_hit_rate_close"),
             lambda clear, close: clear > close),
    Relation("A weakness the whole team shares barely changes whom the diagnosis names.",
             ("zombie_pipeline.hygiene_named_change",), lambda change: abs(change) < 0.1),
    # lesson 08
    Relation("Coaching each rep where the diagnosis shows them behind wins more than spreading the same minutes "
             "evenly, and more than coaching prospecting only.",
             ("northwind.diagnosis_plan_won_change", "northwind.even_plan_won_change",
              "northwind.prospecting_plan_won_change"), lambda d, e, p: d > e and d > p),
    Relation("Coaching pays with a lag: the first quarter brings less than a quarter of a year's gain.",
             ("northwind.diagnosis_plan_first_quarter_share",), lambda first: first < 0.25),
    Relation("Eight quarters' attainment ranks the reps by their true skill better than one quarter's does.",
             ("northwind.whole_run_attainment_vs_true_skill", "northwind.one_quarter_attainment_vs_true_skill"),
             lambda whole, one: whole > one),
    Relation("The whole-job scorecard ranks the reps by their true skill far better than eight quarters' attainment.",
             ("northwind.whole_run_scorecard_vs_true_skill", "northwind.whole_run_attainment_vs_true_skill"),
             lambda scorecard, attainment: scorecard > attainment + 0.2),
)


def claim(name: str) -> Claim:
    """The declared claim called ``name`` (ValueError naming the valid ones when unknown)."""
    if name not in REGISTRY:
        raise ValueError(f"unknown claim {name!r}; declared claims: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[name]


# -- measuring, storing, checking ----------------------------------------------------

def measure(names: Iterable[str] | None = None, seeds: Iterable[int] | None = None,
            progress: Callable[[int], None] | None = None) -> dict[str, Measured]:
    """Measure claims over their seeds, seed by seed, simulating each team of a seed once.

    Args:
        names: claim names (None: every claim).
        seeds: measure only these of each claim's seeds (None: all of them).
        progress: called with each seed when it is done.

    Returns:
        Claim name -> :class:`Measured`.
    """
    chosen = [claim(n) for n in (REGISTRY if names is None else names)]
    wanted = None if seeds is None else set(seeds)
    all_seeds = sorted({s for c in chosen for s in c.seeds if wanted is None or s in wanted})
    rows: dict[str, list] = {c.name: [] for c in chosen}
    used: dict[str, list] = {c.name: [] for c in chosen}
    for seed in all_seeds:
        runs = Runs(seed)
        for c in chosen:
            if seed in c.seeds:
                out = c.measure(runs)
                rows[c.name].append(tuple(float(v) for v in (out if isinstance(out, tuple) else (out,))))
                used[c.name].append(seed)
        if progress is not None:
            progress(seed)
    return {c.name: Measured(c.name, combine(c.kind, rows[c.name]), tuple(used[c.name]),
                             tuple(rows[c.name])) for c in chosen if rows[c.name]}


def fingerprint() -> str:
    """A hash of the code stored values depend on (:data:`SOURCES`)."""
    root = resources.files("sefkit")
    digest = hashlib.sha256()
    for pattern in SOURCES:
        for path in sorted(Path(str(root)).glob(pattern)):
            digest.update(path.relative_to(Path(str(root))).as_posix().encode())
            digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()[:16]


def _store_path() -> Path:
    return Path(str(resources.files("sefkit").joinpath(STORE)))


def write(measured: Mapping[str, Measured], path: Path | None = None) -> Path:
    """Store measured claims (every declared claim must be there) in ``sefkit/classroom/claims.json``."""
    missing = set(REGISTRY) - set(measured)
    if missing:
        raise ValueError(f"measure every claim before storing; missing: {', '.join(sorted(missing))}")
    entries = {}
    for name in REGISTRY:
        m = measured[name]
        c = claim(name)
        entries[name] = {
            "statement": c.statement,
            **m.summary(),
            "text": c.display.text(m.value),
            "seed_list": list(m.seeds),
            "per_seed": [list(r) for r in m.per_seed],
        }
    path = path or _store_path()
    doc = {"fingerprint": fingerprint(), "claims": entries}
    path.write_text(json.dumps(doc, indent=1, allow_nan=True) + "\n", encoding="utf-8")
    return path


def stored(path: Path | None = None) -> dict:
    """The stored registry: ``{"fingerprint": ..., "claims": {name: {...}}}``."""
    path = path or _store_path()
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist; run `make claims` to measure the claims")
    return json.loads(path.read_text(encoding="utf-8"))


def value(name: str) -> float:
    """The stored value of claim ``name``."""
    claim(name)
    return float(stored()["claims"][name]["value"])


def text(name: str) -> str:
    """The stored value of claim ``name`` as lesson text writes it, for example '21%'."""
    return claim(name).display.text(value(name))


def meaning_problems(values: Mapping[str, float], agreeing: Mapping[str, float | None] | None = None) -> list[str]:
    """Statements that no longer hold for ``values``: a claim with the wrong sign, a broken relation.

    ``agreeing`` (claim -> share of seeds with the claimed sign) adds a problem for
    a claim that fewer than two seeds in three agree with.
    """
    problems = []
    for name, c in REGISTRY.items():
        v = values.get(name)
        if v is None or not math.isfinite(v):
            problems.append(f"{name}: no value")
            continue
        if c.sign is not None and np.sign(v) != c.sign:
            problems.append(f"{name}: the text says it {'rises' if c.sign > 0 else 'falls'}, but it is {v:+.3f}")
        share = (agreeing or {}).get(name)
        if c.sign is not None and share is not None and share < 2 / 3:
            problems.append(f"{name}: only {share:.0%} of seeds go the way the text says")
    for r in RELATIONS:
        if all(n in values for n in r.claims) and not r.check(values):
            problems.append(f"no longer true: {r.statement} ({', '.join(f'{n} = {values[n]:.3f}' for n in r.claims)})")
    return problems


@dataclass(frozen=True)
class Quote:
    """A figure quoted in a notebook's Markdown with a claim marker after it."""

    where: str  # notebook path and cell number
    name: str
    figure: str  # the text just before the marker (for messages)
    number: float | None
    unit: str | None


def quotes(markdown: str, where: str = "") -> list[Quote]:
    """Every claim marker in ``markdown`` with the figure written just before it.

    >>> [(q.name, q.number, q.unit) for q in quotes("wins 21%<!-- claim: a.b --> less, a 3.8x <!-- claim: c.d -->")]
    [('a.b', 21.0, 'percent'), ('c.d', 3.8, 'times')]
    """
    found, start = [], 0
    for m in MARKER.finditer(markdown):
        before = markdown[start:m.start()]
        line = before.splitlines()[-1] if before.strip() else ""
        fig = FIGURE.search(line)
        found.append(Quote(where, m["name"], line[-40:], figure_value(line) if fig else None,
                           figure_unit(line) if fig else None))
        start = m.end()
    return found


def notebook_quotes(path: Path) -> list[Quote]:
    """The claim quotes in every Markdown cell of the notebook at ``path`` (or in a ``.md`` file)."""
    path = Path(path)
    if path.suffix == ".md":
        return quotes(path.read_text(encoding="utf-8"), str(path))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    out = []
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "markdown":
            out += quotes("".join(cell["source"]), f"{path} cell {i}")
    return out


def quote_problems(found: Iterable[Quote], values: Mapping[str, float]) -> list[str]:
    """What is wrong with quotes: an unknown claim, no figure, another unit, or a figure the data no longer shows."""
    problems = []
    for q in found:
        if q.name not in REGISTRY:
            problems.append(f"{q.where}: unknown claim {q.name!r}")
            continue
        display = REGISTRY[q.name].display
        if q.number is None:
            problems.append(f"{q.where}: no figure right before the marker of {q.name} ({q.figure!r})")
        elif q.unit != display.unit:
            problems.append(f"{q.where}: {q.name} is written in {display.unit}, but the text has {q.figure!r}")
        elif q.name not in values:
            problems.append(f"{q.where}: {q.name} has no stored value; run `make claims`")
        elif not math.isclose(q.number, display.number(values[q.name]), abs_tol=1e-9):
            problems.append(f"{q.where}: the text says {q.figure.strip()!r} for {q.name}; "
                            f"the data now says {display.text(values[q.name])} (update the sentence)")
    return problems


def table(measured: Mapping[str, Measured] | None = None):
    """The claims as a table: name, value, how text writes it, seeds, spread (stored values by default)."""
    import pandas as pd

    if measured is None:
        entries = stored()["claims"]
        rows = [{"claim": n, **{k: e[k] for k in ("value", "text", "seeds", "standard_error", "p10", "p90",
                                                   "seeds_agreeing")}} for n, e in entries.items()]
    else:
        rows = [{"claim": n, **m.summary(), "text": claim(n).display.text(m.value)} for n, m in measured.items()]
    return pd.DataFrame(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m sefkit.classroom.claims [--write]``: measure every claim, print them, optionally store them."""
    parser = argparse.ArgumentParser(prog="python -m sefkit.classroom.claims", description=main.__doc__)
    parser.add_argument("--write", action="store_true", help="store the values in sefkit/classroom/claims.json")
    parser.add_argument("--claim", action="append", help="measure only this claim (repeatable; not with --write)")
    args = parser.parse_args(argv)
    if args.write and args.claim:
        parser.error("--write stores every claim; leave out --claim")
    started = time.perf_counter()
    measured = measure(args.claim, progress=lambda s: print(f"seed {s} done", file=sys.stderr, flush=True))
    seconds = time.perf_counter() - started
    import pandas as pd

    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table(measured).round(4).to_string(index=False))
    print(f"\n{len(measured)} claims over {max(len(m.seeds) for m in measured.values())} seeds in {seconds:.1f} s")
    values = {n: m.value for n, m in measured.items()}
    agreeing = {n: m.summary()["seeds_agreeing"] for n, m in measured.items()}
    problems = meaning_problems(values, agreeing) if args.claim is None else []
    for p in problems:
        print(f"STATEMENT BROKEN: {p}")
    if args.write:
        print(f"stored in {write(measured)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
