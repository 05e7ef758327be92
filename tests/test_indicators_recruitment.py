"""Hand-computed checks of the 招商 (merchant recruitment) indicators (DOMAIN §2, seed 002)."""

from __future__ import annotations

import math

import pytest
from builders import company

from generator.indicators import compute, value

MARCH = "2025-03"
EMPTY = "2025-06"

# lead, prospect, rep, source, region, created, stage, signed_at, amount
LEADS = [
    ("L000001", "Q000001", "E0001", "exhibition", "east", "2025-02-10 09:00", "signed",
     "2025-03-02 09:00", 100000.0),  # cycle 20 days
    ("L000002", "Q000002", "E0001", "referral", "east", "2025-03-01 00:00", "signed",
     "2025-03-11 12:00", 50000.0),  # cycle 10.5 days
    ("L000003", "Q000002", "E0002", "referral", "east", "2025-03-05 10:00", "signed",
     "2025-03-25 10:00", 30000.0),  # same prospect as L000002; cycle 20 days
    ("L000004", "Q000003", "E0003", "online_ads", "south", "2025-03-10 09:00", "lost",
     None, None),
    ("L000005", "Q000004", "E0003", "online_ads", "south", "2025-03-12 09:00", "signed",
     "2025-04-02 09:00", 80000.0),  # created in March, signed in April
    ("L000006", "Q000005", "E0003", "cold_call", "south", "2025-03-15 09:00", "contacted",
     None, None),
    ("L000007", "Q000006", "E0002", "exhibition", "east", "2025-01-05 09:00", "signed",
     "2025-02-15 09:00", 20000.0),  # signed in February
]  # fmt: skip

# employee, month, signed target
TARGETS = [
    ("E0001", "2025-02-01", 3),
    ("E0001", "2025-03-01", 2),
    ("E0001", "2025-04-01", 5),
    ("E0002", "2025-03-01", 2),
    ("E0003", "2025-03-01", 4),
]

# date, category, channel, amount
EXPENSES = [
    ("2025-03-03", "sales", "exhibition", 20000.0),
    ("2025-03-10", "sales", "referral", 40000.0),
    ("2025-03-12", "sales", "online_ads", 10000.0),
    ("2025-03-15", "marketing", "exhibition", 99999.0),  # not a sales cost
    ("2025-02-15", "sales", "exhibition", 5000.0),  # February
]


def _company(expenses=EXPENSES):
    return company(
        employees=[
            {"employee_id": "E0001", "role": "recruiter", "team": "A"},
            {"employee_id": "E0002", "role": "recruiter", "team": "A"},
            {"employee_id": "E0003", "role": "recruiter", "team": "B"},
        ],
        targets=[{"employee_id": e, "month": m, "signed_target": n} for e, m, n in TARGETS],
        leads=[
            {
                "lead_id": lead,
                "prospect_id": q,
                "rep_id": rep,
                "source": src,
                "region": reg,
                "created_at": c,
                "stage": st,
                "signed_at": s,
                "contract_amount": a,
                "lost_at": "2025-03-20 09:00" if st == "lost" else None,
                "lost_reason": "price" if st == "lost" else None,
            }
            for lead, q, rep, src, reg, c, st, s, a in LEADS
        ],
        expenses=[
            {"expense_id": f"X{i:07d}", "date": d, "category": cat, "channel": ch, "amount": a}
            for i, (d, cat, ch, a) in enumerate(expenses, start=1)
        ],
    )


@pytest.fixture
def data():
    """Three recruiters in two teams, seven leads, monthly targets and sales costs."""
    return _company()


def _assert_nan_with_note(frame, group: str = "all") -> None:
    assert math.isnan(frame.loc[group, "value"])
    assert frame.loc[group, "note"]


def _values(frame) -> dict:
    return frame["value"].to_dict()


# --- recruitment_task_completion -----------------------------------------------------------------


