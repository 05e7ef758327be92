"""Web sessions consistent with the orders: every online order has its converting visit.

Each online order (one with a device, whatever its status) came from one session of the same
customer, started minutes before the order on the same channel and device. Around those, visitors
browse without buying: per day and (channel, device), about ``converting × (1/cr − 1)`` sessions for
the device's target conversion rate ``cr``, bent by the 大促 calendar (预热 brings browsers, 爆发
brings buyers), by lever ``traffic`` and by orders lost to stock-outs. Some browsers are logged-in
customers (alive ones browse more); the rest come from a pool of anonymous visitors whose size is
chosen so that monthly conversion (paying customers ÷ visitors) lands near a target. Single-page
visits (bounces) depend on landing page and device and on lever ``bounce``; they never convert.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..columns import arrow_ids, arrow_text
from ..rng import Stream, stream
from ..schema.frames import conform
from ..world import World
from .arrays import cdf, draw_index
from .orders import order_draws

LANDING_PAGES = ("home", "search", "product_detail", "campaign_page", "live_stream")
_DETAIL, _CAMPAIGN, _LIVE = 2, 3, 4
#: Hour-of-day weights of browsing: flatter than buying, with the evening peak.
_HOURS = np.array(
    [2.5, 1.5, 0.8, 0.5, 0.4, 0.6, 1.2, 2.2, 3, 3.8, 4.5, 5, 5.5, 5, 4.6, 4.5, 4.6, 5, 5.6, 6.6,
     7.8, 8.4, 7.5, 5]
)  # fmt: skip
#: Sub-stream indices inside Stream.SESSIONS: per month (m, part); the pool has its own key.
_BUY, _BROWSE, _ANON, _LOST = 0, 1, 2, 3
_POOL = 1_000_000


@dataclass(frozen=True)
class TrafficModel:
    """How visitors arrive, land, bounce and convert."""

    #: Target share of sessions that convert, by device, on ordinary days.
    conversion: dict[str, float] = field(default_factory=lambda: {
        "app": 0.028, "mini_program": 0.032, "mobile_web": 0.014, "pc": 0.018})  # fmt: skip
    #: Conversion multiplier by 大促 phase: 预热 brings browsers who wait, 爆发 brings buyers.
    phase_conversion: dict[str, float] = field(
        default_factory=lambda: {"prep": 0.9, "warmup": 0.55, "peak": 1.25, "tail": 1.0}
    )
    #: Landing page shares on ordinary days, in the order of LANDING_PAGES.
    landing: tuple[float, ...] = (0.33, 0.29, 0.28, 0.08, 0.02)
    #: live_stream weight multiplier by channel (live commerce is mostly on Douyin).
    live_channel: dict[str, float] = field(default_factory=lambda: {"douyin": 25.0})
    #: campaign_page weight multiplier by 大促 phase.
    promo_landing: dict[str, float] = field(
        default_factory=lambda: {"prep": 1.5, "warmup": 3.5, "peak": 4.0, "tail": 2.0}
    )
    #: Buyers land on search and product pages more often (multipliers per landing page).
    buyer_landing: tuple[float, ...] = (0.8, 1.3, 1.6, 1.0, 1.0)
    #: Bounce probability by landing page (LANDING_PAGES order) and multiplier by device.
    bounce: tuple[float, ...] = (0.38, 0.30, 0.45, 0.50, 0.55)
    device_bounce: dict[str, float] = field(
        default_factory=lambda: {"pc": 0.85, "mobile_web": 1.15, "app": 0.95, "mini_program": 1.05}
    )
    #: Mean pages beyond the first two of a non-bounced browse, beyond three of a buying visit.
    browse_pages: float = 3.0
    buy_pages: float = 5.0
    pages_dispersion: float = 1.2  # negative binomial shape of the page-view tail
    #: Share of non-converting sessions by logged-in customers, and how much less churned
    #: customers browse than alive ones.
    known_share: float = 0.2
    churned_browse: float = 0.05
    #: Monthly conversion (paying customers ÷ visitors) the anonymous pool is sized for.
    visitor_conversion: float = 0.025
    #: Gamma shape of anonymous visitors' return propensity (small = a few loyal browsers).
    return_shape: float = 0.8
    #: Day-to-day noise (sd of the log) of browsing traffic per (channel, device), at signal 1.
    day_noise: float = 0.08
    season: str = "retail"

    def __post_init__(self) -> None:
        if not all(0 < v < 1 for v in self.conversion.values()):
            raise ValueError("conversion rates must lie in (0, 1)")
        if len(self.landing) != len(LANDING_PAGES) or len(self.bounce) != len(LANDING_PAGES):
            raise ValueError(f"landing and bounce need one value per page of {LANDING_PAGES}")


@dataclass(frozen=True)
class _Lookups:
    """Codes and per-day / per-code factors shared by the monthly steps."""

    channels: np.ndarray  # channel code → name
    devices: np.ndarray  # device code → name
    days: np.ndarray  # calendar day → midnight (datetime64[s])
    season: np.ndarray  # calendar day → demand factor
    phase_cr: np.ndarray  # calendar day → conversion multiplier of its 大促 phase
    campaign: np.ndarray  # calendar day → campaign_page landing weight multiplier
    live: np.ndarray  # channel code → live_stream landing weight multiplier
    device_cr: np.ndarray  # device code → target conversion
    device_bounce: np.ndarray  # device code → bounce multiplier


def simulate_traffic(world: World, rows: pd.DataFrame, model: TrafficModel) -> None:
    """Write ``world.tables['web_sessions']`` from the order rows of ``run_consumer``.

    Parameters
    ----------
    world : World
        After the consumer loop: needs ``hidden['customers']`` and ``hidden['order_ids']``;
        ``hidden['lost_sales']`` (orders lost to stock-outs, see :func:`lost_orders`) is optional.
    rows : pandas.DataFrame
        All order rows (one per line) returned by ``run_consumer``.
    model : TrafficModel
        Conversion, landing, bounce and visitor parameters.

    Examples
    --------
    >>> from generator.catalog import build_products
    >>> from generator.config import make_config
    >>> from generator.sim.consumer import Hooks, run_consumer
    >>> from generator.sim.customers import CustomerMix, build_customers
    >>> from generator.sim.orders import OrderModel
    >>> world = World(make_config(seed=1, months=6, size=100), 100)
    >>> products = build_products("ecommerce_retail", 30, 1, world.start)
    >>> world.tables["products"], world.hidden["products"] = products
    >>> build_customers(world, CustomerMix("individual", {"a": 1}, {"tmall": 1}, {"a": 0.5}, 0.05))
    >>> rows = run_consumer(world, OrderModel(channels={"tmall": 1.0}), Hooks())
    >>> simulate_traffic(world, rows, TrafficModel())
    >>> converting = world.tables["web_sessions"]["order_id"].notna().sum()
    >>> bool(converting == rows.drop_duplicates("okey")["device"].notna().sum())
    True
    """
    orders = rows.drop_duplicates("okey").sort_values("okey", kind="stable")
    online = orders.loc[orders["device"].notna()]
    lost = lost_orders(world)
    look = _lookups(world, model, pd.concat([online, lost])[["channel", "device"]])
    ch = pd.Index(look.channels).get_indexer(online["channel"])
    dev = pd.Index(look.devices).get_indexer(online["device"])
    months = world.months()
    starts = np.array([np.datetime64(p.start, "s") for p in months])
    month_of = _month_index(starts, online["ordered_at"])
    lost_month = _month_index(starts, lost["date"])
    lost_cols = _lost_columns(look, lost)
    buy, browse = [], []
    for m, month in enumerate(months):
        sel = month_of == m
        buy.append(_converting(world, model, look, m, online.loc[sel], ch[sel], dev[sel]))
        in_month = {k: v[lost_month == m] for k, v in lost_cols.items()}
        browse.append(_browsing(world, model, look, m, month, ch[sel], dev[sel], in_month))
    _visitors(world, model, orders, starts, buy, browse)
    _write(world, look, buy + browse)
    world.notes_zh.append(
        "访问会话为模拟数据：访客编号代表一个设备或浏览器，客户登录后才记录客户编号；"
        "每笔线上订单对应一次产生该订单的访问。"
    )
    world.notes_en.append(
        "Web sessions are simulated: a visitor id stands for one device or browser, the customer "
        "id is recorded only when logged in; every online order has the one visit that placed it."
    )


def lost_orders(world: World) -> pd.DataFrame:
    """Online orders lost to stock-outs: ``date``, ``at``, ``channel``, ``device``, ``cidx``.

    Read from ``world.hidden['lost_orders']`` when present (orders that lost every line, with
    ``cidx``, ``ordered_at``, ``channel``, ``device``: the customer came and left without buying).
    Otherwise from ``world.hidden['lost_sales']``: a Series of counts indexed by day, or a frame
    with a ``date`` column and an optional count column (``lost_orders``, ``orders`` or ``lines``;
    else one row is one order; fractions are rounded at random). Unknown values are NaT / None / −1.
    """
    cols = {"date": "datetime64[s]", "at": "datetime64[s]", "channel": "object",
            "device": "object", "cidx": "int64"}  # fmt: skip
    orders, raw = world.hidden.get("lost_orders"), world.hidden.get("lost_sales")
    if orders is not None and len(orders):
        o = orders.loc[orders["device"].notna()]
        at = o["ordered_at"].to_numpy("datetime64[s]")
        out = {"date": at.astype("datetime64[D]"), "at": at, "channel": o["channel"],
               "device": o["device"], "cidx": o["cidx"]}  # fmt: skip
    elif raw is not None and len(raw):
        if isinstance(raw, pd.Series):
            raw = pd.DataFrame({"date": raw.index, "n": raw.to_numpy()})
        if "device" in raw:
            raw = raw.loc[raw["device"].notna()]
        count = next((c for c in ("lost_orders", "orders", "lines", "n") if c in raw), None)
        x = raw[count].to_numpy("float64") if count else np.ones(len(raw))
        u = stream(world.seed, Stream.SESSIONS, _POOL, _LOST).random(len(x))
        n = (np.floor(x) + (u < x - np.floor(x))).astype("int64")
        out = {
            "date": np.repeat(pd.to_datetime(raw["date"]).to_numpy("datetime64[D]"), n),
            "at": np.full(n.sum(), np.datetime64("NaT"), "datetime64[s]"),
            "cidx": np.full(n.sum(), -1),
        }
        for col in ("channel", "device"):
            out[col] = np.repeat(raw[col].to_numpy(object), n) if col in raw else None
    else:
        out = {c: [] for c in cols}
    return pd.DataFrame(out).astype(cols).reset_index(drop=True)


def _lookups(world: World, model: TrafficModel, cells: pd.DataFrame) -> _Lookups:
    cal = world.calendar
    phase = cal["promo_phase"]
    channels = np.array(sorted(cells["channel"].dropna().unique()), dtype=object)
    devices = np.array(sorted(cells["device"].dropna().unique()), dtype=object)
    fallback = float(np.mean(list(model.conversion.values())))
    return _Lookups(
        channels=channels,
        devices=devices,
        days=cal["date"].to_numpy("datetime64[s]"),
        season=cal[model.season].to_numpy("float64"),
        phase_cr=phase.map(model.phase_conversion).fillna(1.0).to_numpy("float64"),
        campaign=phase.map(model.promo_landing).fillna(1.0).to_numpy("float64"),
        live=np.array([model.live_channel.get(c, 1.0) for c in channels]),
        device_cr=np.array([model.conversion.get(d, fallback) for d in devices]),
        device_bounce=np.array([model.device_bounce.get(d, 1.0) for d in devices]),
    )


def _lost_columns(look: _Lookups, lost: pd.DataFrame) -> dict[str, np.ndarray]:
    """The columns of :func:`lost_orders` that browsing reads, with channel and device codes."""
    return {
        "date": lost["date"].to_numpy("datetime64[D]"),
        "at": lost["at"].to_numpy("datetime64[s]"),
        "cidx": lost["cidx"].to_numpy("int64"),
        "ch": pd.Index(look.channels).get_indexer(lost["channel"]),
        "dev": pd.Index(look.devices).get_indexer(lost["device"]),
    }


def _month_index(starts: np.ndarray, when: pd.Series) -> np.ndarray:
    return np.searchsorted(starts, when.to_numpy("datetime64[s]"), side="right") - 1


def _converting(world, model, look: _Lookups, m: int, o: pd.DataFrame, ch, dev) -> dict:
    """One session per online order of month ``m``, minutes before the order."""
    okey = o["okey"].to_numpy("int64")
    r = order_draws(world, Stream.SESSIONS, okey, m, _BUY)
    n = len(o)
    lead = (60 + r.gamma(2.0, 300.0)).astype("timedelta64[s]")
    start = np.maximum(o["ordered_at"].to_numpy("datetime64[s]") - lead, look.days[0])
    pos = ((start - look.days[0]) // np.timedelta64(1, "D")).astype("int64")
    weights = _landing_weights(model, look, pos, ch, np.asarray(model.buyer_landing))
    return {
        "started_at": start,
        "ch": ch,
        "dev": dev,
        "landing": _draw(r.random(), weights),
        "page_views": 3 + _tail(r.negative_binomial, model.buy_pages, model.pages_dispersion),
        "cidx": o["cidx"].to_numpy("int64"),
        "logged_in": np.ones(n, dtype=bool),
        "okey": okey,
    }


def _browsing(world, model, look: _Lookups, m, month, ch, dev, lost: dict) -> dict:
    """Non-converting sessions of month ``m``: browsers around the buyers, and lost buyers
    (``lost``: the month's :func:`_lost_columns`)."""
    rng = stream(world.seed, Stream.SESSIONS, m, _BROWSE)
    first = int(np.searchsorted(look.days, np.datetime64(month.start, "s")))
    last = int(np.searchsorted(look.days, np.datetime64(month.end, "s")))
    share = look.season[first:last] / look.season[first:last].sum()
    # Cells are sorted (channel, device) codes, so draws do not depend on the order of rows.
    n_dev = len(look.devices)
    l_ch, l_dev = lost["ch"], lost["dev"]
    l_key = np.where((l_ch >= 0) & (l_dev >= 0), l_ch * n_dev + l_dev, -1)
    cells = np.union1d(ch * n_dev + dev, l_key[l_key >= 0])
    buyers = np.bincount(np.searchsorted(cells, ch * n_dev + dev), minlength=len(cells))
    c_ch, c_dev = np.divmod(cells, max(n_dev, 1))
    rate = np.minimum(look.device_cr[c_dev][None, :] * look.phase_cr[first:last, None], 0.5)
    # Buyers spread over the days by the calendar (as orders are), times browsers per buyer.
    mean = share[:, None] * buyers[None, :] * (1 / rate - 1)
    d_idx, c_idx = np.divmod(np.arange(mean.size), max(len(cells), 1))
    # The anonymous pool is sized on traffic without levers, so a lever's extra browsers are
    # extra visitors and lower the conversion rate.
    usual = mean.sum() * (1 - model.known_share)
    mean = mean.ravel() * _lever(
        world, "traffic", look.days[first + d_idx],
        channel=look.channels[c_ch[c_idx]], device=look.devices[c_dev[c_idx]],
    )  # fmt: skip
    mean = mean * rng.lognormal(0.0, model.day_noise / world.signal, size=mean.size)
    count = rng.poisson(mean)
    # Orders lost to stock-outs: a visit to the product page that ended without buying.
    if len(cells) == 0:  # no online channel this month: nowhere to place them
        lost, l_key = {k: v[:0] for k, v in lost.items()}, l_key[:0]
    n_lost = len(l_key)
    p_cell = (buyers + 1e-9) / (buyers + 1e-9).sum()
    anywhere = rng.choice(len(cells), size=n_lost, p=p_cell) if n_lost else l_key
    l_cell = np.where(l_key >= 0, np.searchsorted(cells, l_key), anywhere)
    l_day = (lost["date"] - look.days[first].astype("datetime64[D]")).astype("int64")
    day = np.concatenate([np.repeat(d_idx, count), l_day]) + first
    cell = np.concatenate([np.repeat(c_idx, count), l_cell])
    n = len(day)
    is_lost = np.arange(n) >= count.sum()
    secs = rng.choice(24, size=n, p=_HOURS / _HOURS.sum()) * 3600 + rng.integers(0, 3600, n)
    start = look.days[day] + secs.astype("timedelta64[s]")
    at = lost["at"]
    lead = (60 + rng.gamma(2.0, 120.0, size=len(at))).astype("timedelta64[s]")
    start[is_lost] = np.where(np.isnat(at), start[is_lost], at - lead)
    b_ch, b_dev = c_ch[cell], c_dev[cell]
    landing = _draw(rng.random(n), _landing_weights(model, look, day, b_ch))
    landing[is_lost] = _DETAIL  # buyers who found the product out of stock
    p_bounce = np.asarray(model.bounce)[landing] * look.device_bounce[b_dev]
    p_bounce *= _lever(
        world, "bounce", start, device=look.devices[b_dev],
        landing_page=np.array(LANDING_PAGES, dtype=object)[landing], channel=look.channels[b_ch],
    )  # fmt: skip
    bounced = (rng.random(n) < np.minimum(p_bounce, 0.95)) & ~is_lost
    extra = _tail(partial(rng.negative_binomial, size=n), model.browse_pages,
                  model.pages_dispersion)  # fmt: skip
    pages = np.where(bounced, 1, 2 + extra)
    cidx = _known_visitors(world, model, rng, month, n)
    cidx[is_lost] = np.where(lost["cidx"] >= 0, lost["cidx"], cidx[is_lost])
    acquired = world.hidden["customers"]["acquired_at"].to_numpy("datetime64[s]")
    return {
        "started_at": start,
        "ch": b_ch,
        "dev": b_dev,
        "landing": landing,
        "page_views": pages,
        "cidx": cidx,
        # Before registering, a future customer browses with the same visitor id, logged out.
        "logged_in": (cidx >= 0) & (start >= acquired[np.maximum(cidx, 0)]),
        "okey": np.full(n, -1, dtype="int64"),
        "usual": usual,
    }


def _known_visitors(world, model, rng, month, n: int) -> np.ndarray:
    """Customer index of each browsing session: −1 for anonymous, else a logged-in customer."""
    cust = world.hidden["customers"]
    acquired = cust["acquired_at"].to_numpy("datetime64[s]")
    churned = (
        cust["churned_at"].to_numpy("datetime64[s]")
        if "churned_at" in cust
        else np.full(len(cust), np.datetime64("NaT"), "datetime64[s]")
    )
    # Alive customers browse more; churned ones rarely come back.
    alive = np.isnat(churned) | (churned > np.datetime64(month.start))
    weight = (0.3 + cust["rate"].to_numpy()) * np.where(alive, 1.0, model.churned_browse)
    weight = np.where(acquired < np.datetime64(month.end), weight, 0.0)
    cidx = np.full(n, -1, dtype="int64")
    if weight.sum() > 0:
        known = np.flatnonzero(rng.random(n) < model.known_share)
        cidx[known] = rng.choice(len(cust), size=len(known), p=weight / weight.sum())
    return cidx


def _visitors(world, model, orders, starts, buy: list[dict], browse: list[dict]) -> None:
    """Give every session a visitor number: the customer's own, or one from the anonymous pool."""
    months = range(len(starts))
    paid = orders.loc[(orders["status"] == "paid") & orders["device"].notna()]
    paid_month = _month_index(starts, paid["paid_at"])
    # Paying customers each month, counted on codes (missing ids are −1, as nunique skips them).
    payer = pd.factorize(paid["customer_id"])[0]
    buyers = np.array([len(np.unique(payer[(paid_month == m) & (payer >= 0)])) for m in months])
    # Distinct customers seen each month (customer indices are small: counted, not sorted).
    known = np.array(
        [np.count_nonzero(np.bincount(np.concatenate([b["cidx"], s["cidx"][s["cidx"] >= 0]])))
         for b, s in zip(buy, browse, strict=True)]
    )  # fmt: skip
    anon = np.array([s.pop("usual") for s in browse])
    wanted = buyers.mean() / model.visitor_conversion - known.mean()
    size = _pool_size(float(anon.mean()), float(wanted), model.return_shape)
    # One pool for the whole period, so anonymous visitors come back across months.
    pool = stream(world.seed, Stream.SESSIONS, _POOL)
    propensity = pool.gamma(model.return_shape, 1.0, size=size)
    n_cust = len(world.hidden["customers"])
    number = pool.permutation(n_cust + size) + 1  # shuffled, so an id tells nothing
    # What rng.choice(size, p=propensity / propensity.sum()) searches, built once for all months.
    cum = cdf(propensity / propensity.sum())
    for m, s in enumerate(browse):
        rng = stream(world.seed, Stream.SESSIONS, m, _ANON)
        who = s["cidx"] < 0
        picked = draw_index(rng, cum, int(who.sum()))
        s["visitor"] = number[np.maximum(s["cidx"], 0)]
        s["visitor"][who] = number[n_cust + picked]
    for b in buy:
        b["visitor"] = number[b["cidx"]]


def _pool_size(sessions: float, wanted: float, shape: float) -> int:
    """Pool size whose expected monthly distinct visitors from ``sessions`` draws is ``wanted``.

    With gamma(k) return propensities, ``N`` draws from ``P`` visitors reach on average
    ``P · (1 − (1 + N / (k·P))^−k)`` distinct ones. ``wanted`` is kept between N/4 and N/1.05 so
    visitors return a little but not implausibly often.
    """
    if sessions < 1:
        return 1
    target = float(np.clip(wanted, sessions / 4, sessions / 1.05))
    lo, hi = target, 1000.0 * sessions
    for _ in range(60):  # bisection on a log scale; the reach grows with the pool
        mid = float(np.sqrt(lo * hi))
        if mid * (1 - (1 + sessions / (shape * mid)) ** -shape) < target:
            lo = mid
        else:
            hi = mid
    return int(np.ceil(hi))


def _lever(world: World, name: str, times: np.ndarray, **columns: np.ndarray) -> np.ndarray:
    """Lever factor per row; skips the work when no lever of that name is pulled."""
    if not world.levers.active(name):
        return np.ones(len(times))
    return world.levers.factor(name, times, **columns)


def _landing_weights(
    model, look: _Lookups, day: np.ndarray, ch: np.ndarray, extra: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Landing page weights of each session: base, live streams by channel, campaigns by 大促
    phase (times ``extra`` when given), as distinct weight rows and each session's row."""
    key = ch * len(look.campaign) + day  # a row for each (channel, day) that occurs
    rows, which = _distinct(key)
    w = np.tile(np.asarray(model.landing, dtype="float64"), (len(rows), 1))
    w[:, _LIVE] *= look.live[rows // len(look.campaign)]
    w[:, _CAMPAIGN] *= look.campaign[rows % len(look.campaign)]
    return (w if extra is None else w * extra), which.reshape(-1)


def _distinct(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(key, return_inverse=True)`` for small non-negative keys, counted not sorted."""
    seen = np.bincount(key) > 0
    rows = np.flatnonzero(seen)
    return rows, (np.cumsum(seen) - 1)[key]


def _draw(u: np.ndarray, weights: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """One category per session from its (unnormalised) weight row and a uniform draw ``u``."""
    table, which = weights
    # One cumulative column at a time: the weight rows are few, the sessions many.
    cum = np.cumsum(table, axis=1).T.copy()
    u = u * cum[-1][which]
    out = np.zeros(len(u), dtype="int64")
    for column in cum:
        out += column[which] <= u
    return out


def _tail(negative_binomial: Callable[..., Any], mean: float, shape: float) -> np.ndarray:
    """Negative binomial extra page views with the given mean (one per row of the draw)."""
    return negative_binomial(shape, shape / (shape + mean))


def _take(values, index: np.ndarray, valid: np.ndarray | None = None) -> pd.Series:
    """``values[index]`` as a ``str`` Series (via Arrow), missing where ``valid`` is False."""
    if isinstance(values, pd.Series):
        text = arrow_text(values)
        values = text if text is not None else values.to_numpy()
    if not isinstance(values, pa.Array):
        values = pa.array(np.asarray(values, dtype=object), pa.large_string())
    mask = None if valid is None else ~valid
    return pd.Series(pd.array(pc.take(values, pa.array(index, mask=mask)), dtype="str"))


def _stable_order(times: np.ndarray) -> np.ndarray:
    """``np.argsort(times, kind="stable")`` for datetime64 without NaT.

    Each time is made a distinct key (seconds since the first, times the row count, plus the
    row), so an unstable sort of the keys gives the stable order, and much faster.
    """
    n = len(times)
    v = times.view("int64")
    if n == 0 or np.isnat(times).any() or int(v.max()) - int(v.min()) >= 2**62 // n:
        return np.argsort(times, kind="stable")
    key = (v - v.min()) * n + np.arange(n)
    key.sort()
    return key % n


def _write(world: World, look: _Lookups, parts: list[dict]) -> None:
    """Number sessions in time order (ties: buying visits by order key, then browsing) and write."""
    keys = ("started_at", "ch", "dev", "landing", "page_views", "visitor", "cidx", "logged_in",
            "okey")  # fmt: skip
    cat = {k: np.concatenate([p[k] for p in parts]) for k in keys}
    # Ties keep part order (month by month, buying visits by order key first).
    order = _stable_order(cat["started_at"])
    r = {k: v[order] for k, v in cat.items()}
    n = len(order)
    n_visitors = int(r["visitor"].max()) if n else 0
    ids = world.hidden["order_ids"]
    at = pd.Index(ids.index).get_indexer(r["okey"])
    customers = world.hidden["customers"]["customer_id"]
    world.tables["web_sessions"] = conform(
        "web_sessions",
        {
            "session_id": pd.Series(pd.array(arrow_ids("W", np.arange(1, n + 1), 9), dtype="str")),
            "visitor_id": _take(arrow_ids("V", np.arange(1, n_visitors + 1), 8), r["visitor"] - 1),
            "customer_id": _take(customers, np.maximum(r["cidx"], 0), r["logged_in"]),
            "started_at": pd.Series(r["started_at"]),
            "device": _take(look.devices, r["dev"]),
            "channel": _take(look.channels, r["ch"]),
            "landing_page": _take(LANDING_PAGES, r["landing"]),
            "page_views": pd.Series(r["page_views"], dtype="int64"),
            "order_id": _take(ids, np.maximum(at, 0), at >= 0),
        },
    )
