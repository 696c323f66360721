"""Practice questions of the deals lesson (course/03_deals.ipynb): qualification and deal management.

Every answer is computed from the lesson's team, ``simulate(LESSON_SCENARIO,
seed=LESSON_SEED)``, with the one sefkit function for each measure, so the
questions stay right whatever the simulation draws. The lesson imports them::

    from sefkit.classroom.lessons.deals import q1, q2, q3, q4, q5

>>> q1.judge(...).status
'not_attempted'
>>> q5.judge(suspect(lesson_team(), BAR_REP)).correct
True
"""

from __future__ import annotations

from functools import cache

from ..practice import Misconception, Question

#: The lesson's team: ``sefkit.simulate(LESSON_SCENARIO, seed=LESSON_SEED)``.
LESSON_SCENARIO = "northwind"
LESSON_SEED = 0
#: The rep whose qualification bar the lesson's widget moves (the rep whose deals end in no decision most often).
BAR_REP = "R10"
#: The two places a falling win rate can come from, as q5 names them.
SUSPECTS = ("qualification", "deal_management")


@cache
def lesson_team():
    """The lesson's team (simulated once, then kept)."""
    from ...engine.simulation import simulate

    return simulate(LESSON_SCENARIO, seed=LESSON_SEED)


def _profile(team):
    from ...components import deals

    return deals.loss_profile(team).set_index("rep_id")


def rep_with_most(team, column: str) -> str:
    """The rep with the highest ``column`` of :func:`sefkit.components.deals.loss_profile` (first on a tie).

    >>> rep_with_most(lesson_team(), "no_decision_rate")
    'R10'
    """
    return str(_profile(team)[column].idxmax())


def suspect(team, rep: str) -> str:
    """Where to look first for ``rep``'s lost deals: "qualification" or "deal_management".

    Qualification when the rep's no-decision rate stands further above the team's
    than the rep's lost-at-the-decision rate does; deal management otherwise.

    >>> suspect(lesson_team(), "R10"), suspect(lesson_team(), "R07")
    ('qualification', 'deal_management')
    """
    from ...components import deals

    profile = _profile(team)
    team_nd, team_lost = deals.no_decision_rate(team), _team_lost_rate(team)
    nd_gap = profile.loc[rep, "no_decision_rate"] - team_nd
    lost_gap = profile.loc[rep, "lost_rate"] - team_lost
    return "qualification" if nd_gap > lost_gap else "deal_management"


def _team_lost_rate(team) -> float:
    from ...components import deals

    counts = deals.outcome_counts(team, by="rep_id").sum()
    return float(deals.lost_rate_of(counts["lost"], counts["decided"]))


# -- q1: do well-qualified deals end better? ----------------------------------------------

def _band(team):
    from ...components import deals

    return deals.outcome_by_band(team).set_index("band")


def _strong_win_rate(team) -> float:
    return float(_band(team).loc["strong", "win_rate"])


def _strong_won_vs_lost(team) -> float:
    row = _band(team).loc["strong"]
    return float(row["won"] / (row["won"] + row["lost"]))


def _team_win_rate(team) -> float:
    from ...components import deals

    return deals.win_rate(team)


q1 = Question(
    name="q1",
    prompt=("Over the two years, what share of the deals the reps scored strong (17-24) did the team win? "
            "Answer with a fraction such as 0.25."),
    team=lesson_team,
    expected=_strong_win_rate,
    decimals=2,   # the lesson shows outcome_by_band rounded to 2 decimals
    hints=["deals.outcome_by_band(team) has one row per score band.",
           "Read win_rate in the strong row: won / (won + lost + no decision)."],
    solution_text=("Win rate of the strong band = its won deals / (won + lost + no decision) among deals "
                   "scored 17-24. Strong deals win more often than fair ones, but far from always."),
    answer_code="from sefkit import deals\ndeals.outcome_by_band(team).set_index('band').loc['strong', 'win_rate']",
    misconceptions=[
        Misconception(_strong_won_vs_lost,
                      "You divided by won + lost and left out no-decision deals: win rate counts every "
                      "deal that reached a decision."),
        Misconception(_team_win_rate,
                      "That is the whole team's win rate, every band together. The question asks about "
                      "the deals scored strong."),
    ],
)


# -- q2: who carries the most deals? --------------------------------------------------------

def _load(team):
    from ...components import deals

    return deals.deal_load(team).set_index("rep_id")


