"""Inventory and profit indicators (seed 003, module 3)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..columns import isin
from .core import Ctx, Result, indicator, ratio
from .facts import (
    ORDER_DIMS,
    cached,
    cached_in_period,
    expenses,
    extended,
    kept,
    paid_line_values,
    paid_lines,
    rows_in,
)
from .groups import subset
from .period import Period

SECTION = "inventory_profit"
_INV_TABLES = ("inventory_daily", "products", "orders", "order_lines")


def _stock(ctx: Ctx) -> pd.DataFrame:
    """Daily SKU snapshots in the period, with category and value at cost."""
    daily, products = ctx.table("inventory_daily"), ctx.table("products")

    def build() -> pd.DataFrame:
        inv = daily.merge(products[["sku_id", "category", "unit_cost"]], on="sku_id", how="left")
        return inv.assign(value=inv["on_hand"] * inv["unit_cost"])

    # Valued once for all days (a left merge keeps the rows in order), then cut per period.
    valued = cached("valued_stock", [daily, products], build)
    stock = cached_in_period("stock", ctx.period, [valued],
                             lambda: rows_in(valued, "date", ctx.period))  # fmt: skip
    return ctx.in_months(stock, "date")


def _avg_inventory_value(ctx: Ctx) -> pd.Series:
    """Mean over the period's snapshot days of the total stock value at cost, per group.

    A group with no row on a snapshot day counts 0 that day (its SKUs were not active), so the
    group averages add up to the total average. NaN when the period has no snapshot at all.
    """
    stock = _stock(ctx)
    value = ctx.agg(stock, "value", "sum")
    days = ctx.spread(ctx.overall().agg(stock, "date", "nunique"), value.index)
    return value / days.where(days > 0)


@indicator(
    "inventory_turnover", zh="库存周转率", en="Inventory turnover", unit="times", seeds=("003",),
    module=3, section=SECTION, tables=_INV_TABLES, dimensions=("category",),
    formula_zh="本期销售成本（已支付订单行数量×商品单位成本）÷ 平均库存成本（本期每日库存成本的平均值；"
    "某组某天没有库存记录按0计）",
    formula_en="cost of goods sold in the period (paid line quantity × the SKU's unit cost) ÷ "
    "average inventory value at cost (mean of the period's daily snapshots; a group without a "
    "row on a snapshot day counts 0 that day)",
    month_cut="one_pass",
)  # fmt: skip
def inventory_turnover(ctx: Ctx) -> Result:
    cogs = ctx.agg(paid_lines(ctx), "cogs", "sum")
    return ratio(cogs, _avg_inventory_value(ctx), "本期没有库存", "no stock in the period")


@indicator(
    "inventory_days", zh="库存周转天数", en="Days of inventory", unit="days", seeds=("003",),
    module=3, section=SECTION, tables=_INV_TABLES, dimensions=("category",),
    higher_is_better=False,
    formula_zh="本期天数 ÷ 库存周转率 =（平均库存成本 × 本期天数）÷ 本期销售成本",
    formula_en="period days ÷ inventory turnover = average inventory value at cost × period days "
    "÷ cost of goods sold",
    month_cut="one_pass",
)  # fmt: skip
def inventory_days(ctx: Ctx) -> Result:
    avg = _avg_inventory_value(ctx)
    cogs = ctx.agg(paid_lines(ctx), "cogs", "sum")
    days = ctx.spread(ctx.span("days"), avg.index)
    out = ratio(days * avg, cogs, "本期没有销售成本", "no cost of goods sold in the period")
    # Without a snapshot the stock is unknown: days of inventory are undefined, not 0.
    unknown = ~out.index.isin(avg.dropna().index)
    out.loc[unknown, "value"] = np.nan
    out.loc[unknown, "note"] = "本期没有库存记录（no inventory snapshots in the period）"
    return out


@indicator(
    "stockout_rate", zh="缺货率", en="Stock-out rate", unit="ratio", seeds=("003",), module=3,
    section=SECTION, tables=("inventory_daily", "products"), dimensions=("category",),
    higher_is_better=False,
    formula_zh="期末库存为0的SKU-天数 ÷ 在售SKU-天数（每日库存表的每一行是一个在售SKU-天）",
    formula_en="SKU-days with 0 units on hand ÷ SKU-days of active SKUs (each daily inventory row "
    "is one active SKU-day)",
    month_cut="one_pass",
)  # fmt: skip
def stockout_rate(ctx: Ctx) -> Result:
    # Stocked-out SKU-days counted as a sum of flags: no copy of the many snapshot rows.
    stock = extended(_stock(ctx), "stocked_out", lambda d: {"stocked_out": d["on_hand"] == 0})
    return ratio(
        ctx.agg(stock, "stocked_out", "sum"),
        ctx.agg(stock, None, "size"),
        "本期没有库存记录",
        "no inventory snapshots in the period",
    )


@indicator(
    "slow_moving_share", zh="滞销库存占比", en="Slow-moving stock share", unit="ratio",
    seeds=("003",), module=3, section=SECTION, tables=_INV_TABLES, dimensions=("category",),
    params={"window_days": 60}, higher_is_better=False,
    formula_zh="在本期最后一个库存日，近60天（含当日）没有任何销售的SKU的库存成本 ÷ 全部库存成本",
    formula_en="on the period's last snapshot day, stock value at cost of SKUs with no sale in the "
    "last 60 days (that day included) ÷ total stock value at cost",
)  # fmt: skip
def slow_moving_share(ctx: Ctx) -> Result:
    stock = _stock(ctx)
    if stock.empty:
        return ratio(ctx.agg(stock, "value", "sum"), ctx.agg(stock, "value", "sum"),
                     "本期没有库存", "no stock in the period")  # fmt: skip
    last = stock["date"].max()
    snap = rows_in(stock, "date", Period(last, last + pd.Timedelta(days=1)))
    window = Period(last - pd.Timedelta(days=int(ctx.params["window_days"]) - 1),
                    last + pd.Timedelta(days=1))  # fmt: skip
    sold = paid_line_values(ctx, "sku_id", window)
    slow = snap.loc[~isin(snap["sku_id"], sold)]
    return ratio(ctx.agg(slow, "value", "sum"), ctx.agg(snap, "value", "sum"),
                 "期末库存成本为0", "no stock value at the last snapshot")  # fmt: skip


@indicator(
    "sell_through_rate", zh="商品动销率", en="Sell-through rate (share of SKUs selling)",
    unit="ratio", seeds=("003",), module=3, section=SECTION, tables=_INV_TABLES,
    dimensions=("category",),
    formula_zh="本期有库存（某天库存>0）且至少卖出1件的SKU数 ÷ 本期有库存的SKU数",
    formula_en="SKUs in stock in the period (on hand > 0 on some day) with at least one sale ÷ "
    "SKUs in stock in the period",
    month_cut="one_pass",
)  # fmt: skip
def sell_through_rate(ctx: Ctx) -> Result:
    stock = _stock(ctx)
    in_stock = ctx.distinct(kept(stock, "in_stock", lambda d: d["on_hand"] > 0), "sku_id")
    sold = subset(in_stock, ctx.isin(in_stock, "sku_id", paid_lines(ctx)))
    return ratio(
        ctx.agg(sold, "sku_id", "nunique"),
        ctx.agg(in_stock, "sku_id", "nunique"),
        "本期没有有库存的SKU",
        "no SKU in stock in the period",
    )


@indicator(
    "gross_margin", zh="毛利率", en="Gross margin", unit="ratio", seeds=("003",), module=3,
    section=SECTION, tables=("orders", "order_lines", "products"), dimensions=ORDER_DIMS,
    formula_zh="（销售额 − 销售成本）÷ 销售额；销售成本 = 已支付订单行数量 × 商品单位成本",
    formula_en="(revenue − cost of goods sold) ÷ revenue; COGS = paid line quantity × the SKU's "
    "unit cost",
    month_cut="one_pass",
)  # fmt: skip
def gross_margin(ctx: Ctx) -> Result:
    lines = extended(paid_lines(ctx), "profit", lambda d: {"profit": d["amount"] - d["cogs"]})
    return ratio(ctx.agg(lines, "profit", "sum"), ctx.agg(lines, "amount", "sum"),
                 "本期销售额为0", "no revenue in the period")  # fmt: skip


@indicator(
    "expense_ratio", zh="费用率", en="Expense ratio", unit="ratio", seeds=("003",), module=3,
    section=SECTION, tables=("orders", "order_lines", "products", "expenses"),
    dimensions=("category",), higher_is_better=False,
    formula_zh="本期经营费用 ÷ 本期销售额；按“类别”切分时为各费用类别（营销、物流、客服、销售、其他）"
    "÷ 总销售额",
    formula_en="operating expenses in the period ÷ revenue; cut by category it is each expense "
    "category (marketing, logistics, customer service, sales, other) ÷ total revenue",
    month_cut="one_pass",
)  # fmt: skip
def expense_ratio(ctx: Ctx) -> Result:
    cost = ctx.agg(expenses(ctx), "amount", "sum")
    revenue = ctx.overall().agg(paid_lines(ctx), "amount", "sum")
    return ratio(cost, ctx.spread(revenue, cost.index), "本期销售额为0", "no revenue in the period")


@indicator(
    "net_margin", zh="净利率", en="Net margin", unit="ratio", seeds=("003",), module=3,
    section=SECTION, tables=("orders", "order_lines", "products", "expenses"),
    formula_zh="（销售额 − 销售成本 − 经营费用）÷ 销售额",
    formula_en="(revenue − cost of goods sold − operating expenses) ÷ revenue",
    month_cut="one_pass",
)  # fmt: skip
def net_margin(ctx: Ctx) -> Result:
    lines = paid_lines(ctx)
    revenue = ctx.agg(lines, "amount", "sum")
    spent = ctx.spread(ctx.overall().agg(expenses(ctx), "amount", "sum"), revenue.index)
    profit = revenue - ctx.agg(lines, "cogs", "sum") - spent
    return ratio(profit, revenue, "本期销售额为0", "no revenue in the period")
