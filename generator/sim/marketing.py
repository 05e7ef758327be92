"""Marketing: ad campaigns and their delivery, attribution of orders, coupons, content, followers.

The causal chain of paid ads: each campaign's daily spend (a monthly always-on budget, extra
budget in 618 / 双11 shaped by demand, all multiplied by lever ``ad_spend``) buys impressions at a
CPM that rises when the channel's spend outgrows the traffic the market offers that day
(diminishing returns); clicks are a binomial share of impressions at the channel's CTR; each click
is worth a channel-specific expected revenue, multiplied by lever ``ad_effectiveness``. That value
is drawn as attribution: each online order of a matching sales channel is attributed to a running
campaign with probability ∝ the campaign's click value ÷ the day's eligible revenue, so attributed
revenue ÷ spend (ROAS) equals the channel's base ROAS on average at its usual spend.

Coupon and member campaigns target a hidden audience; a targeted customer's order inside the window
redeems the coupon with probability ``coupon_uptake`` (times the lever of the same name), at most
once per customer and campaign. ``campaign_audience.participated`` is read back from the orders
written, so it always agrees with them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..catalog import categories
from ..indicators import Period
from ..rng import Stream, chunks, stream
from ..schema.frames import conform
from ..world import World
from .arrays import inner_join, order_starts, text
from .orders import DEVICE_MIX, order_draws


@dataclass(frozen=True)
class AdChannel:
    """One paid ad channel."""

    share: float  # share of its sales channels' revenue the ads aim to bring at base ROAS
    roas: float  # attributed revenue ÷ spend at the channel's usual daily spend
    cpm: float  # CNY per 1000 impressions at the usual daily spend
    ctr: float  # clicks ÷ impressions
    sales_channels: tuple[str, ...] = ()  # order channels its clicks lead to; () = all online


@dataclass(frozen=True)
class Platform:
    """One social platform account of the brand."""

    posts_per_week: float
    followers: int  # at the start of the period
    reads: float  # median reads of a post
    engagement: float  # mean (likes + comments + shares) ÷ reads


def _retail_channels() -> dict[str, AdChannel]:
    return {
        "tmall_ads": AdChannel(0.16, 3.9, 70.0, 0.022, ("tmall",)),
        "jd_ads": AdChannel(0.15, 3.6, 60.0, 0.02, ("jd",)),
        "douyin": AdChannel(0.2, 3.4, 38.0, 0.012, ("douyin",)),
        "wechat": AdChannel(0.1, 3.5, 45.0, 0.008, ("wechat_mini", "app")),
        "xiaohongshu": AdChannel(0.05, 3.4, 55.0, 0.016),
        "baidu": AdChannel(0.03, 3.6, 80.0, 0.026),
    }


def _retail_platforms() -> dict[str, Platform]:
    return {
        "xiaohongshu": Platform(3.0, 42_000, 3_500, 0.06),
        "douyin": Platform(4.0, 120_000, 12_000, 0.045),
        "weibo": Platform(3.0, 65_000, 2_500, 0.025),
        "wechat": Platform(2.0, 38_000, 4_000, 0.03),
        "bilibili": Platform(1.0, 15_000, 6_000, 0.06),
    }


@dataclass(frozen=True)
class MarketingModel:
    """A profile's marketing: ad channels, coupon and member campaigns, content platforms."""

    channels: dict[str, AdChannel] = field(default_factory=_retail_channels)
    platforms: dict[str, Platform] = field(default_factory=_retail_platforms)
    promo_budget: float = 1.0  # extra budget of a 大促 campaign, in months of the channel's budget
    live_stream_budget: float = 0.5  # 大促 live stream on douyin, in months of its budget
    saturation: float = 0.6  # CPM ∝ (spend ÷ the day's traffic capacity) ** saturation
    attribution_cap: float = 0.8  # most of an order's chance to be attributed to any ad
    coupon_days: tuple[int, int] = (15, 29)
    coupon_audience: float = 0.25  # share of eligible customers a monthly coupon targets
    coupon_uptake: float = 0.65  # chance that a targeted customer's order redeems the coupon
    coupon_off: float = 0.1  # coupon discount on the order's lines (at least)


