"""The grading sandbox (sefkit.classroom.grading.sandbox): what a learner's kernel can reach.

Quick tests check the sandbox command and its configuration. The slow ones grade
through ``nbgrader autograde`` with the repository's nbgrader_config.py:

* the hostile escape corpus (tests/hostile_escape/, one ``.cell`` file per
  attack, described in its README) on a scratch assignment, in one run beside an
  honest learner and a blank one;
* assignment 05 with the sandbox on: sefkit runs in it, the author's answers score
  in full, and a submission that runs the solutions notebook scores nothing;
* a machine with no bubblewrap: autograding refuses, unless the facilitator opts
  out, and then each graded notebook is marked as graded without a sandbox.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import personas
import pytest

from sefkit.classroom.grading import sandbox
from sefkit.classroom.grading.declare import KEY_FILE
from sefkit.classroom.grading.sandbox import (
    OPT_OUT_VARIABLE,
    Sandbox,
    SandboxedExecute,
    marker,
    sandboxed,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "hostile_escape"

slow = pytest.mark.slow

needs_bwrap = pytest.mark.skipif(
    shutil.which("bwrap") is None and not os.environ.get("CI"),
    reason="bubblewrap is not installed (.ci/run installs it; in CI its absence fails)",
)

# Tighter limits for the throw-away courses, so the corpus runs in seconds.
TEST_LIMITS = """
c.Execute.timeout = 5
c.Sandbox.cpu_seconds = 15
c.Sandbox.wall_seconds = 120
c.Sandbox.memory_mb = 1024
"""


# -- the sandbox command -------------------------------------------------------------


def _command(tmp_path, **config):
    submission, runtime = tmp_path / "course" / "autograded" / "ana" / "a1", tmp_path / "rt"
    submission.mkdir(parents=True)
    runtime.mkdir()
    cmd = Sandbox(**config).command(["/k/python", "-f", str(runtime / "kernel.json")],
                                    submission=submission, runtime=runtime)
    return cmd, submission, runtime


def _binds(cmd):
    """(option, source, destination) of every bind in a bwrap command."""
    return [(cmd[i], cmd[i + 1], cmd[i + 2]) for i in range(len(cmd) - 2)
            if cmd[i] in {"--bind", "--ro-bind", "--ro-bind-try"}]


def test_command_binds_the_submission_writable_and_nothing_of_the_course(tmp_path):
    cmd, submission, runtime = _command(tmp_path)
    binds = _binds(cmd)
    writable = {(src, dst) for opt, src, dst in binds if opt == "--bind"}
    assert writable == {(str(submission.resolve()), "/submission"), (str(runtime.resolve()), str(runtime.resolve()))}
    course = str((tmp_path / "course").resolve())
    assert all(not src.startswith(course) or src == str(submission.resolve()) for _, src, _ in binds)
    read_only = {src for opt, src, _ in binds if opt == "--ro-bind"}
    assert os.path.realpath(sys.prefix) in read_only and os.path.realpath(sys.base_prefix) in read_only
    # The sefkit package folder alone, never the folder holding it (the course, for an editable install).
    package = os.path.realpath(Path(sandbox.__file__).parents[2])
    assert package in read_only and os.path.dirname(package) not in read_only


def test_command_unshares_network_and_processes_and_clears_the_environment(tmp_path):
    cmd, _, _ = _command(tmp_path)
    for option in ("--unshare-net", "--unshare-pid", "--clearenv", "--die-with-parent", "--new-session"):
        assert option in cmd
    names = {cmd[i + 1] for i, arg in enumerate(cmd) if arg == "--setenv"}
    assert "JPY_PARENT_PID" not in names and "PWD" not in names
    assert all(not v.startswith(str(tmp_path)) for v in Sandbox().environment().values())


def test_private_tmp_comes_before_any_bind_under_tmp(tmp_path):
    cmd, _, runtime = _command(tmp_path)
    tmpfs = cmd.index("--tmpfs")
    assert cmd[tmpfs + 1] == "/tmp"
    assert all(cmd.index(src) > tmpfs for _, src, _ in _binds(cmd) if src.startswith("/tmp"))


def test_limits_reach_the_launcher_and_the_user_drops_only_for_root(tmp_path):
    cmd, _, _ = _command(tmp_path, cpu_seconds=7, memory_mb=100, processes=9)
    tail = cmd[cmd.index("-c") + 2:]
    settings = tail[:tail.index("--")]
    assert {"CPU=7", f"AS={100 * 1024 * 1024}", "NPROC=9", "CORE=0"} <= set(settings)
    assert tail[tail.index("--") + 1:] == ["/k/python", "-f", str(tmp_path / "rt" / "kernel.json")]
    assert ("UID=65534" in settings) == (os.geteuid() == 0)
    assert Sandbox(uid=None).drops_to() is None


def test_no_bubblewrap_gives_a_message_saying_what_to_do():
    problem = Sandbox(bwrap="/nowhere/bwrap").problem()
    assert "bubblewrap" in problem and "apt-get install bubblewrap" in problem
    assert OPT_OUT_VARIABLE in problem and "allow_unsandboxed" in problem


def test_opt_out_by_config_or_environment(monkeypatch):
    monkeypatch.delenv(OPT_OUT_VARIABLE, raising=False)
    assert not Sandbox().opted_out()
    assert Sandbox(allow_unsandboxed=True).opted_out()
    monkeypatch.setenv(OPT_OUT_VARIABLE, "1")
    assert Sandbox().opted_out()
    monkeypatch.setenv(OPT_OUT_VARIABLE, "0")
    assert not Sandbox().opted_out()


def test_sandboxed_swaps_execute_only():
    from nbgrader.converters.autograde import Autograde
    from nbgrader.preprocessors import Execute, LimitOutput
    from traitlets.config import Config

    default = Autograde.autograde_preprocessors.default()
    steps = sandboxed()
    assert steps == [SandboxedExecute if s is Execute else s for s in default]
    assert sandboxed(["nbgrader.preprocessors.Execute", LimitOutput]) == [SandboxedExecute, LimitOutput]
    assert sandboxed(steps) == steps  # reading the config twice changes nothing
    c = Config()
    c.Autograde.autograde_preprocessors.append(LimitOutput)  # another section added a step in place
    assert sandboxed(c.Autograde.autograde_preprocessors)[-1] is LimitOutput

    class Custom(Execute):
        pass

    with pytest.raises(ValueError, match="subclass of sefkit.classroom.grading.sandbox.SandboxedExecute"):
        sandboxed([Custom])
    with pytest.raises(ValueError, match="no Execute step"):
        sandboxed([LimitOutput])


def test_validate_keeps_nbgraders_own_execute(tmp_path):
    """The repository's config changes the autograde steps only: validate runs as before."""
    from nbgrader.validator import Validator
    from traitlets.config.loader import PyFileConfigLoader

    shutil.copy(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    config = PyFileConfigLoader("nbgrader_config.py", path=str(tmp_path)).load_config()
    assert SandboxedExecute in config.Autograde.autograde_preprocessors
    assert SandboxedExecute not in Validator(config=config).preprocessors


# -- a kernel in the sandbox -----------------------------------------------------------


@needs_bwrap
@pytest.mark.parametrize(("failures", "error", "started"), [
    (1, "Kernel died before replying to kernel_info", 2),  # died starting: started again, and ran
    (2, "Kernel died before replying to kernel_info", 2),  # died twice: the error stands
    (1, "something else went wrong", 1),  # any other error stands at once
])
def test_a_kernel_that_dies_before_running_any_code_is_started_once_more(monkeypatch, failures, error, started):
    from nbconvert.preprocessors import ExecutePreprocessor

    monkeypatch.setattr(sandbox, "STARTUP_PAUSE", 0.0)
    calls = []

    def execute(self, nb, resources=None, km=None):
        calls.append(1)
        if len(calls) <= failures:
            self.nb = nb  # as nbclient's own preprocess sets it
            self.create_kernel_manager().kernel_log = "bwrap: the kernel's last words"  # as _release keeps them
            raise RuntimeError(error)
        return nb, resources

    monkeypatch.setattr(ExecutePreprocessor, "preprocess", execute)
    nb, step = nbformat.v4.new_notebook(), sandbox.SandboxedExecute()
    warned = []
    monkeypatch.setattr(step.log, "warning", lambda text, *args: warned.append(text % args))
    if failures < started:
        out, _ = step.preprocess(nb, {})
        assert out.metadata[sandbox.MARKER_KEY]["sandboxed"] is True
    else:
        with pytest.raises(RuntimeError, match=error):
            step.preprocess(nb, {})
    assert len(calls) == started
    assert len(warned) == started - 1 and all("the kernel's last words" in w for w in warned)


@contextlib.asynccontextmanager
async def _sandboxed_kernel(cwd: Path, config=None):
    """A sandboxed kernel started in ``cwd`` and ready, with its client; shut down on leaving."""
    km = sandbox.SandboxedKernelManager(kernel_name="python3", **({"config": config} if config else {}))
    await km.start_kernel(cwd=str(cwd))
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=60)
        yield km, kc
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)


