"""A month cut in one pass gives exactly what running the definition once per month gives.

Indicators declared ``month_cut="one_pass"`` compute every month (and every month × segment of
the answer key's matrices) in one run of their reference implementation; the per-month path runs
it once per month and is the definition. Both must agree bit for bit, notes included, for every
indicator on the default case of every profile and on small hand-made data with empty months.
"""

from __future__ import annotations

import pandas as pd
import pytest
from mini_company import empty_company, mini_company

from generator.answer_key import month_matrix
from generator.api import generate_company
from generator.indicators import DIMENSIONS, REGISTRY, IndicatorError, Period
from generator.indicators.core import MonthByMonth
from generator.registry import PROFILES, load_all

load_all()
IDS = sorted(REGISTRY)


def _same_months(
    data: dict[str, pd.DataFrame], period: Period, indicator: str, dims: tuple[str, ...]
) -> None:
    """The declared month cut equals month by month, uncut and cut by each of ``dims``; a
    one-pass indicator must not fall back to the per-month path here."""
    ind = REGISTRY[indicator]
    for by in (None, *(d for d in ind.dimensions if d in dims)):
        try:
            expected = ind.by_month(data, period, by, each_month=True)
        except IndicatorError as error:  # a dimension these tables do not carry
            with pytest.raises(IndicatorError, match=str(error)[:40]):
                ind.by_month(data, period, by)
            continue
        if ind.month_cut == "one_pass":
            got = ind._one_pass(data, period, by, dict(ind.params))
        else:
            got = ind.by_month(data, period, by)
        pd.testing.assert_frame_equal(got, expected, check_exact=True, obj=f"{indicator} by {by}")


@pytest.fixture(scope="module", params=sorted(PROFILES))
def default_case(request):
    case = generate_company(request.param, seed=0, with_indicators=False)
    period = Period(pd.Timestamp(case.config.start), pd.Timestamp(case.config.end))
    return case.tables, period, PROFILES[request.param].dimensions


def test_every_indicator_cut_by_month_as_month_by_month_on_every_profile(default_case):
    """The answer key's month cuts and month × segment matrices (the profile's dimensions)."""
    tables, period, dims = default_case
    for indicator, ind in REGISTRY.items():
        if all(t in tables and len(tables[t]) for t in ind.tables):
            _same_months(tables, period, indicator, dims)


@pytest.fixture(scope="module")
def small():
    """The small company (rows in February and March 2025) and the empty one."""
    return {"mini": mini_company(), "empty": empty_company()}


@pytest.mark.parametrize("indicator", IDS)
def test_cut_by_month_as_month_by_month_with_empty_months(small, indicator):
    """Months without any row around the small company's rows, and no rows at all."""
    for data in small.values():
        _same_months(data, Period.parse("2025-01-01/2025-05-01"), indicator, tuple(DIMENSIONS))


@pytest.mark.parametrize("indicator", IDS)
def test_clipped_months_fall_back_or_agree(small, indicator):
    """A period cut inside months: shifted months may overlap, so those indicators go month by
    month; every indicator still gives the per-month values."""
    data, period = small["mini"], Period.parse("2025-02-15/2025-04-10")
    ind = REGISTRY[indicator]
    for by in (None, "region"):
        if by is not None and by not in ind.dimensions:
            continue
        pd.testing.assert_frame_equal(
            ind.by_month(data, period, by),
            ind.by_month(data, period, by, each_month=True),
            check_exact=True,
        )


def test_overlapping_previous_months_go_month_by_month(small):
    """The month before a month cut short at its start overlaps the next month's previous
    month: no one pass is possible, and the per-month path is taken."""
    clipped = Period.parse("2025-02-15/2025-04-10")
    growth = REGISTRY["revenue_growth"]
    with pytest.raises(MonthByMonth):
        growth._one_pass(small["mini"], clipped, None, {})
    assert list(growth.by_month(small["mini"], clipped).index) == [
        "2025-02-15/2025-03-01", "2025-03", "2025-04-01/2025-04-10",
    ]  # fmt: skip


def test_month_matrix_has_every_month_and_segment():
    """Months as rows (months without rows included), segments as columns, the per-month values."""
    data, period = mini_company(), Period.parse("2025-01-01/2025-06-01")
    matrix = month_matrix(data, "revenue", "region", period)
    assert list(matrix.index) == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
    assert list(matrix.columns) == ["east", "south"]
    for month in matrix.index:
        cut = REGISTRY["revenue"].compute(data, month, by="region")["value"]
        expected = cut.reindex(matrix.columns)
        pd.testing.assert_series_equal(
            matrix.loc[month], expected, check_names=False, check_index=False
        )


def test_month_matrix_leaves_out_segments_without_rows_in_the_period():
    """A region with orders only outside the period is no column (its label is known from the
    whole table, which the period's rows are cut from)."""
    data = mini_company()
    full = month_matrix(data, "revenue", "region", Period.parse("2025-01-01/2025-04-01"))
    february = month_matrix(data, "revenue", "region", Period.parse("2025-02"))
    assert list(full.columns) == ["east", "south"]
    assert list(february.columns) == ["east"] and list(february.index) == ["2025-02"]
