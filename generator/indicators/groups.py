"""Rows numbered by group, and each group reduced to one value.

Reference implementations aggregate the same few fact frames many times over (every cut, every
month). Grouping is done here on integer group numbers: a dimension column is factorised once per
frame (string factorisation is the costly part of a pandas groupby), and counts and distinct
counts are exact integer arithmetic.

A group's sum adds its values in row order with ``numpy.add.reduceat``, whatever the other groups:
so a month's sum is the same number whether the month is computed alone or as one group of a
whole-year pass. (A pandas groupby picks its kernel by whether the group numbers happen to be
sorted, and its two kernels round differently; an uncut sum, a single group, has always been this
``reduceat``.) Medians and quantiles do not depend on the order and use the pandas kernels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from ..columns import arrow_text
from .memo import Memo

#: Reductions whose value for a group without rows is 0; any other statistic is NaN there.
COUNTING = ("sum", "size", "nunique", "count")

_FACTORIZED = Memo(size=4096, prune_every=256)
_PARENTS = Memo(size=4096, prune_every=256)


@dataclass(frozen=True)
class Groups:
    """Each row's group number (negative: in no group) out of ``count``, and the groups'
    labels."""

    codes: np.ndarray
    count: int
    labels: Callable[[np.ndarray], pd.Index]


def subset(df: pd.DataFrame, rows: slice | np.ndarray | pd.Series) -> pd.DataFrame:
    """The rows of ``df`` a slice or a boolean mask selects, in order.

    The subset remembers where it came from, so grouping it reuses the codes of ``df``'s
    columns instead of factorising them again (every period of a fact frame is such a subset).
    """
    if isinstance(rows, slice):
        out = df.iloc[rows]
    else:
        rows = np.asarray(rows, dtype=bool)
        out = df.loc[rows]
    _PARENTS.get("parent", [out], lambda: (df, rows))
    return out


def same_rows(frame: pd.DataFrame, original: pd.DataFrame) -> None:
    """Record that ``frame`` holds ``original``'s rows in order (a column was added)."""
    _PARENTS.get("parent", [frame], lambda: (original, slice(None)))


def factorized(df: pd.DataFrame, column: str, sort: bool) -> tuple[np.ndarray, pd.Index]:
    """Codes of ``column`` (−1 for missing) and the values they stand for, in sorted order when
    ``sort``; a subset's codes are its parent's (the values may then include some it lacks).

    Computed once per frame and column: the fact frames are cached, and every cut of every
    indicator on one of them groups by the same few columns.
    """

    def build() -> tuple[np.ndarray, pd.Index]:
        parent = _PARENTS.peek("parent", [df])
        if parent is not None and column in parent[0].columns:
            codes, uniques = factorized(parent[0], column, sort)
            return codes[parent[1]], uniques
        values = df[column]
        packed = _packed_text(values)
        if packed is not None:
            # Same codes as the text's: equal and ordered exactly as the text is.
            codes = pd.factorize(packed, sort=sort)[0].astype(np.int64, copy=False)
            return codes, pd.Index(values.array.take(_a_row_of_each(codes)))
        codes, uniques = pd.factorize(values, sort=sort)
        return codes.astype(np.int64, copy=False), pd.Index(uniques)

    return _FACTORIZED.get(("factorized", column, sort), [df], build)


