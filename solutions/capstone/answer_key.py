"""The capstone, declared once: each autograded item, its answer key, and how it is marked.

Read by the grading process only (sefkit.classroom.grading.autograde); never released, never
run in a learner's kernel. docs/ASSIGNMENT_CAPSTONE.md explains the design.

**Every trainee has their own team**, built from the id the submission came from
(``ctx.learner``, nbgrader's student id) and the course's secret (``.sefkit/capstone-secret`` in
the course folder, :func:`sefkit.classroom.capstone.course_secret`) by
:func:`sefkit.classroom.capstone.trainee_team`. The keys never read the id the notebook
recorded. Grading writes the trainee's own observable team file beside their notebook
(``kernel_files``), the only team their kernel can load: a notebook run with another id finds
no team and earns nothing, and ``capstone_team`` says why in words. The learner's kernel never
has the simulation, so it cannot read the hidden truth the items are graded against.

Keys are computed before the learner's code runs (``check.prepare``): the team, the truth and
the quarter ahead's futures the risk call is judged on (about a second). The coaching plan's
futures run later, in ``assess``, and only for a plan that can be judged (a blank or faked
submission runs none).
"""

from functools import lru_cache
from pathlib import Path

from sefkit.classroom.grading.declare import Assignment, Item

#: A rep's diagnosis earns this share of their point when it names the truth's close runner-up.
RUNNER_UP_SHARE = 0.5
#: How far ahead the plan is judged, and over how many futures (the same futures for every plan).
QUARTERS_AHEAD, REPLICATIONS = 2, 10
#: The plan earns half its points from this share of the way from the best simple plan to the
#: truth's plan, full marks from the second (assignment 08's rule).
HALF_SHARE, FULL_SHARE = 0.2, 0.65
#: The risk call is judged over this many futures of the quarter ahead (no new coaching in them).
RISK_FUTURES = 20
#: The track record the risk call is set against: the team's misses over this many last quarters.
TRACK_QUARTERS = 4
#: The risk call is marked between two scores: the better of the siloed 3x rule and a coin toss
#: for every rep (0.25), and the team's track record. Half the points within RISK_HALF of the way
#: from the record to the first, full marks within RISK_FULL; the way is at least RISK_MIN_ROOM long.
RISK_HALF, RISK_FULL, RISK_MIN_ROOM, COIN_TOSS = 0.5, 0.2, 0.03, 0.25
PARTS = ("territory", "prospecting", "qualification", "calls", "deal_management", "hygiene", "forecasting")


#: The course folder this answer key belongs to (it sits in <course>/solutions/capstone/).
COURSE = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=8)  # a grading process grades one learner at a time: keep the last few teams
def _team(learner: str):
    from sefkit.classroom import capstone

    return capstone.trainee_team(learner, secret=capstone.course_secret(COURSE))


def team_files(ctx) -> dict:
    """The file the learner's kernel reads its team from: their own observable team, nothing else."""
    capstone = _capstone()
    return {capstone.team_file(ctx.learner).as_posix(): capstone.team_bytes(ctx.data, ctx.learner)}


def _capstone():
    from sefkit.classroom import capstone

    return capstone


# -- the team used ---------------------------------------------------------------------------


def assess_team(ctx, answer) -> tuple[float, str]:
    """1 when the notebook asked for the team of the trainee who submitted it; else the two ids, in words."""
    capstone = _capstone()
    try:
        used = capstone.normal_id(answer)
    except ValueError as err:
        return 0.0, f"trainee_id could not be read: {err}."
    mine = capstone.normal_id(ctx.learner)
    if used == mine:
        return 1.0, f"This notebook built your own team (trainee {mine})."
    return 0.0, (f"This notebook asked for the team of trainee {used!r}, but it was submitted by {mine!r}: it is "
                 f"graded on {mine!r}'s team only, so the notebook found no team under {used!r} and its later cells "
                 "could not run. Set trainee_id to your own id and run the notebook again.")


# -- A. the diagnosis, against the hidden truth ---------------------------------------------------


def _truth(team):
    from sefkit import evidence

    return evidence.runner_up(team).set_index("rep_id")


