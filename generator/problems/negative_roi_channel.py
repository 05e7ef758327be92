"""One ad channel's spend grows while its traffic stops converting: ROAS falls below 1."""

from __future__ import annotations

from ..registry import PlantedSpec, Problem, register_problem
from ..world import World
from ._common import DEFAULTS, SEVERITY, ts


def plant(world: World, spec: PlantedSpec) -> None:
    start, s = ts(spec.start), spec.severity
    # Budget keeps growing while the audience bought stops converting; even a mild case ends up
    # with ROAS below 1, severity mostly sets how fast the spend grows.
    world.levers.pull("ad_spend", 1 + 2 * s, start, channel=spec.segment)
    world.levers.pull("ad_effectiveness", 0.35 - 0.25 * s, start, channel=spec.segment)


register_problem(
    Problem(
        id="negative_roi_channel",
        zh="某广告渠道投入产出比低于1",
        en="An ad channel with ROAS below 1",
        profiles=("ecommerce_retail",),
        indicators=("roas", "ctr"),
        dimension="channel",
        options="ad_channel",
        direction="down",
        severity_range=SEVERITY,
        severity_default=DEFAULTS,
        action_zh="暂停或大幅削减该渠道预算，检查人群定向和素材，把预算转向ROAS高的渠道，"
        "小预算测试后再决定是否加投",
        action_en="pause or cut the channel's budget, check its targeting and creatives, move "
        "budget to channels with higher ROAS, and scale up again only after a small test",
        plant=plant,
    )
)
