"""Practice questions of the pipeline lesson (course/05_pipeline.ipynb).

Every answer is computed from the lesson's team, ``simulate("northwind",
seed=0)``, with the one sefkit function for each measure, so the questions stay
right whatever the simulation draws. The lesson imports them::

    from sefkit.classroom.lessons.pipeline import q1, q2, q3, q4, q5, q6

>>> q1.judge(...).status
'not_attempted'
>>> q6.judge(3.0).message.startswith("That is the 3x rule.")
True

Numbers read from the lesson's rounded tables pass: q6 worked by hand from the
win rate and slip rate as the lesson's table shows them (two decimals) is right,
although it differs from the exact answer by more than 1%.

>>> win, slip = (round(rate, 2) for rate in _rates(lesson_team()))
>>> q6.judge(1 / (win * (1 - slip))).correct
True
"""

from __future__ import annotations

from functools import cache

from ...data.team import OPEN_STAGES
from ..practice import Misconception, Question, Worked

#: The lesson's team: ``sefkit.simulate(LESSON_SCENARIO, seed=LESSON_SEED)``.
LESSON_SCENARIO = "northwind"
LESSON_SEED = 0
#: The quarter the lesson looks at ("going into the quarter").
QUARTER = "2026Q2"
#: The rep whose coverage the lesson works out (q1, q6).
REP = "R01"


@cache
def lesson_team():
    """The lesson's team (simulated once, then kept)."""
    from ...engine.simulation import simulate

    return simulate(LESSON_SCENARIO, seed=LESSON_SEED)


def first_day(team):
    """The first day (a Monday) of :data:`QUARTER`: the day the lesson looks at the pipeline.

    >>> first_day(lesson_team()).date().isoformat()
    '2026-04-06'
    """
    return team.quarter_bounds(QUARTER)[0]


def history(team) -> list[str]:
    """The quarters before :data:`QUARTER`: all a manager knows of the reps' track record on its first day.

    >>> history(lesson_team())
    ['2025Q1', '2025Q2', '2025Q3', '2025Q4', '2026Q1']
    """
    return team.quarters[: team.quarters.index(QUARTER)]


def _coverage(team):
    from ...components import pipeline

    return float(pipeline.coverage(team, rep=REP, quarter=QUARTER)["coverage"].iloc[0])


def _quota(team):
    q = team.quotas
    return float(q.loc[(q["rep_id"] == REP) & (q["quarter"] == QUARTER), "quota"].iloc[0])


def _all_open_coverage(team):
    """The mistake: every open deal, whatever its close date, over the quota."""
    from ...components import pipeline

    return float(pipeline.open_pipeline(team, first_day(team), rep=REP)["amount"].sum()) / _quota(team)


def _pipeline_money(team):
    from ...components import pipeline

    return float(pipeline.coverage(team, rep=REP, quarter=QUARTER)["pipeline"].iloc[0])


q1 = Question(
    name="q1",
    prompt=f"What was {REP}'s pipeline coverage going into {QUARTER}? Answer with a number such as 2.5.",
    team=lesson_team,
    expected=_coverage,
    hints=[
        "Coverage compares the pipeline due to close in the quarter with the quarter's quota.",
        f"Use pipeline.coverage(team, rep='{REP}', quarter='{QUARTER}') and read the coverage column.",
    ],
    solution_text=(
        "Coverage = open pipeline with a close date inside the quarter, as of its first day, "
        "divided by the quarter's quota. Deals due in later quarters do not count."
    ),
    answer_code=f"from sefkit import pipeline\npipeline.coverage(team, rep='{REP}', quarter='{QUARTER}')['coverage'].iloc[0]",
    decimals=2,   # the lesson shows the coverage table rounded to 2 decimals
    misconceptions=[
        Misconception(_all_open_coverage,
                      "You counted every open deal, including deals due to close in later quarters. "
                      "Only the deals due this quarter can help this quarter's quota."),
        Misconception(_pipeline_money,
                      "That is the pipeline in money. Coverage divides it by the quota, to give a "
                      "multiple such as 2.5 (\"2.5x\")."),
    ],
)


def _leakiest_stage(team):
    from ...components import pipeline

    conv = pipeline.stage_conversion(team, by=None)
    return str(conv.sort_values("conversion", kind="stable")["stage"].iloc[0])


def _busiest_stage(team):
    """The mistake: the stage holding the most open deals today."""
    from ...components import pipeline

    stages = pipeline.open_pipeline(team, first_day(team))["stage"]
    return str(stages.value_counts().idxmax())


