"""Feedback pages: one standalone HTML page per trainee, explaining every graded answer.

The page shows the trainee's total, why a run failed (if it did) and, per auto-graded question,
their own answer, whether it is right and what went wrong (a known mistake's explanation, which
diagnosis attributes or how many table rows are right). While the module can still be
resubmitted the page never shows an expected value; a final page (``resubmittable=False``) may
show them when the caller passes them in.

>>> write_feedback(results, manifest_for(1), "feedback/m1_sales", "zh")  # doctest: +SKIP
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from generator.indicators import REGISTRY

from .files import write_atomic
from .grade import GradeResult
from .manifest import DIAGNOSIS_FIELDS, Manifest, Question
from .score import QuestionScore
from .selfcheck import as_number, month_token

PERCENT_NOT_FRACTION = "percent_not_fraction"
MAX_ROWS = 40
LANGS = ("zh", "en")

#: Every text of the page: name → (Chinese, English).
TEXT: dict[str, tuple[str, str]] = {
    "title": ("{assignment} 评分反馈", "Feedback on {assignment}"),
    "trainee": ("学员：{trainee}", "Trainee: {trainee}"),
    "total": ("自动评分：{score} / {max} 分", "Auto-graded score: {score} / {max}"),
    "written_note": ("书面题另由培训师评分。", "Written questions are graded by the trainer separately."),
    "failed": ("运行失败", "The run failed"),
    "failed_cell": ("出问题的格子：第 {cell} 格。", "The cell with the problem: cell {cell}."),
    "error_cells": ("这些格子运行时报错：第 {cells} 格。", "These cells raised errors: {cells}."),
    "restored": ("你改动过的锁定格子已在评分前恢复原样：{cells}。", "Locked cells you changed were restored before grading: {cells}."),
    "resubmit": ("你可以修改后重新提交；下面只显示你自己的答案，不显示正确答案。", "You may fix your work and submit again; this page shows only your own answers, never the correct ones."),
    "final": ("这是最终评分。", "This is the final grade."),
    "points": ("{score} / {points} 分", "{score} / {points} points"),
    "your_answer": ("你的答案", "Your answer"),
    "correct_answer": ("正确答案", "Correct answer"),
    "label": ("分组", "Segment"),
    "correct": ("正确", "correct"),
    "partial": ("部分正确", "partly right"),
    "wrong": ("不正确", "not right"),
    "missing": ("未作答", "missing"),
    "unsupported": ("无法读取", "could not be read"),
    "not_scored": ("未评分", "not graded"),
    "not_scored_why": ("这道题没有评分，因为笔记本没能运行完。", "Not graded because the notebook did not run through."),
    "missing_why": ("没有找到变量 {var}：请在答题格里给 {var} 赋值，并确认整本笔记本能从头运行到尾。", "No variable {var} was found: assign {var} in the answer cell and make sure the whole notebook runs from top to bottom."),
    "unsupported_why": ("无法读取你的答案：变量 {var} 的值是 {kind} 类型（例如自定义对象）。评分程序只能读取数字、文字、字典、列表和 pandas 表格。", "Your answer could not be read: {var} holds a {kind} (for example a custom object). The grader reads numbers, text, dicts, lists and pandas tables."),
    "percent_why": ("看起来你给的是百分数。比率要写成小数：3.5% 应写成 0.035，而不是 3.5。", "This looks like a percentage. Rates are fractions: write 3.5% as 0.035, not 3.5."),
    "not_number": ("这里应该是一个数字，你给的是 {kind}。", "This should be a number; you gave a {kind}."),
    "not_table": ("这里应该是一张表（pandas Series、两列的 DataFrame 或字典），你给的是 {kind}。", "This should be a table (a pandas Series, a two-column DataFrame or a dict); you gave a {kind}."),
    "not_dict": ("诊断应该是一个字典，包含 {fields}。", "A diagnosis is a dict with {fields}."),
    "number_wrong": ("和你的数据算出的结果不一致（超出允许误差）。", "Not what your data gives (outside the tolerance)."),
    "choice_wrong": ("选择不对。可选答案：{choices}。", "Not the right choice. Allowed answers: {choices}."),
    "rows": ("{ok}/{n} 行正确。", "{ok}/{n} rows right."),
    "attrs": ("{ok}/{n} 项正确；不对的项：{names}。", "{ok}/{n} attributes right; not right: {names}."),
    "hint": ("提示：{text}", "Hint: {text}"),
    "written": ("书面题（由培训师评分）", "Written questions (graded by the trainer)"),
    "written_item": ("{title}（{points} 分）：由培训师评分", "{title} ({points} points): graded by the trainer"),
    "more_rows": ("……另有 {n} 行", "… {n} more rows"),
    "sep": ("：", ": "),
}  # fmt: skip
FIELD_NAMES = {
    "zh": {"indicator": "指标", "segment": "分组", "start_month": "开始月份",
           "direction": "方向", "size": "幅度"},
    "en": {"indicator": "indicator", "segment": "segment", "start_month": "start month",
           "direction": "direction", "size": "size"},
}  # fmt: skip
CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;max-width:860px;
margin:24px auto;padding:0 16px;color:#202124;line-height:1.6}
h1{font-size:1.5em;margin-bottom:4px}.total{font-size:1.3em;font-weight:bold}
.box{border-radius:6px;padding:8px 14px;margin:10px 0}.fail{background:#fdecea}
.note{background:#f1f3f4}.q{border:1px solid #dadce0;border-radius:8px;padding:10px 16px;
margin:14px 0}.q h2{font-size:1.1em;margin:0 0 6px}.badge{border-radius:10px;padding:1px 9px;
font-size:.9em;margin-left:8px}.correct{background:#e6f4ea}.partial{background:#fef7e0}
.wrong,.unsupported{background:#fdecea}.missing,.not_scored{background:#f1f3f4}
table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #dadce0;padding:2px 10px}
td.num{text-align:right;font-variant-numeric:tabular-nums}.ok{color:#188038}.no{color:#c5221f}
"""