#: Campaign names of each ad channel's ads.
_AD_NAMES = {
    "douyin": ("抖音信息流投放", "Douyin in-feed ads"),
    "xiaohongshu": ("小红书种草投放", "Xiaohongshu seeding posts"),
    "baidu": ("百度搜索推广", "Baidu search ads"),
    "wechat": ("微信朋友圈广告", "WeChat Moments ads"),
    "weibo": ("微博粉丝通投放", "Weibo promoted posts"),
    "bilibili": ("B站UP主合作推广", "Bilibili creator ads"),
    "tmall_ads": ("阿里妈妈直通车推广", "Tmall sponsored search"),
    "jd_ads": ("京东快车推广", "JD sponsored search"),
    "ota_ads": ("OTA竞价排名", "OTA sponsored listings"),
}
_LIVE = ("抖音直播专场", "Douyin live stream")
_EVENTS = {"618": ("618", "618"), "double11": ("双11", "Double 11")}
#: Monthly coupon campaigns in turn: (kind, audience rule, zh, en).
_MONTHLY = (
    ("coupon", "loyal", "老客回购券", "win-back coupon"),
    ("coupon", "all", "会员日满减券", "member-day coupon"),
    ("coupon", "all", "新品尝鲜券", "new-arrival coupon"),
)
_ACTIVITY = ("VIP会员专享日", "VIP members' day")
_PROMO_COUPON = ("跨店满减券", "storewide coupon")
_KIND_ORDER = {"ads": 0, "live_stream": 1, "coupon": 2, "activity": 3}
_DAY = pd.Timedelta(days=1)


def _columns(frame: pd.DataFrame) -> dict[str, pd.Series]:
    return {str(c): frame[c] for c in frame.columns}


def _day_key(times: object) -> np.ndarray:
    """Whole days since the epoch: a join key that ignores datetime units."""
    return np.asarray(times, dtype="datetime64[ns]").astype("datetime64[D]").astype("int64")


def _budgets(world: World, model: MarketingModel) -> tuple[dict[str, float], float]:
    """Monthly budget of each usable ad channel, and the expected order value.

    Expected revenue comes from the hidden purchase rates and the catalogue (the company's own
    forecast); attribution later compares with the real orders, so ROAS does not rest on it. A
    channel whose sales channels no customer uses is left out.
    """
    cust = world.hidden["customers"]
    rate = cust["rate"].to_numpy() * np.where(cust["new_in_period"].to_numpy(), 0.4, 0.8)
    pop = world.hidden["products"]["popularity"].to_numpy()
    price = world.tables["products"]["unit_price"].to_numpy()
    aov = float((pop * price).sum() / pop.sum()) * 1.35 * 1.25 * 0.95
    own = cust["acquisition_channel"].to_numpy()
    online = np.isin(own, list(DEVICE_MIX))
    out = {}
    for code, ch in model.channels.items():
        reach = np.isin(own, ch.sales_channels) if ch.sales_channels else online
        if reach.any():
            out[code] = ch.share * float(rate[reach].sum()) * aov / ch.roas
    if not out:
        raise ValueError("no ad channel of the marketing model reaches the customers' channels")
    return out, aov


def _event_windows(
    cal: pd.DataFrame, phases: tuple[str, ...], en: bool
) -> list[tuple[str, str, pd.Timestamp, pd.Timestamp]]:
    """(event, its name, first day, last day) of every 大促 in the calendar over ``phases``."""
    sel = np.isin(cal["promo_phase"].to_numpy(dtype=object), phases)
    event = cal["promo_event"].to_numpy(dtype=object)[sel]
    date = cal["date"].to_numpy()[sel]
    year = date.astype("datetime64[Y]").astype("int64") + 1970
    keys = sorted(
        {(str(e), int(y)) for e, y in zip(event, year, strict=True) if isinstance(e, str)}
    )
    times = Counter(e for e, _ in keys)
    out = []
    for e, y in keys:
        days = date[(event == e) & (year == y)]
        name = (f"{y} " if times[e] > 1 else "") + _EVENTS[e][en]
        out.append((e, name, pd.Timestamp(days.min()), pd.Timestamp(days.max())))
    return out


