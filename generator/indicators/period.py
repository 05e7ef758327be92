"""Reporting periods: a calendar month by default, or any half-open date range."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

import pandas as pd

Kind = Literal["month", "quarter", "year", "range"]

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:/|\.\.)\s*(\d{4}-\d{2}-\d{2})$")


class PeriodError(ValueError):
    """A period specification that cannot be understood."""


@dataclass(frozen=True)
class Period:
    """The half-open interval ``[start, end)`` of whole days.

    Examples
    --------
    >>> p = Period.parse("2025-03")
    >>> (p.label, p.days, p.previous().label)
    ('2025-03', 31, '2025-02')
    """

    start: pd.Timestamp
    end: pd.Timestamp
    kind: Kind = "range"

    def __post_init__(self) -> None:
        if self.start.normalize() != self.start or self.end.normalize() != self.end:
            raise PeriodError("period bounds must be whole days (midnight)")
        if self.end <= self.start:
            raise PeriodError(f"period end {self.end.date()} is not after its start")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        start = pd.Timestamp(year=year, month=month, day=1)
        return cls(start, start + pd.DateOffset(months=1), "month")

    @classmethod
    def parse(cls, spec: Period | str | tuple[object, object]) -> Period:
        """Read ``2025-03``, ``2025-Q1``, ``2025``, ``2025-03-01/2025-04-15`` (end exclusive),
        a ``(start, end)`` pair, or a :class:`Period`."""
        if isinstance(spec, Period):
            return spec
        if isinstance(spec, tuple):
            start, end = (pd.Timestamp(v) for v in spec)  # type: ignore[arg-type]
            return cls(start.normalize(), end.normalize(), "range")
        text = str(spec).strip()
        if m := _MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            if not 1 <= month <= 12:
                raise PeriodError(f"month out of range in period {text!r}")
            return cls.month(year, month)
        if m := _QUARTER.match(text):
            start = pd.Timestamp(year=int(m[1]), month=3 * int(m[2]) - 2, day=1)
            return cls(start, start + pd.DateOffset(months=3), "quarter")
        if m := _YEAR.match(text):
            start = pd.Timestamp(year=int(m[1]), month=1, day=1)
            return cls(start, start + pd.DateOffset(years=1), "year")
        if m := _RANGE.match(text):
            return cls(pd.Timestamp(m[1]), pd.Timestamp(m[2]), "range")
        raise PeriodError(
            f"cannot read period {text!r}; use 2025-03, 2025-Q1, 2025 or 2025-03-01/2025-04-01"
        )

    @property
    def label(self) -> str:
        if self.kind == "month":
            return self.start.strftime("%Y-%m")
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.date()}/{self.end.date()}"

    @property
    def days(self) -> int:
        return int((self.end - self.start).days)

    @property
    def months(self) -> float:
        """Length in months: exact for calendar periods, days ÷ 30.4375 otherwise."""
        if self.kind == "range":
            return self.days / 30.4375
        return float((self.end.year - self.start.year) * 12 + self.end.month - self.start.month)

    def shift(self, months: int) -> Period:
        """The period of the same kind ``months`` calendar months away (ranges shift by days
        when they are not month-aligned)."""
        offset = pd.DateOffset(months=months)
        return Period(self.start + offset, self.end + offset, self.kind)

    def previous(self) -> Period:
        """The period just before: previous month, quarter or year; a range of equal length."""
        if self.kind == "month":
            return self.shift(-1)
        if self.kind == "quarter":
            return self.shift(-3)
        if self.kind == "year":
            return self.shift(-12)
        length = self.end - self.start
        return Period(self.start - length, self.start, "range")

    def year_ago(self) -> Period:
        """The same period one year earlier (同比)."""
        return self.shift(-12)

    def split_months(self) -> list[Period]:
        """Calendar months overlapping the period, clipped to it."""
        return list(self._months)

    @functools.cached_property
    def _months(self) -> tuple[Period, ...]:
        # Asked for again and again (every month cut, every answer-key matrix); date offsets
        # are slow, and a period never changes.
        out = []
        cursor = self.start.replace(day=1)
        while cursor < self.end:
            nxt = cursor + pd.DateOffset(months=1)
            lo, hi = max(cursor, self.start), min(nxt, self.end)
            out.append(Period(lo, hi, "month" if (lo, hi) == (cursor, nxt) else "range"))
            cursor = nxt
        return tuple(out)

    def contains(self, times: pd.Series) -> pd.Series:
        """Boolean mask of the timestamps that fall inside the period (missing → False)."""
        return (times >= self.start) & (times < self.end)
