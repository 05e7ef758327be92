"""Known mistakes of module 1 (sales and traffic)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from generator.indicators import Period

from . import mistake


def _lines(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    return tables["orders"].merge(tables["order_lines"], on="order_id")


@mistake("revenue_includes_refunds")
def revenue_includes_refunds(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Paid and refunded orders in the period both counted as revenue."""
    lines = _lines(tables)
    keep = lines["status"].isin(["paid", "refunded"]) & period.contains(lines["paid_at"])
    return float(lines.loc[keep, "amount"].sum())


@mistake("revenue_whole_file")
def revenue_whole_file(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Paid orders of every month in the file, history months included."""
    lines = _lines(tables)
    return float(lines.loc[lines["status"] == "paid", "amount"].sum())
