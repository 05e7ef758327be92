"""Hand-computed checks of the customer indicators (DOMAIN §2, seeds 003, 004, 002; module 2)."""

from __future__ import annotations

import math

import pytest
from builders import company, frame

from generator.indicators import compute, value

MARCH = "2025-03"
APRIL = "2025-04"
EMPTY = "2025-06"


def _assert_nan_with_note(frame, group: str = "all") -> None:
    assert math.isnan(frame.loc[group, "value"])
    assert frame.loc[group, "note"]


def _customer(n: int, region: str = "east", segment: str = "regular") -> dict:
    return {"customer_id": f"C{n:06d}", "region": region, "segment": segment}


def _order(n: int, customer: int, paid_at: str | None, status: str = "paid", **extra) -> dict:
    """Order ``O…n`` of customer ``C…customer``, ordered and paid at ``paid_at``."""
    return {
        "order_id": f"O{n:08d}",
        "customer_id": f"C{customer:06d}",
        "ordered_at": paid_at or "2025-03-01 08:00",
        "paid_at": paid_at,
        "status": status,
        **extra,
    }


# --- new_customers -----------------------------------------------------------------------------


@pytest.fixture
def first_orders():
    """Customers whose first paid order falls in February, in March, or nowhere (refunds only)."""
    return company(
        customers=[
            _customer(1, "east"),
            _customer(2, "east"),
            _customer(3, "north"),
            _customer(4, "north"),
            _customer(5, "south"),  # never ordered
            _customer(6, "east"),
        ],
        orders=[
            # C1: first paid order in March on tmall, a second one on jd
            _order(1, 1, "2025-03-05 10:00", channel="tmall"),
            _order(2, 1, "2025-03-20 10:00", channel="jd"),
            # C2: first paid order in February, buys again in March: not new in March
            _order(3, 2, "2025-02-10 10:00", channel="tmall"),
            _order(4, 2, "2025-03-08 10:00", channel="douyin"),
            # C3: February order refunded, so the first *paid* order is in March (jd)
            _order(5, 3, "2025-02-15 10:00", "refunded", refunded_at="2025-02-20 10:00"),
            _order(6, 3, "2025-03-12 10:00", channel="jd"),
            # C4: its only March order was refunded, another was cancelled unpaid: never a buyer
            _order(7, 4, "2025-03-03 10:00", "refunded", refunded_at="2025-03-04 10:00"),
            _order(8, 4, None, "cancelled"),
            # C6: first paid order on the last minute of March
            _order(9, 6, "2025-03-31 23:59", channel="tmall"),
        ],
    )


def test_new_customers_uncut(first_orders):
    """Only customers whose earliest paid order is in the period count; refunds are not orders."""
    assert value("new_customers", first_orders, MARCH) == 3  # C1, C3, C6 (not C2, C4, C5)
    assert value("new_customers", first_orders, "2025-02") == 1  # C2 (C3's refund does not count)
    assert value("new_customers", first_orders, "2025-04") == 0  # C6's minute is still March


def test_new_customers_by_region(first_orders):
    """Cut by the customer's region; regions without a new customer are not listed."""
    r = compute("new_customers", first_orders, MARCH, by="region")
    assert r["value"].to_dict() == {"east": 2, "north": 1}  # C1, C6; C3


def test_new_customers_by_channel_uses_first_order(first_orders):
    """Cut by channel: the channel of the customer's first paid order, not of later orders."""
    r = compute("new_customers", first_orders, MARCH, by="channel")
    assert r["value"].to_dict() == {"jd": 1, "tmall": 2}  # C3; C1 and C6 (C1's jd order is later)


def test_new_customers_empty_period(first_orders):
    """A period without orders has 0 new customers (a count, not NaN) and no note."""
    r = compute("new_customers", first_orders, EMPTY)
    assert r.loc["all", "value"] == 0
    assert r.loc["all", "note"] == ""


# --- repurchase_rate ---------------------------------------------------------------------------


