"""The shared rep and quarter filters and their error messages."""

import pandas as pd
import pytest

from sefkit import selection
from sefkit.data.examples import tiny_team
from sefkit.data.team import Team


@pytest.fixture
def team():
    return tiny_team()


def test_rep_list_accepts_one_rep_or_several(team):
    assert selection.rep_list(team, None) is None
    assert selection.rep_list(team, "R01") == ["R01"]
    assert selection.rep_list(team, ("R02", "R01")) == ["R02", "R01"]


@pytest.mark.parametrize("bad", ["r01", "R03", ["R01", "R9"]])
def test_unknown_reps_are_named_with_the_valid_ones(team, bad):
    with pytest.raises(ValueError, match=r"unknown rep '(r01|R03|R9)'; valid reps: R01, R02"):
        selection.rep_list(team, bad)


def test_an_empty_rep_list_is_an_error_not_an_empty_answer(team):
    with pytest.raises(ValueError, match="the rep filter is empty; valid reps: R01, R02"):
        selection.by_rep(team, team.opportunities, [])


def test_by_rep_keeps_the_reps_rows_and_works_on_category_columns(team):
    assert selection.by_rep(team, team.opportunities, "R02")["opp_id"].tolist() == [7, 8, 9]
    assert selection.by_rep(team, team.opportunities, None) is team.opportunities
    acts = selection.by_rep(team, team.activities, ["R02"])
    assert len(acts) == 70 and set(acts["rep_id"]) == {"R02"}


def test_rep_ids_fall_back_to_quotas_without_a_reps_table():
    quotas = pd.DataFrame({"rep_id": ["B", "A", "B"], "quarter": ["2025Q1", "2025Q1", "2025Q2"], "quota": 1.0})
    team = Team.build(quotas=quotas)
    assert team.rep_ids == ["B", "A"]
    with pytest.raises(ValueError, match="valid reps: B, A"):
        selection.rep_list(team, "C")


def test_quarters_are_half_open(team):
    dates = pd.Series(pd.to_datetime(["2025-01-05", "2025-01-06", "2025-04-06", "2025-04-07", None]))
    # Q1 runs from Monday 6 January up to, not including, Monday 7 April
    assert selection.in_quarter(team, dates, "2025Q1").tolist() == [False, True, True, False, False]
    assert selection.in_quarter(team, dates, "2025Q2").tolist() == [False, False, False, True, False]


def test_by_quarter_filters_on_the_named_date_column(team):
    by_close = selection.by_quarter(team, team.opportunities, "2025Q1", "closed_on")
    assert by_close["opp_id"].tolist() == [1, 2, 4, 7, 8]  # open deals have no close date
    by_created = selection.by_quarter(team, team.opportunities, "2025Q1", "created")
    assert len(by_created) == 9
    assert selection.by_quarter(team, team.opportunities, None, "created") is team.opportunities


@pytest.mark.parametrize("bad", ["2025Q3", "2025-Q1", "Q1", "2024Q4"])
def test_unknown_quarters_are_named_with_the_valid_ones(team, bad):
    with pytest.raises(ValueError, match=f"unknown quarter '{bad}'; valid quarters: 2025Q1, 2025Q2"):
        selection.by_quarter(team, team.calls, bad, "date")


def test_describe_says_it_in_words():
    assert selection.describe() == "the whole team"
    assert selection.describe("R01") == "rep R01"
    assert selection.describe(["R01", "R02"], "2025Q2") == "reps R01, R02 in 2025Q2"


def test_filters_do_not_touch_the_table(team):
    before = team.opportunities.copy()
    selection.by_quarter(team, selection.by_rep(team, team.opportunities, "R01"), "2025Q1", "created")
    pd.testing.assert_frame_equal(team.opportunities, before)


# -- a list of quarters: those quarters pooled ----------------------------------------


