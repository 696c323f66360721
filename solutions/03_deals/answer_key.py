"""Graded exercise 3, declared once: each autograded item, its answer key and its known mistakes.

Read by the grading process only (sefkit.classroom.grading.autograde); never released, never
run in a learner's kernel. Every key is computed from the same seeded team the
notebook builds; no number is typed here. docs/ASSIGNMENT_03.md explains the items.
"""

from functools import cache

from sefkit.classroom.grading.declare import Assignment, Fact, Item
from sefkit.classroom.practice import Misconception

REP, QUARTER = "R04", "2026Q3"


@cache
def _team():
    from sefkit import simulate

    return simulate("northwind", seed=7)


def _history(team):
    """The quarters before 2026Q3: all a manager knows on its first day."""
    return team.quarters[: team.quarters.index(QUARTER)]


def _years(team):
    """The first year of HISTORY and the two quarters after it."""
    history = _history(team)
    return history[:4], history[4:]


def _profile(team, quarters):
    from sefkit import deals

    return deals.loss_profile(team, quarter=quarters).set_index("rep_id")


def _gaps(team):
    """Each rep's no-decision and lost-at-the-decision rates over HISTORY, minus the team's."""
    from sefkit import deals

    history = _history(team)
    profile = _profile(team, history)
    counts = deals.outcome_counts(team, quarter=history).sum()
    nd = profile["no_decision_rate"] - counts["no_decision"] / counts["decided"]
    lost = profile["lost_rate"] - counts["lost"] / counts["decided"]
    return nd, lost


# -- the keys (ctx.data is the team) --------------------------------------------------------


def win_rate_change(ctx):
    from sefkit import deals

    first, second = _years(ctx.data)
    return deals.win_rate(ctx.data, rep=REP, quarter=second) - deals.win_rate(ctx.data, rep=REP, quarter=first)


def strong_win_rate(ctx):
    from sefkit import deals

    bands = deals.outcome_by_band(ctx.data, quarter=_history(ctx.data)).set_index("band")
    return bands.loc["strong", "win_rate"]


def no_decision_rate(ctx):
    from sefkit import deals

    return deals.no_decision_rate(ctx.data, rep=REP, quarter=_history(ctx.data))


def busiest_rep(ctx):
    from sefkit import deals

    load = deals.deal_load(ctx.data, quarter=_history(ctx.data)).set_index("rep_id")
    return load["open_deals"].idxmax()


def cycle(ctx):
    from sefkit import deals

    return deals.cycle_length(ctx.data, quarter=_history(ctx.data))


def diagnosis(ctx):
    nd, lost = _gaps(ctx.data)
    return "qualification" if nd[REP] > lost[REP] else "deal_management"


def deal_management_rep(ctx):
    nd, lost = _gaps(ctx.data)
    return (lost - nd).idxmax()


# -- the known mistakes -----------------------------------------------------------------------


def _won_over_won_lost(team, rep, quarters):
    from sefkit import deals

    counts = deals.outcome_counts(team, quarter=quarters).sum() if rep is None else \
        deals.outcome_counts(team, rep=rep, quarter=quarters).iloc[0]
    return counts["won"] / (counts["won"] + counts["lost"])


def _change_without_no_decision(ctx):
    first, second = _years(ctx.data)
    return _won_over_won_lost(ctx.data, REP, second) - _won_over_won_lost(ctx.data, REP, first)


def _strong_without_no_decision(ctx):
    from sefkit import deals

    row = deals.outcome_by_band(ctx.data, quarter=_history(ctx.data)).set_index("band").loc["strong"]
    return row["won"] / (row["won"] + row["lost"])


def _no_decision_of_everything(ctx):
    """The mistake: no decisions over every deal that ended, disqualified ones included."""
    row = _profile(ctx.data, _history(ctx.data)).loc[REP]
    return row["no_decision_rate"] * row["decided"] / (row["decided"] + row["disqualified"])


def _most_decided(ctx):
    return _profile(ctx.data, _history(ctx.data))["decided"].idxmax()


def _won_cycle(ctx):
    from sefkit import deals

    won = deals.won_deals(ctx.data, quarter=_history(ctx.data))
    return float(deals.cycle_days(won).median())


def _lowest_win_rate(ctx):
    return _profile(ctx.data, _history(ctx.data))["win_rate"].idxmin()


NO_DECISION = ("You divided by won + lost and left out the 'no decision' deals: win rate counts every "
               "deal that reached a decision.")

# -- what Part C's model answer relies on (checked by tests/test_personas.py) ------------------


def _load(team):
    from sefkit import deals

    return deals.deal_load(team, quarter=_history(team)).set_index("rep_id")


def _true_constraint(team):
    from sefkit import system

    truth = system.true_constraint(team, quarter=_history(team)[-1]).set_index("rep_id")
    return truth.loc[REP, "true_constraint"]


def _longest_cycle(team):
    from sefkit import deals

    summary = deals.deal_summary(team, quarter=_history(team)).set_index("rep_id")
    return summary["median_cycle_days"].idxmax()


def _rep_cycle(team):
    from sefkit import deals

    return deals.cycle_length(team, rep=REP, quarter=_history(team))


