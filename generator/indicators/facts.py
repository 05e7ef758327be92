"""Fact rows shared by several indicators, each with the standard dimension columns attached.

Dimension columns use the names of :data:`generator.indicators.core.DIMENSIONS`: ``region``,
``province`` and ``segment`` come from the customer, ``category`` from the product, ``team`` from the
employee, ``store`` and ``rep`` are ids.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

import pandas as pd

from .core import Ctx
from .groups import same_rows, subset
from .memo import Memo
from .period import Period

# Joined fact frames, and their slices for one period, are reused across the many calls an answer
# key makes on the same tables (every month, every cut, the months before and after a problem).
# Callers only filter or assign, which copy-on-write keeps from touching the cached frame.
_FRAMES = Memo(size=1024, prune_every=64)

T = TypeVar("T")


def cached(
    name: Hashable, sources: Sequence[pd.DataFrame | pd.Series | None], build: Callable[[], T]
) -> T:
    """``build()`` computed once while the source frames live (see :class:`Memo`)."""
    return _FRAMES.get(name, sources, build)


def cached_in_period(
    name: str,
    period: Period,
    sources: Sequence[pd.DataFrame | pd.Series | None],
    build: Callable[[], T],
) -> T:
    """``build()`` for ``period``, computed once per period and set of source tables."""
    return cached(f"{name}@{period.start.isoformat()}/{period.end.isoformat()}", sources, build)


def kept(
    df: pd.DataFrame, name: str, condition: Callable[[pd.DataFrame], pd.Series]
) -> pd.DataFrame:
    """The rows of ``df`` that meet ``condition`` (called ``name``), selected once per frame:
    every cut of an indicator asks for the same rows of the same cached fact frame."""
    return cached(f"kept:{name}", [df], lambda: subset(df, condition(df)))


def extended(
    df: pd.DataFrame, name: str, columns: Callable[[pd.DataFrame], dict[str, Any]]
) -> pd.DataFrame:
    """``df`` with the new ``columns`` (called ``name``) added, once per frame."""

    def build() -> pd.DataFrame:
        new = columns(df)
        if set(new) & set(df.columns):
            raise ValueError(f"{name}: columns {sorted(set(new) & set(df.columns))} exist")
        out = df.assign(**new)
        same_rows(out, df)
        return out

    return cached(f"extended:{name}", [df], build)


def own_months(ctx: Ctx, period: Period, rows: pd.DataFrame, column: str) -> pd.DataFrame:
    """Rows selected for the context's own period by their ``column``, with their month when
    cutting by month in one pass (see :meth:`Ctx.in_months`); rows of another period as they are."""
    return ctx.in_months(rows, column) if period == ctx.period else rows


def rows_in(df: pd.DataFrame, column: str, period: Period) -> pd.DataFrame:
    """The rows of ``df`` whose ``column`` falls inside ``period``, in their order.

    A column already in time order (as most event tables are) is cut with a binary search
    instead of a mask over every row; the rows are the same.
    """
    times = df[column]
    if len(times) and times.is_monotonic_increasing:
        lo, hi = times.searchsorted([period.start, period.end], side="left")
        return subset(df, slice(int(lo), int(hi)))
    return subset(df, period.contains(times))


#: Dimensions of paid order lines (see :func:`paid_lines`).
ORDER_DIMS = ("region", "province", "segment", "channel", "device", "category", "store", "team",
              "rep", "promo_phase")  # fmt: skip

CUSTOMER_DIMS = ("region", "province", "segment")


def paid_status(orders: pd.DataFrame) -> pd.DataFrame:
    """The orders whose status is ``paid``, whenever paid, in their order."""
    return cached(
        "paid_status", [orders], lambda: subset(orders, (orders["status"] == "paid").to_numpy())
    )


def _customer_dims(ctx: Ctx, customers: pd.DataFrame) -> pd.DataFrame:
    orders = ctx.data.get("orders")

    def build() -> pd.DataFrame:
        cols = customers[["customer_id", *CUSTOMER_DIMS]]
        if orders is None:
            return cols
        paid = paid_status(orders)
        first = paid.groupby("customer_id")["paid_at"].min().dt.strftime("%Y-%m").rename("cohort")
        return cols.merge(first, left_on="customer_id", right_index=True, how="left")

    return cached("customer_dims", [customers, orders], build)


def with_customer(ctx: Ctx, df: pd.DataFrame, on: str = "customer_id") -> pd.DataFrame:
    """Attach the customer's region, province, segment and cohort (month of first paid order)."""
    customers = ctx.data.get("customers")
    if customers is None:
        return df
    lookup = _customer_lookup(ctx, customers)
    if (
        lookup is None
        or any(c in df.columns for c in lookup.columns)
        or (on != "customer_id" and "customer_id" in df.columns)
    ):
        cols = _customer_dims(ctx, customers)
        return df.merge(cols.rename(columns={"customer_id": on}), on=on, how="left")
    # The left merge above, as a lookup in an index built once: same rows, order and columns.
    keys = pd.Index(df[on])
    at = lookup.index.get_indexer(keys)
    found = lookup.reindex(keys) if (at < 0).any() else lookup.take(at)
    return pd.concat([df.reset_index(drop=True), found.reset_index(drop=True)], axis=1)


