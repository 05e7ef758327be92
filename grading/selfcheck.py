"""Self-checks a trainee runs in the notebook: ``check("q3")`` → correct / not yet / not attempted.

The expected answers never reach the trainee's files. ``checks.json`` holds, per question, only
salted PBKDF2 digests of *tolerance buckets*: a number is cut into buckets as wide as its
tolerance (in log space for a relative tolerance), and the digest of the expected bucket is
stored. A trainee's answer is right when the digest of its own bucket, or of a neighbour, matches,
so everything within tolerance passes (and a little more, up to twice the tolerance; the grader is
exact). Tables store one digest per row, diagnoses one per attribute, and known mistakes one per
wrong value, so the check can say *which* mistake it sees without knowing the right value.

What a determined trainee can still do: the salt is in the file, so they can try candidate values
offline (PBKDF2 makes each try cost about a millisecond). A choice among five options, a segment
among ten or a month among twelve falls to a few dozen tries, and a number to a search over its
plausible range. The self-check is a learning aid; scores come from the grader, which compares
with the answer key outside the trainee's kernel.

This module is imported inside the trainee's kernel: it uses only the standard library.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHECKS_FILE = "checks.json"
ITERATIONS = 2000
#: Relative width used when a question gives no tolerance (exact answers).
EXACT_REL = 1e-9

_DIRECTIONS = {
    "up": "up",
    "increase": "up",
    "rise": "up",
    "higher": "up",
    "上升": "up",
    "升高": "up",
    "增加": "up",
    "变高": "up",
    "down": "down",
    "decrease": "down",
    "fall": "down",
    "drop": "down",
    "lower": "down",
    "下降": "down",
    "降低": "down",
    "减少": "down",
    "变低": "down",
}


def digest(salt: str, qid: str, part: str, token: str) -> str:
    """Salted, slow digest of one answer token (hex, 20 characters)."""
    data = f"{qid}|{part}|{token}".encode()
    return hashlib.pbkdf2_hmac("sha256", data, bytes.fromhex(salt), ITERATIONS).hex()[:20]


# ---- turning answers into tokens -----------------------------------------------------------


def as_number(value: Any) -> float | None:
    """A real number from a Python, numpy or pandas scalar (or a 1×1 frame); None otherwise."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return None
    if hasattr(value, "shape") and getattr(value, "size", 0) == 1 and value.shape != ():
        value = value.reshape(-1)[0] if hasattr(value, "reshape") else value.to_numpy().ravel()[0]
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def bucket(value: float, tol: dict[str, float]) -> tuple[str, int] | str:
    """The tolerance bucket of ``value``: (scale tag, index), or a tag for 0 and NaN."""
    if math.isnan(value):
        return "nan"
    if "abs" in tol:
        return ("a", math.floor(value / tol["abs"]))
    if value == 0:
        return "zero"
    rel = tol.get("rel", EXACT_REL)
    sign = "p" if value > 0 else "n"
    return (sign, math.floor(math.log(abs(value)) / math.log1p(rel)))


def number_tokens(value: float, tol: dict[str, float]) -> list[str]:
    """Tokens of ``value``'s bucket and its two neighbours (the first is its own)."""
    b = bucket(value, tol)
    if isinstance(b, str):
        return [b]
    tag, i = b
    return [f"{tag}{i}", f"{tag}{i - 1}", f"{tag}{i + 1}"]


def text_token(value: Any) -> str | None:
    if value is None or value is Ellipsis:
        return None
    return " ".join(str(value).split()).lower()


def month_token(value: Any) -> str | None:
    """``YYYY-MM`` from a string (2025-3, 2025/03, 2025年3月), date, Timestamp or Period."""
    if value is None or value is Ellipsis:
        return None
    if hasattr(value, "year") and hasattr(value, "month"):
        return f"{int(value.year):04d}-{int(value.month):02d}"
    s = str(value).strip().replace("年", "-").replace("月", "").replace("/", "-").replace(".", "-")
    parts = s.split("-")
    if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
        return f"{int(parts[0]):04d}-{int(parts[1]):02d}"
    return s.lower()