@pytest.fixture
def repeat_buyers():
    """February buyers who do or do not buy again in March, and decoys outside February."""
    return company(
        customers=[
            _customer(1, "east"),
            _customer(2, "east"),
            _customer(3, "north"),
            _customer(4, "north"),
            _customer(5, "north"),
            _customer(6, "south"),  # never ordered
            _customer(7, "east"),
        ],
        orders=[
            # C1: February and March: repurchased
            _order(1, 1, "2025-02-03 10:00"),
            _order(2, 1, "2025-03-03 10:00"),
            # C2: February only
            _order(3, 2, "2025-02-14 10:00"),
            # C3: February, then a March order that was refunded: not a repurchase
            _order(4, 3, "2025-02-20 10:00"),
            _order(5, 3, "2025-03-05 10:00", "refunded", refunded_at="2025-03-09 10:00"),
            # C4: 30 January (within 31 days of 1 March, but in January) and March
            _order(6, 4, "2025-01-30 10:00"),
            _order(7, 4, "2025-03-10 10:00"),
            # C5: February order refunded, March paid: not a February buyer
            _order(8, 5, "2025-02-11 10:00", "refunded", refunded_at="2025-02-12 10:00"),
            _order(9, 5, "2025-03-11 10:00"),
            # C7: two February orders (counted once) and one in March
            _order(10, 7, "2025-02-01 00:00"),
            _order(11, 7, "2025-02-28 23:59"),
            _order(12, 7, "2025-03-31 23:59"),
        ],
    )


def test_repurchase_rate_uncut(repeat_buyers):
    """Of February's distinct buyers, the share with a paid order in March."""
    r = compute("repurchase_rate", repeat_buyers, MARCH)
    assert r.loc["all", "value"] == pytest.approx(0.5)  # {C1, C7} / {C1, C2, C3, C7}
    assert r.loc["all", "numerator"] == 2
    assert r.loc["all", "denominator"] == 4


def test_repurchase_rate_previous_is_previous_calendar_month(repeat_buyers):
    """For February the previous period is January (C4), who did not buy in February."""
    r = compute("repurchase_rate", repeat_buyers, "2025-02")
    assert r.loc["all", "value"] == 0.0  # {} / {C4}
    assert r.loc["all", "denominator"] == 1


def test_repurchase_rate_by_region(repeat_buyers):
    """Cut by region: each region's February buyers and how many of them came back."""
    r = compute("repurchase_rate", repeat_buyers, MARCH, by="region")
    assert r["value"].to_dict() == {
        "east": pytest.approx(2 / 3),  # C1, C7 of C1, C2, C7
        "north": pytest.approx(0.0),  # C3's March order was refunded
    }


def test_repurchase_rate_no_previous_buyers_is_nan(repeat_buyers):
    """January's previous month (December 2024) has no buyers: NaN with a note."""
    _assert_nan_with_note(compute("repurchase_rate", repeat_buyers, "2025-01"))
    _assert_nan_with_note(compute("repurchase_rate", repeat_buyers, EMPTY))


# --- csat, csat_mean ---------------------------------------------------------------------------


@pytest.fixture
def surveys():
    """Survey responses, some linked to tickets of two teams, one without a score, one in Feb."""
    tickets = [
        {"ticket_id": "T0000001", "team": "team_a"},
        {"ticket_id": "T0000002", "team": "team_b"},
        {"ticket_id": "T0000003", "team": "team_a"},
        {"ticket_id": "T0000004", "team": "team_b"},
    ]
    return company(
        customers=[_customer(1, "east"), _customer(2, "north")],
        employees=[{"employee_id": "E0001", "team": "agents_pool"}],
        support_tickets=[
            {"customer_id": "C000001", "agent_id": "E0001", "created_at": "2025-03-01 09:00", **t}
            for t in tickets
        ],
        survey_responses=[
            {"customer_id": "C000001", "ticket_id": "T0000001", "csat": 5,
             "responded_at": "2025-03-02 10:00"},
            {"customer_id": "C000002", "ticket_id": "T0000002", "csat": 4,
             "responded_at": "2025-03-03 10:00"},
            {"customer_id": "C000002", "ticket_id": "T0000003", "csat": 4,
             "responded_at": "2025-03-04 10:00"},
            {"customer_id": "C000001", "ticket_id": None, "csat": 1,
             "responded_at": "2025-03-05 10:00"},
            {"customer_id": "C000002", "ticket_id": "T0000004", "csat": 2,
             "responded_at": "2025-03-31 23:00"},
            # no CSAT score (NPS only): ignored by csat and csat_mean
            {"customer_id": "C000001", "ticket_id": "T0000001", "csat": None, "nps": 10,
             "responded_at": "2025-03-06 10:00"},
            # February: outside the period
            {"customer_id": "C000001", "ticket_id": "T0000002", "csat": 5,
             "responded_at": "2025-02-28 23:00"},
        ],
    )  # fmt: skip


