"""Run each learner's kernel in a sandbox while ``nbgrader autograde`` grades it.

During autograding the learner's code runs on the facilitator's machine. Left
alone it could read ``solutions/`` (answers and hidden tests), rewrite
``gradebook.db`` or copy other learners' work. Here the kernel starts inside
bubblewrap (``bwrap``, a small Linux sandbox used by Flatpak) and sees only:

* its own submission folder, writable, mounted at ``/submission`` (its working
  folder; nbgrader runs it in ``autograded/<student>/<assignment>/``);
* the Python environment and the system's programs and libraries, read-only;
* the sefkit package folder alone, read-only (an editable install lives in the
  course folder, whose other contents stay hidden);
* a private, size-limited ``/tmp`` and its kernel's own socket folder.

It has no network (only its own loopback), sees only its own processes in
``/proc``, gets a fresh environment (no variable of the grader's leaks in), and
runs under limits: CPU seconds, memory (address space), size of any file it
writes, number of processes, and size of the output the grader keeps. When the
grader runs as root, the kernel runs as an unprivileged user (``nobody``), so
the process limit holds and no capability is left.

``nbgrader_config.py`` switches it on for autograding only::

    from sefkit.classroom.grading.sandbox import sandboxed
    c.Autograde.autograde_preprocessors = sandboxed(c.Autograde.autograde_preprocessors)

which replaces nbgrader's ``Execute`` step by :class:`SandboxedExecute` in the
autograde steps. ``nbgrader validate`` (and the Validate button) use their own
steps, so learners validating on their laptop or on Binder, where there is no
bubblewrap, run their notebook as before.

Where no sandbox can start, autograding refuses with a message that says what
is missing and how to install it, unless the facilitator opts out with
``SEF_GRADE_WITHOUT_SANDBOX=1`` or ``c.Sandbox.allow_unsandboxed = True``. Every
autograded notebook then carries a marker in its metadata (``sefkit_sandbox``,
read with :func:`marker`) saying whether its grade was produced in a sandbox.

>>> policy = Sandbox(bwrap="/usr/bin/bwrap", uid=None)
>>> cmd = policy.command(["/venv/bin/python", "-m", "ipykernel_launcher", "-f", "/tmp/k/kernel.json"],
...                      submission="/course/autograded/ana/05_pipeline", runtime="/tmp/k")
>>> cmd[0], "--unshare-net" in cmd, cmd[cmd.index("--chdir") + 1]
('/usr/bin/bwrap', True, '/submission')
>>> "/course" in cmd  # the course folder itself is never bound
False
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from importlib.util import find_spec
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer, List, Unicode
from traitlets.config import Configurable, LazyConfigValue

#: The environment variable with which a facilitator grades without a sandbox.
OPT_OUT_VARIABLE = "SEF_GRADE_WITHOUT_SANDBOX"

#: Where the submission folder appears inside the sandbox (the kernel's working folder).
SUBMISSION_MOUNT = "/submission"

#: The key of the autograded notebook's metadata that records how it was run.
MARKER_KEY = "sefkit_sandbox"

# Sets the resource limits, drops to an unprivileged user when asked, then starts
# the kernel. Runs inside the sandbox with `python -I -S -c`, so it imports nothing
# from the course. Arguments: NAME=VALUE limits (and UID=, GID=), then --, the kernel.
_LAUNCHER = """\
import os, resource, sys
args = sys.argv[1:]
split = args.index("--")
settings = dict(arg.split("=", 1) for arg in args[:split])
for name in ("CPU", "AS", "FSIZE", "NPROC", "CORE"):
    if name in settings:
        soft = int(settings[name])
        hard = soft + 5 if name == "CPU" else soft
        resource.setrlimit(getattr(resource, "RLIMIT_" + name), (soft, hard))
if "UID" in settings:
    os.setgroups([])
    os.setgid(int(settings["GID"]))
    os.setuid(int(settings["UID"]))
