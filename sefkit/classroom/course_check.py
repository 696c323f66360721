"""``sefkit check``: is the course fit to commit? The release, its secrets, every notebook.

:func:`problems` gathers, in plain words, everything that should stop a commit:

* the release (``exercises/``) is not what ``make release`` makes from the sources
  (:func:`sefkit.classroom.release.out_of_date`);
* a released notebook shows a solution, a hidden test or a mark scheme, or one of
  nbgrader's markers (:func:`sefkit.classroom.leaks.in_release`, with the markers
  of nbgrader_config.py);
* a lesson, source or released notebook is not clean
  (:func:`sefkit.classroom.cleaning.problems`);
* a lesson's navigation bar is out of date (:func:`sefkit.classroom.navbar.stale`).

``sefkit check`` prints them and exits with status 1 when there is any (``make check``).
"""

from __future__ import annotations

import argparse
import os

from . import cleaning, layout, leaks, navbar, notebooks, release


def problems(course_dir: str | os.PathLike = ".") -> list[str]:
    """Everything wrong with the course in ``course_dir``; empty when it is fit to commit."""
    where = layout.of(course_dir)
    found = release.out_of_date(where.root) + leaks.in_release(where.root)
    folders = [where.root / d for d in where.notebook_dirs if (where.root / d).is_dir()]
    for path in notebooks.find(folders):
        relpath = notebooks.relative(path, where.root)
        found += [f"{relpath}: {p}" for p in cleaning.file_problems(path, where.root)]
    found += [f"{notebooks.relative(p, where.root)}: navigation bar out of date: run `make navbar`"
              for p in navbar.stale(where.lessons_path, where.root / "README.md")]
    return found


def add_command(commands) -> None:
    """Register ``sefkit check`` with the ``sefkit`` command line."""
    parser = commands.add_parser(
        "check", help="check the release (up to date, no answers shown) and every notebook (clean, navigation)",
        description="Check that exercises/ is what solutions/ produces and "
                    "shows no solution, hidden test or mark scheme, and that every notebook is clean "
                    "with a current navigation bar. Exits with status 1 on any problem.")
    parser.add_argument("--course-dir", default=".", help="the course folder (default: the current folder)")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    found = problems(args.course_dir)
    for problem in found:
        print(problem)
    if found:
        print(f"{len(found)} problem(s)")
        return 1
    print("the release is up to date and shows no answers; every notebook is clean")
    return 0
