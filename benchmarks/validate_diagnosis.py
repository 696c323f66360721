"""How often does ``sefkit.whole_job.system.diagnose`` name the rep's true binding constraint?

Simulates a scenario over many seeds, diagnoses every rep from the observable
tables, and compares with the hidden truth (``sefkit.whole_job.system.true_constraint``:
the skill furthest below the team, skills averaged over the same quarters).
Prints the hit rate against the 1-in-7 of a random guess, the hit rate per true
constraint, how often each component is named, where the misses come from, and
how closely each component's score follows each hidden skill.
With ``--forecasting-measures`` it compares the measures tried for the
forecasting score instead: how each follows the forecasting and the
deal-management skill, and the hit rates diagnose would have with it.
docs/DIAGNOSIS.md reports and explains these figures.

    .venv/bin/python benchmarks/validate_diagnosis.py [--seeds 30] [--scenario northwind] [--quarter 2026Q4]
    .venv/bin/python benchmarks/validate_diagnosis.py --seeds 30 --forecasting-measures
"""

from __future__ import annotations

import argparse
import contextlib
import math
import time

import numpy as np
import pandas as pd

from sefkit import system
from sefkit.components.deals import deal_summary
from sefkit.components.forecast import call_calibration, forecast_accuracy
from sefkit.data.team import COMPONENTS
from sefkit.engine.simulation import simulate
from sefkit.whole_job.system import FORECAST_WEEK, check_diagnosis, scorecard, true_scores

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


# -- the measures tried for the forecasting score -----------------------------------

def forecasting_candidates(team, quarter=None) -> pd.DataFrame:
    """Per rep, each measure tried for the forecasting score; higher = more optimistic for all of them.

    All read the calls of week :data:`~sefkit.whole_job.system.FORECAST_WEEK` (the quarter's first Monday).
    """
    per_quarter = call_calibration(team, week=FORECAST_WEEK, quarter=quarter)
    c = call_calibration(team, week=FORECAST_WEEK, quarter=quarter, by="rep").set_index("rep_id")
    bias = forecast_accuracy(team, week=FORECAST_WEEK, quarter=quarter).set_index("rep_id")["bias"]
    d = deal_summary(team, quarter=quarter).set_index("rep_id").reindex(c.index)
    decision_win_rate = d["won"] / (d["won"] + d["lost"])
    slope, intercept = np.polyfit(decision_win_rate, c["over_call"], 1)
    return pd.DataFrame({
        "commit bias, money (earlier measure)": bias,
        "over-call (chosen)": c["over_call"],
        "over-call, mean of the quarters": per_quarter.groupby("rep_id")["over_call"].mean(),
        "over-call / won share": (c["committed"] - c["won"]) / c["won"].where(c["won"] > 0),
        "share of committed deals not won": 1 - c["committed_won"] / c["committed"].where(c["committed"] > 0),
        "commit share alone": c["commit_share"],
        "over-call net of the decision win rate": c["over_call"] - (slope * decision_win_rate + intercept),
    }).reindex(team.rep_ids)


@contextlib.contextmanager
def forecasting_measure(values: dict):
    """Let diagnose score forecasting from ``values[id(team)]`` (a Series per rep) for a while."""
    original = system._COMPUTE["forecasting"]
    system._COMPUTE["forecasting"] = lambda team, quarter, shared: pd.DataFrame(
        {"value": values[id(team)], "observations": 0})
    try:
        yield
    finally:
        system._COMPUTE["forecasting"] = original


def compare_forecasting(seeds, scenario: str, quarter) -> pd.DataFrame:
    """Each forecasting measure: correlation with the forecasting and deal-management skills, and hit rates."""
    teams = [simulate(scenario, seed) for seed in seeds]
    candidates = {id(team): forecasting_candidates(team, quarter) for team in teams}
    truths = {id(team): true_scores(team, quarter) for team in teams}
    rows = []
    for name in next(iter(candidates.values())).columns:
        # correlation across a team's reps, sign turned so that following the skill is positive
        corr = {skill: np.nanmean([-candidates[id(t)][name].corr(truths[id(t)][skill]) for t in teams])
                for skill in ("forecasting", "deal_management")}
        with forecasting_measure({id(t): candidates[id(t)][name] for t in teams}):
            checks = pd.concat([check_diagnosis(t, quarter) for t in teams], ignore_index=True)
        named = checks["binding_constraint"] == "forecasting"
        rows.append({"measure": name, "follows forecasting skill": corr["forecasting"],
                     "follows deal-management skill": corr["deal_management"], "hit rate": checks["hit"].mean(),
                     "forecasting recall": checks.loc[checks["true_constraint"] == "forecasting", "hit"].mean(),
                     "forecasting precision": checks.loc[named, "hit"].mean()})
    return pd.DataFrame(rows).set_index("measure")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=30, help="number of seeds (default 30)")
    parser.add_argument("--first-seed", type=int, default=0, help="the first seed (default 0)")
    parser.add_argument("--scenario", default="northwind", help="scenario (default northwind)")
    parser.add_argument("--quarter", default=None, help="diagnose this quarter only (default: the whole run)")
    parser.add_argument("--forecasting-measures", action="store_true",
                        help="compare the measures tried for the forecasting score instead")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.forecasting_measures:
        seeds = range(args.first_seed, args.first_seed + args.seeds)
        table = compare_forecasting(seeds, args.scenario, args.quarter)
        print(f"== measures tried for the forecasting score: {args.scenario}, seeds {seeds.start}-{seeds.stop - 1}")
        print("(correlation across reps, mean over seeds; hit rates of diagnose using each measure)")
        print(table.round(3).to_string())
        print(f"\n({time.perf_counter() - start:.1f} s)")
        return 0
    checks, links = run(range(args.first_seed, args.first_seed + args.seeds), args.scenario, args.quarter)
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
