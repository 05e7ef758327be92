"""Known mistakes of module 4 (sales support and service)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from generator.indicators import Period

from . import mistake


def _minutes(tickets: pd.DataFrame) -> pd.Series:
    return (tickets["first_response_at"] - tickets["created_at"]).dt.total_seconds() / 60


@mistake("response_mean_not_median")
def response_mean_not_median(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """The mean response time instead of the median."""
    t = tables["support_tickets"]
    t = t.loc[period.contains(t["created_at"])]
    return float(_minutes(t).mean())


@mistake("response_whole_file")
def response_whole_file(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """The median over every ticket in the file, history months included."""
    return float(_minutes(tables["support_tickets"]).median())


@mistake("csat_mean_score")
def csat_mean_score(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """The mean 1–5 score instead of the share of 4s and 5s."""
    s = tables["survey_responses"]
    s = s.loc[period.contains(s["responded_at"]) & s["csat"].notna()]
    return float(s["csat"].mean())
