"""Every planted problem: declared correctly, and findable from the public tables alone."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from diagnosis import diagnose, duplicated_orders

from generator.api import generate_company
from generator.indicators import DIMENSIONS, REGISTRY, Period
from generator.registry import PROBLEMS, PROFILES, load_all
from generator.world import HISTORY_MONTHS

load_all()
IDS = sorted(PROBLEMS)
#: Problems a segment/start diagnosis does not describe (checked by their own tests below).
SPECIAL = {"mix_shift_paradox", "promo_customers_do_not_return"}


def first_profile(problem_id: str) -> str:
    return PROBLEMS[problem_id].profiles[0]


@pytest.mark.parametrize("problem_id", IDS)
def test_problem_is_declared_completely(problem_id):
    """Names, indicators, dimension, profiles, severity range and actions are all valid."""
    p = PROBLEMS[problem_id]
    assert p.zh and p.en and p.action_zh and p.action_en
    assert all(i in REGISTRY for i in p.indicators)
    assert all(prof in PROFILES for prof in p.profiles)
    for prof in p.profiles:
        dim = p.dimension_for(prof)
        assert dim in DIMENSIONS
        assert dim in REGISTRY[p.indicators[0]].dimensions
    lo, hi = p.severity_range
    assert 0 < lo < hi and all(lo <= v <= hi for v in p.severity_default.values())


def _case(problem_id: str, seed: int, profile: str | None = None, size="small", **extra):
    return generate_company(
        profile or first_profile(problem_id), seed=seed, size=size,
        problems=[{"id": problem_id, **extra}], decoys=0, with_indicators=False,
    )  # fmt: skip


@pytest.mark.parametrize("problem_id", sorted(set(IDS) - SPECIAL))
def test_answer_key_entry_moves_in_the_stated_direction(problem_id):
    """The key's own before/after show the planted change, beyond what other segments did."""
    entry = _case(problem_id, seed=11, size="default").key.problems[0]
    sign = 1 if entry.direction == "up" else -1
    # Relative change, so that segments of different sizes (revenue) compare fairly.
    mine = sign * (entry.after / entry.before - 1)
    others = sign * (entry.others_after / entry.others_before - 1)
    assert mine > others + 0.05, entry


def find(case, problem) -> tuple[str, str]:
    """The reference diagnosis of one planted problem, on the public tables of ``case`` only.

    It knows which indicator and dimension to examine (as a module's exercise tells trainees),
    not the segment or the start. Dirty data is found by looking for rows exported twice; a
    problem with a leading indicator is dated by it.
    """
    entry = case.key.problems[0]
    if problem.id == "dirty_data":
        segment, month, _ = duplicated_orders(case.tables)
        return segment, month
    period = Period(
        pd.Timestamp(case.config.start) - pd.DateOffset(months=HISTORY_MONTHS),
        pd.Timestamp(case.config.end),
    )
    segment, month, _ = diagnose(
        case.tables, entry.indicator, entry.dimension, period, entry.direction,
        pulse=problem.duration_months is not None,
    )  # fmt: skip
    if problem.dated_by is not None:
        _, month, _ = diagnose(case.tables, problem.dated_by, entry.dimension, period, "up",
                               only=segment)  # fmt: skip
    return segment, month


@pytest.mark.slow
@pytest.mark.parametrize("problem_id", sorted(set(IDS) - SPECIAL))
def test_reference_diagnosis_finds_segment_and_start_on_seeds_0_to_19(problem_id):
    """A diagnosis on public tables only finds the planted segment and start month (±1)."""
    problem = PROBLEMS[problem_id]
    misses = []
    for seed in range(20):
        case = _case(problem_id, seed)
        entry = case.key.problems[0]
        segment, month = find(case, problem)
        start = pd.Period(entry.start_month, "M")
        if segment != entry.segment or abs((pd.Period(month, "M") - start).n) > 1:
            misses.append((seed, entry.segment, entry.start_month, segment, month))
    assert not misses, misses


