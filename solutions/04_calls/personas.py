"""Made-up learners of graded exercise 4 and the score each must get (tests/test_personas.py).

Each persona starts from the model answers (or the blank release) and changes
what its mistake changes; ``loses`` lists the items it must score 0 on, every
other autograded item must score full points. The written answer waits for the
facilitator (None) unless it was left blank. Never released.
"""

from sefkit.classroom.grading.declare import Persona, faked_answers

REFLECTION = "calls_reflection"
AUTOGRADED = ("calls_advance_rate", "calls_continuation_rate", "calls_planned_share", "calls_planned_gap",
              "calls_open_deals", "calls_cause", "calls_coach_first")
INTEGRATION = ("calls_cause", "calls_coach_first")
WAITS = {REFLECTION: None}  # a written answer waits for the facilitator

#: Answer variable of each answer cell, for the faker.
VARIABLES = {
    "calls_advance_rate_answer": "advance_rate_rep", "calls_continuation_rate_answer": "continuation_rate_rep",
    "calls_planned_share_answer": "planned_share_rep", "calls_planned_gap_answer": "planned_gap",
    "calls_open_deals_answer": "open_deals_rep", "calls_cause_answer": "cause",
    "calls_coach_first_answer": "coach_first",
}
TEXT = {"cause", "coach_first"}



PERSONAS = (
    Persona("full", about="the model answers", scores=WAITS),
    Persona("rounded_by_hand", typed="*", scores=WAITS,
            about="types every value read off the tables, rounded (3 significant digits for shares, "
                  "2 decimals for the open deals)"),
    Persona("siloed", loses=INTEGRATION, scores=WAITS, answers={
        "calls_cause_answer": 'cause = "calls"   # the calls advance less, so it is a calls problem',
        "calls_coach_first_answer": 'coach_first = "calls"',
        REFLECTION: "R04's calls advance less often than the team's, so the course is the right call: "
                    "coach R04's calls.",
    }, about="reads the calls on their own: a low advance rate is a calls problem, so coach the calls"),
    Persona("alive_as_progress", loses=["calls_continuation_rate"], scores=WAITS, answers={
        "calls_continuation_rate_answer": (
            "row = calls.advance_rate(team, rep=REP, quarter=HISTORY).iloc[0]\n"
            "continuation_rate_rep = row['advance_rate'] + row['continuation_rate']   # the deal is still alive"),
    }, about="counts advances and continuations together, as if keeping a deal alive were progress"),
    Persona("ratio_not_difference", loses=["calls_planned_gap"], scores=WAITS, answers={
        "calls_planned_gap_answer": (
            "rates = calls.planned_call_effect(team, quarter=HISTORY).set_index('planned')['advance_rate']\n"
            "planned_gap = rates[True] / rates[False]"),
    }, about="divides the planned-call advance rate by the unplanned one instead of subtracting"),
    Persona("faker", base="blank", loses=AUTOGRADED, scores={REFLECTION: 0.0},
            answers=faked_answers(VARIABLES, text=dict.fromkeys(TEXT, "calls")),
            about="every answer an object that claims to equal anything (a float or str subclass "
                  "whose == is always True)"),
    Persona("blank", base="blank", loses=AUTOGRADED, scores={REFLECTION: 0.0},
            about="the release notebook untouched"),
)