def _t(lang: str, name: str, **kw: Any) -> str:
    return TEXT[name][0 if lang == "zh" else 1].format(**kw)


def _e(text: Any) -> str:
    return html.escape(str(text))


def _pts(x: float) -> str:
    return f"{x:g}"


def question_unit(q: Question) -> str | None:
    """The unit of a question's numbers (``"ratio"`` for rates), from the indicator catalogue."""
    if q.type == "diagnosis":
        return None
    if not q.key:
        return None
    kind, _, rest = q.key.partition(":")
    if kind == "problem":
        return "ratio" if rest.endswith(".relative_effect") else None
    ind = REGISTRY.get(re.split(r"[@/]", rest)[0])
    return ind.unit if ind is not None else None


def format_number(x: float, unit: str | None = None) -> str:
    """A number for people: thousands separators, rates also as a percentage."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return str(x)
    if x == int(x) and abs(x) < 1e15:
        plain = f"{int(x):,}"
    elif abs(x) >= 1000:
        plain = f"{x:,.2f}"
    else:
        plain = f"{x:.6g}"
    if unit == "ratio":
        return f"{x * 100:,.2f}% ({plain})"
    return plain


def _scalar(value: Any, unit: str | None) -> str:
    n = as_number(value) if not isinstance(value, dict | list) else None
    if value is None:
        return "None"
    if n is not None:
        return format_number(n, unit)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)[:300]


def answer_text(q: Question, answer: Any) -> str:
    """A one-line, plain-text rendering of an answer (used by reports)."""
    if isinstance(answer, dict) and "__unsupported__" in answer:
        return f"<{answer['__unsupported__']}>"
    unit = question_unit(q)
    if q.type == "table" and isinstance(answer, dict):
        return "; ".join(f"{k}: {_scalar(v, unit)}" for k, v in answer.items())
    if q.type == "diagnosis" and isinstance(answer, dict):
        return "; ".join(
            f"{f}: {_scalar(answer.get(f), 'ratio' if f == 'size' else None)}"
            for f in DIAGNOSIS_FIELDS
        )
    return _scalar(answer, unit)


def mistake_text(q: Question, mistake: str | None, lang: str) -> str | None:
    """What a known mistake means, in ``lang`` (None when the id is not known)."""
    if mistake is None:
        return None
    if mistake == PERCENT_NOT_FRACTION:
        return _t(lang, "percent_why")
    for m in q.mistakes:
        if m.id == mistake:
            return m.zh if lang == "zh" else m.en
    return None


def _label(label: Any) -> str:
    s = str(label)
    if len(s) == 10 and s[4] == "-" and s[7] == "-" and s[:4].isdigit():
        return str(month_token(s))
    return s


def _row_ok(q: Question, value: Any, exp: Any) -> bool:
    n = math.nan if value is None else as_number(value)
    return n is not None and exp is not None and q.tolerance.ok(n, float(exp))


def _table_html(q: Question, answer: dict[str, Any], exp: Any, show: bool, lang: str) -> str:
    unit = question_unit(q)
    mark = isinstance(exp, dict)
    head = f"<th>{_t(lang, 'label')}</th><th>{_t(lang, 'your_answer')}</th>"
    head += "<th></th>" if mark else ""
    head += f"<th>{_t(lang, 'correct_answer')}</th>" if mark and show else ""
    rows = []
    for label, value in list(answer.items())[:MAX_ROWS]:
        cells = f"<td>{_e(label)}</td><td class='num'>{_e(_scalar(value, unit))}</td>"
        if mark:
            ok = _row_ok(q, value, exp.get(_label(label)))
            cells += f"<td class='{'ok' if ok else 'no'}'>{'✓' if ok else '✗'}</td>"
            if show:
                want = exp.get(_label(label))
                cells += f"<td class='num'>{_e('' if want is None else _scalar(want, unit))}</td>"
        rows.append(f"<tr>{cells}</tr>")
    if len(answer) > MAX_ROWS:
        rows.append(
            f"<tr><td colspan='4'>{_t(lang, 'more_rows', n=len(answer) - MAX_ROWS)}</td></tr>"
        )
    if mark and show:
        for label in exp:
            if label not in {_label(k) for k in answer}:
                want = _e(_scalar(exp[label], unit))
                cells = f"<td>{_e(label)}</td><td></td><td class='no'>✗</td>"
                rows.append(f"<tr>{cells}<td class='num'>{want}</td></tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _diagnosis_html(qs: QuestionScore, exp: Any, show: bool, lang: str) -> str:
    answer = qs.answer if isinstance(qs.answer, dict) else {}
    items = []
    for f in DIAGNOSIS_FIELDS:
        unit = "ratio" if f == "size" else None
        text = _scalar(answer.get(f), unit) if f in answer else "—"
        ind = REGISTRY.get(str(answer.get(f))) if f == "indicator" else None
        if ind is not None:
            text += f" ({ind.zh if lang == 'zh' else ind.en})"
        ok = bool((qs.attributes or {}).get(f))
        name = f"{FIELD_NAMES['zh'][f]} ({f})" if lang == "zh" else f
        line = f"{name}{_t(lang, 'sep')}{_e(text)} "
        line += f"<span class='{'ok' if ok else 'no'}'>{'✓' if ok else '✗'}</span>"
        if show and isinstance(exp, dict) and not ok:
            want = _e(_scalar(exp.get(f), unit))
            line += f" → {_t(lang, 'correct_answer')}{_t(lang, 'sep')}{want}"
        items.append(f"<li>{line}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _answer_html(q: Question, qs: QuestionScore, exp: Any, show: bool, lang: str) -> str:
    answer = qs.answer
    if qs.status in ("missing", "unsupported"):
        return ""
    if q.type == "table" and isinstance(answer, dict):
        body = _table_html(q, answer, exp, show, lang)
    elif q.type == "diagnosis" and isinstance(answer, dict):
        body = _diagnosis_html(qs, exp, show, lang)
    else:
        body = f"<code>{_e(_scalar(answer, question_unit(q)))}</code>"
    out = f"<div>{_t(lang, 'your_answer')}{_t(lang, 'sep')}{body}</div>"
    if show and exp is not None and q.type in ("number", "choice"):
        want = _e(_scalar(exp, question_unit(q)))
        out += f"<div>{_t(lang, 'correct_answer')}{_t(lang, 'sep')}<code>{want}</code></div>"
    return out


def explain(q: Question, qs: QuestionScore, lang: str) -> list[str]:
    """Why an answer is scored as it is, in ``lang`` (plain text lines; no expected values)."""
    kind = type(qs.answer).__name__
    if qs.status == "correct":
        return []
    if qs.status == "missing":
        return [_t(lang, "missing_why", var=q.var)]
    if qs.status == "unsupported":
        raw = qs.answer.get("__unsupported__") if isinstance(qs.answer, dict) else kind
        return [_t(lang, "unsupported_why", var=q.var, kind=raw)]
    lines = []
    known = mistake_text(q, qs.mistake, lang)
    if known:
        lines.append(known)
    if q.type == "number":
        if as_number(qs.answer) is None or isinstance(qs.answer, dict | list):
            lines.append(_t(lang, "not_number", kind=kind))
        elif not known:
            lines.append(_t(lang, "number_wrong"))
    elif q.type == "choice" and not known:
        lines.append(_t(lang, "choice_wrong", choices=", ".join(q.choices or [])))
    elif q.type == "table":
        if not isinstance(qs.answer, dict):
            lines.append(_t(lang, "not_table", kind=kind))
        lines.append(_t(lang, "rows", ok=qs.rows_right or 0, n=qs.rows or 0))
    elif q.type == "diagnosis":
        if not isinstance(qs.answer, dict):
            lines.append(_t(lang, "not_dict", fields=", ".join(DIAGNOSIS_FIELDS)))
        attrs = qs.attributes or dict.fromkeys(DIAGNOSIS_FIELDS, False)
        wrong = [FIELD_NAMES[lang][f] for f, ok in attrs.items() if not ok]
        ok = len(attrs) - len(wrong)
        lines.append(_t(lang, "attrs", ok=ok, n=len(attrs), names=", ".join(wrong)))
    return lines


def _question_html(
    q: Question, qs: QuestionScore | None, exp: Any, show: bool, hint: bool, lang: str
) -> str:
    status = qs.status if qs is not None else "not_scored"
    score = qs.score if qs is not None else 0
    head = (
        f"<h2>{_e(q.id)} {_e(q.title.get(lang))}"
        f"<span class='badge {status}'>{_t(lang, status)}</span>"
        f"<span class='badge note'>{_t(lang, 'points', score=_pts(score), points=_pts(q.points))}"
        "</span></h2>"
    )
    if qs is None:
        return f"<section class='q'>{head}<p>{_t(lang, 'not_scored_why')}</p></section>"
    body = _answer_html(q, qs, exp, show, lang)
    lines = explain(q, qs, lang)
    if hint and qs.status != "correct" and q.hints:
        lines.append(_t(lang, "hint", text=q.hints[0].get(lang)))
    body += "".join(f"<p>{_e(line)}</p>" for line in lines)
    return f"<section class='q'>{head}{body}</section>"


def feedback_html(
    result: GradeResult,
    manifest: Manifest,
    lang: str,
    resubmittable: bool = True,
    key_expected: dict[str, Any] | None = None,
) -> str:
    """The standalone feedback page of one graded submission.

    Parameters
    ----------
    result
        The trainee's grade result.
    manifest
        The module's question manifest (titles, hints, known mistakes).
    lang
        ``"zh"`` or ``"en"``.
    resubmittable
        While True, no expected value appears anywhere on the page.
    key_expected
        Expected answers by question id (from :func:`grading.manifest.expected`). Used to mark
        table rows right or wrong; shown only when ``resubmittable`` is False.

    Returns
    -------
    str
        A complete HTML document (UTF-8, inline CSS, no external resources).
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    if result.assignment != manifest.assignment:
        raise ValueError(f"result is for {result.assignment}, manifest for {manifest.assignment}")
    exp_by_q = key_expected or {}
    show = not resubmittable and key_expected is not None
    title = _t(lang, "title", assignment=manifest.assignment)
    parts = [
        f"<h1>{_e(title)}</h1><p>{_e(_t(lang, 'trainee', trainee=result.trainee))}</p>",
        f"<p class='total'>{_t(lang, 'total', score=_pts(result.score), max=_pts(result.max_score))}</p>",
    ]
    notes = [_t(lang, "resubmit" if resubmittable else "final")]
    if any(not q.auto for q in manifest.questions):
        notes.append(_t(lang, "written_note"))
    parts.append(f"<div class='box note'>{' '.join(_e(n) for n in notes)}</div>")
    if result.failure or result.status == "failed":
        reason = result.reason_zh if lang == "zh" else result.reason_en
        lines = [f"<b>{_t(lang, 'failed')}</b>"] + ([_e(reason)] if reason else [])
        if result.failed_cell is not None:
            lines.append(_t(lang, "failed_cell", cell=result.failed_cell))
        parts.append(f"<div class='box fail'>{'<br>'.join(lines)}</div>")
    extra = []
    if result.error_cells:
        extra.append(_t(lang, "error_cells", cells=", ".join(map(str, result.error_cells))))
    if result.restored_cells:
        extra.append(_t(lang, "restored", cells=", ".join(result.restored_cells)))
    if extra:
        parts.append(f"<div class='box note'>{'<br>'.join(_e(x) for x in extra)}</div>")
    scores = {qs.id: qs for qs in result.questions}
    for q in manifest.auto:
        parts.append(
            _question_html(q, scores.get(q.id), exp_by_q.get(q.id), show, resubmittable, lang)
        )
    written = [q for q in manifest.questions if not q.auto]
    if written:
        items = "".join(
            f"<li>{_e(q.id)} {_e(_t(lang, 'written_item', title=q.title.get(lang), points=_pts(q.points)))}</li>"
            for q in written
        )
        parts.append(f"<h2>{_t(lang, 'written')}</h2><ul>{items}</ul>")
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)} · {_e(result.trainee)}</title><style>{CSS}</style></head>"
        f"<body>{''.join(parts)}</body></html>\n"
    )


