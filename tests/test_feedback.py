"""Feedback pages: readable answers, the right explanation, and no expected value while open."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from grading.feedback import feedback_html, format_number, write_feedback
from grading.grade import GradeResult
from grading.manifest import Question, Text, Tolerance, manifest_for
from grading.score import QuestionScore, score_question

MANIFEST = manifest_for(1)
MAX = sum(q.points for q in MANIFEST.auto)
# The questions the tests answer (the others are left unanswered): revenue, its table by
# channel, and the first diagnosis.
DIAG = next(q for q in MANIFEST.auto if q.type == "diagnosis")
Q = {"q1": MANIFEST.question("q1"), "q2": MANIFEST.question("q2"), "q3": DIAG}
WRITTEN = next(q for q in MANIFEST.questions if not q.auto)
MISTAKE = Q["q1"].mistakes[0]
SCORE = round(0 + 2 * 1 / 4 + DIAG.points * 2 / 5, 2)  # q1 wrong, 1 of 4 rows, 2 of 5 attributes
EXPECTED: dict[str, Any] = {
    "q1": 399920.19,
    "q2": {"douyin": 97640.18, "jd": 82291.37, "tmall": 146036.32, "wechat_mini": 73952.32},
    "q3": {
        "indicator": "bounce_rate",
        "segment": "harmonyos",
        "start_month": "2025-07",
        "direction": "up",
        "size": 0.4375,
    },
}
#: The trainee's answers: q1 is a known mistake, q2 has one row right, q3 two attributes right.
ANSWERS: dict[str, Any] = {
    "q1": 412345.5,
    "q2": {"douyin": 97640.18, "jd": 80000.0, "tmall": 150000.0, "wechat_mini": 70000.0},
    "q3": {
        "indicator": "bounce_rate",
        "segment": "ios",
        "start_month": "2025-05",
        "direction": "up",
        "size": 0.9,
    },
}
#: Every way an expected value the trainee did not give could show up on the page.
HIDDEN = [
    "399920", "399,920", "82291", "82,291", "146036", "146,036", "73952", "73,952",
    "harmonyos", "2025-07", "0.4375", "43.75",
]  # fmt: skip


def _scores(answers: dict[str, Any]) -> list[QuestionScore]:
    """Scores of q1, q2, the diagnosis, then every other question unanswered."""
    mistakes = {"q1": [(MISTAKE.id, 412345.0)]}
    scores = [
        score_question(Q[qid], answers.get(qid), EXPECTED[qid], mistakes.get(qid, []))
        for qid in ("q1", "q2", "q3")
    ]
    done = {q.id for q in Q.values()}
    return scores + [score_question(q, None, 0.0) for q in MANIFEST.auto if q.id not in done]


def _result(
    trainee: str = "alice", answers: dict[str, Any] | None = None, **kw: Any
) -> GradeResult:
    questions = _scores(ANSWERS if answers is None else answers)
    fields: dict[str, Any] = {
        "assignment": "m1_sales",
        "trainee": trainee,
        "submission_sha256": "0" * 64,
        "grader_version": "0.1.0",
        "status": "scored",
        "max_score": MAX,
        "score": round(sum(q.score for q in questions), 2),
        "questions": questions,
    }
    return GradeResult(**{**fields, **kw})


def _text(page: str) -> str:
    """The visible text of a page (tags dropped, entities kept)."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", page, flags=re.S))


def test_synthetic_scores_are_as_intended() -> None:
    q1, q2, q3, *rest = _result().questions
    assert (q1.status, q1.mistake) == ("wrong", MISTAKE.id)
    assert {q.status for q in rest} <= {"missing"}
    assert _result().score == SCORE
    assert (q2.status, q2.rows_right, q2.rows) == ("partial", 1, 4)
    assert q3.status == "partial" and q3.attributes is not None
    assert [f for f, ok in q3.attributes.items() if not ok] == ["segment", "start_month", "size"]


@pytest.mark.parametrize("with_key", [False, True])
def test_resubmittable_page_shows_no_expected_value(with_key: bool) -> None:
    page = feedback_html(_result(), MANIFEST, "zh", key_expected=EXPECTED if with_key else None)
    for value in HIDDEN:
        assert value not in page, value
    # The trainee's own answers are there, formatted.
    assert "412,345.50" in page
    assert "97,640.18" in page and "150,000" in page
    assert "ios" in page and "2025-05" in page and "90.00%" in page


