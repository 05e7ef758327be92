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
    parts, traits = [], []
    for index, lo, hi in chunks(n):
        rng = stream(world.seed, Stream.CUSTOMERS, index)
        m = hi - lo
        where = pools.addresses(rng, m)
        segment = _pick(rng, mix.segments, m)
        if mix.customer_type == "individual":
            gender = np.where(rng.random(m) < 0.58, "female", "male")
            names = pools.person_names(rng, m, world.config.locale, genders=gender)
        else:
            gender = np.full(m, None, dtype=object)
            names = pools.company_names(
                rng, m, mix.sector, where["city"].to_numpy(), locale=world.config.locale
            )
        where = pools.place_names(where, world.config.locale)
        acquired, new_in_period = _acquired_at(world, rng, m, mix.existing, mix.season)
        parts.append(
            pd.DataFrame(
                {
                    "customer_id": [f"C{i + 1:06d}" for i in range(lo, hi)],
                    "name": names,
                    "customer_type": mix.customer_type,
                    "segment": segment,
                    "gender": gender,
                    "region": where["region"].to_numpy(),
                    "province": where["province"].to_numpy(),
                    "city": where["city"].to_numpy(),
                    "district": where["district"].to_numpy(),
                    "phone": pools.masked_phones(rng, m),
                    "acquisition_channel": _pick(rng, mix.channels, m),
                    "registered_at": acquired.floor("s"),
                }
            )
        )
        t = stream(world.seed, Stream.CUSTOMER_TRAITS, index)
        seg_rate = np.array([mix.rate[s] for s in segment], dtype="float64")
        traits.append(
            pd.DataFrame(
                {
                    "rate": seg_rate * t.gamma(mix.rate_shape, 1 / mix.rate_shape, size=m),
                    "price_sensitivity": t.beta(2, 3, size=m),
                    "satisfaction": t.normal(0.0, 1.0, size=m),
                    "hazard": mix.hazard * t.lognormal(0.0, 0.35, size=m),
                    "acquired_at": acquired.to_numpy(),
                    "new_in_period": new_in_period,
                }
            )
        )
    customers = pd.concat(parts, ignore_index=True)
    customers["account_manager_id"] = None
    world.tables["customers"] = conform("customers", {str(k): v for k, v in customers.items()})
    hidden = pd.concat(traits, ignore_index=True)
    hidden["customer_id"] = customers["customer_id"]
    for col in ("region", "province", "segment", "acquisition_channel"):
        hidden[col] = customers[col]
    world.hidden["customers"] = hidden
