"""The explorer: its widgets drive the chart, and the chart shows the reference values."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from generator.indicators import compute
from generator.output import read_case
from grading.explorer import Explorer

DATASETS = Path(__file__).resolve().parent.parent / "datasets"


@pytest.fixture(scope="module")
def data() -> dict:
    return read_case(DATASETS / "ecommerce_retail")


def test_series_follow_the_widgets(data: dict) -> None:
    ex = Explorer(data, module=1, lang="zh", period=("2025-01-01", "2026-01-01"))
    assert ex.months[0] == "2025-01" and len(ex.months) == 12
    ex.indicator.value = "bounce_rate"
    assert [v for _, v in ex.dimension.options] == ["", "channel", "device", "landing_page"]
    ex.dimension.value = "device"
    ex.range.value = ("2025-03", "2025-05")
    frame = ex.series()
    assert list(frame.index) == ["2025-03", "2025-04", "2025-05"]
    expected = compute("bounce_rate", data, "2025-04", by="device")["value"]
    for device, value in expected.items():
        assert math.isclose(frame.loc["2025-04", str(device)], value)
    overall = compute("bounce_rate", data, "2025-04")["value"].iloc[0]
    assert math.isclose(frame.loc["2025-04", "全公司"], overall)


def test_drawing_produces_a_figure(data: dict) -> None:
    ex = Explorer(data, module=2, lang="en", period=("2025-01-01", "2026-01-01"))
    before = bytes(ex.chart.value)
    assert before.startswith(b"\x89PNG")
    ex.dimension.value = ex.dimension.options[1][1]
    assert bytes(ex.chart.value).startswith(b"\x89PNG") and bytes(ex.chart.value) != before
    assert ex.state()["dimension"] == ex.dimension.options[1][1]
    assert ex.indicator.description == "Indicator"
