"""Graded exercise 5, declared once: each autograded item, its answer key and its known mistakes.

Read by the grading process only (sefkit.classroom.grading.autograde); never released, never
run in a learner's kernel. Every key is computed from the same seeded team the
notebook builds; no number is typed here. docs/ASSIGNMENT_05.md explains the items.
"""

from functools import cache

from sefkit.classroom.grading.declare import Assignment, Fact, Item
from sefkit.classroom.practice import Misconception

REP, QUARTER = "R08", "2026Q4"


@cache
def _team():
    from sefkit import simulate

    return simulate("northwind", seed=11)


def _history(team):
    """The quarters before 2026Q4: all a manager knows on its first day."""
    return team.quarters[: team.quarters.index(QUARTER)]


def _first_day(team):
    return team.quarter_bounds(QUARTER)[0]


# -- the keys (ctx.data is the team) --------------------------------------------------------


def coverage(ctx):
    from sefkit import pipeline

    return pipeline.coverage(ctx.data, rep=REP, quarter=QUARTER)["coverage"].iloc[0]


def stage_conversion(ctx):
    from sefkit import pipeline

    table = pipeline.stage_conversion(ctx.data, rep=REP, quarter=_history(ctx.data))
    return table.loc[table["stage"] == "propose", "conversion"].iloc[0]


def fastest_rep(ctx):
    from sefkit import pipeline

    table = pipeline.velocity(ctx.data, quarter="2026Q3")
    return table.sort_values("velocity", ascending=False, kind="stable")["rep_id"].iloc[0]


def zombie_count(ctx):
    from sefkit import pipeline

    return len(pipeline.zombies(ctx.data, as_of=_first_day(ctx.data)))


def _needed(team, quarters):
    from sefkit import pipeline

    return pipeline.coverage_needed(team, rep=REP, quarter=quarters).iloc[0]


def slip_rate(ctx):
    return _needed(ctx.data, _history(ctx.data))["slip_rate"]


def win_rate(ctx):
    from sefkit import deals

    return deals.win_rate(ctx.data, rep=REP, quarter=_history(ctx.data))


def required_coverage(ctx):
    return _needed(ctx.data, _history(ctx.data))["required_coverage"]


def _live(team):
    from sefkit import pipeline

    return pipeline.quality_coverage(team, rep=REP, quarter=QUARTER).iloc[0]


def quality_coverage(ctx):
    return _live(ctx.data)["quality_coverage"]


def _gap(team, needed, live_pipeline):
    return max(0.0, float(needed * _live(team)["quota"] - live_pipeline))


def coverage_gap(ctx):
    return _gap(ctx.data, required_coverage(ctx), _live(ctx.data)["quality_pipeline"])


def coverage_gap_from_own(ctx):
    """B3 built on the learner's own B1 and B2 (marked on method when both were right)."""
    quota = _live(ctx.data)["quota"]
    own = ctx.answers
    return max(0.0, (own["pipeline_required_coverage"] - own["pipeline_quality_coverage"]) * quota)


# -- the known mistakes -----------------------------------------------------------------------


def _all_open_coverage(ctx):
    from sefkit import pipeline

    team = ctx.data
    return pipeline.open_pipeline(team, _first_day(team), rep=REP)["amount"].sum() / _live(team)["quota"]


def _win_rate_without_no_decision(team, quarters):
    from sefkit import deals

    counts = deals.outcome_counts(team, rep=REP, quarter=quarters).iloc[0]
    return counts["won"] / (counts["won"] + counts["lost"])


def _needed_from(win, slip):
    from sefkit import pipeline

    return pipeline.required_coverage(win, slip)


def _every_quarter(ctx):
    return list(ctx.data.quarters)


def _rep_zombie_count(ctx):
    from sefkit import pipeline

    return int((pipeline.zombies(ctx.data, as_of=_first_day(ctx.data))["rep_id"] == REP).sum())


HINDSIGHT = ("You used all eight quarters, 2026Q4 included. On the quarter's first day nobody knows "
             "how its deals will end: use the seven quarters before it (HISTORY).")
NO_DECISION = ("You divided by won + lost and left out the 'no decision' deals: win rate counts every "
               "deal that reached a decision.")
WON_PLUS_LOST_CARRIED = ("This is built on a win rate without the 'no decision' deals (won / (won + lost)); "
                         "win rate counts every deal that reached a decision.")
