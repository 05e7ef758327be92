"""Turn plain columns into DataFrames with exactly the schema's columns and dtypes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from .model import Column
from .tables import TABLES


def _text(values: Any) -> pd.Series | None:
    """``values`` as a ``str`` Series without a pass through Python per value, when they are
    already text: a ``str`` Series, or an object array of strings and missing values. None for
    anything else (numbers to format, mixed objects), which the general path converts."""
    if isinstance(values, pd.Series) and values.dtype == "str":
        return values.reset_index(drop=True)
    if isinstance(values, pd.Series) and values.dtype == object:
        values = values.to_numpy()
    if not isinstance(values, np.ndarray) or values.dtype != object:
        return None
    try:
        array = pa.array(values, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    return pd.Series(pd.array(array, dtype="str"))


def series(col: Column, values: Sequence[Any] | pd.Series) -> pd.Series:
    """``values`` as a Series with the pandas dtype that ``col``'s logical dtype maps to."""
    if col.dtype == "str":
        fast = _text(values)
        if fast is not None:
            return fast
    s = pd.Series(values) if not isinstance(values, pd.Series) else values.reset_index(drop=True)
    if col.dtype == "str":
        return s.astype("str").where(s.notna(), None).astype("str")
    if col.dtype == "int":
        # A missing value in a non-nullable column stays missing, for the validator to report.
        return s.astype("Int64" if col.nullable or s.isna().any() else "int64")
    if col.dtype == "float":
        return s.astype("float64")
    if col.dtype == "bool":
        # astype("bool") would turn a missing value into False; keep it visible to the validator.
        return s.astype("boolean" if s.isna().any() else "bool")
    # Mixed ISO forms ("2025-03-01" next to "2025-03-01 10:30") must parse; the inferred format
    # of the first value would refuse the others.
    out = pd.to_datetime(s, format="ISO8601").astype("datetime64[us]")
    return out.dt.normalize() if col.dtype == "date" else out


def conform(table: str, columns: Mapping[str, Any]) -> pd.DataFrame:
    """A DataFrame of ``table`` built from ``columns`` (every schema column, in schema order).

    Raises ``KeyError`` naming the first missing column; extra columns are refused too.
    """
    t = TABLES[table]
    extra = set(columns) - set(t.column_names)
    if extra:
        raise KeyError(f"{table}: columns not in the schema: {sorted(extra)}")
    out = {}
    for col in t.columns:
        if col.name not in columns:
            raise KeyError(f"{table}: missing column {col.name}")
        out[col.name] = series(col, columns[col.name])
    return pd.DataFrame(out)
