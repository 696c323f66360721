"""Time `nbgrader autograde` per assignment-05 submission, with the grading sandbox and without.

Two throw-away courses hold assignment 05 and the same submissions (the author's
own notebook, so every cell runs as a full-marks learner's would). One uses the
repository's nbgrader_config.py (each kernel in bubblewrap); the other the same
config with nbgrader's plain ``Execute`` step put back, which is how the course
graded before the sandbox. Runs alternate between the two, on the same machine in
one process, and the figure is the median over runs of (run time / submissions),
in wall-clock seconds.

    .venv/bin/python benchmarks/bench_sandbox.py [--submissions 4] [--runs 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "05_pipeline"

PLAIN = """
# -- benchmark only: nbgrader's own Execute step, no sandbox --
from nbgrader.preprocessors import Execute  # noqa: E402
from sefkit.classroom.grading.sandbox import SandboxedExecute  # noqa: E402
c.Autograde.autograde_preprocessors = [
    Execute if step is SandboxedExecute else step for step in c.Autograde.autograde_preprocessors
]
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("SEF_GRADE_WITHOUT_SANDBOX", None)
    return env


def _nbgrader(course: Path, *args: str) -> None:
    db = f"sqlite:///{course / 'gradebook.db'}"
    cmd = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={course}",
           f"--CourseDirectory.db_url={db}"]
    result = subprocess.run(cmd, cwd=course, capture_output=True, text=True, env=_env())
    if result.returncode != 0:
        raise SystemExit(f"nbgrader {' '.join(args)} failed in {course}:\n{result.stderr[-3000:]}")


def course(folder: Path, extra_config: str, submissions: int) -> Path:
    folder.mkdir(parents=True)
    (folder / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text() + extra_config)
    shutil.copytree(ROOT / "solutions" / ASSIGNMENT, folder / "solutions" / ASSIGNMENT)
    _nbgrader(folder, "generate_assignment", ASSIGNMENT, "--force")
    for i in range(submissions):
        target = folder / "submitted" / f"learner{i:02d}" / ASSIGNMENT
        target.mkdir(parents=True)
        shutil.copy(ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", target)
        (target / "timestamp.txt").write_text("2025-01-06 09:00:00.000000 UTC")
    return folder


def per_submission(folder: Path, submissions: int) -> float:
    start = time.perf_counter()
    _nbgrader(folder, "autograde", ASSIGNMENT, "--force")
    return (time.perf_counter() - start) / submissions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=4)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    from sefkit.classroom.grading.sandbox import Sandbox

    problem = Sandbox().problem()
    if problem:
        raise SystemExit(problem)
    with tempfile.TemporaryDirectory(prefix="bench-sandbox-") as tmp:
        courses = {
            "sandboxed": course(Path(tmp) / "sandboxed", "", args.submissions),
            "plain nbgrader": course(Path(tmp) / "plain", PLAIN, args.submissions),
        }
        times: dict[str, list[float]] = {name: [] for name in courses}
        for _ in range(args.runs):
            for name, folder in courses.items():
                times[name].append(per_submission(folder, args.submissions))
    print(f"nbgrader autograde {ASSIGNMENT}: {args.submissions} submissions per run, {args.runs} runs each, "
          f"{os.cpu_count()} cores")
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    for name, ts in times.items():
        print(f"  {name:15s} {medians[name]:6.2f} s per submission (runs: {', '.join(f'{t:.2f}' for t in ts)})")
    extra = medians["sandboxed"] - medians["plain nbgrader"]
    print(f"  sandbox cost    {extra:+6.2f} s per submission ({extra / medians['plain nbgrader']:+.0%})")


if __name__ == "__main__":
    main()
