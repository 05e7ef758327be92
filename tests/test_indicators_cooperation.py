"""Hand-computed checks of the 配合度 (cooperation) indicators (DOMAIN §2, seed 000)."""

from __future__ import annotations

import math

import pytest
from builders import company

from generator.indicators import compute, value

MARCH = "2025-03"
EMPTY = "2025-06"


def _company(accounts, rows):
    """``accounts``: (customer, region, account manager); ``rows``: (customer, scheduled_at,
    invited, participated, feedback quality or None when no feedback was submitted)."""
    return company(
        employees=[
            {"employee_id": "E0001", "role": "account_manager", "team": "X"},
            {"employee_id": "E0002", "role": "account_manager", "team": "Y"},
        ],
        customers=[
            {"customer_id": c, "region": r, "account_manager_id": am} for c, r, am in accounts
        ],
        interactions=[
            {
                "interaction_id": f"I{i:07d}",
                "customer_id": c,
                "employee_id": "E0001",
                "scheduled_at": t,
                "invited": inv,
                "participated": part,
                "feedback_submitted": q is not None,
                "feedback_quality": q,
            }
            for i, (c, t, inv, part, q) in enumerate(rows, start=1)
        ],
    )


def _assert_nan_with_note(frame, group: str = "all") -> None:
    assert math.isnan(frame.loc[group, "value"])
    assert frame.loc[group, "note"]


def _values(frame) -> dict:
    return frame["value"].to_dict()


@pytest.fixture
def data():
    """Three accounts in three regions; C1 (team X) is active, C2 (team Y) never shows up,
    C3 (team Y) always does."""
    accounts = [
        ("C000001", "east", "E0001"),
        ("C000002", "north", "E0002"),
        ("C000003", "south", "E0002"),
    ]
    rows = [
        ("C000001", "2025-03-03 10:00", True, True, 0.8),
        ("C000001", "2025-03-10 10:00", True, True, None),
        ("C000001", "2025-03-17 10:00", True, False, None),
        ("C000001", "2025-03-24 10:00", False, True, 1.0),  # the account called us
        ("C000001", "2025-02-28 10:00", True, True, 0.9),  # February
        ("C000002", "2025-03-05 10:00", True, False, None),
        ("C000002", "2025-03-12 10:00", True, False, None),
        ("C000003", "2025-03-06 10:00", True, True, 0.5),
        ("C000003", "2025-03-13 10:00", True, True, 0.3),
    ]
    # per account in March: C1 invited 3, joined 2, held 3, quality 1.8;
    # C2 invited 2, joined 0, held 0; C3 invited 2, joined 2, held 2, quality 0.8
    return _company(accounts, rows)


# --- participation_rate --------------------------------------------------------------------------


def test_participation_rate_uncut(data):
    """Invited activities joined ÷ invitations, pooled over accounts; uninvited contacts ignored."""
    assert value("participation_rate", data, MARCH) == pytest.approx(4 / 7)  # (2+0+2)/(3+2+2)


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("region", {"east": 2 / 3, "north": 0 / 2, "south": 2 / 2}),
        ("team", {"X": 2 / 3, "Y": 2 / 4}),  # Y pools C2 and C3: (0 + 2) / (2 + 2)
        ("rep", {"E0001": 2 / 3, "E0002": 2 / 4}),
    ],
)
def test_participation_rate_cut(data, by, expected):
    """Each group's joined ÷ invited (team and rep of the account manager)."""
    got = _values(compute("participation_rate", data, MARCH, by=by))
    assert got == {k: pytest.approx(v) for k, v in expected.items()}


def test_participation_rate_empty_period(data):
    """No invitation in the period: NaN with a note."""
    _assert_nan_with_note(compute("participation_rate", data, EMPTY))


# --- interaction_frequency -----------------------------------------------------------------------


def test_interaction_frequency_uncut(data):
    """Interactions that took place ÷ (accounts × months)."""
    assert value("interaction_frequency", data, MARCH) == pytest.approx(5 / 3)  # (3+0+2)/(3×1)


