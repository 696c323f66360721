"""The load report: what was read from each file, how, and every row not used and why.

>>> r = LoadReport()
>>> r.guess("opportunities.csv", "Opportunity Owner", "rep")
>>> r.skip("opportunities.csv", [3, 7], ["006A", "006B"], "Created Date", ["", ""], "no created date")
>>> r.not_used[["row", "id", "reason"]].values.tolist()
[[3, '006A', 'no created date'], [7, '006B', 'no created date']]
>>> print(r.text().splitlines()[0])
Load report
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .values import row_list

NOT_USED_COLUMNS = ["file", "row", "id", "column", "value", "reason"]
NOTE_COLUMNS = ["file", "rows", "count", "rule"]


class CrmError(ValueError):
    """An export the reader refuses: the message names the file, the column, the rows and what to do."""


def refuse(file: str, column: str | None, rows, problem: str, todo: str) -> CrmError:
    """The error for a case the reader will not guess at.

    >>> str(refuse("opps.csv", "Stage", [4, 9], "unknown stage 'Won?'", "add it to stages={...}"))
    "opps.csv, column 'Stage', rows 4 and 9: unknown stage 'Won?'. What to do: add it to stages={...}"
    """
    where = file + (f", column {column!r}" if column else "") + (f", {row_list(rows)}" if len(rows) else "")
    return CrmError(f"{where}: {problem}. What to do: {todo}")


@dataclass
class LoadReport:
    """What :func:`sefkit.data.crm.load` did with each file.

    * ``files``: each kind of file read (opportunities, reps ...) and its name.
    * ``columns``: which export column became which of our fields, and whether it
      was given or guessed.
    * ``stages``: each export stage, the stage or outcome it was read as, given or guessed.
    * ``not_used``: one line per row left out, with the spreadsheet row number
      (the header is row 1), the row's id, the column at fault, its value and why.
    * ``notes``: rows that were used under a documented rule (docs/CRM.md).
    * ``absent``: the tables (and columns) the team does not have, and why.
    * ``counts``: rows read and rows used per file.
    """

    files: dict = field(default_factory=dict)
    columns: list = field(default_factory=list)
    stages: list = field(default_factory=list)
    _not_used: list = field(default_factory=list, repr=False)
    _notes: list = field(default_factory=list, repr=False)
    absent: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)

    # -- recording ---------------------------------------------------------------------------
    def guess(self, file: str, column: str, ours: str, how: str = "guessed") -> None:
        """Record that export ``column`` of ``file`` is read as our field ``ours``."""
        self.columns.append({"file": file, "column": column, "field": ours, "how": how})

    def stage(self, export: str, ours: str, how: str, rows: int) -> None:
        """Record that the export's stage ``export`` is read as ``ours``."""
        self.stages.append({"stage": export, "read_as": ours, "how": how, "rows": rows})

    def skip(self, file: str, rows, ids, column: str | None, values, reason: str) -> None:
        """Record rows not used: spreadsheet row numbers, their ids, the column and values at fault, why."""
        rows, ids, values = list(rows), list(ids), list(values)
        if rows:
            self._not_used.append(pd.DataFrame({
                "file": file, "row": rows, "id": ids, "column": column or "", "value": values, "reason": reason}))

    def note(self, file: str, rows, rule: str) -> None:
        """Record rows used under a rule (``rows`` are spreadsheet row numbers)."""
        rows = [int(r) for r in rows]
        if rows:
            self._notes.append({"file": file, "rows": rows, "count": len(rows), "rule": rule})

    # -- reading -----------------------------------------------------------------------------
    @property
    def not_used(self) -> pd.DataFrame:
        """Every row not used, with its file, row number, id, column, value and reason."""
        if not self._not_used:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in NOT_USED_COLUMNS})
        out = pd.concat(self._not_used, ignore_index=True)
        return out.sort_values(["file", "row"], kind="stable").reset_index(drop=True)

    @property
    def notes(self) -> pd.DataFrame:
        """Rows used under a documented rule: file, their row numbers, how many, the rule."""
        return pd.DataFrame(self._notes, columns=NOTE_COLUMNS)

    def text(self, limit: int = 20) -> str:
        """The report as plain text (``sefkit crm check`` prints it); at most ``limit`` lines of rows not used."""
        lines = ["Load report", ""]
        for kind, name in self.files.items():
            read, used = self.counts.get(kind, (0, 0))
            lines.append(f"  {kind:<14} {name}: {read:,} rows read, {used:,} used")
        if self.columns:
            lines += ["", "Columns (export column -> our field):"]
            lines += [f"  {c['file']}: {c['column']!r} -> {c['field']} ({c['how']})" for c in self.columns]
        if self.stages:
            lines += ["", "Stages (export stage -> read as):"]
            lines += [f"  {s['stage']!r} -> {s['read_as']} ({s['how']}, {s['rows']:,} rows)" for s in self.stages]
        notes = self.notes
        if len(notes):
            lines += ["", "Read under a rule (docs/CRM.md):"]
            lines += [f"  {n.file}, {row_list(n.rows, 5)}: {n.rule}" for n in notes.itertuples()]
        skipped = self.not_used
        lines += ["", f"Rows not used: {len(skipped):,}"]
        if len(skipped):
            for reason, rows in skipped.groupby(["file", "reason"], sort=False):
                lines.append(f"  {reason[0]}: {len(rows):,} rows, {reason[1]}")
            lines.append("")
            for r in skipped.head(limit).itertuples():
                value = f" {r.value!r}" if r.value not in ("", None) and not pd.isna(r.value) else ""
                column = f", {r.column}{value}" if r.column else ""
                lines.append(f"  {r.file} row {r.row} (id {r.id}){column}: {r.reason}")
            if len(skipped) > limit:
                lines.append(f"  ... and {len(skipped) - limit:,} more (report.not_used lists them all)")
        if self.absent:
            lines += ["", "Not in the export (analyses that need these refuse):"]
            lines += [f"  {name}: {why}" for name, why in self.absent.items()]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def _repr_markdown_(self) -> str:
        return "```\n" + self.text() + "\n```"
