"""A trainer's class end to end: init, roster, per-trainee assignment, grading against own keys,
formgrader, feedback and the class report."""

from __future__ import annotations

import copy
import csv
import html
import json
import os
import re
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from grading.classroom import ClassroomError, read_roster_csv
from grading.gradebook import gradebook_url
from grading.manifest import manifest_for

ROSTER = "编号,姓名\nt01,张伟\nt02,李娜\nt03,王芳\nt04,刘洋\nt05,陈静\n"
MANIFEST = manifest_for(2)
NAME = MANIFEST.assignment
FULL = sum(q.points for q in MANIFEST.auto)
POINTS = {q.id: q.points for q in MANIFEST.auto}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _kpilab(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        env=_env(), capture_output=True, text=True, timeout=900, check=check,
    )  # fmt: skip


def _answer(nb: nbformat.NotebookNode, qid: str, code: str) -> None:
    """Replace what a trainee wrote in ``qid``'s answer region."""
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == qid)
    head, rest = cell.source.split("### BEGIN SOLUTION\n", 1)
    _, tail = rest.split("### END SOLUTION", 1)
    cell.source = f"{head}{code}\n{tail}"


def _submissions(course: Path) -> dict[str, bytes]:
    """The five kinds of hand-in: solution, blank, wrong, hostile, broken."""
    source = nbformat.read(course / "source" / NAME / f"{NAME}.ipynb", as_version=4)
    blank = (course / "kpilab" / "handout" / NAME / "t02" / f"{NAME}.ipynb").read_bytes()
    wrong = copy.deepcopy(source)
    # Two known mistakes: the mean score instead of the share of 4–5 (q4), and a diagnosis
    # with the direction reversed (one of its five attributes).
    _answer(wrong, "q4_answer", "q4_csat = csat_scores.mean()")
    q11 = next(
        c for c in wrong.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q11_answer"
    )
    q11.source = q11.source.replace('"up" if after > before else "down"', '"down"')
    hostile = copy.deepcopy(source)
    other_key = course / "instructor" / NAME / "trainees" / "t01" / "instructor" / "answer_key.json"
    targets = [
        (other_key, "r"),
        (course / "gradebook.db", "w"),
        (course / "nbgrader_config.py", "w"),
    ]
    code = [
        "class Always:",
        "    def __eq__(self, other):",
        "        return True",
        "q11_promo_diagnosis = Always()",
        f"for path, mode in {[(str(p), m) for p, m in targets]!r}:",
        "    try:",
        "        open(path, mode).write('hacked') if mode == 'w' else open(path).read()",
        "    except Exception:",
        "        pass",
        f"print('自动评分：满分 {FULL:g} / {FULL:g} ✔')",
    ]
    _answer(hostile, "q11_answer", "\n".join(code))
    return {
        "t01": nbformat.writes(source).encode(),
        "t02": blank,
        "t03": nbformat.writes(wrong).encode(),
        "t04": nbformat.writes(hostile).encode(),
        "t05": b"{ not a notebook",
    }


