# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] lang="zh"
# # 模块 7 大促各岗位指标与复盘
#
# 双11 刚刚结束，公司要开**复盘会**。每个岗位都要带着自己的数字来：
#
# | 岗位 | 核心指标 |
# |---|---|
# | 销售/运营 | 销售额、客单价、毛利率（按大促阶段） |
# | 推广 | 曝光量、点击量、点击率、广告投入产出比（ROAS） |
# | 内容 | 粉丝增长数、互动率 |
# | 活动策划 | 活动参与度 |
# | 商品管理 | 缺货率（尤其是畅销品） |
# | 客服 | 工单量、响应时间、投诉 |
#
# 你是数据分析岗：把这些数字按**筹备 / 预热 / 爆发 / 收尾**四个阶段算出来，找出这次大促里出的两个问题，
# 最后写一份复盘结论。每道题只需要写一行代码（把 `____` 换成正确的内容），写完运行下面的 `check(...)`；
# 卡住了就运行 `check("q1", hint=True)` 看提示。

# %% [markdown] lang="en"
# # Module 7 Promotion roles and the post-promotion review
#
# 双11 has just ended and the company holds its **review meeting (复盘)**. Every role brings its
# own numbers:
#
# | role | core indicators |
# |---|---|
# | sales / operations | revenue, AOV per buyer, gross margin (by promotion phase) |
# | advertising | impressions, clicks, click-through rate, return on ad spend (ROAS) |
# | content | follower growth, engagement rate |
# | campaign planning | campaign participation |
# | merchandising | stock-out rate (best sellers above all) |
# | customer service | tickets, response time, complaints |
#
# You are the data analyst: compute these numbers for the four phases **prep / warm-up / peak /
# tail**, find the two problems of this promotion season, and write the review's conclusions. Each
# question needs one line of code (replace `____`); run the `check(...)` cell below it; if you are
# stuck, run `check("q1", hint=True)`.

# %%
import matplotlib.pyplot as plt
import pandas as pd

from grading import lab

data = lab.start()
check = lab.check
orders = data["orders"]
order_lines = data["order_lines"]
products = data["products"]
campaigns = data["campaigns"]
campaign_daily = data["campaign_daily"]
audience = data["campaign_audience"]
expenses = data["expenses"]
posts = data["content_posts"]
followers = data["followers_daily"]
inventory = data["inventory_daily"]
tickets = data["support_tickets"]
start, end = lab.period()
# zh: 报告期的各个月份（"YYYY-MM"）
# en: The months of the reporting period ("YYYY-MM")
months = pd.date_range(start, end, freq="MS", inclusive="left").strftime("%Y-%m").tolist()
# zh: 报告期：start 当天起，到 end 之前（不含 end）
# en: Reporting period: from start up to, but not including, end
print(start.date(), "→", end.date())

# %% [markdown] lang="zh"
# ## 1. 大促日历
#
# 订单表的 `promo_event`（`618` / `double11`）和 `promo_phase`（`prep` 筹备、`warmup` 预热、`peak` 爆发、
# `tail` 收尾）记录了下单时所处的大促和阶段。从订单里就能还原出报告期内每个阶段的起止日期，
# 再给报告期的每一天贴上阶段标签（不在大促里的是“平日”）。后面客服、库存、广告的数字都用这张日历按阶段汇总。

# %% [markdown] lang="en"
# ## 1. The promotion calendar
#
# The orders' `promo_event` (`618` / `double11`) and `promo_phase` (`prep`, `warmup`, `peak`,
# `tail`) record the promotion and phase at order time. From the orders we can rebuild each
# phase's first and last day in the period and give every day of the period its phase ("ordinary"
# outside promotions). The service, stock and advertising numbers below are summed by phase with
# this calendar.

