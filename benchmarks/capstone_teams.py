"""How many distinct teams a capstone cohort gets, and how long one capstone submission takes to grade.

Every trainee's team is built from their id (sefkit.classroom.capstone). For a cohort of
``--cohort`` ids (``trainee-001`` ...) this prints the number of distinct seeds, how the
scenario mixes are spread, and the number of distinct *answer sets* of the diagnosis item (the
ten reps' true binding constraints, in rep order): the answer a trainee could most easily copy.
Then it grades ``--submissions`` model submissions (the whole-history diagnosis and the
team's record of missed quotas, the diagnosis plan), each as its own trainee, with the checks autograding uses
(sefkit.classroom.grading.check), and prints each one's time: building the team and its keys,
then the futures of the coaching plan and the reference plans. Last it grades three ways of
working (truth-guided, integrated, siloed) on the same ``--strategies`` teams.

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
    from sefkit.classroom.grading.answers import record
    from sefkit.classroom.grading.check import check, prepare

    key = runpy.run_path(str(ROOT / "solutions" / "capstone" / "answer_key.py"))
    assignment = key["ASSIGNMENT"]
    for n in range(1, submissions + 1):
        learner = f"bench-{n}"
        started = time.perf_counter()
        ctx = prepare(assignment, assignment.context(learner))
        keys = time.perf_counter() - started
        given = _answers(ctx, key, "integrated")
        records = {"capstone_team": record("trainee_id", learner),
                   **{grade_id: record(name, given[name]) for grade_id, name in ITEMS}}
        verdicts = check(assignment, records, learner, context=ctx)
        total = time.perf_counter() - started
        print(f"submission {n} ({learner}): {total:.1f} s in all ({keys:.1f} s team and keys); "
              + ", ".join(f"{v.grade_id} {v.points:g}/{v.max_points:g}" for v in verdicts))


#: The autograded items after the trainee id: (grade id, answer variable).
ITEMS = (("capstone_constraints", "constraints"), ("capstone_risk", "miss_risk"), ("capstone_plan", "coaching_plan"))


def _answers(ctx, key: dict, way: str) -> dict:
    """The answers of one way of working (as the personas of the same name give them) on this team."""
    from sefkit import coaching, evidence, system, territory
    from sefkit.classroom import capstone

    team = ctx.data
    reps, mine = list(team.rep_ids), capstone.my_reps(team)
    if way == "truth-guided":
        truth = evidence.runner_up(team).set_index("rep_id")["true_constraint"]
        return {"constraints": {r: truth[r] for r in reps}, "miss_risk": key["true_risk"](ctx),
                "coaching_plan": {r: {truth[r]: 60.0} for r in mine}}
    if way == "integrated":
        diagnosis = system.diagnose(team).set_index("rep_id")["binding_constraint"]
        history = territory.attainment(team)
        missed = history["attainment"] < 1
        team_rate = missed[history["quarter"].isin(team.quarters[-4:])].mean()
        own = missed.groupby(history["rep_id"]).mean()
        return {"constraints": {r: diagnosis[r] for r in reps},
                "miss_risk": {r: float((own[r] + team_rate) / 2) for r in reps},
                "coaching_plan": coaching.diagnosis_plan(team, 60, reps=mine)}
    card = system.scorecard(team, quarter=team.quarters[-1])  # what shows this quarter, at face value
    return {"constraints": {r: card.loc[r].idxmin() for r in reps}, "miss_risk": key["three_x_rule"](team),
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
    points = {w: {grade_id: [] for grade_id, _ in ITEMS} for w in WAYS}
    for i in range(1, n + 1):
        learner = f"strategy-{i:03d}"
        ctx = prepare(assignment, assignment.context(learner))
        for way in WAYS:
            given = _answers(ctx, key, way)
            records = {"capstone_team": record("trainee_id", learner),
                       **{grade_id: record(name, given[name]) for grade_id, name in ITEMS}}
            for v in check(assignment, records, learner, context=ctx):
                if v.grade_id in points[way]:
                    points[way][v.grade_id].append(v.points)
    print(f"ways of working on the same {n} teams ({time.perf_counter() - started:.0f} s): mean points "
          "(10th-90th percentile)")
    for way in WAYS:
        cells = [f"{g.removeprefix('capstone_')} {np.mean(p):.1f} ({np.percentile(p, 10):g}-{np.percentile(p, 90):g})"
                 for g, p in points[way].items()]
        total = np.sum(list(points[way].values()), axis=0)
        out_of = sum(item.points for item in assignment.items if item.grade_id in points[way])
        print(f"  {way:>13}: " + ", ".join(cells) + f"; together {np.mean(total):.1f} of {out_of:g}")


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