def _customer_lookup(ctx: Ctx, customers: pd.DataFrame) -> pd.DataFrame | None:
    """The customer dimensions indexed by customer id (None when ids repeat)."""

    def build() -> pd.DataFrame | None:
        table = _customer_dims(ctx, customers).set_index("customer_id")
        return table if table.index.is_unique else None

    return cached("customer_lookup", [customers, ctx.data.get("orders")], build)


def with_team(ctx: Ctx, df: pd.DataFrame, on: str) -> pd.DataFrame:
    """Attach ``rep`` (the employee id in ``on``) and the employee's ``team``."""
    out = df.assign(rep=df[on])
    employees = ctx.data.get("employees")
    if employees is None or "team" in out.columns:
        return out
    lookup = _team_lookup(employees)
    at = (
        lookup.index.get_indexer(pd.Index(out[on]))
        if lookup is not None and out[on].dtype == lookup.index.dtype
        else None
    )
    if lookup is None or at is None or (at < 0).any():
        teams = employees[["employee_id", "team"]].rename(columns={"employee_id": on})
        return out.merge(teams, on=on, how="left")
    # The left merge above when every employee is found once: same rows, order and columns.
    found: pd.DataFrame = lookup.take(at).reset_index(drop=True)
    return pd.concat([out.reset_index(drop=True), found], axis=1)


def _team_lookup(employees: pd.DataFrame) -> pd.DataFrame | None:
    """Each employee's team, indexed by employee id (None when ids repeat)."""

    def build() -> pd.DataFrame | None:
        table = employees[["employee_id", "team"]].set_index("employee_id")
        return table if table.index.is_unique else None

    return cached("team_lookup", [employees], build)


def paid_orders(ctx: Ctx, period: Period | None = None) -> pd.DataFrame:
    """Orders paid inside the period and not refunded or cancelled (status ``paid``)."""
    p = period or ctx.period
    orders = ctx.table("orders")

    def build() -> pd.DataFrame:
        mask = (orders["status"] == "paid") & p.contains(orders["paid_at"])
        return orders.loc[mask]

    return own_months(ctx, p, cached_in_period("paid_orders", p, [orders], build), "paid_at")


def _all_paid_lines(ctx: Ctx) -> pd.DataFrame:
    orders, lines, products = ctx.table("orders"), ctx.table("order_lines"), ctx.table("products")

    def build() -> pd.DataFrame:
        paid = paid_status(orders)
        cols = ["order_id", "customer_id", "store_id", "employee_id", "paid_at", "channel",
                "device", "promo_phase", "campaign_id"]  # fmt: skip
        out = lines.merge(paid[cols], on="order_id", how="inner")
        costs = products[["sku_id", "category", "unit_cost"]].rename(
            columns={"unit_cost": "sku_cost"}
        )
        out = out.merge(costs, on="sku_id", how="left")
        out["cogs"] = out["quantity"] * out["sku_cost"]
        out = with_team(ctx, with_customer(ctx, out), "employee_id")
        return out.rename(columns={"store_id": "store"})

    sources = [orders, lines, products, ctx.data.get("customers"), ctx.data.get("employees")]
    return cached("paid_lines", sources, build)


