"""制造业: an industrial-components maker selling under contracts to key and mid-size accounts."""

from __future__ import annotations

from ..registry import Profile, register_profile
from ..sim.accounts import ACCOUNT_MODELS
from ..sim.customers import CustomerMix
from ..sim.leads import LeadModel
from ..sim.orders import OrderModel
from ._b2b import B2B_DIMENSIONS, B2B_SERVICE, B2B_TABLES, Business, segments, simulate

NAME = "manufacturing_b2b"
CHANNELS = {"sales_rep": 0.8, "distributor": 0.2}
BUSINESS = Business(
    name=NAME,
    mix=CustomerMix(
        customer_type="business",
        segments={"key_account": 0.15, "mid_market": 0.45, "small_business": 0.4},
        channels=CHANNELS,
        rate={"key_account": 2.5, "mid_market": 1.0, "small_business": 0.4},
        hazard=0.00975,
        existing=0.8,
        sector="manufacturing",
        season="b2b",
    ),
    orders=OrderModel(
        channels=CHANNELS,
        lines_extra=2.0,
        quantity_extra=30.0,
        cancel_rate=0.01,
        refund_rate=0.02,
        discounts={None: (0.35, 0.02, 0.06)},
        first_order=0.95,
        season="b2b",
        new_customer_churn=4.0,
        tenure_fade_days=365.0,
    ),
    service=B2B_SERVICE,
    accounts=ACCOUNT_MODELS[NAME],
    leads=LeadModel(
        leads_per_rep=60.0,
        sector="manufacturing",
        amount_median=500_000.0,
        teams=(("渠道招商部", 4), ("大客户拓展部", 4)),
        teams_en=("Channel recruitment", "Key account development"),
    ),
    n_skus=200,
)

register_profile(
    Profile(
        name=NAME,
        zh="制造业",
        en="Manufacturing (B2B)",
        tables=B2B_TABLES,
        sizes={"small": 1000, "default": 2000, "large": 8000},
        dimensions=B2B_DIMENSIONS,
        headline=(
            "revenue",
            "gross_margin",
            "churn_rate",
            "complaint_rate",
            "lead_conversion_rate",
            "contract_amount",
        ),
        segments=segments(BUSINESS),
        simulate=simulate(BUSINESS),
    )
)
