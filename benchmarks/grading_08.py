"""How long assignment 08 takes to grade, and what its reference plans are expected to add.

Assignment 08 marks a coaching plan by its simulated expected effect
(solutions/08_coaching/answer_key.py): four reference plans run once per grading
process (``same_for_every_learner``), then each submission's own plan once. This
prints the reference plans' expected gains and the grade lines, then times, in
this process and with the checks autograding uses (sefkit.classroom.grading.check):

* the first submission of a grading process (the team, every key and the four
  reference plans computed, then the learner's plan);
* each further submission (the keys reused; only the learner's plan and A3's
  expected what-if, which is cached per process, are run).

    .venv/bin/python benchmarks/grading_08.py [--submissions 3]
"""

from __future__ import annotations

import argparse
import runpy
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=3)
    args = parser.parse_args()
    from sefkit import coaching
    from sefkit.classroom.grading.answers import record
    from sefkit.classroom.grading.check import check, prepare

    key = runpy.run_path(str(ROOT / "solutions" / "08_coaching" / "answer_key.py"))
    assignment = key["ASSIGNMENT"]
    started = time.perf_counter()
    first = prepare(assignment, assignment.context("first"))
    team = first.data
    gains = key["reference_gains"](first)
    half, full = key["lines"](first)
    print(f"keys and reference plans, once per grading process: {time.perf_counter() - started:.1f} s")
    for name, gain in gains.items():
        print(f"  {name:>18}: expected gain {gain:>12,.0f} over {key['QUARTERS_AHEAD']} quarters "
              f"({key['REPLICATIONS']} futures)")
    print(f"  half the points from {half:,.0f}, full marks from {full:,.0f}")
    values = {"constraint_r03": key["constraint"](first), "rank_correlation": key["rank_correlation"](first),
              "expected_gain": key["diagnosis_gain"](first), "payback_quarter": key["best_quarter"](first)}
    reps = key["reps"](team)
    for n in range(args.submissions):
        plan = coaching.diagnosis_plan(team, 60 - 5 * n, reps=reps)  # a new plan each time: nothing cached
        records = {i.grade_id: record(i.answer, plan if i.answer == "coaching_plan" else values[i.answer])
                   for i in assignment.items}
        started = time.perf_counter()
        ctx = assignment.context_like(first, f"learner{n}")
        verdicts = check(assignment, records, f"learner{n}", ctx)
        print(f"submission {n + 1}: {time.perf_counter() - started:.1f} s, "
              f"{sum(v.points for v in verdicts):.0f} of {sum(v.max_points for v in verdicts):.0f} points")


if __name__ == "__main__":
    main()
