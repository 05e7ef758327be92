"""One hotel's housekeeping slips: cleanliness scores and complaints, then fewer repeat stays."""

from __future__ import annotations

from ..registry import PlantedSpec, Problem, register_problem
from ..world import World
from ._common import DEFAULTS, SEVERITY, ts


def plant(world: World, spec: PlantedSpec) -> None:
    world.levers.pull("cleanliness", 1 + 8 * spec.severity, ts(spec.start), store=spec.segment)


register_problem(
    Problem(
        id="poor_cleaning",
        zh="单店卫生问题",
        en="Poor cleaning at one hotel",
        profiles=("hotel_chain",),
        indicators=("csat", "complaint_rate", "repurchase_rate"),
        dimension="store",
        direction="down",
        severity_range=SEVERITY,
        severity_default=DEFAULTS,
        action_zh="对该店客房清洁流程做专项检查和员工培训，设置卫生抽检，跟踪卫生分与投诉率"
        "（案例：培训后投诉下降30%）",
        action_en="audit the hotel's housekeeping and retrain staff, add spot checks, and track "
        "the cleanliness score and complaint rate (case: complaints −30% after training)",
        plant=plant,
    )
)
