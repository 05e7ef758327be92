"""The indicator registry and the helpers reference implementations are written with.

Every reference implementation receives a :class:`Ctx` (the tables, the period, the dimension to cut
by and the parameters) and returns a result frame: one row per group (``all`` when not cut), with
columns ``value``, ``numerator``, ``denominator`` and ``note``. A ratio whose denominator is empty
is NaN and its ``note`` says why; it never raises and never turns into 0.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..columns import isin
from .groups import COUNTING, Groups, factorized, reduce, same_rows, subset, sum_in_row_order
from .memo import Memo
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

#: How a cut by month is computed. ``per_month`` runs the definition once for each month: always
#: right. ``one_pass`` runs it once over the whole period with the month as one more group key
#: (see :meth:`Ctx.in_months`): right for a definition that selects rows by their time and
#: aggregates them per group, and reaches other periods, whole-period totals and lengths only
#: through the context (:meth:`Ctx.previous`, :meth:`Ctx.year_ago`, :meth:`Ctx.overall`,
#: :meth:`Ctx.span`, :meth:`Ctx.each_month`), which hand each month its own.
#: tests/test_month_cut.py holds every ``one_pass`` indicator to its ``per_month`` values.
MonthCut = Literal["one_pass", "per_month"]

#: The column that carries each row's month (its number in the period) in a one-pass month cut.
MONTH = "__month__"

Result = pd.DataFrame
Impl = Callable[["Ctx"], Result]


class IndicatorError(ValueError):
    """An indicator was asked for something it cannot do (unknown id, dimension or table)."""


class MonthByMonth(Exception):
    """A month cut that cannot be done in one pass here: the months are computed one by one."""


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
    month_cut: MonthCut = "per_month"

    def compute(
        self,
        data: Mapping[str, pd.DataFrame],
        period: Period | str | tuple[object, object],
        by: str | None = None,
        **params: Any,
    ) -> Result:
        """Compute over ``data`` for ``period``, optionally cut ``by`` a dimension."""
        if by == "month":
            return self.by_month(data, period, **params)
        p, merged = self._checked(data, period, by, params)
        return Ctx(data, p, by, merged).run(self.impl)

    def by_month(
        self,
        data: Mapping[str, pd.DataFrame],
        period: Period | str | tuple[object, object],
        by: str | None = None,
        *,
        each_month: bool = False,
        **params: Any,
    ) -> Result:
        """One row per calendar month of ``period`` (clipped to it), or per month and group.

        The index is ``month`` (labels such as ``2025-03``), or ``month`` and ``by``. Cut in one
        pass when the indicator allows it (see :data:`MonthCut`); ``each_month`` forces the
        definition to run once per month, the path the one-pass cut is tested against.
        """
        p, merged = self._checked(data, period, by, params)
        if self.month_cut == "one_pass" and not each_month:
            try:
                return self._one_pass(data, p, by, merged)
            except MonthByMonth:
                pass
        # The definition once per month: the reference of the one-pass cut, and the way of
        # definitions that look beyond the context (a sales window before a snapshot...).
        months = p.split_months()
        parts = [Ctx(data, m, by, merged).run(self.impl) for m in months]
        labels = [m.label for m in months]
        if by is not None:
            return pd.concat(parts, keys=labels, names=["month", by])
        out = pd.concat(
            [part.rename(index={ALL: m}) for part, m in zip(parts, labels, strict=True)]
        )
        out.index.name = "month"
        return out

    def _one_pass(
        self,
        data: Mapping[str, pd.DataFrame],
        period: Period,
        by: str | None,
        params: dict[str, Any],
    ) -> Result:
        """Every month of ``period`` in one run of the definition (see :data:`MonthCut`)."""
        return Ctx(data, period, by, params, tuple(period.split_months())).run(self.impl)

    def value(
        self,
        data: Mapping[str, pd.DataFrame],
        period: Period | str | tuple[object, object],
        **params: Any,
    ) -> float:
        """The uncut value as a float (NaN when undefined; see ``compute`` for the reason)."""
        result = self.compute(data, period, None, **params)
        return float(result["value"].iloc[0])

    def _checked(
        self,
        data: Mapping[str, pd.DataFrame],
        period: Period | str | tuple[object, object],
        by: str | None,
        params: Mapping[str, Any],
    ) -> tuple[Period, dict[str, Any]]:
        """The parsed period and the parameters with defaults, after checking the request."""
        p = Period.parse(period)
        unknown = set(params) - set(self.params)
        if unknown:
            allowed = ", ".join(self.params) or "none"
            raise IndicatorError(
                f"{self.id}: unknown parameter(s) {sorted(unknown)}; allowed: {allowed}"
            )
        if by is not None and by not in self.dimensions:
            allowed = ", ".join(("month", *self.dimensions))
            raise IndicatorError(f"{self.id} cannot be cut by {by!r}; allowed: {allowed}")
        missing = [t for t in self.tables if t not in data]
        if missing:
            raise IndicatorError(f"{self.id} needs table(s) {', '.join(missing)}")
        return p, {**self.params, **params}


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
    month_cut: MonthCut = "per_month",
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
            month_cut=month_cut,
        )  # fmt: skip
        return fn

    return register


# Indicators sharing fact rows (revenue and AOV, visitors and conversion...) ask for the same
# aggregate of the same cached frame; it is computed once while that frame lives.
_AGGREGATES = Memo(size=4096, prune_every=256)
_IN_MONTHS = Memo(size=1024, prune_every=64)
# Rows a definition derives from cached frames (first row per customer, rows also found in
# another frame), asked for again by every cut.
_DERIVED = Memo(size=1024, prune_every=64)


@dataclass
class Ctx:
    """What a reference implementation sees: tables, period, dimension and parameters.

    ``months`` is set for a month cut in one pass (see :data:`MonthCut`): the period's months,
    each row's month given by :meth:`in_months`, and every group key gains the month, labelled
    with ``labels`` (by default the months' own labels; a context shifted to earlier months keeps
    the labels of the months it serves).
    """

    data: Mapping[str, pd.DataFrame]
    period: Period
    by: str | None
    params: dict[str, Any]
    months: tuple[Period, ...] = ()
    labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.months and not self.labels:
            self.labels = tuple(m.label for m in self.months)

    def run(self, impl: Impl) -> Result:
        out = impl(self)
        if self.months:
            names = ["month"] if self.by is None else ["month", self.by]
        else:
            names = [self.by or ALL]
        out.index = out.index.set_names(names)
        return out

    def table(self, name: str) -> pd.DataFrame:
        try:
            return self.data[name]
        except KeyError:
            raise IndicatorError(f"table {name!r} is needed but not available") from None

    def at(self, period: Period) -> Ctx:
        """The same context for another period (a window, the period before a snapshot...)."""
        if self.months:
            raise MonthByMonth(f"{period.label} is not one of the months")
        return Ctx(self.data, period, self.by, self.params)

    def previous(self) -> Ctx:
        """The same context for the period just before (for each month, the month before)."""
        if not self.months:
            return self.at(self.period.previous())
        return self._shifted(tuple(m.previous() for m in self.months))

    def year_ago(self) -> Ctx:
        """The same context one year earlier (for each month, that month a year earlier)."""
        if not self.months:
            return self.at(self.period.year_ago())
        return self._shifted(tuple(m.year_ago() for m in self.months))

    def _shifted(self, months: tuple[Period, ...]) -> Ctx:
        """A one-pass context over other months, each serving the month of the same rank."""
        if any(a.end > b.start for a, b in itertools.pairwise(months)):
            raise MonthByMonth("the shifted months overlap")
        span = Period(months[0].start, months[-1].end)
        return Ctx(self.data, span, self.by, self.params, months, self.labels)

    @functools.cached_property
    def split(self) -> tuple:
        """What identifies the month cut in cache keys: the months' bounds and their labels."""
        return tuple((m.start.value, m.end.value) for m in self.months), self.labels

    @functools.cached_property
    def _month_labels(self) -> pd.Index:
        return pd.Index(self.labels, dtype="str")

    def in_months(self, rows: pd.DataFrame, column: str) -> pd.DataFrame:
        """``rows`` of the period, each with the month its ``column`` falls in when cutting by
        month in one pass (unchanged otherwise). A definition marks this way the rows it selected
        by their time; a cut in one pass refuses rows that were not."""
        if not self.months:
            return rows

        def build() -> pd.DataFrame:
            starts = pd.DatetimeIndex([m.start for m in self.months])
            ends = pd.DatetimeIndex([m.end for m in self.months])
            times = rows[column]
            number = starts.searchsorted(times, side="right") - 1
            # Shifted months may leave gaps: a row in none of them belongs to no group.
            outside = (number < 0) | (times.to_numpy() >= ends.to_numpy()[number])
            number = np.where(outside, -1, number).astype(np.int64)
            tagged = rows.assign(**{MONTH: number})
            same_rows(tagged, rows)
            return tagged

        return _IN_MONTHS.get(("in_months", column, self.split[0]), [rows], build)

    def overall(self) -> Ctx:
        """The same context not cut by the dimension (still month by month in a one-pass cut):
        for totals over the whole period that every group is measured against."""
        return Ctx(self.data, self.period, None, self.params, self.months, self.labels)

    def span(self, unit: Literal["days", "months"]) -> pd.Series:
        """The period's length (each month's in a one-pass cut), indexed like :meth:`overall`
        aggregates."""
        periods = self.months or (self.period,)
        lengths = [float(p.days) if unit == "days" else p.months for p in periods]
        index = self._month_labels if self.months else pd.Index([ALL], dtype="str")
        return pd.Series(lengths, index=index, dtype="float64")

    def spread(self, totals: pd.Series, index: pd.Index) -> pd.Series:
        """Each group of ``index`` given its period's (or month's) value of ``totals``, a result
        of :meth:`overall` or :meth:`span`."""
        if not self.months:
            at = np.zeros(len(index), dtype=np.int64)
        else:
            months = index if self.by is None else index.get_level_values(0)
            at = totals.index.get_indexer(months)
            if (at < 0).any():
                raise ValueError("totals lack some of the months")
        return pd.Series(totals.to_numpy()[at], index=index, dtype="float64")

    def at_rows(self, values: pd.Series, rows: pd.DataFrame) -> np.ndarray:
        """Each row's period value (its month's in a one-pass cut) of ``values``, a result of
        :meth:`overall` or :meth:`span`."""
        if not self.months:
            return np.full(len(rows), values.iloc[0])
        return values.to_numpy()[rows[MONTH].to_numpy()]

    def within_periods(
        self, values: pd.Series, rows: pd.DataFrame, scale: Callable[[pd.Series], pd.Series]
    ) -> pd.Series:
        """``scale`` applied to the values of the period's rows (each month's on their own in a
        one-pass cut): for values that are measured against the rest of their period."""
        if not self.months:
            return scale(values)
        month = rows[MONTH].to_numpy()
        parts = [scale(values[month == i]) for i in range(len(self.months))]
        return pd.concat(parts).reindex(values.index)

    def sum_per(self, df: pd.DataFrame, key: str, columns: list[str]) -> pd.DataFrame:
        """One row per ``key`` value (per value and month in a one-pass cut), sorted by month
        and value, with the sums of ``columns`` over its rows, added in row order."""
        codes, uniques = factorized(df, key, sort=True)
        width = len(uniques)
        month = df[MONTH].to_numpy() if self.months else np.zeros(len(df), np.int64)
        groups = np.where(codes >= 0, month * width + codes, -1)
        count = max(len(self.months), 1) * width
        numbers = np.flatnonzero(np.bincount(groups[groups >= 0], minlength=count))
        out: dict[str, Any] = {key: uniques.take(numbers % width)}
        if self.months:
            out[MONTH] = numbers // width
        for column in columns:
            values = df[column].to_numpy()
            sums = sum_in_row_order(groups, values, "sum", count)[numbers]
            out[column] = sums.astype(values.dtype) if values.dtype.kind in "iu" else sums
        return pd.DataFrame(out)

    def each_month(self, build: Callable[[Period], pd.DataFrame]) -> pd.DataFrame:
        """The rows ``build`` gives for the period; in a one-pass month cut, the rows it gives
        for each month, each with its month."""
        if not self.months:
            return build(self.period)
        parts = [build(m) for m in self.months]
        month = np.repeat(np.arange(len(parts), dtype=np.int64), [len(p) for p in parts])
        return pd.concat(parts, ignore_index=True).assign(**{MONTH: month})

    def distinct(self, df: pd.DataFrame, column: str) -> pd.DataFrame:
        """The first row of each ``column`` value (of each value in each month, in one pass)."""
        keys = [column, MONTH] if self.months else [column]
        return _DERIVED.get(
            ("distinct", column, bool(self.months)), [df],
            lambda: subset(df, ~df.duplicated(keys).to_numpy()),
        )  # fmt: skip

    def isin(self, df: pd.DataFrame, column: str, other: pd.DataFrame) -> np.ndarray:
        """Which rows of ``df`` have a ``column`` value found in ``other`` (in the same month,
        when cutting by month in one pass)."""

        def build() -> np.ndarray:
            if not self.months:
                return isin(df[column], other[column])
            both = pd.concat([df[column], other[column]], ignore_index=True)
            codes, _ = pd.factorize(both)
            n = len(self.months)
            my_month, their_month = df[MONTH].to_numpy(), other[MONTH].to_numpy()
            mine = codes[: len(df)] * n + my_month
            theirs = codes[len(df) :] * n + their_month
            # A row in none of the months (a gap between shifted months) matches nothing.
            return np.isin(mine, theirs[their_month >= 0]) & (my_month >= 0)

        return _DERIVED.get(("isin", column, bool(self.months)), [df, other], build)

    def _groups(self, df: pd.DataFrame) -> Groups:
        """The group of each row: the ``by`` column, the month in a one-pass month cut, or both;
        a single group (``all``) when neither."""
        month = None
        if self.months:
            if MONTH not in df.columns:
                raise IndicatorError("these rows were not given their month: cut month by month")
            month = df[MONTH].to_numpy()
            month_labels = self._month_labels
        if self.by is None:
            if month is None:
                return Groups(np.zeros(len(df), np.int64), 1, _all_labels)
            return Groups(month, len(month_labels), month_labels.take)
        if self.by not in df.columns:
            raise IndicatorError(f"dimension {self.by!r} is not available on these rows")
        codes, uniques = factorized(df, self.by, sort=True)
        labels = uniques.astype("str")
        if month is None:
            return Groups(codes, len(labels), labels.take)
        width = len(labels)
        both = np.where(codes >= 0, month * width + codes, -1)

        def pairs(numbers: np.ndarray) -> pd.Index:
            # Built from level codes (from_arrays would factorise the labels all over again),
            # each level holding only the labels present, in sorted order.
            levels: list[Any] = []
            level_codes: list[Any] = []
            for level, at in ((month_labels, numbers // width), (labels, numbers % width)):
                used = np.unique(at)
                levels.append(level.take(used))
                level_codes.append(np.searchsorted(used, at))
            return pd.MultiIndex(levels=levels, codes=level_codes, verify_integrity=False)

        return Groups(both, len(month_labels) * width, pairs)

    def agg(self, df: pd.DataFrame, column: str | None, how: str) -> pd.Series:
        """Aggregate ``column`` per group with ``how`` (sum, nunique, size, mean, median...).

        Groups with a missing key are dropped; when not cut by a dimension, every period (or
        month) has its row even without input rows: 0 for counts and sums, NaN for statistics.
        """
        cut = (column, how, self.by, self.split)
        s = _AGGREGATES.get(cut, [df], lambda: self._aggregate(df, column, how))
        return s.copy()

    def quantile(self, df: pd.DataFrame, column: str, q: float) -> pd.Series:
        """The ``q`` quantile of ``column`` per group (linear interpolation), as :meth:`agg`."""
        return self.agg(df, column, f"quantile:{q!r}")

    def _aggregate(self, df: pd.DataFrame, column: str | None, how: str) -> pd.Series:
        groups = self._groups(df)
        values, present = reduce(df, column, how, groups)
        if self.by is None:
            values[~present] = 0.0 if how in COUNTING else np.nan
            present[:] = True
        numbers = np.flatnonzero(present)
        return pd.Series(values[numbers], index=groups.labels(numbers), dtype="float64")


def _all_labels(numbers: np.ndarray) -> pd.Index:
    return pd.Index([ALL] * len(numbers), dtype="str")


def _note(zh: str, en: str) -> str:
    return f"{zh}（{en}）"


def _notes(flags: np.ndarray, text: str) -> Any:
    """``text`` where ``flags`` is set, an empty note elsewhere."""
    return _note_column(text, np.asarray(flags, dtype=bool).tobytes())


@functools.lru_cache(maxsize=1024)
def _note_column(text: str, flags: bytes) -> Any:
    # Building a text column is the costly part of a small result, and the same few patterns
    # recur; the frames built from it copy it, so sharing it is safe.
    return pd.array(np.where(np.frombuffer(flags, dtype=bool), text, ""), dtype="str")


def total(values: pd.Series, empty_zh: str = "", empty_en: str = "") -> Result:
    """A result whose value is a sum, count or statistic; NaN values carry the given reason."""
    text = _note(empty_zh, empty_en) if empty_zh else ""
    note = _notes(values.isna().to_numpy(), text)
    unused = np.full(len(values), np.nan)
    out = pd.DataFrame(
        {"value": values.to_numpy(), "numerator": unused, "denominator": unused, "note": note},
        index=values.index,
    )
    return out if out.index.is_monotonic_increasing else out.sort_index()


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
    if num.index.equals(den.index):
        index = num.index
        n, d = num.to_numpy(dtype="float64"), den.to_numpy(dtype="float64")
    else:
        index = num.index.union(den.index)
        n = num.reindex(index).to_numpy(dtype="float64")
        d = den.reindex(index).to_numpy(dtype="float64")
    n = np.where(np.isnan(n), 0.0, n)
    d = np.where(np.isnan(d), 0.0, d)
    empty = ~(d > 0)
    value = scale * n / np.where(empty, np.nan, d)
    note = _notes(empty, _note(f"分母为0：{empty_zh}", f"empty denominator: {empty_en}"))
    return pd.DataFrame(
        {"value": value, "numerator": n, "denominator": d, "note": note}, index=index
    )
