"""``kpilab grade`` on a course: parallel batch, gradebook scores, and resuming after a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from grading.course.build import build_course
from grading.gradebook import gradebook_url
from grading.manifest import manifest_for

MANIFEST = manifest_for(1)
NAME = MANIFEST.assignment
FULL = sum(q.points for q in MANIFEST.auto)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _kpilab(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator.cli", *args]


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch")
    build_course(out, modules=[1], course_id="batch-tests")
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", NAME, "--force"],
        cwd=out, env=_env(), check=True, capture_output=True,
    )  # fmt: skip
    return out


def _submit(course: Path, trainee: str, kind: str) -> None:
    folder = course / "submitted" / trainee / NAME
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{NAME}.ipynb"
    if kind == "broken":
        target.write_text("{ this is not a notebook", encoding="utf-8")
        return
    source = "source" if kind == "solution" else "release"
    nb = nbformat.read(course / source / NAME / f"{NAME}.ipynb", as_version=4)
    nbformat.write(nb, target)


def _results(course: Path) -> dict[str, dict]:
    folder = course / "kpilab" / "grades" / NAME
    return {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(folder.glob("*.json"))}


def test_batch_grades_everyone_and_fills_the_gradebook(course: Path) -> None:
    for trainee, kind in [("t01", "solution"), ("t02", "blank"), ("t03", "broken")]:
        _submit(course, trainee, kind)
    run = subprocess.run(
        _kpilab("grade", "1", "--course", str(course), "--workers", "2"),
        env=_env(), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    results = _results(course)
    assert {k: v["score"] for k, v in results.items()} == {"t01": FULL, "t02": 0, "t03": 0}
    assert results["t03"]["failure"] == "invalid_notebook"
    with Gradebook(gradebook_url(course)) as gb:
        grade = gb.find_grade("q1", NAME, NAME, "t01")
        assert grade.auto_score == MANIFEST.question("q1").points
        assert gb.find_grade("q1", NAME, NAME, "t02").auto_score == 0
    # Nothing changed: a second run grades nobody again.
    again = subprocess.run(
        _kpilab("grade", "1", "--course", str(course)), env=_env(), capture_output=True,
        text=True, timeout=600,
    )  # fmt: skip
    assert "graded: 0" in again.stderr.replace("已评分 / ", "")
    # One trainee can be re-graded on request.
    one = subprocess.run(
        _kpilab("grade", "1", "--course", str(course), "--trainee", "t02"), env=_env(),
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert "graded: 1" in one.stderr.replace("已评分 / ", "")


def test_unknown_trainee_is_one_clear_line(course: Path) -> None:
    run = subprocess.run(
        _kpilab("grade", "1", "--course", str(course), "--trainee", "nobody"),
        env=_env(), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 2 and "nobody" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def _live_processes() -> dict[int, int]:
    """{pid: parent pid} of every process that is not a zombie."""
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            found[int(proc.name)] = int(fields[1])
    return found


def _descendants(pid: int) -> set[int]:
    parents = _live_processes()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def test_killed_run_resumes_without_regrading(course: Path, tmp_path: Path) -> None:
    folder = tmp_path / "subs"
    folder.mkdir()
    source = course / "source" / NAME / f"{NAME}.ipynb"
    release = course / "release" / NAME / f"{NAME}.ipynb"
    kinds = {f"r{i:02d}": source if i % 2 else release for i in range(6)}
    for trainee, nb in kinds.items():
        (folder / f"{trainee}.ipynb").write_bytes(nb.read_bytes())
    grades = course / "kpilab" / "grades" / NAME
    cmd = _kpilab("grade", "1", "--course", str(course), "--from", str(folder))
    proc = subprocess.Popen(cmd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list(grades.glob("r*.json"))) < 2:
        time.sleep(0.2)
    started = _descendants(proc.pid)  # workers, sandboxes, kernels
    assert started
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    # The killed run's sandboxes and kernels die with it.
    deadline = time.monotonic() + 30
    while started & set(_live_processes()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not started & set(_live_processes())
    first = {p.stem: p.stat().st_mtime_ns for p in grades.glob("r*.json")}
    assert 2 <= len(first) < len(kinds)
    subprocess.run(cmd, env=_env(), check=True, capture_output=True, timeout=600)
    results = {k: v for k, v in _results(course).items() if k.startswith("r")}
    assert set(results) == set(kinds)
    for trainee, mtime in first.items():  # graded once, never again
        assert (grades / f"{trainee}.json").stat().st_mtime_ns == mtime
    expected = {t: (FULL if nb == source else 0) for t, nb in kinds.items()}
    assert {t: r["score"] for t, r in results.items()} == expected
    assert not list(grades.glob(".*"))  # no half-written result files
    # The scores of the killed run reach the gradebook too, and formgrader's copies are whole.
    with Gradebook(gradebook_url(course)) as gb:
        assert {t: gb.find_submission(NAME, t).score for t in kinds} == expected
    autograded = course / "autograded"
    assert {p.parent.parent.name for p in autograded.glob(f"r*/{NAME}/{NAME}.ipynb")} == set(kinds)
    assert not list(autograded.glob(f"r*/{NAME}/.*"))
