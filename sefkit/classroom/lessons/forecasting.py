"""Practice questions of the forecasting lesson (course/06_forecasting.ipynb).

Every answer is computed from the lesson's team, ``simulate("northwind",
seed=0)``, with the one sefkit function for each measure, so the questions stay
right whatever the simulation draws. The lesson imports them::

    from sefkit.classroom.lessons.forecasting import q1, q2, q3, q4, q5, q6

>>> q1.judge(...).status
'not_attempted'
>>> q6.judge(ZOMBIE_REP).correct
True

Numbers read from the lesson's tables rounded to two decimals pass:

>>> q3.judge(round(_team_error(lesson_team()), 2)).correct
True
"""

from __future__ import annotations

from functools import cache

from ..claims import FORECAST_ONLY, HYGIENE_QUALIFICATION  # noqa: F401  (the lesson simulates them)
from ..practice import Misconception, Question

#: The lesson's team: ``sefkit.simulate(LESSON_SCENARIO, seed=LESSON_SEED)``.
LESSON_SCENARIO = "northwind"
LESSON_SEED = 0
#: The quarter the lesson reads the call of, and the week the call is judged at (mid-quarter).
QUARTER = "2026Q2"
WEEK = 7
#: The rep whose weekly call the lesson follows (q1).
REP = "R09"
#: The rep whose calls the lesson judges deal by deal (q4).
CALIBRATION_REP = "R03"
#: The rep with the most commit money in zombie deals on the lesson's team (q6; checked in tests).
ZOMBIE_REP = "R09"


@cache
def lesson_team():
    """The lesson's team (simulated once, then kept)."""
    from ...engine.simulation import simulate

    return simulate(LESSON_SCENARIO, seed=LESSON_SEED)


def _call(team, column: str) -> float:
    f = team.forecasts
    row = f[(f["rep_id"] == REP) & (f["quarter"] == QUARTER) & (f["week"] == WEEK)]
    return float(row[column].iloc[0])


q1 = Question(
    name="q1",
    prompt=f"What was {REP}'s commit call in week {WEEK} of {QUARTER}? Answer with a number (money), such as 150000.",
    team=lesson_team,
    expected=lambda team: _call(team, "commit"),
    hints=[
        "The commit is the money the rep says they will bring in: won so far plus the deals they called commit.",
        f"Read the commit column of team.forecasts for {REP}, {QUARTER}, week {WEEK}.",
    ],
    solution_text=(
        "The commit call = money already won this quarter + the deals the rep rates at least 60% likely "
        "and due this quarter. Best case adds the deals rated 30-60%; pipeline is every open deal due."
    ),
    answer_code=(
        "f = team.forecasts\n"
        f"f[(f.rep_id == '{REP}') & (f.quarter == '{QUARTER}') & (f.week == {WEEK})]['commit'].iloc[0]"
    ),
    misconceptions=[
        Misconception(lambda team: _call(team, "best_case"),
                      "That is the best case: commit plus the deals the rep thinks might close. "
                      "The commit is only what the rep says they will bring in."),
        Misconception(lambda team: _call(team, "pipeline"),
                      "That is the pipeline: every open deal due this quarter, whatever the rep thinks of it."),
    ],
)


def _scored(team):
    from ...components import forecast

    return forecast.forecast_vs_actual(team, WEEK, quarter=QUARTER)


def _furthest(team):
    s = _scored(team)
    return str(s.sort_values("abs_error", ascending=False, kind="stable")["rep_id"].iloc[0])


def _most_optimistic(team):
    s = _scored(team)
    return str(s.sort_values("error", ascending=False, kind="stable")["rep_id"].iloc[0])


def _most_money_off(team):
    s = _scored(team).assign(off=lambda d: (d["forecast"] - d["actual"]).abs())
    return str(s.sort_values("off", ascending=False, kind="stable")["rep_id"].iloc[0])


