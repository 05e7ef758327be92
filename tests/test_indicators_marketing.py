"""Hand-computed checks of the marketing and content indicators (DOMAIN §2, seed 003)."""

from __future__ import annotations

import math

import pytest
from builders import company

from generator.indicators import compute, value

MARCH = "2025-03"
EMPTY = "2025-06"


def _assert_nan_with_note(frame, group: str = "all") -> None:
    assert math.isnan(frame.loc[group, "value"])
    assert frame.loc[group, "note"]


# --- impressions, clicks, ctr ------------------------------------------------------------------


@pytest.fixture
def ads():
    """Three ad campaigns (two on douyin, one on baidu), a coupon without channel, and delivery
    rows inside and just outside March."""
    return company(
        campaigns=[
            {"campaign_id": "M0001", "kind": "ads", "channel": "douyin"},
            {"campaign_id": "M0002", "kind": "ads", "channel": "baidu"},
            {"campaign_id": "M0003", "kind": "coupon", "channel": None},
            {"campaign_id": "M0004", "kind": "ads", "channel": "douyin"},
        ],
        campaign_daily=[
            {"date": "2025-02-28", "campaign_id": "M0001", "impressions": 5000, "clicks": 500},
            {"date": "2025-03-01", "campaign_id": "M0001", "impressions": 1000, "clicks": 50},
            {"date": "2025-03-02", "campaign_id": "M0001", "impressions": 3000, "clicks": 70},
            {"date": "2025-03-05", "campaign_id": "M0002", "impressions": 2000, "clicks": 40},
            {"date": "2025-03-31", "campaign_id": "M0002", "impressions": 4000, "clicks": 20},
            {"date": "2025-03-10", "campaign_id": "M0003", "impressions": 500, "clicks": 10},
            {"date": "2025-03-15", "campaign_id": "M0004", "impressions": 0, "clicks": 0},
            {"date": "2025-04-01", "campaign_id": "M0002", "impressions": 9999, "clicks": 999},
        ],
    )


def test_impressions_clicks_ctr_uncut(ads):
    """March sums every delivery row dated in March, whatever the campaign's channel."""
    assert value("impressions", ads, MARCH) == pytest.approx(10500)  # 1000+3000+2000+4000+500+0
    assert value("clicks", ads, MARCH) == pytest.approx(190)  # 50+70+40+20+10+0
    assert value("ctr", ads, MARCH) == pytest.approx(190 / 10500)  # 0.018095...


def test_impressions_clicks_ctr_by_channel(ads):
    """Cut by ad channel: campaigns of one channel pool; a campaign without channel drops out."""
    imp = compute("impressions", ads, MARCH, by="channel")["value"].to_dict()
    clk = compute("clicks", ads, MARCH, by="channel")["value"].to_dict()
    ctr = compute("ctr", ads, MARCH, by="channel")["value"].to_dict()
    # baidu 2000 + 4000; douyin 1000 + 3000 + 0
    assert imp == {"baidu": pytest.approx(6000), "douyin": pytest.approx(4000)}
    assert clk == {"baidu": pytest.approx(60), "douyin": pytest.approx(120)}  # 40+20; 50+70+0
    assert ctr == {"baidu": pytest.approx(0.01), "douyin": pytest.approx(0.03)}  # 60/6000; 120/4000


def test_ctr_by_campaign_zero_impressions_is_nan(ads):
    """Cut by campaign: each campaign's own ratio; one with no impressions is NaN with a note."""
    ctr = compute("ctr", ads, MARCH, by="campaign")
    assert ctr.loc["M0001", "value"] == pytest.approx(0.03)  # 120 / 4000
    assert ctr.loc["M0002", "value"] == pytest.approx(0.01)  # 60 / 6000
    assert ctr.loc["M0003", "value"] == pytest.approx(0.02)  # 10 / 500
    _assert_nan_with_note(ctr, "M0004")  # 0 / 0
    assert ctr.loc["M0004", "denominator"] == 0


def test_impressions_clicks_ctr_empty_period(ads):
    """A month without delivery: sums are 0, the CTR is NaN with a note."""
    assert value("impressions", ads, EMPTY) == 0
    assert value("clicks", ads, EMPTY) == 0
    _assert_nan_with_note(compute("ctr", ads, EMPTY))


# --- roas ----------------------------------------------------------------------------------------


