"""The simulated company while it is being built: its config, calendar, tables and causal levers.

A planted problem never edits finished rows. It pulls a *lever* (a multiplier on a hidden cause,
for some segment from some date), and the profile's simulation reads the levers when it draws
events, so the symptoms follow the cause the way they would in a real company.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .calendar import build_calendar
from .config import CaseConfig
from .indicators import Period

#: Months simulated and exported before the reporting period.
HISTORY_MONTHS = 3


@dataclass(frozen=True)
class Lever:
    """Multiply cause ``name`` by ``factor`` for rows matching ``where`` from ``start`` on."""

    name: str
    factor: float
    start: pd.Timestamp
    where: tuple[tuple[str, str], ...] = ()
    end: pd.Timestamp | None = None


@dataclass
class Levers:
    """All levers pulled in a case; the simulation asks for the combined factor per row."""

    items: list[Lever] = field(default_factory=list)

    def pull(
        self,
        name: str,
        factor: float,
        start: pd.Timestamp,
        end: pd.Timestamp | None = None,
        **where: str,
    ) -> None:
        self.items.append(Lever(name, float(factor), start, tuple(sorted(where.items())), end))

    def factor(self, name: str, times: Any, **columns: Any) -> np.ndarray:
        """The product of every matching lever's factor for each row (1 where none applies).

        ``times`` are the rows' timestamps; ``columns`` give the rows' values of the columns a
        lever may filter on. A lever filtering on a column the caller did not pass is skipped, so
        the simulation decides where each cause can act.
        """
        levers = [
            lever for lever in self.items
            if lever.name == name and all(k in columns for k, _ in lever.where)
        ]  # fmt: skip
        if not levers:
            return np.ones(len(times), dtype="float64")
        t = np.asarray(times)
        if t.dtype.kind != "M":
            t = pd.to_datetime(pd.Series(t)).to_numpy()
        out = np.ones(len(t), dtype="float64")
        for lever in levers:
            mask = t >= np.datetime64(lever.start)
            if lever.end is not None:
                mask &= t < np.datetime64(lever.end)
            for key, wanted in lever.where:
                mask &= np.asarray(columns[key]) == wanted
            out[mask] *= lever.factor
        return out

    def active(self, name: str) -> bool:
        return any(lever.name == name for lever in self.items)


@dataclass
class World:
    """A case under construction."""

    config: CaseConfig
    n_customers: int
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    levers: Levers = field(default_factory=Levers)
    #: Hidden state the simulation shares between steps (traits, latent satisfaction...).
    hidden: dict[str, Any] = field(default_factory=dict)
    #: Sentences for the data dictionary about what was sampled or simplified.
    notes_zh: list[str] = field(default_factory=list)
    notes_en: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        #: The reporting period trainees analyse (the config's).
        self.report = Period(pd.Timestamp(self.config.start), pd.Timestamp(self.config.end))
        # The company is simulated, and exported, from a few months earlier, so that who was an
        # active customer, a recent buyer or a first-time buyer at the period's start is known.
        self.start = self.report.start - pd.DateOffset(months=HISTORY_MONTHS)
        self.end = self.report.end
        #: The simulated span: the history months and the reporting period.
        self.period = Period(self.start, self.end, "range")
        self.calendar = build_calendar(self.start, self.end)
        self.notes_zh.append(
            f"数据从分析期开始前{HISTORY_MONTHS}个月开始，便于判断期初的活跃客户、上月购买和首购时间。"
        )
        self.notes_en.append(
            f"The data starts {HISTORY_MONTHS} months before the analysis period, so that active "
            "customers, last month's buyers and first purchases at its start are known."
        )

    @property
    def seed(self) -> int:
        return self.config.seed

    @property
    def signal(self) -> float:
        """How strongly problems show against noise: easy 1.4, normal 1.0, hard 0.7."""
        return {"easy": 1.4, "normal": 1.0, "hard": 0.7}[self.config.difficulty]

    def months(self) -> list[Period]:
        return self.period.split_months()
