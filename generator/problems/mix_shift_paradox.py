"""Simpson's paradox: every category's margin slips, yet the overall margin rises.

Every category is discounted a little more, while demand shifts to the highest-margin category;
the mix change lifts the company-wide margin although no category improved.
"""

from __future__ import annotations

import pandas as pd

from ..config import CaseConfig
from ..registry import PlantedSpec, Problem, register_problem
from ..world import World
from ._common import DEFAULTS, SEVERITY, ts


def plant(world: World, spec: PlantedSpec) -> None:
    start, s = ts(spec.start), spec.severity
    world.levers.pull("discount_depth", 1 + 1.0 * s, start)  # every category
    # A hit product line takes over: its share of sales grows several times.
    world.levers.pull("category_demand", 1 + 30.0 * s, start, category=spec.segment)


def mid_year(config: CaseConfig) -> pd.Timestamp:
    """1 July: each half holds one 大促, so the season itself does not move the margin."""
    year = config.start.year if config.start.month <= 7 else config.start.year + 1
    return pd.Timestamp(year=year, month=7, day=1)


register_problem(
    Problem(
        id="mix_shift_paradox",
        zh="结构变化悖论：整体毛利率上升而各品类都在下降",
        en="Mix-shift paradox: overall margin up while every category's falls",
        profiles=("ecommerce_retail",),
        indicators=("gross_margin", "revenue"),
        dimension="category",
        options="high_margin_category",
        direction="down",
        severity_range=SEVERITY,
        severity_default=DEFAULTS,
        action_zh="不要被整体毛利率上升误导：按品类拆开看，各品类毛利都在下滑（折扣加深），"
        "整体上升只是销售结构向高毛利品类转移；应收紧各品类折扣",
        action_en="do not be misled by the rising overall margin: cut by category, every "
        "category's margin is falling (deeper discounts) and the overall rise is only a shift of "
        "sales towards the high-margin category; tighten discounts in every category",
        plant=plant,
        start_hint=mid_year,
    )
)