def test_csat_uncut(surveys):
    """Share of scored March responses at 4 or 5; the unscored response is left out."""
    r = compute("csat", surveys, MARCH)
    assert r.loc["all", "value"] == pytest.approx(0.6)  # 5, 4, 4 of 5, 4, 4, 1, 2
    assert r.loc["all", "denominator"] == 5
    assert value("csat_mean", surveys, MARCH) == pytest.approx(3.2)  # (5+4+4+1+2) / 5


def test_csat_by_team_uses_linked_ticket(surveys):
    """Cut by team: the team of the linked ticket; a response without a ticket drops out."""
    r = compute("csat", surveys, MARCH, by="team")
    assert r["value"].to_dict() == {
        "team_a": pytest.approx(1.0),  # 5, 4
        "team_b": pytest.approx(0.5),  # 4, 2
    }
    m = compute("csat_mean", surveys, MARCH, by="team")
    assert m["value"].to_dict() == {
        "team_a": pytest.approx(4.5),  # (5 + 4) / 2
        "team_b": pytest.approx(3.0),  # (4 + 2) / 2
    }


def test_csat_by_region(surveys):
    """Cut by the responding customer's region."""
    r = compute("csat", surveys, MARCH, by="region")
    assert r["value"].to_dict() == {
        "east": pytest.approx(0.5),  # 5, 1
        "north": pytest.approx(2 / 3),  # 4, 4, 2
    }


@pytest.mark.parametrize(("score", "expected"), [(5, 1.0), (4, 1.0), (3, 0.0), (1, 0.0)])
def test_csat_threshold(score, expected):
    """Scores 4 and 5 are satisfied, 3 and below are not."""
    data = company(
        customers=[_customer(1)],
        survey_responses=[
            {"customer_id": "C000001", "csat": score, "responded_at": "2025-03-10 10:00"}
        ],
    )
    assert value("csat", data, MARCH) == expected


@pytest.mark.parametrize("indicator", ["csat", "csat_mean"])
def test_csat_empty_period_and_only_unscored_are_nan(surveys, indicator):
    """No scored response in the period (none at all, or only NPS answers): NaN with a note."""
    _assert_nan_with_note(compute(indicator, surveys, EMPTY))
    only_nps = company(
        customers=[_customer(1)],
        survey_responses=[
            {"customer_id": "C000001", "csat": None, "nps": 9, "responded_at": "2025-03-10 10:00"}
        ],
    )
    _assert_nan_with_note(compute(indicator, only_nps, MARCH))


# --- nps ---------------------------------------------------------------------------------------


@pytest.fixture
def recommend():
    """NPS answers in four hotels: mixed, mostly detractors, only detractors, only passives."""
    scores = {
        "S001": [10, 9, 9, 6],
        "S002": [8, 5, 3, 10],
        "S003": [0, 2],
        "S004": [7, 8],
    }
    rows = [
        {"store_id": store, "nps": s}
        for store, values in scores.items()
        for s in values
    ]  # fmt: skip
    rows.append({"store_id": "S001", "nps": None, "csat": 5})  # no NPS answer: ignored
    rows.append({"store_id": "S001", "nps": 0, "responded_at": "2025-04-01 00:00"})  # April
    return company(
        customers=[_customer(1)],
        stores=[{"store_id": s, "kind": "hotel"} for s in scores],
        survey_responses=[
            {"customer_id": "C000001", "responded_at": "2025-03-15 12:00", **r} for r in rows
        ],
    )


