"""nbgrader plug-ins that check answers outside the learner's kernel.

nbgrader_config.py puts these into plain ``nbgrader autograde``, so the usual
command, run in the course folder, is the secure path and scores land in
gradebook.db as always (formgrader, manual grading, feedback and export are
unchanged). For an assignment declared in ``solutions/<name>/answer_key.py``:

1. :class:`SubmissionExporter` reads each submitted notebook; one that cannot be
   read (not JSON, not a notebook) is graded as an empty notebook with the
   reason recorded, and the file handed in is left as it was.
2. :class:`RestoreGradedCells` (sanitizing, before nbgrader's own checks) gives
   every graded cell back the flags and points the gradebook holds, keeps one
   cell per grade id, and turns cells claiming unknown grade ids into ordinary
   cells; nbgrader's OverwriteCells then restores locked sources and puts back
   deleted graded cells.
3. :class:`RecordAnswers` (just before Execute) computes the learner's keys,
   writes the files the assignment gives the learner's kernel
   (:func:`provide_files`), and adds, after each item's test cell, a cell that
   records the answer variable as plain data
   (:func:`sefkit.classroom.grading.answers.emit`).
4. :class:`CheckAnswers` (just after Execute) reads those records, removes the
   recording cells, checks every item against its key in this process
   (:func:`sefkit.classroom.grading.check.check`) and writes each verdict as the test
   cell's only output: nothing on success, an error naming the likely
   misconception otherwise. nbgrader's SaveAutoGrades scores from those outputs,
   so what the learner's kernel printed or raised in a test cell never counts.

The verdicts and any note about the submission (restored cells, an unreadable
file) are kept in the autograded notebook's metadata under ``sefkit_grading``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path

from nbconvert.exporters import NotebookExporter
from nbformat import NotebookNode, v4

from .. import layout
from . import check as checking
from .answers import MIME
from .declare import KEY_FILE, load

NOTES = "sefkit_grading"
_SANITIZE_ATTR = "_sanitizing"
_LOADED: dict[Path, object] = {}
_CONTEXTS: dict[tuple[int, str | None], object] = {}


def _nbgrader_base():
    from nbgrader.preprocessors import NbGraderPreprocessor

    return NbGraderPreprocessor


def _gradebook(resources):
    from nbgrader.api import Gradebook

    return Gradebook(resources["nbgrader"]["db_url"])


def _course_root(obj) -> tuple[Path, str]:
    """The course folder and source folder of the converter running ``obj``."""
    while obj is not None:
        coursedir = getattr(obj, "coursedir", None)
        if coursedir is not None:
            return Path(coursedir.root), coursedir.source_directory
        obj = getattr(obj, "parent", None)
    where = layout.of(os.getcwd())  # nbgrader runs from the course folder
    return where.root, where.source


def declaration(root: Path, source_dir: str, name: str):
    """The assignment's declaration (None if it has none), loaded once per grading process.

    Loaded when the first submission is sanitized, before any learner's code has
    run, and never read again in this process.
    """
    path = (root / source_dir / name / KEY_FILE).resolve()
    if path not in _LOADED:
        _LOADED[path] = load(root, name, source_dir=source_dir) if path.is_file() else None
    return _LOADED[path]


def _context(assignment, learner: str):
    """The learner's keys, computed once (before their code runs: see RecordAnswers).

    For an assignment declared ``same_for_every_learner`` the keys of the first
    learner graded in this process are reused for the others (each gets a fresh
    context: their own answers, the same data and keys).
    """
    key = (id(assignment), learner)
    if key not in _CONTEXTS:
        shared = (id(assignment), None)
        if not assignment.same_for_every_learner:
            _CONTEXTS[key] = checking.prepare(assignment, assignment.context(learner))
        elif shared not in _CONTEXTS:
            _CONTEXTS[shared] = checking.prepare(assignment, assignment.context(learner))
            _CONTEXTS[key] = assignment.context_like(_CONTEXTS[shared], learner)
        else:
            _CONTEXTS[key] = assignment.context_like(_CONTEXTS[shared], learner)
    return _CONTEXTS[key]


def _notes(nb) -> dict:
    return nb.metadata.setdefault(NOTES, {"notes": []})


# -- reading a submission -------------------------------------------------------------------


class SubmissionExporter(NotebookExporter):
    """nbgrader's notebook exporter, except that an unreadable submission is graded, not crashed on.

    When sanitizing, anything a learner wrote under ``sefkit_grading`` in the
    notebook's metadata is dropped: only the grading writes there.
    """

    def from_filename(self, filename, resources=None, **kw):
        sanitizing = getattr(self.parent, _SANITIZE_ATTR, True)
        if not sanitizing:
            return super().from_filename(filename, resources=resources, **kw)
        try:
            nb = self._read(filename)
        except Exception as err:  # any file at all may be handed in
            nb = v4.new_notebook()
            nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
            nb.metadata[NOTES] = {"notes": [], "unreadable": _unreadable(filename, err),
                                  "unreadable_why": _why_unreadable(err)}
        else:
            nb.metadata[NOTES] = {"notes": []}
        if resources is None:
            resources = {}
        resources.setdefault("metadata", {}).setdefault("path", os.path.dirname(filename))
        return self.from_notebook_node(nb, resources=resources, **kw)

    @staticmethod
    def _read(filename):
        import nbformat

        with open(filename, encoding="utf-8") as f:
            nb = nbformat.read(f, as_version=4)
        cells = nb.get("cells")
        if not isinstance(cells, list) or not all(
            isinstance(c, dict) and c.get("cell_type") in ("code", "markdown", "raw")
            and isinstance(c.get("source", ""), str) for c in cells
        ):
            raise ValueError("it is JSON, but not a notebook's cells")
        return nb


def _why_unreadable(err) -> str:
    return f"{type(err).__name__}: {str(err)[:200]}"


def _unreadable(filename, err) -> str:
    """What the trainee's feedback says about a file that is not a notebook."""
    return (f"{os.path.basename(filename)} could not be read as a notebook ({_why_unreadable(err)}), "
            "so none of its answers could be graded. The file you handed in is kept "
            "as it was: open it in JupyterLab, save it again and hand it in, or ask your facilitator.")


