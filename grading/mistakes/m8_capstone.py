"""Known mistakes of module 8 (capstone diagnosis).

The capstone's wrong answers depend on a finding (which ad channel, from which month), so the
functions first redo the notebook's reference search on the tables, then make the mistake there.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from generator.indicators import Period, compute

from . import mistake


def _worst_channel(tables: Mapping[str, pd.DataFrame], period: Period) -> tuple[str, pd.Timestamp]:
    """The ad channel and start month with the largest ROAS drop (the notebook's q2 search)."""
    best: tuple[float, str, pd.Timestamp] | None = None
    for m in period.split_months()[2:-1]:
        before = compute("roas", tables, (period.start, m.start), by="channel")["value"]
        after = compute("roas", tables, (m.start, period.end), by="channel")["value"]
        size = ((after - before) / before).dropna()
        if size.empty:
            continue
        channel = str(size.idxmin())
        if best is None or size[channel] < best[0]:
            best = (float(size[channel]), channel, m.start)
    if best is None:
        raise ValueError("no ROAS change to search")
    return best[1], best[2]


def _roas_parts(
    tables: Mapping[str, pd.DataFrame], since: pd.Timestamp, end: pd.Timestamp, channel: str
) -> tuple[float, float]:
    """Attributed revenue and ad spend of one channel in [since, end)."""
    campaigns = tables["campaigns"]
    ads = campaigns.loc[campaigns["channel"].notna(), ["campaign_id", "channel"]]
    mine = ads.loc[ads["channel"] == channel, "campaign_id"]
    e = tables["expenses"]
    spend = e.loc[(e["date"] >= since) & (e["date"] < end) & e["campaign_id"].isin(mine), "amount"]
    o = tables["orders"]
    paid = o.loc[(o["status"] == "paid") & (o["paid_at"] >= since) & (o["paid_at"] < end)]
    paid = paid.loc[paid["campaign_id"].isin(mine), ["order_id"]]
    revenue = paid.merge(tables["order_lines"][["order_id", "amount"]], on="order_id")["amount"]
    return float(revenue.sum()), float(spend.sum())


@mistake("m8_roas_whole_period")
def roas_whole_period(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """The problem channel's ROAS over the whole period instead of since the start month."""
    channel, _ = _worst_channel(tables, period)
    revenue, spend = _roas_parts(tables, period.start, period.end, channel)
    return revenue / spend


@mistake("m8_roas_inverted")
def roas_inverted(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Spend ÷ attributed revenue since the start month (the ratio upside down)."""
    channel, since = _worst_channel(tables, period)
    revenue, spend = _roas_parts(tables, since, period.end, channel)
    return spend / revenue


def _team_months(tables: Mapping[str, pd.DataFrame], period: Period) -> pd.DataFrame:
    rows = {
        m.label: compute("first_response_time", tables, m, by="team")["value"]
        for m in period.split_months()
    }
    return pd.DataFrame(rows).T


@mistake("m8_team_highest_level")
def team_highest_level(tables: Mapping[str, pd.DataFrame], period: Period) -> str:
    """The team with the slowest first response over the whole period (a level, not a change)."""
    level = compute("first_response_time", tables, period, by="team")["value"]
    return str(level.idxmax())


@mistake("m8_team_worst_single_month")
def team_worst_single_month(tables: Mapping[str, pd.DataFrame], period: Period) -> str:
    """The team with the single slowest month (a one-off peak)."""
    return str(_team_months(tables, period).max().idxmax())
