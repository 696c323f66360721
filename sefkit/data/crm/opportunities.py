"""The opportunities export: each row read by the rules of docs/CRM.md, or left out and listed.

:func:`read_opportunities` takes the export's text cells and returns the
opportunities table of the data contract (the owner and account still as the
export writes them; :mod:`sefkit.data.crm.loading` links them to the reps and
accounts files), with two extra columns: ``crm_id`` (the export's own id) and
``crm_stage`` (the export's own stage name).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..team import CLOSED_STAGE, OPEN_STAGES, OUTCOMES, QUALIFICATION_FIELDS
from .report import LoadReport, refuse
from .stages import (
    NO_DECISION_REASONS,
    REASON_GUESSES,
    SOURCE_GUESSES,
    STAGE_GUESSES,
    STAGE_MEANINGS,
    read_as,
)
from .values import blank, currencies, dates, name_key, numbers, row_list


@dataclass
class Options:
    """How to read an export: the caller's dictionaries and reading choices (see :func:`sefkit.data.crm.load`)."""

    stages: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    as_of: pd.Timestamp = field(default_factory=lambda: pd.Timestamp.today().normalize())
    dayfirst: bool = False
    decimal: str = "."
    currency: str | None = None
    rates: dict = field(default_factory=dict)


def spreadsheet_rows(raw: pd.DataFrame) -> np.ndarray:
    """The spreadsheet row number of each row (the header is row 1)."""
    return np.arange(len(raw)) + 2


class Rows:
    """The rows of one file still in use, and the report of those left out."""

    def __init__(self, raw: pd.DataFrame, file: str, id_column: str | None, report: LoadReport):
        self.raw, self.file, self.report = raw, file, report
        self.row = pd.Series(spreadsheet_rows(raw), index=raw.index)
        self.ids = raw[id_column].astype(object) if id_column else pd.Series("", index=raw.index, dtype=object)
        self.used = pd.Series(True, index=raw.index)

    def drop(self, mask: pd.Series, column: str | None, reason: str) -> None:
        """Leave out the rows in ``mask`` still used, listing each with ``column``'s value and ``reason``."""
        mask = mask.fillna(False).astype(bool) & self.used
        if mask.any():
            values = self.raw.loc[mask, column] if column in self.raw.columns else [""] * int(mask.sum())
            self.report.skip(self.file, self.row[mask], self.ids[mask].fillna(""), column, values, reason)
            self.used &= ~mask

    def note(self, mask: pd.Series, rule: str) -> None:
        """Record that the used rows in ``mask`` were read under ``rule``."""
        mask = mask.fillna(False).astype(bool) & self.used
        self.report.note(self.file, self.row[mask], rule)


def drop_duplicates(rows: Rows, id_col: str) -> None:
    """Read an exact copy of a row once; leave out (and list) every row of an id that has differing rows."""
    ids = rows.raw[id_col]
    dup = ids.duplicated(keep=False) & ids.notna() & rows.used
    if not dup.any():
        return
    same = rows.raw[dup].fillna("").astype(str).duplicated(keep="first")
    copies = same.reindex(rows.raw.index, fill_value=False)
    first_row = rows.row[dup].groupby(ids[dup]).transform("min")
    for r in np.unique(first_row[copies].to_numpy()):
        mask = copies & (first_row.reindex(rows.raw.index) == r)
        rows.drop(mask, id_col, f"the same row again (a copy of row {r}): read once")
    live = ids.where(rows.used)
    conflict = live.duplicated(keep=False) & live.notna()
    for value, group in rows.row[conflict].groupby(ids[conflict]):
        rows.drop(conflict & (ids == value), id_col,
                  f"the id is on {row_list(group)} with different values: none is used, since which is right "
                  "cannot be told (export one row per opportunity, or remove the wrong ones)")


