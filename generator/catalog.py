"""Product catalogues of the industry profiles: SKUs with names, prices, costs and popularity.

The categories of every profile live in ``generator/data/catalog.csv``, one row per category:

* ``share`` — the category's share of the SKUs;
* ``price_median``, ``price_sigma`` — a lognormal list price in CNY (truncated at ±2.2 sigma);
  hotels give the price of one room night, financial services the typical subscription amount;
* ``margin``, ``margin_sd`` — the mean and spread of the SKU's gross margin. For financial
  services it is the firm's fee share of the subscription, so ``unit_cost = unit_price × (1 − fee
  rate)`` and ``gross_margin`` reads as the fee income rate;
* ``subcategory_words`` — ``|``-separated subcategories; ``item_words`` — one ``|``-separated group
  of item words per subcategory, groups separated by ``;``; ``brands`` — ``|``-separated fictional
  brands (sub-brands for hotels, issuers for financial products).
* ``category_name_en``, ``subcategory_words_en``, ``item_words_en``, ``brands_en`` — the English
  words of an ``en_US`` case, word for word in the same order as the Chinese ones, so that one seed
  draws the same SKUs in both languages (``category_en`` is the category's code).

A product name is ``<brand> <item word> <variant>`` (``<brand> <item word>, <variant>`` in English)
with the variant words of the category (colours, rate plans, pack sizes, share classes, model sizes)
defined below, in Chinese and in English. Alongside the products table,
:func:`build_products` returns hidden traits for the simulation: each SKU's long-tail popularity
(the share of units it draws) and its category index.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from .rng import Stream, stream
from .schema.frames import conform

#: Share of popularity held by the top 20% of SKUs.
TOP_SHARE = 0.70
#: Zipf–Mandelbrot offset: ``weight ∝ (rank + q) ** -s``; softens the very top of the tail.
_ZIPF_Q = 1.5
#: Spread of the multiplicative noise on the Zipf weights (keeps ranks mostly, not exactly).
_POP_NOISE = 0.12
#: Prices and margins are truncated at these many standard deviations.
_PRICE_CLIP = 2.2
_MARGIN_CLIP = 2.5
#: New SKUs launch within this many days after the start of the period.
_NEW_WINDOW_DAYS = 90
#: No SKU was launched longer ago than this.
_MAX_AGE_DAYS = 3650

# Fixed sub-stream indices of Stream.PRODUCTS; never renumber.
_S_NAMES, _S_PRICE, _S_MARGIN, _S_POPULARITY, _S_LAUNCH, _S_STATUS = range(6)

_COLOURS = ("米白", "黑色", "藏青", "燕麦色", "雾霾蓝", "焦糖色", "浅灰", "酒红", "墨绿", "奶咖")
_DOSES = ("×6", "×7", "×12", "×14", "×24", "×28", "×36", "×48")
_ROOM_PLANS = ("无早", "含单早", "含双早", "可免费取消", "会员专享", "提前7天预订")
_FUND_CLASSES = ("A类", "C类", "E类", "Y类")
_GRADES = ("标准型", "加强型", "经济型", "耐高温型", "A型", "B型")

_COLOURS_EN = ("Off-White", "Black", "Navy", "Oatmeal", "Dusty Blue", "Caramel", "Light Gray",
               "Burgundy", "Forest Green", "Latte")  # fmt: skip
_DOSES_EN = ("6 ct", "7 ct", "12 ct", "14 ct", "24 ct", "28 ct", "36 ct", "48 ct")
_ROOM_PLANS_EN = ("Room Only", "Breakfast for 1", "Breakfast for 2", "Free Cancellation",
                  "Members Only", "7-Day Advance Purchase")  # fmt: skip
_FUND_CLASSES_EN = ("Class A", "Class C", "Class E", "Class Y")
_GRADES_EN = ("Standard", "Heavy-Duty", "Economy", "Heat-Resistant", "Type A", "Type B")

#: Variant words by category (``category_en`` in the catalogue): (Chinese, English), word for word.
_VARIANT_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "womenswear": (_COLOURS, _COLOURS_EN),
    "menswear": (_COLOURS, _COLOURS_EN),
    "shoes": (_COLOURS, _COLOURS_EN),
    "bags": (_COLOURS, _COLOURS_EN),
    "beauty_personal_care": (
        ("经典款", "滋润型", "清爽型", "敏感肌款", "旅行装", "礼盒装"),
        ("Classic", "Rich", "Light", "Sensitive Skin", "Travel Size", "Gift Set"),
    ),
    "home_living": (
        ("米白", "浅灰", "雾霾蓝", "奶咖", "单件装", "两件套", "家庭装"),
        ("Off-White", "Light Gray", "Dusty Blue", "Latte", "Single", "Set of 2", "Family Pack"),
    ),
    "food_beverage": (
        ("尝鲜装", "标准装", "家庭装", "礼盒装", "量贩装", "组合装"),
        ("Trial Size", "Regular", "Family Size", "Gift Box", "Bulk Pack", "Variety Pack"),
    ),
    "digital_accessories": (
        ("黑色", "白色", "标准版", "快充版", "Pro版", "Mini版", "Max版"),
        ("Black", "White", "Standard", "Fast Charge", "Pro", "Mini", "Max"),
    ),
    "king_room": (_ROOM_PLANS, _ROOM_PLANS_EN),
    "twin_room": (_ROOM_PLANS, _ROOM_PLANS_EN),
    "value_room": (
        ("无早", "含单早", "不可取消", "限时特惠"),
        ("Room Only", "Breakfast for 1", "Non-Refundable", "Limited-Time Deal"),
    ),
    "family_room": (_ROOM_PLANS, _ROOM_PLANS_EN),
    "business_suite": (
        ("含双早", "含行政酒廊", "可免费取消", "会员专享"),
        ("Breakfast for 2", "Executive Lounge Access", "Free Cancellation", "Members Only"),
    ),
    "extended_stay": (
        ("3晚起", "7晚起", "15晚起", "30晚起"),
        ("3+ Nights", "7+ Nights", "15+ Nights", "30+ Nights"),
    ),
    "breakfast": (("单人", "双人", "儿童", "家庭"), ("Single", "For Two", "Child", "Family")),
    "rx_drugs": (_DOSES, _DOSES_EN),
    "otc_drugs": (_DOSES, _DOSES_EN),
    "tcm_patent": (
        ("×6", "×9", "×10", "×12", "×18", "×24", "×36"),
        ("6 ct", "9 ct", "10 ct", "12 ct", "18 ct", "24 ct", "36 ct"),
    ),
    "medical_devices": (
        ("标准型", "升级型", "便携款", "家用款", "专业款", "Ⅱ型"),
        ("Standard", "Upgraded", "Portable", "Home Use", "Professional", "Type II"),
    ),
    "medical_consumables": (
        ("小包装", "中包装", "大包装", "独立包装", "灭菌型", "加厚型"),
        (
            "Small Pack",
            "Medium Pack",
            "Large Pack",
            "Individually Wrapped",
            "Sterile",
            "Extra Thick",
        ),
    ),
    "health_supplements": (
        ("×30", "×60", "×90", "×120", "礼盒装", "家庭装"),
        ("30 ct", "60 ct", "90 ct", "120 ct", "Gift Box", "Family Size"),
    ),
    "diagnostic_reagents": (
        ("20人份", "25人份", "48人份", "50人份", "96人份", "100人份"),
        ("20 Tests", "25 Tests", "48 Tests", "50 Tests", "96 Tests", "100 Tests"),
    ),
    "money_market_fund": (
        ("A类", "B类", "E类", "快取版"),
        ("Class A", "Class B", "Class E", "Instant Access"),
    ),
    "bond_fund": (_FUND_CLASSES, _FUND_CLASSES_EN),
    "hybrid_fund": (_FUND_CLASSES, _FUND_CLASSES_EN),
    "equity_fund": (_FUND_CLASSES, _FUND_CLASSES_EN),
    "index_fund": (
        ("A类", "C类", "增强A", "增强C", "ETF联接A", "ETF联接C"),
        ("Class A", "Class C", "Enhanced A", "Enhanced C", "ETF Feeder A", "ETF Feeder C"),
    ),
    "bank_wealth": (
        ("日开型", "7天持有期", "30天持有期", "90天持有期", "180天持有期", "1年封闭期"),
        (
            "Daily Liquidity",
            "7-Day Holding",
            "30-Day Holding",
            "90-Day Holding",
            "180-Day Holding",
            "1-Year Closed-End",
        ),
    ),
    "insurance": (
        ("趸交", "3年交", "5年交", "10年交", "20年交"),
        ("Single Premium", "3-Year Pay", "5-Year Pay", "10-Year Pay", "20-Year Pay"),
    ),
    "credit_loan": (
        ("12期", "24期", "36期", "随借随还"),
        ("12 Months", "24 Months", "36 Months", "Revolving"),
    ),
    "bearings": (
        ("P0级", "P6级", "P5级", "密封型", "防尘型", "高温型"),
        ("P0 Grade", "P6 Grade", "P5 Grade", "Sealed", "Shielded", "High-Temp"),
    ),
    "hydraulics": (("10MPa", "16MPa", "21MPa", "25MPa", "31.5MPa"),) * 2,
    "motors": (("0.75kW", "1.5kW", "2.2kW", "4kW", "7.5kW", "11kW", "15kW"),) * 2,
    "sensors": (
        ("M12", "M18", "M30", "4-20mA输出", "0-10V输出", "RS485输出"),
        ("M12", "M18", "M30", "4-20mA Output", "0-10V Output", "RS485 Output"),
    ),
    "controllers": (
        ("标准型", "经济型", "以太网型", "CAN总线型", "高性能型"),
        ("Standard", "Economy", "Ethernet", "CAN Bus", "High Performance"),
    ),
    "fasteners": (("M6", "M8", "M10", "M12", "M16", "M20", "M24"),) * 2,
    "spare_parts": (_GRADES, _GRADES_EN),
}
#: Variant words by category in Chinese.
VARIANTS: dict[str, tuple[str, ...]] = {k: zh for k, (zh, _) in _VARIANT_WORDS.items()}
#: Variant words by category in English, word for word as in :data:`VARIANTS`.
VARIANTS_EN: dict[str, tuple[str, ...]] = {k: en for k, (_, en) in _VARIANT_WORDS.items()}


def _grid_retail(p: np.ndarray) -> np.ndarray:
    """x9 yuan endings (129, 199); below 30 yuan x.9 (12.9)."""
    high = np.maximum(np.round(p / 10.0) * 10.0 - 1.0, 29.0)
    low = np.maximum(np.round(p) - 0.1, 4.9)
    return np.where(p >= 30.0, high, low)


def _grid_hotel(p: np.ndarray) -> np.ndarray:
    """Whole yuan ending in 8 (258, 368, 58)."""
    return np.maximum(np.round((p + 2.0) / 10.0) * 10.0 - 2.0, 8.0)


def _grid_pharma(p: np.ndarray) -> np.ndarray:
    """0.1 yuan below 100 yuan, whole yuan above."""
    return np.where(p < 100.0, np.maximum(np.round(p, 1), 0.1), np.round(p))


def _grid_finance(p: np.ndarray) -> np.ndarray:
    """Subscription amounts in hundreds (below 10,000), thousands, or ten thousands (≥100,000)."""
    step = np.where(p < 10_000.0, 100.0, np.where(p < 100_000.0, 1_000.0, 10_000.0))
    return np.maximum(np.round(p / step) * step, 100.0)


def _grid_industrial(p: np.ndarray) -> np.ndarray:
    """0.1 yuan below 100, whole yuan below 1,000, tens of yuan above."""
    step = np.where(p < 100.0, 0.1, np.where(p < 1_000.0, 1.0, 10.0))
    return np.maximum(np.round(np.round(p / step) * step, 2), 0.1)


@dataclass(frozen=True)
class _Style:
    """How a profile's catalogue ages and prices."""

    grid: Callable[[np.ndarray], np.ndarray]
    #: Share of SKUs launched during the first months of the period.
    new_share: float
    #: Mean age (days) at the start of the period of the SKUs launched before it.
    mean_age_days: float
    #: Share of the older SKUs already discontinued.
    discontinued: float


