"""Class report: distribution, success rates, common wrong answers, flags, files, collusion."""

from __future__ import annotations

import base64
import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from generator.answer_key import AnswerKey
from grading.grade import GradeResult
from grading.manifest import expected, manifest_for
from grading.report import (
    ClassReport,
    Flag,
    answers_from_results,
    class_report,
    collusion_flags,
    score_bins,
    write_report,
)
from grading.sandbox import Isolation
from grading.score import QuestionScore, Status

MANIFEST = manifest_for(1)
MAX = sum(q.points for q in MANIFEST.auto)
AUTO = [q.id for q in MANIFEST.auto]
Q1 = MANIFEST.question("q1")
MISTAKE = Q1.mistakes[0]
CSV_HEAD_ZH = ["学员", "得分", "满分", "状态", "失败代码", "失败原因"]
KEY_FILE = Path(__file__).parent.parent / "datasets/ecommerce_retail/instructor/answer_key.json"


def _qs(qid: str, status: Status, answer: Any = None, mistake: str | None = None) -> QuestionScore:
    q = MANIFEST.question(qid)
    score = {"correct": q.points, "partial": q.points / 2}.get(status, 0.0)
    return QuestionScore(id=qid, type=q.type, points=q.points, score=score, status=status,
                         answer=answer, mistake=mistake)  # fmt: skip


def _result(trainee: str, *scores: QuestionScore, **kw: Any) -> GradeResult:
    given = {s.id: s for s in scores}
    questions = [given.get(qid) or _qs(qid, "missing") for qid in AUTO]
    fields: dict[str, Any] = {
        "assignment": "m1_sales", "trainee": trainee, "submission_sha256": "0" * 64,
        "grader_version": "0.1.0", "status": "scored", "max_score": MAX,
        "score": sum(q.score for q in questions), "questions": questions,
    }  # fmt: skip
    return GradeResult(**{**fields, **kw})


FULL_ISOLATION = Isolation(sandbox=True, network=True, process_limit=True)
RESULTS = [
    _result("a", *[_qs(qid, "correct", 1.0) for qid in AUTO], isolation=FULL_ISOLATION),
    _result("b", _qs("q1", "wrong", 412345.5, MISTAKE.id), _qs("q2", "correct", {"x": 1.0})),
    _result("c", _qs("q1", "wrong", 412345.4, MISTAKE.id), _qs("q2", "partial", {"x": 2.0})),
    _result(
        "d",
        _qs("q1", "wrong", 500000),
        _qs("q2", "unsupported", {"__unsupported__": "MyTable"}),
        restored_cells=["q1_check"],
        isolation=Isolation(
            sandbox=False, network=False, process_limit=False, notes=["bwrap is missing"]
        ),
    ),
    _result(
        "e",
        status="failed",
        failure="timeout",
        reason_zh="第 7 格运行超时",
        reason_en="cell 7 ran past the time limit",
        failed_cell=7,
        questions=[],
        score=0,
    ),
]
COLLUSION = Flag(trainee="c", kind="collusion", zh="与 b 的答案键吻合", en="fits b's key",
                 evidence={"b": ["q1"]})  # fmt: skip


@pytest.fixture(scope="module")
def report_zh() -> ClassReport:
    return class_report(RESULTS, MANIFEST, "zh", collusion=[COLLUSION])


def test_score_distribution(report_zh: ClassReport) -> None:
    bins = report_zh.bins
    assert len(bins) == 10 and bins[0].lo == 0 and bins[-1].hi == pytest.approx(MAX)
    assert sum(b.count for b in bins) == 5
    assert bins[-1].count == 1  # "a", full marks, lands in the last bin
    for r in RESULTS:  # each score is counted in the bin that holds it
        i = next(i for i, b in enumerate(bins) if b.lo <= r.score < b.hi or r.score == b.hi)
        assert bins[i].count >= 1
    assert bins[0].count == sum(r.score < MAX / 10 for r in RESULTS)
    assert report_zh.trainees == 5 and report_zh.failed == 1
    assert [r.score for r in RESULTS] == [MAX, 2, 1, 0, 0]
    assert report_zh.mean == pytest.approx(round((MAX + 2 + 1) / 5, 2))
    assert report_zh.median == 1.0


def test_score_bins_edges() -> None:
    bins = score_bins([0, 0.79, 0.8, 7.99, 8, 8.5, -1], 8, n=10)
    assert [b.count for b in bins] == [3, 1, 0, 0, 0, 0, 0, 0, 0, 3]