def _stages(raw: pd.DataFrame, mapping: dict, opts: Options, file: str, report: LoadReport, rows: Rows):
    col = mapping["stage"]
    rows.drop(blank(raw[col]), col, "no stage")
    stage_text = raw[col].where(rows.used)
    known, unknown = read_as(stage_text, opts.stages, STAGE_GUESSES)
    bad = {s: v for s, (v, _) in known.items() if v not in (*STAGE_MEANINGS, CLOSED_STAGE)}
    if bad:
        stage, meaning = next(iter(bad.items()))
        raise refuse(file, col, [], f"stages={{{stage!r}: {meaning!r}}} is not a stage we know",
                     f"read each stage as one of {', '.join(STAGE_MEANINGS)}")
    if unknown:
        where = rows.row[stage_text.isin(unknown)].tolist()
        counts = stage_text[stage_text.isin(unknown)].value_counts()
        raise refuse(file, col, where, "unknown stages " + ", ".join(f"{s!r} ({n} rows)" for s, n in counts.items()),
                     "say what each means with stages={" + ", ".join(f"{s!r}: 'won'" for s in counts.index[:2])
                     + ", ...}, each one of " + ", ".join(STAGE_MEANINGS))
    for stage, (meaning, how) in known.items():
        report.stage(stage, meaning, how, int((stage_text == stage).sum()))
    meaning = stage_text.map({s: v for s, (v, _) in known.items()})
    closed = meaning == CLOSED_STAGE
    if closed.any():
        if "outcome" not in mapping:
            raise refuse(file, col, rows.row[closed].tolist(), f"the stage {CLOSED_STAGE!r} needs an outcome column",
                         "map the column holding won/lost/no_decision/disqualified with columns={'<column>': 'outcome'}")
        outcome = raw[mapping["outcome"]]
        wrong = closed & ~outcome.isin(OUTCOMES)
        if wrong.any():
            raise refuse(file, mapping["outcome"], rows.row[wrong].tolist(),
                         "closed deals need an outcome of " + ", ".join(OUTCOMES),
                         "correct the outcome, or read the stage column with stages={...}")
        meaning = meaning.where(~closed, outcome)
    return meaning


def _money(raw: pd.DataFrame, mapping: dict, opts: Options, file: str, rows: Rows) -> pd.Series:
    col = mapping["amount"]
    amount, unreadable = numbers(raw[col], opts.decimal)
    rows.drop(unreadable, col, "the amount is not a number (write it as digits, such as 12500 or 12,500.00)")
    written = currencies(raw[col])
    if "currency" in mapping:
        given = raw[mapping["currency"]].str.upper()
        code = given.where(~blank(raw[mapping["currency"]]), written)
    else:
        code = written
    code = code.where(rows.used)
    seen = code.dropna().value_counts()
    reporting = opts.currency or (seen.index[0] if len(seen) else None)
    others = [c for c in seen.index if c != reporting]
    if others:
        missing = [c for c in others if c not in opts.rates]
        if missing:
            column = mapping.get("currency", col)
            raise refuse(file, column, rows.row[code.isin(missing)].tolist(),
                         f"the amounts are in several currencies ({', '.join(f'{c}: {n} rows' for c, n in seen.items())})",
                         f"give the rate of each to {reporting} with rates={{" + ", ".join(f"'{c}': ..." for c in missing)
                         + f"}} (1 {missing[0]} = how many {reporting}), or currency='...' to report in another one")
        rate = code.map({**opts.rates, reporting: 1.0}).fillna(1.0)
        converted = code.isin(others)
        rows.note(converted, f"amounts in {', '.join(others)} converted to {reporting} at the rates given")
        amount = amount * rate
    negative = amount < 0
    rows.drop(negative, col, "the amount is negative (a credit or a correction, not a deal)")
    return amount


