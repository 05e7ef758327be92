"""Stores, hotels and branches, placed in real cities."""

from __future__ import annotations

import numpy as np

from .. import pools
from ..rng import Stream, stream
from ..schema.frames import conform
from ..world import World


def build_stores(
    world: World, n: int, kind: str, brand_zh: str, brand_en: str, rooms: tuple[int, int] = (0, 0)
) -> None:
    """``n`` stores of ``kind`` in distinct cities where possible, named after brand and city."""
    rng = stream(world.seed, Stream.STORES)
    regions = pools.load_regions()
    cities = regions.groupby("city", sort=True).agg(
        region=("region", "first"), province=("province", "first"), weight=("weight", "sum")
    )
    p = cities["weight"].to_numpy() / cities["weight"].sum()
    pick = rng.choice(len(cities), size=n, replace=n > len(cities), p=p)
    chosen = cities.iloc[pick]
    city = chosen.index.to_numpy()
    short = np.array([c.removesuffix("市") for c in city], dtype=object)
    seq = np.ones(n, dtype=int)
    for i in range(1, n):  # a second store in the same city gets a branch number
        seq[i] = 1 + int((city[:i] == city[i]).sum())
    suffix = [f"{s}号" if s > 1 else "" for s in seq]
    places = pools.place_names(chosen[["province"]].assign(city=city), world.config.locale)
    if world.config.locale == "zh_CN":
        names = [f"{brand_zh}{c}{s}店" for c, s in zip(short, suffix, strict=True)]
    else:
        english = places["city"].to_numpy()
        # Counted by the English name: two cities may share one (Yulin, Shaanxi and Guangxi).
        nth = [1 + int((english[:i] == english[i]).sum()) for i in range(n)]
        names = [f"{brand_en} {c} {k}" for c, k in zip(english, nth, strict=True)]
    opened = world.start - (rng.integers(200, 8 * 365, size=n)).astype("timedelta64[D]")
    world.tables["stores"] = conform(
        "stores",
        {
            "store_id": [f"S{i + 1:03d}" for i in range(n)],
            "name": names,
            "kind": [kind] * n,
            "region": chosen["region"].to_numpy(),
            "province": places["province"].to_numpy(),
            "city": places["city"].to_numpy(),
            "opened_at": opened,
            "rooms": rng.integers(rooms[0], rooms[1] + 1, size=n) if rooms[1] else [None] * n,
        },
    )
