"""招商 (merchant recruitment): the recruiters' lead pipeline and their monthly targets.

Each recruiter receives new leads every month (from a few months before the period, so the first
months already have signings) from several sources. A lead signs with the source's conversion
times the recruiter's hidden skill and the ``lead_conversion`` lever; otherwise it is lost at
some stage. Stage timestamps follow one another on working hours; whatever would happen after the
data export (the period end) has not happened yet, so late leads are still open. Targets are set
the way a sales director sets them: from each recruiter's usual lead volume, the company's average
conversion and what last year revealed of the recruiter's skill, with some stretch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from .. import pools
from ..columns import prefixed_ids
from ..rng import Stream, stream
from ..schema.frames import conform
from ..world import World
from . import staff
from .arrays import cdf
from .staff import TeamSpec

# Fixed sub-stream indices of Stream.LEADS (months use 0..40); never renumber.
_S_PLACES, _S_REPEAT, _S_VOLUME = 9001, 9002, 9003

#: Lost reasons and their shares by the stage at which the lead was lost.
LOST_REASONS: tuple[dict[str, float], ...] = (
    {"not_qualified": 0.5, "no_response": 0.5},
    {"no_response": 0.35, "no_budget": 0.3, "not_qualified": 0.2, "price": 0.15},
    {"price": 0.4, "competitor": 0.35, "no_budget": 0.25},
)
_STAGES = np.array(["new", "contacted", "proposal", "signed", "lost"], dtype=object)
#: A month of the pipeline: start, end and its business activity relative to an average month.
Month = tuple[pd.Timestamp, pd.Timestamp, float]


@dataclass(frozen=True)
class LeadModel:
    """How a profile's recruiters work their pipeline.

    ``sources`` maps a lead source to ``(share of leads, sign probability, amount multiplier)``.
    ``stage_days`` are the mean days from creation to first contact, contact to proposal and
    proposal to the decision; ``lost_stage`` the shares of unsigned leads lost while new, after
    contact and after the proposal.

    Examples
    --------
    >>> model = LeadModel()
    >>> round(model.mean_conversion, 3), [t.team for t in model.team_specs()]
    (0.198, ['招商一部', '招商二部'])
    """

    sources: dict[str, tuple[float, float, float]] = field(
        default_factory=lambda: {
            "exhibition": (0.2, 0.22, 1.3),
            "referral": (0.15, 0.35, 1.1),
            "online_ads": (0.25, 0.10, 0.8),
            "cold_call": (0.15, 0.07, 0.7),
            "partner": (0.1, 0.28, 1.2),
            "inbound": (0.15, 0.25, 0.9),
        }
    )
    leads_per_rep: float = 10.0  # new leads per recruiter and month
    amount_median: float = 300_000.0
    amount_sigma: float = 0.6
    stage_days: tuple[float, float, float] = (2.0, 12.0, 20.0)
    lost_stage: tuple[float, float, float] = (0.2, 0.4, 0.4)
    stale_days: float = 14.0  # mean days before a lead nobody could reach is given up
    #: Share of leads that re-open a prospect lost earlier (its second lead).
    repeat_share: float = 0.08
    warmup_months: int = 3
    #: Targets ask this much more than a typical recruiter's expected signings.
    target_stretch: float = 1.05
    teams: tuple[tuple[str, int], ...] = (("招商一部", 4), ("招商二部", 4))
    #: English names of ``teams``, in the same order.
    teams_en: tuple[str, ...] = ("Business development 1", "Business development 2")
    sector: str = "pharma"  # company names of the prospects (see pools.company_names)

    def team_specs(self, locale: str = "zh_CN") -> list[TeamSpec]:
        """The recruiter teams for :func:`generator.sim.staff.build_employees`, named in
        ``locale`` (Chinese for ``zh_CN``, English otherwise)."""
        if len(self.teams_en) != len(self.teams):
            raise ValueError("LeadModel.teams_en needs one English name per team")
        names = [t for t, _ in self.teams] if locale == "zh_CN" else list(self.teams_en)
        return [
            TeamSpec(n, "recruiter", size) for n, (_, size) in zip(names, self.teams, strict=True)
        ]

    @property
    def mean_conversion(self) -> float:
        share = np.array([s[0] for s in self.sources.values()])
        conv = np.array([s[1] for s in self.sources.values()])
        return float((share * conv).sum() / share.sum())

    @property
    def mean_amount(self) -> float:
        share = np.array([s[0] for s in self.sources.values()])
        mult = np.array([s[2] for s in self.sources.values()])
        typical = self.amount_median * np.exp(self.amount_sigma**2 / 2)
        return float(typical * (share * mult).sum() / share.sum())


def _months(world: World, warmup: int) -> list[Month]:
    """(start, end, activity relative to an average month) from ``warmup`` months before."""
    cal = world.calendar.set_index("date")["b2b"]
    first = world.start - pd.DateOffset(months=warmup)
    out = []
    for i in range(warmup + len(world.months())):
        lo = first + pd.DateOffset(months=i)
        hi = lo + pd.DateOffset(months=1)
        inside = cal.loc[(cal.index >= lo) & (cal.index < hi)]
        out.append((lo, hi, float(inside.mean() / cal.mean()) if len(inside) else 1.0))
    return out


@lru_cache(maxsize=128)
def _days_of(lo: pd.Timestamp, hi: pd.Timestamp) -> tuple[np.ndarray, np.ndarray]:
    """The days of a month and the cumulative weights a lead's creation day is drawn by
    (working days 1, weekends 0.12)."""
    days = pd.date_range(lo, hi - pd.Timedelta(days=1), freq="D").to_numpy()
    w = np.where(np.is_busday(days.astype("datetime64[D]")), 1.0, 0.12)
    return days, cdf(w / w.sum())


def _working_time(day: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """The instant ``steps`` 5-minute steps after midnight (drawn in 09:00 to 18:00) of ``day``."""
    minutes = steps * 300
    return day.astype("datetime64[D]").astype("datetime64[s]") + minutes.astype("timedelta64[s]")


def _after(prev: np.ndarray, gamma: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """A working-hours instant after ``prev``: ``gamma`` days later (drawn with shape 2 and the
    stage's mean), at ``steps`` (see :func:`_working_time`), at least ten minutes on."""
    days = np.floor(gamma).astype("int64")
    t = _working_time(prev.astype("datetime64[D]") + days.astype("timedelta64[D]"), steps)
    return np.maximum(t, prev + np.timedelta64(600, "s"))


#: A working-hours time as 5-minute steps after midnight: 09:00 up to 18:00.
_STEPS = (9 * 12, 18 * 12)


class _Pairs:
    """The (month, recruiter) pairs of the pipeline, each drawing from its own stream.

    Each pair's stream is called in a fixed order (every call for all pairs at once), so a
    pair's draws depend only on its own earlier draws; what only transforms them is done once
    on all pairs' rows.
    """

    def __init__(self, gens: list[np.random.Generator]) -> None:
        self.gens = gens

    def draw(self, sizes: np.ndarray, call) -> np.ndarray:
        """``call(gen, size, pair)`` for every pair, concatenated in pair order."""
        return np.concatenate(
            [call(g, int(n), p) for p, (g, n) in enumerate(zip(self.gens, sizes, strict=True))]
        )


def _pipeline(
    world: World, model: LeadModel, reps: dict[str, np.ndarray], number: np.ndarray,
    months: list[Month],
) -> dict[str, np.ndarray]:  # fmt: skip
    """Every recruiter's new leads of every month with their full (untruncated) history.

    Each recruiter's month draws from its own stream (keyed by the month and the employee
    number), so a lever on one recruiter leaves every other recruiter's pipeline as it was.
    Rows come by month, then recruiter, then draw.
    """
    ids, teams = reps["employee_id"], reps["team"]
    n_reps = len(ids)
    month = np.repeat(np.arange(len(months)), n_reps)  # of each pair
    rep_of = np.tile(np.arange(n_reps), len(months))
    pairs = _Pairs([stream(world.seed, Stream.LEADS, int(i), int(number[j]))
                    for i, j in zip(month, rep_of, strict=True)])  # fmt: skip
    # Lead volume may change inside the month: draw at the month's highest rate, then thin.
    edges = [[t.to_datetime64() for t in (lo, lo + (hi - lo) / 2, hi - pd.Timedelta(seconds=1))]
             for lo, hi, _ in months]  # fmt: skip
    peak = np.max(
        [world.levers.factor("lead_volume", np.array([e[k] for e in edges])[month],
                             rep=ids[rep_of], team=teams[rep_of]) for k in range(3)],
        axis=0,
    )  # fmt: skip
    activity = np.array([act for _, _, act in months])[month]
    lam = model.leads_per_rep * reps["volume"][rep_of] * activity * peak
    counts = pairs.draw(np.ones(len(month)), lambda g, n, p: g.poisson(lam[p : p + 1]))
    u_day = pairs.draw(counts, lambda g, n, p: g.random(n))
    steps = pairs.draw(counts, lambda g, n, p: g.integers(*_STEPS, size=n))
    u_keep = pairs.draw(counts, lambda g, n, p: g.random(n))
    pair = np.repeat(np.arange(len(month)), counts)
    day = np.empty(len(pair), dtype="datetime64[ns]")
    for p in np.unique(pair):
        lo, hi, _ = months[month[p]]
        days, day_cdf = _days_of(lo, hi)
        at = slice(*np.searchsorted(pair, [p, p + 1]))
        day[at] = days[day_cdf.searchsorted(u_day[at], side="right")]
    created = _working_time(day, steps)
    r = rep_of[pair]
    volume = world.levers.factor("lead_volume", created, rep=ids[r], team=teams[r])
    keep = u_keep * peak[pair] < volume
    pair, r, created = pair[keep], r[keep], created[keep]
    n = np.bincount(pair, minlength=len(month))
    # Each pair's draws for its kept leads, in the order the pipeline's steps use them.
    u_source, u_signed, u_lost = (pairs.draw(n, lambda g, k, p: g.random(k)) for _ in range(3))
    contact_days = pairs.draw(n, lambda g, k, p: g.gamma(2.0, model.stage_days[0] / 2.0, size=k))
    contact_steps = pairs.draw(n, lambda g, k, p: g.integers(*_STEPS, size=k))
    proposal_days = pairs.draw(n, lambda g, k, p: g.gamma(2.0, model.stage_days[1] / 2.0, size=k))
    proposal_steps = pairs.draw(n, lambda g, k, p: g.integers(*_STEPS, size=k))
    keys = np.array(list(model.sources), dtype=object)
    source_at = cdf(_shares([v[0] for v in model.sources.values()]))
    which = source_at.searchsorted(u_source, side="right")
    source = keys[which]
    conv = np.array([v[1] for v in model.sources.values()])[which]
    rep, team = ids[r], teams[r]
    lever = world.levers.factor("lead_conversion", created, rep=rep, team=team, source=source)
    signed = u_signed < np.minimum(conv * reps["skill"][r] * lever, 0.9)
    lost_at = cdf(np.array(model.lost_stage) / sum(model.lost_stage))
    lost_stage = lost_at.searchsorted(u_lost, side="right")
    reached = np.where(signed, 3, lost_stage)  # furthest stage: 0 new, 1 contacted, 2 proposal
    contacted = _after(created, contact_days, contact_steps)
    proposal = _after(contacted, proposal_days, proposal_steps)
    # The decision follows the furthest stage reached, after that stage's usual delay.
    early = [reached == 0, reached == 1]
    half_wait = np.select(early, [model.stale_days, model.stage_days[1]], model.stage_days[2]) / 2.0
    start = np.r_[0, np.cumsum(n)]
    decide_days = pairs.draw(
        n, lambda g, k, p: g.gamma(2.0, half_wait[start[p] : start[p + 1]], size=k)
    )
    decide_steps = pairs.draw(n, lambda g, k, p: g.integers(*_STEPS, size=k))
    size = pairs.draw(n, lambda g, k, p: g.lognormal(0.0, model.amount_sigma, size=k))
    u_reason = pairs.draw(n, lambda g, k, p: g.random(k))
    decided = _after(np.select(early, [created, contacted], proposal), decide_days, decide_steps)
    mult = np.array([v[2] for v in model.sources.values()])[which]
    deal = world.levers.factor("deal_size", decided, rep=rep, team=team)
    amount = model.amount_median * mult * size
    amount = np.maximum(np.round(amount * reps["skill"][r] ** 0.3 * deal, -3), 1000.0)
    reason = np.empty(len(r), dtype=object)
    for stage, shares in enumerate(LOST_REASONS):
        names = np.array(list(shares), dtype=object)
        cum = np.cumsum(list(shares.values()))
        sel = ~signed & (reached == stage)
        reason[sel] = names[
            np.minimum(np.searchsorted(cum / cum[-1], u_reason[sel]), len(names) - 1)
        ]
    return {"rep_id": rep, "rep_region": reps["region"][r], "source": source,
            "created_at": created, "reached": reached, "signed": signed,
            "contacted_at": contacted, "proposal_at": proposal, "decided_at": decided,
            "amount": amount, "reason": reason}  # fmt: skip


def _shares(weights: list[float]) -> np.ndarray:
    p = np.array(weights)
    return p / p.sum()


def _prospects(world: World, model: LeadModel, leads: pd.DataFrame) -> pd.DataFrame:
    """Prospect ids, names and regions; some leads re-open a prospect lost before."""
    n = len(leads)
    rng = stream(world.seed, Stream.LEADS, _S_REPEAT)
    lost = leads.index[~leads["signed"].to_numpy()].to_numpy()
    lost = lost[np.argsort(leads["decided_at"].to_numpy()[lost], kind="stable")]
    lost_at = leads["decided_at"].to_numpy()[lost]
    before = np.searchsorted(lost_at, leads["created_at"].to_numpy(), side="left")
    repeat = (rng.random(n) < model.repeat_share) & (before > 0)
    target = np.full(n, -1)
    target[repeat] = lost[(rng.random(repeat.sum()) * before[repeat]).astype("int64")]
    # A prospect gets at most two leads: the first re-opening wins, a re-opened lead stays single.
    again = pd.Series(target).where(target >= 0)
    dup = again.duplicated() & again.notna()
    dup |= again.isin(np.flatnonzero(repeat))
    target[dup.to_numpy()] = -1
    root = np.where(target >= 0, target, np.arange(n))
    # Places: a rep with a region recruits there; others anywhere in the country.
    rng_places = stream(world.seed, Stream.LEADS, _S_PLACES)
    places = pools.addresses(rng_places, n)
    region = places["region"].to_numpy(dtype=object)
    city = places["city"].to_numpy(dtype=object)
    own = leads["rep_region"].to_numpy(dtype=object)
    for r in sorted({x for x in own if isinstance(x, str)}):
        sel = own == r
        local = pools.addresses(rng_places, int(sel.sum()), region=r)
        region[sel], city[sel] = local["region"].to_numpy(), local["city"].to_numpy()
    names = pools.company_names(rng_places, n, model.sector, city, world.config.locale)
    order = pd.Series(np.arange(n))[root == np.arange(n)]
    number = pd.Series(np.arange(1, len(order) + 1), index=order.to_numpy())
    return pd.DataFrame(
        {
            "prospect_id": prefixed_ids("Q", number.reindex(root).to_numpy(), 6),
            "prospect_name": names[root],
            "region": region[root],
        }
    )


def simulate_leads(world: World, model: LeadModel) -> None:
    """Write ``leads`` (ids by creation time) and ``targets`` (per recruiter and month).

    Needs ``recruiter`` employees (see :meth:`LeadModel.team_specs`). Reads the levers
    ``lead_volume`` (rep, team) on the number of new leads, ``lead_conversion`` (rep, team,
    source) on the sign probability and ``deal_size`` (rep, team) on contract amounts.
    """
    reps = staff.members(world, "recruiter")
    if reps.empty:
        raise ValueError("simulate_leads needs recruiter employees")
    regions = world.tables["employees"].set_index("employee_id")["region"]
    reps = reps.assign(
        region=regions.reindex(reps["employee_id"]).to_numpy(dtype=object),
        volume=stream(world.seed, Stream.LEADS, _S_VOLUME).lognormal(0.0, 0.25, len(reps)),
    )
    months = _months(world, model.warmup_months)
    number = reps["employee_id"].str[1:].astype("int64").to_numpy()
    columns = {c: reps[c].to_numpy() for c in ("employee_id", "team", "volume", "skill")}
    columns["region"] = reps["region"].to_numpy(dtype=object)
    leads = pd.DataFrame(_pipeline(world, model, columns, number, months))
    leads = leads.sort_values(["created_at", "rep_id"], kind="stable").reset_index(drop=True)
    leads = pd.concat([leads, _prospects(world, model, leads)], axis=1)
    world.tables["leads"] = _export(world, leads)
    world.tables["targets"] = _targets(world, model, reps, months[model.warmup_months :])


def _export(world: World, leads: pd.DataFrame) -> pd.DataFrame:
    """The leads as seen at the data export: later events have not happened yet."""
    reached, signed, decided = leads["reached"], leads["signed"], leads["decided_at"]
    contacted = leads["contacted_at"].where((reached >= 1) & (leads["contacted_at"] < world.end))
    proposal = leads["proposal_at"].where((reached >= 2) & (leads["proposal_at"] < world.end))
    won = (decided < world.end) & signed
    lost = (decided < world.end) & ~signed
    stage = np.select([won, lost, proposal.notna(), contacted.notna()], [3, 4, 2, 1], 0)
    frame = pd.DataFrame(
        {
            "lead_id": prefixed_ids("L", np.arange(1, len(leads) + 1), 6),
            "prospect_id": leads["prospect_id"],
            "prospect_name": leads["prospect_name"],
            "source": leads["source"],
            "rep_id": leads["rep_id"],
            "region": leads["region"],
            "created_at": leads["created_at"],
            "contacted_at": contacted,
            "proposal_at": proposal,
            "signed_at": decided.where(won),
            "lost_at": decided.where(lost),
            "stage": _STAGES[stage],
            "contract_amount": leads["amount"].where(won),
            "lost_reason": leads["reason"].where(lost),
        }
    )
    return conform("leads", {str(c): frame[c] for c in frame.columns})


def _targets(
    world: World, model: LeadModel, reps: pd.DataFrame, months: list[Month]
) -> pd.DataFrame:
    """Monthly targets from each recruiter's volume, half-known skill and the usual conversion."""
    rng = stream(world.seed, Stream.TARGETS)
    start = np.array([lo for lo, _, _ in months], dtype="datetime64[ns]")
    act = np.array([a for _, _, a in months])
    # Last year's results reveal the team's level and part of each recruiter's own skill.
    skill = reps["skill"].to_numpy()
    team_level = reps.assign(s=skill).groupby("team")["s"].transform("mean").to_numpy()
    known = reps["volume"].to_numpy() * team_level * np.sqrt(skill / team_level)
    expected = model.leads_per_rep * np.outer(known, act)
    expected *= model.mean_conversion * model.target_stretch
    noise = rng.lognormal(0.0, 0.1, size=expected.shape)
    # Rounding up or down at random keeps small targets unbiased on the year.
    signed = np.floor(expected * noise + rng.random(expected.shape))
    signed = np.maximum(signed, 1).astype("int64")
    amount = np.round(signed * model.mean_amount, -4)
    frame = pd.DataFrame(
        {
            "employee_id": np.repeat(reps["employee_id"].to_numpy(), len(months)),
            "month": np.tile(start, len(reps)),
            "signed_target": signed.ravel(),
            "amount_target": amount.ravel(),
        }
    )
    return conform("targets", {str(c): frame[c] for c in frame.columns})
