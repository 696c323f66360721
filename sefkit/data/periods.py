"""The course calendar: weeks and 13-week fiscal quarters.

The simulation runs in whole weeks that start on a Monday. A fiscal quarter is a
block of 13 weeks (91 days) counted from the simulation's start date, so every
quarter has the same length and quarter boundaries always fall on a Monday. A
quarter is labelled like ``"2025Q1"``: the fiscal year of its first day and its
number within that year (four quarters of 13 weeks make a 364-day fiscal year).

These functions are the single place where dates become quarter labels; the
engine, the analytics and the lessons all use them.

>>> quarter_labels("2025-01-06", 3)
['2025Q1', '2025Q2', '2025Q3']
>>> quarter_bounds("2025-01-06", "2025Q2")
(Timestamp('2025-04-07 00:00:00'), Timestamp('2025-07-07 00:00:00'))
"""

from __future__ import annotations

import numpy as np
import pandas as pd

WEEKS_PER_QUARTER = 13
DAYS_PER_QUARTER = 7 * WEEKS_PER_QUARTER


def _start(start) -> pd.Timestamp:
    ts = pd.Timestamp(start).normalize()
    if ts.dayofweek != 0:
        raise ValueError(f"the calendar start {ts.date()} must be a Monday")
    return ts


def _label(start: pd.Timestamp, index: int) -> str:
    year = start.year + index // 4
    return f"{year}Q{index % 4 + 1}"


def quarter_labels(start, n_quarters: int) -> list[str]:
    """Labels of the first ``n_quarters`` fiscal quarters from ``start``.

    >>> quarter_labels("2025-01-06", 5)[-1]
    '2026Q1'
    """
    s = _start(start)
    return [_label(s, i) for i in range(n_quarters)]


def quarter_index(start, label: str) -> int:
    """Zero-based position of a quarter label (``"2025Q1"`` is 0).

    >>> quarter_index("2025-01-06", "2026Q2")
    5
    """
    s = _start(start)
    try:
        year, q = str(label).split("Q")
        index = (int(year) - s.year) * 4 + int(q) - 1
    except ValueError:
        raise ValueError(f"{label!r} is not a quarter label like '{_label(s, 0)}'") from None
    if index < 0 or not 1 <= int(q) <= 4:
        raise ValueError(f"{label!r} is not a quarter of a calendar starting {s.date()}")
    return index


def quarter_bounds(start, label: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First day of the quarter and first day of the next one (half-open).

    >>> quarter_bounds("2025-01-06", "2025Q1")[0]
    Timestamp('2025-01-06 00:00:00')
    """
    s = _start(start)
    first = s + pd.Timedelta(days=DAYS_PER_QUARTER * quarter_index(s, label))
    return first, first + pd.Timedelta(days=DAYS_PER_QUARTER)


def quarter_of(start, dates) -> pd.Series:
    """Quarter label of each date (missing dates and dates before the start give NA).

    >>> quarter_of("2025-01-06", pd.Series(pd.to_datetime(["2025-01-06", "2025-04-07", None]))).tolist()
    ['2025Q1', '2025Q2', nan]
    """
    s = _start(start)
    d = pd.Series(pd.to_datetime(dates))
    days = (d - s).dt.days
    idx = np.floor_divide(days.to_numpy(dtype="float64"), DAYS_PER_QUARTER)
    valid = np.isfinite(idx) & (idx >= 0)
    positions = idx[valid].astype(np.int64)
    n = int(positions.max()) + 1 if positions.size else 0
    labels = np.array([_label(s, i) for i in range(n)], dtype=object)
    out = np.full(len(idx), np.nan, dtype=object)
    out[valid] = labels[positions]
    return pd.Series(out, index=d.index, dtype="object")


def week_of_quarter(start, dates) -> pd.Series:
    """Week number within its quarter, 1 to 13, of each date.

    >>> week_of_quarter("2025-01-06", pd.Series(pd.to_datetime(["2025-01-06", "2025-04-06"]))).tolist()
    [1, 13]
    """
    s = _start(start)
    d = pd.Series(pd.to_datetime(dates))
    days = (d - s).dt.days
    return (days % DAYS_PER_QUARTER) // 7 + 1
