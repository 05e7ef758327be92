"""Case configuration: what a trainer asks the generator for, validated with pydantic.

A config comes from keyword arguments, the command line, or a TOML / YAML file; every field has a
description, unknown fields are refused, and :func:`config_json_schema` exports the JSON Schema.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

ProfileName = Literal[
    "ecommerce_retail", "hotel_chain", "pharma_distribution", "financial_services",
    "manufacturing_b2b",
]  # fmt: skip
Size = Literal["small", "default", "large"]
Difficulty = Literal["easy", "normal", "hard"]
Locale = Literal["zh_CN", "en_US"]


class ConfigError(ValueError):
    """A configuration that cannot be generated; the message names the field and what is allowed."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


class ProblemSpec(BaseModel):
    """One planted problem and where it strikes."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Planted problem id, e.g. churn_spike (see `kpilab problems`).")
    segment: str | None = Field(
        default=None,
        description="Value of the problem's segment dimension (a region code, hotel id, team, "
        "category...); chosen from the seed when omitted.",
    )
    start: dt.date | None = Field(
        default=None,
        description="First day of the change; must leave at least two months before and after "
        "it inside the period. Chosen from the seed when omitted.",
    )
    severity: float | None = Field(
        default=None,
        description="Strength of the cause, in the problem's own range (see `kpilab problems`); "
        "the difficulty's default when omitted.",
    )


class CaseConfig(BaseModel):
    """Everything that decides a generated case; same config and version → same bytes."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = Field(default=1, description="Config format version.")
    profile: ProfileName = Field(default="ecommerce_retail", description="Industry profile.")
    seed: int = Field(default=0, ge=0, le=2**32 - 1, description="Random seed (0 to 2^32−1).")
    size: Size | int = Field(
        default="default",
        description="small, default or large, or an exact number of customers (50 to 500000).",
    )
    start: dt.date = Field(
        default=dt.date(2025, 1, 1), description="First day of the period (a month's first day)."
    )
    months: int = Field(default=12, ge=6, le=24, description="Length of the period in months.")
    locale: Locale = Field(default="zh_CN", description="Language of names and free text.")
    difficulty: Difficulty = Field(
        default="normal",
        description="easy / normal / hard: signal against noise, and how many problems and decoys "
        "a preset case carries.",
    )
    problems: list[ProblemSpec] | None = Field(
        default=None,
        description="Problems to plant; omitted = a preset chosen from the seed and difficulty; "
        "[] = none.",
    )
    decoys: int | None = Field(
        default=None, ge=0, le=5, description="Number of decoys; omitted = the difficulty's preset."
    )

    def model_post_init(self, context: Any, /) -> None:
        if isinstance(self.size, int) and not 50 <= self.size <= 500_000:
            raise ConfigError("size", "must be small, default, large or 50 to 500000 customers")
        if self.start.day != 1:
            raise ConfigError("start", "must be the first day of a month, e.g. 2025-01-01")

    @property
    def end(self) -> dt.date:
        """The day after the period (exclusive end)."""
        month = self.start.month - 1 + self.months
        return dt.date(self.start.year + month // 12, month % 12 + 1, 1)


def _first_error(err: ValidationError, source: str = "") -> ConfigError:
    e = err.errors()[0]
    field = ".".join(str(p) for p in e["loc"]) or "config"
    msg = e["msg"]
    if e["type"] == "extra_forbidden":
        allowed = ", ".join(CaseConfig.model_fields) if len(e["loc"]) == 1 else ", ".join(
            ProblemSpec.model_fields
        )  # fmt: skip
        msg = f"unknown field; allowed: {allowed}"
    elif e["type"] == "literal_error":
        msg = f"{msg}"
    prefix = f"{source}: " if source else ""
    return ConfigError(f"{prefix}{field}", msg)


def make_config(**values: Any) -> CaseConfig:
    """Validate keyword values into a :class:`CaseConfig`, raising :class:`ConfigError`."""
    try:
        return CaseConfig.model_validate(values)
    except ValidationError as err:
        raise _first_error(err) from None


def load_config(path: Path, **overrides: Any) -> CaseConfig:
    """Read a TOML (``.toml``) or YAML (``.yaml`` / ``.yml``) case file; ``overrides`` win."""
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise ConfigError(str(path), f"cannot read the file ({err.strerror})") from None
    try:
        if suffix == ".toml":
            raw = tomllib.loads(text)
        elif suffix in (".yaml", ".yml"):
            raw = yaml.safe_load(text) or {}
        else:
            raise ConfigError(str(path), "config files must end in .toml, .yaml or .yml")
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as err:
        first = str(err).splitlines()[0]
        raise ConfigError(str(path), f"not valid {suffix[1:].upper()}: {first}") from None
    if not isinstance(raw, dict):
        raise ConfigError(str(path), "the file must hold a table / mapping of fields")
    raw.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return CaseConfig.model_validate(raw)
    except ValidationError as err:
        raise _first_error(err, str(path)) from None


def config_json_schema() -> str:
    """The JSON Schema of case files, for editors and other tools."""
    return json.dumps(CaseConfig.model_json_schema(), ensure_ascii=False, indent=2)