# %%
ORDINARY = lab.t("平日", "ordinary")
PHASES = ["prep", "warmup", "peak", "tail", ORDINARY]
in_period = orders[(orders["ordered_at"] >= start) & (orders["ordered_at"] < end)]
promo = in_period[in_period["promo_phase"].notna()]
calendar = promo.groupby(["promo_event", "promo_phase"])["ordered_at"].agg(["min", "max"])
calendar = calendar.apply(lambda c: c.dt.normalize())
calendar["days"] = (calendar["max"] - calendar["min"]).dt.days + 1
days = pd.Series(ORDINARY, index=pd.date_range(start, end, freq="D", inclusive="left"))
for (_event, phase), row in calendar.iterrows():
    days.loc[row["min"] : row["max"]] = phase
print(days.value_counts())
calendar.sort_values("min")

# %% [markdown] lang="zh"
# ## 2. 销售/运营：各阶段的客单价
#
# 先准备报告期内已支付的订单行 `lines`（和模块 1 一样）。
# 客单价 = 销售额 ÷ 支付买家数（去重客户）。按阶段算，就是**每个阶段各自**的销售额 ÷ 这个阶段的买家数。
# 大促的满减、凑单会不会让客单价变高？

# %% [markdown] lang="en"
# ## 2. Sales / operations: AOV per buyer by phase
#
# First the period's paid order lines `lines` (as in module 1). AOV = revenue ÷ paying customers
# (distinct). By phase it is **each phase's own** revenue ÷ that phase's buyers. Do threshold
# discounts (满减) and bundling raise AOV in a promotion?

# %% kpilab="answer:q1"
paid = orders[
    (orders["status"] == "paid") & (orders["paid_at"] >= start) & (orders["paid_at"] < end)
]
lines = paid.merge(order_lines, on="order_id")
by_phase = lines.groupby("promo_phase")
# zh: 模板：q1_aov_by_phase = by_phase["amount"].sum() / by_phase["customer_id"].____()
# en: Template: q1_aov_by_phase = by_phase["amount"].sum() / by_phase["customer_id"].____()
### BEGIN SOLUTION
q1_aov_by_phase = by_phase["amount"].sum() / by_phase["customer_id"].nunique()
### END SOLUTION
q1_aov_by_phase

# %% [markdown] lang="zh"
# 注意：客单价的分母是“这段时间里的买家数”。时间越长，同一个买家买的次数越多，客单价自然越高——
# 平日加起来有两百多天，它的客单价就不能直接和十几天的爆发期比。比较长短不同的时段，
# 用“笔单价”（销售额 ÷ 订单数）或日均销售额更公平（见第 13 节的看板）。

# %% [markdown] lang="en"
# Note: AOV divides by the buyers of the span. The longer the span, the more often the same buyer
# buys, and the higher the AOV - the two hundred-odd ordinary days cannot be compared with an
# eleven-day peak on AOV. For spans of different length, revenue per order or revenue per day is
# the fairer comparison (see the dashboard in section 13).

# %% [markdown] lang="zh"
# ## 3. 销售/商品：各阶段的毛利率
#
# 毛利率 =（销售额 − 销售成本）÷ 销售额，销售成本 = 数量 × 商品的单位成本（`products.unit_cost`）。
# 大促卖得多，但折扣也深：**爆发期的毛利率是多少**？

# %% [markdown] lang="en"
# ## 3. Sales / merchandising: gross margin by phase
#
# Gross margin = (revenue − cost of goods sold) ÷ revenue, with COGS = quantity × the product's unit
# cost (`products.unit_cost`). A promotion sells more, but with deeper discounts: **what is the
# margin in the peak**?

# %% kpilab="answer:q2"
costed = lines.merge(products[["sku_id", "unit_cost"]], on="sku_id")
costed["cogs"] = costed["quantity"] * costed["unit_cost"]
phase_sum = costed.groupby("promo_phase")[["amount", "cogs"]].sum()
# zh: 模板：q2_margin_by_phase = (phase_sum["amount"] - phase_sum["cogs"]) / phase_sum["____"]
# en: Template: q2_margin_by_phase = (phase_sum["amount"] - phase_sum["cogs"]) / phase_sum["____"]
### BEGIN SOLUTION
q2_margin_by_phase = (phase_sum["amount"] - phase_sum["cogs"]) / phase_sum["amount"]
### END SOLUTION
q2_margin_by_phase

