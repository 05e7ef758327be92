"""The standard company tables: the single source of truth for every generated case.

Keys are strings with a prefix (``C000123``); timestamps are naive local time; money is CNY with two
decimals; coded columns hold the English codes listed in :mod:`generator.schema.codes`, whose Chinese
and English meanings the data dictionary prints.
"""

from __future__ import annotations

from . import codes as c
from .model import Column, Table


def _key(name: str, prefix: str, digits: int, zh: str, en: str) -> Column:
    return Column(name, "str", zh, en, pattern=rf"{prefix}\d{{{digits}}}")


def _money(name: str, zh: str, en: str) -> Column:
    return Column(name, "float", zh, en, min=0.0)


def _score(name: str, zh: str, en: str) -> Column:
    """A 1-5 survey score, empty when the question was not asked."""
    return Column(name, "int", zh, en, nullable=True, min=1, max=5)


def _ref(name: str, target: str, zh: str, en: str, nullable: bool = False) -> Column:
    return Column(name, "str", zh, en, nullable=nullable, ref=target)


CUSTOMERS = Table(
    "customers",
    "客户表",
    "Customers",
    key=("customer_id",),
    row_zh="一位客户（个人或企业/机构）",
    row_en="one customer (a person or an organisation)",
    columns=(
        _key("customer_id", "C", 6, "客户编号", "customer id"),
        Column("name", "str", "客户名称（个人为姓名，企业为公司名）", "customer name"),
        Column("customer_type", "str", "客户类型", "customer type", values=c.CUSTOMER_TYPES),
        Column("segment", "str", "客户分层", "customer segment", values=c.SEGMENTS),
        Column("gender", "str", "性别（企业客户为空）", "gender", nullable=True, values=c.GENDERS),
        Column("region", "str", "大区", "sales region", values=c.REGIONS),
        Column("province", "str", "省份", "province"),
        Column("city", "str", "城市", "city"),
        Column("district", "str", "区县", "district"),
        Column("phone", "str", "联系电话（已脱敏）", "phone (masked)", pattern=r"1\d{2}\*{4}\d{4}"),
        Column(
            "acquisition_channel", "str", "获客渠道", "acquisition channel", values=c.SALES_CHANNELS
        ),
        Column("registered_at", "datetime", "注册/建档时间", "registered at"),
        _ref(
            "account_manager_id",
            "employees.employee_id",
            "客户经理编号",
            "account manager id",
            nullable=True,
        ),
    ),
)

PRODUCTS = Table(
    "products",
    "商品表",
    "Products (SKUs)",
    key=("sku_id",),
    row_zh="一个商品SKU（酒店为一种房型，金融为一款产品）",
    row_en="one SKU (a room type for hotels, a product for financial services)",
    columns=(
        _key("sku_id", "P", 5, "商品编号", "SKU id"),
        Column("name", "str", "商品名称", "product name"),
        Column("category", "str", "品类", "category"),
        Column("subcategory", "str", "子品类", "subcategory", nullable=True),
        Column("brand", "str", "品牌", "brand", nullable=True),
        _money("unit_price", "标价（元）", "list price (CNY)"),
        _money("unit_cost", "单位成本（元）", "unit cost (CNY)"),
        Column("status", "str", "状态", "status", values=c.PRODUCT_STATUSES),
        Column("launched_at", "date", "上架日期", "launch date"),
    ),
)

STORES = Table(
    "stores",
    "门店/酒店/网点表",
    "Stores, hotels and branches",
    key=("store_id",),
    row_zh="一家门店、酒店、分支机构或仓库",
    row_en="one store, hotel, branch or warehouse",
    columns=(
        _key("store_id", "S", 3, "门店编号", "store id"),
        Column("name", "str", "名称", "name"),
        Column("kind", "str", "类型", "kind", values=c.STORE_KINDS),
        Column("region", "str", "大区", "region", values=c.REGIONS),
        Column("province", "str", "省份", "province"),
        Column("city", "str", "城市", "city"),
        Column("opened_at", "date", "开业日期", "opening date"),
        Column("rooms", "int", "客房数（仅酒店）", "rooms (hotels only)", nullable=True, min=1),
    ),
)

