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
# # 模块 6 配合度指数
#
# 你在一家医药流通公司做销售内勤。公司的客户经理会拜访医院、药店和诊所，组织学术会议和培训，
# 并请客户事后填写反馈。领导想知道：**哪些客户、哪些大区和我们配合得好，哪些在变差？**
#
# 这本练习带你从互动记录出发，一步步算出配合度的三个组成部分——**客户参与度、互动频率、反馈质量**，
# 再把它们合成一个 **配合度指数**，找出配合度下降的大区；最后再诊断一个招商方面的问题。
# 每道题只需要写一行代码；写完运行下面的 `check(...)` 格子，马上知道对不对。

# %% [markdown] lang="en"
# # Module 6 Cooperation index
#
# You work in sales support at a pharmaceutical distributor. The account managers visit hospitals,
# pharmacies and clinics, run academic meetings and training sessions, and ask the accounts for
# feedback afterwards. Management wants to know: **which accounts and regions cooperate well with
# us, and which are slipping?**
#
# Starting from the interaction records, this notebook walks you through the three parts of
# cooperation - **participation rate, interaction frequency and feedback quality** - then combines
# them into a **cooperation index** and finds the region whose cooperation fell. At the end you
# diagnose one more problem, in merchant recruitment. Each question needs one line of code; run the
# `check(...)` cell below it to see at once if it is right.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from grading import lab

data = lab.start()
check = lab.check
interactions = data["interactions"]
customers = data["customers"]
leads = data["leads"]
start, end = lab.period()
# zh: 报告期的各个月份（"YYYY-MM"），以及月数
# en: The months of the reporting period ("YYYY-MM") and how many there are
months = pd.date_range(start, end, freq="MS", inclusive="left").strftime("%Y-%m").tolist()
n_months = len(months)
# zh: 报告期：start 当天起，到 end 之前（不含 end）
# en: Reporting period: from start up to, but not including, end
print(start.date(), "→", end.date(), "|", n_months, lab.t("个月", "months"))

# %% [markdown] lang="zh"
# ## 1. 认识互动记录表
#
# `interactions` 每一行是一次和客户的接触（拜访、学术会议、培训……）：
#
# | 列 | 含义 |
# |---|---|
# | `invited` | 是否由我方邀请/发起（False 表示客户主动找我们） |
# | `participated` | 客户是否真的参加了 |
# | `feedback_submitted` | 客户事后是否提交了反馈 |
# | `feedback_quality` | 反馈的质量评分，0–1（越完整、越具体越高）；没提交时为空 |
#
# 文件里还有报告期之前 3 个月的历史数据，所以先筛出报告期内的行，再补上客户所在的大区（region）。
# 我们顺手准备两列：`joined`（受邀并参加了）和 `score`（实际发生并提交了反馈的质量分，其余记 0）。

# %% [markdown] lang="en"
# ## 1. The interaction records
#
# Each row of `interactions` is one contact with an account (a visit, an academic meeting, a
# training session...):
#
# | column | meaning |
# |---|---|
# | `invited` | we invited the account / started the contact (False: the customer came to us) |
# | `participated` | the account actually took part |
# | `feedback_submitted` | the account submitted feedback afterwards |
# | `feedback_quality` | the feedback's quality grade, 0-1 (complete and specific is higher); empty when none was submitted |
#
# The file also holds 3 history months before the reporting period, so we first keep the rows of
# the period and add each account's region. We also prepare two columns: `joined` (invited and
# took part) and `score` (the quality grade of feedback on an interaction that took place, 0
# otherwise).

# %%
in_period = (interactions["scheduled_at"] >= start) & (interactions["scheduled_at"] < end)
rows = interactions[in_period].merge(
    customers[["customer_id", "region"]], on="customer_id", how="left"
)
rows["month"] = rows["scheduled_at"].dt.strftime("%Y-%m")
rows["joined"] = rows["invited"] & rows["participated"]
took_place_with_feedback = rows["participated"] & rows["feedback_submitted"]
rows["score"] = rows["feedback_quality"].where(took_place_with_feedback, 0.0).fillna(0.0)
print(len(rows), lab.t("条互动记录在报告期内", "interaction rows in the period"))
pd.crosstab(rows["invited"], rows["participated"], margins=True)

