"""The trainer's class: course directory, roster, and per-trainee handouts.

``init_course`` makes an nbgrader course directory that only its owner can read (so a grading
kernel, or another user, cannot read keys or submissions). ``import_roster`` reads the trainee
list exported from Excel. ``assign_module`` gives each trainee a case of their own, seeded from
(course id, module, trainee id): the planted problems land in other segments and months, keys go
to ``instructor/<assignment>/trainees/<id>/`` and each trainee's folder to
``kpilab/handout/<assignment>/<id>/``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from generator.api import generate_company
from generator.export import save_case

from .course.build import NBGRADER_CONFIG, STUBS, BuildError, build_module, case_config, course_seed
from .course.checks import build_checks, checks_json
from .manifest import Manifest

ROSTER = Path("kpilab") / "roster.csv"
_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
ID_HEADERS = ("id", "trainee_id", "student_id", "编号", "学号", "工号")
NAME_HEADERS = ("name", "姓名", "名字")


class ClassroomError(ValueError):
    """A one-line problem with the course, roster or assignment (file, field, what is allowed)."""


def init_course(path: Path, course_id: str | None = None, lang: str = "zh") -> Path:
    """Create the course directory with a working ``nbgrader_config.py``."""
    if (path / "nbgrader_config.py").exists():
        raise ClassroomError(f"{path} already holds a course (nbgrader_config.py exists)")
    cid = course_id or path.resolve().name
    if not _ID.match(cid):
        raise ClassroomError(f"--course-id：{cid!r} 只能包含字母、数字、_ . -（最多 64 个）")
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    for sub in ("source", "release", "submitted", "instructor", "kpilab"):
        (path / sub).mkdir(exist_ok=True)
    code_stub, text_stub = STUBS[lang]
    (path / "nbgrader_config.py").write_text(
        NBGRADER_CONFIG.format(course_id=cid, code_stub=code_stub, text_stub=text_stub),
        encoding="utf-8",
    )
    return path


def course_id(path: Path) -> str:
    """The course id recorded in ``nbgrader_config.py``."""
    config = path / "nbgrader_config.py"
    if not config.is_file():
        raise ClassroomError(f"{path} is not a course: run kpilab course init {path}")
    m = re.search(r"course_id = ['\"]([^'\"]+)['\"]", config.read_text(encoding="utf-8"))
    if m is None:
        raise ClassroomError(f"{config}: no c.CourseDirectory.course_id")
    return m[1]


def read_roster_csv(path: Path) -> list[tuple[str, str]]:
    """(id, name) rows of a roster CSV (UTF-8 with or without BOM, as Excel saves it)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ClassroomError(f"{path}: cannot read: {exc}") from None
    except UnicodeDecodeError:
        raise ClassroomError(
            f"{path}: not UTF-8; in Excel save as “CSV UTF-8 (逗号分隔)”"
        ) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ClassroomError(f"{path}: empty file; expected a header row with id,name")
    header = [h.strip().lower() for h in rows[0]]
    try:
        id_col = next(i for i, h in enumerate(header) if h in ID_HEADERS)
        name_col = next(i for i, h in enumerate(header) if h in NAME_HEADERS)
    except StopIteration:
        raise ClassroomError(
            f"{path}: header must name the id and name columns (id,name or 编号,姓名); found "
            f"{','.join(rows[0])}"
        ) from None
    out: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        tid = row[id_col].strip() if id_col < len(row) else ""
        name = row[name_col].strip() if name_col < len(row) else ""
        if not _ID.match(tid):
            raise ClassroomError(
                f"{path}: row {n}: id {tid!r} must be 1–64 letters, digits, _ . or -"
            )
        if tid in seen:
            raise ClassroomError(f"{path}: row {n}: id {tid} repeats row {seen[tid]}")
        seen[tid] = n
        out.append((tid, name))
    if not out:
        raise ClassroomError(f"{path}: no trainees below the header")
    return out


