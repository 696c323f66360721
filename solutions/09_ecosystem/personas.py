"""Made-up learners of graded exercise 9 and the score each must get (tests/test_personas.py).

Each persona starts from the model answers (or the blank release) and changes what its
mistake changes; ``loses`` lists the items it must score 0 on, every other autograded item
must score full points, and ``scores`` the exact points of the rest (the written answer,
which waits for the facilitator). Never released.
"""

from sefkit.classroom.grading.declare import Persona, faked_answers

MEMO = "ecosystem_memo"
AUTOGRADED = ("ecosystem_win_rate_change", "ecosystem_marketing_share_change", "ecosystem_product_gap_share",
              "ecosystem_reps_fell", "ecosystem_selling_change", "ecosystem_cause")
INTEGRATION = ("ecosystem_selling_change", "ecosystem_cause")
WAITS = {MEMO: None}  # a written answer waits for the facilitator

#: Answer variable of each answer cell, for the faker.
VARIABLES = {
    "ecosystem_win_rate_change_answer": "win_rate_change",
    "ecosystem_marketing_share_change_answer": "marketing_share_change",
    "ecosystem_product_gap_share_answer": "product_gap_share",
    "ecosystem_reps_fell_answer": "reps_fell",
    "ecosystem_selling_change_answer": "selling_change",
    "ecosystem_cause_answer": "cause",
}

PERSONAS = (
    Persona("full", about="the model answers", scores=WAITS),
    Persona("rounded_by_hand", typed="*", scores=WAITS,
            about="types every value read off the tables: fractions rounded to 3 significant digits"),
    Persona("equivalent", scores=WAITS, answers={
        "ecosystem_cause_answer": "cause = ' Product'",
        "ecosystem_win_rate_change_answer": (
            "def rate(year):\n"
            "    c = deals.outcome_counts(team, quarter=year).sum()   # the reps' counts added up\n"
            "    return c['won'] / c['decided']\n"
            "win_rate_change = rate(AFTER) - rate(BEFORE)"),
    }, about="the same answers another way: the win rate added up from each rep's counts, the cause in other capitals"),
    Persona("siloed", loses=INTEGRATION, scores=WAITS, answers={
        "ecosystem_selling_change_answer": (
            "selling_change = deals.win_rate(team, quarter=AFTER) - deals.win_rate(team, quarter=BEFORE)"
            "   # the win rate is the reps' deal skill"),
        "ecosystem_cause_answer": "cause = 'reps'   # the win rate fell, so the reps are closing worse",
        MEMO: "Yes: the win rate fell six points, so the reps need deal-management training.",
    }, about="reads the win rate as the reps' deal skill: the raw fall as the reps' own (B1) and the reps as the "
             "cause (B2), though Part A is right"),
    Persona("won_plus_lost", loses=["ecosystem_win_rate_change"], scores=WAITS, answers={
        "ecosystem_win_rate_change_answer": (
            "def rate(year):\n"
            "    c = deals.outcome_counts(team, quarter=year).sum()\n"
            "    return c['won'] / (c['won'] + c['lost'])   # no-decision deals left out\n"
            "win_rate_change = rate(AFTER) - rate(BEFORE)"),
    }, about="leaves the no-decision deals out of the win rate (A1)"),
    Persona("share_of_lost", loses=["ecosystem_product_gap_share"], scores=WAITS, answers={
        "ecosystem_product_gap_share_answer": (
            "closed = deals.closed_deals(team, quarter=AFTER)\n"
            "lost = closed[closed['outcome'] == 'lost']\n"
            "product_gap_share = (lost['loss_reason'] == 'product_gap').mean()   # of lost deals only"),
    }, about="takes the product-gap share of lost deals, not of decided deals (A3)"),
    Persona("blames_marketing", loses=["ecosystem_cause"], scores=WAITS, answers={
        "ecosystem_cause_answer": "cause = 'marketing'",
    }, about="blames marketing's leads without reading the source mix (B2)"),
    Persona("faker", base="blank", loses=AUTOGRADED, scores={MEMO: 0.0},
            answers=faked_answers(VARIABLES, text={"cause": "product"}),
            about="every answer an object that claims to equal anything (a float or str subclass whose == is "
                  "always True)"),
    Persona("blank", base="blank", loses=AUTOGRADED, scores={MEMO: 0.0}, about="the release notebook untouched"),
)