def _run_in_sandbox(code: str, cwd: Path) -> str:
    """Start a sandboxed kernel in ``cwd``, run ``code``, return what it printed."""
    import asyncio

    async def main():
        async with _sandboxed_kernel(cwd) as (_, kc):
            msg_id, printed = kc.execute(code), []
            while True:
                msg = await kc.get_iopub_msg(timeout=60)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "stream":
                    printed.append(msg["content"]["text"])
                if msg["msg_type"] == "error":
                    printed.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    return "".join(printed)

    return asyncio.run(main())


@needs_bwrap
def test_a_sandboxed_kernel_sees_its_folder_and_the_environment_only(tmp_path, monkeypatch):
    monkeypatch.setenv("SEF_GRADER_SECRET", str(tmp_path))
    submission = tmp_path / "course" / "autograded" / "ana" / "a1"
    submission.mkdir(parents=True)
    (tmp_path / "course" / "gradebook.db").write_text("secret")
    (submission / "data.csv").write_text("x\n1\n")
    owner = submission.stat().st_uid
    out = _run_in_sandbox(
        "import json, os, socket, sefkit\n"
        "open('written.txt', 'w').write('ok')\n"
        "try:\n    socket.create_connection(('127.0.0.1', 22), timeout=2); net = 'open'\n"
        "except OSError as e:\n    net = type(e).__name__\n"
        "print(json.dumps({'cwd': os.getcwd(), 'files': sorted(os.listdir('.')), 'up': sorted(os.listdir('..')),"
        " 'course': os.path.exists(COURSE), 'net': net, 'pids': len([p for p in os.listdir('/proc') if p.isdigit()]),"
        " 'uid': os.getuid(), 'env': sorted(os.environ)}))".replace("COURSE", repr(str(tmp_path / "course"))),
        submission,
    )
    seen = json.loads(out.strip().splitlines()[-1])
    assert seen["cwd"] == "/submission" and {"data.csv", "written.txt"} <= set(seen["files"])
    assert "gradebook.db" not in seen["up"] and not seen["course"]
    assert seen["net"] != "open" and seen["pids"] <= 4
    assert "JPY_PARENT_PID" not in seen["env"] and "SEF_GRADER_SECRET" not in seen["env"]
    assert (submission / "written.txt").read_text() == "ok"
    assert submission.stat().st_uid == owner  # ownership given back after the kernel stops
    if os.geteuid() == 0:
        assert seen["uid"] == 65534


