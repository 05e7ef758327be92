"""Hand-computed checks of the sales and traffic indicators (DOMAIN §2, seed 003, module 1)."""

from __future__ import annotations

import math

import pytest
from builders import company

from generator.indicators import compute, value

MARCH = "2025-03"
EMPTY = "2023-06"  # no orders or sessions this month, last month or a year ago

CUSTOMERS = [
    {"customer_id": "C000001", "region": "east"},
    {"customer_id": "C000002", "region": "north"},
    {"customer_id": "C000003", "region": "east"},
    {"customer_id": "C000004", "region": "south"},  # never orders
    {"customer_id": "C000005", "region": "north"},  # only a refunded and a cancelled order
]
PRODUCTS = [
    {"sku_id": "P00001", "category": "apparel", "unit_price": 100.0, "unit_cost": 40.0},
    {"sku_id": "P00002", "category": "food", "unit_price": 30.0, "unit_cost": 12.0},
]

# order id, customer, paid at, status, channel, device, lines (sku, qty, unit price, discount, amount)
ORDERS = [
    # March 2025: paid, inside the month (first and last minute included)
    ("O00000001", "C000001", "2025-03-01 00:00", "paid", "tmall", "app",
     [("P00001", 2, 100.0, 20.0, 180.0), ("P00002", 1, 30.0, 0.0, 30.0)]),
    ("O00000002", "C000002", "2025-03-15 10:00", "paid", "jd", "pc",
     [("P00002", 3, 30.0, 10.0, 80.0)]),
    ("O00000003", "C000001", "2025-03-31 23:59", "paid", "tmall", "mobile_web",
     [("P00001", 1, 100.0, 0.0, 100.0)]),
    ("O00000008", "C000003", "2025-03-20 15:00", "paid", "offline_store", None,
     [("P00002", 1, 30.0, 0.0, 30.0)]),
    # March 2025: refunded and cancelled, excluded
    ("O00000004", "C000005", "2025-03-10 09:00", "refunded", "tmall", "app",
     [("P00001", 5, 100.0, 0.0, 500.0)]),
    ("O00000005", "C000005", "2025-03-11 09:00", "cancelled", "tmall", "app",
     [("P00002", 4, 30.0, 0.0, 120.0)]),
    # just outside March 2025
    ("O00000006", "C000003", "2025-04-01 00:00", "paid", "tmall", "app",
     [("P00001", 1, 100.0, 0.0, 100.0)]),
    ("O00000007", "C000002", "2025-02-28 23:59", "paid", "jd", "pc",
     [("P00002", 2, 30.0, 20.0, 40.0)]),
    # February 2025 (first minute) and the last minute of January 2025
    ("O00000009", "C000001", "2025-02-01 00:00", "paid", "tmall", "app",
     [("P00001", 1, 100.0, 0.0, 100.0)]),
    ("O00000010", "C000001", "2025-01-31 23:59", "paid", "tmall", "app",
     [("P00001", 10, 100.0, 0.0, 1000.0)]),
    # March 2024 (both ends included) and just outside it
    ("O00000011", "C000001", "2024-03-01 00:00", "paid", "tmall", "app",
     [("P00001", 2, 100.0, 0.0, 200.0)]),
    ("O00000012", "C000002", "2024-03-31 23:59", "paid", "jd", "pc",
     [("P00002", 4, 30.0, 20.0, 100.0)]),
    ("O00000013", "C000001", "2024-02-29 23:59", "paid", "tmall", "app",
     [("P00001", 5, 100.0, 0.0, 500.0)]),
    ("O00000014", "C000002", "2024-04-01 00:00", "paid", "jd", "pc",
     [("P00001", 4, 100.0, 0.0, 400.0)]),
]  # fmt: skip

# session id, visitor, started at, device, channel, landing page, page views
SESSIONS = [
    ("W000000001", "V00000001", "2025-03-01 00:00", "app", "tmall", "home", 1),
    ("W000000002", "V00000001", "2025-03-05 20:00", "app", "tmall", "home", 4),
    ("W000000003", "V00000002", "2025-03-10 08:00", "pc", "jd", "product", 1),
    ("W000000004", "V00000003", "2025-03-31 23:59", "mobile_web", "tmall", "product", 3),
    ("W000000007", "V00000002", "2025-03-12 12:00", "app", "tmall", "home", 2),
    # just outside March
    ("W000000005", "V00000004", "2025-04-01 00:00", "pc", "jd", "home", 7),
    ("W000000006", "V00000005", "2025-02-28 23:59", "app", "tmall", "home", 2),
]


