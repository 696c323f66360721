"""Practice questions of the whole-job lesson (course/07_whole_job.ipynb).

Every answer is computed from the lesson's team, ``simulate("northwind",
seed=0)``, with the library's own functions (the scorecard, the diagnosis, the
trace of a missed quarter and, for how sure the diagnosis is, the simulation's
hidden truth), so the questions stay right whatever the simulation draws and
whenever the diagnosis improves. The lesson imports them::

    from sefkit.classroom.lessons.whole_job import q1, q2, q3, q4, q5, q6

>>> q1.judge(...).status
'not_attempted'
>>> q2.judge("forecast").message.startswith("The forecast is where the miss showed")
True
"""

from __future__ import annotations

from functools import cache

from ...data.team import COMPONENTS
from ..practice import Misconception, Question

#: The lesson's team: ``sefkit.simulate(LESSON_SCENARIO, seed=LESSON_SEED)``.
LESSON_SCENARIO = "northwind"
LESSON_SEED = 0
#: The missed quarter the lesson traces back, and whose it was.
MISSED_REP = "R02"
MISSED_QUARTER = "2026Q1"
#: The rep whose scorecard row the lesson reads first (q1).
SCORECARD_REP = "R07"
#: The rep whose binding constraint the lesson reads with its evidence (q4).
DIAGNOSED_REP = "R04"
#: The one quarter the lesson diagnoses on its own, against the whole run (q6).
ONE_QUARTER = "2026Q4"
#: The links of a trace, in the order the lesson reads them (sefkit.whole_job.evidence.trace).
LINKS = ("result", "forecast", "pipeline", "hygiene", "deals", "qualification", "prospecting")


@cache
def lesson_team():
    """The lesson's team (simulated once, then kept)."""
    from ...engine.simulation import simulate

    return simulate(LESSON_SCENARIO, seed=LESSON_SEED)


def missed_trace(team):
    """The lesson's missed quarter traced back (:func:`sefkit.whole_job.evidence.trace`).

    >>> missed_trace(lesson_team())["link"].iloc[0]
    'result'
    """
    from ...whole_job.evidence import trace

    return trace(team, MISSED_REP, MISSED_QUARTER)


# -- q1: reading the scorecard ------------------------------------------------------------

def _scores(team):
    from ...whole_job.system import scorecard

    return scorecard(team).loc[SCORECARD_REP]


q1 = Question(
    name="q1",
    prompt=(f"On the whole-run scorecard, on which part of the job does {SCORECARD_REP} score lowest? "
            "Answer with the component's name as the scorecard writes it, in quotes, such as 'calls'."),
    team=lesson_team,
    expected=lambda team: str(_scores(team).idxmin()),
    choices=COMPONENTS,
    hints=["Read the rep's row of the scorecard: 0 is the team's average and higher is always better.",
           f"system.scorecard(team).loc['{SCORECARD_REP}'].idxmin() names the lowest score."],
    solution_text=("Each score is a standard score against the team, with the sign turned so that higher is "
                   "better; the rep falls furthest behind the team where the score is lowest."),
    answer_code=f"from sefkit import system\nsystem.scorecard(team).loc['{SCORECARD_REP}'].idxmin()",
    misconceptions=[
        Misconception(lambda team: str(_scores(team).idxmax()),
                      "That is the rep's strongest part: on the scorecard higher is better, so the weakest "
                      "is the lowest score."),
    ],
)


# -- q2 and q3: a missed quarter traced back ---------------------------------------------------

def _earliest_short_link(team):
    """The link furthest back along the chain where the rep was worse than the team."""
    t = missed_trace(team)
    return str(t.loc[t["worse_than_team"], "link"].iloc[-1])


q2 = Question(
    name="q2",
    prompt=(f"{MISSED_REP} missed {MISSED_QUARTER}. Following the trace back from the result, where does the "
            f"chain start: the link furthest back where {MISSED_REP} was worse than the team? Answer with the "
            "link's name in quotes, such as 'deals'."),
    team=lesson_team,
    expected=_earliest_short_link,
    choices=LINKS,
    hints=["The trace lists the links from the result (top) back to the earliest cause (bottom).",
           "Find the last row of the trace whose worse_than_team is True."],
    solution_text=("A missed quarter shows first in the forecast and the result, but each link is fed by the "
                   "one below it: the forecast by the pipeline, the pipeline by the deals in it, and the deals "
                   "by the prospecting of the quarters before. Look for the earliest link that was already short."),
    answer_code=("from sefkit import evidence\n"
                 f"t = evidence.trace(team, '{MISSED_REP}', '{MISSED_QUARTER}')\n"
                 "t.loc[t['worse_than_team'], 'link'].iloc[-1]"),
    misconceptions=[
        Misconception("forecast", "The forecast is where the miss showed first on your desk, not where it "
                                  "started: follow the chain back to the earliest link that was short."),
        Misconception("result", "The result is the symptom itself: follow the chain back to where it started."),
    ],
)


