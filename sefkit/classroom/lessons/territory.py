"""Practice questions of the territory lesson (course/01_territory.ipynb).

Every answer is computed from the lesson's team, ``simulate("northwind",
seed=0)``, with the one sefkit function for each measure, so the questions stay
right whatever the simulation draws. The lesson imports them::

    from sefkit.classroom.lessons.territory import q1, q2, q3, q4, q5, q6

The lesson judges the team on the first day of :data:`QUARTER`: the reps'
record comes from the quarters before it (:func:`history`), and the account
plan is read at the end of the last of them (:data:`PLAN_QUARTER`).

>>> q1.judge(...).status
'not_attempted'
>>> q4.judge("b").correct
True
>>> history(lesson_team())
['2025Q1', '2025Q2', '2025Q3', '2025Q4', '2026Q1']
"""

from __future__ import annotations

from functools import cache

from ..practice import Misconception, Question

#: The lesson's team: ``sefkit.simulate(LESSON_SCENARIO, seed=LESSON_SEED)``.
LESSON_SCENARIO = "northwind"
LESSON_SEED = 0
#: The quarter whose first day is "today" in the lesson.
QUARTER = "2026Q2"
#: The quarter whose end the account plan reads (the last quarter before :data:`QUARTER`).
PLAN_QUARTER = "2026Q1"
#: The rep the lesson follows.
REP = "R07"
#: The rep whose attainment against potential q5 asks for.
TOP_REP = "R06"


@cache
def lesson_team():
    """The lesson's team (simulated once, then kept)."""
    from ...engine.simulation import simulate

    return simulate(LESSON_SCENARIO, seed=LESSON_SEED)


def history(team) -> list[str]:
    """The quarters before :data:`QUARTER`: all a manager knows of the reps' record on its first day."""
    return team.quarters[: team.quarters.index(QUARTER)]


# -- q1: where the territory's potential is --------------------------------------------------

def _tier_a_row(team):
    from ...components import territory

    tiers = territory.account_tiers(team, rep=REP)
    return tiers[tiers["tier"] == "A"].iloc[0]


def _tier_a_potential_share(team):
    return float(_tier_a_row(team)["potential_share"])


def _tier_a_account_share(team):
    """The mistake: the share of the accounts that are tier A, not the share of the potential."""
    from ...components import territory

    tiers = territory.account_tiers(team, rep=REP)
    return float(_tier_a_row(team)["accounts"] / tiers["accounts"].sum())


def _tier_a_potential_money(team):
    return float(_tier_a_row(team)["potential_acv"])


q1 = Question(
    name="q1",
    prompt=f"What share of {REP}'s territory potential sits in tier-A accounts? Answer with a fraction such as 0.25.",
    team=lesson_team,
    expected=_tier_a_potential_share,
    decimals=2,
    hints=[
        "Territory potential adds up what every account could buy in a year (potential_acv).",
        f"territory.account_tiers(team, rep='{REP}') has a potential_share column for each tier.",
    ],
    solution_text=(
        "Add up the potential of the tier-A accounts and divide by the potential of the whole "
        "territory. Counting accounts is not the same: a few large accounts can hold much of the money."
    ),
    answer_code=(
        "from sefkit import territory\n"
        f"tiers = territory.account_tiers(team, rep='{REP}')\n"
        "tiers.loc[tiers['tier'] == 'A', 'potential_share'].iloc[0]"
    ),
    misconceptions=[
        Misconception(_tier_a_account_share,
                      "That is the share of the accounts that are tier A. The question asks for the share "
                      "of the potential (the money they could buy): use the potential_share column."),
        Misconception(_tier_a_potential_money,
                      "That is the tier's potential in money. Divide it by the whole territory's potential "
                      "to get a share such as 0.25."),
    ],
)


# -- q2: where the prospecting goes ------------------------------------------------------------

def _focus(team):
    from ...components import territory

    return territory.prospecting_focus(team, rep=REP, quarter=history(team)).iloc[0]


q2 = Question(
    name="q2",
    prompt=(
        f"Over the quarters before {QUARTER} (HISTORY), what share of {REP}'s prospecting activities went "
        "to high-fit accounts? Answer with a fraction such as 0.25."
    ),
    team=lesson_team,
    expected=lambda team: float(_focus(team)["high_fit_share"]),
    decimals=2,
    hints=[
        "High fit means icp_fit of 0.7 or more: the accounts most like the best customers.",
        f"territory.prospecting_focus(team, rep='{REP}', quarter=HISTORY) has a high_fit_share column.",
    ],
    solution_text=(
        "Activities on accounts with icp_fit >= 0.7, divided by all the rep's activities in those "
        "quarters. Compare it with high_fit_account_share: a rep who prospects at random lands near it."
    ),
    answer_code=(
        "from sefkit import territory\n"
        f"history = team.quarters[:team.quarters.index('{QUARTER}')]\n"
        f"territory.prospecting_focus(team, rep='{REP}', quarter=history)['high_fit_share'].iloc[0]"
    ),
    misconceptions=[
        Misconception(lambda team: float(_focus(team)["high_fit_account_share"]),
                      "That is the share of the territory's accounts that are high fit, not the share of "
                      "the rep's activities that went to them (high_fit_share)."),
        Misconception(lambda team: float(_focus(team)["tier_a_share"]),
                      "That is the share on tier-A accounts. The question asks about high-fit accounts "
                      "(icp_fit of 0.7 or more): the high_fit_share column."),
    ],
)


# -- q3: how deals on low-fit accounts end --------------------------------------------------------

def _tier_c(team):
    from ...components import territory

    table = territory.outcomes_by_tier(team)
    return table[table["tier"] == "C"].iloc[0]


