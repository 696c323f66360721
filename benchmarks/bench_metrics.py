"""Time every metric of the component modules on the enterprise scenario.

Prints one line per function: the first (cold) run, then the best wall-clock time
of the two runs after it (warm), which is judged against the target of at most
2 seconds on the 1,000-rep, 8-quarter organisation (issue: each metric at most 2 s
on enterprise). A missed target exits with status 1.

    .venv/bin/python benchmarks/bench_metrics.py [scenario] [seed]
"""

from __future__ import annotations

import os
import sys
import time

from sefkit import calls, deals, forecast, pipeline, prospecting, simulate, territory

TARGET_SECONDS = 2.0
REPEATS = 3


def component_cases(team) -> dict:
    """Territory, prospecting, deals and calls."""
    rep, quarter = team.rep_ids[0], team.quarters[-1]
    return {
        "territory.account_tiers": lambda: territory.account_tiers(team),
        "territory.prospecting_focus": lambda: territory.prospecting_focus(team),
        "territory.prospecting_focus (one quarter)": lambda: territory.prospecting_focus(team, quarter=quarter),
        "territory.attainment": lambda: territory.attainment(team),
        "territory.ranking_shift": lambda: territory.ranking_shift(team),
        "prospecting.funnel": lambda: prospecting.funnel(team),
        "prospecting.funnel (rep x quarter)": lambda: prospecting.funnel(team, by=["rep_id", "quarter"]),
        "prospecting.backward_plan": lambda: prospecting.backward_plan(team, rep),
        "deals.deal_summary": lambda: deals.deal_summary(team),
        "deals.loss_reasons": lambda: deals.loss_reasons(team),
        "deals.outcome_by_band": lambda: deals.outcome_by_band(team),
        "calls.advance_rate": lambda: calls.advance_rate(team),
        "calls.calls_per_advance": lambda: calls.calls_per_advance(team),
        "calls.economic_buyer_effect": lambda: calls.economic_buyer_effect(team),
        "calls.planned_call_effect": lambda: calls.planned_call_effect(team),
    }


def pipeline_cases(team) -> dict:
    """Pipeline and forecast."""
    first, last = team.quarters[0], team.quarters[-1]
    # a rep whose velocity can be split (won something in both quarters)
    rep = pipeline.velocity_change(team, None, first, last).dropna()["rep_id"].iloc[0]
    mid = team.quarter_bounds(team.quarters[len(team.quarters) // 2])[0]
    return {
        "pipeline.open_pipeline (one date)": lambda: pipeline.open_pipeline(team, mid),
        "pipeline.coverage": lambda: pipeline.coverage(team),
        "pipeline.quality_coverage": lambda: pipeline.quality_coverage(team),
        "pipeline.stage_conversion": lambda: pipeline.stage_conversion(team),
        "pipeline.stage_conversion (by quarter)": lambda: pipeline.stage_conversion(team, by="quarter"),
        "pipeline.average_open_deals": lambda: pipeline.average_open_deals(team),
        "pipeline.velocity": lambda: pipeline.velocity(team),
        "pipeline.velocity_change (every rep)": lambda: pipeline.velocity_change(team, None, first, last),
        "pipeline.velocity_change (one rep)": lambda: pipeline.velocity_change(team, rep, first, last),
        "pipeline.ageing": lambda: pipeline.ageing(team),
        "pipeline.zombies": lambda: pipeline.zombies(team),
        "pipeline.slippage": lambda: pipeline.slippage(team),
        "pipeline.coverage_needed": lambda: pipeline.coverage_needed(team),
        "forecast.forecast_vs_actual (commit)": lambda: forecast.forecast_vs_actual(team),
        "forecast.forecast_vs_actual (stage_weighted)": lambda: forecast.forecast_vs_actual(
            team, method="stage_weighted"),
        "forecast.forecast_vs_actual (history)": lambda: forecast.forecast_vs_actual(team, method="history"),
        "forecast.forecast_accuracy": lambda: forecast.forecast_accuracy(team),
        "forecast.compare_methods": lambda: forecast.compare_methods(team),
        "forecast.call_calibration (by rep)": lambda: forecast.call_calibration(team, by="rep"),
    }


def cases(team) -> dict:
    return {**component_cases(team), **pipeline_cases(team)}


def timings(fn, repeats: int = REPEATS) -> tuple[float, float]:
    """Wall-clock seconds of the first (cold) run and the best of the ``repeats - 1`` warm runs after it."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times[0], min(times[1:])


def main(scenario: str = "enterprise", seed: int = 0) -> int:
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start "
          "(wall-clock figures include any wait for a busy CPU)")
    start = time.perf_counter()
    team = simulate(scenario, seed=seed)
    print(f"simulated {scenario} (seed {seed}) in {time.perf_counter() - start:.1f} s: {team!r}")
    missed = []
    print(f"  {'function':<45} {'cold':>8} {'warm':>8}  target (judged on warm: best wall time of runs 2-{REPEATS})")
    for name, fn in cases(team).items():
        first, warm = timings(fn)
        ok = warm <= TARGET_SECONDS
        missed += [] if ok else [name]
        verdict = "ok" if ok else "MISSED"
        print(f"  {name:<45} {first:6.2f} s {warm:6.2f} s  <= {TARGET_SECONDS:.0f} s: {verdict}")
    n = len(cases(team))
    print(f"{n - len(missed)} of {n} within {TARGET_SECONDS:.0f} s (warm wall-clock)")
    if missed:
        print(f"missed targets: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(args[0] if args else "enterprise", int(args[1]) if len(args) > 1 else 0))
