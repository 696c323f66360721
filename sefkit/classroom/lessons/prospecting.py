"""Practice questions of the prospecting lesson (course/02_prospecting.ipynb).

Every answer is computed from the lesson's team, ``simulate("northwind",
seed=0)``, with the one sefkit function for each measure (q5 from the same team
with one rep who stops prospecting, q6 from the stored claims), so the
questions stay right whatever the simulation draws. The lesson imports them::

    from sefkit.classroom.lessons.prospecting import q1, q2, q3, q4, q5, q6

>>> q1.judge(...).status
'not_attempted'
>>> q5.judge(_plan_at_team_rates(lesson_team())).message.startswith("That plan uses the team's rates")
True

A share worked out by hand from the lesson's rounded payback table passes:

>>> q3.judge(1 - round(_same_quarter_share(lesson_team()), 2)).correct
True
"""

from __future__ import annotations

from functools import cache

from ..practice import Misconception, Question, Worked

#: The lesson's team: ``sefkit.simulate(LESSON_SCENARIO, seed=LESSON_SEED)``.
LESSON_SCENARIO = "northwind"
LESSON_SEED = 0
#: The quarter the backward plan is made for, on its first day.
QUARTER = "2026Q2"
#: The rep whose funnel the lesson reads (q1).
FUNNEL_REP = "R02"
#: The rep whose backward plan the lesson works out (q5).
PLAN_REP = "R07"
#: The rep who stops prospecting in the feast-and-famine part (q4), and from which quarter (1 = the first).
STOP = {"rep": "R01", "quarter": 3}


@cache
def lesson_team():
    """The lesson's team (simulated once, then kept)."""
    from ...engine.simulation import simulate

    return simulate(LESSON_SCENARIO, seed=LESSON_SEED)


@cache
def stopped_team():
    """The lesson's team in which :data:`STOP`'s rep stops prospecting (simulated once, then kept)."""
    from ...engine.simulation import simulate

    return simulate(LESSON_SCENARIO, seed=LESSON_SEED, detail="core", stop_prospecting=STOP)


def history(team) -> list[str]:
    """The quarters before :data:`QUARTER`: all a manager knows of the reps' rates on its first day.

    >>> history(lesson_team())
    ['2025Q1', '2025Q2', '2025Q3', '2025Q4', '2026Q1']
    """
    return team.quarters[: team.quarters.index(QUARTER)]


def quota(team, rep: str = PLAN_REP) -> float:
    """``rep``'s quota for :data:`QUARTER`."""
    q = team.quotas
    return float(q.loc[(q["rep_id"] == rep) & (q["quarter"] == QUARTER), "quota"].iloc[0])


# -- q1: the funnel ---------------------------------------------------------------------

def _funnel_row(team):
    from ...components import prospecting

    return prospecting.funnel(team, rep=FUNNEL_REP).iloc[0]


q1 = Question(
    name="q1",
    prompt=(f"Over the two years, how many prospecting activities did {FUNNEL_REP} need for each meeting "
            "booked? Answer with a number such as 40."),
    team=lesson_team,
    expected=lambda team: float(_funnel_row(team)["activities_per_meeting"]),
    decimals=2,
    hints=[
        "Activities per meeting = all activities / the activities that booked a meeting.",
        f"Read the activities_per_meeting column of prospecting.funnel(team) in {FUNNEL_REP}'s row.",
    ],
    solution_text=("Divide the rep's activities by the meetings they booked. The funnel's steps are "
                   "cumulative, so every meeting was also a connect and a conversation."),
    answer_code=(f"from sefkit import prospecting\n"
                 f"prospecting.funnel(team, rep='{FUNNEL_REP}')['activities_per_meeting'].iloc[0]"),
    misconceptions=[
        Misconception(lambda team: 1 / float(_funnel_row(team)["connect_rate"]),
                      "That is activities per *connect* (one over the connect rate). Most people reached "
                      "do not agree to a meeting: go all the way down to meetings."),
        Misconception(lambda team: float(_funnel_row(team)["meetings"] / _funnel_row(team)["activities"]),
                      "That is meetings per activity, the other way round: divide activities by meetings."),
    ],
)


# -- q2: channels -----------------------------------------------------------------------

def _channel(team, column):
    from ...components import prospecting

    table = prospecting.channel_funnel(team).set_index("channel")
    return float(table.loc["call", column])


