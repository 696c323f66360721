"""Graded exercise 9, declared once: each autograded item, its answer key and its known mistakes.

Read by the grading process only (sefkit.classroom.grading.autograde); never released, never
run in a learner's kernel. Every key is computed from the same seeded team the notebook
builds (the ``product_gap`` scenario: from 2026Q1 a competitor ships a feature the product
lacks), with sefkit's own functions; no number is typed here. docs/ASSIGNMENT_09.md explains
the items.

**The ecosystem item.** The team's win rate fell in 2026, and the VP blames the reps' deal
skills. The data says the product: nearly every rep fell at once, the loss reason that grew
is ``product_gap``, marketing's share of new deals did not move, and on the decisions the
reps' selling decides (won, or lost to a competitor or on price) the team won about as often
as before. A siloed learner, who reads the win rate as a deal-management measure, answers
"the reps" and reports the raw fall as the reps' own: B1 and B2.
"""

from functools import cache

from sefkit.classroom.grading.declare import Assignment, Fact, Item
from sefkit.classroom.practice import Misconception

SCENARIO, SEED = "product_gap", 7
BEFORE = ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
AFTER = ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
#: The answers B2 accepts: who drove the fall in the team's win rate.
CAUSES = ("reps", "marketing", "product")


@cache
def _team():
    from sefkit import simulate

    return simulate(SCENARIO, seed=SEED)


def _rate(team, year):
    from sefkit import deals

    return deals.win_rate(team, quarter=year)


def _endings(team, year):
    from sefkit import deals

    return deals.loss_reason_shares(team, quarter=year, by=[]).iloc[0]


def _marketing_share(team, year):
    from sefkit import deals

    return float(deals.created_by_source(team, quarter=year, by=[])["marketing_share"].iloc[0])


def _won_plus_lost(team, year):
    from sefkit import deals

    closed = deals.closed_deals(team, quarter=year)
    won, lost = (closed["outcome"] == "won").sum(), (closed["outcome"] == "lost").sum()
    return float(won / (won + lost))


def selling_win_rate_of(endings):
    """Win rate on the decisions the reps' selling decides: won / (won + lost to a competitor + lost on price)."""
    return float(endings["won"] / (endings["won"] + endings["competitor"] + endings["price"]))


def _rep_rates(team, year):
    from sefkit import deals

    return deals.outcome_counts(team, quarter=year)["win_rate"]


# -- Part A: what happened ----------------------------------------------------------------------

def win_rate_change(ctx):
    return float(_rate(ctx.data, AFTER) - _rate(ctx.data, BEFORE))


def marketing_share_change(ctx):
    return _marketing_share(ctx.data, AFTER) - _marketing_share(ctx.data, BEFORE)


def product_gap_share(ctx):
    return float(_endings(ctx.data, AFTER)["product_gap"])


def reps_fell(ctx):
    return int((_rep_rates(ctx.data, AFTER) < _rep_rates(ctx.data, BEFORE)).sum())


# -- Part B: whose doing ----------------------------------------------------------------------------

def selling_change(ctx):
    return selling_win_rate_of(_endings(ctx.data, AFTER)) - selling_win_rate_of(_endings(ctx.data, BEFORE))


def cause(ctx):
    return "product"


def _lost_share(ctx):
    from sefkit import deals

    closed = deals.closed_deals(ctx.data, quarter=AFTER)
    lost = closed[closed["outcome"] == "lost"]
    return float((lost["loss_reason"] == "product_gap").mean())


def _pushes(team, year):
    from sefkit import pipeline

    return int(pipeline.slippage(team, quarter=year)["pushes"].sum())


RAW_FALL = ("That is the fall of the team's whole win rate, product-gap losses included: it counts deals no "
            "selling could have won. Look at the decisions the reps' selling decides.")

