"""Values derived from data frames, computed once while those frames live.

An answer key asks the same questions of the same frames many times (every month, every cut, the
months before and after a problem). A :class:`Memo` keeps each answer keyed by the identity of its
source frames and checks them through weak references, so a replaced or freed frame can never
serve a stale value; entries of freed frames are dropped every few insertions, so a long-lived
process does not keep a finished case's results.
"""

from __future__ import annotations

import itertools
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar, cast

import pandas as pd

T = TypeVar("T")


class Memo:
    """A bounded cache (least recently used out) of values built from frames."""

    def __init__(self, size: int, prune_every: int) -> None:
        self._entries: OrderedDict[tuple, tuple[list[weakref.ref | None], Any]] = OrderedDict()
        self._size = size
        self._prune_every = prune_every
        self._inserted = itertools.count(1)

    def get(
        self,
        name: Hashable,
        sources: Sequence[pd.DataFrame | pd.Series | None],
        build: Callable[[], T],
    ) -> T:
        """The value ``build()`` gives for ``name`` and these source frames (None: absent)."""
        key = (name, *(id(f) for f in sources))
        hit = self._entries.get(key)
        if hit is not None and all(
            (r is None and f is None) or (r is not None and r() is f)
            for r, f in zip(hit[0], sources, strict=True)
        ):
            self._entries.move_to_end(key)
            return cast(T, hit[1])
        value = build()
        self._entries[key] = ([None if f is None else weakref.ref(f) for f in sources], value)
        if next(self._inserted) % self._prune_every == 0:
            self._prune()
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return value

    def peek(self, name: Hashable, sources: Sequence[pd.DataFrame | pd.Series | None]) -> Any:
        """The value kept for ``name`` and these frames, or None."""
        hit = self._entries.get((name, *(id(f) for f in sources)))
        if hit is not None and all(
            (r is None and f is None) or (r is not None and r() is f)
            for r, f in zip(hit[0], sources, strict=True)
        ):
            return hit[1]
        return None

    def _prune(self) -> None:
        """Drop the entries one of whose source frames was freed."""
        dead = [
            key
            for key, (refs, _) in self._entries.items()
            if any(r is not None and r() is None for r in refs)
        ]
        for key in dead:
            del self._entries[key]
