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
# # 模块 3 库存与利润指标
#
# 卖得多不等于赚得多：货压在仓库里占着钱，打折卖出去可能不赚钱，营销、物流、客服也都要花钱。
# 这本练习用你们公司（一家模拟电商）的数据，带你算出**毛利率、库存周转率和周转天数、缺货率、
# 滞销库存占比、商品动销率、费用率（按费用类别，也就是预算的分配）和净利率**，
# 最后按品类找出两个问题：哪个品类的货卖不动了，哪个品类在“赔本赚吆喝”。
#
# 每道题只写一行代码（模板行里的 `____` 换成正确内容），然后运行下面的 `check(...)` 格子；
# 不会做时运行 `check("q1", hint=True)` 看提示。比率一律写成小数（0.25，而不是 25%）。

# %% [markdown] lang="en"
# # Module 3 Inventory and profit indicators
#
# Selling more is not earning more: stock in the warehouse ties up cash, goods sold at a deep
# discount may earn nothing, and marketing, logistics and customer service all cost money. This
# notebook uses your company's data (a simulated online retailer) to compute **gross margin,
# inventory turnover and days of inventory, stock-out rate, slow-moving stock share, sell-through
# rate, expense ratios (by expense category - how the budget is spent) and net margin**, and then
# finds two problems by product category: which category's goods stopped selling, and which one
# sells a lot but earns little.
#
# Each question needs one line of code (replace the `____` in the template line); then run the
# `check(...)` cell below it. If you are stuck, run `check("q1", hint=True)` for a hint. Rates are
# fractions (0.25, not 25%).

# %%
import matplotlib.pyplot as plt
import pandas as pd

from grading import lab

data = lab.start()
check = lab.check
orders = data["orders"]
order_lines = data["order_lines"]
products = data["products"]
inventory = data["inventory_daily"]
expenses = data["expenses"]
start, end = lab.period()
period_days = (end - start).days
costs = products[["sku_id", "category", "unit_cost"]]

# zh: 报告期内已支付订单的订单行，带上品类和单位成本；销售成本 cogs = 数量 × 单位成本
# en: Order lines of orders paid in the period, with category and unit cost; cogs = quantity × unit cost
paid = orders[
    (orders["status"] == "paid") & (orders["paid_at"] >= start) & (orders["paid_at"] < end)
]
lines = paid.merge(order_lines, on="order_id").merge(costs, on="sku_id", how="left")
lines = lines.assign(
    cogs=lines["quantity"] * lines["unit_cost"],
    month=lines["paid_at"].dt.strftime("%Y-%m"),
)
# zh: 报告期内每天每个 SKU 的库存，带上库存成本 value = 库存数量 × 单位成本
# en: Daily stock of every SKU in the period, with its value at cost = units on hand × unit cost
stock = inventory[(inventory["date"] >= start) & (inventory["date"] < end)].merge(
    costs, on="sku_id", how="left"
)
stock = stock.assign(
    value=stock["on_hand"] * stock["unit_cost"],
    month=stock["date"].dt.strftime("%Y-%m"),
)
revenue = lines["amount"].sum()
cogs = lines["cogs"].sum()
print(
    start.date(),
    "→",
    end.date(),
    "|",
    lab.t("销售额", "revenue"),
    round(revenue, 2),
    "|",
    lab.t("销售成本", "COGS"),
    round(cogs, 2),
)

# %% [markdown] lang="zh"
# ## 1. 毛利率
#
# 毛利率 =（销售额 − 销售成本）÷ 销售额。销售额是已支付订单行的实收金额（`amount`，已经扣了折扣），
# 销售成本是卖出去的货的进价（数量 × 单位成本）。注意分母是**销售额**，不是成本。

# %% [markdown] lang="en"
# ## 1. Gross margin
#
# Gross margin = (revenue − cost of goods sold) ÷ revenue. Revenue is what paid order lines
# brought in (`amount`, discounts already taken off); COGS is what the goods sold cost us
# (quantity × unit cost). The denominator is **revenue**, not cost.

# %% kpilab="answer:q1"
# zh: 模板：q1_gross_margin = (____ - ____) / ____
# en: Template: q1_gross_margin = (____ - ____) / ____
### BEGIN SOLUTION
q1_gross_margin = (revenue - cogs) / revenue
### END SOLUTION
q1_gross_margin

# %% [markdown] lang="zh"
# ## 2. 各品类毛利率
#
# 先按品类把销售额和销售成本分别加总（像透视表），再套同一个公式。