# %% [markdown] lang="zh"
# ## 4. 推广：曝光量
#
# 广告日报 `campaign_daily` 每一行是一个广告活动一天的曝光（impressions）和点击（clicks）。
# 曝光量 = 报告期内曝光数之和。文件里也有报告期之前的历史日报，先筛选日期。

# %% [markdown] lang="en"
# ## 4. Advertising: impressions
#
# Each row of the daily ad report `campaign_daily` is one campaign's impressions and clicks on one
# day. Impressions = the sum over the period. The file also holds history days before the period,
# so filter the dates first.

# %% kpilab="answer:q3"
delivery = campaign_daily[(campaign_daily["date"] >= start) & (campaign_daily["date"] < end)]
delivery = delivery.merge(campaigns[["campaign_id", "channel"]], on="campaign_id")
print(lab.t("点击量：", "clicks:"), delivery["clicks"].sum())
# zh: 模板：q3_impressions = delivery["____"].sum()
# en: Template: q3_impressions = delivery["____"].sum()
### BEGIN SOLUTION
q3_impressions = delivery["impressions"].sum()
### END SOLUTION
q3_impressions

# %% [markdown] lang="zh"
# ## 5. 推广：各投放渠道的点击率
#
# 点击率（CTR）= 点击量 ÷ 曝光量。按投放渠道（`channel`：抖音、小红书、百度……）分别汇总点击和曝光，
# 再相除——**先加总再相除**，不要把每天的点击率平均。

# %% [markdown] lang="en"
# ## 5. Advertising: click-through rate by ad channel
#
# CTR = clicks ÷ impressions. Sum clicks and impressions per ad channel (`channel`: Douyin,
# Xiaohongshu, Baidu...) and divide - **sum first, then divide**; do not average daily CTRs.

# %% kpilab="answer:q4"
per_channel = delivery.groupby("channel")[["clicks", "impressions"]].sum()
# zh: 模板：q4_ctr_by_channel = per_channel["clicks"] / per_channel["____"]
# en: Template: q4_ctr_by_channel = per_channel["clicks"] / per_channel["____"]
### BEGIN SOLUTION
q4_ctr_by_channel = per_channel["clicks"] / per_channel["impressions"]
### END SOLUTION
q4_ctr_by_channel.sort_values()

# %% [markdown] lang="zh"
# ## 6. 推广：广告投入产出比（ROAS）
#
# ROAS = 广告带来的（归因）销售额 ÷ 广告花费。ROAS = 3 表示每花 1 元广告费带回 3 元销售额；低于 1 就是亏钱。
#
# - **归因销售额**：报告期内已支付、并且归因到一个**有投放渠道**的活动（`campaigns.channel` 不为空）的订单的销售额；
# - **广告花费**：这些活动在费用表 `expenses` 里、报告期内的金额。
#
# 注意：订单表也有一列 `channel`，那是**销售渠道**（天猫、京东……）；广告的 `channel` 是**投放渠道**。
# 所以合并前先把订单的 `channel` 去掉（`drop(columns=...)`），免得两列重名。费用表的 `channel` 也一样处理。

# %% [markdown] lang="en"
# ## 6. Advertising: return on ad spend (ROAS)
#
# ROAS = revenue the ads brought in (attributed) ÷ ad spend. ROAS 3 means each yuan of advertising
# brought back 3 yuan of sales; below 1 the ads lose money.
#
# - **attributed revenue**: revenue of orders paid in the period and attributed to a campaign **with
#   an ad channel** (`campaigns.channel` not empty);
# - **ad spend**: those campaigns' amounts in the `expenses` table within the period.
#
# Careful: the orders also have a `channel` column - the **sales channel** (Tmall, JD...); the ads'
# `channel` is the **ad channel**. So drop the orders' `channel` before merging
# (`drop(columns=...)`) to avoid two columns with one name. The same for the expenses' `channel`.

