"""Cooperation index indicators, 配合度指标 (seed 000, module 6).

All four are computed per account first (the accounts with at least one interaction row in the
period) and then pooled per group, so a region's value weighs its accounts by their activity.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .core import Ctx, Result, indicator, ratio, total
from .facts import cached, extended, rows_in, with_customer, with_team

SECTION = "cooperation"
_DIMS = ("region", "province", "segment", "rep", "team")
_TABLES = ("interactions", "customers")
_COHORT_ZH = "客户范围：本期至少有一条互动记录的客户"
_COHORT_EN = "accounts: those with at least one interaction row in the period"


def _accounts(ctx: Ctx) -> pd.DataFrame:
    """One row per account with its invited, joined, interaction and feedback totals."""
    sources = [ctx.table("interactions"), ctx.table("customers"), ctx.data.get("orders"),
               ctx.data.get("employees")]  # fmt: skip
    return cached(("accounts", ctx.period, ctx.split), sources, lambda: _build_accounts(ctx))


def _build_accounts(ctx: Ctx) -> pd.DataFrame:
    rows = ctx.table("interactions")
    rows = ctx.in_months(rows_in(rows, "scheduled_at", ctx.period), "scheduled_at")
    # Only feedback on interactions that took place counts, so the quality stays a share of them.
    graded = rows["feedback_submitted"] & rows["participated"]
    quality = rows["feedback_quality"].where(graded, 0.0).fillna(0.0)
    rows = rows.assign(
        invited_n=rows["invited"].astype("int64"),
        joined_n=(rows["invited"] & rows["participated"]).astype("int64"),
        held_n=rows["participated"].astype("int64"),
        quality=quality,
    )
    acc = ctx.sum_per(rows, "customer_id", ["invited_n", "joined_n", "held_n", "quality"])
    acc = with_customer(ctx, acc)
    customers = ctx.table("customers")[["customer_id", "account_manager_id"]]
    acc = acc.merge(customers, on="customer_id", how="left")
    return with_team(ctx, acc, "account_manager_id")


@indicator(
    "participation_rate", zh="客户参与度", en="Participation rate", unit="ratio", seeds=("000",),
    module=6, section=SECTION, tables=_TABLES, dimensions=_DIMS,
    formula_zh=f"客户参加了的受邀活动数 ÷ 受邀活动数；{_COHORT_ZH}",
    formula_en=f"activities the account took part in ÷ activities it was invited to; {_COHORT_EN}",
    month_cut="one_pass",
)  # fmt: skip
def participation_rate(ctx: Ctx) -> Result:
    acc = _accounts(ctx)
    return ratio(ctx.agg(acc, "joined_n", "sum"), ctx.agg(acc, "invited_n", "sum"),
                 "本期没有邀请", "no invitations in the period")  # fmt: skip


@indicator(
    "interaction_frequency", zh="互动频率", en="Interaction frequency", unit="per_account_month",
    seeds=("000",), module=6, section=SECTION, tables=_TABLES, dimensions=_DIMS,
    formula_zh=f"实际发生（客户参与）的互动次数 ÷（客户数 × 本期月数）；{_COHORT_ZH}",
    formula_en=f"interactions that took place (the account took part) ÷ (accounts × months in "
    f"the period); {_COHORT_EN}",
    month_cut="one_pass",
)  # fmt: skip
def interaction_frequency(ctx: Ctx) -> Result:
    acc = _accounts(ctx)
    accounts = ctx.agg(acc, "customer_id", "nunique")
    months = ctx.spread(ctx.span("months"), accounts.index)
    return ratio(ctx.agg(acc, "held_n", "sum"), accounts * months,
                 "本期没有互动客户", "no accounts with interactions")  # fmt: skip


@indicator(
    "feedback_quality", zh="反馈质量", en="Feedback quality", unit="ratio", seeds=("000",),
    module=6, section=SECTION, tables=_TABLES, dimensions=_DIMS,
    formula_zh=f"Σ 实际发生的互动中已提交反馈的质量评分（0-1）÷ 实际发生的互动次数，"
    f"即按质量加权的反馈提交率；{_COHORT_ZH}",
    formula_en=f"Σ quality grade (0-1) of feedback submitted on interactions that took place ÷ "
    f"interactions that took place: the feedback submission share weighted by quality; "
    f"{_COHORT_EN}",
    month_cut="one_pass",
)  # fmt: skip
def feedback_quality(ctx: Ctx) -> Result:
    acc = _accounts(ctx)
    return ratio(ctx.agg(acc, "quality", "sum"), ctx.agg(acc, "held_n", "sum"),
                 "本期没有实际发生的互动", "no interactions took place")  # fmt: skip


def _minmax(values: pd.Series) -> pd.Series:
    lo, hi = values.min(), values.max()
    if not np.isfinite(hi - lo) or hi == lo:
        return values.where(values.isna(), 0.5)  # no spread: nothing to rank by
    return (values - lo) / (hi - lo)


@indicator(
    "cooperation_index", zh="配合度指数", en="Cooperation index", unit="ratio", seeds=("000",),
    module=6, section=SECTION, tables=_TABLES, dimensions=_DIMS,
    params={"weights": (0.4, 0.3, 0.3)},
    formula_zh="先按客户算出参与度、互动频率、反馈质量，在全部客户中做最小-最大标准化"
    "（所有客户相同时记0.5），再按权重（默认 0.4 / 0.3 / 0.3）加权平均；某项缺失（如从未受邀）"
    f"时其余权重按比例放大；分组值为组内客户指数的平均值；{_COHORT_ZH}",
    formula_en="per account, participation, interaction frequency and feedback quality are min-max "
    "scaled within the whole cohort (0.5 when all accounts are equal), then averaged with "
    "weights (default 0.4 / 0.3 / 0.3); a missing component (never invited) is left out and the "
    f"other weights rescaled; a group's value is its accounts' mean index; {_COHORT_EN}",
    month_cut="one_pass",
)  # fmt: skip
def cooperation_index(ctx: Ctx) -> Result:
    weights = tuple(float(w) for w in ctx.params["weights"])
    if len(weights) != 3 or min(weights) < 0 or sum(weights) <= 0:
        raise ValueError("weights must be three non-negative numbers with a positive sum")
    acc = extended(_accounts(ctx), f"index{weights}",
                   lambda acc: {"index": _account_index(ctx, acc, weights)})  # fmt: skip
    return total(ctx.agg(acc, "index", "mean"), "本期没有互动客户", "no accounts with interactions")


def _account_index(ctx: Ctx, acc: pd.DataFrame, weights: tuple[float, ...]) -> pd.Series:
    """Each account's cooperation index among the accounts of its period."""
    held = acc["held_n"].astype("float64")
    months = ctx.at_rows(ctx.span("months"), acc)
    parts = pd.DataFrame({
        name: ctx.within_periods(values, acc, _minmax) for name, values in (
            ("p", acc["joined_n"] / acc["invited_n"].where(acc["invited_n"] > 0)),
            ("f", held / months),
            ("q", acc["quality"] / held.where(held > 0)),
        )
    })  # fmt: skip
    w = pd.DataFrame(np.tile(weights, (len(parts), 1)), columns=parts.columns, index=parts.index)
    w = w.where(parts.notna(), 0.0)
    return (parts.fillna(0.0) * w).sum(axis=1) / w.sum(axis=1).where(w.sum(axis=1) > 0)
