"""Where a trainee's kernel runs: a bubblewrap sandbox with limits.

The kernel sees the machine read-only, a private ``/tmp`` holding only its own working copy (the
notebook and that trainee's data), no network (its own empty network namespace; the grader talks
to it over Unix sockets in the working copy), its own process namespace, no capabilities, and
the course directory hidden behind an empty tmpfs, so answer keys, the gradebook and other
submissions cannot be read or written. A grader running as root starts the kernel as ``nobody``,
so beyond its working copy it can read only what any user may. Memory and file size are capped
with rlimits; the number of processes with a ``pids`` cgroup where the system offers one
(root's processes ignore RLIMIT_NPROC). What could not be applied is reported in
:class:`Isolation`, never silently skipped.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

NOBODY = 65534
CGROUP_ROOTS = {"pids": Path("/sys/fs/cgroup/pids"), "memory": Path("/sys/fs/cgroup/memory")}


class Limits(BaseModel):
    """Limits of one submission's run (configurable per course)."""

    model_config = ConfigDict(extra="forbid")
    cell_timeout: float = Field(default=60, gt=0, description="Seconds one cell may run.")
    total_timeout: float = Field(default=600, gt=0, description="Seconds the whole run may take.")
    memory_mb: int = Field(
        default=2048, ge=256, description="Memory of the run, MB (cgroup; rlimit backstop)."
    )
    max_processes: int = Field(default=128, ge=32, description="Processes and threads in all.")
    output_kb: int = Field(default=256, ge=1, description="Cell output kept per submission, KB.")
    file_mb: int = Field(default=64, ge=1, description="Largest file the kernel may write, MB.")


class Isolation(BaseModel):
    """Which protections were in force for a run."""

    model_config = ConfigDict(extra="forbid")
    sandbox: bool = Field(description="Read-only system, private /tmp, course hidden (bwrap).")
    network: bool = Field(description="No network: an empty network namespace.")
    process_limit: bool = Field(description="Process count capped by a pids cgroup.")
    unprivileged: bool = Field(
        default=False,
        description="The kernel ran as an unprivileged user (a grader running as root drops to "
        "nobody), so only world-readable files outside the sandbox could be read.",
    )
    notes: list[str] = Field(default_factory=list, description="Why a protection is missing.")


@dataclass
class Sandbox:
    """The command that starts a kernel inside the sandbox, and its clean-up."""

    workdir: Path
    hidden: list[Path]
    limits: Limits
    name: str
    cgroups: list[Path] = field(default_factory=list)

    def isolation(self) -> Isolation:
        notes = []
        ok = bwrap_works()
        if not ok:
            notes.append("bubblewrap (bwrap) is missing or cannot create namespaces here")
        if not self.cgroups:
            notes.append("no writable pids cgroup: the process count is not capped")
        if ok and not self.drops_privileges():
            notes.append(
                "the grader is not root, so the kernel runs as the grader's user and can read "
                "what that user can outside the hidden course directory"
            )
        return Isolation(
            sandbox=ok,
            network=ok,
            process_limit=bool(self.cgroups),
            unprivileged=ok and self.drops_privileges(),
            notes=notes,
        )

    @staticmethod
    def drops_privileges() -> bool:
        """A grader running as root starts kernels as ``nobody``; any other user stays itself."""
        return os.geteuid() == 0 and bwrap_works()

    def prepare(self) -> None:
        """Create the cgroups of this run (when the system offers them); hand the working copy
        to the unprivileged kernel user."""
        if self.drops_privileges():
            for folder, dirs, files in os.walk(self.workdir):
                for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
                    os.chown(name, NOBODY, NOBODY, follow_symlinks=False)
        for kind, root in CGROUP_ROOTS.items():
            if not os.access(root, os.W_OK):
                continue
            group = root / "kpilab" / self.name
            try:
                group.mkdir(parents=True, exist_ok=True)
                if kind == "pids":
                    (group / "pids.max").write_text(str(self.limits.max_processes))
                else:
                    (group / "memory.limit_in_bytes").write_text(
                        str(self.limits.memory_mb * 1024 * 1024)
                    )
                self.cgroups.append(group)
            except OSError:
                continue
        if not any(g.parent.parent.name == "pids" for g in self.cgroups):
            for g in self.cgroups:
                with contextlib.suppress(OSError):
                    g.rmdir()
            self.cgroups = []

    def address_space_mb(self) -> int:
        """RLIMIT_AS per process: a backstop only. Thread pools (pyarrow, BLAS) reserve far
        more address space than they use, so the real cap is the memory cgroup when there is
        one."""
        has_cgroup = any(g.parent.parent.name == "memory" for g in self.cgroups)
        return self.limits.memory_mb * (4 if has_cgroup else 2)

    def kernel_argv(self) -> list[str]:
        """argv of the kernel: limits applied by :mod:`grading.sandbox_launch`, then bwrap."""
        launch = [
            sys.executable,
            "-m",
            "grading.sandbox_launch",
            "--memory-mb",
            str(self.address_space_mb()),
            "--file-mb",
            str(self.limits.file_mb),
            *[arg for g in self.cgroups for arg in ("--cgroup", str(g))],
            "--",
        ]
        kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        if not bwrap_works():
            return [*launch, *kernel]
        work = str(self.workdir)
        covered, software = software_mounts()
        caps = ["--cap-drop", "ALL"]
        if self.drops_privileges():
            # Only what the switch to nobody needs; setuid() clears them all again.
            caps += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
            kernel = [sys.executable, "-m", "grading.sandbox_launch", "--as-nobody", "--",
                      *kernel]  # fmt: skip
        jail = [
            "bwrap",
            "--ro-bind", "/", "/",
            "--dev", "/dev",
            "--proc", "/proc",
            "--perms", "1777", "--tmpfs", "/tmp",
            *[arg for c in covered for arg in ("--tmpfs", c)],
            *_parents([*software, work], ["/tmp", *covered]),
            *[arg for p in software for arg in ("--ro-bind", p, p)],
            *[arg for h in self.hidden if h.exists() for arg in ("--tmpfs", str(h))],
            "--bind", work, work,
            "--unshare-net",
            "--unshare-pid",
            "--unshare-ipc",
            "--unshare-uts",
            "--die-with-parent",
            "--new-session",
            *caps,
            "--chdir", work,
            "--setenv", "HOME", work,
            "--setenv", "MPLCONFIGDIR", f"{work}/.matplotlib",
            "--setenv", "PYDEVD_DISABLE_FILE_VALIDATION", "1",
            "--setenv", "MALLOC_ARENA_MAX", "2",
            # The grader is outside the PID namespace: --die-with-parent watches it instead.
            "--unsetenv", "JPY_PARENT_PID",
            "--",
        ]  # fmt: skip
        return [*launch, *jail, *kernel]

    def cleanup(self) -> None:
        """Kill whatever the run left behind and remove its cgroups."""
        for group in self.cgroups:
            procs = group / "cgroup.procs"
            for _ in range(20):
                try:
                    pids = [int(p) for p in procs.read_text().split()]
                except OSError:
                    break
                if not pids:
                    break
                for pid in pids:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                group.rmdir()