def test_final_page_may_show_the_correct_values() -> None:
    page = feedback_html(_result(), MANIFEST, "zh", resubmittable=False, key_expected=EXPECTED)
    assert "399,920.19" in page
    assert "82,291.37" in page and "146,036.32" in page
    assert "harmonyos" in page and "2025-07" in page and "43.75%" in page
    assert "正确答案" in page
    assert "提示" not in _text(page)  # no hints once it cannot be resubmitted
    # Without a key a final page has nothing to show.
    bare = feedback_html(_result(), MANIFEST, "zh", resubmittable=False)
    assert "399,920" not in bare and "正确答案" not in bare


def test_zh_page_explains_each_question() -> None:
    page = feedback_html(_result(), MANIFEST, "zh")
    text = _text(page)
    assert '<html lang="zh-CN">' in page and '<meta charset="utf-8">' in page
    assert "学员：alice" in text
    assert f"自动评分：{SCORE:g} / {MAX:g} 分" in text
    assert all(q.title.zh in text for q in MANIFEST.auto)
    # q1: the manifest's explanation of the recognised mistake
    assert MISTAKE.zh in text
    # q2: rows right out of rows, rendered as a table with thousands separators
    assert "1/4 行正确。" in text
    assert "<table>" in page and "97,640.18" in page
    # q3: which attributes are wrong, with ✓/✗ per attribute
    assert "2/5 项正确；不对的项：分组, 开始月份, 幅度。" in text
    assert text.count("✓") >= 2 and text.count("✗") >= 3
    assert "跳失率" in text  # the indicator's catalogue name next to its id
    # badges and points
    assert "不正确" in text and "部分正确" in text
    assert "0.5 / 2 分" in text and f"1.6 / {DIAG.points:g} 分" in text
    # the first hint of each question not right yet
    assert "提示：" + Q["q1"].hints[0].zh in text
    # the written question goes to the trainer
    assert f"{WRITTEN.title.zh}（{WRITTEN.points:g} 分）：由培训师评分" in text


def test_en_page() -> None:
    text = _text(feedback_html(_result(), MANIFEST, "en"))
    assert f"Auto-graded score: {SCORE:g} / {MAX:g}" in text
    assert MISTAKE.en in text
    assert "1/4 rows right." in text
    assert "not right: segment, start month, size." in text
    assert f"{WRITTEN.title.en} ({WRITTEN.points:g} points): graded by the trainer" in text
    assert "你" not in text


def test_missing_and_unsupported_answers() -> None:
    answers = {**ANSWERS, "q1": None, "q2": {"__unsupported__": "RevenueTable"}}
    result = _result(answers=answers)
    assert [q.status for q in result.questions[:2]] == ["missing", "unsupported"]
    zh = _text(feedback_html(result, MANIFEST, "zh"))
    assert "没有找到变量 q1_revenue" in zh and "未作答" in zh
    assert "q2_revenue_by_channel 的值是 RevenueTable 类型（例如自定义对象）" in zh
    en = _text(feedback_html(result, MANIFEST, "en"))
    assert "assign q1_revenue" in en
    assert "q2_revenue_by_channel holds a RevenueTable (for example a custom object)" in en


def test_correct_answers_are_marked_correct_without_explanation() -> None:
    result = _result(answers=EXPECTED)
    assert [q.status for q in result.questions[:3]] == ["correct"] * 3
    page = feedback_html(result, MANIFEST, "zh")
    assert f"自动评分：{result.score:g} / {MAX:g} 分" in _text(page)
    assert page.count("badge correct") == 3
    sections = re.findall(r"<section class='q'>.*?</section>", page)
    assert len(sections) == len(MANIFEST.auto)
    right = [s for s in sections if "badge correct" in s]
    assert len(right) == 3 and not any("<p>" in s for s in right)  # no explanation, no hint


