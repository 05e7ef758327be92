"""The example cases shipped in ``datasets/``: one small case per profile and a capstone case.

``kpilab datasets`` regenerates them all from :data:`EXAMPLES`; ``--check`` only verifies that
the shipped files are exactly what the generator produces.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .api import generate_company
from .export import save_case
from .output import fingerprint

#: name → config of every shipped example (sizes kept small: they live in the repository).
EXAMPLES: dict[str, dict[str, Any]] = {
    "ecommerce_retail": {"profile": "ecommerce_retail", "seed": 101, "size": 800},
    "hotel_chain": {"profile": "hotel_chain", "seed": 102, "size": 1500},
    "pharma_distribution": {"profile": "pharma_distribution", "seed": 103, "size": 300},
    "financial_services": {"profile": "financial_services", "seed": 104, "size": 600},
    "manufacturing_b2b": {"profile": "manufacturing_b2b", "seed": 105, "size": 300},
    "capstone": {"profile": "ecommerce_retail", "seed": 106, "size": 1000, "difficulty": "hard"},
}


def build(root: Path, name: str, progress: Callable[[str], None] | None = None) -> Path:
    """(Re)write the example ``name`` under ``root``."""
    case = generate_company(**EXAMPLES[name], progress=progress)
    return save_case(case, root / name, overwrite=(root / name / "data").is_dir())


def stale(root: Path) -> list[str]:
    """Names of the examples whose shipped files differ from a fresh generation."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in EXAMPLES:
            fresh = build(Path(tmp), name)
            shipped = root / name
            same = (shipped / "data").is_dir() and fingerprint(shipped) == fingerprint(fresh)
            for f in ("answer_key.json", "answer_key.md", "answer_key.en.md"):
                a, b = shipped / "instructor" / f, fresh / "instructor" / f
                same = same and a.is_file() and a.read_bytes() == b.read_bytes()
            if not same:
                out.append(name)
    return out
