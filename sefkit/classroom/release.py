"""Build the trainee versions of the graded assignments, and keep notebooks clean.

Authors write each graded assignment once, with its solutions, hidden tests and
mark schemes, in ``solutions/<assignment>/``. This module turns them into the
versions trainees open, in ``exercises/<assignment>/``, with nbgrader's
``generate_assignment`` (configured in nbgrader_config.py), and then strips what
does not belong in git (outputs, execution counts, noisy metadata) so the result
is the same on every machine.

Command line (from the repository root)::

    python -m sefkit.classroom.release            # regenerate exercises/ (what `make release` runs)
    python -m sefkit.classroom.release --check    # fail if exercises/ is out of date or leaks an answer
    python -m sefkit.classroom.release --clean    # strip course/, solutions/ and exercises/ notebooks
    python -m sefkit.classroom.release --clean course/05_pipeline.ipynb   # ... or just these files

The same rules decide what ``--clean`` strips and what the notebook hygiene test
rejects (:func:`clean` and :func:`problems`):

* notebook metadata keeps only ``kernelspec``, ``language_info`` (without the
  Python version) and ``sefkit``; saved widget state and the rest are dropped;
* cell metadata keeps only ``nbgrader``, ``deletable``, ``editable``, ``tags`` and
  ``jupyter`` (hidden input or output); ``execution``, ``collapsed``, ``scrolled``
  and the like are dropped;
* execution counts are always cleared; every notebook names its kernel (kernelspec);
* outputs are cleared, except in a course/ lesson whose metadata says
  ``"sefkit": {"keep_outputs": true}``; even there, error outputs are rejected and
  widget displays (which cannot show without saved widget state) are dropped.
"""

from __future__ import annotations

import argparse
import copy
import filecmp
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

SOURCE_DIR = "solutions"
RELEASE_DIR = "exercises"
#: Folders whose notebooks ``--clean`` strips when no paths are given.
NOTEBOOK_DIRS = ("course", SOURCE_DIR, RELEASE_DIR)

NOTEBOOK_METADATA_KEPT = ("kernelspec", "language_info", "sefkit")
CELL_METADATA_KEPT = ("nbgrader", "deletable", "editable", "tags", "jupyter")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

#: nbgrader's region markers (it matches them anywhere in a line, so do we).
#: A near miss such as "BEGIN HIDDEN TEST" is caught too: nbgrader would not
#: remove that region, and its content would reach trainees.
_REGION = r"\s+(SOLUTION|HIDDEN\s+TESTS?|MARK\s+SCHEME)\b"
_MARKER = re.compile(r"\b(BEGIN|END)" + _REGION, re.IGNORECASE)
_BEGIN = re.compile(r"\bBEGIN" + _REGION, re.IGNORECASE)
_END = re.compile(r"\bEND" + _REGION, re.IGNORECASE)
#: Folders Jupyter and Python leave behind, never part of the course.
_SCRATCH = (".ipynb_checkpoints", "__pycache__")
#: Secret lines shorter than this are too generic to prove a leak ("pass", "plt.show()").
_MIN_SECRET_LENGTH = 12


# -- reading and writing notebooks ----------------------------------------------------


def read(path: str | os.PathLike):
    """Read a notebook file (nbformat 4)."""
    import nbformat

    return nbformat.read(os.fspath(path), as_version=4)


def dumps(nb) -> str:
    """The notebook as text, the way Jupyter saves it (sorted keys, one-space indent).

    >>> import nbformat
    >>> dumps(nbformat.v4.new_notebook()).endswith("}\\n")
    True
    """
    import nbformat

    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def write(nb, path: str | os.PathLike) -> bool:
    """Write ``nb`` to ``path``; return True if the file changed."""
    path = Path(path)
    text = dumps(nb)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


# -- cleaning -------------------------------------------------------------------------


def outputs_allowed(nb, relpath: str | os.PathLike) -> bool:
    """Whether a notebook may keep its outputs in git.

    Only a lesson in course/ that opts in with ``"sefkit": {"keep_outputs": true}``
    in its notebook metadata; assignments (solutions/, exercises/) never do.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(metadata={"sefkit": {"keep_outputs": True}})
    >>> outputs_allowed(nb, "course/05_pipeline.ipynb"), outputs_allowed(nb, "solutions/a/a.ipynb")
    (True, False)
    """
    parts = Path(relpath).parts
    return bool(parts) and parts[0] == "course" and nb.metadata.get("sefkit", {}).get("keep_outputs") is True