def test_interaction_frequency_quarter(data):
    """A quarter divides by three months (February's row now counts)."""
    assert value("interaction_frequency", data, "2025-Q1") == pytest.approx(6 / 9)  # (4+0+2)/(3×3)


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("region", {"east": 3.0, "north": 0.0, "south": 2.0}),
        ("team", {"X": 3.0, "Y": 1.0}),  # Y: (0 + 2) / (2 accounts × 1 month)
    ],
)
def test_interaction_frequency_cut(data, by, expected):
    """Each group's interactions per account per month."""
    got = _values(compute("interaction_frequency", data, MARCH, by=by))
    assert got == {k: pytest.approx(v) for k, v in expected.items()}


def test_interaction_frequency_empty_period(data):
    """No account with interactions: NaN with a note."""
    _assert_nan_with_note(compute("interaction_frequency", data, EMPTY))


# --- feedback_quality ----------------------------------------------------------------------------


def test_feedback_quality_uncut(data):
    """Σ quality of submitted feedback ÷ interactions that took place."""
    assert value("feedback_quality", data, MARCH) == pytest.approx(0.52)  # (1.8 + 0 + 0.8) / 5


def test_feedback_quality_by_region(data):
    """Per region; a region where nothing took place is NaN with a note."""
    r = compute("feedback_quality", data, MARCH, by="region")
    assert r.loc["east", "value"] == pytest.approx(0.6)  # 1.8 / 3
    assert r.loc["south", "value"] == pytest.approx(0.4)  # 0.8 / 2
    _assert_nan_with_note(r, "north")  # 0 / 0


def test_feedback_quality_by_team(data):
    """Team Y pools C2 (nothing held) and C3."""
    got = _values(compute("feedback_quality", data, MARCH, by="team"))
    assert got == {"X": pytest.approx(0.6), "Y": pytest.approx(0.4)}  # 1.8/3; 0.8/(0+2)


def test_feedback_quality_ignores_feedback_on_missed_interactions():
    """Feedback recorded on an interaction that did not take place does not count: the value
    stays a share of the interactions that took place (never above 1)."""
    data = _company(
        [("C000001", "east", "E0001")],
        [
            ("C000001", "2025-03-03 10:00", True, True, 1.0),
            ("C000001", "2025-03-10 10:00", True, False, 1.0),  # did not take place
        ],
    )
    assert value("feedback_quality", data, MARCH) == pytest.approx(1.0)  # 1.0 / 1 held


def test_feedback_quality_empty_period(data):
    """Nothing took place in the period: NaN with a note."""
    _assert_nan_with_note(compute("feedback_quality", data, EMPTY))


# --- cooperation_index ---------------------------------------------------------------------------


@pytest.fixture
def cohort():
    """Four accounts; D was never invited, so its participation is missing.

    participation p: A 4/4 = 1, B 1/2 = 0.5, C 0/2 = 0, D missing
    frequency f:     A 4, B 2, C 1, D 3
    quality q:       A 3.2/4 = 0.8, B 0.6/2 = 0.3, C 0.2/1 = 0.2, D 1.5/3 = 0.5
    min-max scaled:  p A 1, B 0.5, C 0; f A 1, B 1/3, C 0, D 2/3 (÷ 3);
                     q A 1, B 1/6, C 0, D 1/2 (÷ 0.6)
    """
    accounts = [
        ("C000001", "east", "E0001"),  # A
        ("C000002", "east", "E0001"),  # B
        ("C000003", "south", "E0002"),  # C
        ("C000004", "south", "E0002"),  # D
    ]
    rows = [
        *[("C000001", f"2025-03-0{d} 10:00", True, True, 0.8) for d in (1, 2, 3, 4)],
        ("C000002", "2025-03-05 10:00", True, True, 0.6),
        ("C000002", "2025-03-06 10:00", True, False, None),
        ("C000002", "2025-03-07 10:00", False, True, None),
        ("C000003", "2025-03-08 10:00", True, False, None),
        ("C000003", "2025-03-09 10:00", True, False, None),
        ("C000003", "2025-03-10 10:00", False, True, 0.2),
        ("C000004", "2025-03-11 10:00", False, True, 0.75),
        ("C000004", "2025-03-12 10:00", False, True, 0.75),
        ("C000004", "2025-03-13 10:00", False, True, None),
    ]
    return _company(accounts, rows)