# %% [markdown] lang="en"
# ## 2. Gross margin by category
#
# Sum revenue and COGS per category first (like a pivot table), then apply the same formula.

# %% kpilab="answer:q2"
by_cat = lines.groupby("category")[["amount", "cogs"]].sum()
# zh: 模板：q2_margin_by_category = (by_cat["amount"] - by_cat["____"]) / by_cat["____"]
# en: Template: q2_margin_by_category = (by_cat["amount"] - by_cat["____"]) / by_cat["____"]
### BEGIN SOLUTION
q2_margin_by_category = (by_cat["amount"] - by_cat["cogs"]) / by_cat["amount"]
### END SOLUTION
q2_margin_by_category.round(3)

# %% [markdown] lang="zh"
# ## 3. 库存周转率和周转天数
#
# 库存周转率 = 本期销售成本 ÷ **平均库存成本**。平均库存成本是每天库存成本的平均值，
# 不是最后一天的库存。分子分母都按**成本价**算，所以分子用销售成本，不用销售额。
#
# 库存周转天数 = 本期天数 ÷ 库存周转率：现在的库存大约够卖多少天。

# %% [markdown] lang="en"
# ## 3. Inventory turnover and days of inventory
#
# Inventory turnover = COGS of the period ÷ **average stock value at cost**. The average is the
# mean of each day's stock value, not the last day's stock. Both sides are at **cost**, so the
# numerator is COGS, not revenue.
#
# Days of inventory = days in the period ÷ turnover: roughly how many days the stock lasts.

# %% kpilab="answer:q3"
daily_value = stock.groupby("date")["value"].sum()
avg_stock = daily_value.mean()
print(lab.t("平均库存成本", "average stock value"), round(avg_stock, 2))
# zh: 模板：q3_turnover = ____ / avg_stock
# en: Template: q3_turnover = ____ / avg_stock
### BEGIN SOLUTION
q3_turnover = cogs / avg_stock
### END SOLUTION
q3_turnover

# %% kpilab="answer:q4"
# zh: 模板：q4_inventory_days = period_days / ____
# en: Template: q4_inventory_days = period_days / ____
### BEGIN SOLUTION
q4_inventory_days = period_days / q3_turnover
### END SOLUTION
q4_inventory_days

# %% [markdown] lang="zh"
# ## 4. 缺货率
#
# 每日库存表的每一行是“一个在售 SKU 的一天”。缺货率 = 库存为 0 的行数 ÷ 全部行数（SKU-天）。

# %% [markdown] lang="en"
# ## 4. Stock-out rate
#
# Each row of the daily inventory table is "one active SKU on one day". Stock-out rate = rows
# with 0 on hand ÷ all rows (SKU-days).

# %% kpilab="answer:q5"
# zh: 模板：q5_stockout = (stock["on_hand"] == ____).mean()
# en: Template: q5_stockout = (stock["on_hand"] == ____).mean()
### BEGIN SOLUTION
q5_stockout = (stock["on_hand"] == 0).mean()
### END SOLUTION
q5_stockout

# %% [markdown] lang="zh"
# ## 5. 滞销库存占比
#
# 在报告期**最后一个库存日**，把库存分成两类：近 60 天（含当天）卖出过的 SKU，和一件都没卖出的 SKU（滞销）。
# 滞销库存占比 = 滞销 SKU 的库存成本 ÷ 全部库存成本。按**金额**算，不按件数或 SKU 个数算。

# %% [markdown] lang="en"
# ## 5. Slow-moving stock share
#
# On the period's **last snapshot day**, split the stock in two: SKUs sold in the last 60 days
# (that day included) and SKUs with no sale at all (slow-moving). Slow-moving share = stock value
# at cost of the slow-moving SKUs ÷ total stock value at cost - by **value**, not units or SKU count.

# %% kpilab="answer:q6"
last_day = stock["date"].max()
snap = stock[stock["date"] == last_day]
recent = lines[
    (lines["paid_at"] >= last_day - pd.Timedelta(days=59))
    & (lines["paid_at"] < last_day + pd.Timedelta(days=1))
]
slow = snap[~snap["sku_id"].isin(recent["sku_id"])]
print(last_day.date(), len(snap), "SKU,", len(slow), lab.t("个滞销", "slow-moving"))
# zh: 模板：q6_slow_share = slow["____"].sum() / snap["____"].sum()
# en: Template: q6_slow_share = slow["____"].sum() / snap["____"].sum()
### BEGIN SOLUTION
q6_slow_share = slow["value"].sum() / snap["value"].sum()
### END SOLUTION
q6_slow_share