def test_task_completion_uncut(data):
    """Leads signed in March ÷ the March targets of every rep."""
    # L1, L2, L3 signed in March; targets 2 + 2 + 4
    assert value("recruitment_task_completion", data, MARCH) == pytest.approx(3 / 8)


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("rep", {"E0001": 2 / 2, "E0002": 1 / 2, "E0003": 0 / 4}),
        ("team", {"A": 3 / 4, "B": 0 / 4}),  # A: (2 + 1) / (2 + 2)
    ],
)
def test_task_completion_by_rep_and_team(data, by, expected):
    """Each rep's or team's signings ÷ its own target."""
    got = _values(compute("recruitment_task_completion", data, MARCH, by=by))
    assert got == {k: pytest.approx(v) for k, v in expected.items()}


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        (None, {"all": 4 / 11}),  # L1, L2, L3, L7 ÷ (3 + 2) + 2 + 4
        ("rep", {"E0001": 2 / 5, "E0002": 2 / 2, "E0003": 0 / 4}),  # E0001 Feb + Mar targets
        ("team", {"A": 4 / 7, "B": 0 / 4}),
    ],
)
def test_task_completion_sums_targets_over_the_quarter(data, by, expected):
    """A quarter adds up the targets of its three months (the April target stays out)."""
    got = _values(compute("recruitment_task_completion", data, "2025-Q1", by=by))
    assert got == {k: pytest.approx(v) for k, v in expected.items()}


def test_task_completion_rep_without_target_is_nan(data):
    """February: E0002 signed L7 but has no February target, so its rate is NaN with a note."""
    r = compute("recruitment_task_completion", data, "2025-02", by="rep")
    assert r.loc["E0001", "value"] == pytest.approx(0.0)  # 0 / 3
    _assert_nan_with_note(r, "E0002")  # 1 / 0
    assert value("recruitment_task_completion", data, "2025-02") == pytest.approx(1 / 3)


def test_task_completion_empty_period(data):
    """No target in the period: NaN with a note."""
    _assert_nan_with_note(compute("recruitment_task_completion", data, EMPTY))


# --- contract_amount -----------------------------------------------------------------------------


def test_contract_amount_uncut(data):
    """Sum of contract amounts signed in March (L5 signs in April, L7 in February)."""
    assert value("contract_amount", data, MARCH) == pytest.approx(180000)  # 100k + 50k + 30k


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("rep", {"E0001": 150000, "E0002": 30000}),
        ("team", {"A": 180000}),
        ("channel", {"exhibition": 100000, "referral": 80000}),  # 50k + 30k
        ("region", {"east": 180000}),
    ],
)
def test_contract_amount_cut(data, by, expected):
    """Each group's signed amount."""
    got = _values(compute("contract_amount", data, MARCH, by=by))
    assert got == {k: pytest.approx(v) for k, v in expected.items()}


def test_contract_amount_empty_period(data):
    """No signing in the period: 0 CNY."""
    assert value("contract_amount", data, EMPTY) == 0


# --- signed_clients ------------------------------------------------------------------------------


def test_signed_clients_uncut(data):
    """Two signed leads of prospect Q000002 count once: Q000001 and Q000002."""
    assert value("signed_clients", data, MARCH) == 2


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("rep", {"E0001": 2, "E0002": 1}),  # E0001: Q1, Q2; E0002: Q2
        ("team", {"A": 2}),
        ("channel", {"exhibition": 1, "referral": 1}),  # referral: Q2 twice
    ],
)
def test_signed_clients_cut(data, by, expected):
    """Distinct prospects per group."""
    assert _values(compute("signed_clients", data, MARCH, by=by)) == expected


def test_signed_clients_empty_period(data):
    """No signing in the period: 0 clients."""
    assert value("signed_clients", data, EMPTY) == 0


# --- lead_conversion_rate ------------------------------------------------------------------------


