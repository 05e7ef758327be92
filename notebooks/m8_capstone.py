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
# # 模块 8 综合诊断
#
# 你刚加入一家**没见过的**电商公司做运营分析。总经理给了你公司一年的数据，说：
# “我们有几个地方不对劲，但不知道在哪。找出来，告诉我有多严重、先做什么。”
#
# 这家公司里藏着**三个真正的问题**，分别在网站流量、广告投放和客户服务；
# 还有几处**看起来像问题、其实不是**的现象（只坏一个月就恢复、季节性波动、一直如此的水平差异）。
# 你要做的和前面几个模块一样：算指标 → 按分组、按月份比较 → 判断是不是真问题 → 量化 → 给建议。
#
# 这一次，指标不用从头手算：下面的工具箱直接调用课程的指标库（探索器背后用的就是它），
# 口径和词汇表完全一致。你的精力放在**看哪里、怎么判断、怎么说服别人**上。
# 每道题仍然只需要写一行代码。

# %% [markdown] lang="en"
# # Module 8 Capstone diagnosis
#
# You have just joined an online retailer you have **never seen before** as an operations analyst.
# The general manager hands you a year of data and says: "Several things are off and we do not
# know where. Find them, tell me how serious they are and what to do first."
#
# The company hides **three real problems**, in web traffic, in advertising and in customer
# service, and a few things that **look like problems but are not** (a single bad month that
# recovers, seasonal swings, a level difference that was always there). The work is the same as in
# the earlier modules: compute indicators → compare segments and months → decide whether it is
# real → size it → recommend.
#
# This time you need not compute the indicators from scratch: the toolbox below calls the course's
# indicator library (the one behind the explorer), with exactly the glossary's definitions. Spend
# your effort on **where to look, how to judge, and how to convince**. Each question still needs
# one line of code.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from generator.indicators import compute
from grading import lab

data = lab.start()
check = lab.check
start, end = lab.period()
months = pd.date_range(start, end, freq="MS", inclusive="left").strftime("%Y-%m").tolist()
# zh: 报告期：start 当天起，到 end 之前（不含 end）
# en: Reporting period: from start up to, but not including, end
print(start.date(), "→", end.date(), "|", lab.t("数据表：", "tables:"), ", ".join(sorted(data)))

# %% [markdown] lang="zh"
# ## 工具箱
#
# - `compute(指标编号, data, 期间, by=维度)`：课程指标库，返回每个分组一行，`value` 列是指标值。
#   期间可以是一个月 `"2025-03"`，也可以是 `(开始, 结束)`（不含结束那天）。
# - `monthly(指标, 维度)`：逐月、逐分组的指标值（一行一个月）。
# - `before_after(指标, 维度, 月份)`：每个分组在这个月**之前**和**从这个月起**的指标值
#   （之前、之后各自把几个月合在一起算），以及相对变化 `size` =（之后 − 之前）÷ 之前。
# - `scan(指标, 维度)`：对每一个可能的起始月（前后各至少留 2 个月）都做一次 `before_after`，
#   拼成一张表：一行是一个假设“某分组从某月起变了”。
# - `start_month(指标, 维度, 分组)`：这个分组的逐月指标从哪个月起换了一个水平（见第 3 节）。
# - `diagnosis(指标, 维度, 分组, 月份)`：把结论写成诊断字典（指标、分组、起始月份、方向、幅度）。

# %% [markdown] lang="en"
# ## Toolbox
#
# - `compute(indicator_id, data, period, by=dimension)`: the course's indicator library; one row
#   per segment, the `value` column holds the indicator. The period is a month `"2025-03"` or a
#   `(start, end)` pair (end day not included).
# - `monthly(indicator, dimension)`: the indicator per month and segment (one row per month).
# - `before_after(indicator, dimension, month)`: each segment's value **before** the month and
#   **from** the month on (each side pooled over its months), and the relative change `size` =
#   (after − before) ÷ before.
# - `scan(indicator, dimension)`: `before_after` for every possible start month (at least 2 months
#   on each side), as one table: each row is one hypothesis "segment S changed from month M".
# - `start_month(indicator, dimension, segment)`: the month from which the segment's monthly line
#   moved to a new level (see section 3).
# - `diagnosis(indicator, dimension, segment, month)`: the finding as a diagnosis dict (indicator,
#   segment, start month, direction, size).


