"""Consumer orders month by month: who buys, when, what, at which discount, and who churns.

Each month: alive customers place orders at their hidden rate (shaped by the calendar and by
levers), lines are drawn by product popularity, and at month end each customer may churn with a
hazard raised by short tenure and bad experiences. Orders carry a temporary integer key ``okey``
until :func:`finish_orders` numbers them by time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..columns import take_text
from ..indicators import Period
from ..rng import Stream, chunks, stream
from ..world import World

#: Devices by sales channel: (codes, shares). Offline channels have no device.
DEVICE_MIX: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "tmall": (("app", "mobile_web", "pc"), (0.7, 0.15, 0.15)),
    "jd": (("app", "mobile_web", "pc"), (0.65, 0.15, 0.2)),
    "douyin": (("app",), (1.0,)),
    "wechat_mini": (("mini_program",), (1.0,)),
    "app": (("app",), (1.0,)),
    "ota": (("app", "pc"), (0.75, 0.25)),
    "direct": (("pc", "mobile_web"), (0.55, 0.45)),
}
#: Hour-of-day weights of online orders: lunch and the evening peak.
_HOURS = np.array(
    [2, 1, 0.5, 0.3, 0.3, 0.5, 1, 2, 3, 4, 5, 5.5, 6, 5, 4.5, 4.5, 4.5, 5, 5.5, 6.5, 8, 9, 8, 5]
)


@dataclass(frozen=True)
class OrderModel:
    """A profile's ordering behaviour."""

    channels: dict[str, float]
    lines_extra: float = 0.35  # mean extra lines per order (Poisson)
    quantity_extra: float = 0.25  # mean extra units per line (Poisson)
    cancel_rate: float = 0.03
    refund_rate: float = 0.04
    #: Chance of a discount and its depth range, by promo phase (None = ordinary days).
    discounts: dict[str | None, tuple[float, float, float]] = field(
        default_factory=lambda: {
            None: (0.15, 0.05, 0.12),
            "prep": (0.1, 0.05, 0.1),
            "warmup": (0.3, 0.05, 0.15),
            "peak": (0.7, 0.1, 0.3),
            "tail": (0.4, 0.05, 0.2),
        }
    )
    #: Chance that a customer acquired in the period places a first order on arrival.
    first_order: float = 0.85
    season: str = "retail"
    with_store: bool = False
    #: Monthly churn multiplier in a customer's first six months (short tenure churns more).
    new_customer_churn: float = 2.0


STATIC = ("customer_id", "region", "segment", "acquisition_channel", "promo_acquired", "rate",
          "hazard", "satisfaction", "acquired_at")  # fmt: skip


def static_columns(world: World) -> dict[str, np.ndarray]:
    """Customers' unchanging hidden columns as numpy arrays, converted once per case.

    Text columns come back as object arrays; per-chunk slicing of these is cheap, unlike
    converting the table's Arrow-backed columns again in every month and chunk.
    """
    cache = world.hidden.get("customer_arrays")
    if cache is None:
        cust = world.hidden["customers"]
        cache = {col: cust[col].to_numpy() for col in STATIC if col in cust}
        world.hidden["customer_arrays"] = cache
    return cache


def _month_days(world: World, month: Period, season: str) -> tuple[np.ndarray, np.ndarray]:
    cal = world.calendar
    inside = ((cal["date"] >= month.start) & (cal["date"] < month.end)).to_numpy()
    days = cal["date"].to_numpy()[inside]
    weights = cal[season].to_numpy()[inside]
    return days, weights


