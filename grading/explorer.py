"""The indicator explorer: pick an indicator, a dimension and a range of months; the chart updates.

It draws each segment's monthly value against the whole company's, the way an analyst would look
for a segment that drifts away after some month. It marks nothing and names no problem: finding
one is the trainee's job.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import pandas as pd

from generator.indicators import DIMENSIONS, Period, catalogue, compute

#: Segments drawn at most (the largest by volume); the rest would be unreadable.
MAX_LINES = 8


def _months(data: Mapping[str, pd.DataFrame], period: tuple[str, str] | None) -> list[str]:
    if period is not None:
        return [m.label for m in Period.parse(period).split_months()]
    orders = data.get("orders")
    source = orders["ordered_at"] if orders is not None and "ordered_at" in orders else None
    if source is None:
        for df in data.values():
            times = df.select_dtypes("datetime")
            if len(times.columns):
                source = times.iloc[:, 0]
                break
    if source is None or source.dropna().empty:
        raise ValueError("no dated table to take the months from")
    months = pd.period_range(source.min(), source.max(), freq="M")
    return [str(m) for m in months]


class Explorer:
    """Widgets and chart of the explorer; ``.widget`` is what the notebook displays."""

    def __init__(
        self,
        data: Mapping[str, pd.DataFrame],
        module: int | None = None,
        lang: str = "zh",
        period: tuple[str, str] | None = None,
    ) -> None:
        import ipywidgets as w

        self.data = data
        self.lang = lang
        zh = lang == "zh"
        self.indicators = [i for i in catalogue(module) if all(t in data for t in i.tables)] or [
            i for i in catalogue() if all(t in data for t in i.tables)
        ]
        self.months = _months(data, period)
        self.indicator = w.Dropdown(
            options=[(f"{i.zh if zh else i.en} ({i.id})", i.id) for i in self.indicators],
            description="指标" if zh else "Indicator",
        )
        self.dimension = w.Dropdown(description="维度" if zh else "Dimension")
        self.range = w.SelectionRangeSlider(
            options=self.months,
            index=(0, len(self.months) - 1),
            description="月份" if zh else "Months",
            layout=w.Layout(width="90%"),
        )
        # The chart is a PNG in an Image widget: it updates in place, in any front end.
        self.chart = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self._dimension_options()
        self.indicator.observe(self._on_indicator, names="value")
        self.dimension.observe(lambda _: self.draw(), names="value")
        self.range.observe(lambda _: self.draw(), names="value")
        self.widget = w.VBox([w.HBox([self.indicator, self.dimension]), self.range, self.chart])
        self.draw()

    def _on_indicator(self, _change: object) -> None:
        self._dimension_options()
        self.draw()

    def _dimension_options(self) -> None:
        zh = self.lang == "zh"
        ind = next(i for i in self.indicators if i.id == self.indicator.value)
        none = ("（不切分）" if zh else "(none)", "")
        self.dimension.options = [
            none,
            *[(DIMENSIONS[d][0 if zh else 1], d) for d in ind.dimensions if d in DIMENSIONS],
        ]
        self.dimension.value = ""

    def series(self) -> pd.DataFrame:
        """Monthly values: one column per segment (largest first) plus the company's."""
        first, last = self.range.value
        months = self.months[self.months.index(first) : self.months.index(last) + 1]
        ind, dim = self.indicator.value, self.dimension.value or None
        rows: dict[str, pd.Series] = {}
        total_label = "全公司" if self.lang == "zh" else "company"
        volume: pd.Series | None = None
        for m in months:
            overall = compute(ind, self.data, m)
            cols = {total_label: float(overall["value"].iloc[0])}
            if dim:
                cut = compute(ind, self.data, m, by=dim)
                cols.update({str(k): float(v) for k, v in cut["value"].items()})
                den = cut["denominator"].astype(float).fillna(0)
                volume = den if volume is None else volume.add(den, fill_value=0)
            rows[m] = pd.Series(cols)
        frame = pd.DataFrame(rows).T
        if volume is not None:
            keep = volume.sort_values(ascending=False).index[:MAX_LINES]
            frame = frame[[total_label, *[str(k) for k in keep if k in frame.columns]]]
        return frame

    def draw(self) -> None:
        from matplotlib.figure import Figure

        from .charts import use_cjk_font

        use_cjk_font()
        frame = self.series()
        # A bare Figure (not pyplot): nothing is shown twice and nothing leaks between redraws.
        fig = Figure(figsize=(9, 4))
        ax = fig.subplots()
        for i, col in enumerate(frame.columns):
            if i == 0:  # the company's line, for reference
                ax.plot(frame.index, frame[col], "k--", marker="o", linewidth=2, label=str(col))
            else:
                ax.plot(frame.index, frame[col], marker="o", label=str(col))
        ax.set_title(self.indicator.label)
        ax.tick_params(axis="x", rotation=45)
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8)
        ax.grid(alpha=0.3)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=100)
        self.chart.value = buf.getvalue()

    def state(self) -> dict[str, Any]:
        """What is selected (for tests)."""
        return {
            "indicator": self.indicator.value,
            "dimension": self.dimension.value,
            "range": self.range.value,
        }