q2 = Question(
    name="q2",
    prompt=(f"Whose week-{WEEK} commit call in {QUARTER} was furthest from what they won, as a share of what "
            "they won? Answer with a rep id in quotes, such as \"R07\"."),
    team=lesson_team,
    expected=_furthest,
    hints=[
        "Too high and too low are both wrong: compare the size of each rep's error, whatever its sign.",
        "The abs_error column of forecast.forecast_vs_actual(team, week=7, quarter=QUARTER); the largest one.",
    ],
    solution_text="Absolute error = |forecast - won| / won; the rep with the largest one called furthest off.",
    answer_code=(
        "from sefkit import forecast\n"
        f"scored = forecast.forecast_vs_actual(team, week={WEEK}, quarter='{QUARTER}')\n"
        "scored.sort_values('abs_error', ascending=False)['rep_id'].iloc[0]"
    ),
    misconceptions=[
        Misconception(_most_optimistic,
                      "That rep's call was the most *optimistic* (the largest error above zero). A call far "
                      "below what was won is just as wrong: compare the size of the errors (abs_error)."),
    ],
)


def _team_error(team):
    from ...components import forecast

    table = forecast.team_forecast_error(team, WEEK, quarter=QUARTER)
    return float(table["error"].iloc[0])


def _mean_rep_error(team):
    """The mistake: the mean of the reps' own errors (forecast_accuracy's bias), not the team's roll-up."""
    return float(_scored(team)["error"].mean())


def _mean_abs_rep_error(team):
    return float(_scored(team)["abs_error"].mean())


q3 = Question(
    name="q3",
    prompt=(f"What was the team's forecast error in {QUARTER}: the reps' week-{WEEK} commit calls added up, "
            "against what the team won? Answer with a number such as -0.05 (for 5% below)."),
    team=lesson_team,
    expected=_team_error,
    decimals=2,  # the lesson shows forecast.team_forecast_error rounded to 2 decimals
    hints=[
        "The manager's number is the sum of the reps' calls, judged against the sum of what they won.",
        "forecast.team_forecast_error(team, week=7) has one row per quarter; read the error column.",
    ],
    solution_text=(
        "Team forecast error = (sum of the calls - sum won) / sum won. It is smaller than most reps' own "
        "errors, because one rep's optimism cancels another's caution."
    ),
    answer_code=(
        "from sefkit import forecast\n"
        f"forecast.team_forecast_error(team, week={WEEK}, quarter='{QUARTER}')['error'].iloc[0]"
    ),
    misconceptions=[
        Misconception(_mean_rep_error,
                      "That is the average of the reps' own errors (their bias). The team's call is the reps' "
                      "calls added up, judged against what the team won: big and small reps weigh by their money."),
        Misconception(_mean_abs_rep_error,
                      "That is the reps' average absolute error: how far off a typical rep was. The question "
                      "asks for the team's call, the reps' calls added up."),
    ],
)


def _calibration(team):
    from ...components import forecast

    table = forecast.call_calibration(team, WEEK, CALIBRATION_REP, by="rep")
    return table.iloc[0]


q4 = Question(
    name="q4",
    prompt=(f"Judged deal by deal in week {WEEK} over the eight quarters, what was {CALIBRATION_REP}'s over-call "
            "(share of due deals called commit minus share won)? Answer with a number such as 0.05."),
    team=lesson_team,
    expected=lambda team: float(_calibration(team)["over_call"]),
    decimals=2,
    hints=[
        "Over-call compares two shares of the same deals: those called commit and those won.",
        f"forecast.call_calibration(team, week=7, by='rep'); read {CALIBRATION_REP}'s over_call.",
    ],
    solution_text=(
        "Over-call = committed deals / deals due - won deals / deals due. Above 0 the rep commits more "
        "deals than they win."
    ),
    answer_code=(
        "from sefkit import forecast\n"
        f"cal = forecast.call_calibration(team, week={WEEK}, by='rep').set_index('rep_id')\n"
        f"cal.loc['{CALIBRATION_REP}', 'over_call']"
    ),
    misconceptions=[
        Misconception(lambda team: float(_calibration(team)["commit_share"]),
                      "That is only the share called commit. Over-call takes away the share the rep won."),
        Misconception(lambda team: float(_calibration(team)["won_share"]),
                      "That is the share won. Over-call is the share called commit minus the share won."),
    ],
)


