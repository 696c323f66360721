"""The data contract: Team construction, validation and the shared checks."""

import pandas as pd
import pytest

from sefkit.data.examples import tiny_team
from sefkit.data.team import (
    COMPONENTS,
    SCHEMA,
    Team,
    check_component,
    conform,
    empty_table,
    validate,
)


def test_empty_tables_follow_the_schema():
    for name, cols in SCHEMA.items():
        df = empty_table(name)
        assert list(df.columns) == list(cols)
        assert {c: str(t) for c, t in df.dtypes.items()} == cols


def test_built_team_is_valid_and_fills_missing_tables():
    team = tiny_team()
    validate(team)
    assert team.coaching.empty and list(team.coaching.columns) == list(SCHEMA["coaching"])


def test_validate_names_the_broken_column():
    team = tiny_team()
    broken = Team(**{**team.__dict__, "quotas": team.quotas.drop(columns="quota")})
    with pytest.raises(ValueError, match=r"quotas\.quota is missing"):
        validate(broken)


def test_conform_requires_contract_columns_and_orders_them():
    with pytest.raises(ValueError, match=r"missing columns \['quota'\]"):
        conform(pd.DataFrame({"rep_id": ["R01"], "quarter": ["2025Q1"]}), "quotas")


def test_unknown_table_is_refused():
    with pytest.raises(ValueError, match="unknown table 'deals'; valid tables: reps"):
        Team.build(deals=pd.DataFrame())


def test_checks_list_valid_choices():
    team = tiny_team()
    assert team.check_rep("R01") == "R01"
    with pytest.raises(ValueError, match="valid reps: R01, R02"):
        team.check_rep("r01")
    with pytest.raises(ValueError, match="valid quarters: 2025Q1, 2025Q2"):
        team.check_quarter("2025Q3")
    with pytest.raises(ValueError, match="valid components: " + ", ".join(COMPONENTS)):
        check_component("closing")


def test_quarters_are_in_calendar_order_not_text_order():
    quotas = pd.DataFrame({"rep_id": "R01", "quarter": ["2026Q1", "2025Q4", "2025Q3"], "quota": 1.0})
    assert Team.build(quotas=quotas, start="2025-07-07").quarters == ["2025Q3", "2025Q4", "2026Q1"]
