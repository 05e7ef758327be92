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
# # 模块 1 销售与流量指标
#
# 你在一家电商公司（模拟的，数据格式和真实导出一样）做销售内勤/运营助理。店铺开在天猫、京东、
# 抖音和微信小程序上，每年有 618 和双11 两次大促。领导每个月都要看：**卖了多少、谁在买、
# 流量转化得怎么样、大促效果如何**。
#
# 这本练习分三部分：
#
# 1. **pandas 快速入门**：用你们公司自己的订单表，学会读表、看行、筛选、分组求和和透视表——
#    都是你在 Excel 里天天做的事，只是换成一行代码；
# 2. **销售指标**：销售额、销售量、客单价、环比和同比增长、大促各阶段的销售，外加一次“数据体检”；
# 3. **流量指标**：访客数（UV）、浏览量（PV）、转化率、跳失率，最后找出流量里出了什么问题。
#
# 每道题只需要写一行代码：把 `____` 换成正确的内容。写完运行下面的 `check(...)` 格子，马上知道对不对；
# 卡住了就运行 `check("q1", hint=True)` 看提示。

# %% [markdown] lang="en"
# # Module 1 Sales and traffic indicators
#
# You work in sales support / operations at an online retailer (simulated, but the data looks like
# a real export). The shop sells on Tmall, JD, Douyin and a WeChat mini program, and every year
# has two big promotions (大促): 618 and 双11. Every month management wants to know: **how much
# we sold, who is buying, how well traffic converts, and how the promotions went**.
#
# The notebook has three parts:
#
# 1. **A quick pandas primer** on your company's own orders: reading a table, looking at rows,
#    filtering, grouping and summing, and pivot tables - what you do in Excel every day, one line
#    of code each;
# 2. **Sales indicators**: revenue, units sold, average order value per buyer, month-over-month
#    and year-over-year growth, sales by promotion phase, plus a data health check;
# 3. **Traffic indicators**: visitors (UV), page views (PV), conversion and bounce rate, and
#    finally what went wrong in the traffic.
#
# Each question needs one line of code: replace `____` with the right thing. Run the `check(...)`
# cell below it to see at once if it is right; if you are stuck, run `check("q1", hint=True)`.

# %%
import matplotlib.pyplot as plt
import pandas as pd

from grading import lab

data = lab.start()
check = lab.check
orders = data["orders"]
order_lines = data["order_lines"]
sessions = data["web_sessions"]
start, end = lab.period()
# zh: 报告期的各个月份（"YYYY-MM"）
# en: The months of the reporting period ("YYYY-MM")
months = pd.date_range(start, end, freq="MS", inclusive="left").strftime("%Y-%m").tolist()
# zh: 报告期：start 当天起，到 end 之前（不含 end）
# en: Reporting period: from start up to, but not including, end
print(start.date(), "→", end.date())

# %% [markdown] lang="zh"
# ## 0. pandas 快速入门：把 Excel 的操作换成一行代码
#
# `data` 里装着公司导出的所有表，每张表是一个 **DataFrame**——相当于 Excel 里的一个工作表：
# 有列名（表头）和很多行。上面已经把订单表取出来放在 `orders` 里了。
#
# | 你在 Excel 里做的 | pandas 里的写法 |
# |---|---|
# | 看看表有多大 | `orders.shape`（行数, 列数） |
# | 看前几行 | `orders.head()` |
# | 对某列做“计数” | `orders["status"].value_counts()` |
# | 筛选 | `orders[orders["status"] == "paid"]` |
# | VLOOKUP 把两张表对上 | `orders.merge(order_lines, on="order_id")` |
# | SUMIF / 分类汇总 | `lines.groupby("channel")["amount"].sum()` |
# | 数据透视表 | `lines.pivot_table(index=..., columns=..., values=..., aggfunc="sum")` |
#
# 下面每个格子直接运行（Shift+Enter）就行，不计分。看懂了，后面的题就很简单。

