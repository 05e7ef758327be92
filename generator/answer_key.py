"""The answer key: every applicable indicator's exact value and every planted problem.

Values are computed by the reference indicator implementations on the finished tables, so they
always equal what a trainee's correct computation on the shipped files gives.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from .config import CaseConfig
from .indicators import REGISTRY, Indicator, Period

Number = float | None


def clean(value: object) -> Number:
    """A JSON-safe number: NaN and infinities become None; floats keep 10 significant digits."""
    x = float(value)  # type: ignore[arg-type]
    return None if not math.isfinite(x) else float(f"{x:.10g}")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IndicatorEntry(_Model):
    id: str = Field(description="Catalogue id.")
    name_zh: str
    name_en: str
    unit: str
    total: Number = Field(description="Value over the whole period (None when undefined).")
    by_month: dict[str, Number] = Field(description="Value per calendar month (YYYY-MM).")
    by_dimension: dict[str, dict[str, Number]] = Field(
        description="Whole-period value per segment, for each of the profile's usual dimensions."
    )


class ProblemEntry(_Model):
    id: str
    title_zh: str
    title_en: str
    indicator: str = Field(description="The indicator a diagnosis should name.")
    indicators: list[str] = Field(description="Every indicator the problem moves.")
    dimension: str
    segment: str
    start: dt.date
    start_month: str
    end: dt.date | None = Field(default=None, description="Exclusive end of a temporary cause.")
    direction: Literal["up", "down"]
    severity: float
    before: Number = Field(description="Indicator for the segment from period start to start.")
    after: Number = Field(description="Indicator for the segment from start to period end.")
    effect: Number = Field(description="after − before.")
    relative_effect: Number = Field(description="(after − before) ÷ before.")
    others_before: Number = Field(
        description="Mean over the other segments of their values before, each taken as `before`."
    )
    others_after: Number = Field(
        description="Mean over the other segments of their values after, each taken as `after`."
    )
    overall_before: Number = Field(
        description="Company-wide value before, taken as `before` (a rate over the whole span; "
        "a mean of months for totals and span-dependent indicators such as churn)."
    )
    overall_after: Number = Field(description="Company-wide value after, taken as `after`.")
    moved: dict[str, dict[str, Number]] = Field(
        default_factory=dict, description="Every moved indicator's segment value before and after."
    )
    action_zh: str
    action_en: str


class DecoyEntry(_Model):
    indicator: str
    dimension: str
    segment: str
    month: str
    value: Number
    baseline: Number
    reason_zh: str
    reason_en: str


class AnswerKey(_Model):
    schema_version: Literal[1] = 1
    generator_version: str
    seed: int
    config: CaseConfig
    fingerprint: str = Field(description="sha256 of the files in data/ (see output.fingerprint).")
    period_start: dt.date
    period_end: dt.date = Field(description="Exclusive end of the period.")
    indicators: list[IndicatorEntry]
    problems: list[ProblemEntry]
    decoys: list[DecoyEntry]


def applicable(tables: Mapping[str, pd.DataFrame]) -> list[Indicator]:
    """Indicators whose tables all exist and are not empty."""
    return [
        ind for ind in REGISTRY.values() if all(t in tables and len(tables[t]) for t in ind.tables)
    ]


def indicator_entries(
    tables: Mapping[str, pd.DataFrame],
    period: Period,
    dimensions: tuple[str, ...],
    progress: Callable[[str], None] | None = None,
) -> list[IndicatorEntry]:
    out = []
    for ind in applicable(tables):
        months = ind.compute(tables, period, by="month")["value"]
        cuts = {}
        for dim in ind.dimensions:
            if dim in dimensions:
                values = ind.compute(tables, period, by=dim)["value"]
                cuts[dim] = {str(k): clean(v) for k, v in values.items()}
        out.append(
            IndicatorEntry(
                id=ind.id,
                name_zh=ind.zh,
                name_en=ind.en,
                unit=ind.unit,
                total=clean(ind.value(tables, period)),
                by_month={str(k): clean(v) for k, v in months.items()},
                by_dimension=cuts,
            )
        )
        if progress is not None:
            progress(ind.id)
    return out


#: Indicators compared as monthly means: their value depends on the length of the span.
MONTHLY_ONLY = {"churn_rate", "retention_rate", "repurchase_rate", "revenue_growth",
                "revenue_growth_yoy", "slow_moving_share", "inventory_turnover", "inventory_days",
                "follower_growth"}  # fmt: skip


def month_matrix(
    tables: Mapping[str, pd.DataFrame], indicator: str, dimension: str, period: Period
) -> pd.DataFrame:
    """Indicator values with months as rows and segments of ``dimension`` as columns."""
    values = REGISTRY[indicator].by_month(tables, period, by=dimension)["value"]
    months = pd.Index([m.label for m in period.split_months()], dtype="str")
    if values.empty:
        return pd.DataFrame(index=months, columns=pd.Index([], dtype="str", name=dimension))
    matrix = values.unstack(dimension).reindex(months)
    matrix.index.name = None
    return matrix


def _mean(values: pd.Series) -> Number:
    values = values.dropna()
    return clean(values.mean()) if len(values) else None


def segment_shift(
    tables: Mapping[str, pd.DataFrame],
    indicator: str,
    dimension: str,
    segment: str,
    start: pd.Timestamp,
    period: Period,
    end: pd.Timestamp | None = None,
) -> dict[str, Number]:
    """The segment's value (and the other segments' mean) before and after ``start``.

    Rates are computed over the whole span before and the whole span after; totals and
    indicators whose value depends on the span's length (churn, turnover...) are averaged over
    months. "After" runs to the period end, or to ``end`` for a temporary cause.
    """
    ind = REGISTRY[indicator]
    stop = period.end if end is None else min(end, period.end)
    if pooled(indicator):
        # A rate over the whole span before and after: steadier than a mean of small months.
        parts = [
            ind.compute(tables, Period(a, b), by=dimension)["value"]
            for a, b in ((period.start, start), (start, stop))
        ]
        frame = pd.DataFrame({"before": parts[0], "after": parts[1]}).T
        return _shift(frame.loc[["before"]], frame.loc[["after"]], segment)
    before, after = split_months(month_matrix(tables, indicator, dimension, period), start, stop)
    return _shift(before, after, segment)


def overall_shift(
    tables: Mapping[str, pd.DataFrame],
    indicator: str,
    start: pd.Timestamp,
    period: Period,
    end: pd.Timestamp | None = None,
) -> tuple[Number, Number]:
    """The company-wide value before and after ``start``, taken as :func:`segment_shift` takes a
    segment's: comparable with the segment's own before and after."""
    ind = REGISTRY[indicator]
    stop = period.end if end is None else min(end, period.end)
    if pooled(indicator):
        spans = ((period.start, start), (start, stop))
        before, after = (clean(ind.value(tables, Period(a, b))) for a, b in spans)
        return before, after
    monthly = ind.compute(tables, period, by="month")["value"]
    before, after = split_months(monthly, start, stop)
    return _mean(before), _mean(after)


def pooled(indicator: str) -> bool:
    """Whether before/after values pool the whole span (rates) rather than average its months
    (totals, and indicators whose value depends on the span's length)."""
    return indicator not in MONTHLY_ONLY and REGISTRY[indicator].unit not in ("CNY", "count")


def split_months(
    monthly: pd.DataFrame | pd.Series, start: pd.Timestamp, stop: pd.Timestamp
) -> tuple:
    """Rows (labelled YYYY-MM) before ``start``'s month, and from it to ``stop``'s month.

    A ``stop`` inside a month keeps that month on the "after" side.
    """
    first = start.strftime("%Y-%m")
    last = stop if stop.day == 1 else stop + pd.offsets.MonthBegin()
    index = monthly.index
    inside = (index >= first) & (index < last.strftime("%Y-%m"))
    return monthly.loc[index < first], monthly.loc[inside]


def _shift(before: pd.DataFrame, after: pd.DataFrame, segment: str) -> dict[str, Number]:
    """Mean over rows of the segment's column and of the other columns' mean."""
    mine = segment in before.columns
    others = [c for c in before.columns if c != segment]
    return {
        "before": _mean(before[segment]) if mine else None,
        "after": _mean(after[segment]) if mine else None,
        "others_before": _mean(before[others].mean(axis=0)) if others else None,
        "others_after": _mean(after[others].mean(axis=0)) if others else None,
    }