@slow
@needs_bwrap
@pytest.mark.parametrize(("limit", "spin"), [("cpu_seconds", "pass"), ("wall_seconds", "time.sleep(0.1)")])
def test_limits_stop_a_kernel_that_ignores_interrupts(tmp_path, limit, spin):
    """A kernel that ignores interrupts dies at its CPU limit (spinning) or its wall-clock limit (sleeping)."""
    import asyncio
    import time

    from traitlets.config import Config

    config = Config()
    setattr(config.Sandbox, limit, 3)

    async def main():
        async with _sandboxed_kernel(tmp_path, config) as (km, kc):
            started = time.monotonic()
            kc.execute(f"import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    {spin}")
            while await km.is_alive() and time.monotonic() - started < 60:
                await asyncio.sleep(0.2)
            return time.monotonic() - started, await km.is_alive()

    took, alive = asyncio.run(main())
    assert not alive and took < 30, f"kernel still alive after {took:.0f} s"


@needs_bwrap
def test_a_kernel_that_dies_leaves_nothing_behind(tmp_path):
    """After os._exit the sockets folder is removed and the submission folder given back."""
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    submission = tmp_path / "submission"
    submission.mkdir()
    owner = submission.stat().st_uid
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import os\nos._exit(0)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = NotebookClient(nb, kernel_manager_class=sandbox.SandboxedKernelManager, timeout=30,
                            resources={"metadata": {"path": str(submission)}})
    client.create_kernel_manager()
    runtime = Path(client.km._runtime)
    with pytest.raises(DeadKernelError):
        client.execute()
    assert not runtime.exists()
    assert submission.stat().st_uid == owner


