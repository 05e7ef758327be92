"""The course sources: manifests, language pairing, nbgrader metadata and lesson pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.indicators import REGISTRY
from generator.registry import PROBLEMS, load_all
from grading.course.lessons import committed_lessons, lesson_markdown
from grading.course.notebook import build_notebook
from grading.course.source import SourceError, language_cells
from grading.manifest import Manifest, ManifestError, load_manifest, manifests
from grading.mistakes import load_all as load_mistakes

MODULES = manifests()


def test_every_module_has_a_manifest() -> None:
    assert sorted(MODULES) == list(range(1, 9))


@pytest.fixture(params=sorted(MODULES), ids=lambda m: MODULES[m].assignment)
def manifest(request: pytest.FixtureRequest) -> Manifest:
    return MODULES[request.param]


def test_module_has_the_required_questions(manifest: Manifest) -> None:
    kinds = [q.type for q in manifest.questions]
    assert kinds.count("diagnosis") >= 2
    assert kinds.count("written") >= 1
    assert any(k in ("number", "table", "choice") for k in kinds)
    assert sum(len(q.mistakes) for q in manifest.questions) >= 2


def test_keys_point_at_real_indicators_and_planted_problems(manifest: Manifest) -> None:
    load_all()
    planted = {p["id"] for p in manifest.case.model_dump().get("problems") or []}
    for q in manifest.auto:
        assert q.key is not None
        kind, _, rest = q.key.partition(":")
        name = rest.split("@")[0].split("/")[0].split(".")[0]
        if kind == "indicator":
            assert name in REGISTRY, q.key
        else:
            assert name in PROBLEMS and name in planted, q.key
            assert manifest.case.profile in PROBLEMS[name].profiles


def test_mistakes_are_registered(manifest: Manifest) -> None:
    known = load_mistakes()
    for q in manifest.questions:
        for m in q.mistakes:
            assert m.id in known, f"{q.id}: {m.id}"


def test_zh_and_en_have_the_same_cells(manifest: Manifest) -> None:
    zh = language_cells(manifest.notebook_path, "zh")
    en = language_cells(manifest.notebook_path, "en")
    assert [(c.kind, c.role, c.index) for c in zh] == [(c.kind, c.role, c.index) for c in en]
    nb_zh, nb_en = build_notebook(manifest, zh, "zh"), build_notebook(manifest, en, "en")
    meta = [
        [(c.cell_type, c.metadata.get("nbgrader", {}).get("grade_id")) for c in nb.cells]
        for nb in (nb_zh, nb_en)
    ]
    assert meta[0] == meta[1]


def test_nbgrader_points_come_from_the_manifest(manifest: Manifest) -> None:
    nb = build_notebook(manifest, language_cells(manifest.notebook_path, "zh"), "zh")
    points = {
        c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"]
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("points") is not None
    }
    assert points == {q.id: q.points for q in manifest.questions}
    for c in nb.cells:
        meta = c.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("task"):
            assert meta["locked"] and c.source == f'check("{meta["grade_id"]}")'


def test_lesson_in_both_languages(manifest: Manifest) -> None:
    zh = lesson_markdown(manifest.lesson_path, "zh")
    en = lesson_markdown(manifest.lesson_path, "en")
    assert "{{" not in zh + en and "[[" not in zh + en
    assert "glossary.html#" in zh and "glossary.html#" in en
    assert sum(ch > "\u4e00" for ch in zh) > sum(ch > "\u4e00" for ch in en)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "m9_x.py"
    path.write_text(text, encoding="utf-8")
    return path


def test_unpaired_markdown_fails(tmp_path: Path) -> None:
    path = _write(tmp_path, '# %% [markdown] lang="zh"\n# 只有中文\n\n# %%\nx = 1\n')
    with pytest.raises(SourceError, match="English twin"):
        language_cells(path, "zh")


def test_markdown_without_language_fails(tmp_path: Path) -> None:
    path = _write(tmp_path, "# %% [markdown]\n# text\n")
    with pytest.raises(SourceError, match="cell 1"):
        language_cells(path, "en")


def test_one_sided_code_comment_fails(tmp_path: Path) -> None:
    path = _write(tmp_path, "# %%\n# zh: 中文\nx = 1\n")
    with pytest.raises(SourceError, match="en:"):
        language_cells(path, "zh")


def test_code_comments_follow_the_language(tmp_path: Path) -> None:
    path = _write(tmp_path, "# %%\n# zh: 求和\n# en: sum\nx = 1  # shared\n")
    assert language_cells(path, "zh")[0].source == "# 求和\nx = 1  # shared"
    assert language_cells(path, "en")[0].source == "# sum\nx = 1  # shared"


def test_bad_manifest_names_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "m1_bad.yaml"
    path.write_text(
        "module: 1\nassignment: m1_bad\ncase: {profile: ecommerce_retail}\nquestions:\n"
        "  - {id: q1, type: number, points: 1, var: x, key: 'revenue',\n"
        "     title: {zh: 题, en: Q}, hints: [{zh: 提示, en: hint}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ManifestError, match=r"m1_bad\.yaml: questions\.0\.key"):
        load_manifest(path)


def test_committed_lesson_pages_are_up_to_date() -> None:
    pages = committed_lessons()
    assert len(pages) == 2 * len(MODULES)
    for path, text in pages.items():
        assert path.is_file(), f"run kpilab course lessons: {path.name} is missing"
        assert path.read_text(encoding="utf-8") == text, f"run kpilab course lessons: {path.name}"
