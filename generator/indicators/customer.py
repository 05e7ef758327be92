"""Customer indicators (seeds 003, 004, 002; module 2)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .core import Ctx, Result, indicator, ratio, total
from .facts import (
    cached,
    cached_in_period,
    kept,
    paid_orders,
    paid_status,
    paying_customers,
    tickets,
    with_customer,
)
from .groups import subset
from .period import Period

SECTION = "customer"
_CUST_DIMS = ("region", "province", "segment", "cohort")
_SURVEY_DIMS = ("region", "province", "segment", "store", "team", "category")


@indicator(
    "new_customers", zh="新客户数", en="New customers", unit="count", seeds=("003",), module=2,
    section=SECTION, tables=("orders", "customers"), dimensions=(*_CUST_DIMS, "channel"),
    formula_zh="首笔已支付订单（全部历史中最早的一笔）落在本期的客户数；渠道取首单渠道",
    formula_en="customers whose first paid order (earliest in all the data) falls in the period; "
    "channel is the first order's channel",
    month_cut="one_pass",
)  # fmt: skip
def new_customers(ctx: Ctx) -> Result:
    orders = ctx.table("orders")

    def firsts() -> pd.DataFrame:
        paid = paid_status(orders).sort_values(["paid_at", "order_id"])
        return paid.drop_duplicates("customer_id", keep="first")

    first = cached("first_orders", [orders, ctx.data.get("customers")],
                   lambda: with_customer(ctx, firsts()))  # fmt: skip

    def inside() -> pd.DataFrame:
        return subset(first, ctx.period.contains(first["paid_at"]))

    first = ctx.in_months(cached_in_period("new_customers", ctx.period, [first], inside), "paid_at")
    return total(ctx.agg(first, "customer_id", "nunique"))


@indicator(
    "repurchase_rate", zh="老客户回购率", en="Repurchase rate", unit="ratio", seeds=("003",),
    module=2, section=SECTION, tables=("orders", "customers"), dimensions=_CUST_DIMS,
    formula_zh="上期有已支付订单的客户中，本期再次有已支付订单的比例（上期为上一个自然月/季/年；"
    "自定义区间为紧邻其前的等长区间）",
    formula_en="of customers with a paid order in the previous period, the share with a paid order "
    "in this period (previous = the previous calendar month, quarter or year; for a custom range, "
    "the range of equal length just before)",
    month_cut="one_pass",
)  # fmt: skip
def repurchase_rate(ctx: Ctx) -> Result:
    before = ctx.distinct(paying_customers(ctx.previous()), "customer_id")
    again = subset(before, ctx.isin(before, "customer_id", paid_orders(ctx)))
    return ratio(
        ctx.agg(again, "customer_id", "nunique"),
        ctx.agg(before, "customer_id", "nunique"),
        "上期没有购买客户",
        "no buyers in the previous period",
    )


def _surveys(ctx: Ctx, column: str) -> pd.DataFrame:
    responses = ctx.table("survey_responses")
    sources = [responses, ctx.data.get("customers"), ctx.data.get("orders"),
               ctx.data.get("support_tickets")]  # fmt: skip

    def build() -> pd.DataFrame:
        s = with_customer(ctx, responses.loc[responses[column].notna()])
        if "support_tickets" in ctx.data:
            t = ctx.data["support_tickets"][["ticket_id", "team", "category"]]
            s = s.merge(t, on="ticket_id", how="left")
        return s.rename(columns={"store_id": "store"})

    # Joined once for all responses (left joins keep the rows in order), then cut per period.
    answered = cached(f"surveys:{column}", sources, build)

    def inside() -> pd.DataFrame:
        return subset(answered, ctx.period.contains(answered["responded_at"]))

    rows = cached_in_period(f"surveys:{column}", ctx.period, [answered], inside)
    return ctx.in_months(rows, "responded_at")


@indicator(
    "csat", zh="客户满意度（CSAT）", en="Customer satisfaction (CSAT)", unit="ratio",
    seeds=("003", "004", "002"), module=2, section=SECTION, tables=("survey_responses",),
    dimensions=_SURVEY_DIMS,
    formula_zh="本期问卷中总体满意度为4或5分的份数 ÷ 填写了总体满意度的份数；"
    "按团队、问题类型切分时只含关联工单的问卷",
    formula_en="survey responses in the period scoring 4 or 5 ÷ responses with a CSAT score; cuts "
    "by team or issue category use only responses linked to a ticket",
    month_cut="one_pass",
)  # fmt: skip
def csat(ctx: Ctx) -> Result:
    s = _surveys(ctx, "csat")
    return ratio(
        ctx.agg(kept(s, "satisfied", lambda d: d["csat"] >= 4), None, "size"),
        ctx.agg(s, None, "size"),
        "本期没有满意度问卷",
        "no survey responses in the period",
    )


@indicator(
    "csat_mean", zh="平均满意度得分", en="Mean satisfaction score", unit="score",
    seeds=("003", "004"), module=2, section=SECTION, tables=("survey_responses",),
    dimensions=_SURVEY_DIMS,
    formula_zh="本期问卷总体满意度（1-5分）的平均值",
    formula_en="mean of the 1-5 CSAT scores of responses in the period",
    month_cut="one_pass",
)  # fmt: skip
def csat_mean(ctx: Ctx) -> Result:
    s = _surveys(ctx, "csat")
    return total(ctx.agg(s, "csat", "mean"), "本期没有满意度问卷", "no survey responses")


@indicator(
    "nps", zh="净推荐值（NPS）", en="Net promoter score (NPS)", unit="points", seeds=("003",),
    module=2, section=SECTION, tables=("survey_responses",), dimensions=_SURVEY_DIMS,
    formula_zh="推荐者（9-10分）占比 − 贬损者（0-6分）占比，以百分点表示（-100 至 100）",
    formula_en="% promoters (9-10) − % detractors (0-6), in points from -100 to 100",
    month_cut="one_pass",
)  # fmt: skip
def nps(ctx: Ctx) -> Result:
    s = _surveys(ctx, "nps")
    promoters = ctx.agg(kept(s, "promoters", lambda d: d["nps"] >= 9), None, "size")
    detractors = ctx.agg(kept(s, "detractors", lambda d: d["nps"] <= 6), None, "size")
    index = promoters.index.union(detractors.index)
    net = promoters.reindex(index, fill_value=0.0) - detractors.reindex(index, fill_value=0.0)
    return ratio(net, ctx.agg(s, None, "size"), "本期没有NPS回答", "no NPS answers", scale=100.0)


def _basis(ctx: Ctx) -> str:
    basis = str(ctx.params["basis"])
    if basis == "auto":
        contracts = ctx.data.get("contracts")
        return "contracts" if contracts is not None and len(contracts) else "orders"
    if basis not in ("orders", "contracts"):
        raise ValueError(f"basis must be auto, orders or contracts, not {basis!r}")
    return basis


def _active(ctx: Ctx, at: pd.Timestamp) -> pd.DataFrame:
    """Customers active at instant ``at`` (a midnight), one row each.

    Orders basis: a paid order inside ``[at − window, at)``. Contracts basis: a contract in force
    on the last day before ``at`` (contracts cover ``[start_date, end_date)``), so a contract whose
    end date falls inside the period leaves its customer churned at the period end, and a contract
    starting on the first day of the period is new, not active at the start.
    """
    if _basis(ctx) == "contracts":
        day = at - pd.Timedelta(days=1)
        k = ctx.table("contracts")

        def live() -> pd.DataFrame:
            inside = (k["start_date"] <= day) & (k["end_date"] > day)
            return _ids(k.loc[inside, "customer_id"])

        return cached(f"live_contracts@{day.isoformat()}", [k], live)
    since = at - pd.Timedelta(days=int(ctx.params["window_days"]))
    orders = ctx.table("orders")

    def buyers() -> pd.DataFrame:
        paid = paid_status(orders)
        inside = (paid["paid_at"] >= since) & (paid["paid_at"] < at)
        return _ids(paid["customer_id"].loc[inside.to_numpy()])

    return cached(f"active_buyers@{since.isoformat()}/{at.isoformat()}", [orders], buyers)


def _ids(customer_ids: pd.Series) -> pd.DataFrame:
    """One row per distinct customer id."""
    unique = customer_ids.drop_duplicates().astype("str").reset_index(drop=True)
    return unique.to_frame("customer_id")


def _customers(ctx: Ctx, rows_of: Callable[[Period], pd.DataFrame]) -> pd.DataFrame:
    """The customers ``rows_of`` gives for the period (for each month, in a one-pass month cut)."""
    if ctx.by is None:  # uncut, only the ids are counted: no dimensions needed
        return ctx.each_month(rows_of)
    sources = [ctx.data.get("customers"), ctx.data.get("orders")]

    def with_dimensions(period: Period) -> pd.DataFrame:
        # Once per period's customers, whichever dimension is cut by.
        ids = rows_of(period)
        return cached("with_dimensions", [ids, *sources], lambda: with_customer(ctx, ids))

    return ctx.each_month(with_dimensions)


def _first_activity_in(ctx: Ctx, period: Period) -> pd.DataFrame:
    if _basis(ctx) == "contracts":
        k = ctx.table("contracts")
        first = cached("first_contract", [k], lambda: k.groupby("customer_id")["start_date"].min())
    else:
        orders = ctx.table("orders")
        first = cached(
            "first_paid_at", [orders],
            lambda: paid_status(orders).groupby("customer_id")["paid_at"].min(),
        )  # fmt: skip

    def ids() -> pd.DataFrame:
        return _ids(first.index[period.contains(first)].to_series())

    return cached_in_period("first_activity", period, [first], ids)


_ACTIVE_ZH = (
    "“活跃”指：该时点前的活动窗口（默认90天）内有已支付订单（B2C）；有合同表时（B2B）指该时点前"
    "最后一天有生效合同（合同终止日落在本期内即视为期末流失）"
)
_ACTIVE_EN = (
    "“active” = a paid order within the activity window (default 90 days) before the instant "
    "(B2C); with a contracts table (B2B), a contract in force on the last day before the instant "
    "(a contract whose end date falls inside the period means churned at the period end)"
)
_CHURN_PARAMS = {"window_days": 90, "basis": "auto"}


@indicator(
    "churn_rate", zh="客户流失率", en="Customer churn rate", unit="ratio", seeds=("003",), module=2,
    section=SECTION, tables=("customers",), dimensions=_CUST_DIMS, params=_CHURN_PARAMS,
    higher_is_better=False,
    formula_zh=f"期初活跃客户中，期末不再活跃的比例；{_ACTIVE_ZH}；期初为本期第一天0点，期末为本期结束后"
    "第一天0点",
    formula_en=f"of customers active at period start, the share not active at period end; "
    f"{_ACTIVE_EN}; start = 00:00 of the first day, end = 00:00 of the day after the period",
    month_cut="one_pass",
)  # fmt: skip
def churn_rate(ctx: Ctx) -> Result:
    start = _customers(ctx, lambda p: _active(ctx, p.start))
    end = _customers(ctx, lambda p: _active(ctx, p.end))
    lost = subset(start, ~ctx.isin(start, "customer_id", end))
    return ratio(
        ctx.agg(lost, "customer_id", "nunique"),
        ctx.agg(start, "customer_id", "nunique"),
        "期初没有活跃客户",
        "no active customers at period start",
    )


@indicator(
    "retention_rate", zh="客户保留率", en="Customer retention rate", unit="ratio", seeds=("003",),
    module=2, section=SECTION, tables=("customers",), dimensions=_CUST_DIMS, params=_CHURN_PARAMS,
    formula_zh=f"（期末活跃客户数 − 本期新获客户数）÷ 期初活跃客户数；{_ACTIVE_ZH}；新获客户指首次"
    "活动（首单或首份合同）在本期的客户；期末活跃中包含回流客户，故不一定等于 1 − 流失率",
    formula_en=f"(customers active at end − new customers acquired in the period) ÷ customers "
    f"active at start; {_ACTIVE_EN}; new = first activity (first paid order or first contract) "
    "in the period; returning customers count at the end, so this need not equal 1 − churn",
    month_cut="one_pass",
)  # fmt: skip
def retention_rate(ctx: Ctx) -> Result:
    start = _customers(ctx, lambda p: _active(ctx, p.start))
    end_count = ctx.agg(_customers(ctx, lambda p: _active(ctx, p.end)), "customer_id", "nunique")
    new = _customers(ctx, lambda p: _first_activity_in(ctx, p))
    new_count = ctx.agg(new, "customer_id", "nunique")
    index = end_count.index.union(new_count.index)
    kept = end_count.reindex(index, fill_value=0.0) - new_count.reindex(index, fill_value=0.0)
    return ratio(
        kept,
        ctx.agg(start, "customer_id", "nunique"),
        "期初没有活跃客户",
        "no active customers at period start",
    )


@indicator(
    "complaint_rate", zh="客户投诉率", en="Complaint rate", unit="ratio", seeds=("003", "004"),
    module=2, section=SECTION, tables=("orders", "support_tickets"),
    dimensions=(*_CUST_DIMS, "store"), higher_is_better=False,
    formula_zh="本期创建的投诉工单数 ÷ 本期已支付订单数（酒店：入住数）",
    formula_en="complaint tickets created in the period ÷ paid orders in the period (stays for "
    "hotels)",
    month_cut="one_pass",
)  # fmt: skip
def complaint_rate(ctx: Ctx) -> Result:
    t = tickets(ctx)
    orders = paying_customers(ctx)
    return ratio(
        ctx.agg(kept(t, "complaints", lambda d: d["is_complaint"]), None, "size"),
        ctx.agg(orders, None, "size"),
        "本期没有已支付订单",
        "no paid orders in the period",
    )