# -- sanitizing: the gradebook decides which cells are graded ------------------------------


class RestoreGradedCells(_nbgrader_base()):
    """Give graded cells back the gradebook's flags and points; one cell per grade id; none missing.

    Runs before nbgrader's DeduplicateIds and OverwriteCells, so that a learner
    who flipped a test cell into an answer cell, changed its points, copied it,
    invented grade ids or deleted cells gets the assignment's own cells back
    (OverwriteCells then restores their locked sources). A deleted cell is put
    back from the gradebook (an answer cell as released, so it scores as
    unanswered) after the cell that comes before it in the source notebook.
    """

    def preprocess(self, nb, resources):
        nbg = resources["nbgrader"]
        root, source_dir = _course_root(self)
        declaration(root, source_dir, nbg["assignment"])  # read before any learner's code runs
        with _gradebook(resources) as gb:
            source_nb = gb.find_notebook(nbg["notebook"], nbg["assignment"])
            source = {c.name: (c.cell_type, bool(c.locked), c.source, c.checksum) for c in source_nb.source_cells}
            points = {c.name: float(c.max_score) for c in source_nb.grade_cells}
            solutions = {c.name for c in source_nb.solution_cells}
            tasks = {c.name for c in source_nb.task_cells}
        self._flags = lambda gid: {"grade_id": gid, "grade": gid in points, "solution": gid in solutions,
                                   "locked": source[gid][1], "task": gid in tasks, "schema_version": 3,
                                   **({"points": points[gid]} if gid in points else {})}
        notes = _notes(nb)["notes"]
        self._drop_strangers_and_copies(nb, source, notes)
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader")
            if meta is None:
                continue
            gid = meta["grade_id"]
            wanted = self._flags(gid)
            changed = sorted(k for k, v in wanted.items() if k != "schema_version" and meta.get(k) != v)
            if changed and any(meta.get(k) or wanted[k] for k in changed if k != "points"):
                notes.append(f"{gid}: its {', '.join(changed)} had been changed; restored")
            elif "points" in changed:
                notes.append(f"{gid}: its points had been changed; restored")
            kept = {k: v for k, v in meta.items() if k == "checksum"}
            cell.metadata["nbgrader"] = NotebookNode({**kept, **wanted})
            if cell.cell_type != source[gid][0]:
                notes.append(f"{gid}: its cell type had been changed to {cell.cell_type}; restored")
                _set_cell_type(cell, source[gid][0])
        self._put_back_missing(nb, source, self._order(resources, source), notes)
        return nb, resources

    @staticmethod
    def _drop_strangers_and_copies(nb, source, notes):
        last: dict[str, int] = {}
        for index, cell in enumerate(nb.cells):
            meta = cell.get("metadata", {}).get("nbgrader")
            gid = meta.get("grade_id") if isinstance(meta, dict) else None
            if meta is not None and (not isinstance(gid, str) or gid not in source):
                if any(isinstance(meta, dict) and meta.get(k) for k in ("grade", "solution", "locked", "task")):
                    notes.append(f"cell {index + 1}: grade id {str(gid)[:60]!r} is not part of this assignment; "
                                 "graded as an ordinary cell")
                del cell.metadata["nbgrader"]
            elif gid is not None:
                last[gid] = index
        for index, cell in enumerate(nb.cells):
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if gid is not None and last[gid] != index:
                notes.append(f"cell {index + 1}: a second copy of {gid}; only the last copy is graded")
                del cell.metadata["nbgrader"]

    def _order(self, resources, source) -> list[str]:
        """The grade ids in the source notebook's order (the gradebook's own order if it cannot be read)."""
        import nbformat

        root, source_dir = _course_root(self)
        nbg = resources["nbgrader"]
        path = root / source_dir / nbg["assignment"] / f"{nbg['notebook']}.ipynb"
        try:
            ids = [c.metadata["nbgrader"].get("grade_id") for c in nbformat.read(str(path), as_version=4).cells
                   if "nbgrader" in c.get("metadata", {})]
        except (OSError, ValueError):
            ids = []
        ids = [g for g in ids if g in source]
        return ids + [g for g in source if g not in ids]

    def _put_back_missing(self, nb, source, order, notes):
        present = {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "nbgrader" in c.get("metadata", {})}
        for position, gid in enumerate(order):
            if gid in present:
                continue
            cell_type, locked, text, checksum = source[gid]
            cell = (v4.new_code_cell if cell_type == "code" else v4.new_markdown_cell)(text)
            cell["id"] = f"restored-{uuid.uuid4().hex[:12]}"
            cell.metadata["nbgrader"] = NotebookNode({**self._flags(gid), "checksum": checksum})
            if locked or cell.metadata["nbgrader"]["grade"] and not cell.metadata["nbgrader"]["solution"]:
                cell.metadata.update(deletable=False, editable=False)
            before = next((present[g] for g in reversed(order[:position]) if g in present), None)
            where = next(i for i, c in enumerate(nb.cells) if c is before) + 1 if before is not None else 0
            nb.cells.insert(where, cell)
            present[gid] = cell
            notes.append(f"{gid}: missing from the submission; put back as released")


