"""Fact rows shared by several indicators, each with the standard dimension columns attached.

Dimension columns use the names of :data:`generator.indicators.core.DIMENSIONS`: ``region``,
``province`` and ``segment`` come from the customer, ``category`` from the product, ``team`` from the
employee, ``store`` and ``rep`` are ids.
"""

from __future__ import annotations

import pandas as pd

from .core import Ctx
from .period import Period

#: Dimensions of paid order lines (see :func:`paid_lines`).
ORDER_DIMS = ("region", "province", "segment", "channel", "device", "category", "store", "team",
              "rep", "promo_phase")  # fmt: skip

CUSTOMER_DIMS = {"region": "region", "province": "province", "segment": "segment"}


def with_customer(ctx: Ctx, df: pd.DataFrame, on: str = "customer_id") -> pd.DataFrame:
    """Attach the customer's region, province and segment."""
    customers = ctx.data.get("customers")
    if customers is None:
        return df
    cols = customers[["customer_id", *CUSTOMER_DIMS]].rename(columns={"customer_id": on})
    return df.merge(cols, on=on, how="left")


def with_team(ctx: Ctx, df: pd.DataFrame, on: str) -> pd.DataFrame:
    """Attach ``rep`` (the employee id in ``on``) and the employee's ``team``."""
    out = df.assign(rep=df[on])
    employees = ctx.data.get("employees")
    if employees is None or "team" in out.columns:
        return out
    teams = employees[["employee_id", "team"]].rename(columns={"employee_id": on})
    return out.merge(teams, on=on, how="left")


def month_label(times: pd.Series) -> pd.Series:
    return times.dt.strftime("%Y-%m")


def paid_orders(ctx: Ctx, period: Period | None = None) -> pd.DataFrame:
    """Orders paid inside the period and not refunded or cancelled (status ``paid``)."""
    p = period or ctx.period
    orders = ctx.table("orders")
    mask = (orders["status"] == "paid") & p.contains(orders["paid_at"])
    return orders.loc[mask]


def paid_lines(ctx: Ctx, period: Period | None = None) -> pd.DataFrame:
    """Order lines of paid orders in the period, with order, customer, product and rep dims.

    Adds ``cogs`` = quantity × the product's unit cost.
    """
    orders = paid_orders(ctx, period)
    cols = ["order_id", "customer_id", "store_id", "employee_id", "paid_at", "channel", "device",
            "promo_phase", "campaign_id"]  # fmt: skip
    lines = ctx.table("order_lines").merge(orders[cols], on="order_id", how="inner")
    products = ctx.table("products")[["sku_id", "category", "unit_cost"]]
    lines = lines.merge(products.rename(columns={"unit_cost": "sku_cost"}), on="sku_id", how="left")
    lines["cogs"] = lines["quantity"] * lines["sku_cost"]
    lines = with_customer(ctx, lines)
    lines = with_team(ctx, lines, "employee_id")
    return lines.rename(columns={"store_id": "store"})


def paying_customers(ctx: Ctx, period: Period | None = None) -> pd.DataFrame:
    """One row per (paid order, customer) with dims, for counting distinct buyers."""
    orders = paid_orders(ctx, period)
    orders = with_customer(ctx, orders)
    orders = with_team(ctx, orders, "employee_id")
    return orders.rename(columns={"store_id": "store"})


def sessions(ctx: Ctx, period: Period | None = None) -> pd.DataFrame:
    """Web sessions started in the period."""
    p = period or ctx.period
    s = ctx.table("web_sessions")
    return s.loc[p.contains(s["started_at"])]


def tickets(ctx: Ctx, period: Period | None = None) -> pd.DataFrame:
    """Support tickets created in the period, with customer and agent dims."""
    p = period or ctx.period
    t = ctx.table("support_tickets")
    t = t.loc[p.contains(t["created_at"])]
    t = with_customer(ctx, t)
    t = with_team(ctx, t, "agent_id")
    return t.rename(columns={"store_id": "store"})


def expenses(ctx: Ctx, period: Period | None = None) -> pd.DataFrame:
    p = period or ctx.period
    e = ctx.table("expenses")
    return e.loc[p.contains(e["date"])]


def signed_leads(ctx: Ctx, period: Period | None = None) -> pd.DataFrame:
    """Leads signed in the period, with rep and team."""
    p = period or ctx.period
    leads = ctx.table("leads")
    leads = leads.loc[(leads["stage"] == "signed") & p.contains(leads["signed_at"])]
    return with_team(ctx, leads, "rep_id").rename(columns={"source": "channel"})


def created_leads(ctx: Ctx, period: Period | None = None) -> pd.DataFrame:
    """Leads created in the period, with rep and team."""
    p = period or ctx.period
    leads = ctx.table("leads")
    leads = leads.loc[p.contains(leads["created_at"])]
    return with_team(ctx, leads, "rep_id").rename(columns={"source": "channel"})
