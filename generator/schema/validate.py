"""Validate a set of DataFrames against the standard table schemas."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from pandas.api import types as pdt

from ..columns import arrow_text, isin
from .model import Column, Table
from .tables import TABLES

ViolationKind = Literal[
    "unknown_table",
    "missing_table",
    "missing_column",
    "extra_column",
    "dtype",
    "null",
    "duplicate_key",
    "foreign_key",
    "allowed_values",
    "range",
    "pattern",
]

#: How many offending rows a violation lists; ``count`` always has the full number.
MAX_ROWS = 10


@dataclass(frozen=True)
class Violation:
    """One broken rule, located by table, column and row positions (0-based)."""

    table: str
    column: str | None
    kind: ViolationKind
    message: str
    rows: tuple[int, ...] = ()
    count: int = 0

    def __str__(self) -> str:
        where = self.table if self.column is None else f"{self.table}.{self.column}"
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows)
            more = f" (+{self.count - len(self.rows)} more)" if self.count > len(self.rows) else ""
            where += f" rows {shown}{more}"
        return f"{where}: [{self.kind}] {self.message}"


class SchemaError(ValueError):
    """Raised by :func:`check` when a set of tables breaks the schemas."""

    def __init__(self, violations: list[Violation]):
        self.violations = violations
        lines = "\n".join(f"  {v}" for v in violations)
        super().__init__(f"{len(violations)} schema violation(s):\n{lines}")


def _positions(mask: pd.Series | np.ndarray) -> tuple[tuple[int, ...], int]:
    hits = np.flatnonzero(np.asarray(mask, dtype=bool))
    return tuple(int(i) for i in hits[:MAX_ROWS]), len(hits)


def _dtype_ok(series: pd.Series, col: Column) -> bool:
    d = series.dtype
    if col.dtype == "str":
        # is_string_dtype() accepts every object column, so look at the values of those.
        return _all_str(series) if pdt.is_object_dtype(d) else bool(pdt.is_string_dtype(d))
    if col.dtype == "int":
        return bool(pdt.is_integer_dtype(d)) and not pdt.is_bool_dtype(d)
    if col.dtype == "float":
        return bool(pdt.is_float_dtype(d))
    if col.dtype == "bool":
        return bool(pdt.is_bool_dtype(d))
    return bool(pdt.is_datetime64_dtype(d))  # "datetime" and "date"


def _all_str(series: pd.Series) -> bool:
    return bool(series.dropna().map(lambda v: isinstance(v, str)).all())


def _check_column(
    table: Table, col: Column, s: pd.Series, ids: dict[str, np.ndarray | None]
) -> list[Violation]:
    """Violations of ``col`` in ``s``; the numbers of an id column are kept in ``ids``."""
    out: list[Violation] = []

    def add(kind: ViolationKind, message: str, mask: pd.Series | np.ndarray) -> None:
        rows, count = _positions(mask)
        if count:
            out.append(Violation(table.name, col.name, kind, message, rows, count))

    if not _dtype_ok(s, col):
        out.append(
            Violation(table.name, col.name, "dtype", f"dtype is {s.dtype}, expected {col.dtype}")
        )
        return out  # value checks on the wrong dtype would only repeat the same problem
    missing = s.isna().to_numpy(dtype=bool)
    if not col.nullable:
        add("null", "missing value in a column that must always be filled", missing)
    present = ~missing
    if col.dtype == "date":
        add("dtype", "date has a time of day; expected midnight", present & (s != s.dt.normalize()))
    if col.codes is not None:
        allowed = ", ".join(col.codes)
        add("allowed_values", f"value not allowed; allowed: {allowed}",
            present & ~_isin_codes(s, col.codes))  # fmt: skip
    # Plain numbers compare as NumPy arrays: the same result without building Series.
    numbers = s.to_numpy() if isinstance(s.dtype, np.dtype) and s.dtype.kind in "iuf" else s
    if col.min is not None:
        add("range", f"value below the minimum {col.min:g}", present & (numbers < col.min))
    if col.max is not None:
        add("range", f"value above the maximum {col.max:g}", present & (numbers > col.max))
    if col.pattern is not None:
        ids[col.name] = _id_numbers(s, col.pattern)
    if col.pattern is not None and ids[col.name] is None:  # else all match
        ok = s.astype("str").str.fullmatch(col.pattern)
        add("pattern", f"value does not match the format {col.pattern}", present & ~ok)
    return out


def _isin_codes(s: pd.Series, codes: tuple[str, ...] | list[str]) -> np.ndarray:
    """Which values of ``s`` are among ``codes``."""
    if arrow_text(s) is None:
        return s.isin(codes).to_numpy(dtype=bool)
    return isin(s, pd.Series(list(codes), dtype=s.dtype))


def _check_key(
    table: Table, df: pd.DataFrame, ids: Mapping[str, np.ndarray | None] | None = None
) -> list[Violation]:
    if not all(k in df.columns for k in table.key):
        return []
    if len(table.key) == 1:  # the usual id column: distinct numbers mean distinct ids
        key = table.key[0]
        number = ids[key] if ids and key in ids else _id_numbers(df[key], table.column(key).pattern)
        if number is not None and (
            (np.diff(number) > 0).all() or (np.diff(np.sort(number)) > 0).all()
        ):
            return []
    dup = df.duplicated(list(table.key), keep=False)
    rows, count = _positions(dup)
    if not count:
        return []
    column = ",".join(table.key)
    return [Violation(table.name, column, "duplicate_key", "duplicate primary key", rows, count)]


def _id_numbers(values: pd.Series, pattern: str | None) -> np.ndarray | None:
    """The numbers of ids such as ``W000000042`` when every value is one, else None.

    ``pattern`` must be a letter prefix and ``\\d{n}``; the values Arrow text of exactly that
    form, without missing ones. Two such ids are equal exactly when their numbers are, so
    integers (far quicker to compare) can stand in for the text when looking for duplicates.
    """
    form = re.fullmatch(r"([A-Za-z]+)\\d\{(\d+)\}", pattern or "")
    text = arrow_text(values)
    if form is None or text is None or text.null_count or not len(text):
        return None
    prefix, width = form.group(1).encode(), int(form.group(2))
    size = len(prefix) + width
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)[
        text.offset : text.offset + len(text) + 1
    ]
    if not (np.diff(offsets) == size).all():
        return None
    data = np.frombuffer(text.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    chars = data.reshape(len(text), size)
    digits = chars[:, len(prefix) :] - np.uint8(ord("0"))  # a byte below "0" wraps above 9
    if (chars[:, : len(prefix)] != np.frombuffer(prefix, dtype=np.uint8)).any() or (
        digits > 9
    ).any():
        return None
    number = np.zeros(len(text), dtype=np.int64)
    for k in range(width):
        number *= 10
        number += digits[:, k]
    return number


def _check_refs(
    table: Table, df: pd.DataFrame, frames: Mapping[str, pd.DataFrame]
) -> list[Violation]:
    out: list[Violation] = []
    for col in table.columns:
        if col.ref is None or col.name not in df.columns:
            continue
        target_table, target_col = col.ref.split(".")
        values = df[col.name]
        if not _dtype_ok(values, col):
            continue  # already reported as a dtype violation
        present = values.notna()
        if target_table not in frames:
            rows, count = _positions(present)
            if count:
                out.append(
                    Violation(
                        table.name,
                        col.name,
                        "missing_table",
                        f"references {col.ref} but table {target_table} is not in the set",
                        rows,
                        count,
                    )
                )
            continue
        target = frames[target_table]
        target_schema = TABLES[target_table]
        if target_col not in target.columns or not _dtype_ok(
            target[target_col], target_schema.column(target_col)
        ):
            continue  # the target's own missing column or dtype is reported on that table
        mask = present & ~isin(values, target[target_col])
        rows, count = _positions(mask)
        if count:
            out.append(
                Violation(
                    table.name, col.name, "foreign_key", f"no matching {col.ref}", rows, count
                )
            )
    return out


def validate(frames: Mapping[str, pd.DataFrame]) -> list[Violation]:
    """Check ``frames`` (table name → DataFrame) against the schemas.

    Returns every violation found; an empty list means the set is valid. Only the tables present
    are checked, but a foreign key into an absent table is reported.

    Examples
    --------
    >>> import pandas as pd
    >>> from generator.schema import validate
    >>> [v.kind for v in validate({"stores": pd.DataFrame({"store_id": ["S001"]})})][:1]
    ['missing_column']
    """
    out: list[Violation] = []
    for name, df in frames.items():
        table = TABLES.get(name)
        if table is None:
            known = ", ".join(TABLES)
            out.append(
                Violation(name, None, "unknown_table", f"not a standard table; known: {known}")
            )
            continue
        ids: dict[str, np.ndarray | None] = {}  # id numbers of columns already checked
        for col in table.columns:
            if col.name not in df.columns:
                out.append(
                    Violation(name, col.name, "missing_column", "required column is missing")
                )
            else:
                out.extend(_check_column(table, col, df[col.name], ids))
        for extra in df.columns:
            if extra not in table.column_names:
                out.append(
                    Violation(name, str(extra), "extra_column", "column is not in the schema")
                )
        out.extend(_check_key(table, df, ids))
        out.extend(_check_refs(table, df, frames))
    return out


def check(frames: Mapping[str, pd.DataFrame]) -> None:
    """Raise :class:`SchemaError` listing every violation, or return quietly."""
    violations = validate(frames)
    if violations:
        raise SchemaError(violations)
