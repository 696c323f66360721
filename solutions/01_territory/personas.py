"""Made-up learners of graded exercise 1 and the score each must get (tests/test_personas.py).

Each persona starts from the model answers (or the blank release) and changes
what its mistake changes; ``loses`` lists the items it must score 0 on, every
other autograded item must score full points. The written answer waits for the
facilitator (None) unless it was left blank. Never released.
"""

from sefkit.classroom.grading.declare import Persona, faked_answers

REFLECTION = "territory_reflection"
AUTOGRADED = ("territory_potential", "territory_tier_a_share", "territory_high_fit_share",
              "territory_top_customers", "territory_attainment_vs_potential", "territory_shortfall_cause",
              "territory_pipeline_at_risk")
INTEGRATION = ("territory_shortfall_cause", "territory_pipeline_at_risk")
WAITS = {REFLECTION: None}  # a written answer waits for the facilitator

#: Answer variable of each answer cell, for the faker.
VARIABLES = {
    "territory_potential_answer": "potential_rep", "territory_tier_a_share_answer": "tier_a_share",
    "territory_high_fit_share_answer": "high_fit_share_rep", "territory_top_customers_answer": "top_customers",
    "territory_attainment_vs_potential_answer": "share_of_potential",
    "territory_shortfall_cause_answer": "territory_problem_rep",
    "territory_pipeline_at_risk_answer": "pipeline_at_risk",
}



PERSONAS = (
    Persona("full", about="the model answers", scores=WAITS),
    Persona("rounded_by_hand", typed="*", scores=WAITS,
            about="types every value read off the tables, rounded (3 significant digits for shares, "
                  "money to the thousand)"),
    Persona("siloed", loses=INTEGRATION, scores=WAITS, answers={
        "territory_shortfall_cause_answer": (
            "# an effort problem is the only prospecting problem: the rep with the fewest activities\n"
            "focus = territory.prospecting_focus(team, quarter=HISTORY)\n"
            "territory_problem_rep = focus.sort_values('activities')['rep_id'].iloc[0]"),
        "territory_pipeline_at_risk_answer": (
            "# every open deal can end in no decision\n"
            "pipeline_at_risk = pipeline.open_pipeline(team, FIRST_DAY, rep=REP)['amount'].sum()"),
        REFLECTION: "Yes: if R06 slips, more calls will fix it. Activity drives pipeline.",
    }, about="one component at a time: the rep with the fewest activities as the territory problem, "
             "the whole open pipeline as the pipeline at risk"),
    Persona("raw_high_fit_share", loses=["territory_shortfall_cause"], scores=WAITS, answers={
        "territory_shortfall_cause_answer": (
            "focus = territory.prospecting_focus(team, quarter=HISTORY)\n"
            "territory_problem_rep = focus.sort_values('high_fit_share')['rep_id'].iloc[0]"),
    }, about="B1 from the lowest high-fit share, without setting it against what the territory holds "
             "(the rep with the fewest high-fit accounts)"),
    Persona("lowest_attainment", loses=["territory_shortfall_cause"], scores=WAITS, answers={
        "territory_shortfall_cause_answer": (
            "ranking = territory.ranking_shift(team, quarter=HISTORY)\n"
            "territory_problem_rep = ranking.sort_values('attainment')['rep_id'].iloc[0]"),
    }, about="B1 from results: the rep with the lowest attainment so far"),
    Persona("quota_not_potential", loses=["territory_attainment_vs_potential"], scores=WAITS, answers={
        "territory_attainment_vs_potential_answer": (
            "ranking = territory.ranking_shift(team, quarter=HISTORY)\n"
            "share_of_potential = ranking.loc[ranking['rep_id'] == REP, 'attainment'].iloc[0]"),
    }, about="A5 as attainment against quota"),
    Persona("accounts_not_potential", loses=["territory_tier_a_share"], scores=WAITS, answers={
        "territory_tier_a_share_answer": (
            "tiers = territory.account_tiers(team, rep=REP)\n"
            "tier_a_share = tiers.loc[tiers['tier'] == 'A', 'accounts'].iloc[0] / tiers['accounts'].sum()"),
    }, about="A2 as the share of the accounts that are tier A, not the share of the potential"),
    Persona("hindsight", loses=["territory_high_fit_share", "territory_top_customers"], scores=WAITS, answers={
        "territory_high_fit_share_answer": (
            "focus = territory.prospecting_focus(team)\n"
            "high_fit_share_rep = focus.loc[focus['rep_id'] == REP, 'high_fit_share'].iloc[0]"),
        "territory_top_customers_answer": (
            "plan = territory.account_plan(team, REP, LAST)\n"
            "accounts = team.accounts.set_index('account_id')\n"
            "top_customers = int(accounts.loc[plan['account_id'], 'is_customer'].sum())"),
    }, about="A3 over every quarter and A4 from accounts.is_customer (the end of the run): look-ahead"),
    Persona("faker", base="blank", loses=AUTOGRADED, scores={REFLECTION: 0.0},
            answers=faked_answers(VARIABLES, text={"territory_problem_rep": "R99"}),
            about="every answer an object that claims to equal anything (a float or str subclass "
                  "whose == is always True)"),
    Persona("blank", base="blank", loses=AUTOGRADED, scores={REFLECTION: 0.0},
            about="the release notebook untouched"),
)