# %%
def monthly(indicator, dimension=None):
    """The indicator for every month of the period (one column per segment)."""
    rows = {}
    for m in months:
        values = compute(indicator, data, m, by=dimension)["value"]
        rows[m] = values if dimension else pd.Series({"all": values.iloc[0]})
    return pd.DataFrame(rows).T


def before_after(indicator, dimension, month):
    """Each segment's value before `month` and from `month` to the period end, pooled."""
    mid = pd.Timestamp(month + "-01")
    before = compute(indicator, data, (start, mid), by=dimension)["value"]
    after = compute(indicator, data, (mid, end), by=dimension)["value"]
    out = pd.DataFrame({"before": before, "after": after})
    out["size"] = (out["after"] - out["before"]) / out["before"]
    return out


def scan(indicator, dimension):
    """before_after for every candidate start month, one row per (segment, month)."""
    frames = [before_after(indicator, dimension, m).assign(month=m) for m in months[2:-1]]
    return pd.concat(frames).rename_axis("segment").reset_index()


def start_month(indicator, dimension, segment):
    """The cut of the segment's monthly line into two levels with the smallest weighted error."""
    rows = {m: compute(indicator, data, m, by=dimension).reindex([segment]).iloc[0] for m in months}
    rows = pd.DataFrame(rows).T[["value", "numerator"]].astype("float64")
    # zh: 对数刻度：下降一半和上升一倍同样重要；0 当作平常水平的 1/20（最强的下降信号）
    # en: Log scale: halving weighs as much as doubling; a zero counts as a twentieth of the usual level
    value = np.log(rows["value"].clip(lower=0.05 * rows["value"].median()))
    # zh: 权重 = 分子背后的数量（例如归因销售额）：只有几笔成交的月份，指标值跳得厉害，说明不了什么
    # en: Weight = the volume behind the numerator (e.g. attributed sales): a thin month says little
    weight = rows["numerator"].clip(lower=0.05 * rows["numerator"].median())
    weight = weight.where(value.notna(), 0.0)
    value = value.fillna(0.0)
    best = None
    for k in range(2, len(months) - 1):
        err = 0.0
        for part, w in ((value.iloc[:k], weight.iloc[:k]), (value.iloc[k:], weight.iloc[k:])):
            mean = (part * w).sum() / w.sum()
            err += (w * (part - mean) ** 2).sum()
        if best is None or err < best[0]:
            best = (err, months[k])
    return best[1]


def diagnosis(indicator, dimension, segment, month):
    """A diagnosis dict in the form the checks expect."""
    row = before_after(indicator, dimension, month).loc[segment]
    return {
        "indicator": indicator,
        "segment": segment,
        "start_month": month,
        "direction": "up" if row["after"] > row["before"] else "down",
        "size": float(row["size"]),
    }


# %% [markdown] lang="zh"
# ## 1. 先做一次“体检”
#
# 全公司逐月看几项核心指标：销售额、转化率、跳失率、ROAS、首次响应时间、客户满意度。
# 全公司的线常常很平——问题藏在某一个分组里，被其他分组“平均掉”了。但它告诉我们往哪几个方向去找。

# %% [markdown] lang="en"
# ## 1. A health check first
#
# The company's monthly headline indicators: revenue, conversion, bounce rate, ROAS, first response
# time and CSAT. The company-wide lines are often flat - a problem hides in one segment and is
# averaged away by the others - but they tell us which directions to search.

