"""The run's calendar (sefkit/engine/timeline.py): weeks, quarters, dates and the parameters of each week."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sefkit.data import periods
from sefkit.engine.scenario import resolve
from sefkit.engine.timeline import WEEKS, Timeline


def test_weeks_run_from_the_warm_up_to_the_last_reported_week():
    t = Timeline(resolve("northwind", quarters=3, warmup_weeks=5))
    assert t.n_quarters == 3 and t.n_weeks == 3 * WEEKS == 39
    assert list(t.weeks) == list(range(-5, 39))
    assert t.labels == periods.quarter_labels(pd.Timestamp(t.params["start"]), 3)


def test_warm_up_weeks_belong_to_the_first_quarter_and_quarters_change_every_13_weeks():
    t = Timeline(resolve("northwind", quarters=3, warmup_weeks=5))
    assert [t.quarter_of_week(w) for w in (-5, -1, 0, 12, 13, 25, 26, 38)] == [0, 0, 0, 0, 1, 1, 2, 2]


def test_each_week_gets_the_parameters_of_its_quarter():
    t = Timeline(resolve("marketing_surge", quarters=5, warmup_weeks=4))
    fits = [t.p(w)["marketing"]["fit"] for w in (-4, 0, 25, 26, 64)]
    assert fits == [0.5, 0.5, 0.5, 0.2, 0.2]  # the surge starts in the third quarter (week 26)
    assert t.p(-1) is t.by_quarter[0] and t.p(30) is t.by_quarter[2]


def test_day_numbers_become_dates_from_the_start_monday():
    t = Timeline(resolve("northwind", quarters=1, start="2025-07-07"))
    dates = t.dates(np.array([-7, 0, 1, 7 * WEEKS]))
    assert dates.dtype == np.dtype("datetime64[D]")
    assert pd.to_datetime(dates).strftime("%Y-%m-%d").tolist() == ["2025-06-30", "2025-07-07", "2025-07-08", "2025-10-06"]
