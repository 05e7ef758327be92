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

from ..columns import prefixed_ids, take_text
from ..indicators import Period
from ..rng import CHUNK, RowDraws, Stream, chunks, stream
from ..world import World
from .arrays import cdf, index_of, order_starts, text

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
    #: Monthly churn multiplier of a new customer (short tenure churns more).
    new_customer_churn: float = 2.0
    #: None: the multiplier holds for the first six months (trial buyers leave early). Else the
    #: extra fades with tenure by e every this many days: an account's risk falls over its first
    #: contract years, as in Telco churn (53% under six months, 9.5% after four years).
    tenure_fade_days: float | None = None


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


@dataclass(frozen=True)
class _Calendar:
    """Each calendar day's promotion phase and event and its discount terms, once per case."""

    first_day: np.datetime64
    phase: np.ndarray  # object: phase code or NaN
    event: np.ndarray
    chance: np.ndarray  # discount chance, lowest and highest depth by the day's phase
    low: np.ndarray
    high: np.ndarray
    ordinary: tuple[float, float, float]  # the terms of a day without a phase

    @classmethod
    def of(cls, world: World, model: OrderModel) -> _Calendar:
        cached = world.hidden.get("order_calendar")
        if cached is not None and cached[0] is model:
            return cached[1]
        cal = world.calendar
        phase = cal["promo_phase"].to_numpy(dtype=object)
        chance, low, high = (np.zeros(len(cal)) for _ in range(3))
        for key_phase, (c, a, b) in model.discounts.items():
            sel = pd.isna(phase) if key_phase is None else phase == key_phase
            chance[sel], low[sel], high[sel] = c, a, b
        out = cls(
            first_day=np.datetime64(cal["date"].iloc[0], "D"),
            phase=phase,
            event=cal["promo_event"].to_numpy(dtype=object),
            chance=chance,
            low=low,
            high=high,
            ordinary=model.discounts.get(None, (0.0, 0.0, 0.0)),
        )
        world.hidden["order_calendar"] = (model, out)
        return out

    def day_index(self, when: np.ndarray) -> np.ndarray:
        """Each timestamp's day in the calendar; -1 outside it."""
        day = (when.astype("datetime64[D]") - self.first_day).astype("int64")
        return np.where((day >= 0) & (day < len(self.phase)), day, -1)

    def at(self, values: np.ndarray, day: np.ndarray, missing: object = np.nan) -> np.ndarray:
        out = values[np.maximum(day, 0)]
        if (day < 0).any():
            out = out.copy()
            out[day < 0] = missing
        return out


@dataclass(frozen=True)
class _Month:
    """What every chunk of a month shares: its days, the draw weights, the channels."""

    days: np.ndarray
    weight_sum: float  # of the days' calendar weights
    day_cdf: np.ndarray
    hour_cdf: np.ndarray
    sku_cdf: np.ndarray
    channels: np.ndarray
    channel_cdf: np.ndarray
    #: (code of a sales channel in ``channels``, its devices' codes in ``device_names``, cdf)
    devices: list[tuple[int, np.ndarray, np.ndarray]]
    device_names: np.ndarray  # every device, then None (code −1: no device)
    calendar: _Calendar

    @classmethod
    def build(cls, world: World, month: Period, model: OrderModel) -> _Month:
        days, weights = _month_days(world, month, model.season)
        popularity = world.hidden["products"]["popularity"].to_numpy()
        cat = _product_arrays(world)["category"]
        demand = world.levers.factor(
            "category_demand", np.full(len(cat), month.start), category=cat
        )
        p = popularity * demand
        shares = np.array(list(model.channels.values()))
        return cls(
            days=days,
            weight_sum=weights.sum(),
            day_cdf=cdf(weights / weights.sum()),
            hour_cdf=cdf(_HOURS / _HOURS.sum()),
            sku_cdf=cdf(p / p.sum()),
            channels=np.array(list(model.channels), dtype=object),
            channel_cdf=cdf(shares / shares.sum()),
            # A sales channel the model does not sell on never gets an order, hence no draws.
            devices=[
                (
                    list(model.channels).index(ch),
                    np.array([_DEVICES.index(c) for c in codes]),
                    cdf(np.asarray(w, dtype="float64")),
                )
                for ch, (codes, w) in DEVICE_MIX.items()
                if ch in model.channels
            ],
            device_names=np.array([*_DEVICES, None], dtype=object),
            calendar=_Calendar.of(world, model),
        )


