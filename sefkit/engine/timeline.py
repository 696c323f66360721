"""Weeks, quarters and the parameters in force in each week.

Week 0 starts on the run's ``start`` Monday; weeks before 0 are the warm-up that
fills the pipeline before the first reported quarter (they use the first quarter's
parameters and are not reported, except the deals still open at the start).
Days are counted from ``start`` (day 0), so week ``w`` runs from day ``7 * w``.

>>> from sefkit.engine.scenario import resolve
>>> t = Timeline(resolve("northwind", quarters=2, warmup_weeks=4))
>>> t.n_weeks, t.first_week, t.quarter_of_week(-3), t.quarter_of_week(13)
(26, -4, 0, 1)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import periods
from .scenario import params_by_quarter

WEEKS = periods.WEEKS_PER_QUARTER


class Timeline:
    """The calendar of one run and its quarter-by-quarter parameters."""

    def __init__(self, params: dict):
        self.params = params
        self.start = pd.Timestamp(params["start"])
        self.n_quarters = params["quarters"]
        self.n_weeks = WEEKS * self.n_quarters
        self.first_week = -params["warmup_weeks"]
        self.labels = periods.quarter_labels(self.start, self.n_quarters)
        self.by_quarter = params_by_quarter(params)

    @property
    def weeks(self) -> range:
        """Every simulated week, warm-up included."""
        return range(self.first_week, self.n_weeks)

    def quarter_of_week(self, week: int) -> int:
        """Zero-based quarter of a week (warm-up weeks belong to the first quarter)."""
        return max(week, 0) // WEEKS

    def p(self, week: int) -> dict:
        """The parameters in force in ``week``."""
        return self.by_quarter[self.quarter_of_week(week)]

    def dates(self, days: np.ndarray) -> np.ndarray:
        """Day numbers as ``datetime64[ns]`` dates."""
        return np.datetime64(self.start.date(), "D") + np.asarray(days).astype("timedelta64[D]")