HINDSIGHT_CARRIED = ("This is built on R08's record over all eight quarters, 2026Q4 included; on its first "
                     "day only the seven quarters before it are known (HISTORY).")

# -- what Part C's model answer relies on (checked by tests/test_personas.py) ------------------


def _record(team):
    from sefkit import territory

    table = territory.attainment(team, rep=REP)
    return table.set_index("quarter")["attainment"]


def _no_decision(team, rep=None):
    from sefkit import deals

    return deals.no_decision_rate(team, rep=rep, quarter=_history(team))


def _strong_win_rate(team, rep=None):
    from sefkit import deals

    bands = deals.outcome_by_band(team, rep=rep, quarter=_history(team)).set_index("band")
    return bands.loc["strong", "win_rate"]


def _most_decided(team):
    from sefkit import deals

    return deals.outcome_counts(team, quarter=_history(team))["decided"].idxmax()


FACTS = [
    Fact("On paper R08 starts 2026Q4 above the 3x rule (A1).", lambda ctx: coverage(ctx) > 3),
    Fact("Set against the coverage R08 needs from their own rates (B1, about 6.5x), the live pipeline "
         "(B2) is short: about 60% of what R08 needs, a gap of about $500k (B3).",
         lambda ctx: round(required_coverage(ctx), 1) == 6.5
         and round(quality_coverage(ctx) / required_coverage(ctx), 1) == 0.6
         and round(coverage_gap(ctx), -5) == 500_000),
    Fact("R08's win rate before 2026Q4 is about 23% and the slip rate about 32%.",
         lambda ctx: round(win_rate(ctx), 2) == 0.23 and round(slip_rate(ctx), 2) == 0.32),
    Fact("R08 missed quota in both quarters before 2026Q4 (2026Q2 and 2026Q3).",
         lambda ctx: bool((_record(ctx.data)[["2026Q2", "2026Q3"]] < 1).all())),
    Fact("R08 decided more deals than anyone on the team before 2026Q4, and about four in ten of them "
         "ended in no decision, against about three in ten for the team.",
         lambda ctx: _most_decided(ctx.data) == REP and round(_no_decision(ctx.data, REP), 1) == 0.4
         and round(_no_decision(ctx.data), 1) == 0.3),
    Fact("Deals R08 scored strong at qualification won less often than the team's strong deals.",
         lambda ctx: _strong_win_rate(ctx.data, REP) < _strong_win_rate(ctx.data) - 0.05),
    Fact("For the debrief: R08 finished 2026Q4 below quota.", lambda ctx: _record(ctx.data)["2026Q4"] < 1),
    Fact("For the debrief: the simulation's hidden truth names qualification as R08's weakest skill.",
         lambda ctx: _true_constraint(ctx.data) == "qualification"),
]


def _true_constraint(team):
    from sefkit import system

    truth = system.true_constraint(team, quarter="2026Q3").set_index("rep_id")
    return truth.loc[REP, "true_constraint"]


