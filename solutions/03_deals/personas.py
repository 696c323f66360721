"""Made-up learners of graded exercise 3 and the score each must get (tests/test_personas.py).

Each persona starts from the model answers (or the blank release) and changes
what its mistake changes; ``loses`` lists the items it must score 0 on, every
other autograded item must score full points. The written answer waits for the
facilitator (None) unless it was left blank. Never released.
"""

from sefkit.classroom.grading.declare import Persona, faked_answers

REFLECTION = "deals_reflection"
AUTOGRADED = ("deals_win_rate_change", "deals_strong_win_rate", "deals_no_decision_rate", "deals_busiest_rep",
              "deals_cycle", "deals_diagnosis", "deals_deal_management_rep")
INTEGRATION = ("deals_diagnosis", "deals_deal_management_rep")
WAITS = {REFLECTION: None}  # a written answer waits for the facilitator

#: Answer variable of each answer cell, for the faker.
VARIABLES = {
    "deals_win_rate_change_answer": "win_rate_change", "deals_strong_win_rate_answer": "strong_win_rate",
    "deals_no_decision_rate_answer": "no_decision_rep", "deals_busiest_rep_answer": "busiest_rep",
    "deals_cycle_answer": "cycle_rep", "deals_diagnosis_answer": "diagnosis",
    "deals_deal_management_rep_answer": "deal_management_rep",
}
TEXT = {"busiest_rep", "diagnosis", "deal_management_rep"}



PERSONAS = (
    Persona("full", about="the model answers", scores=WAITS),
    Persona("rounded_by_hand", typed="*", scores=WAITS,
            about="types every value read off the tables, rounded (rates to 3 significant digits)"),
    Persona("siloed", loses=INTEGRATION, scores=WAITS, answers={
        "deals_diagnosis_answer": 'diagnosis = "deal_management"   # a falling win rate: the rep is not closing',
        "deals_deal_management_rep_answer": (
            "profile = deals.loss_profile(team, quarter=HISTORY).set_index('rep_id')\n"
            "deal_management_rep = profile['win_rate'].idxmin()   # the lowest win rate needs closing help"),
        REFLECTION: "R04 is not closing: the win rate fell, so coach closing this quarter.",
    }, about="one component at a time: a falling win rate read as a closing problem, the lowest win rate "
             "as the rep to coach on deal management"),
    Persona("won_plus_lost", scores=WAITS, loses=["deals_win_rate_change", "deals_strong_win_rate"], answers={
        "deals_win_rate_change_answer": (
            "def rate(quarters):\n"
            "    c = deals.outcome_counts(team, rep=REP, quarter=quarters).iloc[0]\n"
            "    return c['won'] / (c['won'] + c['lost'])\n"
            "win_rate_change = rate(HISTORY[4:]) - rate(HISTORY[:4])"),
        "deals_strong_win_rate_answer": (
            "row = deals.outcome_by_band(team, quarter=HISTORY).set_index('band').loc['strong']\n"
            "strong_win_rate = row['won'] / (row['won'] + row['lost'])"),
    }, about="win rate = won / (won + lost), leaving out 'no decision', in A1 and A2"),
    Persona("won_deals_cycle", scores=WAITS, loses=["deals_cycle"], answers={
        "deals_cycle_answer": (
            "won = deals.won_deals(team, quarter=HISTORY)\n"
            "cycle_rep = deals.cycle_days(won).median()"),
    }, about="measures the cycle on won deals only"),
    Persona("faker", base="blank", loses=AUTOGRADED, scores={REFLECTION: 0.0},
            answers=faked_answers(VARIABLES, text={v: ("qualification" if v == "diagnosis" else "R99") for v in TEXT}),
            about="every answer an object that claims to equal anything (a float or str subclass "
                  "whose == is always True)"),
    Persona("blank", base="blank", loses=AUTOGRADED, scores={REFLECTION: 0.0},
            about="the release notebook untouched"),
)