# %% kpilab="answer:q5"
ads = campaigns.loc[campaigns["channel"].notna(), ["campaign_id", "channel"]]
ad_revenue = lines.drop(columns=["channel"]).merge(ads, on="campaign_id")
spend = expenses[(expenses["date"] >= start) & (expenses["date"] < end)]
ad_spend = spend.drop(columns=["channel"]).merge(ads, on="campaign_id")
print(
    lab.t("归因销售额：", "attributed revenue:"),
    round(ad_revenue["amount"].sum(), 2),
    lab.t("广告花费：", "ad spend:"),
    round(ad_spend["amount"].sum(), 2),
)
# zh: 模板：q5_roas = ad_revenue["amount"].sum() / ____["amount"].sum()
# en: Template: q5_roas = ad_revenue["amount"].sum() / ____["amount"].sum()
### BEGIN SOLUTION
q5_roas = ad_revenue["amount"].sum() / ad_spend["amount"].sum()
### END SOLUTION
q5_roas

# %% [markdown] lang="zh"
# ## 7. 推广：各投放渠道的 ROAS
#
# 同样的公式，按投放渠道分组：分子、分母各自按 `channel` 求和，再相除（pandas 会按渠道名自动对齐）。

# %% [markdown] lang="en"
# ## 7. Advertising: ROAS by ad channel
#
# The same formula by ad channel: sum numerator and denominator by `channel`, then divide (pandas
# lines the channels up by name).

# %% kpilab="answer:q6"
revenue_by_channel = ad_revenue.groupby("channel")["amount"].sum()
# zh: 模板：q6_roas_by_channel = revenue_by_channel / ad_spend.groupby("____")["amount"].sum()
# en: Template: q6_roas_by_channel = revenue_by_channel / ad_spend.groupby("____")["amount"].sum()
### BEGIN SOLUTION
q6_roas_by_channel = revenue_by_channel / ad_spend.groupby("channel")["amount"].sum()
### END SOLUTION
q6_roas_by_channel.sort_values()

# %% [markdown] lang="zh"
# ## 8. 诊断：哪个投放渠道在亏钱？
#
# 全年的 ROAS 会把问题摊薄。逐月看各渠道的花费和 ROAS：一个渠道如果**花费突然加大、ROAS 却掉到 1 以下**，
# 钱就在白白流走。

# %% [markdown] lang="en"
# ## 8. Diagnosis: which ad channel is losing money?
#
# A yearly ROAS dilutes a problem. Look month by month at each channel's spend and ROAS: a channel
# whose **spend suddenly grows while its ROAS drops below 1** is pouring money away.

# %%
ad_revenue["month"] = ad_revenue["paid_at"].dt.strftime("%Y-%m")
ad_spend["month"] = ad_spend["date"].dt.strftime("%Y-%m")
spend_m = ad_spend.pivot_table(
    index="month", columns="channel", values="amount", aggfunc="sum"
).fillna(0)
revenue_m = ad_revenue.pivot_table(index="month", columns="channel", values="amount", aggfunc="sum")
revenue_m = revenue_m.reindex(index=spend_m.index, columns=spend_m.columns).fillna(0)
roas_m = revenue_m / spend_m
fig, axes = plt.subplots(1, 2, figsize=(12, 4))
spend_m.plot(ax=axes[0], marker="o", legend=False)
axes[0].set_title(lab.t("各渠道逐月广告花费", "Monthly ad spend by channel"))
axes[0].set_ylabel(lab.t("花费（元）", "spend (CNY)"))
roas_m.plot(ax=axes[1], marker="o")
axes[1].axhline(1, color="grey", ls="--", lw=1)
axes[1].set_title(lab.t("各渠道逐月 ROAS", "Monthly ROAS by channel"))
axes[1].legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
for ax in axes:
    ax.set_xlabel(lab.t("月份", "month"))
    ax.tick_params(axis="x", rotation=45)
    ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()