# %% [markdown] lang="en"
# ## 0. A quick pandas primer: Excel steps as one line of code
#
# `data` holds every table the company exported; each table is a **DataFrame** - like a worksheet
# in Excel, with column names (the header) and many rows. The orders table is already in `orders`.
#
# | what you do in Excel | in pandas |
# |---|---|
# | how big is the sheet | `orders.shape` (rows, columns) |
# | look at the first rows | `orders.head()` |
# | count the values of a column | `orders["status"].value_counts()` |
# | filter | `orders[orders["status"] == "paid"]` |
# | VLOOKUP to match two sheets | `orders.merge(order_lines, on="order_id")` |
# | SUMIF / subtotals | `lines.groupby("channel")["amount"].sum()` |
# | pivot table | `lines.pivot_table(index=..., columns=..., values=..., aggfunc="sum")` |
#
# Just run each cell below (Shift+Enter); they are not graded. Once they make sense, the
# questions are easy.

# %% [markdown] lang="zh"
# **读表、看行。** 订单表有多少行、多少列？前 5 行长什么样？每一行是一笔订单：谁买的、什么时候下单和支付、
# 状态、渠道、用什么终端下的单、是不是大促期间……

# %% [markdown] lang="en"
# **Read a table, look at rows.** How many rows and columns does the orders table have, and what
# do the first 5 rows look like? Each row is one order: who bought, when it was ordered and paid,
# its status, channel, device, whether it was in a promotion...

# %%
print(orders.shape)
orders.head()

# %% [markdown] lang="zh"
# **数一数。** 取一列用 `表["列名"]`；`value_counts()` 数每个值出现几次，就像 Excel 的 COUNTIF。
# 订单有三种状态：已支付 `paid`、已退款 `refunded`、已取消 `cancelled`。

# %% [markdown] lang="en"
# **Count.** `table["column"]` takes one column; `value_counts()` counts how often each value
# appears, like COUNTIF in Excel. Orders have three statuses: `paid`, `refunded` and `cancelled`.

# %%
orders["status"].value_counts()

# %% [markdown] lang="zh"
# **筛选。** 方括号里放一个“条件”，就只留下满足条件的行，和 Excel 的筛选一样。
# 多个条件用 `&`（并且）连起来，每个条件要加括号。日期可以直接和 `start`、`end` 比较。
# 试着把 `"paid"` 改成 `"refunded"` 再运行一次。

# %% [markdown] lang="en"
# **Filter.** A condition inside the square brackets keeps only the rows that meet it, like a
# filter in Excel. Join several conditions with `&` (and), each in parentheses. Dates compare
# directly with `start` and `end`. Try changing `"paid"` to `"refunded"` and run it again.

# %%
demo = orders[
    (orders["status"] == "paid") & (orders["paid_at"] >= start) & (orders["paid_at"] < end)
]
print(len(demo), lab.t("笔报告期内已支付的订单", "orders paid in the reporting period"))
demo.head(3)

# %% [markdown] lang="zh"
# **对表（VLOOKUP）。** 金额在订单明细表 `order_lines` 里（一笔订单可能买了几样东西，每样一行）。
# `merge` 按共同的列 `order_id` 把两张表对上，相当于 VLOOKUP，但一次把所有列都带过来。

# %% [markdown] lang="en"
# **Match two tables (VLOOKUP).** The amounts are in the order lines table `order_lines` (an order
# may buy several items, one line each). `merge` matches the tables on their shared column
# `order_id` - like VLOOKUP, but it brings every column along at once.

# %%
demo_lines = demo.merge(order_lines, on="order_id")
demo_lines[["order_id", "channel", "sku_id", "quantity", "unit_price", "discount", "amount"]].head()

# %% [markdown] lang="zh"
# **分组求和（SUMIF）。** `groupby("channel")` 按渠道分组，`["amount"].sum()` 对每组的金额求和。
# 把 `sum` 换成 `mean`（平均）、`count`（计数）、`nunique`（去重计数）也都可以。

# %% [markdown] lang="en"
# **Group and sum (SUMIF).** `groupby("channel")` makes one group per channel and
# `["amount"].sum()` sums each group's amounts. `mean`, `count` and `nunique` (distinct count)
# work in place of `sum` too.

# %%
demo_lines.groupby("channel")["amount"].sum()

# %% [markdown] lang="zh"
# **数据透视表。** 先从支付时间做出“月份”列，再让月份做行、渠道做列、金额求和——和 Excel 透视表一模一样。

# %% [markdown] lang="en"
# **Pivot table.** First make a "month" column from the payment time, then months as rows,
# channels as columns and amounts summed - exactly an Excel pivot table.