def draw_month(world: World, m: int, month: Period, model: OrderModel) -> pd.DataFrame:
    """Orders of month ``m`` with their lines exploded (one row per line).

    Every draw comes from the stream of the customers' chunk, in the same order within it; the
    frame of the month is then built once from the chunks' arrays.
    """
    cust = world.hidden["customers"]
    products = world.tables["products"]
    popularity = world.hidden["products"]["popularity"].to_numpy()
    days, weights = _month_days(world, month, model.season)
    mean_factor = weights.sum() / 30.4375
    static = static_columns(world)
    churned_all = cust["churned_at"].to_numpy()
    lever_all = world.levers.factor(
        "purchase_rate", np.full(len(cust), month.start), region=static["region"],
        segment=static["segment"], promo_acquired=static["promo_acquired"],
    )  # fmt: skip
    month_ctx = _MonthContext.build(world, month, model, products, popularity)
    parts = []
    for index, lo, hi in chunks(len(cust)):
        rng = stream(world.seed, Stream.ORDERS, m, index)
        a = {k: v[lo:hi] for k, v in static.items()}
        churned = churned_all[lo:hi]
        alive = np.isnat(churned) | (churned > np.datetime64(month.start))
        acquired = a["acquired_at"]
        alive &= acquired < np.datetime64(month.end)
        lam = np.where(alive, a["rate"] * mean_factor * lever_all[lo:hi], 0.0)
        n = rng.poisson(lam)
        who = np.repeat(np.arange(lo, hi), n)
        when = days[rng.choice(len(days), size=len(who), p=weights / weights.sum())]
        when = when + (rng.choice(24, size=len(who), p=_HOURS / _HOURS.sum()) * 3600
                       + rng.integers(0, 3600, size=len(who))).astype("timedelta64[s]")  # fmt: skip
        keep = when >= acquired[who - lo]
        who, when = who[keep], when[keep]
        # Newly acquired customers place their first order when they arrive.
        arrive = (acquired >= np.datetime64(month.start)) & (acquired < np.datetime64(month.end))
        first = np.flatnonzero(arrive & (rng.random(hi - lo) < model.first_order))
        who = np.concatenate([who, first + lo])
        when = np.concatenate([when, acquired[first]]).astype("datetime64[s]")
        parts.append(_draw_orders(rng, model, m, index, who, when, static, month_ctx))
    return _month_frame(world, month, parts, static, products)


