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
# # 模块 4 销售支持与客户服务
#
# 你们公司是一家连锁酒店。这本练习用真实格式的工单（support_tickets）和问卷（survey_responses），
# 带你算出响应时间和满意度，再找出哪个团队、哪家酒店出了问题。每道题写一行代码，写完运行下面的
# `check(...)` 格子。

# %% [markdown] lang="en"
# # Module 4 Sales support and service
#
# Your company is a hotel chain. This notebook uses its tickets (support_tickets) and surveys
# (survey_responses) to compute response time and satisfaction, then to find which team and which
# hotel have a problem. Each question needs one line; then run the `check(...)` cell below it.

# %%
import numpy as np

from grading import lab

data = lab.start()
check = lab.check
tickets = data["support_tickets"]
surveys = data["survey_responses"]
start, end = lab.period()
# zh: 报告期：start 当天起，到 end 之前
# en: Reporting period: from start up to, but not including, end
print(start.date(), "→", end.date())
tickets.head()

# %% [markdown] lang="zh"
# ## 1. 首次响应时间
#
# 首次响应时间 = 客服第一次回复的时间 − 工单创建时间。少数工单会拖得很久，所以口径用**中位数**：
# 把所有时间从小到大排好，取正中间那个。只算报告期内创建、并且已经回复的工单。

# %% [markdown] lang="en"
# ## 1. First response time
#
# First response time = first reply − ticket creation. A few tickets wait very long, so the
# indicator is the **median**: sort all times and take the middle one. Only tickets created in the
# reporting period that were answered count.

# %% kpilab="answer:q1"
t = tickets[(tickets["created_at"] >= start) & (tickets["created_at"] < end)].copy()
t["minutes"] = (t["first_response_at"] - t["created_at"]).dt.total_seconds() / 60
t["month"] = t["created_at"].dt.strftime("%Y-%m")
# zh: 模板：q1_response_median = t["minutes"].____()
# en: Template: q1_response_median = t["minutes"].____()
### BEGIN SOLUTION
q1_response_median = t["minutes"].median()
### END SOLUTION
q1_response_median

# %% [markdown] lang="zh"
# ## 2. 各团队的响应时间
#
# 像 Excel 数据透视表一样，按 `team` 分组取中位数。

# %% [markdown] lang="en"
# ## 2. Response time by team
#
# Like an Excel pivot table: group by `team` and take the median.

# %% kpilab="answer:q2"
# zh: 模板：q2_response_by_team = t.groupby("____")["minutes"].median()
# en: Template: q2_response_by_team = t.groupby("____")["minutes"].median()
### BEGIN SOLUTION
q2_response_by_team = t.groupby("team")["minutes"].median()
### END SOLUTION
q2_response_by_team

# %% [markdown] lang="zh"
# ## 3. 客户满意度（CSAT）
#
# CSAT = 总体满意度打 4 分或 5 分的问卷 ÷ 打了分的问卷。注意它是**比例**，不是平均分。

# %% [markdown] lang="en"
# ## 3. Customer satisfaction (CSAT)
#
# CSAT = responses scoring 4 or 5 ÷ responses with a score. It is a **share**, not a mean score.

# %% kpilab="answer:q3"
s = surveys[
    (surveys["responded_at"] >= start) & (surveys["responded_at"] < end) & surveys["csat"].notna()
].copy()
s["month"] = s["responded_at"].dt.strftime("%Y-%m")
s["satisfied"] = s["csat"] >= 4
# zh: 模板：q3_csat = s["____"].mean()
# en: Template: q3_csat = s["____"].mean()
### BEGIN SOLUTION
q3_csat = s["satisfied"].mean()
### END SOLUTION
q3_csat

# %% [markdown] lang="zh"
# ## 4. 哪个团队响应变慢了？
#
# 先用探索器看“响应时间（中位数）”按团队的逐月走势，再用下面的透视表核对。找到团队和开始月份后，
# 把这个团队开始月份之前、之后的工单各放在一起算中位数：幅度 =（之后 − 之前）÷ 之前。

# %% [markdown] lang="en"
# ## 4. Which team got slow?
#
# Look at first response time by team in the explorer, then check with the pivot table below.
# Once you have the team and the start month, pool the team's tickets before and from that month
# and take each median: size = (after − before) ÷ before.

# %%
lab.explorer(data, module=4)

# %%
t.pivot_table(index="month", columns="team", values="minutes", aggfunc="median").round(1)


# %%
def before_after(frame, column, segment, month, value, how):
    """Pooled statistic of one segment before and from ``month``: (before, after)."""
    seg = frame[frame[column] == segment]
    before = seg.loc[seg["month"] < month, value].agg(how)
    after = seg.loc[seg["month"] >= month, value].agg(how)
    return before, after


def best_shift(frame, column, value):
    """The (segment, month) whose before/after gap stands out most against its noise.

    A two-sample t statistic of the means; pass log-times for durations, whose long tail
    would otherwise drown the signal.
    """
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


# %% kpilab="answer:q4"
# zh: 模板：team, month = "____", "2025-__"，然后用 before_after(t, "team", team, month, "minutes", "median")
# en: Template: team, month = "____", "2025-__", then before_after(t, "team", team, month, "minutes", "median")
### BEGIN SOLUTION
answered = t.dropna(subset=["minutes"]).assign(log_minutes=lambda d: np.log1p(d["minutes"]))
team, month = best_shift(answered, "team", "log_minutes")
before, after = before_after(t, "team", team, month, "minutes", "median")
q4_response_diagnosis = {
    "indicator": "first_response_time",
    "segment": team,
    "start_month": month,
    "direction": "up" if after > before else "down",
    "size": (after - before) / before,
}
### END SOLUTION
q4_response_diagnosis

# %% [markdown] lang="zh"
# ## 5. 哪家酒店的满意度掉下来了？
#
# 看各酒店（`store_id`）CSAT 的逐月走势；掉下来的那家，卫生分项（`cleanliness`）也一起看看。

# %% [markdown] lang="en"
# ## 5. Which hotel's satisfaction fell?
#
# Look at each hotel's (`store_id`) CSAT month by month; for the one that falls, also look at the
# cleanliness sub-score.

# %%
s.pivot_table(index="month", columns="store_id", values="satisfied", aggfunc="mean").round(2)

# %%
import matplotlib.pyplot as plt

monthly = s.pivot_table(index="month", columns="store_id", values="cleanliness", aggfunc="mean")
ax = monthly.plot(figsize=(9, 4), marker="o")
ax.set_title(lab.t("各酒店卫生分项平均分（逐月）", "Cleanliness sub-score by hotel, monthly mean"))
ax.set_ylabel(lab.t("平均分（1–5）", "mean score (1–5)"))
plt.show()

# %% kpilab="answer:q5"
# zh: 模板：hotel, month = "S0__", "2025-__"，然后用 before_after(s, "store_id", hotel, month, "satisfied", "mean")
# en: Template: hotel, month = "S0__", "2025-__", then before_after(s, "store_id", hotel, month, "satisfied", "mean")
### BEGIN SOLUTION
hotel, month = best_shift(s.astype({"satisfied": float}), "store_id", "satisfied")
before, after = before_after(s, "store_id", hotel, month, "satisfied", "mean")
q5_cleaning_diagnosis = {
    "indicator": "csat",
    "segment": hotel,
    "start_month": month,
    "direction": "up" if after > before else "down",
    "size": (after - before) / before,
}
### END SOLUTION
q5_cleaning_diagnosis

# %% [markdown] kpilab="written:w1"
