"""Employees: teams of reps, agents, recruiters and managers, with a hidden skill."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import pools
from ..rng import Stream, stream
from ..schema.frames import conform
from ..world import World


@dataclass(frozen=True)
class TeamSpec:
    team: str
    role: str
    size: int
    region: str | None = None
    store_id: str | None = None


def build_employees(world: World, teams: list[TeamSpec]) -> None:
    """Fill ``employees`` and ``world.hidden['employees']`` (skill: 1 = typical, higher = better)."""
    rng = stream(world.seed, Stream.EMPLOYEES)
    n = sum(t.size for t in teams)
    spec = [t for t in teams for _ in range(t.size)]
    hired_days = rng.integers(60, 6 * 365, size=n)
    frame = {
        "employee_id": [f"E{i + 1:04d}" for i in range(n)],
        "name": pools.person_names(rng, n, world.config.locale),
        "role": [t.role for t in spec],
        "team": [t.team for t in spec],
        "region": [t.region for t in spec],
        "store_id": [t.store_id for t in spec],
        "hired_at": (world.start - pd.to_timedelta(hired_days, unit="D")).normalize(),
    }
    world.tables["employees"] = conform("employees", frame)
    world.hidden["employees"] = pd.DataFrame(
        {
            "employee_id": frame["employee_id"],
            "team": frame["team"],
            "role": frame["role"],
            "skill": rng.lognormal(0.0, 0.2, size=n),
        }
    )


def members(world: World, role: str) -> pd.DataFrame:
    """Hidden rows (id, team, skill) of the employees with ``role``."""
    staff = world.hidden["employees"]
    return staff.loc[staff["role"] == role].reset_index(drop=True)
