"""A faulty export: one channel's orders duplicated, clock-skewed tickets, fake survey answers.

This is the one problem whose cause is the data pipeline itself, so it edits the finished tables
(what the export would have written) instead of pulling a lever in the company.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..registry import PlantedSpec, Problem, register_problem
from ..rng import Stream, stream
from ..world import World
from ._common import DEFAULTS, SEVERITY, ts


def _duplicate_orders(world: World, rng: np.random.Generator, spec: PlantedSpec) -> None:
    orders, lines = world.tables["orders"], world.tables["order_lines"]
    hit = (orders["channel"] == spec.segment) & (orders["ordered_at"] >= ts(spec.start))
    chosen = np.flatnonzero(hit.to_numpy() & (rng.random(len(orders)) < 0.1 + 0.3 * spec.severity))
    copies = orders.iloc[chosen].copy()
    new_ids = [f"O{i:08d}" for i in range(len(orders) + 1, len(orders) + 1 + len(copies))]
    remap = dict(zip(copies["order_id"], new_ids, strict=True))
    copies["order_id"] = new_ids
    copy_lines = lines.loc[lines["order_id"].isin(remap)].copy()
    copy_lines["order_id"] = copy_lines["order_id"].map(remap)
    world.tables["orders"] = pd.concat([orders, copies], ignore_index=True)
    world.tables["order_lines"] = pd.concat([lines, copy_lines], ignore_index=True)


def _skew_tickets(world: World, rng: np.random.Generator) -> None:
    tickets = world.tables.get("support_tickets")
    if tickets is None or tickets.empty:
        return
    answered = tickets["first_response_at"].notna().to_numpy()
    skew = answered & (rng.random(len(tickets)) < 0.015)
    minutes = pd.to_timedelta(rng.integers(1, 90, size=len(tickets)), unit="m")
    fixed = tickets["first_response_at"].where(~skew, tickets["created_at"] - minutes)
    world.tables["support_tickets"] = tickets.assign(first_response_at=fixed)


def _straight_line_surveys(world: World, rng: np.random.Generator) -> None:
    surveys = world.tables.get("survey_responses")
    if surveys is None or surveys.empty:
        return
    fake = rng.random(len(surveys)) < 0.03
    out = surveys.copy()
    for col in (
        "csat",
        "cleanliness",
        "service",
        "location",
        "value",
        "delivery",
        "product_quality",
    ):
        out[col] = out[col].mask(fake & out[col].notna().to_numpy(), 5)
    out["csat"] = out["csat"].mask(fake, 5)
    out["nps"] = out["nps"].mask(fake, 10)
    out["comment"] = out["comment"].mask(fake, None)
    world.tables["survey_responses"] = out


def corrupt(world: World, spec: PlantedSpec) -> None:
    rng = stream(world.seed, Stream.DIRTY)
    _duplicate_orders(world, rng, spec)
    _skew_tickets(world, rng)
    _straight_line_surveys(world, rng)
    world.notes_zh.append("数据来自多个系统的导出，使用前请检查重复、缺失和时间先后是否合理。")
    world.notes_en.append(
        "The data comes from several systems' exports; check for duplicates, missing values and "
        "impossible time orders before use."
    )


def plant(world: World, spec: PlantedSpec) -> None:
    """Nothing changes in the company itself; see :func:`corrupt`."""


register_problem(
    Problem(
        id="dirty_data",
        zh="数据质量问题：重复订单、时间倒挂、虚假问卷",
        en="Dirty data: duplicate orders, impossible times, fake survey answers",
        profiles=(
            "ecommerce_retail",
            "hotel_chain",
            "pharma_distribution",
            "financial_services",
            "manufacturing_b2b",
        ),
        indicators=("revenue", "aov", "units_sold"),
        dimension="channel",
        direction="up",
        severity_range=SEVERITY,
        severity_default=DEFAULTS,
        action_zh="先清洗再计算：按订单内容去重该渠道自该日起重复导出的订单，剔除响应早于创建的"
        "工单时间，识别全部满分且无评论的直线作答问卷；并修复该渠道的订单同步接口",
        action_en="clean before computing: de-duplicate the channel's orders exported twice since "
        "the date (same content, new id), drop response times earlier than creation, flag "
        "straight-lined all-top-score surveys without comment; and fix the channel's order sync",
        plant=plant,
        corrupt=corrupt,
    )
)
