"""Pools of names, company names, masked phones and addresses, drawn with numpy.

Word lists come from Faker's provider classes (shipped as data, see :mod:`generator.faker_words`:
no Faker instance is created, so no Faker random state is involved) and from ``generator/data``
(``regions.csv``, ``company_words.csv``).
Pools are built once per process; every draw uses the caller's ``numpy.random.Generator`` and is
vectorised over rows, so the same generator state always gives the same output.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import faker_words
from .columns import digits, fixed_width_text

Strings = npt.NDArray[np.str_]
Ints = npt.NDArray[np.intp]

#: Sectors of :func:`company_names` with the word used for en_US names; the first six are companies
#: named ``城市 + 字号 + 行业 + 组织形式``.
_EN_SECTOR = {
    "retail": "Trading",
    "pharma": "Pharmaceuticals",
    "manufacturing": "Manufacturing",
    "finance": "Capital",
    "hotel": "Hospitality",
    "general": "Holdings",
    "hospital": "Memorial Hospital",
    "pharmacy": "Pharmacy",
}
SECTORS = tuple(_EN_SECTOR)
#: Relative frequency of each legal form; forms missing here get 1.
_SUFFIX_WEIGHT = {"有限公司": 10.0, "有限责任公司": 2.0, "股份有限公司": 2.0}
#: Real mobile prefixes, weighted by band (older 13x/15x/18x numbers are the most common).
_PHONE_PREFIXES = np.r_[130:140, 150:154, 155:160, 173, 175:179, 180:190, 191, 193, 195, 198, 199]
_PHONE_P = np.array([{13: 3, 15: 2, 17: 1, 18: 2, 19: 1}[p // 10] for p in _PHONE_PREFIXES], float)
_PHONE_P /= _PHONE_P.sum()
#: Share of zh_CN given names taken from Faker's own list (the rest are two-character compounds).
_LISTED_SHARE = 0.4
_REDRAWS = 20
#: Place columns that have English names in ``regions.csv`` (``<column>_en``).
_PLACE_COLUMNS = ("province", "city", "district")


def _data(name: str, **kwargs: Any) -> pd.DataFrame:
    with (resources.files("generator") / "data" / name).open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, **kwargs)


@cache
def _regions() -> pd.DataFrame:
    t = _data("regions.csv", dtype={"weight": "float64"})
    codes = pd.factorize(t["city"])[0]  # keep each city's districts contiguous
    return t.iloc[np.argsort(codes, kind="stable")].reset_index(drop=True)


def load_regions() -> pd.DataFrame:
    """The shipped table of regions, provinces, cities and districts with drawing weights.

    ``province_en``, ``city_en`` and ``district_en`` are the standard English (Hanyu Pinyin)
    names, such as ``Zhejiang``, ``Shaoxing``, ``Keqiao District``. The file is read once per
    process; each call returns a fresh copy.

    Examples
    --------
    >>> t = load_regions()
    >>> list(t.columns), t["province"].nunique()
    (['region', 'province', 'city', 'district', 'province_en', 'city_en', 'district_en', \
'weight'], 31)
    """
    return _regions().copy()


@cache
def _english_places() -> dict[str, dict[str, str]]:
    t = _regions()
    return {col: dict(zip(t[col], t[f"{col}_en"], strict=True)) for col in _PLACE_COLUMNS}


def place_names(frame: pd.DataFrame, locale: str = "zh_CN") -> pd.DataFrame:
    """``frame`` with its ``province``, ``city`` and ``district`` columns (those it has) written
    for ``locale``: the Chinese names of :func:`load_regions` for ``zh_CN``, their English names
    otherwise. Other columns, and the rows, are left as they are.

    Examples
    --------
    >>> rows = pd.DataFrame({"city": ["绍兴市"], "district": ["柯桥区"]})
    >>> place_names(rows, "en_US").iloc[0].tolist()
    ['Shaoxing', 'Keqiao District']
    """
    if locale == "zh_CN":
        return frame
    out = frame.copy()
    for col, english in _english_places().items():
        if col in out.columns:
            out[col] = out[col].map(english)
    return out


@cache
def _cities() -> tuple[pd.Index, Ints, npt.NDArray[np.float64]]:
    """City names, each district row's city code and each city's weight (sum of its districts)."""
    t = _regions()
    codes, names = pd.factorize(t["city"])
    weight = np.bincount(codes, weights=t["weight"].to_numpy())
    return pd.Index(names), codes, weight / weight.sum()


def _district_rows(rng: np.random.Generator, city: Ints) -> Ints:
    """One row of the regions table per city code in ``city``, drawn by district weight."""
    codes = _cities()[1]
    cum = np.cumsum(_regions()["weight"].to_numpy())
    first = np.searchsorted(codes, city, side="left")
    last = np.searchsorted(codes, city, side="right") - 1
    low = np.where(first > 0, cum[first - 1], 0.0)
    target = low + rng.random(len(city)) * (cum[last] - low)
    return np.clip(np.searchsorted(cum, target, side="right"), first, last)


@cache
def _words() -> dict[str, Strings]:
    words = _data("company_words.csv", dtype=str)
    return {str(k): g["word"].to_numpy(dtype=str) for k, g in words.groupby("kind", sort=False)}


def _weighted(locale: str, kind: str) -> tuple[Strings, npt.NDArray[np.float64]]:
    """Faker's words of ``kind`` and their probabilities (equal when Faker gives no weights)."""
    listed, weights = faker_words.words(locale, kind)
    values = np.array(listed, dtype=str)
    w = np.array(weights if weights is not None else [1.0] * len(values))
    return values, w / w.sum()


