"""Sales support and customer service indicators (seeds 004, 003; module 4)."""

from __future__ import annotations

import pandas as pd

from .core import Ctx, Result, indicator, ratio, total
from .facts import extended, kept, tickets

SECTION = "support"
_DIMS = ("team", "rep", "channel", "category", "store", "region", "province", "segment")
_TABLES = ("support_tickets",)
_COHORT_ZH = "以本期创建的工单为口径"
_COHORT_EN = "over tickets created in the period"


def _response_minutes(ctx: Ctx) -> pd.DataFrame:
    """Tickets created in the period with ``minutes`` to first response (NaN if never answered).

    Unanswered tickets stay as NaN rows so that a group whose tickets were never answered shows up
    as NaN with a note instead of disappearing from a cut; the statistics skip NaN.
    """
    t = tickets(ctx)
    return extended(t, "minutes", lambda d: {
        "minutes": (d["first_response_at"] - d["created_at"]).dt.total_seconds() / 60
    })  # fmt: skip


@indicator(
    "first_response_time", zh="响应时间（中位数）", en="First response time (median)",
    unit="minutes", seeds=("004", "003"), module=4, section=SECTION, tables=_TABLES,
    dimensions=_DIMS, higher_is_better=False,
    formula_zh=f"首次响应时间 − 创建时间 的中位数（分钟），{_COHORT_ZH}，未响应的工单不计",
    formula_en=f"median of first_response_at − created_at in minutes, {_COHORT_EN}; tickets never "
    "responded to are left out",
    month_cut="one_pass",
)  # fmt: skip
def first_response_time(ctx: Ctx) -> Result:
    t = _response_minutes(ctx)
    return total(ctx.agg(t, "minutes", "median"), "本期没有已响应的工单", "no responded tickets")


@indicator(
    "first_response_time_p90", zh="响应时间（P90）", en="First response time (90th percentile)",
    unit="minutes", seeds=("004",), module=4, section=SECTION, tables=_TABLES, dimensions=_DIMS,
    higher_is_better=False,
    formula_zh=f"首次响应时间 − 创建时间 的第90百分位数（分钟，线性插值），{_COHORT_ZH}",
    formula_en=f"90th percentile (linear interpolation) of first_response_at − created_at in "
    f"minutes, {_COHORT_EN}",
    month_cut="one_pass",
)  # fmt: skip
def first_response_time_p90(ctx: Ctx) -> Result:
    t = _response_minutes(ctx)
    return total(ctx.quantile(t, "minutes", 0.9), "本期没有已响应的工单", "no responded tickets")


@indicator(
    "resolution_rate", zh="问题解决率", en="Resolution rate", unit="ratio", seeds=("004", "003"),
    module=4, section=SECTION, tables=_TABLES, dimensions=_DIMS,
    formula_zh=f"已解决工单数 ÷ 工单数，{_COHORT_ZH}（解决时间可在期后，截至数据导出时）",
    formula_en=f"tickets resolved ÷ tickets, {_COHORT_EN} (resolved at any time up to the data "
    "export)",
    month_cut="one_pass",
)  # fmt: skip
def resolution_rate(ctx: Ctx) -> Result:
    t = tickets(ctx)
    return ratio(
        ctx.agg(kept(t, "resolved", lambda d: d["resolved_at"].notna()), None, "size"),
        ctx.agg(t, None, "size"),
        "本期没有新建工单",
        "no tickets created in the period",
    )


@indicator(
    "first_contact_resolution", zh="首次联系解决率", en="First-contact resolution", unit="ratio",
    seeds=("004",), module=4, section=SECTION, tables=_TABLES, dimensions=_DIMS,
    formula_zh=f"联系次数为1的已解决工单数 ÷ 已解决工单数，{_COHORT_ZH}",
    formula_en=f"resolved tickets with exactly one contact ÷ resolved tickets, {_COHORT_EN}",
    month_cut="one_pass",
)  # fmt: skip
def first_contact_resolution(ctx: Ctx) -> Result:
    def flags(t: pd.DataFrame) -> dict[str, pd.Series]:
        # Counted as sums over every ticket so a group with no resolved ticket gets a 0
        # denominator.
        resolved = t["resolved_at"].notna()
        first = resolved & (t["contacts"] == 1)
        return {"resolved": resolved.astype("float64"), "first": first.astype("float64")}

    t = extended(tickets(ctx), "first_contact", flags)
    return ratio(
        ctx.agg(t, "first", "sum"),
        ctx.agg(t, "resolved", "sum"),
        "本期没有已解决的工单",
        "no resolved tickets",
    )


@indicator(
    "resolution_time", zh="解决时长（中位数）", en="Resolution time (median)", unit="hours",
    seeds=("004",), module=4, section=SECTION, tables=_TABLES, dimensions=_DIMS,
    higher_is_better=False,
    formula_zh=f"解决时间 − 创建时间 的中位数（小时），{_COHORT_ZH}，未解决的工单不计",
    formula_en=f"median of resolved_at − created_at in hours, {_COHORT_EN}; open tickets left out",
    month_cut="one_pass",
)  # fmt: skip
def resolution_time(ctx: Ctx) -> Result:
    # Open tickets keep NaN hours, skipped by the median.
    t = extended(tickets(ctx), "hours", lambda d: {
        "hours": (d["resolved_at"] - d["created_at"]).dt.total_seconds() / 3600
    })  # fmt: skip
    return total(ctx.agg(t, "hours", "median"), "本期没有已解决的工单", "no resolved tickets")
