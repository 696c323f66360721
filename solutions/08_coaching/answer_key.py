"""Graded exercise 8, declared once: each autograded item, its answer key and its known mistakes.

Read by the grading process only (sefkit.classroom.grading.autograde); never released, never
run in a learner's kernel. Every key is computed from the same seeded team the notebook
builds; no number is typed here. docs/ASSIGNMENT_08.md explains the items.

**The coaching plan (B1) is marked by what it does**, not by what it equals: its expected
extra money won over the four quarters ahead against coaching nobody
(:func:`sefkit.whole_job.coaching.expected_gain`, :data:`REPLICATIONS` futures, the same
futures for every plan), set against four reference plans of the same budget (coaching
nobody, prospecting only, spread evenly, and the plan the hidden truth would choose:
:data:`MINUTES` a week on each rep's true weakest skill). Full marks at or above
:data:`FULL_SHARE` of the way from the best simple plan (coaching nobody, prospecting only,
spread evenly) to the truth's plan; half the points from :data:`HALF_SHARE` of the way (clearly better than both simple
plans, not merely level with them within the futures' luck); nothing below that. The
reference plans' effects are computed once per grading process (``same_for_every_learner``).
"""

from functools import cache

from sefkit.classroom.grading.declare import Assignment, Fact, Item
from sefkit.classroom.grading.plan_rule import PlanRule
from sefkit.classroom.practice import Misconception

SEED = 3
#: The manager whose reps the learner coaches, and the minutes a week they have for it.
MANAGER, BUDGET = "M01", 480.0
#: Minutes a week per rep in the reference plans (BUDGET spread over the manager's eight reps).
MINUTES = 60.0
#: How far ahead a plan is judged, and over how many futures.
QUARTERS_AHEAD, REPLICATIONS = 4, 20
#: Half the points from this share of the way from the best simple plan to the truth's plan,
#: full marks from the second: clearly better than the simple plans, and near the truth's.
HALF_SHARE, FULL_SHARE = 0.2, 0.65
#: The rep of A1, the quarters of A2 and the rep of the written review.
REP, QUARTERS, REVIEW_REP = "R03", ("2026Q3", "2026Q4"), "R01"


@cache
def _team():
    from sefkit import simulate

    return simulate("northwind", seed=SEED)


def _true_constraints(team) -> dict:
    """Each rep's true weakest skill over the whole run (the hidden truth)."""
    from sefkit import system

    return system.true_constraint(team).set_index("rep_id")["true_constraint"].to_dict()


#: B1's rule: the plan's expected gain over the four quarters ahead against the four reference plans.
PLAN_RULE = PlanRule(manager=MANAGER, budget=BUDGET, minutes=MINUTES, quarters_ahead=QUARTERS_AHEAD,
                     replications=REPLICATIONS, truth=_true_constraints, horizon="the four quarters ahead",
                     half_share=HALF_SHARE, full_share=FULL_SHARE)
reps, truth_plan, reference_plans = PLAN_RULE.reps, PLAN_RULE.truth_plan, PLAN_RULE.reference_plans
gain, reference_gains, lines, assess_plan = PLAN_RULE.gain, PLAN_RULE.reference_gains, PLAN_RULE.lines, PLAN_RULE.assess


# -- Part A -----------------------------------------------------------------------------------


def constraint(ctx):
    from sefkit import system

    return str(system.diagnose(ctx.data).set_index("rep_id").loc[REP, "binding_constraint"])


def runner_up(ctx):
    from sefkit import system

    return str(system.diagnose(ctx.data).set_index("rep_id").loc[REP, "next_weakest"])


def _attainment(team):
    from sefkit import territory

    return territory.attainment(team).pivot(index="rep_id", columns="quarter", values="attainment")


def rank_correlation(ctx, ranks=True):
    """How the reps' order on attainment agrees from one quarter to the next (Spearman: Pearson of the ranks)."""
    a = _attainment(ctx.data)[list(QUARTERS)]
    a = a.rank() if ranks else a
    return float(a[QUARTERS[0]].corr(a[QUARTERS[1]]))


def diagnosis_plan(team) -> dict:
    from sefkit import coaching

    return coaching.diagnosis_plan(team, MINUTES, reps=reps(team))


def _what_if(team, replications=REPLICATIONS):
    from sefkit import coaching

    out = coaching.what_if(team, diagnosis_plan(team), quarters_ahead=QUARTERS_AHEAD, by="team",
                           replications=replications)
    return out[out["metric"] == "won_amount"].set_index("quarter")["difference"]


def diagnosis_gain(ctx):
    return ctx.value("diagnosis gain", lambda c: float(_what_if(c.data).sum()))


def single_what_if_gain(ctx):
    return float(_what_if(ctx.data, None).sum())


def first_quarter_gain(ctx):
    return float(_what_if(ctx.data).iloc[0])


def best_quarter(ctx):
    return str(_what_if(ctx.data).idxmax())


def first_quarter(ctx):
    return str(_what_if(ctx.data).index[0])