# %%
demo_lines["month"] = demo_lines["paid_at"].dt.strftime("%Y-%m")
demo_lines.pivot_table(index="month", columns="channel", values="amount", aggfunc="sum").round(0)

# %% [markdown] lang="zh"
# 好了，这就是后面要用到的全部招式。开始算指标吧！

# %% [markdown] lang="en"
# That is every move you need. On to the indicators!

# %% [markdown] lang="zh"
# ## 1. 销售额
#
# 销售额 = 报告期内**已支付**（status 为 `paid`）订单的订单行金额之和。已退款、已取消的订单不算；
# 文件里还有报告期之前 3 个月的历史数据，也不算。

# %% [markdown] lang="en"
# ## 1. Revenue
#
# Revenue = the sum of line amounts of orders **paid** in the reporting period (status `paid`).
# Refunded and cancelled orders do not count, and neither do the 3 history months before the period.

# %% kpilab="answer:q1"
in_period = (orders["paid_at"] >= start) & (orders["paid_at"] < end)
paid = orders[in_period & (orders["status"] == "paid")]
lines = paid.merge(order_lines, on="order_id")
# zh: 模板：q1_revenue = lines["____"].sum()
# en: Template: q1_revenue = lines["____"].sum()
### BEGIN SOLUTION
q1_revenue = lines["amount"].sum()
### END SOLUTION
q1_revenue

# %% [markdown] lang="zh"
# ## 2. 各渠道销售额
#
# 像 Excel 的数据透视表一样，按 `channel` 分组求和。

# %% [markdown] lang="en"
# ## 2. Revenue by channel
#
# Like a pivot table in Excel: group by `channel` and sum.

# %% kpilab="answer:q2"
# zh: 模板：q2_revenue_by_channel = lines.groupby("____")["amount"].sum()
# en: Template: q2_revenue_by_channel = lines.groupby("____")["amount"].sum()
### BEGIN SOLUTION
q2_revenue_by_channel = lines.groupby("channel")["amount"].sum()
### END SOLUTION
q2_revenue_by_channel

# %% [markdown] lang="zh"
# 为了按月看，给每一行加上支付月份。下面是各渠道逐月的销售额（透视表），看看有没有哪条线“不太对劲”。

# %% [markdown] lang="en"
# To look month by month, give every line its payment month. Below is each channel's monthly
# revenue (a pivot table); does any line look odd?

# %%
lines["month"] = lines["paid_at"].dt.strftime("%Y-%m")
channel_month = lines.pivot_table(index="month", columns="channel", values="amount", aggfunc="sum")
fig, ax = plt.subplots(figsize=(9, 4))
channel_month.plot(ax=ax, marker="o")
ax.set_title(lab.t("各渠道逐月销售额", "Monthly revenue by channel"))
ax.set_xlabel(lab.t("月份", "month"))
ax.set_ylabel(lab.t("销售额（元）", "revenue (CNY)"))
ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()

# %% [markdown] lang="zh"
# ## 3. 数据体检：有没有重复导出的订单？
#
# 订单数据来自几个平台的接口导出。接口出毛病时，同一笔订单可能被导出两次：**除了订单编号不同，
# 其他每一列（客户、下单时间、支付时间、渠道、金额……）都一模一样**。同一个客户在同一秒下两笔完全相同的单，
# 现实里几乎不可能，所以这样的行就是重复数据。
#
# pandas 的 `duplicated(subset=列清单)` 会把“这些列和前面某一行完全一样”的行标成 True，
# 相当于 Excel 的“删除重复项”之前先把重复项找出来。你来写这一行，下面的代码会找出：
# 重复订单集中在哪个渠道、从哪个月开始，以及这个渠道的月均销售额因此“涨”了多少。
#
# 诊断的幅度按统一口径计算：该渠道**月均销售额**，开始月份之前（报告期内）对比从开始月份起，
# 幅度 =（之后 − 之前）÷ 之前。

# %% [markdown] lang="en"
# ## 3. Data health check: are orders exported twice?
#
# The orders come from several platforms' export interfaces. When an interface misbehaves, one
# order can be exported twice: **every column (customer, order time, payment time, channel,
# amounts...) is identical except the order id**. One customer placing two identical orders in
# the same second almost never happens, so such rows are duplicates.
#
# pandas' `duplicated(subset=list_of_columns)` marks True every row whose columns repeat an
# earlier row - like finding the duplicates before Excel's "Remove duplicates". You write that
# line; the code below then finds which channel the duplicates sit in, from which month, and how
# much they "lifted" that channel's monthly revenue.
#
# The size follows the usual diagnosis convention: the channel's **mean monthly revenue** before
# the start month (within the period) against from the start month on; size = (after − before) ÷
# before.

