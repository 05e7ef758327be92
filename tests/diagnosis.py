"""A reference diagnosis that reads only the public tables, as a careful analyst would.

Given the indicator and the dimension to look at, it finds the segment and the month where the
segment's gap to the other segments changed most, in the problem's direction. Each month counts
by the volume behind it (tickets, leads, responses, spend): a month of three tickets says less
than a month of thirty, as it would to an analyst pooling the rows rather than the monthly values.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from generator.indicators import REGISTRY, Period

#: Units compared on a log scale: totals move with the season for everyone (a segment's share is
#: what matters), multiples and waiting times scale (a 大促 month multiplies every category's
#: turnover; a fast team turning several times slower is as serious as a slow one doing so).
LOG_UNITS = ("CNY", "count", "times", "minutes", "hours", "days")
#: The column dating a table's rows, for statistics (medians) whose result has no denominator:
#: their volume is the number of rows behind them.
ROW_DATES = {"support_tickets": "created_at"}


def diagnose(
    tables: Mapping[str, pd.DataFrame],
    indicator: str,
    dimension: str,
    period: Period,
    direction: str,
    min_months: int = 2,
    baseline_months: int = 3,
    pulse: bool = False,
    only: str | None = None,
) -> tuple[str, str, float]:
    """(segment, start month, score): the strongest lasting shift of one segment vs the rest.

    A shift needs ``baseline_months`` of data before it (a level seen for two months cannot be
    told from the start of the series) and ``min_months`` after it. With ``pulse`` it looks for
    a single month that stands out instead of a lasting shift; ``only`` restricts the search to
    one segment (to date a shift already located).
    """
    matrix, volume = observed_matrix(tables, indicator, dimension, period)
    if indicator == "lead_conversion_rate":
        # Counts of a few signings a month: on the arcsine square-root scale their noise no
        # longer depends on the rate, so a weak recruiter's drop is judged as fairly as a
        # strong one's.
        matrix = np.arcsin(np.sqrt(matrix))
    if REGISTRY[indicator].unit in LOG_UNITS:
        # A zero (a channel without any attributed sale that month) is the strongest evidence
        # of a fall, not a gap in the data: it counts as a twentieth of the usual level.
        floor = 0.05 * float(np.nanmedian(matrix.where(matrix > 0).to_numpy()))
        matrix = np.log(matrix.where(matrix.isna(), matrix.clip(lower=floor)))
    volume = volume.where(matrix.notna())
    # Size before significance: segments with under 5% of the volume are left out.
    whole = REGISTRY[indicator].compute(tables, period, by=dimension)
    size = whole["denominator"].where(whole["denominator"].notna(), whole["value"].abs())
    if size.notna().any() and size.sum() > 0:
        keep = [c for c in matrix.columns if size.get(c, 0) >= 0.05 * size.sum()]
        matrix, volume = matrix[keep], volume[keep]
    sign = 1.0 if direction == "up" else -1.0
    best = ("", "", -np.inf)
    months = list(matrix.index)
    for segment in matrix.columns:
        if only is not None and segment != only:
            continue
        rest, rest_volume = matrix.drop(columns=[segment]), volume.drop(columns=[segment])
        # The other segments pooled, each by its volume: the rest of the company that month.
        others = (rest * rest_volume).sum(axis=1) / rest_volume.sum(axis=1)
        gap = (matrix[segment] - others) * sign
        # A month's gap is as precise as the volumes on both of its sides.
        weight = 1 / (1 / volume[segment] + 1 / rest_volume.sum(axis=1))
        if pulse:
            for k in range(len(months)):
                rest_gap = gap.drop(index=months[k]).dropna()
                if np.isnan(gap.iloc[k]) or len(rest_gap) < 2:
                    continue
                # Rates are on one scale across segments: a plain excess over the usual level
                # keeps tiny segments, whose one odd month has no spread to divide by, in check.
                score = gap.iloc[k] - float(rest_gap.median())
                if score > best[2]:
                    best = (str(segment), months[k], float(score))
            continue
        least = (baseline_months, min_months)
        for k in range(baseline_months, len(months) - min_months + 1):
            score = step_score(gap, weight, k, least)
            if score > best[2]:
                best = (str(segment), months[k], score)
    return best


def step_score(gap: pd.Series, weight: pd.Series, k: int, least: tuple[int, int]) -> float:
    """t statistic of a step in ``gap`` between months ``k - 1`` and ``k``, months weighted.

    A weighted least-squares fit of one level before and another after: the split with the
    largest t is the most likely change point. ``least`` is the number of months with data
    needed before and after.
    """
    x, w = gap.to_numpy(dtype="float64"), weight.to_numpy(dtype="float64")
    ok = ~(np.isnan(x) | np.isnan(w)) & (w > 0)
    before, after = ok.copy(), ok.copy()
    before[k:], after[:k] = False, False
    if before.sum() < least[0] or after.sum() < least[1]:
        return -np.inf
    wb, wa = w[before].sum(), w[after].sum()
    mb, ma = (w[before] * x[before]).sum() / wb, (w[after] * x[after]).sum() / wa
    rss = (w[before] * (x[before] - mb) ** 2).sum() + (w[after] * (x[after] - ma) ** 2).sum()
    spread = np.sqrt(rss / max(ok.sum() - 2, 1))
    if spread == 0:
        return -np.inf
    return float((ma - mb) / (spread * np.sqrt(1 / wb + 1 / wa)))


#: Days after creation within which a lead counts as converted when dating a change in conversion.
CONVERSION_WINDOW_DAYS = 60


def observed_matrix(
    tables: Mapping[str, pd.DataFrame], indicator: str, dimension: str, period: Period
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Monthly values by segment and the volume behind each, every month on the same footing.

    Lead conversion by creation month is right-censored: leads of the last weeks have not had
    time to sign yet. It is measured instead on matured cohorts, as the share of a month's leads
    that signed within a fixed window after creation, for months whose window has closed.
    """
    contracts = tables.get("contracts")
    if indicator == "churn_rate" and contracts is not None and len(contracts):
        return _lapse_matrix(tables, dimension, period)
    ind = REGISTRY[indicator]
    months = period.split_months()
    if indicator == "lead_conversion_rate":
        window = pd.Timedelta(days=CONVERSION_WINDOW_DAYS)
        leads = tables["leads"]
        late = (leads["stage"] == "signed") & (leads["signed_at"] - leads["created_at"] > window)
        tables = {**tables, "leads": leads.assign(stage=leads["stage"].mask(late, "open"))}
        months = [m for m in months if m.end + window <= period.end]
    results = {m.label: ind.compute(tables, m, by=dimension) for m in months}
    values = _frame({label: r["value"] for label, r in results.items()})
    # On a log scale a month's value is as precise as the count of events behind its numerator
    # (a ratio's relative noise shrinks with the sales it sums), so the numerator is its volume:
    # a month of three attributed sales says little about a channel's ROAS, whatever it spent.
    behind = "numerator" if ind.unit in LOG_UNITS else "denominator"
    volume = _frame({label: r[behind] for label, r in results.items()})
    if behind == "numerator" and volume.notna().any().any():
        volume = volume.clip(lower=0.05 * float(np.nanmedian(volume.where(volume > 0))))
    if volume.isna().all().all():
        volume = _volume_of_statistic(tables, indicator, dimension, values)
    return values, volume.reindex_like(values)


