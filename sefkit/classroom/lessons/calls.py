"""Practice questions of the sales-calls lesson (course/04_calls.ipynb).

Every answer is computed from the lesson's team, ``simulate("northwind",
seed=0)``, with the one sefkit function for each measure, so the questions stay
right whatever the simulation draws. The lesson imports them::

    from sefkit.classroom.lessons.calls import q1, q2, q3, q4, q5, q6

>>> q1.judge(...).status
'not_attempted'
>>> q1.judge(round(_advance_share(lesson_team()), 2)).message.startswith("That is the share of calls that advanced")
True

q3 worked by hand from the planned-call table as the lesson shows it (two
decimals) is right:

>>> planned, unplanned = (round(r, 2) for r in _planned_rates(lesson_team()))
>>> q3.judge(planned - unplanned).correct
True
"""

from __future__ import annotations

from functools import cache

from ..practice import Misconception, Question, Worked

#: The lesson's team: ``sefkit.simulate(LESSON_SCENARIO, seed=LESSON_SEED)``.
LESSON_SCENARIO = "northwind"
LESSON_SEED = 0


@cache
def lesson_team():
    """The lesson's team (simulated once, then kept)."""
    from ...engine.simulation import simulate

    return simulate(LESSON_SCENARIO, seed=LESSON_SEED)


def _totals(team):
    from ...components import calls

    table = calls.advance_rate(team)
    return table[["calls", "advance", "continuation", "setback"]].sum()


def _continuation_share(team):
    t = _totals(team)
    return float(t["continuation"] / t["calls"])


def _advance_share(team):
    t = _totals(team)
    return float(t["advance"] / t["calls"])


def _alive_share(team):
    t = _totals(team)
    return float((t["advance"] + t["continuation"]) / t["calls"])


q1 = Question(
    name="q1",
    prompt="What share of the team's calls, over the two years, ended in a continuation? "
           "Answer with a fraction such as 0.25.",
    team=lesson_team,
    expected=_continuation_share,
    decimals=2,
    hints=[
        "A continuation is a call after which the deal is still alive but did not move.",
        "Add up the continuation column of calls.advance_rate(team) and divide by the calls column's total.",
    ],
    solution_text="Continuations / all calls, every rep and quarter pooled.",
    answer_code=("from sefkit import calls\ntable = calls.advance_rate(team)\n"
                 "table['continuation'].sum() / table['calls'].sum()"),
    misconceptions=[
        Misconception(_advance_share, "That is the share of calls that advanced the deal; the question asks "
                                      "about continuations."),
        Misconception(_alive_share, "You counted advances and continuations together, as if a call that kept "
                                    "the deal alive were progress. Count the continuations only."),
    ],
)


def _best_rep(team):
    from ...components import calls

    table = calls.advance_rate(team)
    return str(table.sort_values("advance_rate", ascending=False, kind="stable")["rep_id"].iloc[0])


def _busiest_caller(team):
    from ...components import calls

    table = calls.advance_rate(team)
    return str(table.sort_values("calls", ascending=False, kind="stable")["rep_id"].iloc[0])


q2 = Question(
    name="q2",
    prompt="Whose calls moved deals forward most often? Answer with a rep id in quotes, such as 'R07'.",
    team=lesson_team,
    expected=_best_rep,
    hints=["Look at the advance_rate column of calls.advance_rate(team).",
           "The highest advance rate wins, not the most calls."],
    solution_text="The rep with the highest advance rate: advances / all of the rep's calls.",
    answer_code=("from sefkit import calls\n"
                 "calls.advance_rate(team).sort_values('advance_rate')['rep_id'].iloc[-1]"),
    misconceptions=[
        Misconception(_busiest_caller, "That rep made the most calls. More calls are not better calls: "
                                       "compare the advance rate."),
    ],
)


def _planned_rates(team):
    from ...components import calls

    table = calls.planned_call_effect(team).set_index("planned")["advance_rate"]
    return float(table[True]), float(table[False])


def _planned_gap(team):
    planned, unplanned = _planned_rates(team)
    return planned - unplanned


def _planned_ratio(team):
    planned, unplanned = _planned_rates(team)
    return planned / unplanned