def _campaign_specs(world: World, model: MarketingModel, budgets: dict[str, float]) -> list[dict]:
    """Every campaign of the period: monthly always-on ads, 大促 ads and live streams, coupons."""
    en = world.config.locale == "en_US"
    cal, last = world.calendar, world.end - _DAY
    rng = stream(world.seed, Stream.CAMPAIGNS, 0)
    specs: list[dict] = []

    def add(kind, channel, start, end, event, when, what, **extra) -> None:
        specs.append(dict(kind=kind, channel=channel, start=start, end=end, promo_event=event,
                          name=f"{when} {what}", **extra))  # fmt: skip

    months = world.months()
    label = [f"{m.start:%b %Y}" if en else f"{m.start.year}年{m.start.month}月" for m in months]
    for code in budgets:
        what = _AD_NAMES[code][en]
        for month, when in zip(months, label, strict=True):
            add(
                "ads", code, month.start, month.end - _DAY, None, when, what, how="month", scale=1.0
            )
        for event, when, first, end in _event_windows(cal, ("warmup", "peak", "tail"), en):
            add("ads", code, first, end, event, when, what, how="promo", scale=model.promo_budget)
    if "douyin" in budgets and model.live_stream_budget > 0:
        for event, when, first, end in _event_windows(cal, ("peak",), en):
            add("live_stream", "douyin", first, end, event, when, _LIVE[en], how="promo",
                scale=model.live_stream_budget)  # fmt: skip
    for m, (month, when) in enumerate(zip(months, label, strict=True)):
        kind, rule, *names = _MONTHLY[m % len(_MONTHLY)]
        start = month.start + int(rng.integers(0, 10)) * _DAY
        end = min(start + (int(rng.integers(*model.coupon_days)) - 1) * _DAY, last)
        add(kind, None, start, end, None, when, names[en], rule=rule, share=model.coupon_audience)
        if m % 3 == 1:  # a members' day each quarter for the best segment
            start = month.start + int(rng.integers(10, 18)) * _DAY
            add("activity", None, start, min(start + 9 * _DAY, last), None, when, _ACTIVITY[en],
                rule="top", share=0.6)  # fmt: skip
    for event, when, first, end in _event_windows(cal, ("warmup", "peak"), en):
        add("coupon", None, first, end, event, when, _PROMO_COUPON[en], rule="all", share=0.4)
    return specs


def _ad_plan(world: World, model: MarketingModel, camps: pd.DataFrame,
             budgets: dict[str, float]) -> pd.DataFrame:  # fmt: skip
    """Daily spend, impressions, clicks and click value of every ad and live-stream campaign."""
    cal = world.calendar
    first = np.datetime64(cal["date"].iloc[0], "D")
    retail = cal["retail"].to_numpy()
    cols: dict[str, list] = {k: [] for k in ("date", "campaign_id", "channel", "kind", "base",
                                             "capacity")}  # fmt: skip
    for row in camps.loc[camps["channel"].notna()].to_dict("records"):
        span = np.array([row["start_date"], row["end_date"]], dtype="datetime64[D]") - first
        days = np.arange(span[0].astype("int64"), span[1].astype("int64") + 1)
        inside = (days >= 0) & (days < len(retail))
        r = np.where(inside, retail[np.clip(days, 0, len(retail) - 1)], np.nan)
        ref = budgets[row["channel"]] / 30.4375
        # Always-on spend pauses with demand around the Spring Festival; 大促 budgets follow demand.
        base = ref * np.minimum(r, 1.0) ** 0.5 if row["how"] == "month" else (
            row["scale"] * budgets[row["channel"]] * r**0.8 / (r**0.8).sum())  # fmt: skip
        cols["date"].append((first + days).astype("datetime64[ns]"))
        for k in ("campaign_id", "channel", "kind"):
            cols[k].append(np.full(len(days), row[k], dtype=object))
        cols["base"].append(base)
        cols["capacity"].append(ref * r)
    plan = pd.DataFrame({k: np.concatenate(v) for k, v in cols.items()})
    rng = stream(world.seed, Stream.CAMPAIGNS, 1)
    noise = 0.12 / world.signal
    lever = world.levers.factor(
        "ad_spend", plan["date"], channel=plan["channel"], kind=plan["kind"]
    )
    spend = np.round(plan["base"].to_numpy() * rng.lognormal(0.0, noise, len(plan)) * lever, 2)
    plan["spend"] = np.maximum(spend, 0.01)
    total = plan.groupby(["date", "channel"])["spend"].transform("sum").to_numpy()
    ch = [model.channels[c] for c in plan["channel"]]
    cpm = np.array([c.cpm for c in ch]) * (total / plan["capacity"].to_numpy()) ** model.saturation
    imps = plan["spend"].to_numpy() / cpm * 1000 * rng.lognormal(0.0, noise / 2, len(plan))
    plan["impressions"] = np.round(imps).astype("int64")
    ctr = np.array([c.ctr for c in ch]) * rng.lognormal(0.0, noise, len(plan))
    plan["clicks"] = rng.binomial(plan["impressions"].to_numpy(), np.minimum(ctr, 0.2))
    # Expected revenue of one click: base ROAS × cost per click at the usual spend.
    plan["value"] = plan["clicks"] * np.array([c.roas * c.cpm / (1000 * c.ctr) for c in ch])
    return plan.drop(columns=["base", "capacity"])