def safe_name(trainee: str) -> str:
    """A file name for a trainee id (letters, digits, CJK, ``_ . -``; never hidden or a path)."""
    name = re.sub(r"[^\w.-]", "_", trainee).lstrip(".")
    if not name:
        raise ValueError(f"trainee id {trainee!r} gives no usable file name")
    return name


def write_feedback(
    results: Iterable[GradeResult],
    manifest: Manifest,
    out_dir: Path | str,
    lang: str,
    resubmittable: bool = True,
    keys_expected: Mapping[str, dict[str, Any]] | None = None,
) -> list[Path]:
    """Write ``<trainee>.html`` for each result into ``out_dir``; returns the paths written.

    ``keys_expected`` maps a trainee to their expected answers by question id (see
    :func:`feedback_html`). Each file is written to a temporary name and renamed, so a reader
    never sees half a page.
    """
    out = Path(out_dir)
    written: dict[str, Path] = {}
    for result in results:
        name = safe_name(result.trainee)
        if name in written:
            raise ValueError(f"two results write {name}.html (trainee {result.trainee!r})")
        page = feedback_html(
            result,
            manifest,
            lang,
            resubmittable=resubmittable,
            key_expected=(keys_expected or {}).get(result.trainee),
        )
        path = out / f"{name}.html"
        write_atomic(path, page.encode("utf-8"))
        written[name] = path
    return list(written.values())
