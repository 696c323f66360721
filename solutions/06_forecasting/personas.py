"""Made-up learners of graded exercise 6 and the score each must get (tests/test_personas.py).

Each persona starts from the model answers (or the blank release) and changes
what its mistake changes; ``loses`` lists the items it must score 0 on, every
other autograded item must score full points. The written answer waits for the
facilitator (None) unless it was left blank. Never released.
"""

from sefkit.classroom.grading.declare import Persona, faked_answers

REFLECTION = "forecast_reflection"
AUTOGRADED = ("forecast_commit_call", "forecast_rep_error", "forecast_least_accurate", "forecast_team_error",
              "forecast_over_call", "forecast_pipeline_problem", "forecast_clean_error")
INTEGRATION = ("forecast_pipeline_problem", "forecast_clean_error")
WAITS = {REFLECTION: None}  # a written answer waits for the facilitator

#: Answer variable of each answer cell, for the faker.
VARIABLES = {
    "forecast_commit_call_answer": "commit_call", "forecast_rep_error_answer": "rep_error",
    "forecast_least_accurate_answer": "least_accurate_rep", "forecast_team_error_answer": "team_error",
    "forecast_over_call_answer": "over_call_rep", "forecast_pipeline_problem_answer": "pipeline_problem_rep",
    "forecast_clean_error_answer": "clean_error",
}
TEXT_ANSWERS = ("least_accurate_rep", "pipeline_problem_rep")



PERSONAS = (
    Persona("full", about="the model answers", scores=WAITS),
    Persona("rounded_by_hand", typed="*", scores=WAITS,
            about="types every value read off the tables, rounded (3 significant digits for errors and "
                  "shares, money to the thousand)"),
    Persona("siloed", loses=INTEGRATION, scores=WAITS, answers={
        "forecast_pipeline_problem_answer": (
            "# the worst forecaster is the forecasting problem\n"
            "pipeline_problem_rep = least_accurate_rep"),
        "forecast_clean_error_answer": (
            "scored = forecast.forecast_vs_actual(team, week=WEEK, rep=REP)\n"
            "clean_error = scored['forecast'].sum() / scored['actual'].sum() - 1   # the call as it was"),
        REFLECTION: "R09's calls are too high, so the forecasting workshop is the right fix.",
    }, about="forecasting on its own terms: the least accurate forecaster as the problem rep, R09's error "
             "with the dead deals left in"),
    Persona("sign_flipped", loses=["forecast_rep_error"], scores=WAITS, answers={
        "forecast_rep_error_answer": (
            "scored = forecast.forecast_vs_actual(team, week=WEEK, rep=REP, quarter=QUARTER)\n"
            "rep_error = (scored['actual'].iloc[0] - scored['forecast'].iloc[0]) / scored['actual'].iloc[0]"),
    }, about="error = (won - forecast) / won, the sign the wrong way round"),
    Persona("mean_of_reps", loses=["forecast_team_error"], scores=WAITS, answers={
        "forecast_team_error_answer":
            "team_error = forecast.forecast_accuracy(team, week=WEEK, by=None)['bias'].iloc[0]",
    }, about="the team's call as the average of the rep-quarters' errors (their bias), not the calls added up"),
    Persona("all_broken_out", loses=["forecast_clean_error"], scores=WAITS, answers={
        "forecast_clean_error_answer": (
            "scored = forecast.forecast_vs_actual(team, week=WEEK, rep=REP)\n"
            "broken = outcomes.set_index('rep_id').loc[REP, 'broken']\n"
            "clean_error = (scored['forecast'].sum() - broken) / scored['actual'].sum() - 1"),
    }, about="takes every broken commit out of R09's calls, not only the dead deals"),
    Persona("faker", base="blank", loses=AUTOGRADED, scores={REFLECTION: 0.0},
            answers=faked_answers(VARIABLES, text=dict.fromkeys(TEXT_ANSWERS, "R99")),
            about="every answer an object that claims to equal anything (a float or str subclass "
                  "whose == is always True)"),
    Persona("blank", base="blank", loses=AUTOGRADED, scores={REFLECTION: 0.0},
            about="the release notebook untouched"),
)
