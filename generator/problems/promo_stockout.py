"""Best sellers of one category run out during the 大促 peak: lost sales, lower conversion."""

from __future__ import annotations

import pandas as pd

from ..config import CaseConfig
from ..registry import PlantedSpec, Problem, register_problem
from ..world import World
from ._common import DEFAULTS, SEVERITY, ts


def plant(world: World, spec: PlantedSpec) -> None:
    start, s = ts(spec.start), spec.severity
    end = start + pd.DateOffset(months=1)
    # The category is pushed hard in the peak (featured, stacked coupons) without telling the
    # planners: shoppers come in far greater numbers than the stock was bought for...
    world.levers.pull("category_demand", 1 + 1.5 * s, start, end, category=spec.segment)
    # ...and its best sellers cannot be topped up: suppliers deliver a fraction of the orders.
    world.levers.pull(
        "restock", 0.3 - 0.3 * s, start, end, category=spec.segment, best_seller="yes"
    )


def eleven_eleven(config: CaseConfig) -> pd.Timestamp:
    """双11 of the period's first full year (its peak month starts on 1 November)."""
    year = config.start.year if config.start.month <= 9 else config.start.year + 1
    return pd.Timestamp(year=year, month=11, day=1)


register_problem(
    Problem(
        id="promo_stockout",
        zh="大促爆发期畅销品断货",
        en="Best sellers out of stock during the promotion peak",
        profiles=("ecommerce_retail",),
        indicators=("stockout_rate", "units_sold", "revenue"),
        dimension="category",
        direction="up",
        severity_range=SEVERITY,
        severity_default=DEFAULTS,
        action_zh="大促前按预热期加购和往年爆发期销量为畅销品备足库存、设置安全库存和补货预警，"
        "爆发期每日盯缺货率，缺货时及时下架引流或替换推荐",
        action_en="stock best sellers for the peak from warm-up add-to-carts and last year's peak "
        "sales, set safety stock and reorder alerts, watch the stock-out rate daily in the peak, "
        "and stop promoting or substitute items that run out",
        plant=plant,
        start_hint=eleven_eleven,
        duration_months=1,
    )
)