@cache
def _name_pool(locale: str) -> tuple[Strings, npt.NDArray[np.float64], dict[str, Any]]:
    """Surnames with probabilities, and given names with probabilities by gender."""
    given: dict[str, tuple[Strings, npt.NDArray[np.float64]]] = {}
    for gender in ("female", "male"):
        listed, p = _weighted(locale, f"first_name_{gender}")
        if locale == "zh_CN":  # compose two-character names from the characters Faker uses
            chars = list(dict.fromkeys("".join(listed)))
            pairs = sorted({a + b for a in chars for b in chars if a != b} - set(listed))
            listed = np.concatenate([listed, np.array(pairs, dtype=str)])
            p = np.concatenate([p * _LISTED_SHARE, np.full(len(pairs), 1 / len(pairs))])
            p[-len(pairs) :] *= 1 - _LISTED_SHARE
        given[gender] = (listed, p / p.sum())
    return (*_weighted(locale, "last_name"), given)


def name_pool_size(locale: str = "zh_CN") -> int:
    """How many distinct full names :func:`person_names` can produce (surnames x given names).

    Examples
    --------
    >>> name_pool_size() > 1_000_000
    True
    """
    surnames, _, given = _name_pool(locale)
    return len(surnames) * len(set(given["female"][0]) | set(given["male"][0]))


def person_names(
    rng: np.random.Generator, n: int, locale: str = "zh_CN", genders: Any = None
) -> Strings:
    """``n`` full names: surnames by their real frequency, given names matching the gender.

    ``genders`` (optional, length ``n``) holds ``"female"`` / ``"male"``; when omitted each row
    is female or male with equal chance. zh_CN names are ``姓 + 名``; en_US ``First Last``.

    Examples
    --------
    >>> names = person_names(np.random.default_rng(1), 3)
    >>> names.shape, bool((names == person_names(np.random.default_rng(1), 3)).all())
    ((3,), True)
    """
    surnames, _, given = _name_pool(locale)
    last, fem, male, female = _name_draws(rng, n, locale, genders)
    first = np.where(female, given["female"][0][fem], given["male"][0][male])
    return surnames[last] + first if locale.startswith("zh") else first + " " + surnames[last]


def person_names_text(
    rng: np.random.Generator, n: int, locale: str = "zh_CN", genders: Any = None
) -> pa.Array:
    """:func:`person_names` (the same draws, the same names) as an Arrow string array, built
    without a Python string per row.

    Examples
    --------
    >>> names = person_names_text(np.random.default_rng(1), 3).to_pylist()
    >>> names == person_names(np.random.default_rng(1), 3).tolist()
    True
    """
    surnames, female_names, male_names = _name_text(locale)
    last, fem, male, female = _name_draws(rng, n, locale, genders)
    first = pc.if_else(pa.array(female), female_names.take(fem), male_names.take(male))
    parts = (surnames.take(last), first, "") if locale.startswith("zh") else (
        first, surnames.take(last), " ")  # fmt: skip
    return pc.binary_join_element_wise(*parts).cast(pa.large_string())