def test_question_success_rates(report_zh: ClassReport) -> None:
    q1, q2, *rest = report_zh.questions
    assert (q1.id, q1.title) == ("q1", Q1.title.zh)
    assert (q1.all, q1.attempted, q1.correct, q1.wrong, q1.missing) == (5, 4, 1, 3, 0)
    assert q1.success_attempted == pytest.approx(0.25) and q1.success_all == pytest.approx(0.2)
    assert (q2.attempted, q2.correct, q2.partial, q2.unsupported) == (4, 2, 1, 1)
    assert q2.success_attempted == pytest.approx(0.5)
    for q in rest:  # only "a" answered the others
        assert (q.all, q.attempted, q.correct, q.missing) == (5, 1, 1, 3)
        assert q.success_all == pytest.approx(0.2)


def test_common_wrong_answers_are_grouped_with_their_meaning(report_zh: ClassReport) -> None:
    top, second = report_zh.questions[0].common_wrong
    # 412345.5 and 412345.4 are one answer at 4 significant digits
    assert (top.answer, top.count, top.trainees) == ("412,300", 2, ["b", "c"])
    assert (top.mistake, top.meaning) == (MISTAKE.id, MISTAKE.zh)
    assert (second.answer, second.count, second.mistake, second.meaning) == (
        "500,000", 1, None, ""
    )  # fmt: skip
    q2 = report_zh.questions[1].common_wrong
    assert [(w.answer, w.count) for w in q2] == [("x: 2", 1), ("<MyTable>", 1)]
    en = class_report(RESULTS, MANIFEST, "en").questions[0].common_wrong[0]
    assert en.meaning == MISTAKE.en


def test_flags(report_zh: ClassReport) -> None:
    flags = [(f.trainee, f.kind) for f in report_zh.flags]
    assert flags == [
        ("d", "restored_cells"), ("d", "isolation"), ("e", "failed"), ("c", "collusion")
    ]  # fmt: skip
    by_kind = {f.kind: f for f in report_zh.flags}
    assert "q1_check" in by_kind["restored_cells"].zh
    assert "bwrap is missing" in by_kind["isolation"].en
    assert by_kind["failed"].zh == "第 7 格运行超时"
    # a fully isolated run, or one without a run, is not flagged
    assert not {"a", "b"} & {f.trainee for f in report_zh.flags}