q2 = Question(
    name="q2",
    prompt=("Which rep carried the most open deals on a typical Monday over the two years? Answer with a rep "
            "id in quotes, such as 'R07'."),
    team=lesson_team,
    expected=lambda team: str(_load(team)["open_deals"].idxmax()),
    choices=tuple(f"R{i:02d}" for i in range(1, 11)),
    hints=["deals.deal_load(team) counts the open deals of each rep every Monday.",
           "The largest open_deals is the rep with the heaviest load."],
    solution_text=("open_deals = open deals summed over the Mondays / the number of Mondays. The rep with the "
                   "most deals shares the same deal hours among more of them, so each gets fewer calls."),
    answer_code="from sefkit import deals\ndeals.deal_load(team).set_index('rep_id')['open_deals'].idxmax()",
    misconceptions=[
        Misconception(lambda team: str(_load(team)["calls"].idxmax()),
                      "That rep made the most calls. The question asks who carried the most open deals."),
    ],
)


# -- q3 and q4: where did the deals that did not win go? -------------------------------------

def _lowest_win_rate(team) -> str:
    return str(_profile(team)["win_rate"].idxmin())


q3 = Question(
    name="q3",
    prompt=("Whose decided deals ended in no decision most often? Answer with a rep id in quotes, such as "
            "'R07'."),
    team=lesson_team,
    expected=lambda team: rep_with_most(team, "no_decision_rate"),
    choices=tuple(f"R{i:02d}" for i in range(1, 11)),
    hints=["deals.loss_profile(team) has each rep's no_decision_rate.",
           "No decision / decided deals: pick the largest."],
    solution_text=("no_decision_rate = no-decision deals / decided deals (won + lost + no decision). A high one "
                   "says the rep admits deals whose buyers were never going to change: a qualification sign."),
    answer_code="from sefkit import deals\ndeals.loss_profile(team).set_index('rep_id')['no_decision_rate'].idxmax()",
    misconceptions=[
        Misconception(_lowest_win_rate,
                      "That rep has the lowest win rate, but a low win rate has more than one cause. Look at "
                      "the no-decision rate itself."),
    ],
)

q4 = Question(
    name="q4",
    prompt=("Whose decided deals were most often lost at the decision (the buyer decided, and not for us)? "
            "Answer with a rep id in quotes, such as 'R07'."),
    team=lesson_team,
    expected=lambda team: rep_with_most(team, "lost_rate"),
    choices=tuple(f"R{i:02d}" for i in range(1, 11)),
    hints=["deals.loss_profile(team) has each rep's lost_rate.",
           "Lost deals / decided deals: pick the largest."],
    solution_text=("lost_rate = lost deals / decided deals. A high one, with few no decisions, says the rep's "
                   "deals were real but were lost at the end, most to a competitor: a deal-management sign."),
    answer_code="from sefkit import deals\ndeals.loss_profile(team).set_index('rep_id')['lost_rate'].idxmax()",
    misconceptions=[
        Misconception(_lowest_win_rate,
                      "That rep has the lowest win rate, but many of that rep's deals ended in no decision "
                      "rather than being lost at the decision. Look at lost_rate."),
        Misconception(lambda team: rep_with_most(team, "no_decision_rate"),
                      "That rep has the most no decisions. Lost at the decision means the buyer decided, "
                      "for someone else (or for nothing we offered): lost_rate."),
    ],
)


# -- q5: qualification or deal management? ----------------------------------------------------

q5 = Question(
    name="q5",
    prompt=(f"{BAR_REP}'s win rate trails the best reps'. Where would you look first: 'qualification' or "
            "'deal_management'? Answer with one of the two in quotes."),
    team=lesson_team,
    expected=lambda team: suspect(team, BAR_REP),
    choices=SUSPECTS,
    hints=[f"Compare {BAR_REP}'s no_decision_rate and lost_rate with the team's (deals.loss_profile).",
           "Deals that end in no decision were never going to buy (qualification); deals lost at the decision "
           "were real and lost at the end (deal management)."],
    solution_text=(f"{BAR_REP}'s no-decision rate stands well above the team's while {BAR_REP} loses fewer deals "
                   "at the decision than the team and disqualifies few: the deals that did not win were weak "
                   "when they came in. Qualification first."),
    answer_code=("from sefkit import deals\n"
                 f"p = deals.loss_profile(team).set_index('rep_id').loc['{BAR_REP}']\n"
                 "team_nd = deals.no_decision_rate(team)\n"
                 "c = deals.outcome_counts(team).sum()\n"
                 "team_lost = c['lost'] / c['decided']\n"
                 "'qualification' if p['no_decision_rate'] - team_nd > p['lost_rate'] - team_lost else 'deal_management'"),
    misconceptions=[
        Misconception(lambda team: "deal_management" if suspect(team, BAR_REP) == "qualification" else "qualification",
                      f"Look at where {BAR_REP}'s deals went: more no decisions than the team, fewer deals lost "
                      "at the decision. The deals were weak when they came in."),
    ],
)