def _audiences(world: World, camps: pd.DataFrame) -> pd.DataFrame:
    """Targeted customers (campaign_id, cidx) of coupon and member campaigns."""
    cust = world.hidden["customers"]
    acquired = cust["acquired_at"].to_numpy()
    segment = cust["segment"].to_numpy()
    top = cust.groupby("segment")["rate"].mean().idxmax()
    parts = []
    for row in camps.loc[camps["channel"].isna()].to_dict("records"):
        since = row["start_date"] - pd.Timedelta(days=90 if row["rule"] == "loyal" else 0)
        ok = acquired < np.datetime64(since)
        if row["rule"] == "top":
            ok &= segment == top
        for index, lo, hi in chunks(len(cust)):
            rng = stream(world.seed, Stream.CAMPAIGNS, 2, int(row["campaign_id"][1:]), index)
            pick = np.flatnonzero(ok[lo:hi] & (rng.random(hi - lo) < row["share"])) + lo
            parts.append((row["campaign_id"], pick))
    return pd.DataFrame(
        {
            "campaign_id": np.concatenate([np.full(len(p), c, dtype=object) for c, p in parts]),
            "cidx": np.concatenate([p for _, p in parts]),
        }
    )


def build_campaigns(world: World, model: MarketingModel) -> None:
    """Write ``campaigns`` and keep the daily ad plan and the audiences hidden (before orders).

    Examples
    --------
    >>> from sim_world import small_world  # doctest: +SKIP
    >>> world = small_world(); build_campaigns(world, MarketingModel())  # doctest: +SKIP
    """
    budgets, aov = _budgets(world, model)
    camps = pd.DataFrame(_campaign_specs(world, model, budgets))
    camps["order"] = camps["kind"].map(_KIND_ORDER)
    camps = camps.sort_values(["start", "order", "channel", "name"], kind="stable",
                              na_position="first").reset_index(drop=True)  # fmt: skip
    camps = camps.rename(columns={"start": "start_date", "end": "end_date"})
    camps["campaign_id"] = [f"M{i + 1:04d}" for i in range(len(camps))]
    plan = _ad_plan(world, model, camps, budgets)
    audience = _audiences(world, camps)
    spent = plan.groupby("campaign_id")["spend"].sum()
    reach = audience.groupby("campaign_id").size()
    coupon_cost = reach * model.coupon_uptake * 0.25 * model.coupon_off * aov
    budget = camps["campaign_id"].map(spent.combine_first(coupon_cost)).fillna(0.0)
    # Budgets are approved in round figures: two significant digits, rounded up.
    step = 10.0 ** np.floor(np.log10(np.maximum(budget.to_numpy(), 100.0)) - 1)
    camps["budget"] = np.ceil(budget.to_numpy() / step) * step
    world.tables["campaigns"] = conform(
        "campaigns", {c: camps[c] for c in ("campaign_id", "name", "kind", "channel",
                                            "start_date", "end_date", "promo_event", "budget")}
    )  # fmt: skip
    world.hidden["ad_plan"] = plan
    world.hidden["campaign_audience"] = audience
    world.hidden["campaign_meta"] = camps[["campaign_id", "kind", "channel", "start_date",
                                           "end_date"]]  # fmt: skip
    world.hidden["coupon_used"] = pd.DataFrame(
        {"campaign_id": pd.Series(dtype=object), "cidx": pd.Series(dtype="int64")}
    )
    world.hidden["marketing_model"] = model