def test_nps_uncut_in_points(recommend):
    """% promoters − % detractors over the 12 March answers, in points."""
    r = compute("nps", recommend, MARCH)
    # promoters 10, 9, 9, 10 = 4; detractors 6, 5, 3, 0, 2 = 5; (4 − 5) / 12 × 100
    assert r.loc["all", "value"] == pytest.approx(-100 / 12)
    assert r.loc["all", "denominator"] == 12


def test_nps_by_store(recommend):
    """Cut by hotel: every hotel's own score, from −100 to 100 points."""
    r = compute("nps", recommend, MARCH, by="store")
    assert r["value"].to_dict() == {
        "S001": pytest.approx(50.0),  # (3 − 1) / 4
        "S002": pytest.approx(-25.0),  # (1 − 2) / 4
        "S003": pytest.approx(-100.0),  # (0 − 2) / 2
        "S004": pytest.approx(0.0),  # passives only
    }


@pytest.mark.parametrize(
    ("score", "expected"),
    [(10, 100.0), (9, 100.0), (8, 0.0), (7, 0.0), (6, -100.0), (0, -100.0)],
)
def test_nps_bands(score, expected):
    """9–10 promoters, 7–8 passives, 0–6 detractors."""
    data = company(
        customers=[_customer(1)],
        survey_responses=[
            {"customer_id": "C000001", "nps": score, "responded_at": "2025-03-10 10:00"}
        ],
    )
    assert value("nps", data, MARCH) == expected


def test_nps_empty_period_is_nan(recommend):
    """No NPS answer in the period: NaN with a note."""
    _assert_nan_with_note(compute("nps", recommend, EMPTY))


# --- churn_rate --------------------------------------------------------------------------------
# April 2025: the start is 2025-04-01 00:00, whose 90-day window opens 2025-01-01 00:00; the end is
# 2025-05-01 00:00, whose window opens 2025-01-31 00:00.


@pytest.fixture
def activity():
    """Customers active or not at the start and the end of April 2025 (orders basis)."""
    return company(
        customers=[
            _customer(1, "east"),
            _customer(2, "east"),
            _customer(3, "north"),
            _customer(4, "north"),
            _customer(5, "east"),
            _customer(6, "north"),  # never ordered
        ],
        orders=[
            # C1: exactly 90 days before the start: active at start, gone at the end
            _order(1, 1, "2025-01-01 00:00"),
            # C2: the 91st day before the start: not active at start
            _order(2, 2, "2024-12-31 12:00"),
            # C3: active at both ends
            _order(3, 3, "2025-02-10 10:00"),
            _order(4, 3, "2025-04-15 10:00"),
            # C4: one March order still inside the end window
            _order(5, 4, "2025-03-20 10:00"),
            # C5: January order, then an April order that was refunded: churned
            _order(6, 5, "2025-01-15 10:00"),
            _order(7, 5, "2025-04-10 10:00", "refunded", refunded_at="2025-04-12 10:00"),
        ],
    )


def test_churn_rate_uncut(activity):
    """Of the customers active at the start (C1, C3, C4, C5), those not active at the end."""
    r = compute("churn_rate", activity, APRIL)
    assert r.loc["all", "value"] == pytest.approx(0.5)  # {C1, C5} / {C1, C3, C4, C5}
    assert r.loc["all", "numerator"] == 2
    assert r.loc["all", "denominator"] == 4


def test_churn_rate_by_region(activity):
    """Cut by region: each region's own cohort at the start."""
    r = compute("churn_rate", activity, APRIL, by="region")
    assert r["value"].to_dict() == {
        "east": pytest.approx(1.0),  # C1, C5 of C1, C5 (C2 was not active at start)
        "north": pytest.approx(0.0),  # C3, C4 both still active
    }