def import_roster(course: Path, csv_path: Path) -> list[tuple[str, str]]:
    """Store the roster in the course (``kpilab/roster.csv`` and nbgrader's gradebook)."""
    from nbgrader.api import Gradebook

    from .gradebook import gradebook_url

    course_id(course)
    rows = read_roster_csv(csv_path)
    target = course / ROSTER
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".roster-")
    with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name"])
        writer.writerows(rows)
    os.replace(tmp, target)
    with Gradebook(gradebook_url(course)) as gb:
        for tid, name in rows:
            gb.update_or_create_student(tid, first_name=name)
    return rows


def roster(course: Path) -> list[tuple[str, str]]:
    path = course / ROSTER
    if not path.is_file():
        raise ClassroomError(f"{course}: no roster yet; run kpilab roster import trainees.csv")
    return read_roster_csv(path)


def release_with_nbgrader(course: Path, assignment: str) -> None:
    """``nbgrader generate_assignment``: the trainee version, without solutions or rubrics."""
    env = dict(os.environ)
    # nbgrader calls alembic by name: this interpreter's bin/ must be on PATH.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    run = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force"],
        cwd=course, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise BuildError(f"nbgrader generate_assignment {assignment} failed: {last}")


def _trainee_case(manifest: Manifest, cid: str, trainee: str, dest: Path, lang: str) -> str:
    """Generate one trainee's case into ``dest`` (atomically); returns the trainee id."""
    config = case_config(manifest, course_seed(cid, manifest.module, trainee))
    # Leave segment and start to the seed, so each trainee's problems sit elsewhere.
    if config.problems:
        spec = [p.model_copy(update={"segment": None, "start": None}) for p in config.problems]
        config = config.model_copy(update={"problems": spec})
    tmp = Path(tempfile.mkdtemp(prefix=f".{trainee}-", dir=dest.parent))
    try:
        save_case(generate_company(config=config), tmp / "case", formats=("parquet", "csv"))
        from generator.answer_key import AnswerKey
        from generator.output import read_case

        key = AnswerKey.model_validate_json(
            (tmp / "case" / "instructor" / "answer_key.json").read_text(encoding="utf-8")
        )
        checks = build_checks(manifest, key, read_case(tmp / "case"), lang)
        (tmp / "case" / "checks.json").write_text(checks_json(checks), encoding="utf-8")
        if dest.exists():
            shutil.rmtree(dest)
        (tmp / "case").rename(dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return trainee


def assign_module(
    course: Path,
    manifest: Manifest,
    *,
    lang: str = "zh",
    per_trainee: bool = True,
    workers: int = 1,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Path]:
    """Release ``manifest``'s module; with ``per_trainee``, one case and handout per trainee."""
    cid = course_id(course)
    source = course / "source" / manifest.assignment
    if not source.is_dir():
        build_module(manifest, course, lang=lang, course_id=cid)
    if not per_trainee:
        release_with_nbgrader(course, manifest.assignment)
        return [course / "release" / manifest.assignment]
    people = roster(course)
    cases = course / "instructor" / manifest.assignment / "trainees"
    cases.mkdir(parents=True, exist_ok=True)
    todo = [t for t, _ in people if not (cases / t / "instructor" / "answer_key.json").is_file()]
    done = len(people) - len(todo)
    if workers > 1 and len(todo) > 1:
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            futures = [pool.submit(_trainee_case, manifest, cid, t, cases / t, lang) for t in todo]
            for f in futures:
                who = f.result()
                done += 1
                if progress:
                    progress(done, len(people), who)
    else:
        for t in todo:
            _trainee_case(manifest, cid, t, cases / t, lang)
            done += 1
            if progress:
                progress(done, len(people), t)
    handouts = []
    release = course / "release" / manifest.assignment / f"{manifest.assignment}.ipynb"
    if not release.is_file():
        release_with_nbgrader(course, manifest.assignment)
    for t, _ in people:
        out = course / "kpilab" / "handout" / manifest.assignment / t
        tmp = out.with_name(f".{t}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        shutil.copy2(release, tmp / release.name)
        shutil.copytree(cases / t / "data", tmp / "data")
        shutil.copy2(cases / t / "checks.json", tmp / "checks.json")
        for page in ("lesson.html", "glossary.html"):
            if (source / page).is_file():
                shutil.copy2(source / page, tmp / page)
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
        handouts.append(out)
    return handouts
