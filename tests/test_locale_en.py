"""en_US cases: an English company, with the catalogue, hotels and teams of the zh_CN case.

zh_CN bytes are pinned by the shipped example cases (tests/test_datasets.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from generator.api import generate_company
from generator.export import save_case
from generator.registry import PROFILES, load_all

load_all()
PROFILE_NAMES = sorted(PROFILES)
HAN = re.compile(r"[\u4e00-\u9fff]")


def _case(profile: str, locale: str):
    return generate_company(profile, seed=2, size="small", locale=locale, with_indicators=False)


@pytest.fixture(scope="module")
def pairs():
    """zh_CN and en_US cases of every profile with one seed, planted problems included."""
    return {name: (_case(name, "zh_CN"), _case(name, "en_US")) for name in PROFILE_NAMES}


def _chinese_cells(frame: pd.DataFrame) -> dict[str, list[str]]:
    out = {}
    for column in frame.columns:
        values = frame[column].dropna()
        if values.map(lambda v: isinstance(v, str)).any():
            hits = sorted({v for v in values.astype(str) if HAN.search(v)})
            if hits:
                out[column] = hits[:3]
    return out


@pytest.mark.parametrize("profile", PROFILE_NAMES)
def test_en_us_tables_have_no_chinese_text(pairs, profile):
    _, en = pairs[profile]
    found = {name: cells for name, df in en.tables.items() if (cells := _chinese_cells(df))}
    assert found == {}


#: Columns worded word for word in both languages; the rest of these tables is identical.
LABELS = {
    "products": ("name", "category", "subcategory", "brand"),
    "stores": ("name", "province", "city"),
    "employees": ("team",),
}


@pytest.mark.parametrize("profile", PROFILE_NAMES)
def test_en_us_catalogue_stores_and_teams_match_zh_cn_but_for_the_words(pairs, profile):
    """Same seed, other locale: the same SKUs, hotels and teams, worded in English."""
    zh, en = pairs[profile]
    assert list(en.tables) == list(zh.tables)
    for name, columns in LABELS.items():
        if name not in zh.tables:
            continue
        zh_df, en_df = zh.tables[name], en.tables[name]
        assert len(en_df) == len(zh_df), name
        for column in columns:
            # A word for a word: the Chinese and English values split the rows alike.
            codes_zh, codes_en = pd.factorize(zh_df[column])[0], pd.factorize(en_df[column])[0]
            assert (codes_zh == codes_en).all(), (name, column)
        if name != "employees":  # employees' names come from the locale's name pool
            rest = [c for c in zh_df.columns if c not in columns]
            pd.testing.assert_frame_equal(en_df[rest], zh_df[rest], obj=name)


@pytest.mark.parametrize("profile", PROFILE_NAMES)
def test_en_us_answer_key_names_english_segments(pairs, profile):
    zh, en = pairs[profile]
    assert [(p.id, p.dimension) for p in en.key.problems] == [
        (p.id, p.dimension) for p in zh.key.problems
    ]
    assert en.key.problems
    for entry in [*en.key.problems, *en.key.decoys]:
        assert not HAN.search(entry.segment), entry
        if entry.dimension == "category":  # a product category or a ticket category
            known = set(en.tables["products"]["category"])
            known |= set(en.tables["support_tickets"]["category"])
            assert entry.segment in known, entry


@pytest.mark.parametrize("profile", ["hotel_chain", "pharma_distribution"])
def test_en_us_data_folder_has_no_chinese(pairs, profile, tmp_path: Path):
    save_case(pairs[profile][1], tmp_path)
    files = [p for p in sorted((tmp_path / "data").iterdir()) if p.suffix in (".csv", ".md")]
    assert any(p.name == "README.en.md" for p in files)
    for path in files:
        if path.name == "README.zh.md":
            continue
        text = path.read_text(encoding="utf-8-sig")
        assert not HAN.search(text), (path.name, HAN.search(text))
