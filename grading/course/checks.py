"""Building a notebook's ``checks.json`` from the manifest, the answer key and the case tables."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from generator.answer_key import AnswerKey
from generator.indicators import Period

from ..manifest import Manifest, Question, expected
from ..mistakes import wrong_value
from ..selfcheck import _MESSAGES, question_checks

#: Units whose values are fractions, where "3.5 instead of 0.035" is a likely slip.
RATIO_UNITS = {"ratio"}


def case_salt(key: AnswerKey, assignment: str) -> str:
    """A per-case salt: the same case gives the same bytes, another case other digests."""
    return hashlib.sha256(f"{key.fingerprint}|{assignment}|selfcheck".encode()).hexdigest()[:32]


def report_period(key: AnswerKey) -> Period:
    return Period.parse((key.period_start.isoformat(), key.period_end.isoformat()))


def _tolerance(q: Question) -> dict[str, float]:
    tol: dict[str, float] = {}
    if q.tolerance.abs is not None:
        tol["abs"] = q.tolerance.abs
    elif q.tolerance.rel is not None:
        tol["rel"] = q.tolerance.rel
    return tol


def _is_ratio(q: Question, key: AnswerKey) -> bool:
    if not q.key or not q.key.startswith("indicator:"):
        return False
    ind = q.key.split(":", 1)[1].split("@")[0].split("/")[0]
    return any(e.id == ind and e.unit in RATIO_UNITS for e in key.indicators)


def percent_slip(q: Question, key: AnswerKey) -> Any:
    """What "3.5 instead of 0.035" gives for a rate question (None when it does not apply)."""
    if q.type not in ("number", "table") or not _is_ratio(q, key):
        return None
    exp = expected(q, key)
    if isinstance(exp, dict):
        return {k: v * 100 for k, v in exp.items() if not math.isnan(v)}
    return exp * 100 if not math.isnan(exp) and exp != 0 else None


def mistake_values(
    q: Question, key: AnswerKey, tables: Mapping[str, pd.DataFrame], lang: str
) -> list[tuple[Any, str]]:
    """Each known mistake's wrong value on this case, with its explanation in ``lang``."""
    period = report_period(key)
    out = [(wrong_value(m.id, tables, period), m.zh if lang == "zh" else m.en) for m in q.mistakes]
    slip = percent_slip(q, key)
    if slip is not None:
        out.append((slip, _MESSAGES[lang]["percent"]))
    return out


def build_checks(
    manifest: Manifest, key: AnswerKey, tables: Mapping[str, pd.DataFrame], lang: str
) -> dict[str, Any]:
    """The JSON-ready content of ``checks.json`` (digests only, never a value)."""
    salt = case_salt(key, manifest.assignment)
    questions = {}
    for q in manifest.auto:
        exp = expected(q, key)
        entry = question_checks(
            q.id,
            q.type,
            exp,
            _tolerance(q),
            salt,
            mistake_values(q, key, tables, lang),
            size_rel=q.tolerance.size_rel,
        )
        questions[q.id] = {
            "type": q.type,
            "var": q.var,
            "title": q.title.get(lang),
            "tol": _tolerance(q),
            "choices": q.choices,
            "hints": [h.get(lang) for h in q.hints],
            **entry,
        }
    return {
        "schema_version": 1,
        "assignment": manifest.assignment,
        "lang": lang,
        "salt": salt,
        "period": [key.period_start.isoformat(), key.period_end.isoformat()],
        "questions": questions,
    }


def checks_json(checks: dict[str, Any]) -> str:
    return json.dumps(checks, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
