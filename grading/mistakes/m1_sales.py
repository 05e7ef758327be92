"""Known mistakes of module 1 (sales and traffic)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from generator.indicators import Period

from . import mistake


def _lines(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    return tables["orders"].merge(tables["order_lines"], on="order_id")


def _paid_lines(tables: Mapping[str, pd.DataFrame], period: Period) -> pd.DataFrame:
    """Order lines of orders paid in the period with status paid (the correct filter)."""
    lines = _lines(tables)
    return lines.loc[(lines["status"] == "paid") & period.contains(lines["paid_at"])]


def _paid_orders(tables: Mapping[str, pd.DataFrame], period: Period) -> pd.DataFrame:
    orders = tables["orders"]
    return orders.loc[(orders["status"] == "paid") & period.contains(orders["paid_at"])]


def _sessions(tables: Mapping[str, pd.DataFrame], period: Period) -> pd.DataFrame:
    s = tables["web_sessions"]
    return s.loc[period.contains(s["started_at"])]


def _clean(values: pd.Series) -> dict[str, float]:
    """A table answer as {segment: value}, without undefined rows."""
    values = values.dropna()
    return {str(k): float(v) for k, v in values.items()}


def _monthly_revenue(tables: Mapping[str, pd.DataFrame]) -> pd.Series:
    """Revenue of paid orders per month of payment, over every month in the file."""
    lines = _lines(tables)
    lines = lines.loc[lines["status"] == "paid"]
    return lines.groupby(lines["paid_at"].dt.strftime("%Y-%m"))["amount"].sum()


# ---- q1 revenue --------------------------------------------------------------------------


@mistake("revenue_includes_refunds")
def revenue_includes_refunds(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Paid and refunded orders in the period both counted as revenue."""
    lines = _lines(tables)
    keep = lines["status"].isin(["paid", "refunded"]) & period.contains(lines["paid_at"])
    return float(lines.loc[keep, "amount"].sum())


