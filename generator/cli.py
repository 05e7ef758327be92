"""The ``kpilab`` command line: a thin layer over the library's public functions."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table as RichTable

from . import __version__, cli_case
from .glossary import GLOSSARY_FILES, glossary_markdown, write_glossaries
from .indicators import SECTIONS, UNIT_LABELS, catalogue
from .schema import TABLES, dictionary_markdown, schema_dict

app = typer.Typer(
    name="kpilab",
    help="kpilab：用带有预设问题的模拟企业数据练习客户与销售指标。\n\n"
    "kpilab: practise customer and sales indicators on generated company data with planted "
    "problems.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
console = Console()


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


def _version(show: bool) -> None:
    if show:
        console.print(f"kpilab {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="显示版本 / show version"),
    ] = False,
) -> None:
    """kpilab command line."""


def _indicator_rows(lang: Lang, module: int | None) -> list[dict[str, object]]:
    zh = lang is Lang.zh
    return [
        {
            "id": i.id,
            "name": i.zh if zh else i.en,
            "name_zh": i.zh,
            "name_en": i.en,
            "unit": i.unit,
            "formula": i.formula_zh if zh else i.formula_en,
            "module": i.module,
            "section": i.section,
            "seeds": list(i.seeds),
            "dimensions": ["month", *i.dimensions],
            "tables": list(i.tables),
            "params": {k: list(v) if isinstance(v, tuple) else v for k, v in i.params.items()},
        }
        for i in catalogue(module)
    ]


@app.command()
def indicators(
    lang: Annotated[Lang, typer.Option("--lang", help="语言 / language")] = Lang.zh,
    module: Annotated[
        int | None,
        typer.Option("--module", min=1, max=8, help="只列出某个课程模块（1-8）/ one course module"),
    ] = None,
    fmt: Annotated[
        ListFormat, typer.Option("--format", help="输出格式 / output format")
    ] = ListFormat.table,
) -> None:
    """列出指标目录：编号、名称、单位、公式、所属模块。

    List the indicator catalogue: id, name, unit, formula and course module.

    例 / e.g. [bold]kpilab indicators --module 2 --lang en[/bold]
    """
    rows = _indicator_rows(lang, module)
    zh = lang is Lang.zh
    if fmt is ListFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt is ListFormat.markdown:
        head = (
            "| 编号 | 名称 | 单位 | 模块 | 公式 |"
            if zh
            else "| id | name | unit | module | formula |"
        )
        lines = [head, "|---|---|---|---|---|"]
        for r in rows:
            unit = UNIT_LABELS[str(r["unit"])][0 if zh else 1]
            lines.append(f"| `{r['id']}` | {r['name']} | {unit} | {r['module']} | {r['formula']} |")
        typer.echo("\n".join(lines))
        return
    table = RichTable(title="指标目录" if zh else "Indicator catalogue", show_lines=False)
    table.add_column("编号" if zh else "id", no_wrap=True)
    table.add_column("名称" if zh else "name", no_wrap=zh)
    table.add_column("单位" if zh else "unit")
    table.add_column("模块" if zh else "module", justify="right")
    table.add_column("公式" if zh else "formula", overflow="fold", ratio=1)
    section = None
    for r in rows:
        if r["section"] != section:
            section = r["section"]
            title = SECTIONS[str(section)][0 if zh else 1]
            table.add_row(f"[bold cyan]{title}[/]", "", "", "", "")
        unit = UNIT_LABELS[str(r["unit"])][0 if zh else 1]
        table.add_row(str(r["id"]), str(r["name"]), unit, str(r["module"]), str(r["formula"]))
    console.print(table)


@app.command()
def schema(
    fmt: Annotated[
        ListFormat, typer.Option("--format", help="输出格式 / output format")
    ] = ListFormat.table,
    lang: Annotated[Lang, typer.Option("--lang", help="语言 / language")] = Lang.zh,
    table_name: Annotated[
        str | None, typer.Option("--table", help="只显示一张表 / one table only")
    ] = None,
) -> None:
    """显示标准数据表的结构（字段、类型、是否可空、主外键、取值范围）。

    Show the standard table schemas; [bold]--format json[/bold] exports them for other tools.
    """
    if table_name is not None and table_name not in TABLES:
        cli_case.fail(f"--table：未知的表 {table_name!r}；可选：{', '.join(TABLES)}")
    names = list(TABLES) if table_name is None else [table_name]
    if fmt is ListFormat.json:
        typer.echo(json.dumps(schema_dict(TABLES[n] for n in names), ensure_ascii=False, indent=2))
        return
    if fmt is ListFormat.markdown:
        typer.echo(dictionary_markdown(lang.value, names), nl=False)
        return
    zh = lang is Lang.zh
    for name in names:
        t = TABLES[name]
        rt = RichTable(title=f"{t.name} · {t.zh if zh else t.en}", title_justify="left")
        for col in ("字段", "类型", "可空", "说明", "规则") if zh else ("column", "type", "null",
                                                                    "meaning", "rules"):  # fmt: skip
            rt.add_column(col, overflow="fold")
        for c in t.columns:
            rules = [f"→ {c.ref}"] if c.ref else []
            if c.codes:
                rules.append(" | ".join(c.codes))
            if c.min is not None or c.max is not None:
                rules.append(f"[{'' if c.min is None else f'{c.min:g}'}, "
                             f"{'' if c.max is None else f'{c.max:g}'}]")  # fmt: skip
            key = " 🔑" if c.name in t.key else ""
            rt.add_row(c.name + key, c.dtype, "✓" if c.nullable else "", c.zh if zh else c.en,
                       "; ".join(rules))  # fmt: skip
        console.print(rt)


@app.command()
def glossary(
    check: Annotated[
        bool, typer.Option("--check", help="只检查已提交的文件是否最新 / only check")
    ] = False,
    root: Annotated[Path, typer.Option("--root", help="仓库根目录 / repository root")] = Path("."),
) -> None:
    """根据指标目录重新生成 course/glossary.zh.md 和 course/glossary.en.md。

    Regenerate the course glossaries from the indicator catalogue.
    """
    if check:
        stale = [
            rel
            for lang, rel in GLOSSARY_FILES.items()
            if not (root / rel).is_file()
            or (root / rel).read_text(encoding="utf-8") != glossary_markdown(lang)
        ]
        if stale:
            cli_case.fail(f"词汇表已过期，请运行 kpilab glossary：{', '.join(stale)}")
        console.print("词汇表是最新的 / glossaries are up to date")
        return
    for path in write_glossaries(root):
        console.print(f"已写入 / written: {path}")


cli_case.register(app)


def _register_course() -> None:
    # The course commands live in the grading package, beside the manifest they read.
    from grading.cli_course import register

    register(app)


_register_course()


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