def _campaign_number(ids: object) -> np.ndarray:
    """``M0042`` → 42: campaign ids as integers (zero-padded, so they sort the same)."""
    codes, distinct = pd.factorize(np.asarray(ids, dtype=object))  # a few campaigns, many rows
    if (codes < 0).any():
        raise ValueError("campaign ids must not be missing")
    numbers = np.array([int(str(c)[1:]) for c in distinct], dtype="int64")
    return numbers[codes] if len(codes) else np.zeros(0, dtype="int64")


def _pair_keys(campaign: np.ndarray, cidx: np.ndarray) -> np.ndarray:
    """One integer per (campaign number, customer index) pair."""
    return campaign.astype("int64") * (1 << 32) + cidx.astype("int64")


def _coupon_state(world: World) -> dict[str, np.ndarray]:
    """Coupon and member campaigns and their audiences as arrays, read once per case."""
    cached = world.hidden.get("coupon_state")
    if cached is not None:
        return cached
    meta = world.hidden["campaign_meta"]
    meta = meta.loc[meta["channel"].isna().to_numpy()]
    audience = world.hidden["campaign_audience"]
    state = {
        "campaign": _campaign_number(meta["campaign_id"]),
        "campaign_id": meta["campaign_id"].to_numpy(dtype=object),
        "kind": meta["kind"].to_numpy(dtype=object),
        "start": np.asarray(meta["start_date"], dtype="datetime64[ns]"),
        "end": np.asarray(meta["end_date"], dtype="datetime64[ns]"),
        "start_day": _day_key(meta["start_date"]),
        "end_day": _day_key(meta["end_date"]),
        "audience_campaign": _campaign_number(audience["campaign_id"]),
        "audience_cidx": audience["cidx"].to_numpy(dtype="int64"),
    }
    world.hidden["coupon_state"] = state
    return state


def _use_coupons(world: World, model: MarketingModel, m: int, month: Period,
                 rows: pd.DataFrame) -> pd.DataFrame:  # fmt: skip
    """Targeted customers' orders in a coupon or member campaign's window may redeem it."""
    c = _coupon_state(world)
    live = (c["start"] < np.datetime64(month.end)) & (c["end"] >= np.datetime64(month.start))
    okey = rows["okey"].to_numpy()
    rows["campaign_id"] = text(np.full(len(rows), None, dtype=object), rows.index)
    if not live.any() or rows.empty:
        return rows
    # The targeted customers of this month's campaigns, in audience order, with their campaign.
    running = np.flatnonzero(live)
    member = np.isin(c["audience_campaign"], c["campaign"][running])
    aud_campaign = c["audience_campaign"][member]
    aud_cidx = c["audience_cidx"][member]
    aud_meta = running[pd.Index(c["campaign"][running]).get_indexer(pd.Index(aud_campaign))]
    # Each order (its first row) with every campaign targeting its customer.
    first = order_starts(okey)
    h_cidx = rows["cidx"].to_numpy()[first]
    i, j = inner_join(h_cidx, aud_cidx)
    at = rows["ordered_at"].to_numpy()[first][i]
    meta = aud_meta[j]
    day = _day_key(at)
    ok = (day >= c["start_day"][meta]) & (day <= c["end_day"][meta])
    i, j, at, meta = i[ok], j[ok], at[ok], meta[ok]
    r = order_draws(world, Stream.CAMPAIGNS, okey[first][i], 3, m)
    uptake = model.coupon_uptake * world.levers.factor(
        "coupon_uptake", at, kind=c["kind"][meta],
        segment=rows["segment"].to_numpy()[first][i], region=rows["region"].to_numpy()[first][i],
    )  # fmt: skip
    take = r.random() < np.minimum(uptake, 0.95)
    i, j, at, meta = i[take], j[take], at[take], meta[take]
    # One redemption per customer and campaign, one campaign per order.
    pair = _pair_keys(aud_campaign[j], aud_cidx[j])
    before = world.hidden.get("coupon_used_keys", np.zeros(0, dtype="int64"))
    fresh = ~np.isin(pair, before)
    i, at, meta, pair = i[fresh], at[fresh], meta[fresh], pair[fresh]
    order = np.lexsort((c["campaign"][meta], okey[first][i], at))
    i, meta, pair = i[order], meta[order], pair[order]
    once = ~pd.Series(pair).duplicated().to_numpy()
    i, meta, pair = i[once], meta[once], pair[once]
    once = ~pd.Series(i).duplicated().to_numpy()
    i, meta, pair = i[once], meta[once], pair[once]
    world.hidden["coupon_used_keys"] = np.concatenate([before, pair])
    campaign = np.full(len(first), None, dtype=object)
    campaign[i] = c["campaign_id"][meta]
    of_row = np.repeat(np.arange(len(first)), np.diff(np.r_[first, len(okey)]))
    rows["campaign_id"] = text(campaign[of_row], rows.index)
    # A redeemed coupon takes at least its face share off every line of the order.
    coupon = np.zeros(len(first), dtype=bool)
    coupon[i[c["kind"][meta] == "coupon"]] = True
    on = coupon[of_row]
    gross = rows["quantity"].to_numpy() * rows["unit_price"].to_numpy()
    discount = np.where(on, np.maximum(rows["discount"].to_numpy(),
                                       np.round(gross * model.coupon_off, 2)),
                        rows["discount"].to_numpy())  # fmt: skip
    rows["discount"] = discount
    rows["amount"] = np.round(gross - discount, 2)
    return rows


