"""The data: what a team's CRM holds, and the helpers every analysis shares.

:mod:`~sefkit.data.team` is the data contract (the tables, their columns and the
component names), :mod:`~sefkit.data.periods` the calendar, :mod:`~sefkit.data.selection`
the rep and quarter filters every metric takes, :mod:`~sefkit.data.export` writes a team
to files, :mod:`~sefkit.data.examples` builds the tiny hand-made teams the docstrings use,
and :mod:`~sefkit.data.crm` reads a CRM export into a team.
Nothing here imports another layer.
"""
