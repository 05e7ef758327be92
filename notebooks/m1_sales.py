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
# 这本练习用你们公司（一家模拟电商）的真实格式数据，带你算出销售额、客单价、转化率、跳失率，
# 再找出流量里出了什么问题。每道题只需要写一行代码；写完运行下面的 `check(...)` 格子，马上知道对不对。

# %% [markdown] lang="en"
# # Module 1 Sales and traffic indicators
#
# This notebook uses your company's data (a simulated online retailer) to compute revenue, average
# order value, conversion and bounce rate, then to find what went wrong in the traffic. Each
# question needs one line of code; run the `check(...)` cell below it to see at once if it is right.

# %%
from grading import lab

data = lab.start()
check = lab.check
orders = data["orders"]
order_lines = data["order_lines"]
sessions = data["web_sessions"]
start, end = lab.period()
# zh: 报告期：start 当天起，到 end 之前（不含 end）
# en: Reporting period: from start up to, but not including, end
print(start.date(), "→", end.date())

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
# ## 3. 跳失率出了什么问题？
#
# 跳失率 = 只看了 1 个页面就离开的访问 ÷ 访问次数。先用探索器按终端（device）看逐月的跳失率。

# %% [markdown] lang="en"
# ## 3. What went wrong with the bounce rate?
#
# Bounce rate = sessions with one page view ÷ sessions. Use the explorer to look at the monthly
# bounce rate by device.

# %%
lab.explorer(data, module=1)

# %% kpilab="answer:q3"
s = sessions[(sessions["started_at"] >= start) & (sessions["started_at"] < end)].copy()
s["month"] = s["started_at"].dt.strftime("%Y-%m")
s["bounced"] = s["page_views"] == 1
monthly = s.pivot_table(index="month", columns="device", values="bounced", aggfunc="mean")
monthly
### BEGIN SOLUTION
best = None
months = list(monthly.index)
for device in monthly.columns:
    seg = s[s["device"] == device]
    for m in months[1:]:
        before = seg.loc[seg["month"] < m, "bounced"].mean()
        after = seg.loc[seg["month"] >= m, "bounced"].mean()
        score = abs(after - before)
        if best is None or score > best[0]:
            best = (score, device, m, before, after)
_, device, month, before, after = best
q3_bounce_diagnosis = {
    "indicator": "bounce_rate",
    "segment": device,
    "start_month": month,
    "direction": "up" if after > before else "down",
    "size": (after - before) / before,
}
### END SOLUTION
q3_bounce_diagnosis

# %% [markdown] kpilab="written:w1"