def test_class_end_to_end(tmp_path: Path) -> None:
    """init, roster of 5, assign module 2, five kinds of hand-in, grade, feedback, report."""
    course = tmp_path / "class"
    _kpilab("course", "init", str(course), "--course-id", "class-tests")
    assert stat.S_IMODE(course.stat().st_mode) == 0o700
    roster = tmp_path / "trainees.csv"
    roster.write_bytes(b"\xef\xbb\xbf" + ROSTER.encode("utf-8"))  # Excel's UTF-8 with BOM
    _kpilab("roster", "import", str(roster), "--course", str(course))
    with Gradebook(gradebook_url(course)) as gb:
        assert gb.find_student("t02").first_name == "李娜"
    _kpilab("assign", "2", "--course", str(course), "--workers", "2")
    keys = {}
    for t in ("t01", "t02", "t03", "t04", "t05"):
        hand = course / "kpilab" / "handout" / NAME / t
        assert (hand / f"{NAME}.ipynb").is_file() and (hand / "data" / "orders.parquet").is_file()
        assert not list(hand.rglob("answer_key*"))
        key = course / "instructor" / NAME / "trainees" / t / "instructor" / "answer_key.json"
        keys[t] = json.loads(key.read_text("utf-8"))
    assert len({k["fingerprint"] for k in keys.values()}) == 5
    placements = {(p["segment"], p["start_month"]) for k in keys.values() for p in k["problems"]}
    assert len(placements) >= 3

    handed_in = _submissions(course)
    for t, body in handed_in.items():
        folder = course / "submitted" / t / NAME
        folder.mkdir(parents=True)
        (folder / f"{NAME}.ipynb").write_bytes(body)
    protected = [course / "nbgrader_config.py", *(course / "instructor" / NAME).rglob("*.json")]
    before = {p: p.read_bytes() for p in protected}
    _kpilab("grade", "2", "--course", str(course), "--workers", "2")

    expected = {
        "t01": FULL,
        "t02": 0,
        "t03": FULL - POINTS["q4"] - POINTS["q11"] / 5,
        "t04": FULL - POINTS["q11"],
        "t05": 0,
    }
    grades = course / "kpilab" / "grades" / NAME
    results = {p.stem: json.loads(p.read_text("utf-8")) for p in grades.glob("*.json")}
    assert {t: r["score"] for t, r in results.items()} == pytest.approx(expected)
    q4 = next(q for q in results["t03"]["questions"] if q["id"] == "q4")
    assert q4["mistake"] == "m2_csat_mean_score"
    assert results["t05"]["failure"] == "invalid_notebook"
    assert {p: p.read_bytes() for p in protected} == before
    for t, body in handed_in.items():  # hand-ins are never modified
        assert (course / "submitted" / t / NAME / f"{NAME}.ipynb").read_bytes() == body
    with Gradebook(gradebook_url(course)) as gb:
        totals = {t: gb.find_submission(NAME, t).score for t in expected}
        assert totals == pytest.approx(expected)
        written = gb.find_grade("w1", NAME, NAME, "t01")
        assert written.needs_manual_grade and written.manual_score is None
        submission_id = gb.find_submission_notebook(NAME, NAME, "t03").id
    # formgrader shows the graded copy of each notebook that ran.
    for t in ("t01", "t02", "t03", "t04"):
        assert (course / "autograded" / t / NAME / f"{NAME}.ipynb").is_file()
    page = _formgrader_page(course, f"/formgrader/submissions/{submission_id}/")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "q4_csat = csat_scores.mean()" in text and "书面题 w1" in text

    _kpilab("feedback", "2", "--course", str(course))
    pages = course / "feedback_kpilab" / NAME
    assert sorted(p.stem for p in pages.glob("*.html")) == sorted(expected)
    wrong_page = (pages / "t03.html").read_text("utf-8")
    assert "CSAT 是打 4–5 分的问卷占比" in wrong_page
    _kpilab("report", "2", "--course", str(course))
    with open(course / "reports" / NAME / "report.csv", encoding="utf-8-sig") as fh:
        rows = {row[0]: row for row in csv.reader(fh)}
    assert {t: float(rows[t][1]) for t in expected} == pytest.approx(expected)
    assert rows["t05"][4] == "invalid_notebook"


def _formgrader_page(course: Path, path: str) -> str:
    """GET ``path`` from a Jupyter server with nbgrader's formgrader, run on this course."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = "kpilab-test"
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "server", "--no-browser", "--allow-root",
         "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={course}"],
        cwd=course, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"token {token}"}
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(
                    urllib.request.Request(f"{url}/api/status", headers=headers), timeout=5
                ):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
        request = urllib.request.Request(f"{url}{path}", headers=headers)
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200
            return response.read().decode("utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)


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