def true_constraints(ctx) -> dict:
    """The key: each rep's weakest skill in the hidden truth, over the six quarters of history."""
    return ctx.value("truth", lambda c: {r: str(row["true_constraint"]) for r, row in _truth(c.data).iterrows()})


def close_runner_ups(ctx) -> dict:
    """Each rep's true runner-up where it is close to the weakest (the margin rule), else None."""
    return ctx.value("close", lambda c: {r: (str(row["runner_up"]) if bool(row["close"]) else None)
                                         for r, row in _truth(c.data).iterrows()})


def _clean(answer: dict) -> dict:
    return {str(r).strip().upper(): (str(p).strip().lower() if isinstance(p, str) else p) for r, p in answer.items()}


def rep_credit(ctx, answer: dict) -> dict:
    """Each rep's credit: 1 for the true weakest skill, RUNNER_UP_SHARE for a close runner-up, else 0."""
    given, true, close = _clean(answer), true_constraints(ctx), close_runner_ups(ctx)
    return {r: 1.0 if given.get(r) == t else RUNNER_UP_SHARE if close[r] and given.get(r) == close[r] else 0.0
            for r, t in true.items()}


def by_true_constraint(ctx, credit: dict) -> dict:
    """Each rep's credit under their true constraint's component, as shares of the item's points."""
    true, share = true_constraints(ctx), 1 / len(credit)
    return {c: (sum(credit[r] for r in credit if true[r] == c) * share, sum(1 for r in credit if true[r] == c) * share)
            for c in sorted(set(true.values()))}


def assess_constraints(ctx, answer) -> tuple[float, str, dict]:
    """The share of reps diagnosed right (half a rep for a close runner-up), which reps, in words, and
    the credit by each rep's true constraint (the cohort report's view by SEF component)."""
    credit = rep_credit(ctx, answer)
    unknown = sorted(r for r in _clean(answer) if r not in credit)
    right = [r for r, c in credit.items() if c == 1.0]
    close = [r for r, c in credit.items() if 0 < c < 1]
    wrong = [r for r, c in credit.items() if c == 0]
    said = [f"right for {', '.join(right)}" if right else "right for no rep"]
    if close:
        said.append(f"half for {', '.join(close)} (a part nearly as weak as the weakest in the hidden truth)")
    if wrong:
        said.append(f"not right for {', '.join(wrong)} (read their rows of the diagnosis and its evidence again)")
    if unknown:
        said.append(f"{', '.join(unknown)} are not reps of this team")
    return (sum(credit.values()) / len(credit), "Your diagnosis: " + "; ".join(said) + ".",
            by_true_constraint(ctx, credit))


# -- B. the attainment-risk call, by a proper scoring rule ----------------------------------------


def missed_in_futures(ctx):
    """``(futures, reps)`` booleans: whether each rep missed quota in each future of the quarter ahead.

    :data:`RISK_FUTURES` futures that share the team's history and draw new luck from this
    morning (future 0 is the team's own), with no new coaching: a plan adds about 2 % of its
    year's effect in its first quarter (lesson 8), so the call does not depend on the plan.
    """
    def compute(c):
        from sefkit import coaching

        values, _ = coaching.replicated(c.data, [{}], replications=RISK_FUTURES, quarters_ahead=1)
        return values[0, :, coaching.WHAT_IF_METRICS.index("attainment"), :, 0] < 1
    return ctx.value("missed in futures", compute)


def true_risk(ctx) -> dict:
    """The key: each rep's share of the futures in which they miss quota (the best call there is)."""
    missed = missed_in_futures(ctx)
    return {rep: float(share) for rep, share in zip(ctx.data.rep_ids, missed.mean(axis=0))}


def brier(ctx, calls: dict) -> float:
    """The calls' expected Brier score: the mean over reps and futures of (call - missed)^2; 0 is perfect.

    A proper scoring rule: a call scores best, on average, when it is the rep's true chance.
    """
    import numpy as np

    missed = missed_in_futures(ctx)
    q = np.array([calls[rep] for rep in ctx.data.rep_ids], dtype=float)
    return float(((q[None, :] - missed) ** 2).mean())


def three_x_rule(team) -> dict:
    """The siloed manager's calls: a rep below 3x coverage this morning will miss (1), one at or above will not (0)."""
    cover = _capstone().coverage_today(team).set_index("rep_id")["coverage"]
    return {rep: float(cover[rep] < 3) for rep in team.rep_ids}


