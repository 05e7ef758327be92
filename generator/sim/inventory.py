"""Stock: periodic replenishment by planners, stock-outs and lost sales, daily snapshots.

Every SKU starts with a few weeks of stock. Planners review each SKU every ``review_days`` (each
SKU on its own day of the cycle, so purchase orders spread out) and order up to the demand they
expect until the next delivery could arrive, plus safety stock; the delivery lands after a jittered
lead time. Their forecast knows the calendar (weekends, holidays, 大促 phases: that is how they
pre-stock for 618 and 双11), carries a per-SKU bias and fresh noise at each review, and is updated
monthly from the demand they saw. Order lines
that on-hand stock cannot serve are dropped (lost sales); an order that loses every line vanishes.
Discontinued SKUs sell down and are not reordered; a SKU is only active from its launch day.

Levers read here:

* ``restock`` (columns ``category``, ``best_seller``): scales what planners plan for each future
  day and what suppliers deliver on that day, so a factor < 1 over 爆发 under-stocks those SKUs
  for the peak and keeps them short until it ends (problem ``promo_stockout``). ``best_seller``
  is ``"yes"`` for the top ``best_seller_share`` of each category by popularity.
* ``overstock`` (column ``category``): scales the forecast at the review date, so planners keep
  ordering as if demand held (problem ``slow_moving_stock``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..calendar import build_calendar
from ..indicators import Period
from ..rng import Stream, stream
from ..schema.frames import conform
from ..world import World
from .arrays import order_starts, text

# Fixed sub-stream indices of Stream.INVENTORY; never renumber.
_S_INIT, _S_MONTH = 0, 1
#: Days of calendar beyond the period the planners can look ahead.
_LOOKAHEAD = 120
#: Variance of daily unit demand relative to its mean (orders of 1+Poisson units are overdispersed).
_DISPERSION = 1.5


@dataclass(frozen=True)
class StockPolicy:
    """How planners stock the shop.

    Parameters
    ----------
    cover_days
        Stock at the start of the period, in days of expected demand (each SKU sits somewhere in
        its replenishment cycle, so it holds between half and all of it).
    review_days
        Days between two reviews of the same SKU.
    lead_days
        Median supplier lead time in days.
    lead_jitter
        Lognormal spread of the lead time.
    safety_days
        Safety stock in days of the review window's mean daily demand.
    safety_z
        Extra safety against demand noise, in standard deviations of window demand.
    bias
        Lognormal spread of each SKU's persistent forecast bias.
    forecast_error
        Lognormal spread of the forecast error drawn at each review.
    promo_plan
        Share of the calendar's 大促 uplift that planners plan for (1 = all of it).
    prior_units
        Weight of the previous forecast, in units, in the monthly update.
    best_seller_share
        Share of each category's SKUs (by popularity) tagged ``best_seller = "yes"`` for the
        ``restock`` lever.
    sell_down_days
        Range of days of demand a discontinued SKU still holds at the start.
    """

    cover_days: float = 45.0
    review_days: int = 28
    lead_days: float = 12.0
    lead_jitter: float = 0.35
    safety_days: float = 12.0
    safety_z: float = 2.0
    bias: float = 0.2
    forecast_error: float = 0.15
    promo_plan: float = 0.9
    prior_units: float = 5.0
    best_seller_share: float = 0.05
    sell_down_days: tuple[float, float] = (0.0, 60.0)

    def __post_init__(self) -> None:
        if self.review_days < 1 or self.lead_days <= 0 or self.cover_days <= 0:
            raise ValueError("review_days must be ≥ 1; lead_days and cover_days must be > 0")
        if min(self.safety_days, self.safety_z, self.bias, self.forecast_error) < 0:
            raise ValueError("safety and error spreads must be ≥ 0")
        if not 0.0 < self.best_seller_share <= 1.0:
            raise ValueError("best_seller_share must be in (0, 1]")


@dataclass
class _State:
    """Planner and warehouse state carried from month to month (``world.hidden['inventory']``)."""

    sku_id: np.ndarray
    category: np.ndarray
    best_seller: np.ndarray
    discontinued: np.ndarray
    launch_day: np.ndarray  # day index from the period start (negative: before it)
    offset: np.ndarray  # review weekday of each SKU
    bias: np.ndarray
    plan_factor: np.ndarray  # planned calendar factor per day (period + look-ahead)
    restock: np.ndarray  # (days, SKUs) restock lever per planned day
    overstock: np.ndarray  # (days, SKUs) overstock lever per review day
    forecast: np.ndarray  # expected units per unit of calendar factor (≈ per ordinary day)
    on_hand: np.ndarray
    on_order: np.ndarray
    arrivals: np.ndarray  # (days + look-ahead, SKUs) units arriving each morning
    delisted: np.ndarray
    snapshots: list[tuple[np.ndarray, np.ndarray]]  # per day: (on_hand at end, active)
    lost: list[dict[str, np.ndarray]]  # per month: day, sku (index), units, lines
    lost_orders: list[dict[str, np.ndarray]]  # per month: _LOST_ORDER_COLUMNS


def best_sellers(category: np.ndarray, popularity: np.ndarray, share: float = 0.05) -> np.ndarray:
    """Whether each SKU is among the top ``share`` of its category by popularity (≥ 1 per category).

    Ranked within the category so that a problem aimed at one category's best sellers always
    finds some.

    Examples
    --------
    >>> best_sellers(np.array(["a", "a", "b"]), np.array([0.1, 0.5, 0.4])).tolist()
    [False, True, True]
    """
    frame = pd.DataFrame({"category": category, "popularity": popularity})
    rank = frame.groupby("category")["popularity"].rank(method="first", ascending=False)
    size = frame.groupby("category")["popularity"].transform("size")
    return (rank <= np.maximum(1, np.ceil(share * size))).to_numpy()


def _planned_factor(world: World, policy: StockPolicy, days: int) -> tuple[np.ndarray, Any]:
    cal = build_calendar(world.start, world.start + pd.Timedelta(days=days))
    factor = cal["retail"].to_numpy()
    promo = cal["promo_phase"].notna().to_numpy()
    # Planners expect most, not all, of a 大促's uplift.
    planned = np.where(promo & (factor > 1.0), 1.0 + policy.promo_plan * (factor - 1.0), factor)
    return planned, cal["date"].to_numpy()


def _init(world: World, policy: StockPolicy, rows: pd.DataFrame, month: Period) -> _State:
    products = world.tables["products"]
    popularity = world.hidden["products"]["popularity"].to_numpy(dtype="float64")
    n = len(products)
    n_days = world.period.days
    horizon = n_days + _LOOKAHEAD
    plan, dates = _planned_factor(world, policy, horizon)
    category = products["category"].to_numpy(dtype=object)
    best = np.where(best_sellers(category, popularity, policy.best_seller_share), "yes", "no")

    def grid(name: str, **cols: np.ndarray) -> np.ndarray:
        times = np.repeat(dates, n)
        tiled = {c: np.tile(v, horizon) for c, v in cols.items()}
        return world.levers.factor(name, times, **tiled).reshape(horizon, n)

    rng = stream(world.seed, Stream.INVENTORY, _S_INIT)
    offset = rng.integers(0, policy.review_days, size=n)
    bias = np.exp(policy.bias * rng.standard_normal(n) - policy.bias**2 / 2)
    start_share = rng.uniform(0.5, 1.0, size=n)
    sell_down = rng.uniform(*policy.sell_down_days, size=n)

    # Planners know the overall volume and which SKUs sell; month 0 tells the volume.
    month_days = slice(0, (month.end - month.start).days)
    units = float(rows["quantity"].sum())
    forecast = units / plan[month_days].sum() * popularity / popularity.sum()
    launch = ((products["launched_at"] - world.start).dt.days).to_numpy(dtype="int64")
    discontinued = (products["status"] == "discontinued").to_numpy()
    state = _State(
        sku_id=products["sku_id"].to_numpy(dtype=object),
        category=category,
        best_seller=best,
        discontinued=discontinued,
        launch_day=launch,
        offset=offset,
        bias=bias,
        plan_factor=plan,
        restock=grid("restock", category=category, best_seller=best),
        overstock=grid("overstock", category=category),
        forecast=forecast,
        on_hand=np.zeros(n, dtype="int64"),
        on_order=np.zeros(n, dtype="int64"),
        arrivals=np.zeros((horizon + 1, n), dtype="int64"),
        delisted=np.zeros(n, dtype=bool),
        snapshots=[],
        lost=[],
        lost_orders=[],
    )
    # First stock: on hand for old SKUs, the launch delivery for new ones.
    day0 = np.clip(launch, 0, n_days - 1)
    cover = int(np.ceil(policy.cover_days))
    total = np.concatenate([[0.0], np.cumsum(plan)])
    expect = forecast * bias * (total[day0 + cover] - total[day0])
    stock = np.ceil(expect * start_share + policy.safety_z * np.sqrt(_DISPERSION * expect))
    stock = np.where(discontinued, np.floor(forecast * bias * sell_down), stock).astype("int64")
    new = launch > 0
    state.on_hand[~new] = stock[~new]
    state.on_hand[new & discontinued] = 0
    np.add.at(
        state.arrivals,
        (launch[new & ~discontinued], np.flatnonzero(new & ~discontinued)),
        stock[new & ~discontinued],
    )
    state.on_order = state.arrivals[:n_days].sum(axis=0)
    state.delisted = discontinued & (state.on_hand == 0) & ~new
    return state


def _review(
    state: _State, policy: StockPolicy, d: int, rng_noise: np.ndarray, rng_lead: np.ndarray
) -> None:
    """Day ``d``'s replenishment orders of the SKUs due for review."""
    due = ((d + state.offset) % policy.review_days == 0) & ~state.discontinued
    due &= state.launch_day <= d
    sku = np.flatnonzero(due)
    if not len(sku):
        return
    window = int(np.ceil(policy.lead_days + policy.review_days))
    plan = state.plan_factor[d : d + window]
    restock = state.restock[d : d + window, sku]
    rate = state.forecast[sku] * state.bias[sku] * rng_noise[sku] * state.overstock[d, sku]
    # Expected demand until a delivery ordered at the next review arrives. (Window sums add
    # day by day, whatever the number of SKUs due.)
    mean = rate * plan.sum()
    planned = rate * np.cumsum(plan[:, None] * restock, axis=0)[-1]
    # Planners who under-plan a stretch of days keep no extra safety for it either.
    safety = policy.safety_days * mean / window + policy.safety_z * np.sqrt(_DISPERSION * mean)
    target = np.ceil(planned + safety * restock.min(axis=0)).astype("int64")
    qty = np.maximum(target - state.on_hand[sku] - state.on_order[sku], 0)
    sku, qty = sku[qty > 0], qty[qty > 0]
    lead = np.maximum(1, np.round(policy.lead_days * rng_lead[sku])).astype("int64")
    np.add.at(state.arrivals, (np.minimum(d + lead, len(state.arrivals) - 1), sku), qty)
    state.on_order[sku] += qty