def _set_cell_type(cell, cell_type: str) -> None:
    cell.cell_type = cell_type
    if cell_type == "code":
        cell.outputs, cell.execution_count = [], None
    else:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)


# -- autograding: record answers as data, check them here ----------------------------------


def _test_cell_index(nb, grade_id: str) -> int | None:
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade_id") == grade_id and meta.get("grade"):
            return index
    return None


class _Declared(_nbgrader_base()):
    """A preprocessor that needs the assignment's declaration."""

    def _assignment(self, resources):
        root, source_dir = _course_root(self)
        name = resources["nbgrader"]["assignment"]
        found = declaration(root, source_dir, name)
        if found is None:
            raise RuntimeError(
                f"{source_dir}/{name}/{KEY_FILE} is missing: this course checks answers outside the "
                "learner's kernel, so every autograded assignment declares its items and answer keys "
                "there (docs/AUTHORING.md)")
        if found.notebook != resources["nbgrader"]["notebook"]:
            raise RuntimeError(
                f"{source_dir}/{name}/{KEY_FILE} declares the notebook {found.notebook!r}, not "
                f"{resources['nbgrader']['notebook']!r}: every autograded notebook needs its items declared")
        return found


def insert_recorders(nb, assignment) -> list[tuple[str, str]]:
    """Add a recording cell after each item's test cell; return (cell id, grade id) pairs.

    Each recording cell gets a fresh random id, so no cell of the learner's can
    pass for one.
    """
    inserted = []
    for item in assignment.items:
        index = _test_cell_index(nb, item.grade_id)
        if index is None:
            continue
        cell = v4.new_code_cell(f'__import__("sefkit.classroom.grading.answers", fromlist=["emit"]).emit({item.answer!r}, globals())')
        cell["id"] = f"record-{uuid.uuid4().hex[:12]}"
        nb.cells.insert(index + 1, cell)
        inserted.append((cell["id"], item.grade_id))
    return inserted


