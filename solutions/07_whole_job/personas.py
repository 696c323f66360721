"""Made-up learners of graded exercise 7 and the score each must get (tests/test_personas.py).

Each persona starts from the model answers (or the blank release) and changes what its
mistake changes; ``loses`` lists the items it must score 0 on, every other autograded item
must score full points, and ``scores`` the exact points of the rest (partial credit, and the
written answer, which waits for the facilitator). Never released.
"""

from sefkit.classroom.grading.declare import Persona, faked_answers

REFLECTION = "whole_job_diagnosis"
AUTOGRADED = ("whole_job_worst_hygiene", "whole_job_zombie_share", "whole_job_optimist", "whole_job_advance_rate",
              "whole_job_constraint_r05", "whole_job_miss_start", "whole_job_constraint_r10",
              "whole_job_constraint_r08", "whole_job_constraint_r06")
INTEGRATION = ("whole_job_constraint_r05", "whole_job_miss_start")
WAITS = {REFLECTION: None}  # a written answer waits for the facilitator
HALF = 1.0  # half of a 2-point constraint: the truth's close runner-up

#: Answer variable of each answer cell, for the faker.
VARIABLES = {
    "whole_job_worst_hygiene_answer": "worst_hygiene_rep", "whole_job_zombie_share_answer": "zombie_share_r05",
    "whole_job_optimist_answer": "most_optimistic_rep", "whole_job_advance_rate_answer": "advance_rate_r05",
    "whole_job_constraint_r05_answer": "constraint_r05", "whole_job_miss_start_answer": "miss_starts_in",
    "whole_job_constraint_r10_answer": "constraint_r10", "whole_job_constraint_r08_answer": "constraint_r08",
    "whole_job_constraint_r06_answer": "constraint_r06",
}
NUMBERS = ("zombie_share_r05", "advance_rate_r05")



def _scorecard_lowest(rep: str, variable: str) -> str:
    return f"{variable} = system.scorecard(team).loc['{rep}'].idxmin()   # the lowest score, taken at face value"


