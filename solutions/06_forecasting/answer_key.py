"""Graded exercise 6, declared once: each autograded item, its answer key and its known mistakes.

Read by the grading process only (sefkit.classroom.grading.autograde); never released, never
run in a learner's kernel. Every key is computed from the same seeded team the
notebook builds; no number is typed here. docs/ASSIGNMENT_06.md explains the items.
"""

from functools import cache

from sefkit.classroom.grading.declare import Assignment, Fact, Item
from sefkit.classroom.practice import Misconception

REP, QUARTER, WEEK = "R09", "2026Q3", 7


@cache
def _team():
    from sefkit import simulate

    return simulate("northwind", seed=5)


# -- the keys (ctx.data is the team) --------------------------------------------------------


def _call(team, column):
    f = team.forecasts
    return float(f.loc[(f["rep_id"] == REP) & (f["quarter"] == QUARTER) & (f["week"] == WEEK), column].iloc[0])


def commit_call(ctx):
    return _call(ctx.data, "commit")


def _scored(team):
    from sefkit import forecast

    return forecast.forecast_vs_actual(team, WEEK, REP, QUARTER).iloc[0]


def rep_error(ctx):
    return float(_scored(ctx.data)["error"])


def _accuracy(team):
    from sefkit import forecast

    return forecast.forecast_accuracy(team, WEEK)


def least_accurate(ctx):
    acc = _accuracy(ctx.data)
    return str(acc.sort_values("mean_abs_error", ascending=False, kind="stable")["rep_id"].iloc[0])


def team_error(ctx):
    from sefkit import forecast

    return float(forecast.team_forecast_error(ctx.data, WEEK, by=None)["error"].iloc[0])


def _calibration(team):
    from sefkit import forecast

    return forecast.call_calibration(team, WEEK, by="rep").set_index("rep_id").loc[REP]


def over_call(ctx):
    return float(_calibration(ctx.data)["over_call"])


def _outcomes(team):
    from sefkit import forecast

    return forecast.commit_outcomes(team, WEEK, by="rep").set_index("rep_id")


def pipeline_problem(ctx):
    return str(_outcomes(ctx.data)["zombie"].idxmax())


def _pooled(team, rep=REP):
    from sefkit import forecast

    scored = forecast.forecast_vs_actual(team, WEEK, rep)
    return float(scored["forecast"].sum()), float(scored["actual"].sum())


def clean_error(ctx):
    called, won = _pooled(ctx.data)
    return (called - float(_outcomes(ctx.data).loc[REP, "zombie"])) / won - 1


# -- the known mistakes -----------------------------------------------------------------------


def _flipped(ctx):
    row = _scored(ctx.data)
    return float((row["actual"] - row["forecast"]) / row["actual"])


def _over_forecast(ctx):
    row = _scored(ctx.data)
    return float((row["forecast"] - row["actual"]) / row["forecast"])


def _most_biased(ctx):
    acc = _accuracy(ctx.data)
    return str(acc.sort_values("bias", ascending=False, kind="stable")["rep_id"].iloc[0])


def _mean_of_reps(ctx):
    from sefkit import forecast

    return float(forecast.forecast_accuracy(ctx.data, WEEK, by=None)["bias"].iloc[0])


def _mean_abs_of_reps(ctx):
    from sefkit import forecast

    return float(forecast.forecast_accuracy(ctx.data, WEEK, by=None)["mean_abs_error"].iloc[0])


def _raw_error(ctx):
    called, won = _pooled(ctx.data)
    return called / won - 1


def _all_broken_out(ctx):
    called, won = _pooled(ctx.data)
    return (called - float(_outcomes(ctx.data).loc[REP, "broken"])) / won - 1


def _bias(team, rep=REP):
    return float(_accuracy(team).set_index("rep_id").loc[rep, "bias"])


# -- what Part C's model answer relies on (checked by tests/test_personas.py) ------------------

FACTS = [
    Fact("R09's calls run high: a bias of about +29% a quarter.", lambda ctx: round(_bias(ctx.data), 2) == 0.29),
    Fact("R09 had more of the week-7 commit in dead (zombie) deals than anyone on the team: about $104k, "
         "some 18% of what R09 committed.",
         lambda ctx: pipeline_problem(ctx) == REP and round(_outcomes(ctx.data).loc[REP, "zombie"], -3) == 104_000
         and round(_outcomes(ctx.data).loc[REP, "zombie"] / _outcomes(ctx.data).loc[REP, "committed"], 2) == 0.18),
    Fact("With those deals out, R09's eight quarters of calls come in about 6% below what R09 won (B2), "
         "instead of about 6% above.",
         lambda ctx: round(clean_error(ctx), 2) == -0.06 and round(_raw_error(ctx), 2) == 0.06),
    Fact("The team's own call is about 8% low (A4).", lambda ctx: round(team_error(ctx), 2) == -0.08),
    Fact("A good part of R09's broken commits slipped out of the quarter (more than the zombie part).",
         lambda ctx: _outcomes(ctx.data).loc[REP, "slipped"] > _outcomes(ctx.data).loc[REP, "zombie"]),
    Fact("R03's calls are the least accurate (A3), with no commit money in dead deals.",
         lambda ctx: least_accurate(ctx) == "R03" and _outcomes(ctx.data).loc["R03", "zombie"] == 0),
]

