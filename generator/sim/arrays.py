"""Numpy helpers the monthly loop shares: draws by cumulative weights, runs of an order's rows,
joins in a merge's row order, and the object text the loop's rows carry.

They replace pandas and ``Generator.choice`` calls that cost more per call than the arrays they
work on, and give the same draws and rows, so every output byte stays the same.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def text(values: np.ndarray, index: pd.Index | None = None) -> pd.Series:
    """An object Series of Python strings (and None): what the monthly rows carry as text.

    Arrow-backed ``str`` columns are what the written tables hold; inside the loop, object
    columns are cheaper to build, filter and compare, and finished tables convert them once.
    Give the frame's ``index`` to assign the Series as one of its columns.
    """
    return pd.Series(values, index=index, dtype=object, copy=False)


def cdf(p: np.ndarray) -> np.ndarray:
    """Cumulative weights as ``Generator.choice(..., p=p)`` builds them.

    ``cdf(p).searchsorted(rng.random(n), side="right")`` draws exactly what
    ``rng.choice(len(p), size=n, p=p)`` draws, without re-checking ``p`` on every call.

    Examples
    --------
    >>> p = np.array([0.2, 0.5, 0.3])
    >>> a = draw_index(np.random.default_rng(5), cdf(p), 4)
    >>> b = np.random.default_rng(5).choice(3, size=4, p=p)
    >>> bool((a == b).all())
    True
    """
    c = np.asarray(p, dtype="float64").cumsum()
    c /= c[-1]
    return c


def draw_index(rng: np.random.Generator, cum: np.ndarray, n: int) -> np.ndarray:
    """``n`` indices drawn by the cumulative weights ``cum`` (see :func:`cdf`)."""
    return index_of(cum, rng.random(n))


def index_of(cum: np.ndarray, u: np.ndarray) -> np.ndarray:
    """The index each uniform draw ``u`` picks by the cumulative weights ``cum``."""
    if len(cum) < 1024 or len(u) < 256:
        return cum.searchsorted(u, side="right")
    # Searching sorted values in a long table is about twice as fast (each search starts where
    # the previous one ended); the result is the same.
    order = np.argsort(u)
    out = np.empty(len(u), dtype=np.intp)
    out[order] = cum.searchsorted(u[order], side="right")
    return out


def order_starts(okey: np.ndarray) -> np.ndarray:
    """Positions of each order's first row, for rows that keep an order's lines together.

    Examples
    --------
    >>> order_starts(np.array([7, 7, 9, 12, 12])).tolist()
    [0, 2, 3]
    """
    if len(okey) == 0:
        return np.zeros(0, dtype="int64")
    starts = np.flatnonzero(np.r_[True, okey[1:] != okey[:-1]])
    heads = okey[starts]
    # Increasing keys (the loop's own order) are distinct without a hash of every key.
    if not (heads[1:] > heads[:-1]).all() and len(np.unique(heads)) != len(starts):
        raise ValueError("an order's rows must be next to each other")
    return starts


def inner_join(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs (i, j) with ``left[i] == right[j]``, ordered by i then j: the rows, in order, of
    an inner ``merge`` of a frame with key column ``left`` and one with key column ``right``.

    Examples
    --------
    >>> i, j = inner_join(np.array([3, 1, 3]), np.array([3, 2, 3]))
    >>> i.tolist(), j.tolist()
    ([0, 0, 2, 2], [0, 2, 0, 2])
    """
    order = np.argsort(right, kind="stable")
    keys = right[order]
    lo = np.searchsorted(keys, left, side="left")
    hi = np.searchsorted(keys, left, side="right")
    count = hi - lo
    i = np.repeat(np.arange(len(left)), count)
    start = np.repeat(lo - (np.cumsum(count) - count), count)
    return i, order[start + np.arange(len(i))]