def test_lead_conversion_rate_uncut(data):
    """Leads created in March that signed (even in April) ÷ leads created in March."""
    # created: L2, L3, L4, L5, L6; signed: L2, L3, L5
    assert value("lead_conversion_rate", data, MARCH) == pytest.approx(0.6)


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("rep", {"E0001": 1 / 1, "E0002": 1 / 1, "E0003": 1 / 3}),
        ("team", {"A": 2 / 2, "B": 1 / 3}),
        ("channel", {"referral": 2 / 2, "online_ads": 1 / 2, "cold_call": 0 / 1}),
        ("region", {"east": 2 / 2, "south": 1 / 3}),
    ],
)
def test_lead_conversion_rate_cut(data, by, expected):
    """Each group's signed ÷ created."""
    got = _values(compute("lead_conversion_rate", data, MARCH, by=by))
    assert got == {k: pytest.approx(v) for k, v in expected.items()}


def test_lead_conversion_rate_empty_period(data):
    """No lead created in the period: NaN with a note."""
    _assert_nan_with_note(compute("lead_conversion_rate", data, EMPTY))


# --- sales_cycle_days ----------------------------------------------------------------------------


def test_sales_cycle_days_uncut(data):
    """Median of 20, 10.5 and 20 days (fractional days count)."""
    assert value("sales_cycle_days", data, MARCH) == pytest.approx(20)


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("rep", {"E0001": 15.25, "E0002": 20}),  # E0001: median(20, 10.5)
        ("channel", {"exhibition": 20, "referral": 15.25}),  # referral: median(10.5, 20)
    ],
)
def test_sales_cycle_days_cut(data, by, expected):
    """Median cycle of each group's signings."""
    got = _values(compute("sales_cycle_days", data, MARCH, by=by))
    assert got == {k: pytest.approx(v) for k, v in expected.items()}


def test_sales_cycle_days_empty_period(data):
    """No signing in the period: NaN with a note."""
    _assert_nan_with_note(compute("sales_cycle_days", data, EMPTY))


# --- channel_efficiency and sales_cost_ratio -----------------------------------------------------


def test_channel_efficiency_uncut(data):
    """Contract amount ÷ sales costs of the period (marketing costs and February stay out)."""
    r = compute("channel_efficiency", data, MARCH).loc["all"]
    assert r["numerator"] == pytest.approx(180000)
    assert r["denominator"] == pytest.approx(70000)  # 20k + 40k + 10k
    assert r["value"] == pytest.approx(18 / 7)  # 2.571...


def test_channel_efficiency_by_channel(data):
    """Per lead source: its contract amount ÷ its own sales cost."""
    got = _values(compute("channel_efficiency", data, MARCH, by="channel"))
    assert got == {
        "exhibition": pytest.approx(5.0),  # 100k / 20k
        "referral": pytest.approx(2.0),  # 80k / 40k
        "online_ads": pytest.approx(0.0),  # 0 / 10k (L5 signs in April)
    }


def test_channel_efficiency_source_without_cost_is_nan():
    """A source with signings but no cost in the period is NaN with a note."""
    no_referral_cost = [e for e in EXPENSES if e[2] != "referral"]
    r = compute("channel_efficiency", _company(no_referral_cost), MARCH, by="channel")
    assert r.loc["exhibition", "value"] == pytest.approx(5.0)  # 100k / 20k
    _assert_nan_with_note(r, "referral")  # 80k / 0


def test_channel_efficiency_empty_period(data):
    """No cost in the period: NaN with a note."""
    _assert_nan_with_note(compute("channel_efficiency", data, EMPTY))


def test_sales_cost_ratio_uncut(data):
    """Sales costs ÷ contract amount signed in the period."""
    assert value("sales_cost_ratio", data, MARCH) == pytest.approx(7 / 18)  # 70k / 180k


def test_sales_cost_ratio_by_channel(data):
    """Per source; a source with cost but no signing is NaN with a note."""
    r = compute("sales_cost_ratio", data, MARCH, by="channel")
    assert r.loc["exhibition", "value"] == pytest.approx(0.2)  # 20k / 100k
    assert r.loc["referral", "value"] == pytest.approx(0.5)  # 40k / 80k
    _assert_nan_with_note(r, "online_ads")  # 10k / 0


def test_sales_cost_ratio_empty_period(data):
    """No contract amount in the period: NaN with a note."""
    _assert_nan_with_note(compute("sales_cost_ratio", data, EMPTY))
