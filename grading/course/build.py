"""``kpilab course build``: an nbgrader course source tree from the module sources.

For each module it generates the module's case (seeded from the course id, so every class gets
its own company and never the shipped example), and writes::

    OUT/nbgrader_config.py                      (only if absent: the trainer may edit it)
    OUT/source/m2_customer/m2_customer.ipynb    nbgrader source notebook, solutions included
    OUT/source/m2_customer/data/                the case tables trainees work on
    OUT/source/m2_customer/checks.json          salted digests for the self-checks
    OUT/source/m2_customer/lesson.html, glossary.html
    OUT/instructor/m2_customer/answer_key.json  the key (never under source/ or release/)
    OUT/lessons/m2_customer.md, .html           the lesson page

Each assignment is written to a temporary folder and renamed into place.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import nbformat

from generator.answer_key import AnswerKey
from generator.api import generate_company
from generator.config import CaseConfig
from generator.export import save_case
from generator.modules import MODULES
from generator.output import read_case

from ..manifest import Manifest, manifest_for, manifests
from .checks import build_checks, checks_json
from .lessons import glossary_html, lesson_markdown, markdown_html
from .notebook import build_notebook
from .source import language_cells

Progress = Callable[[str], None]

NBGRADER_CONFIG = """\
# nbgrader configuration written by `kpilab course build` (edit freely; it is not overwritten).
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {course_id!r}
c.ClearSolutions.code_stub = {{"python": {code_stub!r}}}
c.ClearSolutions.text_stub = {text_stub!r}
# The self-check files and data are part of each assignment.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]
"""
STUBS = {
    "zh": ("# ✏️ 在这里作答：照上面的模板写出代码\n...", "✏️ 在这里写下你的回答。"),
    "en": ("# ✏️ Your answer here: follow the template above\n...", "✏️ Write your answer here."),
}


class BuildError(ValueError):
    """A course that cannot be built; the message says which path and why."""


def course_seed(course_id: str, module: int, trainee: str = "") -> int:
    """A stable seed for a module's case (per trainee when ``trainee`` is given)."""
    digest = hashlib.sha256(f"kpilab|{course_id}|{module}|{trainee}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def case_config(manifest: Manifest, seed: int) -> CaseConfig:
    return CaseConfig.model_validate({**manifest.case.model_dump(), "seed": seed})


def write_assignment(
    manifest: Manifest,
    lang: str,
    case_dir: Path,
    dest: Path,
) -> None:
    """Fill ``dest`` (an assignment folder) from a saved case at ``case_dir``."""
    key = AnswerKey.model_validate_json(
        (case_dir / "instructor" / "answer_key.json").read_text(encoding="utf-8")
    )
    tables = read_case(case_dir)
    cells = language_cells(manifest.notebook_path, lang)
    nb = build_notebook(manifest, cells, lang)
    dest.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dest / f"{manifest.assignment}.ipynb")
    shutil.copytree(case_dir / "data", dest / "data")
    (dest / "checks.json").write_text(
        checks_json(build_checks(manifest, key, tables, lang)), encoding="utf-8"
    )
    title = MODULES[manifest.module][0 if lang == "zh" else 1]
    (dest / "lesson.html").write_text(
        markdown_html(lesson_markdown(manifest.lesson_path, lang), title, lang), encoding="utf-8"
    )
    (dest / "glossary.html").write_text(glossary_html(lang), encoding="utf-8")


def _replace(tmp: Path, final: Path, force: bool) -> None:
    if final.exists():
        if not force:
            raise BuildError(f"{final} already exists; use --force to rebuild it")
        old = final.with_name(f".{final.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        final.rename(old)
        tmp.rename(final)
        shutil.rmtree(old)
    else:
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp.rename(final)


def build_module(
    manifest: Manifest,
    out: Path,
    *,
    lang: str = "zh",
    course_id: str = "kpilab",
    force: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Build one module into the course at ``out``; returns its source folder."""
    say = progress or (lambda _: None)
    final = out / "source" / manifest.assignment
    key_final = out / "instructor" / manifest.assignment
    for path in (final, key_final):
        if path.exists() and not force:
            raise BuildError(f"{path} already exists; use --force to rebuild it")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{manifest.assignment}-", dir=out) as tmp_str:
        tmp = Path(tmp_str)
        say(f"{manifest.assignment}: case")
        config = case_config(manifest, course_seed(course_id, manifest.module))
        case = generate_company(config=config)
        save_case(case, tmp / "case", formats=("parquet", "csv"))
        say(f"{manifest.assignment}: notebook")
        write_assignment(manifest, lang, tmp / "case", tmp / "source")
        _replace(tmp / "source", final, force)
        _replace(tmp / "case" / "instructor", key_final, force)
    lessons = out / "lessons"
    lessons.mkdir(exist_ok=True)
    md = lesson_markdown(manifest.lesson_path, lang)
    title = MODULES[manifest.module][0 if lang == "zh" else 1]
    (lessons / f"{manifest.assignment}.md").write_text(md, encoding="utf-8")
    (lessons / f"{manifest.assignment}.html").write_text(
        markdown_html(md, title, lang), encoding="utf-8"
    )
    return final


def build_course(
    out: Path,
    *,
    lang: str = "zh",
    modules: Iterable[int | str] | None = None,
    course_id: str = "kpilab",
    force: bool = False,
    progress: Progress | None = None,
) -> list[Path]:
    """Build the course (all modules, or ``modules``) into ``out``; returns the source folders."""
    chosen = list(manifests().values()) if modules is None else [manifest_for(m) for m in modules]
    out.mkdir(parents=True, exist_ok=True)
    config = out / "nbgrader_config.py"
    if not config.exists():
        code_stub, text_stub = STUBS[lang]
        config.write_text(
            NBGRADER_CONFIG.format(course_id=course_id, code_stub=code_stub, text_stub=text_stub),
            encoding="utf-8",
        )
    lessons = out / "lessons"
    lessons.mkdir(exist_ok=True)
    (lessons / "glossary.html").write_text(glossary_html(lang), encoding="utf-8")
    return [
        build_module(m, out, lang=lang, course_id=course_id, force=force, progress=progress)
        for m in chosen
    ]
