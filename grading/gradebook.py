"""Writing kpilab's automatic scores into nbgrader's gradebook.

formgrader then shows them beside the hand-graded written questions. nbgrader's own autograde
is not used: the scores come from :mod:`grading.grade`; here they land in the database as each
grade cell's ``auto_score``, and each written question (a task cell) is marked as waiting for a
manual grade, as nbgrader's autograde would. The notebook formgrader shows is the ``autograded/``
copy that :mod:`grading.batch` writes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from .grade import GradeResult


def gradebook_url(course: Path) -> str:
    return f"sqlite:///{(course / 'gradebook.db').resolve()}"


def write_scores(
    course: Path, results: Iterable[GradeResult], names: dict[str, str] | None = None
) -> int:
    """Store each result's question scores; returns how many submissions were written.

    The assignment must be in the gradebook (``nbgrader generate_assignment`` puts it there);
    trainees missing from it are added, with their names when ``names`` has them.
    """
    written = 0
    with Gradebook(gradebook_url(course)) as gb:
        for result in results:
            name = (names or {}).get(result.trainee)
            try:
                student = gb.find_student(result.trainee)
                if name:
                    student.first_name = name
            except MissingEntry:
                gb.add_student(result.trainee, first_name=name or "")
            try:
                gb.find_submission(result.assignment, result.trainee)
            except MissingEntry:
                gb.add_submission(result.assignment, result.trainee)
            scores = {q.id: q.score for q in result.questions}
            with contextlib.suppress(MissingEntry):
                notebook = gb.find_submission_notebook(
                    result.assignment, result.assignment, result.trainee
                )
                for grade in notebook.grades:
                    if grade.cell.type == "TaskCell":
                        # A written question: waits for the trainer in formgrader.
                        grade.needs_manual_grade = grade.manual_score is None
                    else:
                        # A submission that could not run scores 0, not "ungraded".
                        grade.auto_score = scores.get(grade.name, 0.0)
                        # A grade a trainer changed by hand stays theirs, flagged for review.
                        grade.needs_manual_grade = grade.manual_score is not None
            gb.db.commit()
            written += 1
    return written
