"""Graded exercise 4, declared once: each autograded item, its answer key and its known mistakes.

Read by the grading process only (sefkit.classroom.grading.autograde); never released, never
run in a learner's kernel. Every key is computed from the same seeded team the
notebook builds; no number is typed here. docs/ASSIGNMENT_04.md explains the items.
"""

from functools import cache

from sefkit.classroom.grading.declare import Assignment, Fact, Item
from sefkit.classroom.practice import Misconception

REP, CONTRAST, QUARTER = "R04", "R06", "2026Q4"


@cache
def _team():
    from sefkit import simulate

    return simulate("northwind", seed=9)


def _history(team):
    """The quarters before 2026Q4: all a manager knows on its first day."""
    return team.quarters[: team.quarters.index(QUARTER)]


def _row(team, rep=REP):
    from sefkit import calls

    return calls.advance_rate(team, rep=rep, quarter=_history(team)).iloc[0]


def _team_calls(team):
    from sefkit import calls

    return calls.advance_rate(team, quarter=_history(team))[["calls", "advance", "continuation"]].sum()


def _planning(team):
    from sefkit import calls

    return calls.call_planning(team, quarter=_history(team)).set_index("rep_id")


def _planned_rates(team):
    from sefkit import calls

    rates = calls.planned_call_effect(team, quarter=_history(team)).set_index("planned")["advance_rate"]
    return float(rates[True]), float(rates[False])


def _load(team):
    from sefkit import calls

    table = calls.calls_and_load(team, quarter=_history(team))
    return table.groupby("rep_id")["open_deals"].mean()


def _summary(team):
    from sefkit import deals

    return deals.deal_summary(team, quarter=_history(team)).set_index("rep_id")


# -- the keys (ctx.data is the team) --------------------------------------------------------


def advance_rate(ctx):
    return _row(ctx.data)["advance_rate"]


def continuation_rate(ctx):
    return _row(ctx.data)["continuation_rate"]


def planned_share(ctx):
    return _planning(ctx.data).loc[REP, "planned_share"]


def planned_gap(ctx):
    planned, unplanned = _planned_rates(ctx.data)
    return planned - unplanned


def open_deals(ctx):
    return _load(ctx.data)[REP]


# -- the known mistakes -----------------------------------------------------------------------


def _alive_rate(ctx):
    row = _row(ctx.data)
    return row["advance_rate"] + row["continuation_rate"]


def _team_planned_share(ctx):
    totals = _planning(ctx.data)[["calls", "planned"]].sum()
    return totals["planned"] / totals["calls"]


def _planned_ratio(ctx):
    planned, unplanned = _planned_rates(ctx.data)
    return planned / unplanned


def _deals_called(ctx):
    from sefkit import calls

    return calls.calls_per_advance(ctx.data, rep=REP, quarter=_history(ctx.data))["deals"].iloc[0]


SILOED_CAUSE = ("A calls problem on its face, but look at the rest of R04's job: how many deals R04 carries, "
                "how strict R04's qualification bar is, and how R04's call skill compares with a rep who "
                "really calls worse.")

# -- what the model answers rely on (checked by tests/test_personas.py) --------------------------


def _disqualified_share(team):
    s = _summary(team)
    return s["disqualified"] / (s["decided"] + s["disqualified"])


def _true(team):
    from sefkit import system

    return system.true_constraint(team, quarter="2026Q3").set_index("rep_id")["true_constraint"]


def _true_skill(team, skill):
    sk = team.truth.rep_skills
    return sk[sk["quarter"] == "2026Q3"].set_index("rep_id")[skill]