q2 = Question(
    name="q2",
    prompt=(
        "Over the two years, deals that reached which stage were the least likely to make it to "
        "the next step? Answer with a stage name in quotes, such as 'propose'."
    ),
    team=lesson_team,
    expected=_leakiest_stage,
    choices=OPEN_STAGES,
    hints=[
        "Look at the conversion column of pipeline.stage_conversion(team, by=None).",
        "The smallest conversion is the leakiest step; answer with the stage it starts from.",
    ],
    solution_text=(
        "Stage conversion = of the deals that reached a stage, the share that reached the next one. "
        "The stage with the lowest conversion is where most deals stop."
    ),
    answer_code=(
        "from sefkit import pipeline\n"
        "conv = pipeline.stage_conversion(team, by=None)\n"
        "conv.sort_values('conversion')['stage'].iloc[0]"
    ),
    misconceptions=[
        Misconception(_busiest_stage,
                      "That stage holds the most open deals, but a crowded stage is not the same as a "
                      "leaky one: compare the share of deals that move on (the conversion column)."),
    ],
)


def _fastest_rep(team):
    from ...components import pipeline

    v = pipeline.velocity(team, quarter=QUARTER)
    return str(v.sort_values("velocity", ascending=False, kind="stable")["rep_id"].iloc[0])


def _most_deals_rep(team):
    """The mistake: the rep with the most open deals."""
    from ...components import pipeline

    v = pipeline.velocity(team, quarter=QUARTER)
    return str(v.sort_values("open_deals", ascending=False, kind="stable")["rep_id"].iloc[0])


q3 = Question(
    name="q3",
    prompt=f"Whose pipeline turned into money fastest in {QUARTER} (the highest velocity)? Answer with a rep id such as 'R07'.",
    team=lesson_team,
    expected=_fastest_rep,
    hints=[
        "Velocity = open deals x average won size x win rate / cycle length, in money per day.",
        f"Sort pipeline.velocity(team, quarter='{QUARTER}') by the velocity column.",
    ],
    solution_text=(
        "Velocity multiplies how many deals are open, how big the wins are and how often the rep "
        "wins, and divides by how long deals take. A big pipeline that rarely wins is slow."
    ),
    answer_code=(
        "from sefkit import pipeline\n"
        f"v = pipeline.velocity(team, quarter='{QUARTER}')\n"
        "v.sort_values('velocity', ascending=False)['rep_id'].iloc[0]"
    ),
    misconceptions=[
        Misconception(_most_deals_rep,
                      "That rep has the most open deals, but velocity also needs wins: many deals "
                      "with small wins, a low win rate or a long cycle move slowly."),
    ],
)


def _zombie_count(team):
    from ...components import pipeline

    return len(pipeline.zombies(team, as_of=first_day(team)))


def _stale_count(team):
    """The mistake: every deal stuck in its stage, pushed or not."""
    from ...components import pipeline

    health = pipeline.ageing(team, as_of=first_day(team))
    return int((health["days_in_stage"] > pipeline.ZOMBIE_STALE_DAYS).sum())


q4 = Question(
    name="q4",
    prompt=f"How many zombie deals did the whole team carry on the first day of {QUARTER}? Answer with a whole number.",
    team=lesson_team,
    expected=_zombie_count,
    abs_tol=0.5,
    rel_tol=0.0,
    hints=[
        "A zombie is stuck in its stage for more than 45 days AND has a close date pushed twice or already passed.",
        f"Count the rows of pipeline.zombies(team, as_of=first_day), with first_day = "
        f"team.quarter_bounds('{QUARTER}')[0].",
    ],
    solution_text=(
        "Use the quarter's first day (team.quarter_bounds(quarter)[0]) and count the deals that "
        "pipeline.zombies lists: stuck in their stage and with a close date pushed or passed."
    ),
    answer_code=(
        "from sefkit import pipeline\n"
        f"first_day = team.quarter_bounds('{QUARTER}')[0]\n"
        "len(pipeline.zombies(team, as_of=first_day))"
    ),
    misconceptions=[
        Misconception(_stale_count,
                      "You counted every deal stuck in its stage. A slow deal is not dead yet: a zombie "
                      "is also one whose close date keeps being pushed or has already passed."),
    ],
)