# %% kpilab="answer:q3"
# zh: 除订单编号外的所有列
# en: Every column except the order id
content_cols = [c for c in orders.columns if c != "order_id"]
# zh: 模板：dups = orders[orders.____(subset=content_cols)]
# en: Template: dups = orders[orders.____(subset=content_cols)]
### BEGIN SOLUTION
dups = orders[orders.duplicated(subset=content_cols)]
### END SOLUTION
print(len(dups), lab.t("笔重复订单", "duplicate orders"))
print(dups.groupby(["channel", dups["ordered_at"].dt.strftime("%Y-%m")]).size())
channel = dups["channel"].value_counts().idxmax()
month = dups["ordered_at"].min().strftime("%Y-%m")
by_month = lines[lines["channel"] == channel].groupby("month")["amount"].sum()
before = by_month[by_month.index < month].mean()
after = by_month[by_month.index >= month].mean()
q3_duplicate_diagnosis = {
    "indicator": "revenue",
    "segment": channel,
    "start_month": month,
    "direction": "up" if after > before else "down",
    "size": (after - before) / before,
}
q3_duplicate_diagnosis

# %% [markdown] lang="zh"
# 重复订单让这个渠道的销售额虚高了多少？下面把它们去掉再算一遍，逐月对比。
# （幅度里既有重复订单，也有季节变化，比如双11；下面这张表只看重复订单本身。）

# %% [markdown] lang="en"
# How much did the duplicates inflate the channel's revenue? Below we drop them and compute
# again, month by month. (The size above mixes the duplicates with the season, 双11 for
# instance; this table shows the duplicates alone.)

# %%
clean_lines = lines[~lines["order_id"].isin(dups["order_id"])]
compare = pd.DataFrame(
    {
        lab.t("导出数据", "as exported"): lines[lines["channel"] == channel]
        .groupby("month")["amount"]
        .sum(),
        lab.t("去重后", "de-duplicated"): clean_lines[clean_lines["channel"] == channel]
        .groupby("month")["amount"]
        .sum(),
    }
)
compare[lab.t("虚高比例", "inflated by")] = (
    compare.iloc[:, 0] - compare.iloc[:, 1]
) / compare.iloc[:, 1]
compare.round(3)

# %% [markdown] lang="zh"
# **后面的题目怎么算？** 这份导出是公司的正式数据，各部门的报表都基于它。在接口修好、数据重新导出之前，
# 本练习后面的题目仍然**按导出文件原样**计算（答案也按原样核对）。你要在最后的书面题里说明：
# 重复订单让哪些指标虚高了、虚高多少、该怎么修。

# %% [markdown] lang="en"
# **What about the questions that follow?** This export is the company's official data and every
# department's report is built on it. Until the interface is fixed and the data exported again,
# the rest of this notebook computes **on the file as exported** (and is checked that way). In the
# written question at the end you explain which indicators the duplicates inflate, by how much,
# and how to fix it.

# %% [markdown] lang="zh"
# ## 4. 销售量
#
# 销售量 = 已支付订单行的**数量（quantity）之和**。一行可能买了 3 件，所以不是数行数。

# %% [markdown] lang="en"
# ## 4. Units sold
#
# Units sold = the **sum of quantities** on paid order lines. One line may hold 3 units, so it is
# not the number of lines.

# %% kpilab="answer:q4"
# zh: 模板：q4_units = lines["____"].sum()
# en: Template: q4_units = lines["____"].sum()
### BEGIN SOLUTION
q4_units = lines["quantity"].sum()
### END SOLUTION
q4_units

# %% [markdown] lang="zh"
# ## 5. 客单价
#
# 客单价 = 销售额 ÷ **支付买家数**（去重后的客户数，生意参谋的口径：支付金额 ÷ 支付买家数）。
# 一个客户一年买了 5 次，只算 1 个买家。`nunique()` 就是“去重计数”。

# %% [markdown] lang="en"
# ## 5. Average order value per buyer (客单价)
#
# AOV = revenue ÷ **paying customers** (distinct customers, the 生意参谋 convention: payment amount
# ÷ paying buyers). A customer who bought 5 times in the year is 1 buyer. `nunique()` is a
# distinct count.

