"""The welcome lesson (course/00_welcome.ipynb): its team and practice questions.

The SEF map itself (:data:`SEF_LINKS`, :func:`sef_map`) lives with the pictures in
:mod:`sefkit.pictures.sef_map`; the lesson imports it from here with its questions.

>>> [link for link in SEF_LINKS if link[0] == "hygiene"][0][:2]
('hygiene', 'forecasting')
>>> q2.judge("b").status
'correct'
"""

from __future__ import annotations

from functools import cache

from ...pictures.sef_map import SEF_LINKS, sef_map  # noqa: F401  (the lesson draws the map)
from ..practice import Misconception, Question

#: The welcome lesson's team: ``sefkit.simulate("northwind", seed=0)``.
LESSON_SCENARIO = "northwind"
LESSON_SEED = 0

@cache
def lesson_team():
    """The welcome lesson's team (simulated once, then kept)."""
    from ...engine.simulation import simulate

    return simulate(LESSON_SCENARIO, seed=LESSON_SEED)


def _rep_count(team):
    return len(team.reps)


def _manager_count(team):
    return int(team.reps["manager_id"].nunique())


q1 = Question(
    name="q1",
    prompt="How many sales reps are on the simulated team? Answer with a whole number.",
    team=lesson_team,
    expected=_rep_count,
    rel_tol=0.0,
    abs_tol=0.5,
    hints=[
        "team.reps has one row per rep.",
        "len(team.reps) counts the rows.",
    ],
    solution_text="Each row of team.reps is one rep, so the number of rows is the number of reps.",
    answer_code="len(team.reps)",
    misconceptions=[
        Misconception(_manager_count,
                      "That is the number of managers (the manager_id column). Count the reps: one row each."),
    ],
)

q2 = Question(
    name="q2",
    prompt=(
        "A rep prospects hard but admits every deal, committed or not. When does the trouble show? "
        "'a': straight away, as fewer new opportunities; "
        "'b': later, as a full pipeline that wins little, with more 'no decision', one sales cycle on; "
        "'c': never, because more pipeline always means more sales. Answer 'a', 'b' or 'c'."
    ),
    expected="b",
    choices=("a", "b", "c"),
    hints=[
        "Hard prospecting fills the pipeline. What happens to deals with no real commitment to change?",
        "Weak deals take deal time and end as losses or 'no decision', about one sales cycle later.",
    ],
    solution_text=(
        "'b'. The pipeline looks full at first, but weak deals win less, drag on and end in no "
        "decision, and they take the hours that good deals needed. The damage shows one sales "
        "cycle later, which is why the course treats the job as one system."
    ),
    misconceptions=[
        Misconception("a", "Prospecting hard gives more opportunities, not fewer. The trouble comes later."),
        Misconception("c", "More pipeline is not more sales when the deals are weak: they lose or stall."),
    ],
)
