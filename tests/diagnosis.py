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
    matrix = observed_matrix(tables, indicator, dimension, period)
    if REGISTRY[indicator].unit in ("CNY", "count"):
        # Totals move with the season for everyone: compare each segment's share, on a log scale.
        matrix = np.log(matrix.where(matrix > 0))
    elif REGISTRY[indicator].unit == "times":
        # Multiples scale: a 大促 month multiplies every category's turnover. Compare ratios, on
        # a log scale.
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


#: Days after creation within which a lead counts as converted when dating a change in conversion.
CONVERSION_WINDOW_DAYS = 60


def observed_matrix(
    tables: Mapping[str, pd.DataFrame], indicator: str, dimension: str, period: Period
) -> pd.DataFrame:
    """Monthly values by segment, measured so that every month is judged on the same footing.

    Lead conversion by creation month is right-censored: leads of the last weeks have not had
    time to sign yet. It is measured instead on matured cohorts, as the share of a month's leads
    that signed within a fixed window after creation, for months whose window has closed.
    """
    contracts = tables.get("contracts")
    if indicator == "churn_rate" and contracts is not None and len(contracts):
        return _lapse_matrix(tables, dimension, period)
    if indicator != "lead_conversion_rate":
        return month_matrix(tables, indicator, dimension, period).astype("float64")
    window = pd.Timedelta(days=CONVERSION_WINDOW_DAYS)
    leads = tables["leads"]
    late = (leads["stage"] == "signed") & (leads["signed_at"] - leads["created_at"] > window)
    matured = {**tables, "leads": leads.assign(stage=leads["stage"].mask(late, "open"))}
    ind = REGISTRY[indicator]
    rows = {}
    for m in period.split_months():
        if m.end + window <= period.end:
            # Counts of a few signings a month: on the arcsine square-root scale their noise no
            # longer depends on the rate, so a weak recruiter's drop is judged as fairly as a
            # strong one's.
            rows[m.label] = np.arcsin(np.sqrt(ind.compute(matured, m, by=dimension)["value"]))
    return pd.DataFrame(rows).T.sort_index().astype("float64")


def _lapse_matrix(
    tables: Mapping[str, pd.DataFrame], dimension: str, period: Period
) -> pd.DataFrame:
    """Churn counted in the month the account's last contract ran out.

    The churn indicator sees an account whose contract ends at midnight on the 1st as active at
    the end of the month before, so it counts the loss a month after the account left. Dating a
    change, an analyst counts each lost account in the month of its last day under contract, out
    of the accounts under contract on that month's first day.
    """
    k = tables["contracts"]
    segment = tables["customers"].set_index("customer_id")[dimension]
    last = k.groupby("customer_id")["end_date"].max() - pd.Timedelta(days=1)
    last = last.loc[last < period.end - pd.Timedelta(days=1)]
    rows = {}
    for m in period.split_months()[:-1]:  # the last month's lapses are not all known yet
        live = k.loc[(k["start_date"] <= m.start) & (k["end_date"] > m.start), "customer_id"]
        live = pd.Index(live.unique())
        lost = last.index[m.contains(last).to_numpy()].intersection(live)
        base = segment.reindex(live).value_counts()
        rows[m.label] = (
            segment.reindex(lost).value_counts().reindex(base.index, fill_value=0) / base
        )
    return pd.DataFrame(rows).T.sort_index().astype("float64")


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
        # A month without data (no tickets at all) neither confirms nor breaks the new level.
        settled = not np.isnan(values[i]) and len(rest) >= 2 and bool((rest[:2] > half).all())
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
