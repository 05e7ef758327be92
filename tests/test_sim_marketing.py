"""Marketing simulation: campaigns, ad delivery, attribution, coupons, content and followers."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from sim_world import run_orders, small_world

from generator.indicators import compute, value
from generator.schema import validate
from generator.schema.frames import conform
from generator.sim.consumer import Hooks
from generator.sim.marketing import (
    MarketingModel,
    assign_hook,
    build_campaigns,
    finish_marketing,
)
from generator.world import World

MODEL = MarketingModel()
MARKETING = ("campaigns", "campaign_daily", "campaign_audience", "content_posts", "followers_daily")
LEVER_DATE = pd.Timestamp("2025-05-01")


def simulate(seed: int = 0, customers: int = 3000, months: int = 12, levers=(), **config) -> World:
    """A shop's year with marketing; ad expenses built from the hidden spend, as the ledger will."""
    world = small_world(seed, customers, months, **config)
    for name, factor, where in levers:
        world.levers.pull(name, factor, LEVER_DATE, **where)
    build_campaigns(world, MODEL)
    run_orders(world, Hooks(assign=assign_hook(MODEL)))
    finish_marketing(world)
    spend = world.hidden["ad_spend"]
    n = len(spend)
    world.tables["expenses"] = conform(
        "expenses",
        {
            "expense_id": [f"X{i + 1:07d}" for i in range(n)],
            "date": spend["date"],
            "category": ["marketing"] * n,
            "channel": spend["channel"],
            "campaign_id": spend["campaign_id"],
            "store_id": [None] * n,
            "amount": spend["spend"],
        },
    )
    return world


@pytest.fixture(scope="module")
def world() -> World:
    return simulate()


@pytest.fixture(scope="module")
def bad_douyin() -> World:
    """Same shop; from May douyin's spend grows ×2.5 while its clicks convert ×0.3 as well."""
    return simulate(
        levers=[("ad_spend", 2.5, {"channel": "douyin"}),
                ("ad_effectiveness", 0.3, {"channel": "douyin"})]
    )  # fmt: skip


def _year(w: World) -> tuple[pd.Timestamp, pd.Timestamp]:
    return (w.start, w.end)


def test_tables_are_schema_valid(world):
    assert validate(world.tables) == []
    for name in MARKETING:
        assert len(world.tables[name]) > 0, name
    spend = world.hidden["ad_spend"]
    assert list(spend.columns) == ["date", "campaign_id", "channel", "spend"]
    assert (spend["spend"] > 0).all()


def test_campaigns_cover_the_calendar(world):
    c = world.tables["campaigns"]
    assert set(c["kind"]) == {"ads", "live_stream", "coupon", "activity"}
    assert (c["start_date"] <= c["end_date"]).all()
    assert (c["end_date"] < world.end).all() and (c["start_date"] >= world.start).all()
    promo = c.loc[c["promo_event"].notna()]
    assert set(promo["promo_event"]) == {"618", "double11"}
    assert promo["name"].str.contains("双11").any() and promo["name"].str.contains("618").any()
    assert c["name"].str.contains("抖音信息流投放").any()
    # Ads have a channel and a budget that covers their spend; coupons and activities have none.
    ads = c["kind"].isin(["ads", "live_stream"])
    assert c.loc[ads, "channel"].notna().all() and c.loc[~ads, "channel"].isna().all()
    spent = world.hidden["ad_spend"].groupby("campaign_id")["spend"].sum()
    budget = c.set_index("campaign_id")["budget"]
    assert (budget.reindex(spent.index) >= spent).all()
    assert (budget > 0).all()


def test_deterministic_and_seeded():
    a, b, c = simulate(3, 600, 6), simulate(3, 600, 6), simulate(4, 600, 6)
    for name in (*MARKETING, "orders", "order_lines"):
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name])
    pd.testing.assert_frame_equal(a.hidden["ad_spend"], b.hidden["ad_spend"])
    assert not a.tables["campaign_daily"].equals(c.tables["campaign_daily"])
    assert not a.tables["orders"]["campaign_id"].equals(c.tables["orders"]["campaign_id"])


def test_english_names():
    w = simulate(1, 300, 6, locale="en_US")
    names = w.tables["campaigns"]["name"]
    assert not names.str.contains(r"[\u4e00-\u9fff]").any()
    assert names.str.contains("Douyin in-feed ads").any()
    assert not w.tables["content_posts"]["title"].str.contains(r"[\u4e00-\u9fff]").any()


def test_roas_ctr_and_spend_are_realistic(world):
    roas = compute("roas", world.tables, _year(world), by="channel")["value"]
    assert set(roas.index) == set(MODEL.channels)
    assert roas.between(2, 6).all(), roas.to_dict()
    ctr = compute("ctr", world.tables, _year(world), by="channel")["value"]
    assert ctr.between(0.005, 0.03).all(), ctr.to_dict()
    revenue = value("revenue", world.tables, _year(world))
    share = world.hidden["ad_spend"]["spend"].sum() / revenue
    assert 0.03 < share < 0.15  # ad spend as a share of revenue, typical of online retail


def test_spend_is_heavier_in_promo_peak(world):
    spend = world.hidden["ad_spend"].groupby("date")["spend"].sum()
    cal = world.calendar.set_index("date")
    phase = cal["promo_phase"].reindex(spend.index)
    assert spend[phase == "peak"].mean() > 2 * spend[phase.isna()].mean()
    # More spend buys more impressions, which bring clicks.
    daily = world.tables["campaign_daily"].groupby("date")[["impressions", "clicks"]].sum()
    assert daily["impressions"].corr(spend.reindex(daily.index)) > 0.7
    assert daily["clicks"].corr(daily["impressions"]) > 0.9


