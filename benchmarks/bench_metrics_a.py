"""Time the territory, prospecting, deals and calls metrics on the enterprise scenario.

Prints one line per function: the first run, the best of three runs, and whether
the first run meets the target of at most 2 seconds on the 1,000-rep, 8-quarter
organisation.

    .venv/bin/python benchmarks/bench_metrics_a.py [scenario] [seed]
"""

from __future__ import annotations

import sys
import time

from sefkit import calls, deals, prospecting, simulate, territory

TARGET_SECONDS = 2.0
REPEATS = 3


def cases(team) -> dict:
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


def timings(fn, repeats: int = REPEATS) -> tuple[float, float]:
    """Seconds taken by the first run and by the best of ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times[0], min(times)


def main(scenario: str = "enterprise", seed: int = 0) -> int:
    start = time.perf_counter()
    team = simulate(scenario, seed=seed)
    print(f"simulated {scenario} (seed {seed}) in {time.perf_counter() - start:.1f} s: {team!r}")
    slow = 0
    print(f"  {'function':<45} {'first':>8} {'best':>8}")
    for name, fn in cases(team).items():
        first, best = timings(fn)
        ok = first <= TARGET_SECONDS
        slow += not ok
        verdict = "ok" if ok else f"SLOWER than {TARGET_SECONDS:.0f} s"
        print(f"  {name:<45} {first:6.2f} s {best:6.2f} s  {verdict}")
    print(f"{len(cases(team)) - slow} of {len(cases(team))} within {TARGET_SECONDS:.0f} s")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(args[0] if args else "enterprise", int(args[1]) if len(args) > 1 else 0))
