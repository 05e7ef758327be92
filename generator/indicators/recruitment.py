"""Merchant recruitment and account management indicators, 招商及客户管理 (seed 002, module 5)."""

from __future__ import annotations

import pandas as pd

from .core import Ctx, Result, indicator, ratio, total
from .facts import (
    cached_in_period,
    created_leads,
    expenses,
    extended,
    kept,
    signed_leads,
    with_team,
)
from .groups import subset

SECTION = "recruitment"
_DIMS = ("rep", "team", "region", "channel")
_SIGNED_ZH = "签约时间在本期的线索（阶段为已签约）"
_SIGNED_EN = "leads signed in the period (stage signed)"


@indicator(
    "recruitment_task_completion", zh="招商任务完成率", en="Recruitment target completion",
    unit="ratio", seeds=("002",), module=5, section=SECTION,
    tables=("leads", "targets", "employees"), dimensions=("rep", "team"),
    formula_zh=f"{_SIGNED_ZH}数 ÷ 本期各月签约项目数目标之和（按员工或团队）",
    formula_en=f"number of {_SIGNED_EN} ÷ the sum of the period's monthly signing targets (per "
    "rep or team)",
    month_cut="one_pass",
)  # fmt: skip
def recruitment_task_completion(ctx: Ctx) -> Result:
    targets = ctx.table("targets")

    def build() -> pd.DataFrame:
        chosen = subset(targets, ctx.period.contains(targets["month"]))
        return with_team(ctx, chosen, "employee_id")

    chosen = cached_in_period("targets", ctx.period, [targets, ctx.data.get("employees")], build)
    targets = ctx.in_months(chosen, "month")
    return ratio(
        ctx.agg(signed_leads(ctx), None, "size"),
        ctx.agg(targets, "signed_target", "sum"),
        "本期没有签约目标",
        "no signing target in the period",
    )


@indicator(
    "contract_amount", zh="签约金额", en="Contract amount", unit="CNY", seeds=("002",), module=5,
    section=SECTION, tables=("leads",), dimensions=_DIMS,
    formula_zh=f"Σ {_SIGNED_ZH}的签约金额", formula_en=f"Σ contract amount of {_SIGNED_EN}",
    month_cut="one_pass",
)  # fmt: skip
def contract_amount(ctx: Ctx) -> Result:
    return total(ctx.agg(signed_leads(ctx), "contract_amount", "sum"))


@indicator(
    "signed_clients", zh="签约客户数", en="Signed clients", unit="count", seeds=("002",), module=5,
    section=SECTION, tables=("leads",), dimensions=_DIMS,
    formula_zh=f"{_SIGNED_ZH}中去重的意向客户编号数",
    formula_en=f"distinct prospect ids among {_SIGNED_EN}",
    month_cut="one_pass",
)  # fmt: skip
def signed_clients(ctx: Ctx) -> Result:
    return total(ctx.agg(signed_leads(ctx), "prospect_id", "nunique"))


@indicator(
    "lead_conversion_rate", zh="销售转化率（线索）", en="Lead conversion rate", unit="ratio",
    seeds=("002",), module=5, section=SECTION, tables=("leads",), dimensions=_DIMS,
    formula_zh="本期创建的线索中已签约的数量 ÷ 本期创建的线索数（签约可在期后，截至数据导出时）",
    formula_en="leads created in the period that signed ÷ leads created in the period (signed at "
    "any time up to the data export)",
    month_cut="one_pass",
)  # fmt: skip
def lead_conversion_rate(ctx: Ctx) -> Result:
    leads = created_leads(ctx)
    return ratio(
        ctx.agg(kept(leads, "signed", lambda d: d["stage"] == "signed"), None, "size"),
        ctx.agg(leads, None, "size"),
        "本期没有新线索",
        "no leads created in the period",
    )


@indicator(
    "sales_cycle_days", zh="销售周期", en="Sales cycle", unit="days", seeds=("002",), module=5,
    section=SECTION, tables=("leads",), dimensions=_DIMS, higher_is_better=False,
    formula_zh=f"{_SIGNED_ZH}从创建到签约天数（含小数）的中位数",
    formula_en=f"median days (fractional) from creation to signing, over {_SIGNED_EN}",
    month_cut="one_pass",
)  # fmt: skip
def sales_cycle_days(ctx: Ctx) -> Result:
    leads = extended(signed_leads(ctx), "days", lambda d: {
        "days": (d["signed_at"] - d["created_at"]).dt.total_seconds() / 86400
    })  # fmt: skip
    return total(ctx.agg(leads, "days", "median"), "本期没有签约", "no signings in the period")


def _channel_costs(ctx: Ctx) -> pd.Series:
    e = expenses(ctx)
    return ctx.agg(kept(e, "sales", lambda d: d["category"] == "sales"), "amount", "sum")


@indicator(
    "channel_efficiency", zh="销售渠道效率", en="Sales channel efficiency", unit="times",
    seeds=("002",), module=5, section=SECTION, tables=("leads", "expenses"),
    dimensions=("channel",),
    formula_zh=f"按线索来源：{_SIGNED_ZH}的签约金额 ÷ 该来源的渠道成本（费用表中类别为销售费用、"
    "渠道为该来源的费用）；各来源的签约数 ÷ 线索数见“销售转化率”",
    formula_en=f"per lead source: contract amount of {_SIGNED_EN} ÷ that source's channel cost "
    "(sales expenses whose channel is the source); signed ÷ leads per source is the lead "
    "conversion rate",
    month_cut="one_pass",
)  # fmt: skip
def channel_efficiency(ctx: Ctx) -> Result:
    return ratio(ctx.agg(signed_leads(ctx), "contract_amount", "sum"), _channel_costs(ctx),
                 "本期该渠道没有成本", "no channel cost in the period")  # fmt: skip


@indicator(
    "sales_cost_ratio", zh="销售成本率", en="Sales cost ratio", unit="ratio", seeds=("002",),
    module=5, section=SECTION, tables=("leads", "expenses"), dimensions=("channel",),
    higher_is_better=False,
    formula_zh=f"本期销售费用（费用类别为销售）÷ {_SIGNED_ZH}的签约金额",
    formula_en=f"sales expenses in the period ÷ contract amount of {_SIGNED_EN}",
    month_cut="one_pass",
)  # fmt: skip
def sales_cost_ratio(ctx: Ctx) -> Result:
    return ratio(_channel_costs(ctx), ctx.agg(signed_leads(ctx), "contract_amount", "sum"),
                 "本期没有签约金额", "no contract amount in the period")  # fmt: skip
