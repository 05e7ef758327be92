"""B2B account management and 招商 leads: schema, consistency, realism and the causal levers."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from generator.catalog import build_products
from generator.config import make_config
from generator.indicators import compute, value
from generator.schema import validate
from generator.sim import accounts
from generator.sim.accounts import ACCOUNT_MODELS, AccountModel
from generator.sim.consumer import Hooks, run_consumer
from generator.sim.customers import CustomerMix, build_customers
from generator.sim.leads import LeadModel, simulate_leads
from generator.sim.orders import OrderModel
from generator.sim.staff import TeamSpec, build_employees
from generator.world import World

REGIONS = ("north", "northeast", "east", "central", "south", "southwest", "northwest")
PHARMA_MIX = CustomerMix(
    customer_type="business",
    segments={"hospital": 0.3, "pharmacy": 0.5, "clinic": 0.2},
    channels={"sales_rep": 0.7, "distributor": 0.3},
    rate={"hospital": 3.0, "pharmacy": 2.0, "clinic": 1.0},
    hazard=0.015,
    sector="pharma",
    season="b2b",
)
B2B_ORDERS = OrderModel(channels={"sales_rep": 0.7, "distributor": 0.3}, season="b2b")
LEADS = LeadModel()
APRIL = pd.Timestamp("2025-04-01")
AFTER = ("2025-04-01", "2026-01-01")  # cooperation after the lever
LATER = ("2025-05-01", "2026-01-01")  # churn follows a month later
SEED = 3


def build(seed=SEED, customers=1500, months=12, levers=(), mix=PHARMA_MIX,
          model=ACCOUNT_MODELS["pharma_distribution"], profile="pharma_distribution"):  # fmt: skip
    """A B2B company: customers, account managers per region, recruiters in two teams."""
    world = World(make_config(profile=profile, seed=seed, months=months, size=customers), customers)
    products, traits = build_products(profile, 80, seed, world.start)
    world.tables["products"], world.hidden["products"] = products, traits
    build_customers(world, mix)
    managers = [TeamSpec(f"{r}_am", "account_manager", 2, region=r) for r in REGIONS]
    build_employees(world, managers + LEADS.team_specs())
    for name, factor, where in levers:
        world.levers.pull(name, factor, APRIL, **where)
    accounts.assign_managers(world)
    run_consumer(world, B2B_ORDERS, Hooks(service=accounts.interactions_hook(model)))
    accounts.finish_accounts(world)
    simulate_leads(world, LEADS)
    return world


LOW_COOPERATION = (
    ("participation", 0.4, {"region": "east"}),
    ("feedback", 0.4, {"region": "east"}),
)


@pytest.fixture(scope="module")
def base():
    return build()


@pytest.fixture(scope="module")
def low_cooperation():
    return build(levers=LOW_COOPERATION)


TABLES = ("customers", "employees", "products", "orders", "order_lines", "interactions",
          "contracts", "leads", "targets")  # fmt: skip


def test_tables_are_schema_valid(base):
    frames = {name: base.tables[name] for name in TABLES}
    assert [str(v) for v in validate(frames)] == []
    assert all(len(base.tables[name]) for name in TABLES)


def test_same_seed_same_bytes_other_seed_differs(base):
    again = build()
    for name in ("customers", "interactions", "contracts", "leads", "targets"):
        pd.testing.assert_frame_equal(base.tables[name], again.tables[name])
    other = build(seed=SEED + 1, customers=300, months=6)
    for name, column in (("interactions", "customer_id"), ("leads", "created_at")):
        ours, theirs = base.tables[name][column].head(50), other.tables[name][column].head(50)
        assert not ours.equals(theirs)


def test_managers_serve_their_own_region(base):
    customers = base.tables["customers"]
    region = base.tables["employees"].set_index("employee_id")["region"]
    assert customers["account_manager_id"].notna().all()
    managed = region.reindex(customers["account_manager_id"]).to_numpy()
    assert (managed == customers["region"].to_numpy()).all()
    hidden = base.hidden["customers"]
    assert (hidden["manager"].to_numpy() == customers["account_manager_id"].to_numpy()).all()
    # The managers of a region share its accounts about evenly.
    load = customers.groupby(["region", "account_manager_id"]).size()
    assert len(load) == 2 * len(REGIONS)
    assert (load.groupby("region").min() > 0.6 * load.groupby("region").max()).all()


def test_sales_reps_without_region_manage_when_there_are_no_account_managers():
    world = World(make_config(seed=1, months=6, size=200), 200)
    build_customers(world, PHARMA_MIX)
    build_employees(world, [TeamSpec("reps", "sales_rep", 3), TeamSpec("cs", "support_agent", 2)])
    accounts.assign_managers(world)
    managers = set(world.tables["customers"]["account_manager_id"])
    reps = world.tables["employees"].query("role == 'sales_rep'")["employee_id"]
    assert managers == set(reps)


def test_interactions_are_consistent(base):
    rows = base.tables["interactions"]
    customers = base.tables["customers"].set_index("customer_id")
    hidden = base.hidden["customers"].set_index("customer_id")
    assert rows["interaction_id"].is_monotonic_increasing
    assert rows["scheduled_at"].is_monotonic_increasing
    assert (rows["participated"] | rows["invited"]).all()  # the account's own contacts happen
    assert not (rows["feedback_submitted"] & ~rows["participated"]).any()
    assert (rows["feedback_quality"].notna() == rows["feedback_submitted"]).all()
    assert (rows["feedback_text"].notna() == rows["feedback_submitted"]).all()
    assert set(rows["kind"]) == {"visit", "academic_meeting", "training"}
    manager = customers["account_manager_id"].reindex(rows["customer_id"]).to_numpy()
    assert (rows["employee_id"].to_numpy() == manager).all()
    acquired = hidden["acquired_at"].reindex(rows["customer_id"]).to_numpy()
    churned = hidden["churned_at"].reindex(rows["customer_id"]).to_numpy()
    assert (rows["scheduled_at"].to_numpy() >= acquired).all()
    assert not (rows["scheduled_at"].to_numpy() >= churned).any()
    hours = rows["scheduled_at"].dt.hour
    assert hours.between(9, 17).all()
    # Texts follow the quality band: the best feedback is the longest.
    given = rows.loc[rows["feedback_submitted"]]
    band = np.searchsorted([0.4, 0.7], given["feedback_quality"], side="right")
    length = given["feedback_text"].str.len().groupby(band).mean()
    assert list(length.index) == [0, 1, 2] and length.is_monotonic_increasing


def test_contracts_run_back_to_back_until_churn(base):
    k = base.tables["contracts"].sort_values(["customer_id", "start_date"])
    hidden = base.hidden["customers"].set_index("customer_id")
    nxt = k.groupby("customer_id")["start_date"].shift(-1)
    follows = nxt.notna()
    assert (k.loc[follows, "end_date"] == nxt[follows]).all()
    assert (k["end_date"] > k["start_date"]).all()
    first = k.groupby("customer_id")["start_date"].min()
    assert (first == hidden["acquired_at"].dt.normalize().reindex(first.index)).all()
    last = k.groupby("customer_id")["end_date"].max()
    churned = hidden["churned_at"].reindex(last.index)
    assert set(last.index) == set(hidden.index)
    assert (last[churned.notna()] == churned[churned.notna()]).all()
    assert (last[churned.isna()] >= base.end).all()
    span = (k["end_date"] - k["start_date"]).dt.days
    assert span.max() <= 366 and (span[follows] >= 365).all()


def test_contract_values_follow_purchases(base):
    orders, lines = base.tables["orders"], base.tables["order_lines"]
    paid = orders.loc[orders["status"] == "paid", ["order_id", "customer_id"]]
    bought = lines.merge(paid, on="order_id").groupby("customer_id")["amount"].sum()
    hidden = base.hidden["customers"]
    whole_year = hidden.loc[hidden["churned_at"].isna() & (hidden["acquired_at"] < base.start)]
    k = base.tables["contracts"]
    mid = pd.Timestamp("2025-07-01")
    live = k.loc[(k["start_date"] <= mid) & (k["end_date"] > mid)].set_index("customer_id")
    contracted = live["annual_value"].reindex(whole_year["customer_id"])
    purchased = bought.reindex(whole_year["customer_id"]).fillna(0.0)
    assert 0.8 < contracted.sum() / purchased.sum() < 1.3
    assert contracted.rank().corr(purchased.rank()) > 0.6  # Spearman without scipy


def test_realism_of_churn_and_cooperation(base):
    t = base.tables
    assert 0.10 <= value("churn_rate", t, "2025") <= 0.30
    assert 0.4 <= value("participation_rate", t, "2025") <= 0.8
    assert 0.15 <= value("feedback_quality", t, "2025") <= 0.6
    assert 0.5 <= value("interaction_frequency", t, "2025") <= 3.0
    index = compute("cooperation_index", t, "2025", by="region")["value"]
    assert set(index.index) == set(REGIONS) and index.between(0.0, 1.0).all()


def test_low_cooperation_region_lowers_cooperation_and_raises_churn(base, low_cooperation):
    def east(name, tables, period):
        return compute(name, tables, period, by="region")["value"]

    for name in ("participation_rate", "feedback_quality", "cooperation_index"):
        before = east(name, base.tables, AFTER)
        after = east(name, low_cooperation.tables, AFTER)
        assert after["east"] < 0.6 * before["east"], name
        others = after.drop("east") - before.drop("east")
        assert others.abs().max() < 0.05, name
    # Before the lever nothing differs.
    jan_mar = ("2025-01-01", "2025-04-01")
    assert east("participation_rate", low_cooperation.tables, jan_mar)["east"] == pytest.approx(
        east("participation_rate", base.tables, jan_mar)["east"]
    )
    churn_base = east("churn_rate", base.tables, LATER)
    churn_low = east("churn_rate", low_cooperation.tables, LATER)
    assert churn_low["east"] > churn_base["east"] + 0.04
    assert churn_low["east"] > churn_low.drop("east").median() + 0.04

    # Elsewhere churn moves only by the noise of shifted random draws.
    def pooled(tables):
        r = compute("churn_rate", tables, LATER, by="region").drop("east")
        return r["numerator"].sum() / r["denominator"].sum()

    assert pooled(low_cooperation.tables) == pytest.approx(pooled(base.tables), abs=0.015)


# --- leads and targets --------------------------------------------------------------------------


def lead_world(seed=SEED, levers=(), model=LEADS, start="2024-06-01"):
    world = World(make_config(seed=seed, months=12, size=100), 100)
    build_employees(world, [TeamSpec("am", "account_manager", 2), *model.team_specs()])
    for name, factor, where in levers:
        world.levers.pull(name, factor, pd.Timestamp(start), **where)
    simulate_leads(world, model)
    return world


def test_lead_stages_are_consistent(base):
    leads = base.tables["leads"]
    stamps = ["created_at", "contacted_at", "proposal_at"]
    assert leads["lead_id"].is_monotonic_increasing and leads["created_at"].is_monotonic_increasing
    for a, b in zip(stamps, [*stamps[1:], "signed_at"], strict=True):
        both = leads[a].notna() & leads[b].notna()
        assert (leads.loc[both, a] <= leads.loc[both, b]).all()
    decided = leads["signed_at"].fillna(leads["lost_at"])
    assert (decided.dropna() >= leads.loc[decided.notna(), "created_at"]).all()
    last = leads[["contacted_at", "proposal_at"]].max(axis=1)
    assert not (decided < last).any()
    stage = np.select(
        [leads["signed_at"].notna(), leads["lost_at"].notna(), leads["proposal_at"].notna(),
         leads["contacted_at"].notna()],
        ["signed", "lost", "proposal", "contacted"], "new",
    )  # fmt: skip
    assert (leads["stage"].to_numpy() == stage).all()
    assert not (leads["signed_at"].notna() & leads["lost_at"].notna()).any()
    assert (leads["proposal_at"].isna() | leads["contacted_at"].notna()).all()
    assert (leads["signed_at"].isna() | leads["proposal_at"].notna()).all()
    assert (leads["contract_amount"].notna() == (leads["stage"] == "signed")).all()
    assert (leads["lost_reason"].notna() == (leads["stage"] == "lost")).all()
    times = leads[["created_at", "contacted_at", "proposal_at", "signed_at", "lost_at"]]
    assert (times.max(axis=1) < base.end).all()
    # Only leads created late are still open.
    open_ = leads["stage"].isin(["new", "contacted", "proposal"])
    assert open_.any()
    assert leads.loc[open_, "created_at"].min() > base.end - pd.Timedelta(days=150)


def test_prospects_and_lost_reasons(base):
    leads = base.tables["leads"]
    per = leads.groupby("prospect_id").size()
    assert per.max() == 2 and 0.02 < (per == 2).mean() < 0.2
    firsts = leads.drop_duplicates("prospect_id")["prospect_id"]
    assert (firsts.to_numpy() == [f"Q{i + 1:06d}" for i in range(len(firsts))]).all()
    assert leads.groupby("prospect_id")["prospect_name"].nunique().max() == 1
    second = leads.loc[leads["prospect_id"].duplicated(keep="first")]
    first = leads.drop_duplicates("prospect_id").set_index("prospect_id")
    assert (first.loc[second["prospect_id"], "stage"] == "lost").all()
    assert (first.loc[second["prospect_id"], "lost_at"].to_numpy() <= second["created_at"]).all()
    assert first["prospect_name"].is_unique
    lost = leads.loc[leads["stage"] == "lost"]
    never_met = lost["contacted_at"].isna()
    assert set(lost.loc[never_met, "lost_reason"]) <= {"not_qualified", "no_response"}
    assert set(lost.loc[lost["proposal_at"].notna(), "lost_reason"]) <= {
        "price", "competitor", "no_budget"}  # fmt: skip


def test_lead_realism_and_targets(base):
    t = base.tables
    assert 0.10 <= value("lead_conversion_rate", t, "2025") <= 0.30
    assert 20 <= value("sales_cycle_days", t, "2025") <= 90
    by_source = compute("lead_conversion_rate", t, "2025", by="channel")["value"]
    assert by_source["referral"] > by_source["cold_call"]
    completion = compute("recruitment_task_completion", t, "2025", by="rep")["value"]
    assert len(completion) == sum(size for _, size in LEADS.teams)
    assert 0.7 <= completion.median() <= 1.1
    targets = t["targets"]
    # One target per recruiter and simulated month (the history months included).
    months = targets["month"].nunique()
    assert months == 15 and len(targets) == len(completion) * months
    assert (targets["signed_target"] >= 1).all()
    ratio = targets["amount_target"] / targets["signed_target"]
    assert ratio.between(0.5 * LEADS.mean_amount, 1.5 * LEADS.mean_amount).all()


def test_lead_conversion_lever_lowers_one_reps_conversion():
    rep, busy = "E0004", replace(LEADS, leads_per_rep=30.0)  # enough signings to measure
    base = lead_world(model=busy)
    low = lead_world(levers=[("lead_conversion", 0.3, {"rep": rep})], model=busy)
    before = compute("lead_conversion_rate", base.tables, "2025", by="rep")["value"]
    after = compute("lead_conversion_rate", low.tables, "2025", by="rep")["value"]
    assert after[rep] < 0.5 * before[rep]
    assert (after.drop(rep) == before.drop(rep)).all()


def test_lead_volume_lever_gives_one_rep_more_leads_from_its_start():
    rep, model = "E0005", replace(LEADS, leads_per_rep=40.0)  # enough leads to measure
    base = lead_world(model=model)
    busy = lead_world(levers=[("lead_volume", 1.6, {"rep": rep})], model=model, start="2025-07-10")

    def counts(world, period):
        leads = world.tables["leads"]
        inside = leads["created_at"].between(*map(pd.Timestamp, period), inclusive="left")
        return leads.loc[inside].groupby("rep_id").size()

    h1, h2 = ("2025-01-01", "2025-07-01"), ("2025-07-10", "2026-01-01")
    assert (counts(busy, h1) == counts(base, h1)).all()
    ratio = counts(busy, h2) / counts(base, h2)
    assert 1.3 < ratio[rep] < 1.9
    assert (ratio.drop(rep) == 1.0).all()  # each recruiter has its own random stream


def test_deal_size_lever_shrinks_one_teams_contracts():
    team = LEADS.teams[0][0]
    base = lead_world()
    small = lead_world(levers=[("deal_size", 0.5, {"team": team})])

    def per_deal(world):
        amount = compute("contract_amount", world.tables, "2025", by="team")["value"]
        count = compute("signed_clients", world.tables, "2025", by="team")["value"]
        return amount / count

    assert per_deal(small)[team] == pytest.approx(0.5 * per_deal(base)[team], rel=0.02)
    other = LEADS.teams[1][0]
    assert per_deal(small)[other] == pytest.approx(per_deal(base)[other])


@pytest.mark.parametrize(
    ("profile", "segments"),
    [
        ("financial_services", {"retail_investor": 0.7, "high_net_worth": 0.2, "institution": 0.1}),
        ("manufacturing_b2b", {"key_account": 0.2, "mid_market": 0.4, "small_business": 0.4}),
    ],
)
def test_other_business_presets(profile, segments):
    mix = CustomerMix(customer_type="business", segments=segments,
                      channels={"sales_rep": 0.7, "distributor": 0.3},
                      rate=dict.fromkeys(segments, 1.0), hazard=0.015, season="b2b")  # fmt: skip
    model = ACCOUNT_MODELS[profile]
    world = build(customers=300, months=6, mix=mix, model=model, profile=profile)
    frames = {name: world.tables[name] for name in TABLES}
    assert [str(v) for v in validate(frames)] == []
    kinds = {k for f in model.frequency.values() for k in f}
    assert set(world.tables["interactions"]["kind"]) == kinds
    span = world.tables["contracts"].eval("end_date - start_date").dt.days
    assert span.max() <= 31 * model.contract_months


def test_experience_rewards_cooperation_and_punishes_silence():
    model = AccountModel(frequency={})
    rows = pd.DataFrame(
        {
            "cidx": [0, 0, 1, 1, 2],
            "invited": [True, True, True, True, False],
            "participated": [True, True, False, False, True],
            "feedback_quality": [0.9, 0.8, np.nan, np.nan, np.nan],
        }
    )
    delta = accounts._experience(model, 4, rows)
    assert delta[0] > 0 > delta[1]
    assert delta[1] < delta[2] < 0  # invited and absent is worse than silent
    assert delta[3] == 0.0  # no contact, no change