def test_cooperation_index_default_weights(cohort):
    """0.4/0.3/0.3 over the scaled parts; D's missing participation rescales 0.3/0.3 to 0.6."""
    # A 0.4·1 + 0.3·1 + 0.3·1 = 1; B 0.4·0.5 + 0.3·1/3 + 0.3·1/6 = 0.35; C 0;
    # D (0.3·2/3 + 0.3·0.5) / 0.6 = 0.35 / 0.6 = 0.58333
    by_region = _values(compute("cooperation_index", cohort, MARCH, by="region"))
    assert by_region == {
        "east": pytest.approx((1 + 0.35) / 2),  # A, B
        "south": pytest.approx((0 + 0.35 / 0.6) / 2),  # C, D → 0.291667
    }
    # mean of 1, 0.35, 0, 0.58333
    assert value("cooperation_index", cohort, MARCH) == pytest.approx(1.9333333 / 4)


def test_cooperation_index_custom_weights(cohort):
    """The ``weights`` parameter replaces 0.4/0.3/0.3."""
    # A 1; B 0.2·0.5 + 0.2·1/3 + 0.6·1/6 = 0.266667; C 0;
    # D (0.2·2/3 + 0.6·0.5) / 0.8 = 0.433333 / 0.8 = 0.541667
    got = value("cooperation_index", cohort, MARCH, weights=(0.2, 0.2, 0.6))
    assert got == pytest.approx((1 + 0.2666667 + 0 + 0.5416667) / 4)  # 0.452083


def test_cooperation_index_never_invited_account(cohort):
    """An account never invited is scored on frequency and quality only (by rep = its manager)."""
    got = _values(compute("cooperation_index", cohort, MARCH, by="rep"))
    # E0001 manages A and B, E0002 manages C and D
    assert got == {
        "E0001": pytest.approx(0.675),
        "E0002": pytest.approx(0.2916667),
    }
    # with all weight on participation, D's index is undefined and only C remains for E0002
    only_p = _values(compute("cooperation_index", cohort, MARCH, by="rep", weights=(1, 0, 0)))
    assert only_p == {"E0001": pytest.approx(0.75), "E0002": pytest.approx(0.0)}  # (1+0.5)/2; C


def test_cooperation_index_scales_within_the_whole_cohort(data):
    """Scaling uses every account, not the group's: a one-account group is not forced to 0.5."""
    # p C1 2/3, C2 0, C3 1 → 2/3, 0, 1; f 3, 0, 2 → 1, 0, 2/3; q 0.6, missing, 0.4 → 1, -, 0
    # C1 0.4·2/3 + 0.3 + 0.3 = 0.866667; C2 (0.4·0 + 0.3·0) / 0.7 = 0; C3 0.4 + 0.3·2/3 = 0.6
    got = _values(compute("cooperation_index", data, MARCH, by="region"))
    assert got == {
        "east": pytest.approx(0.8666667),
        "north": pytest.approx(0.0),
        "south": pytest.approx(0.6),
    }
    assert value("cooperation_index", data, MARCH) == pytest.approx(1.4666667 / 3)


def test_cooperation_index_no_spread_is_half():
    """When every account has the same participation, frequency and quality, all score 0.5."""
    accounts = [("C000001", "east", "E0001"), ("C000002", "south", "E0002")]
    rows = [
        ("C000001", "2025-03-03 10:00", True, True, 0.5),
        ("C000001", "2025-03-04 10:00", True, False, None),
        ("C000002", "2025-03-05 10:00", True, True, 0.5),
        ("C000002", "2025-03-06 10:00", True, False, None),
    ]
    data = _company(accounts, rows)
    assert _values(compute("cooperation_index", data, MARCH, by="region")) == {
        "east": pytest.approx(0.5),
        "south": pytest.approx(0.5),
    }
    assert value("cooperation_index", data, MARCH) == pytest.approx(0.5)


def test_cooperation_index_empty_period(data):
    """No account with interactions: NaN with a note."""
    _assert_nan_with_note(compute("cooperation_index", data, EMPTY))


@pytest.mark.parametrize("weights", [(1.0, 1.0), (0.5, -0.1, 0.6), (0, 0, 0)])
def test_cooperation_index_rejects_bad_weights(cohort, weights):
    """Weights must be three non-negative numbers with a positive sum."""
    with pytest.raises(ValueError, match="weights"):
        compute("cooperation_index", cohort, MARCH, weights=weights)
