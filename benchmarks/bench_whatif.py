"""Time the coaching lab's what-if on northwind, and the scorecard and diagnosis on enterprise.

Targets: one slider change of the coaching lab on northwind (a new plan against
the cached baseline, the table included) at most 0.1 s; ``system.scorecard`` and
``system.diagnose`` on the 1,000-rep enterprise scenario at most 2 s each.

    .venv/bin/python benchmarks/bench_whatif.py [--skip-enterprise]
"""

from __future__ import annotations

import statistics
import sys
import time

from sefkit import coaching, simulate, system, widgets

SLIDER_TARGET = 0.1
METRIC_TARGET = 2.0


def seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def line(name: str, value: float, target: float) -> str:
    verdict = "ok" if value <= target else "SLOWER THAN TARGET"
    return f"  {name:<58} {value:7.3f} s  (target {target:.1f} s: {verdict})"


def whatif_figures() -> list[str]:
    team = simulate("northwind", seed=0)
    coaching._run.cache_clear()
    coaching._run_outcomes.cache_clear()
    out = [f"northwind (seed 0), {len(team.rep_ids)} reps, {len(team.quarters)} quarters + 2 ahead"]
    first = seconds(lambda: coaching.what_if(team, {"R01": {"calls": 30}}))
    out.append(f"  {'first what_if (baseline and plan runs)':<58} {first:7.3f} s")
    changes = []
    for minutes in (5, 10, 15, 20, 25, 30, 35):  # one slider moved, each time to a new value
        changes.append(seconds(lambda m=minutes: widgets.lab_html(team, "R01", {"calls": 30, "hygiene": m})))
    out.append(line("slider change, one rep (median of 7, table included)", statistics.median(changes),
                    SLIDER_TARGET))
    changes = []
    for minutes in (5, 10, 15, 20, 25):
        changes.append(seconds(lambda m=minutes: widgets.lab_html(team, widgets.TEAM, {"calls": 10, "hygiene": m})))
    out.append(line("slider change, whole team (median of 5)", statistics.median(changes), SLIDER_TARGET))
    run = seconds(lambda: simulate("northwind", seed=0, quarters=10, detail="core",
                                   coaching_plan={"start_quarter": "2027Q1", "minutes": {"R01": {"calls": 40}}}))
    out.append(f"  {'of which one engine run (detail=core, 10 quarters)':<58} {run:7.3f} s")
    return out


def enterprise_figures() -> list[str]:
    start = time.perf_counter()
    team = simulate("enterprise", seed=0)
    out = [f"enterprise (seed 0) simulated in {time.perf_counter() - start:.1f} s: {team!r}"]
    for name, fn in {
        "system.scorecard (whole run)": lambda: system.scorecard(team),
        "system.diagnose (whole run)": lambda: system.diagnose(team),
        "system.diagnose (one quarter)": lambda: system.diagnose(team, quarter=team.quarters[-1]),
    }.items():
        times = [seconds(fn) for _ in range(2)]
        out.append(line(f"{name}, first run", times[0], METRIC_TARGET))
        out.append(f"  {name + ', second run':<58} {times[1]:7.3f} s")
    return out


def main(argv: list[str]) -> int:
    for text in whatif_figures():
        print(text)
    if "--skip-enterprise" not in argv:
        for text in enterprise_figures():
            print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
