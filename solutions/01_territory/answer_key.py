"""Graded exercise 1, declared once: each autograded item, its answer key and its known mistakes.

Read by the grading process only (sefkit.classroom.grading.autograde); never released, never
run in a learner's kernel. Every key is computed from the same seeded team the
notebook builds; no number is typed here. docs/ASSIGNMENT_01.md explains the items.
"""

from functools import cache

from sefkit.classroom.grading.declare import Assignment, Fact, Item
from sefkit.classroom.practice import Misconception

REP, QUARTER = "R06", "2026Q2"
LAST = "2026Q1"  # the quarter that has just ended


@cache
def _team():
    from sefkit import simulate

    return simulate("northwind", seed=29)


def _history(team):
    """The quarters before 2026Q2: all a manager knows on its first day."""
    return team.quarters[: team.quarters.index(QUARTER)]


def _first_day(team):
    return team.quarter_bounds(QUARTER)[0]


# -- the keys (ctx.data is the team) --------------------------------------------------------


def _tiers(team):
    from sefkit import territory

    return territory.account_tiers(team, rep=REP).set_index("tier")


def potential(ctx):
    return float(_tiers(ctx.data)["potential_acv"].sum())


def tier_a_share(ctx):
    return float(_tiers(ctx.data).loc["A", "potential_share"])


def _focus(team, quarters):
    from sefkit import territory

    return territory.prospecting_focus(team, quarter=quarters).set_index("rep_id")


def high_fit_share(ctx):
    return float(_focus(ctx.data, _history(ctx.data)).loc[REP, "high_fit_share"])


def _plan(team):
    from sefkit import territory

    return territory.account_plan(team, REP, LAST, n=10)


def top_customers(ctx):
    return int(_plan(ctx.data)["customer"].sum())


def _ranking(team, quarters):
    from sefkit import territory

    return territory.ranking_shift(team, quarter=quarters).set_index("rep_id")


def attainment_vs_potential(ctx):
    return float(_ranking(ctx.data, _history(ctx.data)).loc[REP, "attainment_vs_potential"])


def territory_problem(ctx):
    """The rep whose prospecting is aimed worst for their territory, among the reps who prospect at least as
    much as the team's middle rep: plenty of effort, in the wrong place."""
    focus = _focus(ctx.data, _history(ctx.data))
    busy = focus[focus["activities"] >= focus["activities"].median()]
    return str(busy["high_fit_lift"].idxmin())


def _tier_pipeline(team):
    from sefkit import territory

    return territory.pipeline_by_tier(team, _first_day(team), rep=REP).set_index("tier")


def _riskiest_tier(team):
    """The tier whose decided deals most often ended in no decision before 2026Q2 (the team's record)."""
    from sefkit import territory

    record = territory.outcomes_by_tier(team, quarter=_history(team)).set_index("tier")
    return str(record["no_decision_rate"].idxmax())


def pipeline_at_risk(ctx):
    return float(_tier_pipeline(ctx.data).loc[_riskiest_tier(ctx.data), "open_amount"])


# -- the known mistakes -----------------------------------------------------------------------


def _fewest_activities(ctx):
    return str(_focus(ctx.data, _history(ctx.data))["activities"].idxmin())


def _lowest_attainment(ctx):
    return str(_ranking(ctx.data, _history(ctx.data))["attainment"].idxmin())


def _customers_at_the_end(ctx):
    """The mistake: accounts.is_customer, which says who is a customer at the end of the run (hindsight)."""
    accounts = ctx.data.accounts.set_index("account_id")
    return int(accounts.loc[_plan(ctx.data)["account_id"], "is_customer"].sum())


def _tier_a_account_share(ctx):
    tiers = _tiers(ctx.data)
    return float(tiers.loc["A", "accounts"] / tiers["accounts"].sum())


HINDSIGHT = ("You used every quarter, 2026Q2 and later included. On 2026Q2's first day only the quarters "
             "before it are known (HISTORY).")

# -- what Part C's model answer relies on (checked by tests/test_personas.py) ------------------


def _busy_rank(team):
    focus = _focus(team, _history(team))
    return int(focus["activities"].rank(ascending=False, method="min")[REP])


def _attainment(team):
    from sefkit import territory

    return territory.attainment(team, rep=REP).set_index("quarter")["attainment"]


def _no_decision_by_tier(team, rep=None):
    from sefkit import territory

    return territory.outcomes_by_tier(team, rep=rep, quarter=_history(team)).set_index("tier")["no_decision_rate"]


def _true_constraint(team):
    from sefkit import system

    truth = system.true_constraint(team, quarter=LAST).set_index("rep_id")
    return truth.loc[REP, "true_constraint"]


