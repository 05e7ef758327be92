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
# # 模块 2 客户指标
#
# 销售额告诉我们“卖了多少”，客户指标告诉我们“生意能不能持续”：来了多少新客户、老客户会不会再买、
# 客户满不满意、有多少客户悄悄流失了。这本练习用你们公司（一家模拟电商）的数据，带你一步步算出
# **新客户数、老客户回购率、满意度（CSAT）、净推荐值（NPS）、流失率、保留率、投诉率**，
# 再按“首购月份”把客户分成**客户群（cohort）**，最后找出公司客户流失背后的两个问题。
#
# 做法和模块 1 一样：每道题只写一行代码（模板行里的 `____` 换成正确内容），
# 然后运行下面的 `check(...)` 格子，马上知道对不对；不会做时运行 `check("q1", hint=True)` 看提示。
#
# 提醒：比率一律写成小数（0.25，而不是 25%）；NPS 例外，它本来就是 -100 到 100 的“分”。

# %% [markdown] lang="en"
# # Module 2 Customer indicators
#
# Revenue tells us how much we sold; customer indicators tell us whether the business can last:
# how many new customers came, whether existing customers buy again, whether customers are
# satisfied, and how many quietly left. This notebook uses your company's data (a simulated online
# retailer) to compute, step by step, **new customers, repurchase rate, satisfaction (CSAT), net
# promoter score (NPS), churn, retention and complaint rate**, then groups customers into
# **cohorts** by the month of their first purchase, and finally finds the two problems behind the
# company's lost customers.
#
# As in module 1, each question needs one line of code (replace the `____` in the template line),
# then run the `check(...)` cell below it to see at once if it is right; if you are stuck, run
# `check("q1", hint=True)` for a hint.
#
# Reminder: rates are fractions (0.25, not 25%); NPS is the exception, it is in points from -100
# to 100.

# %%
import matplotlib.pyplot as plt
import pandas as pd

from grading import lab

data = lab.start()
check = lab.check
orders = data["orders"]
customers = data["customers"]
surveys = data["survey_responses"]
tickets = data["support_tickets"]
start, end = lab.period()
# zh: 已支付订单，包括报告期之前 3 个月的历史数据（判断“新客户”和“活跃客户”都要用到历史）
# en: Paid orders, the 3 history months before the period included (needed to tell new and active customers)
paid_all = orders[orders["status"] == "paid"]
# zh: 报告期：start 当天起，到 end 之前（不含 end）
# en: Reporting period: from start up to, but not including, end
print(
    start.date(),
    "→",
    end.date(),
    "|",
    len(paid_all),
    lab.t("笔已支付订单（含历史）", "paid orders (history included)"),
)

# %% [markdown] lang="zh"
# ## 1. 新客户数
#
# 新客户 = **第一笔已支付订单**落在报告期内的客户。“第一笔”要在**全部数据**里找（包括历史月份）：
# 一个客户去年 12 月买过，今年 3 月再买，他今年就不是新客户。
#
# 下面先按客户找出每人最早的支付时间 `first_paid`（像 Excel 里按客户做“最小值”透视），
# 再数一数其中落在报告期内的有几个。

# %% [markdown] lang="en"
# ## 1. New customers
#
# A new customer is one whose **first paid order** falls in the reporting period. "First" is
# looked up in **all the data** (history months included): a customer who bought last December
# and again this March is not new this year.
#
# The code below finds each customer's earliest payment time `first_paid` (like a pivot table
# with "min" per customer in Excel); you count how many of them fall in the period.

# %% kpilab="answer:q1"
first_paid = paid_all.groupby("customer_id")["paid_at"].min()
# zh: 模板：q1_new_customers = ((first_paid >= ____) & (first_paid < ____)).sum()
# en: Template: q1_new_customers = ((first_paid >= ____) & (first_paid < ____)).sum()
### BEGIN SOLUTION
q1_new_customers = ((first_paid >= start) & (first_paid < end)).sum()
### END SOLUTION
q1_new_customers