def _processes_of(uid: int) -> list[int]:
    """Process ids (in our view of /proc) whose real user is ``uid``."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        with contextlib.suppress(OSError):
            status = Path(f"/proc/{pid}/status").read_text()
            if re.search(rf"^Uid:\s+{uid}\s", status, re.M):
                found.append(int(pid))
    return found


@needs_bwrap
@pytest.mark.skipif(os.geteuid() != 0, reason="the kernel's own user (and its process limit) needs a root grader")
def test_forked_children_have_all_ended_when_the_kernel_is_shut_down(tmp_path):
    """The next kernel of the same user starts under the process limit only if the last one's children are gone."""
    import asyncio

    from traitlets.config import Config

    config = Config()
    config.Sandbox.uid = 64999

    async def main():
        async with _sandboxed_kernel(tmp_path, config) as (_, kc):
            kc.execute("import os, time\nfor _ in range(40):\n    if os.fork() == 0:\n        time.sleep(600)")
            await kc.get_shell_msg(timeout=60)
            during = len(_processes_of(64999))
        return during, _processes_of(64999)

    during, after = asyncio.run(main())
    assert during > 40  # the kernel and its children ran as the kernel's user
    assert after == []


def _drops_to_in_a_worker(_) -> int | None:
    import time

    time.sleep(1)  # keep this worker busy, so the pool hands the next job to the other one
    return sandbox.Sandbox().drops_to()


@slow
@pytest.mark.skipif(os.geteuid() != 0, reason="kernels change user only when the grader is root")
def test_each_pool_worker_runs_its_kernels_as_its_own_user():
    from sefkit.classroom.grading.pool import LocalPool

    pool = LocalPool(2)
    try:
        users = [f.result(timeout=120) for f in [pool.submit(_drops_to_in_a_worker, i) for i in range(2)]]
    finally:
        pool.close()
    assert sorted(users) == [65533, 65534]
    assert sandbox.Sandbox().drops_to() == 65534  # outside a pool: the configured user


# -- grading through nbgrader ------------------------------------------------------------


_SCRATCH_KEY = (
    "from sefkit.classroom.grading.declare import Assignment, Item\n"
    "ASSIGNMENT = Assignment('scratch', items=[Item('double_value', answer='answer', points=2,\n"
    "    components=['prospecting'], key=lambda ctx: 42, rel_tol=0, abs_tol=0, answer_cell='double_answer')])\n"
)


def _scratch_source(folder: Path) -> Path:
    """The scratch assignment of tests/test_personas.py: double 21 (2 points), a written answer."""
    cell = personas.nbgrader_cell
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        cell("markdown", "Double 21."),
        cell("code", "### BEGIN SOLUTION\nanswer = 2 * 21\n### END SOLUTION", solution=True, grade_id="double_answer"),
        cell("code", "assert type(answer) is int, 'answer should be a whole number'",
             grade=True, locked=True, points=2, grade_id="double_value"),
        cell("markdown", "YOUR ANSWER HERE", grade=True, solution=True, points=1, grade_id="why"),
    ]
    folder.mkdir(parents=True)
    nbformat.write(nb, str(folder / "scratch.ipynb"))
    (folder / KEY_FILE).write_text(_SCRATCH_KEY)  # the value is checked outside the kernel
    return folder


def _env(**extra) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop(OPT_OUT_VARIABLE, None)
    return {**env, **extra}


def _course(source: Path, workdir: Path, extra_config: str = TEST_LIMITS) -> tuple[Path, str]:
    course, name = personas.make_course(source, workdir)
    with open(course / "nbgrader_config.py", "a") as config:
        config.write(extra_config)
    return course, name


def _autograde(course: Path, assignment: str, submissions: dict, **env) -> subprocess.CompletedProcess:
    """Write the submissions and run ``nbgrader autograde`` once; it may fail (a kernel died)."""
    for student, notebooks in submissions.items():
        folder = course / "submitted" / student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        for name, nb in notebooks.items():
            nbformat.write(nb, str(folder / f"{name}.ipynb"))
        (folder / "timestamp.txt").write_text("2025-01-06 09:00:00.000000 UTC")
    db = f"sqlite:///{course / 'gradebook.db'}"
    cmd = [sys.executable, "-m", "nbgrader", "autograde", assignment, "--force",
           f"--CourseDirectory.root={course}", f"--CourseDirectory.db_url={db}"]
    return subprocess.run(cmd, cwd=course, capture_output=True, text=True, env=_env(**env))