def clean(nb, keep_outputs: bool = False):
    """A clean copy of a notebook: no execution counts, outputs or noisy metadata.

    nbgrader metadata, cell ids and sources are kept as they are. With
    ``keep_outputs`` the outputs stay, minus widget displays and execution counts.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(metadata={"widgets": {"state": {}}})
    >>> cell = nbformat.v4.new_code_cell("1 + 1", execution_count=3, metadata={"scrolled": True})
    >>> cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=3)]
    >>> nb.cells = [cell]
    >>> tidy = clean(nb)
    >>> tidy.metadata, tidy.cells[0].execution_count, tidy.cells[0].outputs, tidy.cells[0].metadata
    ({}, None, [], {})
    >>> nb.cells[0].execution_count     # the input is left alone
    3
    """
    nb = copy.deepcopy(nb)
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in NOTEBOOK_METADATA_KEPT}
    if isinstance(nb.metadata.get("language_info"), dict):
        nb.metadata["language_info"].pop("version", None)
    ids = set()
    for index, cell in enumerate(nb.cells):
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in CELL_METADATA_KEPT}
        if nb.nbformat_minor >= 5 and not cell.get("id"):
            cell["id"] = _fresh_id(index, ids)
        ids.add(cell.get("id"))
        if cell.cell_type != "code":
            continue
        cell.execution_count = None
        if not keep_outputs:
            cell.outputs = []
            continue
        cell.outputs = [o for o in cell.outputs if WIDGET_VIEW not in o.get("data", {})]
        for output in cell.outputs:
            if "execution_count" in output:
                output["execution_count"] = None
    return nb


def _fresh_id(index: int, taken: set) -> str:
    candidate, n = f"cell-{index}", 0
    while candidate in taken:
        n += 1
        candidate = f"cell-{index}-{n}"
    return candidate


def problems(nb, relpath: str | os.PathLike) -> list[str]:
    """What makes a notebook unfit for git, in plain words; empty if it is clean.

    ``relpath`` is the notebook's path from the repository root; it decides
    whether outputs may be kept (see :func:`outputs_allowed`).

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1", execution_count=1)])
    >>> nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    >>> problems(nb, "solutions/a/a.ipynb")
    ['cell 1: execution count 1 (run the notebook clean: python -m sefkit.classroom.release --clean)']
    >>> problems(clean(nb), "solutions/a/a.ipynb")
    []
    """
    import nbformat

    found = []
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as err:
        found.append(f"not a valid notebook: {err.message}")
    for key in nb.metadata:
        if key == "widgets":
            found.append("saved widget state in the notebook metadata ('widgets')")
        elif key not in NOTEBOOK_METADATA_KEPT:
            found.append(f"noisy notebook metadata {key!r}")
    if not nb.metadata.get("kernelspec", {}).get("name"):
        found.append("no kernelspec in the notebook metadata (JupyterLab would ask trainees to pick a kernel)")
    if "version" in nb.metadata.get("language_info", {}):
        found.append("notebook metadata language_info.version (it differs from machine to machine)")
    keep = outputs_allowed(nb, relpath)
    for number, cell in enumerate(nb.cells, start=1):
        where = f"cell {number}"
        noisy = [k for k in cell.get("metadata", {}) if k not in CELL_METADATA_KEPT]
        if noisy:
            found.append(f"{where}: noisy cell metadata {', '.join(map(repr, noisy))}")
        if cell.get("cell_type") != "code":
            continue
        if cell.get("execution_count") is not None:
            found.append(f"{where}: execution count {cell['execution_count']} "
                         "(run the notebook clean: python -m sefkit.classroom.release --clean)")
        outputs = cell.get("outputs", [])
        if outputs and not keep:
            found.append(f"{where}: has outputs; {_outputs_rule(relpath)}")
            continue
        for output in outputs:
            if output.get("output_type") == "error":
                found.append(f"{where}: an error output ({output.get('ename', 'error')})")
            if WIDGET_VIEW in output.get("data", {}):
                found.append(f"{where}: a widget display, which cannot show without saved widget state")
            if output.get("execution_count") is not None:
                found.append(f"{where}: an output with an execution count")
    return found


def _outputs_rule(relpath) -> str:
    top = Path(relpath).parts[0] if Path(relpath).parts else ""
    if top == "course":
        return 'lessons keep outputs only with "sefkit": {"keep_outputs": true} in the notebook metadata'
    return f"notebooks in {top or 'this folder'}/ keep no outputs"


