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
# # 模块 5 招商及客户管理
#
# 你们公司是一家工业品制造企业，招商人员从线索（leads）开始跟进，直到签约。这本练习带你算出
# 线索转化率、做出招商人员记分卡，再找出谁的转化掉了、哪条产品线的毛利被折扣侵蚀。

# %% [markdown] lang="en"
# # Module 5 Merchant recruitment and account management
#
# Your company makes industrial products; reps work leads until they sign. This notebook computes
# the lead conversion rate and a rep scorecard, then finds whose conversion dropped and which
# product line's margin is being eaten by discounts.

# %%
import pandas as pd

from grading import lab

data = lab.start()
check = lab.check
leads = data["leads"]
orders = data["orders"]
order_lines = data["order_lines"]
products = data["products"]
start, end = lab.period()
print(start.date(), "→", end.date())
leads.head()

# %% [markdown] lang="zh"
# ## 1. 线索转化率
#
# 线索转化率 = 报告期内创建的线索中已签约的数量 ÷ 报告期内创建的线索数。还在跟进中的线索也在分母里。

# %% [markdown] lang="en"
# ## 1. Lead conversion rate
#
# Lead conversion = leads created in the period that signed ÷ leads created in the period. Leads
# still being worked are in the denominator too.

# %% kpilab="answer:q1"
ld = leads[(leads["created_at"] >= start) & (leads["created_at"] < end)].copy()
ld["signed"] = ld["stage"] == "signed"
ld["month"] = ld["created_at"].dt.strftime("%Y-%m")
# zh: 模板：q1_conversion = ld["____"].mean()
# en: Template: q1_conversion = ld["____"].mean()
### BEGIN SOLUTION
q1_conversion = ld["signed"].mean()
### END SOLUTION
q1_conversion

# %% [markdown] lang="zh"
# ## 2. 招商人员记分卡
#
# 按 `rep_id` 分组：每人的线索数、签约数和转化率。先看线索数再看转化率：线索多、转化低的人最值得关注。

# %% [markdown] lang="en"
# ## 2. Rep scorecard
#
# Group by `rep_id`: each rep's leads, signings and conversion. Read volume before rate: many
# leads with low conversion is the pattern to watch.

# %% kpilab="answer:q2"
scorecard = ld.groupby("rep_id").agg(leads=("lead_id", "size"), signed=("signed", "sum"))
# zh: 模板：q2_conversion_by_rep = ld.groupby("rep_id")["____"].mean()
# en: Template: q2_conversion_by_rep = ld.groupby("rep_id")["____"].mean()
### BEGIN SOLUTION
q2_conversion_by_rep = ld.groupby("rep_id")["signed"].mean()
### END SOLUTION
scorecard.assign(conversion=q2_conversion_by_rep).sort_values("leads", ascending=False)

# %% [markdown] lang="zh"
# ## 3. 谁的转化掉下来了？
#
# 先用探索器看“销售转化率（线索）”按员工的逐月走势，再看下面的透视表（按线索创建月份）。
#
# 注意：最近几周创建的线索还没来得及签约，越靠近导出日的月份转化率越低，这不是谁变差了。
# 判断从哪个月开始变差时，只看创建已满 60 天的线索，并只数 60 天内签约的，每个月就公平可比了。

# %% [markdown] lang="en"
# ## 3. Whose conversion dropped?
#
# Look at lead conversion by employee in the explorer, then at the pivot table below (by the
# month leads were created).
#
# Mind that leads of the last weeks have not had time to sign yet, so months near the export look
# worse for everyone. To date a drop, keep leads at least 60 days old and count those that signed
# within 60 days: then every month is judged on the same footing.

# %%
lab.explorer(data, module=5)

# %%
ld.pivot_table(index="month", columns="rep_id", values="signed", aggfunc="mean").round(2)


# %%
def best_shift(frame, column, value):
    """The (segment, month) whose before/after gap in the mean of ``value`` stands out most."""
    best = None
    for segment in frame[column].dropna().unique():
        seg = frame[frame[column] == segment]
        months = sorted(seg["month"].unique())
        for month in months[1:-1]:
            b = seg.loc[seg["month"] < month, value]
            a = seg.loc[seg["month"] >= month, value]
            # One variance for the whole segment: a near-constant side cannot inflate the score.
            spread = (seg[value].var() * (1 / len(b) + 1 / len(a))) ** 0.5
            score = abs(a.mean() - b.mean()) / spread if spread > 0 else 0
            if best is None or score > best[0]:
                best = (score, segment, month)
    return best[1], best[2]


