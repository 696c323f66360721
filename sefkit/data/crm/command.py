"""``sefkit crm check|export``: read a CRM export from the command line.

::

    sefkit crm check opportunities.csv --as-of 2025-06-30          the load report
    sefkit crm check opps.xlsx --reps users.csv --stage "Demo=discover" --column "Deal Owner=rep"
    sefkit crm export opportunities.csv team/ --as-of 2025-06-30   the team's tables as CSV files

``check`` exits with status 0 when every row was used, 1 when the report lists
rows not used, and 2 (with one plain message) when the export is refused.
``export`` writes the tables the team has (``sefkit export`` does the same for a
simulated team); reading that folder again with ``crm.load`` (the same
``--as-of``) gives the same team.
"""

from __future__ import annotations

import argparse

#: The optional files, each an option of both commands.
FILES = ("reps", "accounts", "quotas", "activities", "history")


def _pairs(values: list[str] | None, what: str) -> dict:
    out = {}
    for text in values or []:
        name, sep, value = text.rpartition("=")
        if not sep or not name or not value:
            raise ValueError(f"--{what} takes NAME=VALUE, such as --{what} 'Closed Won=won'; got {text!r}")
        out[name] = value
    return out


def _options(args: argparse.Namespace) -> dict:
    rates = {code: float(rate) for code, rate in _pairs(args.rate, "rate").items()}
    options = {name: getattr(args, name) for name in FILES if getattr(args, name)}
    return {**options, "columns": _pairs(args.column, "column"), "stages": _pairs(args.stage, "stage"),
            "as_of": args.as_of, "start": args.start, "dayfirst": args.dayfirst, "decimal": args.decimal,
            "currency": args.currency, "rates": rates}


def _add_reading(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the opportunities report (CSV or .xlsx)")
    for name in FILES:
        parser.add_argument(f"--{name}", metavar="FILE", help=f"the export's {name} file")
    parser.add_argument("--as-of", help="the day the export was taken, such as 2025-06-30 (default today)")
    parser.add_argument("--start", help="the Monday the first 13-week quarter starts")
    parser.add_argument("--column", action="append", metavar="COLUMN=FIELD",
                        help="an export column and our field, such as 'Deal Owner=rep' (repeat for more)")
    parser.add_argument("--stage", action="append", metavar="STAGE=OURS",
                        help="an export stage and ours, such as 'Demo=discover' (repeat for more)")
    parser.add_argument("--dayfirst", action="store_true", help="dates like 03/04/2025 are 3 April")
    parser.add_argument("--decimal", choices=(".", ","), default=".", help="the decimal mark of numbers")
    parser.add_argument("--currency", help="the currency to report amounts in")
    parser.add_argument("--rate", action="append", metavar="CODE=RATE",
                        help="the rate of another currency, such as EUR=1.08 (repeat for more)")


def add_command(commands) -> None:
    """Add ``sefkit crm`` with its ``check`` and ``export`` subcommands."""
    from ..export import FORMATS

    crm = commands.add_parser("crm", help="read your own CRM export: check it, or export it as the course's tables")
    sub = crm.add_subparsers(dest="crm_command", required=True, metavar="ACTION")
    check = sub.add_parser("check", help="read an export and print the load report")
    _add_reading(check)
    check.set_defaults(run=_check)
    export = sub.add_parser("export", help="read an export and write the team's tables to a folder")
    _add_reading(export)
    export.add_argument("folder", help="folder to create for the tables")
    export.add_argument("--format", choices=FORMATS, default="csv", help="file format (default csv)")
    export.add_argument("--force", action="store_true", help="replace the folder if it exists")
    export.set_defaults(run=_export)


def _check(args: argparse.Namespace) -> int:
    from .loading import check

    report = check(args.file, **_options(args))
    print(report.text())
    return 1 if len(report.not_used) else 0


def _export(args: argparse.Namespace) -> int:
    from ..export import export_team
    from .loading import load, report

    team = load(args.file, **_options(args))
    folder = export_team(team, args.folder, args.format, force=args.force)
    skipped = len(report(team).not_used)
    print(f"wrote {len(team.tables())} tables read from {args.file} to {folder}"
          + (f" ({skipped:,} rows not used: sefkit crm check lists them)" if skipped else ""))
    return 0