EMPLOYEES = Table(
    "employees",
    "员工表",
    "Employees",
    key=("employee_id",),
    row_zh="一名员工（销售、客服、招商、客户经理等）",
    row_en="one employee (rep, agent, recruiter, account manager...)",
    columns=(
        _key("employee_id", "E", 4, "员工编号", "employee id"),
        Column("name", "str", "姓名", "name"),
        Column("role", "str", "岗位", "role", values=c.EMPLOYEE_ROLES),
        Column("team", "str", "所属团队", "team"),
        Column("region", "str", "负责大区", "region", nullable=True, values=c.REGIONS),
        _ref("store_id", "stores.store_id", "所属门店/酒店", "store or hotel", nullable=True),
        Column("hired_at", "date", "入职日期", "hire date"),
    ),
)

TARGETS = Table(
    "targets",
    "目标表",
    "Monthly targets",
    key=("employee_id", "month"),
    row_zh="一名员工一个月的招商/签约目标",
    row_en="one employee's signing target for one month",
    columns=(
        _ref("employee_id", "employees.employee_id", "员工编号", "employee id"),
        Column("month", "date", "月份（当月1日）", "month (its first day)"),
        Column("signed_target", "int", "签约项目数目标", "target number of signed projects", min=0),
        _money("amount_target", "签约金额目标（元）", "target contract amount (CNY)"),
    ),
)

ORDERS = Table(
    "orders",
    "订单表",
    "Orders",
    key=("order_id",),
    row_zh="一笔订单（酒店为一次入住，B2B为一张采购单）",
    row_en="one order (a stay for hotels, a purchase order for B2B)",
    columns=(
        _key("order_id", "O", 8, "订单编号", "order id"),
        _ref("customer_id", "customers.customer_id", "客户编号", "customer id"),
        _ref("store_id", "stores.store_id", "门店/酒店编号", "store or hotel id", nullable=True),
        _ref("employee_id", "employees.employee_id", "经办销售", "sales rep", nullable=True),
        Column("ordered_at", "datetime", "下单时间", "ordered at"),
        Column(
            "paid_at",
            "datetime",
            "支付时间（未支付为空）",
            "paid at (empty if never paid)",
            nullable=True,
        ),
        Column("status", "str", "订单状态", "order status", values=c.ORDER_STATUSES),
        Column("refunded_at", "datetime", "退款时间", "refunded at", nullable=True),
        Column("channel", "str", "销售渠道", "sales channel", values=c.SALES_CHANNELS),
        Column(
            "device",
            "str",
            "下单终端（线下为空）",
            "device (empty offline)",
            nullable=True,
            values=c.DEVICES,
        ),
        Column(
            "promo_event",
            "str",
            "大促活动",
            "promotion event",
            nullable=True,
            values=c.PROMO_EVENTS,
        ),
        Column(
            "promo_phase",
            "str",
            "大促阶段",
            "promotion phase",
            nullable=True,
            values=c.PROMO_PHASES,
        ),
        _ref(
            "campaign_id",
            "campaigns.campaign_id",
            "归因活动编号",
            "attributed campaign",
            nullable=True,
        ),
    ),
)

ORDER_LINES = Table(
    "order_lines",
    "订单明细表",
    "Order lines",
    key=("order_id", "line_no"),
    row_zh="订单中的一个商品行（酒店为房型×间夜）",
    row_en="one product line of an order (room type × nights for hotels)",
    columns=(
        _ref("order_id", "orders.order_id", "订单编号", "order id"),
        Column("line_no", "int", "行号", "line number", min=1),
        _ref("sku_id", "products.sku_id", "商品编号", "SKU id"),
        Column(
            "quantity", "int", "数量（酒店为间夜数）", "quantity (room nights for hotels)", min=1
        ),
        _money("unit_price", "成交单价（元）", "unit price (CNY)"),
        _money("discount", "优惠金额（元）", "discount (CNY)"),
        _money(
            "amount",
            "行金额 = 数量×单价−优惠（元）",
            "line amount = quantity × unit price − discount (CNY)",
        ),
    ),
)

CONTRACTS = Table(
    "contracts",
    "合同表",
    "Contracts",
    key=("contract_id",),
    row_zh="与企业客户签订的一份框架/供货合同",
    row_en="one supply or service contract with a business customer",
    columns=(
        _key("contract_id", "K", 6, "合同编号", "contract id"),
        _ref("customer_id", "customers.customer_id", "客户编号", "customer id"),
        Column("start_date", "date", "生效日期", "start date"),
        Column("end_date", "date", "终止日期（不含当日）", "end date (exclusive)"),
        _money("annual_value", "年合同额（元）", "annual value (CNY)"),
    ),
)

