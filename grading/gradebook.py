"""Writing kpilab's automatic scores into nbgrader's gradebook.

formgrader then shows them beside the hand-graded written questions. nbgrader's own autograde
is not used: the scores come from :mod:`grading.grade`; here they only land in the database as
each grade cell's ``auto_score``.
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
            name = (names or {}).get(result.trainee, "")
            gb.update_or_create_student(result.trainee, first_name=name)
            try:
                gb.find_submission(result.assignment, result.trainee)
            except MissingEntry:
                gb.add_submission(result.assignment, result.trainee)
            for q in result.questions:
                with contextlib.suppress(MissingEntry):
                    grade = gb.find_grade(
                        q.id, result.assignment, result.assignment, result.trainee
                    )
                    grade.auto_score = q.score
            gb.db.commit()
            written += 1
    return written