@mistake("revenue_whole_file")
def revenue_whole_file(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Paid orders of every month in the file, history months included."""
    lines = _lines(tables)
    return float(lines.loc[lines["status"] == "paid", "amount"].sum())


# ---- q2 revenue by channel ------------------------------------------------------------------


@mistake("m1_channel_includes_refunds")
def channel_includes_refunds(tables: Mapping[str, pd.DataFrame], period: Period) -> dict:
    """Revenue by channel with refunded orders counted."""
    lines = _lines(tables)
    keep = lines["status"].isin(["paid", "refunded"]) & period.contains(lines["paid_at"])
    return _clean(lines.loc[keep].groupby("channel")["amount"].sum())


# ---- q4 units sold -------------------------------------------------------------------------


@mistake("m1_units_line_count")
def units_line_count(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Counted order lines instead of summing their quantities."""
    return float(len(_paid_lines(tables, period)))


@mistake("m1_units_all_status")
def units_all_status(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Quantities of every order paid in the period, refunded and cancelled ones included."""
    lines = _lines(tables)
    return float(lines.loc[period.contains(lines["paid_at"]), "quantity"].sum())


# ---- q5 AOV ----------------------------------------------------------------------------------


@mistake("m1_aov_per_order")
def aov_per_order(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Revenue ÷ paid orders (average order value) instead of ÷ distinct paying customers."""
    lines = _paid_lines(tables, period)
    return float(lines["amount"].sum() / lines["order_id"].nunique())


@mistake("m1_aov_not_distinct")
def aov_not_distinct(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Revenue ÷ customer ids counted on every order line (customers not de-duplicated)."""
    lines = _paid_lines(tables, period)
    return float(lines["amount"].sum() / lines["customer_id"].count())


# ---- q6 and q8: growth of the 双11 month ---------------------------------------------------


def _d11_month(tables: Mapping[str, pd.DataFrame], period: Period) -> str:
    """The month of the period holding the 双11 peak."""
    orders = tables["orders"]
    peak = (orders["promo_event"] == "double11") & (orders["promo_phase"] == "peak")
    inside = orders.loc[period.contains(orders["paid_at"]) & peak]
    return inside["paid_at"].min().strftime("%Y-%m")


def _month_before(month: str) -> str:
    return (pd.Timestamp(month + "-01") - pd.DateOffset(months=1)).strftime("%Y-%m")


@mistake("m1_growth_wrong_base")
def growth_wrong_base(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """(this month − last month) ÷ this month: divided by the wrong month."""
    monthly = _monthly_revenue(tables)
    month = _d11_month(tables, period)
    return float((monthly[month] - monthly[_month_before(month)]) / monthly[month])


@mistake("m1_growth_ratio_only")
def growth_ratio_only(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """this month ÷ last month, without subtracting 1 (an index, not a growth rate)."""
    monthly = _monthly_revenue(tables)
    month = _d11_month(tables, period)
    return float(monthly[month] / monthly[_month_before(month)])


# ---- q7 revenue by promotion phase --------------------------------------------------------


@mistake("m1_phase_includes_refunds")
def phase_includes_refunds(tables: Mapping[str, pd.DataFrame], period: Period) -> dict:
    """Revenue by promotion phase with refunded orders counted (refunds peak after 大促)."""
    lines = _lines(tables)
    keep = lines["status"].isin(["paid", "refunded"]) & period.contains(lines["paid_at"])
    return _clean(lines.loc[keep].groupby("promo_phase")["amount"].sum())


@mistake("m1_phase_whole_file")
def phase_whole_file(tables: Mapping[str, pd.DataFrame], period: Period) -> dict:
    """Revenue by promotion phase over the whole file: last year's 双11 in the history months too."""
    lines = _lines(tables)
    lines = lines.loc[lines["status"] == "paid"]
    return _clean(lines.groupby("promo_phase")["amount"].sum())


# ---- q8 双11 year over year ------------------------------------------------------------------


@mistake("m1_yoy_used_mom")
def yoy_used_mom(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """双11 month compared with the month before it (环比) instead of a year before (同比)."""
    monthly = _monthly_revenue(tables)
    month = _d11_month(tables, period)
    before = _month_before(month)
    return float((monthly[month] - monthly[before]) / monthly[before])


# ---- q9 visitors ---------------------------------------------------------------------------


@mistake("m1_uv_sessions")
def uv_sessions(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Counted sessions (visits) instead of distinct visitors."""
    return float(len(_sessions(tables, period)))


@mistake("m1_uv_logged_in")
def uv_logged_in(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Counted distinct logged-in customers instead of visitor ids."""
    return float(_sessions(tables, period)["customer_id"].nunique())


# ---- q10 page views --------------------------------------------------------------------------


@mistake("m1_pv_whole_file")
def pv_whole_file(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Page views of every session in the file, history months included."""
    return float(tables["web_sessions"]["page_views"].sum())


# ---- q11 conversion --------------------------------------------------------------------------


@mistake("m1_conversion_orders")
def conversion_orders(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Paid online orders ÷ visitors: orders counted instead of distinct paying customers."""
    paid = _paid_orders(tables, period)
    paid = paid.loc[paid["device"].notna()]
    return float(len(paid) / _sessions(tables, period)["visitor_id"].nunique())


@mistake("m1_conversion_sessions")
def conversion_sessions(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Distinct paying customers ÷ sessions instead of ÷ distinct visitors."""
    paid = _paid_orders(tables, period)
    buyers = paid.loc[paid["device"].notna(), "customer_id"].nunique()
    return float(buyers / len(_sessions(tables, period)))


# ---- q12 bounce rate by device ---------------------------------------------------------------


@mistake("m1_bounce_per_visitor")
def bounce_per_visitor(tables: Mapping[str, pd.DataFrame], period: Period) -> dict:
    """One-page sessions ÷ distinct visitors instead of ÷ sessions."""
    s = _sessions(tables, period)
    one = s.loc[s["page_views"] == 1].groupby("device").size()
    return _clean(one / s.groupby("device")["visitor_id"].nunique())


@mistake("m1_bounce_two_pages")
def bounce_two_pages(tables: Mapping[str, pd.DataFrame], period: Period) -> dict:
    """Sessions with at most two page views counted as bounces (a bounce is exactly one)."""
    s = _sessions(tables, period)
    return _clean((s["page_views"] <= 2).groupby(s["device"]).mean())