# %% [markdown] lang="zh"
# ## 2. 新客户从哪个渠道来
#
# 每个新客户的**第一笔已支付订单**是在哪个渠道（天猫、京东、抖音、小程序……）下的？这能告诉市场部拉新的钱该往哪儿花。
#
# `first_orders` 是每个客户在全部数据中最早的那一笔已支付订单（按支付时间排序后，每个客户只留第一行）；
# `new_first` 是其中落在报告期内的，也就是新客户的首单。请按 `channel` 数一数。

# %% [markdown] lang="en"
# ## 2. Which channel new customers come from
#
# On which channel (Tmall, JD, Douyin, mini program...) did each new customer place the **first
# paid order**? This tells marketing where acquisition money works.
#
# `first_orders` holds each customer's earliest paid order in all the data (sorted by payment
# time, one row kept per customer); `new_first` keeps those in the period - the new customers'
# first orders. Count them by `channel`.

# %% kpilab="answer:q2"
first_orders = paid_all.sort_values(["paid_at", "order_id"]).drop_duplicates("customer_id")
new_first = first_orders[(first_orders["paid_at"] >= start) & (first_orders["paid_at"] < end)]
# zh: 模板：q2_new_by_channel = new_first["____"].value_counts()
# en: Template: q2_new_by_channel = new_first["____"].value_counts()
### BEGIN SOLUTION
q2_new_by_channel = new_first["channel"].value_counts()
### END SOLUTION
q2_new_by_channel

# %% [markdown] lang="zh"
# ### 客户群（cohort）
#
# 把客户按**首购月份**分组，每一组叫一个**客户群**（cohort）：比如“2025-06 客户群”就是 6 月第一次下单的所有客户。
# 下图是每个客户群的人数。之后我们会比较不同客户群的表现——同样是新客户，大促拉来的和平时来的，会不会不一样？

# %% [markdown] lang="en"
# ### Cohorts
#
# Grouping customers by the **month of their first purchase** gives **cohorts**: the "2025-06
# cohort" is everyone who first ordered in June. The chart shows the size of each cohort. Later
# we compare cohorts - are customers won in a big promotion different from those who came at
# other times?

# %%
cohort_of = first_paid.dt.strftime("%Y-%m")
new_in_period = cohort_of[(first_paid >= start) & (first_paid < end)]
cohort_sizes = new_in_period.value_counts().sort_index()
fig, ax = plt.subplots(figsize=(8, 3))
ax.bar(cohort_sizes.index, cohort_sizes.to_numpy(), color="#4C72B0")
ax.set_title(
    lab.t("各客户群（首购月份）的新客户数", "New customers per cohort (month of first purchase)")
)
ax.set_ylabel(lab.t("新客户数", "new customers"))
ax.tick_params(axis="x", rotation=45)
plt.show()

# %% [markdown] lang="zh"
# ## 3. 老客户回购率（报告期最后一个月）
#
# 回购率 = **上个月**买过的客户中，**这个月**又买了的比例。分母是“上个月的买家”，不是“这个月的买家”。
#
# 这里用 Python 的**集合**（set，一组不重复的客户编号）：`a & b` 是两个集合里都有的客户，`len(a)` 是人数。

# %% [markdown] lang="en"
# ## 3. Repurchase rate (the period's last month)
#
# Repurchase rate = of the customers who bought **last month**, the share who bought again **this
# month**. The denominator is last month's buyers, not this month's.
#
# We use Python **sets** (a collection of distinct customer ids): `a & b` holds the customers in
# both sets, `len(a)` counts them.

# %% kpilab="answer:q3"
this_start = end - pd.DateOffset(months=1)
prev_start = this_start - pd.DateOffset(months=1)


def buyers(a, b):
    # zh: 从 a 起、到 b 之前有已支付订单的客户（集合）
    # en: Customers with a paid order from a up to, not including, b (a set)
    mask = (paid_all["paid_at"] >= a) & (paid_all["paid_at"] < b)
    return set(paid_all.loc[mask, "customer_id"])


