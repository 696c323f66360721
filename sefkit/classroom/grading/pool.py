"""Grading a cohort in parallel and resumably, with nbgrader's own converter and gradebook.

Each submission is graded by nbgrader's Autograde converter for that one trainee
(``NbGraderAPI.autograde``, what ``nbgrader autograde <assignment> --student <id>``
runs), in a worker process, with the course's own nbgrader_config.py: the
sandboxed kernel, the answer checks outside it, the limits. Two things make many
gradings at once safe:

* **One writer.** gradebook.db is SQLite: several processes writing it at once
  can fail with "database is locked" or, worse, half-record a grade. A worker
  therefore grades against its *own copy* of the gradebook (a snapshot taken when
  the run starts: the assignment, its cells and points) and writes the autograded
  notebook into a private folder. The grading process alone writes gradebook.db,
  one submission at a time (:func:`record`): nbgrader's own ``SaveAutoGrades`` and
  ``AssignLatePenalties`` read the autograded notebook and write its scores, as
  they would at the end of ``nbgrader autograde``, so the scores are the same.
* **Done means recorded.** The autograded folder is moved into
  ``autograded/<trainee>/<assignment>/`` only after its grades are committed, so a
  run killed at any moment leaves every finished trainee complete and every other
  one without an autograded folder. The next run grades exactly those (nbgrader's
  own rule: no autograded folder, or a newer submission), unless ``regrade``.
  A submission whose grading failed is kept in ``.sefkit-grading/<assignment>/failed.json``
  with its reason, and not tried again until it is handed in again (or ``retry_failed``).

The workers are a process pool over this machine's cores (:class:`LocalPool`) or a
Dask distributed cluster (:class:`DaskPool`, ``pip install 'sefkit[cluster]'``);
Dask workers must see the course folder at the same path (a shared file system,
as a JupyterHub course folder usually is).

>>> failure_reason("[INFO] Sanitizing\\n[ERROR] Kernel died while waiting for execute reply.\\n"
...                "[ERROR] There was an error processing assignment: x")
'Kernel died while waiting for execute reply.'
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: Where a run keeps its work folders and the failures it found (inside the course folder).
STATE_DIR = ".sefkit-grading"


@dataclass(frozen=True)
class Job:
    """One submission to grade: the course folder, assignment, trainee, and where to work."""

    course: str
    assignment: str
    student: str
    snapshot: str  # the gradebook copy to grade against (never gradebook.db itself)
    work: str  # the worker's autograded folder, relative to the course folder


@dataclass
class Outcome:
    """What grading one submission gave: ``ok`` and the autograded ``folder``, or the ``reason`` it failed."""

    student: str
    ok: bool
    seconds: float
    reason: str = ""
    log: str = ""
    folder: str = ""


@dataclass
class Run:
    """What a cohort run did: who was graded, skipped (already graded), failed (with reasons)."""

    assignment: str
    graded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    wall: float = 0.0
    workers: int = 0
    executor: str = "local"

    def summary(self) -> str:
        """The run in two or three lines."""
        lines = [f"{self.assignment}: {len(self.graded)} graded, {len(self.skipped)} already graded "
                 f"(kept), {len(self.failed)} failed, in {self.wall:.1f} s on {self.workers} "
                 f"{self.executor} worker{'s' * (self.workers != 1)}"]
        if self.seconds:
            who = max(self.seconds, key=self.seconds.get)
            lines.append(f"  slowest: {who} ({self.seconds[who]:.1f} s)")
        lines += [f"  failed: {who}: {why}" for who, why in sorted(self.failed.items())]
        return "\n".join(lines)


# -- the course's nbgrader configuration --------------------------------------------------------


def tools_on_path() -> None:
    """Put this Python's own bin folder on PATH: nbgrader runs commands of its environment (alembic)."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([bin_dir, os.environ.get("PATH", "")])


