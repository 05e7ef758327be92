"""Benchmark: default case per profile (wall time, peak memory) and generation rate.

Prints, measured in this one run: for each profile the wall time of ``generate_company`` on the
default case with and without the answer key's indicator tables (each in a fresh process, as
``kpilab generate`` runs it), where that time goes, the peak memory of that process, and the
order lines per second next to a row-by-row Faker build of the same orders schema.

Children run with Python's usual bytecode cache (``__pycache__``), as on a trainer's machine,
even where ``PYTHONDONTWRITEBYTECODE`` is set; a first import fills the cache.

Every figure is the best of ``--repeat`` runs (3 by default), the Faker baseline's too: on a
shared machine the best run is the one least disturbed by other work.

Run: ``python bench/generate.py [--repeat N]`` (about four minutes on two cores).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

PROFILES = ["ecommerce_retail", "hotel_chain", "pharma_distribution", "financial_services",
            "manufacturing_b2b"]  # fmt: skip

CHILD = r"""
import json, resource, sys, time
from generator.api import generate_company
profile, full = sys.argv[1], sys.argv[2] == "1"
marks = []
t = time.perf_counter()
case = generate_company(profile, seed=0, with_indicators=full,
                        progress=lambda label: marks.append((label, time.perf_counter())))
end = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
at = dict(marks)  # "simulate", "problems" (validation, problem entries), "decoys", indicators
phases = {"simulate": at["simulate"] - t, "problems": at["problems"] - at["simulate"],
          "decoys": at["decoys"] - at["problems"], "indicators": end - at["decoys"]}
print(json.dumps({"wall": end - t, "peak_mb": peak, "lines": len(case.tables["order_lines"]),
                  "phases": phases}))
"""
#: Children fill and use the bytecode cache, as Python does by default.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def child(profile: str, full: bool) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, profile, "1" if full else "0"],
                         check=True, capture_output=True, text=True, env=ENV)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def warm_bytecode() -> None:
    """Import everything a case uses once, so that no child compiles sources."""
    code = "from generator.api import generate_company; generate_company(size='small')"
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=ENV)


ORDERS_ONLY = r"""
import json, sys, time
sys.path.insert(0, "tests")
from generator.catalog import build_products
from generator.config import make_config
from generator.profiles.ecommerce_retail import MIX, ORDERS
from generator.sim.consumer import Hooks, run_consumer
from generator.sim.customers import build_customers
from generator.world import World
t = time.perf_counter()
world = World(make_config(size=100_000), 100_000)
world.tables["products"], world.hidden["products"] = build_products(
    "ecommerce_retail", 2000, 0, world.start)
build_customers(world, MIX)
run_consumer(world, ORDERS, Hooks())
wall = time.perf_counter() - t
print(json.dumps({"wall": wall, "lines": len(world.tables["order_lines"])}))
"""


def orders_only() -> dict:
    """Customers and the monthly order loop alone (no traffic, stock or service), 100k customers."""
    out = subprocess.run([sys.executable, "-c", ORDERS_ONLY], check=True, capture_output=True,
                         text=True, env=ENV)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def faker_rows_per_second(n: int = 20_000) -> float:
    """Orders built the usual way: one Faker call per field, one dict per row."""
    import datetime as dt

    from faker import Faker

    fake = Faker("zh_CN")
    fake.seed_instance(0)
    start, end = dt.datetime(2025, 1, 1), dt.datetime(2026, 1, 1)
    t = time.perf_counter()
    rows = []
    for i in range(n):
        rows.append({
            "order_id": f"O{i + 1:08d}", "customer_id": f"C{fake.random_int(1, 6000):06d}",
            "customer_name": fake.name(), "ordered_at": fake.date_time_between(start, end),
            "channel": fake.random_element(["tmall", "jd", "douyin", "wechat_mini"]),
            "sku_id": f"P{fake.random_int(1, 240):05d}", "quantity": fake.random_int(1, 3),
            "unit_price": float(fake.pydecimal(left_digits=3, right_digits=2, positive=True)),
            "status": fake.random_element(["paid", "paid", "paid", "refunded", "cancelled"]),
        })  # fmt: skip
    return n / (time.perf_counter() - t)


def best(runs: list[dict]) -> dict:
    return min(runs, key=lambda r: r["wall"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure (best kept)")
    repeat = max(1, parser.parse_args().repeat)
    warm_bytecode()
    faker_rate = max(faker_rows_per_second() for _ in range(repeat))
    print(
        f"{'profile':<22}{'case s':>8}{'+key s':>8}{'peak MB':>9}{'lines':>9}"
        f"{'lines/s':>10}{'× Faker':>9}   +key: simulate / problems / decoys / indicators s"
    )
    for profile in PROFILES:
        sim = best([child(profile, full=False) for _ in range(repeat)])
        full = best([child(profile, full=True) for _ in range(repeat)])
        rate = sim["lines"] / sim["wall"]
        phases = " / ".join(f"{v:.2f}" for v in full["phases"].values())
        print(f"{profile:<22}{sim['wall']:>8.2f}{full['wall']:>8.2f}{full['peak_mb']:>9.0f}"
              f"{sim['lines']:>9,}{rate:>10,.0f}{rate / faker_rate:>9.0f}   {phases}")  # fmt: skip
    print(f"row-by-row Faker build of the orders schema: {faker_rate:,.0f} rows/s")
    orders = best([orders_only() for _ in range(repeat)])
    rate = orders["lines"] / orders["wall"]
    print(
        f"orders only (customers + monthly order loop, 100k customers): {orders['lines']:,} "
        f"lines in {orders['wall']:.1f} s = {rate:,.0f} lines/s = {rate / faker_rate:.0f}× Faker"
    )
    print("(lines/s per profile above count order lines only, while the whole company is built)")
    print(f"targets: default case ≤ 2 s; ≥ 100× the row-by-row rate (best of {repeat} runs each)")


if __name__ == "__main__":
    main()
