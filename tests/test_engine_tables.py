"""A finished run as the data contract's tables (sefkit/engine/tables.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sefkit
from sefkit.engine.scenario import resolve
from sefkit.engine.tables import quota_amounts
from sefkit.engine.timeline import Timeline


@pytest.fixture(scope="module")
def full():
    return sefkit.simulate("northwind", seed=4, detail="full", n_reps=3, quarters=2)


def test_quotas_grow_each_quarter_and_are_rounded_to_hundreds():
    tl = Timeline(resolve("northwind", quarters=3, quota={"per_rep": 100_000.0, "growth_per_quarter": 0.1234}))
    assert quota_amounts(tl).tolist() == [100_000.0, 112_300.0, 126_200.0]  # x 1.1234, x 1.1234^2, to the 100


def test_the_quota_table_has_one_row_per_rep_and_quarter(full):
    q = full.quotas
    assert len(q) == 3 * 2 and q.groupby("quarter")["rep_id"].apply(list).tolist() == [["R01", "R02", "R03"]] * 2
    assert q["quota"].tolist() == np.repeat(quota_amounts(Timeline(full.params)), 3).tolist()


def test_warm_up_deals_are_kept_only_when_still_open_at_the_start(full):
    o = full.opportunities
    warm = o[o["created"] < full.start]
    assert len(warm) > 0  # the warm-up fills the pipeline
    assert (warm["closed_on"].isna() | (warm["closed_on"] >= full.start)).all()
    assert o["opp_id"].is_unique and o["opp_id"].is_monotonic_increasing


def test_open_deals_have_no_outcome_and_closed_ones_a_stage_of_closed(full):
    o = full.opportunities
    is_open = o["closed_on"].isna()
    assert o.loc[is_open, "outcome"].isna().all() and o.loc[~is_open, "outcome"].notna().all()
    assert (o.loc[~is_open, "stage"] == "closed").all() and (o.loc[is_open, "stage"] != "closed").all()
    lost_ways = o["outcome"].isin(["lost", "no_decision", "disqualified"])
    assert o.loc[lost_ways, "loss_reason"].notna().all() and o.loc[~lost_ways, "loss_reason"].isna().all()


def test_weekly_tables_cover_the_reported_weeks_only(full):
    end = full.start + pd.Timedelta(weeks=26)
    for name, col in (("activities", "week"), ("snapshots", "as_of"), ("forecasts", "as_of"), ("calls", "date")):
        dates = getattr(full, name)[col]
        assert len(dates) > 0, name
        assert dates.min() >= full.start and dates.max() < end, name
    f = full.forecasts
    assert len(f) == 3 * 26 and f["week"].between(1, 13).all()


def test_core_detail_leaves_the_large_tables_empty_with_the_contracts_columns():
    core = sefkit.simulate("northwind", seed=4, detail="core", n_reps=3, quarters=2)
    for name in ("activities", "opp_history", "snapshots", "calls"):
        table = getattr(core, name)
        assert table.empty and table.columns.tolist() == list(sefkit.data.team.SCHEMA[name]), name
    core.activities.loc[0] = None  # a team's empty table is its own copy, not a shared template
    assert sefkit.simulate("northwind", seed=5, detail="core", n_reps=3, quarters=1).activities.empty
