"""Stock, replenishment and lost sales: schema, bookkeeping, realism and the two stock levers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sim_world import run_orders, small_world

from generator.indicators import compute, value
from generator.schema import validate
from generator.sim.consumer import Hooks
from generator.sim.inventory import StockPolicy, best_sellers, finish_inventory, fulfil_hook
from generator.world import World

PEAKS = (("2025-06-01", "2025-06-19"), ("2025-11-01", "2025-11-12"))
CUSTOMERS = 1500


def simulate(seed: int = 0, customers: int = CUSTOMERS, months: int = 12, setup=None) -> World:
    world = small_world(seed, customers, months)
    if setup is not None:
        setup(world)
    run_orders(world, Hooks(fulfil=fulfil_hook(StockPolicy())))
    finish_inventory(world)
    return world


@pytest.fixture(scope="module")
def base() -> World:
    return simulate()


def _sold(world: World) -> pd.DataFrame:
    """Units taken from stock per (date, SKU): every delivered line, whatever happened later."""
    lines = world.tables["order_lines"].merge(world.tables["orders"], on="order_id")
    lines["date"] = lines["ordered_at"].dt.normalize()
    return lines.groupby(["date", "sku_id"])["quantity"].sum()


def test_inventory_daily_is_schema_valid_with_products(base):
    tables = {k: base.tables[k] for k in ("products", "inventory_daily", "orders", "order_lines",
                                          "customers")}  # fmt: skip
    assert validate(tables) == []
    inv = base.tables["inventory_daily"]
    assert inv["date"].nunique() == base.period.days
    assert not inv.duplicated(["date", "sku_id"]).any()


def test_stock_balance_and_lost_lines_only_when_short(base):
    state = base.hidden["inventory"]
    inv = base.tables["inventory_daily"].set_index(["date", "sku_id"])["on_hand"]
    grid = inv.unstack("sku_id").reindex(columns=state.sku_id)
    days = len(grid)
    arrivals = pd.DataFrame(state.arrivals[:days], index=grid.index, columns=state.sku_id)
    sold = _sold(base).unstack("sku_id").reindex(index=grid.index, columns=state.sku_id)
    sold = sold.fillna(0)
    # End stock = previous end stock + deliveries − units served, on every day a SKU is on sale.
    both = grid.notna() & grid.shift(1).notna()
    expected = grid.shift(1) + arrivals - sold
    assert ((grid == expected) | ~both).all().all()
    assert both.sum().sum() > 0.9 * grid.notna().sum().sum()
    # A line was lost only when the stock left that day was smaller than the demand lost.
    lost = base.hidden["lost_sales"].set_index(["date", "sku_id"])
    assert lost["units"].sum() > 0
    left = inv.reindex(lost.index)
    assert (left.dropna() < lost.loc[left.notna(), "units"]).all()


def test_same_seed_same_bytes():
    a, b = simulate(3, 400, 6), simulate(3, 400, 6)
    for name in ("inventory_daily", "orders", "order_lines"):
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name])
    pd.testing.assert_frame_equal(a.hidden["lost_sales"], b.hidden["lost_sales"])


def test_stockouts_lose_orders(base):
    unconstrained = small_world(0, CUSTOMERS, 12)
    run_orders(unconstrained)
    lost_units = int(base.hidden["lost_sales"]["units"].sum())
    gap = unconstrained.tables["order_lines"]["quantity"].sum()
    gap -= base.tables["order_lines"]["quantity"].sum()
    assert 0 < lost_units <= gap
    assert len(base.hidden["lost_orders"]) > 0
    assert len(base.tables["orders"]) < len(unconstrained.tables["orders"])


def test_baseline_stockout_rate_and_turnover_are_retail_like(base):
    assert 0.005 <= value("stockout_rate", base.tables, "2025") <= 0.06
    quiet = [value("stockout_rate", base.tables, m) for m in ("2025-03", "2025-08", "2025-09")]
    assert 0.0 < np.mean(quiet) <= 0.06
    assert 4.0 <= value("inventory_turnover", base.tables, "2025") <= 12.0


def _restock(world: World) -> None:
    for start, end in PEAKS:
        world.levers.pull("restock", 0.3, pd.Timestamp(start), pd.Timestamp(end),
                          best_seller="yes")  # fmt: skip


def _top_share_in_peak(world: World) -> float:
    traits = world.hidden["products"]
    category = world.tables["products"]["category"].to_numpy()
    top = traits.loc[best_sellers(category, traits["popularity"].to_numpy()), "sku_id"]
    lines = world.tables["order_lines"].merge(world.tables["orders"], on="order_id")
    peak = lines.loc[(lines["promo_phase"] == "peak") & (lines["status"] == "paid")]
    return peak.loc[peak["sku_id"].isin(top), "quantity"].sum() / peak["quantity"].sum()


@pytest.mark.parametrize("seed", [0, 1])
def test_restock_lever_starves_best_sellers_in_peak(seed, base):
    plain = base if seed == 0 else simulate(seed)
    short = simulate(seed, setup=_restock)
    for month in ("2025-06", "2025-11"):
        assert value("stockout_rate", short.tables, month) > value(
            "stockout_rate", plain.tables, month
        )
    assert _top_share_in_peak(short) < _top_share_in_peak(plain) - 0.02
    # Outside the peaks nothing changes before June.
    pd.testing.assert_frame_equal(
        compute("stockout_rate", short.tables, ("2025-01-01", "2025-05-01")),
        compute("stockout_rate", plain.tables, ("2025-01-01", "2025-05-01")),
    )


def test_overstock_with_falling_demand_piles_up_slow_stock():
    def setup(world: World) -> None:
        start = pd.Timestamp("2025-03-01")
        world.levers.pull("overstock", 3.0, start, category=category)
        world.levers.pull("category_demand", 0.5, start, category=category)

    plain = simulate(0, 600)
    category = plain.tables["products"]["category"].value_counts().index[0]
    piled = simulate(0, 600, setup=setup)

    def slow(world: World) -> float:
        return float(np.mean([
            compute("slow_moving_share", world.tables, f"2025-{m:02d}", by="category")
            .loc[category, "value"] for m in range(6, 13)
        ]))  # fmt: skip

    def turnover(world: World) -> float:
        res = compute("inventory_turnover", world.tables, "2025-03-01/2026-01-01", by="category")
        return float(res.loc[category, "value"])

    assert slow(piled) > slow(plain)
    assert turnover(piled) < 0.5 * turnover(plain)
    # Other categories keep their turnover (within noise).
    other = plain.tables["products"]["category"].value_counts().index[1]
    res_p = compute("inventory_turnover", plain.tables, "2025", by="category").loc[other, "value"]
    res_s = compute("inventory_turnover", piled.tables, "2025", by="category").loc[other, "value"]
    assert abs(res_s / res_p - 1) < 0.25


def test_discontinued_sells_down_and_new_sku_starts_at_launch():
    def setup(world: World) -> None:
        products = world.tables["products"].copy()
        traits = world.hidden["products"]
        top = traits.sort_values("popularity", ascending=False)["sku_id"].iloc[[0, 1]].tolist()
        products.loc[products["sku_id"] == top[0], "status"] = "discontinued"
        products.loc[products["sku_id"] == top[1], "launched_at"] = pd.Timestamp("2025-02-10")
        world.tables["products"] = products
        world.hidden["picked"] = top

    world = simulate(0, 600, 6, setup=setup)
    gone, new = world.hidden["picked"]
    inv = world.tables["inventory_daily"]
    old = inv.loc[inv["sku_id"] == gone].sort_values("date")
    assert len(old) < world.period.days
    assert (old["on_hand"].diff().dropna() <= 0).all()  # never replenished
    assert (old["on_hand"] > 0).all()  # leaves the active set when sold out
    fresh = inv.loc[inv["sku_id"] == new]
    assert fresh["date"].min() == pd.Timestamp("2025-02-10")
    assert fresh["on_hand"].iloc[0] > 0


def test_best_sellers_are_the_top_of_each_category():
    category = np.array(["a"] * 40 + ["b"] * 3)
    popularity = np.concatenate([np.linspace(1, 40, 40), [5.0, 9.0, 1.0]])
    best = best_sellers(category, popularity)
    assert best.sum() == 3  # two of 40 in a, one of 3 in b
    assert best[38] and best[39] and best[41]


def test_policy_is_validated():
    with pytest.raises(ValueError, match="review_days"):
        StockPolicy(review_days=0)