# %% kpilab="answer:q5"
revenue = lines["amount"].sum()
# zh: 模板：q5_aov = revenue / lines["customer_id"].____()
# en: Template: q5_aov = revenue / lines["customer_id"].____()
### BEGIN SOLUTION
q5_aov = revenue / lines["customer_id"].nunique()
### END SOLUTION
q5_aov

# %% [markdown] lang="zh"
# ## 6. 销售增长率（环比）
#
# 环比 =（本月销售额 − 上月销售额）÷ 上月销售额。报告期第一个月的“上月”在历史数据里，
# 所以这次用**文件里所有月份**先算出逐月销售额，再算每个月的环比。
#
# `shift(1)` 把整列往下挪一格，于是每一行旁边就是“上个月”的值——相当于 Excel 里引用上一行的单元格。
# 你来写整列的增长率；下面的代码会取出**双11 爆发期所在月份**的环比来核对。

# %% [markdown] lang="en"
# ## 6. Revenue growth (month over month)
#
# MoM growth = (this month's revenue − last month's) ÷ last month's. The "last month" of the
# period's first month is in the history data, so this time we compute monthly revenue over
# **every month in the file**, then each month's growth.
#
# `shift(1)` moves the whole column down one row, so each row sits next to "last month's" value -
# like referring to the cell one row up in Excel. You write the growth of the whole column; the
# code below picks the growth of **the month of the 双11 peak** to check it.

# %% kpilab="answer:q6"
all_paid = orders[orders["status"] == "paid"].merge(order_lines, on="order_id")
monthly = all_paid.groupby(all_paid["paid_at"].dt.strftime("%Y-%m"))["amount"].sum()
# zh: 模板：growth = (monthly - monthly.shift(1)) / monthly.____(1)
# en: Template: growth = (monthly - monthly.shift(1)) / monthly.____(1)
### BEGIN SOLUTION
growth = (monthly - monthly.shift(1)) / monthly.shift(1)
### END SOLUTION
# zh: 双11 爆发期所在的月份
# en: The month of the 双11 peak
d11_peak = (lines["promo_event"] == "double11") & (lines["promo_phase"] == "peak")
d11 = lines.loc[d11_peak, "month"].iloc[0]
print(growth.loc[months].round(3))
q6_d11_mom = growth.loc[d11]
q6_d11_mom

# %%
fig, ax = plt.subplots(figsize=(9, 4))
ax.bar(months, monthly.loc[months], color="#c8d6e5", label=lab.t("销售额", "revenue"))
ax.set_ylabel(lab.t("销售额（元）", "revenue (CNY)"))
ax.tick_params(axis="x", rotation=45)
ax2 = ax.twinx()
ax2.plot(months, growth.loc[months], "o-", color="#c0392b", label=lab.t("环比", "MoM growth"))
ax2.axhline(0, color="grey", lw=0.8)
ax2.set_ylabel(lab.t("环比增长率", "MoM growth"))
ax.set_title(lab.t("逐月销售额与环比增长率", "Monthly revenue and month-over-month growth"))
fig.tight_layout()
plt.show()

# %% [markdown] lang="zh"
# 环比最大的涨跌往往出现在大促月份前后：大促月暴涨，下个月“回落”。这不一定是经营出了问题——
# 所以看大促要按**阶段**看，还要和**去年同期**比。

# %% [markdown] lang="en"
# The biggest MoM jumps and drops usually come around the promotion months: up in the promotion
# month, "down" the month after. That is not necessarily a problem - which is why promotions are
# read by **phase** and against the **same period last year**.

# %% [markdown] lang="zh"
# ## 7. 大促的四个阶段
#
# 每次大促分四个阶段，订单表的 `promo_phase` 列记录了下单时所处的阶段（平日为空）：
#
# | 值 | 阶段 | 这时在做什么 |
# |---|---|---|
# | `prep` | 筹备期 | 选品、备货、定目标，顾客开始观望，销售往往略低 |
# | `warmup` | 预热期 | 发券、加购、收藏、蓄水，流量上来但很多人“等开抢” |
# | `peak` | 爆发期 | 正式开卖，销售集中爆发，最后几天（6·18、11·11）最高 |
# | `tail` | 收尾期 | 返场、售后，退款也多 |
#
# 按阶段对报告期的销售额分组求和。