def test_attribution_matches_running_campaigns(world):
    orders = world.tables["orders"]
    camps = world.tables["campaigns"].set_index("campaign_id")
    got = orders.loc[orders["campaign_id"].notna()]
    assert 0.1 < len(got) / len(orders) < 0.6
    c = camps.loc[got["campaign_id"]]
    day = got["ordered_at"].dt.normalize().to_numpy()
    assert (day >= c["start_date"].to_numpy()).all() and (day <= c["end_date"].to_numpy()).all()
    ads = got.loc[c["channel"].notna().to_numpy()]
    assert ads["device"].notna().all()  # only online orders come from ads
    ad_channel = camps.loc[ads["campaign_id"], "channel"].to_numpy()
    for code, spec in MODEL.channels.items():
        if spec.sales_channels:
            assert ads.loc[ad_channel == code, "channel"].isin(spec.sales_channels).all(), code


def test_coupons_and_participation(world):
    audience = world.tables["campaign_audience"]
    orders = world.tables["orders"]
    used = orders.loc[orders["campaign_id"].notna(), ["campaign_id", "customer_id"]]
    used = used.loc[used["campaign_id"].isin(audience["campaign_id"])].drop_duplicates()
    took = audience.loc[audience["participated"], ["campaign_id", "customer_id"]]
    # participated ⇔ one of the customer's orders carries the campaign.
    assert set(map(tuple, used.to_numpy())) == set(map(tuple, took.to_numpy()))
    rate = compute("campaign_participation", world.tables, _year(world), by="campaign")
    assert rate["value"].between(0.05, 0.30).all(), rate["value"].to_dict()
    # A redeemed coupon shows as a discount on every line of the order.
    kinds = world.tables["campaigns"].set_index("campaign_id")["kind"]
    coupon = orders.loc[orders["campaign_id"].map(kinds).eq("coupon"), "order_id"]
    lines = world.tables["order_lines"]
    lines = lines.loc[lines["order_id"].isin(coupon)]
    gross = lines["quantity"] * lines["unit_price"]
    assert len(lines) > 0
    assert (lines["discount"] >= np.round(gross * MODEL.coupon_off, 2) - 0.005).all()
    # Member activities target the best segment only.
    act = audience.loc[audience["campaign_id"].map(kinds).eq("activity"), "customer_id"]
    seg = world.tables["customers"].set_index("customer_id")["segment"]
    assert set(seg.loc[act]) == {"vip"}


def test_content_and_followers(world):
    posts = world.tables["content_posts"]
    weeks = (world.end - world.start).days / 7
    per_week = posts.groupby("platform").size() / weeks
    assert per_week.between(0.8, 8).all(), per_week.to_dict()
    reads = posts["reads"]
    assert reads.max() > 10 * reads.median()  # long tail
    eng = compute("engagement_rate", world.tables, _year(world), by="channel")["value"]
    assert eng.between(0.02, 0.10).all(), eng.to_dict()
    for month in world.months():
        growth = compute("follower_growth", world.tables, month, by="channel")["value"]
        assert (growth > 0).all(), (month.label, growth.to_dict())
    # 大促 brings followers: November grows faster than September.
    nov, sep = (value("follower_growth", world.tables, m) for m in ("2025-11", "2025-09"))
    assert nov > sep
    assert re.search(r"[\u4e00-\u9fff]", posts["title"].iloc[0])


def test_negative_roi_channel_levers(world, bad_douyin):
    before, after = (world.start, LEVER_DATE), (LEVER_DATE, world.end)
    roas = {
        (name, p): compute("roas", w.tables, p, by="channel")["value"]
        for name, w in (("control", world), ("bad", bad_douyin))
        for p in (before, after)
    }
    assert roas["bad", before]["douyin"] > 2
    assert roas["bad", after]["douyin"] < 1
    assert roas["control", after]["douyin"] > 2
    # Other channels stay healthy.
    assert roas["bad", after].drop("douyin").between(2, 6).all()

    def daily_spend(w: World, p: tuple[pd.Timestamp, pd.Timestamp]) -> float:
        s = w.hidden["ad_spend"]
        s = s.loc[(s["channel"] == "douyin") & (s["date"] >= p[0]) & (s["date"] < p[1])]
        return s["spend"].sum() / (p[1] - p[0]).days

    assert daily_spend(bad_douyin, after) > 2 * daily_spend(world, after)
    assert daily_spend(bad_douyin, after) > 2 * daily_spend(bad_douyin, before)
    # Its CTR is unchanged: the clicks come, they just do not buy.
    ctr = compute("ctr", bad_douyin.tables, after, by="channel")["value"]
    assert ctr["douyin"] == pytest.approx(MODEL.channels["douyin"].ctr, rel=0.2)


def test_coupon_uptake_lever(world):
    low = simulate(levers=[("coupon_uptake", 0.3, {"kind": "coupon"})])
    after = (LEVER_DATE + pd.Timedelta(days=1), world.end)
    by_kind = {}
    for name, w in (("control", world), ("low", low)):
        aud = w.tables["campaign_audience"].merge(w.tables["campaigns"], on="campaign_id")
        aud = aud.loc[aud["start_date"] >= after[0]]
        by_kind[name] = aud.groupby("kind")["participated"].mean()
    assert by_kind["low"]["coupon"] < 0.5 * by_kind["control"]["coupon"]
    # Activities are not coupons: the lever leaves them alone.
    assert by_kind["low"]["activity"] == pytest.approx(by_kind["control"]["activity"], abs=0.05)
