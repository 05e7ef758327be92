"""The indicator catalogue: every indicator registered once, with its reference implementation.

Examples
--------
>>> from generator.indicators import get
>>> get("aov").zh
'客单价'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from . import cooperation, customer, inventory, marketing, recruitment, sales, support
from .core import (
    ALL,
    DIMENSIONS,
    REGISTRY,
    UNIT_LABELS,
    Indicator,
    IndicatorError,
    Result,
)
from .period import Period, PeriodError

#: Catalogue sections in the order of DOMAIN §2, with their titles.
SECTIONS: dict[str, tuple[str, str]] = {
    sales.SECTION: ("销售与流量指标", "Sales and traffic"),
    customer.SECTION: ("客户指标", "Customer"),
    inventory.SECTION: ("库存与利润指标", "Inventory and profit"),
    support.SECTION: ("销售支持与客户服务指标", "Sales support and customer service"),
    marketing.SECTION: ("营销推广与内容指标", "Marketing and content"),
    recruitment.SECTION: ("招商及客户管理指标", "Merchant recruitment and account management"),
    cooperation.SECTION: ("配合度指标", "Cooperation index"),
}


def get(indicator_id: str) -> Indicator:
    """The catalogue entry of ``indicator_id``; a clear error lists the known ids otherwise."""
    try:
        return REGISTRY[indicator_id]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise IndicatorError(f"unknown indicator {indicator_id!r}; known: {known}") from None


def catalogue(module: int | None = None) -> list[Indicator]:
    """All indicators (or one module's), grouped by section in catalogue order."""
    order = list(SECTIONS)
    chosen = [i for i in REGISTRY.values() if module is None or i.module == module]
    return sorted(chosen, key=lambda i: order.index(i.section))


def compute(
    indicator_id: str,
    data: Mapping[str, pd.DataFrame],
    period: Period | str | tuple[object, object],
    by: str | None = None,
    **params: Any,
) -> Result:
    """Compute one indicator; see :meth:`Indicator.compute`.

    Returns one row per group (``all`` when ``by`` is None) with ``value``, ``numerator``,
    ``denominator`` and ``note`` (why a value is NaN).
    """
    return get(indicator_id).compute(data, period, by, **params)


def value(
    indicator_id: str,
    data: Mapping[str, pd.DataFrame],
    period: Period | str | tuple[object, object],
    **params: Any,
) -> float:
    """The uncut value of one indicator as a float (NaN when undefined)."""
    return get(indicator_id).value(data, period, **params)


__all__ = [
    "ALL",
    "DIMENSIONS",
    "REGISTRY",
    "SECTIONS",
    "UNIT_LABELS",
    "Indicator",
    "IndicatorError",
    "Period",
    "PeriodError",
    "catalogue",
    "compute",
    "get",
    "value",
]
