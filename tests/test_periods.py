"""The 13-week fiscal calendar."""

import pandas as pd
import pytest

from sefkit import periods

START = "2025-01-06"


def test_quarters_are_13_weeks_and_start_on_mondays():
    for label in periods.quarter_labels(START, 8):
        first, after = periods.quarter_bounds(START, label)
        assert (after - first).days == 91
        assert first.dayofweek == 0


def test_labels_roll_over_the_fiscal_year():
    assert periods.quarter_labels(START, 6)[3:] == ["2025Q4", "2026Q1", "2026Q2"]
    assert periods.quarter_index(START, "2026Q1") == 4


def test_quarter_of_agrees_with_bounds_at_the_edges():
    first, after = periods.quarter_bounds(START, "2025Q3")
    days = pd.Series([first - pd.Timedelta(days=1), first, after - pd.Timedelta(days=1), after])
    assert periods.quarter_of(START, days).tolist() == ["2025Q2", "2025Q3", "2025Q3", "2025Q4"]
    assert periods.week_of_quarter(START, days).tolist() == [13, 1, 13, 1]


def test_bad_labels_and_starts_are_explained():
    with pytest.raises(ValueError, match="not a quarter label"):
        periods.quarter_index(START, "Q3-2025")
    with pytest.raises(ValueError, match="must be a Monday"):
        periods.quarter_labels("2025-01-07", 2)
    with pytest.raises(ValueError, match="not a quarter of a calendar"):
        periods.quarter_index(START, "2024Q4")
