"""连锁酒店: a mid-scale hotel chain; an "order" is a stay, products are room types."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ..catalog import build_products
from ..config import CaseConfig
from ..indicators import Period
from ..registry import Profile, register_profile
from ..rng import CHUNK, RowDraws, Stream
from ..sim import expenses, service
from ..sim.arrays import cdf, order_starts, text
from ..sim.consumer import Hooks, run_consumer
from ..sim.customers import CustomerMix, build_customers
from ..sim.orders import OrderModel, order_draws
from ..sim.staff import TeamSpec, build_employees
from ..sim.stores import build_stores
from ..world import World
from ._common import MAJOR_REGIONS, major

NAME = "hotel_chain"
CHANNELS = {"ota": 0.45, "app": 0.2, "wechat_mini": 0.15, "direct": 0.1, "offline_store": 0.1}
MIX = CustomerMix(
    customer_type="individual",
    segments={"business_traveler": 0.45, "leisure_traveler": 0.4, "vip": 0.15},
    channels=CHANNELS,
    rate={"business_traveler": 0.28, "leisure_traveler": 0.09, "vip": 0.45},
    hazard=0.04,
    existing=0.5,
    season="hotel",
)
ORDERS = OrderModel(
    channels=CHANNELS,
    lines_extra=0.15,
    quantity_extra=0.7,
    cancel_rate=0.07,
    refund_rate=0.02,
    discounts={None: (0.2, 0.05, 0.15), "peak": (0.3, 0.05, 0.15)},
    season="hotel",
)
HOTELS = {"small": 6, "default": 12, "large": 30}
TEAMS = {"front_desk": ("前台", "Front desk"), "reservations": ("预订中心", "Reservations"),
         "guest_service": ("宾客服务", "Guest service")}  # fmt: skip
#: Chance that a stay is at the guest's usual hotel.
LOYALTY = 0.55


def n_hotels(config: CaseConfig) -> int:
    if isinstance(config.size, int):
        return int(np.clip(config.size // 500, 4, 40))
    return HOTELS[config.size]


def team_names(config: CaseConfig) -> dict[str, str]:
    i = 0 if config.locale == "zh_CN" else 1
    return {code: names[i] for code, names in TEAMS.items()}


def segments(config: CaseConfig) -> dict[str, list[str]]:
    return {
        "store": [f"S{i + 1:03d}" for i in range(n_hotels(config))],
        "region": MAJOR_REGIONS,
        "team": list(team_names(config).values()),
        "ticket_category": major(service.HOTEL_SERVICE.categories),
        "channel": list(CHANNELS),
    }


def _assign_hotels(world: World, m: int, month: Period, rows: pd.DataFrame) -> pd.DataFrame:
    """Each stay happens at the guest's usual hotel, or at another one by its size."""
    stores = world.tables["stores"]
    rooms = stores["rooms"].to_numpy(dtype="float64")
    cust = world.hidden["customers"]
    share = cdf(rooms)
    if "home_hotel" not in cust:
        who = RowDraws(world.seed, Stream.STORES, np.arange(len(cust)) // CHUNK, 1)
        cust["home_hotel"] = who.index(share)
    okey = rows["okey"].to_numpy()
    first = order_starts(okey)
    usual = cust["home_hotel"].to_numpy()[rows["cidx"].to_numpy()[first]]
    stay = order_draws(world, Stream.STAYS, okey[first], m)
    other = stay.index(share)
    pick = np.where(stay.random() < LOYALTY, usual, other)
    of_row = np.repeat(np.arange(len(first)), np.diff(np.r_[first, len(okey)]))
    store = stores["store_id"].to_numpy(dtype=object)[pick]
    return rows.assign(store_id=text(store[of_row], rows.index))


def simulate(world: World) -> None:
    config = world.config
    build_stores(world, n_hotels(config), "hotel", "悦居", "Yueju Hotel", rooms=(80, 260))
    products, traits = build_products(NAME, 24, world.seed, world.start, config.locale)
    world.tables["products"], world.hidden["products"] = products, traits
    build_customers(world, MIX)
    names = team_names(config)
    stores = world.tables["stores"]["store_id"].tolist()
    teams = [TeamSpec(names["front_desk"], "support_agent", 2, store_id=s) for s in stores]
    teams += [TeamSpec(names["guest_service"], "support_agent", 1, store_id=s) for s in stores]
    teams += [TeamSpec(names["reservations"], "support_agent", 5)]
    teams += [TeamSpec("店长" if config.locale == "zh_CN" else "Managers", "store_manager", 1,
                       store_id=s) for s in stores]  # fmt: skip
    build_employees(world, teams)
    model = replace(
        service.HOTEL_SERVICE,
        teams={names[k]: v for k, v in service.HOTEL_SERVICE.teams.items()},
        ticket_rate=0.1,
    )
    run_consumer(world, ORDERS, Hooks(assign=_assign_hotels, service=service.service_hook(model)))
    service.finish_service(world)
    expenses.simulate_expenses(world, expenses.HOTEL_EXPENSES)


register_profile(
    Profile(
        name=NAME,
        zh="连锁酒店",
        en="Hotel chain",
        tables=(
            "customers",
            "products",
            "stores",
            "employees",
            "orders",
            "order_lines",
            "expenses",
            "support_tickets",
            "survey_responses",
        ),
        sizes={"small": 4000, "default": 10000, "large": 30000},
        dimensions=("store", "region", "segment", "channel", "team", "category"),
        headline=("revenue", "aov", "csat", "complaint_rate", "repurchase_rate", "gross_margin"),
        segments=segments,
        simulate=simulate,
    )
)