# %% [markdown] lang="zh"
# ## 6. 商品动销率（报告期最后一个月）
#
# 动销率 = 本月有库存（某天库存 > 0）且至少卖出 1 件的 SKU 数 ÷ 本月有库存的 SKU 数。
# 它回答的是：“我们摆出来卖的货里，有多少是真的在卖的？”

# %% [markdown] lang="en"
# ## 6. Sell-through rate (the period's last month)
#
# Sell-through = SKUs in stock this month (on hand > 0 on some day) that sold at least one unit ÷
# SKUs in stock this month. It answers: of the goods we offer, how many actually sell?

# %% kpilab="answer:q7"
month_start = end - pd.DateOffset(months=1)
m_stock = stock[stock["date"] >= month_start]
in_stock = set(m_stock.loc[m_stock["on_hand"] > 0, "sku_id"])
sold = set(lines.loc[lines["paid_at"] >= month_start, "sku_id"])
print(month_start.strftime("%Y-%m"), len(in_stock), len(sold))
# zh: 模板：q7_sell_through = len(in_stock & ____) / len(____)
# en: Template: q7_sell_through = len(in_stock & ____) / len(____)
### BEGIN SOLUTION
q7_sell_through = len(in_stock & sold) / len(in_stock)
### END SOLUTION
q7_sell_through

# %% [markdown] lang="zh"
# ## 7. 费用率：钱花在了哪里（按费用类别）
#
# 费用率 = 经营费用 ÷ 销售额。按费用类别（营销、物流、客服、销售、其他）分别除以**总销售额**，
# 就能看出每 100 元销售额里，各类费用各花了多少——这正是做下一期预算时按类别分配的依据。

# %% [markdown] lang="en"
# ## 7. Expense ratio: where the money goes (by expense category)
#
# Expense ratio = operating expenses ÷ revenue. Dividing each expense category (marketing,
# logistics, customer service, sales, other) by **total revenue** shows how much of every 100 yuan
# of sales each kind of expense takes - the basis for splitting next period's budget by category.

# %% kpilab="answer:q8"
exp = expenses[(expenses["date"] >= start) & (expenses["date"] < end)]
by_type = exp.groupby("category")["amount"].sum()
# zh: 模板：q8_expense_ratio = by_type / ____
# en: Template: q8_expense_ratio = by_type / ____
### BEGIN SOLUTION
q8_expense_ratio = by_type / revenue
### END SOLUTION
q8_expense_ratio.round(4)

# %%
ratio_by_type = (by_type / revenue).sort_values()
fig, ax = plt.subplots(figsize=(7, 3))
ax.barh(ratio_by_type.index, ratio_by_type.to_numpy(), color="#55A868")
ax.set_title(
    lab.t("各类费用占销售额的比例（费用率）", "Each expense category as a share of revenue")
)
ax.set_xlabel(lab.t("费用率", "expense ratio"))
plt.show()

# %% [markdown] lang="zh"
# ## 8. 净利率
#
# 净利率 =（销售额 − 销售成本 − 经营费用）÷ 销售额。毛利率减去总费用率，就是净利率。

# %% [markdown] lang="en"
# ## 8. Net margin
#
# Net margin = (revenue − COGS − operating expenses) ÷ revenue: the gross margin minus the total
# expense ratio.

# %% kpilab="answer:q9"
total_expenses = exp["amount"].sum()
# zh: 模板：q9_net_margin = (revenue - cogs - ____) / revenue
# en: Template: q9_net_margin = (revenue - cogs - ____) / revenue
### BEGIN SOLUTION
q9_net_margin = (revenue - cogs - total_expenses) / revenue
### END SOLUTION
q9_net_margin

# %% [markdown] lang="zh"
# ## 9. 按品类逐月看：先用探索器
#
# 诊断要按**品类 × 月份**来看。全公司的数字每年都有 618、双 11 这样的季节波动，
# 所以要拿一个品类去和**其他品类的平均**比：大家一起涨跌是季节，只有它自己变了才是问题。

# %% [markdown] lang="en"
# ## 9. Category by month: start with the explorer
#
# Diagnoses look at **category × month**. Company-wide numbers swing every year with 618 and
# Double 11, so compare each category with **the average of the other categories**: moving
# together is the season, moving alone is a problem.

# %%
lab.explorer(data, module=3)

