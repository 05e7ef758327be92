"""Grading speed, measured side by side in one run.

For the same N submissions of module 1 (the solution notebook), prints:

* the floor: executing each notebook with plain nbclient, no sandbox, no scoring;
* kpilab with 1 worker and with 2 workers (sandbox, export, scoring, result files);
* nbgrader's own ``autograde`` on the same submissions.

Targets: kpilab's overhead above the floor ≤ 0.5 s per submission; 1 worker faster than
nbgrader's autograde; 2 workers ≥ 1.7× 1 worker.

Usage: ``python bench/grade.py [--n 40]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from grading.batch import grade_module
from grading.course.build import build_course
from grading.manifest import manifest_for


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def floor(source: Path, n: int) -> float:
    started = time.perf_counter()
    for _ in range(n):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            shutil.copytree(source.parent / "data", work / "data")
            shutil.copy2(source.parent / "checks.json", work / "checks.json")
            nb = nbformat.read(source, as_version=4)
            client = NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(work)}})
            # As NotebookClient.execute(), with the kernel's own log lines kept off the report.
            with client.setup_kernel(cwd=str(work), stderr=subprocess.DEVNULL):
                for index, cell in enumerate(nb.cells):
                    client.execute_cell(cell, index)
    return time.perf_counter() - started


def kpilab(course: Path, folder: Path, workers: int) -> float:
    shutil.rmtree(course / "kpilab" / "grades", ignore_errors=True)
    started = time.perf_counter()
    results = list(grade_module(course, manifest_for(1), workers=workers, folder=folder))
    elapsed = time.perf_counter() - started
    assert all(r.score == r.max_score for r in results), "every copy of the solution scores full"
    return elapsed


def nbgrader_autograde(course: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", "m1_sales", "--force"],
        cwd=course, env=_env(), check=True, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="submissions (default 40)")
    n = parser.parse_args().n
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "course"
        build_course(course, modules=[1], course_id="bench")
        subprocess.run(
            [sys.executable, "-m", "nbgrader", "generate_assignment", "m1_sales", "--force"],
            cwd=course, env=_env(), check=True, capture_output=True,
        )  # fmt: skip
        source = course / "source" / "m1_sales" / "m1_sales.ipynb"
        folder = Path(tmp) / "submissions"
        folder.mkdir()
        for i in range(n):
            name = f"b{i:03d}"
            shutil.copy2(source, folder / f"{name}.ipynb")
            sub = course / "submitted" / name / "m1_sales"
            sub.mkdir(parents=True)
            shutil.copy2(source, sub / "m1_sales.ipynb")
            for extra in ("data", "checks.json"):
                src = source.parent / extra
                if src.is_dir():
                    shutil.copytree(src, sub / extra)
                else:
                    shutil.copy2(src, sub / extra)
        t_floor = floor(source, n)
        t1 = kpilab(course, folder, 1)
        t2 = kpilab(course, folder, 2)
        t_nbg = nbgrader_autograde(course)
    print(f"submissions: {n} (module 1 solution)")
    print(f"floor, plain nbclient:   {t_floor:7.1f} s  ({t_floor / n:.2f} s each)")
    print(f"kpilab, 1 worker:        {t1:7.1f} s  ({t1 / n:.2f} s each)")
    print(f"kpilab, 2 workers:       {t2:7.1f} s  ({t2 / n:.2f} s each)")
    print(f"nbgrader autograde:      {t_nbg:7.1f} s  ({t_nbg / n:.2f} s each)")
    over = (t1 - t_floor) / n
    print(f"overhead above floor:    {over:+.2f} s per submission (target ≤ 0.50)")
    print(f"nbgrader ÷ kpilab 1w:    {t_nbg / t1:.2f}× (target > 1)")
    print(f"2 workers speed-up:      {t1 / t2:.2f}× (target ≥ 1.7)")


if __name__ == "__main__":
    main()
