"""A tiny hand-built team whose numbers can be checked with pencil and paper.

Docstring examples across sefkit use it, so every example's answer can be worked
out by hand from the table below.

Two reps, two quarters (2025Q1 starts Monday 6 January 2025, 2025Q2 starts
Monday 7 April 2025), quota 100,000 per rep per quarter.

=======  =====  ==========  ==========  ===========  ======  ==================
opp_id   rep    created     closed_on   outcome      amount  note
=======  =====  ==========  ==========  ===========  ======  ==================
1        R01    2025-01-06  2025-03-07  won          40,000  60-day cycle
2        R01    2025-01-13  2025-03-14  lost         30,000  60 days
3        R01    2025-01-20  2025-04-20  no_decision  50,000  90 days; went dark
4        R01    2025-02-03  2025-02-10  disqualified 20,000  never in pipeline
5        R01    2025-02-10  2025-04-21  won          60,000  closes in Q2
6        R01    2025-03-03  (open)      (open)       80,000  close date 2025-05-05
7        R02    2025-01-06  2025-03-17  won          50,000  70 days
8        R02    2025-01-06  2025-02-15  lost         10,000  40 days
9        R02    2025-03-10  (open)      (open)       90,000  close date 2025-06-02
=======  =====  ==========  ==========  ===========  ======  ==================

So in 2025Q1, R01 closed one won, one lost deal (the no-decision deal closed in
Q2); R02 closed one won and one lost.


Accounts (R01 covers territory T01, R02 covers T02; "high fit" is icp_fit >= 0.7):

=======  =========  ====  =======  =============
account  territory  tier  icp_fit  potential_acv
=======  =========  ====  =======  =============
A0001    T01        A     0.90     150,000
A0002    T01        B     0.60      80,000
A0003    T01        A     0.80     120,000
A0004    T01        C     0.20      20,000
A0005    T01        B     0.75     100,000
A0006    T01        C     0.40      30,000
A0007    T02        A     0.85     400,000
A0008    T02        C     0.30      50,000
A0009    T02        B     0.50     250,000
A0010    T02        A     0.70     300,000
=======  =========  ====  =======  =============

So T01's potential is 500,000 and T02's is 1,000,000.

Prospecting activities (each row of the table records the furthest step reached,
so the funnel counts are cumulative: a meeting was also a conversation and a connect):

=====  =======  ==========  ==========  =======  ====  ============  =======
rep    quarter  week        account     meeting  conv  connect only  no answer
=====  =======  ==========  ==========  =======  ====  ============  =======
R01    2025Q1   2025-01-06  A0001       6        6     8             20
R01    2025Q1   2025-01-13  A0003       3        3     4             10
R01    2025Q1   2025-01-20  A0005       3        3     6             18
R01    2025Q1   2025-01-27  A0002       0        0     4             16
R01    2025Q1   2025-02-03  A0004       0        0     2             8
R02    2025Q1   2025-01-06  A0007       3        2     3             2
R02    2025Q1   2025-01-13  A0010       2        1     2             5
R02    2025Q1   2025-01-20  A0009       1        1     3             15
R02    2025Q1   2025-01-27  A0008       0        0     2             8
R02    2025Q2   2025-04-14  A0008       0        0     3             7
R02    2025Q2   2025-04-21  A0009       1        1     1             7
=====  =======  ==========  ==========  =======  ====  ============  =======

("conv" = ended as a conversation.) R01's 2025Q1 funnel: 120 activities, 48
connects, 24 conversations, 12 meetings and 6 outbound opportunities (deals 1-6),
so the step rates are 0.4, 0.5, 0.5 and 0.5. R02's 2025Q1 funnel: 50 activities,
20 connects, 10 conversations, 6 meetings, 3 opportunities (deals 7-9).

Sales calls (EB = an economic buyer was on the call):

====  ===  ===  ==========  =======  ============  ==
call  opp  rep  date        planned  outcome       EB
====  ===  ===  ==========  =======  ============  ==
1     1    R01  2025-01-20  yes      advance       no
2     1    R01  2025-02-10  yes      advance       yes
3     1    R01  2025-03-03  no       advance       no
4     2    R01  2025-01-27  no       setback       no
5     2    R01  2025-02-24  yes      continuation  yes
6     3    R01  2025-02-03  no       continuation  no
7     3    R01  2025-03-10  no       setback       no
8     5    R01  2025-03-03  yes      advance       yes
9     6    R01  2025-04-07  yes      advance       no
10    5    R01  2025-04-14  no       continuation  no
11    7    R02  2025-01-20  yes      advance       yes
12    7    R02  2025-02-17  yes      continuation  no
13    8    R02  2025-01-13  no       setback       no
14    9    R02  2025-03-17  no       continuation  no
15    9    R02  2025-04-21  yes      advance       no
16    9    R02  2025-05-05  no       setback       no
====  ===  ===  ==========  =======  ============  ==

R01 advanced 5 of 10 calls, R02 2 of 6; planned calls advanced 6 of 8,
unplanned ones 1 of 8. An economic buyer was on a call of deals 1, 2, 5 and 7
(won, lost, won, won) but never on deals 3 and 8 (no decision, lost).

Pipeline history (``opp_history``): each deal starts in ``qualify``; the table
lists every later stage change (a closed deal's last change is to ``closed`` on
its ``closed_on`` day) and every close-date change (old -> new, made on the date
shown; ``old`` and ``new`` hold text, dates as ``"2025-03-14"``). All dates
are in 2025; the changes happen on Wednesdays.

===  ==========================================================  ======================
opp  stage changes                                               close-date changes
===  ==========================================================  ======================
1    discover 01-22, propose 02-12, negotiate 03-05, closed 03-07
2    discover 02-05, propose 02-19, closed 03-14
3    discover 01-29, closed 04-20                                 03-12: 03-14 -> 03-31
                                                                  03-26: 03-31 -> 04-20
4    closed 02-10
5    discover 02-26, propose 03-05, negotiate 04-02, closed 04-21 03-19: 03-28 -> 04-21
6    discover 03-12, propose 04-02                                03-26: 03-31 -> 04-14
                                                                  04-16: 04-14 -> 05-05
7    discover 01-22, propose 02-05, negotiate 03-05, closed 03-17
8    discover 01-22, closed 02-15
9    discover 04-23
===  ==========================================================  ======================

Weekly ``snapshots``, as the simulation takes them: every Monday from
2025-01-06 to 2025-06-30, the state at the start of that Monday (its own events
come after). A deal is open on Monday D when it was created before D and had
not closed before D (disqualified deals never enter the pipeline); its stage
and close date are those of its last change before D. So deals created on
6 January are not yet in that day's snapshot: both reps start 2025Q1 with
nothing open. The forecast category follows the stage: ``negotiate`` is commit,
``propose`` best case, earlier stages pipeline. On 2025-04-07 (the first day of
2025Q2) R01 has deals 3 (discover, 50,000, closing 04-20), 5 (negotiate, 60,000,
04-21) and 6 (propose, 80,000, 04-14) open, and R02 has deal 9 (qualify,
90,000, 06-02).

``forecasts``: each rep's call in weeks 1 and 7 of each quarter. Commit = amount
already won in the quarter (before that Monday) + open commit deals closing in
it; best case adds the best-case deals; pipeline is every open deal closing in
the quarter.

===  =======  ====  ==========  ======  =========  ========
rep  quarter  week  as_of       commit  best_case  pipeline
===  =======  ====  ==========  ======  =========  ========
R01  2025Q1   1     2025-01-06  0       0          0
R01  2025Q1   7     2025-02-17  0       40,000     180,000
R01  2025Q2   1     2025-04-07  60,000  140,000    190,000
R01  2025Q2   7     2025-05-19  60,000  140,000    80,000
R02  2025Q1   1     2025-01-06  0       0          0
R02  2025Q1   7     2025-02-17  0       50,000     50,000
R02  2025Q2   1     2025-04-07  0       0          90,000
R02  2025Q2   7     2025-05-19  0       0          90,000
===  =======  ====  ==========  ======  =========  ========

>>> team = tiny_team()
>>> team.quarters
['2025Q1', '2025Q2']
>>> int(team.opportunities.outcome.eq("won").sum())
3
"""

