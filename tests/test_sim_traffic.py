"""Web sessions: schema, determinism, one converting visit per online order, realism, levers."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest
from sim_world import run_orders, small_world

from generator.indicators import compute, value
from generator.schema import validate
from generator.sim.consumer import Hooks
from generator.sim.inventory import StockPolicy, fulfil_hook
from generator.sim.traffic import TrafficModel, _distinct, _draw, _stable_order, simulate_traffic
from generator.world import World

CUSTOMERS, MONTHS = 600, 6
BEFORE, AFTER = "2025-01-01/2025-03-01", "2025-03-01/2025-07-01"
LOST_DAY = pd.Timestamp("2025-06-10")


@cache
def traffic(
    seed: int = 0,
    lever: tuple[str, float, str, str, str] | None = None,
    lost: str | None = None,
    shuffle: bool = False,
    stock: bool = False,
) -> World:
    """A simulated 6-month shop with its web sessions (cached: tests only read it)."""
    world = small_world(seed, CUSTOMERS, MONTHS)
    if lever is not None:
        name, factor, start, column, wanted = lever
        world.levers.pull(name, factor, pd.Timestamp(start), **{column: wanted})
    rows = run_orders(world, Hooks(fulfil=fulfil_hook(StockPolicy())) if stock else None)
    if lost == "frame":
        world.hidden["lost_sales"] = pd.DataFrame({"date": [LOST_DAY], "lost_orders": [300]})
    elif lost == "series":
        world.hidden["lost_sales"] = pd.Series([300], index=[LOST_DAY])
    if shuffle:
        rows = rows.sample(frac=1.0, random_state=7)
    simulate_traffic(world, rows, TrafficModel())
    return world


def sessions(world: World) -> pd.DataFrame:
    return world.tables["web_sessions"]


def by(indicator: str, world: World, period: str, dim: str) -> dict:
    return compute(indicator, world.tables, period, by=dim)["value"].to_dict()


def test_schema_valid_with_orders_and_customers():
    """The sessions table is schema-exact and its customer and order keys exist."""
    world = traffic()
    names = ("customers", "products", "orders", "order_lines", "web_sessions")
    assert validate({name: world.tables[name] for name in names}) == []
    assert len(sessions(world)) > 10_000


def test_deterministic_and_independent_of_row_order():
    """Same seed → identical sessions, whatever the order of the input rows; another seed differs."""
    pd.testing.assert_frame_equal(sessions(traffic()), sessions(traffic(shuffle=True)))
    again = small_world(0, CUSTOMERS, MONTHS)
    simulate_traffic(again, run_orders(again), TrafficModel())
    pd.testing.assert_frame_equal(sessions(traffic()), sessions(again))
    assert (
        not sessions(traffic(1))["visitor_id"]
        .head(50)
        .equals(sessions(traffic())["visitor_id"].head(50))
    )


def test_every_online_order_has_exactly_one_converting_session():
    """Each online order (any status) has one session by its customer, on its channel and device,
    started minutes before the order; no other session carries an order."""
    world = traffic()
    s = sessions(world)
    orders = world.tables["orders"]
    online = orders.loc[orders["device"].notna()]
    buying = s.loc[s["order_id"].notna()]
    assert buying["order_id"].is_unique
    assert set(buying["order_id"]) == set(online["order_id"])
    paid = online.loc[online["status"] == "paid", "order_id"]
    assert paid.isin(buying["order_id"]).all()
    both = buying.merge(online, on="order_id", suffixes=("", "_o"))
    assert len(both) == len(online)
    for col in ("customer_id", "channel", "device"):
        assert (both[col] == both[f"{col}_o"]).all(), col
    lead = both["ordered_at"] - both["started_at"]
    assert (lead >= pd.Timedelta(0)).all()
    assert (lead <= pd.Timedelta(hours=2)).all()
    assert (both["page_views"] >= 2).all()


def test_visitors_sessions_and_bounces_are_coherent():
    """A visitor id belongs to at most one customer, each customer keeps one visitor id, bounced
    sessions never convert, and session ids follow the start time."""
    s = sessions(traffic())
    known = s.loc[s["customer_id"].notna()]
    assert (known.groupby("customer_id")["visitor_id"].nunique() == 1).all()
    assert (known.groupby("visitor_id")["customer_id"].nunique() == 1).all()
    assert s.loc[s["page_views"] == 1, "order_id"].isna().all()
    assert s["started_at"].is_monotonic_increasing
    assert s["session_id"].iloc[0] == "W000000001"
    assert s["session_id"].is_unique
    # Anonymous visitors exist and outnumber the logged-in ones (most browsers never log in).
    assert 0.05 < s["customer_id"].notna().mean() < 0.5


@pytest.mark.parametrize("seed", [0, 1])
def test_realism_bands(seed):
    """Monthly conversion 1–4 %, bounce 30–55 %, and 25–100 sessions per order."""
    world = traffic(seed)
    period = "2025-01-01/2025-07-01"
    conversion = compute("conversion_rate", world.tables, period, by="month")["value"]
    bounce = compute("bounce_rate", world.tables, period, by="month")["value"]
    assert conversion.between(0.01, 0.04).all(), conversion.to_dict()
    assert bounce.between(0.30, 0.55).all(), bounce.to_dict()
    assert 25 <= len(sessions(world)) / len(world.tables["orders"]) <= 100


def test_bounce_lever_raises_one_device_after_its_start():
    """bounce ×1.8 on mobile_web from March: that device's bounce jumps; the others do not move."""
    base = traffic()
    hit = traffic(lever=("bounce", 1.8, "2025-03-01", "device", "mobile_web"))
    before, after = (
        by("bounce_rate", hit, BEFORE, "device"),
        by("bounce_rate", hit, AFTER, "device"),
    )
    usual = by("bounce_rate", base, AFTER, "device")
    assert after["mobile_web"] - before["mobile_web"] > 0.2  # about 0.45 → 0.75
    assert after["mobile_web"] - usual["mobile_web"] > 0.2
    assert before["mobile_web"] == pytest.approx(
        by("bounce_rate", base, BEFORE, "device")["mobile_web"], abs=0.01
    )
    for device in ("app", "pc", "mini_program"):
        assert abs(after[device] - before[device]) < 0.03, device
        assert abs(after[device] - usual[device]) < 0.02, device