def test_percent_instead_of_fraction_is_explained() -> None:
    rate = Question(
        id="q4", type="number", var="q4_bounce", points=1, key="indicator:bounce_rate",
        tolerance=Tolerance(rel=0.001), title=Text(zh="跳失率", en="Bounce rate"),
        hints=[Text(zh="跳失会话 ÷ 会话", en="bounced sessions ÷ sessions")],
    )  # fmt: skip
    manifest = MANIFEST.model_copy(update={"questions": [*MANIFEST.questions, rate]})
    qs = score_question(rate, 34.5, 0.345, [("percent_not_fraction", 34.5)])
    assert qs.mistake == "percent_not_fraction"
    result = _result().model_copy(update={"questions": [*_result().questions, qs]})
    text = _text(feedback_html(result, manifest, "zh"))
    assert "3,450.00% (34.5)" in text  # a rate is shown as a percentage
    assert "比率要写成小数" in text
    assert "Rates are fractions" in _text(feedback_html(result, manifest, "en"))


def test_failed_run_shows_the_reason() -> None:
    result = _result(
        status="failed",
        failure="timeout",
        reason_zh="第 7 格运行超时（超过每格的时间上限）",
        reason_en="cell 7 ran past the time limit",
        failed_cell=7,
        questions=[],
        score=0,
        restored_cells=["q1_check"],
        error_cells=[5],
    )
    zh = _text(feedback_html(result, MANIFEST, "zh"))
    assert "运行失败" in zh and "第 7 格运行超时" in zh and "出问题的格子：第 7 格。" in zh
    assert feedback_html(result, MANIFEST, "zh").count("badge not_scored") == len(MANIFEST.auto)
    assert "恢复原样：q1_check" in zh and "报错：第 5 格" in zh
    en = _text(feedback_html(result, MANIFEST, "en"))
    assert "cell 7 ran past the time limit" in en and "not graded" in en


def test_answers_are_escaped_and_page_is_offline() -> None:
    result = _result(answers={**ANSWERS, "q1": "<script>alert(1)</script>"})
    page = feedback_html(result, MANIFEST, "zh")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "这里应该是一个数字，你给的是 str。" in _text(page)
    assert "http://" not in page and "https://" not in page and "<link" not in page


def test_format_number() -> None:
    assert format_number(1234567.891) == "1,234,567.89"
    assert format_number(361.0) == "361"
    assert format_number(0.0351234) == "0.0351234"
    assert format_number(0.0351234, "ratio") == "3.51% (0.0351234)"
    assert format_number(float("nan")) == "NaN"


def test_bad_language_and_wrong_manifest_are_refused() -> None:
    with pytest.raises(ValueError, match="lang"):
        feedback_html(_result(), MANIFEST, "fr")
    with pytest.raises(ValueError, match="m1_sales"):
        feedback_html(_result(assignment="m2_customer"), MANIFEST, "zh")


def test_write_feedback_writes_one_page_per_trainee(tmp_path: Path) -> None:
    out = tmp_path / "feedback"
    results = [_result("alice"), _result("bob", answers=EXPECTED), _result("../evil")]
    paths = write_feedback(results, MANIFEST, out, "zh", keys_expected={"bob": EXPECTED})
    assert [p.name for p in paths] == ["alice.html", "bob.html", "_evil.html"]
    assert sorted(p.name for p in out.iterdir()) == ["_evil.html", "alice.html", "bob.html"]
    assert all(p.parent == out for p in paths)
    alice = (out / "alice.html").read_text(encoding="utf-8")
    assert "学员：alice" in alice and MISTAKE.zh in alice
    bob = (out / "bob.html").read_text(encoding="utf-8")
    assert "学员：bob" in bob and "399,920.19" in bob  # bob's own (correct) answer
    # Written again (e.g. after a re-grade): replaced in place, no temporary files left.
    write_feedback(results[:1], MANIFEST, out, "en")
    assert "Feedback on m1_sales" in (out / "alice.html").read_text(encoding="utf-8")
    assert len(list(out.iterdir())) == 3


def test_write_feedback_refuses_two_results_for_one_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"a_b\.html"):
        write_feedback([_result("a b"), _result("a/b")], MANIFEST, tmp_path, "zh")


def test_a_failed_write_keeps_the_old_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_feedback([_result("alice")], MANIFEST, tmp_path, "zh")
    before = (tmp_path / "alice.html").read_bytes()
    assert (tmp_path / "alice.html").stat().st_mode & 0o777 == 0o644

    def broken(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("grading.files.os.replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_feedback([_result("alice", answers=EXPECTED)], MANIFEST, tmp_path, "zh")
    assert (tmp_path / "alice.html").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["alice.html"]  # the temporary file is gone