# %% [markdown] lang="zh"
# ## 2. 客户参与度
#
# 客户参与度 = 客户参加了的**受邀**活动数 ÷ 受邀活动数。客户主动打来的电话不是我们邀请的，不算。
# 在 Excel 里就是：先筛选 invited = TRUE，再数 participated = TRUE 的比例。

# %% [markdown] lang="en"
# ## 2. Participation rate
#
# Participation rate = **invited** activities the account took part in ÷ activities it was
# invited to. A call the customer started was not an invitation and does not count. In Excel:
# filter invited = TRUE, then take the share of participated = TRUE.

# %% kpilab="answer:q1"
invited = rows[rows["invited"]]
# zh: 模板：q1_participation = invited["____"].mean()
# en: Template: q1_participation = invited["____"].mean()
### BEGIN SOLUTION
q1_participation = invited["participated"].mean()
### END SOLUTION
q1_participation

# %% [markdown] lang="zh"
# ## 3. 互动频率
#
# 互动频率 = 实际发生（客户参加了）的互动次数 ÷（客户数 × 月数），单位是“次/客户/月”。
# 这里的客户数是报告期内**至少有一条互动记录**的客户。

# %% [markdown] lang="en"
# ## 3. Interaction frequency
#
# Interaction frequency = interactions that took place (the account took part) ÷ (accounts ×
# months), in "per account per month". The accounts are those with **at least one interaction
# row** in the period.

# %% kpilab="answer:q2"
held = rows[rows["participated"]]
n_accounts = rows["customer_id"].nunique()
print(len(held), n_accounts, n_months)
# zh: 模板：q2_frequency = len(____) / (n_accounts * n_months)
# en: Template: q2_frequency = len(____) / (n_accounts * n_months)
### BEGIN SOLUTION
q2_frequency = len(held) / (n_accounts * n_months)
### END SOLUTION
q2_frequency

# %% [markdown] lang="zh"
# ## 4. 反馈质量
#
# 反馈质量 = 实际发生的互动中，已提交反馈的质量分之和 ÷ 实际发生的互动次数。
# 没交反馈记 0 分：一个从不交反馈的客户，反馈质量就是 0，而不是“无数据”。

# %% [markdown] lang="en"
# ## 4. Feedback quality
#
# Feedback quality = the sum of the quality grades of feedback submitted on interactions that
# took place ÷ interactions that took place. No feedback scores 0: an account that never gives
# feedback has a feedback quality of 0, not "no data".

# %% kpilab="answer:q3"
# zh: 模板：q3_feedback_quality = held["____"].sum() / len(held)
# en: Template: q3_feedback_quality = held["____"].sum() / len(held)
### BEGIN SOLUTION
q3_feedback_quality = held["score"].sum() / len(held)
### END SOLUTION
q3_feedback_quality

# %% [markdown] lang="zh"
# ## 5. 一步步合成配合度指数
#
# **第 1 步：按客户算出三项。** 每个客户一行：`p` 参与度、`f` 互动频率（次/月）、`q` 反馈质量。
# 从没被邀请过的客户没有参与度（空值），从没参加过的客户没有反馈质量（空值）。

# %% [markdown] lang="en"
# ## 5. Building the cooperation index step by step
#
# **Step 1: the three parts per account.** One row per account: `p` participation, `f`
# interaction frequency (per month), `q` feedback quality. An account never invited has no
# participation (empty), one that never took part has no feedback quality (empty).

# %%
acc = rows.groupby("customer_id").agg(
    invited_n=("invited", "sum"),
    joined_n=("joined", "sum"),
    held_n=("participated", "sum"),
    score=("score", "sum"),
)
acc["p"] = acc["joined_n"] / acc["invited_n"].where(acc["invited_n"] > 0)
acc["f"] = acc["held_n"] / n_months
acc["q"] = acc["score"] / acc["held_n"].where(acc["held_n"] > 0)
acc.head()