def test_traffic_lever_lowers_conversion_of_its_channel():
    """traffic ×2 on jd from April: more jd visitors, lower jd conversion; tmall keeps its rate."""
    period = "2025-04-01/2025-07-01"
    base = traffic()
    hit = traffic(lever=("traffic", 2.0, "2025-04-01", "channel", "jd"))
    visitors = (
        by("visitors", hit, period, "channel")["jd"] / by("visitors", base, period, "channel")["jd"]
    )
    # Distinct visitors grow less than sessions: some of the extra browsers come back.
    assert visitors > 1.3
    usual, now = (
        by("conversion_rate", base, period, "channel"),
        by("conversion_rate", hit, period, "channel"),
    )
    assert now["jd"] < 0.75 * usual["jd"]
    assert now["tmall"] == pytest.approx(usual["tmall"], rel=0.15)


def test_promo_calendar_shapes_traffic():
    """618 预热 converts worse than 爆发; campaign pages rise in 大促; live streams are Douyin's."""
    world = traffic()
    warmup = value("conversion_rate", world.tables, "2025-05-20/2025-06-01")
    peak = value("conversion_rate", world.tables, "2025-06-01/2025-06-19")
    assert warmup < 0.8 * peak
    s = sessions(world)
    in_peak = s["started_at"].between("2025-06-01", "2025-06-19")
    ordinary = s["started_at"] < pd.Timestamp("2025-04-01")
    campaign = s["landing_page"] == "campaign_page"
    assert campaign[in_peak].mean() > 2 * campaign[ordinary].mean()
    live = s.loc[s["landing_page"] == "live_stream", "channel"]
    assert (live == "douyin").mean() > 0.6


