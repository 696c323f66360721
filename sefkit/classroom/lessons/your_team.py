"""Practice questions of the closing lesson, your own team (course/10_your_team.ipynb).

The lesson reads the sample CRM export shipped with the course
(``course/data/crm_sample/``, written by :mod:`sefkit.classroom.crm_sample` from
the simulated team ``LESSON_SCENARIO`` with ``LESSON_SEED``) with :mod:`sefkit.data.crm`,
and every answer is computed from the team read from it, with the one sefkit
function for each measure. The lesson imports them::

    from sefkit.classroom.lessons.your_team import q1, q2, q3, q4

>>> q1.judge(...).status
'not_attempted'
>>> q2.judge(_decision_win_rate(lesson_team())).message.startswith("You left out")
True
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ...data.team import COMPONENTS
from ..practice import Misconception, Question

#: The simulated team the sample export was written from (the lesson never simulates it).
LESSON_SCENARIO = "northwind"
LESSON_SEED = 11
#: The day the sample export was taken.
AS_OF = "2027-01-03"
#: Where the sample export lives: course/data/crm_sample/.
SAMPLE_FOLDER = Path(__file__).resolve().parents[3] / "course" / "data" / "crm_sample"
#: The sample's column names the reader cannot guess, and its own stage name.
COLUMNS = {"AE": "rep", "Est. Close": "close_date"}
STAGES = {"Demo Done": "discover"}


def sample(name: str = "opportunities.csv") -> Path:
    """The path of one file of the sample export.

    >>> sample().name, sorted(p.name for p in SAMPLE_FOLDER.iterdir())
    ('opportunities.csv', ['opportunities.csv', 'opportunity_history.csv', 'quotas.csv', 'users.csv'])
    """
    return SAMPLE_FOLDER / name


@cache
def lesson_team():
    """The team read from the sample export as the lesson reads it (read once, then kept)."""
    from ...data import crm

    return crm.load(sample(), reps=sample("users.csv"), quotas=sample("quotas.csv"),
                    history=sample("opportunity_history.csv"), columns=COLUMNS, stages=STAGES, as_of=AS_OF)


def _report(team):
    from ...data import crm

    return crm.report(team)


def _opportunities_left_out(team):
    skipped = _report(team).not_used
    return int((skipped["file"] == "opportunities.csv").sum())


def _all_left_out(team):
    return len(_report(team).not_used)


def _read_by_a_rule(team):
    notes = _report(team).notes
    return int(notes.loc[notes["file"] == "opportunities.csv", "count"].sum())


q1 = Question(
    name="q1",
    prompt="How many rows of opportunities.csv did the reader leave out? Answer with a whole number.",
    team=lesson_team,
    expected=_opportunities_left_out,
    abs_tol=0.5,
    rel_tol=0.0,
    hints=[
        "The load report's 'Rows not used' lists every row left out, file by file.",
        "Count the rows of crm.report(team).not_used whose file is opportunities.csv.",
    ],
    solution_text=(
        "The report lists each row left out with its reason: here an amount written TBD, a deal closed "
        "after the export's date, and a row exported twice. The history file's rows left out belong to "
        "those deals, and rows read under a rule were used."
    ),
    answer_code=(
        "from sefkit import crm\n"
        "skipped = crm.report(team).not_used\n"
        "(skipped['file'] == 'opportunities.csv').sum()"
    ),
    misconceptions=[
        Misconception(_all_left_out,
                      "That counts the history file's rows too. The question asks about opportunities.csv: "
                      "look at the file column."),
        Misconception(_read_by_a_rule,
                      "Those rows were used, under a rule (a lost deal counted as no decision, an amount of 0 "
                      "read as unknown ...). 'Rows not used' lists the rows left out."),
    ],
)


def _counts(team):
    from ...components.deals import closed_deals

    outcome = closed_deals(team, include_disqualified=True)["outcome"].value_counts()
    return {o: int(outcome.get(o, 0)) for o in ("won", "lost", "no_decision", "disqualified")}


def _win_rate(team):
    from ...components import deals

    return float(deals.win_rate(team))


def _decision_win_rate(team):
    c = _counts(team)
    return c["won"] / (c["won"] + c["lost"])


def _with_disqualified(team):
    c = _counts(team)
    return c["won"] / sum(c.values())


q2 = Question(
    name="q2",
    prompt="What is the team's win rate over the whole export? Answer with a share such as 0.25.",
    team=lesson_team,
    expected=_win_rate,
    decimals=3,
    hints=[
        "The course's win rate: won / (won + lost + no decision), over deals closed.",
        "deals.win_rate(team) works on a team read from a CRM export just as on a simulated one.",
    ],
    solution_text=(
        "Win rate = won / (won + lost + no decision). The sample's CRM records no-decision deals as "
        "'Closed Lost' with a reason such as 'No Decision' or 'Unresponsive'; the reader counts them "
        "as no decision, and disqualified deals never entered the pipeline."
    ),
    answer_code="from sefkit import deals\ndeals.win_rate(team)",
    misconceptions=[
        Misconception(_decision_win_rate,
                      "You left out the no-decision deals (won / (won + lost)). Deals that die undecided "
                      "are part of the win rate: they are where qualification shows."),
        Misconception(_with_disqualified,
                      "You counted the disqualified deals. They never entered the pipeline, so the win "
                      "rate leaves them out."),
    ],
)


def _blank_components(team):
    from ...whole_job import system

    card = system.scorecard(team)
    return {c for c in COMPONENTS if card[c].isna().all()}


def _blank_with_forecasting(team):
    return _blank_components(team) | {"forecasting"}


def _only_calls_and_forecasts(team):
    return {"calls", "forecasting"}


q3 = Question(
    name="q3",
    prompt=(
        "Which parts of the job does the scorecard leave blank for this export? Answer with a set of "
        "component names in braces, such as {'qualification'}."
    ),
    team=lesson_team,
    expected=_blank_components,
    hints=[
        "A blank column of system.scorecard(team) is a component the export cannot measure.",
        "Each needs a table: look at 'Not in the export' at the end of the load report.",
    ],
    solution_text=(
        "Territory and prospecting need activities (and accounts), calls need the sales calls, and "
        "hygiene's close-out lag times a dead deal from its last sales call; this export has none of "
        "them. Forecasting is measured: the field history keeps the close date each deal was first "
        "given, so the close-date horizon shows."
    ),
    answer_code=(
        "from sefkit import system\n"
        "card = system.scorecard(team)\n"
        "{c for c in card.columns if card[c].isna().all()}"
    ),
    misconceptions=[
        Misconception(_blank_with_forecasting,
                      "Forecasting is measured here: the field history keeps the close date each deal was "
                      "first given, so the close-date horizon can be read."),
        Misconception(_only_calls_and_forecasts,
                      "Territory and prospecting are blank too: they are measured from activities on "
                      "accounts, and this export has no activities file."),
    ],
)


def _zombies(team):
    from ...components import pipeline

    return len(pipeline.zombies(team, as_of=AS_OF))


def _stale(team):
    from ...components import pipeline

    health = pipeline.ageing(team, as_of=AS_OF)
    return int((health["days_in_stage"] > pipeline.ZOMBIE_STALE_DAYS).sum())


q4 = Question(
    name="q4",
    prompt="How many zombie deals does the team carry on the day of the export (AS_OF)? Answer with a whole number.",
    team=lesson_team,
    expected=_zombies,
    abs_tol=0.5,
    rel_tol=0.0,
    hints=[
        "A zombie is stuck in its stage for more than 45 days AND has a close date pushed twice or already passed.",
        "Count the rows of pipeline.zombies(team, as_of=AS_OF).",
    ],
    solution_text=(
        "pipeline.zombies reads the weekly pipeline rebuilt from the field history: the deals open on "
        "the export's day, stuck in their stage, whose close date was pushed or has passed."
    ),
    answer_code=f"from sefkit import pipeline\nlen(pipeline.zombies(team, as_of='{AS_OF}'))",
    misconceptions=[
        Misconception(_stale,
                      "You counted every deal stuck in its stage. A slow deal is not dead yet: a zombie "
                      "is also one whose close date keeps being pushed or has already passed."),
    ],
)
