"""A small simulated world for testing simulation steps one at a time."""

from __future__ import annotations

from generator.catalog import build_products
from generator.config import make_config
from generator.sim.consumer import Hooks, run_consumer
from generator.sim.customers import CustomerMix, build_customers
from generator.sim.orders import OrderModel
from generator.world import World

RETAIL_MIX = CustomerMix(
    customer_type="individual",
    segments={"regular": 0.85, "vip": 0.15},
    channels={"tmall": 0.4, "jd": 0.25, "douyin": 0.2, "wechat_mini": 0.15},
    rate={"regular": 0.3, "vip": 0.9},
    hazard=0.05,
)
RETAIL_ORDERS = OrderModel(channels={"tmall": 0.4, "jd": 0.25, "douyin": 0.2, "wechat_mini": 0.15})


def small_world(seed: int = 0, customers: int = 600, months: int = 6, **config) -> World:
    """Customers and products of a small online shop, before any orders."""
    world = World(make_config(seed=seed, months=months, size=customers, **config), customers)
    products, traits = build_products("ecommerce_retail", 60, seed, world.start)
    world.tables["products"] = products
    world.hidden["products"] = traits
    build_customers(world, RETAIL_MIX)
    return world


def run_orders(world: World, hooks: Hooks | None = None):
    """Run the monthly consumer loop with the given hooks; return all order rows."""
    return run_consumer(world, RETAIL_ORDERS, hooks or Hooks())