WEB_SESSIONS = Table(
    "web_sessions",
    "访问会话表",
    "Web sessions",
    key=("session_id",),
    row_zh="一次店铺/网站访问",
    row_en="one visit to the shop or website",
    columns=(
        _key("session_id", "W", 9, "会话编号", "session id"),
        Column("visitor_id", "str", "访客编号", "visitor id", pattern=r"V\d{8}"),
        _ref(
            "customer_id",
            "customers.customer_id",
            "客户编号（已登录时）",
            "customer id (when logged in)",
            nullable=True,
        ),
        Column("started_at", "datetime", "访问开始时间", "started at"),
        Column("device", "str", "终端", "device", values=c.DEVICES),
        Column("channel", "str", "店铺/站点", "shop or site", values=c.SALES_CHANNELS),
        Column("landing_page", "str", "着陆页", "landing page"),
        Column("page_views", "int", "浏览页面数", "pages viewed", min=1),
        _ref(
            "order_id",
            "orders.order_id",
            "本次访问产生的订单",
            "order placed in this visit",
            nullable=True,
        ),
    ),
)

INVENTORY_DAILY = Table(
    "inventory_daily",
    "每日库存表",
    "Daily inventory",
    key=("date", "sku_id"),
    row_zh="一个在售SKU一天结束时的库存（一个SKU-天）",
    row_en="one active SKU's stock at the end of one day (one SKU-day)",
    columns=(
        Column("date", "date", "日期", "date"),
        _ref("sku_id", "products.sku_id", "商品编号", "SKU id"),
        Column("on_hand", "int", "期末库存数量", "units on hand at end of day", min=0),
    ),
)

EXPENSES = Table(
    "expenses",
    "费用表",
    "Operating expenses",
    key=("expense_id",),
    row_zh="一笔经营费用（已含广告花费与渠道成本）",
    row_en="one operating expense (ad spend and channel costs included)",
    columns=(
        _key("expense_id", "X", 7, "费用编号", "expense id"),
        Column("date", "date", "发生日期", "date"),
        Column("category", "str", "费用类别", "expense category", values=c.EXPENSE_CATEGORIES),
        Column(
            "channel",
            "str",
            "广告渠道（营销费用）或线索来源（销售费用）",
            "ad channel (marketing) or lead source (sales)",
            nullable=True,
            values=c.AD_CHANNELS + c.LEAD_SOURCES,
        ),
        _ref("campaign_id", "campaigns.campaign_id", "对应推广活动", "campaign", nullable=True),
        _ref("store_id", "stores.store_id", "门店/酒店", "store or hotel", nullable=True),
        _money("amount", "金额（元）", "amount (CNY)"),
    ),
)

SUPPORT_TICKETS = Table(
    "support_tickets",
    "客服工单表",
    "Support tickets",
    key=("ticket_id",),
    row_zh="一张客服/销售支持工单",
    row_en="one customer-service or sales-support ticket",
    columns=(
        _key("ticket_id", "T", 7, "工单编号", "ticket id"),
        _ref("customer_id", "customers.customer_id", "客户编号", "customer id"),
        _ref("order_id", "orders.order_id", "关联订单", "related order", nullable=True),
        _ref("store_id", "stores.store_id", "门店/酒店", "store or hotel", nullable=True),
        Column("channel", "str", "受理渠道", "contact channel", values=c.SUPPORT_CHANNELS),
        Column("category", "str", "问题类型", "issue category", values=c.TICKET_CATEGORIES),
        Column("team", "str", "处理团队", "handling team"),
        _ref("agent_id", "employees.employee_id", "处理客服", "agent"),
        Column("created_at", "datetime", "创建时间", "created at"),
        Column("first_response_at", "datetime", "首次响应时间", "first response at", nullable=True),
        Column(
            "resolved_at",
            "datetime",
            "解决时间（未解决为空）",
            "resolved at (empty if open)",
            nullable=True,
        ),
        Column("contacts", "int", "联系次数", "number of contacts", min=1),
        Column("is_complaint", "bool", "是否投诉", "is a complaint"),
    ),
)