kernel = args[split + 1:]
os.execv(kernel[0], kernel)
"""

# System folders the interpreter and its libraries need; bound read-only when present.
_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
_SYSTEM_FILES = (
    "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime",
    "/etc/fonts", "/etc/mime.types", "/etc/nsswitch.conf",
)


_worker_slot = 0  # this process's slot in a grading pool (0 outside one): see run_as_worker


def run_as_worker(slot: int) -> None:
    """In the ``slot``-th worker of a grading pool: its kernels run as user ``Sandbox.uid - slot``.

    The process limit (``Sandbox.processes``) counts every process of a user, so a
    learner's fork loop fills it for the kernel's user until that kernel has ended;
    with one user per worker it cannot stop the kernels other workers start meanwhile.
    """
    global _worker_slot
    _worker_slot = slot


class SandboxUnavailable(RuntimeError):
    """No sandbox can start on this machine, and the facilitator has not opted out."""


class Sandbox(Configurable):
    """The sandbox policy: what the learner's kernel sees and the limits it runs under.

    Every value can be set in ``nbgrader_config.py`` as ``c.Sandbox.<name>``.

    >>> Sandbox().limits()["NPROC"]
    64
    """

    bwrap = Unicode("bwrap", help="The bubblewrap program (a name on PATH or a full path).").tag(config=True)
    allow_unsandboxed = Bool(
        False,
        help=(
            "Grade without a sandbox where none can start (learner code can then read "
            f"solutions/ and the gradebook). The environment variable {OPT_OUT_VARIABLE}=1 "
            "does the same for one run."
        ),
    ).tag(config=True)
    cpu_seconds = Integer(600, help="CPU seconds one kernel may use over the whole notebook.").tag(config=True)
    wall_seconds = Integer(
        1800, help="Seconds one kernel may run, busy or not, before it is stopped (the notebook scores zero)."
    ).tag(config=True)
    memory_mb = Integer(4096, help="Address space of each kernel process, in MiB.").tag(config=True)
    file_size_mb = Integer(64, help="Largest file a kernel may write, in MiB.").tag(config=True)
    tmp_size_mb = Integer(64, help="Size of the kernel's private /tmp, in MiB.").tag(config=True)
    processes = Integer(64, help="Processes and threads the kernel may run at once.").tag(config=True)
    max_output_kb = Integer(
        2048,
        help="Output (text, tables, images) kept per notebook, in KiB; errors are always kept.",
    ).tag(config=True)
    uid = Integer(
        65534,
        allow_none=True,
        help="When grading as root, the user the kernel runs as (65534 is 'nobody'); None keeps root.",
    ).tag(config=True)
    extra_read_only = List(
        Unicode(), help="More folders the kernel may read (for example a shared data folder)."
    ).tag(config=True)

    def limits(self) -> dict[str, int]:
        """The resource limits, by their ``RLIMIT_`` name."""
        mib = 1024 * 1024
        return {
            "CPU": self.cpu_seconds,
            "AS": self.memory_mb * mib,
            "FSIZE": self.file_size_mb * mib,
            "NPROC": self.processes,
            "CORE": 0,
        }

    def opted_out(self) -> bool:
        """Whether the facilitator allows grading without a sandbox (config or environment)."""
        return self.allow_unsandboxed or os.environ.get(OPT_OUT_VARIABLE, "").strip() not in {"", "0"}

    def drops_to(self) -> int | None:
        """The user id the kernel switches to when the grader is root (else None).

        That is ``uid``, less the grading pool worker's slot (:func:`run_as_worker`):
        each worker's kernels run as their own user.
        """
        if os.geteuid() != 0 or self.uid in (None, 0):
            return None
        return self.uid - _worker_slot if self.uid - _worker_slot > 0 else self.uid

    def read_only(self) -> list[str]:
        """Folders bound read-only: the interpreter's prefixes and the sefkit package alone."""
        folders = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]
        spec = find_spec("sefkit")
        if spec is not None and spec.submodule_search_locations:
            folders += list(spec.submodule_search_locations)
        folders += list(self.extra_read_only)
        unique: list[str] = []
        for folder in (os.path.realpath(f) for f in folders):
            if folder not in unique and os.path.isdir(folder):
                unique.append(folder)
        return unique

    def environment(self) -> dict[str, str]:
        """The kernel's whole environment: nothing of the grader's leaks in."""
        return {
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
            "HOME": "/tmp",
            "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "MPLBACKEND": "agg",
            "MPLCONFIGDIR": "/tmp/matplotlib",
            "IPYTHONDIR": "/tmp/ipython",
            # One thread per maths library: their default (one per core) would use up
            # the process limit on a many-core machine.
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
        }

    def command(self, kernel_cmd: list[str], *, submission, runtime, info_fd: int | None = None) -> list[str]:
        """The command that starts ``kernel_cmd`` in the sandbox.

        ``submission`` is the folder the kernel may write in (its working folder);
        ``runtime`` holds its connection file and sockets; bubblewrap writes the
        sandbox's first process id to ``info_fd`` (see :func:`wait_until_emptied`).
        """
        cmd = [
            self.bwrap,
            *(["--info-fd", str(info_fd)] if info_fd is not None else []),
            "--die-with-parent", "--new-session",
            "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--hostname", "sandbox",
            "--clearenv",
        ]
        for name, value in self.environment().items():
            cmd += ["--setenv", name, value]
        cmd += ["--proc", "/proc", "--dev", "/dev"]
        # /tmp first: a bind under /tmp made before it would be hidden by it.
        cmd += ["--size", str(self.tmp_size_mb * 1024 * 1024), "--perms", "1777", "--tmpfs", "/tmp"]
        for folder in _SYSTEM_DIRS:
            if os.path.islink(folder):
                cmd += ["--symlink", os.readlink(folder), folder]
            elif os.path.isdir(folder):
                cmd += ["--ro-bind", folder, folder]
        for path in _SYSTEM_FILES:
            cmd += ["--ro-bind-try", path, path]
        runtime = os.path.realpath(runtime)
        folders = self.read_only()
        # bubblewrap makes the folders leading to a bind private (0700) under a strict
        # umask; an unprivileged kernel must be able to walk through them.
        made = {"/", "/tmp", "/usr", SUBMISSION_MOUNT}
        for target in [*folders, runtime]:
            for parent in reversed(Path(target).parents):
                if str(parent) not in made:
                    made.add(str(parent))
                    cmd += ["--perms", "0755", "--dir", str(parent)]
        for folder in folders:
            cmd += ["--ro-bind", folder, folder]
        cmd += ["--bind", runtime, runtime]
        cmd += ["--bind", os.path.realpath(submission), SUBMISSION_MOUNT, "--chdir", SUBMISSION_MOUNT]
        settings = [f"{name}={value}" for name, value in self.limits().items()]
        uid = self.drops_to()
        if uid is not None:
            # Only to switch user: setuid() to a user other than root drops every capability.
            cmd += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
            settings += [f"UID={uid}", f"GID={uid}"]
        return [*cmd, "--", sys.executable, "-I", "-S", "-c", _LAUNCHER, *settings, "--", *kernel_cmd]

    def problem(self) -> str | None:
        """Why no sandbox can start here (with how to fix it), or None when one can."""
        found = shutil.which(self.bwrap)
        opt_out = (
            f"To grade without the sandbox (learner code can then read solutions/ and the gradebook), "
            f"run `{OPT_OUT_VARIABLE}=1 nbgrader autograde ...` or set "
            "`c.Sandbox.allow_unsandboxed = True` in nbgrader_config.py."
        )
        if found is None:
            return (
                f"The grading sandbox needs bubblewrap, and `{self.bwrap}` is not installed here. "
                "Install it (Debian/Ubuntu: `sudo apt-get install bubblewrap`; Fedora: "
                "`sudo dnf install bubblewrap`) and grade again. " + opt_out
            )
        with tempfile.TemporaryDirectory(prefix="sef-sandbox-check-") as tmp:
            trial = self.command([sys.executable, "-I", "-S", "-c", "pass"], submission=tmp, runtime=tmp)
            trial[0] = found
            try:
                result = subprocess.run(trial, capture_output=True, text=True, timeout=60, env=self.environment())
            except (OSError, subprocess.TimeoutExpired) as error:
                detail = str(error)
            else:
                if result.returncode == 0:
                    return None
                detail = result.stderr.strip() or f"exit status {result.returncode}"
        return (
            f"The grading sandbox (bubblewrap, {found}) cannot start here: {detail}. "
            "bubblewrap needs Linux user namespaces (or to be run as root); inside a container, "
            "allow them or grade on the host. " + opt_out
        )


