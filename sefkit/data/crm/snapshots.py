"""Weekly pipeline snapshots rebuilt from an opportunity history export.

A CRM keeps each deal's current stage, amount and close date; its field history
(Salesforce's "Opportunity Field History", HubSpot's property history) keeps
every change with its date. Replaying the changes gives what the CRM showed on
any past day, which is what the course's pipeline measures need (coverage as of
a quarter's first day, velocity, zombies, slippage) without look-ahead.

The rule is the simulation's own: the snapshot of a Monday shows every deal
whose history has started before that day and whose stage is not closed, with
the last stage, amount and close date recorded *before* the Monday (a change
made on the Monday itself comes after it).

>>> import pandas as pd
>>> history = pd.DataFrame({"opp_id": [1, 1, 1, 1], "field": ["stage", "amount", "close_date", "stage"],
...     "date": pd.to_datetime(["2025-01-02", "2025-01-02", "2025-01-02", "2025-01-14"]),
...     "old": [None, None, None, "qualify"], "new": ["qualify", "500", "2025-03-01", "closed"]})
>>> snaps = rebuild(history, pd.DataFrame({"opp_id": [1], "rep_id": ["R01"]}), "2025-01-06", "2025-01-20")
>>> snaps[["as_of", "stage", "amount"]].astype(str).values.tolist()
[['2025-01-06', 'qualify', '500.0'], ['2025-01-13', 'qualify', '500.0']]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..team import CLOSED_STAGE, conform

#: The history fields a snapshot is made of.
FIELDS = ("stage", "amount", "close_date")


def mondays(start, as_of) -> pd.DatetimeIndex:
    """Every Monday from ``start`` (a Monday) up to ``as_of``."""
    return pd.date_range(pd.Timestamp(start), pd.Timestamp(as_of), freq="7D")


def rebuild(history: pd.DataFrame, opportunities: pd.DataFrame, start, as_of) -> pd.DataFrame:
    """The snapshots table (as_of, opp_id, rep_id, stage, amount, close_date, forecast_category).

    Args:
        history: the opp_history table (opp_id, date, field, old, new), with stage,
            amount and close-date changes; a deal's first value of each field is its
            first change's ``new`` (or ``old`` when the first change has one).
        opportunities: opp_id and rep_id of every deal (the owner is the current one).
        start, as_of: the first Monday and the export's date.

    The forecast category is not in a field history the course reads: it is left
    missing.
    """
    weeks = mondays(start, as_of)
    hist = history[history["field"].isin(FIELDS)]
    hist = hist.sort_values(["opp_id", "date"], kind="stable")
    if hist.empty or len(weeks) == 0:
        return conform(pd.DataFrame({c: [] for c in
                                     ("as_of", "opp_id", "rep_id", "stage", "amount", "close_date",
                                      "forecast_category")}), "snapshots")
    stage = hist[hist["field"] == "stage"]
    first = stage.groupby("opp_id", sort=False)["date"].min()
    closes = stage[stage["new"].astype(object) == CLOSED_STAGE].groupby("opp_id", sort=False)["date"].min()
    begin = first.index.to_numpy()
    opened = first.to_numpy()
    closed = closes.reindex(first.index).to_numpy()
    # the Mondays a deal may be open on: after its first stage, up to its close
    w = weeks.to_numpy()
    lo = np.searchsorted(w, opened, side="right")
    hi = np.where(pd.isna(closed), len(w), np.searchsorted(w, closed, side="right"))
    hi = np.minimum(hi, len(w))
    n = np.maximum(hi - lo, 0)
    opp = np.repeat(begin, n)
    offsets = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    day = w[np.repeat(lo, n) + offsets]
    grid = pd.DataFrame({"as_of": day, "opp_id": opp})
    for name in FIELDS:
        grid[name] = _value_before(grid, hist[hist["field"] == name])
    grid = grid[grid["stage"].astype(object) != CLOSED_STAGE]
    grid = grid.dropna(subset=["stage"])
    grid["amount"] = pd.to_numeric(grid["amount"], errors="coerce")
    grid["close_date"] = pd.to_datetime(grid["close_date"], errors="coerce")
    owners = opportunities.set_index("opp_id")["rep_id"]
    grid["rep_id"] = grid["opp_id"].map(owners)
    grid["forecast_category"] = pd.Series(pd.NA, index=grid.index, dtype=object)
    grid = grid.sort_values(["as_of", "opp_id"], kind="stable")
    out = grid[["as_of", "opp_id", "rep_id", "stage", "amount", "close_date", "forecast_category"]]
    return conform(out, "snapshots")


def _value_before(grid: pd.DataFrame, changes: pd.DataFrame) -> np.ndarray:
    """Each grid row's value of one field: the last change strictly before its day (else NA)."""
    if changes.empty:
        return np.full(len(grid), None, dtype=object)
    changes = changes.assign(when=changes["date"] + pd.Timedelta(days=1))
    left = grid[["as_of", "opp_id"]].reset_index().sort_values("as_of", kind="stable")
    right = changes[["when", "opp_id", "new"]].sort_values("when", kind="stable")
    right = right.assign(opp_id=right["opp_id"].astype(left["opp_id"].dtype))
    merged = pd.merge_asof(left, right, left_on="as_of", right_on="when", by="opp_id", direction="backward")
    values = pd.Series(merged["new"].astype(object).to_numpy(), index=merged["index"].to_numpy())
    return values.reindex(grid.index).to_numpy()
