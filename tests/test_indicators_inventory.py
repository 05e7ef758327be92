"""Hand-computed checks of the inventory and profit indicators (DOMAIN §2, seed 003, module 3)."""

from __future__ import annotations

import math

import pytest
from builders import company

from generator.indicators import compute, value

# Three days, 1–3 March 2025 (end exclusive): small enough to add up every snapshot by hand.
DAYS3 = "2025-03-01/2025-03-04"
EMPTY = "2026-01"

CUSTOMERS = [
    {"customer_id": "C000001", "region": "east"},
    {"customer_id": "C000002", "region": "north"},
    {"customer_id": "C000003", "region": "south"},  # never orders
]
PRODUCTS = [
    {"sku_id": "P00001", "category": "apparel", "unit_price": 100.0, "unit_cost": 40.0},
    {"sku_id": "P00002", "category": "food", "unit_price": 30.0, "unit_cost": 12.0},
    {"sku_id": "P00003", "category": "apparel", "unit_price": 80.0, "unit_cost": 50.0},
    {"sku_id": "P00004", "category": "food", "unit_price": 20.0, "unit_cost": 10.0},
    {"sku_id": "P00005", "category": "toys", "unit_price": 25.0, "unit_cost": 10.0},
]

# order id, customer, paid at, status, lines (sku, qty, unit price, discount, amount)
ORDERS = [
    ("O00000001", "C000001", "2025-03-01 00:00", "paid", [("P00001", 2, 100.0, 0.0, 200.0)]),
    ("O00000002", "C000002", "2025-03-02 12:00", "paid",
     [("P00002", 20, 30.0, 100.0, 500.0), ("P00001", 1, 100.0, 0.0, 100.0)]),
    ("O00000003", "C000001", "2025-03-02 13:00", "refunded", [("P00003", 1, 80.0, 0.0, 80.0)]),
    ("O00000004", "C000002", "2025-03-03 14:00", "cancelled", [("P00003", 2, 80.0, 0.0, 160.0)]),
    # just outside the three days
    ("O00000005", "C000001", "2025-03-04 00:00", "paid", [("P00002", 15, 30.0, 0.0, 450.0)]),
    ("O00000006", "C000002", "2025-02-28 23:59", "paid", [("P00002", 50, 30.0, 0.0, 1500.0)]),
]  # fmt: skip
# In the three days: revenue 200 + 500 + 100 = 800; COGS = P1 3 × 40 + P2 20 × 12 = 120 + 240 = 360.

# on hand per day; a SKU missing on a day is not active that day (no SKU-day)
SNAPSHOTS = {
    "2025-02-28": {"P00001": 30, "P00002": 50, "P00003": 24},  # outside: 1200 + 600 + 1200
    "2025-03-01": {"P00001": 10, "P00002": 20, "P00003": 4, "P00004": 0},  # 400+240+200+0 = 840
    "2025-03-02": {"P00001": 8, "P00002": 0, "P00003": 4},  # 320 + 0 + 200 = 520
    "2025-03-03": {"P00001": 6, "P00002": 30, "P00003": 4},  # 240 + 360 + 200 = 800
}

EXPENSES = [
    {"expense_id": "X0000001", "date": "2025-03-01", "category": "marketing", "amount": 120.0},
    {"expense_id": "X0000002", "date": "2025-03-03", "category": "logistics", "amount": 40.0},
    {"expense_id": "X0000003", "date": "2025-03-04", "category": "marketing", "amount": 1000.0},
    {"expense_id": "X0000004", "date": "2025-02-28", "category": "customer_service",
     "amount": 500.0},
]  # fmt: skip


def _store(orders=ORDERS, snapshots=SNAPSHOTS, expenses=EXPENSES):
    """A small shop: the customers and products above with the given orders, stock and costs."""
    order_rows, line_rows = [], []
    for oid, cust, paid_at, status, lines in orders:
        order_rows.append(
            {"order_id": oid, "customer_id": cust, "ordered_at": paid_at, "paid_at": paid_at,
             "status": status, "channel": "tmall", "device": "app"}
        )  # fmt: skip
        for no, (sku, qty, price, discount, amount) in enumerate(lines, start=1):
            line_rows.append(
                {"order_id": oid, "line_no": no, "sku_id": sku, "quantity": qty,
                 "unit_price": price, "discount": discount, "amount": amount}
            )  # fmt: skip
    inventory = [
        {"date": day, "sku_id": sku, "on_hand": n}
        for day, stock in snapshots.items()
        for sku, n in stock.items()
    ]
    return company(
        customers=CUSTOMERS,
        products=PRODUCTS,
        orders=order_rows,
        order_lines=line_rows,
        inventory_daily=inventory,
        expenses=expenses,
    )


