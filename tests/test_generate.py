"""Generated cases: valid, deterministic, realistic, and their answer key is exact."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from generator.answer_key import pooled
from generator.api import generate_company
from generator.config import make_config
from generator.export import save_case
from generator.indicators import REGISTRY, Period, value
from generator.output import fingerprint, read_case
from generator.registry import PROFILES, load_all
from generator.rng import CHUNK
from generator.schema import validate

load_all()
PROFILE_NAMES = sorted(PROFILES)
YEAR = "2025"


@pytest.fixture(scope="module")
def cases():
    """One small case per profile, no problem planted, indicators left to the tests."""
    return {
        name: generate_company(
            name, seed=1, size="small", problems=[], decoys=0, with_indicators=False
        )
        for name in PROFILE_NAMES
    }


@pytest.mark.parametrize("profile", PROFILE_NAMES)
def test_every_profile_writes_its_tables_and_they_are_valid(cases, profile):
    case = cases[profile]
    assert list(case.tables) == list(PROFILES[profile].tables)
    assert validate(case.tables) == []
    assert all(len(df) for df in case.tables.values())


def _hash_tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_the_same_bytes_across_processes(tmp_path):
    """Two separate processes, same config: every file identical, answer key included."""
    for run in ("a", "b"):
        subprocess.run(
            [sys.executable, "-m", "generator.cli", "generate", "--profile", "hotel_chain",
             "--seed", "5", "--size", "small", "--out", str(tmp_path / run)],
            check=True, capture_output=True,
        )  # fmt: skip
    a, b = _hash_tree(tmp_path / "a"), _hash_tree(tmp_path / "b")
    assert a == b and len(a) > 20


def test_other_seed_gives_other_data(cases):
    other = generate_company("hotel_chain", seed=2, size="small", problems=[], decoys=0,
                             with_indicators=False)  # fmt: skip
    assert not other.tables["orders"].equals(cases["hotel_chain"].tables["orders"])


def test_customers_generated_in_blocks_match_generating_at_once():
    """Customer draws are keyed by chunk: the first block is the same alone or in a bigger run."""
    from sim_world import RETAIL_MIX

    from generator.sim.customers import build_customers
    from generator.world import World

    def customers(n):
        world = World(make_config(seed=9, size=max(n, 50)), n)
        build_customers(world, RETAIL_MIX)
        return world.tables["customers"], world.hidden["customers"]

    one_block, hidden_one = customers(CHUNK)
    two_blocks, hidden_two = customers(2 * CHUNK + 17)
    pd.testing.assert_frame_equal(one_block, two_blocks.iloc[:CHUNK])
    pd.testing.assert_frame_equal(hidden_one, hidden_two.iloc[:CHUNK])


@pytest.fixture(scope="module")
def first_block_orders():
    """The orders and lines of the first chunk's customers, in a world of one chunk and of three.

    Order ids number every order of the run by time, so they differ and are left out; lines are
    matched to their order by position in the orders kept (both are in time order).
    """
    from sim_world import RETAIL_MIX, RETAIL_ORDERS

    from generator.catalog import build_products
    from generator.sim.consumer import Hooks, run_consumer
    from generator.sim.customers import build_customers
    from generator.world import World

    def first_block(n):
        world = World(make_config(seed=9, size=n), n)
        products = build_products("ecommerce_retail", 60, 9, world.start)
        world.tables["products"], world.hidden["products"] = products
        build_customers(world, RETAIL_MIX)
        run_consumer(world, RETAIL_ORDERS, Hooks())
        orders, lines = world.tables["orders"], world.tables["order_lines"]
        block = world.tables["customers"]["customer_id"].iloc[:CHUNK]
        orders = orders.loc[orders["customer_id"].isin(block)].reset_index(drop=True)
        number = pd.Series(np.arange(len(orders)), index=orders["order_id"])
        lines = lines.loc[lines["order_id"].isin(orders["order_id"])].reset_index(drop=True)
        lines = lines.assign(order_id=number.reindex(lines["order_id"]).to_numpy())
        return orders.drop(columns="order_id"), lines

    return first_block(CHUNK), first_block(2 * CHUNK + 17)


def test_orders_generated_in_blocks_match_generating_at_once(first_block_orders):
    """Order, line and payment draws are keyed by the customers' chunk: the first block's orders
    (who, when, where, what, at which discount, paid or refunded) are the same alone or in a
    bigger run."""
    (orders_one, lines_one), (orders_three, lines_three) = first_block_orders
    assert len(orders_one) > 1000
    assert set(orders_one["status"]) == {"paid", "cancelled", "refunded"}
    pd.testing.assert_frame_equal(orders_one, orders_three)
    pd.testing.assert_frame_equal(lines_one, lines_three)


def _numbered(frame: pd.DataFrame, column: str, ids: pd.Series) -> pd.DataFrame:
    """``frame`` with the ids in ``column`` replaced by their position in ``ids`` (missing: -1)."""
    number = pd.Series(np.arange(len(ids)), index=ids.to_numpy())
    return frame.assign(**{column: number.reindex(frame[column]).fillna(-1).astype(int).to_numpy()})


def test_hotel_stays_tickets_and_surveys_generated_in_blocks_match_generating_at_once():
    """A hotel chain shares no stock between guests, so every draw of its monthly loop is keyed
    by the customers' chunk: the first block's stays (hotel, payment), tickets (team, agent,
    response, complaint) and survey answers are the same alone or in a bigger run. Ids number
    the whole run by time, so they are compared as positions within the block."""
    from generator.profiles import hotel_chain
    from generator.world import World

    def first_block(n):
        world = World(make_config(profile="hotel_chain", seed=9, size="small"), n)
        hotel_chain.simulate(world)
        t = world.tables
        block = t["customers"]["customer_id"].iloc[:CHUNK]
        orders = t["orders"].loc[t["orders"]["customer_id"].isin(block)].reset_index(drop=True)
        tickets = t["support_tickets"]
        tickets = tickets.loc[tickets["customer_id"].isin(block)].reset_index(drop=True)
        surveys = t["survey_responses"]
        surveys = surveys.loc[surveys["customer_id"].isin(block)].reset_index(drop=True)
        surveys = _numbered(surveys, "ticket_id", tickets["ticket_id"])
        surveys = _numbered(surveys, "order_id", orders["order_id"]).drop(columns="response_id")
        tickets = _numbered(tickets, "order_id", orders["order_id"]).drop(columns="ticket_id")
        return orders.drop(columns="order_id"), tickets, surveys

    alone, in_bigger_run = first_block(CHUNK), first_block(2 * CHUNK + 17)
    orders, tickets, surveys = alone
    assert len(orders) > 1000 and len(tickets) > 50 and len(surveys) > 100
    assert orders["store_id"].nunique() > 1 and (surveys["ticket_id"] >= 0).any()
    for mine, theirs in zip(alone, in_bigger_run, strict=True):
        pd.testing.assert_frame_equal(mine, theirs)


def test_b2b_accounts_generated_in_blocks_match_generating_at_once():
    """A B2B account's orders, manager, interactions, tickets and contracts (dates and annual
    values) come from its chunk's streams and its own history, so the first block's are the same
    alone or in a bigger run. Leads and expenses belong to the company, not to accounts."""
    from generator.profiles import manufacturing_b2b
    from generator.world import World

    def first_block(n):
        world = World(make_config(profile="manufacturing_b2b", seed=9, size="small"), n)
        manufacturing_b2b.simulate(manufacturing_b2b.BUSINESS)(world)
        t = world.tables
        block = t["customers"]["customer_id"].iloc[:CHUNK]
        mine = {name: t[name].loc[t[name]["customer_id"].isin(block)].reset_index(drop=True)
                for name in ("orders", "interactions", "contracts", "support_tickets")}  # fmt: skip
        tickets = _numbered(mine["support_tickets"], "order_id", mine["orders"]["order_id"])
        return (
            t["customers"].iloc[:CHUNK],
            mine["orders"].drop(columns="order_id"),
            mine["interactions"].drop(columns="interaction_id"),
            mine["contracts"].drop(columns="contract_id"),
            tickets.drop(columns="ticket_id"),
        )

    alone, in_bigger_run = first_block(CHUNK), first_block(2 * CHUNK + 17)
    _, orders, interactions, contracts, tickets = alone
    assert len(orders) > 1000 and len(interactions) > 1000 and len(tickets) > 50
    assert len(contracts) > CHUNK and contracts["annual_value"].nunique() > 100
    for mine, theirs in zip(alone, in_bigger_run, strict=True):
        pd.testing.assert_frame_equal(mine, theirs)


def test_answer_key_equals_the_reference_indicators_on_the_shipped_files(tmp_path):
    """Every value in the key is what the catalogue computes from the Parquet files."""
    case = generate_company("hotel_chain", seed=3, size="small")
    out = save_case(case, tmp_path / "case")
    tables = read_case(out)
    period = Period.parse(YEAR)
    import json

    key = json.loads((out / "instructor/answer_key.json").read_text(encoding="utf-8"))
    assert key["fingerprint"] == fingerprint(out)
    assert {e["id"] for e in key["indicators"]} >= {"revenue", "csat", "complaint_rate"}
    for entry in key["indicators"]:
        ind = REGISTRY[entry["id"]]
        expect = ind.value(tables, period)
        assert entry["total"] == pytest.approx(expect, rel=1e-9, nan_ok=True) or (
            entry["total"] is None and np.isnan(expect)
        )
        months = ind.compute(tables, period, by="month")["value"]
        for month, v in entry["by_month"].items():
            got = months[month]
            assert (v is None and np.isnan(got)) or v == pytest.approx(got, rel=1e-9)
        for dim, values in entry["by_dimension"].items():
            cut = ind.compute(tables, period, by=dim)["value"]
            for seg, v in values.items():
                assert (v is None and np.isnan(cut[seg])) or v == pytest.approx(cut[seg], rel=1e-9)
    # A problem's segment and company-wide values before and after are rates over those spans.
    assert key["problems"]
    for p in key["problems"]:
        ind = REGISTRY[p["indicator"]]
        assert pooled(ind.id)
        start = pd.Timestamp(p["start"])
        stop = pd.Timestamp(p["end"]) if p["end"] else period.end
        for side, span in (("before", Period(period.start, start)), ("after", Period(start, stop))):
            segment = ind.compute(tables, span, by=p["dimension"])["value"][p["segment"]]
            assert p[side] == pytest.approx(segment, rel=1e-9)
            assert p[f"overall_{side}"] == pytest.approx(ind.value(tables, span), rel=1e-9)


def test_nothing_in_data_hints_at_the_answers(tmp_path):
    case = generate_company("ecommerce_retail", seed=2, size=800, months=6)
    out = save_case(case, tmp_path / "case")
    text = " ".join(p.read_text(encoding="utf-8") for p in (out / "data").glob("*.md"))
    for p in case.key.problems:
        assert p.id not in text and p.title_zh not in text and p.title_en not in text
    names = {p.name for p in (out / "data").iterdir()}
    assert not any("answer" in n or "key" in n for n in names)


# Realism bands, on each profile's default-sized world (sources in the issue).


def _top20_share(tables) -> float:
    lines = tables["order_lines"].merge(tables["orders"], on="order_id")
    paid = lines.loc[(lines["status"] == "paid") & Period.parse(YEAR).contains(lines["paid_at"])]
    revenue = paid.groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    return float(revenue.iloc[: max(1, len(revenue) // 5)].sum() / revenue.sum())


def _repeat_share(tables) -> float:
    orders = tables["orders"]
    paid = orders.loc[(orders["status"] == "paid") & Period.parse(YEAR).contains(orders["paid_at"])]
    counts = paid.groupby("customer_id").size()
    return float((counts >= 2).mean())


@pytest.fixture(scope="module")
def default_retail():
    return generate_company("ecommerce_retail", seed=4, problems=[], decoys=0,
                            with_indicators=False).tables  # fmt: skip


def test_retail_realism_bands(default_retail):
    t = default_retail
    assert 0.25 <= _repeat_share(t) <= 0.55  # CDNOW
    assert 0.55 <= _top20_share(t) <= 0.80
    months = REGISTRY["conversion_rate"].compute(t, YEAR, by="month")["value"]
    assert months.between(0.01, 0.04).all(), months
    bounce = REGISTRY["bounce_rate"].compute(t, YEAR, by="month")["value"]
    assert bounce.between(0.30, 0.55).all(), bounce
    sessions_per_order = len(t["web_sessions"]) / len(t["orders"])
    assert 25 <= sessions_per_order <= 100
    assert 0.40 <= value("gross_margin", t, YEAR) <= 0.65


def test_ratings_are_j_shaped(default_retail):
    scores = default_retail["survey_responses"]["csat"].dropna().value_counts(normalize=True)
    assert scores.idxmax() == 5
    assert scores[1] > scores[2]


@pytest.mark.parametrize(
    ("profile", "low", "high"),
    [("hotel_chain", 0.25, 0.45), ("pharma_distribution", 0.10, 0.25),
     ("manufacturing_b2b", 0.15, 0.35)],
)  # fmt: skip
def test_gross_margin_in_industry_range(cases, profile, low, high):
    assert low <= value("gross_margin", cases[profile].tables, YEAR) <= high


@pytest.mark.parametrize("profile", ["pharma_distribution", "manufacturing_b2b",
                                     "financial_services"])  # fmt: skip
def test_b2b_annual_churn_10_to_30_percent_higher_for_short_tenure(cases, profile):
    t = cases[profile].tables
    annual = value("churn_rate", t, YEAR)
    assert 0.10 <= annual <= 0.30
    # Accounts under six months old at the start churn more than long-standing ones.
    contracts = t["contracts"]
    first = contracts.groupby("customer_id")["start_date"].min()
    young = set(first.index[first > pd.Timestamp("2024-07-01")])
    churned = set(contracts["customer_id"]) - set(
        contracts.loc[contracts["end_date"] > pd.Timestamp("2025-12-31"), "customer_id"]
    )
    active = set(first.index[first < pd.Timestamp("2025-01-01")])
    young, old = active & young, active - young
    rate = lambda group: len(group & churned) / max(len(group), 1)  # noqa: E731
    assert rate(young) > rate(old)


def test_order_keys_are_unique_across_months_for_the_largest_case():
    """500,000 customers make 245 chunks: keys of one month never reach the next month's."""
    from generator.rng import chunks
    from generator.sim.orders import order_keys

    n_chunks = len(chunks(500_000))
    keys = np.concatenate(
        [order_keys(m, c, 5_000) for m in range(27) for c in (0, 99, 100, n_chunks - 1)]
    )
    assert len(np.unique(keys)) == len(keys)
    assert (np.diff(keys) > 0).all()  # increasing with (month, chunk, draw), as the sort relies on
