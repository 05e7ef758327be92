"""One region's accounts stop taking part and giving feedback; their churn follows."""

from __future__ import annotations

from ..registry import PlantedSpec, Problem, register_problem
from ..world import World
from ._common import DEFAULTS, SEVERITY, ts


def plant(world: World, spec: PlantedSpec) -> None:
    start, s = ts(spec.start), spec.severity
    world.levers.pull("participation", 1 - 0.7 * s, start, region=spec.segment)
    world.levers.pull("feedback", 1 - 0.7 * s, start, region=spec.segment)


register_problem(
    Problem(
        id="low_cooperation_region",
        zh="某区域客户配合度下降",
        en="Low cooperation in one region",
        profiles=("pharma_distribution", "financial_services", "manufacturing_b2b"),
        indicators=("participation_rate", "feedback_quality", "cooperation_index", "churn_rate"),
        dimension="region",
        direction="down",
        severity_range=SEVERITY,
        severity_default=DEFAULTS,
        action_zh="由区域经理逐一拜访配合度下降的客户，了解原因（服务、政策、竞品），调整活动形式"
        "和频次，建立反馈激励，并把配合度纳入客户经理考核",
        action_en="have the regional manager visit the accounts whose cooperation fell to learn "
        "why (service, policy, competitors), adapt the activities and their frequency, reward "
        "feedback, and include cooperation in account managers' goals",
        plant=plant,
        min_after_months=4,
    )
)