def _name_draws(
    rng: np.random.Generator, n: int, locale: str, genders: Any
) -> tuple[Ints, Ints, Ints, npt.NDArray[np.bool_]]:
    """Surname, female and male given-name indices, and which rows are female."""
    surnames, surname_p, given = _name_pool(locale)
    if genders is None:
        genders = np.where(rng.random(n) < 0.5, "female", "male")
    genders = np.asarray(genders, dtype=str)
    if genders.shape != (n,) or not np.isin(genders, ["female", "male"]).all():
        raise ValueError("genders must hold n values, each 'female' or 'male'")
    last = rng.choice(len(surnames), size=n, p=surname_p)
    (fem, fem_p), (male, male_p) = given["female"], given["male"]
    fem_idx = rng.choice(len(fem), size=n, p=fem_p)
    male_idx = rng.choice(len(male), size=n, p=male_p)
    return last, fem_idx, male_idx, genders == "female"


@cache
def _name_text(locale: str) -> tuple[pa.Array, pa.Array, pa.Array]:
    surnames, _, given = _name_pool(locale)
    return pa.array(surnames), pa.array(given["female"][0]), pa.array(given["male"][0])


def company_names(
    rng: np.random.Generator, n: int, sector: str, cities: Any = None, locale: str = "zh_CN"
) -> Strings:
    """``n`` organisation names of ``sector`` (see :data:`SECTORS`), distinct when possible.

    Companies read ``杭州恒达医药有限公司``; ``"hospital"`` gives ``杭州市第一人民医院`` or
    ``杭州市西湖区人民医院`` / ``义乌市中医医院``; ``"pharmacy"`` gives
    ``康禾堂大药房（西湖区店）``. ``cities`` (length ``n``, names such as ``"杭州市"`` from
    :func:`load_regions`) fixes each row's city; otherwise cities are drawn by weight. Rows that
    repeat an earlier name are redrawn a bounded number of times. en_US names are simple
    ``Miller Trading LLC``-like names that do not use the cities.

    Examples
    --------
    >>> names = company_names(np.random.default_rng(2), 2, "pharma", cities=["杭州市", "北京市"])
    >>> [name[:2] for name in names]
    ['杭州', '北京']
    """
    if sector not in SECTORS:
        raise ValueError(f"unknown sector {sector!r}; expected one of {SECTORS}")
    names, _, city_p = _cities()
    if cities is None:
        city = rng.choice(len(names), size=n, p=city_p)
    else:
        city = names.get_indexer(pd.Index(np.asarray(cities, dtype=str)))
        if city.shape != (n,) or (city < 0).any():
            raise ValueError("cities must hold n city names from load_regions()")
    make = _english_maker(sector, locale) if locale != "zh_CN" else _chinese_maker(sector)
    out = make(rng, city).astype(object)
    for _ in range(_REDRAWS):
        again = np.flatnonzero(pd.Series(out).duplicated().to_numpy())
        if len(again) == 0:
            break
        out[again] = make(rng, city[again])
    return out.astype(str)


def _chinese_maker(sector: str) -> Any:
    words, table = _words(), _regions()
    full = _cities()[0].to_numpy(dtype=str)
    short = np.array([c.removesuffix("市") for c in full], dtype=str)
    district = table["district"].to_numpy(dtype=str)
    legal = words["suffix"]
    legal_p = np.array([_SUFFIX_WEIGHT.get(s, 1.0) for s in legal])
    legal_p /= legal_p.sum()

    def pick(rng: np.random.Generator, key: str, m: int) -> Strings:
        return words[key][rng.integers(0, len(words[key]), size=m)]

    def make(rng: np.random.Generator, city: Ints) -> Strings:
        m = len(city)
        if sector == "pharmacy":
            shop = district[_district_rows(rng, city)]
            return pick(rng, "pharmacy_brand", m) + "大药房（" + shop + "店）"
        if sector == "hospital":
            local = district[_district_rows(rng, city)]
            local = np.where(np.strings.endswith(local, "区"), full[city] + local, local)
            county = rng.random(m) < 0.5
            return np.where(
                county,
                local + pick(rng, "county_hospital_suffix", m),
                full[city] + pick(rng, "hospital_suffix", m),
            )
        body = pick(rng, "root", m) + pick(rng, f"industry_{sector}", m)
        return short[city] + body + legal[rng.choice(len(legal), size=m, p=legal_p)]

    return make