@pytest.mark.parametrize(
    ("paid_at", "denominator", "churn"),
    [
        ("2025-01-01 00:00", 1, 1.0),  # 90 days before the start: in the start window
        ("2025-01-01 23:59", 1, 1.0),
        ("2024-12-31 23:59", 0, None),  # 91st day before the start: outside
        ("2025-01-31 00:00", 1, 0.0),  # 90 days before the end: still active at the end
        ("2025-01-30 23:59", 1, 1.0),  # 91st day before the end: churned
        ("2025-03-31 23:59", 1, 0.0),
        ("2025-04-01 00:00", 0, None),  # inside the period: not active at start
    ],
)
def test_churn_rate_window_edges(paid_at, denominator, churn):
    """The 90-day window is [instant − 90 days, instant): its first day in, the day before out."""
    data = company(customers=[_customer(1)], orders=[_order(1, 1, paid_at)])
    r = compute("churn_rate", data, APRIL)
    assert r.loc["all", "denominator"] == denominator
    if churn is None:
        _assert_nan_with_note(r)
    else:
        assert r.loc["all", "value"] == churn


def test_churn_rate_window_days_parameter():
    """window_days=30 opens the start window on 2 March and the end window on 1 April."""
    data = company(
        customers=[_customer(1), _customer(2), _customer(3)],
        orders=[
            _order(1, 1, "2025-03-02 09:00"),  # 30 days before the start
            _order(2, 2, "2025-03-01 09:00"),  # 31st day before the start
            _order(3, 3, "2025-03-10 09:00"),
            _order(4, 3, "2025-04-05 09:00"),
        ],
    )
    r = compute("churn_rate", data, APRIL, window_days=30)
    assert r.loc["all", "value"] == pytest.approx(0.5)  # {C1} / {C1, C3}
    assert r.loc["all", "denominator"] == 2
    # with the default 90 days all three are active at both ends
    assert value("churn_rate", data, APRIL) == 0.0  # {} / {C1, C2, C3}


def test_churn_rate_empty_period_is_nan(activity):
    """No customer active at the start (nothing paid in the 90 days before August): NaN, a note."""
    _assert_nan_with_note(compute("churn_rate", activity, "2025-08"))
    empty = company(customers=[_customer(1)], orders=[])
    _assert_nan_with_note(compute("churn_rate", empty, APRIL))


@pytest.fixture
def contracts():
    """A B2B company with contracts only: some end inside April, one is renewed, one is new."""
    rows = [
        ("C000001", "2024-05-01", "2025-04-15"),  # ends inside April: churned
        ("C000002", "2024-05-01", "2025-05-01"),  # in force through 30 April: active at the end
        ("C000003", "2024-06-01", "2025-04-20"),  # ends inside April but renewed the same day
        ("C000003", "2025-04-20", "2026-04-20"),
        ("C000004", "2025-04-10", "2026-04-10"),  # first contract in April: new, not at start
        ("C000005", "2024-01-01", "2025-02-01"),  # ended before April: not at start
        ("C000006", "2024-04-01", "2025-04-01"),  # ends on 1 April (last day 31 March): churned
    ]
    return company(
        customers=[
            _customer(1, "east", "key_account"),
            _customer(2, "east", "key_account"),
            _customer(3, "north", "mid_market"),
            _customer(4, "north", "mid_market"),
            _customer(5, "east", "mid_market"),
            _customer(6, "north", "key_account"),
        ],
        contracts=[
            {"contract_id": f"K{i:06d}", "customer_id": c, "start_date": s, "end_date": e}
            for i, (c, s, e) in enumerate(rows, start=1)
        ],
    )


def test_churn_rate_contracts_basis(contracts):
    """With a contracts table, a contract ending inside the period means churned at its end."""
    r = compute("churn_rate", contracts, APRIL)
    assert r.loc["all", "value"] == pytest.approx(0.5)  # {C1, C6} / {C1, C2, C3, C6}
    assert r.loc["all", "denominator"] == 4
    by = compute("churn_rate", contracts, APRIL, by="segment")
    assert by["value"].to_dict() == {
        "key_account": pytest.approx(2 / 3),  # C1, C6 of C1, C2, C6
        "mid_market": pytest.approx(0.0),  # C3 renewed
    }
    # C2's contract (last day 30 April) is active at the end of April and gone at the end of May
    assert value("churn_rate", contracts, "2025-05") == pytest.approx(1 / 3)  # {C2} / {C2, C3, C4}


