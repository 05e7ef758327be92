"""``kpilab course …`` commands: build the course from the module sources."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from generator.cli_case import fail

from .course.build import BuildError, build_course
from .course.lessons import committed_lessons
from .course.source import SourceError
from .manifest import ManifestError

#: One process per core, up to 8: each run holds a kernel of up to ``--memory-mb``.
DEFAULT_WORKERS = max(1, min(os.cpu_count() or 1, 8))

console = Console(stderr=True)
course_app = typer.Typer(
    help="课程：由 notebooks/ 与 course/lessons/ 生成 nbgrader 课程源文件和讲义。\n\n"
    "Course: build the nbgrader course source and lesson pages from notebooks/ and course/lessons/.",
    no_args_is_help=True,
)


class Lang(StrEnum):
    zh = "zh"
    en = "en"


@course_app.command("build")
def build(
    out: Annotated[
        Path, typer.Option("--out", help="课程目录（nbgrader 课程根目录）/ course directory")
    ] = Path("course_build"),
    lang: Annotated[Lang, typer.Option("--lang", help="课程语言 / course language")] = Lang.zh,
    module: Annotated[
        list[str] | None,
        typer.Option("--module", help="只生成某些模块（编号或名称，可重复）/ only these modules"),
    ] = None,
    course_id: Annotated[
        str, typer.Option("--course-id", help="课程编号：决定每个模块案例的随机种子 / course id")
    ] = "kpilab",
    force: Annotated[
        bool, typer.Option("--force", help="覆盖已生成的模块 / rebuild existing modules")
    ] = False,
) -> None:
    """生成课程：每个模块的 nbgrader 源笔记本（含答案）、案例数据、自检文件和讲义。

    Build the course: per module an nbgrader source notebook (with solutions), its case data,
    self-check file and lesson page. Then release with
    [bold]cd OUT && nbgrader generate_assignment m1_sales[/bold].

    例 / e.g. [bold]kpilab course build --out mycourse --lang en --module 2[/bold]
    """
    try:
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("课程 / course", total=None)
            paths = build_course(
                out,
                lang=lang.value,
                modules=module,
                course_id=course_id,
                force=force,
                progress=lambda label: bar.update(task, description=label),
            )
    except (BuildError, SourceError, ManifestError) as exc:
        fail(str(exc))
    for p in paths:
        console.print(f"已生成 / built: {p}")
    console.print(f"讲义 / lessons: {out / 'lessons'}")


@course_app.command("lessons")
def lessons(
    check: Annotated[
        bool, typer.Option("--check", help="只检查已提交的讲义是否最新 / only check")
    ] = False,
) -> None:
    """由 course/lessons/*.md 的双语源文件重新生成 course/mN_*.zh.md 和 .en.md 讲义。

    Regenerate the per-language lesson pages course/mN_*.zh.md and .en.md from the bilingual
    sources in course/lessons/.
    """
    try:
        pages = committed_lessons()
    except SourceError as exc:
        fail(str(exc))
    if check:
        stale = [
            p.name
            for p, text in pages.items()
            if not p.is_file() or p.read_text(encoding="utf-8") != text
        ]
        if stale:
            fail(f"讲义已过期，请运行 kpilab course lessons：{', '.join(stale)}")
        console.print("讲义是最新的 / lesson pages are up to date")
        return
    for path, text in pages.items():
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        console.print(f"已写入 / written: {path}")


def register(app: typer.Typer) -> None:
    app.add_typer(course_app, name="course")
    app.command("grade")(grade)
    app.command("assign")(assign)
    app.command("feedback")(feedback)
    app.command("report")(report)
    app.add_typer(roster_app, name="roster")


def grade(
    module: Annotated[str, typer.Argument(help="模块编号或名称，如 2 或 m2_customer / module")],
    course: Annotated[
        Path, typer.Option("--course", help="nbgrader 课程目录 / course directory")
    ] = Path("."),
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="并行评分进程数（默认为 CPU 核数）/ parallel workers (default: CPU cores)",
        ),
    ] = DEFAULT_WORKERS,
    trainee: Annotated[
        list[str] | None,
        typer.Option("--trainee", help="只（重新）评分这些学员 / (re)grade only these trainees"),
    ] = None,
    folder: Annotated[
        Path | None,
        typer.Option("--from", help="从一个 <学员编号>.ipynb 文件夹评分 / a folder of .ipynb"),
    ] = None,
    cell_timeout: Annotated[
        float,
        typer.Option("--cell-timeout", min=1, help="每格时间上限（秒）/ per-cell seconds"),
    ] = 60,
    total_timeout: Annotated[
        float,
        typer.Option("--total-timeout", min=1, help="整本时间上限（秒）/ per-notebook seconds"),
    ] = 600,
    memory_mb: Annotated[
        int,
        typer.Option("--memory-mb", min=256, help="每份提交的内存上限（MB）/ memory per run, MB"),
    ] = 2048,
) -> None:
    """在沙箱中并行运行并评分学员提交的笔记本，把分数写入 nbgrader 成绩库。

    Run and score submitted notebooks in a sandbox, in parallel, against each trainee's own
    answer key; write the scores into nbgrader's gradebook. Interrupted runs resume: graded,
    unchanged submissions are skipped.

    例 / e.g. [bold]kpilab grade 2 --course mycourse --workers 2[/bold]
    """
    from rich.progress import BarColumn, MofNCompleteColumn

    from .batch import all_results, find_submissions, grade_module
    from .gradebook import write_scores
    from .manifest import manifest_for
    from .sandbox import Limits

    try:
        manifest = manifest_for(module)
    except ManifestError as exc:
        fail(str(exc))
    if not (course / "source" / manifest.assignment).is_dir():
        fail(f"--course：{course} 下没有 source/{manifest.assignment}；先运行 kpilab course build")
    if folder is not None and not folder.is_dir():
        fail(f"--from：文件夹不存在 {folder}")
    if trainee:
        found = {job.trainee for job in find_submissions(course, manifest, folder)}
        unknown = sorted(set(trainee) - found)
        if unknown:
            fail(f"--trainee：没有这些学员的提交 / no submission from: {', '.join(unknown)}")
    limits = Limits(cell_timeout=cell_timeout, total_timeout=total_timeout, memory_mb=memory_mb)
    results = []
    try:
        with Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
            MofNCompleteColumn(), TimeElapsedColumn(), console=console,
        ) as bar:  # fmt: skip
            task = bar.add_task("评分 / grading", total=None)

            def tick(done: int, total: int, who: str) -> None:
                bar.update(task, completed=done, total=total, description=f"评分 / grading {who}")

            for result in grade_module(
                course, manifest, workers=workers, trainees=trainee, folder=folder,
                limits=limits, progress=tick,
            ):  # fmt: skip
                results.append(result)
    except ValueError as exc:
        fail(str(exc))
    if (course / "gradebook.db").is_file():
        # Every stored result, not only this run's: an interrupted run's scores land too.
        graded = {job.trainee for job in find_submissions(course, manifest, folder)}
        write_scores(
            course, [r for r in all_results(course, manifest.assignment) if r.trainee in graded]
        )
    failed = [r for r in results if r.status == "failed"]
    console.print(
        f"已评分 / graded: {len(results)}，失败 / failed: {len(failed)}；"
        f"结果 / results: {course / 'kpilab' / 'grades' / manifest.assignment}"
    )


@course_app.command("init")
def init(
    path: Annotated[Path, typer.Argument(help="课程目录 / course directory")],
    course_id: Annotated[
        str | None, typer.Option("--course-id", help="课程编号（默认取目录名）/ course id")
    ] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="课程语言 / course language")] = Lang.zh,
) -> None:
    """新建 nbgrader 课程目录（仅所有者可读），含可用的 nbgrader_config.py。

    Create an nbgrader course directory (readable by its owner only) with a working config.

    例 / e.g. [bold]kpilab course init mycourse --course-id sales2026[/bold]
    """
    from .classroom import ClassroomError, init_course

    try:
        init_course(path, course_id, lang.value)
    except ClassroomError as exc:
        fail(str(exc))
    console.print(f"已创建课程 / course created: {path}")


roster_app = typer.Typer(help="学员名单 / trainee roster", no_args_is_help=True)


@roster_app.command("import")
def roster_import(
    csv_path: Annotated[Path, typer.Argument(help="学员名单 CSV：id,name（或 编号,姓名）")],
    course: Annotated[Path, typer.Option("--course", help="课程目录 / course directory")] = Path(
        "."
    ),
) -> None:
    """导入学员名单（Excel 另存的 CSV，UTF-8，带或不带 BOM；列：id,name 或 编号,姓名）。

    Import the trainee roster (a CSV from Excel, UTF-8 with or without BOM; columns id,name).
    """
    from .classroom import ClassroomError, import_roster

    try:
        rows = import_roster(course, csv_path)
    except ClassroomError as exc:
        fail(str(exc))
    console.print(f"已导入 / imported: {len(rows)} 名学员 / trainees")


def assign(
    module: Annotated[str, typer.Argument(help="模块编号或名称 / module")],
    course: Annotated[Path, typer.Option("--course", help="课程目录 / course directory")] = Path(
        "."
    ),
    shared_data: Annotated[
        bool,
        typer.Option("--shared-data", help="全班共用一份数据（默认每人一份）/ one case for all"),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, max=64, help="并行进程（默认为 CPU 核数）/ workers (default: cores)"
        ),
    ] = DEFAULT_WORKERS,
) -> None:
    """发布模块：默认给每位学员生成自己的案例数据（问题出现在不同的分组和月份）。

    Release a module; by default each trainee gets a case of their own (the planted problems sit
    in other segments and months). Handouts go to kpilab/handout/MODULE/ID/, keys stay in
    instructor/.
    """
    from rich.progress import BarColumn, MofNCompleteColumn

    from .classroom import ClassroomError, assign_module, course_id
    from .manifest import manifest_for

    try:
        manifest = manifest_for(module)
        course_id(course)
        with Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
            MofNCompleteColumn(), TimeElapsedColumn(), console=console,
        ) as bar:  # fmt: skip
            task = bar.add_task("生成学员数据 / trainee cases", total=None)
            out = assign_module(
                course,
                manifest,
                per_trainee=not shared_data,
                workers=workers,
                progress=lambda d, n, who: bar.update(task, completed=d, total=n, description=who),
            )
    except (ClassroomError, ManifestError, BuildError, SourceError) as exc:
        fail(str(exc))
    console.print(f"已发布 / released: {manifest.assignment}（{len(out)} 份 / handouts）")


def _module_results(course: Path, module: str):
    from .batch import all_results
    from .manifest import manifest_for

    try:
        manifest = manifest_for(module)
    except ManifestError as exc:
        fail(str(exc))
    results = all_results(course, manifest.assignment)
    if not results:
        fail(f"{course}：模块 {manifest.assignment} 还没有评分结果；先运行 kpilab grade {module}")
    return manifest, results


def feedback(
    module: Annotated[str, typer.Argument(help="模块编号或名称 / module")],
    course: Annotated[Path, typer.Option("--course", help="课程目录 / course directory")] = Path(
        "."
    ),
    lang: Annotated[Lang, typer.Option("--lang", help="反馈语言 / language")] = Lang.zh,
    final: Annotated[
        bool, typer.Option("--final", help="不再允许重交：反馈中显示正确答案 / show answers")
    ] = False,
) -> None:
    """为每位学员写一页反馈（HTML）：每题的答案、对错和原因；可重交时不显示正确答案。

    Write each trainee's feedback page: per question their answer, whether it is right and why;
    correct values stay hidden while resubmission is allowed.
    """
    from generator.answer_key import AnswerKey

    from .batch import find_submissions
    from .feedback import write_feedback
    from .manifest import expected

    manifest, results = _module_results(course, module)
    keys = None
    if final:
        cases = {j.trainee: j.case for j in find_submissions(course, manifest)}
        keys = {}
        for r in results:
            if r.trainee in cases:
                key = AnswerKey.model_validate_json(
                    (cases[r.trainee] / "instructor" / "answer_key.json").read_text("utf-8")
                )
                keys[r.trainee] = {q.id: expected(q, key) for q in manifest.auto}
    out = course / "feedback_kpilab" / manifest.assignment
    paths = write_feedback(results, manifest, out, lang.value, not final, keys)
    console.print(f"已写入 / written: {len(paths)} → {out}")


def report(
    module: Annotated[str, typer.Argument(help="模块编号或名称 / module")],
    course: Annotated[Path, typer.Option("--course", help="课程目录 / course directory")] = Path(
        "."
    ),
    lang: Annotated[Lang, typer.Option("--lang", help="报告语言 / language")] = Lang.zh,
) -> None:
    """写班级报告：分数分布、每题正确率、最常见的错误答案及含义、需要关注的提交（含疑似抄袭）。

    Write the class report (HTML with charts, CSV for Excel): score distribution, each
    question's success rate, the most common wrong answers, flagged submissions (collusion
    included).
    """
    from generator.answer_key import AnswerKey

    from .batch import find_submissions
    from .report import answers_from_results, class_report, collusion_flags, write_report

    manifest, results = _module_results(course, module)
    keys = {}
    for job in find_submissions(course, manifest):
        keys[job.trainee] = AnswerKey.model_validate_json(
            (job.case / "instructor" / "answer_key.json").read_text("utf-8")
        )
    flags = collusion_flags(answers_from_results(results), keys, manifest)
    written = write_report(
        class_report(results, manifest, lang.value, collusion=flags),
        course / "reports" / manifest.assignment,
    )
    for path in written.values():
        console.print(f"已写入 / written: {path}")