# %%
headline = ["revenue", "conversion_rate", "bounce_rate", "roas", "first_response_time", "csat"]
health = pd.DataFrame({ind: monthly(ind)["all"] for ind in headline})
fig, axes = plt.subplots(2, 3, figsize=(12, 6), sharex=True)
for ax, ind in zip(axes.ravel(), headline, strict=True):
    ax.plot(health.index, health[ind], marker="o")
    ax.set_title(ind)
    ax.tick_params(axis="x", rotation=90)
    ax.grid(alpha=0.3)
fig.suptitle(lab.t("全公司逐月核心指标", "Company-wide headline indicators by month"))
fig.tight_layout()
plt.show()
health.round(3)

# %% [markdown] lang="zh"
# 探索器：选一个指标和维度，看每个分组逐月的线和全公司（虚线）比，哪条线从某个月起“走开”了。

# %% [markdown] lang="en"
# The explorer: pick an indicator and a dimension and compare each segment's monthly line with the
# company's (dashed): which line drifts away from some month on?

# %%
lab.explorer(data, module=8)

# %% [markdown] lang="zh"
# ## 2. 网站流量
#
# 流量出问题，最先体现在**跳失率**上：访客只看了一个页面就走了。常见原因是某个终端（App、手机网页、
# 电脑、小程序）的版本或页面出了毛病。用 `scan` 把每个终端、每个可能的起始月都比一遍，
# 跳失率**越高越差**，所以找 `size` 最大的那一行。
#
# 你来写 `scan` 这一行：选对指标编号（词汇表里可以查）和维度 `"device"`。

# %% [markdown] lang="en"
# ## 2. Web traffic
#
# A traffic problem shows first in the **bounce rate**: visitors leave after one page. A common
# cause is a release or page fault on one device (app, mobile web, PC, mini-program). `scan`
# compares every device and every possible start month; a **higher** bounce rate is worse, so look
# for the row with the largest `size`.
#
# You write the `scan` line: the right indicator id (see the glossary) and the dimension
# `"device"`.

# %% kpilab="answer:q1"
# zh: 模板：bounce_scan = scan("____", "device")
# en: Template: bounce_scan = scan("____", "device")
### BEGIN SOLUTION
bounce_scan = scan("bounce_rate", "device")
### END SOLUTION
worst = bounce_scan.loc[bounce_scan["size"].idxmax()]
q1_traffic_diagnosis = diagnosis("bounce_rate", "device", worst["segment"], worst["month"])
q1_traffic_diagnosis

# %% [markdown] lang="zh"
# 跳失率上去以后，这个终端的转化率怎么样？访客留不住，下单的也就少了：

# %% [markdown] lang="en"
# After the bounce rate rose, what did the device's conversion do? Visitors who leave do not buy:

# %%
before_after("conversion_rate", "device", worst["month"]).round(4)

# %% [markdown] lang="zh"
# ## 3. 广告投放
#
# ROAS（广告投入产出比）= 归因到广告的销售额 ÷ 广告花费。ROAS 低于 1 就是“花 1 块钱只换回不到 1 块钱的
# 销售额”，还没算商品成本。ROAS **越高越好**，出问题时往下掉，所以这次找 `size` **最小**（最负）的那一行。
#
# `scan` 找出的是哪个渠道。开始月份再用 `start_month` 确定：一个渠道每月只有几十笔归因成交，逐月 ROAS
# 跳得厉害，而 `scan` 取的是前后相对变化最大的切法，紧挨着变化点的一个偶然月份就能把它挪前或挪后一个月。
# `start_month` 把这个渠道的逐月 ROAS 切成前后两段，每个月按它背后的归因销售额加权（和模块 2
# 按订单数加权是一个道理），误差最小的切法就是开始月份。

