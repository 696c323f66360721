"""How often does ``sefkit.system.diagnose`` name the rep's true binding constraint?

Simulates a scenario over many seeds, diagnoses every rep from the observable
tables, and compares with the hidden truth (``sefkit.system.true_constraint``:
the skill furthest below the team, skills averaged over the same quarters).
Prints the hit rate against the 1-in-7 of a random guess, the hit rate per true
constraint, how often each component is named, where the misses come from, and
how closely each component's score follows each hidden skill.
docs/DIAGNOSIS.md reports and explains these figures.

    .venv/bin/python benchmarks/validate_diagnosis.py [--seeds 30] [--scenario northwind] [--quarter 2026Q4]
"""

from __future__ import annotations

import argparse
import math
import time

import pandas as pd

from sefkit.simulation import simulate
from sefkit.system import check_diagnosis, scorecard, true_scores
from sefkit.team import COMPONENTS

CHANCE = 1 / len(COMPONENTS)


def report(checks: pd.DataFrame) -> str:
    """The figures of one validation run as text."""
    n = len(checks)
    hits = checks["hit"].mean()
    se = math.sqrt(hits * (1 - hits) / n)
    top2 = (checks["hit"] | (checks["next_weakest"] == checks["true_constraint"])).mean()
    lines = [
        f"rep diagnoses: {n} ({checks['seed'].nunique()} seeds)",
        f"hit rate: {hits:.3f} (+- {1.96 * se:.3f}, 95 %; reps treated as independent)",
        f"random guess: {CHANCE:.3f}",
        f"true constraint named first or second: {top2:.3f} (random: {2 * CHANCE:.3f})",
        "",
        "by true constraint (recall) and by named constraint (precision):",
    ]
    recall = checks.groupby("true_constraint")["hit"].agg(["mean", "size"])
    precision = checks.groupby("binding_constraint")["hit"].agg(["mean", "size"])
    for c in COMPONENTS:
        r = recall.loc[c] if c in recall.index else pd.Series({"mean": float("nan"), "size": 0})
        p = precision.loc[c] if c in precision.index else pd.Series({"mean": float("nan"), "size": 0})
        lines.append(
            f"  {c:<16} recall {r['mean']:.2f} of {int(r['size']):>3}   precision {p['mean']:.2f} of {int(p['size']):>3}"
        )
    misses = checks[~checks["hit"]]
    clear = checks["true_margin"] >= 0.5
    lines += [
        "",
        "where the misses come from:",
        f"  hit rate when the true weakest skill is clearly weakest (margin >= 0.5): "
        f"{checks.loc[clear, 'hit'].mean():.3f} of {int(clear.sum())}",
        f"  hit rate when two skills are nearly as weak (margin < 0.5): "
        f"{checks.loc[~clear, 'hit'].mean():.3f} of {int((~clear).sum())}",
        f"  misses whose named component is still below the team in truth: "
        f"{(misses['true_score_of_diagnosed'] < 0).mean():.3f} of {len(misses)}",
        f"  misses whose named component is the rep's second-weakest skill: "
        f"{_second_weakest_share(misses):.3f}",
        "",
        "confusion (rows: true constraint, columns: named):",
        pd.crosstab(checks["true_constraint"], checks["binding_constraint"])
        .reindex(index=list(COMPONENTS), columns=list(COMPONENTS), fill_value=0).to_string(),
    ]
    return "\n".join(lines)


def _second_weakest_share(misses: pd.DataFrame) -> float:
    # the named component's true score is within the margin of the weakest: it is the runner-up
    runner_up = misses["true_score_of_diagnosed"] <= misses["true_score"] + misses["true_margin"] + 1e-9
    return float(runner_up.mean()) if len(misses) else float("nan")


def run(seeds, scenario: str, quarter) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Checks of every seed, and the mean correlation (across reps) of each hidden skill with each score."""
    checks, links = [], []
    for seed in seeds:
        team = simulate(scenario, seed)
        checks.append(check_diagnosis(team, quarter).assign(seed=seed))
        truth, scores = true_scores(team, quarter), scorecard(team, quarter)
        links.append(pd.DataFrame({c: [scores[c].corr(truth[t]) for t in COMPONENTS] for c in COMPONENTS},
                                  index=pd.Index(list(COMPONENTS), name="hidden skill")))
    return pd.concat(checks, ignore_index=True), sum(links) / len(links)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=30, help="number of seeds, from 0 (default 30)")
    parser.add_argument("--scenario", default="northwind", help="scenario (default northwind)")
    parser.add_argument("--quarter", default=None, help="diagnose this quarter only (default: the whole run)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    checks, links = run(range(args.seeds), args.scenario, args.quarter)
    what = f"{args.scenario}, {'the whole run' if args.quarter is None else args.quarter}"
    print(f"== diagnosis against the hidden truth: {what}")
    print(report(checks))
    print("\nhow each score follows each hidden skill (correlation across reps, mean over seeds;")
    print("rows: hidden skill, columns: scorecard component):")
    print(links.round(2).to_string())
    print(f"\n({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