# %% [markdown] lang="zh"
# **第 2 步：最小-最大标准化。** 三项的单位不同，不能直接相加。把每一列变成 0–1：
# （值 − 该列最小值）÷（该列最大值 − 该列最小值）。最差的客户得 0，最好的得 1。
#
# **第 3 步：加权平均。** 权重默认是参与度 0.4、互动频率 0.3、反馈质量 0.3。
# 某项为空的客户，这一项的权重记 0，其余权重按比例放大（除以实际用到的权重之和）。
# 全公司的配合度指数 = 所有客户指数的平均值。
#
# 你来写第 2 步这一行，第 3 步的代码已经写好。

# %% [markdown] lang="en"
# **Step 2: min-max scaling.** The parts have different units and cannot simply be added. Turn
# each column into 0-1: (value − the column's min) ÷ (the column's max − its min). The weakest
# account gets 0, the best 1.
#
# **Step 3: weighted mean.** The default weights are participation 0.4, frequency 0.3, feedback
# quality 0.3. Where an account has an empty part, that part's weight is 0 and the others are
# rescaled (divided by the sum of the weights actually used). The company's cooperation index is
# the mean of all accounts' indices.
#
# You write the line of step 2; step 3 is written for you.

# %% kpilab="answer:q4"
parts = acc[["p", "f", "q"]]
# zh: 模板：scaled = (parts - parts.____()) / (parts.max() - parts.min())
# en: Template: scaled = (parts - parts.____()) / (parts.max() - parts.min())
### BEGIN SOLUTION
scaled = (parts - parts.min()) / (parts.max() - parts.min())
### END SOLUTION
weights = pd.Series({"p": 0.4, "f": 0.3, "q": 0.3})
# zh: 某项为空时这一项的权重为 0
# en: A part that is empty gets weight 0
w = scaled.notna() * weights
acc["index"] = (scaled.fillna(0) * w).sum(axis=1) / w.sum(axis=1)
q4_cooperation_index = acc["index"].mean()
q4_cooperation_index

# %% [markdown] lang="zh"
# ## 6. 各大区的配合度指数
#
# 大区的指数 = 该大区客户指数的平均值（标准化仍在全部客户中做，所以大区之间可以比较）。

# %% [markdown] lang="en"
# ## 6. Cooperation index by region
#
# A region's index = the mean of its accounts' indices (the scaling was done over all accounts,
# so regions can be compared).

# %% kpilab="answer:q5"
acc = acc.join(customers.set_index("customer_id")["region"])
# zh: 模板：q5_index_by_region = acc.groupby("____")["index"].mean()
# en: Template: q5_index_by_region = acc.groupby("____")["index"].mean()
### BEGIN SOLUTION
q5_index_by_region = acc.groupby("region")["index"].mean()
### END SOLUTION
q5_index_by_region.sort_values()

# %% [markdown] lang="zh"
# 全年平均会把问题“摊薄”：如果一个大区只是最近几个月变差，全年指数未必排最后。
# 所以再看**逐月**的参与度：哪条线从某个月起掉下去并且没有回来？

# %% [markdown] lang="en"
# A yearly average dilutes a problem: a region that slipped only in the last months need not rank
# last for the year. So look at participation **month by month**: which line drops from some
# month on and does not come back?

# %%
monthly = invited.pivot_table(index="month", columns="region", values="joined", aggfunc="mean")
fig, ax = plt.subplots(figsize=(9, 4))
monthly.plot(ax=ax, marker="o")
ax.set_title(lab.t("各大区逐月客户参与度", "Monthly participation rate by region"))
ax.set_xlabel(lab.t("月份", "month"))
ax.set_ylabel(lab.t("参与度", "participation rate"))
ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()

# %% [markdown] lang="zh"
# 也可以用探索器自己看：选指标（例如反馈质量、配合度指数）、维度“大区”，拖动月份范围。