# %%
cat_cogs = lines.pivot_table(
    index="month", columns="category", values="cogs", aggfunc="sum", fill_value=0
)
cat_rev = lines.pivot_table(
    index="month", columns="category", values="amount", aggfunc="sum", fill_value=0
)
days_in_month = stock.groupby("month")["date"].nunique()
cat_stock = stock.pivot_table(
    index="month", columns="category", values="value", aggfunc="sum", fill_value=0
)
cat_avg_stock = cat_stock.div(days_in_month, axis=0)
# zh: 逐月、按品类的库存周转率和毛利率
# en: Monthly inventory turnover and gross margin by category
turnover_by_cat = (
    cat_cogs.reindex(index=cat_avg_stock.index, columns=cat_avg_stock.columns, fill_value=0)
    / cat_avg_stock
)
margin_by_cat = (cat_rev - cat_cogs) / cat_rev

fig, axes = plt.subplots(1, 2, figsize=(13, 4))
turnover_by_cat.plot(ax=axes[0], marker="o", legend=False)
axes[0].set_title(lab.t("各品类逐月库存周转率", "Monthly inventory turnover by category"))
margin_by_cat.plot(ax=axes[1], marker="o")
axes[1].set_title(lab.t("各品类逐月毛利率", "Monthly gross margin by category"))
axes[1].legend(fontsize=8, ncol=2)
plt.show()


# %% [markdown] lang="zh"
# 和模块 2 一样，用 `level_shift` 找一条月度曲线“从哪个月起换了一个水平”：把曲线切成前后两段、
# 各用自己的平均值代替，误差最小的切法就是开始月份（每段至少 2 个月）。

# %% [markdown] lang="en"
# As in module 2, `level_shift` finds the month from which a monthly line moved to a new level:
# cut it into a before and an after part, replace each by its mean, and the cut with the smallest
# error is the start month (at least 2 months on each side).


# %%
def level_shift(series):
    series = series.fillna(series.mean())
    best = None
    for k in range(2, len(series) - 1):
        before, after = series.iloc[:k], series.iloc[k:]
        err = ((before - before.mean()) ** 2).sum() + ((after - after.mean()) ** 2).sum()
        if best is None or err < best[0]:
            best = (err, series.index[k], before.mean(), after.mean())
    _, month, before, after = best
    return {"month": month, "before": before, "after": after, "jump": after - before}


# %% [markdown] lang="zh"
# ## 10. 诊断一：哪个品类的货卖不动了？
#
# 滞销的品类：卖得少了，货却还在进，库存越堆越多，**库存周转率**掉下来。
# 下面把每个品类的周转率除以其他品类的平均周转率（“相对周转率”，去掉季节），再找它从哪个月起变了、变了多少（`change` 是相对变化）。

# %% [markdown] lang="en"
# ## 10. Diagnosis 1: which category stopped selling?
#
# A slow-moving category sells less while stock keeps coming in, so stock piles up and
# **inventory turnover** falls. Below, each category's turnover is divided by the other
# categories' average turnover ("relative turnover", season removed), and `level_shift` finds
# from which month it changed and by how much (`change` is the relative change).

# %%
turn_shifts = {}
for c in turnover_by_cat.columns:
    relative = turnover_by_cat[c] / turnover_by_cat.drop(columns=c).mean(axis=1)
    shift = level_shift(relative)
    shift["change"] = shift["jump"] / shift["before"]
    turn_shifts[c] = shift
turn_shifts = pd.DataFrame.from_dict(turn_shifts, orient="index")
turn_shifts.sort_values("change")

# %% [markdown] lang="zh"
# 写出诊断：`indicator` 是 `"inventory_turnover"`；`segment` 是相对周转率下降最多（`change` 最小）的品类；
# `start_month` 是它的开始月份；`direction` 是 `"down"`；`size` 用这个品类**自己的**逐月周转率（`turnover_by_cat`）：
# 开始月份之前各月的平均是 before，从开始月份起各月的平均是 after，size =（after − before）÷ before。

# %% [markdown] lang="en"
# Write the diagnosis: `indicator` is `"inventory_turnover"`; `segment` the category whose
# relative turnover fell most (smallest `change`); `start_month` its start month; `direction`
# `"down"`; `size` from the category's **own** monthly turnover (`turnover_by_cat`): before is the
# mean of the months before the start month, after the mean from the start month on, and
# size = (after − before) ÷ before.

