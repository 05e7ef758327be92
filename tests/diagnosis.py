"""A reference diagnosis that reads only the public tables, as a careful analyst would.

Given the indicator and the dimension to look at, it finds the segment and the month where the
segment's gap to the other segments changed most, in the problem's direction.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from generator.answer_key import month_matrix
from generator.indicators import REGISTRY, Period


def diagnose(
    tables: Mapping[str, pd.DataFrame],
    indicator: str,
    dimension: str,
    period: Period,
    direction: str,
    min_months: int = 2,
    pulse: bool = False,
    only: str | None = None,
) -> tuple[str, str, float]:
    """(segment, start month, score): the strongest lasting shift of one segment vs the rest.

    With ``pulse`` it looks for a single month that stands out instead of a lasting shift;
    ``only`` restricts the search to one segment (to date a shift already located).
    """
    matrix = month_matrix(tables, indicator, dimension, period).astype("float64")
    if REGISTRY[indicator].unit in ("CNY", "count"):
        # Totals move with the season for everyone: compare each segment's share, on a log scale.
        matrix = np.log(matrix.where(matrix > 0))
    # Size before significance: segments with under 5% of the volume are left out.
    whole = REGISTRY[indicator].compute(tables, period, by=dimension)
    volume = whole["denominator"].where(whole["denominator"].notna(), whole["value"].abs())
    if volume.notna().any() and volume.sum() > 0:
        keep = [c for c in matrix.columns if volume.get(c, 0) >= 0.05 * volume.sum()]
        matrix = matrix[keep]
    sign = 1.0 if direction == "up" else -1.0
    best = ("", "", -np.inf)
    months = list(matrix.index)
    for segment in matrix.columns:
        if only is not None and segment != only:
            continue
        others = matrix.drop(columns=[segment]).mean(axis=1)
        gap = (matrix[segment] - others) * sign
        noise = float(np.nanstd(gap.diff().to_numpy())) or 1.0
        if pulse:
            for k in range(len(months)):
                rest = gap.drop(index=months[k]).dropna()
                if np.isnan(gap.iloc[k]) or len(rest) < 2:
                    continue
                # Rates are on one scale across segments: a plain excess over the usual level
                # keeps tiny segments, whose one odd month has no spread to divide by, in check.
                score = gap.iloc[k] - float(rest.median())
                if score > best[2]:
                    best = (str(segment), months[k], float(score))
            continue
        for k in range(min_months, len(months) - min_months + 1):
            before, after = gap.iloc[:k].dropna(), gap.iloc[k:].dropna()
            if len(before) < min_months or len(after) < min_months:
                continue
            # Two-sample t statistic of a shift in the mean: peaks at the true change point.
            spread = np.concatenate([before - before.mean(), after - after.mean()])
            sd = float(np.sqrt((spread**2).sum() / max(len(spread) - 2, 1))) or noise
            se = sd * np.sqrt(1 / len(before) + 1 / len(after))
            score = (after.mean() - before.mean()) / se
            if score > best[2]:
                best = (str(segment), months[refine(gap, k)], float(score))
    return best


def refine(gap: pd.Series, k: int) -> int:
    """The first month, near the split ``k``, from which the gap stays past half the shift.

    A split that only maximises the t statistic drifts towards a noisy month; an analyst dates
    the change where the line first crosses to its new level and stays there.
    """
    values = gap.to_numpy(dtype="float64")
    half = (np.nanmean(values[:k]) + np.nanmean(values[k:])) / 2
    for i in range(max(1, k - 3), min(len(values), k + 3)):
        rest = values[i:]
        rest = rest[~np.isnan(rest)]
        settled = all(not np.isnan(v) and v > half for v in values[i : i + 2])
        if settled and (rest > half).mean() >= 0.8:
            return i
    return k


def duplicated_orders(tables: Mapping[str, pd.DataFrame]) -> tuple[str, str, float]:
    """(channel, first month, count) of orders exported twice: same customer, time and lines."""
    orders, lines = tables["orders"], tables["order_lines"]
    content = lines.groupby("order_id")["amount"].sum().rename("total")
    rows = orders.merge(content, left_on="order_id", right_index=True)
    twice = rows.duplicated(["customer_id", "ordered_at", "total"], keep="first")
    dup = rows.loc[twice]
    if dup.empty:
        return ("", "", 0.0)
    channel = str(dup["channel"].value_counts().idxmax())
    first = dup.loc[dup["channel"] == channel, "ordered_at"].min().strftime("%Y-%m")
    return (channel, first, float(len(dup)))
