"""The business calendar: weekdays, Chinese public holidays, 618 / 双11 phases and seasonality.

Each day gets demand factors for the three kinds of business the profiles simulate: online retail
(``retail``), hotels (``hotel``) and business-to-business sales (``b2b``). A factor of 1 is an
ordinary weekday outside any season.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

#: 大促 phases as (event, phase, first day, last day) in month-day form; peak days get the most.
PROMO_PHASES: tuple[tuple[str, str, str, str], ...] = (
    ("618", "prep", "05-10", "05-19"),
    ("618", "warmup", "05-20", "05-31"),
    ("618", "peak", "06-01", "06-18"),
    ("618", "tail", "06-19", "06-24"),
    ("double11", "prep", "10-08", "10-19"),
    ("double11", "warmup", "10-20", "10-31"),
    ("double11", "peak", "11-01", "11-11"),
    ("double11", "tail", "11-12", "11-18"),
)
#: Retail demand multipliers by phase; shoppers hold back in 筹备 / 预热 and buy in 爆发.
_PHASE_FACTOR = {"prep": 0.9, "warmup": 1.05, "peak": 2.2, "tail": 1.25}
#: The very last peak days (6-18, 11-11 and the two days before) are the real 爆发.
_PEAK_DAYS = {"06-16": 3.0, "06-17": 3.5, "06-18": 5.0, "11-09": 3.0, "11-10": 4.0, "11-11": 8.0}

_HOTEL_MONTH = np.array([0.75, 0.7, 0.85, 0.95, 1.0, 0.95, 1.2, 1.25, 0.95, 1.05, 0.9, 0.85])


@cache
def holidays() -> pd.DataFrame:
    """Public holidays shipped as data (``generator/data/holidays.csv``)."""
    path = resources.files("generator") / "data" / "holidays.csv"
    with path.open("r", encoding="utf-8") as fh:
        out = pd.read_csv(fh, parse_dates=["date"])
    return out


def build_calendar(start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """One row per day in ``[start, end)`` with holiday, promotion and demand factors.

    Examples
    --------
    >>> cal = build_calendar(pd.Timestamp("2025-01-01"), pd.Timestamp("2026-01-01"))
    >>> cal.loc[cal["date"] == "2025-11-11", "promo_phase"].item()
    'peak'
    """
    dates = pd.date_range(start, end - pd.Timedelta(days=1), freq="D")
    cal = pd.DataFrame({"date": dates})
    dow = cal["date"].dt.day_of_week.to_numpy()
    md = cal["date"].dt.strftime("%m-%d")
    cal["is_weekend"] = dow >= 5
    day = cal["date"].to_numpy(dtype="datetime64[D]")
    holiday = np.full(len(cal), None, dtype=object)
    retail = np.where(dow >= 5, 1.1, 1.0)
    hotel = _HOTEL_MONTH[cal["date"].dt.month.to_numpy() - 1] * np.where(dow >= 4, 1.15, 0.95)
    b2b = np.where(dow >= 5, 0.12, 1.0)

    for when, kind in zip(holidays()["date"], holidays()["kind"], strict=True):
        offset = (day - np.datetime64(when, "D")).astype("int64")
        if kind == "spring_festival":
            # Couriers stop around the festival; offices close for about two weeks.
            window = (offset >= -7) & (offset <= 8)
            retail = np.where(window, retail * 0.45, retail)
            b2b = np.where((offset >= -5) & (offset <= 10), b2b * 0.15, b2b)
            hotel = np.where(window, hotel * 0.6, hotel)
            holiday[(offset >= 0) & (offset <= 7)] = kind
        else:
            length = 7 if kind == "national_day" else 5
            window = (offset >= 0) & (offset < length)
            b2b = np.where(window, b2b * 0.2, b2b)
            hotel = np.where(window, hotel * 1.6, hotel)
            retail = np.where(window, retail * 1.05, retail)
            holiday[window] = kind

    promo_event = np.full(len(cal), None, dtype=object)
    promo_phase = np.full(len(cal), None, dtype=object)
    for event, phase, first, last in PROMO_PHASES:
        inside = ((md >= first) & (md <= last)).to_numpy()
        promo_event[inside] = event
        promo_phase[inside] = phase
        retail = np.where(inside, retail * _PHASE_FACTOR[phase], retail)
    for peak_day, boost in _PEAK_DAYS.items():
        retail = np.where(md == peak_day, retail * boost / _PHASE_FACTOR["peak"], retail)

    cal["holiday"] = pd.Series(holiday, dtype="str")
    cal["promo_event"] = pd.Series(promo_event, dtype="str")
    cal["promo_phase"] = pd.Series(promo_phase, dtype="str")
    cal["retail"] = retail
    cal["hotel"] = hotel
    cal["b2b"] = b2b
    return cal
