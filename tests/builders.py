"""Small hand-made teams for tests: one row builder per table and one ``make_team()`` that assembles them.

A test writes only the rows it is about, with the values its answer depends on, and
works the answer out by hand in a comment::

    from builders import deal, make_team

    t = make_team([
        deal(1, "R01", "2025-01-06", 10_000, outcome="won", closed_on="2025-02-05"),
        deal(2, "R01", "2025-01-06", 20_000, outcome="lost", closed_on="2025-03-07"),
    ])

Every row builder returns a plain dict (``activities`` returns a list of them, one per
activity), so a test can copy a row and change one field: ``{**row, "amount": 5.0}``.
Dates are written as ISO text; ``make_team()`` turns them into timestamps through the data
contract (:meth:`sefkit.data.team.Team.build`).

The calendar is the library's default: 2025Q1 runs Monday 6 January to Sunday 6 April
2025, 2025Q2 from 7 April, 2025Q3 from 7 July, 2025Q4 from 6 October.

Why here and not in :mod:`sefkit.data.examples`: that module is public and holds *one*
documented team that docstrings compute on by hand; these builders are a test tool whose
defaults (a score of 12, a 30 June close date, quotas of 100,000) only make sense next to
the test that relies on them, and trainees never need them.
"""

from __future__ import annotations

import pandas as pd

from sefkit.data import periods
from sefkit.data.team import QUALIFICATION_FIELDS, SCHEMA, Team

Q1, Q2, Q3 = "2025Q1", "2025Q2", "2025Q3"
START = pd.Timestamp("2025-01-06")  # Team's default calendar start (a Monday)
#: Close date given to an open deal that does not name one (the last day of June, in 2025Q2).
OPEN_CLOSE_DATE = "2025-06-30"


def fields_for(score: int) -> list[int]:
    """Eight MEDDPICC fields (0-3 each) adding up to ``score``, the highest first.

    >>> fields_for(12)
    [3, 3, 3, 3, 0, 0, 0, 0]
    >>> fields_for(8)
    [3, 3, 2, 0, 0, 0, 0, 0]
    """
    return [min(3, max(0, score - 3 * i)) for i in range(len(QUALIFICATION_FIELDS))]


def deal(
    opp_id: int,
    rep: str,
    created: str,
    amount: float = 1_000.0,
    *,
    outcome: str | None = None,
    closed_on: str | None = None,
    close_date: str | None = None,
    stage: str | None = None,
    score: int = 12,
    source: str = "outbound",
    account: str | None = None,
    loss_reason: str | None = None,
) -> dict:
    """One ``opportunities`` row.

    A deal with an ``outcome`` is closed on ``closed_on`` (its stage is ``"closed"``
    and its close date ``closed_on`` unless given); a deal without one is open, in
    ``stage`` (default ``"qualify"``) with close date ``close_date`` (default
    :data:`OPEN_CLOSE_DATE`). ``score`` is the qualification score, spread over the
    eight fields by :func:`fields_for`; ``account`` defaults to ``"A0001"`` for deal 1.
    """
    if outcome is not None and closed_on is None:
        raise ValueError(f"deal {opp_id} has outcome {outcome!r} but no closed_on date")
    row = {
        "opp_id": opp_id, "rep_id": rep, "account_id": account or f"A{opp_id:04d}", "source": source,
        "created": created, "amount": float(amount),
        "stage": stage or ("closed" if outcome else "qualify"),
        "close_date": close_date or closed_on or OPEN_CLOSE_DATE,
        "qualification_score": score, "closed_on": closed_on, "outcome": outcome, "loss_reason": loss_reason,
    }
    row.update(zip(QUALIFICATION_FIELDS, fields_for(score), strict=True))
    return row


def rep_row(rep_id: str, *, territory: str | None = None, manager: str = "M1", hire_date: str = "2024-01-01",
            segment: str = "SMB", name: str | None = None) -> dict:
    """One ``reps`` row; the name and the territory default to the id."""
    return {"rep_id": rep_id, "name": name or rep_id, "manager_id": manager, "territory_id": territory or rep_id,
            "hire_date": hire_date, "segment": segment}


def account(account_id: str, territory: str, tier: str = "B", icp_fit: float = 0.5, potential: float = 100_000.0,
            *, industry: str = "Retail", employees: int = 100, is_customer: bool = False) -> dict:
    """One ``accounts`` row."""
    return {"account_id": account_id, "territory_id": territory, "industry": industry, "employees": employees,
            "icp_fit": float(icp_fit), "tier": tier, "potential_acv": float(potential), "is_customer": is_customer}


