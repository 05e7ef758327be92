"""Scoring exported answers against a trainee's own answer key, in the grader's process.

Every comparison is between plain JSON values and the key, with the manifest's tolerance:
numbers within tolerance, tables row by row (partial credit), choices after normalising,
diagnoses attribute by attribute (one fifth of the points each). Known mistakes are recognised
from their recomputed wrong values, so feedback can say what went wrong.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from generator.answer_key import AnswerKey

from .course.checks import percent_slip, report_period
from .manifest import DIAGNOSIS_FIELDS, Manifest, Question, Tolerance, expected
from .mistakes import wrong_value
from .selfcheck import as_number, direction_token, month_token, text_token

Status = Literal["correct", "partial", "wrong", "missing", "unsupported"]


class QuestionScore(BaseModel):
    """The score of one auto-graded question."""

    model_config = ConfigDict(extra="forbid")
    id: str
    type: str
    points: float
    score: float
    status: Status
    answer: Any = Field(default=None, description="The trainee's answer as exported (plain JSON).")
    mistake: str | None = Field(default=None, description="Id of the known mistake it matches.")
    attributes: dict[str, bool] | None = Field(default=None, description="Diagnosis attributes.")
    rows_right: int | None = None
    rows: int | None = None


def _num_ok(tol: Tolerance, answer: float | None, exp: float) -> bool:
    if answer is None:
        return False
    if math.isnan(exp):
        return math.isnan(answer)
    return tol.ok(answer, exp)


def _table(answer: Any) -> dict[str, float] | None:
    if not isinstance(answer, dict) or "__unsupported__" in answer:
        return None
    out = {}
    for k, v in answer.items():
        n = math.nan if v is None else as_number(v)
        if n is None:
            return None
        out[str(month_token(k)) if _looks_like_date(k) else str(k)] = n
    return out


def _looks_like_date(label: str) -> bool:
    return len(label) == 10 and label[4] == "-" and label[7] == "-" and label[:4].isdigit()


def _match_mistake(q: Question, answer: Any, values: Sequence[tuple[str, Any]]) -> str | None:
    for mid, wrong in values:
        if q.type == "number":
            n = as_number(answer) if not isinstance(answer, dict) else None
            w = as_number(wrong)
            if n is not None and w is not None and _num_ok(q.tolerance, n, w):
                return mid
        elif q.type == "table" and isinstance(wrong, dict):
            table = _table(answer)
            if table:
                hits = sum(
                    1
                    for k, v in wrong.items()
                    if str(k) in table and _num_ok(q.tolerance, table[str(k)], float(v))
                )
                if wrong and hits * 2 > len(wrong):
                    return mid
        elif q.type == "choice" and text_token(answer) == text_token(wrong):
            return mid
    return None


#: The case's tables, or a function that loads them (only needed to recognise mistakes).
Tables = Mapping[str, pd.DataFrame] | Callable[[], Mapping[str, pd.DataFrame]]
Mistakes = Sequence[tuple[str, Any]] | Callable[[], Sequence[tuple[str, Any]]]


def score_question(q: Question, answer: Any, exp: Any, mistakes: Mistakes = ()) -> QuestionScore:
    """Score one answer (plain JSON, or None when the variable is missing).

    ``mistakes`` are (id, wrong value) pairs, or a function giving them: recomputing every known
    mistake costs time, so it is called only for an answer that is not right.
    """

    def match() -> str | None:
        return _match_mistake(q, answer, mistakes() if callable(mistakes) else mistakes)

    base = {"id": q.id, "type": q.type, "points": q.points, "answer": answer}
    if answer is None:
        return QuestionScore(**base, score=0, status="missing")
    if isinstance(answer, dict) and "__unsupported__" in answer:
        return QuestionScore(**base, score=0, status="unsupported")
    if q.type == "number":
        ok = _num_ok(q.tolerance, as_number(answer), float(exp))
        return QuestionScore(
            **base,
            score=q.points if ok else 0,
            status="correct" if ok else "wrong",
            mistake=None if ok else match(),
        )
    if q.type == "choice":
        ok = text_token(answer) == text_token(exp)
        return QuestionScore(
            **base,
            score=q.points if ok else 0,
            status="correct" if ok else "wrong",
            mistake=None if ok else match(),
        )
    if q.type == "table":
        table = _table(answer)
        if table is None:
            return QuestionScore(**base, score=0, status="wrong", rows=len(exp), rows_right=0)
        right = sum(
            1
            for label, v in exp.items()
            if label in table and _num_ok(q.tolerance, table[label], v)
        )
        extra = len(set(table) - set(exp))
        fraction = max(0.0, (right - extra) / len(exp)) if exp else 0.0
        status: Status = "correct" if fraction == 1 else "partial" if fraction > 0 else "wrong"
        return QuestionScore(
            **base,
            score=round(q.points * fraction, 2),
            status=status,
            rows=len(exp),
            rows_right=right,
            mistake=None if status == "correct" else match(),
        )
    # diagnosis
    if not isinstance(answer, dict):
        return QuestionScore(
            **base, score=0, status="wrong", attributes=dict.fromkeys(DIAGNOSIS_FIELDS, False)
        )
    size = as_number(answer.get("size"))
    exp_size = float(exp["size"])
    attrs = {
        "indicator": text_token(answer.get("indicator")) == text_token(exp["indicator"]),
        "segment": text_token(answer.get("segment")) == text_token(exp["segment"]),
        "start_month": month_token(answer.get("start_month")) == month_token(exp["start_month"]),
        "direction": direction_token(answer.get("direction")) == direction_token(exp["direction"]),
        "size": size is not None
        and not math.isnan(exp_size)
        and abs(size - exp_size) <= q.tolerance.size_rel * abs(exp_size) + 1e-12,
    }
    right = sum(attrs.values())
    status = "correct" if right == len(attrs) else "partial" if right else "wrong"
    return QuestionScore(
        **base,
        score=round(q.points * right / len(attrs), 2),
        status=status,
        attributes=attrs,
    )


def score_answers(
    manifest: Manifest,
    key: AnswerKey,
    answers: Mapping[str, Any],
    tables: Tables | None = None,
) -> list[QuestionScore]:
    """Score every auto-graded question from the exported ``answers`` (by variable name).

    With ``tables`` (the trainee's case data, or a function loading it, called only when an
    answer is wrong), wrong answers are matched against the module's known mistakes.
    """
    out = []
    for q in manifest.auto:
        assert q.var is not None
        out.append(
            score_question(q, answers.get(q.var), expected(q, key), _known_mistakes(q, key, tables))
        )
    return out


def _known_mistakes(
    q: Question, key: AnswerKey, tables: Tables | None
) -> Callable[[], list[tuple[str, Any]]]:
    def values() -> list[tuple[str, Any]]:
        if tables is None:
            return []
        data = tables() if callable(tables) else tables
        found = [(m.id, wrong_value(m.id, data, report_period(key))) for m in q.mistakes]
        slip = percent_slip(q, key)
        if slip is not None:
            found.append(("percent_not_fraction", slip))
        return found

    return values
