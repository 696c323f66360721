"""Practice questions of the coaching lesson (course/08_coaching.ipynb).

Every answer is computed from the lesson's team, ``simulate("northwind",
seed=0)``, with the library's own functions (the coaching history, the plans
built from the diagnosis, their expected effect over :data:`REPLICATIONS`
futures, attainment and the whole-job scorecard), so the questions stay right
whatever the simulation draws. The lesson imports them::

    from sefkit.classroom.lessons.coaching import q1, q2, q3, q4, q5, q6

>>> q1.judge(...).status
'not_attempted'
>>> q1.judge(15).message.startswith("That is one part of the job")
True
"""

from __future__ import annotations

from functools import cache

from ..practice import Misconception, Question

#: The lesson's team: ``sefkit.simulate(LESSON_SCENARIO, seed=LESSON_SEED)``.
LESSON_SCENARIO = "northwind"
LESSON_SEED = 0
#: The last quarter of the team's history: the coaching history the lesson reads.
HISTORY_QUARTER = "2026Q4"
#: The rep whose coaching history q1 reads, and the manager whose week q2 reads.
HISTORY_REP, MANAGER = "R01", "M01"
#: Minutes a week per rep in the plans the lesson compares; quarters ahead; futures averaged.
MINUTES, QUARTERS_AHEAD, REPLICATIONS = 60, 4, 10
#: The two quarters whose attainment q5 compares.
QUARTER_PAIR = ("2026Q3", "2026Q4")
#: The plans q4 compares, by the names the lesson gives them.
PLAN_NAMES = ("diagnosis", "prospecting")


@cache
def lesson_team():
    """The lesson's team (simulated once, then kept)."""
    from ...engine.simulation import simulate

    return simulate(LESSON_SCENARIO, seed=LESSON_SEED)


def plans(team) -> dict:
    """The lesson's plans, :data:`MINUTES` a week for every rep: from the diagnosis, evenly, prospecting only.

    >>> sorted(plans(lesson_team()))
    ['diagnosis', 'even', 'prospecting']
    """
    from ...whole_job import coaching

    return {"diagnosis": coaching.diagnosis_plan(team, MINUTES), "even": coaching.even_plan(team, MINUTES),
            "prospecting": coaching.focus_plan(team, "prospecting", MINUTES)}


def by_quarter(team, plan):
    """The plan's expected extra money per quarter ahead (won_amount rows of an expected what-if)."""
    from ...whole_job import coaching

    out = coaching.what_if(team, plan, quarters_ahead=QUARTERS_AHEAD, by="team", replications=REPLICATIONS)
    return out[out["metric"] == "won_amount"].set_index("quarter")


# -- q1: the coaching history -----------------------------------------------------------

def _history(team, column="total"):
    from ...whole_job.coaching import coaching_summary

    return float(coaching_summary(team, rep=HISTORY_REP, quarter=HISTORY_QUARTER).loc[HISTORY_REP, column])


q1 = Question(
    name="q1",
    prompt=(f"On average, how many minutes a week of coaching did {HISTORY_REP} get in {HISTORY_QUARTER}, all "
            "parts of the job together? Answer with a number."),
    team=lesson_team,
    expected=_history,
    hints=["coaching.coaching_summary(team, quarter=...) has one row per rep and a total column.",
           f"Read the total on {HISTORY_REP}'s row."],
    solution_text="coaching_summary divides the minutes of the quarter by its 13 weeks; total adds the seven parts.",
    answer_code=(f"from sefkit import coaching\n"
                 f"coaching.coaching_summary(team, quarter='{HISTORY_QUARTER}').loc['{HISTORY_REP}', 'total']"),
    misconceptions=[
        Misconception(lambda team: _history(team, "calls"),
                      "That is one part of the job (a single column); the question asks for all seven together: "
                      "read the total."),
    ],
)


# -- q2: the manager's week --------------------------------------------------------------

def _manager(team, who=MANAGER):
    from ...whole_job.coaching import manager_minutes

    return float(manager_minutes(team, plans(team)["diagnosis"])[who])


def _whole_team(team):
    from ...whole_job.coaching import manager_minutes

    return float(manager_minutes(team, plans(team)["diagnosis"]).sum())


q2 = Question(
    name="q2",
    prompt=(f"The diagnosis plan gives every rep {MINUTES} minutes a week. How many minutes a week does it ask of "
            f"manager {MANAGER}? Answer with a number."),
    team=lesson_team,
    expected=_manager,
    rel_tol=0.005,
    hints=["coaching.manager_minutes(team, plan) adds the plan's minutes over each manager's reps.",
           f"Read {MANAGER}'s row: the reps table says who reports to whom."],
    solution_text=(f"Each manager coaches their own reps: {MANAGER}'s minutes are the plan's minutes for the reps "
                   f"whose manager_id is {MANAGER}."),
    answer_code=("from sefkit import coaching\n"
                 f"coaching.manager_minutes(team, coaching.diagnosis_plan(team, {MINUTES}))['{MANAGER}']"),
    misconceptions=[
        Misconception(_whole_team, "That is the whole team's minutes, both managers together: the question asks "
                                   f"for {MANAGER}'s own reps only."),
    ],
)


# -- q3 and q4: the expected effect, its lag -----------------------------------------------

def _best_quarter(team):
    return str(by_quarter(team, plans(team)["diagnosis"])["difference"].idxmax())


def _first_quarter(team):
    return str(by_quarter(team, plans(team)["diagnosis"]).index[0])


