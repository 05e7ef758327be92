"""Known mistakes of module 7 (大促 roles and the post-promotion review, 复盘)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from generator.indicators import Period

from . import mistake


def _clean(values: pd.Series) -> dict[str, float]:
    """A table answer as {segment: value}, without undefined rows."""
    values = values.replace([np.inf, -np.inf], np.nan).dropna()
    return {str(k): float(v) for k, v in values.items()}


def _paid_lines(tables: Mapping[str, pd.DataFrame], period: Period) -> pd.DataFrame:
    lines = tables["orders"].merge(tables["order_lines"], on="order_id")
    return lines.loc[(lines["status"] == "paid") & period.contains(lines["paid_at"])]


def _ads(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    campaigns = tables["campaigns"]
    return campaigns.loc[campaigns["channel"].notna(), ["campaign_id", "channel"]]


def _ad_revenue(tables: Mapping[str, pd.DataFrame], period: Period) -> pd.DataFrame:
    lines = _paid_lines(tables, period).drop(columns=["channel"])
    return lines.merge(_ads(tables), on="campaign_id")


def _ad_spend(tables: Mapping[str, pd.DataFrame], period: Period) -> pd.DataFrame:
    spend = tables["expenses"]
    spend = spend.loc[period.contains(spend["date"])].drop(columns=["channel"])
    return spend.merge(_ads(tables), on="campaign_id")


def _delivery(tables: Mapping[str, pd.DataFrame], period: Period | None) -> pd.DataFrame:
    daily = tables["campaign_daily"]
    if period is not None:
        daily = daily.loc[period.contains(daily["date"])]
    return daily.merge(tables["campaigns"][["campaign_id", "channel"]], on="campaign_id")


def _posts(tables: Mapping[str, pd.DataFrame], period: Period) -> pd.DataFrame:
    posts = tables["content_posts"]
    return posts.loc[period.contains(posts["published_at"])]


# ---- q1 AOV by phase ---------------------------------------------------------------------


@mistake("m7_aov_phase_per_order")
def aov_phase_per_order(tables: Mapping[str, pd.DataFrame], period: Period) -> dict:
    """Revenue ÷ paid orders per phase instead of ÷ distinct paying customers."""
    g = _paid_lines(tables, period).groupby("promo_phase")
    return _clean(g["amount"].sum() / g["order_id"].nunique())


@mistake("m7_aov_phase_whole_file")
def aov_phase_whole_file(tables: Mapping[str, pd.DataFrame], period: Period) -> dict:
    """AOV per phase over the whole file: last year's 双11 in the history months too."""
    lines = tables["orders"].merge(tables["order_lines"], on="order_id")
    g = lines.loc[lines["status"] == "paid"].groupby("promo_phase")
    return _clean(g["amount"].sum() / g["customer_id"].nunique())


# ---- q2 gross margin by phase ------------------------------------------------------------


def _with_cost(tables: Mapping[str, pd.DataFrame], period: Period) -> pd.DataFrame:
    lines = _paid_lines(tables, period)
    lines = lines.merge(tables["products"][["sku_id", "unit_cost"]], on="sku_id")
    return lines.assign(cogs=lines["quantity"] * lines["unit_cost"])


@mistake("m7_margin_on_cost")
def margin_on_cost(tables: Mapping[str, pd.DataFrame], period: Period) -> dict:
    """(revenue − COGS) ÷ COGS: a markup on cost, not a margin on revenue."""
    g = _with_cost(tables, period).groupby("promo_phase")
    rev, cogs = g["amount"].sum(), g["cogs"].sum()
    return _clean((rev - cogs) / cogs)


@mistake("m7_margin_before_discount")
def margin_before_discount(tables: Mapping[str, pd.DataFrame], period: Period) -> dict:
    """Margin on quantity × unit price, ignoring the discounts given."""
    lines = _with_cost(tables, period)
    lines = lines.assign(gross=lines["quantity"] * lines["unit_price"])
    g = lines.groupby("promo_phase")
    rev, cogs = g["gross"].sum(), g["cogs"].sum()
    return _clean((rev - cogs) / rev)


# ---- q3 impressions ----------------------------------------------------------------------