@pytest.mark.parametrize("seed", [4, 9])
def test_no_problem_case_has_no_finding_as_strong_as_a_planted_one(seed):
    """Without a planted problem the same diagnosis finds nothing as strong as a planted one."""
    case = generate_company("hotel_chain", seed=seed, size="small", problems=[], decoys=0,
                            with_indicators=False)  # fmt: skip
    period = Period(pd.Timestamp(case.config.start), pd.Timestamp(case.config.end))
    _, _, score = diagnose(case.tables, "csat", "store", period, "down")
    planted = _case("poor_cleaning", seed)
    found, _, planted_score = diagnose(planted.tables, "csat", "store", period, "down")
    assert found == planted.key.problems[0].segment
    assert planted_score > score


@pytest.mark.parametrize("seed", [2, 8])
def test_mix_shift_overall_margin_rises_while_every_category_falls(seed):
    """Simpson's paradox: the company-wide margin goes up, each sizeable category's goes down.

    Categories under 5% of revenue are too small for their margin to be more than noise.
    """
    from generator.indicators import compute

    case = _case("mix_shift_paradox", seed=seed, size="default")
    entry = case.key.problems[0]
    start = pd.Timestamp(entry.start)
    before = (pd.Timestamp(case.config.start), start)
    after = (start, pd.Timestamp(case.config.end))
    overall = [compute("gross_margin", case.tables, p)["value"].iloc[0] for p in (before, after)]
    assert overall[1] > overall[0] + 0.005
    margin = [compute("gross_margin", case.tables, p, by="category") for p in (before, after)]
    sizeable = margin[0]["denominator"] / margin[0]["denominator"].sum() >= 0.05
    change = (margin[1]["value"] - margin[0]["value"])[sizeable]
    assert len(change) >= 3 and (change < 0).all(), change


def test_promo_cohort_churns_more_than_other_cohorts_of_the_same_age():
    """Three months after their first order, far more of the 618 cohort has churned."""
    case = generate_company(
        "ecommerce_retail", seed=3, size=5000, decoys=0, with_indicators=False,
        problems=[{"id": "promo_customers_do_not_return"}],
    )  # fmt: skip
    entry = case.key.problems[0]
    assert entry.dimension == "cohort"
    assert entry.after is not None and entry.before is not None and entry.others_after is not None
    assert entry.after > entry.before + 0.1 and entry.after > entry.others_after + 0.1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id", "no_such_problem", "unknown problem"),
        ("segment", "nowhere", "is not a store of this case"),
        ("start", "2025-12-01", "outside the allowed range"),
        ("severity", 3.0, "outside 0.2 to 1.0"),
    ],
)
def test_bad_problem_specs_name_the_field(field, value, message):
    from generator.config import ConfigError

    spec = {"id": "poor_cleaning", field: value}
    with pytest.raises(ConfigError, match=message) as err:
        generate_company("hotel_chain", size="small", problems=[spec])
    assert err.value.field == f"problems.0.{field}"


def test_problem_for_another_profile_is_refused():
    from generator.config import ConfigError

    with pytest.raises(ConfigError, match="does not apply to hotel_chain; it fits: ecommerce"):
        generate_company("hotel_chain", size="small", problems=[{"id": "bounce_spike"}])


def test_levers_change_nothing_before_the_start():
    """Causality: the same seed with and without the problem agrees before it starts."""
    with_p = _case("slow_response", seed=5, profile="hotel_chain", start="2025-06-01")
    without = generate_company("hotel_chain", seed=5, size="small", problems=[], decoys=0,
                               with_indicators=False)  # fmt: skip
    a, b = with_p.tables["orders"], without.tables["orders"]
    cut = pd.Timestamp("2025-06-01")
    early = a.loc[a["ordered_at"] < cut].reset_index(drop=True)
    pd.testing.assert_frame_equal(early, b.loc[b["ordered_at"] < cut].reset_index(drop=True))
    assert not np.array_equal(a["order_id"].to_numpy(), b["order_id"].to_numpy()) or len(a) != len(
        b
    )
