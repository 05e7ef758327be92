"""Hand-computed checks of the sales-support and service indicators (DOMAIN §2, seed 004)."""

from __future__ import annotations

import math

import pytest
from builders import company

from generator.indicators import compute, value

MARCH = "2025-03"
EMPTY = "2025-06"

RESPONSE = ("first_response_time", "first_response_time_p90")
RESOLUTION = ("resolution_rate", "first_contact_resolution", "resolution_time")
ALL_SUPPORT = RESPONSE + RESOLUTION


def _assert_nan_with_note(frame, group: str = "all") -> None:
    assert math.isnan(frame.loc[group, "value"])
    assert frame.loc[group, "note"]


def _ticket(n: int, team: str, created, response=None, resolved=None, contacts=1, **extra):
    """Ticket ``T…n`` of ``team`` created at ``created`` (timestamps as text or None)."""
    return {
        "ticket_id": f"T{n:07d}",
        "customer_id": "C000001",
        "agent_id": "E0001",
        "team": team,
        "created_at": created,
        "first_response_at": response,
        "resolved_at": resolved,
        "contacts": contacts,
        **extra,
    }


def _company(*tickets):
    return company(
        customers=[
            {"customer_id": "C000001", "region": "east"},
            {"customer_id": "C000002", "region": "north"},
        ],
        employees=[{"employee_id": "E0001", "team": "pool"}, {"employee_id": "E0002"}],
        support_tickets=list(tickets),
    )


@pytest.fixture
def desk():
    """Seven March tickets in two teams, plus one February ticket answered in March.

    ====  ======  ========  ===========  ==========  ========
    id    team    created   response     resolved    contacts
    ====  ======  ========  ===========  ==========  ========
    T1    team_a  03-03     +10 min      +2 h        1
    T2    team_a  03-05     +30 min      +24 h       2
    T3    team_a  03-07     +60 min      open        1
    T4    team_b  03-10     +5 min       +4 h        1
    T5    team_b  03-12     never        open        1
    T6    team_b  03-31     +140 min     +48 h       3
    T8    team_b  03-20     +20 min      +1 h        1
    T7    team_a  02-28     +90 min      +6 h        1   (February: left out of March)
    ====  ======  ========  ===========  ==========  ========
    """
    return _company(
        _ticket(1, "team_a", "2025-03-03 09:00", "2025-03-03 09:10", "2025-03-03 11:00"),
        _ticket(2, "team_a", "2025-03-05 10:00", "2025-03-05 10:30", "2025-03-06 10:00", 2),
        _ticket(3, "team_a", "2025-03-07 08:00", "2025-03-07 09:00"),
        _ticket(4, "team_b", "2025-03-10 12:00", "2025-03-10 12:05", "2025-03-10 16:00"),
        _ticket(5, "team_b", "2025-03-12 09:00"),
        # created on the last evening of March, answered and resolved in April: still March
        _ticket(6, "team_b", "2025-03-31 22:00", "2025-04-01 00:20", "2025-04-02 22:00", 3),
        _ticket(7, "team_a", "2025-02-28 23:00", "2025-03-01 00:30", "2025-03-01 05:00"),
        _ticket(8, "team_b", "2025-03-20 15:00", "2025-03-20 15:20", "2025-03-20 16:00"),
    )


# --- uncut and cut by team ---------------------------------------------------------------------


def test_first_response_time_median_and_p90(desk):
    """Minutes to first response of the six answered March tickets: median and linear P90."""
    # sorted minutes: 5, 10, 20, 30, 60, 140 (T5 never answered, T7 is February)
    assert value("first_response_time", desk, MARCH) == pytest.approx(25.0)  # (20 + 30) / 2
    # P90 position (6 − 1) × 0.9 = 4.5: 60 + 0.5 × (140 − 60)
    assert value("first_response_time_p90", desk, MARCH) == pytest.approx(100.0)


def test_first_response_time_by_team(desk):
    """Cut by team: each team's own median and P90."""
    med = compute("first_response_time", desk, MARCH, by="team")["value"].to_dict()
    p90 = compute("first_response_time_p90", desk, MARCH, by="team")["value"].to_dict()
    assert med == {
        "team_a": pytest.approx(30.0),
        "team_b": pytest.approx(20.0),
    }  # 10,30,60; 5,20,140
    # position (3 − 1) × 0.9 = 1.8: 30 + 0.8 × (60 − 30); 20 + 0.8 × (140 − 20)
    assert p90 == {"team_a": pytest.approx(54.0), "team_b": pytest.approx(116.0)}


def test_resolution_rate(desk):
    """Resolved ÷ created, over tickets created in March, resolved at any time afterwards."""
    r = compute("resolution_rate", desk, MARCH)
    assert r.loc["all", "value"] == pytest.approx(5 / 7)  # T1, T2, T4, T6, T8 of T1–T6, T8
    assert r.loc["all", "denominator"] == 7
    by = compute("resolution_rate", desk, MARCH, by="team")["value"].to_dict()
    assert by == {"team_a": pytest.approx(2 / 3), "team_b": pytest.approx(3 / 4)}