@contextlib.contextmanager
def _gradebook(course: Path):
    from nbgrader.api import Gradebook

    saved = os.environ["PATH"]
    os.environ["PATH"] = _env()["PATH"]
    try:
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            yield gb
    finally:
        os.environ["PATH"] = saved


def _scores(course: Path, assignment: str, notebook: str) -> dict[str, dict[str, float]]:
    with _gradebook(course) as gb:
        return {s.id: {g.name: g.score for g in gb.find_submission_notebook(notebook, assignment, s.id).grades}
                for s in gb.students}


def _points(course: Path, assignment: str) -> dict[str, float]:
    with _gradebook(course) as gb:
        return {c.name: c.max_score for nb in gb.find_assignment(assignment).notebooks for c in nb.grade_cells}


def _graded_text(course: Path, student: str, assignment: str, notebook: str) -> str | None:
    """The graded notebook file, or None if nbgrader kept none."""
    path = course / "autograded" / student / assignment / f"{notebook}.ipynb"
    return path.read_text() if path.exists() else None


def _outputs(graded: str) -> str:
    """What the graded notebook's cells printed or raised (not their sources)."""
    texts = []
    for cell in json.loads(graded)["cells"]:
        for out in cell.get("outputs", []):
            text = out.get("text", "")
            texts.append("".join(text) if isinstance(text, list) else text)
            if out.get("output_type") == "error":
                texts.append(f"{out['ename']}: {out['evalue']}")
    return "\n".join(texts)


def _student_log(log: str, student: str) -> str:
    """nbgrader's log from the start of this student's grading to the next student's."""
    start = log.index(f"Creating/updating student with ID '{student}'")
    end = log.find("Creating/updating student with ID", start + 1)
    return log[start:end if end > 0 else None]


def _case(path: Path) -> dict:
    header = dict(re.findall(r"^# (points|reason|control|leaves): (.*)$", path.read_text(), re.M))
    return {
        "points": float(header["points"]),
        "reason": header["reason"],
        "control": int(header["control"]) if "control" in header else None,
        "leaves": [s.strip() for s in header.get("leaves", "").split(",") if s.strip()],
    }


CASES = sorted(p.stem for p in CORPUS.glob("*.cell"))


def test_the_hostile_corpus_is_there():
    """test_hostile_submission runs once per corpus file: an empty corpus would attack nothing."""
    assert len(CASES) >= 5, f"only {CASES} in {CORPUS}"


def _attack(case: str, port: int) -> str:
    """The code of a corpus file as the learner submits it: without the header lines."""
    lines = (CORPUS / f"{case}.cell").read_text().replace("@PORT@", str(port)).splitlines()
    return "\n".join(line for line in lines if not re.match(r"# (points|reason|control|leaves): ", line))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextlib.contextmanager
def _answer_server():
    """A server on the grader's loopback that hands the right answer to anyone who connects."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.5)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.sendall(b"42")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The whole corpus graded in one run, with an honest and a blank learner."""
    tmp = tmp_path_factory.mktemp("hostile")
    # its own unprivileged uid (not 65534 - k, which sefkit grade's pool workers use): while the
    # fork loop's kernel runs it fills its uid's process limit (RLIMIT_NPROC counts every process
    # of a uid), which must not stop other tests' kernels starting meanwhile on the other worker
    course, name = _course(_scratch_source(tmp / "src" / "scratch"), tmp / "course",
                           extra_config=TEST_LIMITS + "\nc.Sandbox.uid = 65000\n")
    release = personas.released(course, name, "scratch")
    with _answer_server() as port:
        sources = {case: _attack(case, port) for case in CASES}
        subs = {"a_honest": {"scratch": personas.submission(release, {"double_answer": "answer = 42"})},
                "z_blank": {"scratch": personas.submission(release, {})}}
        subs |= {f"h_{case}": {"scratch": personas.submission(release, {"double_answer": src})}
                 for case, src in sources.items()}
        before = {"config": _digest(course / "nbgrader_config.py"), "points": _points(course, name)}
        host_tmp = Path("/tmp/sef-escaped.txt")
        host_tmp.unlink(missing_ok=True)
        result = _autograde(course, name, subs)
        (tmp / "autograde.log").write_text(result.stdout + result.stderr)  # to read when a case fails
        # The controls: the reading attacks run without the sandbox, in a copy of the
        # course that holds the honest learner's work only (never another attack).
        control = _control_course(course, tmp)
        controls = {case: _control(control, sources[case]) for case in CASES if _case(CORPUS / f"{case}.cell")["control"]}
    return {"course": course, "name": name, "result": result, "before": before, "controls": controls,
            "scores": _scores(course, name, "scratch"), "host_tmp_written": host_tmp.exists()}


