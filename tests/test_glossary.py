"""The committed glossaries are exactly what the catalogue generates."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.glossary import GLOSSARY_FILES, glossary_markdown, write_glossaries
from generator.indicators import REGISTRY

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_committed_glossary_is_up_to_date(lang):
    """Fails when an indicator changed without `kpilab glossary` being run."""
    committed = (ROOT / GLOSSARY_FILES[lang]).read_text(encoding="utf-8")
    assert committed == glossary_markdown(lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_glossary_lists_every_indicator_with_its_formula(lang):
    text = glossary_markdown(lang)
    for ind in REGISTRY.values():
        assert f"`{ind.id}`" in text
        assert (ind.formula_zh if lang == "zh" else ind.formula_en) in text


def test_glossary_is_grouped_by_module():
    text = glossary_markdown("zh")
    positions = [text.index(f"## 模块 {m} ") for m in range(1, 8)]
    assert positions == sorted(positions)
    assert text.index("`revenue`") < text.index("## 模块 2 ") < text.index("`churn_rate`")


def test_write_glossaries_writes_both_files(tmp_path):
    paths = write_glossaries(tmp_path)
    assert sorted(p.name for p in paths) == ["glossary.en.md", "glossary.zh.md"]
    assert (
        (tmp_path / "course/glossary.en.md")
        .read_text(encoding="utf-8")
        .startswith("# Indicator glossary")
    )
    assert not list(tmp_path.rglob("*.tmp"))