def clean_files(paths: Iterable[str | os.PathLike], root: str | os.PathLike = ".") -> list[Path]:
    """Clean notebook files in place (folders are searched); return those that changed."""
    root = Path(root).resolve()
    changed = []
    for path in _notebooks(paths):
        nb = read(path)
        relpath = _relative(path, root)
        if write(clean(nb, keep_outputs=outputs_allowed(nb, relpath)), path):
            changed.append(path)
    return changed


def _notebooks(paths: Iterable[str | os.PathLike]) -> list[Path]:
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        elif path.suffix == ".ipynb" and path.exists():
            found.append(path)
        else:
            raise ValueError(f"{path} is not a notebook or a folder; give .ipynb files or folders")
    return found


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


# -- generating the release ---------------------------------------------------------


def assignments(course_dir: str | os.PathLike = ".") -> list[str]:
    """Names of the assignments in solutions/ (folders holding at least one notebook)."""
    source = Path(course_dir) / SOURCE_DIR
    if not source.is_dir():
        return []
    return sorted(
        d.name
        for d in source.iterdir()
        if d.is_dir() and not d.name.startswith(".") and any(d.glob("*.ipynb"))
    )


def generate(course_dir: str | os.PathLike = ".", gradebook: bool = True) -> list[Path]:
    """Regenerate exercises/ from solutions/ and return the notebooks written.

    Runs ``nbgrader generate_assignment`` for every assignment (creating it in the
    course's gradebook, which autograding needs, unless ``gradebook`` is False),
    removes exercise folders whose source is gone, and cleans every released
    notebook so the result is byte-for-byte repeatable.
    """
    course_dir = Path(course_dir).resolve()
    if not (course_dir / "nbgrader_config.py").is_file():
        raise ValueError(f"{course_dir} has no nbgrader_config.py; run this from the course's root folder")
    names = assignments(course_dir)
    release = course_dir / RELEASE_DIR
    if names:
        _generate_assignments(course_dir, gradebook)
    if release.is_dir():
        for folder in release.iterdir():
            if folder.is_dir() and folder.name not in names:
                shutil.rmtree(folder)
    written = []
    for name in names:
        for path in sorted((release / name).glob("*.ipynb")):
            write(clean(read(path)), path)
            written.append(path)
    return written


def _generate_assignments(course_dir: Path, gradebook: bool) -> None:
    """``nbgrader generate_assignment --force`` for every assignment, via nbgrader's Python API.

    Runs in this process (nbgrader's start-up is slow) with the course's
    nbgrader_config.py; without ``gradebook`` it is ``--no-db``.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
    config.CourseDirectory.root = str(course_dir)
    if not gradebook:  # what the command line's --no-db flag sets
        config.SaveCells.enabled = False
        config.GenerateAssignment.no_database = True
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    with _environment_on_path():
        result = api.generate_assignment("*", force=True, create=gradebook)
    if not result["success"]:
        raise RuntimeError(f"nbgrader generate_assignment failed:\n{result.get('log', '')[-4000:]}")


@contextmanager
def _environment_on_path():
    """Put this Python's scripts folder on PATH: nbgrader runs `alembic` to create a gradebook."""
    old = os.environ.get("PATH", "")
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), old])
    try:
        yield
    finally:
        os.environ["PATH"] = old


# -- checking the release -----------------------------------------------------------


def secret_lines(nb) -> set[str]:
    """Lines an author wrote for graders only: solutions, hidden tests, mark schemes.

    A solution cell without markers is secret as a whole (nbgrader replaces it).
    Short or generic lines, and lines that also appear outside a secret region,
    are left out because finding them in a release proves nothing.

    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("### BEGIN SOLUTION\\nanswer = team_win_rate * 2\\n### END SOLUTION")
    >>> cell.metadata["nbgrader"] = {"solution": True, "grade_id": "a"}
    >>> sorted(secret_lines(nbformat.v4.new_notebook(cells=[cell])))
    ['answer = team_win_rate * 2']
    """
    secret, public = set(), set()
    for cell in nb.cells:
        lines = cell.source.split("\n")
        meta = cell.metadata.get("nbgrader", {})
        whole = meta.get("solution") and not any(_MARKER.search(line) for line in lines)
        depth = 0
        for line in lines:
            if _BEGIN.search(line):
                depth += 1
                continue
            if _END.search(line):
                depth = max(depth - 1, 0)
                continue
            (secret if whole or depth else public).add(line.strip())
    return {line for line in secret - public if len(line) >= _MIN_SECRET_LENGTH}