def _created(team, column="rep_value"):
    t = missed_trace(team)
    return float(t.loc[t["measure"] == "opportunities created", column].iloc[0])


q3 = Question(
    name="q3",
    prompt=(f"How many opportunities did {MISSED_REP} create in the two quarters before {MISSED_QUARTER}? "
            "Answer with a whole number."),
    team=lesson_team,
    expected=_created,
    abs_tol=0.5,
    rel_tol=0.0,
    hints=["It is in the trace, on the prospecting rows.",
           "Read rep_value on the row whose measure is 'opportunities created'."],
    solution_text="The trace's last row counts the opportunities the rep created in the two quarters before.",
    answer_code=("from sefkit import evidence\n"
                 f"t = evidence.trace(team, '{MISSED_REP}', '{MISSED_QUARTER}')\n"
                 "t.loc[t['measure'] == 'opportunities created', 'rep_value'].iloc[0]"),
    misconceptions=[
        Misconception(lambda team: _created(team, "team_value"),
                      "That is the team's average (team_value); the question asks for the rep's own count."),
    ],
)


# -- q4: the binding constraint, with its evidence --------------------------------------------

def _diagnosis(team):
    from ...whole_job.system import diagnose

    return diagnose(team).set_index("rep_id").loc[DIAGNOSED_REP]


q4 = Question(
    name="q4",
    prompt=(f"What does the diagnosis name as {DIAGNOSED_REP}'s binding constraint (the weakest link) over the "
            "whole run? Answer with the component's name in quotes, such as 'calls'."),
    team=lesson_team,
    expected=lambda team: str(_diagnosis(team)["binding_constraint"]),
    choices=COMPONENTS,
    hints=["system.diagnose(team) has one row per rep.",
           "Read the binding_constraint column; its finding gives the evidence."],
    solution_text=("diagnose names the part with the lowest score on the whole-run scorecard (its diagnostic "
                   "scores are the scorecard's own); a tie goes to the part earlier in the chain."),
    answer_code=(f"from sefkit import system\nd = system.diagnose(team).set_index('rep_id')\n"
                 f"d.loc['{DIAGNOSED_REP}', 'binding_constraint']"),
    misconceptions=[
        Misconception(lambda team: str(_diagnosis(team)["next_weakest"]),
                      "That is the runner-up (next_weakest): nearly as weak, but not the weakest link."),
    ],
)


# -- q5 and q6: how sure the diagnosis can be -------------------------------------------------

def _hits(team):
    from ...whole_job.system import check_diagnosis

    return int(check_diagnosis(team)["hit"].sum())


q5 = Question(
    name="q5",
    prompt=("The simulation knows each rep's true weakest skill. For how many of this team's ten reps does the "
            "whole-run diagnosis name it? Answer with a whole number."),
    team=lesson_team,
    expected=_hits,
    abs_tol=0.5,
    rel_tol=0.0,
    hints=["system.check_diagnosis(team) puts the diagnosis next to the hidden truth.",
           "Count the rows whose hit is True: check_diagnosis(team)['hit'].sum()."],
    solution_text=("The diagnosis reads observable data, so it is an estimate: count the reps where it agrees "
                   "with the hidden truth."),
    answer_code="from sefkit import system\nsystem.check_diagnosis(team)['hit'].sum()",
    misconceptions=[
        Misconception(10, "The diagnosis is not the truth: it estimates each rep's weakest skill from what a "
                          "manager can see. Count the rows of check_diagnosis whose hit is True."),
    ],
)


def _changed(team):
    from ...whole_job.system import diagnose

    whole = diagnose(team).set_index("rep_id")["binding_constraint"]
    one = diagnose(team, quarter=ONE_QUARTER).set_index("rep_id")["binding_constraint"]
    return int((whole != one.reindex(whole.index)).sum())


q6 = Question(
    name="q6",
    prompt=(f"Diagnose the team from {ONE_QUARTER} alone. For how many of the ten reps does it name a different "
            "binding constraint from the whole run's diagnosis? Answer with a whole number."),
    team=lesson_team,
    expected=_changed,
    abs_tol=0.5,
    rel_tol=0.0,
    hints=[f"system.diagnose(team, quarter='{ONE_QUARTER}') reads that quarter only.",
           "Put its binding_constraint column next to the whole run's and count the reps where they differ."],
    solution_text=("One quarter rests on a handful of deals per rep, so its diagnosis moves with the luck of "
                   "that quarter; the whole run rests on eight quarters of evidence."),
    answer_code=("from sefkit import system\n"
                 "whole = system.diagnose(team).set_index('rep_id')['binding_constraint']\n"
                 f"one = system.diagnose(team, quarter='{ONE_QUARTER}').set_index('rep_id')['binding_constraint']\n"
                 "(whole != one).sum()"),
    misconceptions=[
        Misconception(0, "One quarter's evidence is not the whole run's: compare the two diagnoses rep by rep."),
    ],
)