# %% [markdown] lang="en"
# ## 7. The four phases of a promotion
#
# Every 大促 has four phases; the orders' `promo_phase` column records the phase at order time
# (empty on ordinary days):
#
# | value | phase | what happens |
# |---|---|---|
# | `prep` | 筹备 preparation | products chosen, stock built, targets set; shoppers wait, sales dip a little |
# | `warmup` | 预热 warm-up | coupons, add-to-cart, wish lists; traffic rises but many wait for the start |
# | `peak` | 爆发 peak | selling starts, sales burst, highest on the last days (6·18, 11·11) |
# | `tail` | 收尾 tail | encore sales and after-sales, with many refunds |
#
# Group the period's revenue by phase and sum.

# %% kpilab="answer:q7"
# zh: 模板：q7_revenue_by_phase = lines.groupby("____")["amount"].sum()
# en: Template: q7_revenue_by_phase = lines.groupby("____")["amount"].sum()
### BEGIN SOLUTION
q7_revenue_by_phase = lines.groupby("promo_phase")["amount"].sum()
### END SOLUTION
q7_revenue_by_phase

# %% [markdown] lang="zh"
# 各阶段天数不同，直接比总额不公平。换成**日均销售额**，再和平日比一比：

# %% [markdown] lang="en"
# The phases have different lengths, so totals are not a fair comparison. Per **day**, and next
# to ordinary days:

# %%
lines["day"] = lines["paid_at"].dt.normalize()
lines["phase"] = lines["promo_phase"].fillna(lab.t("平日", "ordinary"))
per_phase = lines.groupby("phase").agg(revenue=("amount", "sum"), days=("day", "nunique"))
per_phase["revenue_per_day"] = per_phase["revenue"] / per_phase["days"]
per_phase["vs_ordinary"] = (
    per_phase["revenue_per_day"] / per_phase.loc[lab.t("平日", "ordinary"), "revenue_per_day"]
)
per_phase.round(2)

# %%
daily = lines.groupby("day")["amount"].sum()
phase_of_day = lines.groupby("day")["phase"].agg(lambda x: x.mode().iloc[0])
colors = {"prep": "#f6b93b", "warmup": "#e58e26", "peak": "#c0392b", "tail": "#8e44ad"}
names = {"prep": "筹备", "warmup": "预热", "peak": "爆发", "tail": "收尾"}
fig, ax = plt.subplots(figsize=(10, 4))
ax.plot(daily.index, daily.to_numpy(), color="#95a5a6", lw=0.8)
for phase, color in colors.items():
    days = phase_of_day[phase_of_day == phase].index
    label = lab.t(f"{names[phase]} {phase}", phase)
    ax.scatter(days, daily.loc[days].to_numpy(), s=12, color=color, label=label, zorder=3)
ax.set_title(lab.t("每日销售额与大促阶段", "Daily revenue and promotion phases"))
ax.set_ylabel(lab.t("销售额（元）", "revenue (CNY)"))
ax.legend(title=lab.t("阶段", "phase"))
ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()

# %% [markdown] lang="zh"
# ## 8. 双11 同比
#
# 大促最该看的是**同比**：今年双11 所在的月份和去年同一个月比。去年的这个月就在文件的历史数据里。
# 你来写同比增长率这一行，再和第 6 题算出的环比对比一下：哪个更能说明这次双11 做得好不好？

# %% [markdown] lang="en"
# ## 8. 双11 year over year
#
# A promotion is best judged **year over year**: this year's 双11 month against the same month last
# year, which is in the file's history months. You write the growth; then compare it with the MoM
# growth of question 6 - which says more about how this 双11 went?

# %% kpilab="answer:q8"
d11_peak = (lines["promo_event"] == "double11") & (lines["promo_phase"] == "peak")
d11 = lines.loc[d11_peak, "month"].iloc[0]
d11_last_year = (pd.Timestamp(d11) - pd.DateOffset(years=1)).strftime("%Y-%m")
print(d11, monthly[d11], "|", d11_last_year, monthly[d11_last_year])
# zh: 模板：q8_d11_yoy = (monthly[d11] - monthly[____]) / monthly[d11_last_year]
# en: Template: q8_d11_yoy = (monthly[d11] - monthly[____]) / monthly[d11_last_year]
### BEGIN SOLUTION
q8_d11_yoy = (monthly[d11] - monthly[d11_last_year]) / monthly[d11_last_year]
### END SOLUTION
q8_d11_yoy

