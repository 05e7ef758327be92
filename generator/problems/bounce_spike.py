"""A broken page on one device: visitors leave after one page from a date on."""

from __future__ import annotations

from ..registry import PlantedSpec, Problem, register_problem
from ..world import World
from ._common import DEFAULTS, SEVERITY, ts


def plant(world: World, spec: PlantedSpec) -> None:
    world.levers.pull("bounce", 1 + 0.9 * spec.severity, ts(spec.start), device=spec.segment)


register_problem(
    Problem(
        id="bounce_spike",
        zh="某终端跳失率突增",
        en="Bounce rate jumps on one device",
        profiles=("ecommerce_retail",),
        indicators=("bounce_rate", "conversion_rate"),
        dimension="device",
        direction="up",
        severity_range=SEVERITY,
        severity_default=DEFAULTS,
        action_zh="检查该终端在该日期前后的版本发布和页面改动（加载速度、兼容性、首屏内容），"
        "修复后对比跳失率",
        action_en="check releases and page changes on that device around the date (load time, "
        "compatibility, above-the-fold content), fix them, and compare the bounce rate after",
        plant=plant,
    )
)
