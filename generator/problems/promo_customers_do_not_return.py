"""Customers won with deep 大促 discounts rarely buy again."""

from __future__ import annotations

import pandas as pd

from ..answer_key import clean, month_matrix
from ..config import CaseConfig
from ..registry import PlantedSpec, Problem, register_problem
from ..world import World
from ._common import DEFAULTS, SEVERITY, ts


def plant(world: World, spec: PlantedSpec) -> None:
    # Bargain hunters drawn in by the promotion: once the coupon is used, they drift away.
    start, s = ts(spec.start), spec.severity
    world.levers.pull("churn", 1 + 20 * s, start, promo_acquired="yes")
    world.levers.pull("purchase_rate", 1 - 0.95 * s, start, promo_acquired="yes")


#: Cohorts are compared at this age in months: a 90-day activity window makes churn show then.
AGE = 3


def summarize(world: World, spec: PlantedSpec) -> dict[str, float | None]:
    """Churn of the promotion cohort at age 3 months against other cohorts at the same age."""
    matrix = month_matrix(world.tables, "churn_rate", "cohort", world.report)
    months = list(matrix.index)
    at_age = {}
    for cohort in matrix.columns:
        if cohort in months and months.index(cohort) + AGE < len(months):
            at_age[cohort] = matrix.at[months[months.index(cohort) + AGE], cohort]
    series = pd.Series(at_age, dtype="float64").dropna()
    earlier = series[series.index < spec.segment]
    later = series[series.index > spec.segment]
    mean = lambda s: clean(s.mean()) if len(s) else None  # noqa: E731
    mine = clean(series[spec.segment]) if spec.segment in series else None
    return {"before": mean(earlier), "after": mine,
            "others_before": mean(earlier), "others_after": mean(later)}  # fmt: skip


def first_618(config: CaseConfig) -> pd.Timestamp:
    """The 618 pre-heat of the first year in the period (new customers arrive from then)."""
    year = config.start.year if config.start.month <= 5 else config.start.year + 1
    return pd.Timestamp(year=year, month=6, day=1)


register_problem(
    Problem(
        id="promo_customers_do_not_return",
        zh="大促拉来的新客不复购",
        en="Customers acquired in a promotion do not return",
        profiles=("ecommerce_retail",),
        indicators=("churn_rate", "retention_rate", "repurchase_rate"),
        dimension="cohort",
        direction="up",
        severity_range=SEVERITY,
        severity_default=DEFAULTS,
        action_zh="降低大促拉新对深度折扣的依赖，为大促新客设计首单后的复购激励（如老客专享券，"
        "案例：老客优惠券使复购提升20%），把新客成本与其后续复购一起评估",
        action_en="rely less on deep discounts to acquire customers in promotions, give promotion "
        "newcomers a reason to come back after the first order (e.g. returning-customer coupons: "
        "+20% repurchase in the case), and judge acquisition cost together with later repurchase",
        plant=plant,
        min_after_months=5,
        start_hint=first_618,
        summarize=summarize,
    )
)
