"""Made-up learners of graded exercise 8 and the score each must get (tests/test_personas.py).

Each persona starts from the model answers (or the blank release) and changes what its
mistake changes; ``loses`` lists the items it must score 0 on, every other autograded item
must score full points, and ``scores`` the exact points of the rest (half marks for a plan,
and the written review, which waits for the facilitator). Never released.
"""

from sefkit.classroom.grading.declare import Persona, faked_answers

REVIEW = "coaching_review"
AUTOGRADED = ("coaching_constraint", "coaching_rank_correlation", "coaching_expected_gain",
              "coaching_payback_quarter", "coaching_plan")
INTEGRATION = ("coaching_payback_quarter", "coaching_plan")
WAITS = {REVIEW: None}  # a written answer waits for the facilitator
PLAN = "coaching_plan_answer"

#: Answer variable of each answer cell, for the faker.
VARIABLES = {"coaching_constraint_answer": "constraint_r03", "coaching_rank_correlation_answer": "rank_correlation",
             "coaching_expected_gain_answer": "expected_gain", "coaching_payback_quarter_answer": "payback_quarter",
             PLAN: "coaching_plan"}
TEXT = {"constraint_r03": "calls", "payback_quarter": "2027Q4"}

PERSONAS = (
    Persona("full", about="the model answers: the diagnosis plan, judged by its expected effect", scores=WAITS),
    Persona("rounded_by_hand", typed=[c for c in VARIABLES if c != PLAN], scores=WAITS,
            about="types every value read off the tables: money to the thousand, the correlation to 3 digits"),
    Persona("weakest_link_by_hand", scores=WAITS, answers={
        PLAN: ("diagnosis = system.diagnose(team).set_index('rep_id')\n"
               "coaching_plan = {r: {diagnosis.loc[r, 'binding_constraint']: 60} for r in MY_REPS}")},
        about="an integrated manager: an hour a week on each rep's diagnosed binding constraint, by hand"),
    Persona("siloed", loses=INTEGRATION, scores=WAITS, answers={
        "coaching_payback_quarter_answer": "payback_quarter = '2027Q1'   # coaching pays at once",
        PLAN: "coaching_plan = coaching.focus_plan(team, 'prospecting', 60, reps=MY_REPS)   # what shows first",
        REVIEW: "R01 reached 31% of quota in 2026Q4, the lowest on the team: a performance plan, and more calls.",
    }, about="coaches what is visible (prospecting only), expects coaching to pay in its first quarter, and "
             "judges R01 on one quarter's attainment"),
    Persona("one_quarter_judge", loses=["coaching_plan"], scores=WAITS, answers={
        PLAN: ("last = territory.attainment(team, quarter='2026Q4').set_index('rep_id')['attainment']\n"
               "worst = last.loc[MY_REPS].nsmallest(4).index   # the four lowest quarters\n"
               "one = system.diagnose(team, quarter='2026Q4').set_index('rep_id')['binding_constraint']\n"
               "coaching_plan = {r: {one[r]: 120} for r in worst}")},
        about="puts all the minutes on the four reps with the lowest 2026Q4 attainment, on that quarter's "
              "diagnosis alone"),
    Persona("closing_coach", scores={**WAITS, "coaching_plan": 2.0}, answers={
        PLAN: "coaching_plan = coaching.focus_plan(team, 'deal_management', 60, reps=MY_REPS)   # where money is won"},
        about="coaches every rep on deal management, the part where deals are won: clearly better than the simple "
              "plans, well short of coaching each rep where they fall short (half the points)"),
    Persona("even_spreader", loses=["coaching_plan"], scores=WAITS, answers={
        PLAN: "coaching_plan = coaching.even_plan(team, 60, reps=MY_REPS)   # a little of everything"},
        about="spreads each rep's hour evenly over the seven parts of the job"),
    Persona("over_budget", loses=["coaching_plan"], scores=WAITS, answers={
        PLAN: "coaching_plan = coaching.diagnosis_plan(team, 90, reps=MY_REPS)   # 720 minutes a week"},
        about="the diagnosis plan at 90 minutes a rep: 720 minutes a week, more than the 480 there are"),
    Persona("whole_team", loses=["coaching_plan"], scores=WAITS, answers={
        PLAN: "coaching_plan = coaching.diagnosis_plan(team, 48)   # all ten reps, R09 and R10 included"},
        about="coaches all ten reps, including M02's R09 and R10"),
    Persona("single_future", loses=["coaching_expected_gain"], scores=WAITS, answers={
        "coaching_expected_gain_answer": (
            "diagnosis_plan = coaching.diagnosis_plan(team, 60, reps=MY_REPS)\n"
            "expected = coaching.what_if(team, diagnosis_plan, quarters_ahead=4, by='team')   # one future\n"
            "won = expected[expected['metric'] == 'won_amount'].set_index('quarter')\n"
            "expected_gain = won['difference'].sum()")},
        about="runs one what-if (one future's luck) instead of the expected effect"),
    Persona("pearson", loses=["coaching_rank_correlation"], scores=WAITS, answers={
        "coaching_rank_correlation_answer": (
            "attainment = territory.attainment(team).pivot(index='rep_id', columns='quarter', values='attainment')\n"
            "rank_correlation = attainment['2026Q3'].corr(attainment['2026Q4'])   # the values, not the ranks")},
        about="correlates the attainment values rather than the reps' ranks"),
    Persona("runner_up", loses=["coaching_constraint"], scores=WAITS, answers={
        "coaching_constraint_answer": ("diagnosis = system.diagnose(team).set_index('rep_id')\n"
                                       "constraint_r03 = diagnosis.loc['R03', 'next_weakest']")},
        about="reads the runner-up column (next_weakest) as the constraint"),
    Persona("faker", base="blank", loses=AUTOGRADED, scores={REVIEW: 0.0},
            answers=faked_answers(VARIABLES, text=TEXT),
            about="every answer an object that claims to equal anything (a float or str subclass whose == is "
                  "always True)"),
    Persona("blank", base="blank", loses=AUTOGRADED, scores={REVIEW: 0.0}, about="the release notebook untouched"),
)