FACTS = [
    Fact("The team's win rate fell by about 6 percentage points, from about 29% in 2025 to about 23% in 2026 (A1).",
         lambda ctx: round(win_rate_change(ctx), 2) == -0.06 and round(_rate(ctx.data, BEFORE), 2) == 0.29
         and round(_rate(ctx.data, AFTER), 2) == 0.23),
    Fact("About 29% of 2026's decided deals were lost to a product gap, against about 13% in 2025 (A3), the "
         "loss reason that grew most.",
         lambda ctx: round(product_gap_share(ctx), 2) == 0.29
         and round(float(_endings(ctx.data, BEFORE)["product_gap"]), 2) == 0.13
         and (_endings(ctx.data, AFTER) - _endings(ctx.data, BEFORE)).drop(["decided", "won"]).idxmax()
         == "product_gap"),
    Fact("Nine of the ten reps fell (A4); marketing's share of new opportunities moved by less than 2 points (A2).",
         lambda ctx: reps_fell(ctx) == 9 and abs(marketing_share_change(ctx)) < 0.02),
    Fact("On the decisions the reps' selling decides the team won slightly more often in 2026 (B1: up about "
         "3 points, from about 47% to about 50%).",
         lambda ctx: round(selling_change(ctx), 2) == 0.03
         and round(selling_win_rate_of(_endings(ctx.data, BEFORE)), 2) == 0.47
         and round(selling_win_rate_of(_endings(ctx.data, AFTER)), 2) == 0.50),
    Fact("Close-date pushes rose from about 540 in 2025 to about 660 in 2026 (decisions waiting for the release).",
         lambda ctx: round(_pushes(ctx.data, BEFORE), -1) == 540 and round(_pushes(ctx.data, AFTER), -1) == 660),
]


ASSIGNMENT = Assignment(
    "09_ecosystem",
    data=lambda learner: _team(),  # the same team for every learner in this assignment
    same_for_every_learner=True,
    facts=FACTS,
    items=[
        Item("ecosystem_win_rate_change", answer="win_rate_change", points=2, components=["deal_management"],
             key=win_rate_change, abs_tol=0.005,
             misconceptions=[
                 Misconception(lambda ctx: _won_plus_lost(ctx.data, AFTER) - _won_plus_lost(ctx.data, BEFORE),
                               "You divided by won + lost and left out the no-decision deals; they count in the "
                               "win rate."),
                 Misconception(lambda ctx: -win_rate_change(ctx),
                               "The sign is turned: the change is 2026's win rate minus 2025's."),
             ],
             wrong="win_rate_change is not the team's 2026 win rate minus its 2025 win rate."),
        Item("ecosystem_marketing_share_change", answer="marketing_share_change", points=1,
             components=["prospecting"], key=marketing_share_change, abs_tol=0.005,
             misconceptions=[Misconception(lambda ctx: _marketing_share(ctx.data, AFTER),
                                           "That is 2026's share itself; the question asks how much it changed.")],
             wrong="marketing_share_change is not marketing's share of new opportunities in 2026 minus 2025's."),
        Item("ecosystem_product_gap_share", answer="product_gap_share", points=2, components=["deal_management"],
             key=product_gap_share, abs_tol=0.005,
             misconceptions=[Misconception(_lost_share,
                                           "You divided by the lost deals only; the share is of every decided "
                                           "deal (won, lost and no decision).")],
             wrong="product_gap_share is not the share of 2026's decided deals lost to a product gap."),
        Item("ecosystem_reps_fell", answer="reps_fell", points=1, components=["deal_management"],
             key=reps_fell, abs_tol=0.0, rel_tol=0.0,
             wrong="reps_fell is not the number of reps whose 2026 win rate is below their 2025 win rate."),
        Item("ecosystem_selling_change", answer="selling_change", points=3, integration=True,
             components=["deal_management", "calls"], key=selling_change, abs_tol=0.005,
             misconceptions=[Misconception(win_rate_change, RAW_FALL)],
             wrong="selling_change is not how the reps' win rate on the decisions their selling decides changed "
                   "from 2025 to 2026."),
        Item("ecosystem_cause", answer="cause", points=2, integration=True,
             components=["deal_management", "prospecting"], key=cause,
             misconceptions=[
                 Misconception("reps", "Nearly every rep fell at once, and on the decisions their selling decides "
                                       "they won as often as before: look at what the buyers chose elsewhere for."),
                 Misconception("marketing", "Marketing's share of new deals barely moved; look at the loss reasons."),
             ],
             wrong="cause should be one of " + ", ".join(repr(c) for c in CAUSES) + "."),
    ],
)