#: Per profile; the position of a profile here is part of its random-stream keys (append only).
_STYLES: dict[str, _Style] = {
    "ecommerce_retail": _Style(_grid_retail, 0.08, 420.0, 0.05),
    "hotel_chain": _Style(_grid_hotel, 0.04, 900.0, 0.03),
    "pharma_distribution": _Style(_grid_pharma, 0.04, 1100.0, 0.04),
    "financial_services": _Style(_grid_finance, 0.08, 800.0, 0.04),
    "manufacturing_b2b": _Style(_grid_industrial, 0.03, 1400.0, 0.03),
}


@dataclass(frozen=True)
class Category:
    """One category row of the catalogue."""

    profile: str
    name: str
    en: str
    share: float
    price_median: float
    price_sigma: float
    margin: float
    margin_sd: float
    subcategories: tuple[str, ...]
    #: Item words per subcategory, in the order of ``subcategories``.
    items: tuple[tuple[str, ...], ...]
    brands: tuple[str, ...]
    #: English name, subcategories, item words and brands, word for word as the Chinese ones.
    name_en: str
    subcategories_en: tuple[str, ...]
    items_en: tuple[tuple[str, ...], ...]
    brands_en: tuple[str, ...]

    def label(self, locale: str = "zh_CN") -> str:
        """The category as written in ``products.category`` of a case in ``locale``."""
        return self.name if locale == "zh_CN" else self.name_en