# %% kpilab="answer:q10"
# zh: 模板：category = turn_shifts["change"].____()，开始月份在 turn_shifts.loc[____, "month"]；
# zh:     before / after 是 turnover_by_cat 里这个品类在开始月份之前 / 之后各月的平均
# en: Template: category = turn_shifts["change"].____(), the start month is turn_shifts.loc[____, "month"];
# en:     before / after are the means of the category's column of turnover_by_cat before / from that month
### BEGIN SOLUTION
category = turn_shifts["change"].idxmin()
month = turn_shifts.loc[category, "month"]
own = turnover_by_cat[category]
before = own[own.index < month].mean()
after = own[own.index >= month].mean()
q10_slow_diagnosis = {
    "indicator": "inventory_turnover",
    "segment": category,
    "start_month": month,
    "direction": "down" if after < before else "up",
    "size": (after - before) / before,
}
### END SOLUTION
q10_slow_diagnosis

# %% [markdown] lang="zh"
# ## 11. 诊断二：哪个品类在“赔本赚吆喝”？
#
# 折扣越打越深的品类，销量可能还在涨，**毛利率**却在掉。把每个品类的逐月毛利率减去其他品类的平均毛利率
# （“毛利率差”，去掉 618、双 11 全场打折的影响），再找它从哪个月起变了。

# %% [markdown] lang="en"
# ## 11. Diagnosis 2: which category sells a lot but earns little?
#
# A category with deeper and deeper discounts may even sell more, while its **gross margin**
# falls. Subtract the other categories' average margin from each category's monthly margin (the
# "margin gap", which removes the store-wide 618 and Double 11 discounts) and find from which
# month it changed.

# %%
margin_shifts = pd.DataFrame.from_dict(
    {
        c: level_shift(margin_by_cat[c] - margin_by_cat.drop(columns=c).mean(axis=1))
        for c in margin_by_cat.columns
    },
    orient="index",
)
margin_shifts.sort_values("jump")

# %% [markdown] lang="zh"
# 写出诊断：`indicator` 是 `"gross_margin"`；`segment` 是毛利率差下降最多（`jump` 最小）的品类；
# `start_month` 是它的开始月份；`direction` 是 `"down"`。
#
# `size` 要用**合并计算**的毛利率：把开始月份之前的所有订单行放在一起算一次毛利率（before），
# 从开始月份起的放在一起再算一次（after），size =（after − before）÷ before。
# 毛利率是比率，合并计算就是“先分别加总销售额和成本，再相除”，不是把每月的毛利率取平均。

# %% [markdown] lang="en"
# Write the diagnosis: `indicator` is `"gross_margin"`; `segment` the category whose margin gap
# fell most (smallest `jump`); `start_month` its start month; `direction` `"down"`.
#
# `size` uses **pooled** margins: all the category's order lines before the start month together
# give one margin (before), all lines from the start month on give another (after), and
# size = (after − before) ÷ before. Pooling a ratio means summing revenue and cost first and then
# dividing, not averaging the monthly margins.


# %% kpilab="answer:q11"
def pooled_margin(part):
    return (part["amount"].sum() - part["cogs"].sum()) / part["amount"].sum()


# zh: 模板：category = margin_shifts["jump"].____()，开始月份在 margin_shifts.loc[____, "month"]；
# zh:     before / after 是 pooled_margin(这个品类在开始月份之前 / 之后的订单行)
# en: Template: category = margin_shifts["jump"].____(), the start month is margin_shifts.loc[____, "month"];
# en:     before / after are pooled_margin(the category's lines before / from that month)
### BEGIN SOLUTION
category = margin_shifts["jump"].idxmin()
month = margin_shifts.loc[category, "month"]
mine = lines[lines["category"] == category]
before = pooled_margin(mine[mine["month"] < month])
after = pooled_margin(mine[mine["month"] >= month])
q11_margin_diagnosis = {
    "indicator": "gross_margin",
    "segment": category,
    "start_month": month,
    "direction": "down" if after < before else "up",
    "size": (after - before) / before,
}
### END SOLUTION
q11_margin_diagnosis

# %% [markdown] kpilab="written:w1"

# %% [markdown] lang="zh"
# ## 做完了！
#
# 运行下面的格子看看全部题目的状态。记住：毛利率除以**销售额**；周转率分子分母都按**成本**、
# 用**每日平均**库存；按品类比较时，先和**其他品类**比，排除季节的影响。

# %% [markdown] lang="en"
# ## Done!
#
# Run the cell below to see the status of every question. Remember: gross margin divides by
# **revenue**; turnover is at **cost** on both sides, with the **daily average** stock; when
# comparing categories, compare with the **other categories** first to remove the season.

# %%
lab.show_statuses()
