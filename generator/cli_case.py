"""``kpilab generate``, ``kpilab problems`` and ``kpilab demo``: build case companies."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from .api import Case, generate_company
from .config import ConfigError, config_json_schema, load_config, make_config
from .export import save_case
from .indicators import DIMENSIONS, REGISTRY
from .key_report import fmt
from .output import OutputError
from .registry import PROBLEMS, PROFILES, load_all

PROFILE_HELP = (
    "行业 / industry profile: ecommerce_retail (default), hotel_chain, pharma_distribution, "
    "financial_services, manufacturing_b2b"
)
console = Console(stderr=True)
out_console = Console()


def fail(message: str) -> None:
    """One clear line on stderr and exit code 2; nothing has been written."""
    typer.echo(f"错误 / error: {message}", err=True)
    raise typer.Exit(code=2)


def parse_problem(text: str) -> dict[str, Any]:
    """``id`` or ``id:segment=east,start=2025-05-01,severity=0.8`` → a problem spec."""
    pid, _, rest = text.partition(":")
    spec: dict[str, Any] = {"id": pid.strip()}
    for part in filter(None, (p.strip() for p in rest.split(","))):
        key, eq, value = part.partition("=")
        if not eq or key not in ("segment", "start", "severity"):
            fail(f"--problem {text!r}: use id:segment=…,start=YYYY-MM-DD,severity=0.2-1.0")
        spec[key] = value
    return spec


def build(
    profile: str | None,
    seed: int | None,
    size: str | None,
    start: str | None,
    months: int | None,
    locale: str | None,
    difficulty: str | None,
    problems: list[str] | None,
    no_problems: bool,
    decoys: int | None,
    config_file: Path | None,
) -> Case:
    """Validate the options into a config and generate, with a progress bar."""
    values: dict[str, Any] = {
        "profile": profile, "seed": seed, "start": start, "months": months, "locale": locale,
        "difficulty": difficulty, "decoys": decoys,
    }  # fmt: skip
    if size is not None:
        values["size"] = int(size) if size.isdigit() else size
    if problems:
        values["problems"] = [parse_problem(p) for p in problems]
    elif no_problems:
        values["problems"] = []
    load_all()
    try:
        if config_file is not None:
            config = load_config(config_file, **values)
        else:
            config = make_config(**{k: v for k, v in values.items() if v is not None})
        steps = 3 + sum(  # simulate, problems, decoys, then the key's indicators
            1
            for i in REGISTRY.values()
            if all(t in PROFILES[config.profile].tables for t in i.tables)
        )
        with Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.fields[step]}"),
            TimeElapsedColumn(), console=console, transient=True,
        ) as bar:  # fmt: skip
            task = bar.add_task("生成中 / generating", total=steps, step="")
            return generate_company(
                config=config, progress=lambda s: bar.update(task, advance=1, step=s)
            )
    except ConfigError as err:
        fail(str(err))
    raise AssertionError("unreachable")


def summary(case: Case, out: Path | None) -> None:
    """Tables and rows, headline indicators, where the files are."""
    load_all()
    profile = PROFILES[case.config.profile]
    tables = RichTable(title=f"{profile.zh} · {profile.en} · seed {case.config.seed}")
    tables.add_column("表 / table")
    tables.add_column("行数 / rows", justify="right")
    for name, df in case.tables.items():
        tables.add_row(name, f"{len(df):,}")
    out_console.print(tables)
    head = RichTable(title="关键指标（全期）/ headline indicators (whole period)")
    head.add_column("指标 / indicator")
    head.add_column("值 / value", justify="right")
    values = {e.id: e for e in case.key.indicators}
    for ind_id in profile.headline:
        if ind_id in values:
            ind = REGISTRY[ind_id]
            head.add_row(f"{ind.zh} {ind.en}", fmt(values[ind_id].total, ind.unit))
    out_console.print(head)
    n_p, n_d = len(case.key.problems), len(case.key.decoys)
    out_console.print(f"预设问题 {n_p} 个、干扰项 {n_d} 个（答案见 instructor/）。"
                      f" {n_p} planted problem(s), {n_d} decoy(s).")  # fmt: skip
    if out is not None:
        out_console.print(f"学员数据 / trainee data: [bold]{out / 'data'}[/]")
        out_console.print(f"讲师答案 / answer key:  [bold]{out / 'instructor'}[/]")


def register(app: typer.Typer) -> None:
    @app.command()
    def generate(
        profile: Annotated[str | None, typer.Option(help=PROFILE_HELP)] = None,
        seed: Annotated[int | None, typer.Option(help="随机种子 / seed (default 0)")] = None,
        size: Annotated[
            str | None, typer.Option(help="small | default | large | 客户数 number of customers")
        ] = None,
        start: Annotated[
            str | None, typer.Option(help="开始月份首日 / first day, 2025-01-01")
        ] = None,
        months: Annotated[int | None, typer.Option(help="月数 / months (6-24, default 12)")] = None,
        locale: Annotated[str | None, typer.Option(help="zh_CN (default) | en_US")] = None,
        difficulty: Annotated[str | None, typer.Option(help="easy | normal | hard")] = None,
        problem: Annotated[
            list[str] | None,
            typer.Option(
                "--problem",
                help="预设问题，可重复 / planted problem, repeatable: "
                "id[:segment=…,start=YYYY-MM-DD,severity=0.2-1.0]",
            ),
        ] = None,
        no_problems: Annotated[
            bool, typer.Option("--no-problems", help="不预设问题 / plant nothing")
        ] = False,
        decoys: Annotated[int | None, typer.Option(help="干扰项数量 / decoys (0-5)")] = None,
        config: Annotated[
            Path | None, typer.Option("--config", help="案例配置文件 / case file (.toml/.yaml)")
        ] = None,
        out: Annotated[Path, typer.Option(help="输出目录 / output folder")] = Path("cases/case"),
        fmt_: Annotated[
            list[str] | None,
            typer.Option("--format", help="额外格式 / extra format: xlsx (parquet+csv always)"),
        ] = None,
        overwrite: Annotated[bool, typer.Option(help="覆盖已有目录 / replace out")] = False,
        schema: Annotated[
            bool, typer.Option("--schema", help="打印配置文件的 JSON Schema / print JSON Schema")
        ] = False,
    ) -> None:
        """生成一家带预设问题的模拟企业及答案。

        Generate a company with planted problems and its answer key: [bold]data/[/bold] for
        trainees (Parquet + CSV, data dictionary) and [bold]instructor/[/bold] for the trainer.

        例 / e.g. [bold]kpilab generate --profile hotel_chain --seed 7 --out cases/hotel7[/bold]
        """
        if schema:
            typer.echo(config_json_schema())
            return
        extra = [f.lower() for f in fmt_ or []]
        bad = [f for f in extra if f not in ("xlsx", "parquet", "csv")]
        if bad:
            fail(f"--format: {bad[0]!r} is not allowed; allowed: xlsx")
        case = build(profile, seed, size, start, months, locale, difficulty, problem,
                     no_problems, decoys, config)  # fmt: skip
        try:
            with console.status("写入文件 / writing files"):
                save_case(case, out, formats=("parquet", "csv", *extra), overwrite=overwrite)
        except OutputError as err:
            fail(str(err))
        summary(case, out)

    @app.command()
    def problems(
        profile: Annotated[str | None, typer.Option(help="只看某个行业 / one profile")] = None,
    ) -> None:
        """列出可预设的问题：适用行业、影响指标、分组维度、严重程度范围。

        List the problems that can be planted, with profiles, indicators and severity ranges.
        """
        load_all()
        if profile is not None and profile not in PROFILES:
            fail(f"--profile: unknown profile {profile!r}; allowed: {', '.join(sorted(PROFILES))}")
        table = RichTable(title="预设问题 / planted problems")
        table.add_column("id", no_wrap=True)
        for col in ("名称 / title", "指标 / indicators", "分组 / segment by", "行业 / profiles",
                    "严重程度 / severity"):  # fmt: skip
            table.add_column(col, overflow="fold")
        for p in sorted(PROBLEMS.values(), key=lambda p: p.id):
            if profile is not None and profile not in p.profiles:
                continue
            lo, hi = p.severity_range
            table.add_row(p.id, f"{p.zh}\n{p.en}", ", ".join(p.indicators),
                          DIMENSIONS[p.dimension][0] + f" ({p.dimension})", ", ".join(p.profiles),
                          f"{lo}-{hi}")  # fmt: skip
        out_console.print(table)

    @app.command()
    def datasets(
        root: Annotated[Path, typer.Option(help="示例目录 / examples folder")] = Path("datasets"),
        check: Annotated[
            bool, typer.Option("--check", help="只检查是否与生成器一致 / only verify")
        ] = False,
    ) -> None:
        """重新生成 datasets/ 中的示例案例（每个行业一个小案例和一个综合案例）。

        Regenerate the shipped example cases, or with [bold]--check[/bold] verify them.
        """
        from . import datasets as examples

        if check:
            with console.status("核对示例 / checking examples"):
                bad = examples.stale(root)
            if bad:
                fail(
                    f"示例与生成器不一致，请运行 kpilab datasets / stale examples: {', '.join(bad)}"
                )
            out_console.print("示例与生成器一致 / examples are up to date")
            return
        for name in examples.EXAMPLES:
            with console.status(f"生成 / generating {name}"):
                path = examples.build(root, name)
            out_console.print(f"已写入 / written: {path}")

    @app.command()
    def demo(
        out: Annotated[Path, typer.Option(help="输出目录 / output folder")] = Path("cases/demo"),
    ) -> None:
        """演示：生成一个默认电商案例并显示摘要（表、行数、关键指标、文件位置）。

        Demo: generate the default e-commerce case and print a short summary.
        """
        case = build(None, None, None, None, None, None, None, None, False, None, None)
        try:
            save_case(case, out, overwrite=(out / "data").is_dir())
        except OutputError as err:
            fail(str(err))
        summary(case, out)