# %% [markdown] lang="zh"
# 大促月份所有渠道的花费都会增加，所以看**花费占比**（某渠道花费 ÷ 当月全部广告花费）：季节因素就被抵消了。
# 某个渠道的占比突然比上个月翻一倍，就是有人给它加了预算——这正是问题开始的月份。
# 你来写占比这一行：每一行（每个月）除以这一行的合计。`sum(axis=1)` 是按行求和，`div(..., axis=0)` 是按行相除。

# %% [markdown] lang="en"
# In promotion months every channel spends more, so look at the **share of spend** (the channel's
# spend ÷ all ad spend that month): the season cancels out. A channel whose share suddenly doubles
# from the month before was given more budget - that is the month the problem started. You write
# the share line: each row (month) divided by the row's total. `sum(axis=1)` sums each row and
# `div(..., axis=0)` divides row by row.

# %% kpilab="answer:q7"
# zh: 模板：share = spend_m.div(spend_m.____(axis=1), axis=0)
# en: Template: share = spend_m.div(spend_m.____(axis=1), axis=0)
### BEGIN SOLUTION
share = spend_m.div(spend_m.sum(axis=1), axis=0)
### END SOLUTION
# zh: 占比相对上个月的倍数；最大的那个就是加预算的渠道和月份
# en: Share against the month before; the largest is the channel and month the budget went up
jump = (share / share.shift(1)).stack()
month, channel = jump.idxmax()
print(lab.t("占比跳升最大：", "largest jump in share:"), channel, month, round(jump.max(), 2))
seg_rev, seg_spend = revenue_m[channel], spend_m[channel]
before = seg_rev[seg_rev.index < month].sum() / seg_spend[seg_spend.index < month].sum()
after = seg_rev[seg_rev.index >= month].sum() / seg_spend[seg_spend.index >= month].sum()
q7_roas_diagnosis = {
    "indicator": "roas",
    "segment": channel,
    "start_month": month,
    "direction": "up" if after > before else "down",
    "size": (after - before) / before,
}
print(
    lab.t("之前 ROAS", "ROAS before"),
    round(before, 2),
    "→",
    lab.t("之后", "after"),
    round(after, 2),
)
q7_roas_diagnosis

# %% [markdown] lang="zh"
# 幅度的算法和诊断的统一口径一致：ROAS 是比率，之前和之后都是把几个月**合在一起**算
# （销售额之和 ÷ 花费之和），不是把每月的 ROAS 平均。

# %% [markdown] lang="en"
# The size follows the diagnosis convention: ROAS is a ratio, so before and after each **pool**
# their months (sum of revenue ÷ sum of spend) rather than averaging monthly ROAS.

# %% [markdown] lang="zh"
# ## 9. 内容：粉丝增长数
#
# `followers_daily` 是每个平台账号每天结束时的粉丝数——它是一个“存量”。粉丝增长数 = 期末粉丝数 − 期初粉丝数：
# 期末取报告期最后一条日报，期初取**报告期开始前**的最后一条日报（报告期第一天的增长也要算进去）。

# %% [markdown] lang="en"
# ## 9. Content: follower growth
#
# `followers_daily` holds each platform account's followers at the end of each day - a stock.
# Follower growth = followers at the end − at the start: the end is the period's last daily count,
# the start the last count **before the period** (so the first day's growth counts too).