def collect_records(nb, inserted) -> tuple[dict, list[str]]:
    """Take the recording cells out of ``nb``: the record each produced (by grade id), and notes.

    A recording cell must have produced exactly one record; anything else counts
    as no answer (a learner's code printed its own, or suppressed the grader's).
    """
    recorders = dict(inserted)
    records, notes, kept = {}, [], []
    for cell in nb.cells:
        gid = recorders.get(cell.get("id"))
        if gid is None:
            kept.append(cell)
            continue
        found = [o["data"][MIME] for o in cell.get("outputs", [])
                 if o.get("output_type") in ("display_data", "execute_result") and MIME in o.get("data", {})]
        # nbformat hands back dict subclasses: the grader reads plain JSON only
        records[gid] = json.loads(json.dumps(found[0])) if len(found) == 1 else {"name": None}
        if len(found) != 1:
            notes.append(f"{gid}: {len(found)} answer records where the grading writes one; not counted")
    nb.cells = kept
    return records, notes


def provide_files(assignment, ctx, folder) -> list[Path]:
    """Write the assignment's ``kernel_files`` for this learner into ``folder`` (the notebook's); return them.

    Each folder a path names is removed first (a link is removed, never followed),
    so the learner's kernel reads the grading's files only, whatever the hand-in
    brought along.

    >>> from sefkit.classroom.grading.declare import Assignment, Context
    >>> a = Assignment("demo", items=[], kernel_files=lambda ctx: {f"data/{ctx.learner}.txt": b"hello"})
    >>> where = Path(tempfile.mkdtemp())
    >>> written = provide_files(a, Context(learner="ana", data=None), where)
    >>> [p.relative_to(where).as_posix() for p in written]
    ['data/ana.txt']
    >>> remove_files(written, where); sorted(where.iterdir())
    []
    """
    if assignment.kernel_files is None:
        return []
    folder = Path(folder)
    files = {Path(rel): data for rel, data in assignment.kernel_files(ctx).items()}
    for rel in files:
        if rel.is_absolute() or not rel.parts or ".." in rel.parts:
            raise ValueError(f"assignment {assignment.name}: kernel file {rel} must be a path inside the notebook's folder")
    for top in {rel.parts[0] for rel in files}:
        found = folder / top
        if found.is_symlink() or found.is_file():
            found.unlink()
        elif found.is_dir():
            shutil.rmtree(found)
    written = []
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
        written.append(folder / rel)
    return written


def remove_files(written, folder) -> None:
    """Take the files :func:`provide_files` wrote out again, and the folders they leave empty.

    The kernel has run: the files stay out of the autograded folder and so out of
    the learner's feedback.
    """
    folder = Path(folder)
    for path in written:
        path.unlink(missing_ok=True)
        for parent in path.relative_to(folder).parents[:-1]:
            try:
                (folder / parent).rmdir()
            except OSError:  # not empty: the learner's own files are left as they were
                break


