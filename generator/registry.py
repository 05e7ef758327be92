"""Self-registering extension points: industry profiles and planted problems.

Each profile and each problem is one module in its package that calls ``register`` at import; the
package is scanned, so adding one touches no central list.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Literal

import pandas as pd

if TYPE_CHECKING:
    from .config import CaseConfig
    from .world import World


@dataclass(frozen=True)
class Profile:
    """An industry: which tables it has, how big it is, and how its company is simulated."""

    name: str
    zh: str
    en: str
    tables: tuple[str, ...]
    #: Customers for the size presets small / default / large.
    sizes: dict[str, int]
    #: Dimensions the answer key cuts each indicator by (where the indicator supports them).
    dimensions: tuple[str, ...]
    #: Indicators printed by ``kpilab demo``.
    headline: tuple[str, ...]
    #: Segment values a problem may target, per dimension, known before simulating.
    segments: Callable[[CaseConfig], dict[str, list[str]]]
    simulate: Callable[[World], None]


@dataclass(frozen=True)
class Problem:
    """A planted problem: a cause pulled on one segment from one date, and what it moves."""

    id: str
    zh: str
    en: str
    profiles: tuple[str, ...]
    #: Indicators it moves; the first is the one a diagnosis names.
    indicators: tuple[str, ...]
    #: Dimension whose value is the affected segment (region, store, team, category...).
    dimension: str
    direction: Literal["up", "down"]
    #: Allowed severity range and the default per difficulty (easy, normal, hard).
    severity_range: tuple[float, float]
    severity_default: dict[str, float]
    action_zh: str
    action_en: str
    plant: Callable[[World, PlantedSpec], None]
    #: Profiles whose segments for this problem differ from the default dimension.
    dimension_by_profile: dict[str, str] = field(default_factory=dict)
    #: An indicator that moves first and so dates the start better than the main one, for a
    #: problem whose main indicator can only show the change late.
    dated_by: str | None = None
    #: Key of the profile's segment options when it differs from the dimension (e.g. ad_channel).
    options: str | None = None
    #: For a problem bound to an event (a 大促), the start it takes when none is given.
    start_hint: Callable[[CaseConfig], object] | None = None
    #: Months of the period that must follow the start for the effect to show (leads need time
    #: to sign, churn needs its activity window).
    min_after_months: int = 2
    #: Months the cause lasts; None = until the period ends.
    duration_months: int | None = None
    #: For problems of the data export itself: edits the finished tables.
    corrupt: Callable[[World, PlantedSpec], None] | None = None
    #: Replaces the usual before/after comparison (segment vs others, months before vs after the
    #: start) where that would mislead, e.g. a cohort compared with cohorts of the same age.
    summarize: Callable[[World, PlantedSpec], dict[str, float | None]] | None = None

    def dimension_for(self, profile: str) -> str:
        return self.dimension_by_profile.get(profile, self.dimension)

    def options_key(self, profile: str) -> str:
        return self.options or self.dimension_for(profile)

    def default_start(self, config: CaseConfig) -> object:
        return None if self.start_hint is None else self.start_hint(config)

    def end_of(self, start: pd.Timestamp) -> pd.Timestamp | None:
        if self.duration_months is None:
            return None
        return start + pd.DateOffset(months=self.duration_months)


@dataclass(frozen=True)
class PlantedSpec:
    """A problem's resolved parameters: segment, start and severity all fixed."""

    problem: str
    segment: str
    start: object  # pandas.Timestamp
    severity: float


PROFILES: dict[str, Profile] = {}
PROBLEMS: dict[str, Problem] = {}


def register_profile(profile: Profile) -> Profile:
    if profile.name in PROFILES:
        raise ValueError(f"profile {profile.name!r} registered twice")
    PROFILES[profile.name] = profile
    return profile


def register_problem(problem: Problem) -> Problem:
    if problem.id in PROBLEMS:
        raise ValueError(f"problem {problem.id!r} registered twice")
    PROBLEMS[problem.id] = problem
    return problem


def _scan(package: ModuleType) -> None:
    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{package.__name__}.{info.name}")


def load_all() -> None:
    """Import every profile and problem module (idempotent)."""
    from . import problems, profiles

    _scan(profiles)
    _scan(problems)
