"""Run one submission: restore the protected cells, execute it in the sandbox, export answers.

The submission file is only read. Its cells are copied into a private working folder with the
trainee's own data and executed in a fresh kernel (nbclient) under :mod:`grading.sandbox`. The
answers come back as plain JSON written by :func:`grading.export.dump`; cell outputs are ignored
(and capped in size), so nothing a notebook prints can change its score.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpec
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from .sandbox import Isolation, Limits, Sandbox

ANSWERS_FILE = ".kpilab_answers.json"


class SubmissionError(ValueError):
    """A submission that cannot be run at all (the reason is shown to the trainee)."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.code, self.zh, self.en = code, zh, en


@dataclass
class RunOutcome:
    """What running one submission produced."""

    answers: dict[str, Any]
    isolation: Isolation
    failure: str = ""  # "" | timeout | total_timeout | kernel_died | memory | export_failed
    failed_cell: int | None = None
    errors: list[int] = field(default_factory=list)  # cells that raised
    restored: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: The notebook as run (locked cells restored, outputs capped): formgrader shows this copy.
    notebook: nbformat.NotebookNode | None = None


def _grade_id(cell: nbformat.NotebookNode) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    gid = meta.get("grade_id")
    return str(gid) if gid else None


def restore_protected(
    submission: nbformat.NotebookNode, source: nbformat.NotebookNode
) -> tuple[nbformat.NotebookNode, list[str]]:
    """The submission with every locked source cell put back as written (and in place if lost).

    Answer cells are the trainee's; locked cells (instructions, set-up, self-checks) come from
    the source, so a trainee cannot change what the set-up cell loads or what a check runs.
    """
    locked = {
        gid: c
        for c in source.cells
        if (gid := _grade_id(c)) and c["metadata"]["nbgrader"].get("locked")
    }
    restored = []
    cells = []
    seen = set()
    for cell in submission.cells:
        gid = _grade_id(cell)
        if gid in locked:
            original = locked[gid]
            if cell.get("source") != original.source or cell.get("cell_type") != original.cell_type:
                restored.append(gid)
            fresh = nbformat.from_dict(dict(original))
            if fresh.cell_type == "code":
                fresh.outputs, fresh.execution_count = [], None
            cells.append(fresh)
            seen.add(gid)
        else:
            if cell.get("cell_type") == "code":
                cell["outputs"], cell["execution_count"] = [], None
            cells.append(cell)
    # A deleted set-up cell would make every answer fail: put it back at the top.
    for gid, original in locked.items():
        if gid not in seen and original.cell_type == "code":
            cells.insert(0, nbformat.from_dict(dict(original)))
            restored.append(gid)
    nb = nbformat.v4.new_notebook(cells=cells, metadata=source.metadata)
    return nb, restored


class _CappedClient(NotebookClient):
    """nbclient that keeps at most ``output_bytes`` of output in all (the grader reads none)."""

    output_bytes = 256 * 1024
    _kept = 0

    def output(self, outs, msg, display_id, cell_index):
        size = len(json.dumps(msg.get("content", {}), default=str))
        if self._kept + size > self.output_bytes:
            return None
        self._kept += size
        return super().output(outs, msg, display_id, cell_index)


class _SandboxKernelManager(AsyncKernelManager):
    def set_argv(self, argv: list[str]) -> None:
        self._kernel_spec = KernelSpec(
            argv=argv, display_name="kpilab sandbox", language="python", resource_dir=""
        )


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """The submitted notebook, or :class:`SubmissionError` if it is not one."""
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, UnicodeDecodeError) as exc:
        raise SubmissionError(
            "unreadable", f"无法读取文件：{exc}", f"cannot read the file: {exc}"
        ) from None
    except Exception as exc:  # nbformat raises several types for bad JSON / schema
        raise SubmissionError(
            "invalid_notebook",
            f"不是有效的 Jupyter 笔记本（{type(exc).__name__}）",
            f"not a valid Jupyter notebook ({type(exc).__name__})",
        ) from None
    if not isinstance(nb.get("cells"), list):
        raise SubmissionError("invalid_notebook", "笔记本没有单元格", "the notebook has no cells")
    return nb