prev_buyers = buyers(prev_start, this_start)
this_buyers = buyers(this_start, end)
print(this_start.strftime("%Y-%m"), len(prev_buyers), len(this_buyers))
# zh: 模板：q3_repurchase = len(prev_buyers & ____) / len(____)
# en: Template: q3_repurchase = len(prev_buyers & ____) / len(____)
### BEGIN SOLUTION
q3_repurchase = len(prev_buyers & this_buyers) / len(prev_buyers)
### END SOLUTION
q3_repurchase

# %% [markdown] lang="zh"
# ## 4. 客户满意度（CSAT）和净推荐值（NPS）
#
# 问卷表 `survey_responses` 里，`csat` 是 1–5 分的总体满意度，`nps` 是 0–10 分的“愿不愿意推荐给朋友”。
#
# - CSAT = 打 **4 分或 5 分**的问卷 ÷ 填了满意度的问卷（没填的不算）。
# - NPS =（推荐者 9–10 分的占比 − 贬损者 0–6 分的占比）× 100；7–8 分是“中立者”，只在分母里。
#
# 小技巧：`(scores >= 4)` 得到一列 True/False，对它求 `.mean()` 就是 True 的比例。

# %% [markdown] lang="en"
# ## 4. Customer satisfaction (CSAT) and net promoter score (NPS)
#
# In `survey_responses`, `csat` is the 1-5 overall satisfaction and `nps` the 0-10 "would you
# recommend us to a friend".
#
# - CSAT = responses scoring **4 or 5** ÷ responses with a CSAT score (blank ones do not count).
# - NPS = (share of promoters 9-10 − share of detractors 0-6) × 100; 7-8 are passives, in the
#   denominator only.
#
# Tip: `(scores >= 4)` gives a column of True/False, and its `.mean()` is the share of True.

# %% kpilab="answer:q4"
s = surveys[(surveys["responded_at"] >= start) & (surveys["responded_at"] < end)]
csat_scores = s["csat"].dropna()
print(
    len(s),
    lab.t("份问卷；平均满意度", "responses; mean score"),
    round(float(csat_scores.mean()), 2),
)
# zh: 模板：q4_csat = (csat_scores >= ____).mean()
# en: Template: q4_csat = (csat_scores >= ____).mean()
### BEGIN SOLUTION
q4_csat = (csat_scores >= 4).mean()
### END SOLUTION
q4_csat

# %% kpilab="answer:q5"
nps_scores = s["nps"].dropna()
promoters = (nps_scores >= 9).mean()
detractors = (nps_scores <= 6).mean()
# zh: 模板：q5_nps = (____ - ____) * 100
# en: Template: q5_nps = (____ - ____) * 100
### BEGIN SOLUTION
q5_nps = (promoters - detractors) * 100
### END SOLUTION
q5_nps

# %% [markdown] lang="zh"
# ## 5. 流失率和保留率（报告期最后一个月）
#
# 电商客户不会“退订”，所以要先定义谁算**活跃客户**：在某个时点之前的 **90 天**内有已支付订单。
#
# - **流失率** = 月初活跃、到月末已不再活跃的客户 ÷ **月初**活跃客户数。
# - **保留率** =（月末活跃客户数 − 本月新客户数）÷ 月初活跃客户数。月末活跃里可能有“回流”的老客户，
#   所以保留率不一定等于 1 − 流失率。
#
# 注意分母：流失率问的是“**月初那批人**里走了多少”，所以除以月初人数，不是月末人数。

# %% [markdown] lang="en"
# ## 5. Churn and retention (the period's last month)
#
# Online shoppers never "cancel", so first we define an **active customer**: one with a paid
# order in the **90 days** before a given instant.
#
# - **Churn rate** = customers active at the start of the month and no longer active at its end ÷
#   customers active at the **start**.
# - **Retention rate** = (customers active at the end − new customers of the month) ÷ customers
#   active at the start. Customers who come back count at the end, so retention need not equal
#   1 − churn.
#
# Mind the denominator: churn asks how many of **the customers we had at the start** left, so it
# divides by the start count, not the end count.

# %% kpilab="answer:q6"
WINDOW = pd.Timedelta(days=90)