def paid_lines(ctx: Ctx, period: Period | None = None) -> pd.DataFrame:
    """Order lines of paid orders in the period, with order, customer, product and rep dims.

    Adds ``cogs`` = quantity × the product's unit cost.
    """
    lines = _all_paid_lines(ctx)
    p = period or ctx.period
    rows = cached_in_period(
        "paid_lines", p, [lines], lambda: subset(lines, p.contains(lines["paid_at"]))
    )
    return own_months(ctx, p, rows, "paid_at")


def paid_line_values(ctx: Ctx, column: str, period: Period) -> pd.Series:
    """``column`` of :func:`paid_lines` for ``period``, without selecting the other columns."""
    lines = _all_paid_lines(ctx)

    def build() -> pd.Series:
        return lines[column].loc[period.contains(lines["paid_at"]).to_numpy()]

    return cached_in_period(f"paid_lines:{column}", period, [lines], build)


def paying_customers(ctx: Ctx, period: Period | None = None) -> pd.DataFrame:
    """One row per (paid order, customer) with dims, for counting distinct buyers."""
    orders = ctx.table("orders")

    def build() -> pd.DataFrame:
        paid = paid_status(orders)
        paid = with_team(ctx, with_customer(ctx, paid), "employee_id")
        return paid.rename(columns={"store_id": "store"})

    sources = [orders, ctx.data.get("customers"), ctx.data.get("employees")]
    paid = cached("paying_customers", sources, build)
    p = period or ctx.period
    rows = cached_in_period("paying_customers", p, [paid],
                            lambda: subset(paid, p.contains(paid["paid_at"])))  # fmt: skip
    return own_months(ctx, p, rows, "paid_at")


def sessions(ctx: Ctx, period: Period | None = None) -> pd.DataFrame:
    """Web sessions started in the period."""
    p = period or ctx.period
    s = ctx.table("web_sessions")
    rows = cached_in_period("sessions", p, [s], lambda: rows_in(s, "started_at", p))
    return own_months(ctx, p, rows, "started_at")


def tickets(ctx: Ctx, period: Period | None = None) -> pd.DataFrame:
    """Support tickets created in the period, with customer and agent dims."""
    raw = ctx.table("support_tickets")

    def build() -> pd.DataFrame:
        t = with_team(ctx, with_customer(ctx, raw), "agent_id")
        return t.rename(columns={"store_id": "store"})

    sources = [raw, ctx.data.get("customers"), ctx.data.get("orders"), ctx.data.get("employees")]
    t = cached("tickets", sources, build)
    p = period or ctx.period
    rows = cached_in_period("tickets", p, [t], lambda: rows_in(t, "created_at", p))
    return own_months(ctx, p, rows, "created_at")


def expenses(ctx: Ctx, period: Period | None = None) -> pd.DataFrame:
    p = period or ctx.period
    e = ctx.table("expenses")
    rows = cached_in_period("expenses", p, [e], lambda: rows_in(e, "date", p))
    return own_months(ctx, p, rows, "date")


def signed_leads(ctx: Ctx, period: Period | None = None) -> pd.DataFrame:
    """Leads signed in the period, with rep and team."""
    p = period or ctx.period
    leads = ctx.table("leads")

    def build() -> pd.DataFrame:
        signed = leads.loc[leads["stage"] == "signed"]
        return with_team(ctx, signed, "rep_id").rename(columns={"source": "channel"})

    # Joined once for all signed leads (a left merge keeps the rows in order), then cut.
    signed = cached("signed_leads", [leads, ctx.data.get("employees")], build)
    rows = cached_in_period("signed_leads", p, [signed],
                            lambda: subset(signed, p.contains(signed["signed_at"])))  # fmt: skip
    return own_months(ctx, p, rows, "signed_at")


def created_leads(ctx: Ctx, period: Period | None = None) -> pd.DataFrame:
    """Leads created in the period, with rep and team."""
    p = period or ctx.period
    leads = ctx.table("leads")

    def build() -> pd.DataFrame:
        return with_team(ctx, leads, "rep_id").rename(columns={"source": "channel"})

    # Joined once for all leads (a left merge keeps the rows in order), then cut per period.
    joined = cached("created_leads", [leads, ctx.data.get("employees")], build)
    rows = cached_in_period("created_leads", p, [joined],
                            lambda: rows_in(joined, "created_at", p))  # fmt: skip
    return own_months(ctx, p, rows, "created_at")
