"""Support tickets and surveys: schema, determinism, realism and the causal chain of the levers."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from sim_world import run_orders, small_world

from generator.indicators import compute, value
from generator.schema import validate
from generator.schema.frames import conform
from generator.sim.consumer import Hooks
from generator.sim.service import (
    ECOMMERCE_SERVICE,
    HOTEL_SERVICE,
    ServiceModel,
    finish_service,
    service_hook,
)
from generator.sim.staff import TeamSpec, build_employees

START = pd.Timestamp("2025-04-01")
BEFORE, AFTER = "2025-01-01/2025-04-01", "2025-04-01/2026-01-01"
TABLES = ("customers", "products", "employees", "orders", "order_lines", "support_tickets",
          "survey_responses")  # fmt: skip
#: More tickets and surveys than a real shop, so that a year of a test-sized shop has the power
#: to show a lever's effect on one team or category.
BUSY = dataclasses.replace(ECOMMERCE_SERVICE, ticket_rate=0.2, ticket_survey_rate=0.5)
STORES = ("S001", "S002", "S003", "S004")


def simulate(seed, customers, months, model: ServiceModel, levers=(), hotel=False, **config):
    world = small_world(seed, customers, months, **config)
    teams = [TeamSpec(t, "support_agent", 6) for t in model.teams]
    if hotel:
        teams = [TeamSpec("front_desk", "support_agent", 2, store_id=s) for s in STORES] + [
            t for t in teams if t.team != "front_desk"
        ]
        world.tables["stores"] = conform("stores", {
            "store_id": STORES, "name": [f"酒店{s}" for s in STORES], "kind": ["hotel"] * 4,
            "region": ["east"] * 4, "province": ["上海市"] * 4, "city": ["上海市"] * 4,
            "opened_at": ["2020-01-01"] * 4, "rooms": [120] * 4})  # fmt: skip
    build_employees(world, teams)
    for name, factor, where in levers:
        world.levers.pull(name, factor, START, **where)
    assign = _assign_store if hotel else None
    run_orders(world, Hooks(assign=assign, service=service_hook(model)))
    finish_service(world)
    return world


def _assign_store(world, m, month, rows):
    return rows.assign(store_id=np.array(STORES, dtype=object)[rows["cidx"].to_numpy() % 4])


def by(world, indicator, period, dim):
    return compute(indicator, world.tables, period, by=dim)["value"]


@pytest.fixture(scope="module")
def shop():
    return simulate(3, 3000, 12, ECOMMERCE_SERVICE)


@pytest.fixture(scope="module")
def busy():
    return simulate(5, 6000, 12, BUSY)


@pytest.fixture(scope="module")
def slow():
    return simulate(5, 6000, 12, BUSY, [("response_delay", 4.0, {"team": "online"})])


@pytest.fixture(scope="module")
def repeat():
    return simulate(5, 6000, 12, BUSY, [("repeat_contact", 2.5, {"category": "delivery"})])


def test_tables_are_schema_valid(shop):
    assert validate({t: shop.tables[t] for t in TABLES}) == []
    tickets, surveys = shop.tables["support_tickets"], shop.tables["survey_responses"]
    assert (
        tickets["ticket_id"].is_monotonic_increasing
        and tickets["created_at"].is_monotonic_increasing
    )
    assert surveys["responded_at"].is_monotonic_increasing
    answered = tickets["first_response_at"].notna()
    assert (tickets.loc[answered, "first_response_at"] > tickets.loc[answered, "created_at"]).all()
    resolved = tickets["resolved_at"].notna()
    assert (
        tickets.loc[resolved, "resolved_at"] >= tickets.loc[resolved, "first_response_at"]
    ).all()
    orders = shop.tables["orders"].set_index("order_id")
    placed = orders["ordered_at"].reindex(tickets["order_id"]).to_numpy()
    assert (tickets["created_at"].to_numpy() > placed).all()
    linked = surveys.dropna(subset=["ticket_id"])
    t = tickets.set_index("ticket_id")
    assert (linked["responded_at"].to_numpy() > t["resolved_at"].reindex(linked["ticket_id"])).all()
    assert (t["customer_id"].reindex(linked["ticket_id"]).to_numpy() == linked["customer_id"]).all()
    # Order surveys ask the model's sub-scores; ticket surveys only about service.
    orders_only = surveys["ticket_id"].isna()
    for k in ECOMMERCE_SERVICE.sub_scores:
        assert surveys.loc[orders_only, k].notna().all()
    assert surveys.loc[~orders_only, "delivery"].isna().all()
    assert surveys[["cleanliness", "location"]].isna().all().all()


def test_same_seed_same_frames():
    a, b = (simulate(11, 600, 6, ECOMMERCE_SERVICE) for _ in range(2))
    for table in ("support_tickets", "survey_responses"):
        pd.testing.assert_frame_equal(a.tables[table], b.tables[table])
        assert len(a.tables[table]) > 20
    c = simulate(12, 600, 6, ECOMMERCE_SERVICE)
    assert not a.tables["support_tickets"].equals(c.tables["support_tickets"])


def test_realism_bands(shop):
    data, year = shop.tables, "2025"
    surveys = data["survey_responses"]
    share = surveys["csat"].value_counts(normalize=True)
    assert 0.6 < value("csat", data, year) < 0.9
    assert share.idxmax() == 5 and share[1] > share[2]  # J-shaped
    assert 0.6 < value("first_contact_resolution", data, year) < 0.85
    assert 5 < value("first_response_time", data, year) < 60
    assert 0.85 < value("resolution_rate", data, year) < 0.98
    assert 0.1 < data["support_tickets"]["is_complaint"].mean() < 0.35
    assert (
        0.04 < len(data["support_tickets"]) / (data["orders"]["status"] != "cancelled").sum() < 0.15
    )
    assert 0 < value("nps", data, year) < 70
    # NPS agrees with CSAT: every promoter scored 4-5, every 1-2 is a detractor.
    assert (surveys.loc[surveys["nps"] >= 9, "csat"] >= 4).all()
    assert (surveys.loc[surveys["csat"] <= 2, "nps"] <= 6).all()
    assert surveys["service"].astype(float).corr(surveys["csat"].astype(float)) > 0.5
    assert 0.03 < surveys["comment"].notna().mean() < 0.3
    assert surveys["comment"].dropna().str.contains(r"[\u4e00-\u9fff]").all()


def test_slow_team_answers_later_scores_lower_and_loses_customers(busy, slow):
    frt_before = by(slow, "first_response_time", BEFORE, "team")
    frt_after = by(slow, "first_response_time", AFTER, "team")
    growth = frt_after / frt_before
    assert growth["online"] > 2.5
    assert growth["online"] > 2 * growth.drop("online").max()
    assert frt_after["online"] > 2 * by(busy, "first_response_time", AFTER, "team")["online"]
    # Its customers are less satisfied with the service than before and than without the lever.
    csat_slow, csat_busy = by(slow, "csat", AFTER, "team"), by(busy, "csat", AFTER, "team")
    assert csat_slow["online"] < csat_busy["online"] - 0.04
    change = csat_slow - by(slow, "csat", BEFORE, "team")
    assert change["online"] < change.drop("online").mean() - 0.04
    assert (
        by(slow, "first_contact_resolution", AFTER, "team")["online"]
        < (by(busy, "first_contact_resolution", AFTER, "team")["online"])
    )
    # ...and more of them leave: the runs are identical until the lever starts.
    churned = [w.hidden["customers"]["churned_at"] for w in (busy, slow)]
    assert (churned[0] < START).sum() == (churned[1] < START).sum()
    assert churned[1].notna().sum() > churned[0].notna().sum() + 20


def test_repeat_contact_lowers_first_contact_resolution(busy, repeat):
    fcr = by(repeat, "first_contact_resolution", AFTER, "category")
    assert (
        fcr["delivery"] < by(busy, "first_contact_resolution", AFTER, "category")["delivery"] - 0.1
    )
    assert (
        fcr["delivery"]
        < by(repeat, "first_contact_resolution", BEFORE, "category")["delivery"] - 0.1
    )
    others = fcr.drop("delivery")
    assert fcr["delivery"] < others.min()


def test_hotel_cleanliness_lever_hits_one_hotel():
    world = simulate(
        7, 3000, 12, dataclasses.replace(HOTEL_SERVICE, ticket_survey_rate=0.4),
        [("cleanliness", 4.0, {"store": "S002"})], hotel=True,
    )  # fmt: skip
    data = world.tables
    assert validate({t: data[t] for t in (*TABLES, "stores")}) == []
    tickets, surveys = data["support_tickets"], data["survey_responses"]
    assert tickets["store_id"].notna().all() and surveys["store_id"].notna().all()
    # Front-desk tickets are handled by the hotel's own front desk.
    desk = tickets.loc[tickets["team"] == "front_desk"]
    staff = data["employees"].set_index("employee_id")["store_id"]
    assert (staff.reindex(desk["agent_id"]).to_numpy() == desk["store_id"].to_numpy()).all()
    after = surveys.loc[surveys["responded_at"] >= START + pd.Timedelta(days=14)]
    clean = after.groupby("store_id")["cleanliness"].mean()
    assert clean["S002"] < clean.drop("S002").min() - 0.3
    late = tickets.loc[tickets["created_at"] >= START]
    share = late.groupby("store_id")["category"].apply(lambda c: (c == "cleanliness").mean())
    assert share["S002"] > 1.5 * share.drop("S002").max()
    rate = by(world, "complaint_rate", AFTER, "store")
    assert rate["S002"] > 1.5 * rate.drop("S002").max()
    assert surveys["comment"].dropna().str.len().gt(0).all()


def test_quality_and_delivery_levers_pull_their_own_sub_scores():
    world = small_world(9, 3000, 12)
    top = world.tables["products"]["category"].value_counts().index[0]
    build_employees(world, [TeamSpec(t, "support_agent", 6) for t in ECOMMERCE_SERVICE.teams])
    world.levers.pull("quality_issue", 3.0, START, category=top)
    world.levers.pull("delivery_delay", 3.0, START, region="east")
    run_orders(world, Hooks(service=service_hook(ECOMMERCE_SERVICE)))
    finish_service(world)
    data = world.tables
    first = data["order_lines"].loc[lambda f: f["line_no"] == 1, ["order_id", "sku_id"]]
    first = first.merge(data["products"][["sku_id", "category"]], on="sku_id")
    region = data["customers"][["customer_id", "region"]]
    s = data["survey_responses"].merge(first, on="order_id").merge(region, on="customer_id")
    late = s.loc[(s["responded_at"] >= START + pd.Timedelta(days=14)) & s["ticket_id"].isna()]
    # A planted cause lowers every score a little (halo) and its own sub-score much more.
    drop = late.groupby(late["category"] == top)[["product_quality", "delivery"]].mean().diff()
    assert drop.loc[True, "product_quality"] < min(-0.5, drop.loc[True, "delivery"] - 0.4)
    drop = late.groupby(late["region"] == "east")[["delivery", "product_quality"]].mean().diff()
    assert drop.loc[True, "delivery"] < min(-0.5, drop.loc[True, "product_quality"] - 0.4)
    t = data["support_tickets"].merge(first, on="order_id")
    t = t.loc[t["created_at"] >= START]
    hit = t["category_x"].isin(["product_quality", "return_refund"])
    share = hit.groupby(t["category_y"] == top).mean()
    assert share[True] > share[False] + 0.15


def test_english_comments_and_experience_feedback():
    world = simulate(13, 600, 6, BUSY, locale="en_US")
    comments = world.tables["survey_responses"]["comment"].dropna()
    assert len(comments) > 5
    assert not comments.str.contains(r"[\u4e00-\u9fff]").any()
    # Bad tickets left customers with a negative experience that the churn hazard reads.
    assert world.hidden["customers"]["experience"].min() < -0.3