# %% kpilab="answer:q8"
fd = followers.sort_values("date")
inside = fd[(fd["date"] >= start) & (fd["date"] < end)]
end_count = inside.groupby("platform")["followers"].last()
start_count = fd[fd["date"] < start].groupby("platform")["followers"].last()
# zh: 没有期前日报的平台，用报告期第一条
# en: A platform without a count before the period starts from its first count in it
start_count = start_count.combine_first(inside.groupby("platform")["followers"].first()).reindex(
    end_count.index
)
# zh: 模板：growth = end_count - ____
# en: Template: growth = end_count - ____
### BEGIN SOLUTION
growth = end_count - start_count
### END SOLUTION
print(growth)
q8_follower_growth = growth.sum()
q8_follower_growth

# %% [markdown] lang="zh"
# ## 10. 内容：各平台的互动率
#
# 互动率 =（点赞 + 评论 + 转发）÷ 阅读量，计报告期内发布的内容。同样是**先加总再相除**。

# %% [markdown] lang="en"
# ## 10. Content: engagement rate by platform
#
# Engagement rate = (likes + comments + shares) ÷ reads, over posts published in the period.
# Again **sum first, then divide**.

# %% kpilab="answer:q9"
p = posts[(posts["published_at"] >= start) & (posts["published_at"] < end)].copy()
p["engaged"] = p["likes"] + p["comments"] + p["shares"]
per_platform = p.groupby("platform")[["engaged", "reads"]].sum()
# zh: 模板：q9_engagement_by_platform = per_platform["____"] / per_platform["reads"]
# en: Template: q9_engagement_by_platform = per_platform["____"] / per_platform["reads"]
### BEGIN SOLUTION
q9_engagement_by_platform = per_platform["engaged"] / per_platform["reads"]
### END SOLUTION
q9_engagement_by_platform

# %% [markdown] lang="zh"
# ## 11. 活动策划：活动参与度
#
# 优惠券和会员活动会给一批客户发出邀请（`campaign_audience`，每行一位被触达的客户），
# `participated` 表示他用了券或报了名。活动参与度 = 参与的被触达客户数 ÷ 被触达客户数，
# 计**开始日期在报告期内**的活动。所有被触达的客户合在一起算。

# %% [markdown] lang="en"
# ## 11. Campaign planning: campaign participation
#
# Coupons and member activities target a list of customers (`campaign_audience`, one row per
# targeted customer); `participated` says the customer used the coupon or joined. Campaign
# participation = targeted customers who took part ÷ targeted customers, over campaigns **starting
# in the period**, all targeted customers pooled.

# %% kpilab="answer:q10"
started = campaigns[(campaigns["start_date"] >= start) & (campaigns["start_date"] < end)]
targeted = audience.merge(started[["campaign_id", "kind", "promo_event"]], on="campaign_id")
print(targeted.groupby(["kind", "promo_event"], dropna=False)["participated"].agg(["size", "mean"]))
# zh: 模板：q10_participation = targeted["____"].mean()
# en: Template: q10_participation = targeted["____"].mean()
### BEGIN SOLUTION
q10_participation = targeted["participated"].mean()
### END SOLUTION
q10_participation

# %% [markdown] lang="zh"
# ## 12. 商品管理：大促里畅销品断货了吗？
#
# 缺货率 = 期末库存为 0 的 SKU-天数 ÷ 在售 SKU-天数。`inventory_daily` 每一行就是一个在售 SKU 一天结束时的库存。
#
# 大促最怕的是**畅销品**在爆发期断货：顾客来了却买不到。下面先给每个品类找出畅销品（该品类按销量排前 25% 的 SKU，
# 用大促之前的销量来排），再比较每个品类的畅销品在**大促爆发期所在的月份**和之前几个月的缺货率。
# 两次大促都查一遍，缺货率上升最多的那个品类、那个月，就是问题所在。
#
# 你来写第一行：给每个 SKU-天做“是否缺货”的标记。

