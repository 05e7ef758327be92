"""Random streams keyed by fixed integers.

Every independent part of a case (a table, a column, a month of events, a block of customers) draws
from its own ``numpy.random.Generator`` made from ``SeedSequence([seed, *keys])``. Keys are the fixed
integers of :class:`Stream` plus plain indices, never Python ``hash()``, so adding a stream changes
nothing else, and generating customers in blocks gives the same bytes as generating them at once.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

#: Customers are simulated in chunks of this many; every per-customer draw is keyed by its chunk,
#: so any work block that is a whole number of chunks reproduces the same draws.
CHUNK = 2048


class Stream(IntEnum):
    """Fixed keys of the random streams. Append new members; never renumber."""

    STORES = 1
    EMPLOYEES = 2
    PRODUCTS = 3
    CUSTOMERS = 4
    CUSTOMER_TRAITS = 5
    ORDERS = 6
    ORDER_LINES = 7
    SESSIONS = 8
    INVENTORY = 9
    TICKETS = 10
    SURVEYS = 11
    INTERACTIONS = 12
    CAMPAIGNS = 13
    CONTENT = 14
    LEADS = 15
    EXPENSES = 16
    CONTRACTS = 17
    PROBLEMS = 18
    DECOYS = 19
    NAMES = 20
    CHURN = 21
    TARGETS = 22
    DIRTY = 23
    PAYMENTS = 24
    STAYS = 25


def stream(seed: int, key: Stream, *indices: int) -> np.random.Generator:
    """The generator of stream ``key`` (and optional indices such as month and chunk).

    Examples
    --------
    >>> a = stream(7, Stream.ORDERS, 3).integers(0, 100, 3)
    >>> b = stream(7, Stream.ORDERS, 3).integers(0, 100, 3)
    >>> bool((a == b).all())
    True
    """
    if seed < 0 or any(i < 0 for i in indices):
        raise ValueError("seed and stream indices must be non-negative integers")
    return np.random.default_rng(np.random.SeedSequence([int(seed), int(key), *map(int, indices)]))


def chunks(n: int) -> list[tuple[int, int, int]]:
    """``(chunk_index, start, stop)`` for ``n`` entities split into :data:`CHUNK`-sized chunks."""
    return [(i, lo, min(lo + CHUNK, n)) for i, lo in enumerate(range(0, n, CHUNK))]


class RowDraws:
    """Draws for rows that belong to customers' chunks, each row's from its chunk's stream.

    The stream of chunk ``c`` is ``stream(seed, key, *indices, c)``. Every call draws, chunk by
    chunk, one value per row of that chunk in the rows' order, so a chunk's values depend only on
    its own rows and the calls made: a block of whole chunks draws what a run of all draws for it.
    Rows need not be sorted by chunk. Array parameters (one value per row) follow their rows.

    Examples
    --------
    >>> chunk = np.array([0, 1, 0])
    >>> both = RowDraws(7, Stream.TICKETS, chunk, 3).random()
    >>> alone = RowDraws(7, Stream.TICKETS, chunk[[0, 2]], 3).random()
    >>> bool((both[[0, 2]] == alone).all())
    True
    """

    def __init__(self, seed: int, key: Stream, chunk: np.ndarray, *indices: int,
                 _gens: dict[int, np.random.Generator] | None = None) -> None:  # fmt: skip
        self._seed, self._key, self._indices = seed, key, indices
        self._gens = {} if _gens is None else _gens
        self.chunk = c = np.asarray(chunk, dtype="int64")
        n = len(c)
        #: Rows in chunk order (None: they already are), and each chunk's run of them.
        self._order: np.ndarray | None = None
        ordered = c
        if n > 1 and (c[1:] < c[:-1]).any():
            self._order = np.argsort(c, kind="stable")
            ordered = c[self._order]
        if n == 0:
            self._runs: list[tuple[int, int, int]] = []
        else:
            cut = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
            starts, ends = [0, *cut.tolist()], [*cut.tolist(), n]
            self._runs = list(zip(ordered[starts].tolist(), starts, ends, strict=True))

    def take(self, at: np.ndarray) -> RowDraws:
        """Draws for the rows ``at`` (a mask or positions), continuing the same streams."""
        return RowDraws(self._seed, self._key, self.chunk[at], *self._indices, _gens=self._gens)

    def _gen(self, c: int) -> np.random.Generator:
        g = self._gens.get(c)
        if g is None:
            g = self._gens[c] = stream(self._seed, self._key, *self._indices, c)
        return g

    def _call(self, method: str, *params: ArrayLike) -> np.ndarray:
        per_row = [np.ndim(p) > 0 for p in params]
        if not any(per_row) and len(self._runs) == 1:  # one chunk: its stream's own draws
            c, a, b = self._runs[0]
            return getattr(self._gen(c), method)(*params, size=b - a)
        rows: list[Any] = [np.asarray(p) if a else p for p, a in zip(params, per_row, strict=True)]
        if self._order is not None:
            rows = [p[self._order] if a else p for p, a in zip(rows, per_row, strict=True)]
        if not any(per_row):
            parts = [getattr(self._gen(c), method)(*rows, size=b - a) for c, a, b in self._runs]
        else:
            parts = []
            for c, a, b in self._runs:
                args = [p[a:b] if r else p for p, r in zip(rows, per_row, strict=True)]
                parts.append(getattr(self._gen(c), method)(*args, size=b - a))
        if not parts:
            empty = [p[:0] if a else p for p, a in zip(rows, per_row, strict=True)]
            return getattr(np.random.default_rng(0), method)(*empty, size=0)
        out = parts[0] if len(parts) == 1 else np.concatenate(parts)
        if self._order is not None:
            back = np.empty_like(out)
            back[self._order] = out
            out = back
        return out

    def random(self) -> np.ndarray:
        return self._call("random")

    def integers(self, low: ArrayLike, high: ArrayLike) -> np.ndarray:
        return self._call("integers", low, high)

    def uniform(self, low: ArrayLike = 0.0, high: ArrayLike = 1.0) -> np.ndarray:
        return self._call("uniform", low, high)

    def poisson(self, lam: ArrayLike) -> np.ndarray:
        return self._call("poisson", lam)

    def normal(self, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> np.ndarray:
        return self._call("normal", loc, scale)

    def lognormal(self, mean: ArrayLike = 0.0, sigma: ArrayLike = 1.0) -> np.ndarray:
        return self._call("lognormal", mean, sigma)

    def gamma(self, shape: ArrayLike, scale: ArrayLike = 1.0) -> np.ndarray:
        return self._call("gamma", shape, scale)

    def geometric(self, p: ArrayLike) -> np.ndarray:
        return self._call("geometric", p)

    def negative_binomial(self, n: ArrayLike, p: ArrayLike) -> np.ndarray:
        return self._call("negative_binomial", n, p)

    def index(self, cum: np.ndarray) -> np.ndarray:
        """An index per row drawn by cumulative weights ``cum`` (see ``sim.arrays.cdf``)."""
        return cum.searchsorted(self.random(), side="right")