q3 = Question(
    name="q3",
    prompt="How much more often did the team's planned calls advance the deal than its unplanned calls? "
           "Answer with the difference of the two advance rates, such as 0.05 (5 percentage points).",
    team=lesson_team,
    expected=_planned_gap,
    worked=Worked(lambda planned, unplanned: planned - unplanned, _planned_rates, decimals=2),
    hints=["calls.planned_call_effect(team) has one row for planned calls and one for the others.",
           "Take the advance_rate of the planned row minus that of the unplanned row."],
    solution_text="Advance rate of planned calls minus advance rate of unplanned calls.",
    answer_code=("from sefkit import calls\n"
                 "rates = calls.planned_call_effect(team).set_index('planned')['advance_rate']\n"
                 "rates[True] - rates[False]"),
    misconceptions=[
        Misconception(_planned_ratio, "You divided one rate by the other. The question asks for the "
                                      "difference, in percentage points: subtract."),
    ],
)


def _buyer_win_rates(team):
    from ...components import calls

    table = calls.economic_buyer_effect(team).set_index("economic_buyer_present")["win_rate"]
    return float(table[True]), float(table[False])


q4 = Question(
    name="q4",
    prompt="What was the win rate of the team's closed deals that had the economic buyer on at least one "
           "call? Answer with a fraction such as 0.25.",
    team=lesson_team,
    expected=lambda team: _buyer_win_rates(team)[0],
    decimals=2,
    hints=["calls.economic_buyer_effect(team) splits the closed deals in two.",
           "Read win_rate in the row where economic_buyer_present is True."],
    solution_text="Won / (won + lost + no decision) over closed deals with an economic buyer on a call.",
    answer_code=("from sefkit import calls\n"
                 "calls.economic_buyer_effect(team).set_index('economic_buyer_present').loc[True, 'win_rate']"),
    misconceptions=[
        Misconception(lambda team: _buyer_win_rates(team)[1],
                      "That is the win rate of deals where the economic buyer never joined a call."),
    ],
)


def _least_planned(team):
    from ...components import calls

    table = calls.call_planning(team)
    return str(table.sort_values("planned_share", kind="stable")["rep_id"].iloc[0])


def _most_deals(team):
    from ...components import calls

    table = calls.calls_and_load(team).groupby("rep_id")["open_deals"].mean()
    return str(table.idxmax())


q5 = Question(
    name="q5",
    prompt="Which rep planned the smallest share of their calls? Answer with a rep id in quotes.",
    team=lesson_team,
    expected=_least_planned,
    hints=["calls.call_planning(team) has each rep's planned_share.",
           "Sort by planned_share; the smallest comes first."],
    solution_text="The rep with the lowest planned_share: planned calls / all of the rep's calls.",
    answer_code="from sefkit import calls\ncalls.call_planning(team).sort_values('planned_share')['rep_id'].iloc[0]",
    misconceptions=[
        Misconception(_most_deals, "That rep carried the most open deals. Heavy loads and little planning "
                                   "often go together, but the question asks who planned the least."),
    ],
)


def _continuation_rates(team):
    from ...components import calls

    table = calls.continuation_outcomes(team).set_index("call_record")["no_decision_rate"]
    return float(table[calls.CALL_RECORDS[0]]), float(table[calls.CALL_RECORDS[1]])


q6 = Question(
    name="q6",
    prompt="Of the team's closed deals whose calls ended more often in a continuation than in an advance, "
           "what share ended in no decision? Answer with a fraction such as 0.25.",
    team=lesson_team,
    expected=lambda team: _continuation_rates(team)[0],
    decimals=2,
    hints=["calls.continuation_outcomes(team) sorts the closed deals by their calls.",
           "Read no_decision_rate in the row 'more continuations than advances'."],
    solution_text="No-decision deals / decided deals, among deals whose calls were more continuations than "
                  "advances.",
    answer_code=("from sefkit import calls\n"
                 "calls.continuation_outcomes(team).set_index('call_record')"
                 ".loc['more continuations than advances', 'no_decision_rate']"),
    misconceptions=[
        Misconception(lambda team: _continuation_rates(team)[1],
                      "That is the no-decision rate of the other deals, those whose calls advanced at least as "
                      "often as they continued."),
    ],
)
