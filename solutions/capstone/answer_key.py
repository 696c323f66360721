"""The capstone, declared once: each autograded item, its answer key, and how it is marked.

Read by the grading process only (sefkit.classroom.grading.autograde); never released, never
run in a learner's kernel. docs/ASSIGNMENT_CAPSTONE.md explains the design.

**Every trainee has their own team**, built from the id the submission came from
(``ctx.learner``, nbgrader's student id) by :func:`sefkit.classroom.capstone.trainee_team`: the
keys never read the id the notebook recorded, so typing someone else's id earns nothing but
that other team's answers, graded against one's own. ``capstone_team`` says so in words.

Keys computed before the learner's code runs (``check.prepare``) are cheap (the team, the
truth); the futures the risk call and the coaching plan are judged on run later, in
``assess``, and only for an answer that can be judged (a blank or faked submission runs none).
"""

from functools import lru_cache

from sefkit.classroom.grading.declare import Assignment, Item

#: A rep's diagnosis earns this share of their point when it names the truth's close runner-up.
RUNNER_UP_SHARE = 0.5
#: How far ahead the plan is judged, and over how many futures (the same futures for every plan).
QUARTERS_AHEAD, REPLICATIONS = 2, 10
#: The plan earns half its points from this share of the way from the best simple plan to the
#: truth's plan, full marks from the second (assignment 08's rule).
HALF_SHARE, FULL_SHARE = 0.2, 0.65
PARTS = ("territory", "prospecting", "qualification", "calls", "deal_management", "hygiene", "forecasting")


@lru_cache(maxsize=8)  # a grading process grades one learner at a time: keep the last few teams
def _team(learner: str):
    from sefkit.classroom import capstone

    return capstone.trainee_team(learner)


def _capstone():
    from sefkit.classroom import capstone

    return capstone


# -- the team used ---------------------------------------------------------------------------


def assess_team(ctx, answer) -> tuple[float, str]:
    """1 when the notebook built the team of the trainee who submitted it; else the two ids, in words."""
    capstone = _capstone()
    try:
        used = capstone.normal_id(answer)
    except ValueError as err:
        return 0.0, f"trainee_id could not be read: {err}."
    mine = capstone.normal_id(ctx.learner)
    if used == mine:
        return 1.0, f"This notebook built your own team (trainee {mine})."
    return 0.0, (f"This notebook built the team of trainee {used!r}, but it was submitted by {mine!r}: every item "
                 f"is graded against {mine!r}'s team, so answers read off another team's data are wrong here. "
                 "Set trainee_id to your own id and run the notebook again.")


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


# -- C. the coaching plan, by its expected effect -------------------------------------------------


def truth_plan(team) -> dict:
    """MINUTES a week on each of the manager's reps' true weakest skill (the hidden truth)."""
    capstone = _capstone()
    true = _truth(team)["true_constraint"]
    return {r: {str(true[r]): capstone.MINUTES} for r in capstone.my_reps(team)}


def reference_plans(team) -> dict:
    """The four reference plans of the same budget."""
    from sefkit import coaching

    capstone = _capstone()
    reps = capstone.my_reps(team)
    return {"nobody": {}, "prospecting only": coaching.focus_plan(team, "prospecting", capstone.MINUTES, reps=reps),
            "spread evenly": coaching.even_plan(team, capstone.MINUTES, reps=reps),
            "the truth's plan": truth_plan(team)}


def gain(team, plan) -> float:
    """A plan's expected extra money won over the quarters ahead (the whole team), against coaching nobody."""
    from sefkit import coaching

    if not plan:
        return 0.0
    return float(coaching.expected_gain(team, plan, quarters_ahead=QUARTERS_AHEAD,
                                        replications=REPLICATIONS)["gain"])


def reference_gains(ctx) -> dict:
    """Each reference plan's expected gain on this learner's team (computed when first needed)."""
    return ctx.value("reference gains", lambda c: {n: gain(c.data, p) for n, p in reference_plans(c.data).items()})


def lines(ctx) -> tuple[float, float]:
    """(the gain from which a plan earns half its points, the gain from which it earns full marks)."""
    g = reference_gains(ctx)
    simple = max(g["prospecting only"], g["spread evenly"], g["nobody"])
    room = g["the truth's plan"] - simple
    return simple + HALF_SHARE * room, simple + FULL_SHARE * room


def assess_plan(ctx, answer) -> tuple[float, str]:
    """The plan checked against the case, then judged by its expected gain against the reference plans."""
    from sefkit import coaching, plots

    capstone = _capstone()
    team, mine = ctx.data, capstone.my_reps(ctx.data)
    try:
        plan = coaching.check_plan(team, answer)
    except (ValueError, TypeError) as err:
        return 0.0, f"coaching_plan could not be run: {err}. Write it as {{rep: {{part: minutes}}}}."
    others = sorted(set(plan) - set(mine))
    if others:
        return 0.0, (f"coaching_plan coaches {', '.join(others)}, who do not report to you ({capstone.MANAGER}); "
                     f"coach only your reps: {', '.join(mine)}.")
    used = sum(m for per in plan.values() for m in per.values())
    if used > capstone.BUDGET + 0.5:  # half a minute: plans rounded to one decimal per part
        return 0.0, (f"coaching_plan asks for {used:,.0f} minutes a week; you have {capstone.BUDGET:,.0f}. "
                     "Cut it to fit your week, then run it again.")
    if not plan:
        return 0.0, "coaching_plan coaches nobody: it adds nothing."
    mine_gain = gain(team, plan)
    half, full = lines(ctx)
    said = (f"Your plan is expected to add about {plots.short_money(mine_gain)} over the "
            f"{QUARTERS_AHEAD} quarters ahead")
    if mine_gain >= full:
        return 1.0, f"{said}: close to what coaching each rep's true weakest part would add. Well done."
    if mine_gain >= half:
        return 0.5, (f"{said}: more than coaching prospecting only or spreading the minutes evenly, but well short "
                     "of coaching where each rep really falls short. Half the points.")
    return 0.0, (f"{said}: no more than coaching prospecting only or spreading the same minutes evenly would. "
                 "Look at where each rep falls short.")


ASSIGNMENT = Assignment(
    "capstone",
    data=_team,  # each learner's own team, from the id the submission came from
    items=[
        Item("capstone_team", answer="trainee_id", points=1, components=["territory"],
             key=lambda ctx: _capstone().normal_id(ctx.learner), assess=assess_team),
        Item("capstone_constraints", answer="constraints", points=10, integration=True, components=list(PARTS),
             key=true_constraints, assess=assess_constraints),
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
    team, seed = ctx.data, capstone.trainee_seed(learner)
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
