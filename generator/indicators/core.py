"""The indicator registry and the helpers reference implementations are written with.

Every reference implementation receives a :class:`Ctx` (the tables, the period, the dimension to cut
by and the parameters) and returns a result frame: one row per group (``all`` when not cut), with
columns ``value``, ``numerator``, ``denominator`` and ``note``. A ratio whose denominator is empty
is NaN and its ``note`` says why; it never raises and never turns into 0.
"""

from __future__ import annotations

import itertools
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from .period import Period

Unit = Literal[
    "CNY",
    "count",
    "ratio",
    "points",
    "score",
    "minutes",
    "hours",
    "days",
    "times",
    "per_account_month",
]

#: Unit names shown in the catalogue and the glossary.
UNIT_LABELS: dict[str, tuple[str, str]] = {
    "CNY": ("元", "CNY"),
    "count": ("个/人/件", "count"),
    "ratio": ("比率（0-1，显示为%）", "ratio (0-1, shown as %)"),
    "points": ("分（-100 至 100）", "points (-100 to 100)"),
    "score": ("分", "score"),
    "minutes": ("分钟", "minutes"),
    "hours": ("小时", "hours"),
    "days": ("天", "days"),
    "times": ("次/倍", "times"),
    "per_account_month": ("次/客户/月", "per account per month"),
}

#: Every dimension an indicator may be cut by, with its label.
DIMENSIONS: dict[str, tuple[str, str]] = {
    "month": ("月份", "month"),
    "region": ("大区", "region"),
    "province": ("省份", "province"),
    "channel": ("渠道", "channel"),
    "segment": ("客户分层", "customer segment"),
    "category": ("品类/类别", "category"),
    "store": ("门店/酒店", "store or hotel"),
    "team": ("团队", "team"),
    "rep": ("员工", "employee"),
    "device": ("终端", "device"),
    "landing_page": ("着陆页", "landing page"),
    "promo_phase": ("大促阶段", "promotion phase"),
    "campaign": ("活动", "campaign"),
    "cohort": ("首购月份（客户群）", "cohort (month of first purchase)"),
}

ALL = "all"

Result = pd.DataFrame
Impl = Callable[["Ctx"], Result]


class IndicatorError(ValueError):
    """An indicator was asked for something it cannot do (unknown id, dimension or table)."""


@dataclass(frozen=True)
class Indicator:
    """One catalogue entry: what the indicator is, and its reference implementation."""

    id: str
    zh: str
    en: str
    unit: Unit
    formula_zh: str
    formula_en: str
    seeds: tuple[str, ...]
    module: int
    section: str
    tables: tuple[str, ...]
    dimensions: tuple[str, ...]
    impl: Impl = field(repr=False)
    params: Mapping[str, Any] = field(default_factory=dict)
    higher_is_better: bool | None = True

    def compute(
        self,
        data: Mapping[str, pd.DataFrame],
        period: Period | str | tuple[object, object],
        by: str | None = None,
        **params: Any,
    ) -> Result:
        """Compute over ``data`` for ``period``, optionally cut ``by`` a dimension."""
        p = Period.parse(period)
        unknown = set(params) - set(self.params)
        if unknown:
            allowed = ", ".join(self.params) or "none"
            raise IndicatorError(
                f"{self.id}: unknown parameter(s) {sorted(unknown)}; allowed: {allowed}"
            )
        merged = {**self.params, **params}
        if by is not None and by not in self.dimensions and by != "month":
            allowed = ", ".join(("month", *self.dimensions))
            raise IndicatorError(f"{self.id} cannot be cut by {by!r}; allowed: {allowed}")
        missing = [t for t in self.tables if t not in data]
        if missing:
            raise IndicatorError(f"{self.id} needs table(s) {', '.join(missing)}")
        if by == "month":
            # Each month is computed on its own so windows and previous periods stay right.
            parts = [
                Ctx(data, m, None, merged).run(self.impl).rename(index={ALL: m.label})
                for m in p.split_months()
            ]
            out = pd.concat(parts)
            out.index.name = "month"
            return out
        return Ctx(data, p, by, merged).run(self.impl)

    def value(
        self,
        data: Mapping[str, pd.DataFrame],
        period: Period | str | tuple[object, object],
        **params: Any,
    ) -> float:
        """The uncut value as a float (NaN when undefined; see ``compute`` for the reason)."""
        result = self.compute(data, period, None, **params)
        return float(result["value"].iloc[0])


REGISTRY: dict[str, Indicator] = {}


def indicator(
    id: str,
    *,
    zh: str,
    en: str,
    unit: Unit,
    formula_zh: str,
    formula_en: str,
    seeds: tuple[str, ...],
    module: int,
    section: str,
    tables: tuple[str, ...],
    dimensions: tuple[str, ...] = (),
    params: Mapping[str, Any] | None = None,
    higher_is_better: bool | None = True,
) -> Callable[[Impl], Impl]:
    """Register the decorated function as the reference implementation of ``id``."""

    def register(fn: Impl) -> Impl:
        if id in REGISTRY:
            raise ValueError(f"indicator {id!r} is registered twice")
        bad = [d for d in dimensions if d not in DIMENSIONS or d == "month"]
        if bad:
            raise ValueError(f"indicator {id!r}: unknown dimensions {bad}")
        REGISTRY[id] = Indicator(
            id=id, zh=zh, en=en, unit=unit, formula_zh=formula_zh, formula_en=formula_en,
            seeds=seeds, module=module, section=section, tables=tables, dimensions=dimensions,
            impl=fn, params=dict(params or {}), higher_is_better=higher_is_better,
        )  # fmt: skip
        return fn

    return register