def check_notebook(nb, assignment, learner: str = "author", timeout: int = 60, path: str = "."):
    """Run a notebook in a fresh kernel and check its recorded answers: one Verdict per item.

    What autograding does, without nbgrader's gradebook: for an author checking a
    solution notebook against its keys (tests/test_nbgrader_validate.py).
    """
    import copy

    from nbconvert.preprocessors import ExecutePreprocessor

    nb = copy.deepcopy(nb)
    inserted = insert_recorders(nb, assignment)
    ctx = checking.prepare(assignment, assignment.context(learner))
    with tempfile.TemporaryDirectory() as scratch:
        if assignment.kernel_files is not None:  # run in a copy, so the author's folder gets no files
            path = shutil.copytree(path, Path(scratch) / "notebook")
            provide_files(assignment, ctx, path)
        ExecutePreprocessor(timeout=timeout, allow_errors=True).preprocess(nb, {"metadata": {"path": str(path)}})
    records, _ = collect_records(nb, inserted)
    return checking.check(assignment, records, learner, context=ctx)


class RecordAnswers(_Declared):
    """Add a recording cell after each declared item's test cell (run it before Execute)."""

    def preprocess(self, nb, resources):
        assignment = self._assignment(resources)
        ctx = _context(assignment, resources["nbgrader"]["student"])  # keys first, then the learner's code
        folder = resources.get("metadata", {}).get("path") or "."
        resources["sefkit_files"] = (folder, provide_files(assignment, ctx, folder))
        resources["sefkit_recorders"] = insert_recorders(nb, assignment)
        return nb, resources


class CheckAnswers(_Declared):
    """Check the recorded answers in this process and write each verdict into its test cell."""

    def preprocess(self, nb, resources):
        assignment = self._assignment(resources)
        folder, written = resources.pop("sefkit_files", (".", []))
        remove_files(written, folder)
        records, found = collect_records(nb, resources.get("sefkit_recorders", []))
        notes = _notes(nb)
        notes["notes"] += found
        unreadable = notes.get("unreadable")
        if unreadable:
            records = {}
        learner = resources["nbgrader"]["student"]
        verdicts = checking.check(assignment, records, learner, context=_context(assignment, learner))
        for verdict in verdicts:
            index = _test_cell_index(nb, verdict.grade_id)
            if index is not None:
                nb.cells[index].outputs = verdict_outputs(verdict, unreadable)
        notes["verdicts"] = [v.as_dict() for v in verdicts]
        return nb, resources


def verdict_outputs(verdict: checking.Verdict, unreadable: str | None) -> list:
    """The test cell's outputs nbgrader scores: a line (full points), the line and the points as the
    cell's result (partial credit, nbgrader's partial-grade rule), or an error (no points)."""
    text = verdict.text() if not unreadable else f"{verdict.grade_id}: 0 of {verdict.max_points:g} points. {unreadable}"
    if verdict.status == checking.CORRECT:
        return [v4.new_output("stream", name="stdout", text=text + "\n")]
    if verdict.status == checking.PARTIAL and not unreadable:
        return [v4.new_output("stream", name="stdout", text=text + "\n"),
                v4.new_output("execute_result", data={"text/plain": repr(float(verdict.points))}, execution_count=None)]
    return [v4.new_output("error", ename="NotRight" if verdict.status == checking.WRONG else "NoAnswer",
                          evalue=text, traceback=[text])]


def verdicts(nb) -> list[dict]:
    """The verdicts CheckAnswers kept in an autograded notebook (empty if it did not run)."""
    return list(nb.metadata.get(NOTES, {}).get("verdicts", []))


def notes(nb) -> dict:
    """What the grading noted about a submission: ``notes`` (list) and ``unreadable`` (if so)."""
    return json.loads(json.dumps(nb.metadata.get(NOTES, {})))