def course_config(course, **coursedir):
    """The course's nbgrader configuration (its nbgrader_config.py), rooted at ``course``.

    ``coursedir`` overrides CourseDirectory settings (``db_url=...``,
    ``autograded_directory=...``).
    """
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    course = Path(course).resolve()
    path = course / "nbgrader_config.py"
    config = PyFileConfigLoader(path.name, path=str(course)).load_config() if path.is_file() else Config()
    config.CourseDirectory.root = str(course)
    for name, value in coursedir.items():
        setattr(config.CourseDirectory, name, value)
    return config


def course_directory(course, **coursedir):
    """nbgrader's CourseDirectory of the course (paths, the gradebook's URL, the course id)."""
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=course_config(course, **coursedir))


def submitted_folder(coursedir, student: str, assignment: str) -> Path:
    return Path(coursedir.format_path(coursedir.submitted_directory, student, assignment))


def autograded_folder(coursedir, student: str, assignment: str) -> Path:
    return Path(coursedir.format_path(coursedir.autograded_directory, student, assignment))


# -- in a worker: grade one submission against a copy of the gradebook -----------------------------


def grade_one(job: Job) -> Outcome:
    """Grade one submission with nbgrader's Autograde, writing nothing into the course's gradebook.

    Runs in a worker. The autograded notebook lands in ``<course>/<job.work>/<student>/<assignment>/``.
    """
    start = time.perf_counter()
    work = Path(job.course) / job.work
    work.mkdir(parents=True, exist_ok=True)
    db = work / "gradebook.db"
    try:
        shutil.copyfile(job.snapshot, db)
        from nbgrader.apps import NbGraderAPI

        api = NbGraderAPI(config=course_config(job.course, db_url=f"sqlite:///{db}",
                                               autograded_directory=job.work))
        with quiet_gradebook():  # else each worker prints SQLAlchemy warnings over the progress bar
            result = api.autograde(job.assignment, job.student, force=True, create=True)
        folder = autograded_folder(api.coursedir, job.student, job.assignment)
    except Exception as err:  # noqa: BLE001 - one submission's failure must not stop the others
        return Outcome(job.student, False, time.perf_counter() - start, f"{type(err).__name__}: {err}")
    log = result.get("log", "") or ""
    ok = bool(result.get("success")) and folder.is_dir()
    reason = "" if ok else failure_reason(log + "\n" + (result.get("error") or ""))
    return Outcome(job.student, ok, time.perf_counter() - start, reason, log, str(folder) if ok else "")


_GENERIC = ("There was an error processing assignment", "Please see the", "Removing failed",
            "nbgrader.converters.base.NbGraderException", "Traceback")


def failure_reason(log: str) -> str:
    """The reason nbgrader's log gives for a failed grading, in a line."""
    errors = [line.split("]", 1)[1].strip() for line in log.splitlines()
              if line.startswith("[ERROR]") and "]" in line]
    specific = [e for e in errors if e and not e.startswith(_GENERIC)]
    if specific:
        return specific[0][:300]
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    return (lines[-1] if lines else "nbgrader gave no reason")[:300]


def _start_worker(slots) -> None:
    """In a new pool worker: take the next slot (its kernels' own user), and die with the grading process."""
    from sefkit.classroom.grading.sandbox import run_as_worker

    with slots.get_lock():
        slot = slots.value
        slots.value += 1
    run_as_worker(slot)
    _die_with_parent()


