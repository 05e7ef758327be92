"""One recruiter works many leads but converts few of them."""

from __future__ import annotations

from ..registry import PlantedSpec, Problem, register_problem
from ..world import World
from ._common import DEFAULTS, SEVERITY, ts


def plant(world: World, spec: PlantedSpec) -> None:
    start, s = ts(spec.start), spec.severity
    # Conversion falls to a third (mildest) down to a twentieth (severest) of the recruiter's own,
    # evenly on a log scale: a weak recruiter who signed one lead in ten visibly stops signing,
    # rather than losing a point or two that a month's noise hides.
    world.levers.pull("lead_conversion", 0.5 * 0.1**s, start, rep=spec.segment)
    world.levers.pull("lead_volume", 1 + 0.5 * s, start, rep=spec.segment)


register_problem(
    Problem(
        id="recruiter_low_conversion",
        zh="招商经理线索多、转化低",
        en="A recruiter with many leads and low conversion",
        profiles=("manufacturing_b2b", "pharma_distribution", "financial_services"),
        indicators=("lead_conversion_rate", "recruitment_task_completion", "contract_amount"),
        dimension="rep",
        direction="down",
        severity_range=SEVERITY,
        severity_default=DEFAULTS,
        action_zh="与该招商经理复盘线索跟进过程（首次联系时效、方案质量），安排资深同事陪访辅导，"
        "按线索质量重新分配，目标与转化率而非线索数挂钩",
        action_en="review the recruiter's follow-up (speed of first contact, proposal quality), "
        "pair them with a senior colleague, reassign leads by quality, and tie goals to "
        "conversion rather than lead count",
        plant=plant,
        min_after_months=5,
    )
)