#: Every device of :data:`DEVICE_MIX`, in order of first mention.
_DEVICES = list(dict.fromkeys(d for codes, _ in DEVICE_MIX.values() for d in codes))


def _own_channels(world: World, model: OrderModel) -> np.ndarray:
    """Each customer's acquisition channel as a code of ``model.channels`` (−1: not one)."""
    cached = world.hidden.get("own_channels")
    if cached is not None and cached[0] is model:
        return cached[1]
    own = static_columns(world)["acquisition_channel"]
    codes = {ch: i for i, ch in enumerate(model.channels)}
    index, values = pd.factorize(own)
    out = np.array([*(codes.get(c, -1) for c in values), -1])[index]  # missing: −1
    world.hidden["own_channels"] = (model, out)
    return out


def _month_days(world: World, month: Period, season: str) -> tuple[np.ndarray, np.ndarray]:
    dates = world.calendar["date"].to_numpy()
    inside = (dates >= np.datetime64(month.start)) & (dates < np.datetime64(month.end))
    return dates[inside], world.calendar[season].to_numpy()[inside]


def _product_arrays(world: World) -> dict[str, np.ndarray]:
    """Products' columns the order rows need, as numpy arrays (text as objects), once per case."""
    cache = world.hidden.get("product_arrays")
    if cache is None:
        products = world.tables["products"]
        cache = {
            "sku_id": products["sku_id"].to_numpy(dtype=object),
            "category": products["category"].to_numpy(dtype=object),
            "unit_price": products["unit_price"].to_numpy(),
        }
        world.hidden["product_arrays"] = cache
    return cache


