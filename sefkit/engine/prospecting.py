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

from ..data.team import ACTIVITY_TYPES
from .population import Population
from .skills import SKILL
from .store import MARKETING, OUTBOUND
from .streams import Streams, poisson
from .timeline import Timeline

_CHUNK_ACTIVITIES = 1_000_000


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
    """The prospecting output of a run: outbound candidates, marketing leads and activities.

    Weeks are processed in chunks that share parameters (one vectorised pass per
    chunk, about a million activities at most, to bound memory). Every random
    number is keyed by what it is for (a rep's week, one activity, one lead), so
    changing one rep's prospecting hours changes neither the marketing leads nor
    any other rep's activities (common random numbers). A week's output
    depends only on that week's skills, hours and parameters, so the funnel of the
    weeks from ``first_week`` on (a run resumed at a checkpoint) is the same as that
    part of the funnel of every week, in the same order.

    ``candidates`` (outbound opportunities: ``week`` they arrive, ``met`` the week of
    the meeting, ``rep``, ``account``, ``key``) and ``marketing`` are sorted by week;
    ``skills`` and ``hours`` cover every simulated week, warm-up included.
    """

    def __init__(self, timeline: Timeline, pop: Population, skills: np.ndarray, hours: np.ndarray,
                 streams: Streams, keep_activities: bool, first_week: int | None = None):
        self.tl, self.pop, self.streams = timeline, pop, streams
        n, a = len(pop.rep_ids), pop.accounts_per_rep
        self.fit = pop.fit.reshape(n, a)
        self.rep_keys = streams.keys(np.arange(n))
        self.cand: dict[str, list] = {"week": [], "met": [], "rep": [], "account": [], "key": []}
        self.mkt: dict[str, list] = {"week": [], "rep": [], "account": [], "key": []}
        self.acts: dict[str, list] = {"rep": [], "account": [], "week": [], "type": [], "outcome": []}
        weeks = list(range(timeline.first_week if first_week is None else first_week, timeline.n_weeks))
        rows = np.array(weeks, dtype=np.int64) - timeline.first_week  # each week's row of skills and hours
        per_week = max(1.0, float(hours[:, :, 0].sum(axis=1).max()) * 20.0)  # generous activities per week
        most = max(1, int(_CHUNK_ACTIVITIES // per_week))
        start = 0
        for i, w in enumerate(weeks):
            nxt = weeks[i + 1] if i + 1 < len(weeks) else None
            if nxt is None or i + 1 - start >= most or timeline.p(nxt) is not timeline.p(w):
                chunk = rows[start:i + 1]
                self._chunk(weeks[start:i + 1], skills[chunk], hours[chunk], keep_activities)
                start = i + 1
        self.candidates = _sorted_by_week(self.cand)
        self.marketing = _sorted_by_week(self.mkt)
        self.activities = {k: (np.concatenate(v) if v else np.empty(0, dtype=np.int32)) for k, v in self.acts.items()}
        del self.acts, self.cand, self.mkt

    def _chunk(self, weeks: list[int], skills: np.ndarray, hours: np.ndarray, keep: bool) -> None:
        """Draw and process the activities and marketing leads of consecutive weeks with the same parameters."""
        p = self.tl.p(weeks[0])
        pp, mp = p["prospecting"], p["marketing"]
        n = len(self.pop.rep_ids)
        streams = self.streams
        week_arr = np.array(weeks)
        # counts per week and rep from uniforms keyed by the rep and the week (common random numbers:
        # one rep's hours never move another rep's draws)
        u = np.stack([streams.uniforms("prospecting", self.rep_keys, w, 4) for w in weeks])  # (k, n, 4)
        mc = poisson(np.full((len(weeks), n), float(mp["leads_per_rep_week"])), u[:, :, 0], u[:, :, 2])
        ac = poisson(hours[:, :, 0] * pp["activities_per_hour"], u[:, :, 1], u[:, :, 3])
        # marketing leads
        total = int(mc.sum())
        if total:
            group = np.repeat(np.arange(mc.size), mc.ravel())
            rep, wk = group % n, week_arr[group // n]
            weights = np.exp(12.0 * (mp["fit"] - 0.5) * (self.fit - 0.5))
            index = np.arange(total) - np.repeat(np.cumsum(mc.ravel()) - mc.ravel(), mc.ravel())
            keys = streams.keys(np.full(total, MARKETING), rep, wk, index)
            account = pick_accounts(weights, rep, streams.uniforms("lead_accounts", streams.future(keys, wk), 0, 1)[:, 0])
            self.mkt["week"].append(wk)
            self.mkt["rep"].append(rep)
            self.mkt["account"].append(account)
            self.mkt["key"].append(keys)
        # activities
        total = int(ac.sum())
        if not total:
            return
        group = np.repeat(np.arange(ac.size), ac.ravel())  # week-in-chunk * n + rep
        rep, k_idx = group % n, group // n
        wk = week_arr[k_idx]
        # each activity's own numbers, keyed by rep, week and its place in the rep's week
        index = np.arange(total) - np.repeat(np.cumsum(ac.ravel()) - ac.ravel(), ac.ravel())
        act_keys = streams.keys(np.full(total, OUTBOUND), rep, wk, index)
        u = streams.uniforms("activities", streams.future(act_keys, wk), 0, 3)
        focus = pp["territory_focus"] * skills[:, :, SKILL.territory].ravel()  # per group
        local = pick_accounts(np.exp(focus[:, None] * np.tile(self.fit, (len(weeks), 1))), group, u[:, 0])
        account = local - k_idx * n * self.pop.accounts_per_rep
        kind = np.searchsorted(_cum_share(pp["type_mix"], ACTIVITY_TYPES), u[:, 1], side="right")
        kind = np.minimum(kind, len(ACTIVITY_TYPES) - 1)
        connect = np.array([pp["connect_rate"][t] for t in ACTIVITY_TYPES])[kind]
        converse = connect * pp["conversation_rate"]
        f = self.pop.fit[account]
        meet = pp["meeting_rate"] * np.exp(pp["skill_effect"] * (skills[k_idx, rep, SKILL.prospecting] - 0.5) + pp["fit_effect"] * (f - 0.5))
        meet = converse * np.minimum(meet, 1.0)
        outcome = (u[:, 2] < connect).astype(np.int8) + (u[:, 2] < converse) + (u[:, 2] < meet)
        met = np.flatnonzero(outcome == 3)
        if met.size:
            keys = act_keys[met]
            um = streams.uniforms("meetings", streams.future(keys, wk[met]), 0, 2)
            ok = um[:, 0] < pp["meeting_to_opportunity"]
            span = pp["lag_max_weeks"] - pp["lag_min_weeks"] + 1
            lag = pp["lag_min_weeks"] + np.floor(um[:, 1] * span).astype(np.int64)
            self.cand["week"].append((wk[met] + lag)[ok])
            self.cand["met"].append(wk[met][ok])
            self.cand["rep"].append(rep[met][ok])
            self.cand["account"].append(account[met][ok])
            self.cand["key"].append(keys[ok])
        if keep:
            sel = wk >= 0
            self.acts["rep"].append(rep[sel].astype(np.int16 if n < 32_000 else np.int32))
            self.acts["account"].append(account[sel].astype(np.int32))
            self.acts["week"].append(wk[sel].astype(np.int16))
            self.acts["type"].append(kind[sel].astype(np.int8))
            self.acts["outcome"].append(outcome[sel])


def _sorted_by_week(d: dict[str, list]) -> dict[str, np.ndarray]:
    dtypes = {"week": np.int64, "met": np.int64, "rep": np.int64, "account": np.int64, "key": np.uint64}
    arrays = {k: (np.concatenate(v).astype(dtypes[k]) if v else np.empty(0, dtype=dtypes[k])) for k, v in d.items()}
    order = np.argsort(arrays["week"], kind="stable")
    return {k: v[order] for k, v in arrays.items()}

