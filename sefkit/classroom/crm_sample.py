"""The sample CRM export lesson 10 reads: a made-up team, written as a typical CRM's reports.

The course ships it in ``course/data/crm_sample/`` (regenerate with
``python -m sefkit.classroom.crm_sample``; a test checks the files are current).
It is a simulated team (lesson 10's ``LESSON_SCENARIO`` and ``LESSON_SEED``), exported the way a
Salesforce-style CRM writes its reports, so the lesson has numbers that behave
like a real team's:

* ``opportunities.csv``: the opportunities created since January 2025, one row
  each, with 18-character ids, the owner's full name in a column called ``AE``,
  Salesforce's stage names (and a custom ``Demo Done`` stage), the expected close
  date in ``Est. Close``, US dates, lead sources and loss reasons in the CRM's
  words. No-decision deals are "Closed Lost" with a no-decision reason, as most
  CRMs record them.
* ``users.csv`` (name, manager, region, start date), ``quotas.csv`` (per rep and quarter, "Q1 2025"), and
  ``opportunity_history.csv`` (stage, amount and close-date changes: "Field /
  Event", "Old Value", "New Value", as a field history report writes them).

A few rows are messy on purpose, as real exports are (:data:`MESSY`): a row
exported twice, one account spelt two ways, lost deals with amount 0, an open deal
without a close date, an amount "TBD", an open deal without an account, and a deal
closed after the export's date.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from ..engine.simulation import simulate
from .lessons.your_team import LESSON_SCENARIO, LESSON_SEED, SAMPLE_FOLDER

#: The first day of the report's filter ("created since").
SINCE = "2025-01-06"
FOLDER = SAMPLE_FOLDER
#: What each of our stages is called in the sample CRM.
STAGE_NAMES = {"qualify": "Qualification", "discover": "Demo Done", "propose": "Proposal/Price Quote",
               "negotiate": "Negotiation/Review", "won": "Closed Won", "lost": "Closed Lost",
               "no_decision": "Closed Lost", "disqualified": "Disqualified"}
REASON_NAMES = {"competitor": "Lost to Competitor", "price": "Price", "product_gap": "Missing Feature",
                "status_quo": "No Decision", "went_dark": "Unresponsive", "poor_fit": "Not a Fit",
                "no_budget": "No Budget"}
SOURCE_NAMES = {"outbound": "Cold Call", "marketing": "Web", "referral": "Partner Referral",
                "expansion": "Existing Customer"}
#: The messy rows, by what is wrong with them (what lesson 10 and the tests look for).
MESSY = ("a row exported twice", "an account spelt two ways", "amount 0 on lost deals",
         "an open deal without a close date", "an amount written TBD", "an open deal without an account",
         "a deal closed after the export's date")
_FIRST = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kemi", "Liam"]
_LAST = ["Lopez", "Okafor", "Martin", "Patel", "Yilmaz", "Haddad", "Kim", "Moreau", "Silva", "Berg", "Adeyemi",
         "Walsh"]
_PARTS = ["Acme", "Borealis", "Cygnus", "Delta", "Evergreen", "Fulcrum", "Granite", "Helix", "Ion", "Juniper",
          "Keystone", "Lumen", "Meridian", "Nimbus", "Orion", "Pioneer", "Quartz", "Redwood", "Summit", "Tidal"]
_KINDS = ["Systems", "Foods", "Logistics", "Health", "Labs", "Energy", "Retail", "Capital", "Media", "Works"]


def _sf_id(prefix: str, n: int) -> str:
    return f"{prefix}5g00000{n:07d}AA"


def _us(dates: pd.Series) -> pd.Series:
    return dates.dt.strftime("%m/%d/%Y").where(dates.notna(), "")


def tables() -> dict[str, pd.DataFrame]:
    """The sample export's files, by file name."""
    team = simulate(LESSON_SCENARIO, seed=LESSON_SEED)
    reps = team.reps.reset_index(drop=True)
    names = {r: f"{_FIRST[i]} {_LAST[i]}" for i, r in enumerate(reps["rep_id"])}
    managers = {m: f"{_FIRST[-1 - i]} {_LAST[-1 - i]}" for i, m in enumerate(reps["manager_id"].unique())}
    users = pd.DataFrame({"Full Name": reps["rep_id"].map(names), "Manager": reps["manager_id"].map(managers),
                          "Region": reps["territory_id"], "Start Date": _us(reps["hire_date"])})
    accounts = team.accounts["account_id"].tolist()
    company = {a: f"{_PARTS[i % len(_PARTS)]} {_KINDS[(i // len(_PARTS)) % len(_KINDS)]}"
               + ("" if i < len(_PARTS) * len(_KINDS) else f" {i // (len(_PARTS) * len(_KINDS)) + 1}")
               for i, a in enumerate(accounts)}
    opps = team.opportunities[team.opportunities["created"] >= pd.Timestamp(SINCE)].reset_index(drop=True)
    ids = {o: _sf_id("006", o) for o in opps["opp_id"]}
    meaning = opps["stage"].where(opps["stage"] != "closed", opps["outcome"])
    close = opps["closed_on"].where(opps["closed_on"].notna(), opps["close_date"])
    out = pd.DataFrame({
        "Opportunity ID": opps["opp_id"].map(ids),
        "Opportunity Name": opps["account_id"].map(company) + " - " + opps["source"].map(
            {"expansion": "Expansion"}).fillna("New Business"),
        "AE": opps["rep_id"].map(names),
        "Account Name": opps["account_id"].map(company),
        "Stage": meaning.map(STAGE_NAMES),
        "Amount": opps["amount"].map(lambda a: f"{a:.0f}"),
        "Created Date": _us(opps["created"]),
        "Est. Close": _us(close),
        "Lead Source": opps["source"].map(SOURCE_NAMES),
        "Loss Reason": opps["loss_reason"].map(REASON_NAMES).fillna(""),
    })
    out = _mess(out, meaning)
    hist = team.opp_history[team.opp_history["opp_id"].isin(ids) & team.opp_history["old"].notna()]
    field_names = {"stage": "Stage", "amount": "Amount", "close_date": "Close Date"}

    def shown(field: pd.Series, value: pd.Series) -> pd.Series:
        stage = value.map({**STAGE_NAMES, "closed": None})
        closing = (field == "stage") & (value == "closed")
        outcome_stage = hist["opp_id"].map(dict(zip(opps["opp_id"], meaning.map(STAGE_NAMES), strict=True)))
        stage = stage.where(~closing, outcome_stage)
        day = pd.to_datetime(value.where(field == "close_date"), errors="coerce")
        return stage.where(field == "stage", value.where(field != "close_date", _us(day)))

    history = pd.DataFrame({"Opportunity ID": hist["opp_id"].map(ids), "Edit Date": _us(hist["date"]),
                            "Field / Event": hist["field"].astype(str).map(field_names),
                            "Old Value": shown(hist["field"].astype(str), hist["old"]),
                            "New Value": shown(hist["field"].astype(str), hist["new"])})
    quotas = team.quotas.assign(Owner=team.quotas["rep_id"].map(names),
                                Quarter=team.quotas["quarter"].str.replace(r"(\d{4})Q(\d)", r"Q\2 \1", regex=True),
                                Quota=team.quotas["quota"].map(lambda q: f"{q:.0f}"))[["Owner", "Quarter", "Quota"]]
    return {"opportunities.csv": out, "users.csv": users, "quotas.csv": quotas,
            "opportunity_history.csv": history.reset_index(drop=True)}


