"""Reading a bilingual jupytext source and picking one language out of it.

Markdown cells come in pairs (``lang="zh"`` then ``lang="en"``); code cells mark per-language
comment lines with ``# zh:`` / ``# en:``. :func:`language_cells` returns the cells of one
language and fails on anything unpaired, so the zh and en builds always have the same cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat

LANGS = ("zh", "en")
_LANG_LINE = re.compile(r"^(\s*)#\s?(zh|en):\s?(.*)$")


class SourceError(ValueError):
    """A source file that breaks the course conventions (file, cell number and why)."""


@dataclass(frozen=True)
class Cell:
    """One cell of one language: its kind, text and kpilab role (``answer:q1``, ``written:w1``)."""

    kind: str  # "markdown" | "code"
    source: str
    role: str = ""
    index: int = 0  # position in the source file, for error messages


def read_source(path: Path) -> nbformat.NotebookNode:
    try:
        return jupytext.read(path)
    except Exception as exc:  # jupytext raises several types for malformed files
        raise SourceError(f"{path}: cannot read as a jupytext notebook: {exc}") from None


def _code_for(source: str, lang: str) -> str:
    out = []
    for line in source.split("\n"):
        m = _LANG_LINE.match(line)
        if m is None:
            out.append(line)
        elif m[2] == lang:
            out.append(f"{m[1]}# {m[3]}".rstrip())
    return "\n".join(out)


def language_cells(path: Path, lang: str) -> list[Cell]:
    """The cells of ``path`` in language ``lang``; raises :class:`SourceError` on unpaired text."""
    if lang not in LANGS:
        raise SourceError(f"language must be one of {', '.join(LANGS)}, not {lang!r}")
    nb = read_source(path)
    cells: list[Cell] = []
    raw = list(nb.cells)
    i = 0
    while i < len(raw):
        c = raw[i]
        role = str(c.metadata.get("kpilab", ""))
        if c.cell_type == "markdown" and not role:
            first = c.metadata.get("lang")
            nxt = raw[i + 1] if i + 1 < len(raw) else None
            if first != "zh":
                raise SourceError(
                    f'{path}: cell {i + 1}: a markdown cell needs lang="zh" and then its '
                    f'lang="en" twin (found lang={first!r})'
                )
            if nxt is None or nxt.cell_type != "markdown" or nxt.metadata.get("lang") != "en":
                raise SourceError(
                    f"{path}: cell {i + 1}: this Chinese markdown cell has no English twin "
                    "right after it"
                )
            chosen = c if lang == "zh" else nxt
            cells.append(Cell("markdown", chosen.source, "", i + 1))
            i += 2
            continue
        if c.cell_type == "markdown":
            if c.source.strip():
                raise SourceError(f"{path}: cell {i + 1}: the {role} marker cell must be empty")
            cells.append(Cell("markdown", "", role, i + 1))
        elif c.cell_type == "code":
            counts = {
                g: sum(
                    1
                    for line in c.source.split("\n")
                    if (m := _LANG_LINE.match(line)) and m[2] == g
                )
                for g in LANGS
            }
            if counts["zh"] != counts["en"]:
                raise SourceError(
                    f"{path}: cell {i + 1}: {counts['zh']} '# zh:' lines but {counts['en']} "
                    "'# en:' lines; every comment needs both languages"
                )
            cells.append(Cell("code", _code_for(c.source, lang), role, i + 1))
        i += 1
    return cells
