"""Shared defaults of planted problems."""

from __future__ import annotations

import pandas as pd

#: Severity range and per-difficulty defaults shared by most problems.
SEVERITY = (0.2, 1.0)
DEFAULTS = {"easy": 0.9, "normal": 0.65, "hard": 0.45}


def ts(value: object) -> pd.Timestamp:
    return pd.Timestamp(value)  # type: ignore[arg-type]
