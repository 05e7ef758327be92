"""One support team answers slowly: its CSAT and first-contact resolution follow."""

from __future__ import annotations

from ..registry import PlantedSpec, Problem, register_problem
from ..world import World
from ._common import DEFAULTS, SEVERITY, ts


def plant(world: World, spec: PlantedSpec) -> None:
    start, s = ts(spec.start), spec.severity
    world.levers.pull("response_delay", 1 + 5 * s, start, team=spec.segment)
    world.levers.pull("repeat_contact", 1 + 0.8 * s, start, team=spec.segment)


register_problem(
    Problem(
        id="slow_response",
        zh="客服团队响应变慢",
        en="Slow first response in one support team",
        profiles=("ecommerce_retail", "hotel_chain", "financial_services"),
        indicators=("first_response_time", "csat", "first_contact_resolution"),
        dimension="team",
        direction="up",
        severity_range=SEVERITY,
        severity_default=DEFAULTS,
        action_zh="检查该团队排班与人手（高峰和夜间）、工单分配规则，设定首响时限并监控，"
        "必要时临时调配人员",
        action_en="check the team's staffing and shifts (peaks and nights) and ticket routing, set "
        "a first-response target and monitor it, and move staff in temporarily if needed",
        plant=plant,
        min_after_months=3,
    )
)
