"""Scenario files: listing, documentation, merging overrides and checking values."""

from __future__ import annotations

import json
from importlib import resources

import pytest

import sefkit
from sefkit import scenario

SHIPPED = ["northwind", "prospecting_only", "zombie_pipeline", "happy_ears", "marketing_surge", "product_gap",
           "enterprise"]


def _base() -> dict:
    return json.loads(resources.files("sefkit.engine").joinpath("scenarios", "base.json").read_text("utf-8"))


def test_scenarios_lists_every_shipped_scenario_with_a_one_line_description():
    df = sefkit.scenarios()
    assert df.columns.tolist() == ["name", "description"]
    assert df["name"].tolist() == SHIPPED
    assert df["description"].str.len().between(20, 160).all()
    assert not df["description"].str.contains("\n").any()


def test_every_parameter_is_documented_with_a_valid_default():
    base = _base()
    leaves = dict(scenario._leaves(base["parameters"]))
    assert set(leaves) == set(base["documentation"])
    for path, rule in base["documentation"].items():
        assert len(rule["doc"]) > 15, path
        value = leaves[path]
        if isinstance(value, int | float) and not isinstance(value, bool):
            assert rule.get("min", value) <= value <= rule.get("max", value), path
    docs = scenario.documentation()
    assert len(docs) == len(leaves) and docs["meaning"].str.len().gt(0).all()


def test_named_scenarios_only_override_known_parameters():
    for name in SHIPPED:
        params = scenario.resolve(name)  # raises on anything unknown or out of range
        assert params["n_reps"] >= 1
    assert scenario.resolve("enterprise")["n_reps"] == 1000
    assert scenario.resolve("northwind")["n_reps"] == 10 and scenario.resolve("northwind")["quarters"] == 8


def test_nested_overrides_merge_into_the_defaults_without_touching_them():
    p = scenario.resolve("zombie_pipeline", skills={"mean": {"calls": 0.7}})
    assert p["skills"]["mean"]["calls"] == 0.7
    assert p["skills"]["mean"]["hygiene"] == 0.2  # from the scenario
    assert p["skills"]["mean"]["qualification"] == 0.5  # from base
    assert scenario.resolve("zombie_pipeline")["skills"]["mean"]["calls"] == 0.5


@pytest.mark.parametrize(
    "overrides, words",
    [
        ({"n_reps": 0}, ["'n_reps' is 0", "at least 1"]),
        ({"quarters": "8"}, ["'quarters'", "whole number"]),
        ({"n_reps": True}, ["'n_reps'", "whole number"]),
        ({"hours": 5}, ["'hours'", "dict", "prospecting"]),
        ({"hours": {"prospecting": -1}}, ["hours.prospecting", "at least 0"]),
        ({"decision": {"competition_share": 1.5}}, ["competition_share", "at most 1"]),
        ({"segment": "Giant"}, ["Giant", "Mid-Market"]),
        ({"start": "2025-01-07"}, ["start", "Monday"]),
        ({"skills": {"reps": {"R77": {"calls": 0.2}}}}, ["R77", "R01"]),
        ({"skills": {"reps": {"R01": {"charm": 0.2}}}}, ["charm", "forecasting"]),
        ({"skills": {"reps": {"R01": {"calls": 2}}}}, ["skills.reps.R01.calls", "at most 1"]),
        ({"stop_prospecting": {"rep": "R01"}}, ["stop_prospecting", "quarter"]),
        ({"stop_prospecting": {"rep": "R01", "quarter": 99}}, ["99", "2025Q1"]),
        ({"prospecting": {"lag_min_weeks": 4, "lag_max_weeks": 2}}, ["lag_max_weeks"]),
        ({"changes": [{"quarter": 2, "set": {"n_reps": 4}}]}, ["n_reps", "cannot change", "marketing"]),
        ({"changes": [{"quarter": 2, "set": {"marketing": {"fit": 3.0}}}]}, ["marketing.fit", "at most 1"]),
        ({"changes": [{"quarter": 2}]}, ["changes[0]"]),
        ({"changes": {"quarter": 2}}, ["changes", "list"]),
    ],
)
def test_bad_parameters_are_named_with_what_is_valid(overrides, words):
    with pytest.raises(ValueError) as err:
        scenario.resolve("northwind", **overrides)
    for word in words:
        assert word in str(err.value)


def test_numpy_numbers_are_accepted_and_nan_is_not():
    import numpy as np

    p = scenario.resolve("northwind", n_reps=np.int64(3), hours={"deal": np.float64(18)}, quarters=np.int32(2))
    assert p["n_reps"] == 3 and type(p["n_reps"]) is int and type(p["hours"]["deal"]) is float
    with pytest.raises(ValueError, match="finite number"):
        scenario.resolve("northwind", hours={"deal": float("nan")})
    team = sefkit.simulate(seed=np.int64(2), n_reps=np.int64(2), quarters=1, detail="core")
    assert team.seed == 2 and type(team.seed) is int


def test_changes_apply_from_their_quarter_on():
    p = scenario.resolve("marketing_surge", quarters=5)
    by_q = scenario.params_by_quarter(p)
    assert [q["marketing"]["fit"] for q in by_q] == [0.5, 0.5, 0.2, 0.2, 0.2]
    assert by_q[0] is by_q[1]  # quarters without a change share one dict
    plain = scenario.params_by_quarter(scenario.resolve("northwind", quarters=3))
    assert plain[0] is plain[2]


def test_quarters_can_be_named_by_number_or_label():
    p = scenario.resolve("northwind")
    assert scenario.quarter_number(3, p, "q") == 2
    assert scenario.quarter_number("2026Q1", p, "q") == 4
    with pytest.raises(ValueError, match="1-8"):
        scenario.quarter_number(0, p, "q")


def test_rep_bar_names_known_reps_and_shares_from_0_to_1():
    from sefkit.engine.scenario import resolve

    assert resolve("northwind", qualification={"rep_bar": {"R02": 0.3}})["qualification"]["rep_bar"] == {"R02": 0.3}
    with pytest.raises(ValueError, match="unknown rep 'R99'"):
        resolve("northwind", qualification={"rep_bar": {"R99": 0.3}})
    with pytest.raises(ValueError, match="at most 1"):
        resolve("northwind", qualification={"rep_bar": {"R02": 1.5}})
    with pytest.raises(ValueError, match="must be a dict"):
        resolve("northwind", qualification={"rep_bar": 0.3})
