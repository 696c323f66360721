"""What if one rep qualified harder or looser? The expected effect of a rep's admission bar, over many teams.

A rep's *bar* is the average MEDDPICC score (as a share of the maximum, 0-1) a
deal must reach before the rep admits it to the pipeline; the engine's
``qualification.rep_bar`` sets it for a named rep (docs/MODEL.md, section 7).
:func:`bar_effect` simulates the team with that rep's bar moved, in several
seeds, against the same seeds with the rep's own bar, and reports for the rep
the expected change of four measures that move together -- coverage, win rate,
cycle length and money won -- with a 95 % band over the seeds'
paired differences (:func:`sefkit.whole_job.coaching.band`). Every run's four
measures are kept, so a second look at a bar costs nothing, and :func:`prepare`
measures a list of bars in the background (the bar explorer's whole slider) while
the learner reads, so that moving the slider afterwards runs no simulation.

>>> table = bar_effect("R01", 0.3, seeds=(0, 1), n_reps=2, quarters=2)
>>> table["measure"].tolist()
['coverage', 'win_rate', 'cycle_days', 'won_amount']
>>> list(table.columns)
['measure', 'own_bar', 'this_bar', 'change', 'change_low', 'change_high', 'seeds']
>>> prepare("R01", (0.3, 0.4), seeds=(0, 1), n_reps=2, quarters=2).join()
>>> is_ready("R01", 0.4, seeds=(0, 1), n_reps=2, quarters=2)
True
"""

from __future__ import annotations

import contextlib
import json
import numbers
import threading
from concurrent.futures import Future

import pandas as pd

#: The measures :func:`bar_effect` reports, with the words the widget uses.
MEASURES = {
    "coverage": "Coverage (pipeline due / quota)",
    "win_rate": "Win rate",
    "cycle_days": "Median cycle (days)",
    "won_amount": "Money won",
}
#: Seeds a bar's expected effect is averaged over unless told otherwise.
SEEDS = tuple(range(10))
#: Quarters each run lasts (after its warm-up, which already uses the bar).
QUARTERS = 4


def _check_bar(bar) -> float | None:
    if bar is None:
        return None
    if isinstance(bar, bool) or not isinstance(bar, numbers.Real) or not 0 <= bar <= 1:
        raise ValueError(f"a bar is a share of the maximum score from 0 to 1 (such as 0.45), not {bar!r}")
    return round(float(bar), 4)


#: Every run's measures, by (scenario, seed, rep, bar, overrides): a Future each, so that
#: a run the background (:func:`prepare`) has started is waited for, not run twice.
#: Four numbers a run; a whole slider of ten seeds keeps about 120.
_RUNS: dict[tuple, Future] = {}
_RUNS_LOCK = threading.Lock()


def _measures(scenario: str, seed: int, rep: str, bar: float | None, overrides: str) -> tuple[float, ...]:
    """The rep's four measures in one run (simulated once per key, whichever thread asks first)."""
    key = (scenario, seed, rep, bar, overrides)
    with _RUNS_LOCK:
        future = _RUNS.get(key)
        mine = future is None
        if mine:
            future = _RUNS[key] = Future()
    if mine:
        try:
            future.set_result(_simulated_measures(*key))
        except BaseException as err:
            with _RUNS_LOCK:
                del _RUNS[key]  # a failed run is not kept: asking again tries again
            future.set_exception(err)
    return future.result()


def _simulated_measures(scenario: str, seed: int, rep: str, bar: float | None, overrides: str) -> tuple[float, ...]:
    from ..components.deals import cycle_length, win_rate, won_amount
    from ..components.pipeline import team_coverage
    from ..engine.simulation import simulate

    params = json.loads(overrides)
    if bar is not None:
        params.setdefault("qualification", {})["rep_bar"] = {rep: bar}
    team = simulate(scenario, seed, **params)
    return (float(team_coverage(team, rep=rep, by=None)["coverage"].iloc[0]), win_rate(team, rep=rep),
            cycle_length(team, rep=rep), won_amount(team, rep=rep))