from __future__ import annotations

import pandas as pd

from .team import QUALIFICATION_FIELDS, Team

_DEALS = [
    # opp_id, rep, created, closed_on, outcome, amount, close_date, stage
    (1, "R01", "2025-01-06", "2025-03-07", "won", 40_000, "2025-03-07", "closed"),
    (2, "R01", "2025-01-13", "2025-03-14", "lost", 30_000, "2025-03-14", "closed"),
    (3, "R01", "2025-01-20", "2025-04-20", "no_decision", 50_000, "2025-04-20", "closed"),
    (4, "R01", "2025-02-03", "2025-02-10", "disqualified", 20_000, "2025-02-10", "closed"),
    (5, "R01", "2025-02-10", "2025-04-21", "won", 60_000, "2025-04-21", "closed"),
    (6, "R01", "2025-03-03", None, None, 80_000, "2025-05-05", "propose"),
    (7, "R02", "2025-01-06", "2025-03-17", "won", 50_000, "2025-03-17", "closed"),
    (8, "R02", "2025-01-06", "2025-02-15", "lost", 10_000, "2025-02-15", "closed"),
    (9, "R02", "2025-03-10", None, None, 90_000, "2025-06-02", "discover"),
]


_ACCOUNTS = [
    # account_id, territory_id, tier, icp_fit, potential_acv
    ("A0001", "T01", "A", 0.90, 150_000),
    ("A0002", "T01", "B", 0.60, 80_000),
    ("A0003", "T01", "A", 0.80, 120_000),
    ("A0004", "T01", "C", 0.20, 20_000),
    ("A0005", "T01", "B", 0.75, 100_000),
    ("A0006", "T01", "C", 0.40, 30_000),
    ("A0007", "T02", "A", 0.85, 400_000),
    ("A0008", "T02", "C", 0.30, 50_000),
    ("A0009", "T02", "B", 0.50, 250_000),
    ("A0010", "T02", "A", 0.70, 300_000),
]

