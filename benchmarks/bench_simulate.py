"""Speed and memory of the simulation, and of ``import sefkit``.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_simulate.py``).
Each case runs in a fresh Python process, so its peak memory (``ru_maxrss``) is its
own. Each target is judged on a warm, wall-clock figure: the process first runs the
case once untimed (imports, first-call costs, caches), then the figure is the best
wall-clock time of the timed runs after it. CPU seconds of the process are printed
beside it for reference, never judged (on a shared machine wall time is what a
trainee waits for). ``import sefkit`` is by nature a fresh-process figure: the best
of three fresh processes. A missed target exits with status 1. Targets from issue 2:

* northwind (10 reps x 8 quarters, every table): <= 0.3 s
* enterprise (1,000 reps x 8 quarters): <= 10 s and <= 2 GB peak
* ``import sefkit``: <= 1 s

and the engine's share of a coaching-lab slider change (issue 3 allows 100 ms for
the whole change; benchmarks/bench_whatif.py times that): a what-if resumes its
baseline's checkpoint (``sefkit.engine.simulation.resume``) and runs 10 quarters from
2027Q1 (the lab's default plan start) in <= 0.06 s. The ``detail="core"`` run from
scratch is printed for reference, without a target.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

CASE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import sefkit
import_s = time.perf_counter() - t0
scenario, detail, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
cold = time.perf_counter()
team = sefkit.simulate(scenario, seed=0, detail=detail)  # the warm-up run, untimed in the verdict
cold = time.perf_counter() - cold
del team
walls, cpus = [], []
for _ in range(repeats):
    w, c = time.perf_counter(), time.process_time()
    team = sefkit.simulate(scenario, seed=0, detail=detail)
    walls.append(time.perf_counter() - w)
    cpus.append(time.process_time() - c)
rows = sum(len(df) for df in team.tables().values())
print(json.dumps({"wall": min(walls), "cpu": min(cpus), "cold": cold, "rows": rows,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "import_s": import_s}))
"""

RESUME = r"""
import json, sys, time
from sefkit.engine.simulation import resume, simulate_with_checkpoint
repeats = int(sys.argv[1])
_, checkpoint = simulate_with_checkpoint("northwind", 0, "2027Q1", quarters=10, detail="core",
                                         coaching_plan={"start_quarter": "2027Q1", "minutes": {}})
cold = time.perf_counter()
resume(checkpoint, {"start_quarter": "2027Q1", "minutes": {"R01": {"calls": 29}}})  # warm-up, untimed in the verdict
cold = time.perf_counter() - cold
walls, cpus = [], []
for m in range(repeats):
    w, c = time.perf_counter(), time.process_time()
    team = resume(checkpoint, {"start_quarter": "2027Q1", "minutes": {"R01": {"calls": 30 + m}}})
    walls.append(time.perf_counter() - w)
    cpus.append(time.process_time() - c)
rows = sum(len(df) for df in team.tables().values())
print(json.dumps({"wall": min(walls), "cpu": min(cpus), "cold": cold, "rows": rows}))
"""

IMPORT = r"""
import json, sys, time
t0 = time.perf_counter()
import sefkit
elapsed = time.perf_counter() - t0
heavy = sorted(m for m in ("matplotlib", "seaborn", "ipywidgets") if m in sys.modules)
print(json.dumps({"import_s": elapsed, "heavy": heavy}))
"""

#: (scenario, detail, timed runs after the warm-up, target seconds, target peak MB)
CASES = [
    ("northwind", "full", 5, 0.3, None),
    ("northwind", "core", 5, None, None),
    ("enterprise", "full", 1, 10.0, 2048.0),
]
RESUME_TARGET_S = 0.06
IMPORT_TARGET_S = 1.0


def child(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> int:
    missed = []
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start "
          "(wall-clock figures include any wait for a busy CPU)")
    print("Judged: the best warm wall-clock time (after one untimed run); cold = that first run; cpu for reference.")
    print(f"{'case':22s} {'wall s':>8s} {'cold s':>8s} {'cpu s':>8s} {'rows':>12s} {'rows/s':>12s} {'peak MB':>9s}  target")
    for scenario, detail, repeats, target_s, target_mb in CASES:
        r = child(CASE, scenario, detail, str(repeats))
        name = f"{scenario} {detail}"
        if target_s is None:
            target = "(reference, no target)"
        else:
            ok = r["wall"] <= target_s and (target_mb is None or r["peak_mb"] <= target_mb)
            missed += [] if ok else [name]
            mem = f", <= {target_mb:.0f} MB" if target_mb else ""
            target = f"<= {target_s} s wall{mem}: {verdict(ok)}"
        print(f"{name:22s} {r['wall']:8.3f} {r['cold']:8.3f} {r['cpu']:8.3f} {r['rows']:12,d} "
              f"{r['rows'] / r['wall']:12,.0f} {r['peak_mb']:9.0f}  {target}")
    r = child(RESUME, "7")
    ok = r["wall"] <= RESUME_TARGET_S
    missed += [] if ok else ["northwind what-if"]
    print(f"{'northwind what-if':22s} {r['wall']:8.3f} {r['cold']:8.3f} {r['cpu']:8.3f} {r['rows']:12,d} "
          f"{r['rows'] / r['wall']:12,.0f} {'':>9s}  <= {RESUME_TARGET_S} s wall (core, resumed at 2027Q1): {verdict(ok)}")
    imports = [child(IMPORT) for _ in range(3)]
    best = min(i["import_s"] for i in imports)
    heavy = imports[0]["heavy"]
    ok = best <= IMPORT_TARGET_S
    missed += [] if ok else ["import sefkit"]
    print(f"{'import sefkit':22s} {best:8.3f}  (best of 3 fresh processes)  <= {IMPORT_TARGET_S} s wall: {verdict(ok)}"
          f"; plotting/widget modules loaded: {', '.join(heavy) or 'none'}")
    if missed:
        print(f"missed targets: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