def software_mounts() -> tuple[list[str], list[str]]:
    """(folders to cover with an empty tmpfs, software to mount back read-only).

    The kernel needs Python and kpilab's own code. Under /tmp (a CI venv, a fresh clone) they
    vanish with the sandbox's empty /tmp; under a folder others may not enter (``/root`` with a
    pyenv Python) the unprivileged kernel could not reach them. Such a folder is covered with an
    empty tmpfs, which also hides the rest of it, and the software is mounted back read-only.
    """
    here = Path(__file__).resolve().parent.parent
    candidates = {
        Path(sys.prefix).resolve(),
        Path(sys.base_prefix).resolve(),
        Path(sys.executable).resolve().parent.parent,
        here,
    }
    covered: set[Path] = set()
    software: set[Path] = set()
    tmp = Path("/tmp")
    for path in candidates:
        if tmp in path.parents:
            software.add(path)
            continue
        closed = [a for a in reversed(path.parents) if a != Path("/") and _closed(a)]
        if closed:
            covered.add(closed[0])
            software.add(path)
    # A folder inside a covered one is created by its own mount; cover only the outermost.
    outer = {c for c in covered if not any(o in c.parents for o in covered)}
    return sorted(str(c) for c in outer), sorted(str(p) for p in software)


def _parents(paths: list[str], roots: list[str]) -> list[str]:
    """bwrap arguments creating, open to all, the folders between a fresh tmpfs and a mount.

    bwrap would create them itself, but private (0700), where the unprivileged kernel could not
    pass through to its software or its working copy.
    """
    made: list[str] = []
    for path in paths:
        root = next((r for r in roots if Path(r) in Path(path).parents), None)
        if root is None:
            continue
        for folder in reversed(Path(path).parents):
            if Path(root) in folder.parents and str(folder) not in made:
                made.append(str(folder))
    return [arg for folder in made for arg in ("--perms", "0755", "--dir", folder)]


def _closed(folder: Path) -> bool:
    """Whether users other than the owner may not pass through ``folder``."""
    try:
        return not folder.stat().st_mode & 0o001
    except OSError:
        return False


_BWRAP: dict[str, bool] = {}


def bwrap_works() -> bool:
    """Whether bubblewrap can build the sandbox on this machine (checked once)."""
    if "ok" not in _BWRAP:
        exe = shutil.which("bwrap")
        ok = False
        if exe:
            probe = [exe, "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid",
                     "--cap-drop", "ALL", "--die-with-parent", "true"]  # fmt: skip
            try:
                ok = subprocess.run(probe, capture_output=True, timeout=20).returncode == 0
            except (OSError, subprocess.TimeoutExpired):
                ok = False
        _BWRAP["ok"] = ok
    return _BWRAP["ok"]