_ACTIVITY_BLOCKS = [
    # rep, week, account, type, then how many ended as meeting / conversation / connect / no_answer
    ("R01", "2025-01-06", "A0001", "call", 6, 6, 8, 20),
    ("R01", "2025-01-13", "A0003", "call", 3, 3, 4, 10),
    ("R01", "2025-01-20", "A0005", "email", 3, 3, 6, 18),
    ("R01", "2025-01-27", "A0002", "call", 0, 0, 4, 16),
    ("R01", "2025-02-03", "A0004", "social", 0, 0, 2, 8),
    ("R02", "2025-01-06", "A0007", "call", 3, 2, 3, 2),
    ("R02", "2025-01-13", "A0010", "call", 2, 1, 2, 5),
    ("R02", "2025-01-20", "A0009", "email", 1, 1, 3, 15),
    ("R02", "2025-01-27", "A0008", "call", 0, 0, 2, 8),
    ("R02", "2025-04-14", "A0008", "call", 0, 0, 3, 7),
    ("R02", "2025-04-21", "A0009", "email", 1, 1, 1, 7),
]

_CALLS = [
    # call_id, opp_id, rep, date, planned, outcome, economic_buyer_present
    (1, 1, "R01", "2025-01-20", True, "advance", False),
    (2, 1, "R01", "2025-02-10", True, "advance", True),
    (3, 1, "R01", "2025-03-03", False, "advance", False),
    (4, 2, "R01", "2025-01-27", False, "setback", False),
    (5, 2, "R01", "2025-02-24", True, "continuation", True),
    (6, 3, "R01", "2025-02-03", False, "continuation", False),
    (7, 3, "R01", "2025-03-10", False, "setback", False),
    (8, 5, "R01", "2025-03-03", True, "advance", True),
    (9, 6, "R01", "2025-04-07", True, "advance", False),
    (10, 5, "R01", "2025-04-14", False, "continuation", False),
    (11, 7, "R02", "2025-01-20", True, "advance", True),
    (12, 7, "R02", "2025-02-17", True, "continuation", False),
    (13, 8, "R02", "2025-01-13", False, "setback", False),
    (14, 9, "R02", "2025-03-17", False, "continuation", False),
    (15, 9, "R02", "2025-04-21", True, "advance", False),
    (16, 9, "R02", "2025-05-05", False, "setback", False),
]


