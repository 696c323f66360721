"""Made-up learners of graded exercise 5 and the score each must get (tests/test_personas.py).

Each persona starts from the model answers (or the blank release) and changes
what its mistake changes; ``loses`` lists the items it must score 0 on, every
other autograded item must score full points. The written answer waits for the
facilitator (None) unless it was left blank. Never released.
"""

from sefkit.classroom.grading.declare import Persona, faked_answers

REFLECTION = "pipeline_reflection"
AUTOGRADED = ("pipeline_coverage", "pipeline_stage_conversion", "pipeline_velocity", "pipeline_zombies",
              "pipeline_slippage", "pipeline_win_rate", "pipeline_required_coverage",
              "pipeline_quality_coverage", "pipeline_coverage_gap")
INTEGRATION = ("pipeline_required_coverage", "pipeline_quality_coverage", "pipeline_coverage_gap")
WAITS = {REFLECTION: None}  # a written answer waits for the facilitator

#: Answer variable of each answer cell, for the faker.
VARIABLES = {
    "pipeline_coverage_answer": "coverage_rep", "pipeline_stage_conversion_answer": "propose_to_negotiate",
    "pipeline_velocity_answer": "fastest_rep", "pipeline_zombies_answer": "zombie_count",
    "pipeline_slippage_answer": "slip_rate_rep", "pipeline_win_rate_answer": "win_rate_rep",
    "pipeline_required_coverage_answer": "needed_coverage",
    "pipeline_quality_coverage_answer": "real_coverage", "pipeline_coverage_gap_answer": "pipeline_gap",
}



PERSONAS = (
    Persona("full", about="the model answers", scores=WAITS),
    Persona("rounded_by_hand", typed="*", scores=WAITS,
            about="types every value read off the tables, rounded (2 decimals, 3 significant digits "
                  "for rates, money to the thousand)"),
    Persona("rates_by_hand", typed=["pipeline_slippage_answer", "pipeline_win_rate_answer"], scores=WAITS,
            about="types A5 and A6 rounded off the table, and builds B1 and B3 on them in code "
                  "(B1 within its tolerance, B3 a few thousand off the key)"),
    Persona("b1_one_decimal", scores=WAITS, answers={
        "pipeline_required_coverage_answer": (
            "# read off the table the way coverage is quoted, to one decimal (\"7.7x\")\n"
            "needed_coverage = round(pipeline.required_coverage(win_rate_rep, slip_rate_rep), 1)"),
    }, about="reads B1 to one decimal, as coverage is quoted (within B1's tolerance), and builds B3 on "
             "it in code: B3 is marked on its method"),
    Persona("siloed", loses=INTEGRATION, scores=WAITS, answers={
        "pipeline_required_coverage_answer": "needed_coverage = 3.0   # the 3x rule",
        "pipeline_quality_coverage_answer": "real_coverage = coverage_rep   # the coverage the CRM shows",
        "pipeline_coverage_gap_answer": (
            "quota = team.quotas.query('rep_id == @REP and quarter == @QUARTER')['quota'].iloc[0]\n"
            "on_paper = pipeline.coverage(team, rep=REP, quarter=QUARTER)['pipeline'].iloc[0]\n"
            "pipeline_gap = max(0.0, 3.0 * quota - on_paper)"),
        REFLECTION: "The quarter is safe: the rep is above the 3x rule, so coach someone else.",
    }, about="one component at a time: the 3x rule as the coverage needed, coverage at face value "
             "(zombies in), the gap against 3x"),
    Persona("won_plus_lost", scores=WAITS,
            loses=["pipeline_win_rate", "pipeline_required_coverage", "pipeline_coverage_gap"], answers={
                "pipeline_win_rate_answer": (
                    "counts = deals.outcome_counts(team, rep=REP, quarter=HISTORY)\n"
                    "win_rate_rep = counts['won'].iloc[0] / (counts['won'].iloc[0] + counts['lost'].iloc[0])"),
            }, about="win rate = won / (won + lost), leaving out 'no decision'; builds B1 and B3 on it"),
    Persona("hindsight", scores=WAITS,
            loses=["pipeline_slippage", "pipeline_required_coverage", "pipeline_coverage_gap"], answers={
                "pipeline_slippage_answer":
                    "slip_rate_rep = pipeline.coverage_needed(team, rep=REP)['slip_rate'].iloc[0]",
                "pipeline_win_rate_answer": "win_rate_rep = deals.win_rate(team, rep=REP)",
            }, about="R08's win rate and slip rate over all eight quarters, 2026Q4 included (look-ahead); "
                     "builds B1 and B3 on them (on this team the eight quarters' win rate is within A6's "
                     "tolerance of the seven quarters', so A6 still scores)"),
    Persona("all_open_pipeline", loses=["pipeline_coverage"], scores=WAITS, answers={
        "pipeline_coverage_answer": (
            "quota = team.quotas.query('rep_id == @REP and quarter == @QUARTER')['quota'].iloc[0]\n"
            "coverage_rep = pipeline.open_pipeline(team, FIRST_DAY, rep=REP)['amount'].sum() / quota"),
    }, about="coverage from every open deal, including those due in later quarters"),
    Persona("faker", base="blank", loses=AUTOGRADED, scores={REFLECTION: 0.0},
            answers=faked_answers(VARIABLES, text={"fastest_rep": "R99"}),
            about="every answer an object that claims to equal anything (a float or str subclass "
                  "whose == is always True)"),
    Persona("blank", base="blank", loses=AUTOGRADED, scores={REFLECTION: 0.0},
            about="the release notebook untouched"),
)