# %% [markdown] lang="zh"
# ## 9. 访客数（UV）
#
# 现在换到流量。`web_sessions` 每一行是一次访问（session）；`visitor_id` 是访客编号（一台设备或浏览器），
# 一个访客可以来很多次。访客数（UV）= 报告期内**去重**的访客编号数。

# %% [markdown] lang="en"
# ## 9. Visitors (UV)
#
# Now traffic. Each row of `web_sessions` is one visit (a session); `visitor_id` is the visitor
# (one device or browser), who may come many times. Visitors (UV) = the number of **distinct**
# visitor ids in the period.

# %% kpilab="answer:q9"
s = sessions[(sessions["started_at"] >= start) & (sessions["started_at"] < end)].copy()
s["month"] = s["started_at"].dt.strftime("%Y-%m")
s["bounced"] = s["page_views"] == 1
print(len(s), lab.t("次访问", "sessions"))
# zh: 模板：q9_visitors = s["____"].nunique()
# en: Template: q9_visitors = s["____"].nunique()
### BEGIN SOLUTION
q9_visitors = s["visitor_id"].nunique()
### END SOLUTION
q9_visitors

# %% [markdown] lang="zh"
# ## 10. 浏览量（PV）
#
# 浏览量（PV）= 所有访问浏览的页面数之和（`page_views` 列）。PV ÷ 访问次数 = 平均每次访问看几页。

# %% [markdown] lang="en"
# ## 10. Page views (PV)
#
# Page views (PV) = the sum of pages viewed over all sessions (the `page_views` column). PV ÷
# sessions = pages per visit.

# %% kpilab="answer:q10"
# zh: 模板：q10_page_views = s["page_views"].____()
# en: Template: q10_page_views = s["page_views"].____()
### BEGIN SOLUTION
q10_page_views = s["page_views"].sum()
### END SOLUTION
print(lab.t("平均每次访问浏览页数：", "pages per visit:"), round(q10_page_views / len(s), 2))
q10_page_views

# %% [markdown] lang="zh"
# ## 11. 转化率
#
# 转化率 = 线上**支付买家数** ÷ 访客数。线上订单是有下单终端（`device` 不为空）的已支付订单；
# 买家要去重（一个人买 3 次算 1 个）。分子、分母都是“人”，不是“单”或“次”。

# %% [markdown] lang="en"
# ## 11. Conversion rate
#
# Conversion = online **paying customers** ÷ visitors. Online orders are paid orders with a device
# (`device` not empty); buyers are distinct (one person buying 3 times is 1). Both numerator and
# denominator count people, not orders or visits.

# %% kpilab="answer:q11"
online = paid[paid["device"].notna()]
# zh: 模板：q11_conversion = online["customer_id"].____() / s["visitor_id"].nunique()
# en: Template: q11_conversion = online["customer_id"].____() / s["visitor_id"].nunique()
### BEGIN SOLUTION
q11_conversion = online["customer_id"].nunique() / s["visitor_id"].nunique()
### END SOLUTION
q11_conversion

# %% [markdown] lang="zh"
# ## 12. 各终端的跳失率
#
# 跳失率 = 只看了 1 个页面就离开的访问 ÷ 访问次数。上面已经给每次访问做了标记 `bounced`
# （True/False）；对 True/False 求平均值，就是 True 所占的比例。

# %% [markdown] lang="en"
# ## 12. Bounce rate by device
#
# Bounce rate = sessions with one page view ÷ sessions. Each session already has the flag
# `bounced` (True/False); the mean of True/False is the share of True.

# %% kpilab="answer:q12"
# zh: 模板：q12_bounce_by_device = s.groupby("device")["____"].mean()
# en: Template: q12_bounce_by_device = s.groupby("device")["____"].mean()
### BEGIN SOLUTION
q12_bounce_by_device = s.groupby("device")["bounced"].mean()
### END SOLUTION
q12_bounce_by_device

# %% [markdown] lang="zh"
# ## 13. 跳失率出了什么问题？
#
# 全年的跳失率会把问题“摊薄”。看**逐月**：哪个终端从某个月起明显变高，而且没有回来？

