"""One kind of issue keeps coming back: customers must contact support again and again."""

from __future__ import annotations

from ..registry import PlantedSpec, Problem, register_problem
from ..sim.service import DIFFICULTY
from ..world import World
from ._common import DEFAULTS, SEVERITY, ts


def plant(world: World, spec: PlantedSpec) -> None:
    # Agents can no longer settle this kind of issue on the spot (a policy or tool change): every
    # ticket of it is much more likely to need another contact, however easy it used to be.
    easy = DIFFICULTY.get(spec.segment, 0.2)
    factor = (easy + 0.8 * spec.severity) / easy
    world.levers.pull("repeat_contact", factor, ts(spec.start), category=spec.segment)


register_problem(
    Problem(
        id="low_first_contact_resolution",
        zh="某类问题首次联系解决率低",
        en="Low first-contact resolution in one ticket category",
        profiles=("ecommerce_retail", "hotel_chain", "financial_services"),
        indicators=("first_contact_resolution", "resolution_time", "csat"),
        dimension="category",
        options="ticket_category",
        direction="down",
        severity_range=SEVERITY,
        severity_default=DEFAULTS,
        action_zh="梳理该类问题的处理流程和知识库，给一线客服授权一次办结（如直接退换），"
        "对重复来电做根因分析",
        action_en="rework the process and knowledge base for this issue type, empower front-line "
        "agents to settle it in one contact (e.g. direct exchange), and analyse repeat contacts",
        plant=plant,
        min_after_months=3,
    )
)