q2 = Question(
    name="q2",
    prompt=("What share of the team's meetings came from calls? Answer with a fraction such as 0.5 "
            "(the channel table shows it rounded)."),
    team=lesson_team,
    expected=lambda team: _channel(team, "share_of_meetings"),
    decimals=2,
    hints=[
        "Count meetings, not activities: a channel can take a big share of the effort and book few meetings.",
        "Read share_of_meetings in the call row of prospecting.channel_funnel(team).",
    ],
    solution_text=("Calls are most of the activities, and they book a larger share still, because a call "
                   "reaches a person far more often than an email or a social touch."),
    answer_code="from sefkit import prospecting\n"
                "prospecting.channel_funnel(team).set_index('channel').loc['call', 'share_of_meetings']",
    misconceptions=[
        Misconception(lambda team: _channel(team, "share_of_activities"),
                      "That is the share of the *activities* that were calls. The question asks for the "
                      "share of the meetings."),
        Misconception(lambda team: _channel(team, "connect_rate"),
                      "That is the calls' connect rate: how often a call reached someone. The question asks "
                      "what share of all meetings came from calls."),
    ],
)


# -- q3: the lag from prospecting to money ------------------------------------------------

def _payback(team):
    from ...components import prospecting

    return prospecting.payback(team)


def _same_quarter_share(team):
    return float(_payback(team)["share"].iloc[0])


q3 = Question(
    name="q3",
    prompt=("Of the money the team won from deals its own prospecting created, what share came in a "
            "*later* quarter than the one the deal was created in? Answer with a fraction such as 0.5."),
    team=lesson_team,
    expected=lambda team: 1 - _same_quarter_share(team),
    worked=Worked(lambda same: 1 - same, lambda team: (_same_quarter_share(team),), decimals=2),
    hints=[
        "prospecting.payback(team) splits the money by how many quarters after creation it was won.",
        "Everything except the 'same quarter' row (quarters_later = 0): 1 minus its share.",
    ],
    solution_text=("Add up the shares won one, two, three or more quarters later, or take 1 minus the "
                   "share won in the same quarter. Most of what a quarter's prospecting earns comes later."),
    answer_code="from sefkit import prospecting\n1 - prospecting.payback(team)['share'].iloc[0]",
    misconceptions=[
        Misconception(_same_quarter_share,
                      "That is the share won in the *same* quarter the deal was created in. The question "
                      "asks for the rest: what came later."),
        Misconception(lambda team: float(_payback(team)["share"].iloc[1]),
                      "That is the next quarter only. Deals won two or more quarters later count too."),
    ],
)


# -- q5: the backward plan ------------------------------------------------------------------

def _plan(team, rep):
    from ...components import prospecting

    return prospecting.backward_plan(team, rep, quota=quota(team), quarter=history(team))


def _activities_per_week(plan) -> float:
    return float(plan.set_index("step").loc["activities", "per_week"])


def _plan_at_team_rates(team):
    return _activities_per_week(_plan(team, None))


def _plan_without_deal_rates(team):
    """The mistake: plan the funnel only, as if every opportunity became a won deal."""
    from ...components import prospecting

    return _activities_per_week(prospecting.replan(_plan(team, PLAN_REP), win_rate=1.0, qualified_share=1.0))


def _plan_with_hindsight(team):
    from ...components import prospecting

    return _activities_per_week(prospecting.backward_plan(team, PLAN_REP, quota=quota(team)))


q5 = Question(
    name="q5",
    prompt=(f"Going into {QUARTER}, how many prospecting activities a week does {PLAN_REP} need to make "
            f"the {QUARTER} quota, at {PLAN_REP}'s own rates over the quarters before it (HISTORY)? "
            "Answer with a number."),
    team=lesson_team,
    expected=lambda team: _activities_per_week(_plan(team, PLAN_REP)),
    decimals=2,
    hints=[
        "Work back from the quota: won deals, decided deals, opportunities, meetings, ... activities. "
        "Every step uses this rep's own rate, including how often the rep wins.",
        f"prospecting.backward_plan(team, '{PLAN_REP}', quota=QUOTA, quarter=HISTORY); read per_week in "
        "the activities row.",
    ],
    solution_text=("Each step divides by the rep's own rate: quota / average won deal = won deals; / win rate "
                   "= decided deals; / qualified share = opportunities; x outbound share; / opportunity, "
                   "meeting, conversation and connect rates = activities. A rep who wins less often needs "
                   "more activity than the team average suggests."),
    answer_code=("from sefkit import prospecting\n"
                 f"history = team.quarters[:team.quarters.index('{QUARTER}')]\n"
                 f"quota = team.quotas.query(\"rep_id == '{PLAN_REP}' and quarter == '{QUARTER}'\")['quota'].iloc[0]\n"
                 f"plan = prospecting.backward_plan(team, '{PLAN_REP}', quota=quota, quarter=history)\n"
                 "plan.set_index('step').loc['activities', 'per_week']"),
    misconceptions=[
        Misconception(_plan_at_team_rates,
                      f"That plan uses the team's rates. {PLAN_REP} wins and converts at their own rates: "
                      f"pass rep='{PLAN_REP}'."),
        Misconception(_plan_without_deal_rates,
                      "You planned the funnel as if every opportunity were won. Deals get disqualified and "
                      "lost: the rep's win rate and qualified share belong in the plan."),
        Misconception(_plan_with_hindsight,
                      f"You used every quarter, {QUARTER} and later included: on its first day nobody knows "
                      "how those quarters went. Pass quarter=HISTORY."),
    ],
)


