"""Known mistakes of module 5 (merchant recruitment and account management)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from generator.indicators import Period

from . import mistake


@mistake("conversion_over_closed")
def conversion_over_closed(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Signed ÷ (signed + lost): open leads left out of the denominator."""
    leads = tables["leads"]
    leads = leads.loc[period.contains(leads["created_at"])]
    closed = leads["stage"].isin(["signed", "lost"])
    return float((leads.loc[closed, "stage"] == "signed").mean())


@mistake("conversion_whole_file")
def conversion_whole_file(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Signed share of every lead in the file, history included."""
    return float((tables["leads"]["stage"] == "signed").mean())
