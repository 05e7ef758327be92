"""Known mistakes of module 2 (customer indicators, 客户指标).

Questions on one month (repurchase, churn, retention) ask about the reporting period's last
month, so these functions take that month from the period they are given.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from generator.indicators import Period

from . import mistake

WINDOW_DAYS = 90


def _paid(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    orders = tables["orders"]
    return orders.loc[orders["status"] == "paid"]


def _last_month(period: Period) -> tuple[pd.Timestamp, pd.Timestamp]:
    return period.end - pd.DateOffset(months=1), period.end


def _buyers(paid: pd.DataFrame, a: pd.Timestamp, b: pd.Timestamp) -> set[str]:
    return set(paid.loc[(paid["paid_at"] >= a) & (paid["paid_at"] < b), "customer_id"])


def _active(paid: pd.DataFrame, at: pd.Timestamp) -> set[str]:
    return _buyers(paid, at - pd.Timedelta(days=WINDOW_DAYS), at)


def _surveys(tables: Mapping[str, pd.DataFrame], period: Period, column: str) -> pd.Series:
    s = tables["survey_responses"]
    s = s.loc[period.contains(s["responded_at"])]
    return s[column].dropna().astype("float64")


# ---- new customers ---------------------------------------------------------------------------


@mistake("m2_new_customers_buyers_in_period")
def new_customers_buyers_in_period(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """The first order taken after filtering the period: every paying customer counts as new."""
    paid = _paid(tables)
    return float(len(_buyers(paid, period.start, period.end)))


@mistake("m2_new_customers_registered")
def new_customers_registered(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Customers registered in the period (sign-up date instead of the first paid order)."""
    c = tables["customers"]
    return float(period.contains(c["registered_at"]).sum())


@mistake("m2_new_by_channel_all_orders")
def new_by_channel_all_orders(
    tables: Mapping[str, pd.DataFrame], period: Period
) -> dict[str, float]:
    """Every paid order of the period counted by channel, not each new customer's first order."""
    paid = _paid(tables)
    paid = paid.loc[period.contains(paid["paid_at"])]
    return {str(k): float(v) for k, v in paid["channel"].value_counts().items()}


# ---- repurchase ------------------------------------------------------------------------------


@mistake("m2_repurchase_this_month_base")
def repurchase_this_month_base(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Returning buyers divided by this month's buyers instead of last month's."""
    paid = _paid(tables)
    this_start, end = _last_month(period)
    prev = _buyers(paid, this_start - pd.DateOffset(months=1), this_start)
    now = _buyers(paid, this_start, end)
    return len(prev & now) / len(now)


@mistake("m2_repurchase_any_order")
def repurchase_any_order(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Refunded and cancelled orders counted as purchases in both months."""
    orders = tables["orders"].dropna(subset=["paid_at"])
    this_start, end = _last_month(period)
    prev = _buyers(orders, this_start - pd.DateOffset(months=1), this_start)
    now = _buyers(orders, this_start, end)
    return len(prev & now) / len(prev)


# ---- satisfaction ----------------------------------------------------------------------------


@mistake("m2_csat_includes_3")
def csat_includes_3(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Scores of 3 (neutral) counted as satisfied."""
    return float((_surveys(tables, period, "csat") >= 3).mean())


@mistake("m2_csat_mean_score")
def csat_mean_score(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """The mean 1-5 score given instead of the share of 4s and 5s."""
    return float(_surveys(tables, period, "csat").mean())


@mistake("m2_nps_as_fraction")
def nps_as_fraction(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """NPS left as a fraction (0.25) instead of points (25)."""
    n = _surveys(tables, period, "nps")
    return float((n >= 9).mean() - (n <= 6).mean())


@mistake("m2_nps_passives_as_detractors")
def nps_passives_as_detractors(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Scores of 7 and 8 (passives) counted as detractors."""
    n = _surveys(tables, period, "nps")
    return float(((n >= 9).mean() - (n <= 8).mean()) * 100)


# ---- churn and retention ---------------------------------------------------------------------


@mistake("m2_churn_end_denominator")
def churn_end_denominator(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Lost customers divided by the customers active at the END of the month."""
    paid = _paid(tables)
    a, b = _last_month(period)
    start, end = _active(paid, a), _active(paid, b)
    return len(start - end) / len(end)


@mistake("m2_churn_no_order_this_month")
def churn_no_order_this_month(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """'Lost' taken as active at the start but no order in this month (ignores the 90 days)."""
    paid = _paid(tables)
    a, b = _last_month(period)
    start = _active(paid, a)
    return len(start - _buyers(paid, a, b)) / len(start)


def _new_in(paid: pd.DataFrame, a: pd.Timestamp, b: pd.Timestamp) -> set[str]:
    first = paid.groupby("customer_id")["paid_at"].min()
    return set(first.index[(first >= a) & (first < b)])


@mistake("m2_retention_one_minus_churn")
def retention_one_minus_churn(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Retention taken as 1 − churn (returning customers ignored)."""
    paid = _paid(tables)
    a, b = _last_month(period)
    start, end = _active(paid, a), _active(paid, b)
    return 1 - len(start - end) / len(start)


@mistake("m2_retention_new_not_removed")
def retention_new_not_removed(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Customers active at the end ÷ at the start, new customers not taken out."""
    paid = _paid(tables)
    a, b = _last_month(period)
    return len(_active(paid, b)) / len(_active(paid, a))


# ---- complaints ------------------------------------------------------------------------------


def _tickets(tables: Mapping[str, pd.DataFrame], period: Period) -> pd.DataFrame:
    t = tables["support_tickets"]
    return t.loc[period.contains(t["created_at"])]


@mistake("m2_complaint_share_of_tickets")
def complaint_share_of_tickets(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Complaints divided by all support tickets instead of by paid orders."""
    return float(_tickets(tables, period)["is_complaint"].mean())


@mistake("m2_complaint_all_orders")
def complaint_all_orders(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Complaints divided by every order placed (refunded and cancelled included)."""
    orders = tables["orders"]
    placed = period.contains(orders["ordered_at"]).sum()
    return float(_tickets(tables, period)["is_complaint"].sum() / placed)


@mistake("m2_complaint_by_region_share_of_tickets")
def complaint_by_region_share_of_tickets(
    tables: Mapping[str, pd.DataFrame], period: Period
) -> dict[str, float]:
    """Per region, complaints divided by all support tickets instead of by paid orders."""
    t = _tickets(tables, period).merge(
        tables["customers"][["customer_id", "region"]], on="customer_id", how="left"
    )
    return {str(k): float(v) for k, v in t.groupby("region")["is_complaint"].mean().items()}