def active_at(at):
    # zh: 时点 at 的活跃客户：at 之前 90 天内有已支付订单
    # en: Customers active at instant at: a paid order in the 90 days before it
    return buyers(at - WINDOW, at)


active_start = active_at(this_start)
active_end = active_at(end)
lost = active_start - active_end
print(len(active_start), len(active_end), len(lost))
# zh: 模板：q6_churn = len(____) / len(____)
# en: Template: q6_churn = len(____) / len(____)
### BEGIN SOLUTION
q6_churn = len(lost) / len(active_start)
### END SOLUTION
q6_churn

# %% kpilab="answer:q7"
new_this_month = set(first_paid.index[(first_paid >= this_start) & (first_paid < end)])
# zh: 模板：q7_retention = (len(active_end) - len(____)) / len(active_start)
# en: Template: q7_retention = (len(active_end) - len(____)) / len(active_start)
### BEGIN SOLUTION
q7_retention = (len(active_end) - len(new_this_month)) / len(active_start)
### END SOLUTION
q7_retention

# %% [markdown] lang="zh"
# ## 6. 客户投诉率
#
# 投诉率 = 报告期内创建的**投诉工单**（`is_complaint` 为 True）÷ 报告期内的**已支付订单数**。
# 分母是订单，不是工单：我们想知道“每卖出 100 单，有几单引来投诉”。

# %% [markdown] lang="en"
# ## 6. Complaint rate
#
# Complaint rate = **complaint tickets** created in the period (`is_complaint` is True) ÷ **paid
# orders** in the period. The denominator is orders, not tickets: we want to know how many out
# of every 100 orders sold led to a complaint.

# %% kpilab="answer:q8"
t = tickets[(tickets["created_at"] >= start) & (tickets["created_at"] < end)]
paid = paid_all[(paid_all["paid_at"] >= start) & (paid_all["paid_at"] < end)]
print(len(t), lab.t("张工单，", "tickets, "), len(paid), lab.t("笔已支付订单", "paid orders"))
# zh: 模板：q8_complaint_rate = t["is_complaint"].____() / len(paid)
# en: Template: q8_complaint_rate = t["is_complaint"].____() / len(paid)
### BEGIN SOLUTION
q8_complaint_rate = t["is_complaint"].sum() / len(paid)
### END SOLUTION
q8_complaint_rate

# %% [markdown] lang="zh"
# 投诉率也可以按区域来看：每个区域的投诉工单数 ÷ 这个区域的已支付订单数。某个区域明显偏高，往往就是质量或服务出了问题。

# %% [markdown] lang="en"
# The complaint rate can also be cut by region: each region's complaint tickets ÷ that region's
# paid orders. A region clearly above the others often points to a quality or service problem.

# %% kpilab="answer:q9"
region_cols = customers[["customer_id", "region"]]
orders_by_region = paid.merge(region_cols, on="customer_id", how="left").groupby("region").size()
t_region = t.merge(region_cols, on="customer_id", how="left")
complaints_by_region = t_region.groupby("region")["is_complaint"].sum()
complaints_by_region = complaints_by_region.reindex(orders_by_region.index, fill_value=0)
# zh: 模板：q9_complaints_by_region = complaints_by_region / ____
# en: Template: q9_complaints_by_region = complaints_by_region / ____
### BEGIN SOLUTION
q9_complaints_by_region = complaints_by_region / orders_by_region
### END SOLUTION
q9_complaints_by_region.round(4)

# %% [markdown] lang="zh"
# ## 7. 逐月流失率
#
# 流失率要按月看才有意义（拿一整年算，几乎所有人都会“流失”过一次）。
# `churn_of_month(m)` 用第 5 节的方法算出从 `m` 开始的那个月的流失率，下面把每个月都算一遍并画出来。

# %% [markdown] lang="en"
# ## 7. Churn month by month
#
# Churn is meaningful month by month (over a whole year almost everyone "churns" once).
# `churn_of_month(m)` computes the churn of the month starting at `m` as in section 5; below it
# is computed for every month and plotted.

# %%
months = pd.date_range(start, end, freq="MS", inclusive="left")


def churn_of_month(m):
    a = active_at(m)
    b = active_at(m + pd.DateOffset(months=1))
    return len(a - b) / len(a)


