"""Grade made-up learners ("personas") with the real nbgrader pipeline.

A persona is a set of answers: for each answer cell (by its nbgrader ``grade_id``)
the code or text the learner typed. :func:`submission` writes those answers into a
copy of the *release* notebook, the one learners open, and leaves every other cell
as released. :func:`autograde` then grades many personas in one ``nbgrader
autograde`` run (through nbgrader's API, in this process), inside a throw-away copy of the course (its own config, source
folder and gradebook, so a real gradebook is never touched), and reads each
persona's score per ``grade_id`` back from that gradebook.

    answers = {"full": {"coverage_answer": "coverage = 2.5"}, "blank": {}}
    release = read_notebook("exercises/05_pipeline/05_pipeline.ipynb")
    scores = autograde(
        source=Path("solutions/05_pipeline"),
        submissions={who: {"05_pipeline": submission(release, a)} for who, a in answers.items()},
        workdir=tmp_path,
    )
    scores["full"]["pipeline_coverage"]   # points won on that test cell

Grading starts one kernel per notebook, so it takes a second or two per persona.

An assignment's personas are declared beside it, in ``solutions/<name>/personas.py``
(:class:`sefkit.classroom.grading.declare.Persona`); :func:`persona_answers` turns one into
the text of its answer cells, and :func:`grade_in_process` grades those answers
in this process with the same checks autograding uses (no kernel, no nbgrader),
which is quick enough to tell an author at once which persona went wrong.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from sefkit.classroom import layout
from sefkit.classroom.grading.submissions import (  # noqa: F401 (the harness's own names)
    answer_ids,
    grade_id,
    persona_answers,
    read_notebook,
    run_answers,
    solution_answers,
    submission,
    typed,
)

ROOT = Path(__file__).resolve().parents[1]


def nbgrader_cell(kind: str, source: str, **nbgrader) -> nbformat.NotebookNode:
    """A new ``"code"`` or ``"markdown"`` cell; nbgrader flags (``grade_id=...``, ``points=...``) make it an nbgrader cell."""
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    cell = make(source)
    if nbgrader:
        meta = {"grade": False, "solution": False, "locked": False, "task": False, "schema_version": 3}
        cell.metadata["nbgrader"] = {**meta, **nbgrader}
    return cell


def grade_in_process(assignment, release, answers: dict[str, str], learner: str = "author") -> dict[str, float]:
    """Points per grade id for ``answers``, checked as autograding checks them, but in this process.

    The notebook's code runs here (test cells skipped), in a scratch folder holding
    the files grading gives the learner's kernel (``kernel_files``); each item's
    variable is recorded as plain data and checked against its key. A cell that
    fails leaves its variables unset, as in the notebook. Not a substitute for
    :func:`autograde` (no kernel, no sandbox, no tampering), only a quick look.
    """
    import tempfile

    from sefkit.classroom.grading.answers import record
    from sefkit.classroom.grading.autograde import provide_files
    from sefkit.classroom.grading.check import check, prepare

    ctx = prepare(assignment, assignment.context(learner))
    with tempfile.TemporaryDirectory() as folder:
        provide_files(assignment, ctx, folder)
        values = run_answers(release, answers, strict=assignment.kernel_files is None, folder=folder)
    records = {item.grade_id: record(item.answer, values[item.answer]) for item in assignment.items
               if item.answer in values}
    return {v.grade_id: v.points for v in check(assignment, records, learner, context=ctx)}


def _env() -> dict[str, str]:
    # nbgrader runs the `alembic` command of its own environment: put that
    # environment's bin folder first on PATH even when it is not activated.
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


@contextlib.contextmanager
def _gradebook(course: Path):
    from nbgrader.api import Gradebook

    saved = os.environ.get("PATH")
    os.environ["PATH"] = _env()["PATH"]
    try:
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            yield gb
    finally:
        if saved is None:
            os.environ.pop("PATH", None)
        else:
            os.environ["PATH"] = saved


def _nbgrader(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    db = f"sqlite:///{cwd / 'gradebook.db'}"
    cmd = [sys.executable, "-m", "nbgrader", *args,
           f"--CourseDirectory.root={cwd}", f"--CourseDirectory.db_url={db}"]
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=_env())
    if result.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def _api(course: Path, command: str, assignment: str, **kwargs) -> dict:
    """Run an nbgrader command in this process, through nbgrader's own API (what formgrader calls).

    The same converters and preprocessors as the command line, with the course's
    nbgrader_config.py, but without starting Python and importing nbgrader again
    for each command. A failed command raises with nbgrader's log.
    """
    from nbgrader.apps import NbGraderAPI

    from sefkit.classroom.grading.pool import course_config, quiet_gradebook, tools_on_path

    tools_on_path()
    with quiet_gradebook():
        result = getattr(NbGraderAPI(config=course_config(course)), command)(assignment, **kwargs)
    if not result.get("success"):
        raise RuntimeError(f"nbgrader {command} {assignment} failed:\n{result.get('log', '')}\n{result.get('error', '')}")
    return result


def make_course(source: Path, workdir: Path, config: str | None = None) -> tuple[Path, str]:
    """A throw-away course in ``workdir`` holding one assignment copied from ``source``.

    The assignment is registered in the course's own gradebook with
    ``nbgrader generate_assignment`` (which is what tells the autograder each test
    cell's points). ``config`` is the text of the course's nbgrader_config.py
    (default: the repository's). Returns the course folder and the assignment name.
    """
    course = Path(workdir)
    course.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (course / layout.CONFIG_FILE).write_text(config)
    else:
        shutil.copy(ROOT / layout.CONFIG_FILE, course / layout.CONFIG_FILE)
    name = Path(source).name
    shutil.copytree(source, layout.of(course).source_path / name, dirs_exist_ok=True)
    _api(course, "generate_assignment", name, force=True)
    return course, name


def released(course: Path, assignment: str, notebook: str) -> nbformat.NotebookNode:
    """The release notebook that :func:`make_course` generated in the throw-away course."""
    return read_notebook(layout.of(course).release_path / assignment / f"{notebook}.ipynb")


def autograde(course: Path, assignment: str, submissions: dict[str, dict[str, nbformat.NotebookNode]]):
    """Grade every persona's notebooks in one nbgrader run; scores per grade_id.

    ``submissions`` maps a student id (one per persona) to ``{notebook name:
    notebook}`` (a notebook, or the raw text of the file handed in). Returns
    ``{student: {grade_id: score}}``; a manually graded cell that still needs a
    human grader scores None.
    """
    for student, notebooks in submissions.items():
        folder = course / "submitted" / student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        for name, nb in notebooks.items():
            if isinstance(nb, str):
                (folder / f"{name}.ipynb").write_text(nb)
            else:
                nbformat.write(nb, str(folder / f"{name}.ipynb"))
        (folder / "timestamp.txt").write_text("2025-01-06 09:00:00.000000 UTC")
    _api(course, "autograde", assignment, student_id="*", force=True)  # every student, one after another
    scores: dict[str, dict[str, float | None]] = {}
    with _gradebook(course) as gb:
        for student, notebooks in submissions.items():
            scores[student] = {}
            for name in notebooks:
                nb = gb.find_submission_notebook(name, assignment, student)
                for grade in nb.grades:
                    pending = grade.auto_score is None and grade.manual_score is None
                    scores[student][grade.name] = None if pending else grade.score
    return scores


def autograded(course: Path, assignment: str, student: str, notebook: str) -> nbformat.NotebookNode:
    """A student's notebook as autograding left it (verdicts in its test cells and metadata)."""
    return read_notebook(course / "autograded" / student / assignment / f"{notebook}.ipynb")


def feedback(course: Path, assignment: str) -> dict[str, str]:
    """Run ``nbgrader generate_feedback``; each student's feedback files as one text."""
    _api(course, "generate_feedback", assignment, force=True)
    found = {}
    for folder in sorted((course / "feedback").glob(f"*/{assignment}")):
        found[folder.parent.name] = "\n".join(p.read_text() for p in sorted(folder.rglob("*")) if p.is_file())
    return found


def export(course: Path) -> list[dict[str, str]]:
    """Run ``nbgrader export`` (the CSV facilitators download); its rows."""
    import csv

    _nbgrader(["export"], course)
    with open(course / "grades.csv", newline="") as f:
        return list(csv.DictReader(f))


def max_scores(course: Path, assignment: str) -> dict[str, float]:
    """Points available per grade_id, from the throw-away course's gradebook."""
    with _gradebook(course) as gb:
        a = gb.find_assignment(assignment)
        return {cell.name: cell.max_score for nb in a.notebooks for cell in nb.grade_cells}


def table(scores: dict[str, dict[str, float | None]], points: dict[str, float]) -> str:
    """A Markdown table: one row per persona, one column per graded cell, and the total."""
    ids = list(points)
    head = "| persona | " + " | ".join(ids) + " | total |"
    rule = "|---" * (len(ids) + 2) + "|"
    rows = [head, rule]
    rows.append("| *(max)* | " + " | ".join(_fmt(points[g]) for g in ids) + f" | {_fmt(sum(points.values()))} |")
    for who, s in scores.items():
        total = sum(v or 0 for v in s.values())
        rows.append(f"| {who} | " + " | ".join(_fmt(s.get(g)) for g in ids) + f" | {_fmt(total)} |")
    return "\n".join(rows)


def _fmt(x) -> str:
    if x is None:
        return "manual"
    return f"{x:g}"


def key_code(path) -> set[str]:
    """Distinctive code lines of an answer_key.py: what a leaked answer key would look like."""
    lines = set()
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        computes = "ctx.data" in line or "(ctx)" in line
        if len(line) >= 30 and computes and not line.startswith(("#", '"', "'")):
            lines.add(line)
    return lines


def dumps(scores) -> str:
    """Scores as stable JSON (for debugging a failing persona test)."""
    return json.dumps(scores, indent=1, sort_keys=True)


def secret_forms(values, public_text: str) -> set[str]:
    """How a key value could show: its repr and common roundings (numbers of 4+ significant digits)."""
    forms = set()
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | float):
            if isinstance(value, str) and len(value) >= 3 and value not in public_text:
                forms.add(value)
            continue
        if float(value).is_integer() and abs(value) < 1000:
            continue
        forms |= {repr(value), f"{value:.4f}", f"{value:.6g}", f"{value:,.0f}"}
    return {f for f in forms if len(f.strip("0.-,")) >= 4 and f not in public_text}
