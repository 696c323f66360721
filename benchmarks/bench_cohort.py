"""A cohort of 30 graded by `sefkit grade` on every core against `nbgrader autograde` one by one.

Builds a demo cohort of 30 trainees (assignment 05's personas and three hostile or
broken hand-ins: sefkit.classroom.grading.demo), copies the course, then in one
run on this machine, sandbox on:

* **one by one**: `nbgrader autograde 05_pipeline` in one copy (nbgrader grades
  the 30 submissions one after the other, in one process);
* **the one command**: `sefkit grade 05_pipeline --no-feedback` in the other
  (a process pool over the cores; gradebook writes in the grading process).

Prints both wall times, the speed-up, the limit (the cores: each submission's
kernel start and execution cannot go faster than the one-by-one time divided by
the cores), the peak memory of each run's process tree (summed RSS, sampled every
0.1 s) and whether every trainee's scores are identical. Exits with status 1 if
the scores differ or the speed-up is under the target (1.8x on 2 cores: 90 % of
the limit).

    python benchmarks/bench_cohort.py [N_TRAINEES]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "05_pipeline"
TARGET_SHARE = 0.9  # of the limit: 1.8x on 2 cores


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("SEF_GRADE_WITHOUT_SANDBOX", None)
    return env


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def timed(cmd: list[str], cwd: Path) -> tuple[float, int, str]:
    """Wall time, peak memory of the process tree, and output of a command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.1)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, _ = proc.communicate()
    watcher.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out[-3000:]}")
    return time.perf_counter() - start, peak[0], out


def scores(course: Path) -> dict:
    from nbgrader.api import Gradebook

    from sefkit.classroom.grading.pool import quiet_gradebook

    with quiet_gradebook(), Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student.id: {g.name: g.auto_score for nb in s.notebooks for g in nb.grades}
                for s in gb.find_assignment(NAME).submissions}


def main(n: int = 30) -> int:
    from sefkit.classroom.grading import demo, intake

    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="bench-cohort-") as tmp:
        tmp = Path(tmp)
        made = demo.build(tmp / "pool", NAME, n, source=ROOT)
        intake.from_files(made.course, NAME, made.inbox, intake.roster(made.course, made.trainees_csv))
        serial = tmp / "serial"
        shutil.copytree(made.course, serial)
        t_serial, m_serial, _ = timed([sys.executable, "-m", "nbgrader", "autograde", NAME], serial)
        t_pool, m_pool, out = timed([sys.executable, "-m", "sefkit.cli", "grade", NAME, "--no-feedback",
                                     "--no-progress", "--workers", str(cores)], made.course)
        same = scores(serial) == scores(made.course)
        graded = len(scores(made.course))
    speedup = t_serial / t_pool
    load = os.getloadavg()
    print(f"{n} submissions of {NAME}, sandbox on, {cores} cores (load average {load[0]:.1f} now)")
    print(f"  nbgrader autograde, one by one: {t_serial:7.1f} s ({t_serial / n:5.2f} s per submission), "
          f"peak memory {m_serial / 2**20:6.0f} MiB")
    print(f"  sefkit grade, {cores} workers:     {t_pool:7.1f} s ({t_pool / n:5.2f} s per submission), "
          f"peak memory {m_pool / 2**20:6.0f} MiB")
    print(f"  speed-up {speedup:.2f}x; the limit is {cores:.0f}x (kernel start + execution per notebook / cores "
          f"= {t_serial / n / cores:.2f} s per submission): {100 * speedup / cores:.0f} % of it")
    print(f"  scores identical for all {graded} trainees: {same}")
    for line in out.splitlines():  # the command's own summary: graded, failed, the slowest
        if line.startswith(f"{NAME}:") or line.strip().startswith(("slowest", "failed:")):
            print("  sefkit grade said: " + line.strip())
    target = TARGET_SHARE * cores
    if not same:
        print("FAIL: the scores differ")
        return 1
    if speedup < target:
        print(f"FAIL: speed-up {speedup:.2f}x is under the target {target:.1f}x")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:])))
