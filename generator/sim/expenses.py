"""The expense ledger: what running the company cost, booked from the activity that caused it.

Variable costs follow the simulated activity: ad spend is booked as the marketing module spent it
(one row per campaign and day), parcels cost logistics on the day they ship and again when they
come back, platforms take a commission on paid orders, tickets and their follow-up contacts cost
customer service, and each lead source costs a fee per lead plus a monthly retainer. Fixed costs
(rent, payroll, systems) are booked at each month end, sized to the company's usual monthly sales
(split over hotels by rooms). Because they are fixed, the expense ratio is high in quiet months
and low in 大促.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..rng import Stream, stream
from ..schema.codes import EXPENSE_CATEGORIES
from ..schema.frames import conform
from ..world import World

# Fixed sub-stream indices of Stream.EXPENSES; never renumber.
_S_DAILY, _S_MONTHLY = 0, 1
_KEYS = ["date", "category", "channel", "campaign_id", "store_id"]


@dataclass(frozen=True)
class ExpenseModel:
    """A profile's cost structure (money in CNY).

    Parameters
    ----------
    logistics_per_order
        Courier, packing and picking per shipped order (paid or later refunded).
    logistics_per_unit
        Extra cost per unit shipped beyond an order's first.
    return_per_order
        Return shipping per refunded order, booked on the refund day.
    commission
        Platform commission by sales channel, as a share of the paid order amount.
    commission_category
        Expense category commissions are booked under (销售费用 in Chinese accounts).
    service_per_ticket
        Fully loaded customer-service cost of a ticket's first contact.
    service_per_contact
        Cost of each further contact of a ticket.
    lead_cost
        Sales cost per lead created, by lead source (booked monthly per source).
    source_retainer
        Fixed monthly cost per lead source (trade-fair booths, partner retainers).
    fixed_share
        Monthly fixed costs (rent, payroll, systems) as a share of the company's mean monthly
        sales in the period: the company is staffed and housed for its usual business, so quiet
        months carry the same fixed costs as 大促 months. Booked as ``other`` at each month end,
        split over stores by rooms (hotels) or evenly when the company has stores.
    noise
        Lognormal spread of each booked amount (bills are never exactly the tariff).
    """

    logistics_per_order: float = 0.0
    logistics_per_unit: float = 0.0
    return_per_order: float = 0.0
    commission: dict[str, float] = field(default_factory=dict)
    commission_category: str = "sales"
    service_per_ticket: float = 0.0
    service_per_contact: float = 0.0
    lead_cost: dict[str, float] = field(default_factory=dict)
    source_retainer: dict[str, float] = field(default_factory=dict)
    fixed_share: float = 0.0
    noise: float = 0.05

    def __post_init__(self) -> None:
        if self.commission_category not in {v.code for v in EXPENSE_CATEGORIES}:
            raise ValueError(f"unknown expense category {self.commission_category!r}")
        rates = [*self.commission.values(), *self.lead_cost.values()]
        if any(r < 0 for r in rates) or self.noise < 0:
            raise ValueError("costs, commission rates and noise must be ≥ 0")


#: An online shop: parcels, Tmall/JD/Douyin commissions, fully loaded service costs per ticket,
#: fixed costs of 14% of usual sales (ads come from the marketing module).
RETAIL_EXPENSES = ExpenseModel(
    logistics_per_order=8.0,
    logistics_per_unit=1.5,
    return_per_order=10.0,
    commission={"tmall": 0.05, "jd": 0.06, "douyin": 0.05, "wechat_mini": 0.006},
    service_per_ticket=45.0,
    service_per_contact=20.0,
    fixed_share=0.14,
)
#: A hotel chain: OTA commissions, guest service, rent and staff split over hotels by rooms.
HOTEL_EXPENSES = ExpenseModel(
    commission={"ota": 0.13},
    service_per_ticket=30.0,
    service_per_contact=15.0,
    fixed_share=0.16,
)
#: A B2B seller with a recruitment pipeline: sales costs per lead source, no parcels.
B2B_EXPENSES = ExpenseModel(
    service_per_ticket=60.0,
    service_per_contact=30.0,
    lead_cost={"exhibition": 1_800.0, "referral": 300.0, "online_ads": 450.0,
               "cold_call": 150.0, "partner": 900.0, "inbound": 200.0},
    source_retainer={"exhibition": 20_000.0, "partner": 8_000.0, "online_ads": 5_000.0},
    fixed_share=0.12,
)  # fmt: skip


def _rows(date: object, category: str, amount: object, **keys: object) -> pd.DataFrame:
    """Ledger items (one per row of ``date``); ``keys`` give channel, campaign_id or store_id."""
    frame = pd.DataFrame({"date": pd.to_datetime(pd.Series(date)).dt.normalize()})
    frame["category"] = category
    for col in ("channel", "campaign_id", "store_id"):
        value = keys.get(col)
        frame[col] = np.asarray(value, dtype=object) if value is not None else None
    frame["amount"] = np.asarray(amount, dtype="float64")
    return frame


def _store(df: pd.DataFrame) -> pd.Series | None:
    return df.get("store_id")


def _order_of_lines(orders: pd.DataFrame, lines: pd.DataFrame) -> np.ndarray | None:
    """Each line's order as a row position in ``orders`` (−1: none), or None when order ids
    repeat (then only grouping by id gives every copy its lines)."""
    ids = pd.Index(orders["order_id"])
    return ids.get_indexer(pd.Index(lines["order_id"])) if ids.is_unique else None


def _logistics(world: World, model: ExpenseModel) -> list[pd.DataFrame]:
    orders, lines = world.tables.get("orders"), world.tables.get("order_lines")
    if orders is None or lines is None:
        return []
    of = _order_of_lines(orders, lines)
    out = []
    status = orders["status"].to_numpy(dtype=object)
    ships = (status == "paid") | (status == "refunded")
    shipped = orders.loc[ships]
    if of is None:
        units = lines.groupby("order_id")["quantity"].sum()
        extra = units.reindex(shipped["order_id"]).fillna(1).to_numpy() - 1
    else:  # the same sums, grouped by the orders' row positions instead of their ids
        has = of >= 0
        per_order = np.bincount(of[has], lines["quantity"].to_numpy()[has], minlength=len(orders))
        lined = np.bincount(of[has], minlength=len(orders)) > 0
        extra = np.where(lined, per_order, 1.0)[ships] - 1
    cost = model.logistics_per_order + model.logistics_per_unit * extra
    if model.logistics_per_order or model.logistics_per_unit:
        out.append(_rows(shipped["paid_at"], "logistics", cost, store_id=_store(shipped)))
    back = orders.loc[orders["status"] == "refunded"]
    if model.return_per_order:
        out.append(_rows(back["refunded_at"], "logistics", np.full(len(back), model.return_per_order),
                         store_id=_store(back)))  # fmt: skip
    paid = orders.loc[status == "paid"]
    rate = paid["channel"].map(model.commission).fillna(0.0).to_numpy(dtype="float64")
    if rate.any():
        if of is None:
            sums = lines.groupby("order_id")["amount"].sum()
            value = sums.reindex(paid["order_id"]).to_numpy()
        else:
            sums = lines["amount"].groupby(of).sum()
            value = sums.reindex(np.flatnonzero(status == "paid")).to_numpy()
        out.append(_rows(paid["paid_at"], model.commission_category, rate * value,
                         store_id=_store(paid)))  # fmt: skip
    return out


def _service(world: World, model: ExpenseModel) -> list[pd.DataFrame]:
    tickets = world.tables.get("support_tickets")
    if tickets is None or not (model.service_per_ticket or model.service_per_contact):
        return []
    cost = model.service_per_ticket + model.service_per_contact * (tickets["contacts"] - 1)
    return [_rows(tickets["created_at"], "customer_service", cost, store_id=tickets["store_id"])]


def _marketing(world: World) -> list[pd.DataFrame]:
    spend = world.hidden.get("ad_spend")
    if spend is None or not len(spend):
        return []
    return [_rows(spend["date"], "marketing", spend["spend"], channel=spend["channel"],
                  campaign_id=spend["campaign_id"])]  # fmt: skip


def _month_ends(world: World) -> pd.DatetimeIndex:
    return pd.DatetimeIndex([m.end - pd.Timedelta(days=1) for m in world.months()])


def _sales(world: World, model: ExpenseModel) -> list[pd.DataFrame]:
    leads = world.tables.get("leads")
    sources = sorted(set(model.lead_cost) | set(model.source_retainer))
    if leads is None or not sources:
        return []
    ends = _month_ends(world)
    month = pd.DatetimeIndex(leads["created_at"]).to_period("M").to_timestamp(how="end")
    created = leads.assign(month=month.normalize())
    counts = created.groupby(["month", "source"]).size()
    grid = pd.MultiIndex.from_product([ends, sources], names=["month", "source"])
    n = counts.reindex(grid, fill_value=0).to_numpy(dtype="float64")
    source = grid.get_level_values("source")
    fee = np.array([model.lead_cost.get(s, 0.0) for s in source])
    retainer = np.array([model.source_retainer.get(s, 0.0) for s in source])
    return [_rows(grid.get_level_values("month"), "sales", n * fee + retainer, channel=source)]


def _fixed(world: World, model: ExpenseModel) -> list[pd.DataFrame]:
    """Month-end fixed costs, sized to the business: a share of its mean monthly sales."""
    orders, lines = world.tables.get("orders"), world.tables.get("order_lines")
    if not model.fixed_share or orders is None or lines is None:
        return []
    of = _order_of_lines(orders, lines)
    if of is None:
        paid = orders.loc[orders["status"] == "paid", ["order_id", "paid_at"]]
        merged = lines.merge(paid, on="order_id")
        inside = (merged["paid_at"] >= world.start) & (merged["paid_at"] < world.end)
        amount = merged.loc[inside, "amount"]
    else:  # the paid lines in line order, as the merge of the lines with the paid orders gives
        is_paid = (orders["status"] == "paid").to_numpy()
        keep = (of >= 0) & is_paid[np.maximum(of, 0)]
        at = orders["paid_at"].to_numpy()[of[keep]]
        inside = (at >= np.datetime64(world.start)) & (at < np.datetime64(world.end))
        amount = pd.Series(lines["amount"].to_numpy()[keep][inside])
    monthly = model.fixed_share * float(amount.sum()) / len(world.months())
    ends = _month_ends(world).to_numpy()
    stores = world.tables.get("stores")
    if stores is None or stores.empty:
        return [_rows(ends, "other", np.full(len(ends), monthly))]
    # Bigger hotels and stores cost more: split by rooms where known, else evenly.
    size = stores["rooms"].astype("float64").fillna(1.0).to_numpy() if "rooms" in stores else None
    weight = np.ones(len(stores)) if size is None else size
    open_ = np.tile(stores["opened_at"].to_numpy(), len(ends)) <= np.repeat(ends, len(stores))
    share = np.tile(weight / weight.sum(), len(ends)) * open_
    return [_rows(np.repeat(ends, len(stores)), "other", monthly * share,
                  store_id=np.tile(stores["store_id"].to_numpy(dtype=object), len(ends)))]  # fmt: skip


def simulate_expenses(world: World, model: ExpenseModel) -> None:
    """Write ``expenses`` from the activity already simulated in ``world``.

    Reads whatever exists: ``orders`` and ``order_lines`` (logistics, commissions),
    ``support_tickets`` (customer service), ``world.hidden["ad_spend"]`` (marketing: one row per
    campaign and day, its amount exactly the day's spend to the cent), ``leads`` (sales per lead
    source), ``stores`` (fixed costs per store). Items are summed per (date, category, channel,
    campaign, store), dated inside the period, and numbered ``X0000001``... in date order.

    Examples
    --------
    >>> from generator.config import make_config
    >>> world = World(make_config(seed=0, months=6), 100)
    >>> world.hidden["ad_spend"] = pd.DataFrame({"date": [pd.Timestamp("2025-01-02")],
    ...     "campaign_id": ["M0001"], "channel": ["douyin"], "spend": [120.5]})
    >>> simulate_expenses(world, RETAIL_EXPENSES)
    >>> world.tables["expenses"][["expense_id", "category", "channel", "amount"]].values.tolist()
    [['X0000001', 'marketing', 'douyin', 120.5]]
    """
    variable = [*_logistics(world, model), *_service(world, model), *_sales(world, model)]
    fixed = _fixed(world, model)
    rng_daily = stream(world.seed, Stream.EXPENSES, _S_DAILY)
    rng_monthly = stream(world.seed, Stream.EXPENSES, _S_MONTHLY)
    parts = []
    for frames, rng in ((variable, rng_daily), (fixed, rng_monthly)):
        if not frames:
            continue
        frame = pd.concat(frames, ignore_index=True)
        items = frame.groupby(_KEYS, dropna=False, sort=True)["amount"].sum().reset_index()
        # Sorted keys before drawing keep the noise independent of the order rows were built in.
        noise = np.exp(model.noise * rng.standard_normal(len(items)) - model.noise**2 / 2)
        parts.append(items.assign(amount=items["amount"].to_numpy() * noise))
    parts += [
        f.groupby(_KEYS, dropna=False, sort=True)["amount"].sum().reset_index()
        for f in _marketing(world)
    ]
    ledger = (
        pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*_KEYS, "amount"])
    )
    ledger["amount"] = np.round(ledger["amount"].to_numpy(dtype="float64"), 2)
    inside = (ledger["date"] >= world.start) & (ledger["date"] < world.end)
    ledger = ledger.loc[inside & (ledger["amount"] > 0)]
    order = {v.code: i for i, v in enumerate(EXPENSE_CATEGORIES)}
    ledger = ledger.assign(rank=ledger["category"].map(order))
    ledger = ledger.sort_values(["date", "rank", "channel", "campaign_id", "store_id"],
                                kind="stable", na_position="first")  # fmt: skip
    world.tables["expenses"] = conform(
        "expenses",
        {
            "expense_id": [f"X{i + 1:07d}" for i in range(len(ledger))],
            **{c: ledger[c] for c in _KEYS},
            "amount": ledger["amount"],
        },
    )
