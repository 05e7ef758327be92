"""What the three business-to-business profiles share: accounts with managers, contracts,
cooperation activities, a recruitment pipeline and a small service desk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from ..catalog import build_products
from ..config import CaseConfig
from ..indicators import Period
from ..schema.codes import REGIONS
from ..sim import accounts, expenses, leads, service
from ..sim.arrays import text
from ..sim.consumer import Hooks, run_consumer
from ..sim.customers import CustomerMix, build_customers
from ..sim.orders import OrderModel
from ..sim.staff import TeamSpec, build_employees
from ..world import World
from ._common import MAJOR_REGIONS, major

MANAGERS_PER_REGION = 2
_ZH = {"manager": "大客户部", "service": "客户服务部", "tech": "技术支持组"}
_EN = {"manager": "Key accounts", "service": "Customer service", "tech": "Technical support"}


@dataclass(frozen=True)
class Business:
    """One B2B profile's settings."""

    name: str
    mix: CustomerMix
    orders: OrderModel
    service: service.ServiceModel
    accounts: accounts.AccountModel
    leads: leads.LeadModel
    n_skus: int
    expenses: expenses.ExpenseModel = expenses.B2B_EXPENSES


def _labels(config: CaseConfig) -> dict[str, str]:
    return _ZH if config.locale == "zh_CN" else _EN


def service_model(business: Business, config: CaseConfig) -> service.ServiceModel:
    names = _labels(config)
    return replace(
        business.service,
        teams={names[k]: v for k, v in business.service.teams.items()},
    )


def team_specs(business: Business, config: CaseConfig) -> list[TeamSpec]:
    """Account managers per region first, then recruiters, then the service desk."""
    names = _labels(config)
    zh = config.locale == "zh_CN"
    specs = [
        TeamSpec(f"{r.zh}{names['manager']}" if zh else f"{names['manager']} {r.en}",
                 "account_manager", MANAGERS_PER_REGION, region=r.code)
        for r in REGIONS
    ]  # fmt: skip
    specs += business.leads.team_specs(config.locale)
    specs += [TeamSpec(names[k], "support_agent", 3) for k in business.service.teams]
    return specs


def recruiter_ids(business: Business, config: CaseConfig) -> list[str]:
    """Employee ids of the recruiters, known before simulating (ids follow the team order)."""
    ids, n = [], 0
    for spec in team_specs(business, config):
        ids += [f"E{n + i + 1:04d}" for i in range(spec.size)] if spec.role == "recruiter" else []
        n += spec.size
    return ids


def segments(business: Business) -> Callable[[CaseConfig], dict[str, list[str]]]:
    from ..catalog import profile_categories

    def options(config: CaseConfig) -> dict[str, list[str]]:
        return {
            "region": MAJOR_REGIONS,
            "rep": recruiter_ids(business, config),
            "category": profile_categories(business.name, config.locale),
            "channel": list(business.orders.channels),
            "team": list(service_model(business, config).teams),
            "ticket_category": major(business.service.categories),
        }

    return options


def _with_manager(world: World, m: int, month: Period, rows: pd.DataFrame) -> pd.DataFrame:
    """Purchase orders are booked by the account's manager."""
    manager = world.hidden["customers"]["manager"].to_numpy()
    return rows.assign(employee_id=text(manager[rows["cidx"].to_numpy()], rows.index))


def simulate(business: Business) -> Callable[[World], None]:
    def run(world: World) -> None:
        config = world.config
        products, traits = build_products(
            business.name, business.n_skus, world.seed, world.start, config.locale
        )
        world.tables["products"], world.hidden["products"] = products, traits
        build_customers(world, business.mix)
        build_employees(world, team_specs(business, config))
        accounts.assign_managers(world)
        serve = service.service_hook(service_model(business, config))
        meet = accounts.interactions_hook(business.accounts)

        def observe(world: World, m: int, month: Period, rows: pd.DataFrame) -> None:
            serve(world, m, month, rows)
            meet(world, m, month, rows)

        run_consumer(world, business.orders, Hooks(assign=_with_manager, service=observe))
        service.finish_service(world)
        accounts.finish_accounts(world)
        leads.simulate_leads(world, business.leads)
        expenses.simulate_expenses(world, business.expenses)

    return run


B2B_TABLES = ("customers", "products", "employees", "targets", "orders", "order_lines",
              "contracts", "expenses", "support_tickets", "survey_responses", "interactions",
              "leads")  # fmt: skip
B2B_DIMENSIONS = ("region", "segment", "category", "channel", "rep", "team")
B2B_SERVICE = service.ServiceModel(
    teams={
        "tech": service.TeamRule(40.0, categories=("product_quality", "technical")),
        "service": service.TeamRule(30.0),
    },
    ticket_rate=0.05,
    categories={
        "delivery": 0.3,
        "product_quality": 0.2,
        "return_refund": 0.15,
        "billing": 0.2,
        "technical": 0.1,
        "other": 0.05,
    },
    channels={"phone": 0.4, "wechat": 0.35, "email": 0.25},
    survey_rate=0.08,
    sub_scores=("delivery", "product_quality", "service", "value"),
    ticket_survey_rate=0.3,
)
