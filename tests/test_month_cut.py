"""A month cut in one pass gives exactly what running the definition once per month gives.

Indicators declared ``month_cut="one_pass"`` compute every month (and every month × segment of
the answer key's matrices) in one run of their reference implementation; the per-month path runs
it once per month and is the definition. Both must agree bit for bit, notes included, on the
default case of every profile and on small hand-made data with empty months.
"""

from __future__ import annotations

import pandas as pd
import pytest
from mini_company import empty_company, mini_company

from generator.answer_key import month_matrix
from generator.api import generate_company
from generator.indicators import REGISTRY, IndicatorError, Period
from generator.registry import PROFILES, load_all

load_all()
ONE_PASS = sorted(i for i, ind in REGISTRY.items() if ind.month_cut == "one_pass")


def _same_months(data: dict[str, pd.DataFrame], period: Period, indicator: str) -> None:
    """One pass (without falling back) equals month by month, uncut and for every dimension."""
    ind = REGISTRY[indicator]
    for by in (None, *ind.dimensions):
        try:
            expected = ind.by_month(data, period, by, each_month=True)
        except IndicatorError as error:  # a dimension these tables do not carry
            with pytest.raises(IndicatorError, match=str(error)[:40]):
                ind._one_pass(data, period, by, dict(ind.params))
            continue
        got = ind._one_pass(data, period, by, dict(ind.params))
        pd.testing.assert_frame_equal(got, expected, check_exact=True, obj=f"{indicator} by {by}")


@pytest.fixture(scope="module", params=sorted(PROFILES))
def default_case(request):
    case = generate_company(request.param, seed=0, with_indicators=False)
    return case.tables, Period(pd.Timestamp(case.config.start), pd.Timestamp(case.config.end))


def test_one_pass_equals_each_month_on_every_profile(default_case):
    tables, period = default_case
    for indicator in ONE_PASS:
        if all(t in tables and len(tables[t]) for t in REGISTRY[indicator].tables):
            _same_months(tables, period, indicator)


@pytest.fixture(scope="module")
def small():
    """The small company (rows in February and March 2025) and the empty one."""
    return {"mini": mini_company(), "empty": empty_company()}


@pytest.mark.parametrize("indicator", ONE_PASS)
def test_one_pass_equals_each_month_with_empty_months(small, indicator):
    """Months without any row around the small company's rows, and no rows at all."""
    for data in small.values():
        _same_months(data, Period.parse("2025-01-01/2025-05-01"), indicator)


@pytest.mark.parametrize("indicator", ONE_PASS)
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