def test_first_contact_resolution(desk):
    """Resolved with exactly one contact ÷ resolved."""
    r = compute("first_contact_resolution", desk, MARCH)
    assert r.loc["all", "value"] == pytest.approx(0.6)  # T1, T4, T8 of T1, T2, T4, T6, T8
    assert r.loc["all", "denominator"] == 5
    by = compute("first_contact_resolution", desk, MARCH, by="team")["value"].to_dict()
    assert by == {"team_a": pytest.approx(0.5), "team_b": pytest.approx(2 / 3)}  # T1/2; T4,T8/3


def test_resolution_time(desk):
    """Median hours from creation to resolution of the resolved March tickets."""
    assert value("resolution_time", desk, MARCH) == pytest.approx(4.0)  # 1, 2, 4, 24, 48
    by = compute("resolution_time", desk, MARCH, by="team")["value"].to_dict()
    assert by == {"team_a": pytest.approx(13.0), "team_b": pytest.approx(4.0)}  # (2+24)/2; 1,4,48


def test_february_ticket_answered_in_march_belongs_to_february(desk):
    """The cohort is tickets created in the period: T7 counts in February only."""
    assert value("first_response_time", desk, "2025-02") == pytest.approx(90.0)
    assert value("resolution_time", desk, "2025-02") == pytest.approx(6.0)
    assert value("resolution_rate", desk, "2025-02") == 1.0


def test_cut_by_region_and_category():
    """Cuts by the customer's region and by issue category group the same tickets differently."""
    data = _company(
        _ticket(1, "t", "2025-03-01 09:00", "2025-03-01 09:10", category="delivery"),
        _ticket(2, "t", "2025-03-01 09:00", "2025-03-01 09:40", category="billing",
                customer_id="C000002"),
        _ticket(3, "t", "2025-03-01 09:00", "2025-03-01 10:30", category="delivery",
                customer_id="C000002"),
    )  # fmt: skip
    region = compute("first_response_time", data, MARCH, by="region")["value"].to_dict()
    assert region == {"east": pytest.approx(10.0), "north": pytest.approx(65.0)}  # (40 + 90) / 2
    category = compute("first_response_time", data, MARCH, by="category")["value"].to_dict()
    assert category == {"billing": pytest.approx(40.0), "delivery": pytest.approx(50.0)}


# --- edge cases --------------------------------------------------------------------------------


@pytest.mark.parametrize("indicator", ALL_SUPPORT)
def test_empty_period_is_nan(desk, indicator):
    """A month without tickets: every support indicator is NaN with a note."""
    _assert_nan_with_note(compute(indicator, desk, EMPTY))


def test_no_answered_or_resolved_tickets():
    """Tickets exist but none answered or resolved: times and FCR NaN, resolution rate 0."""
    data = _company(_ticket(1, "t", "2025-03-10 09:00"), _ticket(2, "t", "2025-03-11 09:00"))
    for indicator in (*RESPONSE, "first_contact_resolution", "resolution_time"):
        _assert_nan_with_note(compute(indicator, data, MARCH))
    r = compute("resolution_rate", data, MARCH)
    assert r.loc["all", "value"] == 0.0  # 0 / 2
    assert r.loc["all", "note"] == ""


@pytest.mark.parametrize("indicator", [*RESPONSE, "first_contact_resolution", "resolution_time"])
def test_team_without_answers_is_nan_not_missing(indicator):
    """Cut by team: a team whose tickets were never answered nor resolved is NaN with a note."""
    data = _company(
        _ticket(1, "team_a", "2025-03-10 09:00", "2025-03-10 09:30", "2025-03-10 12:00"),
        _ticket(2, "team_b", "2025-03-10 09:00"),
    )
    r = compute(indicator, data, MARCH, by="team")
    assert not math.isnan(r.loc["team_a", "value"])
    _assert_nan_with_note(r, "team_b")


def test_single_ticket_median_and_p90_are_its_time():
    """With one answered ticket, median and P90 are both its response time."""
    data = _company(_ticket(1, "t", "2025-03-10 09:00", "2025-03-10 09:45"))
    assert value("first_response_time", data, MARCH) == pytest.approx(45.0)
    assert value("first_response_time_p90", data, MARCH) == pytest.approx(45.0)


def test_first_contact_resolution_ignores_open_single_contact_tickets():
    """An open ticket with one contact is not a first-contact resolution (not in either count)."""
    data = _company(
        _ticket(1, "t", "2025-03-10 09:00", "2025-03-10 09:05", "2025-03-10 10:00", 1),
        _ticket(2, "t", "2025-03-10 09:00", "2025-03-10 09:05", "2025-03-11 10:00", 2),
        _ticket(3, "t", "2025-03-10 09:00", "2025-03-10 09:05", None, 1),
    )
    r = compute("first_contact_resolution", data, MARCH)
    assert r.loc["all", "value"] == pytest.approx(0.5)  # T1 of T1, T2
    assert r.loc["all", "denominator"] == 2
