"""sefkit.whole_job.comparison: each scenario measure is its component's own function."""

import pandas as pd
import pytest

from sefkit import comparison, deals, forecast, pipeline, plots
from sefkit.data.examples import tiny_team


def values(team, metric) -> pd.Series:
    table = comparison.compare_scenarios({"t": team}, metric)
    return pd.Series(table["value"].to_numpy(), index=table["quarter"].to_numpy())


def test_each_measure_is_the_component_function(northwind):
    coverage = pipeline.team_coverage(northwind).set_index("quarter")["coverage"]
    pd.testing.assert_series_equal(values(northwind, "coverage").reindex(coverage.index), coverage,
                                   check_names=False, check_index_type=False)
    zombies = pipeline.zombie_share(northwind, by="quarter").set_index("quarter")["zombie_share"]
    pd.testing.assert_series_equal(values(northwind, "zombie_share").reindex(zombies.index), zombies,
                                   check_names=False, check_index_type=False)
    bias = forecast.forecast_accuracy(northwind, by="quarter").set_index("quarter")["bias"]
    pd.testing.assert_series_equal(values(northwind, "forecast_bias").reindex(bias.index), bias,
                                   check_names=False, check_index_type=False)
    won = values(northwind, "won_amount")
    assert won.to_dict() == {q: deals.won_amount(northwind, quarter=q) for q in northwind.quarters}


def test_quarters_the_measure_cannot_see_are_missing():
    team = tiny_team()
    assert values(team, "forecast_bias").tolist() == [-1.0, 0.0]  # week-7 commit: R01 and R02 in Q1, R01 in Q2
    assert values(team, "coverage").tolist() == pytest.approx([0.0, 1.4])
    shares = values(team, "zombie_share")
    assert list(shares.index) == team.quarters and shares.isna().tolist() == [True, False]  # no Q1 pipeline


def test_the_pictures_draw_the_same_table():
    assert plots.compare_scenarios is comparison.compare_scenarios
    assert plots.SCENARIO_METRICS is comparison.SCENARIO_METRICS
    with pytest.raises(ValueError, match="unknown metric 'happiness'; valid metrics: won_amount, win_rate"):
        comparison.compare_scenarios({"t": tiny_team()}, "happiness")
