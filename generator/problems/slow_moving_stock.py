"""One category's demand fades while buyers keep ordering: stock piles up, turnover falls."""

from __future__ import annotations

from ..registry import PlantedSpec, Problem, register_problem
from ..world import World
from ._common import DEFAULTS, SEVERITY, ts


def plant(world: World, spec: PlantedSpec) -> None:
    start, s = ts(spec.start), spec.severity
    world.levers.pull("category_demand", 1 - 0.6 * s, start, category=spec.segment)
    world.levers.pull("overstock", 1 + 2.5 * s, start, category=spec.segment)


register_problem(
    Problem(
        id="slow_moving_stock",
        zh="某品类滞销库存堆积",
        en="Slow-moving stock piling up in one category",
        profiles=("ecommerce_retail",),
        indicators=("inventory_turnover", "sell_through_rate", "slow_moving_share"),
        dimension="category",
        direction="down",
        severity_range=SEVERITY,
        severity_default=DEFAULTS,
        action_zh="暂停该品类补货，按库龄做清仓促销或组合销售，复盘选品与采购预测",
        action_en="stop replenishing the category, clear aged stock with promotions or bundles, "
        "and review range selection and purchase forecasts",
        plant=plant,
    )
)
