"""Decoys: the case's most tempting differences that are not problems.

A decoy is found, not planted: among segments no problem touched, the single segment-month that
deviates most from what its own level and the month's company-wide movement predict. It reverts
the next month, or moves with the season, so a careful analyst who checks size, duration and
seasonality rejects it; the answer key lists it with that reason.
"""

from __future__ import annotations

import numpy as np

from .answer_key import DecoyEntry, clean, month_matrix
from .indicators import REGISTRY
from .registry import PROBLEMS, PlantedSpec
from .world import World

_SEASONAL = {"01", "02", "06", "10", "11"}


def _candidates(profile: str) -> list[tuple[str, str]]:
    """(indicator, dimension) pairs a trainee of this profile would scan."""
    pairs = []
    for p in sorted(PROBLEMS.values(), key=lambda p: p.id):
        if profile in p.profiles:
            pairs.append((p.indicators[0], p.dimension_for(profile)))
    return list(dict.fromkeys(pairs))


def find_decoys(world: World, specs: list[PlantedSpec], count: int) -> list[DecoyEntry]:
    """Up to ``count`` decoys, the strongest first, never on a planted segment."""
    if count == 0:
        return []
    planted = {(PROBLEMS[s.problem].dimension_for(world.config.profile), s.segment) for s in specs}
    found: list[tuple[float, DecoyEntry]] = []
    for indicator, dim in _candidates(world.config.profile):
        ind = REGISTRY[indicator]
        if not all(t in world.tables and len(world.tables[t]) for t in ind.tables):
            continue
        matrix = month_matrix(world.tables, indicator, dim, world.report).astype("float64")
        matrix = matrix[[c for c in matrix.columns if (dim, str(c)) not in planted]]
        if matrix.shape[1] < 2 or matrix.shape[0] < 4:
            continue
        # Two-way residual: a cell's surprise after the segment level and the month effect.
        level = matrix.median(axis=0)
        month = matrix.sub(level, axis=1).median(axis=1)
        resid = matrix.sub(level, axis=1).sub(month, axis=0)
        scale = float(np.nanmedian(np.abs(resid.to_numpy()))) or 1.0
        score = (resid.abs() / scale).iloc[1:-1]  # a decoy needs a month on each side
        if score.isna().all().all():
            continue
        label, segment = score.stack().idxmax()  # type: ignore[misc]
        seasonal = str(label)[5:7] in _SEASONAL
        reason_zh = (
            "这个分组只在这一个月偏离，次月即恢复；"
            + ("同月全公司也有季节性（春节/大促）波动，" if seasonal else "")
            + "幅度在正常波动范围内，不是持续的问题"
        )
        reason_en = (
            "this segment deviates in this single month and recovers the next; "
            + (
                "the whole company moves with the season (Spring Festival / big promotions) that month; "
                if seasonal
                else ""
            )
            + "the size is within normal variation, not a lasting problem"
        )
        entry = DecoyEntry(
            indicator=indicator, dimension=dim, segment=str(segment), month=str(label),
            value=clean(matrix.at[label, segment]), baseline=clean(level[segment]),
            reason_zh=reason_zh, reason_en=reason_en,
        )  # fmt: skip
        found.append(
            (
                float(score.to_numpy()[score.index.get_loc(label), score.columns.get_loc(segment)]),
                entry,
            )
        )
    found.sort(key=lambda item: -item[0])
    return [entry for _, entry in found[:count]]