def _accounts() -> pd.DataFrame:
    accounts = pd.DataFrame(_ACCOUNTS, columns=["account_id", "territory_id", "tier", "icp_fit", "potential_acv"])
    accounts["industry"] = "Manufacturing"
    accounts["employees"] = 500
    accounts["is_customer"] = False
    return accounts


def _activities() -> pd.DataFrame:
    outcomes = ["meeting", "conversation", "connect", "no_answer"]
    rows = [
        (rep, week, account, kind, outcome)
        for rep, week, account, kind, *counts in _ACTIVITY_BLOCKS
        for outcome, n in zip(outcomes, counts, strict=True)
        for _ in range(n)
    ]
    activities = pd.DataFrame(rows, columns=["rep_id", "week", "account_id", "type", "outcome"])
    activities["week"] = pd.to_datetime(activities["week"])
    return activities


def _calls() -> pd.DataFrame:
    calls = pd.DataFrame(
        _CALLS, columns=["call_id", "opp_id", "rep_id", "date", "planned", "outcome", "economic_buyer_present"]
    )
    calls["date"] = pd.to_datetime(calls["date"])
    return calls


def tiny_team() -> Team:
    """The hand-built two-rep team described in this module's docstring."""
    deals = pd.DataFrame(
        _DEALS,
        columns=["opp_id", "rep_id", "created", "closed_on", "outcome", "amount", "close_date", "stage"],
    )
    deals["loss_reason"] = deals.outcome.map(
        {"lost": "competitor", "no_decision": "status_quo", "disqualified": "poor_fit"}
    ).where(deals.opp_id != 3, "went_dark")  # deal 3: silent after a setback on 10 March, closed out on 20 April
    deals["account_id"] = [f"A{i:04d}" for i in deals.opp_id]
    deals["source"] = "outbound"
    for i, f in enumerate(QUALIFICATION_FIELDS):
        deals[f] = (deals.opp_id + i) % 4
    deals["qualification_score"] = deals[list(QUALIFICATION_FIELDS)].sum(axis=1)
    for col in ("created", "closed_on", "close_date"):
        deals[col] = pd.to_datetime(deals[col])
    reps = pd.DataFrame(
        {
            "rep_id": ["R01", "R02"],
            "name": ["Ada Lovelace", "Ben Okafor"],
            "manager_id": ["M1", "M1"],
            "territory_id": ["T01", "T02"],
            "hire_date": pd.to_datetime(["2023-03-01", "2024-06-01"]),
            "segment": ["Mid-Market", "Mid-Market"],
        }
    )
    quotas = pd.DataFrame(
        {
            "rep_id": ["R01", "R01", "R02", "R02"],
            "quarter": ["2025Q1", "2025Q2", "2025Q1", "2025Q2"],
            "quota": [100_000.0] * 4,
        }
    )
    history = _history()
    return Team.build(
        reps=reps,
        quotas=quotas,
        opportunities=deals,
        accounts=_accounts(),
        activities=_activities(),
        calls=_calls(),
        opp_history=history,
        snapshots=_snapshots(deals, history),
        forecasts=_forecasts(),
        scenario="tiny",
    )


