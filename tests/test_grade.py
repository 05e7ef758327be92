"""Grading one submission: honest scores for honest content, hostile tricks earn nothing.

Module 1 is built once; each test derives a submission from its solution notebook and grades it
in the sandbox against the module's answer key.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import nbformat
import pytest

from grading.course.build import build_module
from grading.grade import GradeResult, grade_submission
from grading.manifest import manifest_for
from grading.sandbox import Limits, Sandbox, bwrap_works

MANIFEST = manifest_for(1)
FULL = sum(q.points for q in MANIFEST.auto)
POINTS = {q.id: q.points for q in MANIFEST.auto}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gradecourse")
    build_module(MANIFEST, out, course_id="grading-tests")
    case = out / "case"
    case.mkdir()
    (case / "data").symlink_to(out / "source" / MANIFEST.assignment / "data")
    (case / "instructor").symlink_to(out / "instructor" / MANIFEST.assignment)
    (out / "gradebook.db").write_bytes(b"gradebook")
    (out / "nbgrader_config.py").write_text("c = get_config()\n", encoding="utf-8")
    (out / "submitted" / "bob").mkdir(parents=True)
    (out / "submitted" / "bob" / "m1_sales.ipynb").write_text("bob's work", encoding="utf-8")
    return out


def _source(course: Path) -> Path:
    return course / "source" / MANIFEST.assignment / f"{MANIFEST.assignment}.ipynb"


def _submit(course: Path, tmp_path: Path, edit=None, extra: list[tuple[int, str]] = ()) -> Path:  # type: ignore[no-untyped-def]
    nb = nbformat.read(_source(course), as_version=4)
    if edit is not None:
        edit(nb)
    for position, code in extra:
        cell = nbformat.v4.new_code_cell(code)
        nb.cells.insert(position if position >= 0 else len(nb.cells), cell)
    path = tmp_path / "alice.ipynb"
    nbformat.write(nb, path)
    return path


def _grade(course: Path, path: Path, **limits: float) -> GradeResult:
    return grade_submission(
        path,
        MANIFEST,
        course / "case",
        source=_source(course),
        trainee="alice",
        limits=Limits(**limits) if limits else None,
        hidden=[course],
    )


def _answer_cell(nb: nbformat.NotebookNode, qid: str) -> nbformat.NotebookNode:
    return next(
        c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"{qid}_answer"
    )


def _replace_answer(qid: str, code: str):  # type: ignore[no-untyped-def]
    """Replace what the trainee wrote (the solution region); the given code stays."""

    def edit(nb: nbformat.NotebookNode) -> None:
        cell = _answer_cell(nb, qid)
        head, rest = cell.source.split("### BEGIN SOLUTION\n", 1)
        _, tail = rest.split("### END SOLUTION", 1)
        cell.source = f"{head}{code}\n{tail}"

    return edit


def _scores(result: GradeResult) -> dict[str, float]:
    return {q.id: q.score for q in result.questions}


def test_solution_scores_full_marks(course: Path, tmp_path: Path) -> None:
    result = _grade(course, _submit(course, tmp_path))
    assert result.status == "scored" and result.score == FULL, result
    assert result.isolation is not None
    assert result.isolation.sandbox == bwrap_works()


def test_untouched_release_scores_zero(course: Path, tmp_path: Path) -> None:
    def blank(nb: nbformat.NotebookNode) -> None:
        for q in MANIFEST.auto:
            _answer_cell(nb, q.id).source = "# YOUR CODE HERE\n..."

    result = _grade(course, _submit(course, tmp_path, blank))
    assert result.score == 0
    assert {q.status for q in result.questions} == {"missing"}


def test_known_wrong_answer_gets_its_mistake(course: Path, tmp_path: Path) -> None:
    code = (
        "_l = orders[orders['status'].isin(['paid', 'refunded']) & (orders['paid_at'] >= start)"
        " & (orders['paid_at'] < end)].merge(order_lines, on='order_id')\n"
        "q1_revenue = _l['amount'].sum()"
    )
    result = _grade(course, _submit(course, tmp_path, _replace_answer("q1", code)))
    q1 = next(q for q in result.questions if q.id == "q1")
    assert q1.score == 0 and q1.mistake == "revenue_includes_refunds"
    assert result.score == FULL - POINTS["q1"]


def test_diagnosis_partial_credit(course: Path, tmp_path: Path) -> None:
    def edit(nb: nbformat.NotebookNode) -> None:
        cell = _answer_cell(nb, "q3")
        wrong = cell.source.replace(
            '"direction": "up" if after > before else "down"', '"direction": "x"'
        )
        assert wrong != cell.source
        cell.source = wrong

    result = _grade(course, _submit(course, tmp_path, edit))
    q3 = next(q for q in result.questions if q.id == "q3")
    assert q3.attributes is not None and q3.attributes["direction"] is False
    assert q3.score == pytest.approx(POINTS["q3"] * 4 / 5)


HOSTILE_EQ = [
    "class _A:\n    def __eq__(self, other):\n        return True\nq1_revenue = _A()",
    "class _F(float):\n    def __eq__(self, other):\n        return True\n"
    "    __hash__ = float.__hash__\nq1_revenue = _F(1.0)",
]


@pytest.mark.parametrize("code", HOSTILE_EQ, ids=["plain_class", "float_subclass"])
def test_always_equal_objects_earn_nothing(course: Path, tmp_path: Path, code: str) -> None:
    result = _grade(course, _submit(course, tmp_path, _replace_answer("q1", code)))
    assert _scores(result)["q1"] == 0
    assert result.score == FULL - POINTS["q1"]


def test_shadowed_builtins_change_nothing(course: Path, tmp_path: Path) -> None:
    code = "abs = lambda x: 0\ntype = lambda x: float\nfloat = lambda x: 0.0\nlen = lambda x: 0"
    result = _grade(course, _submit(course, tmp_path, extra=[(-1, code)]))
    assert result.score == FULL


def test_input_transformer_cannot_blank_the_rest(course: Path, tmp_path: Path) -> None:
    # Turn every later cell into `pass`: answers after it are never computed (0), answers
    # before it still count, and no test cell can be silenced into points.
    code = "get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])\n"
    nb = nbformat.read(_source(course), as_version=4)
    q2_at = nb.cells.index(_answer_cell(nb, "q2"))
    result = _grade(course, _submit(course, tmp_path, extra=[(q2_at, code)]))
    scores = _scores(result)
    assert scores["q1"] == POINTS["q1"]
    assert scores["q2"] == 0 and scores["q3"] == 0


def test_swallowed_errors_and_patched_traceback_and_forged_output(
    course: Path, tmp_path: Path
) -> None:
    code = (
        "ip = get_ipython()\n"
        "ip.set_custom_exc((Exception,), lambda *a, **k: None)\n"
        "ip.showtraceback = lambda *a, **k: None\n"
        "print('Score: 100/100  ✅ all tests passed')\n"
        "from IPython.display import display, HTML\n"
        "display(HTML('<b>Grade: full marks</b>'))\n"
    )
    result = _grade(
        course, _submit(course, tmp_path, _replace_answer("q1", code + "q1_revenue = 1.0"))
    )
    assert _scores(result)["q1"] == 0
    assert result.score == FULL - POINTS["q1"]


@pytest.mark.skipif(not bwrap_works(), reason="the sandbox is unavailable on this machine")
def test_cannot_read_keys_or_write_outside_the_copy(course: Path, tmp_path: Path) -> None:
    key = course / "instructor" / MANIFEST.assignment / "answer_key.json"
    targets = [course / "gradebook.db", course / "submitted" / "bob" / "m1_sales.ipynb",
               course / "nbgrader_config.py"]  # fmt: skip
    before = {p: p.read_bytes() for p in targets}
    code = (
        "import json\n"
        f"_k = json.load(open({str(key)!r}))\n"
        "q1_revenue = next(e['total'] for e in _k['indicators'] if e['id'] == 'revenue')\n"
    )
    writes = "\n".join(
        f"try:\n    open({str(p)!r}, 'w').write('owned')\nexcept Exception:\n    pass"
        for p in targets
    )
    result = _grade(
        course,
        _submit(course, tmp_path, _replace_answer("q1", code), extra=[(-1, writes)]),
    )
    assert _scores(result)["q1"] == 0
    assert {p: p.read_bytes() for p in targets} == before


@pytest.mark.skipif(
    not Sandbox.drops_privileges(), reason="only a grader running as root drops to nobody"
)
def test_kernel_runs_as_nobody_and_cannot_read_private_files(course: Path, tmp_path: Path) -> None:
    # A root-only file outside the course directory: the hidden paths do not cover it.
    fd, name = tempfile.mkstemp(dir="/var/tmp", prefix="kpilab-private-")
    secret = Path(name)
    try:
        os.write(fd, b"123.0")
        os.close(fd)
        code = (
            "import os\n"
            "try:\n"
            f"    q1_revenue = float(open({name!r}).read())\n"
            "except OSError:\n"
            "    q1_revenue = -float(os.getuid())\n"
        )
        result = _grade(course, _submit(course, tmp_path, _replace_answer("q1", code)))
    finally:
        secret.unlink()
    assert result.isolation is not None and result.isolation.unprivileged
    assert next(q.answer for q in result.questions if q.id == "q1") == -65534.0


@pytest.mark.skipif(not bwrap_works(), reason="the sandbox is unavailable on this machine")
def test_network_is_blocked(course: Path, tmp_path: Path) -> None:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    accepted: list[object] = []
    stop = threading.Event()

    def serve() -> None:
        # Listen for the whole grading run, not just its first moments.
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            accepted.append(conn.recv(16))
            conn.close()

    thread = threading.Thread(target=serve)
    thread.start()
    code = (
        "import socket\n"
        "try:\n"
        f"    socket.create_connection(('127.0.0.1', {port}), timeout=3).sendall(b'leak')\n"
        "except OSError:\n"
        "    pass\n"
    )
    try:
        result = _grade(course, _submit(course, tmp_path, extra=[(-1, code)]))
    finally:
        stop.set()
        thread.join()
        server.close()
    assert accepted == []
    assert result.score == FULL and result.isolation is not None and result.isolation.network


def test_process_bomb_is_contained(course: Path, tmp_path: Path) -> None:
    code = (
        "import subprocess\n"
        "_ps = []\n"
        "try:\n"
        "    for _ in range(300):\n"
        "        _ps.append(subprocess.Popen(['sleep', '127.25']))\n"
        "except OSError:\n"
        "    pass\n"
        "print(len(_ps))\n"
    )
    result = _grade(course, _submit(course, tmp_path, extra=[(-1, code)]))
    assert result.score == FULL
    assert result.isolation is not None
    if result.isolation.process_limit:
        # Only this test's sleeps (a distinctive duration), not other processes on the machine.
        leftover = subprocess.run(["pgrep", "-f", "sleep 127.25"], capture_output=True, text=True)
        assert leftover.stdout.strip() == ""


def test_infinite_loop_ignoring_interrupt_times_out(course: Path, tmp_path: Path) -> None:
    code = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"
    path = _submit(course, tmp_path, extra=[(-1, code)])
    result = _grade(course, path, cell_timeout=5)
    assert result.failure == "timeout" and result.failed_cell is not None
    assert result.score == FULL  # the answers given before the loop still count
    assert str(result.failed_cell) in result.reason_zh


def test_memory_bomb_fails_only_its_cell(course: Path, tmp_path: Path) -> None:
    code = "_hog = []\nwhile True:\n    _hog.append(bytearray(50_000_000))"
    result = _grade(course, _submit(course, tmp_path, extra=[(-1, code)]))
    assert result.score == FULL
    assert result.error_cells or result.failure == "kernel_died"


def test_huge_output_is_capped(course: Path, tmp_path: Path) -> None:
    code = "print('x' * 100_000_000)"
    result = _grade(course, _submit(course, tmp_path, extra=[(-1, code)]))
    assert result.score == FULL


def test_invalid_json_is_a_clear_failure(course: Path, tmp_path: Path) -> None:
    path = tmp_path / "alice.ipynb"
    path.write_text("{ not json", encoding="utf-8")
    result = _grade(course, path)
    assert result.status == "failed" and result.failure == "invalid_notebook"
    assert result.score == 0 and "笔记本" in result.reason_zh


def test_deleted_answer_cell_and_edited_setup(course: Path, tmp_path: Path) -> None:
    def edit(nb: nbformat.NotebookNode) -> None:
        nb.cells.remove(_answer_cell(nb, "q2"))
        setup = next(
            c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup"
        )
        setup.source = "data = {}\n" + setup.source.replace("lab.start()", "{}")

    original = _submit(course, tmp_path, edit)
    before = original.read_bytes()
    result = _grade(course, original)
    assert original.read_bytes() == before  # the submission is never modified
    assert "setup" in result.restored_cells
    scores = _scores(result)
    assert scores["q2"] == 0 and scores["q1"] == POINTS["q1"] and scores["q3"] == POINTS["q3"]
    assert json.loads(result.model_dump_json())["trainee"] == "alice"