@pytest.fixture(scope="module")
def store():
    return _store()


def _assert_nan_with_note(frame, group: str = "all") -> None:
    assert math.isnan(frame.loc[group, "value"])
    assert frame.loc[group, "note"]


# --- inventory_turnover, inventory_days ---------------------------------------------------------


def test_inventory_turnover_is_cogs_over_mean_of_daily_snapshots(store):
    """Average inventory is the mean of the three daily totals (Feb 28 is outside), not their sum
    or the last day; refunded, cancelled and boundary-outside orders add no COGS."""
    out = compute("inventory_turnover", store, DAYS3)
    assert out.loc["all", "numerator"] == pytest.approx(360.0)  # 120 + 240
    assert out.loc["all", "denominator"] == pytest.approx(720.0)  # (840 + 520 + 800) / 3
    assert out.loc["all", "value"] == pytest.approx(0.5)  # 360 / 720
    assert out.loc["all", "note"] == ""


def test_inventory_days_is_period_days_over_turnover(store):
    """Days of inventory = 3 days ÷ 0.5 turnover."""
    out = compute("inventory_days", store, DAYS3)
    assert out.loc["all", "value"] == pytest.approx(6.0)  # 720 × 3 / 360
    assert value("inventory_days", store, "2025-03") == pytest.approx(31 * 720 / 540)  # 41.33...
    # March as a month: 31 days; same three snapshot days (avg 720); COGS 360 + O5 15 × 12 = 540


def test_inventory_turnover_and_days_by_category(store):
    """Per category: its own COGS over the mean of its own daily stock value."""
    turnover = compute("inventory_turnover", store, DAYS3, by="category")
    days = compute("inventory_days", store, DAYS3, by="category")
    # apparel stock: (400+200) + (320+200) + (240+200) = 1560 / 3 = 520; COGS 3 × 40 = 120
    # food stock: (240+0) + 0 + 360 = 600 / 3 = 200; COGS 20 × 12 = 240
    assert turnover["denominator"].to_dict() == pytest.approx({"apparel": 520.0, "food": 200.0})
    assert turnover["value"].to_dict() == pytest.approx({"apparel": 120 / 520, "food": 1.2})
    assert days["value"].to_dict() == pytest.approx({"apparel": 13.0, "food": 2.5})  # 3×520/120


def test_average_inventory_counts_days_without_a_category_as_zero():
    """A SKU launched on the last day counts 0 on the days before: category averages add up to
    the total average, so a new category is not overstated."""
    snapshots = {**SNAPSHOTS, "2025-03-03": {**SNAPSHOTS["2025-03-03"], "P00005": 30}}
    data = _store(snapshots=snapshots)
    total = compute("inventory_turnover", data, DAYS3)
    assert total.loc["all", "denominator"] == pytest.approx(820.0)  # (840 + 520 + 800+300) / 3
    cut = compute("inventory_turnover", data, DAYS3, by="category")
    # toys: (0 + 0 + 30 × 10) / 3 = 100, not 300; 520 + 200 + 100 = 820
    assert cut["denominator"].to_dict() == pytest.approx(
        {"apparel": 520.0, "food": 200.0, "toys": 100.0}
    )
    assert cut.loc["toys", "value"] == 0.0  # no toys sold


def test_inventory_turnover_by_month(store):
    """by="month": each month uses its own snapshots and its own COGS."""
    out = compute("inventory_turnover", store, "2025-02-01/2025-04-01", by="month")
    assert list(out.index) == ["2025-02", "2025-03"]
    # Feb: COGS O6 50 × 12 = 600; one snapshot (Feb 28) worth 3000 → 0.2
    # Mar: COGS 360 + O5 15 × 12 = 540; snapshots Mar 1–3 average 720 → 0.75
    assert out["value"].to_dict() == pytest.approx({"2025-02": 0.2, "2025-03": 0.75})


def test_inventory_turnover_and_days_zero_stock_value(store):
    """Snapshots exist but every SKU is at 0: turnover is NaN with a note, days of cover are 0."""
    data = _store(snapshots={"2025-03-01": {"P00001": 0, "P00002": 0}})
    _assert_nan_with_note(compute("inventory_turnover", data, DAYS3))
    assert value("inventory_days", data, DAYS3) == 0.0  # 0 × 3 / 360