def run_submission(
    submission: Path,
    source: Path,
    files: list[Path],
    variables: list[str],
    *,
    limits: Limits | None = None,
    hidden: list[Path] = (),  # type: ignore[assignment]
) -> RunOutcome:
    """Execute ``submission`` (restored from ``source``) beside ``files``; export ``variables``.

    ``files`` are copied into the working folder (the trainee's ``data/`` and ``checks.json``);
    ``hidden`` are host folders the kernel must not see (the course directory).
    """
    limits = limits or Limits()
    started = time.monotonic()
    nb, restored = restore_protected(read_notebook(submission), read_notebook(source))
    root = Path(tempfile.mkdtemp(prefix="kpilab-grade-"))
    work = root / "work"
    work.mkdir()
    sandbox = Sandbox(work, list(hidden), limits, name=uuid.uuid4().hex[:12])
    km: _SandboxKernelManager | None = None
    client: _CappedClient | None = None
    try:
        for f in files:
            if f.is_dir():
                shutil.copytree(f, work / f.name)
            else:
                shutil.copy2(f, work / f.name)
        sandbox.prepare()
        isolation = sandbox.isolation()
        km = _SandboxKernelManager(transport="ipc", ip=str(work / ".kernel"))
        km.connection_file = str(work / ".kernel.json")
        km.set_argv(sandbox.kernel_argv())
        client = _CappedClient(
            nb,
            km=km,
            timeout=int(limits.cell_timeout),
            allow_errors=True,
            interrupt_on_timeout=False,
            startup_timeout=120,
            resources={"metadata": {"path": str(work)}},
        )
        client.output_bytes = limits.output_kb * 1024
        outcome = RunOutcome(answers={}, isolation=isolation, restored=restored)
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        last = max((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), default=-1)
        with client.setup_kernel(cwd=str(work), **quiet):
            for index, cell in enumerate(nb.cells):
                if time.monotonic() - started > limits.total_timeout:
                    outcome.failure, outcome.failed_cell = "total_timeout", index + 1
                    break
                if cell.cell_type != "code":
                    continue
                try:
                    client.execute_cell(cell, index)
                except CellTimeoutError:
                    outcome.failure, outcome.failed_cell = "timeout", index + 1
                    run_sync(km.interrupt_kernel)()
                    break
                except DeadKernelError:
                    outcome.failure, outcome.failed_cell = "kernel_died", index + 1
                    break
                if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                    outcome.errors.append(index + 1)
                # Export after each cell that names an answer, and after the last: if a later
                # cell hangs or kills the kernel, the answers given before it still count.
                if index == last or any(v in cell.source for v in variables):
                    answers = _export(client, work, variables, 30.0)
                    if answers is not None:
                        outcome.answers = answers
            if outcome.failure == "timeout":
                answers = _export(client, work, variables, 10.0)
                if answers is not None:
                    outcome.answers = answers
    except DeadKernelError:
        outcome = RunOutcome(answers={}, isolation=sandbox.isolation(), failure="kernel_died")
    finally:
        # nbclient leaves a kernel manager it did not create running: stop it here.
        if km is not None:
            if client is not None and client.kc is not None:
                client.kc.stop_channels()
            with contextlib.suppress(Exception):
                run_sync(km.shutdown_kernel)(now=True)
        sandbox.cleanup()
        if km is not None:
            process = getattr(km.provisioner, "process", None)
            if process is not None:
                with contextlib.suppress(Exception):
                    process.kill()
                    process.wait(timeout=10)
            with contextlib.suppress(Exception):
                run_sync(km.cleanup_resources)()
            with contextlib.suppress(Exception):
                km.context.destroy(linger=0)
        shutil.rmtree(root, ignore_errors=True)
    outcome.seconds = round(time.monotonic() - started, 3)
    outcome.notebook = nb
    return outcome


def _export(
    client: NotebookClient, work: Path, variables: list[str], wait: float
) -> dict[str, Any] | None:
    """Ask the kernel for the answer variables, outside any input transformer."""
    target = work / ANSWERS_FILE
    expr = (
        "__import__('grading.export', fromlist=['dump'])"
        f".dump(globals(), {variables!r}, {str(target)!r})"
    )
    kc: Any = client.kc
    assert kc is not None
    try:
        msg_id = kc.execute("", silent=True, store_history=False, user_expressions={"a": expr})
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            reply = run_sync(kc.get_shell_msg)(timeout=max(1.0, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        else:
            return None
    except Exception:
        return None
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
