"""Known mistakes of module 3 (inventory and profit, 库存与利润指标)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from generator.indicators import Period

from . import mistake

SLOW_DAYS = 60


def _lines(tables: Mapping[str, pd.DataFrame], period: Period) -> pd.DataFrame:
    """Paid order lines of the period with the SKU's category and unit cost, and cogs."""
    orders = tables["orders"]
    paid = orders.loc[(orders["status"] == "paid") & period.contains(orders["paid_at"])]
    costs = tables["products"][["sku_id", "category", "unit_cost"]]
    lines = paid.merge(tables["order_lines"], on="order_id").merge(costs, on="sku_id", how="left")
    return lines.assign(cogs=lines["quantity"] * lines["unit_cost"])


def _stock(tables: Mapping[str, pd.DataFrame], period: Period) -> pd.DataFrame:
    inv = tables["inventory_daily"]
    inv = inv.loc[period.contains(inv["date"])]
    costs = tables["products"][["sku_id", "category", "unit_cost"]]
    inv = inv.merge(costs, on="sku_id", how="left")
    return inv.assign(value=inv["on_hand"] * inv["unit_cost"])


def _avg_stock_value(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    return float(_stock(tables, period).groupby("date")["value"].sum().mean())


def _expenses(tables: Mapping[str, pd.DataFrame], period: Period) -> pd.DataFrame:
    e = tables["expenses"]
    return e.loc[period.contains(e["date"])]


def _last_month(period: Period) -> Period:
    return Period(period.end - pd.DateOffset(months=1), period.end)


# ---- margins ---------------------------------------------------------------------------------


@mistake("m3_margin_on_cost")
def margin_on_cost(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Gross profit divided by COGS (a mark-up) instead of by revenue."""
    lines = _lines(tables, period)
    return float((lines["amount"].sum() - lines["cogs"].sum()) / lines["cogs"].sum())


@mistake("m3_margin_list_price")
def margin_list_price(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Revenue taken at list price (quantity × unit price), discounts ignored."""
    lines = _lines(tables, period)
    gross = (lines["quantity"] * lines["unit_price"]).sum()
    return float((gross - lines["cogs"].sum()) / gross)


@mistake("m3_margin_by_category_on_cost")
def margin_by_category_on_cost(
    tables: Mapping[str, pd.DataFrame], period: Period
) -> dict[str, float]:
    """Per category, gross profit divided by COGS."""
    by = _lines(tables, period).groupby("category")[["amount", "cogs"]].sum()
    return {str(k): float(v) for k, v in ((by["amount"] - by["cogs"]) / by["cogs"]).items()}


# ---- turnover --------------------------------------------------------------------------------


@mistake("m3_turnover_revenue")
def turnover_revenue(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Revenue (at selling price) over the average stock at cost."""
    return float(_lines(tables, period)["amount"].sum() / _avg_stock_value(tables, period))


@mistake("m3_turnover_last_day")
def turnover_last_day(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """COGS over the stock value of the last snapshot day instead of the daily average."""
    stock = _stock(tables, period)
    last = stock.loc[stock["date"] == stock["date"].max(), "value"].sum()
    return float(_lines(tables, period)["cogs"].sum() / last)


@mistake("m3_days_revenue")
def days_revenue(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Days of inventory from the revenue-based turnover."""
    return period.days / turnover_revenue(tables, period)


@mistake("m3_days_times_turnover")
def days_times_turnover(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Period days multiplied by the turnover instead of divided by it."""
    turnover = _lines(tables, period)["cogs"].sum() / _avg_stock_value(tables, period)
    return float(period.days * turnover)


# ---- stock health ----------------------------------------------------------------------------


@mistake("m3_stockout_sku_share")
def stockout_sku_share(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Share of SKUs out of stock on at least one day, instead of out-of-stock SKU-days."""
    stock = _stock(tables, period)
    return float(stock.loc[stock["on_hand"] == 0, "sku_id"].nunique() / stock["sku_id"].nunique())


def _last_snapshot(tables: Mapping[str, pd.DataFrame], period: Period) -> tuple[pd.DataFrame, set]:
    stock = _stock(tables, period)
    last = stock["date"].max()
    snap = stock.loc[stock["date"] == last]
    window = Period(last - pd.Timedelta(days=SLOW_DAYS - 1), last + pd.Timedelta(days=1))
    return snap, set(_lines(tables, window)["sku_id"])


@mistake("m3_slow_units")
def slow_units(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Slow-moving share counted in units on hand instead of value at cost."""
    snap, sold = _last_snapshot(tables, period)
    slow = snap.loc[~snap["sku_id"].isin(list(sold)), "on_hand"].sum()
    return float(slow / snap["on_hand"].sum())


@mistake("m3_slow_sku_count")
def slow_sku_count(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Share of SKUs that are slow-moving instead of the share of stock value."""
    snap, sold = _last_snapshot(tables, period)
    return float((~snap["sku_id"].isin(list(sold))).mean())


@mistake("m3_sell_through_all_products")
def sell_through_all_products(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """SKUs sold in the last month divided by every SKU in the catalogue."""
    month = _last_month(period)
    stock = _stock(tables, month)
    in_stock = set(stock.loc[stock["on_hand"] > 0, "sku_id"])
    sold = set(_lines(tables, month)["sku_id"])
    return len(in_stock & sold) / tables["products"]["sku_id"].nunique()


@mistake("m3_sell_through_whole_period")
def sell_through_whole_period(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Sell-through over the whole period instead of the last month."""
    stock = _stock(tables, period)
    in_stock = set(stock.loc[stock["on_hand"] > 0, "sku_id"])
    sold = set(_lines(tables, period)["sku_id"])
    return len(in_stock & sold) / len(in_stock)


# ---- expenses and net margin -----------------------------------------------------------------


@mistake("m3_expense_share_of_expenses")
def expense_share_of_expenses(
    tables: Mapping[str, pd.DataFrame], period: Period
) -> dict[str, float]:
    """Each expense category divided by total expenses instead of by revenue."""
    by = _expenses(tables, period).groupby("category")["amount"].sum()
    return {str(k): float(v) for k, v in (by / by.sum()).items()}


@mistake("m3_expense_whole_file")
def expense_whole_file(tables: Mapping[str, pd.DataFrame], period: Period) -> dict[str, float]:
    """Expenses of every month in the file (history included) divided by the period's revenue."""
    revenue = _lines(tables, period)["amount"].sum()
    by = tables["expenses"].groupby("category")["amount"].sum()
    return {str(k): float(v) for k, v in (by / revenue).items()}


@mistake("m3_net_margin_no_expenses")
def net_margin_no_expenses(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Operating expenses left out: that is the gross margin."""
    lines = _lines(tables, period)
    return float((lines["amount"].sum() - lines["cogs"].sum()) / lines["amount"].sum())


@mistake("m3_net_margin_no_cogs")
def net_margin_no_cogs(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Cost of goods sold left out: only operating expenses subtracted."""
    revenue = _lines(tables, period)["amount"].sum()
    return float((revenue - _expenses(tables, period)["amount"].sum()) / revenue)
