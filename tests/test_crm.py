"""sefkit.crm: a CRM export read into a Team; every messy case read by a rule or refused; analytics on it."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest

from sefkit import cli, crm, deals, forecast, pipeline, prospecting, system, territory
from sefkit.data.export import export_team
from sefkit.data.team import SCHEMA, MissingTableError, Team, conform, validate

AS_OF = "2025-06-30"
HEADER = ["Opportunity ID", "Opportunity Owner", "Account Name", "Stage", "Amount", "Created Date", "Close Date",
          "Loss Reason"]
#: A small Salesforce-style report: ids, owners, accounts, default stage names, US dates, text amounts.
ROWS = [
    ["006A1", "Ana Lopez", "Acme", "Closed Won", "$12,500.00", "01/06/2025", "03/03/2025", ""],
    ["006A2", "Ana Lopez", "Acme", "Closed Lost", "8000", "01/13/2025", "03/10/2025", "Lost to Competitor"],
    ["006A3", "Ben Ode", "Borealis", "Closed Lost", "5000", "01/20/2025", "04/01/2025", "Unresponsive"],
    ["006A4", "Ben Ode", "Borealis", "Closed Won", "20,000", "02/03/2025", "04/14/2025", ""],
    ["006A5", "Ana Lopez", "Cygnus", "Negotiation/Review", "15000", "03/03/2025", "07/15/2025", ""],
    ["006A6", "Ben Ode", "Cygnus", "Prospecting", "4000", "04/01/2025", "08/01/2025", ""],
]


def write(tmp_path, rows=ROWS, header=HEADER, name="opps.csv"):
    path = tmp_path / name
    pd.DataFrame(rows, columns=header).to_csv(path, index=False)
    return path


def with_row(*row, rows=ROWS):
    return [*rows, list(row)]


# -- reading a plain export --------------------------------------------------------------------


def test_a_salesforce_style_report_is_read_with_its_guesses_reported(tmp_path):
    team = crm.load(write(tmp_path), as_of=AS_OF)
    validate(team)
    report = crm.report(team)
    guessed = {(c["column"], c["field"]) for c in report.columns if c["how"] == "guessed"}
    assert {("Opportunity Owner", "rep"), ("Close Date", "close_date"), ("Amount", "amount")} <= guessed
    assert {s["stage"]: s["read_as"] for s in report.stages}["Negotiation/Review"] == "negotiate"
    opps = team.opportunities
    assert opps["crm_id"].tolist() == [r[0] for r in ROWS]          # the export's own ids and names kept
    assert opps["rep_id"].tolist() == [r[1] for r in ROWS]
    assert opps["amount"].tolist() == [12500.0, 8000.0, 5000.0, 20000.0, 15000.0, 4000.0]
    assert opps["outcome"].tolist()[:4] == ["won", "lost", "no_decision", "won"]   # "Unresponsive" is no decision
    assert opps["created"].iloc[0] == pd.Timestamp("2025-01-06")
    assert report.not_used.empty
    assert deals.win_rate(team) == pytest.approx(2 / 4)
    assert "guessed" in report.text() and "Rows not used: 0" in report.text()


def test_columns_and_stages_given_as_dictionaries_win_over_guesses(tmp_path):
    header = ["Id", "AE", "Company", "Phase", "Value", "Opened", "Est. Close", "Why lost"]
    rows = [[r[0], r[1], r[2], {"Negotiation/Review": "Paper", "Prospecting": "Intro"}.get(r[3], r[3]), *r[4:]]
            for r in ROWS]
    path = write(tmp_path, rows, header)
    with pytest.raises(crm.CrmError, match=r"no column holds the owner \(the rep\) \(rep\).*'AE'"):
        crm.load(path, as_of=AS_OF)
    columns = {"AE": "rep", "Phase": "stage", "Value": "amount", "Opened": "created", "Est. Close": "close_date",
               "Why lost": "loss_reason"}
    with pytest.raises(crm.CrmError, match=r"column 'Phase', rows 6 and 7: unknown stages 'Paper' \(1 rows\)"):
        crm.load(path, columns=columns, as_of=AS_OF)
    team = crm.load(path, columns=columns, stages={"Paper": "negotiate", "Intro": "qualify"}, as_of=AS_OF)
    assert team.opportunities["stage"].tolist()[4:] == ["negotiate", "qualify"]
    assert team.opportunities["crm_stage"].tolist()[4:] == ["Paper", "Intro"]
    given = {(c["column"], c["field"]) for c in crm.report(team).columns if c["how"] == "given"}
    assert ("AE", "rep") in given


def test_a_hubspot_style_export_is_guessed_too(tmp_path):
    header = ["Record ID", "Deal Name", "Deal owner", "Associated Company", "Deal Stage", "Amount", "Create Date",
              "Close Date"]
    rows = [["101", "Acme renewal", "Ana Lopez", "Acme", "closedwon", "1000", "2025-01-06", "2025-02-03"],
            ["102", "Borealis", "Ben Ode", "Borealis", "closedlost", "2000", "2025-01-07", "2025-02-04"],
            ["103", "Cygnus", "Ben Ode", "Cygnus", "contractsent", "3000", "2025-02-07 10:15", "2025-08-04"]]
    team = crm.load(write(tmp_path, rows, header), as_of=AS_OF)
    assert team.opportunities["opp_id"].tolist() == [101, 102, 103]          # whole-number ids are kept as ids
    assert team.opportunities["stage"].tolist() == ["closed", "closed", "negotiate"]
    assert team.opportunities["outcome"].tolist()[:2] == ["won", "lost"]
    assert team.opportunities["account_id"].tolist() == ["Acme", "Borealis", "Cygnus"]


def test_excel_reads_the_same_as_csv(tmp_path):
    csv = crm.load(write(tmp_path), as_of=AS_OF)
    xlsx = tmp_path / "opps.xlsx"
    pd.DataFrame(ROWS, columns=HEADER).to_excel(xlsx, index=False)
    pd.testing.assert_frame_equal(crm.load(xlsx, as_of=AS_OF).opportunities, csv.opportunities)


# -- every messy case: read by a rule, or refused -------------------------------------------------


def reasons(team) -> dict:
    """Spreadsheet row -> why it was not used."""
    return dict(zip(crm.report(team).not_used["row"], crm.report(team).not_used["reason"], strict=True))


def rules(team) -> list[tuple[list, str]]:
    return [(n.rows, n.rule) for n in crm.report(team).notes.itertuples()]


def test_open_deal_without_account_is_kept_and_noted(tmp_path):
    team = crm.load(write(tmp_path, with_row("006B1", "Ana Lopez", "", "Prospecting", "100", "05/05/2025",
                                             "09/09/2025", "")), as_of=AS_OF)
    assert team.opportunities["account_id"].iloc[-1] is None
    assert ([8], "open deal without an account: kept, with no account") in rules(team)


def test_deals_without_dates(tmp_path):
    rows = with_row("006B1", "Ana Lopez", "Acme", "Prospecting", "100", "", "09/09/2025", "")
    rows = with_row("006B2", "Ana Lopez", "Acme", "Prospecting", "100", "05/05/2025", "", "", rows=rows)
    rows = with_row("006B3", "Ana Lopez", "Acme", "Closed Won", "100", "05/05/2025", "", "", rows=rows)
    team = crm.load(write(tmp_path, rows), as_of=AS_OF)
    assert reasons(team) == {8: "no created date", 10: "a closed deal without a close date"}
    assert ([9], "open deal without a close date: counted as open pipeline, in no quarter") in rules(team)
    assert pd.isna(team.opportunities.set_index("crm_id").loc["006B2", "close_date"])


def test_closed_deals_dated_after_the_export_are_not_used(tmp_path):
    team = crm.load(write(tmp_path, with_row("006B1", "Ben Ode", "Acme", "Closed Lost", "100", "05/05/2025",
                                             "12/31/2025", "Price")), as_of=AS_OF)
    assert "dated after the export's date (2025-06-30)" in reasons(team)[8]
    row = crm.report(team).not_used.iloc[0]
    assert (row["file"], row["id"], row["column"], row["value"]) == ("opps.csv", "006B1", "Close Date", "12/31/2025")


def test_zero_amount_on_a_lost_deal_is_unknown_money_but_still_a_loss(tmp_path):
    team = crm.load(write(tmp_path, with_row("006B1", "Ben Ode", "Acme", "Closed Lost", "0", "02/05/2025",
                                             "03/05/2025", "Price")), as_of=AS_OF)
    assert pd.isna(team.opportunities["amount"].iloc[-1])
    assert deals.win_rate(team) == pytest.approx(2 / 5)
    assert ([8], "amount 0 on a deal not won: its amount is read as unknown, not as 0") in rules(team)


def test_names_that_differ_only_in_spacing_are_one_account_and_link_to_the_accounts_file(tmp_path):
    rows = with_row("006B1", "Ana Lopez", "GTX Pro", "Prospecting", "100", "05/05/2025", "09/09/2025", "")
    rows = with_row("006B2", "Ana Lopez", "GTX Pro", "Prospecting", "100", "05/05/2025", "09/09/2025", "", rows=rows)
    rows = with_row("006B3", "Ana Lopez", "GTXPro", "Prospecting", "100", "05/05/2025", "09/09/2025", "", rows=rows)
    team = crm.load(write(tmp_path, rows), as_of=AS_OF)
    assert team.opportunities["account_id"].tolist()[-3:] == ["GTX Pro"] * 3
    assert ([10], "account 'GTXPro' read as 'GTX Pro' (the same letters and digits)") in rules(team)
    accounts = tmp_path / "accounts.csv"
    pd.DataFrame({"Account ID": ["001X", "001Y", "001Z", "001W"],
                  "Account Name": ["GTXPro", "ACME", "Borealis", "Cygnus"],
                  "Tier": ["A", "B", "C", "A"]}).to_csv(accounts, index=False)
    team = crm.load(write(tmp_path, rows), accounts=accounts, as_of=AS_OF)
    assert team.opportunities["account_id"].tolist() == ["001Y", "001Y", "001Z", "001Z", "001W", "001W",
                                                         "001X", "001X", "001X"]
    assert ([8, 9, 10], "account 'GTX Pro' is '001X' of accounts.csv (found by same letters)") in rules(team)
    pd.DataFrame({"Account ID": ["001X", "001V"], "Account Name": ["GTXPro", "gtx pro"]}).to_csv(accounts,
                                                                                                 index=False)
    with pytest.raises(crm.CrmError, match="accounts.csv: 'GTX Pro' fits several entries"):
        crm.load(write(tmp_path, rows), accounts=accounts, as_of=AS_OF)


def test_duplicate_ids_copies_read_once_conflicts_left_out(tmp_path):
    rows = [*ROWS, list(ROWS[0]), ["006A2", "Ana Lopez", "Acme", "Closed Won", "8000", "01/13/2025",
                                    "03/10/2025", ""]]
    team = crm.load(write(tmp_path, rows), as_of=AS_OF)
    why = reasons(team)
    assert why[8] == "the same row again (a copy of row 2): read once"
    assert why[3].startswith("the id is on rows 3 and 9 with different values") and why[9] == why[3]
    assert team.opportunities["crm_id"].tolist() == ["006A1", "006A3", "006A4", "006A5", "006A6"]


def test_unknown_stages_are_refused_naming_file_column_rows_and_what_to_do(tmp_path):
    rows = with_row("006B1", "Ana Lopez", "Acme", "Pending Legal", "100", "05/05/2025", "06/06/2025", "")
    with pytest.raises(crm.CrmError) as err:
        crm.load(write(tmp_path, rows), as_of=AS_OF)
    assert str(err.value) == ("opps.csv, column 'Stage', row 8: unknown stages 'Pending Legal' (1 rows). What to do: say "
                              "what each means with stages={'Pending Legal': 'won', ...}, each one of qualify, discover, "
                              "propose, negotiate, won, lost, no_decision, disqualified")


def test_several_currencies_are_refused_until_rates_are_given(tmp_path):
    rows = with_row("006B1", "Ana Lopez", "Acme", "Closed Won", "€1,000.00", "02/05/2025", "03/05/2025", "")
    path = write(tmp_path, rows)
    with pytest.raises(crm.CrmError, match=r"column 'Amount', row 8: the amounts are in several currencies "
                                           r"\(USD: 1 rows, EUR: 1 rows\).*rates=\{'EUR': \.\.\.\}"):
        crm.load(path, as_of=AS_OF, currency="USD")
    team = crm.load(path, as_of=AS_OF, currency="USD", rates={"EUR": 1.1})
    assert team.opportunities["amount"].iloc[-1] == pytest.approx(1100.0)
    assert ([8], "amounts in EUR converted to USD at the rates given") in rules(team)


def test_text_in_number_columns_and_dates_that_are_not_dates(tmp_path):
    rows = with_row("006B1", "Ana Lopez", "Acme", "Prospecting", "TBD", "05/05/2025", "09/09/2025", "")
    rows = with_row("006B2", "Ana Lopez", "Acme", "Prospecting", "(1,000)", "05/05/2025", "09/09/2025", "", rows=rows)
    rows = with_row("006B3", "Ana Lopez", "Acme", "Prospecting", "1 000", "last spring", "09/09/2025", "", rows=rows)
    team = crm.load(write(tmp_path, rows), as_of=AS_OF)
    assert reasons(team) == {
        8: "the amount is not a number (write it as digits, such as 12500 or 12,500.00)",
        9: "the amount is negative (a credit or a correction, not a deal)",
        10: "the created date is not a date",
    }
    assert crm.report(team).not_used.set_index("row").loc[8, "value"] == "TBD"
    eu = [[*r[:4], amount, *r[5:]] for r, amount in zip(ROWS, ["12.500,00", "8000", "5000,5", "1 000", "1", "2"],
                                                           strict=True)]
    eu = crm.load(write(tmp_path, eu), as_of=AS_OF, decimal=",")
    assert eu.opportunities["amount"].tolist()[:4] == [12500.0, 8000.0, 5000.5, 1000.0]


def test_day_first_dates(tmp_path):
    rows = [[*r[:5], "03/02/2025", "04/03/2025", r[7]] for r in ROWS]
    assert crm.load(write(tmp_path, rows), as_of=AS_OF, dayfirst=True).opportunities["created"].iloc[0] == \
        pd.Timestamp("2025-02-03")


def test_nothing_is_dropped_silently(tmp_path):
    """Every row of a messy export is either in the team or listed as not used."""
    rows = [*ROWS, list(ROWS[0]),
            ["006B1", "", "Acme", "Prospecting", "1", "05/05/2025", "09/09/2025", ""],
            ["", "Ana Lopez", "Acme", "Prospecting", "1", "05/05/2025", "09/09/2025", ""],
            ["006B3", "Ana Lopez", "Acme", "Prospecting", "n/a", "07/07/2025", "09/09/2025", ""]]
    team = crm.load(write(tmp_path, rows), as_of=AS_OF)
    used = set(team.opportunities["crm_id"])
    listed = crm.report(team).not_used
    assert len(used) + len(listed) == len(rows)
    assert set(listed["row"]) == {8, 9, 10, 11}
    assert crm.report(team).counts["opportunities"] == (10, 6)


def test_an_accounts_file_with_gaps_and_text_in_its_numbers(tmp_path):
    accounts = tmp_path / "accounts.csv"
    pd.DataFrame({"Account Name": ["Acme", "Borealis", "Cygnus"], "Employees": ["1,200", "", "about 50"],
                  "Tier": ["A", "B", ""], "Customer": ["Yes", "no", "maybe"]}).to_csv(accounts, index=False)
    team = crm.load(write(tmp_path), accounts=accounts, as_of=AS_OF, columns={"Account Name": "account_id"})
    validate(team)
    acc = team.accounts.set_index("account_id")
    assert acc["employees"].tolist()[0] == 1200 and acc["employees"].isna().tolist() == [False, True, True]
    assert acc["is_customer"].tolist() == [True, False, False]
    assert ([4], "the head count is not a number: read as unknown") in rules(team)
    assert ([4], "is_customer is not yes/no: read as no") in rules(team)
    assert set(team.absent) >= {"accounts.icp_fit", "accounts.potential_acv"}
    with pytest.raises(MissingTableError, match="no territory_id column in its reps"):
        territory.account_tiers(team)
    with pytest.raises(MissingTableError, match="no icp_fit column in its accounts"):
        team.require("accounts.icp_fit")


def test_the_other_files_reps_and_quotas(tmp_path):
    reps = tmp_path / "users.csv"
    pd.DataFrame({"User ID": ["005A", "005B", "005C"], "Full Name": ["Ana Lopez", "Ben Ode", "Cy Pell"],
                  "Manager": ["005M", "005M", "005M"], "Region": ["West", "East", "East"]}).to_csv(reps, index=False)
    quotas = tmp_path / "quotas.csv"
    pd.DataFrame({"Owner": ["Ana Lopez", "Ana Lopez", "005B", "Ben Ode", "Nobody"],
                  "Period": ["2025-01-15", "2025-02-15", "Q1 2025", "2025Q2", "2025Q1"],
                  "Quota": ["10,000", "5000", "20000", "20000", "1"]}).to_csv(quotas, index=False)
    team = crm.load(write(tmp_path), reps=reps, quotas=quotas, as_of=AS_OF)
    assert team.start == pd.Timestamp("2025-01-06")                   # the first Monday of the year
    assert team.rep_ids == ["005A", "005B", "005C"]
    assert team.opportunities["rep_id"].tolist()[:2] == ["005A", "005A"]
    q = team.quotas.set_index(["rep_id", "quarter"])["quota"]
    assert q[("005A", "2025Q1")] == 15000.0 and q[("005B", "2025Q2")] == 20000.0
    assert "the rep owns no opportunity" in reasons(team)[6]
    att = territory.attainment(team, quarter="2025Q1").set_index("rep_id")
    assert att.loc["005A", "won_amount"] == 12500.0


# -- analytics on a loaded team: what runs and what refuses ----------------------------------------

#: On an opportunities report alone.
RUNS = {
    "win_rate": lambda t: deals.win_rate(t),
    "no_decision_rate": lambda t: deals.no_decision_rate(t),
    "cycle_length": lambda t: deals.cycle_length(t),
    "average_won_size": lambda t: deals.average_won_size(t),
    "deal_summary": lambda t: deals.deal_summary(t),
    "loss_reasons": lambda t: deals.loss_reasons(t),
    "outcome_counts": lambda t: deals.outcome_counts(t),
}
#: Each refuses naming the table (or column) the report lacks.
REFUSES = {
    "outcome_by_band": (lambda t: deals.outcome_by_band(t), "qualification_score column"),
    "coverage": (lambda t: pipeline.coverage(t), "snapshots table"),
    "attainment": (lambda t: territory.attainment(t), "quotas table"),
    "velocity": (lambda t: pipeline.velocity(t), "snapshots table"),
    "stage_conversion": (lambda t: pipeline.stage_conversion(t), "opp_history table"),
    "slippage": (lambda t: pipeline.slippage(t), "snapshots table"),
    "zombies": (lambda t: pipeline.zombies(t), "snapshots table"),
    "funnel": (lambda t: prospecting.funnel(t), "activities table"),
    "account_tiers": (lambda t: territory.account_tiers(t), "territory_id column in its reps"),
    "outcomes_by_tier": (lambda t: territory.outcomes_by_tier(t), "accounts table"),
    "forecast_accuracy": (lambda t: forecast.forecast_accuracy(t), "snapshots table"),
    "advance_rate": (lambda t: __import__("sefkit").calls.advance_rate(t), "calls table"),
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_analytics_that_run_on_an_opportunities_report(tmp_path, name):
    RUNS[name](crm.load(write(tmp_path), as_of=AS_OF))


@pytest.mark.parametrize("name", sorted(REFUSES))
def test_analytics_that_refuse_name_the_missing_table(tmp_path, name):
    function, missing = REFUSES[name]
    with pytest.raises(MissingTableError, match=f"this team has no {missing}"):
        function(crm.load(write(tmp_path), as_of=AS_OF))


def test_the_scorecard_shows_the_measures_the_export_supports(tmp_path):
    team = crm.load(write(tmp_path), as_of=AS_OF)
    card = system.measures(team).pivot(index="rep_id", columns="component", values="value")
    assert card[["qualification", "deal_management"]].notna().all().all()
    assert card[["territory", "prospecting", "calls", "hygiene", "forecasting"]].isna().all().all()


def test_a_missing_table_is_named_not_a_key_error():
    team = Team.build(absent={"calls": "the export has no calls", "opportunities.source": "no sources"})
    with pytest.raises(MissingTableError, match="no calls table.*the export has no calls"):
        team.calls  # noqa: B018
    with pytest.raises(MissingTableError, match="no source column in its opportunities.*no sources"):
        team.require("opportunities.amount", "opportunities.source")
    assert "calls" not in team.tables() and "calls" in repr(team.absent)
    again = pickle.loads(pickle.dumps(team))
    with pytest.raises(MissingTableError):
        again.calls  # noqa: B018
    with pytest.raises(AttributeError):
        team.no_such_thing  # noqa: B018
    with pytest.raises(ValueError, match="unknown tables in absent"):
        Team.build(absent={"call": "typo"})


def test_a_wholly_missing_column_takes_the_nullable_dtype_and_stays_valid(tmp_path):
    team = crm.load(write(tmp_path), as_of=AS_OF)
    assert str(team.opportunities["q_metrics"].dtype) == "Int8"
    assert team.opportunities["qualification_score"].isna().all()
    validate(team)
    partly = conform(team.opportunities.assign(q_metrics=pd.array([1, None, 1, 1, 1, 1], dtype="Int8")),
                     "opportunities")
    assert str(partly["q_metrics"].dtype) == "Int8"
    with pytest.raises(ValueError, match="table 'opportunities', column 'q_metrics' cannot be int8"):
        conform(team.opportunities.assign(q_metrics="high"), "opportunities")


# -- a simulated team exported and read back gives the same numbers -------------------------------


@pytest.fixture(scope="module")
def round_trip(northwind, tmp_path_factory):
    folder = export_team(northwind, tmp_path_factory.mktemp("crm") / "nw")
    as_of = northwind.start + pd.Timedelta(days=7 * 13 * len(northwind.quarters) - 1)
    files = {k: folder / f"{v}.csv" for k, v in
             {"reps": "reps", "accounts": "accounts", "quotas": "quotas", "activities": "activities",
              "history": "opp_history"}.items()}
    return crm.load(folder / "opportunities.csv", **files, as_of=as_of, start=northwind.start)


SAME = {
    "win_rate": lambda t: deals.win_rate(t, quarter="2026Q1"),
    "cycle_length": lambda t: deals.cycle_length(t),
    "deal_summary": lambda t: deals.deal_summary(t),
    "loss_reasons": lambda t: deals.loss_reasons(t, quarter="2025Q3"),
    "outcome_by_band": lambda t: deals.outcome_by_band(t),
    "coverage": lambda t: pipeline.coverage(t),
    "velocity": lambda t: pipeline.velocity(t),
    "stage_conversion": lambda t: pipeline.stage_conversion(t),
    "slippage": lambda t: pipeline.slippage(t),
    "coverage_needed": lambda t: pipeline.coverage_needed(t),
    "zombies": lambda t: pipeline.zombies(t, as_of="2026-06-01").drop(columns="forecast_category"),
    "attainment": lambda t: territory.attainment(t),
    "account_tiers": lambda t: territory.account_tiers(t),
    "prospecting_focus": lambda t: territory.prospecting_focus(t),
    "funnel": lambda t: prospecting.funnel(t),
}


@pytest.mark.parametrize("name", sorted(SAME))
def test_a_simulated_team_exported_and_read_back_gives_the_same_numbers(northwind, round_trip, name):
    expected, got = SAME[name](northwind), SAME[name](round_trip)
    if isinstance(expected, pd.DataFrame):
        pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False)
    else:
        assert got == expected


def test_the_rebuilt_snapshots_are_the_simulation_s(northwind, round_trip):
    cols = ["as_of", "opp_id", "rep_id", "stage", "amount", "close_date"]
    got = round_trip.snapshots[cols].astype({"rep_id": object, "stage": object})
    expected = northwind.snapshots[cols].astype({"rep_id": object, "stage": object})
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True))
    assert crm.report(round_trip).not_used.empty


# -- the command line ------------------------------------------------------------------------------


def test_crm_check_prints_the_report_and_says_whether_rows_were_left_out(tmp_path, capsys):
    assert cli.main(["crm", "check", str(write(tmp_path)), "--as-of", AS_OF]) == 0
    assert "Rows not used: 0" in capsys.readouterr().out
    messy = write(tmp_path, with_row("006B1", "Ana Lopez", "Acme", "Prospecting", "TBD", "05/05/2025",
                                     "09/09/2025", ""))
    assert cli.main(["crm", "check", str(messy), "--as-of", AS_OF]) == 1
    assert "opps.csv row 8 (id 006B1), Amount 'TBD': the amount is not a number" in capsys.readouterr().out
    assert cli.main(["crm", "check", str(messy), "--as-of", AS_OF, "--stage", "Prospecting"]) == 2
    assert "--stage takes NAME=VALUE" in capsys.readouterr().err


def test_crm_check_refusal_is_one_plain_message(tmp_path, capsys):
    rows = with_row("006B1", "Ana Lopez", "Acme", "Pending Legal", "100", "05/05/2025", "06/06/2025", "")
    assert cli.main(["crm", "check", str(write(tmp_path, rows)), "--as-of", AS_OF]) == 2
    assert capsys.readouterr().err.startswith("sefkit: error: opps.csv, column 'Stage', row 8: unknown stages")
    assert cli.main(["crm", "check", str(write(tmp_path, rows)), "--as-of", AS_OF, "--stage", "Pending Legal=won"]) == 0


def test_crm_export_round_trips(tmp_path, capsys):
    source = write(tmp_path)
    assert cli.main(["crm", "export", str(source), str(tmp_path / "team"), "--as-of", AS_OF]) == 0
    assert "wrote 2 tables" in capsys.readouterr().out
    team = crm.load(source, as_of=AS_OF)
    again = crm.load(tmp_path / "team" / "opportunities.csv", reps=tmp_path / "team" / "reps.csv", as_of=AS_OF)
    for name in team.tables():
        got, expected = (t.tables()[name][list(SCHEMA[name])] for t in (again, team))
        pd.testing.assert_frame_equal(got.astype(object).where(got.notna(), None),
                                      expected.astype(object).where(expected.notna(), None))
    assert again.opportunities["crm_id"].tolist() == team.opportunities["crm_id"].tolist()


# -- the sample export lesson 10 reads --------------------------------------------------------------


def test_the_sample_export_is_what_its_generator_writes(tmp_path):
    """course/data/crm_sample/ is current: regenerate it with python -m sefkit.classroom.crm_sample."""
    from sefkit.classroom import crm_sample

    written = crm_sample.write(tmp_path / "sample")
    for path in sorted(crm_sample.FOLDER.iterdir()):
        assert path.read_text() == (written / path.name).read_text(), (
            f"{path} is stale; run python -m sefkit.classroom.crm_sample")
    assert sorted(p.name for p in written.iterdir()) == sorted(p.name for p in crm_sample.FOLDER.iterdir())


def test_the_sample_export_reads_with_the_lesson_s_mapping_and_reports_its_messy_rows():
    from sefkit.classroom.lessons import your_team

    with pytest.raises(crm.CrmError, match="no column holds the owner"):
        crm.load(your_team.sample(), as_of=your_team.AS_OF)
    with pytest.raises(crm.CrmError, match="unknown stages 'Demo Done'"):
        crm.load(your_team.sample(), columns=your_team.COLUMNS, as_of=your_team.AS_OF)
    team = your_team.lesson_team()
    report = crm.report(team)
    opps = report.not_used[report.not_used["file"] == "opportunities.csv"]
    assert sorted(opps["value"]) == ["0065g000000000163AA", "01/15/2027", "TBD"]
    rules = " | ".join(report.notes["rule"])
    for rule in ("open deal without a close date", "amount 0 on a deal not won", "open deal without an account",
                 "read as 'Juniper Health 2' (the same letters and digits)", "counted as no decision"):
        assert rule in rules
    assert set(team.absent) >= {"accounts", "activities", "calls", "forecasts"}
    assert team.rep_ids[:2] == ["Ana Lopez", "Ben Okafor"]