# %% [markdown] lang="en"
# ## 12. Merchandising: did best sellers run out in the promotion?
#
# Stock-out rate = SKU-days with 0 on hand ÷ SKU-days of active SKUs. Each row of
# `inventory_daily` is one active SKU at the end of one day.
#
# The worst thing in a promotion is a **best seller** running out in the peak: shoppers come and
# cannot buy. Below, each category's best sellers are its top 25% of SKUs by units sold (before the
# promotion), and each category's best sellers' stock-out rate in **the month of the promotion
# peak** is compared with the months before. Both promotions are checked; the category and month
# with the largest rise is the problem.
#
# You write the first line: flag each SKU-day as out of stock or not.

# %% kpilab="answer:q11"
stock = inventory[(inventory["date"] >= start) & (inventory["date"] < end)]
stock = stock.merge(products[["sku_id", "category"]], on="sku_id")
stock["month"] = stock["date"].dt.strftime("%Y-%m")
# zh: 模板：stock["out"] = stock["on_hand"] == ____
# en: Template: stock["out"] = stock["on_hand"] == ____
### BEGIN SOLUTION
stock["out"] = stock["on_hand"] == 0
### END SOLUTION
lines["month"] = lines["paid_at"].dt.strftime("%Y-%m")
peak_months = sorted(lines.loc[lines["promo_phase"] == "peak", "month"].unique())
rows = []
for pm in peak_months:
    units = lines[lines["month"] < pm].groupby("sku_id")["quantity"].sum()
    ranked = products[["sku_id", "category"]].assign(units=products["sku_id"].map(units).fillna(0))
    ranked["rank"] = ranked.groupby("category")["units"].rank(ascending=False, pct=True)
    best_sellers = ranked.loc[ranked["rank"] <= 0.25, "sku_id"]
    bs = stock[stock["sku_id"].isin(best_sellers) & (stock["month"] <= pm)]
    rate = bs.groupby(["category", bs["month"] == pm])["out"].mean().unstack()
    for category, change in (rate[True] - rate[False]).items():
        rows.append({"category": category, "month": pm, "change": change})
scan = pd.DataFrame(rows)
top = scan.loc[scan["change"].idxmax()]
category, month = top["category"], top["month"]
# zh: 幅度按缺货率的定义：该品类的全部 SKU，之前的月份对比爆发期所在的那个月
# en: The size follows the indicator: all the category's SKUs, the months before against the peak month
seg = stock[stock["category"] == category]
before = seg.loc[seg["month"] < month, "out"].mean()
after = seg.loc[seg["month"] == month, "out"].mean()
q11_stockout_diagnosis = {
    "indicator": "stockout_rate",
    "segment": category,
    "start_month": month,
    "direction": "up" if after > before else "down",
    "size": (after - before) / before,
}
print(scan.sort_values("change", ascending=False).head())
q11_stockout_diagnosis

# %% [markdown] lang="zh"
# 这个品类的畅销品在爆发期断货，意味着流量和广告费花出去了，货却卖不出去。看看它逐月的缺货率：

# %% [markdown] lang="en"
# This category's best sellers ran out in the peak: the traffic and the ad money were spent, and
# the goods could not be sold. Its monthly stock-out rate:

# %%
monthly_out = stock.pivot_table(index="month", columns="category", values="out", aggfunc="mean")
fig, ax = plt.subplots(figsize=(9, 4))
monthly_out.drop(columns=[category]).plot(ax=ax, color="#bdc3c7", legend=False, lw=1)
monthly_out[category].plot(ax=ax, color="#c0392b", marker="o", lw=2.5, label=category)
ax.set_title(
    lab.t(
        f"逐月缺货率：{category}（红）与其他品类（灰）",
        f"Monthly stock-out rate: {category} (red) and other categories (grey)",
    )
)
ax.set_xlabel(lab.t("月份", "month"))
ax.set_ylabel(lab.t("缺货率", "stock-out rate"))
ax.legend(handles=[ax.lines[-1]])
ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()