def _control_course(course: Path, workdir: Path) -> Path:
    """A copy of the graded course holding only the honest learner's work (no hostile code to run)."""
    control = workdir / "control"
    control.mkdir()
    for item in ("nbgrader_config.py", "gradebook.db"):
        shutil.copy(course / item, control / item)
    shutil.copytree(course / "solutions", control / "solutions")
    shutil.copytree(course / "autograded" / "a_honest", control / "autograded" / "a_honest")
    (control / "autograded" / "b_attacker" / "scratch").mkdir(parents=True)
    return control


def _control(control: Path, source: str) -> int | None:
    """What the attack finds when nothing sandboxes it, run from a learner's folder of the course.

    A shell waits in the course folder (as nbgrader does) while the attack runs, so
    the process-table attack has a process to find.
    """
    folder = control / "autograded" / "b_attacker" / "scratch"
    code = source + "\nprint('ANSWER', globals().get('answer'))"
    script = f'(cd {shlex.quote(str(folder))} && exec {shlex.quote(sys.executable)} -c "$0"); true'
    out = subprocess.run(["sh", "-c", script, code], cwd=control, capture_output=True, text=True,
                         env=_env(PWD=str(control)), timeout=120)
    found = re.findall(r"^ANSWER (\S+)$", out.stdout, re.M)
    return int(found[-1]) if found and found[-1] != "None" else None


#: Every test of the corpus on one xdist worker, so the corpus is graded once: two gradings at once
#: share the corpus's uid, and one's fork loop then stops the other's kernels starting
#: ("Resource temporarily unavailable": ZeroMQ cannot start a thread past the uid's process limit).
ONE_CORPUS = pytest.mark.xdist_group("hostile_corpus")


@ONE_CORPUS
@slow
@needs_bwrap
def test_corpus_run_finishes_and_grades_everyone(corpus):
    scores = corpus["scores"]
    assert set(scores) == {"a_honest", "z_blank", *(f"h_{c}" for c in CASES)}  # no student added
    assert scores["a_honest"]["double_value"] == 2.0  # the honest learner is graded as usual
    assert scores["z_blank"]["double_value"] == 0.0
    assert _points(corpus["course"], corpus["name"]) == corpus["before"]["points"]
    assert _digest(corpus["course"] / "nbgrader_config.py") == corpus["before"]["config"]
    assert _graded_text(corpus["course"], "a_honest", corpus["name"], "scratch") is not None


@ONE_CORPUS
@slow
@needs_bwrap
@pytest.mark.parametrize("case", CASES)
def test_hostile_submission(corpus, case):
    expected = _case(CORPUS / f"{case}.cell")
    course, name = corpus["course"], corpus["name"]
    student = f"h_{case}"
    log = corpus["result"].stdout + corpus["result"].stderr
    assert corpus["scores"][student]["double_value"] == expected["points"], _student_log(log, student)[-3000:]
    graded = _graded_text(course, student, name, "scratch")
    if graded is not None:
        where = _outputs(graded)
    else:  # the notebook failed; nbgrader's log says why (its tracebacks quote the cell, hence the guard)
        where = _student_log(corpus["result"].stdout + corpus["result"].stderr, student)
        assert expected["reason"] not in _attack(case, 0)
    assert expected["reason"] in where, f"{case}: no {expected['reason']!r} in\n{where[-3000:]}"
    if graded is not None:
        assert marker(json.loads(graded))["sandboxed"] is True
        assert len(graded) < 3 * 1024 * 1024  # output kept small, whatever was printed
    if expected["control"] is not None:
        assert corpus["controls"][case] == expected["control"], f"{case}: the attack finds nothing even unsandboxed"
    for leave in expected["leaves"]:
        if leave == "host_tmp":
            assert not corpus["host_tmp_written"]
        elif leave == "course_file":
            assert not (course / "escaped.txt").exists()
        elif leave == "honest_notebook":
            assert _graded_text(course, "a_honest", name, "scratch") is not None
        elif leave in {"course_config", "gradebook"}:
            pass  # checked for the whole run in test_corpus_run_finishes_and_grades_everyone
        else:
            raise AssertionError(f"{case}: unknown 'leaves' entry {leave!r}")


