"""Segment choices the profiles share."""

from __future__ import annotations

#: Regions with enough customers for a regional problem to be seen (not the small north-east and
#: north-west).
MAJOR_REGIONS = ["north", "east", "central", "south", "southwest"]


def major(shares: dict[str, float], least: float = 0.15) -> list[str]:
    """Categories big enough for a problem in them to matter (and to be seen)."""
    return [code for code, share in shares.items() if share >= least]