def _methods(team):
    from ...components import forecast

    return forecast.compare_methods(team, WEEK).set_index("method")


q5 = Question(
    name="q5",
    prompt=("Over the eight quarters, what was the bias of the stage-weighted forecast (each open deal due "
            "times its stage's chance)? Answer with a number such as 0.3 (for 30% too high)."),
    team=lesson_team,
    expected=lambda team: float(_methods(team).loc["stage_weighted", "bias"]),
    decimals=2,
    hints=[
        "Bias is the average error with its sign: above 0 the method calls too much.",
        "forecast.compare_methods(team, week=7); read the bias of the stage_weighted row.",
    ],
    solution_text=(
        "compare_methods scores each method on the same rep-quarters. The stage-weighted forecast counts "
        "every open deal due, zombies included, at its stage's weight, so it calls far more than is won."
    ),
    answer_code=(
        "from sefkit import forecast\n"
        f"forecast.compare_methods(team, week={WEEK}).set_index('method').loc['stage_weighted', 'bias']"
    ),
    misconceptions=[
        Misconception(lambda team: float(_methods(team).loc["stage_weighted", "mean_abs_error"]),
                      "That is the mean absolute error (the size of the errors). Bias keeps their sign."),
        Misconception(lambda team: float(_methods(team).loc["commit", "bias"]),
                      "That is the bias of the reps' own commit calls, not of the stage-weighted forecast."),
    ],
)


def _outcomes(team):
    from ...components import forecast

    return forecast.commit_outcomes(team, WEEK, by="rep")


def _most_zombie(team):
    return str(_outcomes(team).sort_values("zombie", ascending=False, kind="stable")["rep_id"].iloc[0])


def _most_broken(team):
    return str(_outcomes(team).sort_values("broken", ascending=False, kind="stable")["rep_id"].iloc[0])


def _least_accurate(team):
    from ...components import forecast

    acc = forecast.forecast_accuracy(team, WEEK)
    return str(acc.sort_values("mean_abs_error", ascending=False, kind="stable")["rep_id"].iloc[0])


q6 = Question(
    name="q6",
    prompt=("Whose broken commits point most to a pipeline-hygiene problem, rather than to how they call "
            "the forecast? Answer with a rep id in quotes, such as \"R07\"."),
    team=lesson_team,
    expected=_most_zombie,
    hints=[
        "A deal that died weeks ago but is still open is a hygiene problem: the rep never closed it out.",
        "forecast.commit_outcomes(team, week=7, by='rep'): the rep with the most commit money in zombie deals.",
    ],
    solution_text=(
        "Money called commit that sat in zombie deals (stuck for weeks, close date pushed or passed) was "
        "never going to close: the call was wrong because the pipeline was not clean."
    ),
    answer_code=(
        "from sefkit import forecast\n"
        f"out = forecast.commit_outcomes(team, week={WEEK}, by='rep')\n"
        "out.sort_values('zombie', ascending=False)['rep_id'].iloc[0]"
    ),
    misconceptions=[
        Misconception(_most_broken,
                      "That rep broke the most commit money in all, but most of it slipped or ended in no "
                      "decision. Look at the part in zombie deals: that is what hygiene would have removed."),
        Misconception(_least_accurate,
                      "That rep's calls are the least accurate, but little of their broken commit money sat in "
                      "zombie deals: their miss is not mostly a hygiene problem."),
    ],
)
