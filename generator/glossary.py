"""Render the course glossary from the indicator catalogue (never written by hand)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from .indicators import DIMENSIONS, UNIT_LABELS, catalogue
from .modules import MODULES

Lang = Literal["zh", "en"]

#: Where the committed glossaries live, relative to the repository root.
GLOSSARY_FILES: dict[Lang, str] = {"zh": "course/glossary.zh.md", "en": "course/glossary.en.md"}


def glossary_markdown(lang: Lang = "zh") -> str:
    """The glossary in one language: every indicator, grouped by course module, with formulas."""
    zh = lang == "zh"
    i18n = 0 if zh else 1
    lines = [
        "# 指标词汇表" if zh else "# Indicator glossary",
        "",
        "本文件由 `kpilab glossary` 根据指标目录自动生成，请勿手工修改。"
        if zh
        else "Generated from the indicator catalogue by `kpilab glossary`; do not edit by hand.",
        "",
        "比率以 0-1 的小数计算、以百分比显示；金额单位为人民币元；“本期”默认为一个自然月。"
        if zh
        else "Rates are fractions in [0, 1] shown as %; money is CNY; the period is a calendar "
        "month unless stated otherwise.",
    ]
    by_module: dict[int, list] = {}
    for ind in catalogue():
        by_module.setdefault(ind.module, []).append(ind)
    for module, indicators in sorted(by_module.items()):
        title = MODULES[module][i18n]
        lines += ["", f"## {'模块' if zh else 'Module'} {module} {title}"]
        for ind in indicators:
            name = ind.zh if zh else ind.en
            other = ind.en if zh else ind.zh
            dims = "、".join if zh else ", ".join
            cut = dims(DIMENSIONS[d][i18n] for d in ("month", *ind.dimensions))
            seeds = ", ".join(ind.seeds)
            lines += [
                "",
                f"### {name}（{other}） {{#{ind.id}}}"
                if zh
                else f"### {name} ({other}) {{#{ind.id}}}",
                "",
                f"- {'编号' if zh else 'id'}: `{ind.id}`",
                f"- {'公式' if zh else 'formula'}: {ind.formula_zh if zh else ind.formula_en}",
                f"- {'单位' if zh else 'unit'}: {UNIT_LABELS[ind.unit][i18n]}",
                f"- {'可按以下维度切分' if zh else 'can be cut by'}: {cut}",
                f"- {'来源教材' if zh else 'seed source'}: {seeds}",
            ]
    return "\n".join(lines) + "\n"


def write_glossaries(root: Path) -> list[Path]:
    """Write both glossaries under ``root`` atomically; return the paths written."""
    written = []
    for lang, rel in GLOSSARY_FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(glossary_markdown(lang), encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    return written