SURVEY_RESPONSES = Table(
    "survey_responses",
    "满意度调查表",
    "Survey responses",
    key=("response_id",),
    row_zh="一份客户满意度问卷回答",
    row_en="one customer survey response",
    columns=(
        _key("response_id", "R", 7, "问卷编号", "response id"),
        _ref("customer_id", "customers.customer_id", "客户编号", "customer id"),
        _ref(
            "order_id", "orders.order_id", "关联订单/入住", "related order or stay", nullable=True
        ),
        _ref("ticket_id", "support_tickets.ticket_id", "关联工单", "related ticket", nullable=True),
        _ref("store_id", "stores.store_id", "门店/酒店", "store or hotel", nullable=True),
        Column("responded_at", "datetime", "填写时间", "responded at"),
        _score("csat", "总体满意度（1-5分）", "overall satisfaction (1-5)"),
        Column(
            "nps",
            "int",
            "推荐意愿（0-10分）",
            "likelihood to recommend (0-10)",
            nullable=True,
            min=0,
            max=10,
        ),
        _score("cleanliness", "卫生评分（1-5）", "cleanliness (1-5)"),
        _score("service", "服务评分（1-5）", "service (1-5)"),
        _score("location", "位置评分（1-5）", "location (1-5)"),
        _score("value", "性价比评分（1-5）", "value for money (1-5)"),
        _score("delivery", "物流评分（1-5）", "delivery (1-5)"),
        _score("product_quality", "产品质量评分（1-5）", "product quality (1-5)"),
        Column("comment", "str", "文字评价", "comment", nullable=True),
    ),
)

INTERACTIONS = Table(
    "interactions",
    "客户互动表",
    "Account interactions",
    key=("interaction_id",),
    row_zh="与一个客户的一次计划或发生的互动（拜访、电话、培训、活动等）",
    row_en="one planned or actual contact with an account (visit, call, training, event...)",
    columns=(
        _key("interaction_id", "I", 7, "互动编号", "interaction id"),
        _ref("customer_id", "customers.customer_id", "客户编号", "account id"),
        _ref("employee_id", "employees.employee_id", "负责人", "employee"),
        Column("kind", "str", "互动类型", "kind", values=c.INTERACTION_KINDS),
        Column("scheduled_at", "datetime", "时间", "date and time"),
        Column("invited", "bool", "是否由我方邀请/发起", "we invited the account"),
        Column("participated", "bool", "客户是否参与", "the account took part"),
        Column("feedback_submitted", "bool", "是否提交反馈", "feedback submitted"),
        Column(
            "feedback_quality",
            "float",
            "反馈质量评分（0-1，完整性与具体程度）",
            "feedback quality grade (0-1: completeness and specificity)",
            nullable=True,
            min=0.0,
            max=1.0,
        ),
        Column("feedback_text", "str", "反馈内容", "feedback text", nullable=True),
    ),
)

CAMPAIGNS = Table(
    "campaigns",
    "推广活动表",
    "Campaigns",
    key=("campaign_id",),
    row_zh="一个广告投放、优惠券或会员活动",
    row_en="one ad campaign, coupon or member activity",
    columns=(
        _key("campaign_id", "M", 4, "活动编号", "campaign id"),
        Column("name", "str", "活动名称", "name"),
        Column("kind", "str", "活动类型", "kind", values=c.CAMPAIGN_KINDS),
        Column("channel", "str", "投放渠道", "ad channel", nullable=True, values=c.AD_CHANNELS),
        Column("start_date", "date", "开始日期", "start date"),
        Column("end_date", "date", "结束日期（含当日）", "end date (inclusive)"),
        Column(
            "promo_event",
            "str",
            "所属大促",
            "promotion event",
            nullable=True,
            values=c.PROMO_EVENTS,
        ),
        _money("budget", "预算（元）", "budget (CNY)"),
    ),
)

CAMPAIGN_DAILY = Table(
    "campaign_daily",
    "广告日报表",
    "Daily ad delivery",
    key=("date", "campaign_id"),
    row_zh="一个广告活动一天的曝光与点击（花费见费用表）",
    row_en="one campaign's impressions and clicks on one day (spend is in expenses)",
    columns=(
        Column("date", "date", "日期", "date"),
        _ref("campaign_id", "campaigns.campaign_id", "活动编号", "campaign id"),
        Column("impressions", "int", "曝光量", "impressions", min=0),
        Column("clicks", "int", "点击量", "clicks", min=0),
    ),
)

