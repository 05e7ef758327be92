"""Sales and traffic indicators (seed 003, module 1)."""

from __future__ import annotations

from .core import Ctx, Result, indicator, ratio, total
from .facts import ORDER_DIMS, extended, kept, paid_lines, paying_customers, sessions

SECTION = "sales_traffic"
_TRAFFIC_DIMS = ("channel", "device", "landing_page")
_PAID = "支付时间在本期、状态为已支付（已退款、已取消不计）的订单"
_PAID_EN = "orders paid in the period with status paid (refunded and cancelled excluded)"


@indicator(
    "revenue", zh="销售额", en="Revenue", unit="CNY", seeds=("003",), module=1, section=SECTION,
    tables=("orders", "order_lines", "products"), dimensions=ORDER_DIMS,
    formula_zh=f"Σ 订单行金额（数量×成交单价−优惠），仅计{_PAID}",
    formula_en=f"Σ line amount (quantity × unit price − discount) over {_PAID_EN}",
    month_cut="one_pass",
)  # fmt: skip
def revenue(ctx: Ctx) -> Result:
    return total(ctx.agg(paid_lines(ctx), "amount", "sum"))


@indicator(
    "units_sold", zh="销售量", en="Units sold", unit="count", seeds=("003",), module=1,
    section=SECTION, tables=("orders", "order_lines", "products"), dimensions=ORDER_DIMS,
    formula_zh=f"Σ 订单行数量，仅计{_PAID}",
    formula_en=f"Σ line quantity over {_PAID_EN}",
    month_cut="one_pass",
)  # fmt: skip
def units_sold(ctx: Ctx) -> Result:
    return total(ctx.agg(paid_lines(ctx), "quantity", "sum"))


@indicator(
    "aov", zh="客单价", en="Average order value per buyer", unit="CNY", seeds=("003",), module=1,
    section=SECTION, tables=("orders", "order_lines", "products"), dimensions=ORDER_DIMS,
    formula_zh="销售额 ÷ 本期支付买家数（去重客户数；生意参谋口径：支付金额 ÷ 支付买家数）",
    formula_en="revenue ÷ distinct paying customers in the period (支付金额 ÷ 支付买家数)",
    month_cut="one_pass",
)  # fmt: skip
def aov(ctx: Ctx) -> Result:
    lines = paid_lines(ctx)
    return ratio(
        ctx.agg(lines, "amount", "sum"),
        ctx.agg(lines, "customer_id", "nunique"),
        "本期没有支付买家",
        "no paying customers in the period",
    )


@indicator(
    "revenue_growth", zh="销售增长率（环比）", en="Revenue growth (month over month)", unit="ratio",
    seeds=("003",), module=1, section=SECTION, tables=("orders", "order_lines", "products"),
    dimensions=ORDER_DIMS,
    formula_zh="（本期销售额 − 上期销售额）÷ 上期销售额；上期为紧邻的前一个同长度周期（月份为上月）",
    formula_en="(revenue this period − revenue previous period) ÷ revenue previous period; the "
    "previous period is the one just before, of the same length (the previous month for a month)",
    month_cut="one_pass",
)  # fmt: skip
def revenue_growth(ctx: Ctx) -> Result:
    return _growth_between(ctx, ctx.previous(), "上期", "previous period")


@indicator(
    "revenue_growth_yoy", zh="销售增长率（同比）", en="Revenue growth (year over year)",
    unit="ratio", seeds=("003",), module=1, section=SECTION,
    tables=("orders", "order_lines", "products"), dimensions=ORDER_DIMS,
    formula_zh="（本期销售额 − 去年同期销售额）÷ 去年同期销售额",
    formula_en="(revenue this period − revenue same period last year) ÷ revenue same period last "
    "year",
    month_cut="one_pass",
)  # fmt: skip
def revenue_growth_yoy(ctx: Ctx) -> Result:
    return _growth_between(ctx, ctx.year_ago(), "去年同期", "same period last year")


def _growth_between(ctx: Ctx, base: Ctx, label_zh: str, label_en: str) -> Result:
    now = ctx.agg(paid_lines(ctx), "amount", "sum")
    before = ctx.agg(paid_lines(base), "amount", "sum")
    index = now.index.union(before.index)
    now, before = now.reindex(index, fill_value=0.0), before.reindex(index, fill_value=0.0)
    return ratio(now - before, before, f"{label_zh}销售额为0", f"{label_en} revenue is zero")


@indicator(
    "visitors", zh="访客数（UV）", en="Visitors (UV)", unit="count", seeds=("003",), module=1,
    section=SECTION, tables=("web_sessions",), dimensions=_TRAFFIC_DIMS,
    formula_zh="本期至少有一次访问的去重访客编号数",
    formula_en="distinct visitor ids with at least one session started in the period",
    month_cut="one_pass",
)  # fmt: skip
def visitors(ctx: Ctx) -> Result:
    return total(ctx.agg(sessions(ctx), "visitor_id", "nunique"))


@indicator(
    "page_views", zh="浏览量（PV）", en="Page views (PV)", unit="count", seeds=("003",), module=1,
    section=SECTION, tables=("web_sessions",), dimensions=_TRAFFIC_DIMS,
    formula_zh="Σ 本期各次访问的浏览页面数",
    formula_en="Σ pages viewed over sessions started in the period",
    month_cut="one_pass",
)  # fmt: skip
def page_views(ctx: Ctx) -> Result:
    return total(ctx.agg(sessions(ctx), "page_views", "sum"))


@indicator(
    "conversion_rate", zh="转化率", en="Conversion rate", unit="ratio", seeds=("003",), module=1,
    section=SECTION, tables=("orders", "web_sessions"), dimensions=("channel", "device"),
    formula_zh="本期线上支付买家数（有下单终端的已支付订单的去重客户）÷ 本期访客数",
    formula_en="distinct paying customers of online orders (paid orders with a device) in the "
    "period ÷ visitors in the period",
    month_cut="one_pass",
)  # fmt: skip
def conversion_rate(ctx: Ctx) -> Result:
    buyers = kept(paying_customers(ctx), "online", lambda d: d["device"].notna())
    return ratio(
        ctx.agg(buyers, "customer_id", "nunique"),
        ctx.agg(sessions(ctx), "visitor_id", "nunique"),
        "本期没有访客",
        "no visitors in the period",
    )


@indicator(
    "bounce_rate", zh="跳失率", en="Bounce rate", unit="ratio", seeds=("003",), module=1,
    section=SECTION, tables=("web_sessions",), dimensions=_TRAFFIC_DIMS, higher_is_better=False,
    formula_zh="只浏览了1个页面的访问次数 ÷ 访问次数（本期开始的访问）",
    formula_en="sessions with exactly one page view ÷ sessions (sessions started in the period)",
    month_cut="one_pass",
)  # fmt: skip
def bounce_rate(ctx: Ctx) -> Result:
    # Bounced sessions counted as a sum of flags: no copy of the many session rows.
    s = extended(sessions(ctx), "bounced", lambda d: {"bounced": d["page_views"] == 1})
    return ratio(
        ctx.agg(s, "bounced", "sum"),
        ctx.agg(s, None, "size"),
        "本期没有访问",
        "no sessions in the period",
    )