def _shop(orders=ORDERS, sessions=SESSIONS):
    """A small shop: the customers and products above, the given orders and sessions."""
    order_rows, line_rows = [], []
    for oid, cust, paid_at, status, channel, device, lines in orders:
        order_rows.append(
            {
                "order_id": oid,
                "customer_id": cust,
                "ordered_at": paid_at,
                "paid_at": paid_at,
                "status": status,
                "refunded_at": "2025-03-12 09:00" if status == "refunded" else None,
                "channel": channel,
                "device": device,
            }
        )
        for no, (sku, qty, price, discount, amount) in enumerate(lines, start=1):
            line_rows.append(
                {"order_id": oid, "line_no": no, "sku_id": sku, "quantity": qty,
                 "unit_price": price, "discount": discount, "amount": amount}
            )  # fmt: skip
    session_rows = [
        {"session_id": sid, "visitor_id": vid, "started_at": at, "device": device,
         "channel": channel, "landing_page": page, "page_views": pv}
        for sid, vid, at, device, channel, page, pv in sessions
    ]  # fmt: skip
    return company(
        customers=CUSTOMERS,
        products=PRODUCTS,
        orders=order_rows,
        order_lines=line_rows,
        web_sessions=session_rows,
    )


@pytest.fixture(scope="module")
def shop():
    return _shop()


def _assert_nan_with_note(frame, group: str = "all") -> None:
    assert math.isnan(frame.loc[group, "value"])
    assert frame.loc[group, "note"]


# --- revenue, units_sold -----------------------------------------------------------------------


def test_revenue_and_units_uncut(shop):
    """Paid lines of March only: refunded, cancelled and boundary-outside orders are left out."""
    assert value("revenue", shop, MARCH) == pytest.approx(420.0)  # 180+30 + 80 + 100 + 30
    assert value("units_sold", shop, MARCH) == pytest.approx(8)  # 2+1 + 3 + 1 + 1
    out = compute("revenue", shop, MARCH)
    assert list(out.index) == ["all"]
    assert out.loc["all", "note"] == ""


@pytest.mark.parametrize(
    ("by", "revenue", "units"),
    [
        # apparel 180+100, food 30+80+30; units 2+1, 1+3+1
        ("category", {"apparel": 280.0, "food": 140.0}, {"apparel": 3, "food": 5}),
        # east = C1 (210+100) + C3 (30); north = C2 (80); south never orders, C5 only refunded
        ("region", {"east": 340.0, "north": 80.0}, {"east": 5, "north": 3}),
        ("channel", {"jd": 80.0, "offline_store": 30.0, "tmall": 310.0}, {"jd": 3, "offline_store": 1, "tmall": 4}),
        # the offline order has no device and drops out of a device cut
        ("device", {"app": 210.0, "mobile_web": 100.0, "pc": 80.0}, {"app": 3, "mobile_web": 1, "pc": 3}),
    ],
)  # fmt: skip
def test_revenue_and_units_by_dimension(shop, by, revenue, units):
    """Each group sums its own paid lines; groups without sales do not appear."""
    assert compute("revenue", shop, MARCH, by=by)["value"].to_dict() == pytest.approx(revenue)
    assert compute("units_sold", shop, MARCH, by=by)["value"].to_dict() == pytest.approx(units)


def test_revenue_by_month(shop):
    """by="month" gives one row per calendar month of the quarter, each with its own orders."""
    out = compute("revenue", shop, "2025-Q1", by="month")
    assert out.index.name == "month"
    # Jan: O10 1000 (31st 23:59); Feb: O9 100 + O7 40; Mar: 420
    assert out["value"].to_dict() == pytest.approx(
        {"2025-01": 1000.0, "2025-02": 140.0, "2025-03": 420.0}
    )


def test_revenue_ignores_refunded_and_cancelled_only_period():
    """A month whose only orders were refunded or cancelled has revenue 0 and no AOV."""
    data = _shop(orders=[o for o in ORDERS if o[0] in ("O00000004", "O00000005")])
    assert value("revenue", data, MARCH) == 0
    assert value("units_sold", data, MARCH) == 0
    _assert_nan_with_note(compute("aov", data, MARCH))


# --- aov ----------------------------------------------------------------------------------------


