"""Prospecting: activities on accounts, the funnel to meetings, and marketing leads.

Each week a rep makes about ``prospecting hours x activities_per_hour`` activities
(a Poisson count). Each activity goes to an account of the rep's territory, chosen
with weight ``exp(territory_focus x territory skill x icp_fit)``: a rep who plans
the territory well spends effort on high-fit accounts. An activity is a call,
email or social touch (``type_mix``) and reaches a furthest step:

* connect with probability ``connect_rate[type]``,
* then a conversation with probability ``conversation_rate``,
* then a meeting with probability ``meeting_rate x exp(skill_effect x (prospecting
  skill - 0.5)) x exp(fit_effect x (icp_fit - 0.5))``.

A meeting becomes an opportunity with probability ``meeting_to_opportunity``,
``lag_min_weeks`` to ``lag_max_weeks`` weeks later. Marketing leads arrive as a
second source (``marketing.leads_per_rep_week``), from accounts picked with weight
``exp(12 x (marketing.fit - 0.5) x (icp_fit - 0.5))``: 0.5 is the territory's mix,
lower means worse-fit leads.

None of this depends on how deals go, so it runs for all weeks before the deal loop.
"""

from __future__ import annotations

import numpy as np

from ..team import ACTIVITY_TYPES
from .population import Population
from .store import MARKETING, OUTBOUND
from .streams import Streams
from .timeline import Timeline


def pick_accounts(weights: np.ndarray, rep: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Global account index for each draw: rep ``rep[i]`` picks from its row of ``weights``.

    >>> w = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    >>> pick_accounts(w, np.array([0, 0, 1]), np.array([0.2, 0.7, 0.5])).tolist()
    [0, 2, 4]
    """
    n, a = weights.shape
    cum = np.cumsum(weights, axis=1)
    total = cum[:, -1:]
    cum = cum / np.where(total > 0, total, 1.0)
    flat = (cum + np.arange(n)[:, None]).ravel()
    pos = np.searchsorted(flat, u + rep, side="right")
    return np.minimum(pos, rep * a + a - 1)


def _cum_share(d: dict, names) -> np.ndarray:
    v = np.array([d[k] for k in names], dtype=float)
    return np.cumsum(v) / v.sum() if v.sum() > 0 else np.linspace(1 / len(v), 1, len(v))


class Funnel:
    """The prospecting output of a run: outbound opportunity candidates and activities."""

    def __init__(self, timeline: Timeline, pop: Population, skills: np.ndarray, hours: np.ndarray,
                 streams: Streams, keep_activities: bool):
        n, a = len(pop.rep_ids), pop.accounts_per_rep
        fit = pop.fit.reshape(n, a)
        reps = np.arange(n)
        cand = {"week": [], "rep": [], "account": [], "key": []}
        acts = {"rep": [], "account": [], "week": [], "type": [], "outcome": []}
        for i, w in enumerate(timeline.weeks):
            p = timeline.p(w)["prospecting"]
            gen = streams.generator("activities", w)
            counts = gen.poisson(hours[i, :, 0] * p["activities_per_hour"])
            total = int(counts.sum())
            if total == 0:
                continue
            u = gen.random((total, 3))
            rep = np.repeat(reps, counts)
            focus = p["territory_focus"] * skills[i, :, 0]
            account = pick_accounts(np.exp(focus[:, None] * fit), rep, u[:, 0])
            kind = np.searchsorted(_cum_share(p["type_mix"], ACTIVITY_TYPES), u[:, 1], side="right")
            kind = np.minimum(kind, len(ACTIVITY_TYPES) - 1)
            connect = np.array([p["connect_rate"][t] for t in ACTIVITY_TYPES])[kind]
            converse = connect * p["conversation_rate"]
            f = pop.fit[account]
            meet = p["meeting_rate"] * np.exp(p["skill_effect"] * (skills[i, rep, 1] - 0.5) + p["fit_effect"] * (f - 0.5))
            meet = converse * np.minimum(meet, 1.0)
            outcome = (u[:, 2] < connect).astype(np.int8) + (u[:, 2] < converse) + (u[:, 2] < meet)
            met = np.flatnonzero(outcome == 3)
            if met.size:
                index = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
                keys = streams.keys(np.full(met.size, OUTBOUND), rep[met], np.full(met.size, w), index[met])
                um = streams.uniforms("meetings", keys, w, 2)
                ok = um[:, 0] < p["meeting_to_opportunity"]
                span = p["lag_max_weeks"] - p["lag_min_weeks"] + 1
                lag = p["lag_min_weeks"] + np.floor(um[:, 1] * span).astype(np.int64)
                cand["week"].append((w + lag)[ok])
                cand["rep"].append(rep[met][ok])
                cand["account"].append(account[met][ok])
                cand["key"].append(keys[ok])
            if keep_activities and w >= 0:
                acts["rep"].append(rep.astype(np.int32))
                acts["account"].append(account.astype(np.int32))
                acts["week"].append(np.full(total, w, dtype=np.int32))
                acts["type"].append(kind.astype(np.int8))
                acts["outcome"].append(outcome)
        self.candidates = _sorted_by_week(cand)
        self.activities = {k: (np.concatenate(v) if v else np.empty(0, dtype=np.int32)) for k, v in acts.items()}


def marketing_leads(timeline: Timeline, pop: Population, streams: Streams) -> dict[str, np.ndarray]:
    """Marketing leads of every week: arrays ``week, rep, account, key`` sorted by week."""
    n, a = len(pop.rep_ids), pop.accounts_per_rep
    fit = pop.fit.reshape(n, a)
    out = {"week": [], "rep": [], "account": [], "key": []}
    cache: dict[float, np.ndarray] = {}
    for w in timeline.weeks:
        p = timeline.p(w)["marketing"]
        gen = streams.generator("marketing", w)
        counts = gen.poisson(np.full(n, float(p["leads_per_rep_week"])))
        total = int(counts.sum())
        if total == 0:
            continue
        u = gen.random(total)
        rep = np.repeat(np.arange(n), counts)
        if p["fit"] not in cache:
            cache[p["fit"]] = np.exp(12.0 * (p["fit"] - 0.5) * (fit - 0.5))
        account = pick_accounts(cache[p["fit"]], rep, u)
        index = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        out["week"].append(np.full(total, w))
        out["rep"].append(rep)
        out["account"].append(account)
        out["key"].append(streams.keys(np.full(total, MARKETING), rep, np.full(total, w), index))
    return _sorted_by_week(out)


def _sorted_by_week(d: dict[str, list]) -> dict[str, np.ndarray]:
    dtypes = {"week": np.int64, "rep": np.int64, "account": np.int64, "key": np.uint64}
    arrays = {k: (np.concatenate(v).astype(dtypes[k]) if v else np.empty(0, dtype=dtypes[k])) for k, v in d.items()}
    order = np.argsort(arrays["week"], kind="stable")
    return {k: v[order] for k, v in arrays.items()}


def due(batch: dict[str, np.ndarray], week: int) -> dict[str, np.ndarray]:
    """The rows of a week-sorted batch that fall in ``week``."""
    lo, hi = np.searchsorted(batch["week"], [week, week + 1])
    return {k: v[lo:hi] for k, v in batch.items()}