def direction_token(value: Any) -> str | None:
    t = text_token(value)
    return None if t is None else _DIRECTIONS.get(t, t)


def as_table(value: Any) -> dict[str, float] | None:
    """``{label: number}`` from a Series, a two-column DataFrame, a one-column frame or a dict."""
    if value is None or value is Ellipsis:
        return None
    items: Any = None
    if isinstance(value, dict):
        items = value.items()
    elif hasattr(value, "to_dict") and hasattr(value, "columns"):  # DataFrame
        cols = list(value.columns)
        if len(cols) == 2:
            items = zip(value[cols[0]].tolist(), value[cols[1]].tolist(), strict=True)
        elif len(cols) == 1:
            items = value[cols[0]].to_dict().items()
    elif hasattr(value, "to_dict"):  # Series
        items = value.to_dict().items()
    if items is None:
        return None
    out = {}
    for k, v in items:
        n = as_number(v)
        if n is None:
            return None
        label = month_token(k) if hasattr(k, "month") and hasattr(k, "year") else str(k)
        out[str(label)] = n
    return out


# ---- building checks.json (instructor side) ------------------------------------------------


def question_checks(
    qid: str,
    qtype: str,
    expected: Any,
    tol: dict[str, float],
    salt: str,
    mistakes: list[tuple[Any, str]],
    size_rel: float = 0.25,
) -> dict[str, Any]:
    """The digests of one question (its expected value and known mistakes)."""
    mist: list[dict[str, Any]]
    if qtype == "number":
        mist = [
            {"digest": digest(salt, qid, "mistake", number_tokens(float(v), tol)[0]), "msg": msg}
            for v, msg in mistakes
            if as_number(v) is not None
        ]
        return {"digest": digest(salt, qid, "value", number_tokens(float(expected), tol)[0]),
                "mistakes": mist}  # fmt: skip
    if qtype == "choice":
        mist = [
            {"digest": digest(salt, qid, "mistake", text_token(v) or ""), "msg": msg}
            for v, msg in mistakes
        ]
        return {"digest": digest(salt, qid, "value", text_token(expected) or ""), "mistakes": mist}
    if qtype == "table":
        rows = {
            label: digest(salt, qid, f"row:{label}", number_tokens(v, tol)[0])
            for label, v in sorted(expected.items())
        }
        mist = []
        for v, msg in mistakes:
            if isinstance(v, dict):
                mrows = {
                    str(k): digest(salt, qid, f"mistake:{k}", number_tokens(float(x), tol)[0])
                    for k, x in sorted(v.items())
                }
                mist.append({"rows": mrows, "msg": msg})
        return {"rows": rows, "mistakes": mist}
    if qtype == "diagnosis":
        size_tol: dict[str, Any] = {"rel": size_rel}
        return {
            "fields": {
                "indicator": digest(
                    salt, qid, "indicator", text_token(expected["indicator"]) or ""
                ),
                "segment": digest(salt, qid, "segment", text_token(expected["segment"]) or ""),
                "start_month": digest(
                    salt, qid, "start_month", month_token(expected["start_month"]) or ""
                ),
                "direction": digest(
                    salt, qid, "direction", direction_token(expected["direction"]) or ""
                ),
                "size": digest(
                    salt, qid, "size", number_tokens(float(expected["size"]), size_tol)[0]
                ),
            },
            "size_tol": size_tol,
            "mistakes": [],
        }
    raise ValueError(f"question {qid}: no self-check for type {qtype!r}")


# ---- checking (trainee side) ---------------------------------------------------------------

