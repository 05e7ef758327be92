"""Support tickets and satisfaction surveys, drawn from the month's orders and linked by cause.

Each month some delivered orders raise a ticket (more when a quality, cleanliness or delivery
problem is planted); a ticket is routed to a team and one of its agents, whose speed and skill
decide the first response, the number of contacts, the resolution and whether the customer files a
complaint. Paid orders and resolved tickets get survey responses whose scores follow the customer's
hidden satisfaction and that order's experience. Bad experiences are added to each customer's
``experience`` when they happen, which raises the churn hazard at month end.

Levers read (name: columns passed): ``ticket_rate`` (region, category, store, channel — the sales
channel), ``quality_issue`` (category, region, store), ``cleanliness`` (store), ``delivery_delay``
(region), all at the order time; ``response_delay`` (team, channel, category) and
``repeat_contact`` (category, team), at the ticket's creation. ``category`` of an order is its first
line's product category; ``channel`` of a ticket is its support channel.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from ..columns import prefixed_ids, take_text
from ..indicators import Period
from ..rng import RowDraws, Stream
from ..schema.frames import conform
from ..world import World
from .arrays import cdf, order_starts
from .orders import order_draws
from .staff import members

SUB_SCORES = ("cleanliness", "service", "location", "value", "delivery", "product_quality")
#: Chance that a ticket needs a further contact, by category, for a typical agent.
DIFFICULTY = {"delivery": 0.18, "product_quality": 0.3, "return_refund": 0.26, "billing": 0.2,
              "account": 0.16, "booking": 0.14, "cleanliness": 0.26, "facilities": 0.3,
              "technical": 0.36, "consultation": 0.08, "other": 0.16}  # fmt: skip
#: Hour-of-day weights of new tickets: office hours, a tail into the evening.
_HOURS = np.array([0.6, 0.3, 0.2, 0.1, 0.1, 0.2, 0.5, 1.5, 3, 5, 6, 6,
                   5, 5.5, 6, 6, 5.5, 5, 4.5, 4.5, 4.5, 4, 3, 1.5])  # fmt: skip
#: Latent satisfaction cut points between CSAT 1|2, 2|3, 3|4 and 4|5.
_CUTS = np.array([-1.75, -1.05, -0.3, 0.45])
#: Share of would-be 2s who answer 1: the very unhappy pick the extreme (J-shaped CSAT).
_TO_ONE = 0.6
#: NPS per CSAT (index 1-5): lowest, highest, typical value and the latent centre of the band.
_NPS_LO = np.array([0, 0, 2, 4, 6, 8])
_NPS_HI = np.array([0, 3, 5, 7, 9, 10])
_NPS_MID = np.array([0, 1.0, 3.5, 6.0, 7.8, 9.3])
_S_MID = np.array([0, -2.3, -1.4, -0.7, 0.1, 1.0])
#: Chance of a free-text comment by score band (low 1-2, mid 3, high 4-5).
_COMMENT = {"low": 0.35, "mid": 0.15, "high": 0.07}
_QUALITY = ("product_quality", "return_refund")
#: Columns of the per-month ticket rows kept until :func:`finish_service`.
_TICKET = ["tkey", "okey", "customer_id", "store_id", "channel", "category", "team", "agent_id",
           "created_at", "first_response_at", "resolved_at", "contacts", "is_complaint"]  # fmt: skip


@dataclass(frozen=True)
class TeamRule:
    """Which tickets a team takes and how fast its typical agent first answers.

    Empty ``channels`` / ``categories`` match every ticket; ``hours`` is a ``[from, to)`` range of
    local hours of ``created_at`` that may wrap midnight, e.g. ``(22, 8)`` for a night shift.
    """

    base_minutes: float
    channels: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    hours: tuple[int, int] | None = None


@dataclass(frozen=True)
class ServiceModel:
    """A profile's service organisation.

    ``teams`` route a ticket to the first team (in order) whose rule matches; tickets no rule
    matches go to the last team. Every team needs employees with role ``support_agent``.
    """

    teams: dict[str, TeamRule]
    ticket_rate: float  # tickets per delivered order before levers
    categories: dict[str, float]  # TICKET_CATEGORIES code → share
    channels: dict[str, float]  # SUPPORT_CHANNELS code → share
    survey_rate: float  # share of paid orders with a survey response
    sub_scores: tuple[str, ...]  # 1-5 sub-scores an order survey asks
    ticket_survey_rate: float | None = None  # share of resolved tickets surveyed (default above)
    # fmt: off
    #: Multiplier of the team's base response time by support channel (phone fast, email slow).
    channel_speed: dict[str, float] = field(default_factory=lambda: {
        "phone": 0.35, "online_chat": 0.8, "wechat": 1.3, "email": 6.0, "front_desk": 0.4})
    # fmt: on
    difficulty: dict[str, float] = field(default_factory=lambda: dict(DIFFICULTY))
    night_hours: tuple[int, int] = (22, 8)
    night_slowdown: float = 1.8
    no_response: float = 0.02  # chance a ticket is never answered (rises with response_delay)
    refund_boost: float = 4.0  # extra return_refund weight of a refunded order, × base weight sum
    cancelled_tickets: float = 0.15  # share of cancelled orders that may raise a ticket


# fmt: off
ECOMMERCE_SERVICE = ServiceModel(
    teams={
        "night_shift": TeamRule(20.0, channels=("phone", "online_chat", "wechat"), hours=(22, 8)),
        # A caller reaches the hotline whatever the issue; after-sales works the written
        # quality and refund tickets.
        "hotline": TeamRule(10.0, channels=("phone",)),
        "aftersales": TeamRule(14.0, categories=_QUALITY),
        "online": TeamRule(12.0),
    },
    ticket_rate=0.08,
    categories={"delivery": 0.3, "product_quality": 0.15, "return_refund": 0.2, "billing": 0.06,
                "account": 0.05, "consultation": 0.16, "other": 0.08},
    channels={"online_chat": 0.5, "phone": 0.2, "wechat": 0.2, "email": 0.1},
    survey_rate=0.12,
    sub_scores=("delivery", "product_quality", "service", "value"),
    ticket_survey_rate=0.3,
)

HOTEL_SERVICE = ServiceModel(
    teams={
        "front_desk": TeamRule(10.0, channels=("front_desk",)),
        "reservations": TeamRule(12.0, categories=("booking", "billing")),
        "guest_service": TeamRule(15.0),
    },
    ticket_rate=0.06,
    categories={"cleanliness": 0.22, "facilities": 0.22, "booking": 0.2, "billing": 0.12,
                "consultation": 0.12, "other": 0.12},
    channels={"front_desk": 0.45, "phone": 0.2, "wechat": 0.15, "online_chat": 0.1, "email": 0.1},
    survey_rate=0.2,
    sub_scores=("cleanliness", "service", "location", "value"),
    ticket_survey_rate=0.3,
)
# fmt: on


def service_hook(model: ServiceModel) -> Callable[[World, int, Period, pd.DataFrame], None]:
    """The ``service`` hook of :func:`generator.sim.consumer.run_consumer` for ``model``.

    Examples
    --------
    >>> from generator.sim.consumer import Hooks
    >>> hooks = Hooks(service=service_hook(ECOMMERCE_SERVICE))
    """
    unknown = set(model.categories) - set(model.difficulty)
    if unknown:
        raise ValueError(f"no difficulty for ticket categories {sorted(unknown)}")

    def step(world: World, m: int, month: Period, rows: pd.DataFrame) -> None:
        state = world.hidden.setdefault("service", {"tickets": [], "surveys": [], "pending": []})
        orders = _orders(world, rows)
        tickets = _tickets(world, m, model, orders)
        surveys = _surveys(world, m, model, orders, tickets)
        state["tickets"].append({k: tickets[k] for k in _TICKET})
        state["surveys"].append(surveys)
        state["pending"].append(_experience(tickets, surveys))
        _feel(world, month, state)

    return step


#: Rows as named numpy arrays of one length: the month's orders, tickets and responses are
#: filtered and extended column by column, which costs far less than DataFrame operations.
Cols = dict[str, np.ndarray]


def _take(cols: Cols, at: np.ndarray) -> Cols:
    return {k: v[at] for k, v in cols.items()}


def _concat(parts: list[Cols]) -> Cols:
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def _size(cols: Cols) -> int:
    return len(next(iter(cols.values())))


def _orders(world: World, rows: pd.DataFrame) -> Cols:
    """One row per order (its first line's category) with the order-level levers."""
    okey = rows["okey"].to_numpy()
    first = order_starts(okey)
    o = {c: rows[c].to_numpy()[first] for c in ("okey", "cidx", "customer_id", "ordered_at",
                                                  "status", "paid_at", "category", "region",
                                                  "channel")}  # fmt: skip
    gross = _order_sums(rows["quantity"].to_numpy() * rows["unit_price"].to_numpy(), first)
    discount = _order_sums(rows["discount"].to_numpy(dtype="float64"), first)
    o["discount_rate"] = discount / np.maximum(gross, 0.01)
    n = len(first)
    o["store"] = (
        rows["store_id"].to_numpy()[first] if "store_id" in rows else np.full(n, None, dtype=object)
    )
    t, lv = o["ordered_at"], world.levers
    o["q"] = lv.factor(
        "quality_issue", t, category=o["category"], region=o["region"], store=o["store"]
    )
    o["c"] = lv.factor("cleanliness", t, store=o["store"])
    o["d"] = lv.factor("delivery_delay", t, region=o["region"])
    return o


def _order_sums(values: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Each order's sum of its rows' ``values`` (rows of an order together, starting at
    ``first``), added in row order with Kahan compensation, as pandas' groupby sum adds; missing
    values are skipped."""
    lines = np.diff(np.r_[first, len(values)])
    total, compensation = np.zeros(len(first)), np.zeros(len(first))
    for k in range(int(lines.max()) if len(lines) else 0):
        at = np.flatnonzero(lines > k)
        value = values[first[at] + k]
        at, value = at[~np.isnan(value)], value[~np.isnan(value)]
        y = value - compensation[at]
        t = total[at] + y
        c = t - total[at] - y
        compensation[at] = np.where(np.isnan(c), 0.0, c)  # an infinite value: no compensation
        total[at] = t
    return total


def _route(model: ServiceModel, channel: np.ndarray, category: np.ndarray, hour: np.ndarray):
    team = np.full(len(channel), list(model.teams)[-1], dtype=object)
    free = np.ones(len(channel), dtype=bool)
    for name, rule in model.teams.items():
        hit = free.copy()
        if rule.channels:
            hit &= np.isin(channel, rule.channels)
        if rule.categories:
            hit &= np.isin(category, rule.categories)
        if rule.hours is not None:
            hit &= _in_hours(hour, rule.hours)
        team[hit], free[hit] = name, False
    return team


def _in_hours(hour: np.ndarray, span: tuple[int, int]) -> np.ndarray:
    a, b = span
    return (hour >= a) & (hour < b) if a <= b else (hour >= a) | (hour < b)


def _crews(world: World) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Support agents by team: (employee ids, skills, stores), read once per case."""
    cached = world.hidden.get("service_crews")
    if cached is not None and cached[0] is world.tables["employees"]:
        return cached[1]
    staff = members(world, "support_agent")
    where = world.tables["employees"].set_index("employee_id")["store_id"]
    store = where.reindex(staff["employee_id"]).to_numpy(dtype=object)
    team, ids, skill = (staff[c].to_numpy() for c in ("team", "employee_id", "skill"))
    crews = {
        name: (ids[team == name].astype(object), skill[team == name], store[team == name])
        for name in pd.unique(team)
    }
    world.hidden["service_crews"] = (world.tables["employees"], crews)
    return crews


def _agents(world: World, r: RowDraws, team: np.ndarray, store: np.ndarray):
    """An agent of each ticket's team; of the ticket's store when the team's agents have one."""
    crews = _crews(world)
    agent = np.empty(len(team), dtype=object)
    skill = np.ones(len(team))
    for name in np.unique(team):
        if name not in crews:
            raise ValueError(f"support team {name!r} has no support_agent employees")
        ids, skills, stores = crews[name]
        sel = np.flatnonzero(team == name)
        pick = r.take(sel).integers(0, len(ids))
        bound = not pd.isna(stores).any()
        if bound:
            here = store[sel].astype(str)
            for s in np.unique(here):
                local = np.flatnonzero(stores == s)
                rows = sel[here == s]
                if len(local):  # tickets of a hotel are handled by that hotel's own staff
                    pick[np.searchsorted(sel, rows)] = local[r.take(rows).integers(0, len(local))]
        agent[sel] = ids[pick]
        skill[sel] = skills[pick]
    return agent, skill


def _lookup(keys: np.ndarray, table: dict[str, float], default: float = np.nan) -> np.ndarray:
    codes, uniques = pd.factorize(np.asarray(keys, dtype=object))
    values = np.array([table.get(u, default) for u in uniques] + [default], dtype="float64")
    return values[codes]


def _draw(r: RowDraws, shares: dict[str, float]) -> np.ndarray:
    keys = np.array(list(shares), dtype=object)
    return keys[r.index(cdf(np.array(list(shares.values()), dtype="float64")))]


def _raise(world: World, r: RowDraws, model: ServiceModel, o: Cols) -> tuple[Cols, RowDraws]:
    """Which orders raise a ticket, of which category, and when (after the order)."""
    n, status = _size(o), o["status"]
    cats = np.array(list(model.categories), dtype=object)
    w0 = np.array(list(model.categories.values()), dtype="float64")
    w = np.tile(w0, (n, 1))
    # Planted causes add tickets of their own kind, and refunds bring return tickets.
    for k, cat in enumerate(cats):
        cause = "q" if cat in _QUALITY else {"cleanliness": "c", "delivery": "d"}.get(cat)
        if cause is not None:
            w[:, k] *= o[cause]
        if cat == "return_refund":
            w[:, k] += model.refund_boost * w0.sum() * (status == "refunded")
    lever = world.levers.factor(
        "ticket_rate", o["ordered_at"], region=o["region"], category=o["category"],
        store=o["store"], channel=o["channel"],
    )  # fmt: skip
    p = np.minimum(model.ticket_rate * lever * w.sum(axis=1) / w0.sum(), 0.95)
    p = np.where(status == "cancelled", p * model.cancelled_tickets, p)
    hit = r.random() < p
    t, w, r = _take(o, hit), w[hit], r.take(hit)
    cum = np.cumsum(w, axis=1)
    pos = ((r.random() * cum[:, -1])[:, None] >= cum).sum(axis=1)
    t["category"] = cats[np.minimum(pos, len(cats) - 1)]
    # Created on a day after payment (at an office-hours time), or within hours of it.
    paid = t["paid_at"]
    ref = np.where(np.isnat(paid), t["ordered_at"], paid).astype("datetime64[s]")
    days = np.minimum(np.floor(r.lognormal(np.log(1.2), 1.0)), 30).astype("timedelta64[D]")
    secs = r.index(cdf(_HOURS)) * 3600 + r.integers(0, 3600)
    created = ref.astype("datetime64[D]") + days + secs.astype("timedelta64[s]")
    soon = ref + r.integers(300, 7200).astype("timedelta64[s]")
    t["created_at"] = np.where(created <= ref, soon, created)
    t["channel"] = _draw(r, model.channels)  # the support channel from here on
    return t, r


def _hour(times: np.ndarray) -> np.ndarray:
    """Hour of the day of each timestamp."""
    t = times.astype("datetime64[s]")
    return ((t - t.astype("datetime64[D]")) // np.timedelta64(1, "h")).astype("int64")


def _tickets(world: World, m: int, model: ServiceModel, o: Cols) -> Cols:
    """The month's tickets, handled: team, agent, response, contacts, resolution, complaint."""
    t, r = _raise(world, order_draws(world, Stream.TICKETS, o["okey"], m), model, o)
    lv = world.levers
    created, channel, category = t["created_at"], t["channel"], t["category"]
    hour = _hour(created)
    t["team"] = team = _route(model, channel, category, hour)
    t["agent_id"], skill = _agents(world, r, team, t["store"])
    # First response: the team's typical speed, the channel, the agent, the night, the levers.
    speed = {name: rule.base_minutes for name, rule in model.teams.items()}
    base = _lookup(team, speed) * _lookup(channel, model.channel_speed, 1.0)
    delay = lv.factor("response_delay", created, team=team, channel=channel, category=category)
    night = np.where(_in_hours(hour, model.night_hours), model.night_slowdown, 1.0)
    minutes = np.maximum(base * night * delay / skill * r.lognormal(0, 0.9), 0.25)
    silent = r.random() < np.minimum(model.no_response * delay, 0.3)
    t["minutes"] = minutes = np.where(silent, 1440.0, minutes)  # felt as a day's wait
    # Contacts: hard categories, weak agents and slow first answers need more of them.
    diff = _lookup(category, model.difficulty)
    repeat = lv.factor("repeat_contact", created, category=category, team=team)
    more = np.clip(diff * repeat / skill * (1 + 0.6 * np.log1p(minutes / 60)), 0.0, 0.9)
    t["extra"] = extra = r.geometric(1 - more) - 1
    t["contacts"] = 1 + extra
    unresolved = silent | (r.random() < np.minimum(0.025 + 0.05 * extra, 0.6))
    handle = r.lognormal(np.log(25), 1.0) + r.gamma(np.maximum(extra, 1e-9), 20 * 60)
    first = created + (minutes * 60).astype("timedelta64[s]")
    resolved = first + (handle * 60).astype("timedelta64[s]")
    # Complaints: slow, repeated, unsolved, quality or cleanliness problems, unhappy customers.
    sat = world.hidden["customers"]["satisfaction"].to_numpy()[t["cidx"]]
    feel = np.isin(category, ("product_quality", "cleanliness"))
    logit = (-2.6 + 0.45 * np.log1p(minutes / 30) + 0.55 * extra + 1.0 * unresolved + 0.8 * feel
             + 0.5 * np.log(t["q"] * t["c"]) - 0.3 * sat)  # fmt: skip
    t["is_complaint"] = r.random() < 1 / (1 + np.exp(-logit))
    # What happens after the export is not known yet.
    end, nat = np.datetime64(world.end), np.datetime64("NaT")
    t["first_response_at"] = first = np.where(silent | (first >= end), nat, first)
    t["resolved_at"] = np.where(unresolved | (resolved >= end) | np.isnat(first), nat, resolved)
    t["tkey"] = t["okey"]  # an order raises at most one ticket
    t["store_id"] = t["store"]
    return _take(t, created < end)


def _ticket_terms(t: Cols) -> np.ndarray:
    """How a ticket's handling moves the customer's latent satisfaction (always ≤ 0)."""
    return -(0.6 * np.log1p(t["minutes"] / 30) + 0.3 * t["extra"] + 0.8 * np.isnat(t["resolved_at"])
             + 0.5 * t["is_complaint"]).astype("float64")  # fmt: skip


_SURVEY = ["okey", "tkey", "cidx", "customer_id", "store_id", "responded_at", "latent",
           "service_pull", "q", "c", "d", "discount_rate"]  # fmt: skip


def _respondents(world: World, m: int, model: ServiceModel, o: Cols, tk: Cols) -> Cols:
    """Who answers a survey, when, and the experience (latent shift) behind the answer."""
    # Order surveys: paid orders, days after payment; a ticket counts if it came before.
    r = order_draws(world, Stream.SURVEYS, o["okey"], m)
    asked = (o["status"] == "paid") & (r.random() < model.survey_rate)
    a = _take(o, asked)
    n_a = _size(a)
    wait = r.take(asked).lognormal(np.log(4 * 86400), 0.6).astype("timedelta64[s]")
    a["responded_at"] = a["paid_at"] + wait
    a["tkey"] = np.full(n_a, np.nan)
    a["store_id"] = a["store"]
    terms = np.zeros(n_a)
    if _size(tk):  # the order's ticket, if it has one
        at = pd.Index(tk["okey"]).get_indexer(pd.Index(a["okey"]))
        j = np.maximum(at, 0)
        before = (at >= 0) & (tk["created_at"][j] < a["responded_at"])
        terms = np.where(before, _ticket_terms(tk)[j] - 0.3, 0.0)
    a["latent"], a["service_pull"] = 0.8 + terms, 0.6 * terms
    # Ticket surveys: resolved tickets, hours after resolution; they ask about the service.
    rate = model.ticket_survey_rate if model.ticket_survey_rate is not None else model.survey_rate
    r = order_draws(world, Stream.SURVEYS, tk["okey"], m, 1)
    asked = ~np.isnat(tk["resolved_at"]) & (r.random() < rate)
    b = _take(tk, asked)
    n_b = _size(b)
    wait = r.take(asked).lognormal(np.log(3 * 3600), 1.0).astype("timedelta64[s]")
    terms = _ticket_terms(b)
    b["responded_at"] = b["resolved_at"] + wait
    b["latent"], b["service_pull"] = 0.7 + terms, 0.6 * terms
    b["tkey"], b["discount_rate"] = b["tkey"].astype("float64"), np.zeros(n_b)
    return _concat([{k: a[k] for k in _SURVEY}, {k: b[k] for k in _SURVEY}])


def _surveys(world: World, m: int, model: ServiceModel, o: Cols, tk: Cols) -> Cols:
    """The month's survey responses: CSAT (J-shaped), NPS, sub-scores and a few comments.

    Sub-scores a response does not have are NaN (whole numbers otherwise).
    """
    s = _respondents(world, m, model, o, tk)
    s = _take(s, s["responded_at"] < np.datetime64(world.end))
    r = order_draws(world, Stream.SURVEYS, s["okey"], m, 2)
    sat = world.hidden["customers"]["satisfaction"].to_numpy()[s["cidx"]]
    q, c, d = (np.log(s[x].astype("float64")) for x in ("q", "c", "d"))
    noise = r.normal(0, 0.75 / np.sqrt(world.signal))
    latent = s["latent"] + 0.6 * sat - 0.7 * (q + c) - 0.5 * d + noise
    csat = np.searchsorted(_CUTS, latent) + 1
    csat = np.where((csat == 2) & (r.random() < _TO_ONE), 1, csat)
    nps = _NPS_MID[csat] + 1.5 * (latent - _S_MID[csat]) + r.normal(0, 0.7)
    s["csat"], s["nps"] = csat, np.clip(np.round(nps), _NPS_LO[csat], _NPS_HI[csat]).astype(int)
    # Sub-scores follow the overall score; each planted cause pulls its own one further down.
    pulls = {"cleanliness": -0.9 * c, "product_quality": -0.9 * q, "delivery": -0.9 * d,
             "service": s["service_pull"],
             "value": 1.5 * s["discount_rate"].astype("float64")}  # fmt: skip
    from_order = np.isnan(s["tkey"])
    asked = [k for k in SUB_SCORES if k in model.sub_scores]
    for k in SUB_SCORES:
        on = (from_order | (k == "service")) & (k in asked)
        score = np.searchsorted(_CUTS, latent + pulls.get(k, 0.0) + r.normal(0, 0.6)) + 1
        s[k] = np.where(on, score, np.nan)
    s["comment"] = _comments(r, world.config.locale, s, asked)
    for k in ("latent", "service_pull", "q", "c", "d", "discount_rate"):
        del s[k]
    return s


@cache
def _templates() -> dict[tuple[str, str, str], np.ndarray]:
    """Comment texts by (locale, score band, topic), in the file's order."""
    path = resources.files("generator") / "data" / "comments.csv"
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
        grouped.setdefault((row["locale"], row["band"], row["topic"]), []).append(row["text"])
    return {k: np.array(v, dtype=object) for k, v in grouped.items()}


def _texts(locale: str, band: str, topic: str) -> np.ndarray:
    """Comment texts of a score band and topic (the band's general ones when it has none)."""
    lib = _templates()
    return lib.get((locale, band, topic), lib.get((locale, band, "general"), _NO_TEXT))


_NO_TEXT = np.array([], dtype=object)


def _comments(r: RowDraws, locale: str, s: Cols, asked: list[str]):
    """Short comments for a minority of responses, on the worst (or best) sub-score asked."""
    csat = s["csat"]
    n = len(csat)
    band = np.where(csat <= 2, "low", np.where(csat == 3, "mid", "high"))
    chance = _lookup(band, _COMMENT)
    topic = np.full(n, "general", dtype=object)
    if asked:
        scores = np.column_stack([np.where(np.isnan(s[k]), 3.0, s[k]) for k in asked])
        worst = np.array(asked, dtype=object)[scores.argmin(axis=1)]
        best = np.array(asked, dtype=object)[scores.argmax(axis=1)]
        pick = np.where(band == "high", best, worst)
        topic = np.where(r.random() < 0.6, pick, topic)
    write = r.random() < chance
    u = r.random()
    out = np.full(n, None, dtype=object)
    for b in _COMMENT:
        for tp in np.unique(topic[write & (band == b)]):
            idx = np.flatnonzero(write & (band == b) & (topic == tp))
            texts = _texts(locale, b, tp)
            out[idx] = texts[(u[idx] * len(texts)).astype(int)]
    return out


def _experience(t: Cols, s: Cols) -> Cols:
    """What each customer feels and when: slow, unanswered, unresolved, complaint, a 1-2 or a 5."""
    unresolved = np.isnat(t["resolved_at"])
    bad = (0.5 * np.log1p(t["minutes"] / 60) + 0.8 * unresolved
           + 0.5 * t["is_complaint"] + 0.2 * t["extra"])  # fmt: skip
    when = np.where(unresolved, t["created_at"] + np.timedelta64(3, "D"), t["resolved_at"])
    score = np.where(s["csat"] <= 2, -0.6, np.where(s["csat"] == 5, 0.1, 0.0))
    return {
        "cidx": np.concatenate([t["cidx"], s["cidx"]]),
        "amount": np.concatenate([-bad.astype("float64"), score]),
        "at": np.concatenate([when.astype("datetime64[s]"), s["responded_at"]]),
    }


def _feel(world: World, month: Period, state: dict) -> None:
    """Add to ``experience`` every feeling that happened before the end of this month."""
    pending = _concat(state["pending"])
    now = pending["at"] < np.datetime64(month.end)
    cust = world.hidden["customers"]
    experience = cust["experience"].to_numpy(dtype="float64").copy()
    np.add.at(experience, pending["cidx"][now], pending["amount"][now])
    cust["experience"] = experience
    state["pending"] = [_take(pending, ~now)]


def _text_at(ids: pd.Series, keys: np.ndarray, wanted: np.ndarray) -> pd.Series | np.ndarray:
    """``ids`` (one per key of ``keys``) at the ``wanted`` keys, missing where a key is absent."""
    at = pd.Index(keys).get_indexer(pd.Index(wanted))
    return take_text(ids, np.maximum(at, 0), at >= 0)


def finish_service(world: World) -> None:
    """Write ``support_tickets`` and ``survey_responses`` from the simulated months.

    Call after :func:`generator.sim.consumer.run_consumer` (which numbers the orders): tickets are
    numbered by ``created_at``, responses by ``responded_at``.
    """
    state = world.hidden.get("service")
    if not state or not state["tickets"]:
        raise ValueError("finish_service needs the service hook to have run for at least a month")
    okeys = world.hidden["order_ids"]
    t = _concat(state["tickets"])
    t = _take(t, np.lexsort((t["tkey"], t["created_at"])))
    ids = prefixed_ids("T", np.arange(1, len(t["tkey"]) + 1), 7)
    world.tables["support_tickets"] = conform(
        "support_tickets",
        {
            "ticket_id": ids,
            "order_id": _text_at(okeys, okeys.index.to_numpy(), t["okey"]),
            **{c: t[c] for c in _TICKET[2:]},
        },
    )
    s = _concat(state["surveys"])
    s["tkey"] = np.where(np.isnan(s["tkey"]), -1, s["tkey"]).astype("int64")
    s = _take(s, np.lexsort((s["okey"], s["tkey"], s["responded_at"])))
    cols = ["customer_id", "store_id", "responded_at", "csat", "nps", *SUB_SCORES, "comment"]
    world.tables["survey_responses"] = conform(
        "survey_responses",
        {
            "response_id": prefixed_ids("R", np.arange(1, len(s["okey"]) + 1), 7),
            "order_id": _text_at(okeys, okeys.index.to_numpy(), s["okey"]),
            "ticket_id": _text_at(ids, t["tkey"], s["tkey"]),
            **{c: s[c] for c in cols},
        },
    )