# Pipeline history: (opp_id, date, field, old, new), 2025 dates written "MM-DD".
_HISTORY = [
    (1, "01-22", "stage", "qualify", "discover"), (1, "02-12", "stage", "discover", "propose"),
    (1, "03-05", "stage", "propose", "negotiate"), (1, "03-07", "stage", "negotiate", "closed"),
    (2, "02-05", "stage", "qualify", "discover"), (2, "02-19", "stage", "discover", "propose"),
    (2, "03-14", "stage", "propose", "closed"),
    (3, "01-29", "stage", "qualify", "discover"), (3, "04-20", "stage", "discover", "closed"),
    (3, "03-12", "close_date", "03-14", "03-31"), (3, "03-26", "close_date", "03-31", "04-20"),
    (4, "02-10", "stage", "qualify", "closed"),
    (5, "02-26", "stage", "qualify", "discover"), (5, "03-05", "stage", "discover", "propose"),
    (5, "04-02", "stage", "propose", "negotiate"), (5, "04-21", "stage", "negotiate", "closed"),
    (5, "03-19", "close_date", "03-28", "04-21"),
    (6, "03-12", "stage", "qualify", "discover"), (6, "04-02", "stage", "discover", "propose"),
    (6, "03-26", "close_date", "03-31", "04-14"), (6, "04-16", "close_date", "04-14", "05-05"),
    (7, "01-22", "stage", "qualify", "discover"), (7, "02-05", "stage", "discover", "propose"),
    (7, "03-05", "stage", "propose", "negotiate"), (7, "03-17", "stage", "negotiate", "closed"),
    (8, "01-22", "stage", "qualify", "discover"), (8, "02-15", "stage", "discover", "closed"),
    (9, "04-23", "stage", "qualify", "discover"),
]
_CATEGORY = {"qualify": "pipeline", "discover": "pipeline", "propose": "best_case", "negotiate": "commit"}
_FORECASTS = [
    # rep, quarter, week, commit, best_case, pipeline
    ("R01", "2025Q1", 1, 0, 0, 0), ("R01", "2025Q1", 7, 0, 40_000, 180_000),
    ("R01", "2025Q2", 1, 60_000, 140_000, 190_000), ("R01", "2025Q2", 7, 60_000, 140_000, 80_000),
    ("R02", "2025Q1", 1, 0, 0, 0), ("R02", "2025Q1", 7, 0, 50_000, 50_000),
    ("R02", "2025Q2", 1, 0, 0, 90_000), ("R02", "2025Q2", 7, 0, 0, 90_000),
]


def _history() -> pd.DataFrame:
    history = pd.DataFrame(_HISTORY, columns=["opp_id", "date", "field", "old", "new"])
    history["date"] = pd.to_datetime("2025-" + history["date"])
    dates = history["field"] == "close_date"
    for col in ("old", "new"):  # close dates as ISO text ("2025-03-14"), like every value here
        history.loc[dates, col] = "2025-" + history.loc[dates, col]
    return history.sort_values(["date", "opp_id"], kind="stable").reset_index(drop=True)


def _value_on(history: pd.DataFrame, deals: pd.DataFrame, field: str, day) -> pd.Series:
    """Each deal's ``field`` at the start of ``day``: its last change before ``day``, else its first old value."""
    changes = history[history["field"] == field]
    latest = changes[changes["date"] < day].groupby("opp_id")["new"].last()
    first = changes.groupby("opp_id")["old"].first()
    current = deals.set_index("opp_id")[field]
    value = latest.combine_first(first).reindex(deals["opp_id"])
    if field == "close_date":
        value = pd.to_datetime(value)
    return value.combine_first(current.reindex(deals["opp_id"]))


def _snapshots(deals: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    weeks = []
    for day in pd.date_range("2025-01-06", "2025-06-30", freq="7D"):
        admitted = deals["outcome"].ne("disqualified")
        live = deals[admitted & (deals["created"] < day) & ~(deals["closed_on"] < day)]
        stage = _value_on(history, live, "stage", day)
        weeks.append(pd.DataFrame({
            "as_of": day,
            "opp_id": live["opp_id"].to_numpy(),
            "rep_id": live["rep_id"].to_numpy(),
            "stage": stage.to_numpy(),
            "amount": live["amount"].to_numpy(),
            "close_date": pd.to_datetime(_value_on(history, live, "close_date", day).to_numpy()),
            "forecast_category": stage.map(_CATEGORY).to_numpy(),
        }))
    return pd.concat(weeks, ignore_index=True)


def _forecasts() -> pd.DataFrame:
    forecasts = pd.DataFrame(_FORECASTS, columns=["rep_id", "quarter", "week", "commit", "best_case", "pipeline"])
    first_day = forecasts["quarter"].map({"2025Q1": pd.Timestamp("2025-01-06"), "2025Q2": pd.Timestamp("2025-04-07")})
    forecasts["as_of"] = first_day + pd.to_timedelta(7 * (forecasts["week"] - 1), unit="D")
    return forecasts
