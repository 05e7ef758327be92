"""The monthly loop of a consumer business: orders, stock, service, experience and churn.

Order of steps inside a month is the causal order: customers order; stock decides what can be
delivered; deliveries create tickets and surveys; those experiences change each customer's churn
hazard at month end, which decides who is still there next month.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..indicators import Period
from ..world import World
from .orders import OrderModel, churn_step, draw_month, finish_orders, settle

Step = Callable[[World, int, Period, pd.DataFrame], pd.DataFrame]
Observer = Callable[[World, int, Period, pd.DataFrame], None]

#: How much of last month's experience a customer still feels.
EXPERIENCE_MEMORY = 0.7


@dataclass(frozen=True)
class Hooks:
    """Optional steps a profile plugs into the loop."""

    fulfil: Step | None = None  # stock: may drop lines that cannot be delivered
    assign: Step | None = None  # add columns such as store_id or campaign_id to orders
    service: Observer | None = None  # tickets and surveys; adds to customers' experience


def init_state(world: World) -> None:
    cust = world.hidden["customers"]
    cust["churned_at"] = pd.Series(pd.NaT, index=cust.index, dtype="datetime64[s]")
    cust["experience"] = 0.0
    cal = world.calendar.set_index("date")
    phase = cal["promo_phase"].reindex(pd.DatetimeIndex(cust["acquired_at"]).normalize())
    # Only customers won during a 大促 inside the period (earlier ones are long-standing by now).
    promo = phase.isin(["warmup", "peak"]).to_numpy() & cust["new_in_period"].to_numpy()
    cust["promo_acquired"] = np.where(promo, "yes", "no")


def run_consumer(world: World, model: OrderModel, hooks: Hooks) -> pd.DataFrame:
    """Simulate every month; write orders and order lines; return all order rows."""
    init_state(world)
    parts = []
    for m, month in enumerate(world.months()):
        rows = draw_month(world, m, month, model)
        if hooks.assign is not None:
            rows = hooks.assign(world, m, month, rows)
        if hooks.fulfil is not None:
            rows = hooks.fulfil(world, m, month, rows)
        rows = settle(world, m, rows, model)
        cust = world.hidden["customers"]
        cust["experience"] = cust["experience"] * EXPERIENCE_MEMORY
        if hooks.service is not None:
            hooks.service(world, m, month, rows)
        churn_step(world, m, month, model)
        parts.append(rows)
    rows = pd.concat(parts, ignore_index=True)
    world.hidden["order_ids"] = finish_orders(world, rows)
    return rows
