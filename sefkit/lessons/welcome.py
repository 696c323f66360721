"""The welcome lesson (course/00_welcome.ipynb): its practice questions and the SEF map.

The map of how the seven parts of a seller's job feed each other is data
(:data:`SEF_LINKS`), so the picture, the lesson text and the tests all read the
same list; :func:`sef_map` draws it.

>>> [link for link in SEF_LINKS if link[0] == "hygiene"][0][:2]
('hygiene', 'forecasting')
>>> q2.judge("b").status
'correct'
"""

from __future__ import annotations

from functools import cache

from ..practice import Misconception, Question
from ..team import COMPONENTS

#: The welcome lesson's team: ``sefkit.simulate("northwind", seed=0)``.
LESSON_SCENARIO = "northwind"
LESSON_SEED = 0

#: Names of the seven parts of the job as the map shows them.
LABELS = {
    "territory": "Territory &\naccounts",
    "prospecting": "Prospecting",
    "qualification": "Qualification",
    "calls": "Sales calls",
    "deal_management": "Deal\nmanagement",
    "hygiene": "Pipeline\nhygiene",
    "forecasting": "Forecasting",
}

#: How the parts feed each other: (from, to, what flows). The first seven are
#: mechanisms of the simulation (docs/MODEL.md): the first six follow a deal from
#: account to forecast, the seventh is the hidden commitment that qualification reads
#: and decisions depend on. The last two are the manager's planning loop, which the
#: lessons work through: the win rate sets how much pipeline prospecting must find
#: (lesson 5), and the forecast shapes next quarter's plan.
SEF_LINKS = (
    ("territory", "prospecting", "effort on high-fit accounts"),
    ("prospecting", "qualification", "new opportunities, weeks later"),
    ("qualification", "calls", "deals worth working"),
    ("calls", "deal_management", "deals moved forward"),
    ("deal_management", "hygiene", "deals won, lost or stalled"),
    ("hygiene", "forecasting", "honest stages and close dates"),
    ("qualification", "deal_management", "real commitment wins more"),
    ("deal_management", "prospecting", "win rate sets the pipeline needed"),
    ("forecasting", "territory", "next quarter's plan"),
)


def sef_map(ax=None):
    """Draw the seven parts of the job in a circle with the links between them.

    Args:
        ax: a matplotlib Axes to draw on (None: a new figure).

    Returns:
        The Axes.

    >>> ax = sef_map()
    >>> sorted(t.get_text() for t in ax.texts if t.get_text() in LABELS.values())[:2]
    ['Deal\\nmanagement', 'Forecasting']
    """
    import textwrap

    import matplotlib.pyplot as plt
    import numpy as np

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 8))
    angles = np.pi / 2 - 2 * np.pi * np.arange(len(COMPONENTS)) / len(COMPONENTS)
    pos = {c: np.array([np.cos(a), np.sin(a)]) for c, a in zip(COMPONENTS, angles, strict=True)}
    boxes = {
        c: ax.text(x, y, LABELS[c], ha="center", va="center", fontsize=12, zorder=3,
                   bbox={"boxstyle": "round,pad=0.5", "facecolor": "#dbe9f6", "edgecolor": "#1f5f99"})
        for c, (x, y) in pos.items()
    }
    for source, target, label in SEF_LINKS:
        # Arrows run from box edge to box edge; drawn after the boxes, whose outline they need.
        ax.annotate("", xy=(0.5, 0.5), xycoords=boxes[target], xytext=(0.5, 0.5), textcoords=boxes[source],
                    zorder=5, arrowprops={"arrowstyle": "-|>", "color": "#555555", "lw": 1.4,
                                         "mutation_scale": 16, "shrinkA": 3, "shrinkB": 3,
                                         "patchA": boxes[source].get_bbox_patch(),
                                         "patchB": boxes[target].get_bbox_patch()})
        middle = (pos[source] + pos[target]) / 2
        # Links between neighbours get their label outside the circle; the links across
        # it carry theirs on the arrow itself, above it, so no other line runs through.
        outside = np.linalg.norm(middle) > 0.8
        ax.text(*(middle * 1.2 if outside else middle), textwrap.fill(label, 18), ha="center", va="center",
                fontsize=9, color="#333333", zorder=4 if outside else 6,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.95})
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("The Sales Execution Framework: one system, each part feeding the next")
    return ax


@cache
def lesson_team():
    """The welcome lesson's team (simulated once, then kept)."""
    from ..simulation import simulate

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
