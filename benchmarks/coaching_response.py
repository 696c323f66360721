"""Does the simulation reward what the course teaches about coaching? Figures (a)-(e) over many seeds.

For each northwind seed the 8-quarter team is simulated; then four quarters
ahead are run from its end (``sefkit.whole_job.coaching.replicated``; each figure is one
what-if per rep or team, the team's own future, as a manager would run it):

(a) 60 minutes a week on one rep's TRUE binding constraint
    (``sefkit.whole_job.system.true_constraint``) against 60 minutes on a randomly chosen
    other component: share of rep-seeds where the constraint gains more, and
    the mean gains (won amount over the four quarters, against coaching nobody);
(b) share of rep-seeds where coaching the true constraint gains over no coaching;
(c) a team plan splitting 60 minutes per rep by each rep's DIAGNOSED gaps
    (``sefkit.whole_job.coaching.diagnosis_plan``: the observable scorecard only) against
    the same minutes spread evenly (``even_plan``): share of seeds it wins more;
(d) the ``prospecting_only`` scenario against northwind (whole-team
    prospecting-only coaching against whole-job coaching, the same 105 minutes):
    share of seeds where it wins less in quarters 6-8;
(e) the diagnosis hit rate (``sefkit.whole_job.system.check_diagnosis``) on the same teams
    (benchmarks/validate_diagnosis.py gives the detail; the calibration table is
    benchmarks/calibration.py's, the causal checks tests/test_causal.py).

Reps do not interact in the engine (each has its own territory, deals, hours and
luck: common random numbers), so coaching every rep at once on their own
component gives each rep's gain from being coached alone;
tests/test_coaching.py checks it. A missed threshold exits with status 1.

With ``--noise`` it also prints how much of a single what-if difference is
luck: for each rep-seed, coaching the true constraint in 20 futures.

    .venv/bin/python benchmarks/coaching_response.py [--seeds 30] [--noise]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import sefkit
from sefkit import coaching, system
from sefkit.data.team import COMPONENTS

AHEAD = 4
MINUTES = 60
THRESHOLDS = {"a_share": 0.70, "a_ratio": 2.0, "b_share": 0.80, "c_share": 0.65, "d_share": 0.80}


def rep_gains(team, plan, replications: int = 1) -> np.ndarray:
    """Each rep's won-amount gain over the quarters ahead, ``(replications, reps)``."""
    values, _ = coaching.replicated(team, [{}, plan], replications=replications, quarters_ahead=AHEAD)
    won = values[:, :, 0].sum(axis=-1)  # (plan, replication, rep)
    return won[1] - won[0]


def team_won(team, plan) -> float:
    values, _ = coaching.replicated(team, [plan], replications=1, quarters_ahead=AHEAD, by="team")
    return float(values[0, 0, 0].sum())


def seed_figures(seed: int) -> tuple[pd.DataFrame, dict]:
    """Per rep: the true constraint, a random other component and both gains; per seed: (c), (d), (e)."""
    team = sefkit.simulate("northwind", seed)
    tc = system.true_constraint(team).set_index("rep_id")["true_constraint"]
    rng = np.random.default_rng([20261201, seed])
    other = {r: str(rng.choice([c for c in COMPONENTS if c != tc[r]])) for r in team.rep_ids}
    g_tc = rep_gains(team, {r: {tc[r]: MINUTES} for r in team.rep_ids})[0]
    g_other = rep_gains(team, {r: {other[r]: MINUTES} for r in team.rep_ids})[0]
    reps = pd.DataFrame({"seed": seed, "rep_id": team.rep_ids, "true_constraint": tc.reindex(team.rep_ids).to_numpy(),
                         "other": [other[r] for r in team.rep_ids], "gain_true": g_tc, "gain_other": g_other})
    diag, even = coaching.diagnosis_plan(team, MINUTES), coaching.even_plan(team, MINUTES)
    q68 = team.quarters[5:8]

    def won_q68(t):
        a = sefkit.components.territory.attainment(t)
        return float(a[a["quarter"].isin(q68)]["won_amount"].sum())

    only = sefkit.simulate("prospecting_only", seed, detail="core")
    whole = sefkit.simulate("northwind", seed, detail="core")
    per_seed = {"seed": seed, "diagnosis_plan": team_won(team, diag), "even_plan": team_won(team, even),
                "prospecting_only_q6_8": won_q68(only), "northwind_q6_8": won_q68(whole),
                "hit_rate": float(system.check_diagnosis(team)["hit"].mean())}
    return reps, per_seed