# %% [markdown] lang="en"
# ## 3. Advertising
#
# ROAS = revenue attributed to ads ÷ ad spend. ROAS below 1 means "each yuan spent brings back less
# than a yuan of sales", before the cost of goods. ROAS is **better when higher** and falls when
# something goes wrong, so this time look for the row with the **smallest** (most negative) `size`.
#
# `scan` finds the channel. Its start month then comes from `start_month`: a channel has a few dozen
# attributed sales a month, so its monthly ROAS jumps around, and `scan` takes the cut with the
# largest relative change, which one odd month next to the change can move a month either way.
# `start_month` cuts the channel's monthly ROAS into a before and an after part, each month weighted
# by the attributed sales behind it (as module 2 weighs months by their orders), and the cut with
# the smallest error is the start month.

# %% kpilab="answer:q2"
roas_scan = scan("roas", "channel")
# zh: 模板：worst_ad = roas_scan.loc[roas_scan["size"].____()]
# en: Template: worst_ad = roas_scan.loc[roas_scan["size"].____()]
### BEGIN SOLUTION
worst_ad = roas_scan.loc[roas_scan["size"].idxmin()]
### END SOLUTION
ad_month = start_month("roas", "channel", worst_ad["segment"])
q2_ads_diagnosis = diagnosis("roas", "channel", worst_ad["segment"], ad_month)
q2_ads_diagnosis

# %% [markdown] lang="zh"
# ### 量化：从问题开始以来，这个渠道花了多少、换回多少？
#
# 相对变化说明“变了多少”，老板更关心“亏了多少钱”。下面按定义手算：
# 花费 = 费用表里属于这个渠道广告活动的金额；归因销售额 = 带这个渠道活动编号、已支付订单的订单行金额。
# 两者都只算从问题开始的月份到报告期末。你来写最后一行：这段时间的 ROAS。

# %% [markdown] lang="en"
# ### Size it: since the problem began, how much did the channel cost and bring back?
#
# A relative change says "how much it moved"; the boss cares about "how much money". By the
# definition: spend = expense rows of this channel's ad campaigns; attributed revenue = line amounts
# of paid orders carrying one of those campaigns. Both count from the start month to the period
# end. You write the last line: the ROAS over that time.

# %% kpilab="answer:q3"
campaigns, expenses = data["campaigns"], data["expenses"]
orders, order_lines = data["orders"], data["order_lines"]
ads = campaigns.loc[campaigns["channel"].notna(), ["campaign_id", "channel"]]
since, channel = pd.Timestamp(ad_month + "-01"), worst_ad["segment"]
spend = expenses[(expenses["date"] >= since) & (expenses["date"] < end)]
spend = spend.drop(columns=["channel"]).merge(ads, on="campaign_id")
spend_since = spend.groupby("channel")["amount"].sum()
paid = orders[
    (orders["status"] == "paid") & (orders["paid_at"] >= since) & (orders["paid_at"] < end)
]
sold = paid[["order_id", "campaign_id"]].merge(order_lines[["order_id", "amount"]], on="order_id")
revenue_since = sold.merge(ads, on="campaign_id").groupby("channel")["amount"].sum()
print(
    channel,
    lab.t("花费", "spend"),
    round(spend_since[channel], 2),
    lab.t("归因销售额", "attributed revenue"),
    round(revenue_since[channel], 2),
)
# zh: 模板：q3_roas_after = revenue_since[channel] / ____[channel]
# en: Template: q3_roas_after = revenue_since[channel] / ____[channel]
### BEGIN SOLUTION
q3_roas_after = revenue_since[channel] / spend_since[channel]
### END SOLUTION
q3_roas_after

# %% [markdown] lang="zh"
# 逐月看这个渠道：花费在涨，ROAS 却跌到 1 以下——钱越花越多，换回来的越来越少。

# %% [markdown] lang="en"
# The channel month by month: spend grows while ROAS falls below 1 - more and more money for less
# and less back.