_AGGREGATES: OrderedDict[tuple, tuple[weakref.ref, pd.Series]] = OrderedDict()
_AGGREGATES_SIZE = 4096
_PRUNE_EVERY = 256
_aggregated = itertools.count(1)


def _prune_aggregates() -> None:
    """Drop the aggregates of frames that were freed."""
    for key in [k for k, (ref, _) in _AGGREGATES.items() if ref() is None]:
        del _AGGREGATES[key]


@dataclass
class Ctx:
    """What a reference implementation sees: tables, period, dimension and parameters."""

    data: Mapping[str, pd.DataFrame]
    period: Period
    by: str | None
    params: dict[str, Any]

    def run(self, impl: Impl) -> Result:
        out = impl(self)
        out.index.name = self.by or ALL
        return out

    def table(self, name: str) -> pd.DataFrame:
        try:
            return self.data[name]
        except KeyError:
            raise IndicatorError(f"table {name!r} is needed but not available") from None

    def at(self, period: Period) -> Ctx:
        """The same context for another period (previous month, a year ago...)."""
        return Ctx(self.data, period, self.by, self.params)

    def keys(self, df: pd.DataFrame) -> pd.Series:
        """The group of each row: the ``by`` column, or ``all`` when not cut."""
        if self.by is None:
            return pd.Series(ALL, index=df.index, dtype="str")
        if self.by not in df.columns:
            raise IndicatorError(f"dimension {self.by!r} is not available on these rows")
        return df[self.by]

    def _grouper(self, df: pd.DataFrame) -> pd.Series | np.ndarray:
        """What to group ``df`` by: a single code when not cut (relabelled ``all`` after), so the
        same aggregation kernels run without building and factorising a column of labels."""
        if self.by is None:
            return np.zeros(len(df), dtype=np.int8)
        return self.keys(df)

    def _labelled(self, s: pd.Series) -> pd.Series:
        if self.by is None:
            s.index = pd.Index([ALL] * len(s), dtype="str")
        else:
            s.index = s.index.astype("str")
        return s

    def _empty(self) -> pd.Series:
        index = pd.Index([ALL] if self.by is None else [], dtype="str")
        return pd.Series(0.0, index=index, dtype="float64")

    def agg(self, df: pd.DataFrame, column: str | None, how: str) -> pd.Series:
        """Aggregate ``column`` per group with ``how`` (sum, nunique, size, mean, median...).

        Groups with a missing key are dropped; when not cut, an empty input still yields the
        ``all`` row (0 for counts and sums, NaN for statistics).
        """
        # Indicators sharing fact rows (revenue and AOV, visitors and conversion...) ask for the
        # same aggregate of the same cached frame; it is computed once while that frame lives.
        key = (id(df), column, how, self.by)
        hit = _AGGREGATES.get(key)
        if hit is not None and hit[0]() is df:
            _AGGREGATES.move_to_end(key)
            return hit[1].copy()
        s = self._aggregate(df, column, how)
        _AGGREGATES[key] = (weakref.ref(df), s.copy())
        if next(_aggregated) % _PRUNE_EVERY == 0:
            _prune_aggregates()
        while len(_AGGREGATES) > _AGGREGATES_SIZE:
            _AGGREGATES.popitem(last=False)
        return s

    def _aggregate(self, df: pd.DataFrame, column: str | None, how: str) -> pd.Series:
        keys = self._grouper(df)
        if how == "size":
            s = df.groupby(keys, dropna=True).size().astype("float64")
        else:
            assert column is not None
            s = df[column].groupby(keys, dropna=True).agg(how).astype("float64")
        if self.by is None and s.empty:
            fill = 0.0 if how in ("sum", "size", "nunique", "count") else np.nan
            return pd.Series(fill, index=pd.Index([ALL], dtype="str"), dtype="float64")
        return self._labelled(s)

    def quantile(self, df: pd.DataFrame, column: str, q: float) -> pd.Series:
        s = df[column].groupby(self._grouper(df), dropna=True).quantile(q).astype("float64")
        if self.by is None and s.empty:
            return pd.Series(np.nan, index=pd.Index([ALL], dtype="str"), dtype="float64")
        return self._labelled(s)


def _note(zh: str, en: str) -> str:
    return f"{zh}（{en}）"


def _notes(flags: np.ndarray, text: str, index: pd.Index) -> pd.Series:
    """``text`` where ``flags`` is set, an empty note elsewhere."""
    return pd.Series(np.where(flags, text, ""), index=index, dtype="str")


def total(values: pd.Series, empty_zh: str = "", empty_en: str = "") -> Result:
    """A result whose value is a sum, count or statistic; NaN values carry the given reason."""
    text = _note(empty_zh, empty_en) if empty_zh else ""
    note = _notes(values.isna().to_numpy(), text, values.index)
    return pd.DataFrame(
        {"value": values, "numerator": np.nan, "denominator": np.nan, "note": note}
    ).sort_index()


def ratio(
    num: pd.Series,
    den: pd.Series,
    empty_zh: str,
    empty_en: str,
    scale: float = 1.0,
) -> Result:
    """``scale × num ÷ den`` per group; an empty or zero denominator gives NaN with a reason.

    Groups present only in the numerator keep it and get a zero denominator; groups present only in
    the denominator get a zero numerator.
    """
    index = num.index.union(den.index)
    n = num.reindex(index).fillna(0.0)
    d = den.reindex(index).fillna(0.0)
    empty = ~(d > 0)
    value = (scale * n / d.where(~empty)).astype("float64")
    note = _notes(
        empty.to_numpy(), _note(f"分母为0：{empty_zh}", f"empty denominator: {empty_en}"), index
    )
    return pd.DataFrame({"value": value, "numerator": n, "denominator": d, "note": note})