def _serve_order(
    rows: pd.DataFrame, start: pd.Timestamp
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lines sorted by (day, SKU, time, order); each line's units demanded so far that day."""
    t = rows["ordered_at"].to_numpy(dtype="datetime64[s]")
    day = ((t - np.datetime64(start, "s")) // np.timedelta64(1, "D")).astype("int64")
    sku = rows["sku_idx"].to_numpy(dtype="int64")
    order = np.lexsort((np.arange(len(rows)), rows["okey"].to_numpy(), t, sku, day))
    q = rows["quantity"].to_numpy(dtype="int64")[order]
    total = np.cumsum(q)
    first = np.ones(len(order), dtype=bool)
    first[1:] = (day[order][1:] != day[order][:-1]) | (sku[order][1:] != sku[order][:-1])
    base = np.maximum.accumulate(np.where(first, total - q, 0))
    return order, day[order], total - base


def _fulfil(
    world: World, policy: StockPolicy, m: int, month: Period, rows: pd.DataFrame
) -> pd.DataFrame:
    if m == 0 or "inventory" not in world.hidden:
        world.hidden["inventory"] = _init(world, policy, rows, month)
    state: _State = world.hidden["inventory"]
    n = len(state.sku_id)
    first_day = (month.start - world.start).days
    n_days = (month.end - month.start).days
    rng = stream(world.seed, Stream.INVENTORY, _S_MONTH, m)
    noise = np.exp(
        policy.forecast_error * rng.standard_normal((n_days, n)) - policy.forecast_error**2 / 2
    )
    lead = np.exp(policy.lead_jitter * rng.standard_normal((n_days, n)))

    order, day, cum = _serve_order(rows, world.start)
    sku = rows["sku_idx"].to_numpy(dtype="int64")[order]
    qty = rows["quantity"].to_numpy(dtype="int64")[order]
    served = np.zeros(len(order), dtype=bool)
    stocked = np.zeros(len(order), dtype=bool)  # the SKU was on sale that day
    bounds = np.searchsorted(day, np.arange(first_day, first_day + n_days + 1))
    for i in range(n_days):
        d = first_day + i
        # A short ``restock`` also cuts what suppliers deliver on those days.
        due = state.arrivals[d]
        arrived = np.floor(due * state.restock[d]).astype("int64")
        state.arrivals[d] = arrived
        state.on_hand += arrived
        state.on_order -= due
        _review(state, policy, d, noise[i], lead[i])
        lo, hi = bounds[i], bounds[i + 1]
        on_sale = (state.launch_day <= d) & ~state.delisted
        s = sku[lo:hi]
        # First come, first served: once a line finds too little stock the SKU shows sold out
        # for the rest of the day, even if a smaller later line would have fitted.
        ok = on_sale[s] & (cum[lo:hi] <= state.on_hand[s])
        served[lo:hi], stocked[lo:hi] = ok, on_sale[s]
        state.on_hand -= np.bincount(s[ok], weights=qty[lo:hi][ok], minlength=n).astype("int64")
        active = on_sale & ~(state.discontinued & (state.on_hand == 0))
        state.delisted |= on_sale & ~active
        state.snapshots.append((state.on_hand.copy(), active))

    # Monthly forecast update from all demand seen (served or not), weighted against the prior.
    demand = np.bincount(sku, weights=qty, minlength=n)
    exposure = state.plan_factor[first_day : first_day + n_days].sum()
    prior = np.maximum(state.forecast, 1e-6)
    state.forecast = (demand + policy.prior_units) / (exposure + policy.prior_units / prior)

    keep = np.zeros(len(rows), dtype=bool)
    keep[order] = served
    lost = order[~served & stocked]
    if len(lost):
        state.lost.append(_lost_lines(state, rows, lost))
    okey = rows["okey"].to_numpy()
    first = order_starts(okey)
    gone = first[~np.isin(okey[first], okey[keep])]
    state.lost_orders.append({c: rows[c].to_numpy()[gone] for c in _LOST_ORDER_COLUMNS})
    if m == len(world.months()) - 1:  # nothing reads them before the loop ends
        world.hidden["lost_sales"] = _lost_frame(state)
        vanished = {c: np.concatenate([p[c] for p in state.lost_orders]) for c in
                    _LOST_ORDER_COLUMNS}  # fmt: skip
        world.hidden["lost_orders"] = pd.DataFrame(
            {c: text(v) if v.dtype == object else v for c, v in vanished.items()}
        )
    return rows.loc[keep].reset_index(drop=True)


#: What ``hidden["lost_orders"]`` keeps of an order that lost every line.
_LOST_ORDER_COLUMNS = ("okey", "cidx", "customer_id", "ordered_at", "channel", "device")


def _lost_lines(state: _State, rows: pd.DataFrame, lost: np.ndarray) -> dict[str, np.ndarray]:
    """Lost lines per day and SKU (day, sku index, units, lines), by date and SKU id."""
    sku = rows["sku_idx"].to_numpy(dtype="int64")[lost]
    day = rows["ordered_at"].to_numpy()[lost].astype("datetime64[D]").astype("int64")
    n = len(state.sku_id)
    rank = np.argsort(np.argsort(state.sku_id.astype(str), kind="stable"), kind="stable")
    keys, inverse = np.unique(day * n + rank[sku], return_inverse=True)
    return {
        "day": keys // n,
        "sku": np.argsort(rank)[keys % n],
        "units": np.bincount(inverse, weights=rows["quantity"].to_numpy()[lost]).astype("int64"),
        "lines": np.bincount(inverse).astype("int64"),
    }


def _lost_frame(state: _State) -> pd.DataFrame:
    """The lost lines so far as ``date``, ``sku_id``, ``category``, ``units``, ``lines``."""
    parts = state.lost or [{k: np.zeros(0, dtype="int64") for k in ("day", "sku", "units",
                                                                    "lines")}]  # fmt: skip
    lost = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    return pd.DataFrame(
        {
            "date": lost["day"].astype("datetime64[D]").astype("datetime64[s]"),
            "sku_id": pd.array(state.sku_id[lost["sku"]].astype(str), dtype="str"),
            "category": pd.array(state.category[lost["sku"]].astype(str), dtype="str"),
            "units": lost["units"],
            "lines": lost["lines"],
        }
    )


def fulfil_hook(policy: StockPolicy) -> Callable[[World, int, Period, pd.DataFrame], pd.DataFrame]:
    """The ``fulfil`` hook of :func:`generator.sim.consumer.run_consumer` for ``policy``.

    Each month it replays the days in order: deliveries arrive, due SKUs are reviewed and
    reordered, then the day's order lines (by order time) take stock; lines that find too little
    stock are dropped. After the last month, lost demand of SKUs on sale is in
    ``world.hidden["lost_sales"]`` (date, sku_id, category, units, lines), orders that lost every
    line (for any reason) in ``world.hidden["lost_orders"]``.

    Examples
    --------
    >>> from generator.sim.consumer import Hooks
    >>> hooks = Hooks(fulfil=fulfil_hook(StockPolicy(review_days=7)))
    """

    def fulfil(world: World, m: int, month: Period, rows: pd.DataFrame) -> pd.DataFrame:
        return _fulfil(world, policy, m, month, rows)

    return fulfil


def finish_inventory(world: World) -> None:
    """Write ``inventory_daily``: one row per active SKU per simulated day, stock at day end.

    A SKU is active from its launch day; a discontinued SKU until the day it sells out.

    Examples
    --------
    >>> # after run_consumer(world, model, Hooks(fulfil=fulfil_hook(StockPolicy())))
    >>> # finish_inventory(world); world.tables["inventory_daily"]
    """
    state: _State | None = world.hidden.get("inventory")
    if state is None:
        raise RuntimeError("finish_inventory needs the fulfil hook to have run")
    on_hand = np.stack([s[0] for s in state.snapshots])
    active = np.stack([s[1] for s in state.snapshots])
    day, sku = np.nonzero(active)  # row-major: by date, then SKU
    dates = world.start + pd.to_timedelta(day, unit="D")
    world.tables["inventory_daily"] = conform(
        "inventory_daily",
        {
            "date": pd.Series(dates),
            "sku_id": pd.Series(state.sku_id[sku]),
            "on_hand": pd.Series(on_hand[day, sku]),
        },
    )