def test_churn_rate_basis_parameter(contracts):
    """basis='orders' ignores the contracts; an unknown basis is refused."""
    data = {**contracts, "orders": frame("orders", [_order(1, 1, "2025-03-01 10:00")])}
    assert value("churn_rate", data, APRIL) == pytest.approx(0.5)  # contracts, as above
    assert value("churn_rate", data, APRIL, basis="orders") == 0.0  # C1 ordered on 1 March
    with pytest.raises(ValueError, match="basis"):
        value("churn_rate", data, APRIL, basis="stays")


# --- retention_rate ----------------------------------------------------------------------------


@pytest.fixture
def returning():
    """April 2025 with kept, churned, reactivated and new customers in two regions."""
    return company(
        customers=[
            _customer(1, "east"),  # kept
            _customer(2, "east"),  # churned
            _customer(3, "east"),  # reactivated: bought in 2024, not in the start window
            _customer(4, "north"),  # kept
            _customer(5, "north"),  # churned
            _customer(6, "north"),  # new in April
            _customer(7, "north"),  # only a refunded April order: neither new nor active
            _customer(8, "south"),  # no orders at all
        ],
        orders=[
            _order(1, 1, "2025-02-15 10:00"),
            _order(2, 2, "2025-01-10 10:00"),
            _order(3, 3, "2024-06-01 10:00"),
            _order(4, 3, "2025-04-10 10:00"),
            _order(5, 4, "2025-03-05 10:00"),
            _order(6, 5, "2025-01-20 10:00"),
            _order(7, 6, "2025-04-20 10:00"),
            _order(8, 7, "2025-04-22 10:00", "refunded", refunded_at="2025-04-25 10:00"),
        ],
    )


def test_retention_rate_uncut_is_not_one_minus_churn(returning):
    """The reactivated customer counts at the end, so retention exceeds 1 − churn."""
    r = compute("retention_rate", returning, APRIL)
    # start {C1, C2, C4, C5}; end {C1, C3, C4, C6}; new {C6}: (4 − 1) / 4
    assert r.loc["all", "value"] == pytest.approx(0.75)
    assert r.loc["all", "numerator"] == 3
    assert r.loc["all", "denominator"] == 4
    assert value("churn_rate", returning, APRIL) == pytest.approx(0.5)  # {C2, C5} / 4, 1 − 0.5


def test_retention_rate_by_region(returning):
    """Cut by region: east keeps one and wins one back; north keeps one and gains a new one."""
    r = compute("retention_rate", returning, APRIL, by="region")
    assert r["value"].to_dict() == {
        "east": pytest.approx(1.0),  # (end {C1, C3} − new {}) / start {C1, C2}
        "north": pytest.approx(0.5),  # (end {C4, C6} − new {C6}) / start {C4, C5}
    }


def test_retention_rate_contracts_basis(contracts):
    """Contracts basis: new = first contract starting in the period."""
    # start {C1, C2, C3, C6}; end {C2, C3, C4}; new {C4}: (3 − 1) / 4
    assert value("retention_rate", contracts, APRIL) == pytest.approx(0.5)


def test_retention_rate_empty_period_is_nan(returning):
    """No customer active at the start: NaN with a note."""
    _assert_nan_with_note(compute("retention_rate", returning, "2025-09"))


# --- complaint_rate ----------------------------------------------------------------------------


@pytest.fixture
def complaints():
    """March paid and refunded orders in three stores and complaint tickets against them."""
    stores = ["S001", "S002", "S003"]
    orders = [
        _order(1, 1, "2025-03-02 10:00", store_id="S001"),
        _order(2, 2, "2025-03-03 10:00", store_id="S001"),
        _order(3, 1, "2025-03-04 10:00", store_id="S001"),
        _order(4, 3, "2025-03-05 10:00", store_id="S002"),
        _order(5, 2, "2025-03-06 10:00", store_id="S002"),
        _order(6, 3, "2025-03-07 10:00", "refunded", store_id="S002"),  # not a paid order
        _order(7, 1, "2025-02-27 10:00", store_id="S003"),  # February
    ]
    tickets = [
        ("C000001", "S001", True, "2025-03-05 10:00"),
        ("C000002", "S001", False, "2025-03-06 10:00"),  # not a complaint
        ("C000003", "S002", True, "2025-03-07 10:00"),
        ("C000002", "S002", True, "2025-03-08 10:00"),
        ("C000004", "S003", True, "2025-03-09 10:00"),  # customer without orders
        ("C000001", "S001", True, "2025-02-28 10:00"),  # February
    ]
    return company(
        customers=[
            _customer(1, "east"),
            _customer(2, "east"),
            _customer(3, "north"),
            _customer(4, "south"),
        ],
        stores=[{"store_id": s} for s in stores],
        employees=[{"employee_id": "E0001"}],
        orders=orders,
        support_tickets=[
            {"customer_id": c, "store_id": s, "is_complaint": k, "created_at": t,
             "agent_id": "E0001"}
            for c, s, k, t in tickets
        ],
    )  # fmt: skip