def test_inventory_days_without_cogs(store):
    """Stock but no sale: days of inventory are NaN with a note (nothing to divide by)."""
    data = _store(orders=[o for o in ORDERS if o[3] != "paid"])
    _assert_nan_with_note(compute("inventory_days", data, DAYS3))
    assert value("inventory_turnover", data, DAYS3) == 0.0  # 0 / 720


def test_inventory_days_without_any_snapshot(store):
    """Sales but no inventory snapshot in the period: turnover and days are both unknown (NaN),
    not 0 days."""
    data = _store(snapshots={"2025-02-28": SNAPSHOTS["2025-02-28"]})
    _assert_nan_with_note(compute("inventory_turnover", data, DAYS3))
    _assert_nan_with_note(compute("inventory_days", data, DAYS3))
    _assert_nan_with_note(compute("inventory_days", data, DAYS3, by="category"), "apparel")


# --- stockout_rate ------------------------------------------------------------------------------


def test_stockout_rate_counts_sku_days(store):
    """SKU-days at 0 over SKU-days with a snapshot row; P4 is active on Mar 1 only."""
    out = compute("stockout_rate", store, DAYS3)
    assert out.loc["all", "numerator"] == 2  # P2 on Mar 2, P4 on Mar 1
    assert out.loc["all", "denominator"] == 10  # 4 + 3 + 3 rows; Feb 28 is outside
    assert out.loc["all", "value"] == pytest.approx(0.2)


def test_stockout_rate_by_category(store):
    """Apparel never runs out; food is out on 2 of its 4 SKU-days."""
    out = compute("stockout_rate", store, DAYS3, by="category")
    assert out["value"].to_dict() == pytest.approx({"apparel": 0.0, "food": 0.5})  # 0/6; 2/4


def test_stockout_rate_empty_period(store):
    """No snapshot in the period: NaN with a note."""
    _assert_nan_with_note(compute("stockout_rate", store, EMPTY))


# --- slow_moving_share --------------------------------------------------------------------------


def test_slow_moving_share_uncut(store):
    """On Mar 3 only P3 has no paid sale in 60 days (its orders were refunded or cancelled)."""
    out = compute("slow_moving_share", store, DAYS3)
    assert out.loc["all", "numerator"] == pytest.approx(200.0)  # P3 4 × 50
    assert out.loc["all", "denominator"] == pytest.approx(800.0)  # 240 + 360 + 200 on Mar 3
    assert out.loc["all", "value"] == pytest.approx(0.25)


def test_slow_moving_share_by_category(store):
    """Per category, on the same last snapshot day."""
    out = compute("slow_moving_share", store, DAYS3, by="category")
    assert out["value"].to_dict() == pytest.approx({"apparel": 200 / 440, "food": 0.0})


@pytest.mark.parametrize(
    ("paid_at", "expected"),
    [
        ("2025-01-03 00:00", 0.0),  # 59 days before Mar 3: inside the 60-day window
        ("2025-01-02 23:59", 0.25),  # 60 days before Mar 3: outside, P3 stays slow
    ],
)
def test_slow_moving_share_60_day_window(paid_at, expected):
    """The window is the last 60 days including the last snapshot day, and reaches before the
    period start."""
    old_sale = ("O00000009", "C000001", paid_at, "paid", [("P00003", 1, 80.0, 0.0, 80.0)])
    data = _store(orders=[*ORDERS, old_sale])
    assert value("slow_moving_share", data, DAYS3) == pytest.approx(expected)


def test_slow_moving_share_window_parameter(store):
    """window_days=1: only sales on Mar 3 count, and there is none (O4 was cancelled)."""
    assert value("slow_moving_share", store, DAYS3, window_days=1) == pytest.approx(1.0)


def test_slow_moving_share_zero_stock_and_empty_period(store):
    """No stock value on the last snapshot day, or no snapshot at all: NaN with a note."""
    data = _store(snapshots={"2025-03-01": {"P00001": 5}, "2025-03-02": {"P00001": 0}})
    _assert_nan_with_note(compute("slow_moving_share", data, DAYS3))
    _assert_nan_with_note(compute("slow_moving_share", store, EMPTY))


# --- sell_through_rate --------------------------------------------------------------------------


def test_sell_through_rate_uncut(store):
    """SKUs with stock on some day (P1, P2, P3; never P4) that sold at least once (P1, P2)."""
    out = compute("sell_through_rate", store, DAYS3)
    assert out.loc["all", "numerator"] == 2
    assert out.loc["all", "denominator"] == 3
    assert out.loc["all", "value"] == pytest.approx(2 / 3)