PERSONAS = (
    Persona("full", about="the model answers (the whole-run diagnosis and the trace)", scores=WAITS),
    Persona("rounded_by_hand", typed="*", scores=WAITS,
            about="types every value read off the tables: shares rounded to 3 significant digits, names as shown"),
    Persona("equivalent", scores=WAITS, answers={
        "whole_job_worst_hygiene_answer": "worst_hygiene_rep = 'r01 '",
        "whole_job_optimist_answer": "most_optimistic_rep = ' R07'",
        "whole_job_constraint_r05_answer": "constraint_r05 = 'Calls'",
        "whole_job_miss_start_answer": "miss_starts_in = ' Prospecting '",
        "whole_job_constraint_r10_answer": "constraint_r10 = 'QUALIFICATION'",
        "whole_job_constraint_r08_answer": "constraint_r08 = 'prospecting '",
        "whole_job_constraint_r06_answer": "constraint_r06 = 'Hygiene'",
    }, about="types the same answers in other capitals and spacing ('Calls', ' Prospecting ', 'r01 ')"),
    Persona("observable_manager", scores=WAITS, answers={
        "whole_job_constraint_r05_answer": (
            "net = system.diagnostic_scores(team)   # the scores the diagnosis ranks\n"
            "constraint_r05 = net.loc['R05'].idxmin()"),
        "whole_job_constraint_r10_answer": "constraint_r10 = net.loc['R10'].idxmin()",
        "whole_job_constraint_r08_answer": "constraint_r08 = net.loc['R08'].idxmin()",
        "whole_job_constraint_r06_answer": "constraint_r06 = net.loc['R06'].idxmin()",
    }, about="an integrated manager working from what a manager can see: reads each rep's lowest diagnostic "
             "score by hand (on this team the observable evidence earns every point of Part B)"),
    Persona("next_weakest", loses=["whole_job_constraint_r05", "whole_job_constraint_r10", "whole_job_constraint_r06"],
            scores={**WAITS, "whole_job_constraint_r08": HALF}, answers={
                "whole_job_constraint_r05_answer": (
                    "diagnosis = system.diagnose(team).set_index('rep_id')\n"
                    "constraint_r05 = diagnosis.loc['R05', 'next_weakest']"),
                "whole_job_constraint_r10_answer": "constraint_r10 = diagnosis.loc['R10', 'next_weakest']",
                "whole_job_constraint_r08_answer": "constraint_r08 = diagnosis.loc['R08', 'next_weakest']",
                "whole_job_constraint_r06_answer": "constraint_r06 = diagnosis.loc['R06', 'next_weakest']",
            }, about="reads the runner-up column (next_weakest) as the constraint: half the points for R08, whose "
                     "runner-up is the truth's close second; nothing where it is not the truth's runner-up"),
    Persona("siloed", loses=INTEGRATION, scores=WAITS, answers={
        "whole_job_constraint_r05_answer": "constraint_r05 = 'hygiene'   # R05 carries the most zombie deals",
        "whole_job_miss_start_answer": "miss_starts_in = 'deals'   # the quarter's deals lost",
        "whole_job_constraint_r10_answer": _scorecard_lowest("R10", "constraint_r10"),
        "whole_job_constraint_r08_answer": _scorecard_lowest("R08", "constraint_r08"),
        "whole_job_constraint_r06_answer": _scorecard_lowest("R06", "constraint_r06"),
        REFLECTION: "R05 has the most zombie deals on the team, so coach pipeline hygiene: clean up the CRM.",
    }, about="one component at a time: R05's zombies mean hygiene, each other rep's lowest scorecard score at "
             "face value, and a missed quarter blamed on that quarter's deals"),
    Persona("one_quarter", loses=["whole_job_constraint_r05", "whole_job_constraint_r10", "whole_job_constraint_r06"],
            scores=WAITS, answers={
                "whole_job_constraint_r05_answer": (
                    "diagnosis = system.diagnose(team, quarter='2026Q4').set_index('rep_id')   # the last quarter\n"
                    "constraint_r05 = diagnosis.loc['R05', 'binding_constraint']"),
                "whole_job_constraint_r10_answer": "constraint_r10 = diagnosis.loc['R10', 'binding_constraint']",
                "whole_job_constraint_r08_answer": "constraint_r08 = diagnosis.loc['R08', 'binding_constraint']",
                "whole_job_constraint_r06_answer": "constraint_r06 = diagnosis.loc['R06', 'binding_constraint']",
            }, about="diagnoses from the last quarter alone (2026Q4), so B1 to B5 rest on one quarter's evidence; "
                     "on this team R05's, R10's and R06's constraints change"),
    Persona("forecast_first", loses=["whole_job_miss_start"], scores=WAITS, answers={
        "whole_job_miss_start_answer": "miss_starts_in = 'forecast'   # the call was wrong",
    }, about="blames the missed quarter on the forecast call, where it showed first"),
    Persona("team_average", loses=["whole_job_zombie_share", "whole_job_advance_rate"], scores=WAITS, answers={
        "whole_job_zombie_share_answer": (
            "zombie_share_r05 = pipeline.zombie_share(team, by=None)['zombie_share'].iloc[0]   # the team's"),
        "whole_job_advance_rate_answer": (
            "m = system.measures(team).set_index(['rep_id', 'component'])\n"
            "advance_rate_r05 = m.loc[('R05', 'calls'), 'team_value']"),
    }, about="reads the team's figure (the team's zombie share, team_value) instead of R05's own"),
    Persona("faker", base="blank", loses=AUTOGRADED, scores={REFLECTION: 0.0},
            answers=faked_answers(VARIABLES, text={v: "calls" for v in VARIABLES.values() if v not in NUMBERS}),
            about="every answer an object that claims to equal anything (a float or str subclass whose == is "
                  "always True)"),
    Persona("blank", base="blank", loses=AUTOGRADED, scores={REFLECTION: 0.0}, about="the release notebook untouched"),
)