def _attribute_ads(world: World, model: MarketingModel, m: int, month: Period,
                   rows: pd.DataFrame) -> pd.DataFrame:  # fmt: skip
    """Attribute online orders without a coupon to the ad campaigns running on their day."""
    cached = world.hidden.get("ad_plan_arrays")
    if cached is None or cached[0] is not world.hidden["ad_plan"]:
        frame = world.hidden["ad_plan"]
        arrays = {c: frame[c].to_numpy() for c in ("campaign_id", "channel", "kind", "value")}
        arrays["date"] = np.asarray(frame["date"], dtype="datetime64[ns]")
        cached = world.hidden["ad_plan_arrays"] = (frame, arrays)
    whole = cached[1]
    inside = (whole["date"] >= np.datetime64(month.start)) & (
        whole["date"] < np.datetime64(month.end)
    )
    plan = {c: v[inside] for c, v in whole.items()}
    current = rows["campaign_id"].to_numpy(dtype=object)
    free = pd.notna(rows["device"].to_numpy()) & pd.isna(current)
    if not inside.any() or not free.any():
        return rows
    okey = rows["okey"].to_numpy()[free]
    # Orders by key (an order's rows are all free or none): channel, day and amount.
    keys, first = np.unique(okey, return_index=True)
    amount = pd.Series(rows["amount"].to_numpy()[free]).groupby(okey, sort=True).sum().to_numpy()
    channel = rows["channel"].to_numpy()[free][first]
    day = _day_key(rows["ordered_at"].to_numpy()[free][first])
    # Every (order, ad channel whose sales channels include the order's).
    sold = sorted(set(channel))
    link_ad = np.array([code for code, ch in model.channels.items()
                        for s in (ch.sales_channels or sold)], dtype=object)  # fmt: skip
    link_ch = np.array([s for ch in model.channels.values()
                        for s in (ch.sales_channels or sold)], dtype=object)  # fmt: skip
    ch_codes = {c: k for k, c in enumerate(dict.fromkeys([*link_ch, *channel]))}
    h, li = inner_join(np.array([ch_codes[c] for c in channel]),
                        np.array([ch_codes[c] for c in link_ch]))  # fmt: skip
    ads = list(model.channels)
    ad_code = {a: k for k, a in enumerate(ads)}
    p_ad = np.array([ad_code[a] for a in link_ad], dtype="int64")[li]
    p_day = day[h]
    # Revenue of the day's eligible orders per ad channel.
    width = len(ads) + 1
    pool = pd.Series(amount[h]).groupby(p_day * width + p_ad).sum()
    effect = world.levers.factor(
        "ad_effectiveness", plan["date"], channel=plan["channel"], kind=plan["kind"]
    )
    r_day = _day_key(plan["date"])
    r_ad = np.array([ad_code.get(a, -1) for a in plan["channel"]])
    r_value = plan["value"] * effect
    at = pool.index.get_indexer(pd.Index(r_day * width + r_ad))
    has = at >= 0
    r_w = r_value[has] / pool.to_numpy()[at[has]]
    r_campaign = _campaign_number(plan["campaign_id"][has])
    r_id = plan["campaign_id"][has].astype(object)
    # Candidates: each (order, ad channel) with every campaign of that channel running that day.
    pi, ri = inner_join(p_day * width + p_ad, (r_day * width + r_ad)[has])
    c_order = h[pi]
    sort = np.lexsort((r_campaign[ri], keys[c_order]))
    c_order, ri = c_order[sort], ri[sort]
    w = r_w[ri]
    total = pd.Series(w).groupby(c_order).transform("sum").to_numpy()
    p = w * np.minimum(1.0, model.attribution_cap / np.maximum(total, 1e-12))
    cum = pd.Series(p).groupby(c_order).cumsum().to_numpy()
    u = order_draws(world, Stream.CAMPAIGNS, keys, 4, m).random()
    hit = np.flatnonzero(cum > u[c_order])
    hit = hit[~pd.Series(c_order[hit]).duplicated().to_numpy()]
    got = np.full(len(keys), None, dtype=object)
    got[c_order[hit]] = r_id[ri[hit]]
    all_keys = rows["okey"].to_numpy()
    pos = np.minimum(np.searchsorted(keys, all_keys), len(keys) - 1)
    found = keys[pos] == all_keys
    row_got = got[pos]
    rows["campaign_id"] = text(
        np.where(free & found & pd.notna(row_got), row_got, current), rows.index
    )
    return rows