q3 = Question(
    name="q3",
    prompt=("In which quarter ahead is the diagnosis plan expected to add the most money? Answer with the quarter "
            "in quotes, such as '2027Q2'."),
    team=lesson_team,
    expected=_best_quarter,
    choices=("2027Q1", "2027Q2", "2027Q3", "2027Q4"),  # the four quarters after the run
    hints=["The expected what-if has one row per quarter ahead; difference is the expected extra money.",
           "Find the quarter with the largest difference: .idxmax()."],
    solution_text=("A skill coached now changes how the rep works deals that close a sales cycle later, so the gain "
                   "grows quarter by quarter."),
    answer_code=("from sefkit.classroom.lessons.coaching import by_quarter, plans\n"
                 "by_quarter(team, plans(team)['diagnosis'])['difference'].idxmax()"),
    misconceptions=[
        Misconception(_first_quarter, "Coaching does not pay at once: the first quarter shows little. Read every "
                                      "quarter ahead."),
    ],
)


def plan_gain(team, name):
    """The expected extra money of the lesson's plan ``name`` over the quarters ahead (coaching.expected_gain)."""
    from ...whole_job.coaching import expected_gain

    return float(expected_gain(team, plans(team)[name], quarters_ahead=QUARTERS_AHEAD,
                               replications=REPLICATIONS)["gain"])


def _better(team, worse=False):
    a, b = PLAN_NAMES
    first = plan_gain(team, a) > plan_gain(team, b)
    return (b if first else a) if worse else (a if first else b)


q4 = Question(
    name="q4",
    prompt=(f"Over the four quarters ahead, which plan is expected to win more money: {PLAN_NAMES[0]!r} (each rep "
            f"coached where the diagnosis shows them behind) or {PLAN_NAMES[1]!r} (every rep on prospecting)? "
            "Answer with the plan's name in quotes."),
    team=lesson_team,
    expected=_better,
    choices=PLAN_NAMES,
    hints=["The picture of the plans' expected effects answers it; so does coaching.expected_gain for each plan.",
           "Compare the gain of the two plans over the same futures."],
    solution_text=("Prospecting is the part of the job a manager sees first (activity, meetings), but more deals "
                   "for reps who cannot win them add little; the diagnosis coaches what holds each rep back."),
    answer_code=("from sefkit.classroom.lessons.coaching import plan_gain\n"
                 "max(['diagnosis', 'prospecting'], key=lambda name: plan_gain(team, name))"),
    misconceptions=[
        Misconception(lambda team: _better(team, worse=True),
                      "That plan is expected to win less: coaching only the part you can see most easily leaves "
                      "each rep's real weak link where it was."),
    ],
)


# -- q5 and q6: judging a rep -------------------------------------------------------------

def _attainment(team):
    from ...components.territory import attainment

    return attainment(team).pivot(index="rep_id", columns="quarter", values="attainment")


def _rank_correlation(team, ranks=True):
    a = _attainment(team)[list(QUARTER_PAIR)]
    a = a.rank() if ranks else a
    return float(a[QUARTER_PAIR[0]].corr(a[QUARTER_PAIR[1]]))


q5 = Question(
    name="q5",
    prompt=(f"How well does one quarter's attainment predict the next? Compute the rank correlation of the reps' "
            f"attainment in {QUARTER_PAIR[0]} and {QUARTER_PAIR[1]} (1: the same order; 0: no relation). Answer with "
            "a number such as 0.5."),
    team=lesson_team,
    expected=_rank_correlation,
    decimals=2,
    abs_tol=0.01,
    hints=["Rank the reps in each quarter first: table.rank() gives each rep's place.",
           "Then correlate the two columns of ranks: ranks[q1].corr(ranks[q2])."],
    solution_text="The rank correlation (Spearman's) is the correlation of the reps' places in the two quarters.",
    answer_code=("from sefkit import territory\n"
                 "a = territory.attainment(team).pivot(index='rep_id', columns='quarter', values='attainment')\n"
                 f"r = a[['{QUARTER_PAIR[0]}', '{QUARTER_PAIR[1]}']].rank()\n"
                 f"r['{QUARTER_PAIR[0]}'].corr(r['{QUARTER_PAIR[1]}'])"),
    misconceptions=[
        Misconception(1.0, "1 would mean the reps finish every quarter in the same order; compute it from the table."),
    ],
)


def _whole_job_weakest(team):
    from ...whole_job.system import scorecard

    return str(scorecard(team).mean(axis=1).idxmin())


def _lowest_quarter(team):
    return str(_attainment(team)[QUARTER_PAIR[1]].idxmin())


q6 = Question(
    name="q6",
    prompt=("Which rep is weakest on the whole job: the lowest average score over the seven parts of the whole-run "
            "scorecard? Answer with the rep id in quotes, such as 'R04'."),
    team=lesson_team,
    expected=_whole_job_weakest,
    choices=tuple(f"R{i:02d}" for i in range(1, 11)),
    hints=["system.scorecard(team) has one row per rep and one column per part of the job.",
           "Average each row (.mean(axis=1)) and take the lowest (.idxmin())."],
    solution_text=("The whole-run scorecard rests on eight quarters and every part of the job, so it ranks the reps "
                   "far better than any one quarter's attainment does."),
    answer_code="from sefkit import system\nsystem.scorecard(team).mean(axis=1).idxmin()",
    misconceptions=[
        Misconception(_lowest_quarter, f"That rep had the lowest attainment in {QUARTER_PAIR[1]}: one quarter, one "
                                       "number. Read the whole job over the whole run."),
    ],
)
