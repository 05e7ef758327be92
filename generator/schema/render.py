"""Render the schemas for people: JSON export and the bilingual data dictionary."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from .model import DTYPE_LABELS, Column, Table
from .tables import TABLES

Lang = Literal["zh", "en"]


def column_dict(col: Column) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": col.name,
        "dtype": col.dtype,
        "nullable": col.nullable,
        "zh": col.zh,
        "en": col.en,
    }
    if col.ref:
        out["references"] = col.ref
    if col.values is not None:
        out["allowed_values"] = [{"code": v.code, "zh": v.zh, "en": v.en} for v in col.values]
    if col.min is not None:
        out["min"] = col.min
    if col.max is not None:
        out["max"] = col.max
    if col.pattern is not None:
        out["pattern"] = col.pattern
    return out


def schema_dict(tables: Iterable[Table] | None = None) -> dict[str, Any]:
    """All table schemas as plain JSON-ready data."""
    chosen = list(TABLES.values()) if tables is None else list(tables)
    return {
        "tables": [
            {
                "name": t.name,
                "zh": t.zh,
                "en": t.en,
                "row": {"zh": t.row_zh, "en": t.row_en},
                "primary_key": list(t.key),
                "columns": [column_dict(c) for c in t.columns],
            }
            for t in chosen
        ]
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _rules(col: Column, lang: Lang) -> str:
    zh = lang == "zh"
    parts: list[str] = []
    if col.ref:
        parts.append(("关联 " if zh else "refers to ") + f"`{col.ref}`")
    if col.values is not None:
        parts.append(", ".join(f"`{v.code}` {v.zh if zh else v.en}" for v in col.values))
    if col.min is not None or col.max is not None:
        lo = "" if col.min is None else f"≥ {col.min:g}"
        hi = "" if col.max is None else f"≤ {col.max:g}"
        parts.append(" ".join(p for p in (lo, hi) if p))
    if col.pattern is not None:
        parts.append(("格式 " if zh else "format ") + f"`{col.pattern}`")
    return "; ".join(parts)


def dictionary_markdown(
    lang: Lang = "zh", tables: Iterable[str] | None = None, title: str | None = None
) -> str:
    """The data dictionary of ``tables`` (default: all) as Markdown in one language."""
    zh = lang == "zh"
    names = list(TABLES) if tables is None else list(tables)
    head = title or ("数据字典" if zh else "Data dictionary")
    lines = [f"# {head}", ""]
    if zh:
        lines += [
            "每张表同时提供 Parquet 和 CSV（UTF-8 带 BOM，Excel / WPS 可直接打开）。",
            "时间为本地时间（ISO 8601），金额单位为人民币元（保留两位小数），"
            "编码类字段的取值及含义见各表的“取值与规则”。",
        ]
    else:
        lines += [
            "Every table ships as Parquet and as CSV (UTF-8 with BOM, opens in Excel and WPS).",
            "Times are local (ISO 8601), money is CNY with two decimals, and coded columns list "
            "their values and meanings under “Values and rules”.",
        ]
    header = (
        "| 字段 | 类型 | 可为空 | 说明 | 取值与规则 |"
        if zh
        else "| Column | Type | Nullable | Meaning | Values and rules |"
    )
    for name in names:
        t = TABLES[name]
        key = ", ".join(f"`{k}`" for k in t.key)
        lines += ["", f"## `{t.name}` {t.zh if zh else t.en}", ""]
        lines.append(
            f"每行：{t.row_zh}。主键：{key}。"
            if zh
            else f"One row: {t.row_en}. Primary key: {key}."
        )
        lines += ["", header, "|---|---|---|---|---|"]
        for col in t.columns:
            dtype = DTYPE_LABELS[col.dtype][0 if zh else 1]
            null = ("是" if zh else "yes") if col.nullable else ("否" if zh else "no")
            meaning = _cell(col.zh if zh else col.en)
            rules = _cell(_rules(col, lang))
            lines.append(f"| `{col.name}` | {dtype} | {null} | {meaning} | {rules} |")
    return "\n".join(lines) + "\n"