def _roas_company(with_spend: bool = True):
    """Attributed orders and campaign spend; only ``M0001``/``M0002``/``M0004`` have an ad channel."""
    expenses = [
        # campaign, date, amount
        ("M0001", "2025-03-01", 100.0),
        ("M0001", "2025-03-20", 15.0),
        ("M0002", "2025-03-05", 600.0),
        ("M0004", "2025-03-25", 85.0),
        ("M0003", "2025-03-10", 200.0),  # coupon without ad channel: not ad spend
        (None, "2025-03-10", 1000.0),  # no campaign: not attributable
        ("M0001", "2025-02-20", 999.0),  # before the period
    ]
    if not with_spend:
        expenses = []
    orders = [
        # order, status, paid_at, campaign, line amounts
        ("O00000001", "paid", "2025-03-03 10:00", "M0001", (180.0, 50.0)),
        ("O00000002", "paid", "2025-03-10 11:00", "M0002", (300.0,)),
        ("O00000003", "refunded", "2025-03-12 12:00", "M0001", (1000.0,)),  # refunded
        ("O00000004", "paid", "2025-03-15 13:00", "M0003", (400.0,)),  # coupon campaign
        ("O00000005", "paid", "2025-03-16 14:00", None, (500.0,)),  # not attributed
        ("O00000006", "paid", "2025-02-27 15:00", "M0001", (700.0,)),  # paid in February
        ("O00000007", "paid", "2025-03-28 16:00", "M0004", (70.0,)),
    ]
    return company(
        customers=[{"customer_id": "C000001"}],
        products=[{"sku_id": "P00001"}],
        campaigns=[
            {"campaign_id": "M0001", "kind": "ads", "channel": "douyin"},
            {"campaign_id": "M0002", "kind": "ads", "channel": "baidu"},
            {"campaign_id": "M0003", "kind": "coupon", "channel": None},
            {"campaign_id": "M0004", "kind": "ads", "channel": "douyin"},
        ],
        orders=[
            {
                "order_id": o,
                "customer_id": "C000001",
                "status": s,
                "paid_at": t,
                "refunded_at": "2025-03-20 09:00" if s == "refunded" else None,
                "campaign_id": m,
            }
            for o, s, t, m, _ in orders
        ],
        order_lines=[
            {"order_id": o, "line_no": i, "sku_id": "P00001", "amount": a}
            for o, _, _, _, amounts in orders
            for i, a in enumerate(amounts, start=1)
        ],
        expenses=[
            {
                "expense_id": f"X{i:07d}",
                "date": d,
                "category": "marketing",
                "campaign_id": m,
                "channel": "douyin",
                "amount": a,
            }
            for i, (m, d, a) in enumerate(expenses, start=1)
        ],
    )


def test_roas_uncut():
    """Attributed revenue of ad campaigns ÷ their spend; refunds, coupons and February drop out."""
    r = compute("roas", _roas_company(), MARCH).loc["all"]
    assert r["numerator"] == pytest.approx(600)  # 180 + 50 + 300 + 70
    assert r["denominator"] == pytest.approx(800)  # 100 + 15 + 600 + 85
    assert r["value"] == pytest.approx(0.75)  # 600 / 800


def test_roas_by_campaign():
    """Cut by campaign: each ad campaign's revenue ÷ its own expense rows."""
    r = compute("roas", _roas_company(), MARCH, by="campaign")
    assert r["value"].to_dict() == {
        "M0001": pytest.approx(2.0),  # (180 + 50) / (100 + 15)
        "M0002": pytest.approx(0.5),  # 300 / 600
        "M0004": pytest.approx(70 / 85),  # 0.8235...
    }


def test_roas_by_channel():
    """Cut by channel: the campaign's ad channel, not the expense row's or the order's channel."""
    r = compute("roas", _roas_company(), MARCH, by="channel")
    assert r["value"].to_dict() == {
        "baidu": pytest.approx(0.5),  # 300 / 600
        "douyin": pytest.approx(1.5),  # (230 + 70) / (115 + 85)
    }


def test_roas_no_spend_is_nan():
    """Revenue without any ad spend is NaN with a note, never infinite or 0."""
    r = compute("roas", _roas_company(with_spend=False), MARCH)
    _assert_nan_with_note(r)
    assert r.loc["all", "numerator"] == pytest.approx(600)


def test_roas_empty_period():
    """A month without orders or spend is NaN with a note."""
    _assert_nan_with_note(compute("roas", _roas_company(), EMPTY))


# --- follower_growth -----------------------------------------------------------------------------


@pytest.fixture
def followers():
    """Daily follower counts: douyin before and through March, weibo starting mid-March,
    xiaohongshu only in February."""
    rows = [
        ("2025-02-27", "douyin", 900),
        ("2025-02-28", "douyin", 1000),
        ("2025-03-01", "douyin", 1010),
        ("2025-03-15", "douyin", 1100),
        ("2025-03-31", "douyin", 1250),
        ("2025-04-01", "douyin", 1300),
        ("2025-03-10", "weibo", 500),
        ("2025-03-20", "weibo", 480),
        ("2025-02-10", "xiaohongshu", 300),
    ]
    return company(followers_daily=[{"date": d, "platform": p, "followers": n} for d, p, n in rows])


def test_follower_growth_uncut(followers):
    """Start = last count before the period, else the first inside; end = last inside."""
    # douyin 1250 − 1000 (28 Feb) = 250; weibo 480 − 500 (first in March) = −20
    assert value("follower_growth", followers, MARCH) == pytest.approx(230)


def test_follower_growth_by_channel(followers):
    """Cut by platform; a platform without a count in the period is absent."""
    g = compute("follower_growth", followers, MARCH, by="channel")
    assert g["value"].to_dict() == {"douyin": pytest.approx(250), "weibo": pytest.approx(-20)}