# %% [markdown] lang="en"
# You can also look for yourself in the explorer: pick an indicator (feedback quality, the
# cooperation index...), the dimension "region", and drag the month range.

# %%
lab.explorer(data, module=6)

# %% [markdown] lang="zh"
# ## 7. 诊断：哪个大区的配合度下降了？
#
# 下面的 `change_scan` 把每一种可能都算一遍：**某个分组从某个月开始变了**（前后各至少留 2 个月）。
# 每一行给出该分组在这个月之前和之后的比率（把几个月合在一起算）、相对变化
# `size` =（之后 − 之前）÷ 之前，以及一个**证据分数** `score`：
# “从这个月起变了”比“一直没变”能多解释多少数据（同时看比率和数量）。分数越大，这个假设越可信。
# 某个月偶然偏低一次，分数不会高；真正持续的变化，分数会远高于其他行。

# %% [markdown] lang="en"
# ## 7. Diagnosis: which region's cooperation fell?
#
# `change_scan` below tries every possibility: **one segment changed from one month on** (keeping
# at least 2 months on each side). Each row gives the segment's rate before and after that month
# (pooled over the months), the relative change `size` = (after − before) ÷ before, and an
# **evidence score** `score`: how much better "it changed from this month" explains the data than
# "nothing changed" (looking at both the rate and the number of rows). The larger the score, the
# more credible the hypothesis. One unlucky month does not score high; a lasting change scores far
# above every other row.


# %%
def _loglik(k, n):
    """Binomial log-likelihood of k successes in n at the observed rate (0·log 0 = 0)."""
    out = 0.0
    if k > 0:
        out += k * np.log(k / n)
    if n - k > 0:
        out += (n - k) * np.log(1 - k / n)
    return out


def _count_loglik(k, m):
    """Poisson log-likelihood (up to a constant) of k rows over m months."""
    return k * np.log(k / m) - k if k > 0 else 0.0


def change_scan(df, segment_col, flag_col):
    """Every (segment, start month): rate before / after, relative change and evidence score."""
    out = []
    for segment, g in df.groupby(segment_col):
        per_month = g.groupby("month")[flag_col].agg(["sum", "size"]).reindex(months, fill_value=0)
        k, n = per_month["sum"].to_numpy(), per_month["size"].to_numpy()
        for i in range(2, n_months - 1):
            kb, nb, ka, na = k[:i].sum(), n[:i].sum(), k[i:].sum(), n[i:].sum()
            if nb == 0 or na == 0 or kb == 0:
                continue
            rate = _loglik(kb, nb) + _loglik(ka, na) - _loglik(kb + ka, nb + na)
            volume = (
                _count_loglik(nb, i)
                + _count_loglik(na, n_months - i)
                - _count_loglik(nb + na, n_months)
            )
            before, after = kb / nb, ka / na
            out.append(
                {
                    "segment": segment,
                    "month": months[i],
                    "before": before,
                    "after": after,
                    "size": (after - before) / before,
                    "score": rate + volume,
                }
            )
    return pd.DataFrame(out)


coop_scan = change_scan(invited, "region", "joined")
coop_scan.sort_values("score", ascending=False).head()

# %% [markdown] lang="zh"
# 找出证据分数最大的那一行，下面的代码会把它写成诊断：指标、大区、起始月份、方向和幅度。

# %% [markdown] lang="en"
# Find the row with the largest evidence score; the code below turns it into a diagnosis:
# indicator, region, start month, direction and size.

# %% kpilab="answer:q6"
# zh: 模板：best = coop_scan.loc[coop_scan["____"].idxmax()]
# en: Template: best = coop_scan.loc[coop_scan["____"].idxmax()]
### BEGIN SOLUTION
best = coop_scan.loc[coop_scan["score"].idxmax()]
### END SOLUTION
q6_cooperation_diagnosis = {
    "indicator": "participation_rate",
    "segment": best["segment"],
    "start_month": best["month"],
    "direction": "up" if best["after"] > best["before"] else "down",
    "size": best["size"],
}
q6_cooperation_diagnosis