def _no_decision_with_disqualified(team):
    """The mistake: no decisions over every closed deal, disqualified ones included."""
    row = _tier_c(team)
    return float(row["no_decision"] / (row["decided"] + row["disqualified"]))


def _team_no_decision(team):
    from ...components import deals

    return deals.no_decision_rate(team)


q3 = Question(
    name="q3",
    prompt=(
        "Over the two years, what share of the team's decided deals on tier-C accounts ended in no decision? "
        "Answer with a fraction such as 0.25."
    ),
    team=lesson_team,
    expected=lambda team: float(_tier_c(team)["no_decision_rate"]),
    decimals=2,
    hints=[
        "A decided deal ended as won, lost or no decision; disqualified deals never entered the pipeline.",
        "territory.outcomes_by_tier(team) has a no_decision_rate column for each tier.",
    ],
    solution_text=(
        "No-decision deals on tier-C accounts divided by all decided deals (won + lost + no decision) "
        "on tier-C accounts. Compare it with tier A: weakly committed buyers end in no decision more often."
    ),
    answer_code=(
        "from sefkit import territory\n"
        "table = territory.outcomes_by_tier(team)\n"
        "table.loc[table['tier'] == 'C', 'no_decision_rate'].iloc[0]"
    ),
    misconceptions=[
        Misconception(_no_decision_with_disqualified,
                      "You divided by every closed deal, disqualified ones included. The no-decision rate "
                      "counts decided deals only: won + lost + no decision."),
        Misconception(_team_no_decision,
                      "That is the no-decision rate of all the team's deals. The question asks about deals "
                      "on tier-C accounts only."),
    ],
)


# -- q5: attainment against potential --------------------------------------------------------

def _ranking(team):
    from ...components import territory

    return territory.ranking_shift(team, quarter=history(team)).set_index("rep_id").loc[TOP_REP]


q5 = Question(
    name="q5",
    prompt=(
        f"Over the quarters before {QUARTER} (HISTORY), what share of its territory potential did {TOP_REP} win? "
        "Answer with a fraction such as 0.25."
    ),
    team=lesson_team,
    expected=lambda team: float(_ranking(team)["attainment_vs_potential"]),
    decimals=2,
    hints=[
        "Attainment against potential divides the money won by what the territory could buy, not by the quota.",
        "territory.ranking_shift(team, quarter=HISTORY) has an attainment_vs_potential column.",
    ],
    solution_text=(
        "Money won over those quarters divided by the territory potential. A quota is what the company "
        "asks for; the potential is what the territory could give."
    ),
    answer_code=(
        "from sefkit import territory\n"
        f"history = team.quarters[:team.quarters.index('{QUARTER}')]\n"
        "table = territory.ranking_shift(team, quarter=history)\n"
        f"table.loc[table['rep_id'] == '{TOP_REP}', 'attainment_vs_potential'].iloc[0]"
    ),
    misconceptions=[
        Misconception(lambda team: float(_ranking(team)["attainment"]),
                      "That is attainment against quota. The question asks how much of the territory's "
                      "potential was won: divide by the potential, not the quota."),
    ],
)


# -- q6: the account plan ------------------------------------------------------------------------

def _plan(team):
    from ...components import territory

    return territory.account_plan(team, REP, PLAN_QUARTER, n=10)


def _most_worked(team):
    plan = _plan(team)
    return str(plan.sort_values("activities", ascending=False, kind="stable")["account_id"].iloc[0])


q6 = Question(
    name="q6",
    prompt=(
        f"Of {REP}'s ten accounts with the highest potential, which one got the most prospecting in "
        f"{PLAN_QUARTER}? Answer with an account id in quotes, such as 'A0123'."
    ),
    team=lesson_team,
    expected=_most_worked,
    hints=[
        f"territory.account_plan(team, '{REP}', '{PLAN_QUARTER}') lists the ten accounts, highest potential first.",
        "Sort it by the activities column, most first.",
    ],
    solution_text=(
        "The account plan lists the top accounts by potential; the activities column says how much "
        "prospecting each got in the quarter. The most-worked account is often not the richest one."
    ),
    answer_code=(
        "from sefkit import territory\n"
        f"plan = territory.account_plan(team, '{REP}', '{PLAN_QUARTER}')\n"
        "plan.sort_values('activities', ascending=False)['account_id'].iloc[0]"
    ),
    misconceptions=[
        Misconception(lambda team: str(_plan(team)["account_id"].iloc[0]),
                      "That is the account with the highest potential, the first row. The question asks "
                      "which of the ten got the most prospecting: look at the activities column."),
    ],
)


# -- q4: when spreading effort shows ------------------------------------------------------------

q4 = Question(
    name="q4",
    prompt=(
        "From next week a rep stops aiming prospecting at high-fit accounts and spreads the same number of "
        "activities evenly over the territory. When does the manager see it in the money won? "
        "'a': at once, in this quarter's wins; 'b': one to two quarters later; "
        "'c': never, because activity stays the same. Answer 'a', 'b' or 'c'."
    ),
    expected="b",
    choices=("a", "b", "c"),
    hints=[
        "This quarter's wins come from deals created months ago.",
        "Prospecting finds opportunities a few weeks later, and they close about one sales cycle after that.",
    ],
    solution_text=(
        "'b'. Activity stays the same and this quarter's wins come from older deals, so at first "
        "nothing shows. The new prospecting finds fewer and weaker opportunities, and they are "
        "missed one to two quarters later."
    ),
    misconceptions=[
        Misconception("a", "This quarter's wins come from deals created months ago; the new prospecting "
                           "has not turned into deals yet."),
        Misconception("c", "The same activity on worse-fit accounts finds fewer opportunities and weaker "
                           "buyers: the activity report looks fine while the pipeline thins."),
    ],
)