def _words(text: str, sep: str = "|") -> tuple[str, ...]:
    return tuple(w.strip() for w in text.split(sep) if w.strip())


@cache
def _catalogue() -> dict[str, tuple[Category, ...]]:
    text = (resources.files("generator") / "data" / "catalog.csv").read_text(encoding="utf-8")
    out: dict[str, list[Category]] = {}
    for row in csv.DictReader(text.splitlines()):
        subs = _words(row["subcategory_words"])
        items = tuple(_words(group) for group in row["item_words"].split(";"))
        items_en = tuple(_words(group) for group in row["item_words_en"].split(";"))
        cat = Category(
            profile=row["profile"],
            name=row["category"],
            en=row["category_en"],
            share=float(row["share"]),
            price_median=float(row["price_median"]),
            price_sigma=float(row["price_sigma"]),
            margin=float(row["margin"]),
            margin_sd=float(row["margin_sd"]),
            subcategories=subs,
            items=items,
            brands=_words(row["brands"]),
            name_en=row["category_name_en"].strip(),
            subcategories_en=_words(row["subcategory_words_en"]),
            items_en=items_en,
            brands_en=_words(row["brands_en"]),
        )
        where = f"catalog.csv {cat.profile}/{cat.name}"
        if len(items) != len(subs) or not all(items) or not cat.brands:
            raise ValueError(f"{where}: need one item group per subcategory and some brands")
        if cat.en not in VARIANTS:
            raise ValueError(f"{where}: no variant words for {cat.en}")
        if (
            not cat.name_en
            or len(cat.subcategories_en) != len(subs)
            or [len(g) for g in items_en] != [len(g) for g in items]
            or len(cat.brands_en) != len(cat.brands)
            or len(VARIANTS_EN[cat.en]) != len(VARIANTS[cat.en])
        ):
            raise ValueError(f"{where}: the English words must match the Chinese word for word")
        if not 0.0 < cat.margin < 1.0 or cat.share <= 0.0 or cat.price_median <= 0.0:
            raise ValueError(f"{where}: margin, share and price must be positive")
        out.setdefault(cat.profile, []).append(cat)
    for profile, cats in out.items():
        for item_groups in ([c.items for c in cats], [c.items_en for c in cats]):
            words = [w for groups in item_groups for group in groups for w in group]
            if len(set(words)) != len(words):
                # Distinct item words keep names distinct across categories.
                raise ValueError(f"catalog.csv {profile}: an item word appears twice")
        for zh_words, en_words in (
            ([c.name for c in cats], [c.name_en for c in cats]),
            (
                [w for c in cats for w in c.subcategories],
                [w for c in cats for w in c.subcategories_en],
            ),
            ([w for c in cats for w in c.brands], [w for c in cats for w in c.brands_en]),
        ):
            # One English word for each Chinese word, and the other way round.
            pairs = set(zip(zh_words, en_words, strict=True))
            if len({z for z, _ in pairs}) != len(pairs) or len({e for _, e in pairs}) != len(pairs):
                raise ValueError(f"catalog.csv {profile}: a word is translated two ways")
        total = sum(c.share for c in cats)
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"catalog.csv {profile}: shares sum to {total:g}, not 1")
    return {p: tuple(c) for p, c in out.items()}


