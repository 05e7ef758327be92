"""Grade one submission: run it safely, score its answers against the trainee's own key.

>>> result = grade_submission("alice.ipynb", "m2_customer", case="course/instructor/…")  # doctest: +SKIP
>>> result.score, result.max_score  # doctest: +SKIP

Every submission gets a :class:`GradeResult`: scored, or failed with a reason a trainee can read
(invalid notebook, timeout in cell N, memory limit, kernel died, …). Nothing here raises for a bad
submission, and the submitted file is never modified.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any, Literal

import nbformat
from pydantic import BaseModel, ConfigDict, Field

from generator import __version__
from generator.answer_key import AnswerKey
from generator.output import read_case

from .files import write_atomic
from .manifest import Manifest, manifest_for
from .run import RunOutcome, SubmissionError, run_submission
from .sandbox import Isolation, Limits
from .score import QuestionScore, score_answers

FAILURES = {
    "timeout": (
        "第 {cell} 格运行超时（超过每格的时间上限）",
        "cell {cell} ran past the time limit",
    ),
    "total_timeout": (
        "整本笔记本运行超时，从第 {cell} 格起未运行",
        "the notebook ran past the total time limit; cells from {cell} on did not run",
    ),
    "kernel_died": (
        "第 {cell} 格运行时内核崩溃（常见原因：内存超限）",
        "the kernel died in cell {cell} (often: the memory limit)",
    ),
    "export_failed": (
        "无法读取答案变量（笔记本改动了运行环境）",
        "could not read the answer variables (the notebook changed its environment)",
    ),
}


class GradeResult(BaseModel):
    """The result record of one submission (also what feedback and reports read)."""

    model_config = ConfigDict(extra="forbid")
    schema_version: Literal[1] = 1
    assignment: str
    trainee: str
    submission_sha256: str = Field(description="Hash of the submitted file as graded.")
    grader_version: str
    status: Literal["scored", "failed"]
    failure: str = Field(default="", description="Failure code, empty when it ran through.")
    reason_zh: str = ""
    reason_en: str = ""
    failed_cell: int | None = None
    score: float = 0
    max_score: float
    questions: list[QuestionScore] = Field(default_factory=list)
    isolation: Isolation | None = None
    restored_cells: list[str] = Field(default_factory=list)
    error_cells: list[int] = Field(default_factory=list)
    seconds: float = 0


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def grade_submission(
    submission: Path | str,
    module: Manifest | int | str,
    case: Path | str,
    *,
    source: Path | str,
    trainee: str = "",
    limits: Limits | None = None,
    hidden: list[Path] = (),  # type: ignore[assignment]
    autograded: Path | None = None,
) -> GradeResult:
    """Grade ``submission`` for ``module`` against the case at ``case``.

    ``case`` holds the trainee's ``data/`` and ``instructor/answer_key.json``; ``source`` is the
    module's nbgrader source notebook (its locked cells are restored before running), whose
    folder also holds the ``checks.json`` the notebook loads. With ``autograded``, the notebook
    as it ran is written there (nbgrader's ``autograded/`` copy that formgrader shows).
    """
    submission, case, source = Path(submission), Path(case), Path(source)
    manifest = module if isinstance(module, Manifest) else manifest_for(module)
    key = AnswerKey.model_validate_json(
        (case / "instructor" / "answer_key.json").read_text(encoding="utf-8")
    )
    max_score = sum(q.points for q in manifest.auto)
    base: dict[str, Any] = {
        "assignment": manifest.assignment,
        "trainee": trainee or submission.stem,
        "grader_version": __version__,
        "max_score": max_score,
    }
    try:
        sha = file_sha256(submission)
    except OSError as exc:
        return GradeResult(
            **base,
            submission_sha256="",
            status="failed",
            failure="unreadable",
            reason_zh=f"无法读取提交文件：{exc}",
            reason_en=f"cannot read the submission: {exc}",
        )
    files = [case / "data"]
    # A trainee's own case carries its own self-checks; the class case uses the source's.
    checks = case / "checks.json"
    if not checks.is_file():
        checks = source.parent / "checks.json"
    if checks.is_file():
        files.append(checks)
    try:
        outcome: RunOutcome = run_submission(
            submission,
            source,
            files,
            [q.var for q in manifest.auto if q.var],
            limits=limits,
            hidden=[*hidden, case.resolve()],
        )
    except SubmissionError as exc:
        return GradeResult(
            **base,
            submission_sha256=sha,
            status="failed",
            failure=exc.code,
            reason_zh=exc.zh,
            reason_en=exc.en,
        )
    if autograded is not None and outcome.notebook is not None:
        write_atomic(autograded, nbformat.writes(outcome.notebook).encode("utf-8"))
    # The case's tables are read only if an answer is wrong (to recognise the mistake).
    tables = functools.cache(lambda: read_case(case))
    questions = score_answers(manifest, key, outcome.answers, tables)
    reason_zh = reason_en = ""
    if outcome.failure:
        zh, en = FAILURES.get(outcome.failure, ("运行失败", "the run failed"))
        reason_zh, reason_en = (
            zh.format(cell=outcome.failed_cell),
            en.format(cell=outcome.failed_cell),
        )
    return GradeResult(
        **base,
        submission_sha256=sha,
        status="failed" if outcome.failure and not outcome.answers else "scored",
        failure=outcome.failure,
        reason_zh=reason_zh,
        reason_en=reason_en,
        failed_cell=outcome.failed_cell,
        score=round(sum(q.score for q in questions), 2),
        questions=questions,
        isolation=outcome.isolation,
        restored_cells=outcome.restored,
        error_cells=outcome.errors,
        seconds=outcome.seconds,
    )
