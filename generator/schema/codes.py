"""Coded values shared by several tables (one definition each)."""

from __future__ import annotations

from .model import values

REGIONS = values(
    ("north", "华北", "North China"),
    ("northeast", "东北", "Northeast China"),
    ("east", "华东", "East China"),
    ("central", "华中", "Central China"),
    ("south", "华南", "South China"),
    ("southwest", "西南", "Southwest China"),
    ("northwest", "西北", "Northwest China"),
)

CUSTOMER_TYPES = values(
    ("individual", "个人客户", "individual consumer"),
    ("business", "企业/机构客户", "business or institution"),
)

SEGMENTS = values(
    ("regular", "普通会员", "regular member"),
    ("vip", "VIP会员", "VIP member"),
    ("business_traveler", "商旅客人", "business traveller"),
    ("leisure_traveler", "休闲客人", "leisure traveller"),
    ("hospital", "医院", "hospital"),
    ("pharmacy", "连锁药店", "pharmacy chain"),
    ("clinic", "基层诊所", "clinic"),
    ("retail_investor", "零售客户", "retail investor"),
    ("high_net_worth", "高净值客户", "high-net-worth client"),
    ("institution", "机构客户", "institutional client"),
    ("key_account", "大客户", "key account"),
    ("mid_market", "中型客户", "mid-market account"),
    ("small_business", "小微客户", "small business"),
)

SALES_CHANNELS = values(
    ("tmall", "天猫", "Tmall"),
    ("jd", "京东", "JD.com"),
    ("douyin", "抖音", "Douyin"),
    ("wechat_mini", "微信小程序", "WeChat mini program"),
    ("app", "自有App", "own app"),
    ("offline_store", "线下门店", "offline store"),
    ("ota", "在线旅行平台", "online travel agency"),
    ("direct", "直销/官网", "direct / own website"),
    ("sales_rep", "销售代表", "sales representative"),
    ("distributor", "经销商", "distributor"),
)

DEVICES = values(
    ("pc", "电脑端", "desktop"),
    ("mobile_web", "手机网页", "mobile web"),
    ("app", "App", "app"),
    ("mini_program", "小程序", "mini program"),
)

AD_CHANNELS = values(
    ("douyin", "抖音", "Douyin"),
    ("xiaohongshu", "小红书", "Xiaohongshu"),
    ("baidu", "百度搜索", "Baidu search"),
    ("wechat", "微信", "WeChat"),
    ("weibo", "微博", "Weibo"),
    ("bilibili", "B站", "Bilibili"),
    ("tmall_ads", "阿里妈妈", "Alimama (Tmall ads)"),
    ("jd_ads", "京准通", "JD ads"),
    ("ota_ads", "OTA推广", "OTA promotion"),
)

LEAD_SOURCES = values(
    ("exhibition", "展会", "trade fair"),
    ("referral", "客户转介绍", "referral"),
    ("online_ads", "线上广告", "online ads"),
    ("cold_call", "电话陌拜", "cold call"),
    ("partner", "合作伙伴", "partner"),
    ("inbound", "主动咨询", "inbound enquiry"),
)

EXPENSE_CATEGORIES = values(
    ("marketing", "营销推广费", "marketing"),
    ("logistics", "物流费", "logistics"),
    ("customer_service", "客服费用", "customer service"),
    ("sales", "销售费用", "sales"),
    ("other", "其他费用", "other"),
)

SUPPORT_CHANNELS = values(
    ("phone", "电话", "phone"),
    ("online_chat", "在线客服", "online chat"),
    ("wechat", "微信", "WeChat"),
    ("email", "邮件", "email"),
    ("front_desk", "前台", "front desk"),
)

TICKET_CATEGORIES = values(
    ("delivery", "物流配送", "delivery"),
    ("product_quality", "产品质量", "product quality"),
    ("return_refund", "退换货/退款", "return or refund"),
    ("billing", "账单/发票", "billing or invoice"),
    ("account", "账户问题", "account"),
    ("booking", "预订问题", "booking"),
    ("cleanliness", "卫生问题", "cleanliness"),
    ("facilities", "设施设备", "facilities"),
    ("technical", "技术支持", "technical support"),
    ("consultation", "售前咨询", "pre-sales question"),
    ("other", "其他", "other"),
)

EMPLOYEE_ROLES = values(
    ("sales_rep", "销售代表", "sales representative"),
    ("sales_support", "销售内勤", "sales support"),
    ("support_agent", "客服专员", "support agent"),
    ("recruiter", "招商经理", "merchant recruiter"),
    ("account_manager", "客户经理", "account manager"),
    ("store_manager", "店长", "store or hotel manager"),
    ("operations", "运营", "operations"),
    ("marketing", "市场推广", "marketing"),
)

PROMO_EVENTS = values(
    ("618", "618年中大促", "618 mid-year festival"),
    ("double11", "双11", "Double 11 (Singles' Day)"),
)

PROMO_PHASES = values(
    ("prep", "筹备期", "preparation"),
    ("warmup", "预热期", "warm-up"),
    ("peak", "爆发期", "peak"),
    ("tail", "收尾期", "wrap-up"),
)

ORDER_STATUSES = values(
    ("paid", "已支付", "paid"),
    ("refunded", "已退款", "refunded"),
    ("cancelled", "已取消", "cancelled"),
)

INTERACTION_KINDS = values(
    ("visit", "拜访", "visit"),
    ("call", "电话", "call"),
    ("wechat", "微信沟通", "WeChat message"),
    ("training", "培训", "training session"),
    ("academic_meeting", "学术会议", "academic meeting"),
    ("promotion_activity", "推广活动", "promotional activity"),
)

CAMPAIGN_KINDS = values(
    ("ads", "广告投放", "advertising"),
    ("coupon", "优惠券", "coupon"),
    ("activity", "会员活动", "member activity"),
    ("live_stream", "直播", "live stream"),
)

LEAD_STAGES = values(
    ("new", "新线索", "new"),
    ("contacted", "已联系", "contacted"),
    ("proposal", "方案洽谈", "proposal"),
    ("signed", "已签约", "signed"),
    ("lost", "已流失", "lost"),
)

LOST_REASONS = values(
    ("price", "价格不合适", "price"),
    ("competitor", "选择了竞争对手", "chose a competitor"),
    ("no_budget", "预算不足", "no budget"),
    ("no_response", "失去联系", "stopped responding"),
    ("not_qualified", "不符合招商条件", "not qualified"),
)

GENDERS = values(
    ("female", "女", "female"),
    ("male", "男", "male"),
)

STORE_KINDS = values(
    ("store", "门店", "store"),
    ("hotel", "酒店", "hotel"),
    ("branch", "分公司/网点", "branch"),
    ("warehouse", "仓库", "warehouse"),
)

PRODUCT_STATUSES = values(
    ("active", "在售", "on sale"),
    ("discontinued", "已下架", "discontinued"),
)
