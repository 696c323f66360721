"""``load``: a CRM export (opportunities, and optionally reps, accounts, quotas, activities and
a field history) read into a :class:`~sefkit.data.team.Team` with no hidden truth.

The rules for every messy case are in docs/CRM.md; the :class:`LoadReport` lists
what was guessed, what was read under a rule and every row not used.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import periods
from ..team import CLOSED_STAGE, OUTCOMES, SCHEMA, Team
from .columns import map_columns, read_file
from .linking import link
from .opportunities import Options, Rows, drop_duplicates, name_variants, read_opportunities
from .report import LoadReport, refuse
from .snapshots import rebuild
from .stages import ACTIVITY_OUTCOME_GUESSES, ACTIVITY_TYPE_GUESSES, STAGE_GUESSES, read_as
from .values import blank, dates, key, name_key, numbers

#: Why a table the export cannot hold is missing, and how to add it when it can be.
WHY_ABSENT = {
    "accounts": "no accounts file was given (crm.load(..., accounts=FILE) reads one)",
    "quotas": "no quotas file was given (crm.load(..., quotas=FILE) reads one)",
    "activities": "no activities file was given (crm.load(..., activities=FILE) reads one with owner, "
                  "account, date, type and outcome)",
    "opp_history": "no opportunity field history was given (crm.load(..., history=FILE) reads one)",
    "snapshots": "the weekly pipeline is rebuilt from an opportunity field history "
                 "(crm.load(..., history=FILE)), and none was given",
    "calls": "a CRM export does not record sales calls as the course measures them "
             "(planned or not, advance or continuation, economic buyer present)",
    "forecasts": "a CRM export does not keep each rep's weekly forecast call (commit and best case) "
                 "as the course measures it",
    "coaching": "a CRM export does not record coaching time",
}
_QUARTER = [re.compile(r"^(?:FY)?\s*(\d{4})\s*[-/ ]?\s*Q([1-4])$", re.I), re.compile(r"^Q([1-4])\s*[-/ ]?\s*(?:FY)?\s*(\d{4})$", re.I)]
_TRUE = {"true", "yes", "y", "1", "customer", "x"}
_FALSE = {"false", "no", "n", "0", "prospect", ""}


def load(opportunities, *, reps=None, accounts=None, quotas=None, activities=None, history=None,
         columns: dict | None = None, stages: dict | None = None, values: dict | None = None,
         as_of=None, start=None, dayfirst: bool = False, decimal: str = ".",
         currency: str | None = None, rates: dict | None = None) -> Team:
    """Read a CRM export into a Team; :func:`report` of the team says what was done with each row.

    Args:
        opportunities: the opportunities report, a CSV or Excel (.xlsx) file.
        reps, accounts, quotas, activities, history: optional files of the same export
            (users, accounts, quotas per rep and quarter or month, activities, and the
            opportunities' field history of stage, amount and close-date changes).
        columns: export column -> our field, for columns the guesses miss
            (``{"Deal Owner": "rep"}``); one dictionary serves every file.
        stages: export stage -> ours (qualify, discover, propose, negotiate, won, lost,
            no_decision, disqualified), for stages the guesses miss.
        values: other labels, by field: ``{"loss_reason": {"Too pricey": "price"},
            "source": {...}, "type": {...}, "outcome": {...}}``.
        as_of: the day the export was taken (default today); later dates are suspect.
        start: the Monday the team's first 13-week quarter starts (default: the first
            Monday of the earliest created date's year; quarters are labelled by the
            year they start in, so "2025Q1" starts on that Monday).
        dayfirst: dates like 03/04/2025 are 3 April (default: 4 March).
        decimal: the decimal mark of the numbers, "." (12,500.00) or "," (12.500,00).
        currency, rates: the currency to report in, and the rate of each other one
            (``rates={"EUR": 1.08}``: 1 EUR = 1.08 of ``currency``).

    Raises:
        CrmError: a case the reader will not guess at; the message names the file,
            the column, the rows and what to do.
    """
    opts = Options(stages=dict(stages or {}), values=dict(values or {}), dayfirst=dayfirst, decimal=decimal,
                   currency=currency, rates=dict(rates or {}))
    if as_of is not None:
        opts.as_of = pd.Timestamp(as_of).normalize()
    columns = dict(columns or {})
    report = LoadReport()
    raws: dict[str, pd.DataFrame] = {}
    files = {"opportunities": opportunities, "reps": reps, "accounts": accounts, "quotas": quotas,
             "activities": activities, "history": history}
    for kind, path in files.items():
        if path is not None:
            raws[kind] = read_file(path)
            report.files[kind] = Path(path).name
    unknown = [c for c in columns if not any(c in raw.columns for raw in raws.values())]
    if unknown:
        raise refuse(report.files["opportunities"], unknown[0], [], "no file has this column",
                     "use a column of the files; the opportunities' columns are "
                     + ", ".join(map(repr, raws["opportunities"].columns)))
    maps = {kind: map_columns(raw, kind, report.files[kind], columns, report) for kind, raw in raws.items()}

    file = report.files["opportunities"]
    opps = read_opportunities(raws["opportunities"], maps["opportunities"], opts, file, report)
    if opps.empty:
        raise refuse(file, None, [], "no opportunity could be used", "read the load report's reasons above")
    _merge_spellings(opps, "rep_id", file, report, "owner")
    _merge_spellings(opps, "account_id", file, report, "account")
    start = _start(opps, start)
    report.note(file, opps.loc[opps["created"] < start, "crm_row"],
                f"created before the first quarter starts ({start.date()}): in no quarter")

    tables: dict[str, pd.DataFrame] = {}
    absent: dict[str, str] = {}
    tables["reps"] = _reps(raws.get("reps"), maps.get("reps"), opps, opts, report)
    if "accounts" in raws:
        tables["accounts"], missing = _accounts(raws["accounts"], maps["accounts"], opps, report)
        absent.update(missing)
    if "quotas" in raws:
        tables["quotas"] = _quotas(raws["quotas"], maps["quotas"], tables["reps"], start, opts, report)
    if "activities" in raws:
        tables["activities"] = _activities(raws["activities"], maps["activities"], tables, opts, report)
    if "history" in raws:
        tables["opp_history"] = _history(raws["history"], maps["history"], opps, opts, report)
        tables["snapshots"] = rebuild(tables["opp_history"], opps, start, opts.as_of)
    for name in SCHEMA:
        if name not in tables and name != "opportunities":
            absent[name] = WHY_ABSENT[name]
    if "reps" not in raws or "territory_id" not in maps["reps"]:
        absent["reps.territory_id"] = ("no reps file with each rep's territory was given "
                                       "(crm.load(..., reps=FILE) reads one)")
    if opps["qualification_score"].isna().all():
        absent["opportunities.qualification_score"] = (
            "the export has no qualification scores (MEDDPICC fields q_metrics ... q_competition)")
    if opps["source"].isna().all():
        absent["opportunities.source"] = "the export has no lead source column"
    if "snapshots" in tables:
        absent["snapshots.forecast_category"] = "a field history does not say each week's forecast category"
    report.absent = dict(absent)
    report.counts["opportunities"] = (len(raws["opportunities"]), len(opps))
    calendar = ()
    if "quotas" not in tables:
        last = max(opts.as_of, start)
        calendar = tuple(periods.quarter_labels(start, int((last - start).days // periods.DAYS_PER_QUARTER) + 1))
    team = Team.build(opportunities=opps.drop(columns=["crm_row"]), **tables, absent=absent, calendar=calendar,
                      start=start, scenario=f"crm:{Path(opportunities).stem}",
                      params={"as_of": opts.as_of, "load_report": report})
    return team


def report(team: Team) -> LoadReport:
    """The load report of a team read by :func:`load`."""
    if "load_report" not in team.params:
        raise ValueError("this team was not read from a CRM export, so it has no load report")
    return team.params["load_report"]


def check(opportunities, **options) -> LoadReport:
    """Read an export as :func:`load` does and return only its report (``sefkit crm check``)."""
    return report(load(opportunities, **options))


# -- helpers -----------------------------------------------------------------------------------


def _merge_spellings(opps: pd.DataFrame, column: str, file: str, report: LoadReport, what: str) -> None:
    variants = name_variants(opps[column])
    for spelling, name in variants.items():
        rows = opps.loc[opps[column] == spelling, "crm_row"]
        report.note(file, rows, f"{what} {spelling!r} read as {name!r} (the same letters and digits)")
    if variants:
        opps[column] = opps[column].replace(variants)


def _start(opps: pd.DataFrame, start) -> pd.Timestamp:
    if start is not None:
        ts = pd.Timestamp(start).normalize()
        if ts.dayofweek != 0:
            raise ValueError(f"start must be a Monday (the first day of the first quarter); {ts.date()} is not")
        return ts
    jan1 = pd.Timestamp(year=int(opps["created"].min().year), month=1, day=1)
    return jan1 + pd.Timedelta(days=(7 - jan1.dayofweek) % 7)


def _column(raw: pd.DataFrame, mapping: dict, name: str) -> pd.Series:
    if name in mapping:
        text = raw[mapping[name]]
        return text.astype(object).where(~blank(text), None)
    return pd.Series(None, index=raw.index, dtype=object)


def _reps(raw, mapping, opps, opts, report) -> pd.DataFrame:
    owners = pd.Series(opps["rep_id"].unique())
    file = report.files["opportunities"]
    if raw is None:
        return pd.DataFrame({"rep_id": owners, "name": owners, "manager_id": None, "territory_id": None,
                             "hire_date": pd.NaT, "segment": None})
    rfile = report.files["reps"]
    rows = Rows(raw, rfile, mapping["rep_id"], report)
    rows.drop(blank(raw[mapping["rep_id"]]), mapping["rep_id"], "no rep id")
    drop_duplicates(rows, mapping["rep_id"])
    hired, bad = dates(_column(raw, mapping, "hire_date"), opts.dayfirst)
    rows.note(bad, "the hire date is not a date: read as unknown")
    table = pd.DataFrame({"rep_id": _column(raw, mapping, "rep_id"), "name": _column(raw, mapping, "name"),
                          "manager_id": _column(raw, mapping, "manager_id"),
                          "territory_id": _column(raw, mapping, "territory_id"), "hire_date": hired,
                          "segment": _column(raw, mapping, "segment")})[rows.used.to_numpy()]
    table["name"] = table["name"].fillna(table["rep_id"])
    report.counts["reps"] = (len(raw), len(table))
    found, how = link(owners, table, "rep_id", "name", rfile)
    for kind in ("name", "same letters"):
        which = owners[how == kind]
        if len(which):
            report.note(file, opps.loc[opps["rep_id"].isin(which), "crm_row"],
                        f"the owner is a rep of {rfile} found by {kind} ({len(which)} owners: "
                        + ", ".join(f"{o!r} is {r!r}" for o, r in zip(which[:3], found[how == kind][:3], strict=True))
                        + (" ..." if len(which) > 3 else "") + ")")
    missing = owners[found.isna()]
    for owner in missing:
        report.note(file, opps.loc[opps["rep_id"] == owner, "crm_row"],
                    f"owner {owner!r} is not in {rfile}: added as a rep with no manager or territory")
    opps["rep_id"] = opps["rep_id"].map(dict(zip(owners, found.fillna(owners), strict=True)))
    extra = pd.DataFrame({"rep_id": missing, "name": missing, "manager_id": None, "territory_id": None,
                          "hire_date": pd.NaT, "segment": None})
    return pd.concat([table, extra], ignore_index=True) if len(extra) else table.reset_index(drop=True)


def _number_cells(raw, mapping, name, rows, what) -> pd.Series:
    value, bad = numbers(_column(raw, mapping, name))
    rows.note(bad, f"the {what} is not a number: read as unknown")
    return value


def _accounts(raw, mapping, opps, report):
    afile = report.files["accounts"]
    rows = Rows(raw, afile, mapping["account_id"], report)
    rows.drop(blank(raw[mapping["account_id"]]), mapping["account_id"], "no account id")
    drop_duplicates(rows, mapping["account_id"])
    customer = _column(raw, mapping, "is_customer")
    flag = customer.str.casefold() if customer.notna().any() else customer
    unread = flag.notna() & ~flag.isin(_TRUE | _FALSE)
    rows.note(unread, "is_customer is not yes/no: read as no")
    table = pd.DataFrame({
        "account_id": _column(raw, mapping, "account_id"),
        "territory_id": _column(raw, mapping, "territory_id"),
        "industry": _column(raw, mapping, "industry"),
        "employees": _number_cells(raw, mapping, "employees", rows, "head count").round(),
        "icp_fit": _number_cells(raw, mapping, "icp_fit", rows, "fit score"),
        "tier": _column(raw, mapping, "tier"),
        "potential_acv": _number_cells(raw, mapping, "potential_acv", rows, "potential"),
        "is_customer": flag.isin(_TRUE) if "is_customer" in mapping else pd.NA,
        "name": _column(raw, mapping, "name"),
    })[rows.used.to_numpy()]
    report.counts["accounts"] = (len(raw), len(table))
    file = report.files["opportunities"]
    names = pd.Series(opps["account_id"].dropna().unique())
    found, how = link(names, table, "account_id", "name", afile)
    fuzzy = how.isin(["name", "same letters"])
    for name, account_id, kind in zip(names[fuzzy], found[fuzzy], how[fuzzy], strict=True):
        report.note(file, opps.loc[opps["account_id"] == name, "crm_row"],
                    f"account {name!r} is {account_id!r} of {afile} (found by {kind})")
    missing = names[found.isna()]
    for name in missing:
        report.note(file, opps.loc[opps["account_id"] == name, "crm_row"],
                    f"account {name!r} is not in {afile}: added as an account with nothing known about it")
    opps["account_id"] = opps["account_id"].map(dict(zip(names, found.fillna(names), strict=True)))
    extra = pd.DataFrame({"account_id": missing, "name": missing})
    table = pd.concat([table, extra], ignore_index=True) if len(extra) else table.reset_index(drop=True)
    if "employees" not in mapping:
        table["employees"] = pd.NA
    absent = {f"accounts.{f}": f"{afile} has no {f} column"
              for f in ("territory_id", "industry", "employees", "icp_fit", "tier", "potential_acv", "is_customer")
              if f not in mapping}
    return table, absent


def _quarter_labels(text: pd.Series, start, dayfirst: bool) -> pd.Series:
    out = pd.Series(None, index=text.index, dtype=object)
    for i, pattern in enumerate(_QUARTER):
        parts = text.str.extract(pattern)
        ok = parts[0].notna()
        year, q = (parts[0], parts[1]) if i == 0 else (parts[1], parts[0])
        out = out.where(~ok, year + "Q" + q)
    rest = out.isna() & text.notna()
    if rest.any():
        when, _ = dates(text[rest], dayfirst)
        out[rest] = periods.quarter_of(start, when).to_numpy()
    return out


def _quotas(raw, mapping, reps, start, opts, report) -> pd.DataFrame:
    qfile = report.files["quotas"]
    rows = Rows(raw, qfile, mapping["rep"], report)
    rep = _column(raw, mapping, "rep")
    rows.drop(rep.isna(), mapping["rep"], "no rep")
    found, _ = link(rep, reps, "rep_id", "name", qfile)
    rows.drop(found.isna(), mapping["rep"], "the rep owns no opportunity of the export and is not in the reps file")
    quarter = _quarter_labels(_column(raw, mapping, "quarter"), start, opts.dayfirst)
    valid = quarter.notna()
    valid[valid] = [_is_quarter(start, q) for q in quarter[valid]]
    rows.drop(~valid, mapping["quarter"],
              f"not a quarter (write 2025Q1, Q1 2025 or a date) or before the first quarter ({start.date()})")
    quota, bad = numbers(raw[mapping["quota"]], opts.decimal)
    rows.drop(bad | quota.isna(), mapping["quota"], "the quota is not a number")
    table = pd.DataFrame({"rep_id": found, "quarter": quarter, "quota": quota})[rows.used.to_numpy()]
    several = table.duplicated(["rep_id", "quarter"], keep=False)
    rows.note(pd.Series(several.to_numpy(), index=table.index).reindex(raw.index, fill_value=False),
              "several quotas for one rep and quarter (months, say): added up")
    out = table.groupby(["rep_id", "quarter"], sort=False, as_index=False)["quota"].sum()
    report.counts["quotas"] = (len(raw), int(rows.used.sum()))
    return out


def _is_quarter(start, label) -> bool:
    try:
        periods.quarter_index(start, label)
    except ValueError:
        return False
    return True


def _mapped(text: pd.Series, name: str, guesses: dict, opts: Options, file: str, column: str, rows: Rows):
    known, unknown = read_as(text.where(rows.used), opts.values.get(name, {}), guesses)
    if unknown:
        where = rows.row[text.isin(unknown) & rows.used].tolist()
        raise refuse(file, column, where, f"unknown {name} values {', '.join(map(repr, unknown[:5]))}",
                     f"say what each means with values={{'{name}': {{{unknown[0]!r}: ...}}}}")
    return text.map({k: v for k, (v, _) in known.items()})


def _activities(raw, mapping, tables, opts, report) -> pd.DataFrame:
    file = report.files["activities"]
    rows = Rows(raw, file, None, report)
    rep = _column(raw, mapping, "rep")
    found, _ = link(rep, tables["reps"], "rep_id", "name", file)
    rows.drop(found.isna(), mapping["rep"], "the owner is not among the reps")
    account = _column(raw, mapping, "account")
    if "accounts" in tables:
        linked, _ = link(account, tables["accounts"], "account_id", "name", file)
        rows.drop(linked.isna(), mapping["account"], "the account is not among the accounts")
        account = linked
    rows.drop(account.isna(), mapping["account"], "no account")
    when, bad = dates(raw[mapping["date"]], opts.dayfirst)
    rows.drop(bad | when.isna(), mapping["date"], "no date, or not a date")
    rows.drop(when > opts.as_of, mapping["date"], "dated after the export's date")
    kind = _mapped(_column(raw, mapping, "type"), "type", ACTIVITY_TYPE_GUESSES, opts, file, mapping["type"], rows)
    outcome = _mapped(_column(raw, mapping, "outcome"), "outcome", ACTIVITY_OUTCOME_GUESSES, opts, file,
                      mapping["outcome"], rows)
    rows.drop(kind.isna() | outcome.isna(), mapping["type"], "no type or outcome")
    week = when - pd.to_timedelta(when.dt.dayofweek, unit="D")
    keep = rows.used.to_numpy()
    report.counts["activities"] = (len(raw), int(keep.sum()))
    return pd.DataFrame({"rep_id": found[keep], "account_id": account[keep], "week": week[keep],
                         "type": kind[keep], "outcome": outcome[keep]})


_HISTORY_FIELDS = {key(k): v for k, v in {
    "stage": "stage", "Stage Name": "stage", "Deal Stage": "stage", "dealstage": "stage",
    "amount": "amount", "Deal Amount": "amount", "close_date": "close_date", "Close Date": "close_date",
    "closedate": "close_date"}.items()}


def _history(raw, mapping, opps, opts, report) -> pd.DataFrame:
    file = report.files["history"]
    rows = Rows(raw, file, mapping["opp_id"], report)
    ids = _column(raw, mapping, "opp_id")
    opp_id = ids.map(dict(zip(opps["crm_id"], opps["opp_id"], strict=True)))
    rows.drop(opp_id.isna(), mapping["opp_id"], "not an opportunity used from the export")
    field_text = _column(raw, mapping, "field")
    given = {key(k): v for k, v in opts.values.get("field", {}).items()}
    field = name_key(field_text).map({**_HISTORY_FIELDS, **given})
    rows.drop(field.isna(), mapping["field"], "a change of a field the course does not read")
    when, bad = dates(raw[mapping["date"]], opts.dayfirst)
    rows.drop(bad | when.isna(), mapping["date"], "no date, or not a date")
    old, new = _column(raw, mapping, "old"), _column(raw, mapping, "new")
    for name in ("old", "new"):
        value = old if name == "old" else new
        stage = field == "stage"
        known, unknown = read_as(value.where(stage & rows.used), {**opts.stages}, STAGE_GUESSES)
        if unknown:
            raise refuse(file, mapping.get(name, name), rows.row[value.isin(unknown) & stage].tolist(),
                         f"unknown stages {', '.join(map(repr, unknown[:5]))}", "add them to stages={...}")
        meaning = value.map({k: (CLOSED_STAGE if v in OUTCOMES else v) for k, (v, _) in known.items()})
        amount, bad_amount = numbers(value.where(field == "amount"), opts.decimal)
        rows.drop(bad_amount, mapping.get(name), "the amount is not a number")
        day, bad_day = dates(value.where(field == "close_date"), opts.dayfirst)
        rows.drop(bad_day, mapping.get(name), "the close date is not a date")
        text = meaning.where(stage)
        text = text.where(field != "amount", amount.map(lambda a: None if pd.isna(a) else f"{a:.2f}"))
        text = text.where(field != "close_date", day.dt.strftime("%Y-%m-%d"))
        if name == "old":
            old = text.astype(object).where(text.notna(), None)
        else:
            new = text.astype(object).where(text.notna(), None)
    keep = rows.used.to_numpy()
    table = pd.DataFrame({"opp_id": opp_id[keep].astype("int64"), "date": when[keep], "field": field[keep],
                          "old": old[keep], "new": new[keep]})
    table = _complete(table, opps, report)
    report.counts["history"] = (len(raw), int(keep.sum()))
    return table.sort_values(["date", "opp_id"], kind="stable").reset_index(drop=True)


def _complete(table: pd.DataFrame, opps: pd.DataFrame, report: LoadReport) -> pd.DataFrame:
    """A creation row per deal and field the history does not start with, and a closing row for each close it lacks.

    A field's value from creation to its first recorded change is that change's old
    value (the current value when the field never changed); a closed deal whose
    history has no close is closed on its closed date.
    """
    file = report.files["opportunities"]
    info = opps.set_index("opp_id")
    current = {"stage": info["stage"].where(info["stage"] != CLOSED_STAGE, None),
               "amount": info["amount"].map(lambda a: None if pd.isna(a) else f"{a:.2f}"),
               "close_date": info["close_date"].dt.strftime("%Y-%m-%d")}
    added = []
    ordered = table.sort_values(["opp_id", "date"], kind="stable")
    for name in ("stage", "amount", "close_date"):
        changes = ordered[ordered["field"] == name]
        first = changes.groupby("opp_id").first()
        start = pd.Series(current[name].to_numpy(), index=info.index, dtype=object)
        has = first.index
        start.loc[has] = first["old"].where(first["old"].notna(), first["new"]).to_numpy()
        needed = ~info.index.isin(has) | (first["date"].reindex(info.index) > info["created"]).to_numpy()
        rows = pd.DataFrame({"opp_id": info.index[needed], "date": info["created"][needed].to_numpy(),
                             "field": name, "old": None, "new": start[needed].to_numpy()})
        added.append(rows.dropna(subset=["new"]))
    closes = ordered[(ordered["field"] == "stage") & (ordered["new"] == CLOSED_STAGE)]["opp_id"].unique()
    lacking = info[(info["stage"] == CLOSED_STAGE) & ~info.index.isin(closes)]
    added.append(pd.DataFrame({"opp_id": lacking.index, "date": lacking["closed_on"].to_numpy(), "field": "stage",
                               "old": None, "new": CLOSED_STAGE}))
    extra = pd.concat(added, ignore_index=True)
    no_stage = info.index[(info["stage"] == CLOSED_STAGE) & ~info.index.isin(ordered.loc[ordered["field"] == "stage",
                                                                                         "opp_id"])]
    report.note(file, info.loc[no_stage, "crm_row"],
                "closed deal with no stage change in the history: not in the weekly pipeline (its stages are unknown)")
    return pd.concat([table, extra], ignore_index=True) if len(extra) else table

