"""Known wrong answers: functions that compute what a common mistake gives on a case.

Each course module has its own file here (``m2_customer.py`` …) whose functions register
themselves with :func:`mistake`. A question in a manifest names them by id; the self-check
recognises the wrong value (through salted hashes) and the grader explains it.

Examples
--------
>>> from grading.mistakes import mistake
>>> @mistake("revenue_includes_refunds_example")
... def _(tables, period):
...     return 0.0
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from generator.indicators import Period

MistakeFn = Callable[[Mapping[str, pd.DataFrame], Period], Any]
MISTAKES: dict[str, MistakeFn] = {}


def mistake(mistake_id: str) -> Callable[[MistakeFn], MistakeFn]:
    """Register the function that computes the wrong value of ``mistake_id``."""

    def register(fn: MistakeFn) -> MistakeFn:
        if mistake_id in MISTAKES and MISTAKES[mistake_id] is not fn:
            raise ValueError(f"mistake {mistake_id!r} is registered twice")
        MISTAKES[mistake_id] = fn
        return fn

    return register


def load_all() -> dict[str, MistakeFn]:
    """Import every module in this package so their mistakes register; returns the registry."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return MISTAKES


def wrong_value(mistake_id: str, tables: Mapping[str, pd.DataFrame], period: Period) -> Any:
    """The value mistake ``mistake_id`` gives on these tables."""
    fns = load_all()
    if mistake_id not in fns:
        raise KeyError(f"unknown mistake {mistake_id!r}; known: {', '.join(sorted(fns))}")
    return fns[mistake_id](tables, period)