def test_aov_uncut(shop):
    """Revenue over distinct paying customers: C1 (two orders) counts once; C4 (no orders) and
    C5 (refunded/cancelled only) are not buyers."""
    out = compute("aov", shop, MARCH)
    assert out.loc["all", "value"] == pytest.approx(140.0)  # 420 / 3 buyers (C1, C2, C3)
    assert out.loc["all", "numerator"] == pytest.approx(420.0)
    assert out.loc["all", "denominator"] == 3
    assert out.loc["all", "note"] == ""


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("region", {"east": 170.0, "north": 80.0}),  # (310 + 30) / 2 buyers; 80 / 1 buyer
        ("channel", {"jd": 80.0, "offline_store": 30.0, "tmall": 310.0}),  # 310 / C1 alone
        ("category", {"apparel": 280.0, "food": 140.0 / 3}),  # 280 / C1; (30+80+30) / 3 buyers
    ],
)
def test_aov_by_dimension(shop, by, expected):
    """Each group divides its revenue by its own distinct buyers."""
    assert compute("aov", shop, MARCH, by=by)["value"].to_dict() == pytest.approx(expected)


# --- revenue_growth (MoM) and revenue_growth_yoy ------------------------------------------------


def test_revenue_growth_previous_month_boundary(shop):
    """MoM compares with February: Feb 1 00:00 and Feb 28 23:59 count, Jan 31 23:59 does not."""
    out = compute("revenue_growth", shop, MARCH)
    assert out.loc["all", "value"] == pytest.approx(2.0)  # (420 - 140) / 140, 140 = 100 + 40
    assert out.loc["all", "numerator"] == pytest.approx(280.0)
    assert out.loc["all", "denominator"] == pytest.approx(140.0)


def test_revenue_growth_by_region(shop):
    """Each region is compared with its own February revenue."""
    out = compute("revenue_growth", shop, MARCH, by="region")["value"].to_dict()
    assert out == pytest.approx({"east": 2.4, "north": 1.0})  # (340-100)/100; (80-40)/40


def test_revenue_growth_zero_previous_and_zero_current(shop):
    """No revenue last month → NaN with a note; no revenue this month → −100 %."""
    january = compute("revenue_growth", shop, "2025-01")  # December 2024 has no orders
    _assert_nan_with_note(january)
    _assert_nan_with_note(compute("revenue_growth", shop, "2025-01", by="region"), "east")
    assert value("revenue_growth", shop, "2025-05") == pytest.approx(-1.0)  # (0 - 100) / 100


def test_revenue_growth_by_month(shop):
    """by="month" compares every month with the month just before it."""
    out = compute("revenue_growth", shop, "2025-Q1", by="month")
    _assert_nan_with_note(out, "2025-01")  # December 2024 is empty
    assert out.loc["2025-02", "value"] == pytest.approx(-0.86)  # (140 - 1000) / 1000
    assert out.loc["2025-03", "value"] == pytest.approx(2.0)  # (420 - 140) / 140


def test_revenue_growth_yoy_same_month_last_year(shop):
    """YoY compares with March 2024 (1st 00:00 and 31st 23:59 in; Feb 29 and Apr 1 out)."""
    out = compute("revenue_growth_yoy", shop, MARCH)
    assert out.loc["all", "value"] == pytest.approx(0.4)  # (420 - 300) / 300, 300 = 200 + 100
    assert out.loc["all", "denominator"] == pytest.approx(300.0)
    # February 2025 against February 2024 (leap day 29th 23:59 included): (140 - 500) / 500
    assert value("revenue_growth_yoy", shop, "2025-02") == pytest.approx(-0.72)
    # April 2025 against April 2024: (100 - 400) / 400
    assert value("revenue_growth_yoy", shop, "2025-04") == pytest.approx(-0.75)


def test_revenue_growth_yoy_by_region(shop):
    """Each region is compared with its own March 2024."""
    out = compute("revenue_growth_yoy", shop, MARCH, by="region")["value"].to_dict()
    assert out == pytest.approx({"east": 0.7, "north": -0.2})  # (340-200)/200; (80-100)/100


def test_revenue_growth_yoy_no_revenue_last_year(shop):
    """A month whose same month last year had no revenue is NaN with a note."""
    _assert_nan_with_note(compute("revenue_growth_yoy", shop, "2025-01"))  # January 2024 empty


# --- visitors, page_views, bounce_rate ----------------------------------------------------------


def test_traffic_uncut(shop):
    """March sessions only (00:00 on the 1st and 23:59 on the 31st in; Feb 28 and Apr 1 out)."""
    assert value("visitors", shop, MARCH) == 3  # V1, V2, V3 (V1 and V2 visit twice)
    assert value("page_views", shop, MARCH) == 11  # 1 + 4 + 1 + 3 + 2
    bounce = compute("bounce_rate", shop, MARCH)
    assert bounce.loc["all", "value"] == pytest.approx(0.4)  # W1, W3 of 5 sessions
    assert bounce.loc["all", "numerator"] == 2
    assert bounce.loc["all", "denominator"] == 5