def test_quarter_list_accepts_one_quarter_or_several_in_calendar_order(team):
    assert selection.quarter_list(team, None) is None
    assert selection.quarter_list(team, "2025Q2") == ["2025Q2"]
    assert selection.quarter_list(team, ["2025Q2"]) == ["2025Q2"]
    assert selection.quarter_list(team, ("2025Q2", "2025Q1", "2025Q2")) == ["2025Q1", "2025Q2"]


@pytest.mark.parametrize("bad", [["2025Q1", "2025Q3"], ["2025-Q1"], ("2025Q2", "Q1"), 2025])
def test_a_bad_label_in_a_quarter_list_is_named_with_the_valid_ones(team, bad):
    with pytest.raises(ValueError, match=r"unknown quarter .*; valid quarters: 2025Q1, 2025Q2$"):
        selection.by_quarter(team, team.opportunities, bad, "closed_on")


def test_an_empty_quarter_list_is_an_error_not_an_empty_answer(team):
    with pytest.raises(ValueError, match="the quarter filter is empty; valid quarters: 2025Q1, 2025Q2"):
        selection.by_quarter(team, team.opportunities, [], "closed_on")


def test_a_list_of_quarters_selects_the_dates_in_any_of_them(team):
    dates = pd.Series(pd.to_datetime(["2025-01-05", "2025-01-06", "2025-04-06", "2025-04-07", "2025-07-07", None]))
    # Q1 and Q2 together run from Monday 6 January up to, not including, Monday 7 July
    both = selection.in_quarter(team, dates, ["2025Q1", "2025Q2"])
    assert both.tolist() == [False, True, True, True, False, False]
    assert selection.in_quarter(team, dates, ["2025Q2"]).tolist() == selection.in_quarter(team, dates, "2025Q2").tolist()


def test_by_quarter_with_a_list_pools_the_quarters(team):
    # closed in Q1: 1, 2, 4, 7, 8; closed in Q2: 3, 5; deals 6 and 9 are still open
    pooled = selection.by_quarter(team, team.opportunities, ["2025Q2", "2025Q1"], "closed_on")
    assert pooled["opp_id"].tolist() == [1, 2, 3, 4, 5, 7, 8]
    one = selection.by_quarter(team, team.opportunities, ["2025Q2"], "closed_on")
    pd.testing.assert_frame_equal(one, selection.by_quarter(team, team.opportunities, "2025Q2", "closed_on"))


def test_describe_names_every_quarter_of_a_list():
    assert selection.describe("R01", ["2025Q1", "2025Q2"]) == "rep R01 in 2025Q1, 2025Q2"


def test_rep_quarter_grid_is_the_quota_rows_and_never_empty(team):
    pd.testing.assert_frame_equal(selection.rep_quarter_grid(team, None, ["2025Q2"]),
                                  selection.quota_rows(team, None, ["2025Q2"]))
    with pytest.raises(ValueError, match="no quota is set for rep R01 in 2025Q1"):
        selection.rep_quarter_grid(Team.build(reps=team.reps, quotas=team.quotas.iloc[:0]), "R01", ["2025Q1"])


def test_by_period_keeps_the_teams_quarters_only(team):
    opps = team.opportunities
    assert selection.by_period(team, opps, None, "created") is opps  # nothing left out: the same table, no copy
    early = pd.concat([opps.iloc[:1].assign(created=team.start - pd.Timedelta(days=7)), opps])
    assert len(selection.by_period(team, early, None, "created")) == len(opps)
    assert len(selection.by_period(team, early, "2025Q1", "created")) == len(selection.by_quarter(team, opps, "2025Q1", "created"))


def test_factorize_keeps_a_categorical_columns_own_codes():
    column = pd.Series(["b", "a", "b"], dtype=pd.CategoricalDtype(["a", "b", "c"]))
    codes, values = selection.factorize(column)
    assert codes.tolist() == [1, 0, 1] and values.tolist() == ["a", "b", "c"]
    codes, values = selection.factorize(pd.Series(["b", "a", "b"]))
    assert codes.tolist() == [0, 1, 0] and values.tolist() == ["b", "a"]
