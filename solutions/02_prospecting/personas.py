"""Made-up learners of graded exercise 2 and the score each must get (tests/test_personas.py).

Each persona starts from the model answers (or the blank release) and changes
what its mistake changes; ``loses`` lists the items it must score 0 on, every
other autograded item must score full points. The written answer waits for the
facilitator (None) unless it was left blank. Never released.
"""

from sefkit.classroom.grading.declare import Persona, faked_answers

REFLECTION = "prospecting_reflection"
AUTOGRADED = ("prospecting_activities_per_meeting", "prospecting_call_share", "prospecting_win_rate",
              "prospecting_later_share", "prospecting_activity_needed", "prospecting_activity_gap",
              "prospecting_famine_quarter")
INTEGRATION = ("prospecting_activity_needed", "prospecting_activity_gap", "prospecting_famine_quarter")
WAITS = {REFLECTION: None}  # a written answer waits for the facilitator

#: Answer variable of each answer cell, for the faker.
VARIABLES = {
    "prospecting_activities_per_meeting_answer": "activities_per_meeting",
    "prospecting_call_share_answer": "call_share", "prospecting_win_rate_answer": "win_rate_rep",
    "prospecting_later_share_answer": "later_share", "prospecting_activity_needed_answer": "activity_needed",
    "prospecting_activity_gap_answer": "activity_gap", "prospecting_famine_quarter_answer": "famine_quarter",
}
TEAM_PLAN = ("team_plan = prospecting.backward_plan(team, None, quota=QUOTA, quarter=HISTORY)   # the team's rates\n")



PERSONAS = (
    Persona("full", about="the model answers", scores=WAITS),
    Persona("rounded_by_hand", typed="*", scores=WAITS,
            about="types every value read off the tables, rounded (2 decimals, 3 significant digits for rates)"),
    Persona("b1_whole", scores=WAITS, answers={
        "prospecting_activity_needed_answer": (
            "plan = prospecting.backward_plan(team, REP, quota=QUOTA, quarter=HISTORY)\n"
            "activity_needed = round(plan.set_index('step').loc['activities', 'per_week'], 0)   # read as '111 a week'"),
    }, about="reads B1 to a whole activity (within B1's tolerance) and builds B2 on it in code: B2 is marked on "
             "its method"),
    Persona("siloed", loses=INTEGRATION, scores=WAITS, answers={
        "prospecting_activity_needed_answer": TEAM_PLAN + (
            "activity_needed = team_plan.set_index('step').loc['activities', 'per_week']"),
        "prospecting_activity_gap_answer": (
            "history = prospecting.funnel(team, rep=REP, quarter=HISTORY, by=None)\n"
            "did_per_week = history['activities'].iloc[0] / (13 * len(HISTORY))\n"
            "activity_gap = max(0.0, activity_needed - did_per_week)"),
        "prospecting_famine_quarter_answer": "famine_quarter = QUARTER   # the quarter of the pause",
        REFLECTION: "R02 does what the team's plan says, so the pause is fine: the deals need the time.",
    }, about="one component at a time: the plan at the team's rates, the gap against it (none), the pause hurting "
             "the quarter it happens in"),
    Persona("funnel_only", loses=["prospecting_activity_needed", "prospecting_activity_gap"], scores=WAITS, answers={
        "prospecting_activity_needed_answer": (
            "plan = prospecting.backward_plan(team, REP, quota=QUOTA, quarter=HISTORY)\n"
            "funnel_plan = prospecting.replan(plan, win_rate=1.0, qualified_share=1.0)   # every opportunity won\n"
            "activity_needed = funnel_plan.set_index('step').loc['activities', 'per_week']"),
    }, about="plans the funnel only, as if every opportunity were won; builds B2 on it"),
    Persona("hindsight", loses=["prospecting_activity_needed", "prospecting_activity_gap"], scores=WAITS, answers={
        "prospecting_activity_needed_answer": (
            "plan = prospecting.backward_plan(team, REP, quota=QUOTA)   # every quarter, 2026Q4 included\n"
            "activity_needed = plan.set_index('step').loc['activities', 'per_week']"),
    }, about="plans with R02's rates over all eight quarters, 2026Q4 included (look-ahead); builds B2 on it"),
    Persona("won_plus_lost", loses=["prospecting_win_rate"], scores=WAITS, answers={
        "prospecting_win_rate_answer": (
            "counts = deals.outcome_counts(team, rep=REP, quarter=HISTORY)\n"
            "win_rate_rep = counts['won'].iloc[0] / (counts['won'].iloc[0] + counts['lost'].iloc[0])"),
    }, about="win rate = won / (won + lost), leaving out 'no decision'"),
    Persona("per_connect", loses=["prospecting_activities_per_meeting"], scores=WAITS, answers={
        "prospecting_activities_per_meeting_answer": (
            "funnel = prospecting.funnel(team, rep=REP, quarter=HISTORY, by=None)\n"
            "activities_per_meeting = 1 / funnel['connect_rate'].iloc[0]"),
    }, about="activities per connect instead of per meeting"),
    Persona("share_of_effort", loses=["prospecting_call_share"], scores=WAITS, answers={
        "prospecting_call_share_answer": (
            "channels = prospecting.channel_funnel(team, quarter=HISTORY).set_index('channel')\n"
            "call_share = channels.loc['call', 'share_of_activities']"),
    }, about="the calls' share of the activities instead of the meetings"),
    Persona("same_quarter", loses=["prospecting_later_share"], scores=WAITS, answers={
        "prospecting_later_share_answer": (
            "lag = prospecting.payback(team, quarter=YEAR_ONE)\n"
            "later_share = lag['share'].iloc[0]"),
    }, about="the share won in the same quarter instead of later"),
    Persona("faker", base="blank", loses=AUTOGRADED, scores={REFLECTION: 0.0},
            answers=faked_answers(VARIABLES, text={"famine_quarter": "2099Q9"}),
            about="every answer an object that claims to equal anything (a float or str subclass "
                  "whose == is always True)"),
    Persona("blank", base="blank", loses=AUTOGRADED, scores={REFLECTION: 0.0},
            about="the release notebook untouched"),
)