def _band(team, rep):
    from sefkit import deals

    return deals.outcome_by_band(team, rep=rep, quarter=_history(team)).set_index("band")


FACTS = [
    Fact("R04's win rate fell by about 10 points, from about 33% in 2025 to about 23% in 2026Q1-Q2 (A1).",
         lambda ctx: round(win_rate_change(ctx), 2) == -0.10),
    Fact("Nearly four in ten of R04's decided deals ended in no decision (A3), the most on the team, "
         "while R04 lost the smallest share at the decision and the fewest to a competitor.",
         lambda ctx: round(no_decision_rate(ctx), 2) == 0.38
         and _profile(ctx.data, _history(ctx.data))["no_decision_rate"].idxmax() == REP
         and _profile(ctx.data, _history(ctx.data))["lost_rate"].idxmin() == REP
         and _profile(ctx.data, _history(ctx.data))["competitor_loss_rate"].idxmin() == REP),
    Fact("R04 carried the most open deals on a typical Monday (about 27, A4) and gave each the fewest calls "
         "a week (about 0.5).",
         lambda ctx: busiest_rep(ctx) == REP and round(_load(ctx.data).loc[REP, "open_deals"]) == 27
         and _load(ctx.data)["calls_per_deal_week"].idxmin() == REP
         and round(_load(ctx.data).loc[REP, "calls_per_deal_week"], 1) == 0.5),
    Fact("R04's median cycle is the longest on the team, about 110 days against the team's 77 (A5).",
         lambda ctx: _longest_cycle(ctx.data) == REP and round(cycle(ctx)) == 77
         and round(_rep_cycle(ctx.data)) == 110),
    Fact("More than half of the deals R04 scored fair ended in no decision.",
         lambda ctx: _band(ctx.data, REP).loc["fair", "no_decision_rate"] > 0.5),
    Fact("For the debrief: the simulation's hidden truth names calls as R04's weakest skill (deals that get "
         "few good calls stall and go dark: lesson 4).",
         lambda ctx: _true_constraint(ctx.data) == "calls"),
]

WIN_RATE_WRONG = "is not the change of R04's win rate from 2025 to 2026Q1-Q2 (second period minus first)."

ASSIGNMENT = Assignment(
    "03_deals",
    data=lambda learner: _team(),  # the same team for every learner in this assignment
    facts=FACTS,
    same_for_every_learner=True,  # and no key reads the learner: keys computed once per grading
    items=[
        Item("deals_win_rate_change", answer="win_rate_change", points=1, components=["deal_management"],
             key=win_rate_change, abs_tol=0.005,
             misconceptions=[Misconception(_change_without_no_decision, NO_DECISION)],
             wrong="win_rate_change " + WIN_RATE_WRONG),
        Item("deals_strong_win_rate", answer="strong_win_rate", points=1, components=["qualification"],
             key=strong_win_rate,
             misconceptions=[Misconception(_strong_without_no_decision, NO_DECISION)],
             wrong="strong_win_rate is not the team's win rate of deals scored strong (17-24) over HISTORY."),
        Item("deals_no_decision_rate", answer="no_decision_rep", points=1, components=["qualification"],
             key=no_decision_rate,
             misconceptions=[Misconception(_no_decision_of_everything,
                                           "You divided by every deal that ended, disqualified ones included: "
                                           "the no-decision rate is a share of decided deals.")],
             wrong="no_decision_rep is not R04's no-decision rate over HISTORY."),
        Item("deals_busiest_rep", answer="busiest_rep", points=1, components=["deal_management"],
             key=busiest_rep,
             misconceptions=[Misconception(_most_decided,
                                           "That rep closed the most deals; the question asks who carried the "
                                           "most open deals on a typical Monday (deals.deal_load).")],
             wrong="busiest_rep is not the rep with the most open deals on a typical Monday over HISTORY."),
        Item("deals_cycle", answer="cycle_rep", points=1, components=["deal_management"], key=cycle,
             rel_tol=0, abs_tol=0.5,
             misconceptions=[Misconception(_won_cycle,
                                           "You measured won deals only: cycle length counts every decided "
                                           "deal, so the deals that dragged on and died count too.")],
             wrong="cycle_rep is not the team's median cycle (created to closed, every decided deal) over HISTORY."),
        Item("deals_diagnosis", answer="diagnosis", points=2, integration=True,
             components=["qualification", "deal_management"], key=diagnosis,
             misconceptions=[Misconception(
                 lambda ctx: "deal_management" if diagnosis(ctx) == "qualification" else "qualification",
                 "You named the other part of the job: a falling win rate alone does not say which part "
                 "loses the deals. Compare where R04's deals went when they did not win with the team's: "
                 "more no decisions than the team, or more deals lost at the decision point, each point to "
                 "a different part of the job.")],
             wrong="diagnosis should be 'qualification' or 'deal_management'."),
        Item("deals_deal_management_rep", answer="deal_management_rep", points=2, integration=True,
             components=["deal_management", "qualification"], key=deal_management_rep,
             misconceptions=[Misconception(
                 _lowest_win_rate,
                 "That rep has the lowest win rate, but a low win rate alone does not say which part of the "
                 "job loses the deals: look at where each rep's deals went.")],
             wrong="deal_management_rep is not the rep whose record points most to deal management."),
    ],
)