def _die_with_parent() -> None:
    """In a pool worker: be killed when the grading process dies (Linux), so no grading outlives a run."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the grading process decides when to stop


# -- in the grading process: record a graded submission ------------------------------------------


def record(course, assignment: str, outcome: Outcome, config=None) -> None:
    """Write one graded submission into gradebook.db, then move its folder into autograded/.

    What ``nbgrader autograde`` records: the trainee, the submission (with its
    timestamp), zero for a notebook not handed in, then each autograded notebook's
    scores and comments (nbgrader's SaveAutoGrades) and any late penalty
    (AssignLatePenalties). A failed grading records the trainee and the submission
    only, as nbgrader does.
    """
    import nbformat
    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

    config = config if config is not None else course_config(course)
    coursedir = CourseDirectory(config=config)
    student = outcome.student
    submitted = submitted_folder(coursedir, student, assignment)
    timestamp = coursedir.get_existing_timestamp(str(submitted))
    with quiet_gradebook(), Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        gb.update_or_create_student(student)
        if timestamp:
            gb.update_or_create_submission(assignment, student, timestamp=timestamp)
        else:
            gb.update_or_create_submission(assignment, student)
        notebooks = [nb.name for nb in gb.find_assignment(assignment).notebooks]
        missing = [n for n in notebooks if not (submitted / f"{n}.ipynb").exists()]
        for name in missing:  # as nbgrader: a notebook not handed in scores zero
            for grade in gb.find_submission_notebook(name, assignment, student).grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
        gb.db.commit()
    if not outcome.ok:
        return
    folder = Path(outcome.folder)
    with quiet_gradebook():
        for name in notebooks:
            path = folder / f"{name}.ipynb"
            if name in missing or not path.is_file():
                continue
            nb = nbformat.read(str(path), as_version=nbformat.NO_CONVERT)
            resources = {"nbgrader": {"student": student, "assignment": assignment, "notebook": name,
                                      "db_url": coursedir.db_url}}
            for step in (SaveAutoGrades, AssignLatePenalties):
                nb, resources = step(config=config).preprocess(nb, resources)
    _install(folder, autograded_folder(coursedir, student, assignment))


@contextlib.contextmanager
def quiet_gradebook():
    """Silence the SQLAlchemy warnings nbgrader's gradebook gives on every submission it updates."""
    import warnings

    from sqlalchemy.exc import SAWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        yield


def _install(folder: Path, dest: Path) -> None:
    """Move ``folder`` to ``dest`` (replacing it), the last step of recording a grade."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if dest.exists():
        old = dest.with_name(f".{dest.name}.replaced-{uuid.uuid4().hex[:8]}")
        os.rename(dest, old)
    os.rename(folder, dest)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def is_graded(coursedir, gradebook_submissions: set[str], assignment: str, student: str) -> bool:
    """Whether a submission is graded: its grades are in the gradebook and its autograded folder is in place.

    nbgrader's own rule otherwise: a submission handed in again after it was
    autograded (a newer timestamp.txt) is not.
    """
    dest = autograded_folder(coursedir, student, assignment)
    if student not in gradebook_submissions or not dest.is_dir():
        return False
    new = coursedir.get_existing_timestamp(str(submitted_folder(coursedir, student, assignment)))
    old = coursedir.get_existing_timestamp(str(dest))
    return not (new is not None and old is not None and new > old)


def gradebook_submissions(coursedir, assignment: str) -> set[str]:
    """The trainees with a submission of ``assignment`` in the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        try:
            return {s.student.id for s in gb.find_assignment(assignment).submissions}
        except MissingEntry:
            return set()


# -- failures kept between runs --------------------------------------------------------------


def state_folder(coursedir, assignment: str) -> Path:
    return Path(coursedir.root) / STATE_DIR / assignment


def failures(coursedir, assignment: str) -> dict[str, dict]:
    """Submissions whose grading failed: trainee -> ``{"reason", "timestamp"}``."""
    path = state_folder(coursedir, assignment) / "failed.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _save_failures(coursedir, assignment: str, found: dict) -> None:
    path = state_folder(coursedir, assignment) / "failed.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(found, indent=1, sort_keys=True))
    os.replace(tmp, path)


def _stamp(coursedir, assignment: str, student: str) -> str:
    found = coursedir.get_existing_timestamp(str(submitted_folder(coursedir, student, assignment)))
    return found.isoformat() if found else ""


# -- executors ----------------------------------------------------------------------------------


class LocalPool:
    """A process pool over this machine's cores (spawned workers, killed with the grading process)."""

    name = "local"

    def __init__(self, workers: int | None = None):
        import concurrent.futures
        import multiprocessing

        if workers is None:
            workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        self.workers = workers
        self._futures = concurrent.futures
        spawn = multiprocessing.get_context("spawn")
        self._pool = concurrent.futures.ProcessPoolExecutor(
            self.workers, mp_context=spawn, initializer=_start_worker, initargs=(spawn.Value("i", 0),))

    def submit(self, fn, job):
        return self._pool.submit(fn, job)

    def as_completed(self, futures) -> Iterator:
        return self._futures.as_completed(futures)

    def close(self, cancel: bool = False) -> None:
        self._pool.shutdown(wait=not cancel, cancel_futures=cancel)


class DaskPool:
    """A Dask distributed cluster: ``address`` of its scheduler, or a local cluster if None."""

    name = "dask"

    def __init__(self, address: str | None = None, workers: int | None = None):
        try:
            import distributed
        except ImportError as err:
            raise ValueError("grading on a Dask cluster needs dask's distributed scheduler: "
                             "pip install 'sefkit[cluster]' (or conda install distributed)") from err
        self._distributed = distributed
        self._cluster = None
        if address is None:
            self._cluster = distributed.LocalCluster(
                n_workers=workers or 2, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None)
            address = self._cluster.scheduler_address
        self.client = distributed.Client(address)
        self.workers = len(self.client.scheduler_info().get("workers", {})) or (workers or 1)

    def submit(self, fn, job):
        return self.client.submit(fn, job, pure=False, key=f"grade-{job.assignment}-{job.student}-{uuid.uuid4().hex[:6]}")

    def as_completed(self, futures) -> Iterator:
        return self._distributed.as_completed(futures)

    def close(self, cancel: bool = False) -> None:
        with contextlib.suppress(Exception):
            self.client.close()
        if self._cluster is not None:
            with contextlib.suppress(Exception):
                self._cluster.close()


def executor(kind: str = "local", workers: int | None = None, scheduler: str | None = None):
    """The pool to grade with: ``"local"`` (processes on this machine) or ``"dask"``."""
    if scheduler is not None or kind == "dask":
        return DaskPool(scheduler, workers)
    if kind != "local":
        raise ValueError(f"unknown executor {kind!r}: use 'local' or 'dask'")
    return LocalPool(workers)


# -- a cohort run -------------------------------------------------------------------------------


def snapshot(db_url: str, target: Path) -> Path:
    """A consistent copy of the gradebook (SQLite's backup), for the workers to grade against."""
    if not db_url.startswith("sqlite:///"):
        raise ValueError(f"the cohort grader needs an SQLite gradebook (sqlite:///...), not {db_url!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(db_url[len("sqlite:///"):])
    copy = sqlite3.connect(str(target))
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return target


def _clear_stale_runs(folder: Path) -> None:
    """Remove the work folders of runs whose grading process is gone (a run that was killed)."""
    for old in folder.glob("run-*"):
        try:
            pid = int(old.name.split("-")[1])
        except (IndexError, ValueError):
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(old, ignore_errors=True)
        except PermissionError:
            pass


@contextlib.contextmanager
def _stop_on_sigterm():
    """Turn SIGTERM into KeyboardInterrupt while grading, so `kill` stops a run as Ctrl-C does."""
    def stop(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def grade_cohort(course, assignment: str, students: Iterable[str], *, pool=None, regrade: bool = False,
                 retry_failed: bool = False, progress: bool = True,
                 on_outcome: Callable[[Outcome], None] | None = None) -> Run:
    """Grade ``students``' submissions of ``assignment`` in parallel; record each as it finishes.

    Already graded submissions are kept (unless ``regrade``), and so are failures
    of a submission not handed in again (unless ``retry_failed``). ``pool`` is an
    executor (:func:`executor`; default: a process pool over every core). Returns
    the :class:`Run`; a run stopped by Ctrl-C or SIGTERM keeps every grade recorded
    so far and raises KeyboardInterrupt.
    """
    from tqdm import tqdm

    start = time.perf_counter()
    tools_on_path()
    course = Path(course).resolve()
    config = course_config(course)
    coursedir = course_directory(course)
    students = sorted(set(students))
    in_gradebook = gradebook_submissions(coursedir, assignment)
    failed_before = failures(coursedir, assignment)
    run = Run(assignment)
    todo = []
    for student in students:
        if not regrade and is_graded(coursedir, in_gradebook, assignment, student):
            run.skipped.append(student)
        elif (not regrade and not retry_failed and student in failed_before
              and failed_before[student].get("timestamp") == _stamp(coursedir, assignment, student)):
            run.failed[student] = failed_before[student]["reason"] + " (failed in an earlier run; "\
                "hand it in again or grade with --retry-failed)"
        else:
            todo.append(student)
    if not todo:
        run.wall = time.perf_counter() - start
        return run
    work_root = state_folder(coursedir, assignment) / f"run-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    snap = snapshot(coursedir.db_url, work_root / "snapshot.db")
    relative = work_root.relative_to(course)
    _clear_stale_runs(work_root.parent)
    own_pool = pool is None
    pool = pool if pool is not None else executor()
    run.workers, run.executor = pool.workers, pool.name
    bar = tqdm(total=len(todo), desc=f"grading {assignment}", unit="submission", disable=not progress,
               file=sys.stderr, dynamic_ncols=True)
    found_failures = dict(failed_before)
    finished, failed_now = False, 0
    try:
        with _stop_on_sigterm():
            futures = {pool.submit(grade_one, Job(str(course), assignment, s, str(snap), str(relative / f"w{i}")))
                       : s for i, s in enumerate(todo)}
            for future in pool.as_completed(list(futures)):
                student = futures[future]
                try:
                    outcome = future.result()
                except Exception as err:  # noqa: BLE001 - a worker that died is one failure, not the run's
                    outcome = Outcome(student, False, 0.0, f"the grading worker stopped ({type(err).__name__}: {err})")
                record(course, assignment, outcome, config)
                run.seconds[student] = outcome.seconds
                if outcome.ok:
                    run.graded.append(student)
                    found_failures.pop(student, None)
                else:
                    run.failed[student] = outcome.reason
                    failed_now += 1
                    found_failures[student] = {"reason": outcome.reason,
                                               "timestamp": _stamp(coursedir, assignment, student)}
                _save_failures(coursedir, assignment, found_failures)
                shutil.rmtree(course / relative / f"w{todo.index(student)}", ignore_errors=True)
                if on_outcome is not None:
                    on_outcome(outcome)
                bar.update(1)
                slowest = max(run.seconds, key=run.seconds.get)
                bar.set_postfix_str(f"done {len(run.graded)}, failed {len(run.failed)}, "
                                    f"left {len(todo) - len(run.graded) - failed_now}, "
                                    f"slowest {slowest} {run.seconds[slowest]:.0f}s", refresh=True)
        finished = True
    finally:
        bar.close()
        if own_pool:
            pool.close(cancel=not finished)
        if finished:
            shutil.rmtree(work_root, ignore_errors=True)
    run.wall = time.perf_counter() - start
    return run


def feedback_one(course: str, assignment: str, student: str) -> tuple[str, str]:
    """nbgrader's generate_feedback for one trainee (in a worker: it only reads the gradebook)."""
    from nbgrader.apps import NbGraderAPI

    tools_on_path()
    with quiet_gradebook():
        result = NbGraderAPI(config=course_config(course)).generate_feedback(assignment, student, force=True)
    return student, "" if result.get("success") else failure_reason(
        (result.get("log") or "") + "\n" + (result.get("error") or ""))


def feedback_cohort(course, assignment: str, students: Iterable[str], pool) -> dict[str, str]:
    """Feedback for every trainee with an autograded submission, in parallel; trainee -> problem, if any.

    Made again each time, so manual grades entered since show.
    """
    coursedir = course_directory(course)
    graded = [s for s in students if autograded_folder(coursedir, s, assignment).is_dir()]
    futures = [pool.submit(_feedback_job, (str(Path(course).resolve()), assignment, s)) for s in graded]
    problems = {}
    for future in pool.as_completed(futures):
        student, problem = future.result()
        if problem:
            problems[student] = problem
    return problems


def _feedback_job(args: tuple[str, str, str]) -> tuple[str, str]:
    return feedback_one(*args)
