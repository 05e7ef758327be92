"""Marketing and content indicators (seed 003; modules 1 and 7)."""

from __future__ import annotations

import pandas as pd

from .core import Ctx, Result, indicator, ratio, total
from .facts import cached, cached_in_period, expenses, paid_lines, rows_in, with_customer
from .groups import subset

SECTION = "marketing"
_AD_DIMS = ("channel", "campaign")


def _delivery(ctx: Ctx) -> pd.DataFrame:
    """Daily ad delivery in the period with the campaign's channel."""
    daily, campaigns = ctx.table("campaign_daily"), ctx.table("campaigns")

    def build() -> pd.DataFrame:
        return daily.merge(campaigns[["campaign_id", "channel"]], on="campaign_id",
                           how="left").assign(campaign=lambda d: d["campaign_id"])  # fmt: skip

    # Joined once for all days (a left merge keeps the rows in order), then cut per period.
    joined = cached("delivery", [daily, campaigns], build)
    inside = cached_in_period("delivery", ctx.period, [joined],
                              lambda: rows_in(joined, "date", ctx.period))  # fmt: skip
    return ctx.in_months(inside, "date")


@indicator(
    "impressions", zh="曝光量", en="Impressions", unit="count", seeds=("003",), module=7,
    section=SECTION, tables=("campaign_daily", "campaigns"), dimensions=_AD_DIMS,
    formula_zh="Σ 本期广告日报的曝光量（按活动或投放渠道汇总）",
    formula_en="Σ impressions in the period's daily ad delivery (per campaign or channel)",
    month_cut="one_pass",
)  # fmt: skip
def impressions(ctx: Ctx) -> Result:
    return total(ctx.agg(_delivery(ctx), "impressions", "sum"))


@indicator(
    "clicks", zh="点击量", en="Clicks", unit="count", seeds=("003",), module=7, section=SECTION,
    tables=("campaign_daily", "campaigns"), dimensions=_AD_DIMS,
    formula_zh="Σ 本期广告日报的点击量（按活动或投放渠道汇总）",
    formula_en="Σ clicks in the period's daily ad delivery (per campaign or channel)",
    month_cut="one_pass",
)  # fmt: skip
def clicks(ctx: Ctx) -> Result:
    return total(ctx.agg(_delivery(ctx), "clicks", "sum"))


@indicator(
    "ctr", zh="点击率", en="Click-through rate", unit="ratio", seeds=("003",), module=7,
    section=SECTION, tables=("campaign_daily", "campaigns"), dimensions=_AD_DIMS,
    formula_zh="点击量 ÷ 曝光量", formula_en="clicks ÷ impressions",
    month_cut="one_pass",
)  # fmt: skip
def ctr(ctx: Ctx) -> Result:
    d = _delivery(ctx)
    return ratio(ctx.agg(d, "clicks", "sum"), ctx.agg(d, "impressions", "sum"),
                 "本期没有曝光", "no impressions in the period")  # fmt: skip


def _advertised(ctx: Ctx, rows: pd.DataFrame) -> pd.DataFrame:
    """The rows attributed to a campaign with an ad channel, with its channel and campaign."""
    campaigns = ctx.table("campaigns")

    def build() -> pd.DataFrame:
        ads = campaigns.loc[campaigns["channel"].notna(), ["campaign_id", "channel"]]
        out = rows.drop(columns=["channel"]).merge(ads, on="campaign_id", how="inner")
        return out.assign(campaign=out["campaign_id"])

    # Once per fact frame: every cut of ROAS asks for the same rows.
    return cached("advertised", [rows, campaigns], build)


@indicator(
    "roas", zh="广告投入产出比（ROAS）", en="Return on ad spend (ROAS)", unit="times",
    seeds=("003",), module=7, section=SECTION,
    tables=("campaigns", "expenses", "orders", "order_lines", "products"), dimensions=_AD_DIMS,
    formula_zh="归因销售额 ÷ 广告花费：本期已支付且归因到有投放渠道的活动的订单销售额 ÷ "
    "本期这些活动在费用表中的花费",
    formula_en="attributed revenue ÷ ad spend: revenue of orders paid in the period and attributed "
    "to a campaign with an ad channel ÷ those campaigns' spend in the expenses table in the period",
    month_cut="one_pass",
)  # fmt: skip
def roas(ctx: Ctx) -> Result:
    lines, spend = _advertised(ctx, paid_lines(ctx)), _advertised(ctx, expenses(ctx))
    return ratio(ctx.agg(lines, "amount", "sum"), ctx.agg(spend, "amount", "sum"),
                 "本期没有广告花费", "no ad spend in the period")  # fmt: skip