# %%
month_spend = expenses.drop(columns=["channel"]).merge(ads, on="campaign_id")
month_spend = month_spend[(month_spend["date"] >= start) & (month_spend["date"] < end)]
month_spend = month_spend[month_spend["channel"] == channel]
month_spend = month_spend.groupby(month_spend["date"].dt.strftime("%Y-%m"))["amount"].sum()
month_roas = monthly("roas", "channel")[channel]
fig, ax = plt.subplots(figsize=(9, 4))
ax.bar(month_spend.index, month_spend.to_numpy(), color="#c8d6e5", label=lab.t("花费", "spend"))
ax.set_ylabel(lab.t("广告花费（元）", "ad spend (CNY)"))
ax.tick_params(axis="x", rotation=45)
ax2 = ax.twinx()
ax2.plot(month_roas.index, month_roas.to_numpy(), "o-", color="#c0392b")
ax2.axhline(1, color="grey", linestyle="--")
ax2.set_ylabel("ROAS")
ax.set_title(lab.t(f"{channel} 渠道：逐月广告花费与 ROAS", f"{channel}: monthly ad spend and ROAS"))
fig.tight_layout()
plt.show()

# %% [markdown] lang="zh"
# ## 4. 客户服务：是真问题，还是干扰项？
#
# 首次响应时间（中位数，分钟）**越长越差**。先看每个客服团队逐月的线。你会看到三种“不正常”：
#
# 1. 某个团队**一直**比别人慢——例如夜班人少。这是水平差异，不是新问题；
# 2. 某个团队**某一个月**特别慢，下个月就恢复了——偶然波动，或春节、大促的季节性。这是干扰项；
# 3. 某个团队**从某个月起变慢，并且一直没恢复**——这才是要找的问题。
#
# 判断的依据是**变化**是否持续，而不是水平高低，也不是某一个月的峰值。

# %% [markdown] lang="en"
# ## 4. Customer service: a real problem or a decoy?
#
# First response time (median, minutes) is **worse when longer**. Start with each support team's
# monthly line. You will see three kinds of "abnormal":
#
# 1. A team that has **always** been slower - a night shift with fewer people. A level difference,
#    not a new problem;
# 2. A team with **one** very slow month that recovered the next - chance, or Spring Festival / a
#    大促. A decoy;
# 3. A team that **became slower from some month on and stayed slow** - the problem we are after.
#
# What counts is whether the **change** lasts, not the level and not a single peak.

# %%
frt_monthly = monthly("first_response_time", "team")
fig, ax = plt.subplots(figsize=(9, 4))
frt_monthly.plot(ax=ax, marker="o")
ax.set_title(
    lab.t(
        "各客服团队逐月首次响应时间（中位数，分钟）",
        "First response time by support team (median, minutes)",
    )
)
ax.set_ylabel(lab.t("分钟", "minutes"))
ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()
level = compute("first_response_time", data, (start, end), by="team")["value"]
pd.DataFrame(
    {
        lab.t("全年水平", "level for the year"): level,
        lab.t("最慢的一个月", "slowest month"): frt_monthly.max(),
        lab.t("最慢的是哪个月", "which month"): frt_monthly.idxmax(),
    }
).round(1)

# %% [markdown] lang="zh"
# `frt_scan` 对每个团队、每个可能的起始月比较“之前”和“之后”（各自把几个月合在一起），
# 一个月的峰值在这里影响很小。找出 `size` 最大的那一行，取出它的团队名。

# %% [markdown] lang="en"
# `frt_scan` compares "before" and "after" (each pooled over its months) for every team and every
# possible start month, so a single peak matters little here. Find the row with the largest `size`
# and take its team name.

# %% kpilab="answer:q4"
frt_scan = scan("first_response_time", "team")
# zh: 模板：q4_team = frt_scan.loc[frt_scan["____"].idxmax(), "segment"]
# en: Template: q4_team = frt_scan.loc[frt_scan["____"].idxmax(), "segment"]
### BEGIN SOLUTION
q4_team = frt_scan.loc[frt_scan["size"].idxmax(), "segment"]
### END SOLUTION
q4_team

