"""医药流通: a drug distributor selling to hospitals, pharmacy chains and clinics."""

from __future__ import annotations

from ..registry import Profile, register_profile
from ..sim.accounts import ACCOUNT_MODELS
from ..sim.customers import CustomerMix
from ..sim.leads import LeadModel
from ..sim.orders import OrderModel
from ._b2b import B2B_DIMENSIONS, B2B_SERVICE, B2B_TABLES, Business, segments, simulate

NAME = "pharma_distribution"
CHANNELS = {"sales_rep": 0.75, "distributor": 0.25}
BUSINESS = Business(
    name=NAME,
    mix=CustomerMix(
        customer_type="business",
        segments={"hospital": 0.25, "pharmacy": 0.5, "clinic": 0.25},
        channels=CHANNELS,
        rate={"hospital": 2.2, "pharmacy": 1.4, "clinic": 0.6},
        hazard=0.009,
        existing=0.8,
        sector="pharma",
        season="b2b",
    ),
    orders=OrderModel(
        channels=CHANNELS,
        lines_extra=3.0,
        quantity_extra=12.0,
        cancel_rate=0.01,
        refund_rate=0.015,
        discounts={None: (0.3, 0.02, 0.08)},
        first_order=0.95,
        season="b2b",
        new_customer_churn=4.0,
        tenure_fade_days=365.0,
    ),
    service=B2B_SERVICE,
    accounts=ACCOUNT_MODELS[NAME],
    leads=LeadModel(sector="pharma", leads_per_rep=30.0),
    n_skus=300,
)

register_profile(
    Profile(
        name=NAME,
        zh="医药流通",
        en="Pharmaceutical distribution",
        tables=B2B_TABLES,
        sizes={"small": 600, "default": 1500, "large": 6000},
        dimensions=B2B_DIMENSIONS,
        headline=(
            "revenue",
            "gross_margin",
            "churn_rate",
            "participation_rate",
            "cooperation_index",
            "lead_conversion_rate",
        ),
        segments=segments(BUSINESS),
        simulate=simulate(BUSINESS),
    )
)