CAMPAIGN_AUDIENCE = Table(
    "campaign_audience",
    "活动触达名单",
    "Campaign audience",
    key=("campaign_id", "customer_id"),
    row_zh="一位被活动定向触达的客户",
    row_en="one customer targeted by a campaign",
    columns=(
        _ref("campaign_id", "campaigns.campaign_id", "活动编号", "campaign id"),
        _ref("customer_id", "customers.customer_id", "客户编号", "customer id"),
        Column(
            "participated",
            "bool",
            "是否参与（用券或报名）",
            "took part (used the coupon or joined)",
        ),
    ),
)

CONTENT_POSTS = Table(
    "content_posts",
    "内容发布表",
    "Content posts",
    key=("post_id",),
    row_zh="一篇在社交平台发布的内容",
    row_en="one piece of content posted on a social platform",
    columns=(
        _key("post_id", "N", 5, "内容编号", "post id"),
        Column("platform", "str", "平台", "platform", values=c.AD_CHANNELS),
        Column("published_at", "datetime", "发布时间", "published at"),
        Column("title", "str", "标题", "title"),
        Column("reads", "int", "阅读量", "reads", min=0),
        Column("likes", "int", "点赞数", "likes", min=0),
        Column("comments", "int", "评论数", "comments", min=0),
        Column("shares", "int", "转发数", "shares", min=0),
    ),
)

FOLLOWERS_DAILY = Table(
    "followers_daily",
    "粉丝数日报",
    "Daily followers",
    key=("date", "platform"),
    row_zh="一个平台账号某天结束时的粉丝数",
    row_en="one platform account's followers at the end of one day",
    columns=(
        Column("date", "date", "日期", "date"),
        Column("platform", "str", "平台", "platform", values=c.AD_CHANNELS),
        Column("followers", "int", "粉丝数", "followers", min=0),
    ),
)

LEADS = Table(
    "leads",
    "招商线索表",
    "Leads (merchant recruitment pipeline)",
    key=("lead_id",),
    row_zh="一条招商/销售线索及其推进过程",
    row_en="one recruitment or sales lead and its progress",
    columns=(
        _key("lead_id", "L", 6, "线索编号", "lead id"),
        Column("prospect_id", "str", "意向客户编号", "prospect id", pattern=r"Q\d{6}"),
        Column("prospect_name", "str", "意向客户名称", "prospect name"),
        Column("source", "str", "线索来源", "lead source", values=c.LEAD_SOURCES),
        _ref("rep_id", "employees.employee_id", "负责招商经理", "responsible rep"),
        Column("region", "str", "大区", "region", values=c.REGIONS),
        Column("created_at", "datetime", "线索创建时间", "created at"),
        Column("contacted_at", "datetime", "首次联系时间", "first contacted at", nullable=True),
        Column("proposal_at", "datetime", "方案提交时间", "proposal sent at", nullable=True),
        Column("signed_at", "datetime", "签约时间", "signed at", nullable=True),
        Column("lost_at", "datetime", "流失时间", "lost at", nullable=True),
        Column("stage", "str", "当前阶段", "current stage", values=c.LEAD_STAGES),
        Column(
            "contract_amount",
            "float",
            "签约金额（元）",
            "contract amount (CNY)",
            nullable=True,
            min=0.0,
        ),
        Column(
            "lost_reason", "str", "流失原因", "lost reason", nullable=True, values=c.LOST_REASONS
        ),
    ),
)

#: Every standard table, in the order the data dictionary lists them.
TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        CUSTOMERS,
        PRODUCTS,
        STORES,
        EMPLOYEES,
        TARGETS,
        ORDERS,
        ORDER_LINES,
        CONTRACTS,
        WEB_SESSIONS,
        INVENTORY_DAILY,
        EXPENSES,
        SUPPORT_TICKETS,
        SURVEY_RESPONSES,
        INTERACTIONS,
        CAMPAIGNS,
        CAMPAIGN_DAILY,
        CAMPAIGN_AUDIENCE,
        CONTENT_POSTS,
        FOLLOWERS_DAILY,
        LEADS,
    )
}
