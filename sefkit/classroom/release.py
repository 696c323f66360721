"""Build the trainee versions of the graded assignments with nbgrader, the same on every machine.

Authors write each graded assignment once, with its solutions, hidden tests and
mark schemes, in the source folder (``solutions/<assignment>/``). :func:`generate`
turns them into the versions trainees open, in the release folder
(``exercises/<assignment>/``), with nbgrader's ``generate_assignment``
configured by nbgrader_config.py (which also names both folders:
:mod:`sefkit.classroom.layout`), then cleans every released notebook
(:func:`sefkit.classroom.cleaning.clean`) so the result is byte for byte the same
on every machine. :func:`out_of_date` regenerates the release in a temporary
copy of the course and says where the committed one differs.

Command line (from the course folder)::

    sefkit release        # regenerate exercises/ and record the assignments in the gradebook (make release)
    sefkit check          # ... is exercises/ up to date, and shows it no answer? (make check)
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from . import cleaning, layout, notebooks


def assignments(course_dir: str | os.PathLike = ".") -> list[str]:
    """Names of the assignments in the source folder (folders holding at least one notebook)."""
    source = layout.of(course_dir).source_path
    if not source.is_dir():
        return []
    return sorted(
        d.name
        for d in source.iterdir()
        if d.is_dir() and not d.name.startswith(".") and any(d.glob("*.ipynb"))
    )


def generate(course_dir: str | os.PathLike = ".", gradebook: bool = True) -> list[Path]:
    """Regenerate the release folder from the source folder and return the notebooks written.

    Runs ``nbgrader generate_assignment`` for every assignment (creating it in the
    course's gradebook, which autograding needs, unless ``gradebook`` is False),
    removes release folders whose source is gone, and cleans every released
    notebook so the result is byte-for-byte repeatable.
    """
    where = layout.of(course_dir)
    names = assignments(where.root)
    if names:
        _generate_assignments(where.root, gradebook)
    if where.release_path.is_dir():
        for folder in where.release_path.iterdir():
            if folder.is_dir() and folder.name not in names:
                shutil.rmtree(folder)
    written = []
    for name in names:
        for path in sorted((where.release_path / name).glob("*.ipynb")):
            notebooks.write(cleaning.clean(notebooks.read(path)), path)
            written.append(path)
    return written


def _generate_assignments(course_dir: Path, gradebook: bool) -> None:
    """``nbgrader generate_assignment --force`` for every assignment, via nbgrader's Python API.

    Runs in this process (nbgrader's start-up is slow) with the course's
    nbgrader_config.py; without ``gradebook`` it is ``--no-db``.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = layout.nbgrader_config(course_dir)
    if not gradebook:  # what the command line's --no-db flag sets
        config.SaveCells.enabled = False
        config.GenerateAssignment.no_database = True
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    with _environment_on_path():
        result = api.generate_assignment("*", force=True, create=gradebook)
    if not result["success"]:
        raise ValueError(f"nbgrader generate_assignment failed:\n{result.get('log', '')[-4000:]}")


@contextmanager
def _environment_on_path():
    """Put this Python's scripts folder on PATH: nbgrader runs `alembic` to create a gradebook."""
    old = os.environ.get("PATH", "")
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), old])
    try:
        yield
    finally:
        os.environ["PATH"] = old


# -- is the committed release what the sources give? ------------------------------------------


def out_of_date(course_dir: str | os.PathLike = ".") -> list[str]:
    """Where the committed release differs from a fresh one; empty when it is up to date.

    Regenerates the release from the source folder in a temporary copy of the
    course (without a gradebook) and compares the two file by file.
    """
    where = layout.of(course_dir)
    with tempfile.TemporaryDirectory(prefix="sef-release-") as tmp:
        copy_dir = Path(tmp) / "course"
        copy_dir.mkdir()
        shutil.copy(where.root / layout.CONFIG_FILE, copy_dir)
        if where.source_path.is_dir():
            shutil.copytree(where.source_path, copy_dir / where.source,
                            ignore=shutil.ignore_patterns(*notebooks.SCRATCH))
        generate(copy_dir, gradebook=False)  # same notebooks; the gradebook is not needed here
        return compare_trees(copy_dir / where.release, where.release_path, where)


def compare_trees(expected: Path, actual: Path, where: layout.Layout) -> list[str]:
    """Differences between a freshly generated release (``expected``) and the committed one."""

    def files(root: Path) -> set[str]:
        if not root.is_dir():
            return set()
        return {
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if p.is_file() and not set(notebooks.SCRATCH) & set(p.parts)
        }

    want, have = files(expected), files(actual)
    found = [f"{where.release}/{name} is missing: run `make release`" for name in sorted(want - have)]
    found += [f"{where.release}/{name} has no source in {where.source}/: run `make release`"
              for name in sorted(have - want)]
    found += [f"{where.release}/{name} differs from what {where.source}/ produces: run `make release`"
              for name in sorted(want & have)
              if not filecmp.cmp(expected / name, actual / name, shallow=False)]
    return found


# -- sefkit release ---------------------------------------------------------------------------


def add_command(commands) -> None:
    """Register ``sefkit release`` with the ``sefkit`` command line."""
    parser = commands.add_parser(
        "release", help="regenerate exercises/ (the trainees' versions) from solutions/ with nbgrader",
        description="Regenerate the trainees' versions of the graded assignments (exercises/) from "
                    "solutions/ with nbgrader, record them in the gradebook, and clean them.")
    parser.add_argument("--course-dir", default=".", help="the course folder (default: the current folder)")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    where = layout.of(args.course_dir)
    written = generate(where.root)
    for path in written:
        print(f"released {notebooks.relative(path, where.root)}")
    if not written:
        print(f"no assignments in {where.source}/; {where.release}/ holds none")
    return 0
