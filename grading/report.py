"""The class report of one module: score distribution, question success, common wrong answers.

>>> report = class_report(all_results(course, "m1_sales"), manifest_for(1), "zh")  # doctest: +SKIP
>>> write_report(report, "reports/m1_sales")  # doctest: +SKIP

``report.html`` (charts inline, works offline), ``report.csv`` (one row per trainee) and
``questions.csv`` (one row per question), both UTF-8 with a BOM so Excel reads the Chinese.
:func:`collusion_flags` checks whether a trainee's answers fit someone else's answer key better
than their own (with per-trainee cases, a sign of copied work).
"""

from __future__ import annotations

import base64
import contextlib
import csv
import html
import io
import json
import math
import statistics
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from generator.answer_key import AnswerKey

from .feedback import answer_text, format_number, mistake_text, write_atomic
from .grade import GradeResult
from .manifest import Manifest, ManifestError, Question, expected
from .score import score_question
from .selfcheck import as_number, direction_token, month_token, text_token

BINS = 10
TOP_WRONG = 5

#: Every text of the report: name → (Chinese, English).
TEXT: dict[str, tuple[str, str]] = {
    "title": ("{assignment} 班级报告", "{assignment} class report"),
    "trainees": ("提交人数", "Submissions"),
    "mean": ("平均分", "Mean"),
    "median": ("中位数", "Median"),
    "failed": ("运行失败", "Failed runs"),
    "dist": ("分数分布", "Score distribution"),
    "count": ("人数", "Trainees"),
    "score": ("得分", "Score"),
    "questions": ("各题情况", "Questions"),
    "success": ("正确率（已作答）", "Success (attempted)"),
    "wrong_answers": ("常见错误答案", "Common wrong answers"),
    "meaning": ("含义", "Meaning"),
    "flags": ("需要关注的提交", "Flagged submissions"),
    "rows": ("每位学员", "Trainees"),
    "written": ("书面题（由培训师评分）", "Written questions (graded by the trainer)"),
    "kind": ("类别", "Kind"),
    "detail": ("说明", "Detail"),
    "none": ("无", "none"),
    "run_failed": ("运行失败", "the run failed"),
    "failed_kind": ("运行失败", "failed run"),
    "restored_cells_kind": ("改动锁定格子", "locked cells changed"),
    "isolation_kind": ("隔离不完整", "isolation incomplete"),
    "collusion_kind": ("疑似抄袭", "possible copying"),
    "restored": ("改动了锁定格子，评分前已恢复：{cells}", "changed locked cells, restored before grading: {cells}"),
    "isolation": ("运行时隔离不完整：{notes}", "the run was not fully isolated: {notes}"),
    "collusion": ("答案与 {others} 的答案键吻合得比自己的更好（{detail}；自己的答案键 {own} 题）", "answers fit the key of {others} better than their own ({detail}; own key: {own} questions)"),
}  # fmt: skip
CSV_HEAD = {
    "zh": ["学员", "得分", "满分", "状态", "失败代码", "失败原因"],
    "en": ["trainee", "score", "max", "status", "failure", "reason"],
}
Q_HEAD = {
    "zh": ["题号", "题目", "类型", "分值", "全部", "已作答", "正确", "部分正确", "不正确",
           "未作答", "无法读取", "正确率（已作答）", "正确率（全部）", "平均得分", "常见错误答案"],
    "en": ["id", "title", "type", "points", "all", "attempted", "correct", "partial", "wrong",
           "missing", "unsupported", "success_attempted", "success_all", "mean_score",
           "common_wrong_answers"],
}  # fmt: skip


def _t(lang: str, name: str, **kw: Any) -> str:
    return TEXT[name][0 if lang == "zh" else 1].format(**kw)


def _both(name: str, **kw: Any) -> tuple[str, str]:
    return _t("zh", name, **kw), _t("en", name, **kw)