# %% kpilab="answer:q3"
# zh: 模板：rep, month = "E00__", "2025-__"；before/after = 该员工在 month 之前/之后创建的线索的签约比例
# en: Template: rep, month = "E00__", "2025-__"; before/after = signed share of the rep's leads before / from month
### BEGIN SOLUTION
# zh: 最近创建的线索还没来得及签约：
# zh: 只用创建满 60 天的线索来定开始月份，数 60 天内签约的
# en: Recent leads have not had time to sign: date the drop on leads 60 days old or more,
# en: counting those that signed within 60 days
window = pd.Timedelta(days=60)
ripe = ld[ld["created_at"] < end - window].copy()
ripe["in_time"] = ripe["signed"] & (ripe["signed_at"] - ripe["created_at"] <= window)
rep, month = best_shift(ripe, "rep_id", "in_time")
mine = ld[ld["rep_id"] == rep]
before = mine.loc[mine["month"] < month, "signed"].mean()
after = mine.loc[mine["month"] >= month, "signed"].mean()
q3_rep_diagnosis = {
    "indicator": "lead_conversion_rate",
    "segment": rep,
    "start_month": month,
    "direction": "up" if after > before else "down",
    "size": (after - before) / before,
}
### END SOLUTION
q3_rep_diagnosis

# %% [markdown] lang="zh"
# ## 4. 哪条产品线的毛利被折扣侵蚀？
#
# 毛利率 =（销售额 − 成本）÷ 销售额，成本 = 数量 × 单位成本（products.unit_cost），只算已支付订单。
# 之前/之后要先把金额和成本分别加总，再相除。毛利每月都有波动；要判断从哪个月开始，
# 看原因更清楚：每个品类打了折（discount > 0）的订单行占比。

# %% [markdown] lang="en"
# ## 4. Which product line's margin is eroded?
#
# Gross margin = (revenue − cost) ÷ revenue, cost = quantity × unit cost (products.unit_cost),
# paid orders only. Before and after: sum amounts and costs first, then divide. Margins wobble
# every month; to date the start, look at the cause: each category's share of discounted lines
# (discount > 0).

# %%
import matplotlib.pyplot as plt

paid = orders[
    (orders["status"] == "paid") & (orders["paid_at"] >= start) & (orders["paid_at"] < end)
]
lines = paid.merge(order_lines, on="order_id").merge(products, on="sku_id")
lines["cost"] = lines["quantity"] * lines["unit_cost"]
lines["month"] = lines["paid_at"].dt.strftime("%Y-%m")
sums = lines.groupby(["month", "category"])[["amount", "cost"]].sum()
margin = (1 - sums["cost"] / sums["amount"]).unstack()
ax = margin.plot(figsize=(9, 4), marker="o")
ax.set_title(lab.t("各品类毛利率（逐月）", "Gross margin by category, monthly"))
plt.show()


# %%
def margin_between(frame, category, first, last):
    part = frame[
        (frame["category"] == category) & (frame["month"] >= first) & (frame["month"] < last)
    ]
    return 1 - part["cost"].sum() / part["amount"].sum()


# %% kpilab="answer:q4"
# zh: 模板：category, month = "____", "2025-__"，然后 before = margin_between(lines, category, "0000", month)
# en: Template: category, month = "____", "2025-__", then before = margin_between(lines, category, "0000", month)
### BEGIN SOLUTION
# The cause is discounting, and it grows month by month: measure each category's discount
# depth (discount ÷ list value) against the other categories, pick the category that ends
# furthest above them, and date the start at the first month from which it is mostly (three
# months in four) clearly above its own usual range.
lines["depth"] = lines["discount"] / (lines["amount"] + lines["discount"])
depth = lines.pivot_table(index="month", columns="category", values="depth", aggfunc="mean")
gap = depth.sub(depth.median(axis=1), axis=0)
category = gap.iloc[-3:].mean().idxmax()
g = gap[category]
usual = g.iloc[:3]
limit = usual.mean() + 4 * max(usual.std(), 1e-4)
above = g > limit
month = next(m for i, m in enumerate(g.index) if above.iloc[i] and above.iloc[i:].mean() >= 0.75)
before = margin_between(lines, category, "0000", month)
after = margin_between(lines, category, month, "9999")
q4_margin_diagnosis = {
    "indicator": "gross_margin",
    "segment": category,
    "start_month": month,
    "direction": "up" if after > before else "down",
    "size": (after - before) / before,
}
### END SOLUTION
q4_margin_diagnosis

# %% [markdown] kpilab="written:w1"