_MESSAGES = {
    "zh": {
        "correct": "✅ {qid} {title}：正确！",
        "not_yet": "❌ {qid} {title}：还不对。",
        "not_attempted": "⚪ {qid} {title}：还没有作答（请给变量 {var} 赋值后再运行本格）。",
        "hint_tip": '需要提示？运行 check("{qid}", hint=True)',
        "hint": "💡 提示 {n}/{total}：{text}",
        "no_number": "应该是一个数字，你给的是 {kind}。",
        "no_table": "应该是一张表（pandas Series、两列的 DataFrame 或字典），你给的是 {kind}。",
        "no_dict": "应该是一个字典，包含 {fields}。",
        "rows": "{ok}/{n} 行正确。",
        "missing_rows": "缺少这些分组：{labels}。",
        "extra_rows": "多出这些分组：{labels}。",
        "wrong_rows": "不对的分组：{labels}。",
        "fields": "{ok}/{n} 项正确：{detail}",
        "choices": "可选答案：{choices}。",
        "percent": "看起来你给的是百分数；比率请写成小数（例如 0.035，而不是 3.5）。",
    },
    "en": {
        "correct": "✅ {qid} {title}: correct!",
        "not_yet": "❌ {qid} {title}: not yet.",
        "not_attempted": "⚪ {qid} {title}: not attempted (assign {var}, then run this cell).",
        "hint_tip": 'Need a hint? Run check("{qid}", hint=True)',
        "hint": "💡 Hint {n}/{total}: {text}",
        "no_number": "It should be a number; you gave a {kind}.",
        "no_table": "It should be a table (a pandas Series, a two-column DataFrame or a dict); "
        "you gave a {kind}.",
        "no_dict": "It should be a dict with {fields}.",
        "rows": "{ok}/{n} rows right.",
        "missing_rows": "Missing segments: {labels}.",
        "extra_rows": "Extra segments: {labels}.",
        "wrong_rows": "Segments not right yet: {labels}.",
        "fields": "{ok}/{n} attributes right: {detail}",
        "choices": "Allowed answers: {choices}.",
        "percent": "This looks like a percentage; write rates as fractions (0.035, not 3.5).",
    },
}
_FIELD_NAMES = {
    "zh": {
        "indicator": "指标",
        "segment": "分组",
        "start_month": "开始月份",
        "direction": "方向",
        "size": "幅度",
    },
    "en": {
        "indicator": "indicator",
        "segment": "segment",
        "start_month": "start month",
        "direction": "direction",
        "size": "size",
    },
}


