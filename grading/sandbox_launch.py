"""Apply a submission's limits to this process, then become the sandboxed kernel.

Run as ``python -m grading.sandbox_launch --memory-mb 2048 --file-mb 64 [--cgroup DIR] -- CMD…``:
it joins the cgroups first (so every process the kernel starts is counted), sets the rlimits,
which children inherit, and replaces itself with ``CMD``. Inside the sandbox,
``--as-nobody -- CMD…`` switches a root grader's kernel to the unprivileged ``nobody`` user.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import signal
import sys

NOBODY = 65534
PR_SET_PDEATHSIG = 1


def become_nobody(cmd: list[str]) -> list[str]:
    """Switch to ``nobody`` and return ``cmd`` reading a copy of its connection file.

    The kernel's connection file is written by the grader (root, mode 0600): it is read before
    the switch and written again, as nobody, beside the original.
    """
    where = cmd.index("-f") + 1
    original = cmd[where]
    with open(original, "rb") as fh:
        connection = fh.read()
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)
    copy = os.path.join(os.path.dirname(original), ".kernel-nobody.json")
    fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(connection)
    return [*cmd[:where], copy, *cmd[where + 1 :]]


def die_with_grader() -> None:
    """Have the system kill this process (then bwrap, and with it the kernel) if the grader dies.

    bwrap's ``--die-with-parent`` watches whoever is its parent when it starts; a grader killed
    while this launcher was still starting would leave it watching nobody, and the kernel alive.
    The request made here survives the exec into bwrap, and a grader already gone ends the launch.
    """
    grader = int(os.environ.get("JPY_PARENT_PID", os.getppid()))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return
    if os.getppid() != grader:
        os._exit(1)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    split = args.index("--")
    if args[:split] == ["--as-nobody"]:
        cmd = become_nobody(args[split + 1 :])
        os.execvp(cmd[0], cmd)
    parser = argparse.ArgumentParser(prog="grading.sandbox_launch")
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--file-mb", type=int, required=True)
    parser.add_argument("--cgroup", action="append", default=[])
    opts = parser.parse_args(args[:split])
    cmd = args[split + 1 :]
    if sys.platform.startswith("linux"):
        die_with_grader()
    for group in opts.cgroup:
        with open(os.path.join(group, "cgroup.procs"), "w") as fh:
            fh.write(str(os.getpid()))
    mem = opts.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    size = opts.file_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main()