churn_by_month = pd.Series({m.strftime("%Y-%m"): churn_of_month(m) for m in months})
fig, ax = plt.subplots(figsize=(8, 3))
ax.plot(churn_by_month.index, churn_by_month.to_numpy(), marker="o")
ax.set_title(lab.t("全公司逐月流失率", "Company churn rate by month"))
ax.set_ylabel(lab.t("流失率", "churn rate"))
ax.tick_params(axis="x", rotation=45)
plt.show()

# %% [markdown] lang="zh"
# ## 8. 诊断一：哪个区域的客户在流失？
#
# 客服反映：某个区域最近质量问题多，退款和投诉都在增加。质量问题往往**先**表现为退款和投诉，
# 客户**随后**才离开。所以我们分两步：
#
# 1. 用“问题订单占比”（已退款、或者引来投诉的订单 ÷ 当月支付的订单）按区域逐月看，找出**哪个区域、从哪个月起**明显变差；
# 2. 再看这个区域的**流失率**在那个月之前和之后各是多少。
#
# 先用探索器自己看一看，再运行下面的代码。

# %% [markdown] lang="en"
# ## 8. Diagnosis 1: which region is losing customers?
#
# Customer service reports more quality problems in one region lately, with refunds and
# complaints rising. A quality problem usually shows **first** as refunds and complaints, and
# customers leave **afterwards**. So we work in two steps:
#
# 1. Look at the "problem order share" (orders refunded or complained about ÷ orders paid that
#    month) by region and month, and find **which region, from which month**, got clearly worse;
# 2. Then compare that region's **churn** before and from that month.
#
# Look around in the explorer first, then run the code below.

# %%
lab.explorer(data, module=2)

# %%
complaint_orders = tickets.loc[tickets["is_complaint"], "order_id"].dropna()
o = orders[(orders["paid_at"] >= start) & (orders["paid_at"] < end)]
o = o.merge(customers[["customer_id", "region"]], on="customer_id", how="left")
o = o.assign(
    month=o["paid_at"].dt.strftime("%Y-%m"),
    problem=((o["status"] == "refunded") | o["order_id"].isin(complaint_orders)).astype("float64"),
)
problem_share = o.pivot_table(index="month", columns="region", values="problem", aggfunc="mean")
order_count = o.pivot_table(index="month", columns="region", values="problem", aggfunc="size")

fig, ax = plt.subplots(figsize=(9, 4))
problem_share.plot(ax=ax, marker="o")
ax.set_title(
    lab.t(
        "各区域逐月问题订单占比（退款或投诉）",
        "Problem order share by region (refunded or complained)",
    )
)
ax.set_ylabel(lab.t("占比", "share"))
plt.show()
problem_share.round(3)

# %% [markdown] lang="zh"
# 肉眼看出来的“从某月起变差”，可以用一个简单的规则来定：把一条月度曲线在某个月切成前后两段，
# 每段用自己的平均值代替，**误差最小的切法**就是变化开始的月份（每段至少 2 个月）。
# 订单少的月份占比波动大：每个月按它的订单数加权（平均值就是这一段所有订单合在一起的占比），
# 几十单的月份不会盖过几百单的月份。
# `level_shift` 帮你做这件事，并给出前后两段的占比和跳升幅度 `jump`。

# %% [markdown] lang="en"
# A "worse from some month on" that you see by eye can be pinned down with a simple rule: cut a
# monthly line into a before part and an after part, replace each part by its own mean, and the
# **cut with the smallest error** is the month the change began (at least 2 months on each side).
# A month with few orders has a jumpy share, so each month weighs by its number of orders (a
# part's mean is then the share over all of its orders pooled), and a month of a few dozen orders
# cannot outweigh one of several hundred.
# `level_shift` does this and returns both shares and the `jump` between them.