def assign_hook(
    model: MarketingModel,
) -> Callable[[World, int, Period, pd.DataFrame], pd.DataFrame]:
    """The ``assign`` step of :func:`~generator.sim.consumer.run_consumer`: adds ``campaign_id``.

    Coupons are redeemed first (a fact of the order), then ads take the remaining online orders.
    """

    def assign(world: World, m: int, month: Period, rows: pd.DataFrame) -> pd.DataFrame:
        rows = _use_coupons(world, model, m, month, rows.copy())
        return _attribute_ads(world, model, m, month, rows)

    return assign


#: Post titles as (before, after) the category, and 大促 titles after the event's name.
_TITLES = {
    False: (("", "怎么选？一篇讲清楚"), ("本周", "新品开箱"), ("", "好物清单"),
            ("粉丝福利：", "限时抽奖"), ("", "搭配灵感分享"), ("", "真实测评来了")),
    True: (("How to choose ", ""), ("New this week: ", " unboxing"), ("Our ", " picks"),
           ("Fan giveaway: ", ""), ("", " styling ideas"), ("Honest ", " review")),
}  # fmt: skip
_PROMO_TITLES = {False: ("必买清单：", "攻略｜", "预售开启："), True: (" must-haves: ", " guide: ",
                                                            " presale: ")}  # fmt: skip


def _category_words(world: World, en: bool) -> np.ndarray:
    """The shop's categories as words for titles (English names from the catalogue for en_US)."""
    products = world.tables.get("products")
    if products is None or products.empty:
        return np.array(["products" if en else "好物"], dtype=object)
    names = products["category"].unique()
    english = {c.name_en: c.en.replace("_", " ") for c in categories(world.config.profile)}
    return np.array([english.get(n, "products") for n in names] if en else names, dtype=object)