def _english_maker(sector: str, locale: str) -> Any:
    surnames = _name_pool(locale)[0]
    legal = np.array(faker_words.words(locale, "company_suffix")[0], dtype=str)

    def make(rng: np.random.Generator, city: Ints) -> Strings:
        m = len(city)
        first, second = surnames[rng.integers(0, len(surnames), size=(2, m))]
        head = np.where(rng.random(m) < 0.3, first + " & " + second, first) + " "
        if sector in ("hospital", "pharmacy"):
            return head + _EN_SECTOR[sector]
        return head + _EN_SECTOR[sector] + " " + legal[rng.integers(0, len(legal), size=m)]

    return make


def masked_phones(rng: np.random.Generator, n: int) -> Strings:
    """``n`` masked mobile numbers such as ``138****1234`` (real 13x-19x prefixes).

    Examples
    --------
    >>> phones = masked_phones(np.random.default_rng(3), 2)
    >>> [len(p) for p in phones], all(p[3:7] == "****" for p in phones)
    ([11, 11], True)
    """
    head, tail = _phone_draws(rng, n)
    return head.astype(str) + "****" + np.strings.zfill(tail.astype(str), 4)


def masked_phones_text(rng: np.random.Generator, n: int) -> pa.Array:
    """:func:`masked_phones` (the same draws, the same numbers) as an Arrow string array.

    Examples
    --------
    >>> phones = masked_phones_text(np.random.default_rng(3), 2).to_pylist()
    >>> phones == masked_phones(np.random.default_rng(3), 2).tolist()
    True
    """
    head, tail = _phone_draws(rng, n)
    chars = np.empty((n, 11), dtype=np.uint8)
    chars[:, :3] = digits(head, 3)
    chars[:, 3:7] = ord("*")
    chars[:, 7:] = digits(tail, 4)
    return fixed_width_text(chars)


def _phone_draws(rng: np.random.Generator, n: int) -> tuple[Ints, Ints]:
    head = rng.choice(_PHONE_PREFIXES, size=n, p=_PHONE_P)
    return head, rng.integers(0, 10_000, size=n)


def addresses(rng: np.random.Generator, n: int, region: str | None = None) -> pd.DataFrame:
    """``n`` rows of ``region, province, city, district`` drawn by district weight.

    Every row is a row of :func:`load_regions`, so the levels always agree. ``region`` (a sales
    region code such as ``"east"``) limits the draw to that region.

    Examples
    --------
    >>> rows = addresses(np.random.default_rng(4), 3, region="south")
    >>> list(rows.columns), set(rows["region"])
    (['region', 'province', 'city', 'district'], {'south'})
    """
    table = _regions()
    if region is not None:
        if region not in set(table["region"]):
            raise ValueError(f"unknown region {region!r}")
        table = table[table["region"] == region]
    w = table["weight"].to_numpy()
    rows = rng.choice(len(table), size=n, p=w / w.sum())
    columns = ["region", "province", "city", "district"]
    return table.iloc[rows][columns].reset_index(drop=True)


def address_rows(rng: np.random.Generator, n: int) -> Ints:
    """Rows of the regions table that :func:`addresses` (without ``region``) would return: the
    same draws, as indices into :func:`place_columns`.

    Examples
    --------
    >>> rows = address_rows(np.random.default_rng(4), 3)
    >>> place_columns()["city"][rows].tolist() == addresses(np.random.default_rng(4), 3)[
    ...     "city"].tolist()
    True
    """
    w = _regions()["weight"].to_numpy()
    return rng.choice(len(w), size=n, p=w / w.sum())


@cache
def place_columns(locale: str = "zh_CN") -> dict[str, npt.NDArray[np.object_]]:
    """``region``, ``province``, ``city`` and ``district`` of each regions-table row as object
    arrays, the place names written for ``locale`` as :func:`place_names` writes them."""
    t = _regions()
    out = {c: t[c].to_numpy(dtype=object) for c in ("region", "province", "city", "district")}
    if locale != "zh_CN":
        for col, english in _english_places().items():
            out[col] = np.array([english[v] for v in out[col]], dtype=object)
    return out