@dataclass
class CheckResult:
    """What one self-check found; shown as a coloured box in the notebook."""

    qid: str
    status: str  # "correct" | "not_yet" | "not_attempted"
    lines: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(self.lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        import html

        colour = {"correct": "#e6f4ea", "not_yet": "#fdecea", "not_attempted": "#f1f3f4"}
        body = "<br>".join(html.escape(line) for line in self.lines)
        return (
            f'<div style="background:{colour[self.status]};padding:8px 12px;'
            f'border-radius:6px;line-height:1.6">{body}</div>'
        )


class Checker:
    """Runs self-checks against one ``checks.json``; keeps the number of tries per question."""

    def __init__(self, path: Path | str = CHECKS_FILE) -> None:
        self.path = Path(path)
        spec = json.loads(self.path.read_text(encoding="utf-8"))
        self.lang: str = spec["lang"]
        self.salt: str = spec["salt"]
        self.questions: dict[str, dict[str, Any]] = spec["questions"]
        self.period: list[str] = spec.get("period", [])
        self.tries: dict[str, int] = {}

    def _msg(self, name: str, **kw: Any) -> str:
        return _MESSAGES[self.lang][name].format(**kw)

    def check(self, qid: str, namespace: dict[str, Any], *, hint: bool = False) -> CheckResult:
        """Check question ``qid`` with the answer variable found in ``namespace``."""
        if qid not in self.questions:
            known = ", ".join(self.questions)
            raise KeyError(f"no question {qid!r} here; questions: {known}")
        q = self.questions[qid]
        head = {"qid": qid, "title": q["title"], "var": q["var"]}
        answer = namespace.get(q["var"])
        if answer is None or answer is Ellipsis:
            lines = [self._msg("not_attempted", **head)]
            if hint:
                lines.append(self._hint(q, 1))
            return CheckResult(qid, "not_attempted", lines)
        ok, details = getattr(self, f"_check_{q['type']}")(qid, q, answer)
        if ok:
            return CheckResult(qid, "correct", [self._msg("correct", **head)])
        self.tries[qid] = self.tries.get(qid, 0) + 1
        lines = [self._msg("not_yet", **head), *details]
        lines.append(self._hint(q, self.tries[qid]) if hint else self._msg("hint_tip", qid=qid))
        return CheckResult(qid, "not_yet", lines)

    def _hint(self, q: dict[str, Any], level: int) -> str:
        hints = q["hints"]
        n = max(1, min(level, len(hints)))
        return self._msg("hint", n=n, total=len(hints), text=hints[n - 1])

    def _match(self, qid: str, part: str, tokens: list[str], target: str) -> bool:
        return any(digest(self.salt, qid, part, t) == target for t in tokens)

    def _mistake(self, qid: str, q: dict[str, Any], tokens: list[str]) -> list[str]:
        return [m["msg"] for m in q["mistakes"] if self._match(qid, "mistake", tokens, m["digest"])]

    def _check_number(self, qid: str, q: dict[str, Any], answer: Any) -> tuple[bool, list[str]]:
        value = as_number(answer)
        if value is None:
            return False, [self._msg("no_number", kind=type(answer).__name__)]
        tokens = number_tokens(value, q["tol"])
        if self._match(qid, "value", tokens, q["digest"]):
            return True, []
        return False, self._mistake(qid, q, tokens)

    def _check_choice(self, qid: str, q: dict[str, Any], answer: Any) -> tuple[bool, list[str]]:
        token = text_token(answer) or ""
        if self._match(qid, "value", [token], q["digest"]):
            return True, []
        details = self._mistake(qid, q, [token])
        if token not in [text_token(c) for c in q.get("choices") or []]:
            details.append(self._msg("choices", choices=", ".join(q["choices"])))
        return False, details

    def _check_table(self, qid: str, q: dict[str, Any], answer: Any) -> tuple[bool, list[str]]:
        table = as_table(answer)
        if table is None:
            return False, [self._msg("no_table", kind=type(answer).__name__)]
        rows: dict[str, str] = q["rows"]
        wrong = [
            label
            for label, target in rows.items()
            if label not in table
            or not self._match(qid, f"row:{label}", number_tokens(table[label], q["tol"]), target)
        ]
        missing = [label for label in rows if label not in table]
        extra = [label for label in table if label not in rows]
        if not wrong and not extra:
            return True, []
        details = [self._msg("rows", ok=len(rows) - len(wrong), n=len(rows))]
        if missing:
            details.append(self._msg("missing_rows", labels=", ".join(missing[:10])))
        if extra:
            details.append(self._msg("extra_rows", labels=", ".join(extra[:10])))
        shown = [w for w in wrong if w not in missing]
        if shown:
            details.append(self._msg("wrong_rows", labels=", ".join(shown[:10])))
        for m in q["mistakes"]:
            hits = sum(
                1
                for label, target in m["rows"].items()
                if label in table
                and self._match(
                    qid, f"mistake:{label}", number_tokens(table[label], q["tol"]), target
                )
            )
            if m["rows"] and hits * 2 > len(m["rows"]):
                details.append(m["msg"])
        return False, details

    def _check_diagnosis(self, qid: str, q: dict[str, Any], answer: Any) -> tuple[bool, list[str]]:
        names = _FIELD_NAMES[self.lang]
        if not isinstance(answer, dict):
            return False, [self._msg("no_dict", fields=", ".join(names))]
        size = as_number(answer.get("size"))
        tokens = {
            "indicator": [text_token(answer.get("indicator")) or ""],
            "segment": [text_token(answer.get("segment")) or ""],
            "start_month": [month_token(answer.get("start_month")) or ""],
            "direction": [direction_token(answer.get("direction")) or ""],
            "size": number_tokens(size, q["size_tol"]) if size is not None else [""],
        }
        right = {f: self._match(qid, f, tokens[f], target) for f, target in q["fields"].items()}
        if all(right.values()):
            return True, []
        detail = ", ".join(f"{names[f]} {'✓' if ok else '✗'}" for f, ok in right.items())
        return False, [self._msg("fields", ok=sum(right.values()), n=len(right), detail=detail)]


def caller_namespace(depth: int = 2) -> dict[str, Any]:
    """The global namespace of the notebook (or script) that called the check."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            return dict(shell.user_ns)
    except ImportError:  # pragma: no cover - IPython is always there in a notebook
        pass
    return dict(sys._getframe(depth).f_globals)
