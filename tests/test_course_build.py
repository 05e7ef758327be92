"""The built course: solutions get "correct", releases hold no answers, wrong answers get hints.

One course is built (zh) for all modules, released with nbgrader's own ``generate_assignment``,
and its notebooks are executed in real kernels. The English build reuses the same cases.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from notebook_runner import STATUS_CELL, execute, last_json, stderr_outputs

from generator.answer_key import AnswerKey
from generator.datasets import EXAMPLES
from grading.course.build import build_course, build_module, write_assignment
from grading.manifest import Manifest, expected, manifest_for, manifests

MODULES = manifests()
ASSIGNMENTS = [m.assignment for m in MODULES.values()]
SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)


def _env() -> dict[str, str]:
    # nbgrader calls alembic by name: the interpreter's bin/ must be on PATH.
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("course")
    build_course(out, lang="zh", course_id="test-course")
    for name in ASSIGNMENTS:
        subprocess.run(
            [sys.executable, "-m", "nbgrader", "generate_assignment", name, "--force"],
            cwd=out,
            env=_env(),
            check=True,
            capture_output=True,
        )
    return out


def _key(course: Path, name: str) -> AnswerKey:
    path = course / "instructor" / name / "answer_key.json"
    return AnswerKey.model_validate_json(path.read_text(encoding="utf-8"))


@pytest.fixture(params=ASSIGNMENTS)
def name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_layout_keeps_keys_out_of_release(course: Path, name: str) -> None:
    release = course / "release" / name
    assert (release / f"{name}.ipynb").is_file()
    assert (release / "checks.json").is_file() and (release / "data").is_dir()
    assert not list(release.rglob("answer_key*"))
    assert (course / "instructor" / name / "answer_key.json").is_file()
    assert (course / "lessons" / f"{name}.html").is_file()


def test_solution_is_correct_everywhere_without_stderr(course: Path, name: str) -> None:
    nb = execute(course / "source" / name / f"{name}.ipynb", [STATUS_CELL])
    assert stderr_outputs(nb) == []
    statuses = last_json(nb)
    assert statuses == {q.id: "correct" for q in manifest_for(name).auto}


def test_release_has_no_solution_code(course: Path, name: str) -> None:
    source = (course / "source" / name / f"{name}.ipynb").read_text(encoding="utf-8")
    release = (course / "release" / name / f"{name}.ipynb").read_text(encoding="utf-8")
    src_nb = json.loads(source)
    rel_text = "\n".join("".join(c["source"]) for c in json.loads(release)["cells"])
    assert "BEGIN SOLUTION" not in rel_text and "BEGIN MARK SCHEME" not in rel_text
    # Templates in comments deliberately show the shape of the line to write; the solution
    # must not be there as code.
    rel_code = "\n".join(
        line for line in rel_text.splitlines() if not line.lstrip().startswith("#")
    )
    for cell in src_nb["cells"]:
        for block in SOLUTION.findall("".join(cell["source"])):
            for line in block.splitlines():
                if len(line.strip()) > 12 and not line.lstrip().startswith("#"):
                    assert line.strip() not in rel_code, line


def _shown(value: float) -> set[str]:
    """How a value could be written in a file (too common numbers are skipped)."""
    if math.isnan(value) or abs(value) < 1e-9:
        return set()
    forms = {repr(value), f"{value:.2f}", f"{value:.4f}", f"{value:,.2f}", f"{value:.6g}"}
    if abs(value) < 1:
        forms |= {f"{value * 100:.1f}%", f"{value * 100:.2f}%"}
    # Short forms such as "0.50" or "12.00" occur in any text; keep the distinctive ones.
    return {f for f in forms if len(f.strip("-0.,%")) >= 4}


def test_release_holds_no_expected_value(course: Path, name: str) -> None:
    manifest = manifest_for(name)
    key = _key(course, name)
    release = course / "release" / name
    checks = json.loads((release / "checks.json").read_text(encoding="utf-8"))
    for q in checks["questions"].values():
        # Row labels (segments, months) are the data's own labels, not answers.
        if "rows" in q:
            q["rows"] = list(q["rows"].values())
        for m in q.get("mistakes", []):
            if "rows" in m:
                m["rows"] = list(m["rows"].values())
    text = "\n".join(
        [
            (release / f"{name}.ipynb").read_text(encoding="utf-8"),
            json.dumps(checks, ensure_ascii=False),
            (release / "lesson.html").read_text(encoding="utf-8"),
        ]
    )
    for q in manifest.auto:
        exp = expected(q, key)
        values: list[float] = []
        if isinstance(exp, dict) and q.type == "diagnosis":
            values = [exp["size"]]
            assert f'"{exp["start_month"]}"' not in text, (q.id, exp["start_month"])
        elif isinstance(exp, dict):
            values = list(exp.values())
        elif isinstance(exp, float):
            values = [exp]
        for v in values:
            for form in _shown(v):
                assert form not in text, (q.id, form)


def test_untouched_release_is_not_attempted_and_mistakes_get_their_hint(
    course: Path, name: str
) -> None:
    manifest = manifest_for(name)
    probes = [
        (q.id, q.var, m.id, m.zh) for q in manifest.auto for m in q.mistakes if q.var is not None
    ]
    mistake_cell = (
        "import json\n"
        "from generator.indicators import Period\n"
        "from grading.mistakes import wrong_value\n"
        "_start, _end = lab.period()\n"
        "_period = Period.parse((_start.date().isoformat(), _end.date().isoformat()))\n"
        "_found = {}\n"
        f"for _qid, _var, _mid, _msg in {probes!r}:\n"
        "    globals()[_var] = wrong_value(_mid, data, _period)\n"
        "    _r = check(_qid)\n"
        "    _found[_mid] = [_r.status, _msg in str(_r)]\n"
        "print(json.dumps(_found))\n"
    )
    nb = execute(
        course / "release" / name / f"{name}.ipynb",
        [STATUS_CELL, mistake_cell],
        allow_errors=True,
    )
    status_out = "".join(o.get("text", "") for o in nb.cells[-2].outputs)
    assert json.loads(status_out.strip().splitlines()[-1]) == {
        q.id: "not_attempted" for q in manifest.auto
    }
    found = last_json(nb)
    assert found == {mid: ["not_yet", True] for _, _, mid, _ in probes}


def test_english_build_matches_and_is_correct(course: Path, tmp_path: Path) -> None:
    name = ASSIGNMENTS[0]
    manifest: Manifest = manifest_for(name)
    case = tmp_path / "case"
    case.mkdir()
    (case / "data").symlink_to(course / "source" / name / "data")
    (case / "instructor").symlink_to(course / "instructor" / name)
    dest = tmp_path / "en"
    write_assignment(manifest, "en", case, dest)
    nb = execute(dest / f"{name}.ipynb", [STATUS_CELL])
    assert stderr_outputs(nb) == []
    assert last_json(nb) == {q.id: "correct" for q in manifest.auto}
    zh_cells = json.loads((course / "source" / name / f"{name}.ipynb").read_text("utf-8"))["cells"]
    en_cells = json.loads((dest / f"{name}.ipynb").read_text("utf-8"))["cells"]
    assert [c["metadata"] for c in zh_cells] == [c["metadata"] for c in en_cells]
    checks = json.loads((dest / "checks.json").read_text("utf-8"))
    assert checks["lang"] == "en"
    title = checks["questions"]["q1"]["title"]
    assert title == manifest.question("q1").title.en


def _digest_tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_build_is_deterministic_and_refuses_to_overwrite(course: Path, tmp_path: Path) -> None:
    manifest = manifest_for(1)
    again = build_module(manifest, tmp_path, course_id="test-course")
    assert _digest_tree(again) == _digest_tree(course / "source" / manifest.assignment)
    with pytest.raises(ValueError, match="--force"):
        build_module(manifest, tmp_path, course_id="test-course")


def test_capstone_is_not_the_shipped_example(course: Path) -> None:
    key = _key(course, manifest_for(8).assignment)
    assert key.seed not in {example["seed"] for example in EXAMPLES.values()}
    shipped = Path(__file__).parent.parent / "datasets" / "capstone" / "instructor"
    assert (
        key.fingerprint
        != json.loads((shipped / "answer_key.json").read_text("utf-8"))["fingerprint"]
    )
    assert len(key.problems) >= 2 and key.decoys


def test_solution_scores_full_marks_under_the_grader(
    course: Path, name: str, tmp_path: Path
) -> None:
    from grading.grade import grade_submission

    case = tmp_path / "case"
    case.mkdir()
    (case / "data").symlink_to(course / "source" / name / "data")
    (case / "instructor").symlink_to(course / "instructor" / name)
    source = course / "source" / name / f"{name}.ipynb"
    result = grade_submission(source, name, case, source=source, trainee="solution")
    assert result.status == "scored" and result.score == result.max_score, [
        (q.id, q.status, q.answer) for q in result.questions if q.score < q.points
    ]
    release = course / "release" / name / f"{name}.ipynb"
    blank = grade_submission(release, name, case, source=source, trainee="blank")
    assert blank.score == 0
