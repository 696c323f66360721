r"""Your own team: a CRM export read into a :class:`~sefkit.data.team.Team`.

>>> import pathlib, tempfile
>>> export = pathlib.Path(tempfile.mkdtemp()) / "opportunities.csv"
>>> _ = export.write_text("Opportunity ID,Opportunity Owner,Stage,Amount,Created Date,Close Date\n"
...                       "006A,Ana Lopez,Closed Won,\"$12,500\",01/06/2025,03/03/2025\n"
...                       "006B,Ana Lopez,Closed Lost,0,01/13/2025,03/10/2025\n"
...                       "006C,Ben Ode,Prospecting,TBD,02/03/2025,05/05/2025\n")
>>> from sefkit import crm, deals
>>> team = crm.load(export, as_of="2025-06-30")
>>> deals.win_rate(team)
0.5
>>> crm.report(team).not_used[["row", "id", "value", "reason"]].values.tolist()
[[4, '006C', 'TBD', 'the amount is not a number (write it as digits, such as 12500 or 12,500.00)']]

:func:`load` reads an opportunities report (CSV or Excel), and optionally the
reps, accounts, quotas, activities and opportunity field history of the same
CRM, into a team with no hidden truth. Column names and stage names are mapped
with dictionaries or guessed from common exports, and every guess is reported;
every messy case is read by a documented rule or refused with a message naming
the file, the column, the rows and what to do (docs/CRM.md). :func:`report`
gives the load report: what was guessed, what was read under a rule, and every
row not used and why. An analysis that needs a table the export does not have
(activities, calls, forecasts ...) refuses, naming the table.

The modules: :mod:`~.columns` (files and column names), :mod:`~.stages` (stage and
label guesses), :mod:`~.values` (numbers, dates and names written as text),
:mod:`~.opportunities` (the rules for each opportunity row), :mod:`~.linking`
(names between files), :mod:`~.snapshots` (the weekly pipeline rebuilt from a
field history), :mod:`~.report` (the load report), :mod:`~.loading` (``load``),
:mod:`~.command` (``sefkit crm check|export``) and :mod:`~.sample` (the course's
sample export).
"""

from .columns import FIELDS, REQUIRED
from .loading import check, load, report
from .report import CrmError, LoadReport
from .stages import STAGE_GUESSES, STAGE_MEANINGS

__all__ = ["FIELDS", "REQUIRED", "STAGE_GUESSES", "STAGE_MEANINGS", "CrmError", "LoadReport", "check", "load",
           "report"]
