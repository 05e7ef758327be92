"""Self-checks: right answers within tolerance pass, wrong ones don't, and nothing leaks."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from grading.selfcheck import Checker, number_tokens, question_checks

SALT = "00112233445566778899aabbccddeeff"


def _checker(tmp_path: Path, lang: str = "zh", **questions: dict) -> Checker:
    spec = {"lang": lang, "salt": SALT, "period": ["2025-01-01", "2026-01-01"], "questions": {}}
    for qid, q in questions.items():
        body = question_checks(
            qid, q["type"], q["expected"], q.get("tol", {}), SALT, q.get("mistakes", [])
        )
        spec["questions"][qid] = {
            "type": q["type"],
            "var": q["var"],
            "title": "题目",
            "tol": q.get("tol", {}),
            "choices": q.get("choices"),
            "hints": ["第一条提示", "第二条提示：更具体"],
            **body,
        }
    path = tmp_path / "checks.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return Checker(path)


@pytest.fixture
def number(tmp_path: Path) -> Checker:
    return _checker(
        tmp_path,
        q1={
            "type": "number",
            "var": "x",
            "expected": 0.2345,
            "tol": {"rel": 0.01},
            "mistakes": [(0.3125, "分母用错了")],
        },
    )


@pytest.mark.parametrize("answer", [0.2345, 0.2330, 0.2360, 0.23449999])
def test_number_within_tolerance_is_correct(number: Checker, answer: float) -> None:
    assert number.check("q1", {"x": answer}).status == "correct"


@pytest.mark.parametrize("answer", [0.25, 0.2, -0.2345, 23.45, 0.0])
def test_number_outside_tolerance_is_not_yet(number: Checker, answer: float) -> None:
    assert number.check("q1", {"x": answer}).status == "not_yet"


def test_numpy_and_pandas_scalars_are_numbers(number: Checker) -> None:
    import numpy as np

    assert number.check("q1", {"x": np.float32(0.2345)}).status == "correct"
    assert number.check("q1", {"x": pd.Series([0.2345]).sum()}).status == "correct"


def test_not_attempted_when_missing_none_or_ellipsis(number: Checker) -> None:
    for ns in ({}, {"x": None}, {"x": ...}):
        result = number.check("q1", ns)
        assert result.status == "not_attempted"
        assert "x" in str(result)


def test_known_mistake_is_named(number: Checker) -> None:
    result = number.check("q1", {"x": 0.3125})
    assert result.status == "not_yet"
    assert "分母用错了" in str(result)


def test_wrong_type_is_explained(number: Checker) -> None:
    result = number.check("q1", {"x": "0.2345"})
    assert result.status == "not_yet"
    assert "数字" in str(result)


def test_hints_get_more_specific_with_tries(number: Checker) -> None:
    first = number.check("q1", {"x": 1.0}, hint=True)
    assert "第一条提示" in str(first)
    second = number.check("q1", {"x": 1.0}, hint=True)
    assert "第二条提示" in str(second)
    assert "第二条提示" in str(number.check("q1", {"x": 1.0}, hint=True))  # stays at the last


def test_checks_file_holds_no_value(tmp_path: Path) -> None:
    _checker(tmp_path, q1={"type": "number", "var": "x", "expected": 123456.78, "tol": {"abs": 1}})
    text = (tmp_path / "checks.json").read_text(encoding="utf-8")
    for shown in ("123456", "123,456", "1.2345678e"):
        assert shown not in text


def test_absolute_tolerance(tmp_path: Path) -> None:
    c = _checker(tmp_path, q1={"type": "number", "var": "x", "expected": 361, "tol": {"abs": 0.5}})
    assert c.check("q1", {"x": 361}).status == "correct"
    assert c.check("q1", {"x": 360}).status == "not_yet"
    assert c.check("q1", {"x": 362}).status == "not_yet"


def test_exact_when_no_tolerance(tmp_path: Path) -> None:
    c = _checker(tmp_path, q1={"type": "number", "var": "x", "expected": 42.0})
    assert c.check("q1", {"x": 42}).status == "correct"
    assert c.check("q1", {"x": 42.01}).status == "not_yet"


def test_buckets_cover_the_tolerance_on_both_sides() -> None:
    tol = {"rel": 0.001}
    for e in (0.0123, 1.0, 987654.321, -5.5):
        own = number_tokens(e, tol)[0]
        for v in (e * (1 + 0.00099), e * (1 - 0.00099)):
            assert own in number_tokens(v, tol)


@pytest.fixture
def table(tmp_path: Path) -> Checker:
    expected = {"east": 100.0, "north": 50.0, "south": math.nan}
    return _checker(
        tmp_path,
        q2={
            "type": "table",
            "var": "t",
            "expected": expected,
            "tol": {"rel": 0.001},
            "mistakes": [({"east": 110.0, "north": 60.0, "south": 1.0}, "含退款")],
        },
    )


def test_table_as_series_dataframe_or_dict(table: Checker) -> None:
    s = pd.Series({"east": 100.0, "north": 50.0, "south": math.nan})
    assert table.check("q2", {"t": s}).status == "correct"
    frame = s.rename_axis("region").reset_index(name="revenue")
    assert table.check("q2", {"t": frame}).status == "correct"
    assert table.check("q2", {"t": s.to_dict()}).status == "correct"


def test_table_reports_rows(table: Checker) -> None:
    result = table.check("q2", {"t": {"east": 100.0, "north": 51.0, "west": 3.0}})
    assert result.status == "not_yet"
    text = str(result)
    assert "1/3" in text and "south" in text and "west" in text and "north" in text


def test_table_mistake_recognised(table: Checker) -> None:
    result = table.check("q2", {"t": {"east": 110.0, "north": 60.0, "south": 1.0}})
    assert "含退款" in str(result)


def test_choice(tmp_path: Path) -> None:
    c = _checker(
        tmp_path,
        q3={"type": "choice", "var": "c", "expected": "east", "choices": ["east", "west"]},
    )
    assert c.check("q3", {"c": "  East "}).status == "correct"
    wrong = c.check("q3", {"c": "north"})
    assert wrong.status == "not_yet" and "east, west" in str(wrong)


@pytest.fixture
def diagnosis(tmp_path: Path) -> Checker:
    expected = {
        "indicator": "churn_rate",
        "segment": "华东",
        "start_month": "2025-05",
        "direction": "up",
        "size": 0.8,
    }
    return _checker(tmp_path, "en", q4={"type": "diagnosis", "var": "d", "expected": expected})


def test_diagnosis_accepts_equivalent_forms(diagnosis: Checker) -> None:
    answer = {
        "indicator": "churn_rate",
        "segment": "华东",
        "start_month": pd.Timestamp("2025-05-01"),
        "direction": "上升",
        "size": 0.7,
    }
    assert diagnosis.check("q4", {"d": answer}).status == "correct"
    answer.update(start_month="2025年5月", direction="UP", size=0.9)
    assert diagnosis.check("q4", {"d": answer}).status == "correct"


def test_diagnosis_partial_lists_attributes(diagnosis: Checker) -> None:
    answer = {
        "indicator": "churn_rate",
        "segment": "华北",
        "start_month": "2025-06",
        "direction": "up",
        "size": 0.8,
    }
    result = diagnosis.check("q4", {"d": answer})
    assert result.status == "not_yet"
    assert "3/5" in str(result) and "segment ✗" in str(result)
    assert "attributes" in str(result)  # English messages


def test_unknown_question_is_a_clear_error(number: Checker) -> None:
    with pytest.raises(KeyError, match="q9"):
        number.check("q9", {})