FACTS = [
    Fact("R01's attainment swings from 0% (2026Q1) to 155% (2026Q3) and 31% (2026Q4), and above 200% in 2025Q4.",
         lambda ctx: [round(float(_attainment(ctx.data).loc[REVIEW_REP, q]), 2) for q in
                      ("2026Q1", "2026Q3", "2026Q4", "2025Q4")] == [0.0, 1.55, 0.31, 2.23]),
    Fact("R01 had the lowest attainment of the manager's reps in 2026Q4.",
         lambda ctx: _attainment(ctx.data).loc[reps(ctx.data), "2026Q4"].idxmin() == REVIEW_REP),
    Fact("The diagnosis names deal management for R01 (about 31% of decided deals won against 41% for the team, "
         "on 99 decided deals), with territory the runner-up; R01 is ahead of the team on prospecting.",
         lambda ctx: _r01(ctx.data)),
    Fact("For the debrief: the hidden truth names deal management as R01's weakest skill too.",
         lambda ctx: _truth(ctx.data).loc[REVIEW_REP] == "deal_management"),
    Fact("Attainment in 2026Q3 and 2026Q4 hardly agree: the rank correlation is between -0.3 and 0.3.",
         lambda ctx: abs(rank_correlation(ctx)) < 0.3),
    Fact("The diagnosis plan's expected gain grows quarter by quarter: the first quarter brings less than a tenth "
         "of the year's.",
         lambda ctx: _what_if(ctx.data).is_monotonic_increasing and first_quarter_gain(ctx) < 0.1 * diagnosis_gain(ctx)),
    Fact("The diagnosis plan earns full marks on B1; prospecting only and spreading evenly earn nothing.",
         lambda ctx: assess_plan(ctx, diagnosis_plan(ctx.data))[0] == 1.0
         and assess_plan(ctx, reference_plans(ctx.data)["prospecting only"])[0] == 0.0
         and assess_plan(ctx, reference_plans(ctx.data)["spread evenly"])[0] == 0.0),
]


def _truth(team):
    from sefkit import system

    return system.true_constraint(team).set_index("rep_id")["true_constraint"]


def _r01(team) -> bool:
    from sefkit import system

    d = system.diagnose(team).set_index("rep_id").loc[REVIEW_REP]
    m = system.measures(team).set_index(["rep_id", "component"])
    return (d["binding_constraint"] == "deal_management" and d["next_weakest"] == "territory"
            and round(float(m.loc[(REVIEW_REP, "deal_management"), "value"]), 2) == 0.31
            and round(float(m.loc[(REVIEW_REP, "deal_management"), "team_value"]), 2) == 0.41
            and int(m.loc[(REVIEW_REP, "deal_management"), "observations"]) == 99
            and float(system.scorecard(team).loc[REVIEW_REP, "prospecting"]) > 0)


PART_NAMES = ("territory", "prospecting", "qualification", "calls", "deal_management", "hygiene", "forecasting")

ASSIGNMENT = Assignment(
    "08_coaching",
    data=lambda learner: _team(),  # the same team for every learner in this assignment
    same_for_every_learner=True,
    facts=FACTS,
    items=[
        Item("coaching_constraint", answer="constraint_r03", points=1, components=["calls"], key=constraint,
             misconceptions=[Misconception(runner_up, "That is R03's runner-up on the diagnosis (next_weakest), "
                                                      "not the weakest link.")],
             wrong="constraint_r03 is not the part of the job the whole-run diagnosis names for R03."),
        Item("coaching_rank_correlation", answer="rank_correlation", points=1, components=["forecasting"],
             key=rank_correlation, abs_tol=0.01,
             misconceptions=[Misconception(lambda ctx: rank_correlation(ctx, ranks=False),
                                           "That is the correlation of the attainment values themselves (Pearson); "
                                           "the question asks how the reps' ranks agree (rank them first).")],
             wrong="rank_correlation is not the rank correlation of the reps' attainment in 2026Q3 and 2026Q4."),
        Item("coaching_expected_gain", answer="expected_gain", points=2, components=["deal_management"],
             key=diagnosis_gain, rel_tol=0.01,
             misconceptions=[Misconception(single_what_if_gain,
                                           "That is one future's what-if (no replications): it mixes the plan's "
                                           "effect with that future's luck. Ask for the expected effect.")],
             wrong="expected_gain is not the diagnosis plan's expected extra money over the four quarters ahead."),
        Item("coaching_payback_quarter", answer="payback_quarter", points=2, integration=True,
             components=["prospecting", "deal_management"], key=best_quarter,
             misconceptions=[Misconception(first_quarter,
                                           "Coaching does not pay at once: a skill learnt now changes deals that "
                                           "close a sales cycle later. Read the quarters ahead one by one.")],
             wrong="payback_quarter is not the quarter in which the plan is expected to add the most money."),
        Item("coaching_plan", answer="coaching_plan", points=4, integration=True,
             components=list(PART_NAMES), key=lambda ctx: truth_plan(ctx.data), assess=assess_plan),
    ],
)
