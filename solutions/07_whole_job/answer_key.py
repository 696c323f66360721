"""Graded exercise 7, declared once: each autograded item, its answer key and its known mistakes.

Read by the grading process only (sefkit.classroom.grading.autograde); never released, never
run in a learner's kernel. Every key is computed from the same seeded team the notebook
builds; no number is typed here. docs/ASSIGNMENT_07.md explains the items.

**Part B is graded against the simulation's hidden truth** (``team.truth``, which no
learner sees): the key of each binding-constraint item is the rep's true weakest skill,
:func:`sefkit.whole_job.system.true_constraint` over the whole run, the truth
benchmarks/validate_diagnosis.py checks the diagnosis against. **The margin rule:** where
the rep's second-weakest true skill is less than
:data:`sefkit.whole_job.evidence.CLOSE_MARGIN` (half a standard deviation) above the
weakest (``true_margin``), naming it earns :data:`RUNNER_UP_SHARE` of the points
(:class:`~sefkit.classroom.grading.declare.Partial`); where the weakest is clear, it earns
nothing. The truth decides, not the diagnosis: a learner who reads the evidence well and
names a close runner-up is not marked as if they had named an unrelated part.
"""

from functools import cache

from sefkit.classroom.grading.declare import Assignment, Fact, Item, Partial
from sefkit.classroom.practice import Misconception

SEED = 4
#: The share of an item's points the truth's close runner-up earns.
RUNNER_UP_SHARE = 0.5
#: The rep of Part A's evidence, B1 and the written diagnosis; the missed quarter of B2.
REP, MISSED_REP, MISSED_QUARTER = "R05", "R01", "2025Q4"
#: The quarter a one-quarter reading would diagnose from (the last).
LAST_QUARTER = "2026Q4"


@cache
def _team():
    from sefkit import simulate

    return simulate("northwind", seed=SEED)


_KEPT: dict = {}


def _once(team, name, compute):
    """``compute()`` for this team, computed once (a Team is not hashable, so it is kept by id)."""
    key = (id(team), name)
    if key not in _KEPT:
        _KEPT[key] = (team, compute())  # the team is kept too, so its id is not reused
    return _KEPT[key][1]


def _measures(team):
    from sefkit import system

    return _once(team, "measures", lambda: system.measures(team).set_index(["rep_id", "component"]))


def _truth(team):
    from sefkit import evidence

    return _once(team, "truth", lambda: evidence.runner_up(team).set_index("rep_id"))


def _diagnosis(team, quarter=None):
    from sefkit import system

    return _once(team, ("diagnosis", quarter), lambda: system.diagnose(team, quarter).set_index("rep_id"))


def _scorecard(team):
    from sefkit import system

    return system.scorecard(team)


def _value(team, rep, component, column="value"):
    return float(_measures(team).loc[(rep, component), column])


def _horizon(team):
    return _measures(team).xs("forecasting", level="component")["value"]


def _zombies(team):
    from sefkit import pipeline

    return _once(team, "zombies", lambda: pipeline.zombie_share(team).set_index("rep_id")["zombie_share"])


def _team_zombies(team):
    from sefkit import pipeline

    return _once(team, "team zombies", lambda: float(pipeline.zombie_share(team, by=None)["zombie_share"].iloc[0]))


# -- Part A ----------------------------------------------------------------------------------


def worst_hygiene(ctx):
    return str(_scorecard(ctx.data)["hygiene"].idxmin())


def zombie_share(ctx):
    return float(_zombies(ctx.data).loc[REP])


def most_optimistic(ctx):
    return str(_horizon(ctx.data).idxmin())


def advance_rate(ctx):
    return _value(ctx.data, REP, "calls")


# -- Part B: against the hidden truth -----------------------------------------------------------


def true_constraint(rep):
    """The key: the rep's weakest skill in the simulation's hidden truth (the whole run)."""
    return lambda ctx: str(_truth(ctx.data).loc[rep, "true_constraint"])


def close_runner_up(rep):
    """The truth's runner-up where it is close to the weakest (``close``), else None: no partial credit."""
    def answer(ctx):
        row = _truth(ctx.data).loc[rep]
        return str(row["runner_up"]) if bool(row["close"]) else None
    return answer


