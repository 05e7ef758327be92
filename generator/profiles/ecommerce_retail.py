"""电商零售: an online apparel and lifestyle shop on Tmall, JD, Douyin and its mini program."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..catalog import build_products, categories
from ..config import CaseConfig
from ..registry import Profile, register_profile
from ..sim import expenses, inventory, marketing, service, traffic
from ..sim.consumer import Hooks, run_consumer
from ..sim.customers import CustomerMix, build_customers
from ..sim.orders import OrderModel
from ..sim.staff import TeamSpec, build_employees
from ..world import HISTORY_MONTHS, World
from ._common import MAJOR_REGIONS, major

NAME = "ecommerce_retail"
CHANNELS = {"tmall": 0.38, "jd": 0.24, "douyin": 0.22, "wechat_mini": 0.16}
MIX = CustomerMix(
    customer_type="individual",
    segments={"regular": 0.86, "vip": 0.14},
    channels=CHANNELS,
    rate={"regular": 0.16, "vip": 0.6},
    hazard=0.045,
    existing=0.45,
    rate_shape=0.8,
)
ORDERS = OrderModel(channels=CHANNELS)
SIZES = {"small": 3000, "default": 6000, "large": 30000}
MARKETING = marketing.MarketingModel()
#: The top quarter of each category count as best sellers: the SKUs planners watch before a 大促.
STOCK = inventory.StockPolicy(best_seller_share=0.25)
#: Support teams: (zh name, en name, agents); routing comes from service.ECOMMERCE_SERVICE.
TEAMS: dict[str, tuple[str, str, int]] = {
    "night_shift": ("夜班组", "Night shift", 4),
    "aftersales": ("售后组", "After-sales", 6),
    "hotline": ("热线组", "Hotline", 5),
    "online": ("在线客服组", "Online chat", 8),
}


def team_names(config: CaseConfig) -> dict[str, str]:
    i = 0 if config.locale == "zh_CN" else 1
    return {code: str(names[i]) for code, names in TEAMS.items()}


def service_model(config: CaseConfig) -> service.ServiceModel:
    names = team_names(config)
    base = service.ECOMMERCE_SERVICE
    # About one order in eight leads to a contact with customer service.
    return replace(base, teams={names[k]: v for k, v in base.teams.items()}, ticket_rate=0.12)


def n_skus(n_customers: int) -> int:
    return max(120, n_customers // 25)


def big_categories(config: CaseConfig, count: int = 4) -> list[str]:
    """The case's categories with the most expected sales, in catalogue order.

    Which SKUs become popular is drawn per case, so a category can sell far less than its share
    of the catalogue suggests; a problem planted there would hardly matter to the company.
    """
    cats = categories(NAME)
    n = config.size if isinstance(config.size, int) else SIZES[config.size]
    start = pd.Timestamp(config.start) - pd.DateOffset(months=HISTORY_MONTHS)
    products, traits = build_products(NAME, n_skus(n), config.seed, start)
    sales = (
        (traits["popularity"] * products["unit_price"].to_numpy())
        .groupby(traits["category_index"])
        .sum()
    )
    big = set(sales.sort_values(ascending=False).index[:count])
    return [c.label(config.locale) for i, c in enumerate(cats) if i in big]


def segments(config: CaseConfig) -> dict[str, list[str]]:
    cats = categories(NAME)
    best = max(cats, key=lambda c: c.margin)
    peaks = sorted({f"{y}-06" for y in range(config.start.year, config.end.year + 1)})
    return {
        "region": MAJOR_REGIONS,
        "category": big_categories(config),
        "high_margin_category": [best.label(config.locale)],
        "ticket_category": major(service.ECOMMERCE_SERVICE.categories),
        "team": list(team_names(config).values()),
        "channel": list(CHANNELS),
        "ad_channel": list(MARKETING.channels),
        "device": ["app", "mobile_web", "pc", "mini_program"],
        "cohort": [p for p in peaks if pd.Timestamp(p + "-01") < pd.Timestamp(config.end)][:1],
    }


def simulate(world: World) -> None:
    config = world.config
    n = world.n_customers
    products, traits = build_products(NAME, n_skus(n), world.seed, world.start, config.locale)
    world.tables["products"], world.hidden["products"] = products, traits
    build_customers(world, MIX)
    names = team_names(config)
    build_employees(
        world,
        [TeamSpec(names[code], "support_agent", size) for code, (_, _, size) in TEAMS.items()]
        + [TeamSpec("运营部" if config.locale == "zh_CN" else "Operations", "operations", 3),
           TeamSpec("市场部" if config.locale == "zh_CN" else "Marketing", "marketing", 3)],
    )  # fmt: skip
    marketing.build_campaigns(world, MARKETING)
    rows = run_consumer(
        world,
        ORDERS,
        Hooks(
            assign=marketing.assign_hook(MARKETING),
            fulfil=inventory.fulfil_hook(STOCK),
            service=service.service_hook(service_model(config)),
        ),
    )
    service.finish_service(world)
    inventory.finish_inventory(world)
    marketing.finish_marketing(world)
    traffic.simulate_traffic(world, rows, traffic.TrafficModel())
    expenses.simulate_expenses(world, expenses.RETAIL_EXPENSES)


register_profile(
    Profile(
        name=NAME,
        zh="电商零售",
        en="E-commerce retail",
        tables=(
            "customers",
            "products",
            "employees",
            "orders",
            "order_lines",
            "web_sessions",
            "inventory_daily",
            "expenses",
            "support_tickets",
            "survey_responses",
            "campaigns",
            "campaign_daily",
            "campaign_audience",
            "content_posts",
            "followers_daily",
        ),
        sizes=SIZES,
        dimensions=(
            "region",
            "channel",
            "segment",
            "category",
            "device",
            "promo_phase",
            "team",
            "landing_page",
            "campaign",
            "cohort",
        ),
        headline=("revenue", "aov", "conversion_rate", "repurchase_rate", "gross_margin", "csat"),
        segments=segments,
        simulate=simulate,
    )
)