FlagKind = Literal["failed", "restored_cells", "isolation", "collusion"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Bin(_Model):
    """One bar of the score histogram: scores in [lo, hi) (the last bar includes hi)."""

    lo: float
    hi: float
    count: int


class WrongAnswer(_Model):
    """A wrong answer several trainees gave (equal after normalising)."""

    answer: str = Field(description="The answer, formatted for people.")
    count: int
    trainees: list[str]
    mistake: str | None = Field(default=None, description="Known mistake id, when recognised.")
    meaning: str = Field(default="", description="What the known mistake means.")


class QuestionStats(_Model):
    """How the class did on one auto-graded question."""

    id: str
    title: str
    type: str
    points: float
    all: int = Field(description="Every submission, failed runs included.")
    attempted: int = Field(default=0, description="Answered (not missing, not a failed run).")
    correct: int = 0
    partial: int = 0
    wrong: int = 0
    missing: int = 0
    unsupported: int = 0
    mean_score: float = 0
    common_wrong: list[WrongAnswer] = Field(default_factory=list)

    @property
    def success_attempted(self) -> float:
        return self.correct / self.attempted if self.attempted else 0.0

    @property
    def success_all(self) -> float:
        return self.correct / self.all if self.all else 0.0


class Flag(_Model):
    """A submission the trainer should look at."""

    trainee: str
    kind: FlagKind
    zh: str
    en: str
    evidence: dict[str, list[str]] = Field(
        default_factory=dict, description="Collusion: other trainee → questions fitting their key."
    )

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class TraineeRow(_Model):
    trainee: str
    score: float
    max_score: float
    status: str
    failure: str
    reason: str
    scores: dict[str, float | None]


class ClassReport(_Model):
    """Everything :func:`write_report` writes."""

    assignment: str
    lang: str
    max_score: float
    trainees: int
    failed: int
    mean: float
    median: float
    bins: list[Bin]
    questions: list[QuestionStats]
    rows: list[TraineeRow]
    flags: list[Flag]
    written: list[str] = Field(default_factory=list, description="Written question titles.")


def score_bins(scores: list[float], max_score: float, n: int = BINS) -> list[Bin]:
    """``n`` equal-width bins from 0 to ``max_score`` (scores outside go to the end bins)."""
    width = max_score / n if max_score > 0 else 1.0
    counts = [0] * n
    for s in scores:
        counts[min(n - 1, max(0, math.floor(s / width + 1e-9)))] += 1
    return [Bin(lo=round(i * width, 4), hi=round((i + 1) * width, 4), count=c)
            for i, c in enumerate(counts)]  # fmt: skip


def _sig4(x: float) -> float:
    return x if not math.isfinite(x) or x == 0 else float(f"{x:.4g}")


def normalise(q: Question, answer: Any) -> Any:
    """A comparable form of an answer: numbers to 4 significant digits, text normalised."""
    if isinstance(answer, dict) and "__unsupported__" in answer:
        return {"unsupported": str(answer["__unsupported__"])}
    if q.type == "diagnosis" and isinstance(answer, dict):
        size = as_number(answer.get("size"))
        return {
            "indicator": text_token(answer.get("indicator")),
            "segment": text_token(answer.get("segment")),
            "start_month": month_token(answer.get("start_month")),
            "direction": direction_token(answer.get("direction")),
            "size": None if size is None else _sig4(size),
        }
    if isinstance(answer, dict):
        return {str(k): normalise(q, v) for k, v in answer.items()}
    n = None if isinstance(answer, list) else as_number(answer)
    if n is not None:
        return _sig4(n)
    return text_token(answer) if isinstance(answer, str) else answer


def _wrong_answer(
    q: Question, members: list[tuple[str, Any, Any, str | None]], lang: str
) -> WrongAnswer:
    """One group of equal wrong answers: (trainee, normalised, raw answer, mistake id) each."""
    norm, raw = members[0][1], members[0][2]
    shown = format_number(norm) if isinstance(norm, float) else answer_text(q, raw)
    mistakes = Counter(m for *_, m in members if m)
    mistake = mistakes.most_common(1)[0][0] if mistakes else None
    return WrongAnswer(
        answer=shown,
        count=len(members),
        trainees=[m[0] for m in members],
        mistake=mistake,
        meaning=mistake_text(q, mistake, lang) or "",
    )


def _question_stats(q: Question, results: list[GradeResult], lang: str) -> QuestionStats:
    stats = QuestionStats(
        id=q.id, title=q.title.get(lang), type=q.type, points=q.points, all=len(results)
    )
    groups: dict[str, list[tuple[str, Any, Any, str | None]]] = {}
    total = 0.0
    for r in results:
        qs = next((x for x in r.questions if x.id == q.id), None)
        if qs is None:
            continue
        total += qs.score
        setattr(stats, qs.status, getattr(stats, qs.status) + 1)
        if qs.status == "missing":
            continue
        stats.attempted += 1
        if qs.status != "correct":
            norm = normalise(q, qs.answer)
            key = json.dumps(norm, sort_keys=True, ensure_ascii=False, default=str)
            groups.setdefault(key, []).append((r.trainee, norm, qs.answer, qs.mistake))
    stats.mean_score = round(total / len(results), 2) if results else 0.0
    common = sorted(groups.values(), key=lambda g: (-len(g), g[0][0]))[:TOP_WRONG]
    stats.common_wrong = [_wrong_answer(q, members, lang) for members in common]
    return stats


def _result_flags(r: GradeResult) -> list[Flag]:
    found: list[tuple[FlagKind, tuple[str, str]]] = []
    if r.status == "failed" or r.failure:
        zh, en = _both("run_failed")
        found.append(("failed", (r.reason_zh or r.failure or zh, r.reason_en or r.failure or en)))
    if r.restored_cells:
        found.append(("restored_cells", _both("restored", cells=", ".join(r.restored_cells))))
    iso = r.isolation
    if iso is not None and not (iso.sandbox and iso.network and iso.process_limit):
        found.append(("isolation", _both("isolation", notes="; ".join(iso.notes) or "-")))
    return [Flag(trainee=r.trainee, kind=kind, zh=zh, en=en) for kind, (zh, en) in found]


def class_report(
    results: list[GradeResult],
    manifest: Manifest,
    lang: str,
    collusion: list[Flag] | None = None,
) -> ClassReport:
    """Summarise one module's results for the trainer.

    Parameters
    ----------
    results
        Every trainee's grade result of this module.
    manifest
        The module's question manifest.
    lang
        ``"zh"`` or ``"en"`` (titles, explanations, CSV headers).
    collusion
        Flags from :func:`collusion_flags`, listed after the others.

    Returns
    -------
    ClassReport
        Histogram, per-question statistics, per-trainee rows and flags.
    """
    if lang not in CSV_HEAD:
        raise ValueError(f"lang must be one of {', '.join(CSV_HEAD)}, not {lang!r}")
    results = sorted(results, key=lambda r: r.trainee)
    max_score = sum(q.points for q in manifest.auto)
    scores = [r.score for r in results]
    rows = []
    for r in results:
        by_q: dict[str, float | None] = {q.id: None for q in manifest.auto}
        by_q.update({x.id: x.score for x in r.questions if x.id in by_q})
        reason = r.reason_zh if lang == "zh" else r.reason_en
        row: dict[str, Any] = {"trainee": r.trainee, "score": r.score, "max_score": r.max_score}
        rows.append(
            TraineeRow(**row, status=r.status, failure=r.failure, reason=reason, scores=by_q)
        )
    return ClassReport(
        assignment=manifest.assignment,
        lang=lang,
        max_score=max_score,
        trainees=len(results),
        failed=sum(r.status == "failed" for r in results),
        mean=round(statistics.fmean(scores), 2) if scores else 0.0,
        median=round(statistics.median(scores), 2) if scores else 0.0,
        bins=score_bins(scores, max_score),
        questions=[_question_stats(q, results, lang) for q in manifest.auto],
        rows=rows,
        flags=[f for r in results for f in _result_flags(r)] + list(collusion or []),
        written=[f"{q.id} {q.title.get(lang)}" for q in manifest.questions if not q.auto],
    )


# ---- collusion -----------------------------------------------------------------------------


def answers_from_results(results: list[GradeResult]) -> dict[str, dict[str, Any]]:
    """Each trainee's exported answers by question id (an input of :func:`collusion_flags`)."""
    return {
        r.trainee: {qs.id: qs.answer for qs in r.questions if qs.status != "missing"}
        for r in results
    }


def _matches(manifest: Manifest, answers: Mapping[str, Any], exp: dict[str, Any]) -> list[str]:
    """Questions whose answer is within tolerance of ``exp`` (expected values by question id)."""
    hits = []
    for q in manifest.auto:
        answer = answers.get(q.var or "", answers.get(q.id))
        ok = answer is not None and q.id in exp
        if ok and score_question(q, answer, exp[q.id]).status == "correct":
            hits.append(q.id)
    return hits


def _expected_all(manifest: Manifest, key: AnswerKey) -> dict[str, Any]:
    out = {}
    for q in manifest.auto:
        with contextlib.suppress(ManifestError):  # a key without this question's value
            out[q.id] = expected(q, key)
    return out


def _collusion_flag(trainee: str, own: int, evidence: dict[str, list[str]]) -> Flag:
    others = ", ".join(evidence)
    detail = [f"{o}: {', '.join(qids)}" for o, qids in evidence.items()]
    zh = _t("zh", "collusion", others=others, own=own, detail="；".join(detail))
    en = _t("en", "collusion", others=others, own=own, detail="; ".join(detail))
    return Flag(trainee=trainee, kind="collusion", evidence=evidence, zh=zh, en=en)


def collusion_flags(
    answers_by_trainee: dict[str, dict[str, Any]],
    keys_by_trainee: dict[str, AnswerKey],
    manifest: Manifest,
) -> list[Flag]:
    """Flag trainees whose answers fit another trainee's key strictly better than their own.

    Parameters
    ----------
    answers_by_trainee
        Each trainee's answers, by variable name (as exported) or by question id.
    keys_by_trainee
        Each trainee's own answer key.
    manifest
        The module's question manifest.

    Returns
    -------
    list of Flag
        One flag per suspicious trainee; ``evidence`` maps each other trainee whose key fits
        better (more questions within tolerance) to the questions that fit that key.
    """
    expected_by = {t: _expected_all(manifest, k) for t, k in keys_by_trainee.items()}
    flags = []
    for trainee, answers in sorted(answers_by_trainee.items()):
        if trainee not in expected_by:
            continue
        own = len(_matches(manifest, answers, expected_by[trainee]))
        evidence = {}
        for other, exp in sorted(expected_by.items()):
            hits = _matches(manifest, answers, exp) if other != trainee else []
            if len(hits) > own:
                evidence[other] = hits
        if evidence:
            flags.append(_collusion_flag(trainee, own, evidence))
    return flags


# ---- writing -------------------------------------------------------------------------------


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _charts(report: ClassReport) -> tuple[str, str]:
    """The score histogram and the success-rate bars, as base64 PNG."""
    from matplotlib.figure import Figure

    from .charts import use_cjk_font

    use_cjk_font()
    lang = report.lang
    fig = Figure(figsize=(7, 3))
    ax = fig.add_subplot()
    labels = [f"{b.lo:g}–{b.hi:g}" for b in report.bins]
    ax.bar(labels, [b.count for b in report.bins], color="#4285f4")
    ax.set(title=_t(lang, "dist"), xlabel=_t(lang, "score"), ylabel=_t(lang, "count"))
    ax.tick_params(axis="x", labelrotation=45)
    hist = _png(fig)
    fig = Figure(figsize=(7, 0.6 + 0.4 * max(1, len(report.questions))))
    ax = fig.add_subplot()
    labels = [f"{q.id} {q.title}" for q in report.questions]
    ax.barh(labels, [q.success_attempted * 100 for q in report.questions], color="#34a853")
    ax.invert_yaxis()
    ax.set(xlim=(0, 100), xlabel=_t(lang, "success") + " %")
    return hist, _png(fig)


def _csv(rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def _table(head: list[str], rows: list[list[Any]]) -> str:
    th = "".join(f"<th>{html.escape(str(h))}</th>" for h in head)
    tds = ("".join(f"<td>{html.escape(str(c))}</td>" for c in row) for row in rows)
    return f"<table><tr>{th}</tr>{''.join(f'<tr>{r}</tr>' for r in tds)}</table>"


def _question_row(q: QuestionStats) -> list[Any]:
    wrong = " | ".join(
        f"{w.answer} ×{w.count}" + (f": {w.meaning}" if w.meaning else "") for w in q.common_wrong
    )
    counts = [q.all, q.attempted, q.correct, q.partial, q.wrong, q.missing, q.unsupported]
    rates = [f"{q.success_attempted:.0%}", f"{q.success_all:.0%}", f"{q.mean_score:g}"]
    return [q.id, q.title, q.type, f"{q.points:g}", *counts, *rates, wrong]


def _html(report: ClassReport, q_rows: list[list[Any]], trainee_rows: list[list[Any]]) -> str:
    lang = report.lang
    hist, success = _charts(report)
    title = html.escape(_t(lang, "title", assignment=report.assignment))
    body = [
        f"<h1>{title}</h1><p>{_t(lang, 'trainees')}: {report.trainees} · "
        f"{_t(lang, 'mean')}: {report.mean:g} · {_t(lang, 'median')}: {report.median:g} "
        f"/ {report.max_score:g} · {_t(lang, 'failed')}: {report.failed}</p>",
        f"<h2>{_t(lang, 'dist')}</h2><img alt='' src='data:image/png;base64,{hist}'>",
        f"<h2>{_t(lang, 'questions')}</h2><img alt='' src='data:image/png;base64,{success}'>",
        _table(Q_HEAD[lang][:-1], [row[:-1] for row in q_rows]),
        f"<h2>{_t(lang, 'wrong_answers')}</h2>",
    ]
    head = [_t(lang, "wrong_answers"), _t(lang, "count"), CSV_HEAD[lang][0], _t(lang, "meaning")]
    for q in report.questions:
        rows = [[w.answer, w.count, ", ".join(w.trainees), w.meaning] for w in q.common_wrong]
        if rows:
            body.append(f"<h3>{html.escape(f'{q.id} {q.title}')}</h3>{_table(head, rows)}")
    body.append(f"<h2>{_t(lang, 'flags')}</h2>")
    flags = [[f.trainee, _t(lang, f"{f.kind}_kind"), f.text(lang)] for f in report.flags]
    head = [CSV_HEAD[lang][0], _t(lang, "kind"), _t(lang, "detail")]
    body.append(_table(head, flags) if flags else f"<p>{_t(lang, 'none')}</p>")
    qids = [q.id for q in report.questions]
    body.append(f"<h2>{_t(lang, 'rows')}</h2>{_table(CSV_HEAD[lang] + qids, trainee_rows)}")
    if report.written:
        items = "".join(f"<li>{html.escape(w)}</li>" for w in report.written)
        body.append(f"<h2>{_t(lang, 'written')}</h2><ul>{items}</ul>")
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><title>{title}</title><style>{CSS}</style></head>'
        f"<body>{''.join(body)}</body></html>\n"
    )


def write_report(report: ClassReport, out_dir: Path | str) -> dict[str, Path]:
    """Write ``report.html``, ``report.csv`` and ``questions.csv`` into ``out_dir``.

    Parameters
    ----------
    report
        What :func:`class_report` computed.
    out_dir
        The folder to write into (created when missing); each file is replaced atomically.

    Returns
    -------
    dict of str to Path
        ``{"html": …, "csv": …, "questions": …}``.
    """
    out = Path(out_dir)
    qids = [q.id for q in report.questions]
    trainee_rows = [
        [r.trainee, f"{r.score:g}", f"{r.max_score:g}", r.status, r.failure, r.reason]
        + ["" if r.scores.get(q) is None else f"{r.scores[q]:g}" for q in qids]
        for r in report.rows
    ]
    q_rows = [_question_row(q) for q in report.questions]
    paths = {"html": "report.html", "csv": "report.csv", "questions": "questions.csv"}
    data = {
        "html": _html(report, q_rows, trainee_rows).encode("utf-8"),
        "csv": _csv([CSV_HEAD[report.lang] + qids, *trainee_rows]),
        "questions": _csv([Q_HEAD[report.lang], *q_rows]),
    }
    for name, content in data.items():
        write_atomic(out / paths[name], content)
    return {name: out / file for name, file in paths.items()}


CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;max-width:1000px;
margin:24px auto;padding:0 16px;color:#202124;line-height:1.5}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #dadce0;padding:3px 10px;
text-align:left;vertical-align:top}th{background:#f1f3f4}img{max-width:100%}
"""
