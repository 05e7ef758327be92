"""Run a notebook in a fresh kernel and read what the course's tests need from it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

STATUS_CELL = "lab.show_statuses()"


def execute(
    path: Path, extra: list[str] = (), *, allow_errors: bool = False, timeout: int = 600
) -> nbformat.NotebookNode:
    """Execute ``path`` in its own folder with ``extra`` cells appended; returns the notebook."""
    nb = nbformat.read(path, as_version=4)
    for source in extra:
        nb.cells.append(nbformat.v4.new_code_cell(source))
    env_path = os.environ.get("PATH", "")
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    os.environ["PATH"] = env_path
    return nb


def stderr_outputs(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(cell source start, text) of every stderr stream or error output."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("name") == "stderr":
                found.append((cell.source[:60], out.get("text", "")))
            elif out.get("output_type") == "error":
                found.append((cell.source[:60], f"{out.get('ename')}: {out.get('evalue')}"))
    return found


def last_json(nb: nbformat.NotebookNode) -> Any:
    """The JSON line the last cell printed."""
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    return json.loads(text.strip().splitlines()[-1])