def categories(profile: str) -> tuple[Category, ...]:
    """The categories of ``profile`` in catalogue order; a clear error for an unknown profile."""
    cat = _catalogue()
    if profile not in cat:
        raise ValueError(f"unknown profile {profile!r}; known: {', '.join(cat)}")
    return cat[profile]


def profile_categories(profile: str, locale: str = "zh_CN") -> list[str]:
    """Category names of ``profile`` as in ``products.category`` of a case in ``locale``, in
    catalogue order.

    Examples
    --------
    >>> profile_categories("hotel_chain")[:2]
    ['大床房', '双床房']
    >>> profile_categories("hotel_chain", "en_US")[:2]
    ['King Room', 'Twin Room']
    """
    return [c.label(locale) for c in categories(profile)]


def _allocate(shares: np.ndarray, n: int) -> np.ndarray:
    """Whole SKU counts per category summing to ``n`` (largest remainder; ≥1 each when n allows)."""
    k = len(shares)
    quota = shares / shares.sum() * n
    if n >= k:
        counts = np.maximum(np.floor(quota), 1.0).astype(np.int64)
        rest = quota - counts
    else:
        counts = np.zeros(k, dtype=np.int64)
        rest = quota
    missing = n - int(counts.sum())
    if missing > 0:
        order = np.lexsort((np.arange(k), -rest))
        counts[order[:missing]] += 1
    elif missing < 0:  # only when the minimum of one SKU per category overshoots
        order = np.lexsort((np.arange(k), rest))
        order = order[counts[order] > 1]
        counts[order[:-missing]] -= 1
    return counts


