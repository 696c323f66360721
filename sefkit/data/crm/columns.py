"""Reading an export file and naming its columns with our fields.

Each kind of file (opportunities, reps, accounts, quotas, activities, history) has
fields: some required, some optional. ``columns={"Opportunity Owner": "rep"}``
says which export column holds which field; a field not given is guessed from
the column names common CRM exports use (Salesforce- and HubSpot-style reports,
and our own export), matching letters and digits only ("Close Date", "close_date"
and "CloseDate" are one name). Every guess is reported.

>>> raw = pd.DataFrame({"Opportunity ID": ["1"], "Opportunity Owner": ["Ana"], "Stage": ["Closed Won"],
...                     "Created Date": ["2025-01-02"], "Close Date": ["2025-02-03"], "Amount": ["100"]})
>>> mapping = map_columns(raw, "opportunities", "opps.csv", {}, LoadReport())
>>> mapping["rep"], mapping["created"]
('Opportunity Owner', 'Created Date')
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..team import QUALIFICATION_FIELDS
from .report import LoadReport, refuse
from .values import key

#: Each kind of file: its fields, each with the export column names guessed for it.
#: Required fields are those in :data:`REQUIRED`.
FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "opportunities": {
        "opp_id": ("crm_id", "opp_id", "Opportunity ID", "Opportunity Id", "Id", "Deal ID", "Record ID", "Opportunity Number"),
        "rep": ("rep_id", "rep", "Opportunity Owner", "Owner", "Owner Name", "Deal owner", "Sales Rep",
                "Account Executive", "Owner Full Name"),
        "account": ("account_id", "account", "Account Name", "Account", "Company", "Company Name",
                    "Associated Company", "Associated Company (Primary)"),
        "stage": ("stage", "Stage", "Stage Name", "Deal Stage", "Pipeline Stage"),
        "outcome": ("outcome", "Outcome"),
        "created": ("created", "Created Date", "Create Date", "Date Created", "Created On", "Opportunity Created Date"),
        "close_date": ("close_date", "Close Date", "Expected Close Date", "Estimated Close Date"),
        "closed_on": ("closed_on", "Closed Date", "Date Closed", "Actual Close Date", "Closed On"),
        "amount": ("amount", "Amount", "Deal Amount", "Opportunity Amount", "Total Contract Value", "ACV"),
        "currency": ("currency", "Currency", "Amount Currency", "Opportunity Currency", "Currency ISO Code",
                     "Deal Currency"),
        "source": ("source", "Lead Source", "Source", "Original Source", "Opportunity Source"),
        "loss_reason": ("loss_reason", "Loss Reason", "Closed Lost Reason", "Reason Lost", "Lost Reason"),
        **{f: (f,) for f in QUALIFICATION_FIELDS},
        "qualification_score": ("qualification_score", "Qualification Score", "MEDDPICC Score"),
    },
    "reps": {
        "rep_id": ("rep_id", "User ID", "Owner ID", "Employee ID", "Id", "Full Name", "Name", "User"),
        "name": ("name", "Full Name", "Name", "User", "Owner Name", "Rep"),
        "manager_id": ("manager_id", "Manager", "Manager ID", "Manager Name", "Reports To"),
        "territory_id": ("territory_id", "Territory", "Region", "Sales Region", "Territory Name"),
        "hire_date": ("hire_date", "Hire Date", "Start Date", "Date Hired"),
        "segment": ("segment", "Segment", "Sales Segment", "Team"),
    },
    "accounts": {
        "account_id": ("account_id", "Account ID", "Company ID", "Record ID", "Id"),
        "name": ("Account Name", "Company Name", "Name", "Company", "Account"),
        "territory_id": ("territory_id", "Territory", "Region", "Sales Region"),
        "industry": ("industry", "Industry"),
        "employees": ("employees", "Employees", "Number of Employees", "Employee Count", "Headcount"),
        "icp_fit": ("icp_fit", "ICP Fit", "Fit Score", "ICP Score"),
        "tier": ("tier", "Tier", "Account Tier"),
        "potential_acv": ("potential_acv", "Potential ACV", "Potential", "Account Potential"),
        "is_customer": ("is_customer", "Is Customer", "Customer", "Customer Flag"),
    },
    "quotas": {
        "rep": ("rep_id", "rep", "Rep", "Owner", "User", "Sales Rep", "Quota Owner"),
        "quarter": ("quarter", "Quarter", "Period", "Fiscal Quarter", "Start Date"),
        "quota": ("quota", "Quota", "Quota Amount", "Target"),
    },
    "activities": {
        "rep": ("rep_id", "rep", "Assigned", "Assigned To", "Owner", "Activity Owner", "Activity assigned to"),
        "account": ("account_id", "account", "Account Name", "Company", "Company Name", "Related To", "Account"),
        "date": ("week", "date", "Date", "Activity Date", "Due Date", "Activity date", "Create Date"),
        "type": ("type", "Type", "Activity Type", "Task Subtype", "Activity type"),
        "outcome": ("outcome", "Outcome", "Call Result", "Call outcome", "Result", "Status"),
    },
    "history": {
        "opp_id": ("opp_id", "Opportunity ID", "Opportunity Id", "Deal ID", "Record ID"),
        "date": ("date", "Edit Date", "Date", "Changed Date", "Last Modified Date", "Timestamp"),
        "field": ("field", "Field / Event", "Field", "Property", "Field Name", "Event"),
        "old": ("old", "Old Value", "Previous Value", "From"),
        "new": ("new", "New Value", "Value", "To"),
    },
}
#: The fields each kind of file cannot do without.
REQUIRED = {
    "opportunities": ("opp_id", "rep", "stage", "created", "close_date", "amount"),
    "reps": ("rep_id",),
    "accounts": ("account_id",),
    "quotas": ("rep", "quarter", "quota"),
    "activities": ("rep", "account", "date", "type", "outcome"),
    "history": ("opp_id", "date", "field", "new"),
}
#: What each field means, for messages.
WORDS = {
    "opp_id": "the opportunity's id", "rep": "the owner (the rep)", "stage": "the stage",
    "created": "the created date", "close_date": "the close date", "amount": "the amount",
    "rep_id": "the rep's id", "account_id": "the account's id", "quarter": "the quarter",
    "quota": "the quota", "account": "the account", "date": "the date", "type": "the activity type",
    "outcome": "the outcome", "field": "which field changed", "new": "the new value",
}


def read_file(path) -> pd.DataFrame:
    """Every cell of a CSV or Excel file as text without surrounding spaces (empty cells missing).

    CSV files may be comma, semicolon or tab separated (the separator is sniffed)
    and UTF-8 (with or without a byte-order mark) or Latin-1. Excel files
    (.xlsx, .xlsm) are read from their first sheet.
    """
    path = Path(path)
    if not path.is_file():
        raise refuse(str(path), None, [], "there is no such file", "check the name and the folder")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            df = pd.read_excel(path, dtype=str, sheet_name=0)
        except ImportError:
            raise refuse(path.name, None, [], "reading Excel files needs the openpyxl package",
                         "install it (pip install openpyxl) or save the export as CSV") from None
    elif suffix == ".xls":
        raise refuse(path.name, None, [], "old Excel files (.xls) cannot be read",
                     "save it as .xlsx or CSV from Excel")
    elif suffix in (".csv", ".txt", ".tsv", ""):
        df = None
        for encoding in ("utf-8-sig", "latin-1"):
            try:
                df = pd.read_csv(path, dtype=str, sep=None, engine="python", encoding=encoding,
                                 keep_default_na=False, na_values=[""], skipinitialspace=True) \
                    if path.stat().st_size < 2_000_000 else \
                    pd.read_csv(path, dtype=str, encoding=encoding, keep_default_na=False, na_values=[""],
                                sep=_sniff(path, encoding))
                break
            except UnicodeDecodeError:
                continue
            except pd.errors.ParserError as err:
                raise refuse(path.name, None, [], f"the file is not a table CSV can read ({err})",
                             "save it again as CSV (comma separated) from the CRM or a spreadsheet") from None
    else:
        raise refuse(path.name, None, [], f"files ending in {suffix} cannot be read",
                     "export the report as CSV or Excel (.xlsx)")
    df.columns = [str(c).strip() for c in df.columns]
    for c in df.columns:  # cells as text without surrounding spaces; an empty cell is missing
        codes, uniques = pd.factorize(df[c], use_na_sentinel=True)
        tidy = np.array([u.strip() or None for u in uniques] + [None], dtype=object)
        df[c] = tidy[codes]
    return df


def _sniff(path: Path, encoding: str) -> str:
    with open(path, encoding=encoding) as f:
        header = f.readline()
    return max((",", ";", "\t"), key=header.count)


def map_columns(raw: pd.DataFrame, kind: str, file: str, given: dict, report: LoadReport) -> dict[str, str]:
    """Our field -> the export column holding it, for one file.

    ``given`` maps export column names to our fields (the caller's ``columns``);
    fields not given are guessed from :data:`FIELDS`. Each is recorded in ``report``.

    Raises:
        CrmError: a given column is not in the file, a field is given twice, or a
            required field has no column.
    """
    fields = FIELDS[kind]
    mapping: dict[str, str] = {}
    for column, ours in given.items():
        if ours not in fields:
            continue  # a field of another kind of file (one columns= dictionary may serve several)
        if column not in raw.columns:
            continue  # load() checks that every given column is in some file
        if ours in mapping:
            raise refuse(file, column, [], f"two columns are given for {ours} ({mapping[ours]!r} and {column!r})",
                         "give one column per field in columns={...}")
        mapping[ours] = column
        report.guess(file, column, ours, "given")
    keys = {}
    for column in raw.columns:
        keys.setdefault(key(column), column)
    taken = set(mapping.values())
    for ours, names in fields.items():
        if ours in mapping:
            continue
        for name in names:
            column = keys.get(key(name))
            if column is not None and column not in taken and column not in given:
                mapping[ours] = column
                taken.add(column)
                report.guess(file, column, ours)
                break
    for ours, column in list(mapping.items()):  # an optional column with nothing in it is not in the export
        if ours not in REQUIRED[kind] and raw[column].isna().all():
            del mapping[ours]
            report.guess(file, column, ours, "empty: read as not in the export")
    missing = [f for f in REQUIRED[kind] if f not in mapping]
    if missing:
        raise refuse(file, None, [], "no column holds " + ", ".join(f"{WORDS.get(f, f)} ({f})" for f in missing),
                     "say which column holds it, for example columns={"
                     + ", ".join(f"'<your column>': '{f}'" for f in missing)
                     + "}; the file's columns are " + ", ".join(map(repr, raw.columns)))
    return mapping
