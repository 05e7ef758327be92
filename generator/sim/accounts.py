"""B2B account management: account managers, cooperation interactions and supply contracts.

Business profiles run the consumer monthly loop for purchase orders and plug
:func:`interactions_hook` in as its ``service`` step. Each month the hook draws the visits, calls,
trainings and meetings of every live account; whether an invited account takes part and whether
it sends useful feedback depends on a hidden engagement trait (correlated with satisfaction) and
on the ``participation`` and ``feedback`` levers. The month's cooperation feeds the account's
experience, and through it the churn hazard of the loop, so a region that stops cooperating loses
accounts a few months later. :func:`finish_accounts` then writes ``interactions`` and the
back-to-back ``contracts`` whose end marks when each lost account left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..columns import isin, prefixed_ids
from ..indicators import Period
from ..rng import CHUNK, RowDraws, Stream, chunks, stream
from ..schema.frames import conform, series
from ..schema.tables import CUSTOMERS
from ..world import World
from . import staff
from .arrays import cdf, draw_index
from .arrays import text as text_series
from .orders import static_columns

# Fixed sub-stream indices (months use 0..23, so these never collide); never renumber.
_S_TRAITS, _S_MANAGERS, _S_CONTRACTS = 9001, 9002, 9003

#: Feedback texts by quality band (low < 0.4 ≤ mid < 0.7 ≤ high), per locale.
FEEDBACK_TEXTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "zh_CN": (
        ("还行。", "没什么意见。", "一般。", "暂无。", "知道了。"),
        (
            "资料收到了，希望多安排几次培训。",
            "整体满意，个别品种到货偏慢。",
            "内容有帮助，时间安排偏紧。",
            "价格希望再优惠一些，服务还可以。",
        ),
        (
            "培训内容很实用，建议下次增加案例分析，并提前一周发送资料。",
            "希望把到货时间固定在每周二，库存预警能同步到我们的系统。",
            "会议安排合理，建议增加政策解读，同事反馈很好，下次还会参加。",
            "对账流程清晰；希望下季度把返利政策和新品目录一起发过来。",
        ),
    ),
    "en_US": (
        ("OK.", "No comments.", "Fine.", "Nothing to add.", "Noted."),
        (
            "Got the materials; more training sessions would help.",
            "Mostly satisfied, a few items arrive late.",
            "Useful content, but the schedule was tight.",
            "Service is fine; prices could be a little lower.",
        ),
        (
            "Very practical session; please add case studies and send materials a week ahead.",
            "Please fix deliveries on Tuesdays and share stock alerts with our system.",
            "Well organised meeting; add a policy briefing next time, our team will join again.",
            "Clear reconciliation; please send next quarter's rebate policy with the new catalogue.",
        ),
    ),
}
_BANDS = (0.4, 0.7)


def _logit(p: np.ndarray | float) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype="float64"), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass(frozen=True)
class AccountModel:
    """How a profile's account managers work with their accounts.

    ``frequency`` gives the mean number of interactions of each kind per account and month, per
    segment. For each kind: ``invited`` is the share we initiate (the rest come from the account
    and only exist when it is engaged), ``participation`` the chance an invited, typically engaged
    account takes part, ``feedback`` the chance it then submits feedback. ``engagement_effect`` is
    the logit shift per standard deviation of the hidden engagement trait.

    Examples
    --------
    >>> model = ACCOUNT_MODELS["pharma_distribution"]
    >>> sorted(model.frequency["hospital"]), model.contract_months
    (['academic_meeting', 'training', 'visit'], 12)
    """

    frequency: dict[str, dict[str, float]]
    invited: dict[str, float] = field(
        default_factory=lambda: {"visit": 0.85, "call": 0.6, "wechat": 0.5, "training": 1.0,
                                 "academic_meeting": 1.0, "promotion_activity": 1.0}
    )  # fmt: skip
    participation: dict[str, float] = field(
        default_factory=lambda: {"visit": 0.85, "call": 0.75, "wechat": 0.7, "training": 0.55,
                                 "academic_meeting": 0.5, "promotion_activity": 0.45}
    )  # fmt: skip
    feedback: dict[str, float] = field(
        default_factory=lambda: {"visit": 0.45, "call": 0.25, "wechat": 0.3, "training": 0.7,
                                 "academic_meeting": 0.6, "promotion_activity": 0.5}
    )  # fmt: skip
    quality_mean: float = 0.6
    engagement_effect: float = 0.8
    #: Contract term in months; contracts are renewed back to back until the account churns.
    contract_months: int = 12
    #: Monthly experience = w_p·(participation − ref_p) + w_f·(feedback − ref_f), clipped.
    experience_weights: tuple[float, float] = (1.0, 1.0)
    experience_refs: tuple[float, float] = (0.6, 0.25)
    experience_clip: tuple[float, float] = (-0.8, 0.2)


#: Presets per business profile.
ACCOUNT_MODELS: dict[str, AccountModel] = {
    "pharma_distribution": AccountModel(
        frequency={
            "hospital": {"visit": 2.0, "academic_meeting": 0.35, "training": 0.25},
            "pharmacy": {"visit": 1.2, "academic_meeting": 0.05, "training": 0.4},
            "clinic": {"visit": 0.7, "academic_meeting": 0.1, "training": 0.2},
        }
    ),
    "financial_services": AccountModel(
        frequency={
            "retail_investor": {
                "call": 0.5,
                "wechat": 1.0,
                "training": 0.05,
                "promotion_activity": 0.2,
            },
            "high_net_worth": {
                "call": 1.5,
                "wechat": 2.0,
                "training": 0.2,
                "promotion_activity": 0.4,
            },
            "institution": {"call": 2.0, "wechat": 1.5, "training": 0.3, "promotion_activity": 0.2},
        },
        contract_months=12,
    ),
    "manufacturing_b2b": AccountModel(
        frequency={
            "key_account": {"visit": 1.5, "call": 3.0, "training": 0.3},
            "mid_market": {"visit": 0.8, "call": 1.5, "training": 0.15},
            "small_business": {"visit": 0.3, "call": 0.8, "training": 0.05},
        },
        contract_months=24,
    ),
}


def assign_managers(world: World) -> None:
    """Give every customer an account manager, in its own region when managers have regions.

    Managers are the ``account_manager`` employees, or the ``sales_rep`` ones when there are none.
    Sets ``customers.account_manager_id`` and the hidden columns ``manager`` and ``engagement``
    (the account's propensity to cooperate: half satisfaction, half its own noise).
    """
    pool = staff.members(world, "account_manager")
    if pool.empty:
        pool = staff.members(world, "sales_rep")
    if pool.empty:
        raise ValueError("assign_managers needs account_manager or sales_rep employees")
    region_of = world.tables["employees"].set_index("employee_id")["region"]
    ids = pool["employee_id"].to_numpy(dtype=object)
    regions = region_of.reindex(ids).to_numpy(dtype=object)
    cust = world.hidden["customers"]
    manager = np.empty(len(cust), dtype=object)
    engagement = np.empty(len(cust))
    for index, lo, hi in chunks(len(cust)):
        rng = stream(world.seed, Stream.INTERACTIONS, _S_MANAGERS, index)
        own = cust["region"].to_numpy(dtype=object)[lo:hi]
        u = rng.random(hi - lo)
        for region in np.unique(own):  # a loop over regions, not rows
            local = ids[regions == region]
            local = local if len(local) else ids  # no manager in the region: a national one
            sel = own == region
            # Portfolios are dealt out evenly, in a random order of the accounts.
            rank = np.argsort(np.argsort(u[sel], kind="stable"), kind="stable")
            manager[lo:hi][sel] = local[(rank + index) % len(local)]
        t = stream(world.seed, Stream.INTERACTIONS, _S_TRAITS, index)
        sat = cust["satisfaction"].to_numpy()[lo:hi]
        engagement[lo:hi] = 0.5 * sat + np.sqrt(0.75) * t.standard_normal(hi - lo)
    cust["manager"] = text_series(manager, cust.index)
    cust["engagement"] = engagement
    customers = world.tables["customers"].copy()
    customers["account_manager_id"] = series(
        CUSTOMERS.column("account_manager_id"), pd.Series(manager, dtype=object)
    )
    world.tables["customers"] = customers


def _month_days(world: World, month: Period) -> tuple[np.ndarray, np.ndarray, float]:
    """Working days of the month, their weights and the month's activity relative to the year."""
    dates, w = world.calendar["date"].to_numpy(), world.calendar["b2b"].to_numpy()
    inside = (dates >= np.datetime64(month.start)) & (dates < np.datetime64(month.end))
    return dates[inside], w[inside], float(w[inside].mean() / w.mean())


def _lookup(model_values: dict[str, float], keys: Iterable[str]) -> np.ndarray:
    return np.array([model_values[k] for k in keys])


def _draw_month(world: World, model: AccountModel, m: int, month: Period) -> pd.DataFrame:
    """This month's interactions of every account: the draws chunk by chunk (each chunk's from
    its own stream, in a fixed order), what follows from them for all accounts at once."""
    cust = world.hidden["customers"]
    n_cust = len(cust)
    static = static_columns(world)
    alive = cust["churned_at"].isna().to_numpy() & (
        static["acquired_at"] < np.datetime64(month.end)
    )
    days, weights, busy = _month_days(world, month)
    day_cdf = cdf(weights / weights.sum())
    segment = static["segment"]
    kinds = sorted({k for f in model.frequency.values() for k in f})
    codes, segments = pd.factorize(segment)
    rates = np.array([[model.frequency.get(s, {}).get(name, 0.0) for name in kinds]
                      for s in segments], dtype="float64").reshape(len(segments), len(kinds))  # fmt: skip
    engagement = cust["engagement"].to_numpy()
    mean_q_all = _sigmoid(_logit(model.quality_mean) + 0.6 * (engagement * model.engagement_effect))
    parts: list[dict[str, np.ndarray]] = []
    for index, lo, hi in chunks(n_cust):
        rng = stream(world.seed, Stream.INTERACTIONS, m, index)
        counts = np.zeros((hi - lo, len(kinds)), dtype="int64")
        for j in range(len(kinds)):
            counts[:, j] = rng.poisson(rates[codes[lo:hi], j] * busy * alive[lo:hi])
        who = np.repeat(np.arange(hi - lo), counts.sum(axis=1))
        kind = np.nonzero(counts)[1].repeat(counts[counts > 0])
        n = len(who)
        when = days[draw_index(rng, day_cdf, n)].astype("datetime64[s]")
        when = when + (rng.integers(9 * 3600, 18 * 3600, size=n) // 900 * 900).astype(
            "timedelta64[s]"
        )
        mean_q = mean_q_all[lo:hi][who]
        parts.append({
            "seq": m * 10**9 + index * 10**7 + np.arange(n), "cidx": who + lo, "kind": kind,
            "scheduled_at": when, "u_invited": rng.random(n), "u_joined": rng.random(n),
            "u_feedback": rng.random(n), "beta": rng.beta(6 * mean_q, 6 * (1 - mean_q)),
            "pick": rng.random(n),
        })  # fmt: skip
    d = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    who, kind, when = d["cidx"], np.array(kinds, dtype=object)[d["kind"]], d["scheduled_at"]
    n = len(who)
    invited = d["u_invited"] < _lookup(model.invited, kinds)[d["kind"]]
    eng = engagement[who] * model.engagement_effect
    cols = {
        "region": static["region"][who],
        "segment": segment[who],
        "manager": cust["manager"].to_numpy(dtype=object)[who],
    }
    base = _lookup(model.participation, kinds)[d["kind"]]
    p_join = _sigmoid(_logit(base) + eng) * world.levers.factor("participation", when, **cols)
    joined = d["u_joined"] < p_join
    fb_factor = world.levers.factor("feedback", when, **cols)
    p_fb = _sigmoid(_logit(_lookup(model.feedback, kinds)[d["kind"]]) + eng) * fb_factor
    submitted = joined & (d["u_feedback"] < p_fb)
    quality = np.round(np.clip(d["beta"] * fb_factor, 0.0, 1.0), 2)
    texts = FEEDBACK_TEXTS.get(world.config.locale, FEEDBACK_TEXTS["zh_CN"])
    band = np.searchsorted(_BANDS, quality, side="right")
    text = np.empty(n, dtype=object)
    for b, options in enumerate(texts):
        sel = band == b
        text[sel] = np.array(options, dtype=object)[(d["pick"][sel] * len(options)).astype("int64")]
    text[~submitted] = None
    # A contact the account starts only exists when it is engaged enough to start it.
    keep = (invited | joined) & (when >= static["acquired_at"][who])
    return pd.DataFrame(
        {
            "seq": d["seq"][keep],
            "cidx": who[keep],
            "customer_id": text_series(static["customer_id"][who][keep]),
            "employee_id": text_series(cols["manager"][keep]),
            "kind": text_series(kind[keep]),
            "scheduled_at": when[keep],
            "invited": invited[keep],
            "participated": joined[keep],
            "feedback_submitted": submitted[keep],
            "feedback_quality": np.where(submitted, quality, np.nan)[keep],
            "feedback_text": text_series(text[keep]),
        }
    )


def _experience(model: AccountModel, n: int, rows: pd.DataFrame) -> np.ndarray:
    """This month's change of each account's experience from how it cooperated."""
    idx = rows["cidx"].to_numpy()
    invited = np.bincount(idx, rows["invited"].to_numpy(), minlength=n)
    joined = np.bincount(idx, (rows["invited"] & rows["participated"]).to_numpy(), minlength=n)
    held = np.bincount(idx, rows["participated"].to_numpy(), minlength=n)
    quality = np.bincount(idx, rows["feedback_quality"].fillna(0.0).to_numpy(), minlength=n)
    (w_p, w_f), (ref_p, ref_f) = model.experience_weights, model.experience_refs
    part = np.where(invited > 0, joined / np.maximum(invited, 1) - ref_p, 0.0)
    fb = np.where(invited + held > 0, quality / np.maximum(held, 1) - ref_f, 0.0)
    return np.clip(w_p * part + w_f * fb, *model.experience_clip)


def interactions_hook(model: AccountModel) -> Callable[[World, int, Period, pd.DataFrame], None]:
    """The ``service`` step of the monthly loop: draw interactions and update experience.

    Call :func:`assign_managers` first. Rows accumulate in ``world.hidden['interactions']`` until
    :func:`finish_accounts` writes them. Accounts that were invited but seldom took part or sent
    no useful feedback get a negative experience (and churn more); good cooperation a small
    positive one.

    Examples
    --------
    >>> from generator.sim.consumer import Hooks
    >>> hooks = Hooks(service=interactions_hook(ACCOUNT_MODELS["manufacturing_b2b"]))
    >>> callable(hooks.service)
    True
    """

    def hook(world: World, m: int, month: Period, orders: pd.DataFrame) -> None:
        if m == 0:  # a new run of the loop starts from no interactions
            world.hidden["interactions"] = []
        world.hidden["account_model"] = model
        cust = world.hidden["customers"]
        rows = _draw_month(world, model, m, month)
        cust["experience"] = cust["experience"].to_numpy() + _experience(model, len(cust), rows)
        world.hidden.setdefault("interactions", []).append(rows)

    return hook


def _order_amounts(world: World) -> np.ndarray:
    """Each account's mean paid order amount, the yardstick of its contract values.

    An account without a paid order takes the mean of its chunk's accounts (the catalogue's mean
    price in a chunk without any), so an account's value depends on its own chunk only.
    """
    cust = world.hidden["customers"]
    n = len(cust)
    total, count = np.zeros(n), np.zeros(n)
    orders, lines = world.tables.get("orders"), world.tables.get("order_lines")
    if orders is not None and lines is not None and len(orders):
        paid = orders.loc[orders["status"] == "paid", ["order_id", "customer_id"]]
        sold = lines.loc[isin(lines["order_id"], paid["order_id"])]
        per_order = sold.groupby("order_id")["amount"].sum().reindex(paid["order_id"]).fillna(0.0)
        who = pd.Index(cust["customer_id"]).get_indexer(paid["customer_id"])
        total = np.bincount(who, weights=per_order.to_numpy(), minlength=n).astype("float64")
        count = np.bincount(who, minlength=n).astype("float64")
    amount = np.divide(total, count, out=np.full(n, np.nan), where=count > 0)
    fallback = float(world.tables["products"]["unit_price"].mean())
    for _, lo, hi in chunks(n):
        own = amount[lo:hi]
        known = own[~np.isnan(own)]
        own[np.isnan(own)] = known.mean() if len(known) else fallback
    return amount


def _order_months(world: World) -> float:
    """The calendar's order-months per year: a year of B2B ordering days, in average months."""
    cal = world.calendar["b2b"]
    return float(cal.sum() / 30.4375 * 365.25 / len(cal))


def _contracts(world: World, model: AccountModel) -> pd.DataFrame:
    """Back-to-back contracts from each account's acquisition until it churned or is still live."""
    cust = world.hidden["customers"]
    n = len(cust)
    first = cust["acquired_at"].to_numpy().astype("datetime64[D]")
    churned = cust["churned_at"].to_numpy().astype("datetime64[D]")
    stop = np.where(np.isnat(churned), np.datetime64(world.end, "D"), churned)
    term = model.contract_months
    month0 = first.astype("datetime64[M]")
    day0 = (first - month0.astype("datetime64[D]")).astype("int64")
    span = (stop.astype("datetime64[M]") - month0).astype("int64")
    count = span // term + 1  # enough terms to reach past ``stop``; extra ones are dropped below
    who = np.repeat(np.arange(n), count)
    k = np.arange(len(who)) - np.repeat(np.cumsum(count) - count, count)

    def start_of(step: np.ndarray) -> np.ndarray:
        month = month0[who] + step * term
        last = ((month + 1).astype("datetime64[D]") - month.astype("datetime64[D]")).astype(int)
        return month.astype("datetime64[D]") + np.minimum(day0[who], last - 1)

    start, end = start_of(k), start_of(k + 1)
    keep = start < stop[who]
    lost = ~np.isnat(churned[who])
    end = np.where(lost & (end > stop[who]), stop[who], end)
    who, start, end = who[keep], start[keep], end[keep]
    yearly = cust["rate"].to_numpy()[who] * _order_months(world) * _order_amounts(world)[who]
    # Each contract's noise comes from its account's chunk: a block of chunks draws the same.
    noise = RowDraws(world.seed, Stream.CONTRACTS, who // CHUNK, _S_CONTRACTS)
    value = np.round(yearly * noise.lognormal(0.0, 0.15), -2)
    out = pd.DataFrame(
        {
            "customer_id": cust["customer_id"].to_numpy(dtype=object)[who],
            "start_date": start,
            "end_date": end,
            "annual_value": np.maximum(value, 100.0),
            "cidx": who,
        }
    ).sort_values(["start_date", "cidx"], kind="stable")
    out["contract_id"] = prefixed_ids("K", np.arange(1, len(out) + 1), 6).array  # by position
    return out


def finish_accounts(world: World) -> None:
    """Write ``interactions`` (ids by time) and ``contracts`` after the monthly loop.

    Contracts run back to back for the hook's ``contract_months`` (12 without a hook). The one in
    force when an account churned ends on its churn date and is not renewed; annual values follow
    the account's expected yearly purchases (its purchase rate times its mean order).
    """
    parts = world.hidden.get("interactions", [])
    rows = pd.concat(parts, ignore_index=True) if parts else _draw_empty()
    order = np.lexsort((rows["seq"].to_numpy(), rows["scheduled_at"].to_numpy()))
    world.tables["interactions"] = conform(
        "interactions",
        {
            "interaction_id": prefixed_ids("I", np.arange(1, len(rows) + 1), 7),
            **{c: rows[c].to_numpy()[order] for c in _INTERACTION_COLUMNS[1:]},
        },
    )
    k = _contracts(world, world.hidden.get("account_model", AccountModel(frequency={})))
    world.tables["contracts"] = conform(
        "contracts", {c: k[c] for c in ("contract_id", "customer_id", "start_date", "end_date",
                                        "annual_value")}
    )  # fmt: skip


_INTERACTION_COLUMNS = ("interaction_id", "customer_id", "employee_id", "kind", "scheduled_at",
                        "invited", "participated", "feedback_submitted", "feedback_quality",
                        "feedback_text")  # fmt: skip


def _draw_empty() -> pd.DataFrame:
    frame = {c: pd.Series([], dtype=object) for c in _INTERACTION_COLUMNS[1:]}
    frame["scheduled_at"] = pd.Series([], dtype="datetime64[s]")
    return pd.DataFrame({"seq": pd.Series([], dtype="int64"), **frame})