def read_opportunities(raw: pd.DataFrame, mapping: dict, opts: Options, file: str,
                       report: LoadReport) -> pd.DataFrame:
    """The opportunities of an export, by the rules of docs/CRM.md; every row not used goes to ``report``."""
    rows = Rows(raw, file, mapping["opp_id"], report)
    id_col = mapping["opp_id"]
    rows.drop(blank(raw[id_col]), id_col, "no id")
    drop_duplicates(rows, id_col)
    rows.drop(blank(raw[mapping["rep"]]), mapping["rep"], "no owner (rep)")
    meaning = _stages(raw, mapping, opts, file, report, rows)

    created, bad = dates(raw[mapping["created"]], opts.dayfirst)
    rows.drop(bad, mapping["created"], "the created date is not a date")
    rows.drop(created.isna(), mapping["created"], "no created date")
    rows.drop(created > opts.as_of, mapping["created"], f"created after the export's date ({opts.as_of.date()})")
    close, bad = dates(raw[mapping["close_date"]], opts.dayfirst)
    rows.drop(bad, mapping["close_date"], "the close date is not a date")
    if "closed_on" in mapping:
        closed_on, bad = dates(raw[mapping["closed_on"]], opts.dayfirst)
        rows.drop(bad, mapping["closed_on"], "the closed date is not a date")
    else:
        closed_on = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    amount = _money(raw, mapping, opts, file, rows)

    is_open = meaning.isin(OPEN_STAGES)
    is_closed = meaning.isin(OUTCOMES)
    ended = closed_on.where(closed_on.notna(), close).where(is_closed)
    rows.drop(is_closed & ended.isna(), mapping["close_date"], "a closed deal without a close date")
    rows.drop(ended > opts.as_of, mapping.get("closed_on", mapping["close_date"]),
              f"closed, but dated after the export's date ({opts.as_of.date()}): its real close date is unknown "
              "(correct the close date in the CRM)")
    rows.drop(ended < created, mapping.get("closed_on", mapping["close_date"]), "closed before it was created")
    rows.note(is_open & close.isna(), "open deal without a close date: counted as open pipeline, in no quarter")
    if "closed_on" in mapping:
        rows.note(is_closed & closed_on.isna(), "closed deal without a closed date: its close date is used")

    outcome = meaning.where(is_closed)
    reason = _labels(raw, mapping, "loss_reason", REASON_GUESSES, opts, rows)
    if reason is not None:
        to_nd = (outcome == "lost") & reason.isin(NO_DECISION_REASONS)
        rows.note(to_nd, "lost with a no-decision reason (status quo, went dark): counted as no decision")
        outcome = outcome.where(~to_nd, "no_decision")
        reason = reason.where(is_closed & (outcome != "won"))
    zero_lost = outcome.isin(("lost", "no_decision", "disqualified")) & (amount == 0)
    rows.note(zero_lost, "amount 0 on a deal not won: its amount is read as unknown, not as 0")
    amount = amount.where(~zero_lost)
    rows.note(amount.isna() & ~zero_lost, "no amount: the deal counts, its money is unknown")
    account = raw[mapping["account"]] if "account" in mapping else pd.Series(None, index=raw.index)
    rows.note(blank(account.astype(object)) & is_open, "open deal without an account: kept, with no account")
    rows.note(blank(account.astype(object)) & is_closed, "closed deal without an account: kept, with no account")

    keep = rows.used.to_numpy()
    crm_id = raw[id_col][keep]
    numeric = crm_id.str.fullmatch(r"\d{1,18}").all()
    opp_id = crm_id.astype("int64").to_numpy() if numeric and len(crm_id) else np.arange(1, keep.sum() + 1)
    out = pd.DataFrame({
        "opp_id": opp_id,
        "rep_id": raw[mapping["rep"]][keep].to_numpy(),
        "account_id": account.astype(object).where(~blank(account.astype(object)), None)[keep].to_numpy(),
        "source": _source(raw, mapping, opts, rows)[keep].to_numpy(),
        "created": created[keep].to_numpy(),
        "amount": amount[keep].to_numpy(),
        "stage": meaning.where(is_open, CLOSED_STAGE)[keep].to_numpy(),
        "close_date": close.where(close.notna() | ~is_closed, ended)[keep].to_numpy(),
        "closed_on": ended[keep].to_numpy(),
        "outcome": outcome.astype(object).where(is_closed, None)[keep].to_numpy(),
        "loss_reason": (reason.astype(object).where(reason.notna(), None)[keep].to_numpy()
                        if reason is not None else None),
    })
    out = out.join(_qualification(raw, mapping, file, rows).loc[keep].reset_index(drop=True))
    out["crm_id"] = crm_id.to_numpy()
    out["crm_stage"] = raw[mapping["stage"]][keep].to_numpy()
    out["crm_row"] = rows.row[keep].to_numpy()
    return out