def _content(world: World, model: MarketingModel) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Posts per platform (a few a week, more in 大促) and daily followers they bring."""
    en = world.config.locale == "en_US"
    cal = world.calendar
    rng = stream(world.seed, Stream.CONTENT, 0)
    names = list(model.platforms)
    spec = [model.platforms[p] for p in names]
    promo = cal["promo_phase"].isin(["warmup", "peak"]).to_numpy()
    per_day = np.outer(1 + 0.6 * promo, [s.posts_per_week / 7 for s in spec])
    count = rng.poisson(per_day)  # days × platforms
    day_idx, plat = np.nonzero(count)
    day_idx, plat = np.repeat(day_idx, count[day_idx, plat]), np.repeat(plat, count[day_idx, plat])
    n = len(day_idx)
    hours = rng.integers(8 * 3600, 22 * 3600, size=n).astype("timedelta64[s]")
    published = cal["date"].to_numpy()[day_idx].astype("datetime64[s]") + hours
    boost = 1 + 0.5 * promo[day_idx]
    median = np.array([s.reads for s in spec])[plat] * boost
    reads = np.round(rng.lognormal(np.log(median), 1.0)).astype("int64")
    eng = np.array([s.engagement for s in spec])[plat]
    rate = rng.beta(eng * 40, (1 - eng) * 40)
    engaged = rng.binomial(reads, rate)
    likes = rng.binomial(engaged, 0.72)
    comments = rng.binomial(engaged - likes, 0.45)
    cats = _category_words(world, en)
    cat = cats[rng.integers(0, len(cats), size=n)]
    pre, post = (np.array(x, dtype=object) for x in zip(*_TITLES[en], strict=True))
    t = rng.integers(0, len(pre), size=n)
    title = pre[t] + cat + post[t]
    events = cal["promo_event"].map(lambda e: _EVENTS.get(e, ("", ""))[en]).to_numpy(object)
    promo_t = np.array(_PROMO_TITLES[en], dtype=object)[rng.integers(0, 3, size=n)]
    title = np.where(promo[day_idx], events[day_idx] + promo_t + cat, title)
    posts = pd.DataFrame({"platform": np.array(names, dtype=object)[plat], "published_at": published,
                          "title": title, "reads": reads, "likes": likes, "comments": comments,
                          "shares": engaged - likes - comments})  # fmt: skip
    posts = posts.sort_values(["published_at", "platform"], kind="stable")
    posts.insert(0, "post_id", [f"N{i + 1:05d}" for i in range(len(posts))])
    # Followers: organic growth with demand, followers won by each day's post reads, unfollows.
    frng = stream(world.seed, Stream.CONTENT, 1)
    start = np.array([s.followers for s in spec], dtype="float64")
    read_day = np.zeros(count.shape)
    np.add.at(read_day, (day_idx, plat), reads)
    retail = cal["retail"].to_numpy()[:, None]
    organic = start * 0.0008 * np.sqrt(retail) * frng.lognormal(0.0, 0.3, count.shape)
    won = frng.binomial(read_day.astype("int64"), 0.004)
    lost = start * 0.0003 * frng.lognormal(0.0, 0.3, count.shape)
    followers = np.maximum(np.round(start + np.cumsum(organic + won - lost, axis=0)), 0)
    daily = pd.DataFrame({"date": np.repeat(cal["date"].to_numpy(), len(names)),
                          "platform": np.tile(np.array(names, dtype=object), len(cal)),
                          "followers": followers.astype("int64").ravel()})  # fmt: skip
    return posts, daily


def finish_marketing(world: World) -> None:
    """Write the delivery, audience, content and follower tables; keep ad spend for expenses.

    Run after the order loop: ``campaign_audience.participated`` is read from the ``orders`` table
    (a targeted customer took part iff one of their orders carries the campaign), and
    ``world.hidden["ad_spend"]`` (date, campaign_id, channel, spend) feeds the expense ledger.
    """
    model: MarketingModel = world.hidden["marketing_model"]
    plan = world.hidden["ad_plan"].sort_values(["date", "campaign_id"], kind="stable")
    world.tables["campaign_daily"] = conform(
        "campaign_daily", {c: plan[c] for c in ("date", "campaign_id", "impressions", "clicks")}
    )
    world.hidden["ad_spend"] = plan[["date", "campaign_id", "channel", "spend"]].reset_index(
        drop=True
    )
    cust_ids = world.hidden["customers"]["customer_id"].to_numpy()
    audience = world.hidden["campaign_audience"]
    audience = pd.DataFrame({"campaign_id": audience["campaign_id"].to_numpy(),
                             "customer_id": cust_ids[audience["cidx"].to_numpy()]})  # fmt: skip
    orders = world.tables["orders"]
    took = orders.loc[orders["campaign_id"].notna(), ["campaign_id", "customer_id"]]
    took = took.drop_duplicates().assign(participated=True)
    audience = audience.merge(took, on=["campaign_id", "customer_id"], how="left")
    audience["participated"] = audience["participated"].notna().to_numpy()
    audience = audience.sort_values(["campaign_id", "customer_id"], kind="stable")
    world.tables["campaign_audience"] = conform("campaign_audience", _columns(audience))
    posts, daily = _content(world, model)
    world.tables["content_posts"] = conform("content_posts", _columns(posts))
    world.tables["followers_daily"] = conform("followers_daily", _columns(daily))
    world.notes_zh.append(
        "订单最多归因到一个推广活动：先看是否使用了优惠券，再按当天投放量归因到广告活动。"
    )
    world.notes_en.append(
        "Each order is attributed to at most one campaign: a redeemed coupon first, otherwise an "
        "ad campaign running that day, in proportion to its delivery."
    )