def draw_month(world: World, m: int, month: Period, model: OrderModel) -> pd.DataFrame:
    """Orders of month ``m`` with their lines exploded (one row per line).

    Every draw comes from the stream of the customers' chunk, in the same order within it: the
    chunks' streams are called step by step, and all that only transforms the draws is done
    once for the month on every chunk's rows.
    """
    static = static_columns(world)
    n_cust = len(static["rate"])
    ctx = _Month.build(world, month, model)
    mean_factor = ctx.weight_sum / 30.4375
    churned_all = world.hidden["customers"]["churned_at"].to_numpy()
    lever_all = world.levers.factor(
        "purchase_rate", np.full(n_cust, month.start), region=static["region"],
        segment=static["segment"], promo_acquired=static["promo_acquired"],
    )  # fmt: skip
    start, end = np.datetime64(month.start), np.datetime64(month.end)
    acquired_all = static["acquired_at"]
    alive_all = (np.isnat(churned_all) | (churned_all > start)) & (acquired_all < end)
    lam_all = np.where(alive_all, static["rate"] * mean_factor * lever_all, 0.0)
    arrive_all = (acquired_all >= start) & (acquired_all < end)
    # Each customer's chunk stream draws its orders, their day, hour and second, and which
    # newly acquired customers order on arrival; then each order's and line's draws.
    chunk = RowDraws(world.seed, Stream.ORDERS, np.arange(n_cust) // CHUNK, m)
    who = np.repeat(np.arange(n_cust), chunk.poisson(lam_all))
    drawn = chunk.take(who)
    when = ctx.days[drawn.index(ctx.day_cdf)]
    when = when + (drawn.index(ctx.hour_cdf) * 3600
                   + drawn.integers(0, 3600)).astype("timedelta64[s]")  # fmt: skip
    keep = when >= acquired_all[who]
    first = np.flatnonzero(arrive_all & (chunk.random() < model.first_order))
    # A chunk's orders: its customers' drawn orders, then its first orders on arrival.
    who = np.concatenate([who[keep], first])
    when = np.concatenate([when[keep], acquired_all[first]]).astype("datetime64[s]")
    by_chunk = np.argsort(who // CHUNK, kind="stable")
    who, when = who[by_chunk], when[by_chunk]
    orders = chunk.take(who)
    draws = _draw_orders(orders, model, ctx, who, when, _own_channels(world, model)[who])
    sizes = np.bincount(who // CHUNK, minlength=(n_cust + CHUNK - 1) // CHUNK)
    draws["okey"] = np.concatenate([order_keys(m, index, int(n)) for index, n in enumerate(sizes)])
    return _month_frame(world, ctx, [draws], static)


def _draw_orders(
    r: RowDraws,
    model: OrderModel,
    month: _Month,
    who: np.ndarray,
    when: np.ndarray,
    own: np.ndarray,
) -> dict[str, np.ndarray]:
    """The orders' draws and their lines', each from its customers' chunk stream (``r``, one
    row per order), in the streams' fixed order.

    Channels and devices are codes (``own``: each order's customer's channel in the model, −1
    when it is not one of them; devices −1 for none).
    """
    n = len(who)
    stay = (own >= 0) & (r.random() < 0.75)
    chosen = np.where(stay, own, r.index(month.channel_cdf))
    device = np.full(n, -1)
    for ch, codes, cum in month.devices:
        sel = chosen == ch
        device[sel] = codes[r.take(sel).index(cum)]
    day = month.calendar.day_index(when)
    # Lines: popularity-weighted SKUs, bent by the month's demand levers per category.
    n_lines = 1 + r.poisson(model.lines_extra)
    line_order = np.repeat(np.arange(n), n_lines)
    lines = r.take(line_order)
    sku = index_of(month.sku_cdf, lines.random())
    qty = 1 + lines.poisson(model.quantity_extra)
    line_day = day[line_order]
    cal = month.calendar
    u_discounted = lines.random()
    u_rate = lines.uniform(cal.at(cal.low, line_day, cal.ordinary[1]),
                           cal.at(cal.high, line_day, cal.ordinary[2]))  # fmt: skip
    return {
        "cidx": who, "ordered_at": when, "channel": chosen, "device": device, "day": day,
        "n_lines": n_lines, "sku": sku, "qty": qty, "u_discounted": u_discounted,
        "u_rate": u_rate,
    }  # fmt: skip


def _month_frame(
    world: World, month: _Month, parts: list[dict[str, np.ndarray]], cust: dict[str, np.ndarray]
) -> pd.DataFrame:
    """The month's rows, one per order line, from the chunks' draws (in chunk order)."""
    col = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    line_order = np.repeat(np.arange(len(col["okey"])), col["n_lines"])
    who, when, sku = col["cidx"], col["ordered_at"], col["sku"]
    chosen = month.channels[col["channel"]]
    products = _product_arrays(world)
    cal = month.calendar
    cat = products["category"][sku]
    price = products["unit_price"][sku]
    line_when, line_channel = when[line_order], chosen[line_order]
    depth = world.levers.factor("discount_depth", line_when, category=cat, channel=line_channel)
    often = world.levers.factor("discount_chance", line_when, category=cat, channel=line_channel)
    chance = cal.at(cal.chance, col["day"][line_order], cal.ordinary[0])
    discounted = col["u_discounted"] < np.minimum(chance * np.sqrt(depth) * often, 0.95)
    rate = np.minimum(col["u_rate"] * depth, 0.7) * discounted
    gross = col["qty"] * price
    discount = np.round(gross * rate, 2)
    line_who = who[line_order]
    day = col["day"][line_order]
    return pd.DataFrame(
        {
            "okey": col["okey"][line_order],
            "cidx": line_who,
            "customer_id": text(cust["customer_id"][line_who]),
            "ordered_at": line_when,
            "channel": text(line_channel),
            "device": text(month.device_names[col["device"][line_order]]),
            "promo_event": text(cal.at(cal.event, day)),
            "promo_phase": text(cal.at(cal.phase, day)),
            "region": text(cust["region"][line_who]),
            "segment": text(cust["segment"][line_who]),
            "sku_idx": sku,
            "sku_id": text(products["sku_id"][sku]),
            "category": text(cat),
            "quantity": col["qty"],
            "unit_price": price,
            "discount": discount,
            "amount": np.round(gross - discount, 2),
        }
    )


#: Order keys are (month × CHUNKS_PER_RUN + chunk) × ORDERS_PER_CHUNK + draw.
ORDERS_PER_CHUNK = 10_000_000
CHUNKS_PER_RUN = 1_000


def order_keys(m: int, chunk: int, n: int) -> np.ndarray:
    """Run-wide unique keys of a chunk's ``n`` orders in month ``m``, increasing with
    (month, chunk, draw): a chunk holds fewer than 10 million orders a month, and a run fewer
    than 1,000 chunks (500,000 customers)."""
    return (m * CHUNKS_PER_RUN + chunk) * ORDERS_PER_CHUNK + np.arange(n, dtype="int64")


def chunk_of(okey: np.ndarray) -> np.ndarray:
    """The customers' chunk of each order key made by :func:`order_keys`."""
    return (np.asarray(okey, dtype="int64") // ORDERS_PER_CHUNK) % CHUNKS_PER_RUN


def order_draws(world: World, key: Stream, okey: np.ndarray, *indices: int) -> RowDraws:
    """Draws for rows of orders (keys ``okey``), each from its customers' chunk stream."""
    return RowDraws(world.seed, key, chunk_of(okey), *indices)


#: Payment statuses by code (0: cancelled, 1: refunded, 2: paid).
_STATUSES = np.array(["cancelled", "refunded", "paid"], dtype=object)


def settle(world: World, m: int, rows: pd.DataFrame, model: OrderModel) -> pd.DataFrame:
    """Per-order payment status: paid, cancelled before payment, or refunded later.

    Each order's draws come from its customers' chunk stream, so a block of customers settles
    the same alone or in a bigger run.
    """
    okey = rows["okey"].to_numpy()
    starts = order_starts(okey)
    n = len(starts)
    draws = order_draws(world, Stream.PAYMENTS, okey[starts], m)
    at = rows["ordered_at"].to_numpy()[starts]
    pay_delay = draws.integers(10, 1800).astype("timedelta64[s]")
    refund = model.refund_rate * world.levers.factor(
        "refund", at, region=rows["region"].to_numpy()[starts],
        category=rows["category"].to_numpy()[starts],
    )  # fmt: skip
    u = draws.random()
    code = np.where(u < model.cancel_rate, 0, np.where(u < model.cancel_rate + refund, 1, 2))
    status = _STATUSES[code]
    paid_at = at + pay_delay
    refunded_at = paid_at + draws.integers(86400, 10 * 86400).astype("timedelta64[s]")
    paid_at = np.where(code == 0, np.datetime64("NaT"), paid_at)
    refunded_at = np.where(code == 1, refunded_at, np.datetime64("NaT"))
    of_row = np.repeat(np.arange(n), np.diff(np.r_[starts, len(okey)]))
    rows = rows.copy(deep=False)  # new columns only: the month's rows stay as they are
    rows["status"] = text(status[of_row])
    rows["paid_at"] = paid_at[of_row]
    rows["refunded_at"] = refunded_at[of_row]
    return rows


def churn_step(world: World, m: int, month: Period, model: OrderModel) -> None:
    """At month end, alive customers churn with their hazard, tenure and experience."""
    cust = world.hidden["customers"]
    a = static_columns(world)
    churned = cust["churned_at"].to_numpy().copy()
    experience = cust["experience"].to_numpy()
    acquired = a["acquired_at"]
    alive = np.isnat(churned) & (acquired < np.datetime64(month.end))
    tenure = (np.datetime64(month.end) - acquired).astype("timedelta64[D]").astype("int64")
    hazard = a["hazard"] * np.exp(-0.35 * a["satisfaction"])
    if model.tenure_fade_days is None:
        hazard = hazard * np.where(tenure < 183, model.new_customer_churn, 1.0)
    else:
        fade = np.exp(-np.maximum(tenure, 0) / model.tenure_fade_days)
        hazard = hazard * (1 + (model.new_customer_churn - 1) * fade)
    hazard = hazard * np.exp(-0.6 * experience)
    hazard = hazard * world.levers.factor(
        "churn", np.full(len(acquired), month.start), region=a["region"], segment=a["segment"],
        promo_acquired=a["promo_acquired"],
    )  # fmt: skip
    u = np.empty(len(acquired))
    for index, lo, hi in chunks(len(acquired)):
        u[lo:hi] = stream(world.seed, Stream.CHURN, m, index).random(hi - lo)
    churned[alive & (u < np.minimum(hazard, 0.95))] = np.datetime64(month.end)
    cust["churned_at"] = churned


def _time_order(rows: pd.DataFrame, starts: np.ndarray) -> np.ndarray:
    """Row order by (ordered_at, okey, sku_idx), stable, as sorting the frame by them gives.

    The three keys are packed into one integer when they fit (seconds since the first order,
    the order's rank among increasing keys, the SKU), which sorts faster than three keys.
    """
    when, okey, sku = (rows[c].to_numpy() for c in ("ordered_at", "okey", "sku_idx"))
    increasing = len(starts) < 2 or bool((okey[starts][1:] > okey[starts][:-1]).all())
    if (
        len(when)
        and when.dtype == np.dtype("datetime64[s]")
        and increasing
        and not np.isnat(when).any()
    ):
        seconds = when.astype("int64") - when.astype("int64").min()
        rank = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(okey)]))
        bits = [int(x.max()).bit_length() for x in (seconds, rank, sku)]
        if sku.min() >= 0 and sum(bits) <= 62:
            key = (seconds << (bits[1] + bits[2])) | (rank << bits[2]) | sku.astype("int64")
            return np.argsort(key, kind="stable")
    return np.lexsort((sku, okey, when))


def _column(rows: pd.DataFrame, name: str, at: np.ndarray) -> np.ndarray:
    """``rows[name]`` at positions ``at``; all missing when the hooks did not add the column."""
    if name not in rows:
        return np.full(len(at), None, dtype=object)
    return rows[name].to_numpy()[at]


def finish_orders(world: World, rows: pd.DataFrame) -> pd.Series:
    """Write ``orders`` and ``order_lines``; return the map okey → order id."""
    from ..schema.frames import conform

    okey = rows["okey"].to_numpy()
    starts = order_starts(okey)  # the loop's rows keep each order's lines together
    n_orders = len(starts)
    order = _time_order(rows, starts)
    okey = okey[order]
    head = np.flatnonzero(np.r_[True, okey[1:] != okey[:-1]]) if len(okey) else order[:0]
    if len(head) != n_orders:  # as many runs as orders: every order is one run
        raise ValueError("an order's lines must share one order time")
    first = order[head]
    number = np.repeat(np.arange(len(head)), np.diff(np.r_[head, len(okey)]))
    ids = prefixed_ids("O", np.arange(1, len(head) + 1), 8)
    world.tables["orders"] = conform(
        "orders",
        {
            "order_id": ids,
            # Ids in one Arrow take from the customers and products (the rows' text is theirs).
            "customer_id": take_text(
                world.hidden["customers"]["customer_id"], rows["cidx"].to_numpy()[first]
            ),
            **{c: _column(rows, c, first) for c in ("store_id", "employee_id", "ordered_at",
                                                      "paid_at", "status", "refunded_at",
                                                      "channel", "device", "promo_event",
                                                      "promo_phase", "campaign_id")},
        },
    )  # fmt: skip
    world.tables["order_lines"] = conform(
        "order_lines",
        {
            "order_id": take_text(ids, number),
            "line_no": np.arange(len(okey)) - head[number] + 1,
            "sku_id": take_text(world.tables["products"]["sku_id"], rows["sku_idx"].to_numpy()[order]),
            **{c: _column(rows, c, order) for c in ("quantity", "unit_price", "discount",
                                                      "amount")},
        },
    )  # fmt: skip
    return pd.Series(ids.array, index=okey[head])