# %% [markdown] lang="en"
# ## 13. What went wrong with the bounce rate?
#
# A yearly rate dilutes a problem. Look **month by month**: which device jumps from some month on
# and stays up?

# %%
monthly_bounce = s.pivot_table(index="month", columns="device", values="bounced", aggfunc="mean")
fig, ax = plt.subplots(figsize=(9, 4))
monthly_bounce.plot(ax=ax, marker="o")
ax.set_title(lab.t("各终端逐月跳失率", "Monthly bounce rate by device"))
ax.set_xlabel(lab.t("月份", "month"))
ax.set_ylabel(lab.t("跳失率", "bounce rate"))
ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()

# %% [markdown] lang="zh"
# 也可以用探索器自己看：选指标（跳失率、转化率、销售额……）、维度（终端、渠道、着陆页……），拖动月份范围。

# %% [markdown] lang="en"
# You can also look for yourself in the explorer: pick an indicator (bounce rate, conversion,
# revenue...), a dimension (device, channel, landing page...), and drag the month range.

# %%
lab.explorer(data, module=1)

# %% [markdown] lang="zh"
# 下面的 `scan` 把每一种可能都算一遍：**某个终端从某个月开始变了**。每一行是该终端在这个月之前和从这个月起
# 的跳失率（几个月合在一起算）、变化 `change` =（之后 − 之前）和相对幅度 `size` =（之后 − 之前）÷ 之前。
# 真正的问题是变化（不论正负）最大的那一行。

# %% [markdown] lang="en"
# `scan` below tries every possibility: **one device changed from one month on**. Each row holds
# the device's bounce rate before that month and from it on (months pooled), the change
# `change` = after − before and the relative size `size` = (after − before) ÷ before. The real
# problem is the row with the largest change, up or down.

# %% kpilab="answer:q13"
rows = []
for device, seg in s.groupby("device"):
    for m in months[1:]:
        b = seg.loc[seg["month"] < m, "bounced"].mean()
        a = seg.loc[seg["month"] >= m, "bounced"].mean()
        rows.append(
            {
                "device": device,
                "month": m,
                "before": b,
                "after": a,
                "change": a - b,
                "size": (a - b) / b,
            }
        )
scan = pd.DataFrame(rows)
# zh: 模板：best = scan.loc[scan["change"].abs().____()]
# en: Template: best = scan.loc[scan["change"].abs().____()]
### BEGIN SOLUTION
best = scan.loc[scan["change"].abs().idxmax()]
### END SOLUTION
q13_bounce_diagnosis = {
    "indicator": "bounce_rate",
    "segment": best["device"],
    "start_month": best["month"],
    "direction": "up" if best["after"] > best["before"] else "down",
    "size": best["size"],
}
q13_bounce_diagnosis

# %% [markdown] lang="zh"
# 跳失率上去了，生意受影响吗？比较这个终端的转化率在问题出现之前和之后（订单上记录了下单终端）。
# 如果转化率也降了，问题已经在损失订单；如果基本没变，多出来的跳失主要来自本来就不太会买的访客
# （例如广告、活动页引来的流量）——订单暂时没少，但花钱买来的流量被浪费了，一样要修。

# %% [markdown] lang="en"
# Did the higher bounce rate cost business? Compare this device's conversion before and after
# the problem started (orders record the device they were placed on). If conversion fell too, the
# problem is already losing orders; if it hardly moved, the extra bounces come mostly from
# visitors unlikely to buy anyway (traffic from ads or campaign pages, say) - no orders lost yet,
# but paid-for traffic is wasted, and it still needs fixing.

# %%
dev, since = best["device"], best["month"]
online_m = online.assign(month=online["paid_at"].dt.strftime("%Y-%m"))
conv = {}
for label, mask_s, mask_o in (
    (lab.t("之前", "before"), s["month"] < since, online_m["month"] < since),
    (lab.t("之后", "after"), s["month"] >= since, online_m["month"] >= since),
):
    visitors = s.loc[mask_s & (s["device"] == dev), "visitor_id"].nunique()
    buyers = online_m.loc[mask_o & (online_m["device"] == dev), "customer_id"].nunique()
    conv[label] = buyers / visitors
pd.Series(conv, name=lab.t(f"{dev} 转化率", f"{dev} conversion")).round(4)

# %% [markdown] kpilab="written:w1"
