"""A tiny but complete company: every standard table with a few linked rows, for registry-wide tests."""

from __future__ import annotations

import pandas as pd
from builders import company


def mini_company() -> dict[str, pd.DataFrame]:
    """Two regions, two stores, two teams, March and April 2025."""
    return company(
        customers=[
            {"customer_id": "C000001", "region": "east", "province": "上海", "segment": "vip",
             "account_manager_id": "E0003"},
            {"customer_id": "C000002", "region": "south", "province": "广东", "segment": "regular",
             "account_manager_id": "E0003"},
            {"customer_id": "C000003", "region": "east", "province": "浙江", "segment": "regular"},
        ],
        products=[
            {"sku_id": "P00001", "category": "shoes", "unit_price": 100.0, "unit_cost": 40.0},
            {"sku_id": "P00002", "category": "bags", "unit_price": 300.0, "unit_cost": 120.0},
        ],
        stores=[{"store_id": "S001", "region": "east"}, {"store_id": "S002", "region": "south"}],
        employees=[
            {"employee_id": "E0001", "role": "support_agent", "team": "A组"},
            {"employee_id": "E0002", "role": "recruiter", "team": "招商一组"},
            {"employee_id": "E0003", "role": "account_manager", "team": "大客户组"},
        ],
        targets=[{"employee_id": "E0002", "month": "2025-03-01", "signed_target": 2,
                  "amount_target": 100000.0}],
        orders=[
            {"order_id": "O00000001", "customer_id": "C000001", "store_id": "S001",
             "employee_id": "E0002", "ordered_at": "2025-02-20 10:00", "paid_at": "2025-02-20 10:05",
             "channel": "tmall", "device": "app"},
            {"order_id": "O00000002", "customer_id": "C000001", "store_id": "S001",
             "ordered_at": "2025-03-03 10:00", "paid_at": "2025-03-03 10:01", "channel": "tmall",
             "device": "app", "campaign_id": "M0001", "promo_phase": "peak"},
            {"order_id": "O00000003", "customer_id": "C000002", "store_id": "S002",
             "ordered_at": "2025-03-10 12:00", "paid_at": "2025-03-10 12:02", "channel": "jd",
             "device": "pc"},
            {"order_id": "O00000004", "customer_id": "C000002", "ordered_at": "2025-03-11 12:00",
             "paid_at": "2025-03-11 12:02", "status": "refunded",
             "refunded_at": "2025-03-15 09:00", "channel": "jd", "device": "pc"},
        ],
        order_lines=[
            {"order_id": "O00000001", "line_no": 1, "sku_id": "P00001", "quantity": 1,
             "unit_price": 100.0, "amount": 100.0},
            {"order_id": "O00000002", "line_no": 1, "sku_id": "P00001", "quantity": 2,
             "unit_price": 100.0, "discount": 20.0, "amount": 180.0},
            {"order_id": "O00000002", "line_no": 2, "sku_id": "P00002", "quantity": 1,
             "unit_price": 300.0, "amount": 300.0},
            {"order_id": "O00000003", "line_no": 1, "sku_id": "P00002", "quantity": 1,
             "unit_price": 300.0, "amount": 300.0},
            {"order_id": "O00000004", "line_no": 1, "sku_id": "P00001", "quantity": 1,
             "unit_price": 100.0, "amount": 100.0},
        ],
        contracts=[{"contract_id": "K000001", "customer_id": "C000003",
                    "start_date": "2025-01-01", "end_date": "2025-03-20", "annual_value": 5e4}],
        web_sessions=[
            {"session_id": "W000000001", "visitor_id": "V00000001", "customer_id": "C000001",
             "started_at": "2025-03-03 09:55", "device": "app", "channel": "tmall",
             "landing_page": "home", "page_views": 5, "order_id": "O00000002"},
            {"session_id": "W000000002", "visitor_id": "V00000002", "started_at": "2025-03-05 20:00",
             "device": "pc", "channel": "jd", "landing_page": "search", "page_views": 1},
            {"session_id": "W000000003", "visitor_id": "V00000003", "customer_id": "C000002",
             "started_at": "2025-03-10 11:50", "device": "pc", "channel": "jd",
             "landing_page": "home", "page_views": 3, "order_id": "O00000003"},
        ],
        inventory_daily=[
            {"date": d, "sku_id": s, "on_hand": n}
            for d, s, n in [("2025-03-01", "P00001", 10), ("2025-03-01", "P00002", 0),
                            ("2025-03-02", "P00001", 8), ("2025-03-02", "P00002", 4)]
        ],
        expenses=[
            {"expense_id": "X0000001", "date": "2025-03-03", "category": "marketing",
             "channel": "douyin", "campaign_id": "M0001", "amount": 100.0},
            {"expense_id": "X0000002", "date": "2025-03-04", "category": "sales",
             "channel": "exhibition", "amount": 500.0},
            {"expense_id": "X0000003", "date": "2025-03-05", "category": "logistics",
             "amount": 30.0},
        ],
        support_tickets=[
            {"ticket_id": "T0000001", "customer_id": "C000001", "order_id": "O00000002",
             "store_id": "S001", "channel": "phone", "category": "delivery", "team": "A组",
             "agent_id": "E0001", "created_at": "2025-03-04 09:00",
             "first_response_at": "2025-03-04 09:30", "resolved_at": "2025-03-04 12:00",
             "contacts": 1, "is_complaint": True},
            {"ticket_id": "T0000002", "customer_id": "C000002", "channel": "wechat",
             "category": "billing", "team": "B组", "agent_id": "E0001",
             "created_at": "2025-03-12 09:00", "first_response_at": "2025-03-12 11:00",
             "contacts": 2},
        ],
        survey_responses=[
            {"response_id": "R0000001", "customer_id": "C000001", "ticket_id": "T0000001",
             "store_id": "S001", "responded_at": "2025-03-05 10:00", "csat": 5, "nps": 10,
             "cleanliness": 4},
            {"response_id": "R0000002", "customer_id": "C000002", "store_id": "S002",
             "responded_at": "2025-03-13 10:00", "csat": 2, "nps": 3},
        ],
        interactions=[
            {"interaction_id": "I0000001", "customer_id": "C000001", "employee_id": "E0003",
             "kind": "training", "scheduled_at": "2025-03-06 14:00", "invited": True,
             "participated": True, "feedback_submitted": True, "feedback_quality": 0.8},
            {"interaction_id": "I0000002", "customer_id": "C000002", "employee_id": "E0003",
             "kind": "visit", "scheduled_at": "2025-03-07 14:00", "invited": True},
        ],
        campaigns=[
            {"campaign_id": "M0001", "kind": "ads", "channel": "douyin",
             "start_date": "2025-03-01", "end_date": "2025-03-10", "budget": 1000.0},
            {"campaign_id": "M0002", "kind": "coupon", "start_date": "2025-03-01",
             "end_date": "2025-03-31", "budget": 500.0},
        ],
        campaign_daily=[{"date": "2025-03-03", "campaign_id": "M0001", "impressions": 1000,
                         "clicks": 30}],
        campaign_audience=[
            {"campaign_id": "M0002", "customer_id": "C000001", "participated": True},
            {"campaign_id": "M0002", "customer_id": "C000002", "participated": False},
        ],
        content_posts=[{"post_id": "N00001", "platform": "xiaohongshu",
                        "published_at": "2025-03-08 18:00", "reads": 200, "likes": 10,
                        "comments": 4, "shares": 6}],
        followers_daily=[
            {"date": "2025-02-28", "platform": "xiaohongshu", "followers": 100},
            {"date": "2025-03-31", "platform": "xiaohongshu", "followers": 130},
        ],
        leads=[
            {"lead_id": "L000001", "prospect_id": "Q000001", "source": "exhibition",
             "rep_id": "E0002", "region": "east", "created_at": "2025-03-01 10:00",
             "signed_at": "2025-03-11 10:00", "stage": "signed", "contract_amount": 20000.0},
            {"lead_id": "L000002", "prospect_id": "Q000002", "source": "referral",
             "rep_id": "E0002", "region": "south", "created_at": "2025-03-02 10:00",
             "lost_at": "2025-03-20 10:00", "stage": "lost", "lost_reason": "price"},
        ],
    )  # fmt: skip


def empty_company() -> dict[str, pd.DataFrame]:
    """Every standard table with no rows."""
    from generator.schema import TABLES

    return company(**{name: [] for name in TABLES})
