"""Practice questions of the ecosystem lesson (course/09_ecosystem.ipynb).

The lesson reads three teams of the same seed: northwind (where deals come from),
``marketing_surge`` (marketing sends three times the leads, from poorer-fit
accounts, from quarter 3) and ``product_gap`` (from quarter 5 a competitor ships a
feature the product lacks, and the answering release slips). Every answer is
computed from those teams with the library's own functions
(:func:`sefkit.components.deals.outcome_counts`,
:func:`~sefkit.components.deals.created_by_source`,
:func:`~sefkit.components.deals.loss_reason_shares`). The lesson imports them::

    from sefkit.classroom.lessons.ecosystem import q1, q2, q3, q4, q5, q6

>>> q1.judge(...).status
'not_attempted'
>>> q6.judge("team").message.startswith("A team problem")
True
"""

from __future__ import annotations

from functools import cache

from ..practice import Misconception, Question

#: The lesson's teams: ``sefkit.simulate(scenario, seed=LESSON_SEED)``.
LESSON_SCENARIO = "northwind"
SURGE_SCENARIO = "marketing_surge"
GAP_SCENARIO = "product_gap"
LESSON_SEED = 0
#: The quarter the surge team's source mix is read in (q2).
SURGE_QUARTER = "2026Q4"
#: The two years the product-gap team is compared over: before and after the competitor's feature.
YEAR_BEFORE = ("2025Q1", "2025Q2", "2025Q3", "2025Q4")
YEAR_AFTER = ("2026Q1", "2026Q2", "2026Q3", "2026Q4")
#: What a lost deal's ending may be, as :func:`sefkit.components.deals.loss_reason_shares` names them.
ENDINGS = ("competitor", "price", "product_gap", "status_quo", "went_dark")
#: Four times northwind's churn (3% of customers a quarter), for the customer-experience section.
HIGH_CHURN = {"customer_experience": {"churn_per_customer_quarter": 0.12}}


@cache
def lesson_team():
    """Northwind, the lesson's first team (simulated once, then kept)."""
    from ...engine.simulation import simulate

    return simulate(LESSON_SCENARIO, seed=LESSON_SEED)


@cache
def surge_team():
    """The marketing-surge team of the lesson's seed."""
    from ...engine.simulation import simulate

    return simulate(SURGE_SCENARIO, seed=LESSON_SEED)


@cache
def gap_team():
    """The product-gap team of the lesson's seed."""
    from ...engine.simulation import simulate

    return simulate(GAP_SCENARIO, seed=LESSON_SEED)


def win_rate_by_year(team):
    """Each rep's win rate in :data:`YEAR_BEFORE` and :data:`YEAR_AFTER`, and the change (a table, one row per rep).

    >>> table = win_rate_by_year(gap_team())
    >>> list(table.columns)
    ['before', 'after', 'change']
    """
    from ...components.deals import outcome_counts

    before = outcome_counts(team, quarter=list(YEAR_BEFORE))["win_rate"]
    after = outcome_counts(team, quarter=list(YEAR_AFTER))["win_rate"]
    table = before.to_frame("before").join(after.rename("after"))
    table["change"] = table["after"] - table["before"]
    return table


def endings_by_year(team):
    """How decided deals ended in each of the two years (shares; ``change`` = after - before)."""
    from ...components.deals import loss_reason_shares

    before = loss_reason_shares(team, quarter=list(YEAR_BEFORE), by=[]).iloc[0]
    after = loss_reason_shares(team, quarter=list(YEAR_AFTER), by=[]).iloc[0]
    table = before.to_frame("before").join(after.rename("after")).drop(index="decided")
    table["change"] = table["after"] - table["before"]
    return table


# -- q1: where deals come from, and how each source wins ----------------------------------

def _source_rates(team):
    from ...components.deals import outcome_counts

    return outcome_counts(team, by="source").loc["marketing"]


def _team_win_rate(team):
    from ...components.deals import win_rate

    return win_rate(team)


def _won_plus_lost(team):
    rates = _source_rates(team)
    return float(rates["won"] / (rates["won"] + rates["lost"]))


q1 = Question(
    name="q1",
    prompt=("In northwind, over the whole run, what is the win rate of the deals marketing sourced? "
            "Answer with a fraction such as 0.25, as the table shows it."),
    team=lesson_team,
    expected=lambda team: float(_source_rates(team)["win_rate"]),
    decimals=2,
    hints=["Read the marketing row of the table of outcomes by source.",
           "Win rate = won / (won + lost + no decision): deals.outcome_counts(team, by='source')."],
    solution_text=("Marketing's deals win less often than the reps' own outbound deals and far less often than "
                   "referrals and expansion: more of them end in no decision."),
    answer_code=("from sefkit import deals\n"
                 "deals.outcome_counts(team, by='source').loc['marketing', 'win_rate']"),
    misconceptions=[
        Misconception(_won_plus_lost,
                      "You divided by won + lost and left out the no-decision deals; they count in the win rate."),
        Misconception(lambda team: _team_win_rate(team),
                      "That is the whole team's win rate, every source together; read the marketing row."),
    ],
)


# -- q2: the surge's share of new opportunities --------------------------------------------

def _surge_share(team):
    from ...components.deals import created_by_source

    return float(created_by_source(team, quarter=SURGE_QUARTER)["marketing_share"].iloc[0])


