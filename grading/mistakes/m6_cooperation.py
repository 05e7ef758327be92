"""Known mistakes of module 6 (cooperation index, 配合度指数)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from generator.indicators import Period

from . import mistake

_WEIGHTS = pd.Series({"p": 0.4, "f": 0.3, "q": 0.3})


def _rows(tables: Mapping[str, pd.DataFrame], period: Period | None) -> pd.DataFrame:
    """Interaction rows (of the period, or of the whole file) with region, joined and score."""
    rows = tables["interactions"]
    if period is not None:
        rows = rows.loc[period.contains(rows["scheduled_at"])]
    customers = tables["customers"][["customer_id", "region"]]
    rows = rows.merge(customers, on="customer_id", how="left")
    graded = rows["participated"] & rows["feedback_submitted"]
    return rows.assign(
        joined=rows["invited"] & rows["participated"],
        score=rows["feedback_quality"].where(graded, 0.0).fillna(0.0),
    )


def _accounts(tables: Mapping[str, pd.DataFrame], period: Period) -> pd.DataFrame:
    """One row per account: p, f, q and region."""
    rows = _rows(tables, period)
    acc = rows.groupby("customer_id").agg(
        invited_n=("invited", "sum"),
        joined_n=("joined", "sum"),
        held_n=("participated", "sum"),
        score=("score", "sum"),
        region=("region", "first"),
    )
    acc["p"] = acc["joined_n"] / acc["invited_n"].where(acc["invited_n"] > 0)
    acc["f"] = acc["held_n"] / period.months
    acc["q"] = acc["score"] / acc["held_n"].where(acc["held_n"] > 0)
    return acc


def _index(parts: pd.DataFrame, weights: pd.Series) -> pd.Series:
    w = parts.notna() * weights
    return (parts.fillna(0) * w).sum(axis=1) / w.sum(axis=1)


def _scale(parts: pd.DataFrame) -> pd.DataFrame:
    return (parts - parts.min()) / (parts.max() - parts.min())


@mistake("m6_participation_all_rows")
def participation_all_rows(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Share of every interaction row that took place, customer-initiated contacts included."""
    return float(_rows(tables, period)["participated"].mean())


@mistake("m6_participation_whole_file")
def participation_whole_file(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Participation over the whole file, history months included."""
    rows = _rows(tables, None)
    return float(rows.loc[rows["invited"], "participated"].mean())


@mistake("m6_frequency_all_rows")
def frequency_all_rows(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Every interaction row counted, also those the account did not take part in."""
    rows = _rows(tables, period)
    return len(rows) / (rows["customer_id"].nunique() * period.months)


@mistake("m6_frequency_per_year")
def frequency_per_year(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Interactions per account for the whole period, not divided by the months."""
    rows = _rows(tables, period)
    return float(rows["participated"].sum()) / rows["customer_id"].nunique()


@mistake("m6_quality_submitted_only")
def quality_submitted_only(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Mean quality grade of the feedback that was submitted (no feedback not counted as 0)."""
    rows = _rows(tables, period)
    graded = rows["participated"] & rows["feedback_submitted"]
    return float(rows.loc[graded, "feedback_quality"].mean())


@mistake("m6_quality_all_rows")
def quality_all_rows(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Sum of quality grades over every interaction row, taken place or not."""
    rows = _rows(tables, period)
    return float(rows["score"].sum()) / len(rows)


@mistake("m6_index_no_scaling")
def index_no_scaling(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """The three parts weighted as they are, without min-max scaling."""
    acc = _accounts(tables, period)
    return float(_index(acc[["p", "f", "q"]], _WEIGHTS).mean())


@mistake("m6_index_equal_weights")
def index_equal_weights(tables: Mapping[str, pd.DataFrame], period: Period) -> float:
    """Scaled parts averaged with equal weights instead of 0.4 / 0.3 / 0.3."""
    acc = _accounts(tables, period)
    equal = pd.Series({"p": 1 / 3, "f": 1 / 3, "q": 1 / 3})
    return float(_index(_scale(acc[["p", "f", "q"]]), equal).mean())


@mistake("m6_index_scaled_within_region")
def index_scaled_within_region(
    tables: Mapping[str, pd.DataFrame], period: Period
) -> dict[str, float]:
    """Min-max scaling done inside each region instead of over all accounts."""
    acc = _accounts(tables, period)
    out = {}
    for region, group in acc.groupby("region"):
        out[str(region)] = float(_index(_scale(group[["p", "f", "q"]]), _WEIGHTS).mean())
    return out