@pytest.mark.parametrize(
    ("by", "visitors", "page_views", "bounce"),
    [
        # app: W1, W2, W7 (V1, V2); pc: W3 (V2); mobile_web: W4 (V3). V2 counts in two devices.
        ("device", {"app": 2, "mobile_web": 1, "pc": 1}, {"app": 7, "mobile_web": 3, "pc": 1},
         {"app": 1 / 3, "mobile_web": 0.0, "pc": 1.0}),
        # tmall: W1, W2, W4, W7 (V1, V3, V2); jd: W3 (V2)
        ("channel", {"jd": 1, "tmall": 3}, {"jd": 1, "tmall": 10}, {"jd": 1.0, "tmall": 0.25}),
        # home: W1, W2, W7 (V1, V2); product: W3, W4 (V2, V3)
        ("landing_page", {"home": 2, "product": 2}, {"home": 7, "product": 4},
         {"home": 1 / 3, "product": 0.5}),
    ],
)  # fmt: skip
def test_traffic_by_dimension(shop, by, visitors, page_views, bounce):
    """Each group counts its own distinct visitors, page views and one-page sessions."""
    assert compute("visitors", shop, MARCH, by=by)["value"].to_dict() == pytest.approx(visitors)
    assert compute("page_views", shop, MARCH, by=by)["value"].to_dict() == pytest.approx(page_views)
    assert compute("bounce_rate", shop, MARCH, by=by)["value"].to_dict() == pytest.approx(bounce)


# --- conversion_rate ----------------------------------------------------------------------------


def test_conversion_rate_uncut(shop):
    """Online buyers over visitors: the offline buyer (C3) and refunded/cancelled C5 do not count."""
    out = compute("conversion_rate", shop, MARCH)
    assert out.loc["all", "value"] == pytest.approx(2 / 3)  # C1, C2 ÷ V1, V2, V3
    assert out.loc["all", "numerator"] == 2
    assert out.loc["all", "denominator"] == 3


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        # app: C1 (O1) ÷ V1, V2; pc: C2 (O2) ÷ V2; mobile_web: C1 (O3) ÷ V3
        ("device", {"app": 0.5, "mobile_web": 1.0, "pc": 1.0}),
        # tmall: C1 ÷ V1, V2, V3; jd: C2 ÷ V2; offline_store has no device and drops out
        ("channel", {"jd": 1.0, "tmall": 1 / 3}),
    ],
)
def test_conversion_rate_by_dimension(shop, by, expected):
    """Each group divides its own online buyers by its own visitors."""
    assert compute("conversion_rate", shop, MARCH, by=by)["value"].to_dict() == pytest.approx(
        expected
    )


def test_conversion_rate_group_without_visitors(shop):
    """April: an app buyer with no app session gives NaN with a note for app; pc has 0 buyers."""
    out = compute("conversion_rate", shop, "2025-04", by="device")
    _assert_nan_with_note(out, "app")  # C3 (O6) ÷ 0 app visitors
    assert out.loc["pc", "value"] == 0.0  # 0 ÷ V4
    assert value("conversion_rate", shop, "2025-04") == pytest.approx(1.0)  # C3 ÷ V4


# --- empty period -------------------------------------------------------------------------------


@pytest.mark.parametrize("indicator_id", ["revenue", "units_sold", "visitors", "page_views"])
def test_sums_are_zero_in_an_empty_period(shop, indicator_id):
    """A month without orders or sessions: sums and counts are 0, not NaN."""
    out = compute(indicator_id, shop, EMPTY)
    assert out.loc["all", "value"] == 0
    assert out.loc["all", "note"] == ""


@pytest.mark.parametrize(
    "indicator_id",
    ["aov", "conversion_rate", "bounce_rate", "revenue_growth", "revenue_growth_yoy"],
)
def test_ratios_are_nan_with_note_in_an_empty_period(shop, indicator_id):
    """A month without orders or sessions: every ratio is NaN and says why."""
    _assert_nan_with_note(compute(indicator_id, shop, EMPTY))


def test_empty_period_cut_has_no_groups(shop):
    """Cut by a dimension, an empty month has no group rows at all (not a row of zeros)."""
    assert compute("revenue", shop, EMPTY, by="region").empty
    assert compute("visitors", shop, EMPTY, by="device").empty
