"""Made-up trainees of the capstone and the score each must get (tests/test_personas.py).

Each persona is graded as its own trainee (its name is its student id), so each has its own
team: a persona's expected partial scores are those of its own team, and they differ from one
persona to the next. Each starts from the model answers (or the blank release) and changes what
its way of working changes. Never released.
"""

from sefkit.classroom.grading.declare import LEARNER_ID, Persona, faked_answers

BRIEF = "capstone_brief"
AUTOGRADED = ("capstone_team", "capstone_constraints", "capstone_risk", "capstone_plan")
WAITS = {BRIEF: None}  # a written answer waits for the facilitator
TEAM, CONSTRAINTS, PLAN = "capstone_team_answer", "capstone_constraints_answer", "capstone_plan_answer"
RISK = "capstone_risk_answer"

#: Answer variable of each answer cell, for the faker.
VARIABLES = {TEAM: "trainee_id", CONSTRAINTS: "constraints", RISK: "miss_risk", PLAN: "coaching_plan"}


def own_id() -> dict:
    """The trainee-id cell of a persona who types its own id: its name, the id the tests grade it under,
    or in a demo cohort the id of the demo trainee who hands it in (declare.LEARNER_ID)."""
    return {TEAM: f"trainee_id = '{LEARNER_ID}'"}


PERSONAS = (
    Persona("full", scores=WAITS, answers=own_id(),
            about="the model answers, truth-guided: each rep's true weakest skill from the hidden truth, and an "
                  "hour a week on it"),
    Persona("integrated_manager", scores={**WAITS, "capstone_constraints": 6.0, "capstone_plan": 4.0}, answers={
        **own_id(),
        CONSTRAINTS: ("diagnosis = system.diagnose(team).set_index('rep_id')   # the whole history\n"
                      "constraints = {rep: diagnosis.loc[rep, 'binding_constraint'] for rep in REPS}"),
        RISK: ("record = territory.attainment(team)   # every quarter so far\n"
               "missed = record['attainment'] < 1\n"
               "team_rate = missed[record['quarter'].isin(team.quarters[-4:])].mean()   # the team, last four quarters\n"
               "own = missed.groupby(record['rep_id']).mean()   # each rep's own record\n"
               "miss_risk = {rep: float((own[rep] + team_rate) / 2) for rep in REPS}   # one quarter is mostly luck"),
        PLAN: "coaching_plan = coaching.diagnosis_plan(team, 60, reps=MY_REPS)   # an hour a rep, where each is behind",
    }, about="a good integrated manager working only from what a manager can see: the whole-history diagnosis "
             "the team's record of missed quotas (each rep's own, leaned on the team's) and the diagnosis plan"),
    Persona("siloed", loses=["capstone_risk", "capstone_plan"], scores={**WAITS, "capstone_constraints": 7.0}, answers={
        **own_id(),
        CONSTRAINTS: ("card = system.scorecard(team, quarter=team.quarters[-1])   # last quarter, at face value\n"
                      "constraints = {rep: card.loc[rep].idxmin() for rep in REPS}"),
        RISK: ("cover = capstone.coverage_today(team).set_index('rep_id')['coverage']\n"
               "miss_risk = {rep: 1.0 if cover[rep] < 3 else 0.0 for rep in REPS}   # the 3x rule"),
        PLAN: "coaching_plan = coaching.focus_plan(team, 'prospecting', 60, reps=MY_REPS)   # what shows first",
    }, about="one component at a time, as it shows now: each rep's lowest scorecard score in the last quarter at "
             "face value, the 3x-coverage rule for the risk call, and coaching what is visible (prospecting)"),
    Persona("other_id", loses=AUTOGRADED, scores=WAITS, answers={TEAM: "trainee_id = 'someone.else'   # a friend's team"},
            about="the model answers run with another trainee's id (typed a friend's id): grading gives the kernel "
                  "only the submitter's own team, so the notebook finds no team and its later cells cannot run"),
    Persona("faker", base="blank", loses=AUTOGRADED, scores={BRIEF: 0.0},
            answers=faked_answers(VARIABLES, text={"trainee_id": "faker"}),
            about="every answer an object that claims to equal anything (a float or str subclass whose == is "
                  "always True)"),
    # Without an id the notebook builds no team and every later cell fails (0 in nbgrader too), so the
    # blank persona types its id and nothing else.
    Persona("blank", base="blank", loses=AUTOGRADED[1:], scores={BRIEF: 0.0}, answers=own_id(),
            about="the release notebook untouched but for the trainee id"),
)