def _frame(rows: Mapping[str, pd.Series]) -> pd.DataFrame:
    return pd.DataFrame(rows).T.sort_index().astype("float64")


def _volume_of_statistic(
    tables: Mapping[str, pd.DataFrame], indicator: str, dimension: str, values: pd.DataFrame
) -> pd.DataFrame:
    """The volume behind a total or a statistic, which has no denominator.

    A total's own size (a category's revenue) is its volume; a median or mean counts the rows
    it is taken over, when its table dates them and carries the dimension; else months weigh
    the same.
    """
    ind = REGISTRY[indicator]
    if ind.unit in ("CNY", "count"):
        return values.abs()
    table = tables.get(ind.tables[0])
    when = ROW_DATES.get(ind.tables[0])
    if table is None or when is None or dimension not in table.columns:
        return pd.DataFrame(1.0, index=values.index, columns=values.columns)
    counts = pd.crosstab(table[when].dt.strftime("%Y-%m"), table[dimension])
    return counts.reindex(index=values.index, columns=values.columns).astype("float64")


def _lapse_matrix(
    tables: Mapping[str, pd.DataFrame], dimension: str, period: Period
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Churn counted in the month the account's last contract ran out, with the accounts at risk.

    The churn indicator sees an account whose contract ends at midnight on the 1st as active at
    the end of the month before, so it counts the loss a month after the account left. Dating a
    change, an analyst counts each lost account in the month of its last day under contract, out
    of the accounts under contract on that month's first day.
    """
    k = tables["contracts"]
    segment = tables["customers"].set_index("customer_id")[dimension]
    last = k.groupby("customer_id")["end_date"].max() - pd.Timedelta(days=1)
    last = last.loc[last < period.end - pd.Timedelta(days=1)]
    rows, bases = {}, {}
    for m in period.split_months()[:-1]:  # the last month's lapses are not all known yet
        live = k.loc[(k["start_date"] <= m.start) & (k["end_date"] > m.start), "customer_id"]
        live = pd.Index(live.unique())
        lost = last.index[m.contains(last).to_numpy()].intersection(live)
        bases[m.label] = base = segment.reindex(live).value_counts()
        rows[m.label] = (
            segment.reindex(lost).value_counts().reindex(base.index, fill_value=0) / base
        )
    return _frame(rows), _frame(bases)


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