# %% [markdown] lang="zh"
# ## 13. 复盘看板：各岗位的核心指标，按阶段
#
# 把前面的数字和客服、库存、广告的数据放在一张表里，按阶段对比（“/天”都是日均，才能和平日比）。
# 客服的投诉率 = 投诉工单 ÷ 已支付订单。这张表不计分，是你写复盘结论的依据。

# %% [markdown] lang="en"
# ## 13. Review dashboard: each role's core indicators, by phase
#
# The numbers above plus service, stock and advertising data in one table, phase by phase ("/day"
# columns are daily averages, comparable with ordinary days). The complaint rate = complaint
# tickets ÷ paid orders. The table is not graded; it is the basis of your review.


# %%
def phase_of(when):
    """The phase of each timestamp, from the calendar of section 1."""
    return when.dt.normalize().map(days)


n_days = days.value_counts()
lines["phase"] = phase_of(lines["paid_at"])
costed["phase"] = phase_of(costed["paid_at"])
paid_p = paid.assign(phase=phase_of(paid["paid_at"]))
t = tickets[(tickets["created_at"] >= start) & (tickets["created_at"] < end)].copy()
t["phase"] = phase_of(t["created_at"])
t["response_min"] = (t["first_response_at"] - t["created_at"]).dt.total_seconds() / 60
stock["phase"] = stock["date"].map(days)
delivery_p = delivery.assign(phase=delivery["date"].map(days))
ad_revenue["phase"] = phase_of(ad_revenue["paid_at"])
ad_spend["phase"] = ad_spend["date"].map(days)

sales_g = lines.groupby("phase")
cost_g = costed.groupby("phase")[["amount", "cogs"]].sum()
board = pd.DataFrame(
    {
        lab.t("销售额/天", "revenue/day"): sales_g["amount"].sum() / n_days,
        lab.t("笔单价", "revenue/order"): sales_g["amount"].sum() / sales_g["order_id"].nunique(),
        lab.t("毛利率", "gross margin"): (cost_g["amount"] - cost_g["cogs"]) / cost_g["amount"],
        lab.t("曝光/天", "impressions/day"): delivery_p.groupby("phase")["impressions"].sum()
        / n_days,
        "ROAS": ad_revenue.groupby("phase")["amount"].sum()
        / ad_spend.groupby("phase")["amount"].sum(),
        lab.t("缺货率", "stock-out rate"): stock.groupby("phase")["out"].mean(),
        lab.t("工单/天", "tickets/day"): t.groupby("phase").size() / n_days,
        lab.t("首次响应中位数（分钟）", "median first response (min)"): t.groupby("phase")[
            "response_min"
        ].median(),
        lab.t("投诉率", "complaint rate"): t.groupby("phase")["is_complaint"].sum()
        / paid_p.groupby("phase").size(),
    }
).reindex(PHASES)
board.round(3)

# %%
fig, axes = plt.subplots(1, 3, figsize=(13, 3.6))
for ax, col in zip(axes, [board.columns[0], board.columns[5], board.columns[7]], strict=True):
    board[col].plot.bar(ax=ax, color=["#f6b93b", "#e58e26", "#c0392b", "#8e44ad", "#95a5a6"])
    ax.set_title(col)
    ax.set_xlabel("")
    ax.tick_params(axis="x", rotation=0)
fig.suptitle(
    lab.t(
        "大促各阶段：销售、缺货、客服响应", "Promotion phases: sales, stock-outs, service response"
    )
)
fig.tight_layout()
plt.show()

# %% [markdown] lang="zh"
# 也可以用探索器自己看：选指标（ROAS、点击率、互动率、活动参与度……）和维度（投放渠道、活动……），拖动月份范围。

# %% [markdown] lang="en"
# You can also look for yourself in the explorer: pick an indicator (ROAS, CTR, engagement,
# campaign participation...) and a dimension (ad channel, campaign...), and drag the month range.

# %%
lab.explorer(data, module=7)

# %% [markdown] kpilab="written:w1"
