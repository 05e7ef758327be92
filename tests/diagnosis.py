"""A reference diagnosis that reads only the public tables, as a careful analyst would.

Given the indicator and the dimension to look at, it finds the segment and the month where the
segment's gap to the other segments changed most, in the problem's direction.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from generator.answer_key import month_matrix
from generator.indicators import Period


def diagnose(
    tables: Mapping[str, pd.DataFrame],
    indicator: str,
    dimension: str,
    period: Period,
    direction: str,
    min_months: int = 2,
    pulse: bool = False,
) -> tuple[str, str, float]:
    """(segment, start month, score): the strongest lasting shift of one segment vs the rest.

    With ``pulse`` it looks for a single month that stands out instead of a lasting shift.
    """
    matrix = month_matrix(tables, indicator, dimension, period).astype("float64")
    sign = 1.0 if direction == "up" else -1.0
    best = ("", "", -np.inf)
    months = list(matrix.index)
    for segment in matrix.columns:
        others = matrix.drop(columns=[segment]).mean(axis=1)
        gap = (matrix[segment] - others) * sign
        noise = float(np.nanstd(gap.diff().to_numpy())) or 1.0
        if pulse:
            for k in range(len(months)):
                rest = gap.drop(index=months[k]).dropna()
                if np.isnan(gap.iloc[k]) or len(rest) < 2:
                    continue
                score = (gap.iloc[k] - rest.mean()) / (float(rest.std()) or 1.0)
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
                best = (str(segment), months[k], float(score))
    return best