ASSIGNMENT = Assignment(
    "05_pipeline",
    data=lambda learner: _team(),  # the same team for every learner in this assignment
    same_for_every_learner=True,  # and no key reads the learner: keys computed once per grading
    facts=FACTS,
    items=[
        Item("pipeline_coverage", answer="coverage_rep", points=2, components=["hygiene"], key=coverage,
             misconceptions=[Misconception(_all_open_coverage,
                                           "You counted every open deal, including those due in later "
                                           "quarters: coverage counts only the pipeline due in 2026Q4.")],
             wrong="coverage_rep is not R08's coverage going into 2026Q4: open pipeline due in the quarter "
                   "(on its first day) / the quarter's quota."),
        Item("pipeline_stage_conversion", answer="propose_to_negotiate", points=1,
             components=["deal_management"], key=stage_conversion,
             wrong="propose_to_negotiate is not the share of R08's deals (closed before 2026Q4) that went "
                   "from propose on to negotiate; pipeline.stage_conversion with quarter=HISTORY gives it."),
        Item("pipeline_velocity", answer="fastest_rep", points=1, components=["hygiene"], key=fastest_rep,
             wrong="fastest_rep is not the rep with the highest velocity in 2026Q3 (pipeline.velocity)."),
        Item("pipeline_zombies", answer="zombie_count", points=1, components=["hygiene"], key=zombie_count,
             rel_tol=0, abs_tol=0.5,
             misconceptions=[Misconception(
                 _rep_zombie_count, "You counted R08's zombie deals only: the question asks about the whole team's.")],
             wrong="zombie_count is not the number of zombie deals the team carried on 2026Q4's first day."),
        # A5 and B1 within 0.5 % (not the default 1 %): on this team look-ahead (2026Q4 included) moves the
        # slip rate by 0.65 % and B1 by 0.88 %, while honest rounding (rates to 3 significant digits, B1 to
        # one decimal) stays within 0.15 %; at 1 % the look-ahead would pass as right.
        Item("pipeline_slippage", answer="slip_rate_rep", points=1, components=["hygiene"], key=slip_rate,
             rel_tol=0.005,
             misconceptions=[Misconception(lambda ctx: _needed(ctx.data, _every_quarter(ctx))["slip_rate"],
                                           HINDSIGHT)],
             wrong="slip_rate_rep is not R08's slip rate over the seven quarters before 2026Q4."),
        Item("pipeline_win_rate", answer="win_rate_rep", points=1, components=["deal_management"],
             key=win_rate,
             misconceptions=[
                 Misconception(lambda ctx: _win_rate_without_no_decision(ctx.data, _history(ctx.data)),
                               NO_DECISION),
                 # No hindsight message here: on this team R08's win rate over all eight quarters
                 # (0.225) is within A6's tolerance of the seven quarters' (0.226), so it is not a
                 # mistake A6 can tell apart; A5's slip rate catches the look-ahead.
             ],
             wrong="win_rate_rep is not R08's win rate over the seven quarters before 2026Q4."),
        Item("pipeline_required_coverage", answer="needed_coverage", points=2, integration=True,
             components=["qualification", "deal_management", "hygiene"], key=required_coverage,
             rel_tol=0.005,
             misconceptions=[
                 Misconception(3.0, "3x is the rule of thumb, not what R08 needs: build the coverage from "
                                    "R08's own win rate and slip rate (A5 and A6)."),
                 Misconception(lambda ctx: _needed_from(win_rate(ctx), 0.0),
                               "You left out slippage: part of the pipeline due in the quarter does not "
                               "close in it, so R08 needs more."),
                 Misconception(lambda ctx: _needed_from(
                     _win_rate_without_no_decision(ctx.data, _history(ctx.data)), slip_rate(ctx)),
                     WON_PLUS_LOST_CARRIED),
                 Misconception(lambda ctx: _needed(ctx.data, _every_quarter(ctx))["required_coverage"],
                               HINDSIGHT_CARRIED),
             ],
             wrong="needed_coverage is not the coverage R08 needs from their win rate and slip rate "
                   "before 2026Q4 (pipeline.required_coverage)."),
        Item("pipeline_quality_coverage", answer="real_coverage", points=2, integration=True,
             components=["hygiene"], key=quality_coverage,
             misconceptions=[Misconception(coverage, "This is the coverage on paper, zombie deals included: "
                                                     "set the zombie deals aside (pipeline.quality_coverage).")],
             wrong="real_coverage is not R08's coverage going into 2026Q4 once zombie deals are set aside."),
        Item("pipeline_coverage_gap", answer="pipeline_gap", points=2, integration=True,
             components=["qualification", "deal_management", "hygiene"], key=coverage_gap,
             abs_tol=1000, method=coverage_gap_from_own,
             uses=["pipeline_required_coverage", "pipeline_quality_coverage"],
             misconceptions=[
                 Misconception(0.0, "0 says R08 already had enough pipeline. Measured against the coverage "
                                    "R08 really needs (B1, not the 3x rule) and the pipeline without zombie "
                                    "deals (B2), R08 was short."),
                 Misconception(lambda ctx: _gap(ctx.data, required_coverage(ctx), _live(ctx.data)["pipeline"]),
                               "You counted zombie deals as live pipeline: the gap is against the pipeline "
                               "without them (B2)."),
                 Misconception(lambda ctx: _gap(ctx.data, _needed(ctx.data, _every_quarter(ctx))["required_coverage"],
                                                _live(ctx.data)["quality_pipeline"]), HINDSIGHT_CARRIED),
             ],
             wrong="pipeline_gap is not the live pipeline R08 was missing: the coverage needed (B1) x quota, "
                   "less the pipeline without zombies (B2), or 0 if that is negative."),
    ],
)