def track_record(team) -> dict:
    """Every rep at the team's record: the share of rep-quarters that missed quota in the last quarters."""
    from sefkit import territory

    att = territory.attainment(team, quarter=team.quarters[-TRACK_QUARTERS:])
    rate = float((att["attainment"] < 1).mean())
    return {rep: rate for rep in team.rep_ids}


def risk_lines(ctx) -> tuple[float, float, float, float]:
    """(the 3x rule's score, the track record's, the score for half the points, the score for full marks)."""
    def compute(c):
        rule, record = brier(c, three_x_rule(c.data)), brier(c, track_record(c.data))
        room = max(min(rule, COIN_TOSS) - record, RISK_MIN_ROOM)
        return rule, record, record + RISK_HALF * room, record + RISK_FULL * room
    return ctx.value("risk lines", compute)


def _calls(ctx, answer) -> tuple[dict | None, str]:
    """The calls as {rep: chance}, or None and what is wrong with them."""
    reps = list(ctx.data.rep_ids)
    if not isinstance(answer, dict):
        return None, 'miss_risk should be a dict from rep to a chance between 0 and 1, such as {"R01": 0.7}.'
    given = {str(r).strip().upper(): v for r, v in answer.items()}
    missing = [r for r in reps if r not in given]
    odd = sorted(r for r in given if r not in reps)
    if missing or odd:
        said = [f"no call for {', '.join(missing)}"] if missing else []
        said += [f"{', '.join(odd)} are not reps of this team"] if odd else []
        return None, f"miss_risk: {'; '.join(said)}. Give one chance for every rep, R01 to R10."
    bad = [r for r in reps if isinstance(given[r], bool) or not isinstance(given[r], int | float)
           or not 0 <= given[r] <= 1]
    if bad:
        hint = " Write 70 % as 0.7." if all(isinstance(given[r], int | float) and 1 < given[r] <= 100 for r in bad) else ""
        return None, f"miss_risk: the calls for {', '.join(bad)} are not chances between 0 and 1.{hint}"
    return {r: float(given[r]) for r in reps}, ""


def assess_risk(ctx, answer) -> tuple[float, str]:
    """The calls' expected Brier score against the 3x rule's and the team's track record's, in words."""
    calls, wrong = _calls(ctx, answer)
    if calls is None:
        return 0.0, wrong
    mine = brier(ctx, calls)
    rule, record, half, full = risk_lines(ctx)
    quarter = _capstone().DECISION_QUARTER
    said = (f"Your calls score {mine:.3f} over {RISK_FUTURES} futures of {quarter} (the Brier score: 0 is perfect, "
            f"lower is better). The 3x rule scores {rule:.3f}, a coin toss for every rep {COIN_TOSS:.3f}, and every rep at "
            f"the team's own record of missing quota {record:.3f}")
    if mine <= full:
        return 1.0, f"{said}: your calls are as well calibrated as the team's record, or better. Well done."
    if mine <= half:
        return 0.5, (f"{said}: better than the 3x rule or a coin toss, but further from what the team's record "
                     "says than a calibrated call would be. Half the points.")
    return 0.0, (f"{said}: no better than the 3x rule or a coin toss. Coverage alone misleads when the team's win "
                 "rate has changed: how often have these reps really missed quota lately?")


# -- C. the coaching plan, by its expected effect -------------------------------------------------


def _true_constraints(team) -> dict:
    """Each rep's true weakest skill over the six quarters of history (the hidden truth)."""
    return {r: str(c) for r, c in _truth(team)["true_constraint"].items()}


def _rule():
    from sefkit.classroom import capstone
    from sefkit.classroom.grading.plan_rule import PlanRule

    return PlanRule(manager=capstone.MANAGER, budget=capstone.BUDGET, minutes=capstone.MINUTES,
                    quarters_ahead=QUARTERS_AHEAD, replications=REPLICATIONS, truth=_true_constraints,
                    horizon=f"the {QUARTERS_AHEAD} quarters ahead", half_share=HALF_SHARE, full_share=FULL_SHARE)


