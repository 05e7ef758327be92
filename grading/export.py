"""Inside the trainee's kernel, after the last cell: write the answer variables as plain JSON.

The grader calls :func:`dump` through the kernel protocol's ``user_expressions`` (evaluated
directly, not through IPython's input transformers) and reads the file it writes. Only plain
values leave the kernel: numbers, strings, lists and dicts; tables become ``{label: value}``.
Objects are converted by their *data*, never compared in the kernel, so an ``__eq__`` that always
returns True, a shadowed builtin or forged output cannot make a wrong answer right: the grader
compares these plain values with the key in its own process.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import numbers
from typing import Any

MAX_ITEMS = 5000


def plain(value: Any, depth: int = 0) -> Any:
    """A JSON-ready copy of ``value`` (unsupported objects become a marker with their type)."""
    if depth > 4:
        return {"__unsupported__": "nested too deep"}
    if value is None or isinstance(value, bool | str):
        return value if not isinstance(value, str) else str.__str__(value)[:10_000]
    if isinstance(value, numbers.Integral):
        return int.__index__(int(value))
    if isinstance(value, numbers.Real):
        x = float(value)
        return None if math.isnan(x) else x
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()[:10]
    mod = type(value).__module__.split(".")[0]
    if mod == "pandas":
        return _pandas(value, depth)
    if mod == "numpy" and hasattr(value, "tolist"):
        return plain(value.tolist(), depth + 1)
    if isinstance(value, dict):
        items = list(value.items())[:MAX_ITEMS]
        return {_label(k): plain(v, depth + 1) for k, v in items}
    if isinstance(value, list | tuple):
        return [plain(v, depth + 1) for v in list(value)[:MAX_ITEMS]]
    return {"__unsupported__": type(value).__name__}


def _label(key: Any) -> str:
    if hasattr(key, "year") and hasattr(key, "month") and hasattr(key, "isoformat"):
        return str(key.isoformat())[:10]
    return str(key)


def _pandas(value: Any, depth: int) -> Any:
    import pandas as pd

    if isinstance(value, pd.Series):
        return {_label(k): plain(v, depth + 1) for k, v in list(value.items())[:MAX_ITEMS]}
    if isinstance(value, pd.DataFrame):
        cols = list(value.columns)
        if len(cols) == 2:
            pairs = zip(value[cols[0]].tolist(), value[cols[1]].tolist(), strict=True)
            return {_label(k): plain(v, depth + 1) for k, v in list(pairs)[:MAX_ITEMS]}
        if len(cols) == 1:
            return _pandas(value[cols[0]], depth)
        return {"__unsupported__": f"DataFrame with {len(cols)} columns"}
    if isinstance(value, pd.Timestamp | pd.Period):
        return str(value)[:10] if isinstance(value, pd.Timestamp) else str(value)
    if value is pd.NA or value is pd.NaT:
        return None
    return {"__unsupported__": type(value).__name__}


def dump(namespace: dict[str, Any], names: list[str], path: str) -> str:
    """Write ``{name: plain value}`` of the answer variables present in ``namespace``."""
    out: dict[str, Any] = {}
    for name in names:
        if name in namespace:
            try:
                out[name] = plain(namespace[name])
            except Exception as exc:  # a hostile object may raise anything
                out[name] = {"__unsupported__": f"conversion failed: {type(exc).__name__}"}
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, allow_nan=False)
    return "ok"
