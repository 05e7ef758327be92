"""Turning one language's cells into an nbgrader source notebook.

The manifest is the only place points live: answer cells become nbgrader solution cells, each
followed by a locked, graded self-check cell worth the question's points; written questions
become nbgrader task cells (rubric in a mark-scheme region, hidden from trainees) followed by a
free answer cell.
"""

from __future__ import annotations

from typing import Any

import nbformat

from ..manifest import Manifest, Question
from .source import Cell, SourceError

NBGRADER_SCHEMA = 3
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

TEXT = {
    "zh": {
        "answer_here": "✏️ 在这里写下你的回答（双击本格编辑，写完按 Shift+Enter）。",
        "written_head": "✍️ 书面题 {qid}（{points:g} 分，由讲师批改）：{title}",
        "rubric": "评分标准",
        "lesson": "📖 本模块讲义：[lesson.html](lesson.html) · 指标词汇表：[glossary.html](glossary.html)",
    },
    "en": {
        "answer_here": "✏️ Write your answer here (double-click to edit, Shift+Enter when done).",
        "written_head": "✍️ Written question {qid} ({points:g} points, graded by the trainer): "
        "{title}",
        "rubric": "Rubric",
        "lesson": "📖 Lesson: [lesson.html](lesson.html) · Glossary: [glossary.html](glossary.html)",
    },
}


def _nbgrader(grade_id: str, **flags: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {"grade": False, "solution": False, "locked": False, "task": False}
    meta.update(flags)
    meta["grade_id"] = grade_id
    meta["schema_version"] = NBGRADER_SCHEMA
    return {"nbgrader": meta}


def _question(manifest: Manifest, role: str, cell: Cell, kind: str) -> Question:
    qid = role.split(":", 1)[1]
    try:
        q = manifest.question(qid)
    except KeyError:
        raise SourceError(
            f"{manifest.notebook_path}: cell {cell.index}: {qid} is not in the manifest"
        ) from None
    if (kind == "written") != (q.type == "written"):
        raise SourceError(
            f"{manifest.notebook_path}: cell {cell.index}: {qid} is a {q.type} question, "
            f"not a {kind} cell"
        )
    return q


def build_notebook(manifest: Manifest, cells: list[Cell], lang: str) -> nbformat.NotebookNode:
    """The nbgrader source notebook (solutions included) of one module in one language."""
    text = TEXT[lang]
    out: list[nbformat.NotebookNode] = []
    placed: list[str] = []

    def add(kind: str, source: str, meta: dict[str, Any] | None = None) -> None:
        cid = f"{manifest.assignment}-{len(out) + 1:03d}"
        make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        node = make(source=source, metadata=meta or {})
        node["id"] = cid
        out.append(node)

    first_code = True
    for cell in cells:
        role = cell.role
        if role.startswith("answer:"):
            q = _question(manifest, role, cell, "answer")
            if "BEGIN SOLUTION" not in cell.source:
                raise SourceError(
                    f"{manifest.notebook_path}: cell {cell.index}: answer cell of {q.id} has no "
                    "### BEGIN SOLUTION region"
                )
            add("code", cell.source, _nbgrader(f"{q.id}_answer", solution=True))
            add(
                "code",
                f'check("{q.id}")',
                _nbgrader(q.id, grade=True, locked=True, points=q.points),
            )
            placed.append(q.id)
        elif role.startswith("written:"):
            q = _question(manifest, role, cell, "written")
            assert q.prompt is not None and q.rubric is not None
            head = text["written_head"].format(qid=q.id, points=q.points, title=q.title.get(lang))
            task = (
                f"### {head}\n\n{q.prompt.get(lang)}\n\n"
                f"=== BEGIN MARK SCHEME ===\n\n**{text['rubric']}**\n\n{q.rubric.get(lang)}\n\n"
                "=== END MARK SCHEME ==="
            )
            add("markdown", task, _nbgrader(q.id, task=True, locked=True, points=q.points))
            add("markdown", text["answer_here"], {})
            placed.append(q.id)
        elif role:
            raise SourceError(
                f"{manifest.notebook_path}: cell {cell.index}: unknown kpilab role {role!r} "
                "(answer:qN or written:wN)"
            )
        elif cell.kind == "markdown":
            add("markdown", cell.source, _nbgrader(f"text_{len(out) + 1:03d}", locked=True))
            if len(out) == 1:
                add("markdown", text["lesson"], _nbgrader("lesson_link", locked=True))
        else:
            if first_code:
                # The set-up cell is protected: the grader restores it before running.
                add("code", cell.source, _nbgrader("setup", locked=True))
                first_code = False
            else:
                add("code", cell.source, {})
    missing = [q.id for q in manifest.questions if q.id not in placed]
    if missing:
        raise SourceError(
            f"{manifest.notebook_path}: no cell for question(s) {', '.join(missing)} "
            "(add answer:/written: cells)"
        )
    twice = {q for q in placed if placed.count(q) > 1}
    if twice:
        raise SourceError(f"{manifest.notebook_path}: question(s) placed twice: {sorted(twice)}")
    nb = nbformat.v4.new_notebook(
        cells=out,
        metadata={
            "kernelspec": KERNELSPEC,
            "language_info": {"name": "python"},
            "kpilab": {"assignment": manifest.assignment, "lang": lang},
        },
    )
    nb.nbformat_minor = 5
    return nb