def _labels(raw, mapping, name, guesses, opts, rows) -> pd.Series | None:
    """A label column read as ours where known (given in ``values[name]`` or guessed), else its own text."""
    if name not in mapping:
        return None
    text = raw[mapping[name]].where(~blank(raw[mapping[name]]))
    known, unknown = read_as(text.where(rows.used), opts.values.get(name, {}), guesses)
    out = text.map({k: v for k, (v, _) in known.items()}).where(text.isin(list(known)), text)
    rows.note(text.isin(unknown), f"{name} not one of ours: kept in the export's words")
    return out


def _source(raw, mapping, opts, rows) -> pd.Series:
    out = _labels(raw, mapping, "source", SOURCE_GUESSES, opts, rows)
    return out.astype(object) if out is not None else pd.Series(None, index=raw.index, dtype=object)


def _qualification(raw, mapping, file, rows) -> pd.DataFrame:
    """The MEDDPICC fields (0-3 each) and their total, all missing when the export has none of them."""
    cols = list(QUALIFICATION_FIELDS) + ["qualification_score"]
    given = [f for f in QUALIFICATION_FIELDS if f in mapping]
    if not given and "qualification_score" not in mapping:
        return pd.DataFrame({c: pd.Series(pd.NA, index=raw.index, dtype=object) for c in cols})
    out = {}
    for f in cols:
        if f not in mapping:
            out[f] = pd.Series(pd.NA, index=raw.index, dtype=object)
            continue
        value, bad = numbers(raw[mapping[f]])
        top = 3 * len(QUALIFICATION_FIELDS) if f == "qualification_score" else 3
        wrong = (bad | value.isna() | (value < 0) | (value > top) | (value % 1 != 0)) & rows.used
        if wrong.any():
            raise refuse(file, mapping[f], rows.row[wrong].tolist(), f"{f} must be a whole number from 0 to {top}",
                         "correct the values, or leave the column out of columns={...}")
        out[f] = value
    if "qualification_score" not in mapping and len(given) == len(QUALIFICATION_FIELDS):
        out["qualification_score"] = sum(out[f] for f in QUALIFICATION_FIELDS)
    return pd.DataFrame(out)


def name_variants(values: pd.Series) -> dict:
    """Spellings of one name that differ only in spaces, case or punctuation, read as the most common one.

    >>> name_variants(pd.Series(["GTX Pro", "GTXPro", "GTX Pro", "Acme"]))
    {'GTXPro': 'GTX Pro'}
    """
    names = values.dropna()
    if names.empty:
        return {}
    counts = names.value_counts(sort=False)
    table = pd.DataFrame({"name": counts.index, "n": counts.to_numpy()})
    table["key"] = name_key(table["name"]).to_numpy()
    table["order"] = np.arange(len(table))
    table = table.sort_values(["key", "n", "order"], ascending=[True, False, True], kind="stable")
    best = table.groupby("key", sort=False)["name"].transform("first")
    differs = table["name"] != best
    return dict(zip(table["name"][differs], best[differs], strict=True))
