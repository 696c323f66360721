"""The ``sefkit`` command.

::

    sefkit scenarios                              list the scenarios
    sefkit export northwind data/ --seed 3        write every table as CSV
    sefkit export enterprise big/ --format parquet

Errors in what was asked (an unknown scenario, a folder that exists) are printed
as one plain message, without a traceback, and the command exits with status 2.
"""

from __future__ import annotations

import argparse
import sys

from .data.export import FORMATS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sefkit", description="Tools of the SEF course: simulate a sales team and export its data."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("scenarios", help="list the scenarios with a one-line description")
    export = sub.add_parser("export", help="simulate a scenario and write every table to a folder")
    export.add_argument("scenario", help="scenario name (see `sefkit scenarios`)")
    export.add_argument("folder", help="folder to create for the tables")
    export.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    export.add_argument("--format", choices=FORMATS, default="csv", help="file format (default csv)")
    export.add_argument("--with-truth", action="store_true", help="also write the hidden truth tables (facilitators)")
    export.add_argument("--force", action="store_true", help="replace the folder if it exists")
    from .classroom.grading import command as grading

    grading.register(sub)
    return parser


def _run(args: argparse.Namespace) -> str:
    from .engine.scenario import scenarios

    if args.command == "scenarios":
        table = scenarios()
        width = int(table["name"].str.len().max())
        return "\n".join(f"{row.name:<{width}}  {row.description}" for row in table.itertuples())
    from .data.export import export_team
    from .engine.simulation import simulate

    team = simulate(args.scenario, seed=args.seed)
    folder = export_team(team, args.folder, args.format, with_truth=args.with_truth, force=args.force)
    return f"wrote {len(team.tables()) + 3 * args.with_truth} tables of {args.scenario} (seed {args.seed}) to {folder}"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        if hasattr(args, "handler"):
            return args.handler(args)
        print(_run(args))
    except ValueError as err:
        print(f"sefkit: error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
