"""``generate_company``: the one obvious call that builds a case and its answer key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import __version__
from .answer_key import (
    AnswerKey,
    ProblemEntry,
    clean,
    indicator_entries,
    overall_shift,
    segment_shift,
)
from .config import CaseConfig, ConfigError, make_config
from .decoys import find_decoys
from .indicators import REGISTRY
from .registry import PROBLEMS, PROFILES, PlantedSpec, Problem, load_all
from .rng import Stream, stream
from .schema import check
from .world import World

#: Problems and decoys in a preset case, by difficulty.
PRESET_COUNTS = {"easy": (1, 0), "normal": (2, 1), "hard": (3, 2)}

Progress = Callable[[str], None]


@dataclass
class Case:
    """A generated company: its public tables, the answer key and data-dictionary notes."""

    config: CaseConfig
    tables: dict[str, pd.DataFrame]
    key: AnswerKey
    notes_zh: list[str]
    notes_en: list[str]


def n_customers(config: CaseConfig) -> int:
    profile = PROFILES[config.profile]
    return config.size if isinstance(config.size, int) else profile.sizes[config.size]


def _resolve(config: CaseConfig) -> list[PlantedSpec]:
    """Fix every planted problem's segment, start and severity, validating what was given."""
    load_all()
    profile = PROFILES[config.profile]
    options = profile.segments(config)
    start, end = pd.Timestamp(config.start), pd.Timestamp(config.end)
    rng = stream(config.seed, Stream.PROBLEMS)
    if config.problems is None:
        fitting = sorted(p.id for p in PROBLEMS.values() if config.profile in p.profiles)
        count = min(PRESET_COUNTS[config.difficulty][0], len(fitting))
        chosen = [
            {"id": fitting[i]} for i in sorted(rng.choice(len(fitting), count, replace=False))
        ]
    else:
        chosen = [p.model_dump(exclude_none=True) for p in config.problems]
    out = []
    used: set[tuple[str, str]] = set()
    for i, raw in enumerate(chosen):
        where = f"problems.{i}"
        problem = PROBLEMS.get(raw["id"])
        if problem is None:
            known = ", ".join(sorted(PROBLEMS))
            raise ConfigError(f"{where}.id", f"unknown problem {raw['id']!r}; known: {known}")
        if config.profile not in problem.profiles:
            fits = ", ".join(problem.profiles)
            raise ConfigError(
                f"{where}.id", f"{problem.id} does not apply to {config.profile}; it fits: {fits}"
            )
        dim = problem.dimension_for(config.profile)
        allowed = options.get(problem.options_key(config.profile), [])
        segment = raw.get("segment")
        if segment is None:
            free = [s for s in allowed if (dim, s) not in used] or allowed
            segment = free[int(rng.integers(len(free)))]
        elif segment not in allowed:
            raise ConfigError(
                f"{where}.segment", f"{segment!r} is not a {dim} of this case; allowed: "
                + ", ".join(allowed),
            )  # fmt: skip
        used.add((dim, segment))
        first = start + pd.DateOffset(months=2)
        last = end - pd.DateOffset(months=max(2, problem.min_after_months))
        when = raw.get("start")
        if when is None:
            months = pd.date_range(first, last, freq="MS")
            when = problem.default_start(config) or months[int(rng.integers(len(months)))]
        when = pd.Timestamp(str(when))
        if not first <= when <= last:
            raise ConfigError(
                f"{where}.start",
                f"{when.date()} is outside the allowed range {first.date()} to {last.date()} "
                f"(two months before and {max(2, problem.min_after_months)} after must stay "
                "inside the period)",
            )
        lo, hi = problem.severity_range
        severity = raw.get("severity", problem.severity_default[config.difficulty])
        if not lo <= severity <= hi:
            raise ConfigError(f"{where}.severity", f"{severity} is outside {lo} to {hi}")
        out.append(PlantedSpec(problem.id, segment, when, float(severity)))
    return out


