"""A product-quality problem in one region: complaints and refunds first, then customers leave."""

from __future__ import annotations

from ..registry import PlantedSpec, Problem, register_problem
from ..world import World
from ._common import DEFAULTS, SEVERITY, ts


def plant(world: World, spec: PlantedSpec) -> None:
    start, s = ts(spec.start), spec.severity
    # The cause: a quality defect reaching this region's customers.
    world.levers.pull("quality_issue", 1 + 8 * s, start, region=spec.segment)
    world.levers.pull("refund", 1 + 5 * s, start, region=spec.segment)
    # Unhappy buyers leave faster than their bad tickets alone explain (they also tell others):
    # a spike of several times the usual churn, which stands out even in a region of a few dozen
    # accounts, where one or two of them leave in an ordinary month.
    world.levers.pull("churn", 1 + 12 * s, start, region=spec.segment)


register_problem(
    Problem(
        id="churn_spike",
        zh="区域质量问题导致客户流失上升",
        en="Churn spike after a quality problem in one region",
        profiles=("manufacturing_b2b", "pharma_distribution", "ecommerce_retail"),
        indicators=("churn_rate", "complaint_rate", "retention_rate", "repurchase_rate"),
        dimension="region",
        direction="up",
        severity_range=SEVERITY,
        severity_default=DEFAULTS,
        action_zh="追查该区域的质量问题根源（批次、供应商、物流），主动回访受影响客户并补偿，"
        "修复后跟踪流失率能否回落（案例：修复后流失率由15%降至5%）",
        action_en="trace the region's quality problem (batch, supplier, logistics), call affected "
        "customers back with a remedy, and track whether churn falls after the fix (case: 15% → 5%)",
        plant=plant,
        min_after_months=4,
    )
)