# -- q4: feast and famine ------------------------------------------------------------------

def _won_by_quarter(team):
    from ...components import deals

    return {q: deals.won_amount(team, STOP["rep"], q) for q in team.quarters}


def first_famine_quarter(team, stopped) -> str:
    """The first quarter in which the rep who stopped prospecting won less than half of what they won otherwise.

    >>> first_famine_quarter(lesson_team(), stopped_team())
    '2025Q4'
    """
    base, after = _won_by_quarter(team), _won_by_quarter(stopped)
    for q in team.quarters[STOP["quarter"] - 1:]:
        if after[q] < 0.5 * base[q]:
            return q
    raise ValueError(f"{STOP['rep']} never won less than half as much after stopping prospecting")


def _stop_label(team) -> str:
    return team.quarters[STOP["quarter"] - 1]


q4 = Question(
    name="q4",
    prompt=(f"{STOP['rep']} stops prospecting at the start of 2025Q3 to work the deals already open. In "
            f"which quarter does {STOP['rep']}'s won money first fall below half of what {STOP['rep']} wins "
            "when prospecting goes on? Answer with a quarter label in quotes, such as '2026Q1'."),
    team=lesson_team,
    expected=lambda team: first_famine_quarter(team, stopped_team()),
    choices=("2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4"),
    hints=[
        "Compare the two lines of the won-money picture quarter by quarter, from 2025Q3 on.",
        "A deal found this quarter closes about a sales cycle later: look for the first quarter where "
        "the orange line is below half of the blue one.",
    ],
    solution_text=("The quarter the rep stops, the won money hardly moves: those deals were created "
                   "earlier. The fall comes one quarter later, when the deals that prospecting would have "
                   "found should have closed."),
    answer_code="from sefkit.classroom.lessons.prospecting import first_famine_quarter, stopped_team\n"
                "first_famine_quarter(team, stopped_team())",
    misconceptions=[
        Misconception(_stop_label,
                      "That is the quarter the rep stopped. Its deals were found earlier, so it looks fine; "
                      "the famine comes later."),
    ],
)


# -- q6: volume without fit ------------------------------------------------------------------

def _prospecting_only_answer() -> str:
    """'a', 'b' or 'c' from the stored claims: more deals and more money, more deals but less money, fewer deals."""
    from .. import claims

    more_deals = claims.value("prospecting_only.created_change") > 0
    less_money = claims.value("prospecting_only.won_amount_change") < 0
    if not more_deals:
        return "c"
    return "b" if less_money else "a"


q6 = Question(
    name="q6",
    prompt=("From the third quarter on, a manager coaches nothing but prospecting. A year later, "
            "'a': more opportunities and more money won; 'b': more opportunities, a lower win rate and "
            "less money won; 'c': fewer opportunities. Answer 'a', 'b' or 'c'."),
    expected=lambda team: _prospecting_only_answer(),
    team=lesson_team,
    choices=("a", "b", "c"),
    hints=[
        "More prospecting skill finds more opportunities. What happens to the rest of the job while no "
        "one coaches it?",
        "Look at the three pictures of part 5: opportunities, win rate and money won.",
    ],
    solution_text=("'b'. The extra opportunities come, but qualification, deal work and the rest of the job "
                   "are left alone: weaker deals take the hours good deals needed, the win rate falls and "
                   "less money is won. Volume without fit and without deal skill does not pay."),
    misconceptions=[
        Misconception("a", "More opportunities did come, but not more money: the win rate fell more than the "
                           "volume rose."),
        Misconception("c", "Coaching prospecting does bring more opportunities; the trouble is what happens "
                           "to them."),
    ],
)