@dataclass(frozen=True)
class _MonthContext:
    """What every chunk of a month shares: SKU weights and each day's promotion phase."""

    sku_p: np.ndarray
    first_day: np.datetime64
    phase: np.ndarray  # per day of the month, object
    event: np.ndarray
    calendar: pd.DataFrame  # indexed by date, for days outside the month

    @classmethod
    def build(
        cls,
        world: World,
        month: Period,
        model: OrderModel,
        products: pd.DataFrame,
        popularity: np.ndarray,
    ) -> _MonthContext:
        cat = products["category"].to_numpy()
        demand = world.levers.factor(
            "category_demand", np.full(len(cat), month.start), category=cat
        )
        p = popularity * demand
        cal = world.calendar.set_index("date")
        month_days = pd.date_range(month.start, month.end, freq="D", inclusive="left")
        return cls(
            sku_p=p / p.sum(),
            first_day=np.datetime64(month.start, "D"),
            phase=cal["promo_phase"].reindex(month_days).to_numpy(dtype=object),
            event=cal["promo_event"].reindex(month_days).to_numpy(dtype=object),
            calendar=cal,
        )

    def days_of(self, when: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The promotion phase and event of each timestamp's day."""
        offset = (when.astype("datetime64[D]") - self.first_day).astype("int64")
        if len(offset) and (offset.min() < 0 or offset.max() >= len(self.phase)):
            day = pd.DatetimeIndex(when).normalize()
            return (self.calendar["promo_phase"].reindex(day).to_numpy(dtype=object),
                    self.calendar["promo_event"].reindex(day).to_numpy(dtype=object))  # fmt: skip
        return self.phase[offset], self.event[offset]


def _draw_orders(
    rng: np.random.Generator,
    model: OrderModel,
    m: int,
    chunk: int,
    who: np.ndarray,
    when: np.ndarray,
    cust: dict[str, np.ndarray],
    month: _MonthContext,
) -> dict[str, np.ndarray]:
    """One chunk's orders and lines: channel, device, SKUs, quantities and discount draws."""
    n = len(who)
    order_key = m * 1_000_000_000 + chunk * 10_000_000 + np.arange(n)
    channel = np.array(list(model.channels), dtype=object)
    shares = np.array(list(model.channels.values()))
    own = cust["acquisition_channel"][who]
    own_ok = np.isin(own, channel)
    chosen = np.where(own_ok & (rng.random(n) < 0.75), own,
                      channel[rng.choice(len(channel), size=n, p=shares / shares.sum())])  # fmt: skip
    device = np.full(n, None, dtype=object)
    for ch, (codes, p) in DEVICE_MIX.items():
        sel = chosen == ch
        device[sel] = np.array(codes, dtype=object)[rng.choice(len(codes), size=sel.sum(), p=p)]
    phase, event = month.days_of(when)
    # Lines: popularity-weighted SKUs, bent by the month's demand levers per category.
    n_lines = 1 + rng.poisson(model.lines_extra, size=n)
    line_order = np.repeat(np.arange(n), n_lines)
    sku = rng.choice(len(month.sku_p), size=len(line_order), p=month.sku_p)
    qty = 1 + rng.poisson(model.quantity_extra, size=len(line_order))
    phase_of_line = phase[line_order]
    chance = np.zeros(len(line_order))
    lo_d = np.zeros(len(line_order))
    hi_d = np.zeros(len(line_order))
    for key, (c, a, b) in model.discounts.items():
        sel = pd.isna(phase_of_line) if key is None else phase_of_line == key
        chance[sel], lo_d[sel], hi_d[sel] = c, a, b
    u_discounted = rng.random(len(line_order))
    u_rate = rng.uniform(lo_d, hi_d)
    return {
        "okey": order_key, "cidx": who, "ordered_at": when, "channel": chosen, "device": device,
        "promo_event": event, "promo_phase": phase, "line_order": line_order, "sku": sku,
        "qty": qty, "chance": chance, "u_discounted": u_discounted, "u_rate": u_rate,
    }  # fmt: skip


def _month_frame(
    world: World,
    month: Period,
    parts: list[dict[str, np.ndarray]],
    cust: dict[str, np.ndarray],
    products: pd.DataFrame,
) -> pd.DataFrame:
    """The month's rows, one per order line, from the chunks' draws (in chunk order)."""
    table = world.hidden["customers"]
    offsets = np.cumsum([0] + [len(p["okey"]) for p in parts[:-1]])
    col = {k: np.concatenate([p[k] for p in parts]) for k in parts[0] if k != "line_order"}
    line_order = np.concatenate(
        [p["line_order"] + off for p, off in zip(parts, offsets, strict=True)]
    )
    who, when, chosen, sku = col["cidx"], col["ordered_at"], col["channel"], col["sku"]
    cat = products["category"].to_numpy()
    price = products["unit_price"].to_numpy()[sku]
    depth = world.levers.factor(
        "discount_depth", when[line_order], category=cat[sku], channel=chosen[line_order]
    )
    often = world.levers.factor(
        "discount_chance", when[line_order], category=cat[sku], channel=chosen[line_order]
    )
    discounted = col["u_discounted"] < np.minimum(col["chance"] * np.sqrt(depth) * often, 0.95)
    rate = np.minimum(col["u_rate"] * depth, 0.7) * discounted
    gross = col["qty"] * price
    discount = np.round(gross * rate, 2)
    return pd.DataFrame(
        {
            "okey": col["okey"][line_order],
            "cidx": who[line_order],
            "customer_id": take_text(table["customer_id"], who[line_order]),
            "ordered_at": when[line_order],
            "channel": chosen[line_order],
            "device": col["device"][line_order],
            "promo_event": col["promo_event"][line_order],
            "promo_phase": col["promo_phase"][line_order],
            "region": take_text(table["region"], who[line_order]),
            "segment": take_text(table["segment"], who[line_order]),
            "sku_idx": sku,
            "sku_id": take_text(products["sku_id"], sku),
            "category": take_text(products["category"], sku),
            "quantity": col["qty"],
            "unit_price": price,
            "discount": discount,
            "amount": np.round(gross - discount, 2),
        }
    )


def settle(world: World, m: int, rows: pd.DataFrame, model: OrderModel) -> pd.DataFrame:
    """Per-order payment status: paid, cancelled before payment, or refunded later."""
    rng = stream(world.seed, Stream.ORDERS, m, 999_999)
    orders = rows.drop_duplicates("okey")[["okey", "ordered_at", "region", "category"]]
    n = len(orders)
    pay_delay = rng.integers(10, 1800, size=n).astype("timedelta64[s]")
    refund = model.refund_rate * world.levers.factor(
        "refund", orders["ordered_at"], region=orders["region"], category=orders["category"]
    )
    u = rng.random(n)
    status = np.where(u < model.cancel_rate, "cancelled",
                      np.where(u < model.cancel_rate + refund, "refunded", "paid"))  # fmt: skip
    paid_at = orders["ordered_at"].to_numpy() + pay_delay
    refunded_at = paid_at + rng.integers(86400, 10 * 86400, size=n).astype("timedelta64[s]")
    settled = pd.DataFrame(
        {
            "okey": orders["okey"].to_numpy(),
            "status": status,
            "paid_at": np.where(status == "cancelled", np.datetime64("NaT"), paid_at),
            "refunded_at": np.where(status == "refunded", refunded_at, np.datetime64("NaT")),
        }
    )
    return rows.merge(settled, on="okey", how="left")


def churn_step(world: World, m: int, month: Period, model: OrderModel) -> None:
    """At month end, alive customers churn with their hazard, tenure and experience."""
    cust = world.hidden["customers"]
    static = static_columns(world)
    churned = cust["churned_at"].to_numpy().copy()
    experience = cust["experience"].to_numpy()
    for index, lo, hi in chunks(len(cust)):
        rng = stream(world.seed, Stream.CHURN, m, index)
        a = {k: v[lo:hi] for k, v in static.items()}
        acquired = a["acquired_at"]
        alive = np.isnat(churned[lo:hi]) & (acquired < np.datetime64(month.end))
        tenure = (np.datetime64(month.end) - acquired).astype("timedelta64[D]").astype("int64")
        hazard = a["hazard"] * np.exp(-0.35 * a["satisfaction"])
        hazard = hazard * np.where(tenure < 183, model.new_customer_churn, 1.0)
        hazard = hazard * np.exp(-0.6 * experience[lo:hi])
        hazard = hazard * world.levers.factor(
            "churn", np.full(hi - lo, month.start), region=a["region"], segment=a["segment"],
            promo_acquired=a["promo_acquired"],
        )  # fmt: skip
        gone = alive & (rng.random(hi - lo) < np.minimum(hazard, 0.95))
        churned[lo:hi][gone] = np.datetime64(month.end)
    cust["churned_at"] = churned


def finish_orders(world: World, rows: pd.DataFrame) -> pd.Series:
    """Write ``orders`` and ``order_lines``; return the map okey → order id."""
    from ..schema.frames import conform

    rows = rows.sort_values(["ordered_at", "okey", "sku_idx"], kind="stable")
    heads = rows.drop_duplicates("okey")
    ids = pd.Series([f"O{i + 1:08d}" for i in range(len(heads))], index=heads["okey"].to_numpy())
    order_id = ids.reindex(heads["okey"]).to_numpy()
    world.tables["orders"] = conform(
        "orders",
        {
            "order_id": order_id,
            "customer_id": heads["customer_id"],
            "store_id": heads["store_id"] if "store_id" in heads else [None] * len(heads),
            "employee_id": heads["employee_id"] if "employee_id" in heads else [None] * len(heads),
            "ordered_at": heads["ordered_at"],
            "paid_at": heads["paid_at"],
            "status": heads["status"],
            "refunded_at": heads["refunded_at"],
            "channel": heads["channel"],
            "device": heads["device"],
            "promo_event": heads["promo_event"],
            "promo_phase": heads["promo_phase"],
            "campaign_id": heads["campaign_id"] if "campaign_id" in heads else [None] * len(heads),
        },
    )
    line_no = rows.groupby("okey", sort=False).cumcount().to_numpy() + 1
    world.tables["order_lines"] = conform(
        "order_lines",
        {
            "order_id": ids.reindex(rows["okey"]).to_numpy(),
            "line_no": line_no,
            "sku_id": rows["sku_id"],
            "quantity": rows["quantity"],
            "unit_price": rows["unit_price"],
            "discount": rows["discount"],
            "amount": rows["amount"],
        },
    )
    return ids
