"""Made-up learners' submissions: an assignment's personas turned into notebooks.

A persona (:class:`sefkit.classroom.grading.declare.Persona`, declared in
``solutions/<name>/personas.py``) is a set of answers. :func:`persona_answers`
turns one into the text of each answer cell it fills in, and :func:`submission`
writes those into a copy of the *release* notebook, the one learners open, leaving
every other cell as released. The tests grade personas this way
(tests/personas.py), and the demo cohort (:mod:`.demo`) hands them in as trainees.

>>> release = nbformat.v4.new_notebook()
>>> release.cells = [nbformat.v4.new_code_cell("x = None")]
>>> release.cells[0].metadata["nbgrader"] = {"grade_id": "a1", "solution": True}
>>> submission(release, {"a1": "x = 1"}).cells[0].source
'x = 1'
>>> typed(0.123456), typed(7.6543), typed(195312.5), typed("R08")
('0.123', '7.65', '195000', "'R08'")
"""

from __future__ import annotations

import copy
import os

import nbformat

from .declare import LEARNER_ID


def read_notebook(path) -> nbformat.NotebookNode:
    """Read a notebook file (nbformat 4)."""
    return nbformat.read(str(path), as_version=4)


def grade_id(cell) -> str | None:
    """The nbgrader ``grade_id`` of a cell, or None for an ordinary cell."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def answer_ids(nb) -> list[str]:
    """The grade_ids of the cells a learner answers in (nbgrader solution cells)."""
    return [
        grade_id(c) for c in nb.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("solution", False)
    ]


def submission(release, answers: dict[str, str]) -> nbformat.NotebookNode:
    """A copy of the release notebook with some answer cells filled in.

    ``answers`` maps an answer cell's grade_id to the text the learner leaves in
    it; answer cells not named keep the released placeholder. Naming a cell that
    is not an answer cell is an error, so a typo cannot quietly grade a blank.
    """
    valid = answer_ids(release)
    unknown = sorted(set(answers) - set(valid))
    if unknown:
        raise ValueError(f"no answer cell with grade_id {unknown}; answer cells: {', '.join(valid)}")
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        gid = grade_id(cell)
        if gid in answers:
            cell.source = answers[gid]
    return nb


_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN MARK SCHEME", "END MARK SCHEME")


def solution_answers(source) -> dict[str, str]:
    """The author's answers: each answer cell of the source notebook without nbgrader's markers.

    A Markdown answer keeps its model answer and drops the mark scheme (a learner
    would not write one).
    """
    answers = {}
    for cell in source.cells:
        gid = grade_id(cell)
        if gid not in answer_ids(source):
            continue
        lines, skipping = [], False
        for line in cell.source.splitlines():
            if "BEGIN MARK SCHEME" in line:
                skipping = True
            if not skipping and not any(m in line for m in _MARKERS):
                lines.append(line)
            if "END MARK SCHEME" in line:
                skipping = False
        answers[gid] = "\n".join(lines).strip("\n")
    return answers


def run_answers(nb, answers: dict[str, str], *, strict: bool = True, folder=None) -> dict:
    """Run a notebook's code in this process, answers filled in and check cells skipped.

    Returns the variables the code defined. A quick way to see what a persona's
    answers *are*, without nbgrader or a kernel. An answer cell that raises (a
    blank stub, say) leaves its variable unset, as in a notebook; so does any cell
    when ``strict`` is False (else a locked cell that raises is an error). The code
    runs in ``folder`` (default: where it is), as a notebook runs in its own.
    """
    namespace: dict = {}
    here = os.getcwd()
    try:
        if folder is not None:
            os.chdir(folder)
        for cell in submission(nb, answers).cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if cell.cell_type != "code" or meta.get("grade", False):
                continue
            try:
                exec(compile(cell.source, f"<{grade_id(cell) or 'cell'}>", "exec"), namespace)
            except Exception:  # noqa: BLE001 - as in a notebook, a failing cell leaves its variables unset
                if strict and not meta.get("solution", False):
                    raise
    finally:
        os.chdir(here)
    return namespace


def typed(value) -> str:
    """A value as a manager would type it after reading it off a table: rounded.

    Whole numbers as they are, money (1,000 or more) to the thousand, other numbers
    to 3 significant digits below 1 and 2 decimals above; text in quotes.
    """
    if isinstance(value, str):
        return repr(value)
    if float(value) == int(value) and abs(value) < 1000:
        return str(int(value))
    if abs(value) >= 1000:
        return f"{round(float(value), -3):.0f}"
    return f"{float(value):.3g}" if abs(value) < 1 else f"{float(value):.2f}"


def persona_answers(persona, assignment, source, release, learner: str | None = None) -> dict[str, str]:
    """The text a persona leaves in each answer cell it fills in.

    Starts from the model answers (``base="model"``) or nothing (``"blank"``),
    replaces the ``typed`` cells by their model value typed by hand
    (``var = 7.65``), then applies the persona's own ``answers``. Where those type
    the learner's own id (:data:`~sefkit.classroom.grading.declare.LEARNER_ID`),
    it is ``learner``: the persona's name unless a demo trainee hands it in.
    """
    model = solution_answers(source)
    found = dict(model) if persona.base == "model" else {}
    variables = {item.answer_cell: item.answer for item in assignment.items}
    cells = list(variables) if persona.typed == "*" else list(persona.typed)
    if cells:
        values = run_answers(release, model)
        for cell in cells:
            found[cell] = f"{variables[cell]} = {typed(values[variables[cell]])}"
    found.update(persona.answers)
    own = persona.name if learner is None else learner
    return {cell: text.replace(LEARNER_ID, own) for cell, text in found.items()}
