"""Time the coaching lab's what-if on northwind, and the scorecard and diagnosis on enterprise.

Targets: one single what-if of a new plan on northwind (against the cached
baseline, the lab's table included) at most 0.1 s; the expected what-if of a new
plan over N = 20 paired futures (``coaching.what_if(..., replications=20)``, the
baseline's 20 futures cached as they are after the lab's first view) at most
1 s; ``system.scorecard`` and ``system.diagnose`` on the 1,000-rep enterprise
scenario at most 2 s each; a move of lesson 03's bar explorer slider, once the
explorer has measured its slider in the background, at most 0.1 s. Every target is judged on a warm wall-clock figure:
what-ifs after the first (which builds the cached baseline), and for the
enterprise metrics the best of the runs after the first. A missed target exits
with status 1.

A slider change is timed through ``widgets.lab_html``, the function the lab calls:
``coaching.what_if`` runs the plan by resuming the cached baseline's checkpoint at
the plan's first quarter (``sefkit.engine.simulation.resume``). Figures are medians of
several changes, as wall-clock seconds and, in brackets, CPU seconds of this
process (shown for reference, not judged). The bar explorer's move is timed through
``widgets.bar_view`` (what its slider calls), for a bar not yet measured (ten
seeds simulated in the foreground, as every move cost before the background fill)
and after ``qualification_bar.prepare`` has measured the slider's eleven bars.

    .venv/bin/python benchmarks/bench_whatif.py [--skip-enterprise]
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from sefkit import coaching, simulate, simulation, system, widgets

SLIDER_TARGET = 0.1
EXPECTED_TARGET = 1.0
METRIC_TARGET = 2.0
MISSED: list[str] = []


def seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def wall_and_cpu(fn) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def medians(fns) -> tuple[float, float]:
    times = [wall_and_cpu(fn) for fn in fns]
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def line(name: str, value: float, target: float, cpu: float | None = None, other: str = "cpu") -> str:
    """A figure against its target; ``cpu``: another time shown in brackets, labelled ``other``."""
    verdict = "ok" if value <= target else "MISSED"
    if value > target:
        MISSED.append(name)
    extra = "" if cpu is None else f" ({cpu:.3f} {other})"
    return f"  {name:<58} {value:7.3f} s{extra}  (target <= {target:.1f} s wall: {verdict})"


def whatif_figures() -> list[str]:
    team = simulate("northwind", seed=0)
    for cached in (coaching._baseline, coaching._replicate):
        cached.cache_clear()
    out = [f"northwind (seed 0), {len(team.rep_ids)} reps, {len(team.quarters)} quarters + 2 ahead"]
    first = seconds(lambda: coaching.what_if(team, {"R01": {"calls": 30}}))
    out.append(f"  {'first what_if (baseline with checkpoint, then the plan)':<58} {first:7.3f} s")
    # a single what-if of a new plan each time, as a table (the lab's rows before the expected what-if)
    wall, cpu = medians([lambda m=m: coaching.what_if(team, {"R01": {"calls": 30, "hygiene": m}})
                         for m in range(5, 60, 5)])
    out.append(line("single what-if, one rep (median of 11)", wall, SLIDER_TARGET, cpu))
    wall, cpu = medians([lambda m=m: coaching.what_if(team, {r: {"calls": 10, "hygiene": m} for r in team.rep_ids},
                                                      by="team") for m in range(5, 40, 5)])
    out.append(line("single what-if, whole team (median of 7)", wall, SLIDER_TARGET, cpu))
    # the expected what-if over 20 futures: first the baseline's 20 futures, then new plans
    wall, cpu = wall_and_cpu(lambda: coaching.what_if(team, {"R01": {"calls": 60}}, replications=20))
    out.append(f"  {'expected what-if N=20, first (20 baseline futures + the plan)':<58} {wall:7.3f} s ({cpu:.3f} cpu)")
    wall, cpu = medians([lambda m=m: coaching.what_if(team, {"R01": {"calls": 30, "hygiene": m}}, replications=20)
                         for m in range(5, 30, 5)])
    out.append(line("expected what-if N=20, a new plan (median of 5)", wall, EXPECTED_TARGET, cpu))
    wall, cpu = medians([lambda m=m: widgets.lab_html(team, "R01", {"calls": 30, "hygiene": m}, plan_b="custom")
                         for m in range(5, 20, 5)])
    out.append(f"  {'coaching-lab slider change, plan B custom (median of 3)':<58} {wall:7.3f} s ({cpu:.3f} cpu)")
    # the baseline run what_if keeps: coaching nobody from 2027Q1, with its checkpoint there
    _, checkpoint = simulation.simulate_with_checkpoint(
        "northwind", 0, "2027Q1", coaching_plan={"start_quarter": "2027Q1", "minutes": {}}, detail="core", quarters=10)
    plans = [{"start_quarter": "2027Q1", "minutes": {"R01": {"calls": m}}} for m in range(40, 47)]
    wall, cpu = medians([lambda p=p: simulation.resume(checkpoint, p) for p in plans])
    out.append(f"  {'of which the resumed plan run, tables included (median 7)':<58} {wall:7.3f} s ({cpu:.3f} cpu)")
    wall, cpu = medians([lambda p=p: simulate("northwind", seed=0, quarters=10, detail="core", coaching_plan=p)
                         for p in plans[:5]])
    out.append(f"  {'the same run from scratch, 10 quarters (median of 5)':<58} {wall:7.3f} s ({cpu:.3f} cpu)")
    return out


def bar_figures() -> list[str]:
    """Lesson 03's bar explorer on northwind (R04, the default ten seeds and four quarters)."""
    from sefkit.whole_job import qualification_bar

    grid = widgets.bar_grid()
    out = [f"bar explorer: northwind R04, {len(qualification_bar.SEEDS)} seeds x {qualification_bar.QUARTERS} quarters, "
           f"{len(grid)} bars on the slider"]
    wall, cpu = wall_and_cpu(lambda: widgets.bar_view("R04", 0.30))
    out.append(f"  {'first bar (own bar and this bar, 20 runs)':<58} {wall:7.3f} s ({cpu:.3f} cpu)")
    wall, cpu = medians([lambda b=b: widgets.bar_view("R04", b) for b in (0.25, 0.35, 0.40)])
    out.append(f"  {'move to a bar not measured yet, 10 runs (median of 3)':<58} {wall:7.3f} s ({cpu:.3f} cpu)")
    # wall_and_cpu counts this process's CPU, the background thread's included
    wall, cpu = wall_and_cpu(lambda: qualification_bar.prepare("R04", grid).join())
    out.append(f"  {'background fill of the rest of the slider (7 bars left)':<58} {wall:7.3f} s ({cpu:.3f} cpu)")
    wall, cpu = medians([lambda b=b: widgets.bar_view("R04", b) for b in grid])
    out.append(line("bar explorer move after the fill (median of 11)", wall, SLIDER_TARGET, cpu))
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
        times = [seconds(fn) for _ in range(3)]
        out.append(f"  {name + ', first (cold) run':<58} {times[0]:7.3f} s")
        out.append(line(f"{name} warm: best of runs 2-3", min(times[1:]), METRIC_TARGET))
    return out


def main(argv: list[str]) -> int:
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start "
          "(wall-clock figures include any wait for a busy CPU)")
    for text in whatif_figures() + bar_figures():
        print(text)
    if "--skip-enterprise" not in argv:
        for text in enterprise_figures():
            print(text)
    if MISSED:
        print(f"missed targets: {', '.join(MISSED)}")
    return 1 if MISSED else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
