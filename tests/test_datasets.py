"""The shipped example cases are exactly what the generator produces today."""

from __future__ import annotations

import json
from pathlib import Path

from generator.datasets import EXAMPLES, stale
from generator.output import fingerprint

ROOT = Path(__file__).resolve().parents[1] / "datasets"


def test_every_example_is_shipped_with_its_answer_key():
    for name in EXAMPLES:
        key = json.loads((ROOT / name / "instructor/answer_key.json").read_text(encoding="utf-8"))
        assert key["fingerprint"] == fingerprint(ROOT / name)
        assert key["config"]["profile"] == EXAMPLES[name]["profile"]


def test_capstone_has_several_problems_and_decoys():
    key = json.loads((ROOT / "capstone/instructor/answer_key.json").read_text(encoding="utf-8"))
    assert len(key["problems"]) >= 3 and len(key["decoys"]) >= 2


def test_examples_match_a_fresh_generation():
    """Fails when the generator changed without `kpilab datasets` being run."""
    assert stale(ROOT) == []