def _team_coverage(team, column):
    """The whole team's coverage going into the quarter: the reps' pipelines over their quotas, added up."""
    from ...components import pipeline

    pooled = pipeline.pooled_coverage(pipeline.quality_coverage(team, quarter=QUARTER), by=None)
    return float(pooled[column].iloc[0])


def _quality(team):
    return _team_coverage(team, "quality_coverage")


def _raw(team):
    return _team_coverage(team, "coverage")


q5 = Question(
    name="q5",
    prompt=(
        f"What was the whole team's coverage going into {QUARTER} once zombie deals are set aside? "
        "Answer with a number (the team's live pipeline due in the quarter / the team's quota)."
    ),
    team=lesson_team,
    expected=_quality,
    hints=[
        "Zombie deals sit in the pipeline but will not close; take them out before dividing by the quota.",
        f"pipeline.quality_coverage(team, quarter='{QUARTER}') has a quality_pipeline and a quota "
        "column for each rep: add each column up, then divide.",
    ],
    solution_text=(
        "Quality coverage = (pipeline due in the quarter - zombie deals) / quota. Poor hygiene "
        "makes coverage look healthier than it is."
    ),
    answer_code=(
        "from sefkit import pipeline\n"
        f"qc = pipeline.quality_coverage(team, quarter='{QUARTER}')\n"
        "qc['quality_pipeline'].sum() / qc['quota'].sum()"
    ),
    misconceptions=[
        Misconception(_raw,
                      "That is the coverage on paper, zombies included. Set aside the deals that are "
                      "stuck and keep being pushed: they will not close."),
    ],
)


def _needed_row(team, quarters):
    from ...components import pipeline

    return pipeline.coverage_needed(team, rep=REP, quarter=quarters).iloc[0]


def _needed(team):
    return float(_needed_row(team, history(team))["required_coverage"])


def _rates(team):
    """R01's win rate and slip rate over the history: what the lesson's table shows rounded."""
    row = _needed_row(team, history(team))
    return float(row["win_rate"]), float(row["slip_rate"])


def _required(win_rate, slip_rate):
    from ...components import pipeline

    return pipeline.required_coverage(win_rate, slip_rate)


def _needed_without_slippage(team):
    return 1.0 / float(_needed_row(team, history(team))["win_rate"])


def _needed_with_hindsight(team):
    """The mistake: the rates over every quarter, including those after the quarter's first day."""
    return float(_needed_row(team, None)["required_coverage"])


q6 = Question(
    name="q6",
    prompt=(
        f"Going into {QUARTER}, given {REP}'s own win rate and slip rate over the quarters before it "
        f"(HISTORY in the lesson), what coverage does {REP} really need? Answer with a number."
    ),
    team=lesson_team,
    expected=_needed,
    decimals=2,
    worked=Worked(_required, _rates, decimals=2),   # 1 / (win rate x (1 - slip rate)) from the rounded table
    hints=[
        "Of the pipeline due in a quarter, some slips out and only a share of the rest is won. "
        f"Use only the quarters before {QUARTER}: on its first day nobody knows how its deals will end.",
        "Required coverage = 1 / (win rate x (1 - slip rate)); "
        f"pipeline.coverage_needed(team, rep='{REP}', quarter=HISTORY) does it for you.",
    ],
    solution_text=(
        "pipeline x (1 - slip rate) x win rate must reach the quota, so the coverage needed is "
        "1 / (win rate x (1 - slip rate)), with the rates of the quarters before this one (all a "
        "manager knows on its first day). It rises when the rep wins less (qualification, deal "
        "management) or lets more slip (hygiene)."
    ),
    answer_code=(
        "from sefkit import pipeline\n"
        f"history = team.quarters[:team.quarters.index('{QUARTER}')]   # the quarters before {QUARTER}\n"
        f"pipeline.coverage_needed(team, rep='{REP}', quarter=history)['required_coverage'].iloc[0]"
    ),
    misconceptions=[
        Misconception(3.0,
                      "That is the 3x rule. It is right only for a rep who wins one deal in three and "
                      "never lets a deal slip; use this rep's own win rate and slip rate."),
        Misconception(_needed_without_slippage,
                      "You used the win rate but forgot slippage: deals that slip out of the quarter "
                      "cannot be won in it."),
        Misconception(_needed_with_hindsight,
                      f"You used every quarter, including {QUARTER} and later ones, whose deals had not "
                      f"ended on {QUARTER}'s first day: that is hindsight. Pass quarter=HISTORY, the "
                      "quarters before it."),
    ],
)