def _by_date(ctx: Ctx) -> pd.DataFrame:
    """The daily follower counts in date order (one row per platform and day)."""
    daily = ctx.table("followers_daily")
    return cached("followers_by_date", [daily], lambda: daily.sort_values("date", kind="stable"))


def _followers_at(daily: pd.DataFrame, before: pd.Timestamp) -> pd.Series:
    """Each platform's last follower count dated before ``before`` (``daily`` in date order)."""
    snap = daily.iloc[: int(daily["date"].searchsorted(before, side="left"))]
    return snap.groupby("platform")["followers"].last()


@indicator(
    "follower_growth", zh="粉丝增长数", en="Follower growth", unit="count", seeds=("003",),
    module=7, section=SECTION, tables=("followers_daily",), dimensions=("channel",),
    formula_zh="期末粉丝数 − 期初粉丝数；期末取本期最后一条日报，期初取本期之前最后一条日报"
    "（没有时取本期第一条）",
    formula_en="followers at period end − at period start; end = the last daily count in the "
    "period, start = the last count before the period (or the first in it when there is none)",
)  # fmt: skip
def follower_growth(ctx: Ctx) -> Result:
    daily = _by_date(ctx)
    inside = rows_in(daily, "date", ctx.period)
    end = inside.groupby("platform")["followers"].last()
    start = _followers_at(daily, ctx.period.start)
    start = start.combine_first(inside.groupby("platform")["followers"].first()).reindex(end.index)
    rows = pd.DataFrame({"channel": end.index, "growth": (end - start).to_numpy(dtype=float)})
    growth = ctx.agg(rows, "growth", "sum")
    if rows.empty:
        # No count at all in the period: the growth is unknown, not 0.
        growth = growth * float("nan")
    return total(growth, "本期没有粉丝数日报", "no follower count in the period")


@indicator(
    "engagement_rate", zh="互动率", en="Engagement rate", unit="ratio", seeds=("003",), module=7,
    section=SECTION, tables=("content_posts",), dimensions=("channel",),
    formula_zh="（点赞 + 评论 + 转发）÷ 阅读量，计本期发布的内容",
    formula_en="(likes + comments + shares) ÷ reads, over posts published in the period",
    month_cut="one_pass",
)  # fmt: skip
def engagement_rate(ctx: Ctx) -> Result:
    posts = ctx.table("content_posts")
    posts = ctx.in_months(posts.loc[ctx.period.contains(posts["published_at"])], "published_at")
    posts = posts.assign(
        engaged=posts["likes"] + posts["comments"] + posts["shares"], channel=posts["platform"]
    )
    return ratio(ctx.agg(posts, "engaged", "sum"), ctx.agg(posts, "reads", "sum"),
                 "本期内容没有阅读", "no reads of posts published in the period")  # fmt: skip


@indicator(
    "campaign_participation", zh="活动参与度", en="Campaign participation", unit="ratio",
    seeds=("003",), module=7, section=SECTION, tables=("campaigns", "campaign_audience"),
    dimensions=("campaign", "channel", "region", "province", "segment"),
    formula_zh="参与（用券或报名）的被触达客户数 ÷ 被触达客户数，计开始日期在本期的活动",
    formula_en="targeted customers who took part (used the coupon or joined) ÷ targeted "
    "customers, over campaigns starting in the period",
    month_cut="one_pass",
)  # fmt: skip
def campaign_participation(ctx: Ctx) -> Result:
    campaigns, targeted = ctx.table("campaigns"), ctx.table("campaign_audience")

    def build() -> pd.DataFrame:
        chosen = campaigns.loc[ctx.period.contains(campaigns["start_date"]),
                               ["campaign_id", "channel", "start_date"]]  # fmt: skip
        audience = targeted.merge(chosen, on="campaign_id", how="inner")
        return with_customer(ctx, audience.assign(campaign=audience["campaign_id"]))

    sources = [campaigns, targeted, ctx.data.get("customers"), ctx.data.get("orders")]
    audience = cached_in_period("audience", ctx.period, sources, build)
    audience = ctx.in_months(audience, "start_date")
    joined = cached(
        "joined_audience", [audience], lambda: subset(audience, audience["participated"])
    )
    return ratio(
        ctx.agg(joined, None, "size"),
        ctx.agg(audience, None, "size"),
        "本期没有触达客户的活动",
        "no campaign targeted anyone in the period",
    )
