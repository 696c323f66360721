"""Graded exercise 2, declared once: each autograded item, its answer key and its known mistakes.

Read by the grading process only (sefkit.classroom.grading.autograde); never released, never
run in a learner's kernel. Every key is computed from the same seeded team the
notebook builds; no number is typed here. docs/ASSIGNMENT_02.md explains the items.
"""

from functools import cache

from sefkit.classroom.grading.declare import Assignment, Fact, Item
from sefkit.classroom.practice import Misconception

REP, QUARTER = "R02", "2026Q4"
#: The quarters whose prospecting deals the lag items read: every one of their won deals had closed before 2026Q4.
YEAR_ONE = ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]


@cache
def _team():
    from sefkit import simulate

    return simulate("northwind", seed=7)


def _history(team):
    """The quarters before 2026Q4: all a manager knows on its first day."""
    return team.quarters[: team.quarters.index(QUARTER)]


def _quota(team):
    q = team.quotas
    return float(q.loc[(q["rep_id"] == REP) & (q["quarter"] == QUARTER), "quota"].iloc[0])


def _funnel(team, quarters):
    from sefkit import prospecting

    return prospecting.funnel(team, rep=REP, quarter=quarters, by=None).iloc[0]


def _channels(team):
    from sefkit import prospecting

    return prospecting.channel_funnel(team, quarter=_history(team)).set_index("channel")


def _payback(team):
    from sefkit import prospecting

    return prospecting.payback(team, quarter=YEAR_ONE)


def _plan(team, rep, quarters):
    from sefkit import prospecting

    return prospecting.backward_plan(team, rep, quota=_quota(team), quarter=quarters)


def _per_week(plan) -> float:
    return float(plan.set_index("step").loc["activities", "per_week"])


def _did_per_week(team) -> float:
    """R02's prospecting activities a week over the seven quarters before 2026Q4."""
    from sefkit.data.periods import WEEKS_PER_QUARTER

    history = _history(team)
    return float(_funnel(team, history)["activities"]) / (WEEKS_PER_QUARTER * len(history))


def _next_quarter_label(team, later: int) -> str:
    from sefkit.data.periods import quarter_labels

    start = team.quarter_bounds(team.quarters[0])[0]
    labels = quarter_labels(start, len(team.quarters) + later)
    return labels[team.quarters.index(QUARTER) + later]


# -- the keys (ctx.data is the team) --------------------------------------------------------


def activities_per_meeting(ctx):
    return float(_funnel(ctx.data, _history(ctx.data))["activities_per_meeting"])


def call_share(ctx):
    return float(_channels(ctx.data).loc["call", "share_of_meetings"])


def win_rate(ctx):
    from sefkit import deals

    return deals.win_rate(ctx.data, rep=REP, quarter=_history(ctx.data))


def later_share(ctx):
    return 1 - float(_payback(ctx.data)["share"].iloc[0])


def activity_needed(ctx):
    return _per_week(_plan(ctx.data, REP, _history(ctx.data)))


def activity_gap(ctx):
    return max(0.0, activity_needed(ctx) - _did_per_week(ctx.data))


def activity_gap_from_own(ctx):
    """B2 built on the learner's own B1 (marked on method when B1 was right)."""
    return max(0.0, float(ctx.answers["prospecting_activity_needed"]) - _did_per_week(ctx.data))


def famine_quarter(ctx):
    """The quarter a pause in 2026Q4 costs most: as many quarters on as prospecting's money mostly takes."""
    table = _payback(ctx.data)
    return _next_quarter_label(ctx.data, int(table.loc[table["share"].idxmax(), "quarters_later"]))


# -- the known mistakes -----------------------------------------------------------------------


def _at_team_rates(ctx):
    return _per_week(_plan(ctx.data, None, _history(ctx.data)))


def _with_hindsight(ctx):
    return _per_week(_plan(ctx.data, REP, list(ctx.data.quarters)))


def _funnel_only(ctx):
    from sefkit import prospecting

    plan = _plan(ctx.data, REP, _history(ctx.data))
    return _per_week(prospecting.replan(plan, win_rate=1.0, qualified_share=1.0))


def _won_plus_lost(ctx):
    from sefkit import deals

    counts = deals.outcome_counts(ctx.data, rep=REP, quarter=_history(ctx.data)).iloc[0]
    return counts["won"] / (counts["won"] + counts["lost"])


TEAM_RATES = ("This plan uses the team's rates. R02 books meetings and wins deals at R02's own rates: "
              "the activity R02 needs follows from them.")
HINDSIGHT = ("You used all eight quarters, 2026Q4 included. On the quarter's first day nobody knows how it "
             "will go: use the seven quarters before it (HISTORY).")
FUNNEL_ONLY = ("You planned as if every opportunity were won. Deals get disqualified and lost: the plan "
               "starts from how many deals R02 must decide to win enough.")

# -- what Part C's model answer relies on (checked by tests/test_personas.py) ------------------


def _attainment(team):
    from sefkit import territory

    return territory.attainment(team, rep=REP).set_index("quarter")["attainment"]


def _meeting_rate(team, rep):
    from sefkit import prospecting

    return float(prospecting.funnel(team, rep=rep, quarter=_history(team), by=None)["meeting_rate"].iloc[0])


def _team_win_rate(team):
    from sefkit import deals

    return deals.win_rate(team, quarter=_history(team))


def _year_one_closed_before_the_quarter(team) -> bool:
    o = team.opportunities
    won = o[(o["source"] == "outbound") & (o["outcome"] == "won") & team.quarter_of(o["created"]).isin(YEAR_ONE)]
    return bool((won["closed_on"] < team.quarter_bounds(QUARTER)[0]).all())