# %% [markdown] lang="zh"
# ### 它从哪个月开始变慢？
#
# 月度中位数受工单少的月份影响，起点容易差一个月。更稳的办法是回到**每一张工单**：
# 先算出每张工单的响应分钟数（你来写这一行），再对每个可能的起始月，比较之后和之前工单的
# （对数）响应时间平均差了多少个标准误（z 值）。响应时间有少数工单特别长，取对数能让它们不“带偏”平均数。
# z 值最大的月份就是最可信的起点；幅度仍按指标的定义（中位数，前后各自合并）来算。

# %% [markdown] lang="en"
# ### From which month did it become slow?
#
# Monthly medians swing in months with few tickets, so the start can be off by a month. It is
# steadier to go back to **every ticket**: compute each ticket's response minutes (your line), then
# for every possible start month compare the tickets after and before by how many standard errors
# their mean (log) response time moved (a z value). A few tickets wait very long; the log keeps them
# from pulling the mean. The month with the largest z is the most credible start; the size still
# follows the indicator's definition (the median, pooled before and after).

# %% kpilab="answer:q5"
tickets = data["support_tickets"]
tickets = tickets[(tickets["created_at"] >= start) & (tickets["created_at"] < end)].copy()
tickets["month"] = tickets["created_at"].dt.strftime("%Y-%m")
# zh: 模板：tickets["minutes"] = (tickets["first_response_at"] - tickets["____"]).dt.total_seconds() / 60
# en: Template: tickets["minutes"] = (tickets["first_response_at"] - tickets["____"]).dt.total_seconds() / 60
### BEGIN SOLUTION
tickets["minutes"] = (tickets["first_response_at"] - tickets["created_at"]).dt.total_seconds() / 60
### END SOLUTION
team_tickets = tickets[(tickets["team"] == q4_team) & tickets["minutes"].notna()]
log_minutes = np.log1p(team_tickets["minutes"])
z = {}
for m in months[2:-1]:
    after = team_tickets["month"] >= m
    a, b = log_minutes[after], log_minutes[~after]
    z[m] = (a.mean() - b.mean()) / log_minutes.std() * np.sqrt(len(a) * len(b) / len(log_minutes))
z = pd.Series(z)
print(z.round(1).to_dict())
q5_service_diagnosis = diagnosis("first_response_time", "team", q4_team, z.idxmax())
q5_service_diagnosis

# %% [markdown] lang="zh"
# 响应变慢，客户满意（CSAT）和首次联系解决率通常也会跟着掉——这是给老板讲清“为什么要管”的证据：

# %% [markdown] lang="en"
# When responses slow down, CSAT and first-contact resolution usually follow - the evidence that
# tells the boss why it matters:

# %%
pd.concat(
    {
        ind: before_after(ind, "team", q5_service_diagnosis["start_month"]).loc[q4_team]
        for ind in ["first_response_time", "csat", "first_contact_resolution"]
    },
    axis=1,
).round(3)

# %% [markdown] lang="zh"
# ## 5. 给总经理的报告
#
# 把三个问题放在一起：哪个影响最大、先做什么、怎么验证。用上面算出来的数字说话；
# 也说一说你排除了哪一个“看起来像问题”的现象。

# %% [markdown] lang="en"
# ## 5. The report for the general manager
#
# Put the three problems side by side: which hurts most, what to do first, how to check it worked.
# Use the numbers you computed above, and say which "looks like a problem" you ruled out.

# %%
summary = pd.DataFrame([q1_traffic_diagnosis, q2_ads_diagnosis, q5_service_diagnosis])
summary["size"] = summary["size"].map(lambda x: f"{x:+.0%}")
summary

# %% [markdown] kpilab="written:w1"