def _sandbox_init(info: str) -> int | None:
    """The process id (seen from outside) of a sandbox's first process, from bubblewrap's info.

    >>> _sandbox_init('{"child-pid": 4242}')
    4242
    >>> _sandbox_init("") is None
    True
    """
    try:
        return int(json.loads(info)["child-pid"])
    except (ValueError, KeyError, TypeError):
        return None


def _alive_in_own_namespace(pid: int) -> bool:
    """Whether ``pid`` is a live (not zombie) process whose pid namespace is not ours.

    A sandbox's first process is the only process outside our namespace to carry
    its id; once it has gone (or its id has been reused here), the answer is False.
    """
    try:
        with open(f"/proc/{pid}/stat") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
        return state not in {"Z", "X"} and os.readlink(f"/proc/{pid}/ns/pid") != os.readlink("/proc/self/ns/pid")
    except OSError:
        return False


def wait_until_emptied(init_pid: int | None, timeout: float = 30.0) -> bool:
    """Wait until a sandbox's processes have all ended; True if they have (or none is known).

    A sandbox has its own pid namespace. When its first process ends, Linux kills
    every other process in it and frees them all before that first process is
    itself done, so its end is the namespace's end. Waiting for it matters: the
    kernel's user has a process limit, and the children a learner forked count
    against it until they are freed, so the next kernel started as that user
    could otherwise fail to start.
    """
    if init_pid is None:
        return True
    deadline = time.monotonic() + timeout
    while _alive_in_own_namespace(init_pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _owners(folder: Path) -> dict[str, tuple[int, int]]:
    """Owner and group of a folder and everything in it (links not followed)."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in [".", *dirs, *files]:
            path = os.path.normpath(os.path.join(root, name))
            st = os.lstat(path)
            found[path] = (st.st_uid, st.st_gid)
    return found


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts its kernel in the :class:`Sandbox`.

    The kernel talks to the grader over ``ipc`` sockets in a private folder (it
    has no network to use TCP on) and is interrupted by message, inside the
    sandbox, rather than by a signal to its process group.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.sandbox = Sandbox(parent=self)
        self._runtime = tempfile.mkdtemp(prefix="sef-kernel-")
        self.transport = "ipc"
        self.connection_file = os.path.join(self._runtime, "kernel.json")
        self.ip = os.path.join(self._runtime, "kernel-ipc")
        self._given_back: dict[str, tuple[int, int]] = {}
        self._watchdog: threading.Timer | None = None
        self._info: int | None = None  # bubblewrap's info pipe (the sandbox's first process id)
        self.kernel_log = ""  # the end of what the kernel printed, kept when its sandbox is released

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        assert self.kernel_spec is not None
        self.kernel_spec.interrupt_mode = "message"
        submission = Path(kw.get("cwd") or os.getcwd()).resolve()
        kw["env"] = self.sandbox.environment()
        log = open(os.path.join(self._runtime, "kernel.log"), "wb")  # noqa: SIM115 (the kernel holds it)
        kw["stdout"] = kw["stderr"] = log
        uid = self.sandbox.drops_to()
        if uid is not None:
            # The unprivileged kernel must write its sockets and its submission folder.
            self._given_back = _owners(submission)
            for path in [self._runtime, self.connection_file, *self._given_back]:
                os.lchown(path, uid, uid)
        self._info, info_w = os.pipe()
        os.set_blocking(self._info, False)
        cmd = self.sandbox.command(kernel_cmd, submission=submission, runtime=self._runtime, info_fd=info_w)
        kw["pass_fds"] = (*kw.get("pass_fds", ()), info_w)
        self.log.debug("Starting a sandboxed kernel: %s", cmd)
        try:
            await super()._async_launch_kernel(cmd, **kw)
        finally:
            log.close()
            os.close(info_w)
        # A kernel that ignores interrupts and sleeps uses no CPU: stop it by the clock.
        self._watchdog = threading.Timer(self.sandbox.wall_seconds, self._stop, args=(self.provisioner.process,))
        self._watchdog.daemon = True
        self._watchdog.start()

    def _stop(self, process) -> None:
        if process.poll() is None:
            self.log.error("The sandboxed kernel ran for %d s and was stopped", self.sandbox.wall_seconds)
            process.kill()

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        try:
            await super()._async_cleanup_resources(restart=restart)
        finally:
            if not restart:
                self._release()

    # jupyter_client binds the public name to its own coroutine; nbclient calls it
    # after a kernel died, so it must reach the override too.
    cleanup_resources = _async_cleanup_resources

    def _release(self) -> None:
        """Wait for the sandbox to empty, stop the watchdog, give the folder back, remove the sockets."""
        if self._info is not None:
            try:
                info = os.read(self._info, 65536).decode(errors="replace")
            except OSError:  # nothing written: bubblewrap did not start
                info = ""
            os.close(self._info)
            self._info = None
            if not wait_until_emptied(_sandbox_init(info)):
                self.log.warning("The sandboxed kernel's processes had not all ended 30 s after it stopped")
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
        for path, (uid, gid) in self._given_back.items():
            # Skip what the learner's code deleted or swapped for a link (which could
            # lead out of the folder): only the paths given away are given back.
            if os.path.lexists(path) and os.path.realpath(path) == path:
                os.lchown(path, uid, gid)
        self._given_back = {}
        try:  # the kernel's own last words, for the grader's log if it died starting
            with open(os.path.join(self._runtime, "kernel.log"), "rb") as f:
                f.seek(0, os.SEEK_END)
                f.seek(max(0, f.tell() - 2000))
                self.kernel_log = f.read().decode(errors="replace").strip()
        except OSError:
            self.kernel_log = ""
        shutil.rmtree(self._runtime, ignore_errors=True)


class SandboxedExecute(Execute):
    """nbgrader's Execute step, with the learner's kernel in the :class:`Sandbox`.

    Also keeps at most ``Sandbox.max_output_kb`` of output per notebook (a
    notebook that prints gigabytes cannot exhaust the grader); error outputs are
    always kept, so trimming can never turn a failing test cell into a pass. A
    kernel that dies before it runs any code is started again once
    (:data:`STARTUP_RETRIES`), with what it printed in the grader's log.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)
        self._last_km = None

    def preprocess(self, nb, resources=None, km=None):
        sandbox = Sandbox(parent=self)
        problem = sandbox.problem()
        if problem is None:
            self.kernel_manager_class = SandboxedKernelManager
            record = {"sandboxed": True, "how": "bubblewrap", "limits": sandbox.limits()}
        elif sandbox.opted_out():
            self.log.warning("!" * 78)
            self.log.warning("GRADING WITHOUT A SANDBOX (opted out). %s", problem)
            self.log.warning("This notebook's grade is marked as produced without a sandbox.")
            self.log.warning("!" * 78)
            self.kernel_manager_class = AsyncKernelManager
            record = {"sandboxed": False, "how": "none (facilitator opted out)", "why": problem}
        else:
            self.log.error(problem)
            raise SandboxUnavailable(problem)
        for attempt in range(1 + STARTUP_RETRIES):
            self._kept_bytes = 0
            self._trimmed = False
            try:
                nb, resources = super().preprocess(nb, resources, km)
                break
            except RuntimeError as err:
                # No code of the learner's has run yet, so theirs cannot be the cause (the last
                # learner's processes still being freed, or a machine short of processes, can).
                if attempt == STARTUP_RETRIES or _STARTUP_DEATH not in str(err):
                    raise
                said = getattr(self._last_km, "kernel_log", "")  # nbclient has dropped self.km by now
                self.log.warning("The sandboxed kernel died before it ran any code; starting it again in %g s.%s",
                                 STARTUP_PAUSE, f" Its output: {said}" if said else "")
                time.sleep(STARTUP_PAUSE)
        nb.metadata[MARKER_KEY] = record
        return nb, resources

    def create_kernel_manager(self):
        """nbclient's kernel manager, remembered: after a failed start nbclient forgets its own."""
        self._last_km = super().create_kernel_manager()
        return self._last_km

    def output(self, outs, msg, display_id, cell_index):
        if msg["msg_type"] == "error":
            return super().output(outs, msg, display_id, cell_index)
        size = len(json.dumps(msg.get("content", {}), default=str))
        budget = Sandbox(parent=self).max_output_kb * 1024
        if self._kept_bytes + size > budget:
            if not self._trimmed:
                self._trimmed = True
                notice = (f"[output limit reached: this notebook printed more than "
                          f"{budget // 1024} KiB; the rest of its output was not kept]\n")
                outs.append(new_output("stream", name="stderr", text=notice))
                self.log.warning("Output of the notebook trimmed at %d KiB", budget // 1024)
            return None
        self._kept_bytes += size
        return super().output(outs, msg, display_id, cell_index)


#: A kernel that dies before it replies to its first message is started again this many times,
#: after this many seconds (jupyter_client's words for that death).
STARTUP_RETRIES, STARTUP_PAUSE, _STARTUP_DEATH = 1, 2.0, "Kernel died before replying to kernel_info"

_EXECUTE_NAMES = {"nbgrader.preprocessors.Execute", "nbgrader.preprocessors.execute.Execute", "Execute"}


def sandboxed(steps=None) -> list:
    """nbgrader's autograde steps with its ``Execute`` replaced by :class:`SandboxedExecute`.

    ``steps`` is what nbgrader_config.py holds in ``c.Autograde.autograde_preprocessors``
    (unset, a list, or a list changed in place); unset means nbgrader's default steps.

    >>> steps = sandboxed()
    >>> SandboxedExecute in steps and Execute not in steps
    True
    """
    from nbgrader.converters.autograde import Autograde

    default = list(Autograde.autograde_preprocessors.default())
    if steps is None:
        steps = default
    elif isinstance(steps, LazyConfigValue):
        steps = steps.get_value(default)
    result, replaced = [], False
    for step in steps:
        if step is Execute or step in _EXECUTE_NAMES:
            result.append(SandboxedExecute)
            replaced = True
        elif step is SandboxedExecute or step == f"{__name__}.SandboxedExecute":
            result.append(step)
            replaced = True
        elif isinstance(step, type) and issubclass(step, Execute):
            raise ValueError(
                f"autograde step {step.__name__} replaces nbgrader's Execute, so the sandbox cannot "
                f"wrap it: make it a subclass of {__name__}.SandboxedExecute instead"
            )
        else:
            result.append(step)
    if not replaced:
        raise ValueError("the autograde steps have no Execute step to run in the sandbox: " + repr(steps))
    return result


def marker(nb) -> dict | None:
    """How an autograded notebook was run: ``{"sandboxed": bool, "how": ...}``, or None if unknown.

    >>> marker({"metadata": {MARKER_KEY: {"sandboxed": False, "how": "none"}}})["sandboxed"]
    False
    >>> marker({"metadata": {}}) is None
    True
    """
    return nb.get("metadata", {}).get(MARKER_KEY)