FACTS = [
    Fact("R02 did about 78 prospecting activities a week before 2026Q4, about what the quota needs at the "
         "team's rates (about 77 a week): on team averages R02 looks fine.",
         lambda ctx: round(_did_per_week(ctx.data)) == 78 and round(_at_team_rates(ctx)) == 77),
    Fact("At R02's own rates R02 needs about 111 activities a week (B1), about 33 more than R02 did (B2).",
         lambda ctx: round(activity_needed(ctx)) == 111 and round(activity_gap(ctx)) == 33),
    Fact("R02 wins less often than the team (about 27% against about 30%) and turns fewer conversations into "
         "meetings (about 37% against the team's 57%).",
         lambda ctx: round(win_rate(ctx), 2) == 0.27 and round(_team_win_rate(ctx.data), 2) == 0.30
         and round(_meeting_rate(ctx.data, REP), 2) == 0.37 and round(_meeting_rate(ctx.data, None), 2) == 0.57),
    Fact("Of the money won from the team's 2025 prospecting, about two thirds came the quarter after the deal "
         "was created and about a quarter in the same quarter, so a pause in 2026Q4 costs most in 2027Q1 (B3).",
         lambda ctx: round(float(_payback(ctx.data)["share"].iloc[1]), 1) == 0.7
         and round(float(_payback(ctx.data)["share"].iloc[0]), 2) in (0.25, 0.26) and famine_quarter(ctx) == "2027Q1"),
    Fact("Every won deal the team's 2025 prospecting created had closed before 2026Q4 (A4 and B3 use no "
         "hindsight).", lambda ctx: _year_one_closed_before_the_quarter(ctx.data)),
    Fact("R02 missed quota in five of the seven quarters before 2026Q4.",
         lambda ctx: int((_attainment(ctx.data)[_history(ctx.data)] < 1).sum()) == 5),
]


ASSIGNMENT = Assignment(
    "02_prospecting",
    data=lambda learner: _team(),  # the same team for every learner in this assignment
    same_for_every_learner=True,  # and no key reads the learner: keys computed once per grading
    facts=FACTS,
    items=[
        Item("prospecting_activities_per_meeting", answer="activities_per_meeting", points=1,
             components=["prospecting"], key=activities_per_meeting,
             misconceptions=[
                 Misconception(lambda ctx: 1 / float(_funnel(ctx.data, _history(ctx.data))["connect_rate"]),
                               "That is activities per connect (one over the connect rate): go all the way "
                               "down to meetings."),
                 Misconception(lambda ctx: 1 / activities_per_meeting(ctx),
                               "That is meetings per activity, the other way round."),
             ],
             wrong="activities_per_meeting is not R02's activities per meeting over the seven quarters before 2026Q4."),
        Item("prospecting_call_share", answer="call_share", points=1, components=["prospecting"], key=call_share,
             misconceptions=[Misconception(lambda ctx: float(_channels(ctx.data).loc["call", "share_of_activities"]),
                                           "That is the share of the activities that were calls, not the share "
                                           "of the meetings.")],
             wrong="call_share is not the share of the team's meetings (before 2026Q4) that came from calls."),
        Item("prospecting_win_rate", answer="win_rate_rep", points=1, components=["deal_management"], key=win_rate,
             misconceptions=[Misconception(_won_plus_lost,
                                           "You divided by won + lost and left out the 'no decision' deals: win "
                                           "rate counts every deal that reached a decision.")],
             wrong="win_rate_rep is not R02's win rate over the seven quarters before 2026Q4."),
        Item("prospecting_later_share", answer="later_share", points=1, components=["prospecting"],
             key=later_share,
             misconceptions=[
                 Misconception(lambda ctx: float(_payback(ctx.data)["share"].iloc[0]),
                               "That is the share won in the same quarter the deal was created in; the question "
                               "asks for what came later."),
                 Misconception(lambda ctx: float(_payback(ctx.data)["share"].iloc[1]),
                               "That is the next quarter only; deals won two or more quarters later count too."),
             ],
             wrong="later_share is not the share of that money won in a later quarter than the deal was created in."),
        Item("prospecting_activity_needed", answer="activity_needed", points=2, integration=True,
             components=["prospecting", "qualification", "deal_management"], key=activity_needed,
             misconceptions=[
                 Misconception(_at_team_rates, TEAM_RATES),
                 Misconception(_funnel_only, FUNNEL_ONLY),
                 Misconception(_with_hindsight, HINDSIGHT),
             ],
             wrong="activity_needed is not the prospecting activity a week R02 needs for the 2026Q4 quota."),
        Item("prospecting_activity_gap", answer="activity_gap", points=2, integration=True,
             components=["prospecting", "qualification", "deal_management"], key=activity_gap,
             abs_tol=0.5, method=activity_gap_from_own, uses=["prospecting_activity_needed"],
             misconceptions=[
                 Misconception(0.0, "0 says R02 already prospects enough. That is true only at the team's rates; "
                                    "at R02's own rates R02 is short."),
                 Misconception(lambda ctx: max(0.0, _with_hindsight(ctx) - _did_per_week(ctx.data)),
                               "This is built on a plan with 2026Q4 in it: " + HINDSIGHT),
             ],
             wrong="activity_gap is not how many more activities a week R02 needs than R02 did before 2026Q4."),
        Item("prospecting_famine_quarter", answer="famine_quarter", points=2, integration=True,
             components=["prospecting", "deal_management"], key=famine_quarter,
             misconceptions=[Misconception(QUARTER,
                                           "2026Q4's won money comes mostly from deals found before it. The "
                                           "deals a pause fails to find would have closed later.")],
             wrong="famine_quarter is not the quarter whose won money a pause in 2026Q4 would cost most."),
    ],
)
