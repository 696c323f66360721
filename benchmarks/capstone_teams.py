"""How many distinct teams a capstone cohort gets, and how long one capstone submission takes to grade.

Every trainee's team is built from their id (sefkit.classroom.capstone). For a cohort of
``--cohort`` ids (``trainee-001`` ...) this prints the number of distinct seeds, how the
scenario mixes are spread, and the number of distinct *answer sets* of the diagnosis item (the
ten reps' true binding constraints, in rep order): the answer a trainee could most easily copy.
Then it grades ``--submissions`` model submissions (the whole-history diagnosis and the
diagnosis plan), each as its own trainee, with the checks autograding uses
(sefkit.classroom.grading.check), and prints each one's time: building the team and its keys,
then the futures of the coaching plan and the reference plans.

    .venv/bin/python benchmarks/capstone_teams.py [--cohort 200] [--submissions 3]
"""

from __future__ import annotations

import argparse
import collections
import runpy
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cohort(n: int) -> None:
    from sefkit import evidence
    from sefkit.classroom import capstone

    ids = [f"trainee-{i:03d}" for i in range(1, n + 1)]
    started = time.perf_counter()
    seeds = {i: capstone.trainee_seed(i) for i in ids}
    mixes = collections.Counter((m["scenario"], m["weakness"]) for m in map(capstone.team_mix, seeds.values()))
    answers = collections.Counter()
    for i in ids:
        team = capstone.trainee_team(i, detail="core")
        truth = evidence.runner_up(team).set_index("rep_id")["true_constraint"]
        answers[tuple(truth)] += 1
    print(f"cohort of {n}: {len(set(seeds.values()))} distinct seeds, {len(mixes)} scenario mixes, "
          f"{len(answers)} distinct diagnosis answer sets (largest group sharing one: {max(answers.values())}); "
          f"{time.perf_counter() - started:.0f} s")
    for (scenario, weakness), count in sorted(mixes.items()):
        print(f"  {scenario:>16} + {weakness:<22} {count:>4} trainees")


def grading(submissions: int) -> None:
    from sefkit import coaching, system
    from sefkit.classroom import capstone
    from sefkit.classroom.grading.answers import record
    from sefkit.classroom.grading.check import check, prepare

    key = runpy.run_path(str(ROOT / "solutions" / "capstone" / "answer_key.py"))
    assignment = key["ASSIGNMENT"]
    for n in range(1, submissions + 1):
        learner = f"bench-{n}"
        started = time.perf_counter()
        ctx = prepare(assignment, assignment.context(learner))
        keys = time.perf_counter() - started
        team = ctx.data
        diagnosis = system.diagnose(team).set_index("rep_id")["binding_constraint"]
        reps = list(team.rep_ids)
        records = {"capstone_team": record("trainee_id", learner),
                   "capstone_constraints": record("constraints", {r: diagnosis[r] for r in reps}),
                   "capstone_plan": record("coaching_plan",
                                                   coaching.diagnosis_plan(team, 60, reps=capstone.my_reps(team)))}
        verdicts = check(assignment, records, learner, context=ctx)
        total = time.perf_counter() - started
        print(f"submission {n} ({learner}): {total:.1f} s in all ({keys:.1f} s team and keys); "
              + ", ".join(f"{v.grade_id} {v.points:g}/{v.max_points:g}" for v in verdicts))


def _answers(team, way: str) -> dict:
    """The answers of one way of working (as the personas of the same name give them) on this team."""
    from sefkit import coaching, evidence, system
    from sefkit.classroom import capstone

    reps, mine = list(team.rep_ids), capstone.my_reps(team)
    if way == "truth-guided":
        truth = evidence.runner_up(team).set_index("rep_id")["true_constraint"]
        return {"constraints": {r: truth[r] for r in reps}, "coaching_plan": {r: {truth[r]: 60.0} for r in mine}}
    if way == "integrated":
        diagnosis = system.diagnose(team).set_index("rep_id")["binding_constraint"]
        return {"constraints": {r: diagnosis[r] for r in reps},
                "coaching_plan": coaching.diagnosis_plan(team, 60, reps=mine)}
    card = system.scorecard(team, quarter=team.quarters[-1])  # what shows this quarter, at face value
    return {"constraints": {r: card.loc[r].idxmin() for r in reps},
            "coaching_plan": coaching.focus_plan(team, "prospecting", 60, reps=mine)}


WAYS = ("truth-guided", "integrated", "siloed")


def strategies(n: int) -> None:
    """Each way of working graded on the same teams: the persona table's comparison, over many teams."""
    import numpy as np

    from sefkit.classroom.grading.answers import record
    from sefkit.classroom.grading.check import check, prepare

    key = runpy.run_path(str(ROOT / "solutions" / "capstone" / "answer_key.py"))
    assignment = key["ASSIGNMENT"]
    started = time.perf_counter()
    points = {w: {"capstone_constraints": [], "capstone_plan": []} for w in WAYS}
    for i in range(1, n + 1):
        learner = f"strategy-{i:03d}"
        ctx = prepare(assignment, assignment.context(learner))
        for way in WAYS:
            given = _answers(ctx.data, way)
            records = {"capstone_team": record("trainee_id", learner),
                       **{g: record(v, given[v]) for g, v in (("capstone_constraints", "constraints"),
                                                             ("capstone_plan", "coaching_plan"))}}
            for v in check(assignment, records, learner, context=ctx):
                if v.grade_id in points[way]:
                    points[way][v.grade_id].append(v.points)
    print(f"ways of working on the same {n} teams ({time.perf_counter() - started:.0f} s): mean points "
          "(10th-90th percentile)")
    for way in WAYS:
        cells = [f"{g.removeprefix('capstone_')} {np.mean(p):.1f} ({np.percentile(p, 10):g}-{np.percentile(p, 90):g})"
                 for g, p in points[way].items()]
        both = np.add(*points[way].values())
        print(f"  {way:>13}: " + ", ".join(cells) + f"; both {np.mean(both):.1f} of 18")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohort", type=int, default=200)
    parser.add_argument("--submissions", type=int, default=3)
    parser.add_argument("--strategies", type=int, default=20, help="teams on which to compare the ways of working")
    args = parser.parse_args()
    if args.submissions:
        grading(args.submissions)
    if args.strategies:
        strategies(args.strategies)
    if args.cohort:
        cohort(args.cohort)


if __name__ == "__main__":
    main()
