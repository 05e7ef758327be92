"""Grading a whole module: every trainee's submission, in parallel, resumable.

Submissions come from nbgrader's ``submitted/<trainee>/<assignment>/<assignment>.ipynb`` or from
a folder of ``<trainee>.ipynb`` files. Each trainee is graded against their own case when
``instructor/<assignment>/trainees/<trainee>/`` exists (per-trainee data), else against the
class case. Each result is written to ``kpilab/grades/<assignment>/<trainee>.json`` as soon as it
is known (temporary file, then rename), so a run killed half-way and started again grades only
what is left, and never anyone twice: a result is reused when the submission's hash and the
grader's version are unchanged. The notebook as it ran goes to nbgrader's
``autograded/<trainee>/<assignment>/``, where formgrader shows it for the written questions.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from generator import __version__

from .files import write_atomic
from .grade import GradeResult, file_sha256, grade_submission
from .manifest import Manifest
from .sandbox import Limits


@dataclass(frozen=True)
class Job:
    """One submission to grade."""

    trainee: str
    submission: Path
    case: Path


def class_case(course: Path, assignment: str) -> Path:
    """A case folder (``data/`` + ``instructor/``) for the class-wide case of a course build."""
    view = course / "kpilab" / "cases" / assignment / "_class"
    if not view.exists():
        view.mkdir(parents=True)
        (view / "data").symlink_to(course / "source" / assignment / "data")
        (view / "instructor").symlink_to(course / "instructor" / assignment)
    return view


def find_submissions(course: Path, manifest: Manifest, folder: Path | None = None) -> list[Job]:
    """Every submission of the module, sorted by trainee id."""
    name = manifest.assignment
    found: dict[str, Path] = {}
    if folder is not None:
        for path in sorted(folder.glob("*.ipynb")):
            found[path.stem] = path
    else:
        for path in sorted((course / "submitted").glob(f"*/{name}/{name}.ipynb")):
            found[path.parent.parent.name] = path
    jobs = []
    for trainee, path in sorted(found.items()):
        own = course / "instructor" / name / "trainees" / trainee
        case = (
            own if (own / "instructor" / "answer_key.json").is_file() else class_case(course, name)
        )
        jobs.append(Job(trainee, path, case))
    return jobs


def result_path(course: Path, assignment: str, trainee: str) -> Path:
    return course / "kpilab" / "grades" / assignment / f"{trainee}.json"


def load_result(path: Path) -> GradeResult | None:
    try:
        return GradeResult.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _up_to_date(course: Path, manifest: Manifest, job: Job) -> bool:
    old = load_result(result_path(course, manifest.assignment, job.trainee))
    return (
        old is not None
        and old.grader_version == __version__
        and old.submission_sha256 == file_sha256(job.submission)
    )


def _write(path: Path, result: GradeResult) -> None:
    write_atomic(path, result.model_dump_json(indent=1).encode("utf-8"))


def autograded_path(course: Path, assignment: str, trainee: str) -> Path:
    """Where nbgrader's formgrader looks for the graded copy of a submission."""
    return course / "autograded" / trainee / assignment / f"{assignment}.ipynb"


def _grade_one(
    job: Job, manifest: Manifest, source: Path, limits: Limits, hidden: list[Path], course: Path
) -> GradeResult:
    try:
        return grade_submission(
            job.submission,
            manifest,
            job.case,
            source=source,
            trainee=job.trainee,
            limits=limits,
            hidden=hidden,
            autograded=autograded_path(course, manifest.assignment, job.trainee),
        )
    except Exception as exc:  # one broken submission must never stop the batch
        return GradeResult(
            assignment=manifest.assignment,
            trainee=job.trainee,
            submission_sha256="",
            grader_version=__version__,
            status="failed",
            failure="grader_error",
            reason_zh=f"评分程序出错：{type(exc).__name__}: {exc}",
            reason_en=f"the grader failed: {type(exc).__name__}: {exc}",
            max_score=sum(q.points for q in manifest.auto),
        )


def _remove_partial_files(course: Path, assignment: str) -> None:
    """Temporary files a killed run left behind (results are only ever renamed into place)."""
    grades = course / "kpilab" / "grades" / assignment
    for partial in [*grades.glob(".*"), *(course / "autograded").glob(f"*/{assignment}/.*")]:
        if partial.is_file():
            partial.unlink(missing_ok=True)


def grade_module(
    course: Path,
    manifest: Manifest,
    *,
    workers: int = 1,
    trainees: list[str] | None = None,
    folder: Path | None = None,
    limits: Limits | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Iterator[GradeResult]:
    """Grade the module's submissions; yields each result as it is written.

    ``trainees`` re-grades only those trainees (always, even when up to date); without it,
    submissions whose results are up to date are skipped.
    """
    limits = limits or Limits()
    source = course / "source" / manifest.assignment / f"{manifest.assignment}.ipynb"
    jobs = find_submissions(course, manifest, folder)
    if trainees is not None:
        unknown = set(trainees) - {j.trainee for j in jobs}
        if unknown:
            raise ValueError(f"no submission from: {', '.join(sorted(unknown))}")
        jobs = [j for j in jobs if j.trainee in trainees]
    else:
        jobs = [j for j in jobs if not _up_to_date(course, manifest, j)]
    hidden = [course.resolve()] + ([folder.resolve()] if folder is not None else [])
    _remove_partial_files(course, manifest.assignment)
    total = len(jobs)
    if workers <= 1:
        for done, job in enumerate(jobs, 1):
            result = _grade_one(job, manifest, source, limits, hidden, course)
            _write(result_path(course, manifest.assignment, job.trainee), result)
            if progress:
                progress(done, total, job.trainee)
            yield result
        return
    # Fresh interpreters, not forks: the grader's own threads and sockets must not be copied.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures = {
            pool.submit(_grade_one, job, manifest, source, limits, hidden, course): job
            for job in jobs
        }
        for done, future in enumerate(as_completed(futures), 1):
            job = futures[future]
            result = future.result()
            _write(result_path(course, manifest.assignment, job.trainee), result)
            if progress:
                progress(done, total, job.trainee)
            yield result


def all_results(course: Path, assignment: str) -> list[GradeResult]:
    """Every stored result of the module, by trainee id."""
    folder = course / "kpilab" / "grades" / assignment
    results = [load_result(p) for p in sorted(folder.glob("*.json"))]
    return [r for r in results if r is not None]
