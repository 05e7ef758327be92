"""The indicator catalogue as a whole: completeness, metadata, and behaviour of every entry."""

from __future__ import annotations

import math

import pytest
from mini_company import empty_company, mini_company

from generator.indicators import (
    DIMENSIONS,
    REGISTRY,
    UNIT_LABELS,
    IndicatorError,
    PeriodError,
    catalogue,
    compute,
    get,
)
from generator.modules import MODULES

# Every id of DOMAIN.md §2, copied by hand from its tables ("impressions / clicks" is two ids).
DOMAIN_IDS = {
    "revenue", "units_sold", "aov", "revenue_growth", "visitors", "page_views", "conversion_rate",
    "bounce_rate", "new_customers", "repurchase_rate", "csat", "nps", "churn_rate",
    "retention_rate", "complaint_rate", "inventory_turnover", "stockout_rate", "slow_moving_share",
    "sell_through_rate", "gross_margin", "expense_ratio", "net_margin", "first_response_time",
    "resolution_rate", "first_contact_resolution", "resolution_time", "impressions", "clicks",
    "ctr", "roas", "follower_growth", "engagement_rate", "campaign_participation",
    "recruitment_task_completion", "contract_amount", "signed_clients", "lead_conversion_rate",
    "sales_cycle_days", "channel_efficiency", "sales_cost_ratio", "participation_rate",
    "interaction_frequency", "feedback_quality", "cooperation_index",
}  # fmt: skip

IDS = sorted(REGISTRY)
RATIO_UNITS = {"ratio", "times", "points", "per_account_month"}


def test_every_domain_indicator_is_registered():
    """Nothing of DOMAIN §2 is missing from the registry."""
    assert DOMAIN_IDS - set(REGISTRY) == set()


@pytest.mark.parametrize("indicator_id", IDS)
def test_metadata_is_complete(indicator_id):
    """Each entry has both names, both formulas, a known unit, seed and module."""
    ind = get(indicator_id)
    assert ind.zh and ind.en and ind.formula_zh and ind.formula_en
    assert ind.unit in UNIT_LABELS
    assert set(ind.seeds) <= {"000", "002", "003", "004"} and ind.seeds
    assert ind.module in MODULES and ind.module != 8
    assert all(d in DIMENSIONS for d in ind.dimensions)


@pytest.mark.parametrize("indicator_id", IDS)
def test_runs_uncut_by_month_and_by_each_dimension(indicator_id):
    """Every declared cut works on a complete small company and returns the standard frame."""
    data = mini_company()
    ind = get(indicator_id)
    whole = ind.compute(data, "2025-03")
    assert list(whole.columns) == ["value", "numerator", "denominator", "note"]
    assert list(whole.index) == ["all"]
    months = ind.compute(data, "2025-Q1", by="month")
    assert list(months.index) == ["2025-01", "2025-02", "2025-03"]
    assert months.loc["2025-03", "value"] == pytest.approx(whole.loc["all", "value"], nan_ok=True)
    for dim in ind.dimensions:
        cut = ind.compute(data, "2025-03", by=dim)
        assert cut.index.name == dim
        assert list(cut.columns) == ["value", "numerator", "denominator", "note"]


@pytest.mark.parametrize("indicator_id", IDS)
def test_empty_period_gives_zero_or_nan_with_reason(indicator_id):
    """With no rows at all, counts and sums are 0 and every other value is NaN with a note."""
    ind = get(indicator_id)
    row = ind.compute(empty_company(), "2025-03").loc["all"]
    if math.isnan(row["value"]):
        assert row["note"], f"{indicator_id}: NaN without a reason"
    else:
        assert row["value"] == 0 and ind.unit in ("CNY", "count")


def test_cut_by_unsupported_dimension_is_a_clear_error():
    with pytest.raises(IndicatorError, match="cannot be cut by 'device'; allowed: month"):
        compute("churn_rate", mini_company(), "2025-03", by="device")


def test_unknown_indicator_and_parameter_and_period_are_clear_errors():
    with pytest.raises(IndicatorError, match="unknown indicator 'revenu'"):
        get("revenu")
    with pytest.raises(IndicatorError, match=r"unknown parameter.*allowed: window_days, basis"):
        compute("churn_rate", mini_company(), "2025-03", window=30)
    with pytest.raises(PeriodError, match="cannot read period"):
        compute("revenue", mini_company(), "March")


def test_missing_table_is_named():
    data = mini_company()
    del data["web_sessions"]
    with pytest.raises(IndicatorError, match="needs table\\(s\\) web_sessions"):
        compute("visitors", data, "2025-03")


def test_catalogue_filters_by_module_in_section_order():
    assert [i.id for i in catalogue(6)] == [
        "participation_rate", "interaction_frequency", "feedback_quality", "cooperation_index",
    ]  # fmt: skip
    assert {i.module for i in catalogue()} == set(range(1, 8))