def test_follower_growth_first_count_fallback(followers):
    """February: douyin has no earlier count (start = 27 Feb); one count only gives 0."""
    g = compute("follower_growth", followers, "2025-02", by="channel")
    # douyin 1000 − 900; xiaohongshu 300 − 300
    assert g["value"].to_dict() == {"douyin": pytest.approx(100), "xiaohongshu": pytest.approx(0)}


def test_follower_growth_empty_period(followers):
    """No follower count in the period: growth is unknown (NaN with a note), not 0."""
    _assert_nan_with_note(compute("follower_growth", followers, EMPTY))


# --- engagement_rate -----------------------------------------------------------------------------


@pytest.fixture
def posts():
    """Posts on three platforms, one published just before March, one never read."""
    rows = [
        # post, platform, published, reads, likes, comments, shares
        ("N00001", "douyin", "2025-03-02 10:00", 1000, 50, 20, 30),
        ("N00002", "douyin", "2025-03-20 10:00", 3000, 100, 40, 60),
        ("N00003", "weibo", "2025-03-05 10:00", 500, 10, 5, 0),
        ("N00004", "weibo", "2025-02-28 23:59", 100, 100, 100, 100),
        ("N00005", "bilibili", "2025-03-10 10:00", 0, 0, 0, 0),
    ]
    return company(
        content_posts=[
            {
                "post_id": i,
                "platform": p,
                "published_at": t,
                "reads": r,
                "likes": lk,
                "comments": c,
                "shares": s,
            }
            for i, p, t, r, lk, c, s in rows
        ]
    )


def test_engagement_rate_uncut(posts):
    """(likes + comments + shares) ÷ reads over posts published in March."""
    r = compute("engagement_rate", posts, MARCH).loc["all"]
    assert r["numerator"] == pytest.approx(315)  # 100 + 200 + 15 + 0
    assert r["denominator"] == pytest.approx(4500)  # 1000 + 3000 + 500 + 0
    assert r["value"] == pytest.approx(0.07)


def test_engagement_rate_by_channel(posts):
    """Cut by platform; a platform whose posts have no reads is NaN with a note."""
    r = compute("engagement_rate", posts, MARCH, by="channel")
    assert r.loc["douyin", "value"] == pytest.approx(0.075)  # 300 / 4000
    assert r.loc["weibo", "value"] == pytest.approx(0.03)  # 15 / 500
    _assert_nan_with_note(r, "bilibili")


def test_engagement_rate_empty_period(posts):
    """No post published in the period: NaN with a note."""
    _assert_nan_with_note(compute("engagement_rate", posts, EMPTY))


# --- campaign_participation ----------------------------------------------------------------------


@pytest.fixture
def audience():
    """A coupon and an ad campaign starting in March, one from February; east and south customers."""
    rows = [
        ("M0001", "C000001", True),
        ("M0001", "C000002", False),
        ("M0001", "C000003", True),
        ("M0001", "C000004", False),
        ("M0002", "C000001", True),
        ("M0002", "C000003", False),
        ("M0002", "C000004", False),
        ("M0003", "C000001", True),  # February campaign
        ("M0003", "C000002", True),
    ]
    return company(
        customers=[
            {"customer_id": "C000001", "region": "east"},
            {"customer_id": "C000002", "region": "east"},
            {"customer_id": "C000003", "region": "south"},
            {"customer_id": "C000004", "region": "south"},
        ],
        campaigns=[
            {"campaign_id": "M0001", "kind": "coupon", "channel": None, "start_date": "2025-03-01"},
            {
                "campaign_id": "M0002",
                "kind": "ads",
                "channel": "douyin",
                "start_date": "2025-03-10",
            },
            {
                "campaign_id": "M0003",
                "kind": "activity",
                "channel": None,
                "start_date": "2025-02-20",
                "end_date": "2025-03-05",
            },
        ],
        campaign_audience=[
            {"campaign_id": m, "customer_id": c, "participated": p} for m, c, p in rows
        ],
    )


def test_campaign_participation_uncut(audience):
    """Participants ÷ targeted customers over campaigns starting in March."""
    assert value("campaign_participation", audience, MARCH) == pytest.approx(3 / 7)  # (2+1)/(4+3)


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("campaign", {"M0001": 2 / 4, "M0002": 1 / 3}),
        ("region", {"east": 2 / 3, "south": 1 / 4}),  # east: C1✓ C2✗ C1✓; south: C3✓ C4✗ C3✗ C4✗
        ("channel", {"douyin": 1 / 3}),  # the coupon has no ad channel
    ],
)
def test_campaign_participation_cut(audience, by, expected):
    """Each group's participants ÷ its targeted customers."""
    got = compute("campaign_participation", audience, MARCH, by=by)["value"].to_dict()
    assert got == {k: pytest.approx(v) for k, v in expected.items()}


def test_campaign_participation_empty_period(audience):
    """No campaign starts in the period: NaN with a note."""
    _assert_nan_with_note(compute("campaign_participation", audience, EMPTY))