def _data_uri_pngs(page: str) -> list[bytes]:
    return [base64.b64decode(m) for m in re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", page)]  # fmt: skip


def _csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_write_report_files(report_zh: ClassReport, tmp_path: Path) -> None:
    paths = write_report(report_zh, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "questions.csv", "report.csv", "report.html"
    ]  # fmt: skip
    page = paths["html"].read_text(encoding="utf-8")
    pngs = _data_uri_pngs(page)
    assert len(pngs) == 2 and all(p.startswith(b"\x89PNG\r\n\x1a\n") for p in pngs)
    assert "m1_sales 班级报告" in page and "分数分布" in page
    assert "412,300" in page and MISTAKE.zh in page
    assert "与 b 的答案键吻合" in page and "bwrap is missing" in page
    assert "疑似抄袭" in page and "隔离不完整" in page  # flag kinds in the report's language
    assert "http://" not in page and "https://" not in page

    rows = _csv(paths["csv"])
    assert rows[0] == [*CSV_HEAD_ZH, *AUTO]
    assert [r[0] for r in rows[1:]] == ["a", "b", "c", "d", "e"]
    e = rows[5]
    assert e[1:6] == ["0", f"{MAX:g}", "failed", "timeout", "第 7 格运行超时"]
    assert e[6:] == [""] * len(AUTO)  # a failed run has no question scores
    b = rows[2]
    assert b[6:8] == ["0", "2"] and b[8:] == ["0"] * (len(AUTO) - 2)

    questions = _csv(paths["questions"])
    assert questions[0][:4] == ["题号", "题目", "类型", "分值"]
    q1 = questions[1]
    assert q1[:4] == ["q1", Q1.title.zh, "number", f"{Q1.points:g}"]
    assert q1[4:13] == ["5", "4", "1", "0", "3", "0", "0", "25%", "20%"]
    assert q1[14].startswith(f"412,300 ×2: {MISTAKE.zh}")


def test_empty_class(tmp_path: Path) -> None:
    report = class_report([], MANIFEST, "zh")
    assert (report.trainees, report.mean, sum(b.count for b in report.bins)) == (0, 0, 0)
    assert all(q.success_all == 0 and not q.common_wrong for q in report.questions)
    paths = write_report(report, tmp_path)
    assert _csv(paths["csv"]) == [[*CSV_HEAD_ZH, *AUTO]]
    assert "<p>无</p>" in paths["html"].read_text(encoding="utf-8")  # no flags


def test_english_report(tmp_path: Path) -> None:
    paths = write_report(class_report(RESULTS, MANIFEST, "en"), tmp_path)
    assert _csv(paths["csv"])[0][:6] == ["trainee", "score", "max", "status", "failure", "reason"]
    page = paths["html"].read_text(encoding="utf-8")
    assert "m1_sales class report" in page and "Score distribution" in page
    assert "cell 7 ran past the time limit" in page


# ---- collusion -------------------------------------------------------------------------------


def _key(revenue: float, channel_shift: float, segment: str, start: str) -> AnswerKey:
    """The shipped key with its revenue, channel revenues and planted problems replaced."""
    base = AnswerKey.model_validate_json(KEY_FILE.read_text(encoding="utf-8"))
    indicators = []
    for e in base.indicators:
        if e.id == "revenue":
            channels = {k: v + channel_shift for k, v in e.by_dimension["channel"].items()}  # type: ignore[operator]
            cuts = {**e.by_dimension, "channel": channels}
            e = e.model_copy(update={"total": revenue, "by_dimension": cuts})
        indicators.append(e)
    problem = {"indicator": "bounce_rate", "segment": segment, "start_month": start,
               "direction": "up", "relative_effect": 0.5}  # fmt: skip
    problems = [
        base.problems[0].model_copy(update={**problem, "id": pid})
        for pid in ("bounce_spike", "dirty_data")
    ]
    return base.model_copy(update={"indicators": indicators, "problems": problems})


KEYS = {
    "alice": _key(400000.0, 0.0, "ios", "2025-04"),
    "bob": _key(350000.0, 5000.0, "android", "2025-08"),
    "carol": _key(420000.0, -3000.0, "pc", "2025-06"),
}


def _answers_for(key: AnswerKey) -> dict[str, Any]:
    """Correct answers for ``key`` by variable name, as the grader exports them."""
    return {q.var: expected(q, key) for q in MANIFEST.auto if q.var in {
        "q1_revenue", "q2_revenue_by_channel", "q13_bounce_diagnosis", "q3_duplicate_diagnosis"}}  # fmt: skip


def test_keys_differ() -> None:
    answered = [q for q in MANIFEST.auto if q.var in _answers_for(KEYS["alice"])]
    assert len(answered) >= 3
    for q in answered:
        assert expected(q, KEYS["alice"]) != expected(q, KEYS["bob"])


def test_copied_answers_are_flagged_with_evidence() -> None:
    answers = {
        "alice": _answers_for(KEYS["alice"]),
        "bob": _answers_for(KEYS["alice"]),  # bob handed in alice's work
        "carol": _answers_for(KEYS["carol"]),
    }
    flags = collusion_flags(answers, KEYS, MANIFEST)
    assert [(f.trainee, f.kind) for f in flags] == [("bob", "collusion")]
    matched = sorted(q.id for q in MANIFEST.auto if q.var in answers["alice"])
    assert sorted(flags[0].evidence["alice"]) == matched
    assert list(flags[0].evidence) == ["alice"]
    assert "alice" in flags[0].zh and "自己的答案键 0 题" in flags[0].zh
    assert "own key: 0 questions" in flags[0].en


def test_one_copied_answer_is_enough_when_the_rest_fits_nobody() -> None:
    mine = _answers_for(KEYS["carol"])
    answers = {"carol": {"q1_revenue": expected(Q1, KEYS["bob"]), "q2_revenue_by_channel": {"x": 1}},
               "alice": {k: None for k in mine}}  # fmt: skip
    flags = collusion_flags(answers, KEYS, MANIFEST)
    assert [(f.trainee, f.evidence) for f in flags] == [("carol", {"bob": ["q1"]})]


def test_own_work_and_shared_keys_are_not_flagged() -> None:
    honest = {t: _answers_for(k) for t, k in KEYS.items()}
    assert collusion_flags(honest, KEYS, MANIFEST) == []
    # A class-wide case: everyone has the same key, so equal answers prove nothing.
    same = dict.fromkeys(KEYS, KEYS["alice"])
    copied = dict.fromkeys(KEYS, _answers_for(KEYS["alice"]))
    assert collusion_flags(copied, same, MANIFEST) == []


def test_answers_from_results_feed_the_collusion_check() -> None:
    a = _answers_for(KEYS["alice"])
    results = [
        _result(t, *[_qs(q.id, "wrong", a[q.var]) for q in MANIFEST.auto if q.var in a])
        for t in ("alice", "bob")
    ]
    answers = answers_from_results(results)
    assert set(answers["bob"]) == {q.id for q in MANIFEST.auto if q.var in a}
    flags = collusion_flags(answers, {t: KEYS[t] for t in ("alice", "bob")}, MANIFEST)
    assert [f.trainee for f in flags] == ["bob"]
