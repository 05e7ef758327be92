"""Random streams keyed by fixed integers.

Every independent part of a case (a table, a column, a month of events, a block of customers) draws
from its own ``numpy.random.Generator`` made from ``SeedSequence([seed, *keys])``. Keys are the fixed
integers of :class:`Stream` plus plain indices, never Python ``hash()``, so adding a stream changes
nothing else, and generating customers in blocks gives the same bytes as generating them at once.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

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
