"""Product catalogues of the five profiles: schema, determinism, names, margins, long tail."""

from __future__ import annotations

import csv
import re
from importlib import resources

import numpy as np
import pandas as pd
import pytest

from generator.catalog import build_products, profile_categories, zipf_weights
from generator.schema import validate

START = pd.Timestamp("2025-01-01")
PROFILES = (
    "ecommerce_retail",
    "hotel_chain",
    "pharma_distribution",
    "financial_services",
    "manufacturing_b2b",
)
#: A realistic catalogue size per profile (hotels sell a few dozen room types and packages).
SIZES = {
    "ecommerce_retail": 400,
    "hotel_chain": 30,
    "pharma_distribution": 400,
    "financial_services": 120,
    "manufacturing_b2b": 300,
}
#: Industry range of the popularity-weighted gross margin (finance: the fee income rate).
MARGIN_RANGE = {
    "ecommerce_retail": (0.40, 0.65),
    "hotel_chain": (0.30, 0.40),
    "pharma_distribution": (0.10, 0.25),
    "financial_services": (0.005, 0.025),
    "manufacturing_b2b": (0.15, 0.35),
}


def _rows() -> list[dict[str, str]]:
    text = (resources.files("generator") / "data" / "catalog.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _weighted_margin(products: pd.DataFrame, traits: pd.DataFrame) -> float:
    """Gross margin if units sold follow popularity: Σ w·(price − cost) ÷ Σ w·price."""
    w = traits["popularity"].to_numpy()
    price = products["unit_price"].to_numpy()
    cost = products["unit_cost"].to_numpy()
    return float((w * (price - cost)).sum() / (w * price).sum())


def test_catalog_csv_shape() -> None:
    rows = _rows()
    assert list(rows[0]) == [
        "profile", "category", "category_en", "category_name_en", "share", "price_median",
        "price_sigma", "margin", "margin_sd", "subcategory_words", "subcategory_words_en",
        "item_words", "item_words_en", "brands", "brands_en",
    ]  # fmt: skip
    assert {r["profile"] for r in rows} == set(PROFILES)
    for profile in PROFILES:
        mine = [r for r in rows if r["profile"] == profile]
        assert 5 <= len(mine) <= 10
        assert sum(float(r["share"]) for r in mine) == pytest.approx(1.0)
        assert profile_categories(profile) == [r["category"] for r in mine]
        assert profile_categories(profile, "en_US") == [r["category_name_en"] for r in mine]


def test_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown profile"):
        profile_categories("bakery")
    with pytest.raises(ValueError, match="unknown profile"):
        build_products("bakery", 10, 0, START)


@pytest.mark.parametrize("profile", PROFILES)
def test_products_are_schema_valid(profile: str) -> None:
    products, traits = build_products(profile, SIZES[profile], 3, START)
    assert validate({"products": products}) == []
    assert len(products) == SIZES[profile]
    assert products["sku_id"].iloc[0] == "P00001"
    assert products["name"].is_unique
    assert products["subcategory"].notna().all() and products["brand"].notna().all()
    assert (products["unit_cost"] < products["unit_price"]).all()
    assert (products["unit_cost"] == products["unit_cost"].round(2)).all()
    # Traits line up with the products, row by row.
    assert list(traits.columns) == ["sku_id", "popularity", "category_index"]
    assert traits["sku_id"].tolist() == products["sku_id"].tolist()
    names = np.array(profile_categories(profile), dtype=object)
    assert (names[traits["category_index"].to_numpy()] == products["category"].to_numpy()).all()


@pytest.mark.parametrize("profile", PROFILES)
def test_determinism(profile: str) -> None:
    a = build_products(profile, SIZES[profile], 11, START)
    b = build_products(profile, SIZES[profile], 11, START)
    c = build_products(profile, SIZES[profile], 12, START)
    pd.testing.assert_frame_equal(a[0], b[0])
    pd.testing.assert_frame_equal(a[1], b[1])
    assert not a[0].equals(c[0])
    assert not a[1]["popularity"].equals(c[1]["popularity"])


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_weighted_gross_margin_in_industry_range(profile: str, seed: int) -> None:
    products, traits = build_products(profile, SIZES[profile], seed, START)
    lo, hi = MARGIN_RANGE[profile]
    assert lo <= _weighted_margin(products, traits) <= hi


@pytest.mark.parametrize("profile", PROFILES)
def test_popularity_is_a_long_tail(profile: str) -> None:
    n = SIZES[profile]
    _, traits = build_products(profile, n, 5, START)
    pop = traits["popularity"].to_numpy()
    assert pop.sum() == pytest.approx(1.0)
    assert (pop > 0).all()
    top = np.sort(pop)[::-1][: max(1, round(0.2 * n))].sum()
    assert 0.60 <= top <= 0.80
    # Shuffled: popularity says nothing about the SKU id.
    rank_corr = np.corrcoef(np.arange(n), pd.Series(pop).rank().to_numpy())[0, 1]
    assert abs(rank_corr) < 0.35


@pytest.mark.parametrize("n", [5, 20, 100, 2000])
def test_zipf_weights_top_share(n: int) -> None:
    w = zipf_weights(n)
    assert w.sum() == pytest.approx(1.0)
    assert (np.diff(w) <= 0).all()
    assert w[: max(1, round(0.2 * n))].sum() == pytest.approx(0.70, abs=0.01)


@pytest.mark.parametrize("profile", PROFILES)
def test_category_shares_match_the_catalogue(profile: str) -> None:
    n = SIZES[profile]
    products, _ = build_products(profile, n, 7, START)
    share = {r["category"]: float(r["share"]) for r in _rows() if r["profile"] == profile}
    got = products["category"].value_counts(normalize=True)
    assert set(got.index) == set(share)
    for category, expected in share.items():
        assert abs(got[category] - expected) <= 1.0 / n + 1e-9


@pytest.mark.parametrize("profile", PROFILES)
def test_launch_dates_and_status(profile: str) -> None:
    products, _ = build_products(profile, 1000, 2, START)
    launched = products["launched_at"]
    new = launched >= START
    assert 0.0 < new.mean() < 0.15
    assert (launched < START + pd.Timedelta(days=90)).all()
    assert (launched > START - pd.Timedelta(days=3651)).all()
    # Ids are numbered in launch order.
    assert launched.is_monotonic_increasing
    gone = products["status"] == "discontinued"
    assert 0.0 < gone.mean() < 0.1
    assert not (gone & new).any()


def test_price_grids() -> None:
    retail, _ = build_products("ecommerce_retail", 400, 1, START)
    dimes = np.round(retail["unit_price"].to_numpy() * 10).astype(int)
    high = retail["unit_price"].to_numpy() >= 29
    assert (dimes[high] % 100 == 90).all()  # 29, 129, 199...
    assert (dimes[~high] % 10 == 9).all()  # 9.9, 12.9...

    hotel, _ = build_products("hotel_chain", 60, 1, START)
    assert (hotel["unit_price"] % 1 == 0).all()
    rooms = hotel.loc[hotel["category"] != "早餐套餐", "unit_price"]
    assert rooms.between(200, 900).all()

    finance, _ = build_products("financial_services", 120, 1, START)
    assert (finance["unit_price"] % 100 == 0).all()
    assert finance["unit_price"].median() >= 10_000


@pytest.mark.parametrize("n", [1, 3, 7])
def test_tiny_catalogues(n: int) -> None:
    products, traits = build_products("ecommerce_retail", n, 0, START)
    assert validate({"products": products}) == []
    assert len(products) == len(traits) == n
    assert traits["popularity"].sum() == pytest.approx(1.0)


def test_large_catalogue_names_stay_unique() -> None:
    products, _ = build_products("hotel_chain", 500, 0, START)
    assert products["name"].is_unique


@pytest.mark.parametrize("profile", PROFILES)
def test_english_catalogue_names_the_same_skus(profile: str) -> None:
    """en_US words every SKU in English; the numbers and the word drawn from each list are the
    same as in zh_CN, so one seed gives the same catalogue in both languages."""
    zh, zh_traits = build_products(profile, SIZES[profile], 4, START)
    en, en_traits = build_products(profile, SIZES[profile], 4, START, "en_US")
    pd.testing.assert_frame_equal(zh_traits, en_traits)
    same = ["sku_id", "unit_price", "unit_cost", "status", "launched_at"]
    pd.testing.assert_frame_equal(zh[same], en[same])
    assert validate({"products": en}) == []
    assert en["name"].is_unique
    text = en[["name", "category", "subcategory", "brand"]].to_numpy().ravel()
    assert not [t for t in text if re.search("[\u4e00-\u9fff]", t)]
    # Word for word: each Chinese word always has the same English one, and the other way round.
    for column in ("category", "subcategory", "brand"):
        pairs = set(zip(zh[column], en[column], strict=True))
        assert len(pairs) == zh[column].nunique() == en[column].nunique(), column
    zh_names, en_names = profile_categories(profile), profile_categories(profile, "en_US")
    categories = dict(zip(zh_names, en_names, strict=True))
    assert (zh["category"].map(categories) == en["category"]).all()
    # The brand opens the name in both languages.
    assert all(n.startswith(b + " ") for n, b in zip(en["name"], en["brand"], strict=True))