FLIPPED = ("You worked out (won - forecast) / won: the sign is the wrong way round. A call above what was "
           "won has a positive error.")
MEAN_OF_REPS = ("That is the average of the rep-quarters' own errors (their bias). The team's call is the reps' "
                "calls added up, judged against all the team won.")

ASSIGNMENT = Assignment(
    "06_forecasting",
    data=lambda learner: _team(),  # the same team for every learner in this assignment
    facts=FACTS,
    same_for_every_learner=True,  # and no key reads the learner: keys computed once per grading
    items=[
        Item("forecast_commit_call", answer="commit_call", points=1, components=["forecasting"], key=commit_call,
             abs_tol=500,  # money typed to the thousand
             misconceptions=[
                 Misconception(lambda ctx: _call(ctx.data, "best_case"),
                               "That is the best case (commit plus the deals that could close). The commit is "
                               "what the rep says they will bring in."),
                 Misconception(lambda ctx: _call(ctx.data, "pipeline"),
                               "That is the pipeline call: every open deal due in the quarter."),
             ],
             wrong="commit_call is not R09's commit in week 7 of 2026Q3 (team.forecasts)."),
        Item("forecast_rep_error", answer="rep_error", points=1, components=["forecasting"], key=rep_error,
             misconceptions=[
                 Misconception(_flipped, FLIPPED),
                 Misconception(_over_forecast, "You divided by the forecast. The error is a share of what was "
                                               "won: (forecast - won) / won."),
             ],
             wrong="rep_error is not the error of R09's week-7 commit in 2026Q3: (forecast - won) / won."),
        Item("forecast_least_accurate", answer="least_accurate_rep", points=1, components=["forecasting"],
             key=least_accurate,
             misconceptions=[Misconception(_most_biased,
                                           "That rep is the most optimistic (the highest bias). The least "
                                           "accurate is furthest off whichever way (mean absolute error).")],
             wrong="least_accurate_rep is not the rep with the largest mean absolute error of the week-7 commit."),
        Item("forecast_team_error", answer="team_error", points=2, components=["forecasting"], key=team_error,
             misconceptions=[
                 Misconception(_mean_of_reps, MEAN_OF_REPS),
                 Misconception(_mean_abs_of_reps, "That is how far off a typical rep's call was (mean absolute "
                                                  "error). The team's call is the reps' calls added up."),
             ],
             wrong="team_error is not the team's forecast error over the eight quarters "
                   "(forecast.team_forecast_error with by=None)."),
        Item("forecast_over_call", answer="over_call_rep", points=1, components=["forecasting"], key=over_call,
             abs_tol=0.005,  # a difference of two shares, read to two decimals off the table
             misconceptions=[
                 Misconception(lambda ctx: float(_calibration(ctx.data)["commit_share"]),
                               "That is the share called commit. Over-call takes away the share won."),
             ],
             wrong="over_call_rep is not R09's over-call in week 7, the eight quarters pooled."),
        Item("forecast_pipeline_problem", answer="pipeline_problem_rep", points=2, integration=True,
             components=["forecasting", "hygiene"], key=pipeline_problem,
             misconceptions=[
                 Misconception(least_accurate,
                               "That rep's calls are the least accurate, but none of their commit money sat in "
                               "deals that were already dead: their miss is a forecasting one."),
                 Misconception(_most_biased,
                               "That rep calls the most optimistically, but a high call is not yet a pipeline "
                               "problem: look at what became of the deals they committed."),
             ],
             wrong="pipeline_problem_rep is not the rep whose commit held the most money in dead (zombie) deals."),
        Item("forecast_clean_error", answer="clean_error", points=2, integration=True,
             components=["forecasting", "hygiene"], key=clean_error,
             misconceptions=[
                 Misconception(_raw_error,
                               "That is R09's error with the dead deals still in the commit. Take their money "
                               "out of the calls first."),
                 Misconception(lambda ctx: _bias(ctx.data),
                               "That is R09's bias (the average of the quarters' errors) with the dead deals "
                               "still in. The question adds R09's calls up and takes the dead deals out."),
                 Misconception(_all_broken_out,
                               "You took out every broken commit, not only the deals that were already dead: "
                               "deals that slipped or ended in no decision were alive when called."),
             ],
             wrong="clean_error is not R09's error over the eight quarters with the dead deals' money out of "
                   "the commit: (R09's calls - that money) / what R09 won - 1."),
    ],
)
