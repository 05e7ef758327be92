"""Customers: the public table and the hidden traits that drive their behaviour.

Hidden traits (never written to ``data/``): purchase rate, price sensitivity, satisfaction
propensity, base churn hazard, acquisition date. Every draw is keyed by the customer's chunk, so
customers can be generated in blocks with the same result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import pools
from ..columns import prefixed_ids
from ..rng import Stream, chunks, stream
from ..schema.frames import conform
from ..world import World


@dataclass(frozen=True)
class CustomerMix:
    """What a profile's customers look like."""

    customer_type: str  # individual / business
    segments: dict[str, float]  # segment code → share
    channels: dict[str, float]  # acquisition channel code → share
    #: Mean orders per active month, per segment (multiplies a gamma-distributed base).
    rate: dict[str, float]
    #: Monthly churn hazard of an established customer, before satisfaction and tenure.
    hazard: float
    #: Share of customers acquired before the period starts.
    existing: float = 0.5
    #: Company-name sector for business customers (see pools.company_names).
    sector: str = "general"
    #: Calendar column whose daily factor shapes when new customers arrive.
    season: str = "retail"
    #: Gamma shape of purchase rates around the segment mean: lower = a few heavy buyers.
    rate_shape: float = 1.2


def _pick(rng: np.random.Generator, shares: dict[str, float], n: int) -> np.ndarray:
    keys = np.array(list(shares), dtype=object)
    p = np.array(list(shares.values()), dtype="float64")
    return keys[rng.choice(len(keys), size=n, p=p / p.sum())]


def _acquired_at(world: World, rng: np.random.Generator, n: int, existing: float, season: str):
    """Acquisition instants: before the period for existing customers, else by the calendar."""
    cal = world.calendar
    before = rng.random(n) < existing
    days_back = rng.integers(30, 3 * 365, size=n)
    weights = cal[season].to_numpy() / cal[season].sum()
    day_idx = rng.choice(len(cal), size=n, p=weights)
    day = np.where(
        before,
        (world.start - pd.to_timedelta(days_back, unit="D")).to_numpy(),
        cal["date"].to_numpy()[day_idx],
    )
    seconds = rng.integers(8 * 3600, 23 * 3600, size=n)
    return pd.to_datetime(day) + pd.to_timedelta(seconds, unit="s"), ~before


def build_customers(world: World, mix: CustomerMix) -> None:
    """Fill ``world.tables['customers']`` and ``world.hidden['customers']``."""
    n = world.n_customers
    locale = world.config.locale
    places = pools.place_columns(locale)
    zh_city = pools.place_columns("zh_CN")["city"]
    cols: dict[str, list[np.ndarray]] = {}

    def add(**arrays: np.ndarray) -> None:
        for k, v in arrays.items():
            cols.setdefault(k, []).append(v)

    for index, lo, hi in chunks(n):
        rng = stream(world.seed, Stream.CUSTOMERS, index)
        m = hi - lo
        where = pools.address_rows(rng, m)
        segment = _pick(rng, mix.segments, m)
        if mix.customer_type == "individual":
            gender = np.where(rng.random(m) < 0.58, "female", "male").astype(object)
            names = pools.person_names(rng, m, locale, genders=gender)
        else:
            gender = np.full(m, None, dtype=object)
            names = pools.company_names(rng, m, mix.sector, zh_city[where], locale=locale)
        acquired, new_in_period = _acquired_at(world, rng, m, mix.existing, mix.season)
        phone = pools.masked_phones(rng, m)
        add(where=where, segment=segment, gender=gender, name=names.astype(object), phone=phone,
            acquisition_channel=_pick(rng, mix.channels, m), acquired=acquired.to_numpy(),
            registered_at=acquired.floor("s").to_numpy(), new_in_period=new_in_period)  # fmt: skip
        t = stream(world.seed, Stream.CUSTOMER_TRAITS, index)
        seg_rate = np.array([mix.rate[s] for s in segment], dtype="float64")
        add(
            rate=seg_rate * t.gamma(mix.rate_shape, 1 / mix.rate_shape, size=m),
            price_sensitivity=t.beta(2, 3, size=m),
            satisfaction=t.normal(0.0, 1.0, size=m),
            hazard=mix.hazard * t.lognormal(0.0, 0.35, size=m),
        )
    a = {k: np.concatenate(v) for k, v in cols.items()}
    where = a["where"]
    customers = conform(
        "customers",
        {
            "customer_id": prefixed_ids("C", np.arange(1, n + 1), 6),
            "name": a["name"],
            "customer_type": np.full(n, mix.customer_type, dtype=object),
            "segment": a["segment"],
            "gender": a["gender"],
            **{c: places[c][where] for c in ("region", "province", "city", "district")},
            "phone": a["phone"].astype(object),
            "acquisition_channel": a["acquisition_channel"],
            "registered_at": a["registered_at"],
            "account_manager_id": np.full(n, None, dtype=object),
        },
    )
    world.tables["customers"] = customers
    hidden = pd.DataFrame(
        {k: a[k] for k in ("rate", "price_sensitivity", "satisfaction", "hazard")}
        | {"acquired_at": a["acquired"], "new_in_period": a["new_in_period"]}
    )
    for col in ("customer_id", "region", "province", "segment", "acquisition_channel"):
        hidden[col] = customers[col]
    world.hidden["customers"] = hidden