FACTS = [
    Fact("R06 prospected more than most of the team before 2026Q2: the second-most activities of ten reps.",
         lambda ctx: _busy_rank(ctx.data) == 2),
    Fact("R06's aim is the worst on the team: about 22% of R06's activities reached high-fit accounts, which are "
         "about 15% of the territory, a lift of about 1.4 where every other rep reaches 1.5 or more.",
         lambda ctx: round(high_fit_share(ctx), 2) == 0.22
         and round(_focus(ctx.data, _history(ctx.data)).loc[REP, "high_fit_account_share"], 2) == 0.15
         and round(_focus(ctx.data, _history(ctx.data)).loc[REP, "high_fit_lift"], 1) == 1.4
         and bool((_focus(ctx.data, _history(ctx.data)).drop(REP)["high_fit_lift"] >= 1.5).all())),
    Fact("R06 made quota in both quarters before 2026Q2 (2025Q4 and 2026Q1): the results do not show it yet.",
         lambda ctx: bool((_attainment(ctx.data)[["2025Q4", "2026Q1"]] >= 1).all())),
    Fact("On the team's record, deals on tier-C accounts ended in no decision most often, in about four cases "
         "in ten, against about three in ten on tier A; about half of R06's own decided tier-C deals did.",
         lambda ctx: _riskiest_tier(ctx.data) == "C"
         and round(_no_decision_by_tier(ctx.data)["C"], 1) == 0.4
         and round(_no_decision_by_tier(ctx.data)["A"], 1) == 0.3
         and round(_no_decision_by_tier(ctx.data, REP)["C"], 1) == 0.5),
    Fact("About a quarter of R06's open pipeline on 2026Q2's first day (about $100k) sits on tier-C accounts.",
         lambda ctx: round(_tier_pipeline(ctx.data).loc["C", "amount_share"], 2) in (0.25, 0.26)
         and round(pipeline_at_risk(ctx), -5) == 100_000),
    Fact("For the debrief: R06 finished 2026Q2 and 2026Q3 below quota.",
         lambda ctx: bool((_attainment(ctx.data)[["2026Q2", "2026Q3"]] < 1).all())),
    Fact("For the debrief: the simulation's hidden truth names territory planning as R06's weakest skill.",
         lambda ctx: _true_constraint(ctx.data) == "territory"),
]


ASSIGNMENT = Assignment(
    "01_territory",
    data=lambda learner: _team(),  # the same team for every learner in this assignment
    same_for_every_learner=True,  # and no key reads the learner: keys computed once per grading
    facts=FACTS,
    items=[
        Item("territory_potential", answer="potential_rep", points=1, components=["territory"], key=potential,
             misconceptions=[Misconception(lambda ctx: float(_tiers(ctx.data).loc["A", "potential_acv"]),
                                           "That is the potential of the tier-A accounts only: the territory "
                                           "potential adds up every account.")],
             wrong="potential_rep is not R06's territory potential: the sum of potential_acv over its accounts."),
        Item("territory_tier_a_share", answer="tier_a_share", points=1, components=["territory"], key=tier_a_share,
             misconceptions=[Misconception(_tier_a_account_share,
                                           "That is the share of the accounts that are tier A; the question asks "
                                           "for the share of the potential (potential_share).")],
             wrong="tier_a_share is not the share of R06's territory potential in tier-A accounts."),
        Item("territory_high_fit_share", answer="high_fit_share_rep", points=1, components=["territory"],
             key=high_fit_share,
             misconceptions=[
                 Misconception(lambda ctx: float(_focus(ctx.data, None).loc[REP, "high_fit_share"]), HINDSIGHT),
                 Misconception(lambda ctx: float(_focus(ctx.data, _history(ctx.data)).loc[REP, "high_fit_account_share"]),
                               "That is the share of R06's accounts that are high fit, not the share of R06's "
                               "activities that reached them."),
             ],
             wrong="high_fit_share_rep is not the share of R06's activities before 2026Q2 on high-fit accounts."),
        Item("territory_top_customers", answer="top_customers", points=1, components=["territory"],
             key=top_customers, rel_tol=0, abs_tol=0.5,
             misconceptions=[Misconception(_customers_at_the_end,
                                           "The is_customer column says who is a customer at the end of the whole "
                                           "run, later quarters included. Judge at the end of 2026Q1: the account "
                                           "plan's customer column.")],
             wrong="top_customers is not the number of R06's ten highest-potential accounts that R06 had won by "
                   "the end of 2026Q1."),
        Item("territory_attainment_vs_potential", answer="share_of_potential", points=1,
             components=["territory"], key=attainment_vs_potential,
             misconceptions=[Misconception(lambda ctx: float(_ranking(ctx.data, _history(ctx.data)).loc[REP, "attainment"]),
                                           "That is attainment against quota. A quota is not the territory's "
                                           "potential: divide the money won by the potential.")],
             wrong="share_of_potential is not the share of R06's territory potential won before 2026Q2."),
        Item("territory_shortfall_cause", answer="territory_problem_rep", points=2, integration=True,
             components=["territory", "prospecting"], key=territory_problem,
             misconceptions=[
                 Misconception(_fewest_activities,
                               "That rep prospects less than anyone: if anything an effort problem, and a rep "
                               "with few good accounts shows a low high-fit share without aiming badly. Compare "
                               "where each busy rep's effort lands with what their territory holds."),
                 Misconception(_lowest_attainment,
                               "That rep's results are the weakest so far, but results lag: which busy rep "
                               "aims their prospecting worst for their territory?"),
             ],
             wrong="territory_problem_rep is not the rep whose coming shortfall lies in where they prospect "
                   "rather than how much."),
        Item("territory_pipeline_at_risk", answer="pipeline_at_risk", points=2, integration=True,
             components=["territory", "qualification"], key=pipeline_at_risk, abs_tol=1000,
             misconceptions=[
                 Misconception(lambda ctx: float(_tier_pipeline(ctx.data)["open_amount"].sum()),
                               "That is R06's whole open pipeline. The question asks for the part on the accounts "
                               "whose deals most often end in no decision."),
                 Misconception(lambda ctx: float(_tier_pipeline(ctx.data).loc["A", "open_amount"]),
                               "That is the pipeline on tier-A accounts, whose deals end in no decision least often "
                               "on the team's record."),
             ],
             wrong="pipeline_at_risk is not R06's open pipeline on 2026Q2's first day on the accounts whose "
                   "deals most often ended in no decision."),
    ],
)
