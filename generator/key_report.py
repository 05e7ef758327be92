"""Readable answer key (Markdown) for trainers, in Chinese or English."""

from __future__ import annotations

from typing import Literal

from .answer_key import AnswerKey, Number
from .indicators import DIMENSIONS, REGISTRY, UNIT_LABELS
from .registry import PROFILES, load_all

Lang = Literal["zh", "en"]


def fmt(value: Number, unit: str) -> str:
    """A value as a person reads it: rates in %, money with thousands separators."""
    if value is None:
        return "—"
    if unit == "ratio":
        return f"{value * 100:.1f}%"
    if unit == "CNY":
        return f"{value:,.2f}"
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def answer_key_markdown(key: AnswerKey, lang: Lang = "zh") -> str:
    load_all()
    zh = lang == "zh"
    i = 0 if zh else 1
    c = key.config
    profile = PROFILES[c.profile]
    lines = [
        f"# {'答案（讲师专用）' if zh else 'Answer key (instructor only)'}",
        "",
        f"- {'行业' if zh else 'profile'}: {profile.zh if zh else profile.en} (`{c.profile}`)",
        f"- {'随机种子' if zh else 'seed'}: {key.seed} · {'难度' if zh else 'difficulty'}: "
        f"{c.difficulty} · {'规模' if zh else 'size'}: {c.size}",
        f"- {'期间' if zh else 'period'}: {key.period_start} – {key.period_end} "
        f"({'不含' if zh else 'exclusive'})",
        f"- {'数据指纹' if zh else 'data fingerprint'}: `{key.fingerprint}`",
        f"- {'生成器版本' if zh else 'generator version'}: {key.generator_version}",
        "",
        f"## {'预设问题' if zh else 'Planted problems'}",
    ]
    if not key.problems:
        lines += ["", "本案例没有预设问题。" if zh else "This case has no planted problem."]
    for n, p in enumerate(key.problems, 1):
        ind = REGISTRY[p.indicator]
        unit = ind.unit
        dim = DIMENSIONS[p.dimension][i]
        lines += [
            "",
            f"### {n}. {p.title_zh if zh else p.title_en}",
            "",
            f"- {'指标' if zh else 'indicator'}: {ind.zh if zh else ind.en} (`{p.indicator}`)",
            f"- {'分组' if zh else 'segment'}: {dim} = `{p.segment}`",
            f"- {'开始' if zh else 'start'}: {p.start} ({'月份' if zh else 'month'} {p.start_month})"
            + (f", {'结束' if zh else 'until'} {p.end}" if p.end else ""),
            f"- {'变化' if zh else 'change'}: {fmt(p.before, unit)} → {fmt(p.after, unit)} "
            f"({'其他分组' if zh else 'other segments'}: {fmt(p.others_before, unit)} → "
            f"{fmt(p.others_after, unit)}; {'全公司' if zh else 'company'}: "
            f"{fmt(p.overall_before, unit)} → {fmt(p.overall_after, unit)})",
            f"- {'同时变动' if zh else 'also moved'}: "
            + ", ".join(
                f"`{k}` {fmt(v['before'], REGISTRY[k].unit)} → {fmt(v['after'], REGISTRY[k].unit)}"
                for k, v in p.moved.items()
                if k != p.indicator
            ),
            f"- {'建议行动' if zh else 'recommended action'}: {p.action_zh if zh else p.action_en}",
        ]
    lines += ["", f"## {'干扰项（不是问题）' if zh else 'Decoys (not problems)'}"]
    if not key.decoys:
        lines += ["", "无。" if zh else "None."]
    for d in key.decoys:
        unit = REGISTRY[d.indicator].unit
        lines += [
            "",
            f"- `{d.indicator}` · {DIMENSIONS[d.dimension][i]} = `{d.segment}` · {d.month}: "
            f"{fmt(d.value, unit)} ({'平时' if zh else 'usually'} {fmt(d.baseline, unit)}) — "
            + (d.reason_zh if zh else d.reason_en),
        ]
    lines += [
        "",
        f"## {'指标全期值与月度值' if zh else 'Indicators: whole period and by month'}",
        "",
    ]
    months = sorted({m for e in key.indicators for m in e.by_month})
    lines.append(f"| {'指标' if zh else 'indicator'} | {'全期' if zh else 'period'} | "
                 + " | ".join(m[2:] for m in months) + " |")  # fmt: skip
    lines.append("|---" * (len(months) + 2) + "|")
    for e in key.indicators:
        name = e.name_zh if zh else e.name_en
        cells = " | ".join(fmt(e.by_month.get(m), e.unit) for m in months)
        lines.append(f"| {name} (`{e.id}`) | {fmt(e.total, e.unit)} | {cells} |")
    lines += [
        "",
        ("分维度的数值见 answer_key.json（单位："
         if zh else "Values by dimension are in answer_key.json (units: ")
        + ", ".join(f"{k} = {v[i]}" for k, v in UNIT_LABELS.items())
        + ("）。" if zh else ")."),
    ]  # fmt: skip
    return "\n".join(lines) + "\n"