@mistake("m7_impressions_whole_file")
def impressions_whole_file(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Impressions of every day in the file, history months included."""
    return float(tables["campaign_daily"]["impressions"].sum())


# ---- q4 CTR by channel -------------------------------------------------------------------


@mistake("m7_ctr_mean_of_days")
def ctr_mean_of_days(tables: Mapping[str, pd.DataFrame], period: Period) -> dict:
    """The mean of daily CTRs instead of total clicks ÷ total impressions."""
    d = _delivery(tables, period)
    rate = d["clicks"] / d["impressions"].where(d["impressions"] > 0)
    return _clean(rate.groupby(d["channel"]).mean())


@mistake("m7_ctr_inverted")
def ctr_inverted(tables: Mapping[str, pd.DataFrame], period: Period) -> dict:
    """Impressions ÷ clicks: the ratio upside down."""
    g = _delivery(tables, period).groupby("channel")
    return _clean(g["impressions"].sum() / g["clicks"].sum())


# ---- q5 ROAS -----------------------------------------------------------------------------


@mistake("m7_roas_inverted")
def roas_inverted(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Ad spend ÷ attributed revenue: the ratio upside down."""
    return float(
        _ad_spend(tables, period)["amount"].sum() / _ad_revenue(tables, period)["amount"].sum()
    )


@mistake("m7_roas_all_revenue")
def roas_all_revenue(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """All revenue ÷ ad spend: sales the ads did not bring in counted as their return."""
    return float(
        _paid_lines(tables, period)["amount"].sum() / _ad_spend(tables, period)["amount"].sum()
    )


# ---- q6 ROAS by channel ------------------------------------------------------------------


@mistake("m7_roas_channel_mean_of_months")
def roas_channel_mean_of_months(tables: Mapping[str, pd.DataFrame], period: Period) -> dict:
    """The mean of each month's ROAS instead of the period's revenue ÷ the period's spend."""
    rev = _ad_revenue(tables, period)
    spend = _ad_spend(tables, period)
    rev_m = rev.groupby(["channel", rev["paid_at"].dt.strftime("%Y-%m")])["amount"].sum()
    spend_m = spend.groupby(["channel", spend["date"].dt.strftime("%Y-%m")])["amount"].sum()
    monthly = (rev_m.reindex(spend_m.index, fill_value=0.0) / spend_m).replace(np.inf, np.nan)
    return _clean(monthly.groupby(level=0).mean())


@mistake("m7_roas_channel_inverted")
def roas_channel_inverted(tables: Mapping[str, pd.DataFrame], period: Period) -> dict:
    """Ad spend ÷ attributed revenue per channel."""
    rev = _ad_revenue(tables, period).groupby("channel")["amount"].sum()
    spend = _ad_spend(tables, period).groupby("channel")["amount"].sum()
    return _clean(spend / rev)


# ---- q8 follower growth ------------------------------------------------------------------


@mistake("m7_followers_first_in_period")
def followers_first_in_period(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Last count minus the first count inside the period: the first day's growth is lost."""
    daily = tables["followers_daily"].sort_values("date")
    inside = daily.loc[period.contains(daily["date"])].groupby("platform")["followers"]
    return float((inside.last() - inside.first()).sum())


@mistake("m7_followers_sum_counts")
def followers_sum_counts(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Followers at the period end (a stock), not the growth (a flow)."""
    daily = tables["followers_daily"].sort_values("date")
    inside = daily.loc[period.contains(daily["date"])]
    return float(inside.groupby("platform")["followers"].last().sum())


# ---- q9 engagement by platform -----------------------------------------------------------


@mistake("m7_engagement_mean_of_posts")
def engagement_mean_of_posts(tables: Mapping[str, pd.DataFrame], period: Period) -> dict:
    """The mean of each post's engagement rate instead of pooled interactions ÷ reads."""
    posts = _posts(tables, period)
    rate = (posts["likes"] + posts["comments"] + posts["shares"]) / posts["reads"].where(
        posts["reads"] > 0
    )
    return _clean(rate.groupby(posts["platform"]).mean())


@mistake("m7_engagement_likes_only")
def engagement_likes_only(tables: Mapping[str, pd.DataFrame], period: Period) -> dict:
    """Only likes counted as interactions; comments and shares left out."""
    g = _posts(tables, period).groupby("platform")
    return _clean(g["likes"].sum() / g["reads"].sum())


# ---- q10 campaign participation ----------------------------------------------------------


@mistake("m7_participation_whole_file")
def participation_whole_file(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Every campaign in the file, those that started in the history months included."""
    return float(tables["campaign_audience"]["participated"].mean())


@mistake("m7_participation_mean_of_campaigns")
def participation_mean_of_campaigns(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """The mean of each campaign's rate instead of pooling all targeted customers."""
    campaigns = tables["campaigns"]
    chosen = campaigns.loc[period.contains(campaigns["start_date"]), ["campaign_id"]]
    audience = tables["campaign_audience"].merge(chosen, on="campaign_id")
    return float(audience.groupby("campaign_id")["participated"].mean().mean())