def _entry(problem: Problem, spec: PlantedSpec, world: World) -> ProblemEntry:
    dim = problem.dimension_for(world.config.profile)
    start = pd.Timestamp(spec.start)  # type: ignore[arg-type]
    end = problem.end_of(start)
    if problem.summarize is not None:
        main = problem.summarize(world, spec)
    else:
        main = segment_shift(
            world.tables, problem.indicators[0], dim, spec.segment, start, world.report, end
        )
    moved = {}
    for other in problem.indicators:
        if dim in REGISTRY[other].dimensions and all(
            t in world.tables for t in REGISTRY[other].tables
        ):
            s = (
                main  # the same shift, already taken
                if other == problem.indicators[0] and problem.summarize is None
                else segment_shift(world.tables, other, dim, spec.segment, start, world.report, end)
            )
            moved[other] = {"before": s["before"], "after": s["after"]}
    overall = overall_shift(world.tables, problem.indicators[0], start, world.report, end)
    before, after = main["before"], main["after"]
    effect = None if before is None or after is None else clean(after - before)
    relative = None if effect is None or not before else clean(effect / before)
    return ProblemEntry(
        id=problem.id, title_zh=problem.zh, title_en=problem.en, indicator=problem.indicators[0],
        indicators=list(problem.indicators), dimension=dim, segment=spec.segment,
        start=start.date(), start_month=start.strftime("%Y-%m"),
        end=None if end is None else end.date(), direction=problem.direction,
        severity=spec.severity, before=before, after=after, effect=effect,
        relative_effect=relative, others_before=main["others_before"],
        others_after=main["others_after"], overall_before=overall[0],
        overall_after=overall[1], moved=moved, action_zh=problem.action_zh,
        action_en=problem.action_en,
    )  # fmt: skip


def generate_company(
    profile: str = "ecommerce_retail",
    seed: int = 0,
    *,
    config: CaseConfig | None = None,
    progress: Progress | None = None,
    with_indicators: bool = True,
    **options: Any,
) -> Case:
    """Simulate a company with planted problems and compute its answer key.

    Parameters
    ----------
    profile, seed
        Industry profile and random seed (ignored when ``config`` is given).
    config
        A full :class:`CaseConfig` (e.g. from :func:`generator.config.load_config`).
    progress
        Called with a short label after each step (for a progress bar): ``simulate``,
        ``problems``, ``decoys``, then each indicator of the key.
    with_indicators
        Compute every indicator for the answer key (the slow part). Off, the key lists only the
        planted problems and decoys: for quick experiments, never for a case handed out.
    **options
        Other config fields: size, start, months, locale, difficulty, problems, decoys.

    Examples
    --------
    >>> case = generate_company("hotel_chain", seed=7, size="small")  # doctest: +SKIP
    >>> sorted(case.tables)[:3]  # doctest: +SKIP
    ['customers', 'employees', 'expenses']
    """
    load_all()
    config = config or make_config(profile=profile, seed=seed, **options)
    tick = progress or (lambda label: None)
    specs = _resolve(config)
    world = World(config, n_customers(config))
    for spec in specs:
        PROBLEMS[spec.problem].plant(world, spec)
    prof = PROFILES[config.profile]
    prof.simulate(world)
    tick("simulate")
    for spec in specs:
        problem = PROBLEMS[spec.problem]
        if problem.corrupt is not None:
            problem.corrupt(world, spec)
    tables = {name: world.tables[name] for name in prof.tables if name in world.tables}
    check(tables)
    world.tables = tables
    entries = [_entry(PROBLEMS[s.problem], s, world) for s in specs]
    tick("problems")
    n_decoys = config.decoys if config.decoys is not None else PRESET_COUNTS[config.difficulty][1]
    decoys = find_decoys(world, specs, n_decoys)
    tick("decoys")
    indicators = (
        indicator_entries(tables, world.report, prof.dimensions, progress=tick)
        if with_indicators
        else []
    )
    key = AnswerKey(
        generator_version=__version__, seed=config.seed, config=config, fingerprint="",
        period_start=config.start, period_end=config.end, indicators=indicators,
        problems=entries, decoys=decoys,
    )  # fmt: skip
    return Case(config, tables, key, world.notes_zh, world.notes_en)
