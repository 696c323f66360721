"""A tiny hand-built team whose numbers can be checked with pencil and paper.

Docstring examples across sefkit use it, so every example's answer can be worked
out by hand from the table below.

Two reps, two quarters (2025Q1 starts Monday 6 January 2025, 2025Q2 starts
Monday 7 April 2025), quota 100,000 per rep per quarter.

=======  =====  ==========  ==========  ===========  ======  ==============
opp_id   rep    created     closed_on   outcome      amount  note
=======  =====  ==========  ==========  ===========  ======  ==============
1        R01    2025-01-06  2025-03-07  won          40,000  60-day cycle
2        R01    2025-01-13  2025-03-14  lost         30,000  60 days
3        R01    2025-01-20  2025-04-20  no_decision  50,000  90 days
4        R01    2025-02-03  2025-02-10  disqualified 20,000  never in pipeline
5        R01    2025-02-10  2025-04-21  won          60,000  closes in Q2
6        R01    2025-03-03  (open)      (open)       80,000  close date 2025-05-05
7        R02    2025-01-06  2025-03-17  won          50,000  70 days
8        R02    2025-01-06  2025-02-15  lost         10,000  40 days
9        R02    2025-03-10  (open)      (open)       90,000  close date 2025-06-02
=======  =====  ==========  ==========  ===========  ======  ==============

So in 2025Q1, R01 closed one won, one lost deal (the no-decision deal closed in
Q2); R02 closed one won and one lost.

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


def tiny_team() -> Team:
    """The hand-built two-rep team described in this module's docstring."""
    deals = pd.DataFrame(
        _DEALS,
        columns=["opp_id", "rep_id", "created", "closed_on", "outcome", "amount", "close_date", "stage"],
    )
    deals["loss_reason"] = deals.outcome.map(
        {"lost": "competitor", "no_decision": "status_quo", "disqualified": "poor_fit"}
    )
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
    return Team.build(reps=reps, quotas=quotas, opportunities=deals, scenario="tiny")
