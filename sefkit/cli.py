"""The ``sefkit`` command: the data, and the course chores.

::

    sefkit scenarios                              list the scenarios
    sefkit export northwind data/ --seed 3        write every table as CSV
    sefkit export enterprise big/ --format parquet
    sefkit crm check opportunities.csv            read your own CRM export and print the load report
    sefkit crm export opportunities.csv team/     ... and write it as the course's tables
    sefkit release                                regenerate exercises/ from solutions/ (nbgrader)
    sefkit check                                  is exercises/ up to date and free of answers, every notebook clean?
    sefkit clean [PATH ...]                       strip outputs, execution counts, noisy metadata
    sefkit navbar [--check]                       write (or check) the lessons' navigation bars
    sefkit grade 05_pipeline                      grade a cohort: collect, autograde in parallel, feedback, report
    sefkit demo-cohort demo/                      a throw-away course with about 30 made-up submissions
    sefkit capstone-teams --trainees trainees.csv each trainee's own capstone team file

Each subcommand is added by an ``add_command(commands)`` function of the module
that implements it (listed in :func:`registrations`): it adds its parser to
``commands`` (argparse's sub-parsers) and sets ``run``, a function of the parsed
arguments that prints its results and returns the exit status (0, or 1 when a
check found a problem). A new command is one more line in :func:`registrations`.

Errors in what was asked (an unknown scenario, a folder that exists, a course
folder without nbgrader_config.py) are printed as one plain message, without a
traceback, and the command exits with status 2.
"""

from __future__ import annotations

import argparse
import sys


def registrations() -> tuple:
    """The functions that add each subcommand, in the order ``sefkit --help`` lists them."""
    from .classroom import capstone, cleaning, course_check, navbar, release
    from .classroom.grading import command as grading
    from .data.crm import command as crm

    return (
        _add_scenarios,
        _add_export,
        crm.add_command,
        release.add_command,
        course_check.add_command,
        cleaning.add_command,
        navbar.add_command,
        grading.add_command,
        capstone.add_command,
    )


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The ``sefkit`` parser, and each subcommand's parser by name."""
    parser = argparse.ArgumentParser(
        prog="sefkit", description="Tools of the SEF course: simulate a sales team, export its data, "
                                   "read your own CRM export, and the course chores (release, check, clean, navbar, grade).")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add_command in registrations():
        add_command(commands)
    return parser, commands.choices


def command_names() -> list[str]:
    """The subcommands, in the order ``sefkit --help`` lists them.

    >>> command_names()[:2]
    ['scenarios', 'export']
    """
    return list(_parser()[1])


# -- sefkit scenarios, sefkit export ------------------------------------------------------------


def _add_scenarios(commands) -> None:
    commands.add_parser("scenarios", help="list the scenarios with a one-line description").set_defaults(
        run=_scenarios)


def _scenarios(args: argparse.Namespace) -> int:
    from .engine.scenario import scenarios

    table = scenarios()
    width = int(table["name"].str.len().max())
    print("\n".join(f"{row.name:<{width}}  {row.description}" for row in table.itertuples()))
    return 0


def _add_export(commands) -> None:
    from .data.export import FORMATS

    export = commands.add_parser("export", help="simulate a scenario and write every table to a folder")
    export.add_argument("scenario", help="scenario name (see `sefkit scenarios`)")
    export.add_argument("folder", help="folder to create for the tables")
    export.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    export.add_argument("--format", choices=FORMATS, default="csv", help="file format (default csv)")
    export.add_argument("--with-truth", action="store_true", help="also write the hidden truth tables (facilitators)")
    export.add_argument("--force", action="store_true", help="replace the folder if it exists")
    export.set_defaults(run=_export)


def _export(args: argparse.Namespace) -> int:
    from .data.export import export_team
    from .engine.simulation import simulate

    team = simulate(args.scenario, seed=args.seed)
    folder = export_team(team, args.folder, args.format, with_truth=args.with_truth, force=args.force)
    print(f"wrote {len(team.tables()) + 3 * args.with_truth} tables of {args.scenario} (seed {args.seed}) to {folder}")
    return 0


# -- running ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser()[0].parse_args(argv)
    try:
        return args.run(args)
    except ValueError as err:
        print(f"sefkit: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
