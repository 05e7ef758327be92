"""Deeper and deeper discounts in one category: revenue up, gross margin down."""

from __future__ import annotations

from ..registry import PlantedSpec, Problem, register_problem
from ..world import World
from ._common import DEFAULTS, SEVERITY, ts


def plant(world: World, spec: PlantedSpec) -> None:
    start, s = ts(spec.start), spec.severity
    # Discounts become the everyday price: far more orders get one, and deeper.
    world.levers.pull("discount_chance", 1 + 5 * s, start, category=spec.segment)
    world.levers.pull("discount_depth", 1 + 2 * s, start, category=spec.segment)
    # Cheaper goods sell more: the revenue line looks healthy while margin melts.
    world.levers.pull("category_demand", 1 + 0.6 * s, start, category=spec.segment)


register_problem(
    Problem(
        id="margin_erosion",
        zh="深度折扣侵蚀毛利",
        en="Deep discounts eroding gross margin",
        profiles=("ecommerce_retail", "pharma_distribution", "manufacturing_b2b"),
        indicators=("gross_margin", "revenue", "net_margin"),
        dimension="category",
        direction="down",
        severity_range=SEVERITY,
        severity_default=DEFAULTS,
        action_zh="为该品类设定折扣上限和毛利底线，促销前测算毛利，按毛利额而非销售额考核，"
        "用满减、赠品等方式替代直接降价",
        action_en="set a discount cap and a margin floor for the category, check margin before "
        "each promotion, judge promotions by gross profit rather than revenue, and prefer "
        "threshold offers or gifts to straight price cuts",
        plant=plant,
    )
)
