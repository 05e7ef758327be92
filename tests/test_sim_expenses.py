"""The expense ledger: schema, numbering, ad spend carried exactly, realism and cost drivers."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from builders import frame
from sim_world import RETAIL_ORDERS, small_world

from generator.config import make_config
from generator.indicators import compute, value
from generator.schema import TABLES, validate
from generator.sim import marketing, service
from generator.sim.consumer import Hooks, run_consumer
from generator.sim.expenses import (
    B2B_EXPENSES,
    HOTEL_EXPENSES,
    RETAIL_EXPENSES,
    ExpenseModel,
    simulate_expenses,
)
from generator.sim.inventory import StockPolicy, finish_inventory, fulfil_hook
from generator.sim.staff import TeamSpec, build_employees
from generator.world import World


def shop(seed: int = 0, customers: int = 1500, months: int = 12) -> World:
    """An online shop with orders, stock, tickets and ads, then its expenses."""
    world = small_world(seed, customers, months)
    teams = [TeamSpec(t, "support_agent", 3) for t in service.ECOMMERCE_SERVICE.teams]
    build_employees(world, teams)
    ads = marketing.MarketingModel()
    marketing.build_campaigns(world, ads)
    hooks = Hooks(
        assign=marketing.assign_hook(ads),
        fulfil=fulfil_hook(StockPolicy()),
        service=service.service_hook(service.ECOMMERCE_SERVICE),
    )
    run_consumer(world, RETAIL_ORDERS, hooks)
    service.finish_service(world)
    finish_inventory(world)
    marketing.finish_marketing(world)
    simulate_expenses(world, RETAIL_EXPENSES)
    return world


@pytest.fixture(scope="module")
def world() -> World:
    return shop()


def test_ledger_is_schema_valid_and_numbered_in_date_order(world):
    assert validate(world.tables) == []
    e = world.tables["expenses"]
    assert e["expense_id"].tolist() == [f"X{i + 1:07d}" for i in range(len(e))]
    assert e["date"].is_monotonic_increasing
    assert not e.duplicated(["date", "category", "channel", "campaign_id", "store_id"]).any()
    assert (e["date"] >= world.start).all() and (e["date"] < world.end).all()
    assert set(e["category"]) == {"marketing", "logistics", "customer_service", "sales", "other"}


def test_marketing_rows_are_the_ad_spend_exactly(world):
    e = world.tables["expenses"]
    ads = e.loc[e["campaign_id"].notna()]
    assert (ads["category"] == "marketing").all()
    spend = world.hidden["ad_spend"]
    booked = ads.groupby("campaign_id")["amount"].sum()
    planned = spend.loc[spend["date"] < world.end].groupby("campaign_id")["spend"].sum()
    pd.testing.assert_series_equal(booked.sort_index(), planned.sort_index(), check_names=False,
                                   check_index_type=False, rtol=0, atol=1e-6)  # fmt: skip
    day = ads.merge(spend, left_on=["date", "campaign_id"], right_on=["date", "campaign_id"])
    assert len(day) == len(ads) and (day["amount"] == day["spend"]).all()
    assert (day["channel_x"] == day["channel_y"]).all()
    # ROAS reads the same spend back.
    assert value("roas", world.tables, "2025") > 0


def test_same_inputs_same_ledger(world):
    before = world.tables["expenses"]
    simulate_expenses(world, RETAIL_EXPENSES)
    pd.testing.assert_frame_equal(before, world.tables["expenses"])
    a, b = shop(5, 400, 6), shop(5, 400, 6)
    pd.testing.assert_frame_equal(a.tables["expenses"], b.tables["expenses"])


def test_retail_expense_ratio_and_margins_are_realistic(world):
    ratio = value("expense_ratio", world.tables, "2025")
    assert 0.15 <= ratio <= 0.35
    by = compute("expense_ratio", world.tables, "2025", by="category")["value"]
    assert 0.03 < by["marketing"] < 0.15 and 0.01 < by["logistics"] < 0.08
    assert 0.0 < value("net_margin", world.tables, "2025") < 0.3
    # Fixed costs weigh most in the Spring Festival lull and least in the 双11 month.
    assert value("expense_ratio", world.tables, "2025-02") > value(
        "expense_ratio", world.tables, "2025-11"
    )


def test_costs_follow_their_drivers(world):
    def by_category(model: ExpenseModel) -> pd.Series:
        simulate_expenses(world, model)
        return world.tables["expenses"].groupby("category")["amount"].sum()

    base = by_category(RETAIL_EXPENSES)
    r = RETAIL_EXPENSES
    dearer = by_category(
        replace(r, logistics_per_order=2 * r.logistics_per_order,
                logistics_per_unit=2 * r.logistics_per_unit, return_per_order=2 * r.return_per_order)
    )  # fmt: skip
    assert dearer["logistics"] == pytest.approx(2 * base["logistics"], rel=0.02)
    assert dearer.drop("logistics").equals(base.drop("logistics"))
    # More contacts per ticket cost more customer service.
    simulate_expenses(world, RETAIL_EXPENSES)
    tickets = world.tables["support_tickets"]
    tickets = tickets.loc[tickets["created_at"] < world.end]
    expected = r.service_per_ticket * len(tickets)
    expected += r.service_per_contact * (tickets["contacts"] - 1).sum()
    assert base["customer_service"] == pytest.approx(expected, rel=0.02)


def _hand_world() -> World:
    world = World(make_config(seed=1, months=6), 100)
    world.tables["stores"] = frame("stores", [
        {"store_id": "S001", "rooms": 100, "opened_at": "2020-01-01"},
        {"store_id": "S002", "rooms": 300, "opened_at": "2025-03-15"},
    ])  # fmt: skip
    world.tables["orders"] = frame("orders", [
        {"order_id": "O00000001", "customer_id": "C000001", "store_id": "S001",
         "ordered_at": "2025-01-05 10:00", "paid_at": "2025-01-05 10:01", "channel": "ota"},
        {"order_id": "O00000002", "customer_id": "C000001", "store_id": "S001",
         "ordered_at": "2025-02-05 10:00", "paid_at": "2025-02-05 10:01", "channel": "direct"},
    ])  # fmt: skip
    world.tables["order_lines"] = frame("order_lines", [
        {"order_id": "O00000001", "sku_id": "P00001", "quantity": 2, "unit_price": 300.0,
         "amount": 600.0},
        {"order_id": "O00000002", "sku_id": "P00001", "quantity": 1, "unit_price": 600.0,
         "amount": 600.0},
    ])  # fmt: skip
    world.tables["leads"] = frame("leads", [
        {"lead_id": f"L{i:06d}", "prospect_id": f"Q{i:06d}", "prospect_name": "x",
         "source": src, "rep_id": "E0001", "created_at": when}
        for i, (src, when) in enumerate([("exhibition", "2024-12-20 10:00"),
                                         ("exhibition", "2025-01-10 10:00"),
                                         ("exhibition", "2025-01-11 10:00"),
                                         ("referral", "2025-03-02 09:00")], start=1)
    ])  # fmt: skip
    return world


def test_fixed_costs_split_by_rooms_and_commission_by_channel():
    world = _hand_world()
    simulate_expenses(world, replace(HOTEL_EXPENSES, noise=0.0))
    e = world.tables["expenses"]
    other = e.loc[e["category"] == "other"]
    # Fixed costs are a share of the mean monthly sales over every simulated month.
    monthly = HOTEL_EXPENSES.fixed_share * 1200.0 / len(world.months())
    jan = other.loc[other["date"] == pd.Timestamp("2025-01-31")]
    assert jan["store_id"].tolist() == ["S001"]  # S002 was not open yet
    assert jan["amount"].item() == pytest.approx(round(monthly * 0.25, 2))
    apr = other.loc[other["date"] == pd.Timestamp("2025-04-30")].set_index("store_id")["amount"]
    assert apr["S002"] == pytest.approx(3 * apr["S001"], abs=0.01)
    fee = e.loc[e["category"] == "sales"]
    assert fee["amount"].tolist() == [pytest.approx(0.13 * 600.0)]  # only the OTA booking
    assert fee["store_id"].tolist() == ["S001"]


def test_sales_costs_per_lead_source_and_month():
    world = _hand_world()
    simulate_expenses(world, replace(B2B_EXPENSES, noise=0.0))
    e = world.tables["expenses"]
    sales = e.loc[e["category"] == "sales"].set_index(["date", "channel"])["amount"]
    jan = pd.Timestamp("2025-01-31")
    assert sales[(jan, "exhibition")] == pytest.approx(2 * 1_800.0 + 20_000.0)  # Dec lead excluded
    assert sales[(pd.Timestamp("2025-03-31"), "referral")] == pytest.approx(300.0)
    assert (jan, "referral") not in sales.index  # no lead and no retainer: no item
    assert sales[(pd.Timestamp("2025-02-28"), "partner")] == pytest.approx(8_000.0)
    res = compute("sales_cost_ratio", world.tables, "2025-01", by="channel")
    assert res.loc["exhibition", "denominator"] == 0  # nothing signed: NaN with a reason


def test_model_is_validated():
    with pytest.raises(ValueError, match="category"):
        ExpenseModel(commission_category="rent")
    with pytest.raises(ValueError):
        ExpenseModel(commission={"tmall": -0.1})


def test_no_activity_gives_an_empty_valid_ledger():
    world = World(make_config(seed=0, months=6), 100)
    simulate_expenses(world, RETAIL_EXPENSES)
    e = world.tables["expenses"]
    assert e.empty and list(e.columns) == list(TABLES["expenses"].column_names)
    assert validate({"expenses": e}) == []
    assert np.isnan(value("expense_ratio", {**world.tables, **_empty_sales()}, "2025-01"))


def _empty_sales() -> dict[str, pd.DataFrame]:
    return {name: frame(name, []) for name in ("orders", "order_lines", "products")}
