"""金融服务: a wealth-management firm whose clients subscribe to funds, deposits and insurance."""

from __future__ import annotations

from dataclasses import replace

from ..registry import Profile, register_profile
from ..sim.accounts import ACCOUNT_MODELS
from ..sim.customers import CustomerMix
from ..sim.expenses import B2B_EXPENSES
from ..sim.leads import LeadModel
from ..sim.orders import OrderModel
from ._b2b import B2B_DIMENSIONS, B2B_SERVICE, B2B_TABLES, Business, segments, simulate

NAME = "financial_services"
CHANNELS = {"app": 0.5, "direct": 0.15, "sales_rep": 0.35}
BUSINESS = Business(
    name=NAME,
    mix=CustomerMix(
        customer_type="individual",
        segments={"retail_investor": 0.82, "high_net_worth": 0.18},
        channels=CHANNELS,
        rate={"retail_investor": 0.25, "high_net_worth": 0.6},
        hazard=0.0091,
        existing=0.7,
        sector="finance",
        season="b2b",
    ),
    orders=OrderModel(
        channels=CHANNELS,
        lines_extra=0.2,
        quantity_extra=0.0,
        cancel_rate=0.02,
        refund_rate=0.01,
        discounts={None: (0.0, 0.0, 0.0)},
        first_order=0.9,
        season="b2b",
        new_customer_churn=4.0,
        tenure_fade_days=365.0,
    ),
    # Clients call about statements, redemptions and products far more often than they buy.
    service=replace(
        B2B_SERVICE, ticket_rate=0.6, channels={"phone": 0.5, "wechat": 0.4, "email": 0.1}
    ),
    accounts=ACCOUNT_MODELS[NAME],
    leads=LeadModel(
        leads_per_rep=30.0,
        sector="finance",
        amount_median=2_000_000.0,
        teams=(("机构业务一部", 4), ("机构业务二部", 4)),
        teams_en=("Institutional sales 1", "Institutional sales 2"),
    ),
    n_skus=60,
    # Fees are a small share of subscriptions, and so are the firm's costs.
    expenses=replace(B2B_EXPENSES, fixed_share=0.004),
)

register_profile(
    Profile(
        name=NAME,
        zh="金融服务",
        en="Financial services",
        tables=B2B_TABLES,
        sizes={"small": 1500, "default": 4000, "large": 15000},
        dimensions=B2B_DIMENSIONS,
        headline=(
            "revenue",
            "aov",
            "churn_rate",
            "csat",
            "participation_rate",
            "cooperation_index",
        ),
        segments=segments(BUSINESS),
        simulate=simulate(BUSINESS),
    )
)