@ONE_CORPUS
@slow
@needs_bwrap
def test_print_corpus_table(corpus):
    """The corpus as a Markdown table: expected and actual points, and the recorded reason."""
    rows = ["| attack | expected | got | reason recorded |", "|---|---|---|---|"]
    for case in CASES:
        expected, student = _case(CORPUS / f"{case}.cell"), f"h_{case}"
        graded = _graded_text(corpus["course"], student, corpus["name"], "scratch")
        where = "graded notebook" if graded is not None else "nbgrader log (notebook not graded)"
        rows.append(f"| {case} | {expected['points']:g} | {corpus['scores'][student]['double_value']:g} "
                    f"| {expected['reason']} ({where}) |")
    print("\n" + "\n".join(rows))


# -- assignment 05 in the sandbox -----------------------------------------------------------

SOURCE_05 = ROOT / "solutions" / "05_pipeline"
STEAL_05 = """\
import glob, json
for path in glob.glob("../../../solutions/05_pipeline/*.ipynb") + glob.glob("/proc/*/cwd/solutions/05_pipeline/*.ipynb"):
    for cell in json.load(open(path))["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("solution") and cell["cell_type"] == "code":
            exec("".join(cell["source"]), globals())
    break
else:
    print("no solutions found")
"""


@slow
@needs_bwrap
def test_assignment_05_grades_in_the_sandbox(tmp_path):
    course, name = _course(SOURCE_05, tmp_path / "course", extra_config="")
    release = personas.released(course, name, name)
    full = personas.solution_answers(personas.read_notebook(SOURCE_05 / f"{name}.ipynb"))
    first = personas.answer_ids(release)[0]
    subs = {"full": {name: personas.submission(release, full)},
            "thief": {name: personas.submission(release, {first: STEAL_05})}}
    result = _autograde(course, name, subs)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    scores, points = _scores(course, name, name), _points(course, name)
    with _gradebook(course) as gb:
        auto = {c.name for nb in gb.find_assignment(name).notebooks for c in nb.grade_cells if c.cell_type == "code"}
    assert len(auto) >= 5
    assert marker(json.loads(_graded_text(course, "full", name, name)))["sandboxed"] is True
    assert {g: scores["full"][g] for g in auto} == {g: points[g] for g in auto}  # sefkit works in the sandbox
    assert {g: scores["thief"][g] for g in auto} == dict.fromkeys(auto, 0.0)
    assert "no solutions found" in _outputs(_graded_text(course, "thief", name, name))


# -- no sandbox on this machine -----------------------------------------------------------


@slow
def test_without_bubblewrap_autograde_refuses_unless_opted_out(tmp_path):
    course, name = _course(_scratch_source(tmp_path / "src" / "scratch"), tmp_path / "course",
                           extra_config=TEST_LIMITS + '\nc.Sandbox.bwrap = "/nowhere/bwrap"\n')
    release = personas.released(course, name, "scratch")
    subs = {"ana": {"scratch": personas.submission(release, {"double_answer": "answer = 42"})}}
    refused = _autograde(course, name, subs)
    assert refused.returncode != 0
    assert "apt-get install bubblewrap" in refused.stderr and OPT_OUT_VARIABLE in refused.stderr
    assert not (course / "autograded" / "ana" / name / "scratch.ipynb").exists()
    assert _scores(course, name, "scratch")["ana"]["double_value"] == 0.0  # nothing recorded

    graded = _autograde(course, name, subs, **{OPT_OUT_VARIABLE: "1"})
    assert graded.returncode == 0, graded.stderr[-3000:]
    assert "GRADING WITHOUT A SANDBOX" in graded.stderr
    assert _scores(course, name, "scratch")["ana"]["double_value"] == 2.0
    nb = json.loads(_graded_text(course, "ana", name, "scratch"))
    assert marker(nb)["sandboxed"] is False and "opted out" in marker(nb)["how"]