def activities(rep: str, week: str, n: int = 1, *, outcome: str = "no_answer", account: str = "A0001",
               kind: str = "call") -> list[dict]:
    """``n`` identical ``activities`` rows (the week's Monday, the furthest step each reached)."""
    return [{"rep_id": rep, "week": week, "account_id": account, "type": kind, "outcome": outcome}] * n


def call(opp_id: int, rep: str, date: str, outcome: str = "continuation", *, planned: bool = False,
         economic_buyer: bool = False) -> dict:
    """One ``calls`` row; ``make_team()`` numbers the calls 1, 2, ... in the order given."""
    return {"opp_id": opp_id, "rep_id": rep, "date": date, "planned": planned, "outcome": outcome,
            "economic_buyer_present": economic_buyer}


def snap(as_of: str, opp_id: int, rep: str, stage: str, amount: float, close_date: str,
         category: str = "pipeline") -> dict:
    """One ``snapshots`` row: deal ``opp_id`` as it stood on Monday ``as_of``."""
    return {"as_of": as_of, "opp_id": opp_id, "rep_id": rep, "stage": stage, "amount": float(amount),
            "close_date": close_date, "forecast_category": category}


def weekly(start: str, end: str, *rows: tuple) -> list[dict]:
    """Snapshot rows for every Monday from ``start`` to ``end`` (inclusive), one per (opp, rep, stage, amount, close)."""
    return [snap(d, *row) for d in pd.date_range(start, end, freq="7D") for row in rows]


def change(opp_id: int, date: str, field: str, old, new) -> dict:
    """One ``opp_history`` row: ``field`` of deal ``opp_id`` went from ``old`` to ``new`` on ``date``."""
    return {"opp_id": opp_id, "date": date, "field": field, "old": old, "new": new}


def forecast_call(rep: str, quarter: str, week: int, commit: float, best_case: float = 0.0,
             pipeline: float = 0.0) -> dict:
    """One ``forecasts`` row: the rep's call in ``week`` (1-13) of ``quarter``, dated that week's Monday."""
    first_day = periods.quarter_bounds(START, quarter)[0]
    return {"rep_id": rep, "quarter": quarter, "week": week, "as_of": first_day + pd.Timedelta(weeks=week - 1),
            "commit": float(commit), "best_case": float(best_case), "pipeline": float(pipeline)}


def coaching(rep: str, week: str, component: str, minutes: float) -> dict:
    """One ``coaching`` row: ``minutes`` of the manager's time on ``component`` in ``week``."""
    return {"rep_id": rep, "week": week, "component": component, "minutes": float(minutes)}


def make_team(
    deals=(),
    *,
    reps=("R01", "R02"),
    quarters=(Q1, Q2),
    quota: float = 100_000.0,
    quotas=None,
    **tables,
) -> Team:
    """A :class:`~sefkit.data.team.Team` from rows made by the builders above.

    ``deals`` are the opportunities. ``reps`` are rep ids, or :func:`rep_row` rows when the
    test needs the ``reps`` table (territories, managers). Quotas are ``quota`` for every
    rep and quarter in ``quarters`` unless ``quotas`` gives (rep, quarter, quota) rows.
    Any other table of the contract is a keyword taking a list of rows
    (``calls=[call(...)]``); tables not given are empty. Other keywords of
    :meth:`~sefkit.data.team.Team.build` (``truth``, ``scenario``, ...) pass through.

    >>> t = make_team([deal(1, "R01", "2025-01-06", outcome="won", closed_on="2025-02-05"), deal(2, "R02", "2025-02-03")],
    ...               calls=[call(1, "R01", "2025-01-13", "advance")])
    >>> t.quarters, t.quotas["quota"].tolist()
    (['2025Q1', '2025Q2'], [100000.0, 100000.0, 100000.0, 100000.0])
    >>> t.opportunities[["stage", "outcome", "qualification_score"]].values.tolist()
    [['closed', 'won', 12], ['qualify', None, 12]]
    >>> t.opportunities["close_date"].dt.strftime("%m-%d").tolist(), t.calls["call_id"].tolist()
    (['02-05', '06-30'], [1])
    """
    reps = list(reps)
    if reps and isinstance(reps[0], dict):
        tables["reps"] = reps
        reps = [r["rep_id"] for r in reps]
    if quotas is None:
        quotas = [(r, q, quota) for r in reps for q in quarters]
    built = {"quotas": pd.DataFrame(list(quotas), columns=["rep_id", "quarter", "quota"])}
    tables["opportunities"] = deals
    for name, rows in tables.items():
        if name not in SCHEMA:
            built[name] = rows
            continue
        rows = list(rows)
        if not rows:
            continue  # Team.build gives an empty table with the contract's columns
        df = pd.DataFrame(rows)
        if name == "calls" and "call_id" not in df:
            df.insert(0, "call_id", range(1, len(df) + 1))
        built[name] = df
    return Team.build(**built)