def _checked(rep: str, scenario: str, seeds, quarters: int, overrides: dict) -> tuple[tuple[int, ...], str]:
    """The seeds as whole numbers and the runs' parameter key; a clear error for too few seeds or an unknown rep."""
    from ..engine.scenario import rep_ids, resolve

    seeds = tuple(int(s) for s in seeds)
    if len(set(seeds)) < 2:
        raise ValueError("give at least two seeds: the band comes from how the seeds differ")
    key = json.dumps({"quarters": quarters, **overrides}, sort_keys=True)
    valid = rep_ids(resolve(scenario, quarters=quarters, **overrides)["n_reps"])
    if rep not in valid:
        raise ValueError(f"unknown rep {rep!r}; valid reps: {', '.join(valid)}")
    return seeds, key


def prepare(rep: str, bars, *, scenario: str = "northwind", seeds=SEEDS, quarters: int = QUARTERS,
            **overrides) -> threading.Thread:
    """Measure ``bars`` for ``rep`` in a background thread, so that :func:`bar_effect` then answers at once.

    The rep's own bar is measured first, then each bar in the order given. A bar
    :func:`bar_effect` asks for meanwhile is simulated in the foreground, sharing
    any run the background has already started. Arguments as :func:`bar_effect`.

    Returns:
        The started thread (a daemon: it never keeps Python from exiting);
        ``join()`` waits for every bar.

    Raises:
        ValueError: a bar outside 0-1, fewer than two seeds, or an unknown rep or
            parameter (checked before the thread starts).
    """
    bars = [None] + [_check_bar(b) for b in bars]
    seeds, key = _checked(rep, scenario, seeds, quarters, overrides)

    def work():
        for bar in bars:
            for seed in seeds:
                # a failed run is not kept: the foreground raises it again when it asks for that bar
                with contextlib.suppress(Exception):
                    _measures(scenario, seed, rep, bar, key)

    thread = threading.Thread(target=work, name=f"bar-effect-{rep}", daemon=True)
    thread.start()
    return thread


def is_ready(rep: str, bar: float, *, scenario: str = "northwind", seeds=SEEDS, quarters: int = QUARTERS,
             **overrides) -> bool:
    """Whether every run :func:`bar_effect` needs for ``rep`` at ``bar`` is measured (it would run no simulation)."""
    bar = _check_bar(bar)
    seeds, key = _checked(rep, scenario, seeds, quarters, overrides)
    with _RUNS_LOCK:
        futures = [_RUNS.get((scenario, s, rep, b, key)) for b in (None, bar) for s in seeds]
    return all(f is not None and f.done() and f.exception() is None for f in futures)


def bar_effect(rep: str, bar: float, *, scenario: str = "northwind", seeds=SEEDS, quarters: int = QUARTERS,
               **overrides) -> pd.DataFrame:
    """The expected change of a rep's coverage, win rate, cycle and money won when the rep's bar moves to ``bar``.

    Args:
        rep: the rep whose bar moves (the other reps keep theirs).
        bar: the new bar, a share of the maximum MEDDPICC score (0-1); northwind's
            typical rep uses about 0.45.
        scenario: the scenario simulated.
        seeds: the teams averaged over (at least two, for a band).
        quarters: how long each run lasts; other ``overrides`` are scenario parameters.

    Returns:
        One row per measure (:data:`MEASURES`) with ``own_bar`` (the mean with
        the rep's own bar), ``this_bar`` (the mean with ``bar``), ``change``
        (the mean paired difference), ``change_low`` and ``change_high`` (its
        95 % band) and ``seeds``. Coverage pools every quarter's first day;
        the rates and the money cover the run's quarters.

    Raises:
        ValueError: a bar outside 0-1, fewer than two seeds, or an unknown rep or parameter.
    """
    from .coaching import band

    bar = _check_bar(bar)
    seeds, key = _checked(rep, scenario, seeds, quarters, overrides)
    own = pd.DataFrame([_measures(scenario, s, rep, None, key) for s in seeds], columns=list(MEASURES))
    moved = pd.DataFrame([_measures(scenario, s, rep, bar, key) for s in seeds], columns=list(MEASURES))
    rows = []
    for measure in MEASURES:
        mean, low, high = band((moved[measure] - own[measure]).to_numpy())
        rows.append({"measure": measure, "own_bar": float(own[measure].mean()),
                     "this_bar": float(moved[measure].mean()), "change": float(mean),
                     "change_low": float(low), "change_high": float(high), "seeds": len(seeds)})
    return pd.DataFrame(rows)


__all__ = ["MEASURES", "QUARTERS", "SEEDS", "bar_effect", "is_ready", "prepare"]