def test_complaint_rate_uncut(complaints):
    """March complaint tickets ÷ March paid orders (the refunded order is not counted)."""
    r = compute("complaint_rate", complaints, MARCH)
    assert r.loc["all", "value"] == pytest.approx(0.8)  # 4 complaints / 5 paid orders
    assert r.loc["all", "numerator"] == 4
    assert r.loc["all", "denominator"] == 5


def test_complaint_rate_by_store(complaints):
    """Cut by store: a store with complaints but no paid order is NaN with a note."""
    r = compute("complaint_rate", complaints, MARCH, by="store")
    assert r.loc["S001", "value"] == pytest.approx(1 / 3)  # 1 complaint / 3 orders
    assert r.loc["S002", "value"] == pytest.approx(1.0)  # 2 / 2 (refund left out)
    _assert_nan_with_note(r, "S003")  # 1 / 0
    assert r.loc["S003", "numerator"] == 1


def test_complaint_rate_by_region(complaints):
    """Cut by the customer's region."""
    r = compute("complaint_rate", complaints, MARCH, by="region")
    assert r.loc["east", "value"] == pytest.approx(0.5)  # C1, C2: 2 complaints / 4 orders
    assert r.loc["north", "value"] == pytest.approx(1.0)  # C3: 1 / 1
    _assert_nan_with_note(r, "south")  # C4: 1 / 0


def test_complaint_rate_empty_period_is_nan(complaints):
    """No paid order in the period: NaN with a note."""
    _assert_nan_with_note(compute("complaint_rate", complaints, EMPTY))


def test_repurchase_rate_by_cohort_month_of_first_paid_order():
    """Cohort = month of the customer's first paid order; refunded first orders do not count."""
    data = company(
        customers=[{"customer_id": f"C00000{i}"} for i in range(1, 5)],
        orders=[
            # C1: first paid Jan, buys Feb and Mar -> cohort 2025-01, repurchases in March
            {"order_id": "O00000001", "customer_id": "C000001", "paid_at": "2025-01-05 10:00"},
            {"order_id": "O00000002", "customer_id": "C000001", "paid_at": "2025-02-05 10:00"},
            {"order_id": "O00000003", "customer_id": "C000001", "paid_at": "2025-03-05 10:00"},
            # C2: refunded Jan order, first paid Feb -> cohort 2025-02, no March order
            {"order_id": "O00000004", "customer_id": "C000002", "paid_at": "2025-01-06 10:00",
             "status": "refunded", "refunded_at": "2025-01-09 10:00"},
            {"order_id": "O00000005", "customer_id": "C000002", "paid_at": "2025-02-06 10:00"},
            # C3: first paid Feb, buys again in March -> cohort 2025-02, repurchases
            {"order_id": "O00000006", "customer_id": "C000003", "paid_at": "2025-02-07 10:00"},
            {"order_id": "O00000007", "customer_id": "C000003", "paid_at": "2025-03-07 10:00"},
        ],
    )  # fmt: skip
    out = compute("repurchase_rate", data, "2025-03", by="cohort")
    # February buyers: C1 (cohort 01) and C2, C3 (cohort 02); March buyers: C1, C3
    assert out["value"].to_dict() == {"2025-01": 1.0, "2025-02": 0.5}
    assert out.loc["2025-02", "denominator"] == 2