def zipf_weights(n: int, top_share: float = TOP_SHARE, q: float = _ZIPF_Q) -> np.ndarray:
    """Rank-ordered weights ``∝ (rank + q) ** -s`` summing to 1, with the exponent ``s`` chosen so
    that the top 20% of ranks hold ``top_share`` of the weight (as close as ``n`` allows)."""
    if n <= 0:
        return np.zeros(0)
    k = max(1, round(0.2 * n))
    ranks = np.arange(1, n + 1, dtype="float64") + q
    if k >= n:
        return np.full(n, 1.0 / n)

    def share(s: float) -> float:
        w = ranks**-s
        return float(w[:k].sum() / w.sum())

    lo, hi = 0.0, 8.0
    if share(hi) < top_share:
        lo = hi
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if share(mid) < top_share else (lo, mid)
    w = ranks ** -(0.5 * (lo + hi))
    return w / w.sum()


def _names(
    cats: tuple[Category, ...], counts: np.ndarray, rng: np.random.Generator, locale: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Name, subcategory and brand of every SKU, category block after block.

    The draws do not depend on ``locale``: only the words do, so both languages name the same SKUs.
    """
    zh = locale == "zh_CN"
    names: list[np.ndarray] = []
    subs: list[np.ndarray] = []
    brands: list[np.ndarray] = []
    for cat, k in zip(cats, counts.tolist(), strict=True):
        groups = cat.items if zh else cat.items_en
        item_words = np.array([w for group in groups for w in group], dtype=object)
        sub_words = cat.subcategories if zh else cat.subcategories_en
        item_sub = np.repeat(np.array(sub_words, dtype=object), [len(g) for g in groups])
        brand_words = np.array(cat.brands if zh else cat.brands_en, dtype=object)
        variant_words = np.array((VARIANTS if zh else VARIANTS_EN)[cat.en], dtype=object)
        shape = (len(brand_words), len(item_words), len(variant_words))
        space = int(np.prod(shape))
        # Distinct (brand, item, variant) combinations; a catalogue larger than the space
        # repeats them with a generation suffix (V2, V3...).
        combo = np.resize(rng.permutation(space), k)
        generation = np.arange(k) // space
        b, i, v = np.unravel_index(combo, shape)
        suffix = np.where(generation > 0, [f" V{g + 1}" for g in generation.tolist()], "")
        before_variant = " " if zh else ", "
        names.append(
            brand_words[b] + " " + item_words[i] + before_variant + variant_words[v] + suffix
        )
        subs.append(item_sub[i])
        brands.append(brand_words[b])
    return np.concatenate(names), np.concatenate(subs), np.concatenate(brands)


def _truncated_normal(rng: np.random.Generator, n: int, clip: float) -> np.ndarray:
    return np.clip(rng.standard_normal(n), -clip, clip)


def build_products(
    profile: str, n_skus: int, seed: int, start: pd.Timestamp, locale: str = "zh_CN"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The products table of ``profile`` and the SKUs' hidden traits.

    Returns ``(products, traits)``: ``products`` is a schema-exact ``products`` frame with SKU ids
    ``P00001``... in launch order; ``traits`` has one row per SKU in the same order with
    ``sku_id``, ``popularity`` (long-tail weights summing to 1, top 20% of SKUs ≈ 70%, unrelated
    to the id) and ``category_index`` (position of the category in :func:`profile_categories`).
    Every draw comes from ``Stream.PRODUCTS``; the same inputs give identical frames. ``locale``
    chooses the words only (Chinese for ``zh_CN``, English otherwise): the numbers and the
    chosen brand, item and variant of every SKU are the same in every locale.

    Examples
    --------
    >>> products, traits = build_products("hotel_chain", 20, 1, pd.Timestamp("2025-01-01"))
    >>> len(products), round(float(traits["popularity"].sum()), 6)
    (20, 1.0)
    """
    if n_skus < 1 or n_skus > 99_999:
        raise ValueError("n_skus must be between 1 and 99999")
    cats = categories(profile)
    style = _STYLES[profile]
    # The profile's position keeps the catalogues of different profiles with one seed unrelated.
    profile_no = list(_STYLES).index(profile)

    def rng_for(purpose: int) -> np.random.Generator:
        return stream(seed, Stream.PRODUCTS, profile_no, purpose)

    start = pd.Timestamp(start).normalize()

    counts = _allocate(np.array([c.share for c in cats]), n_skus)
    cat_idx = np.repeat(np.arange(len(cats)), counts)

    def param(field: str) -> np.ndarray:
        return np.array([getattr(c, field) for c in cats], dtype="float64")[cat_idx]

    name, subcategory, brand = _names(cats, counts, rng_for(_S_NAMES), locale)

    z_price = _truncated_normal(rng_for(_S_PRICE), n_skus, _PRICE_CLIP)
    raw_price = param("price_median") * np.exp(param("price_sigma") * z_price)
    price = np.round(style.grid(raw_price), 2)

    z_margin = _truncated_normal(rng_for(_S_MARGIN), n_skus, _MARGIN_CLIP)
    margin = np.clip(param("margin") + param("margin_sd") * z_margin, 0.0005, 0.95)
    cost = np.round(price * (1.0 - margin), 2)

    # Launch dates: most SKUs before the period (exponential ages), some in its first months.
    rng = rng_for(_S_LAUNCH)
    is_new = rng.random(n_skus) < style.new_share
    age = np.minimum(1 + np.floor(rng.exponential(style.mean_age_days, n_skus)), _MAX_AGE_DAYS)
    new_day = np.floor(rng.random(n_skus) * _NEW_WINDOW_DAYS)
    offset = np.where(is_new, new_day, -age).astype("int64")
    tiebreak = rng.random(n_skus)

    rng = rng_for(_S_STATUS)
    discontinued = ~is_new & (rng.random(n_skus) < style.discontinued)
    status = np.where(discontinued, "discontinued", "active")

    # SKU ids follow the launch order, as a catalogue numbered on creation would.
    order = np.lexsort((tiebreak, offset))
    sku_id = [f"P{i:05d}" for i in range(1, n_skus + 1)]
    launched = start + pd.to_timedelta(offset[order], unit="D")

    products = conform(
        "products",
        {
            "sku_id": sku_id,
            "name": pd.Series(name[order]),
            "category": pd.Series(
                np.array([c.label(locale) for c in cats], dtype=object)[cat_idx[order]]
            ),
            "subcategory": pd.Series(subcategory[order]),
            "brand": pd.Series(brand[order]),
            "unit_price": pd.Series(price[order]),
            "unit_cost": pd.Series(cost[order]),
            "status": pd.Series(status[order]),
            "launched_at": pd.Series(launched),
        },
    )

    rng = rng_for(_S_POPULARITY)
    weights = zipf_weights(n_skus) * np.exp(_POP_NOISE * rng.standard_normal(n_skus))
    popularity = rng.permutation(weights / weights.sum())
    traits = pd.DataFrame(
        {
            "sku_id": pd.Series(sku_id, dtype="str"),
            "popularity": popularity,
            "category_index": cat_idx[order].astype("int64"),
        }
    )
    return products, traits