# %%
def level_shift(share, weight):
    # zh: weight 是每个月的订单数；没有订单的月份权重为 0
    # en: weight is each month's number of orders; a month without orders weighs 0
    share, weight = share.fillna(0.0), weight.fillna(0.0)
    best = None
    for k in range(2, len(share) - 1):
        err, means = 0.0, []
        for part, w in ((share.iloc[:k], weight.iloc[:k]), (share.iloc[k:], weight.iloc[k:])):
            mean = (part * w).sum() / w.sum()
            err += (w * (part - mean) ** 2).sum()
            means.append(mean)
        if best is None or err < best[0]:
            best = (err, share.index[k], *means)
    _, month, before, after = best
    return {"month": month, "before": before, "after": after, "jump": after - before}


shifts = pd.DataFrame.from_dict(
    {r: level_shift(problem_share[r], order_count[r]) for r in problem_share.columns},
    orient="index",
)
shifts.sort_values("jump", ascending=False)

# %% [markdown] lang="zh"
# 再准备好**按区域的逐月流失率**：和第 7 题一样的流失率，只是分区域来算。

# %% [markdown] lang="en"
# Now the **monthly churn by region**: the same churn as in question 7, computed per region.

# %%
region_of = customers.set_index("customer_id")["region"]


def churn_table(group_of):
    # zh: 逐月流失率：行是月份，列是分组（区域、客户群……）
    # en: Monthly churn: one row per month, one column per group (region, cohort...)
    rows = {}
    for m in months:
        a = pd.Series(sorted(active_at(m)), dtype="str")
        b = active_at(m + pd.DateOffset(months=1))
        frame = pd.DataFrame({"group": group_of.reindex(a).to_numpy(), "lost": ~a.isin(list(b))})
        rows[m.strftime("%Y-%m")] = frame.groupby("group")["lost"].mean()
    return pd.DataFrame(rows).T.sort_index()


churn_by_region = churn_table(region_of)
churn_by_region.round(3)

# %% [markdown] lang="zh"
# 现在写出你的诊断（一个字典）：
#
# - `indicator`：要诊断的指标，这里是流失率 `"churn_rate"`；
# - `segment`：问题订单占比跳升最大的区域；`start_month`：它开始变差的月份（`"YYYY-MM"`）；
# - `direction`：质量问题让流失率上升，写 `"up"`；
# - `size`：这个区域流失率的相对变化 =（之后 − 之前）÷ 之前，“之前”是开始月份之前各月流失率的平均，
#   “之后”是从开始月份到报告期末各月的平均。

# %% [markdown] lang="en"
# Now write your diagnosis (a dict):
#
# - `indicator`: the indicator diagnosed, here churn `"churn_rate"`;
# - `segment`: the region whose problem order share jumped most; `start_month`: the month it
#   started (`"YYYY-MM"`);
# - `direction`: a quality problem drives churn up, so `"up"`;
# - `size`: the region's relative change in churn = (after − before) ÷ before, where before is
#   the mean monthly churn of the months before the start month and after the mean from the
#   start month to the period end.

# %% kpilab="answer:q10"
# zh: 模板：region = shifts["jump"].____()，开始月份在 shifts.loc[____, "month"]；
# zh:     before / after 是 churn_by_region 里这个区域在开始月份之前 / 之后各月的平均
# en: Template: region = shifts["jump"].____(), the start month is shifts.loc[____, "month"];
# en:     before / after are the means of the region's column of churn_by_region before / from that month
### BEGIN SOLUTION
region = shifts["jump"].idxmax()
month = shifts.loc[region, "month"]
before = churn_by_region.loc[churn_by_region.index < month, region].mean()
after = churn_by_region.loc[churn_by_region.index >= month, region].mean()
q10_churn_diagnosis = {
    "indicator": "churn_rate",
    "segment": region,
    "start_month": month,
    "direction": "up",
    "size": (after - before) / before,
}
### END SOLUTION
q10_churn_diagnosis

# %% [markdown] lang="zh"
# ## 9. 诊断二：大促拉来的新客户留得住吗？
#
# 市场部说大促（618）拉新效果很好——第 2 节的图里，那个月的客户群确实最大。可他们之后还会买吗？
#
# 比较客户群要“同龄比较”：每个客户群都看它**首购后第 3 个月**的流失率（首购月是第 0 个月）。
# 下面先算出按客户群的逐月流失率，再取出每个客户群第 3 个月的那一格。

