"""Autograde time per assignment-05 submission: checking answers outside the kernel vs before.

Grades the same submissions (assignment 05's declared personas) twice on this
machine, one after the other, each in a throw-away copy of the course with one
``nbgrader autograde`` run:

* **before**: the assignment, nbgrader_config.py and the sefkit package as they were
  at REF (default :data:`BEFORE`, the commit before answers left the kernel): hidden
  tests inside the learner's kernel, plain nbgrader;
* **after**: this checkout: answers recorded as plain data and checked in the
  grading process (sefkit.classroom.grading).

Prints the time per submission for both (no speed target: a comparison), and every
persona's autograded score under both designs next to what its declaration expects;
exits with status 1 if a persona's score under this checkout is not the declared one.

    python benchmarks/bench_autograde.py [REF]
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import personas  # noqa: E402  (the grading harness the tests use)

from sefkit.classroom.grading import declare  # noqa: E402

NAME = "05_pipeline"
#: The last commit with the old design (ec63a97 moved answer checking out of the kernel). The
#: default was once ``main``, which now holds the new design and so had no "before" to grade.
BEFORE = "ec63a97^"


def _git_show(ref: str, path: str) -> str:
    return subprocess.run(["git", "show", f"{ref}:{path}"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout


def _before_source(ref: str, folder: Path) -> Path:
    """Assignment 05 as it was at ``ref`` (its notebook only: no answer_key.py then)."""
    src = folder / NAME
    src.mkdir(parents=True)
    (src / f"{NAME}.ipynb").write_text(_git_show(ref, f"solutions/{NAME}/{NAME}.ipynb"))
    return src


@contextlib.contextmanager
def _package_as_at(ref: str, folder: Path):
    """Kernels started meanwhile import sefkit as it was at ``ref`` (its notebook imports old module names)."""
    archive = subprocess.run(["git", "archive", ref, "sefkit"], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = before


def _grade(source: Path, workdir: Path, config: str | None, answers: dict[str, dict[str, str]]):
    course, name = personas.make_course(source, workdir / "course", config=config)
    release = personas.released(course, name, NAME)
    subs = {who: {NAME: personas.submission(release, a)} for who, a in answers.items()}
    start = time.perf_counter()
    scores = personas.autograde(course, name, subs)
    return time.perf_counter() - start, scores


def main(ref: str = BEFORE) -> int:
    assignment = declare.load(ROOT, NAME)
    people = declare.load_personas(ROOT, NAME)
    source = personas.read_notebook(ROOT / "solutions" / NAME / f"{NAME}.ipynb")
    release = personas.read_notebook(ROOT / "exercises" / NAME / f"{NAME}.ipynb")
    answers = {p.name: personas.persona_answers(p, assignment, source, release) for p in people}
    with tempfile.TemporaryDirectory(prefix="bench-autograde-") as tmp:
        tmp = Path(tmp)
        before_src = _before_source(ref, tmp / "before-src")
        with _package_as_at(ref, tmp / "before-package"):
            t_before, before = _grade(before_src, tmp / "before", _git_show(ref, "nbgrader_config.py"), answers)
        t_after, after = _grade(ROOT / "solutions" / NAME, tmp / "after", None, answers)
    n = len(answers)
    print(f"assignment {NAME}: {n} submissions, one `nbgrader autograde` run each (nbgrader start-up included)")
    print(f"  before ({ref}: hidden tests in the kernel): {t_before:6.1f} s in all, {t_before / n:5.2f} s per submission")
    print(f"  after (answers checked outside the kernel): {t_after:6.1f} s in all, {t_after / n:5.2f} s per submission")
    points = assignment.points
    print("\n| persona | expected | before | after |\n|---|---|---|---|")
    wrong = []
    for p in people:
        expected = p.expected({**points, **{g: 0.0 for g in p.scores if g not in points}})
        total = sum(v for g, v in expected.items() if g in points)
        old = sum(before[p.name].get(g) or 0 for g in points)
        new = sum(after[p.name].get(g) or 0 for g in points)
        print(f"| {p.name} | {total:g} | {old:g} | {new:g} |")
        wrong += [] if abs(new - total) < 1e-9 else [p.name]
    if wrong:  # the figure has no speed target; a persona graded off its declaration is a failure
        print(f"personas not scored as declared under this checkout: {', '.join(wrong)}")
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