FACTS = [
    Fact("R04's calls advance less often than the team's over the quarters before 2026Q4 (A1).",
         lambda ctx: advance_rate(ctx) < _team_calls(ctx.data)["advance"] / _team_calls(ctx.data)["calls"] - 0.02),
    Fact("R04 carried about a quarter more open deals than the team's average rep (A5 against the team).",
         lambda ctx: round(open_deals(ctx) / _load(ctx.data).mean(), 1) == 1.2),
    Fact("R04 planned about as large a share of calls as the team (within 5 percentage points), "
         "so planning alone does not explain R04's advance rate.",
         lambda ctx: abs(planned_share(ctx) - _team_planned_share(ctx)) < 0.05),
    Fact("R04 disqualified the smallest share of ended deals on the team bar one (a lax bar), "
         "and more than a third of R04's decided deals ended in no decision.",
         lambda ctx: _disqualified_share(ctx.data).rank().loc[REP] <= 2
         and _summary(ctx.data).loc[REP, "no_decision_rate"] > 1 / 3),
    Fact("R06 is the contrast: the lowest advance rate and planned share on the team, and R06's planned calls "
         "advance less often than the team's planned calls by more than R04's do.",
         lambda ctx: _planning(ctx.data)["advance_rate"].idxmin() == CONTRAST
         and _planning(ctx.data)["planned_share"].idxmin() == CONTRAST
         and _planning(ctx.data).loc[CONTRAST, "planned_advance_rate"]
         < _planning(ctx.data).loc[REP, "planned_advance_rate"]),
    Fact("For the debrief: the hidden truth names qualification as R04's weakest skill and calls as R06's.",
         lambda ctx: _true(ctx.data)[REP] == "qualification" and _true(ctx.data)[CONTRAST] == "calls"),
    Fact("For the debrief: R04's true call skill is within 0.05 of the team's average.",
         lambda ctx: abs(_true_skill(ctx.data, "calls")[REP] - _true_skill(ctx.data, "calls").mean()) < 0.05),
]

CAUSES = ("calls", "deal load")

ASSIGNMENT = Assignment(
    "04_calls",
    data=lambda learner: _team(),  # the same team for every learner in this assignment
    facts=FACTS,
    same_for_every_learner=True,  # and no key reads the learner: keys computed once per grading
    items=[
        Item("calls_advance_rate", answer="advance_rate_rep", points=1, components=["calls"], key=advance_rate,
             wrong="advance_rate_rep is not the share of R04's calls before 2026Q4 that advanced the deal."),
        Item("calls_continuation_rate", answer="continuation_rate_rep", points=1, components=["calls"],
             key=continuation_rate,
             misconceptions=[Misconception(_alive_rate, "You counted advances and continuations together: a call "
                                                        "that keeps a deal alive without moving it is not progress. "
                                                        "Count the continuations only.")],
             wrong="continuation_rate_rep is not the share of R04's calls before 2026Q4 that ended in a "
                   "continuation."),
        Item("calls_planned_share", answer="planned_share_rep", points=1, components=["calls"], key=planned_share,
             misconceptions=[Misconception(_team_planned_share, "That is the whole team's planned share; the "
                                                                "question asks about R04's calls.")],
             wrong="planned_share_rep is not the share of R04's calls before 2026Q4 that were planned."),
        Item("calls_planned_gap", answer="planned_gap", points=1, components=["calls"], key=planned_gap,
             misconceptions=[Misconception(_planned_ratio, "You divided one advance rate by the other; the "
                                                           "question asks for the difference (subtract).")],
             wrong="planned_gap is not the team's planned-call advance rate minus its unplanned-call advance "
                   "rate before 2026Q4."),
        Item("calls_open_deals", answer="open_deals_rep", points=1, components=["qualification", "calls"],
             key=open_deals,
             misconceptions=[Misconception(_deals_called, "That is the number of different deals R04 called on "
                                                          "over seven quarters; the question asks how many were "
                                                          "open on a typical Monday.")],
             wrong="open_deals_rep is not the average number of deals R04 had open on a typical Monday before "
                   "2026Q4 (calls.calls_and_load)."),
        Item("calls_cause", answer="cause", points=2, integration=True, components=["calls", "qualification"],
             key=lambda ctx: "deal load",
             misconceptions=[Misconception("calls", SILOED_CAUSE)],
             wrong=f"cause should be one of {', '.join(repr(c) for c in CAUSES)}."),
        Item("calls_coach_first", answer="coach_first", points=2, integration=True,
             components=["calls", "qualification"], key=lambda ctx: "qualification",
             misconceptions=[
                 Misconception("calls", "Coaching the calls treats the symptom. Where do R04's extra deals come "
                                        "from, and what does R04's bar let in?"),
                 Misconception("prospecting", "More prospecting would add deals to a rep who already carries too "
                                              "many."),
             ],
             wrong="coach_first is not the part of R04's job the evidence points to first."),
    ],
)