def test_sell_through_rate_by_category(store):
    """Apparel: P1 of P1, P3; food: P2 of P2 (P4 never in stock)."""
    out = compute("sell_through_rate", store, DAYS3, by="category")
    assert out["value"].to_dict() == pytest.approx({"apparel": 0.5, "food": 1.0})


def test_sell_through_rate_no_sku_in_stock(store):
    """Every SKU at 0 all period, or no snapshot at all: NaN with a note."""
    data = _store(snapshots={"2025-03-01": {"P00001": 0, "P00004": 0}})
    _assert_nan_with_note(compute("sell_through_rate", data, DAYS3))
    _assert_nan_with_note(compute("sell_through_rate", store, EMPTY))


# --- gross_margin, expense_ratio, net_margin ----------------------------------------------------


def test_margins_uncut(store):
    """Revenue 800, COGS 360, expenses 120 + 40 (Feb 28 and Mar 4 expenses are outside)."""
    gross = compute("gross_margin", store, DAYS3)
    assert gross.loc["all", "value"] == pytest.approx(0.55)  # (800 - 360) / 800
    assert gross.loc["all", "denominator"] == pytest.approx(800.0)
    expense = compute("expense_ratio", store, DAYS3)
    assert expense.loc["all", "value"] == pytest.approx(0.2)  # 160 / 800
    assert expense.loc["all", "numerator"] == pytest.approx(160.0)
    assert value("net_margin", store, DAYS3) == pytest.approx(0.35)  # (800 - 360 - 160) / 800


def test_gross_margin_by_dimension(store):
    """Per product category and per customer region."""
    by_category = compute("gross_margin", store, DAYS3, by="category")["value"].to_dict()
    # apparel (300 - 120) / 300; food (500 - 240) / 500
    assert by_category == pytest.approx({"apparel": 0.6, "food": 0.52})
    by_region = compute("gross_margin", store, DAYS3, by="region")["value"].to_dict()
    # east = C1: (200 - 80) / 200; north = C2: (600 - 280) / 600; south never orders
    assert by_region == pytest.approx({"east": 0.6, "north": 320 / 600})


def test_expense_ratio_by_expense_category(store):
    """Cut by category, each expense category is divided by the whole revenue."""
    out = compute("expense_ratio", store, DAYS3, by="category")
    # customer_service only spent on Feb 28, outside the period
    assert out["value"].to_dict() == pytest.approx({"logistics": 0.05, "marketing": 0.15})
    assert out["denominator"].to_dict() == pytest.approx({"logistics": 800.0, "marketing": 800.0})


def test_expense_ratio_by_month(store):
    """by="month": each month's expenses over that month's revenue."""
    out = compute("expense_ratio", store, "2025-02-01/2025-04-01", by="month")
    # Feb: 500 / 1500 (O6); Mar: (120 + 40 + 1000) / (800 + 450)
    assert out["value"].to_dict() == pytest.approx({"2025-02": 500 / 1500, "2025-03": 1160 / 1250})


def test_margins_zero_revenue(store):
    """A free order (amount 0) gives revenue 0: every margin is NaN with a note."""
    free = [("O00000001", "C000001", "2025-03-01 10:00", "paid",
             [("P00001", 1, 100.0, 100.0, 0.0)])]  # fmt: skip
    data = _store(orders=free)
    for indicator_id in ("gross_margin", "expense_ratio", "net_margin"):
        _assert_nan_with_note(compute(indicator_id, data, DAYS3))
    _assert_nan_with_note(compute("expense_ratio", data, DAYS3, by="category"), "marketing")


def test_expense_ratio_without_expenses(store):
    """Revenue but no expense: expense ratio 0 and net margin = gross margin."""
    data = _store(expenses=[])
    assert value("expense_ratio", data, DAYS3) == 0.0
    assert value("net_margin", data, DAYS3) == pytest.approx(0.55)  # (800 - 360 - 0) / 800


@pytest.mark.parametrize(
    "indicator_id",
    [
        "inventory_turnover",
        "inventory_days",
        "stockout_rate",
        "slow_moving_share",
        "sell_through_rate",
        "gross_margin",
        "expense_ratio",
        "net_margin",
    ],
)
def test_ratios_are_nan_with_note_in_an_empty_period(store, indicator_id):
    """A month without orders, snapshots or expenses: every indicator is NaN and says why."""
    _assert_nan_with_note(compute(indicator_id, store, EMPTY))