def _mess(out: pd.DataFrame, meaning: pd.Series) -> pd.DataFrame:
    """The messy rows of :data:`MESSY`, at fixed places."""
    out = out.copy()
    is_open = meaning.isin(["qualify", "discover", "propose", "negotiate"]).to_numpy()
    lost = np.flatnonzero((meaning == "lost").to_numpy())
    open_rows = np.flatnonzero(is_open)
    won = np.flatnonzero((meaning == "won").to_numpy())
    # an account spelt two ways: the second deal of the account with most deals
    top = out["Account Name"].value_counts().index[0]
    rows = np.flatnonzero((out["Account Name"] == top).to_numpy())
    out.loc[rows[1], "Account Name"] = top.replace(" ", "")
    out.loc[lost[[3, 17, 40]], "Amount"] = "0"
    out.loc[open_rows[2], "Est. Close"] = ""
    out.loc[open_rows[5], "Amount"] = "TBD"
    out.loc[open_rows[8], "Account Name"] = ""
    out.loc[won[-1], "Est. Close"] = "01/15/2027"
    return pd.concat([out, out.iloc[[10]]], ignore_index=True)    # a row exported twice


def write(folder=FOLDER) -> Path:
    """Write the sample export's files into ``folder``; return it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in tables().items():
        df.to_csv(folder / name, index=False)
    return folder


if __name__ == "__main__":
    print(f"wrote the sample CRM export to {write(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER)}")