# %% [markdown] lang="en"
# ## 9. Diagnosis 2: do the customers won in a big promotion stay?
#
# Marketing says the big promotion (618) brought many new customers - and in the chart of
# section 2 that month's cohort is indeed the largest. But do they buy again?
#
# Cohorts are compared **at the same age**: each cohort's churn in the **3rd month after its first
# purchase** (the first month is month 0). The code below computes monthly churn per cohort and
# picks each cohort's cell at age 3.

# %%
churn_by_cohort = churn_table(cohort_of)
labels = list(churn_by_cohort.index)
at_age_3 = pd.Series(
    {
        c: churn_by_cohort.at[labels[i + 3], c]
        for i, c in enumerate(labels)
        if i + 3 < len(labels) and c in churn_by_cohort.columns
    },
    dtype="float64",
).dropna()
# zh: 能看到第 3 个月的客户群，各有多少新客户
# en: New customers of each cohort that has reached age 3
sizes = cohort_sizes.reindex(at_age_3.index)

fig, ax = plt.subplots(figsize=(8, 3))
ax.bar(at_age_3.index, at_age_3.to_numpy(), color="#DD8452")
ax.set_title(
    lab.t(
        "各客户群首购后第 3 个月的流失率", "Churn of each cohort 3 months after its first purchase"
    )
)
ax.set_ylabel(lab.t("流失率", "churn rate"))
ax.tick_params(axis="x", rotation=45)
plt.show()
pd.DataFrame({"new_customers": sizes, "churn_at_age_3": at_age_3.round(3)})

# %% [markdown] lang="zh"
# 写出诊断：
#
# - `segment`：大促客户群——能看到第 3 个月的客户群里，**新客户最多**的那个（`sizes` 最大）；
# - `start_month`：问题从这个客户群开始，和 `segment` 相同；`indicator` 是 `"churn_rate"`；
# - `size`：这个客户群第 3 个月的流失率，相对**更早的客户群**同龄流失率平均值的变化 =（它 − 平均）÷ 平均；
# - `direction`：比更早的客户群高就是 `"up"`。

# %% [markdown] lang="en"
# Write the diagnosis:
#
# - `segment`: the promotion cohort - among cohorts that have reached age 3, the one with **the
#   most new customers** (largest `sizes`);
# - `start_month`: the problem starts with this cohort, the same as `segment`; `indicator` is
#   `"churn_rate"`;
# - `size`: this cohort's churn at age 3 relative to the mean churn of **earlier cohorts** at the
#   same age = (its value − mean) ÷ mean;
# - `direction`: `"up"` if it is higher than the earlier cohorts.

# %% kpilab="answer:q11"
# zh: 模板：cohort = sizes.____()；
# zh:     before 是 at_age_3 里比 cohort 更早的客户群的平均，after 是 at_age_3 里 cohort 那一格
# en: Template: cohort = sizes.____();
# en:     before is the mean of at_age_3 over cohorts earlier than cohort, after is at_age_3 at cohort
### BEGIN SOLUTION
cohort = sizes.idxmax()
before = at_age_3[at_age_3.index < cohort].mean()
after = at_age_3[cohort]
q11_promo_diagnosis = {
    "indicator": "churn_rate",
    "segment": cohort,
    "start_month": cohort,
    "direction": "up" if after > before else "down",
    "size": (after - before) / before,
}
### END SOLUTION
q11_promo_diagnosis

# %% [markdown] kpilab="written:w1"

# %% [markdown] lang="zh"
# ## 做完了！
#
# 运行下面的格子看看全部题目的状态。记住本模块最重要的三件事：新客户看**全部历史**里的第一单；
# 流失率除以**期初**人数；比较客户群要**同龄比较**。

# %% [markdown] lang="en"
# ## Done!
#
# Run the cell below to see the status of every question. The three things to remember from
# this module: new customers are judged by the first order in **all the history**; churn divides
# by the customers at the **start**; cohorts are compared **at the same age**.

# %%
lab.show_statuses()