q2 = Question(
    name="q2",
    prompt=(f"In the surge team, what share of the opportunities created in {SURGE_QUARTER} came from marketing? "
            "Answer with a fraction such as 0.25, as the table shows it."),
    team=surge_team,
    expected=_surge_share,
    decimals=2,
    hints=[f"Read the {SURGE_QUARTER} row of the surge team's opportunities by source.",
           "deals.created_by_source(surge) has a marketing_share column."],
    solution_text="Marketing's share of new opportunities went from about a third to more than half.",
    answer_code=("from sefkit import deals\n"
                 "from sefkit.classroom.lessons.ecosystem import SURGE_QUARTER, surge_team\n"
                 "surge = surge_team()\n"
                 "deals.created_by_source(surge).loc[SURGE_QUARTER, 'marketing_share']"),
    misconceptions=[
        Misconception(lambda team: _surge_share(lesson_team()),
                      "That is northwind's share, before any surge; read the surge team's table."),
    ],
)


# -- q3: why the reps' own deals win less often in the surge -------------------------------

STARVED = "marketing's extra deals take the hours the reps' own deals need"
q3 = Question(
    name="q3",
    prompt=("In the surge team even the reps' own outbound deals win less often than in northwind, though the reps "
            "are coached the same. Why? Pick one: "
            "'the reps got worse at closing', "
            f"'{STARVED}', "
            "'outbound deals come from worse accounts'."),
    team=surge_team,
    expected=STARVED,
    choices=("the reps got worse at closing", STARVED, "outbound deals come from worse accounts"),
    hints=["The reps' skills and coaching are northwind's; what else changed for each rep from quarter 3?",
           "A rep's deal hours are shared by every open deal; count the open deals."],
    solution_text=("Each rep has the same deal hours, now shared by many more deals: each deal gets "
                   "fewer calls, more of them stall, and fewer are won. One function optimised alone (more "
                   "leads) costs the whole."),
    answer_code=f"{STARVED!r}",
    misconceptions=[
        Misconception("the reps got worse at closing",
                      "The reps' skills and coaching are the same as northwind's; look at how many deals each "
                      "rep carries."),
        Misconception("outbound deals come from worse accounts",
                      "The reps prospect the same territory as before; it is marketing's leads that come from "
                      "poorer-fit accounts."),
    ],
)


# -- q4: which loss reason grew --------------------------------------------------------------

def _grown(team):
    return str(endings_by_year(team).loc[list(ENDINGS), "change"].idxmax())


q4 = Question(
    name="q4",
    prompt=("In the product-gap team, which way of losing grew most, as a share of decided deals, from 2025 to "
            "2026? Answer with its name as the table writes it, in quotes, such as 'price'."),
    team=gap_team,
    expected=_grown,
    choices=ENDINGS,
    hints=["Compare the two years' shares of decided deals, reason by reason.",
           "endings_by_year(gap) has a change column; the largest change is the answer."],
    solution_text=("Deals lost to a product gap: buyers who needed what the product lacks. The other reasons' "
                   "shares moved far less, and the competitor and price shares fell a little: some deals that "
                   "would have been lost that way are now lost to the gap first."),
    answer_code=("from sefkit.classroom.lessons.ecosystem import ENDINGS, endings_by_year, gap_team\n"
                 "endings_by_year(gap_team()).loc[list(ENDINGS), 'change'].idxmax()"),
    misconceptions=[
        Misconception("competitor",
                      "A competitor is in most deals every year; which reason's share grew from 2025 to 2026?"),
        Misconception("status_quo",
                      "No decision is about the buyer's commitment, and its share barely moved; look at the deals "
                      "lost at the decision."),
    ],
)


# -- q5: how many reps fell --------------------------------------------------------------------

def _falling(team):
    return int((win_rate_by_year(team)["change"] < 0).sum())


q5 = Question(
    name="q5",
    prompt=("In the product-gap team, how many of the 10 reps have a lower win rate in 2026 than in 2025? "
            "Answer with a whole number."),
    team=gap_team,
    expected=_falling,
    abs_tol=0.0,
    rel_tol=0.0,
    hints=["Count the reps whose change is below zero.",
           "(win_rate_by_year(gap)['change'] < 0).sum()"],
    solution_text=("Nearly every rep fell, strong and weak alike: a cause outside the team hits the whole "
                   "team at once."),
    answer_code=("from sefkit.classroom.lessons.ecosystem import gap_team, win_rate_by_year\n"
                 "int((win_rate_by_year(gap_team())['change'] < 0).sum())"),
    misconceptions=[
        Misconception(lambda team: _falling(lesson_team()),
                      "That is northwind's count, where no gap opened: there about half the reps go down from "
                      "one year to the next by luck."),
    ],
)


# -- q6: team problem or ecosystem problem -------------------------------------------------------

q6 = Question(
    name="q6",
    prompt=("The product-gap team's win rate fell in 2026. Is that a team problem (coach the reps) or an "
            "ecosystem problem (take it to the function that owns it)? Answer 'team' or 'ecosystem'."),
    team=gap_team,
    expected="ecosystem",
    choices=("team", "ecosystem"),
    hints=["Who fell: one or two reps, or nearly all of them at once?",
           "And what do the loss reasons say the buyers chose elsewhere for?"],
    solution_text=("An ecosystem problem: nearly every rep fell in the same quarter, and the loss reason that "
                   "grew is the product's. Deal-management coaching would not bring those deals back; the "
                   "evidence goes to product management."),
    answer_code="'ecosystem'",
    misconceptions=[
        Misconception("team",
                      "A team problem shows in a few reps and in the reasons their skills explain; here nearly "
                      "every rep fell at once, and the reason that grew is the product's."),
    ],
)