def _trace(team):
    from sefkit import evidence

    return evidence.trace(team, MISSED_REP, MISSED_QUARTER)


def miss_start(ctx):
    t = _trace(ctx.data)
    return str(t.loc[t["worse_than_team"], "link"].iloc[-1])


RUNNER_UP = ("Close: in the simulation's hidden truth this part is nearly as weak as {rep}'s weakest "
             "(within half a standard deviation), so it earns half the points. Compare the two with the "
             "evidence the diagnosis gives.")


def _constraint(rep, number, *, integration=False, components=None, misconceptions=()):
    variable = f"constraint_{rep.lower()}"
    return Item(f"whole_job_constraint_{rep.lower()}", answer=variable, points=2, integration=integration,
                components=components or ["deal_management"], key=true_constraint(rep),
                partial=[Partial(close_runner_up(rep), RUNNER_UP_SHARE, RUNNER_UP.format(rep=rep))],
                misconceptions=misconceptions,
                wrong=f"{variable} is not {rep}'s weakest skill in the simulation's hidden truth, nor a part "
                      f"nearly as weak. Read {rep}'s row of the diagnosis and its evidence ({number}).")


def _scorecard_lowest(rep):
    return lambda ctx: str(_scorecard(ctx.data).loc[rep].idxmin())


SYMPTOM = ("Zombie deals are where R05's trouble shows, not where it starts: look at what lets R05's "
           "deals stall and linger, and read R05's hygiene with that in mind.")
QUARTER_DEALS = ("The quarter's own deals did lose, but they were few because the pipeline was thin: "
                 "follow the chain further back, to what filled that pipeline.")
FORECAST_LINK = "The forecast is where the miss showed first, not where it started: follow the chain back."

# -- what Part C's model answer relies on (checked by tests/test_personas.py) ------------------


#: The reps of Part B's constraint items.
PART_B = ["R05", "R10", "R08", "R06"]


FACTS = [
    Fact("R05 moves the deal forward on about 34% of calls against about 44% for the team (A4), the team's "
         "lowest, on more than a thousand calls.",
         lambda ctx: round(advance_rate(ctx), 2) == 0.34
         and round(_value(ctx.data, REP, "calls", "team_value"), 2) == 0.44
         and _measures(ctx.data).xs("calls", level="component")["value"].idxmin() == REP
         and _measures(ctx.data).loc[(REP, "calls"), "observations"] > 1000),
    Fact("About 23% of R05's quarter-start pipeline was zombie deals, against about 11% of the team's, the "
         "most on the team (A2).",
         lambda ctx: round(zombie_share(ctx), 2) == 0.23 and round(_team_zombies(ctx.data), 2) == 0.11
         and _zombies(ctx.data).idxmax() == REP),
    Fact("Yet R05 keeps a dead deal open about 75 days after its last call, against about 64 for the team: a "
         "hygiene score of about -0.7, neither the team's worst (A1) nor R05's lowest score.",
         lambda ctx: round(_value(ctx.data, REP, "hygiene")) == 75
         and round(_value(ctx.data, REP, "hygiene", "team_value")) == 64
         and round(_value(ctx.data, REP, "hygiene", "score"), 1) == -0.7
         and worst_hygiene(ctx) != REP and _scorecard(ctx.data).loc[REP].idxmin() != "hygiene"),
    Fact("The diagnosis names calls for R05.",
         lambda ctx: _diagnosis(ctx.data).loc[REP, "binding_constraint"] == "calls"),
    Fact("R05's calls score is about -2.2.", lambda ctx: round(_value(ctx.data, REP, "calls", "score"), 1) == -2.2),
    Fact("Diagnosed from 2026Q4 alone, R05's binding constraint is another part than calls.",
         lambda ctx: _diagnosis(ctx.data, LAST_QUARTER).loc[REP, "binding_constraint"] != "calls"),
    Fact("For the debrief: the hidden truth names calls as R05's weakest skill, clearly (not close), and "
         "hygiene is not R05's runner-up.",
         lambda ctx: _truth(ctx.data).loc[REP, "true_constraint"] == "calls"
         and not _truth(ctx.data).loc[REP, "close"] and _truth(ctx.data).loc[REP, "runner_up"] != "hygiene"),
    Fact("For the debrief: on this team the whole-run diagnosis names the true weakest skill of every rep in "
         "Part B (R05, R10, R08, R06), so a learner who reads it well can earn every point of Part B from what "
         "a manager can see.",
         lambda ctx: list(_diagnosis(ctx.data).loc[PART_B, "binding_constraint"])
         == list(_truth(ctx.data).loc[PART_B, "true_constraint"])),
    Fact("For the margin rule: R10's and R08's two weakest true skills are close, R05's and R06's are not.",
         lambda ctx: list(_truth(ctx.data).loc[["R10", "R08", "R05", "R06"], "close"]) == [True, True, False, False]),
]