def _packed_text(values: pd.Series) -> np.ndarray | None:
    """Each value of a text column as an integer that compares as the text does, for text of one
    width without missing values (ids, codes) differing in at most 8 byte positions; else None.

    Bytes every value shares are dropped and the rest packed big-endian, so integer order is the
    texts' byte order, which for UTF-8 is their order as strings.
    """
    text = arrow_text(values)
    if text is None or not pa.types.is_large_string(text.type) or text.null_count or len(text) < 2:
        return None
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)[
        text.offset : text.offset + len(text) + 1
    ]
    size = int(offsets[1] - offsets[0])
    if not 0 < size <= 64 or not (np.diff(offsets) == size).all():
        return None
    data = np.frombuffer(text.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    chars = data.reshape(len(text), size)
    varying = np.flatnonzero((chars != chars[0]).any(axis=0))
    if len(varying) > 8:
        return None
    packed = np.zeros(len(text), dtype=np.uint64)
    for k in varying:
        packed <<= np.uint64(8)
        packed |= chars[:, k]
    return packed


def _a_row_of_each(codes: np.ndarray) -> np.ndarray:
    """For each code 0..max, the position of one row holding it."""
    rows = np.empty(int(codes.max()) + 1, dtype=np.int64)
    rows[codes] = np.arange(len(codes))
    return rows


def reduce(df: pd.DataFrame, column: str | None, how: str, groups: Groups) -> tuple:
    """``(values, present)``: each group's ``how`` of ``column`` and whether it has rows.

    ``how`` is ``size``, ``nunique``, ``sum``, ``mean`` or another pandas groupby reduction name
    (median...); ``quantile:<q>`` is the ``q`` quantile with linear interpolation. Missing values
    are skipped.
    """
    codes = groups.codes
    # Fact frames can have half a million rows: masks and copies are avoided when every row
    # belongs to a group, as when not cut by a dimension.
    kept = None if not len(codes) or codes.min() >= 0 else codes >= 0
    sizes = np.bincount(codes if kept is None else codes[kept], minlength=groups.count)
    present = sizes > 0
    if how == "size":
        return sizes.astype("float64"), present
    assert column is not None
    if how == "nunique":
        values, _ = factorized(df, column, sort=False)
        return _distinct(codes, values, groups.count), present
    series = df[column]
    if how in ("sum", "mean") and _summable(series):
        return sum_in_row_order(codes, series.to_numpy(), how, groups.count), present
    if kept is not None:
        series, codes = series[kept], codes[kept]
    grouped = series.groupby(codes)
    if how.startswith("quantile:"):
        result = grouped.quantile(float(how.split(":", 1)[1]))
    else:
        result = grouped.agg(how)
    values = np.full(groups.count, np.nan)
    values[result.index.to_numpy()] = result.to_numpy(dtype="float64")
    return values, present


def _summable(series: pd.Series) -> bool:
    return isinstance(series.dtype, np.dtype) and series.dtype.kind in "biuf"


def sum_in_row_order(codes: np.ndarray, values: np.ndarray, how: str, count: int) -> np.ndarray:
    """Each group's sum (or mean) of its non-missing values, added in row order (integers, whose
    sum is exact, in any order)."""
    if values.dtype.kind == "b" or (how == "sum" and values.dtype.kind in "iu"):
        values = values.astype(np.int64, copy=False)
    elif values.dtype.kind != "f" or how == "mean":
        values = values.astype(np.float64, copy=False)
    dropped = codes < 0
    if values.dtype.kind == "f":
        dropped |= np.isnan(values)
    if dropped.any():
        codes, values = codes[~dropped], values[~dropped]
    if count > 1 and how == "sum" and values.dtype.kind == "i" and _exact_in_float64(values):
        # Integers add up to the same exact total in any order: no need to sort the groups.
        return np.bincount(codes, weights=values, minlength=count)
    if count > 1 and len(codes) > 1 and (codes[1:] < codes[:-1]).any():
        # Group numbers fit in 8 or 16 bits, where numpy's stable sort is a radix sort.
        narrow = np.uint8 if count <= 1 << 8 else np.uint16 if count <= 1 << 16 else np.int64
        order = np.argsort(codes.astype(narrow), kind="stable")
        codes, values = codes[order], values[order]
    sums = np.zeros(count, dtype=values.dtype)
    if len(codes):
        starts = np.flatnonzero(np.diff(codes, prepend=-1)) if count > 1 else np.zeros(1, int)
        sums[codes[starts]] = np.add.reduceat(values, starts)
    sums = sums.astype("float64")
    if how == "sum":
        return sums
    n = np.bincount(codes, minlength=count)
    return np.divide(sums, n, out=np.full(count, np.nan), where=n > 0)


def _exact_in_float64(values: np.ndarray) -> bool:
    """Whether every partial sum of these integers stays below 2**53, where float64 is exact."""
    return not len(values) or int(np.abs(values).max()) * len(values) < 1 << 53


def _distinct(groups: np.ndarray, values: np.ndarray, count: int) -> np.ndarray:
    """Number of distinct values (codes ≥ 0; −1 is missing) in each group."""
    width = int(values.max()) + 1 if len(values) else 1
    missing = (groups < 0) | (values < 0)
    pairs = groups * width + values
    if missing.any():
        pairs = pairs[~missing]
    if count * width <= 1 << 24:
        # A table of which (group, value) pairs occur: much faster than hashing the pairs.
        seen = np.zeros(count * width, dtype=bool)
        seen[pairs] = True
        return seen.reshape(count, width).sum(axis=1).astype("float64")
    return np.bincount(pd.unique(pairs) // width, minlength=count).astype("float64")
