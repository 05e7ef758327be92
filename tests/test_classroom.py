"""A trainer's class end to end: init, roster, per-trainee assignment, grading against own keys."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from grading.classroom import ClassroomError, read_roster_csv
from grading.gradebook import gradebook_url

ROSTER = "编号,姓名\nt01,张伟\nt02,李娜\nt03,王芳\n"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _kpilab(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        env=_env(), capture_output=True, text=True, timeout=900, check=check,
    )  # fmt: skip


def test_class_with_own_cases(tmp_path: Path) -> None:
    course = tmp_path / "class"
    _kpilab("course", "init", str(course), "--course-id", "class-tests")
    assert stat.S_IMODE(course.stat().st_mode) == 0o700
    roster = tmp_path / "trainees.csv"
    roster.write_bytes(b"\xef\xbb\xbf" + ROSTER.encode("utf-8"))  # Excel's UTF-8 with BOM
    _kpilab("roster", "import", str(roster), "--course", str(course))
    with Gradebook(gradebook_url(course)) as gb:
        assert gb.find_student("t02").first_name == "李娜"
    _kpilab("assign", "1", "--course", str(course), "--workers", "2")
    keys = {}
    for t in ("t01", "t02", "t03"):
        hand = course / "kpilab" / "handout" / "m1_sales" / t
        assert (hand / "m1_sales.ipynb").is_file() and (hand / "data" / "orders.parquet").is_file()
        assert not list(hand.rglob("answer_key*"))
        key = course / "instructor" / "m1_sales" / "trainees" / t / "instructor" / "answer_key.json"
        keys[t] = json.loads(key.read_text("utf-8"))
    assert len({k["fingerprint"] for k in keys.values()}) == 3
    placements = {(p["segment"], p["start_month"]) for k in keys.values() for p in k["problems"]}
    assert len(placements) >= 2
    # t01 hands in the solution (it computes on t01's own data), t02 the untouched notebook.
    source = course / "source" / "m1_sales" / "m1_sales.ipynb"
    release = course / "kpilab" / "handout" / "m1_sales" / "t02" / "m1_sales.ipynb"
    for t, nb in (("t01", source), ("t02", release)):
        sub = course / "submitted" / t / "m1_sales"
        sub.mkdir(parents=True)
        (sub / "m1_sales.ipynb").write_bytes(nb.read_bytes())
    _kpilab("grade", "m1_sales", "--course", str(course))
    grades = course / "kpilab" / "grades" / "m1_sales"
    scores = {p.stem: json.loads(p.read_text("utf-8"))["score"] for p in grades.glob("*.json")}
    full = json.loads((grades / "t01.json").read_text("utf-8"))["max_score"]
    assert scores == {"t01": full, "t02": 0}
    _kpilab("feedback", "1", "--course", str(course))
    page = (course / "feedback_kpilab" / "m1_sales" / "t02.html").read_text("utf-8")
    assert "t02" in page and "q1_revenue" in page  # says which variable to assign
    _kpilab("report", "1", "--course", str(course))
    table = (course / "reports" / "m1_sales" / "report.csv").read_text("utf-8-sig")
    assert "t01" in table and "t02" in table


def test_roster_errors_name_file_row_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "r.csv"
    bad.write_text("编号,姓名\nt01,张伟\nt01,李娜\n", encoding="utf-8")
    with pytest.raises(ClassroomError, match=r"r\.csv: row 3: id t01 repeats row 2"):
        read_roster_csv(bad)
    bad.write_text("id,部门\nt01,销售\n", encoding="utf-8")
    with pytest.raises(ClassroomError, match="header"):
        read_roster_csv(bad)
    bad.write_bytes("编号,姓名\nt01,张伟\n".encode("gbk"))
    with pytest.raises(ClassroomError, match="UTF-8"):
        read_roster_csv(bad)


def test_cli_refuses_unknown_course(tmp_path: Path) -> None:
    run = _kpilab("assign", "1", "--course", str(tmp_path), check=False)
    assert run.returncode == 2 and "kpilab course init" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
