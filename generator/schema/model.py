"""Building blocks of the table schemas: columns, allowed values and tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DType = Literal["str", "int", "float", "bool", "datetime", "date"]

#: What each logical dtype means, for the data dictionary.
DTYPE_LABELS: dict[str, tuple[str, str]] = {
    "str": ("文本", "text"),
    "int": ("整数", "integer"),
    "float": ("小数", "decimal number"),
    "bool": ("是/否", "true/false"),
    "datetime": ("日期时间（本地时间，ISO 8601）", "date and time (local, ISO 8601)"),
    "date": ("日期", "date"),
}


@dataclass(frozen=True)
class Value:
    """One allowed value of a coded column, with what it means in both languages."""

    code: str
    zh: str
    en: str


@dataclass(frozen=True)
class Column:
    """One column of a standard table.

    ``ref`` names the referenced ``table.column`` of a foreign key; ``pattern`` is a full-match
    regular expression for key formats such as ``C\\d{6}``.
    """

    name: str
    dtype: DType
    zh: str
    en: str
    nullable: bool = False
    ref: str | None = None
    values: tuple[Value, ...] | None = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None

    @property
    def codes(self) -> tuple[str, ...] | None:
        return None if self.values is None else tuple(v.code for v in self.values)


@dataclass(frozen=True)
class Table:
    """A standard table: its columns, its primary key and what one row means."""

    name: str
    zh: str
    en: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    row_zh: str = ""
    row_en: str = ""
    _by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name = {c.name: c for c in self.columns}
        if len(by_name) != len(self.columns):
            raise ValueError(f"table {self.name}: duplicate column names")
        missing = [k for k in self.key if k not in by_name]
        if missing:
            raise ValueError(f"table {self.name}: key columns {missing} are not columns")
        object.__setattr__(self, "_by_name", by_name)

    def column(self, name: str) -> Column:
        return self._by_name[name]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def values(*triples: tuple[str, str, str]) -> tuple[Value, ...]:
    """Build allowed values from ``(code, zh, en)`` triples."""
    return tuple(Value(*t) for t in triples)
