"""Customers: the public table and the hidden traits that drive their behaviour.

Hidden traits (never written to ``data/``): purchase rate, price sensitivity, satisfaction
propensity, base churn hazard, acquisition date. Every draw is keyed by the customer's chunk, so
customers can be generated in blocks with the same result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from .. import pools
from ..columns import prefixed_ids
from ..rng import Stream, chunks, stream
from ..schema.frames import conform
from ..world import World
from .arrays import cdf, draw_index


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
    return np.array(list(shares), dtype=object)[_pick_index(rng, shares, n)]


def _pick_index(rng: np.random.Generator, shares: dict[str, float], n: int) -> np.ndarray:
    p = np.array(list(shares.values()), dtype="float64")
    return rng.choice(len(p), size=n, p=p / p.sum())


@dataclass(frozen=True)
class _Arrivals:
    """What every chunk's acquisition draws share: the period start and the calendar's days."""

    start: np.datetime64
    days: np.ndarray
    day_cdf: np.ndarray  # what rng.choice(len(days), p=weights) searches

    @classmethod
    def of(cls, world: World, season: str) -> _Arrivals:
        cal = world.calendar
        weights = cal[season].to_numpy() / cal[season].sum()
        start = np.datetime64(world.start)
        return cls(start, cal["date"].to_numpy(), cdf(weights))


def _acquired_at(
    arrivals: _Arrivals, rng: np.random.Generator, n: int, existing: float
) -> tuple[np.ndarray, np.ndarray]:
    """Acquisition instants: before the period for existing customers, else by the calendar."""
    before = rng.random(n) < existing
    days_back = rng.integers(30, 3 * 365, size=n)
    day_idx = draw_index(rng, arrivals.day_cdf, n)
    day = np.where(
        before,
        arrivals.start - days_back.astype("timedelta64[D]"),
        arrivals.days[day_idx],
    )
    seconds = rng.integers(8 * 3600, 23 * 3600, size=n)
    return day + seconds.astype("timedelta64[s]"), ~before


def build_customers(world: World, mix: CustomerMix) -> None:
    """Fill ``world.tables['customers']`` and ``world.hidden['customers']``."""
    n = world.n_customers
    locale = world.config.locale
    places = pools.place_columns(locale)
    zh_city = pools.place_columns("zh_CN")["city"]
    arrivals = _Arrivals.of(world, mix.season)
    segments = np.array(list(mix.segments), dtype=object)
    segment_rate = np.array([mix.rate[s] for s in segments], dtype="float64")
    cols: dict[str, list] = {}

    def add(**arrays: object) -> None:
        for k, v in arrays.items():
            cols.setdefault(k, []).append(v)

    for index, lo, hi in chunks(n):
        rng = stream(world.seed, Stream.CUSTOMERS, index)
        m = hi - lo
        where = pools.address_rows(rng, m)
        segment = _pick_index(rng, mix.segments, m)
        if mix.customer_type == "individual":
            female = rng.random(m) < 0.58
            gender = np.where(female, "female", "male")
            names = pools.person_names_text(rng, m, locale, genders=gender)
        else:
            gender = np.full(m, None, dtype=object)
            cities = zh_city[where]
            names = pa.array(pools.company_names(rng, m, mix.sector, cities, locale=locale))
        acquired, new_in_period = _acquired_at(arrivals, rng, m, mix.existing)
        add(where=where, segment=segment, gender=gender, name=names,
            phone=pools.masked_phones_text(rng, m), acquisition_channel=_pick(rng, mix.channels, m),
            acquired=acquired, new_in_period=new_in_period)  # fmt: skip
        t = stream(world.seed, Stream.CUSTOMER_TRAITS, index)
        add(
            rate=segment_rate[segment] * t.gamma(mix.rate_shape, 1 / mix.rate_shape, size=m),
            price_sensitivity=t.beta(2, 3, size=m),
            satisfaction=t.normal(0.0, 1.0, size=m),
            hazard=mix.hazard * t.lognormal(0.0, 0.35, size=m),
        )
    a: dict[str, Any] = {k: v[0] if len(v) == 1 else _join(v) for k, v in cols.items()}
    where = a["where"]
    customers = conform(
        "customers",
        {
            "customer_id": prefixed_ids("C", np.arange(1, n + 1), 6),
            "name": _str(a["name"]),
            "customer_type": np.full(n, mix.customer_type, dtype=object),
            "segment": segments[a["segment"]],
            "gender": np.asarray(a["gender"], dtype=object),
            **{c: places[c][where] for c in ("region", "province", "city", "district")},
            "phone": _str(a["phone"]),
            "acquisition_channel": a["acquisition_channel"],
            "registered_at": a["acquired"],
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


def _join(parts: list) -> object:
    if isinstance(parts[0], pa.Array):
        return pa.concat_arrays([p.cast(pa.large_string()) for p in parts])
    return np.concatenate(parts)


def _str(values: object) -> pd.Series:
    array = values if isinstance(values, pa.Array) else pa.array(values)
    return pd.Series(pd.array(array.cast(pa.large_string()), dtype="str"))