# %% [markdown] lang="zh"
# 参与度下降的同时，这个大区的反馈质量怎么样？（只看报告期内、客户参加了的互动。）
# 如果两项一起掉，说明客户不只是“没空来”，而是和我们的关系在变冷，之后往往就是流失。

# %% [markdown] lang="en"
# While participation fell, what happened to the region's feedback quality? (Interactions in the
# period that took place.) When both fall together, the accounts are not just "too busy": the
# relationship is cooling, and churn often follows.

# %%
weak = held[held["region"] == best["segment"]]
weak.groupby(weak["month"] >= best["month"])["score"].mean().rename(
    {False: lab.t("之前", "before"), True: lab.t("之后", "after")}
)

# %% [markdown] lang="zh"
# ## 8. 再诊断一个问题：招商经理的线索转化
#
# 配合度管的是老客户；招商管的是新客户。`leads` 表每一行是一条招商线索，`rep_id` 是负责的招商经理，
# `stage` 是线索现在的阶段。销售转化率（线索）= 本期创建的线索中已签约的数量 ÷ 本期创建的线索数。
#
# 同样用 `change_scan`：它既看转化率，也看线索数量——“线索很多、转化很低”正是这类问题的样子。
# 你来写一行：给每条线索做“是否签约”的标记。

# %% [markdown] lang="en"
# ## 8. One more diagnosis: recruiters' lead conversion
#
# Cooperation is about existing accounts; recruitment is about new ones. Each row of `leads` is a
# recruitment lead, `rep_id` the recruiter in charge, and `stage` where the lead is now. Lead
# conversion = leads created in the period that signed ÷ leads created in the period.
#
# `change_scan` again: it looks at both the conversion and the number of leads - "many leads,
# few signed" is exactly what this kind of problem looks like. You write one line: flag each lead
# as signed or not.

# %% kpilab="answer:q7"
created = (leads["created_at"] >= start) & (leads["created_at"] < end)
lead_rows = leads[created].copy()
lead_rows["month"] = lead_rows["created_at"].dt.strftime("%Y-%m")
# zh: 模板：lead_rows["signed"] = lead_rows["stage"] == "____"
# en: Template: lead_rows["signed"] = lead_rows["stage"] == "____"
### BEGIN SOLUTION
lead_rows["signed"] = lead_rows["stage"] == "signed"
### END SOLUTION
rep_scan = change_scan(lead_rows, "rep_id", "signed")
best_rep = rep_scan.loc[rep_scan["score"].idxmax()]
q7_recruiter_diagnosis = {
    "indicator": "lead_conversion_rate",
    "segment": best_rep["segment"],
    "start_month": best_rep["month"],
    "direction": "up" if best_rep["after"] > best_rep["before"] else "down",
    "size": best_rep["size"],
}
q7_recruiter_diagnosis

# %% [markdown] lang="zh"
# 看看这位招商经理每月的线索数和转化率：线索变多了，签下来的却少了。

# %% [markdown] lang="en"
# The recruiter's monthly leads and conversion: more leads, yet fewer of them signed.

# %%
mine = lead_rows[lead_rows["rep_id"] == best_rep["segment"]]
per_month = mine.groupby("month")["signed"].agg(["size", "mean"]).reindex(months)
fig, ax = plt.subplots(figsize=(9, 4))
ax.bar(per_month.index, per_month["size"], color="#c8d6e5", label=lab.t("线索数", "leads"))
ax.set_ylabel(lab.t("线索数", "leads"))
ax.tick_params(axis="x", rotation=45)
ax2 = ax.twinx()
ax2.plot(
    per_month.index, per_month["mean"], "o-", color="#c0392b", label=lab.t("转化率", "conversion")
)
ax2.set_ylabel(lab.t("转化率", "conversion"))
ax.set_title(
    lab.t(
        f"招商经理 {best_rep['segment']} 的逐月线索与转化率",
        f"Recruiter {best_rep['segment']}: monthly leads and conversion",
    )
)
fig.tight_layout()
plt.show()

# %% [markdown] kpilab="written:w1"