def noise(seeds, replications: int = 20) -> pd.DataFrame:
    """For each rep-seed: the single what-if (future 0), the expected effect and the spread over futures."""
    rows = []
    for seed in seeds:
        team = sefkit.simulate("northwind", seed)
        tc = system.true_constraint(team).set_index("rep_id")["true_constraint"]
        d = rep_gains(team, {r: {tc[r]: MINUTES} for r in team.rep_ids}, replications)
        for j, r in enumerate(team.rep_ids):
            rows.append({"seed": seed, "rep_id": r, "single": d[0, j], "expected": d[:, j].mean(),
                         "spread_var": d[:, j].var(ddof=1), "mean_square": float(np.mean(d[:, j] ** 2))})
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=30)
    parser.add_argument("--noise", action="store_true", help="also the noise share of a single what-if")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    parts = [seed_figures(s) for s in range(args.seeds)]
    reps = pd.concat([p[0] for p in parts], ignore_index=True)
    seeds = pd.DataFrame([p[1] for p in parts])
    n_rs, n_s = len(reps), len(seeds)
    fig = {
        "a_share": float((reps["gain_true"] > reps["gain_other"]).mean()),
        "a_ratio": float(reps["gain_true"].mean() / reps["gain_other"].mean()),
        "b_share": float((reps["gain_true"] > 0).mean()),
        "c_share": float((seeds["diagnosis_plan"] > seeds["even_plan"]).mean()),
        "d_share": float((seeds["prospecting_only_q6_8"] < seeds["northwind_q6_8"]).mean()),
    }
    ok = {k: fig[k] >= v for k, v in THRESHOLDS.items()}
    mark = {k: "ok" if v else "MISSED" for k, v in ok.items()}
    print(f"== coaching response, northwind, {n_s} seeds ({n_rs} rep-seeds), {MINUTES} min a week, {AHEAD} quarters")
    print(f"(a) true constraint beats a random other component: {fig['a_share']:.1%} of {n_rs} rep-seeds "
          f"(target >= 70 %: {mark['a_share']})")
    print(f"    mean gain {reps['gain_true'].mean():,.0f} against {reps['gain_other'].mean():,.0f}: "
          f"{fig['a_ratio']:.1f}x (target >= 2x: {mark['a_ratio']})")
    print(f"(b) true constraint gains over no coaching: {fig['b_share']:.1%} of {n_rs} rep-seeds "
          f"(target >= 80 %: {mark['b_share']})")
    print(f"(c) diagnosis-based plan beats the even spread: {fig['c_share']:.1%} of {n_s} seeds "
          f"(target >= 65 %: {mark['c_share']}); mean team won "
          f"{seeds['diagnosis_plan'].mean():,.0f} against {seeds['even_plan'].mean():,.0f}")
    print(f"(d) prospecting-only loses to whole-job coaching, quarters 6-8: {fig['d_share']:.1%} of {n_s} seeds "
          f"(target >= 80 %: {mark['d_share']}); mean "
          f"{seeds['prospecting_only_q6_8'].mean():,.0f} against {seeds['northwind_q6_8'].mean():,.0f} "
          f"({seeds['prospecting_only_q6_8'].mean() / seeds['northwind_q6_8'].mean() - 1:+.1%})")
    print(f"(e) diagnosis hit rate on the same teams: {seeds['hit_rate'].mean():.3f} ({n_rs} rep diagnoses)")
    print("\nmean gain of coaching each true constraint, and of coaching each component as the 'other':")
    by = pd.DataFrame({"as true constraint": reps.groupby("true_constraint")["gain_true"].mean(),
                       "as the other": reps.groupby("other")["gain_other"].mean()})
    print(by.reindex(list(COMPONENTS)).round(0).to_string())
    if args.noise:
        n = noise(range(min(args.seeds, 10)))
        share = n["spread_var"].sum() / n["mean_square"].sum()
        print(f"\nnoise of a single what-if ({len(n)} rep-seeds x 20 futures, true constraint coached):")
        print(f"  share of the mean square difference that is luck: {share:.1%}")
        print(f"  sd of a single what-if around its expectation: {np.sqrt(n['spread_var'].mean()):,.0f}; "
              f"mean expected effect {n['expected'].mean():,.0f}")
        print(f"  single what-if has the sign of its expectation: {(np.sign(n['single']) == np.sign(n['expected'])).mean():.1%}")
    print(f"\n({time.perf_counter() - start:.0f} s)")
    return 0 if all(ok.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