def leaks(release_nb, source_nb=None) -> list[str]:
    """Where a release notebook shows what only graders should see; empty if nowhere.

    Looks for nbgrader's region markers (solution, hidden tests, mark scheme) and,
    given the source notebook, for any of its :func:`secret_lines`.
    """
    secrets = secret_lines(source_nb) if source_nb is not None else set()
    found = []
    for number, cell in enumerate(release_nb.cells, start=1):
        for line in cell.source.split("\n"):
            marker = _MARKER.search(line)
            if marker:
                found.append(f"cell {number}: the marker {marker.group(0)!r} (nbgrader did not remove a region)")
            elif line.strip() in secrets:
                found.append(f"cell {number}: a line only graders should see: {line.strip()!r}")
    return found


def check(course_dir: str | os.PathLike = ".") -> list[str]:
    """Problems with the committed release; empty when exercises/ is up to date and safe.

    Regenerates the release from solutions/ in a temporary copy of the course and
    compares it file by file with exercises/, then looks for leaked solutions,
    hidden tests and mark schemes in every released notebook.
    """
    course_dir = Path(course_dir).resolve()
    found = []
    with tempfile.TemporaryDirectory(prefix="sef-release-") as tmp:
        copy_dir = Path(tmp) / "course"
        copy_dir.mkdir()
        shutil.copy(course_dir / "nbgrader_config.py", copy_dir)
        if (course_dir / SOURCE_DIR).is_dir():
            shutil.copytree(course_dir / SOURCE_DIR, copy_dir / SOURCE_DIR,
                            ignore=shutil.ignore_patterns(*_SCRATCH))
        generate(copy_dir, gradebook=False)  # same notebooks; the gradebook is not needed here
        found += compare_trees(copy_dir / RELEASE_DIR, course_dir / RELEASE_DIR)
    release = course_dir / RELEASE_DIR
    for path in _notebooks([release]) if release.is_dir() else []:
        source = course_dir / SOURCE_DIR / path.relative_to(release)
        source_nb = read(source) if source.exists() else None
        found += [f"{RELEASE_DIR}/{path.relative_to(release).as_posix()} {p}" for p in leaks(read(path), source_nb)]
    return found


def compare_trees(expected: Path, actual: Path) -> list[str]:
    """Differences between a freshly generated release and the committed one."""

    def files(root: Path) -> set[str]:
        if not root.is_dir():
            return set()
        return {
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if p.is_file() and not set(_SCRATCH) & set(p.parts)
        }

    want, have = files(expected), files(actual)
    found = [f"{RELEASE_DIR}/{name} is missing: run `make release`" for name in sorted(want - have)]
    found += [f"{RELEASE_DIR}/{name} has no source in {SOURCE_DIR}/: run `make release`"
              for name in sorted(have - want)]
    found += [f"{RELEASE_DIR}/{name} differs from what {SOURCE_DIR}/ produces: run `make release`"
              for name in sorted(want & have)
              if not filecmp.cmp(expected / name, actual / name, shallow=False)]
    return found


# -- command line ---------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sefkit.classroom.release",
        description="Regenerate exercises/ from solutions/ with nbgrader, check it, or clean notebooks.",
    )
    parser.add_argument("--course-dir", default=".", help="the course folder (default: the current folder)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="fail if exercises/ is not what solutions/ produces, or shows an answer")
    mode.add_argument("--clean", nargs="*", metavar="PATH",
                      help="strip outputs, execution counts and noisy metadata "
                           f"(default: the notebooks in {', '.join(NOTEBOOK_DIRS)})")
    args = parser.parse_args(argv)
    course_dir = Path(args.course_dir)
    try:
        if args.clean is not None:
            paths = args.clean or [course_dir / d for d in NOTEBOOK_DIRS if (course_dir / d).is_dir()]
            for path in clean_files(paths, root=course_dir):
                print(f"cleaned {path}")
            return 0
        if args.check:
            found = check(course_dir)
            for problem in found:
                print(problem)
            print("exercises/ is up to date and shows no answers" if not found else f"{len(found)} problem(s)")
            return 1 if found else 0
        written = generate(course_dir)
        for path in written:
            print(f"released {Path(path).relative_to(course_dir.resolve())}")
        if not written:
            print(f"no assignments in {SOURCE_DIR}/; {RELEASE_DIR}/ holds none")
        return 0
    except (ValueError, RuntimeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
