"""Clean notebooks for git, and say what makes one unclean: one set of rules for both.

``sefkit clean`` strips notebooks with nbconvert's own preprocessors
(``ClearOutputPreprocessor``, ``ClearMetadataPreprocessor``); ``sefkit check`` and
the notebook hygiene test reject what :func:`problems` finds. The rules:

* notebook metadata keeps only ``kernelspec``, ``language_info`` (without the
  Python version) and ``sefkit``; saved widget state and the rest are dropped;
* cell metadata keeps only ``nbgrader``, ``deletable``, ``editable``, ``tags`` and
  ``jupyter`` (hidden input or output); ``execution``, ``collapsed``, ``scrolled``
  and the like are dropped;
* execution counts are always cleared; every notebook names its kernel (kernelspec);
* outputs are cleared, except in a lesson (``course/``) whose metadata says
  ``"sefkit": {"keep_outputs": true}``; even there, error outputs are rejected and
  widget displays (which cannot show without saved widget state) are dropped.
"""

from __future__ import annotations

import argparse
import copy
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from types import SimpleNamespace

from . import layout, notebooks

NOTEBOOK_METADATA_KEPT = ("kernelspec", "language_info", "sefkit")
CELL_METADATA_KEPT = ("nbgrader", "deletable", "editable", "tags", "jupyter")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: What :func:`problems` tells the author to run.
FIX = "sefkit clean"


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
    return bool(parts) and parts[0] == layout.LESSONS_DIR and nb.metadata.get("sefkit", {}).get("keep_outputs") is True


# -- cleaning -----------------------------------------------------------------------------


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
    import nbformat

    nb = copy.deepcopy(nb)
    for step in _steps(keep_outputs):
        nb, _ = step.preprocess(nb, {})
    if isinstance(nb.metadata.get("language_info"), dict):
        nb.metadata["language_info"].pop("version", None)
    _give_every_cell_an_id(nb)
    return nbformat.from_dict(nb)


def _steps(keep_outputs: bool) -> list:
    """The preprocessors that clean a notebook, in order."""
    steps = _preprocessors()
    metadata = steps.ClearEveryCellsMetadata(preserve_nb_metadata_mask=set(NOTEBOOK_METADATA_KEPT),
                                             preserve_cell_metadata_mask=set(CELL_METADATA_KEPT))
    if keep_outputs:
        return [metadata, steps.DropWidgetDisplays(), steps.ClearExecutionCounts()]
    return [metadata, steps.ClearOutputPreprocessor()]


@cache
def _preprocessors() -> SimpleNamespace:
    """nbconvert's cleaning preprocessors, and the three small ones it lacks.

    Built on first use: nbconvert is slow to import, and ``sefkit scenarios`` needs none of it.
    """
    from nbconvert.preprocessors import (
        ClearMetadataPreprocessor,
        ClearOutputPreprocessor,
        Preprocessor,
    )

    class ClearEveryCellsMetadata(ClearMetadataPreprocessor):
        """nbconvert's ClearMetadataPreprocessor, for Markdown cells too (it only does code cells)."""

        def preprocess_cell(self, cell, resources, index):
            if self.clear_cell_metadata and "metadata" in cell:
                cell.metadata = dict(self.nested_filter(cell.metadata.items(), self.preserve_cell_metadata_mask))
            return cell, resources

    class ClearExecutionCounts(Preprocessor):
        """Execution counts of cells and outputs cleared, the outputs kept."""

        def preprocess_cell(self, cell, resources, index):
            if cell.cell_type == "code":
                cell.execution_count = None
                for output in cell.outputs:
                    if "execution_count" in output:
                        output["execution_count"] = None
            return cell, resources

    class DropWidgetDisplays(Preprocessor):
        """Widget displays removed: without saved widget state they show nothing."""

        def preprocess_cell(self, cell, resources, index):
            if cell.cell_type == "code":
                cell.outputs = [o for o in cell.outputs if WIDGET_VIEW not in o.get("data", {})]
            return cell, resources

    return SimpleNamespace(ClearOutputPreprocessor=ClearOutputPreprocessor,
                           ClearEveryCellsMetadata=ClearEveryCellsMetadata,
                           ClearExecutionCounts=ClearExecutionCounts, DropWidgetDisplays=DropWidgetDisplays)


def _give_every_cell_an_id(nb) -> None:
    """Cells of an nbformat 4.5 notebook that lack an id get ``cell-<index>`` (the same every run)."""
    if nb.nbformat_minor < 5:
        return
    taken = {cell.get("id") for cell in nb.cells}
    for index, cell in enumerate(nb.cells):
        if not cell.get("id"):
            candidate, n = f"cell-{index}", 0
            while candidate in taken:
                n += 1
                candidate = f"cell-{index}-{n}"
            cell["id"] = candidate
            taken.add(candidate)


def clean_files(paths: Iterable[str | os.PathLike], root: str | os.PathLike = ".") -> list[Path]:
    """Clean notebook files in place (folders are searched); return those that changed."""
    changed = []
    for path in notebooks.find(paths):
        nb = notebooks.read(path)
        if notebooks.write(clean(nb, keep_outputs=outputs_allowed(nb, notebooks.relative(path, root))), path):
            changed.append(path)
    return changed


# -- what is unclean ------------------------------------------------------------------------


def problems(nb, relpath: str | os.PathLike) -> list[str]:
    """What makes a notebook unfit for git, in plain words; empty if it is clean.

    ``relpath`` is the notebook's path from the repository root; it decides
    whether outputs may be kept (see :func:`outputs_allowed`).

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1", execution_count=1)])
    >>> nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    >>> problems(nb, "solutions/a/a.ipynb")
    ['cell 1: execution count 1 (run the notebook clean: sefkit clean)']
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
            found.append(f"{where}: execution count {cell['execution_count']} (run the notebook clean: {FIX})")
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
    if top == layout.LESSONS_DIR:
        return 'lessons keep outputs only with "sefkit": {"keep_outputs": true} in the notebook metadata'
    return f"notebooks in {top or 'this folder'}/ keep no outputs"


def file_problems(path: str | os.PathLike, root: str | os.PathLike = ".") -> list[str]:
    """:func:`problems` of a notebook file, including a file that is not a readable notebook."""
    import json

    import nbformat

    try:
        nb = nbformat.reads(Path(path).read_text(encoding="utf-8"), as_version=4)
    except (json.JSONDecodeError, nbformat.reader.NotJSONError, UnicodeDecodeError) as err:
        return [f"not a readable notebook: {err}"]
    return problems(nb, notebooks.relative(path, root))


# -- sefkit clean ---------------------------------------------------------------------------


def add_command(commands) -> None:
    """Register ``sefkit clean [PATH ...]`` with the ``sefkit`` command line."""
    parser = commands.add_parser(
        "clean", help="strip outputs, execution counts and noisy metadata from notebooks",
        description="Strip outputs, execution counts, saved widget state and editor metadata from notebooks, "
                    "in place (the rules: sefkit/classroom/cleaning.py).")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="notebooks or folders (default: the course's lessons, solutions and exercises)")
    parser.add_argument("--course-dir", default=".", help="the course folder (default: the current folder)")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    root = Path(args.course_dir).resolve()
    if args.paths:
        paths = args.paths
    else:
        where = layout.of(root)
        paths = [root / d for d in where.notebook_dirs if (root / d).is_dir()]
    changed = clean_files(paths, root=root)
    for path in changed:
        print(f"cleaned {path}")
    if not changed:
        print("every notebook was already clean")
    return 0