#: Part C's rule: assignment 08's (sefkit.classroom.grading.plan_rule), two quarters ahead.
PLAN_RULE = _rule()
truth_plan, reference_plans, gain = PLAN_RULE.truth_plan, PLAN_RULE.reference_plans, PLAN_RULE.gain
reference_gains, lines, assess_plan = PLAN_RULE.reference_gains, PLAN_RULE.lines, PLAN_RULE.assess


ASSIGNMENT = Assignment(
    "capstone",
    data=_team,  # each learner's own team, from the id the submission came from
    kernel_files=team_files,
    items=[
        Item("capstone_team", answer="trainee_id", points=1, components=["territory"],
             key=lambda ctx: _capstone().normal_id(ctx.learner), assess=assess_team),
        Item("capstone_constraints", answer="constraints", points=10, integration=True, components=list(PARTS),
             key=true_constraints, assess=assess_constraints),
        Item("capstone_risk", answer="miss_risk", points=5, integration=True,
             components=["hygiene", "forecasting"], key=true_risk, assess=assess_risk),
        Item("capstone_plan", answer="coaching_plan", points=8, integration=True, components=list(PARTS),
             key=lambda ctx: truth_plan(ctx.data), assess=assess_plan),
    ],
)


# -- the facilitator's answer sheet (never released: this file is not) ---------------------------


def answer_sheet(trainee_id: str, *, plans: bool = True) -> str:
    """One trainee's answer sheet, for the facilitator: their team's mix, each rep's truth, the plan's lines.

    ``python solutions/capstone/answer_key.py ana.lopez ben.okafor`` prints the sheets of those
    trainees (``--no-plans`` leaves out the reference plans' futures, a few seconds a trainee).
    """
    import sefkit
    from sefkit import system
    from sefkit.classroom.grading.declare import Context

    capstone = _capstone()
    learner = capstone.normal_id(trainee_id)
    ctx = Context(learner=learner, data=_team(learner))
    team, seed = ctx.data, capstone.trainee_seed(learner, capstone.course_secret(COURSE))
    mix = capstone.team_mix(seed)
    about = sefkit.scenarios().set_index("name").loc[mix["scenario"], "description"]
    truth = _truth(team)
    diagnosis = system.diagnose(team).set_index("rep_id")["binding_constraint"]
    out = [f"# Capstone answer sheet: trainee {learner} (seed {seed})", "",
           f"Ecosystem issue: {mix['scenario']}: {about}", f"Team-wide weakness: {mix['weakness']}", "",
           "| rep | true binding constraint | runner-up | close (half a point) | the diagnosis names |",
           "| --- | --- | --- | --- | --- |"]
    for rep, row in truth.iterrows():
        out.append(f"| {rep} | {row['true_constraint']} | {row['runner_up']} | {'yes' if row['close'] else 'no'} "
                   f"| {diagnosis[rep]} |")
    rule, record, risk_half, risk_full = risk_lines(ctx)
    out += ["", f"Attainment risk in {capstone.DECISION_QUARTER} ({RISK_FUTURES} futures), expected Brier score "
                f"(lower is better): the 3x rule {rule:.3f}, the team's record {record:.3f}; half the points from "
                f"{risk_half:.3f}, full marks from {risk_full:.3f}.",
            "| rep | chance of missing quota (the key) | coverage this morning |", "| --- | --- | --- |"]
    cover = capstone.coverage_today(team).set_index("rep_id")["coverage"]
    out += [f"| {rep} | {chance:.0%} | {cover[rep]:.1f}x |" for rep, chance in true_risk(ctx).items()]
    if plans:
        half, full = lines(ctx)
        out += ["", f"Coaching plan ({QUARTERS_AHEAD} quarters ahead, {REPLICATIONS} futures), expected gain:"]
        out += [f"* {name}: {value:,.0f}" for name, value in reference_gains(ctx).items()]
        out += [f"* half the points from {half:,.0f}, full marks from {full:,.0f}"]
    return "\n".join(out)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Print capstone answer sheets for facilitators.")
    parser.add_argument("trainee_ids", nargs="+")
    parser.add_argument("--no-plans", action="store_true", help="leave out the reference plans' futures")
    args = parser.parse_args()
    print("\n\n".join(answer_sheet(t, plans=not args.no_plans) for t in args.trainee_ids))