@pytest.mark.parametrize("form", ["frame", "series"])
def test_lost_sales_add_browsing_that_does_not_convert(form):
    """300 orders lost to a stock-out become 300 product-page visits that day; conversion falls."""
    base, hit = traffic(), traffic(lost=form)
    assert len(sessions(hit)) - len(sessions(base)) == 300
    day = LOST_DAY.strftime("%Y-%m-%d")
    next_day = (LOST_DAY + pd.Timedelta(days=1)).strftime("%Y-%m-%d")

    def detail_browsing(world: World) -> int:
        s = sessions(world)
        on_day = s["started_at"].between(day, next_day, inclusive="left")
        browse = s["order_id"].isna() & (s["page_views"] >= 2)
        return int((on_day & browse & (s["landing_page"] == "product_detail")).sum())

    assert 270 <= detail_browsing(hit) - detail_browsing(base) <= 330  # 300 ± day noise
    june = "2025-06"
    assert value("conversion_rate", hit.tables, june) < value("conversion_rate", base.tables, june)
    assert np.array_equal(
        sessions(traffic(lost="frame"))["visitor_id"],
        sessions(traffic(lost="series"))["visitor_id"],
    )


def test_orders_lost_to_stock_outs_become_product_page_visits():
    """Each order the inventory lost is a product-page visit by its customer (logged out only
    before registering), minutes before the lost order, on its channel and device; no sale."""
    world = traffic(stock=True)
    lost = world.hidden["lost_orders"]
    assert len(lost) >= 5
    s = sessions(world)
    pairs = lost.merge(s, on=["channel", "device"], suffixes=("_lost", ""))
    lead = pairs["ordered_at"] - pairs["started_at"]
    match = pairs.loc[
        (lead >= pd.Timedelta(0))
        & (lead <= pd.Timedelta(hours=1))
        & (pairs["landing_page"] == "product_detail")
        & (pairs["page_views"] >= 2)
        & pairs["order_id"].isna()
        & ((pairs["customer_id"] == pairs["customer_id_lost"]) | pairs["customer_id"].isna())
    ]
    # Matched through the customer's own visitor id (known from their logged-in visits).
    own = s.loc[s["customer_id"].notna()].drop_duplicates("customer_id")
    own = own.set_index("customer_id")["visitor_id"]
    match = match.loc[match["visitor_id"] == own.reindex(match["customer_id_lost"]).to_numpy()]
    checkable = lost["customer_id"].isin(own.index)
    assert checkable.mean() > 0.8
    assert set(match["okey"]) == set(lost.loc[checkable, "okey"])


def test_stable_order_is_a_stable_argsort() -> None:
    rng = np.random.default_rng(0)
    times = np.datetime64("2025-01-01T00:00:00") + rng.integers(0, 50, 2000).astype(
        "timedelta64[s]"
    )  # many ties
    assert (_stable_order(times) == np.argsort(times, kind="stable")).all()
    assert len(_stable_order(times[:0])) == 0


def test_draw_counts_cumulative_weights_below_the_draw() -> None:
    rng = np.random.default_rng(1)
    table, which, u = rng.random((7, 5)), rng.integers(0, 7, 500), rng.random(500)
    cum = np.cumsum(table, axis=1)[which]
    expected = (cum <= (u * cum[:, -1])[:, None]).sum(axis=1)
    got = _draw(u, (table, which))
    assert got.dtype == np.int64 and (got == expected).all()


def test_distinct_is_unique_with_inverse() -> None:
    key = np.random.default_rng(2).integers(0, 40, 300) * 3
    rows, which = _distinct(key)
    expected_rows, expected_which = np.unique(key, return_inverse=True)
    assert (rows == expected_rows).all() and (which == expected_which).all()