ASSIGNMENT = Assignment(
    "07_whole_job",
    data=lambda learner: _team(),  # the same team for every learner in this assignment
    facts=FACTS,
    items=[
        Item("whole_job_worst_hygiene", answer="worst_hygiene_rep", points=1, components=["hygiene"],
             key=worst_hygiene,
             misconceptions=[Misconception(lambda ctx: str(_scorecard(ctx.data)["hygiene"].idxmax()),
                                           "That rep has the best hygiene score: on the scorecard higher is "
                                           "better, so the worst is the lowest.")],
             wrong="worst_hygiene_rep is not the rep with the lowest hygiene score on the whole-run scorecard."),
        Item("whole_job_zombie_share", answer="zombie_share_r05", points=1, components=["hygiene"],
             key=zombie_share,
             misconceptions=[Misconception(lambda ctx: _team_zombies(ctx.data),
                                           "That is the whole team's zombie share, not R05's.")],
             wrong="zombie_share_r05 is not R05's zombie share over the whole run (pipeline.zombie_share)."),
        Item("whole_job_optimist", answer="most_optimistic_rep", points=1, components=["forecasting"],
             key=most_optimistic,
             misconceptions=[Misconception(lambda ctx: str(_horizon(ctx.data).idxmax()),
                                           "That rep dates new deals to close latest, the most cautious: the "
                                           "most optimistic has the shortest close-date horizon.")],
             wrong="most_optimistic_rep is not the rep with the shortest close-date horizon on the whole run."),
        Item("whole_job_advance_rate", answer="advance_rate_r05", points=1, components=["calls"],
             key=advance_rate,
             misconceptions=[Misconception(lambda ctx: _value(ctx.data, REP, "calls", "team_value"),
                                           "That is the team's average advance rate (team_value), not R05's.")],
             wrong="advance_rate_r05 is not R05's advance rate over the whole run (the calls value of "
                   "system.measures)."),
        _constraint("R05", "B1", integration=True, components=["calls", "hygiene"],
                    misconceptions=[Misconception("hygiene", SYMPTOM)]),
        Item("whole_job_miss_start", answer="miss_starts_in", points=2, integration=True,
             components=["prospecting", "deal_management", "forecasting"], key=miss_start,
             misconceptions=[Misconception("deals", QUARTER_DEALS), Misconception("forecast", FORECAST_LINK),
                             Misconception("result", "The result is the miss itself: follow the chain back to "
                                                     "where it started.")],
             wrong="miss_starts_in is not where R01's 2025Q4 miss started: the link furthest back along the "
                   "chain where R01 was already short."),
        _constraint("R10", "B3", components=["qualification", "hygiene"],
                    misconceptions=[Misconception(lambda ctx: str(_diagnosis(ctx.data).loc["R10", "next_weakest"]),
                                                  "That is R10's runner-up on the diagnosis (next_weakest), "
                                                  "not the weakest link.")]),
        # R08's runner-up on the diagnosis is the truth's close runner-up: it earns half, so no misconception.
        _constraint("R08", "B4", components=["prospecting", "forecasting"]),
        _constraint("R06", "B5", components=["hygiene", "calls"],
                    misconceptions=[Misconception(lambda ctx: str(_diagnosis(ctx.data).loc["R06", "next_weakest"]),
                                                  "That is R06's runner-up on the diagnosis (next_weakest), "
                                                  "not the weakest link.")]),
    ],
)
