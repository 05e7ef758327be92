"""Build small, schema-valid tables for tests: give only the columns a test cares about."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from generator.schema import TABLES, check
from generator.schema.frames import conform
from generator.schema.model import Column


def _default(col: Column, i: int) -> Any:
    if col.pattern and col.ref is None:
        m = re.fullmatch(r"([A-Z])\\d\{(\d+)\}", col.pattern)
        if m:
            return f"{m[1]}{i + 1:0{int(m[2])}d}"
        if col.name == "phone":
            return "138****0000"
    if col.nullable:
        return None
    if col.ref is not None:
        raise KeyError(f"column {col.name} (→ {col.ref}) must be given")
    if col.codes:
        return col.codes[0]
    return {
        "str": "x",
        "int": int(col.min or 1),
        "float": 0.0,
        "bool": False,
        "datetime": "2025-01-01 09:00",
        "date": "2025-01-01",
    }[col.dtype]


def frame(table: str, rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """A ``table`` frame from ``rows`` (dicts); columns left out get harmless defaults."""
    t = TABLES[table]
    for r in rows:
        unknown = set(r) - set(t.column_names)
        if unknown:
            raise KeyError(f"{table}: unknown columns {sorted(unknown)}")
    columns = {
        c.name: [r[c.name] if c.name in r else _default(c, i) for i, r in enumerate(rows)]
        for c in t.columns
    }
    return conform(table, columns)


def company(**tables: Sequence[Mapping[str, Any]]) -> dict[str, pd.DataFrame]:
    """Several tables at once, checked against the schemas (so tests only use valid data)."""
    frames = {name: frame(name, rows) for name, rows in tables.items()}
    check(frames)
    return frames
