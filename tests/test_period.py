"""Reporting periods: parsing, previous period, year ago, month split."""

from __future__ import annotations

import pandas as pd
import pytest

from generator.indicators import Period, PeriodError


@pytest.mark.parametrize(
    ("spec", "start", "end", "label"),
    [
        ("2025-03", "2025-03-01", "2025-04-01", "2025-03"),
        ("2025-12", "2025-12-01", "2026-01-01", "2025-12"),
        ("2025-Q2", "2025-04-01", "2025-07-01", "2025-Q2"),
        ("2025", "2025-01-01", "2026-01-01", "2025"),
        ("2025-03-10/2025-03-20", "2025-03-10", "2025-03-20", "2025-03-10/2025-03-20"),
    ],
)
def test_parse(spec, start, end, label):
    p = Period.parse(spec)
    assert (p.start, p.end, p.label) == (pd.Timestamp(start), pd.Timestamp(end), label)


def test_previous_and_year_ago():
    assert Period.parse("2025-03").previous().label == "2025-02"
    assert Period.parse("2025-01").previous().label == "2024-12"
    assert Period.parse("2025-Q1").previous().label == "2024-Q4"
    assert Period.parse("2025-03").year_ago().label == "2024-03"
    r = Period.parse("2025-03-10/2025-03-20").previous()
    assert (r.start, r.end) == (pd.Timestamp("2025-02-28"), pd.Timestamp("2025-03-10"))


def test_months_and_days():
    assert Period.parse("2024-02").days == 29
    assert Period.parse("2025").months == 12.0
    assert Period.parse("2025-03-01/2025-03-31").months == pytest.approx(30 / 30.4375)


def test_split_months_clips_partial_months():
    parts = Period.parse("2025-01-15/2025-03-01").split_months()
    assert [p.label for p in parts] == ["2025-01-15/2025-02-01", "2025-02"]


@pytest.mark.parametrize("spec", ["2025-13", "March", "2025-03-05/2025-03-01", ""])
def test_bad_periods_raise_clear_errors(spec):
    with pytest.raises(PeriodError):
        Period.parse(spec)


def test_contains_is_half_open():
    p = Period.parse("2025-03")
    times = pd.Series(
        pd.to_datetime(["2025-02-28 23:59", "2025-03-01", "2025-04-01", None], format="ISO8601")
    )
    assert p.contains(times).tolist() == [False, True, False, False]
